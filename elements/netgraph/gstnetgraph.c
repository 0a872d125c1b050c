/**
 * SECTION:element-netgraph
 * @title: netgraph
 *
 * Draws a network: nodes coloured by their activity, edges whose width,
 * opacity and colour follow a weight matrix that may change over time
 * (plasticity), as the "network dynamics" and "dynamic connectivity" movies
 * of matplotlib tutorials.  With a `video` pad linked, the graph is drawn
 * over the incoming video (ROIs on a calcium-imaging movie, electrodes on a
 * probe image), which then sets size, rate and timestamps.
 *
 * Pads:
 *  - `weights` (always): application/x-neuro-frame, an N×N float32 matrix
 *    w[i][j] = weight from node i (row, pre) to node j (column, post); a
 *    single matrix with framerate 0/1 is held for the whole stream.  Each
 *    frame shows the latest matrix whose PTS is before its window end.
 *  - `activity` (request): application/x-neuro-signal with N channels, or
 *    application/x-neuro-frame with N values; the latest sample before the
 *    frame's window end colours the nodes through `colormap`.
 *  - `video` (request): raw video (BGRx/BGRA) to draw on.  Pixels away from
 *    the graph are passed through unchanged, PTS and duration are kept.
 *
 * Geometry (what the tests check).  With positions-units=pixels a node's
 * position (x, y) is a frame pixel coordinate.  Otherwise positions are
 * data coordinates (y up, as matplotlib) fitted into the plot area
 * [0, W - colorbar band) × [title band, H) with equal aspect: with c the
 * centre of the positions' bounding box and R 1.5 times its larger half
 * extent, the point (x, y) is drawn at
 *   px = ax + aw / 2 + (x - cx)·s,  py = ay + ah / 2 - (y - cy)·s,
 *   s = min (aw, ah) / (2R).
 * Node i of the circular layout is at (cos 2πi/N, sin 2πi/N) (the
 * tutorial's circle, its axes limits ±1.5 radius); the grid layout puts node
 * i at column i mod C, row i div C (row 0 on top), C = ceil (sqrt N); the
 * spring layout is Fruchterman–Reingold (seed 42, 50 iterations) computed
 * once from the first matrix.  A node is a disc of diameter node-size
 * centred on the pixel floor (px), floor (py); its centre pixel has exactly
 * the colour cmap (Normalize (vmin, vmax) (activity)).
 *
 * Edges: (i, j) is drawn when |w| > threshold, from centre to centre, with
 * width |w|·edge-width pixels (at most edge-max-width), opacity
 * min (1, |w|·edge-alpha) and, with edge-color-mode=sign, positive-color for
 * w > 0 and negative-color for w < 0.  Undirected graphs draw each pair
 * once, with the stronger of w[i][j] and w[j][i] (the same for symmetric
 * matrices); directed=true draws every i→j with an arrow head at j.  The
 * diagonal (self connections) is not drawn.  NaN and infinite weights are
 * treated as absent edges and reported once per stream with a warning
 * message on the bus.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=modulated-connectivity channels=20 ! \
 *     netgraph ! videoconvert ! autovideosink
 * gst-launch-1.0 neurosrc pattern=connectivity channels=15 ! netgraph name=g \
 *     threshold=0.1 ! videoconvert ! autovideosink \
 *     videotestsrc ! video/x-raw,format=BGRx,width=640,height=480 ! g.video
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstnetgraph.h"
#include "edgelayer.h"
#include "neurotypes.h"
#include "netlayout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

GST_DEBUG_CATEGORY_STATIC (gst_net_graph_debug);
#define GST_CAT_DEFAULT gst_net_graph_debug

#define DEFAULT_LAYOUT GST_NET_GRAPH_LAYOUT_CIRCULAR
#define DEFAULT_POSITIONS NULL
#define DEFAULT_POSITIONS_LOCATION NULL
#define DEFAULT_POSITIONS_UNITS GST_NET_GRAPH_UNITS_DATA
#define DEFAULT_COLORMAP NEURO_COLORMAP_HOT
#define DEFAULT_VMIN 0.0
#define DEFAULT_VMAX 1.0
#define DEFAULT_NODE_SIZE 0.0
/* matplotlib 'lightblue', the tutorial's nodes without activity */
#define DEFAULT_NODE_COLOR 0xffadd8e6
#define DEFAULT_NODE_OUTLINE 0xff000000
#define DEFAULT_NODE_OUTLINE_WIDTH 1.0
#define DEFAULT_LABELS FALSE
#define DEFAULT_THRESHOLD 0.0
#define DEFAULT_EDGE_WIDTH 4.0
#define DEFAULT_EDGE_MAX_WIDTH 20.0
#define DEFAULT_EDGE_ALPHA 1.0
#define DEFAULT_EDGE_COLOR_MODE GST_NET_GRAPH_EDGE_COLOR_SIGN
/* matplotlib 'red' and 'blue' */
#define DEFAULT_POSITIVE_COLOR 0xffff0000
#define DEFAULT_NEGATIVE_COLOR 0xff0000ff
#define DEFAULT_EDGE_COLOR 0xff000000
#define DEFAULT_EDGE_COLORMAP NEURO_COLORMAP_RDBU_R
#define DEFAULT_EDGE_VMIN -1.0
#define DEFAULT_EDGE_VMAX 1.0
#define DEFAULT_DIRECTED FALSE
#define DEFAULT_COLORBAR FALSE
#define DEFAULT_COLORBAR_LABEL "Activity"
#define DEFAULT_TITLE "Network Structure (t = {t})"
/* matplotlib's 'lightgray' for NaN activity */
#define BAD_NODE_COLOR 0xffd3d3d3
#define SPRING_SEED 42
#define SPRING_ITERATIONS 50
/* edges above threshold a frame may have (8 M: a dense 2896-node graph) */
#define MAX_EDGES (1 << 23)

enum
{
  PROP_0,
  PROP_LAYOUT,
  PROP_POSITIONS,
  PROP_POSITIONS_LOCATION,
  PROP_POSITIONS_UNITS,
  PROP_COLORMAP,
  PROP_VMIN,
  PROP_VMAX,
  PROP_NODE_SIZE,
  PROP_NODE_COLOR,
  PROP_NODE_OUTLINE,
  PROP_NODE_OUTLINE_WIDTH,
  PROP_LABELS,
  PROP_THRESHOLD,
  PROP_EDGE_WIDTH,
  PROP_EDGE_MAX_WIDTH,
  PROP_EDGE_ALPHA,
  PROP_EDGE_COLOR_MODE,
  PROP_POSITIVE_COLOR,
  PROP_NEGATIVE_COLOR,
  PROP_EDGE_COLOR,
  PROP_EDGE_COLORMAP,
  PROP_EDGE_VMIN,
  PROP_EDGE_VMAX,
  PROP_DIRECTED,
  PROP_COLORBAR,
  PROP_COLORBAR_LABEL,
};

typedef struct
{
  GstNetGraphLayout layout;
  gchar *positions;
  gchar *positions_location;
  GstNetGraphUnits units;
  NeuroColormap colormap;
  gdouble vmin, vmax;
  gdouble node_size;
  guint32 node_color;
  guint32 node_outline;
  gdouble node_outline_width;
  gboolean labels;
  gdouble threshold;
  gdouble edge_width;
  gdouble edge_max_width;
  gdouble edge_alpha;
  GstNetGraphEdgeColorMode edge_color_mode;
  guint32 positive_color;
  guint32 negative_color;
  guint32 edge_color;
  NeuroColormap edge_colormap;
  gdouble edge_vmin, edge_vmax;
  gboolean directed;
  gboolean colorbar;
  gchar *colorbar_label;
} Settings;

typedef struct
{
  guint32 i, j;
  gfloat w;
} Edge;

struct _GstNetGraph
{
  GstNeuroRenderer parent;

  Settings props;               /* object lock */

  GstAggregatorPad *weights_pad;
  GstAggregatorPad *activity_pad;       /* object lock */
  GstAggregatorPad *video_pad;  /* object lock */

  /* weights */
  gint n;                       /* nodes, 0 until caps */
  GstBuffer *w_buf;             /* latest matrix: n x n floats, host order,
                                 * aligned (the input buffer or a copy) */
  GstClockTime w_pts;
  const gfloat *w;              /* w_buf's data while rendering */
  gboolean have_w;
  guint64 w_seq;
  gboolean warned_nan;

  /* activity */
  gint act_n;                   /* values per sample, 0 until caps */
  gboolean act_is_signal;
  gdouble act_rate;
  GstBuffer *act_buf;           /* latest buffer (aligned host copy) */
  GstClockTime act_pts;

  /* layout in data coordinates, computed once per (layout, n) */
  gdouble *pos;
  gint pos_n;
  gchar *pos_key;
  gboolean pos_pixels;

  /* edges above threshold of the current matrix */
  Edge *edges;
  gsize n_edges, edges_alloc;
  guint64 edges_seq;
  gdouble edges_threshold;
  gboolean edges_directed;

  /* node sprite (coverage of fill and outline, 0..256) */
  guint16 *spr_fill, *spr_ring;
  gint spr_half;
  gdouble spr_size, spr_ow;

  /* edges drawn front to back, reused while nothing that changes them
   * changes */
  NetEdgeLayer layer;
  gchar *layer_key;
  gboolean layer_valid;
  /* update_edges' scratch: upper-triangle candidates, the pairs of the
   * lower triangle's candidates (as found and by first node) */
  Edge *upper, *lower, *lower_sorted;
  gsize upper_alloc, lower_alloc, lower_sorted_alloc;
  gsize *lower_count;           /* n + 1 */
  gint scratch_n;

  gfloat *node_vals;
  guint32 *node_cols;
};

static GstStaticPadTemplate weights_template =
GST_STATIC_PAD_TEMPLATE ("weights", GST_PAD_SINK, GST_PAD_ALWAYS,
    /* loose: a missing size gets a clear message from set_sink_caps */
    GST_STATIC_CAPS (NEURO_FRAME_MEDIA_TYPE));

static GstStaticPadTemplate activity_template =
GST_STATIC_PAD_TEMPLATE ("activity", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (NEURO_SIGNAL_MEDIA_TYPE "; " NEURO_FRAME_MEDIA_TYPE));

static GstStaticPadTemplate video_template =
GST_STATIC_PAD_TEMPLATE ("video", GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_NEURO_RENDERER_OVERLAY_CAPS));

#define GST_TYPE_NET_GRAPH_LAYOUT (gst_net_graph_layout_get_type ())
static GType
gst_net_graph_layout_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NET_GRAPH_LAYOUT_CIRCULAR, "Nodes on a circle", "circular"},
    {GST_NET_GRAPH_LAYOUT_GRID, "Nodes on a square grid, row by row",
        "grid"},
    {GST_NET_GRAPH_LAYOUT_SPRING, "Force-directed (Fruchterman-Reingold, "
          "deterministic) from the first matrix", "spring"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstNetGraphLayout",
            values));
  return type;
}

#define GST_TYPE_NET_GRAPH_UNITS (gst_net_graph_units_get_type ())
static GType
gst_net_graph_units_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NET_GRAPH_UNITS_DATA, "Data coordinates, fitted into the plot "
          "(y up)", "data"},
    {GST_NET_GRAPH_UNITS_PIXELS, "Frame pixels (x right, y down), for "
          "overlays on video", "pixels"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type, g_enum_register_static ("GstNetGraphUnits",
            values));
  return type;
}

#define GST_TYPE_NET_GRAPH_EDGE_COLOR_MODE \
  (gst_net_graph_edge_color_mode_get_type ())
static GType
gst_net_graph_edge_color_mode_get_type (void)
{
  static GType type = 0;
  static const GEnumValue values[] = {
    {GST_NET_GRAPH_EDGE_COLOR_SIGN, "positive-color for excitatory, "
          "negative-color for inhibitory weights", "sign"},
    {GST_NET_GRAPH_EDGE_COLOR_COLORMAP, "The weight through edge-colormap "
          "(edge-vmin..edge-vmax)", "colormap"},
    {GST_NET_GRAPH_EDGE_COLOR_FIXED, "edge-color for every edge", "fixed"},
    {0, NULL, NULL}
  };

  if (g_once_init_enter (&type))
    g_once_init_leave (&type,
        g_enum_register_static ("GstNetGraphEdgeColorMode", values));
  return type;
}

#define gst_net_graph_parent_class parent_class
G_DEFINE_TYPE (GstNetGraph, gst_net_graph, GST_TYPE_NEURO_RENDERER);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (netgraph, "netgraph", GST_RANK_NONE,
    GST_TYPE_NET_GRAPH, GST_DEBUG_CATEGORY_INIT (gst_net_graph_debug,
        "netgraph", 0, "network graph renderer"));

static void gst_net_graph_finalize (GObject * object);
static void gst_net_graph_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_net_graph_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstAggregatorPad *gst_net_graph_create_new_pad (GstAggregator * agg,
    GstPadTemplate * templ, const gchar * req_name, const GstCaps * caps);
static void gst_net_graph_release_pad (GstElement * element, GstPad * pad);
static gboolean gst_net_graph_set_sink_caps (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstCaps * caps);
static GstFlowReturn gst_net_graph_consume (GstNeuroRenderer * r,
    GstAggregatorPad * pad, GstBuffer * buf);
static GstFlowReturn gst_net_graph_render (GstNeuroRenderer * r,
    GstNeuroFrame * frame);
static void gst_net_graph_reset (GstNeuroRenderer * r);

static void
gst_net_graph_class_init (GstNetGraphClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);
  GstNeuroRendererClass *r_class = GST_NEURO_RENDERER_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
      GST_PARAM_MUTABLE_PLAYING;

  gobject_class->finalize = gst_net_graph_finalize;
  gobject_class->set_property = gst_net_graph_set_property;
  gobject_class->get_property = gst_net_graph_get_property;

  g_object_class_install_property (gobject_class, PROP_LAYOUT,
      g_param_spec_enum ("layout", "Layout",
          "Where the nodes are (ignored when positions or positions-location "
          "is set)", GST_TYPE_NET_GRAPH_LAYOUT, DEFAULT_LAYOUT, rw));
  g_object_class_install_property (gobject_class, PROP_POSITIONS,
      g_param_spec_string ("positions", "Positions",
          "Node positions \"x0,y0;x1,y1;...\", one pair per node (units: "
          "positions-units); overrides layout", DEFAULT_POSITIONS, rw));
  g_object_class_install_property (gobject_class, PROP_POSITIONS_LOCATION,
      g_param_spec_string ("positions-location", "Positions file",
          "Node positions from a .npy file holding an [N, 2] numeric array, "
          "or a text file with one \"x y\" or \"x,y\" line per node ('#' "
          "starts a comment), at most 64 MiB; overrides layout",
          DEFAULT_POSITIONS_LOCATION,
          rw));
  g_object_class_install_property (gobject_class, PROP_POSITIONS_UNITS,
      g_param_spec_enum ("positions-units", "Positions units",
          "Units of positions / positions-location: data coordinates fitted "
          "into the plot, or frame pixels (overlays; every node must be "
          "inside the frame)", GST_TYPE_NET_GRAPH_UNITS,
          DEFAULT_POSITIONS_UNITS, rw));
  g_object_class_install_property (gobject_class, PROP_COLORMAP,
      g_param_spec_enum ("colormap", "Colormap",
          "Colormap of node activity (matplotlib's tables and names)",
          NEURO_TYPE_COLORMAP, DEFAULT_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_VMIN,
      g_param_spec_double ("vmin", "Minimum activity",
          "Activity at the first colour of the colormap", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMIN, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_VMAX,
      g_param_spec_double ("vmax", "Maximum activity",
          "Activity at the last colour of the colormap", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_VMAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_NODE_SIZE,
      g_param_spec_double ("node-size", "Node size",
          "Node diameter in pixels; 0 chooses one from the frame height and "
          "the node spacing", 0.0, 1000.0, DEFAULT_NODE_SIZE,
          rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_NODE_COLOR,
      g_param_spec_uint ("node-color", "Node color",
          "Node colour as big-endian ARGB while no activity is linked",
          0, G_MAXUINT32, DEFAULT_NODE_COLOR, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_NODE_OUTLINE,
      g_param_spec_uint ("node-outline", "Node outline",
          "Colour of the node outlines as big-endian ARGB (alpha 0: none)",
          0, G_MAXUINT32, DEFAULT_NODE_OUTLINE, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_NODE_OUTLINE_WIDTH,
      g_param_spec_double ("node-outline-width", "Node outline width",
          "Width of the node outlines in pixels", 0.0, 100.0,
          DEFAULT_NODE_OUTLINE_WIDTH, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_LABELS,
      g_param_spec_boolean ("labels", "Labels",
          "Write each node's index on it", DEFAULT_LABELS, rw));
  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold",
          "Edges are drawn when |w| > threshold", 0.0, G_MAXDOUBLE,
          DEFAULT_THRESHOLD, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_WIDTH,
      g_param_spec_double ("edge-width", "Edge width",
          "Edge line width in pixels per unit of |w|", 0.0, 1000.0,
          DEFAULT_EDGE_WIDTH, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_MAX_WIDTH,
      g_param_spec_double ("edge-max-width", "Edge maximum width",
          "Upper limit of the edge line width in pixels", 0.0, 1000.0,
          DEFAULT_EDGE_MAX_WIDTH, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_ALPHA,
      g_param_spec_double ("edge-alpha", "Edge alpha",
          "Edge opacity per unit of |w| (clamped to 1)", 0.0, 1000.0,
          DEFAULT_EDGE_ALPHA, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_COLOR_MODE,
      g_param_spec_enum ("edge-color-mode", "Edge color mode",
          "How edges are coloured", GST_TYPE_NET_GRAPH_EDGE_COLOR_MODE,
          DEFAULT_EDGE_COLOR_MODE, rw));
  g_object_class_install_property (gobject_class, PROP_POSITIVE_COLOR,
      g_param_spec_uint ("positive-color", "Positive color",
          "Colour of excitatory (w > 0) edges as big-endian ARGB "
          "(edge-color-mode=sign)", 0, G_MAXUINT32, DEFAULT_POSITIVE_COLOR,
          rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_NEGATIVE_COLOR,
      g_param_spec_uint ("negative-color", "Negative color",
          "Colour of inhibitory (w < 0) edges as big-endian ARGB "
          "(edge-color-mode=sign)", 0, G_MAXUINT32, DEFAULT_NEGATIVE_COLOR,
          rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_COLOR,
      g_param_spec_uint ("edge-color", "Edge color",
          "Colour of every edge as big-endian ARGB (edge-color-mode=fixed)",
          0, G_MAXUINT32, DEFAULT_EDGE_COLOR, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_COLORMAP,
      g_param_spec_enum ("edge-colormap", "Edge colormap",
          "Colormap of the weights (edge-color-mode=colormap)",
          NEURO_TYPE_COLORMAP, DEFAULT_EDGE_COLORMAP, rw));
  g_object_class_install_property (gobject_class, PROP_EDGE_VMIN,
      g_param_spec_double ("edge-vmin", "Edge minimum weight",
          "Weight at the first colour of edge-colormap", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_EDGE_VMIN, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_VMAX,
      g_param_spec_double ("edge-vmax", "Edge maximum weight",
          "Weight at the last colour of edge-colormap", -G_MAXDOUBLE,
          G_MAXDOUBLE, DEFAULT_EDGE_VMAX, rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_DIRECTED,
      g_param_spec_boolean ("directed", "Directed",
          "Draw every w[i][j] as an arrow i -> j; otherwise each pair once "
          "with the stronger of w[i][j] and w[j][i]", DEFAULT_DIRECTED, rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR,
      g_param_spec_boolean ("colorbar", "Colorbar",
          "Draw a colorbar of node activity on the right", DEFAULT_COLORBAR,
          rw));
  g_object_class_install_property (gobject_class, PROP_COLORBAR_LABEL,
      g_param_spec_string ("colorbar-label", "Colorbar label",
          "Label of the activity colorbar", DEFAULT_COLORBAR_LABEL, rw));

  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &weights_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &activity_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Network graph",
      "Visualization/Video", "Draws a network whose edges follow a "
      "(time-varying) weight matrix and whose nodes show activity, alone or "
      "over video", "gst-neuroviz developers");

  element_class->release_pad = GST_DEBUG_FUNCPTR (gst_net_graph_release_pad);
  agg_class->create_new_pad = GST_DEBUG_FUNCPTR (gst_net_graph_create_new_pad);
  r_class->set_sink_caps = GST_DEBUG_FUNCPTR (gst_net_graph_set_sink_caps);
  r_class->consume = GST_DEBUG_FUNCPTR (gst_net_graph_consume);
  r_class->render = GST_DEBUG_FUNCPTR (gst_net_graph_render);
  r_class->reset = GST_DEBUG_FUNCPTR (gst_net_graph_reset);

  gst_type_mark_as_plugin_api (GST_TYPE_NET_GRAPH_LAYOUT, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NET_GRAPH_UNITS, 0);
  gst_type_mark_as_plugin_api (GST_TYPE_NET_GRAPH_EDGE_COLOR_MODE, 0);
  gst_type_mark_as_plugin_api (NEURO_TYPE_COLORMAP, 0);
}

static void
gst_net_graph_init (GstNetGraph * self)
{
  Settings *p = &self->props;

  p->layout = DEFAULT_LAYOUT;
  p->units = DEFAULT_POSITIONS_UNITS;
  p->colormap = DEFAULT_COLORMAP;
  p->vmin = DEFAULT_VMIN;
  p->vmax = DEFAULT_VMAX;
  p->node_size = DEFAULT_NODE_SIZE;
  p->node_color = DEFAULT_NODE_COLOR;
  p->node_outline = DEFAULT_NODE_OUTLINE;
  p->node_outline_width = DEFAULT_NODE_OUTLINE_WIDTH;
  p->labels = DEFAULT_LABELS;
  p->threshold = DEFAULT_THRESHOLD;
  p->edge_width = DEFAULT_EDGE_WIDTH;
  p->edge_max_width = DEFAULT_EDGE_MAX_WIDTH;
  p->edge_alpha = DEFAULT_EDGE_ALPHA;
  p->edge_color_mode = DEFAULT_EDGE_COLOR_MODE;
  p->positive_color = DEFAULT_POSITIVE_COLOR;
  p->negative_color = DEFAULT_NEGATIVE_COLOR;
  p->edge_color = DEFAULT_EDGE_COLOR;
  p->edge_colormap = DEFAULT_EDGE_COLORMAP;
  p->edge_vmin = DEFAULT_EDGE_VMIN;
  p->edge_vmax = DEFAULT_EDGE_VMAX;
  p->directed = DEFAULT_DIRECTED;
  p->colorbar = DEFAULT_COLORBAR;
  p->colorbar_label = g_strdup (DEFAULT_COLORBAR_LABEL);

  self->weights_pad = gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER
      (self), gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS
          (self), "weights"), "weights");
}

static void
settings_clear (Settings * s)
{
  g_free (s->positions);
  g_free (s->positions_location);
  g_free (s->colorbar_label);
}

static void
settings_copy (Settings * dst, const Settings * src)
{
  *dst = *src;
  dst->positions = g_strdup (src->positions);
  dst->positions_location = g_strdup (src->positions_location);
  dst->colorbar_label = g_strdup (src->colorbar_label);
}

static void
gst_net_graph_finalize (GObject * object)
{
  GstNetGraph *self = GST_NET_GRAPH (object);

  settings_clear (&self->props);
  gst_buffer_replace (&self->w_buf, NULL);
  gst_buffer_replace (&self->act_buf, NULL);
  g_free (self->pos);
  g_free (self->pos_key);
  g_free (self->edges);
  g_free (self->spr_fill);
  g_free (self->spr_ring);
  net_edge_layer_free (&self->layer);
  g_free (self->layer_key);
  g_free (self->upper);
  g_free (self->lower);
  g_free (self->lower_sorted);
  g_free (self->lower_count);
  g_free (self->node_vals);
  g_free (self->node_cols);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_net_graph_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNetGraph *self = GST_NET_GRAPH (object);
  Settings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LAYOUT:
      p->layout = g_value_get_enum (value);
      break;
    case PROP_POSITIONS:
      g_free (p->positions);
      p->positions = g_value_dup_string (value);
      break;
    case PROP_POSITIONS_LOCATION:
      g_free (p->positions_location);
      p->positions_location = g_value_dup_string (value);
      break;
    case PROP_POSITIONS_UNITS:
      p->units = g_value_get_enum (value);
      break;
    case PROP_COLORMAP:
      p->colormap = g_value_get_enum (value);
      break;
    case PROP_VMIN:
      p->vmin = g_value_get_double (value);
      break;
    case PROP_VMAX:
      p->vmax = g_value_get_double (value);
      break;
    case PROP_NODE_SIZE:
      p->node_size = g_value_get_double (value);
      break;
    case PROP_NODE_COLOR:
      p->node_color = g_value_get_uint (value);
      break;
    case PROP_NODE_OUTLINE:
      p->node_outline = g_value_get_uint (value);
      break;
    case PROP_NODE_OUTLINE_WIDTH:
      p->node_outline_width = g_value_get_double (value);
      break;
    case PROP_LABELS:
      p->labels = g_value_get_boolean (value);
      break;
    case PROP_THRESHOLD:
      p->threshold = g_value_get_double (value);
      break;
    case PROP_EDGE_WIDTH:
      p->edge_width = g_value_get_double (value);
      break;
    case PROP_EDGE_MAX_WIDTH:
      p->edge_max_width = g_value_get_double (value);
      break;
    case PROP_EDGE_ALPHA:
      p->edge_alpha = g_value_get_double (value);
      break;
    case PROP_EDGE_COLOR_MODE:
      p->edge_color_mode = g_value_get_enum (value);
      break;
    case PROP_POSITIVE_COLOR:
      p->positive_color = g_value_get_uint (value);
      break;
    case PROP_NEGATIVE_COLOR:
      p->negative_color = g_value_get_uint (value);
      break;
    case PROP_EDGE_COLOR:
      p->edge_color = g_value_get_uint (value);
      break;
    case PROP_EDGE_COLORMAP:
      p->edge_colormap = g_value_get_enum (value);
      break;
    case PROP_EDGE_VMIN:
      p->edge_vmin = g_value_get_double (value);
      break;
    case PROP_EDGE_VMAX:
      p->edge_vmax = g_value_get_double (value);
      break;
    case PROP_DIRECTED:
      p->directed = g_value_get_boolean (value);
      break;
    case PROP_COLORBAR:
      p->colorbar = g_value_get_boolean (value);
      break;
    case PROP_COLORBAR_LABEL:
      g_free (p->colorbar_label);
      p->colorbar_label = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_net_graph_get_property (GObject * object, guint prop_id, GValue * value,
    GParamSpec * pspec)
{
  GstNetGraph *self = GST_NET_GRAPH (object);
  Settings *p = &self->props;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LAYOUT:
      g_value_set_enum (value, p->layout);
      break;
    case PROP_POSITIONS:
      g_value_set_string (value, p->positions);
      break;
    case PROP_POSITIONS_LOCATION:
      g_value_set_string (value, p->positions_location);
      break;
    case PROP_POSITIONS_UNITS:
      g_value_set_enum (value, p->units);
      break;
    case PROP_COLORMAP:
      g_value_set_enum (value, p->colormap);
      break;
    case PROP_VMIN:
      g_value_set_double (value, p->vmin);
      break;
    case PROP_VMAX:
      g_value_set_double (value, p->vmax);
      break;
    case PROP_NODE_SIZE:
      g_value_set_double (value, p->node_size);
      break;
    case PROP_NODE_COLOR:
      g_value_set_uint (value, p->node_color);
      break;
    case PROP_NODE_OUTLINE:
      g_value_set_uint (value, p->node_outline);
      break;
    case PROP_NODE_OUTLINE_WIDTH:
      g_value_set_double (value, p->node_outline_width);
      break;
    case PROP_LABELS:
      g_value_set_boolean (value, p->labels);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, p->threshold);
      break;
    case PROP_EDGE_WIDTH:
      g_value_set_double (value, p->edge_width);
      break;
    case PROP_EDGE_MAX_WIDTH:
      g_value_set_double (value, p->edge_max_width);
      break;
    case PROP_EDGE_ALPHA:
      g_value_set_double (value, p->edge_alpha);
      break;
    case PROP_EDGE_COLOR_MODE:
      g_value_set_enum (value, p->edge_color_mode);
      break;
    case PROP_POSITIVE_COLOR:
      g_value_set_uint (value, p->positive_color);
      break;
    case PROP_NEGATIVE_COLOR:
      g_value_set_uint (value, p->negative_color);
      break;
    case PROP_EDGE_COLOR:
      g_value_set_uint (value, p->edge_color);
      break;
    case PROP_EDGE_COLORMAP:
      g_value_set_enum (value, p->edge_colormap);
      break;
    case PROP_EDGE_VMIN:
      g_value_set_double (value, p->edge_vmin);
      break;
    case PROP_EDGE_VMAX:
      g_value_set_double (value, p->edge_vmax);
      break;
    case PROP_DIRECTED:
      g_value_set_boolean (value, p->directed);
      break;
    case PROP_COLORBAR:
      g_value_set_boolean (value, p->colorbar);
      break;
    case PROP_COLORBAR_LABEL:
      g_value_set_string (value, p->colorbar_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ------------------------------------------------------------------ pads */

/* Request pads keep their template's name ("activity", "video"), one each,
 * so that an element without them never waits for data that cannot come. */
static GstAggregatorPad *
gst_net_graph_create_new_pad (GstAggregator * agg, GstPadTemplate * templ,
    const gchar * req_name, const GstCaps * caps)
{
  GstNetGraph *self = GST_NET_GRAPH (agg);
  const gchar *name = GST_PAD_TEMPLATE_NAME_TEMPLATE (templ);
  gboolean video = g_str_equal (name, "video");
  GstAggregatorPad *pad;

  if (templ->direction != GST_PAD_SINK || templ->presence != GST_PAD_REQUEST)
    return NULL;
  GST_OBJECT_LOCK (self);
  if ((video && self->video_pad) || (!video && self->activity_pad)) {
    GST_OBJECT_UNLOCK (self);
    GST_WARNING_OBJECT (self, "there is already a %s pad", name);
    return NULL;
  }
  pad = g_object_new (GST_TYPE_AGGREGATOR_PAD, "name", name, "direction",
      GST_PAD_SINK, "template", templ, NULL);
  if (video)
    self->video_pad = pad;
  else
    self->activity_pad = pad;
  GST_OBJECT_UNLOCK (self);
  if (video)
    gst_neuro_renderer_set_video_pad (GST_NEURO_RENDERER (self), pad);
  return pad;
}

static void
gst_net_graph_release_pad (GstElement * element, GstPad * pad)
{
  GstNetGraph *self = GST_NET_GRAPH (element);

  GST_OBJECT_LOCK (self);
  if (pad == (GstPad *) self->video_pad)
    self->video_pad = NULL;
  if (pad == (GstPad *) self->activity_pad) {
    self->activity_pad = NULL;
    self->act_n = 0;
  }
  GST_OBJECT_UNLOCK (self);
  GST_ELEMENT_CLASS (parent_class)->release_pad (element, pad);
}

/* ------------------------------------------------------------ streaming */

static gboolean
check_node_counts (GstNetGraph * self)
{
  if (self->n > 0 && self->act_n > 0 && self->n != self->act_n) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("The activity has %d values per sample but the weight matrix has "
            "%d nodes: the activity pad needs exactly one value per node",
            self->act_n, self->n), (NULL));
    return FALSE;
  }
  return TRUE;
}

static gboolean
gst_net_graph_set_sink_caps (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstNetGraph *self = GST_NET_GRAPH (r);
  const GstStructure *s = gst_caps_get_structure (caps, 0);

  if (pad == self->weights_pad) {
    NeuroFrameInfo info;

    if (!neuro_frame_info_from_caps (&info, caps)) {
      gchar *why = neuro_caps_problem (caps);

      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Invalid weight caps (%s): netgraph expects "
              "application/x-neuro-frame, format=F32LE, width=N, height=N "
              "with N at most %d", why ? why : "unsupported caps",
              NEURO_MAX_DIM), ("caps %" GST_PTR_FORMAT, caps));
      g_free (why);
      return FALSE;
    }
    if (info.width != info.height) {
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("The weight matrix is not square (width=%d, height=%d): netgraph "
              "needs an N x N matrix, w[i][j] from node i to node j",
              info.width, info.height), ("caps %" GST_PTR_FORMAT, caps));
      return FALSE;
    }
    if (info.width != self->n) {
      gst_buffer_replace (&self->w_buf, NULL);
      self->have_w = FALSE;
      self->n = info.width;
      g_clear_pointer (&self->pos_key, g_free);
    }
    return check_node_counts (self);
  }

  /* activity */
  if (gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE)) {
    NeuroFrameInfo info;

    if (!neuro_frame_info_from_caps (&info, caps)) {
      gchar *why = neuro_caps_problem (caps);

      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Invalid activity caps (%s): expected a signal with one channel "
              "per node or a frame with one value per node",
              why ? why : "unsupported caps"), ("caps %" GST_PTR_FORMAT,
              caps));
      g_free (why);
      return FALSE;
    }
    self->act_n = info.width * info.height;
    self->act_is_signal = FALSE;
    self->act_rate = 0;
  } else {
    NeuroSignalInfo info;

    if (!neuro_signal_info_from_caps (&info, caps)) {
      gchar *why = neuro_caps_problem (caps);

      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("Invalid activity caps (%s): expected a signal with one channel "
              "per node or a frame with one value per node",
              why ? why : "unsupported caps"), ("caps %" GST_PTR_FORMAT,
              caps));
      g_free (why);
      return FALSE;
    }
    self->act_n = info.channels;
    self->act_is_signal = TRUE;
    self->act_rate = info.rate;
  }
  gst_buffer_replace (&self->act_buf, NULL);
  return check_node_counts (self);
}

static void
gst_net_graph_reset (GstNeuroRenderer * r)
{
  GstNetGraph *self = GST_NET_GRAPH (r);

  self->have_w = FALSE;
  self->warned_nan = FALSE;
  gst_buffer_replace (&self->w_buf, NULL);
  gst_buffer_replace (&self->act_buf, NULL);
  self->layer_valid = FALSE;
}

/* Maps a weight matrix buffer for reading; FALSE after posting an error. */
static gboolean
map_weights (GstNetGraph * self, GstBuffer * buf, GstMapInfo * map)
{
  if (gst_buffer_map (buf, map, GST_MAP_READ))
    return TRUE;
  GST_ELEMENT_ERROR (self, RESOURCE, READ,
      ("Could not read a weight matrix buffer of %" G_GSIZE_FORMAT " bytes",
          gst_buffer_get_size (buf)), (NULL));
  return FALSE;
}

/* An aligned host-order copy of the first @n floats of @buf, or NULL after
 * posting an error when the buffer is short. */
static gboolean
read_floats (GstNetGraph * self, GstBuffer * buf, gsize n, gfloat * out,
    const gchar * what)
{
  GstMapInfo map;
  gsize need = n * sizeof (gfloat);

  if (!gst_buffer_map (buf, &map, GST_MAP_READ)) {
    GST_ELEMENT_ERROR (self, RESOURCE, READ,
        ("Could not read a %s buffer", what), (NULL));
    return FALSE;
  }
  if (map.size < need) {
    gst_buffer_unmap (buf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("%s buffer of %" G_GSIZE_FORMAT " bytes is shorter than the %"
            G_GSIZE_FORMAT " bytes its caps announce", what, map.size, need),
        (NULL));
    return FALSE;
  }
  memcpy (out, map.data, need);
#if G_BYTE_ORDER == G_BIG_ENDIAN
  {
    gsize i;
    for (i = 0; i < n; i++)
      ((guint32 *) out)[i] = GUINT32_FROM_LE (((guint32 *) out)[i]);
  }
#endif
  gst_buffer_unmap (buf, &map);
  return TRUE;
}

static GstFlowReturn
gst_net_graph_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstNetGraph *self = GST_NET_GRAPH (r);

  if (pad == self->weights_pad) {
    gsize need;
    GstMapInfo map;
    gboolean direct;

    if (self->n <= 0) {
      GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
          ("weight matrix before caps"));
      return GST_FLOW_NOT_NEGOTIATED;
    }
    /* keep the buffer itself (a 2000-node matrix is 16 MB): NaN and
     * infinite weights are left in place and skipped by update_edges */
    need = (gsize) self->n * self->n * sizeof (gfloat);
    if (!map_weights (self, buf, &map))
      return GST_FLOW_ERROR;
    direct = G_BYTE_ORDER == G_LITTLE_ENDIAN && map.size >= need
        && ((guintptr) map.data % sizeof (gfloat)) == 0;
    gst_buffer_unmap (buf, &map);
    if (direct) {
      gst_buffer_replace (&self->w_buf, buf);
    } else {
      GstBuffer *copy = gst_buffer_new_allocate (NULL, need, NULL);

      gst_buffer_map (copy, &map, GST_MAP_WRITE);
      if (!read_floats (self, buf, need / sizeof (gfloat),
              (gfloat *) map.data, "Weight matrix")) {
        gst_buffer_unmap (copy, &map);
        gst_buffer_unref (copy);
        return GST_FLOW_ERROR;
      }
      gst_buffer_unmap (copy, &map);
      gst_buffer_replace (&self->w_buf, copy);
      gst_buffer_unref (copy);
    }
    self->w_pts = GST_BUFFER_PTS (buf);
    self->have_w = TRUE;
    self->w_seq++;
    return GST_FLOW_OK;
  }

  /* activity: keep the latest buffer, aligned */
  if (self->act_n <= 0) {
    GST_ELEMENT_ERROR (self, CORE, NEGOTIATION, (NULL),
        ("activity before caps"));
    return GST_FLOW_NOT_NEGOTIATED;
  }
  {
    gsize size = gst_buffer_get_size (buf);
    gsize per = (gsize) self->act_n * sizeof (gfloat);
    gsize frames = self->act_is_signal ? size / per : 1;
    GstBuffer *copy;
    GstMapInfo cm;

    if (frames == 0)
      return GST_FLOW_OK;       /* an empty slice: keep the last values */
    copy = gst_buffer_new_allocate (NULL, frames * per, NULL);
    gst_buffer_map (copy, &cm, GST_MAP_WRITE);
    if (!read_floats (self, buf, frames * self->act_n, (gfloat *) cm.data,
            "Activity")) {
      gst_buffer_unmap (copy, &cm);
      gst_buffer_unref (copy);
      return GST_FLOW_ERROR;
    }
    gst_buffer_unmap (copy, &cm);
    gst_buffer_replace (&self->act_buf, copy);
    gst_buffer_unref (copy);
    self->act_pts = GST_BUFFER_PTS (buf);
  }
  return GST_FLOW_OK;
}

/* --------------------------------------------------------------- layout */

/* |w|, 0 for NaN and infinite weights (absent edges) */
static inline gdouble
finite_abs (gfloat w)
{
  return isfinite (w) ? fabsf (w) : 0.0;
}

/* Fruchterman-Reingold, deterministic: fixed seed and iteration count;
 * attraction weighted by |w| / max |w| of the edges above threshold. */
static void
spring_layout (const gfloat * w, gint n, gdouble threshold, gdouble * pos)
{
  GRand *rand = g_rand_new_with_seed (SPRING_SEED);
  gdouble *disp = g_new0 (gdouble, 2 * (gsize) n);
  gdouble k = sqrt (1.0 / n), t = 0.1, dt = t / (SPRING_ITERATIONS + 1);
  gdouble wmax = 0, cx = 0, cy = 0, ext = 0;
  gint it, i, j;

  for (i = 0; i < n; i++) {
    pos[2 * i] = g_rand_double (rand);
    pos[2 * i + 1] = g_rand_double (rand);
  }
  for (i = 0; i < n * n; i++)
    wmax = MAX (wmax, finite_abs (w[i]));
  if (wmax <= 0)
    wmax = 1;
  for (it = 0; it < SPRING_ITERATIONS; it++) {
    memset (disp, 0, 2 * (gsize) n * sizeof (gdouble));
    for (i = 0; i < n; i++) {
      for (j = i + 1; j < n; j++) {
        gdouble dx = pos[2 * i] - pos[2 * j], dy = pos[2 * i + 1] -
            pos[2 * j + 1];
        gdouble d2 = MAX (dx * dx + dy * dy, 1e-4), d = sqrt (d2);
        gdouble a = finite_abs (w[(gsize) i * n + j]) +
            finite_abs (w[(gsize) j * n + i]);
        /* repulsion k^2/d, attraction A d^2/k, along the unit vector */
        gdouble f = k * k / d2;

        if (a > 2 * threshold && a > 0)
          f -= (a / (2 * wmax)) * d / k;
        disp[2 * i] += dx * f;
        disp[2 * i + 1] += dy * f;
        disp[2 * j] -= dx * f;
        disp[2 * j + 1] -= dy * f;
      }
    }
    for (i = 0; i < n; i++) {
      gdouble l = hypot (disp[2 * i], disp[2 * i + 1]);

      if (l > 0) {
        gdouble m = MIN (l, t) / l;

        pos[2 * i] += disp[2 * i] * m;
        pos[2 * i + 1] += disp[2 * i + 1] * m;
      }
    }
    t -= dt;
  }
  /* centre at 0, largest coordinate 1 */
  for (i = 0; i < n; i++) {
    cx += pos[2 * i];
    cy += pos[2 * i + 1];
  }
  cx /= n;
  cy /= n;
  for (i = 0; i < n; i++) {
    pos[2 * i] -= cx;
    pos[2 * i + 1] -= cy;
    ext = MAX (ext, MAX (fabs (pos[2 * i]), fabs (pos[2 * i + 1])));
  }
  if (ext > 0)
    for (i = 0; i < 2 * n; i++)
      pos[i] /= ext;
  g_free (disp);
  g_rand_free (rand);
}

/* Computes self->pos (data or pixel coordinates) for the current settings;
 * FALSE after posting an error. */
static gboolean
update_layout (GstNetGraph * self, const Settings * s)
{
  gint n = self->n, i;
  gchar *key;

  key = g_strdup_printf ("%d|%d|%s|%s|%d", n, s->layout,
      s->positions ? s->positions : "", s->positions_location ?
      s->positions_location : "", s->units);
  if (self->pos_key && strcmp (key, self->pos_key) == 0) {
    g_free (key);
    return TRUE;
  }
  if (s->layout == GST_NET_GRAPH_LAYOUT_SPRING && !self->have_w
      && !(s->positions && *s->positions) && !(s->positions_location
          && *s->positions_location)) {
    g_free (key);
    return TRUE;                /* wait for the first matrix */
  }
  g_free (self->pos);
  self->pos = g_new0 (gdouble, 2 * (gsize) MAX (n, 1));
  self->pos_pixels = FALSE;

  if ((s->positions && *s->positions) || (s->positions_location
          && *s->positions_location)) {
    GArray *a = g_array_new (FALSE, FALSE, sizeof (gdouble));
    gboolean from_file = !(s->positions && *s->positions);

    if (!from_file) {
      gchar *err = NULL;

      if (!net_layout_parse_string (s->positions, a, &err)) {
        GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
            ("Could not parse positions \"%s\": %s; expected "
                "\"x0,y0;x1,y1;...\" with one pair of finite numbers per node",
                s->positions, err), (NULL));
        g_free (err);
        g_array_free (a, TRUE);
        g_free (key);
        return FALSE;
      }
    } else {
      gchar *err = NULL;

      if (!net_layout_read_file (s->positions_location, a, &err)) {
        GST_ELEMENT_ERROR (self, RESOURCE, READ,
            ("Could not read node positions from \"%s\": %s",
                s->positions_location, err), (NULL));
        g_free (err);
        g_array_free (a, TRUE);
        g_free (key);
        return FALSE;
      }
    }
    if ((gint) (a->len / 2) != n) {
      GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
          ("%s gives %u node positions but the weight matrix is %d x %d: "
              "one position per node is needed", from_file ?
              s->positions_location : "positions", a->len / 2, n, n), (NULL));
      g_array_free (a, TRUE);
      g_free (key);
      return FALSE;
    }
    memcpy (self->pos, a->data, 2 * (gsize) n * sizeof (gdouble));
    g_array_free (a, TRUE);
    self->pos_pixels = s->units == GST_NET_GRAPH_UNITS_PIXELS;
  } else if (s->layout == GST_NET_GRAPH_LAYOUT_GRID) {
    gint cols = (gint) ceil (sqrt ((gdouble) n));

    for (i = 0; i < n; i++) {
      self->pos[2 * i] = i % cols;
      self->pos[2 * i + 1] = -(i / cols);
    }
  } else if (s->layout == GST_NET_GRAPH_LAYOUT_SPRING) {
    GstMapInfo wmap;

    if (!map_weights (self, self->w_buf, &wmap)) {
      g_free (key);
      return FALSE;
    }
    spring_layout ((const gfloat *) wmap.data, n, s->threshold, self->pos);
    gst_buffer_unmap (self->w_buf, &wmap);
  } else {
    for (i = 0; i < n; i++) {
      self->pos[2 * i] = cos (2 * G_PI * i / n);
      self->pos[2 * i + 1] = sin (2 * G_PI * i / n);
    }
  }
  self->pos_n = n;
  g_free (self->pos_key);
  self->pos_key = key;
  self->layer_valid = FALSE;
  return TRUE;
}

/* ------------------------------------------------------------- drawing */

/* src = c · s / 256 for premultiplied c, 0 <= s <= 256 */
static inline guint32
scale_px (guint32 c, guint s)
{
  guint32 rb = (((c & 0x00ff00ff) * s) >> 8) & 0x00ff00ff;
  guint32 ag = (((c >> 8) & 0x00ff00ff) * s) & 0xff00ff00;

  return rb | ag;
}

/* Node sprite: coverage of the fill and of the outline ring on a
 * (2·half+1)² grid around the centre pixel. */
static void
update_sprite (GstNetGraph * self, gdouble size, gdouble ow)
{
  gdouble r = size / 2;
  gint half = (gint) ceil (r + ow / 2 + 1), d = 2 * half + 1, x, y;

  if (self->spr_fill && self->spr_size == size && self->spr_ow == ow)
    return;
  g_free (self->spr_fill);
  g_free (self->spr_ring);
  self->spr_fill = g_new (guint16, d * d);
  self->spr_ring = g_new (guint16, d * d);
  for (y = -half; y <= half; y++)
    for (x = -half; x <= half; x++) {
      gdouble dist = sqrt ((gdouble) x * x + (gdouble) y * y);
      gdouble all = CLAMP (r + ow / 2 - dist + 0.5, 0.0, 1.0);
      gdouble in = ow > 0 ? CLAMP (r - ow / 2 - dist + 0.5, 0.0, 1.0) : all;
      guint a = (guint) (all * 256 + 0.5), i = (guint) (in * 256 + 0.5);

      self->spr_fill[(y + half) * d + x + half] = i;
      self->spr_ring[(y + half) * d + x + half] = a - MIN (i, a);
    }
  self->spr_half = half;
  self->spr_size = size;
  self->spr_ow = ow;
}

static void
draw_node (GstNetGraph * self, NeuroCanvas * c, gint cx, gint cy,
    guint32 fill, guint32 ring)
{
  gint half = self->spr_half, d = 2 * half + 1, x, y;

  for (y = MAX (-half, -cy); y <= half && cy + y < c->height; y++) {
    guint32 *row = neuro_canvas_row (c, cy + y);
    const guint16 *f = self->spr_fill + (y + half) * d + half;
    const guint16 *g = self->spr_ring + (y + half) * d + half;

    for (x = MAX (-half, -cx); x <= half && cx + x < c->width; x++) {
      guint sf = f[x], sr = g[x];

      if (sf | sr)
        neuro_pixel_over (row + cx + x, scale_px (fill, sf) + scale_px (ring,
                sr));
    }
  }
}

static inline void
push_edge (Edge ** v, gsize * len, gsize * alloc, guint32 i, guint32 j,
    gfloat w)
{
  if (G_UNLIKELY (*len == *alloc)) {
    *alloc = MAX (1024, *alloc * 2);
    *v = g_renew (Edge, *v, *alloc);
  }
  (*v)[*len].i = i;
  (*v)[*len].j = j;
  (*v)[*len].w = w;
  (*len)++;
}

/* Bit k set when p[k] is above @thr in magnitude or not finite (k < 8). */
static inline guint
scan8 (const gfloat * p, gfloat thr)
{
#ifdef __SSE2__
  const __m128 abs_mask = _mm_castsi128_ps (_mm_set1_epi32 (0x7fffffff));
  const __m128 t = _mm_set1_ps (thr);
  __m128 a = _mm_and_ps (_mm_loadu_ps (p), abs_mask);
  __m128 b = _mm_and_ps (_mm_loadu_ps (p + 4), abs_mask);

  /* not (x <= thr): true for NaN as well */
  return (guint) _mm_movemask_ps (_mm_cmpnle_ps (a, t)) |
      ((guint) _mm_movemask_ps (_mm_cmpnle_ps (b, t)) << 4);
#else
  guint m = 0, k;

  for (k = 0; k < 8; k++)
    m |= (guint) !(fabsf (p[k]) <= thr) << k;
  return m;
#endif
}

/* Iterates over the j in [j, end) whose row[j] is above @thr in magnitude
 * or not finite: eight weights per compare, no branch per weight. */
typedef struct
{
  const gfloat *row;
  gint j, end, base;
  guint mask;
  gfloat thr;
} HitIter;

static inline void
hit_init (HitIter * it, const gfloat * row, gint j0, gint j1, gfloat thr)
{
  it->row = row;
  it->j = j0;
  it->end = j1;
  it->base = j0;
  it->mask = 0;
  it->thr = thr;
}

static inline gboolean
hit_next (HitIter * it, gint * j)
{
  while (it->mask == 0) {
    if (it->j >= it->end)
      return FALSE;
    it->base = it->j;
    if ((it->j & 7) == 0 && it->j + 8 <= it->end) {
      it->mask = scan8 (it->row + it->j, it->thr);
      it->j += 8;
    } else {
      it->mask = !(fabsf (it->row[it->j]) <= it->thr);
      it->j++;
    }
  }
  *j = it->base + g_bit_nth_lsf (it->mask, -1);
  it->mask &= it->mask - 1;
  return TRUE;
}

/* The edges of the current matrix above threshold, in row-major order of
 * (i, j), from one sequential pass over the matrix (a column walk through
 * a 16 MB matrix costs a cache and TLB miss per weight).  Undirected pairs
 * take the stronger of w[i][j] and w[j][i]: the upper triangle's
 * candidates come out in order; the lower triangle's, as pairs, are sorted
 * by their first node (counting sort) and merged in, a pair found in both
 * keeping the stronger weight.  NaN and infinite weights are counted and
 * treated as absent. */
static gboolean
update_edges (GstNetGraph * self, const Settings * s)
{
  const gfloat *w = self->w;
  gint n = self->n, r, j;
  gfloat thr = (gfloat) s->threshold, v;
  gsize bad = 0, nu = 0, nl = 0, k;

  if (self->edges_seq == self->w_seq && self->edges_threshold == s->threshold
      && self->edges_directed == s->directed && self->edges)
    return TRUE;
  /* |w| > threshold for a float w is |w| > the largest float not above the
   * threshold (0.1f is above 0.1) */
  if ((gdouble) thr > s->threshold)
    thr = nextafterf (thr, -G_MAXFLOAT);
  self->n_edges = 0;
  if (self->scratch_n != n) {
    g_free (self->lower_count);
    self->lower_count = g_new (gsize, n + 1);
    self->scratch_n = n;
  }
  /* one sequential pass: candidates (r, j > r) of the upper triangle (every
   * (r, j) when directed) in row-major order, and the pairs (c, r) that
   * lower-triangle weights put above threshold, in order of r */
  for (r = 0; r < n; r++) {
    const gfloat *row = w + (gsize) r * n;
    HitIter it;

    hit_init (&it, row, 0, n, thr);
    while (hit_next (&it, &j)) {
      v = row[j];
      if (!isfinite (v))
        bad++;
      else if (j == r)
        continue;               /* self connections are not drawn */
      else if (j > r || s->directed)
        push_edge (&self->upper, &nu, &self->upper_alloc, r, j, v);
      else
        push_edge (&self->lower, &nl, &self->lower_alloc, j, r, v);
    }
    if (G_UNLIKELY (nu + nl > MAX_EDGES)) {
      /* the edge lists alone would take gigabytes, a frame minutes */
      GST_ELEMENT_ERROR (self, STREAM, FORMAT,
          ("More than %d weights of the %d x %d matrix are above "
              "threshold=%g: netgraph draws at most %d edges, set a higher "
              "threshold", MAX_EDGES, n, n, s->threshold, MAX_EDGES), (NULL));
      self->edges_seq = 0;
      return FALSE;
    }
  }
  /* the lower pairs by their first node (stable: second nodes stay
   * increasing), then one merge; a pair in both takes the stronger */
  memset (self->lower_count, 0, (n + 1) * sizeof (gsize));
  for (k = 0; k < nl; k++)
    self->lower_count[self->lower[k].i + 1]++;
  for (r = 0; r < n; r++)
    self->lower_count[r + 1] += self->lower_count[r];
  if (self->lower_sorted_alloc < MAX (nl, 1)) {
    self->lower_sorted_alloc = MAX (nl, 1);
    g_free (self->lower_sorted);
    self->lower_sorted = g_new (Edge, self->lower_sorted_alloc);
  }
  for (k = 0; k < nl; k++)
    self->lower_sorted[self->lower_count[self->lower[k].i]++] =
        self->lower[k];
  if (self->edges_alloc < nu + nl) {
    self->edges_alloc = MAX (nu + nl, 1024);
    g_free (self->edges);
    self->edges = g_new (Edge, self->edges_alloc);
  }
  {
    gsize a = 0, b = 0;

    while (a < nu || b < nl) {
      const Edge *ua = a < nu ? &self->upper[a] : NULL;
      const Edge *lb = b < nl ? &self->lower_sorted[b] : NULL;

      if (ua && lb && ua->i == lb->i && ua->j == lb->j) {
        Edge e = *ua;

        if (fabsf (lb->w) > fabsf (ua->w))
          e.w = lb->w;
        self->edges[self->n_edges++] = e;
        a++, b++;
      } else if (lb == NULL || (ua && (ua->i < lb->i || (ua->i == lb->i
                      && ua->j < lb->j)))) {
        self->edges[self->n_edges++] = self->upper[a++];
      } else {
        self->edges[self->n_edges++] = self->lower_sorted[b++];
      }
    }
  }

  if (self->edges == NULL)
    self->edges = g_new (Edge, 1);
  self->edges_seq = self->w_seq;
  self->edges_threshold = s->threshold;
  self->edges_directed = s->directed;
  if (bad && !self->warned_nan) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("The weight matrix at %" GST_TIME_FORMAT " has %" G_GSIZE_FORMAT
            " NaN or infinite weights: those edges are not drawn",
            GST_TIME_ARGS (self->w_pts), bad), (NULL));
    self->warned_nan = TRUE;
  }
  return TRUE;
}

/* Edges into the layer, last edge first: the layer composites front to
 * back, so the picture is that of drawing them in list order. */
static void
draw_edges (GstNetGraph * self, const Settings * s, const gfloat * xy,
    gdouble node_r)
{
  guint32 pos_c = neuro_argb_premultiply (s->positive_color);
  guint32 neg_c = neuro_argb_premultiply (s->negative_color);
  guint32 fix_c = neuro_argb_premultiply (s->edge_color);
  gsize e;

  for (e = self->n_edges; e-- > 0;) {
    const Edge *ed = &self->edges[e];
    gdouble aw = fabsf (ed->w);
    gdouble width = MIN (aw * s->edge_width, s->edge_max_width);
    gdouble alpha = MIN (aw * s->edge_alpha, 1.0);
    gdouble x0 = xy[2 * ed->i], y0 = xy[2 * ed->i + 1];
    gdouble x1 = xy[2 * ed->j], y1 = xy[2 * ed->j + 1];
    guint32 col;

    switch (s->edge_color_mode) {
      case GST_NET_GRAPH_EDGE_COLOR_COLORMAP:
        col = neuro_colormap_map (s->edge_colormap, ed->w, s->edge_vmin,
            s->edge_vmax, 0);
        break;
      case GST_NET_GRAPH_EDGE_COLOR_FIXED:
        col = fix_c;
        break;
      default:
        col = ed->w > 0 ? pos_c : neg_c;
        break;
    }
    if (s->directed) {
      /* stop at the target's rim, arrow head of length 3 widths (min 6),
       * the head on top of its own line */
      gdouble dx = x1 - x0, dy = y1 - y0, l = hypot (dx, dy);
      gdouble head = MAX (6.0, 3 * width), ux, uy, tx, ty, bx, by, tri[6];

      if (l <= node_r + head)
        continue;
      ux = dx / l;
      uy = dy / l;
      tx = x1 - ux * node_r;
      ty = y1 - uy * node_r;
      bx = tx - ux * head;
      by = ty - uy * head;
      tri[0] = tx;
      tri[1] = ty;
      tri[2] = bx - uy * head * 0.4;
      tri[3] = by + ux * head * 0.4;
      tri[4] = bx + uy * head * 0.4;
      tri[5] = by - ux * head * 0.4;
      net_edge_layer_triangle (&self->layer, tri, col, alpha);
      net_edge_layer_line (&self->layer, x0, y0, bx, by, width, col, alpha);
    } else {
      net_edge_layer_line (&self->layer, x0, y0, x1, y1, width, col, alpha);
    }
  }
}

/* Node values for the frame: the activity sample at or before @t_end. */
static gboolean
node_values (GstNetGraph * self, GstNeuroFrame * frame, gfloat * vals)
{
  GstAggregatorPad *apad;
  GstMapInfo map;
  gsize frames, k = 0;
  gint64 t_end;

  GST_OBJECT_LOCK (self);
  apad = self->activity_pad ? gst_object_ref (self->activity_pad) : NULL;
  GST_OBJECT_UNLOCK (self);
  if (apad == NULL || self->act_buf == NULL || self->act_n != self->n) {
    if (apad)
      gst_object_unref (apad);
    return FALSE;
  }
  t_end = gst_neuro_renderer_pad_window_end (GST_NEURO_RENDERER (self), apad,
      frame);
  gst_object_unref (apad);
  gst_buffer_map (self->act_buf, &map, GST_MAP_READ);
  frames = map.size / ((gsize) self->act_n * sizeof (gfloat));
  if (self->act_is_signal && self->act_rate > 0
      && GST_CLOCK_TIME_IS_VALID (self->act_pts)) {
    gint64 dt = t_end - (gint64) self->act_pts;

    /* sample k is at pts + k / rate: the last one before t_end (as
     * buffers: a sample at the window end belongs to the next frame) */
    k = dt <= 0 ? 0 : (gsize) (ceil (dt * self->act_rate / GST_SECOND) - 1);
    k = MIN (k, frames - 1);
  } else {
    k = frames - 1;
  }
  memcpy (vals, map.data + k * self->act_n * sizeof (gfloat),
      (gsize) self->act_n * sizeof (gfloat));
  gst_buffer_unmap (self->act_buf, &map);
  return TRUE;
}

static GstFlowReturn
gst_net_graph_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstNetGraph *self = GST_NET_GRAPH (r);
  NeuroCanvas *c = frame->canvas;
  gint W = c->width, H = c->height, n = self->n, i;
  guint32 fg = gst_neuro_renderer_get_foreground (r);
  gdouble fs = neuro_text_size_for_height (H);
  gdouble top, right, ax, ay, aw, ah, node_size;
  gfloat *xy;
  gchar *title;
  Settings s;
  NeuroAxes axes;
  gboolean have_act;
  GstFlowReturn ret = GST_FLOW_OK;

  GST_OBJECT_LOCK (self);
  settings_copy (&s, &self->props);
  GST_OBJECT_UNLOCK (self);
  /* matplotlib's Normalize raises on vmin > vmax */
  if (s.vmin > s.vmax || s.edge_vmin > s.edge_vmax) {
    gboolean edge = !(s.vmin > s.vmax);

    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Properties %s=%g and %s=%g: the minimum must not be above the "
            "maximum", edge ? "edge-vmin" : "vmin", edge ? s.edge_vmin :
            s.vmin, edge ? "edge-vmax" : "vmax", edge ? s.edge_vmax : s.vmax),
        (NULL));
    settings_clear (&s);
    return GST_FLOW_ERROR;
  }
  /* equal limits: widened as matplotlib's colorbar widens the norm */
  neuro_nonsingular (&s.vmin, &s.vmax);
  neuro_nonsingular (&s.edge_vmin, &s.edge_vmax);

  title = gst_neuro_renderer_format_title (r, frame,
      frame->overlay ? NULL : DEFAULT_TITLE);
  top = title ? ceil (fs * 3.0) : 0;
  right = s.colorbar ? ceil (fs * 7.0) : 0;
  ax = 0;
  ay = top;
  aw = MAX (W - right, 1);
  ah = MAX (H - top, 1);
  axes.x0 = ax;
  axes.y0 = ay;
  axes.w = aw;
  axes.h = ah;
  axes.xmin = axes.ymin = 0;
  axes.xmax = axes.ymax = 1;
  axes.y_inverted = FALSE;

  if (n > 0 && !update_layout (self, &s)) {
    ret = GST_FLOW_ERROR;
    goto done;
  }
  if (n <= 0 || self->pos_key == NULL)
    goto decorations;           /* no nodes yet (spring: no matrix yet) */

  /* pixel positions */
  xy = g_new (gfloat, 2 * (gsize) n);
  if (self->pos_pixels) {
    for (i = 0; i < n; i++) {
      gdouble x = self->pos[2 * i], y = self->pos[2 * i + 1];

      if (!(x >= 0 && x < W && y >= 0 && y < H)) {
        GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
            ("Node %d is at pixel (%g, %g), outside the %dx%d frame: with "
                "positions-units=pixels every node must be inside the frame",
                i, x, y, W, H), (NULL));
        g_free (xy);
        ret = GST_FLOW_ERROR;
        goto done;
      }
      xy[2 * i] = floor (x) + 0.5;
      xy[2 * i + 1] = floor (y) + 0.5;
    }
  } else {
    gdouble x0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y0 = G_MAXDOUBLE,
        y1 = -G_MAXDOUBLE, R, sc, cx, cy;

    for (i = 0; i < n; i++) {
      x0 = MIN (x0, self->pos[2 * i]);
      x1 = MAX (x1, self->pos[2 * i]);
      y0 = MIN (y0, self->pos[2 * i + 1]);
      y1 = MAX (y1, self->pos[2 * i + 1]);
    }
    /* Halves first: x1 - x0 overflows for positions near ±DBL_MAX.  A
     * range below DBL_MIN (all nodes at one point, or apart by denormals
     * only) has no meaningful shape: every node goes to the centre.
     * Otherwise (p - c) / R is in [-1, 1] and cannot overflow; the plot
     * radius is 1.5 R. */
    R = MAX (x1 / 2 - x0 / 2, y1 / 2 - y0 / 2);
    cx = x0 / 2 + x1 / 2;
    cy = y0 / 2 + y1 / 2;
    sc = MIN (aw, ah) / 2 / 1.5;
    for (i = 0; i < n; i++) {
      gdouble u = 0, v = 0, x, y;

      if (R >= G_MINDOUBLE && R <= G_MAXDOUBLE) {
        u = (self->pos[2 * i] - cx) / R;
        v = (self->pos[2 * i + 1] - cy) / R;
      }
      x = ax + aw / 2 + u * sc;
      y = ay + ah / 2 - v * sc;

      xy[2 * i] = floor (x) + 0.5;
      xy[2 * i + 1] = floor (y) + 0.5;
    }
  }

  node_size = s.node_size;
  if (node_size <= 0) {
    /* matplotlib's s=200 on a 600 px figure, smaller for crowded graphs */
    gdouble spacing = n > 1 ? MIN (aw, ah) * G_PI / (1.5 * n) : H;

    node_size = MAX (2.0, MIN (H / 30.0, spacing * 0.8));
  }

  /* edges (below the nodes), redrawn when the matrix or what draws it
   * changes, else composited again */
  if (self->have_w) {
    GstMapInfo wmap;
    gchar *key;
    gboolean ok;

    if (!map_weights (self, self->w_buf, &wmap)) {
      g_free (xy);
      ret = GST_FLOW_ERROR;
      goto done;
    }
    self->w = (const gfloat *) wmap.data;
    ok = update_edges (self, &s);
    self->w = NULL;
    gst_buffer_unmap (self->w_buf, &wmap);
    if (!ok) {
      g_free (xy);
      ret = GST_FLOW_ERROR;
      goto done;
    }
    key = g_strdup_printf ("%" G_GUINT64_FORMAT "|%s|%dx%d|%g|%g|%g|%g|%d|"
        "%08x|%08x|%08x|%d|%g|%g|%d|%g", self->w_seq, self->pos_key, W, H,
        s.threshold, s.edge_width, s.edge_max_width, s.edge_alpha,
        s.edge_color_mode, s.positive_color, s.negative_color, s.edge_color,
        s.edge_colormap, s.edge_vmin, s.edge_vmax, s.directed, node_size);
    if (self->layer_valid && strcmp (key, self->layer_key) == 0) {
      g_free (key);
    } else {
      GST_LOG_OBJECT (self, "drawing %" G_GSIZE_FORMAT " edges", self->n_edges);
      net_edge_layer_reset (&self->layer, W, H);
      draw_edges (self, &s, xy, node_size / 2);
      g_free (self->layer_key);
      self->layer_key = key;
      self->layer_valid = TRUE;
    }
    net_edge_layer_composite (&self->layer, c->data, c->stride);
  }

  /* nodes */
  {
    guint32 ring = neuro_argb_premultiply (s.node_outline);
    guint32 fixed = neuro_argb_premultiply (s.node_color);

    self->node_vals = g_renew (gfloat, self->node_vals, n);
    self->node_cols = g_renew (guint32, self->node_cols, n);
    have_act = node_values (self, frame, self->node_vals);
    if (have_act)
      neuro_colormap_map_row (s.colormap, self->node_vals, n, s.vmin, s.vmax,
          BAD_NODE_COLOR, self->node_cols);
    update_sprite (self, node_size, (s.node_outline >> 24) ?
        s.node_outline_width : 0);
    /* a node centred further out than its sprite's radius draws nothing */
    gint lim = self->spr_half + 1;

    for (i = 0; i < n; i++)
      draw_node (self, c,
          neuro_clamp_to_int (xy[2 * i], -lim, c->width + lim),
          neuro_clamp_to_int (xy[2 * i + 1], -lim, c->height + lim),
          have_act ? self->node_cols[i] : fixed, ring);
    if (s.labels) {
      gchar lbl[16];

      for (i = 0; i < n; i++) {
        g_snprintf (lbl, sizeof lbl, "%d", i);
        neuro_text_draw (frame->text, frame->cr, lbl, xy[2 * i],
            xy[2 * i + 1], MAX (6.0, MIN (fs * 0.8, node_size * 0.6)),
            FALSE, fg, NEURO_ALIGN_CENTER, NEURO_ALIGN_CENTER, FALSE);
      }
    }
  }
  g_free (xy);

decorations:
  if (title)
    neuro_axes_title (&axes, frame->cr, frame->text, title, fs, fg);
  if (s.colorbar && ret == GST_FLOW_OK)
    neuro_colorbar_draw (frame->cr, frame->text,
        neuro_colormap_lut (s.colormap), W - right + fs, ay + ah * 0.1,
        fs * 1.2, ah * 0.8, s.vmin, s.vmax, s.colorbar_label, fs, fg);
done:
  g_free (title);
  settings_clear (&s);
  return ret;
}
