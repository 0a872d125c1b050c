/* gst-neuroviz — signalscope's store: what the window keeps.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain C on arrays (no GObject), unit-tested by tests/scopestore.c:
 *
 *  - the channel selection: which stream channels are shown;
 *  - the ring: the latest samples of every shown channel on one sample
 *    timeline (sample j of shown channel k at ring[k * cap + (j & (cap-1))]),
 *    with the range of every finite sample so far;
 *  - the history summary: a decimated min/max of the whole stream;
 *  - the column cache: per plot column the range of the piecewise-linear
 *    trace (or, heatmap, the mean of a group of channels and its colour),
 *    kept from frame to frame for the columns whose samples are all in.
 *
 * Times are nanoseconds (GstClockTime) in the buffers' time domain.
 */
#pragma once

#include <glib.h>
#include <math.h>

#include "neurocolormap.h"

G_BEGIN_DECLS

/* the window's samples of all shown channels: at most 2 GB */
#define SCOPE_MAX_RING_BYTES (G_GUINT64_CONSTANT (2) << 30)
/* the per-column envelopes of the shown rows: at most 4 GB */
#define SCOPE_MAX_CACHE_BYTES (G_GUINT64_CONSTANT (4) << 30)
/* history summary: at most this many bytes of bins */
#define SCOPE_HIST_MAX_BYTES (64 << 20)

#define SCOPE_TIME_NONE G_MAXUINT64
/* columns kept left of the column cache (see ScopeColumns) */
#define SCOPE_SIDE 16
#define SCOPE_SECOND G_GINT64_CONSTANT (1000000000)

/* Decimated min/max summary of the whole stream (history view): bin b of
 * channel k covers bs samples from first_idx + b * bs, at
 * [k * maxbins + b] of lo, hi (range), first and last (end values). */
typedef struct
{
  gboolean started;
  gint64 first_idx;
  gint64 fed;                   /* next absolute sample to add */
  guint bs;
  guint nbins;
  guint maxbins;
  guint n;                      /* channels */
  gfloat *lo, *hi, *first, *last;
} ScopeHist;

/* Per-column cache of the shown rows: cell [row * pw + (c mod pw)] holds
 * column c.  Traces: lo, hi is the trace's range; heatmap: lo is the mean,
 * hi is 1 where the colour in px must be recomputed. */
typedef struct
{
  gfloat *lo, *hi;
  guint32 *px;
  gint pw, rows;
  gdouble colns;
  gint64 offset;
  guint gen;
  gboolean valid, heat;
  gint64 done;                  /* first column not final */
  /* what a drawing of the columns must redo: the hull of the columns
   * (re)computed since the drawer last took it (scope_store_take_dirty),
   * and a serial that changes whenever the cache is dropped */
  gint64 dirty_lo, dirty_hi;
  guint serial;
  /* traces: the column each cell holds, and the last SCOPE_SIDE columns
   * dropped from the cache (cell [row * SCOPE_SIDE + (c mod SCOPE_SIDE)]
   * of slo, shi holds column scol[c mod SCOPE_SIDE]): the left neighbours
   * of the first column shown, so that a frame drawn afresh joins it to
   * them as the frames that scrolled did */
  gint64 *colof;
  gfloat *slo, *shi;
  gint64 scol[16];
  /* what the colours in px were computed for */
  gdouble vmin, vmax;
  gint cmap;
  guint32 bad;
} ScopeColumns;

typedef struct
{
  /* stream format */
  gint channels;
  gdouble rate;

  /* selection: stream channel of each shown channel */
  guint *shown;
  guint n_shown;
  gint64 sel_first, sel_last;   /* as asked (last may be beyond the stream) */
  guint sel_stride;

  /* ring of the latest samples */
  gfloat *ring;
  gint64 cap;                   /* a power of two */
  gint64 next_idx;              /* next sample to write */
  gint64 ring_start;            /* first valid sample */
  gint64 base_idx;              /* sample base_idx is at time base_pts */
  guint64 base_pts;
  gboolean have_base;
  guint max_buf;                /* largest buffer seen, in samples */
  guint generation;             /* changes whenever the timeline changes */
  gfloat *smin, *smax;          /* range of the finite samples so far */

  ScopeHist hist;
  ScopeColumns cols;
} ScopeStore;

/* Where the frame's columns are: column c starts at stream time c * colns;
 * stream time = buffer time + offset.  Samples jmin..jend may be drawn. */
typedef struct
{
  gdouble colns;
  gint64 offset;
  gint64 jmin, jend;
} ScopeTimeline;

/* Points j of a series: the raw ring (lo == hi == first == last) or the
 * history bins.  Point j is at index (j & mask) of the arrays, and the
 * arrays are contiguous for size points. */
typedef struct
{
  const gfloat *lo, *hi, *first, *last;
  gint64 mask, size;
  gint64 jmin, jmax;
} ScopeSeries;

typedef enum
{
  SCOPE_SELECT_SAME,            /* as before: nothing changed */
  SCOPE_SELECT_NEW,             /* new selection, stored data dropped */
  SCOPE_SELECT_CLIPPED,         /* new, its last channel beyond the stream */
  SCOPE_SELECT_OUTSIDE,         /* first channel beyond the stream: unusable */
} ScopeSelect;

typedef enum
{
  SCOPE_RING_OK,
  SCOPE_RING_TOO_BIG,           /* more than SCOPE_MAX_RING_BYTES */
  SCOPE_RING_NO_MEMORY,
} ScopeRingStatus;

void scope_store_init (ScopeStore * st);
/* Frees the selection and everything stored (the timeline stays). */
void scope_store_clear (ScopeStore * st);
/* Caps: a new channel count or rate drops everything (TRUE). */
gboolean scope_store_set_format (ScopeStore * st, gint channels,
    gdouble rate);
/* Flush, seek, stop: drops everything and starts a new timeline. */
void scope_store_reset (ScopeStore * st);

/* Shows channels @first to @last (inclusive, clipped to the stream) every
 * @stride; @first < 0 shows all.  A changed selection drops the stored data
 * and starts the ring empty where the previous one ended. */
ScopeSelect scope_store_select (ScopeStore * st, gint64 first, gint64 last,
    guint stride);

/* Makes the ring hold @window seconds plus the largest buffer seen (this
 * one of @n samples included).  On failure @bytes is what it would take. */
ScopeRingStatus scope_store_ensure_ring (ScopeStore * st, gdouble window,
    gsize n, gdouble * bytes);

/* Adds @n sample frames of all stream channels (little-endian floats) that
 * start at @pts (SCOPE_TIME_NONE: right after the previous ones).  A pts
 * after the end leaves a gap; one before it starts a new timeline.
 * Infinite values are stored as NaN: the first one is reported in
 * @inf_channel (stream channel) and @inf_idx (sample), else @inf_idx is -1.
 * @history keeps the summary fed with what the ring overwrites.  Needs
 * scope_store_ensure_ring () for @n first, and a selection. */
void scope_store_push (ScopeStore * st, const gfloat * in, gsize n,
    guint64 pts, gboolean history, guint * inf_channel, gint64 * inf_idx);

/* Stream time (seconds, buffer domain) of sample @idx. */
gdouble scope_store_sample_time (const ScopeStore * st, gint64 idx);

/* Sample index of buffer time @t (the last sample at or before it). */
gint64 scope_store_sample_at (const ScopeStore * st, gint64 t);

/* Adds the ring's samples up to @until (inclusive) to the history summary
 * (started at the oldest sample kept when it was not). */
void scope_store_feed_history (ScopeStore * st, gint64 until);

/* Makes the column cache hold @rows x @pw cells for columns
 * (c_end - pw, c_end]: traces (one row per shown channel) or @heat (the
 * mean of channel group g = rows [g * n / rows, (g + 1) * n / rows)).
 * Columns whose samples are all in are kept from one call to the next.
 * FALSE when it would take more than SCOPE_MAX_CACHE_BYTES (@bytes). */
gboolean scope_store_update_columns (ScopeStore * st, const ScopeTimeline * tl,
    gint pw, gint64 c_end, gboolean heat, guint rows, gdouble * bytes);

/* The columns computed since the last call, as the hull [*lo, *hi]
 * (lo > hi: none), and the cache's serial (another value: every cell is
 * new); forgets them. */
guint scope_store_take_dirty (ScopeStore * st, gint64 * lo, gint64 * hi);

/* Recomputes the colours of the heatmap cells that changed (all of them
 * when the colour mapping did). */
void scope_store_colour_columns (ScopeStore * st, NeuroColormap cmap,
    gdouble vmin, gdouble vmax, guint32 bad);

/* Ranges (INFINITY, -INFINITY when empty) of: the finite samples so far of
 * shown channel @k (-1: all); the history summary; the cached columns of
 * row @k (-1: all rows). */
void scope_store_stream_range (const ScopeStore * st, gint k, gdouble * lo,
    gdouble * hi);
void scope_store_history_range (const ScopeStore * st, gdouble * lo,
    gdouble * hi);
void scope_store_columns_range (const ScopeStore * st, gint k, gdouble * lo,
    gdouble * hi);

/* The ring of shown channel @k as a series limited to the timeline. */
void scope_store_ring_series (const ScopeStore * st, const ScopeTimeline * tl,
    guint k, ScopeSeries * s);
/* The history bins of shown channel @k as a series of bins. */
void scope_store_history_series (const ScopeStore * st, guint k,
    ScopeSeries * s);

/* Range of the piecewise-linear series over [fa, fb) in point units: the
 * points inside and the interpolated values at both edges.  FALSE when
 * nothing of the trace falls in the interval. */
gboolean scope_series_envelope (const ScopeSeries * s, gdouble fa,
    gdouble fb, gfloat * lo_out, gfloat * hi_out);

/* Row @k's cached range of column @c, from the cache or the columns
 * dropped from it last (SCOPE_SIDE of them); FALSE when neither holds it
 * (or it holds no data). */
static inline gboolean
scope_store_column_at (const ScopeStore * st, guint k, gint64 c, gfloat * lo,
    gfloat * hi)
{
  const ScopeColumns *cc = &st->cols;
  gint64 p = c % cc->pw, q = c % SCOPE_SIDE;

  p = p < 0 ? p + cc->pw : p;
  q = q < 0 ? q + SCOPE_SIDE : q;
  if (cc->colof && cc->colof[p] == c) {
    *lo = cc->lo[(gsize) k * cc->pw + p];
    *hi = cc->hi[(gsize) k * cc->pw + p];
  } else if (cc->slo && cc->scol[q] == c) {
    *lo = cc->slo[(gsize) k * SCOPE_SIDE + q];
    *hi = cc->shi[(gsize) k * SCOPE_SIDE + q];
  } else {
    return FALSE;
  }
  return *lo <= *hi;
}

/* Fractional sample index of the start of column @c. */
static inline gdouble
scope_store_col_sample (const ScopeStore * st, const ScopeTimeline * tl,
    gint64 c)
{
  return ((gdouble) c * tl->colns - (gdouble) tl->offset -
      (gdouble) st->base_pts) * st->rate / SCOPE_SECOND + st->base_idx;
}

/* Min and max of @n floats folded into *lo, *hi (NaN skipped). */
static inline void
scope_minmax_f32 (const gfloat * v, gint64 n, gfloat * lo, gfloat * hi)
{
  gfloat l0 = *lo, h0 = *hi, l1 = *lo, h1 = *hi;
  gint64 i = 0;

  /* two accumulators; NaN fails every comparison and is skipped */
  for (; i + 1 < n; i += 2) {
    gfloat a = v[i], b = v[i + 1];
    l0 = a < l0 ? a : l0;
    h0 = a > h0 ? a : h0;
    l1 = b < l1 ? b : l1;
    h1 = b > h1 ? b : h1;
  }
  if (i < n) {
    gfloat a = v[i];
    l0 = a < l0 ? a : l0;
    h0 = a > h0 ? a : h0;
  }
  *lo = MIN (l0, l1);
  *hi = MAX (h0, h1);
}

static inline gint64
scope_cmod (gint64 c, gint64 n)
{
  gint64 r = c % n;
  return r < 0 ? r + n : r;
}

G_END_DECLS
