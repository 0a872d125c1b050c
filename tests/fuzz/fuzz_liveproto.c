/* gst-neuroviz — libFuzzer target: the NEUROSTREAM parser of neurolivesrc.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is fed twice, whole and in chunks of varying size (as a socket
 * delivers it); both runs must give the same records, every spike must lie
 * inside the header's units, and both error policies are exercised.  The
 * spikes also go through the merge of senders=N (livemerge.c) as three
 * ranks, taken now and then: what comes out must be in time order, and
 * taken + late must be what went in. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "liveproto.h"
#include "livemerge.h"

#define RANKS 3

typedef struct
{
  const LiveProtoHeader *hdr;
  uint64_t spikes;
  uint64_t frames;
  uint64_t ticks;
  uint64_t hash;
  uint64_t mhash;               /* of the merged output */
  LiveMerge m;
  uint64_t late, taken;
  int64_t last_out;
  LiveProtoSpike *out;
} Tally;

static void
take (Tally * t, int64_t end)
{
  size_t n = livemerge_count_before (&t->m, end), k, i;

  t->out = realloc (t->out, (n ? n : 1) * sizeof (LiveProtoSpike));
  if (t->out == NULL)
    abort ();
  k = livemerge_take (&t->m, end, t->out, n);
  if (k != n)
    abort ();
  for (i = 0; i < k; i++) {
    if (t->out[i].t_ns < t->last_out || t->out[i].t_ns >= end)
      abort ();
    t->last_out = t->out[i].t_ns;
    t->mhash = t->mhash * 131 + (uint64_t) t->out[i].t_ns + t->out[i].unit;
  }
  t->taken += k;
}

static int
on_header (void *ud, const LiveProtoHeader * h)
{
  if (h->kind == LIVEPROTO_KIND_SPIKES && (h->units == 0
          || h->units > LIVEPROTO_MAX_UNITS))
    abort ();
  if (h->kind == LIVEPROTO_KIND_SIGNAL && (h->channels == 0
          || h->channels > LIVEPROTO_MAX_CHANNELS || !(h->rate > 0)))
    abort ();
  return 0;
}

static int
on_spikes (void *ud, const LiveProtoSpike * s, size_t n)
{
  Tally *t = ud;
  size_t i;

  for (i = 0; i < n; i++) {
    if (s[i].unit >= t->hdr->units || s[i].t_ns < 0
        || s[i].t_ns > LIVEPROTO_MAX_T_NS)
      abort ();
    t->hash = t->hash * 31 + (uint64_t) s[i].t_ns + s[i].unit;
  }
  for (i = 0; i < n; i++) {
    size_t r = s[i].unit % RANKS;
    LiveProtoSpike *d = livemerge_reserve (&t->m, r, 1);

    if (d == NULL)
      abort ();
    *d = s[i];
    t->late += livemerge_commit (&t->m, r, 1);
    /* a slice leaves now and then, so that some records come late */
    if ((t->spikes + i) % 50 == 49)
      take (t, s[i].t_ns);
  }
  t->spikes += n;
  return 0;
}

static int
on_tick (void *ud, int64_t t_ns)
{
  Tally *t = ud;

  if (t_ns < 0 || t_ns > LIVEPROTO_MAX_T_NS)
    abort ();
  livemerge_advance (&t->m, 0, t_ns);
  t->hash = t->hash * 37 + (uint64_t) t_ns;
  t->ticks++;
  return 0;
}

static int
on_samples (void *ud, const uint8_t * f, size_t n)
{
  Tally *t = ud;
  size_t bytes = n * t->hdr->channels * 4, i;

  /* every byte must be readable */
  for (i = 0; i < bytes; i++)
    t->hash = t->hash * 31 + f[i];
  t->frames += n;
  return 0;
}

static void
on_warning (void *ud, const char *msg)
{
  if (msg[0] == '\0')
    abort ();
}

static int
run (const uint8_t * data, size_t size, size_t chunk, int skip_bad,
    Tally * t)
{
  LiveProtoParser p;
  LiveProtoSink sink = { t, on_header, on_spikes, on_samples, on_warning,
    on_tick
  };
  size_t pos = 0;
  int st = LIVEPROTO_OK;

  liveproto_init (&p, 4096, skip_bad);
  memset (t, 0, sizeof (*t));
  t->hdr = &p.hdr;
  t->last_out = INT64_MIN;
  if (livemerge_init (&t->m, RANKS) != 0)
    abort ();
  while (pos < size && st == LIVEPROTO_OK) {
    size_t k = size - pos < chunk ? size - pos : chunk;

    st = liveproto_feed (&p, data + pos, k, &sink);
    pos += k;
    /* vary the chunk size like a socket does */
    chunk = chunk * 7 % 61 + 1;
  }
  if (st == LIVEPROTO_OK)
    st = liveproto_finish (&p, &sink);
  if (st == LIVEPROTO_ERROR && p.err[0] == '\0')
    abort ();
  take (t, LIVEPROTO_MAX_T_NS + 1);
  if (t->taken + t->late != t->spikes || livemerge_queued (&t->m) != 0)
    abort ();
  livemerge_clear (&t->m);
  free (t->out);
  liveproto_clear (&p);
  return st;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  Tally a, b;
  int sa, sb, skip;
  size_t chunk;

  if (size < 1)
    return 0;
  skip = data[0] & 1;
  chunk = (data[0] >> 1) + 1;
  data++;
  size--;

  sa = run (data, size, size ? size : 1, skip, &a);
  sb = run (data, size, chunk, skip, &b);
  if (sa != sb || a.spikes != b.spikes || a.frames != b.frames
      || a.ticks != b.ticks || a.hash != b.hash || a.mhash != b.mhash)
    abort ();
  return 0;
}
