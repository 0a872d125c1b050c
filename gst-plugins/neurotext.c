/* gst-neuroviz — the Pango text cache.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurotext.h"

#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

/* past this many distinct strings the cache starts a new generation
 * (titles with the time change every frame); the strings of the previous
 * one are moved back as they are asked for, the others dropped with it */
#define TEXT_CACHE_MAX 384

/* what an image depends on */
typedef struct
{
  gchar *str;
  gint64 size;                  /* font size in 1/100 px */
  guint32 argb;
  gboolean bold;
  guint hash;
} TextKey;

typedef struct
{
  cairo_surface_t *img;
  gdouble w, h;                 /* logical size in pixels */
  gdouble baseline;             /* from the top, pixels */
} TextImage;

struct _NeuroText
{
  gchar *family;
  GHashTable *cache;            /* TextKey -> TextImage */
  GHashTable *old;              /* the previous generation */
  cairo_surface_t *scratch;
  cairo_t *scratch_cr;
  PangoLayout *layout;
  NeuroStyle style;
};

static guint
text_key_hash (gconstpointer p)
{
  return ((const TextKey *) p)->hash;
}

static gboolean
text_key_equal (gconstpointer pa, gconstpointer pb)
{
  const TextKey *a = pa, *b = pb;

  return a->hash == b->hash && a->size == b->size && a->argb == b->argb
      && a->bold == b->bold && strcmp (a->str, b->str) == 0;
}

static void
text_key_free (gpointer p)
{
  TextKey *k = p;

  g_free (k->str);
  g_free (k);
}

static void
text_image_free (gpointer p)
{
  TextImage *ti = p;

  if (ti->img)
    cairo_surface_destroy (ti->img);
  g_free (ti);
}

static GHashTable *
text_cache_new (void)
{
  return g_hash_table_new_full (text_key_hash, text_key_equal, text_key_free,
      text_image_free);
}

NeuroText *
neuro_text_new (const gchar * family)
{
  NeuroText *t = g_new0 (NeuroText, 1);

  t->family = g_strdup (family ? family : "DejaVu Sans");
  t->cache = text_cache_new ();
  t->old = text_cache_new ();
  t->scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  t->scratch_cr = cairo_create (t->scratch);
  t->layout = pango_cairo_create_layout (t->scratch_cr);
  neuro_style_init (&t->style, NEURO_STYLE_DEFAULT_DPI);
  return t;
}

void
neuro_text_free (NeuroText * t)
{
  if (!t)
    return;
  g_object_unref (t->layout);
  cairo_destroy (t->scratch_cr);
  cairo_surface_destroy (t->scratch);
  g_hash_table_destroy (t->cache);
  g_hash_table_destroy (t->old);
  g_free (t->family);
  g_free (t);
}

void
neuro_text_set_dpi (NeuroText * t, gdouble dpi)
{
  if (dpi != t->style.dpi)
    neuro_style_init (&t->style, dpi);
}

const NeuroStyle *
neuro_text_get_style (NeuroText * t)
{
  static gsize once = 0;
  static NeuroStyle fallback;

  if (t)
    return &t->style;
  /* no text (a layout without axes or title): the default dpi */
  if (g_once_init_enter (&once)) {
    neuro_style_init (&fallback, NEURO_STYLE_DEFAULT_DPI);
    g_once_init_leave (&once, 1);
  }
  return &fallback;
}

static void
text_set_font (NeuroText * t, gdouble size, gboolean bold)
{
  PangoFontDescription *fd = pango_font_description_new ();

  pango_font_description_set_family (fd, t->family);
  pango_font_description_set_absolute_size (fd, size * PANGO_SCALE);
  pango_font_description_set_weight (fd,
      bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (t->layout, fd);
  pango_font_description_free (fd);
}

static TextImage *
text_lookup (NeuroText * t, const gchar * str, gdouble size, gboolean bold,
    guint32 argb)
{
  TextKey probe = { (gchar *) str, llround (size * 100), argb, bold, 0 };
  TextKey *key = NULL;
  TextImage *ti;
  PangoRectangle ink, logical;
  gint w, h;
  cairo_t *cr;

  probe.hash = g_str_hash (str) ^ ((guint) probe.size * 2654435761u) ^
      argb ^ (bold ? 0x9e3779b9u : 0);
  ti = g_hash_table_lookup (t->cache, &probe);
  if (ti)
    return ti;
  if (g_hash_table_size (t->cache) >= TEXT_CACHE_MAX) {
    g_hash_table_destroy (t->old);
    t->old = t->cache;
    t->cache = text_cache_new ();
  }
  if (g_hash_table_steal_extended (t->old, &probe, (gpointer *) & key,
          (gpointer *) & ti)) {
    g_hash_table_insert (t->cache, key, ti);
    return ti;
  }
  key = g_new (TextKey, 1);
  *key = probe;
  key->str = g_strdup (str);

  text_set_font (t, size, bold);
  pango_layout_set_text (t->layout, str, -1);
  pango_layout_get_pixel_extents (t->layout, &ink, &logical);
  w = MAX (1, logical.width);
  h = MAX (1, logical.height);

  ti = g_new0 (TextImage, 1);
  ti->w = w;
  ti->h = h;
  ti->baseline = pango_layout_get_baseline (t->layout) / (gdouble) PANGO_SCALE
      - logical.y;
  ti->img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (ti->img);
  cairo_set_source_rgba (cr, ((argb >> 16) & 0xff) / 255.0,
      ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0,
      (argb >> 24) / 255.0);
  cairo_move_to (cr, -logical.x, -logical.y);
  pango_cairo_update_layout (cr, t->layout);
  pango_cairo_show_layout (cr, t->layout);
  cairo_destroy (cr);
  cairo_surface_flush (ti->img);
  g_hash_table_insert (t->cache, key, ti);
  return ti;
}

void
neuro_text_metrics (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height, gdouble * baseline)
{
  TextImage *ti = text_lookup (t, str, size, bold, 0xff000000);

  if (width)
    *width = ti->w;
  if (height)
    *height = ti->h;
  if (baseline)
    *baseline = ti->baseline;
}

void
neuro_text_extent (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, gdouble * width, gdouble * height)
{
  neuro_text_metrics (t, str, size, bold, width, height, NULL);
}

/* Moves a box [*x, *x + w) inside [0, limit) when it fits (else its start
 * stays at 0). */
static gdouble
inside (gdouble x, gdouble w, gdouble limit)
{
  if (x + w > limit)
    x = limit - w;
  return MAX (x, 0);
}

gdouble
neuro_text_draw (NeuroText * t, cairo_t * cr, const gchar * str, gdouble x,
    gdouble y, gdouble size, gboolean bold, guint32 argb, NeuroAlign halign,
    NeuroAlign valign, gboolean rotate90)
{
  TextImage *ti;
  cairo_surface_t *target;
  gdouble ox, oy;

  if (str == NULL || *str == '\0')
    return 0;
  ti = text_lookup (t, str, size, bold, argb);
  ox = -ti->w * halign / 2.0;
  oy = -ti->h * valign / 2.0;
  target = cairo_get_target (cr);
  if (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE) {
    gdouble tw = cairo_image_surface_get_width (target);
    gdouble th = cairo_image_surface_get_height (target);
    gdouble dx = 0, dy = 0;

    /* in device space (callers draw untransformed); rotated, the image's
     * rows run along x */
    cairo_user_to_device (cr, &dx, &dy);
    if (rotate90) {
      /* occupies x + oy .. x + oy + h, y - ox - w .. y - ox */
      x = inside (x + dx + oy, ti->h, tw) - oy - dx;
      y = inside (y + dy - ox - ti->w, ti->w, th) + ox + ti->w - dy;
    } else {
      x = inside (x + dx + ox, ti->w, tw) - ox - dx;
      y = inside (y + dy + oy, ti->h, th) - oy - dy;
    }
  }
  cairo_save (cr);
  if (rotate90) {
    cairo_translate (cr, round (x), round (y));
    cairo_rotate (cr, -G_PI / 2);
    cairo_set_source_surface (cr, ti->img, round (ox), round (oy));
  } else {
    cairo_set_source_surface (cr, ti->img, round (x + ox), round (y + oy));
  }
  cairo_paint (cr);
  cairo_restore (cr);
  return ti->w;
}
