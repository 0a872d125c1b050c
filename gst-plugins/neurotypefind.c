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
#include "spikelist.h"

#include <math.h>

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

/* ------------------------------------------------------------------------ */
/* Text spike lists                                                         */

/* Bytes looked at, and the data lines that must all read as spikes. */
#define SPIKE_TEXT_PEEK 16384
#define SPIKE_TEXT_MIN_LINES 3
/* without a header, more lines must agree (two numeric columns alone say
 * less than a header naming a unit and a time column) */
#define SPIKE_TEXT_MIN_LINES_HEADERLESS 8
#define SPIKE_TEXT_MAX_FIELDS 16
#define SPIKE_TEXT_MAX_FIELD 64

typedef struct
{
  gchar f[SPIKE_TEXT_MAX_FIELDS][SPIKE_TEXT_MAX_FIELD];
  guint n;
} SpikeTextRow;

/* Splits @line (@len bytes, no newline) at @delim (' ': runs of blanks),
 * trimming blanks and quotes; trailing empty fields (NEST 2 ends its lines
 * with a tab) are dropped.  FALSE if a field is too long or there are too
 * many. */
static gboolean
spike_text_split (const gchar * line, gsize len, gchar delim,
    SpikeTextRow * row)
{
  gsize i = 0;

  row->n = 0;
  while (i <= len) {
    gsize start, end;

    if (delim == ' ') {
      while (i < len && (line[i] == ' ' || line[i] == '\t'))
        i++;
      if (i >= len)
        break;
      start = i;
      while (i < len && line[i] != ' ' && line[i] != '\t')
        i++;
      end = i;
    } else {
      start = i;
      while (i < len && line[i] != delim)
        i++;
      end = i++;
    }
    while (start < end && strchr (" \t\"'", line[start]) != NULL)
      start++;
    while (end > start && strchr (" \t\"'", line[end - 1]) != NULL)
      end--;
    if (row->n == SPIKE_TEXT_MAX_FIELDS || end - start >= SPIKE_TEXT_MAX_FIELD)
      return FALSE;
    memcpy (row->f[row->n], line + start, end - start);
    row->f[row->n][end - start] = '\0';
    row->n++;
  }
  while (row->n > 0 && row->f[row->n - 1][0] == '\0')
    row->n--;
  return TRUE;
}

static gboolean
spike_text_number (const gchar * s, gdouble * v)
{
  gchar *end;

  if (*s == '\0')
    return FALSE;
  *v = g_ascii_strtod (s, &end);
  return *end == '\0' && isfinite (*v);
}

/* A unit id: digits only, as every simulator and sorter writes them. */
static gboolean
spike_text_unit (const gchar * s)
{
  gsize n = strspn (s, "0123456789");

  return n > 0 && n < 11 && s[n] == '\0';
}

/* Claims only tables whose every line read is a spike: a header naming a
 * unit and a time column (or a '# NEST' comment) and then at least
 * SPIKE_TEXT_MIN_LINES rows of a whole unit id and a finite time; or,
 * without a header, at least SPIKE_TEXT_MIN_LINES_HEADERLESS rows of
 * exactly two numbers, a unit id and a time, with the times in order. */
NeuroSpikeText
neuro_type_find_spike_text (const guint8 * d, gsize len, gboolean whole,
    GstTypeFindProbability * prob)
{
  const gchar *s = (const gchar *) d, *end = s + len;
  SpikeTextRow *row = g_new (SpikeTextRow, 1);
  NeuroSpikeText kind = NEURO_SPIKE_TEXT_NONE;
  gboolean nest_comment = FALSE, nest_names = FALSE, header = FALSE;
  gboolean started = FALSE;
  gint ucol = 0, tcol = 1;
  guint ncols = 2, lines = 0;
  gdouble last_t = -G_MAXDOUBLE;
  gchar delim = ' ';
  gsize i;
  guint c;

  if (len >= 3 && memcmp (s, "\xef\xbb\xbf", 3) == 0)
    s += 3;
  for (i = 0; i < len; i++)
    if (d[i] == '\0' || (d[i] < 0x20 && !g_ascii_isspace (d[i])))
      goto done;
  while (s < end) {
    const gchar *nl = memchr (s, '\n', end - s);
    const gchar *line = s;
    gsize l;

    if (nl == NULL && !whole)
      break;                    /* a line cut by the peek */
    l = (nl ? nl : end) - line;
    s = nl ? nl + 1 : end;
    if (l > 0 && line[l - 1] == '\r')
      l--;
    while (l > 0 && (*line == ' ' || *line == '\t')) {
      line++;
      l--;
    }
    if (l == 0)
      continue;
    if (line[0] == '#') {
      if (!started && l >= 6 && g_ascii_strncasecmp (line, "# NEST", 6) == 0)
        nest_comment = TRUE;
      continue;
    }
    if (!started) {
      /* the first row: a header, or the first spike */
      gboolean numeric = TRUE;

      started = TRUE;
      delim = memchr (line, '\t', l) ? '\t' : memchr (line, ',', l) ? ',' :
          memchr (line, ';', l) ? ';' : ' ';
      if (!spike_text_split (line, l, delim, row) || row->n < 2)
        goto done;
      for (c = 0; c < row->n; c++) {
        gdouble v;

        numeric &= spike_text_number (row->f[c], &v);
      }
      if (!numeric) {
        header = TRUE;
        ucol = tcol = -1;
        for (c = 0; c < row->n; c++) {
          if (ucol < 0 && spikelist_is_unit_name (row->f[c]))
            ucol = c;
          else if (tcol < 0 && (spikelist_is_time_name (row->f[c])
                  || (nest_comment
                      && g_ascii_strcasecmp (row->f[c], "time_step") == 0)))
            tcol = c;
        }
        if (ucol < 0 || tcol < 0)
          goto done;
        /* NEST 3 writes tab-separated sender and time_ms (or time_step) */
        nest_names = (delim == '\t' || delim == ' ')
            && g_ascii_strcasecmp (row->f[ucol], "sender") == 0
            && (g_ascii_strcasecmp (row->f[tcol], "time_ms") == 0
            || g_ascii_strcasecmp (row->f[tcol], "time_step") == 0);
        ncols = row->n;
        continue;
      }
      if (row->n != 2)
        goto done;
      /* headerless: unit then time (NEST 2's order), unless the first
       * column is fractional and the second whole, as spikelist reads it */
      if (!spike_text_unit (row->f[0]) && spike_text_unit (row->f[1])) {
        ucol = 1;
        tcol = 0;
      }
    }
    {
      gdouble t;

      if (!spike_text_split (line, l, delim, row) || row->n != ncols
          || !spike_text_unit (row->f[ucol])
          || !spike_text_number (row->f[tcol], &t))
        goto done;
      if (!header && t < last_t)
        goto done;
      last_t = t;
      lines++;
    }
  }
  if (lines < (header ? SPIKE_TEXT_MIN_LINES : SPIKE_TEXT_MIN_LINES_HEADERLESS))
    goto done;
  if (nest_comment) {
    kind = NEURO_SPIKE_TEXT_NEST;
    *prob = GST_TYPE_FIND_NEARLY_CERTAIN;
  } else if (header) {
    /* NEST 3 names its columns sender, time_ms (or time_step) */
    kind = nest_names ? NEURO_SPIKE_TEXT_NEST : NEURO_SPIKE_TEXT_CSV;
    *prob = nest_names ? GST_TYPE_FIND_NEARLY_CERTAIN : GST_TYPE_FIND_LIKELY;
  } else {
    kind = delim == ',' || delim == ';' ? NEURO_SPIKE_TEXT_CSV : NEURO_SPIKE_TEXT_NEST;
    /* above text/plain (which says POSSIBLE), below a named header */
    *prob = GST_TYPE_FIND_POSSIBLE + 10;
  }
done:
  g_free (row);
  return kind;
}

static gsize
spike_text_peek (GstTypeFind * tf, const guint8 ** d, gboolean * whole)
{
  guint64 len = gst_type_find_get_length (tf);
  gsize n, lo, hi;

  if (len > 0 && len <= SPIKE_TEXT_PEEK) {
    *d = gst_type_find_peek (tf, 0, len);
    *whole = TRUE;
    return *d ? len : 0;
  }
  *whole = FALSE;
  if ((*d = gst_type_find_peek (tf, 0, SPIKE_TEXT_PEEK)) != NULL)
    return SPIKE_TEXT_PEEK;
  /* unknown length (or shorter): the largest peek there is */
  lo = 0;
  hi = SPIKE_TEXT_PEEK;
  while (hi - lo > 1) {
    n = lo + (hi - lo) / 2;
    if (gst_type_find_peek (tf, 0, n) != NULL)
      lo = n;
    else
      hi = n;
  }
  *d = lo > 0 ? gst_type_find_peek (tf, 0, lo) : NULL;
  return *d ? lo : 0;
}

static void
spike_text_type_find (GstTypeFind * tf, NeuroSpikeText want,
    GstStaticCaps * caps)
{
  const guint8 *d = NULL;
  gboolean whole;
  gsize n = spike_text_peek (tf, &d, &whole);
  GstTypeFindProbability prob = GST_TYPE_FIND_NONE;

  if (n > 0 && neuro_type_find_spike_text (d, n, whole, &prob) == want)
    gst_type_find_suggest (tf, prob, gst_static_caps_get (caps));
}

static GstStaticCaps nest_spikes_caps =
GST_STATIC_CAPS (NEURO_TYPEFIND_NEST_SPIKES);

/* NEST ASCII spike recorder files (NEST 3: '# NEST version' comments and
 * a sender / time_ms header; NEST 2 .gdf: unit and time columns). */
static void
nest_spikes_type_find (GstTypeFind * tf, gpointer user_data)
{
  spike_text_type_find (tf, NEURO_SPIKE_TEXT_NEST, &nest_spikes_caps);
}

GST_TYPE_FIND_REGISTER_DEFINE (nestspikes, NEURO_TYPEFIND_NEST_SPIKES,
    GST_RANK_PRIMARY, nest_spikes_type_find, "gdf,dat",
    gst_static_caps_get (&nest_spikes_caps), NULL, NULL);

static GstStaticCaps csv_spikes_caps =
GST_STATIC_CAPS (NEURO_TYPEFIND_CSV_SPIKES);

/* CSV, TSV or semicolon tables of spikes (a unit and a time column). */
static void
csv_spikes_type_find (GstTypeFind * tf, gpointer user_data)
{
  spike_text_type_find (tf, NEURO_SPIKE_TEXT_CSV, &csv_spikes_caps);
}

GST_TYPE_FIND_REGISTER_DEFINE (csvspikes, NEURO_TYPEFIND_CSV_SPIKES,
    GST_RANK_PRIMARY, csv_spikes_type_find, "csv,tsv,txt",
    gst_static_caps_get (&csv_spikes_caps), NULL, NULL);
