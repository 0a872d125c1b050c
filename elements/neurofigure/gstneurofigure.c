/* gst-neuroviz — neurofigure: renderers laid out as one matplotlib figure
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-neurofigure
 * @title: neurofigure
 *
 * Lays the video of several renderers out as one figure, the way
 * matplotlib's `plt.subplots` and `GridSpec` do: a grid of `rows` ×
 * `cols` cells with `width-ratios` and `height-ratios`, each request pad in
 * one cell or a span of cells (the pad's `cell`, written as a GridSpec
 * index: `"0,:"` is `gs[0, :]`, `"1:3,-1"` is `gs[1:3, -1]`, `"2"` the
 * third cell row-major), a suptitle on top.  Pads without a `cell` take
 * the free cells in row-major order; with neither `rows` nor `cols` set the
 * panels are stacked in one column, as `plt.subplots(n, 1)`.
 *
 * Each panel's renderer gets its tile's size through caps negotiation (the
 * pad's caps query answers the tile's width and height), and the figure's
 * `dpi` through a query (gst-plugins/neurofigurequery.h), so every panel
 * draws its text, lines and ticks at the same sizes in points.  The output
 * is `width` × `height` pixels: `figsize=(12, 8)` at the default dpi of 100
 * is 1200 × 800.  Every output frame takes, from each pad, the frame of its
 * time (GstVideoAggregator keeps them in sync on one timeline); a panel
 * whose stream ended keeps its last picture.
 *
 * The suptitle's `{t}` is the data time the panels show (the frame-time
 * meta of the first panel that has one, else the frame's end in stream
 * time), `{frame}` the frame's index in stream time (frame k of a 20 fps
 * figure starts at k / 20 s), for "Epoch {frame}".
 *
 * ## Example launch line (the tutorial's §4: raster over rate, 12 × 8 in)
 * |[
 * gst-launch-1.0 neurofigure name=f suptitle="Neural Activity Animation" \
 *     suptitle-size=14 suptitle-weight=bold ! videoconvert ! autovideosink \
 *   neurosrc pattern=poisson units=50 ! tee name=s \
 *   s. ! queue ! spikeraster ! f. \
 *   s. ! queue ! spikeraster rate-panel=true ! f.
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstneurofigure.h"
#include "figurelayout.h"
#include "figureframes.h"
#include "neurofigurequery.h"
#include "neurotypes.h"
#include "neurotext.h"
#include "neuroprops.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_neuro_figure_debug);
#define GST_CAT_DEFAULT gst_neuro_figure_debug

#define DEFAULT_WIDTH 1200
#define DEFAULT_HEIGHT 800
#define DEFAULT_DPI 100.0
#define DEFAULT_ROWS 0
#define DEFAULT_COLS 0
#define DEFAULT_WSPACE 0.0
#define DEFAULT_HSPACE 0.0
/* matplotlib's figure.titlesize "large": 1.2 x font.size 10 */
#define DEFAULT_SUPTITLE_SIZE 12.0
#define DEFAULT_SUPTITLE_WEIGHT GST_NEURO_FIGURE_WEIGHT_NORMAL
#define DEFAULT_BACKGROUND 0xffffffff
#define DEFAULT_FOREGROUND 0xff000000
#define DEFAULT_FONT "DejaVu Sans"
/* renderers refuse smaller frames */
#define MIN_TILE 16

typedef enum
{
  GST_NEURO_FIGURE_WEIGHT_NORMAL,
  GST_NEURO_FIGURE_WEIGHT_BOLD,
} GstNeuroFigureWeight;

enum
{
  PROP_0,
  PROP_WIDTH,
  PROP_HEIGHT,
  PROP_DPI,
  PROP_ROWS,
  PROP_COLS,
  PROP_WIDTH_RATIOS,
  PROP_HEIGHT_RATIOS,
  PROP_WSPACE,
  PROP_HSPACE,
  PROP_SUPTITLE,
  PROP_SUPTITLE_SIZE,
  PROP_SUPTITLE_WEIGHT,
  PROP_BACKGROUND,
  PROP_FOREGROUND,
  PROP_FONT,
};

enum
{
  PROP_PAD_0,
  PROP_PAD_CELL,
};

struct _GstNeuroFigurePad
{
  GstVideoAggregatorPad parent;

  gchar *cell;                  /* object lock of the pad */
  /* the tile, from the last layout (object lock of the element) */
  FigureRect rect;
  gboolean placed;
  gboolean refusal_warned;      /* a "caps refused" warning was posted */
  /* the last picture, kept after EOS (streaming thread) */
  GstBuffer *last;
  GstVideoInfo last_info;
};

struct _GstNeuroFigure
{
  GstVideoAggregator parent;

  /* properties, object lock */
  gint width, height;
  gdouble dpi;
  gint rows, cols;
  gchar *width_ratios, *height_ratios;
  gdouble wspace, hspace;
  gchar *suptitle;
  gdouble suptitle_size;
  GstNeuroFigureWeight suptitle_weight;
  guint32 background, foreground;
  gchar *font;
  /* a property value that did not parse: "property=value: reason" */
  gchar *bad_property;

  /* the layout (object lock): recomputed when a pad or property changes */
  gboolean layout_valid;
  gchar *layout_error;
  gboolean layout_error_posted;
  gint title_height;            /* pixels above the grid */
  guint layout_id;              /* bumped when a tile moves or resizes */
  guint64 layout_sig;

  /* the frames panels draw into (figureframes.h) */
  FigureFrames *frames;

  /* streaming thread */
  NeuroText *text;
  gchar *text_font;
};

static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("BGRx")));
static GstStaticPadTemplate sink_template =
GST_STATIC_PAD_TEMPLATE ("sink_%u", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_VIDEO_CAPS_MAKE ("{ BGRx, BGRA }")));

G_DEFINE_TYPE (GstNeuroFigurePad, gst_neuro_figure_pad,
    GST_TYPE_VIDEO_AGGREGATOR_PAD);

#define gst_neuro_figure_parent_class parent_class
static void gst_neuro_figure_child_proxy_init (gpointer g_iface,
    gpointer iface_data);

/* a child proxy so that launch lines set pad properties as
 * "sink_0::cell=0,:" (the pads are its children) */
G_DEFINE_TYPE_WITH_CODE (GstNeuroFigure, gst_neuro_figure,
    GST_TYPE_VIDEO_AGGREGATOR, G_IMPLEMENT_INTERFACE (GST_TYPE_CHILD_PROXY,
        gst_neuro_figure_child_proxy_init));
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (neurofigure, "neurofigure",
    GST_RANK_NONE, GST_TYPE_NEURO_FIGURE,
    GST_DEBUG_CATEGORY_INIT (gst_neuro_figure_debug, "neurofigure", 0,
        "renderers laid out as one figure"));

GType
gst_neuro_figure_weight_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NEURO_FIGURE_WEIGHT_NORMAL, "Normal", "normal"},
    {GST_NEURO_FIGURE_WEIGHT_BOLD, "Bold", "bold"},
    {0, NULL, NULL},
  };

  if (g_once_init_enter (&type)) {
    GType t = g_enum_register_static ("GstNeuroFigureWeight", values);
    g_once_init_leave (&type, t);
  }
  return type;
}

/* ---- the pad ---- */

static void
gst_neuro_figure_pad_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroFigurePad *pad = GST_NEURO_FIGURE_PAD (object);
  GstObject *parent;

  switch (prop_id) {
    case PROP_PAD_CELL:
      GST_OBJECT_LOCK (pad);
      g_free (pad->cell);
      pad->cell = g_value_dup_string (value);
      if (pad->cell && *pad->cell == '\0')
        g_clear_pointer (&pad->cell, g_free);
      GST_OBJECT_UNLOCK (pad);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
  }
  parent = gst_object_get_parent (GST_OBJECT (pad));
  if (parent) {
    GstNeuroFigure *self = GST_NEURO_FIGURE (parent);

    GST_OBJECT_LOCK (self);
    self->layout_valid = FALSE;
    GST_OBJECT_UNLOCK (self);
    gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
    gst_object_unref (parent);
  }
}

static void
gst_neuro_figure_pad_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroFigurePad *pad = GST_NEURO_FIGURE_PAD (object);

  switch (prop_id) {
    case PROP_PAD_CELL:
      GST_OBJECT_LOCK (pad);
      g_value_set_string (value, pad->cell);
      GST_OBJECT_UNLOCK (pad);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_neuro_figure_pad_finalize (GObject * object)
{
  gst_clear_buffer (&GST_NEURO_FIGURE_PAD (object)->last);
  g_free (GST_NEURO_FIGURE_PAD (object)->cell);
  G_OBJECT_CLASS (gst_neuro_figure_pad_parent_class)->finalize (object);
}

static GstFlowReturn gst_neuro_figure_pad_flush (GstAggregatorPad * apad,
    GstAggregator * agg);

static void
gst_neuro_figure_pad_class_init (GstNeuroFigurePadClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->set_property = gst_neuro_figure_pad_set_property;
  gobject_class->get_property = gst_neuro_figure_pad_get_property;
  gobject_class->finalize = gst_neuro_figure_pad_finalize;
  GST_AGGREGATOR_PAD_CLASS (klass)->flush = gst_neuro_figure_pad_flush;

  g_object_class_install_property (gobject_class, PROP_PAD_CELL,
      g_param_spec_string ("cell", "Cell",
          "The grid cell or span of this panel as a GridSpec index: "
          "\"ROW,COL\" with numpy indices and slices (\"0,1\", \"0,:\" for "
          "gs[0, :], \"1:3,-1\"), or one flat row-major index; NULL: the "
          "next free cell", NULL,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
}

static GstFlowReturn
gst_neuro_figure_pad_flush (GstAggregatorPad * apad, GstAggregator * agg)
{
  gst_clear_buffer (&GST_NEURO_FIGURE_PAD (apad)->last);
  return GST_AGGREGATOR_PAD_CLASS (gst_neuro_figure_pad_parent_class)->flush
      (apad, agg);
}

static void
gst_neuro_figure_pad_init (GstNeuroFigurePad * pad)
{
}

/* ---- the element ---- */

static void gst_neuro_figure_finalize (GObject * object);
static void gst_neuro_figure_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_neuro_figure_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstPad *gst_neuro_figure_request_new_pad (GstElement * element,
    GstPadTemplate * templ, const gchar * name, const GstCaps * caps);
static void gst_neuro_figure_release_pad (GstElement * element, GstPad * pad);
static GstStateChangeReturn gst_neuro_figure_change_state (GstElement *
    element, GstStateChange transition);
static gboolean gst_neuro_figure_sink_query (GstAggregator * agg,
    GstAggregatorPad * pad, GstQuery * query);
static GstCaps *gst_neuro_figure_fixate_src_caps (GstAggregator * agg,
    GstCaps * caps);
static gboolean gst_neuro_figure_stop (GstAggregator * agg);
static GstCaps *gst_neuro_figure_update_caps (GstVideoAggregator * vagg,
    GstCaps * caps);
static GstFlowReturn gst_neuro_figure_aggregate_frames (GstVideoAggregator *
    vagg, GstBuffer * outbuf);
static gboolean gst_neuro_figure_propose_allocation (GstAggregator * agg,
    GstAggregatorPad * pad, GstQuery * decide_query, GstQuery * query);
static GstFlowReturn gst_neuro_figure_create_output_buffer (GstVideoAggregator
    * vagg, GstBuffer ** outbuf);

static void
gst_neuro_figure_class_init (GstNeuroFigureClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);
  GstVideoAggregatorClass *vagg_class = GST_VIDEO_AGGREGATOR_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  gobject_class->finalize = gst_neuro_figure_finalize;
  gobject_class->set_property = gst_neuro_figure_set_property;
  gobject_class->get_property = gst_neuro_figure_get_property;

  g_object_class_install_property (gobject_class, PROP_WIDTH,
      g_param_spec_int ("width", "Width",
          "Width of the figure in pixels (matplotlib's figsize[0] x dpi)",
          MIN_TILE, 16384, DEFAULT_WIDTH, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HEIGHT,
      g_param_spec_int ("height", "Height",
          "Height of the figure in pixels (matplotlib's figsize[1] x dpi)",
          MIN_TILE, 16384, DEFAULT_HEIGHT, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_DPI,
      g_param_spec_double ("dpi", "DPI",
          "Dots per inch: the size of a point in every panel (text, lines, "
          "ticks); matplotlib's figure.dpi", 10, 2000, DEFAULT_DPI,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_ROWS,
      g_param_spec_int ("rows", "Rows",
          "Rows of the grid (0: from height-ratios, else as many as the "
          "pads need)", 0, FIGURE_MAX_GRID, DEFAULT_ROWS,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_COLS,
      g_param_spec_int ("cols", "Columns",
          "Columns of the grid (0: from width-ratios, else 1)", 0,
          FIGURE_MAX_GRID, DEFAULT_COLS, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_WIDTH_RATIOS,
      g_param_spec_string ("width-ratios", "Width ratios",
          "Relative widths of the columns, e.g. \"2,1\" (GridSpec's "
          "width_ratios); NULL: equal", NULL, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HEIGHT_RATIOS,
      g_param_spec_string ("height-ratios", "Height ratios",
          "Relative heights of the rows, e.g. \"3,1\" (GridSpec's "
          "height_ratios); NULL: equal", NULL, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_WSPACE,
      g_param_spec_double ("wspace", "Width space",
          "Gap between columns as a fraction of the average column width "
          "(GridSpec's wspace; each panel already keeps the room its labels "
          "need, as tight_layout)", 0, 10, DEFAULT_WSPACE,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_HSPACE,
      g_param_spec_double ("hspace", "Height space",
          "Gap between rows as a fraction of the average row height "
          "(GridSpec's hspace)", 0, 10, DEFAULT_HSPACE,
          rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SUPTITLE,
      g_param_spec_string ("suptitle", "Suptitle",
          "Title of the figure, centred on top; \"{t}\" is the data time "
          "the panels show (\"1.20 s\"), \"{frame}\" the frame index",
          NULL, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_SUPTITLE_SIZE,
      g_param_spec_double ("suptitle-size", "Suptitle size",
          "Font size of the suptitle in points (matplotlib's fontsize)",
          1, 200, DEFAULT_SUPTITLE_SIZE, rw | GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SUPTITLE_WEIGHT,
      g_param_spec_enum ("suptitle-weight", "Suptitle weight",
          "Font weight of the suptitle (matplotlib's fontweight)",
          GST_TYPE_NEURO_FIGURE_WEIGHT, DEFAULT_SUPTITLE_WEIGHT,
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_BACKGROUND,
      neuro_param_spec_color ("background", "Background",
          "Colour of the figure around and between the panels ("
          NEURO_COLOR_SPELLINGS ")", DEFAULT_BACKGROUND,
          rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FOREGROUND,
      neuro_param_spec_color ("foreground", "Foreground",
          "Colour of the suptitle (" NEURO_COLOR_SPELLINGS ")",
          DEFAULT_FOREGROUND, rw | GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_FONT,
      g_param_spec_string ("font", "Font", "Font family of the suptitle",
          DEFAULT_FONT, rw | GST_PARAM_MUTABLE_PLAYING));

  element_class->request_new_pad =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_request_new_pad);
  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_neuro_figure_release_pad);
  element_class->change_state =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_change_state);
  agg_class->sink_query = GST_DEBUG_FUNCPTR (gst_neuro_figure_sink_query);
  agg_class->fixate_src_caps =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_fixate_src_caps);
  agg_class->stop = GST_DEBUG_FUNCPTR (gst_neuro_figure_stop);
  agg_class->propose_allocation =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_propose_allocation);
  vagg_class->create_output_buffer =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_create_output_buffer);
  vagg_class->update_caps = GST_DEBUG_FUNCPTR (gst_neuro_figure_update_caps);
  vagg_class->aggregate_frames =
      GST_DEBUG_FUNCPTR (gst_neuro_figure_aggregate_frames);

  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_NEURO_FIGURE_PAD);
  gst_element_class_set_static_metadata (element_class, "Neural figure",
      "Filter/Editor/Video/Compositor",
      "Lays renderers out as one figure: a grid with spans and ratios, "
      "a suptitle, one dpi for every panel", "gst-neuroviz");

  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_FIGURE_PAD, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NEURO_FIGURE_WEIGHT, 0);
}

static void
gst_neuro_figure_init (GstNeuroFigure * self)
{
  self->width = DEFAULT_WIDTH;
  self->height = DEFAULT_HEIGHT;
  self->dpi = DEFAULT_DPI;
  self->rows = DEFAULT_ROWS;
  self->cols = DEFAULT_COLS;
  self->wspace = DEFAULT_WSPACE;
  self->hspace = DEFAULT_HSPACE;
  self->suptitle_size = DEFAULT_SUPTITLE_SIZE;
  self->suptitle_weight = DEFAULT_SUPTITLE_WEIGHT;
  self->background = DEFAULT_BACKGROUND;
  self->foreground = DEFAULT_FOREGROUND;
  self->font = g_strdup (DEFAULT_FONT);
  self->frames = figure_frames_new ();
}

static void
gst_neuro_figure_finalize (GObject * object)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (object);

  g_free (self->width_ratios);
  g_free (self->height_ratios);
  g_free (self->suptitle);
  g_free (self->font);
  g_free (self->bad_property);
  g_free (self->layout_error);
  g_free (self->text_font);
  g_clear_pointer (&self->text, neuro_text_free);
  figure_frames_unref (self->frames);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_neuro_figure_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (object);
  GError *err = NULL;
  gboolean relayout = TRUE;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WIDTH:
      self->width = g_value_get_int (value);
      break;
    case PROP_HEIGHT:
      self->height = g_value_get_int (value);
      break;
    case PROP_DPI:
      self->dpi = g_value_get_double (value);
      break;
    case PROP_ROWS:
      self->rows = g_value_get_int (value);
      break;
    case PROP_COLS:
      self->cols = g_value_get_int (value);
      break;
    case PROP_WIDTH_RATIOS:
      g_free (self->width_ratios);
      self->width_ratios = g_value_dup_string (value);
      break;
    case PROP_HEIGHT_RATIOS:
      g_free (self->height_ratios);
      self->height_ratios = g_value_dup_string (value);
      break;
    case PROP_WSPACE:
      self->wspace = g_value_get_double (value);
      break;
    case PROP_HSPACE:
      self->hspace = g_value_get_double (value);
      break;
    case PROP_SUPTITLE:{
      gboolean had = self->suptitle && *self->suptitle;

      g_free (self->suptitle);
      self->suptitle = g_value_dup_string (value);
      /* a suptitle appearing or going away moves the grid */
      relayout = had != (self->suptitle && *self->suptitle);
      break;
    }
    case PROP_SUPTITLE_SIZE:
      self->suptitle_size = g_value_get_double (value);
      break;
    case PROP_SUPTITLE_WEIGHT:
      self->suptitle_weight = g_value_get_enum (value);
      relayout = FALSE;
      break;
    case PROP_BACKGROUND:
      neuro_color_property_set (pspec, value, &self->background, &err);
      relayout = FALSE;
      break;
    case PROP_FOREGROUND:
      neuro_color_property_set (pspec, value, &self->foreground, &err);
      relayout = FALSE;
      break;
    case PROP_FONT:
      g_free (self->font);
      self->font = g_value_dup_string (value);
      if (self->font == NULL)
        self->font = g_strdup (DEFAULT_FONT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      relayout = FALSE;
      break;
  }
  if (err) {
    /* told when the figure starts (gst-launch sets properties in NULL) */
    g_free (self->bad_property);
    self->bad_property = g_strdup (err->message);
    g_error_free (err);
  } else if (prop_id == PROP_BACKGROUND || prop_id == PROP_FOREGROUND) {
    g_clear_pointer (&self->bad_property, g_free);
  }
  if (relayout)
    self->layout_valid = FALSE;
  GST_OBJECT_UNLOCK (self);
  if (relayout)
    gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
}

static void
gst_neuro_figure_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WIDTH:
      g_value_set_int (value, self->width);
      break;
    case PROP_HEIGHT:
      g_value_set_int (value, self->height);
      break;
    case PROP_DPI:
      g_value_set_double (value, self->dpi);
      break;
    case PROP_ROWS:
      g_value_set_int (value, self->rows);
      break;
    case PROP_COLS:
      g_value_set_int (value, self->cols);
      break;
    case PROP_WIDTH_RATIOS:
      g_value_set_string (value, self->width_ratios);
      break;
    case PROP_HEIGHT_RATIOS:
      g_value_set_string (value, self->height_ratios);
      break;
    case PROP_WSPACE:
      g_value_set_double (value, self->wspace);
      break;
    case PROP_HSPACE:
      g_value_set_double (value, self->hspace);
      break;
    case PROP_SUPTITLE:
      g_value_set_string (value, self->suptitle);
      break;
    case PROP_SUPTITLE_SIZE:
      g_value_set_double (value, self->suptitle_size);
      break;
    case PROP_SUPTITLE_WEIGHT:
      g_value_set_enum (value, self->suptitle_weight);
      break;
    case PROP_BACKGROUND:
      neuro_color_property_get (value, self->background);
      break;
    case PROP_FOREGROUND:
      neuro_color_property_get (value, self->foreground);
      break;
    case PROP_FONT:
      g_value_set_string (value, self->font);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
invalidate_layout (GstNeuroFigure * self)
{
  GST_OBJECT_LOCK (self);
  self->layout_valid = FALSE;
  GST_OBJECT_UNLOCK (self);
  gst_pad_mark_reconfigure (GST_AGGREGATOR_SRC_PAD (self));
}

static GstPad *
gst_neuro_figure_request_new_pad (GstElement * element, GstPadTemplate * templ,
    const gchar * name, const GstCaps * caps)
{
  GstPad *pad = GST_ELEMENT_CLASS (parent_class)->request_new_pad (element,
      templ, name, caps);

  if (pad) {
    invalidate_layout (GST_NEURO_FIGURE (element));
    gst_child_proxy_child_added (GST_CHILD_PROXY (element), G_OBJECT (pad),
        GST_OBJECT_NAME (pad));
  }
  return pad;
}

static void
gst_neuro_figure_release_pad (GstElement * element, GstPad * pad)
{
  gchar *name = gst_pad_get_name (pad);

  gst_child_proxy_child_removed (GST_CHILD_PROXY (element), G_OBJECT (pad),
      name);
  g_free (name);
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
  invalidate_layout (GST_NEURO_FIGURE (element));
}

static GObject *
gst_neuro_figure_child_proxy_get_child_by_index (GstChildProxy * proxy,
    guint index)
{
  GstElement *element = GST_ELEMENT (proxy);
  GObject *obj;

  GST_OBJECT_LOCK (element);
  obj = g_list_nth_data (element->sinkpads, index);
  if (obj)
    gst_object_ref (obj);
  GST_OBJECT_UNLOCK (element);
  return obj;
}

static guint
gst_neuro_figure_child_proxy_get_children_count (GstChildProxy * proxy)
{
  GstElement *element = GST_ELEMENT (proxy);
  guint n;

  GST_OBJECT_LOCK (element);
  n = element->numsinkpads;
  GST_OBJECT_UNLOCK (element);
  return n;
}

static void
gst_neuro_figure_child_proxy_init (gpointer g_iface, gpointer iface_data)
{
  GstChildProxyInterface *iface = g_iface;

  iface->get_child_by_index = gst_neuro_figure_child_proxy_get_child_by_index;
  iface->get_children_count = gst_neuro_figure_child_proxy_get_children_count;
}

/* The suptitle's band: from the top, matplotlib's y = 0.98 (2 % of the
 * height) to the text's bottom plus half a line, in pixels. */
static gint
title_band (GstNeuroFigure * self, gdouble size_px)
{
  return (gint) ceil (0.02 * self->height + size_px * 1.17 + 0.5 * size_px);
}

/* A new layout id when the figure's size or a tile changed: tiles of the
 * old layout must not share frames with the new one's. */
static void
note_layout_locked (GstNeuroFigure * self)
{
  guint64 sig = 1469598103934665603ULL;
  GList *l;

#define MIX(v) (sig = (sig ^ (guint64) (guint) (v)) * 1099511628211ULL)
  MIX (self->width);
  MIX (self->height);
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstNeuroFigurePad *pad = l->data;

    MIX (GPOINTER_TO_UINT (pad));
    MIX (pad->rect.x);
    MIX (pad->rect.y);
    MIX (pad->rect.width);
    MIX (pad->rect.height);
  }
#undef MIX
  if (sig != self->layout_sig) {
    self->layout_sig = sig;
    self->layout_id++;
  }
}

/* Resolves the grid and every pad's tile, object lock held.  On failure
 * the message is kept in layout_error. */
static gboolean
update_layout_locked (GstNeuroFigure * self)
{
  GstElement *element = GST_ELEMENT (self);
  gdouble wr[FIGURE_MAX_GRID], hr[FIGURE_MAX_GRID];
  FigureGridSpec spec = { 0 };
  FigureGrid grid;
  GError *err = NULL;
  GPtrArray *cells, *names;
  GList *l;
  gint n = 0, i, top;

  if (self->layout_valid)
    return self->layout_error == NULL;
  g_clear_pointer (&self->layout_error, g_free);
  self->layout_error_posted = FALSE;
  self->layout_valid = TRUE;

  spec.n_width_ratios = figure_ratios_parse (self->width_ratios, wr,
      FIGURE_MAX_GRID, &err);
  if (spec.n_width_ratios < 0) {
    self->layout_error = g_strdup_printf ("width-ratios: %s", err->message);
    g_error_free (err);
    return FALSE;
  }
  spec.n_height_ratios = figure_ratios_parse (self->height_ratios, hr,
      FIGURE_MAX_GRID, &err);
  if (spec.n_height_ratios < 0) {
    self->layout_error = g_strdup_printf ("height-ratios: %s", err->message);
    g_error_free (err);
    return FALSE;
  }
  spec.width_ratios = wr;
  spec.height_ratios = hr;
  spec.rows = self->rows;
  spec.cols = self->cols;

  cells = g_ptr_array_new_with_free_func (g_free);
  names = g_ptr_array_new_with_free_func (g_free);
  for (l = element->sinkpads; l; l = l->next) {
    GstNeuroFigurePad *pad = l->data;

    GST_OBJECT_LOCK (pad);
    g_ptr_array_add (cells, g_strdup (pad->cell));
    GST_OBJECT_UNLOCK (pad);
    g_ptr_array_add (names, gst_pad_get_name (GST_PAD (pad)));
    pad->placed = FALSE;
    n++;
  }
  spec.n_pads = n;
  spec.cells = (const gchar * const *) cells->pdata;
  spec.names = (const gchar * const *) names->pdata;

  if (n > 0 && !figure_grid_resolve (&spec, &grid, &err)) {
    self->layout_error = g_strdup (err->message);
    g_error_free (err);
    g_ptr_array_unref (cells);
    g_ptr_array_unref (names);
    return FALSE;
  }

  top = 0;
  if (self->suptitle && *self->suptitle)
    top = title_band (self, self->suptitle_size * self->dpi / 72.0);
  self->title_height = top;
  for (l = element->sinkpads, i = 0; l && i < n; l = l->next, i++) {
    GstNeuroFigurePad *pad = l->data;

    figure_grid_cell_rect (&grid, &grid.cells[i], 0, top, self->width,
        self->height - top, self->wspace, self->hspace, &pad->rect);
    if (pad->rect.width < MIN_TILE || pad->rect.height < MIN_TILE) {
      self->layout_error = g_strdup_printf ("%s gets a tile of %d x %d "
          "pixels, smaller than the %d x %d a panel needs: make the figure "
          "(width, height) larger or the grid smaller",
          (gchar *) names->pdata[i], pad->rect.width, pad->rect.height,
          MIN_TILE, MIN_TILE);
      break;
    }
    pad->placed = TRUE;
    GST_DEBUG_OBJECT (self, "%s: %d,%d %dx%d", (gchar *) names->pdata[i],
        pad->rect.x, pad->rect.y, pad->rect.width, pad->rect.height);
  }
  if (n > 0)
    figure_grid_clear (&grid);
  g_ptr_array_unref (cells);
  g_ptr_array_unref (names);
  if (self->layout_error == NULL)
    note_layout_locked (self);
  return self->layout_error == NULL;
}

/* Lays out; with @post, posts the error once if the layout is
 * impossible.  Queries do not post: while a launch line is built, a caps
 * query may come before the last pad is requested. */
static gboolean
update_layout (GstNeuroFigure * self, gboolean post)
{
  gchar *msg = NULL;
  gboolean ok;

  GST_OBJECT_LOCK (self);
  ok = update_layout_locked (self);
  if (!ok && post && !self->layout_error_posted) {
    self->layout_error_posted = TRUE;
    msg = g_strdup (self->layout_error);
  }
  GST_OBJECT_UNLOCK (self);
  if (msg) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("Invalid figure layout: %s",
            msg), (NULL));
    g_free (msg);
  }
  return ok;
}

static GstStateChangeReturn
gst_neuro_figure_change_state (GstElement * element, GstStateChange transition)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (element);

  if (transition == GST_STATE_CHANGE_READY_TO_PAUSED) {
    gchar *bad;

    GST_OBJECT_LOCK (self);
    bad = g_strdup (self->bad_property);
    self->layout_valid = FALSE;
    GST_OBJECT_UNLOCK (self);
    if (bad) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS, ("Invalid property: %s",
              bad), (NULL));
      g_free (bad);
      return GST_STATE_CHANGE_FAILURE;
    }
    if (!update_layout (self, TRUE))
      return GST_STATE_CHANGE_FAILURE;
  }
  return GST_ELEMENT_CLASS (parent_class)->change_state (element, transition);
}

/* The caps a panel may send: its tile's size, the figure's framerate when
 * downstream fixed one. */
static GstCaps *
tile_caps (GstNeuroFigure * self, GstNeuroFigurePad * pad)
{
  GstAggregator *agg = GST_AGGREGATOR (self);
  GstCaps *caps, *peer;
  gint w, h, fps_n = 0, fps_d = 1;
  gboolean fixed_rate = FALSE;

  GST_OBJECT_LOCK (self);
  w = pad->rect.width;
  h = pad->rect.height;
  GST_OBJECT_UNLOCK (self);

  peer = gst_pad_peer_query_caps (agg->srcpad, NULL);
  if (peer && !gst_caps_is_empty (peer) && !gst_caps_is_any (peer)) {
    const GstStructure *s = gst_caps_get_structure (peer, 0);
    const GValue *v = gst_structure_get_value (s, "framerate");

    if (v && GST_VALUE_HOLDS_FRACTION (v)) {
      fps_n = gst_value_get_fraction_numerator (v);
      fps_d = gst_value_get_fraction_denominator (v);
      fixed_rate = TRUE;
    }
  }
  gst_clear_caps (&peer);

  caps = gst_pad_get_pad_template_caps (GST_PAD (pad));
  caps = gst_caps_make_writable (caps);
  gst_caps_set_simple (caps, "width", G_TYPE_INT, w, "height", G_TYPE_INT, h,
      "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1, NULL);
  if (fixed_rate)
    gst_caps_set_simple (caps, "framerate", GST_TYPE_FRACTION, fps_n, fps_d,
        NULL);
  return caps;
}

/* What a panel offers cannot be its tile: said once per pad, in words,
 * before negotiation fails with a bare "not-negotiated". */
static void
warn_refused (GstNeuroFigure * self, GstNeuroFigurePad * pad,
    const GstCaps * offered, const GstCaps * tile)
{
  gchar *a, *b;

  if (pad->refusal_warned || offered == NULL || gst_caps_is_empty (offered))
    return;
  pad->refusal_warned = TRUE;
  a = gst_caps_to_string (offered);
  b = gst_caps_to_string (tile);
  GST_ELEMENT_WARNING (self, CORE, NEGOTIATION, ("%s:%s takes only its "
          "tile's caps: a panel must let the figure size it (no width or "
          "height caps in front of the figure; videoconvert and videoscale "
          "for other formats and sizes)", GST_DEBUG_PAD_NAME (pad)),
      ("offered %s, the tile is %s", a, b));
  g_free (a);
  g_free (b);
}

static gboolean
gst_neuro_figure_sink_query (GstAggregator * agg, GstAggregatorPad * apad,
    GstQuery * query)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (agg);
  GstNeuroFigurePad *pad = GST_NEURO_FIGURE_PAD (apad);

  if (neuro_figure_query_is (query)) {
    GstStructure *s = gst_query_writable_structure (query);

    if (!update_layout (self, FALSE))
      return FALSE;
    GST_OBJECT_LOCK (self);
    gst_structure_set (s, "dpi", G_TYPE_DOUBLE, self->dpi, "width",
        G_TYPE_INT, pad->rect.width, "height", G_TYPE_INT, pad->rect.height,
        NULL);
    GST_OBJECT_UNLOCK (self);
    return TRUE;
  }

  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_CAPS:{
      GstCaps *filter, *caps, *res;

      /* an impossible layout (perhaps only until the last pad of a launch
       * line is requested) lets the panels link: the state change says
       * what is wrong, better than "could not link" */
      gboolean placed;

      gst_query_parse_caps (query, &filter);
      placed = update_layout (self, FALSE);
      if (placed)
        caps = tile_caps (self, pad);
      else
        caps = gst_pad_get_pad_template_caps (GST_PAD (pad));
      res = filter ? gst_caps_intersect_full (filter, caps,
          GST_CAPS_INTERSECT_FIRST) : gst_caps_ref (caps);
      if (placed && gst_caps_is_empty (res))
        warn_refused (self, pad, filter, caps);
      gst_query_set_caps_result (query, res);
      gst_caps_unref (res);
      gst_caps_unref (caps);
      return TRUE;
    }
    case GST_QUERY_ACCEPT_CAPS:{
      GstCaps *caps, *tile;
      gboolean ok = FALSE;

      gst_query_parse_accept_caps (query, &caps);
      if (!update_layout (self, FALSE)) {
        tile = gst_pad_get_pad_template_caps (GST_PAD (pad));
        ok = gst_caps_can_intersect (caps, tile);
        gst_caps_unref (tile);
      } else {
        tile = tile_caps (self, pad);
        ok = gst_caps_can_intersect (caps, tile);
        if (!ok)
          warn_refused (self, pad, caps, tile);
        gst_caps_unref (tile);
      }
      gst_query_set_accept_caps_result (query, ok);
      return TRUE;
    }
    default:
      return GST_AGGREGATOR_CLASS (parent_class)->sink_query (agg, apad,
          query);
  }
}

static GstCaps *
gst_neuro_figure_update_caps (GstVideoAggregator * vagg, GstCaps * caps)
{
  /* the output format is the template's: panels are copied or blended in
   * place, whatever their format */
  return gst_caps_ref (caps);
}

static GstCaps *
gst_neuro_figure_fixate_src_caps (GstAggregator * agg, GstCaps * caps)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (agg);
  gint fps_n = 0, fps_d = 1, w, h;
  gdouble best = 0;
  GstStructure *s;
  GList *l;

  GST_OBJECT_LOCK (self);
  w = self->width;
  h = self->height;
  for (l = GST_ELEMENT (agg)->sinkpads; l; l = l->next) {
    GstVideoAggregatorPad *pad = l->data;
    gdouble fps;

    if (GST_VIDEO_INFO_FPS_D (&pad->info) == 0 ||
        GST_VIDEO_INFO_FPS_N (&pad->info) <= 0)
      continue;
    gst_util_fraction_to_double (GST_VIDEO_INFO_FPS_N (&pad->info),
        GST_VIDEO_INFO_FPS_D (&pad->info), &fps);
    if (fps > best) {
      best = fps;
      fps_n = GST_VIDEO_INFO_FPS_N (&pad->info);
      fps_d = GST_VIDEO_INFO_FPS_D (&pad->info);
    }
  }
  GST_OBJECT_UNLOCK (self);
  if (fps_n <= 0) {
    /* the renderers' default rate */
    fps_n = 30;
    fps_d = 1;
  }

  caps = gst_caps_make_writable (caps);
  caps = gst_caps_truncate (caps);
  s = gst_caps_get_structure (caps, 0);
  gst_structure_fixate_field_nearest_int (s, "width", w);
  gst_structure_fixate_field_nearest_int (s, "height", h);
  gst_structure_fixate_field_nearest_fraction (s, "framerate", fps_n, fps_d);
  if (gst_structure_has_field (s, "pixel-aspect-ratio"))
    gst_structure_fixate_field_nearest_fraction (s, "pixel-aspect-ratio", 1,
        1);
  return gst_caps_fixate (caps);
}

static gboolean
gst_neuro_figure_stop (GstAggregator * agg)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (agg);

  GList *l;

  g_clear_pointer (&self->text, neuro_text_free);
  g_clear_pointer (&self->text_font, g_free);
  figure_frames_configure (self->frames, 0, 0, 0);
  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (agg)->sinkpads; l; l = l->next)
    gst_clear_buffer (&GST_NEURO_FIGURE_PAD (l->data)->last);
  GST_OBJECT_UNLOCK (self);
  return GST_AGGREGATOR_CLASS (parent_class)->stop (agg);
}

/* ---- frames shared with the panels (figureframes.h) ---- */

/* A BGRx panel whose caps are its tile draws into the figure's frames. */
static gboolean
gst_neuro_figure_propose_allocation (GstAggregator * agg,
    GstAggregatorPad * apad, GstQuery * decide_query, GstQuery * query)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (agg);
  GstNeuroFigurePad *pad = GST_NEURO_FIGURE_PAD (apad);
  GstBufferPool *pool;
  GstStructure *config;
  GstVideoInfo info;
  FigureRect rect;
  gboolean placed;
  gint w, h;
  guint layout;
  GstCaps *caps;

  if (!GST_AGGREGATOR_CLASS (parent_class)->propose_allocation (agg, apad,
          decide_query, query))
    return FALSE;
  gst_query_parse_allocation (query, &caps, NULL);
  if (caps == NULL || !gst_video_info_from_caps (&info, caps)
      || GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_BGRx
      || !update_layout (self, FALSE))
    return TRUE;
  GST_OBJECT_LOCK (self);
  rect = pad->rect;
  placed = pad->placed;
  w = self->width;
  h = self->height;
  layout = self->layout_id;
  GST_OBJECT_UNLOCK (self);
  if (!placed || GST_VIDEO_INFO_WIDTH (&info) != rect.width
      || GST_VIDEO_INFO_HEIGHT (&info) != rect.height)
    return TRUE;

  figure_frames_configure (self->frames, w, h, layout);
  pool = figure_tile_pool_new (self->frames, layout, &rect);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, info.size, 0, 0);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (gst_buffer_pool_set_config (pool, config))
    gst_query_add_allocation_pool (query, pool, info.size, 0, 0);
  gst_object_unref (pool);
  return TRUE;
}

/* The frame the panels of this time drew into, when it can go downstream
 * as it is; else a buffer of the output pool, which the tiles are copied
 * into. */
static GstFlowReturn
gst_neuro_figure_create_output_buffer (GstVideoAggregator * vagg,
    GstBuffer ** outbuf)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (vagg);
  FigureHeld *held;
  gint n = 0, i;
  GList *l;

  *outbuf = NULL;
  /* the tiles as aggregate_frames will place them */
  if (!update_layout (self, TRUE))
    return GST_FLOW_NOT_NEGOTIATED;
  GST_OBJECT_LOCK (self);
  if (GST_VIDEO_INFO_FORMAT (&vagg->info) == GST_VIDEO_FORMAT_BGRx
      && GST_VIDEO_INFO_WIDTH (&vagg->info) == self->width
      && GST_VIDEO_INFO_HEIGHT (&vagg->info) == self->height
      && GST_VIDEO_INFO_PLANE_STRIDE (&vagg->info, 0) == self->width * 4) {
    held = g_newa (FigureHeld, 2 * MAX (GST_ELEMENT (self)->numsinkpads, 1));
    for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
      GstNeuroFigurePad *pad = l->data;
      GstBuffer *bufs[2] = {
        gst_video_aggregator_pad_get_current_buffer (GST_VIDEO_AGGREGATOR_PAD
            (pad)), pad->last
      };

      for (i = 0; i < 2; i++) {
        if (bufs[i] == NULL || (i == 1 && bufs[1] == bufs[0]))
          continue;
        held[n].buffer = gst_buffer_ref (bufs[i]);
        held[n].rect = pad->rect;
        n++;
      }
    }
  } else {
    held = NULL;
  }
  GST_OBJECT_UNLOCK (self);

  if (n > 0)
    *outbuf = figure_frames_claim (self->frames, held, n);
  for (i = 0; i < n; i++)
    gst_buffer_unref (held[i].buffer);
  if (*outbuf)
    return GST_FLOW_OK;
  return GST_VIDEO_AGGREGATOR_CLASS (parent_class)->create_output_buffer (vagg,
      outbuf);
}

/* ---- drawing ---- */

typedef struct
{
  GstVideoFrame *frame;
  GstBuffer *buffer;
  GstVideoFrame kept;
  gboolean kept_mapped;
  gint x, y;
  FigureRect rect;
} FigureTile;

/* Fills the pixels of @out that none of the @n tiles covers with @px: row
 * by row, the gaps between the tiles' spans, copied from one row of
 * background (a 1200 x 800 figure of panels then writes only its title
 * band and the panels' seams). */
static void
fill_background (GstVideoFrame * out, const FigureTile * tiles, gint n,
    guint32 px)
{
  guint8 *data = GST_VIDEO_FRAME_PLANE_DATA (out, 0);
  gint stride = GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);
  gint w = GST_VIDEO_FRAME_WIDTH (out), h = GST_VIDEO_FRAME_HEIGHT (out);
  guint32 *bgrow = g_newa (guint32, w);
  gint *x0 = g_newa (gint, MAX (n, 1)), *x1 = g_newa (gint, MAX (n, 1));
  gint i, j, y;

  for (i = 0; i < w; i++)
    bgrow[i] = px;
  for (y = 0; y < h; y++) {
    guint32 *row = (guint32 *) (data + (gsize) y * stride);
    gint m = 0, x = 0;

    /* the spans of the tiles on this row, sorted by their left edge */
    for (i = 0; i < n; i++) {
      gint ty = tiles[i].y, th = GST_VIDEO_FRAME_HEIGHT (tiles[i].frame);
      gint a = MAX (tiles[i].x, 0);
      gint b = MIN (tiles[i].x + GST_VIDEO_FRAME_WIDTH (tiles[i].frame), w);

      if (y < ty || y >= ty + th || a >= b)
        continue;
      for (j = m; j > 0 && x0[j - 1] > a; j--) {
        x0[j] = x0[j - 1];
        x1[j] = x1[j - 1];
      }
      x0[j] = a;
      x1[j] = b;
      m++;
    }
    for (i = 0; i < m; i++) {
      if (x0[i] > x)
        memcpy (row + x, bgrow, (gsize) (x0[i] - x) * 4);
      x = MAX (x, x1[i]);
    }
    if (x < w)
      memcpy (row + x, bgrow, (gsize) (w - x) * 4);
  }
}

/* BGRx/BGRA in memory is 0xAARRGGBB native-endian on little-endian hosts;
 * the template only offers those. */
static void
put_tile (GstVideoFrame * out, const GstVideoFrame * in, gint x, gint y,
    guint32 bg)
{
  gint ow = GST_VIDEO_FRAME_WIDTH (out), oh = GST_VIDEO_FRAME_HEIGHT (out);
  gint w = MIN (GST_VIDEO_FRAME_WIDTH (in), ow - x);
  gint h = MIN (GST_VIDEO_FRAME_HEIGHT (in), oh - y);
  guint8 *od = GST_VIDEO_FRAME_PLANE_DATA (out, 0);
  const guint8 *id = GST_VIDEO_FRAME_PLANE_DATA (in, 0);
  gint os = GST_VIDEO_FRAME_PLANE_STRIDE (out, 0);
  gint is = GST_VIDEO_FRAME_PLANE_STRIDE (in, 0);
  gboolean alpha = GST_VIDEO_INFO_HAS_ALPHA (&in->info);
  gint i, j;

  if (w <= 0 || h <= 0 || x < 0 || y < 0)
    return;
  for (j = 0; j < h; j++) {
    guint32 *o = (guint32 *) (od + (gsize) (y + j) * os) + x;
    const guint32 *p = (const guint32 *) (id + (gsize) j * is);

    if (!alpha) {
      memcpy (o, p, (gsize) w * 4);
      continue;
    }
    /* straight alpha over the figure's opaque background */
    for (i = 0; i < w; i++) {
      guint32 s = p[i], a = s >> 24, r = 0xff000000;
      gint sh;

      for (sh = 0; sh < 24; sh += 8) {
        guint32 c = (s >> sh) & 0xff, b = (bg >> sh) & 0xff;

        r |= ((c * a + b * (255 - a) + 127) / 255) << sh;
      }
      o[i] = r;
    }
  }
}


/* Puts a tile that is not in place.  Its pixels may still lie inside @out
 * (a figure frame claimed for output whose layout changed since): then
 * they are copied out first, never over themselves. */
static void
put_tile_from (GstVideoFrame * out, const GstVideoFrame * in, gint x, gint y,
    guint32 bg)
{
  const guint8 *o = GST_VIDEO_FRAME_PLANE_DATA (out, 0);
  const guint8 *p = GST_VIDEO_FRAME_PLANE_DATA (in, 0);
  gsize osize = (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (out, 0) *
      GST_VIDEO_FRAME_HEIGHT (out);
  gsize isize = (gsize) GST_VIDEO_FRAME_PLANE_STRIDE (in, 0) *
      GST_VIDEO_FRAME_HEIGHT (in);
  GstVideoInfo info;
  GstVideoFrame tmp;
  GstBuffer *copy;

  if (p + isize <= o || p >= o + osize) {
    put_tile (out, in, x, y, bg);
    return;
  }
  gst_video_info_set_format (&info, GST_VIDEO_FRAME_FORMAT (in),
      GST_VIDEO_FRAME_WIDTH (in), GST_VIDEO_FRAME_HEIGHT (in));
  copy = gst_buffer_new_allocate (NULL, info.size, NULL);
  if (copy && gst_video_frame_map (&tmp, &info, copy, GST_MAP_WRITE)) {
    gst_video_frame_copy (&tmp, in);
    put_tile (out, &tmp, x, y, bg);
    gst_video_frame_unmap (&tmp);
  }
  gst_clear_buffer (&copy);
}

/* The data time the panels show: the first frame-time meta of a panel. */
static GstClockTime
panels_time (GstNeuroFigure * self)
{
  GstClockTime t = GST_CLOCK_TIME_NONE;
  GList *l;

  GST_OBJECT_LOCK (self);
  for (l = GST_ELEMENT (self)->sinkpads; l && t == GST_CLOCK_TIME_NONE;
      l = l->next) {
    GstBuffer *buf =
        gst_video_aggregator_pad_get_current_buffer (GST_VIDEO_AGGREGATOR_PAD
        (l->data));

    if (buf)
      t = neuro_buffer_get_frame_time (buf);
  }
  GST_OBJECT_UNLOCK (self);
  return t;
}

/* The suptitle of @out, its time fields filled in (NULL: none), and the
 * data time it says (for the output's frame-time meta). */
static gchar *
format_suptitle (GstNeuroFigure * self, GstBuffer * out, GstClockTime * time)
{
  GstAggregatorPad *srcpad = GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self));
  GstVideoInfo *info = &GST_VIDEO_AGGREGATOR (self)->info;
  GstClockTime pts = GST_BUFFER_PTS (out), st, t;
  gchar *fmt, *text;
  guint64 index = 0;

  t = panels_time (self);
  GST_OBJECT_LOCK (self);
  fmt = self->suptitle && *self->suptitle ? g_strdup (self->suptitle) : NULL;
  GST_OBJECT_UNLOCK (self);
  if (fmt == NULL) {
    *time = t;
    return NULL;
  }
  st = gst_segment_to_stream_time (&srcpad->segment, GST_FORMAT_TIME, pts);
  if (GST_CLOCK_TIME_IS_VALID (st) && GST_VIDEO_INFO_FPS_N (info) > 0)
    index = gst_util_uint64_scale_round (st, GST_VIDEO_INFO_FPS_N (info),
        GST_SECOND * (guint64) GST_VIDEO_INFO_FPS_D (info));
  if (!GST_CLOCK_TIME_IS_VALID (t) && GST_CLOCK_TIME_IS_VALID (st))
    t = st + GST_BUFFER_DURATION (out);
  text = neuro_format_title (fmt, GST_CLOCK_TIME_IS_VALID (t) ?
      (gint64) t : NEURO_TITLE_NO_TIME, (gint64) index);
  g_free (fmt);
  *time = t;
  return text;
}

/* Draws the suptitle @text. */
static void
draw_suptitle (GstNeuroFigure * self, GstVideoFrame * frame,
    const gchar * text)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  gchar *font;
  gdouble size_px;
  gboolean bold;
  guint32 fg;

  GST_OBJECT_LOCK (self);
  font = g_strdup (self->font);
  size_px = self->suptitle_size * self->dpi / 72.0;
  bold = self->suptitle_weight == GST_NEURO_FIGURE_WEIGHT_BOLD;
  fg = self->foreground;
  GST_OBJECT_UNLOCK (self);

  if (self->text == NULL || g_strcmp0 (self->text_font, font) != 0) {
    g_clear_pointer (&self->text, neuro_text_free);
    g_free (self->text_font);
    self->text_font = g_strdup (font);
    self->text = neuro_text_new (font);
  }
  surface = cairo_image_surface_create_for_data (GST_VIDEO_FRAME_PLANE_DATA
      (frame, 0), CAIRO_FORMAT_RGB24, GST_VIDEO_FRAME_WIDTH (frame),
      GST_VIDEO_FRAME_HEIGHT (frame), GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0));
  cr = cairo_create (surface);
  /* matplotlib: x = 0.5, y = 0.98, ha = center, va = top */
  neuro_text_draw (self->text, cr, text, GST_VIDEO_FRAME_WIDTH (frame) / 2.0,
      0.02 * GST_VIDEO_FRAME_HEIGHT (frame), size_px, bold, fg,
      NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  g_free (font);
}

static GstFlowReturn
gst_neuro_figure_aggregate_frames (GstVideoAggregator * vagg,
    GstBuffer * outbuf)
{
  GstNeuroFigure *self = GST_NEURO_FIGURE (vagg);
  GstVideoFrame out;
  GstClockTime t;
  gchar *title;
  GString *shows;
  guint32 bg;
  GList *l;
  FigureTile *tiles;
  gint n, i;

  if (!update_layout (self, TRUE))
    return GST_FLOW_NOT_NEGOTIATED;
  if (!gst_video_frame_map (&out, &vagg->info, outbuf, GST_MAP_WRITE)) {
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Could not map the output "
            "frame"), (NULL));
    return GST_FLOW_ERROR;
  }

  title = format_suptitle (self, outbuf, &t);
  GST_OBJECT_LOCK (self);
  bg = self->background | 0xff000000;
  /* every pad a tile (at most the grid's 64 x 64 cells) */
  tiles = g_new (FigureTile, MAX (GST_ELEMENT (self)->numsinkpads, 1));
  n = 0;
  for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
    GstNeuroFigurePad *pad = l->data;
    GstVideoFrame *in =
        gst_video_aggregator_pad_get_prepared_frame (GST_VIDEO_AGGREGATOR_PAD
        (pad));

    if (!pad->placed)
      continue;
    if (in) {
      /* kept so that a panel whose stream ended still shows its last
       * picture (repeat-after-eos on every pad would never end the
       * figure) */
      GstBuffer *cur =
          gst_video_aggregator_pad_get_current_buffer
          (GST_VIDEO_AGGREGATOR_PAD (pad));

      if (cur != pad->last) {
        gst_buffer_replace (&pad->last, cur);
        pad->last_info = in->info;
      }
      tiles[n].frame = in;
      tiles[n].kept_mapped = FALSE;
    } else if (pad->last && gst_video_frame_map (&tiles[n].kept,
            &pad->last_info, pad->last, GST_MAP_READ)) {
      tiles[n].frame = &tiles[n].kept;
      tiles[n].kept_mapped = TRUE;
    } else {
      /* its rect gets the background */
      figure_frames_tile_copied (self->frames, &out, &pad->rect);
      continue;
    }
    tiles[n].buffer = tiles[n].kept_mapped ? pad->last :
        gst_video_aggregator_pad_get_current_buffer (GST_VIDEO_AGGREGATOR_PAD
        (pad));
    tiles[n].x = pad->rect.x;
    tiles[n].y = pad->rect.y;
    tiles[n].rect = pad->rect;
    n++;
  }
  /* what the figure draws around the tiles: a frame that came back
   * showing it already (figureframes.c) keeps it */
  shows = g_string_new (NULL);
  g_string_append_printf (shows, "%08x|%dx%d|%s|%s|%a|%d|%08x|%a|", bg,
      self->width, self->height, title ? title : "", self->font,
      self->suptitle_size, self->suptitle_weight, self->foreground,
      self->dpi);
  for (i = 0; i < n; i++)
    g_string_append_printf (shows, "%d,%d,%d,%d;", tiles[i].x, tiles[i].y,
        GST_VIDEO_FRAME_WIDTH (tiles[i].frame),
        GST_VIDEO_FRAME_HEIGHT (tiles[i].frame));
  if (!figure_frames_shows (self->frames, &out, shows->str)) {
    /* the background only where no tile goes: the tiles are opaque (BGRA
     * ones are blended over the background colour as they are copied) */
    fill_background (&out, tiles, n, bg);
  } else {
    g_clear_pointer (&title, g_free);
  }
  g_string_free (shows, TRUE);
  for (i = 0; i < n; i++) {
    /* a panel that drew straight into this frame */
    if (figure_frames_in_place (&out, tiles[i].frame, &tiles[i].rect)) {
      figure_frames_tile_drawn (self->frames, tiles[i].buffer,
          &tiles[i].rect);
    } else {
      put_tile_from (&out, tiles[i].frame, tiles[i].x, tiles[i].y, bg);
      figure_frames_tile_copied (self->frames, &out, &tiles[i].rect);
    }
    if (tiles[i].kept_mapped)
      gst_video_frame_unmap (&tiles[i].kept);
  }
  g_free (tiles);
  GST_OBJECT_UNLOCK (self);

  if (title) {
    gint r[4];

    draw_suptitle (self, &out, title);
    /* a suptitle drawn over a tile: that tile shows something its panel
     * did not draw, and this frame is to be drawn whole next time */
    neuro_text_last_rect (self->text, r);
    GST_OBJECT_LOCK (self);
    for (l = GST_ELEMENT (self)->sinkpads; l; l = l->next) {
      GstNeuroFigurePad *pad = l->data;
      const FigureRect *t = &pad->rect;

      if (pad->placed && r[0] < t->x + t->width && t->x < r[2]
          && r[1] < t->y + t->height && t->y < r[3]) {
        figure_frames_tile_copied (self->frames, &out, t);
        figure_frames_shows (self->frames, &out, NULL);
      }
    }
    GST_OBJECT_UNLOCK (self);
  }
  g_free (title);
  figure_frames_seal (self->frames, &out);
  gst_video_frame_unmap (&out);

  /* the data time shown, for players downstream (htmlplayersink) */
  neuro_buffer_add_frame_time (outbuf, t);
  return GST_FLOW_OK;
}
