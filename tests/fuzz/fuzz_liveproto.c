/* gst-neuroviz — libFuzzer target: the NEUROSTREAM parser of neurolivesrc.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The input is fed twice, whole and in chunks of varying size (as a socket
 * delivers it); both runs must give the same records, every spike must lie
 * inside the header's units, and both error policies are exercised. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "liveproto.h"

typedef struct
{
  const LiveProtoHeader *hdr;
  uint64_t spikes;
  uint64_t frames;
  uint64_t hash;
} Tally;

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
  t->spikes += n;
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
  LiveProtoSink sink = { t, on_header, on_spikes, on_samples, on_warning };
  size_t pos = 0;
  int st = LIVEPROTO_OK;

  liveproto_init (&p, 4096, skip_bad);
  memset (t, 0, sizeof (*t));
  t->hdr = &p.hdr;
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
      || a.hash != b.hash)
    abort ();
  return 0;
}
