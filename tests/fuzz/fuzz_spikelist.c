/* gst-neuroviz — libFuzzer target: CSV/TSV/NEST text spike lists.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "spikelist.h"

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  SpikeList sl;
  char err[256];
  size_t i;

  spikelist_looks_like_text (data, size);
  if (spikelist_parse ((const char *) data, size, &sl, err,
          sizeof (err)) == 0) {
    if (sl.n == 0)
      abort ();
    spikelist_sort (&sl);
    for (i = 0; i < sl.n; i++) {
      if (!isfinite (sl.rec[i].t) || sl.rec[i].unit < 0
          || sl.rec[i].unit > sl.max_unit)
        abort ();
      if (i > 0 && sl.rec[i].t < sl.rec[i - 1].t)
        abort ();
    }
    {
      SpikeTimeStats st;
      char why[256];
      SpikeListTimeUnit u;

      spike_times_init (&st);
      for (i = 0; i < sl.n; i++)
        spike_times_add (&st, sl.rec[i].t, 2.3e-16);
      u = spike_times_guess_unit (&st, sl.max_unit + 1, why, sizeof (why));
      if (u != SPIKELIST_UNIT_S && u != SPIKELIST_UNIT_MS
          && u != SPIKELIST_UNIT_UNKNOWN)
        abort ();
    }
  }
  spikelist_clear (&sl);
  return 0;
}
