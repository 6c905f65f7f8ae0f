/* test-format.c — dates and periods as people read them
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "waymark-core.h"

static void
assert_formats (char       *formatted,
                const char *expected)
{
  g_assert_cmpstr (formatted, ==, expected);
  g_free (formatted);
}

/*
 * /waymark/format/timestamp — stored UTC times in the local zone
 */
static void
test_format_timestamp (void)
{
  g_setenv ("TZ", "UTC", TRUE);
  assert_formats (waymark_format_timestamp ("2026-11-23T22:47:04Z"), "23 Nov 2026, 22:47");
  /* Times the store wrote without a zone are UTC too. */
  assert_formats (waymark_format_timestamp ("2026-11-23T22:47:04"), "23 Nov 2026, 22:47");

  /* Half an hour ahead and past midnight: the local day, not UTC's. */
  g_setenv ("TZ", "IST-5:30", TRUE);
  assert_formats (waymark_format_timestamp ("2026-11-23T22:47:04Z"), "24 Nov 2026, 04:17");
  assert_formats (waymark_format_timestamp ("2026-11-23T22:47:04+01:00"), "24 Nov 2026, 03:17");
  g_setenv ("TZ", "UTC", TRUE);

  /* The last minute GDateTime holds has no local time east of UTC. */
  g_setenv ("TZ", "IST-5:30", TRUE);
  assert_formats (waymark_format_timestamp ("9999-12-31T23:30:00Z"), "9999-12-31T23:30:00Z");
  g_setenv ("TZ", "UTC", TRUE);

  /* What does not parse is shown as it is; nothing at all is “unknown”. */
  assert_formats (waymark_format_timestamp ("yesterday"), "yesterday");
  assert_formats (waymark_format_timestamp ("2026-13-45T99:00:00Z"), "2026-13-45T99:00:00Z");
  assert_formats (waymark_format_timestamp (""), "unknown");
  assert_formats (waymark_format_timestamp (NULL), "unknown");
}

/*
 * /waymark/format/day
 */
static void
test_format_day (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 3, 5, 12, 0, 0);

  assert_formats (waymark_format_day (day), "5 March 2026");
}

/*
 * /waymark/format/period — period keys from the metric engine
 */
static void
test_format_period (void)
{
  static const struct { const char *key, *expected; } cases[] = {
    { "2026-03", "March 2026" },
    { "2026-12", "December 2026" },
    { "2026-W09", "Week 9, 2026" },
    { "2026-W53", "Week 53, 2026" },
    { "2026-Q1", "Q1 2026" },
    { "2026-Q4", "Q4 2026" },
    /* Not periods: left alone. */
    { "2026-13", "2026-13" },
    { "2026-00", "2026-00" },
    { "2026-Q5", "2026-Q5" },
    { "2026-W54", "2026-W54" },
    { "2026-03x", "2026-03x" },
    { "2026-Q1 ", "2026-Q1 " },
    { "202-03", "202-03" },
    { "March", "March" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_formats (waymark_format_period (cases[i].key), cases[i].expected);

  /* The engine's own keys come back readable. */
  for (WaymarkPeriod period = WAYMARK_PERIOD_WEEK; period <= WAYMARK_PERIOD_QUARTER; period++)
    {
      g_autofree char *key = waymark_period_key (period, "2026-02-27");
      g_autofree char *shown = waymark_format_period (key);

      g_assert_cmpstr (shown, !=, key);
      g_assert_nonnull (strstr (shown, "2026"));
    }
}

/*
 * /waymark/format/metric-value — as the badges and the metrics panel show values
 */
static void
test_format_metric_value (void)
{
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_NPS, 31.4, NULL), "+31");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_NPS, -12.6, "points"), "-13");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_CSAT, 71.6, NULL), "72%");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_TOP_BOX, 0, NULL), "0%");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_COUNT, 1204, NULL), "1204");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_SUM, 99.5, "€"), "100 €");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_MEAN, 3.44, "min"), "3.4 min");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_CES, 5.96, ""), "6.0");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_MEDIAN, NAN, "min"), "–");
}

/*
 * /waymark/format/german — month names and digits follow the locale
 */
static void
test_format_german (void)
{
  g_autoptr(GDateTime) day = g_date_time_new_utc (2026, 3, 5, 12, 0, 0);
  g_autofree char *grouped = NULL;
  char *previous = g_strdup (setlocale (LC_ALL, NULL));

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    {
      g_free (previous);
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }

  /* Without a German catalogue (LANGUAGE=C): the English order with
   * the locale's month names. */
  g_setenv ("LANGUAGE", "C", TRUE);
  assert_formats (waymark_format_period ("2026-03"), "März 2026");
  assert_formats (waymark_format_day (day), "5 März 2026");
  assert_formats (waymark_format_timestamp ("2026-03-05T09:05:00Z"), "5 Mär 2026, 09:05");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_COUNT, 1234567, NULL), "1.234.567");
  assert_formats (waymark_metric_format_value (WAYMARK_METRIC_KIND_MEAN, 4.56, "min"), "4,6 min");
  grouped = g_strdup_printf ("%'d · %.1f", 1234567, 4.5);
  g_assert_cmpstr (grouped, ==, "1.234.567 · 4,5");

  setlocale (LC_ALL, previous);
  g_free (previous);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/format/timestamp", test_format_timestamp);
  g_test_add_func ("/waymark/format/day", test_format_day);
  g_test_add_func ("/waymark/format/period", test_format_period);
  g_test_add_func ("/waymark/format/metric-value", test_format_metric_value);
  g_test_add_func ("/waymark/format/german", test_format_german);

  return g_test_run ();
}
