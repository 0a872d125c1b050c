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

/* The type of the text @t, or NULL. */
static gchar *
find_text_type (const gchar * t, GstTypeFindProbability * prob)
{
  *prob = GST_TYPE_FIND_NONE;
  return find_type ((const guint8 *) t, strlen (t), prob);
}

/* The spike-list typefinders are the plugin's, with their extensions. */
GST_START_TEST (test_spike_text_features)
{
  const gchar *types[] = { "application/x-nest-spikes",
    "application/x-csv-spikes"
  };
  const gchar *exts[] = { "gdf", "csv" };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (types); i++) {
    GstPluginFeature *f = gst_registry_lookup_feature (gst_registry_get (),
        types[i]);
    const gchar *const *ext;

    fail_unless (f != NULL, "no %s typefinder", types[i]);
    fail_unless_equals_string (gst_plugin_feature_get_plugin_name (f),
        "neuroviz");
    ext = gst_type_find_factory_get_extensions (GST_TYPE_FIND_FACTORY (f));
    fail_unless (ext != NULL && g_strv_contains (ext, exts[i]));
    gst_object_unref (f);
  }
}

GST_END_TEST;

/* The project's NEST and CSV test files are claimed, each as its kind,
 * above text/plain (which says POSSIBLE of any text). */
GST_START_TEST (test_spike_text_files)
{
  const struct
  {
    const gchar *file, *type;
    GstTypeFindProbability prob;
  } cases[] = {
    {"nest-spike_recorder-12-0.dat", "application/x-nest-spikes",
        GST_TYPE_FIND_NEARLY_CERTAIN},
    /* claimed so that neurofilesrc's message (steps unsupported) shows */
    {"nest-spike_recorder-steps-13-0.dat", "application/x-nest-spikes",
        GST_TYPE_FIND_NEARLY_CERTAIN},
    {"nest2.gdf", "application/x-nest-spikes", GST_TYPE_FIND_POSSIBLE + 10},
    {"spikes.csv", "application/x-csv-spikes", GST_TYPE_FIND_LIKELY},
    {"spikes.tsv", "application/x-csv-spikes", GST_TYPE_FIND_LIKELY},
    {"spikes_ms.csv", "application/x-csv-spikes", GST_TYPE_FIND_LIKELY},
    /* BOM, quotes, semicolons and CRLF (Excel) */
    {"spikes_excel.csv", "application/x-csv-spikes", GST_TYPE_FIND_LIKELY},
    {"spikes_unsorted.csv", "application/x-csv-spikes",
        GST_TYPE_FIND_LIKELY},
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++) {
    gchar *p = data_path (cases[i].file), *contents, *name;
    GstTypeFindProbability prob = GST_TYPE_FIND_NONE;
    gsize len;

    fail_unless (g_file_get_contents (p, &contents, &len, NULL), "%s", p);
    name = find_type ((const guint8 *) contents, len, &prob);
    fail_unless_equals_string (name, cases[i].type);
    fail_unless_equals_int (prob, cases[i].prob);
    fail_unless (prob > GST_TYPE_FIND_POSSIBLE);
    g_free (name);
    g_free (contents);
    g_free (p);
  }
}

GST_END_TEST;

/* Short texts: a header naming a unit and a time column and three spikes
 * is enough; NEST's own column names make a NEST file. */
GST_START_TEST (test_spike_text_claims)
{
  GstTypeFindProbability prob;
  GString *s = g_string_new (NULL);
  gchar *name;
  guint i;

  name = find_text_type ("neuron,time_ms\n3,0.5\n1,0.7\n4,1.25\n", &prob);
  fail_unless_equals_string (name, "application/x-csv-spikes");
  g_free (name);
  name = find_text_type ("sender\ttime_ms\n3\t0.5\n1\t0.7\n4\t1.25\n", &prob);
  fail_unless_equals_string (name, "application/x-nest-spikes");
  fail_unless_equals_int (prob, GST_TYPE_FIND_NEARLY_CERTAIN);
  g_free (name);
  /* an extra column is fine when unit and time are named */
  name = find_text_type ("trial,unit,t\n0,3,0.5\n0,1,0.7\n1,4,1.25\n", &prob);
  fail_unless_equals_string (name, "application/x-csv-spikes");
  g_free (name);
  /* headerless: eight sorted spikes, whitespace (a .gdf) or commas */
  for (i = 0; i < 8; i++)
    g_string_append_printf (s, "%u %u.%u\n", (i * 7) % 5, i, i * 3 % 10);
  name = find_text_type (s->str, &prob);
  fail_unless_equals_string (name, "application/x-nest-spikes");
  fail_unless_equals_int (prob, GST_TYPE_FIND_POSSIBLE + 10);
  g_free (name);
  g_string_truncate (s, 0);
  for (i = 0; i < 8; i++)
    g_string_append_printf (s, "%u,%u.25\n", i % 3, i);
  name = find_text_type (s->str, &prob);
  fail_unless_equals_string (name, "application/x-csv-spikes");
  g_free (name);
  g_string_free (s, TRUE);
}

GST_END_TEST;

/* Text that is not a spike list is never claimed as one: other CSV tables,
 * too few lines, numeric tables whose times are not in order or whose
 * unit ids are not whole, three numeric columns, prose, code. */
GST_START_TEST (test_spike_text_non_claims)
{
  const gchar *texts[] = {
    "name,age,city\nbob,31,Paris\nal,29,Rome\ncy,40,Oslo\n",
    "x,y\n1,2\n2,3\n3,4\n4,5\n5,6\n",
    /* named, but only two spikes */
    "unit,time\n1,0.5\n2,0.6\n",
    /* a time that is not a number */
    "unit,time\n1,0.5\n2,soon\n3,0.7\n",
    /* NaN */
    "unit,time\n1,0.5\n2,nan\n3,0.7\n",
    /* a fractional unit id */
    "unit,time\n1,0.5\n2.5,0.6\n3,0.7\n",
    /* a negative unit id */
    "unit,time\n1,0.5\n-2,0.6\n3,0.7\n",
    /* a header naming only a time column (the fuzzer's first find) */
    "nneuron_id\ttime_ms\n0\t0.0\n1\t2.5\n2\t5.0\n3\t7.5\n",
    /* a row with another number of columns */
    "unit,time\n1,0.5\n2,0.6,7\n3,0.7\n",
    /* headerless, times out of order */
    "1 0.5\n2 0.4\n3 0.7\n4 0.8\n5 0.9\n6 1.0\n7 1.1\n8 1.2\n",
    /* headerless, only four lines */
    "1 0.5\n2 0.6\n3 0.7\n4 0.8\n",
    /* headerless, three columns (x, y, z points) */
    "1 0.5 3\n2 0.6 3\n3 0.7 3\n4 0.8 3\n5 0.9 3\n6 1.0 3\n7 1.1 3\n8 1.2 3\n",
    /* headerless, both columns fractional */
    "1.5 0.5\n2.5 0.6\n3.5 0.7\n4.5 0.8\n5.5 0.9\n6.5 1.0\n7.5 1.1\n8.5 1.2\n",
    "Dear reader,\nthis is a letter, with commas, and 3 numbers 1 2.\n"
        "It goes on\nand on\nand on.\n",
    "project('x', 'c')\nsubdir('a')\nsubdir('b')\nsubdir('c')\n",
    "# a comment\n# another\n",
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (texts); i++) {
    GstTypeFindProbability prob;
    gchar *name = find_text_type (texts[i], &prob);

    fail_unless (name == NULL || (strcmp (name, "application/x-csv-spikes")
            && strcmp (name, "application/x-nest-spikes")),
        "text %u claimed as %s: %s", i, name, texts[i]);
    g_free (name);
  }
}

GST_END_TEST;

/* A binary file with a text-like start is not claimed (NUL bytes). */
GST_START_TEST (test_spike_text_binary)
{
  gchar t[] = "unit,time\n1,0.5\n2,0.6\n3,0.7\n4,0.8\n";
  GstTypeFindProbability prob = GST_TYPE_FIND_NONE;
  gchar *name;

  t[20] = '\0';
  name = find_type ((const guint8 *) t, sizeof (t) - 1, &prob);
  fail_unless (name == NULL || strcmp (name, "application/x-csv-spikes"),
      "%s", name);
  g_free (name);
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
  tcase_add_test (tc, test_spike_text_features);
  tcase_add_test (tc, test_spike_text_files);
  tcase_add_test (tc, test_spike_text_claims);
  tcase_add_test (tc, test_spike_text_non_claims);
  tcase_add_test (tc, test_spike_text_binary);
  return s;
}

GST_CHECK_MAIN (neurotypefind);
