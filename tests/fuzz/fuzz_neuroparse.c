/* gst-neuroviz — libFuzzer target: the property string parsers (colours,
 * colour properties, colour lists, unit/channel ranges, colour groups).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "neuroprops.h"

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  gchar *s = g_strndup ((const gchar *) data, size);
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  GError *err = NULL;
  guint32 c = 0;
  gint64 a = 0, b = 0;
  guint i;

  /* every failure says why; every success leaves no error */
  if (!neuro_parse_argb (s, &c, &err)) {
    if (err == NULL || err->message == NULL)
      abort ();
    g_clear_error (&err);
  } else if (err) {
    abort ();
  } else {
    /* the canonical spelling reads back to the same colour */
    gchar canon[NEURO_ARGB_STRLEN];
    guint32 back = ~c;

    neuro_format_argb (c, canon);
    if (!neuro_parse_argb (canon, &back, NULL) || back != c)
      abort ();
  }
  /* the same verdict as a property value, the property named */
  {
    guint32 pc = 0;
    gboolean ok = neuro_parse_color_property ("color", s, &pc, &err);

    if (ok != neuro_parse_argb (s, &c, NULL) || (ok && pc != c))
      abort ();
    if (!ok) {
      if (err == NULL || strstr (err->message, "'color'") == NULL)
        abort ();
      g_clear_error (&err);
    } else if (err) {
      abort ();
    }
  }
  if (neuro_parse_range (s, 1000, &a, &b, &err)) {
    if (err || (a < 0) != (b < 0) || a > b || b >= 1000)
      abort ();
  } else {
    if (err == NULL)
      abort ();
    g_clear_error (&err);
  }
  if (neuro_parse_argb_list (s, cols, &err)) {
    if (err)
      abort ();
  } else {
    if (err == NULL || cols->len != 0)
      abort ();
    g_clear_error (&err);
  }
  if (neuro_parse_groups (s, groups, &err)) {
    for (i = 0; i < groups->len; i++) {
      NeuroColorGroup *g = &g_array_index (groups, NeuroColorGroup, i);

      if (g->first > g->last)
        abort ();
    }
  } else {
    if (err == NULL || groups->len != 0)
      abort ();
    g_clear_error (&err);
  }
  g_array_free (cols, TRUE);
  g_array_free (groups, TRUE);
  g_free (s);
  return 0;
}
