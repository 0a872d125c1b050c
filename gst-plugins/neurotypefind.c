/* gst-neuroviz — the plugin's typefinders, declared features registered in
 * plugin_init (as gst/typefind/gsttypefindfunctions.c does), so that
 * typefind and decodebin know .npy files whichever element is loaded.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "neurotypefind.h"
#include "npyformat.h"

static GstStaticCaps npy_caps = GST_STATIC_CAPS ("application/x-npy");

/* The magic and a format version numpy writes (1.0, 2.0, 3.0). */
static void
npy_type_find (GstTypeFind * tf, gpointer user_data)
{
  const guint8 *d = gst_type_find_peek (tf, 0, 8);

  if (d != NULL && memcmp (d, NPY_MAGIC, NPY_MAGIC_LEN) == 0
      && d[6] >= 1 && d[6] <= 3)
    gst_type_find_suggest (tf, GST_TYPE_FIND_MAXIMUM,
        gst_static_caps_get (&npy_caps));
}

GST_TYPE_FIND_REGISTER_DEFINE (npy, "application/x-npy", GST_RANK_PRIMARY,
    npy_type_find, "npy", gst_static_caps_get (&npy_caps), NULL, NULL);
