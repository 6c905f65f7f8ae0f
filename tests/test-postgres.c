/* test-postgres.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Datasets in PostgreSQL, against a real server: build-aux/test.sh starts
 * a throw-away cluster (build-aux/pg-cluster.sh) and says where in
 * WAYMARK_TEST_PG*. Waymark connects as “analyst”, who may only read; the
 * tests set tables up as “admin”. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <libpq-fe.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

#define N_ROWS 5000

static char *tmp_dir;
static const char *pg_host;
static const char *admin_password;
static const char *analyst_password;
static const char *database;

/* The same survey both ways: a CSV file, and a table “survey” whose
 * columns are typed as an analyst would type them — except NPS, text as
 * exported, so that the server reads numbers out of text as the file
 * reader does. */
static const char *touchpoints[] = { "Checkout", " checkout ", "CHECKOUT", "Delivery", "Returns",
                                     "Chat", "Unbound", "Returns" };
static char *survey_csv;

static gboolean
have_server (void)
{
  if (pg_host != NULL)
    return TRUE;
  if (g_getenv ("WAYMARK_TEST_PG_REQUIRED") != NULL)
    g_test_fail_printf ("WAYMARK_TEST_PG_REQUIRED is set but no server was started (build-aux/pg-cluster.sh)");
  else
    g_test_skip ("no PostgreSQL server: build-aux/test.sh starts one (build-aux/pg-cluster.sh)");
  return FALSE;
}

static char *
analyst_uri (gboolean with_password)
{
  g_autofree char *host = NULL;

  /* Asked for before have_server () in some tests' declarations. */
  if (pg_host == NULL)
    return g_strdup ("");
  host = g_uri_escape_string (pg_host, NULL, FALSE);

  if (with_password)
    return g_strdup_printf ("postgresql://analyst:%s@/%s?host=%s", analyst_password, database, host);
  return g_strdup_printf ("postgresql://analyst@/%s?host=%s", database, host);
}

static PGconn *
admin_connect (void)
{
  const char *keys[] = { "host", "dbname", "user", "password", NULL };
  const char *values[] = { pg_host, database, "admin", admin_password, NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static void
admin_exec (const char *sql)
{
  PGconn *conn = admin_connect ();
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

/* One value as the admin reads it. */
static char *
admin_value (const char *sql)
{
  PGconn *conn = admin_connect ();
  PGresult *result = PQexec (conn, sql);
  char *value;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

static void
assert_admin_value (const char *sql,
                    const char *expected)
{
  g_autofree char *value = admin_value (sql);

  g_assert_cmpstr (value, ==, expected);
}

/* The survey's rows, as CSV; NULL cells are empty. */
static char *
make_survey (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261203);
  GString *csv = g_string_new ("Id,Date,Touchpoint,Stage,NPS,CSAT,CES,Spend,Resolved,Channel\n");
  static const char *nps_odd[] = { "n/a", "11", "", "7.5", " 9 " };
  static const char *resolved[] = { "yes", "no", "Yes", "true", "n/a", "", "0" };
  static const char *channels[] = { "web", "app", "Web", "" };

  for (int i = 1; i <= N_ROWS; i++)
    {
      int tp = g_rand_int_range (rand, 0, G_N_ELEMENTS (touchpoints));
      int month = g_rand_int_range (rand, 1, 13);
      int day = g_rand_int_range (rand, 1, 29);
      int nps = g_rand_int_range (rand, 0, 11);
      int csat = g_rand_int_range (rand, 0, 7);     /* 0: empty; 6: out of scale */
      int ces = g_rand_int_range (rand, 0, 8);      /* 0: out of scale */
      double spend = g_rand_double_range (rand, -20, 500);
      char date[32] = "";
      char spend_text[G_ASCII_DTOSTR_BUF_SIZE];

      if (g_rand_int_range (rand, 0, 40) != 0)
        g_snprintf (date, sizeof date, "2025-%02d-%02d", month, day);
      g_string_append_printf (csv, "%d,%s,%s,%s,", i, date, touchpoints[tp], tp < 3 ? "Buy" : tp < 5 ? "Receive" : "Help");
      if (g_rand_int_range (rand, 0, 25) == 0)
        g_string_append (csv, nps_odd[g_rand_int_range (rand, 0, G_N_ELEMENTS (nps_odd))]);
      else
        g_string_append_printf (csv, "%d", nps);
      g_string_append_c (csv, ',');
      if (csat > 0)
        g_string_append_printf (csv, "%d", csat);
      g_string_append_c (csv, ',');
      if (g_rand_int_range (rand, 0, 30) == 0)
        g_string_append (csv, "2.5");
      else
        g_string_append_printf (csv, "%d", ces);
      g_string_append_c (csv, ',');
      if (g_rand_int_range (rand, 0, 20) != 0)
        g_string_append (csv, g_ascii_formatd (spend_text, sizeof spend_text, "%.2f", spend));
      g_string_append_printf (csv, ",%s,%s\n",
                              resolved[g_rand_int_range (rand, 0, G_N_ELEMENTS (resolved))],
                              channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))]);
    }

  return g_string_free (csv, FALSE);
}

/* Loads @csv into a new table @name as the admin, with COPY. */
static void
load_table (const char *name,
            const char *csv)
{
  g_autofree char *create = g_strdup_printf ("DROP TABLE IF EXISTS %s; CREATE TABLE %s (\"Id\" integer, \"Date\" date, "
                                             "\"Touchpoint\" text, \"Stage\" text, \"NPS\" text, \"CSAT\" smallint, "
                                             "\"CES\" numeric, \"Spend\" double precision, \"Resolved\" text, "
                                             "\"Channel\" text)", name, name);
  g_autofree char *copy = g_strdup_printf ("COPY %s FROM STDIN WITH (FORMAT csv, HEADER true)", name);
  PGconn *conn = admin_connect ();
  PGresult *result = PQexec (conn, create);

  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COMMAND_OK);
  PQclear (result);
  result = PQexec (conn, copy);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_COPY_IN);
  PQclear (result);
  g_assert_cmpint (PQputCopyData (conn, csv, strlen (csv)), ==, 1);
  g_assert_cmpint (PQputCopyEnd (conn, NULL), ==, 1);
  result = PQgetResult (conn);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("COPY: %s", PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

static gint64
row_count (WaymarkDataset *dataset)
{
  gint64 rows = 0;

  g_object_get (dataset, "row-count", &rows, NULL);
  return rows;
}

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

/* A blank map with cards for the survey's touchpoints (not “Unbound”). */
static WaymarkDocument *
new_document (void)
{
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document = waymark_store_new_document ("blank", "Warehouse", &error);
  const char *cards[][2] = { { "Before", "Checkout" }, { "During", "Delivery" }, { "During", "Returns" }, { "After", "Chat" } };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    waymark_document_add (document, WAYMARK_TYPE_CARD,
                          "lane", (gint64) 211,
                          "stage", id_of (find_stage (document, cards[i][0])),
                          "position", 0,
                          "kind", "touchpoint",
                          "title", cards[i][1],
                          NULL);
  return document;
}

static WaymarkDataset *
import_postgres (WaymarkDocument *document,
                 const char      *uri,
                 const char      *table,
                 const char      *query,
                 const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkImport) import = waymark_import_scan_postgres (uri, table, query, "Touchpoint", NULL,
                                                                 NULL, NULL, NULL, &error);
  WaymarkDataset *dataset;

  g_assert_no_error (error);
  waymark_import_match (import, document, 0, NULL, NULL);
  dataset = waymark_import_apply (import, document, 0, name, FALSE, &error);
  g_assert_no_error (error);
  return dataset;
}

static WaymarkDataset *
import_csv (WaymarkDocument *document,
            const char      *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkImport) import = waymark_import_scan (file, NULL, "Touchpoint", NULL, NULL, NULL, NULL, &error);
  WaymarkDataset *dataset;

  g_assert_no_error (error);
  waymark_import_match (import, document, 0, NULL, NULL);
  dataset = waymark_import_apply (import, document, 0, "survey", FALSE, &error);
  g_assert_no_error (error);
  return dataset;
}

/* Every kind, period, filter and condition the engine knows. */
static GPtrArray *
all_definitions (GPtrArray **names)
{
  GPtrArray *definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_definition_free);
  WaymarkMetricDefinition *d;

  *names = g_ptr_array_new ();
#define ADD(name, def) G_STMT_START { g_ptr_array_add (definitions, (def)); g_ptr_array_add (*names, (gpointer) (name)); } G_STMT_END

  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  d->period = WAYMARK_PERIOD_MONTH;
  d->date_column = g_strdup ("Date");
  ADD ("NPS by month", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CSAT, "CSAT");
  d->period = WAYMARK_PERIOD_QUARTER;
  d->date_column = g_strdup ("Date");
  ADD ("CSAT by quarter", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CES, "CES");
  d->period = WAYMARK_PERIOD_WEEK;
  d->date_column = g_strdup ("Date");
  waymark_metric_definition_add_filter (d, "Channel", "web");
  ADD ("CES on the web by week", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_MEDIAN, "Spend");
  d->period = WAYMARK_PERIOD_MONTH;
  d->date_column = g_strdup ("Date");
  ADD ("Median spend by month", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_MEDIAN, "CES");
  waymark_metric_definition_add_filter (d, "Channel", "app");
  ADD ("Median CES in the app", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "Resolved");
  ADD ("Resolved", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "NPS");
  d->condition = g_strdup (">=9");
  ADD ("Promoters", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "Channel");
  d->condition = g_strdup ("=App");
  ADD ("In the app", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_COUNT, "Resolved");
  ADD ("Answers", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_SUM, "Spend");
  waymark_metric_definition_add_date_range (d, "Date", "2025-03-01", "2025-08-31");
  ADD ("Spend in spring and summer", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_MIN, "Spend");
  ADD ("Least spend", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_MAX, "CES");
  ADD ("Most effort", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_MEAN, "Spend");
  d->period = WAYMARK_PERIOD_QUARTER;
  d->date_column = g_strdup ("Date");
  ADD ("Mean spend by quarter", d);
  d = waymark_metric_definition_new (WAYMARK_METRIC_KIND_TOP_BOX, "CSAT");
  d->box = 1;
  ADD ("Top box", d);
#undef ADD

  return definitions;
}

static void
add_all (WaymarkDocument *document,
         WaymarkDataset  *dataset)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) definitions = all_definitions (&names);

  for (guint i = 0; i < definitions->len; i++)
    {
      g_autoptr(GError) error = NULL;

      waymark_metric_add (document, dataset, g_ptr_array_index (names, i), g_ptr_array_index (definitions, i), NULL, &error);
      g_assert_no_error (error);
    }
}

/* Every value of every metric, by metric name, card, stage and period. */
static GHashTable *
values_by_key (WaymarkDocument *document)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      WaymarkMetric *metric = WAYMARK_METRIC (waymark_document_lookup (document, waymark_metric_value_get_metric (value)));
      WaymarkObject *card = waymark_document_lookup (document, waymark_metric_value_get_card (value));
      WaymarkObject *stage = waymark_document_lookup (document, waymark_metric_value_get_stage (value));
      char *key = g_strdup_printf ("%s|%s|%s|%s", waymark_metric_get_name (metric),
                                   card ? waymark_card_get_title (WAYMARK_CARD (card)) : "",
                                   stage ? waymark_stage_get_title (WAYMARK_STAGE (stage)) : "",
                                   waymark_metric_value_get_period (value));

      g_assert_false (g_hash_table_contains (table, key));
      g_hash_table_insert (table, key, value);
    }

  return table;
}

static void
assert_close (const char *what,
              double      a,
              double      b)
{
  if (isnan (a) || isnan (b))
    {
      if (isnan (a) != isnan (b))
        g_error ("%s: %g from the file, %g from the server", what, a, b);
      return;
    }
  if (fabs (a - b) > 1e-9 * MAX (1.0, fabs (a)))
    g_error ("%s: %.17g from the file, %.17g from the server", what, a, b);
}

static void
test_same_as_csv (void)
{
  g_autoptr(WaymarkDocument) from_file = NULL;
  g_autoptr(WaymarkDocument) from_server = NULL;
  g_autoptr(GHashTable) file_values = NULL;
  g_autoptr(GHashTable) server_values = NULL;
  g_autofree char *csv_path = g_build_filename (tmp_dir, "survey.csv", NULL);
  g_autofree char *uri = analyst_uri (FALSE);
  GHashTableIter iter;
  gpointer key, value;
  guint periods = 0;

  if (!have_server ())
    return;

  g_assert_true (g_file_set_contents (csv_path, survey_csv, -1, NULL));
  from_file = new_document ();
  add_all (from_file, import_csv (from_file, csv_path));

  waymark_postgres_remember_password (uri, analyst_password);
  from_server = new_document ();
  add_all (from_server, import_postgres (from_server, uri, "survey", NULL, "survey"));
  waymark_postgres_remember_password (uri, NULL);

  file_values = values_by_key (from_file);
  server_values = values_by_key (from_server);
  g_assert_cmpuint (g_hash_table_size (file_values), >, 300);
  g_assert_cmpuint (g_hash_table_size (server_values), ==, g_hash_table_size (file_values));

  g_hash_table_iter_init (&iter, file_values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      WaymarkMetricValue *mine = value;
      WaymarkMetricValue *theirs = g_hash_table_lookup (server_values, key);

      if (theirs == NULL)
        g_error ("%s: no value from the server", (char *) key);
      g_assert_cmpint (waymark_metric_value_get_n (theirs), ==, waymark_metric_value_get_n (mine));
      g_assert_cmpint (waymark_metric_value_get_excluded (theirs), ==, waymark_metric_value_get_excluded (mine));
      assert_close (key, waymark_metric_value_get_value (mine), waymark_metric_value_get_value (theirs));
      {
        double moe_a, moe_b;

        g_object_get (mine, "moe", &moe_a, NULL);
        g_object_get (theirs, "moe", &moe_b, NULL);
        assert_close (key, moe_a, moe_b);
      }
      periods += waymark_metric_value_get_period (mine)[0] != '\0';
    }
  /* The periods were split, the filters applied, the exclusions counted. */
  g_assert_cmpuint (periods, >, 200);
}

static void
test_import_table (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = analyst_uri (TRUE);
  g_autofree char *stored = NULL;
  g_autofree char *recipe = NULL;
  g_autofree char *imported = NULL;
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GArray) columns = NULL;
  WaymarkDataset *dataset;
  GPtrArray *keys;
  guint matched = 0;
  gint64 rows = 0;

  if (!have_server ())
    return;

  import = waymark_import_scan_postgres (uri, "public.survey", NULL, "Touchpoint", "Stage", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waymark_import_get_rows (import), ==, N_ROWS);

  /* “ checkout ” and “CHECKOUT” are Checkout, first seen in its first row's stage. */
  keys = waymark_import_get_keys (import);
  g_assert_cmpuint (keys->len, ==, 5);
  waymark_import_match (import, document, 0, &matched, NULL);
  g_assert_cmpuint (matched, ==, 4);
  for (guint i = 0; i < keys->len; i++)
    {
      WaymarkKeyCount *key = g_ptr_array_index (keys, i);

      if (g_str_equal (key->value, "Unbound"))
        g_assert_cmpint (key->card, ==, 0);
      else if (g_ascii_strcasecmp (key->value, "checkout") == 0)
        g_assert_cmpstr (key->stage, ==, "Buy");
    }

  dataset = waymark_import_apply (import, document, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_dataset_get_name (dataset), ==, "survey");
  g_object_get (dataset, "source", &stored, "recipe", &recipe, "row-count", &rows, "imported", &imported, NULL);
  g_assert_cmpint (rows, ==, N_ROWS);
  g_assert_true (g_str_has_prefix (stored, "postgresql://analyst@/"));
  g_assert_null (strstr (stored, analyst_password));
  g_assert_nonnull (strstr (recipe, "\"format\":\"postgresql\""));
  g_assert_nonnull (strstr (recipe, "\"table\":\"public.survey\""));
  /* The server's clock, in UTC. */
  g_assert_true (g_str_has_suffix (imported, "Z"));

  columns = waymark_dataset_dup_columns (dataset);
  g_assert_cmpuint (columns->len, ==, 10);
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 1).type, ==, "date");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 5).type, ==, "integer");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 7).type, ==, "decimal");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 8).type, ==, "text");
}

static void
test_import_query (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = analyst_uri (TRUE);
  g_autofree char *stored = analyst_uri (FALSE);
  g_autofree char *recipe = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_COUNT, "Channel");
  g_autoptr(WaymarkImport) import = NULL;
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  g_autofree char *expected = NULL;

  if (!have_server ())
    return;

  /* Pasted from psql, with its semicolon. */
  dataset = import_postgres (document, uri, NULL,
                             "SELECT \"Touchpoint\", \"Channel\" FROM survey WHERE \"Channel\" = 'app';", "app");
  g_object_get (dataset, "recipe", &recipe, NULL);
  g_assert_nonnull (strstr (recipe, "\"query\":"));
  expected = admin_value ("SELECT count(*) FROM survey WHERE \"Channel\" = 'app'");
  g_assert_cmpint (g_ascii_strtoll (expected, NULL, 10), ==, row_count (dataset));

  waymark_postgres_remember_password (stored, analyst_password);
  metric = waymark_metric_add (document, dataset, "App answers", definition, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (metric);

  /* Only reading: a query that writes is refused, by the parser or by the transaction. */
  import = waymark_import_scan_postgres (uri, NULL, "WITH gone AS (DELETE FROM survey RETURNING *) SELECT * FROM gone",
                                         "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_clear_error (&error);
  admin_exec ("DROP SEQUENCE IF EXISTS tickets; CREATE SEQUENCE tickets; GRANT USAGE ON SEQUENCE tickets TO analyst");
  import = waymark_import_scan_postgres (uri, NULL, "SELECT *, nextval('tickets') FROM survey",
                                         "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "read-only transaction"));
  g_clear_error (&error);
  assert_admin_value ("SELECT is_called::text FROM tickets", "false");
  assert_admin_value ("SELECT count(*)::text FROM survey", G_STRINGIFY (N_ROWS));
  waymark_postgres_remember_password (stored, NULL);
}

/* Identifiers are quoted as the server quotes them; values are parameters. */
static void
test_odd_names (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_RATE, "Said \"yes\"");
  g_autofree char *uri = analyst_uri (TRUE);
  g_autofree char *stored = analyst_uri (FALSE);
  g_autoptr(WaymarkImport) import = NULL;
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  GPtrArray *values;
  gboolean found = FALSE;

  if (!have_server ())
    return;

  admin_exec ("DROP TABLE IF EXISTS \"Odd \"\"table\"\"; name\"; "
              "CREATE TABLE \"Odd \"\"table\"\"; name\" (\"Touch point\" text, \"Said \"\"yes\"\"\" text); "
              "INSERT INTO \"Odd \"\"table\"\"; name\" VALUES ('Checkout', 'it''s; DROP TABLE survey; --'), "
              "('Checkout', 'yes'), ('Delivery', 'no')");
  import = waymark_import_scan_postgres (uri, "Odd \"table\"; name", NULL, "Touch point", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_import_match (import, document, 0, NULL, NULL);
  dataset = waymark_import_apply (import, document, 0, "odd", FALSE, &error);
  g_assert_no_error (error);

  definition->condition = g_strdup ("=it's; DROP TABLE survey; --");
  waymark_postgres_remember_password (stored, analyst_password);
  metric = waymark_metric_add (document, dataset, "Odd", definition, NULL, &error);
  waymark_postgres_remember_password (stored, NULL);
  g_assert_no_error (error);

  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == id_of (metric) && waymark_metric_value_get_card (value) == 0 &&
          waymark_metric_value_get_stage (value) == 0)
        {
          assert_close ("odd", waymark_metric_value_get_value (value), 100.0 / 3.0);
          found = TRUE;
        }
    }
  g_assert_true (found);
  assert_admin_value ("SELECT count(*)::text FROM survey", G_STRINGIFY (N_ROWS));
}

/* What the server sent back: aggregates, never the survey's rows. */
static void
test_only_aggregates (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *uri = analyst_uri (FALSE);
  g_autofree char *statements = NULL;
  g_autofree char *most = NULL;
  g_autofree char *total = NULL;

  if (!have_server ())
    return;

  admin_exec ("SELECT pg_stat_statements_reset()");
  waymark_postgres_remember_password (uri, analyst_password);
  add_all (document, import_postgres (document, uri, "survey", NULL, "survey"));
  notices = waymark_metric_refresh (document, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_postgres_remember_password (uri, NULL);

  statements = admin_value ("SELECT count(*) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                            "WHERE r.rolname = 'analyst' AND s.query ILIKE '%survey%'");
  most = admin_value ("SELECT coalesce(max(s.rows / s.calls), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                      "WHERE r.rolname = 'analyst' AND s.query ILIKE '%survey%'");
  total = admin_value ("SELECT coalesce(sum(s.rows), 0) FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid "
                       "WHERE r.rolname = 'analyst'");
  g_test_message ("%s statements read the survey; at most %s rows each, %s rows in all", statements, most, total);
  /* The import's count per key, and for each metric added and the refresh: the aggregates, the medians. */
  g_assert_cmpint (g_ascii_strtoll (statements, NULL, 10), >=, 4);
  /* Raw key values (seven spellings) by the weeks of a year, for each grouping set: far from 5,000 rows. */
  g_assert_cmpint (g_ascii_strtoll (most, NULL, 10), <=, 7 * 54 * 3);
  g_assert_cmpint (g_ascii_strtoll (total, NULL, 10), <, N_ROWS);
}

/* Whether @needle is anywhere in @length bytes, NULs and all. */
static gboolean
find_bytes (const char *haystack,
            gsize       length,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_password_not_kept (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "password.waymark", NULL);
  g_autofree char *uri = analyst_uri (TRUE);
  g_autofree char *stored = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *bad_uri = NULL;
  g_autofree char *stripped = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  gsize length;

  if (!have_server ())
    return;

  /* A password in the URI is used, not stored: libpq's PGPASSWORD answers later. */
  dataset = import_postgres (document, uri, "survey", NULL, "survey");
  g_object_get (dataset, "source", &stored, NULL);
  g_setenv ("PGPASSWORD", analyst_password, TRUE);
  metric = waymark_metric_add (document, dataset, "NPS", definition, NULL, &error);
  g_unsetenv ("PGPASSWORD");
  g_assert_no_error (error);

  /* A wrong password, remembered by the app: the message says so without it. */
  waymark_postgres_remember_password (stored, "Wrong-Secret-1234");
  notices = waymark_metric_refresh (document, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_postgres_remember_password (stored, NULL);
  g_assert_cmpuint (notices->len, ==, 1);
  g_assert_nonnull (strstr (waymark_metric_get_status (metric), "password authentication failed"));
  g_assert_null (strstr (waymark_metric_get_status (metric), "Wrong-Secret-1234"));

  file = g_file_new_for_path (path);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* The whole file, past its NUL bytes. */
  g_assert_false (find_bytes (contents, length, analyst_password));
  g_assert_false (find_bytes (contents, length, "Wrong-Secret-1234"));
  g_assert_true (find_bytes (contents, length, "postgresql://analyst@/"));

  /* In the URI's parameters too. */
  bad_uri = g_strdup_printf ("postgresql://analyst@/%s?password=%s&sslmode=prefer&host=%s", database, "p%40ss", pg_host);
  stripped = waymark_postgres_strip_password (bad_uri, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (stripped, "p%40ss"));
  g_assert_nonnull (strstr (stripped, "sslmode=prefer"));
}

/* Failures keep the last values, marked stale with the reason. */
static void
test_stale (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = analyst_uri (FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WaymarkMetricDefinition) nps = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  g_autoptr(WaymarkMetricDefinition) csat = waymark_metric_definition_new (WAYMARK_METRIC_KIND_CSAT, "CSAT");
  WaymarkDataset *dataset;
  WaymarkMetric *nps_metric, *csat_metric;
  guint n_values;

  if (!have_server ())
    return;

  load_table ("survey_copy", survey_csv);
  waymark_postgres_remember_password (uri, analyst_password);
  dataset = import_postgres (document, uri, "survey_copy", NULL, "copy");
  nps_metric = waymark_metric_add (document, dataset, "NPS", nps, NULL, &error);
  g_assert_no_error (error);
  csat_metric = waymark_metric_add (document, dataset, "CSAT", csat, NULL, &error);
  g_assert_no_error (error);
  n_values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE)->len;
  g_object_get (dataset, "imported", &before, NULL);

  /* A changed column: that metric is stale, the other recomputed. */
  admin_exec ("ALTER TABLE survey_copy RENAME COLUMN \"CSAT\" TO \"Satisfaction\"");
  g_ptr_array_unref (waymark_metric_refresh (document, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_metric_get_status (nps_metric), ==, "");
  g_assert_nonnull (strstr (waymark_metric_get_status (csat_metric), "no column named “CSAT”"));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE)->len, ==, n_values);

  /* Rows added: the refresh records the server's count and clock. */
  admin_exec ("INSERT INTO survey_copy SELECT * FROM survey_copy LIMIT 10");
  g_ptr_array_unref (waymark_metric_refresh (document, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_count (dataset), ==, N_ROWS + 10);
  g_object_get (dataset, "imported", &after, NULL);
  g_assert_true (g_str_has_suffix (after, "Z"));
  g_assert_cmpstr (after, >=, before);

  /* A dropped table. */
  admin_exec ("DROP TABLE survey_copy");
  g_ptr_array_unref (waymark_metric_refresh (document, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (waymark_metric_get_status (nps_metric), "does not exist"));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE)->len, ==, n_values);
  waymark_postgres_remember_password (uri, NULL);

  /* An unreachable server. */
  {
    g_autofree char *nowhere = g_build_filename (tmp_dir, "no-server", NULL);
    g_autofree char *host = g_uri_escape_string (nowhere, NULL, FALSE);
    g_autofree char *gone = g_strdup_printf ("postgresql://analyst@/%s?host=%s", database, host);

    g_assert_cmpint (g_mkdir_with_parents (nowhere, 0700), ==, 0);
    waymark_document_set (document, dataset, "source", gone, NULL);
    g_ptr_array_unref (waymark_metric_refresh (document, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_nonnull (strstr (waymark_metric_get_status (nps_metric), "cannot connect"));
    g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE)->len, ==, n_values);
  }
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
scan_thread (gpointer data)
{
  GCancellable *cancellable = data;
  g_autofree char *uri = analyst_uri (TRUE);
  GError *error = NULL;
  WaymarkImport *import;

  import = waymark_import_scan_postgres (uri, NULL, "SELECT * FROM survey, pg_sleep(60)", "Touchpoint", NULL,
                                         cancellable, NULL, NULL, &error);
  g_assert_null (import);
  return error;
}

static char *
sleeping_queries (void)
{
  return admin_value ("SELECT count(*)::text FROM pg_stat_activity WHERE usename = 'analyst' "
                      "AND state = 'active' AND query LIKE '%pg_sleep%'");
}

/* Cancelling asks the server to stop: its query ends, not just our wait. */
static void
test_cancel (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *running = NULL;
  g_autofree char *after = NULL;
  GThread *thread;

  if (!have_server ())
    return;

  thread = g_thread_new ("scan", scan_thread, cancellable);
  /* Wait until the server runs it, then cancel. */
  for (int i = 0; i < 200; i++)
    {
      g_free (running);
      running = sleeping_queries ();
      if (g_str_equal (running, "1"))
        break;
      g_usleep (50000);
    }
  g_assert_cmpstr (running, ==, "1");
  g_timeout_add (100, cancel_cb, cancellable);
  g_timeout_add (200, quit_cb, loop);
  g_main_loop_run (loop);

  error = g_thread_join (thread);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = sleeping_queries ();
  g_assert_cmpstr (after, ==, "0");
}

/* A cancelled refresh changes nothing. */
static void
test_cancel_refresh (void)
{
  g_autoptr(WaymarkDocument) document = new_document ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autofree char *uri = analyst_uri (FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  WaymarkDataset *dataset;

  if (!have_server ())
    return;

  waymark_postgres_remember_password (uri, analyst_password);
  dataset = import_postgres (document, uri, "survey", NULL, "survey");
  waymark_metric_add (document, dataset, "NPS", definition, NULL, &error);
  g_assert_no_error (error);
  before = waymark_test_dump_document (document);

  g_cancellable_cancel (cancellable);
  notices = waymark_metric_refresh (document, NULL, cancellable, &error);
  g_assert_null (notices);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  after = waymark_test_dump_document (document);
  g_assert_cmpstr (after, ==, before);
  waymark_postgres_remember_password (uri, NULL);
}

/* URIs: checked as libpq reads them, stored without a password. */
static void
test_uris (void)
{
  static const struct { const char *in; const char *out; } cases[] = {
    { "postgresql://me:secret@db.example.org:5432/cx?sslmode=require", "postgresql://me@db.example.org:5432/cx?sslmode=require" },
    { "postgres://me:s%3Acret@db/cx", "postgres://me@db/cx" },
    { "postgresql://me@db/cx?password=secret", "postgresql://me@db/cx" },
    { "postgresql://me@db/cx?sslmode=verify-full&password=secret&application_name=x", "postgresql://me@db/cx?sslmode=verify-full&application_name=x" },
    { "postgresql://db/cx", "postgresql://db/cx" },
    { "postgresql:///cx?host=/run/postgresql", "postgresql:///cx?host=/run/postgresql" },
    { "postgresql://me:pw@[2001:db8::1]:6432/cx", "postgresql://me@[2001:db8::1]:6432/cx" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *stripped = waymark_postgres_strip_password (cases[i].in, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (stripped, ==, cases[i].out);
    }

  g_assert_null (waymark_postgres_strip_password ("survey.csv", &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_clear_error (&error);
  g_assert_null (waymark_postgres_strip_password ("postgresql://me:secret@db/cx?nonsense=1", &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_null (strstr (error->message, "secret"));
  g_clear_error (&error);

  described = waymark_postgres_describe_uri ("postgresql://me:secret@db.example.org:5432/cx");
  g_assert_cmpstr (described, ==, "me@db.example.org:5432/cx");
  g_assert_true (waymark_postgres_is_uri ("PostgreSQL://db"));
  g_assert_false (waymark_postgres_is_uri ("/home/me/postgresql://"));
}

/* Without a password the server asks for, a clear error the app can answer. */
static void
test_needs_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = analyst_uri (FALSE);
  g_autoptr(WaymarkPostgres) connection = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *security = NULL;
  g_auto(GStrv) tables = NULL;

  if (!have_server ())
    return;

  g_unsetenv ("PGPASSWORD");
  g_unsetenv ("PGPASSFILE");
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);
  connection = waymark_postgres_connect (uri, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD);
  g_clear_error (&error);

  waymark_postgres_remember_password (uri, analyst_password);
  connection = waymark_postgres_connect (uri, NULL, &error);
  waymark_postgres_remember_password (uri, NULL);
  g_assert_no_error (error);
  g_assert_false (waymark_postgres_is_encrypted (connection));
  security = waymark_postgres_describe_security (connection);
  g_assert_nonnull (strstr (security, "Not encrypted"));

  tables = waymark_postgres_list_tables (connection, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) tables, "survey"));

  rows = waymark_postgres_preview (connection, "survey", NULL, 5, &columns, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  g_assert_cmpuint (columns->len, ==, 10);
  g_assert_cmpstr (((WaymarkPostgresColumn *) g_ptr_array_index (columns, 1))->server_type, ==, "date");
  g_assert_cmpstr (((WaymarkPostgresColumn *) g_ptr_array_index (columns, 7))->server_type, ==, "double precision");
}

/* Runs waymark-cli with @password in PGPASSWORD (libpq's own way). */
static int
run_cli (const char  *password,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list ap;
  int status = 0;

  g_ptr_array_add (args, (gpointer) g_getenv ("WAYMARK_CLI"));
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  env = password ? g_environ_setenv (env, "PGPASSWORD", password, TRUE) : g_environ_unsetenv (env, "PGPASSWORD");
  env = g_environ_setenv (env, "PGPASSFILE", "/nonexistent", TRUE);
  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

/* The command line, as DESIGN.md's contract has it. */
static void
test_cli (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "cli.waymark", NULL);
  g_autofree char *uri = analyst_uri (TRUE);
  g_autofree char *stored = analyst_uri (FALSE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (!have_server ())
    return;

  g_assert_cmpint (run_cli (NULL, NULL, NULL, "new", path, "--template", "ecommerce", NULL), ==, 0);

  /* The password in the URI connects; it is printed nowhere. */
  g_assert_cmpint (run_cli (NULL, &out, &err, "data", "import", path, uri, "--table", "survey", "--key", "Touchpoint",
                            "--name", "Warehouse", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Imported " G_STRINGIFY (N_ROWS) " rows from postgresql://analyst@/"));
  g_assert_null (strstr (out, analyst_password));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Later, libpq's PGPASSWORD; without it, a clear refusal. */
  g_assert_cmpint (run_cli (NULL, &out, &err, "metric", "add", path, "--dataset", "Warehouse", "--name", "NPS",
                            "--kind", "nps", "--column", "NPS", "--period", "month", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "asks for a password"));
  g_assert_nonnull (strstr (err, stored));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (analyst_password, &out, &err, "metric", "add", path, "--dataset", "Warehouse", "--name", "NPS",
                            "--kind", "nps", "--column", "NPS", "--period", "month", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "NPS over all rows"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (analyst_password, &out, &err, "metric", "refresh", path, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A preview: the first rows, with the server's types. */
  g_assert_cmpint (run_cli (analyst_password, &out, &err, "data", "preview", stored, "--table", "survey",
                            "--limit", "2", "--json", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (out, "{\"columns\":[\"Id\",\"Date\""));
  g_assert_nonnull (strstr (out, "\"types\":[\"integer\",\"date\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage: a URI needs a table or a query; a file takes neither. */
  g_assert_cmpint (run_cli (analyst_password, NULL, &err, "data", "import", path, stored, "--key", "Touchpoint", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--table or --query"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (analyst_password, NULL, &err, "data", "import", path, "survey.csv", "--table", "x",
                            "--key", "Touchpoint", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* A bad password: exit 1, the reason, and not the password. */
  g_assert_cmpint (run_cli ("Not-The-Password", NULL, &err, "metric", "refresh", path, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "password authentication failed"));
  g_assert_null (strstr (err, "Not-The-Password"));

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_false (find_bytes (contents, length, analyst_password));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = waymark_test_make_dir ("test-postgres");
  pg_host = g_getenv ("WAYMARK_TEST_PGHOST");
  admin_password = g_getenv ("WAYMARK_TEST_PG_ADMIN_PASSWORD");
  analyst_password = g_getenv ("WAYMARK_TEST_PG_ANALYST_PASSWORD");
  database = g_getenv ("WAYMARK_TEST_PGDATABASE");
  if (pg_host != NULL && (admin_password == NULL || analyst_password == NULL || database == NULL))
    pg_host = NULL;

  survey_csv = make_survey ();
  if (pg_host != NULL)
    load_table ("survey", survey_csv);

  g_test_add_func ("/postgres/uris", test_uris);
  g_test_add_func ("/postgres/needs-password", test_needs_password);
  g_test_add_func ("/postgres/import-table", test_import_table);
  g_test_add_func ("/postgres/import-query", test_import_query);
  g_test_add_func ("/postgres/odd-names", test_odd_names);
  g_test_add_func ("/postgres/same-as-csv", test_same_as_csv);
  g_test_add_func ("/postgres/only-aggregates", test_only_aggregates);
  g_test_add_func ("/postgres/password-not-kept", test_password_not_kept);
  g_test_add_func ("/postgres/stale", test_stale);
  g_test_add_func ("/postgres/cancel", test_cancel);
  g_test_add_func ("/postgres/cancel-refresh", test_cancel_refresh);
  g_test_add_func ("/postgres/cli", test_cli);

  status = g_test_run ();
  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (survey_csv);
  return status;
}
