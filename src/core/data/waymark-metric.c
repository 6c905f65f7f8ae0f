/* waymark-metric.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Metrics in the document: adding, editing and refreshing them, each one
 * step of the history (see HACKING.md, Metrics). */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-metric-private.h"
#include "waymark-document-private.h"
#include "waymark-error.h"
#include "waymark-import-private.h"
#include "waymark-postgres.h"

void
waymark_metric_notice_free (WaymarkMetricNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->source);
  g_free (notice->message);
  g_free (notice);
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static void
add_values (WaymarkDocument *document,
            gint64           metric_id,
            GPtrArray       *figures)
{
  for (guint i = 0; i < figures->len; i++)
    {
      WaymarkMetricFigure *figure = g_ptr_array_index (figures, i);

      waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                            "metric", metric_id,
                            "card", figure->card,
                            "stage", figure->stage,
                            "period", figure->period,
                            "value", figure->value,
                            "n", figure->n,
                            "excluded", figure->excluded,
                            "moe", figure->moe,
                            NULL);
    }
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

/* The first column the import typed as dates. */
static char *
detect_date_column (WaymarkDataset *dataset)
{
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = _waymark_metric_recorded_columns (dataset, types);

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_hash_table_lookup (types, g_ptr_array_index (names, i)), "date") == 0)
      return g_strdup (g_ptr_array_index (names, i));

  return NULL;
}

/**
 * waymark_metric_prepare:
 * @document: a document
 * @dataset: a dataset of @document
 * @metric: (nullable): the metric being edited, whose name may stay
 * @name: the metric's name
 * @definition: what it computes
 * @error: return location for a #GError
 *
 * Every check waymark_metric_add() and waymark_metric_update() make before
 * reading the source — the name, the definition, the recorded schema, a
 * file whose size changed — on the thread that owns @document. A period
 * without a date column takes the first column the import typed as dates.
 *
 * Returns: (transfer full): the definition to compute, or %NULL
 */
WaymarkMetricDefinition *
waymark_metric_prepare (WaymarkDocument                *document,
                        WaymarkDataset                 *dataset,
                        WaymarkMetric                  *metric,
                        const char                     *name,
                        const WaymarkMetricDefinition  *definition,
                        GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  WaymarkMetric *same_name;
  gint64 recorded_size = 0;

  if (name == NULL || name[strspn (name, " \t\n\r\f\v")] == '\0')
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("a metric needs a name"));
      return NULL;
    }
  if ((same_name = find_metric (document, name)) != NULL && same_name != metric)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the document already has a metric named “%s”; choose another name"), name);
      return NULL;
    }
  if (!waymark_metric_definition_validate (definition, error))
    return NULL;

  resolved = waymark_metric_definition_copy (definition);
  if (resolved->period != WAYMARK_PERIOD_NONE && resolved->date_column == NULL &&
      !(resolved->date_column = detect_date_column (dataset)))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("a metric split by period needs a column of dates, and the import found none"));
      return NULL;
    }

  /* The recorded schema answers for a missing column or a kind that does
   * not fit before a million rows are read; the pass checks again. */
  {
    g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) names = _waymark_metric_recorded_columns (dataset, types);
    if (names->len > 0)
      {
        g_ptr_array_add (names, NULL);
        if (!_waymark_metric_definition_fits (resolved, (const char * const *) names->pdata, types, error))
          return NULL;
      }
  }

  /* A different size is a changed file, known before reading it. */
  file = _waymark_metric_dataset_file (dataset);
  g_object_get (dataset, "size", &recorded_size, NULL);
  {
    g_autofree char *source = NULL;

    g_object_get (dataset, "source", &source, NULL);
    if (!waymark_postgres_is_uri (source))
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  }
  if (info != NULL && g_file_info_get_size (info) != recorded_size)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the file has changed since it was imported; refresh the dataset's metrics first"));
      return NULL;
    }

  return g_steal_pointer (&resolved);
}

/* A pass of one definition that may be stored: from the recorded source, with its own value. */
static gboolean
check_computation (WaymarkMetricComputation  *computation,
                   GError                   **error)
{
  const GError *failure;

  if (computation->changed)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the file has changed since it was imported; refresh the dataset's metrics first"));
      return FALSE;
    }
  if ((failure = waymark_metric_computation_get_error (computation, 0)) != NULL)
    {
      g_propagate_error (error, g_error_copy (failure));
      return FALSE;
    }
  return TRUE;
}

/* What waymark_metric_add() and waymark_metric_update() share: every
 * check, then the pass; the document is not changed. */
static WaymarkMetricComputation *
compute_new_definition (WaymarkDocument                *document,
                        WaymarkDataset                 *dataset,
                        WaymarkMetric                  *metric,
                        const char                     *name,
                        const WaymarkMetricDefinition  *definition,
                        WaymarkMetricDefinition       **resolved_out,
                        GCancellable                   *cancellable,
                        GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;

  if (!(resolved = waymark_metric_prepare (document, dataset, metric, name, definition, error)))
    return NULL;
  computation = waymark_metric_compute (document, dataset, &resolved, 1, cancellable, NULL, NULL, error);
  if (computation == NULL || !check_computation (computation, error))
    return NULL;

  *resolved_out = g_steal_pointer (&resolved);
  return g_steal_pointer (&computation);
}

/**
 * waymark_metric_add:
 * @document: a document
 * @dataset: a dataset of @document
 * @name: the metric's name, unique in @document
 * @definition: what it computes; a period without a date column takes the
 *   first column the import typed as dates
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Defines a metric and computes it from the dataset's source for every
 * bound card and stage, as one undoable step (“Add Metric”), or not at
 * all: a missing or changed source, a column that does not exist, a kind
 * that does not fit the column, filters no row passes are errors
 * (%WAYMARK_ERROR_IMPORT, %G_IO_ERROR: about the source; or
 * %WAYMARK_ERROR_METRIC: about the definition or the document) and leave
 * @document unchanged.
 *
 * Returns: (transfer none): the new metric, or %NULL
 */
WaymarkMetric *
waymark_metric_add (WaymarkDocument                *document,
                    WaymarkDataset                 *dataset,
                    const char                     *name,
                    const WaymarkMetricDefinition  *definition,
                    GCancellable                   *cancellable,
                    GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);
  g_return_val_if_fail (definition != NULL, NULL);

  computation = compute_new_definition (document, dataset, NULL, name, definition, &resolved, cancellable, error);
  if (computation == NULL)
    return NULL;

  return waymark_metric_add_computed (document, dataset, name, resolved, computation, error);
}

/**
 * waymark_metric_add_computed:
 * @document: a document
 * @dataset: a dataset of @document
 * @name: the metric's name
 * @resolved: a definition from waymark_metric_prepare()
 * @computation: its pass, from waymark_metric_source_compute() (on any thread)
 * @error: return location for a #GError
 *
 * The last step of waymark_metric_add(), for a pass made on another thread.
 *
 * Returns: (transfer none): the new metric, or %NULL
 */
WaymarkMetric *
waymark_metric_add_computed (WaymarkDocument                *document,
                             WaymarkDataset                 *dataset,
                             const char                     *name,
                             const WaymarkMetricDefinition  *resolved,
                             WaymarkMetricComputation       *computation,
                             GError                        **error)
{
  g_autofree char *json = NULL;
  g_autofree char *stamp = NULL;
  WaymarkObject *metric;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (resolved != NULL && computation != NULL, NULL);

  if (!check_computation (computation, error))
    return NULL;

  json = waymark_metric_definition_to_json (resolved);
  stamp = now_iso8601 ();

  /* Translators: an undo label */
  waymark_document_begin (document, _("Add Metric"));
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC,
                                 "name", name,
                                 "kind", waymark_metric_kind_to_string (resolved->kind),
                                 "dataset", waymark_object_get_id (WAYMARK_OBJECT (dataset)),
                                 "column-name", resolved->column,
                                 "definition", json,
                                 "status", "",
                                 "computed", stamp,
                                 NULL);
  add_values (document, waymark_object_get_id (metric), waymark_metric_computation_get_figures (computation, 0));
  waymark_document_end (document);

  return WAYMARK_METRIC (metric);
}

/**
 * waymark_metric_update:
 * @document: a document
 * @metric: a metric of @document
 * @dataset: a dataset of @document, the metric's or another
 * @name: the metric's name, unique in @document
 * @definition: what it computes now
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a metric's name, dataset and definition and replaces its values
 * with newly computed ones, as one undoable step (“Edit Metric”). The
 * metric keeps its id, so what refers to it still does. Fails as
 * waymark_metric_add() does, and then changes nothing.
 *
 * Returns: whether @metric was changed
 */
gboolean
waymark_metric_update (WaymarkDocument                *document,
                       WaymarkMetric                  *metric,
                       WaymarkDataset                 *dataset,
                       const char                     *name,
                       const WaymarkMetricDefinition  *definition,
                       GCancellable                   *cancellable,
                       GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (WAYMARK_IS_METRIC (metric), FALSE);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (metric)) == document, FALSE);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, FALSE);
  g_return_val_if_fail (definition != NULL, FALSE);

  computation = compute_new_definition (document, dataset, metric, name, definition, &resolved, cancellable, error);
  if (computation == NULL)
    return FALSE;

  return waymark_metric_update_computed (document, metric, dataset, name, resolved, computation, error);
}

/**
 * waymark_metric_update_computed:
 * @document: a document
 * @metric: a metric of @document
 * @dataset: a dataset of @document
 * @name: the metric's name
 * @resolved: a definition from waymark_metric_prepare()
 * @computation: its pass, from waymark_metric_source_compute() (on any thread)
 * @error: return location for a #GError
 *
 * The last step of waymark_metric_update(), for a pass made on another thread.
 *
 * Returns: whether @metric was changed
 */
gboolean
waymark_metric_update_computed (WaymarkDocument                *document,
                                WaymarkMetric                  *metric,
                                WaymarkDataset                 *dataset,
                                const char                     *name,
                                const WaymarkMetricDefinition  *resolved,
                                WaymarkMetricComputation       *computation,
                                GError                        **error)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autofree char *json = NULL;
  g_autofree char *stamp = NULL;
  GPtrArray *values;
  gint64 metric_id;

  g_return_val_if_fail (WAYMARK_IS_METRIC (metric), FALSE);
  g_return_val_if_fail (resolved != NULL && computation != NULL, FALSE);

  if (!check_computation (computation, error))
    return FALSE;

  json = waymark_metric_definition_to_json (resolved);
  stamp = now_iso8601 ();
  metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    if (waymark_metric_value_get_metric (g_ptr_array_index (values, i)) == metric_id)
      g_ptr_array_add (doomed, g_ptr_array_index (values, i));

  /* Translators: an undo label */
  waymark_document_begin (document, _("Edit Metric"));
  waymark_document_set (document, metric,
                        "name", name,
                        "kind", waymark_metric_kind_to_string (resolved->kind),
                        "dataset", waymark_object_get_id (WAYMARK_OBJECT (dataset)),
                        "column-name", resolved->column,
                        "definition", json,
                        "status", "",
                        "computed", stamp,
                        NULL);
  _waymark_document_remove_all (document, doomed, NULL);
  add_values (document, metric_id, waymark_metric_computation_get_figures (computation, 0));
  waymark_document_end (document);

  return TRUE;
}

static WaymarkMetricNotice *
notice_new (WaymarkDataset *dataset,
            WaymarkMetric  *metric,
            gboolean        stale,
            char           *message)
{
  WaymarkMetricNotice *notice = g_new0 (WaymarkMetricNotice, 1);

  notice->dataset = waymark_object_get_id (WAYMARK_OBJECT (dataset));
  notice->metric = metric ? waymark_object_get_id (WAYMARK_OBJECT (metric)) : 0;
  notice->stale = stale;
  g_object_get (dataset, "source", &notice->source, NULL);
  notice->message = message;

  return notice;
}

static void
mark_stale (WaymarkDocument *document,
            WaymarkMetric   *metric,
            const char      *reason)
{
  waymark_document_set (document, metric, "status", reason, NULL);
}

/* What changed in the columns, in words; NULL if nothing did. */
static char *
describe_column_changes (const char * const *columns,
                         GPtrArray          *recorded)
{
  g_autoptr(GString) removed = g_string_new (NULL);
  g_autoptr(GString) added = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < recorded->len; i++)
    if (_waymark_metric_find_column (columns, g_ptr_array_index (recorded, i)) < 0)
      g_string_append_printf (removed, "%s%s", removed->len ? ", " : "", (char *) g_ptr_array_index (recorded, i));
  for (guint i = 0; columns[i]; i++)
    {
      gboolean known = FALSE;

      for (guint r = 0; r < recorded->len && !known; r++)
        known = g_str_equal (columns[i], g_ptr_array_index (recorded, r));
      if (!known)
        g_string_append_printf (added, "%s%s", added->len ? ", " : "", columns[i]);
    }

  if (removed->len > 0)
    g_string_append_printf (text, _("columns removed: %s"), removed->str);
  if (removed->len > 0 && added->len > 0)
    g_string_append (text, "; ");
  if (added->len > 0)
    g_string_append_printf (text, _("columns added: %s"), added->str);

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

typedef struct
{
  WaymarkDataset           *dataset;
  GPtrArray                *metrics;      /* WaymarkMetric whose definitions could be read */
  GPtrArray                *definitions;  /* WaymarkMetricDefinition, in step */
  WaymarkMetricSource      *source;       /* what the pass needs, copied for another thread */
  WaymarkMetricComputation *computation;
  GError                   *error;        /* the source could not be read */
} DatasetWork;

struct _WaymarkMetricRefresh
{
  GPtrArray *work;                /* DatasetWork, one per dataset */
  GPtrArray *unreadable;          /* why each of unreadable_metrics cannot be read */
  GPtrArray *unreadable_metrics;  /* WaymarkMetric */
  guint      n_metrics;
};

static void
dataset_work_free (DatasetWork *work)
{
  g_object_unref (work->dataset);
  g_ptr_array_unref (work->metrics);
  g_ptr_array_unref (work->definitions);
  g_clear_pointer (&work->source, waymark_metric_source_unref);
  g_clear_pointer (&work->computation, waymark_metric_computation_free);
  g_clear_error (&work->error);
  g_free (work);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = waymark_object_get_id (*(WaymarkObject **) a);
  gint64 y = waymark_object_get_id (*(WaymarkObject **) b);

  return (x > y) - (x < y);
}

static void
apply_dataset (WaymarkDocument *document,
               DatasetWork     *work,
               GPtrArray       *notices,
               const char      *stamp)
{
  WaymarkMetricComputation *computation = work->computation;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autoptr(GHashTable) recomputed = g_hash_table_new (NULL, NULL);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  g_autofree char *source = NULL;

  g_object_get (work->dataset, "source", &source, NULL);

  if (computation == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("cannot read “%s”: %s"), source, work->error->message);

      for (guint i = 0; i < work->metrics->len; i++)
        mark_stale (document, g_ptr_array_index (work->metrics, i), reason);
      g_ptr_array_add (notices, notice_new (work->dataset, NULL, TRUE, g_strdup (work->error->message)));
      ((WaymarkMetricNotice *) g_ptr_array_index (notices, notices->len - 1))->needs_password =
        g_error_matches (work->error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD);
      return;
    }

  if (computation->server_time != NULL)
    {
      /* A database: when it was read, by its clock, and how many rows it had. */
      waymark_document_set (document, work->dataset,
                            "row-count", (gint64) computation->rows,
                            "imported", computation->server_time,
                            NULL);
      if (computation->columns_json != NULL)
        {
          g_autoptr(GPtrArray) recorded = _waymark_metric_recorded_columns (work->dataset, NULL);
          g_autofree char *columns = describe_column_changes ((const char * const *) computation->columns, recorded);

          waymark_document_set (document, work->dataset, "columns", computation->columns_json, NULL);
          if (columns != NULL)
            g_ptr_array_add (notices, notice_new (work->dataset, NULL, FALSE,
                                                  /* Translators: %s lists columns added and removed */
                                                  g_strdup_printf (_("its columns changed (%s)"), columns)));
        }
    }
  else if (computation->changed)
    {
      g_autoptr(GPtrArray) recorded = _waymark_metric_recorded_columns (work->dataset, NULL);
      g_autofree char *columns = describe_column_changes ((const char * const *) computation->columns, recorded);

      waymark_document_set (document, work->dataset,
                            "sha256", computation->sha256,
                            "size", (gint64) computation->size,
                            "row-count", (gint64) computation->rows,
                            "imported", stamp,
                            NULL);
      if (computation->columns_json != NULL)
        waymark_document_set (document, work->dataset, "columns", computation->columns_json, NULL);

      g_ptr_array_add (notices,
                       notice_new (work->dataset, NULL, FALSE,
                                   columns != NULL
                                   ? g_strdup_printf (_("changed since it was imported (%s); its metrics were recomputed"), columns)
                                   : g_strdup (_("changed since it was imported; its metrics were recomputed"))));
    }

  for (guint i = 0; i < work->metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (work->metrics, i);
      const GError *failure = waymark_metric_computation_get_error (computation, i);

      if (failure != NULL)
        {
          mark_stale (document, metric, failure->message);
          g_ptr_array_add (notices,
                           notice_new (work->dataset, metric, TRUE,
                                       /* Translators: metric “NPS”: no column named “Score” (columns: …) */
                                       g_strdup_printf (_("metric “%s”: %s"), waymark_metric_get_name (metric), failure->message)));
          continue;
        }
      g_hash_table_add (recomputed, GINT_TO_POINTER (waymark_object_get_id (WAYMARK_OBJECT (metric))));
    }

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (g_hash_table_contains (recomputed, GINT_TO_POINTER (waymark_metric_value_get_metric (value))))
        g_ptr_array_add (doomed, value);
    }
  _waymark_document_remove_all (document, doomed, NULL);

  for (guint i = 0; i < work->metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (work->metrics, i);
      GPtrArray *figures = waymark_metric_computation_get_figures (computation, i);

      if (figures == NULL)
        continue;
      add_values (document, waymark_object_get_id (WAYMARK_OBJECT (metric)), figures);
      waymark_document_set (document, metric, "status", "", "computed", stamp, NULL);
    }
}

void
waymark_metric_refresh_free (WaymarkMetricRefresh *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->work);
  g_ptr_array_unref (self->unreadable);
  g_ptr_array_unref (self->unreadable_metrics);
  g_free (self);
}

/**
 * waymark_metric_refresh_new:
 * @document: a document
 * @metrics: (nullable) (element-type WaymarkMetric): the metrics to
 *   recompute, or %NULL for every one
 *
 * The first step of waymark_metric_refresh(), on the thread that owns
 * @document: what each dataset's pass needs, copied, so that
 * waymark_metric_refresh_run() may read the sources on another thread.
 *
 * Returns: (transfer full): the refresh
 */
WaymarkMetricRefresh *
waymark_metric_refresh_new (WaymarkDocument *document,
                            GPtrArray       *metrics)
{
  WaymarkMetricRefresh *self;
  g_autoptr(GPtrArray) chosen = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  self = g_new0 (WaymarkMetricRefresh, 1);
  self->work = g_ptr_array_new_with_free_func ((GDestroyNotify) dataset_work_free);
  self->unreadable = g_ptr_array_new_with_free_func (g_free);
  self->unreadable_metrics = g_ptr_array_new_with_free_func (g_object_unref);

  chosen = g_ptr_array_new ();
  g_ptr_array_extend (chosen, metrics ? metrics : waymark_document_get_items (document, WAYMARK_TYPE_METRIC), NULL, NULL);
  g_ptr_array_sort (chosen, compare_ids);
  self->n_metrics = chosen->len;

  for (guint i = 0; i < chosen->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (chosen, i);
      WaymarkObject *dataset = waymark_document_lookup (document, waymark_metric_get_dataset (metric));
      g_autoptr(GError) local_error = NULL;
      WaymarkMetricDefinition *definition;
      DatasetWork *entry = NULL;

      g_return_val_if_fail (WAYMARK_IS_METRIC (metric), self);
      g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), self);

      if (!(definition = waymark_metric_dup_definition (metric, &local_error)))
        {
          g_ptr_array_add (self->unreadable_metrics, g_object_ref (metric));
          g_ptr_array_add (self->unreadable, g_strdup (local_error->message));
          continue;
        }

      for (guint w = 0; w < self->work->len && entry == NULL; w++)
        if (((DatasetWork *) g_ptr_array_index (self->work, w))->dataset == WAYMARK_DATASET (dataset))
          entry = g_ptr_array_index (self->work, w);
      if (entry == NULL)
        {
          entry = g_new0 (DatasetWork, 1);
          entry->dataset = g_object_ref (WAYMARK_DATASET (dataset));
          entry->metrics = g_ptr_array_new_with_free_func (g_object_unref);
          entry->definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_definition_free);
          entry->source = waymark_metric_source_new (document, WAYMARK_DATASET (dataset));
          g_ptr_array_add (self->work, entry);
        }
      g_ptr_array_add (entry->metrics, g_object_ref (metric));
      g_ptr_array_add (entry->definitions, definition);
    }

  return self;
}

/**
 * waymark_metric_refresh_run:
 * @self: a refresh
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called now and then with the datasets done and their number
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Reads each dataset's source once for all its metrics. Safe on any
 * thread; the document is not touched. A source that cannot be read is
 * not an error here: waymark_metric_refresh_apply() marks its metrics stale.
 *
 * Returns: %FALSE with @error only when cancelled
 */
gboolean
waymark_metric_refresh_run (WaymarkMetricRefresh   *self,
                            GCancellable           *cancellable,
                            WaymarkImportProgress   progress,
                            gpointer                user_data,
                            GError                **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint w = 0; w < self->work->len; w++)
    {
      DatasetWork *entry = g_ptr_array_index (self->work, w);

      if (progress != NULL)
        progress (w, self->work->len, user_data);
      g_clear_pointer (&entry->computation, waymark_metric_computation_free);
      g_clear_error (&entry->error);
      entry->computation = waymark_metric_source_compute (entry->source,
                                                          (WaymarkMetricDefinition * const *) entry->definitions->pdata,
                                                          entry->definitions->len, cancellable, NULL, NULL, &entry->error);
      if (entry->computation == NULL && g_error_matches (entry->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&entry->error));
          return FALSE;
        }
    }
  if (progress != NULL)
    progress (self->work->len, self->work->len, user_data);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/**
 * waymark_metric_refresh_apply:
 * @self: a refresh that ran
 * @document: the document it was made from
 *
 * Replaces the metrics' values, as one undoable step (“Compute Metric”),
 * on the thread that owns @document. Metrics deleted meanwhile are left out.
 *
 * Returns: (transfer container) (element-type WaymarkMetricNotice): the
 *   notices, in the order of the datasets
 */
GPtrArray *
waymark_metric_refresh_apply (WaymarkMetricRefresh *self,
                              WaymarkDocument      *document)
{
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_notice_free);
  g_autofree char *stamp = now_iso8601 ();

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  /* Translators: an undo label */
  waymark_document_begin (document, g_dngettext (GETTEXT_PACKAGE, "Compute Metric", "Compute Metrics", self->n_metrics));

  for (guint w = 0; w < self->work->len; w++)
    {
      DatasetWork *entry = g_ptr_array_index (self->work, w);
      gboolean present = waymark_document_lookup (document, waymark_object_get_id (WAYMARK_OBJECT (entry->dataset))) ==
                         WAYMARK_OBJECT (entry->dataset);

      for (guint i = 0; present && i < entry->metrics->len; i++)
        present = waymark_document_lookup (document, waymark_object_get_id (g_ptr_array_index (entry->metrics, i))) ==
                  g_ptr_array_index (entry->metrics, i);
      if (present && (entry->computation != NULL || entry->error != NULL))
        apply_dataset (document, entry, notices, stamp);
    }

  for (guint i = 0; i < self->unreadable_metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (self->unreadable_metrics, i);
      WaymarkDataset *dataset = WAYMARK_DATASET (waymark_document_lookup (document, waymark_metric_get_dataset (metric)));

      if (dataset == NULL)
        continue;
      mark_stale (document, metric, g_ptr_array_index (self->unreadable, i));
      g_ptr_array_add (notices,
                       notice_new (dataset, metric, TRUE,
                                   g_strdup_printf (_("metric “%s”: %s"), waymark_metric_get_name (metric),
                                                    (char *) g_ptr_array_index (self->unreadable, i))));
    }

  waymark_document_end (document);

  return g_steal_pointer (&notices);
}

/**
 * waymark_metric_refresh:
 * @document: a document
 * @metrics: (nullable) (element-type WaymarkMetric): the metrics to
 *   recompute, or %NULL for every one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads each dataset's recorded source again (once for all its metrics)
 * and replaces the metrics' values, as one undoable step (“Compute
 * Metric”). A source whose SHA-256 changed is recomputed, its record
 * (checksum, size, rows, columns) brought up to date and a notice says so;
 * a database's refresh records its clock and row count. A source that
 * cannot be read, or a metric whose columns are gone or whose definition
 * no longer fits, keeps its last values and its status says why (a stale
 * notice). waymark_metric_refresh_new(), _run() and _apply() do the same
 * in steps, for reading on another thread.
 *
 * Returns: (transfer container) (element-type WaymarkMetricNotice): the
 *   notices, in the order of the datasets; %NULL with @error only when
 *   cancelled, and then nothing changed
 */
GPtrArray *
waymark_metric_refresh (WaymarkDocument  *document,
                        GPtrArray        *metrics,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(WaymarkMetricRefresh) refresh = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  /* Everything is read before anything changes, so that a cancelled
   * refresh leaves the document as it was. */
  refresh = waymark_metric_refresh_new (document, metrics);
  if (!waymark_metric_refresh_run (refresh, cancellable, NULL, NULL, error))
    return NULL;

  return waymark_metric_refresh_apply (refresh, document);
}
