/* neurofilesrc: neural data files (NumPy, Kilosort/Phy, NEST, CSV) as
 * gst-neuroviz streams. */
#pragma once

#include <gst/gst.h>
#include <gst/base/gstpushsrc.h>

#include "npyformat.h"
#include "spikelist.h"
#include "zipdir.h"

G_BEGIN_DECLS

#define GST_TYPE_NEURO_FILE_SRC (gst_neuro_file_src_get_type ())
G_DECLARE_FINAL_TYPE (GstNeuroFileSrc, gst_neuro_file_src, GST, NEURO_FILE_SRC,
    GstPushSrc)

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
} GstNeuroArray;

typedef enum
{
  GST_NEURO_OUT_NONE,
  GST_NEURO_OUT_SPIKE_LIST,     /* sorted times + unit ids (+ values) */
  GST_NEURO_OUT_SPIKE_DENSE,    /* [T, N] raster */
  GST_NEURO_OUT_SIGNAL,         /* [T] or [T, C] */
  GST_NEURO_OUT_FRAMES          /* [T, H, W] or one [H, W] still */
} GstNeuroOutMode;

struct _GstNeuroFileSrc
{
  GstPushSrc parent;

  /* properties (object lock) */
  gchar *location;
  gchar *times_location;
  gchar *key;
  GstNeuroFileKind kind;
  gdouble rate;
  gdouble dt;
  GstNeuroFileTimeUnit time_unit;
  GstNeuroFileColumns columns;
  guint64 slice_duration;
  gint units;
  guint64 max_inflated_size;
  guint max_spikes_per_buffer;

  /* state, valid between start and stop (streaming lock) */
  GPtrArray *maps;              /* GMappedFile */
  GPtrArray *owned;             /* inflated copies (g_free) */
  GstNeuroOutMode mode;
  GstCaps *caps;
  GstClockTime duration;
  gdouble eff_rate;             /* samples, rows or frames per second */
  guint64 slice;                /* effective slice duration in ns */
  guint64 inflate_limit;        /* max-inflated-size at start */
  guint64 spike_cap;            /* max-spikes-per-buffer at start */

  GstNeuroArray times;          /* spike list from arrays */
  GstNeuroArray ids;
  GstNeuroArray values;         /* optional (Kilosort amplitudes) */
  gboolean have_values;
  gdouble time_scale;           /* ns per time value */
  SpikeList text;               /* spike list from a text file */
  gboolean from_text;
  guint64 n_spikes;
  gint out_units;

  GstNeuroArray dense;          /* raster, signal or frames */
  guint64 n_rows;               /* T */
  guint channels;               /* signal channels or raster columns */
  gint width, height;
  guint samples_per_buffer;

  /* streaming position */
  guint64 cur_slice;            /* spike slices */
  guint64 cur_spike;
  guint64 cur_row;              /* signal samples, raster rows, frames */
  gboolean still_done;
  gboolean part_cont;           /* the slice continues in another buffer */
  guint64 part_pos;             /* raster position r * C + c of that part */
};

GST_ELEMENT_REGISTER_DECLARE (neurofilesrc);

G_END_DECLS
