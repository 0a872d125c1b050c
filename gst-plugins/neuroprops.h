/* gst-neuroviz — the elements' property string parsers: colours, ranges,
 * colour lists and groups, and string-typed colour properties.
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * On failure the parsers set a GError in NEURO_PARSE_ERROR whose message
 * says which token is wrong and what was expected; the outputs are then
 * left as they were.  GLib and GObject only (the fuzz target links this
 * file alone).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define NEURO_PARSE_ERROR (neuro_parse_error_quark ())
GQuark neuro_parse_error_quark (void);

typedef enum
{
  NEURO_PARSE_ERROR_SYNTAX,
  NEURO_PARSE_ERROR_RANGE,
} NeuroParseError;

/* Colour spellings accepted by every colour property: matplotlib's colour
 * names (gen-colornames.py: "black", "C0", "tab:blue", "xkcd:sky blue",
 * "none"; any case), "#RRGGBB" (opaque),
 * "#AARRGGBB", "0xAARRGGBB" and plain decimal or hex integers (big-endian
 * ARGB); spaces around are ignored. */
gboolean neuro_parse_argb (const gchar * s, guint32 * out, GError ** error);

/* The same spellings, for property blurbs:
 * "Mark colour (" NEURO_COLOR_SPELLINGS ")". */
#define NEURO_COLOR_SPELLINGS \
  "a matplotlib colour name (black, C0, tab:blue), #RRGGBB, #AARRGGBB, " \
  "0xAARRGGBB or decimal big-endian ARGB"

/* Room for a colour in its canonical spelling, with the NUL. */
#define NEURO_ARGB_STRLEN 10

/* The canonical spelling: "#rrggbb" when opaque, else "#aarrggbb";
 * neuro_parse_argb () reads it back to the same value. */
void neuro_format_argb (guint32 argb, gchar buf[NEURO_ARGB_STRLEN]);

/* neuro_parse_argb () for the value of property @property: the message
 * names the property and the value, e.g. "property 'color': colour
 * \"#12345\": expected 6 or 8 hex digits after '#' ...". */
gboolean neuro_parse_color_property (const gchar * property,
    const gchar * str, guint32 * out, GError ** error);

/* A string-typed colour property (gst-launch-1.0 and gst_util_set_object_arg
 * cannot give a guint property "#RRGGBB"): its default is @default_argb in
 * the canonical spelling; put NEURO_COLOR_SPELLINGS in @blurb. */
GParamSpec *neuro_param_spec_color (const gchar * name, const gchar * nick,
    const gchar * blurb, guint32 default_argb, GParamFlags flags);

/* set_property of such a property: parses @value's string into @argb (NULL
 * restores the default of @pspec).  On failure @argb keeps its value and
 * @error is from neuro_parse_color_property (). */
gboolean neuro_color_property_set (GParamSpec * pspec, const GValue * value,
    guint32 * argb, GError ** error);

/* get_property of such a property: @argb in the canonical spelling. */
void neuro_color_property_get (GValue * value, guint32 argb);

/* What a set_property parsed, kept until the object lock is released:
 * the report (gst_neuro_renderer_property_parsed () for a renderer) posts
 * messages, which must not happen under the lock.  Start from
 * NEURO_PROP_NOTE_INIT; under the lock, note each parse; after it, report
 * when @parsed, then clear the note. */
typedef struct
{
  gboolean parsed;              /* a string was parsed, good or not */
  GError *error;                /* why it was refused (NULL: it was taken) */
} NeuroPropNote;

#define NEURO_PROP_NOTE_INIT { FALSE, NULL }

/* A parse whose GError went to &@note->error: @ok is its result (returned,
 * for "if (neuro_prop_note_parsed (&note, neuro_parse_range (...,
 * &note.error))) keep the string"). */
gboolean neuro_prop_note_parsed (NeuroPropNote * note, gboolean ok);
/* neuro_color_property_set () of @value into @argb, noted in @note. */
gboolean neuro_prop_note_color (NeuroPropNote * note, GParamSpec * pspec,
    const GValue * value, guint32 * argb);
void neuro_prop_note_clear (NeuroPropNote * note);
/* After the lock: when something was parsed, @report (@object, @pspec's
 * name, @value's string, the error or NULL), e.g.
 * gst_neuro_renderer_property_parsed; then the note is cleared.  A macro,
 * so that @report keeps its own types. */
#define neuro_prop_note_report(note, report, object, pspec, value) \
  G_STMT_START {                                                  \
    if ((note)->parsed)                                           \
      report (object, (pspec)->name, g_value_get_string (value),  \
          (note)->error);                                         \
    neuro_prop_note_clear (note);                                 \
  } G_STMT_END

/* "first-last" (inclusive) or a single "n"; both below @limit.  NULL or ""
 * gives -1, -1 (everything). */
gboolean neuro_parse_range (const gchar * str, guint64 limit, gint64 * first,
    gint64 * last, GError ** error);

/* "c1,c2,..." of colours as neuro_parse_argb(); fills @out (guint32) on
 * success, NULL or "" gives an empty array. */
gboolean neuro_parse_argb_list (const gchar * str, GArray * out,
    GError ** error);

typedef struct
{
  guint32 first, last;
  guint32 argb;
} NeuroColorGroup;

/* "first-last:colour,n:colour,..." (units inclusive, first <= last <=
 * G_MAXUINT32) into an array of NeuroColorGroup; NULL or "" gives none. */
gboolean neuro_parse_groups (const gchar * str, GArray * out,
    GError ** error);

/* No time for neuro_format_title's "{t}". */
#define NEURO_TITLE_NO_TIME G_MININT64

/* A title's placeholders: "{t}" becomes the time @t_ns in seconds
 * ("1.20 s"; nothing for NEURO_TITLE_NO_TIME), "{frame}" the frame index
 * @frame.  The renderers' titles and neurofigure's suptitle. */
gchar *neuro_format_title (const gchar * fmt, gint64 t_ns, gint64 frame);

G_END_DECLS
