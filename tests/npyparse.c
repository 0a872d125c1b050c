/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* gst-neuroviz — npyparse tests: .npy files (tests/data/neurofilesrc,
 * written by tests/data/gen_neurofilesrc.py, plus a few written here)
 * through filesrc ! decodebin and filesrc ! npyparse.
 *
 * Values in the shared files: signal v[r, c] = 4 r + c (T=30, C=3), frames
 * m[t, y, x] = 100 t + 10 y + x (T=4, H=3, W=5).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "neurotest.h"

/* decodebin only exposes raw audio/video/text by default, so the project's
 * media types are added to its final caps. */
#define DECODEBIN "! decodebin caps=\"" NEURO_SIGNAL_MEDIA_TYPE ";" \
  NEURO_FRAME_MEDIA_TYPE "\""

typedef struct
{
  NeuroTestRun *run;
  GPtrArray *bufs;              /* the run's */
  GstCaps *caps;
  gchar *error;
  gboolean eos;
  gboolean plugged;             /* an npyparse was found in the pipeline */
} Run;

/* tests/data/neurofilesrc/@name */
static gchar *
data_path (const gchar * name)
{
  return neuro_test_data_file ("neurofilesrc", name);
}

static void
on_element_added (GstBin * bin, GstBin * sub, GstElement * e, Run * r)
{
  GstElementFactory *f = gst_element_get_factory (e);

  if (f && strcmp (GST_OBJECT_NAME (f), "npyparse") == 0)
    r->plugged = TRUE;
}

/* @desc: the pipeline between "filesrc location=..." and the sink. */
static Run *
run_pipeline (const gchar * path, const gchar * desc, const gchar * sink)
{
  Run *r = g_new0 (Run, 1);
  GstElement *s;

  r->run = neuro_test_run_new ("filesrc name=src %s ! %s", desc, sink ? sink :
      "fakesink name=sink sync=false signal-handoffs=true");
  s = gst_bin_get_by_name (GST_BIN (r->run->pipeline), "src");
  g_object_set (s, "location", path, NULL);
  gst_object_unref (s);
  g_signal_connect (r->run->pipeline, "deep-element-added",
      G_CALLBACK (on_element_added), r);
  neuro_test_run_to_end (r->run);
  r->bufs = r->run->buffers;
  r->caps = r->run->caps;
  r->error = r->run->error;
  r->eos = r->run->eos;
  return r;
}

static Run *
run_file (const gchar * name, const gchar * desc)
{
  gchar *p = data_path (name);
  Run *r = run_pipeline (p, desc, NULL);

  g_free (p);
  return r;
}

static void
run_free (Run * r)
{
  neuro_test_run_free (r->run);
  g_free (r);
}

/* All float32 values of a run, in order. */
static GArray *
collect (Run * r)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (gfloat));
  guint i;

  for (i = 0; i < r->bufs->len; i++)
    neuro_test_append_floats (a, g_ptr_array_index (r->bufs, i));
  return a;
}

/* Writes a .npy with a hand-made header and @data_len bytes of @data. */
static gchar *
write_npy (const gchar * tag, const gchar * dict, const void *data,
    gsize data_len)
{
  gchar *p;
  GString *h = g_string_new (dict);
  GString *f = g_string_new_len ("\x93NUMPY\x01\x00", 8);
  guint16 hl;

  while ((10 + h->len + 1) % 64)
    g_string_append_c (h, ' ');
  g_string_append_c (h, '\n');
  hl = GUINT16_TO_LE (h->len);
  g_string_append_len (f, (const gchar *) &hl, 2);
  g_string_append_len (f, h->str, h->len);
  g_string_append_len (f, data, data_len);
  p = g_strdup_printf ("%s/npyparse-%d-%s.npy", g_get_tmp_dir (), getpid (),
      tag);
  fail_unless (g_file_set_contents (p, f->str, f->len, NULL));
  g_string_free (h, TRUE);
  g_string_free (f, TRUE);
  return p;
}

static void
check_signal_values (Run * r, const gchar * what, gint channels)
{
  GArray *v = collect (r);
  guint i;

  fail_unless_equals_int (v->len, 30 * channels);
  for (i = 0; i < v->len; i++) {
    gint row = i / channels, col = i % channels;
    gfloat want = channels == 1 ? 4 * row : 4 * row + col;

    fail_unless (v->len && g_array_index (v, gfloat, i) == want,
        "%s: value %u is %g, expected %g", what, i,
        g_array_index (v, gfloat, i), want);
  }
  g_array_unref (v);
}

GST_START_TEST (test_decodebin_signal)
{
  Run *r = run_file ("sig_lef4.npy", DECODEBIN);
  GstStructure *s;
  gint ch = 0;
  gdouble rate = 0;
  guint i;

  fail_unless (r->eos, "error: %s", r->error);
  fail_unless (r->plugged, "decodebin did not plug npyparse");
  fail_unless (r->caps != NULL);
  s = gst_caps_get_structure (r->caps, 0);
  fail_unless (gst_structure_has_name (s, NEURO_SIGNAL_MEDIA_TYPE));
  fail_unless_equals_string (gst_structure_get_string (s, "format"), "F32LE");
  fail_unless (gst_structure_get_int (s, "channels", &ch));
  fail_unless (gst_structure_get_double (s, "rate", &rate));
  fail_unless_equals_int (ch, 3);
  fail_unless (rate == 1000.0);
  /* 10 ms of samples per buffer at 1 kHz: 3 buffers of 10 rows */
  fail_unless_equals_int (r->bufs->len, 3);
  for (i = 0; i < r->bufs->len; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 10 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 10 * GST_MSECOND);
    fail_unless_equals_int (gst_buffer_get_size (b), 10 * 3 * 4);
  }
  check_signal_values (r, "sig_lef4", 3);
  run_free (r);
}

GST_END_TEST;

/* Without extra caps decodebin plays the .npy as video (neurodecodebin,
 * docs/neurodecodebin.md); npyparse is for the neuro types above. */
GST_START_TEST (test_decodebin_autoplug)
{
  Run *r = run_file ("sig_lef4.npy", "! decodebin");

  fail_unless (r->eos, "error: %s", r->error);
  fail_if (r->plugged, "decodebin plugged npyparse for raw video");
  fail_unless (r->caps != NULL);
  fail_unless (gst_structure_has_name (gst_caps_get_structure (r->caps, 0),
          "video/x-raw"));
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_dtypes)
{
  const gchar *files[] = { "sig_lef4.npy", "sig_lef8.npy", "sig_lef2.npy",
    "sig_bef4.npy", "sig_bef8.npy", "sig_i1.npy", "sig_u1.npy",
    "sig_lei2.npy", "sig_bei2.npy", "sig_leu2.npy", "sig_lei4.npy",
    "sig_leu4.npy", "sig_lei8.npy", "sig_beu8.npy", "sig_v2.npy",
    "sig_v3.npy"
  };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (files); i++) {
    Run *r = run_file (files[i], "! npyparse");

    fail_unless (r->eos, "%s: %s", files[i], r->error);
    check_signal_values (r, files[i], 3);
    run_free (r);
  }
}

GST_END_TEST;

/* Upstream buffers that split the header and rows anywhere. */
GST_START_TEST (test_small_blocks)
{
  Run *r = run_file ("sig_lef8.npy", "blocksize=7 ! npyparse");

  fail_unless (r->eos, "%s", r->error);
  fail_unless_equals_int (r->bufs->len, 3);
  check_signal_values (r, "sig_lef8 blocksize=7", 3);
  run_free (r);
}

GST_END_TEST;

GST_START_TEST (test_1d)
{
  Run *r = run_file ("sig_1d.npy", DECODEBIN);
  gint ch = 0;

  fail_unless (r->eos, "%s", r->error);
  fail_unless (gst_structure_get_int (gst_caps_get_structure (r->caps, 0),
          "channels", &ch));
  fail_unless_equals_int (ch, 1);
  check_signal_values (r, "sig_1d", 1);
  run_free (r);
}

GST_END_TEST;

static void
check_frames (Run * r, GstClockTime frame_dur)
{
  GstStructure *s;
  GArray *v;
  gint w = 0, h = 0;
  guint i;

  fail_unless (r->eos, "%s", r->error);
  s = gst_caps_get_structure (r->caps, 0);
  fail_unless (gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE));
  fail_unless (gst_structure_get_int (s, "width", &w));
  fail_unless (gst_structure_get_int (s, "height", &h));
  fail_unless_equals_int (w, 5);
  fail_unless_equals_int (h, 3);
  fail_unless_equals_int (r->bufs->len, 4);
  for (i = 0; i < 4; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * frame_dur);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), frame_dur);
  }
  v = collect (r);
  fail_unless_equals_int (v->len, 4 * 15);
  for (i = 0; i < v->len; i++) {
    gint t = i / 15, y = (i % 15) / 5, x = i % 5;

    fail_unless_equals_float (g_array_index (v, gfloat, i),
        100 * t + 10 * y + x);
  }
  g_array_unref (v);
}

GST_START_TEST (test_frames)
{
  Run *r = run_file ("frames.npy", DECODEBIN);
  gint n = 0, d = 0;

  check_frames (r, GST_MSECOND);
  fail_unless (gst_structure_get_fraction (gst_caps_get_structure (r->caps,
              0), "framerate", &n, &d));
  fail_unless (n == 1000 && d == 1);
  run_free (r);

  r = run_file ("frames.npy", "blocksize=13 ! npyparse rate=2.5");
  check_frames (r, 400 * GST_MSECOND);
  fail_unless (gst_structure_get_fraction (gst_caps_get_structure (r->caps,
              0), "framerate", &n, &d));
  fail_unless (n == 5 && d == 2);
  run_free (r);
}

GST_END_TEST;

/* Chunking and timestamps at a real rate: 1000 rows at 30 kHz make buffers
 * of 300 rows (10 ms); the last one holds the remaining 100. */
GST_START_TEST (test_chunks)
{
  gint16 data[1000 * 2];
  gchar *p;
  Run *r;
  GArray *v;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (data); i++)
    data[i] = GINT16_TO_LE ((gint16) (i - 1000));
  p = write_npy ("chunks", "{'descr': '<i2', 'fortran_order': False, "
      "'shape': (1000, 2), }", data, sizeof (data));
  r = run_pipeline (p, "! npyparse rate=30000", NULL);
  fail_unless (r->eos, "%s", r->error);
  fail_unless_equals_int (r->bufs->len, 4);
  for (i = 0; i < 4; i++) {
    GstBuffer *b = g_ptr_array_index (r->bufs, i);
    guint rows = i < 3 ? 300 : 100;

    fail_unless_equals_int (gst_buffer_get_size (b), rows * 2 * 4);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b),
        gst_util_uint64_scale (i * 300, GST_SECOND, 30000));
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b),
        gst_util_uint64_scale (i * 300 + rows, GST_SECOND, 30000));
  }
  v = collect (r);
  fail_unless_equals_int (v->len, 2000);
  for (i = 0; i < v->len; i++)
    fail_unless_equals_float (g_array_index (v, gfloat, i), (gint) i - 1000);
  g_array_unref (v);
  run_free (r);
  g_unlink (p);
  g_free (p);
}

GST_END_TEST;

static void
expect_error_path (const gchar * path, const gchar * what)
{
  Run *r = run_pipeline (path, "! npyparse", NULL);
  gchar *base = g_path_get_basename (path);

  fail_unless (r->error != NULL, "%s: no error", path);
  fail_unless (strstr (r->error, base) != NULL,
      "%s: error does not name the file: %s", path, r->error);
  fail_unless (strstr (r->error, what) != NULL,
      "%s: expected '%s' in: %s", path, what, r->error);
  GST_INFO ("%s: %s", path, r->error);
  g_free (base);
  run_free (r);
}

static void
expect_error (const gchar * name, const gchar * what)
{
  gchar *p = data_path (name);

  expect_error_path (p, what);
  g_free (p);
}

GST_START_TEST (test_errors)
{
  static const guint8 zeros[64] = { 0 };
  gchar *p;

  expect_error ("bad_truncated.npy",
      "needs 360 bytes of data but 350 follow the header (truncated file?)");
  expect_error ("bad_object.npy", "object arrays (dtype '|O')");
  expect_error ("sig_fortran.npy", "Fortran order");
  expect_error ("sig_fortran.npy", "neurofilesrc");
  expect_error ("bad_header_short.npy", "ends inside the .npy header");
  expect_error ("bad_header_unclosed.npy", "header");
  expect_error ("bad_dtype.npy", "unknown dtype '<q9'");
  expect_error ("bad_complex.npy", "<c8");
  expect_error ("bad_structured.npy", "structured");
  expect_error ("bad_empty.npy", "empty");
  expect_error ("bad_binary.bin", "magic");

  p = write_npy ("rank4", "{'descr': '<f4', 'fortran_order': False, "
      "'shape': (2, 2, 2, 2), }", zeros, 64);
  expect_error_path (p, "unsupported rank 4");
  g_unlink (p);
  g_free (p);
  p = write_npy ("rank0", "{'descr': '<f4', 'fortran_order': False, "
      "'shape': (), }", zeros, 4);
  expect_error_path (p, "unsupported rank 0");
  g_unlink (p);
  g_free (p);
  p = write_npy ("extra", "{'descr': '<f4', 'fortran_order': False, "
      "'shape': (3,), }", zeros, 16);
  expect_error_path (p, "4 bytes follow the data");
  g_unlink (p);
  g_free (p);
}

GST_END_TEST;

/* A signal rate above the media type's 10 MHz is refused by npyparse, with
 * the rate and the limit; frames may go faster. */
GST_START_TEST (test_rate_limit)
{
  gchar *p = data_path ("sig_lef4.npy");
  Run *r = run_pipeline (p, "! npyparse rate=5e7", NULL);

  fail_unless (r->error != NULL, "no error for rate=5e7");
  fail_unless (strstr (r->error, "rate=5e+07 Hz is above the 10000000 Hz"),
      "%s", r->error);
  run_free (r);
  g_free (p);
  p = data_path ("frames.npy");
  r = run_pipeline (p, "! npyparse rate=5e7", NULL);
  fail_unless (r->error == NULL, "%s", r->error);
  fail_unless_equals_int (r->bufs->len, 4);
  run_free (r);
  g_free (p);
}

GST_END_TEST;

/* Fortran order of a single column is the same layout as C order. */
GST_START_TEST (test_fortran_1col)
{
  gfloat data[4] = { 1, 2, 3, 4 };
  gchar *p = write_npy ("f1col", "{'descr': '<f4', 'fortran_order': True, "
      "'shape': (4, 1), }", data, sizeof (data));
  Run *r = run_pipeline (p, "! npyparse", NULL);
  GArray *v;

  fail_unless (r->eos, "%s", r->error);
  v = collect (r);
  fail_unless_equals_int (v->len, 4);
  fail_unless_equals_float (g_array_index (v, gfloat, 3), 4);
  g_array_unref (v);
  run_free (r);
  g_unlink (p);
  g_free (p);
}

GST_END_TEST;

/* A renderer behind decodebin reaches EOS. */
GST_START_TEST (test_signalscope)
{
  gchar *p = data_path ("sig_lef4.npy");
  Run *r = run_pipeline (p, DECODEBIN, "signalscope ! fakesink");

  fail_unless (r->eos, "%s", r->error);
  fail_unless (r->plugged);
  run_free (r);
  g_free (p);
}

GST_END_TEST;

static Suite *
npyparse_suite (void)
{
  Suite *s = suite_create ("npyparse");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_decodebin_signal);
  tcase_add_test (tc, test_decodebin_autoplug);
  tcase_add_test (tc, test_dtypes);
  tcase_add_test (tc, test_small_blocks);
  tcase_add_test (tc, test_1d);
  tcase_add_test (tc, test_frames);
  tcase_add_test (tc, test_chunks);
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_rate_limit);
  tcase_add_test (tc, test_fortran_1col);
  tcase_add_test (tc, test_signalscope);
  return s;
}

GST_CHECK_MAIN (npyparse);
