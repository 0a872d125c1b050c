/* gst-neuroviz — htmlplayersink, a movie in one self-contained HTML page
 * SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-htmlplayersink
 * @title: htmlplayersink
 *
 * Writes one self-contained HTML page that plays the movie, like
 * matplotlib's `Animation.to_jshtml()`: play, play backwards, pause, step,
 * first and last frame, a frame slider, a speed control, loop / once /
 * reflect, the time of the frame shown (from the buffer PTS) and keyboard
 * shortcuts (space, arrows, Home/End, +/-).  No network access: the
 * frames, the script and the style sheet are all in the file.
 *
 * - `image/png` and `image/jpeg` frames (put `pngenc` or `jpegenc` in
 *   front) are base64-encoded straight into the file as they arrive, one
 *   inert `<script type="text/x-nvhp">` element each; the player script and
 *   the closing tags are written at EOS.  Memory does not grow with the
 *   movie.
 * - `video/webm` and `video/mp4` (the output of `webmmux`, or of `mp4mux`
 *   with `faststart=true` or `fragment-duration`) become one `<video>` element
 *   with a data URI, played by the browser's own controls.
 * - The file never grows beyond #GstHtmlPlayerSink:max-size: the frame that
 *   would exceed it is refused with an error, or, with `on-limit=stop`,
 *   it and all later frames are dropped with a warning.  Either way the page
 *   is finished (script and closing tags) when the element stops, so what
 *   was written always opens.
 * - At EOS an element message `htmlplayersink` gives `location`, `bytes`,
 *   `frames`, `dropped` and `duration`; #GstHtmlPlayerSink:bytes-written
 *   can be read at any time.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 neurosrc pattern=poisson units=30 duration=3000000000 ! \
 *     spikeraster ! videoconvert ! pngenc ! \
 *     htmlplayersink location=raster.html
 * ]|
 * |[
 * gst-launch-1.0 videotestsrc num-buffers=90 ! vp8enc ! webmmux ! \
 *     htmlplayersink location=movie.html
 * ]|
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "gsthtmlplayersink.h"
#include "neuroinput.h"
#include "elements/htmlplayersink/htmlplayer-page.h"

GST_DEBUG_CATEGORY_STATIC (gst_html_player_sink_debug);
#define GST_CAT_DEFAULT gst_html_player_sink_debug

#define DEFAULT_LOCATION NULL
#define DEFAULT_MAX_SIZE (G_GUINT64_CONSTANT (200) * 1024 * 1024)
#define DEFAULT_ON_LIMIT GST_HTML_PLAYER_SINK_ON_LIMIT_ERROR
#define DEFAULT_TITLE "gst-neuroviz movie"
#define DEFAULT_MODE GST_HTML_PLAYER_SINK_MODE_LOOP
#define DEFAULT_SPEED 1.0
#define DEFAULT_AUTOPLAY FALSE

/* input bytes base64-encoded per write; a multiple of 3 */
#define B64_CHUNK (48 * 1024)
#define B64_OUT_SIZE ((B64_CHUNK / 3 + 1) * 4 + 4)

#define FRAME_CLOSE "</script>\n"
#define VIDEO_CLOSE "\"></video>\n"

enum
{
  PROP_0,
  PROP_LOCATION,
  PROP_MAX_SIZE,
  PROP_ON_LIMIT,
  PROP_BYTES_WRITTEN,
  PROP_FRAMES_WRITTEN,
  PROP_TITLE,
  PROP_MODE,
  PROP_SPEED,
  PROP_AUTOPLAY,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK,
    GST_PAD_ALWAYS,
    GST_STATIC_CAPS ("image/png; image/jpeg; video/webm; video/mp4; "
        "video/quicktime, variant = (string) iso"));

struct _GstHtmlPlayerSink
{
  GstBaseSink parent;

  /* properties, under the object lock */
  gchar *location;
  guint64 max_size;
  GstHtmlPlayerSinkOnLimit on_limit;
  gchar *title;
  GstHtmlPlayerSinkMode mode;
  gdouble speed;
  gboolean autoplay;

  /* counters, written by the streaming thread under the object lock */
  guint64 bytes_written;
  guint frames;
  guint dropped;

  /* streaming state */
  FILE *file;
  gchar *path;                  /* location as opened, for messages */
  gchar *id;                    /* id of the player's root element */
  gchar *trailer;               /* player script and closing tags */
  gsize trailer_len;
  gchar *b64_out;
  gint b64_state, b64_save;
  const gchar *mime;            /* interned media type of the caps */
  gint fps_n, fps_d;
  gboolean is_video;            /* the caps are an encoded movie */
  gboolean have_frames;         /* image frames were written */
  gboolean video_open;          /* inside the <video> data URI */
  gboolean video_skip;          /* upstream is rewriting written bytes */
  guint64 video_start;          /* file offset of the base64 data */
  guint64 video_in;             /* bytes of the movie encoded so far */
  gboolean full;                /* max-size reached with on-limit=stop */
  gboolean finished;            /* trailer written */
  GstClockTime first_time, end_time;
};

#define gst_html_player_sink_parent_class parent_class
G_DEFINE_TYPE (GstHtmlPlayerSink, gst_html_player_sink, GST_TYPE_BASE_SINK);
GST_ELEMENT_REGISTER_DEFINE_WITH_CODE (htmlplayersink, "htmlplayersink",
    GST_RANK_NONE, GST_TYPE_HTML_PLAYER_SINK,
    GST_DEBUG_CATEGORY_INIT (gst_html_player_sink_debug, "htmlplayersink", 0,
        "movie as a self-contained HTML player"));

static void gst_html_player_sink_finalize (GObject * object);
static void gst_html_player_sink_set_property (GObject * object,
    guint prop_id, const GValue * value, GParamSpec * pspec);
static void gst_html_player_sink_get_property (GObject * object,
    guint prop_id, GValue * value, GParamSpec * pspec);
static gboolean gst_html_player_sink_start (GstBaseSink * bsink);
static gboolean gst_html_player_sink_stop (GstBaseSink * bsink);
static gboolean gst_html_player_sink_set_caps (GstBaseSink * bsink,
    GstCaps * caps);
static gboolean gst_html_player_sink_event (GstBaseSink * bsink,
    GstEvent * event);
static gboolean gst_html_player_sink_query (GstBaseSink * bsink,
    GstQuery * query);
static GstFlowReturn gst_html_player_sink_render (GstBaseSink * bsink,
    GstBuffer * buffer);

static GType
gst_html_player_sink_mode_get_type (void)
{
  static GType type = 0;

  if (g_once_init_enter (&type)) {
    static const GEnumValue values[] = {
      {GST_HTML_PLAYER_SINK_MODE_LOOP, "Start again after the last frame",
          "loop"},
      {GST_HTML_PLAYER_SINK_MODE_ONCE, "Stop at the last frame", "once"},
      {GST_HTML_PLAYER_SINK_MODE_REFLECT,
          "Play backwards from the last frame, forwards from the first",
          "reflect"},
      {0, NULL, NULL}
    };
    g_once_init_leave (&type, g_enum_register_static ("GstHtmlPlayerSinkMode",
            values));
  }
  return type;
}

static GType
gst_html_player_sink_on_limit_get_type (void)
{
  static GType type = 0;

  if (g_once_init_enter (&type)) {
    static const GEnumValue values[] = {
      {GST_HTML_PLAYER_SINK_ON_LIMIT_ERROR,
          "Post an error and stop the pipeline", "error"},
      {GST_HTML_PLAYER_SINK_ON_LIMIT_STOP,
          "Post a warning and drop this and all later frames", "stop"},
      {0, NULL, NULL}
    };
    g_once_init_leave (&type,
        g_enum_register_static ("GstHtmlPlayerSinkOnLimit", values));
  }
  return type;
}

static void
gst_html_player_sink_class_init (GstHtmlPlayerSinkClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseSinkClass *bsink_class = GST_BASE_SINK_CLASS (klass);

  gobject_class->finalize = gst_html_player_sink_finalize;
  gobject_class->set_property = gst_html_player_sink_set_property;
  gobject_class->get_property = gst_html_player_sink_get_property;

  g_object_class_install_property (gobject_class, PROP_LOCATION,
      g_param_spec_string ("location", "Location",
          "HTML file to write (overwritten)", DEFAULT_LOCATION,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MAX_SIZE,
      g_param_spec_uint64 ("max-size", "Maximum size",
          "Largest file to write, in bytes, player included; the frame that "
          "would exceed it is refused (see on-limit)", 1, G_MAXUINT64,
          DEFAULT_MAX_SIZE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_ON_LIMIT,
      g_param_spec_enum ("on-limit", "On limit",
          "What to do when the next frame would exceed max-size; the page "
          "is finished and opens either way",
          gst_html_player_sink_on_limit_get_type (), DEFAULT_ON_LIMIT,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_PLAYING));
  g_object_class_install_property (gobject_class, PROP_BYTES_WRITTEN,
      g_param_spec_uint64 ("bytes-written", "Bytes written",
          "Size of the file so far (the player script and closing tags are "
          "added at EOS)", 0, G_MAXUINT64, 0,
          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_FRAMES_WRITTEN,
      g_param_spec_uint ("frames-written", "Frames written",
          "Frames (or encoded movie buffers) embedded so far", 0, G_MAXUINT,
          0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_TITLE,
      g_param_spec_string ("title", "Title", "Title of the page",
          DEFAULT_TITLE, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_MODE,
      g_param_spec_enum ("mode", "Mode",
          "What the player does at the ends when playing (the viewer can "
          "change it)", gst_html_player_sink_mode_get_type (), DEFAULT_MODE,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_SPEED,
      g_param_spec_double ("speed", "Speed",
          "Initial playback speed, 1 = the stream's timestamps (the viewer "
          "halves and doubles it with - and +)", 1.0 / 64, 64.0,
          DEFAULT_SPEED, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));
  g_object_class_install_property (gobject_class, PROP_AUTOPLAY,
      g_param_spec_boolean ("autoplay", "Autoplay",
          "Start playing when the page is opened", DEFAULT_AUTOPLAY,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
          GST_PARAM_MUTABLE_READY));

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_set_static_metadata (element_class,
      "HTML movie player sink", "Sink/File",
      "Writes PNG/JPEG frames or a WebM/MP4 movie into one self-contained "
      "HTML page with a player (play, step, slider, speed, loop)",
      "gst-neuroviz developers");

  bsink_class->start = GST_DEBUG_FUNCPTR (gst_html_player_sink_start);
  bsink_class->stop = GST_DEBUG_FUNCPTR (gst_html_player_sink_stop);
  bsink_class->set_caps = GST_DEBUG_FUNCPTR (gst_html_player_sink_set_caps);
  bsink_class->event = GST_DEBUG_FUNCPTR (gst_html_player_sink_event);
  bsink_class->query = GST_DEBUG_FUNCPTR (gst_html_player_sink_query);
  bsink_class->render = GST_DEBUG_FUNCPTR (gst_html_player_sink_render);

  gst_type_mark_as_plugin_api (gst_html_player_sink_mode_get_type (), 0);
  gst_type_mark_as_plugin_api (gst_html_player_sink_on_limit_get_type (), 0);
}

static void
gst_html_player_sink_init (GstHtmlPlayerSink * self)
{
  self->location = g_strdup (DEFAULT_LOCATION);
  self->max_size = DEFAULT_MAX_SIZE;
  self->on_limit = DEFAULT_ON_LIMIT;
  self->title = g_strdup (DEFAULT_TITLE);
  self->mode = DEFAULT_MODE;
  self->speed = DEFAULT_SPEED;
  self->autoplay = DEFAULT_AUTOPLAY;
  /* a file writer: as fast as the data comes, like filesink */
  gst_base_sink_set_sync (GST_BASE_SINK (self), FALSE);
}

static void
gst_html_player_sink_finalize (GObject * object)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (object);

  g_free (self->location);
  g_free (self->title);
  G_OBJECT_CLASS (parent_class)->finalize (object);
}

static void
gst_html_player_sink_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_free (self->location);
      self->location = g_value_dup_string (value);
      break;
    case PROP_MAX_SIZE:
      self->max_size = g_value_get_uint64 (value);
      break;
    case PROP_ON_LIMIT:
      self->on_limit = g_value_get_enum (value);
      break;
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;
    case PROP_MODE:
      self->mode = g_value_get_enum (value);
      break;
    case PROP_SPEED:
      self->speed = g_value_get_double (value);
      break;
    case PROP_AUTOPLAY:
      self->autoplay = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_html_player_sink_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_LOCATION:
      g_value_set_string (value, self->location);
      break;
    case PROP_MAX_SIZE:
      g_value_set_uint64 (value, self->max_size);
      break;
    case PROP_ON_LIMIT:
      g_value_set_enum (value, self->on_limit);
      break;
    case PROP_BYTES_WRITTEN:
      g_value_set_uint64 (value, self->bytes_written);
      break;
    case PROP_FRAMES_WRITTEN:
      g_value_set_uint (value, self->frames);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    case PROP_AUTOPLAY:
      g_value_set_boolean (value, self->autoplay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

/* ---- writing ---- */

static gboolean
gst_html_player_sink_write (GstHtmlPlayerSink * self, const void *data,
    gsize len)
{
  if (len > 0 && fwrite (data, 1, len, self->file) != len) {
    int err = errno;

    GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
        ("Could not write to the HTML file \"%s\": %s.", self->path,
            g_strerror (err)), ("fwrite failed after %" G_GUINT64_FORMAT
            " bytes", self->bytes_written));
    return FALSE;
  }
  GST_OBJECT_LOCK (self);
  self->bytes_written += len;
  GST_OBJECT_UNLOCK (self);
  return TRUE;
}

static gboolean
gst_html_player_sink_write_str (GstHtmlPlayerSink * self, const gchar * s)
{
  return gst_html_player_sink_write (self, s, strlen (s));
}

/* base64 straight into the file, a chunk at a time; the encoder state
 * carries over between calls, so a movie may arrive in pieces of any size */
static gboolean
gst_html_player_sink_write_base64 (GstHtmlPlayerSink * self,
    const guint8 * data, gsize len)
{
  gsize off;

  for (off = 0; off < len; off += B64_CHUNK) {
    gsize n = MIN (B64_CHUNK, len - off);
    gsize out = g_base64_encode_step (data + off, n, FALSE, self->b64_out,
        &self->b64_state, &self->b64_save);

    if (!gst_html_player_sink_write (self, self->b64_out, out))
      return FALSE;
  }
  return TRUE;
}

static gboolean
gst_html_player_sink_write_base64_close (GstHtmlPlayerSink * self)
{
  gsize out = g_base64_encode_close (FALSE, self->b64_out, &self->b64_state,
      &self->b64_save);

  self->b64_state = self->b64_save = 0;
  return gst_html_player_sink_write (self, self->b64_out, out);
}

static inline guint64
base64_len (guint64 n)
{
  return (n + 2) / 3 * 4;
}

static const gchar *
mode_nick (GstHtmlPlayerSinkMode mode)
{
  switch (mode) {
    case GST_HTML_PLAYER_SINK_MODE_ONCE:
      return "once";
    case GST_HTML_PLAYER_SINK_MODE_REFLECT:
      return "reflect";
    default:
      return "loop";
  }
}

static gchar *
gst_html_player_sink_make_header (GstHtmlPlayerSink * self,
    const gchar * title, GstHtmlPlayerSinkMode mode, gdouble speed,
    gboolean autoplay)
{
  gchar *etitle = g_markup_escape_text (title ? title : "", -1);
  gchar speed_str[G_ASCII_DTOSTR_BUF_SIZE];
  const gchar *m = mode_nick (mode);
  const gchar *ck = " checked";
  gchar *s;

  g_ascii_dtostr (speed_str, sizeof (speed_str), speed);
  s = g_strdup_printf ("<!DOCTYPE html>\n"
      "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"gst-neuroviz htmlplayersink\">\n"
      "<title>%s</title>\n</head>\n<body>\n"
      "<div class=\"nvhp\" id=\"%s\" tabindex=\"0\" data-mode=\"%s\" "
      "data-speed=\"%s\" data-autoplay=\"%d\" data-state=\"loading\" "
      "data-frame=\"-1\">\n"
      "<style>\n%s</style>\n"
      "<div class=\"nvhp-view\"><img class=\"nvhp-img\" alt=\"movie "
      "frame\"></div>\n"
      "<div class=\"nvhp-ctl\">\n"
      "<input class=\"nvhp-slider\" type=\"range\" min=\"0\" max=\"0\" "
      "step=\"1\" value=\"0\" aria-label=\"frame\">\n"
      "<div class=\"nvhp-buttons\">\n"
      "<button type=\"button\" data-act=\"slower\" title=\"slower (-)\" "
      "aria-label=\"slower\">&minus;</button>\n"
      "<button type=\"button\" class=\"nvhp-step\" data-act=\"first\" "
      "title=\"first frame (Home)\" aria-label=\"first frame\">"
      "|&#9664;&#9664;</button>\n"
      "<button type=\"button\" class=\"nvhp-step\" data-act=\"prev\" "
      "title=\"previous frame (&larr;)\" aria-label=\"previous frame\">"
      "|&#9664;</button>\n"
      "<button type=\"button\" class=\"nvhp-step\" data-act=\"reverse\" "
      "title=\"play backwards\" aria-label=\"play backwards\">&#9664;"
      "</button>\n"
      "<button type=\"button\" data-act=\"pause\" title=\"pause (space)\" "
      "aria-label=\"pause\">&#10074;&#10074;</button>\n"
      "<button type=\"button\" data-act=\"play\" title=\"play (space)\" "
      "aria-label=\"play\">&#9654;</button>\n"
      "<button type=\"button\" class=\"nvhp-step\" data-act=\"next\" "
      "title=\"next frame (&rarr;)\" aria-label=\"next frame\">&#9654;|"
      "</button>\n"
      "<button type=\"button\" class=\"nvhp-step\" data-act=\"last\" "
      "title=\"last frame (End)\" aria-label=\"last frame\">"
      "&#9654;&#9654;|</button>\n"
      "<button type=\"button\" data-act=\"faster\" title=\"faster (+)\" "
      "aria-label=\"faster\">+</button>\n"
      "</div>\n"
      "<div class=\"nvhp-info\"><span class=\"nvhp-time\">t = &ndash;"
      "</span> &middot; <span class=\"nvhp-count\">frame &ndash;</span> "
      "&middot; <span class=\"nvhp-speed\">1&times;</span></div>\n"
      "<div class=\"nvhp-modes\">"
      "<label><input type=\"radio\" name=\"%s-mode\" value=\"loop\"%s> "
      "loop</label>"
      "<label><input type=\"radio\" name=\"%s-mode\" value=\"once\"%s> "
      "once</label>"
      "<label><input type=\"radio\" name=\"%s-mode\" value=\"reflect\"%s> "
      "reflect</label></div>\n"
      "</div>\n"
      "<div class=\"nvhp-frames\">\n",
      etitle, self->id, m, speed_str, autoplay ? 1 : 0, htmlplayer_css,
      self->id, mode == GST_HTML_PLAYER_SINK_MODE_LOOP ? ck : "",
      self->id, mode == GST_HTML_PLAYER_SINK_MODE_ONCE ? ck : "",
      self->id, mode == GST_HTML_PLAYER_SINK_MODE_REFLECT ? ck : "");
  g_free (etitle);
  return s;
}

/* The frames div, the player script (called with the root's id) and the
 * closing tags.  Its length is reserved from max-size from the start. */
static gchar *
gst_html_player_sink_make_trailer (GstHtmlPlayerSink * self)
{
  return g_strdup_printf ("</div>\n<script>\n%s(\"%s\");\n</script>\n"
      "</div>\n</body>\n</html>\n", htmlplayer_js, self->id);
}

/* Writes what is missing for a complete page; the EOS message is posted by
 * the caller. */
static gboolean
gst_html_player_sink_finish (GstHtmlPlayerSink * self)
{
  gboolean ok = TRUE;

  if (self->finished || self->file == NULL)
    return TRUE;
  self->finished = TRUE;
  if (self->video_open) {
    ok = gst_html_player_sink_write_base64_close (self)
        && gst_html_player_sink_write_str (self, VIDEO_CLOSE);
    self->video_open = FALSE;
  }
  ok = ok && gst_html_player_sink_write (self, self->trailer,
      self->trailer_len);
  if (ok && fflush (self->file) != 0) {
    int err = errno;

    GST_ELEMENT_ERROR (self, RESOURCE, WRITE,
        ("Could not write to the HTML file \"%s\": %s.", self->path,
            g_strerror (err)), ("fflush failed"));
    ok = FALSE;
  }
  return ok;
}

/* ---- GstBaseSink ---- */

/* GstBaseSink does not call stop() when start() fails */
static void
gst_html_player_sink_clear (GstHtmlPlayerSink * self)
{
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->trailer, g_free);
  g_clear_pointer (&self->b64_out, g_free);
}

static gboolean
gst_html_player_sink_start (GstBaseSink * bsink)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (bsink);
  gchar *title, *header;
  GstHtmlPlayerSinkMode mode;
  gdouble speed;
  gboolean autoplay;
  guint64 max_size;
  gsize header_len;

  GST_OBJECT_LOCK (self);
  self->path = g_strdup (self->location);
  title = g_strdup (self->title);
  mode = self->mode;
  speed = self->speed;
  autoplay = self->autoplay;
  max_size = self->max_size;
  self->bytes_written = 0;
  self->frames = 0;
  self->dropped = 0;
  GST_OBJECT_UNLOCK (self);

  if (self->path == NULL || self->path[0] == '\0') {
    GST_ELEMENT_ERROR (self, RESOURCE, NOT_FOUND,
        ("No file name given: set the location property of htmlplayersink."),
        (NULL));
    g_free (title);
    gst_html_player_sink_clear (self);
    return FALSE;
  }

  self->id = g_strdup_printf ("nvhp-%08x%08x", g_random_int (),
      g_random_int ());
  self->trailer = gst_html_player_sink_make_trailer (self);
  self->trailer_len = strlen (self->trailer);
  header = gst_html_player_sink_make_header (self, title, mode, speed,
      autoplay);
  header_len = strlen (header);
  g_free (title);

  if (header_len + self->trailer_len > max_size) {
    GST_ELEMENT_ERROR (self, RESOURCE, SETTINGS,
        ("max-size %" G_GUINT64_FORMAT " bytes is too small for the player "
            "itself (%" G_GSIZE_FORMAT " bytes without any frame).",
            max_size, header_len + self->trailer_len), (NULL));
    g_free (header);
    gst_html_player_sink_clear (self);
    return FALSE;
  }

  self->file = g_fopen (self->path, "wb");
  if (self->file == NULL) {
    int err = errno;

    GST_ELEMENT_ERROR (self, RESOURCE, OPEN_WRITE,
        ("Could not open \"%s\" for writing: %s.", self->path,
            g_strerror (err)), (NULL));
    g_free (header);
    gst_html_player_sink_clear (self);
    return FALSE;
  }
  setvbuf (self->file, NULL, _IOFBF, 256 * 1024);
  self->b64_out = g_malloc (B64_OUT_SIZE);
  self->b64_state = self->b64_save = 0;
  self->mime = NULL;
  self->fps_n = 0;
  self->fps_d = 1;
  self->is_video = self->have_frames = FALSE;
  self->video_open = self->video_skip = FALSE;
  self->video_start = self->video_in = 0;
  self->full = self->finished = FALSE;
  self->first_time = self->end_time = GST_CLOCK_TIME_NONE;

  if (!gst_html_player_sink_write (self, header, header_len)) {
    g_free (header);
    fclose (self->file);
    self->file = NULL;
    gst_html_player_sink_clear (self);
    return FALSE;
  }
  g_free (header);
  GST_DEBUG_OBJECT (self, "writing %s, player %s", self->path, self->id);
  return TRUE;
}

static gboolean
gst_html_player_sink_stop (GstBaseSink * bsink)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (bsink);

  if (self->file) {
    /* stopped without EOS (error, interrupt): still a page that opens */
    gst_html_player_sink_finish (self);
    if (fclose (self->file) != 0) {
      int err = errno;

      GST_ELEMENT_ERROR (self, RESOURCE, CLOSE,
          ("Could not close the HTML file \"%s\": %s.", self->path,
              g_strerror (err)), (NULL));
    }
    self->file = NULL;
  }
  gst_html_player_sink_clear (self);
  return TRUE;
}

static gboolean
gst_html_player_sink_set_caps (GstBaseSink * bsink, GstCaps * caps)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (bsink);
  GstStructure *s = gst_caps_get_structure (caps, 0);
  const gchar *name = gst_structure_get_name (s);
  gboolean is_video = g_str_has_prefix (name, "video/");

  /* mp4mux says video/quicktime, variant=iso; browsers want video/mp4 */
  if (g_str_equal (name, "video/quicktime"))
    name = "video/mp4";

  /* muxers update their caps (stream headers): same type is fine */
  if ((is_video && self->have_frames)
      || (self->video_open && g_intern_string (name) != self->mime)) {
    GST_ELEMENT_ERROR (self, STREAM, FORMAT,
        ("htmlplayersink cannot change from %s to %s in one page.",
            self->mime, name),
        ("a page holds either image frames or one encoded movie"));
    return FALSE;
  }
  self->mime = g_intern_string (name);
  self->is_video = is_video;
  if (!gst_structure_get_fraction (s, "framerate", &self->fps_n,
          &self->fps_d) || self->fps_d == 0) {
    self->fps_n = 0;
    self->fps_d = 1;
  }
  GST_DEBUG_OBJECT (self, "caps %" GST_PTR_FORMAT, caps);
  return TRUE;
}

static void
gst_html_player_sink_post_done (GstHtmlPlayerSink * self)
{
  GstClockTime duration = GST_CLOCK_TIME_NONE;
  guint64 bytes;
  guint frames, dropped;

  if (GST_CLOCK_TIME_IS_VALID (self->first_time)
      && GST_CLOCK_TIME_IS_VALID (self->end_time)
      && self->end_time >= self->first_time)
    duration = self->end_time - self->first_time;
  GST_OBJECT_LOCK (self);
  bytes = self->bytes_written;
  frames = self->frames;
  dropped = self->dropped;
  GST_OBJECT_UNLOCK (self);
  GST_INFO_OBJECT (self, "%s: %u frames, %" G_GUINT64_FORMAT " bytes, %u "
      "dropped", self->path, frames, bytes, dropped);
  gst_element_post_message (GST_ELEMENT (self),
      gst_message_new_element (GST_OBJECT (self),
          gst_structure_new ("htmlplayersink",
              "location", G_TYPE_STRING, self->path,
              "bytes", G_TYPE_UINT64, bytes,
              "frames", G_TYPE_UINT, frames,
              "dropped", G_TYPE_UINT, dropped,
              "duration", G_TYPE_UINT64, (guint64) duration, NULL)));
}

static gboolean
gst_html_player_sink_event (GstBaseSink * bsink, GstEvent * event)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (bsink);

  switch (GST_EVENT_TYPE (event)) {
    case GST_EVENT_EOS:
      if (!self->finished) {
        if (!gst_html_player_sink_finish (self)) {
          gst_event_unref (event);
          return FALSE;
        }
        gst_html_player_sink_post_done (self);
      }
      break;
    case GST_EVENT_SEGMENT:{
      const GstSegment *seg;

      gst_event_parse_segment (event, &seg);
      /* A muxer that thinks it can seek back to fix its headers; the
       * seeking query says no, so this should not happen.  Bytes already
       * encoded cannot be changed: skip the rewrite. */
      if (seg->format == GST_FORMAT_BYTES && self->video_open) {
        self->video_skip = seg->start != self->video_in;
        if (self->video_skip)
          GST_ELEMENT_WARNING (self, STREAM, MUX,
              ("The muxer tried to rewrite bytes already written to \"%s\"; "
                  "the movie may not play. Use a streamable muxer "
                  "(webmmux streamable=true, mp4mux fragment-duration=1000).",
                  self->path), ("byte segment at %" G_GUINT64_FORMAT
                  ", %" G_GUINT64_FORMAT " written", seg->start,
                  self->video_in));
      }
      break;
    }
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->event (bsink, event);
}

static gboolean
gst_html_player_sink_query (GstBaseSink * bsink, GstQuery * query)
{
  switch (GST_QUERY_TYPE (query)) {
    case GST_QUERY_SEEKING:{
      GstFormat fmt;

      /* what is written is base64 in a page: never seekable, so muxers
       * write streamable output */
      gst_query_parse_seeking (query, &fmt, NULL, NULL, NULL);
      if (fmt == GST_FORMAT_BYTES) {
        gst_query_set_seeking (query, fmt, FALSE, 0, -1);
        return TRUE;
      }
      break;
    }
    default:
      break;
  }
  return GST_BASE_SINK_CLASS (parent_class)->query (bsink, query);
}

/* The next piece would make the file larger than max-size. */
static GstFlowReturn
gst_html_player_sink_limit (GstHtmlPlayerSink * self, guint64 needed,
    guint64 max_size, GstHtmlPlayerSinkOnLimit on_limit)
{
  if (on_limit == GST_HTML_PLAYER_SINK_ON_LIMIT_STOP) {
    GST_ELEMENT_WARNING (self, RESOURCE, NO_SPACE_LEFT,
        ("\"%s\" reached max-size (%" G_GUINT64_FORMAT " bytes) after %u "
            "frames; later frames are left out.", self->path, max_size,
            self->frames), ("%" G_GUINT64_FORMAT " bytes would be needed",
            needed));
    self->full = TRUE;
    GST_OBJECT_LOCK (self);
    self->dropped++;
    GST_OBJECT_UNLOCK (self);
    return GST_FLOW_OK;
  }
  GST_ELEMENT_ERROR (self, RESOURCE, NO_SPACE_LEFT,
      ("Frame %u would make \"%s\" larger than max-size (%" G_GUINT64_FORMAT
          " bytes; %" G_GUINT64_FORMAT " needed). Raise max-size, set "
          "on-limit=stop to keep the frames so far, or make the frames "
          "smaller (jpegenc, a smaller picture, fewer frames).", self->frames,
          self->path, max_size, needed), (NULL));
  return GST_FLOW_ERROR;
}

static void
gst_html_player_sink_note_time (GstHtmlPlayerSink * self, GstClockTime t,
    GstClockTime dur)
{
  if (!GST_CLOCK_TIME_IS_VALID (t))
    return;
  if (!GST_CLOCK_TIME_IS_VALID (self->first_time))
    self->first_time = t;
  t += GST_CLOCK_TIME_IS_VALID (dur) ? dur : 0;
  if (!GST_CLOCK_TIME_IS_VALID (self->end_time) || t > self->end_time)
    self->end_time = t;
}

static GstFlowReturn
gst_html_player_sink_render_video (GstHtmlPlayerSink * self,
    GstBuffer * buffer, const GstMapInfo * map, guint64 max_size,
    GstHtmlPlayerSinkOnLimit on_limit)
{
  guint64 needed;

  if (self->video_skip) {
    GST_DEBUG_OBJECT (self, "skipping %" G_GSIZE_FORMAT " rewritten bytes",
        map->size);
    return GST_FLOW_OK;
  }
  if (!self->video_open) {
    gchar *open = g_strdup_printf ("<video class=\"nvhp-video\" controls "
        "playsinline preload=\"auto\" src=\"data:%s;base64,", self->mime);

    needed = self->bytes_written + strlen (open) + base64_len (map->size)
        + strlen (VIDEO_CLOSE) + self->trailer_len;
    if (needed > max_size) {
      g_free (open);
      return gst_html_player_sink_limit (self, needed, max_size, on_limit);
    }
    if (!gst_html_player_sink_write_str (self, open)) {
      g_free (open);
      return GST_FLOW_ERROR;
    }
    g_free (open);
    self->video_open = TRUE;
    self->video_start = self->bytes_written;
  }
  needed = self->video_start + base64_len (self->video_in + map->size)
      + strlen (VIDEO_CLOSE) + self->trailer_len;
  if (needed > max_size)
    return gst_html_player_sink_limit (self, needed, max_size, on_limit);
  if (!gst_html_player_sink_write_base64 (self, map->data, map->size))
    return GST_FLOW_ERROR;
  self->video_in += map->size;
  gst_html_player_sink_note_time (self, GST_BUFFER_PTS (buffer),
      GST_BUFFER_DURATION (buffer));
  GST_OBJECT_LOCK (self);
  self->frames++;
  GST_OBJECT_UNLOCK (self);
  return GST_FLOW_OK;
}


static GstFlowReturn
gst_html_player_sink_render (GstBaseSink * bsink, GstBuffer * buffer)
{
  GstHtmlPlayerSink *self = GST_HTML_PLAYER_SINK (bsink);
  GstClockTime t = GST_CLOCK_TIME_NONE, dur;
  GstHtmlPlayerSinkOnLimit on_limit;
  GstFlowReturn ret = GST_FLOW_OK;
  guint64 max_size, needed;
  gchar tbuf[32] = "", dbuf[32] = "";
  GstMapInfo map;
  gchar *tag;
  gsize tag_len;

  if (self->finished) {
    GST_DEBUG_OBJECT (self, "buffer after EOS");
    return GST_FLOW_EOS;
  }
  if (self->mime == NULL)
    return neuro_element_data_before_caps (self, bsink->sinkpad, "A frame");
  if (self->full) {
    GST_OBJECT_LOCK (self);
    self->dropped++;
    GST_OBJECT_UNLOCK (self);
    return GST_FLOW_OK;
  }

  GST_OBJECT_LOCK (self);
  max_size = self->max_size;
  on_limit = self->on_limit;
  GST_OBJECT_UNLOCK (self);

  if (!neuro_element_map (self, buffer, &map, GST_MAP_READ, "frame"))
    return GST_FLOW_ERROR;
  if (self->is_video) {
    ret = gst_html_player_sink_render_video (self, buffer, &map, max_size,
        on_limit);
    gst_buffer_unmap (buffer, &map);
    return ret;
  }

  /* the time the viewer sees is the one the frame's title shows: the
   * renderer's frame-time meta (a window's end), else the PTS's stream
   * time */
  t = neuro_buffer_get_frame_time (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (t) && GST_BUFFER_PTS_IS_VALID (buffer))
    t = gst_segment_to_stream_time (&bsink->segment, GST_FORMAT_TIME,
        GST_BUFFER_PTS (buffer));
  dur = GST_BUFFER_DURATION (buffer);
  if (!GST_CLOCK_TIME_IS_VALID (dur) && self->fps_n > 0)
    dur = neuro_count_to_time (1, self->fps_n, self->fps_d);
  if (GST_CLOCK_TIME_IS_VALID (t))
    g_snprintf (tbuf, sizeof (tbuf), "%" G_GUINT64_FORMAT, (guint64) t);
  if (GST_CLOCK_TIME_IS_VALID (dur))
    g_snprintf (dbuf, sizeof (dbuf), "%" G_GUINT64_FORMAT, (guint64) dur);

  tag = g_strdup_printf ("<script type=\"text/x-nvhp\" class=\"nvhp-f\" "
      "data-m=\"%s\" data-t=\"%s\" data-d=\"%s\">", self->mime, tbuf, dbuf);
  tag_len = strlen (tag);
  needed = self->bytes_written + tag_len + base64_len (map.size)
      + strlen (FRAME_CLOSE) + self->trailer_len;
  if (needed > max_size) {
    ret = gst_html_player_sink_limit (self, needed, max_size, on_limit);
  } else if (!gst_html_player_sink_write (self, tag, tag_len)
      || !gst_html_player_sink_write_base64 (self, map.data, map.size)
      || !gst_html_player_sink_write_base64_close (self)
      || !gst_html_player_sink_write_str (self, FRAME_CLOSE)) {
    ret = GST_FLOW_ERROR;
  } else {
    self->have_frames = TRUE;
    gst_html_player_sink_note_time (self, t, dur);
    GST_OBJECT_LOCK (self);
    self->frames++;
    GST_OBJECT_UNLOCK (self);
    GST_LOG_OBJECT (self, "frame %u: %" G_GSIZE_FORMAT " bytes at %"
        GST_TIME_FORMAT, self->frames - 1, map.size, GST_TIME_ARGS (t));
  }
  g_free (tag);
  gst_buffer_unmap (buffer, &map);
  return ret;
}
