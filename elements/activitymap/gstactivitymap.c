/* gst-neuroviz — activitymap: 2D frames in, an imshow-like heatmap (or the
 * frames' value histogram) out.  The GObject shell: properties, caps,
 * consume and the choice of view; the views are mapimage and maphist, what
 * they share (statistics, colour limits) is mapstore.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-activitymap
 * @title: activitymap
 *
 * Draws 2D frames (application/x-neuro-frame: activity grids, calcium
 * imaging movies, connectivity or weight matrices) as matplotlib's
 * `imshow` with a colorbar, or (view=histogram) as the distribution of the
 * frame's values.  Every output frame shows the latest input frame whose
 * time is inside the frame's window.
 *
 * Colours are matplotlib's: the value v of a cell gets
 * `cmap(Normalize(vmin, vmax)(v))` through neuro_colormap_map_row(), NaN
 * (and, with log=true, values <= 0) get #GstActivityMap:bad-color.
 *
 * Geometry (what the tests check): the image occupies the pixel rectangle
 * [x0, x0 + w) x [y0, y0 + h).  With interpolation=nearest, grid cell
 * (row i, column j) of an H x W grid covers the pixel columns
 * [x0 + floor (j·w/W), x0 + floor ((j+1)·w/W)) and the pixel rows
 * [y0 + floor (i·h/H), y0 + floor ((i+1)·h/H)); row 0 is at the top
 * (imshow's origin='upper').  When w < W a pixel column c shows the cell
 * floor (((c - x0 + 1)·W - 1) / w), the last cell starting at or before it.
 * With interpolation=bilinear the pixel whose centre is at (px + 0.5) is
 * sampled at cell coordinate u = (px + 0.5)·W/w - 0.5 (cell centres are at
 * integers, clamped at the borders), as imshow(interpolation='bilinear').
 * With axes=false, no title and colorbar=false and aspect=auto, the image
 * fills the whole frame: x0 = y0 = 0, w and h the frame size.
 *
 * The two views share only the input: colormap, scale, vmin, vmax, log,
 * bad-color, interpolation, aspect, colorbar, colorbar-label, grid-lines,
 * grid-color and show-values apply to view=image; bins, range-min,
 * range-max, count-max and bar-color to view=histogram; x-label and y-label
 * to both.
 *
 * The title's "{t}" is the time of the output frame, except for a still
 * (framerate 0/1 and a frame without duration): it has one time, its own
 * (its PTS in stream time), at every output frame rate.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=spiral ! activitymap colormap=plasma ! \
 *     videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=modulated-connectivity ! \
 *     activitymap colormap=RdBu_r scale=symmetric colorbar-label=Weight \
 *     x-label=Post-synaptic y-label=Pre-synaptic ! videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=connectivity ! \
 *     activitymap view=histogram bins=30 range-min=-1 range-max=1 ! \
 *     videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstactivitymap.h"
#include "mapstore.h"
#include "mapview.h"
#include "neuroinput.h"
#include "neurotypes.h"

#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_activity_map_debug);
#define GST_CAT_DEFAULT gst_activity_map_debug

#define DEFAULT_VIEW GST_ACTIVITY_MAP_VIEW_IMAGE
#define DEFAULT_COLORMAP NEURO_COLORMAP_VIRIDIS
#define DEFAULT_SCALE GST_ACTIVITY_MAP_SCALE_STREAM
#define DEFAULT_VMIN 0.0
#define DEFAULT_VMAX 1.0
#define DEFAULT_LOG FALSE
#define DEFAULT_BAD_COLOR 0x00000000
#define DEFAULT_INTERPOLATION GST_ACTIVITY_MAP_INTERP_NEAREST
#define DEFAULT_ASPECT GST_ACTIVITY_MAP_ASPECT_EQUAL
#define DEFAULT_COLORBAR TRUE
#define DEFAULT_GRID_LINES FALSE
#define DEFAULT_GRID_COLOR 0xffffffff
#define DEFAULT_SHOW_VALUES FALSE
#define DEFAULT_BINS 30
#define DEFAULT_RANGE_MIN 0.0
#define DEFAULT_RANGE_MAX 0.0
#define DEFAULT_COUNT_MAX 0.0
/* matplotlib 'blue' at alpha 0.7, the tutorial's weight distribution */
#define DEFAULT_BAR_COLOR 0xb30000ff

enum
{
  PROP_0,
  PROP_VIEW,
  PROP_COLORMAP,
  PROP_SCALE,
  PROP_VMIN,
  PROP_VMAX,
  PROP_LOG,
  PROP_BAD_COLOR,
  PROP_INTERPOLATION,
  PROP_ASPECT,
  PROP_COLORBAR,
  PROP_COLORBAR_LABEL,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_GRID_LINES,
  PROP_GRID_COLOR,
  PROP_SHOW_VALUES,
  PROP_BINS,
  PROP_RANGE_MIN,
  PROP_RANGE_MAX,
  PROP_COUNT_MAX,
  PROP_BAR_COLOR,
};

typedef struct
{
  GstActivityMapView view;
  NeuroColormap colormap;
  GstActivityMapScale scale;
  gdouble vmin, vmax;
  gboolean log;
  guint32 bad_color;
  GstActivityMapInterpolation interpolation;
  GstActivityMapAspect aspect;
  gboolean colorbar;
  gchar *colorbar_label;
  gchar *x_label;
  gchar *y_label;
  gboolean grid_lines;
  guint32 grid_color;
  gboolean show_values;
  gint bins;
  gdouble range_min, range_max;
  gdouble count_max;
  guint32 bar_color;
} Settings;

struct _GstActivityMap
{
  GstNeuroRenderer parent;

  /* properties (object lock) */
  Settings props;

  /* streaming */
  MapStore store;               /* grid size, statistics */
  gboolean still;               /* framerate 0/1 */
  GstBuffer *cur;               /* latest frame: aligned host-order floats */
  GstClockTime cur_pts, cur_dur;
  gboolean logged_log_error;

  /* each view's caches, made when it is first drawn */
  gpointer view_state[2];
};

/* the views, by GstActivityMapView */
static const MapView *const views[] = { &map_image_view, &map_hist_view };

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    /* loose on purpose: caps without a size get a clear error message from
     * set_sink_caps instead of a bare not-negotiated */
    GST_STATIC_CAPS (NEURO_FRAME_MEDIA_TYPE));

#define GST_TYPE_ACTIVITY_MAP_VIEW (gst_activity_map_view_get_type ())
static GType
gst_activity_map_view_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_ACTIVITY_MAP_VIEW_IMAGE, "The frame as an image (imshow)", "image"},
    {GST_ACTIVITY_MAP_VIEW_HISTOGRAM, "Histogram of the frame's values",
        "histogram"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstActivityMapView",
            values));
  return type;
}

#define GST_TYPE_ACTIVITY_MAP_SCALE (gst_activity_map_scale_get_type ())
static GType
gst_activity_map_scale_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_ACTIVITY_MAP_SCALE_FIXED, "The vmin and vmax properties", "fixed"},
    {GST_ACTIVITY_MAP_SCALE_FRAME, "Minimum and maximum of each frame",
        "frame"},
    {GST_ACTIVITY_MAP_SCALE_STREAM, "Minimum and maximum of the stream so "
          "far (since the start, a seek or a flush)", "stream"},
    {GST_ACTIVITY_MAP_SCALE_SYMMETRIC, "Symmetric about zero, [-m, m] with "
          "m the largest |value| of the stream so far (signed data, "
          "connectivity)", "symmetric"},
    {GST_ACTIVITY_MAP_SCALE_SYMMETRIC_FRAME, "Symmetric about zero, [-m, m] "
          "with m the largest |value| of each frame", "symmetric-frame"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstActivityMapScale",
            values));
  return type;
}

#define GST_TYPE_ACTIVITY_MAP_INTERPOLATION \
  (gst_activity_map_interpolation_get_type ())
static GType
gst_activity_map_interpolation_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_ACTIVITY_MAP_INTERP_NEAREST, "Each cell a solid rectangle",
        "nearest"},
    {GST_ACTIVITY_MAP_INTERP_BILINEAR, "Bilinear between cell centres, as "
          "imshow(interpolation='bilinear')", "bilinear"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstActivityMapInterpolation", values));
  return type;
}

#define GST_TYPE_ACTIVITY_MAP_ASPECT (gst_activity_map_aspect_get_type ())
static GType
gst_activity_map_aspect_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_ACTIVITY_MAP_ASPECT_EQUAL, "Square cells: keep the grid's aspect "
          "ratio (imshow's aspect='equal')", "equal"},
    {GST_ACTIVITY_MAP_ASPECT_AUTO, "Fill the plot area (aspect='auto')",
        "auto"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstActivityMapAspect",
            values));
  return type;
}

G_DEFINE_TYPE (GstActivityMap, gst_activity_map, GST_TYPE_NEURO_RENDERER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (activitymap, "activitymap",
    GST_RANK_NONE, GST_TYPE_ACTIVITY_MAP,
    GST_DEBUG_CATEGORY_INIT (gst_activity_map_debug, "activitymap", 0,
        "2D activity map renderer"));

static void gst_activity_map_finalize (GObject * object);
static void gst_activity_map_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_activity_map_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_activity_map_set_sink_caps (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstCaps * caps);
static GstFlowReturn gst_activity_map_consume (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstBuffer * buf);
static GstFlowReturn gst_activity_map_render (GstNeuroRenderer * r,
    GstNeuroFrame * frame);
static void gst_activity_map_reset (GstNeuroRenderer * r);

static void
gst_activity_map_class_init (GstActivityMapClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstNeuroRendererClass *r_class = GST_NEURO_RENDERER_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gobject_class->finalize = gst_activity_map_finalize;
  gobject_class->set_property = gst_activity_map_set_property;
  gobject_class->get_property = gst_activity_map_get_property;

  g_object_class_install_property (gobject_class, PROP_VIEW,
      g_param_spec_enum ("view", "View",
          "Draw the frame as an image (imshow) or the histogram of its values; "
          "properties of one view only say so (\"Image view:\", \"Histogram "
          "view:\")",
          GST_TYPE_ACTIVITY_MAP_VIEW, DEFAULT_VIEW, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Image view: colormap (matplotlib's tables and names, e.g. viridis, "
          "RdBu_r)",
          NEURO_TYPE_COLORMAP, DEFAULT_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_SCALE,
      g_param_spec_enum ("scale", "Scale",
          "Image view: how the colour limits are chosen",
          GST_TYPE_ACTIVITY_MAP_SCALE,
          DEFAULT_SCALE, rw));
  g_object_class_install_property (gobject_class, PROP_VMIN,
      g_param_spec_double ("vmin", "Minimum value",
          "Image view: value at the first colour with scale=fixed",
          -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMIN, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_VMAX,
      g_param_spec_double ("vmax", "Maximum value",
          "Image view: value at the last colour with scale=fixed",
          -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_LOG,
      g_param_spec_boolean ("log", "Log scale",
          "Image view: logarithmic colour scale (matplotlib's LogNorm); values "
          "<= 0 are "
          "drawn in bad-color, automatic limits use the positive values",
          DEFAULT_LOG, rw));
  g_object_class_install_property (gobject_class, PROP_BAD_COLOR,
      neuro_param_spec_color ("bad-color", "Bad color",
          "Image view: colour of NaN cells; the default #00000000 is "
          "transparent: the background shows through ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_BAD_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_INTERPOLATION,
      g_param_spec_enum ("interpolation", "Interpolation",
          "Image view: how cells are resampled to pixels",
          GST_TYPE_ACTIVITY_MAP_INTERPOLATION, DEFAULT_INTERPOLATION, rw));
  g_object_class_install_property (gobject_class, PROP_ASPECT,
      g_param_spec_enum ("aspect", "Aspect",
          "Image view: keep square cells or fill the plot area",
          GST_TYPE_ACTIVITY_MAP_ASPECT, DEFAULT_ASPECT, rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR,
      g_param_spec_boolean ("colorbar", "Colorbar",
          "Image view: draw a colorbar with ticks right of the image",
          DEFAULT_COLORBAR,
          rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR_LABEL,
      g_param_spec_string ("colorbar-label", "Colorbar label",
          "Image view: label of the colorbar (e.g. \"Weight\"); NULL or empty: "
          "none",
          NULL, rw));
  g_object_class_install_property (gobject_class, PROP_X_LABEL,
      g_param_spec_string ("x-label", "X label",
          "Both views: label of the x axis (columns), e.g. \"Post-synaptic\"; "
          "NULL or empty: none (histogram view: \"Value\")", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_Y_LABEL,
      g_param_spec_string ("y-label", "Y label",
          "Both views: label of the y axis (rows), e.g. \"Pre-synaptic\"; NULL "
          "or empty: none (histogram view: \"Count\")", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_GRID_LINES,
      g_param_spec_boolean ("grid-lines", "Grid lines",
          "Image view: draw 1-pixel lines between cells (when cells are at "
          "least 4 "
          "pixels wide)", DEFAULT_GRID_LINES, rw));
  g_object_class_install_property (gobject_class, PROP_GRID_COLOR,
      neuro_param_spec_color ("grid-color", "Grid color",
          "Image view: colour of the grid lines  ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_GRID_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_SHOW_VALUES,
      g_param_spec_boolean ("show-values", "Show values",
          "Image view: print each cell's value (\"%.2f\") in black or white, "
          "whichever "
          "reads better on the cell's colour; skipped when cells are too "
          "small for text", DEFAULT_SHOW_VALUES, rw));
  g_object_class_install_property (gobject_class, PROP_BINS,
      g_param_spec_int ("bins", "Bins",
          "Histogram view: number of equal-width bins", 1, 10000,
          DEFAULT_BINS, rw));
  g_object_class_install_property (gobject_class, PROP_RANGE_MIN,
      g_param_spec_double ("range-min", "Range minimum",
          "Histogram view: left edge of the bins; range-min >= range-max uses "
          "each "
          "frame's minimum and maximum (numpy.histogram's default)",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_RANGE_MIN, rw));
  g_object_class_install_property (gobject_class, PROP_RANGE_MAX,
      g_param_spec_double ("range-max", "Range maximum",
          "Histogram view: right edge of the bins (see range-min)",
          -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_RANGE_MAX, rw));
  g_object_class_install_property (gobject_class, PROP_COUNT_MAX,
      g_param_spec_double ("count-max", "Count maximum",
          "Histogram view: top of the count axis; 0 scales to each frame", 0.0,
          G_MAXDOUBLE, DEFAULT_COUNT_MAX, rw));
  g_object_class_install_property (gobject_class, PROP_BAR_COLOR,
      neuro_param_spec_color ("bar-color", "Bar color",
          "Histogram view: colour of the bars  ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_BAR_COLOR, rw));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Activity map",
      "Visualization/Video", "Draws 2D frames (activity grids, connectivity "
      "matrices) as a heatmap with a colorbar, or their value histogram",
      "gst-neuroviz developers");

  r_class->set_sink_caps = GST_DEBUG_FUNCPTR (gst_activity_map_set_sink_caps);
  r_class->consume = GST_DEBUG_FUNCPTR (gst_activity_map_consume);
  r_class->render = GST_DEBUG_FUNCPTR (gst_activity_map_render);
  r_class->retains = TRUE;
  r_class->reset = GST_DEBUG_FUNCPTR (gst_activity_map_reset);

  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_VIEW, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_SCALE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_INTERPOLATION, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_ASPECT, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
gst_activity_map_init (GstActivityMap * self)
{
  Settings *p = &self->props;

  p->view = DEFAULT_VIEW;
  p->colormap = DEFAULT_COLORMAP;
  p->scale = DEFAULT_SCALE;
  p->vmin = DEFAULT_VMIN;
  p->vmax = DEFAULT_VMAX;
  p->log = DEFAULT_LOG;
  p->bad_color = DEFAULT_BAD_COLOR;
  p->interpolation = DEFAULT_INTERPOLATION;
  p->aspect = DEFAULT_ASPECT;
  p->colorbar = DEFAULT_COLORBAR;
  p->grid_lines = DEFAULT_GRID_LINES;
  p->grid_color = DEFAULT_GRID_COLOR;
  p->show_values = DEFAULT_SHOW_VALUES;
  p->bins = DEFAULT_BINS;
  p->range_min = DEFAULT_RANGE_MIN;
  p->range_max = DEFAULT_RANGE_MAX;
  p->count_max = DEFAULT_COUNT_MAX;
  p->bar_color = DEFAULT_BAR_COLOR;
  map_store_reset (&self->store);

  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

static void
gst_activity_map_finalize (GObject * object)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (object);
  guint i;

  g_free (self->props.colorbar_label);
  g_free (self->props.x_label);
  g_free (self->props.y_label);
  gst_buffer_replace (&self->cur, NULL);
  for (i = 0; i < G_N_ELEMENTS (views); i++)
    if (self->view_state[i])
      views[i]->destroy (self->view_state[i]);
  G_OBJECT_CLASS (gst_activity_map_parent_class)->finalize (object);
}

static void
gst_activity_map_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (object);
  NeuroPropNote note = NEURO_PROP_NOTE_INIT;
  Settings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_VIEW:
      p->view = g_value_get_enum (value);
      break;
    case PROP_COLORMAP:
      p->colormap = g_value_get_enum (value);
      break;
    case PROP_SCALE:
      p->scale = g_value_get_enum (value);
      break;
    case PROP_VMIN:
      p->vmin = g_value_get_double (value);
      break;
    case PROP_VMAX:
      p->vmax = g_value_get_double (value);
      break;
    case PROP_LOG:
      p->log = g_value_get_boolean (value);
      break;
    case PROP_BAD_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->bad_color);
      break;
    case PROP_INTERPOLATION:
      p->interpolation = g_value_get_enum (value);
      break;
    case PROP_ASPECT:
      p->aspect = g_value_get_enum (value);
      break;
    case PROP_COLORBAR:
      p->colorbar = g_value_get_boolean (value);
      break;
    case PROP_COLORBAR_LABEL:
      g_free (p->colorbar_label);
      p->colorbar_label = g_value_dup_string (value);
      break;
    case PROP_X_LABEL:
      g_free (p->x_label);
      p->x_label = g_value_dup_string (value);
      break;
    case PROP_Y_LABEL:
      g_free (p->y_label);
      p->y_label = g_value_dup_string (value);
      break;
    case PROP_GRID_LINES:
      p->grid_lines = g_value_get_boolean (value);
      break;
    case PROP_GRID_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->grid_color);
      break;
    case PROP_SHOW_VALUES:
      p->show_values = g_value_get_boolean (value);
      break;
    case PROP_BINS:
      p->bins = g_value_get_int (value);
      break;
    case PROP_RANGE_MIN:
      p->range_min = g_value_get_double (value);
      break;
    case PROP_RANGE_MAX:
      p->range_max = g_value_get_double (value);
      break;
    case PROP_COUNT_MAX:
      p->count_max = g_value_get_double (value);
      break;
    case PROP_BAR_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->bar_color);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  /* a value that does not parse keeps the previous one, and says so */
  neuro_prop_note_report (&note, gst_neuro_renderer_property_parsed,
      GST_NEURO_RENDERER (self), pspec, value);
}

static void
gst_activity_map_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (object);
  Settings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_VIEW:
      g_value_set_enum (value, p->view);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, p->colormap);
      break;
    case PROP_SCALE:
      g_value_set_enum (value, p->scale);
      break;
    case PROP_VMIN:
      g_value_set_double (value, p->vmin);
      break;
    case PROP_VMAX:
      g_value_set_double (value, p->vmax);
      break;
    case PROP_LOG:
      g_value_set_boolean (value, p->log);
      break;
    case PROP_BAD_COLOR:
      neuro_color_property_get (value, p->bad_color);
      break;
    case PROP_INTERPOLATION:
      g_value_set_enum (value, p->interpolation);
      break;
    case PROP_ASPECT:
      g_value_set_enum (value, p->aspect);
      break;
    case PROP_COLORBAR:
      g_value_set_boolean (value, p->colorbar);
      break;
    case PROP_COLORBAR_LABEL:
      g_value_set_string (value, p->colorbar_label);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, p->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, p->y_label);
      break;
    case PROP_GRID_LINES:
      g_value_set_boolean (value, p->grid_lines);
      break;
    case PROP_GRID_COLOR:
      neuro_color_property_get (value, p->grid_color);
      break;
    case PROP_SHOW_VALUES:
      g_value_set_boolean (value, p->show_values);
      break;
    case PROP_BINS:
      g_value_set_int (value, p->bins);
      break;
    case PROP_RANGE_MIN:
      g_value_set_double (value, p->range_min);
      break;
    case PROP_RANGE_MAX:
      g_value_set_double (value, p->range_max);
      break;
    case PROP_COUNT_MAX:
      g_value_set_double (value, p->count_max);
      break;
    case PROP_BAR_COLOR:
      neuro_color_property_get (value, p->bar_color);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
read_settings (GstActivityMap * self, Settings * s)
{
  GST_OBJECT_LOCK (self);
  *s = self->props;
  s->colorbar_label = self->props.colorbar_label && *self->props.colorbar_label
      ? g_strdup (self->props.colorbar_label) : NULL;
  s->x_label = self->props.x_label && *self->props.x_label ?
      g_strdup (self->props.x_label) : NULL;
  s->y_label = self->props.y_label && *self->props.y_label ?
      g_strdup (self->props.y_label) : NULL;
  GST_OBJECT_UNLOCK (self);
}

static void
clear_settings (Settings * s)
{
  g_free (s->colorbar_label);
  g_free (s->x_label);
  g_free (s->y_label);
}

/* ------------------------------------------------------------ streaming */

static gboolean
gst_activity_map_set_sink_caps (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  NeuroInfo all;
  NeuroFrameInfo info;
  gint w = 0, h = 0;
  gsize bytes;

  /* the grid size first, in the grid's words; the rest (format,
   * framerate) as every element checks it */
  if (!gst_structure_get_int (s, "width", &w)
      || !gst_structure_get_int (s, "height", &h)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frame caps have no width and height: activitymap needs the grid "
            "size, e.g. application/x-neuro-frame, format=F32LE, width=50, "
            "height=50"), ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  if (w < 1 || h < 1 || w > NEURO_MAX_DIM || h > NEURO_MAX_DIM
      || !g_size_checked_mul (&bytes, (gsize) w, (gsize) h)
      || !g_size_checked_mul (&bytes, bytes, sizeof (gfloat))) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frame size %dx%d is out of range: width and height must be 1 to "
            "%d (width x height x 4 bytes per frame)", w, h, NEURO_MAX_DIM),
        ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  if (!neuro_element_parse_caps (self, caps, NEURO_KIND_FRAME, &all,
          "frame caps", "activitymap expects application/x-neuro-frame, "
          "format=F32LE, width=W, height=H, framerate=F (0/1: a still)"))
    return FALSE;
  info = all.frame;
  if (info.width != self->store.gw || info.height != self->store.gh) {
    /* the old frame does not fit the new size */
    gst_buffer_replace (&self->cur, NULL);
  }
  self->store.gw = info.width;
  self->store.gh = info.height;
  self->still = info.fps_n == 0;
  return TRUE;
}

static void
gst_activity_map_reset (GstNeuroRenderer * r)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);

  gst_buffer_replace (&self->cur, NULL);
  map_store_reset (&self->store);
}

/* The latest frame: the buffer itself when it is aligned host-order
 * floats, else a copy; its statistics go to the store. */
static GstFlowReturn
gst_activity_map_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);
  gint gw = self->store.gw, gh = self->store.gh;
  GstBuffer *keep;
  GstMapInfo map;
  gsize need;

  if (gw <= 0 || gh <= 0)
    return neuro_element_data_before_caps (self, GST_PAD (pad), "Frame data");
  need = (gsize) gw * gh * sizeof (gfloat);
  if (gst_buffer_get_size (buf) < need) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frame buffer of %" G_GSIZE_FORMAT " bytes is shorter than "
            "width x height x 4 = %d x %d x 4 = %" G_GSIZE_FORMAT " bytes",
            gst_buffer_get_size (buf), gw, gh, need),
        ("a frame is one row-major height x width float32 matrix"));
    return GST_FLOW_ERROR;
  }
  keep = neuro_element_f32_buffer (self, buf, (gsize) gw * gh, "frame");
  if (keep == NULL)
    return GST_FLOW_ERROR;
  if (!neuro_element_map (self, keep, &map, GST_MAP_READ, "frame")) {
    gst_buffer_unref (keep);
    return GST_FLOW_ERROR;
  }
  map_store_add (&self->store, (const gfloat *) map.data);
  gst_buffer_unmap (keep, &map);
  gst_buffer_replace (&self->cur, keep);
  gst_buffer_unref (keep);
  self->cur_pts = GST_BUFFER_PTS (buf);
  self->cur_dur = GST_BUFFER_DURATION (buf);
  return GST_FLOW_OK;
}

/* --------------------------------------------------------------- render */

/* Settings that cannot be drawn: FALSE after posting an error. */
static gboolean
check_settings (GstActivityMap * self, const Settings * s)
{
  if (s->log && s->scale == GST_ACTIVITY_MAP_SCALE_FIXED && (s->vmin <= 0
          || s->vmax <= 0)) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("log=true with scale=fixed needs vmin > 0 and vmax > 0 (got vmin=%g, "
            "vmax=%g)", s->vmin, s->vmax), (NULL));
    return FALSE;
  }
  /* matplotlib's Normalize raises on vmin > vmax (vmin == vmax is widened
   * by map_color_limits) */
  if (s->scale == GST_ACTIVITY_MAP_SCALE_FIXED && s->vmin > s->vmax) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Properties vmin=%g and vmax=%g: vmin must not be above vmax",
            s->vmin, s->vmax), (NULL));
    return FALSE;
  }
  return TRUE;
}

/* The views' settings from the properties; the image's colour limits from
 * the store by the scale property. */
static void
view_settings (GstActivityMap * self, const Settings * s, MapSettings * v)
{
  static const MapLimitRule rules[] = {
    [GST_ACTIVITY_MAP_SCALE_FIXED] = MAP_LIMITS_FIXED,
    [GST_ACTIVITY_MAP_SCALE_FRAME] = MAP_LIMITS_MINMAX,
    [GST_ACTIVITY_MAP_SCALE_STREAM] = MAP_LIMITS_MINMAX,
    [GST_ACTIVITY_MAP_SCALE_SYMMETRIC] = MAP_LIMITS_SYMMETRIC,
    [GST_ACTIVITY_MAP_SCALE_SYMMETRIC_FRAME] = MAP_LIMITS_SYMMETRIC,
  };
  gboolean per_frame = s->scale == GST_ACTIVITY_MAP_SCALE_FRAME ||
      s->scale == GST_ACTIVITY_MAP_SCALE_SYMMETRIC_FRAME;

  v->x_label = s->x_label;
  v->y_label = s->y_label;
  v->image.colormap = s->colormap;
  v->image.log = s->log;
  v->image.have_limits = map_color_limits (per_frame ? &self->store.cur :
      &self->store.stream, rules[s->scale], s->log, s->vmin, s->vmax,
      &v->image.lo, &v->image.hi);
  v->image.bad_color = s->bad_color;
  v->image.bilinear = s->interpolation == GST_ACTIVITY_MAP_INTERP_BILINEAR;
  v->image.equal_aspect = s->aspect == GST_ACTIVITY_MAP_ASPECT_EQUAL;
  v->image.colorbar = s->colorbar;
  v->image.colorbar_label = s->colorbar_label;
  v->image.grid_lines = s->grid_lines;
  v->image.grid_color = s->grid_color;
  v->image.show_values = s->show_values;
  v->hist.bins = s->bins;
  v->hist.range_min = s->range_min;
  v->hist.range_max = s->range_max;
  v->hist.count_max = s->count_max;
  v->hist.bar_color = s->bar_color;
}

/* The title; "{t}" of a still (framerate 0/1, a frame without duration) is
 * the frame's own time, the same at every output rate, else the output
 * frame's. */
static gchar *
format_title (GstActivityMap * self, const GstNeuroFrame * frame,
    const gchar * default_title)
{
  GstNeuroFrame f = *frame;

  if (self->still && self->cur && GST_CLOCK_TIME_IS_VALID (self->cur_pts)
      && !GST_CLOCK_TIME_IS_VALID (self->cur_dur))
    f.t_end = (gint64) self->cur_pts;
  return gst_neuro_renderer_format_title (GST_NEURO_RENDERER (self), &f,
      default_title);
}

/* the background the base class filled the frame with, premultiplied */
static guint32
frame_background (GstNeuroRenderer * r)
{
  const GstVideoInfo *vi = gst_neuro_renderer_get_video_info (r);
  guint32 bg = gst_neuro_renderer_get_background (r);

  if (vi && !GST_VIDEO_INFO_HAS_ALPHA (vi))
    bg |= 0xff000000;
  return neuro_argb_premultiply (bg);
}

static GstFlowReturn
gst_activity_map_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);
  const MapView *view;
  MapSettings vs;
  MapInput in = { NULL, self->store.gw, self->store.gh, self->store.seq,
    &self->store.cur
  };
  MapTarget t = { frame->canvas, frame->cr, frame->text };
  GstMapInfo map;
  Settings s;
  gint rect[4];

  read_settings (self, &s);
  if (!check_settings (self, &s)) {
    clear_settings (&s);
    return GST_FLOW_ERROR;
  }
  view = views[s.view];
  if (self->view_state[s.view] == NULL)
    self->view_state[s.view] = view->create ();
  view_settings (self, &s, &vs);
  if (self->cur && s.view == GST_ACTIVITY_MAP_VIEW_IMAGE
      && !vs.image.have_limits && !self->logged_log_error) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("log=true needs positive colour limits (vmin=%g, vmax=%g); the "
            "image is not drawn", vs.image.lo, vs.image.hi), (NULL));
    self->logged_log_error = TRUE;
  }
  if (self->cur && gst_buffer_map (self->cur, &map, GST_MAP_READ))
    in.data = (const gfloat *) map.data;
  t.title = format_title (self, frame, view->default_title);
  t.show_axes = gst_neuro_renderer_get_show_axes (r);
  t.fg = gst_neuro_renderer_get_foreground (r);
  t.bg = frame_background (r);
  /* the image's rectangle, painted whole, is not cleared before it */
  if (view->covers && view->covers (self->view_state[s.view], &vs, &in, &t,
          rect))
    gst_neuro_renderer_claim_opaque (r, frame, rect[0], rect[1], rect[2],
        rect[3]);
  else
    gst_neuro_renderer_claim_opaque (r, frame, 0, 0, 0, 0);
  /* a view that keeps draws over a picture of its own */
  if (frame->held && view->keeps && !frame->overlay) {
    t.held = frame->held;
    gst_neuro_renderer_use_held (r, frame);
  } else {
    gst_neuro_renderer_clear_frame (r, frame);
  }
  t.stamp = frame->overlay ? NULL : &frame->stamp;
  /* everything drawn directly must be ordered with cairo's drawing */
  cairo_surface_flush (cairo_get_target (frame->cr));
  view->draw (self->view_state[s.view], &vs, &in, &t);
  if (in.data)
    gst_buffer_unmap (self->cur, &map);
  g_free ((gchar *) t.title);
  clear_settings (&s);
  return GST_FLOW_OK;
}
