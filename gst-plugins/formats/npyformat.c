/* gst-neuroviz — NumPy .npy header parser: see npyformat.h.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The header is a Python dict literal such as
 *   {'descr': '<f4', 'fortran_order': False, 'shape': (10, 8), }
 * padded with spaces and a newline (to 64 bytes by numpy, to 16 by
 * npy-matlab).  Only this small subset of Python literal syntax is accepted:
 * quoted strings, True/False, tuples of integers (with an optional Python 2
 * 'L' suffix) and, so that they can be refused by name, lists (structured
 * dtypes).
 */
#include "npyformat.h"
#include "lebytes.h"
#include "parseerr.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  const char *p;
  const char *end;
} Lex;

static void
skip_ws (Lex * l)
{
  while (l->p < l->end && (*l->p == ' ' || *l->p == '\t' || *l->p == '\n'
          || *l->p == '\r'))
    l->p++;
}

static int
accept (Lex * l, char c)
{
  skip_ws (l);
  if (l->p < l->end && *l->p == c) {
    l->p++;
    return 1;
  }
  return 0;
}

/* Reads a quoted string into @out (truncated to @outlen - 1).  Returns 0 on
 * success. */
static int
read_string (Lex * l, char *out, size_t outlen)
{
  char q;
  size_t n = 0;

  skip_ws (l);
  if (l->p >= l->end || (*l->p != '\'' && *l->p != '"'))
    return -1;
  q = *l->p++;
  while (l->p < l->end && *l->p != q) {
    if (*l->p == '\\')
      return -1;                /* numpy never escapes: refuse, never guess */
    if (n + 1 < outlen)
      out[n++] = *l->p;
    l->p++;
  }
  if (l->p >= l->end)
    return -1;
  l->p++;
  if (outlen)
    out[n] = '\0';
  return 0;
}

static int
match_word (Lex * l, const char *w)
{
  size_t n = strlen (w);

  skip_ws (l);
  if ((size_t) (l->end - l->p) >= n && memcmp (l->p, w, n) == 0) {
    l->p += n;
    return 1;
  }
  return 0;
}

/* Parses the dtype string; fills kind/itemsize/endianness. */
static int
parse_descr (const char *d, NpyHeader * h, char *err, size_t errlen)
{
  char order, type;
  int size = 0;
  const char *s;

  if (strlen (d) < 2) {
    set_err (err, errlen, "unknown dtype '%s'", d);
    return -1;
  }
  order = d[0];
  type = d[1];
  if (order != '<' && order != '>' && order != '|' && order != '=') {
    /* Some writers omit the byte order for one-byte types. */
    order = '|';
    type = d[0];
    s = d + 1;
  } else {
    s = d + 2;
  }
  if (type == 'O') {
    set_err (err, errlen, "object arrays (dtype '%s') are not supported: "
        "they hold Python pickles, which are never executed; save a numeric "
        "array instead", d);
    return -1;
  }
  if (*s == '\0' || strlen (s) > 2) {
    set_err (err, errlen, "unknown dtype '%s'", d);
    return -1;
  }
  for (; *s; s++) {
    if (*s < '0' || *s > '9') {
      set_err (err, errlen, "unknown dtype '%s'", d);
      return -1;
    }
    size = size * 10 + (*s - '0');
  }
  h->big_endian = (order == '>');
  h->itemsize = size;
  switch (type) {
    case 'b':
      if (size != 1)
        goto unknown;
      h->kind = NPY_KIND_BOOL;
      break;
    case 'i':
      if (size != 1 && size != 2 && size != 4 && size != 8)
        goto unknown;
      h->kind = NPY_KIND_INT;
      break;
    case 'u':
      if (size != 1 && size != 2 && size != 4 && size != 8)
        goto unknown;
      h->kind = NPY_KIND_UINT;
      break;
    case 'f':
      if (size != 2 && size != 4 && size != 8) {
        set_err (err, errlen, "unsupported dtype '%s' (float%d): use "
            "float16, float32 or float64", d, size * 8);
        return -1;
      }
      h->kind = NPY_KIND_FLOAT;
      break;
    case 'c':
      set_err (err, errlen, "unsupported dtype '%s': complex numbers; save "
          "np.abs() or the real part", d);
      return -1;
    case 'M':
    case 'm':
      set_err (err, errlen, "unsupported dtype '%s': datetime/timedelta; "
          "save times as float seconds or integer samples", d);
      return -1;
    case 'S':
    case 'U':
    case 'a':
    case 'V':
      set_err (err, errlen, "unsupported dtype '%s': strings or raw bytes "
          "are not numeric data", d);
      return -1;
    default:
      goto unknown;
  }
  if (size == 1)
    h->big_endian = 0;
  return 0;

unknown:
  set_err (err, errlen, "unknown dtype '%s'", d);
  return -1;
}

static int
parse_shape (Lex * l, NpyHeader * h, char *err, size_t errlen)
{
  int nd = 0;

  if (!accept (l, '(')) {
    set_err (err, errlen, "header: 'shape' is not a tuple");
    return -1;
  }
  for (;;) {
    uint64_t v = 0;
    int digits = 0;

    if (accept (l, ')'))
      break;
    skip_ws (l);
    while (l->p < l->end && *l->p >= '0' && *l->p <= '9') {
      unsigned dgt = (unsigned) (*l->p - '0');
      if (v > (UINT64_MAX - dgt) / 10) {
        set_err (err, errlen, "header: shape dimension too large");
        return -1;
      }
      v = v * 10 + dgt;
      l->p++;
      digits++;
    }
    if (digits == 0) {
      set_err (err, errlen, "header: malformed shape");
      return -1;
    }
    if (l->p < l->end && (*l->p == 'L' || *l->p == 'l'))
      l->p++;
    if (nd >= NPY_MAX_DIMS) {
      set_err (err, errlen, "header: more than %d dimensions", NPY_MAX_DIMS);
      return -1;
    }
    h->shape[nd++] = v;
    if (accept (l, ','))
      continue;
    if (accept (l, ')'))
      break;
    set_err (err, errlen, "header: malformed shape");
    return -1;
  }
  h->ndim = nd;
  return 0;
}

NpyResult
npy_parse_header (const uint8_t * buf, size_t len, NpyHeader * h,
    char *err, size_t errlen)
{
  uint64_t hlen, pre;
  Lex l;
  int have_descr = 0, have_order = 0, have_shape = 0, i;
  char descr[32];

  memset (h, 0, sizeof (*h));
  if (len < 10)
    return NPY_NEED_MORE;
  if (memcmp (buf, NPY_MAGIC, NPY_MAGIC_LEN) != 0) {
    set_err (err, errlen, "not a NumPy .npy file (no \\x93NUMPY magic)");
    return NPY_ERROR;
  }
  h->major = buf[6];
  h->minor = buf[7];
  if (h->major == 1) {
    hlen = (uint64_t) buf[8] | ((uint64_t) buf[9] << 8);
    pre = 10;
  } else if (h->major == 2 || h->major == 3) {
    if (len < 12)
      return NPY_NEED_MORE;
    hlen = le_read32 (buf + 8);
    pre = 12;
  } else {
    set_err (err, errlen, "unsupported .npy format version %d.%d "
        "(1.0, 2.0 and 3.0 are known)", h->major, h->minor);
    return NPY_ERROR;
  }
  if (hlen > NPY_MAX_HEADER_LEN) {
    set_err (err, errlen, "header length %" PRIu64 " is implausibly large",
        hlen);
    return NPY_ERROR;
  }
  if (pre + hlen > len)
    return NPY_NEED_MORE;
  h->header_size = pre + hlen;

  l.p = (const char *) buf + pre;
  l.end = l.p + hlen;
  if (!accept (&l, '{')) {
    set_err (err, errlen, "header is not a Python dict literal");
    return NPY_ERROR;
  }
  for (;;) {
    char key[32];

    if (accept (&l, '}'))
      break;
    if (read_string (&l, key, sizeof (key)) != 0 || !accept (&l, ':')) {
      set_err (err, errlen, "malformed header dict");
      return NPY_ERROR;
    }
    if (strcmp (key, "descr") == 0) {
      skip_ws (&l);
      if (l.p < l.end && *l.p == '[') {
        set_err (err, errlen, "structured (record) dtypes are not "
            "supported: save each field as its own array");
        return NPY_ERROR;
      }
      if (read_string (&l, descr, sizeof (descr)) != 0) {
        set_err (err, errlen, "header: malformed 'descr'");
        return NPY_ERROR;
      }
      have_descr = 1;
    } else if (strcmp (key, "fortran_order") == 0) {
      if (match_word (&l, "True"))
        h->fortran_order = 1;
      else if (match_word (&l, "False"))
        h->fortran_order = 0;
      else {
        set_err (err, errlen, "header: 'fortran_order' is not True/False");
        return NPY_ERROR;
      }
      have_order = 1;
    } else if (strcmp (key, "shape") == 0) {
      if (parse_shape (&l, h, err, errlen) != 0)
        return NPY_ERROR;
      have_shape = 1;
    } else {
      set_err (err, errlen, "header: unexpected key '%s'", key);
      return NPY_ERROR;
    }
    if (accept (&l, ','))
      continue;
    if (accept (&l, '}'))
      break;
    set_err (err, errlen, "malformed header dict");
    return NPY_ERROR;
  }
  if (!have_descr || !have_order || !have_shape) {
    set_err (err, errlen, "header lacks '%s'", !have_descr ? "descr" :
        !have_order ? "fortran_order" : "shape");
    return NPY_ERROR;
  }
  snprintf (h->descr, sizeof (h->descr), "%s", descr);
  if (parse_descr (descr, h, err, errlen) != 0)
    return NPY_ERROR;

  h->count = 1;
  for (i = 0; i < h->ndim; i++) {
    if (h->shape[i] != 0 && h->count > UINT64_MAX / h->shape[i]) {
      set_err (err, errlen, "shape product overflows (dimension %d = %"
          PRIu64 ")", i, h->shape[i]);
      return NPY_ERROR;
    }
    h->count *= h->shape[i];
  }
  if (h->count > UINT64_MAX / (uint64_t) h->itemsize
      || h->count * h->itemsize > UINT64_MAX - h->header_size) {
    set_err (err, errlen, "shape product overflows");
    return NPY_ERROR;
  }
  h->data_size = h->count * h->itemsize;
  return NPY_OK;
}

int
npy_check_size (const NpyHeader * h, uint64_t avail, char *err, size_t errlen)
{
  if (avail < h->header_size) {
    set_err (err, errlen, "header is longer (%" PRIu64 " bytes) than the "
        "file (%" PRIu64 " bytes)", h->header_size, avail);
    return -1;
  }
  if (avail - h->header_size != h->data_size) {
    char shape[128];

    npy_shape_string (h, shape, sizeof (shape));
    set_err (err, errlen, "shape %s of %s needs %" PRIu64 " bytes of data "
        "but %" PRIu64 " follow the header (%s)",
        shape, h->descr, h->data_size, avail - h->header_size,
        avail - h->header_size < h->data_size ? "truncated file?" :
        "the shape disagrees with the file size");
    return -1;
  }
  return 0;
}

void
npy_shape_string (const NpyHeader * h, char *out, size_t outlen)
{
  size_t n = 0;
  int i;

  if (outlen == 0)
    return;
  n += snprintf (out, outlen, "(");
  for (i = 0; i < h->ndim && n < outlen; i++)
    n += snprintf (out + n, outlen - n, "%s%" PRIu64, i ? ", " : "",
        h->shape[i]);
  if (n < outlen)
    snprintf (out + n, outlen - n, "%s)", h->ndim == 1 ? "," : "");
}

uint64_t
npy_memory_index (const NpyHeader * h, const uint64_t * idx)
{
  uint64_t off = 0, stride = 1;
  int i;

  if (h->fortran_order) {
    for (i = 0; i < h->ndim; i++) {
      off += idx[i] * stride;
      stride *= h->shape[i];
    }
  } else {
    for (i = h->ndim - 1; i >= 0; i--) {
      off += idx[i] * stride;
      stride *= h->shape[i];
    }
  }
  return off;
}

uint64_t
npy_index2 (const NpyHeader * h, uint64_t row, uint64_t col)
{
  if (h->ndim < 2)
    return row;
  if (h->fortran_order)
    return row + col * h->shape[0];
  return row * h->shape[1] + col;
}

float
npy_half_to_float (uint16_t v)
{
  uint32_t sign = (uint32_t) (v >> 15) << 31;
  uint32_t exp = (v >> 10) & 0x1f;
  uint32_t mant = v & 0x3ff;
  uint32_t bits;
  float f;

  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {
      /* subnormal: normalise */
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        exp--;
      }
      mant &= 0x3ff;
      bits = sign | (exp << 23) | (mant << 13);
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else {
    bits = sign | ((exp + 127 - 15) << 23) | (mant << 13);
  }
  memcpy (&f, &bits, 4);
  return f;
}

static uint64_t
load_bits (const NpyHeader * h, const uint8_t * p)
{
  uint64_t v = 0;
  int k, n = h->itemsize;

  if (h->big_endian) {
    for (k = 0; k < n; k++)
      v = (v << 8) | p[k];
  } else {
    for (k = n - 1; k >= 0; k--)
      v = (v << 8) | p[k];
  }
  return v;
}

static int64_t
sign_extend (uint64_t v, int bytes)
{
  if (bytes < 8) {
    uint64_t m = 1ull << (bytes * 8 - 1);
    v &= (m << 1) - 1;
    return (int64_t) ((v ^ m) - m);
  }
  return (int64_t) v;
}

double
npy_get_double (const NpyHeader * h, const uint8_t * data, uint64_t i)
{
  const uint8_t *p = data + i * (uint64_t) h->itemsize;
  uint64_t bits = load_bits (h, p);

  switch (h->kind) {
    case NPY_KIND_BOOL:
      return bits ? 1.0 : 0.0;
    case NPY_KIND_INT:
      return (double) sign_extend (bits, h->itemsize);
    case NPY_KIND_UINT:
      return (double) bits;
    case NPY_KIND_FLOAT:
      if (h->itemsize == 2) {
        return npy_half_to_float ((uint16_t) bits);
      } else if (h->itemsize == 4) {
        uint32_t b = (uint32_t) bits;
        float f;
        memcpy (&f, &b, 4);
        return f;
      } else {
        double d;
        memcpy (&d, &bits, 8);
        return d;
      }
  }
  return 0.0;
}

int64_t
npy_get_int64 (const NpyHeader * h, const uint8_t * data, uint64_t i)
{
  const uint8_t *p = data + i * (uint64_t) h->itemsize;
  uint64_t bits;
  double d;

  switch (h->kind) {
    case NPY_KIND_BOOL:
      return p[0] ? 1 : 0;
    case NPY_KIND_INT:
      return sign_extend (load_bits (h, p), h->itemsize);
    case NPY_KIND_UINT:
      bits = load_bits (h, p);
      return bits > (uint64_t) INT64_MAX ? INT64_MAX : (int64_t) bits;
    case NPY_KIND_FLOAT:
      d = npy_get_double (h, data, i);
      if (!(d == d))
        return INT64_MIN;       /* NaN: callers check floats separately */
      if (d >= 9.2e18)
        return INT64_MAX;
      if (d <= -9.2e18)
        return INT64_MIN;
      return (int64_t) d;
  }
  return 0;
}

void
npy_to_f32le (const NpyHeader * h, const uint8_t * data, uint64_t first,
    uint64_t n, uint8_t * out)
{
  uint64_t i;

  if (h->kind == NPY_KIND_FLOAT && h->itemsize == 4 && !h->big_endian) {
    memcpy (out, data + first * 4, n * 4);
    return;
  }
  for (i = 0; i < n; i++)
    le_write_f32 (out + i * 4, (float) npy_get_double (h, data, first + i));
}
