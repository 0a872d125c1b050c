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

/* Strings that differ only in their digits ("t = 1.25", "t = 3.70") are
 * laid out alike when the font's digits have one advance and nothing
 * kerns or joins them: the first such string's glyphs (its template) are
 * drawn again with other digit glyphs, without Pango shaping the string
 * again.  A template is made when a shape (the string with its digits as
 * 0) is seen the second time, and only once it is proven: the template's
 * string with every digit 0, 1, ... 9, and with the digits counting up
 * from each of them, all laid out by Pango with the very same glyph
 * positions and extents.  Otherwise the shape is marked and laid out as
 * any other string. */
#define TEMPLATES_MAX 64

typedef struct
{
  gboolean ok;                  /* proven; else the shape is laid out */
  gboolean seen;                /* seen once: no template made yet */
  PangoFont *font;
  PangoGlyphString *glyphs;
  gint *digit_byte;             /* per glyph: its digit's byte, or -1 */
  PangoGlyph digit[10];
  PangoRectangle logical;       /* pixels */
  gint baseline;                /* Pango units from the layout's top */
} TextTemplate;

struct _NeuroText
{
  gchar *family;
  GHashTable *cache;            /* TextKey -> TextImage */
  GHashTable *old;              /* the previous generation */
  GHashTable *templates;        /* TextKey of the shape -> TextTemplate */
  gboolean reuse;
  guint used;                   /* images drawn from a template */
  gint last[4];                 /* the last image drawn, device pixels */
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

static void
text_template_free (gpointer p)
{
  TextTemplate *tp = p;

  if (tp->font)
    g_object_unref (tp->font);
  if (tp->glyphs)
    pango_glyph_string_free (tp->glyphs);
  g_free (tp->digit_byte);
  g_free (tp);
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
  t->templates = g_hash_table_new_full (text_key_hash, text_key_equal,
      text_key_free, text_template_free);
  t->reuse = TRUE;
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
  g_hash_table_destroy (t->templates);
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

void
neuro_text_set_reuse (NeuroText * t, gboolean reuse)
{
  t->reuse = reuse;
  g_hash_table_remove_all (t->cache);
  g_hash_table_remove_all (t->old);
  g_hash_table_remove_all (t->templates);
}

guint
neuro_text_templates_used (NeuroText * t)
{
  return t->used;
}

static guint
key_hash (const TextKey * k)
{
  return g_str_hash (k->str) ^ ((guint) k->size * 2654435761u) ^ k->argb ^
      (k->bold ? 0x9e3779b9u : 0);
}

/* An image of the logical rectangle @logical (pixels; baseline in Pango
 * units from the layout's top), and a context on it in colour @argb whose
 * current point is where the layout's origin goes. */
static TextImage *
text_image_new (const PangoRectangle * logical, gint baseline, guint32 argb,
    cairo_t ** cr)
{
  TextImage *ti = g_new0 (TextImage, 1);

  ti->w = MAX (1, logical->width);
  ti->h = MAX (1, logical->height);
  ti->baseline = baseline / (gdouble) PANGO_SCALE - logical->y;
  ti->img = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (gint) ti->w,
      (gint) ti->h);
  *cr = cairo_create (ti->img);
  cairo_set_source_rgba (*cr, ((argb >> 16) & 0xff) / 255.0,
      ((argb >> 8) & 0xff) / 255.0, (argb & 0xff) / 255.0,
      (argb >> 24) / 255.0);
  cairo_move_to (*cr, -logical->x, -logical->y);
  return ti;
}

/* The one run of t->layout's one line, or NULL. */
static PangoGlyphItem *
single_run (NeuroText * t)
{
  PangoLayoutLine *line;

  if (pango_layout_get_line_count (t->layout) != 1)
    return NULL;
  line = pango_layout_get_line_readonly (t->layout, 0);
  if (line->runs == NULL || line->runs->next != NULL)
    return NULL;
  return line->runs->data;
}

/* t->layout holds @str: is it laid out as the template @tp, its digits
 * drawn by @digit (the glyph of each, 0 where not known yet, then
 * filled in)? */
static gboolean
same_layout (NeuroText * t, const TextTemplate * tp, const gchar * str,
    PangoGlyph * digit)
{
  PangoGlyphItem *run = single_run (t);
  PangoRectangle logical;
  gint i;

  if (run == NULL || run->item->analysis.font != tp->font
      || run->glyphs->num_glyphs != tp->glyphs->num_glyphs)
    return FALSE;
  pango_layout_get_pixel_extents (t->layout, NULL, &logical);
  if (memcmp (&logical, &tp->logical, sizeof logical) != 0
      || pango_layout_get_baseline (t->layout) != tp->baseline)
    return FALSE;
  for (i = 0; i < tp->glyphs->num_glyphs; i++) {
    const PangoGlyphInfo *a = &run->glyphs->glyphs[i];
    const PangoGlyphInfo *b = &tp->glyphs->glyphs[i];

    if (run->glyphs->log_clusters[i] != tp->glyphs->log_clusters[i]
        || a->geometry.width != b->geometry.width
        || a->geometry.x_offset != b->geometry.x_offset
        || a->geometry.y_offset != b->geometry.y_offset)
      return FALSE;
    if (tp->digit_byte[i] < 0) {
      if (a->glyph != b->glyph)
        return FALSE;
    } else {
      gint d = str[tp->digit_byte[i]] - '0';

      if (digit[d] == 0)
        digit[d] = a->glyph;
      if (a->glyph != digit[d] || a->glyph == 0
          || (a->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        return FALSE;
    }
  }
  return TRUE;
}

/* Makes @tp from t->layout, which holds @str; TRUE when proven. */
static gboolean
template_make (NeuroText * t, TextTemplate * tp, const gchar * str)
{
  PangoGlyphItem *run = single_run (t);
  gchar *v = g_strdup (str);
  gint i, n, r, k, b;
  gboolean ok;

  if (run == NULL) {
    g_free (v);
    return FALSE;
  }
  tp->font = g_object_ref (run->item->analysis.font);
  tp->glyphs = pango_glyph_string_copy (run->glyphs);
  pango_layout_get_pixel_extents (t->layout, NULL, &tp->logical);
  tp->baseline = pango_layout_get_baseline (t->layout);
  n = tp->glyphs->num_glyphs;
  tp->digit_byte = g_new (gint, n);
  /* one glyph per character, in order (no ligature, no reordering) */
  ok = n == g_utf8_strlen (str, -1);
  for (i = 0, b = 0; ok && i < n; i++, b = g_utf8_next_char (str + b) - str) {
    ok = tp->glyphs->log_clusters[i] + run->item->offset == b;
    tp->digit_byte[i] = g_ascii_isdigit (str[b]) ? b : -1;
  }
  memset (tp->digit, 0, sizeof tp->digit);
  /* every digit d, then digits counting up from r */
  for (r = 0; r < 20 && ok; r++) {
    for (i = 0, k = 0; v[i]; i++)
      if (g_ascii_isdigit (str[i]))
        v[i] = (gchar) ('0' + (r < 10 ? r : (r + k++) % 10));
    pango_layout_set_text (t->layout, v, -1);
    ok = same_layout (t, tp, v, tp->digit);
  }
  if (ok) {
    pango_layout_set_text (t->layout, str, -1);
    ok = same_layout (t, tp, str, tp->digit);
  }
  g_free (v);
  return ok;
}

/* The image of @str drawn from its shape's template, or NULL. */
static TextImage *
template_image (NeuroText * t, const gchar * str, gdouble size,
    gboolean bold, guint32 argb)
{
  TextKey probe = { NULL, llround (size * 100), 0, bold, 0 };
  TextTemplate *tp;
  PangoGlyphString *g;
  TextImage *ti;
  cairo_t *cr;
  gint i;

  if (!t->reuse || strpbrk (str, "0123456789") == NULL)
    return NULL;
  probe.str = g_strdup (str);
  for (i = 0; probe.str[i]; i++)
    if (g_ascii_isdigit (probe.str[i]))
      probe.str[i] = '0';
  probe.hash = key_hash (&probe);
  tp = g_hash_table_lookup (t->templates, &probe);
  if (tp == NULL) {
    if (g_hash_table_size (t->templates) >= TEMPLATES_MAX)
      g_hash_table_remove_all (t->templates);
    tp = g_new0 (TextTemplate, 1);
    tp->seen = TRUE;
    g_hash_table_insert (t->templates, g_memdup2 (&probe, sizeof probe), tp);
    return NULL;
  }
  g_free (probe.str);
  if (tp->seen) {
    /* the second string of this shape: prove a template on it */
    tp->seen = FALSE;
    text_set_font (t, size, bold);
    pango_layout_set_text (t->layout, str, -1);
    tp->ok = template_make (t, tp, str);
  }
  if (!tp->ok)
    return NULL;
  g = pango_glyph_string_copy (tp->glyphs);
  for (i = 0; i < g->num_glyphs; i++)
    if (tp->digit_byte[i] >= 0)
      g->glyphs[i].glyph = tp->digit[str[tp->digit_byte[i]] - '0'];
  ti = text_image_new (&tp->logical, tp->baseline, argb, &cr);
  /* where pango_cairo_show_layout puts the line's baseline */
  {
    gdouble x, y;

    cairo_get_current_point (cr, &x, &y);
    cairo_move_to (cr, x, y + (gdouble) tp->baseline / PANGO_SCALE);
  }
  pango_cairo_show_glyph_string (cr, tp->font, g);
  cairo_destroy (cr);
  t->used++;
  cairo_surface_flush (ti->img);
  pango_glyph_string_free (g);
  return ti;
}

static TextImage *
text_lookup (NeuroText * t, const gchar * str, gdouble size, gboolean bold,
    guint32 argb)
{
  TextKey probe = { (gchar *) str, llround (size * 100), argb, bold, 0 };
  TextKey *key = NULL;
  TextImage *ti;
  PangoRectangle ink, logical;
  cairo_t *cr;

  probe.hash = key_hash (&probe);
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
  ti = template_image (t, str, size, bold, argb);
  if (ti) {
    g_hash_table_insert (t->cache, key, ti);
    return ti;
  }

  text_set_font (t, size, bold);
  pango_layout_set_text (t->layout, str, -1);
  pango_layout_get_pixel_extents (t->layout, &ink, &logical);

  ti = text_image_new (&logical, pango_layout_get_baseline (t->layout), argb,
      &cr);
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

/* the device rectangle of an image @w x @h drawn at user (x, y) */
static void
last_rect (NeuroText * t, cairo_t * cr, gdouble x, gdouble y, gdouble w,
    gdouble h)
{
  gdouble x0 = x, y0 = y, x1 = x + w, y1 = y + h;

  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device (cr, &x1, &y1);
  t->last[0] = (gint) floor (MIN (x0, x1));
  t->last[1] = (gint) floor (MIN (y0, y1));
  t->last[2] = (gint) ceil (MAX (x0, x1));
  t->last[3] = (gint) ceil (MAX (y0, y1));
}

gdouble
neuro_text_draw (NeuroText * t, cairo_t * cr, const gchar * str, gdouble x,
    gdouble y, gdouble size, gboolean bold, guint32 argb, NeuroAlign halign,
    NeuroAlign valign, gboolean rotate90)
{
  TextImage *ti;
  cairo_surface_t *target;
  gdouble ox, oy;

  memset (t->last, 0, sizeof (t->last));
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
    /* image (u, v) at (x + v, y - u) */
    last_rect (t, cr, round (x) + round (oy), round (y) - round (ox) - ti->w,
        ti->h, ti->w);
    cairo_translate (cr, round (x), round (y));
    cairo_rotate (cr, -G_PI / 2);
    cairo_set_source_surface (cr, ti->img, round (ox), round (oy));
  } else {
    cairo_set_source_surface (cr, ti->img, round (x + ox), round (y + oy));
    last_rect (t, cr, round (x + ox), round (y + oy), ti->w, ti->h);
  }
  cairo_paint (cr);
  cairo_restore (cr);
  return ti->w;
}

void
neuro_text_last_rect (NeuroText * t, gint r[4])
{
  memcpy (r, t->last, sizeof (t->last));
}
