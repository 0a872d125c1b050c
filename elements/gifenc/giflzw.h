/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* GIF variable-code-width LZW encoder (GIF89a spec, appendix F).
 *
 * Plain C with GLib byte arrays only, so it can be unit-tested and fuzzed
 * without GStreamer.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GifLzw GifLzw;

GifLzw *gif_lzw_new (void);
void gif_lzw_free (GifLzw * lzw);

/* Appends the LZW minimum code size byte, the data sub-blocks and the block
 * terminator for @n_pixels palette indices (each < 1 << @min_code_size).
 * @min_code_size is 2..8. */
void gif_lzw_encode (GifLzw * lzw, GByteArray * out, const guint8 * indices,
    gsize n_pixels, guint min_code_size);

G_END_DECLS
