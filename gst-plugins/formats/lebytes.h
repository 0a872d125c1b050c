/* gst-neuroviz — little-endian loads and stores at any alignment.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The project's files and media types are little-endian whatever the host
 * (.npy '<' dtypes, ZIP headers, F32LE samples): these read and write them
 * byte by byte, so they are right on big-endian hosts and on unaligned
 * pointers (a mapped file or an adapter's bytes); compilers turn each into
 * one load or store on little-endian hosts.  GLib-free (format library). */
#pragma once

#include <stdint.h>
#include <string.h>

static inline uint16_t
le_read16 (const uint8_t * p)
{
  return (uint16_t) (p[0] | (p[1] << 8));
}

static inline uint32_t
le_read32 (const uint8_t * p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16) |
      ((uint32_t) p[3] << 24);
}

static inline uint64_t
le_read64 (const uint8_t * p)
{
  return (uint64_t) le_read32 (p) | ((uint64_t) le_read32 (p + 4) << 32);
}

static inline void
le_write32 (uint8_t * p, uint32_t v)
{
  p[0] = (uint8_t) v;
  p[1] = (uint8_t) (v >> 8);
  p[2] = (uint8_t) (v >> 16);
  p[3] = (uint8_t) (v >> 24);
}

static inline void
le_write64 (uint8_t * p, uint64_t v)
{
  le_write32 (p, (uint32_t) v);
  le_write32 (p + 4, (uint32_t) (v >> 32));
}

/* An IEEE 754 float32 as F32LE. */
static inline void
le_write_f32 (uint8_t * p, float f)
{
  uint32_t u;

  memcpy (&u, &f, 4);
  le_write32 (p, u);
}

static inline float
le_read_f32 (const uint8_t * p)
{
  uint32_t u = le_read32 (p);
  float f;

  memcpy (&f, &u, 4);
  return f;
}
