/* test-metrics.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

static char *tmp_dir;

/*
 * The survey every hand-computed case reads. The blank template's stages
 * hold the cards: Checkout in Before (rows 1–6), Delivery (7–10) and
 * Returns (11–13) in During, Chat (14–15, nothing answered) in After.
 * Row 16's key matches no card: it counts for all rows only. Cells that
 * are excluded: NPS “n/a” (row 5), CSAT 6 (out of 1–5, row 5), CES 0 (out
 * of 1–7, row 6), Spend “n/a” (row 4), Resolved “n/a” (row 4). Empty cells
 * are not answers and are neither counted nor excluded.
 */
static const char survey[] =
  "Id,Date,Touchpoint,NPS,CSAT,CES,Spend,Resolved,Channel,Seconds,Comment\n"
  "1,2026-01-05,Checkout,10,5,2,10.5,yes,web,120,fast\n"
  "2,2026-01-20,Checkout,9,4,3,20,no,app,130,ok\n"
  "3,2026-02-03, checkout ,8,2,6,5,Yes,Web,140,slow\n"
  "4,2026-02-14,Checkout,3,1,7,n/a,n/a,web,150,bad\n"
  "5,2026-03-31,Checkout,n/a,6,4,100,yes,app,160,fine\n"
  "6,2026-04-01,CHECKOUT,,3,0,\"2,5\",true,web,170,meh\n"
  "7,2026-01-10,Delivery,7,4,2,1,yes,web,180,late\n"
  "8,2026-01-11,Delivery,8,5,1,2,yes,app,190,\n"
  "9,2026-02-12,Delivery,7,3,2,3,no,web,200,\n"
  "10,2026-02-13,Delivery,7,4,3,4,no,app,210,\n"
  "11,2026-03-01,Returns,0,1,7,50,no,web,220,never\n"
  "12,2026-03-02,Returns,6,2,6,60,no,web,230,\n"
  "13,2026-05-03,Returns,10,5,1,70,yes,app,240,\n"
  "14,2026-05-04,Chat,,,,,,web,250,\n"
  "15,2026-05-05,Chat,,,,,,app,260,\n"
  "16,not a date,Unbound,5,3,4,1,yes,web,270,\n";

typedef struct
{
  char            *dir;
  char            *csv;
  WaymarkDocument *document;
  WaymarkDataset  *dataset;
} Fixture;

static gint64
id_of (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

static WaymarkStage *
find_stage (WaymarkDocument *document,
            const char      *title)
{
  GPtrArray *stages = waymark_document_get_items (document, WAYMARK_TYPE_STAGE);

  for (guint i = 0; i < stages->len; i++)
    if (g_str_equal (waymark_stage_get_title (g_ptr_array_index (stages, i)), title))
      return g_ptr_array_index (stages, i);

  g_assert_not_reached ();
}

static WaymarkCard *
find_card (WaymarkDocument *document,
           const char      *title)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  for (guint i = 0; i < cards->len; i++)
    if (g_str_equal (waymark_card_get_title (g_ptr_array_index (cards, i)), title))
      return g_ptr_array_index (cards, i);

  g_assert_not_reached ();
}

static void
add_card (WaymarkDocument *document,
          const char      *stage,
          const char      *title)
{
  waymark_document_add (document, WAYMARK_TYPE_CARD,
                        "lane", (gint64) 211,
                        "stage", id_of (find_stage (document, stage)),
                        "position", 0,
                        "kind", "touchpoint",
                        "title", title,
                        NULL);
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* A blank map with the cards above, and @csv imported as “survey”, keyed by Touchpoint. */
static void
fixture_set_up (Fixture    *f,
                const char *csv)
{
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_build_filename (tmp_dir, "XXXXXX", NULL);
  g_assert_nonnull (g_mkdtemp (f->dir));
  f->csv = g_build_filename (f->dir, "survey.csv", NULL);
  write_file (f->csv, csv);

  f->document = waymark_store_new_document ("blank", "Metrics", &error);
  g_assert_no_error (error);
  add_card (f->document, "Before", "Checkout");
  add_card (f->document, "During", "Delivery");
  add_card (f->document, "During", "Returns");
  add_card (f->document, "After", "Chat");

  file = g_file_new_for_path (f->csv);
  import = waymark_import_scan (file, NULL, "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_import_match (import, f->document, 0, NULL, NULL);
  f->dataset = waymark_import_apply (import, f->document, 0, "survey", FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->document);
  waymark_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->csv);
}

static WaymarkMetric *
add_metric (Fixture                 *f,
            const char              *name,
            WaymarkMetricDefinition *definition)
{
  g_autoptr(GError) error = NULL;
  WaymarkMetric *metric = waymark_metric_add (f->document, f->dataset, name, definition, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (metric);
  return metric;
}

static WaymarkMetric *
add_simple (Fixture           *f,
            const char        *name,
            WaymarkMetricKind  kind,
            const char        *column)
{
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (kind, column);

  return add_metric (f, name, definition);
}

/* The value of @metric for a card (@card), a stage (@stage) or all rows
 * (both NULL), for @period ("" the whole time); NULL if there is none. */
static WaymarkMetricValue *
find_value (Fixture       *f,
            WaymarkMetric *metric,
            const char    *card,
            const char    *stage,
            const char    *period)
{
  GPtrArray *values = waymark_document_get_items (f->document, WAYMARK_TYPE_METRIC_VALUE);
  gint64 card_id = card ? id_of (find_card (f->document, card)) : 0;
  gint64 stage_id = stage ? id_of (find_stage (f->document, stage)) : 0;
  WaymarkMetricValue *found = NULL;

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == id_of (metric) &&
          waymark_metric_value_get_card (value) == card_id &&
          waymark_metric_value_get_stage (value) == stage_id &&
          g_str_equal (waymark_metric_value_get_period (value), period))
        {
          g_assert_null (found);
          found = value;
        }
    }

  return found;
}

static void
assert_value (Fixture       *f,
              WaymarkMetric *metric,
              const char    *card,
              const char    *stage,
              const char    *period,
              double         expected,
              gint64         n,
              gint64         excluded)
{
  WaymarkMetricValue *value = find_value (f, metric, card, stage, period);

  if (value == NULL)
    g_error ("%s: no value for %s/%s/%s", waymark_metric_get_name (metric), card, stage, period);
  if (isnan (expected))
    g_assert_true (isnan (waymark_metric_value_get_value (value)));
  else
    g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), expected, 1e-9);
  g_assert_cmpint (waymark_metric_value_get_n (value), ==, n);
  g_assert_cmpint (waymark_metric_value_get_excluded (value), ==, excluded);
}

static gsize
count_values (Fixture       *f,
              WaymarkMetric *metric)
{
  GPtrArray *values = waymark_document_get_items (f->document, WAYMARK_TYPE_METRIC_VALUE);
  gsize n = 0;

  for (guint i = 0; i < values->len; i++)
    n += waymark_metric_value_get_metric (g_ptr_array_index (values, i)) == id_of (metric);

  return n;
}

/*
 * /waymark/metrics/nps
 *
 * % of 9–10 minus % of 0–6 over valid answers; “n/a” excluded and counted,
 * empty cells neither; all passives give 0; a card with no answer has no
 * value (NaN, n 0); the margin follows HACKING.md's formula.
 */
static void
test_nps (void)
{
  Fixture f = { 0 };
  WaymarkMetric *nps;
  WaymarkMetricValue *value;
  double p, d;

  fixture_set_up (&f, survey);
  nps = add_simple (&f, "NPS", WAYMARK_METRIC_KIND_NPS, "NPS");

  /* Checkout: 10, 9, 8, 3 and “n/a”; row 6 is empty. */
  assert_value (&f, nps, "Checkout", NULL, "", 25.0, 4, 1);
  value = find_value (&f, nps, "Checkout", NULL, "");
  p = 2.0 / 4, d = 1.0 / 4;
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_moe (value),
                                  1.96 * sqrt ((p + d - (p - d) * (p - d)) / 4) * 100, 1e-9);

  /* Delivery: 7, 8, 7, 7 — all passive. */
  assert_value (&f, nps, "Delivery", NULL, "", 0.0, 4, 0);
  g_assert_cmpfloat (waymark_metric_value_get_moe (find_value (&f, nps, "Delivery", NULL, "")), ==, 0.0);
  /* Returns: 0, 6, 10. */
  assert_value (&f, nps, "Returns", NULL, "", 100.0 * (1 - 2) / 3, 3, 0);
  /* Chat: bound, nothing answered. */
  assert_value (&f, nps, "Chat", NULL, "", NAN, 0, 0);
  /* All rows, the unbound one included: 3 promoters, 4 detractors of 12. */
  assert_value (&f, nps, NULL, NULL, "", 100.0 * (3 - 4) / 12, 12, 1);

  /* No period: one value per card, per stage with cards, and all rows. */
  g_assert_cmpuint (count_values (&f, nps), ==, 4 + 3 + 1);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/csat-ces-boxes
 */
static void
test_csat_ces_boxes (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) seven = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CSAT, "CSAT");
  g_autoptr(WaymarkMetricDefinition) bottom = waymark_metric_definition_new (WAYMARK_METRIC_KIND_BOTTOM_BOX, "CSAT");
  WaymarkMetric *csat, *ces, *top, *bottom_box, *csat7;
  WaymarkMetricValue *value;
  double s2;

  fixture_set_up (&f, survey);
  csat = add_simple (&f, "CSAT", WAYMARK_METRIC_KIND_CSAT, "CSAT");
  ces = add_simple (&f, "CES", WAYMARK_METRIC_KIND_CES, "CES");
  top = add_simple (&f, "Top 2", WAYMARK_METRIC_KIND_TOP_BOX, "CSAT");
  bottom->box = 1;
  bottom_box = add_metric (&f, "Bottom 1", bottom);
  seven->scale_min = 1;
  seven->scale_max = 7;
  csat7 = add_metric (&f, "CSAT 7", seven);

  /* Checkout CSAT: 5, 4, 2, 1, 3 valid, 6 out of scale: 2 of 5 satisfied. */
  assert_value (&f, csat, "Checkout", NULL, "", 40.0, 5, 1);
  value = find_value (&f, csat, "Checkout", NULL, "");
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_moe (value), 1.96 * sqrt (0.4 * 0.6 / 5) * 100, 1e-9);
  assert_value (&f, top, "Checkout", NULL, "", 40.0, 5, 1);
  assert_value (&f, bottom_box, "Checkout", NULL, "", 20.0, 5, 1);
  /* On 1–7 the 6 is valid and the only one in the top two. */
  assert_value (&f, csat7, "Checkout", NULL, "", 100.0 / 6, 6, 0);
  /* Delivery: 4, 5, 3, 4. */
  assert_value (&f, csat, "Delivery", NULL, "", 75.0, 4, 0);

  /* Checkout CES: 2, 3, 6, 7, 4 valid, 0 out of 1–7: mean 4.4. */
  assert_value (&f, ces, "Checkout", NULL, "", 4.4, 5, 1);
  value = find_value (&f, ces, "Checkout", NULL, "");
  s2 = (2.4 * 2.4 + 1.4 * 1.4 + 1.6 * 1.6 + 2.6 * 2.6 + 0.4 * 0.4) / 4;
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_moe (value), 1.96 * sqrt (s2) / sqrt (5), 1e-9);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/plain-kinds
 *
 * count, sum, mean, median (odd and even), min, max on a column with a
 * decimal comma and a “n/a”.
 */
static void
test_plain_kinds (void)
{
  Fixture f = { 0 };
  WaymarkMetric *count, *sum, *mean, *median, *min, *max;

  fixture_set_up (&f, survey);
  count = add_simple (&f, "Answers", WAYMARK_METRIC_KIND_COUNT, "NPS");
  sum = add_simple (&f, "Spend", WAYMARK_METRIC_KIND_SUM, "Spend");
  mean = add_simple (&f, "Mean spend", WAYMARK_METRIC_KIND_MEAN, "Spend");
  median = add_simple (&f, "Median spend", WAYMARK_METRIC_KIND_MEDIAN, "Spend");
  min = add_simple (&f, "Least spend", WAYMARK_METRIC_KIND_MIN, "Spend");
  max = add_simple (&f, "Most spend", WAYMARK_METRIC_KIND_MAX, "Spend");

  /* Checkout NPS cells: 10, 9, 8, 3, n/a and an empty one. */
  assert_value (&f, count, "Checkout", NULL, "", 5, 5, 0);
  assert_value (&f, count, "Chat", NULL, "", 0, 0, 0);

  /* Checkout spend: 10.5, 20, 5, n/a, 100, “2,5”. */
  assert_value (&f, sum, "Checkout", NULL, "", 138.0, 5, 1);
  assert_value (&f, mean, "Checkout", NULL, "", 27.6, 5, 1);
  assert_value (&f, median, "Checkout", NULL, "", 10.5, 5, 1);
  assert_value (&f, min, "Checkout", NULL, "", 2.5, 5, 1);
  assert_value (&f, max, "Checkout", NULL, "", 100.0, 5, 1);
  /* Delivery: 1, 2, 3, 4. */
  assert_value (&f, median, "Delivery", NULL, "", 2.5, 4, 0);
  /* During: Delivery's and Returns' rows together, 1 2 3 4 50 60 70. */
  assert_value (&f, median, NULL, "During", "", 4.0, 7, 0);
  assert_value (&f, sum, NULL, "During", "", 190.0, 7, 0);
  /* An empty group has no sum, no median. */
  assert_value (&f, sum, "Chat", NULL, "", NAN, 0, 0);
  assert_value (&f, median, "Chat", NULL, "", NAN, 0, 0);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/rate
 */
static void
test_rate (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) promoters = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "NPS");
  g_autoptr(WaymarkMetricDefinition) web = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "Channel");
  g_autoptr(WaymarkMetricDefinition) not_web = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "Channel");
  g_autoptr(WaymarkMetricDefinition) nine = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "NPS");
  WaymarkMetric *resolved;

  fixture_set_up (&f, survey);

  /* Yes/no answers: yes, no, Yes, n/a, yes, true. */
  resolved = add_simple (&f, "Resolved", WAYMARK_METRIC_KIND_RATE, "Resolved");
  assert_value (&f, resolved, "Checkout", NULL, "", 80.0, 5, 1);

  promoters->condition = g_strdup (">=9");
  assert_value (&f, add_metric (&f, "Promoters", promoters), "Checkout", NULL, "", 50.0, 4, 1);
  nine->condition = g_strdup ("9");
  assert_value (&f, add_metric (&f, "Nines", nine), "Checkout", NULL, "", 25.0, 4, 1);

  /* Text conditions, trimmed and case-insensitive: web, app, Web, web, app, web. */
  web->condition = g_strdup ("= WEB");
  assert_value (&f, add_metric (&f, "Web", web), "Checkout", NULL, "", 400.0 / 6, 6, 0);
  not_web->condition = g_strdup ("!=web");
  assert_value (&f, add_metric (&f, "Not web", not_web), "Checkout", NULL, "", 200.0 / 6, 6, 0);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/stage-aggregation
 *
 * A stage's value comes from its cards' rows together, not from their
 * values: During is Delivery (NPS 0, n 4) and Returns (NPS -33.3, n 3),
 * whose average would be -16.7; its rows give 1 promoter and 2
 * detractors of 7, -14.3. A key that matches two cards of one stage
 * counts once for it.
 */
static void
test_stage_aggregation (void)
{
  Fixture f = { 0 };
  WaymarkMetric *nps, *count;
  double cards_average;

  fixture_set_up (&f, survey);
  nps = add_simple (&f, "NPS", WAYMARK_METRIC_KIND_NPS, "NPS");

  assert_value (&f, nps, NULL, "During", "", 100.0 * (1 - 2) / 7, 7, 0);
  cards_average = (waymark_metric_value_get_value (find_value (&f, nps, "Delivery", NULL, "")) +
                   waymark_metric_value_get_value (find_value (&f, nps, "Returns", NULL, ""))) / 2;
  g_assert_cmpfloat (fabs (cards_average - waymark_metric_value_get_value (find_value (&f, nps, NULL, "During", ""))), >, 1.0);
  assert_value (&f, nps, NULL, "Before", "", 25.0, 4, 1);
  assert_value (&f, nps, NULL, "After", "", NAN, 0, 0);

  /* A second Delivery card in During: its rows count twice for cards, once for During. */
  add_card (f.document, "During", "delivery");
  count = add_simple (&f, "Rows", WAYMARK_METRIC_KIND_COUNT, "Id");
  assert_value (&f, count, NULL, "During", "", 7, 7, 0);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/drop-off
 */
static void
test_drop_off (void)
{
  Fixture f = { 0 };
  g_autoptr(GArray) drop_offs = NULL;
  g_autoptr(GArray) by_n = NULL;
  WaymarkMetric *count, *nps;
  WaymarkMetricDropOff *first, *second;

  fixture_set_up (&f, survey);
  count = add_simple (&f, "Rows", WAYMARK_METRIC_KIND_COUNT, "Id");

  /* Before 6 rows, During 7, After 2. */
  drop_offs = waymark_metric_dup_drop_offs (count, 11, "");
  g_assert_cmpuint (drop_offs->len, ==, 2);
  first = &g_array_index (drop_offs, WaymarkMetricDropOff, 0);
  second = &g_array_index (drop_offs, WaymarkMetricDropOff, 1);
  g_assert_cmpint (first->from_stage, ==, 101);
  g_assert_cmpint (first->to_stage, ==, 102);
  g_assert_cmpfloat_with_epsilon (first->percent, 100.0 * (6 - 7) / 6, 1e-9);
  g_assert_cmpint (second->from_stage, ==, 102);
  g_assert_cmpint (second->to_stage, ==, 103);
  g_assert_cmpfloat_with_epsilon (second->percent, 100.0 * (7 - 2) / 7, 1e-9);

  /* Other kinds use the respondents: 4, 7 and 0 (After answered nothing). */
  nps = add_simple (&f, "NPS", WAYMARK_METRIC_KIND_NPS, "NPS");
  by_n = waymark_metric_dup_drop_offs (nps, 11, "");
  g_assert_cmpuint (by_n->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (by_n, WaymarkMetricDropOff, 0).percent, -75.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (by_n, WaymarkMetricDropOff, 1).percent, 100.0, 1e-9);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/filters
 */
static void
test_filters (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) web = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) both = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) two = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) january = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) nothing = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autofree char *described = NULL;
  WaymarkMetric *web_nps;

  fixture_set_up (&f, survey);

  /* web, Web, web and an empty answer: 10, 8, 3. */
  waymark_metric_definition_add_filter (web, "Channel", "web");
  web_nps = add_metric (&f, "NPS web", web);
  assert_value (&f, web_nps, "Checkout", NULL, "", 0.0, 3, 0);
  /* Chat's web row answered nothing: a value with n 0. */
  assert_value (&f, web_nps, "Chat", NULL, "", NAN, 0, 0);

  /* Several values of one column: any of them. */
  waymark_metric_definition_add_filter (both, "Channel", "web");
  waymark_metric_definition_add_filter (both, "Channel", "APP");
  g_assert_cmpuint (both->filters->len, ==, 1);
  assert_value (&f, add_metric (&f, "NPS any", both), "Checkout", NULL, "", 25.0, 4, 1);

  /* Filters of different columns: all of them. Rows 1 and 3: 10 and 8. */
  waymark_metric_definition_add_filter (two, "Channel", "web");
  waymark_metric_definition_add_filter (two, "Resolved", "yes");
  assert_value (&f, add_metric (&f, "NPS web resolved", two), "Checkout", NULL, "", 50.0, 2, 0);

  /* A date range, both ends included; “not a date” is outside any. */
  waymark_metric_definition_add_date_range (january, "Date", "2026-01-01", "2026-01-20");
  {
    WaymarkMetric *metric = add_metric (&f, "NPS January", january);

    assert_value (&f, metric, "Checkout", NULL, "", 100.0, 2, 0);
    assert_value (&f, metric, NULL, NULL, "", 50.0, 4, 0);
  }

  waymark_metric_definition_add_filter (nothing, "Channel", "web");
  waymark_metric_definition_add_date_range (nothing, "Date", NULL, "2026-01-31");
  described = waymark_metric_definition_describe_filters (nothing);
  g_assert_cmpstr (described, ==, "Channel = web; Date until 2026-01-31");

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/periods
 *
 * Month and quarter from the date column (found by the import's types):
 * a period has a value for each card with rows in it, even rows with no
 * valid answer; a row without a date counts for the whole time only.
 */
static void
test_periods (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) monthly = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) quarterly = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) stored = NULL;
  WaymarkMetric *month, *quarter;
  GPtrArray *values;
  gint64 n_all_periods = 0;

  fixture_set_up (&f, survey);
  monthly->period = WAYMARK_PERIOD_MONTH;
  month = add_metric (&f, "NPS monthly", monthly);

  stored = waymark_metric_dup_definition (month, NULL);
  g_assert_cmpstr (stored->date_column, ==, "Date");

  assert_value (&f, month, "Checkout", NULL, "", 25.0, 4, 1);
  assert_value (&f, month, "Checkout", NULL, "2026-01", 100.0, 2, 0);
  assert_value (&f, month, "Checkout", NULL, "2026-02", -50.0, 2, 0);
  assert_value (&f, month, "Checkout", NULL, "2026-03", NAN, 0, 1);
  assert_value (&f, month, "Checkout", NULL, "2026-04", NAN, 0, 0);
  g_assert_null (find_value (&f, month, "Checkout", NULL, "2026-05"));
  assert_value (&f, month, "Returns", NULL, "2026-05", 100.0, 1, 0);

  /* The months of all rows add up to all rows but the undated one. */
  values = waymark_document_get_items (f.document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == id_of (month) && waymark_metric_value_get_card (value) == 0 &&
          waymark_metric_value_get_stage (value) == 0 && waymark_metric_value_get_period (value)[0] != '\0')
        n_all_periods += waymark_metric_value_get_n (value);
    }
  g_assert_cmpint (n_all_periods, ==, 12 - 1);

  /* 2026-03-31 is in Q1, 2026-04-01 in Q2. */
  quarterly->period = WAYMARK_PERIOD_QUARTER;
  quarterly->date_column = g_strdup ("Date");
  quarter = add_metric (&f, "NPS quarterly", quarterly);
  assert_value (&f, quarter, "Checkout", NULL, "2026-Q1", 25.0, 4, 1);
  assert_value (&f, quarter, "Checkout", NULL, "2026-Q2", NAN, 0, 0);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/period-boundaries
 *
 * ISO weeks belong to the year of their Thursday.
 */
static void
test_period_boundaries (void)
{
  static const struct { WaymarkPeriod period; const char *date; const char *key; } cases[] = {
    { WAYMARK_PERIOD_WEEK, "2025-12-28", "2025-W52" },
    { WAYMARK_PERIOD_WEEK, "2025-12-29", "2026-W01" },
    { WAYMARK_PERIOD_WEEK, "2026-01-04", "2026-W01" },
    { WAYMARK_PERIOD_WEEK, "2026-01-05", "2026-W02" },
    { WAYMARK_PERIOD_WEEK, "2021-01-03", "2020-W53" },
    { WAYMARK_PERIOD_WEEK, "2020-12-31", "2020-W53" },
    { WAYMARK_PERIOD_WEEK, "2027-01-01", "2026-W53" },
    { WAYMARK_PERIOD_WEEK, "2024-02-29", "2024-W09" },
    { WAYMARK_PERIOD_MONTH, "2026-01-31", "2026-01" },
    { WAYMARK_PERIOD_MONTH, "2026-02-01", "2026-02" },
    { WAYMARK_PERIOD_MONTH, "2026-12-31T23:59:59Z", "2026-12" },
    { WAYMARK_PERIOD_MONTH, " 2026-07-04 12:00", "2026-07" },
    { WAYMARK_PERIOD_QUARTER, "2026-03-31", "2026-Q1" },
    { WAYMARK_PERIOD_QUARTER, "2026-04-01", "2026-Q2" },
    { WAYMARK_PERIOD_QUARTER, "2026-12-31", "2026-Q4" },
    { WAYMARK_PERIOD_MONTH, "2026-02-30", NULL },
    { WAYMARK_PERIOD_MONTH, "31/01/2026", NULL },
    { WAYMARK_PERIOD_MONTH, "2026-1-5", NULL },
    { WAYMARK_PERIOD_MONTH, "", NULL },
    { WAYMARK_PERIOD_NONE, "2026-01-01", "" },
  };
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) weekly = waymark_metric_definition_new (WAYMARK_METRIC_KIND_COUNT, "Id");
  WaymarkMetric *week;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = waymark_period_key (cases[i].period, cases[i].date);

      g_assert_cmpstr (key, ==, cases[i].key);
    }

  /* The same through the engine, over a year end. */
  fixture_set_up (&f,
                  "Id,Date,Touchpoint\n"
                  "1,2025-12-28,Checkout\n"
                  "2,2025-12-29,Checkout\n"
                  "3,2026-01-01,Checkout\n"
                  "4,2026-01-04,Checkout\n"
                  "5,2026-01-05,Checkout\n");
  weekly->period = WAYMARK_PERIOD_WEEK;
  week = add_metric (&f, "Weekly", weekly);
  assert_value (&f, week, "Checkout", NULL, "2025-W52", 1, 1, 0);
  assert_value (&f, week, "Checkout", NULL, "2026-W01", 3, 3, 0);
  assert_value (&f, week, "Checkout", NULL, "2026-W02", 1, 1, 0);
  assert_value (&f, week, "Checkout", NULL, "", 5, 5, 0);
  assert_value (&f, week, NULL, "Before", "2026-W01", 3, 3, 0);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/low-confidence
 */
static void
test_low_confidence (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) lenient = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkMetricDefinition *definitions[2];
  GPtrArray *figures;
  guint checked = 0;

  fixture_set_up (&f, survey);
  g_assert_cmpint (definition->min_n, ==, 30);
  lenient->min_n = 4;
  definitions[0] = definition;
  definitions[1] = lenient;

  computation = waymark_metric_compute (f.document, f.dataset, definitions, 2, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  for (guint d = 0; d < 2; d++)
    {
      figures = waymark_metric_computation_get_figures (computation, d);
      for (guint i = 0; i < figures->len; i++)
        {
          WaymarkMetricFigure *figure = g_ptr_array_index (figures, i);

          g_assert_cmpint (figure->low_confidence, ==, figure->n < definitions[d]->min_n);
          if (figure->card == id_of (find_card (f.document, "Checkout")))
            {
              /* n = 4: low at 30, not at 4. */
              g_assert_cmpint (figure->low_confidence, ==, d == 0);
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, ==, 2);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/one-pass
 *
 * Several definitions computed together give what each gives alone, and
 * the computation never changes the document.
 */
static void
test_one_pass (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_definition_free);
  g_autoptr(WaymarkMetricComputation) together = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_set_up (&f, survey);
  before = waymark_test_dump_document (f.document);

  for (WaymarkMetricKind kind = WAYMARK_METRIC_KIND_COUNT; kind <= WAYMARK_METRIC_KIND_BOTTOM_BOX; kind++)
    {
      WaymarkMetricDefinition *definition = waymark_metric_definition_new (kind, kind == WAYMARK_METRIC_KIND_RATE ? "Resolved" : "CSAT");

      definition->period = WAYMARK_PERIOD_MONTH;
      definition->date_column = g_strdup ("Date");
      if (kind % 2 == 0)
        waymark_metric_definition_add_filter (definition, "Channel", "web");
      g_ptr_array_add (definitions, definition);
    }

  together = waymark_metric_compute (f.document, f.dataset, (WaymarkMetricDefinition * const *) definitions->pdata,
                                     definitions->len, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (waymark_metric_computation_get_changed (together));
  g_assert_cmpuint (waymark_metric_computation_get_rows (together), ==, 16);

  for (guint d = 0; d < definitions->len; d++)
    {
      g_autoptr(WaymarkMetricComputation) alone = NULL;
      GPtrArray *a = waymark_metric_computation_get_figures (together, d);
      GPtrArray *b;

      alone = waymark_metric_compute (f.document, f.dataset, (WaymarkMetricDefinition * const *) &definitions->pdata[d],
                                      1, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      b = waymark_metric_computation_get_figures (alone, 0);
      g_assert_nonnull (a);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        {
          WaymarkMetricFigure *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

          g_assert_cmpint (x->card, ==, y->card);
          g_assert_cmpint (x->stage, ==, y->stage);
          g_assert_cmpstr (x->period, ==, y->period);
          g_assert_cmpint (x->n, ==, y->n);
          g_assert_cmpint (x->excluded, ==, y->excluded);
          g_assert_true ((isnan (x->value) && isnan (y->value)) || x->value == y->value);
        }
    }

  after = waymark_test_dump_document (f.document);
  g_assert_cmpstr (before, ==, after);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/undo
 *
 * Adding a metric is one step with its values; undo takes both away.
 */
static void
test_undo (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  WaymarkMetric *metric;

  fixture_set_up (&f, survey);
  before = waymark_test_dump_document (f.document);
  definition->period = WAYMARK_PERIOD_MONTH;
  definition->target = 30;
  metric = add_metric (&f, "NPS", definition);

  g_assert_cmpstr (waymark_document_get_undo_label (f.document), ==, "Add Metric");
  g_assert_cmpstr (waymark_metric_get_kind (metric), ==, "nps");
  g_assert_cmpstr (waymark_metric_get_column_name (metric), ==, "NPS");
  g_assert_cmpstr (waymark_metric_get_status (metric), ==, "");
  g_assert_cmpuint (strlen (waymark_metric_get_computed (metric)), >=, 20);
  g_assert_nonnull (strstr (waymark_metric_get_definition_json (metric), "\"target\":30"));
  g_assert_cmpuint (count_values (&f, metric), >, 8);

  g_assert_true (waymark_document_undo (f.document));
  after = waymark_test_dump_document (f.document);
  g_assert_cmpstr (before, ==, after);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/update
 *
 * Editing a metric keeps its id, replaces its values and is one step;
 * undo brings the old definition and values back; a failing edit changes
 * nothing.
 */
static void
test_update (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) nps = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) csat = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CSAT, "CSAT");
  g_autoptr(WaymarkMetricDefinition) text = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "Comment");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *edited = NULL;
  WaymarkMetric *metric;
  gint64 id;

  fixture_set_up (&f, survey);
  metric = add_metric (&f, "NPS", nps);
  id = id_of (metric);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (find_value (&f, metric, "Checkout", NULL, "")), 25.0, 1e-9);
  before = waymark_test_dump_document (f.document);

  g_assert_true (waymark_metric_update (f.document, metric, f.dataset, "Satisfaction", csat, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_document_get_undo_label (f.document), ==, "Edit Metric");
  g_assert_true (WAYMARK_METRIC (waymark_document_lookup (f.document, id)) == metric);
  g_assert_cmpstr (waymark_metric_get_name (metric), ==, "Satisfaction");
  g_assert_cmpstr (waymark_metric_get_kind (metric), ==, "csat");
  /* Checkout's CSAT: 5, 4, 2, 1, (6 excluded), 3 — two of five in 4–5. */
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (find_value (&f, metric, "Checkout", NULL, "")), 40.0, 1e-9);
  edited = waymark_test_dump_document (f.document);

  g_assert_false (waymark_metric_update (f.document, metric, f.dataset, "Satisfaction", text, NULL, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_clear_pointer (&after, g_free);
  after = waymark_test_dump_document (f.document);
  g_assert_cmpstr (edited, ==, after);

  g_assert_true (waymark_document_undo (f.document));
  g_clear_pointer (&after, g_free);
  after = waymark_test_dump_document (f.document);
  g_assert_cmpstr (before, ==, after);

  fixture_tear_down (&f);
}

static gpointer
compute_thread (gpointer data)
{
  WaymarkMetricSource *source = data;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");

  return waymark_metric_source_compute (source, &definition, 1, NULL, NULL, NULL, NULL);
}

/*
 * /waymark/metrics/source-thread
 *
 * A source is a copy: computed on another thread, it binds rows to the
 * cards the document had when it was made, whatever happens to them since.
 */
static void
test_source_thread (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricSource) source = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  gint64 checkout;
  GPtrArray *figures;
  gboolean found = FALSE;
  GThread *thread;

  fixture_set_up (&f, survey);
  checkout = id_of (find_card (f.document, "Checkout"));
  source = waymark_metric_source_new (f.document, f.dataset);
  {
    g_autofree char *path = g_file_get_path (waymark_metric_source_get_file (source));

    g_assert_cmpstr (path, ==, f.csv);
  }

  thread = g_thread_new ("compute", compute_thread, source);
  waymark_document_remove (f.document, WAYMARK_OBJECT (find_card (f.document, "Checkout")));
  computation = g_thread_join (thread);

  g_assert_nonnull (computation);
  figures = waymark_metric_computation_get_figures (computation, 0);
  g_assert_nonnull (figures);
  for (guint i = 0; i < figures->len; i++)
    {
      WaymarkMetricFigure *figure = g_ptr_array_index (figures, i);

      if (figure->card == checkout && g_str_equal (figure->period, ""))
        {
          g_assert_cmpfloat_with_epsilon (figure->value, 25.0, 1e-9);
          g_assert_cmpint (figure->n, ==, 4);
          found = TRUE;
        }
    }
  g_assert_true (found);
  g_assert_false (waymark_metric_computation_get_changed (computation));

  fixture_tear_down (&f);
}

static void
assert_add_fails (Fixture                 *f,
                  const char              *name,
                  WaymarkMetricDefinition *definition,
                  GQuark                   domain,
                  int                      code,
                  const char              *message_part)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = waymark_test_dump_document (f->document);
  g_autofree char *after = NULL;
  g_autofree char *label = g_strdup (waymark_document_get_undo_label (f->document));

  g_assert_null (waymark_metric_add (f->document, f->dataset, name, definition, NULL, &error));
  g_assert_error (error, domain, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not say “%s”", error->message, message_part);

  after = waymark_test_dump_document (f->document);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, label);
}

/*
 * /waymark/metrics/errors
 *
 * Bad input is refused with the reason, and the document stays as it was.
 */
static void
test_errors (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) missing = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "Score");
  g_autoptr(WaymarkMetricDefinition) text = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "Comment");
  g_autoptr(WaymarkMetricDefinition) out_of_scale = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "Seconds");
  g_autoptr(WaymarkMetricDefinition) empty = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) bad_filter = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) no_dates = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) fine = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) condition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "NPS");
  g_autoptr(WaymarkMetricDefinition) box = waymark_metric_definition_new (WAYMARK_METRIC_KIND_TOP_BOX, "CSAT");
  g_autofree char *changed = NULL;

  fixture_set_up (&f, survey);
  add_simple (&f, "Taken", WAYMARK_METRIC_KIND_COUNT, "Id");

  assert_add_fails (&f, "NPS", missing, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "no column named “Score” (columns: Id, Date,");
  assert_add_fails (&f, "NPS", text, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "column “Comment” holds text");
  assert_add_fails (&f, "NPS", out_of_scale, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                    "no cell of column “Seconds” is a whole number from 0 to 10, as a nps metric needs (16 cells are not)");
  waymark_metric_definition_add_filter (empty, "Channel", "fax");
  assert_add_fails (&f, "NPS", empty, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "no row matches the filters (Channel = fax)");
  waymark_metric_definition_add_filter (bad_filter, "Chanel", "web");
  assert_add_fails (&f, "NPS", bad_filter, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "no column named “Chanel”");
  no_dates->period = WAYMARK_PERIOD_WEEK;
  no_dates->date_column = g_strdup ("When");
  assert_add_fails (&f, "NPS", no_dates, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "no column named “When”");
  assert_add_fails (&f, "Taken", fine, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, "already has a metric named “Taken”");
  assert_add_fails (&f, "", fine, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, "needs a name");
  condition->condition = g_strdup (">=lots");
  assert_add_fails (&f, "Rate", condition, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, "“lots”, which is not a number");
  box->box = 6;
  assert_add_fails (&f, "Box", box, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, "does not fit the scale from 1 to 5");

  /* A source changed since the import: another size, or the same size and other bytes. */
  changed = g_strdup (survey);
  *strstr (changed, "10,5,2,10.5") = '9';
  write_file (f.csv, changed);
  assert_add_fails (&f, "NPS", fine, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "changed since it was imported");
  write_file (f.csv, "Id\n1\n");
  assert_add_fails (&f, "NPS", fine, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "changed since it was imported");

  g_unlink (f.csv);
  assert_add_fails (&f, "NPS", fine, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such file");

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/recipe
 *
 * The source is read again as the import read it: a Qualtrics export in
 * Windows-1252 with semicolons and three header rows, whose question
 * texts would otherwise count as excluded answers.
 */
static void
test_recipe (void)
{
  static const char export[] =
    "Touchpoint;NPS;Comment\n"
    "Which touchpoint?;How likely are you to recommend us?;Why?\n"
    "{\"ImportId\":\"QID1\"};{\"ImportId\":\"QID2\"};{\"ImportId\":\"QID3\"}\n"
    "Caf\xe9;10;tr\xe8s bien\n"
    "caf\xe9 ;9;\n"
    "Caf\xe9;2;\n";
  g_autofree char *dir = waymark_test_make_dir ("metrics-recipe");
  g_autofree char *path = g_build_filename (dir, "export.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", "Recipe", NULL);
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(GError) error = NULL;
  WaymarkTableOptions options = { NULL, 0, NULL, 3 };
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  GPtrArray *values;
  gboolean found = FALSE;

  write_file (path, export);
  import = waymark_import_scan (file, &options, "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_import_match (import, document, 0, NULL, NULL);
  dataset = waymark_import_apply (import, document, 0, "export", TRUE, &error);
  g_assert_no_error (error);

  metric = waymark_metric_add (document, dataset, "NPS", definition, NULL, &error);
  g_assert_no_error (error);

  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      WaymarkObject *card = waymark_document_lookup (document, waymark_metric_value_get_card (value));

      /* The card's value, and that of all rows, where header rows would show as excluded. */
      if (waymark_metric_value_get_metric (value) != id_of (metric) || waymark_metric_value_get_stage (value) != 0)
        continue;
      if (card != NULL)
        {
          g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (card)), ==, "Café");
          found = TRUE;
        }
      g_assert_cmpint (waymark_metric_value_get_n (value), ==, 3);
      g_assert_cmpint (waymark_metric_value_get_excluded (value), ==, 0);
      g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), 100.0 * (2 - 1) / 3, 1e-9);
    }
  g_assert_true (found);

  waymark_test_remove_dir (dir);
}

/*
 * /waymark/metrics/period-date-column
 *
 * Without a column of dates, a period cannot be computed.
 */
static void
test_period_date_column (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) monthly = waymark_metric_definition_new (WAYMARK_METRIC_KIND_COUNT, "Id");

  fixture_set_up (&f, "Id,Touchpoint\n1,Checkout\n");
  monthly->period = WAYMARK_PERIOD_MONTH;
  assert_add_fails (&f, "Monthly", monthly, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "needs a column of dates");

  fixture_tear_down (&f);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
dump_values (Fixture       *f,
             WaymarkMetric *metric)
{
  GPtrArray *values = waymark_document_get_items (f->document, WAYMARK_TYPE_METRIC_VALUE);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == id_of (metric))
        g_ptr_array_add (lines, g_strdup_printf ("%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %.17g %" G_GINT64_FORMAT,
                                                 waymark_metric_value_get_card (value),
                                                 waymark_metric_value_get_stage (value),
                                                 waymark_metric_value_get_period (value),
                                                 waymark_metric_value_get_value (value),
                                                 waymark_metric_value_get_n (value)));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);

  return g_strjoinv ("\n", (char **) lines->pdata);
}

/*
 * /waymark/metrics/refresh-changed
 *
 * A source that changed is reported and recomputed, its record updated,
 * in one undoable step.
 */
static void
test_refresh_changed (void)
{
  Fixture f = { 0 };
  g_autoptr(WaymarkMetricDefinition) monthly = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *longer = g_strconcat (survey, "17,2026-06-01,Checkout,10,5,1,1,yes,web,280,\n", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after_undo = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *expected_sha256 = g_compute_checksum_for_string (G_CHECKSUM_SHA256, longer, -1);
  WaymarkMetricNotice *notice;
  WaymarkMetric *nps;
  gint64 rows = 0;

  fixture_set_up (&f, survey);
  monthly->period = WAYMARK_PERIOD_MONTH;
  nps = add_metric (&f, "NPS", monthly);

  /* Unchanged: nothing to report, the same values. */
  before = dump_values (&f, nps);
  notices = waymark_metric_refresh (f.document, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 0);
  {
    g_autofree char *again = dump_values (&f, nps);
    g_assert_cmpstr (again, ==, before);
  }
  g_clear_pointer (&notices, g_ptr_array_unref);
  g_free (before);
  before = waymark_test_dump_document (f.document);

  write_file (f.csv, longer);
  notices = waymark_metric_refresh (f.document, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_false (notice->stale);
  g_assert_cmpint (notice->dataset, ==, id_of (f.dataset));
  g_assert_cmpint (notice->metric, ==, 0);
  g_assert_cmpstr (notice->source, ==, f.csv);
  g_assert_nonnull (strstr (notice->message, "changed since it was imported"));

  /* Checkout gains a promoter: 3 of 5, 1 detractor. */
  assert_value (&f, nps, "Checkout", NULL, "", 40.0, 5, 1);
  assert_value (&f, nps, "Checkout", NULL, "2026-06", 100.0, 1, 0);
  g_assert_cmpstr (waymark_metric_get_status (nps), ==, "");
  g_object_get (f.dataset, "sha256", &sha256, "row-count", &rows, NULL);
  g_assert_cmpstr (sha256, ==, expected_sha256);
  g_assert_cmpint (rows, ==, 17);
  g_assert_cmpstr (waymark_document_get_undo_label (f.document), ==, "Compute Metric");

  g_assert_true (waymark_document_undo (f.document));
  after_undo = waymark_test_dump_document (f.document);
  g_assert_cmpstr (before, ==, after_undo);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/refresh-missing
 *
 * A missing file or missing columns keep the last values, marked stale;
 * the metrics that can be computed are.
 */
static void
test_refresh_missing (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *nps_before = NULL;
  g_autofree char *csat_before = NULL;
  g_autofree char *nps_after = NULL;
  g_autofree char *csat_after = NULL;
  g_autofree char *without_csat = NULL;
  g_autofree char *columns = NULL;
  WaymarkMetricNotice *notice;
  WaymarkMetric *nps, *csat;

  fixture_set_up (&f, survey);
  nps = add_simple (&f, "NPS", WAYMARK_METRIC_KIND_NPS, "NPS");
  csat = add_simple (&f, "CSAT", WAYMARK_METRIC_KIND_CSAT, "CSAT");
  nps_before = dump_values (&f, nps);
  csat_before = dump_values (&f, csat);

  /* The CSAT column is gone (renamed): NPS is recomputed, CSAT stale. */
  without_csat = g_strdup (survey);
  memcpy (strstr (without_csat, "CSAT"), "Sat1", 4);
  write_file (f.csv, without_csat);
  notices = waymark_metric_refresh (f.document, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 2);
  notice = g_ptr_array_index (notices, 0);
  g_assert_false (notice->stale);
  g_assert_nonnull (strstr (notice->message, "columns removed: CSAT; columns added: Sat1"));
  notice = g_ptr_array_index (notices, 1);
  g_assert_true (notice->stale);
  g_assert_cmpint (notice->metric, ==, id_of (csat));
  g_assert_nonnull (strstr (notice->message, "metric “CSAT”: no column named “CSAT”"));
  g_assert_nonnull (strstr (waymark_metric_get_status (csat), "no column named “CSAT”"));
  g_assert_cmpstr (waymark_metric_get_status (nps), ==, "");
  csat_after = dump_values (&f, csat);
  g_assert_cmpstr (csat_after, ==, csat_before);
  nps_after = dump_values (&f, nps);
  g_assert_cmpstr (nps_after, ==, nps_before);
  /* The record follows the file, new column and all. */
  g_object_get (f.dataset, "columns", &columns, NULL);
  g_assert_nonnull (strstr (columns, "{\"name\":\"Sat1\",\"type\":\"integer\""));
  g_clear_pointer (&notices, g_ptr_array_unref);

  /* The file is gone: everything stale, nothing lost. */
  g_unlink (f.csv);
  notices = waymark_metric_refresh (f.document, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notices->len, ==, 1);
  notice = g_ptr_array_index (notices, 0);
  g_assert_true (notice->stale);
  g_assert_cmpint (notice->metric, ==, 0);
  g_assert_cmpstr (notice->source, ==, f.csv);
  g_assert_cmpstr (notice->message, ==, "No such file or directory");
  g_assert_nonnull (strstr (waymark_metric_get_status (nps), "No such file or directory"));
  g_assert_nonnull (strstr (waymark_metric_get_status (nps), f.csv));
  g_clear_pointer (&nps_after, g_free);
  nps_after = dump_values (&f, nps);
  g_assert_cmpstr (nps_after, ==, nps_before);

  /* Back again: fresh. */
  write_file (f.csv, survey);
  g_clear_pointer (&notices, g_ptr_array_unref);
  notices = waymark_metric_refresh (f.document, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_metric_get_status (nps), ==, "");
  g_assert_cmpstr (waymark_metric_get_status (csat), ==, "");

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/refresh-cancelled
 */
static void
test_refresh_cancelled (void)
{
  Fixture f = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  fixture_set_up (&f, survey);
  add_simple (&f, "NPS", WAYMARK_METRIC_KIND_NPS, "NPS");
  before = waymark_test_dump_document (f.document);

  g_cancellable_cancel (cancellable);
  notices = waymark_metric_refresh (f.document, NULL, cancellable, &error);
  g_assert_null (notices);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = waymark_test_dump_document (f.document);
  g_assert_cmpstr (before, ==, after);

  fixture_tear_down (&f);
}

/*
 * /waymark/metrics/definition-json
 */
static void
test_definition_json (void)
{
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CSAT, "Sat");
  g_autoptr(WaymarkMetricDefinition) read = NULL;
  g_autoptr(WaymarkMetricDefinition) defaults = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  static const char * const bad[] = {
    "[1]", "{", "{\"min_n\": -1}", "{\"min_n\": 2.5}", "{\"period\": \"fortnight\"}",
    "{\"scale\": [5, 1]}", "{\"scale\": [1]}", "{\"filters\": [{\"values\": [\"web\"]}]}",
    "{\"filters\": [{\"column\": \"Date\", \"from\": \"yesterday\"}]}", "{\"direction\": \"up\"}",
    "{\"thresholds\": {\"good\": \"high\"}}",
  };

  waymark_metric_definition_add_filter (definition, "Channel", "web");
  waymark_metric_definition_add_filter (definition, "Channel", "app");
  waymark_metric_definition_add_date_range (definition, "Date", "2026-01-01", NULL);
  definition->period = WAYMARK_PERIOD_QUARTER;
  definition->date_column = g_strdup ("Date");
  definition->scale_min = 1;
  definition->scale_max = 7;
  definition->box = 3;
  definition->min_n = 50;
  definition->target = 80.5;
  definition->direction = WAYMARK_METRIC_LOWER_IS_BETTER;
  definition->good = 90;
  definition->warning = 70;
  definition->unit = g_strdup ("%");
  definition->format = g_strdup ("0.0");

  json = waymark_metric_definition_to_json (definition);
  g_assert_cmpstr (json, ==,
                   "{\"filters\":[{\"column\":\"Channel\",\"values\":[\"web\",\"app\"]},"
                   "{\"column\":\"Date\",\"from\":\"2026-01-01\"}],\"period\":\"quarter\",\"date_column\":\"Date\","
                   "\"scale\":[1.0,7.0],\"box\":3,\"min_n\":50,\"target\":80.5,\"direction\":\"lower\","
                   "\"thresholds\":{\"good\":90,\"warning\":70},\"unit\":\"%\",\"format\":\"0.0\"}");
  read = waymark_metric_definition_new_from_json (WAYMARK_METRIC_KIND_CSAT, "Sat", json, &error);
  g_assert_no_error (error);
  again = waymark_metric_definition_to_json (read);
  g_assert_cmpstr (again, ==, json);
  g_assert_true (isnan (read->bad));

  defaults = waymark_metric_definition_new_from_json (WAYMARK_METRIC_KIND_NPS, "NPS", "{\"unknown\": true}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (defaults->min_n, ==, WAYMARK_METRIC_DEFAULT_MIN_N);
  g_assert_cmpint (defaults->period, ==, WAYMARK_PERIOD_NONE);
  g_assert_true (isnan (defaults->target));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(WaymarkMetricDefinition) refused = NULL;

      refused = waymark_metric_definition_new_from_json (WAYMARK_METRIC_KIND_NPS, "NPS", bad[i], &error);
      if (refused != NULL)
        g_error ("%s was read", bad[i]);
      g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC);
      g_clear_error (&error);
    }
}

/*
 * /waymark/metrics/judge
 */
static void
test_judge (void)
{
  g_autoptr(WaymarkMetricDefinition) nps = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) ces = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CES, "CES");

  g_assert_cmpint (waymark_metric_definition_judge (nps, 50), ==, WAYMARK_METRIC_RATING_NONE);
  nps->target = 30;
  g_assert_cmpint (waymark_metric_definition_judge (nps, 30), ==, WAYMARK_METRIC_RATING_GOOD);
  g_assert_cmpint (waymark_metric_definition_judge (nps, 29.9), ==, WAYMARK_METRIC_RATING_BAD);
  g_assert_cmpint (waymark_metric_definition_judge (nps, NAN), ==, WAYMARK_METRIC_RATING_NONE);
  nps->good = 40;
  nps->warning = 10;
  g_assert_cmpint (waymark_metric_definition_judge (nps, 45), ==, WAYMARK_METRIC_RATING_GOOD);
  g_assert_cmpint (waymark_metric_definition_judge (nps, 20), ==, WAYMARK_METRIC_RATING_WARNING);
  g_assert_cmpint (waymark_metric_definition_judge (nps, 5), ==, WAYMARK_METRIC_RATING_BAD);

  /* Less effort is better. */
  ces->direction = WAYMARK_METRIC_LOWER_IS_BETTER;
  ces->good = 2;
  ces->bad = 5;
  g_assert_cmpint (waymark_metric_definition_judge (ces, 1.5), ==, WAYMARK_METRIC_RATING_GOOD);
  g_assert_cmpint (waymark_metric_definition_judge (ces, 3), ==, WAYMARK_METRIC_RATING_WARNING);
  g_assert_cmpint (waymark_metric_definition_judge (ces, 5.5), ==, WAYMARK_METRIC_RATING_BAD);
}

/*
 * /waymark/metrics/survey-matches-sql
 *
 * On a generated survey export, what `waymark-cli info --json` reports
 * per touchpoint, stage and month equals what SQLite computes on the same
 * file: NPS, CSAT, the CES mean, and NPS on web only.
 */

static const char * const sql_touchpoints[][2] = {
  { "Search results", "Discover" }, { "Product page", "Discover" }, { "Checkout", "Purchase" },
  { "Payment", "Purchase" }, { "Delivery SMS", "Delivery" }, { "Courier", "Delivery" },
  { "Returns portal", "Support" }, { "Support chat", "Support" },
};

static const char *
pick (GRand              *rand,
      const char * const *choices,
      guint               n)
{
  return choices[g_rand_int_range (rand, 0, n)];
}

/* Mostly valid answers; some out of scale, some not numbers, some empty. */
static char *
answer (GRand *rand,
        int    low,
        int    high)
{
  static const char * const junk[] = { "n/a", "", " ", "-1", "7.5", "11", "abc", "99" };
  int roll = g_rand_int_range (rand, 0, 100);

  if (roll < 8)
    return g_strdup (pick (rand, junk, G_N_ELEMENTS (junk)));
  if (roll < 12)
    return g_strdup_printf (" %d ", g_rand_int_range (rand, low, high + 1));
  return g_strdup_printf ("%d", g_rand_int_range (rand, low, high + 1));
}

static void
write_sql_survey (const char *path)
{
  static const char * const channels[] = { "web", "Web", " web ", "app", "phone" };
  static const char * const spellings[] = { "as is", "as is", "as is", " before", "after " };
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) out = g_string_new ("ResponseId,Date,Touchpoint,Stage,NPS,CSAT,CES,Channel\n");

  for (guint i = 0; i < 4000; i++)
    {
      guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (sql_touchpoints));
      g_autofree char *touchpoint = NULL;
      g_autofree char *date = NULL;
      g_autofree char *nps = answer (rand, 0, 10);
      g_autofree char *csat = answer (rand, 1, 5);
      g_autofree char *ces = answer (rand, 1, 7);

      /* The first row of each touchpoint spells it plainly: it names the card. */
      touchpoint = g_strdup (sql_touchpoints[t][0]);
      if (i >= 100)
        {
          const char *spelling = pick (rand, spellings, G_N_ELEMENTS (spellings));

          g_free (touchpoint);
          touchpoint = g_strconcat (spelling[0] == ' ' ? " " : "", sql_touchpoints[t][0],
                                    spelling[strlen (spelling) - 1] == ' ' ? " " : "", NULL);
        }
      if (i >= 100 && g_rand_int_range (rand, 0, 10) == 0)
        {
          g_autofree char *upper = g_utf8_strup (touchpoint, -1);

          g_free (touchpoint);
          touchpoint = g_steal_pointer (&upper);
        }
      if (g_rand_int_range (rand, 0, 50) == 0)
        date = g_strdup ("unknown");
      else
        date = g_strdup_printf ("%d-%02d-%02d", g_rand_int_range (rand, 2025, 2027),
                                g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29));

      g_string_append_printf (out, "R%05u,%s,%s,%s,%s,%s,%s,%s\n", i, date, touchpoint,
                              sql_touchpoints[t][1], nps, csat, ces, pick (rand, channels, G_N_ELEMENTS (channels)));
    }

  write_file (path, out->str);
}

/* The file into an in-memory table, every cell as text, as `.import` would. */
static sqlite3 *
load_into_sqlite (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *insert = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE survey (id TEXT, date TEXT, touchpoint TEXT, stage TEXT, "
                                     "nps TEXT, csat TEXT, ces TEXT, channel TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO survey VALUES (?, ?, ?, ?, ?, ?, ?, ?)", -1, &insert, NULL), ==, SQLITE_OK);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] && lines[i][0]; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (cells), ==, 8);
      for (int c = 0; c < 8; c++)
        sqlite3_bind_text (insert, c + 1, cells[c], -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (insert), ==, SQLITE_DONE);
      sqlite3_reset (insert);
    }
  sqlite3_finalize (insert);

  return db;
}

/* NPS, CSAT, CES mean and NPS of web rows, with their n, per GROUP. */
static const char sql_aggregates[] =
  "WITH r AS ("
  "  SELECT lower(trim(touchpoint)) AS tp, stage,"
  "         CASE WHEN date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN substr(date, 1, 7) END AS month,"
  "         lower(trim(channel)) = 'web' AS web,"
  "         CASE WHEN trim(nps) GLOB '[0-9]' OR trim(nps) = '10' THEN CAST(trim(nps) AS INTEGER) END AS nps,"
  "         CASE WHEN trim(csat) GLOB '[1-5]' THEN CAST(trim(csat) AS INTEGER) END AS csat,"
  "         CASE WHEN trim(ces) GLOB '[1-7]' THEN CAST(trim(ces) AS INTEGER) END AS ces"
  "  FROM survey)"
  "SELECT %s, %s,"
  "       100.0 * (SUM(nps >= 9) - SUM(nps <= 6)) / COUNT(nps), COUNT(nps),"
  "       100.0 * SUM(csat >= 4) / COUNT(csat), COUNT(csat),"
  "       AVG(ces), COUNT(ces),"
  "       100.0 * (SUM(web AND nps >= 9) - SUM(web AND nps <= 6)) / COUNT(CASE WHEN web THEN nps END),"
  "       COUNT(CASE WHEN web THEN nps END)"
  "  FROM r %s GROUP BY 1, 2";

static JsonObject *
find_metric_entry (JsonArray  *metrics,
                   const char *name)
{
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *entry = json_array_get_object_element (metrics, i);

      if (g_str_equal (json_object_get_string_member (entry, "metric"), name))
        return entry;
    }

  return NULL;
}

/* The entry for @period ("" the whole time) of metric @name on a card or stage. */
static JsonObject *
find_period_entry (JsonObject *owner,
                   const char *name,
                   const char *period)
{
  JsonObject *entry = find_metric_entry (json_object_get_array_member (owner, "metrics"), name);
  JsonArray *periods;

  if (entry == NULL || period[0] == '\0')
    return entry;
  if (!json_object_has_member (entry, "periods"))
    return NULL;

  periods = json_object_get_array_member (entry, "periods");
  for (guint i = 0; i < json_array_get_length (periods); i++)
    {
      JsonObject *p = json_array_get_object_element (periods, i);

      if (g_str_equal (json_object_get_string_member (p, "period"), period))
        return p;
    }

  return NULL;
}

static void
assert_same (JsonObject   *entry,
             sqlite3_stmt *row,
             int           column,
             const char   *what)
{
  gint64 n = sqlite3_column_int64 (row, column + 1);

  if (entry == NULL)
    {
      /* No value from rows with no valid answer in a month of a group that has one elsewhere. */
      g_assert_cmpint (n, ==, 0);
      return;
    }

  g_assert_cmpint (json_object_get_int_member (entry, "n"), ==, n);
  if (n == 0)
    {
      g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (entry, "value")));
      return;
    }

  {
    double expected = sqlite3_column_double (row, column);
    double got = json_object_get_double_member (entry, "value");

    if (fabs (got - expected) > 1e-9 * MAX (1.0, fabs (expected)))
      g_error ("%s: %.17g from info --json, %.17g from SQL", what, got, expected);
  }
}

static void
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("WAYMARK_CLI");
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("waymark-cli %s failed: %s", first, err);
}

static void
test_survey_matches_sql (void)
{
  g_autofree char *dir = waymark_test_make_dir ("metrics-sql");
  g_autofree char *csv = g_build_filename (dir, "export.csv", NULL);
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) cards = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stages = g_hash_table_new (g_str_hash, g_str_equal);
  const char *cli = g_getenv ("WAYMARK_CLI");
  const char * const names[] = { "NPS", "CSAT", "CES", "NPS web" };
  JsonObject *map;
  JsonArray *card_list, *stage_list;
  sqlite3 *db;
  guint compared = 0;
  int status = 0;

  write_sql_survey (csv);
  run_cli ("new", doc, "--template", "blank", NULL);
  run_cli ("data", "import", doc, csv, "--key", "Touchpoint", "--stage-column", "Stage", "--create-cards", "--name", "export", NULL);
  run_cli ("metric", "add", doc, "--dataset", "export", "--name", "NPS", "--kind", "nps", "--column", "NPS", "--period", "month", NULL);
  run_cli ("metric", "add", doc, "--dataset", "export", "--name", "CSAT", "--kind", "csat", "--column", "CSAT", "--period", "month", NULL);
  run_cli ("metric", "add", doc, "--dataset", "export", "--name", "CES", "--kind", "ces", "--column", "CES", "--period", "month", NULL);
  run_cli ("metric", "add", doc, "--dataset", "export", "--name", "NPS web", "--kind", "nps", "--column", "NPS",
           "--filter", "Channel=web", "--period", "month", NULL);

  {
    const char *argv[] = { cli, "info", "--json", doc, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  map = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "maps"), 0);

  card_list = json_object_get_array_member (map, "cards");
  g_assert_cmpuint (json_array_get_length (card_list), ==, G_N_ELEMENTS (sql_touchpoints));
  for (guint i = 0; i < json_array_get_length (card_list); i++)
    {
      JsonObject *card = json_array_get_object_element (card_list, i);

      g_hash_table_insert (cards, g_ascii_strdown (json_object_get_string_member (card, "title"), -1), card);
    }
  stage_list = json_object_get_array_member (map, "stages");
  for (guint i = 0; i < json_array_get_length (stage_list); i++)
    {
      JsonObject *stage = json_array_get_object_element (stage_list, i);

      g_hash_table_insert (stages, (gpointer) json_object_get_string_member (stage, "title"), stage);
    }

  db = load_into_sqlite (csv);

  /* Per touchpoint, then per stage (each touchpoint is in one); the whole time, then each month. */
  for (int by_stage = 0; by_stage < 2; by_stage++)
    for (int monthly = 0; monthly < 2; monthly++)
      {
        g_autofree char *sql = g_strdup_printf (sql_aggregates, by_stage ? "stage" : "tp", monthly ? "month" : "''",
                                                monthly ? "WHERE month IS NOT NULL" : "");
        sqlite3_stmt *row = NULL;

        g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &row, NULL), ==, SQLITE_OK);
        while (sqlite3_step (row) == SQLITE_ROW)
          {
            const char *group = (const char *) sqlite3_column_text (row, 0);
            const char *period = (const char *) sqlite3_column_text (row, 1);
            JsonObject *owner = g_hash_table_lookup (by_stage ? stages : cards, group);

            g_assert_nonnull (owner);
            for (guint m = 0; m < G_N_ELEMENTS (names); m++)
              {
                g_autofree char *what = g_strdup_printf ("%s of %s in “%s”", names[m], group, period);

                assert_same (find_period_entry (owner, names[m], period), row, 2 + 2 * m, what);
                compared++;
              }
          }
        sqlite3_finalize (row);
      }

  /* 8 touchpoints and 4 stages over 24 months and the whole time, 4 metrics each. */
  g_assert_cmpuint (compared, ==, (8 + 4) * (24 + 1) * 4);

  sqlite3_close (db);
  waymark_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = waymark_test_make_dir ("metrics");

  g_test_add_func ("/waymark/metrics/nps", test_nps);
  g_test_add_func ("/waymark/metrics/csat-ces-boxes", test_csat_ces_boxes);
  g_test_add_func ("/waymark/metrics/plain-kinds", test_plain_kinds);
  g_test_add_func ("/waymark/metrics/rate", test_rate);
  g_test_add_func ("/waymark/metrics/stage-aggregation", test_stage_aggregation);
  g_test_add_func ("/waymark/metrics/drop-off", test_drop_off);
  g_test_add_func ("/waymark/metrics/filters", test_filters);
  g_test_add_func ("/waymark/metrics/periods", test_periods);
  g_test_add_func ("/waymark/metrics/period-boundaries", test_period_boundaries);
  g_test_add_func ("/waymark/metrics/period-date-column", test_period_date_column);
  g_test_add_func ("/waymark/metrics/recipe", test_recipe);
  g_test_add_func ("/waymark/metrics/low-confidence", test_low_confidence);
  g_test_add_func ("/waymark/metrics/one-pass", test_one_pass);
  g_test_add_func ("/waymark/metrics/undo", test_undo);
  g_test_add_func ("/waymark/metrics/update", test_update);
  g_test_add_func ("/waymark/metrics/source-thread", test_source_thread);
  g_test_add_func ("/waymark/metrics/errors", test_errors);
  g_test_add_func ("/waymark/metrics/refresh-changed", test_refresh_changed);
  g_test_add_func ("/waymark/metrics/refresh-missing", test_refresh_missing);
  g_test_add_func ("/waymark/metrics/refresh-cancelled", test_refresh_cancelled);
  g_test_add_func ("/waymark/metrics/definition-json", test_definition_json);
  g_test_add_func ("/waymark/metrics/judge", test_judge);
  g_test_add_func ("/waymark/metrics/survey-matches-sql", test_survey_matches_sql);

  ret = g_test_run ();
  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
