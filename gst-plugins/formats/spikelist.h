/* gst-neuroviz — text spike lists: CSV/TSV/whitespace tables and NEST ASCII
 * recorder files.  SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain C (format library) so that fuzz targets can link it.  A table has
 * one spike per line with a unit column and a time column.  A header line
 * (possibly inside a '#' comment, as NEST writes it) names the columns;
 * without a header the first two columns are taken as unit and time (NEST's
 * classic .gdf order) unless the values say otherwise (an integer column
 * next to a fractional one).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum
{
  SPIKELIST_UNIT_UNKNOWN = 0,
  SPIKELIST_UNIT_S,
  SPIKELIST_UNIT_MS
} SpikeListTimeUnit;

typedef struct
{
  double t;                     /* as written in the file */
  int64_t unit;
} SpikeListRecord;

typedef struct
{
  SpikeListRecord *rec;
  size_t n;
  size_t alloc;
  int unit_col;
  int time_col;
  int has_header;
  int is_nest;                  /* a '# NEST ...' comment was seen */
  SpikeListTimeUnit time_unit;  /* from the column name, if it says */
  char delim;                   /* '\t', ',', ';' or ' ' (whitespace) */
  int64_t max_unit;
  int sorted;                   /* times non-decreasing in file order */
} SpikeList;

/* Text tables are held in memory (16 bytes a spike): at most this many
 * spikes (1.6 GB) are read; more belong in a .npy, read from disk. */
#define SPIKELIST_MAX_SPIKES 100000000
/* Only the first SPIKELIST_MAX_COLUMNS columns of a line are looked at; a
 * value (unit id or time) longer than SPIKELIST_MAX_VALUE_LEN characters is
 * an error rather than being cut.  Lines may be of any length. */
#define SPIKELIST_MAX_COLUMNS 64
#define SPIKELIST_MAX_VALUE_LEN 63

/* Parses @len bytes at @buf.  Returns 0 or -1 with a message (naming the
 * line) in @err.  Empty tables, NaN or infinite times, fractional or
 * negative unit ids, values longer than SPIKELIST_MAX_VALUE_LEN and more
 * than SPIKELIST_MAX_SPIKES spikes are errors.  Call spikelist_clear() in
 * both cases. */
int spikelist_parse (const char *buf, size_t len, SpikeList * sl,
    char *err, size_t errlen);

/* spikelist_parse() with another limit than SPIKELIST_MAX_SPIKES (for
 * tests; 0 is taken as SPIKELIST_MAX_SPIKES). */
int spikelist_parse_max (const char *buf, size_t len, size_t max_spikes,
    SpikeList * sl, char *err, size_t errlen);

/* Sorts by time, equal times by unit (for files written out of order). */
void spikelist_sort (SpikeList * sl);

void spikelist_clear (SpikeList * sl);

/* 1 if @buf looks like text (no NUL bytes, mostly printable). */
int spikelist_looks_like_text (const uint8_t * buf, size_t len);

/* Column (or .npz key) names: 1 if @name is one of the unit id names
 * (sender, unit, i, id, ...) or time names (time_ms, time, t, times, ...). */
int spikelist_is_unit_name (const char *name);
int spikelist_is_time_name (const char *name);

/* The unit a time column's name states ("time_ms", "t (s)"), if any. */
SpikeListTimeUnit spikelist_unit_from_name (const char *name);

/* Statistics of sorted spike times, to tell seconds from milliseconds
 * when nothing in the file says which (spike_times_guess_unit). */
typedef struct
{
  uint64_t n;                   /* spikes */
  uint64_t distinct;            /* distinct time values */
  double tmin, tmax;
  int off_coarse;               /* a time off the 0.05 grid */
  int off_milli;                /* a time off the 0.001 grid */
  int off_fine;                 /* a time off the 0.00001 grid */
} SpikeTimeStats;

void spike_times_init (SpikeTimeStats * s);

/* Adds the next time @t (not below the previous one); @eps is the relative
 * precision of the stored type (2^-52 for float64, 2^-23 for float32). */
void spike_times_add (SpikeTimeStats * s, double t, double eps);

/* SPIKELIST_UNIT_S or _MS if only one of them gives believable spike
 * trains for @units active units, else SPIKELIST_UNIT_UNKNOWN.  @why
 * gets the reason.  The rules are in docs/neurofilesrc.md. */
SpikeListTimeUnit spike_times_guess_unit (const SpikeTimeStats * s,
    uint64_t units, char *why, size_t whylen);

#ifdef __cplusplus
}
#endif
