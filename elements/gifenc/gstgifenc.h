/* gst-neuroviz: gifenc, video to animated GIF89a.
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 */
#pragma once

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/video/gstvideoencoder.h>

G_BEGIN_DECLS

#define GST_TYPE_GIF_ENC (gst_gif_enc_get_type ())
G_DECLARE_FINAL_TYPE (GstGifEnc, gst_gif_enc, GST, GIF_ENC, GstVideoEncoder);

GST_ELEMENT_REGISTER_DECLARE (gifenc);

G_END_DECLS
