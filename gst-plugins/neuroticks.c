/* gst-neuroviz — linear and log ticks, tick labels, colour limits.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroticks.h"
#include "neuroclamp.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

gint
neuro_nice_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out, gdouble * step_out)
{
  static const gdouble steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
  gdouble range, raw, mag, step = 0, first, v;
  gint i, n = 0;

  if (!isfinite (lo) || !isfinite (hi) || hi <= lo || max_ticks < 1) {
    if (step_out)
      *step_out = 1.0;
    return 0;
  }
  range = hi - lo;
  raw = range / max_ticks;
  mag = pow (10.0, floor (log10 (raw)));
  for (i = 0; i < (gint) G_N_ELEMENTS (steps); i++) {
    step = steps[i] * mag;
    if (step >= raw * (1 - 1e-9))
      break;
  }
  first = ceil (lo / step - 1e-9) * step;
  for (v = first; v <= hi + step * 1e-9 && n < max_out; v = first + n * step) {
    ticks[n++] = fabs (v) < step * 1e-9 ? 0.0 : v;
  }
  if (step_out)
    *step_out = step;
  return n;
}

void
neuro_format_tick (gdouble v, gdouble step, gchar * buf, gsize len)
{
  gint decimals = 0;
  gdouble s = step;

  /* enough decimals to tell ticks apart: 2.5 needs one, 0.25 two */
  if (s > 0) {
    while (decimals < 9 && fabs (s * pow (10, decimals) -
            round (s * pow (10, decimals))) > 1e-6 * s * pow (10, decimals))
      decimals++;
  }
  if (fabs (v) < step * 1e-9)
    v = 0.0;
  if (fabs (v) >= 1e6 || (fabs (v) > 0 && fabs (v) < 1e-4 && decimals > 4))
    g_snprintf (buf, len, "%.3g", v);
  else
    g_snprintf (buf, len, "%.*f", decimals, v);
  /* never print "-0" */
  if (strcmp (buf, "-0") == 0 || (buf[0] == '-' && atof (buf) == 0.0))
    memmove (buf, buf + 1, strlen (buf));
  /* matplotlib's axes.unicode_minus: U+2212 MINUS SIGN, not a hyphen */
  if (buf[0] == '-' && strlen (buf) + 3 <= len) {
    memmove (buf + 3, buf + 1, strlen (buf));
    memcpy (buf, "\xe2\x88\x92", 3);
  }
}

gint
neuro_log_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out)
{
  gint k0, k1, k, every, n = 0;

  if (!(lo > 0 && hi > lo && isfinite (hi)) || max_out <= 0)
    return 0;
  /* a little slack so that a limit of exactly 10^k gets its tick */
  k0 = (gint) ceil (log10 (lo) - 1e-9);
  k1 = (gint) floor (log10 (hi) + 1e-9);
  if (k1 - k0 + 1 >= 2) {
    every = MAX (1, (k1 - k0 + max_ticks) / MAX (max_ticks, 1));
    /* decades that are multiples of the stride, as LogLocator */
    for (k = k0; k <= k1 && n < max_out; k++)
      if (((k % every) + every) % every == 0)
        ticks[n++] = pow (10.0, k);
    return n;
  }
  for (k = k0 - 1; k <= k1 && n < max_out; k++) {
    static const gdouble m[] = { 1, 2, 5 };
    gint i;

    for (i = 0; i < 3 && n < max_out; i++) {
      gdouble v = m[i] * pow (10.0, k);

      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9))
        ticks[n++] = v;
    }
  }
  return n;
}

void
neuro_format_log_tick (gdouble v, gchar * buf, gsize len)
{
  /* superscript digits in UTF-8: U+2070, U+00B9, U+00B2, U+00B3,
   * U+2074..U+2079 */
  static const gchar *sup[] = { "\xe2\x81\xb0", "\xc2\xb9", "\xc2\xb2",
    "\xc2\xb3", "\xe2\x81\xb4", "\xe2\x81\xb5", "\xe2\x81\xb6",
    "\xe2\x81\xb7", "\xe2\x81\xb8", "\xe2\x81\xb9"
  };
  gdouble k = log10 (v);
  gint e = (gint) lround (k), i;
  gchar digits[16];
  GString *out;

  if (!(v > 0) || fabs (k - e) > 1e-9) {
    g_snprintf (buf, len, "%g", v);
    return;
  }
  out = g_string_new ("10");
  if (e < 0)
    g_string_append (out, "\xe2\x81\xbb");     /* U+207B superscript minus */
  g_snprintf (digits, sizeof digits, "%d", ABS (e));
  for (i = 0; digits[i]; i++)
    g_string_append (out, sup[digits[i] - '0']);
  g_strlcpy (buf, out->str, len);
  g_string_free (out, TRUE);
}

void
neuro_nonsingular (gdouble * lo, gdouble * hi)
{
  gdouble maxabs = MAX (fabs (*lo), fabs (*hi));

  if (!isfinite (*lo) || !isfinite (*hi) || *hi - *lo > maxabs * 1e-15)
    return;
  if (*lo == 0 && *hi == 0) {
    *lo = -0.1;
    *hi = 0.1;
  } else {
    *lo -= 0.1 * fabs (*lo);
    *hi += 0.1 * fabs (*hi);
  }
}

/* ------------------------------------------- matplotlib's AutoLocator */

void
neuro_nonsingular_full (gdouble * vmin, gdouble * vmax, gdouble expander,
    gdouble tiny)
{
  gdouble lo = *vmin, hi = *vmax, maxabs;

  if (!isfinite (lo) || !isfinite (hi)) {
    *vmin = -expander;
    *vmax = expander;
    return;
  }
  if (hi < lo) {
    gdouble tmp = lo;

    lo = hi;
    hi = tmp;
  }
  maxabs = MAX (fabs (lo), fabs (hi));
  if (maxabs < (1e6 / tiny) * DBL_MIN) {
    lo = -expander;
    hi = expander;
  } else if (hi - lo <= maxabs * tiny) {
    if (hi == 0 && lo == 0) {
      lo = -expander;
      hi = expander;
    } else {
      lo -= expander * fabs (lo);
      hi += expander * fabs (hi);
    }
  }
  *vmin = lo;
  *vmax = hi;
}

gint
neuro_tick_space (gdouble length_px, gdouble dpi, gdouble font_pt,
    gboolean x_axis)
{
  /* the same float steps as matplotlib: pixels -> inches (times the
   * inverse of its dpi scale) -> points */
  gdouble length = length_px * (1.0 / dpi) * 72.0;
  gdouble size = font_pt * (x_axis ? 3 : 2);
  gdouble n;

  if (!(size > 0))
    return G_MAXINT;
  n = floor (length / size);
  return n >= G_MAXINT ? G_MAXINT : n <= 0 ? 0 : (gint) n;
}

/* Python's float divmod () (numpy's floor_divide is the same), not
 * floor (a / b): the ticks must fall where matplotlib's fall. */
static void
py_divmod (gdouble a, gdouble b, gdouble * div_out, gdouble * mod_out)
{
  gdouble mod = fmod (a, b), div, fdiv;

  div = (a - mod) / b;
  if (mod != 0) {
    if ((b < 0) != (mod < 0)) {
      mod += b;
      div -= 1.0;
    }
  } else {
    mod = copysign (0.0, b);
  }
  if (div != 0) {
    fdiv = floor (div);
    if (div - fdiv > 0.5)
      fdiv += 1.0;
  } else {
    fdiv = copysign (0.0, a / b);
  }
  *div_out = fdiv;
  if (mod_out)
    *mod_out = mod;
}

static gdouble
py_floordiv (gdouble a, gdouble b)
{
  gdouble d;

  py_divmod (a, b, &d, NULL);
  return d;
}

/* ticker._Edge_integer: multiples of a step with slop for a large
 * offset */
static gboolean
edge_close (gdouble step, gdouble offset, gdouble ms, gdouble edge)
{
  gdouble tol = 1e-10;

  if (offset > 0) {
    gdouble digits = log10 (offset / step);

    tol = MIN (0.4999, MAX (1e-10, pow (10, digits - 12)));
  }
  return fabs (ms - edge) < tol;
}

static gdouble
edge_le (gdouble step, gdouble offset, gdouble x)
{
  gdouble d, m;

  py_divmod (x, step, &d, &m);
  return edge_close (step, offset, m / step, 1) ? d + 1 : d;
}

static gdouble
edge_ge (gdouble step, gdouble offset, gdouble x)
{
  gdouble d, m;

  py_divmod (x, step, &d, &m);
  return edge_close (step, offset, m / step, 0) ? d : d + 1;
}

gint
neuro_auto_ticks (gdouble vmin, gdouble vmax, gint tick_space,
    gdouble * ticks, gint max_out)
{
  /* MaxNLocator._staircase of the steps 1, 2, 2.5, 5, 10 */
  static const gdouble staircase[] = { 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5,
    10, 20
  };
  const gint min_n_ticks = 2;
  gdouble dv, meanv, offset = 0, scale, lo, hi, raw_step;
  gint nbins, istep, i, n = 0;

  if (max_out <= 0)
    return 0;
  neuro_nonsingular_full (&vmin, &vmax, 1e-13, 1e-14);
  nbins = CLAMP (tick_space, MAX (1, min_n_ticks - 1), 9);

  /* ticker.scale_range */
  dv = fabs (vmax - vmin);
  meanv = (vmax + vmin) / 2;
  if (!(fabs (meanv) / dv < 100))
    offset = copysign (pow (10, py_floordiv (log10 (fabs (meanv)), 1)),
        meanv);
  scale = pow (10, py_floordiv (log10 (dv / nbins), 1));

  lo = vmin - offset;
  hi = vmax - offset;
  raw_step = (hi - lo) / nbins;
  for (istep = 0; istep < (gint) G_N_ELEMENTS (staircase) - 1; istep++)
    if (staircase[istep] * scale >= raw_step)
      break;

  /* the largest step up to that one that still shows min_n_ticks */
  for (; istep >= 0; istep--) {
    gdouble step = staircase[istep] * scale;
    gdouble best_vmin = py_floordiv (lo, step) * step;
    gdouble low = edge_le (step, fabs (offset), lo - best_vmin);
    gdouble high = edge_ge (step, fabs (offset), hi - best_vmin);
    gint shown = 0;
    gdouble k;

    n = 0;
    for (k = low; k <= high && n < max_out; k += 1) {
      gdouble v = k * step + best_vmin;

      if (v <= hi && v >= lo)
        shown++;
      ticks[n++] = v;
    }
    if (shown >= min_n_ticks)
      break;
  }
  for (i = 0; i < n; i++)
    ticks[i] += offset;
  return n;
}

gint
neuro_auto_ticks_visible (gdouble vmin, gdouble vmax, gint tick_space,
    gdouble * ticks, gint max_out)
{
  gdouble lo = MIN (vmin, vmax), hi = MAX (vmin, vmax), tol;
  gint n = neuro_auto_ticks (vmin, vmax, tick_space, ticks, max_out), i, k;

  /* as Axis._update_ticks: inside the interval within 1e-10 of its
   * length */
  tol = (hi - lo) * 1e-10;
  for (i = k = 0; i < n; i++)
    if (ticks[i] >= lo - tol && ticks[i] <= hi + tol)
      ticks[k++] = ticks[i];
  return k;
}

/* -------------------------------------- matplotlib's ScalarFormatter */

/* numpy's round (x, decimals) for decimals >= 0 */
static gdouble
np_round (gdouble x, gint decimals)
{
  gdouble f = pow (10.0, decimals);

  return nearbyint (x * f) / f;
}

static gint
in_view (const gdouble * locs, gint n, gdouble vmin, gdouble vmax,
    gdouble * out)
{
  gint i, k = 0;

  for (i = 0; i < n; i++)
    if (vmin <= locs[i] && locs[i] <= vmax)
      out[k++] = locs[i];
  return k;
}

static gdouble
compute_offset (const gdouble * locs, gint n)
{
  gdouble lmin, lmax, abs_min, abs_max, sign, oom_max, oom;
  gint i, guard;

  if (n == 0)
    return 0;
  lmin = lmax = locs[0];
  for (i = 1; i < n; i++) {
    lmin = MIN (lmin, locs[i]);
    lmax = MAX (lmax, locs[i]);
  }
  if (lmin == lmax || (lmin <= 0 && 0 <= lmax))
    return 0;
  abs_min = MIN (fabs (lmin), fabs (lmax));
  abs_max = MAX (fabs (lmin), fabs (lmax));
  sign = copysign (1, lmin);
  oom_max = ceil (log10 (abs_max));
  /* the first decade (downwards) where the ends differ */
  for (oom = oom_max, guard = 0; guard < 700; oom -= 1, guard++)
    if (py_floordiv (abs_min, pow (10, oom)) !=
        py_floordiv (abs_max, pow (10, oom)))
      break;
  oom += 1;
  if ((abs_max - abs_min) / pow (10, oom) <= 1e-2) {
    for (oom = oom_max, guard = 0; guard < 700; oom -= 1, guard++)
      if (py_floordiv (abs_max, pow (10, oom)) -
          py_floordiv (abs_min, pow (10, oom)) > 1)
        break;
    oom += 1;
  }
  /* offset_threshold 4: an offset only for 4 shared leading digits */
  if (py_floordiv (abs_max, pow (10, oom)) >= 1e3)
    return sign * py_floordiv (abs_max, pow (10, oom)) * pow (10, oom);
  return 0;
}

void
neuro_tick_format_init (NeuroTickFormat * f, const gdouble * locs, gint n,
    gdouble vmin, gdouble vmax)
{
  gdouble view_stack[68], all_stack[68];
  gdouble *view = view_stack, *all = all_stack;
  gdouble lo = MIN (vmin, vmax), hi = MAX (vmin, vmax);
  gdouble loc_range, lmin, lmax, thresh;
  gint nv, na, i, oom, range_oom, sigfigs;

  f->offset = 0;
  f->oom = 0;
  f->decimals = 0;
  if (n <= 0)
    return;
  /* per axis and frame: no allocation for the usual handful of ticks */
  if (n + 2 > (gint) G_N_ELEMENTS (view_stack)) {
    view = g_new (gdouble, n + 2);
    all = g_new (gdouble, n + 2);
  }
  nv = in_view (locs, n, lo, hi, view);
  f->offset = compute_offset (view, nv);

  /* _set_order_of_magnitude (axes.formatter.limits -5, 6) */
  if (nv > 0) {
    if (f->offset != 0) {
      oom = neuro_clamp_to_int (floor (log10 (hi - lo)), -400, 400);
    } else {
      gdouble val = 0;

      for (i = 0; i < nv; i++)
        val = MAX (val, fabs (view[i]));
      oom = val == 0 ? 0 : neuro_clamp_to_int (floor (log10 (val)), -400,
          400);
    }
    if (oom <= -5 || oom >= 6)
      f->oom = oom;
  }

  /* _set_format: the fewest decimals that keep the labels apart */
  na = 0;
  for (i = 0; i < n; i++)
    all[na++] = locs[i];
  if (n < 2) {
    all[na++] = vmin;
    all[na++] = vmax;
  }
  for (i = 0; i < na; i++)
    all[i] = (all[i] - f->offset) / pow (10.0, f->oom);
  lmin = lmax = all[0];
  for (i = 1; i < na; i++) {
    lmin = MIN (lmin, all[i]);
    lmax = MAX (lmax, all[i]);
  }
  loc_range = lmax - lmin;
  if (loc_range == 0)
    loc_range = MAX (fabs (lmin), fabs (lmax));
  if (loc_range == 0)
    loc_range = 1;
  if (n < 2)
    na -= 2;
  range_oom = neuro_clamp_to_int (floor (log10 (loc_range)), -400, 400);
  sigfigs = MAX (0, 3 - range_oom);
  thresh = 1e-3 * pow (10, range_oom);
  while (sigfigs >= 0) {
    gdouble worst = 0;

    for (i = 0; i < na; i++)
      worst = MAX (worst, fabs (all[i] - np_round (all[i], sigfigs)));
    if (worst < thresh)
      sigfigs--;
    else
      break;
  }
  f->decimals = MIN (sigfigs + 1, 30);
  if (view != view_stack) {
    g_free (view);
    g_free (all);
  }
}

/* "-" -> U+2212 MINUS SIGN (axes.unicode_minus) */
static void
unicode_minus (gchar * buf, gsize len)
{
  gchar *p;

  while ((p = strchr (buf, '-')) != NULL && strlen (buf) + 3 <= len) {
    memmove (p + 3, p + 1, strlen (p + 1) + 1);
    memcpy (p, "\xe2\x88\x92", 3);
  }
}

void
neuro_tick_format_label (const NeuroTickFormat * f, gdouble v, gchar * buf,
    gsize len)
{
  gdouble xp = (v - f->offset) / pow (10.0, f->oom);

  if (fabs (xp) < 1e-8)
    xp = 0;
  g_snprintf (buf, len, "%1.*f", f->decimals, xp);
  unicode_minus (buf, len);
}

/* ScalarFormatter.format_data: 1000 as "1e3", 1500 as "1.5e3" */
static void
format_data (gdouble v, gchar * buf, gsize len)
{
  gint e = neuro_clamp_to_int (floor (log10 (fabs (v))), -400, 400);
  gdouble s = np_round (v / pow (10, e), 10);

  if (fmod (s, 1) == 0)
    g_snprintf (buf, len, "%d", (gint) s);
  else
    g_snprintf (buf, len, "%1.10g", s);
  if (e != 0) {
    gsize l = strlen (buf);

    g_snprintf (buf + l, len - l, "e%d", e);
  }
}

gboolean
neuro_tick_format_offset_text (const NeuroTickFormat * f, gchar * buf,
    gsize len)
{
  gchar sci[64] = "", off[64] = "";

  buf[0] = '\0';
  if (f->oom == 0 && f->offset == 0)
    return FALSE;
  if (f->oom != 0)
    g_snprintf (sci, sizeof sci, "1e%d", f->oom);
  if (f->offset != 0) {
    format_data (f->offset, off + 1, sizeof off - 1);
    off[0] = '+';
    if (f->offset < 0)
      memmove (off, off + 1, strlen (off));
  }
  g_snprintf (buf, len, "%s%s", sci, off);
  unicode_minus (buf, len);
  return TRUE;
}
