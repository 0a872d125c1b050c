/* gst-neuroviz — minimal ZIP directory reader: see zipdir.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "zipdir.h"
#include "lebytes.h"
#include "parseerr.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SIG_EOCD    0x06054b50u
#define SIG_EOCD64L 0x07064b50u
#define SIG_EOCD64  0x06064b50u
#define SIG_CDIR    0x02014b50u
#define SIG_LOCAL   0x04034b50u

/* Applies the ZIP64 extended information extra field (id 1) to the fields
 * that hold 0xFFFFFFFF in the 32-bit header. */
static int
apply_zip64_extra (const uint8_t * x, uint32_t xlen, ZipEntry * e,
    int need_uncomp, int need_comp, int need_off)
{
  uint32_t pos = 0;

  while (pos + 4 <= xlen) {
    uint16_t id = le_read16 (x + pos), sz = le_read16 (x + pos + 2);
    const uint8_t *d = x + pos + 4;
    uint32_t k = 0;

    if (pos + 4 + sz > xlen)
      return -1;
    if (id == 0x0001) {
      if (need_uncomp) {
        if (k + 8 > sz)
          return -1;
        e->uncomp_size = le_read64 (d + k);
        k += 8;
      }
      if (need_comp) {
        if (k + 8 > sz)
          return -1;
        e->comp_size = le_read64 (d + k);
        k += 8;
      }
      if (need_off) {
        if (k + 8 > sz)
          return -1;
        e->local_offset = le_read64 (d + k);
        k += 8;
      }
      return 0;
    }
    pos += 4 + sz;
  }
  return (need_uncomp || need_comp || need_off) ? -1 : 0;
}

/* Finds the end of central directory record (and its ZIP64 twin) and
 * reads where the directory is and how many entries it has. */
static int
read_end_records (const uint8_t * buf, uint64_t len, uint64_t * count,
    uint64_t * cd_off, uint64_t * cd_size, char *err, size_t errlen)
{
  uint64_t eocd = UINT64_MAX, pos, lo;

  lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
  for (pos = len - 22 + 1; pos-- > lo;) {
    if (le_read32 (buf + pos) == SIG_EOCD
        && pos + 22 + le_read16 (buf + pos + 20) <= len) {
      eocd = pos;
      break;
    }
  }
  if (eocd == UINT64_MAX) {
    set_err (err, errlen, "ZIP end of central directory not found "
        "(truncated or not a .npz archive)");
    return -1;
  }
  *count = le_read16 (buf + eocd + 10);
  *cd_size = le_read32 (buf + eocd + 12);
  *cd_off = le_read32 (buf + eocd + 16);
  if (le_read16 (buf + eocd + 4) != 0 || le_read16 (buf + eocd + 6) != 0) {
    set_err (err, errlen, "multi-part ZIP archives are not supported");
    return -1;
  }
  if (*count == 0xffff || *cd_size == 0xffffffffu || *cd_off == 0xffffffffu) {
    uint64_t z;

    if (eocd < 20 || le_read32 (buf + eocd - 20) != SIG_EOCD64L) {
      set_err (err, errlen, "ZIP64 end of central directory locator missing");
      return -1;
    }
    z = le_read64 (buf + eocd - 20 + 8);
    if (z > len || len - z < 56 || le_read32 (buf + z) != SIG_EOCD64) {
      set_err (err, errlen, "ZIP64 end of central directory record missing "
          "or out of bounds");
      return -1;
    }
    *count = le_read64 (buf + z + 32);
    *cd_size = le_read64 (buf + z + 40);
    *cd_off = le_read64 (buf + z + 48);
  }
  return 0;
}

/* Checks member @e's local header and sets where its data starts. */
static int
locate_data (const uint8_t * buf, uint64_t len, ZipEntry * e, char *err,
    size_t errlen)
{
  /* the local header's name and extra lengths may differ from the
   * directory's copy */
  uint64_t lh = e->local_offset, lnlen, lxlen;

  if (lh > len || len - lh < 30 || le_read32 (buf + lh) != SIG_LOCAL) {
    set_err (err, errlen, "ZIP member '%s': local header missing or out "
        "of bounds (truncated archive?)", e->name);
    return -1;
  }
  lnlen = le_read16 (buf + lh + 26);
  lxlen = le_read16 (buf + lh + 28);
  e->data_offset = lh + 30 + lnlen + lxlen;
  if (e->data_offset > len || e->comp_size > len - e->data_offset) {
    set_err (err, errlen, "ZIP member '%s': %" PRIu64 " bytes of data do "
        "not fit in the file (truncated archive?)", e->name, e->comp_size);
    return -1;
  }
  if (e->method == ZIP_METHOD_STORED && e->comp_size != e->uncomp_size) {
    set_err (err, errlen, "ZIP member '%s': stored but sizes differ",
        e->name);
    return -1;
  }
  if (e->method != ZIP_METHOD_STORED && e->method != ZIP_METHOD_DEFLATE) {
    set_err (err, errlen, "ZIP member '%s': compression method %u is not "
        "supported (only stored and deflate, as numpy writes)", e->name,
        e->method);
    return -1;
  }
  return 0;
}

/* Reads directory entry @i at @pos (the directory ends at @cd_end) into
 * @e; @next gets the position of the following entry. */
static int
read_entry (const uint8_t * buf, uint64_t len, uint64_t pos, uint64_t cd_end,
    uint64_t i, ZipEntry * e, uint64_t * next, char *err, size_t errlen)
{
  uint32_t nlen, xlen, clen, c32, u32, o32;

  if (pos > cd_end || cd_end - pos < 46 || le_read32 (buf + pos) != SIG_CDIR) {
    set_err (err, errlen, "ZIP central directory entry %" PRIu64
        " is malformed", i);
    return -1;
  }
  e->flags = le_read16 (buf + pos + 8);
  e->method = le_read16 (buf + pos + 10);
  e->crc32 = le_read32 (buf + pos + 16);
  c32 = le_read32 (buf + pos + 20);
  u32 = le_read32 (buf + pos + 24);
  nlen = le_read16 (buf + pos + 28);
  xlen = le_read16 (buf + pos + 30);
  clen = le_read16 (buf + pos + 32);
  o32 = le_read32 (buf + pos + 42);
  if (cd_end - pos - 46 < (uint64_t) nlen + xlen + clen) {
    set_err (err, errlen, "ZIP central directory entry %" PRIu64
        " runs past the directory", i);
    return -1;
  }
  if (nlen >= sizeof (e->name)) {
    set_err (err, errlen, "ZIP member name longer than %zu bytes",
        sizeof (e->name) - 1);
    return -1;
  }
  memcpy (e->name, buf + pos + 46, nlen);
  e->name[nlen] = '\0';
  if (memchr (e->name, '\0', nlen) != NULL) {
    set_err (err, errlen, "ZIP member name contains a NUL byte");
    return -1;
  }
  e->comp_size = c32;
  e->uncomp_size = u32;
  e->local_offset = o32;
  if (apply_zip64_extra (buf + pos + 46 + nlen, xlen, e,
          u32 == 0xffffffffu, c32 == 0xffffffffu, o32 == 0xffffffffu) != 0) {
    set_err (err, errlen, "ZIP member '%s': malformed ZIP64 extra field",
        e->name);
    return -1;
  }
  if (e->flags & 1) {
    set_err (err, errlen, "ZIP member '%s' is encrypted", e->name);
    return -1;
  }
  if (locate_data (buf, len, e, err, errlen) != 0)
    return -1;
  *next = pos + 46 + (uint64_t) nlen + xlen + clen;
  return 0;
}

int
zip_read_directory (const uint8_t * buf, uint64_t len, ZipEntry ** entries,
    size_t * n_entries, char *err, size_t errlen)
{
  uint64_t pos, cd_off, cd_size, count, i;
  ZipEntry *ents = NULL;

  *entries = NULL;
  *n_entries = 0;
  if (len < 22) {
    set_err (err, errlen, "not a ZIP archive (too short)");
    return -1;
  }
  if (read_end_records (buf, len, &count, &cd_off, &cd_size, err,
          errlen) != 0)
    return -1;
  if (cd_off > len || cd_size > len - cd_off) {
    set_err (err, errlen, "ZIP central directory lies outside the file "
        "(truncated archive?)");
    return -1;
  }
  if (count > ZIP_MAX_ENTRIES || count > cd_size / 46 + 1) {
    set_err (err, errlen, "ZIP directory claims %" PRIu64 " entries, which "
        "does not fit", count);
    return -1;
  }
  if (count == 0) {
    set_err (err, errlen, "ZIP archive is empty");
    return -1;
  }
  ents = calloc (count, sizeof (ZipEntry));
  if (ents == NULL) {
    set_err (err, errlen, "out of memory");
    return -1;
  }
  pos = cd_off;
  for (i = 0; i < count; i++) {
    if (read_entry (buf, len, pos, cd_off + cd_size, i, &ents[i], &pos, err,
            errlen) != 0) {
      free (ents);
      return -1;
    }
  }
  *entries = ents;
  *n_entries = count;
  return 0;
}

const ZipEntry *
zip_find (const ZipEntry * entries, size_t n, const char *name)
{
  size_t i;

  for (i = 0; i < n; i++)
    if (strcmp (entries[i].name, name) == 0)
      return &entries[i];
  return NULL;
}

int
zip_extract (const uint8_t * buf, uint64_t len, const ZipEntry * e,
    ZipSink sink, void *user_data, char *err, size_t errlen)
{
  const uint8_t *src = buf + e->data_offset;
  uint64_t total = 0;
  uLong crc = crc32 (0L, Z_NULL, 0);

  if (e->data_offset > len || e->comp_size > len - e->data_offset) {
    set_err (err, errlen, "ZIP member '%s' is out of bounds", e->name);
    return -1;
  }
  if (e->method == ZIP_METHOD_STORED) {
    uint64_t off = 0;

    while (off < e->comp_size) {
      size_t n = (size_t) ((e->comp_size - off) > (1u << 20) ? (1u << 20) :
          (e->comp_size - off));

      crc = crc32 (crc, src + off, (uInt) n);
      if (sink (user_data, src + off, n) != 0) {
        set_err (err, errlen, "ZIP member '%s': storing the data failed "
            "after %" PRIu64 " bytes", e->name, off);
        return -1;
      }
      off += n;
    }
    total = e->comp_size;
  } else {
    z_stream z;
    uint8_t out[65536];
    uint64_t in_left = e->comp_size;
    int ret = Z_OK;

    memset (&z, 0, sizeof (z));
    if (inflateInit2 (&z, -MAX_WBITS) != Z_OK) {
      set_err (err, errlen, "zlib initialisation failed");
      return -1;
    }
    z.next_in = (Bytef *) src;
    while (ret != Z_STREAM_END) {
      size_t have;

      if (z.avail_in == 0 && in_left > 0) {
        uInt chunk = in_left > (1u << 30) ? (1u << 30) : (uInt) in_left;
        z.avail_in = chunk;
        in_left -= chunk;
      }
      z.next_out = out;
      z.avail_out = sizeof (out);
      ret = inflate (&z, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END) {
        if (ret == Z_BUF_ERROR && z.avail_in == 0 && in_left == 0)
          set_err (err, errlen, "ZIP member '%s': compressed data ends "
              "early (truncated archive?)", e->name);
        else
          set_err (err, errlen, "ZIP member '%s': corrupt deflate data (%s)",
              e->name, z.msg ? z.msg : "zlib error");
        inflateEnd (&z);
        return -1;
      }
      have = sizeof (out) - z.avail_out;
      total += have;
      if (total > e->uncomp_size) {
        set_err (err, errlen, "ZIP member '%s' inflates to more than the "
            "%" PRIu64 " bytes its directory entry says", e->name,
            e->uncomp_size);
        inflateEnd (&z);
        return -1;
      }
      crc = crc32 (crc, out, (uInt) have);
      if (have && sink (user_data, out, have) != 0) {
        set_err (err, errlen, "ZIP member '%s': storing the inflated data "
            "failed after %" PRIu64 " bytes", e->name, total - have);
        inflateEnd (&z);
        return -1;
      }
      if (ret == Z_OK && have == 0 && z.avail_in == 0 && in_left == 0) {
        set_err (err, errlen, "ZIP member '%s': compressed data ends early "
            "(truncated archive?)", e->name);
        inflateEnd (&z);
        return -1;
      }
    }
    inflateEnd (&z);
  }
  if (total != e->uncomp_size) {
    set_err (err, errlen, "ZIP member '%s' holds %" PRIu64 " bytes, its "
        "directory entry says %" PRIu64, e->name, total, e->uncomp_size);
    return -1;
  }
  if ((uint32_t) crc != e->crc32) {
    set_err (err, errlen, "ZIP member '%s' fails its CRC-32 check (corrupt "
        "archive)", e->name);
    return -1;
  }
  return 0;
}
