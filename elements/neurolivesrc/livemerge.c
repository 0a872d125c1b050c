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

  if (r->len + n <= r->cap)
    return r->q + r->len;
  /* compact (what was taken is at the front) only when the end is
   * reached, and keep at least half of the queue free after it: each
   * record is moved about once */
  if (r->head > 0) {
    memmove (r->q, r->q + r->head, (r->len - r->head) * sizeof (*r->q));
    r->len -= r->head;
    r->head = 0;
  }
  if (2 * (r->len + n) > r->cap) {
    size_t cap = r->cap ? r->cap : 4096;
    LiveProtoSpike *q;

    while (cap < 2 * (r->len + n))
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

/* heap order: the earlier record, ties by rank */
static inline int
key_before (const LiveMergeKey * a, const LiveMergeKey * b)
{
  return a->t < b->t || (a->t == b->t && a->rank < b->rank);
}

/* puts @key into the heap of @n whose top is a hole */
static inline void
sift_down (LiveMergeKey * h, size_t n, LiveMergeKey key)
{
  size_t i = 0;

  for (;;) {
    size_t c = 2 * i + 1;

    if (c >= n)
      break;
    if (c + 1 < n && key_before (&h[c + 1], &h[c]))
      c++;
    if (!key_before (&h[c], &key))
      break;
    h[i] = h[c];
    i = c;
  }
  h[i] = key;
}

size_t
livemerge_take (LiveMerge * m, int64_t end, LiveProtoSpike * out,
    size_t max)
{
  LiveMergeKey *h = m->heap;
  size_t i, nh = 0, k = 0;

  /* the keys are kept in the heap itself (no pointer chasing per
   * record); built by sifting each up */
  for (i = 0; i < m->n; i++) {
    LiveMergeRank *r = &m->r[i];

    if (r->head < r->len && r->q[r->head].t_ns < end) {
      LiveMergeKey key = { r->q[r->head].t_ns, (uint32_t) i };

      h[nh++] = key;
    }
  }
  for (i = 1; i < nh; i++) {
    size_t c = i;
    LiveMergeKey key = h[c];

    while (c > 0 && key_before (&key, &h[(c - 1) / 2])) {
      h[c] = h[(c - 1) / 2];
      c = (c - 1) / 2;
    }
    h[c] = key;
  }

  while (nh > 0 && k < max) {
    LiveMergeRank *r = &m->r[h[0].rank];
    LiveMergeKey key = h[0], bound;
    const LiveProtoSpike *q = r->q;
    size_t head = r->head, len = r->len;

    /* the top rank's records go out as a run while they come before the
     * next rank's head (one compare when runs are short) */
    bound.t = end;
    bound.rank = UINT32_MAX;
    if (nh > 1)
      bound = h[1];
    if (nh > 2 && key_before (&h[2], &bound))
      bound = h[2];
    do {
      out[k++] = q[head++];
      key.t = head < len ? q[head].t_ns : end;
    } while (k < max && key.t < end && key_before (&key, &bound));

    r->head = head;
    if (head == len)
      r->head = r->len = 0;
    if (key.t >= end)
      key = h[--nh];
    if (nh > 0)
      sift_down (h, nh, key);
  }
  if (end > m->floor)
    m->floor = end;
  return k;
}
