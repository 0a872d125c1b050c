/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* The k-way merge of neurolivesrc senders=N (docs/live-protocol.md).
 *
 * One queue per rank, in time order (a rank sends in time order; the few
 * records that come out of order are put in place when they arrive), and
 * a watermark per rank: no record before it will come from that rank (its
 * latest record or tick).  A slice up to @end is taken from all queues at
 * once, by pairwise merges of the ranks' runs (log2 ranks passes, each
 * streaming through memory without a branch on the data); records that
 * arrive for a slice already taken are late: counted, never queued.
 *
 * Plain C without GStreamer, like liveproto.c; times are whatever the
 * caller puts in (neurolivesrc: running time in ns).  No allocation per
 * record: each queue grows by doubling and is compacted in place. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "liveproto.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LIVEMERGE_NEVER INT64_MIN
#define LIVEMERGE_ALWAYS INT64_MAX

typedef enum
{
  LIVEMERGE_WAITING = 0,        /* not connected yet: holds the merge */
  LIVEMERGE_LIVE,
  LIVEMERGE_ENDED               /* its watermark is +inf */
} LiveMergeState;

typedef struct
{
  LiveProtoSpike *q;
  size_t head, len, cap;        /* records q[head .. len) */
  int64_t mark;                 /* watermark; LIVEMERGE_NEVER at first */
  LiveMergeState state;
  uint64_t late;                /* records that came after their slice */
} LiveMergeRank;

typedef struct
{
  LiveProtoSpike *s;
  size_t n;
} LiveMergeRun;

typedef struct
{
  size_t n;
  LiveMergeRank *r;
  /* livemerge_take's pairwise merges: the runs, and two buffers of the
   * largest slice so far */
  LiveMergeRun *runs;
  LiveProtoSpike *scratch[2];
  size_t scratch_cap;
  int64_t floor;                /* everything before it has been taken */
} LiveMerge;

int livemerge_init (LiveMerge * m, size_t n_ranks);
void livemerge_clear (LiveMerge * m);
/* Forgets every record and watermark; ranks become WAITING. */
void livemerge_reset (LiveMerge * m);

/* Room for @n records at the end of rank @rank's queue (NULL: out of
 * memory); write them there, then commit. */
LiveProtoSpike *livemerge_reserve (LiveMerge * m, size_t rank, size_t n);
/* Adds the @n records written after reserve(); those before the floor are
 * late and dropped.  Returns how many were late. */
size_t livemerge_commit (LiveMerge * m, size_t rank, size_t n);
/* Rank @rank says that nothing before @t will come. */
void livemerge_advance (LiveMerge * m, size_t rank, int64_t t);

/* Records queued in all ranks. */
size_t livemerge_queued (const LiveMerge * m);
/* Records of all ranks before @end. */
size_t livemerge_count_before (const LiveMerge * m, int64_t end);
/* The first rank that may still send a record before @end (WAITING, or
 * LIVE with a watermark below @end), or -1 when none: a slice up to @end
 * is complete.  WAITING ranks count once some rank has connected. */
long livemerge_first_behind (const LiveMerge * m, int64_t end);
/* Moves the records before @end into @out in time order (ties: the lower
 * rank first, then queue order); the floor becomes @end.  @max must be at
 * least livemerge_count_before (@end).  Returns how many (0 and nothing
 * taken when @max is too small or out of memory). */
size_t livemerge_take (LiveMerge * m, int64_t end, LiveProtoSpike * out,
    size_t max);

#ifdef __cplusplus
}
#endif
