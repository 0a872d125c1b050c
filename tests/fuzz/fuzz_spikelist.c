/* libFuzzer target: CSV/TSV/NEST text spike lists. */
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
  }
  spikelist_clear (&sl);
  return 0;
}
