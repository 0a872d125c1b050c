/* gst-neuroviz — spikeraster: spike events in, raster movie out
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * This file is the GObject shell: properties, caps, consume and the
 * per-frame dispatch.  rasterstore.[ch] keeps the window (sorted spikes,
 * trim, rate bins), rasterdraw.[ch] lays the figure out and draws it, one
 * kernel per layer. */
/**
 * SECTION:element-spikeraster
 * @title: spikeraster
 *
 * Draws a spike raster: every spike of unit u at time t is a mark at
 * (t, u) in a sliding window of #GstSpikeRaster:window seconds that ends at
 * the frame's time, optionally above a population-rate panel.
 *
 * Geometry (what the tests check): the plot area (inside the axes' frame
 * lines) has an x axis spanning (t_end - window, t_end]; a spike at time t
 * is drawn in pixel column min (floor (x0 + (t - (t_end - window)) /
 * window * w), x0 + w - 1), so the window end is shown.  As in matplotlib's
 * eventplot, the y axis spans first - 0.5 to last + 0.5 bottom to top and
 * unit u is centred at y = u, on its (integer) tick.  When there are more
 * units than pixel rows the raster switches to density mode: each pixel
 * cell counts its spikes, and the count sets the opacity of the units'
 * colour on a fixed square-root scale (density-max).
 *
 * With start-full=true the output starts with a full window, as the
 * tutorial's animation: the frames whose window reaches before the start
 * are not output, and output frame k (PTS k / fps) shows the window
 * (k·Δ, k·Δ + window] of data (Δ: a frame of data).  x-axis=window labels
 * the x axes 0 to window instead of stream time.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=poisson units=1000 ! spikeraster ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=raster.mp4
 * gst-launch-1.0 neurosrc pattern=poisson units=30 ! spikeraster window=2 \
 *     start-full=true x-axis=window rate-title="Population Firing Rate" ! \
 *     videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=poisson units=4000 ! \
 *     spikeraster color-mode=groups groups="0-3199:0xff1f77b4,3200-3999:0xffd62728" ! \
 *     videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstspikeraster.h"
#include "neuroinput.h"
#include "neurotypes.h"
#include "rasterdraw.h"
#include "rasterstore.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_spike_raster_debug);
#define GST_CAT_DEFAULT gst_spike_raster_debug

#define DEFAULT_WINDOW 2.0
#define DEFAULT_MODE GST_SPIKE_RASTER_SCROLL
#define DEFAULT_MARKER GST_SPIKE_RASTER_MARKER_TICK
#define DEFAULT_MARKER_SIZE 0.0
#define DEFAULT_COLOR 0xff000000
#define DEFAULT_COLOR_MODE GST_SPIKE_RASTER_COLOR_SINGLE
#define DEFAULT_COLORMAP NEURO_COLORMAP_VIRIDIS
#define DEFAULT_DENSITY GST_SPIKE_RASTER_DENSITY_AUTO
#define DEFAULT_DENSITY_MAX 40.0
#define DEFAULT_RATE_PANEL TRUE
#define DEFAULT_RATE_BIN 0.02
#define DEFAULT_RATE_SMOOTH 2.0
#define DEFAULT_RATE_MAX 0.0
#define DEFAULT_RATE_COLOR 0xff0000ff
#define DEFAULT_RATE_LINE_WIDTH 1.5
#define DEFAULT_RATE_TITLE NULL
#define DEFAULT_RATE_Y_LABEL "Rate (Hz)"
#define DEFAULT_X_AXIS GST_SPIKE_RASTER_X_STREAM
#define DEFAULT_START_FULL FALSE
#define DEFAULT_TITLE "Spike raster (t = {t})"
/* no single frame may hold more than this many spikes (about 1.6 GB) */
#define MAX_STORED_SPIKES (100 * 1000 * 1000)

enum
{
  PROP_0,
  PROP_WINDOW,
  PROP_MODE,
  PROP_MARKER,
  PROP_MARKER_SIZE,
  PROP_COLOR,
  PROP_COLOR_MODE,
  PROP_GROUPS,
  PROP_COLORMAP,
  PROP_UNIT_RANGE,
  PROP_DENSITY,
  PROP_DENSITY_MAX,
  PROP_RATE_PANEL,
  PROP_RATE_BIN,
  PROP_RATE_SMOOTH,
  PROP_RATE_MAX,
  PROP_RATE_COLOR,
  PROP_RATE_FILL_COLOR,
  PROP_RATE_LINE_WIDTH,
  PROP_RATE_TITLE,
  PROP_RATE_Y_LABEL,
  PROP_X_AXIS,
  PROP_START_FULL,
};

struct _GstSpikeRaster
{
  GstNeuroRenderer parent;

  /* properties (object lock) */
  gdouble window;
  GstSpikeRasterMode mode;
  GstSpikeRasterMarker marker;
  gdouble marker_size;
  guint32 color;
  GstSpikeRasterColorMode color_mode;
  gchar *groups_str;
  GArray *groups;               /* NeuroColorGroup */
  NeuroColormap colormap;
  gchar *unit_range_str;
  gint64 range_first, range_last;       /* -1: whole stream */
  gboolean warned_range;        /* unit-range beyond the stream, told */
  GstSpikeRasterDensity density;
  gdouble density_max;
  gboolean rate_panel;
  gdouble rate_bin;
  gdouble rate_smooth;
  gdouble rate_max;
  guint32 rate_color;
  gboolean rate_fill_set;       /* else the line's colour at 30 % */
  guint32 rate_fill;
  gdouble rate_line_width;      /* points */
  gchar *rate_title;
  gchar *rate_y_label;
  GstSpikeRasterXAxis x_axis;
  gboolean start_full;

  /* start-full: the output starts at the first full window (streaming
   * thread, except shift_pred) */
  gboolean full_snapped;        /* start-full read for these frames */
  gboolean full_active;         /* its value, until the next reset */
  gboolean full_started;        /* the frame clock's origin is known */
  gint64 full_origin;           /* buffer time where the frames start */
  GstClockTime full_first_pts;  /* the first frame's output PTS */
  gint64 full_first_end;        /* and its window end */
  gboolean full_kept;           /* a full window was pushed */
  gboolean full_discont;        /* the next pushed frame is the first */
  gboolean full_drop;           /* the frame being finished is not full */
  guint64 full_dropped;         /* frames dropped since the origin */
  GstClockTime full_pts_shift;  /* subtracted from the output PTS */
  gint64 full_data_shift;       /* and from the titles' time */
  GstClockTime full_shift_pred; /* object lock: the shift, for queries */

  /* streaming */
  gint units;                   /* from caps, 0 until known */
  gboolean warned_outside;
  RasterStore store;            /* only units in range */
  RasterRate rate;
  RasterScratch scratch;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SPIKES_MEDIA_TYPE));

#define GST_TYPE_SPIKE_RASTER_MODE (gst_spike_raster_mode_get_type ())
static GType
gst_spike_raster_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SPIKE_RASTER_SCROLL, "The window scrolls: newest spikes at the right",
        "scroll"},
    {GST_SPIKE_RASTER_SWEEP, "Oscilloscope sweep: a cursor moves left to "
          "right and overwrites the previous sweep", "sweep"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSpikeRasterMode",
            values));
  return type;
}

#define GST_TYPE_SPIKE_RASTER_MARKER (gst_spike_raster_marker_get_type ())
static GType
gst_spike_raster_marker_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SPIKE_RASTER_MARKER_TICK, "Vertical tick, matplotlib's '|'", "tick"},
    {GST_SPIKE_RASTER_MARKER_DOT, "Square dot", "dot"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstSpikeRasterMarker", values));
  return type;
}

#define GST_TYPE_SPIKE_RASTER_COLOR_MODE (gst_spike_raster_color_mode_get_type ())
static GType
gst_spike_raster_color_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SPIKE_RASTER_COLOR_SINGLE, "One colour (the color property)",
        "single"},
    {GST_SPIKE_RASTER_COLOR_GROUPS, "A colour per unit range (the groups "
          "property), e.g. excitatory and inhibitory populations", "groups"},
    {GST_SPIKE_RASTER_COLOR_COLORMAP, "Unit index through the colormap",
        "colormap"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstSpikeRasterColorMode", values));
  return type;
}

#define GST_TYPE_SPIKE_RASTER_DENSITY (gst_spike_raster_density_get_type ())
static GType
gst_spike_raster_density_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SPIKE_RASTER_DENSITY_AUTO, "Density mode when there are more units "
          "than pixel rows", "auto"},
    {GST_SPIKE_RASTER_DENSITY_NEVER, "Always draw individual marks", "never"},
    {GST_SPIKE_RASTER_DENSITY_ALWAYS, "Always draw spike counts per pixel",
        "always"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstSpikeRasterDensity", values));
  return type;
}

#define GST_TYPE_SPIKE_RASTER_X_AXIS (gst_spike_raster_x_axis_get_type ())
static GType
gst_spike_raster_x_axis_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SPIKE_RASTER_X_STREAM, "Stream time of the data shown", "stream"},
    {GST_SPIKE_RASTER_X_WINDOW, "Seconds into the window, 0 to window (the "
          "tutorial's set_xlim (0, window_size))", "window"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSpikeRasterXAxis",
            values));
  return type;
}

G_DEFINE_TYPE (GstSpikeRaster, gst_spike_raster, GST_TYPE_NEURO_RENDERER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (spikeraster, "spikeraster",
    GST_RANK_NONE, GST_TYPE_SPIKE_RASTER,
    GST_DEBUG_CATEGORY_INIT (gst_spike_raster_debug, "spikeraster", 0,
        "spike raster renderer"));

static void gst_spike_raster_finalize (GObject * object);
static void gst_spike_raster_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_spike_raster_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_spike_raster_set_sink_caps (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstCaps * caps);
static GstFlowReturn gst_spike_raster_consume (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstBuffer * buf);
static GstFlowReturn gst_spike_raster_render (GstNeuroRenderer * r,
    GstNeuroFrame * frame);
static void gst_spike_raster_reset (GstNeuroRenderer * r);
static GstClockTime gst_spike_raster_get_history (GstNeuroRenderer * r);
static GstFlowReturn gst_spike_raster_finish_buffer (GstAggregator * agg,
    GstBuffer * buf);
static gboolean gst_spike_raster_src_query (GstAggregator * agg,
    GstQuery * query);

static void
gst_spike_raster_class_init (GstSpikeRasterClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);
  GstNeuroRendererClass *r_class = GST_NEURO_RENDERER_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gobject_class->finalize = gst_spike_raster_finalize;
  gobject_class->set_property = gst_spike_raster_set_property;
  gobject_class->get_property = gst_spike_raster_get_property;

  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_double ("window", "Window",
          "Length of the time window shown, in seconds", 1e-4, 3600.0,
          DEFAULT_WINDOW, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode", "Scrolling window or sweep",
          GST_TYPE_SPIKE_RASTER_MODE, DEFAULT_MODE, rw));
  g_object_class_install_property (gobject_class, PROP_MARKER,
      g_param_spec_enum ("marker", "Marker", "Mark drawn for each spike",
          GST_TYPE_SPIKE_RASTER_MARKER, DEFAULT_MARKER, rw));
  g_object_class_install_property (gobject_class, PROP_MARKER_SIZE,
      g_param_spec_double ("marker-size", "Marker size",
          "Mark size in pixels (tick height or dot side); 0 sizes marks to "
          "80% of a unit's row", 0.0, 256.0, DEFAULT_MARKER_SIZE, rw));
  g_object_class_install_property (gobject_class, PROP_COLOR,
      neuro_param_spec_color ("color", "Color",
          "Mark colour in color-mode=single ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_COLOR_MODE,
      g_param_spec_enum ("color-mode", "Color mode", "How marks are coloured",
          GST_TYPE_SPIKE_RASTER_COLOR_MODE, DEFAULT_COLOR_MODE, rw));
  g_object_class_install_property (gobject_class, PROP_GROUPS,
      g_param_spec_string ("groups", "Groups",
          "Colours of unit ranges for color-mode=groups: comma-separated "
          "\"first-last:colour\" (colour #RRGGBB, #AARRGGBB, 0xAARRGGBB or "
          "decimal), e.g. "
          "\"0-3199:0xff1f77b4,3200-3999:0xffd62728\"; a group without "
          "\":colour\" takes matplotlib's default cycle (group 1 C0 "
          "#1f77b4, group 2 C1 #ff7f0e, ...); units in no group use "
          "the color property", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Colormap over the unit index for color-mode=colormap (matplotlib's "
          "tables)", NEURO_TYPE_COLORMAP, DEFAULT_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_UNIT_RANGE,
      g_param_spec_string ("unit-range", "Unit range",
          "Units shown, \"first-last\" inclusive (e.g. \"0-999\"); empty or "
          "NULL shows every unit of the stream", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_DENSITY,
      g_param_spec_enum ("density", "Density",
          "Spike-count density drawing, for more units than pixel rows",
          GST_TYPE_SPIKE_RASTER_DENSITY, DEFAULT_DENSITY, rw));
  g_object_class_install_property (gobject_class, PROP_DENSITY_MAX,
      g_param_spec_double ("density-max", "Density maximum",
          "Density mode: firing rate in Hz per unit that draws a pixel in the "
          "full colour; a pixel of U units and T seconds reaches it at "
          "density-max * U * T spikes (square-root scale, a fixed scale so "
          "the same spikes look the same in every frame)", 1e-3, 1e6,
          DEFAULT_DENSITY_MAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_RATE_PANEL,
      g_param_spec_boolean ("rate-panel", "Rate panel",
          "Show the population firing rate below the raster",
          DEFAULT_RATE_PANEL, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_BIN,
      g_param_spec_double ("rate-bin", "Rate bin",
          "Bin width of the population rate, in seconds (bins are aligned "
          "to multiples of the width)", 1e-5, 3600.0, DEFAULT_RATE_BIN, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_SMOOTH,
      g_param_spec_double ("rate-smooth", "Rate smoothing",
          "Gaussian smoothing of the rate, sigma in bins (0: none), as "
          "scipy's gaussian_filter1d over the whole recording; the newest "
          "4 sigma bins are drawn once the data after them has come", 0.0,
          1000.0, DEFAULT_RATE_SMOOTH, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_MAX,
      g_param_spec_double ("rate-max", "Rate maximum",
          "Top of the rate axis in Hz per unit; 0 scales to the window",
          0.0, 1e9, DEFAULT_RATE_MAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_RATE_COLOR,
      neuro_param_spec_color ("rate-color", "Rate color",
          "Colour of the rate line (the area below uses it at 30% opacity; "
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_RATE_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_FILL_COLOR,
      g_param_spec_string ("rate-fill-color", "Rate fill color",
          "Colour of the area under the rate line, alpha included (the "
          "tutorial's fill_between(..., alpha=0.3) in matplotlib's C0 is "
          "\"#4d1f77b4\"); NULL or \"\": the line's colour at 30% opacity ("
          NEURO_COLOR_SPELLINGS ")", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_LINE_WIDTH,
      g_param_spec_double ("rate-line-width", "Rate line width",
          "Width of the rate line in points at the renderer's dpi "
          "(matplotlib's linewidth; its default lines.linewidth is 1.5)",
          0.1, 72.0, DEFAULT_RATE_LINE_WIDTH, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_TITLE,
      g_param_spec_string ("rate-title", "Rate title",
          "Title above the rate panel (the tutorial's \"Population Firing "
          "Rate\"); NULL or \"\": none", DEFAULT_RATE_TITLE, rw));
  g_object_class_install_property (gobject_class, PROP_RATE_Y_LABEL,
      g_param_spec_string ("rate-y-label", "Rate y label",
          "Label of the rate panel's y axis; NULL or \"\": none",
          DEFAULT_RATE_Y_LABEL, rw));
  g_object_class_install_property (gobject_class, PROP_X_AXIS,
      g_param_spec_enum ("x-axis", "X axis",
          "What the x tick labels of the raster and the rate panel count: "
          "stream time, or seconds into the window (0 to window)",
          GST_TYPE_SPIKE_RASTER_X_AXIS, DEFAULT_X_AXIS, rw));
  g_object_class_install_property (gobject_class, PROP_START_FULL,
      g_param_spec_boolean ("start-full", "Start full",
          "Start with a full window, as the tutorial's animation: output "
          "frame k (at k frame durations) shows the window that starts k "
          "frames of data after the stream's start (after a seek: the seek "
          "position), the frames before the first full window are not "
          "output and the video is window - 1 frame shorter than the data; "
          "{t} and {frame} in the title count output frames; a change "
          "applies from the next start, flush or seek",
          DEFAULT_START_FULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Spike raster",
      "Visualization/Video", "Draws spike events as a raster plot with an "
      "optional population-rate panel", "gst-neuroviz developers");

  r_class->set_sink_caps = GST_DEBUG_FUNCPTR (gst_spike_raster_set_sink_caps);
  r_class->consume = GST_DEBUG_FUNCPTR (gst_spike_raster_consume);
  r_class->render = GST_DEBUG_FUNCPTR (gst_spike_raster_render);
  r_class->retains = TRUE;
  r_class->reset = GST_DEBUG_FUNCPTR (gst_spike_raster_reset);
  r_class->get_history = GST_DEBUG_FUNCPTR (gst_spike_raster_get_history);
  agg_class->finish_buffer = GST_DEBUG_FUNCPTR (gst_spike_raster_finish_buffer);
  agg_class->src_query = GST_DEBUG_FUNCPTR (gst_spike_raster_src_query);

  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_MARKER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_COLOR_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_DENSITY, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_X_AXIS, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
gst_spike_raster_init (GstSpikeRaster * self)
{
  self->window = DEFAULT_WINDOW;
  self->mode = DEFAULT_MODE;
  self->marker = DEFAULT_MARKER;
  self->marker_size = DEFAULT_MARKER_SIZE;
  self->color = DEFAULT_COLOR;
  self->color_mode = DEFAULT_COLOR_MODE;
  self->groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  self->colormap = DEFAULT_COLORMAP;
  self->range_first = -1;
  self->range_last = -1;
  self->density = DEFAULT_DENSITY;
  self->density_max = DEFAULT_DENSITY_MAX;
  self->rate_panel = DEFAULT_RATE_PANEL;
  self->rate_bin = DEFAULT_RATE_BIN;
  self->rate_smooth = DEFAULT_RATE_SMOOTH;
  self->rate_max = DEFAULT_RATE_MAX;
  self->rate_color = DEFAULT_RATE_COLOR;
  self->rate_line_width = DEFAULT_RATE_LINE_WIDTH;
  self->rate_title = g_strdup (DEFAULT_RATE_TITLE);
  self->rate_y_label = g_strdup (DEFAULT_RATE_Y_LABEL);
  self->x_axis = DEFAULT_X_AXIS;
  self->start_full = DEFAULT_START_FULL;
  raster_store_init (&self->store);

  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

static void
gst_spike_raster_finalize (GObject * object)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (object);

  g_free (self->groups_str);
  g_free (self->unit_range_str);
  g_free (self->rate_title);
  g_free (self->rate_y_label);
  g_array_free (self->groups, TRUE);
  raster_store_free (&self->store);
  raster_rate_free (&self->rate);
  raster_scratch_free (&self->scratch);
  G_OBJECT_CLASS (gst_spike_raster_parent_class)->finalize (object);
}

/* "0-3199,3200-3999:#d62728" -> "0-3199:#1f77b4,3200-3999:#d62728": group
 * i without a colour takes C<i> of matplotlib's default cycle, as
 * eventplot's line collections would */
static gchar *
groups_with_cycle (const gchar * str)
{
  gchar **items, *out;
  guint i;

  if (str == NULL)
    return NULL;
  items = g_strsplit (str, ",", -1);
  for (i = 0; items[i]; i++) {
    gint64 a, b;

    /* what is not a range is left for the parser to report */
    if (strchr (items[i], ':') == NULL
        && *g_strstrip (items[i]) != '\0'
        && neuro_parse_range (items[i], (guint64) G_MAXUINT32 + 1, &a, &b,
            NULL)) {
      gchar *with = g_strdup_printf ("%s:#%06x", items[i],
          neuro_color_cycle_get (i) & 0xffffff);

      g_free (items[i]);
      items[i] = with;
    }
  }
  out = g_strjoinv (",", items);
  g_strfreev (items);
  return out;
}

/* "0-3199:0xff1f77b4,3200-3999:#d62728" */
static void
gst_spike_raster_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (object);
  NeuroPropNote note = NEURO_PROP_NOTE_INIT;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WINDOW:
      self->window = g_value_get_double (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_MARKER:
      self->marker = g_value_get_enum (value);
      break;
    case PROP_MARKER_SIZE:
      self->marker_size = g_value_get_double (value);
      break;
    case PROP_COLOR:
      neuro_prop_note_color (&note, pspec, value, &self->color);
      break;
    case PROP_COLOR_MODE:
      self->color_mode = g_value_get_enum (value);
      break;
    case PROP_GROUPS:{
      gchar *full = groups_with_cycle (g_value_get_string (value));

      /* a bad string keeps the previous groups (and string) */
      if (neuro_prop_note_parsed (&note, neuro_parse_groups (full,
                  self->groups, &note.error))) {
        g_free (self->groups_str);
        self->groups_str = g_value_dup_string (value);
      }
      g_free (full);
      break;
    }
    case PROP_COLORMAP:
      self->colormap = g_value_get_enum (value);
      break;
    case PROP_UNIT_RANGE:
      if (neuro_prop_note_parsed (&note, neuro_parse_range
              (g_value_get_string (value), NEURO_MAX_UNITS,
                  &self->range_first, &self->range_last, &note.error))) {
        g_free (self->unit_range_str);
        self->unit_range_str = g_value_dup_string (value);
        self->warned_range = FALSE;
      }
      break;
    case PROP_DENSITY:
      self->density = g_value_get_enum (value);
      break;
    case PROP_DENSITY_MAX:
      self->density_max = g_value_get_double (value);
      break;
    case PROP_RATE_PANEL:
      self->rate_panel = g_value_get_boolean (value);
      break;
    case PROP_RATE_BIN:
      self->rate_bin = g_value_get_double (value);
      break;
    case PROP_RATE_SMOOTH:
      self->rate_smooth = g_value_get_double (value);
      break;
    case PROP_RATE_MAX:
      self->rate_max = g_value_get_double (value);
      break;
    case PROP_RATE_COLOR:
      neuro_prop_note_color (&note, pspec, value, &self->rate_color);
      break;
    case PROP_RATE_FILL_COLOR:{
      const gchar *str = g_value_get_string (value);

      if (str == NULL || *str == '\0') {
        self->rate_fill_set = FALSE;
      } else {
        if (neuro_prop_note_parsed (&note, neuro_parse_color_property
                (pspec->name, str, &self->rate_fill, &note.error)))
          self->rate_fill_set = TRUE;
      }
      break;
    }
    case PROP_RATE_LINE_WIDTH:
      self->rate_line_width = g_value_get_double (value);
      break;
    case PROP_RATE_TITLE:
      g_free (self->rate_title);
      self->rate_title = g_value_dup_string (value);
      break;
    case PROP_RATE_Y_LABEL:
      g_free (self->rate_y_label);
      self->rate_y_label = g_value_dup_string (value);
      break;
    case PROP_X_AXIS:
      self->x_axis = g_value_get_enum (value);
      break;
    case PROP_START_FULL:
      self->start_full = g_value_get_boolean (value);
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
gst_spike_raster_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_WINDOW:
      g_value_set_double (value, self->window);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_MARKER:
      g_value_set_enum (value, self->marker);
      break;
    case PROP_MARKER_SIZE:
      g_value_set_double (value, self->marker_size);
      break;
    case PROP_COLOR:
      neuro_color_property_get (value, self->color);
      break;
    case PROP_COLOR_MODE:
      g_value_set_enum (value, self->color_mode);
      break;
    case PROP_GROUPS:
      g_value_set_string (value, self->groups_str);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, self->colormap);
      break;
    case PROP_UNIT_RANGE:
      g_value_set_string (value, self->unit_range_str);
      break;
    case PROP_DENSITY:
      g_value_set_enum (value, self->density);
      break;
    case PROP_DENSITY_MAX:
      g_value_set_double (value, self->density_max);
      break;
    case PROP_RATE_PANEL:
      g_value_set_boolean (value, self->rate_panel);
      break;
    case PROP_RATE_BIN:
      g_value_set_double (value, self->rate_bin);
      break;
    case PROP_RATE_SMOOTH:
      g_value_set_double (value, self->rate_smooth);
      break;
    case PROP_RATE_MAX:
      g_value_set_double (value, self->rate_max);
      break;
    case PROP_RATE_COLOR:
      neuro_color_property_get (value, self->rate_color);
      break;
    case PROP_RATE_FILL_COLOR:
      if (self->rate_fill_set)
        neuro_color_property_get (value, self->rate_fill);
      else
        g_value_set_string (value, NULL);
      break;
    case PROP_RATE_LINE_WIDTH:
      g_value_set_double (value, self->rate_line_width);
      break;
    case PROP_RATE_TITLE:
      g_value_set_string (value, self->rate_title);
      break;
    case PROP_RATE_Y_LABEL:
      g_value_set_string (value, self->rate_y_label);
      break;
    case PROP_X_AXIS:
      g_value_set_enum (value, self->x_axis);
      break;
    case PROP_START_FULL:
      g_value_set_boolean (value, self->start_full);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------ streaming */

static gboolean
gst_spike_raster_set_sink_caps (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  NeuroInfo info;

  if (!neuro_element_parse_caps (self, caps, NEURO_KIND_SPIKES, &info,
          "spike stream", NULL))
    return FALSE;
  GST_OBJECT_LOCK (self);
  if (info.spikes.units != self->units)
    self->warned_range = FALSE;
  GST_OBJECT_UNLOCK (self);
  self->units = info.spikes.units;
  return TRUE;
}

static void
gst_spike_raster_reset (GstNeuroRenderer * r)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);

  raster_store_clear (&self->store);
  self->warned_outside = FALSE;
  /* frames start again (flush, seek, stop): a new first full window */
  self->full_snapped = FALSE;
  self->full_started = FALSE;
  self->full_kept = FALSE;
  self->full_drop = FALSE;
}

/* a frame shows one window of spikes; the rate panel's smoothing reaches
 * one kernel radius of bins further back */
static GstClockTime
gst_spike_raster_get_history (GstNeuroRenderer * r)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  gdouble t;

  GST_OBJECT_LOCK (r);
  t = self->window + (raster_smooth_radius (self->rate_smooth) + 1) *
      self->rate_bin;
  GST_OBJECT_UNLOCK (r);
  return (GstClockTime) (MIN (t, 1e9) * GST_SECOND);
}

static void
shown_range (GstSpikeRaster * self, guint32 * first, guint32 * last)
{
  gint64 f, l;
  gchar *str = NULL;

  GST_OBJECT_LOCK (self);
  f = self->range_first;
  l = self->range_last;
  /* the stream's units are known only here */
  if (f >= 0 && self->units > 0 && l >= self->units && !self->warned_range) {
    self->warned_range = TRUE;
    str = g_strdup (self->unit_range_str);
  }
  GST_OBJECT_UNLOCK (self);
  /* clipped to the stream, as signalscope's channel-range */
  if (f >= 0 && self->units > 0 && l >= self->units) {
    l = self->units - 1;
    if (f > l)
      f = -1;
  }
  if (str) {
    if (f < 0)
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          ("Property 'unit-range' \"%s\" is beyond the stream's %d units "
              "(0 to %d); showing all units", str, self->units,
              self->units - 1), (NULL));
    else
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          ("Property 'unit-range' \"%s\" goes beyond the stream's %d units "
              "(0 to %d); showing units %" G_GINT64_FORMAT " to %d", str,
              self->units, self->units - 1, f, self->units - 1), (NULL));
    g_free (str);
  }
  if (f < 0) {
    *first = 0;
    *last = MAX (self->units, 1) - 1;
  } else {
    *first = f;
    *last = l;
  }
}

static GstFlowReturn
gst_spike_raster_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  GstMapInfo map;
  const NeuroSpike *in;
  gsize n, i;
  guint32 first, last;
  GstClockTime start = GST_BUFFER_PTS (buf);
  GstClockTime end = GST_BUFFER_DURATION_IS_VALID (buf) ?
      start + GST_BUFFER_DURATION (buf) : GST_CLOCK_TIME_NONE;

  if (self->units <= 0)
    return neuro_element_data_before_caps (self, GST_PAD (pad), "Spike data");
  if (!neuro_element_map (self, buf, &map, GST_MAP_READ, "spike"))
    return GST_FLOW_ERROR;
  if (map.size % sizeof (NeuroSpike) != 0) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Spike buffer of %" G_GSIZE_FORMAT " bytes is not a whole number of "
            "16-byte spike records", map.size), (NULL));
    return GST_FLOW_ERROR;
  }
  n = map.size / sizeof (NeuroSpike);
  if (self->store.len + n > MAX_STORED_SPIKES) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("More than %d spikes fall into one window; shorten the window or "
            "select fewer units (unit-range)", MAX_STORED_SPIKES), (NULL));
    return GST_FLOW_ERROR;
  }
  shown_range (self, &first, &last);
  raster_store_reserve (&self->store, n);
  in = (const NeuroSpike *) map.data;
  for (i = 0; i < n; i++) {
    NeuroSpike s = in[i];

    neuro_spike_from_le (&s);
    if (s.unit >= (guint32) self->units) {
      gst_buffer_unmap (buf, &map);
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Spike of unit %u at %.6f s, but the stream has units=%d (ids 0 "
              "to %d)", s.unit, s.t / (gdouble) GST_SECOND, self->units,
              self->units - 1), (NULL));
      return GST_FLOW_ERROR;
    }
    if (!self->warned_outside && ((gint64) start > s.t ||
            (GST_CLOCK_TIME_IS_VALID (end) && s.t >= (gint64) end))) {
      GST_ELEMENT_WARNING (self, STREAM, FORMAT,
          ("Spike at %.6f s lies outside its buffer's time slice; it is "
              "drawn at its own time", s.t / (gdouble) GST_SECOND), (NULL));
      self->warned_outside = TRUE;
    }
    if (s.unit < first || s.unit > last)
      continue;
    raster_store_append (&self->store, &s);
  }
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

static void
read_settings_clear (RasterSettings * s)
{
  g_free (s->rate_title);
  g_free (s->rate_y_label);
  g_array_free (s->groups, TRUE);
}

static void
read_settings (GstSpikeRaster * self, RasterSettings * s)
{
  GST_OBJECT_LOCK (self);
  s->window = self->window;
  s->mode = self->mode;
  s->marker = self->marker;
  s->marker_size = self->marker_size;
  s->color = self->color;
  s->color_mode = self->color_mode;
  s->colormap = self->colormap;
  s->density = self->density;
  s->density_max = self->density_max;
  s->rate_panel = self->rate_panel;
  s->rate_bin = self->rate_bin;
  s->rate_smooth = self->rate_smooth;
  s->rate_max = self->rate_max;
  s->rate_color = self->rate_color;
  s->rate_fill = self->rate_fill_set ? self->rate_fill :
      ((guint32) ((self->rate_color >> 24) * 0.3 + 0.5) << 24) |
      (self->rate_color & 0xffffff);
  s->rate_line_width = self->rate_line_width;
  s->rate_title = g_strdup (self->rate_title);
  s->rate_y_label = g_strdup (self->rate_y_label);
  s->x_axis = self->x_axis;
  s->groups = g_array_copy (self->groups);
  GST_OBJECT_UNLOCK (self);
}

/* start-full: TRUE when @frame's window is not full yet (it is then not
 * drawn, and finish_buffer drops it).  The frames' origin is where the
 * first frame's data starts (its window end minus one frame of data);
 * the first full window gets the first frame's PTS, the later ones follow
 * it, so the output runs the window (less one frame) behind the data. */
static gboolean
start_full_skip (GstSpikeRaster * self, GstNeuroFrame * frame,
    gdouble window)
{
  gint64 win_ns = (gint64) (window * GST_SECOND);

  if (!self->full_started) {
    gdouble scale = 1.0;
    gint64 span;
    guint64 frames;

    g_object_get (self, "time-scale", &scale, NULL);
    span = (gint64) (frame->duration * scale);
    self->full_started = TRUE;
    self->full_origin = frame->t_end - span;
    self->full_first_pts = frame->pts;
    self->full_first_end = frame->t_end;
    self->full_kept = FALSE;
    self->full_dropped = 0;
    /* for the duration and latency queries until the first full window */
    frames = span > 0 ? (guint64) MAX (0, ceil (win_ns / (gdouble) span -
            1e-6) - 1) : 0;
    GST_OBJECT_LOCK (self);
    self->full_shift_pred = frames * frame->duration;
    GST_OBJECT_UNLOCK (self);
  }
  /* windows grow by a frame of data: a microsecond is rounding */
  if (frame->t_end - win_ns < self->full_origin - 1000) {
    self->full_dropped++;
    return TRUE;
  }
  if (!self->full_kept) {
    self->full_kept = TRUE;
    self->full_discont = TRUE;
    self->full_pts_shift = frame->pts - self->full_first_pts;
    self->full_data_shift = frame->t_end - self->full_first_end;
    GST_OBJECT_LOCK (self);
    self->full_shift_pred = self->full_pts_shift;
    GST_OBJECT_UNLOCK (self);
    GST_DEBUG_OBJECT (self, "first full window after %" G_GUINT64_FORMAT
        " frames: PTS %" GST_TIME_FORMAT " is output at %" GST_TIME_FORMAT,
        self->full_dropped, GST_TIME_ARGS (frame->pts),
        GST_TIME_ARGS (self->full_first_pts));
  }
  return FALSE;
}

/* One frame: snapshot the settings, move the window on, lay the figure out,
 * pick its layers (rasterdraw.c) and draw them. */
static GstFlowReturn
gst_spike_raster_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  RasterSettings s;
  RasterLayout lay;
  RasterPlan plan;
  RasterFrame f = { 0 };
  guint32 first, last;
  gboolean show_axes = gst_neuro_renderer_get_show_axes (r);
  gchar *title;
  gboolean start_full;
  GstNeuroFrame tframe = *frame;

  read_settings (self, &s);
  /* taken when frames start: a change while they run would make the
   * timestamps jump (it applies from the next flush, seek or start) */
  if (!self->full_snapped) {
    GST_OBJECT_LOCK (self);
    /* in reverse every frame is drawn from a full window already */
    self->full_active = self->start_full &&
        GST_AGGREGATOR_PAD (GST_AGGREGATOR_SRC_PAD (self))->segment.rate > 0;
    self->full_shift_pred = 0;
    GST_OBJECT_UNLOCK (self);
    self->full_snapped = TRUE;
  }
  start_full = self->full_active;
  self->full_drop = start_full && start_full_skip (self, frame, s.window);
  if (self->full_drop) {
    read_settings_clear (&s);
    return GST_FLOW_OK;
  }
  shown_range (self, &first, &last);
  /* start-full: the title counts output frames */
  if (start_full)
    tframe.t_end -= self->full_data_shift;
  title = gst_neuro_renderer_format_title (r, &tframe, DEFAULT_TITLE);
  raster_layout (&lay, &s, frame->text, frame->canvas->width,
      frame->canvas->height, show_axes, title != NULL, first, last,
      frame->t_end, frame->stream_offset);

  /* forget what no later frame can show */
  raster_store_trim (&self->store, lay.t_lo, s.rate_panel, s.rate_bin,
      raster_smooth_radius (s.rate_smooth));
  f.spikes = raster_store_window (&self->store, lay.t_end, &f.n_spikes);
  if (raster_layout_has_rate (&lay, &s))
    raster_rate_compute (&self->rate, &self->store, f.spikes, f.n_spikes,
        lay.t_lo, lay.t_end, s.rate_bin, s.rate_smooth, lay.n_units);

  f.cv = frame->canvas;
  f.cr = frame->cr;
  f.text = frame->text;
  f.s = &s;
  f.lay = &lay;
  f.rate = &self->rate;
  f.title = title;
  f.fg = gst_neuro_renderer_get_foreground (r);
  f.bg = gst_neuro_renderer_get_background (r);
  /* what the frame was cleared to: transparent only with alpha */
  if (!GST_VIDEO_INFO_HAS_ALPHA (gst_neuro_renderer_get_video_info (r)))
    f.bg |= 0xff000000;
  f.show_axes = show_axes;
  f.overlay = frame->overlay;

  raster_plan_setup (&plan, &s, &lay, show_axes, title != NULL);
  if (frame->held && raster_plan_keeps (&plan) && !frame->overlay) {
    /* the canvas shows one of our pictures: the plot areas afresh (the
     * raster by erasing the marks it shows), the decorations around them
     * are the cache's to judge */
    gint rects[2][4];
    guint i, n = raster_plot_rects (&lay, &s, rects);

    for (i = 0; i < n; i++)
      if (i > 0 || !raster_plan_erase_marks (&plan, &lay, &self->scratch,
              frame->canvas, frame->held, f.bg))
        neuro_canvas_set_rect (frame->canvas, rects[i][0], rects[i][1],
            rects[i][2], rects[i][3], f.bg);
    f.held = frame->held;
    gst_neuro_renderer_use_held (r, frame);
  } else {
    gst_neuro_renderer_clear_frame (r, frame);
  }
  if (raster_plan_keeps (&plan) && !frame->overlay)
    raster_plan_log_marks (&lay, &self->scratch, f.bg);
  raster_plan_draw (&plan, &f, &self->scratch);
  frame->stamp = f.overlay ? 0 : raster_plan_done (&plan, &self->scratch);

  g_free (title);
  read_settings_clear (&s);
  return GST_FLOW_OK;
}

/* start-full: drops the frames before the first full window and moves the
 * others back to the first frame's PTS */
static GstFlowReturn
gst_spike_raster_finish_buffer (GstAggregator * agg, GstBuffer * buf)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (agg);

  if (self->full_drop) {
    self->full_drop = FALSE;
    gst_buffer_unref (buf);
    return GST_FLOW_OK;
  }
  if (self->full_kept && (self->full_pts_shift > 0 || self->full_discont)) {
    buf = gst_buffer_make_writable (buf);
    if (GST_BUFFER_PTS_IS_VALID (buf)
        && GST_BUFFER_PTS (buf) >= self->full_pts_shift)
      GST_BUFFER_PTS (buf) -= self->full_pts_shift;
    if (GST_BUFFER_OFFSET (buf) != GST_BUFFER_OFFSET_NONE
        && GST_BUFFER_OFFSET (buf) >= self->full_dropped) {
      GST_BUFFER_OFFSET (buf) -= self->full_dropped;
      GST_BUFFER_OFFSET_END (buf) = GST_BUFFER_OFFSET (buf) + 1;
    }
    if (self->full_discont)
      GST_BUFFER_FLAG_SET (buf, GST_BUFFER_FLAG_DISCONT);
    self->full_discont = FALSE;
  }
  return GST_AGGREGATOR_CLASS (gst_spike_raster_parent_class)->finish_buffer
      (agg, buf);
}

/* start-full: the video is shorter than the data by the frames not
 * output, and (live) comes that much later */
static gboolean
gst_spike_raster_src_query (GstAggregator * agg, GstQuery * query)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (agg);
  GstClockTime shift;

  if (!GST_AGGREGATOR_CLASS (gst_spike_raster_parent_class)->src_query (agg,
          query))
    return FALSE;
  GST_OBJECT_LOCK (self);
  shift = self->full_shift_pred;
  GST_OBJECT_UNLOCK (self);
  if (shift == 0)
    return TRUE;
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_DURATION:{
      GstFormat fmt;
      gint64 dur;

      gst_query_parse_duration (query, &fmt, &dur);
      if (fmt == GST_FORMAT_TIME && dur >= 0)
        gst_query_set_duration (query, fmt, MAX (0, dur - (gint64) shift));
      break;
    }
    case GST_QUERY_LATENCY:{
      gboolean live;
      GstClockTime min, max;

      gst_query_parse_latency (query, &live, &min, &max);
      if (live)
        gst_query_set_latency (query, live, min + shift,
            GST_CLOCK_TIME_IS_VALID (max) ? max + shift : max);
      break;
    }
    default:
      break;
  }
  return TRUE;
}
