/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* k-way merge of the ranks of neurolivesrc senders=N, see livemerge.h. */
#include "livemerge.h"

#include <stdlib.h>
#include <string.h>

int
livemerge_init (LiveMerge * m, size_t n_ranks)
{
  memset (m, 0, sizeof (*m));
  m->r = calloc (n_ranks, sizeof (*m->r));
  m->heap = calloc (n_ranks, sizeof (*m->heap));
  if (m->r == NULL || m->heap == NULL) {
    free (m->r);
    free (m->heap);
    m->r = NULL;
    m->heap = NULL;
    return -1;
  }
  m->n = n_ranks;
  livemerge_reset (m);
  return 0;
}

void
livemerge_clear (LiveMerge * m)
{
  size_t i;

  for (i = 0; i < m->n; i++)
    free (m->r[i].q);
  free (m->r);
  free (m->heap);
  memset (m, 0, sizeof (*m));
}

void
livemerge_reset (LiveMerge * m)
{
  size_t i;

  for (i = 0; i < m->n; i++) {
    LiveMergeRank *r = &m->r[i];

    r->head = r->len = 0;
    r->mark = LIVEMERGE_NEVER;
    r->state = LIVEMERGE_WAITING;
    r->late = 0;
  }
  m->floor = LIVEMERGE_NEVER;
}

LiveProtoSpike *
livemerge_reserve (LiveMerge * m, size_t rank, size_t n)
{
  LiveMergeRank *r = &m->r[rank];

  if (r->head > 0 && (r->head >= r->len - r->head || r->len + n > r->cap)) {
    /* compact: what was taken is at the front */
    memmove (r->q, r->q + r->head, (r->len - r->head) * sizeof (*r->q));
    r->len -= r->head;
    r->head = 0;
  }
  if (r->len + n > r->cap) {
    size_t cap = r->cap ? r->cap : 4096;
    LiveProtoSpike *q;

    while (cap < r->len + n)
      cap *= 2;
    q = realloc (r->q, cap * sizeof (*q));
    if (q == NULL)
      return NULL;
    r->q = q;
    r->cap = cap;
  }
  return r->q + r->len;
}

size_t
livemerge_commit (LiveMerge * m, size_t rank, size_t n)
{
  LiveMergeRank *r = &m->r[rank];
  size_t i, w = r->len, late = 0;
  int64_t mark = r->mark;

  for (i = r->len; i < r->len + n; i++) {
    LiveProtoSpike s = r->q[i];
    size_t j = w;

    if (s.t_ns < m->floor) {
      late++;
      continue;
    }
    /* in time order: nearly always a plain append */
    while (j > r->head && r->q[j - 1].t_ns > s.t_ns) {
      r->q[j] = r->q[j - 1];
      j--;
    }
    r->q[j] = s;
    w++;
    if (s.t_ns > mark)
      mark = s.t_ns;
  }
  r->len = w;
  r->mark = mark;
  r->late += late;
  return late;
}

void
livemerge_advance (LiveMerge * m, size_t rank, int64_t t)
{
  if (t > m->r[rank].mark)
    m->r[rank].mark = t;
}

size_t
livemerge_queued (const LiveMerge * m)
{
  size_t i, n = 0;

  for (i = 0; i < m->n; i++)
    n += m->r[i].len - m->r[i].head;
  return n;
}

/* index of the first record at or after @end in a sorted queue */
static size_t
lower_bound (const LiveMergeRank * r, int64_t end)
{
  size_t lo = r->head, hi = r->len;

  if (lo == hi || r->q[hi - 1].t_ns < end)
    return hi;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;

    if (r->q[mid].t_ns < end)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

size_t
livemerge_count_before (const LiveMerge * m, int64_t end)
{
  size_t i, n = 0;

  for (i = 0; i < m->n; i++)
    n += lower_bound (&m->r[i], end) - m->r[i].head;
  return n;
}

long
livemerge_first_behind (const LiveMerge * m, int64_t end)
{
  size_t i;
  int any_live = 0;

  for (i = 0; i < m->n; i++)
    any_live |= m->r[i].state == LIVEMERGE_LIVE;
  for (i = 0; i < m->n; i++) {
    const LiveMergeRank *r = &m->r[i];

    if (r->state == LIVEMERGE_WAITING && any_live)
      return (long) i;
    if (r->state == LIVEMERGE_LIVE && r->mark < end)
      return (long) i;
  }
  return -1;
}

/* heap order: the earlier head record, ties by rank */
static inline int
before (const LiveMerge * m, size_t a, size_t b)
{
  int64_t ta = m->r[a].q[m->r[a].head].t_ns;
  int64_t tb = m->r[b].q[m->r[b].head].t_ns;

  return ta < tb || (ta == tb && a < b);
}

static void
sift_down (LiveMerge * m, size_t n, size_t i)
{
  size_t *h = m->heap;

  for (;;) {
    size_t l = 2 * i + 1, s = i, t;

    if (l < n && before (m, h[l], h[s]))
      s = l;
    if (l + 1 < n && before (m, h[l + 1], h[s]))
      s = l + 1;
    if (s == i)
      return;
    t = h[i];
    h[i] = h[s];
    h[s] = t;
    i = s;
  }
}

size_t
livemerge_take (LiveMerge * m, int64_t end, LiveProtoSpike * out,
    size_t max)
{
  size_t i, nh = 0, k = 0;

  for (i = 0; i < m->n; i++) {
    LiveMergeRank *r = &m->r[i];

    if (r->head < r->len && r->q[r->head].t_ns < end)
      m->heap[nh++] = i;
  }
  for (i = nh / 2; i-- > 0;)
    sift_down (m, nh, i);

  while (nh > 0 && k < max) {
    size_t top = m->heap[0], next = (size_t) -1;
    LiveMergeRank *r = &m->r[top];
    int64_t lim_t = end;

    /* the top rank's records go out as a run until the next rank's head */
    if (nh > 1)
      next = m->heap[1];
    if (nh > 2 && before (m, m->heap[2], next))
      next = m->heap[2];
    if (next != (size_t) -1) {
      int64_t tn = m->r[next].q[m->r[next].head].t_ns;

      /* equal times: the lower rank first */
      lim_t = tn < end ? tn + (top < next ? 1 : 0) : end;
    }
    do {
      out[k++] = r->q[r->head++];
    } while (k < max && r->head < r->len && r->q[r->head].t_ns < lim_t);

    if (r->head == r->len || r->q[r->head].t_ns >= end) {
      m->heap[0] = m->heap[--nh];
      if (r->head == r->len)
        r->head = r->len = 0;
    }
    sift_down (m, nh, 0);
  }
  if (end > m->floor)
    m->floor = end;
  return k;
}
