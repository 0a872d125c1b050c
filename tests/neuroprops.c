/* gst-neuroviz — tests of the property parsers room: colours, ranges,
 * colour lists and groups, and string-typed colour properties set the way
 * gst-launch-1.0 sets them.
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <gst/check/gstcheck.h>
#include "neuroprops.h"

GST_START_TEST (test_parse_strings)
{
  guint32 c = 0;
  gint64 a, b;
  GError *err = NULL;

  fail_unless (neuro_parse_argb ("0xff1f77b4", &c, NULL));
  fail_unless_equals_int (c, 0xff1f77b4);
  fail_unless (neuro_parse_argb ("#d62728", &c, NULL));
  fail_unless_equals_int (c, 0xffd62728);
  fail_unless (neuro_parse_argb (" #80000000 ", &c, NULL));
  fail_unless_equals_int (c, 0x80000000);
  fail_unless (neuro_parse_argb ("4278190335", &c, NULL));
  fail_unless_equals_int (c, 0xff0000ff);
  fail_if (neuro_parse_argb ("#12345", &c, &err));
  fail_unless (strstr (err->message, "\"#12345\"") != NULL, err->message);
  fail_unless (strstr (err->message, "6 or 8 hex digits") != NULL);
  g_clear_error (&err);
  /* matplotlib's colour names, any case, as its to_rgba */
  fail_unless (neuro_parse_argb ("red", &c, NULL));
  fail_unless_equals_int (c, 0xffff0000);
  fail_unless (neuro_parse_argb (" Black ", &c, NULL));
  fail_unless_equals_int (c, 0xff000000);
  fail_unless (neuro_parse_argb ("orange", &c, NULL));
  fail_unless_equals_int (c, 0xffffa500);
  fail_unless (neuro_parse_argb ("lightblue", &c, NULL));
  fail_unless_equals_int (c, 0xffadd8e6);
  fail_unless (neuro_parse_argb ("b", &c, NULL));
  fail_unless_equals_int (c, 0xff0000ff);
  fail_unless (neuro_parse_argb ("g", &c, NULL));
  fail_unless_equals_int (c, 0xff008000);
  fail_unless (neuro_parse_argb ("C0", &c, NULL));
  fail_unless_equals_int (c, 0xff1f77b4);
  fail_unless (neuro_parse_argb ("c9", &c, NULL));
  fail_unless_equals_int (c, 0xff17becf);
  fail_unless (neuro_parse_argb ("tab:orange", &c, NULL));
  fail_unless_equals_int (c, 0xffff7f0e);
  fail_unless (neuro_parse_argb ("xkcd:sky blue", &c, NULL));
  fail_unless_equals_int (c, 0xff75bbfd);
  fail_unless (neuro_parse_argb ("none", &c, NULL));
  fail_unless_equals_int (c, 0);
  fail_if (neuro_parse_argb ("reddish", &c, &err));
  fail_unless (strstr (err->message, "\"reddish\": not one of matplotlib's "
          "colour names") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_argb ("C10", &c, NULL));
  fail_if (neuro_parse_argb ("-1", &c, NULL));
  /* after '#' hex digits only (strtoull would skip a "0x") */
  fail_if (neuro_parse_argb ("#0x1234", &c, NULL));
  fail_if (neuro_parse_argb ("#0Xffffff", &c, NULL));
  fail_if (neuro_parse_argb ("#0xff1f77b4", &c, NULL));
  fail_if (neuro_parse_argb ("# ff0000", &c, NULL));
  fail_if (neuro_parse_argb ("0x1ffffffff", &c, &err));
  fail_unless (g_error_matches (err, NEURO_PARSE_ERROR,
          NEURO_PARSE_ERROR_RANGE));
  g_clear_error (&err);

  fail_unless (neuro_parse_range ("0-999", 1000, &a, &b, NULL));
  fail_unless (a == 0 && b == 999);
  fail_unless (neuro_parse_range ("7", 1000, &a, &b, NULL));
  fail_unless (a == 7 && b == 7);
  fail_unless (neuro_parse_range ("", 1000, &a, &b, NULL));
  fail_unless (a == -1 && b == -1);
  fail_if (neuro_parse_range ("5-2", 1000, &a, &b, &err));
  fail_unless (strstr (err->message, "first 5 is above last 2") != NULL,
      err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_range ("0-1000", 1000, &a, &b, &err));
  fail_unless (strstr (err->message, "limit 1000") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_range ("1-x", 1000, &a, &b, NULL));
  fail_if (neuro_parse_range ("-3", 1000, &a, &b, NULL));
  fail_if (neuro_parse_range ("1--3", 1000, &a, &b, NULL));
}

GST_END_TEST;

/* groups and colors take exactly the colour spellings of neuro_parse_argb */
GST_START_TEST (test_colour_spellings)
{
  static const struct
  {
    const gchar *s;
    guint32 argb;
  } sp[] = {
    {"#ff0000", 0xffff0000}, {"#80ff0000", 0x80ff0000},
    {"0x80ff0000", 0x80ff0000}, {"0X80FF0000", 0x80ff0000},
    {"2164195328", 0x80ff0000}, {" #00ff00 ", 0xff00ff00},
    {"red", 0xffff0000}, {"C1", 0xffff7f0e},
  };
  static const gchar *bad[] = { "ff0000", "#ff00", "#fff", "reddish", "-1",
    "0x", "#ff0000ff00", "1e3", "0x1ffffffff"
  };
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sp); i++) {
    gchar *g = g_strdup_printf ("0-1:%s", sp[i].s);

    fail_unless (neuro_parse_argb_list (sp[i].s, cols, NULL), "%s", sp[i].s);
    fail_unless (neuro_parse_groups (g, groups, NULL), "%s", g);
    fail_unless_equals_int (g_array_index (cols, guint32, 0), sp[i].argb);
    fail_unless_equals_int (g_array_index (groups, NeuroColorGroup,
            0).argb, sp[i].argb);
    g_free (g);
  }
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *g = g_strdup_printf ("0-1:%s", bad[i]);

    fail_if (neuro_parse_argb_list (bad[i], cols, NULL), "%s", bad[i]);
    fail_if (neuro_parse_groups (g, groups, NULL), "%s", g);
    g_free (g);
  }
  g_array_free (cols, TRUE);
  g_array_free (groups, TRUE);
}

GST_END_TEST;

GST_START_TEST (test_parse_lists)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (NeuroColorGroup));
  NeuroColorGroup *g;
  GError *err = NULL;

  fail_unless (neuro_parse_argb_list ("#ff0000,0x80112233,255", cols, NULL));
  fail_unless_equals_int (cols->len, 3);
  fail_unless_equals_int (g_array_index (cols, guint32, 0), 0xffff0000);
  fail_unless_equals_int (g_array_index (cols, guint32, 1), 0x80112233);
  fail_unless_equals_int (g_array_index (cols, guint32, 2), 255);
  /* a bad list leaves the previous colours */
  fail_if (neuro_parse_argb_list ("#ff0000,bogus", cols, &err));
  fail_unless (strstr (err->message, "item 2") != NULL, err->message);
  fail_unless (strstr (err->message, "\"bogus\"") != NULL, err->message);
  g_clear_error (&err);
  fail_unless_equals_int (cols->len, 3);

  fail_unless (neuro_parse_groups ("0-9:#ff0000,10:0x8000ff00", groups,
          NULL));
  fail_unless_equals_int (groups->len, 2);
  g = &g_array_index (groups, NeuroColorGroup, 1);
  fail_unless (g->first == 10 && g->last == 10 && g->argb == 0x8000ff00);
  fail_if (neuro_parse_groups ("0-9:#ff0000,10-20", groups, &err));
  fail_unless (strstr (err->message, "group 2 \"10-20\"") != NULL,
      err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_groups ("9-2:#ff0000", groups, &err));
  fail_unless (strstr (err->message, "above last") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_groups ("0-1:#ff00", groups, &err));
  fail_unless (strstr (err->message, "\"#ff00\"") != NULL, err->message);
  g_clear_error (&err);
  fail_unless_equals_int (groups->len, 2);
  g_array_free (cols, TRUE);
  g_array_free (groups, TRUE);
}

GST_END_TEST;

/* the canonical spelling, and that it reads back */
GST_START_TEST (test_format_argb)
{
  static const struct
  {
    guint32 argb;
    const gchar *s;
  } c[] = {
    {0xff1f77b4, "#1f77b4"}, {0xff000000, "#000000"},
    {0x80ff0000, "#80ff0000"}, {0x00000000, "#00000000"},
    {0x0000ff00, "#0000ff00"}, {0xfeffffff, "#feffffff"},
  };
  gchar buf[NEURO_ARGB_STRLEN];
  guint32 v;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (c); i++) {
    neuro_format_argb (c[i].argb, buf);
    fail_unless_equals_string (buf, c[i].s);
    fail_unless (neuro_parse_argb (buf, &v, NULL));
    fail_unless_equals_int (v, c[i].argb);
  }
}

GST_END_TEST;

/* errors name the property and the value */
GST_START_TEST (test_parse_color_property)
{
  GError *err = NULL;
  guint32 c = 0x12345678;

  fail_unless (neuro_parse_color_property ("node-color", "#80ff0000", &c,
          &err));
  fail_unless (err == NULL);
  fail_unless_equals_int (c, 0x80ff0000);
  fail_if (neuro_parse_color_property ("node-color", "#12345", &c, &err));
  fail_unless (g_error_matches (err, NEURO_PARSE_ERROR,
          NEURO_PARSE_ERROR_SYNTAX));
  fail_unless (strstr (err->message, "'node-color'") != NULL, err->message);
  fail_unless (strstr (err->message, "\"#12345\"") != NULL, err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_color_property ("background", "0x1ffffffff", &c,
          &err));
  fail_unless (g_error_matches (err, NEURO_PARSE_ERROR,
          NEURO_PARSE_ERROR_RANGE));
  fail_unless (strstr (err->message, "'background'") != NULL, err->message);
  fail_unless (strstr (err->message, "\"0x1ffffffff\"") != NULL,
      err->message);
  g_clear_error (&err);
  fail_if (neuro_parse_color_property ("color", NULL, &c, &err));
  fail_unless (strstr (err->message, "'color'") != NULL, err->message);
  g_clear_error (&err);
  /* a failure leaves the colour */
  fail_unless_equals_int (c, 0x80ff0000);
}

GST_END_TEST;

/* An element with two colour properties made by the helpers, as a
 * renderer would have them; a refused value is kept for the test. */
typedef struct
{
  GstElement parent;
  guint32 color, background;
  gchar *last_error;
} NeuroColorTest;

typedef struct
{
  GstElementClass parent_class;
} NeuroColorTestClass;

enum
{
  PROP_0,
  PROP_COLOR,
  PROP_BACKGROUND,
};

GType neuro_color_test_get_type (void);
G_DEFINE_TYPE (NeuroColorTest, neuro_color_test, GST_TYPE_ELEMENT);

/* what a renderer posts, kept for the test */
static void
record_error (NeuroColorTest * self, const gchar * property,
    const gchar * value, const GError * error)
{
  if (error) {
    g_free (self->last_error);
    self->last_error = g_strdup (error->message);
  }
}

static void
neuro_color_test_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  NeuroColorTest *self = (NeuroColorTest *) object;
  NeuroPropNote note = NEURO_PROP_NOTE_INIT;

  /* as the renderers do it: noted here, reported after (their lock) */
  switch (prop_id) {
    case PROP_COLOR:
      neuro_prop_note_color (&note, pspec, value, &self->color);
      break;
    case PROP_BACKGROUND:
      neuro_prop_note_color (&note, pspec, value, &self->background);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  fail_unless (note.parsed);
  neuro_prop_note_report (&note, record_error, self, pspec, value);
  fail_unless (!note.parsed && note.error == NULL);
}

static void
neuro_color_test_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  NeuroColorTest *self = (NeuroColorTest *) object;

  switch (prop_id) {
    case PROP_COLOR:
      neuro_color_property_get (value, self->color);
      break;
    case PROP_BACKGROUND:
      neuro_color_property_get (value, self->background);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
neuro_color_test_finalize (GObject * object)
{
  g_free (((NeuroColorTest *) object)->last_error);
  G_OBJECT_CLASS (neuro_color_test_parent_class)->finalize (object);
}

static void
neuro_color_test_class_init (NeuroColorTestClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);

  gobject_class->set_property = neuro_color_test_set_property;
  gobject_class->get_property = neuro_color_test_get_property;
  gobject_class->finalize = neuro_color_test_finalize;
  g_object_class_install_property (gobject_class, PROP_COLOR,
      neuro_param_spec_color ("color", "Color",
          "Mark colour (" NEURO_COLOR_SPELLINGS ")", 0xff1f77b4,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (gobject_class, PROP_BACKGROUND,
      neuro_param_spec_color ("background", "Background",
          "Background colour (" NEURO_COLOR_SPELLINGS ")", 0x00000000,
          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  gst_element_class_set_static_metadata (GST_ELEMENT_CLASS (klass),
      "Colour property test", "Testing", "Two colour properties", "tests");
}

static void
neuro_color_test_init (NeuroColorTest * self)
{
  self->color = 0xff1f77b4;
  self->background = 0x00000000;
}

static gchar *
get_string (gpointer obj, const gchar * prop)
{
  gchar *s = NULL;

  g_object_get (obj, prop, &s, NULL);
  return s;
}

#define fail_unless_prop(obj, prop, want) G_STMT_START {        \
  gchar *s_ = get_string (obj, prop);                           \
  fail_unless_equals_string (s_, want);                         \
  g_free (s_);                                                  \
} G_STMT_END

GST_START_TEST (test_color_property)
{
  static const struct
  {
    const gchar *in, *canonical;
    guint32 argb;
  } sp[] = {
    {"#ff0000", "#ff0000", 0xffff0000},
    {"#80ff0000", "#80ff0000", 0x80ff0000},
    {"0x80ff0000", "#80ff0000", 0x80ff0000},
    {"0XFF00FF00", "#00ff00", 0xff00ff00},
    {"4278255360", "#00ff00", 0xff00ff00},
    {" #D62728 ", "#d62728", 0xffd62728},
    {"0", "#00000000", 0},
  };
  static const gchar *bad[] = { "rouge", "#ff00", "ff0000", "-1", "",
    "0x1ffffffff", "#ff0000ff00", "#0xff0000"
  };
  NeuroColorTest *t = g_object_new (neuro_color_test_get_type (), NULL);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (t),
      "color");
  guint i;

  /* a string property whose default is the canonical spelling */
  fail_unless (G_IS_PARAM_SPEC_STRING (pspec));
  fail_unless_equals_string (G_PARAM_SPEC_STRING (pspec)->default_value,
      "#1f77b4");
  fail_unless (strstr (g_param_spec_get_blurb (pspec), "#RRGGBB") != NULL);
  fail_unless_prop (t, "color", "#1f77b4");
  fail_unless_prop (t, "background", "#00000000");

  /* every spelling from a gst-launch string, read back canonically */
  for (i = 0; i < G_N_ELEMENTS (sp); i++) {
    gst_util_set_object_arg (G_OBJECT (t), "color", sp[i].in);
    fail_unless (t->last_error == NULL, "%s: %s", sp[i].in, t->last_error);
    fail_unless_equals_int (t->color, sp[i].argb);
    fail_unless_prop (t, "color", sp[i].canonical);
  }
  /* a bad value is refused with the property and the value named, and
   * the previous colour kept */
  gst_util_set_object_arg (G_OBJECT (t), "background", "#80112233");
  for (i = 0; i < G_N_ELEMENTS (bad); i++) {
    g_object_set (t, "background", bad[i], NULL);
    fail_unless (t->last_error != NULL, "%s", bad[i]);
    fail_unless (strstr (t->last_error, "'background'") != NULL, "%s",
        t->last_error);
    fail_unless (g_strstr_len (t->last_error, -1, bad[i]) != NULL, "%s",
        t->last_error);
    fail_unless_equals_int (t->background, 0x80112233);
    fail_unless_prop (t, "background", "#80112233");
    g_clear_pointer (&t->last_error, g_free);
  }
  /* NULL restores the default */
  g_object_set (t, "color", NULL, NULL);
  fail_unless (t->last_error == NULL);
  fail_unless_equals_int (t->color, 0xff1f77b4);
  gst_object_unref (t);
}

GST_END_TEST;

/* the gst-launch-1.0 line itself: "#RRGGBB" is not a comment or a
 * separator there */
GST_START_TEST (test_color_property_from_launch)
{
  GError *err = NULL;
  GstElement *bin, *t;

  fail_unless (gst_element_register (NULL, "neurocolortest", GST_RANK_NONE,
          neuro_color_test_get_type ()));
  bin = gst_parse_launch ("neurocolortest name=a color=#d62728 "
      "background=#80ffffff neurocolortest name=b color=0x80ff0000 "
      "background=4278190335", &err);
  fail_unless (bin != NULL && err == NULL, "%s", err ? err->message : "");
  t = gst_bin_get_by_name (GST_BIN (bin), "a");
  fail_unless_equals_int (((NeuroColorTest *) t)->color, 0xffd62728);
  fail_unless_equals_int (((NeuroColorTest *) t)->background, 0x80ffffff);
  fail_unless_prop (t, "color", "#d62728");
  gst_object_unref (t);
  t = gst_bin_get_by_name (GST_BIN (bin), "b");
  fail_unless_equals_int (((NeuroColorTest *) t)->color, 0x80ff0000);
  fail_unless_equals_int (((NeuroColorTest *) t)->background, 0xff0000ff);
  fail_unless_prop (t, "background", "#0000ff");
  gst_object_unref (t);
  gst_object_unref (bin);
}

GST_END_TEST;

/* the placeholders of titles and suptitles */
GST_START_TEST (test_format_title)
{
  gchar *t;

  t = neuro_format_title ("Epoch {frame} (t = {t}), {frame}", 1200000000, 7);
  fail_unless_equals_string (t, "Epoch 7 (t = 1.20 s), 7");
  g_free (t);
  t = neuro_format_title ("t = {t}", NEURO_TITLE_NO_TIME, 0);
  fail_unless_equals_string (t, "t = ");
  g_free (t);
  t = neuro_format_title ("{t", 1, 0);
  fail_unless_equals_string (t, "{t");
  g_free (t);
  t = neuro_format_title ("{t}", -100000000, 0);
  fail_unless_equals_string (t, "-0.10 s");
  g_free (t);
}

GST_END_TEST;

static Suite *
neuroprops_suite (void)
{
  Suite *s = suite_create ("neuroprops");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_parse_strings);
  tcase_add_test (tc, test_format_title);
  tcase_add_test (tc, test_parse_lists);
  tcase_add_test (tc, test_colour_spellings);
  tcase_add_test (tc, test_format_argb);
  tcase_add_test (tc, test_parse_color_property);
  tcase_add_test (tc, test_color_property);
  tcase_add_test (tc, test_color_property_from_launch);
  return s;
}

GST_CHECK_MAIN (neuroprops);
