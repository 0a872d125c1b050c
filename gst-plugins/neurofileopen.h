/* gst-neuroviz — the file opener of neurofilesrc and neurodecodebin: a location (a .npy, .npz, text
 * spike list or Kilosort/Phy folder) to the arrays to stream and how.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * No GstBaseSrc here: neuro_file_open() maps and checks the files, picks
 * the output (spike list, raster, signal or frames) and returns a GError
 * that names the file and the value; gstneurofilesrc.c streams the result.
 */
#pragma once

#include <gst/gst.h>
#include <math.h>

#include "npyformat.h"
#include "spikelist.h"

G_BEGIN_DECLS

/* The enums of the element's kind, time-unit and columns properties. */
typedef enum
{
  GST_NEURO_FILE_KIND_AUTO,
  GST_NEURO_FILE_KIND_SPIKES,
  GST_NEURO_FILE_KIND_SIGNAL,
  GST_NEURO_FILE_KIND_FRAMES,
  GST_NEURO_FILE_KIND_CONNECTIVITY
} GstNeuroFileKind;

typedef enum
{
  GST_NEURO_FILE_TIME_UNIT_AUTO,
  GST_NEURO_FILE_TIME_UNIT_S,
  GST_NEURO_FILE_TIME_UNIT_MS,
  GST_NEURO_FILE_TIME_UNIT_SAMPLES
} GstNeuroFileTimeUnit;

/* Column order of one [N, 2] (or [2, N]) array of spikes. */
typedef enum
{
  GST_NEURO_FILE_COLUMNS_AUTO,
  GST_NEURO_FILE_COLUMNS_ID_TIME,
  GST_NEURO_FILE_COLUMNS_TIME_ID
} GstNeuroFileColumns;

/* The properties that opening depends on, copied at start. */
typedef struct
{
  gchar *location;
  gchar *times_location;
  gchar *key;                   /* NULL when unset or empty */
  GstNeuroFileKind kind;
  gdouble rate;                 /* rate, else 1 / dt, else 0 */
  GstNeuroFileTimeUnit time_unit;
  GstNeuroFileColumns columns;
  gint units;
  guint64 slice;                /* slice-duration, ns (10 ms if auto) */
  gboolean slice_auto;          /* slice-duration = 0: signal buffers of
                                 * NEURO_FILE_SIGNAL_BUFFER bytes or more */
  guint64 inflate_limit;        /* max-inflated-size, bytes */
} NeuroFileSettings;

/* slice-duration = 0 (auto): spike slices of 10 ms; signal buffers of at
 * least 10 ms, lengthened to hold NEURO_FILE_SIGNAL_BUFFER bytes but never
 * past 1 s (a 100 Hz recording of a few channels in 1 s buffers, not one
 * sample per buffer, each of which costs every element downstream a
 * thread wake-up) */
#define NEURO_FILE_AUTO_SLICE (10 * GST_MSECOND)
#define NEURO_FILE_SIGNAL_BUFFER (64 * 1024)
#define NEURO_FILE_AUTO_SLICE_MAX GST_SECOND

/* slice-duration's value as the settings take it */
static inline void
neuro_file_settings_set_slice (NeuroFileSettings * st, guint64 slice)
{
  st->slice_auto = slice == 0;
  st->slice = slice ? slice : NEURO_FILE_AUTO_SLICE;
}

/* One numeric array: a header and a pointer to its elements, which live in
 * a memory-mapped file, an inflated copy or a temporary file. */
typedef struct
{
  NpyHeader h;
  const guint8 *data;
  gchar *name;                  /* for messages: "dir/file.npz:t.npy" */
  gboolean mapped;              /* data is a read-only file mapping */
  guint64 released;             /* bytes of data handed back to the kernel */
  guint64 step;                 /* elements from one entry to the next */
  gboolean pair;                /* one column of an [N, 2] or [2, N] array */
} NeuroFileArray;

typedef enum
{
  NEURO_FILE_OUT_NONE,
  NEURO_FILE_OUT_SPIKE_LIST,    /* sorted times + unit ids (+ values) */
  NEURO_FILE_OUT_SPIKE_DENSE,   /* [T, N] raster */
  NEURO_FILE_OUT_SIGNAL,        /* [T] or [T, C] */
  NEURO_FILE_OUT_FRAMES         /* [T, H, W] or one [H, W] still */
} NeuroFileMode;

/* An opened location. */
typedef struct
{
  GstObject *log;               /* for debug messages (not a reference) */
  GPtrArray *maps;              /* GMappedFile */
  GPtrArray *owned;             /* inflated copies (g_free) */
  NeuroFileMode mode;
  GstClockTime duration;
  gdouble eff_rate;             /* samples, rows or frames per second */

  NeuroFileArray times;         /* spike list from arrays */
  NeuroFileArray ids;
  NeuroFileArray values;        /* optional (Kilosort amplitudes) */
  gboolean have_values;
  gdouble time_scale;           /* ns per time value */
  SpikeList text;               /* spike list from a text file */
  gboolean from_text;
  guint64 n_spikes;
  gint out_units;

  NeuroFileArray dense;         /* raster, signal or frames */
  guint64 n_rows;               /* T */
  guint channels;               /* signal channels or raster columns */
  gint width, height;
  guint samples_per_buffer;
} NeuroFile;

/* Where the bytes of a location come from.  By default neuro_file_open()
 * memory-maps st->location; an element that gets its bytes another way
 * (neurodecodebin: its sink pad in pull mode) attaches a byte source to
 * the opening element, and the same openers read it.  A source reads from
 * a local file (mapped as it is) or through a read function; what the read
 * function gives is copied in blocks into an unlinked temporary file that
 * is then mapped, so resident memory follows what streaming reads (pages
 * are released as for a mapped file), not the stream's length.  Both are
 * read once per source and shared by every open of it. */
typedef struct _NeuroByteSource NeuroByteSource;

/* Reads up to @len bytes at @offset into @dest; *@got is how many (0 at
 * the end of the stream).  FALSE: @error says why. */
typedef gboolean (*NeuroByteSourceRead) (gpointer user_data, guint64 offset,
    guint8 * dest, gsize len, gsize * got, GError ** error);

/* The local file @path (its name also names it in messages). */
NeuroByteSource *neuro_byte_source_new_file (const gchar * path);

/* A stream of @size bytes (-1: read to its end) read by @read. */
NeuroByteSource *neuro_byte_source_new (gint64 size, NeuroByteSourceRead read,
    gpointer user_data, GDestroyNotify notify);

NeuroByteSource *neuro_byte_source_ref (NeuroByteSource * src);
void neuro_byte_source_unref (NeuroByteSource * src);

/* Bytes read through the read function so far (0 for a file source). */
guint64 neuro_byte_source_bytes_read (NeuroByteSource * src);

/* neuro_file_open (..., @element, ...) reads @element's location from
 * @src (a reference is taken; NULL: map the location again). */
void neuro_file_set_byte_source (GstObject * element, NeuroByteSource * src);

/* Opens @st->location into @f (cleared first; @log names the element in
 * debug messages, and may carry a byte source, above).  FALSE: @error says
 * why, in the GStreamer domain and code to post, and @f is cleared. */
gboolean neuro_file_open (NeuroFile * f, NeuroFileSettings * st,
    GstObject * log, GError ** error);

/* Unmaps and frees everything @f holds. */
void neuro_file_clear (NeuroFile * f);

void neuro_file_settings_clear (NeuroFileSettings * st);

/* Hands pages of @a below entry @upto back to the kernel, so that resident
 * memory follows the read position and not the file size. */
void neuro_file_array_release (NeuroFileArray * a, guint64 upto);

/* Streaming goes back to entry @pos (a seek). */
void neuro_file_array_rewind (NeuroFileArray * a, guint64 pos);

void neuro_file_array_clear (NeuroFileArray * a);

/* Entry @k of a spike list array (a vector, or one column of pairs). */
static inline gdouble
neuro_file_array_double (const NeuroFileArray * a, guint64 k)
{
  return npy_get_double (&a->h, a->data, k * a->step);
}

static inline gint64
neuro_file_array_int64 (const NeuroFileArray * a, guint64 k)
{
  return npy_get_int64 (&a->h, a->data, k * a->step);
}

/* A time value of the file in nanoseconds (@scale: ns per value). */
static inline gint64
neuro_file_to_ns (gdouble v, gdouble scale)
{
  return (gint64) llround (v * scale);
}

G_END_DECLS
