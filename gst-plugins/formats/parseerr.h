/* gst-neuroviz — error text for the format library's parsers.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * npyformat, zipdir and spikelist report into a caller's buffer so that they
 * stay free of GLib and fuzzable.  Private to gst-plugins/formats/. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

static inline void
set_err (char *err, size_t errlen, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

static inline void
set_err (char *err, size_t errlen, const char *fmt, ...)
{
  va_list ap;

  if (err == NULL || errlen == 0)
    return;
  va_start (ap, fmt);
  vsnprintf (err, errlen, fmt, ap);
  va_end (ap);
}
