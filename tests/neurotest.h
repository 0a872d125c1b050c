/* gst-neuroviz — the helpers the gst-check suites share
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * One layer under every suite (as textoverlay.c's helpers are for its
 * suite): harnesses with a private bus, expected errors and messages,
 * buffers from floats and spikes, whole pipelines that collect what reaches
 * their sink, and stride-aware pixel reads.  Every helper fails the running
 * test (fail_unless) rather than return an error.
 */
#pragma once

#include <gst/check/gstcheck.h>
#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "neurotypes.h"

G_BEGIN_DECLS

/* How long a helper waits for a message before it fails the test: an
 * upper bound only (a message that comes returns at once), generous
 * because the ASan build on a loaded machine is slow, and a wait that
 * expires aborts the test without its teardown (the element is left
 * running, and the next gst_task_cleanup_all waits for it forever). */
#define NEURO_TEST_TIMEOUT (60 * GST_SECOND)

/* ---------------------------------------------------------- harnesses
 *
 * The element (or the bin of a launch line) posts to a bus of its own, so
 * that a test can read its messages.  Tear down with
 * neuro_test_harness_teardown: queued messages hold references to the
 * element, and are dropped there. */

GstHarness *neuro_test_harness_new (const gchar * launch_format, ...)
    G_GNUC_PRINTF (1, 2);
GstHarness *neuro_test_harness_new_with_element (GstElement * element,
    const gchar * sinkpad, const gchar * srcpad);
/* The harness's private bus (borrowed: the element holds it). */
GstBus *neuro_test_harness_bus (GstHarness * h);
void neuro_test_harness_teardown (GstHarness * h);

/* gst_harness_set_src_caps_str (@side GST_PAD_SRC: what the harness
 * sends) or _sink_caps_str (GST_PAD_SINK: what it accepts) of a
 * printf-style caps string. */
void neuro_test_harness_set_caps (GstHarness * h, GstPadDirection side,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);
#define neuro_test_harness_set_src_caps(h, ...) \
  neuro_test_harness_set_caps (h, GST_PAD_SRC, __VA_ARGS__)
#define neuro_test_harness_set_sink_caps(h, ...) \
  neuro_test_harness_set_caps (h, GST_PAD_SINK, __VA_ARGS__)

/* The file @name of the source tree's tests/data/@folder (g_free it). */
gchar *neuro_test_data_file (const gchar * folder, const gchar * name);

/* ----------------------------------------------------------- messages */

/* The text of an error, warning or info message (g_free it). */
gchar *neuro_test_message_text (GstMessage * msg);

/* The next message of @type (ERROR, WARNING or INFO) on @bus: an error
 * instead of it, EOS, or nothing within NEURO_TEST_TIMEOUT fails the test,
 * as does a text that lacks one of the NULL-terminated strings that
 * follow.  Returns the text (g_free it). */
gchar *neuro_test_expect_message (GstBus * bus, GstMessageType type, ...)
    G_GNUC_NULL_TERMINATED;
#define neuro_test_expect_error(bus, ...) \
  neuro_test_expect_message (bus, GST_MESSAGE_ERROR, __VA_ARGS__)
#define neuro_test_expect_warning(bus, ...) \
  neuro_test_expect_message (bus, GST_MESSAGE_WARNING, __VA_ARGS__)

/* A bad string @value of @property of @element (in @h, with a private
 * bus) set while stopped: no message yet, the property reads NULL, and
 * the start fails with an error naming @property, @value and @reason.
 * The bus is left flushing (what else the failed start posted is
 * dropped): gst_bus_set_flushing (bus, FALSE) to read it again. */
void neuro_test_expect_bad_property_start (GstHarness * h,
    GstElement * element, const gchar * property, const gchar * value,
    const gchar * reason);

/* Waits up to @timeout for a warning whose text contains @what and @what2
 * (may be NULL), skipping other warnings; an error fails the test. */
gboolean neuro_test_wait_warning (GstBus * bus, const gchar * what,
    const gchar * what2, GstClockTime timeout);

/* The first queued message of @type whose structure is named @name (NULL:
 * any), without waiting; the messages before it are dropped.  NULL when
 * there is none. */
GstMessage *neuro_test_find_message (GstBus * bus, GstMessageType type,
    const gchar * name);

/* ------------------------------------------------------------ buffers */

/* A buffer of the @n floats of @v as little-endian float32 (the payload of
 * signals and frames) with @pts and @dur (GST_CLOCK_TIME_NONE: unset). */
GstBuffer *neuro_test_buffer_floats (const gfloat * v, gsize n,
    GstClockTime pts, GstClockTime dur);
/* A spike slice: the @n records of @s, little-endian. */
GstBuffer *neuro_test_buffer_spikes (const NeuroSpike * s, gsize n,
    GstClockTime pts, GstClockTime dur);
/* Appends the float32 payload of @buf to @a (of gfloat), in host order;
 * fails unless the size is a whole number of floats. */
void neuro_test_append_floats (GArray * a, GstBuffer * buf);

/* ------------------------------------------------------ harness output */

/* Pulls @n frames from @h: frame i has PTS i / fps (exact, as
 * gst_util_uint64_scale), lasts until frame i + 1 starts and holds @size
 * bytes. */
void neuro_test_expect_frame_clock (GstHarness * h, guint n, gint fps_n,
    gint fps_d, gsize size);
/* The events that follow end with EOS (pulling waits for it), and no
 * buffer is left behind it. */
void neuro_test_expect_eos_last (GstHarness * h);

/* ---------------------------------------------------------- pipelines
 *
 * A launch line whose sink named "sink" is a fakesink with
 * signal-handoffs=true (it is connected by neuro_test_run_new): every
 * buffer that reaches it is kept, with the caps of the first one. */

typedef struct
{
  GstElement *pipeline;
  GstBus *bus;
  GMutex lock;                  /* buffers and caps, while running */
  GPtrArray *buffers;           /* GstBuffer, in order */
  GstCaps *caps;
  gboolean eos;                 /* set by neuro_test_run_wait_end */
  gchar *error;                 /* the error text, ditto */
} NeuroTestRun;

/* The pipeline of @launch_format, in NULL. */
NeuroTestRun *neuro_test_run_new (const gchar * launch_format, ...)
    G_GNUC_PRINTF (1, 2);
/* Sets it PLAYING (failure fails the test). */
void neuro_test_run_play (NeuroTestRun * r);
/* Waits up to @timeout for EOS or an error, and records which. */
void neuro_test_run_wait_end (NeuroTestRun * r, GstClockTime timeout);
/* PLAYING until EOS or an error (60 s at most), then NULL. */
void neuro_test_run_to_end (NeuroTestRun * r);
/* The next end is EOS (an error fails the test, with its text). */
void neuro_test_run_expect_eos (NeuroTestRun * r);
/* The next end is an error whose text contains @what. */
void neuro_test_run_expect_error (NeuroTestRun * r, const gchar * what);
void neuro_test_run_free (NeuroTestRun * r);

/* ------------------------------------------------------------- pixels
 *
 * Output frames are read through their GstVideoMeta when they have one:
 * plane stride and offset come from the buffer, not from width x 4. */

typedef struct
{
  GstVideoInfo info;
  GstVideoFrame frame;
} NeuroTestFrame;

/* Maps @buf for reading as a frame of @caps (NULL: the current caps of the
 * harness's sink pad, i.e. the element's output). */
void neuro_test_frame_map (NeuroTestFrame * f, GstHarness * h,
    GstCaps * caps, GstBuffer * buf);
void neuro_test_frame_unmap (NeuroTestFrame * f);
/* The 32-bit pixel at (@x, @y) of a 4-byte-per-pixel frame, as the
 * native-endian word (BGRx and BGRA: 0xAARRGGBB). */
guint32 neuro_test_frame_pixel (const NeuroTestFrame * f, gint x, gint y);
/* The plane stride of the mapped frame, in bytes. */
gint neuro_test_frame_stride (const NeuroTestFrame * f);
/* One pixel of an output buffer of @h (maps and unmaps). */
guint32 neuro_test_pixel (GstHarness * h, GstBuffer * buf, gint x, gint y);
/* One pixel of @buf, a @width x @height frame of 4-byte pixels (BGRx,
 * BGRA), without a harness: through its GstVideoMeta when it has one,
 * else rows of width x 4 bytes (maps and unmaps). */
guint32 neuro_test_buffer_pixel (GstBuffer * buf, gint width, gint height,
    gint x, gint y);

/* TRUE when @a and @b hold the same bytes (two runs' frames). */
gboolean neuro_test_buffers_equal (GstBuffer * a, GstBuffer * b);

/* Fills @buf (a frame pulled from a harness, writable) with garbage and
 * drops it: its pool gives it to a later frame, which shows every pixel
 * it did not draw. */
void neuro_test_release_scribbled (GstBuffer * buf);

/* Seeks: @launch (ending in a fakesink named "sink") to its end (@rate
 * 0), or first seeked (flushing, accurate, in PAUSED) at @rate to [@start,
 * @stop], the preroll frames dropped; and the check that a reverse run
 * gives its frames in descending time, (stop - start) fps / |rate| of
 * them, each equal to the forward frame that ends at the same time.  The
 * latter returns how many frames were compared. */
NeuroTestRun *neuro_test_run_seeked (const gchar * launch, gdouble rate,
    GstClockTime start, GstClockTime stop);
guint neuro_test_reverse_matches_forward (const gchar * launch, gint fps,
    gdouble rate, GstClockTime start, GstClockTime stop);

G_END_DECLS
