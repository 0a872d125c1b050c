/* gst-neuroviz — GstNeuroRenderer's own behaviour, on a test subclass
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * As GStreamer's tests/check/libs/aggregator.c tests GstAggregator: a small
 * subclass defined here, GstTestRenderer, records what the base class hands
 * it (frames with their times and windows, data buffers, resets, output
 * sizes) and draws three marks the tests know (a square in the foreground
 * "mark-color", a controllable property, with direct pixel writes, a column through the canvas rows, a
 * square through the cairo context).  The suite checks the base class
 * alone: the frame clock, the EOS drain, seeks, flushes, time-scale,
 * renegotiation, QoS, live running on a GstTestClock, controller values,
 * video-master mode, and pixels on a padded plane stride.
 *
 * The base class comes from the core library linked into this program.
 * The plugin holds a copy of its own, which must not be loaded here (two
 * types named GstNeuroRenderer): main() keeps the plugin path and the shared
 * registry out of this process.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/check/gsttestclock.h>
#include <gst/controller/gstinterpolationcontrolsource.h>
#include <gst/controller/gstdirectcontrolbinding.h>
#include <string.h>

#include "gstneurorenderer.h"
#include "neurotest.h"

/* ------------------------------------------------- the test subclass */

#define DATA_CAPS "application/x-neuro-signal, format=F32LE, " \
  "channels=(int)1, rate=(double)10.0"

/* the marks, in canvas pixels */
#define FG_X0 2                 /* foreground square [2, 6) x [2, 6) */
#define FG_X1 6
#define CAIRO_X0 8              /* blue cairo square [8, 11) x [4, 7) */
#define CAIRO_X1 11
#define CAIRO_Y0 4
#define CAIRO_Y1 7
#define COLUMN_ARGB 0xff00ff00  /* the last column of every row */
#define CAIRO_ARGB 0xff0000ff

/* what render got (its pointers cleared), and what the subclass saw */
typedef struct
{
  GstNeuroFrame f;
  gint width, height, stride;
  guint consumed;               /* data buffers consumed since the reset */
  guint32 foreground;
  NeuroStyle style;             /* a copy of *f.style */
  gdouble text_dpi;             /* the dpi of the text cache's style */
} FrameRecord;

#define GST_TYPE_TEST_RENDERER (gst_test_renderer_get_type ())
G_DECLARE_FINAL_TYPE (GstTestRenderer, gst_test_renderer, GST,
    TEST_RENDERER, GstNeuroRenderer);

struct _GstTestRenderer
{
  GstNeuroRenderer parent;

  GMutex lock;
  GArray *frames;               /* FrameRecord */
  guint consumed;
  guint resets;
  guint output_infos;
  gint out_width, out_height;
  guint32 mark_color;           /* the controllable colour of the square */
  /* set time-scale to new_scale once scale_after frames are drawn (from
   * the streaming thread: the change falls between two known frames) */
  guint scale_after;
  gdouble new_scale;
  GstClockTime history;         /* what get_history answers */
  /* render waits once block_after frames were drawn, until released */
  guint block_after;
  gboolean blocked;
  GCond cond;
};

G_DEFINE_TYPE (GstTestRenderer, gst_test_renderer, GST_TYPE_NEURO_RENDERER);

static GstStaticPadTemplate data_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS (NEURO_SIGNAL_CAPS));
static GstStaticPadTemplate video_template = GST_STATIC_PAD_TEMPLATE ("video",
    GST_PAD_SINK, GST_PAD_REQUEST,
    GST_STATIC_CAPS (GST_NEURO_RENDERER_OVERLAY_CAPS));

static gboolean
test_set_output_info (GstNeuroRenderer * r, const GstVideoInfo * info)
{
  GstTestRenderer *self = GST_TEST_RENDERER (r);

  g_mutex_lock (&self->lock);
  self->output_infos++;
  self->out_width = GST_VIDEO_INFO_WIDTH (info);
  self->out_height = GST_VIDEO_INFO_HEIGHT (info);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static GstFlowReturn
test_consume (GstNeuroRenderer * r, GstAggregatorPad * pad, GstBuffer * buf)
{
  GstTestRenderer *self = GST_TEST_RENDERER (r);

  g_mutex_lock (&self->lock);
  self->consumed++;
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static void
test_reset (GstNeuroRenderer * r)
{
  GstTestRenderer *self = GST_TEST_RENDERER (r);

  g_mutex_lock (&self->lock);
  self->resets++;
  self->consumed = 0;
  g_mutex_unlock (&self->lock);
}

/* premultiplied pixels through the canvas's own stride */
static void
put_rect (NeuroCanvas * c, gint x0, gint y0, gint x1, gint y1, guint32 px)
{
  gint x, y;

  for (y = y0; y < y1 && y < c->height; y++) {
    guint32 *row = (guint32 *) (c->data + (gsize) y * c->stride);

    for (x = x0; x < x1 && x < c->width; x++)
      row[x] = px;
  }
}

static GstFlowReturn
test_render (GstNeuroRenderer * r, GstNeuroFrame * frame)
{
  GstTestRenderer *self = GST_TEST_RENDERER (r);
  NeuroCanvas *c = frame->canvas;
  guint32 fg;
  FrameRecord rec;

  GST_OBJECT_LOCK (self);
  fg = self->mark_color;
  GST_OBJECT_UNLOCK (self);
  rec.f = *frame;
  rec.f.canvas = NULL;
  rec.f.cr = NULL;
  rec.f.text = NULL;
  rec.f.style = NULL;
  rec.style = *frame->style;
  rec.text_dpi = neuro_text_get_style (frame->text)->dpi;
  rec.width = c->width;
  rec.height = c->height;
  rec.stride = c->stride;
  rec.foreground = fg;

  /* opaque colours only: premultiplied is the same value */
  put_rect (c, FG_X0, FG_X0, FG_X1, FG_X1, fg | 0xff000000);
  put_rect (c, c->width - 1, 0, c->width, c->height, COLUMN_ARGB);
  cairo_set_source_rgb (frame->cr, 0, 0, 1);
  cairo_rectangle (frame->cr, CAIRO_X0, CAIRO_Y0, CAIRO_X1 - CAIRO_X0,
      CAIRO_Y1 - CAIRO_Y0);
  cairo_fill (frame->cr);

  g_mutex_lock (&self->lock);
  rec.consumed = self->consumed;
  g_array_append_val (self->frames, rec);
  if (self->block_after > 0 && self->frames->len == self->block_after) {
    self->blocked = TRUE;
    g_cond_broadcast (&self->cond);
    while (self->blocked)
      g_cond_wait (&self->cond, &self->lock);
  }
  if (self->new_scale > 0 && self->frames->len == self->scale_after) {
    gdouble scale = self->new_scale;

    g_mutex_unlock (&self->lock);
    g_object_set (r, "time-scale", scale, NULL);
    return GST_FLOW_OK;
  }
  g_mutex_unlock (&self->lock);
  return GST_FLOW_OK;
}

static GstClockTime
test_get_history (GstNeuroRenderer * r)
{
  GstTestRenderer *self = GST_TEST_RENDERER (r);
  GstClockTime history;

  g_mutex_lock (&self->lock);
  history = self->history;
  g_mutex_unlock (&self->lock);
  return history;
}

/* the request pad "video" makes it draw over video (video-master mode) */
static GstAggregatorPad *
test_create_new_pad (GstAggregator * agg, GstPadTemplate * templ,
    const gchar * req_name, const GstCaps * caps)
{
  GstAggregatorPad *pad = g_object_new (GST_TYPE_AGGREGATOR_PAD, "name",
      "video", "direction", GST_PAD_SINK, "template", templ, NULL);

  gst_neuro_renderer_set_video_pad (GST_NEURO_RENDERER (agg), pad);
  return pad;
}

static void
test_finalize (GObject * object)
{
  GstTestRenderer *self = GST_TEST_RENDERER (object);

  g_array_unref (self->frames);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  G_OBJECT_CLASS (gst_test_renderer_parent_class)->finalize (object);
}

enum
{
  PROP_0,
  PROP_MARK_COLOR,
};

static void
test_set_property (GObject * object, guint id, const GValue * value,
    GParamSpec * pspec)
{
  GST_OBJECT_LOCK (object);
  GST_TEST_RENDERER (object)->mark_color = g_value_get_uint (value);
  GST_OBJECT_UNLOCK (object);
}

static void
test_get_property (GObject * object, guint id, GValue * value,
    GParamSpec * pspec)
{
  GST_OBJECT_LOCK (object);
  g_value_set_uint (value, GST_TEST_RENDERER (object)->mark_color);
  GST_OBJECT_UNLOCK (object);
}

static void
gst_test_renderer_class_init (GstTestRendererClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstAggregatorClass *agg_class = GST_AGGREGATOR_CLASS (klass);
  GstNeuroRendererClass *r_class = GST_NEURO_RENDERER_CLASS (klass);

  gobject_class->finalize = test_finalize;
  gobject_class->set_property = test_set_property;
  gobject_class->get_property = test_get_property;
  /* a numeric controllable property: the controller tests animate it
   * (the renderers' colour properties are strings, which GstController's
   * direct bindings cannot drive) */
  g_object_class_install_property (gobject_class, PROP_MARK_COLOR,
      g_param_spec_uint ("mark-color", "Mark colour", "Square colour (ARGB)",
          0, G_MAXUINT32, 0xff000000, G_PARAM_READWRITE |
          G_PARAM_STATIC_STRINGS | GST_PARAM_CONTROLLABLE));
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &data_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_add_static_pad_template_with_gtype (element_class,
      &video_template, GST_TYPE_AGGREGATOR_PAD);
  gst_element_class_set_static_metadata (element_class, "Test renderer",
      "Visualization", "GstNeuroRenderer test subclass", "gst-neuroviz");
  agg_class->create_new_pad = test_create_new_pad;
  r_class->set_output_info = test_set_output_info;
  r_class->consume = test_consume;
  r_class->render = test_render;
  r_class->reset = test_reset;
  r_class->get_history = test_get_history;
}

static void
gst_test_renderer_init (GstTestRenderer * self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->frames = g_array_new (FALSE, TRUE, sizeof (FrameRecord));
  gst_neuro_renderer_add_sink_pad (GST_NEURO_RENDERER (self),
      gst_element_class_get_pad_template (GST_ELEMENT_GET_CLASS (self),
          "sink"), "sink");
}

/* ------------------------------------------------------------ helpers */

static FrameRecord
frame_record (GstHarness * h, guint i)
{
  GstTestRenderer *self = GST_TEST_RENDERER (h->element);
  FrameRecord rec;

  g_mutex_lock (&self->lock);
  fail_unless (i < self->frames->len, "frame %u was not drawn (%u were)", i,
      self->frames->len);
  rec = g_array_index (self->frames, FrameRecord, i);
  g_mutex_unlock (&self->lock);
  return rec;
}

static guint
frames_drawn (GstHarness * h)
{
  GstTestRenderer *self = GST_TEST_RENDERER (h->element);
  guint n;

  g_mutex_lock (&self->lock);
  n = self->frames->len;
  g_mutex_unlock (&self->lock);
  return n;
}

static GstPadQueryFunction harness_src_query;

/* the harness says its source is live; a test source may be either */
static gboolean
data_src_query (GstPad * pad, GstObject * parent, GstQuery * query)
{
  if (GST_QUERY_TYPE (query) == GST_QUERY_LATENCY) {
    gst_query_set_latency (query,
        GPOINTER_TO_INT (g_object_get_data (G_OBJECT (pad), "live")), 0,
        GST_CLOCK_TIME_NONE);
    return TRUE;
  }
  return harness_src_query (pad, parent, query);
}

static void
set_props (GstElement * e, const gchar * props)
{
  gchar **kv = g_strsplit (props ? props : "", " ", -1);
  guint i;

  for (i = 0; kv[i]; i++) {
    gchar **p = g_strsplit (kv[i], "=", 2);

    if (p[0] && p[1])
      gst_util_set_object_arg (G_OBJECT (e), p[0], p[1]);
    g_strfreev (p);
  }
  g_strfreev (kv);
}

/* A test renderer between a data source (live or not) and a sink asking
 * for @out_caps. */
static GstHarness *
renderer_harness (const gchar * props, const gchar * out_caps, gboolean live)
{
  GstElement *e = g_object_new (GST_TYPE_TEST_RENDERER, NULL);
  GstHarness *h;

  set_props (e, props);
  h = neuro_test_harness_new_with_element (e, "sink", "src");
  gst_object_unref (e);
  if (harness_src_query == NULL)
    harness_src_query = GST_PAD_QUERYFUNC (h->srcpad);
  g_object_set_data (G_OBJECT (h->srcpad), "live", GINT_TO_POINTER (live));
  gst_pad_set_query_function (h->srcpad, data_src_query);
  gst_harness_set_sink_caps_str (h, out_caps);
  gst_harness_set_src_caps_str (h, DATA_CAPS);
  return h;
}

#define OUT_10FPS "video/x-raw, format=BGRx, width=32, height=24, " \
  "framerate=10/1"

static void
push_data (GstHarness * h, GstClockTime pts, GstClockTime dur)
{
  gfloat v = 1.0f;

  fail_unless_equals_int (gst_harness_push (h, neuro_test_buffer_floats (&v,
              1, pts, dur)), GST_FLOW_OK);
}

/* @n buffers of @dur from @start */
static void
push_span (GstHarness * h, GstClockTime start, GstClockTime dur, guint n)
{
  guint i;

  for (i = 0; i < n; i++)
    push_data (h, start + i * dur, dur);
}

static void
push_segment (GstHarness * h, GstClockTime start, GstClockTime stop,
    GstClockTime time, guint32 seqnum)
{
  GstSegment seg;
  GstEvent *ev;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.start = start;
  seg.stop = stop;
  seg.time = time;
  seg.position = start;
  ev = gst_event_new_segment (&seg);
  if (seqnum)
    gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
}

/* pulls events until EOS (the drain is over) */
static void
wait_eos (GstHarness * h)
{
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    gboolean eos;

    fail_unless (ev != NULL, "no EOS downstream");
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
    if (eos)
      return;
  }
}

/* wait_eos, keeping the last SEGMENT event before EOS in @out */
static void
wait_eos_segment (GstHarness * h, GstSegment * out)
{
  gst_segment_init (out, GST_FORMAT_UNDEFINED);
  for (;;) {
    GstEvent *ev = gst_harness_pull_event (h);
    gboolean eos;

    fail_unless (ev != NULL, "no EOS downstream");
    if (GST_EVENT_TYPE (ev) == GST_EVENT_SEGMENT) {
      const GstSegment *seg;

      gst_event_parse_segment (ev, &seg);
      *out = *seg;
    }
    eos = GST_EVENT_TYPE (ev) == GST_EVENT_EOS;
    gst_event_unref (ev);
    if (eos) {
      fail_unless (out->format == GST_FORMAT_TIME, "no segment downstream");
      return;
    }
  }
}

/* the last SEGMENT event downstream, already queued */
static gboolean
last_segment (GstHarness * h, GstSegment * out)
{
  GstEvent *ev;
  gboolean found = FALSE;

  gst_segment_init (out, GST_FORMAT_UNDEFINED);
  while ((ev = gst_harness_try_pull_event (h))) {
    if (GST_EVENT_TYPE (ev) == GST_EVENT_SEGMENT) {
      const GstSegment *seg;

      gst_event_parse_segment (ev, &seg);
      *out = *seg;
      found = TRUE;
    }
    gst_event_unref (ev);
  }
  return found;
}

/* the first upstream event of @type that reached the data source */
static GstEvent *
upstream_event (GstHarness * h, GstEventType type)
{
  GstEvent *ev;

  while ((ev = gst_harness_try_pull_upstream_event (h))) {
    if (GST_EVENT_TYPE (ev) == type)
      return ev;
    gst_event_unref (ev);
  }
  return NULL;
}

/* ------------------------------------------------------------- tests */

/* Frame n at n * 1001/30000 s, computed from the counter: exact for every
 * frame, durations that add up to the end time without drift. */
GST_START_TEST (test_frame_clock_no_drift)
{
  const guint N = 3000;
  GstClockTime end = N * 1001 * GST_SECOND / 30000, sum = 0;
  GstHarness *h = renderer_harness (NULL, "video/x-raw, format=BGRx, "
      "width=16, height=16, framerate=30000/1001", FALSE);
  guint n;

  push_data (h, 0, end);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), N);
  for (n = 0; n < N; n++) {
    GstBuffer *b = gst_harness_pull (h);
    /* n x 1001 x 10^9 / 30000 in integers */
    GstClockTime want = (guint64) n * 1001 * GST_SECOND / 30000;
    GstClockTime next = (guint64) (n + 1) * 1001 * GST_SECOND / 30000;
    FrameRecord rec = frame_record (h, n);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), want);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), next - want);
    fail_unless_equals_uint64 (GST_BUFFER_OFFSET (b), n);
    fail_unless_equals_int (GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DISCONT), n == 0);
    /* the frame shows the data up to its end */
    fail_unless_equals_int64 (rec.f.t_end, (gint64) next);
    fail_unless_equals_uint64 (rec.f.number, n);
    sum += GST_BUFFER_DURATION (b);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (sum, end);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* At EOS the frames go on while their window starts before the end of the
 * data: the last one shows everything; each frame got exactly the buffers
 * that start before its window end.  A single buffer without duration (a
 * still) gets one frame. */
GST_START_TEST (test_eos_drain)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  guint i;

  push_data (h, 0, 100 * GST_MSECOND);
  push_data (h, 100 * GST_MSECOND, 100 * GST_MSECOND);
  push_data (h, 200 * GST_MSECOND, 50 * GST_MSECOND);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 3);
  for (i = 0; i < 3; i++) {
    FrameRecord rec = frame_record (h, i);

    gst_buffer_unref (gst_harness_pull (h));
    fail_unless_equals_int (rec.consumed, i + 1);
    fail_unless_equals_int64 (rec.f.t_end, (gint64) (i + 1) * 100 *
        GST_MSECOND);
  }
  neuro_test_harness_teardown (h);

  h = renderer_harness (NULL, OUT_10FPS, FALSE);
  push_data (h, 0, GST_CLOCK_TIME_NONE);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 1);
  fail_unless_equals_int (frame_record (h, 0).consumed, 1);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A seek goes upstream as it came (time-scale 1); the flush that follows
 * resets the subclass, and the new segment restarts the frame counter at
 * its start, with DISCONT. */
GST_START_TEST (test_seek_and_flush)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstEvent *seek, *ev;
  GstBuffer *b;
  FrameRecord rec;
  guint32 seqnum;
  gint64 start;
  guint resets;

  push_span (h, 0, 100 * GST_MSECOND, 3);
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 0);
  gst_buffer_unref (b);
  gst_buffer_unref (gst_harness_pull (h));
  resets = GST_TEST_RENDERER (h->element)->resets;

  seek = gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
      GST_SEEK_TYPE_SET, 2 * GST_SECOND, GST_SEEK_TYPE_NONE, -1);
  seqnum = gst_event_get_seqnum (seek);
  fail_unless (gst_harness_push_upstream_event (h, seek));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL, "the seek did not reach the source");
  gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_int64 (start, 2 * GST_SECOND);
  fail_unless_equals_int (gst_event_get_seqnum (ev), seqnum);
  gst_event_unref (ev);

  /* the source answers as a seekable one does */
  ev = gst_event_new_flush_start ();
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  ev = gst_event_new_flush_stop (TRUE);
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  push_segment (h, 2 * GST_SECOND, GST_CLOCK_TIME_NONE, 2 * GST_SECOND,
      seqnum);
  push_span (h, 2 * GST_SECOND, 100 * GST_MSECOND, 2);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);

  fail_unless (GST_TEST_RENDERER (h->element)->resets > resets,
      "no reset at the flush");
  /* the frames held before the flush were pulled; what follows is new */
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 2 * GST_SECOND);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  fail_unless_equals_uint64 (GST_BUFFER_OFFSET (b), 0);
  gst_buffer_unref (b);
  rec = frame_record (h, frames_drawn (h) - 2);
  fail_unless_equals_uint64 (rec.f.number, 0);
  fail_unless_equals_int64 (rec.f.t_end, 2100 * GST_MSECOND);
  /* only the data after the flush */
  fail_unless_equals_int (rec.consumed, 1);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A subclass that needs 0.5 s of history: a seek to 2 s asks upstream for
 * the data from 1.5 s; the frames still start at 2 s (stamped, counted and
 * in stream time from there) and the first one gets the data from 1.5 s,
 * as in an uninterrupted run.  A segment that does not answer that seek
 * (another seqnum) starts the frames at its own start. */
GST_START_TEST (test_seek_history)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstTestRenderer *t = GST_TEST_RENDERER (h->element);
  GstEvent *seek, *ev;
  GstSegment out;
  GstBuffer *b;
  FrameRecord rec;
  guint32 seqnum;
  gint64 start;
  guint drawn;

  g_mutex_lock (&t->lock);
  t->history = 500 * GST_MSECOND;
  g_mutex_unlock (&t->lock);
  push_span (h, 0, 100 * GST_MSECOND, 3);
  gst_buffer_unref (gst_harness_pull (h));
  gst_buffer_unref (gst_harness_pull (h));

  seek = gst_event_new_seek (1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
      GST_SEEK_TYPE_SET, 2 * GST_SECOND, GST_SEEK_TYPE_NONE, -1);
  seqnum = gst_event_get_seqnum (seek);
  fail_unless (gst_harness_push_upstream_event (h, seek));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL);
  gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_int64 (start, 1500 * GST_MSECOND);
  gst_event_unref (ev);

  ev = gst_event_new_flush_start ();
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  ev = gst_event_new_flush_stop (TRUE);
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  while ((b = gst_harness_try_pull (h)))
    gst_buffer_unref (b);
  drawn = frames_drawn (h);
  push_segment (h, 1500 * GST_MSECOND, GST_CLOCK_TIME_NONE,
      1500 * GST_MSECOND, seqnum);
  push_span (h, 1500 * GST_MSECOND, 100 * GST_MSECOND, 10);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos_segment (h, &out);

  fail_unless_equals_uint64 (out.start, 2 * GST_SECOND);
  fail_unless_equals_uint64 (out.time, 2 * GST_SECOND);
  fail_unless_equals_uint64 (out.base, 0);
  /* 2.0 ... 2.4 s: the frames of the data after the position */
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 5);
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 2 * GST_SECOND);
  fail_unless_equals_uint64 (gst_segment_to_running_time (&out,
          GST_FORMAT_TIME, GST_BUFFER_PTS (b)), 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (b);
  rec = frame_record (h, drawn);
  fail_unless_equals_uint64 (rec.f.number, 0);
  fail_unless_equals_int64 (rec.f.t_end, 2100 * GST_MSECOND);
  /* the five buffers of the history and the one of the frame */
  fail_unless_equals_int (rec.consumed, 6);
  fail_unless_equals_int64 (frame_record (h, drawn + 1).f.t_end,
      2200 * GST_MSECOND);
  neuro_test_harness_teardown (h);

  /* a segment of another seqnum (not the answer to the seek) */
  h = renderer_harness (NULL, OUT_10FPS, FALSE);
  t = GST_TEST_RENDERER (h->element);
  g_mutex_lock (&t->lock);
  t->history = 500 * GST_MSECOND;
  g_mutex_unlock (&t->lock);
  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_NONE, GST_SEEK_TYPE_SET,
              2 * GST_SECOND, GST_SEEK_TYPE_NONE, -1)));
  push_segment (h, 1500 * GST_MSECOND, GST_CLOCK_TIME_NONE,
      1500 * GST_MSECOND, 0);
  push_span (h, 1500 * GST_MSECOND, 100 * GST_MSECOND, 2);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos_segment (h, &out);
  fail_unless_equals_uint64 (out.start, 1500 * GST_MSECOND);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 2);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A flush without a seek: stored data dropped, the counter back at the
 * segment start. */
GST_START_TEST (test_flush)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstBuffer *b;
  FrameRecord rec;

  push_span (h, 0, 100 * GST_MSECOND, 4);
  gst_buffer_unref (gst_harness_pull (h));
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  push_segment (h, 0, GST_CLOCK_TIME_NONE, 0, 0);
  push_span (h, 0, 100 * GST_MSECOND, 1);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);

  fail_unless (GST_TEST_RENDERER (h->element)->resets >= 2);
  /* a frame drawn before the flush may still be queued: the last one is
   * the one after it */
  while (gst_harness_buffers_in_queue (h) > 1)
    gst_buffer_unref (gst_harness_pull (h));
  b = gst_harness_pull (h);
  fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (b, GST_BUFFER_FLAG_DISCONT));
  gst_buffer_unref (b);
  rec = frame_record (h, frames_drawn (h) - 1);
  fail_unless_equals_uint64 (rec.f.number, 0);
  fail_unless_equals_int (rec.consumed, 1);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* time-scale=2: two data seconds per video second, the output segment is
 * the data segment halved, and a seek is doubled on its way upstream.
 * Live data is shown in real time, with a warning. */
GST_START_TEST (test_time_scale)
{
  GstHarness *h = renderer_harness ("time-scale=2", OUT_10FPS, FALSE);
  GstSegment seg;
  GstEvent *ev;
  gint64 start;
  guint i;

  push_segment (h, 0, 2 * GST_SECOND, 0, 0);
  push_span (h, 0, 100 * GST_MSECOND, 20);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 10);
  for (i = 0; i < 10; i++) {
    GstBuffer *b = gst_harness_pull (h);
    FrameRecord rec = frame_record (h, i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 100 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 100 * GST_MSECOND);
    fail_unless_equals_int64 (rec.f.t_end, (gint64) (i + 1) * 200 *
        GST_MSECOND);
    fail_unless_equals_int (rec.consumed, 2 * (i + 1));
    gst_buffer_unref (b);
  }
  neuro_test_harness_teardown (h);

  /* the segment events were queued before EOS */
  h = renderer_harness ("time-scale=2", OUT_10FPS, FALSE);
  push_segment (h, 0, 2 * GST_SECOND, 0, 0);
  push_span (h, 0, 100 * GST_MSECOND, 3);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (last_segment (h, &seg));
  fail_unless_equals_uint64 (seg.stop, GST_SECOND);
  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_NONE, GST_SEEK_TYPE_SET,
              GST_SECOND / 2, GST_SEEK_TYPE_NONE, -1)));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL);
  gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_int64 (start, GST_SECOND);
  gst_event_unref (ev);
  neuro_test_harness_teardown (h);

  h = renderer_harness ("time-scale=2", OUT_10FPS, TRUE);
  push_span (h, 0, 100 * GST_MSECOND, 3);
  g_free (neuro_test_expect_warning (neuro_test_harness_bus (h),
          "time-scale=2 is ignored", NULL));
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless_equals_int64 (frame_record (h, 0).f.t_end, 100 * GST_MSECOND);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* A segment at rate r (as a source sends it after a seek at r): frame k is
 * stamped at start + k * r / fps, so its running time stays k / fps (the
 * negotiated rate), and shows the data up to start + (k + 1) * r / fps; the
 * last frame is the one at the segment's stop.  The rate is applied once. */
GST_START_TEST (test_rates)
{
  const gdouble rates[] = { 0.25, 0.5, 2.0, 4.0 };
  guint c;

  for (c = 0; c < G_N_ELEMENTS (rates); c++) {
    gdouble r = rates[c];
    GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
    GstClockTime start = GST_SECOND, stop = 3 * GST_SECOND;
    /* frames of r / 10 s of data between start and stop */
    guint want = (guint) ((stop - start) / (r * 100 * GST_MSECOND));
    GstSegment seg, out;
    guint k;

    gst_segment_init (&seg, GST_FORMAT_TIME);
    seg.rate = r;
    seg.start = seg.position = seg.time = start;
    seg.stop = stop;
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
    push_span (h, start, 50 * GST_MSECOND, 40);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    wait_eos_segment (h, &out);
    fail_unless_equals_int (gst_harness_buffers_in_queue (h), want);
    fail_unless_equals_float (out.rate, r);
    for (k = 0; k < want; k++) {
      GstBuffer *b = gst_harness_pull (h);
      FrameRecord rec = frame_record (h, k);
      GstClockTime pts = start + (GstClockTime) (k * r * 100 * GST_MSECOND);
      GstClockTime next = start + (GstClockTime) ((k + 1) * r * 100 *
          GST_MSECOND);

      fail_unless_equals_uint64 (GST_BUFFER_PTS (b), pts);
      fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), next - pts);
      fail_unless_equals_uint64 (gst_segment_to_running_time (&out,
              GST_FORMAT_TIME, pts), k * 100 * GST_MSECOND);
      fail_unless_equals_uint64 (gst_segment_to_stream_time (&out,
              GST_FORMAT_TIME, pts), pts);
      fail_unless_equals_int64 (rec.f.t_end, (gint64) next);
      gst_buffer_unref (b);
    }
    neuro_test_harness_teardown (h);
  }
}

GST_END_TEST;

/* Seeks within 1/16 ... 16 go upstream with their rate; beyond, they are
 * refused and never reach the source. */
GST_START_TEST (test_rate_bounds)
{
  const gdouble ok[] = { 1.0 / 16, 0.25, 2.0, 16.0 };
  const gdouble bad[] = { 1.0 / 17, 17.0, 1000.0 };
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstEvent *ev;
  guint i;

  push_span (h, 0, 100 * GST_MSECOND, 2);
  gst_buffer_unref (gst_harness_pull (h));
  for (i = 0; i < G_N_ELEMENTS (ok); i++) {
    gdouble rate;

    fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (ok[i],
                GST_FORMAT_TIME, GST_SEEK_FLAG_NONE, GST_SEEK_TYPE_SET, 0,
                GST_SEEK_TYPE_NONE, -1)));
    ev = upstream_event (h, GST_EVENT_SEEK);
    fail_unless (ev != NULL, "the seek at %g did not reach the source", ok[i]);
    gst_event_parse_seek (ev, &rate, NULL, NULL, NULL, NULL, NULL, NULL);
    fail_unless_equals_float (rate, ok[i]);
    gst_event_unref (ev);
  }
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (bad[i],
                GST_FORMAT_TIME, GST_SEEK_FLAG_NONE, GST_SEEK_TYPE_SET, 0,
                GST_SEEK_TYPE_NONE, -1)), "a seek at %g was taken", bad[i]);
    fail_unless (upstream_event (h, GST_EVENT_SEEK) == NULL);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* time-scale changed while playing: the next frame's window starts where
 * the last one ended (no window shown twice or skipped), the windows then
 * grow at the new scale, timestamps go on at the framerate, and the
 * output segment's stop follows (0.4 s + 3.6 data s / 2). */
GST_START_TEST (test_time_scale_playing)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstTestRenderer *t = GST_TEST_RENDERER (h->element);
  GstSegment out;
  GstClockTime prev_end = 0;
  guint k;

  g_mutex_lock (&t->lock);
  t->scale_after = 4;
  t->new_scale = 2.0;
  g_mutex_unlock (&t->lock);
  push_segment (h, 0, 4 * GST_SECOND, 0, 0);
  push_span (h, 0, 100 * GST_MSECOND, 40);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos_segment (h, &out);
  fail_unless_equals_uint64 (out.stop, 2200 * GST_MSECOND);
  fail_unless_equals_int (frames_drawn (h), 22);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 22);
  for (k = 0; k < 22; k++) {
    FrameRecord rec = frame_record (h, k);
    GstClockTime step = (k < 4 ? 100 : 200) * GST_MSECOND;
    GstBuffer *b;

    fail_unless_equals_int64 (rec.f.t_end, (gint64) (prev_end + step));
    prev_end = rec.f.t_end;
    b = gst_harness_pull (h);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), k * 100 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 100 * GST_MSECOND);
    gst_buffer_unref (b);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Downstream asks for another rate and size mid-stream: time stays
 * continuous (the next frame starts where the last one ended), the
 * subclass hears of the new size and draws on it. */
GST_START_TEST (test_renegotiation)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstTestRenderer *self = GST_TEST_RENDERER (h->element);
  GstClockTime want;
  GstCaps *caps;
  GstVideoInfo info;
  guint i;

  push_span (h, 0, 100 * GST_MSECOND, 3);
  for (i = 0; i < 2; i++) {
    GstBuffer *b = gst_harness_pull (h);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 100 * GST_MSECOND);
    gst_buffer_unref (b);
  }
  fail_unless_equals_int (self->output_infos, 1);
  /* frame 2 waits for data: the new caps apply from it on */
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=48, "
      "height=32, framerate=20/1");
  push_span (h, 300 * GST_MSECOND, 100 * GST_MSECOND, 2);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);

  caps = gst_pad_get_current_caps (h->sinkpad);
  fail_unless (gst_video_info_from_caps (&info, caps));
  gst_caps_unref (caps);
  fail_unless_equals_int (info.width, 48);
  fail_unless_equals_int (info.fps_n, 20);
  fail_unless_equals_int (self->output_infos, 2);
  fail_unless_equals_int (self->out_width, 48);
  fail_unless_equals_int (self->out_height, 32);
  /* 200 ms to 500 ms at 20 fps */
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 6);
  for (i = 0, want = 200 * GST_MSECOND; i < 6; i++, want += 50 * GST_MSECOND) {
    GstBuffer *b = gst_harness_pull (h);
    FrameRecord rec = frame_record (h, 2 + i);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), want);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), 50 * GST_MSECOND);
    fail_unless_equals_int64 (rec.f.t_end,
        (gint64) (want + 50 * GST_MSECOND));
    fail_unless_equals_int (rec.width, 48);
    fail_unless_equals_int (rec.height, 32);
    fail_unless_equals_int (gst_buffer_get_size (b), 48 * 32 * 4);
    gst_buffer_unref (b);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static guint
count_qos_messages (GstBus * bus, guint64 * last_processed,
    guint64 * last_dropped, GstClockTime * first_rt)
{
  GstMessage *m;
  guint n = 0;

  while ((m = gst_bus_pop_filtered (bus, GST_MESSAGE_QOS))) {
    GstFormat fmt;
    GstClockTime rt;

    gst_message_parse_qos (m, NULL, &rt, NULL, NULL, NULL);
    gst_message_parse_qos_stats (m, &fmt, last_processed, last_dropped);
    fail_unless_equals_int (fmt, GST_FORMAT_BUFFERS);
    if (n == 0)
      *first_rt = rt;
    n++;
    gst_message_unref (m);
  }
  return n;
}

/* A QoS event from downstream reaches upstream (the data source can
 * drop too), mapped to the data timeline under time-scale, and the
 * renderer still skips the frames that are already late, posting a QoS
 * message for each, while its frame counter goes on. */
GST_START_TEST (test_qos)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstClockTime ts, first_rt = GST_CLOCK_TIME_NONE;
  guint64 processed = 0, dropped = 0;
  GstClockTimeDiff diff;
  gdouble proportion;
  GstEvent *ev;
  guint i;

  push_span (h, 0, 100 * GST_MSECOND, 2);
  gst_buffer_unref (gst_harness_pull (h));
  /* 250 ms late at frame 0: frames ending before 500 ms are useless */
  fail_unless (gst_harness_push_upstream_event (h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 1.5, 250 * GST_MSECOND,
              0)));
  ev = upstream_event (h, GST_EVENT_QOS);
  fail_unless (ev != NULL, "the QoS event was not forwarded upstream");
  gst_event_parse_qos (ev, NULL, &proportion, &diff, &ts);
  fail_unless_equals_float (proportion, 1.5);
  fail_unless_equals_int64 (diff, 250 * GST_MSECOND);
  fail_unless_equals_uint64 (ts, 0);
  gst_event_unref (ev);

  push_span (h, 200 * GST_MSECOND, 100 * GST_MSECOND, 6);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  /* frames 1-4 skipped; 5, 6, 7 drawn */
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 3);
  for (i = 5; i < 8; i++) {
    GstBuffer *b = gst_harness_pull (h);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 100 * GST_MSECOND);
    gst_buffer_unref (b);
  }
  fail_unless_equals_int (frames_drawn (h), 4);
  fail_unless_equals_int (count_qos_messages (neuro_test_harness_bus (h),
          &processed, &dropped, &first_rt), 4);
  fail_unless_equals_uint64 (first_rt, 100 * GST_MSECOND);
  fail_unless_equals_uint64 (processed, 1);
  fail_unless_equals_uint64 (dropped, 4);
  neuro_test_harness_teardown (h);

  /* time-scale=2: output 100 ms late at 100 ms is data 200 ms late at
   * 200 ms */
  h = renderer_harness ("time-scale=2", OUT_10FPS, FALSE);
  push_span (h, 0, 100 * GST_MSECOND, 3);
  gst_buffer_unref (gst_harness_pull (h));
  fail_unless (gst_harness_push_upstream_event (h,
          gst_event_new_qos (GST_QOS_TYPE_UNDERFLOW, 1.0, 100 * GST_MSECOND,
              100 * GST_MSECOND)));
  ev = upstream_event (h, GST_EVENT_QOS);
  fail_unless (ev != NULL, "the QoS event was not forwarded upstream");
  gst_event_parse_qos (ev, NULL, NULL, &diff, &ts);
  fail_unless_equals_int64 (diff, 200 * GST_MSECOND);
  fail_unless_equals_uint64 (ts, 200 * GST_MSECOND);
  gst_event_unref (ev);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Live: latency is upstream's plus one frame; frame n is drawn when the
 * test clock reaches its end (n + 1) x 100 ms, with the data that came
 * before, and frames go on while the source is silent. */
GST_START_TEST (test_live_test_clock)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, TRUE);
  GstTestClock *clock;
  guint i;

  gst_harness_use_testclock (h);
  clock = gst_harness_get_testclock (h);
  push_data (h, 0, 50 * GST_MSECOND);
  /* negotiated: the renderer announces its latency, the pipeline (here the
   * test) asks for it, and the aggregator runs live from then on */
  gst_message_unref (gst_bus_timed_pop_filtered (neuro_test_harness_bus (h),
          NEURO_TEST_TIMEOUT, GST_MESSAGE_LATENCY));
  fail_unless_equals_uint64 (gst_harness_query_latency (h),
      100 * GST_MSECOND);
  for (i = 0; i < 3; i++) {
    GstBuffer *b;
    FrameRecord rec;

    if (i == 2)
      push_data (h, 200 * GST_MSECOND, 50 * GST_MSECOND);
    fail_unless (gst_harness_crank_single_clock_wait (h));
    b = gst_harness_pull (h);
    fail_unless_equals_uint64 (gst_clock_get_time (GST_CLOCK (clock)),
        (i + 1) * 100 * GST_MSECOND);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), i * 100 * GST_MSECOND);
    rec = frame_record (h, i);
    fail_unless_equals_int64 (rec.f.t_end, (gint64) (i + 1) * 100 *
        GST_MSECOND);
    /* frame 1: nothing new arrived */
    fail_unless_equals_int (rec.consumed, i < 2 ? 1 : 2);
    gst_buffer_unref (b);
  }
  gst_object_unref (clock);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* the square: red from stream time 0, blue from 0.5 s */
static void
control_foreground (GstElement * e)
{
  GstControlSource *cs = gst_interpolation_control_source_new ();
  GstTimedValueControlSource *tv = (GstTimedValueControlSource *) cs;

  g_object_set (cs, "mode", GST_INTERPOLATION_MODE_NONE, NULL);
  gst_timed_value_control_source_set (tv, 0, (gdouble) 0xffff0000u);
  gst_timed_value_control_source_set (tv, 500 * GST_MSECOND,
      (gdouble) 0xff0000ffu);
  fail_unless (gst_object_add_control_binding (GST_OBJECT (e),
          gst_direct_control_binding_new_absolute (GST_OBJECT (e),
              "mark-color", cs)));
  gst_object_unref (cs);
}

/* Controller values follow stream time: data from 5 s of running
 * timestamps that are stream time 0..1 s (a segment with start=5 s,
 * time=0) change colour at stream time 0.5 s, i.e. at frame 5. */
GST_START_TEST (test_controller_stream_time)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  guint i;

  control_foreground (h->element);
  push_segment (h, 5 * GST_SECOND, GST_CLOCK_TIME_NONE, 0, 0);
  push_span (h, 5 * GST_SECOND, 100 * GST_MSECOND, 10);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos (h);
  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 10);
  for (i = 0; i < 10; i++) {
    GstBuffer *b = gst_harness_pull (h);
    guint32 want = i < 5 ? 0xff0000 : 0x0000ff;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), 5 * GST_SECOND +
        i * 100 * GST_MSECOND);
    fail_unless_equals_int (neuro_test_pixel (h, b, 3, 3) & 0xffffff, want);
    fail_unless_equals_int (frame_record (h, i).foreground & 0xffffff, want);
    /* labels show stream time: buffer time plus the offset */
    fail_unless_equals_int64 (frame_record (h, i).f.stream_offset,
        -5 * GST_SECOND);
    gst_buffer_unref (b);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

#define VIDEO_CAPS "video/x-raw, format=BGRx, width=32, height=24, " \
  "framerate=10/1"

/* a grey video frame */
static GstBuffer *
video_frame (GstClockTime pts)
{
  GstBuffer *b = gst_buffer_new_allocate (NULL, 32 * 24 * 4, NULL);

  gst_buffer_memset (b, 0, 0x80, 32 * 24 * 4);
  GST_BUFFER_PTS (b) = pts;
  GST_BUFFER_DURATION (b) = 100 * GST_MSECOND;
  return b;
}

/* A renderer drawing over video, with its video upstream in @hv. */
static GstHarness *
overlay_harness (const gchar * props, GstHarness ** hv)
{
  GstHarness *h = renderer_harness (props, VIDEO_CAPS, FALSE);

  *hv = gst_harness_new_with_element (h->element, "video", NULL);
  gst_harness_set_src_caps_str (*hv, VIDEO_CAPS);
  return h;
}

/* Video-master mode: the video is the clock.  The controller follows the
 * video's stream time, and a seek reaches both inputs unscaled whatever
 * time-scale says (in frame-clock mode it is scaled). */
GST_START_TEST (test_overlay_stream_time_and_seek)
{
  GstHarness *hv, *h = overlay_harness ("time-scale=2", &hv);
  GstEvent *ev;
  gint64 start;
  guint i;

  control_foreground (h->element);
  push_segment (hv, 5 * GST_SECOND, GST_CLOCK_TIME_NONE, 0, 0);
  push_segment (h, 5 * GST_SECOND, GST_CLOCK_TIME_NONE, 0, 0);
  /* a pad holds one buffer: video frame i is drawn once the data after it
   * (or EOS) is there */
  push_data (h, 5 * GST_SECOND, 100 * GST_MSECOND);
  for (i = 0; i < 10; i++) {
    GstClockTime pts = 5 * GST_SECOND + i * 100 * GST_MSECOND;
    guint32 want = i < 5 ? 0xff0000 : 0x0000ff;
    FrameRecord rec;
    GstBuffer *b;

    fail_unless_equals_int (gst_harness_push (hv, video_frame (pts)),
        GST_FLOW_OK);
    if (i < 9)
      push_data (h, pts + 100 * GST_MSECOND, 100 * GST_MSECOND);
    else
      fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    b = gst_harness_pull (h);
    rec = frame_record (h, i);
    fail_unless_equals_uint64 (GST_BUFFER_PTS (b), pts);
    fail_unless (rec.f.overlay);
    fail_unless_equals_int (rec.consumed, i + 1);
    fail_unless_equals_int (neuro_test_pixel (h, b, 3, 3) & 0xffffff, want);
    /* the video shows where nothing is drawn */
    fail_unless_equals_int (neuro_test_pixel (h, b, 20, 20) & 0xffffff,
        0x808080);
    gst_buffer_unref (b);
  }

  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_NONE, GST_SEEK_TYPE_SET,
              GST_SECOND, GST_SEEK_TYPE_NONE, -1)));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL, "no seek on the data pad");
  gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_int64 (start, GST_SECOND);
  gst_event_unref (ev);
  ev = upstream_event (hv, GST_EVENT_SEEK);
  fail_unless (ev != NULL, "no seek on the video pad");
  gst_event_parse_seek (ev, NULL, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_int64 (start, GST_SECOND);
  gst_event_unref (ev);

  gst_harness_teardown (hv);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

#define PADDING 5

/* downstream's pool: rows padded by PADDING pixels, described by a
 * GstVideoMeta (which downstream says it reads) */
static GstPadProbeReturn
offer_padded_pool (GstPad * pad, GstPadProbeInfo * info, gpointer unused)
{
  GstQuery *q = GST_PAD_PROBE_INFO_QUERY (info);
  GstVideoAlignment align;
  GstBufferPool *pool;
  GstStructure *config;
  GstVideoInfo vi;
  GstCaps *caps;

  if (GST_QUERY_TYPE (q) != GST_QUERY_ALLOCATION)
    return GST_PAD_PROBE_OK;
  gst_query_parse_allocation (q, &caps, NULL);
  fail_unless (gst_video_info_from_caps (&vi, caps));
  pool = gst_video_buffer_pool_new ();
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, vi.size, 0, 0);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT);
  gst_video_alignment_reset (&align);
  align.padding_right = PADDING;
  gst_buffer_pool_config_set_video_alignment (config, &align);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  gst_query_add_allocation_pool (q, pool, vi.size, 0, 0);
  gst_query_add_allocation_meta (q, GST_VIDEO_META_API_TYPE, NULL);
  gst_object_unref (pool);
  return GST_PAD_PROBE_HANDLED;
}

/* the picture test_render draws, as straight ARGB */
static guint32
expected_pixel (gint x, gint y, gint w, guint32 bg, guint32 fg)
{
  if (x == w - 1)
    return COLUMN_ARGB;
  if (x >= CAIRO_X0 && x < CAIRO_X1 && y >= CAIRO_Y0 && y < CAIRO_Y1)
    return CAIRO_ARGB;
  if (x >= FG_X0 && x < FG_X1 && y >= FG_X0 && y < FG_X1)
    return fg;
  return bg;
}

/* Every pixel in the right place on rows longer than width x 4 bytes (the
 * stride of the buffer's video meta), for the direct pixel writes, the
 * cairo context and the background; with alpha too (BGRA: straight alpha
 * after the base class un-premultiplies, through the same stride). */
GST_START_TEST (test_padded_stride)
{
  const struct
  {
    const gchar *format;
    guint32 background, want_bg;
  } cases[] = {
    {"BGRx", 0xffffffff, 0xffffffff},
    {"BGRA", 0x80ffffff, 0x80ffffff},
  };
  guint c;

  for (c = 0; c < G_N_ELEMENTS (cases); c++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=%s, width=37, "
        "height=20, framerate=10/1", cases[c].format);
    gchar *props = g_strdup_printf ("background=%u mark-color=%u",
        cases[c].background, 0xffff0000u);
    GstHarness *h;
    NeuroTestFrame f;
    FrameRecord rec;
    GstBuffer *b;
    gint x, y;

    h = renderer_harness (props, caps, FALSE);
    gst_pad_add_probe (h->sinkpad, GST_PAD_PROBE_TYPE_QUERY_DOWNSTREAM,
        offer_padded_pool, NULL, NULL);
    push_data (h, 0, 100 * GST_MSECOND);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    b = gst_harness_pull (h);
    fail_unless (gst_buffer_get_video_meta (b) != NULL, "no video meta");
    neuro_test_frame_map (&f, h, NULL, b);
    rec = frame_record (h, 0);
    fail_unless (neuro_test_frame_stride (&f) >= (37 + PADDING) * 4,
        "stride %d", neuro_test_frame_stride (&f));
    /* the subclass drew on the buffer's rows, not on width x 4 */
    fail_unless_equals_int (rec.stride, neuro_test_frame_stride (&f));
    for (y = 0; y < 20; y++)
      for (x = 0; x < 37; x++) {
        guint32 want = expected_pixel (x, y, 37, cases[c].want_bg,
            0xffff0000);
        guint32 got = neuro_test_frame_pixel (&f, x, y);

        if (strcmp (cases[c].format, "BGRx") == 0) {
          want &= 0xffffff;
          got &= 0xffffff;
        }
        fail_unless (got == want, "%s: pixel (%d, %d) is %08x, expected "
            "%08x", cases[c].format, x, y, got, want);
      }
    neuro_test_frame_unmap (&f);
    gst_buffer_unref (b);
    neuro_test_harness_teardown (h);
    g_free (props);
    g_free (caps);
  }
}

GST_END_TEST;

/* The dpi property: frame n's style is matplotlib's sizes at the dpi set
 * before it is drawn, in points whatever the frame size (10 pt text is
 * 13.9 px at 100 dpi, 27.8 px at 200), also when set while playing; the
 * text cache draws at the same dpi. */
GST_START_TEST (test_dpi_style)
{
  const gchar *sizes[] = { "width=400, height=300", "width=1200, height=800" };
  guint k;

  for (k = 0; k < G_N_ELEMENTS (sizes); k++) {
    gchar *caps = g_strdup_printf ("video/x-raw, format=BGRx, %s, "
        "framerate=10/1", sizes[k]);
    GstHarness *h = renderer_harness (NULL, caps, FALSE);
    FrameRecord rec;
    gdouble dpi;
    guint n;

    g_object_get (h->element, "dpi", &dpi, NULL);
    fail_unless_equals_float (dpi, 100.0);
    push_span (h, 0, 100 * GST_MSECOND, 2);
    gst_buffer_unref (gst_harness_pull (h));
    rec = frame_record (h, 0);
    fail_unless_equals_float (rec.style.dpi, 100.0);
    fail_unless (fabs (rec.style.font_size - 1000 / 72.0) < 1e-9);
    fail_unless (fabs (rec.style.title_size - 1200 / 72.0) < 1e-9);
    fail_unless (fabs (rec.style.line_width - 150 / 72.0) < 1e-9);
    fail_unless (fabs (rec.style.axes_width - 80 / 72.0) < 1e-9);
    fail_unless (fabs (rec.style.tick_size - 350 / 72.0) < 1e-9);
    fail_unless (fabs (rec.style.layout_pad - 1.08 * 1000 / 72.0) < 1e-9);
    fail_unless_equals_float (rec.text_dpi, 100.0);

    /* while playing: the frames drawn after it */
    g_object_set (h->element, "dpi", 200.0, NULL);
    push_span (h, 200 * GST_MSECOND, 100 * GST_MSECOND, 2);
    fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
    while ((n = frames_drawn (h)) < 4)
      gst_buffer_unref (gst_harness_pull (h));
    rec = frame_record (h, n - 1);
    fail_unless_equals_float (rec.style.dpi, 200.0);
    fail_unless (fabs (rec.style.font_size - 2000 / 72.0) < 1e-9);
    fail_unless_equals_float (rec.text_dpi, 200.0);
    neuro_test_harness_teardown (h);
    g_free (caps);
  }
}

GST_END_TEST;

/* ------------------------------------------------------ reverse playback */

/* data buffers pushed and not yet freed (reverse tests) */
static gint live_buffers;

static void
buffer_freed (gpointer data)
{
  g_atomic_int_add (&live_buffers, -1);
}

static void
push_counted (GstHarness * h, GstClockTime pts, GstClockTime dur)
{
  static GQuark q;
  gfloat v = 1.0f;
  GstBuffer *b = neuro_test_buffer_floats (&v, 1, pts, dur);

  if (q == 0)
    q = g_quark_from_static_string ("neurotest-counted");
  g_atomic_int_add (&live_buffers, 1);
  gst_mini_object_set_qdata (GST_MINI_OBJECT (b), q, GINT_TO_POINTER (1),
      buffer_freed);
  fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
}

static void
push_segment_rate (GstHarness * h, gdouble rate, GstClockTime start,
    GstClockTime stop, guint32 seqnum)
{
  GstSegment seg;
  GstEvent *ev;

  gst_segment_init (&seg, GST_FORMAT_TIME);
  seg.rate = rate;
  seg.start = seg.time = start;
  seg.stop = seg.position = stop;
  ev = gst_event_new_segment (&seg);
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
}

typedef struct
{
  GstHarness *h;
  GstClockTime up_start, history, stop;
  gint most;                    /* most buffers alive after a chunk */
} ReversePusher;

/* 60 s backwards in chunks [c, c + 0.5 s), each with data from
 * c - history on the 0.1 s grid, then EOS */
static gpointer
push_reverse_chunks (gpointer data)
{
  ReversePusher *p = data;
  const GstClockTime d = 100 * GST_MSECOND;
  GstClockTime c;

  for (c = p->stop - 500 * GST_MSECOND;; c -= 500 * GST_MSECOND) {
    GstClockTime from = c > p->up_start + p->history ?
        (c - p->history) / d * d : p->up_start / d * d;

    for (; from < c + 500 * GST_MSECOND; from += d)
      push_counted (p->h, from, d);
    p->most = MAX (p->most, g_atomic_int_get (&live_buffers));
    if (c <= p->up_start + p->history)
      break;
  }
  fail_unless (gst_harness_push_event (p->h, gst_event_new_eos ()));
  return NULL;
}

/* A reverse seek (rate -1, [1 s, 60 s], history 0.3 s) goes upstream from
 * the start minus the history and a frame, and says so in its
 * "neuroviz-history" field.  A source sending 60 s backwards in chunks of
 * 0.5 s (each forward, reaching that far back) gets 590 frames, one every
 * 0.1 s of running time: frame k ends at 60 s - k / 10 s (PTS descending
 * from the stop to the start), its window ends there, it was drawn from a
 * store reset and fed the 0.5 s before it (the window and the frame), and
 * the renderer never holds more than about a chunk and its history of
 * data: memory follows the chunk, not the 60 s. */
GST_START_TEST (test_reverse_chunks)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstTestRenderer *t = GST_TEST_RENDERER (h->element);
  const GstClockTime d = 100 * GST_MSECOND, stop = 60 * GST_SECOND;
  GstClockTime up_start, prev = GST_CLOCK_TIME_NONE;
  guint64 history = 0;
  ReversePusher pusher = { 0, };
  GThread *thread;
  GstEvent *seek, *ev;
  GstSegment out;
  guint32 seqnum;
  guint k, n, drawn;
  gint64 start;
  gint most = 0;
  gdouble rate;

  g_mutex_lock (&t->lock);
  t->history = 300 * GST_MSECOND;
  g_mutex_unlock (&t->lock);
  push_span (h, 0, d, 2);
  gst_buffer_unref (gst_harness_pull (h));

  seek = gst_event_new_seek (-1.0, GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH,
      GST_SEEK_TYPE_SET, GST_SECOND, GST_SEEK_TYPE_SET, stop);
  seqnum = gst_event_get_seqnum (seek);
  fail_unless (gst_harness_push_upstream_event (h, seek));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL);
  gst_event_parse_seek (ev, &rate, NULL, NULL, NULL, &start, NULL, NULL);
  fail_unless_equals_float (rate, -1.0);
  fail_unless (gst_structure_get_uint64 (gst_event_get_structure (ev),
          "neuroviz-history", &history));
  /* the history and one frame of data (and a nanosecond) */
  fail_unless_equals_uint64 (history, 400 * GST_MSECOND + 1);
  fail_unless_equals_int64 (start, GST_SECOND - (gint64) history);
  gst_event_unref (ev);
  up_start = (GstClockTime) start;

  ev = gst_event_new_flush_start ();
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  ev = gst_event_new_flush_stop (TRUE);
  gst_event_set_seqnum (ev, seqnum);
  fail_unless (gst_harness_push_event (h, ev));
  while (gst_harness_buffers_in_queue (h) > 0)
    gst_buffer_unref (gst_harness_pull (h));
  drawn = frames_drawn (h);
  push_segment_rate (h, -1.0, up_start, stop, seqnum);

  /* the source, in its own thread; the renderer stops at its 3rd frame */
  g_atomic_int_set (&live_buffers, 0);
  g_mutex_lock (&t->lock);
  t->block_after = drawn + 3;
  g_mutex_unlock (&t->lock);
  pusher.h = h;
  pusher.up_start = up_start;
  pusher.history = history;
  pusher.stop = stop;
  thread = g_thread_new ("reverse-source", push_reverse_chunks, &pusher);
  g_mutex_lock (&t->lock);
  while (!t->blocked)
    g_cond_wait (&t->cond, &t->lock);
  g_mutex_unlock (&t->lock);
  /* the renderer draws the first chunk and holds the second's first
   * buffer: the source must wait (give it 0.3 s to push what it can) */
  for (k = 0; k < 30; k++) {
    most = MAX (most, g_atomic_int_get (&live_buffers));
    g_usleep (10000);
  }
  most = MAX (most, g_atomic_int_get (&live_buffers));
  g_mutex_lock (&t->lock);
  t->blocked = FALSE;
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->lock);
  g_thread_join (thread);
  most = MAX (most, pusher.most);
  wait_eos_segment (h, &out);

  fail_unless_equals_float (out.rate, -1.0);
  fail_unless_equals_uint64 (out.start, GST_SECOND);
  fail_unless_equals_uint64 (out.stop, stop);
  n = gst_harness_buffers_in_queue (h);
  fail_unless_equals_int (n, 590);
  for (k = 0; k < n; k++) {
    GstBuffer *b = gst_harness_pull (h);
    FrameRecord rec = frame_record (h, drawn + k);
    GstClockTime end = stop - k * d;

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b),
        end);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), d);
    fail_unless (!GST_CLOCK_TIME_IS_VALID (prev) || GST_BUFFER_PTS (b) < prev);
    prev = GST_BUFFER_PTS (b);
    /* running time increases at the framerate */
    fail_unless_equals_uint64 (gst_segment_to_running_time (&out,
            GST_FORMAT_TIME, end), k * d);
    fail_unless_equals_int64 (rec.f.t_end, (gint64) end);
    fail_unless_equals_uint64 (rec.f.number, k);
    /* the buffers from the one covering end - history to the end */
    fail_unless_equals_int (rec.consumed, 5);
    gst_buffer_unref (b);
  }
  fail_unless_equals_uint64 (prev, GST_SECOND);
  /* the chunk being drawn with its history (10 buffers) and the next
   * one's first: not the 1180 of the stream */
  fail_unless (most <= 12, "%d data buffers were held at once", most);
  neuro_test_harness_teardown (h);
  fail_unless_equals_int (g_atomic_int_get (&live_buffers), 0);
}

GST_END_TEST;

/* A new framerate in the middle of reverse playback: the frames go on
 * down from where the last one ended, at the new rate, and their running
 * time goes on without a jump (3 frames at 10 fps from 2 s, then 34 at
 * 20 fps from 1.7 s down to 0). */
GST_START_TEST (test_reverse_renegotiation)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstTestRenderer *t = GST_TEST_RENDERER (h->element);
  const GstClockTime d = 100 * GST_MSECOND;
  GstClockTime from, rt = 0, end = 2 * GST_SECOND;
  GstSegment out;
  guint k;

  push_segment_rate (h, -1.0, 0, 2 * GST_SECOND, gst_util_seqnum_next ());
  g_mutex_lock (&t->lock);
  t->block_after = 3;
  g_mutex_unlock (&t->lock);
  /* [1 s, 2 s) with a frame before it, then the next chunk's first */
  for (from = 900 * GST_MSECOND; from < 2 * GST_SECOND; from += d)
    push_counted (h, from, d);
  push_counted (h, 0, d);
  g_mutex_lock (&t->lock);
  while (!t->blocked)
    g_cond_wait (&t->cond, &t->lock);
  g_mutex_unlock (&t->lock);
  gst_harness_set_sink_caps_str (h, "video/x-raw, format=BGRx, width=32, "
      "height=24, framerate=20/1");
  g_mutex_lock (&t->lock);
  t->blocked = FALSE;
  g_cond_broadcast (&t->cond);
  g_mutex_unlock (&t->lock);
  for (from = d; from < GST_SECOND; from += d)
    push_counted (h, from, d);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  wait_eos_segment (h, &out);

  fail_unless_equals_int (gst_harness_buffers_in_queue (h), 37);
  for (k = 0; k < 37; k++) {
    GstBuffer *b = gst_harness_pull (h);
    GstClockTime step = k < 3 ? d : d / 2;
    FrameRecord rec = frame_record (h, k);

    fail_unless_equals_uint64 (GST_BUFFER_PTS (b) + GST_BUFFER_DURATION (b),
        end);
    fail_unless_equals_int64 (rec.f.t_end, (gint64) end);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (b), step);
    /* the running time of the frame's end (its first moment, going back) */
    if (k >= 3)
      fail_unless_equals_uint64 (gst_segment_to_running_time (&out,
              GST_FORMAT_TIME, end), rt);
    rt += k < 3 ? d : d / 2;
    end -= step;
    gst_buffer_unref (b);
  }
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

/* Reverse seeks the renderer cannot play are refused before they go
 * upstream: a rate beyond 16, a live input, no stop and no duration, and
 * over video (video-master mode). */
GST_START_TEST (test_reverse_refused)
{
  GstHarness *h = renderer_harness (NULL, OUT_10FPS, FALSE);
  GstEvent *ev;
  GstPad *vpad;

  push_span (h, 0, 100 * GST_MSECOND, 2);
  gst_buffer_unref (gst_harness_pull (h));
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-17.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0 / 17,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  /* the test source answers no duration */
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_NONE, -1)));
  fail_unless (upstream_event (h, GST_EVENT_SEEK) == NULL);
  /* and takes one with a stop */
  fail_unless (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  ev = upstream_event (h, GST_EVENT_SEEK);
  fail_unless (ev != NULL);
  gst_event_unref (ev);
  vpad = gst_element_request_pad_simple (h->element, "video");
  fail_unless (vpad != NULL);
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  gst_element_release_request_pad (h->element, vpad);
  gst_object_unref (vpad);
  neuro_test_harness_teardown (h);

  h = renderer_harness (NULL, OUT_10FPS, TRUE);
  fail_if (gst_harness_push_upstream_event (h, gst_event_new_seek (-1.0,
              GST_FORMAT_TIME, GST_SEEK_FLAG_FLUSH, GST_SEEK_TYPE_SET, 0,
              GST_SEEK_TYPE_SET, GST_SECOND)));
  fail_unless (upstream_event (h, GST_EVENT_SEEK) == NULL);
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static Suite *
renderer_suite (void)
{
  Suite *s = suite_create ("renderer");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_frame_clock_no_drift);
  tcase_add_test (tc, test_eos_drain);
  tcase_add_test (tc, test_seek_and_flush);
  tcase_add_test (tc, test_flush);
  tcase_add_test (tc, test_seek_history);
  tcase_add_test (tc, test_time_scale);
  tcase_add_test (tc, test_rates);
  tcase_add_test (tc, test_time_scale_playing);
  tcase_add_test (tc, test_rate_bounds);
  tcase_add_test (tc, test_renegotiation);
  tcase_add_test (tc, test_qos);
  tcase_add_test (tc, test_live_test_clock);
  tcase_add_test (tc, test_controller_stream_time);
  tcase_add_test (tc, test_overlay_stream_time_and_seek);
  tcase_add_test (tc, test_padded_stride);
  tcase_add_test (tc, test_dpi_style);
  tcase_add_test (tc, test_reverse_chunks);
  tcase_add_test (tc, test_reverse_refused);
  tcase_add_test (tc, test_reverse_renegotiation);
  return s;
}

int
main (int argc, char **argv)
{
  const gchar *registry = g_getenv ("GST_REGISTRY_1_0");
  Suite *s;

  /* no second GstNeuroRenderer: the plugin stays out of this process */
  g_unsetenv ("GST_PLUGIN_PATH_1_0");
  g_unsetenv ("GST_PLUGIN_PATH");
  if (registry) {
    gchar *own = g_strconcat (registry, ".renderer", NULL);

    g_setenv ("GST_REGISTRY_1_0", own, TRUE);
    g_free (own);
  }
  gst_check_init (&argc, &argv);
  s = renderer_suite ();
  return gst_check_run_suite (s, "renderer", __FILE__);
}
