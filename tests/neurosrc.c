#include <gst/check/gstcheck.h>
static Suite *
neurosrc_suite (void)
{
  Suite *s = suite_create ("neurosrc");
  return s;
}
GST_CHECK_MAIN (neurosrc);
