/* gst-neuroviz — libFuzzer target: ZIP directory reader, inflate and the .npy
 * headers of the members (what neurofilesrc does with an .npz).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "npyformat.h"
#include "zipdir.h"

typedef struct
{
  uint8_t head[4096];
  size_t len;
  uint64_t total;
} Sink;

static int
sink (void *user_data, const uint8_t * data, size_t len)
{
  Sink *s = user_data;

  if (s->len < sizeof (s->head)) {
    size_t k = sizeof (s->head) - s->len < len ? sizeof (s->head) - s->len :
        len;
    memcpy (s->head + s->len, data, k);
    s->len += k;
  }
  s->total += len;
  /* stop zip bombs: the element would write them to a temporary file */
  return s->total > (8u << 20);
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  ZipEntry *ents = NULL;
  size_t n = 0, i;
  char err[256];

  if (zip_read_directory (data, size, &ents, &n, err, sizeof (err)) != 0)
    return 0;
  for (i = 0; i < n && i < 8; i++) {
    Sink s = { {0}, 0, 0 };
    NpyHeader h;

    if (ents[i].data_offset + ents[i].comp_size > size)
      abort ();
    if (zip_find (ents, n, ents[i].name) == NULL)
      abort ();
    if (zip_extract (data, size, &ents[i], sink, &s, err, sizeof (err)) != 0)
      continue;
    npy_parse_header (s.head, s.len, &h, err, sizeof (err));
  }
  free (ents);
  return 0;
}
