/* gst-neuroviz — the plugin's typefinders.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* NumPy .npy: application/x-npy, read by npyparse */
GST_TYPE_FIND_REGISTER_DECLARE (npy);
/* NumPy .npz (a zip of .npy members): application/x-npz */
GST_TYPE_FIND_REGISTER_DECLARE (npz);

G_END_DECLS
