/* gst-neuroviz — tests of the format library (gst-plugins/formats/:
 * npyformat, zipdir, spikelist).  SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Sizes and counts taken from a file's headers never overflow nor make
 * anything allocate or write more than the limits say. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <string.h>
#include <zlib.h>

#include "npyformat.h"
#include "spikelist.h"
#include "zipdir.h"

/* A version 1.0 .npy header around @dict (padded as numpy does). */
static guint8 *
npy_header (const gchar * dict, gsize * len)
{
  gsize hl = strlen (dict) + 1, pad = (64 - (10 + hl) % 64) % 64;
  guint8 *b = g_malloc (10 + hl + pad);

  memcpy (b, NPY_MAGIC "\x01\x00", 8);
  b[8] = (hl + pad) & 0xff;
  b[9] = (hl + pad) >> 8;
  memcpy (b + 10, dict, hl - 1);
  memset (b + 10 + hl - 1, ' ', pad);
  b[10 + hl + pad - 1] = '\n';
  *len = 10 + hl + pad;
  return b;
}

static gchar *
npy_error (const gchar * shape, const gchar * descr)
{
  gchar *dict = g_strdup_printf ("{'descr': '%s', 'fortran_order': False, "
      "'shape': %s, }", descr, shape);
  gsize len;
  guint8 *b = npy_header (dict, &len);
  NpyHeader h;
  char err[256] = "";
  NpyResult r = npy_parse_header (b, len, &h, err, sizeof (err));

  g_free (b);
  g_free (dict);
  if (r == NPY_OK)
    return NULL;
  fail_unless (r == NPY_ERROR);
  return g_strdup (err);
}

#define NPY_ERROR_IS(shape, descr, want) G_STMT_START { \
  gchar *e = npy_error (shape, descr); \
  fail_unless (e != NULL, "%s %s was accepted", shape, descr); \
  fail_unless (strstr (e, want) != NULL, "%s", e); \
  g_free (e); \
} G_STMT_END

/* Shape products and byte sizes from the header are checked, in every
 * order of the factors, and a file cannot claim more data than it holds. */
GST_START_TEST (test_npy_sizes)
{
  gsize len;
  guint8 *b;
  NpyHeader h;
  char err[256] = "";

  NPY_ERROR_IS ("(4294967296, 4294967296)", "<f4", "shape product overflows "
      "(dimension 1 = 4294967296)");
  NPY_ERROR_IS ("(2, 9223372036854775808)", "<i2", "shape product overflows");
  /* the product fits, the byte size does not */
  NPY_ERROR_IS ("(2305843009213693952, 2)", "<f8", "shape product overflows");
  NPY_ERROR_IS ("(18446744073709551616,)", "<f4", "dimension too large");
  NPY_ERROR_IS ("(1, 1, 1, 1, 1, 1, 1, 1, 1)", "<f4", "more than 8 "
      "dimensions");
  /* a zero dimension makes any other one harmless: count 0 */
  fail_unless (npy_error ("(0, 18446744073709551615)", "<f8") == NULL);

  /* a huge shape parses but needs that many bytes after the header */
  b = npy_header ("{'descr': '<f8', 'fortran_order': True, 'shape': "
      "(1000000000000, 1000), }", &len);
  fail_unless_equals_int (npy_parse_header (b, len, &h, err, sizeof (err)),
      NPY_OK);
  fail_unless (h.data_size == G_GUINT64_CONSTANT (8000000000000000));
  fail_unless (npy_check_size (&h, len + 64, err, sizeof (err)) != 0);
  fail_unless (strstr (err, "needs 8000000000000000 bytes of data but 64 "
          "follow the header (truncated file?)") != NULL, "%s", err);
  /* a header length beyond the buffer asks for more, never reads past */
  b[8] = 0xff;
  fail_unless_equals_int (npy_parse_header (b, len, &h, err, sizeof (err)),
      NPY_NEED_MORE);
  g_free (b);
}

GST_END_TEST;

/* A parsed header for a [4] array of @descr. */
static void
npy_vector (const gchar * descr, NpyHeader * h)
{
  gchar *dict = g_strdup_printf ("{'descr': '%s', 'fortran_order': False, "
      "'shape': (4,), }", descr);
  gsize len;
  guint8 *b = npy_header (dict, &len);
  char err[256] = "";

  fail_unless_equals_int (npy_parse_header (b, len, h, err, sizeof (err)),
      NPY_OK);
  g_free (b);
  g_free (dict);
}

/* F32LE bytes of 1.0, -2.5, 0.5, 3.0 and of 1, -3, 0, 300, written out so
 * that the check does not depend on the host's byte order. */
static const guint8 want_frac[16] = {
  0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0,
  0x00, 0x00, 0x00, 0x3f, 0x00, 0x00, 0x40, 0x40
};

static const guint8 want_int[16] = {
  0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x40, 0xc0,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x96, 0x43
};

static void
check_f32le (const gchar * descr, const guint8 * data, const guint8 * want)
{
  NpyHeader h;
  guint8 out[1 + 16];

  npy_vector (descr, &h);
  /* all four, to an odd address as an adapter's bytes may be */
  memset (out, 0xee, sizeof (out));
  npy_to_f32le (&h, data, 0, 4, out + 1);
  fail_unless (memcmp (out + 1, want, 16) == 0, "%s: %02x %02x %02x %02x",
      descr, out[1], out[2], out[3], out[4]);
  fail_unless_equals_int (out[0], 0xee);
  /* elements 1 and 2 only */
  memset (out, 0xee, sizeof (out));
  npy_to_f32le (&h, data, 1, 2, out);
  fail_unless (memcmp (out, want + 4, 8) == 0, "%s from 1", descr);
  fail_unless_equals_int (out[8], 0xee);
}

/* Every dtype and byte order comes out as little-endian float32, the
 * F32LE of the media types, on any host (npyparse and neurofilesrc). */
GST_START_TEST (test_npy_to_f32le)
{
  static const guint8 f4be[16] = {
    0x3f, 0x80, 0x00, 0x00, 0xc0, 0x20, 0x00, 0x00,
    0x3f, 0x00, 0x00, 0x00, 0x40, 0x40, 0x00, 0x00
  };
  static const guint8 f8le[32] = {
    0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0x04, 0xc0,
    0, 0, 0, 0, 0, 0, 0xe0, 0x3f, 0, 0, 0, 0, 0, 0, 0x08, 0x40
  };
  static const guint8 f8be[32] = {
    0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xc0, 0x04, 0, 0, 0, 0, 0, 0,
    0x3f, 0xe0, 0, 0, 0, 0, 0, 0, 0x40, 0x08, 0, 0, 0, 0, 0, 0
  };
  static const guint8 f2le[8] = { 0x00, 0x3c, 0x00, 0xc1, 0x00, 0x38,
    0x00, 0x42
  };
  static const guint8 i2be[8] = { 0x00, 0x01, 0xff, 0xfd, 0x00, 0x00,
    0x01, 0x2c
  };
  static const guint8 i4le[16] = { 1, 0, 0, 0, 0xfd, 0xff, 0xff, 0xff,
    0, 0, 0, 0, 0x2c, 0x01, 0, 0
  };

  /* '<f4' is F32LE already */
  check_f32le ("<f4", want_frac, want_frac);
  check_f32le (">f4", f4be, want_frac);
  check_f32le ("<f8", f8le, want_frac);
  check_f32le (">f8", f8be, want_frac);
  check_f32le ("<f2", f2le, want_frac);
  check_f32le (">i2", i2be, want_int);
  check_f32le ("<i4", i4le, want_int);
}

GST_END_TEST;

/* --- ZIP ----------------------------------------------------------------- */

static void
put16 (GByteArray * a, guint v)
{
  guint8 b[2] = { v & 0xff, (v >> 8) & 0xff };
  g_byte_array_append (a, b, 2);
}

static void
put32 (GByteArray * a, guint32 v)
{
  put16 (a, v & 0xffff);
  put16 (a, v >> 16);
}

static void
put64 (GByteArray * a, guint64 v)
{
  put32 (a, (guint32) v);
  put32 (a, (guint32) (v >> 32));
}

/* A one-member archive of @data, deflated, whose headers declare @usize
 * bytes inflated (ZIP64 extra fields) and put the local header at
 * @local_off (0 = where it is). */
static GByteArray *
make_zip (const guint8 * data, gsize n, guint64 usize, guint64 local_off)
{
  GByteArray *a = g_byte_array_new ();
  z_stream z = { 0 };
  guint8 *comp = g_malloc (compressBound (n) + 64);
  gsize clen, cd;
  guint32 crc = crc32 (0, data, n);

  fail_unless (deflateInit2 (&z, 9, Z_DEFLATED, -15, 9,
          Z_DEFAULT_STRATEGY) == Z_OK);
  z.next_in = (Bytef *) data;
  z.avail_in = n;
  z.next_out = comp;
  z.avail_out = compressBound (n) + 64;
  fail_unless (deflate (&z, Z_FINISH) == Z_STREAM_END);
  clen = z.total_out;
  deflateEnd (&z);

  /* local header */
  put32 (a, 0x04034b50);
  put16 (a, 45);
  put16 (a, 0);
  put16 (a, 8);
  put32 (a, 0);
  put32 (a, crc);
  put32 (a, 0xffffffff);
  put32 (a, 0xffffffff);
  put16 (a, 5);
  put16 (a, 20);
  g_byte_array_append (a, (const guint8 *) "v.npy", 5);
  put16 (a, 1);
  put16 (a, 16);
  put64 (a, usize);
  put64 (a, clen);
  g_byte_array_append (a, comp, clen);
  g_free (comp);

  /* central directory */
  cd = a->len;
  put32 (a, 0x02014b50);
  put16 (a, 45);
  put16 (a, 45);
  put16 (a, 0);
  put16 (a, 8);
  put32 (a, 0);
  put32 (a, crc);
  put32 (a, 0xffffffff);
  put32 (a, 0xffffffff);
  put16 (a, 5);
  put16 (a, 28);
  put16 (a, 0);
  put16 (a, 0);
  put16 (a, 0);
  put32 (a, 0);
  put32 (a, 0xffffffff);
  g_byte_array_append (a, (const guint8 *) "v.npy", 5);
  put16 (a, 1);
  put16 (a, 24);
  put64 (a, usize);
  put64 (a, clen);
  put64 (a, local_off);

  /* end of central directory */
  put32 (a, 0x06054b50);
  put16 (a, 0);
  put16 (a, 0);
  put16 (a, 1);
  put16 (a, 1);
  put32 (a, a->len - 4 * 3 - cd);
  put32 (a, cd);
  put16 (a, 0);
  return a;
}

typedef struct
{
  guint64 total;
} Count;

static int
count_sink (void *user_data, const uint8_t * data, size_t len)
{
  ((Count *) user_data)->total += len;
  return 0;
}

/* A member that declares fewer bytes than it inflates to stops at the
 * declared size (the sink never sees more); one whose offsets point
 * outside the file is refused before anything is read. */
GST_START_TEST (test_zip_sizes)
{
  gsize n = 4 << 20;
  guint8 *zeros = g_malloc0 (n);
  GByteArray *a;
  ZipEntry *ents;
  size_t ne;
  char err[256] = "";
  Count c = { 0 };

  a = make_zip (zeros, n, 100000, 0);
  fail_unless (zip_read_directory (a->data, a->len, &ents, &ne, err,
          sizeof (err)) == 0, "%s", err);
  fail_unless_equals_int (ne, 1);
  fail_unless (ents[0].uncomp_size == 100000);
  fail_unless (zip_extract (a->data, a->len, &ents[0], count_sink, &c, err,
          sizeof (err)) != 0);
  fail_unless (strstr (err, "inflates to more than the 100000 bytes") !=
      NULL, "%s", err);
  fail_unless (c.total <= 100000, "%" G_GUINT64_FORMAT " bytes written",
      c.total);
  free (ents);
  g_byte_array_unref (a);

  /* honest: every byte, and the CRC */
  c.total = 0;
  a = make_zip (zeros, n, n, 0);
  fail_unless (zip_read_directory (a->data, a->len, &ents, &ne, err,
          sizeof (err)) == 0, "%s", err);
  fail_unless (zip_extract (a->data, a->len, &ents[0], count_sink, &c, err,
          sizeof (err)) == 0, "%s", err);
  fail_unless (c.total == n);
  free (ents);
  g_byte_array_unref (a);

  /* a local header offset near 2^64 (offset + 30 would wrap) */
  a = make_zip (zeros, 1000, 1000, G_MAXUINT64 - 10);
  fail_unless (zip_read_directory (a->data, a->len, &ents, &ne, err,
          sizeof (err)) != 0);
  fail_unless (strstr (err, "local header missing or out of bounds") !=
      NULL, "%s", err);
  g_byte_array_unref (a);
  g_free (zeros);
}

GST_END_TEST;

/* --- text spike lists ---------------------------------------------------- */

static gchar *
spikelist_error (const gchar * text, gsize max)
{
  SpikeList sl;
  char err[256] = "";
  int r = spikelist_parse_max (text, strlen (text), max, &sl, err,
      sizeof (err));

  spikelist_clear (&sl);
  return r == 0 ? NULL : g_strdup (err);
}

/* A value longer than kept is an error, not silently cut to another
 * number (0.000…0001 cut to 63 characters would read as 0). */
GST_START_TEST (test_text_long_values)
{
  gchar *zeros = g_strnfill (70, '0');
  gchar *t = g_strdup_printf ("sender,time_ms\n3,0.%s1\n", zeros);
  gchar *u = g_strdup_printf ("3 1.5\n%s3 2.5\n", zeros);
  gchar *e;

  e = spikelist_error (t, 0);
  fail_unless (e != NULL, "a 73-character time was accepted");
  fail_unless_equals_string (e, "line 2: the time in column 2 is longer "
      "than 63 characters");
  g_free (e);
  e = spikelist_error (u, 0);
  fail_unless (e != NULL, "a 71-character unit id was accepted");
  fail_unless_equals_string (e, "line 2: the unit id in column 1 is longer "
      "than 63 characters");
  g_free (e);
  g_free (t);
  g_free (u);

  /* a long comment or an unused long column is fine */
  t = g_strdup_printf ("# %s%s\nsender\ttime_ms\tnote\n1\t2.5\t%s\n", zeros,
      zeros, zeros);
  fail_unless (spikelist_error (t, 0) == NULL);
  g_free (t);
  g_free (zeros);
}

GST_END_TEST;

/* At most max spikes are read and allocated. */
GST_START_TEST (test_text_max_spikes)
{
  GString *s = g_string_new ("unit,time\n");
  SpikeList sl;
  char err[256] = "";
  gchar *e;
  int i;

  for (i = 0; i < 3000; i++)
    g_string_append (s, "7,0\n");
  fail_unless (spikelist_parse_max (s->str, s->len, 3000, &sl, err,
          sizeof (err)) == 0, "%s", err);
  fail_unless_equals_int (sl.n, 3000);
  fail_unless (sl.alloc <= 3000, "%zu records allocated", sl.alloc);
  spikelist_clear (&sl);

  g_string_append (s, "7,0\n");
  e = spikelist_error (s->str, 3000);
  fail_unless (e != NULL, "3001 spikes were read with a limit of 3000");
  fail_unless_equals_string (e, "line 3002: more than 3000 spikes; text "
      "files are read into memory and limited to that (save them as .npy)");
  g_free (e);
  /* the default limit */
  fail_unless (spikelist_parse (s->str, s->len, &sl, err, sizeof (err)) == 0,
      "%s", err);
  fail_unless_equals_int (sl.n, 3001);
  spikelist_clear (&sl);
  g_string_free (s, TRUE);
}

GST_END_TEST;

/* A header whose unit column lies beyond the columns read says so. */
GST_START_TEST (test_text_many_columns)
{
  GString *s = g_string_new ("");
  gchar *e;
  int i;

  for (i = 0; i < 70; i++)
    g_string_append_printf (s, "c%d,", i);
  g_string_append (s, "sender,time_ms\n");
  for (i = 0; i < 70; i++)
    g_string_append (s, "0,");
  g_string_append (s, "1,2.5\n");
  e = spikelist_error (s->str, 0);
  fail_unless (e != NULL);
  fail_unless (strstr (e, "in its first 64 columns") != NULL, "%s", e);
  g_free (e);
  g_string_free (s, TRUE);
}

GST_END_TEST;

static Suite *
neurofileparsers_suite (void)
{
  Suite *s = suite_create ("neurofileparsers");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_npy_sizes);
  tcase_add_test (tc, test_npy_to_f32le);
  tcase_add_test (tc, test_zip_sizes);
  tcase_add_test (tc, test_text_long_values);
  tcase_add_test (tc, test_text_max_spikes);
  tcase_add_test (tc, test_text_many_columns);
  return s;
}

GST_CHECK_MAIN (neurofileparsers);
