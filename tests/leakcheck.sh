#!/usr/bin/env bash
# gst-neuroviz  SPDX-License-Identifier: LGPL-2.1-or-later
# meson test --wrap: runs one test with GStreamer's leaks tracer and fails
# when a GstObject or GstMiniObject is still alive at gst_deinit().
# CK_FORK=no so that every test case runs in the process that deinits.
log=$(mktemp)
GST_TRACERS=leaks GST_DEBUG="GST_TRACER:7" GST_DEBUG_FILE="$log" \
  GST_DEBUG_NO_COLOR=1 CK_FORK=no "$@"
rc=$?
if grep -qE "object-alive, type-name=\(string\)[^%]" "$log"; then
  echo "GStreamer leaks tracer: objects alive at exit:" >&2
  grep -E "object-alive, type-name=\(string\)[^%]" "$log" | head -30 >&2
  rc=1
fi
rm -f "$log"
exit $rc
