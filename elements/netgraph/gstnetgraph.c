/* gst-neuroviz — netgraph: a weight matrix and node activity in, a network
 * graph movie out (or drawn over video).  The GObject shell: properties,
 * pads, caps, consume and the drawing dispatch; layouts in netlayout[algo],
 * the edge scan in edgescan, kernels in netdraw and edgelayer.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
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
 * w > 0 and negative-color for w < 0; with edge-color-mode=activity (the
 * tutorial's "red where a_i·a_j > 0.5, else blue") edge-active-color where
 * the product of its nodes' activity (the values that colour the nodes this
 * frame) is above edge-activity-threshold, else edge-inactive-color (also
 * when an activity is NaN or no activity pad is linked).  Undirected
 * graphs draw each pair once, with the stronger of w[i][j] and w[j][i]
 * (the same for symmetric matrices); directed=true draws every i→j with
 * an arrow head at j.  The diagonal (self connections) is not drawn.  NaN and infinite weights are
 * treated as absent edges and reported once per stream with a warning
 * message on the bus.
 *
 * Positions are read when they are set (positions) or when the element
 * starts (positions-location, READY to PAUSED), never while drawing: a
 * malformed string or a file that cannot be used fails the start with an
 * error naming it; set while running, it is a warning and the previous
 * positions stay.
 *
 * The title's "{t}" is the time of the output frame, except for a still
 * matrix (framerate 0/1, no duration) with no activity or video linked: it
 * has one time, its own (its PTS in stream time), at every frame rate.
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
#include "edgescan.h"
#include "netdraw.h"
#include "netlayout.h"
#include "netlayoutalgo.h"
#include "neuroinput.h"
#include "neurotypes.h"

#include <math.h>
#include <string.h>

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
/* the tutorial's "red" where a_i·a_j > 0.5, else "blue" */
#define DEFAULT_EDGE_ACTIVITY_THRESHOLD 0.5
#define DEFAULT_EDGE_ACTIVE_COLOR 0xffff0000
#define DEFAULT_EDGE_INACTIVE_COLOR 0xff0000ff
#define DEFAULT_EDGE_VMIN -1.0
#define DEFAULT_EDGE_VMAX 1.0
#define DEFAULT_DIRECTED FALSE
#define DEFAULT_COLORBAR FALSE
#define DEFAULT_COLORBAR_LABEL "Activity"
#define DEFAULT_TITLE "Network Structure (t = {t})"
/* matplotlib's 'lightgray' for NaN activity */
#define BAD_NODE_COLOR 0xffd3d3d3
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
  PROP_EDGE_ACTIVITY_THRESHOLD,
  PROP_EDGE_ACTIVE_COLOR,
  PROP_EDGE_INACTIVE_COLOR,
  PROP_DIRECTED,
  PROP_COLORBAR,
  PROP_COLORBAR_LABEL,
};

typedef struct
{
  GstNetGraphLayout layout;
  gchar *positions;
  gchar *positions_location;
  /* what they hold (x, y doubles), NULL when unset; read when the property
   * is set (positions) or at start (positions-location), never while
   * drawing; pos_gen counts their changes */
  GArray *str_pos, *file_pos;
  guint pos_gen;
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
  gdouble edge_activity_threshold;
  guint32 edge_active_color;
  guint32 edge_inactive_color;
  gboolean directed;
  gboolean colorbar;
  gchar *colorbar_label;
} Settings;

/* what a layout depends on */
typedef struct
{
  gint n;
  GstNetGraphLayout layout;
  GstNetGraphUnits units;
  guint pos_gen;
  gboolean valid;
} LayoutKey;

/* the frame and the plot rectangle in it */
typedef struct
{
  gint width, height;
  gdouble ax, ay, aw, ah;
} Plot;

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
  GstClockTime w_pts, w_dur;
  gboolean w_still;             /* framerate 0/1 */
  gboolean have_w;
  guint64 w_seq;
  gboolean warned_nan;

  /* activity */
  gint act_n;                   /* values per sample, 0 until caps */
  gboolean act_is_signal;
  gdouble act_rate;
  GstBuffer *act_buf;           /* latest buffer (aligned host copy) */
  GstClockTime act_pts;

  /* node positions (data or pixel coordinates), computed once per key */
  gdouble *pos;
  LayoutKey pos_key;
  gboolean pos_pixels;
  guint64 layout_seq;           /* bumped when pos changes */
  gfloat *xy;                   /* pixel centres of the frame */

  /* edges above threshold of the current matrix */
  NetEdgeScan scan;
  gboolean edges_valid;
  guint64 edges_seq;
  gdouble edges_threshold;
  gboolean edges_directed;

  /* edges drawn front to back, reused while nothing that changes them
   * changes (layer_key: what drew them, NULL: nothing) */
  NetEdgeLayer layer;
  gchar *layer_key;
  /* edge-color-mode=activity: the activity the layer was drawn with */
  gfloat *layer_act;
  gint layer_act_n;             /* -1: drawn without activity */

  NetNodeSprite sprite;
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
    {GST_NET_GRAPH_EDGE_COLOR_ACTIVITY, "edge-active-color where the product "
          "of the two nodes' activity is above edge-activity-threshold, else "
          "edge-inactive-color", "activity"},
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
static gboolean gst_net_graph_start (GstAggregator * agg);
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
          "positions-units); overrides layout and positions-location",
          DEFAULT_POSITIONS, rw));
  g_object_class_install_property (gobject_class, PROP_POSITIONS_LOCATION,
      g_param_spec_string ("positions-location", "Positions file",
          "Node positions from a .npy file holding an [N, 2] numeric array, "
          "or a text file with one \"x y\" or \"x,y\" line per node ('#' "
          "starts a comment), at most 64 MiB, read when the element starts "
          "(or at once while running); overrides layout",
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
      neuro_param_spec_color ("node-color", "Node color",
          "Node colour while no activity is linked ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_NODE_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_NODE_OUTLINE,
      neuro_param_spec_color ("node-outline", "Node outline",
          "Colour of the node outlines, alpha 0: none ("
          NEURO_COLOR_SPELLINGS ")", DEFAULT_NODE_OUTLINE, rw));
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
      neuro_param_spec_color ("positive-color", "Positive color",
          "Colour of excitatory (w > 0) edges "
          "(edge-color-mode=sign) ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_POSITIVE_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_NEGATIVE_COLOR,
      neuro_param_spec_color ("negative-color", "Negative color",
          "Colour of inhibitory (w < 0) edges "
          "(edge-color-mode=sign) ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_NEGATIVE_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_EDGE_COLOR,
      neuro_param_spec_color ("edge-color", "Edge color",
          "Colour of every edge (edge-color-mode=fixed) ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_EDGE_COLOR, rw));
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
  g_object_class_install_property (gobject_class, PROP_EDGE_ACTIVITY_THRESHOLD,
      g_param_spec_double ("edge-activity-threshold",
          "Edge activity threshold",
          "edge-color-mode=activity: an edge (i, j) is edge-active-color "
          "where activity[i] * activity[j] > this, else edge-inactive-color",
          -G_MAXDOUBLE, G_MAXDOUBLE, DEFAULT_EDGE_ACTIVITY_THRESHOLD,
          rw | GST_PARAM_CONTROLLABLE));
  g_object_class_install_property (gobject_class, PROP_EDGE_ACTIVE_COLOR,
      neuro_param_spec_color ("edge-active-color", "Edge active color",
          "Colour of edges whose nodes' activity product is above "
          "edge-activity-threshold (edge-color-mode=activity) ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_EDGE_ACTIVE_COLOR, rw));
  g_object_class_install_property (gobject_class, PROP_EDGE_INACTIVE_COLOR,
      neuro_param_spec_color ("edge-inactive-color", "Edge inactive color",
          "Colour of the other edges in edge-color-mode=activity (product at "
          "or below the threshold, NaN, or no activity linked) ("
          NEURO_COLOR_SPELLINGS ")",
          DEFAULT_EDGE_INACTIVE_COLOR, rw));
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
  agg_class->start = GST_DEBUG_FUNCPTR (gst_net_graph_start);
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
  p->edge_activity_threshold = DEFAULT_EDGE_ACTIVITY_THRESHOLD;
  p->edge_active_color = DEFAULT_EDGE_ACTIVE_COLOR;
  p->edge_inactive_color = DEFAULT_EDGE_INACTIVE_COLOR;
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
  g_clear_pointer (&s->str_pos, g_array_unref);
  g_clear_pointer (&s->file_pos, g_array_unref);
}

static void
settings_copy (Settings * dst, const Settings * src)
{
  *dst = *src;
  dst->positions = g_strdup (src->positions);
  dst->positions_location = g_strdup (src->positions_location);
  dst->colorbar_label = g_strdup (src->colorbar_label);
  if (src->str_pos)
    dst->str_pos = g_array_ref (src->str_pos);
  if (src->file_pos)
    dst->file_pos = g_array_ref (src->file_pos);
}

static void
gst_net_graph_finalize (GObject * object)
{
  GstNetGraph *self = GST_NET_GRAPH (object);

  settings_clear (&self->props);
  gst_buffer_replace (&self->w_buf, NULL);
  gst_buffer_replace (&self->act_buf, NULL);
  g_free (self->pos);
  g_free (self->xy);
  net_edge_scan_free (&self->scan);
  net_edge_layer_free (&self->layer);
  g_free (self->layer_key);
  g_free (self->layer_act);
  net_node_sprite_free (&self->sprite);
  g_free (self->node_vals);
  g_free (self->node_cols);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

/* ------------------------------------------------------------ positions */

/* An empty string is no positions (NULL, no error). */
static GArray *
parse_positions (const gchar * str, GError ** error)
{
  GArray *a;
  gchar *err = NULL;

  if (str == NULL || *str == '\0')
    return NULL;
  a = g_array_new (FALSE, FALSE, sizeof (gdouble));
  if (net_layout_parse_string (str, a, &err))
    return a;
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS,
      "%s; expected \"x0,y0;x1,y1;...\" with one pair of finite numbers "
      "per node", err);
  g_free (err);
  g_array_unref (a);
  return NULL;
}

/* Reads a positions file; NULL with @error set when it cannot be used. */
static GArray *
read_positions_file (const gchar * path, GError ** error)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (gdouble));
  gchar *err = NULL;

  if (net_layout_read_file (path, a, &err))
    return a;
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
      "Could not read node positions from \"%s\": %s", path, err);
  g_free (err);
  g_array_unref (a);
  return NULL;
}

/* The positions string, parsed now: a bad one set before the start fails
 * the start (naming it), one set while running is a warning and the
 * previous value stays. */
static void
set_positions (GstNetGraph * self, const gchar * str)
{
  GError *err = NULL;
  GArray *a = parse_positions (str, &err);

  if (err == NULL) {
    GST_OBJECT_LOCK (self);
    g_free (self->props.positions);
    self->props.positions = g_strdup (str);
    if (self->props.str_pos)
      g_array_unref (self->props.str_pos);
    self->props.str_pos = a;
    self->props.pos_gen++;
    GST_OBJECT_UNLOCK (self);
  }
  gst_neuro_renderer_property_parsed (GST_NEURO_RENDERER (self), "positions",
      str, err);
  g_clear_error (&err);
}

/* The positions file is read at the start (READY to PAUSED), as sources
 * open theirs; set while running, it is read right away (a file that cannot
 * be used is a warning, the previous positions stay). */
static void
set_positions_location (GstNetGraph * self, const gchar * path)
{
  GError *err = NULL;
  GArray *a = NULL;
  gboolean running;

  GST_OBJECT_LOCK (self);
  running = GST_STATE (self) >= GST_STATE_PAUSED;
  GST_OBJECT_UNLOCK (self);
  if (running && path && *path && !(a = read_positions_file (path, &err))) {
    GST_ELEMENT_WARNING (self, RESOURCE, READ, ("%s; the previous positions "
            "are kept", err->message), (NULL));
    g_error_free (err);
    return;
  }
  GST_OBJECT_LOCK (self);
  g_free (self->props.positions_location);
  self->props.positions_location = g_strdup (path);
  if (self->props.file_pos)
    g_array_unref (self->props.file_pos);
  self->props.file_pos = a;
  self->props.pos_gen++;
  GST_OBJECT_UNLOCK (self);
}

/* READY to PAUSED: the positions file, then the base class. */
static gboolean
gst_net_graph_start (GstAggregator * agg)
{
  GstNetGraph *self = GST_NET_GRAPH (agg);
  GError *err = NULL;
  GArray *a = NULL;
  gchar *path;

  GST_OBJECT_LOCK (self);
  path = g_strdup (self->props.positions_location);
  GST_OBJECT_UNLOCK (self);
  if (path && *path && !(a = read_positions_file (path, &err))) {
    GST_ELEMENT_ERROR (self, RESOURCE, READ, ("%s", err->message), (NULL));
    g_error_free (err);
    g_free (path);
    return FALSE;
  }
  g_free (path);
  GST_OBJECT_LOCK (self);
  if (self->props.file_pos)
    g_array_unref (self->props.file_pos);
  self->props.file_pos = a;
  self->props.pos_gen++;
  GST_OBJECT_UNLOCK (self);
  return GST_AGGREGATOR_CLASS (parent_class)->start (agg);
}

static void
gst_net_graph_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNetGraph *self = GST_NET_GRAPH (object);
  NeuroPropNote note = NEURO_PROP_NOTE_INIT;
  Settings *p = &self->props;

  if (prop_id == PROP_POSITIONS)
    set_positions (self, g_value_get_string (value));
  else if (prop_id == PROP_POSITIONS_LOCATION)
    set_positions_location (self, g_value_get_string (value));
  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LAYOUT:
      p->layout = g_value_get_enum (value);
      break;
    case PROP_POSITIONS:
    case PROP_POSITIONS_LOCATION:
      /* parsed or read without the lock */
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
      neuro_prop_note_color (&note, pspec, value, &p->node_color);
      break;
    case PROP_NODE_OUTLINE:
      neuro_prop_note_color (&note, pspec, value, &p->node_outline);
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
      neuro_prop_note_color (&note, pspec, value, &p->positive_color);
      break;
    case PROP_NEGATIVE_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->negative_color);
      break;
    case PROP_EDGE_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->edge_color);
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
    case PROP_EDGE_ACTIVITY_THRESHOLD:
      p->edge_activity_threshold = g_value_get_double (value);
      break;
    case PROP_EDGE_ACTIVE_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->edge_active_color);
      break;
    case PROP_EDGE_INACTIVE_COLOR:
      neuro_prop_note_color (&note, pspec, value, &p->edge_inactive_color);
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
  /* a value that does not parse keeps the previous one, and says so */
  neuro_prop_note_report (&note, gst_neuro_renderer_property_parsed,
      GST_NEURO_RENDERER (self), pspec, value);
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
      neuro_color_property_get (value, p->node_color);
      break;
    case PROP_NODE_OUTLINE:
      neuro_color_property_get (value, p->node_outline);
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
      neuro_color_property_get (value, p->positive_color);
      break;
    case PROP_NEGATIVE_COLOR:
      neuro_color_property_get (value, p->negative_color);
      break;
    case PROP_EDGE_COLOR:
      neuro_color_property_get (value, p->edge_color);
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
    case PROP_EDGE_ACTIVITY_THRESHOLD:
      g_value_set_double (value, p->edge_activity_threshold);
      break;
    case PROP_EDGE_ACTIVE_COLOR:
      neuro_color_property_get (value, p->edge_active_color);
      break;
    case PROP_EDGE_INACTIVE_COLOR:
      neuro_color_property_get (value, p->edge_inactive_color);
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
set_weights_caps (GstNetGraph * self, GstCaps * caps)
{
  NeuroInfo all;
  NeuroFrameInfo info;

  if (!neuro_element_parse_caps (self, caps, NEURO_KIND_FRAME, &all,
          "weight caps", "netgraph expects application/x-neuro-frame, "
          "format=F32LE, width=N, height=N"))
    return FALSE;
  info = all.frame;
  if (info.width != info.height) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("The weight matrix is not square (width=%d, height=%d): netgraph "
            "needs an N x N matrix, w[i][j] from node i to node j",
            info.width, info.height), ("caps %" GST_PTR_FORMAT, caps));
    return FALSE;
  }
  self->w_still = info.fps_n == 0;
  if (info.width != self->n) {
    gst_buffer_replace (&self->w_buf, NULL);
    self->have_w = FALSE;
    self->n = info.width;
    self->pos_key.valid = FALSE;
  }
  return check_node_counts (self);
}

static gboolean
set_activity_caps (GstNetGraph * self, GstCaps * caps)
{
  const GstStructure *s = gst_caps_get_structure (caps, 0);
  gboolean frame = s && gst_structure_has_name (s, NEURO_FRAME_MEDIA_TYPE);
  NeuroInfo info;

  if (!neuro_element_parse_caps (self, caps, frame ? NEURO_KIND_FRAME :
          NEURO_KIND_SIGNAL, &info, "activity caps", "expected a signal "
          "with one channel per node or a frame with one value per node"))
    return FALSE;
  if (frame) {
    self->act_n = info.frame.width * info.frame.height;
    self->act_is_signal = FALSE;
    self->act_rate = 0;
  } else {
    self->act_n = info.signal.channels;
    self->act_is_signal = TRUE;
    self->act_rate = info.signal.rate;
  }
  gst_buffer_replace (&self->act_buf, NULL);
  return check_node_counts (self);
}

static gboolean
gst_net_graph_set_sink_caps (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstCaps * caps)
{
  GstNetGraph *self = GST_NET_GRAPH (r);

  if (pad == self->weights_pad)
    return set_weights_caps (self, caps);
  return set_activity_caps (self, caps);
}

static void
gst_net_graph_reset (GstNeuroRenderer * r)
{
  GstNetGraph *self = GST_NET_GRAPH (r);

  self->have_w = FALSE;
  self->warned_nan = FALSE;
  gst_buffer_replace (&self->w_buf, NULL);
  gst_buffer_replace (&self->act_buf, NULL);
  g_clear_pointer (&self->layer_key, g_free);
}

/* Maps a weight matrix buffer for reading; FALSE after posting an error. */
static gboolean
map_weights (GstNetGraph * self, GstBuffer * buf, GstMapInfo * map)
{
  return neuro_element_map (self, buf, map, GST_MAP_READ, "weight matrix");
}

/* The latest matrix: the buffer itself when it is aligned host-order
 * floats (a 2000-node matrix is 16 MB), else a copy.  NaN and infinite
 * weights are left in place and skipped by the edge scan. */
static GstFlowReturn
consume_weights (GstNetGraph * self, GstAggregatorPad * pad, GstBuffer * buf)
{
  GstBuffer *w;

  if (self->n <= 0)
    return neuro_element_data_before_caps (self, GST_PAD (pad),
        "A weight matrix");
  w = neuro_element_f32_buffer (self, buf, (gsize) self->n * self->n,
      "weight matrix");
  if (w == NULL)
    return GST_FLOW_ERROR;
  gst_buffer_replace (&self->w_buf, w);
  gst_buffer_unref (w);
  self->w_pts = GST_BUFFER_PTS (buf);
  self->w_dur = GST_BUFFER_DURATION (buf);
  self->have_w = TRUE;
  self->w_seq++;
  return GST_FLOW_OK;
}

/* The latest activity buffer, as aligned host-order floats: whole samples
 * only (a frame's single value per node). */
static GstFlowReturn
consume_activity (GstNetGraph * self, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  gsize size = gst_buffer_get_size (buf);
  gsize per = (gsize) MAX (self->act_n, 1) * sizeof (gfloat);
  gsize frames = self->act_is_signal ? size / per : 1;
  GstBuffer *act;

  if (self->act_n <= 0)
    return neuro_element_data_before_caps (self, GST_PAD (pad), "Activity");
  if (frames == 0)
    return GST_FLOW_OK;         /* an empty slice: keep the last values */
  act = neuro_element_f32_buffer (self, buf, frames * self->act_n,
      "activity");
  if (act == NULL)
    return GST_FLOW_ERROR;
  /* the value lookup counts samples from the size: none beyond them */
  if (gst_buffer_get_size (act) > frames * per) {
    GstBuffer *whole = gst_buffer_copy_region (act, GST_BUFFER_COPY_MEMORY,
        0, frames * per);

    gst_buffer_unref (act);
    act = whole;
  }
  gst_buffer_replace (&self->act_buf, act);
  gst_buffer_unref (act);
  self->act_pts = GST_BUFFER_PTS (buf);
  return GST_FLOW_OK;
}

static GstFlowReturn
gst_net_graph_consume (GstNeuroRenderer * r, GstAggregatorPad * pad,
    GstBuffer * buf)
{
  GstNetGraph *self = GST_NET_GRAPH (r);

  if (pad == self->weights_pad)
    return consume_weights (self, pad, buf);
  return consume_activity (self, pad, buf);
}

/* --------------------------------------------------------------- layout */

/* Positions for the current settings into self->pos (data or pixel
 * coordinates), recomputed when what they depend on changed; FALSE after
 * posting an error. */
static gboolean
update_layout (GstNetGraph * self, const Settings * s)
{
  LayoutKey key = { self->n, s->layout, s->units, s->pos_gen, TRUE };
  const GArray *user = s->str_pos ? s->str_pos : s->file_pos;
  gint n = self->n;

  if (self->pos_key.valid && memcmp (&key, &self->pos_key, sizeof key) == 0)
    return TRUE;
  if (user == NULL && s->layout == GST_NET_GRAPH_LAYOUT_SPRING
      && !self->have_w)
    return TRUE;                /* wait for the first matrix */
  if (user && (gint) (user->len / 2) != n) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("%s gives %u node positions but the weight matrix is %d x %d: "
            "one position per node is needed", s->str_pos ? "positions" :
            s->positions_location, user->len / 2, n, n), (NULL));
    return FALSE;
  }
  g_free (self->pos);
  self->pos = g_new0 (gdouble, 2 * (gsize) MAX (n, 1));
  self->pos_pixels = FALSE;
  if (user) {
    memcpy (self->pos, user->data, 2 * (gsize) n * sizeof (gdouble));
    self->pos_pixels = s->units == GST_NET_GRAPH_UNITS_PIXELS;
  } else if (s->layout == GST_NET_GRAPH_LAYOUT_GRID) {
    net_layout_grid (n, self->pos);
  } else if (s->layout == GST_NET_GRAPH_LAYOUT_SPRING) {
    GstMapInfo wmap;

    if (!map_weights (self, self->w_buf, &wmap))
      return FALSE;
    net_layout_spring ((const gfloat *) wmap.data, n, s->threshold,
        self->pos);
    gst_buffer_unmap (self->w_buf, &wmap);
  } else {
    net_layout_circle (n, self->pos);
  }
  self->pos_key = key;
  self->layout_seq++;
  return TRUE;
}

/* The nodes' pixel centres in self->xy; FALSE after posting an error. */
static gboolean
place_nodes (GstNetGraph * self, const Plot * p)
{
  gint n = self->n, bad;

  self->xy = g_renew (gfloat, self->xy, 2 * (gsize) n);
  if (!self->pos_pixels) {
    net_layout_fit (self->pos, n, p->ax, p->ay, p->aw, p->ah, self->xy);
    return TRUE;
  }
  bad = net_layout_pixels (self->pos, n, p->width, p->height, self->xy);
  if (bad < 0)
    return TRUE;
  GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
      ("Node %d is at pixel (%g, %g), outside the %dx%d frame: with "
          "positions-units=pixels every node must be inside the frame", bad,
          self->pos[2 * bad], self->pos[2 * bad + 1], p->width, p->height),
      (NULL));
  return FALSE;
}

/* ---------------------------------------------------------------- edges */

/* The edges of the current matrix above threshold (self->scan), scanned
 * again when the matrix, threshold or direction changed; FALSE after
 * posting an error. */
static gboolean
update_edges (GstNetGraph * self, const Settings * s)
{
  GstMapInfo wmap;
  gboolean ok;

  if (self->edges_valid && self->edges_seq == self->w_seq
      && self->edges_threshold == s->threshold
      && self->edges_directed == s->directed)
    return TRUE;
  if (!map_weights (self, self->w_buf, &wmap))
    return FALSE;
  ok = net_edge_scan (&self->scan, (const gfloat *) wmap.data, self->n,
      s->threshold, s->directed, MAX_EDGES);
  gst_buffer_unmap (self->w_buf, &wmap);
  self->edges_valid = ok;
  if (!ok) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("More than %d weights of the %d x %d matrix are above "
            "threshold=%g: netgraph draws at most %d edges, set a higher "
            "threshold", MAX_EDGES, self->n, self->n, s->threshold,
            MAX_EDGES), (NULL));
    return FALSE;
  }
  self->edges_seq = self->w_seq;
  self->edges_threshold = s->threshold;
  self->edges_directed = s->directed;
  if (self->scan.bad && !self->warned_nan) {
    GST_ELEMENT_WARNING (self, STREAM, FORMAT,
        ("The weight matrix at %" GST_TIME_FORMAT " has %" G_GSIZE_FORMAT
            " NaN or infinite weights: those edges are not drawn",
            GST_TIME_ARGS (self->w_pts), self->scan.bad), (NULL));
    self->warned_nan = TRUE;
  }
  return TRUE;
}

static void
edge_style (NetEdgeStyle * st, const Settings * s, const gfloat * activity)
{
  st->positive = neuro_argb_premultiply (s->positive_color);
  st->negative = neuro_argb_premultiply (s->negative_color);
  st->fixed = neuro_argb_premultiply (s->edge_color);
  st->colormap = s->edge_colormap;
  st->vmin = s->edge_vmin;
  st->vmax = s->edge_vmax;
  st->activity = activity;
  st->activity_threshold = s->edge_activity_threshold;
  st->active = neuro_argb_premultiply (s->edge_active_color);
  st->inactive = neuro_argb_premultiply (s->edge_inactive_color);
  st->width = s->edge_width;
  st->max_width = s->edge_max_width;
  st->alpha = s->edge_alpha;
  st->directed = s->directed;
  switch (s->edge_color_mode) {
    case GST_NET_GRAPH_EDGE_COLOR_COLORMAP:
      st->color = net_edge_color_colormap;
      break;
    case GST_NET_GRAPH_EDGE_COLOR_FIXED:
      st->color = net_edge_color_fixed;
      break;
    case GST_NET_GRAPH_EDGE_COLOR_ACTIVITY:
      st->color = net_edge_color_activity;
      break;
    default:
      st->color = net_edge_color_sign;
      break;
  }
}

/* TRUE when the activity edge colours were drawn with differ from
 * @activity (@n values, NULL: none); remembers @activity. */
static gboolean
edge_activity_changed (GstNetGraph * self, const gfloat * activity, gint n)
{
  gint have = activity ? n : -1;

  if (have == self->layer_act_n && (activity == NULL
          || memcmp (activity, self->layer_act, n * sizeof (gfloat)) == 0))
    return FALSE;
  self->layer_act_n = have;
  if (activity) {
    self->layer_act = g_renew (gfloat, self->layer_act, n);
    memcpy (self->layer_act, activity, n * sizeof (gfloat));
  }
  return TRUE;
}

/* Edges (below the nodes) onto the frame: drawn into the layer when the
 * matrix or anything that draws them changed (in edge-color-mode=activity
 * also the nodes' @activity, NULL when none), else the layer is composited
 * again.  FALSE after posting an error. */
static gboolean
composite_edges (GstNetGraph * self, const Settings * s, NeuroCanvas * c,
    gdouble node_size, const gfloat * activity)
{
  NetEdgeStyle st;
  gchar *key;
  gboolean by_activity =
      s->edge_color_mode == GST_NET_GRAPH_EDGE_COLOR_ACTIVITY;
  gboolean act_changed = by_activity
      && edge_activity_changed (self, activity, self->n);

  if (!update_edges (self, s))
    return FALSE;
  key = g_strdup_printf ("%" G_GUINT64_FORMAT "|%" G_GUINT64_FORMAT "|%dx%d|"
      "%g|%g|%g|%g|%d|%08x|%08x|%08x|%d|%g|%g|%d|%g|%g|%08x|%08x", self->w_seq,
      self->layout_seq, c->width, c->height, s->threshold, s->edge_width,
      s->edge_max_width, s->edge_alpha, s->edge_color_mode, s->positive_color,
      s->negative_color, s->edge_color, s->edge_colormap, s->edge_vmin,
      s->edge_vmax, s->directed, node_size, s->edge_activity_threshold,
      s->edge_active_color, s->edge_inactive_color);
  if (!act_changed && self->layer_key && strcmp (key, self->layer_key) == 0) {
    g_free (key);
  } else {
    GST_LOG_OBJECT (self, "drawing %" G_GSIZE_FORMAT " edges",
        self->scan.n_edges);
    edge_style (&st, s, activity);
    net_edge_layer_reset (&self->layer, c->width, c->height);
    net_draw_edges (&self->layer, self->scan.edges, self->scan.n_edges,
        self->xy, &st, node_size / 2);
    g_free (self->layer_key);
    self->layer_key = key;
  }
  net_edge_layer_composite (&self->layer, c->data, c->stride);
  return TRUE;
}

/* ---------------------------------------------------------------- nodes */

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


/* Nodes in their activity colours (self->node_vals when @have_act, else
 * node-color), with their indices when labels=true. */
static void
draw_nodes (GstNetGraph * self, const Settings * s, GstNeuroFrame * frame,
    gdouble node_size, gdouble fs, guint32 fg, gboolean have_act)
{
  gint n = self->n;

  self->node_cols = g_renew (guint32, self->node_cols, n);
  if (have_act)
    neuro_colormap_map_row (s->colormap, self->node_vals, n, s->vmin, s->vmax,
        BAD_NODE_COLOR, self->node_cols);
  net_node_sprite_update (&self->sprite, node_size, (s->node_outline >> 24) ?
      s->node_outline_width : 0);
  net_draw_nodes (&self->sprite, frame->canvas, self->xy, n,
      have_act ? self->node_cols : NULL,
      neuro_argb_premultiply (s->node_color),
      neuro_argb_premultiply (s->node_outline));
  if (s->labels)
    net_draw_labels (frame->text, frame->cr, self->xy, n,
        MAX (6.0, MIN (fs * 0.8, node_size * 0.6)), fg);
}

/* -------------------------------------------------------------- render */

/* The title; "{t}" of a still (a matrix with framerate 0/1 and no
 * duration, nothing else linked) is the matrix's own time, the same at
 * every output rate, else the output frame's. */
static gchar *
format_title (GstNetGraph * self, const GstNeuroFrame * frame)
{
  GstNeuroFrame f = *frame;
  gboolean alone;

  GST_OBJECT_LOCK (self);
  alone = self->activity_pad == NULL && self->video_pad == NULL;
  GST_OBJECT_UNLOCK (self);
  if (alone && self->w_still && self->have_w
      && GST_CLOCK_TIME_IS_VALID (self->w_pts)
      && !GST_CLOCK_TIME_IS_VALID (self->w_dur))
    f.t_end = (gint64) self->w_pts;
  return gst_neuro_renderer_format_title (GST_NEURO_RENDERER (self), &f,
      frame->overlay ? NULL : DEFAULT_TITLE);
}

/* matplotlib's Normalize raises on vmin > vmax: FALSE after posting an
 * error; equal limits are widened as matplotlib's colorbar widens them. */
static gboolean
check_limits (GstNetGraph * self, Settings * s)
{
  if (s->vmin > s->vmax || s->edge_vmin > s->edge_vmax) {
    gboolean edge = !(s->vmin > s->vmax);

    GST_ELEMENT_ERROR (self, LIBRARY, SETTINGS,
        ("Properties %s=%g and %s=%g: the minimum must not be above the "
            "maximum", edge ? "edge-vmin" : "vmin", edge ? s->edge_vmin :
            s->vmin, edge ? "edge-vmax" : "vmax", edge ? s->edge_vmax :
            s->vmax), (NULL));
    return FALSE;
  }
  neuro_nonsingular (&s->vmin, &s->vmax);
  neuro_nonsingular (&s->edge_vmin, &s->edge_vmax);
  return TRUE;
}

/* The graph: edges, then nodes; FALSE after posting an error. */
static gboolean
draw_graph (GstNetGraph * self, const Settings * s, GstNeuroFrame * frame,
    const Plot * p, gdouble fs, guint32 fg)
{
  gdouble node_size;
  gboolean have_act;

  if (!update_layout (self, s))
    return FALSE;
  if (self->pos == NULL || !self->pos_key.valid)
    return TRUE;                /* spring: no matrix yet */
  if (!place_nodes (self, p))
    return FALSE;
  node_size = s->node_size > 0 ? s->node_size :
      net_layout_auto_node_size (self->n, p->aw, p->ah, p->height);
  /* the activity of this frame colours the nodes and (activity mode) the
   * edges */
  self->node_vals = g_renew (gfloat, self->node_vals, self->n);
  have_act = node_values (self, frame, self->node_vals);
  if (self->have_w && !composite_edges (self, s, frame->canvas, node_size,
          have_act ? self->node_vals : NULL))
    return FALSE;
  draw_nodes (self, s, frame, node_size, fs, fg, have_act);
  return TRUE;
}

static GstFlowReturn
gst_net_graph_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstNetGraph *self = GST_NET_GRAPH (r);
  NeuroCanvas *c = frame->canvas;
  guint32 fg = gst_neuro_renderer_get_foreground (r);
  gdouble fs = frame->style->font_size, top, right;
  gchar *title;
  Settings s;
  NeuroAxes axes = { 0 };
  Plot p;
  gboolean ok = TRUE;

  GST_OBJECT_LOCK (self);
  settings_copy (&s, &self->props);
  GST_OBJECT_UNLOCK (self);
  if (!check_limits (self, &s)) {
    settings_clear (&s);
    return GST_FLOW_ERROR;
  }
  title = format_title (self, frame);
  /* the plot: below the title, left of the colorbar */
  top = title ? ceil (fs * 3.0) : 0;
  right = s.colorbar ? ceil (fs * 7.0) : 0;
  p.width = c->width;
  p.height = c->height;
  p.ax = 0;
  p.ay = top;
  p.aw = MAX (c->width - right, 1);
  p.ah = MAX (c->height - top, 1);

  if (self->n > 0)
    ok = draw_graph (self, &s, frame, &p, fs, fg);
  axes.x0 = p.ax;
  axes.y0 = p.ay;
  axes.w = p.aw;
  axes.h = p.ah;
  axes.xmax = axes.ymax = 1;
  if (title && ok)
    neuro_axes_title (&axes, frame->cr, frame->text, title, fs, fg);
  if (s.colorbar && ok)
    neuro_colorbar_draw (frame->cr, frame->text,
        neuro_colormap_lut (s.colormap), c->width - right + fs,
        p.ay + p.ah * 0.1, fs * 1.2, p.ah * 0.8, s.vmin, s.vmax,
        s.colorbar_label, fs, fg);
  g_free (title);
  settings_clear (&s);
  return ok ? GST_FLOW_OK : GST_FLOW_ERROR;
}
