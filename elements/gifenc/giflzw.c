/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* GIF variable-code-width LZW encoder.
 *
 * The string table is an open-addressed hash of (prefix code, next index)
 * pairs.  Instead of clearing the table on every clear code, each key carries
 * a generation number; a slot from an older generation counts as empty.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>
#include "giflzw.h"

#define LZW_MAX_BITS 12
/* Like giflib, the table is reset once code 4094 has been assigned so that
 * no decoder ever sees a full 4096-entry table. */
#define LZW_LAST_CODE 4095
#define HASH_BITS 13
#define HASH_SIZE (1u << HASH_BITS)
#define HASH_MASK (HASH_SIZE - 1)
/* A key is prefix (12 bits) << 8 | index (8 bits): 20 bits; the generation
 * uses the 12 bits above. */
#define GEN_SHIFT 20
#define GEN_MAX 0xfffu

struct _GifLzw
{
  guint32 keys[HASH_SIZE];
  guint16 codes[HASH_SIZE];
  guint32 gen;

  /* bit writer */
  GByteArray *out;
  guint64 acc;
  guint nbits;
  guint8 block[256];
  guint block_len;
};

GifLzw *
gif_lzw_new (void)
{
  GifLzw *lzw = g_new0 (GifLzw, 1);
  return lzw;
}

void
gif_lzw_free (GifLzw * lzw)
{
  g_free (lzw);
}

static inline void
flush_block (GifLzw * lzw)
{
  guint8 len = lzw->block_len;

  if (len == 0)
    return;
  g_byte_array_append (lzw->out, &len, 1);
  g_byte_array_append (lzw->out, lzw->block, len);
  lzw->block_len = 0;
}

static inline void
put_code (GifLzw * lzw, guint code, guint width)
{
  lzw->acc |= (guint64) code << lzw->nbits;
  lzw->nbits += width;
  while (lzw->nbits >= 8) {
    lzw->block[lzw->block_len++] = lzw->acc & 0xff;
    lzw->acc >>= 8;
    lzw->nbits -= 8;
    if (lzw->block_len == 255)
      flush_block (lzw);
  }
}

static inline void
new_generation (GifLzw * lzw)
{
  lzw->gen++;
  if (lzw->gen > GEN_MAX) {
    memset (lzw->keys, 0, sizeof (lzw->keys));
    lzw->gen = 1;
  }
}

static inline guint
hash_key (guint32 key)
{
  return (key * 2654435761u) >> (32 - HASH_BITS);
}

void
gif_lzw_encode (GifLzw * lzw, GByteArray * out, const guint8 * indices,
    gsize n_pixels, guint min_code_size)
{
  const guint clear = 1u << min_code_size;
  const guint eoi = clear + 1;
  guint next_code = clear + 2;
  guint width = min_code_size + 1;
  guint32 gen_bits;
  guint prefix;
  guint8 mcs = min_code_size;
  gsize i;

  g_return_if_fail (min_code_size >= 2 && min_code_size <= 8);

  g_byte_array_append (out, &mcs, 1);
  lzw->out = out;
  lzw->acc = 0;
  lzw->nbits = 0;
  lzw->block_len = 0;

  if (n_pixels == 0) {
    put_code (lzw, clear, width);
    put_code (lzw, eoi, width);
    goto done;
  }

  new_generation (lzw);
  gen_bits = lzw->gen << GEN_SHIFT;
  put_code (lzw, clear, width);
  prefix = indices[0];

  for (i = 1; i < n_pixels; i++) {
    guint c = indices[i];
    guint32 key = gen_bits | (prefix << 8) | c;
    guint h = hash_key (key);

    for (;;) {
      guint32 k = lzw->keys[h];
      if (k == key)
        break;
      if ((k >> GEN_SHIFT) != lzw->gen) {
        k = 0;
        break;
      }
      h = (h + 1) & HASH_MASK;
    }
    if (lzw->keys[h] == key) {
      prefix = lzw->codes[h];
      continue;
    }

    /* Emit the longest known string.  The decoder adds its table entry one
     * code later than we do, so the width grows once the code about to be
     * assigned no longer fits. */
    put_code (lzw, prefix, width);
    if (next_code >= (1u << width) && width < LZW_MAX_BITS)
      width++;

    if (next_code >= LZW_LAST_CODE) {
      put_code (lzw, clear, width);
      next_code = clear + 2;
      width = min_code_size + 1;
      new_generation (lzw);
      gen_bits = lzw->gen << GEN_SHIFT;
    } else {
      lzw->keys[h] = key;
      lzw->codes[h] = next_code++;
    }
    prefix = c;
  }

  put_code (lzw, prefix, width);
  if (next_code >= (1u << width) && width < LZW_MAX_BITS)
    width++;
  put_code (lzw, eoi, width);

done:
  if (lzw->nbits > 0)
    put_code (lzw, 0, 8 - lzw->nbits);
  flush_block (lzw);
  {
    guint8 zero = 0;
    g_byte_array_append (out, &zero, 1);
  }
  lzw->out = NULL;
}
