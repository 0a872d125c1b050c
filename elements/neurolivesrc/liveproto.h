/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* NEUROSTREAM 1: the wire protocol of neurolivesrc (docs/live-protocol.md).
 *
 * Plain C without GStreamer so that a libFuzzer target can link it.  The
 * parser is incremental: bytes are fed in chunks of any size (as they come
 * from a socket) and complete records are handed to callbacks in batches.
 *
 *   NEUROSTREAM 1 spikes units=N [format=text|binary]
 *                        [rank=R size=S [offset=O]]\n
 *   NEUROSTREAM 1 signal channels=C rate=R [format=text|binary]\n
 *
 * then records: text lines "t_seconds unit [value]" or "v0 v1 ... vC-1"
 * (one sample frame), or binary little-endian records: 16-byte spikes
 * {int64 t_ns, uint32 unit, float32 value} or C float32 per sample frame.
 * A spike stream may also say that its time advanced without a spike: the
 * text line "tick t_seconds", or a binary record with unit 0xffffffff.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Same bounds as NEURO_MAX_UNITS / NEURO_MAX_CHANNELS (neurotypes.h). */
#define LIVEPROTO_MAX_UNITS     (1u << 24)
#define LIVEPROTO_MAX_CHANNELS  (1u << 20)
#define LIVEPROTO_MAX_RATE      1e9
#define LIVEPROTO_DEFAULT_MAX_LINE 65536
/* Longest time a record may carry: 10^7 s (115 days) keeps t_ns far from
 * int64 overflow once an offset is added. */
#define LIVEPROTO_MAX_T_NS      ((int64_t) 10000000 * 1000000000)
/* Ranks of one multi-rank stream (size=S in the header). */
#define LIVEPROTO_MAX_RANKS     4096
/* The unit of a binary record that is a tick, not a spike. */
#define LIVEPROTO_TICK_UNIT     0xffffffffu

typedef enum
{
  LIVEPROTO_KIND_NONE = 0,
  LIVEPROTO_KIND_SPIKES,
  LIVEPROTO_KIND_SIGNAL
} LiveProtoKind;

typedef enum
{
  LIVEPROTO_FORMAT_TEXT = 0,
  LIVEPROTO_FORMAT_BINARY
} LiveProtoFormat;

typedef enum
{
  LIVEPROTO_OK = 0,
  LIVEPROTO_ERROR = -1,         /* fatal; message in err */
  LIVEPROTO_STOPPED = 1         /* a callback asked to stop */
} LiveProtoStatus;

typedef struct
{
  LiveProtoKind kind;
  LiveProtoFormat format;
  uint32_t units;               /* spikes */
  uint32_t channels;            /* signal */
  double rate;                  /* signal, Hz */
  /* spikes: this sender's share of a multi-rank stream; without rank= and
   * size= in the header rank 0 of 1 (has_rank 0) */
  int has_rank;
  uint32_t rank;
  uint32_t size;
  uint32_t offset;              /* added to every unit id, < units */
} LiveProtoHeader;

typedef struct
{
  int64_t t_ns;                 /* sender time, >= 0 */
  uint32_t unit;                /* < units */
  float value;                  /* 1.0 unless given */
} LiveProtoSpike;

typedef struct
{
  void *user_data;
  /* the header line was parsed; nonzero return stops the parser */
  int (*header) (void *user_data, const LiveProtoHeader * h);
  /* @n spikes in host byte order */
  int (*spikes) (void *user_data, const LiveProtoSpike * s, size_t n);
  /* @n_frames sample frames of channels float32, little-endian bytes */
  int (*samples) (void *user_data, const uint8_t * f32le, size_t n_frames);
  /* a bad record was skipped (skip_bad): message names line/offset */
  void (*warning) (void *user_data, const char *msg);
  /* a tick: no spike before @t_ns follows (the spikes before it in the
   * stream were delivered first); may be NULL (ticks are skipped) */
  int (*tick) (void *user_data, int64_t t_ns);
} LiveProtoSink;

#define LIVEPROTO_BATCH 512

typedef struct
{
  /* configuration, set before the first feed */
  size_t max_line;
  int skip_bad;                 /* drop bad records with a warning */

  LiveProtoHeader hdr;
  int have_header;

  /* bytes of an incomplete line or binary record, kept across feeds */
  uint8_t *carry;
  size_t carry_len;
  size_t carry_cap;

  uint64_t offset;              /* bytes consumed since the last reset */
  uint64_t line;                /* number of the next text line, from 1 */
  uint64_t records;
  uint64_t bad;
  uint64_t ticks;

  LiveProtoSpike batch[LIVEPROTO_BATCH];
  size_t nbatch;
  uint8_t *fbatch;              /* text signal frames, f32le */
  size_t fbatch_frames;
  size_t fbatch_cap;            /* in frames */

  char err[256];
} LiveProtoParser;

void liveproto_init (LiveProtoParser * p, size_t max_line, int skip_bad);

/* A new connection: forget the header, partial records and counters. */
void liveproto_reset (LiveProtoParser * p);

void liveproto_clear (LiveProtoParser * p);

LiveProtoStatus liveproto_feed (LiveProtoParser * p, const uint8_t * data,
    size_t len, const LiveProtoSink * sink);

/* End of input: a last text line without newline is parsed; half a binary
 * record or no header at all is an error (or a warning with skip_bad). */
LiveProtoStatus liveproto_finish (LiveProtoParser * p,
    const LiveProtoSink * sink);

/* Parses one header line (without its newline). 0 or -1 with err. */
int liveproto_parse_header (const char *line, size_t len,
    LiveProtoHeader * h, char *err, size_t errlen);

/* Decimal number "[-+]digits[.digits][e[-+]digits]" to nanoseconds of a
 * value in seconds, exactly (integer arithmetic).  0 or -1. */
int liveproto_parse_seconds_ns (const char *s, size_t len, int64_t * ns);

/* Decimal number (also nan, inf) to double.  0 or -1. */
int liveproto_parse_double (const char *s, size_t len, double *v);

#ifdef __cplusplus
}
#endif
