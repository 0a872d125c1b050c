/* gst-neuroviz — the decorations cache (see neurodeco.h)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurodeco.h"

#include <string.h>

struct _NeuroDecoCache
{
  gchar *key;                   /* of the kept pixels; NULL: none */
  gchar *missed;                /* the last key restore missed */
  gboolean repeated;            /* that miss repeated the one before */
  gint width, height;
  guint32 *pix;                 /* width x height, only the spans set */
  gsize pix_cap;
  gint *spans;                  /* per row [a0, a1) [b0, b1) */
  gsize spans_cap;
};

NeuroDecoCache *
neuro_deco_cache_new (void)
{
  return g_new0 (NeuroDecoCache, 1);
}

void
neuro_deco_cache_free (NeuroDecoCache * c)
{
  if (c == NULL)
    return;
  g_free (c->key);
  g_free (c->missed);
  g_free (c->pix);
  g_free (c->spans);
  g_free (c);
}

gboolean
neuro_deco_cache_restore (NeuroDecoCache * c, NeuroCanvas * cv,
    const gchar * key)
{
  gint y, k;

  if (c->key && cv->width == c->width && cv->height == c->height
      && strcmp (key, c->key) == 0) {
    for (y = 0; y < cv->height; y++) {
      guint32 *row = neuro_canvas_row (cv, y);
      const guint32 *src = c->pix + (gsize) y * c->width;
      const gint *sp = c->spans + 4 * y;

      for (k = 0; k < 4; k += 2)
        if (sp[k + 1] > sp[k])
          memcpy (row + sp[k], src + sp[k], (gsize) (sp[k + 1] - sp[k]) * 4);
    }
    return TRUE;
  }
  c->repeated = c->missed && strcmp (key, c->missed) == 0;
  if (!c->repeated) {
    g_free (c->missed);
    c->missed = g_strdup (key);
  }
  return FALSE;
}

/* [*a, *b): the part of [x0, x1) of @row between its first and last pixel
 * that is not @bg (empty if none) */
static void
row_span (const guint32 * row, gint x0, gint x1, guint32 bg, gint * a,
    gint * b)
{
  gint l = MAX (x0, 0), r = x1;

  while (l < r && row[l] == bg)
    l++;
  while (r > l && row[r - 1] == bg)
    r--;
  *a = l;
  *b = r;
}

void
neuro_deco_cache_store (NeuroDecoCache * c, const NeuroCanvas * cv,
    guint32 bg, const gint (*rects)[4], guint n)
{
  gsize npix = (gsize) cv->width * cv->height;
  gint y, k;
  guint i;

  if (!c->repeated || c->missed == NULL)
    return;
  if (c->pix_cap < npix) {
    g_free (c->pix);
    c->pix = g_new (guint32, npix);
    c->pix_cap = npix;
  }
  if (c->spans_cap < (gsize) cv->height) {
    g_free (c->spans);
    c->spans = g_new (gint, 4 * (gsize) cv->height);
    c->spans_cap = cv->height;
  }
  c->width = cv->width;
  c->height = cv->height;
  for (y = 0; y < cv->height; y++) {
    const guint32 *row = neuro_canvas_row (cv, y);
    guint32 *dst = c->pix + (gsize) y * c->width;
    gint *sp = c->spans + 4 * y, x0 = 0, x1 = 0;

    for (i = 0; i < n; i++)
      if (y >= rects[i][1] && y < rects[i][3]) {
        x0 = CLAMP (rects[i][0], 0, cv->width);
        x1 = CLAMP (rects[i][2], x0, cv->width);
        break;
      }
    if (x0 == x1) {
      row_span (row, 0, cv->width, bg, &sp[0], &sp[1]);
      sp[2] = sp[3] = 0;
    } else {
      row_span (row, 0, x0, bg, &sp[0], &sp[1]);
      row_span (row, x1, cv->width, bg, &sp[2], &sp[3]);
    }
    for (k = 0; k < 4; k += 2)
      if (sp[k + 1] > sp[k])
        memcpy (dst + sp[k], row + sp[k], (gsize) (sp[k + 1] - sp[k]) * 4);
  }
  g_free (c->key);
  c->key = c->missed;
  c->missed = NULL;
  c->repeated = FALSE;
}
