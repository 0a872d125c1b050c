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
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=poisson units=1000 ! spikeraster ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=raster.mp4
 * gst-launch-1.0 neurosrc pattern=poisson units=4000 ! \
 *     spikeraster color-mode=groups groups="0-3199:0xff1f77b4,3200-3999:0xffd62728" ! \
 *     videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstspikeraster.h"
#include "neurotypes.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

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
};

/* inclusive unit ids and their colour (neuroparse.h) */
typedef NeuroColorGroup ColorGroup;

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
  GArray *groups;               /* ColorGroup */
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

  /* streaming */
  gint units;                   /* from caps, 0 until known */
  GArray *spikes;               /* NeuroSpike, only units in range */
  gboolean sorted;              /* spikes are in time order */
  guint head;                   /* spikes before head are expired */
  gboolean warned_outside;
  guint16 *counts;              /* density grid, column-major */
  gsize counts_len;
  guint32 *cell_of_spike;       /* density: x << 16 | y of each spike */
  gsize cell_of_spike_len;
  guint16 *row_of_unit;         /* density: pixel row of each shown unit */
  gsize row_of_unit_len;
  guint32 row_key[3];           /* (first, n_units, ph) of row_of_unit */
  guint32 *unit_lut;            /* premultiplied colour per shown unit */
  gsize unit_lut_len;
  gdouble *bins;
  gsize bins_len;
  gdouble *counts_tmp;          /* rate panel: counts with the margins */
  gsize counts_tmp_len;
  /* rate panel: spike counts of the bins [past_k0, past_k0 + len) from
   * spikes already dropped (left of the window), so that smoothing near
   * the left edge sees the data beyond it; at most one kernel radius */
  GArray *past;                 /* gdouble */
  gint64 past_k0;
  gdouble past_bin;             /* bin width they were counted in */
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
static gint smooth_radius (gdouble sigma);

static void
gst_spike_raster_class_init (GstSpikeRasterClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
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
      g_param_spec_uint ("color", "Color",
          "Mark colour as big-endian ARGB (0xAARRGGBB) in color-mode=single",
          0, G_MAXUINT32, DEFAULT_COLOR, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_COLOR_MODE,
      g_param_spec_enum ("color-mode", "Color mode", "How marks are coloured",
          GST_TYPE_SPIKE_RASTER_COLOR_MODE, DEFAULT_COLOR_MODE, rw));
  g_object_class_install_property (gobject_class, PROP_GROUPS,
      g_param_spec_string ("groups", "Groups",
          "Colours of unit ranges for color-mode=groups: comma-separated "
          "\"first-last:colour\" (colour #RRGGBB, #AARRGGBB, 0xAARRGGBB or "
          "decimal), e.g. "
          "\"0-3199:0xff1f77b4,3200-3999:0xffd62728\"; units in no group use "
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
      g_param_spec_uint ("rate-color", "Rate color",
          "Colour of the rate line (the area below uses it at 30% opacity), "
          "big-endian ARGB", 0, G_MAXUINT32, DEFAULT_RATE_COLOR, rw));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Spike raster",
      "Visualization/Video", "Draws spike events as a raster plot with an "
      "optional population-rate panel", "gst-neuroviz developers");

  r_class->set_sink_caps = GST_DEBUG_FUNCPTR (gst_spike_raster_set_sink_caps);
  r_class->consume = GST_DEBUG_FUNCPTR (gst_spike_raster_consume);
  r_class->render = GST_DEBUG_FUNCPTR (gst_spike_raster_render);
  r_class->reset = GST_DEBUG_FUNCPTR (gst_spike_raster_reset);
  r_class->get_history = GST_DEBUG_FUNCPTR (gst_spike_raster_get_history);

  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_MARKER, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_COLOR_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SPIKE_RASTER_DENSITY, 0);
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
  self->groups = g_array_new (FALSE, FALSE, sizeof (ColorGroup));
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
  self->spikes = g_array_new (FALSE, FALSE, sizeof (NeuroSpike));
  self->sorted = TRUE;
  self->past = g_array_new (FALSE, TRUE, sizeof (gdouble));

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
  g_array_free (self->groups, TRUE);
  g_array_free (self->spikes, TRUE);
  g_free (self->counts);
  g_free (self->row_of_unit);
  g_free (self->cell_of_spike);
  g_free (self->unit_lut);
  g_free (self->bins);
  g_free (self->counts_tmp);
  g_array_free (self->past, TRUE);
  G_OBJECT_CLASS (gst_spike_raster_parent_class)->finalize (object);
}

/* "0-3199:0xff1f77b4,3200-3999:#d62728" */
static void
gst_spike_raster_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (object);
  GError *err = NULL;
  gboolean parsed = FALSE;

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
      self->color = g_value_get_uint (value);
      break;
    case PROP_COLOR_MODE:
      self->color_mode = g_value_get_enum (value);
      break;
    case PROP_GROUPS:
      parsed = TRUE;
      /* a bad string keeps the previous groups (and string) */
      if (neuro_parse_groups (g_value_get_string (value), self->groups,
              &err)) {
        g_free (self->groups_str);
        self->groups_str = g_value_dup_string (value);
      }
      break;
    case PROP_COLORMAP:
      self->colormap = g_value_get_enum (value);
      break;
    case PROP_UNIT_RANGE:
      parsed = TRUE;
      if (neuro_parse_range (g_value_get_string (value), NEURO_MAX_UNITS,
              &self->range_first, &self->range_last, &err)) {
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
      self->rate_color = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
  if (parsed)
    gst_neuro_renderer_property_parsed (GST_NEURO_RENDERER (self),
        pspec->name, g_value_get_string (value), err);
  g_clear_error (&err);
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
      g_value_set_uint (value, self->color);
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
      g_value_set_uint (value, self->rate_color);
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
  NeuroSpikesInfo info;

  if (!neuro_spikes_info_from_caps (&info, caps)) {
    const GstStructure *s = gst_caps_get_structure (caps, 0);
    gint units = -1;

    gst_structure_get_int (s, "units", &units);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Invalid spike stream: units=%d (expected 1 to %d)", units,
            NEURO_MAX_UNITS), ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  if (info.units != self->units)
    self->warned_range = FALSE;
  GST_OBJECT_UNLOCK (self);
  self->units = info.units;
  return TRUE;
}

static void
gst_spike_raster_reset (GstNeuroRenderer * r)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);

  g_array_set_size (self->spikes, 0);
  self->head = 0;
  self->sorted = TRUE;
  self->warned_outside = FALSE;
  g_array_set_size (self->past, 0);
}

/* a frame shows one window of spikes; the rate panel's smoothing reaches
 * one kernel radius of bins further back */
static GstClockTime
gst_spike_raster_get_history (GstNeuroRenderer * r)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  gdouble t;

  GST_OBJECT_LOCK (r);
  t = self->window + (smooth_radius (self->rate_smooth) + 1) * self->rate_bin;
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

  if (self->units <= 0) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("spike data before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  if (map.size % sizeof (NeuroSpike) != 0) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Spike buffer of %" G_GSIZE_FORMAT " bytes is not a whole number of "
            "16-byte spike records", map.size), (NULL));
    return GST_FLOW_ERROR;
  }
  n = map.size / sizeof (NeuroSpike);
  if (self->spikes->len + n > MAX_STORED_SPIKES) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("More than %d spikes fall into one window; shorten the window or "
            "select fewer units (unit-range)", MAX_STORED_SPIKES), (NULL));
    return GST_FLOW_ERROR;
  }
  shown_range (self, &first, &last);
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
    if (self->sorted && self->spikes->len > 0 &&
        s.t < g_array_index (self->spikes, NeuroSpike,
            self->spikes->len - 1).t)
      self->sorted = FALSE;
    g_array_append_val (self->spikes, s);
  }
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

static gint
compare_spike_time (gconstpointer a, gconstpointer b)
{
  gint64 ta = ((const NeuroSpike *) a)->t, tb = ((const NeuroSpike *) b)->t;

  return ta < tb ? -1 : ta > tb;
}

typedef struct
{
  gdouble window;
  GstSpikeRasterMode mode;
  GstSpikeRasterMarker marker;
  gdouble marker_size;
  guint32 color;
  GstSpikeRasterColorMode color_mode;
  NeuroColormap colormap;
  GstSpikeRasterDensity density;
  gdouble density_max;
  gboolean rate_panel;
  gdouble rate_bin;
  gdouble rate_smooth;
  gdouble rate_max;
  guint32 rate_color;
  GArray *groups;
} Settings;

static void
read_settings (GstSpikeRaster * self, Settings * s)
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
  s->groups = g_array_copy (self->groups);
  GST_OBJECT_UNLOCK (self);
}

static guint32
unit_color (const Settings * s, guint32 u, guint32 first, guint32 n_units)
{
  guint i;

  switch (s->color_mode) {
    case GST_SPIKE_RASTER_COLOR_GROUPS:
      for (i = 0; i < s->groups->len; i++) {
        ColorGroup *g = &g_array_index (s->groups, ColorGroup, i);
        if (u >= g->first && u <= g->last)
          return g->argb;
      }
      return s->color;
    case GST_SPIKE_RASTER_COLOR_COLORMAP:
      return neuro_colormap_map (s->colormap, u - first, 0,
          MAX (n_units - 1, 1), s->color);
    default:
      return s->color;
  }
}

/* Per-row colours: n_rows entries, row r covers units
 * [first + r*U/n_rows, ...).  With n_rows == U, one entry per unit. */
static guint32 *
ensure_lut (GstSpikeRaster * self, gsize n)
{
  if (self->unit_lut_len < n) {
    g_free (self->unit_lut);
    self->unit_lut = g_new (guint32, n);
    self->unit_lut_len = n;
  }
  return self->unit_lut;
}

/* Density mode: the pixel row (0 at the top) holding the centre of the
 * i-th shown unit, floor (ph - (i + 0.5) * ph / n), in integers. */
static inline guint16
density_row (guint32 i, guint32 n, gint ph)
{
  return (guint16) (((2 * (guint64) (n - i) - 1) * ph) / (2 * (guint64) n));
}

/* Radius of scipy.ndimage.gaussian_filter1d's kernel (truncate 4.0), in
 * bins. */
static gint
smooth_radius (gdouble sigma)
{
  return sigma > 0 ? (gint) (4.0 * sigma + 0.5) : 0;
}

/* out[i] = sum_k kern[k] in[i + radius + k], |k| <= radius, for i < n: the
 * Gaussian filter of scipy's gaussian_filter1d where it needs no boundary
 * mode (in holds radius more bins on each side). */
static void
gaussian_smooth (const gdouble * in, gdouble * out, gint n, gdouble sigma)
{
  gint radius = smooth_radius (sigma), i, k;
  gdouble *kern, sum = 0;

  if (radius == 0) {
    memcpy (out, in, sizeof (gdouble) * n);
    return;
  }
  kern = g_new (gdouble, 2 * radius + 1);
  for (k = -radius; k <= radius; k++) {
    kern[k + radius] = exp (-0.5 * k * k / (sigma * sigma));
    sum += kern[k + radius];
  }
  for (k = 0; k <= 2 * radius; k++)
    kern[k] /= sum;
  for (i = 0; i < n; i++) {
    gdouble acc = 0;

    for (k = 0; k <= 2 * radius; k++)
      acc += kern[k] * in[i + k];
    out[i] = acc;
  }
  g_free (kern);
}

/* Counts a spike that leaves the window in the past bins; bins before
 * @need_from are of no use any more. */
static void
past_add (GstSpikeRaster * self, gint64 t, gdouble bin_ns, gint64 need_from)
{
  gint64 k = (gint64) floor (t / bin_ns);
  GArray *p = self->past;

  if (k < need_from)
    return;
  if (p->len == 0) {
    self->past_k0 = k;
    g_array_set_size (p, 1);
  } else if (k < self->past_k0) {
    /* a late record: only within one kernel radius of the window */
    g_array_set_size (p, p->len + (self->past_k0 - k));
    memmove (p->data + (self->past_k0 - k) * sizeof (gdouble), p->data,
        (p->len - (self->past_k0 - k)) * sizeof (gdouble));
    memset (p->data, 0, (self->past_k0 - k) * sizeof (gdouble));
    self->past_k0 = k;
  } else if (k >= self->past_k0 + p->len) {
    g_array_set_size (p, k - self->past_k0 + 1);
  }
  g_array_index (p, gdouble, k - self->past_k0) += 1;
}

static void
draw_rate_panel (GstSpikeRaster * self, GstNeuroFrame * frame,
    const Settings * s, const NeuroAxes * ax, const NeuroAxesStyle * style,
    gboolean show_axes, gint64 t_lo, gint64 t_end, guint32 n_units,
    guint n_in, gint64 sweep_start, gint gap_px)
{
  cairo_t *cr = frame->cr;
  gboolean sweep = sweep_start != G_MININT64;
  gdouble span = (gdouble) (t_end - t_lo);
  /* in sweep mode the oldest gap_px columns' worth of time is blanked */
  gdouble gap_t = sweep ? gap_px / ax->w * span : 0;
  gdouble bin = s->rate_bin;
  gint64 k0, k1, nb, k;
  gint radius;
  gdouble ymax, maxv = 0;
  NeuroAxes a = *ax;
  guint i;

  /* whole bins inside the window, aligned to multiples of the bin width;
   * smoothing bin k needs the bins k +- radius: the past bins give those
   * left of the window, and the newest radius bins are not drawn until the
   * data right of them has come, so every bin drawn has its final value,
   * the one smoothing the whole recording gives */
  k0 = (gint64) ceil (t_lo / (bin * GST_SECOND) - 1e-9);
  k1 = (gint64) floor (t_end / (bin * GST_SECOND) + 1e-9);
  radius = smooth_radius (s->rate_smooth);
  nb = k1 - k0 - radius;
  if (k1 - k0 > 100000)
    nb = 0;                     /* absurdly fine bins: draw nothing */
  if (nb > 0) {
    gint64 ka = k0 - radius, nt = nb + 2 * radius;
    gdouble *c;

    if (self->bins_len < (gsize) nb) {
      g_free (self->bins);
      self->bins = g_new (gdouble, nb);
      self->bins_len = nb;
    }
    if (self->counts_tmp_len < (gsize) nt) {
      g_free (self->counts_tmp);
      self->counts_tmp = g_new (gdouble, nt);
      self->counts_tmp_len = nt;
    }
    c = self->counts_tmp;
    memset (c, 0, sizeof (gdouble) * nt);
    if (self->past_bin == bin) {
      for (k = 0; k < (gint64) self->past->len; k++) {
        gint64 kk = self->past_k0 + k - ka;

        if (kk >= 0 && kk < nt)
          c[kk] += g_array_index (self->past, gdouble, k);
      }
    }
    {
      /* spikes are in time order: count runs per bin, dividing only when
       * a spike leaves the current bin */
      gdouble bin_ns = bin * GST_SECOND;
      gint64 cur = G_MININT64, run = 0;
      gdouble lo = 0, hi = -1;

      for (i = self->head; i < n_in; i++) {
        gint64 t = g_array_index (self->spikes, NeuroSpike, i).t;

        if (t < lo || t >= hi) {
          if (cur >= ka && cur < k1)
            c[cur - ka] += run;
          cur = (gint64) floor (t / bin_ns);
          lo = cur * bin_ns;
          hi = (cur + 1) * bin_ns;
          run = 0;
        }
        run++;
      }
      if (cur >= ka && cur < k1)
        c[cur - ka] += run;
    }
    for (k = 0; k < nt; k++)
      c[k] /= bin * n_units;
    gaussian_smooth (c, self->bins, nb, s->rate_smooth);
    for (k = 0; k < nb; k++)
      maxv = MAX (maxv, self->bins[k]);
  }
  if (s->rate_max > 0) {
    ymax = s->rate_max;
  } else {
    gdouble ticks[16], step;
    gint nt = neuro_nice_ticks (0, MAX (maxv * 1.1, 1.0), 5, ticks, 16, &step);

    ymax = nt > 0 ? ticks[nt - 1] : 1.0;
    if (ymax < maxv * 1.1)
      ymax += step;
  }
  a.ymin = 0;
  a.ymax = ymax;

  if (nb > 0) {
    gdouble alpha = (s->rate_color >> 24) / 255.0;

    cairo_save (cr);
    cairo_rectangle (cr, a.x0, a.y0, a.w, a.h);
    cairo_clip (cr);
    {
      /* the area under the curve at 30% opacity, filled column by column
       * (far cheaper than a cairo polygon fill of the whole panel) */
      NeuroCanvas *cv = frame->canvas;
      guint32 fill = neuro_argb_premultiply (((guint32) (alpha * 0.3 * 255 +
                  0.5) << 24) | (s->rate_color & 0xffffff));
      gint xa = (gint) ceil (a.x0 + ((k0 + 0.5) * bin * GST_SECOND - t_lo) /
          span * a.w);
      gint xb = (gint) floor (a.x0 + ((k0 + nb - 0.5) * bin * GST_SECOND -
              t_lo) / span * a.w);
      gint ybot = (gint) floor (neuro_axes_y (&a, 0));
      gint ytop = (gint) ceil (a.y0);
      gint px, py;
      /* the panel holds only the background so far: blend once, then
       * store */
      guint32 bgpx = gst_neuro_renderer_get_background (GST_NEURO_RENDERER
          (self));

      if (GST_VIDEO_INFO_HAS_ALPHA (gst_neuro_renderer_get_video_info
              (GST_NEURO_RENDERER (self))))
        bgpx = neuro_argb_premultiply (bgpx);
      else
        bgpx |= 0xff000000;
      neuro_pixel_over (&bgpx, fill);
      fill = bgpx;
      if (sweep) {
        xa = (gint) ceil (a.x0);
        xb = (gint) floor (a.x0 + a.w) - 1;
      }
      xa = MAX (xa, (gint) ceil (a.x0));
      xb = MIN (xb, (gint) floor (a.x0 + a.w) - 1);
      ybot = MIN (ybot, cv->height);
      for (px = xa; px <= xb && px < cv->width; px++) {
        /* linear interpolation between bin centres */
        gdouble t = (px - a.x0) / a.w * span + (sweep ? sweep_start : t_lo);
        gdouble kf;
        gint kk;
        gdouble f, v;
        gint y0;

        if (sweep) {
          if (t > t_end)
            t -= span;          /* right of the cursor: the previous sweep */
          if (t - t_lo < gap_t)
            continue;
          kf = t / (bin * GST_SECOND) - 0.5 - k0;
          if (kf < 0 || kf > nb - 1)
            continue;
        } else {
          kf = t / (bin * GST_SECOND) - 0.5 - k0;
        }
        kk = (gint) floor (kf);
        f = kf - kk;
        if (kk < 0) {
          kk = 0;
          f = 0;
        }
        if (kk >= nb - 1) {
          kk = nb - 1;
          f = 0;
        }
        v = self->bins[kk] * (1 - f) + (kk + 1 < nb ? self->bins[kk + 1] *
            f : 0);
        y0 = (gint) ceil (neuro_axes_y (&a, MIN (v, a.ymax)));
        for (py = MAX (y0, ytop); py < ybot; py++)
          neuro_canvas_row (cv, py)[px] = fill;
      }
    }
    /* rate of bin k is drawn at the bin's centre; in sweep mode the line
     * breaks where the previous sweep meets the current one */
    for (k = 0; k < nb; k++) {
      gdouble tc = ((k0 + k) + 0.5) * bin * GST_SECOND;
      gdouble x, y = neuro_axes_y (&a, self->bins[k]);
      gboolean restart = k == 0;

      if (sweep) {
        gdouble d = tc - sweep_start;

        if (tc - t_lo < gap_t) {
          cairo_new_sub_path (cr);
          continue;
        }
        if (d < 0)
          d += span;
        else if (tc - ((k0 + k - 0.5) * bin * GST_SECOND) > 0
            && (k0 + k - 0.5) * bin * GST_SECOND < sweep_start)
          restart = TRUE;       /* first bin of the current sweep */
        x = a.x0 + d / span * a.w;
      } else {
        x = a.x0 + (tc - t_lo) / span * a.w;
      }
      if (restart || !cairo_has_current_point (cr))
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
    cairo_set_line_width (cr, MAX (1.5, style->font_size / 7.0));
    neuro_cairo_set_source_argb (cr, s->rate_color, 1.0);
    cairo_stroke (cr);
    cairo_restore (cr);
  }
  if (show_axes)
    neuro_axes_draw (&a, cr, frame->text, style);
}

/* Unit ids are integers: ticks as matplotlib's MaxNLocator (integer=True)
 * places them, steps of 1, 2, 5 or 10 x 10^k and never below 1. */
static gint
unit_ticks (gdouble lo, gdouble hi, gint max_ticks, gdouble * ticks,
    gint max_out)
{
  gdouble step, v;
  gint n = neuro_nice_ticks (lo, hi, max_ticks, ticks, max_out, &step);

  if (n > 0 && (step < 1 || fabs (step - round (step)) > 1e-9)) {
    /* below 1 -> 1; 2.5 (the one step > 1 that is not whole) -> 5 */
    step = step < 1 ? 1 : 2 * step;
    n = 0;
    for (v = ceil (lo / step) * step; v <= hi && n < max_out; v += step)
      ticks[n++] = v;
  }
  return n;
}

static GstFlowReturn
gst_spike_raster_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstSpikeRaster *self = GST_SPIKE_RASTER (r);
  NeuroCanvas *cv = frame->canvas;
  Settings s;
  guint32 first, last, n_units;
  gint64 win_ns, t_end = frame->t_end, t_lo, keep_from;
  gdouble fs;
  gboolean show_axes;
  gchar *title;
  NeuroMargins m;
  NeuroAxes ax;
  NeuroAxesStyle style;
  gint px0, py0, pw, ph, x, y;
  gboolean density;
  guint i, j, n_in;
  guint32 fg;
  gint64 sweep_start = 0;
  gint gap_px = 0;
  gdouble yticks[16];
  gint n_yt;

  read_settings (self, &s);
  shown_range (self, &first, &last);
  n_units = last - first + 1;
  win_ns = (gint64) (s.window * GST_SECOND);
  t_lo = t_end - win_ns;
  fg = gst_neuro_renderer_get_foreground (r);
  show_axes = gst_neuro_renderer_get_show_axes (r);
  fs = neuro_text_size_for_height (cv->height);

  /* producers may send records in any order: sort once, then every pass
   * below can stop at the window's end */
  if (!self->sorted) {
    g_array_remove_range (self->spikes, 0, self->head);
    self->head = 0;
    g_array_sort (self->spikes, compare_spike_time);
    self->sorted = TRUE;
  }
  /* forget what no later frame can show (the rate panel keeps the counts
   * of one smoothing radius of bins); compact now and then */
  keep_from = t_lo;
  if (s.rate_panel) {
    gdouble bin_ns = s.rate_bin * GST_SECOND;
    gint64 need_from = (gint64) ceil (t_lo / bin_ns - 1e-9) -
        smooth_radius (s.rate_smooth);

    if (self->past_bin != s.rate_bin) {
      g_array_set_size (self->past, 0);
      self->past_bin = s.rate_bin;
    }
    for (j = self->head; j < self->spikes->len &&
        g_array_index (self->spikes, NeuroSpike, j).t <= keep_from; j++)
      past_add (self, g_array_index (self->spikes, NeuroSpike, j).t, bin_ns,
          need_from);
    if (self->past->len > 0 && self->past_k0 < need_from) {
      guint drop = MIN (self->past->len, need_from - self->past_k0);

      g_array_remove_range (self->past, 0, drop);
      self->past_k0 += drop;
    }
  } else {
    g_array_set_size (self->past, 0);
  }
  for (j = self->head; j < self->spikes->len &&
      g_array_index (self->spikes, NeuroSpike, j).t <= keep_from; j++);
  self->head = j;
  if (self->head > 4096 && self->head > self->spikes->len / 2) {
    g_array_remove_range (self->spikes, 0, self->head);
    self->head = 0;
  }
  /* spikes [head, n_in) are inside (t_lo, t_end] */
  for (n_in = self->spikes->len; n_in > self->head &&
      g_array_index (self->spikes, NeuroSpike, n_in - 1).t > t_end; n_in--);

  title = gst_neuro_renderer_format_title (r, frame, DEFAULT_TITLE);
  if (show_axes)
    m = neuro_axes_default_margins (frame->text, cv->width, cv->height,
        title != NULL, TRUE, TRUE);
  else {
    m.left = m.right = m.bottom = 0;
    m.top = title ? fs * 2.2 : 0;
  }

  /* raster panel, and the rate panel below it */
  ax.x0 = round (m.left);
  ax.w = MAX (1, round (cv->width - m.right) - ax.x0);
  ax.y0 = round (m.top);
  if (s.rate_panel) {
    gdouble total = cv->height - m.top - m.bottom;
    gdouble gap = show_axes ? m.bottom + fs * 0.8 : fs;
    ax.h = MAX (1, round ((total - gap) * 0.62));
  } else {
    ax.h = MAX (1, round (cv->height - m.bottom) - ax.y0);
  }
  ax.xmin = 0;
  ax.xmax = s.window;
  /* unit u at y = u, on its tick, as matplotlib's eventplot or scatter of
   * unit ids */
  ax.ymin = first - 0.5;
  ax.ymax = last + 0.5;
  ax.y_inverted = FALSE;

  px0 = (gint) ax.x0;
  py0 = (gint) ax.y0;
  pw = MIN ((gint) ax.w, cv->width - px0);
  ph = MIN ((gint) ax.h, cv->height - py0);

  density = s.density == GST_SPIKE_RASTER_DENSITY_ALWAYS ||
      (s.density == GST_SPIKE_RASTER_DENSITY_AUTO && n_units > (guint32) ph);

  if (pw > 0 && ph > 0) {
    gint cursor_x = -1;

    if (s.mode == GST_SPIKE_RASTER_SWEEP) {
      /* sweeps start at multiples of the window in stream time */
      gint64 st = t_end + frame->stream_offset;
      gint64 k = st >= 0 ? st / win_ns : (st - win_ns + 1) / win_ns;

      sweep_start = k * win_ns - frame->stream_offset;
      cursor_x = (gint) ((t_end - sweep_start) * pw / win_ns);
      gap_px = MAX (2, pw / 50);
    }

    if (density) {
      gsize cells = (gsize) pw * ph;
      guint32 maxc = 0, *lut;
      guint16 *rows = NULL;
      gint64 next_b = G_MININT64, cur_b = G_MAXINT64;
      gint cx = 0;
      guint n_cells = 0;
      /* few spikes for many cells: draw from the spike list instead of
       * scanning every cell */
      gboolean sparse = (gsize) (n_in - self->head) < cells / 8;

      if (sparse && self->cell_of_spike_len < n_in - self->head) {
        g_free (self->cell_of_spike);
        self->cell_of_spike_len = n_in - self->head;
        self->cell_of_spike = g_new (guint32, self->cell_of_spike_len);
      }

      if (self->counts_len < cells) {
        g_free (self->counts);
        self->counts = g_new (guint16, cells);
        self->counts_len = cells;
      }
      memset (self->counts, 0, cells * sizeof (guint16));
      /* the row holding the unit's centre on the axes,
       * floor (ph - (u - first + 0.5) * ph / n_units) (there is its tick) */
      if (n_units <= (1u << 22)) {
        if (self->row_of_unit_len < n_units || self->row_key[0] != first ||
            self->row_key[1] != n_units || self->row_key[2] != (guint32) ph) {
          if (self->row_of_unit_len < n_units) {
            g_free (self->row_of_unit);
            self->row_of_unit = g_new (guint16, n_units);
            self->row_of_unit_len = n_units;
          }
          for (i = 0; i < n_units; i++)
            self->row_of_unit[i] = density_row (i, n_units, ph);
          self->row_key[0] = first;
          self->row_key[1] = n_units;
          self->row_key[2] = ph;
        }
        rows = self->row_of_unit;
      }
      /* The counts grid is column-major: spikes come in time order, so
       * consecutive increments stay within one column (cache friendly). */
      for (i = self->head; i < n_in; i++) {
        const NeuroSpike *sp = &g_array_index (self->spikes, NeuroSpike, i);
        gint64 dt;
        guint16 *c;

        /* stored before unit-range changed: no row (nor table entry) */
        if (sp->unit < first || sp->unit > last)
          continue;
        if (s.mode == GST_SPIKE_RASTER_SWEEP) {
          dt = sp->t - sweep_start;
          if (dt < 0)
            dt += win_ns;
        } else {
          dt = sp->t - t_lo;
        }
        /* column = floor (dt * pw / win_ns): walk the column boundaries
         * instead of dividing for every spike */
        if (dt < cur_b || dt >= next_b) {
          cx = (gint) (dt * pw / win_ns);
          cur_b = (cx * win_ns + pw - 1) / pw;
          next_b = ((cx + 1) * win_ns + pw - 1) / pw;
        }
        x = MIN (cx, pw - 1);   /* the window end is shown */
        y = rows ? rows[sp->unit - first] : density_row (sp->unit - first,
            n_units, ph);
        if (x < 0 || x >= pw)
          continue;
        c = &self->counts[(gsize) x * ph + y];
        if (sparse)
          self->cell_of_spike[n_cells++] = ((guint32) x << 16) | (guint32) y;
        if (*c < G_MAXUINT16)
          (*c)++;
        if (*c > maxc)
          maxc = *c;
      }
      lut = ensure_lut (self, ph);
      for (y = 0; y < ph; y++) {
        /* the unit whose centre is at the row's centre */
        guint32 u = first + (guint32) (((guint64) (2 * (ph - y) - 1) *
                n_units) / (2 * (guint64) ph));
        lut[y] = unit_color (&s, MIN (u, last), first, n_units);
      }
      if (maxc > 0) {
        /* opacity grows with the square root of the count (matplotlib's
         * PowerNorm (0.5)) so that single spikes stay visible next to dense
         * bursts; full at density-max Hz per unit over the pixel's units
         * and time, a scale that does not change from frame to frame */
        gdouble full = s.density_max * ((gdouble) n_units / ph) * (s.window /
            pw);
        guint8 *alpha_of = g_malloc (maxc + 1);
        guint32 premul[256], premul_base = 0;
        guint32 c;
        gint x0;

        for (c = 0; c <= maxc; c++)
          alpha_of[c] = (guint8) round (255.0 * sqrt (MIN (1.0, c / full)));
        premul[0] = 0;
        for (c = 1; c < 256; c++)
          premul[c] = 0;
        premul_base = ~lut[0];
        for (i = 0; sparse && i < n_cells; i++) {
          guint16 *cnt;
          guint32 base;

          x = self->cell_of_spike[i] >> 16;
          y = self->cell_of_spike[i] & 0xffff;
          cnt = &self->counts[(gsize) x * ph + y];
          if (!*cnt)
            continue;           /* cell already drawn */
          base = lut[y];
          if (base != premul_base) {
            for (c = 0; c < 256; c++)
              premul[c] = neuro_argb_premultiply (((c * (base >> 24) /
                          255) << 24) | (base & 0xffffff));
            premul_base = base;
          }
          neuro_pixel_over (neuro_canvas_row (cv, py0 + y) + px0 + x,
              premul[alpha_of[*cnt]]);
          *cnt = 0;
        }
        /* in strips of 16 columns: the strip's counts stay in cache while
         * the frame is written row by row */
        for (x0 = 0; !sparse && x0 < pw; x0 += 16) {
          gint x1 = MIN (pw, x0 + 16);

          for (y = 0; y < ph; y++) {
            guint32 *row = neuro_canvas_row (cv, py0 + y) + px0;
            const guint16 *cnt = self->counts + (gsize) x0 * ph + y;
            guint32 base = lut[y];

            for (x = x0; x < x1; x++, cnt += ph) {
              if (!*cnt)
                continue;
              if (base != premul_base) {
                /* premultiplied colour for every opacity, per colour */
                for (c = 0; c < 256; c++)
                  premul[c] = neuro_argb_premultiply (((c * (base >> 24) /
                              255) << 24) | (base & 0xffffff));
                premul_base = base;
              }
              neuro_pixel_over (&row[x], premul[alpha_of[*cnt]]);
            }
          }
        }
        g_free (alpha_of);
      }
    } else {
      gdouble row_h = ph / (gdouble) n_units;
      gdouble msize = s.marker_size > 0 ? s.marker_size : MAX (1.0,
          row_h * 0.8);
      gint half_w = 0, mh;
      guint32 *lut = NULL;
      guint32 single = neuro_argb_premultiply (s.color);

      if (s.marker == GST_SPIKE_RASTER_MARKER_DOT)
        half_w = MAX (0, (gint) (msize / 2));
      else
        half_w = s.marker_size >= 12 ? 1 : 0;   /* large ticks: 3 px wide */
      mh = MAX (1, (gint) round (msize));
      if (s.color_mode != GST_SPIKE_RASTER_COLOR_SINGLE && n_units <= 1 << 20) {
        lut = ensure_lut (self, n_units);
        for (i = 0; i < n_units; i++)
          lut[i] = neuro_argb_premultiply (unit_color (&s, first + i, first,
                  n_units));
      }
      for (i = self->head; i < n_in; i++) {
        const NeuroSpike *sp = &g_array_index (self->spikes, NeuroSpike, i);
        gint64 dt;
        gint yc, ya, yb, xa, xb, yy, xx;
        guint32 col;

        if (sp->unit < first || sp->unit > last)
          continue;
        if (s.mode == GST_SPIKE_RASTER_SWEEP) {
          dt = sp->t - sweep_start;
          if (dt < 0)
            dt += win_ns;
        } else {
          dt = sp->t - t_lo;
        }
        /* (t_lo, t_end] onto [0, pw): a spike at the window end is in the
         * last column */
        x = MIN ((gint) (dt * pw / win_ns), pw - 1);
        if (x < 0)
          continue;
        /* the unit's centre, where its tick is */
        yc = (gint) floor (ph - ((sp->unit - first) + 0.5) * row_h);
        ya = yc - mh / 2;
        yb = ya + mh;
        if (s.marker == GST_SPIKE_RASTER_MARKER_DOT) {
          ya = yc - half_w;
          yb = yc + half_w + 1;
        }
        xa = MAX (0, x - half_w);
        xb = MIN (pw, x + half_w + 1);
        ya = MAX (0, ya);
        yb = MIN (ph, yb);
        if (lut)
          col = lut[sp->unit - first];
        else if (s.color_mode == GST_SPIKE_RASTER_COLOR_SINGLE)
          col = single;
        else
          col = neuro_argb_premultiply (unit_color (&s, sp->unit, first,
                  n_units));
        for (yy = ya; yy < yb; yy++) {
          guint32 *row = neuro_canvas_row (cv, py0 + yy) + px0;
          for (xx = xa; xx < xb; xx++)
            neuro_pixel_over (&row[xx], col);
        }
      }
    }

    if (s.mode == GST_SPIKE_RASTER_SWEEP && cursor_x >= 0) {
      guint32 bg = gst_neuro_renderer_get_background (r);

      /* blank a gap after the cursor (back to the background, transparent
       * too), then draw the cursor itself */
      if (!GST_VIDEO_INFO_HAS_ALPHA (gst_neuro_renderer_get_video_info (r)))
        bg |= 0xff000000;
      neuro_canvas_set_rect (cv, px0 + cursor_x + 1, py0,
          px0 + MIN (pw, cursor_x + 1 + gap_px), py0 + ph, bg);
      neuro_canvas_fill_rect (cv, px0 + MIN (cursor_x, pw - 1), py0,
          px0 + MIN (cursor_x, pw - 1) + 1, py0 + ph,
          (fg & 0x00ffffff) | 0x80000000);
    }
  }

  neuro_axes_style_init (&style, fs, fg);
  style.spines_outside = TRUE;
  if (show_axes) {
    style.xlabel = "Time (s)";
    style.ylabel = "Neuron ID";
    /* integer ticks, at most as many as neuro_axes_draw would place */
    n_yt = unit_ticks (ax.ymin, ax.ymax, CLAMP ((gint) (ax.h / (fs * 3)), 2,
            10), yticks, G_N_ELEMENTS (yticks));
    if (n_yt > 0) {
      style.ytick_values = yticks;
      style.n_yticks = n_yt;
    }
    /* tick labels in stream seconds */
    if (s.mode == GST_SPIKE_RASTER_SWEEP) {
      gint64 st = t_end + frame->stream_offset;
      gint64 k = st >= 0 ? st / win_ns : (st - win_ns + 1) / win_ns;
      ax.xmin = (gdouble) k *win_ns / GST_SECOND;
      ax.xmax = ax.xmin + s.window;
    } else {
      ax.xmin = (t_lo + frame->stream_offset) / (gdouble) GST_SECOND;
      ax.xmax = (t_end + frame->stream_offset) / (gdouble) GST_SECOND;
    }
    neuro_axes_draw (&ax, frame->cr, frame->text, &style);
  }
  if (title)
    neuro_axes_title (&ax, frame->cr, frame->text, title, fs, fg);
  g_free (title);

  if (s.rate_panel) {
    NeuroAxes ra = ax;
    NeuroAxesStyle rstyle = style;
    gdouble bottom = cv->height - m.bottom;

    ra.y0 = round (ax.y0 + ax.h + (show_axes ? m.bottom + fs * 0.8 : fs));
    ra.h = MAX (1, round (bottom - ra.y0));
    if (s.mode == GST_SPIKE_RASTER_SWEEP) {
      ra.xmin = (sweep_start + frame->stream_offset) / (gdouble) GST_SECOND;
      ra.xmax = ra.xmin + s.window;
    } else {
      ra.xmin = (t_lo + frame->stream_offset) / (gdouble) GST_SECOND;
      ra.xmax = (t_end + frame->stream_offset) / (gdouble) GST_SECOND;
    }
    rstyle.ylabel = "Rate (Hz)";
    rstyle.grid = TRUE;
    rstyle.ytick_values = NULL;
    rstyle.n_yticks = 0;
    if (ra.h > 2)
      draw_rate_panel (self, frame, &s, &ra, &rstyle, show_axes, t_lo, t_end,
          n_units, n_in, s.mode == GST_SPIKE_RASTER_SWEEP ? sweep_start :
          G_MININT64, gap_px);
  }
  g_array_free (s.groups, TRUE);
  return GST_FLOW_OK;
}
