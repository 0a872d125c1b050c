/* gst-neuroviz — the file opener's per-kind setup of opened arrays (private to
 * neurofileopen.c and neurofilesetup.c).
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Once neurofileopen.c has found the arrays of a location, these check them
 * in one pass (sorted finite times, whole unit ids, shapes, rates) and set
 * the output: mode, caps fields, duration, time scale. */
#pragma once

#include "neurofileopen.h"

G_BEGIN_DECLS

GST_DEBUG_CATEGORY_EXTERN (neuro_file_open_debug);

/* Errors of the file's contents, and of settings that do not fit it. */
#define FORMAT_ERROR(err, ...) \
  g_set_error (err, GST_STREAM_ERROR, GST_STREAM_ERROR_DECODE, __VA_ARGS__)
#define SETTINGS_ERROR(err, ...) \
  g_set_error (err, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_SETTINGS, \
      __VA_ARGS__)

/* f->times and f->ids (and f->values if f->have_values) as a spike list;
 * @auto_unit is the format's time unit (AUTO: from the values). */
gboolean neuro_file_setup_spikes (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileTimeUnit auto_unit, GError ** error);

/* f->dense as unit id / time pairs (if @pairs and they look like it), else
 * as a raster, signal or frames by its shape and st->kind. */
gboolean neuro_file_setup_dense (NeuroFile * f, const NeuroFileSettings * st,
    gboolean pairs, GError ** error);

/* f->text, parsed, as a spike list; @auto_unit as above. */
gboolean neuro_file_setup_text (NeuroFile * f, const NeuroFileSettings * st,
    GstNeuroFileTimeUnit auto_unit, GError ** error);

/* An error if f->ids and f->times look like each other's (Brian2's i and t
 * given the wrong way round). */
gboolean neuro_file_check_not_swapped (NeuroFile * f, GError ** error);

/* Entries of a spike list array ([N], [N, 1], [1, N] or one column). */
gboolean neuro_file_vector_length (const NeuroFileArray * a, guint64 * n,
    GError ** error);

G_END_DECLS
