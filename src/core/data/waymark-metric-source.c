/* waymark-metric-source.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* What a pass over a dataset's source needs from the document, copied so
 * that the pass may run on another thread. */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "waymark-metric-private.h"
#include "waymark-import-private.h"

void
_waymark_metric_free_array (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

int
_waymark_metric_find_column (const char * const *columns,
                             const char         *name)
{
  for (int i = 0; columns[i]; i++)
    if (g_str_equal (columns[i], name))
      return i;

  return -1;
}

/* The dataset's record: the columns and their types as imported. */
GPtrArray *
_waymark_metric_recorded_columns (WaymarkDataset *dataset,
                                  GHashTable     *types)
{
  g_autoptr(GArray) columns = waymark_dataset_dup_columns (dataset);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < columns->len; i++)
    {
      const WaymarkDatasetColumn *column = &g_array_index (columns, WaymarkDatasetColumn, i);

      g_ptr_array_add (names, g_strdup (column->name));
      if (types != NULL && *column->type != '\0')
        g_hash_table_insert (types, g_strdup (column->name), g_strdup (column->type));
    }

  return names;
}

/* How the import read the file, so that it is read the same way again. */
static void
read_recipe (WaymarkMetricSource *self,
             WaymarkDataset      *dataset)
{
  WaymarkTableOptions *options = &self->options;
  char **key = &self->key;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonNode *root;

  options->sheet = NULL;
  options->encoding = NULL;
  options->delimiter = 0;
  options->header_rows = -1;
  *key = NULL;

  g_object_get (dataset, "recipe", &json, NULL);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  {
    JsonObject *recipe = json_node_get_object (root);
    const char *delimiter = json_object_get_string_member_with_default (recipe, "delimiter", NULL);
    JsonNode *header_rows = json_object_get_member (recipe, "header_rows");

    options->sheet = g_strdup (json_object_get_string_member_with_default (recipe, "sheet", NULL));
    options->encoding = g_strdup (json_object_get_string_member_with_default (recipe, "encoding", NULL));
    if (delimiter != NULL && strlen (delimiter) == 1)
      options->delimiter = delimiter[0];
    if (header_rows != NULL && JSON_NODE_HOLDS_VALUE (header_rows) &&
        (json_node_get_value_type (header_rows) == G_TYPE_INT64 || json_node_get_value_type (header_rows) == G_TYPE_DOUBLE))
      options->header_rows = CLAMP ((int) json_node_get_int (header_rows), -1, WAYMARK_TABLE_MAX_HEADER_ROWS);
    *key = g_strdup (json_object_get_string_member_with_default (recipe, "key", NULL));

    if (g_strcmp0 (json_object_get_string_member_with_default (recipe, "format", NULL), "postgresql") == 0)
      {
        g_object_get (dataset, "source", &self->uri, NULL);
        self->table = g_strdup (json_object_get_string_member_with_default (recipe, "table", NULL));
        self->query = g_strdup (json_object_get_string_member_with_default (recipe, "query", NULL));
      }
  }
}

GFile *
_waymark_metric_dataset_file (WaymarkDataset *dataset)
{
  g_autofree char *source = NULL;

  g_object_get (dataset, "source", &source, NULL);
  if (source != NULL && strstr (source, "://") != NULL)
    return g_file_new_for_uri (source);
  return g_file_new_for_path (source ? source : "");
}

gboolean
_waymark_metric_same_columns (const char * const *columns,
                              GPtrArray          *recorded)
{
  if (g_strv_length ((GStrv) columns) != recorded->len)
    return FALSE;

  for (guint i = 0; i < recorded->len; i++)
    if (!g_str_equal (columns[i], g_ptr_array_index (recorded, i)))
      return FALSE;

  return TRUE;
}

static void
source_clear (WaymarkMetricSource *self)
{
  g_clear_pointer (&self->cards_by_key, g_hash_table_unref);
  g_clear_object (&self->file);
  waymark_table_options_clear (&self->options);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->recorded, g_ptr_array_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_clear_pointer (&self->recorded_sha256, g_free);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->table, g_free);
  g_clear_pointer (&self->query, g_free);
}

/**
 * waymark_metric_source_new:
 * @document: the document whose cards the rows bind to
 * @dataset: a dataset of @document
 *
 * Copies what a pass over @dataset's source needs from @document — the
 * cards' keys, stages and ids, the dataset's file, recipe, recorded columns
 * and checksum — so that waymark_metric_source_compute() may run on
 * another thread while the document changes. Call it on the thread that
 * owns @document.
 *
 * Returns: (transfer full): the source
 */
WaymarkMetricSource *
waymark_metric_source_new (WaymarkDocument *document,
                           WaymarkDataset  *dataset)
{
  WaymarkMetricSource *self;
  GPtrArray *cards;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);

  self = g_atomic_rc_box_new0 (WaymarkMetricSource);
  self->cards_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _waymark_metric_free_array);

  cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      g_autofree char *folded = _waymark_import_fold_key (waymark_card_get_title (card));
      WaymarkMetricGroup group = { waymark_object_get_id (WAYMARK_OBJECT (card)), waymark_card_get_stage (card) };
      GArray *same;

      if (folded[0] == '\0')
        continue;
      if (!(same = g_hash_table_lookup (self->cards_by_key, folded)))
        {
          same = g_array_new (FALSE, FALSE, sizeof (WaymarkMetricGroup));
          g_hash_table_insert (self->cards_by_key, g_steal_pointer (&folded), same);
        }
      g_array_append_val (same, group);
    }

  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recorded = _waymark_metric_recorded_columns (dataset, self->types);
  g_object_get (dataset, "sha256", &self->recorded_sha256, NULL);
  read_recipe (self, dataset);
  if (self->uri == NULL)
    self->file = _waymark_metric_dataset_file (dataset);

  return self;
}

WaymarkMetricSource *
waymark_metric_source_ref (WaymarkMetricSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
waymark_metric_source_unref (WaymarkMetricSource *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) source_clear);
}

/**
 * waymark_metric_source_get_file:
 * @self: a source
 *
 * Returns: (transfer none) (nullable): the file the dataset was imported
 *   from; %NULL for a database
 */
GFile *
waymark_metric_source_get_file (WaymarkMetricSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->file;
}

/**
 * waymark_metric_compute:
 * @document: the document whose cards the rows bind to
 * @dataset: a dataset of @document
 * @definitions: (array length=n_definitions): what to compute
 * @n_definitions: how many
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called now and then with bytes done and total
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * waymark_metric_source_compute() on waymark_metric_source_new(), on the
 * thread that owns @document. The document is not changed.
 *
 * Returns: (transfer full): the computation, or %NULL if the source could
 *   not be read (@error says why; it does not name the file)
 */
WaymarkMetricComputation *
waymark_metric_compute (WaymarkDocument                 *document,
                        WaymarkDataset                  *dataset,
                        WaymarkMetricDefinition * const *definitions,
                        guint                            n_definitions,
                        GCancellable                    *cancellable,
                        WaymarkImportProgress            progress,
                        gpointer                         user_data,
                        GError                         **error)
{
  WaymarkMetricSource *source;
  WaymarkMetricComputation *computation;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);
  g_return_val_if_fail (definitions != NULL || n_definitions == 0, NULL);

  source = waymark_metric_source_new (document, dataset);
  computation = waymark_metric_source_compute (source, definitions, n_definitions,
                                               cancellable, progress, user_data, error);
  waymark_metric_source_unref (source);

  return computation;
}
