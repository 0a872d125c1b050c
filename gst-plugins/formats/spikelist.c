/* gst-neuroviz — text spike list parser: see spikelist.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "spikelist.h"
#include "parseerr.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_COLS SPIKELIST_MAX_COLUMNS
#define SPIKELIST_STR_(x) #x
#define SPIKELIST_STR(x) SPIKELIST_STR_(x)
#define MAX_TOKEN (SPIKELIST_MAX_VALUE_LEN + 1)

typedef struct
{
  char tok[MAX_COLS][MAX_TOKEN];
  unsigned char cut[MAX_COLS];  /* the token was longer than kept */
  int n;
  int truncated;                /* more columns than kept */
} Row;

/* Splits one line (without its newline) into tokens. */
static void
split_line (const char *s, size_t len, char delim, Row * row)
{
  size_t i = 0;

  row->n = 0;
  row->truncated = 0;
  while (i <= len) {
    size_t start, end, k;

    if (delim == ' ') {
      while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
      if (i >= len)
        break;
      start = i;
      while (i < len && s[i] != ' ' && s[i] != '\t')
        i++;
      end = i;
    } else {
      start = i;
      while (i < len && s[i] != delim)
        i++;
      end = i;
      i++;                      /* skip the delimiter (or step past end) */
    }
    /* trim blanks and quotes */
    while (start < end && (s[start] == ' ' || s[start] == '\t'
            || s[start] == '"' || s[start] == '\''))
      start++;
    while (end > start && (s[end - 1] == ' ' || s[end - 1] == '\t'
            || s[end - 1] == '"' || s[end - 1] == '\''))
      end--;
    if (row->n >= MAX_COLS) {
      row->truncated = 1;
      break;
    }
    k = end - start;
    row->cut[row->n] = k >= MAX_TOKEN;
    if (k >= MAX_TOKEN)
      k = MAX_TOKEN - 1;
    memcpy (row->tok[row->n], s + start, k);
    row->tok[row->n][k] = '\0';
    row->n++;
    if (delim != ' ' && i > len)
      break;
  }
}

static int
parse_number (const char *tok, double *out)
{
  char *end;

  if (*tok == '\0')
    return 0;
  *out = strtod (tok, &end);
  return *end == '\0';
}

static const char *unit_names[] = {
  "sender", "senders", "unit", "units", "i", "id", "ids", "neuron",
  "neurons", "neuron_id", "neuron_ids", "node_id", "node_ids", "cluster",
  "clusters", "cluster_id", "spike_clusters", "index", "gid", "source",
  "channel", NULL
};

static const char *time_names[] = {
  "time_ms", "times_ms", "t_ms", "time", "times", "t", "spike_time",
  "spike_times", "time_s", "times_s", "t_s", "timestamp", "timestamps",
  "spiketime", "spiketimes", "time (ms)", "time (s)", "time [ms]",
  "time [s]", "t (ms)", "t (s)", "t [ms]", "t [s]", NULL
};

static int
name_in (const char *tok, const char **names)
{
  int i;

  for (i = 0; names[i]; i++)
    if (strcasecmp (tok, names[i]) == 0)
      return 1;
  return 0;
}

int
spikelist_is_unit_name (const char *name)
{
  return name_in (name, unit_names);
}

int
spikelist_is_time_name (const char *name)
{
  return name_in (name, time_names);
}

SpikeListTimeUnit
spikelist_unit_from_name (const char *tok)
{
  size_t n = strlen (tok);

  if ((n >= 2 && strcasecmp (tok + n - 2, "ms") == 0)
      || (n >= 4 && (strcasecmp (tok + n - 4, "(ms)") == 0
              || strcasecmp (tok + n - 4, "[ms]") == 0)))
    return SPIKELIST_UNIT_MS;
  if ((n >= 2 && strcasecmp (tok + n - 2, "_s") == 0)
      || (n >= 3 && (strcasecmp (tok + n - 3, "(s)") == 0
              || strcasecmp (tok + n - 3, "[s]") == 0)))
    return SPIKELIST_UNIT_S;
  return SPIKELIST_UNIT_UNKNOWN;
}

/* Looks for unit and time columns in a header row.  Returns 1 if both are
 * found. */
static int
find_columns (const Row * row, SpikeList * sl)
{
  int c, uc = -1, tc = -1;

  for (c = 0; c < row->n; c++) {
    if (uc < 0 && name_in (row->tok[c], unit_names))
      uc = c;
    else if (tc < 0 && name_in (row->tok[c], time_names))
      tc = c;
  }
  if (uc < 0 || tc < 0)
    return 0;
  sl->unit_col = uc;
  sl->time_col = tc;
  sl->time_unit = spikelist_unit_from_name (row->tok[tc]);
  return 1;
}

/* NEST's time_in_steps=True header: "sender time_step time_offset" */
static int
has_step_columns (const Row * row)
{
  int c;

  for (c = 0; c < row->n; c++)
    if (strcasecmp (row->tok[c], "time_step") == 0
        || strcasecmp (row->tok[c], "time_offset") == 0)
      return 1;
  return 0;
}

static int
is_integral (double v)
{
  return isfinite (v) && v == floor (v);
}

/* strstr for a buffer that is not NUL-terminated */
static int
contains (const char *s, size_t len, const char *word)
{
  size_t n = strlen (word), i;

  for (i = 0; i + n <= len; i++)
    if (memcmp (s + i, word, n) == 0)
      return 1;
  return 0;
}

static char
detect_delim (const char *s, size_t len)
{
  if (memchr (s, '\t', len))
    return '\t';
  if (memchr (s, ',', len))
    return ',';
  if (memchr (s, ';', len))
    return ';';
  return ' ';
}

/* @max bounds the allocation too: never more than @max records. */
static int
push (SpikeList * sl, double t, int64_t u, size_t max)
{
  if (sl->n == sl->alloc) {
    size_t na = sl->alloc ? sl->alloc * 2 : 1024;
    SpikeListRecord *r;

    if (na > max)
      na = max;
    if (na <= sl->alloc || na > SIZE_MAX / sizeof (SpikeListRecord))
      return -1;
    r = realloc (sl->rec, na * sizeof (SpikeListRecord));
    if (r == NULL)
      return -1;
    sl->rec = r;
    sl->alloc = na;
  }
  if (sl->n > 0 && t < sl->rec[sl->n - 1].t)
    sl->sorted = 0;
  sl->rec[sl->n].t = t;
  sl->rec[sl->n].unit = u;
  sl->n++;
  if (u > sl->max_unit)
    sl->max_unit = u;
  return 0;
}

int
spikelist_parse (const char *buf, size_t len, SpikeList * sl, char *err,
    size_t errlen)
{
  return spikelist_parse_max (buf, len, SPIKELIST_MAX_SPIKES, sl, err,
      errlen);
}

/* The state of one spikelist_parse_max() call. */
typedef struct
{
  SpikeList *sl;
  Row *r;
  size_t lineno;
  size_t max_spikes;
  int have_layout;
  char *err;
  size_t errlen;
} Parser;

/* A '#' or '%' comment line (without the mark): NEST says its name there,
 * and may put the header in it ("# sender time_ms"). */
static void
parse_comment (Parser * p, const char *c, size_t cl)
{
  SpikeList *sl = p->sl;

  if (contains (c, cl, "NEST"))
    sl->is_nest = 1;
  if (p->have_layout)
    return;
  sl->delim = detect_delim (c, cl);
  split_line (c, cl, sl->delim, p->r);
  if (find_columns (p->r, sl)) {
    sl->has_header = 1;
    p->have_layout = 1;
  }
}

/* The first line that is not a comment: a header, or the first spike,
 * which then decides the column order.  Splits it into p->r.  Returns 1 for
 * a header, 0 for a data line, -1 on error. */
static int
parse_layout (Parser * p, const char *line, size_t len)
{
  SpikeList *sl = p->sl;
  Row *r = p->r;
  int c, numeric = 1;
  double a, b;

  sl->delim = detect_delim (line, len);
  split_line (line, len, sl->delim, r);
  for (c = 0; c < r->n; c++) {
    double v;
    /* empty cells: NEST 2 .gdf lines end with a tab */
    if (r->tok[c][0] != '\0' && !parse_number (r->tok[c], &v))
      numeric = 0;
  }
  p->have_layout = 1;
  if (!numeric) {
    if (has_step_columns (r)) {
      set_err (p->err, p->errlen, "line %zu: NEST file recorded with "
          "time_in_steps=True (columns time_step and time_offset), "
          "which is not supported: record with time_in_steps=False "
          "(times in ms)", p->lineno);
      return -1;
    }
    if (!find_columns (r, sl)) {
      set_err (p->err, p->errlen, "line %zu: header names no unit column "
          "(sender, unit, i, id, neuron, cluster, ...) and time column "
          "(time_ms, time, t, times, ...)%s", p->lineno, r->truncated ?
          " in its first " SPIKELIST_STR (SPIKELIST_MAX_COLUMNS)
          " columns" : "");
      return -1;
    }
    sl->has_header = 1;
    return 1;
  }
  if (r->n < 2) {
    set_err (p->err, p->errlen, "line %zu: need two columns (unit and "
        "time), found %d", p->lineno, r->n);
    return -1;
  }
  /* No header: unit, time unless the first column is fractional and the
   * second integral. */
  parse_number (r->tok[0], &a);
  parse_number (r->tok[1], &b);
  if (!is_integral (a) && is_integral (b)) {
    sl->unit_col = 1;
    sl->time_col = 0;
  }
  return 0;
}

/* Checks the unit id and time of the split line p->r and adds them. */
static int
parse_record (Parser * p)
{
  SpikeList *sl = p->sl;
  const Row *r = p->r;
  size_t lineno = p->lineno;
  double vu, vt;

  if (r->n <= sl->unit_col || r->n <= sl->time_col) {
    set_err (p->err, p->errlen, "line %zu: has %d columns, expected at "
        "least %d", lineno, r->n, (sl->unit_col > sl->time_col ?
            sl->unit_col : sl->time_col) + 1);
    return -1;
  }
  if (r->cut[sl->unit_col] || r->cut[sl->time_col]) {
    int c = r->cut[sl->unit_col] ? sl->unit_col : sl->time_col;

    set_err (p->err, p->errlen, "line %zu: the %s in column %d is longer "
        "than %d characters", lineno, c == sl->unit_col ? "unit id" : "time",
        c + 1, SPIKELIST_MAX_VALUE_LEN);
    return -1;
  }
  if (!parse_number (r->tok[sl->unit_col], &vu)) {
    set_err (p->err, p->errlen, "line %zu: unit id '%s' is not a number",
        lineno, r->tok[sl->unit_col]);
    return -1;
  }
  if (!parse_number (r->tok[sl->time_col], &vt)) {
    set_err (p->err, p->errlen, "line %zu: time '%s' is not a number",
        lineno, r->tok[sl->time_col]);
    return -1;
  }
  if (!isfinite (vt)) {
    set_err (p->err, p->errlen, "line %zu: time is %s", lineno,
        isnan (vt) ? "NaN" : "infinite");
    return -1;
  }
  if (!is_integral (vu)) {
    set_err (p->err, p->errlen, "line %zu: unit id '%s' is not an integer",
        lineno, r->tok[sl->unit_col]);
    return -1;
  }
  if (vu < 0) {
    set_err (p->err, p->errlen, "line %zu: negative unit id %.0f", lineno,
        vu);
    return -1;
  }
  if (vu > 2147483647.0) {
    set_err (p->err, p->errlen, "line %zu: unit id %.0f is too large",
        lineno, vu);
    return -1;
  }
  if (sl->n >= p->max_spikes) {
    set_err (p->err, p->errlen, "line %zu: more than %zu spikes; text files "
        "are read into memory and limited to that (save them as .npy)",
        lineno, p->max_spikes);
    return -1;
  }
  if (push (sl, vt, (int64_t) vu, p->max_spikes) != 0) {
    set_err (p->err, p->errlen, "out of memory at line %zu", lineno);
    return -1;
  }
  return 0;
}

/* One line without its newline.  Returns 0 or -1 on error. */
static int
parse_line (Parser * p, const char *line, size_t llen)
{
  size_t s = 0;
  int layout;

  if (llen > 0 && line[llen - 1] == '\r')
    llen--;
  while (s < llen && (line[s] == ' ' || line[s] == '\t'))
    s++;
  if (s == llen)
    return 0;
  if (memchr (line, '\0', llen) != NULL) {
    set_err (p->err, p->errlen, "line %zu: NUL byte (binary file?)",
        p->lineno);
    return -1;
  }
  if (line[s] == '#' || line[s] == '%') {
    parse_comment (p, line + s + 1, llen - s - 1);
    return 0;
  }
  if (!p->have_layout) {
    layout = parse_layout (p, line + s, llen - s);
    if (layout != 0)
      return layout < 0 ? -1 : 0;
  } else {
    split_line (line + s, llen - s, p->sl->delim, p->r);
  }
  return parse_record (p);
}

int
spikelist_parse_max (const char *buf, size_t len, size_t max_spikes,
    SpikeList * sl, char *err, size_t errlen)
{
  Parser p = { sl, NULL, 0, max_spikes, 0, err, errlen };
  size_t pos = 0;

  memset (sl, 0, sizeof (*sl));
  if (p.max_spikes == 0)
    p.max_spikes = SPIKELIST_MAX_SPIKES;
  sl->sorted = 1;
  sl->max_unit = -1;
  sl->unit_col = 0;
  sl->time_col = 1;
  p.r = malloc (sizeof (Row));
  if (p.r == NULL) {
    set_err (err, errlen, "out of memory");
    return -1;
  }

  /* UTF-8 byte order mark, as spreadsheets write CSV */
  if (len >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
    pos = 3;
  while (pos < len) {
    const char *line = buf + pos;
    const char *nl = memchr (line, '\n', len - pos);
    size_t llen = nl ? (size_t) (nl - line) : len - pos;

    pos += llen + (nl ? 1 : 0);
    p.lineno++;
    if (parse_line (&p, line, llen) != 0) {
      free (p.r);
      return -1;
    }
  }
  free (p.r);
  if (sl->n == 0) {
    set_err (err, errlen, "no spikes in the file (empty table)");
    return -1;
  }
  return 0;
}

static int
cmp_rec (const void *a, const void *b)
{
  const SpikeListRecord *x = a, *y = b;

  if (x->t < y->t)
    return -1;
  if (x->t > y->t)
    return 1;
  return (x->unit > y->unit) - (x->unit < y->unit);
}

void
spikelist_sort (SpikeList * sl)
{
  /* qsort is not stable; equal times are ordered by unit so that the
   * result does not depend on the C library. */
  if (sl->sorted || sl->n < 2)
    return;
  qsort (sl->rec, sl->n, sizeof (SpikeListRecord), cmp_rec);
  sl->sorted = 1;
}

void
spikelist_clear (SpikeList * sl)
{
  free (sl->rec);
  memset (sl, 0, sizeof (*sl));
}

int
spikelist_looks_like_text (const uint8_t * buf, size_t len)
{
  size_t i, bad = 0;

  for (i = 0; i < len; i++) {
    if (buf[i] == 0)
      return 0;
    if (buf[i] < 0x20 && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t')
      bad++;
  }
  return bad * 20 <= len;
}

void
spike_times_init (SpikeTimeStats * s)
{
  memset (s, 0, sizeof (*s));
}

/* 1 if @t is a whole multiple of @step; 0 if not, or if the stored
 * precision @eps cannot tell. */
static int
on_grid (double t, double step, double eps)
{
  double q = t / step;
  double tol = 1e-6 + 2 * eps * fabs (q);

  if (tol > 0.25)
    return 0;
  return fabs (q - nearbyint (q)) <= tol;
}

void
spike_times_add (SpikeTimeStats * s, double t, double eps)
{
  if (s->n == 0) {
    s->tmin = t;
    s->distinct = 1;
  } else if (t != s->tmax) {
    s->distinct++;
  }
  s->tmax = t;
  s->n++;
  /* once off a grid, off it for good: skip the division */
  if (!s->off_coarse && !on_grid (t, 0.05, eps))
    s->off_coarse = 1;
  if (!s->off_milli && !on_grid (t, 0.001, eps))
    s->off_milli = 1;
  if (!s->off_fine && !on_grid (t, 0.00001, eps))
    s->off_fine = 1;
}

/* Fewer distinct times than this and a common grid may be a coincidence
 * (hand-written round numbers). */
#define GRID_MIN_DISTINCT 20
/* No neuron fires faster than this on average (refractory period). */
#define MAX_MEAN_RATE_HZ 1000.0

SpikeListTimeUnit
spike_times_guess_unit (const SpikeTimeStats * s, uint64_t units, char *why,
    size_t whylen)
{
  int grid = s->distinct >= GRID_MIN_DISTINCT;
  int not_s = 0, not_ms = 0;
  const char *why_not_s = "", *why_not_ms = "";
  double rate_ms = 0;

  if (units == 0)
    units = 1;
  /* spikes per unit per second if the values were milliseconds; one
   * interval fewer than spikes, so that two spikes make no rate */
  if (s->n >= 10 && s->n >= 2 * units && s->tmax > s->tmin)
    rate_ms = (double) (s->n - 1) / ((double) units * (s->tmax - s->tmin))
        * 1000.0;

  if (grid && !s->off_coarse) {
    not_s = 1;
    why_not_s = "all times are multiples of 0.05 (as seconds, a clock of "
        "50 ms or coarser)";
  }
  if (s->tmax < 1.0) {
    not_ms = 1;
    why_not_ms = "the last spike is before 1 (as milliseconds, a recording "
        "shorter than 1 ms)";
  } else if (rate_ms > MAX_MEAN_RATE_HZ) {
    not_ms = 1;
    why_not_ms = "as milliseconds the mean rate per unit would be above "
        "1000 Hz";
  } else if (grid && !s->off_fine && s->off_milli) {
    not_ms = 1;
    why_not_ms = "all times are multiples of 0.00001 but not of 0.001 (as "
        "milliseconds, a clock finer than 1 us)";
  }
  if (not_ms && !not_s) {
    set_err (why, whylen, "%s", why_not_ms);
    return SPIKELIST_UNIT_S;
  }
  if (not_s && !not_ms) {
    set_err (why, whylen, "%s", why_not_s);
    return SPIKELIST_UNIT_MS;
  }
  if (not_s && not_ms)
    set_err (why, whylen, "%s, but %s", why_not_s, why_not_ms);
  else
    set_err (why, whylen, "both give believable spike trains");
  return SPIKELIST_UNIT_UNKNOWN;
}
