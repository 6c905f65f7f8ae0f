/* waymark-metrics-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-metrics-dialog"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "waymark-core.h"
#include "waymark-metrics-dialog-private.h"
#include "waymark-edit.h"
#include "waymark-resources.h"
#include "waymark-secrets.h"

/*
 * The metrics panel: the document's metrics with their status, Refresh All
 * and Delete; and an editor that defines or changes one, with a live
 * preview of its values. The preview is computed on a worker thread from a
 * WaymarkMetricSource, the copy of what a pass needs that the document
 * hands over on the main thread; changing an input cancels the running
 * preview and starts another once the typing pauses. Adding, saving,
 * deleting and refreshing are each one step of the history.
 */

#define PREVIEW_DELAY_MS 150
#define PREVIEW_CARDS    5

/* What the worker hands back: the computation of one definition. */
typedef struct
{
  WaymarkMetricSource     *source;
  WaymarkMetricDefinition *definition;
  char                    *where;       /* a database's user, host and name; NULL for a file */
  GPtrArray               *uris;        /* the document's databases, whose passwords the keyring may have */
} PreviewJob;

struct _WaymarkMetricsDialog
{
  AdwWindow             parent_instance;

  /* owned */
  WaymarkDocument      *document;
  WaymarkMetric        *editing;         /* NULL: a new metric */
  GCancellable         *cancellable;
  GArray               *dataset_ids;     /* gint64, in step with dataset_names */
  GtkStringList        *dataset_names;
  GtkStringList        *column_names;
  GHashTable           *column_types;    /* name → type, as the import typed them */
  GPtrArray            *filter_rows;     /* AdwEntryRow, borrowed from filter_group */
  char                 *preview_error;
  char                 *notice;
  guint                 preview_source;
  guint                 rebuild_source;
  GCancellable         *work_cancellable; /* a refresh or a commit reading its sources */

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *back_button;
  GtkWidget            *new_button;
  GtkWidget            *commit_button;
  GtkWidget            *refresh_button;
  GtkRevealer          *notice_revealer;
  GtkImage             *notice_icon;
  GtkLabel             *notice_label;
  GtkWidget            *notice_dismiss;
  GtkStack             *stack;
  GtkWidget            *import_button;
  GtkListBox           *metric_list;
  AdwEntryRow          *name_row;
  AdwComboRow          *dataset_row;
  AdwComboRow          *kind_row;
  AdwComboRow          *column_row;
  AdwPreferencesGroup  *filter_group;
  GtkWidget            *add_filter_button;
  AdwComboRow          *period_row;
  AdwEntryRow          *target_row;
  AdwComboRow          *direction_row;
  AdwEntryRow          *good_row;
  AdwEntryRow          *warning_row;
  AdwEntryRow          *unit_row;
  GtkSwitch            *curve_switch;
  AdwPreferencesGroup  *preview_group;
  GtkSpinner           *preview_spinner;
  GtkListBox           *preview_list;

  guint                 n_preview;
  guint                 busy : 1;
  guint                 updating : 1;
  guint                 working : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkMetricsDialog, waymark_metrics_dialog, ADW_TYPE_WINDOW)

static void schedule_preview (WaymarkMetricsDialog *self);

static void
preview_job_free (PreviewJob *job)
{
  g_clear_pointer (&job->source, waymark_metric_source_unref);
  g_clear_pointer (&job->definition, waymark_metric_definition_free);
  g_clear_pointer (&job->where, g_free);
  g_clear_pointer (&job->uris, g_ptr_array_unref);
  g_free (job);
}

static const char *
kind_label (WaymarkMetricKind kind)
{
  switch (kind)
    {
    case WAYMARK_METRIC_KIND_COUNT: return C_("metric kind", "Count");
    case WAYMARK_METRIC_KIND_SUM: return C_("metric kind", "Sum");
    case WAYMARK_METRIC_KIND_MEAN: return C_("metric kind", "Mean");
    case WAYMARK_METRIC_KIND_MEDIAN: return C_("metric kind", "Median");
    case WAYMARK_METRIC_KIND_MIN: return C_("metric kind", "Minimum");
    case WAYMARK_METRIC_KIND_MAX: return C_("metric kind", "Maximum");
    case WAYMARK_METRIC_KIND_RATE: return C_("metric kind", "Rate (Yes/No)");
    case WAYMARK_METRIC_KIND_NPS: return C_("metric kind", "NPS");
    case WAYMARK_METRIC_KIND_CSAT: return C_("metric kind", "CSAT");
    case WAYMARK_METRIC_KIND_CES: return C_("metric kind", "CES");
    case WAYMARK_METRIC_KIND_TOP_BOX: return C_("metric kind", "Top Box");
    case WAYMARK_METRIC_KIND_BOTTOM_BOX: return C_("metric kind", "Bottom Box");
    default: return "";
    }
}

/* A value as the panel shows it: as on the map's badges. */
static char *
format_value (const WaymarkMetricDefinition *definition,
              double                         value)
{
  if (isnan (value))
    /* Translators: no valid answer, so no value */
    return g_strdup (_("—"));
  return waymark_metric_format_value (definition->kind, value, definition->unit);
}

/* A number typed by a person: a point or a comma as the decimal mark,
 * blanks around; empty is unset (NaN). */
static gboolean
parse_number (const char *text,
              double     *number)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;

  if (copy[0] == '\0')
    {
      *number = NAN;
      return TRUE;
    }

  g_strdelimit (copy, ",", '.');
  *number = g_ascii_strtod (copy, &end);
  return end != copy && *end == '\0' && isfinite (*number);
}

static char *
format_number (double number)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (number))
    return g_strdup ("");
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%g", number));
}

static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static guint
find_string (GtkStringList *list,
             const char    *string)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

  for (guint i = 0; string != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (list, i), string))
      return i;

  return GTK_INVALID_LIST_POSITION;
}

static WaymarkDataset *
selected_dataset (WaymarkMetricsDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->dataset_row);
  WaymarkObject *object;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->dataset_ids->len)
    return NULL;

  object = waymark_document_lookup (self->document, g_array_index (self->dataset_ids, gint64, selected));
  return WAYMARK_IS_DATASET (object) ? WAYMARK_DATASET (object) : NULL;
}

static WaymarkDataset *
dataset_of (WaymarkMetricsDialog *self,
            WaymarkMetric        *metric)
{
  WaymarkObject *object = waymark_document_lookup (self->document, waymark_metric_get_dataset (metric));

  return WAYMARK_IS_DATASET (object) ? WAYMARK_DATASET (object) : NULL;
}

/* The dataset's columns, from the schema its import recorded. */
static void
read_columns (WaymarkMetricsDialog *self,
              WaymarkDataset       *dataset)
{
  g_autoptr(GArray) columns = dataset != NULL ? waymark_dataset_dup_columns (dataset) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_hash_table_remove_all (self->column_types);
  for (guint i = 0; columns != NULL && i < columns->len; i++)
    {
      const WaymarkDatasetColumn *column = &g_array_index (columns, WaymarkDatasetColumn, i);

      g_ptr_array_add (names, column->name);
      g_hash_table_insert (self->column_types, g_strdup (column->name), g_strdup (column->type));
    }

  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->column_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->column_names)),
                          (const char * const *) names->pdata);
}

/* The column a new metric of @kind most likely reads: a column of numbers,
 * one named for the kind if there is one (“NPS”, “Likelihood to
 * recommend”), never a column of text when numbers exist. */
static guint
suggest_column (WaymarkMetricsDialog *self,
                WaymarkMetricKind     kind)
{
  static const struct { WaymarkMetricKind kind; const char *words[4]; } hints[] = {
    { WAYMARK_METRIC_KIND_NPS, { "nps", "recommend", NULL } },
    { WAYMARK_METRIC_KIND_CSAT, { "csat", "satisf", NULL } },
    { WAYMARK_METRIC_KIND_CES, { "ces", "effort", "easy", NULL } },
  };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->column_names));
  guint first_number = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      const char *name = gtk_string_list_get_string (self->column_names, i);
      const char *type = g_hash_table_lookup (self->column_types, name);
      g_autofree char *folded = NULL;

      if (g_strcmp0 (type, "integer") != 0 && g_strcmp0 (type, "decimal") != 0)
        continue;
      if (first_number == GTK_INVALID_LIST_POSITION)
        first_number = i;
      folded = g_utf8_casefold (name, -1);
      for (guint h = 0; h < G_N_ELEMENTS (hints); h++)
        for (guint w = 0; hints[h].kind == kind && hints[h].words[w] != NULL; w++)
          if (strstr (folded, hints[h].words[w]) != NULL)
            return i;
    }
  return first_number != GTK_INVALID_LIST_POSITION ? first_number : 0;
}

/* As waymark_metric_add() does: periods come from the first date column. */
static char *
first_date_column (WaymarkMetricsDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->column_names));

  for (guint i = 0; i < n; i++)
    {
      const char *name = gtk_string_list_get_string (self->column_names, i);

      if (g_strcmp0 (g_hash_table_lookup (self->column_types, name), "date") == 0)
        return g_strdup (name);
    }

  return NULL;
}

/* The definition the editor's fields describe; NULL with @error when a
 * field cannot be read. */
static WaymarkMetricDefinition *
build_definition (WaymarkMetricsDialog  *self,
                  GError               **error)
{
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  const char *column = selected_string (self->column_row);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  struct { AdwEntryRow *row; double *field; } numbers[3];
  const char *unit;

  if (column == NULL)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("Choose a column"));
      return NULL;
    }
  if (kind > WAYMARK_METRIC_KIND_BOTTOM_BOX)
    kind = WAYMARK_METRIC_KIND_COUNT;

  definition = waymark_metric_definition_new ((WaymarkMetricKind) kind, column);

  /* A filter row: its column in the prefix, its values comma-separated. */
  for (guint i = 0; i < self->filter_rows->len; i++)
    {
      AdwEntryRow *row = g_ptr_array_index (self->filter_rows, i);
      GtkDropDown *dropdown = g_object_get_data (G_OBJECT (row), "column");
      GtkStringObject *item = gtk_drop_down_get_selected_item (dropdown);
      g_auto(GStrv) values = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (row)), ",", -1);

      if (item == NULL)
        continue;
      for (guint v = 0; values[v] != NULL; v++)
        {
          g_strstrip (values[v]);
          if (values[v][0] != '\0')
            waymark_metric_definition_add_filter (definition, gtk_string_object_get_string (item), values[v]);
        }
    }

  definition->period = (WaymarkPeriod) MIN (adw_combo_row_get_selected (self->period_row), WAYMARK_PERIOD_QUARTER);
  definition->direction = adw_combo_row_get_selected (self->direction_row) == 1
                          ? WAYMARK_METRIC_LOWER_IS_BETTER : WAYMARK_METRIC_HIGHER_IS_BETTER;

  numbers[0].row = self->target_row;
  numbers[0].field = &definition->target;
  numbers[1].row = self->good_row;
  numbers[1].field = &definition->good;
  numbers[2].row = self->warning_row;
  numbers[2].field = &definition->warning;
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      gboolean valid = parse_number (gtk_editable_get_text (GTK_EDITABLE (numbers[i].row)), numbers[i].field);

      if (valid)
        gtk_widget_remove_css_class (GTK_WIDGET (numbers[i].row), "error");
      else
        {
          gtk_widget_add_css_class (GTK_WIDGET (numbers[i].row), "error");
          /* Translators: “Target” is not a number */
          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("“%s” is not a number"),
                       adw_preferences_row_get_title (ADW_PREFERENCES_ROW (numbers[i].row)));
          return NULL;
        }
    }

  unit = gtk_editable_get_text (GTK_EDITABLE (self->unit_row));
  if (unit[0] != '\0')
    definition->unit = g_strdup (unit);
  definition->emotion_curve = gtk_switch_get_active (self->curve_switch);

  return g_steal_pointer (&definition);
}

static void
set_busy (WaymarkMetricsDialog *self,
          gboolean              busy)
{
  self->busy = !!busy;
  gtk_spinner_set_spinning (self->preview_spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), busy);
}

static void
update_commit (WaymarkMetricsDialog *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  /* Not while the preview says the metric cannot be computed. */
  gtk_widget_set_sensitive (self->commit_button,
                            stripped[0] != '\0' && selected_dataset (self) != NULL &&
                            selected_string (self->column_row) != NULL && self->preview_error == NULL);
}

/* An error in the preview: what went wrong, and with which file. */
static void
show_preview_error (WaymarkMetricsDialog *self,
                    const char           *reason,
                    GFile                *file)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");

  remove_all_rows (self->preview_list);
  self->n_preview = 0;
  g_free (self->preview_error);
  self->preview_error = g_strdup (reason);

  gtk_widget_add_css_class (icon, "error");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reason);
  if (file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
    }
  gtk_widget_add_css_class (row, "metrics-preview-error");
  gtk_list_box_append (self->preview_list, row);
  update_commit (self);
}

static void
show_preview_placeholder (WaymarkMetricsDialog *self,
                          const char           *text)
{
  GtkWidget *row = adw_action_row_new ();

  remove_all_rows (self->preview_list);
  self->n_preview = 0;
  g_clear_pointer (&self->preview_error, g_free);
  update_commit (self);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (self->preview_list, row);
}

static void
append_figure (WaymarkMetricsDialog          *self,
               const WaymarkMetricDefinition *definition,
               const char                    *title,
               const WaymarkMetricFigure     *figure)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *value = format_value (definition, figure->value);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  GtkWidget *label = gtk_label_new (value);

  /* Translators: the number of valid answers a value is computed from */
  g_string_printf (subtitle, _("n = %'" PRId64), figure->n);
  if (figure->excluded > 0)
    /* Translators: cells that were not valid answers (not numbers, out of scale) */
    g_string_append_printf (subtitle, _(" · %" PRId64 " excluded"), figure->excluded);
  if (figure->moe > 0)
    /* Translators: the 95% margin of error */
    g_string_append_printf (subtitle, _(" · ±%.1f"), figure->moe);
  if (figure->low_confidence)
    g_string_append (subtitle, _(" · low confidence"));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->preview_list, row);
  self->n_preview++;
}

static int
compare_figures_by_n (gconstpointer a,
                      gconstpointer b)
{
  const WaymarkMetricFigure *x = *(WaymarkMetricFigure **) a;
  const WaymarkMetricFigure *y = *(WaymarkMetricFigure **) b;

  return (y->n > x->n) - (y->n < x->n);
}

/* All rows first, then the cards with the most answers. */
static void
show_figures (WaymarkMetricsDialog          *self,
              const WaymarkMetricDefinition *definition,
              GPtrArray                     *figures,
              GFile                         *file,
              const char                    *database)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new ();
  const WaymarkMetricFigure *all = NULL;

  remove_all_rows (self->preview_list);
  self->n_preview = 0;
  g_clear_pointer (&self->preview_error, g_free);
  update_commit (self);

  for (guint i = 0; i < figures->len; i++)
    {
      const WaymarkMetricFigure *figure = g_ptr_array_index (figures, i);

      if (figure->period[0] != '\0')
        continue;
      if (figure->card == 0 && figure->stage == 0)
        all = figure;
      else if (figure->card != 0 && WAYMARK_IS_CARD (waymark_document_lookup (self->document, figure->card)))
        g_ptr_array_add (cards, (gpointer) figure);
    }

  if (all != NULL)
    append_figure (self, definition, _("All Rows"), all);

  g_ptr_array_sort (cards, compare_figures_by_n);
  for (guint i = 0; i < cards->len && i < PREVIEW_CARDS; i++)
    {
      const WaymarkMetricFigure *figure = g_ptr_array_index (cards, i);
      WaymarkCard *card = WAYMARK_CARD (waymark_document_lookup (self->document, figure->card));

      append_figure (self, definition, waymark_card_get_title (card), figure);
    }

  if (cards->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No row's key matches a card's title; only all rows have a value"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->preview_list, row);
    }

  {
    g_autofree char *name = file != NULL ? g_file_get_basename (file) : g_strdup (database);
    g_autofree char *description = g_strdup_printf (_("Computed from “%s”"), name);

    adw_preferences_group_set_description (self->preview_group, description);
  }
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PreviewJob *job = task_data;
  g_autoptr(GError) error = NULL;
  WaymarkMetricComputation *computation;

  /* A database's password may be in the keyring, as for a commit. */
  waymark_secrets_load (job->uris, cancellable);
  computation = waymark_metric_source_compute (job->source, &job->definition, 1, cancellable, NULL, NULL, &error);
  if (computation == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, computation, (GDestroyNotify) waymark_metric_computation_free);
}

static void
preview_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (object);
  PreviewJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autoptr(GError) error = NULL;
  const GError *failure;

  computation = g_task_propagate_pointer (G_TASK (result), &error);
  /* A newer preview replaced this one, or the dialog is going away. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;

  set_busy (self, FALSE);
  adw_preferences_group_set_description (self->preview_group, NULL);

  if (computation == NULL)
    show_preview_error (self, error->message, waymark_metric_source_get_file (job->source));
  else if (waymark_metric_computation_get_changed (computation))
    show_preview_error (self, _("the file has changed since it was imported; refresh the dataset's metrics first"),
                        waymark_metric_source_get_file (job->source));
  else if ((failure = waymark_metric_computation_get_error (computation, 0)) != NULL)
    show_preview_error (self, failure->message, waymark_metric_source_get_file (job->source));
  else
    show_figures (self, job->definition, waymark_metric_computation_get_figures (computation, 0),
                  waymark_metric_source_get_file (job->source), job->where);
}

static gboolean
preview_timeout_cb (gpointer data)
{
  WaymarkMetricsDialog *self = data;
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  WaymarkDataset *dataset = selected_dataset (self);
  PreviewJob *job;

  self->preview_source = 0;

  if (dataset == NULL)
    {
      set_busy (self, FALSE);
      show_preview_placeholder (self, _("Choose a dataset"));
      return G_SOURCE_REMOVE;
    }
  if (!(definition = build_definition (self, &error)))
    {
      set_busy (self, FALSE);
      show_preview_placeholder (self, error->message);
      return G_SOURCE_REMOVE;
    }
  if (definition->period != WAYMARK_PERIOD_NONE && definition->date_column == NULL &&
      !(definition->date_column = first_date_column (self)))
    {
      set_busy (self, FALSE);
      show_preview_error (self, _("a metric split by period needs a column of dates, and the import found none"), NULL);
      return G_SOURCE_REMOVE;
    }

  /* The document belongs to this thread: the worker gets a copy. */
  job = g_new0 (PreviewJob, 1);
  job->source = waymark_metric_source_new (self->document, dataset);
  job->definition = g_steal_pointer (&definition);
  {
    g_autofree char *source = NULL;

    g_object_get (dataset, "source", &source, NULL);
    if (waymark_postgres_is_uri (source))
      job->where = waymark_postgres_describe_uri (source);
  }
  job->uris = waymark_secrets_database_uris (self->document);

  task = g_task_new (self, self->cancellable, preview_done_cb, NULL);
  g_task_set_source_tag (task, preview_timeout_cb);
  g_task_set_task_data (task, job, (GDestroyNotify) preview_job_free);
  g_task_run_in_thread (task, preview_thread);

  return G_SOURCE_REMOVE;
}

/* Cancels the preview being computed and starts another once the
 * inputs have settled. */
static void
schedule_preview (WaymarkMetricsDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
    {
      set_busy (self, FALSE);
      return;
    }

  set_busy (self, TRUE);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static void
remove_filter_clicked_cb (GtkButton *button,
                          gpointer   user_data)
{
  WaymarkMetricsDialog *self = user_data;
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "row");

  g_ptr_array_remove (self->filter_rows, row);
  adw_preferences_group_remove (self->filter_group, row);
  gtk_widget_grab_focus (self->add_filter_button);
  schedule_preview (self);
}

static void
filter_changed_cb (WaymarkMetricsDialog *self)
{
  if (!self->updating)
    schedule_preview (self);
}

/* One filter: the column in a drop-down before the values. */
static GtkWidget *
add_filter_row (WaymarkMetricsDialog *self,
                const char           *column,
                const char           *values)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *dropdown = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->column_names)), NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  guint position = find_string (self->column_names, column);

  /* Translators: a filter's values, as in “web, app” */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Values, Separated by Commas"));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dropdown, _("Column to Filter On"));
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), position);
  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), dropdown);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Filter"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove Filter"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Column to Filter On"), -1);
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_filter_clicked_cb), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  g_object_set_data (G_OBJECT (row), "column", dropdown);
  if (values != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), values);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);

  adw_preferences_group_add (self->filter_group, row);
  g_ptr_array_add (self->filter_rows, row);
  return row;
}

static void
clear_filters (WaymarkMetricsDialog *self)
{
  for (guint i = 0; i < self->filter_rows->len; i++)
    adw_preferences_group_remove (self->filter_group, g_ptr_array_index (self->filter_rows, i));
  g_ptr_array_set_size (self->filter_rows, 0);
}

static void
show_page (WaymarkMetricsDialog *self,
           const char           *page)
{
  gboolean editor = g_str_equal (page, "editor");
  gboolean list = g_str_equal (page, "list");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (self->back_button, editor);
  gtk_widget_set_visible (self->commit_button, editor);
  gtk_widget_set_visible (self->new_button, list);
  gtk_widget_set_visible (self->refresh_button, list);

  if (editor)
    adw_window_title_set_title (self->window_title, self->editing ? _("Edit Metric") : _("New Metric"));
  else
    adw_window_title_set_title (self->window_title, _("Metrics"));
  gtk_button_set_label (GTK_BUTTON (self->commit_button), self->editing ? _("_Save") : _("_Add"));
}

static void
fill_datasets (WaymarkMetricsDialog *self)
{
  GPtrArray *datasets = waymark_document_get_items (self->document, WAYMARK_TYPE_DATASET);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_array_set_size (self->dataset_ids, 0);
  for (guint i = 0; i < datasets->len; i++)
    {
      WaymarkObject *dataset = g_ptr_array_index (datasets, i);
      gint64 id = waymark_object_get_id (dataset);

      g_array_append_val (self->dataset_ids, id);
      g_ptr_array_add (names, (gpointer) waymark_dataset_get_name (WAYMARK_DATASET (dataset)));
    }
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->dataset_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->dataset_names)),
                          (const char * const *) names->pdata);
}

static void
select_dataset (WaymarkMetricsDialog *self,
                gint64                id)
{
  guint position = 0;

  for (guint i = 0; i < self->dataset_ids->len; i++)
    if (g_array_index (self->dataset_ids, gint64, i) == id)
      position = i;

  adw_combo_row_set_selected (self->dataset_row, position);
  read_columns (self, selected_dataset (self));
}

static char *
describe_computed (const char *computed)
{
  g_autofree char *when = NULL;

  if (computed == NULL || *computed == '\0')
    return g_strdup (_("Never computed"));
  when = waymark_format_timestamp (computed);
  /* Translators: %s is a date and time */
  return g_strdup_printf (_("Computed %s"), when);
}

static void edit_clicked_cb (GtkButton *button, gpointer user_data);
static void delete_clicked_cb (GtkButton *button, gpointer user_data);

static GtkWidget *
new_metric_row (WaymarkMetricsDialog *self,
                WaymarkMetric        *metric)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");
  WaymarkDataset *dataset = dataset_of (self, metric);
  const char *status = waymark_metric_get_status (metric);
  g_autofree char *computed = describe_computed (waymark_metric_get_computed (metric));
  g_autofree char *subtitle = NULL;
  WaymarkMetricKind kind = WAYMARK_METRIC_KIND_COUNT;
  const char *kind_text;

  kind_text = waymark_metric_kind_from_string (waymark_metric_get_kind (metric), &kind)
              ? kind_label (kind) : waymark_metric_get_kind (metric);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), waymark_metric_get_name (metric));
  if (status[0] != '\0')
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_set_tooltip_text (icon, _("Stale: the values are the last ones computed"));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      /* Translators: why a metric's values are stale, then when they were computed */
      subtitle = g_strdup_printf (_("Stale: %s\n%s"), status, computed);
      gtk_widget_add_css_class (row, "stale");
    }
  else
    /* Translators: kind · dataset · column, then when the values were computed */
    subtitle = g_strdup_printf (_("%s · %s · column “%s”\n%s"), kind_text,
                                dataset ? waymark_dataset_get_name (dataset) : "",
                                waymark_metric_get_column_name (metric), computed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  {
    /* Translators: accessible names of a metric's buttons, “Edit NPS”, “Delete NPS” */
    g_autofree char *edit_name = g_strdup_printf (_("Edit %s"), waymark_metric_get_name (metric));
    g_autofree char *delete_name = g_strdup_printf (_("Delete %s"), waymark_metric_get_name (metric));

    gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL, edit_name, -1);
    gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_name, -1);
  }
  g_object_set_data_full (G_OBJECT (edit), "metric", g_object_ref (metric), g_object_unref);
  g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  gtk_widget_set_tooltip_text (delete, _("Delete"));
  g_object_set_data_full (G_OBJECT (delete), "metric", g_object_ref (metric), g_object_unref);
  g_signal_connect (delete, "clicked", G_CALLBACK (delete_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "metric", g_object_ref (metric), g_object_unref);
  return row;
}

static void
rebuild (WaymarkMetricsDialog *self)
{
  GPtrArray *metrics = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC);
  gboolean has_datasets = waymark_document_get_items (self->document, WAYMARK_TYPE_DATASET)->len > 0;
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);

  remove_all_rows (self->metric_list);
  for (guint i = 0; i < metrics->len; i++)
    gtk_list_box_append (self->metric_list, new_metric_row (self, g_ptr_array_index (metrics, i)));

  /* The metric being edited went away (an undo in the main window). */
  if (self->editing != NULL &&
      waymark_document_lookup (self->document, waymark_object_get_id (WAYMARK_OBJECT (self->editing))) !=
      WAYMARK_OBJECT (self->editing))
    {
      g_clear_object (&self->editing);
      page = "list";
    }

  if (!has_datasets)
    show_page (self, "empty");
  else if (page == NULL || g_str_equal (page, "empty"))
    show_page (self, "list");
  else
    show_page (self, page);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  WaymarkMetricsDialog *self = data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (WaymarkMetricsDialog *self,
                     WaymarkObject        *object,
                     WaymarkChange         change,
                     GParamSpec           *pspec)
{
  if (object != NULL && !WAYMARK_IS_METRIC (object) && !WAYMARK_IS_DATASET (object))
    return;
  if (self->rebuild_source == 0)
    self->rebuild_source = g_idle_add (rebuild_idle_cb, self);
}

static void
show_notice (WaymarkMetricsDialog *self,
             const char           *text,
             gboolean              stale)
{
  g_free (self->notice);
  self->notice = g_strdup (text);
  gtk_label_set_text (self->notice_label, text);
  gtk_image_set_from_icon_name (self->notice_icon, stale ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (stale)
    gtk_widget_add_css_class (gtk_widget_get_parent (GTK_WIDGET (self->notice_label)), "stale");
  else
    gtk_widget_remove_css_class (gtk_widget_get_parent (GTK_WIDGET (self->notice_label)), "stale");
  gtk_revealer_set_reveal_child (self->notice_revealer, text != NULL);
}

static void
open_editor (WaymarkMetricsDialog *self,
             WaymarkMetric        *metric)
{
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkDataset *dataset;

  if (metric != NULL && !(definition = waymark_metric_dup_definition (metric, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot edit “%s”: %s"), waymark_metric_get_name (metric), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
      return;
    }

  g_set_object (&self->editing, metric);
  self->updating = TRUE;

  fill_datasets (self);
  dataset = metric ? dataset_of (self, metric) : NULL;
  select_dataset (self, dataset ? waymark_object_get_id (WAYMARK_OBJECT (dataset)) : 0);

  clear_filters (self);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), metric ? waymark_metric_get_name (metric) : "");
  if (definition != NULL)
    {
      g_autofree char *target = format_number (definition->target);
      g_autofree char *good = format_number (definition->good);
      g_autofree char *warning = format_number (definition->warning);
      guint column = find_string (self->column_names, definition->column);

      adw_combo_row_set_selected (self->kind_row, definition->kind);
      adw_combo_row_set_selected (self->column_row, column != GTK_INVALID_LIST_POSITION ? column : 0);
      adw_combo_row_set_selected (self->period_row, definition->period);
      adw_combo_row_set_selected (self->direction_row, definition->direction == WAYMARK_METRIC_LOWER_IS_BETTER);
      gtk_editable_set_text (GTK_EDITABLE (self->target_row), target);
      gtk_editable_set_text (GTK_EDITABLE (self->good_row), good);
      gtk_editable_set_text (GTK_EDITABLE (self->warning_row), warning);
      gtk_editable_set_text (GTK_EDITABLE (self->unit_row), definition->unit ? definition->unit : "");
      gtk_switch_set_active (self->curve_switch, definition->emotion_curve);
      for (guint i = 0; definition->filters != NULL && i < definition->filters->len; i++)
        {
          const WaymarkMetricFilter *filter = g_ptr_array_index (definition->filters, i);
          g_autofree char *values = NULL;

          /* Date ranges have no field here; they are kept only by not
           * being edited (see HACKING.md). */
          if (filter->values == NULL)
            continue;
          values = g_strjoinv (", ", filter->values);
          add_filter_row (self, filter->column, values);
        }
    }
  else
    {
      adw_combo_row_set_selected (self->kind_row, WAYMARK_METRIC_KIND_NPS);
      adw_combo_row_set_selected (self->column_row, suggest_column (self, WAYMARK_METRIC_KIND_NPS));
      adw_combo_row_set_selected (self->period_row, WAYMARK_PERIOD_NONE);
      adw_combo_row_set_selected (self->direction_row, 0);
      gtk_editable_set_text (GTK_EDITABLE (self->target_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->good_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->warning_row), "");
      gtk_editable_set_text (GTK_EDITABLE (self->unit_row), "");
      gtk_switch_set_active (self->curve_switch, FALSE);
    }

  self->updating = FALSE;
  show_page (self, "editor");
  update_commit (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  schedule_preview (self);
}

static void
edit_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  open_editor (WAYMARK_METRICS_DIALOG (user_data), g_object_get_data (G_OBJECT (button), "metric"));
}

static void
undo_delete_cb (AdwToast *toast,
                gpointer  user_data)
{
  WaymarkMetricsDialog *self = user_data;

  /* Only the deletion this toast reports; another edit may be on top. */
  if (g_strcmp0 (waymark_document_get_undo_label (self->document), _("Delete Metric")) == 0)
    waymark_document_undo (self->document);
}

static void
delete_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  WaymarkMetricsDialog *self = user_data;
  WaymarkMetric *metric = g_object_get_data (G_OBJECT (button), "metric");
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (waymark_document_lookup (self->document, waymark_object_get_id (WAYMARK_OBJECT (metric))) !=
      WAYMARK_OBJECT (metric))
    return;

  /* Translators: the toast after a deletion */
  title = g_strdup_printf (_("Metric “%s” deleted"), waymark_metric_get_name (metric));

  /* The metric and its values, as one step. */
  /* Translators: an undo label */
  waymark_document_begin (self->document, _("Delete Metric"));
  waymark_document_remove (self->document, WAYMARK_OBJECT (metric));
  waymark_document_end (self->document);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  rebuild (self);
  gtk_widget_grab_focus (self->new_button);
}

static void
metric_activated_cb (WaymarkMetricsDialog *self,
                     GtkListBoxRow        *row)
{
  WaymarkMetric *metric = g_object_get_data (G_OBJECT (row), "metric");

  if (metric != NULL)
    open_editor (self, metric);
}

static void
back_clicked_cb (WaymarkMetricsDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  set_busy (self, FALSE);
  g_clear_object (&self->editing);
  rebuild (self);
  show_page (self, "list");
  gtk_widget_grab_focus (self->new_button);
}

static void
new_clicked_cb (WaymarkMetricsDialog *self)
{
  open_editor (self, NULL);
}

static void
name_changed_cb (WaymarkMetricsDialog *self)
{
  update_commit (self);
}

static void
input_changed_cb (WaymarkMetricsDialog *self)
{
  if (self->updating)
    return;
  update_commit (self);
  schedule_preview (self);
}

static void
dataset_changed_cb (WaymarkMetricsDialog *self)
{
  g_autofree char *column = NULL;
  guint position;

  if (self->updating)
    return;

  /* Keep the column if the other dataset has one of that name. */
  column = g_strdup (selected_string (self->column_row));
  self->updating = TRUE;
  read_columns (self, selected_dataset (self));
  position = find_string (self->column_names, column);
  adw_combo_row_set_selected (self->column_row, position != GTK_INVALID_LIST_POSITION ? position : 0);
  self->updating = FALSE;
  input_changed_cb (self);
}

static void
add_filter_clicked_cb (WaymarkMetricsDialog *self)
{
  GtkWidget *row = add_filter_row (self, NULL, NULL);

  gtk_widget_grab_focus (row);
}

static void commit_clicked_cb (WaymarkMetricsDialog *self);

/* The answer to a server that asked for a password: kept for this session
 * (and in the keyring if asked), then the same again. */
static void
password_response_cb (AdwMessageDialog     *alert,
                      const char           *response,
                      WaymarkMetricsDialog *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (alert), "entry");
  GtkCheckButton *remember = g_object_get_data (G_OBJECT (alert), "remember");
  const char *uri = g_object_get_data (G_OBJECT (alert), "uri");
  gboolean refresh = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (alert), "refresh"));
  const char *password = gtk_editable_get_text (entry);

  if (!g_str_equal (response, "connect") || password[0] == '\0')
    return;

  waymark_postgres_remember_password (uri, password);
  if (gtk_check_button_get_active (remember))
    waymark_secrets_store (uri, password);
  if (refresh)
    waymark_metrics_dialog_refresh_all (self);
  else
    commit_clicked_cb (self);
}

static void
ask_password (WaymarkMetricsDialog *self,
              const char           *uri,
              gboolean              refresh)
{
  g_autofree char *where = waymark_postgres_describe_uri (uri);
  g_autofree char *body = NULL;
  AdwMessageDialog *alert;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *entry = adw_password_entry_row_new ();
  GtkWidget *remember = gtk_check_button_new_with_mnemonic (_("_Remember in the keyring"));

  /* Translators: %s is where the database is, “analyst@db.example.org/surveys” */
  body = g_strdup_printf (_("%s asks for a password to read this dataset. It is never saved in the map."), where);
  alert = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Database Password"), body));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (entry), TRUE);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), entry);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), remember);
  adw_message_dialog_set_extra_child (alert, box);
  adw_message_dialog_add_responses (alert, "cancel", _("_Cancel"), "connect", _("C_onnect"), NULL);
  adw_message_dialog_set_response_appearance (alert, "connect", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (alert, "connect");
  adw_message_dialog_set_close_response (alert, "cancel");
  g_object_set_data (G_OBJECT (alert), "entry", entry);
  g_object_set_data (G_OBJECT (alert), "remember", remember);
  g_object_set_data_full (G_OBJECT (alert), "uri", g_strdup (uri), g_free);
  g_object_set_data (G_OBJECT (alert), "refresh", GINT_TO_POINTER (refresh));
  g_signal_connect_object (alert, "response", G_CALLBACK (password_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (alert));
  gtk_widget_grab_focus (entry);
}

/* A commit or a refresh reads its sources on a worker thread: the dialog
 * says so, the buttons wait, and the notice's button cancels. */
static void
set_working (WaymarkMetricsDialog *self,
             gboolean              working,
             const char           *what)
{
  self->working = !!working;
  gtk_widget_set_sensitive (self->refresh_button, !working);
  gtk_widget_set_sensitive (self->commit_button, !working);
  if (working)
    {
      g_cancellable_cancel (self->work_cancellable);
      g_clear_object (&self->work_cancellable);
      self->work_cancellable = g_cancellable_new ();
      show_notice (self, what, FALSE);
      gtk_image_set_from_icon_name (self->notice_icon, "view-refresh-symbolic");
      gtk_widget_set_tooltip_text (self->notice_dismiss, _("Cancel"));
    }
  else
    gtk_widget_set_tooltip_text (self->notice_dismiss, _("Dismiss"));
}

/* What the worker needs: copies, and the passwords the keyring has. */
typedef struct
{
  WaymarkMetricSource     *source;
  WaymarkMetricDefinition *definition;
  WaymarkMetricRefresh    *refresh;
  GPtrArray               *uris;
  char                    *name;
  gint64                   dataset;
  gint64                   metric;
} WorkJob;

static void
work_job_free (WorkJob *job)
{
  g_clear_pointer (&job->source, waymark_metric_source_unref);
  g_clear_pointer (&job->definition, waymark_metric_definition_free);
  g_clear_pointer (&job->refresh, waymark_metric_refresh_free);
  g_clear_pointer (&job->uris, g_ptr_array_unref);
  g_free (job->name);
  g_free (job);
}

static void
commit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WorkJob *job = task_data;
  g_autoptr(GError) error = NULL;
  WaymarkMetricComputation *computation;

  waymark_secrets_load (job->uris, cancellable);
  computation = waymark_metric_source_compute (job->source, &job->definition, 1, cancellable, NULL, NULL, &error);
  if (computation == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, computation, (GDestroyNotify) waymark_metric_computation_free);
}

static void
commit_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (object);
  WorkJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  WaymarkObject *dataset;
  gboolean done = FALSE;

  computation = g_task_propagate_pointer (G_TASK (result), &error);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  set_working (self, FALSE, NULL);
  show_notice (self, NULL, FALSE);

  dataset = waymark_document_lookup (self->document, job->dataset);
  if (computation != NULL && WAYMARK_IS_DATASET (dataset))
    {
      WaymarkMetric *metric = NULL;

      if (self->editing != NULL &&
          waymark_metric_update_computed (self->document, self->editing, WAYMARK_DATASET (dataset), job->name,
                                          job->definition, computation, &error))
        metric = self->editing;
      else if (self->editing == NULL)
        metric = waymark_metric_add_computed (self->document, WAYMARK_DATASET (dataset), job->name,
                                              job->definition, computation, &error);
      done = metric != NULL;
      /* One metric draws the curve: another that did no longer does. */
      if (done && job->definition->emotion_curve && waymark_edit_get_curve_metric (self->document) != NULL)
        waymark_edit_set_curve_metric (self->document, metric);
    }

  if (!done)
    {
      g_autoptr(GFile) file = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (error == NULL)
        g_set_error_literal (&error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("the dataset was deleted"));
      /* Errors about the source name its file; the others the metric. */
      if (!g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC))
        file = waymark_metric_source_get_file (job->source) ? g_object_ref (waymark_metric_source_get_file (job->source)) : NULL;
      show_preview_error (self, error->message, file);
      if (g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD) && WAYMARK_IS_DATASET (dataset))
        {
          g_autofree char *uri = NULL;

          g_object_get (dataset, "source", &uri, NULL);
          ask_password (self, uri, FALSE);
        }
      return;
    }

  message = g_strdup_printf (self->editing ? _("Metric “%s” saved") : _("Metric “%s” added"), job->name);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  g_clear_object (&self->editing);
  rebuild (self);
  show_page (self, "list");
  gtk_widget_grab_focus (self->new_button);
}

static void
commit_clicked_cb (WaymarkMetricsDialog *self)
{
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  WaymarkDataset *dataset = selected_dataset (self);
  WorkJob *job;

  if (dataset == NULL || !gtk_widget_get_sensitive (self->commit_button) || self->working)
    return;
  if (!(definition = build_definition (self, &error)))
    {
      show_preview_error (self, error->message, NULL);
      return;
    }

  /* The preview's pass is not reused: the engine checks the source again. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  set_busy (self, FALSE);

  job = g_new0 (WorkJob, 1);
  if (!(job->definition = waymark_metric_prepare (self->document, dataset, self->editing, name, definition, &error)))
    {
      g_autoptr(GFile) file = NULL;
      g_autofree char *source = NULL;

      work_job_free (job);
      if (!g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC))
        {
          g_object_get (dataset, "source", &source, NULL);
          file = source ? g_file_new_for_commandline_arg (source) : NULL;
        }
      show_preview_error (self, error->message, file);
      return;
    }
  job->source = waymark_metric_source_new (self->document, dataset);
  job->uris = waymark_secrets_database_uris (self->document);
  job->name = g_steal_pointer (&name);
  job->dataset = waymark_object_get_id (WAYMARK_OBJECT (dataset));

  set_working (self, TRUE, _("Computing the metric from its dataset…"));
  task = g_task_new (self, self->work_cancellable, commit_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) work_job_free);
  g_task_run_in_thread (task, commit_thread);
}

static void
refresh_clicked_cb (WaymarkMetricsDialog *self)
{
  waymark_metrics_dialog_refresh_all (self);
}

static void
notice_dismissed_cb (WaymarkMetricsDialog *self)
{
  if (self->working)
    {
      g_cancellable_cancel (self->work_cancellable);
      return;
    }
  show_notice (self, NULL, FALSE);
}

static void
import_clicked_cb (WaymarkMetricsDialog *self)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  /* The import wizard is the main window's; this dialog makes way for it. */
  if (parent != NULL)
    {
      g_object_ref (parent);
      gtk_window_destroy (GTK_WINDOW (self));
      gtk_widget_activate_action (GTK_WIDGET (parent), "doc.import-data", NULL);
      g_object_unref (parent);
    }
}

static void
escape_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0 &&
      waymark_document_get_items (self->document, WAYMARK_TYPE_DATASET)->len > 0)
    back_clicked_cb (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
waymark_metrics_dialog_dispose (GObject *object)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->work_cancellable);
  g_clear_handle_id (&self->preview_source, g_source_remove);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_METRICS_DIALOG);

  G_OBJECT_CLASS (waymark_metrics_dialog_parent_class)->dispose (object);
}

static void
waymark_metrics_dialog_finalize (GObject *object)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (object);

  g_clear_object (&self->document);
  g_clear_object (&self->editing);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->work_cancellable);
  g_clear_pointer (&self->dataset_ids, g_array_unref);
  g_clear_object (&self->dataset_names);
  g_clear_object (&self->column_names);
  g_clear_pointer (&self->column_types, g_hash_table_unref);
  g_clear_pointer (&self->filter_rows, g_ptr_array_unref);
  g_free (self->preview_error);
  g_free (self->notice);

  G_OBJECT_CLASS (waymark_metrics_dialog_parent_class)->finalize (object);
}

static void
waymark_metrics_dialog_class_init (WaymarkMetricsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_metrics_dialog_dispose;
  object_class->finalize = waymark_metrics_dialog_finalize;

  /* The resources live in a static library: naming them keeps them linked. */
  g_assert (waymark_get_resource () != NULL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-metrics-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, new_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, commit_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, notice_revealer);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, notice_icon);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, notice_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, notice_dismiss);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, metric_list);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, column_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, filter_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, add_filter_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, period_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, target_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, direction_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, good_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, warning_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, unit_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, curve_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, preview_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMetricsDialog, preview_list);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, commit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, notice_dismissed_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, metric_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, dataset_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_filter_clicked_cb);

  gtk_widget_class_install_action (widget_class, "metrics.escape", NULL, escape_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "metrics.escape", NULL);
}

static void
waymark_metrics_dialog_init (WaymarkMetricsDialog *self)
{
  self->dataset_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->dataset_names = gtk_string_list_new (NULL);
  self->column_names = gtk_string_list_new (NULL);
  self->column_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->filter_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (self->dataset_names));
  adw_combo_row_set_model (self->column_row, G_LIST_MODEL (self->column_names));
  gtk_list_box_set_placeholder (self->metric_list, NULL);
  {
    GtkWidget *placeholder = gtk_label_new (_("No metrics yet. Define one with New Metric."));

    gtk_widget_add_css_class (placeholder, "dim-label");
    gtk_widget_set_margin_top (placeholder, 18);
    gtk_widget_set_margin_bottom (placeholder, 18);
    gtk_widget_set_margin_start (placeholder, 12);
    gtk_widget_set_margin_end (placeholder, 12);
    gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
    gtk_list_box_set_placeholder (self->metric_list, placeholder);
  }
  set_busy (self, FALSE);
}

/**
 * waymark_metrics_dialog_new:
 * @parent: the window it is modal for
 * @document: the document whose metrics it shows
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
WaymarkMetricsDialog *
waymark_metrics_dialog_new (GtkWindow       *parent,
                            WaymarkDocument *document)
{
  WaymarkMetricsDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  self = g_object_new (WAYMARK_TYPE_METRICS_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->document = g_object_ref (document);
  g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);
  fill_datasets (self);
  rebuild (self);
  if (waymark_document_get_items (document, WAYMARK_TYPE_DATASET)->len > 0)
    show_page (self, "list");

  return self;
}

/**
 * waymark_metrics_dialog_new_metric:
 * @self: a dialog
 *
 * Shows the editor for a new metric, if the document has a dataset.
 */
void
waymark_metrics_dialog_new_metric (WaymarkMetricsDialog *self)
{
  g_return_if_fail (WAYMARK_IS_METRICS_DIALOG (self));

  if (waymark_document_get_items (self->document, WAYMARK_TYPE_DATASET)->len > 0)
    open_editor (self, NULL);
}

/**
 * waymark_metrics_dialog_edit_metric:
 * @self: a dialog
 * @metric: a metric of the dialog's document
 *
 * Shows the editor for @metric.
 */
void
waymark_metrics_dialog_edit_metric (WaymarkMetricsDialog *self,
                                    WaymarkMetric        *metric)
{
  g_return_if_fail (WAYMARK_IS_METRICS_DIALOG (self));
  g_return_if_fail (WAYMARK_IS_METRIC (metric));

  open_editor (self, metric);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  WorkJob *job = task_data;
  g_autoptr(GError) error = NULL;

  waymark_secrets_load (job->uris, cancellable);
  if (!waymark_metric_refresh_run (job->refresh, cancellable, NULL, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* A data file by its name; a database by who and where. */
static char *
source_name (const char *source)
{
  g_autoptr(GFile) file = NULL;

  if (waymark_postgres_is_uri (source))
    return waymark_postgres_describe_uri (source);
  file = g_file_new_for_commandline_arg (source ? source : "");
  return g_file_get_basename (file);
}

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WaymarkMetricsDialog *self = WAYMARK_METRICS_DIALOG (object);
  WorkJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *needs_password = NULL;
  gboolean stale = FALSE;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  set_working (self, FALSE, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_notice (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                         ? _("Refresh cancelled: nothing changed") : error->message, FALSE);
      return;
    }

  notices = waymark_metric_refresh_apply (job->refresh, self->document);
  for (guint i = 0; i < notices->len; i++)
    {
      WaymarkMetricNotice *notice = g_ptr_array_index (notices, i);
      g_autofree char *name = source_name (notice->source);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a data file, then what a refresh found, e.g.
       * “survey.csv”: changed since it was imported; its metrics were recomputed */
      g_string_append_printf (text, _("“%s”: %s"), name, notice->message);
      stale |= notice->stale;
      if (notice->needs_password && needs_password == NULL)
        needs_password = g_strdup (notice->source);
    }

  rebuild (self);
  if (text->len > 0)
    show_notice (self, text->str, stale);
  else
    {
      show_notice (self, NULL, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Every metric is up to date")));
    }
  if (needs_password != NULL)
    ask_password (self, needs_password, TRUE);
}

/**
 * waymark_metrics_dialog_refresh_all:
 * @self: a dialog
 *
 * Recomputes every metric from its dataset's recorded source, as one step,
 * and says what it found: a source that changed, one that is missing or
 * unreadable, columns that changed. Stale metrics keep their last values.
 */
void
waymark_metrics_dialog_refresh_all (WaymarkMetricsDialog *self)
{
  g_autoptr(GTask) task = NULL;
  WorkJob *job;

  g_return_if_fail (WAYMARK_IS_METRICS_DIALOG (self));

  if (waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC)->len == 0 || self->working)
    return;

  job = g_new0 (WorkJob, 1);
  job->refresh = waymark_metric_refresh_new (self->document, NULL);
  job->uris = waymark_secrets_database_uris (self->document);

  set_working (self, TRUE, _("Reading the datasets again…"));
  task = g_task_new (self, self->work_cancellable, refresh_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) work_job_free);
  g_task_run_in_thread (task, refresh_thread);
}

GtkWidget *
_waymark_metrics_dialog_get_widget (WaymarkMetricsDialog *self,
                                    const char           *id)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), NULL);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_METRICS_DIALOG, id));
}

const char *
_waymark_metrics_dialog_get_page (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
_waymark_metrics_dialog_is_working (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), FALSE);

  return self->working;
}

gboolean
_waymark_metrics_dialog_is_busy (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), FALSE);

  return self->busy;
}

guint
_waymark_metrics_dialog_get_n_preview (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), 0);

  return self->n_preview;
}

const char *
_waymark_metrics_dialog_get_preview_error (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), NULL);

  return self->preview_error;
}

const char *
_waymark_metrics_dialog_get_notice (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), NULL);

  return self->notice;
}

GtkWidget *
_waymark_metrics_dialog_add_filter (WaymarkMetricsDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_METRICS_DIALOG (self), NULL);

  return add_filter_row (self, NULL, NULL);
}
