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

/* What the text spike-list typefinders see in @d (@len bytes; @whole: the
 * whole stream, else a last line without newline is left out), with the
 * probability they suggest in @prob.  GLib only (no gst_init): the fuzz
 * target calls it directly. */
typedef enum
{
  NEURO_SPIKE_TEXT_NONE,
  NEURO_SPIKE_TEXT_NEST,        /* a NEST recorder file or a .gdf list */
  NEURO_SPIKE_TEXT_CSV          /* a CSV/TSV table of unit and time */
} NeuroSpikeText;

NeuroSpikeText neuro_type_find_spike_text (const guint8 * d, gsize len,
    gboolean whole, GstTypeFindProbability * prob);

G_END_DECLS
