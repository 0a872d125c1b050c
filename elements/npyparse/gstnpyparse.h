/* gst-neuroviz — npyparse: a streamed NumPy .npy (application/x-npy) in,
 * dense signal or frames out.  SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstadapter.h>

#include "npyformat.h"

G_BEGIN_DECLS

#define GST_TYPE_NPY_PARSE (gst_npy_parse_get_type ())
G_DECLARE_FINAL_TYPE (GstNpyParse, gst_npy_parse, GST, NPY_PARSE, GstElement);

struct _GstNpyParse
{
  GstElement parent;

  GstPad *sinkpad;
  GstPad *srcpad;
  GstAdapter *adapter;

  /* properties */
  gdouble rate;

  /* stream state, reset on READY->PAUSED and FLUSH_STOP */
  gboolean have_header;
  gboolean failed;
  NpyHeader hdr;
  gboolean frames;              /* [T, H, W] rather than [T] / [T, C] */
  guint64 rows;                 /* T */
  guint64 row_elems;            /* C, or H*W */
  guint64 row_bytes;            /* row_elems * itemsize */
  guint64 rows_per_buf;
  guint64 row;                  /* rows pushed so far */
  gint rate_n, rate_d;
  gboolean need_segment;
  guint32 seqnum;
};

GST_ELEMENT_REGISTER_DECLARE (npyparse);

G_END_DECLS
