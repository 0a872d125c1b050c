/* gst-neuroviz — GstNeuroRenderer, the base class of the renderers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Time model (see docs/architecture.md):
 *
 *   output frame n:  running time out.base + n * fps_d / fps_n,
 *                    pts_n = out.start + |rate| * n * fps_d / fps_n
 *   its data window ends at the data running time
 *       D_n = origin + (n+1) * fps_d / fps_n * time-scale
 *   where data is the segment of the first sink pad, origin its base (or
 *   the running time of a seek position that asked for history) and the
 *   output segment is the data segment divided by time-scale.
 *
 * Frame n is drawn once every sink pad has delivered all its buffers that
 * start before D_n (its next buffer starts at or after D_n), is EOS, or (live)
 * the aggregator's deadline for the frame passed.  At EOS the remaining
 * frames are drawn up to the end of the last data buffer, so no frame is lost.
 *
 * Reverse (rate < 0): upstream sends chunks in reverse order, each forward
 * in time and reaching the history before its first frame; the frames of a
 * chunk are drawn in descending time, each from a store reset and fed the
 * chunk's data before its window end (aggregate_reverse).
 *
 * Video-master mode (gst_neuro_renderer_set_video_pad): the frames are the
 * buffers of the video pad instead, as in cccombiner: each one waits until
 * the data pads delivered everything before its end running time, is drawn
 * on in place and pushed with its own timestamps and caps.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurorenderer.h"
#include "neurotilemeta.h"
#include "neurotypes.h"
#include "neuroinput.h"
#include "neurocolormap.h"
#include "neuroclamp.h"
#include "neurofigurequery.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_renderer_debug);
#define GST_CAT_DEFAULT gst_neuro_renderer_debug

#define DEFAULT_TIME_SCALE 1.0
#define DEFAULT_BACKGROUND 0xffffffff
#define DEFAULT_FOREGROUND 0xff000000
#define DEFAULT_SHOW_AXES TRUE
#define DEFAULT_FONT "DejaVu Sans"
#define DEFAULT_DPI NEURO_STYLE_DEFAULT_DPI
#define MIN_DPI 1.0
#define MAX_DPI 4800.0
#define DEFAULT_WIDTH 1280
#define DEFAULT_HEIGHT 720
#define DEFAULT_FPS_N 30
#define DEFAULT_FPS_D 1
/* Output frame rates outside [1/86400, 1000/1] are refused: faster makes
 * frames of 0 ns (a frame per nanosecond of data is a hang), slower makes
 * frame times overflow. */
#define MAX_FPS 1000
#define MIN_FPS_SECONDS 86400
/* Playback rates beyond [1/16, 16] are refused: faster draws a full window
 * of data per frame for nothing a viewer could follow, slower repeats
 * frames that show almost the same window. */
#define MAX_RATE 16.0
#define MIN_RATE (1.0 / MAX_RATE)

enum
{
  PROP_0,
  PROP_TIME_SCALE,
  PROP_BACKGROUND,
  PROP_FOREGROUND,
  PROP_TITLE,
  PROP_SHOW_AXES,
  PROP_FONT,
  PROP_DPI,
};

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define VIDEO_FORMATS "{ BGRx, BGRA }"
#define FORMAT_OPAQUE "BGRx"
#define FORMAT_ALPHA "BGRA"
#else
#define VIDEO_FORMATS "{ xRGB, ARGB }"
#define FORMAT_OPAQUE "xRGB"
#define FORMAT_ALPHA "ARGB"
#endif

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("video/x-raw, format = (string) " VIDEO_FORMATS ", "
        "width = (int) [ 16, 16384 ], height = (int) [ 16, 16384 ], "
        "framerate = (fraction) [ 0/1, MAX ]"));

typedef struct
{
  gchar *property;
  gchar *text;
} PropFailure;

static void
prop_failure_free (gpointer p)
{
  PropFailure *f = p;

  g_free (f->property);
  g_free (f->text);
  g_free (f);
}

typedef struct
{
  /* properties, under the object lock */
  gdouble time_scale;
  guint32 background;
  guint32 foreground;
  gchar *title;
  gboolean show_axes;
  gchar *font;
  gdouble dpi;
  gboolean dpi_set;             /* dpi set by the user: it wins */
  gdouble figure_dpi;           /* the figure's downstream, 0: none */

  /* streaming state */
  GstVideoInfo vinfo;
  gboolean have_vinfo;
  gboolean segment_pending;     /* output segment must be (re)computed */
  GstSegment out_segment;
  GstSegment data_segment;      /* copy of the first pad's segment */
  gdouble active_scale;         /* time-scale of the current frame clock */
  gboolean scale_live;          /* live input: time-scale stays 1 */
  /* data running time where frame 0's window starts: the segment's base,
   * or the seek position when history before it was asked for */
  GstClockTime data_origin;
  /* the position of the last seek that asked upstream for history (data
   * stream time, under the object lock), and its seqnum */
  GstClockTime seek_position;
  /* the last seek's start and stop in output time, as asked: the segment
   * that answers it (same seqnum) starts and stops there exactly, not at
   * its data times divided by time-scale, which rounding puts some ns off
   * the frames of an uninterrupted run */
  guint32 seek_out_seqnum;
  GstClockTime seek_out_start, seek_out_stop;
  /* the output segment started at a seek position that asked for
   * history (data times are the uninterrupted run's) */
  gboolean data_from_seek;
  guint32 seek_seqnum;
  guint32 segment_seqnum;       /* of the first pad's last SEGMENT */
  guint64 n;                    /* next frame number */
  GstClockTime data_end_rt;     /* max end running time of consumed data */
  gboolean consumed_any;
  guint64 frames_done;          /* drawn frames since last segment */
  gint64 title_time;            /* what format_title showed this frame */

  /* the rectangle the renderer paints opaquely (claim_opaque): the clear
   * leaves it out; [x0, y0, x1, y1), for a canvas of keep_w x keep_h */
  gint keep[4];
  gint keep_w, keep_h;
  gboolean keep_active;         /* this frame's clear left keep out */
  gboolean claimed;             /* claim_opaque was called this frame */
  gboolean held_pending;        /* frame.held set, not yet used or cleared */
  gint claim[4];
  guint32 clear_bg;             /* this frame's clear colour */
  NeuroCanvas *canvas;          /* this frame's, while render runs */

  /* QoS */
  gdouble proportion;
  GstClockTime earliest_time;
  guint64 qos_dropped;
  guint64 qos_processed;
  /* output running time -> data running time, for the QoS events sent
   * upstream (under the object lock: they come from downstream's thread):
   * data = map_data_base + (out - map_out_base) * map_scale */
  GstClockTime map_out_base;
  GstClockTime map_data_base;
  gdouble map_scale;

  NeuroText *text;
  gchar *text_font;             /* the font priv->text was made with */

  /* video-master mode: pad under the object lock, the rest streaming */
  GstAggregatorPad *video_pad;
  GstCaps *video_caps;
  gboolean in_overlay;          /* the frame being drawn is a video frame */
  GstClockTime overlay_rt_end;  /* its end running time */
  /* PropFailure: property strings that did not parse before start */
  GPtrArray *prop_failures;

  /* reverse playback (rate < 0, streaming thread): upstream sends chunks
   * in reverse order, each forward in time; a chunk is collected whole
   * (rev_chunk), then its frames are drawn in descending time, each from a
   * fresh store fed forward with the chunk's data before its window end */
  gboolean reverse;
  GQueue rev_chunk;             /* GstBuffer, in time order */
  GstClockTime rev_first;       /* PTS of the chunk's first buffer */
  GstClockTime rev_last;        /* PTS of the last buffer taken */
  gboolean rev_complete;        /* the chunk is whole: draw from it */
  gboolean rev_final;           /* ... and the input ended after it */
  gint64 rev_t_end;             /* the frame being drawn: its window end */
  /* the data before a frame's window end a reverse frame needs (history
   * and a frame of data), as asked upstream with the last reverse seek
   * (object lock) */
  GstClockTime rev_history;
} GstNeuroRendererPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (GstNeuroRenderer, gst_neuro_renderer,
    GST_TYPE_AGGREGATOR, G_ADD_PRIVATE (GstNeuroRenderer);
    GST_DEBUG_CATEGORY_INIT (gst_neuro_renderer_debug, "neurorenderer", 0,
        "gst-neuroviz renderer base class"));

#define PRIV(self) \
  ((GstNeuroRendererPrivate *) gst_neuro_renderer_get_instance_private ( \
      GST_NEURO_RENDERER (self)))

static void gst_neuro_renderer_finalize (GObject * object);
static void gst_neuro_renderer_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_neuro_renderer_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);

static GstFlowReturn gst_neuro_renderer_aggregate (GstAggregator * agg,
    gboolean timeout);
static gboolean gst_neuro_renderer_sink_event (GstAggregator * agg,
    GstAggregatorPad * pad, GstEvent * event);
static gboolean gst_neuro_renderer_src_event (GstAggregator * agg,
    GstEvent * event);
static gboolean gst_neuro_renderer_src_query (GstAggregator * agg,
    GstQuery * query);
static GstFlowReturn gst_neuro_renderer_flush (GstAggregator * agg);
static gboolean gst_neuro_renderer_start (GstAggregator * agg);
static gboolean gst_neuro_renderer_stop (GstAggregator * agg);
static GstClockTime gst_neuro_renderer_get_next_time (GstAggregator * agg);
static GstCaps *gst_neuro_renderer_fixate_src_caps (GstAggregator * agg,
    GstCaps * caps);
static gboolean gst_neuro_renderer_negotiated_src_caps (GstAggregator * agg,
    GstCaps * caps);
static gboolean gst_neuro_renderer_decide_allocation (GstAggregator * agg,
    GstQuery * query);
static GstBuffer *gst_neuro_renderer_clip (GstAggregator * agg,
    GstAggregatorPad * pad, GstBuffer * buf);
static GstFlowReturn gst_neuro_renderer_update_src_caps (GstAggregator * agg,
    GstCaps * caps, GstCaps ** ret);
static void gst_neuro_renderer_release_pad (GstElement * element,
    GstPad * pad);

static void
gst_neuro_renderer_class_init (GstNeuroRendererClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);

  gobject_class->finalize = gst_neuro_renderer_finalize;
  gobject_class->set_property = gst_neuro_renderer_set_property;
  gobject_class->get_property = gst_neuro_renderer_get_property;

  g_object_class_install_property (gobject_class, PROP_TIME_SCALE,
      g_param_spec_double ("time-scale", "Time scale",
          "Data seconds shown per video second: 0.1 is ten times slow motion, "
          "10 a ten times time-lapse (ignored, with a warning, for live input)",
          1e-6, 1e6, DEFAULT_TIME_SCALE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_BACKGROUND,
      neuro_param_spec_color ("background", "Background",
          "Background colour; an alpha below ff selects an output format "
          "with alpha, #00000000 is fully transparent for compositing over "
          "video (" NEURO_COLOR_SPELLINGS ")", DEFAULT_BACKGROUND,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FOREGROUND,
      neuro_param_spec_color ("foreground", "Foreground",
          "Colour of axes, ticks and text ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_FOREGROUND, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_TITLE,
      g_param_spec_string ("title", "Title",
          "Title above the plot; \"{t}\" is replaced by the time of the frame "
          "(\"1.20 s\"). NULL uses the element's default title, \"\" draws "
          "no title", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SHOW_AXES,
      g_param_spec_boolean ("axes", "Axes",
          "Draw axes, ticks, tick labels and axis labels", DEFAULT_SHOW_AXES,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FONT,
      g_param_spec_string ("font", "Font", "Font family of all text",
          DEFAULT_FONT, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  /**
   * GstNeuroRenderer:dpi:
   *
   * Text, lines and ticks are sized in points as matplotlib sizes them
   * (10 pt text, 12 pt titles, 1.5 pt lines, 0.8 pt axes): this is the
   * number of pixels per inch, matplotlib's figure.dpi, so a 1200x800
   * frame at 100 dpi is a figsize=(12, 8) figure.  The same dpi gives the
   * same text in every frame size; twice the dpi, twice the text.  A
   * renderer linked to a neurofigure takes the figure's dpi unless this
   * property was set.
   */
  g_object_class_install_property (gobject_class, PROP_DPI,
      g_param_spec_double ("dpi", "DPI",
          "Pixels per inch: text, lines and ticks have matplotlib's sizes in "
          "points at this resolution (figure.dpi; 1200x800 at 100 is "
          "figsize=(12, 8)); a panel of a neurofigure takes the figure's dpi "
          "unless this is set", MIN_DPI, MAX_DPI, DEFAULT_DPI,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &src_template, GST_TYPE_AGGREGATOR_PAD);

  agg_class->aggregate = GST_DEBUG_FUNCPTR (gst_neuro_renderer_aggregate);
  agg_class->sink_event = GST_DEBUG_FUNCPTR (gst_neuro_renderer_sink_event);
  agg_class->src_event = GST_DEBUG_FUNCPTR (gst_neuro_renderer_src_event);
  agg_class->src_query = GST_DEBUG_FUNCPTR (gst_neuro_renderer_src_query);
  agg_class->flush = GST_DEBUG_FUNCPTR (gst_neuro_renderer_flush);
  agg_class->start = GST_DEBUG_FUNCPTR (gst_neuro_renderer_start);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_neuro_renderer_stop);
  agg_class->get_next_time =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_get_next_time);
  agg_class->fixate_src_caps =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_fixate_src_caps);
  agg_class->negotiated_src_caps =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_negotiated_src_caps);
  agg_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_decide_allocation);
  agg_class->clip = GST_DEBUG_FUNCPTR (gst_neuro_renderer_clip);
  agg_class->update_src_caps =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_update_src_caps);
  element_class->release_pad =
      GST_DEBUG_FUNCPTR (gst_neuro_renderer_release_pad);

  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_RENDERER, 0);
}

static void
gst_neuro_renderer_init (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);

  priv->time_scale = DEFAULT_TIME_SCALE;
  priv->background = DEFAULT_BACKGROUND;
  priv->foreground = DEFAULT_FOREGROUND;
  priv->show_axes = DEFAULT_SHOW_AXES;
  priv->font = g_strdup (DEFAULT_FONT);
  priv->dpi = DEFAULT_DPI;
  priv->prop_failures = g_ptr_array_new_with_free_func (prop_failure_free);
  priv->active_scale = 1.0;
  priv->map_scale = 1.0;
  priv->seek_position = GST_CLOCK_TIME_NONE;
  g_queue_init (&priv->rev_chunk);
  gst_video_info_init (&priv->vinfo);
  gst_segment_init (&priv->out_segment, GST_FORMAT_TIME);
  gst_segment_init (&priv->data_segment, GST_FORMAT_TIME);
}

static void
gst_neuro_renderer_finalize (GObject * object)
{
  GstNeuroRendererPrivate *priv = PRIV (object);

  g_free (priv->title);
  g_free (priv->font);
  g_clear_pointer (&priv->prop_failures, g_ptr_array_unref);
  neuro_text_free (priv->text);
  priv->text = NULL;
  g_free (priv->text_font);
  priv->text_font = NULL;
  gst_clear_object (&priv->video_pad);
  gst_clear_caps (&priv->video_caps);
  g_queue_clear_full (&priv->rev_chunk, (GDestroyNotify) gst_buffer_unref);
  G_OBJECT_CLASS (gst_neuro_renderer_parent_class)->finalize (object);
}

static void
gst_neuro_renderer_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroRendererPrivate *priv = PRIV (object);
  gboolean reconfigure = FALSE;
  GError *colour_err = NULL;
  gboolean colour_set = FALSE;

  GST_OBJECT_LOCK (object);
  switch (prop_id) {
    case PROP_TIME_SCALE:
      priv->time_scale = g_value_get_double (value);
      break;
    case PROP_BACKGROUND:{
      guint32 bg = priv->background;

      colour_set = TRUE;
      neuro_color_property_set (pspec, value, &bg, &colour_err);
      /* switching between opaque and translucent changes the format */
      reconfigure = ((bg >> 24) == 0xff) != ((priv->background >> 24) == 0xff);
      priv->background = bg;
      break;
    }
    case PROP_FOREGROUND:
      colour_set = TRUE;
      neuro_color_property_set (pspec, value, &priv->foreground, &colour_err);
      break;
    case PROP_TITLE:
      g_free (priv->title);
      priv->title = g_value_dup_string (value);
      break;
    case PROP_SHOW_AXES:
      priv->show_axes = g_value_get_boolean (value);
      break;
    case PROP_FONT:
      g_free (priv->font);
      priv->font = g_value_dup_string (value);
      if (priv->font == NULL)
        priv->font = g_strdup (DEFAULT_FONT);
      break;
    case PROP_DPI:
      priv->dpi = g_value_get_double (value);
      priv->dpi_set = TRUE;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (object);
  /* a colour that does not parse keeps the previous one, and says so */
  if (colour_set)
    gst_neuro_renderer_property_parsed (GST_NEURO_RENDERER (object),
        pspec->name, g_value_get_string (value), colour_err);
  g_clear_error (&colour_err);
  if (reconfigure)
    gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (object));
}

static void
gst_neuro_renderer_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroRendererPrivate *priv = PRIV (object);

  GST_OBJECT_LOCK (object);
  switch (prop_id) {
    case PROP_TIME_SCALE:
      g_value_set_double (value, priv->time_scale);
      break;
    case PROP_BACKGROUND:
      neuro_color_property_get (value, priv->background);
      break;
    case PROP_FOREGROUND:
      neuro_color_property_get (value, priv->foreground);
      break;
    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;
    case PROP_SHOW_AXES:
      g_value_set_boolean (value, priv->show_axes);
      break;
    case PROP_FONT:
      g_value_set_string (value, priv->font);
      break;
    case PROP_DPI:
      g_value_set_double (value, priv->dpi);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (object);
}

/* ------------------------------------------------------------ timelines */

/* The scale between the output and the data timelines for seeks and the
 * duration: time-scale, but 1 in video-master mode, where the video is the
 * clock (its timestamps are kept, the data pads follow them). */
static gdouble
timeline_scale (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  gdouble scale;

  GST_OBJECT_LOCK (self);
  scale = priv->video_pad ? 1.0 : priv->time_scale;
  GST_OBJECT_UNLOCK (self);
  return scale;
}

/* Publishes the running-time mapping of the current segments (streaming
 * thread, after out_segment, data_segment or active_scale changed). */
static void
update_timeline_map (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  priv->map_out_base = priv->out_segment.base;
  priv->map_data_base = priv->data_origin;
  priv->map_scale = priv->active_scale;
  GST_OBJECT_UNLOCK (self);
}

/* Controller values follow the stream time of a frame, as in every
 * GStreamer element (GstBaseTransform, videoaggregator's sync_pad_values):
 * a file played from 10 s shows the values at 10 s, whatever the running
 * time or buffer timestamps. */
static void
sync_controlled_values (GstNeuroRenderer * self, const GstSegment * segment,
    GstClockTime pts)
{
  GstClockTime stream_time = gst_segment_to_stream_time (segment,
      GST_FORMAT_TIME, pts);

  if (GST_CLOCK_TIME_IS_VALID (stream_time))
    gst_object_sync_values (GST_OBJECT (self), stream_time);
}

/* ------------------------------------------------------------ public API */

const GstVideoInfo *
gst_neuro_renderer_get_video_info (GstNeuroRenderer * self)
{
  return &PRIV (self)->vinfo;
}

guint32
gst_neuro_renderer_get_foreground (GstNeuroRenderer * self)
{
  guint32 v;

  GST_OBJECT_LOCK (self);
  v = PRIV (self)->foreground;
  GST_OBJECT_UNLOCK (self);
  return v;
}

guint32
gst_neuro_renderer_get_background (GstNeuroRenderer * self)
{
  guint32 v;

  GST_OBJECT_LOCK (self);
  v = PRIV (self)->background;
  GST_OBJECT_UNLOCK (self);
  return v;
}

gboolean
gst_neuro_renderer_get_show_axes (GstNeuroRenderer * self)
{
  gboolean v;

  GST_OBJECT_LOCK (self);
  v = PRIV (self)->show_axes;
  GST_OBJECT_UNLOCK (self);
  return v;
}

gchar *
gst_neuro_renderer_format_title (GstNeuroRenderer * self,
    const GstNeuroFrame * frame, const gchar * default_title)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  gchar *title, *value;
  gint64 stream_end, index;
  gdouble frames;

  GST_OBJECT_LOCK (self);
  title = g_strdup (priv->title ? priv->title : default_title);
  GST_OBJECT_UNLOCK (self);
  stream_end = frame->t_end + frame->stream_offset;
  /* the time this frame is said to show, for its frame-time meta */
  priv->title_time = stream_end;
  if (title == NULL || *title == '\0') {
    g_free (title);
    return NULL;
  }
  /* {frame} counted from stream time 0 rather than from the segment, so
   * the index a frame shows does not change after a seek: the frame whose
   * window ends at (k + 1) frame intervals of data is frame k */
  index = (gint64) frame->number;
  if (priv->have_vinfo && priv->vinfo.fps_n > 0 && priv->vinfo.fps_d > 0
      && priv->active_scale > 0) {
    frames = stream_end / (gdouble) GST_SECOND * priv->vinfo.fps_n /
        priv->vinfo.fps_d / priv->active_scale;
    index = (gint64) floor (frames + 0.5) - 1;
    if (index < 0)
      index = 0;
  }
  value = neuro_format_title (title, stream_end, index);
  g_free (title);
  title = value;
  return title;
}

GstAggregatorPad *
gst_neuro_renderer_add_sink_pad (GstNeuroRenderer * self,
    GstPadTemplate * templ, const gchar * name)
{
  GstAggregatorPad *pad = g_object_new (GST_TYPE_AGGREGATOR_PAD,
      "name", name, "direction", GST_PAD_SINK, "template", templ, NULL);

  gst_element_add_pad (GST_ELEMENT (self), GST_PAD (pad));
  return pad;
}

void
gst_neuro_renderer_set_video_pad (GstNeuroRenderer * self,
    GstAggregatorPad * pad)
{
  GstNeuroRendererPrivate *priv = PRIV (self);

  GST_OBJECT_LOCK (self);
  gst_object_replace ((GstObject **) & priv->video_pad, (GstObject *) pad);
  GST_OBJECT_UNLOCK (self);
  GST_DEBUG_OBJECT (self, "video pad %" GST_PTR_FORMAT, pad);
  gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
}

/* the video-master pad (reffed) or NULL */
static GstAggregatorPad *
video_pad_get (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstAggregatorPad *pad = NULL;

  GST_OBJECT_LOCK (self);
  if (priv->video_pad)
    pad = gst_object_ref (priv->video_pad);
  GST_OBJECT_UNLOCK (self);
  return pad;
}

static void
gst_neuro_renderer_release_pad (GstElement * element, GstPad * pad)
{
  GstNeuroRendererPrivate *priv = PRIV (element);
  gboolean was_video;

  GST_OBJECT_LOCK (element);
  was_video = (GstPad *) priv->video_pad == pad;
  GST_OBJECT_UNLOCK (element);
  if (was_video)
    gst_neuro_renderer_set_video_pad (GST_NEURO_RENDERER (element), NULL);
  GST_ELEMENT_CLASS (gst_neuro_renderer_parent_class)->release_pad (element,
      pad);
}

static GstClockTime frame_data_end (GstNeuroRendererPrivate * priv,
    guint64 n);

gint64
gst_neuro_renderer_pad_window_end (GstNeuroRenderer * self,
    GstAggregatorPad * pad, const GstNeuroFrame * frame)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstClockTime rt;
  guint64 pos;
  gint res;

  /* reverse playback has one data pad, whose window end is the frame's */
  if (priv->reverse)
    return frame->t_end;
  if (priv->in_overlay) {
    rt = priv->overlay_rt_end;
  } else {
    rt = frame_data_end (priv, frame->number);
  }
  GST_OBJECT_LOCK (pad);
  res = gst_segment_position_from_running_time_full (&pad->segment,
      GST_FORMAT_TIME, rt, &pos);
  GST_OBJECT_UNLOCK (pad);
  if (res == 1)
    return (gint64) pos;
  else if (res == -1)
    return -(gint64) pos;
  return frame->t_end;
}

/* ----------------------------------------------------------- negotiation */

static GstCaps *
gst_neuro_renderer_fixate_src_caps (GstAggregator * agg, GstCaps * caps)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstStructure *s;
  gboolean alpha;

  GST_OBJECT_LOCK (agg);
  alpha = (priv->background >> 24) != 0xff;
  GST_OBJECT_UNLOCK (agg);

  caps = gst_caps_make_writable (caps);
  caps = gst_caps_truncate (caps);
  s = gst_caps_get_structure (caps, 0);
  gst_structure_fixate_field_nearest_int (s, "width", DEFAULT_WIDTH);
  gst_structure_fixate_field_nearest_int (s, "height", DEFAULT_HEIGHT);
  if (gst_structure_has_field (s, "framerate"))
    gst_structure_fixate_field_nearest_fraction (s, "framerate",
        DEFAULT_FPS_N, DEFAULT_FPS_D);
  else
    gst_structure_set (s, "framerate", GST_TYPE_FRACTION, DEFAULT_FPS_N,
        DEFAULT_FPS_D, NULL);
  gst_structure_fixate_field_string (s, "format",
      alpha ? FORMAT_ALPHA : FORMAT_OPAQUE);
  if (gst_structure_has_field (s, "pixel-aspect-ratio"))
    gst_structure_fixate_field_nearest_fraction (s, "pixel-aspect-ratio", 1,
        1);
  return gst_caps_fixate (caps);
}

/* Video-master mode: the output caps are the video's (we draw in place). */
static GstFlowReturn
gst_neuro_renderer_update_src_caps (GstAggregator * agg, GstCaps * caps,
    GstCaps ** ret)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstAggregatorPad *vpad = video_pad_get (GST_NEURO_RENDERER (agg));

  if (vpad == NULL) {
    *ret = gst_caps_ref (caps);
    return GST_FLOW_OK;
  }
  gst_object_unref (vpad);
  if (priv->video_caps == NULL)
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  *ret = gst_caps_intersect (priv->video_caps, caps);
  if (gst_caps_is_empty (*ret)) {
    GST_ELEMENT_ERROR (agg, CORE, NEGOTIATION,
        ("Downstream does not accept the video format of the overlay input "
            "(%" GST_PTR_FORMAT "): the output caps are the video's",
            priv->video_caps), ("downstream caps %" GST_PTR_FORMAT, caps));
    gst_clear_caps (ret);
    return GST_FLOW_NOT_NEGOTIATED;
  }
  return GST_FLOW_OK;
}

static GstClockTime frame_pts (GstNeuroRendererPrivate * priv, guint64 n);
static GstClockTime frame_data_end (GstNeuroRendererPrivate * priv,
    guint64 n);

/* Before a new framerate: the counter restarts at the next frame, whose
 * position becomes the start of both segments.  Each segment keeps the
 * running time and the stream time it had there (both computed from the
 * segment as it was), so data windows and labels go on without a jump. */
static gboolean
restart_frame_clock (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstSegment *out = &priv->out_segment, *data = &priv->data_segment;
  GstClockTime next = frame_pts (priv, priv->n);
  GstClockTime data_next = priv->n == 0 ? priv->data_origin :
      frame_data_end (priv, priv->n - 1);
  GstClockTime out_rt = gst_segment_to_running_time (out, GST_FORMAT_TIME,
      next);
  guint64 pos, out_time, data_time;

  if (!GST_CLOCK_TIME_IS_VALID (out_rt))
    return FALSE;               /* past the segment: nothing follows */
  if (gst_segment_position_from_running_time_full (data, GST_FORMAT_TIME,
          data_next, &pos) != 1)
    pos = data->start;
  if (gst_segment_to_stream_time_full (out, GST_FORMAT_TIME, next,
          &out_time) != 1)
    out_time = out->time;
  if (gst_segment_to_stream_time_full (data, GST_FORMAT_TIME, pos,
          &data_time) != 1)
    data_time = data->time;

  out->base = out_rt;
  out->start = out->position = next;
  out->time = out_time;
  data->base = priv->data_origin = data_next;
  data->start = data->position = pos;
  data->time = data_time;
  priv->data_from_seek = FALSE;
  priv->n = 0;
  update_timeline_map (self);
  gst_aggregator_update_segment (GST_AGGREGATOR (self), out);
  return TRUE;
}

static GstClockTime reverse_frame_end (GstNeuroRendererPrivate * priv,
    guint64 k);

/* Reverse, before a new framerate: the output segment stops where the next
 * frame ends, its running time goes on from there, the counter restarts. */
static void
restart_reverse_clock (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstSegment *out = &priv->out_segment;
  GstClockTime end = reverse_frame_end (priv, priv->n);

  out->base += neuro_count_to_time (priv->n, priv->vinfo.fps_n,
      priv->vinfo.fps_d);
  out->stop = out->position = MAX (end, out->start);
  priv->n = 0;
  update_timeline_map (self);
  gst_aggregator_update_segment (GST_AGGREGATOR (self), out);
}

/* time-scale changed while playing: the frame clock restarts at the next
 * frame (so its window starts where the last one ended: no window shown
 * twice or skipped) and goes on at the new scale; the output segment's
 * stop follows the data's. */
static void
change_time_scale (GstNeuroRenderer * self, gdouble scale)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstSegment *out = &priv->out_segment, *data = &priv->data_segment;

  GST_DEBUG_OBJECT (self, "time-scale %g -> %g at frame %" G_GUINT64_FORMAT,
      priv->active_scale, scale, priv->n);
  if (!restart_frame_clock (self))
    return;
  priv->active_scale = scale;
  if (GST_CLOCK_TIME_IS_VALID (data->stop) && data->stop >= data->start)
    out->stop = out->start + (GstClockTime) ((data->stop - data->start) /
        scale);
  update_timeline_map (self);
  gst_aggregator_update_segment (GST_AGGREGATOR (self), out);
}

static gboolean
gst_neuro_renderer_negotiated_src_caps (GstAggregator * agg, GstCaps * caps)
{
  GstNeuroRenderer *self = GST_NEURO_RENDERER (agg);
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (agg);
  GstVideoInfo info;
  GstClockTime fdur;

  if (!gst_video_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (agg, CORE, NEGOTIATION, (NULL),
        ("Invalid output caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  if (priv->video_caps) {
    GstAggregatorPad *vpad = video_pad_get (self);

    /* video-master mode: the video's timestamps rule, any rate will do */
    if (vpad) {
      gst_object_unref (vpad);
      if (info.fps_n <= 0 || info.fps_d <= 0) {
        info.fps_n = 0;
        info.fps_d = 1;
      }
      priv->vinfo = info;
      priv->have_vinfo = TRUE;
      goto text;
    }
  }
  if (info.fps_n <= 0 || info.fps_d <= 0) {
    GST_ELEMENT_ERROR (agg, CORE, NEGOTIATION,
        ("Output framerate %d/%d is not supported: a renderer makes frames at "
            "a fixed rate; ask for one, e.g. video/x-raw,framerate=30/1",
            info.fps_n, info.fps_d), (NULL));
    return FALSE;
  }
  if (info.fps_n > (gint64) MAX_FPS * info.fps_d
      || (gint64) info.fps_n * MIN_FPS_SECONDS < info.fps_d) {
    GST_ELEMENT_ERROR (agg, CORE, NEGOTIATION,
        ("Output framerate %d/%d is out of range: a renderer makes at most "
            "%d frames per second and at least one frame a day (1/%d)",
            info.fps_n, info.fps_d, MAX_FPS, MIN_FPS_SECONDS), (NULL));
    return FALSE;
  }
  GST_INFO_OBJECT (agg, "output %dx%d %s at %d/%d", info.width, info.height,
      gst_video_format_to_string (info.finfo->format), info.fps_n,
      info.fps_d);

  /* a framerate change keeps time continuous */
  if (priv->have_vinfo && (priv->vinfo.fps_n != info.fps_n
          || priv->vinfo.fps_d != info.fps_d) && !priv->segment_pending) {
    if (priv->reverse)
      restart_reverse_clock (self);
    else
      restart_frame_clock (self);
  }

  priv->vinfo = info;
  priv->have_vinfo = TRUE;

text:
  /* a panel of a neurofigure draws at the figure's dpi (unless its own
   * dpi was set), so that every panel has one text size */
  {
    GstQuery *q = neuro_figure_query_new ();
    gdouble fdpi = 0;

    if (gst_pad_peer_query (GST_AGGREGATOR_SRC_PAD (agg), q))
      gst_structure_get_double (gst_query_get_structure (q), "dpi", &fdpi);
    gst_query_unref (q);
    GST_OBJECT_LOCK (agg);
    priv->figure_dpi = fdpi >= MIN_DPI && fdpi <= MAX_DPI ? fdpi : 0;
    GST_OBJECT_UNLOCK (agg);
    if (fdpi > 0)
      GST_INFO_OBJECT (agg, "a panel of a figure at %g dpi", fdpi);
  }
  {
    gchar *font;

    GST_OBJECT_LOCK (agg);
    font = g_strdup (priv->font);
    GST_OBJECT_UNLOCK (agg);
    /* a new font (set in READY): the cached layouts are stale (sizes come
     * from the dpi, not from the frame size) */
    if (priv->text == NULL || g_strcmp0 (font, priv->text_font) != 0) {
      neuro_text_free (priv->text);
      priv->text = neuro_text_new (font);
      g_free (priv->text_font);
      priv->text_font = font;
    } else {
      g_free (font);
    }
  }

  /* we draw frame n once the data up to its end is in: one frame late */
  if (info.fps_n > 0) {
    fdur = neuro_count_to_time (1, info.fps_n, info.fps_d);
    gst_aggregator_set_latency (agg, fdur, fdur);
  }

  if (klass->set_output_info && !klass->set_output_info (self, &info))
    return FALSE;
  return TRUE;
}

static gboolean
gst_neuro_renderer_decide_allocation (GstAggregator * agg, GstQuery * query)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstBufferPool *pool = NULL;
  GstAllocator *allocator = NULL;
  GstAllocationParams params;
  GstStructure *config;
  GstCaps *caps;
  guint size, min = 0, max = 0;
  gboolean update;

  gst_query_parse_allocation (query, &caps, NULL);
  if (gst_query_get_n_allocation_params (query) > 0) {
    gst_query_parse_nth_allocation_param (query, 0, &allocator, &params);
  } else {
    gst_allocation_params_init (&params);
    gst_query_add_allocation_param (query, NULL, &params);
  }

  size = priv->vinfo.size;
  if (gst_query_get_n_allocation_pools (query) > 0) {
    gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
    size = MAX (size, priv->vinfo.size);
    update = TRUE;
  } else {
    update = FALSE;
  }
  if (pool == NULL)
    pool = gst_video_buffer_pool_new ();

  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  gst_buffer_pool_config_set_allocator (config, allocator, &params);
  if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE, NULL))
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    config = gst_buffer_pool_get_config (pool);
    if (!gst_buffer_pool_config_validate_params (config, caps, size, min, max)) {
      /* downstream's pool refuses our needs: use our own */
      gst_structure_free (config);
      gst_object_unref (pool);
      pool = gst_video_buffer_pool_new ();
      config = gst_buffer_pool_get_config (pool);
      gst_buffer_pool_config_set_params (config, caps, size, min, max);
      gst_buffer_pool_config_set_allocator (config, allocator, &params);
      if (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE,
              NULL))
        gst_buffer_pool_config_add_option (config,
            GST_BUFFER_POOL_OPTION_VIDEO_META);
    }
    if (!gst_buffer_pool_set_config (pool, config)) {
      gst_object_unref (pool);
      if (allocator)
        gst_object_unref (allocator);
      GST_ELEMENT_ERROR (agg, RESOURCE, SETTINGS,
          ("Failed to configure the output buffer pool"), (NULL));
      return FALSE;
    }
  }
  if (update)
    gst_query_set_nth_allocation_pool (query, 0, pool, size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, size, min, max);
  gst_object_unref (pool);
  if (allocator)
    gst_object_unref (allocator);
  return TRUE;
}

/* ---------------------------------------------------------------- events */

static void
gst_neuro_renderer_reset (GstNeuroRenderer * self, gboolean full)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (self);

  priv->segment_pending = TRUE;
  priv->n = 0;
  priv->data_end_rt = GST_CLOCK_TIME_NONE;
  priv->consumed_any = FALSE;
  priv->frames_done = 0;
  g_queue_clear_full (&priv->rev_chunk, (GDestroyNotify) gst_buffer_unref);
  priv->rev_complete = FALSE;
  priv->rev_final = FALSE;
  priv->reverse = FALSE;
  GST_OBJECT_LOCK (self);
  priv->proportion = 1.0;
  priv->earliest_time = GST_CLOCK_TIME_NONE;
  GST_OBJECT_UNLOCK (self);
  if (full) {
    priv->qos_dropped = 0;
    priv->qos_processed = 0;
  }
  if (klass->reset)
    klass->reset (self);
}

void
gst_neuro_renderer_property_parsed (GstNeuroRenderer * self,
    const gchar * property, const gchar * value, const GError * error)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  gchar *text = NULL;
  gboolean now;
  guint i;

  /* parsers of the property strings that name the property and the value
   * themselves (the colours) are not repeated */
  if (error && g_str_has_prefix (error->message, "property '"))
    text = g_strdup_printf ("Invalid %s", error->message);
  else if (error)
    text = g_strdup_printf ("Invalid value \"%s\" for property '%s': %s",
        value ? value : "(null)", property, error->message);
  GST_OBJECT_LOCK (self);
  for (i = 0; i < priv->prop_failures->len; i++) {
    PropFailure *f = g_ptr_array_index (priv->prop_failures, i);

    if (g_str_equal (f->property, property)) {
      g_ptr_array_remove_index (priv->prop_failures, i);
      break;
    }
  }
  now = GST_STATE (self) >= GST_STATE_PAUSED;
  if (text && !now) {
    PropFailure *f = g_new (PropFailure, 1);

    f->property = g_strdup (property);
    f->text = g_strdup (text);
    g_ptr_array_add (priv->prop_failures, f);
  }
  GST_OBJECT_UNLOCK (self);
  if (text) {
    GST_WARNING_OBJECT (self, "%s", text);
    /* running on a valid value: keep it rather than stop the pipeline */
    if (now)
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          ("%s; the previous value is kept", text), (NULL));
  }
  g_free (text);
}

static gboolean
gst_neuro_renderer_start (GstAggregator * agg)
{
  GstNeuroRenderer *self = GST_NEURO_RENDERER (agg);
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GString *msg = NULL;
  guint i;

  /* set before there was a bus (NULL, READY): fail the start, naming them */
  GST_OBJECT_LOCK (self);
  for (i = 0; i < priv->prop_failures->len; i++) {
    PropFailure *f = g_ptr_array_index (priv->prop_failures, i);

    if (msg == NULL)
      msg = g_string_new (f->text);
    else
      g_string_append_printf (msg, "; %s", f->text);
  }
  GST_OBJECT_UNLOCK (self);
  if (msg) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("%s", msg->str), (NULL));
    g_string_free (msg, TRUE);
    return FALSE;
  }
  gst_neuro_renderer_reset (self, TRUE);
  return TRUE;
}

static gboolean
gst_neuro_renderer_stop (GstAggregator * agg)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);

  gst_neuro_renderer_reset (GST_NEURO_RENDERER (agg), TRUE);
  priv->have_vinfo = FALSE;
  gst_video_info_init (&priv->vinfo);
  gst_clear_caps (&priv->video_caps);
  return TRUE;
}

static GstFlowReturn
gst_neuro_renderer_flush (GstAggregator * agg)
{
  GstAggregatorClass *parent = GST_AGGREGATOR_CLASS
      (gst_neuro_renderer_parent_class);

  gst_neuro_renderer_reset (GST_NEURO_RENDERER (agg), FALSE);
  return parent->flush ? parent->flush (agg) : GST_FLOW_OK;
}

static GstAggregatorPad *
first_sink_pad (GstNeuroRenderer * self)
{
  GstAggregatorPad *pad = NULL;
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    /* the video-master pad is not a data pad */
    if (l->data != (gpointer) PRIV (self)->video_pad) {
      pad = gst_object_ref (l->data);
      break;
    }
  }
  GST_OBJECT_UNLOCK (self);
  return pad;
}

/* the pad whose upstream defines duration and seekability */
static GstAggregatorPad *
master_sink_pad (GstNeuroRenderer * self)
{
  GstAggregatorPad *pad = video_pad_get (self);

  return pad ? pad : first_sink_pad (self);
}

/* Reverse playback draws a chunk's frames from one data pad, on the frame
 * clock: not with several data pads (their chunks would not line up) nor
 * over video.  FALSE: @why (if not NULL) says why. */
static gboolean
reverse_possible (GstNeuroRenderer * self, const gchar ** why)
{
  GList *l;
  guint n = 0;
  gboolean video;

  GST_OBJECT_LOCK (self);
  video = PRIV (self)->video_pad != NULL;
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    if (l->data != (gpointer) PRIV (self)->video_pad)
      n++;
  GST_OBJECT_UNLOCK (self);
  if (video) {
    if (why)
      *why = "drawing over video (the video's timestamps rule)";
    return FALSE;
  }
  if (n > 1) {
    if (why)
      *why = "more than one data input";
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_neuro_renderer_sink_event (GstAggregator * agg, GstAggregatorPad * pad,
    GstEvent * event)
{
  GstNeuroRenderer *self = GST_NEURO_RENDERER (agg);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (agg);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_CAPS:{
      GstCaps *caps;
      gboolean ret = TRUE;
      GstAggregatorPad *vpad = video_pad_get (self);

      gst_event_parse_caps (event, &caps);
      GST_DEBUG_OBJECT (pad, "caps %" GST_PTR_FORMAT, caps);
      if (vpad == pad) {
        /* the output follows the video's caps */
        gst_object_unref (vpad);
        if (PRIV (self)->video_caps == NULL
            || !gst_caps_is_equal (PRIV (self)->video_caps, caps)) {
          gst_caps_replace (&PRIV (self)->video_caps, caps);
          PRIV (self)->have_vinfo = FALSE;
          gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
        }
        gst_event_unref (event);
        return TRUE;
      }
      if (vpad)
        gst_object_unref (vpad);
      if (klass->set_sink_caps)
        ret = klass->set_sink_caps (self, pad, caps);
      gst_event_unref (event);
      return ret;
    }
    case GST_EVENT_SEGMENT:{
      const GstSegment *seg;
      GstAggregatorPad *first = first_sink_pad (self);

      gst_event_parse_segment (event, &seg);
      if (seg->format != GST_FORMAT_TIME) {
        GST_ELEMENT_ERROR (agg, STREAM, FORMAT, (NULL),
            ("Only TIME segments are supported, got %s",
                gst_format_get_name (seg->format)));
        if (first)
          gst_object_unref (first);
        gst_event_unref (event);
        return FALSE;
      }
      if (seg->rate < 0 && !reverse_possible (self, NULL)) {
        GST_ELEMENT_ERROR (agg, STREAM, NOT_IMPLEMENTED,
            ("Reverse playback is not supported by %s with more than one "
                "data input or over video", GST_ELEMENT_NAME (agg)), (NULL));
        if (first)
          gst_object_unref (first);
        gst_event_unref (event);
        return FALSE;
      }
      if (pad == first) {
        GST_OBJECT_LOCK (self);
        PRIV (self)->segment_seqnum = gst_event_get_seqnum (event);
        GST_OBJECT_UNLOCK (self);
        PRIV (self)->segment_pending = TRUE;
      }
      if (first)
        gst_object_unref (first);
      {
        GstAggregatorPad *vpad = video_pad_get (self);

        /* video-master mode: the output segment is the video's */
        if (vpad == pad)
          gst_aggregator_update_segment (agg, seg);
        if (vpad)
          gst_object_unref (vpad);
      }
      /* chain up: stores the segment on the pad */
      break;
    }
    default:
      break;
  }
  return GST_AGGREGATOR_CLASS (gst_neuro_renderer_parent_class)->sink_event
      (agg, pad, event);
}

/* A QoS event of the output timeline as upstream's data timeline sees it:
 * with time-scale, a frame at output running time R shows the data at
 * data.base + (R - out.base) * time-scale, and a lateness of d output
 * nanoseconds is d * time-scale of data.  Returns @event when nothing
 * changes (time-scale 1, video-master mode), else a new event. */
static GstEvent *
qos_to_data_timeline (GstNeuroRenderer * self, GstEvent * event)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstQOSType type;
  gdouble proportion, scale;
  GstClockTimeDiff diff;
  GstClockTime timestamp, out_base, data_base, ts;
  GstEvent *scaled;

  gst_event_parse_qos (event, &type, &proportion, &diff, &timestamp);
  GST_OBJECT_LOCK (self);
  scale = priv->video_pad ? 1.0 : priv->map_scale;
  out_base = priv->map_out_base;
  data_base = priv->map_data_base;
  GST_OBJECT_UNLOCK (self);
  if (scale == 1.0 || !GST_CLOCK_TIME_IS_VALID (timestamp))
    return event;
  /* both terms below 2^63: the sum stays below GST_CLOCK_TIME_NONE */
  ts = data_base + (GstClockTime) neuro_clamp_to_int64 ((gdouble)
      (timestamp > out_base ? timestamp - out_base : 0) * scale, 0,
      G_MAXINT64);
  scaled = gst_event_new_qos (type, proportion,
      (GstClockTimeDiff) neuro_clamp_to_int64 (diff * scale, -G_MAXINT64,
          G_MAXINT64), ts);
  gst_event_set_seqnum (scaled, gst_event_get_seqnum (event));
  gst_event_unref (event);
  return scaled;
}

/* An instant rate change (GST_SEEK_FLAG_INSTANT_RATE_CHANGE) changes no
 * data: the frames go on as they are and the sinks apply the new rate from
 * the pipeline's sync time, as after a demuxer's INSTANT_RATE_CHANGE event.
 * Sent upstream, the seek would restart the source. */
static gboolean
instant_rate_change (GstNeuroRenderer * self, GstEvent * seek)
{
  GstAggregator *agg = GST_AGGREGATOR (self);
  gdouble rate, current;
  GstFormat fmt;
  GstSeekFlags flags;
  GstSeekType st, sp;
  GstEvent *ev;

  gst_event_parse_seek (seek, &rate, &fmt, &flags, &st, NULL, &sp, NULL);
  GST_OBJECT_LOCK (self);
  current = GST_AGGREGATOR_PAD (agg->srcpad)->segment.rate;
  GST_OBJECT_UNLOCK (self);
  if (st != GST_SEEK_TYPE_NONE || sp != GST_SEEK_TYPE_NONE
      || (flags & GST_SEEK_FLAG_FLUSH) || (rate > 0) != (current > 0)) {
    GST_DEBUG_OBJECT (self, "refusing instant rate change: it must keep the "
        "position and the direction and not flush");
    gst_event_unref (seek);
    return FALSE;
  }
  ev = gst_event_new_instant_rate_change (rate / current,
      (GstSegmentFlags) (flags & GST_SEGMENT_INSTANT_FLAGS));
  gst_event_set_seqnum (ev, gst_event_get_seqnum (seek));
  gst_event_unref (seek);
  GST_DEBUG_OBJECT (self, "instant rate change to %g", rate);
  return gst_pad_push_event (agg->srcpad, ev);
}

/* The seek to send upstream for a reverse seek @seek (consumed), or NULL
 * when it is refused (the reason at debug level).  Upstream is asked for
 * the segment from the seek's start minus what the first frame needs, and
 * the "neuroviz-history" field of the seek (guint64, data ns) tells a
 * source how far each chunk must reach before its first frame's time: the
 * renderer's history and one frame of data. */
static GstEvent *
reverse_seek (GstNeuroRenderer * self, GstEvent * seek, GstClockTime history,
    gdouble scale)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstAggregatorPad *first;
  const gchar *why = NULL;
  gdouble rate;
  GstFormat fmt;
  GstSeekFlags flags;
  GstSeekType st, sp;
  gint64 start, stop, dur = -1, up_start, up_stop;
  GstClockTime fdur, need;
  GstQuery *q;
  gboolean live = FALSE, seekable = TRUE;
  GstEvent *ev;

  gst_event_parse_seek (seek, &rate, &fmt, &flags, &st, &start, &sp, &stop);
  if (!reverse_possible (self, &why))
    goto refuse;
  first = first_sink_pad (self);
  if (first == NULL) {
    why = "there is no data input";
    goto refuse;
  }
  q = gst_query_new_latency ();
  if (gst_pad_peer_query (GST_PAD (first), q))
    gst_query_parse_latency (q, &live, NULL, NULL);
  gst_query_unref (q);
  if (!gst_pad_peer_query_duration (GST_PAD (first), GST_FORMAT_TIME, &dur))
    dur = -1;
  /* (GstAggregator would take a seek its unseekable input refused) */
  q = gst_query_new_seeking (GST_FORMAT_TIME);
  if (gst_pad_peer_query (GST_PAD (first), q))
    gst_query_parse_seeking (q, NULL, &seekable, NULL, NULL);
  gst_query_unref (q);
  gst_object_unref (first);
  if (live) {
    why = "the input is live: it cannot go back in time";
    goto refuse;
  }
  if (!seekable) {
    why = "the input cannot seek";
    goto refuse;
  }
  if (st == GST_SEEK_TYPE_END || sp == GST_SEEK_TYPE_END) {
    why = "seek types relative to the end are not supported in reverse";
    goto refuse;
  }
  if (st != GST_SEEK_TYPE_SET || start < 0)
    start = 0;
  up_start = neuro_clamp_to_int64 (start * scale, 0, G_MAXINT64);
  up_stop = sp == GST_SEEK_TYPE_SET && stop >= 0 ?
      neuro_clamp_to_int64 (stop * scale, 0, G_MAXINT64) : -1;
  if (dur >= 0 && up_start >= dur) {
    why = "the seek's start is past the end of the data";
    goto refuse;
  }
  if (up_stop < 0 && dur < 0) {
    why = "reverse playback starts at the seek's stop, and there is no stop "
        "nor a known duration";
    goto refuse;
  }
  if (up_stop >= 0 && up_stop <= up_start) {
    why = "the seek's stop is not after its start";
    goto refuse;
  }

  /* each chunk reaches back by the history and one frame of data */
  fdur = priv->have_vinfo && priv->vinfo.fps_n > 0 ?
      neuro_count_to_time (1, priv->vinfo.fps_n, priv->vinfo.fps_d) :
      GST_SECOND / DEFAULT_FPS_N;
  need = (GstClockTime) neuro_clamp_to_int64 ((gdouble) fdur * fabs (rate) *
      scale, 0, G_MAXINT64 / 4) + 1;
  if (GST_CLOCK_TIME_IS_VALID (history) && history < G_MAXINT64 / 4)
    need += history;
  GST_OBJECT_LOCK (self);
  priv->rev_history = need;
  GST_OBJECT_UNLOCK (self);

  ev = gst_event_new_seek (rate, fmt, flags, GST_SEEK_TYPE_SET,
      up_start > (gint64) need ? up_start - (gint64) need : 0, sp,
      sp == GST_SEEK_TYPE_SET ? up_stop : stop);
  neuro_seek_set_history (ev, need);
  gst_event_set_seqnum (ev, gst_event_get_seqnum (seek));
  gst_event_unref (seek);
  GST_DEBUG_OBJECT (self, "reverse seek at rate %g, chunks reach %"
      GST_TIME_FORMAT " back", rate, GST_TIME_ARGS (need));
  return ev;

refuse:
  GST_DEBUG_OBJECT (self, "refusing reverse seek at rate %g: %s", rate, why);
  gst_event_unref (seek);
  return NULL;
}

static gboolean
gst_neuro_renderer_src_event (GstAggregator * agg, GstEvent * event)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_QOS:{
      GstQOSType type;
      gdouble proportion;
      GstClockTimeDiff diff;
      GstClockTime timestamp;

      /* our own frame skipping (qos_should_skip) ... */
      gst_event_parse_qos (event, &type, &proportion, &diff, &timestamp);
      GST_OBJECT_LOCK (agg);
      priv->proportion = proportion;
      if (GST_CLOCK_TIME_IS_VALID (timestamp)) {
        if (diff > 0)
          priv->earliest_time = timestamp + 2 * diff;
        else
          priv->earliest_time = timestamp + diff;
      } else {
        priv->earliest_time = GST_CLOCK_TIME_NONE;
      }
      GST_OBJECT_UNLOCK (agg);
      /* ... and upstream's, as GstVideoDecoder and the aggregators do: the
       * parent forwards it to the pads that had data */
      event = qos_to_data_timeline (GST_NEURO_RENDERER (agg), event);
      break;
    }
    case GST_EVENT_SEEK:{
      gdouble rate, scale;
      GstFormat fmt;
      GstSeekFlags flags;
      GstSeekType st, sp;
      gint64 start, stop;

      GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (agg);
      GstAggregatorPad *vpad = video_pad_get (GST_NEURO_RENDERER (agg));
      gboolean video_mode = vpad != NULL;
      GstClockTime history;
      gint64 upstream_start;

      if (vpad)
        gst_object_unref (vpad);
      gst_event_parse_seek (event, &rate, &fmt, &flags, &st, &start, &sp,
          &stop);
      upstream_start = start;
      if (fmt != GST_FORMAT_TIME) {
        GST_DEBUG_OBJECT (agg, "refusing a %s seek: only TIME seeks are "
            "supported", gst_format_get_name (fmt));
        gst_event_unref (event);
        return FALSE;
      }
      if (fabs (rate) < MIN_RATE || fabs (rate) > MAX_RATE) {
        GST_DEBUG_OBJECT (agg, "refusing seek at rate %g: the rate must be "
            "within 1/%d and %d", rate, (gint) MAX_RATE, (gint) MAX_RATE);
        gst_event_unref (event);
        return FALSE;
      }
      if (flags & GST_SEEK_FLAG_INSTANT_RATE_CHANGE)
        return instant_rate_change (GST_NEURO_RENDERER (agg), event);
      scale = timeline_scale (GST_NEURO_RENDERER (agg));
      GST_OBJECT_LOCK (agg);
      priv->seek_out_seqnum = gst_event_get_seqnum (event);
      priv->seek_out_start = st == GST_SEEK_TYPE_SET && start >= 0 ?
          (GstClockTime) start : GST_CLOCK_TIME_NONE;
      priv->seek_out_stop = sp == GST_SEEK_TYPE_SET && stop >= 0 ?
          (GstClockTime) stop : GST_CLOCK_TIME_NONE;
      GST_OBJECT_UNLOCK (agg);
      history = klass->get_history && !video_mode ?
          klass->get_history (GST_NEURO_RENDERER (agg)) : 0;
      if (rate < 0) {
        event = reverse_seek (GST_NEURO_RENDERER (agg), event, history, scale);
        if (event == NULL)
          return FALSE;
        break;
      }
      /* (a position clamped to G_MAXINT64 is past any end: no history) */
      if (st == GST_SEEK_TYPE_SET && start >= 0 && GST_CLOCK_TIME_IS_VALID
          (history) && history > 0 && neuro_clamp_to_int64 (start * scale, 0,
              G_MAXINT64) < G_MAXINT64) {
        gint64 pos = neuro_clamp_to_int64 (start * scale, 0, G_MAXINT64);

        /* the first frame after the seek shows a full window: ask upstream
         * for the data before the position too */
        GST_OBJECT_LOCK (agg);
        priv->seek_position = pos;
        priv->seek_seqnum = gst_event_get_seqnum (event);
        GST_OBJECT_UNLOCK (agg);
        upstream_start = pos > (gint64) history ? pos - (gint64) history : 0;
      } else if (st != GST_SEEK_TYPE_NONE && start >= 0) {
        /* clamped: the cast of a product beyond G_MAXINT64 is undefined
         * (x86: a negative start) */
        upstream_start = neuro_clamp_to_int64 (start * scale, 0, G_MAXINT64);
      }
      if (scale != 1.0 || upstream_start != start) {
        /* the upstream data timeline is the video's times time-scale */
        GstEvent *scaled = gst_event_new_seek (rate, fmt, flags, st,
            upstream_start, sp,
            (sp != GST_SEEK_TYPE_NONE && stop >= 0) ?
            neuro_clamp_to_int64 (stop * scale, 0, G_MAXINT64) : stop);

        gst_event_set_seqnum (scaled, gst_event_get_seqnum (event));
        gst_event_unref (event);
        event = scaled;
      }
      break;
    }
    default:
      break;
  }
  return GST_AGGREGATOR_CLASS (gst_neuro_renderer_parent_class)->src_event
      (agg, event);
}

static gboolean
gst_neuro_renderer_src_query (GstAggregator * agg, GstQuery * query)
{
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DURATION:{
      GstFormat fmt;
      gint64 dur = -1;
      GstAggregatorPad *first;
      gdouble scale;

      gst_query_parse_duration (query, &fmt, NULL);
      if (fmt != GST_FORMAT_TIME)
        return FALSE;
      first = master_sink_pad (GST_NEURO_RENDERER (agg));
      if (first == NULL)
        return FALSE;
      if (!gst_pad_peer_query_duration (GST_PAD (first), GST_FORMAT_TIME,
              &dur) || dur < 0) {
        gst_object_unref (first);
        return FALSE;
      }
      gst_object_unref (first);
      scale = timeline_scale (GST_NEURO_RENDERER (agg));
      gst_query_set_duration (query, GST_FORMAT_TIME, (gint64) (dur / scale));
      return TRUE;
    }
    case GST_QUERY_SEEKING:{
      GstAggregatorPad *first = master_sink_pad (GST_NEURO_RENDERER (agg));
      gboolean ret = FALSE;

      if (first) {
        ret = gst_pad_peer_query (GST_PAD (first), query);
        gst_object_unref (first);
      }
      return ret;
    }
    default:
      break;
  }
  return GST_AGGREGATOR_CLASS (gst_neuro_renderer_parent_class)->src_query
      (agg, query);
}

/* Drop buffers entirely outside their pad's segment. */
static GstBuffer *
gst_neuro_renderer_clip (GstAggregator * agg, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstClockTime start = GST_BUFFER_PTS (buf), stop;

  if (!GST_CLOCK_TIME_IS_VALID (start))
    return buf;
  stop = GST_BUFFER_DURATION_IS_VALID (buf) ?
      start + GST_BUFFER_DURATION (buf) : start;
  if (stop == start)
    stop = start + 1;
  if (!gst_segment_clip (&pad->segment, GST_FORMAT_TIME, start, stop, NULL,
          NULL)) {
    GST_LOG_OBJECT (pad, "dropping buffer outside segment %" GST_PTR_FORMAT,
        buf);
    gst_buffer_unref (buf);
    return NULL;
  }
  return buf;
}

/* ------------------------------------------------------------- streaming */

/* Frame n's running time after the segment's: the negotiated framerate
 * holds in running time, whatever the playback rate. */
/* The output segment starts at frame *k0 of an uninterrupted run at this
 * framerate (its start is that frame's time to the nanosecond). */
static gboolean
grid_start (GstNeuroRendererPrivate * priv, guint64 * k0)
{
  gint fn = priv->vinfo.fps_n, fd = priv->vinfo.fps_d;
  GstClockTime s = priv->out_segment.start;

  if (s == 0 || !GST_CLOCK_TIME_IS_VALID (s) || fn <= 0 || fd <= 0)
    return FALSE;
  *k0 = gst_util_uint64_scale (s, fn, GST_SECOND * (guint64) fd);
  if (neuro_count_to_time (*k0, fn, fd) != s)
    (*k0)++;
  return neuro_count_to_time (*k0, fn, fd) == s;
}

static GstClockTime
frame_rt (GstNeuroRendererPrivate * priv, guint64 n)
{
  gint fn = priv->vinfo.fps_n, fd = priv->vinfo.fps_d;
  guint64 k0;

  /* a segment that starts on a frame of the uninterrupted run (a seek to
   * frame k0's time) keeps that run's frames: frame n is its frame
   * k0 + n, to the nanosecond, rather than start + n frames, which the
   * rounding of both can put 1 ns off (a chunk rendered apart then ends
   * with one frame too many) */
  if (grid_start (priv, &k0))
    return neuro_count_to_time (k0 + n, fn, fd) - priv->out_segment.start;
  return neuro_count_to_time (n, fn, fd);
}

/* Frame n's timestamp: at rate r the timestamps advance |r| times faster
 * than running time (r / fps per frame), so the segment's rate is applied
 * once, by the sink.  The product is rounded as
 * gst_segment_position_from_running_time rounds the data window's end. */
static GstClockTime
frame_pts (GstNeuroRendererPrivate * priv, guint64 n)
{
  GstClockTime d = frame_rt (priv, n);
  gdouble r = fabs (priv->out_segment.rate);

  if (r != 1.0)
    d = (GstClockTime) (d * r);
  return priv->out_segment.start + d;
}

/* data running time at which frame n's window ends */
static GstClockTime
frame_data_end (GstNeuroRendererPrivate * priv, guint64 n)
{
  GstClockTime d;
  guint64 k0, rt;

  /* after a seek to frame k0 of the uninterrupted run (whose data starts
   * at 0): that run's window ends, computed as it computes them, so that
   * a datum exactly at a window's end falls in the same frame */
  if (priv->data_from_seek && grid_start (priv, &k0)) {
    d = neuro_count_to_time (k0 + n + 1, priv->vinfo.fps_n,
        priv->vinfo.fps_d);
    if (priv->active_scale != 1.0)
      d = (GstClockTime) (d * priv->active_scale);
    /* extrapolated past the segment's stop: the last frame's window may
     * end after it (a seek with a stop at the data's end ends there, when
     * time-scale rounds the stop down), as in the run without a stop */
    if (gst_segment_to_running_time_full (&priv->data_segment,
            GST_FORMAT_TIME, d, &rt) == 1)
      return rt;
  }
  d = frame_rt (priv, n + 1);

  if (priv->active_scale == 1.0)
    return priv->data_origin + d;
  return priv->data_origin + (GstClockTime) (d * priv->active_scale);
}

static GstClockTime
gst_neuro_renderer_get_next_time (GstAggregator * agg)
{
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstClockTime pts;

  if (priv->video_caps) {
    GstAggregatorPad *vpad = video_pad_get (GST_NEURO_RENDERER (agg));

    if (vpad) {
      /* video-master mode: the deadline is the next video frame's */
      GstBuffer *buf = gst_aggregator_pad_peek_buffer (vpad);
      GstClockTime rt = GST_CLOCK_TIME_NONE;

      if (buf) {
        if (GST_BUFFER_PTS_IS_VALID (buf)) {
          GST_OBJECT_LOCK (vpad);
          rt = gst_segment_to_running_time (&vpad->segment, GST_FORMAT_TIME,
              GST_BUFFER_PTS (buf));
          GST_OBJECT_UNLOCK (vpad);
        }
        gst_buffer_unref (buf);
      }
      gst_object_unref (vpad);
      return rt;
    }
  }
  if (!priv->have_vinfo || priv->segment_pending || priv->reverse)
    return GST_CLOCK_TIME_NONE;
  pts = frame_pts (priv, priv->n);
  return gst_segment_to_running_time (&priv->out_segment, GST_FORMAT_TIME,
      pts);
}

/* @a and @b valid and at most a microsecond apart: the same time, one of
 * them through a division by time-scale */
static gboolean
near_time (GstClockTime a, GstClockTime b)
{
  return GST_CLOCK_TIME_IS_VALID (a) && GST_CLOCK_TIME_IS_VALID (b) &&
      (a > b ? a - b : b - a) <= GST_USECOND;
}

static void
update_output_segment (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstAggregatorPad *first = first_sink_pad (self);
  GstSegment out;
  gdouble scale;
  GstClockTime seek_position = GST_CLOCK_TIME_NONE;
  GstClockTime seek_out_start = GST_CLOCK_TIME_NONE;
  GstClockTime seek_out_stop = GST_CLOCK_TIME_NONE;

  if (first == NULL)
    return;
  GST_OBJECT_LOCK (first);
  priv->data_segment = first->segment;
  GST_OBJECT_UNLOCK (first);
  priv->data_origin = priv->data_segment.base;

  GST_OBJECT_LOCK (self);
  scale = priv->time_scale;
  /* the segment answers our seek that asked for history before its
   * position: frames start at the position, the data before it only fills
   * the first windows */
  if (GST_CLOCK_TIME_IS_VALID (priv->seek_position)
      && priv->seek_seqnum == priv->segment_seqnum)
    seek_position = priv->seek_position;
  priv->seek_position = GST_CLOCK_TIME_NONE;
  if (priv->seek_out_seqnum == priv->segment_seqnum) {
    seek_out_start = priv->seek_out_start;
    seek_out_stop = priv->seek_out_stop;
  }
  GST_OBJECT_UNLOCK (self);
  if (GST_CLOCK_TIME_IS_VALID (seek_position) &&
      (priv->data_segment.rate < 0 || seek_position <= priv->data_segment.start
          || (GST_CLOCK_TIME_IS_VALID (priv->data_segment.stop)
              && seek_position >= priv->data_segment.stop)))
    seek_position = GST_CLOCK_TIME_NONE;
  {
    /* live data cannot be shown faster or slower than it arrives (asked
     * at every segment: time-scale may change while playing) */
    GstQuery *q = gst_query_new_latency ();
    gboolean live = FALSE;

    if (gst_pad_peer_query (GST_PAD (first), q))
      gst_query_parse_latency (q, &live, NULL, NULL);
    gst_query_unref (q);
    priv->scale_live = live;
    if (live && scale != 1.0) {
      GST_ELEMENT_WARNING (self, CORE, NOT_IMPLEMENTED,
          ("time-scale=%g is ignored: the input is live and is shown in real "
              "time", scale), (NULL));
      scale = 1.0;
    }
  }
  gst_object_unref (first);
  priv->active_scale = scale;

  gst_segment_init (&out, GST_FORMAT_TIME);
  out.rate = priv->data_segment.rate;
  out.applied_rate = priv->data_segment.applied_rate;
  out.flags = priv->data_segment.flags;
#define SCALED(v) (GST_CLOCK_TIME_IS_VALID (v) ? \
    (GstClockTime) ((v) / scale) : GST_CLOCK_TIME_NONE)
  out.start = SCALED (priv->data_segment.start);
  out.stop = SCALED (priv->data_segment.stop);
  out.time = SCALED (priv->data_segment.time);
  out.base = SCALED (priv->data_segment.base);
  out.duration = SCALED (priv->data_segment.duration);
#undef SCALED
  if (scale == 1.0)
    out.base = priv->data_segment.base;
  if (GST_CLOCK_TIME_IS_VALID (seek_position)) {
    priv->data_origin = gst_segment_to_running_time (&priv->data_segment,
        GST_FORMAT_TIME, seek_position);
    out.start = (GstClockTime) (seek_position / scale);
    if (near_time (out.start, seek_out_start))
      out.start = seek_out_start;
    out.time = (GstClockTime) (gst_segment_to_stream_time
        (&priv->data_segment, GST_FORMAT_TIME, seek_position) / scale);
    GST_DEBUG_OBJECT (self, "frames from the seek position %" GST_TIME_FORMAT
        ", history from %" GST_TIME_FORMAT, GST_TIME_ARGS (seek_position),
        GST_TIME_ARGS (priv->data_segment.start));
  }
  /* reverse: upstream's segment starts a history before the seek's start,
   * where the frames stop */
  if (out.rate < 0 && GST_CLOCK_TIME_IS_VALID (seek_out_start)
      && seek_out_start > out.start && (!GST_CLOCK_TIME_IS_VALID (out.stop)
          || seek_out_start < out.stop)) {
    out.time += seek_out_start - out.start;
    out.start = seek_out_start;
  }
  /* a segment answering our seek: its start and stop as asked (when
   * upstream did not move them) */
  if (!GST_CLOCK_TIME_IS_VALID (seek_position) && near_time (out.start,
          seek_out_start))
    out.start = seek_out_start;
  if (near_time (out.stop, seek_out_stop))
    out.stop = seek_out_stop;
  out.position = out.rate < 0 ? out.stop : out.start;
  priv->reverse = out.rate < 0;
  g_queue_clear_full (&priv->rev_chunk, (GDestroyNotify) gst_buffer_unref);
  priv->rev_complete = priv->rev_final = FALSE;
  priv->out_segment = out;
  priv->data_from_seek = GST_CLOCK_TIME_IS_VALID (seek_position);
  priv->n = 0;
  priv->segment_pending = FALSE;
  update_timeline_map (self);
  GST_DEBUG_OBJECT (self, "output segment %" GST_SEGMENT_FORMAT, &out);
  gst_aggregator_update_segment (GST_AGGREGATOR (self), &out);
}

/* Hands every buffer that starts before @until (data running time) to the
 * subclass.  Returns OK when the pad is ready for the frame, NEED_DATA when
 * it must wait, or an error. */
static GstFlowReturn
drain_pad (GstNeuroRenderer * self, GstAggregatorPad * pad,
    GstClockTime until, gboolean timeout, gboolean * eos)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (self);
  GstBuffer *buf;

  *eos = FALSE;
  while ((buf = gst_aggregator_pad_peek_buffer (pad))) {
    GstClockTime pts = GST_BUFFER_PTS (buf), end, rt_start, rt_end;
    GstFlowReturn ret = GST_FLOW_OK;

    if (!GST_CLOCK_TIME_IS_VALID (pts)) {
      gst_buffer_unref (buf);
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Data buffer on pad %s has no timestamp", GST_PAD_NAME (pad)),
          ("Every neural data buffer needs a PTS (and a DURATION)"));
      return GST_FLOW_ERROR;
    }
    end = GST_BUFFER_DURATION_IS_VALID (buf) ?
        pts + GST_BUFFER_DURATION (buf) : pts;
    GST_OBJECT_LOCK (pad);
    rt_start = gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME,
        MAX (pts, pad->segment.start));
    rt_end = gst_segment_to_running_time (&pad->segment, GST_FORMAT_TIME,
        GST_CLOCK_TIME_IS_VALID (pad->segment.stop) ?
        MIN (end, pad->segment.stop) : end);
    GST_OBJECT_UNLOCK (pad);

    if (GST_CLOCK_TIME_IS_VALID (rt_start) && rt_start >= until) {
      gst_buffer_unref (buf);
      return GST_FLOW_OK;
    }

    if (!(GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP)
            && gst_buffer_get_size (buf) == 0) && klass->consume)
      ret = klass->consume (self, pad, buf);
    gst_buffer_unref (buf);
    gst_aggregator_pad_drop_buffer (pad);
    if (ret != GST_FLOW_OK)
      return ret;

    if (GST_CLOCK_TIME_IS_VALID (rt_end)) {
      if (!GST_CLOCK_TIME_IS_VALID (priv->data_end_rt)
          || rt_end > priv->data_end_rt)
        priv->data_end_rt = rt_end;
    }
    priv->consumed_any = TRUE;
  }
  if (gst_aggregator_pad_is_eos (pad)) {
    *eos = TRUE;
    return GST_FLOW_OK;
  }
  if (timeout)
    return GST_FLOW_OK;
  return GST_AGGREGATOR_FLOW_NEED_DATA;
}

/* Renderers draw premultiplied pixels (cairo's ARGB32), GStreamer's
 * BGRA/ARGB carry straight alpha: convert at the boundary, as cairooverlay
 * does.  Opaque and fully transparent pixels need no arithmetic. */
static void
canvas_premultiply (NeuroCanvas * c)
{
  gint x, y;

  for (y = 0; y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    for (x = 0; x < c->width; x++)
      if ((row[x] >> 24) != 0xff)
        row[x] = neuro_argb_premultiply (row[x]);
  }
}

static void
canvas_unpremultiply (NeuroCanvas * c)
{
  gint x, y;

  for (y = 0; y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, y);

    for (x = 0; x < c->width; x++) {
      guint32 p = row[x], a = p >> 24;

      if (a == 0xff)
        continue;
      if (a == 0) {
        row[x] = 0;
        continue;
      }
      /* round (c * 255 / a); premultiplied c <= a, so no clamp is needed
       * for cairo's output, but keep one for foreign pixels */
      row[x] = (a << 24) |
          (MIN (255, ((((p >> 16) & 0xff) * 255 + a / 2) / a)) << 16) |
          (MIN (255, ((((p >> 8) & 0xff) * 255 + a / 2) / a)) << 8) |
          MIN (255, (((p & 0xff) * 255 + a / 2) / a));
    }
  }
}

void
gst_neuro_renderer_claim_opaque (GstNeuroRenderer * self,
    GstNeuroFrame * frame, gint x0, gint y0, gint x1, gint y1)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  NeuroCanvas *cv = frame->canvas;

  g_return_if_fail (priv->canvas == cv);
  priv->claimed = TRUE;
  x0 = MAX (x0, 0);
  y0 = MAX (y0, 0);
  x1 = MIN (x1, cv->width);
  y1 = MIN (y1, cv->height);
  if (g_getenv ("NOCLAIM") || frame->overlay || x1 <= x0 || y1 <= y0)
    x0 = y0 = x1 = y1 = 0;
  /* the clear left out another rectangle: clear it now, before anything
   * is drawn (the new one is painted over anyway) */
  if (priv->keep_active && (x0 != priv->keep[0] || y0 != priv->keep[1]
          || x1 != priv->keep[2] || y1 != priv->keep[3]))
    neuro_canvas_set_rect (cv, priv->keep[0], priv->keep[1], priv->keep[2],
        priv->keep[3], priv->clear_bg);
  priv->keep_active = FALSE;
  priv->claim[0] = x0;
  priv->claim[1] = y0;
  priv->claim[2] = x1;
  priv->claim[3] = y1;
}

void
gst_neuro_renderer_use_held (GstNeuroRenderer * self, GstNeuroFrame * frame)
{
  g_return_if_fail (PRIV (self)->canvas == frame->canvas);
  PRIV (self)->held_pending = FALSE;
}

void
gst_neuro_renderer_clear_frame (GstNeuroRenderer * self,
    GstNeuroFrame * frame)
{
  GstNeuroRendererPrivate *priv = PRIV (self);

  g_return_if_fail (priv->canvas == frame->canvas);
  if (frame->held) {
    neuro_canvas_fill (frame->canvas, priv->clear_bg);
    frame->held = 0;
  }
  priv->held_pending = FALSE;
}

/* The data time the frame shows (its title's "{t}"), as a reference
 * timestamp meta that players downstream can show (htmlplayersink). */
static void
add_frame_time (GstNeuroRenderer * self, GstBuffer * outbuf)
{
  gint64 t = PRIV (self)->title_time;

  if (t >= 0)
    neuro_buffer_add_frame_time (outbuf, (GstClockTime) t);
}

/* Draws one frame: a new buffer from the pool, or (video-master mode) the
 * writable video buffer @inbuf, which keeps its timestamps. */
static GstFlowReturn
render_frame (GstNeuroRenderer * self, GstClockTime pts, GstClockTime dur,
    GstClockTime data_end, GstBuffer * inbuf)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (self);
  GstAggregator *agg = GST_AGGREGATOR (self);
  GstBufferPool *pool;
  GstBuffer *outbuf = NULL;
  GstVideoFrame vframe;
  GstNeuroFrame frame;
  NeuroTileMeta *tile;
  NeuroCanvas canvas;
  cairo_surface_t *surface;
  cairo_t *cr;
  GstFlowReturn ret;
  guint64 pos;
  gint res;
  guint32 bg;
  gboolean straight;
  gdouble dpi;

  pool = inbuf ? NULL : gst_aggregator_get_buffer_pool (agg);
  if (inbuf) {
    outbuf = inbuf;
  } else if (pool) {
    if (!gst_buffer_pool_is_active (pool)
        && !gst_buffer_pool_set_active (pool, TRUE)) {
      gst_object_unref (pool);
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          ("Failed to activate the output buffer pool"), (NULL));
      return GST_FLOW_ERROR;
    }
    GstBufferPoolAcquireParams params = { 0, };
    GstSegment *seg = &GST_AGGREGATOR_PAD (agg->srcpad)->segment;
    guint64 rt = gst_segment_to_running_time (seg, GST_FORMAT_TIME, pts);

    /* the frame's running time: a pool shared by several panels
     * (neurofigure) puts the tiles of one time into one frame */
    if (GST_CLOCK_TIME_IS_VALID (rt)) {
      params.format = GST_FORMAT_TIME;
      params.start = (gint64) rt;
      params.stop = (gint64) (rt + dur);
    }
    ret = gst_buffer_pool_acquire_buffer (pool, &outbuf, &params);
    gst_object_unref (pool);
    if (ret != GST_FLOW_OK)
      return ret;
  } else {
    outbuf = gst_buffer_new_allocate (NULL, priv->vinfo.size, NULL);
    if (outbuf == NULL)
      return GST_FLOW_ERROR;
  }

  if (!gst_video_frame_map (&vframe, &priv->vinfo, outbuf, GST_MAP_WRITE)) {
    gst_buffer_unref (outbuf);
    GST_ELEMENT_ERROR (self, RESOURCE, WRITE, (NULL),
        ("Could not map the output frame"));
    return GST_FLOW_ERROR;
  }

  canvas.data = GST_VIDEO_FRAME_PLANE_DATA (&vframe, 0);
  canvas.stride = GST_VIDEO_FRAME_PLANE_STRIDE (&vframe, 0);
  canvas.width = GST_VIDEO_FRAME_WIDTH (&vframe);
  canvas.height = GST_VIDEO_FRAME_HEIGHT (&vframe);
  straight = GST_VIDEO_INFO_HAS_ALPHA (&priv->vinfo);

  tile = inbuf ? NULL : neuro_buffer_get_tile_meta (outbuf);
  frame.held = tile && klass->retains && !straight ? tile->held : 0;
  frame.stamp = 0;
  if (tile)
    tile->drew = 0;
  priv->held_pending = frame.held != 0;
  GST_LOG_OBJECT (self, "tile %p held %" G_GUINT64_FORMAT, tile, frame.held);
  if (inbuf == NULL) {
    bg = gst_neuro_renderer_get_background (self);
    if (GST_VIDEO_INFO_FORMAT (&priv->vinfo) == GST_VIDEO_FORMAT_BGRx
        || GST_VIDEO_INFO_FORMAT (&priv->vinfo) == GST_VIDEO_FORMAT_xRGB)
      bg |= 0xff000000;
    priv->clear_bg = bg;
    priv->keep_active = priv->keep[2] > priv->keep[0]
        && priv->keep_w == canvas.width && priv->keep_h == canvas.height;
    /* a canvas that shows the renderer's own picture is its to draw over */
    if (frame.held)
      priv->keep_active = FALSE;
    else if (priv->keep_active)
      neuro_canvas_fill_outside (&canvas, bg, priv->keep[0], priv->keep[1],
          priv->keep[2], priv->keep[3]);
    else
      neuro_canvas_fill (&canvas, bg);
  } else {
    priv->keep_active = FALSE;
    if (straight)
      canvas_premultiply (&canvas);
  }
  priv->claimed = FALSE;
  memset (priv->claim, 0, sizeof (priv->claim));
  priv->canvas = &canvas;

  surface = cairo_image_surface_create_for_data (canvas.data,
      CAIRO_FORMAT_ARGB32, canvas.width, canvas.height, canvas.stride);
  cr = cairo_create (surface);

  frame.pts = pts;
  frame.duration = dur;
  frame.number = priv->n;
  frame.canvas = &canvas;
  frame.cr = cr;
  frame.text = priv->text;
  /* one dpi for the whole frame, even if the property changes meanwhile */
  GST_OBJECT_LOCK (self);
  dpi = !priv->dpi_set && priv->figure_dpi > 0 ? priv->figure_dpi : priv->dpi;
  GST_OBJECT_UNLOCK (self);
  neuro_text_set_dpi (priv->text, dpi);
  frame.style = neuro_text_get_style (priv->text);
  frame.overlay = inbuf != NULL;
  if (priv->reverse) {
    frame.t_end = priv->rev_t_end;
  } else {
    res = gst_segment_position_from_running_time_full (&priv->data_segment,
        GST_FORMAT_TIME, data_end, &pos);
    frame.t_end = res >= 0 ? (gint64) pos : -(gint64) pos;
  }
  frame.stream_offset = (gint64) priv->data_segment.time -
      (gint64) priv->data_segment.start;

  priv->title_time = frame.t_end + frame.stream_offset;
  ret = klass->render ? klass->render (self, &frame) : GST_FLOW_OK;
  priv->canvas = NULL;
  if (priv->keep_active && !priv->claimed && ret == GST_FLOW_OK)
    GST_ERROR_OBJECT (self, "render did not claim the opaque rectangle of "
        "the previous frame: the frame may show stale pixels there");
  if (priv->held_pending && ret == GST_FLOW_OK)
    GST_ERROR_OBJECT (self, "render neither used nor cleared the picture "
        "the frame held: it may show stale pixels");
  if (tile && ret == GST_FLOW_OK && !priv->held_pending)
    tile->drew = frame.stamp;
  GST_LOG_OBJECT (self, "drew %" G_GUINT64_FORMAT, frame.stamp);
  /* what the next frame's clear leaves out */
  memcpy (priv->keep, priv->claim, sizeof (priv->keep));
  priv->keep_w = canvas.width;
  priv->keep_h = canvas.height;

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  if (straight && ret == GST_FLOW_OK)
    canvas_unpremultiply (&canvas);
  gst_video_frame_unmap (&vframe);

  if (ret != GST_FLOW_OK) {
    gst_buffer_unref (outbuf);
    return ret;
  }
  add_frame_time (self, outbuf);

  if (inbuf) {
    priv->frames_done++;
    return gst_aggregator_finish_buffer (agg, outbuf);
  }
  GST_BUFFER_PTS (outbuf) = pts;
  GST_BUFFER_DTS (outbuf) = GST_CLOCK_TIME_NONE;
  GST_BUFFER_DURATION (outbuf) = dur;
  GST_BUFFER_OFFSET (outbuf) = priv->frames_done;
  GST_BUFFER_OFFSET_END (outbuf) = priv->frames_done + 1;
  if (priv->frames_done == 0)
    GST_BUFFER_FLAG_SET (outbuf, GST_BUFFER_FLAG_DISCONT);
  priv->frames_done++;
  GST_LOG_OBJECT (self, "frame %" G_GUINT64_FORMAT " pts %" GST_TIME_FORMAT,
      priv->n, GST_TIME_ARGS (pts));
  return gst_aggregator_finish_buffer (agg, outbuf);
}

static gboolean
qos_should_skip (GstNeuroRenderer * self, GstClockTime pts, GstClockTime dur)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstClockTime rt, earliest;

  rt = gst_segment_to_running_time (&priv->out_segment, GST_FORMAT_TIME, pts);
  GST_OBJECT_LOCK (self);
  earliest = priv->earliest_time;
  GST_OBJECT_UNLOCK (self);
  if (!GST_CLOCK_TIME_IS_VALID (rt) || !GST_CLOCK_TIME_IS_VALID (earliest))
    return FALSE;
  /* dur is in timestamps: the rate scales it in running time */
  if (priv->out_segment.rate != 1.0)
    dur = (GstClockTime) (dur / fabs (priv->out_segment.rate));
  return rt + dur <= earliest;
}

/* Video-master mode (the model is cccombiner): the next video buffer is the
 * frame; every data pad is drained up to its end running time first. */
static GstFlowReturn
aggregate_video (GstNeuroRenderer * self, GstAggregatorPad * vpad,
    gboolean timeout)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstAggregator *agg = GST_AGGREGATOR (self);
  GstClockTime pts, dur, end, rt_start, rt_end;
  GstFlowReturn ret = GST_FLOW_OK;
  GstSegment vseg;
  GstBuffer *vbuf;
  GList *l, *it;

  vbuf = gst_aggregator_pad_peek_buffer (vpad);
  if (vbuf == NULL) {
    if (gst_aggregator_pad_is_eos (vpad))
      return GST_FLOW_EOS;
    return GST_AGGREGATOR_FLOW_NEED_DATA;
  }
  if (!priv->have_vinfo) {
    if (priv->video_caps == NULL) {
      gst_buffer_unref (vbuf);
      return neuro_element_data_before_caps (self, GST_PAD (vpad),
          "A video buffer");
    }
    if (!gst_aggregator_negotiate (agg) || !priv->have_vinfo) {
      gst_buffer_unref (vbuf);
      return GST_FLOW_NOT_NEGOTIATED;
    }
  }
  if (priv->segment_pending) {
    GstAggregatorPad *first = first_sink_pad (self);

    if (first) {
      GST_OBJECT_LOCK (first);
      priv->data_segment = first->segment;
      GST_OBJECT_UNLOCK (first);
      gst_object_unref (first);
    }
    priv->data_origin = priv->data_segment.base;
    priv->active_scale = 1.0;
    priv->segment_pending = FALSE;
    update_timeline_map (self);
  }

  pts = GST_BUFFER_PTS (vbuf);
  if (!GST_CLOCK_TIME_IS_VALID (pts)) {
    gst_buffer_unref (vbuf);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Video buffer on pad %s has no timestamp", GST_PAD_NAME (vpad)),
        ("the video input is the timing master and needs a PTS"));
    return GST_FLOW_ERROR;
  }
  dur = GST_BUFFER_DURATION (vbuf);
  if (!GST_CLOCK_TIME_IS_VALID (dur) && priv->vinfo.fps_n > 0)
    dur = neuro_count_to_time (1, priv->vinfo.fps_n, priv->vinfo.fps_d);
  end = GST_CLOCK_TIME_IS_VALID (dur) ? pts + dur : pts;
  GST_OBJECT_LOCK (vpad);
  vseg = vpad->segment;
  GST_OBJECT_UNLOCK (vpad);
  rt_start = gst_segment_to_running_time (&vseg, GST_FORMAT_TIME, pts);
  rt_end = gst_segment_to_running_time (&vseg, GST_FORMAT_TIME, end);
  if (!GST_CLOCK_TIME_IS_VALID (rt_end))
    rt_end = rt_start;

  /* data with a running time before the frame's end is shown */
  GST_OBJECT_LOCK (self);
  l = g_list_copy_deep (GST_ELEMENT (self)->sinkpads,
      (GCopyFunc) gst_object_ref, NULL);
  GST_OBJECT_UNLOCK (self);
  for (it = l; it && ret == GST_FLOW_OK; it = it->next) {
    gboolean eos;

    if (it->data == (gpointer) vpad)
      continue;
    ret = drain_pad (self, GST_AGGREGATOR_PAD (it->data), rt_end, timeout,
        &eos);
  }
  g_list_free_full (l, gst_object_unref);
  if (ret != GST_FLOW_OK) {
    gst_buffer_unref (vbuf);
    return ret;
  }

  gst_buffer_unref (vbuf);
  vbuf = gst_aggregator_pad_pop_buffer (vpad);
  gst_aggregator_selected_samples (agg, pts, GST_CLOCK_TIME_NONE, dur, NULL);
  sync_controlled_values (self, &vseg, pts);
  vbuf = gst_buffer_make_writable (vbuf);
  priv->in_overlay = TRUE;
  priv->overlay_rt_end = rt_end;
  ret = render_frame (self, pts, GST_CLOCK_TIME_IS_VALID (dur) ? dur : 0,
      rt_end, vbuf);
  priv->in_overlay = FALSE;
  priv->n++;
  return ret;
}

/* Reverse frame k: its window end in output time, counted down from the
 * segment's stop at |rate| frames of data per frame.  On the frame grid of
 * a run from 0 (a stop at one of its frame times), the frames whose time
 * is on that grid get that run's times to the nanosecond. */
static GstClockTime
reverse_frame_end (GstNeuroRendererPrivate * priv, guint64 k)
{
  gint fn = priv->vinfo.fps_n, fd = priv->vinfo.fps_d;
  GstClockTime stop = priv->out_segment.stop, back;
  gdouble r = fabs (priv->out_segment.rate), m = k * r;
  guint64 K;

  K = gst_util_uint64_scale_round (stop, fn, GST_SECOND * (guint64) fd);
  if (neuro_count_to_time (K, fn, fd) == stop && m == floor (m)
      && m <= (gdouble) K)
    return neuro_count_to_time (K - (guint64) m, fn, fd);
  back = neuro_count_to_time (k, fn, fd);
  if (r != 1.0)
    back = (GstClockTime) (back * r);
  return back < stop ? stop - back : 0;
}

/* output time -> the data (buffer) time of the first pad */
static gint64
reverse_data_time (GstNeuroRendererPrivate * priv, GstClockTime t)
{
  if (priv->active_scale == 1.0)
    return (gint64) t;
  return neuro_clamp_to_int64 (t * priv->active_scale, 0, G_MAXINT64);
}

/* Reverse playback (rate < 0).  Upstream sends chunks in reverse order,
 * each forward in time (a chunk starts where the time goes back); each
 * reaches a history before its first frame's time.  A chunk is collected
 * whole, then its frames are drawn one per call in descending time: frame
 * k ends at stop - k |rate| / fps (running time k / fps, increasing at the
 * negotiated framerate) and is drawn from a store reset and fed forward
 * with the chunk's buffers from the one covering its window's history to
 * its window end: what the store held after a forward seek there.  So a
 * renderer's store never has to take data backwards, and memory is the
 * chunk's and the window's. */
static GstFlowReturn
aggregate_reverse (GstNeuroRenderer * self)
{
  GstNeuroRendererPrivate *priv = PRIV (self);
  GstNeuroRendererClass *klass = GST_NEURO_RENDERER_GET_CLASS (self);
  GstAggregator *agg = GST_AGGREGATOR (self);
  GstAggregatorPad *pad = first_sink_pad (self);
  GstClockTime end, pts, dur, history, stop = priv->out_segment.stop;
  gint64 t_end, from;
  GstFlowReturn ret = GST_FLOW_OK;
  GstBuffer *buf;
  GList *l, *start;

  if (pad == NULL)
    return GST_FLOW_EOS;
  if (!GST_CLOCK_TIME_IS_VALID (stop)) {
    gst_object_unref (pad);
    GST_ELEMENT_ERROR (self, STREAM, FAILED, (NULL),
        ("a reverse segment without a stop: %" GST_SEGMENT_FORMAT,
            &priv->out_segment));
    return GST_FLOW_ERROR;
  }
  GST_OBJECT_LOCK (self);
  history = priv->rev_history;
  GST_OBJECT_UNLOCK (self);

again:
  while (!priv->rev_complete) {
    buf = gst_aggregator_pad_peek_buffer (pad);
    if (buf == NULL) {
      if (!gst_aggregator_pad_is_eos (pad)) {
        gst_object_unref (pad);
        return GST_AGGREGATOR_FLOW_NEED_DATA;
      }
      if (g_queue_is_empty (&priv->rev_chunk)) {
        gst_object_unref (pad);
        return GST_FLOW_EOS;
      }
      priv->rev_complete = priv->rev_final = TRUE;
      break;
    }
    pts = GST_BUFFER_PTS (buf);
    if (!GST_CLOCK_TIME_IS_VALID (pts)) {
      gst_buffer_unref (buf);
      gst_object_unref (pad);
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Data buffer on pad %s has no timestamp", GST_PAD_NAME (pad)),
          ("Every neural data buffer needs a PTS (and a DURATION)"));
      return GST_FLOW_ERROR;
    }
    /* time goes back: the next chunk */
    if (!g_queue_is_empty (&priv->rev_chunk) && pts < priv->rev_last) {
      gst_buffer_unref (buf);
      priv->rev_complete = TRUE;
      break;
    }
    gst_aggregator_pad_drop_buffer (pad);
    if (g_queue_is_empty (&priv->rev_chunk))
      priv->rev_first = pts;
    priv->rev_last = pts;
    g_queue_push_tail (&priv->rev_chunk, buf);
  }

  end = reverse_frame_end (priv, priv->n);
  if (end <= priv->out_segment.start) {
    gst_object_unref (pad);
    GST_DEBUG_OBJECT (self, "reached the segment's start");
    return GST_FLOW_EOS;
  }
  t_end = reverse_data_time (priv, end);
  /* drawn from this chunk when it reaches back far enough (or nothing
   * earlier comes); else from the next one */
  if (!priv->rev_final && priv->rev_first > priv->data_segment.start
      && (gint64) priv->rev_first > t_end - (gint64) history) {
    g_queue_clear_full (&priv->rev_chunk, (GDestroyNotify) gst_buffer_unref);
    priv->rev_complete = FALSE;
    goto again;
  }

  /* the buffer covering the window's history onwards, up to its end */
  from = t_end - (gint64) history;
  start = priv->rev_chunk.head;
  for (l = priv->rev_chunk.head; l; l = l->next)
    if ((gint64) GST_BUFFER_PTS (l->data) <= from)
      start = l;
  if (klass->reset)
    klass->reset (self);
  for (l = start; l && ret == GST_FLOW_OK; l = l->next) {
    buf = l->data;
    if ((gint64) MAX (GST_BUFFER_PTS (buf), priv->data_segment.start) >= t_end)
      break;
    if (!(GST_BUFFER_FLAG_IS_SET (buf, GST_BUFFER_FLAG_GAP)
            && gst_buffer_get_size (buf) == 0) && klass->consume)
      ret = klass->consume (self, pad, buf);
  }
  gst_object_unref (pad);
  if (ret != GST_FLOW_OK)
    return ret;

  /* the frame covers [next frame's end, its end) */
  pts = reverse_frame_end (priv, priv->n + 1);
  pts = MAX (pts, priv->out_segment.start);
  dur = end - pts;
  priv->rev_t_end = t_end;
  gst_aggregator_selected_samples (agg, pts, GST_CLOCK_TIME_NONE, dur, NULL);
  sync_controlled_values (self, &priv->out_segment, pts);
  priv->qos_processed++;
  ret = render_frame (self, pts, dur, GST_CLOCK_TIME_NONE, NULL);
  priv->n++;
  return ret;
}

static GstFlowReturn
gst_neuro_renderer_aggregate (GstAggregator * agg, gboolean timeout)
{
  GstNeuroRenderer *self = GST_NEURO_RENDERER (agg);
  GstNeuroRendererPrivate *priv = PRIV (agg);
  GstClockTime pts, next_pts, dur, data_end;
  gboolean all_eos = TRUE, any_pad = FALSE;
  GstFlowReturn ret = GST_FLOW_OK;
  GstAggregatorPad *vpad;
  GList *l;

  vpad = video_pad_get (self);
  if (vpad) {
    ret = aggregate_video (self, vpad, timeout);
    gst_object_unref (vpad);
    return ret;
  }

  if (!priv->have_vinfo) {
    /* negotiation failed or has not happened: the aggregator retries */
    if (!gst_aggregator_negotiate (agg))
      return GST_FLOW_NOT_NEGOTIATED;
  }
  if (priv->segment_pending)
    update_output_segment (self);
  if (priv->reverse)
    return aggregate_reverse (self);
  if (!priv->scale_live) {
    gdouble scale;

    GST_OBJECT_LOCK (self);
    scale = priv->time_scale;
    GST_OBJECT_UNLOCK (self);
    if (scale != priv->active_scale)
      change_time_scale (self, scale);
  }

  pts = frame_pts (priv, priv->n);
  next_pts = frame_pts (priv, priv->n + 1);
  dur = next_pts - pts;
  data_end = frame_data_end (priv, priv->n);

  if (GST_CLOCK_TIME_IS_VALID (priv->out_segment.stop)
      && pts >= priv->out_segment.stop) {
    GST_DEBUG_OBJECT (self, "reached segment stop");
    return GST_FLOW_EOS;
  }

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next)
    gst_object_ref (l->data);
  l = g_list_copy (GST_ELEMENT (self)->sinkpads);
  GST_OBJECT_UNLOCK (self);
  {
    GList *it;

    for (it = l; it; it = it->next) {
      gboolean eos;

      any_pad = TRUE;
      if (ret == GST_FLOW_OK) {
        ret = drain_pad (self, GST_AGGREGATOR_PAD (it->data), data_end,
            timeout, &eos);
        if (!eos)
          all_eos = FALSE;
      }
    }
    g_list_free_full (l, gst_object_unref);
  }
  if (ret != GST_FLOW_OK)
    return ret;

  if (!any_pad)
    return GST_FLOW_EOS;

  if (all_eos) {
    /* drain: draw frames while their window starts before the data end;
     * a single still (framerate 0/1 matrix) still gets one frame */
    GstClockTime frame_data_start = priv->n == 0 ? priv->data_origin :
        frame_data_end (priv, priv->n - 1);

    if (!priv->consumed_any)
      return GST_FLOW_EOS;
    if (priv->n > 0 && (!GST_CLOCK_TIME_IS_VALID (priv->data_end_rt)
            || frame_data_start >= priv->data_end_rt))
      return GST_FLOW_EOS;
  }

  gst_aggregator_selected_samples (agg, pts, GST_CLOCK_TIME_NONE, dur, NULL);
  sync_controlled_values (self, &priv->out_segment, pts);

  if (qos_should_skip (self, pts, dur)) {
    GstClockTime rt = gst_segment_to_running_time (&priv->out_segment,
        GST_FORMAT_TIME, pts);
    GstMessage *msg;

    priv->qos_dropped++;
    GST_DEBUG_OBJECT (self, "QoS: skipping late frame %" GST_TIME_FORMAT,
        GST_TIME_ARGS (pts));
    msg = gst_message_new_qos (GST_OBJECT (self), FALSE, rt,
        gst_segment_to_stream_time (&priv->out_segment, GST_FORMAT_TIME, pts),
        pts, dur);
    gst_message_set_qos_stats (msg, GST_FORMAT_BUFFERS, priv->qos_processed,
        priv->qos_dropped);
    gst_element_post_message (GST_ELEMENT (self), msg);
    ret = GST_FLOW_OK;
  } else {
    priv->qos_processed++;
    ret = render_frame (self, pts, dur, data_end, NULL);
  }
  priv->n++;
  return ret;
}
