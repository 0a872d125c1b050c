/* gst-neuroviz — libFuzzer target: .npy header parser and element access
 * (gst-plugins/formats/npyformat.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "npyformat.h"

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  NpyHeader h;
  char err[256];
  uint64_t i, n, idx[NPY_MAX_DIMS] = { 0 };
  double sum = 0;

  if (npy_parse_header (data, size, &h, err, sizeof (err)) != NPY_OK)
    return 0;
  if (npy_check_size (&h, size, err, sizeof (err)) != 0)
    return 0;
  /* every element must lie inside the buffer */
  n = h.count < 4096 ? h.count : 4096;
  for (i = 0; i < n; i++) {
    sum += npy_get_double (&h, data + h.header_size, i);
    sum += (double) npy_get_int64 (&h, data + h.header_size, i);
  }
  if (h.count > 0) {
    int d;
    for (d = 0; d < h.ndim; d++)
      idx[d] = h.shape[d] - 1;
    if (npy_memory_index (&h, idx) >= h.count)
      abort ();
    if (h.ndim == 2 && npy_index2 (&h, h.shape[0] - 1, h.shape[1] - 1)
        >= h.count)
      abort ();
  }
  (void) sum;
  return 0;
}
