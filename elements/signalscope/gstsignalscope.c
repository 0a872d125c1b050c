/* gst-neuroviz — signalscope: dense multichannel signals in, oscilloscope movie out.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
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
 * [c * window / pw, (c + 1) * window / pw).  Scrolling, the x axis spans
 * [t_end - window, t_end] (matplotlib's xlim of the window, so a tick at
 * its left end is labelled) and the rightmost column is the last one that
 * starts before the frame's time t_end (the sample at t_end is its right
 * edge); when t_end is not on a column boundary the columns are drawn less
 * than a column left of their time on the axis.  With sweep=true, column c
 * is drawn at x = c mod pw, the column containing t_end at the cursor, and
 * the columns after the cursor hold the previous sweep.  In every column the
 * trace covers the range of the
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
 * [floor (g * ph / G), floor ((g + 1) * ph / G)) of its group
 * g = floor (k * G / n), G = min (n, ph), counted from the top (origin=upper,
 * as matplotlib's imshow) or from the bottom (origin=lower); a cell is the
 * mean of the group's samples in the column (or of the nearest samples
 * when the column holds none).
 *
 * mode=bars draws each shown channel's value at the frame's time (the last
 * sample before the window end: frame n of a stream at the frame rate
 * shows sample n) as a bar from 0, 0.8 wide and centred on x = k for shown
 * channel k, x from -0.5 to n - 0.5 (matplotlib's ax.bar (range (n), v)
 * with the tutorial's set_xlim); the y range follows y-scale (window: the
 * bars' values, stream: every sample so far, both with 0 included and 5 %
 * margins except at 0, as matplotlib autoscales bars).  x ticks are the
 * channel numbers, or the channel-names under their bars.
 *
 * With antialias=true (the default) traces are drawn antialiased by
 * neurotrace, line-width wide: the min/max envelope above of every column
 * where columns hold more than one sample, the polyline through the
 * samples where they are a pixel apart or more; with antialias=false, as
 * aliased per-column spans one pixel wide.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=sines channels=5 ! signalscope \
 *     ymin=-3 ymax=3 y-scale=fixed ! videoconvert ! autovideosink
 * gst-launch-1.0 audiotestsrc ! audio/x-raw,format=F32LE,channels=2 ! \
 *     signalscope mode=stacked window=0.05 ! videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=sines channels=10 ! signalscope mode=bars \
 *     y-scale=fixed ymin=0 ymax=1 colors=#ffa500 x-label=Neuron \
 *     y-label=Activity title="Neural Activity" ! videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=learning ! signalscope mode=history \
 *     x-unit=samples x-label=Epoch channel-names="Accuracy,Loss" ! \
 *     videoconvert ! x264enc ! mp4mux ! filesink location=learning.mp4
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstsignalscope.h"
#include "neuroinput.h"
#include "neurotypes.h"
#include "scopebars.h"
#include "scopedraw.h"
#include "scopestore.h"

#include <math.h>

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
#define DEFAULT_X_AXIS GST_SIGNAL_SCOPE_X_AXIS_STREAM
#define DEFAULT_LEGEND TRUE
#define DEFAULT_LEGEND_LOC NEURO_LEGEND_UPPER_RIGHT
#define DEFAULT_ANTIALIAS TRUE
#define DEFAULT_LINE_WIDTH 0.0
#define DEFAULT_ORIGIN GST_SIGNAL_SCOPE_ORIGIN_UPPER

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
  PROP_X_AXIS,
  PROP_LEGEND,
  PROP_LEGEND_LOC,
  PROP_ANTIALIAS,
  PROP_LINE_WIDTH,
  PROP_ORIGIN,
};

struct _GstSignalScope
{
  GstNeuroRenderer parent;

  /* properties (object lock) */
  GstSignalScopeMode mode;
  ScopeDrawFunc draw;           /* the mode's kernel */
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
  GstSignalScopeXAxis x_axis;
  gboolean legend;
  NeuroLegendLoc legend_loc;
  gboolean antialias;
  gdouble line_width;
  GstSignalScopeOrigin origin;

  gboolean colormap_set;

  /* streaming */
  ScopeStore store;
  ScopeScratch scratch;
  NeuroTrace *trace;            /* bars */
  NeuroDecoCache *deco;         /* the axes around the plot area */
  gboolean warned_inf;
};

/* The views: default title and kernel. */
static const struct
{
  const gchar *title;
  ScopeDrawFunc draw;
} views[] = {
  [GST_SIGNAL_SCOPE_MODE_OSCILLOSCOPE] = {"Oscilloscope View (t = {t})",
      scope_draw_traces},
  [GST_SIGNAL_SCOPE_MODE_STACKED] = {"Waterfall Display (t = {t})",
      scope_draw_traces},
  [GST_SIGNAL_SCOPE_MODE_HEATMAP] = {"Signal Intensity Heatmap (t = {t})",
      scope_draw_heatmap},
  [GST_SIGNAL_SCOPE_MODE_HISTORY] = {"History (t = {t})",
      scope_draw_history},
  [GST_SIGNAL_SCOPE_MODE_BARS] = {"Neural Activity (t = {t})",
      scope_draw_bars},
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
    {GST_SIGNAL_SCOPE_MODE_BARS, "A bar per channel: its value at the "
          "frame's time (the last sample before the window end)", "bars"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeMode",
            values));
  return type;
}

/* matplotlib's loc names are the value names ("upper right"), the nicks
 * hyphenated ("upper-right"): gst-launch takes both */
#define GST_TYPE_SIGNAL_SCOPE_LEGEND_LOC (gst_signal_scope_legend_loc_get_type ())
static GType
gst_signal_scope_legend_loc_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {NEURO_LEGEND_BEST, "best", "best"},
    {NEURO_LEGEND_UPPER_RIGHT, "upper right", "upper-right"},
    {NEURO_LEGEND_UPPER_LEFT, "upper left", "upper-left"},
    {NEURO_LEGEND_LOWER_LEFT, "lower left", "lower-left"},
    {NEURO_LEGEND_LOWER_RIGHT, "lower right", "lower-right"},
    {NEURO_LEGEND_RIGHT, "right", "right"},
    {NEURO_LEGEND_CENTER_LEFT, "center left", "center-left"},
    {NEURO_LEGEND_CENTER_RIGHT, "center right", "center-right"},
    {NEURO_LEGEND_LOWER_CENTER, "lower center", "lower-center"},
    {NEURO_LEGEND_UPPER_CENTER, "upper center", "upper-center"},
    {NEURO_LEGEND_CENTER, "center", "center"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstSignalScopeLegendLoc", values));
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

#define GST_TYPE_SIGNAL_SCOPE_X_AXIS (gst_signal_scope_x_axis_get_type ())
static GType
gst_signal_scope_x_axis_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SIGNAL_SCOPE_X_AXIS_STREAM, "Stream time of the window", "stream"},
    {GST_SIGNAL_SCOPE_X_AXIS_WINDOW, "Seconds into the window, 0 to window "
          "(the tutorial's set_xlim (0, window))", "window"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeXAxis",
            values));
  return type;
}

#define GST_TYPE_SIGNAL_SCOPE_ORIGIN (gst_signal_scope_origin_get_type ())
static GType
gst_signal_scope_origin_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_SIGNAL_SCOPE_ORIGIN_UPPER, "First shown channel in the top row "
          "(as matplotlib's imshow)", "upper"},
    {GST_SIGNAL_SCOPE_ORIGIN_LOWER, "First shown channel in the bottom row",
        "lower"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstSignalScopeOrigin",
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
static GstClockTime gst_signal_scope_get_history (GstNeuroRenderer * r);

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
          "(\"0xff1f77b4,#ff7f0e\"), cycled over the shown channels (one "
          "colour: all of them); empty: the colormap's when it was set, else "
          "matplotlib's defaults (traces C0, C1, ... of its tab10 cycle, "
          "bars all C0)", NULL, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Heatmap colours; once set also the trace and bar colours (evenly "
          "spaced over the shown channels, as matplotlib's "
          "cmap(np.linspace(0, 1, n))) when colors is empty",
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
  g_object_class_install_property (gobject_class, PROP_X_AXIS,
      g_param_spec_enum ("x-axis", "X axis", "Oscilloscope, stacked and "
          "heatmap views (scrolling): what the time axis's tick labels "
          "count, stream time or seconds into the window",
          GST_TYPE_SIGNAL_SCOPE_X_AXIS, DEFAULT_X_AXIS, rw));
  g_object_class_install_property (gobject_class, PROP_X_UNIT,
      g_param_spec_enum ("x-unit", "X unit", "History view: x axis in "
          "seconds or in samples (epochs)", GST_TYPE_SIGNAL_SCOPE_X_UNIT,
          DEFAULT_X_UNIT, rw));
  g_object_class_install_property (gobject_class, PROP_LEGEND,
      g_param_spec_boolean ("legend", "Legend", "Show a legend with the "
          "channel names (oscilloscope and history, at most 16 channels)",
          DEFAULT_LEGEND, rw));
  g_object_class_install_property (gobject_class, PROP_LEGEND_LOC,
      g_param_spec_enum ("legend-loc", "Legend location",
          "Where the legend sits in the axes, by matplotlib's loc names; "
          "\"best\": the first (upper right, upper left, lower left ...) "
          "that covers the fewest trace pixels",
          GST_TYPE_SIGNAL_SCOPE_LEGEND_LOC, DEFAULT_LEGEND_LOC, rw));
  g_object_class_install_property (gobject_class, PROP_ANTIALIAS,
      g_param_spec_boolean ("antialias", "Antialias", "Draw traces "
          "antialiased (min/max envelopes of dense columns, lines through "
          "sparse samples); false: aliased one-pixel spans",
          DEFAULT_ANTIALIAS, rw));
  g_object_class_install_property (gobject_class, PROP_LINE_WIDTH,
      g_param_spec_double ("line-width", "Line width",
          "Width of antialiased lines in pixels; 0: matplotlib's 1.5 pt "
          "at the renderer's dpi", 0.0, 64.0, DEFAULT_LINE_WIDTH, rw));
  g_object_class_install_property (gobject_class, PROP_ORIGIN,
      g_param_spec_enum ("origin", "Origin", "Heatmap: the row of the first "
          "shown channel, upper (top, as matplotlib's imshow) or lower "
          "(bottom)", GST_TYPE_SIGNAL_SCOPE_ORIGIN, DEFAULT_ORIGIN, rw));

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
  r_class->retains = TRUE;
  r_class->reset = GST_DEBUG_FUNCPTR (gst_signal_scope_reset);
  r_class->get_history = GST_DEBUG_FUNCPTR (gst_signal_scope_get_history);

  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_MODE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_Y_SCALE, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_X_UNIT, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_ORIGIN, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_SIGNAL_SCOPE_LEGEND_LOC, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
gst_signal_scope_init (GstSignalScope * self)
{
  self->deco = neuro_deco_cache_new ();
  self->mode = DEFAULT_MODE;
  self->draw = views[DEFAULT_MODE].draw;
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
  self->x_axis = DEFAULT_X_AXIS;
  self->legend = DEFAULT_LEGEND;
  self->legend_loc = DEFAULT_LEGEND_LOC;
  self->antialias = DEFAULT_ANTIALIAS;
  self->line_width = DEFAULT_LINE_WIDTH;
  self->origin = DEFAULT_ORIGIN;
  scope_store_init (&self->store);

  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

static void
gst_signal_scope_finalize (GObject * object)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (object);

  scope_store_clear (&self->store);
  scope_scratch_free (&self->scratch);
  neuro_deco_cache_free (self->deco);
  if (self->trace)
    neuro_trace_free (self->trace);
  g_free (self->channel_range_str);
  g_free (self->channel_names_str);
  g_free (self->colors_str);
  g_free (self->y_label);
  g_free (self->x_label);
  g_array_free (self->colors, TRUE);
  G_OBJECT_CLASS (gst_signal_scope_parent_class)->finalize (object);
}

static void
gst_signal_scope_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (object);
  NeuroPropNote note = NEURO_PROP_NOTE_INIT;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_MODE:
      /* the view's kernel is picked here, once */
      self->mode = g_value_get_enum (value);
      self->draw = views[self->mode].draw;
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
      /* a bad string keeps the previous range (and string) */
      if (neuro_prop_note_parsed (&note, neuro_parse_range
              (g_value_get_string (value), NEURO_MAX_CHANNELS,
                  &self->range_first, &self->range_last, &note.error))) {
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
      if (neuro_prop_note_parsed (&note, neuro_parse_argb_list
              (g_value_get_string (value), self->colors, &note.error))) {
        g_free (self->colors_str);
        self->colors_str = g_value_dup_string (value);
      }
      break;
    case PROP_COLORMAP:
      self->colormap = g_value_get_enum (value);
      self->colormap_set = TRUE;
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
    case PROP_X_AXIS:
      self->x_axis = g_value_get_enum (value);
      break;
    case PROP_X_UNIT:
      self->x_unit = g_value_get_enum (value);
      break;
    case PROP_LEGEND:
      self->legend = g_value_get_boolean (value);
      break;
    case PROP_LEGEND_LOC:
      self->legend_loc = g_value_get_enum (value);
      break;
    case PROP_ANTIALIAS:
      self->antialias = g_value_get_boolean (value);
      break;
    case PROP_LINE_WIDTH:
      self->line_width = g_value_get_double (value);
      break;
    case PROP_ORIGIN:
      self->origin = g_value_get_enum (value);
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
    case PROP_X_AXIS:
      g_value_set_enum (value, self->x_axis);
      break;
    case PROP_X_UNIT:
      g_value_set_enum (value, self->x_unit);
      break;
    case PROP_LEGEND:
      g_value_set_boolean (value, self->legend);
      break;
    case PROP_LEGEND_LOC:
      g_value_set_enum (value, self->legend_loc);
      break;
    case PROP_ANTIALIAS:
      g_value_set_boolean (value, self->antialias);
      break;
    case PROP_LINE_WIDTH:
      g_value_set_double (value, self->line_width);
      break;
    case PROP_ORIGIN:
      g_value_set_enum (value, self->origin);
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
  NeuroInfo info;

  if (!neuro_element_parse_caps (self, caps, NEURO_KIND_SIGNAL, &info,
          "signal stream", NULL))
    return FALSE;
  scope_store_set_format (&self->store, info.signal.channels,
      info.signal.rate);
  return TRUE;
}

/* A frame shows one window; a frame drawn afresh (after a seek, or in
 * reverse) joins its first column to the SCOPE_SIDE columns left of it,
 * as the frames that scrolled did: half a window more covers them down to
 * 32-pixel plots.  (history mode and y-scale=stream show the whole stream
 * so far: a seek shows them from the data it gets.) */
static GstClockTime
gst_signal_scope_get_history (GstNeuroRenderer * r)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  gdouble t;

  GST_OBJECT_LOCK (r);
  t = self->window * 1.5;
  GST_OBJECT_UNLOCK (r);
  return (GstClockTime) (MIN (t, 1e6) * GST_SECOND);
}

static void
gst_signal_scope_reset (GstNeuroRenderer * r)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);

  scope_store_reset (&self->store);
  self->warned_inf = FALSE;
}

/* Works out the shown channels; the store drops its data when they
 * changed.  FALSE (after an error message) when the range is unusable. */
static gboolean
ensure_selection (GstSignalScope * self)
{
  ScopeStore *st = &self->store;
  gint64 first, last;
  guint stride;

  GST_OBJECT_LOCK (self);
  first = self->range_first;
  last = self->range_last;
  stride = self->channel_stride;
  GST_OBJECT_UNLOCK (self);
  switch (scope_store_select (st, first, last, stride)) {
    case SCOPE_SELECT_OUTSIDE:
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("channel-range starts at channel %" G_GINT64_FORMAT ", but the "
              "stream has %d channels (0 to %d)", first, st->channels,
              st->channels - 1), (NULL));
      return FALSE;
    case SCOPE_SELECT_CLIPPED:
      GST_ELEMENT_WARNING (self, RESOURCE, SETTINGS,
          ("Property 'channel-range' \"%" G_GINT64_FORMAT "-%"
              G_GINT64_FORMAT "\" goes beyond the stream's %d channels; "
              "showing channels %" G_GINT64_FORMAT " to %d", first, last,
              st->channels, first, st->channels - 1), (NULL));
      return TRUE;
    default:
      return TRUE;
  }
}

static gboolean
ensure_ring (GstSignalScope * self, gdouble window, gsize n)
{
  ScopeStore *st = &self->store;
  gdouble bytes = 0;

  switch (scope_store_ensure_ring (st, window, n, &bytes)) {
    case SCOPE_RING_TOO_BIG:
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("A window of %g s of %u channels at %g Hz needs %.1f GB (channels "
              "x rate x window x 4 bytes), more than the %u GB signalscope "
              "keeps; shorten the window or show fewer channels "
              "(channel-range, channel-stride)", window, st->n_shown,
              st->rate, bytes / 1e9,
              (guint) (SCOPE_MAX_RING_BYTES >> 30)), (NULL));
      return FALSE;
    case SCOPE_RING_NO_MEMORY:
      GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
          ("Cannot allocate %" G_GUINT64_FORMAT " MB for the signal window "
              "of %u channels at %g Hz", (guint64) bytes / 1000000,
              st->n_shown, st->rate), (NULL));
      return FALSE;
    default:
      return TRUE;
  }
}

static GstFlowReturn
gst_signal_scope_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  ScopeStore *st = &self->store;
  GstMapInfo map;
  gsize n, frame_bytes;
  gdouble window;
  gboolean history;
  guint inf_channel = 0;
  gint64 inf_idx = -1;
  GstClockTime pts = GST_BUFFER_PTS (buf);

  if (st->channels <= 0)
    return neuro_element_data_before_caps (self, GST_PAD (pad), "Signal data");
  GST_OBJECT_LOCK (self);
  window = self->window;
  history = self->mode == GST_SIGNAL_SCOPE_MODE_HISTORY;
  GST_OBJECT_UNLOCK (self);

  frame_bytes = (gsize) st->channels * sizeof (gfloat);
  if (!neuro_element_map (self, buf, &map, GST_MAP_READ, "signal"))
    return GST_FLOW_ERROR;
  if (map.size % frame_bytes != 0) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Signal buffer of %" G_GSIZE_FORMAT " bytes is not a whole number "
            "of sample frames (%d channels x 4 bytes = %" G_GSIZE_FORMAT
            " bytes each)", map.size, st->channels, frame_bytes), (NULL));
    return GST_FLOW_ERROR;
  }
  n = map.size / frame_bytes;
  if (n > 0 && (!ensure_selection (self) || !ensure_ring (self, window, n))) {
    gst_buffer_unmap (buf, &map);
    return GST_FLOW_ERROR;
  }
  scope_store_push (st, (const gfloat *) map.data, n,
      GST_CLOCK_TIME_IS_VALID (pts) ? pts : SCOPE_TIME_NONE, history,
      &inf_channel, &inf_idx);
  gst_buffer_unmap (buf, &map);
  if (inf_idx >= 0 && !self->warned_inf) {
    self->warned_inf = TRUE;
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("Channel %u has an infinite value at %.6f s; infinite values are "
            "drawn as gaps, like NaN", inf_channel,
            scope_store_sample_time (st, inf_idx)), (NULL));
  }
  return GST_FLOW_OK;
}

/* -------------------------------------------------------------- render */

static void
read_settings (GstSignalScope * self, ScopeSettings * s)
{
  GST_OBJECT_LOCK (self);
  s->mode = self->mode;
  s->draw = self->draw;
  s->window = self->window;
  s->sweep = self->sweep;
  s->y_scale = self->y_scale;
  s->ymin = self->ymin;
  s->ymax = self->ymax;
  s->y_per_channel = self->y_per_channel;
  s->cmap = self->colormap;
  s->cmap_set = self->colormap_set;
  s->ch_height = self->channel_height;
  s->ch_spacing = self->channel_spacing;
  s->y_label = g_strdup (self->y_label);
  s->x_label = g_strdup (self->x_label);
  s->names = g_strdup (self->channel_names_str);
  s->colors = g_array_copy (self->colors);
  s->x_unit = self->x_unit;
  s->x_axis = self->x_axis;
  s->legend = self->legend;
  s->legend_loc = self->legend_loc;
  s->antialias = self->antialias;
  s->line_width = self->line_width;
  s->origin = self->origin;
  GST_OBJECT_UNLOCK (self);
}

/* ymin >= ymax: swapped (drawn upright, not inverted as matplotlib's
 * set_ylim (5, 0) would), or, equal, widened by 5 % of |y| (0.05 at 0) as
 * matplotlib's set_ylim does (Locator.nonsingular); a warning with the
 * values when y-scale=fixed uses them */
static void
fix_ylim (GstSignalScope * self, ScopeSettings * s)
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

/* What the view keeps for the frame: the history summary, or the column
 * cache.  FALSE (after an error message) when the cache is too big. */
static gboolean
update_store (GstSignalScope * self, ScopeFrame * f)
{
  ScopeStore *st = &self->store;
  gboolean heat = f->s.mode == GST_SIGNAL_SCOPE_MODE_HEATMAP;
  gdouble bytes = 0;

  if (f->s.mode == GST_SIGNAL_SCOPE_MODE_BARS) {
    /* the ring's last samples are all bars need */
    if (self->trace == NULL)
      self->trace = neuro_trace_new ();
    f->trace = self->trace;
    return TRUE;
  }
  if (f->s.mode == GST_SIGNAL_SCOPE_MODE_HISTORY) {
    if (st->ring && f->tl.jend >= f->tl.jmin)
      scope_store_feed_history (st, f->tl.jend);
    scope_frame_history_extent (f, st);
    return TRUE;
  }
  if (!st->ring || scope_store_update_columns (st, &f->tl, f->pw, f->c_end,
          heat, f->rows, &bytes))
    return TRUE;
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      ("Drawing %u channels on %d columns needs %.1f GB (channels x "
          "columns x %d bytes), more than the %u GB signalscope can take; "
          "show fewer channels (channel-range, channel-stride)%s", f->rows,
          f->pw, bytes / 1e9, heat ? 12 : 8,
          (guint) (SCOPE_MAX_CACHE_BYTES >> 30), heat ? "" :
          " or use mode=heatmap"), (NULL));
  return FALSE;
}

static GstFlowReturn
gst_signal_scope_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstSignalScope *self = GST_SIGNAL_SCOPE (r);
  ScopeStore *st = &self->store;
  ScopeFrame f;
  gboolean ok = TRUE, has_data, covers;

  scope_frame_init (&f);
  read_settings (self, &f.s);
  if (st->channels > 0 && !st->shown && !ensure_selection (self)) {
    scope_frame_clear (&f);
    return GST_FLOW_ERROR;
  }
  if (f.s.ymax <= f.s.ymin)
    fix_ylim (self, &f.s);
  f.fg = gst_neuro_renderer_get_foreground (r);
  f.bgp = neuro_argb_premultiply (gst_neuro_renderer_get_background (r));
  /* the sweep gap is background, transparent when the background is */
  f.gap_bg = gst_neuro_renderer_get_background (r);
  if (!GST_VIDEO_INFO_HAS_ALPHA (gst_neuro_renderer_get_video_info (r)))
    f.gap_bg |= 0xff000000;
  f.show_axes = gst_neuro_renderer_get_show_axes (r);
  f.overlay = frame->overlay;
  f.t_end = (frame->t_end + frame->stream_offset) / (gdouble) GST_SECOND;
  f.title = gst_neuro_renderer_format_title (r, frame, views[f.s.mode].title);

  scope_frame_layout (&f, frame->canvas, frame->text);
  has_data = scope_frame_has_data (&f, st);
  if (has_data) {
    scope_frame_timeline (&f, st, &self->scratch, frame->t_end,
        frame->stream_offset);
    ok = update_store (self, &f);
  }
  /* the plot area the kernel paints whole is not cleared before it */
  covers = has_data && ok && scope_draw_covers_plot (&f, st);
  if (covers)
    gst_neuro_renderer_claim_opaque (r, frame, f.px0, f.py0, f.px0 + f.pw,
        f.py0 + f.ph);
  else
    gst_neuro_renderer_claim_opaque (r, frame, 0, 0, 0, 0);
  if (frame->held && ok && scope_draw_keeps (&f)) {
    /* over a picture of ours: the plot area afresh (what the kernel does
     * not paint), the decorations around it are the cache's to judge */
    gint reach[4];

    neuro_axes_plot_reach (&f.ax, reach);
    if (covers)
      neuro_canvas_set_rect_outside (frame->canvas, reach[0], reach[1],
          reach[2], reach[3], f.px0, f.py0, f.px0 + f.pw, f.py0 + f.ph,
          f.bgp);
    else
      neuro_canvas_set_rect (frame->canvas, reach[0], reach[1], reach[2],
          reach[3], f.bgp);
    f.held = frame->held;
    gst_neuro_renderer_use_held (r, frame);
  } else {
    gst_neuro_renderer_clear_frame (r, frame);
  }
  if (has_data && ok) {
    scope_frame_values (&f, st);
    f.s.draw (&f, st, frame->canvas, frame->cr);
    scope_draw_cursor (&f, frame->canvas);
  }
  if (ok)
    scope_draw_decorations (&f, frame->canvas, frame->cr, frame->text,
        self->deco);
  frame->stamp = f.stamp;
  scope_frame_clear (&f);
  return ok ? GST_FLOW_OK : GST_FLOW_ERROR;
}
