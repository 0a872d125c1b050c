/* gst-neuroviz — NumPy .npy header parser and element reader.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Part of the format library (gst-plugins/formats/): plain C, no GStreamer
 * and no GLib, so that the fuzz targets link it alone.  Named npyformat so
 * that it is not taken for the npyparse element, one of its users.
 * Supports format versions 1.0, 2.0 and 3.0, every fixed-size numeric dtype
 * (bool, signed/unsigned integers of 1..8 bytes, float16/32/64, either byte
 * order), C and Fortran order.  Object, string, complex, datetime and
 * structured dtypes are refused with an explanation, never interpreted.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_MAX_DIMS 8
/* numpy itself refuses headers above this size (since 1.24 by default). */
#define NPY_MAX_HEADER_LEN (1u << 20)

typedef enum
{
  NPY_KIND_BOOL,
  NPY_KIND_INT,
  NPY_KIND_UINT,
  NPY_KIND_FLOAT
} NpyKind;

typedef struct
{
  int major;
  int minor;
  NpyKind kind;
  int itemsize;                 /* 1, 2, 4 or 8 */
  int big_endian;
  int fortran_order;
  int ndim;
  uint64_t shape[NPY_MAX_DIMS];
  uint64_t count;               /* product of shape, 1 for a 0-d array */
  uint64_t header_size;         /* bytes before the data (magic included) */
  uint64_t data_size;           /* count * itemsize */
  char descr[32];
} NpyHeader;

typedef enum
{
  NPY_OK = 0,
  NPY_ERROR = -1,
  NPY_NEED_MORE = 1             /* buffer too short to hold the header */
} NpyResult;

/* Parses the header at the start of @buf.  On NPY_ERROR a message is written
 * to @err.  Does not check that the data is present: compare
 * header_size + data_size with the file size with npy_check_size(). */
NpyResult npy_parse_header (const uint8_t * buf, size_t len, NpyHeader * h,
    char *err, size_t errlen);

/* Checks that @avail bytes (the whole .npy) hold header and data exactly
 * (numpy writes nothing after the data; anything else means a truncated or
 * mislabelled file).  Returns 0 or -1 with @err set. */
int npy_check_size (const NpyHeader * h, uint64_t avail, char *err,
    size_t errlen);

/* "(10, 8)" */
void npy_shape_string (const NpyHeader * h, char *out, size_t outlen);

/* Memory index (in elements) of the element at C-order multi-index @idx. */
uint64_t npy_memory_index (const NpyHeader * h, const uint64_t * idx);

/* Memory index of element [row, col] of a 2-d (or [row] of a 1-d) array. */
uint64_t npy_index2 (const NpyHeader * h, uint64_t row, uint64_t col);

/* Value of element at memory index @i of @data (which starts after the
 * header).  Integers convert exactly up to 2^53. */
double npy_get_double (const NpyHeader * h, const uint8_t * data, uint64_t i);

/* Value as a signed 64-bit integer; floats are truncated, unsigned values
 * above INT64_MAX are clamped to INT64_MAX. */
int64_t npy_get_int64 (const NpyHeader * h, const uint8_t * data, uint64_t i);

/* IEEE 754 half to float. */
float npy_half_to_float (uint16_t h);

/* Writes the elements at memory indices @first .. @first + @n - 1 of @data
 * to @out as float32 little-endian (F32LE: 4 * @n bytes, any alignment),
 * whatever the dtype, its byte order and the host's.  A float32 '<f4'
 * array is copied as it is. */
void npy_to_f32le (const NpyHeader * h, const uint8_t * data, uint64_t first,
    uint64_t n, uint8_t * out);

#ifdef __cplusplus
}
#endif
