/* libFuzzer target: netgraph's node positions parsers (the positions-location
 * file, .npy or text, and the positions property string).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "netlayout.h"

static void
check (gboolean ok, GArray * a, gchar * err)
{
  guint k;

  if (ok) {
    if (err != NULL || a->len % 2 != 0)
      abort ();
    for (k = 0; k < a->len; k++)
      if (!isfinite (g_array_index (a, gdouble, k)))
        abort ();
  } else if (err == NULL) {
    abort ();
  }
  g_free (err);
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (gdouble));
  gchar *err = NULL, *str;
  gboolean ok;

  ok = net_layout_parse_data (data, size, a, &err);
  check (ok, a, err);
  g_array_set_size (a, 0);
  /* the same bytes as the property string, up to the first NUL */
  str = g_strndup ((const gchar *) data, size);
  err = NULL;
  ok = net_layout_parse_string (str, a, &err);
  check (ok, a, err);
  g_free (str);
  g_array_free (a, TRUE);
  return 0;
}
