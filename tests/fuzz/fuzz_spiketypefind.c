/* gst-neuroviz — libFuzzer target: the spike-list typefinders
 * (gst-plugins/neurotypefind.c: NEST and CSV/TSV text), on input of known
 * and of unknown length, as typefind and decodebin call them.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gst/gst.h>

#include "neurotypefind.h"

typedef struct
{
  const uint8_t *data;
  size_t size;
  gboolean known_length;
  GstTypeFindProbability best;
  int suggestions;
} Input;

static const guint8 *
input_peek (gpointer user_data, gint64 offset, guint len)
{
  Input *in = user_data;

  if (offset < 0 || (guint64) offset > in->size
      || len > in->size - (guint64) offset)
    return NULL;
  return in->data + offset;
}

static void
input_suggest (gpointer user_data, guint prob, GstCaps * caps)
{
  Input *in = user_data;
  const gchar *name = gst_structure_get_name (gst_caps_get_structure (caps,
          0));

  /* only its own types, at a probability it may claim */
  if (strcmp (name, NEURO_TYPEFIND_NEST_SPIKES) != 0
      && strcmp (name, NEURO_TYPEFIND_CSV_SPIKES) != 0)
    abort ();
  if (prob <= GST_TYPE_FIND_POSSIBLE || prob > GST_TYPE_FIND_NEARLY_CERTAIN)
    abort ();
  in->best = MAX (in->best, prob);
  in->suggestions++;
}

static guint64
input_length (gpointer user_data)
{
  Input *in = user_data;

  return in->known_length ? in->size : 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  static GstTypeFindFactory *factories[2];
  int known, i;

  if (factories[0] == NULL) {
    gst_init (NULL, NULL);
    GST_TYPE_FIND_REGISTER (nestspikes, NULL);
    GST_TYPE_FIND_REGISTER (csvspikes, NULL);
    factories[0] = GST_TYPE_FIND_FACTORY (gst_registry_lookup_feature
        (gst_registry_get (), NEURO_TYPEFIND_NEST_SPIKES));
    factories[1] = GST_TYPE_FIND_FACTORY (gst_registry_lookup_feature
        (gst_registry_get (), NEURO_TYPEFIND_CSV_SPIKES));
    if (factories[0] == NULL || factories[1] == NULL)
      abort ();
  }
  for (known = 0; known < 2; known++) {
    Input in = { data, size, known, GST_TYPE_FIND_NONE, 0 };
    GstTypeFind tf = { input_peek, input_suggest, &in, input_length, };

    for (i = 0; i < 2; i++)
      gst_type_find_factory_call_function (factories[i], &tf);
    /* one kind or the other, never both */
    if (in.suggestions > 1)
      abort ();
  }
  return 0;
}
