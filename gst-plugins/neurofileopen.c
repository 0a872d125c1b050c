/* gst-neuroviz — the file opener of neurofilesrc and neurodecodebin: see
 * neurofileopen.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Finds the arrays of a location: maps .npy files, reads .npz directories
 * and inflates their members (into memory, or into an unlinked temporary
 * file above INFLATE_IN_MEMORY_MAX), recognises the spike layouts of
 * Brian2, pynapple, NEST and Kilosort/Phy, parses text spike lists; then
 * neurofilesetup.c checks them and sets the output. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neurofilesetup.h"
#include "zipdir.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <glib/gstdio.h>

GST_DEBUG_CATEGORY (neuro_file_open_debug);
#define GST_CAT_DEFAULT neuro_file_open_debug

/* a Phy params.py holds a few lines */
#define MAX_PARAMS_SIZE (64 * 1024)

/* Deflated .npz members up to this size are inflated into memory, larger
 * ones into an unlinked temporary file that is then memory-mapped. */
#define INFLATE_IN_MEMORY_MAX (64 * 1024 * 1024)

/* Pages of a mapped file that were read are handed back to the kernel in
 * steps of this size, so that resident memory follows the read position
 * and not the file size. */
#define RELEASE_STEP (32 * 1024 * 1024)

void
neuro_file_array_clear (NeuroFileArray * a)
{
  g_free (a->name);
  memset (a, 0, sizeof (*a));
}

/* Pages are read again from the file if needed.  Only for read-only file
 * mappings, and only where memory order follows the read order. */
void
neuro_file_array_release (NeuroFileArray * a, guint64 upto)
{
  static gsize page = 0;
  guint64 bytes, start, end;

  if (!a->mapped || a->data == NULL)
    return;
  if (a->h.fortran_order && a->h.ndim > 1 && a->h.shape[0] != a->h.count)
    return;
  bytes = MIN (upto * MAX (a->step, 1), a->h.count) * (guint64) a->h.itemsize;
  if (bytes < a->released + RELEASE_STEP)
    return;
  if (page == 0)
    page = sysconf (_SC_PAGESIZE);
  start = ((guintptr) a->data + a->released + page - 1) / page * page;
  end = ((guintptr) a->data + bytes) / page * page;
  if (end > start)
    madvise ((void *) (guintptr) start, end - start, MADV_DONTNEED);
  a->released = bytes;
}

void
neuro_file_array_rewind (NeuroFileArray * a, guint64 pos)
{
  a->released = MIN (a->released, pos * MAX (a->step, 1) *
      (guint64) a->h.itemsize);
}

static gboolean
map_file (NeuroFile * f, const gchar * path, const guint8 ** buf,
    gsize * len, GError ** error)
{
  GError *e = NULL;
  GMappedFile *m;

  m = g_mapped_file_new (path, FALSE, &e);
  if (m == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR,
        g_error_matches (e, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
        GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ,
        "Could not open '%s': %s", path, e->message);
    g_clear_error (&e);
    return FALSE;
  }
  g_ptr_array_add (f->maps, m);
  *buf = (const guint8 *) g_mapped_file_get_contents (m);
  *len = g_mapped_file_get_length (m);
  if (*len == 0) {
    FORMAT_ERROR (error, "%s: the file is empty", path);
    return FALSE;
  }
  return TRUE;
}

static gboolean
array_from_npy (const guint8 * buf, guint64 len, const gchar * name,
    NeuroFileArray * arr, GError ** error)
{
  char err[256] = "";
  NpyResult r;

  /* everything but an inflated in-memory copy is a file mapping */
  arr->mapped = TRUE;
  r = npy_parse_header (buf, len, &arr->h, err, sizeof (err));
  if (r == NPY_NEED_MORE) {
    FORMAT_ERROR (error, "%s: the file ends inside the .npy header "
        "(truncated file, or a header length larger than the header)", name);
    return FALSE;
  }
  if (r != NPY_OK) {
    FORMAT_ERROR (error, "%s: %s", name, err);
    return FALSE;
  }
  if (npy_check_size (&arr->h, len, err, sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", name, err);
    return FALSE;
  }
  if (arr->h.count == 0) {
    char shape[64];

    npy_shape_string (&arr->h, shape, sizeof (shape));
    FORMAT_ERROR (error, "%s: the array is empty (shape %s)", name, shape);
    return FALSE;
  }
  arr->data = buf + arr->h.header_size;
  arr->step = 1;
  arr->pair = FALSE;
  g_free (arr->name);
  arr->name = g_strdup (name);
  return TRUE;
}

typedef struct
{
  gchar *path;
  const guint8 *buf;
  guint64 len;
  ZipEntry *ents;
  gsize n;
  guint64 inflate_limit;        /* max-inflated-size */
} Npz;

static void
npz_clear (Npz * z)
{
  free (z->ents);
  memset (z, 0, sizeof (*z));
}

static gchar *
npz_keys (const Npz * z)
{
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < z->n; i++) {
    const gchar *nm = z->ents[i].name;
    gsize l = strlen (nm);

    if (s->len)
      g_string_append (s, ", ");
    if (l > 4 && strcmp (nm + l - 4, ".npy") == 0)
      g_string_append_len (s, nm, l - 4);
    else
      g_string_append (s, nm);
  }
  return g_string_free (s, FALSE);
}

static gboolean
npz_has (const Npz * z, const gchar * key)
{
  gchar *nm = g_strconcat (key, ".npy", NULL);
  gboolean ret = zip_find (z->ents, z->n, nm) != NULL;

  g_free (nm);
  return ret;
}

/* Key @i of @z without its .npy suffix (free it). */
static gchar *
npz_key (const Npz * z, gsize i)
{
  const gchar *nm = z->ents[i].name;

  return g_str_has_suffix (nm, ".npy") ? g_strndup (nm, strlen (nm) - 4) :
      g_strdup (nm);
}

/* The keys of @z that are not in @known, comma-separated, or NULL. */
static gchar *
npz_other_keys (const Npz * z, const gchar * const *known)
{
  GString *s = g_string_new (NULL);
  gsize i;

  for (i = 0; i < z->n; i++) {
    gchar *k = npz_key (z, i);

    if (!g_strv_contains (known, k))
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", k);
    g_free (k);
  }
  if (s->len == 0) {
    g_string_free (s, TRUE);
    return NULL;
  }
  return g_string_free (s, FALSE);
}

/* A unit id key and a time key by their names (the CSV column names:
 * id, ids, neuron, ... and time_ms, times, t_s, ...). */
static gboolean
npz_find_spike_keys (const Npz * z, gchar ** ukey, gchar ** tkey)
{
  gsize i;

  *ukey = *tkey = NULL;
  for (i = 0; i < z->n; i++) {
    gchar *k = npz_key (z, i);

    if (*ukey == NULL && spikelist_is_unit_name (k))
      *ukey = k;
    else if (*tkey == NULL && spikelist_is_time_name (k))
      *tkey = k;
    else
      g_free (k);
  }
  if (*ukey && *tkey)
    return TRUE;
  g_clear_pointer (ukey, g_free);
  g_clear_pointer (tkey, g_free);
  return FALSE;
}

typedef struct
{
  guint8 *mem;
  gsize pos;
  int fd;
  guint64 limit;                /* the declared size: never write more */
  int write_errno;              /* set when write() failed */
} InflateSink;

static int
inflate_sink (void *user_data, const uint8_t * data, size_t len)
{
  InflateSink *s = user_data;

  if (len > s->limit - s->pos)
    return -1;
  if (s->mem) {
    memcpy (s->mem + s->pos, data, len);
    s->pos += len;
    return 0;
  }
  while (len > 0) {
    ssize_t w = write (s->fd, data, len);

    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      s->write_errno = w < 0 ? errno : ENOSPC;
      return -1;
    }
    data += w;
    len -= w;
    s->pos += w;
  }
  return 0;
}

/* Free bytes for unprivileged users in @dir, or G_MAXUINT64 if unknown. */
static guint64
dir_free_space (const gchar * dir)
{
  struct statvfs v;
  guint64 unit;

  if (statvfs (dir, &v) != 0)
    return G_MAXUINT64;
  unit = v.f_frsize ? v.f_frsize : v.f_bsize;
  if (unit == 0 || v.f_bavail > G_MAXUINT64 / unit)
    return G_MAXUINT64;
  return (guint64) v.f_bavail * unit;
}

/* ------------------------------------------------------------------------ */
/* Byte sources                                                             */

/* A spooled stream is read in blocks of this size: the only memory it
 * takes besides the page cache. */
#define SPOOL_BLOCK (256 * 1024)

struct _NeuroByteSource
{
  gint ref;
  GMutex lock;
  gchar *path;                  /* a local file, or NULL */
  gint64 size;                  /* -1: unknown */
  NeuroByteSourceRead read;
  gpointer user_data;
  GDestroyNotify notify;
  GMappedFile *map;             /* once read (lock) */
  guint64 bytes_read;           /* through read (lock) */
};

static GQuark
byte_source_quark (void)
{
  return g_quark_from_static_string ("neuro-file-byte-source");
}

NeuroByteSource *
neuro_byte_source_new_file (const gchar * path)
{
  NeuroByteSource *src = g_new0 (NeuroByteSource, 1);

  src->ref = 1;
  g_mutex_init (&src->lock);
  src->path = g_strdup (path);
  src->size = -1;
  return src;
}

NeuroByteSource *
neuro_byte_source_new (gint64 size, NeuroByteSourceRead read,
    gpointer user_data, GDestroyNotify notify)
{
  NeuroByteSource *src = g_new0 (NeuroByteSource, 1);

  src->ref = 1;
  g_mutex_init (&src->lock);
  src->size = size;
  src->read = read;
  src->user_data = user_data;
  src->notify = notify;
  return src;
}

NeuroByteSource *
neuro_byte_source_ref (NeuroByteSource * src)
{
  g_atomic_int_inc (&src->ref);
  return src;
}

void
neuro_byte_source_unref (NeuroByteSource * src)
{
  if (src == NULL || !g_atomic_int_dec_and_test (&src->ref))
    return;
  if (src->notify)
    src->notify (src->user_data);
  g_clear_pointer (&src->map, g_mapped_file_unref);
  g_free (src->path);
  g_mutex_clear (&src->lock);
  g_free (src);
}

guint64
neuro_byte_source_bytes_read (NeuroByteSource * src)
{
  guint64 n;

  g_mutex_lock (&src->lock);
  n = src->bytes_read;
  g_mutex_unlock (&src->lock);
  return n;
}

void
neuro_file_set_byte_source (GstObject * element, NeuroByteSource * src)
{
  g_object_set_qdata_full (G_OBJECT (element), byte_source_quark (),
      src ? neuro_byte_source_ref (src) : NULL,
      (GDestroyNotify) neuro_byte_source_unref);
}

static gboolean
write_all (int fd, const guint8 * data, gsize len, int *err)
{
  while (len > 0) {
    ssize_t w = write (fd, data, len);

    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0) {
      *err = w < 0 ? errno : ENOSPC;
      return FALSE;
    }
    data += w;
    len -= w;
  }
  return TRUE;
}

/* The stream of @src copied block by block into an unlinked temporary
 * file, mapped.  @name names it in messages. */
static GMappedFile *
byte_source_spool (NeuroByteSource * src, const gchar * name,
    GError ** error)
{
  const gchar *tmpdir = g_get_tmp_dir ();
  guint64 avail = dir_free_space (tmpdir), off = 0;
  GMappedFile *m = NULL;
  GError *fe = NULL;
  guint8 *block = NULL;
  gchar *tmp = NULL;
  int fd, werr = 0;

  if (src->size > 0 && (guint64) src->size > avail) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "%s: %" G_GINT64_FORMAT " bytes to read, but the temporary "
        "directory %s has only %" G_GUINT64_FORMAT " bytes free (set TMPDIR "
        "to a larger disk)", name, src->size, tmpdir, avail);
    return NULL;
  }
  fd = g_file_open_tmp ("neurodecodebin-XXXXXX", &tmp, &fe);
  if (fd < 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
        "%s: cannot create a temporary file to read the stream into: %s",
        name, fe->message);
    g_clear_error (&fe);
    return NULL;
  }
  g_unlink (tmp);
  g_free (tmp);
  block = g_malloc (SPOOL_BLOCK);
  while (src->size < 0 || off < (guint64) src->size) {
    gsize want = SPOOL_BLOCK, got = 0;

    if (src->size >= 0)
      want = MIN (want, (guint64) src->size - off);
    if (!src->read (src->user_data, off, block, want, &got, error))
      goto done;
    if (got == 0)
      break;
    if (!write_all (fd, block, MIN (got, want), &werr)) {
      g_set_error (error, GST_RESOURCE_ERROR,
          werr == ENOSPC || werr == EFBIG || werr == EDQUOT ?
          GST_RESOURCE_ERROR_NO_SPACE_LEFT : GST_RESOURCE_ERROR_WRITE,
          "%s: writing the stream to a temporary file in %s failed after %"
          G_GUINT64_FORMAT " bytes: %s", name, tmpdir, off,
          g_strerror (werr));
      goto done;
    }
    off += MIN (got, want);
  }
  src->bytes_read = off;
  if (off == 0) {
    FORMAT_ERROR (error, "%s: the stream is empty", name);
    goto done;
  }
  m = g_mapped_file_new_from_fd (fd, FALSE, &fe);
  if (m == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "%s: cannot map the data read: %s", name, fe->message);
    g_clear_error (&fe);
  }
done:
  g_free (block);
  close (fd);
  return m;
}

/* The bytes of @src (read on first use, then shared): a new reference. */
static GMappedFile *
byte_source_map (NeuroByteSource * src, const gchar * name, GError ** error)
{
  GMappedFile *m = NULL;
  GError *e = NULL;

  g_mutex_lock (&src->lock);
  if (src->map == NULL && src->path != NULL) {
    src->map = g_mapped_file_new (src->path, FALSE, &e);
    if (src->map == NULL) {
      g_set_error (error, GST_RESOURCE_ERROR,
          g_error_matches (e, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
          GST_RESOURCE_ERROR_NOT_FOUND : GST_RESOURCE_ERROR_OPEN_READ,
          "Could not open '%s': %s", src->path, e->message);
      g_clear_error (&e);
    }
  } else if (src->map == NULL) {
    src->map = byte_source_spool (src, name, error);
  }
  if (src->map)
    m = g_mapped_file_ref (src->map);
  g_mutex_unlock (&src->lock);
  return m;
}

/* The bytes of the location: @log's byte source, else the mapped file. */
static gboolean
map_location (NeuroFile * f, const NeuroFileSettings * st, GObject * log,
    const guint8 ** buf, gsize * len, GError ** error)
{
  NeuroByteSource *src = log ? g_object_get_qdata (log,
      byte_source_quark ()) : NULL;
  GMappedFile *m;

  if (src == NULL)
    return map_file (f, st->location, buf, len, error);
  m = byte_source_map (src, st->location, error);
  if (m == NULL)
    return FALSE;
  g_ptr_array_add (f->maps, m);
  *buf = (const guint8 *) g_mapped_file_get_contents (m);
  *len = g_mapped_file_get_length (m);
  if (*len == 0) {
    FORMAT_ERROR (error, "%s: the file is empty", st->location);
    return FALSE;
  }
  return TRUE;
}

/* Member @e (@name in messages) inflated into memory. */
static gboolean
inflate_to_memory (NeuroFile * f, Npz * z, const ZipEntry * e,
    const gchar * name, NeuroFileArray * arr, GError ** error)
{
  InflateSink s = { NULL, 0, -1, e->uncomp_size, 0 };
  char err[256] = "";

  s.mem = g_try_malloc (MAX (e->uncomp_size, 1));
  if (s.mem == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "%s: out of memory inflating %" G_GUINT64_FORMAT " bytes", name,
        (guint64) e->uncomp_size);
    return FALSE;
  }
  g_ptr_array_add (f->owned, s.mem);
  if (zip_extract (z->buf, z->len, e, inflate_sink, &s, err,
          sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", z->path, err);
    return FALSE;
  }
  if (!array_from_npy (s.mem, e->uncomp_size, name, arr, error))
    return FALSE;
  arr->mapped = FALSE;
  return TRUE;
}

/* Too large for memory: inflated into an unlinked temporary file that is
 * mapped, so that memory use depends on what is read, not on the size. */
static gboolean
inflate_to_file (NeuroFile * f, Npz * z, const ZipEntry * e,
    const gchar * member, const gchar * name, NeuroFileArray * arr,
    GError ** error)
{
  InflateSink s = { NULL, 0, -1, e->uncomp_size, 0 };
  const gchar *tmpdir = g_get_tmp_dir ();
  guint64 avail = dir_free_space (tmpdir);
  char err[256] = "";
  gchar *tmp = NULL;
  GError *fe = NULL;
  GMappedFile *m;

  if (e->uncomp_size > avail) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "%s: member '%s' inflates to %" G_GUINT64_FORMAT " bytes, but "
        "the temporary directory %s has only %" G_GUINT64_FORMAT " bytes "
        "free (set TMPDIR to a larger disk)", z->path, member,
        (guint64) e->uncomp_size, tmpdir, avail);
    return FALSE;
  }
  s.fd = g_file_open_tmp ("neurofilesrc-XXXXXX.npy", &tmp, &fe);
  if (s.fd < 0) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_WRITE,
        "%s: cannot create a temporary file to inflate into: %s", name,
        fe->message);
    g_clear_error (&fe);
    return FALSE;
  }
  g_unlink (tmp);
  g_free (tmp);
  if (zip_extract (z->buf, z->len, e, inflate_sink, &s, err,
          sizeof (err)) != 0) {
    if (s.write_errno != 0)
      g_set_error (error, GST_RESOURCE_ERROR,
          s.write_errno == ENOSPC || s.write_errno == EFBIG ||
          s.write_errno == EDQUOT ? GST_RESOURCE_ERROR_NO_SPACE_LEFT :
          GST_RESOURCE_ERROR_WRITE, "%s: member '%s': writing its %"
          G_GUINT64_FORMAT " inflated bytes to a temporary file in %s "
          "failed after %" G_GSIZE_FORMAT " bytes: %s", z->path, member,
          (guint64) e->uncomp_size, tmpdir, s.pos,
          g_strerror (s.write_errno));
    else
      FORMAT_ERROR (error, "%s: %s", z->path, err);
    close (s.fd);
    return FALSE;
  }
  m = g_mapped_file_new_from_fd (s.fd, FALSE, &fe);
  close (s.fd);
  if (m == NULL) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_READ,
        "%s: cannot map the inflated data: %s", name, fe->message);
    g_clear_error (&fe);
    return FALSE;
  }
  g_ptr_array_add (f->maps, m);
  return array_from_npy ((const guint8 *) g_mapped_file_get_contents (m),
      g_mapped_file_get_length (m), name, arr, error);
}

/* Array @key of the archive: stored members are read where they are,
 * deflated ones inflated up to max-inflated-size. */
static gboolean
npz_array (NeuroFile * f, Npz * z, const gchar * key,
    NeuroFileArray * arr, GError ** error)
{
  gchar *member = g_str_has_suffix (key, ".npy") ? g_strdup (key) :
      g_strconcat (key, ".npy", NULL);
  gchar *name = g_strdup_printf ("%s:%s", z->path, member);
  const ZipEntry *e = zip_find (z->ents, z->n, member);
  gboolean ret = FALSE;

  if (e == NULL) {
    gchar *keys = npz_keys (z);

    SETTINGS_ERROR (error, "%s: no array '%s' in the archive (its keys: %s)",
        z->path, key, keys);
    g_free (keys);
  } else if (e->method == ZIP_METHOD_STORED) {
    ret = array_from_npy (z->buf + e->data_offset, e->comp_size, name, arr,
        error);
  } else if (e->uncomp_size > z->inflate_limit) {
    /* checked before inflating: a zip bomb declares its size honestly */
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
        "%s: member '%s' inflates to %" G_GUINT64_FORMAT " bytes, more "
        "than max-inflated-size=%" G_GUINT64_FORMAT " bytes", z->path,
        member, (guint64) e->uncomp_size, z->inflate_limit);
  } else if (e->uncomp_size <= INFLATE_IN_MEMORY_MAX) {
    ret = inflate_to_memory (f, z, e, name, arr, error);
  } else {
    ret = inflate_to_file (f, z, e, member, name, arr, error);
  }
  g_free (member);
  g_free (name);
  return ret;
}

static gboolean
open_npy (NeuroFile * f, NeuroFileSettings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  if (st->times_location) {
    const guint8 *tbuf;
    gsize tlen;

    if (!array_from_npy (buf, len, st->location, &f->ids, error))
      return FALSE;
    if (!map_file (f, st->times_location, &tbuf, &tlen, error))
      return FALSE;
    if (!array_from_npy (tbuf, tlen, st->times_location, &f->times, error))
      return FALSE;
    if (!neuro_file_check_not_swapped (f, error))
      return FALSE;
    return neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_AUTO,
        error);
  }
  if (!array_from_npy (buf, len, st->location, &f->dense, error))
    return FALSE;
  return neuro_file_setup_dense (f, st, TRUE, error);
}

/* Brian2 StateMonitor archives (np.savez(f, t=mon.t/second, v=mon.v.T))
 * carry their time base: one t per row of the array.  Uses it when neither
 * rate nor dt is set. */
static void
rate_from_times (NeuroFile * f, Npz * z, NeuroFileSettings * st)
{
  NeuroFileArray t = { 0, };
  GError *ignore = NULL;
  guint64 n;

  if (npz_array (f, z, "t", &t, &ignore)
      && t.h.kind == NPY_KIND_FLOAT
      && neuro_file_vector_length (&t, &n, &ignore)
      && n >= 2 && n == f->dense.h.shape[0]) {
    gdouble t0 = npy_get_double (&t.h, t.data, 0);
    gdouble t1 = npy_get_double (&t.h, t.data, n - 1);
    gdouble rate = (n - 1) / (t1 - t0);

    if (st->time_unit == GST_NEURO_FILE_TIME_UNIT_MS)
      rate *= 1000.0;
    if (isfinite (rate) && rate > 0) {
      /* 1e-4 s steps add up to 9999.99999 Hz: snap to the integer */
      if (fabs (rate - round (rate)) < 1e-6 * rate)
        rate = round (rate);
      GST_INFO_OBJECT (f->log, "rate %g Hz from the archive's t", rate);
      st->rate = rate;
    }
  }
  g_clear_error (&ignore);
  neuro_file_array_clear (&t);
}

static gboolean
open_npz (NeuroFile * f, NeuroFileSettings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  Npz z = { 0, };
  char err[256] = "";
  gchar *ukey = NULL, *tkey = NULL;
  gboolean ret = FALSE;

  z.path = st->location;
  z.inflate_limit = st->inflate_limit;
  z.buf = buf;
  z.len = len;
  if (zip_read_directory (buf, len, &z.ents, &z.n, err, sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", st->location, err);
    return FALSE;
  }
  if (st->key) {
    if (npz_array (f, &z, st->key, &f->dense, error)) {
      if (st->rate <= 0 && strcmp (st->key, "t") != 0 && npz_has (&z, "t"))
        rate_from_times (f, &z, st);
      ret = neuro_file_setup_dense (f, st, TRUE, error);
    }
  } else if (npz_has (&z, "i") && npz_has (&z, "t")) {
    /* Brian2 SpikeMonitor: np.savez(f, i=mon.i, t=mon.t / second), or
     * t=mon.t / ms: the values tell */
    ret = npz_array (f, &z, "i", &f->ids, error)
        && npz_array (f, &z, "t", &f->times, error)
        && neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_AUTO,
        error);
  } else if (npz_has (&z, "t") && npz_has (&z, "index")) {
    /* pynapple TsGroup.save(): t in seconds, index = unit of each spike,
     * optional d = a value per spike */
    if (npz_has (&z, "d")) {
      GError *ignore = NULL;

      f->have_values = npz_array (f, &z, "d", &f->values, &ignore);
      g_clear_error (&ignore);
    }
    ret = npz_array (f, &z, "index", &f->ids, error)
        && npz_array (f, &z, "t", &f->times, error)
        && neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_S, error);
  } else if (npz_has (&z, "t") && npz_has (&z, "d")) {
    /* pynapple Tsd / TsdFrame / TsdTensor.save(): samples d at times t */
    if (npz_array (f, &z, "d", &f->dense, error)) {
      if (st->rate <= 0)
        rate_from_times (f, &z, st);
      ret = neuro_file_setup_dense (f, st, FALSE, error);
    }
  } else if (npz_has (&z, "senders") && npz_has (&z, "times")) {
    /* NEST: np.savez(f, **spike_recorder.events): node ids (from 1) and
     * times in ms */
    static const gchar *const nest_keys[] = { "senders", "times", NULL };
    gchar *other = npz_other_keys (&z, nest_keys);

    if (npz_has (&z, "offsets")) {
      SETTINGS_ERROR (error, "%s: NEST events recorded with "
          "time_in_steps=True (times in steps, and offsets), which is not "
          "supported: record with time_in_steps=False (times in ms)",
          st->location);
    } else if (other && st->kind != GST_NEURO_FILE_KIND_SPIKES) {
      SETTINGS_ERROR (error, "%s: NEST events with senders, times and also "
          "%s: a multimeter or voltmeter recording, not spikes (set "
          "kind=spikes to read senders and times as spikes anyway)",
          st->location, other);
    } else {
      ret = npz_array (f, &z, "senders", &f->ids, error)
          && npz_array (f, &z, "times", &f->times, error)
          && neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_MS,
          error);
    }
    g_free (other);
  } else if (npz_find_spike_keys (&z, &ukey, &tkey)) {
    /* named like the CSV columns: the time key may state its unit */
    SpikeListTimeUnit u = spikelist_unit_from_name (tkey);

    ret = npz_array (f, &z, ukey, &f->ids, error)
        && npz_array (f, &z, tkey, &f->times, error)
        && neuro_file_setup_spikes (f, st, u == SPIKELIST_UNIT_MS ?
        GST_NEURO_FILE_TIME_UNIT_MS : u == SPIKELIST_UNIT_S ?
        GST_NEURO_FILE_TIME_UNIT_S : GST_NEURO_FILE_TIME_UNIT_AUTO, error);
  } else if (z.n == 1) {
    gchar *k = g_strndup (z.ents[0].name, MAX (strlen (z.ents[0].name), 4)
        - 4);

    if (npz_array (f, &z, k, &f->dense, error))
      ret = neuro_file_setup_dense (f, st, TRUE, error);
    g_free (k);
  } else {
    gchar *keys = npz_keys (&z);

    SETTINGS_ERROR (error, "%s: cannot tell which arrays to read (keys: "
        "%s); set 'key', or save spikes as i and t (Brian2), t and index "
        "(pynapple) or senders and times (NEST)", st->location, keys);
    g_free (keys);
  }
  g_free (ukey);
  g_free (tkey);
  npz_clear (&z);
  return ret;
}

static gboolean
read_sample_rate (const gchar * params, gdouble * rate, GError ** error)
{
  GMappedFile *m;
  gchar *text = NULL;
  gchar **lines, **l;
  gboolean ret = FALSE;
  gsize len;

  /* Phy writes a few lines: a much larger file is not a params.py, and
   * would be read whole and split into one allocation per line */
  m = g_mapped_file_new (params, FALSE, NULL);
  if (m == NULL)
    goto no_rate;
  len = g_mapped_file_get_length (m);
  if (len == 0) {
    g_mapped_file_unref (m);
    goto no_rate;
  }
  if (len > MAX_PARAMS_SIZE) {
    FORMAT_ERROR (error, "%s: %" G_GSIZE_FORMAT " bytes, more than the %d "
        "read from a params.py", params, len, MAX_PARAMS_SIZE);
    g_mapped_file_unref (m);
    return FALSE;
  }
  text = g_strndup (g_mapped_file_get_contents (m), len);
  g_mapped_file_unref (m);
  lines = g_strsplit (text, "\n", -1);
  for (l = lines; *l; l++) {
    gchar *s = g_strstrip (*l);
    gchar *end;

    if (!g_str_has_prefix (s, "sample_rate"))
      continue;
    s += strlen ("sample_rate");
    while (*s == ' ' || *s == '\t')
      s++;
    if (*s != '=')
      continue;
    *rate = g_ascii_strtod (s + 1, &end);
    if (end != s + 1 && *rate > 0 && isfinite (*rate)) {
      ret = TRUE;
      break;
    }
  }
  g_strfreev (lines);
  g_free (text);
  if (ret)
    return TRUE;
no_rate:
  FORMAT_ERROR (error, "%s: no 'sample_rate = <Hz>' line", params);
  return FALSE;
}

static gboolean
open_phy (NeuroFile * f, NeuroFileSettings * st, GError ** error)
{
  gchar *times = g_build_filename (st->location, "spike_times.npy", NULL);
  gchar *clusters = g_build_filename (st->location, "spike_clusters.npy",
      NULL);
  gchar *params = g_build_filename (st->location, "params.py", NULL);
  gchar *amps = g_build_filename (st->location, "amplitudes.npy", NULL);
  const guint8 *buf;
  gsize len;
  gboolean ret = FALSE;

  if (!g_file_test (times, G_FILE_TEST_IS_REGULAR)) {
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
        "%s: not a Kilosort/Phy folder (no spike_times.npy)", st->location);
    goto done;
  }
  if (!g_file_test (clusters, G_FILE_TEST_IS_REGULAR)) {
    g_free (clusters);
    clusters = g_build_filename (st->location, "spike_templates.npy", NULL);
    if (!g_file_test (clusters, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "%s: Kilosort/Phy folder without spike_clusters.npy or "
          "spike_templates.npy", st->location);
      goto done;
    }
  }
  if (st->rate <= 0) {
    if (!g_file_test (params, G_FILE_TEST_IS_REGULAR)) {
      g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND,
          "%s: Kilosort/Phy folder without params.py, which gives "
          "sample_rate; set 'rate' to read it anyway", st->location);
      goto done;
    }
    if (!read_sample_rate (params, &st->rate, error))
      goto done;
  }
  if (!map_file (f, times, &buf, &len, error)
      || !array_from_npy (buf, len, times, &f->times, error))
    goto done;
  if (!map_file (f, clusters, &buf, &len, error)
      || !array_from_npy (buf, len, clusters, &f->ids, error))
    goto done;
  if (g_file_test (amps, G_FILE_TEST_IS_REGULAR)) {
    GError *ignore = NULL;

    /* optional: spike amplitudes become the record's value */
    if (map_file (f, amps, &buf, &len, &ignore)
        && array_from_npy (buf, len, amps, &f->values, &ignore))
      f->have_values = TRUE;
    g_clear_error (&ignore);
  }
  ret = neuro_file_setup_spikes (f, st, GST_NEURO_FILE_TIME_UNIT_SAMPLES,
      error);
done:
  g_free (times);
  g_free (clusters);
  g_free (params);
  g_free (amps);
  return ret;
}

/* NEST names its files <label>-<node id>-<vp>.<ext>: .gdf (NEST 2 spike
 * detectors) or, without a label, spike_recorder-... / spike_detector-...
 * Headerless NEST files say nothing else about themselves. */
static gboolean
is_nest_file_name (const gchar * location)
{
  gchar *base = g_path_get_basename (location);
  gchar *lower = g_ascii_strdown (base, -1);
  gboolean ret = g_str_has_suffix (lower, ".gdf")
      || g_str_has_prefix (lower, "spike_recorder-")
      || g_str_has_prefix (lower, "spike_detector-");

  g_free (lower);
  g_free (base);
  return ret;
}

static gboolean
open_text (NeuroFile * f, const NeuroFileSettings * st, const guint8 * buf,
    gsize len, GError ** error)
{
  char err[256] = "";
  GstNeuroFileTimeUnit auto_unit;

  if (spikelist_parse ((const char *) buf, len, &f->text, err,
          sizeof (err)) != 0) {
    FORMAT_ERROR (error, "%s: %s", st->location, err);
    return FALSE;
  }
  /* the column name, else NEST's ms, else the values decide */
  if (f->text.time_unit == SPIKELIST_UNIT_MS)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_MS;
  else if (f->text.time_unit == SPIKELIST_UNIT_S)
    auto_unit = GST_NEURO_FILE_TIME_UNIT_S;
  else if (f->text.is_nest || is_nest_file_name (st->location))
    auto_unit = GST_NEURO_FILE_TIME_UNIT_MS;
  else
    auto_unit = GST_NEURO_FILE_TIME_UNIT_AUTO;
  return neuro_file_setup_text (f, st, auto_unit, error);
}

static gboolean
open_source (NeuroFile * f, NeuroFileSettings * st, GError ** error)
{
  GObject *log = f->log ? G_OBJECT (f->log) : NULL;
  const guint8 *buf;
  gsize len;

  if ((log == NULL || g_object_get_qdata (log, byte_source_quark ()) == NULL)
      && g_file_test (st->location, G_FILE_TEST_IS_DIR))
    return open_phy (f, st, error);
  if (!map_location (f, st, log, &buf, &len, error))
    return FALSE;
  if (len >= NPY_MAGIC_LEN && memcmp (buf, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
    return open_npy (f, st, buf, len, error);
  if (len >= 4 && buf[0] == 'P' && buf[1] == 'K'
      && ((buf[2] == 3 && buf[3] == 4) || (buf[2] == 5 && buf[3] == 6)))
    return open_npz (f, st, buf, len, error);
  if (len >= 1 && buf[0] == 0x93) {
    FORMAT_ERROR (error, "%s: truncated .npy file (incomplete magic)",
        st->location);
    return FALSE;
  }
  if (spikelist_looks_like_text (buf, MIN (len, 65536)))
    return open_text (f, st, buf, len, error);
  g_set_error (error, GST_STREAM_ERROR, GST_STREAM_ERROR_WRONG_TYPE,
      "%s: unrecognised format (expected .npy, .npz, a Kilosort/Phy folder, "
      "CSV/TSV or NEST text)", st->location);
  return FALSE;
}
void
neuro_file_clear (NeuroFile * f)
{
  g_clear_pointer (&f->maps, g_ptr_array_unref);
  g_clear_pointer (&f->owned, g_ptr_array_unref);
  neuro_file_array_clear (&f->times);
  neuro_file_array_clear (&f->ids);
  neuro_file_array_clear (&f->values);
  neuro_file_array_clear (&f->dense);
  spikelist_clear (&f->text);
  memset (f, 0, sizeof (*f));
  f->mode = NEURO_FILE_OUT_NONE;
  f->duration = GST_CLOCK_TIME_NONE;
}

void
neuro_file_settings_clear (NeuroFileSettings * st)
{
  g_clear_pointer (&st->location, g_free);
  g_clear_pointer (&st->times_location, g_free);
  g_clear_pointer (&st->key, g_free);
}

gboolean
neuro_file_open (NeuroFile * f, NeuroFileSettings * st, GstObject * log,
    GError ** error)
{
  static gsize debug_once = 0;

  if (g_once_init_enter (&debug_once)) {
    GST_DEBUG_CATEGORY_INIT (neuro_file_open_debug, "neurofileopen", 0,
        "opening neural data files (neurofilesrc, neurodecodebin)");
    g_once_init_leave (&debug_once, 1);
  }
  neuro_file_clear (f);
  f->log = log;
  f->maps = g_ptr_array_new_with_free_func ((GDestroyNotify)
      g_mapped_file_unref);
  f->owned = g_ptr_array_new_with_free_func (g_free);
  if (open_source (f, st, error))
    return TRUE;
  neuro_file_clear (f);
  return FALSE;
}
