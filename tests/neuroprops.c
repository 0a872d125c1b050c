/* gst-neuroviz — tests of the property parsers room: colours, ranges,
 * colour lists and groups.
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
  fail_if (neuro_parse_argb ("red", &c, NULL));
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
  };
  static const gchar *bad[] = { "ff0000", "#ff00", "#fff", "red", "-1",
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

static Suite *
neuroprops_suite (void)
{
  Suite *s = suite_create ("neuroprops");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_parse_strings);
  tcase_add_test (tc, test_parse_lists);
  tcase_add_test (tc, test_colour_spellings);
  return s;
}

GST_CHECK_MAIN (neuroprops);
