/* gst-neuroviz: netgraph's node positions parsers.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#include "netlayout.h"

#include <math.h>
#include <string.h>
#include <glib/gstdio.h>

#include "npyformat.h"

static const gchar *
skip_blank (const gchar * p)
{
  while (*p == ' ' || *p == '\t' || *p == '\r')
    p++;
  return p;
}

/* One "x<sep>y" pair filling the whole of @p (blanks around it allowed);
 * @comma_only: the separator must be one ',' (the property), otherwise
 * blanks and/or one ',' (files). */
static gboolean
parse_pair (const gchar * p, gboolean comma_only, gdouble * x, gdouble * y)
{
  gchar *end;

  p = skip_blank (p);
  *x = g_ascii_strtod (p, &end);
  if (end == p)
    return FALSE;
  p = skip_blank (end);
  if (*p == ',')
    p = skip_blank (p + 1);
  else if (comma_only || p == end)
    return FALSE;
  *y = g_ascii_strtod (p, &end);
  if (end == p)
    return FALSE;
  return *skip_blank (end) == '\0';
}

static gboolean
check_finite (GArray * out, gchar ** err)
{
  guint k;

  /* a NaN or infinite position would put a node nowhere */
  for (k = 0; k < out->len; k++)
    if (!isfinite (g_array_index (out, gdouble, k))) {
      *err = g_strdup_printf ("node %u has %c = %g: positions must be "
          "finite numbers", k / 2, k % 2 ? 'y' : 'x',
          g_array_index (out, gdouble, k));
      return FALSE;
    }
  return TRUE;
}

gboolean
net_layout_parse_string (const gchar * str, GArray * out, gchar ** err)
{
  gchar **pairs = g_strsplit (str, ";", -1);
  gboolean ok = TRUE;
  gint k;

  for (k = 0; pairs[k]; k++) {
    gdouble x, y;

    if (*skip_blank (pairs[k]) == '\0' && pairs[k + 1] == NULL && k > 0)
      break;                    /* trailing ';' */
    if (!parse_pair (pairs[k], TRUE, &x, &y)) {
      *err = g_strdup_printf ("pair %d \"%.40s\" is not \"x,y\"", k + 1,
          pairs[k]);
      ok = FALSE;
      break;
    }
    g_array_append_val (out, x);
    g_array_append_val (out, y);
  }
  g_strfreev (pairs);
  return ok && check_finite (out, err);
}

static gboolean
parse_npy (const guint8 * data, gsize len, GArray * out, gchar ** err)
{
  NpyHeader h;
  char msg[256] = "";
  uint64_t r;
  NpyResult res = npy_parse_header (data, len, &h, msg, sizeof msg);

  /* NPY_NEED_MORE writes no message: the file ends inside its header */
  if (res == NPY_NEED_MORE) {
    *err = g_strdup_printf ("the .npy header is cut short (the file has %"
        G_GSIZE_FORMAT " bytes)", len);
    return FALSE;
  }
  if (res != NPY_OK || npy_check_size (&h, len, msg, sizeof msg) != 0) {
    *err = g_strdup (msg[0] ? msg : "not a valid .npy file");
    return FALSE;
  }
  if (h.ndim != 2 || h.shape[1] != 2) {
    npy_shape_string (&h, msg, sizeof msg);
    *err = g_strdup_printf ("the array has shape %s, expected (N, 2)", msg);
    return FALSE;
  }
  for (r = 0; r < h.shape[0]; r++) {
    gdouble x = npy_get_double (&h, data + h.header_size,
        npy_index2 (&h, r, 0));
    gdouble y = npy_get_double (&h, data + h.header_size,
        npy_index2 (&h, r, 1));

    g_array_append_val (out, x);
    g_array_append_val (out, y);
  }
  return TRUE;
}

static gboolean
parse_text (const guint8 * data, gsize len, GArray * out, gchar ** err)
{
  /* NUL-terminated copy: the file need not end in a newline */
  gchar *text = g_malloc (len + 1), **lines;
  gboolean ok = TRUE;
  gint k;

  memcpy (text, data, len);
  text[len] = '\0';
  if (strlen (text) != len) {
    *err = g_strdup ("the file holds a NUL byte: not a text or .npy file");
    g_free (text);
    return FALSE;
  }
  lines = g_strsplit (text, "\n", -1);
  g_free (text);
  for (k = 0; lines[k]; k++) {
    gchar *l = g_strstrip (lines[k]);
    gdouble x, y;

    if (*l == '\0' || *l == '#')
      continue;
    if (!parse_pair (l, FALSE, &x, &y)) {
      *err = g_strdup_printf ("line %d \"%.40s\" is not \"x y\"", k + 1, l);
      ok = FALSE;
      break;
    }
    g_array_append_val (out, x);
    g_array_append_val (out, y);
  }
  g_strfreev (lines);
  return ok;
}

gboolean
net_layout_parse_data (const guint8 * data, gsize len, GArray * out,
    gchar ** err)
{
  gboolean ok;

  if (len >= NPY_MAGIC_LEN && memcmp (data, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
    ok = parse_npy (data, len, out, err);
  else
    ok = parse_text (data, len, out, err);
  return ok && check_finite (out, err);
}

gboolean
net_layout_read_file (const gchar * path, GArray * out, gchar ** err)
{
  GStatBuf st;
  gchar *data = NULL;
  gsize len = 0;
  GError *gerr = NULL;
  gboolean ok;

  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode)
      && (guint64) st.st_size > NET_LAYOUT_MAX_FILE_SIZE) {
    *err = g_strdup_printf ("the file has %" G_GUINT64_FORMAT " bytes, more "
        "than the %d MiB a positions file may have", (guint64) st.st_size,
        NET_LAYOUT_MAX_FILE_SIZE >> 20);
    return FALSE;
  }
  if (!g_file_get_contents (path, &data, &len, &gerr)) {
    *err = g_strdup (gerr->message);
    g_error_free (gerr);
    return FALSE;
  }
  if (len > NET_LAYOUT_MAX_FILE_SIZE) {
    *err = g_strdup_printf ("the file has more than the %d MiB a positions "
        "file may have", NET_LAYOUT_MAX_FILE_SIZE >> 20);
    g_free (data);
    return FALSE;
  }
  ok = net_layout_parse_data ((const guint8 *) data, len, out, err);
  g_free (data);
  return ok;
}
