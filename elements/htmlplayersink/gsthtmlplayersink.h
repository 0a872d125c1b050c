/* gst-neuroviz: htmlplayersink, a movie in one self-contained HTML page.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstbasesink.h>

G_BEGIN_DECLS

#define GST_TYPE_HTML_PLAYER_SINK (gst_html_player_sink_get_type ())
G_DECLARE_FINAL_TYPE (GstHtmlPlayerSink, gst_html_player_sink, GST,
    HTML_PLAYER_SINK, GstBaseSink);

typedef enum
{
  GST_HTML_PLAYER_SINK_MODE_LOOP,
  GST_HTML_PLAYER_SINK_MODE_ONCE,
  GST_HTML_PLAYER_SINK_MODE_REFLECT,
} GstHtmlPlayerSinkMode;

typedef enum
{
  GST_HTML_PLAYER_SINK_ON_LIMIT_ERROR,
  GST_HTML_PLAYER_SINK_ON_LIMIT_STOP,
} GstHtmlPlayerSinkOnLimit;

GST_ELEMENT_REGISTER_DECLARE (htmlplayersink);

G_END_DECLS
