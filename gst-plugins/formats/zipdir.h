/* gst-neuroviz — minimal ZIP reader for NumPy .npz archives.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Plain C (zlib only), like the rest of the format library, so that fuzz
 * targets can link it.  Reads the central
 * directory (with ZIP64 end records and extra fields), locates each member's
 * data and inflates deflate-compressed members through a caller-supplied
 * sink, so that nothing larger than zlib's window has to be in memory.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ZIP_METHOD_STORED 0
#define ZIP_METHOD_DEFLATE 8
#define ZIP_MAX_ENTRIES 65536

typedef struct
{
  char name[256];
  uint16_t method;
  uint16_t flags;
  uint32_t crc32;
  uint64_t comp_size;
  uint64_t uncomp_size;
  uint64_t local_offset;
  uint64_t data_offset;         /* first byte of the (compressed) data */
} ZipEntry;

/* Reads the directory of the archive in @buf.  On success returns 0 and a
 * malloc()ed array in @entries (free() it).  On failure returns -1 with a
 * message in @err. */
int zip_read_directory (const uint8_t * buf, uint64_t len,
    ZipEntry ** entries, size_t * n_entries, char *err, size_t errlen);

/* Returns the entry called @name, or NULL. */
const ZipEntry *zip_find (const ZipEntry * entries, size_t n,
    const char *name);

/* Receives inflated data; returns 0 to continue, non-zero to abort. */
typedef int (*ZipSink) (void *user_data, const uint8_t * data, size_t len);

/* Decompresses (or copies, for stored members) the data of @e, passing it
 * to @sink in pieces.  Checks the size and CRC-32.  Returns 0 or -1 with
 * @err set. */
int zip_extract (const uint8_t * buf, uint64_t len, const ZipEntry * e,
    ZipSink sink, void *user_data, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
