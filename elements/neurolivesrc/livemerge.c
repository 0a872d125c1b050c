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
  m->runs = calloc (n_ranks, sizeof (*m->runs));
  if (m->r == NULL || m->runs == NULL) {
    livemerge_clear (m);
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

  for (i = 0; m->r && i < m->n; i++)
    free (m->r[i].q);
  free (m->r);
  free (m->runs);
  free (m->scratch[0]);
  free (m->scratch[1]);
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
  int started = 0;

  /* once one rank has connected, the others are waited for (a rank that
   * has already ended does not make the late ones less late) */
  for (i = 0; i < m->n; i++)
    started |= m->r[i].state != LIVEMERGE_WAITING;
  for (i = 0; i < m->n; i++) {
    const LiveMergeRank *r = &m->r[i];

    if (r->state == LIVEMERGE_WAITING && started)
      return (long) i;
    if (r->state == LIVEMERGE_LIVE && r->mark < end)
      return (long) i;
  }
  return -1;
}

/* Merges two sorted runs into @o; on equal times @a (the lower ranks)
 * first.  No branch on the data: when ranks interleave, which run goes
 * next is a coin toss. */
static size_t
merge2 (const LiveProtoSpike * a, size_t na, const LiveProtoSpike * b,
    size_t nb, LiveProtoSpike * o)
{
  size_t i = 0, j = 0, k = 0;

  while (i < na && j < nb) {
    uintptr_t pa = (uintptr_t) (a + i), pb = (uintptr_t) (b + j);
    uintptr_t from_b = b[j].t_ns < a[i].t_ns;

    /* a select by mask: compilers turn a ?: here back into two loops */
    o[k++] = *(const LiveProtoSpike *) (pa ^ ((pa ^ pb) & (0 - from_b)));
    j += from_b;
    i += 1 - from_b;
  }
  memcpy (o + k, a + i, (na - i) * sizeof (*o));
  k += na - i;
  memcpy (o + k, b + j, (nb - j) * sizeof (*o));
  return k + nb - j;
}

static int
scratch_reserve (LiveMerge * m, size_t n)
{
  size_t cap = m->scratch_cap ? m->scratch_cap : 4096;
  LiveProtoSpike *a, *b;

  if (n <= m->scratch_cap)
    return 0;
  while (cap < n)
    cap *= 2;
  a = realloc (m->scratch[0], cap * sizeof (*a));
  if (a == NULL)
    return -1;
  m->scratch[0] = a;
  b = realloc (m->scratch[1], cap * sizeof (*b));
  if (b == NULL)
    return -1;
  m->scratch[1] = b;
  m->scratch_cap = cap;
  return 0;
}

size_t
livemerge_take (LiveMerge * m, int64_t end, LiveProtoSpike * out,
    size_t max)
{
  LiveMergeRun *run = m->runs;
  size_t i, nr = 0, total = 0, pass;

  /* the records before @end of each rank: a sorted run in its queue */
  for (i = 0; i < m->n; i++) {
    LiveMergeRank *r = &m->r[i];
    size_t e = lower_bound (r, end);

    if (e > r->head) {
      run[nr].s = r->q + r->head;
      run[nr].n = e - r->head;
      total += run[nr].n;
      nr++;
    }
  }
  if (total > max || (nr > 2 && scratch_reserve (m, total) != 0))
    return 0;
  /* pairwise merges, rank order kept (ties: the lower rank first): log2
   * (ranks) passes over the slice, each streaming through memory; the
   * last one writes into @out */
  for (pass = 0; nr > 1; pass++) {
    size_t w = 0, n_out = 0;
    LiveProtoSpike *dst = nr <= 2 ? out : m->scratch[pass & 1];

    for (i = 0; i < nr; i += 2) {
      LiveMergeRun r = { dst + n_out, 0 };

      if (i + 1 < nr)
        r.n = merge2 (run[i].s, run[i].n, run[i + 1].s, run[i + 1].n,
            dst + n_out);
      else
        r.n = (memcpy (dst + n_out, run[i].s, run[i].n * sizeof (*dst)),
            run[i].n);
      n_out += r.n;
      run[w++] = r;
    }
    nr = w;
  }
  if (nr == 1 && run[0].s != out)
    memcpy (out, run[0].s, run[0].n * sizeof (*out));

  for (i = 0; i < m->n; i++) {
    LiveMergeRank *r = &m->r[i];

    r->head = lower_bound (r, end);
    if (r->head == r->len)
      r->head = r->len = 0;
  }
  if (end > m->floor)
    m->floor = end;
  return total;
}
