/* gst-neuroviz — the plugin's typefinders.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* The media types of text spike lists (read by neurofilesrc and
 * neurodecodebin). */
#define NEURO_TYPEFIND_NEST_SPIKES "application/x-nest-spikes"
#define NEURO_TYPEFIND_CSV_SPIKES "application/x-csv-spikes"

/* NumPy .npy: application/x-npy, read by npyparse */
GST_TYPE_FIND_REGISTER_DECLARE (npy);
/* NumPy .npz (a zip of .npy members): application/x-npz */
GST_TYPE_FIND_REGISTER_DECLARE (npz);
/* NEST ASCII spike recorder files and .gdf lists: application/x-nest-spikes */
GST_TYPE_FIND_REGISTER_DECLARE (nestspikes);
/* CSV/TSV spike tables (unit and time columns): application/x-csv-spikes */
GST_TYPE_FIND_REGISTER_DECLARE (csvspikes);

G_END_DECLS
