/* gst-neuroviz — neurofigure's shared frames (see figureframes.h)
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "figureframes.h"
#include "neurotilemeta.h"

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (figure_frames_debug);
#define GST_CAT_DEFAULT figure_frames_debug

/* Frames in flight: a few per panel queue and sink; beyond it panels get
 * plain buffers (and the figure copies them) rather than memory growing. */
#define MAX_FRAMES 8

/* Tiles whose last contents a frame remembers (NeuroTileMeta) */
#define MAX_SLOTS 16

typedef struct
{
  FigureRect rect;
  guint64 stamp;                /* what its panel drew there; 0: unknown */
} Slot;

typedef struct
{
  GstMemory *mem;               /* the table's reference */
  guint8 *data;
  guint64 key;                  /* the time its tiles are of */
  gboolean sealed;              /* gone downstream: no more tiles of it */
  guint64 used;                 /* when it was last given a time */
  Slot slots[MAX_SLOTS];
  gint nslots;
  gchar *shows;                 /* what the figure drew around the tiles */
} Frame;

struct _FigureFrames
{
  gint ref;
  GMutex lock;
  gint width, height, stride;
  guint layout;
  gboolean configured;
  Frame frames[MAX_FRAMES];
  gint n;
  guint64 uses;
};

FigureFrames *
figure_frames_new (void)
{
  static gsize debug_once = 0;
  FigureFrames *f = g_new0 (FigureFrames, 1);

  if (g_once_init_enter (&debug_once)) {
    GST_DEBUG_CATEGORY_INIT (figure_frames_debug, "neurofigureframes", 0,
        "neurofigure's shared frames");
    g_once_init_leave (&debug_once, 1);
  }
  f->ref = 1;
  g_mutex_init (&f->lock);
  return f;
}

FigureFrames *
figure_frames_ref (FigureFrames * f)
{
  g_atomic_int_inc (&f->ref);
  return f;
}

static void
drop_frames_locked (FigureFrames * f)
{
  gint i;

  for (i = 0; i < f->n; i++) {
    gst_memory_unref (f->frames[i].mem);
    g_free (f->frames[i].shows);
  }
  memset (f->frames, 0, sizeof (f->frames));
  f->n = 0;
}

void
figure_frames_unref (FigureFrames * f)
{
  if (!g_atomic_int_dec_and_test (&f->ref))
    return;
  drop_frames_locked (f);
  g_mutex_clear (&f->lock);
  g_free (f);
}

void
figure_frames_configure (FigureFrames * f, gint width, gint height,
    guint layout)
{
  g_mutex_lock (&f->lock);
  if (width <= 0 || !f->configured || f->width != width
      || f->height != height || f->layout != layout) {
    drop_frames_locked (f);
    f->width = width;
    f->height = height;
    f->stride = width * 4;
    f->layout = layout;
    f->configured = width > 0;
  }
  g_mutex_unlock (&f->lock);
}

/* a frame no buffer holds: only the table references it */
static gboolean
frame_idle (const Frame * fr)
{
  return GST_MINI_OBJECT_REFCOUNT_VALUE (fr->mem) == 1;
}

/* The frame for @key: the one its tiles already went into, else an idle
 * one, else a new one; NULL when MAX_FRAMES are busy. */
static Frame *
frame_for_key_locked (FigureFrames * f, guint64 key)
{
  Frame *idle = NULL;
  gsize size;
  gint i;

  for (i = 0; i < f->n; i++) {
    Frame *fr = &f->frames[i];

    if (fr->key == key && !fr->sealed)
      return fr;
    /* the one used last: its pixels are still in the cache */
    if (frame_idle (fr) && (idle == NULL || fr->used > idle->used))
      idle = fr;
  }
  if (idle == NULL && f->n < MAX_FRAMES) {
    idle = &f->frames[f->n++];
    size = (gsize) f->stride * f->height;
    idle->data = g_malloc (size);
    idle->mem = gst_memory_new_wrapped (0, idle->data, size, 0, size,
        idle->data, g_free);
  }
  if (idle) {
    idle->key = key;
    idle->sealed = FALSE;
    idle->used = ++f->uses;
    /* back from downstream, where it was read-only: only the table holds
     * it now */
    GST_MINI_OBJECT_FLAG_UNSET (idle->mem, GST_MEMORY_FLAG_READONLY);
  }
  return idle;
}

static gboolean
rect_equal (const FigureRect * a, const FigureRect * b)
{
  return a->x == b->x && a->y == b->y && a->width == b->width
      && a->height == b->height;
}

static gboolean
rects_overlap (const FigureRect * a, const FigureRect * b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
      && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* what @rect of @fr shows, forgotten (a panel is drawing into it) */
static guint64
slot_take (Frame * fr, const FigureRect * rect)
{
  gint i;

  for (i = 0; i < fr->nslots; i++)
    if (rect_equal (&fr->slots[i].rect, rect)) {
      guint64 s = fr->slots[i].stamp;

      fr->slots[i].stamp = 0;
      return s;
    }
  return 0;
}

/* @rect of @fr now shows @stamp (0: something unknown); tiles it
 * overlaps show something unknown */
static void
slot_set (Frame * fr, const FigureRect * rect, guint64 stamp)
{
  gint i, at = -1;

  for (i = 0; i < fr->nslots; i++) {
    if (rect_equal (&fr->slots[i].rect, rect))
      at = i;
    else if (rects_overlap (&fr->slots[i].rect, rect))
      fr->slots[i].stamp = 0;
  }
  if (at < 0 && stamp == 0)
    return;
  if (at < 0 && fr->nslots < MAX_SLOTS) {
    at = fr->nslots++;
    fr->slots[at].rect = *rect;
  }
  if (at >= 0)
    fr->slots[at].stamp = stamp;
}

/* where a buffer's pixels start, or NULL */
static const guint8 *
buffer_data (GstBuffer * buf)
{
  GstMapInfo map;
  const guint8 *p;

  if (gst_buffer_n_memory (buf) != 1)
    return NULL;
  if (!gst_memory_map (gst_buffer_peek_memory (buf, 0), &map, GST_MAP_READ))
    return NULL;
  p = map.data;
  gst_memory_unmap (gst_buffer_peek_memory (buf, 0), &map);
  return p;
}

static gint
frame_of_locked (FigureFrames * f, const guint8 * p)
{
  gint i;

  for (i = 0; p && i < f->n; i++) {
    if (p >= f->frames[i].data
        && p < f->frames[i].data + (gsize) f->stride * f->height)
      return i;
  }
  return -1;
}

GstBuffer *
figure_frames_claim (FigureFrames * f, const FigureHeld * held, gint n)
{
  const guint8 **data = g_newa (const guint8 *, MAX (n, 1));
  GstBuffer *out = NULL;
  Frame *fr;
  gint i, which = -1, known = 0;

  for (i = 0; i < n; i++)
    data[i] = buffer_data (held[i].buffer);

  g_mutex_lock (&f->lock);
  for (i = 0; i < n && which < 0; i++)
    which = frame_of_locked (f, data[i]);
  if (which < 0 || f->frames[which].sealed)
    goto done;
  fr = &f->frames[which];
  for (i = 0; i < n; i++) {
    const FigureRect *r = &held[i].rect;
    GstVideoMeta *meta;

    if (frame_of_locked (f, data[i]) != which)
      continue;
    /* in the frame, but not exactly as its tile: copying it inside the
     * frame would overlap */
    meta = gst_buffer_get_video_meta (held[i].buffer);
    if (data[i] != fr->data + (gsize) r->y * f->stride + (gsize) r->x * 4
        || meta == NULL || meta->stride[0] != f->stride
        || (gint) meta->width != r->width || (gint) meta->height != r->height
        || meta->format != GST_VIDEO_FORMAT_BGRx)
      goto done;
    known++;
  }
  /* anyone else still holds a tile of it, drawing or queued */
  if (GST_MINI_OBJECT_REFCOUNT_VALUE (fr->mem) != 1 + known)
    goto done;
  fr->sealed = TRUE;
  out = gst_buffer_new ();
  gst_buffer_append_memory (out, gst_memory_ref (fr->mem));
done:
  g_mutex_unlock (&f->lock);
  GST_LOG ("frame %d: %s", which, out ? "in place" : "copied");
  return out;
}

/* the frame that the mapped output frame @out is, or NULL (locked; the
 * buffer is mapped already, so its pixels' address is the video frame's) */
static Frame *
frame_of_out_locked (FigureFrames * f, const GstVideoFrame * out)
{
  const guint8 *p = GST_VIDEO_FRAME_PLANE_DATA (out, 0);
  gint i = frame_of_locked (f, p);

  if (i < 0 || p != f->frames[i].data || gst_buffer_n_memory (out->buffer) != 1
      || gst_buffer_peek_memory (out->buffer, 0) != f->frames[i].mem)
    return NULL;
  return &f->frames[i];
}

void
figure_frames_tile_drawn (FigureFrames * f, GstBuffer * tile,
    const FigureRect * rect)
{
  NeuroTileMeta *m = neuro_buffer_get_tile_meta (tile);
  const guint8 *p = buffer_data (tile);
  gint i;

  g_mutex_lock (&f->lock);
  i = frame_of_locked (f, p);
  if (i >= 0 && p == f->frames[i].data + (gsize) rect->y * f->stride
      + (gsize) rect->x * 4)
    slot_set (&f->frames[i], rect, m ? m->drew : 0);
  g_mutex_unlock (&f->lock);
}

void
figure_frames_tile_copied (FigureFrames * f, const GstVideoFrame * out,
    const FigureRect * rect)
{
  Frame *fr;

  g_mutex_lock (&f->lock);
  fr = frame_of_out_locked (f, out);
  if (fr)
    slot_set (fr, rect, 0);
  g_mutex_unlock (&f->lock);
}

gboolean
figure_frames_shows (FigureFrames * f, const GstVideoFrame * out,
    const gchar * what)
{
  gboolean same = FALSE;
  Frame *fr;

  g_mutex_lock (&f->lock);
  fr = frame_of_out_locked (f, out);
  if (fr) {
    same = what && g_strcmp0 (fr->shows, what) == 0;
    if (!same) {
      g_free (fr->shows);
      fr->shows = g_strdup (what);
    }
  }
  g_mutex_unlock (&f->lock);
  return same;
}

void
figure_frames_seal (FigureFrames * f, const GstVideoFrame * out)
{
  Frame *fr;

  g_mutex_lock (&f->lock);
  fr = frame_of_out_locked (f, out);
  /* downstream, a writer gets a copy: the frame keeps what it shows */
  if (fr)
    GST_MINI_OBJECT_FLAG_SET (fr->mem, GST_MEMORY_FLAG_READONLY);
  g_mutex_unlock (&f->lock);
}

gboolean
figure_frames_in_place (const GstVideoFrame * out, const GstVideoFrame * in,
    const FigureRect * rect)
{
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);

  return GST_VIDEO_FRAME_FORMAT (in) == GST_VIDEO_FORMAT_BGRx
      && GST_VIDEO_FRAME_PLANE_STRIDE (in, 0) == stride
      && GST_VIDEO_FRAME_WIDTH (in) == rect->width
      && GST_VIDEO_FRAME_HEIGHT (in) == rect->height
      && (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (in, 0) ==
      (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (out, 0)
      + (gsize) rect->y * stride + (gsize) rect->x * 4;
}

/* ---- the pool of one pad's tiles ---- */

#define FIGURE_TYPE_TILE_POOL (figure_tile_pool_get_type ())
G_DECLARE_FINAL_TYPE (FigureTilePool, figure_tile_pool, FIGURE, TILE_POOL,
    GstBufferPool);

struct _FigureTilePool
{
  GstBufferPool parent;

  FigureFrames *frames;
  guint layout;
  FigureRect rect;
  guint64 count;                /* keys when the panel gives no time */
};

G_DEFINE_TYPE (FigureTilePool, figure_tile_pool, GST_TYPE_BUFFER_POOL);

static GstBuffer *
plain_tile (FigureTilePool * self)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL,
      (gsize) self->rect.width * 4 * self->rect.height, NULL);

  if (buf)
    gst_buffer_add_video_meta (buf, GST_VIDEO_FRAME_FLAG_NONE,
        GST_VIDEO_FORMAT_BGRx, self->rect.width, self->rect.height);
  return buf;
}

static GstFlowReturn
figure_tile_pool_acquire (GstBufferPool * pool, GstBuffer ** buffer,
    GstBufferPoolAcquireParams * params)
{
  FigureTilePool *self = FIGURE_TILE_POOL (pool);
  FigureFrames *f = self->frames;
  const FigureRect *r = &self->rect;
  gsize offset[GST_VIDEO_MAX_PLANES] = { 0 };
  gint stride[GST_VIDEO_MAX_PLANES] = { 0 };
  GstMemory *tile = NULL;
  guint64 key, held = 0;
  Frame *fr = NULL;

  if (GST_BUFFER_POOL_IS_FLUSHING (pool))
    return GST_FLOW_FLUSHING;
  /* tiles of one time share a frame: the renderer says which time
   * (running time); else the panel's count of buffers, which agrees
   * between panels that drop nothing */
  if (params && params->format == GST_FORMAT_TIME && params->start >= 0)
    key = (guint64) params->start;
  else
    key = (G_GUINT64_CONSTANT (1) << 63) | self->count++;

  g_mutex_lock (&f->lock);
  if (f->configured && f->layout == self->layout
      && r->x + r->width <= f->width && r->y + r->height <= f->height)
    fr = frame_for_key_locked (f, key);
  if (fr) {
    gsize off = (gsize) r->y * f->stride + (gsize) r->x * 4;
    gsize size = (gsize) (r->height - 1) * f->stride + (gsize) r->width * 4;

    tile = gst_memory_new_wrapped (0, fr->data + off, size, 0, size,
        gst_memory_ref (fr->mem), (GDestroyNotify) gst_memory_unref);
    stride[0] = f->stride;
    held = slot_take (fr, r);
  }
  g_mutex_unlock (&f->lock);

  if (tile == NULL) {
    *buffer = plain_tile (self);
    return *buffer ? GST_FLOW_OK : GST_FLOW_ERROR;
  }
  *buffer = gst_buffer_new ();
  gst_buffer_append_memory (*buffer, tile);
  gst_buffer_add_video_meta_full (*buffer, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_FORMAT_BGRx, r->width, r->height, 1, offset, stride);
  neuro_buffer_add_tile_meta (*buffer, held);
  return GST_FLOW_OK;
}

/* every buffer is made for one acquire and freed when it comes back */
static void
figure_tile_pool_release (GstBufferPool * pool, GstBuffer * buffer)
{
  gst_buffer_unref (buffer);
}

static void
figure_tile_pool_finalize (GObject * object)
{
  figure_frames_unref (FIGURE_TILE_POOL (object)->frames);
  G_OBJECT_CLASS (figure_tile_pool_parent_class)->finalize (object);
}

static void
figure_tile_pool_class_init (FigureTilePoolClass * klass)
{
  GstBufferPoolClass *pool_class = GST_BUFFER_POOL_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = figure_tile_pool_finalize;
  pool_class->acquire_buffer = figure_tile_pool_acquire;
  pool_class->release_buffer = figure_tile_pool_release;
}

static void
figure_tile_pool_init (FigureTilePool * self)
{
}

GstBufferPool *
figure_tile_pool_new (FigureFrames * frames, guint layout,
    const FigureRect * rect)
{
  FigureTilePool *self = g_object_new (FIGURE_TYPE_TILE_POOL, NULL);

  gst_object_ref_sink (self);
  self->frames = figure_frames_ref (frames);
  self->layout = layout;
  self->rect = *rect;
  return GST_BUFFER_POOL (self);
}
