/* gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later */
/* Render-only benchmark of signalscope: one second of pre-generated
 * signal (sines plus noise) is pushed again and again through appsrc, so
 * data generation is excluded; frames go to fakesink sync=false.
 * usage: signalscope-bench CHANNELS RATE SECONDS "signalscope props" [W H FPS]
 * ("! ..." instead of the properties: that pipeline after the source, for a
 * composed figure; W H FPS then only count the frames) */
#include <gst/gst.h>
#include <gst/app/gstappsrc.h>
#include <math.h>
#include <stdlib.h>
#include <sys/resource.h>

/* CPU seconds (user + system) of the whole process so far */
static gdouble
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
      ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static GstBuffer *second;
static gint channels, spb;
static gdouble rate;
static gint64 pushed, total;

static void
need_data (GstAppSrc * src, guint len, gpointer user)
{
  gint per_sec = (gint) rate / spb;
  GstBuffer *buf;

  if (pushed >= total) {
    gst_app_src_end_of_stream (src);
    return;
  }
  buf = gst_buffer_copy_region (second, GST_BUFFER_COPY_MEMORY,
      (gsize) (pushed % per_sec) * spb * channels * 4,
      (gsize) spb * channels * 4);
  GST_BUFFER_PTS (buf) = gst_util_uint64_scale (pushed * spb, GST_SECOND,
      (guint64) rate);
  GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (spb, GST_SECOND,
      (guint64) rate);
  pushed++;
  gst_app_src_push_buffer (src, buf);
}

int
main (int argc, char **argv)
{
  GstElement *pipe, *src;
  GstMessage *msg;
  gchar *desc;
  gint64 t0, t1, i, n;
  gdouble c0, c1;
  gfloat *v;
  gdouble secs;
  gint w = 1920, h = 1080, fps = 60, frames;

  gst_init (&argc, &argv);
  if (argc < 5) {
    g_printerr ("usage: %s CHANNELS RATE SECONDS PROPS [W H FPS]\n", argv[0]);
    return 2;
  }
  channels = atoi (argv[1]);
  rate = atof (argv[2]);
  secs = atof (argv[3]);
  if (argc >= 8) {
    w = atoi (argv[5]);
    h = atoi (argv[6]);
    fps = atoi (argv[7]);
  }
  spb = MAX (1, (gint) (rate / 100));
  n = (gint64) rate * channels;
  v = g_new (gfloat, n);
  for (i = 0; i < n; i++) {
    gint64 j = i / channels, c = i % channels;
    v[i] = (gfloat) (sin (2 * G_PI * (1 + c % 7) * j / rate + c) +
        0.3 * ((gdouble) (((guint32) (i * 2654435761u)) >> 8) / (1 << 24) -
            0.5));
  }
  second = gst_buffer_new_wrapped (v, n * sizeof (gfloat));
  total = (gint64) (secs * rate / spb);
  frames = (gint) (secs * fps);

  if (argv[4][0] == '!')
    /* a whole pipeline after the source (a composed figure); it ends in
     * its own sink */
    desc = g_strdup_printf ("appsrc name=src format=time caps=\""
        "application/x-neuro-signal,format=F32LE,channels=%d,rate=(double)%g"
        "\" %s", channels, rate, argv[4]);
  else
    desc = g_strdup_printf ("appsrc name=src format=time caps=\""
        "application/x-neuro-signal,format=F32LE,channels=%d,rate=(double)%g"
        "\" ! signalscope %s ! video/x-raw,width=%d,height=%d,framerate=%d/1 "
        "! fakesink sync=false", channels, rate, argv[4], w, h, fps);
  pipe = gst_parse_launch (desc, NULL);
  if (!pipe) {
    g_printerr ("bad pipeline: %s\n", desc);
    return 2;
  }
  src = gst_bin_get_by_name (GST_BIN (pipe), "src");
  g_signal_connect (src, "need-data", G_CALLBACK (need_data), NULL);
  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  gst_element_set_state (pipe, GST_STATE_PLAYING);
  msg = gst_bus_timed_pop_filtered (GST_ELEMENT_BUS (pipe),
      GST_CLOCK_TIME_NONE, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();
  if (GST_MESSAGE_TYPE (msg) == GST_MESSAGE_ERROR) {
    g_printerr ("error\n");
    return 1;
  }
  /* CPU time is what counts on a shared machine: the pipeline's threads
   * (appsrc, signalscope, fakesink) from PLAYING to EOS, data made before */
  g_print ("%d frames: %.2f s CPU, %.1f fps (%.2fx real time at %d fps); "
      "wall %.2f s, %.1f fps\n", frames, c1 - c0, frames / (c1 - c0),
      frames / (c1 - c0) / fps, fps, (t1 - t0) / 1e6,
      frames / ((t1 - t0) / 1e6));
  gst_message_unref (msg);
  gst_element_set_state (pipe, GST_STATE_NULL);
  gst_object_unref (src);
  gst_object_unref (pipe);
  return 0;
}
