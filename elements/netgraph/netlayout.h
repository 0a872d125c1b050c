/* gst-neuroviz: netgraph's node positions parsers (no GStreamer code, so
 * that tests/fuzz/fuzz_netlayout.c can drive them).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef NET_LAYOUT_H
#define NET_LAYOUT_H

#include <glib.h>

G_BEGIN_DECLS

/* Largest positions file read (64 MiB: ~3 M nodes as text); netgraph's
 * matrices are far smaller, so a bigger file is refused, not read. */
#define NET_LAYOUT_MAX_FILE_SIZE (64 * 1024 * 1024)

/* "x0,y0;x1,y1;..." (a trailing ';' allowed) appended to @out as
 * doubles.  On failure returns FALSE and sets @err to a message naming the
 * pair that is wrong; values are finite on success. */
gboolean net_layout_parse_string (const gchar * str, GArray * out,
    gchar ** err);

/* The contents of a positions file: a .npy array of shape (N, 2) of any
 * numeric dtype, or text with one "x y" / "x,y" pair per line ('#'
 * comments and blank lines skipped). */
gboolean net_layout_parse_data (const guint8 * data, gsize len, GArray * out,
    gchar ** err);

/* Reads @path (at most NET_LAYOUT_MAX_FILE_SIZE bytes) and parses it. */
gboolean net_layout_read_file (const gchar * path, GArray * out,
    gchar ** err);

G_END_DECLS
#endif
