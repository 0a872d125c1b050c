/* gst-neuroviz — neurofilesrc: neural data files (NumPy, Kilosort/Phy, NEST,
 * CSV) as gst-neuroviz streams.  SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The element streams what neurofileopen.h opens. */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>

#include "neurofileopen.h"

G_BEGIN_DECLS

#define GST_TYPE_NEURO_FILE_SRC (gst_neuro_file_src_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroFileSrc, gst_neuro_file_src, GST, NEURO_FILE_SRC,
    GstPushSrc)

struct _GstNeuroFileSrc
{
  GstPushSrc parent;

  /* properties (object lock) */
  gchar *location;
  gchar *times_location;
  gchar *key;
  GstNeuroFileKind kind;
  gdouble rate;
  gdouble dt;
  GstNeuroFileTimeUnit time_unit;
  GstNeuroFileColumns columns;
  guint64 slice_duration;
  gint units;
  guint64 max_inflated_size;
  guint max_spikes_per_buffer;

  /* state, valid between start and stop (streaming lock) */
  NeuroFile file;               /* the opened location */
  GstCaps *caps;
  guint64 slice;                /* effective slice duration in ns */
  gboolean slice_auto;          /* slice-duration = 0: spike slices sent
                                 * together (batch_slices) */
  guint64 spike_cap;            /* max-spikes-per-buffer at start */

  /* streaming position */
  guint64 cur_slice;            /* spike slices */
  guint64 cur_spike;
  guint64 cur_row;              /* signal samples, raster rows, frames */
  gboolean still_done;
  gboolean part_cont;           /* the slice continues in another buffer */
  guint64 part_pos;             /* raster position r * C + c of that part */

  /* reverse playback (rate < 0): chunks sent from the segment's stop down
   * to its start, each forward in time as one buffer list and reaching
   * rev_history before its first frame's time */
  gboolean reverse;
  GstClockTime rev_start;       /* the segment's start */
  GstClockTime rev_end;         /* end of the next chunk to send */
  GstClockTime rev_limit;       /* end of the chunk being made */
  GstClockTime rev_history;     /* "neuroviz-history" of the seek */
};

/* Moves the streaming position to the data at @pos: the spike slice, the
 * sample or the frame that covers it (the forward part of a seek). */
void gst_neuro_file_src_seek_to (GstNeuroFileSrc * self, GstClockTime pos);

/* The next buffer of the stream (what create makes, forward). */
GstFlowReturn gst_neuro_file_src_create_one (GstNeuroFileSrc * self,
    GstBuffer ** outbuf);

GST_ELEMENT_REGISTER_DECLARE (neurofilesrc);

G_END_DECLS
