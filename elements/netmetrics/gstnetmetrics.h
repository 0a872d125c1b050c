/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* netmetrics: N x N weight matrices in, a few network metrics per matrix
 * out as an application/x-neuro-signal sample. */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

/* Output channels, in this order. */
typedef enum
{
  GST_NET_METRICS_MEAN_ABS,     /* mean |w| over all N x N entries */
  GST_NET_METRICS_FRACTION,     /* fraction of entries with |w| > threshold */
  GST_NET_METRICS_MEAN_IN_DEGREE,
  GST_NET_METRICS_MEAN_OUT_DEGREE,
  GST_NET_METRICS_MAX_IN_DEGREE,
  GST_NET_METRICS_MAX_OUT_DEGREE,
  GST_NET_METRICS_MEAN_WEIGHT,  /* signed mean */
  GST_NET_METRICS_MAX_ABS,
  GST_NET_METRICS_N_CHANNELS
} GstNetMetricsChannel;

#define GST_TYPE_NET_METRICS (gst_net_metrics_get_type ())
G_DECLARE_FINAL_TYPE (GstNetMetrics, gst_net_metrics, GST, NET_METRICS,
    GstBaseTransform);

GST_ELEMENT_REGISTER_DECLARE (netmetrics);

G_END_DECLS
