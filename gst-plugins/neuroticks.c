/* gst-neuroviz — linear and log ticks, tick labels, colour limits.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroticks.h"

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
