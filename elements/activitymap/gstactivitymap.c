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
#include "neurotypes.h"
#include "neuroclamp.h"

#include <math.h>
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
#define DEFAULT_TITLE_IMAGE "t = {t}"
#define DEFAULT_TITLE_HISTOGRAM "Value distribution (t = {t})"

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

/* value statistics of one frame (finite values only) */
typedef struct
{
  gdouble min, max;             /* +inf/-inf when no finite value */
  gdouble pos_min, pos_max;     /* over values > 0, for log scales */
  gdouble abs_max;
} FrameStats;

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
  gint gw, gh;                  /* grid size from caps, 0 until known */
  GstBuffer *cur;               /* latest frame */
  FrameStats cur_stats;
  FrameStats stream_stats;
  gboolean logged_log_error;

  /* nearest / bilinear tables, rebuilt when the grid or image size change */
  gint tab_gw, tab_gh, tab_w, tab_h;
  gint *col_cell, *row_cell;    /* nearest: cell of each pixel column/row */
  gint *col_j0, *row_i0;        /* bilinear: left/top neighbour */
  gfloat *col_fx, *row_fy;      /* bilinear: weights of the right/bottom one */
  guint32 *row_colors;          /* one grid row through the colormap */
  gfloat *row_vals;             /* scratch: log values / interpolated row */
  gfloat *hrow[2];              /* bilinear: two grid rows resampled to w */
  gint hrow_of[2];
  gsize scratch_len;

  /* cached decorations (everything drawn outside the image rectangle) */
  gchar *deco_key;
  guint8 *deco;
  gint *deco_spans;             /* per row: two [a, b) column spans */
  gchar *cb_key;
  guint8 *cb_pix;
  gsize deco_size;
  gint deco_stride;

  /* colours of the current frame's cells, mapped lazily row by row and
   * reused while frame and limits stay (a held frame costs no mapping) */
  guint64 frame_seq;            /* bumped for every consumed frame */
  gchar *cgrid_key;
  guint32 *cgrid;
  guint8 *cgrid_valid;          /* per grid row */
  gsize cgrid_cells;

  guint64 *counts;
  gsize counts_len;
};

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
          "Draw the frame as an image or the histogram of its values",
          GST_TYPE_ACTIVITY_MAP_VIEW, DEFAULT_VIEW, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Colormap (matplotlib's tables and names, e.g. viridis, RdBu_r)",
          NEURO_TYPE_COLORMAP, DEFAULT_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_SCALE,
      g_param_spec_enum ("scale", "Scale",
          "How the colour limits are chosen", GST_TYPE_ACTIVITY_MAP_SCALE,
          DEFAULT_SCALE, rw));
  g_object_class_install_property (gobject_class, PROP_VMIN,
      g_param_spec_double ("vmin", "Minimum value",
          "Value at the first colour with scale=fixed", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMIN, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_VMAX,
      g_param_spec_double ("vmax", "Maximum value",
          "Value at the last colour with scale=fixed", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_LOG,
      g_param_spec_boolean ("log", "Log scale",
          "Logarithmic colour scale (matplotlib's LogNorm); values <= 0 are "
          "drawn in bad-color, automatic limits use the positive values",
          DEFAULT_LOG, rw));
  g_object_class_install_property (gobject_class, PROP_BAD_COLOR,
      g_param_spec_uint ("bad-color", "Bad color",
          "Colour of NaN cells as big-endian ARGB (0xAARRGGBB); the default "
          "0 is transparent: the background shows through", 0, G_MAXUINT32,
          DEFAULT_BAD_COLOR, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_INTERPOLATION,
      g_param_spec_enum ("interpolation", "Interpolation",
          "How cells are resampled to pixels",
          GST_TYPE_ACTIVITY_MAP_INTERPOLATION, DEFAULT_INTERPOLATION, rw));
  g_object_class_install_property (gobject_class, PROP_ASPECT,
      g_param_spec_enum ("aspect", "Aspect",
          "Keep square cells or fill the plot area",
          GST_TYPE_ACTIVITY_MAP_ASPECT, DEFAULT_ASPECT, rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR,
      g_param_spec_boolean ("colorbar", "Colorbar",
          "Draw a colorbar with ticks right of the image", DEFAULT_COLORBAR,
          rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR_LABEL,
      g_param_spec_string ("colorbar-label", "Colorbar label",
          "Label of the colorbar (e.g. \"Weight\"); NULL or empty: none",
          NULL, rw));
  g_object_class_install_property (gobject_class, PROP_X_LABEL,
      g_param_spec_string ("x-label", "X label",
          "Label of the x axis (columns), e.g. \"Post-synaptic\"; NULL or "
          "empty: none (histogram view: \"Value\")", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_Y_LABEL,
      g_param_spec_string ("y-label", "Y label",
          "Label of the y axis (rows), e.g. \"Pre-synaptic\"; NULL or empty: "
          "none (histogram view: \"Count\")", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_GRID_LINES,
      g_param_spec_boolean ("grid-lines", "Grid lines",
          "Draw 1-pixel lines between cells (when cells are at least 4 "
          "pixels wide)", DEFAULT_GRID_LINES, rw));
  g_object_class_install_property (gobject_class, PROP_GRID_COLOR,
      g_param_spec_uint ("grid-color", "Grid color",
          "Colour of the grid lines as big-endian ARGB", 0, G_MAXUINT32,
          DEFAULT_GRID_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_SHOW_VALUES,
      g_param_spec_boolean ("show-values", "Show values",
          "Print each cell's value (\"%.2f\") in black or white, whichever "
          "reads better on the cell's colour; skipped when cells are too "
          "small for text", DEFAULT_SHOW_VALUES, rw));
  g_object_class_install_property (gobject_class, PROP_BINS,
      g_param_spec_int ("bins", "Bins",
          "Number of equal-width histogram bins (view=histogram)", 1, 10000,
          DEFAULT_BINS, rw));
  g_object_class_install_property (gobject_class, PROP_RANGE_MIN,
      g_param_spec_double ("range-min", "Range minimum",
          "Left edge of the histogram; range-min >= range-max uses each "
          "frame's minimum and maximum (numpy.histogram's default)",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_RANGE_MIN, rw));
  g_object_class_install_property (gobject_class, PROP_RANGE_MAX,
      g_param_spec_double ("range-max", "Range maximum",
          "Right edge of the histogram (see range-min)", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_RANGE_MAX, rw));
  g_object_class_install_property (gobject_class, PROP_COUNT_MAX,
      g_param_spec_double ("count-max", "Count maximum",
          "Top of the histogram's count axis; 0 scales to each frame", 0.0,
          G_MAXDOUBLE, DEFAULT_COUNT_MAX, rw));
  g_object_class_install_property (gobject_class, PROP_BAR_COLOR,
      g_param_spec_uint ("bar-color", "Bar color",
          "Colour of the histogram bars as big-endian ARGB", 0, G_MAXUINT32,
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
  r_class->reset = GST_DEBUG_FUNCPTR (gst_activity_map_reset);

  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_VIEW, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_SCALE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_INTERPOLATION, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_ACTIVITY_MAP_ASPECT, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
stats_init (FrameStats * s)
{
  s->min = s->pos_min = INFINITY;
  s->max = s->pos_max = -INFINITY;
  s->abs_max = 0;
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
  stats_init (&self->cur_stats);
  stats_init (&self->stream_stats);

  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

static void
free_tables (GstActivityMap * self)
{
  g_clear_pointer (&self->col_cell, g_free);
  g_clear_pointer (&self->row_cell, g_free);
  g_clear_pointer (&self->col_j0, g_free);
  g_clear_pointer (&self->row_i0, g_free);
  g_clear_pointer (&self->col_fx, g_free);
  g_clear_pointer (&self->row_fy, g_free);
  g_clear_pointer (&self->row_colors, g_free);
  g_clear_pointer (&self->row_vals, g_free);
  g_clear_pointer (&self->hrow[0], g_free);
  g_clear_pointer (&self->hrow[1], g_free);
  self->tab_gw = self->tab_gh = self->tab_w = self->tab_h = 0;
}

static void
gst_activity_map_finalize (GObject * object)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (object);

  g_free (self->props.colorbar_label);
  g_free (self->props.x_label);
  g_free (self->props.y_label);
  gst_buffer_replace (&self->cur, NULL);
  free_tables (self);
  g_free (self->deco_key);
  g_free (self->deco);
  g_free (self->deco_spans);
  g_free (self->cb_key);
  g_free (self->cb_pix);
  g_free (self->cgrid_key);
  g_free (self->cgrid);
  g_free (self->cgrid_valid);
  g_free (self->counts);
  G_OBJECT_CLASS (gst_activity_map_parent_class)->finalize (object);
}

static void
gst_activity_map_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (object);
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
      p->bad_color = g_value_get_uint (value);
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
      p->grid_color = g_value_get_uint (value);
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
      p->bar_color = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
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
      g_value_set_uint (value, p->bad_color);
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
      g_value_set_uint (value, p->grid_color);
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
      g_value_set_uint (value, p->bar_color);
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
  const gchar *format = gst_structure_get_string (s, "format");
  NeuroFrameInfo info;
  gint w = 0, h = 0;
  gsize bytes;

  if (format == NULL || strcmp (format, "F32LE") != 0) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Unsupported frame format \"%s\": activitymap expects "
            "application/x-neuro-frame with format=F32LE",
            format ? format : "(none)"), ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
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
  if (!neuro_frame_info_from_caps (&info, caps)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Invalid frame caps (a framerate must be a fraction >= 0/1)"),
        ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  if (info.width != self->gw || info.height != self->gh) {
    /* the old frame does not fit the new size */
    gst_buffer_replace (&self->cur, NULL);
  }
  self->gw = info.width;
  self->gh = info.height;
  return TRUE;
}

static void
gst_activity_map_reset (GstNeuroRenderer * r)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);

  gst_buffer_replace (&self->cur, NULL);
  stats_init (&self->cur_stats);
  stats_init (&self->stream_stats);
}

static void
compute_stats (const gfloat * v, gsize n, FrameStats * st)
{
  gfloat mn = INFINITY, mx = -INFINITY, pmn = INFINITY, pmx = -INFINITY;
  gsize i;

  for (i = 0; i < n; i++) {
    gfloat x = v[i];

    if (!isfinite (x))
      continue;
    if (x < mn)
      mn = x;
    if (x > mx)
      mx = x;
    if (x > 0) {
      if (x < pmn)
        pmn = x;
      if (x > pmx)
        pmx = x;
    }
  }
  st->min = mn;
  st->max = mx;
  st->pos_min = pmn;
  st->pos_max = pmx;
  st->abs_max = isfinite (mn) ? MAX (fabs (mn), fabs (mx)) : 0;
}

static GstFlowReturn
gst_activity_map_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);
  GstMapInfo map;
  gsize need;
  FrameStats *ss = &self->stream_stats;

  if (self->gw <= 0 || self->gh <= 0) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("frame data before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  need = (gsize) self->gw * self->gh * sizeof (gfloat);
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  if (map.size < need) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Frame buffer of %" G_GSIZE_FORMAT " bytes is shorter than "
            "width x height x 4 = %d x %d x 4 = %" G_GSIZE_FORMAT " bytes",
            map.size, self->gw, self->gh, need),
        ("a frame is one row-major height x width float32 matrix"));
    return GST_FLOW_ERROR;
  }
  if (G_BYTE_ORDER == G_BIG_ENDIAN || ((guintptr) map.data & 3)) {
    /* keep an aligned host-endian copy */
    GstBuffer *copy = gst_buffer_new_allocate (NULL, need, NULL);
    GstMapInfo cm;

    gst_buffer_map (copy, &cm, GST_MAP_WRITE);
    memcpy (cm.data, map.data, need);
#if G_BYTE_ORDER == G_BIG_ENDIAN
    {
      gsize i;
      for (i = 0; i < need / 4; i++)
        ((guint32 *) cm.data)[i] = GUINT32_FROM_LE (((guint32 *) cm.data)[i]);
    }
#endif
    compute_stats ((const gfloat *) cm.data, need / 4, &self->cur_stats);
    gst_buffer_unmap (copy, &cm);
    gst_buffer_unmap (buf, &map);
    gst_buffer_replace (&self->cur, copy);
    gst_buffer_unref (copy);
  } else {
    compute_stats ((const gfloat *) map.data, need / 4, &self->cur_stats);
    gst_buffer_unmap (buf, &map);
    gst_buffer_replace (&self->cur, buf);
  }
  self->frame_seq++;
  ss->min = MIN (ss->min, self->cur_stats.min);
  ss->max = MAX (ss->max, self->cur_stats.max);
  ss->pos_min = MIN (ss->pos_min, self->cur_stats.pos_min);
  ss->pos_max = MAX (ss->pos_max, self->cur_stats.pos_max);
  ss->abs_max = MAX (ss->abs_max, self->cur_stats.abs_max);
  return GST_FLOW_OK;
}

/* ------------------------------------------------------------- drawing */

/* Colour limits of the current frame.  For log scales the limits are
 * returned in data units (> 0).  Returns FALSE when a log scale has no
 * usable limits. */
static gboolean
color_limits (GstActivityMap * self, const Settings * s, gdouble * lo,
    gdouble * hi)
{
  const FrameStats *st = (s->scale == GST_ACTIVITY_MAP_SCALE_FRAME ||
      s->scale == GST_ACTIVITY_MAP_SCALE_SYMMETRIC_FRAME) ?
      &self->cur_stats : &self->stream_stats;

  switch (s->scale) {
    case GST_ACTIVITY_MAP_SCALE_FIXED:
      *lo = s->vmin;
      *hi = s->vmax;
      break;
    case GST_ACTIVITY_MAP_SCALE_FRAME:
    case GST_ACTIVITY_MAP_SCALE_STREAM:
      *lo = s->log ? st->pos_min : st->min;
      *hi = s->log ? st->pos_max : st->max;
      if (!isfinite (*lo) || !isfinite (*hi)) {
        /* no finite (positive) value yet */
        *lo = s->log ? 1.0 : 0.0;
        *hi = s->log ? 10.0 : 1.0;
      }
      break;
    default:
      *hi = st->abs_max;
      *lo = -*hi;
      break;
  }
  /* a constant frame or vmin == vmax: as matplotlib's colorbar widens */
  neuro_nonsingular (lo, hi);
  if (s->log)
    return *lo > 0 && *hi > 0 && isfinite (*lo) && isfinite (*hi);
  return TRUE;
}

static void
ensure_scratch (GstActivityMap * self, gint gw, gint w)
{
  gsize n = MAX (gw, w) + 1;

  if (self->scratch_len < n) {
    g_free (self->row_colors);
    g_free (self->row_vals);
    g_free (self->hrow[0]);
    g_free (self->hrow[1]);
    self->row_colors = g_new (guint32, n);
    self->row_vals = g_new (gfloat, n);
    self->hrow[0] = g_new (gfloat, n);
    self->hrow[1] = g_new (gfloat, n);
    self->scratch_len = n;
  }
}

/* Pixel -> cell tables for both interpolations, once per size change. */
static void
ensure_tables (GstActivityMap * self, gint gw, gint gh, gint w, gint h)
{
  gint c;

  if (self->tab_gw == gw && self->tab_gh == gh && self->tab_w == w
      && self->tab_h == h)
    return;
  g_free (self->col_cell);
  g_free (self->row_cell);
  g_free (self->col_j0);
  g_free (self->row_i0);
  g_free (self->col_fx);
  g_free (self->row_fy);
  self->col_cell = g_new (gint, w);
  self->row_cell = g_new (gint, h);
  self->col_j0 = g_new (gint, w);
  self->row_i0 = g_new (gint, h);
  self->col_fx = g_new (gfloat, w);
  self->row_fy = g_new (gfloat, h);
  /* the last cell j with floor (j·w/W) <= c */
  for (c = 0; c < w; c++)
    self->col_cell[c] = (gint) ((((guint64) c + 1) * gw - 1) / w);
  for (c = 0; c < h; c++)
    self->row_cell[c] = (gint) ((((guint64) c + 1) * gh - 1) / h);
  for (c = 0; c < w; c++) {
    gdouble u = ((c + 0.5) * gw) / w - 0.5;
    gint j0;

    u = CLAMP (u, 0.0, gw - 1.0);
    j0 = MIN ((gint) floor (u), MAX (gw - 2, 0));
    self->col_j0[c] = j0;
    self->col_fx[c] = (gfloat) (u - j0);
  }
  for (c = 0; c < h; c++) {
    gdouble u = ((c + 0.5) * gh) / h - 0.5;
    gint i0;

    u = CLAMP (u, 0.0, gh - 1.0);
    i0 = MIN ((gint) floor (u), MAX (gh - 2, 0));
    self->row_i0[c] = i0;
    self->row_fy[c] = (gfloat) (u - i0);
  }
  self->tab_gw = gw;
  self->tab_gh = gh;
  self->tab_w = w;
  self->tab_h = h;
}

static inline gfloat
lerp_nan (gfloat a, gfloat b, gfloat f)
{
  /* a zero weight must not let a NaN neighbour through */
  if (f == 0.0f)
    return a;
  if (f == 1.0f)
    return b;
  return a + f * (b - a);
}

/* values -> log10 (values), non-positive -> NaN (LogNorm masks them) */
static const gfloat *
log_row (const gfloat * in, gint n, gfloat * out)
{
  gint k;

  for (k = 0; k < n; k++)
    out[k] = in[k] > 0 ? (gfloat) log10 ((gdouble) in[k]) : NAN;
  return out;
}

typedef struct
{
  gint x0, y0, w, h;            /* image rectangle */
  gdouble fs;
  gboolean show_axes;
  /* colorbar rectangle, and the width kept for it and its labels */
  gdouble cb_x, cb_w, cb_reserve;
} Layout;

static void
draw_image (GstActivityMap * self, const Settings * s, NeuroCanvas * cv,
    const Layout * L, const gfloat * data, gdouble nlo, gdouble nhi,
    guint32 bad)
{
  gint gw = self->gw, gh = self->gh, w = L->w, h = L->h, y, x;
  NeuroColormap cm = s->colormap;

  ensure_tables (self, gw, gh, w, h);
  ensure_scratch (self, gw, w);

  if (s->interpolation == GST_ACTIVITY_MAP_INTERP_NEAREST) {
    gint last_cell = -1;
    guint32 *cgrid = NULL;
    gsize cells = (gsize) gw * gh;

    /* up to 4 M cells (16 MB of colours) */
    if (cells <= ((gsize) 1 << 22)) {
      gchar *key = g_strdup_printf ("%" G_GUINT64_FORMAT "|%.17g|%.17g|%d|"
          "%08x|%d|%dx%d", self->frame_seq, nlo, nhi, cm, bad, s->log, gw,
          gh);

      if (self->cgrid_cells != cells) {
        g_free (self->cgrid);
        g_free (self->cgrid_valid);
        self->cgrid = g_new (guint32, cells);
        self->cgrid_valid = g_new (guint8, NEURO_MAX_DIM);
        self->cgrid_cells = cells;
        g_clear_pointer (&self->cgrid_key, g_free);
      }
      if (self->cgrid_key == NULL || strcmp (key, self->cgrid_key) != 0) {
        memset (self->cgrid_valid, 0, NEURO_MAX_DIM);
        g_free (self->cgrid_key);
        self->cgrid_key = key;
      } else {
        g_free (key);
      }
      cgrid = self->cgrid;
    }
    guint32 *prev = NULL;
    const gint *cc = self->col_cell;

    for (y = 0; y < h; y++) {
      guint32 *dst = neuro_canvas_row (cv, L->y0 + y) + L->x0;
      gint i = self->row_cell[y];

      if (i == last_cell) {
        memcpy (dst, prev, (gsize) w * 4);
      } else {
        const gfloat *src = data + (gsize) i * gw;
        guint32 *rc = self->row_colors;

        if (cgrid) {
          rc = cgrid + (gsize) i * gw;
          if (!self->cgrid_valid[i]) {
            if (s->log)
              src = log_row (src, gw, self->row_vals);
            neuro_colormap_map_row (cm, src, gw, nlo, nhi, bad, rc);
            self->cgrid_valid[i] = 1;
          }
        } else {
          if (s->log)
            src = log_row (src, gw, self->row_vals);
          neuro_colormap_map_row (cm, src, gw, nlo, nhi, bad, rc);
        }
        if (w == gw) {
          memcpy (dst, rc, (gsize) w * 4);
        } else {
          for (x = 0; x < w; x++)
            dst[x] = rc[cc[x]];
        }
        last_cell = i;
      }
      prev = dst;
    }
  } else {
    const gint *j0 = self->col_j0;
    const gfloat *fx = self->col_fx;
    gint j1off = gw > 1 ? 1 : 0;

    self->hrow_of[0] = self->hrow_of[1] = -1;
    for (y = 0; y < h; y++) {
      guint32 *dst = neuro_canvas_row (cv, L->y0 + y) + L->x0;
      gint i0 = self->row_i0[y], i1 = MIN (i0 + 1, gh - 1), k;
      gfloat fy = self->row_fy[y];
      const gfloat *r[2];
      gfloat *out = self->row_vals;

      /* horizontally resampled grid rows i0 and i1, kept while reused */
      for (k = 0; k < 2; k++) {
        gint gi = k == 0 ? i0 : i1, slot;

        if (self->hrow_of[0] == gi) {
          slot = 0;
        } else if (self->hrow_of[1] == gi) {
          slot = 1;
        } else {
          const gfloat *src = data + (gsize) gi * gw;
          gfloat *hr;

          /* never evict the row the other neighbour needs */
          if (k == 0)
            slot = self->hrow_of[0] == i1 ? 1 : 0;
          else
            slot = r[0] == self->hrow[0] ? 1 : 0;
          hr = self->hrow[slot];
          for (x = 0; x < w; x++)
            hr[x] = lerp_nan (src[j0[x]], src[j0[x] + j1off], fx[x]);
          self->hrow_of[slot] = gi;
        }
        r[k] = self->hrow[slot];
      }
      for (x = 0; x < w; x++)
        out[x] = lerp_nan (r[0][x], r[1][x], fy);
      if (s->log)
        log_row (out, w, out);
      neuro_colormap_map_row (cm, out, w, nlo, nhi, bad, dst);
    }
  }
}

/* the spines exactly as neuro_axes_draw draws them, on top of the image */
static void
draw_spines (cairo_t * cr, const NeuroAxes * a, gdouble fs, guint32 fg)
{
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble x0 = floor (a->x0) + 0.5, y0 = floor (a->y0) + 0.5;
  gdouble x1 = floor (a->x0 + a->w) - 0.5, y1 = floor (a->y0 + a->h) - 0.5;

  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Cell-index ticks: integers with steps 1, 2, 5, 10, 20 ... (a cell has
 * no index 2.5), at most @max_ticks of them. */
static gint
int_ticks (gint n_cells, gint max_ticks, gdouble * ticks, gint max_out)
{
  gint64 step = 1, mag = 1;
  gint n = 0;
  gint64 k;

  for (;;) {
    if ((n_cells + step - 1) / step <= max_ticks)
      break;
    if (step == mag)
      step = 2 * mag;
    else if (step == 2 * mag)
      step = 5 * mag;
    else
      step = mag = 10 * mag;
  }
  for (k = 0; k < n_cells && n < max_out; k += step)
    ticks[n++] = (gdouble) k;
  return n;
}

/* x ticks under the image, placed as neuro_axes_draw places its own */
static void
draw_x_int_ticks (cairo_t * cr, NeuroText * t, const NeuroAxes * a,
    gint n_cells, gdouble fs, guint32 fg)
{
  gdouble ticks[32];
  gdouble tick_len = MAX (3.0, fs * 0.35);
  gdouble lw = MAX (1.0, round (fs / 14.0));
  gdouble y1 = floor (a->y0 + a->h) - 0.5;
  gint i, n;
  gchar buf[32];

  n = int_ticks (n_cells, CLAMP ((gint) (a->w / (fs * 6)), 2, 10), ticks,
      G_N_ELEMENTS (ticks));
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_NONE);
  cairo_set_line_width (cr, lw);
  neuro_cairo_set_source_argb (cr, fg, 1.0);
  for (i = 0; i < n; i++) {
    gdouble x = floor (neuro_axes_x (a, ticks[i])) + 0.5;

    cairo_move_to (cr, x, y1);
    cairo_line_to (cr, x, y1 + tick_len);
    cairo_stroke (cr);
    g_snprintf (buf, sizeof (buf), "%d", (gint) ticks[i]);
    neuro_text_draw (t, cr, buf, x, y1 + tick_len + fs * 0.2, fs, FALSE, fg,
        NEURO_ALIGN_CENTER, NEURO_ALIGN_START, FALSE);
  }
  cairo_restore (cr);
}

static void
draw_grid_lines (GstActivityMap * self, const Settings * s, NeuroCanvas * cv,
    const Layout * L)
{
  gint j;

  if (L->w < 4 * self->gw || L->h < 4 * self->gh)
    return;
  for (j = 1; j < self->gw; j++) {
    gint x = L->x0 + (gint) ((gint64) j * L->w / self->gw);
    neuro_canvas_fill_rect (cv, x, L->y0, x + 1, L->y0 + L->h, s->grid_color);
  }
  for (j = 1; j < self->gh; j++) {
    gint y = L->y0 + (gint) ((gint64) j * L->h / self->gh);
    neuro_canvas_fill_rect (cv, L->x0, y, L->x0 + L->w, y + 1, s->grid_color);
  }
}

static void
draw_values (GstActivityMap * self, const Settings * s, GstNeuroFrame * frame,
    const Layout * L, const gfloat * data)
{
  gdouble cw = L->w / (gdouble) self->gw, ch = L->h / (gdouble) self->gh;
  gdouble size = MIN (L->fs, ch * 0.45), tw;
  gint i, j;
  gchar buf[32];

  if (self->gw > 64 || self->gh > 64)
    return;
  neuro_text_extent (frame->text, "-0.00", size, FALSE, &tw, NULL);
  if (tw > cw * 0.92)
    size *= cw * 0.92 / tw;
  if (size < 6.0)
    return;
  for (i = 0; i < self->gh; i++) {
    gint ya = L->y0 + (gint) ((gint64) i * L->h / self->gh);
    gint yb = L->y0 + (gint) ((gint64) (i + 1) * L->h / self->gh);

    for (j = 0; j < self->gw; j++) {
      gint xa = L->x0 + (gint) ((gint64) j * L->w / self->gw);
      gint xb = L->x0 + (gint) ((gint64) (j + 1) * L->w / self->gw);
      gfloat v = data[(gsize) i * self->gw + j];
      guint32 px = neuro_canvas_row (frame->canvas, (ya + yb) / 2)[(xa +
              xb) / 2];
      gdouble lum;

      if (isnan (v))
        continue;
      /* the cell's colour under the text, premultiplied but opaque here */
      lum = 0.299 * ((px >> 16) & 0xff) + 0.587 * ((px >> 8) & 0xff) +
          0.114 * (px & 0xff);
      g_snprintf (buf, sizeof (buf), "%.2f", v);
      if (strcmp (buf, "-0.00") == 0)
        strcpy (buf, "0.00");
      neuro_text_draw (frame->text, frame->cr, buf, (xa + xb) / 2.0,
          (ya + yb) / 2.0, size, FALSE, lum > 127.5 ? 0xff000000 : 0xffffffff,
          NEURO_ALIGN_CENTER, NEURO_ALIGN_CENTER, FALSE);
    }
  }
}

/* Spans of non-background pixels in [x0, x1) of a row, or an empty span. */
static void
row_span (const guint32 * row, gint x0, gint x1, guint32 bg, gint * a,
    gint * b)
{
  gint l = x0, r = x1;

  while (l < r && row[l] == bg)
    l++;
  while (r > l && row[r - 1] == bg)
    r--;
  *a = l;
  *b = r;
}

/* Stores what was drawn outside the image rectangle: per row, the spans
 * left and right of the image that are not plain background (the canvas
 * is already background when the cache is copied back, so only these
 * spans are restored; most of the frame is never copied). */
static void
deco_store (GstActivityMap * self, NeuroCanvas * cv, const Layout * L,
    guint32 bg)
{
  gint y;

  for (y = 0; y < cv->height; y++) {
    const guint32 *c = neuro_canvas_row (cv, y);
    gint *sp = self->deco_spans + 4 * y;

    if (y < L->y0 || y >= L->y0 + L->h) {
      row_span (c, 0, cv->width, bg, &sp[0], &sp[1]);
      sp[2] = sp[3] = 0;
    } else {
      row_span (c, 0, L->x0, bg, &sp[0], &sp[1]);
      row_span (c, L->x0 + L->w, cv->width, bg, &sp[2], &sp[3]);
    }
    if (sp[1] > sp[0])
      memcpy (self->deco + (gsize) y * self->deco_stride + sp[0] * 4,
          c + sp[0], (gsize) (sp[1] - sp[0]) * 4);
    if (sp[3] > sp[2])
      memcpy (self->deco + (gsize) y * self->deco_stride + sp[2] * 4,
          c + sp[2], (gsize) (sp[3] - sp[2]) * 4);
  }
}

static void
deco_restore (GstActivityMap * self, NeuroCanvas * cv)
{
  gint y, k;

  for (y = 0; y < cv->height; y++) {
    guint32 *c = neuro_canvas_row (cv, y);
    const guint32 *d = (const guint32 *) (self->deco +
        (gsize) y * self->deco_stride);
    const gint *sp = self->deco_spans + 4 * y;

    for (k = 0; k < 4; k += 2)
      if (sp[k + 1] > sp[k])
        memcpy (c + sp[k], d + sp[k], (gsize) (sp[k + 1] - sp[k]) * 4);
  }
}

static void
compute_layout (GstActivityMap * self, const Settings * s,
    GstNeuroFrame * frame, gboolean has_title, Layout * L, NeuroMargins * m)
{
  NeuroCanvas *cv = frame->canvas;
  gdouble fs = neuro_text_size_for_height (cv->height);
  gdouble ah, aw, reserve = 0, th, tlw, left, right;
  gint gw = MAX (self->gw, 1), gh = MAX (self->gh, 1);

  L->fs = fs;
  L->show_axes = gst_neuro_renderer_get_show_axes (GST_NEURO_RENDERER (self));
  if (L->show_axes) {
    *m = neuro_axes_default_margins (frame->text, cv->width, cv->height,
        has_title, s->x_label != NULL, s->y_label != NULL);
  } else {
    m->left = m->right = m->bottom = 0;
    m->top = has_title ? fs * 2.2 : 0;
  }
  ah = MAX (1.0, cv->height - m->top - m->bottom);
  L->cb_w = 0;
  if (s->colorbar) {
    neuro_text_extent (frame->text, "-0.000", fs, FALSE, &tlw, &th);
    /* matplotlib: colorbar as tall as the image, aspect 20, pad 0.05 */
    L->cb_w = MAX (6.0, round (ah * 0.05));
    reserve = round (fs * 1.2) + L->cb_w + MAX (3.0, fs * 0.35) + fs * 0.3 +
        tlw + (s->colorbar_label ? th * 1.5 : 0) + fs * 0.5;
  }
  left = m->left;
  right = cv->width - m->right - reserve;
  aw = MAX (1.0, right - left);
  if (s->aspect == GST_ACTIVITY_MAP_ASPECT_EQUAL) {
    gdouble sc = MIN (aw / gw, ah / gh);

    L->w = MAX (1, (gint) floor (gw * sc + 1e-6));
    L->h = MAX (1, (gint) floor (gh * sc + 1e-6));
  } else {
    L->w = MAX (1, (gint) floor (aw));
    L->h = MAX (1, (gint) floor (ah));
  }
  /* image and colorbar centred together (aw excludes the colorbar) */
  L->x0 = (gint) round (left + (aw - L->w) / 2);
  L->y0 = (gint) round (m->top + (ah - L->h) / 2);
  L->x0 = CLAMP (L->x0, 0, MAX (0, cv->width - 1));
  L->y0 = CLAMP (L->y0, 0, MAX (0, cv->height - 1));
  L->w = MIN (L->w, cv->width - L->x0);
  L->h = MIN (L->h, cv->height - L->y0);
  L->cb_x = L->x0 + L->w + round (fs * 1.2);
  L->cb_reserve = reserve - round (fs * 1.2);
}

static void
image_axes (GstActivityMap * self, const Layout * L, NeuroAxes * ax)
{
  ax->x0 = L->x0;
  ax->y0 = L->y0;
  ax->w = L->w;
  ax->h = L->h;
  /* imshow's extent: cell centres at integer indices, row 0 on top */
  ax->xmin = -0.5;
  ax->xmax = self->gw - 0.5;
  ax->ymin = -0.5;
  ax->ymax = self->gh - 0.5;
  ax->y_inverted = TRUE;
}

static void
render_image (GstActivityMap * self, const Settings * s,
    GstNeuroFrame * frame, const gchar * title)
{
  GstNeuroRenderer *r = GST_NEURO_RENDERER (self);
  NeuroCanvas *cv = frame->canvas;
  Layout L;
  NeuroMargins m;
  NeuroAxes ax;
  gdouble lo, hi, nlo, nhi;
  guint32 fg = gst_neuro_renderer_get_foreground (r);
  guint32 bg, bad;
  gchar *key;
  gboolean have_limits;
  GstMapInfo map;
  const GstVideoInfo *vi = gst_neuro_renderer_get_video_info (r);

  /* the background the base class filled the frame with */
  bg = gst_neuro_renderer_get_background (r);
  if (vi && !GST_VIDEO_INFO_HAS_ALPHA (vi))
    bg |= 0xff000000;
  bg = neuro_argb_premultiply (bg);

  compute_layout (self, s, frame, title != NULL, &L, &m);
  image_axes (self, &L, &ax);
  have_limits = color_limits (self, s, &lo, &hi);
  nlo = s->log && have_limits ? log10 (lo) : lo;
  nhi = s->log && have_limits ? log10 (hi) : hi;

  /* axes decorations: drawn once per change of anything they show */
  key = g_strdup_printf ("%dx%d/%d|%d,%d,%d,%d|%d,%d|%d,%d|%08x,%08x|%s|%s|"
      "%.3f", cv->width, cv->height, cv->stride, L.x0, L.y0, L.w, L.h,
      self->gw, self->gh, s->colorbar, L.show_axes, fg, bg,
      s->x_label ? s->x_label : "", s->y_label ? s->y_label : "", L.fs);
  if (self->deco_key && strcmp (key, self->deco_key) == 0) {
    deco_restore (self, cv);
    g_free (key);
  } else {
    gsize size = (gsize) cv->width * 4 * cv->height;

    if (L.show_axes) {
      NeuroAxesStyle style;
      gdouble yt[32];

      neuro_axes_style_init (&style, L.fs, fg);
      style.xlabel = s->x_label;
      style.ylabel = s->y_label;
      style.xticks = FALSE;
      style.ytick_values = yt;
      style.n_yticks = int_ticks (self->gh, CLAMP ((gint) (L.h / (L.fs * 3)),
              2, 10), yt, G_N_ELEMENTS (yt));
      neuro_axes_draw (&ax, frame->cr, frame->text, &style);
      draw_x_int_ticks (frame->cr, frame->text, &ax, self->gw, L.fs, fg);
    }
    cairo_surface_flush (cairo_get_target (frame->cr));
    if (self->deco_size < size) {
      g_free (self->deco);
      self->deco = g_malloc (size);
      self->deco_size = size;
    }
    self->deco_stride = cv->width * 4;
    g_free (self->deco_spans);
    self->deco_spans = g_new (gint, 4 * cv->height);
    deco_store (self, cv, &L, bg);
    g_free (self->deco_key);
    self->deco_key = key;
  }

  /* the colorbar: its own small cached rectangle, redrawn only when the
   * limits (or its look) change */
  if (s->colorbar && have_limits) {
    gint cx0 = CLAMP ((gint) floor (L.cb_x) - 1, 0, cv->width);
    gint cx1 = CLAMP ((gint) ceil (L.cb_x + L.cb_reserve), 0, cv->width);
    gint cy0 = CLAMP ((gint) floor (L.y0 - L.fs), 0, cv->height);
    gint cy1 = CLAMP ((gint) ceil (L.y0 + L.h + L.fs), 0, cv->height);
    gint y;

    key = g_strdup_printf ("%d,%d,%d,%d|%d,%d|%.17g,%.17g|%d|%08x,%08x|%s|%d|"
        "%.3f", cx0, cx1, cy0, cy1, L.y0, L.h, nlo, nhi, s->colormap, fg, bg,
        s->colorbar_label ? s->colorbar_label : "", s->log, L.fs);
    if (cx1 > cx0 && cy1 > cy0) {
      gsize rowb = (gsize) (cx1 - cx0) * 4;

      if (self->cb_key && strcmp (key, self->cb_key) == 0) {
        for (y = cy0; y < cy1; y++)
          memcpy (neuro_canvas_row (cv, y) + cx0, self->cb_pix +
              (gsize) (y - cy0) * rowb, rowb);
        g_free (key);
      } else {
        cairo_surface_mark_dirty (cairo_get_target (frame->cr));
        if (s->log)
          neuro_colorbar_draw_log (frame->cr, frame->text,
              neuro_colormap_lut (s->colormap), L.cb_x, L.y0, L.cb_w, L.h,
              lo, hi, s->colorbar_label, L.fs, fg);
        else
          neuro_colorbar_draw (frame->cr, frame->text,
              neuro_colormap_lut (s->colormap), L.cb_x, L.y0, L.cb_w, L.h,
              nlo, nhi, s->colorbar_label, L.fs, fg);
        cairo_surface_flush (cairo_get_target (frame->cr));
        g_free (self->cb_pix);
        self->cb_pix = g_malloc (rowb * (cy1 - cy0));
        for (y = cy0; y < cy1; y++)
          memcpy (self->cb_pix + (gsize) (y - cy0) * rowb,
              neuro_canvas_row (cv, y) + cx0, rowb);
        g_free (self->cb_key);
        self->cb_key = key;
      }
    } else {
      g_free (key);
    }
  }

  if (self->cur && have_limits
      && gst_buffer_map (self->cur, &map, GST_MAP_READ)) {
    const gfloat *data = (const gfloat *) map.data;

    /* NaN cells show the background through the bad colour */
    guint32 under = bg;

    bad = neuro_argb_premultiply (s->bad_color);
    neuro_pixel_over (&under, bad);
    bad = under;

    cairo_surface_flush (cairo_get_target (frame->cr));
    draw_image (self, s, cv, &L, data, nlo, nhi, bad);
    if (s->grid_lines)
      draw_grid_lines (self, s, cv, &L);
    cairo_surface_mark_dirty (cairo_get_target (frame->cr));
    if (s->show_values)
      draw_values (self, s, frame, &L, data);
    gst_buffer_unmap (self->cur, &map);
  } else if (self->cur && !have_limits && !self->logged_log_error) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("log=true needs positive colour limits (vmin=%g, vmax=%g); the "
            "image is not drawn", lo, hi), (NULL));
    self->logged_log_error = TRUE;
  }
  if (L.show_axes)
    draw_spines (frame->cr, &ax, L.fs, fg);
  if (title)
    neuro_axes_title (&ax, frame->cr, frame->text, title, L.fs, fg);
}

/* numpy.histogram with equal bins over [lo, hi]: the last bin includes its
 * right edge, values outside and NaN are not counted. */
static void
histogram (const gfloat * v, gsize n, gdouble lo, gdouble hi, gint bins,
    guint64 * counts)
{
  gdouble norm = bins / (hi - lo), step = (hi - lo) / bins;
  /* a range that overflows (±1e308) or is subnormal makes norm 0 or inf
   * (numpy then puts everything in bin 0, or fails on index INT64_MIN):
   * scale halves of the values instead */
  gboolean halves = !(isfinite (norm) && norm > 0 && isfinite (step));
  gsize i;

  memset (counts, 0, sizeof (guint64) * bins);
  for (i = 0; i < n; i++) {
    gdouble x = v[i];
    gint k;

    if (!(x >= lo && x <= hi))
      continue;
    if (halves) {
      k = neuro_clamp_to_int ((x / 2 - lo / 2) / (hi / 2 - lo / 2) * bins,
          0, bins - 1);
      counts[k]++;
      continue;
    }
    k = neuro_clamp_to_int ((x - lo) * norm, 0, bins - 1);
    /* numpy's correction against the edges lo + k * step */
    if (k > 0 && x < lo + k * step)
      k--;
    else if (k < bins - 1 && x >= lo + (k + 1) * step)
      k++;
    counts[k]++;
  }
}

static void
render_histogram (GstActivityMap * self, const Settings * s,
    GstNeuroFrame * frame, const gchar * title)
{
  GstNeuroRenderer *r = GST_NEURO_RENDERER (self);
  NeuroCanvas *cv = frame->canvas;
  guint32 fg = gst_neuro_renderer_get_foreground (r);
  gboolean show_axes = gst_neuro_renderer_get_show_axes (r);
  gdouble fs = neuro_text_size_for_height (cv->height);
  gdouble lo = s->range_min, hi = s->range_max, ymax;
  guint64 maxc = 0;
  NeuroMargins m;
  NeuroAxes ax;
  gint k, bins = s->bins, x0, y0, w, h;
  GstMapInfo map;
  gboolean have = FALSE;

  if (self->counts_len < (gsize) bins) {
    g_free (self->counts);
    self->counts = g_new (guint64, bins);
    self->counts_len = bins;
  }
  if (!(lo < hi)) {
    lo = self->cur_stats.min;
    hi = self->cur_stats.max;
    if (!isfinite (lo)) {
      lo = 0;
      hi = 1;
    } else if (lo == hi) {
      lo -= 0.5;
      hi += 0.5;
    }
  }
  if (self->cur && gst_buffer_map (self->cur, &map, GST_MAP_READ)) {
    histogram ((const gfloat *) map.data, (gsize) self->gw * self->gh, lo, hi,
        bins, self->counts);
    gst_buffer_unmap (self->cur, &map);
    have = TRUE;
    for (k = 0; k < bins; k++)
      maxc = MAX (maxc, self->counts[k]);
  }
  if (s->count_max > 0) {
    ymax = s->count_max;
  } else {
    gdouble ticks[16], step;
    gint nt = neuro_nice_ticks (0, MAX (maxc * 1.05, 1.0), 5, ticks, 16,
        &step);

    ymax = nt > 0 ? ticks[nt - 1] : 1.0;
    if (ymax < maxc * 1.05)
      ymax += step;
  }

  if (show_axes) {
    m = neuro_axes_default_margins (frame->text, cv->width, cv->height,
        title != NULL, TRUE, TRUE);
  } else {
    m.left = m.right = m.bottom = 0;
    m.top = title ? fs * 2.2 : 0;
  }
  x0 = (gint) round (m.left);
  y0 = (gint) round (m.top);
  w = MAX (1, (gint) round (cv->width - m.right) - x0);
  h = MAX (1, (gint) round (cv->height - m.bottom) - y0);
  ax.x0 = x0;
  ax.y0 = y0;
  ax.w = w;
  ax.h = h;
  ax.xmin = lo;
  ax.xmax = hi;
  ax.ymin = 0;
  ax.ymax = ymax;
  ax.y_inverted = FALSE;

  if (have) {
    /* bar k: columns [x0 + floor (k·w/bins), x0 + floor ((k+1)·w/bins)),
     * height round (count·h/ymax) pixels up from the bottom */
    for (k = 0; k < bins; k++) {
      gint xa = x0 + (gint) ((gint64) k * w / bins);
      gint xb = x0 + (gint) ((gint64) (k + 1) * w / bins);
      gdouble bh = round (MIN ((gdouble) self->counts[k], ymax) * h / ymax);

      if (bh > 0)
        neuro_canvas_fill_rect (cv, xa, y0 + h - (gint) bh, xb, y0 + h,
            s->bar_color);
    }
    cairo_surface_mark_dirty (cairo_get_target (frame->cr));
  }
  if (show_axes) {
    NeuroAxesStyle style;

    neuro_axes_style_init (&style, fs, fg);
    style.xlabel = s->x_label ? s->x_label : "Value";
    style.ylabel = s->y_label ? s->y_label : "Count";
    neuro_axes_draw (&ax, frame->cr, frame->text, &style);
  }
  if (title)
    neuro_axes_title (&ax, frame->cr, frame->text, title, fs, fg);
}

static GstFlowReturn
gst_activity_map_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstActivityMap *self = GST_ACTIVITY_MAP (r);
  Settings s;
  gchar *title;

  read_settings (self, &s);
  if (s.log && s.scale == GST_ACTIVITY_MAP_SCALE_FIXED && (s.vmin <= 0
          || s.vmax <= 0)) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("log=true with scale=fixed needs vmin > 0 and vmax > 0 (got vmin=%g, "
            "vmax=%g)", s.vmin, s.vmax), (NULL));
    clear_settings (&s);
    return GST_FLOW_ERROR;
  }
  /* matplotlib's Normalize raises on vmin > vmax (vmin == vmax is widened
   * in color_limits) */
  if (s.scale == GST_ACTIVITY_MAP_SCALE_FIXED && s.vmin > s.vmax) {
    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Properties vmin=%g and vmax=%g: vmin must not be above vmax",
            s.vmin, s.vmax), (NULL));
    clear_settings (&s);
    return GST_FLOW_ERROR;
  }
  title = gst_neuro_renderer_format_title (r, frame,
      s.view == GST_ACTIVITY_MAP_VIEW_HISTOGRAM ? DEFAULT_TITLE_HISTOGRAM :
      DEFAULT_TITLE_IMAGE);
  /* everything drawn directly must be ordered with cairo's drawing */
  cairo_surface_flush (cairo_get_target (frame->cr));
  if (s.view == GST_ACTIVITY_MAP_VIEW_HISTOGRAM)
    render_histogram (self, &s, frame, title);
  else
    render_image (self, &s, frame, title);
  g_free (title);
  clear_settings (&s);
  return GST_FLOW_OK;
}
