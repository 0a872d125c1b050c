/* gst-neuroviz — the input chores every element shares, written once
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Each helper does one check an element makes on its input and, when it
 * fails, posts the same clear GST_ELEMENT_ERROR from every element (with
 * the caller's file, function and line, as the GST_ELEMENT_ERROR macro
 * would): caps parsed with the reason they are refused, data that arrives
 * before its caps, a buffer that cannot be mapped, float payloads viewed
 * as aligned host-order arrays.
 */
#pragma once

#include <gst/gst.h>

#include "neurotypes.h"

G_BEGIN_DECLS

/* Parses @caps as @kind (NEURO_KIND_ANY: any neural kind) into @info (may
 * be NULL).  When they are refused, posts GST_STREAM_ERROR_FORMAT "Invalid
 * @what: <the reason>" followed by "; @expects" when @expects is not NULL
 * (what the element needs, e.g. "netmetrics expects an N x N matrix"), and
 * returns FALSE. */
#define neuro_element_parse_caps(el, caps, kind, info, what, expects) \
  neuro_element_parse_caps_full (GST_ELEMENT (el), caps, kind, info, what, \
      expects, __FILE__, GST_FUNCTION, __LINE__)

gboolean neuro_element_parse_caps_full (GstElement * element,
    const GstCaps * caps, NeuroKind kind, NeuroInfo * info,
    const gchar * what, const gchar * expects, const gchar * file,
    const gchar * function, gint line);

/* @what (e.g. "spike data") arrived on @pad (may be NULL) before any caps:
 * posts GST_CORE_ERROR_NEGOTIATION saying so and returns
 * GST_FLOW_NOT_NEGOTIATED, for "return neuro_element_data_before_caps
 * (...);". */
#define neuro_element_data_before_caps(el, pad, what) \
  neuro_element_data_before_caps_full (GST_ELEMENT (el), pad, what, \
      __FILE__, GST_FUNCTION, __LINE__)

GstFlowReturn neuro_element_data_before_caps_full (GstElement * element,
    GstPad * pad, const gchar * what, const gchar * file,
    const gchar * function, gint line);

/* gst_buffer_map; on failure posts GST_RESOURCE_ERROR_READ (or _WRITE for
 * a GST_MAP_WRITE map) naming @what and the buffer size, and returns
 * FALSE. */
#define neuro_element_map(el, buf, map, flags, what) \
  neuro_element_map_full (GST_ELEMENT (el), buf, map, flags, what, \
      __FILE__, GST_FUNCTION, __LINE__)

gboolean neuro_element_map_full (GstElement * element, GstBuffer * buffer,
    GstMapInfo * map, GstMapFlags flags, const gchar * what,
    const gchar * file, const gchar * function, gint line);

/* The first @n little-endian floats of @buffer (which holds at least that
 * many: check the size first, with the element's own message) as a buffer
 * of aligned host-order floats that can be kept: @buffer itself, reffed,
 * when it can be read in place, else a converted copy.  NULL after posting
 * an error when @buffer cannot be mapped or is shorter. */
#define neuro_element_f32_buffer(el, buf, n, what) \
  neuro_element_f32_buffer_full (GST_ELEMENT (el), buf, n, what, \
      __FILE__, GST_FUNCTION, __LINE__)

GstBuffer *neuro_element_f32_buffer_full (GstElement * element,
    GstBuffer * buffer, gsize n, const gchar * what, const gchar * file,
    const gchar * function, gint line);

G_END_DECLS
