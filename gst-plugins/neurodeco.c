/* gst-neuroviz — the decorations cache (see neurodeco.h)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurodeco.h"
#include "neurotilemeta.h"

#include <string.h>

/* frames that may come back (a figure's tiles, NeuroTileMeta) */
#define DECO_FRAMES 16
#define DECO_EXTRAS 4

typedef struct
{
  guint64 stamp;
  gint extras[DECO_EXTRAS][4];
  guint n;
} DecoFrame;

struct _NeuroDecoCache
{
  gchar *key;                   /* of the kept pixels; NULL: none */
  gboolean shown;               /* this frame shows them */
  gboolean held_kept;           /* ... because the held picture did */
  DecoFrame frames[DECO_FRAMES];
  guint next;
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

/* the part [*x0, *x1) of row y outside the plot areas, left of them and
 * right of them (no two share a row) */
static void
row_outside (const gint (*rects)[4], guint n, gint y, gint w, gint * x0,
    gint * x1)
{
  guint i;

  *x0 = *x1 = w;
  for (i = 0; i < n; i++)
    if (y >= rects[i][1] && y < rects[i][3]) {
      *x0 = CLAMP (rects[i][0], 0, w);
      *x1 = CLAMP (rects[i][2], *x0, w);
      return;
    }
}

/* the kept decorations on row y within [a, b) */
static void
row_restore (const NeuroDecoCache * c, guint32 * row, gint y, gint a, gint b)
{
  const guint32 *src = c->pix + (gsize) y * c->width;
  const gint *sp = c->spans + 4 * y;
  gint k;

  for (k = 0; k < 4; k += 2) {
    gint l = MAX (sp[k], a), r = MIN (sp[k + 1], b);

    if (r > l)
      memcpy (row + l, src + l, (gsize) (r - l) * 4);
  }
}

static const DecoFrame *
frame_of (const NeuroDecoCache * c, guint64 stamp)
{
  guint i;

  for (i = 0; stamp && i < DECO_FRAMES; i++)
    if (c->frames[i].stamp == stamp)
      return &c->frames[i];
  return NULL;
}

/* the canvas shows the kept decorations and the extras of @fr: the extras
 * go back to the decorations (outside the plot areas, which the caller
 * draws) */
static void
extras_restore (const NeuroDecoCache * c, NeuroCanvas * cv,
    const DecoFrame * fr, guint32 bg, const gint (*rects)[4], guint n)
{
  guint e;
  gint y;

  for (e = 0; e < fr->n; e++) {
    const gint *r = fr->extras[e];

    for (y = MAX (r[1], 0); y < MIN (r[3], cv->height); y++) {
      guint32 *row = neuro_canvas_row (cv, y);
      gint a = MAX (r[0], 0), b = MIN (r[2], cv->width), x0, x1;
      gint part[2][2], p;

      row_outside (rects, n, y, cv->width, &x0, &x1);
      part[0][0] = a;
      part[0][1] = MIN (b, x0);
      part[1][0] = MAX (a, x1);
      part[1][1] = b;
      for (p = 0; p < 2; p++)
        if (part[p][1] > part[p][0]) {
          neuro_canvas_set_rect (cv, part[p][0], y, part[p][1], y + 1, bg);
          row_restore (c, row, y, part[p][0], part[p][1]);
        }
    }
  }
}

gboolean
neuro_deco_cache_restore (NeuroDecoCache * c, NeuroCanvas * cv,
    const gchar * key)
{
  return neuro_deco_cache_restore_held (c, cv, key, 0, 0, NULL, 0);
}

gboolean
neuro_deco_cache_restore_held (NeuroDecoCache * c, NeuroCanvas * cv,
    const gchar * key, guint64 held, guint32 bg, const gint (*rects)[4],
    guint n)
{
  gboolean have = c->key && cv->width == c->width
      && cv->height == c->height && strcmp (key, c->key) == 0;
  gint y, x0, x1;

  c->shown = c->held_kept = FALSE;
  if (held) {
    const DecoFrame *fr = frame_of (c, held);

    if (have && fr) {
      extras_restore (c, cv, fr, bg, rects, n);
      c->shown = c->held_kept = TRUE;
      return TRUE;
    }
    /* the canvas shows an older picture: the background around the plot
     * areas, which the caller cleared or painted */
    for (y = 0; y < cv->height; y++) {
      row_outside (rects, n, y, cv->width, &x0, &x1);
      neuro_canvas_set_rect (cv, 0, y, x0, y + 1, bg);
      neuro_canvas_set_rect (cv, x1, y, cv->width, y + 1, bg);
    }
  }
  if (have) {
    for (y = 0; y < cv->height; y++)
      row_restore (c, neuro_canvas_row (cv, y), y, 0, cv->width);
    c->shown = TRUE;
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
  /* frames kept so far showed other decorations */
  memset (c->frames, 0, sizeof (c->frames));
  c->shown = TRUE;
}

gboolean
neuro_deco_cache_held_kept (const NeuroDecoCache * c)
{
  return c->held_kept;
}

guint64
neuro_deco_cache_done (NeuroDecoCache * c, const gint (*extras)[4], guint n)
{
  DecoFrame *fr;
  guint i;

  if (!c->shown || n > DECO_EXTRAS)
    return 0;
  c->shown = FALSE;
  fr = &c->frames[c->next];
  c->next = (c->next + 1) % DECO_FRAMES;
  fr->stamp = neuro_tile_stamp_new ();
  fr->n = n;
  for (i = 0; i < n; i++)
    memcpy (fr->extras[i], extras[i], sizeof (fr->extras[i]));
  return fr->stamp;
}
