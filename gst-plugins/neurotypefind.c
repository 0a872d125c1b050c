/* gst-neuroviz — the plugin's typefinders, declared features registered in
 * plugin_init (as gst/typefind/gsttypefindfunctions.c does), so that
 * typefind and decodebin know .npy and .npz files whichever element is
 * loaded.
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

static GstStaticCaps npz_caps = GST_STATIC_CAPS ("application/x-npz");

#define ZIP_LOCAL_HEADER_LEN 30

/* A NumPy .npz archive: a zip whose first member (local file header at 0,
 * as numpy writes it) is named *.npy.  A stored member must start with the
 * .npy magic (certain); a compressed one is only nearly certain.  Any
 * other zip is left to the zip typefinder. */
static void
npz_type_find (GstTypeFind * tf, gpointer user_data)
{
  const guint8 *h = gst_type_find_peek (tf, 0, ZIP_LOCAL_HEADER_LEN);
  const guint8 *name, *data;
  guint method, name_len, extra_len;

  if (h == NULL || memcmp (h, "PK\003\004", 4) != 0)
    return;
  method = GST_READ_UINT16_LE (h + 8);
  name_len = GST_READ_UINT16_LE (h + 26);
  extra_len = GST_READ_UINT16_LE (h + 28);
  if (name_len < 5)
    return;
  name = gst_type_find_peek (tf, ZIP_LOCAL_HEADER_LEN, name_len);
  if (name == NULL || memcmp (name + name_len - 4, ".npy", 4) != 0)
    return;
  if (method == 0) {
    data = gst_type_find_peek (tf, ZIP_LOCAL_HEADER_LEN + name_len +
        extra_len, NPY_MAGIC_LEN);
    if (data != NULL && memcmp (data, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
      gst_type_find_suggest (tf, GST_TYPE_FIND_MAXIMUM,
          gst_static_caps_get (&npz_caps));
    return;
  }
  gst_type_find_suggest (tf, GST_TYPE_FIND_NEARLY_CERTAIN,
      gst_static_caps_get (&npz_caps));
}

GST_TYPE_FIND_REGISTER_DEFINE (npz, "application/x-npz", GST_RANK_PRIMARY,
    npz_type_find, "npz", gst_static_caps_get (&npz_caps), NULL, NULL);
