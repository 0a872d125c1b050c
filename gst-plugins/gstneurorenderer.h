/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* GstNeuroRenderer: the base class of every gst-neuroviz data-to-video
 * renderer.
 *
 * It is a GstAggregator: one or more sink pads carry neural data (spikes,
 * signals, 2D frames), the source pad produces raw video.  The base class
 * owns everything but the drawing:
 *
 *  - output frames come from a frame counter at the negotiated framerate;
 *    frame n covers [pts_n, pts_n+1) and shows the data up to the END of that
 *    interval (scaled by the time-scale property: data seconds per video
 *    second);
 *  - data is handed to the subclass (consume) in stream order, until every
 *    sink pad has delivered everything before the frame's window end (or is
 *    EOS, or the live deadline passed); then the subclass draws the frame;
 *  - caps negotiation and fixation (1280x720, 30 fps, BGRx or BGRA when the
 *    background is not opaque), buffer pool from the allocation query,
 *    plane stride, QoS, latency, segment, seek, flush, GAP, EOS drain,
 *    renegotiation and controllable-property sync;
 *  - background colour and common decorations (title with the current time,
 *    axes colour, font, dpi) as properties.
 */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstaggregator.h>
#include <gst/video/video.h>
#include <cairo.h>

#include "neuroaxes.h"

G_BEGIN_DECLS

#define GST_TYPE_NEURO_RENDERER (gst_neuro_renderer_get_type ())
G_DECLARE_DERIVABLE_TYPE (GstNeuroRenderer, gst_neuro_renderer, GST,
    NEURO_RENDERER, GstAggregator);

/**
 * GstNeuroFrame:
 * @pts: output timestamp of the frame
 * @duration: output duration of the frame
 * @number: frame number since the last segment or flush
 * @t_end: end of the data window in the primary sink pad's buffer-time
 *     domain (the domain of buffer PTS and of spike times), in ns. Data with
 *     a timestamp <= t_end is shown.  May be negative before the segment.
 * @stream_offset: add to a buffer-time value to get stream time (what axes
 *     show: for a file played from its start, 0)
 * @canvas: the mapped output frame (premultiplied native-endian ARGB32,
 *     honouring the plane stride; with alpha, the base class turns it into
 *     GStreamer's straight alpha after render)
 * @cr: a cairo context on @canvas, already cleared to the background
 *     (but for the rectangle claimed by gst_neuro_renderer_claim_opaque)
 * @text: the renderer's text cache (its style is @style)
 * @style: matplotlib's sizes in pixels at the renderer's dpi (snapshot of
 *     the "dpi" property for this frame): text, titles, lines, ticks
 * @overlay: TRUE in video-master mode: @canvas is the incoming video frame
 *     (not cleared), draw only what belongs on top of it
 * @held: for a renderer whose class sets retains: not 0 when @canvas was
 *     not cleared because it still shows the picture this renderer gave
 *     the stamp @held (a figure's tile, NeuroTileMeta); render then calls
 *     gst_neuro_renderer_use_held () and draws over it, or
 *     gst_neuro_renderer_clear_frame ()
 * @stamp: set by render to the stamp of what it drew (e.g.
 *     neuro_deco_cache_done ()), for a later frame's @held; 0 by default
 */
typedef struct
{
  GstClockTime pts;
  GstClockTime duration;
  guint64 number;
  gint64 t_end;
  gint64 stream_offset;
  NeuroCanvas *canvas;
  cairo_t *cr;
  NeuroText *text;
  const NeuroStyle *style;
  gboolean overlay;
  guint64 held;
  guint64 stamp;
} GstNeuroFrame;

struct _GstNeuroRendererClass
{
  GstAggregatorClass parent_class;

  /* A sink pad received caps (in stream order).  Return FALSE after posting
   * an error message if they are not usable. */
  gboolean (*set_sink_caps) (GstNeuroRenderer * self, GstAggregatorPad * pad,
      GstCaps * caps);

  /* Output size or format changed (first negotiation or renegotiation). */
  gboolean (*set_output_info) (GstNeuroRenderer * self,
      const GstVideoInfo * info);

  /* A data buffer, in stream order, already known to be inside the pad's
   * segment.  GAP buffers (no memory, GST_BUFFER_FLAG_GAP) are not passed
   * on: time simply moves on.  Return GST_FLOW_ERROR after posting an error
   * message when the data is invalid. */
  GstFlowReturn (*consume) (GstNeuroRenderer * self, GstAggregatorPad * pad,
      GstBuffer * buffer);

  /* Draw one frame. */
  GstFlowReturn (*render) (GstNeuroRenderer * self, GstNeuroFrame * frame);

  /* Drop stored data (flush, seek, stop; in reverse playback before each
   * frame, which is then fed forward the data it shows). */
  void (*reset) (GstNeuroRenderer * self);

  /* How much data (in data time before a frame's window end) a frame
   * shows, e.g. the window length: after a seek to position P the base
   * class asks upstream for the data from P minus that, so the first frame
   * is as full as in an uninterrupted run; in reverse, each chunk reaches
   * back that far.  Any thread (read properties under the object lock).
   * NULL or 0: no history. */
  GstClockTime (*get_history) (GstNeuroRenderer * self);

  /* render handles GstNeuroFrame.held (see there) */
  gboolean retains;

  gpointer _padding[7];
};

/* Output info, valid once negotiated (streaming thread only). */
const GstVideoInfo *gst_neuro_renderer_get_video_info (GstNeuroRenderer * self);

/* The frame's window end in @pad's buffer-time domain (for renderers with
 * several inputs; GstNeuroFrame.t_end is the one of the first pad). */
gint64 gst_neuro_renderer_pad_window_end (GstNeuroRenderer * self,
    GstAggregatorPad * pad, const GstNeuroFrame * frame);

/* The title with "{t}" replaced by the frame's stream time ("1.20 s") and
 * "{frame}" by its frame index (counted from stream time 0 at the current
 * frame rate and time-scale: frame n of a run from the start shows n, and
 * a seek does not renumber), or NULL when no title is to be drawn.  Free
 * with g_free(). */
gchar *gst_neuro_renderer_format_title (GstNeuroRenderer * self,
    const GstNeuroFrame * frame, const gchar * default_title);

/* Promises that this frame's render paints every pixel of [x0, x1) x
 * [y0, y1) with opaque pixels that do not depend on what was there (an
 * image, a layer copied over an opaque background), so the base class
 * does not clear that rectangle in the next frames of the same size.  A
 * renderer that calls it once must call it in every later frame's render,
 * before it draws anything, with an empty rectangle when it paints none:
 * that call clears the rectangle the base class left out if it is not
 * the new one.  Ignored in video-master mode. */
void gst_neuro_renderer_claim_opaque (GstNeuroRenderer * self,
    GstNeuroFrame * frame, gint x0, gint y0, gint x1, gint y1);

/* With GstNeuroFrame.held set: render draws over what the canvas holds
 * (use_held), or has it cleared as the base class would have
 * (clear_frame).  One of them must be called before anything is drawn. */
void gst_neuro_renderer_use_held (GstNeuroRenderer * self,
    GstNeuroFrame * frame);
void gst_neuro_renderer_clear_frame (GstNeuroRenderer * self,
    GstNeuroFrame * frame);

/* Colours from the common properties (ARGB, not premultiplied). */
guint32 gst_neuro_renderer_get_foreground (GstNeuroRenderer * self);
guint32 gst_neuro_renderer_get_background (GstNeuroRenderer * self);
gboolean gst_neuro_renderer_get_show_axes (GstNeuroRenderer * self);

/* Report how a property string parsed (@error NULL: it did).  A failure
 * set in NULL or READY is remembered and fails the next start (READY to
 * PAUSED) with a GST_ELEMENT_ERROR (RESOURCE, SETTINGS) naming @property,
 * @value and @error's reason, unless a later value of @property parses; one
 * set while PAUSED or PLAYING is such a warning, the previous value kept.
 * Call without the object lock. */
void gst_neuro_renderer_property_parsed (GstNeuroRenderer * self,
    const gchar * property, const gchar * value, const GError * error);

/* Video formats cairo draws on natively, for a video-master sink pad's
 * template (others can go through videoconvert upstream). */
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
#define GST_NEURO_RENDERER_OVERLAY_FORMATS "{ BGRx, BGRA }"
#else
#define GST_NEURO_RENDERER_OVERLAY_FORMATS "{ xRGB, ARGB }"
#endif
#define GST_NEURO_RENDERER_OVERLAY_CAPS \
  "video/x-raw, format = (string) " GST_NEURO_RENDERER_OVERLAY_FORMATS ", " \
  "width = (int) [ 16, 16384 ], height = (int) [ 16, 16384 ], " \
  "framerate = (fraction) [ 0/1, MAX ]"

/* Video-master mode (drawing over video, as cccombiner and cairooverlay):
 * while @pad (a sink pad of this element carrying raw video in one of
 * GST_NEURO_RENDERER_OVERLAY_FORMATS) is set, every output frame is the
 * next buffer of @pad, made writable, with its PTS and duration kept; the
 * other sink pads are drained up to that buffer's end running time; the
 * output caps are the video caps.  NULL restores the frame clock.  Call
 * from create_new_pad / release_pad or before PAUSED. */
void gst_neuro_renderer_set_video_pad (GstNeuroRenderer * self,
    GstAggregatorPad * pad);

/* Install the default "sink" always pad (single-input renderers). */
GstAggregatorPad *gst_neuro_renderer_add_sink_pad (GstNeuroRenderer * self,
    GstPadTemplate * templ, const gchar * name);

G_END_DECLS
