/* Error text for the plain-C parsers (npyparse, zipdir, spikelist): they
 * report into a caller's buffer so they stay free of GLib and fuzzable. */
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
