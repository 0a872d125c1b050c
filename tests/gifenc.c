/* gst-neuroviz — gifenc unit tests
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The output is checked two ways: its bytes are walked block by block (frame
 * count, delays, loop count, rectangles, trailer) and it is decoded by
 * gst-libav's avdec_gif (FFmpeg's GIF decoder) to compare pixels.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "neurotest.h"

/* byte by byte: GIF fields are unaligned */
static inline guint
read_le16 (const guint8 * p)
{
  return p[0] | (p[1] << 8);
}

/* ---- a block walker for GIF files (no LZW decoding) ---- */

typedef struct
{
  gint width, height;
  gboolean global_table;
  gint loop;                    /* -1: no NETSCAPE2.0 extension */
  guint n_frames;
  guint delays[1024];           /* centiseconds */
  guint rect[1024][4];          /* x, y, w, h */
  gboolean trailer;
  gboolean junk;                /* bytes after the trailer or unknown */
} GifInfo;

static gboolean
skip_sub_blocks (const guint8 * d, gsize len, gsize * pos)
{
  while (*pos < len && d[*pos] != 0)
    *pos += d[*pos] + 1;
  if (*pos >= len)
    return FALSE;
  (*pos)++;
  return TRUE;
}

static gboolean
parse_gif (const guint8 * d, gsize len, GifInfo * info)
{
  gsize pos = 13;
  guint pending_delay = 0;

  memset (info, 0, sizeof (*info));
  info->loop = -1;
  if (len < 13 || memcmp (d, "GIF89a", 6) != 0)
    return FALSE;
  info->width = read_le16 (d + 6);
  info->height = read_le16 (d + 8);
  if (d[10] & 0x80) {
    info->global_table = TRUE;
    pos += 3 * (2u << (d[10] & 7));
  }
  while (pos < len) {
    guint8 b = d[pos];

    if (b == 0x3b) {
      info->trailer = TRUE;
      info->junk = pos + 1 != len;
      return TRUE;
    } else if (b == 0x21 && pos + 2 < len) {
      guint8 label = d[pos + 1];

      pos += 2;
      if (label == 0xf9 && pos + 5 < len && d[pos] == 4)
        pending_delay = read_le16 (d + pos + 2);
      if (label == 0xff && pos + 16 < len && d[pos] == 11
          && memcmp (d + pos + 1, "NETSCAPE2.0", 11) == 0 && d[pos + 12] == 3)
        info->loop = read_le16 (d + pos + 14);
      if (!skip_sub_blocks (d, len, &pos))
        return FALSE;
    } else if (b == 0x2c && pos + 10 < len) {
      guint i = MIN (info->n_frames, G_N_ELEMENTS (info->delays) - 1);
      guint8 packed = d[pos + 9];

      info->rect[i][0] = read_le16 (d + pos + 1);
      info->rect[i][1] = read_le16 (d + pos + 3);
      info->rect[i][2] = read_le16 (d + pos + 5);
      info->rect[i][3] = read_le16 (d + pos + 7);
      info->delays[i] = pending_delay;
      pending_delay = 0;
      pos += 10;
      if (packed & 0x80)
        pos += 3 * (2u << (packed & 7));
      pos++;                    /* LZW minimum code size */
      if (!skip_sub_blocks (d, len, &pos))
        return FALSE;
      info->n_frames++;
    } else {
      info->junk = TRUE;
      return FALSE;
    }
  }
  return TRUE;                  /* no trailer */
}

/* ---- test pictures, 0x00RRGGBB ---- */

typedef guint32 (*PixelFunc) (gint x, gint y, gint frame);

static guint32
pix_256 (gint x, gint y, gint frame)
{
  /* exactly 256 colours in 16x16 blocks, shifted each frame */
  guint i = (((x + frame * 3) / 4) % 16) + 16 * ((y / 4) % 16);

  return (i * 37 % 256) << 16 | (255 - i) << 8 | (i * 113 % 256);
}

static guint32
pix_square (gint x, gint y, gint frame)
{
  /* a few colours: a moving square over a grid */
  gint sx = 5 + frame * 3, sy = 7 + frame * 2;

  if (x >= sx && x < sx + 12 && y >= sy && y < sy + 10)
    return 0xff8000 + frame;
  if (x % 10 == 0 || y % 10 == 0)
    return 0x404040;
  return 0xffffff;
}

static guint32
pix_noise (gint x, gint y, gint frame)
{
  /* 200 colours in random order: long LZW streams with table resets */
  guint32 h = (x * 73856093u) ^ (y * 19349663u) ^ (frame * 83492791u);

  h = (h ^ (h >> 13)) * 0x5bd1e995u;
  h %= 200;
  return (h << 16) | ((h * 7 % 256) << 8) | (255 - h);
}

static guint32
pix_gradient (gint x, gint y, gint frame)
{
  /* thousands of colours */
  guint r = (x * 255) / 127, g = (y * 255) / 95;
  guint b = (128 + frame * 10 + x / 2) % 256;

  return (r << 16) | (g << 8) | b;
}

static GstBuffer *
make_buffer (GstVideoInfo * info, PixelFunc func, gint frame)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, info->size, NULL);
  const GstVideoFormatInfo *finfo = info->finfo;
  GstVideoFrame vf;
  gint x, y;

  fail_unless (gst_video_frame_map (&vf, info, buf, GST_MAP_WRITE));
  for (y = 0; y < info->height; y++) {
    guint8 *row = GST_VIDEO_FRAME_PLANE_DATA (&vf, 0) +
        y * GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0);
    memset (row, 0xaa, GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0));
    for (x = 0; x < info->width; x++) {
      guint8 *p = row + x * GST_VIDEO_FORMAT_INFO_PSTRIDE (finfo, 0);
      guint32 c = func (x, y, frame);

      p[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_R)] = c >> 16;
      p[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_G)] = c >> 8;
      p[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_B)] = c;
      if (GST_VIDEO_FORMAT_INFO_HAS_ALPHA (finfo))
        p[GST_VIDEO_FORMAT_INFO_POFFSET (finfo, GST_VIDEO_COMP_A)] = 0x80;
    }
  }
  gst_video_frame_unmap (&vf);
  return buf;
}

/* ---- running the encoder ---- */

typedef struct
{
  GByteArray *file;             /* all output concatenated */
  GPtrArray *buffers;           /* one per GIF frame */
  GPtrArray *headers;           /* the buffers flagged HEADER */
  GstCaps *caps;                /* the last output caps */
} Encoded;

static void
encoded_free (Encoded * e)
{
  g_byte_array_unref (e->file);
  g_ptr_array_unref (e->buffers);
  g_ptr_array_unref (e->headers);
  gst_clear_caps (&e->caps);
}

static void
encoded_init (Encoded * e)
{
  e->file = g_byte_array_new ();
  e->buffers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  e->headers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) gst_buffer_unref);
  e->caps = NULL;
}

static void
collect (GstHarness * h, Encoded * e)
{
  GstBuffer *out;

  while ((out = gst_harness_try_pull (h))) {
    GstMapInfo map;

    fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
    g_byte_array_append (e->file, map.data, map.size);
    gst_buffer_unmap (out, &map);
    if (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_HEADER)) {
      fail_unless (e->buffers->len == 0, "a header after the first frame");
      g_ptr_array_add (e->headers, out);
    } else {
      g_ptr_array_add (e->buffers, out);
    }
  }
  gst_clear_caps (&e->caps);
  e->caps = gst_pad_get_current_caps (h->sinkpad);
}

static GstHarness *
gifenc_harness (const gchar * props)
{
  return neuro_test_harness_new ("gifenc %s", props ? props : "");
}

static void
push_frames (GstHarness * h, GstVideoInfo * info, PixelFunc func, gint first,
    gint n, GstClockTime * pts, Encoded * e)
{
  gint i;

  for (i = first; i < first + n; i++) {
    GstBuffer *buf = make_buffer (info, func, i);

    if (pts) {
      GST_BUFFER_PTS (buf) = pts[i];
      GST_BUFFER_DURATION (buf) = pts[i + 1] - pts[i];
    } else {
      GST_BUFFER_PTS (buf) = gst_util_uint64_scale (i, GST_SECOND *
          info->fps_d, info->fps_n);
      GST_BUFFER_DURATION (buf) = gst_util_uint64_scale (GST_SECOND,
          info->fps_d, info->fps_n);
    }
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
    collect (h, e);
  }
}

static Encoded
encode (const gchar * props, GstVideoFormat fmt, gint w, gint hgt,
    gint fps_n, PixelFunc func, gint n, GstClockTime * pts)
{
  GstHarness *h = gifenc_harness (props);
  GstVideoInfo info;
  Encoded e;
  GstCaps *caps;

  encoded_init (&e);
  gst_video_info_set_format (&info, fmt, w, hgt);
  info.fps_n = fps_n;
  info.fps_d = 1;
  caps = gst_video_info_to_caps (&info);
  gst_harness_set_src_caps (h, caps);

  push_frames (h, &info, func, 0, n, pts, &e);
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  collect (h, &e);
  neuro_test_harness_teardown (h);
  return e;
}

/* Decodes the frames with avdec_gif and compares them to @func.  Returns
 * the PSNR over all frames (INFINITY when exact). */
static gdouble
decode_and_compare (Encoded * e, gint w, gint hgt, PixelFunc func, guint n)
{
  GstHarness *h = gst_harness_new_parse
      ("avdec_gif ! videoconvert ! capsfilter caps=video/x-raw,format=RGB");
  GstBuffer *out;
  guint i, n_out = 0;
  gdouble sq = 0.0;

  gst_harness_set_src_caps_str (h, "image/gst-libav-gif, parsed=(boolean)true");
  for (i = 0; i < e->buffers->len; i++) {
    GstBuffer *b = gst_buffer_ref (g_ptr_array_index (e->buffers, i));
    guint j;

    /* one packet per frame for avdec_gif: the header goes with the first */
    for (j = 0; i == 0 && j < e->headers->len; j++)
      b = gst_buffer_append (gst_buffer_ref (g_ptr_array_index (e->headers,
                  e->headers->len - 1 - j)), b);
    fail_unless_equals_int (gst_harness_push (h, b), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));

  while ((out = gst_harness_try_pull (h))) {
    GstCaps *caps = gst_pad_get_current_caps (h->sinkpad);
    GstVideoInfo info;
    GstVideoFrame vf;
    gint x, y;

    fail_unless (gst_video_info_from_caps (&info, caps));
    gst_caps_unref (caps);
    fail_unless_equals_int (info.width, w);
    fail_unless_equals_int (info.height, hgt);
    fail_unless (gst_video_frame_map (&vf, &info, out, GST_MAP_READ));
    for (y = 0; y < hgt; y++) {
      const guint8 *row = GST_VIDEO_FRAME_PLANE_DATA (&vf, 0) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (&vf, 0);
      for (x = 0; x < w; x++) {
        guint32 c = func (x, y, n_out);
        gint dr = row[3 * x] - (gint) ((c >> 16) & 0xff);
        gint dg = row[3 * x + 1] - (gint) ((c >> 8) & 0xff);
        gint db = row[3 * x + 2] - (gint) (c & 0xff);
        sq += dr * dr + dg * dg + db * db;
      }
    }
    gst_video_frame_unmap (&vf);
    gst_buffer_unref (out);
    n_out++;
  }
  neuro_test_harness_teardown (h);

  fail_unless_equals_int (n_out, n);
  if (sq == 0.0)
    return INFINITY;
  return 10.0 * log10 (255.0 * 255.0 / (sq / (3.0 * w * hgt * n)));
}

static GifInfo *
parse_encoded (Encoded * e)
{
  GifInfo *info = g_new0 (GifInfo, 1);

  fail_unless (parse_gif (e->file->data, e->file->len, info),
      "output is not a well-formed GIF89a stream");
  fail_unless (info->trailer, "no trailer");
  fail_if (info->junk, "bytes after the trailer");
  return info;
}

/* ---- tests ---- */

GST_START_TEST (test_header_loop_trailer)
{
  const struct
  {
    const gchar *props;
    gint loop;
  } cases[] = {
    {"", 0}, {"loop=0", 0}, {"loop=3", 3}, {"loop=65535", 65535},
    {"loop=-1", -1},
  };
  guint c;

  for (c = 0; c < G_N_ELEMENTS (cases); c++) {
    Encoded e = encode (cases[c].props, GST_VIDEO_FORMAT_BGRx, 48, 40, 10,
        pix_square, 5, NULL);
    GifInfo *info = parse_encoded (&e);

    fail_unless_equals_int (info->width, 48);
    fail_unless_equals_int (info->height, 40);
    fail_unless_equals_int (info->loop, cases[c].loop);
    fail_unless_equals_int (info->n_frames, 5);
    fail_unless_equals_int (e.buffers->len, 5);
    /* the header is a buffer of its own, the trailer is in the last frame */
    fail_unless_equals_int (e.headers->len, 1);
    fail_unless (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (e.buffers, 1),
            GST_BUFFER_FLAG_DELTA_UNIT));
    fail_if (GST_BUFFER_FLAG_IS_SET (g_ptr_array_index (e.buffers, 0),
            GST_BUFFER_FLAG_DELTA_UNIT));
    fail_unless_equals_int (e.file->data[e.file->len - 1], 0x3b);
    g_free (info);
    encoded_free (&e);
  }
}

GST_END_TEST;

GST_START_TEST (test_delays_carry_rounding)
{
  Encoded e;
  GifInfo *info;
  guint i, sum = 0;

  /* 30 fps: 3.33 cs per frame -> 3 or 4, total 333 cs for 100 frames */
  e = encode (NULL, GST_VIDEO_FORMAT_RGBA, 32, 24, 30, pix_square, 100, NULL);
  info = parse_encoded (&e);
  fail_unless_equals_int (info->n_frames, 100);
  for (i = 0; i < info->n_frames; i++) {
    fail_unless (info->delays[i] == 3 || info->delays[i] == 4,
        "frame %u: delay %u", i, info->delays[i]);
    sum += info->delays[i];
    /* never more than 5 ms off the true end time */
    fail_unless (ABS ((gint) sum * 30 - (gint) (i + 1) * 100) <= 15,
        "frame %u ends at %u cs", i, sum);
  }
  fail_unless_equals_int (sum, 333);
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

GST_START_TEST (test_delays_follow_timestamps)
{
  /* a gap between frames 1 and 2: frame 1 shows until frame 2 starts */
  GstClockTime pts[] = { 0, 100 * GST_MSECOND, 500 * GST_MSECOND,
    520 * GST_MSECOND, 770 * GST_MSECOND
  };
  Encoded e = encode (NULL, GST_VIDEO_FORMAT_RGB, 20, 20, 0, pix_square, 4,
      pts);
  GifInfo *info = parse_encoded (&e);

  fail_unless_equals_int (info->n_frames, 4);
  fail_unless_equals_int (info->delays[0], 10);
  fail_unless_equals_int (info->delays[1], 40);
  fail_unless_equals_int (info->delays[2], 2);
  fail_unless_equals_int (info->delays[3], 25);      /* its duration */
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

GST_START_TEST (test_256_colours_exact)
{
  const gchar *props[] = { "", "dither=true" };
  guint p;

  for (p = 0; p < G_N_ELEMENTS (props); p++) {
    Encoded e = encode (props[p], GST_VIDEO_FORMAT_BGRA, 64, 64, 25, pix_256,
        6, NULL);
    GifInfo *info = parse_encoded (&e);

    fail_unless_equals_int (info->n_frames, 6);
    fail_unless (info->global_table);
    fail_unless (isinf (decode_and_compare (&e, 64, 64, pix_256, 6)),
        "a 256-colour animation does not round-trip exactly (%s)", props[p]);
    g_free (info);
    encoded_free (&e);
  }
}

GST_END_TEST;

GST_START_TEST (test_formats_and_strides_exact)
{
  const GstVideoFormat fmts[] = { GST_VIDEO_FORMAT_RGBA,
    GST_VIDEO_FORMAT_BGRA, GST_VIDEO_FORMAT_ARGB, GST_VIDEO_FORMAT_ABGR,
    GST_VIDEO_FORMAT_RGBx, GST_VIDEO_FORMAT_BGRx, GST_VIDEO_FORMAT_xRGB,
    GST_VIDEO_FORMAT_xBGR, GST_VIDEO_FORMAT_RGB, GST_VIDEO_FORMAT_BGR
  };
  guint f;

  /* width 37: RGB rows are padded to a multiple of 4 bytes */
  for (f = 0; f < G_N_ELEMENTS (fmts); f++) {
    Encoded e = encode (NULL, fmts[f], 37, 29, 10, pix_square, 4, NULL);

    fail_unless (isinf (decode_and_compare (&e, 37, 29, pix_square, 4)),
        "%s input is not encoded exactly",
        gst_video_format_to_string (fmts[f]));
    encoded_free (&e);
  }
}

GST_END_TEST;

GST_START_TEST (test_changed_rectangle_only)
{
  Encoded e = encode (NULL, GST_VIDEO_FORMAT_BGRx, 100, 80, 10, pix_square, 3,
      NULL);
  GifInfo *info = parse_encoded (&e);
  GstBuffer *b0 = g_ptr_array_index (e.buffers, 0);
  GstBuffer *b1 = g_ptr_array_index (e.buffers, 1);

  fail_unless_equals_int (info->rect[0][2], 100);
  fail_unless_equals_int (info->rect[0][3], 80);
  /* frame 1: the square moved from (5,7) to (8,9), 12x10 */
  fail_unless_equals_int (info->rect[1][0], 5);
  fail_unless_equals_int (info->rect[1][1], 7);
  fail_unless_equals_int (info->rect[1][2], 15);
  fail_unless_equals_int (info->rect[1][3], 12);
  fail_unless (gst_buffer_get_size (b1) * 3 < gst_buffer_get_size (b0));
  fail_unless (isinf (decode_and_compare (&e, 100, 80, pix_square, 3)));
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

GST_START_TEST (test_identical_frames_kept)
{
  /* frames 0..4 identical: still one GIF frame each, tiny */
  Encoded e;
  GstHarness *h;
  GstVideoInfo vinfo;
  GifInfo *info;
  gint i;

  encoded_init (&e);
  h = gifenc_harness (NULL);
  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_RGBx, 64, 48);
  vinfo.fps_n = 10;
  vinfo.fps_d = 1;
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&vinfo));
  for (i = 0; i < 5; i++) {
    GstBuffer *buf = make_buffer (&vinfo, pix_noise, 0);
    GST_BUFFER_PTS (buf) = i * 100 * GST_MSECOND;
    GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  collect (h, &e);
  neuro_test_harness_teardown (h);

  info = parse_encoded (&e);
  fail_unless_equals_int (info->n_frames, 5);
  for (i = 1; i < 5; i++) {
    fail_unless_equals_int (info->delays[i], 10);
    fail_unless (gst_buffer_get_size (g_ptr_array_index (e.buffers, i)) < 40);
  }
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

static guint32
pix_noise_still (gint x, gint y, gint frame)
{
  return pix_noise (x, y, 0);
}

GST_START_TEST (test_lzw_table_resets)
{
  /* 200 colours of noise at 300x200: many table resets, must stay exact */
  Encoded e = encode (NULL, GST_VIDEO_FORMAT_RGB, 300, 200, 10, pix_noise, 3,
      NULL);

  fail_unless (isinf (decode_and_compare (&e, 300, 200, pix_noise, 3)));
  encoded_free (&e);

  e = encode (NULL, GST_VIDEO_FORMAT_RGB, 300, 200, 10, pix_noise_still, 2,
      NULL);
  fail_unless (isinf (decode_and_compare (&e, 300, 200, pix_noise_still, 2)));
  encoded_free (&e);
}

GST_END_TEST;

GST_START_TEST (test_many_colours_quality)
{
  const gchar *props[] = { "", "dither=true", "speed=10", "speed=1" };
  guint p;

  for (p = 0; p < G_N_ELEMENTS (props); p++) {
    Encoded e = encode (props[p], GST_VIDEO_FORMAT_RGBA, 128, 96, 10,
        pix_gradient, 8, NULL);
    GifInfo *info = parse_encoded (&e);
    gdouble psnr = decode_and_compare (&e, 128, 96, pix_gradient, 8);

    GST_INFO ("%s: %u bytes, PSNR %.2f dB", props[p], e.file->len, psnr);
    fail_unless_equals_int (info->n_frames, 8);
    fail_unless (psnr > 32.0, "%s: PSNR %.2f dB", props[p], psnr);
    fail_if (isinf (psnr));     /* 12k colours cannot be exact */
    g_free (info);
    encoded_free (&e);
  }
}

GST_END_TEST;

GST_START_TEST (test_size_change_is_an_error)
{
  GstHarness *h = gifenc_harness (NULL);
  GstVideoInfo vinfo;
  GstBuffer *buf;

  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_RGBA, 32, 32);
  vinfo.fps_n = 10;
  vinfo.fps_d = 1;
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&vinfo));
  buf = make_buffer (&vinfo, pix_square, 0);
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);

  /* same size, other format: continues */
  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_BGRx, 32, 32);
  vinfo.fps_n = 10;
  vinfo.fps_d = 1;
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&vinfo));
  buf = make_buffer (&vinfo, pix_square, 1);
  GST_BUFFER_PTS (buf) = 100 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);

  /* other size: refused with an error message */
  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_BGRx, 16, 32);
  vinfo.fps_n = 10;
  vinfo.fps_d = 1;
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&vinfo));
  buf = make_buffer (&vinfo, pix_square, 2);
  GST_BUFFER_PTS (buf) = 200 * GST_MSECOND;
  fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_NOT_NEGOTIATED);

  /* an error message for the size change */
  g_free (neuro_test_expect_error (neuro_test_harness_bus (h), "32x32",
          NULL));
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_short_buffer_is_an_error)
{
  GstHarness *h = gifenc_harness (NULL);

  gst_harness_set_src_caps_str (h, "video/x-raw, format=RGBA, width=32, "
      "height=32, framerate=10/1");
  /* 100 bytes where 4096 are expected: an error, not a crash */
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_new_allocate (NULL,
              100, NULL)), GST_FLOW_ERROR);
  g_free (neuro_test_expect_error (neuro_test_harness_bus (h), NULL));
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_flush_restarts_cleanly)
{
  GstHarness *h = gifenc_harness (NULL);
  GstVideoInfo vinfo;
  Encoded e;
  GifInfo *info;
  gint i;

  encoded_init (&e);
  gst_video_info_set_format (&vinfo, GST_VIDEO_FORMAT_RGBA, 40, 30);
  vinfo.fps_n = 10;
  vinfo.fps_d = 1;
  gst_harness_set_src_caps (h, gst_video_info_to_caps (&vinfo));
  push_frames (h, &vinfo, pix_square, 0, 3, NULL, &e);
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_start ()));
  fail_unless (gst_harness_push_event (h, gst_event_new_flush_stop (TRUE)));
  {
    GstSegment seg;
    gst_segment_init (&seg, GST_FORMAT_TIME);
    fail_unless (gst_harness_push_event (h, gst_event_new_segment (&seg)));
  }
  for (i = 3; i < 6; i++) {
    GstBuffer *buf = make_buffer (&vinfo, pix_square, i);
    GST_BUFFER_PTS (buf) = i * 100 * GST_MSECOND;
    GST_BUFFER_DURATION (buf) = 100 * GST_MSECOND;
    fail_unless_equals_int (gst_harness_push (h, buf), GST_FLOW_OK);
  }
  fail_unless (gst_harness_push_event (h, gst_event_new_eos ()));
  collect (h, &e);
  neuro_test_harness_teardown (h);

  /* the frame held at the flush is dropped; the rest is a valid GIF */
  info = parse_encoded (&e);
  fail_unless_equals_int (info->n_frames, 5);
  fail_unless_equals_int (info->rect[2][2], 40);        /* whole frame */
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

/* The header (GIF89a, screen descriptor, global table, NETSCAPE loop) is
 * a HEADER buffer pushed first and the streamheader of the caps, so that
 * tcpserversink can give it to a client that joins late. */
GST_START_TEST (test_streamheader)
{
  Encoded e = encode ("loop=3", GST_VIDEO_FORMAT_BGRx, 48, 40, 10,
      pix_square, 4, NULL);
  const GstStructure *st;
  const GValue *sh;
  GstBuffer *hdr, *first;
  GstMapInfo map;
  GifInfo *info = parse_encoded (&e);
  gsize table;

  fail_unless_equals_int (info->n_frames, 4);
  fail_unless (info->global_table);
  fail_unless_equals_int (e.headers->len, 1);
  fail_unless_equals_int (e.buffers->len, 4);
  hdr = g_ptr_array_index (e.headers, 0);
  first = g_ptr_array_index (e.buffers, 0);
  fail_unless (GST_BUFFER_FLAG_IS_SET (hdr, GST_BUFFER_FLAG_HEADER));
  fail_if (GST_BUFFER_FLAG_IS_SET (first, GST_BUFFER_FLAG_HEADER));

  /* the header buffer: exactly what a decoder needs before a frame */
  fail_unless (gst_buffer_map (hdr, &map, GST_MAP_READ));
  fail_unless (map.size > 13 && memcmp (map.data, "GIF89a", 6) == 0);
  fail_unless_equals_int (read_le16 (map.data + 6), 48);
  fail_unless_equals_int (read_le16 (map.data + 8), 40);
  fail_unless (map.data[10] & 0x80, "no global colour table");
  table = 3 * (2u << (map.data[10] & 7));
  fail_unless_equals_int (map.size, 13 + table + 19);
  fail_unless (memcmp (map.data + 13 + table, "\x21\xff\x0bNETSCAPE2.0"
          "\x03\x01\x03\x00\x00", 19) == 0, "no NETSCAPE loop extension");
  /* and the start of the file */
  fail_unless (memcmp (e.file->data, map.data, map.size) == 0);
  gst_buffer_unmap (hdr, &map);
  /* frames start with their graphic control extension */
  fail_unless (gst_buffer_map (first, &map, GST_MAP_READ));
  fail_unless (map.data[0] == 0x21 && map.data[1] == 0xf9);
  gst_buffer_unmap (first, &map);

  /* the caps carry the same bytes */
  fail_unless (e.caps != NULL);
  st = gst_caps_get_structure (e.caps, 0);
  sh = gst_structure_get_value (st, "streamheader");
  fail_unless (sh != NULL && GST_VALUE_HOLDS_ARRAY (sh), "no streamheader in "
      "%" GST_PTR_FORMAT, e.caps);
  fail_unless_equals_int (gst_value_array_get_size (sh), 1);
  {
    GstBuffer *cb = gst_value_get_buffer (gst_value_array_get_value (sh, 0));
    GstMapInfo a, b;

    fail_unless (GST_BUFFER_FLAG_IS_SET (cb, GST_BUFFER_FLAG_HEADER));
    fail_unless (gst_buffer_map (cb, &a, GST_MAP_READ));
    fail_unless (gst_buffer_map (hdr, &b, GST_MAP_READ));
    fail_unless_equals_int (a.size, b.size);
    fail_unless (memcmp (a.data, b.data, a.size) == 0);
    gst_buffer_unmap (cb, &a);
    gst_buffer_unmap (hdr, &b);
  }
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

/* key-int-max=3: frames 0, 3, 6 are whole (sync points), the others only
 * their changed rectangle. */
GST_START_TEST (test_key_int_max)
{
  Encoded e = encode ("key-int-max=3", GST_VIDEO_FORMAT_BGRx, 48, 40, 10,
      pix_square, 8, NULL);
  GifInfo *info = parse_encoded (&e);
  guint i;

  fail_unless_equals_int (info->n_frames, 8);
  for (i = 0; i < 8; i++) {
    gboolean key = i % 3 == 0;
    GstBuffer *b = g_ptr_array_index (e.buffers, i);

    fail_unless_equals_int (!GST_BUFFER_FLAG_IS_SET (b,
            GST_BUFFER_FLAG_DELTA_UNIT), key);
    if (key) {
      fail_unless_equals_int (info->rect[i][2], 48);
      fail_unless_equals_int (info->rect[i][3], 40);
    } else {
      fail_unless (info->rect[i][2] * info->rect[i][3] < 48 * 40,
          "frame %u is whole", i);
    }
  }
  fail_unless (isinf (decode_and_compare (&e, 48, 40, pix_square, 8)));
  g_free (info);
  encoded_free (&e);
}

GST_END_TEST;

/* A 20000x20000 picture would need 6 GB of frame buffers: refused when
 * the caps arrive, with the size and the limit. */
GST_START_TEST (test_huge_picture_is_an_error)
{
  GstHarness *h = gifenc_harness (NULL);

  gst_harness_set_src_caps_str (h, "video/x-raw, format=RGB, width=20000, "
      "height=20000, framerate=10/1");
  fail_if (gst_harness_push (h, gst_buffer_new_allocate (NULL, 100,
              NULL)) == GST_FLOW_OK);
  /* an error for a 20000x20000 picture */
  g_free (neuro_test_expect_error (neuro_test_harness_bus (h), "20000x20000",
          "at most 268435456", NULL));
  neuro_test_harness_teardown (h);
}

GST_END_TEST;

static Suite *
gifenc_suite (void)
{
  Suite *s = suite_create ("gifenc");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_header_loop_trailer);
  tcase_add_test (tc, test_delays_carry_rounding);
  tcase_add_test (tc, test_delays_follow_timestamps);
  tcase_add_test (tc, test_256_colours_exact);
  tcase_add_test (tc, test_formats_and_strides_exact);
  tcase_add_test (tc, test_changed_rectangle_only);
  tcase_add_test (tc, test_identical_frames_kept);
  tcase_add_test (tc, test_lzw_table_resets);
  tcase_add_test (tc, test_many_colours_quality);
  tcase_add_test (tc, test_size_change_is_an_error);
  tcase_add_test (tc, test_short_buffer_is_an_error);
  tcase_add_test (tc, test_flush_restarts_cleanly);
  tcase_add_test (tc, test_streamheader);
  tcase_add_test (tc, test_key_int_max);
  tcase_add_test (tc, test_huge_picture_is_an_error);
  return s;
}

GST_CHECK_MAIN (gifenc);
