/* gst-neuroviz — the file opener's per-kind setup: see neurofilesetup.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurofilesetup.h"
#include "neurotypes.h"

#include <math.h>
#include <string.h>

#define GST_CAT_DEFAULT neuro_file_open_debug

/* Largest signal buffer, whatever slice-duration says. */
#define MAX_SIGNAL_BUFFER (64 * 1024 * 1024)

/* Effective sample/row/frame rate from the rate or dt property. */
static gboolean
need_rate (NeuroFile * f, const NeuroFileSettings * st, const gchar * what,
    GError ** error)
{
  if (st->rate > 0 && isfinite (st->rate)) {
    f->eff_rate = st->rate;
    return TRUE;
  }
  SETTINGS_ERROR (error, "%s: needs a sampling rate: set 'rate' (Hz) or "
      "'dt' (seconds per sample)", what);
  return FALSE;
}

/* A spike list array may be [N] or [N, 1] / [1, N]. */
gboolean
neuro_file_vector_length (const NeuroFileArray * a, guint64 * n,
    GError ** error)
{
  const NpyHeader *h = &a->h;

  if (a->pair)
    *n = h->count / 2;
  else if (h->ndim == 1)
    *n = h->shape[0];
  else if (h->ndim == 2 && (h->shape[0] == 1 || h->shape[1] == 1))
    *n = h->count;
  else {
    char shape[64];

    npy_shape_string (h, shape, sizeof (shape));
    FORMAT_ERROR (error, "%s: expected a 1-d array, got shape %s", a->name,
        shape);
    return FALSE;
  }
  return TRUE;
}

/* Distinct unit ids (below the media type's limit; larger ids are an error
 * later), for the rate rule of the time unit guess. */
typedef struct
{
  guint8 *bits;
  guint64 n;
} UnitSet;

static void
unit_set_add (UnitSet * u, gint64 id)
{
  if (u->bits == NULL || id < 0 || id >= NEURO_MAX_UNITS)
    return;
  if (!(u->bits[id >> 3] & (1 << (id & 7)))) {
    u->bits[id >> 3] |= 1 << (id & 7);
    u->n++;
  }
}

/* Relative precision of a stored time, so that float32 times are not
 * taken as off a grid they were rounded from. */
static gdouble
type_eps (const NpyHeader * h)
{
  if (h->kind != NPY_KIND_FLOAT)
    return 0;
  return h->itemsize == 2 ? 1e-3 : h->itemsize == 4 ? 1.2e-7 : 2.3e-16;
}

/* Sets time_scale from the time-unit property, else the format's
 * @auto_unit, else (auto_unit AUTO) from the values in @stats. */
static gboolean
settle_time_unit (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileTimeUnit auto_unit, const SpikeTimeStats * stats,
    guint64 units, const gchar * what, GError ** error)
{
  GstNeuroFileTimeUnit u = st->time_unit;

  if (u == GST_NEURO_FILE_TIME_UNIT_AUTO)
    u = auto_unit;
  if (u == GST_NEURO_FILE_TIME_UNIT_AUTO) {
    char why[256] = "";

    switch (spike_times_guess_unit (stats, units, why, sizeof (why))) {
      case SPIKELIST_UNIT_S:
        u = GST_NEURO_FILE_TIME_UNIT_S;
        break;
      case SPIKELIST_UNIT_MS:
        u = GST_NEURO_FILE_TIME_UNIT_MS;
        break;
      default:
        SETTINGS_ERROR (error, "%s: cannot tell whether the spike times are "
            "in seconds or milliseconds (%" G_GUINT64_FORMAT " spikes of %"
            G_GUINT64_FORMAT " units, times %g to %g: %s): set time-unit=s "
            "or time-unit=ms", what, stats->n, units, stats->tmin,
            stats->tmax, why);
        return FALSE;
    }
    GST_INFO_OBJECT (f->log, "%s: spike times in %s: %s", what,
        u == GST_NEURO_FILE_TIME_UNIT_MS ? "ms" : "s", why);
  }
  switch (u) {
    case GST_NEURO_FILE_TIME_UNIT_MS:
      f->time_scale = 1e6;
      break;
    case GST_NEURO_FILE_TIME_UNIT_SAMPLES:
      if (st->rate > 0 && isfinite (st->rate)) {
        f->eff_rate = st->rate;
      } else {
        SETTINGS_ERROR (error, "%s: spike times in samples (integers) need "
            "a sampling rate: set 'rate' (Hz) or 'dt' (seconds per sample), "
            "or time-unit=s or time-unit=ms", what);
        return FALSE;
      }
      f->time_scale = 1e9 / f->eff_rate;
      break;
    default:
      f->time_scale = 1e9;
      break;
  }
  return TRUE;
}

static gboolean
check_units (NeuroFile * f, const NeuroFileSettings * st, gint64 max_id,
    guint64 max_index, const gchar * file, GError ** error)
{
  if (st->units > 0) {
    if (max_id >= st->units) {
      FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " (at index %"
          G_GUINT64_FORMAT ") is not below units=%d", file, max_id,
          max_index, st->units);
      return FALSE;
    }
    f->out_units = st->units;
    return TRUE;
  }
  if (max_id >= NEURO_MAX_UNITS) {
    FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " (at index %"
        G_GUINT64_FORMAT ") is too large (at most %d units)", file, max_id,
        max_index, NEURO_MAX_UNITS);
    return FALSE;
  }
  f->out_units = (gint) max_id + 1;
  return TRUE;
}

/* Validates a spike list given as two arrays (times, ids) in one pass:
 * finite, non-negative, sorted times; non-negative integer ids.
 * @auto_unit is the format's time unit; AUTO: float times are s or ms by
 * their values, integer times are samples. */
gboolean
neuro_file_setup_spikes (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileTimeUnit auto_unit, GError ** error)
{
  guint64 nt, ni, k, max_index = 0;
  gint64 max_id = -1;
  gdouble prev = -G_MAXDOUBLE, tmax, eps;
  const NpyHeader *th = &f->times.h, *ih = &f->ids.h;
  SpikeTimeStats stats;
  UnitSet units = { NULL, 0 };
  gboolean guess, ret = FALSE;

  if (!neuro_file_vector_length (&f->times, &nt, error)
      || !neuro_file_vector_length (&f->ids, &ni, error))
    return FALSE;
  if (nt != ni) {
    FORMAT_ERROR (error, "%s has %" G_GUINT64_FORMAT " entries but %s has %"
        G_GUINT64_FORMAT ": unit ids and times must pair up", f->ids.name,
        ni, f->times.name, nt);
    return FALSE;
  }
  if (f->have_values) {
    guint64 nv;

    if (!neuro_file_vector_length (&f->values, &nv, error))
      return FALSE;
    if (nv != nt)
      f->have_values = FALSE;
  }
  if (auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO && th->kind != NPY_KIND_FLOAT)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_SAMPLES;
  guess = st->time_unit == GST_NEURO_FILE_TIME_UNIT_AUTO
      && auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO;
  spike_times_init (&stats);
  if (guess)
    units.bits = g_malloc0 (NEURO_MAX_UNITS / 8 + 1);
  eps = type_eps (th);

  for (k = 0; k < nt; k++) {
    gdouble t = neuro_file_array_double (&f->times, k);
    gint64 id;

    if (isnan (t)) {
      FORMAT_ERROR (error, "%s: spike time at index %" G_GUINT64_FORMAT
          " is NaN", f->times.name, k);
      goto done;
    }
    if (t < 0 || isinf (t)) {
      FORMAT_ERROR (error, "%s: spike time at index %" G_GUINT64_FORMAT
          " is %g; times must be finite and not negative", f->times.name,
          k, t);
      goto done;
    }
    if (t < prev) {
      FORMAT_ERROR (error, "%s: spike times are not sorted (index %"
          G_GUINT64_FORMAT ": %.17g after %.17g); sort both arrays by time "
          "(np.argsort(t, kind='stable'))", f->times.name, k, t, prev);
      goto done;
    }
    prev = t;
    if (ih->kind == NPY_KIND_FLOAT) {
      gdouble d = neuro_file_array_double (&f->ids, k);

      if (!isfinite (d) || d != floor (d)) {
        FORMAT_ERROR (error, "%s: unit id at index %" G_GUINT64_FORMAT
            " is %g, not an integer", f->ids.name, k, d);
        goto done;
      }
      if (d >= 9.2e18) {
        FORMAT_ERROR (error, "%s: unit id %g at index %" G_GUINT64_FORMAT
            " is too large", f->ids.name, d, k);
        goto done;
      }
    }
    id = neuro_file_array_int64 (&f->ids, k);
    if (id < 0) {
      FORMAT_ERROR (error, "%s: negative unit id %" G_GINT64_FORMAT
          " at index %" G_GUINT64_FORMAT, f->ids.name, id, k);
      goto done;
    }
    if (id > max_id) {
      max_id = id;
      max_index = k;
    }
    if (guess) {
      spike_times_add (&stats, t, eps);
      unit_set_add (&units, id);
    }
    if ((k & 0xfffff) == 0xfffff) {
      neuro_file_array_release (&f->times, k);
      neuro_file_array_release (&f->ids, k);
    }
  }
  /* streaming starts from the beginning again */
  neuro_file_array_release (&f->times, nt);
  neuro_file_array_release (&f->ids, nt);
  neuro_file_array_rewind (&f->times, 0);
  neuro_file_array_rewind (&f->ids, 0);
  if (!settle_time_unit (f, st, auto_unit, &stats, units.n,
          f->times.name, error))
    goto done;
  tmax = prev * f->time_scale;
  if (tmax > 9.0e18) {
    FORMAT_ERROR (error, "%s: last spike time %g is too large for a "
        "nanosecond timeline (wrong time-unit?)", f->times.name, prev);
    goto done;
  }
  if (!check_units (f, st, max_id, max_index, f->ids.name, error))
    goto done;
  f->n_spikes = nt;
  f->mode = NEURO_FILE_OUT_SPIKE_LIST;
  f->duration = ((guint64) neuro_file_to_ns (prev, f->time_scale) / st->slice
      + 1) * st->slice;
  ret = TRUE;
done:
  g_free (units.bits);
  return ret;
}

/* What one pass over an [N, 2] or [2, N] array says about its two parts
 * (columns of [N, 2], rows of [2, N]) as unit ids and spike times. */
typedef struct
{
  guint axis;                   /* 1: [N, 2]; 0: [2, N] */
  guint64 n;
  gboolean whole[2];            /* all whole numbers >= 0 */
  gboolean sorted[2];           /* finite, >= 0, non-decreasing */
  gboolean regular[2];          /* rising by one constant step */
  gboolean only01;              /* every entry 0 or 1: a raster */
  guint64 not_whole_at[2], unsorted_at[2];
  gdouble not_whole[2];
} PairScan;

static gboolean
is_pair_shape (const NpyHeader * h, guint * axis)
{
  if (h->ndim != 2 || h->kind == NPY_KIND_BOOL)
    return FALSE;
  if (h->shape[1] == 2) {
    *axis = 1;
    return TRUE;
  }
  if (h->shape[0] == 2 && h->shape[1] > 2) {
    *axis = 0;
    return TRUE;
  }
  return FALSE;
}

static inline guint64
pair_index (const NpyHeader * h, guint axis, guint64 k, guint c)
{
  return axis == 1 ? npy_index2 (h, k, c) : npy_index2 (h, c, k);
}

static void
pair_scan (const NeuroFileArray * a, guint axis, PairScan * ps)
{
  const NpyHeader *h = &a->h;
  gdouble prev[2] = { 0, 0 }, step[2] = { 0, 0 };
  guint64 k;
  guint c;

  memset (ps, 0, sizeof (*ps));
  ps->axis = axis;
  ps->n = h->shape[axis == 1 ? 0 : 1];
  ps->only01 = TRUE;
  for (c = 0; c < 2; c++) {
    ps->whole[c] = ps->sorted[c] = TRUE;
    ps->regular[c] = ps->n >= 3;
  }
  for (k = 0; k < ps->n; k++)
    for (c = 0; c < 2; c++) {
      gdouble v = npy_get_double (h, a->data, pair_index (h, axis, k, c));

      if (ps->whole[c] && !(isfinite (v) && v >= 0 && v == floor (v))) {
        ps->whole[c] = FALSE;
        ps->not_whole_at[c] = k;
        ps->not_whole[c] = v;
      }
      if (v != 0 && v != 1)
        ps->only01 = FALSE;
      if (ps->sorted[c] && (!isfinite (v) || v < 0 || (k > 0
                  && v < prev[c]))) {
        ps->sorted[c] = FALSE;
        ps->unsorted_at[c] = k;
      }
      if (ps->regular[c] && k > 0) {
        gdouble d = v - prev[c];

        if (k == 1)
          step[c] = d;
        if (!(d > 0) || fabs (d - step[c]) > 1e-6 * step[c])
          ps->regular[c] = FALSE;
      }
      prev[c] = v;
    }
}

/* "column 0: 0.5 at row 3 is not a whole number >= 0; column 1: not
 * sorted (row 2)" */
static gchar *
pair_describe (const PairScan * ps)
{
  const gchar *part = ps->axis == 1 ? "column" : "row";
  const gchar *pos = ps->axis == 1 ? "row" : "column";
  GString *s = g_string_new (NULL);
  guint c;

  for (c = 0; c < 2; c++) {
    g_string_append_printf (s, "%s%s %u: ", c ? "; " : "", part, c);
    if (ps->whole[c])
      g_string_append (s, "whole numbers >= 0");
    else
      g_string_append_printf (s, "%g at %s %" G_GUINT64_FORMAT " is not a "
          "whole number >= 0", ps->not_whole[c], pos, ps->not_whole_at[c]);
    if (ps->sorted[c])
      g_string_append (s, ps->regular[c] ? ", evenly spaced (a time axis "
          "of samples)" : ", sorted");
    else
      g_string_append_printf (s, ", not sorted (%s %" G_GUINT64_FORMAT ")",
          pos, ps->unsorted_at[c]);
  }
  return g_string_free (s, FALSE);
}

/* Reads the dense [N, 2] / [2, N] array as spikes: part @id_c holds the
 * unit ids, the other one the times. */
static gboolean
setup_pairs (NeuroFile * f, const NeuroFileSettings * st, guint axis,
    guint id_c, GError ** error)
{
  NeuroFileArray *d = &f->dense;
  const NpyHeader *h = &d->h;
  guint c;

  for (c = 0; c < 2; c++) {
    NeuroFileArray *a = c == id_c ? &f->ids : &f->times;
    guint64 i0 = pair_index (h, axis, 0, c), i1 = pair_index (h, axis, 1, c);

    neuro_file_array_clear (a);
    a->h = *h;
    a->data = d->data + i0 * h->itemsize;
    a->step = i1 - i0;
    a->pair = TRUE;
    a->mapped = d->mapped;
    a->name = g_strdup_printf ("%s %s %u (%s)", d->name,
        axis == 1 ? "column" : "row", c, c == id_c ? "unit ids" : "times");
  }
  GST_INFO_OBJECT (f->log, "%s: unit id / time pairs, ids in %s %u", d->name,
      axis == 1 ? "column" : "row", id_c);
  neuro_file_array_clear (d);
  return neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_AUTO, error);
}

static const gchar *
columns_nick (GstNeuroFileColumns c)
{
  return c == GST_NEURO_FILE_COLUMNS_ID_TIME ? "id-time" : "time-id";
}

/* An [N, 2] or [2, N] array that may hold unit id / time pairs.  Returns
 * TRUE with *@handled when it was read (or failed) as pairs; else the
 * caller reads it as a raster or signal, and *@hint says why it is not
 * pairs. */
static gboolean
try_pairs (NeuroFile * f, const NeuroFileSettings * st, GstNeuroFileKind kind,
    gboolean * handled, gchar ** hint, GError ** error)
{
  const NpyHeader *h = &f->dense.h;
  const gchar *name = f->dense.name;
  gboolean it, ti;
  PairScan ps;
  guint axis;
  char shape[64];

  *handled = FALSE;
  *hint = NULL;
  npy_shape_string (h, shape, sizeof (shape));
  if (st->columns != GST_NEURO_FILE_COLUMNS_AUTO) {
    guint id_c = st->columns == GST_NEURO_FILE_COLUMNS_ID_TIME ? 0 : 1;

    *handled = TRUE;
    if (kind != GST_NEURO_FILE_KIND_AUTO
        && kind != GST_NEURO_FILE_KIND_SPIKES) {
      SETTINGS_ERROR (error, "%s: columns=%s reads unit id / time pairs, "
          "which are spikes: it does not go with this kind", name,
          columns_nick (st->columns));
      return FALSE;
    }
    if (!is_pair_shape (h, &axis)) {
      FORMAT_ERROR (error, "%s: columns=%s needs an [N, 2] or [2, N] array "
          "of unit ids and times, got shape %s of %s", name,
          columns_nick (st->columns), shape, h->descr);
      return FALSE;
    }
    pair_scan (&f->dense, axis, &ps);
    if (!ps.whole[id_c]) {
      gchar *desc = pair_describe (&ps);

      FORMAT_ERROR (error, "%s: columns=%s, but %s %u cannot be unit ids "
          "(%s)%s", name, columns_nick (st->columns),
          axis == 1 ? "column" : "row", id_c, desc,
          ps.whole[1 - id_c] && ps.sorted[id_c] ? "; the order looks "
          "swapped: try the other columns value" : "");
      g_free (desc);
      return FALSE;
    }
    return setup_pairs (f, st, axis, id_c, error);
  }

  if ((kind != GST_NEURO_FILE_KIND_AUTO && kind != GST_NEURO_FILE_KIND_SPIKES)
      || !is_pair_shape (h, &axis))
    return TRUE;
  pair_scan (&f->dense, axis, &ps);
  /* with kind=spikes whole numbers are the documented count raster; in
   * auto an evenly spaced column is a sampled signal's time axis */
  if (kind == GST_NEURO_FILE_KIND_SPIKES && ps.whole[0] && ps.whole[1])
    return TRUE;
  it = ps.whole[0] && ps.sorted[1] && !ps.only01
      && (kind == GST_NEURO_FILE_KIND_SPIKES || !ps.regular[1]);
  ti = ps.whole[1] && ps.sorted[0] && !ps.only01
      && (kind == GST_NEURO_FILE_KIND_SPIKES || !ps.regular[0]);
  if (it && ti) {
    *handled = TRUE;
    SETTINGS_ERROR (error, "%s: shape %s could be (unit id, time) or (time, "
        "unit id) pairs (both are whole numbers and sorted): set "
        "columns=id-time or columns=time-id (or kind=signal)", name, shape);
    return FALSE;
  }
  if (it || ti) {
    *handled = TRUE;
    return setup_pairs (f, st, axis, it ? 0 : 1, error);
  }
  *hint = pair_describe (&ps);
  if (kind == GST_NEURO_FILE_KIND_SPIKES) {
    *handled = TRUE;
    FORMAT_ERROR (error, "%s: shape %s with kind=spikes is neither a raster "
        "of counts (whole numbers >= 0) nor unit id / time pairs (%s)",
        name, shape, *hint);
    return FALSE;
  }
  return TRUE;
}

/* The rate of dense output is that of its caps (at most NEURO_MAX_RATE),
 * and n_rows / rate must fit GStreamer's clock (2^63 ns, 292 years). */
static gboolean
set_dense_duration (NeuroFile * f, const gchar * name,
    GError ** error)
{
  gdouble ns;

  if (f->eff_rate > NEURO_MAX_RATE) {
    SETTINGS_ERROR (error, "%s: a rate of %g Hz is above the %.0f Hz "
        "supported (check 'rate' or 'dt')", name, f->eff_rate,
        NEURO_MAX_RATE);
    return FALSE;
  }
  ns = f->n_rows * 1e9 / f->eff_rate;
  if (!(ns < 9.2e18)) {
    SETTINGS_ERROR (error, "%s: %" G_GUINT64_FORMAT " rows at %g Hz last "
        "%g s, more than the 292 years GStreamer's clock counts (check "
        "'rate' or 'dt')", name, f->n_rows, f->eff_rate, ns / 1e9);
    return FALSE;
  }
  f->duration = (GstClockTime) llround (ns);
  return TRUE;
}

/* A [T, N] raster of counts or booleans, one row per time step. */
static gboolean
setup_raster (NeuroFile * f, const NeuroFileSettings * st,
    const gchar * shape, GError ** error)
{
  const NpyHeader *h = &f->dense.h;
  const gchar *name = f->dense.name;

  if (h->ndim != 2) {
    FORMAT_ERROR (error, "%s: a spike raster must be [T, N], got shape %s",
        name, shape);
    return FALSE;
  }
  if (!need_rate (f, st, name, error))
    return FALSE;
  f->n_rows = h->shape[0];
  if (h->shape[1] > NEURO_MAX_UNITS) {
    FORMAT_ERROR (error, "%s: %" G_GUINT64_FORMAT " units is more than "
        "the %d supported", name, h->shape[1], NEURO_MAX_UNITS);
    return FALSE;
  }
  f->channels = h->shape[1];
  if (st->units > 0 && (guint64) st->units < h->shape[1]) {
    FORMAT_ERROR (error, "%s: the raster has %" G_GUINT64_FORMAT
        " units (columns) but units=%d", name, h->shape[1], st->units);
    return FALSE;
  }
  f->out_units = st->units > 0 ? st->units : (gint) h->shape[1];
  f->mode = NEURO_FILE_OUT_SPIKE_DENSE;
  return set_dense_duration (f, name, error);
}

/* A [T] or [T, C] signal. */
static gboolean
setup_signal (NeuroFile * f, const NeuroFileSettings * st,
    const gchar * shape, GError ** error)
{
  const NpyHeader *h = &f->dense.h;
  const gchar *name = f->dense.name;
  gdouble n;

  if (h->ndim != 1 && h->ndim != 2) {
    FORMAT_ERROR (error, "%s: a signal must be [T] or [T, C], got shape %s",
        name, shape);
    return FALSE;
  }
  f->n_rows = h->shape[0];
  if (!need_rate (f, st, name, error)
      || !set_dense_duration (f, name, error))
    return FALSE;
  if (h->ndim == 2 && h->shape[1] > NEURO_MAX_CHANNELS) {
    FORMAT_ERROR (error, "%s: %" G_GUINT64_FORMAT " channels is more "
        "than the %d supported (is the array transposed?)", name,
        h->shape[1], NEURO_MAX_CHANNELS);
    return FALSE;
  }
  f->channels = h->ndim == 2 ? h->shape[1] : 1;
  f->mode = NEURO_FILE_OUT_SIGNAL;
  /* a slice of samples (auto: lengthened to NEURO_FILE_SIGNAL_BUFFER
   * bytes, at most NEURO_FILE_AUTO_SLICE_MAX), but no buffer above
   * MAX_SIGNAL_BUFFER bytes */
  n = st->slice * f->eff_rate / 1e9;
  if (st->slice_auto)
    n = MAX (n, MIN (NEURO_FILE_SIGNAL_BUFFER / (f->channels * 4.0),
            NEURO_FILE_AUTO_SLICE_MAX * f->eff_rate / 1e9));
  f->samples_per_buffer = MAX (1, (guint) MIN (MIN (G_MAXINT, llround (n)),
          MAX_SIGNAL_BUFFER / (f->channels * 4)));
  return TRUE;
}

/* [T, H, W] matrices or one [H, W] still (square for connectivity). */
static gboolean
setup_matrices (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileKind kind, const gchar * shape, GError ** error)
{
  const NpyHeader *h = &f->dense.h;
  const gchar *name = f->dense.name;

  if (h->ndim != 2 && h->ndim != 3) {
    FORMAT_ERROR (error, "%s: matrices must be [T, H, W] or one [H, W], "
        "got shape %s", name, shape);
    return FALSE;
  }
  if (kind == GST_NEURO_FILE_KIND_CONNECTIVITY
      && h->shape[h->ndim - 1] != h->shape[h->ndim - 2]) {
    FORMAT_ERROR (error, "%s: connectivity must be [T, N, N] or [N, N], "
        "got shape %s", name, shape);
    return FALSE;
  }
  if (h->shape[h->ndim - 1] > NEURO_MAX_DIM
      || h->shape[h->ndim - 2] > NEURO_MAX_DIM) {
    FORMAT_ERROR (error, "%s: matrices of shape %s are larger than "
        "%d x %d", name, shape, NEURO_MAX_DIM, NEURO_MAX_DIM);
    return FALSE;
  }
  f->height = h->shape[h->ndim - 2];
  f->width = h->shape[h->ndim - 1];
  f->mode = NEURO_FILE_OUT_FRAMES;
  if (h->ndim == 2) {
    f->n_rows = 1;
    f->eff_rate = 0;
    f->duration = GST_CLOCK_TIME_NONE;
    return TRUE;
  }
  if (!need_rate (f, st, name, error))
    return FALSE;
  f->n_rows = h->shape[0];
  return set_dense_duration (f, name, error);
}

/* Dense array read by shape (and the kind property where shapes do not
 * decide). */
static gboolean
setup_dense_kind (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileKind kind, GError ** error)
{
  const NpyHeader *h = &f->dense.h;
  char shape[64];

  npy_shape_string (h, shape, sizeof (shape));
  if (kind == GST_NEURO_FILE_KIND_AUTO) {
    if (h->ndim == 1)
      kind = GST_NEURO_FILE_KIND_SIGNAL;
    else if (h->ndim == 2)
      kind = h->kind == NPY_KIND_BOOL ? GST_NEURO_FILE_KIND_SPIKES :
          GST_NEURO_FILE_KIND_SIGNAL;
    else if (h->ndim == 3)
      kind = GST_NEURO_FILE_KIND_FRAMES;
    else {
      FORMAT_ERROR (error, "%s: cannot read an array of shape %s: expected "
          "[T], [T, C], [T, N] bool, [T, H, W] or [N, N]", f->dense.name,
          shape);
      return FALSE;
    }
  }
  switch (kind) {
    case GST_NEURO_FILE_KIND_SPIKES:
      return setup_raster (f, st, shape, error);
    case GST_NEURO_FILE_KIND_SIGNAL:
      return setup_signal (f, st, shape, error);
    case GST_NEURO_FILE_KIND_FRAMES:
    case GST_NEURO_FILE_KIND_CONNECTIVITY:
      return setup_matrices (f, st, kind, shape, error);
    default:
      break;
  }
  return FALSE;
}

/* Dense array: unit id / time pairs (unless the format says it is
 * sampled data: !@pairs), or by shape and kind. */
gboolean
neuro_file_setup_dense (NeuroFile * f, const NeuroFileSettings * st,
    gboolean pairs, GError ** error)
{
  GstNeuroFileKind kind = st->kind;
  gchar *pairs_hint = NULL;
  gboolean handled, ret;

  if (pairs) {
    ret = try_pairs (f, st, kind, &handled, &pairs_hint, error);
    if (handled)
      return ret;
  }
  ret = setup_dense_kind (f, st, kind, error);
  if (!ret && pairs_hint && error && *error
      && g_error_matches (*error, GST_RESOURCE_ERROR,
          GST_RESOURCE_ERROR_SETTINGS)) {
    /* "needs a sampling rate": it may be pairs that did not look like it */
    gchar *m = g_strdup_printf ("%s; for unit id / time pairs set "
        "columns=id-time or columns=time-id (%s)", (*error)->message,
        pairs_hint);

    g_free ((*error)->message);
    (*error)->message = m;
  }
  g_free (pairs_hint);
  return ret;
}

/* First entry of @a that is not a whole number (G_MAXUINT64: none). */
static guint64
first_fraction (const NeuroFileArray * a)
{
  guint64 k;

  if (a->h.kind != NPY_KIND_FLOAT)
    return G_MAXUINT64;
  for (k = 0; k < a->h.count; k++) {
    gdouble v = npy_get_double (&a->h, a->data, k);

    if (!isfinite (v) || v != floor (v))
      return k;
  }
  return G_MAXUINT64;
}

/* Brian2's i and t given the wrong way round: fractional "ids" next to
 * whole "times" (which would otherwise ask for a sampling rate). */
gboolean
neuro_file_check_not_swapped (NeuroFile * f, GError ** error)
{
  guint64 k = first_fraction (&f->ids);

  if (k != G_MAXUINT64 && first_fraction (&f->times) == G_MAXUINT64) {
    SETTINGS_ERROR (error, "%s holds %g at index %" G_GUINT64_FORMAT ", not "
        "a unit id, and %s holds whole numbers: the files look swapped "
        "('location' takes the unit ids, Brian2's i; 'times-location' the "
        "spike times, t)", f->ids.name,
        npy_get_double (&f->ids.h, f->ids.data, k), k,
        f->times.name);
    return FALSE;
  }
  return TRUE;
}
/* A parsed text spike list: sorted, checked, its time unit settled;
 * @auto_unit is what the file or its name says. */
gboolean
neuro_file_setup_text (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileTimeUnit auto_unit, GError ** error)
{
  SpikeTimeStats stats;
  UnitSet units = { NULL, 0 };
  gdouble tmax;
  gsize k;
  gboolean ok;

  /* Text lists are in memory anyway: sort rather than refuse. */
  spikelist_sort (&f->text);
  if (f->text.rec[0].t < 0) {
    FORMAT_ERROR (error, "%s: negative spike time %g", st->location,
        f->text.rec[0].t);
    return FALSE;
  }
  if (st->units > 0 && f->text.max_unit >= st->units) {
    for (k = 0; k < f->text.n; k++)
      if (f->text.rec[k].unit >= st->units)
        break;
    FORMAT_ERROR (error, "%s: unit id %" G_GINT64_FORMAT " is not below "
        "units=%d", st->location, f->text.rec[k].unit, st->units);
    return FALSE;
  }
  if (!check_units (f, st, f->text.max_unit, 0, st->location, error))
    return FALSE;
  spike_times_init (&stats);
  if (st->time_unit == GST_NEURO_FILE_TIME_UNIT_AUTO
      && auto_unit == GST_NEURO_FILE_TIME_UNIT_AUTO) {
    /* ids are below NEURO_MAX_UNITS here */
    units.bits = g_malloc0 (f->text.max_unit / 8 + 1);
    for (k = 0; k < f->text.n; k++) {
      /* decimal text: parsed as exactly as a double allows */
      spike_times_add (&stats, f->text.rec[k].t, 2.3e-16);
      unit_set_add (&units, f->text.rec[k].unit);
    }
  }
  ok = settle_time_unit (f, st, auto_unit, &stats, units.n, st->location,
      error);
  g_free (units.bits);
  if (!ok)
    return FALSE;
  tmax = f->text.rec[f->text.n - 1].t;
  if (tmax * f->time_scale > 9.0e18) {
    FORMAT_ERROR (error, "%s: last spike time %g is too large for a "
        "nanosecond timeline (wrong time-unit?)", st->location, tmax);
    return FALSE;
  }
  f->from_text = TRUE;
  f->n_spikes = f->text.n;
  f->mode = NEURO_FILE_OUT_SPIKE_LIST;
  f->duration = ((guint64) neuro_file_to_ns (tmax, f->time_scale) / st->slice
      + 1) * st->slice;
  return TRUE;
}

