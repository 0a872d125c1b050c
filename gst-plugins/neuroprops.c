/* gst-neuroviz — property string parsers and string-typed colour
 * properties.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "neuroprops.h"

#include <stdlib.h>
#include <string.h>

#include "neurocolornames.c"

G_DEFINE_QUARK (neuro-parse-error-quark, neuro_parse_error);

static const gchar *
skip_spaces (const gchar * s)
{
  while (*s == ' ')
    s++;
  return s;
}

/* strtoull that refuses a sign (strtoull takes "-1" as G_MAXUINT64) */
static gboolean
parse_u64 (const gchar * s, guint base, guint64 * v, const gchar ** end)
{
  gchar *e;

  if (!g_ascii_isxdigit (*s))
    return FALSE;
  *v = g_ascii_strtoull (s, &e, base);
  if (e == s)
    return FALSE;
  *end = e;
  return TRUE;
}

static int
compare_name (const void *key, const void *entry)
{
  return strcmp (key, *(const gchar * const *) entry);
}

/* matplotlib's colour names, case-insensitive as its to_rgba */
static gboolean
lookup_name (const gchar * s, guint32 * out)
{
  gchar *low = g_ascii_strdown (s, -1);
  const void *hit;

  g_strchomp (low);
  if (strcmp (low, "none") == 0) {
    g_free (low);
    *out = 0;
    return TRUE;
  }
  hit = bsearch (low, neuro_color_names, G_N_ELEMENTS (neuro_color_names),
      sizeof (neuro_color_names[0]), compare_name);
  g_free (low);
  if (hit == NULL)
    return FALSE;
  *out = ((const typeof (neuro_color_names[0]) *) hit)->argb;
  return TRUE;
}

gboolean
neuro_parse_argb (const gchar * str, guint32 * out, GError ** error)
{
  const gchar *s, *end;
  guint64 v;

  g_return_val_if_fail (str != NULL, FALSE);
  s = skip_spaces (str);
  if (g_ascii_isalpha (*s)) {
    if (lookup_name (s, out))
      return TRUE;
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
        "colour \"%s\": not one of matplotlib's colour names (black, "
        "orange, tab:blue, C0 ... C9, xkcd:sky blue, none), nor #RRGGBB, "
        "#AARRGGBB, 0xAARRGGBB or an integer", str);
    return FALSE;
  }
  if (*s == '#') {
    gsize len = 0;

    /* hex digits only: strtoull would also take "#0x1234" */
    while (g_ascii_isxdigit (s[1 + len]))
      len++;
    if ((len != 6 && len != 8) || *skip_spaces (s + 1 + len) != '\0') {
      g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
          "colour \"%s\": expected 6 or 8 hex digits after '#' "
          "(#RRGGBB or #AARRGGBB)", str);
      return FALSE;
    }
    v = g_ascii_strtoull (s + 1, NULL, 16);
    *out = len == 6 ? (guint32) (0xff000000 | v) : (guint32) v;
    return TRUE;
  }
  if (!parse_u64 (s, 0, &v, &end) || *skip_spaces (end) != '\0') {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
        "colour \"%s\": expected #RRGGBB, #AARRGGBB, 0xAARRGGBB or an "
        "integer", str);
    return FALSE;
  }
  if (v > G_MAXUINT32) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "colour \"%s\": above 0xffffffff", str);
    return FALSE;
  }
  *out = (guint32) v;
  return TRUE;
}

void
neuro_format_argb (guint32 argb, gchar buf[NEURO_ARGB_STRLEN])
{
  if ((argb >> 24) == 0xff)
    g_snprintf (buf, NEURO_ARGB_STRLEN, "#%06x", argb & 0xffffff);
  else
    g_snprintf (buf, NEURO_ARGB_STRLEN, "#%08x", argb);
}

gboolean
neuro_parse_color_property (const gchar * property, const gchar * str,
    guint32 * out, GError ** error)
{
  GError *err = NULL;

  g_return_val_if_fail (property != NULL, FALSE);
  if (str == NULL) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
        "property '%s': no colour (expected " NEURO_COLOR_SPELLINGS ")",
        property);
    return FALSE;
  }
  if (!neuro_parse_argb (str, out, &err)) {
    g_set_error (error, NEURO_PARSE_ERROR, err->code, "property '%s': %s",
        property, err->message);
    g_error_free (err);
    return FALSE;
  }
  return TRUE;
}

GParamSpec *
neuro_param_spec_color (const gchar * name, const gchar * nick,
    const gchar * blurb, guint32 default_argb, GParamFlags flags)
{
  gchar def[NEURO_ARGB_STRLEN];

  neuro_format_argb (default_argb, def);
  /* g_param_spec_string copies the default */
  return g_param_spec_string (name, nick, blurb, def, flags);
}

gboolean
neuro_color_property_set (GParamSpec * pspec, const GValue * value,
    guint32 * argb, GError ** error)
{
  const gchar *str;

  g_return_val_if_fail (G_IS_PARAM_SPEC_STRING (pspec), FALSE);
  g_return_val_if_fail (G_VALUE_HOLDS_STRING (value), FALSE);
  str = g_value_get_string (value);
  if (str == NULL)
    str = G_PARAM_SPEC_STRING (pspec)->default_value;
  return neuro_parse_color_property (pspec->name, str, argb, error);
}

gboolean
neuro_prop_note_parsed (NeuroPropNote * note, gboolean ok)
{
  note->parsed = TRUE;
  return ok;
}

gboolean
neuro_prop_note_color (NeuroPropNote * note, GParamSpec * pspec,
    const GValue * value, guint32 * argb)
{
  return neuro_prop_note_parsed (note, neuro_color_property_set (pspec,
          value, argb, &note->error));
}

void
neuro_prop_note_clear (NeuroPropNote * note)
{
  note->parsed = FALSE;
  g_clear_error (&note->error);
}

void
neuro_color_property_get (GValue * value, guint32 argb)
{
  gchar buf[NEURO_ARGB_STRLEN];

  neuro_format_argb (argb, buf);
  g_value_set_string (value, buf);
}

gboolean
neuro_parse_range (const gchar * str, guint64 limit, gint64 * first,
    gint64 * last, GError ** error)
{
  const gchar *end, *s;
  guint64 a, b;

  if (str == NULL || *str == '\0') {
    *first = *last = -1;
    return TRUE;
  }
  s = str;
  if (*s < '0' || *s > '9' || !parse_u64 (s, 10, &a, &end))
    goto syntax;
  if (*end == '\0') {
    b = a;
  } else {
    if (*end != '-')
      goto syntax;
    s = end + 1;
    if (*s < '0' || *s > '9' || !parse_u64 (s, 10, &b, &end) || *end != '\0')
      goto syntax;
  }
  if (a > b) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "range \"%s\": first %" G_GUINT64_FORMAT " is above last %"
        G_GUINT64_FORMAT, str, a, b);
    return FALSE;
  }
  if (b >= limit) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_RANGE,
        "range \"%s\": %" G_GUINT64_FORMAT " is not below the limit %"
        G_GUINT64_FORMAT, str, b, limit);
    return FALSE;
  }
  *first = a;
  *last = b;
  return TRUE;

syntax:
  g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
      "range \"%s\": expected \"first-last\" or \"n\" (decimal, e.g. "
      "\"0-99\")", str);
  return FALSE;
}

/* One item (the @n-th, from 1) of a comma-separated list into @out, an
 * element of the list's array; FALSE with @error naming the item. */
typedef gboolean (*ListItemParser) (gchar * item, guint n, gpointer out,
    GError ** error);

/* The items of @str into @out, all or none (@out keeps its contents when
 * an item fails); NULL or "" empties it. */
static gboolean
parse_list (const gchar * str, GArray * out, ListItemParser parse,
    GError ** error)
{
  guint size = g_array_get_element_size (out);
  GArray *tmp;
  gchar **items;
  gboolean ok = TRUE;
  guint i;

  if (str == NULL || *str == '\0') {
    g_array_set_size (out, 0);
    return TRUE;
  }
  tmp = g_array_new (FALSE, FALSE, size);
  items = g_strsplit (str, ",", -1);
  for (i = 0; items[i] && ok; i++) {
    g_array_set_size (tmp, i + 1);
    ok = parse (items[i], i + 1, tmp->data + (gsize) i * size, error);
  }
  g_strfreev (items);
  if (ok) {
    g_array_set_size (out, 0);
    g_array_append_vals (out, tmp->data, tmp->len);
  }
  g_array_free (tmp, TRUE);
  return ok;
}

static gboolean
argb_item (gchar * item, guint n, gpointer out, GError ** error)
{
  GError *err = NULL;

  if (neuro_parse_argb (item, out, &err))
    return TRUE;
  g_set_error (error, NEURO_PARSE_ERROR, err->code, "item %u: %s", n,
      err->message);
  g_error_free (err);
  return FALSE;
}

gboolean
neuro_parse_argb_list (const gchar * str, GArray * out, GError ** error)
{
  g_return_val_if_fail (g_array_get_element_size (out) == sizeof (guint32),
      FALSE);
  return parse_list (str, out, argb_item, error);
}

/* "first-last:colour" */
static gboolean
group_item (gchar * item, guint n, gpointer out, GError ** error)
{
  NeuroColorGroup *g = out;
  gchar *colon = strchr (item, ':');
  gint64 a, b;
  GError *err = NULL;

  if (colon == NULL) {
    g_set_error (error, NEURO_PARSE_ERROR, NEURO_PARSE_ERROR_SYNTAX,
        "group %u \"%s\": expected \"first-last:colour\"", n, item);
    return FALSE;
  }
  *colon = '\0';
  if (!neuro_parse_range (skip_spaces (item), (guint64) G_MAXUINT32 + 1,
          &a, &b, &err) || a < 0) {
    *colon = ':';
    g_set_error (error, NEURO_PARSE_ERROR,
        err ? err->code : NEURO_PARSE_ERROR_SYNTAX,
        "group %u \"%s\": %s", n, item,
        err ? err->message : "expected units before ':'");
    g_clear_error (&err);
    return FALSE;
  }
  if (!neuro_parse_argb (colon + 1, &g->argb, &err)) {
    *colon = ':';
    g_set_error (error, NEURO_PARSE_ERROR, err->code, "group %u \"%s\": %s",
        n, item, err->message);
    g_error_free (err);
    return FALSE;
  }
  g->first = (guint32) a;
  g->last = (guint32) b;
  return TRUE;
}

gboolean
neuro_parse_groups (const gchar * str, GArray * out, GError ** error)
{
  g_return_val_if_fail (g_array_get_element_size (out) ==
      sizeof (NeuroColorGroup), FALSE);
  return parse_list (str, out, group_item, error);
}

gchar *
neuro_format_title (const gchar * fmt, gint64 t_ns, gint64 frame)
{
  GString *s = g_string_new (NULL);
  const gchar *p = fmt;

  g_return_val_if_fail (fmt != NULL, NULL);
  while (*p) {
    if (g_str_has_prefix (p, "{t}")) {
      if (t_ns != NEURO_TITLE_NO_TIME)
        g_string_append_printf (s, "%.2f s", t_ns / 1e9);
      p += 3;
    } else if (g_str_has_prefix (p, "{frame}")) {
      g_string_append_printf (s, "%" G_GINT64_FORMAT, frame);
      p += 7;
    } else {
      g_string_append_c (s, *p++);
    }
  }
  return g_string_free (s, FALSE);
}
