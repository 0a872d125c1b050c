/**
 * SECTION:element-signalscope
 * @title: signalscope
 *
 * Draws dense multichannel signals (`application/x-neuro-signal` or
 * interleaved F32LE `audio/x-raw`) as a moving figure: an oscilloscope with
 * the channels overlaid, a stacked (waterfall) view with one trace per
 * channel, a channel x time heatmap, or the whole history of the stream for
 * learning curves and slow metrics.
 *
 * Geometry (what the tests check).  The plot area is pw x ph pixels (the
 * whole frame with axes=false and title="").  Time is cut into columns of
 * window / pw seconds aligned to stream time 0: column c covers stream time
 * [c * window / pw, (c + 1) * window / pw).  The column containing the
 * frame's time t_end is the rightmost one (scroll), or, with sweep=true,
 * column c is drawn at x = c mod pw and the columns after the cursor hold
 * the previous sweep.  In every column the trace covers the range of the
 * piecewise-linear signal over the column's time span: the minimum and the
 * maximum of the samples inside it and the interpolated values at its two
 * edges.  So at 30 kHz on a few hundred pixels every sample still counts (a
 * one-sample spike is drawn in its column), and sparse samples are joined by
 * lines.  A NaN sample breaks the line; infinite values are treated as NaN
 * (with a warning on the bus).  Samples after t_end are never drawn.
 *
 * A value v is drawn in pixel row floor ((ymax - v) / (ymax - ymin) * ph)
 * of the plot (oscilloscope, history).  In the stacked view channel k
 * (0 = first shown channel, at the bottom) has a band of bh =
 * channel-spacing pixels (0: ph / channels); v is drawn in row
 * floor (ph - (k + 0.5 + (v - mid) / (ymax - ymin) * channel-height) * bh)
 * with mid = (ymin + ymax) / 2.  The heatmap gives channel k the rows
 * [ph - floor ((g + 1) * ph / G), ph - floor (g * ph / G)) of its group
 * g = floor (k * G / n), G = min (n, ph); a cell is the mean of the group's
 * samples in the column (or of the nearest samples when the column holds
 * none).
 *
 * With antialias=true, sparse traces (at most 4 samples per column and at
 * most 100000 points in the window) are drawn as antialiased cairo lines
 * like matplotlib's; everything else is drawn with per-column spans, one
 * pixel wide.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=sines channels=5 ! signalscope \
 *     ymin=-3 ymax=3 y-scale=fixed ! videoconvert ! autovideosink
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,channels=2 ! \
 *     signalscope mode=stacked window=0.05 ! videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=learning ! signalscope mode=history \
 *     x-unit=samples x-label=Epoch channel-names="Accuracy,Loss" ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=learning.mp4
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsignalscope.h"
#include "neurotypes.h"
#include "neuroclamp.h"

#include <math.h>
#include <string.h>
#include <stdlib.h>

GST_DEBUG_CATEGORY_STATIC (gst_signal_scope_debug);
#define GST_CAT_DEFAULT gst_signal_scope_debug

#define DEFAULT_MODE GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE
#define DEFAULT_WINDOW 2.0
#define DEFAULT_SWEEP FALSE
#define DEFAULT_Y_SCALE GST_SIGNAL_SCOPE_Y_STREAM
#define DEFAULT_YMIN -1.0
#define DEFAULT_YMAX 1.0
#define DEFAULT_Y_PER_CHANNEL FALSE
#define DEFAULT_CHANNEL_STRIDE 1
#define DEFAULT_COLORMAP NEURO_COLORMAP_VIRIDIS
#define DEFAULT_CHANNEL_HEIGHT 1.0
#define DEFAULT_CHANNEL_SPACING 0
#define DEFAULT_Y_LABEL "Amplitude"
#define DEFAULT_X_UNIT GST_SIGNAL_SCOPE_X_SECONDS
#define DEFAULT_LEGEND TRUE
#define DEFAULT_ANTIALIAS TRUE
#define DEFAULT_LINE_WIDTH 0.0

/* cairo lines only below these densities */
#define AA_MAX_SPC 4.0
#define AA_MAX_POINTS 100000
/* legend only for this many channels */
#define LEGEND_MAX 16
/* history summary: at most this many bytes of bins */
#define HIST_MAX_BYTES (64 << 20)
/* the window's samples of all shown channels: at most 2 GB */
#define MAX_RING_BYTES (G_GUINT64_CONSTANT (2) << 30)
/* the per-column envelopes of the shown rows: at most 4 GB */
#define MAX_CACHE_BYTES (G_GUINT64_CONSTANT (4) << 30)

enum
{
  PROP_0,
  PROP_MODE,
  PROP_WINDOW,
  PROP_SWEEP,
  PROP_Y_SCALE,
  PROP_YMIN,
  PROP_YMAX,
  PROP_Y_PER_CHANNEL,
  PROP_CHANNEL_RANGE,
  PROP_CHANNEL_STRIDE,
  PROP_CHANNEL_NAMES,
  PROP_COLORS,
  PROP_COLORMAP,
  PROP_CHANNEL_HEIGHT,
  PROP_CHANNEL_SPACING,
  PROP_Y_LABEL,
  PROP_X_LABEL,
  PROP_X_UNIT,
  PROP_LEGEND,
  PROP_ANTIALIAS,
  PROP_LINE_WIDTH,
};

/* Decimated min/max summary of the whole stream (history view): bin b of
 * channel k covers bs samples from first_idx + b * bs. */
typedef struct
{
  gboolean started;
  gint64 first_idx;
  gint64 fed;                   /* next absolute sample to add */
  guint bs;
  guint nbins;
  guint maxbins;
  guint n;                      /* channels */
  gfloat *lo, *hi, *first, *last;
} Hist;

struct _GstSignalScope
{
  GstNeuroRenderer parent;

  /* properties (object lock) */
  GstSignalScopeMode mode;
  gdouble window;
  gboolean sweep;
  GstSignalScopeYScale y_scale;
  gdouble ymin, ymax;
  gdouble warned_ymin, warned_ymax;     /* a bad ymin/ymax pair, told */
  gboolean y_per_channel;
  gchar *channel_range_str;
  gint64 range_first, range_last;       /* -1: all */
  guint channel_stride;
  gchar *channel_names_str;
  gchar *colors_str;
  GArray *colors;               /* guint32 ARGB */
  NeuroColormap colormap;
  gdouble channel_height;
  guint channel_spacing;
  gchar *y_label;
  gchar *x_label;
  GstSignalScopeXUnit x_unit;
  gboolean legend;
  gboolean antialias;
  gdouble line_width;

  /* streaming */
  gint channels;
  gdouble rate;
  guint *shown;                 /* stream channel of each shown channel */
  guint n_shown;
  gint64 sel_first, sel_last;
  guint sel_stride;

  /* ring of the latest samples: shown channel k, sample j at
   * ring[k * cap + (j & (cap - 1))] */
  gfloat *ring;
  gint64 cap;
  gint64 next_idx;              /* next sample to write */
  gint64 ring_start;            /* first valid sample */
  gint64 base_idx;              /* sample base_idx is at time base_pts */
  GstClockTime base_pts;
  gboolean have_base;
  guint max_buf;                /* largest buffer seen, in samples */
  guint generation;             /* changes whenever the timeline changes */
  gfloat *smin, *smax;          /* stream range per shown channel */
  gboolean warned_inf;

  /* per-column cache of the traces: [k * cc_pw + (c mod cc_pw)] */
  gfloat *col_lo, *col_hi;
  gint cc_pw, cc_rows;
  gdouble cc_colns;
  gint64 cc_offset;
  guint cc_gen;
  gboolean cc_valid, cc_heat;
  gint64 cc_done;               /* first column not final */
  /* heatmap colours of the cached cells */
  guint32 *hm_px;
  gdouble hm_vmin, hm_vmax;
  gint hm_cmap;
  guint32 hm_bad;

  Hist hist;

  /* scratch */
  gdouble *ya, *yb;             /* row = ya[k] - yb[k] * v */
  guint32 *chcol;
  gsize scratch_len;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SIGNAL_MEDIA_TYPE "; "
        "audio/x-raw, format = (string) F32LE, "
        "layout = (string) interleaved"));

#define GST_TYPE_SIGNAL_SCOPE_MODE (gst_signal_scope_mode_get_type ())
static GType
gst_signal_scope_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE, "Channels overlaid in one axes, "
          "with a legend", "oscilloscope"},
    {GST_SIGNAL_SCOPE_MODE_STACKED, "One trace per channel with a vertical "
          "offset (waterfall)", "stacked"},
    {GST_SIGNAL_SCOPE_MODE_HEATMAP, "Channel x time image through the "
          "colormap, with a colorbar", "heatmap"},
    {GST_SIGNAL_SCOPE_MODE_HISTORY, "The whole stream from its start, "
          "growing to the right (learning curves)", "history"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeMode",
            values));
  return type;
}

#define GST_TYPE_SIGNAL_SCOPE_Y_SCALE (gst_signal_scope_y_scale_get_type ())
static GType
gst_signal_scope_y_scale_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SIGNAL_SCOPE_Y_FIXED, "ymin to ymax", "fixed"},
    {GST_SIGNAL_SCOPE_Y_WINDOW, "Range of the samples shown in the frame, "
          "plus 5% margins", "window"},
    {GST_SIGNAL_SCOPE_Y_STREAM, "Range of every sample so far (only grows), "
          "plus 5% margins", "stream"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeYScale",
            values));
  return type;
}

#define GST_TYPE_SIGNAL_SCOPE_X_UNIT (gst_signal_scope_x_unit_get_type ())
static GType
gst_signal_scope_x_unit_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SIGNAL_SCOPE_X_SECONDS, "Stream time in seconds", "seconds"},
    {GST_SIGNAL_SCOPE_X_SAMPLES, "Sample count since the start (e.g. "
          "epochs)", "samples"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeXUnit",
            values));
  return type;
}

G_DEFINE_TYPE (GstSignalScope, gst_signal_scope, GST_TYPE_NEURO_RENDERER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (signalscope, "signalscope",
    GST_RANK_NONE, GST_TYPE_SIGNAL_SCOPE,
    GST_DEBUG_CATEGORY_INIT (gst_signal_scope_debug, "signalscope", 0,
        "signal scope renderer"));

static void gst_signal_scope_finalize (GObject * object);
static void gst_signal_scope_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_signal_scope_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static gboolean gst_signal_scope_set_sink_caps (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstCaps * caps);
static GstFlowReturn gst_signal_scope_consume (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstBuffer * buf);
static GstFlowReturn gst_signal_scope_render (GstNeuroRenderer * r,
    GstNeuroFrame * frame);
static void gst_signal_scope_reset (GstNeuroRenderer * r);

static void
gst_signal_scope_class_init (GstSignalScopeClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstNeuroRendererClass *r_class = GST_NEURO_RENDERER_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gobject_class->finalize = gst_signal_scope_finalize;
  gobject_class->set_property = gst_signal_scope_set_property;
  gobject_class->get_property = gst_signal_scope_get_property;

  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode", "View: oscilloscope, stacked "
          "traces, heatmap or whole-stream history",
          GST_TYPE_SIGNAL_SCOPE_MODE, DEFAULT_MODE, rw));
  g_object_class_install_property (gobject_class, PROP_WINDOW,
      g_param_spec_double ("window", "Window",
          "Length of the time window shown, in seconds (history: the "
          "initial x extent, doubled whenever the stream outgrows it); its "
          "samples (shown channels x rate x window x 4 bytes) may take at "
          "most 2 GB",
          1e-4, 3600.0, DEFAULT_WINDOW, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_SWEEP,
      g_param_spec_boolean ("sweep", "Sweep",
          "Oscilloscope sweep: a cursor moves left to right and overwrites "
          "the previous sweep, instead of scrolling", DEFAULT_SWEEP, rw));
  g_object_class_install_property (gobject_class, PROP_Y_SCALE,
      g_param_spec_enum ("y-scale", "Y scale", "How the y range (heatmap: "
          "the colour range) is chosen", GST_TYPE_SIGNAL_SCOPE_Y_SCALE,
          DEFAULT_Y_SCALE, rw));
  g_object_class_install_property (gobject_class, PROP_YMIN,
      g_param_spec_double ("ymin", "Y minimum",
          "Bottom of the y range with y-scale=fixed", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_YMIN, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_YMAX,
      g_param_spec_double ("ymax", "Y maximum",
          "Top of the y range with y-scale=fixed (above ymin; below it the "
          "two are swapped, equal they are widened by 5 %, with a warning)",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_YMAX,
          rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_Y_PER_CHANNEL,
      g_param_spec_boolean ("y-per-channel", "Y per channel",
          "Stacked view: automatic y ranges per channel instead of one "
          "shared range (y-scale=window or stream)", DEFAULT_Y_PER_CHANNEL,
          rw));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_RANGE,
      g_param_spec_string ("channel-range", "Channel range",
          "Channels shown, \"first-last\" inclusive, 0-based (e.g. "
          "\"0-63\"); empty or NULL shows every channel", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_STRIDE,
      g_param_spec_uint ("channel-stride", "Channel stride",
          "Show every Nth channel of the channel range", 1, 1 << 20,
          DEFAULT_CHANNEL_STRIDE, rw));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_NAMES,
      g_param_spec_string ("channel-names", "Channel names",
          "Comma-separated names of the stream's channels for the legend "
          "and the channel labels; missing names are \"Ch N\" (1-based)",
          NULL, rw));
  g_object_class_install_property (gobject_class, PROP_COLORS,
      g_param_spec_string ("colors", "Colors",
          "Comma-separated trace colours (#RRGGBB, #AARRGGBB, 0xAARRGGBB or "
          "decimal big-endian ARGB) "
          "(\"0xff1f77b4,#ff7f0e\"), cycled over the shown channels; empty "
          "takes the colours from the colormap", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Trace colours (evenly spaced over the shown channels, as "
          "matplotlib's cmap(np.linspace(0, 1, n))) and heatmap colours",
          NEURO_TYPE_COLORMAP, DEFAULT_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_HEIGHT,
      g_param_spec_double ("channel-height", "Channel height",
          "Stacked view: height of the y range in bands (1: the range fills "
          "the channel's band; more overlaps the neighbours)", 0.01, 1000.0,
          DEFAULT_CHANNEL_HEIGHT, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_CHANNEL_SPACING,
      g_param_spec_uint ("channel-spacing", "Channel spacing",
          "Stacked view: pixels between channel baselines; 0 fits all shown "
          "channels in the plot (channels above the plot are not drawn)",
          0, 10000, DEFAULT_CHANNEL_SPACING, rw));
  g_object_class_install_property (gobject_class, PROP_Y_LABEL,
      g_param_spec_string ("y-label", "Y label",
          "Label of the value axis, with its unit (heatmap: the colorbar)",
          DEFAULT_Y_LABEL, rw));
  g_object_class_install_property (gobject_class, PROP_X_LABEL,
      g_param_spec_string ("x-label", "X label",
          "Label of the x axis; NULL: \"Time (s)\" or \"Sample\"", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_X_UNIT,
      g_param_spec_enum ("x-unit", "X unit", "History view: x axis in "
          "seconds or in samples (epochs)", GST_TYPE_SIGNAL_SCOPE_X_UNIT,
          DEFAULT_X_UNIT, rw));
  g_object_class_install_property (gobject_class, PROP_LEGEND,
      g_param_spec_boolean ("legend", "Legend", "Show a legend with the "
          "channel names (oscilloscope and history, at most 16 channels)",
          DEFAULT_LEGEND, rw));
  g_object_class_install_property (gobject_class, PROP_ANTIALIAS,
      g_param_spec_boolean ("antialias", "Antialias", "Draw sparse traces "
          "as antialiased lines; dense ones are always per-column spans",
          DEFAULT_ANTIALIAS, rw));
  g_object_class_install_property (gobject_class, PROP_LINE_WIDTH,
      g_param_spec_double ("line-width", "Line width",
          "Width of antialiased lines in pixels; 0: matplotlib's 1.5 pt "
          "scaled to the frame", 0.0, 64.0, DEFAULT_LINE_WIDTH, rw));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &sink_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Signal scope",
      "Visualization/Video", "Draws dense multichannel signals (at most "
      "1048576 channels at up to 10 MHz) as an oscilloscope, stacked "
      "traces, a heatmap or a growing history",
      "gst-neuroviz developers");

  r_class->set_sink_caps = GST_DEBUG_FUNCPTR (gst_signal_scope_set_sink_caps);
  r_class->consume = GST_DEBUG_FUNCPTR (gst_signal_scope_consume);
  r_class->render = GST_DEBUG_FUNCPTR (gst_signal_scope_render);
  r_class->reset = GST_DEBUG_FUNCPTR (gst_signal_scope_reset);

  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_Y_SCALE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_X_UNIT, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
gst_signal_scope_init (GstSignalScope * self)
{
  self->mode = DEFAULT_MODE;
  self->window = DEFAULT_WINDOW;
  self->sweep = DEFAULT_SWEEP;
  self->y_scale = DEFAULT_Y_SCALE;
  self->ymin = DEFAULT_YMIN;
  self->ymax = DEFAULT_YMAX;
  self->warned_ymin = self->warned_ymax = NAN;
  self->y_per_channel = DEFAULT_Y_PER_CHANNEL;
  self->range_first = self->range_last = -1;
  self->channel_stride = DEFAULT_CHANNEL_STRIDE;
  self->colors = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->colormap = DEFAULT_COLORMAP;
  self->channel_height = DEFAULT_CHANNEL_HEIGHT;
  self->channel_spacing = DEFAULT_CHANNEL_SPACING;
  self->y_label = g_strdup (DEFAULT_Y_LABEL);
  self->x_unit = DEFAULT_X_UNIT;
  self->legend = DEFAULT_LEGEND;
  self->antialias = DEFAULT_ANTIALIAS;
  self->line_width = DEFAULT_LINE_WIDTH;
  self->sel_first = self->sel_last = -2;

  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

static void
hist_free (Hist * h)
{
  g_free (h->lo);
  memset (h, 0, sizeof (*h));
}

static void
free_stream_state (GstSignalScope * self)
{
  g_clear_pointer (&self->ring, g_free);
  g_clear_pointer (&self->shown, g_free);
  g_clear_pointer (&self->smin, g_free);
  g_clear_pointer (&self->col_lo, g_free);
  g_clear_pointer (&self->hm_px, g_free);
  self->col_hi = NULL;
  self->smax = NULL;
  self->cap = 0;
  self->n_shown = 0;
  self->cc_valid = FALSE;
  self->cc_pw = self->cc_rows = 0;
  hist_free (&self->hist);
}

static void
gst_signal_scope_finalize (GObject * object)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (object);

  free_stream_state (self);
  g_free (self->channel_range_str);
  g_free (self->channel_names_str);
  g_free (self->colors_str);
  g_free (self->y_label);
  g_free (self->x_label);
  g_array_free (self->colors, TRUE);
  g_free (self->ya);
  g_free (self->yb);
  g_free (self->chcol);
  G_OBJECT_CLASS (gst_signal_scope_parent_class)->finalize (object);
}

static void
gst_signal_scope_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (object);
  GError *err = NULL;
  gboolean parsed = FALSE;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_WINDOW:
      self->window = g_value_get_double (value);
      break;
    case PROP_SWEEP:
      self->sweep = g_value_get_boolean (value);
      break;
    case PROP_Y_SCALE:
      self->y_scale = g_value_get_enum (value);
      break;
    case PROP_YMIN:
      self->ymin = g_value_get_double (value);
      break;
    case PROP_YMAX:
      self->ymax = g_value_get_double (value);
      break;
    case PROP_Y_PER_CHANNEL:
      self->y_per_channel = g_value_get_boolean (value);
      break;
    case PROP_CHANNEL_RANGE:
      parsed = TRUE;
      /* a bad string keeps the previous range (and string) */
      if (neuro_parse_range (g_value_get_string (value), NEURO_MAX_CHANNELS,
              &self->range_first, &self->range_last, &err)) {
        g_free (self->channel_range_str);
        self->channel_range_str = g_value_dup_string (value);
      }
      break;
    case PROP_CHANNEL_STRIDE:
      self->channel_stride = g_value_get_uint (value);
      break;
    case PROP_CHANNEL_NAMES:
      g_free (self->channel_names_str);
      self->channel_names_str = g_value_dup_string (value);
      break;
    case PROP_COLORS:
      parsed = TRUE;
      if (neuro_parse_argb_list (g_value_get_string (value), self->colors,
              &err)) {
        g_free (self->colors_str);
        self->colors_str = g_value_dup_string (value);
      }
      break;
    case PROP_COLORMAP:
      self->colormap = g_value_get_enum (value);
      break;
    case PROP_CHANNEL_HEIGHT:
      self->channel_height = g_value_get_double (value);
      break;
    case PROP_CHANNEL_SPACING:
      self->channel_spacing = g_value_get_uint (value);
      break;
    case PROP_Y_LABEL:
      g_free (self->y_label);
      self->y_label = g_value_dup_string (value);
      break;
    case PROP_X_LABEL:
      g_free (self->x_label);
      self->x_label = g_value_dup_string (value);
      break;
    case PROP_X_UNIT:
      self->x_unit = g_value_get_enum (value);
      break;
    case PROP_LEGEND:
      self->legend = g_value_get_boolean (value);
      break;
    case PROP_ANTIALIAS:
      self->antialias = g_value_get_boolean (value);
      break;
    case PROP_LINE_WIDTH:
      self->line_width = g_value_get_double (value);
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
gst_signal_scope_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_WINDOW:
      g_value_set_double (value, self->window);
      break;
    case PROP_SWEEP:
      g_value_set_boolean (value, self->sweep);
      break;
    case PROP_Y_SCALE:
      g_value_set_enum (value, self->y_scale);
      break;
    case PROP_YMIN:
      g_value_set_double (value, self->ymin);
      break;
    case PROP_YMAX:
      g_value_set_double (value, self->ymax);
      break;
    case PROP_Y_PER_CHANNEL:
      g_value_set_boolean (value, self->y_per_channel);
      break;
    case PROP_CHANNEL_RANGE:
      g_value_set_string (value, self->channel_range_str);
      break;
    case PROP_CHANNEL_STRIDE:
      g_value_set_uint (value, self->channel_stride);
      break;
    case PROP_CHANNEL_NAMES:
      g_value_set_string (value, self->channel_names_str);
      break;
    case PROP_COLORS:
      g_value_set_string (value, self->colors_str);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, self->colormap);
      break;
    case PROP_CHANNEL_HEIGHT:
      g_value_set_double (value, self->channel_height);
      break;
    case PROP_CHANNEL_SPACING:
      g_value_set_uint (value, self->channel_spacing);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_X_UNIT:
      g_value_set_enum (value, self->x_unit);
      break;
    case PROP_LEGEND:
      g_value_set_boolean (value, self->legend);
      break;
    case PROP_ANTIALIAS:
      g_value_set_boolean (value, self->antialias);
      break;
    case PROP_LINE_WIDTH:
      g_value_set_double (value, self->line_width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------ streaming */

static gboolean
gst_signal_scope_set_sink_caps (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  NeuroSignalInfo info;

  if (!neuro_signal_info_from_caps (&info, caps)) {
    gchar *why = neuro_caps_problem (caps);

    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Invalid signal stream: %s", why ? why : "unsupported caps"),
        ("caps %" GST_PTR_FORMAT, caps));
    g_free (why);
    return FALSE;
  }
  if (info.channels != self->channels || info.rate != self->rate) {
    free_stream_state (self);
    self->sel_first = self->sel_last = -2;
    self->have_base = FALSE;
    self->next_idx = 0;
  }
  self->channels = info.channels;
  self->rate = info.rate;
  return TRUE;
}

static void
gst_signal_scope_reset (GstNeuroRenderer * r)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);

  free_stream_state (self);
  self->sel_first = self->sel_last = -2;
  self->have_base = FALSE;
  self->next_idx = 0;
  self->max_buf = 0;
  self->warned_inf = FALSE;
  self->generation++;
}

/* Works out the shown channels; rebuilds the stored data when they
 * changed.  FALSE (after an error message) when the range is unusable. */
static gboolean
ensure_selection (GstSignalScope * self)
{
  gint64 first, last;
  guint stride, k;

  GST_OBJECT_LOCK (self);
  first = self->range_first;
  last = self->range_last;
  stride = self->channel_stride;
  GST_OBJECT_UNLOCK (self);
  if (first < 0) {
    first = 0;
    last = self->channels - 1;
  }
  if (first == self->sel_first && last == self->sel_last
      && stride == self->sel_stride && self->shown)
    return TRUE;
  if (first >= self->channels) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("channel-range starts at channel %" G_GINT64_FORMAT ", but the "
            "stream has %d channels (0 to %d)", first, self->channels,
            self->channels - 1), (NULL));
    return FALSE;
  }
  if (last >= self->channels)
    GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
        ("Property 'channel-range' \"%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
            "\" goes beyond the stream's %d channels; showing channels %"
            G_GINT64_FORMAT " to %d", first, last, self->channels, first,
            self->channels - 1), (NULL));
  free_stream_state (self);
  self->sel_first = first;
  self->sel_last = last;
  self->sel_stride = stride;
  last = MIN (last, self->channels - 1);
  self->n_shown = (guint) ((last - first) / stride + 1);
  self->shown = g_new (guint, self->n_shown);
  for (k = 0; k < self->n_shown; k++)
    self->shown[k] = (guint) (first + (gint64) k * stride);
  self->smin = g_new (gfloat, 2 * self->n_shown);
  self->smax = self->smin + self->n_shown;
  for (k = 0; k < self->n_shown; k++) {
    self->smin[k] = INFINITY;
    self->smax[k] = -INFINITY;
  }
  /* the new ring starts empty where the old one ended */
  self->ring_start = self->next_idx;
  self->generation++;
  return TRUE;
}

static gboolean
ring_too_big (GstSignalScope * self, gdouble window, gdouble bytes)
{
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      ("A window of %g s of %u channels at %g Hz needs %.1f GB (channels x "
          "rate x window x 4 bytes), more than the %u GB signalscope keeps; "
          "shorten the window or show fewer channels (channel-range, "
          "channel-stride)", window, self->n_shown, self->rate, bytes / 1e9,
          (guint) (MAX_RING_BYTES >> 30)), (NULL));
  return FALSE;
}

static gboolean
ensure_ring (GstSignalScope * self, gdouble window)
{
  /* sized in double first: window x rate must not overflow the integer
   * sizes below, whatever the caps say */
  gdouble want = ceil (window * self->rate) + (gdouble) self->max_buf + 8;
  gint64 need, cap = 64, k, j, from;
  gsize cells, bytes;
  gfloat *ring;

  if (!(want * self->n_shown * sizeof (gfloat) <= (gdouble) MAX_RING_BYTES))
    return ring_too_big (self, window, want * self->n_shown * 4);
  need = (gint64) want;
  if (need <= self->cap)
    return TRUE;
  while (cap < need)
    cap <<= 1;
  if (!g_size_checked_mul (&cells, (gsize) cap, self->n_shown)
      || !g_size_checked_mul (&bytes, cells, sizeof (gfloat))
      || bytes > MAX_RING_BYTES)
    return ring_too_big (self, window, (gdouble) cap * self->n_shown * 4);
  ring = g_try_new (gfloat, cells);
  if (ring == NULL) {
    GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
        ("Cannot allocate %" G_GSIZE_FORMAT " MB for the signal window of "
            "%u channels at %g Hz", bytes / 1000000, self->n_shown,
            self->rate), (NULL));
    return FALSE;
  }
  for (j = 0; j < (gint64) cells; j++)
    ring[j] = NAN;
  from = MAX (self->ring_start, self->next_idx - self->cap);
  if (self->ring) {
    for (k = 0; k < self->n_shown; k++)
      for (j = from; j < self->next_idx; j++)
        ring[k * cap + (j & (cap - 1))] =
            self->ring[k * self->cap + (j & (self->cap - 1))];
  }
  g_free (self->ring);
  self->ring = ring;
  self->cap = cap;
  self->ring_start = from;
  return TRUE;
}

/* --------------------------------------------------------------- history */

static void
hist_start (Hist * h, guint n, gint64 first_idx)
{
  gsize per = 4 * sizeof (gfloat);
  guint maxbins = 4096;

  hist_free (h);
  while (maxbins > 64 && (gsize) maxbins * n * per > HIST_MAX_BYTES)
    maxbins >>= 1;
  h->started = TRUE;
  h->n = n;
  h->maxbins = maxbins;
  h->bs = 1;
  h->first_idx = h->fed = first_idx;
  h->lo = g_new (gfloat, (gsize) 4 * maxbins * n);
  h->hi = h->lo + (gsize) maxbins * n;
  h->first = h->hi + (gsize) maxbins * n;
  h->last = h->first + (gsize) maxbins * n;
}

/* Halves the resolution: bins 2i and 2i+1 become bin i. */
static void
hist_merge (Hist * h)
{
  guint k, i, nb = (h->nbins + 1) / 2;

  for (k = 0; k < h->n; k++) {
    gsize o = (gsize) k * h->maxbins;

    for (i = 0; i < nb; i++) {
      guint a = 2 * i, b = MIN (2 * i + 1, h->nbins - 1);
      gfloat lo = h->lo[o + a], hi = h->hi[o + a];

      if (h->lo[o + b] < lo || isnan (lo))
        lo = h->lo[o + b];
      if (h->hi[o + b] > hi || isnan (hi))
        hi = h->hi[o + b];
      h->first[o + i] = h->first[o + a];
      h->last[o + i] = h->last[o + b];
      h->lo[o + i] = lo;
      h->hi[o + i] = hi;
    }
  }
  h->nbins = nb;
  h->bs *= 2;
}

/* Adds the ring's samples up to @until (inclusive) to the summary. */
static void
hist_feed (GstSignalScope * self, gint64 until)
{
  Hist *h = &self->hist;
  gint64 j, mask = self->cap - 1;
  guint k;

  if (!h->started || h->n != self->n_shown)
    hist_start (h, self->n_shown, MAX (self->ring_start,
            self->next_idx - self->cap));
  if (h->fed < self->next_idx - self->cap)
    h->fed = self->next_idx - self->cap;        /* lost: leave a gap */
  for (j = h->fed; j <= until && j < self->next_idx; j++) {
    gint64 rel = j - h->first_idx;
    guint b = (guint) (rel / h->bs);
    gboolean fresh;

    if (b >= h->maxbins) {
      hist_merge (h);
      b = (guint) (rel / h->bs);
    }
    fresh = b >= h->nbins;
    if (fresh)
      h->nbins = b + 1;
    for (k = 0; k < h->n; k++) {
      gsize o = (gsize) k * h->maxbins + b;
      gfloat v = self->ring[k * self->cap + (j & mask)];

      if (fresh) {
        h->lo[o] = h->hi[o] = h->first[o] = v;
      } else {
        if (v < h->lo[o] || isnan (h->lo[o]))
          h->lo[o] = v;
        if (v > h->hi[o] || isnan (h->hi[o]))
          h->hi[o] = v;
      }
      h->last[o] = v;
    }
  }
  h->fed = MAX (h->fed, MIN (until + 1, self->next_idx));
}

static void
fill_nan (GstSignalScope * self, gint64 from, gint64 to)
{
  gint64 j, mask = self->cap - 1;
  guint k;

  from = MAX (from, to - self->cap);
  for (k = 0; k < self->n_shown; k++)
    for (j = from; j < to; j++)
      self->ring[k * self->cap + (j & mask)] = NAN;
}

static GstFlowReturn
gst_signal_scope_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  GstMapInfo map;
  const gfloat *in;
  gsize n, i, frame_bytes;
  gint64 mask, cap;
  guint k, C;
  gdouble window;
  gboolean history;
  GstClockTime pts = GST_BUFFER_PTS (buf);

  if (self->channels <= 0) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("signal data before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  GST_OBJECT_LOCK (self);
  window = self->window;
  history = self->mode == GST_SIGNAL_SCOPE_MODE_HISTORY;
  GST_OBJECT_UNLOCK (self);

  C = self->channels;
  frame_bytes = (gsize) C * sizeof (gfloat);
  if (!gst_buffer_map (buf, &map, GST_MAP_READ))
    return GST_FLOW_ERROR;
  if (map.size % frame_bytes != 0) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Signal buffer of %" G_GSIZE_FORMAT " bytes is not a whole number "
            "of sample frames (%u channels x 4 bytes = %" G_GSIZE_FORMAT
            " bytes each)", map.size, C, frame_bytes), (NULL));
    return GST_FLOW_ERROR;
  }
  n = map.size / frame_bytes;
  if (n == 0) {
    gst_buffer_unmap (buf, &map);
    return GST_FLOW_OK;
  }
  if (!ensure_selection (self)) {
    gst_buffer_unmap (buf, &map);
    return GST_FLOW_ERROR;
  }
  self->max_buf = MAX (self->max_buf, (guint) MIN (n, G_MAXINT));
  if (!ensure_ring (self, window)) {
    gst_buffer_unmap (buf, &map);
    return GST_FLOW_ERROR;
  }
  cap = self->cap;
  mask = cap - 1;

  /* place the buffer on the sample timeline */
  if (!self->have_base) {
    self->have_base = TRUE;
    self->base_pts = GST_CLOCK_TIME_IS_VALID (pts) ? pts : 0;
    self->base_idx = self->next_idx;
    self->ring_start = self->next_idx;
    self->generation++;
  } else if (GST_CLOCK_TIME_IS_VALID (pts)) {
    gint64 e = self->base_idx + (gint64) llround (((gdouble) pts -
            (gdouble) self->base_pts) * self->rate / GST_SECOND);

    if (e > self->next_idx + 1) {
      /* a hole in the data: it stays empty */
      if (history)
        hist_feed (self, e - cap - 1);
      fill_nan (self, self->next_idx, e);
      self->next_idx = e;
    } else if (e < self->next_idx - 1) {
      /* back in time without a flush: start a new timeline */
      fill_nan (self, self->next_idx - cap, self->next_idx);
      self->base_pts = pts;
      self->base_idx = self->next_idx;
      self->ring_start = self->next_idx;
      self->generation++;
      hist_free (&self->hist);
    }
  }
  if (history && self->hist.started)
    hist_feed (self, self->next_idx + (gint64) n - cap - 1);

  in = (const gfloat *) map.data;
  for (i = 0; i < n; i++) {
    const gfloat *fr = in + i * C;
    gint64 pos = (self->next_idx + (gint64) i) & mask;

    for (k = 0; k < self->n_shown; k++) {
      gfloat v;
#if G_BYTE_ORDER == G_BIG_ENDIAN
      union
      {
        gfloat f;
        guint32 u;
      } u;
      u.f = fr[self->shown[k]];
      u.u = GUINT32_FROM_LE (u.u);
      v = u.f;
#else
      v = fr[self->shown[k]];
#endif
      if (G_UNLIKELY (!isfinite (v))) {
        if (isinf (v) && !self->warned_inf) {
          self->warned_inf = TRUE;
          GST_ELEMENT_WARNING (self, STREAM, FORMAT,
              ("Channel %u has an infinite value at %.6f s; infinite values "
                  "are drawn as gaps, like NaN", self->shown[k],
                  (self->base_pts + (self->next_idx + (gint64) i -
                          self->base_idx) * GST_SECOND / self->rate) /
                  (gdouble) GST_SECOND), (NULL));
        }
        v = NAN;
      } else {
        if (v < self->smin[k])
          self->smin[k] = v;
        if (v > self->smax[k])
          self->smax[k] = v;
      }
      self->ring[k * cap + pos] = v;
    }
  }
  self->next_idx += n;
  gst_buffer_unmap (buf, &map);
  return GST_FLOW_OK;
}

/* ------------------------------------------------------------- columns */

/* Points j of a series: the raw ring (lo == hi == first == last) or the
 * history bins.  Point j is at index (j & mask) of the arrays, and the
 * arrays are contiguous for size points. */
typedef struct
{
  const gfloat *lo, *hi, *first, *last;
  gint64 mask, size;
  gint64 jmin, jmax;
} Series;

static inline void
minmax_f32 (const gfloat * v, gint64 n, gfloat * lo, gfloat * hi)
{
  gfloat l0 = *lo, h0 = *hi, l1 = *lo, h1 = *hi;
  gint64 i = 0;

  /* two accumulators; NaN fails every comparison and is skipped */
  for (; i + 1 < n; i += 2) {
    gfloat a = v[i], b = v[i + 1];
    l0 = a < l0 ? a : l0;
    h0 = a > h0 ? a : h0;
    l1 = b < l1 ? b : l1;
    h1 = b > h1 ? b : h1;
  }
  if (i < n) {
    gfloat a = v[i];
    l0 = a < l0 ? a : l0;
    h0 = a > h0 ? a : h0;
  }
  *lo = MIN (l0, l1);
  *hi = MAX (h0, h1);
}

/* Range of the piecewise-linear series over [fa, fb) in point units:
 * the points inside and the interpolated values at both edges.  FALSE
 * when nothing of the trace falls in the interval. */
static gboolean
series_envelope (const Series * s, gdouble fa, gdouble fb, gfloat * lo_out,
    gfloat * hi_out)
{
  gint64 ja = (gint64) ceil (fa), jb = (gint64) ceil (fb) - 1;
  gint64 a = MAX (ja, s->jmin), b = MIN (jb, s->jmax), j;
  gfloat lo = INFINITY, hi = -INFINITY;

  if (a <= b) {
    if (s->lo == s->hi) {
      while (a <= b) {
        gint64 p = a & s->mask;
        gint64 len = MIN (b - a + 1, s->size - p);

        minmax_f32 (s->lo + p, len, &lo, &hi);
        a += len;
      }
    } else {
      for (j = a; j <= b; j++) {
        gfloat l = s->lo[j & s->mask], h = s->hi[j & s->mask];
        lo = l < lo ? l : lo;
        hi = h > hi ? h : hi;
      }
    }
  }
  if (fa != (gdouble) ja && ja - 1 >= s->jmin && ja <= s->jmax) {
    gfloat v0 = s->last[(ja - 1) & s->mask], v1 = s->first[ja & s->mask];

    if (!isnan (v0) && !isnan (v1)) {
      gfloat v = v0 + (gfloat) (fa - (ja - 1)) * (v1 - v0);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  }
  if (jb >= s->jmin && jb + 1 <= s->jmax) {
    gfloat v0 = s->last[jb & s->mask], v1 = s->first[(jb + 1) & s->mask];

    if (!isnan (v0) && !isnan (v1)) {
      gfloat v = v0 + (gfloat) (fb - jb) * (v1 - v0);
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }
  }
  if (!(lo <= hi))
    return FALSE;
  *lo_out = lo;
  *hi_out = hi;
  return TRUE;
}

static inline gint64
cmod (gint64 c, gint64 n)
{
  gint64 r = c % n;
  return r < 0 ? r + n : r;
}

static inline gint64
floor_div (gint64 a, gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

typedef struct
{
  gdouble colns;                /* column width in ns */
  gint64 offset;                /* stream offset */
  gint64 jmin, jend;            /* samples that may be drawn */
} Timeline;

/* Fractional sample index of the start of column c. */
static inline gdouble
col_sample (GstSignalScope * self, const Timeline * tl, gint64 c)
{
  return ((gdouble) c * tl->colns - (gdouble) tl->offset -
      (gdouble) self->base_pts) * self->rate / GST_SECOND + self->base_idx;
}

static void
ring_series (GstSignalScope * self, const Timeline * tl, guint k, Series * s)
{
  s->lo = s->hi = s->first = s->last = self->ring + (gsize) k * self->cap;
  s->mask = self->cap - 1;
  s->size = self->cap;
  s->jmin = tl->jmin;
  s->jmax = tl->jend;
}

/* Makes the cache hold rows x pw cells for columns (c_end - pw, c_end].
 * Columns before cc_done are final (their samples and the next one are
 * all in) and are kept from frame to frame. */
static gboolean
update_cache (GstSignalScope * self, const Timeline * tl, gint pw,
    gint64 c_end, gboolean heat, guint rows)
{
  gint64 c_from, c, c_first = c_end - pw + 1, done;
  guint k, g;

  if (!self->cc_valid || self->cc_pw != pw || self->cc_rows != (gint) rows
      || self->cc_colns != tl->colns || self->cc_offset != tl->offset
      || self->cc_gen != self->generation || self->cc_heat != heat
      || c_end + 1 < self->cc_done) {
    /* rows x columns come from the caps (channels) and the output width */
    guint64 bytes = (guint64) rows * pw * (heat ? 12 : 8);

    g_clear_pointer (&self->col_lo, g_free);
    g_clear_pointer (&self->hm_px, g_free);
    self->cc_valid = FALSE;
    if (bytes <= MAX_CACHE_BYTES) {
      self->col_lo = g_try_new (gfloat, (gsize) 2 * rows * pw);
      self->hm_px = heat ? g_try_new (guint32, (gsize) rows * pw) : NULL;
    }
    if (self->col_lo == NULL || (heat && self->hm_px == NULL)) {
      g_clear_pointer (&self->col_lo, g_free);
      g_clear_pointer (&self->hm_px, g_free);
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("Drawing %u channels on %d columns needs %.1f GB (channels x "
              "columns x %d bytes), more than the %u GB signalscope can "
              "take; show fewer channels (channel-range, channel-stride)%s",
              rows, pw, bytes / 1e9, heat ? 12 : 8,
              (guint) (MAX_CACHE_BYTES >> 30), heat ? "" :
              " or use mode=heatmap"), (NULL));
      return FALSE;
    }
    self->col_hi = self->col_lo + (gsize) rows * pw;
    self->hm_cmap = -1;
    self->cc_pw = pw;
    self->cc_rows = rows;
    self->cc_colns = tl->colns;
    self->cc_offset = tl->offset;
    self->cc_gen = self->generation;
    self->cc_heat = heat;
    self->cc_valid = TRUE;
    self->cc_done = c_first;
  }
  c_from = MAX (self->cc_done, c_first);
  if (c_from > c_end)
    return TRUE;
  done = c_end + 1;
  for (c = c_from; c <= c_end; c++) {
    if ((gint64) ceil (col_sample (self, tl, c + 1)) > tl->jend) {
      done = c;
      break;
    }
  }

  if (!heat) {
    for (k = 0; k < self->n_shown; k++) {
      Series s;
      gfloat *lo = self->col_lo + (gsize) k * pw;
      gfloat *hi = self->col_hi + (gsize) k * pw;
      gdouble fa = col_sample (self, tl, c_from);

      ring_series (self, tl, k, &s);
      for (c = c_from; c <= c_end; c++) {
        gdouble fb = col_sample (self, tl, c + 1);
        gint64 p = cmod (c, pw);

        if (!series_envelope (&s, fa, fb, &lo[p], &hi[p]))
          lo[p] = hi[p] = NAN;
        fa = fb;
      }
    }
  } else {
    gint64 nc = c_end - c_from + 1, i;
    gdouble *acc = g_new0 (gdouble, 4 * nc);
    gint64 *ja = g_new (gint64, nc + 1);
    gint64 *jn = g_new (gint64, nc);
    gint64 mask = self->cap - 1;

    for (i = 0; i <= nc; i++)
      ja[i] = (gint64) ceil (col_sample (self, tl, c_from + i));
    for (i = 0; i < nc; i++)
      jn[i] = (gint64) floor ((col_sample (self, tl, c_from + i) +
              col_sample (self, tl, c_from + i + 1)) / 2 + 0.5);
    for (g = 0; g < rows; g++) {
      guint k0 = (guint) (((guint64) g * self->n_shown + rows - 1) / rows);
      guint k1 = (guint) (((guint64) (g + 1) * self->n_shown + rows - 1) /
          rows);
      gfloat *val = self->col_lo + (gsize) g * pw;

      memset (acc, 0, sizeof (gdouble) * 4 * nc);
      for (k = k0; k < k1; k++) {
        const gfloat *rg = self->ring + (gsize) k * self->cap;

        for (i = 0; i < nc; i++) {
          gint64 a = MAX (ja[i], tl->jmin), b = MIN (ja[i + 1] - 1, tl->jend);
          gint64 j;
          gdouble sum = 0, cnt = 0;

          for (j = a; j <= b; j++) {
            gfloat v = rg[j & mask];
            if (!isnan (v)) {
              sum += v;
              cnt += 1;
            }
          }
          acc[4 * i] += sum;
          acc[4 * i + 1] += cnt;
          if (cnt == 0 && jn[i] >= tl->jmin && jn[i] <= tl->jend) {
            gfloat v = rg[jn[i] & mask];
            if (!isnan (v)) {
              acc[4 * i + 2] += v;
              acc[4 * i + 3] += 1;
            }
          }
        }
      }
      for (i = 0; i < nc; i++) {
        gint64 p = cmod (c_from + i, pw);

        if (acc[4 * i + 1] > 0)
          val[p] = acc[4 * i] / acc[4 * i + 1];
        else if (acc[4 * i + 3] > 0)
          val[p] = acc[4 * i + 2] / acc[4 * i + 3];
        else
          val[p] = NAN;
        /* recolour this cell */
        self->col_hi[(gsize) g * pw + p] = 1.0f;
      }
    }
    g_free (acc);
    g_free (ja);
    g_free (jn);
  }
  self->cc_done = done;
  return TRUE;
}

/* -------------------------------------------------------------- render */

typedef struct
{
  GstSignalScopeMode mode;
  gdouble window;
  gboolean sweep;
  GstSignalScopeYScale y_scale;
  gdouble ymin, ymax;
  gboolean y_per_channel;
  NeuroColormap cmap;
  gdouble ch_height;
  guint ch_spacing;
  gchar *y_label, *x_label, *names;
  GArray *colors;
  GstSignalScopeXUnit x_unit;
  gboolean legend, antialias;
  gdouble line_width;
} Settings;

static void
read_settings (GstSignalScope * self, Settings * s)
{
  GST_OBJECT_LOCK (self);
  s->mode = self->mode;
  s->window = self->window;
  s->sweep = self->sweep;
  s->y_scale = self->y_scale;
  s->ymin = self->ymin;
  s->ymax = self->ymax;
  s->y_per_channel = self->y_per_channel;
  s->cmap = self->colormap;
  s->ch_height = self->channel_height;
  s->ch_spacing = self->channel_spacing;
  s->y_label = g_strdup (self->y_label);
  s->x_label = g_strdup (self->x_label);
  s->names = g_strdup (self->channel_names_str);
  s->colors = g_array_copy (self->colors);
  s->x_unit = self->x_unit;
  s->legend = self->legend;
  s->antialias = self->antialias;
  s->line_width = self->line_width;
  GST_OBJECT_UNLOCK (self);
}

static void
clear_settings (Settings * s)
{
  g_free (s->y_label);
  g_free (s->x_label);
  g_free (s->names);
  g_array_free (s->colors, TRUE);
}

/* matplotlib's autoscale: the data range plus 5% on each side */
static void
auto_range (gdouble lo, gdouble hi, gdouble * out_lo, gdouble * out_hi)
{
  gdouble span;

  if (!(lo <= hi) || !isfinite (lo) || !isfinite (hi)) {
    *out_lo = -1;
    *out_hi = 1;
    return;
  }
  span = hi - lo;
  if (span <= 0) {
    span = fabs (lo) > 0 ? fabs (lo) * 0.1 : 1.0;
    lo -= span / 2;
    hi += span / 2;
    span *= 2;
  }
  *out_lo = lo - 0.05 * span;
  *out_hi = hi + 0.05 * span;
}

static gchar **
channel_labels (GstSignalScope * self, const Settings * s)
{
  gchar **names = s->names ? g_strsplit (s->names, ",", -1) : NULL;
  guint nn = names ? g_strv_length (names) : 0, k;
  gchar **out = g_new0 (gchar *, self->n_shown + 1);

  for (k = 0; k < self->n_shown; k++) {
    guint ch = self->shown[k];
    const gchar *n = ch < nn ? g_strstrip (names[ch]) : NULL;

    out[k] = n && *n ? g_strdup (n) : g_strdup_printf ("Ch %u", ch + 1);
  }
  g_strfreev (names);
  return out;
}

static guint32
channel_color (GstSignalScope * self, const Settings * s, guint k)
{
  if (s->colors->len > 0)
    return g_array_index (s->colors, guint32, k % s->colors->len);
  return neuro_colormap_map (s->cmap, k, 0, MAX (self->n_shown, 1) - 1,
      0xff000000);
}

static void
ensure_scratch (GstSignalScope * self)
{
  if (self->scratch_len < self->n_shown) {
    g_free (self->ya);
    g_free (self->yb);
    g_free (self->chcol);
    self->ya = g_new (gdouble, self->n_shown);
    self->yb = g_new (gdouble, self->n_shown);
    self->chcol = g_new (guint32, self->n_shown);
    self->scratch_len = self->n_shown;
  }
}

/* Vertical span of one column: rows row(hi)..row(lo) of the plot. */
static inline void
draw_span (NeuroCanvas * cv, gint px, gint py0, gint ph, gdouble a, gdouble b,
    gfloat lo, gfloat hi, guint32 col)
{
  gdouble fa = a - b * hi, fb = a - b * lo;
  gint ra, rb, y;
  guint8 *p;

  if (!(fb >= 0) || !(fa < ph))
    return;
  /* floor () without a libm call: both are >= -2^20 after clamping */
  ra = fa < 0 ? 0 : (gint) fa;
  rb = fb >= ph ? ph - 1 : (gint) fb;
  p = cv->data + (gsize) (py0 + ra) * cv->stride + (gsize) px * 4;
  if ((col >> 24) == 0xff) {
    for (y = ra; y <= rb; y++, p += cv->stride)
      *(guint32 *) p = col;
  } else {
    for (y = ra; y <= rb; y++, p += cv->stride)
      neuro_pixel_over ((guint32 *) p, col);
  }
}

/* Antialiased polyline of ring samples [j0, j1] of channel k; x of sample
 * j is x_of (u_j) with u_j its fractional column. */
static void
path_ring (GstSignalScope * self, cairo_t * cr, guint k, gint64 j0, gint64 j1,
    gdouble xoff, gdouble ucol0, gdouble ustep, gdouble py0, gdouble a,
    gdouble b)
{
  const gfloat *rg = self->ring + (gsize) k * self->cap;
  gint64 j, mask = self->cap - 1;
  gboolean pen = FALSE;

  for (j = j0; j <= j1; j++) {
    gfloat v = rg[j & mask];
    gdouble x = xoff + ucol0 + (j - j0) * ustep;

    if (isnan (v)) {
      pen = FALSE;
      continue;
    }
    if (pen)
      cairo_line_to (cr, x, py0 + a - b * v);
    else
      cairo_move_to (cr, x, py0 + a - b * v);
    pen = TRUE;
  }
}

static void
draw_legend (cairo_t * cr, NeuroText * t, const NeuroAxes * ax,
    gchar ** labels, const guint32 * colors, guint n, gdouble fs, guint32 fg,
    gdouble lw)
{
  gdouble pad = fs * 0.5, line = fs * 2.0, rowh = fs * 1.35, maxw = 0, w, h;
  gdouble x0, y0;
  guint k;

  for (k = 0; k < n; k++) {
    gdouble tw;
    neuro_text_extent (t, labels[k], fs, FALSE, &tw, NULL);
    maxw = MAX (maxw, tw);
  }
  w = pad * 2 + line + fs * 0.6 + maxw;
  h = pad * 2 + rowh * n - (rowh - fs);
  x0 = round (ax->x0 + ax->w - w - fs * 0.6) + 0.5;
  y0 = round (ax->y0 + fs * 0.6) + 0.5;
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x0, y0, w, h);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, 0.8, 0.8, 0.8, 0.8);
  cairo_stroke (cr);
  cairo_set_line_width (cr, lw);
  for (k = 0; k < n; k++) {
    gdouble yc = y0 + pad + fs / 2 + k * rowh;

    neuro_cairo_set_source_argb (cr, colors[k], 1.0);
    cairo_move_to (cr, x0 + pad, yc);
    cairo_line_to (cr, x0 + pad + line, yc);
    cairo_stroke (cr);
    neuro_text_draw (t, cr, labels[k], x0 + pad + line + fs * 0.6, yc, fs,
        FALSE, fg, NEURO_ALIGN_START, NEURO_ALIGN_CENTER, FALSE);
  }
  cairo_restore (cr);
}

/* Channel labels on the y axis at band centres, thinned to fit. */
static void
channel_ticks (guint n, gdouble ymax_units, gdouble ph, gdouble fs,
    gchar ** labels, GArray * vals, GPtrArray * labs)
{
  guint maxl = MAX (1, (guint) (ph / (fs * 1.6)));
  guint step = (n + maxl - 1) / maxl, k;

  if (step > 1) {
    /* 1, 2, 5, 10, 20 ... */
    guint base = 1;
    for (;;) {
      if (base >= step || 2 * base >= step || 5 * base >= step) {
        step = base >= step ? base : 2 * base >= step ? 2 * base : 5 * base;
        break;
      }
      base *= 10;
    }
  }
  for (k = 0; k < n; k += MAX (step, 1)) {
    gdouble v = k + 0.5;
    if (v > ymax_units)
      break;
    g_array_append_val (vals, v);
    g_ptr_array_add (labs, labels[k]);
  }
}

static const gchar *
default_title (GstSignalScopeMode mode)
{
  switch (mode) {
    case GST_SIGNAL_SCOPE_MODE_STACKED:
      return "Waterfall Display (t = {t})";
    case GST_SIGNAL_SCOPE_MODE_HEATMAP:
      return "Signal Intensity Heatmap (t = {t})";
    case GST_SIGNAL_SCOPE_MODE_HISTORY:
      return "History (t = {t})";
    default:
      return "Oscilloscope View (t = {t})";
  }
}

/* ymin >= ymax: swapped (drawn upright, not inverted as matplotlib's
 * set_ylim (5, 0) would), or, equal, widened by 5 % of |y| (0.05 at 0) as
 * matplotlib's set_ylim does (Locator.nonsingular); a warning with the
 * values when y-scale=fixed uses them */
static void
fix_ylim (GstSignalScope * self, Settings * s)
{
  gdouble lo = s->ymin, hi = s->ymax;

  if (lo > hi) {
    s->ymin = hi;
    s->ymax = lo;
  } else if (lo == 0) {
    s->ymin = -0.05;
    s->ymax = 0.05;
  } else {
    s->ymin = lo - 0.05 * fabs (lo);
    s->ymax = hi + 0.05 * fabs (hi);
  }
  if (s->y_scale != GST_SIGNAL_SCOPE_Y_FIXED || (lo == self->warned_ymin
          && hi == self->warned_ymax))
    return;
  self->warned_ymin = lo;
  self->warned_ymax = hi;
  GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
      ("Properties ymin=%g and ymax=%g: ymin must be below ymax; drawing "
          "y from %g to %g", lo, hi, s->ymin, s->ymax), (NULL));
}

static GstFlowReturn
gst_signal_scope_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  NeuroCanvas *cv = frame->canvas;
  cairo_t *cr = frame->cr;
  Settings s;
  guint32 fg, bgp;
  gboolean show_axes, heat, hist, stacked, use_aa = FALSE;
  gdouble fs, lw, colns, ylo = -1, yhi = 1;
  gchar *title, **labels = NULL;
  NeuroMargins m;
  NeuroAxes ax;
  NeuroAxesStyle style;
  gint px0, py0, pw, ph, x, cursor = -1, gap = 0;
  gint64 c_end = 0, c0 = 0;
  guint n, k, rows = 0;
  Timeline tl;
  gdouble hspan = 1, hxmin = 0, hur = 1;
  gdouble cb_space = 0;
  GArray *tick_vals = NULL;
  GPtrArray *tick_labs = NULL;

  read_settings (self, &s);
  if (self->channels > 0 && !self->shown && !ensure_selection (self)) {
    clear_settings (&s);
    return GST_FLOW_ERROR;
  }
  n = self->n_shown;
  heat = s.mode == GST_SIGNAL_SCOPE_MODE_HEATMAP;
  hist = s.mode == GST_SIGNAL_SCOPE_MODE_HISTORY;
  stacked = s.mode == GST_SIGNAL_SCOPE_MODE_STACKED;
  fg = gst_neuro_renderer_get_foreground (r);
  bgp = neuro_argb_premultiply (gst_neuro_renderer_get_background (r));
  show_axes = gst_neuro_renderer_get_show_axes (r);
  fs = neuro_text_size_for_height (cv->height);
  lw = s.line_width > 0 ? s.line_width : MAX (1.0, fs * 0.15);
  if (s.ymax <= s.ymin)
    fix_ylim (self, &s);

  title = gst_neuro_renderer_format_title (r, frame, default_title (s.mode));
  if (show_axes) {
    m = neuro_axes_default_margins (frame->text, cv->width, cv->height,
        title != NULL, TRUE, TRUE);
    if (heat) {
      gdouble tw;
      neuro_text_extent (frame->text, "-0.00", fs, FALSE, &tw, NULL);
      cb_space = 0.02 * cv->width + MAX (6, round (0.018 * cv->width)) +
          tw + fs * 2.5;
      m.right += cb_space;
    }
  } else {
    m.left = m.right = m.bottom = 0;
    m.top = title ? fs * 2.2 : 0;
  }
  ax.x0 = round (m.left);
  ax.w = MAX (1, round (cv->width - m.right) - ax.x0);
  ax.y0 = round (m.top);
  ax.h = MAX (1, round (cv->height - m.bottom) - ax.y0);
  ax.y_inverted = FALSE;
  px0 = (gint) ax.x0;
  py0 = (gint) ax.y0;
  pw = MIN ((gint) ax.w, cv->width - px0);
  ph = MIN ((gint) ax.h, cv->height - py0);
  if (pw < 1 || ph < 1 || n == 0 || self->rate <= 0)
    goto decorate;

  ensure_scratch (self);
  labels = channel_labels (self, &s);
  for (k = 0; k < n; k++)
    self->chcol[k] = channel_color (self, &s, k);

  colns = s.window * GST_SECOND / pw;
  tl.colns = colns;
  tl.offset = frame->stream_offset;
  if (self->have_base && self->ring) {
    gint64 je = self->base_idx + (gint64) floor (((gdouble) frame->t_end -
            (gdouble) self->base_pts) * self->rate / GST_SECOND + 1e-6);
    tl.jend = MIN (je, self->next_idx - 1);
    tl.jmin = MAX (self->ring_start, self->next_idx - self->cap);
  } else {
    tl.jend = -1;
    tl.jmin = 0;
  }
  c_end = (gint64) floor ((frame->t_end + frame->stream_offset) / colns);
  c0 = c_end - pw + 1;
  if (s.sweep && !hist) {
    cursor = (gint) cmod (c_end, pw);
    gap = MAX (2, pw / 50);
  }

  if (hist) {
    Hist *h = &self->hist;

    if (self->ring && tl.jend >= tl.jmin)
      hist_feed (self, tl.jend);
    hur = s.x_unit == GST_SIGNAL_SCOPE_X_SAMPLES ? 1.0 : self->rate;
    hspan = s.x_unit == GST_SIGNAL_SCOPE_X_SAMPLES ? s.window * self->rate :
        s.window;
    if (h->started && h->fed > h->first_idx) {
      gdouble last = (h->fed - 1 - h->first_idx) / hur;
      while (last > hspan)
        hspan *= 2;
    }
    if (s.x_unit == GST_SIGNAL_SCOPE_X_SECONDS && h->started)
      hxmin = (self->base_pts + frame->stream_offset + (h->first_idx -
              self->base_idx) * GST_SECOND / self->rate) / GST_SECOND;
  } else {
    rows = heat ? (guint) MIN ((gint) n, ph) : n;
    if (self->ring && !update_cache (self, &tl, pw, c_end, heat, rows)) {
      g_strfreev (labels);
      g_free (title);
      clear_settings (&s);
      return GST_FLOW_ERROR;
    }
  }

  /* value range, shared */
  if (s.y_scale == GST_SIGNAL_SCOPE_Y_FIXED) {
    ylo = s.ymin;
    yhi = s.ymax;
  } else {
    gdouble lo = INFINITY, hi = -INFINITY;

    if (s.y_scale == GST_SIGNAL_SCOPE_Y_STREAM || (hist
            && self->hist.nbins == 0)) {
      for (k = 0; k < n; k++) {
        lo = MIN (lo, self->smin[k]);
        hi = MAX (hi, self->smax[k]);
      }
    } else if (hist) {
      Hist *h = &self->hist;
      for (k = 0; k < n && h->started; k++) {
        gfloat l = INFINITY, u = -INFINITY;
        minmax_f32 (h->lo + (gsize) k * h->maxbins, h->nbins, &l, &u);
        lo = MIN (lo, l);
        minmax_f32 (h->hi + (gsize) k * h->maxbins, h->nbins, &l, &u);
        hi = MAX (hi, u);
      }
    } else if (self->col_lo) {
      gfloat l = INFINITY, u = -INFINITY;
      minmax_f32 (self->col_lo, (gint64) rows * pw, &l, &u);
      lo = l;
      hi = u;
      if (!heat) {
        l = INFINITY;
        u = -INFINITY;
        minmax_f32 (self->col_hi, (gint64) rows * pw, &l, &u);
        hi = u;
      }
    }
    auto_range (lo, hi, &ylo, &yhi);
  }

  /* row = ya - yb * v for each channel */
  for (k = 0; k < n; k++) {
    gdouble lo = ylo, hi = yhi, R;

    if (stacked && s.y_per_channel && s.y_scale != GST_SIGNAL_SCOPE_Y_FIXED) {
      gfloat l = INFINITY, u = -INFINITY;

      if (s.y_scale == GST_SIGNAL_SCOPE_Y_STREAM) {
        l = self->smin[k];
        u = self->smax[k];
      } else if (self->col_lo) {
        gfloat d = INFINITY;
        minmax_f32 (self->col_lo + (gsize) k * pw, pw, &l, &d);
        d = -INFINITY;
        minmax_f32 (self->col_hi + (gsize) k * pw, pw, &d, &u);
      }
      auto_range (l, u, &lo, &hi);
    }
    R = hi - lo;
    if (stacked) {
      gdouble bh = s.ch_spacing > 0 ? s.ch_spacing : ph / (gdouble) n;
      gdouble mid = (lo + hi) / 2;

      self->ya[k] = ph - (k + 0.5) * bh + mid * s.ch_height * bh / R;
      self->yb[k] = s.ch_height * bh / R;
      if (!isfinite (self->ya[k]) || !isfinite (self->yb[k])) {
        /* limits near ±1e308 overflow R or the products: halves */
        self->yb[k] = s.ch_height * bh / 2 / (hi / 2 - lo / 2);
        self->ya[k] = ph - (k + 0.5) * bh + (lo / 2 + hi / 2) * self->yb[k];
      }
    } else {
      self->ya[k] = hi * ph / R;
      self->yb[k] = ph / R;
      if (!isfinite (self->ya[k]) || !isfinite (self->yb[k])) {
        self->yb[k] = ph / 2.0 / (hi / 2 - lo / 2);
        self->ya[k] = hi / 2 / (hi / 2 - lo / 2) * ph;
      }
    }
  }

  if (heat && self->hm_px) {
    NeuroColormap cm = s.cmap;
    gboolean all = self->hm_cmap != (gint) cm || self->hm_vmin != ylo
        || self->hm_vmax != yhi || self->hm_bad != bgp;
    gsize cells = (gsize) rows * pw, i;
    guint g;
    gint p0 = (gint) cmod (c0, pw), y;

    for (i = 0; i < cells; i++) {
      if (all || self->col_hi[i] != 0.0f) {
        self->hm_px[i] = neuro_colormap_map (cm, self->col_lo[i], ylo, yhi,
            bgp);
        self->col_hi[i] = 0.0f;
      }
    }
    self->hm_cmap = cm;
    self->hm_vmin = ylo;
    self->hm_vmax = yhi;
    self->hm_bad = bgp;
    for (g = 0; g < rows; g++) {
      gint r0 = ph - (gint) (((gint64) (g + 1) * ph) / rows);
      gint r1 = ph - (gint) (((gint64) g * ph) / rows);
      const guint32 *src = self->hm_px + (gsize) g * pw;

      for (y = r0; y < r1; y++) {
        guint32 *dst = neuro_canvas_row (cv, py0 + y) + px0;

        if (cursor >= 0) {
          memcpy (dst, src, pw * 4);
        } else {
          memcpy (dst, src + p0, (pw - p0) * 4);
          memcpy (dst + (pw - p0), src, p0 * 4);
        }
      }
    }
  } else if (hist && self->hist.started && self->hist.nbins > 0) {
    Hist *h = &self->hist;
    gdouble per_col = hspan * hur / pw;         /* samples per column */

    use_aa = s.antialias && h->bs == 1 && per_col <= AA_MAX_SPC
        && (gsize) h->nbins * n <= AA_MAX_POINTS;
    if (use_aa) {
      cairo_save (cr);
      cairo_rectangle (cr, px0, py0, pw, ph);
      cairo_clip (cr);
      cairo_set_line_width (cr, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      cairo_set_tolerance (cr, 0.5);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      for (k = 0; k < n; k++) {
        const gfloat *v = h->lo + (gsize) k * h->maxbins;
        gboolean pen = FALSE;
        guint j;

        cairo_new_path (cr);
        for (j = 0; j < h->nbins; j++) {
          gdouble xx = px0 + j / per_col, yy = py0 + self->ya[k] -
              self->yb[k] * v[j];
          if (isnan (v[j])) {
            pen = FALSE;
            continue;
          }
          if (pen)
            cairo_line_to (cr, xx, yy);
          else
            cairo_move_to (cr, xx, yy);
          pen = TRUE;
        }
        neuro_cairo_set_source_argb (cr, self->chcol[k], 1.0);
        cairo_stroke (cr);
      }
      cairo_restore (cr);
    } else {
      for (k = 0; k < n; k++) {
        Series se;
        guint32 col = neuro_argb_premultiply (self->chcol[k]);
        gsize o = (gsize) k * h->maxbins;
        gdouble half = (h->bs - 1) / 2.0;

        se.lo = h->lo + o;
        se.hi = h->hi + o;
        se.first = h->first + o;
        se.last = h->last + o;
        se.mask = G_MAXINT64;
        se.size = G_MAXINT64;
        se.jmin = 0;
        se.jmax = h->nbins - 1;
        for (x = 0; x < pw; x++) {
          gfloat lo, hi;
          gdouble fa = (x * per_col - half) / h->bs;
          gdouble fb = ((x + 1) * per_col - half) / h->bs;

          if (series_envelope (&se, fa, fb, &lo, &hi))
            draw_span (cv, px0 + x, py0, ph, self->ya[k], self->yb[k], lo,
                hi, col);
        }
      }
    }
  } else if (!heat && !hist && self->col_lo) {
    gdouble spc = s.window * self->rate / pw;

    use_aa = s.antialias && spc <= AA_MAX_SPC
        && s.window * self->rate * n <= AA_MAX_POINTS;
    if (use_aa && tl.jend >= tl.jmin) {
      gdouble ustep = GST_SECOND / self->rate / colns;

      cairo_save (cr);
      cairo_set_line_width (cr, lw);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      cairo_set_tolerance (cr, 0.5);
      cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
      for (k = 0; k < n; k++) {
        gint pass;

        for (pass = 0; pass < (cursor >= 0 ? 2 : 1); pass++) {
          gint64 cs, cl, j0, j1;
          gdouble u0, xoff;
          gint cx0, cx1;

          if (cursor < 0) {
            cs = c0;
            cl = c_end;
            cx0 = 0;
            cx1 = pw;
            xoff = px0 - (gdouble) c0;
          } else if (pass == 0) {
            cs = c_end - cursor;
            cl = c_end;
            cx0 = 0;
            cx1 = cursor + 1;
            xoff = px0 - (gdouble) cs;
          } else {
            cs = c0;
            cl = c_end - cursor - 1;
            cx0 = MIN (pw, cursor + 1 + gap);
            cx1 = pw;
            xoff = px0 - (gdouble) (c_end - cursor - pw);
          }
          if (cx1 <= cx0)
            continue;
          j0 = MAX (tl.jmin, (gint64) floor (col_sample (self, &tl, cs)) - 1);
          j1 = MIN (tl.jend, (gint64) ceil (col_sample (self, &tl, cl + 1)));
          if (j1 < j0)
            continue;
          u0 = (self->base_pts + tl.offset + (j0 - self->base_idx) *
              (gdouble) GST_SECOND / self->rate) / colns;
          cairo_save (cr);
          cairo_rectangle (cr, px0 + cx0, py0, cx1 - cx0, ph);
          cairo_clip (cr);
          cairo_new_path (cr);
          path_ring (self, cr, k, j0, j1, xoff, u0, ustep, py0, self->ya[k],
              self->yb[k]);
          neuro_cairo_set_source_argb (cr, self->chcol[k], 1.0);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      }
      cairo_restore (cr);
    } else if (!use_aa) {
      gint p0 = (gint) cmod (c0, pw);

      for (k = 0; k < n; k++) {
        const gfloat *lo = self->col_lo + (gsize) k * pw;
        const gfloat *hi = self->col_hi + (gsize) k * pw;
        guint32 col = neuro_argb_premultiply (self->chcol[k]);
        gdouble a = self->ya[k], b = self->yb[k];

        for (x = 0; x < pw; x++) {
          gint p;

          if (cursor >= 0) {
            if (x > cursor && x <= cursor + gap)
              continue;
            p = x;
          } else {
            p = x + p0 < pw ? x + p0 : x + p0 - pw;
          }
          if (!isnan (lo[p]))
            draw_span (cv, px0 + x, py0, ph, a, b, lo[p], hi[p], col);
        }
      }
    }
  }

  if (cursor >= 0) {
    guint32 bg = gst_neuro_renderer_get_background (r);

    /* the gap is background, transparent when the background is */
    if (!GST_VIDEO_INFO_HAS_ALPHA (gst_neuro_renderer_get_video_info (r)))
      bg |= 0xff000000;
    neuro_canvas_set_rect (cv, px0 + cursor + 1, py0,
        px0 + MIN (pw, cursor + 1 + gap), py0 + ph, bg);
    neuro_canvas_fill_rect (cv, px0 + cursor, py0, px0 + cursor + 1,
        py0 + ph, (fg & 0x00ffffff) | 0x80000000);
  }

decorate:
  neuro_axes_style_init (&style, fs, fg);
  if (hist) {
    ax.xmin = hxmin;
    ax.xmax = hxmin + hspan;
  } else if (cursor >= 0) {
    ax.xmin = (c_end - cursor) * (s.window / pw);
    ax.xmax = ax.xmin + s.window;
  } else if (pw > 0) {
    ax.xmin = c0 * (s.window / pw);
    ax.xmax = (c_end + 1) * (s.window / pw);
  }
  if (ax.xmax <= ax.xmin)
    ax.xmax = ax.xmin + 1;
  ax.ymin = ylo;
  ax.ymax = yhi;
  if (show_axes) {
    style.xlabel = s.x_label ? s.x_label : (hist
        && s.x_unit == GST_SIGNAL_SCOPE_X_SAMPLES) ? "Sample" : "Time (s)";
    if ((stacked || heat) && n > 0 && labels) {
      gdouble units;

      if (stacked && s.ch_spacing > 0)
        units = ph / (gdouble) s.ch_spacing;
      else
        units = n;
      ax.ymin = 0;
      ax.ymax = units;
      style.ylabel = "Channel";
      tick_vals = g_array_new (FALSE, FALSE, sizeof (gdouble));
      tick_labs = g_ptr_array_new ();
      channel_ticks (n, units, ph, fs, labels, tick_vals, tick_labs);
      style.ytick_values = (const gdouble *) tick_vals->data;
      style.ytick_labels = (const gchar * const *) tick_labs->pdata;
      style.n_yticks = tick_vals->len;
    } else {
      style.ylabel = s.y_label;
      style.grid = TRUE;
    }
    neuro_axes_draw (&ax, cr, frame->text, &style);
    if (heat) {
      gdouble cbw = MAX (6, round (0.018 * cv->width));
      neuro_colorbar_draw (cr, frame->text, neuro_colormap_lut (s.cmap),
          round (ax.x0 + ax.w + 0.02 * cv->width), ax.y0, cbw, ax.h,
          ylo, yhi, s.y_label, fs, fg);
    }
  }
  if (title)
    neuro_axes_title (&ax, cr, frame->text, title, fs, fg);
  if (s.legend && labels && n <= LEGEND_MAX && (s.mode ==
          GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE || hist))
    draw_legend (cr, frame->text, &ax, labels, self->chcol, n, fs, fg, lw);

  if (tick_vals)
    g_array_free (tick_vals, TRUE);
  if (tick_labs)
    g_ptr_array_free (tick_labs, TRUE);
  g_strfreev (labels);
  g_free (title);
  clear_settings (&s);
  return GST_FLOW_OK;
}
