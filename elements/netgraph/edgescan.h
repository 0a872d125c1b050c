/* gst-neuroviz — netgraph's edge scan: the edges of a weight matrix above
 * a threshold, in one sequential pass.  Plain C on arrays (tests/edgescan.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32 i, j;                 /* from node i (row) to node j (column) */
  gfloat w;
} NetEdge;

typedef struct
{
  /* the result: edges in row-major order of (i, j) */
  NetEdge *edges;
  gsize n_edges;
  gsize bad;                    /* NaN or infinite weights seen */

  gboolean scalar;              /* tests: the plain-C twin of the SIMD scan */

  /* scratch, kept between scans */
  gsize edges_alloc;
  NetEdge *upper, *lower, *lower_sorted;
  gsize upper_alloc, lower_alloc, lower_sorted_alloc;
  gsize *lower_count;           /* n + 1 */
  gint count_n;
} NetEdgeScan;

/* Scans the n×n row-major matrix @w: an edge for every |w[i][j]| > @threshold
 * off the diagonal.  Directed: every such (i, j).  Undirected: each pair once
 * as (min, max) with the stronger of w[i][j] and w[j][i].  NaN and infinite
 * weights are absent edges, counted in ->bad.  Returns FALSE (and no edges)
 * when more than @max_edges candidates are found. */
gboolean net_edge_scan (NetEdgeScan * s, const gfloat * w, gint n,
    gdouble threshold, gboolean directed, gsize max_edges);

void net_edge_scan_free (NetEdgeScan * s);

G_END_DECLS
