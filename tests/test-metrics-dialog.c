/* test-metrics-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "waymark-core.h"
#include "waymark-edit.h"
#include "waymark-metrics-dialog-private.h"
#include "waymark-test-util.h"
#include "waymark-ui-test-util.h"

#define ROWS 60

typedef struct
{
  char                 *dir;
  char                 *csv;
  WaymarkDocument      *document;
  GtkWindow            *parent;
  WaymarkMetricsDialog *dialog;
} Fixture;

/* The preview is computed on a worker thread and reported through the
 * main loop: iterate until it is done, or fail after 20 s. */
static void
wait_for_preview (WaymarkMetricsDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (_waymark_metrics_dialog_is_busy (dialog) && g_get_monotonic_time () < deadline);
  waymark_ui_test_spin ();
  g_assert_false (_waymark_metrics_dialog_is_busy (dialog));
}

static GtkWidget *
widget (Fixture    *f,
        const char *id)
{
  GtkWidget *found = _waymark_metrics_dialog_get_widget (f->dialog, id);

  g_assert_nonnull (found);
  return found;
}

static void
click (GtkWidget *button)
{
  GtkRoot *root = gtk_widget_get_root (button);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  waymark_ui_test_spin ();

  /* Adding, saving and refreshing read their sources on a worker thread. */
  while (WAYMARK_IS_METRICS_DIALOG (root) && _waymark_metrics_dialog_is_working (WAYMARK_METRICS_DIALOG (root)) &&
         g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_false (WAYMARK_IS_METRICS_DIALOG (root) && _waymark_metrics_dialog_is_working (WAYMARK_METRICS_DIALOG (root)));
  waymark_ui_test_spin ();
}

static void
select_string (AdwComboRow *row,
               const char  *string)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), string))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }

  g_assert_not_reached ();
}

/* A button inside @root, by its tooltip. */
static GtkWidget *
find_button_by_tooltip (GtkWidget  *root,
                        const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_button_by_tooltip (child, tooltip)) != NULL)
        return found;
    }

  return NULL;
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    n += ADW_IS_ACTION_ROW (child);

  return n;
}

static WaymarkMetric *
find_metric (WaymarkDocument *document,
             const char      *name)
{
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);

  for (guint i = 0; i < metrics->len; i++)
    if (g_str_equal (waymark_metric_get_name (g_ptr_array_index (metrics, i)), name))
      return g_ptr_array_index (metrics, i);

  return NULL;
}

/* The metric's value for all rows over the whole time. */
static WaymarkMetricValue *
all_rows_value (WaymarkDocument *document,
                WaymarkMetric   *metric)
{
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == waymark_object_get_id (WAYMARK_OBJECT (metric)) &&
          waymark_metric_value_get_card (value) == 0 && waymark_metric_value_get_stage (value) == 0 &&
          g_str_equal (waymark_metric_value_get_period (value), ""))
        return value;
    }

  return NULL;
}

/*
 * A survey keyed by the titles of three cards of the e-commerce template:
 * NPS answers i % 11 for rows 0–59 — 10 promoters, 40 detractors, NPS −50;
 * a text column, and a channel.
 */
static void
write_survey (Fixture *f,
              guint    extra_promoters)
{
  GPtrArray *cards = waymark_document_get_items (f->document, WAYMARK_TYPE_CARD);
  g_autoptr(GString) text = g_string_new ("Id,Touchpoint,NPS,Channel,Comment\n");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (cards->len, >=, 3);
  for (guint i = 0; i < ROWS + extra_promoters; i++)
    {
      g_autofree char *title = g_strdup (waymark_card_get_title (g_ptr_array_index (cards, i % 3)));

      g_strdelimit (title, "\",\n", ' ');
      g_string_append_printf (text, "%u,\"%s\",%u,%s,comment %u\n", i, title,
                              i < ROWS ? i % 11 : 10, i % 2 ? "web" : "app", i);
    }

  g_file_set_contents (f->csv, text->str, text->len, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean with_data = GPOINTER_TO_INT (data);

  f->dir = g_dir_make_tmp ("waymark-test-metrics-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  f->csv = g_build_filename (f->dir, "survey.csv", NULL);

  f->document = waymark_store_new_document ("ecommerce", "Metrics", &error);
  g_assert_no_error (error);

  if (with_data)
    {
      g_autoptr(WaymarkImport) import = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (f->csv);

      write_survey (f, 0);
      import = waymark_import_scan (file, NULL, "Touchpoint", NULL, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      waymark_import_match (import, f->document, 0, NULL, NULL);
      g_assert_nonnull (waymark_import_apply (import, f->document, 0, "survey", FALSE, &error));
      g_assert_no_error (error);
    }

  f->parent = GTK_WINDOW (gtk_window_new ());
  gtk_window_present (f->parent);
  f->dialog = waymark_metrics_dialog_new (f->parent, f->document);
  g_object_add_weak_pointer (G_OBJECT (f->dialog), (gpointer *) &f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
  waymark_ui_test_spin ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  waymark_ui_test_spin ();
  /* Nothing keeps the dialog alive once it is closed. */
  g_assert_null (f->dialog);
  gtk_window_destroy (f->parent);
  waymark_ui_test_spin ();
  g_clear_object (&f->document);
  waymark_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->csv);
}

/* Fills the editor for a new metric through its widgets. */
static void
define (Fixture           *f,
        const char        *name,
        WaymarkMetricKind  kind,
        const char        *column)
{
  click (widget (f, "new_button"));
  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "editor");
  gtk_editable_set_text (GTK_EDITABLE (widget (f, "name_row")), name);
  select_string (ADW_COMBO_ROW (widget (f, "dataset_row")), "survey");
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (f, "kind_row")), kind);
  select_string (ADW_COMBO_ROW (widget (f, "column_row")), column);
}

/*
 * /waymark/metrics-dialog/add-refresh-delete
 *
 * An NPS metric defined through the widgets: its preview, then Add as one
 * step; Refresh All after the file changed says so and recomputes, after
 * it is gone marks the metric stale with its last values; Delete is one
 * step that undo takes back.
 */
static void
test_add_refresh_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *before = waymark_test_dump_document (f->document);
  GtkWidget *preview_list, *metric_list, *row;
  WaymarkMetric *metric;
  WaymarkMetricValue *value;

  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "list");
  metric_list = widget (f, "metric_list");
  g_assert_cmpuint (count_rows (metric_list), ==, 0);

  /* (The editor opens on “NPS” already: its preview may be done by now.) */
  define (f, "Likelihood to recommend", WAYMARK_METRIC_KIND_NPS, "NPS");
  wait_for_preview (f->dialog);

  /* All rows first, then the three cards: each a third of the rows. */
  g_assert_null (_waymark_metrics_dialog_get_preview_error (f->dialog));
  g_assert_cmpuint (_waymark_metrics_dialog_get_n_preview (f->dialog), ==, 4);
  preview_list = widget (f, "preview_list");
  row = gtk_widget_get_first_child (preview_list);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "All Rows");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "n = 60 · ±19.3");
  /* Previewing changes nothing. */
  {
    g_autofree char *now = waymark_test_dump_document (f->document);

    g_assert_cmpstr (before, ==, now);
  }

  /* A filter changes the preview: web answers only (odd rows). */
  {
    GtkWidget *filter = _waymark_metrics_dialog_add_filter (f->dialog);

    gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (filter), "column"), 3);
    gtk_editable_set_text (GTK_EDITABLE (filter), "web");
    wait_for_preview (f->dialog);
    row = gtk_widget_get_first_child (preview_list);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "n = 30"));
    click (find_button_by_tooltip (widget (f, "filter_group"), "Remove Filter"));
    wait_for_preview (f->dialog);
    row = gtk_widget_get_first_child (preview_list);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "n = 60"));
  }

  gtk_editable_set_text (GTK_EDITABLE (widget (f, "target_row")), "10");
  click (widget (f, "commit_button"));

  metric = find_metric (f->document, "Likelihood to recommend");
  g_assert_nonnull (metric);
  g_assert_cmpstr (waymark_metric_get_kind (metric), ==, "nps");
  g_assert_cmpstr (waymark_metric_get_column_name (metric), ==, "NPS");
  g_assert_nonnull (strstr (waymark_metric_get_definition_json (metric), "\"target\":10"));
  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, "Add Metric");
  value = all_rows_value (f->document, metric);
  g_assert_nonnull (value);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), -50.0, 1e-9);
  g_assert_cmpint (waymark_metric_value_get_n (value), ==, ROWS);
  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "list");
  g_assert_cmpuint (count_rows (metric_list), ==, 1);

  /* The file changed: 30 more promoters, (40 − 40) / 90 → 0. */
  g_usleep (10000);
  write_survey (f, 30);
  click (widget (f, "refresh_button"));
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_notice (f->dialog), "“survey.csv”: changed since it was imported"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (widget (f, "notice_revealer"))));
  g_assert_cmpstr (waymark_metric_get_status (metric), ==, "");
  value = all_rows_value (f->document, metric);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), 0.0, 1e-9);
  g_assert_cmpint (waymark_metric_value_get_n (value), ==, ROWS + 30);

  /* The file is gone: stale, the last values kept, the reason shown. */
  g_assert_cmpint (g_unlink (f->csv), ==, 0);
  click (widget (f, "refresh_button"));
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_notice (f->dialog), "“survey.csv”: "));
  g_assert_cmpstr (waymark_metric_get_status (metric), !=, "");
  value = all_rows_value (f->document, metric);
  g_assert_cmpint (waymark_metric_value_get_n (value), ==, ROWS + 30);
  waymark_ui_test_spin ();
  row = gtk_widget_get_first_child (metric_list);
  g_assert_true (gtk_widget_has_css_class (row, "stale"));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Stale: cannot read"));

  /* Delete, one step; undo brings the metric and its values back. */
  click (find_button_by_tooltip (row, "Delete"));
  g_assert_null (find_metric (f->document, "Likelihood to recommend"));
  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, "Delete Metric");
  g_assert_cmpuint (count_rows (metric_list), ==, 0);
  g_assert_true (waymark_document_undo (f->document));
  waymark_ui_test_spin ();
  metric = find_metric (f->document, "Likelihood to recommend");
  g_assert_nonnull (metric);
  g_assert_cmpint (waymark_metric_value_get_n (all_rows_value (f->document, metric)), ==, ROWS + 30);
  g_assert_cmpuint (count_rows (metric_list), ==, 1);
}

/*
 * /waymark/metrics-dialog/edit
 *
 * The editor shows a metric's definition; Save changes it in place, one
 * step (“Edit Metric”).
 */
static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  WaymarkMetric *metric;
  gint64 id;

  define (f, "Answers", WAYMARK_METRIC_KIND_COUNT, "NPS");
  wait_for_preview (f->dialog);
  click (widget (f, "commit_button"));
  metric = find_metric (f->document, "Answers");
  g_assert_nonnull (metric);
  id = waymark_object_get_id (WAYMARK_OBJECT (metric));

  waymark_metrics_dialog_edit_metric (f->dialog, metric);
  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "editor");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (widget (f, "name_row"))), ==, "Answers");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (widget (f, "kind_row"))), ==, WAYMARK_METRIC_KIND_COUNT);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (widget (f, "commit_button"))), ==, "_Save");

  gtk_editable_set_text (GTK_EDITABLE (widget (f, "name_row")), "NPS");
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (f, "kind_row")), WAYMARK_METRIC_KIND_NPS);
  wait_for_preview (f->dialog);
  click (widget (f, "commit_button"));

  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, "Edit Metric");
  g_assert_true (find_metric (f->document, "NPS") == metric);
  g_assert_cmpint (waymark_object_get_id (WAYMARK_OBJECT (metric)), ==, id);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (all_rows_value (f->document, metric)), -50.0, 1e-9);

  /* The emotion curve from it: the editor's switch, kept by the next
   * edit, and off again from the same switch. */
  g_assert_false (waymark_metric_get_definition (metric)->emotion_curve);
  waymark_metrics_dialog_edit_metric (f->dialog, metric);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (widget (f, "curve_switch"))));
  gtk_switch_set_active (GTK_SWITCH (widget (f, "curve_switch")), TRUE);
  wait_for_preview (f->dialog);
  click (widget (f, "commit_button"));
  g_assert_true (waymark_metric_get_definition (metric)->emotion_curve);
  g_assert_true (waymark_edit_get_curve_metric (f->document) == metric);
  waymark_metrics_dialog_edit_metric (f->dialog, metric);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (widget (f, "curve_switch"))));
  gtk_switch_set_active (GTK_SWITCH (widget (f, "curve_switch")), FALSE);
  wait_for_preview (f->dialog);
  click (widget (f, "commit_button"));
  g_assert_null (waymark_edit_get_curve_metric (f->document));
}

/*
 * /waymark/metrics-dialog/errors
 *
 * A text column for NPS, a filter no row passes, a source that changed:
 * the preview says why with the file, and Add leaves the document as it
 * was, the editor still open with the reason.
 */
static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *before = waymark_test_dump_document (f->document);
  g_autofree char *label = g_strdup (waymark_document_get_undo_label (f->document));
  g_autofree char *after = NULL;
  GtkWidget *filter, *row;

  /* A new metric opens on the column of numbers named for its kind (not
   * on the first column, “Id”, nor on text). */
  click (widget (f, "new_button"));
  {
    AdwComboRow *column = ADW_COMBO_ROW (widget (f, "column_row"));
    g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (column),
                                                             adw_combo_row_get_selected (column));

    g_assert_cmpstr (gtk_string_object_get_string (item), ==, "NPS");
  }
  click (widget (f, "back_button"));

  define (f, "Bad", WAYMARK_METRIC_KIND_NPS, "Comment");
  wait_for_preview (f->dialog);
  g_assert_nonnull (_waymark_metrics_dialog_get_preview_error (f->dialog));
  /* Add waits while the preview says the metric cannot be computed. */
  g_assert_false (gtk_widget_get_sensitive (widget (f, "commit_button")));
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_preview_error (f->dialog), "column “Comment” holds text"));
  g_assert_cmpuint (_waymark_metrics_dialog_get_n_preview (f->dialog), ==, 0);
  row = gtk_widget_get_first_child (widget (f, "preview_list"));
  g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "survey.csv"));

  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "editor");
  after = waymark_test_dump_document (f->document);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, label);

  /* A filter no row passes. */
  select_string (ADW_COMBO_ROW (widget (f, "column_row")), "NPS");
  filter = _waymark_metrics_dialog_add_filter (f->dialog);
  gtk_drop_down_set_selected (g_object_get_data (G_OBJECT (filter), "column"), 3);
  gtk_editable_set_text (GTK_EDITABLE (filter), "fax");
  wait_for_preview (f->dialog);
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_preview_error (f->dialog), "no row matches the filters"));

  /* A number field that is not a number. */
  gtk_editable_set_text (GTK_EDITABLE (filter), "");
  gtk_editable_set_text (GTK_EDITABLE (widget (f, "target_row")), "lots");
  wait_for_preview (f->dialog);
  g_assert_cmpuint (_waymark_metrics_dialog_get_n_preview (f->dialog), ==, 0);
  click (widget (f, "commit_button"));
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_preview_error (f->dialog), "“Target” is not a number"));
  gtk_editable_set_text (GTK_EDITABLE (widget (f, "target_row")), "");

  /* The source changed since the import. */
  write_survey (f, 1);
  wait_for_preview (f->dialog);
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_preview_error (f->dialog), "the file has changed since it was imported"));
  g_assert_false (gtk_widget_get_sensitive (widget (f, "commit_button")));

  g_clear_pointer (&after, g_free);
  after = waymark_test_dump_document (f->document);
  g_assert_cmpstr (before, ==, after);
  g_assert_null (find_metric (f->document, "Bad"));
}

/*
 * /waymark/metrics-dialog/no-data
 *
 * Without a dataset the dialog points to Import Data.
 */
static void
test_no_data (Fixture       *f,
              gconstpointer  data)
{
  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "empty");
  g_assert_true (gtk_widget_get_visible (widget (f, "import_button")));
  g_assert_false (gtk_widget_get_visible (widget (f, "refresh_button")));
  waymark_metrics_dialog_new_metric (f->dialog);
  g_assert_cmpstr (_waymark_metrics_dialog_get_page (f->dialog), ==, "empty");
}

static void
pg_admin_exec (const char *sql)
{
  const char *keys[] = { "host", "dbname", "user", "password", NULL };
  const char *values[] = { g_getenv ("WAYMARK_TEST_PGHOST"), g_getenv ("WAYMARK_TEST_PGDATABASE"), "admin",
                           g_getenv ("WAYMARK_TEST_PG_ADMIN_PASSWORD"), NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

/*
 * A dataset in PostgreSQL, refreshed from the dialog without its password:
 * the refresh runs on a worker thread, finds the server asks for one, and
 * the dialog asks; typed, it is kept for the session and the refresh runs
 * again, with the rows the server has now.
 */
static void
test_database_password (Fixture       *f,
                        gconstpointer  data)
{
  const char *host = g_getenv ("WAYMARK_TEST_PGHOST");
  const char *password = g_getenv ("WAYMARK_TEST_PG_ANALYST_PASSWORD");
  g_autofree char *uri = NULL;
  g_autofree char *with_password = NULL;
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  WaymarkMetricValue *value;
  AdwMessageDialog *alert;
  GtkWidget *entry;

  if (host == NULL || password == NULL)
    {
      if (g_getenv ("WAYMARK_TEST_PG_REQUIRED") != NULL)
        g_test_fail_printf ("no PostgreSQL server was started (build-aux/pg-cluster.sh)");
      else
        g_test_skip ("no PostgreSQL server: build-aux/test.sh starts one");
      return;
    }

  /* Four answers: two promoters, one passive, one detractor → NPS 25. */
  pg_admin_exec ("DROP TABLE IF EXISTS dialog_survey; "
                 "CREATE TABLE dialog_survey (\"Touchpoint\" text, \"NPS\" integer); "
                 "INSERT INTO dialog_survey VALUES ('Guest checkout', 10), ('Guest checkout', 9), "
                 "('Guest checkout', 8), ('Guest checkout', 2)");
  uri = g_strdup_printf ("postgresql://analyst@/%s?host=%s", g_getenv ("WAYMARK_TEST_PGDATABASE"), host);
  with_password = g_strdup_printf ("postgresql://analyst:%s@/%s?host=%s", password, g_getenv ("WAYMARK_TEST_PGDATABASE"), host);
  g_setenv ("PGPASSFILE", "/nonexistent", TRUE);
  g_unsetenv ("PGPASSWORD");

  import = waymark_import_scan_postgres (with_password, "dialog_survey", NULL, "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_import_match (import, f->document, 0, NULL, NULL);
  dataset = waymark_import_apply (import, f->document, 0, "warehouse", FALSE, &error);
  g_assert_no_error (error);
  definition = waymark_metric_definition_new (WAYMARK_METRIC_KIND_NPS, "NPS");
  waymark_postgres_remember_password (uri, password);
  metric = waymark_metric_add (f->document, dataset, "Warehouse NPS", definition, NULL, &error);
  g_assert_no_error (error);
  value = all_rows_value (f->document, metric);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), 25.0, 1e-9);

  /* The dialog shows the new metric. */
  waymark_ui_test_spin_for (200);

  /* The password is forgotten; the server has a fifth answer, a detractor. */
  waymark_postgres_remember_password (uri, NULL);
  pg_admin_exec ("INSERT INTO dialog_survey VALUES ('Guest checkout', 0)");
  click (widget (f, "refresh_button"));
  g_assert_nonnull (strstr (waymark_metric_get_status (metric), "asks for a password"));
  g_assert_nonnull (strstr (_waymark_metrics_dialog_get_notice (f->dialog), "“analyst@localhost/"));

  alert = ADW_MESSAGE_DIALOG (waymark_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (alert);
  g_assert_cmpstr (adw_message_dialog_get_heading (alert), ==, "Database Password");
  entry = waymark_ui_test_find_widget (GTK_WIDGET (alert), ADW_TYPE_PASSWORD_ENTRY_ROW);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (alert)), entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), password);
  /* As a click on Connect: the response, and the alert closes. */
  {
    GtkWidget *connect = waymark_ui_test_find_button (GTK_WIDGET (alert), "C_onnect");

    g_assert_nonnull (connect);
    g_signal_emit_by_name (connect, "clicked");
  }
  waymark_ui_test_spin ();
  g_assert_null (waymark_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (_waymark_metrics_dialog_is_working (f->dialog) && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  waymark_ui_test_spin ();

  /* Recomputed from what the server has now: (2 − 2) / 5 → 0. */
  g_assert_cmpstr (waymark_metric_get_status (metric), ==, "");
  value = all_rows_value (f->document, metric);
  g_assert_cmpfloat_with_epsilon (waymark_metric_value_get_value (value), 0.0, 1e-9);
  g_assert_cmpint (waymark_metric_value_get_n (value), ==, 5);

  /* Edited: the preview is the server's and names the database; Save reads it again. */
  waymark_metrics_dialog_edit_metric (f->dialog, metric);
  gtk_editable_set_text (GTK_EDITABLE (widget (f, "name_row")), "Warehouse mean score");
  adw_combo_row_set_selected (ADW_COMBO_ROW (widget (f, "kind_row")), WAYMARK_METRIC_KIND_MEAN);
  wait_for_preview (f->dialog);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (widget (f, "preview_group"))), ==,
                   "Computed from “analyst@localhost/waymark_test”");
  click (widget (f, "commit_button"));
  g_assert_cmpstr (waymark_metric_get_name (metric), ==, "Warehouse mean score");
  g_assert_cmpstr (waymark_document_get_undo_label (f->document), ==, "Edit Metric");
  waymark_postgres_remember_password (uri, NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/waymark/metrics-dialog/add-refresh-delete", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_add_refresh_delete, fixture_tear_down);
  g_test_add ("/waymark/metrics-dialog/edit", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_edit, fixture_tear_down);
  g_test_add ("/waymark/metrics-dialog/errors", Fixture, GINT_TO_POINTER (TRUE),
              fixture_set_up, test_errors, fixture_tear_down);
  g_test_add ("/waymark/metrics-dialog/database-password", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_database_password, fixture_tear_down);
  g_test_add ("/waymark/metrics-dialog/no-data", Fixture, GINT_TO_POINTER (FALSE),
              fixture_set_up, test_no_data, fixture_tear_down);

  return g_test_run ();
}
