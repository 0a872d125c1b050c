/* gst-neuroviz — tests of the plugin's typefinders (neurotypefind.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/base/gsttypefindhelper.h>
#include <string.h>

#include "neurotest.h"

/* tests/data/neurofilesrc/@name */
static gchar *
data_path (const gchar * name)
{
  return neuro_test_data_file ("neurofilesrc", name);
}

/* The media type typefinding gives @data, or NULL; @prob its probability. */
static gchar *
find_type (const guint8 * data, gsize len, GstTypeFindProbability * prob)
{
  GstBuffer *buf = gst_buffer_new_memdup (data, len);
  GstCaps *caps = gst_type_find_helper_for_buffer (NULL, buf, prob);
  gchar *name = NULL;

  if (caps != NULL) {
    name = g_strdup (gst_structure_get_name (gst_caps_get_structure (caps,
                0)));
    gst_caps_unref (caps);
  }
  gst_buffer_unref (buf);
  return name;
}

/* The plugin's own feature, found in the registry with its caps,
 * extension and rank. */
GST_START_TEST (test_npy_feature)
{
  GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
      "application/x-npy"), *loaded;
  GstTypeFindFactory *tf;
  const gchar *const *ext;
  GstCaps *caps;

  fail_unless (f != NULL, "no application/x-npy typefinder in the registry");
  fail_unless (GST_IS_TYPE_FIND_FACTORY (f));
  tf = GST_TYPE_FIND_FACTORY (f);
  fail_unless_equals_string (gst_plugin_feature_get_plugin_name (f),
      "neuroviz");
  fail_unless_equals_int (gst_plugin_feature_get_rank (f), GST_RANK_PRIMARY);
  ext = gst_type_find_factory_get_extensions (tf);
  fail_unless (ext != NULL && g_strv_contains (ext, "npy"));
  caps = gst_type_find_factory_get_caps (tf);
  fail_unless (caps != NULL);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (caps, 0),
          "application/x-npy"));
  /* loading it loads the plugin, which gives it its function */
  loaded = gst_plugin_feature_load (f);
  fail_unless (loaded != NULL);
  fail_unless (gst_type_find_factory_has_function (GST_TYPE_FIND_FACTORY
          (loaded)));
  gst_object_unref (loaded);
  gst_object_unref (f);
}

GST_END_TEST;

/* typefind names a real .npy file (numpy's bytes) application/x-npy with
 * certainty, and nothing with another version byte or a cut magic. */
GST_START_TEST (test_npy_buffer)
{
  gchar *p = data_path ("sig_lef4.npy");
  GstTypeFindProbability prob = GST_TYPE_FIND_NONE;
  gchar *contents, *name;
  gsize len;

  fail_unless (g_file_get_contents (p, &contents, &len, NULL), "%s", p);
  name = find_type ((const guint8 *) contents, len, &prob);
  fail_unless_equals_string (name, "application/x-npy");
  fail_unless_equals_int (prob, GST_TYPE_FIND_MAXIMUM);
  g_free (name);

  /* format version 4 does not exist */
  contents[6] = 4;
  name = find_type ((const guint8 *) contents, len, &prob);
  fail_unless (name == NULL || strcmp (name, "application/x-npy") != 0,
      "%s", name);
  g_free (name);
  /* the magic alone is not enough bytes */
  contents[6] = 1;
  name = find_type ((const guint8 *) contents, 7, &prob);
  fail_unless (name == NULL || strcmp (name, "application/x-npy") != 0,
      "%s", name);
  g_free (name);
  g_free (contents);
  g_free (p);
}

GST_END_TEST;

/* A zip local file header for a stored member @name holding @data. */
static GByteArray *
zip_member (const gchar * name, const gchar * data)
{
  GByteArray *a = g_byte_array_new ();
  guint8 h[30] = { 'P', 'K', 3, 4, 20, 0 };
  gsize n = strlen (name), d = strlen (data);

  guint32 d32 = GUINT32_TO_LE ((guint32) d);
  guint16 n16 = GUINT16_TO_LE ((guint16) n);

  /* unaligned fields: byte copies (GST_WRITE_UINT32_LE stores a word) */
  memcpy (h + 18, &d32, 4);
  memcpy (h + 22, &d32, 4);
  memcpy (h + 26, &n16, 2);
  g_byte_array_append (a, h, sizeof (h));
  g_byte_array_append (a, (const guint8 *) name, n);
  g_byte_array_append (a, (const guint8 *) data, d);
  return a;
}

/* .npz archives, stored (numpy's savez) or deflated (savez_compressed), are
 * application/x-npz; a zip of anything else is not claimed, nor a member
 * named .npy that holds no .npy. */
GST_START_TEST (test_npz_buffer)
{
  const gchar *files[] = { "brian_stored.npz", "brian_deflate.npz" };
  const GstTypeFindProbability probs[] = { GST_TYPE_FIND_MAXIMUM,
    GST_TYPE_FIND_NEARLY_CERTAIN
  };
  GstTypeFindProbability prob;
  GstPluginFeature *f;
  GByteArray *a;
  gchar *name;
  guint i;

  f = gst_registry_lookup_feature (gst_registry_get (), "application/x-npz");
  fail_unless (f != NULL);
  gst_object_unref (f);
  for (i = 0; i < G_N_ELEMENTS (files); i++) {
    gchar *p = data_path (files[i]), *contents;
    gsize len;

    fail_unless (g_file_get_contents (p, &contents, &len, NULL), "%s", p);
    prob = GST_TYPE_FIND_NONE;
    name = find_type ((const guint8 *) contents, len, &prob);
    fail_unless_equals_string (name, "application/x-npz");
    fail_unless_equals_int (prob, probs[i]);
    g_free (name);
    g_free (contents);
    g_free (p);
  }

  a = zip_member ("notes.txt", "hello, this is a zip of text");
  name = find_type (a->data, a->len, &prob);
  fail_unless (name == NULL || strcmp (name, "application/x-npz") != 0,
      "%s", name);
  g_free (name);
  g_byte_array_unref (a);
  a = zip_member ("spikes.npy", "not a numpy array at all, no magic");
  name = find_type (a->data, a->len, &prob);
  fail_unless (name == NULL || strcmp (name, "application/x-npz") != 0,
      "%s", name);
  g_free (name);
  g_byte_array_unref (a);
  a = zip_member ("spikes.npy", "\x93NUMPY\x01\x00 header and data");
  name = find_type (a->data, a->len, &prob);
  fail_unless_equals_string (name, "application/x-npz");
  g_free (name);
  g_byte_array_unref (a);
}

GST_END_TEST;

static Suite *
neurotypefind_suite (void)
{
  Suite *s = suite_create ("neurotypefind");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_npy_feature);
  tcase_add_test (tc, test_npy_buffer);
  tcase_add_test (tc, test_npz_buffer);
  return s;
}

GST_CHECK_MAIN (neurotypefind);
