/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* NEUROSTREAM 1 parser, see liveproto.h and docs/live-protocol.md.
 *
 * No locale-dependent strtod: numbers are parsed by hand, times exactly in
 * integer nanoseconds.  Every length is bounded: a text line by max_line, a
 * binary record by the header (at most 4 MiB for 2^20 channels). */
#include "liveproto.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "NEUROSTREAM"
#define MAGIC_LEN 11

static const uint64_t pow10_u64[20] = {
  1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
  10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
  100000000000ull, 1000000000000ull, 10000000000000ull,
  100000000000000ull, 1000000000000000ull, 10000000000000000ull,
  100000000000000000ull, 1000000000000000000ull,
  10000000000000000000ull
};

static int
is_sep (char c)
{
  return c == ' ' || c == '\t' || c == ',' || c == '\r';
}

/* "[-+]digits[.digits][(e|E)[-+]digits]": up to 19 significant digits in
 * @mant, the rest folded into @exp10.  0 or -1. */
static int
parse_decimal (const char *s, size_t len, int *neg, uint64_t * mant,
    int *exp10)
{
  size_t i = 0;
  int sig = 0, e = 0, any = 0;
  uint64_t m = 0;

  *neg = 0;
  if (i < len && (s[i] == '-' || s[i] == '+')) {
    *neg = s[i] == '-';
    i++;
  }
  for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
    if (m == 0 && s[i] == '0')
      continue;
    if (sig < 19) {
      m = m * 10 + (uint64_t) (s[i] - '0');
      sig++;
    } else {
      e++;
    }
  }
  if (i < len && s[i] == '.') {
    i++;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, any = 1) {
      if (m == 0 && s[i] == '0') {
        e--;
        continue;
      }
      if (sig < 19) {
        m = m * 10 + (uint64_t) (s[i] - '0');
        sig++;
        e--;
      }
    }
  }
  if (!any)
    return -1;
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    int eneg = 0, ev = 0, edig = 0;

    i++;
    if (i < len && (s[i] == '-' || s[i] == '+')) {
      eneg = s[i] == '-';
      i++;
    }
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, edig++) {
      if (ev < 100000)
        ev = ev * 10 + (s[i] - '0');
    }
    if (!edig)
      return -1;
    e += eneg ? -ev : ev;
  }
  if (i != len)
    return -1;
  *mant = m;
  *exp10 = e;
  return 0;
}

int
liveproto_parse_seconds_ns (const char *s, size_t len, int64_t * ns)
{
  int neg, e;
  uint64_t m, v;

  if (parse_decimal (s, len, &neg, &m, &e) != 0)
    return -1;
  e += 9;                       /* seconds -> nanoseconds */
  if (m == 0) {
    v = 0;
  } else if (e >= 0) {
    if (e > 19 || m > (uint64_t) LIVEPROTO_MAX_T_NS / pow10_u64[e])
      return -1;
    v = m * pow10_u64[e];
  } else if (e < -19) {
    v = 0;
  } else {
    uint64_t d = pow10_u64[-e];
    /* round half up; m < 10^19 so m / d + 1 cannot overflow */
    v = m / d + (m % d >= d - d / 2 ? 1 : 0);
  }
  if (v > (uint64_t) LIVEPROTO_MAX_T_NS)
    return -1;
  *ns = neg ? -(int64_t) v : (int64_t) v;
  return 0;
}

static int
word_is (const char *s, size_t len, const char *w)
{
  size_t n = strlen (w), i;

  if (len != n)
    return 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = (char) (c - 'A' + 'a');
    if (c != w[i])
      return 0;
  }
  return 1;
}

int
liveproto_parse_double (const char *s, size_t len, double *v)
{
  int neg = 0, e;
  uint64_t m;
  const char *w = s;
  size_t wl = len;

  if (wl > 0 && (w[0] == '-' || w[0] == '+')) {
    neg = w[0] == '-';
    w++;
    wl--;
  }
  if (word_is (w, wl, "nan")) {
    *v = NAN;
    return 0;
  }
  if (word_is (w, wl, "inf") || word_is (w, wl, "infinity")) {
    *v = neg ? -INFINITY : INFINITY;
    return 0;
  }
  if (parse_decimal (s, len, &neg, &m, &e) != 0)
    return -1;
  if (m == 0 || e < -400)
    *v = 0.0;
  else if (e > 400)
    *v = INFINITY;
  else if (e >= 0)
    *v = (double) m * pow (10.0, e);
  else
    *v = (double) m / pow (10.0, -e);
  if (neg)
    *v = -*v;
  return 0;
}

/* unsigned decimal integer, at most 12 digits (callers check the limit) */
static int
parse_uint (const char *s, size_t len, uint64_t * out)
{
  size_t i;
  uint64_t v = 0;

  if (len == 0 || len > 12)
    return -1;
  for (i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (uint64_t) (s[i] - '0');
  }
  *out = v;
  return 0;
}

/* copies at most 40 bytes of @s, printable ASCII only, for messages */
static void
excerpt (char *out, size_t outlen, const char *s, size_t len)
{
  size_t i, n = 0;

  for (i = 0; i < len && n + 4 < outlen && i < 40; i++) {
    unsigned char c = (unsigned char) s[i];
    out[n++] = (c >= 32 && c < 127) ? (char) c : '?';
  }
  if (i < len && n + 4 < outlen) {
    out[n++] = '.';
    out[n++] = '.';
    out[n++] = '.';
  }
  out[n] = '\0';
}

/* next token of @s[*pos..len), separated by spaces, tabs or commas */
static int
next_token (const char *s, size_t len, size_t *pos, const char **tok,
    size_t *toklen)
{
  size_t i = *pos, start;

  while (i < len && is_sep (s[i]))
    i++;
  if (i >= len) {
    *pos = i;
    return 0;
  }
  start = i;
  while (i < len && !is_sep (s[i]))
    i++;
  *tok = s + start;
  *toklen = i - start;
  *pos = i;
  return 1;
}

/* What a header has given so far, and the excerpt of it for messages */
typedef struct
{
  int units, channels, rate, rank, size, offset;
  char ex[64];
} HeaderSeen;

/* "NEUROSTREAM 1 <kind>": the kind into @h; -1 with the message if not */
static int
header_start (const char *line, size_t len, size_t *pos, LiveProtoHeader * h,
    const HeaderSeen * seen, char *err, size_t errlen)
{
  const char *tok;
  size_t tl;

  if (!next_token (line, len, pos, &tok, &tl) || !word_is (tok, tl,
          "neurostream")) {
    snprintf (err, errlen, "not a NEUROSTREAM stream: the first line is "
        "'%s', expected 'NEUROSTREAM 1 spikes units=N' or "
        "'NEUROSTREAM 1 signal channels=C rate=R'", seen->ex);
    return -1;
  }
  if (!next_token (line, len, pos, &tok, &tl) || tl != 1 || tok[0] != '1') {
    snprintf (err, errlen, "header '%s': only protocol version 1 is "
        "supported", seen->ex);
    return -1;
  }
  if (!next_token (line, len, pos, &tok, &tl)) {
    snprintf (err, errlen, "header '%s': missing the kind (spikes or "
        "signal)", seen->ex);
    return -1;
  }
  if (word_is (tok, tl, "spikes")) {
    h->kind = LIVEPROTO_KIND_SPIKES;
  } else if (word_is (tok, tl, "signal")) {
    h->kind = LIVEPROTO_KIND_SIGNAL;
  } else {
    snprintf (err, errlen, "header '%s': unknown kind, expected spikes or "
        "signal", seen->ex);
    return -1;
  }
  h->format = LIVEPROTO_FORMAT_TEXT;
  return 0;
}

/* rank=, size= and offset= of a spike stream's rank */
static int
header_rank_item (const char *key, size_t kl, const char *val, size_t vl,
    LiveProtoHeader * h, HeaderSeen * seen, char *err, size_t errlen)
{
  char name[8];
  uint64_t u;

  excerpt (name, sizeof (name), key, kl);
  if (parse_uint (val, vl, &u) != 0 || u >= LIVEPROTO_MAX_UNITS) {
    snprintf (err, errlen, "header '%s': %s must be an integer from 0 "
        "to %u", seen->ex, name, LIVEPROTO_MAX_UNITS - 1);
    return -1;
  }
  if (word_is (key, kl, "rank")) {
    h->rank = (uint32_t) u;
    seen->rank = 1;
  } else if (word_is (key, kl, "size")) {
    if (u == 0 || u > LIVEPROTO_MAX_RANKS) {
      snprintf (err, errlen, "header '%s': size=%llu must be from 1 to "
          "%u ranks", seen->ex, (unsigned long long) u, LIVEPROTO_MAX_RANKS);
      return -1;
    }
    h->size = (uint32_t) u;
    seen->size = 1;
  } else {
    h->offset = (uint32_t) u;
    seen->offset = 1;
  }
  return 0;
}

/* units= or channels=: a positive count up to @limit */
static int
header_count_item (const char *what, const char *val, size_t vl,
    uint64_t limit, uint32_t * out, int *have, const HeaderSeen * seen,
    char *err, size_t errlen)
{
  uint64_t u;

  if (parse_uint (val, vl, &u) != 0 || u == 0) {
    snprintf (err, errlen, "header '%s': %s must be a positive integer",
        seen->ex, what);
    return -1;
  }
  if (u > limit) {
    snprintf (err, errlen, "header '%s': %s=%llu is more than the limit of "
        "%llu %s", seen->ex, what, (unsigned long long) u,
        (unsigned long long) limit, what);
    return -1;
  }
  *out = (uint32_t) u;
  *have = 1;
  return 0;
}

/* One key=value item */
static int
header_item (const char *tok, size_t tl, LiveProtoHeader * h,
    HeaderSeen * seen, char *err, size_t errlen)
{
  const char *eq = memchr (tok, '=', tl);
  const char *val;
  size_t kl, vl;
  int spikes = h->kind == LIVEPROTO_KIND_SPIKES;

  if (eq == NULL) {
    snprintf (err, errlen, "header '%s': expected key=value items",
        seen->ex);
    return -1;
  }
  kl = (size_t) (eq - tok);
  val = eq + 1;
  vl = tl - kl - 1;
  if (word_is (tok, kl, "units") && spikes)
    return header_count_item ("units", val, vl, LIVEPROTO_MAX_UNITS,
        &h->units, &seen->units, seen, err, errlen);
  if (word_is (tok, kl, "channels") && !spikes)
    return header_count_item ("channels", val, vl, LIVEPROTO_MAX_CHANNELS,
        &h->channels, &seen->channels, seen, err, errlen);
  if (word_is (tok, kl, "rate") && !spikes) {
    double r;

    if (liveproto_parse_double (val, vl, &r) != 0 || !(r > 0.0)
        || !(r <= LIVEPROTO_MAX_RATE)) {
      snprintf (err, errlen, "header '%s': rate must be a number of Hz "
          "above 0 and at most 1e9", seen->ex);
      return -1;
    }
    h->rate = r;
    seen->rate = 1;
    return 0;
  }
  if ((word_is (tok, kl, "rank") || word_is (tok, kl, "size")
          || word_is (tok, kl, "offset")) && spikes)
    return header_rank_item (tok, kl, val, vl, h, seen, err, errlen);
  if (word_is (tok, kl, "format")) {
    if (word_is (val, vl, "text")) {
      h->format = LIVEPROTO_FORMAT_TEXT;
    } else if (word_is (val, vl, "binary")) {
      h->format = LIVEPROTO_FORMAT_BINARY;
    } else {
      snprintf (err, errlen, "header '%s': format must be text or "
          "binary", seen->ex);
      return -1;
    }
    return 0;
  }
  {
    char key[48];

    excerpt (key, sizeof (key), tok, kl);
    snprintf (err, errlen, "header '%s': unknown key '%s' (spikes take "
        "units, format, rank, size and offset, signals channels, rate "
        "and format)", seen->ex, key);
  }
  return -1;
}

/* What the items must give together */
static int
header_finish (LiveProtoHeader * h, const HeaderSeen * seen, char *err,
    size_t errlen)
{
  if (h->kind == LIVEPROTO_KIND_SPIKES && !seen->units) {
    snprintf (err, errlen, "header '%s': spikes need units=N", seen->ex);
    return -1;
  }
  if (seen->rank != seen->size || (seen->offset && !seen->rank)) {
    snprintf (err, errlen, "header '%s': a rank of a multi-rank stream "
        "gives rank=R and size=S (and optionally offset=O)", seen->ex);
    return -1;
  }
  if (seen->rank && h->rank >= h->size) {
    snprintf (err, errlen, "header '%s': rank=%u must be below size=%u",
        seen->ex, h->rank, h->size);
    return -1;
  }
  if (seen->offset && h->offset >= h->units) {
    snprintf (err, errlen, "header '%s': offset=%u must be below units=%u",
        seen->ex, h->offset, h->units);
    return -1;
  }
  h->has_rank = seen->rank;
  if (!seen->rank)
    h->size = 1;
  if (h->kind == LIVEPROTO_KIND_SIGNAL && (!seen->channels || !seen->rate)) {
    snprintf (err, errlen, "header '%s': a signal needs channels=C and "
        "rate=R", seen->ex);
    return -1;
  }
  return 0;
}

int
liveproto_parse_header (const char *line, size_t len, LiveProtoHeader * h,
    char *err, size_t errlen)
{
  HeaderSeen seen;
  const char *tok;
  size_t tl, pos = 0;

  memset (h, 0, sizeof (*h));
  memset (&seen, 0, sizeof (seen));
  excerpt (seen.ex, sizeof (seen.ex), line, len);
  if (header_start (line, len, &pos, h, &seen, err, errlen) != 0)
    return -1;
  while (next_token (line, len, &pos, &tok, &tl))
    if (header_item (tok, tl, h, &seen, err, errlen) != 0)
      return -1;
  return header_finish (h, &seen, err, errlen);
}

/* ------------------------------------------------------------------------ */

void
liveproto_init (LiveProtoParser * p, size_t max_line, int skip_bad)
{
  memset (p, 0, sizeof (*p));
  p->max_line = max_line ? max_line : LIVEPROTO_DEFAULT_MAX_LINE;
  p->skip_bad = skip_bad;
  p->line = 1;
}

void
liveproto_reset (LiveProtoParser * p)
{
  memset (&p->hdr, 0, sizeof (p->hdr));
  p->have_header = 0;
  p->carry_len = 0;
  p->offset = 0;
  p->line = 1;
  p->records = 0;
  p->bad = 0;
  p->ticks = 0;
  p->nbatch = 0;
  p->fbatch_frames = 0;
  p->err[0] = '\0';
}

void
liveproto_clear (LiveProtoParser * p)
{
  free (p->carry);
  free (p->fbatch);
  p->carry = NULL;
  p->fbatch = NULL;
  p->carry_cap = p->fbatch_cap = 0;
  liveproto_reset (p);
}

static size_t
record_size (const LiveProtoParser * p)
{
  return p->hdr.kind == LIVEPROTO_KIND_SPIKES ? 16 :
      (size_t) p->hdr.channels * 4;
}

static int
carry_reserve (LiveProtoParser * p, size_t n)
{
  uint8_t *c;

  if (n <= p->carry_cap)
    return 0;
  c = realloc (p->carry, n);
  if (c == NULL)
    return -1;
  p->carry = c;
  p->carry_cap = n;
  return 0;
}

static LiveProtoStatus
flush (LiveProtoParser * p, const LiveProtoSink * sink)
{
  if (p->nbatch > 0) {
    size_t n = p->nbatch;

    p->nbatch = 0;
    if (sink->spikes && sink->spikes (sink->user_data, p->batch, n))
      return LIVEPROTO_STOPPED;
  }
  if (p->fbatch_frames > 0) {
    size_t n = p->fbatch_frames;

    p->fbatch_frames = 0;
    if (sink->samples && sink->samples (sink->user_data, p->fbatch, n))
      return LIVEPROTO_STOPPED;
  }
  return LIVEPROTO_OK;
}

/* a bad record: fatal, or counted and reported with skip_bad */
static LiveProtoStatus
bad_record (LiveProtoParser * p, const LiveProtoSink * sink)
{
  p->bad++;
  if (!p->skip_bad)
    return LIVEPROTO_ERROR;
  if (sink->warning)
    sink->warning (sink->user_data, p->err);
  return LIVEPROTO_OK;
}

static LiveProtoStatus
push_spike (LiveProtoParser * p, const LiveProtoSink * sink, int64_t t,
    uint32_t unit, float value)
{
  LiveProtoSpike *s = &p->batch[p->nbatch++];

  s->t_ns = t;
  s->unit = unit + p->hdr.offset;
  s->value = value;
  p->records++;
  if (p->nbatch == LIVEPROTO_BATCH)
    return flush (p, sink);
  return LIVEPROTO_OK;
}

/* the spikes before the tick go first, so that the sink sees them in
 * stream order */
static LiveProtoStatus
push_tick (LiveProtoParser * p, const LiveProtoSink * sink, int64_t t)
{
  LiveProtoStatus st = flush (p, sink);

  if (st != LIVEPROTO_OK)
    return st;
  p->ticks++;
  if (sink->tick && sink->tick (sink->user_data, t))
    return LIVEPROTO_STOPPED;
  return LIVEPROTO_OK;
}

static inline void
store_f32le (uint8_t * dst, float f)
{
  uint32_t u;

  memcpy (&u, &f, 4);
  dst[0] = (uint8_t) u;
  dst[1] = (uint8_t) (u >> 8);
  dst[2] = (uint8_t) (u >> 16);
  dst[3] = (uint8_t) (u >> 24);
}

static LiveProtoStatus
text_spike (LiveProtoParser * p, const LiveProtoSink * sink,
    const char *s, size_t len, uint64_t off)
{
  const char *tok[4];
  size_t tl[4], pos = 0;
  int n = 0;
  int64_t t;
  uint64_t unit;
  double value = 1.0;
  char ex[64];

  uint32_t limit = p->hdr.units - p->hdr.offset;

  while (n < 4 && next_token (s, len, &pos, &tok[n], &tl[n]))
    n++;
  excerpt (ex, sizeof (ex), s, len);
  if (n == 2 && word_is (tok[0], tl[0], "tick")) {
    if (liveproto_parse_seconds_ns (tok[1], tl[1], &t) != 0 || t < 0) {
      snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
          "tick time is not a number of seconds from 0 to 1e7: '%s'",
          (unsigned long long) p->line, (unsigned long long) off, ex);
      return bad_record (p, sink);
    }
    return push_tick (p, sink, t);
  }
  if (n < 2 || n > 3) {
    snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
        "expected 't_seconds unit [value]', got '%s'",
        (unsigned long long) p->line, (unsigned long long) off, ex);
    return bad_record (p, sink);
  }
  if (liveproto_parse_seconds_ns (tok[0], tl[0], &t) != 0 || t < 0) {
    snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
        "time is not a number of seconds from 0 to 1e7: '%s'",
        (unsigned long long) p->line, (unsigned long long) off, ex);
    return bad_record (p, sink);
  }
  if (parse_uint (tok[1], tl[1], &unit) != 0 || unit >= limit) {
    snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
        "unit is not an integer from 0 to %u%s: '%s'",
        (unsigned long long) p->line, (unsigned long long) off,
        limit - 1, p->hdr.offset ? " (units minus offset, less 1)" : "", ex);
    return bad_record (p, sink);
  }
  if (n == 3 && liveproto_parse_double (tok[2], tl[2], &value) != 0) {
    snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
        "value is not a number: '%s'", (unsigned long long) p->line,
        (unsigned long long) off, ex);
    return bad_record (p, sink);
  }
  return push_spike (p, sink, t, (uint32_t) unit, (float) value);
}

static LiveProtoStatus
text_frame (LiveProtoParser * p, const LiveProtoSink * sink,
    const char *s, size_t len, uint64_t off)
{
  size_t ch = p->hdr.channels, pos = 0, c = 0, tl;
  const char *tok;
  uint8_t *dst;
  char ex[64];

  if (p->fbatch == NULL) {
    /* at least one frame, about 16 KiB when frames are small */
    p->fbatch_cap = ch >= 4096 ? 1 : 4096 / ch;
    p->fbatch = malloc (p->fbatch_cap * ch * 4);
    if (p->fbatch == NULL) {
      snprintf (p->err, sizeof (p->err), "out of memory");
      return LIVEPROTO_ERROR;
    }
  }
  dst = p->fbatch + p->fbatch_frames * ch * 4;
  while (next_token (s, len, &pos, &tok, &tl)) {
    double v;

    if (c == ch || liveproto_parse_double (tok, tl, &v) != 0) {
      c = ch + 1;
      break;
    }
    store_f32le (dst + c * 4, (float) v);
    c++;
  }
  if (c != ch) {
    excerpt (ex, sizeof (ex), s, len);
    snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu): "
        "expected %zu numbers (one per channel), got '%s'",
        (unsigned long long) p->line, (unsigned long long) off, ch, ex);
    return bad_record (p, sink);
  }
  p->records++;
  if (++p->fbatch_frames == p->fbatch_cap)
    return flush (p, sink);
  return LIVEPROTO_OK;
}

static LiveProtoStatus
process_line (LiveProtoParser * p, const LiveProtoSink * sink,
    const char *s, size_t len, uint64_t off)
{
  size_t i = 0;

  while (len > 0 && s[len - 1] == '\r')
    len--;
  if (!p->have_header) {
    if (liveproto_parse_header (s, len, &p->hdr, p->err,
            sizeof (p->err)) != 0)
      return LIVEPROTO_ERROR;
    p->have_header = 1;
    if (sink->header && sink->header (sink->user_data, &p->hdr))
      return LIVEPROTO_STOPPED;
    return LIVEPROTO_OK;
  }
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (i == len || s[i] == '#')
    return LIVEPROTO_OK;
  if (p->hdr.kind == LIVEPROTO_KIND_SPIKES)
    return text_spike (p, sink, s, len, off);
  return text_frame (p, sink, s, len, off);
}

static LiveProtoStatus
binary_spikes (LiveProtoParser * p, const LiveProtoSink * sink,
    const uint8_t * d, size_t n, uint64_t off)
{
  size_t i;

  for (i = 0; i < n; i++, d += 16) {
    uint64_t t = (uint64_t) d[0] | (uint64_t) d[1] << 8 |
        (uint64_t) d[2] << 16 | (uint64_t) d[3] << 24 |
        (uint64_t) d[4] << 32 | (uint64_t) d[5] << 40 |
        (uint64_t) d[6] << 48 | (uint64_t) d[7] << 56;
    uint32_t unit = (uint32_t) d[8] | (uint32_t) d[9] << 8 |
        (uint32_t) d[10] << 16 | (uint32_t) d[11] << 24;
    uint32_t vb = (uint32_t) d[12] | (uint32_t) d[13] << 8 |
        (uint32_t) d[14] << 16 | (uint32_t) d[15] << 24;
    float v;
    LiveProtoStatus st;

    memcpy (&v, &vb, 4);
    if ((int64_t) t < 0 || (int64_t) t > LIVEPROTO_MAX_T_NS
        || (unit >= p->hdr.units - p->hdr.offset
            && unit != LIVEPROTO_TICK_UNIT)) {
      snprintf (p->err, sizeof (p->err), "binary spike record %llu (byte "
          "offset %llu): t=%lld ns, unit=%u; expected 0 <= t <= 1e16 ns "
          "and unit < %u", (unsigned long long) (p->records + p->bad +
              p->ticks), (unsigned long long) (off + i * 16), (long long) t,
          unit, p->hdr.units - p->hdr.offset);
      st = bad_record (p, sink);
    } else if (unit == LIVEPROTO_TICK_UNIT) {
      st = push_tick (p, sink, (int64_t) t);
    } else {
      st = push_spike (p, sink, (int64_t) t, unit, v);
    }
    if (st != LIVEPROTO_OK)
      return st;
  }
  return LIVEPROTO_OK;
}

static LiveProtoStatus
binary_records (LiveProtoParser * p, const LiveProtoSink * sink,
    const uint8_t * d, size_t n, uint64_t off)
{
  if (n == 0)
    return LIVEPROTO_OK;
  if (p->hdr.kind == LIVEPROTO_KIND_SPIKES)
    return binary_spikes (p, sink, d, n, off);
  p->records += n;
  if (sink->samples && sink->samples (sink->user_data, d, n))
    return LIVEPROTO_STOPPED;
  return LIVEPROTO_OK;
}

static LiveProtoStatus
feed_inner (LiveProtoParser * p, const uint8_t * data, size_t len,
    const LiveProtoSink * sink)
{
  uint64_t base = p->offset;
  size_t pos = 0;
  LiveProtoStatus st = LIVEPROTO_OK;

  p->offset += len;

  /* refuse a stream that does not start like a header right away, so that
   * binary garbage does not have to fill a whole line first */
  if (!p->have_header && p->carry_len < MAGIC_LEN) {
    size_t have = p->carry_len, i;

    for (i = 0; have + i < MAGIC_LEN && i < len; i++) {
      char c = (char) data[i];

      if (c >= 'a' && c <= 'z')
        c = (char) (c - 'a' + 'A');
      if (c != MAGIC[have + i]) {
        char ex[64];

        excerpt (ex, sizeof (ex), (const char *) data, len < 40 ? len : 40);
        snprintf (p->err, sizeof (p->err), "not a NEUROSTREAM stream: byte "
            "offset %llu: it starts with '%s', expected 'NEUROSTREAM 1 "
            "spikes units=N' or 'NEUROSTREAM 1 signal channels=C rate=R'",
            (unsigned long long) (base + i), ex);
        return LIVEPROTO_ERROR;
      }
    }
  }

  while (pos < len) {
    if (!p->have_header || p->hdr.format == LIVEPROTO_FORMAT_TEXT) {
      const uint8_t *nl = memchr (data + pos, '\n', len - pos);
      size_t seg = nl ? (size_t) (nl - (data + pos)) : len - pos;
      uint64_t line_off = base + pos - p->carry_len;

      if (p->carry_len + seg > p->max_line) {
        snprintf (p->err, sizeof (p->err), "line %llu (byte offset %llu) "
            "is longer than %zu bytes (a binary stream without "
            "format=binary in its header?)", (unsigned long long) p->line,
            (unsigned long long) line_off, p->max_line);
        return LIVEPROTO_ERROR;
      }
      if (nl == NULL) {
        if (carry_reserve (p, p->carry_len + seg) != 0) {
          snprintf (p->err, sizeof (p->err), "out of memory");
          return LIVEPROTO_ERROR;
        }
        memcpy (p->carry + p->carry_len, data + pos, seg);
        p->carry_len += seg;
        break;
      }
      if (p->carry_len > 0) {
        if (carry_reserve (p, p->carry_len + seg) != 0) {
          snprintf (p->err, sizeof (p->err), "out of memory");
          return LIVEPROTO_ERROR;
        }
        memcpy (p->carry + p->carry_len, data + pos, seg);
        st = process_line (p, sink, (const char *) p->carry,
            p->carry_len + seg, line_off);
        p->carry_len = 0;
      } else {
        st = process_line (p, sink, (const char *) data + pos, seg,
            line_off);
      }
      p->line++;
      pos += seg + 1;
      if (st != LIVEPROTO_OK)
        return st;
    } else {
      size_t rs = record_size (p), n;

      if (p->carry_len > 0) {
        size_t k = rs - p->carry_len;

        if (k > len - pos)
          k = len - pos;
        memcpy (p->carry + p->carry_len, data + pos, k);
        p->carry_len += k;
        pos += k;
        if (p->carry_len < rs)
          break;
        p->carry_len = 0;
        st = binary_records (p, sink, p->carry, 1, base + pos - rs);
        if (st != LIVEPROTO_OK)
          return st;
        continue;
      }
      n = (len - pos) / rs;
      st = binary_records (p, sink, data + pos, n, base + pos);
      if (st != LIVEPROTO_OK)
        return st;
      pos += n * rs;
      if (pos < len) {
        if (carry_reserve (p, rs) != 0) {
          snprintf (p->err, sizeof (p->err), "out of memory");
          return LIVEPROTO_ERROR;
        }
        memcpy (p->carry, data + pos, len - pos);
        p->carry_len = len - pos;
        pos = len;
      }
    }
  }
  return LIVEPROTO_OK;
}

LiveProtoStatus
liveproto_feed (LiveProtoParser * p, const uint8_t * data, size_t len,
    const LiveProtoSink * sink)
{
  LiveProtoStatus st = feed_inner (p, data, len, sink), fst;

  if (st == LIVEPROTO_STOPPED)
    return st;
  /* the good records before an error are delivered too, so that the
   * outcome does not depend on how the input was split */
  fst = flush (p, sink);
  return st == LIVEPROTO_ERROR ? st : fst;
}

LiveProtoStatus
liveproto_finish (LiveProtoParser * p, const LiveProtoSink * sink)
{
  LiveProtoStatus st = LIVEPROTO_OK;

  if (!p->have_header) {
    if (p->offset == 0)
      return LIVEPROTO_OK;      /* connected and left without a byte */
    if (p->carry_len > 0) {
      st = process_line (p, sink, (const char *) p->carry, p->carry_len, 0);
      p->carry_len = 0;
      return st == LIVEPROTO_OK ? flush (p, sink) : st;
    }
    snprintf (p->err, sizeof (p->err), "the stream ended before its "
        "NEUROSTREAM header line");
    return LIVEPROTO_ERROR;
  }
  if (p->carry_len > 0) {
    if (p->hdr.format == LIVEPROTO_FORMAT_TEXT) {
      st = process_line (p, sink, (const char *) p->carry, p->carry_len,
          p->offset - p->carry_len);
      p->line++;
    } else {
      snprintf (p->err, sizeof (p->err), "the stream ended inside a binary "
          "record: %zu of %zu bytes at byte offset %llu", p->carry_len,
          record_size (p), (unsigned long long) (p->offset - p->carry_len));
      st = bad_record (p, sink);
    }
    p->carry_len = 0;
    if (st == LIVEPROTO_STOPPED)
      return st;
  }
  if (flush (p, sink) == LIVEPROTO_STOPPED)
    return LIVEPROTO_STOPPED;
  return st;
}
