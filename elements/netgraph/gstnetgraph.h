/* gst-neuroviz — netgraph: a weight matrix (and optional node activity) in,
 * a network graph movie out, or drawn over an incoming video.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "gstneurorenderer.h"
#include "neurocolormap.h"

G_BEGIN_DECLS

typedef enum
{
  GST_NET_GRAPH_LAYOUT_CIRCULAR,
  GST_NET_GRAPH_LAYOUT_GRID,
  GST_NET_GRAPH_LAYOUT_SPRING,
} GstNetGraphLayout;

typedef enum
{
  GST_NET_GRAPH_UNITS_DATA,
  GST_NET_GRAPH_UNITS_PIXELS,
} GstNetGraphUnits;

typedef enum
{
  GST_NET_GRAPH_EDGE_COLOR_SIGN,
  GST_NET_GRAPH_EDGE_COLOR_COLORMAP,
  GST_NET_GRAPH_EDGE_COLOR_FIXED,
  GST_NET_GRAPH_EDGE_COLOR_ACTIVITY,
} GstNetGraphEdgeColorMode;

#define GST_TYPE_NET_GRAPH (gst_net_graph_get_type ())
G_DECLARE_FINAL_TYPE (GstNetGraph, gst_net_graph, GST, NET_GRAPH,
    GstNeuroRenderer);

GST_ELEMENT_REGISTER_DECLARE (netgraph);

G_END_DECLS
