/* gst-neuroviz — netmetrics: weight matrices to a signal of graph metrics
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-netmetrics
 * @title: netmetrics
 *
 * Turns every N×N weight matrix (application/x-neuro-frame) into one
 * sample of an application/x-neuro-signal with 8 channels, keeping PTS and
 * duration, so that `signalscope mode=history` draws the "network metrics"
 * panel of a dynamic-connectivity figure.  Channels, in order:
 *
 *  0. mean |w| over all N² entries (the tutorial's "Mean Strength")
 *  1. fraction of the N² entries with |w| > threshold ("Sparsity")
 *  2. mean in-degree: per column j, the number of i ≠ j with
 *     |w[i][j]| > threshold, averaged over the nodes
 *  3. mean out-degree: the same per row (always equal to the mean in-degree,
 *     kept as its own channel to pair with 5)
 *  4. largest in-degree
 *  5. largest out-degree
 *  6. mean w (signed)
 *  7. largest |w|
 *
 * NaN and infinite weights are left out of every metric (means and the
 * fraction are over the finite entries).  The output rate is the input
 * framerate (0 for a single still matrix).
 *
 * ## Example launch line
 * |[
 * gst-launch-1.0 neurosrc pattern=modulated-connectivity ! \
 *     netmetrics threshold=0.1 ! signalscope mode=history \
 *     channel-names="Mean Strength,Sparsity" ! videoconvert ! autovideosink
 * ]|
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "gstnetmetrics.h"
#include "neurotypes.h"
#include "neuroinput.h"

#include <math.h>
#include <string.h>

GST_DEBUG_CATEGORY_STATIC (gst_net_metrics_debug);
#define GST_CAT_DEFAULT gst_net_metrics_debug

#define DEFAULT_THRESHOLD 0.1

enum
{
  PROP_0,
  PROP_THRESHOLD,
};

struct _GstNetMetrics
{
  GstBaseTransform parent;

  gdouble threshold;            /* object lock */
  gint n;
  gint *in_deg, *out_deg;
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (NEURO_FRAME_CAPS));
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS,
    GST_STATIC_CAPS (NEURO_SIGNAL_MEDIA_TYPE ", format = (string) F32LE, "
        "channels = (int) 8, rate = (double) [ 0, MAX ]"));

#define gst_net_metrics_parent_class parent_class
G_DEFINE_TYPE (GstNetMetrics, gst_net_metrics, GST_TYPE_BASE_TRANSFORM);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (netmetrics, "netmetrics",
    GST_RANK_NONE, GST_TYPE_NET_METRICS,
    GST_DEBUG_CATEGORY_INIT (gst_net_metrics_debug, "netmetrics", 0,
        "network metrics of weight matrices"));

static void gst_net_metrics_finalize (GObject * object);
static void gst_net_metrics_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec);
static void gst_net_metrics_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec);
static GstCaps *gst_net_metrics_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter);
static gboolean gst_net_metrics_set_caps (GstBaseTransform * trans,
    GstCaps * incaps, GstCaps * outcaps);
static gboolean gst_net_metrics_transform_size (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, gsize size, GstCaps * othercaps,
    gsize * othersize);
static GstFlowReturn gst_net_metrics_transform (GstBaseTransform * trans,
    GstBuffer * inbuf, GstBuffer * outbuf);

static void
gst_net_metrics_class_init (GstNetMetricsClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *bt_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->finalize = gst_net_metrics_finalize;
  gobject_class->set_property = gst_net_metrics_set_property;
  gobject_class->get_property = gst_net_metrics_get_property;

  g_object_class_install_property (gobject_class, PROP_THRESHOLD,
      g_param_spec_double ("threshold", "Threshold",
          "A connection counts (fraction, degrees) when |w| > threshold",
          0.0, G_MAXDOUBLE, DEFAULT_THRESHOLD,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_CONTROLLABLE | GST_PARAM_MUTABLE_PLAYING));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class, "Network metrics",
      "Filter/Analyzer", "Mean strength, fraction of connections above a "
      "threshold and degrees of each weight matrix, as a signal",
      "gst-neuroviz developers");

  bt_class->transform_caps =
      GST_DEBUG_FUNCPTR (gst_net_metrics_transform_caps);
  bt_class->set_caps = GST_DEBUG_FUNCPTR (gst_net_metrics_set_caps);
  bt_class->transform_size =
      GST_DEBUG_FUNCPTR (gst_net_metrics_transform_size);
  bt_class->transform = GST_DEBUG_FUNCPTR (gst_net_metrics_transform);
}

static void
gst_net_metrics_init (GstNetMetrics * self)
{
  self->threshold = DEFAULT_THRESHOLD;
}

static void
gst_net_metrics_finalize (GObject * object)
{
  GstNetMetrics *self = GST_NET_METRICS (object);

  g_free (self->in_deg);
  g_free (self->out_deg);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_net_metrics_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstNetMetrics *self = GST_NET_METRICS (object);

  switch (prop_id) {
    case PROP_THRESHOLD:
      GST_OBJECT_LOCK (self);
      self->threshold = g_value_get_double (value);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_net_metrics_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstNetMetrics *self = GST_NET_METRICS (object);

  switch (prop_id) {
    case PROP_THRESHOLD:
      GST_OBJECT_LOCK (self);
      g_value_set_double (value, self->threshold);
      GST_OBJECT_UNLOCK (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

/* matrix framerate <-> signal rate; the matrix size is free upstream */
static GstCaps *
gst_net_metrics_transform_caps (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, GstCaps * filter)
{
  GstCaps *ret = gst_caps_new_empty ();
  guint i;

  for (i = 0; i < gst_caps_get_size (caps); i++) {
    const GstStructure *s = gst_caps_get_structure (caps, i);
    GstStructure *o;

    if (direction == GST_PAD_SINK) {
      gint fn, fd;

      o = gst_structure_new (NEURO_SIGNAL_MEDIA_TYPE, "format", G_TYPE_STRING,
          "F32LE", "channels", G_TYPE_INT, GST_NET_METRICS_N_CHANNELS, NULL);
      if (gst_structure_get_fraction (s, "framerate", &fn, &fd) && fd > 0)
        gst_structure_set (o, "rate", G_TYPE_DOUBLE, (gdouble) fn / fd, NULL);
      else
        gst_structure_set (o, "rate", GST_TYPE_DOUBLE_RANGE, 0.0, G_MAXDOUBLE,
            NULL);
    } else {
      o = gst_structure_from_string (NEURO_FRAME_CAPS, NULL);
    }
    gst_caps_append_structure (ret, o);
  }
  if (filter) {
    GstCaps *t = gst_caps_intersect_full (filter, ret,
        GST_CAPS_INTERSECT_FIRST);

    gst_caps_unref (ret);
    ret = t;
  }
  return ret;
}

static gboolean
gst_net_metrics_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstNetMetrics *self = GST_NET_METRICS (trans);
  NeuroFrameInfo info;
  NeuroInfo all;

  if (!neuro_element_parse_caps (self, incaps, NEURO_KIND_FRAME, &all,
          "matrix caps", "netmetrics expects application/x-neuro-frame, "
          "format=F32LE, width=N, height=N with N at most "
          G_STRINGIFY (NEURO_MAX_DIM)))
    return FALSE;
  info = all.frame;
  if (info.width != info.height) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("The weight matrix is not square (width=%d, height=%d): netmetrics "
            "needs an N x N matrix", info.width, info.height), (NULL));
    return FALSE;
  }
  self->n = info.width;
  self->in_deg = g_renew (gint, self->in_deg, self->n);
  self->out_deg = g_renew (gint, self->out_deg, self->n);
  return TRUE;
}

static gboolean
gst_net_metrics_transform_size (GstBaseTransform * trans,
    GstPadDirection direction, GstCaps * caps, gsize size, GstCaps * othercaps,
    gsize * othersize)
{
  if (direction == GST_PAD_SINK) {
    *othersize = GST_NET_METRICS_N_CHANNELS * sizeof (gfloat);
    return TRUE;
  }
  return FALSE;
}

static GstFlowReturn
gst_net_metrics_transform (GstBaseTransform * trans, GstBuffer * inbuf,
    GstBuffer * outbuf)
{
  GstNetMetrics *self = GST_NET_METRICS (trans);
  gint n = self->n, i, j, max_in = 0, max_out = 0;
  gsize need = (gsize) n * n * 4, finite = 0, above = 0, links = 0;
  gdouble sum_abs = 0, sum = 0, max_abs = 0, thr;
  gfloat out[GST_NET_METRICS_N_CHANNELS];
  GstMapInfo map;

  GST_OBJECT_LOCK (self);
  thr = self->threshold;
  GST_OBJECT_UNLOCK (self);
  if (n <= 0)
    return neuro_element_data_before_caps (self, trans->sinkpad,
        "A weight matrix");
  if (!neuro_element_map (self, inbuf, &map, GST_MAP_READ, "weight matrix"))
    return GST_FLOW_ERROR;
  if (map.size < need) {
    gst_buffer_unmap (inbuf, &map);
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("Matrix buffer of %" G_GSIZE_FORMAT " bytes is shorter than "
            "N x N x 4 = %d x %d x 4 bytes", map.size, n, n), (NULL));
    return GST_FLOW_ERROR;
  }
  memset (self->in_deg, 0, n * sizeof (gint));
  memset (self->out_deg, 0, n * sizeof (gint));
  for (i = 0; i < n; i++) {
    const guint8 *row = map.data + (gsize) i * n * 4;

    for (j = 0; j < n; j++) {
      gfloat w = neuro_f32le_read (row + (gsize) j * 4), a;

      if (!isfinite (w))
        continue;
      a = fabsf (w);
      finite++;
      sum += w;
      sum_abs += a;
      max_abs = MAX (max_abs, a);
      if (a > thr) {
        above++;
        if (i != j) {
          self->out_deg[i]++;
          self->in_deg[j]++;
          links++;
        }
      }
    }
  }
  gst_buffer_unmap (inbuf, &map);
  for (i = 0; i < n; i++) {
    max_in = MAX (max_in, self->in_deg[i]);
    max_out = MAX (max_out, self->out_deg[i]);
  }
  out[GST_NET_METRICS_MEAN_ABS] = finite ? sum_abs / finite : NAN;
  out[GST_NET_METRICS_FRACTION] = finite ? (gdouble) above / finite : NAN;
  out[GST_NET_METRICS_MEAN_IN_DEGREE] = (gdouble) links / n;
  out[GST_NET_METRICS_MEAN_OUT_DEGREE] = (gdouble) links / n;
  out[GST_NET_METRICS_MAX_IN_DEGREE] = max_in;
  out[GST_NET_METRICS_MAX_OUT_DEGREE] = max_out;
  out[GST_NET_METRICS_MEAN_WEIGHT] = finite ? sum / finite : NAN;
  out[GST_NET_METRICS_MAX_ABS] = max_abs;
  neuro_f32le_from_host (out, out, GST_NET_METRICS_N_CHANNELS);
  gst_buffer_fill (outbuf, 0, out, sizeof out);
  gst_buffer_set_size (outbuf, sizeof out);
  return GST_FLOW_OK;
}
