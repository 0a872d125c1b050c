/* gst-neuroviz — netgraph's edge scan on arrays: the edges above threshold
 * against a plain reference (SIMD and plain-C twin, directed and not, sizes
 * that are no multiple of 8), pairs, the diagonal, the exact threshold,
 * NaN and infinite weights, the edge limit.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <math.h>

#include "edgescan.h"

/* The documented result, the obvious way: row-major (i, j), undirected
 * pairs i < j with the stronger of both weights. */
static GArray *
reference (const gfloat * w, gint n, gdouble thr, gboolean directed,
    gsize * bad)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (NetEdge));
  gint i, j;

  *bad = 0;
  for (i = 0; i < n * n; i++)
    if (!isfinite (w[i]))
      (*bad)++;
  for (i = 0; i < n; i++)
    for (j = directed ? 0 : i + 1; j < n; j++) {
      gfloat a1 = w[i * n + j], a2 = directed ? NAN : w[j * n + i];
      gboolean in1 = isfinite (a1) && fabs (a1) > thr;
      gboolean in2 = isfinite (a2) && fabs (a2) > thr;
      NetEdge e = { i, j, 0 };

      if (i == j || !(in1 || in2))
        continue;
      if (in1 && in2)
        e.w = fabsf (a2) > fabsf (a1) ? a2 : a1;
      else
        e.w = in1 ? a1 : a2;
      g_array_append_val (a, e);
    }
  return a;
}

static void
check_against_reference (NetEdgeScan * s, const gfloat * w, gint n,
    gdouble thr, gboolean directed)
{
  gsize bad, k;
  GArray *ref = reference (w, n, thr, directed, &bad);

  fail_unless (net_edge_scan (s, w, n, thr, directed, G_MAXSIZE));
  fail_unless_equals_uint64 (s->n_edges, ref->len);
  fail_unless_equals_uint64 (s->bad, bad);
  for (k = 0; k < ref->len; k++) {
    const NetEdge *e = &g_array_index (ref, NetEdge, k);

    fail_unless (s->edges[k].i == e->i && s->edges[k].j == e->j
        && s->edges[k].w == e->w, "edge %" G_GSIZE_FORMAT ": (%u, %u, %g), "
        "expected (%u, %u, %g)", k, s->edges[k].i, s->edges[k].j,
        s->edges[k].w, e->i, e->j, e->w);
  }
  g_array_unref (ref);
}

/* Random signed matrices with NaN and infinities, sizes around multiples
 * of 8, every combination of SIMD/plain C and directed/undirected, the scan
 * reused across sizes. */
GST_START_TEST (test_random_matrices)
{
  const gint sizes[] = { 1, 2, 7, 8, 9, 37, 64, 5, 37 };
  const gdouble thrs[] = { 0.0, 0.5, 1.5 };
  GRand *rand = g_rand_new_with_seed (7);
  NetEdgeScan s[2] = { {0}, {0} };
  guint k, t, v;

  s[1].scalar = TRUE;
  for (k = 0; k < G_N_ELEMENTS (sizes); k++) {
    gint n = sizes[k], i;
    gfloat *w = g_new (gfloat, n * n);

    for (i = 0; i < n * n; i++) {
      gdouble u = g_rand_double (rand);

      w[i] = u < 0.02 ? NAN : u < 0.03 ? INFINITY : u < 0.04 ? -INFINITY :
          u < 0.3 ? 0.0f : (gfloat) g_rand_double_range (rand, -2, 2);
    }
    for (t = 0; t < G_N_ELEMENTS (thrs); t++)
      for (v = 0; v < 4; v++)
        check_against_reference (&s[v & 1], w, n, thrs[t], v >> 1);
    g_free (w);
  }
  net_edge_scan_free (&s[0]);
  net_edge_scan_free (&s[1]);
  g_rand_free (rand);
}

GST_END_TEST;

/* A pair found in both triangles once, with the stronger weight and its
 * sign; the diagonal never; directed keeps both directions. */
GST_START_TEST (test_pairs_and_diagonal)
{
  const gfloat w[9] = {
    5, 0.5f, 0,
    -0.9f, 5, 0,
    0.7f, 0, 5
  };
  NetEdgeScan s = { 0 };

  fail_unless (net_edge_scan (&s, w, 3, 0.1, FALSE, 100));
  fail_unless_equals_uint64 (s.n_edges, 2);
  fail_unless (s.edges[0].i == 0 && s.edges[0].j == 1);
  fail_unless_equals_float (s.edges[0].w, -0.9f);
  fail_unless (s.edges[1].i == 0 && s.edges[1].j == 2);
  fail_unless_equals_float (s.edges[1].w, 0.7f);

  fail_unless (net_edge_scan (&s, w, 3, 0.1, TRUE, 100));
  fail_unless_equals_uint64 (s.n_edges, 3);
  fail_unless (s.edges[0].i == 0 && s.edges[0].j == 1);
  fail_unless (s.edges[1].i == 1 && s.edges[1].j == 0);
  fail_unless (s.edges[2].i == 2 && s.edges[2].j == 0);
  net_edge_scan_free (&s);
}

GST_END_TEST;

/* |w| > threshold in doubles: 0.1f (0.10000000149) is above 0.1, but not
 * above the double equal to 0.1f. */
GST_START_TEST (test_threshold_exact)
{
  const gfloat w[4] = { 0, 0.1f, 0.1f, 0 };
  NetEdgeScan s = { 0 };

  fail_unless (net_edge_scan (&s, w, 2, 0.1, FALSE, 100));
  fail_unless_equals_uint64 (s.n_edges, 1);
  fail_unless (net_edge_scan (&s, w, 2, (gdouble) 0.1f, FALSE, 100));
  fail_unless_equals_uint64 (s.n_edges, 0);
  net_edge_scan_free (&s);
}

GST_END_TEST;

/* NaN and infinite weights are absent edges, and counted */
GST_START_TEST (test_non_finite)
{
  const gfloat w[9] = { NAN, INFINITY, 0.5f, -INFINITY, 0, 0, 0.5f, 0, 0 };
  NetEdgeScan s = { 0 };

  fail_unless (net_edge_scan (&s, w, 3, 0.1, FALSE, 100));
  fail_unless_equals_uint64 (s.bad, 3);
  fail_unless_equals_uint64 (s.n_edges, 1);
  fail_unless (s.edges[0].i == 0 && s.edges[0].j == 2);
  net_edge_scan_free (&s);
}

GST_END_TEST;

/* More candidates than the limit: FALSE, at any size; at the limit: TRUE */
GST_START_TEST (test_edge_limit)
{
  gint n = 40, i;
  gfloat *w = g_new (gfloat, n * n);
  NetEdgeScan s = { 0 };

  for (i = 0; i < n * n; i++)
    w[i] = 1;
  /* 40·39 off-diagonal weights, each pair found twice when undirected */
  fail_unless (!net_edge_scan (&s, w, n, 0, TRUE, 40 * 39 - 1));
  fail_unless (net_edge_scan (&s, w, n, 0, TRUE, 40 * 39));
  fail_unless_equals_uint64 (s.n_edges, 40 * 39);
  fail_unless (!net_edge_scan (&s, w, n, 0, FALSE, 40 * 39 - 1));
  fail_unless (net_edge_scan (&s, w, n, 0, FALSE, 40 * 39));
  fail_unless_equals_uint64 (s.n_edges, 40 * 39 / 2);
  net_edge_scan_free (&s);
  g_free (w);
}

GST_END_TEST;

static Suite *
edgescan_suite (void)
{
  Suite *s = suite_create ("edgescan");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_random_matrices);
  tcase_add_test (tc, test_pairs_and_diagonal);
  tcase_add_test (tc, test_threshold_exact);
  tcase_add_test (tc, test_non_finite);
  tcase_add_test (tc, test_edge_limit);
  return s;
}

GST_CHECK_MAIN (edgescan);
