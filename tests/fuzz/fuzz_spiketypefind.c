/* gst-neuroviz — libFuzzer target: the spike-list typefinders' scanner
 * (gst-plugins/neurotypefind.c: NEST and CSV/TSV text), on input that is
 * the whole stream and on input cut by a peek.  The scanner needs GLib
 * only: no gst_init, whose quark tables LeakSanitizer would report.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>

#include "neurotypefind.h"

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  int whole;

  for (whole = 0; whole < 2; whole++) {
    GstTypeFindProbability prob = GST_TYPE_FIND_NONE;
    NeuroSpikeText k = neuro_type_find_spike_text (data, size, whole, &prob);

    /* a claim comes with a probability above text/plain's, at most nearly
     * certain; no claim with none */
    if (k == NEURO_SPIKE_TEXT_NONE ? prob != GST_TYPE_FIND_NONE :
        (k != NEURO_SPIKE_TEXT_NEST && k != NEURO_SPIKE_TEXT_CSV)
        || prob <= GST_TYPE_FIND_POSSIBLE
        || prob > GST_TYPE_FIND_NEARLY_CERTAIN)
      abort ();
  }
  return 0;
}
