/* waymark-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "waymark-cli.h"
#include "waymark-core.h"

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int command_new (int argc, char **argv);
static int command_info (int argc, char **argv);
static int command_generate (int argc, char **argv);
static int command_export (int argc, char **argv);
static int command_thumbnail (int argc, char **argv);
static int command_data (int argc, char **argv);
static int command_metric (int argc, char **argv);

static const Command commands[] = {
  { "new", N_("OUT.waymark"), N_("Create a new document, optionally from a template"), command_new },
  { "info", N_("DOC.waymark"), N_("Show everything in a document"), command_info },
  { "generate", N_("OUT.waymark"), N_("Create a synthetic map for benchmarks and tests"), command_generate },
  { "export", N_("DOC.waymark -o OUT"), N_("Export a map as PDF, SVG, PNG or a web page (HTML)"), command_export },
  { "thumbnail", N_("DOC.waymark OUT.png"), N_("Write a small preview of a map, for file managers"), command_thumbnail },
  { "data", N_("preview|import …"), N_("Show a data file as a table, or import it into a document"), command_data },
  { "metric", N_("add|refresh …"), N_("Define a metric on a dataset, or recompute every metric"), command_metric },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: waymark-cli COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].parameters));

      glong width = g_utf8_strlen (left, -1);

      /* Padded by characters, not bytes: “…” and translations are multi-byte. */
      fprintf (stream, "  %s%*s %s\n", left, (int) MAX (0, 30 - width), "", _(commands[i].summary));
    }
  fprintf (stream, "\n%s\n", _("Run “waymark-cli COMMAND --help” for the options of a command."));
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = NULL;

  g_printerr ("waymark-cli: %s\n", message);
  if (context != NULL)
    {
      help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }
  else
    print_usage (stderr);

  return WAYMARK_CLI_EXIT_USAGE;
}

/* One line on stderr naming the file and the reason. */
static int
fail (const char   *path,
      const GError *error)
{
  /* Translators: after a file's possible encodings; --encoding stays as it is */
  const char *hint = g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_ENCODING) ? _("; say which with --encoding") : "";

  if (path != NULL)
    g_printerr ("waymark-cli: %s: %s%s\n", path, error->message, hint);
  else
    g_printerr ("waymark-cli: %s%s\n", error->message, hint);

  return WAYMARK_CLI_EXIT_ERROR;
}

/* What an export wants its reader to know, as a note after the file's name. */
static void
export_note_cb (const char *note,
                gpointer    user_data)
{
  g_printerr ("waymark-cli: %s: %s\n", (const char *) user_data, note);
}

/* Parses the options of one command. Returns -1 to go on, or an exit code. */
static int
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (context, error->message);

  return -1;
}

static int
command_new (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *templates_text = NULL;
  g_autofree char *description = NULL;
  gboolean force = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("Start from a template"), N_("NAME") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The document title"), N_("T") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace OUT if it exists"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("OUT.waymark — create a new document"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  templates_text = g_strjoinv (", ", (char **) waymark_store_list_templates ());
  description = g_strdup_printf (_("Templates: %s"), templates_text);
  g_option_context_set_description (context, description);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("new: missing OUT.waymark")
                                          : _("new: too many arguments"));

  file = g_file_new_for_commandline_arg (argv[1]);

  if (!force && g_file_query_exists (file, NULL))
    {
      g_printerr (_("waymark-cli: %s: already exists (use --force to replace it)\n"), argv[1]);
      return WAYMARK_CLI_EXIT_ERROR;
    }

  if (!(document = waymark_store_new_document (template_name, title, &error)))
    return fail (NULL, error);

  if (!waymark_store_save (document, file, &error))
    return fail (argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
}

static WaymarkDocument *
load_document (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return waymark_store_open (file, error);
}

static void
add_int_member (JsonBuilder *builder,
                const char  *name,
                gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_number_or_null (JsonBuilder *builder,
                    const char  *name,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/* Each metric's smallest n that is not low-confidence, by metric id. */
static GHashTable *
collect_min_n (WaymarkDocument *document)
{
  GHashTable *min_n = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);

  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);
      const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (metric));

      g_hash_table_insert (min_n, g_memdup2 (&id, sizeof id),
                           GINT_TO_POINTER (definition ? definition->min_n : WAYMARK_METRIC_DEFAULT_MIN_N));
    }

  return min_n;
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  WaymarkMetricValue *x = *(WaymarkMetricValue **) a;
  WaymarkMetricValue *y = *(WaymarkMetricValue **) b;
  gint64 mx = waymark_metric_value_get_metric (x), my = waymark_metric_value_get_metric (y);

  if (mx != my)
    return mx < my ? -1 : 1;
  return strcmp (waymark_metric_value_get_period (x), waymark_metric_value_get_period (y));
}

static void
add_value_members (JsonBuilder        *builder,
                   WaymarkMetricValue *value,
                   GHashTable         *min_n)
{
  gint64 metric = waymark_metric_value_get_metric (value);

  add_number_or_null (builder, "value", waymark_metric_value_get_value (value));
  add_int_member (builder, "n", waymark_metric_value_get_n (value));
  add_int_member (builder, "excluded", waymark_metric_value_get_excluded (value));
  add_number_or_null (builder, "moe", waymark_metric_value_get_moe (value));
  json_builder_set_member_name (builder, "low_confidence");
  json_builder_add_boolean_value (builder, waymark_metric_value_get_n (value) < GPOINTER_TO_INT (g_hash_table_lookup (min_n, &metric)));
}

/* A card's or stage's values: per metric the whole time, and its periods
 * in order when it has them. */
static void
add_metric_values (JsonBuilder     *builder,
                   WaymarkDocument *document,
                   GHashTable      *values_by_owner,
                   GHashTable      *min_n,
                   gint64           owner)
{
  GPtrArray *values = g_hash_table_lookup (values_by_owner, &owner);

  if (values != NULL)
    g_ptr_array_sort (values, compare_values);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && i < values->len;)
    {
      WaymarkMetricValue *first = g_ptr_array_index (values, i);
      gint64 metric_id = waymark_metric_value_get_metric (first);
      WaymarkMetric *metric = WAYMARK_METRIC (waymark_document_lookup (document, metric_id));
      guint end = i;

      while (end < values->len && waymark_metric_value_get_metric (g_ptr_array_index (values, end)) == metric_id)
        end++;

      json_builder_begin_object (builder);
      add_string_member (builder, "metric", waymark_metric_get_name (metric));
      add_string_member (builder, "kind", waymark_metric_get_kind (metric));
      if (waymark_metric_value_get_period (first)[0] == '\0')
        {
          add_value_members (builder, first, min_n);
          i++;
        }
      else
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_null_value (builder);
          add_int_member (builder, "n", 0);
        }
      if (i < end)
        {
          json_builder_set_member_name (builder, "periods");
          json_builder_begin_array (builder);
          for (; i < end; i++)
            {
              WaymarkMetricValue *value = g_ptr_array_index (values, i);

              json_builder_begin_object (builder);
              add_string_member (builder, "period", waymark_metric_value_get_period (value));
              add_value_members (builder, value, min_n);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      i = end;
    }
  json_builder_end_array (builder);
}

static void
add_id_or_null (JsonBuilder *builder,
                const char  *member,
                gint64       id)
{
  json_builder_set_member_name (builder, member);
  if (id != 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

static void
free_ptr_array (gpointer data)
{
  g_ptr_array_unref (data);
}

static int
compare_cards (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  WaymarkDocument *document = user_data;
  WaymarkCard *x = *(WaymarkCard **) a;
  WaymarkCard *y = *(WaymarkCard **) b;
  int sx = waymark_stage_get_position (WAYMARK_STAGE (waymark_document_lookup (document, waymark_card_get_stage (x))));
  int sy = waymark_stage_get_position (WAYMARK_STAGE (waymark_document_lookup (document, waymark_card_get_stage (y))));
  int lx = waymark_lane_get_position (WAYMARK_LANE (waymark_document_lookup (document, waymark_card_get_lane (x))));
  int ly = waymark_lane_get_position (WAYMARK_LANE (waymark_document_lookup (document, waymark_card_get_lane (y))));

  if (sx != sy)
    return sx < sy ? -1 : 1;
  if (lx != ly)
    return lx < ly ? -1 : 1;
  if (waymark_card_get_position (x) != waymark_card_get_position (y))
    return waymark_card_get_position (x) < waymark_card_get_position (y) ? -1 : 1;
  return waymark_object_get_id (WAYMARK_OBJECT (x)) < waymark_object_get_id (WAYMARK_OBJECT (y)) ? -1 : 1;
}

static int
compare_personas (gconstpointer a,
                  gconstpointer b)
{
  int x = waymark_persona_get_position (*(WaymarkPersona **) a);
  int y = waymark_persona_get_position (*(WaymarkPersona **) b);

  return (x > y) - (x < y);
}

/* Beyond the contract's members: freshness, the definition, and the
 * value of all rows. */
static void
add_metric_summary (JsonBuilder   *builder,
                    WaymarkMetric *metric,
                    GHashTable    *values_by_owner,
                    GHashTable    *min_n)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gint64 id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  gint64 all_rows = 0;
  GPtrArray *values = g_hash_table_lookup (values_by_owner, &all_rows);
  JsonNode *root;

  add_string_member (builder, "status", waymark_metric_get_status (metric));
  add_string_member (builder, "computed", waymark_metric_get_computed (metric));
  json_builder_set_member_name (builder, "definition");
  if (json_parser_load_from_data (parser, waymark_metric_get_definition_json (metric), -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    json_builder_add_value (builder, json_node_copy (root));
  else
    json_builder_add_null_value (builder);

  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) == id && waymark_metric_value_get_period (value)[0] == '\0')
        {
          add_value_members (builder, value, min_n);
          return;
        }
    }
}

/* DESIGN.md's `info --json` shape; fields may be added, none renamed. */
static JsonNode *
build_info (WaymarkDocument *document)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) values_by_owner = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_ptr_array);
  g_autoptr(GHashTable) min_n = collect_min_n (document);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  g_autoptr(GPtrArray) sorted_maps = waymark_document_dup_maps (document);
  g_autoptr(GPtrArray) sorted_personas = g_ptr_array_copy (waymark_document_get_items (document, WAYMARK_TYPE_PERSONA), (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  g_ptr_array_sort (sorted_personas, compare_personas);

  /* Values grouped by the card or stage they describe; ids are unique
   * across types, and 0 holds the values of all rows. */
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      gint64 owner = waymark_metric_value_get_card (value) ? waymark_metric_value_get_card (value)
                                                           : waymark_metric_value_get_stage (value);
      GPtrArray *list;

      if (!(list = g_hash_table_lookup (values_by_owner, &owner)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (values_by_owner, g_memdup2 (&owner, sizeof owner), list);
        }
      g_ptr_array_add (list, value);
    }

  json_builder_begin_object (builder);
  add_string_member (builder, "title", waymark_document_get_title (document));
  add_int_member (builder, "format_version", WAYMARK_STORE_FORMAT_VERSION);
  add_string_member (builder, "author", waymark_document_get_author (document));

  json_builder_set_member_name (builder, "personas");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted_personas->len; i++)
    {
      WaymarkPersona *persona = g_ptr_array_index (sorted_personas, i);

      json_builder_begin_object (builder);
      add_int_member (builder, "id", waymark_object_get_id (WAYMARK_OBJECT (persona)));
      add_string_member (builder, "name", waymark_persona_get_name (persona));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "maps");
  json_builder_begin_array (builder);
  for (guint m = 0; m < sorted_maps->len; m++)
    {
      WaymarkMap *map = g_ptr_array_index (sorted_maps, m);
      gint64 map_id = waymark_object_get_id (WAYMARK_OBJECT (map));
      g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
      g_autoptr(GPtrArray) lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", map_id);
      g_autoptr(GPtrArray) cards = g_ptr_array_new ();
      g_autoptr(GPtrArray) emotions = g_ptr_array_new ();
      g_autoptr(GHashTable) in_map = g_hash_table_new (g_int64_hash, g_int64_equal);
      GPtrArray *all_cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
      GPtrArray *all_emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);

      for (guint i = 0; i < stages->len; i++)
        g_hash_table_add (in_map, g_ptr_array_index (stages, i));
      for (guint i = 0; i < all_cards->len; i++)
        {
          WaymarkCard *card = g_ptr_array_index (all_cards, i);

          if (g_hash_table_contains (in_map, waymark_document_lookup (document, waymark_card_get_stage (card))))
            g_ptr_array_add (cards, card);
        }
      for (guint i = 0; i < all_emotions->len; i++)
        {
          WaymarkEmotion *emotion = g_ptr_array_index (all_emotions, i);

          if (g_hash_table_contains (in_map, waymark_document_lookup (document, waymark_emotion_get_stage (emotion))))
            g_ptr_array_add (emotions, emotion);
        }
      g_ptr_array_sort_with_data (cards, compare_cards, document);

      json_builder_begin_object (builder);
      add_int_member (builder, "id", map_id);
      add_string_member (builder, "title", waymark_map_get_title (map));
      add_id_or_null (builder, "persona", waymark_map_get_persona (map));

      json_builder_set_member_name (builder, "stages");
      json_builder_begin_array (builder);
      for (guint i = 0; i < stages->len; i++)
        {
          WaymarkStage *stage = g_ptr_array_index (stages, i);
          gint64 id = waymark_object_get_id (WAYMARK_OBJECT (stage));

          json_builder_begin_object (builder);
          add_int_member (builder, "id", id);
          add_string_member (builder, "title", waymark_stage_get_title (stage));
          add_metric_values (builder, document, values_by_owner, min_n, id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "lanes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < lanes->len; i++)
        {
          WaymarkLane *lane = g_ptr_array_index (lanes, i);

          json_builder_begin_object (builder);
          add_int_member (builder, "id", waymark_object_get_id (WAYMARK_OBJECT (lane)));
          add_string_member (builder, "title", waymark_lane_get_title (lane));
          add_string_member (builder, "kind", waymark_lane_get_kind (lane));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "cards");
      json_builder_begin_array (builder);
      for (guint i = 0; i < cards->len; i++)
        {
          WaymarkCard *card = g_ptr_array_index (cards, i);
          gint64 id = waymark_object_get_id (WAYMARK_OBJECT (card));

          json_builder_begin_object (builder);
          add_int_member (builder, "id", id);
          add_int_member (builder, "stage", waymark_card_get_stage (card));
          add_int_member (builder, "lane", waymark_card_get_lane (card));
          add_string_member (builder, "kind", waymark_card_get_kind (card));
          add_string_member (builder, "title", waymark_card_get_title (card));
          add_int_member (builder, "span", waymark_card_get_span (card));
          add_metric_values (builder, document, values_by_owner, min_n, id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "emotions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < emotions->len; i++)
        {
          WaymarkEmotion *emotion = g_ptr_array_index (emotions, i);

          json_builder_begin_object (builder);
          add_int_member (builder, "stage", waymark_emotion_get_stage (emotion));
          add_int_member (builder, "lane", waymark_emotion_get_lane (emotion));
          add_int_member (builder, "score", waymark_emotion_get_score (emotion));
          if (waymark_emotion_get_card (emotion) != 0)
            {
              add_int_member (builder, "card", waymark_emotion_get_card (emotion));
            }
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      /* The connectors leaving this map's cards, as DESIGN.md lists them. */
      json_builder_set_member_name (builder, "connectors");
      json_builder_begin_array (builder);
      {
        GPtrArray *all_connectors = waymark_document_get_items (document, WAYMARK_TYPE_CONNECTOR);
        g_autoptr(GHashTable) map_cards = g_hash_table_new (NULL, NULL);

        for (guint i = 0; i < cards->len; i++)
          g_hash_table_add (map_cards, g_ptr_array_index (cards, i));
        for (guint i = 0; i < all_connectors->len; i++)
          {
            WaymarkConnector *connector = g_ptr_array_index (all_connectors, i);

            if (!g_hash_table_contains (map_cards, waymark_document_lookup (document, waymark_connector_get_source (connector))))
              continue;
            json_builder_begin_object (builder);
            add_int_member (builder, "id", waymark_object_get_id (WAYMARK_OBJECT (connector)));
            add_int_member (builder, "source", waymark_connector_get_source (connector));
            add_int_member (builder, "target", waymark_connector_get_target (connector));
            add_string_member (builder, "label", waymark_connector_get_label (connector));
            json_builder_end_object (builder);
          }
      }
      json_builder_end_array (builder);

      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "datasets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < datasets->len; i++)
    {
      WaymarkDataset *dataset = g_ptr_array_index (datasets, i);
      g_autofree char *source = NULL, *sha256 = NULL;
      g_autoptr(GArray) columns = waymark_dataset_dup_columns (dataset);
      gint64 rows = 0;

      g_object_get (dataset, "source", &source, "sha256", &sha256, "row-count", &rows, NULL);

      json_builder_begin_object (builder);
      add_int_member (builder, "id", waymark_object_get_id (WAYMARK_OBJECT (dataset)));
      add_string_member (builder, "name", waymark_dataset_get_name (dataset));
      add_string_member (builder, "source", source);
      add_string_member (builder, "sha256", sha256);
      add_int_member (builder, "rows", rows);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      /* The contract lists names. */
      for (guint c = 0; c < columns->len; c++)
        json_builder_add_string_value (builder, g_array_index (columns, WaymarkDatasetColumn, c).name);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);

      json_builder_begin_object (builder);
      add_int_member (builder, "id", waymark_object_get_id (WAYMARK_OBJECT (metric)));
      add_string_member (builder, "name", waymark_metric_get_name (metric));
      add_string_member (builder, "kind", waymark_metric_get_kind (metric));
      add_id_or_null (builder, "dataset", waymark_metric_get_dataset (metric));
      add_string_member (builder, "column", waymark_metric_get_column_name (metric));
      add_metric_summary (builder, metric, values_by_owner, min_n);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_info_text (WaymarkDocument *document)
{
  GPtrArray *maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  GPtrArray *personas = waymark_document_get_items (document, WAYMARK_TYPE_PERSONA);

  g_print (_("Title: %s\n"), waymark_document_get_title (document));
  g_print (_("Format version: %d\n"), WAYMARK_STORE_FORMAT_VERSION);
  g_print (_("Personas: %u\n"), personas->len);
  for (guint i = 0; i < personas->len; i++)
    g_print ("  %s\n", waymark_persona_get_name (g_ptr_array_index (personas, i)));
  g_print (_("Maps: %u\n"), maps->len);
  for (guint i = 0; i < maps->len; i++)
    {
      WaymarkMap *map = g_ptr_array_index (maps, i);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (map));
      g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", id);
      g_autoptr(GPtrArray) lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", id);

      /* Translators: a map's title, then its counts of stages and lanes */
      g_print (_("  %s: %u stages, %u lanes\n"), waymark_map_get_title (map), stages->len, lanes->len);
    }
  g_print (_("Cards: %u\n"), waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len);
  g_print (_("Datasets: %u\n"), waymark_document_get_items (document, WAYMARK_TYPE_DATASET)->len);
  g_print (_("Metrics: %u\n"), waymark_document_get_items (document, WAYMARK_TYPE_METRIC)->len);
  for (guint i = 0; i < waymark_document_get_items (document, WAYMARK_TYPE_METRIC)->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (waymark_document_get_items (document, WAYMARK_TYPE_METRIC), i);

      /* Translators: a metric's name, kind and column: “NPS: nps of Score” */
      g_print (_("  %s: %s of %s"), waymark_metric_get_name (metric), waymark_metric_get_kind (metric),
               waymark_metric_get_column_name (metric));
      if (waymark_metric_get_status (metric)[0] != '\0')
        /* Translators: why a metric's values are old */
        g_print (_(" (stale: %s)"), waymark_metric_get_status (metric));
      g_print ("\n");
    }
}

static int
command_info (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DOC.waymark — show everything in a document"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("info: missing DOC.waymark")
                                          : _("info: too many arguments"));

  if (!(document = load_document (argv[1], &error)))
    return fail (argv[1], error);

  if (json)
    {
      g_autoptr(JsonNode) root = build_info (document);
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autofree char *text = NULL;

      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    print_info_text (document);

  return WAYMARK_CLI_EXIT_OK;
}

static gboolean
parse_count (const char *text,
             guint64     minimum,
             guint64     maximum,
             guint64    *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, minimum, maximum, &value, NULL))
    return FALSE;

  *out = value;
  return TRUE;
}

static int
command_generate (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cards_text = NULL;
  g_autofree char *stages_text = NULL;
  g_autofree char *lanes_text = NULL;
  g_autofree char *seed_text = NULL;
  guint64 cards = 0, stages = 8, lanes = 6, seed = 1;
  int ret;
  GOptionEntry entries[] = {
    { "cards", 0, 0, G_OPTION_ARG_STRING, &cards_text, N_("How many cards (required)"), N_("N") },
    { "stages", 0, 0, G_OPTION_ARG_STRING, &stages_text, N_("How many stages (default 8)"), N_("S") },
    { "lanes", 0, 0, G_OPTION_ARG_STRING, &lanes_text, N_("How many lanes (default 6)"), N_("L") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, N_("The same seed gives the same map (default 1)"), N_("K") },
    { NULL }
  };

  context = g_option_context_new (_("OUT.waymark — create a synthetic map"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("generate: missing OUT.waymark")
                                          : _("generate: too many arguments"));
  if (cards_text == NULL)
    return usage_error (context, _("generate: --cards is required"));

  if (!parse_count (cards_text, 0, WAYMARK_GENERATE_MAX_CARDS, &cards))
    return usage_error (context, _("generate: --cards must be a whole number from 0 to 1000000"));
  if (stages_text != NULL && !parse_count (stages_text, 1, WAYMARK_GENERATE_MAX_STAGES, &stages))
    return usage_error (context, _("generate: --stages must be a whole number from 1 to 1000"));
  if (lanes_text != NULL && !parse_count (lanes_text, 1, WAYMARK_GENERATE_MAX_LANES, &lanes))
    return usage_error (context, _("generate: --lanes must be a whole number from 1 to 100"));
  if (seed_text != NULL && !parse_count (seed_text, 0, G_MAXUINT64, &seed))
    return usage_error (context, _("generate: --seed must be a whole number"));

  document = waymark_generate (cards, stages, lanes, seed);
  file = g_file_new_for_commandline_arg (argv[1]);

  /* The save is atomic, so an existing OUT is replaced whole or not at all. */
  if (!waymark_store_save (document, file, &error))
    return fail (argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
}

static int
command_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *map = NULL;
  g_autofree char *paper = NULL;
  g_autofree char *orientation = NULL;
  g_autofree char *scale_text = NULL;
  g_autofree char *dpi_text = NULL;
  gboolean fit = FALSE, tile = FALSE, deck = FALSE, cover = FALSE, legend = FALSE, appendix = FALSE;
  gboolean summary = FALSE;
  WaymarkExportOptions options;
  guint64 value;
  int ret;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write; the format follows the extension (.pdf, .svg, .png, .html)"), N_("OUT") },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map, N_("Which map: its place from 1, or its title (default: the first); HTML holds every map and opens on this one"), N_("INDEX|TITLE") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper, N_("PDF paper: A4, A3, A2, A1, A0, letter, legal or tabloid (default A4)"), N_("PAPER") },
    { "orientation", 0, 0, G_OPTION_ARG_STRING, &orientation, N_("PDF orientation: landscape or portrait (default: whichever suits the map)"), N_("O") },
    { "fit", 0, 0, G_OPTION_ARG_NONE, &fit, N_("PDF: the whole map on one page, however small its text"), NULL },
    { "tile", 0, 0, G_OPTION_ARG_NONE, &tile, N_("PDF: a poster over several pages, headers on every page"), NULL },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &scale_text, N_("With --tile: the map's scale in percent (default: the text legible, at least 6 pt)"), N_("PERCENT") },
    { "deck", 0, 0, G_OPTION_ARG_NONE, &deck, N_("PDF: a page for each stage, for a meeting"), NULL },
    { "cover", 0, 0, G_OPTION_ARG_NONE, &cover, N_("PDF: add a cover page"), NULL },
    { "legend", 0, 0, G_OPTION_ARG_NONE, &legend, N_("PDF: add a legend page"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary, N_("PDF: add an executive summary page"), NULL },
    { "appendix", 0, 0, G_OPTION_ARG_NONE, &appendix, N_("PDF: add the data sources, metrics and comments"), NULL },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &dpi_text, N_("PNG resolution (default 144)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("DOC.waymark -o OUT.{pdf,svg,png,html} — export a map"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("export: missing DOC.waymark")
                                          : _("export: too many arguments"));
  if (output == NULL)
    return usage_error (context, _("export: -o OUT is required"));
  if (fit + tile + deck > 1)
    return usage_error (context, _("export: --fit, --tile and --deck exclude each other"));
  if (scale_text != NULL && !tile)
    return usage_error (context, _("export: --scale needs --tile"));

  waymark_export_options_init (&options);
  if (!waymark_export_format_for_path (output, &options.format, &error))
    return fail (output, error);

  if (options.format != WAYMARK_EXPORT_FORMAT_PDF &&
      (paper || orientation || fit || tile || deck || cover || legend || summary || appendix))
    return usage_error (context, _("export: --paper, --orientation, --fit, --tile, --deck, --cover, --legend, --summary and --appendix apply to PDF only"));
  if (options.format != WAYMARK_EXPORT_FORMAT_PNG && dpi_text != NULL)
    return usage_error (context, _("export: --dpi applies to PNG only"));

  if (paper != NULL && !waymark_paper_parse (paper, &options.paper))
    return usage_error (context, _("export: --paper must be A4, A3, A2, A1, A0, letter, legal or tabloid"));
  if (orientation != NULL)
    {
      if (g_ascii_strcasecmp (orientation, "landscape") == 0)
        options.landscape = TRUE;
      else if (g_ascii_strcasecmp (orientation, "portrait") == 0)
        options.landscape = FALSE;
      else
        return usage_error (context, _("export: --orientation must be landscape or portrait"));
      options.auto_orientation = FALSE;
    }
  if (fit)
    options.mode = WAYMARK_EXPORT_MODE_FIT;
  else if (deck)
    options.mode = WAYMARK_EXPORT_MODE_DECK;
  else if (tile)
    {
      options.mode = WAYMARK_EXPORT_MODE_TILE;
      /* Unless a scale is given: the one that keeps the text legible. */
      options.scale = 0;
    }
  if (scale_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (scale_text, 10, 5, 1000, &value, NULL))
        return usage_error (context, _("export: --scale must be a whole number from 5 to 1000"));
      options.scale = value;
    }
  if (dpi_text != NULL)
    {
      if (!g_ascii_string_to_unsigned (dpi_text, 10, 1, 9600, &value, NULL))
        return usage_error (context, _("export: --dpi must be a whole number from 1 to 9600"));
      options.dpi = value;
    }
  options.cover = cover;
  options.legend = legend;
  options.summary = summary;
  options.appendix = appendix;
  options.note = export_note_cb;
  options.note_data = output;

  if (!(document = load_document (argv[1], &error)))
    return fail (argv[1], error);
  if ((options.map = waymark_export_find_map (document, map, &error)) == 0)
    return fail (argv[1], error);

  file = g_file_new_for_commandline_arg (output);
  if (!waymark_export_file (document, &options, file, NULL, NULL, NULL, &error))
    return fail (output, error);

  return WAYMARK_CLI_EXIT_OK;
}

/* The command of the .thumbnailer file in data/: file managers run it on
 * files they know nothing about, so it loads the document as untrusted,
 * like every command, and writes the PNG atomically. */
static int
command_thumbnail (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *size_text = NULL;
  g_autofree char *map = NULL;
  g_autofree char *size_error = NULL;
  guint64 size = WAYMARK_THUMBNAIL_DEFAULT_SIZE;
  gint64 map_id;
  int ret;
  GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_STRING, &size_text, N_("The longest side in pixels (default 256)"), N_("N") },
    { "map", 0, 0, G_OPTION_ARG_STRING, &map, N_("Which map: its place from 1, or its title (default: the first); HTML holds every map and opens on this one"), N_("INDEX|TITLE") },
    { NULL }
  };

  context = g_option_context_new (_("DOC.waymark OUT.png — write a preview of a map"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 3)
    return usage_error (context, argc < 3 ? _("thumbnail: missing DOC.waymark or OUT.png")
                                          : _("thumbnail: too many arguments"));
  if (size_text != NULL &&
      !g_ascii_string_to_unsigned (size_text, 10, WAYMARK_THUMBNAIL_MIN_SIZE, WAYMARK_THUMBNAIL_MAX_SIZE, &size, NULL))
    {
      size_error = g_strdup_printf (_("thumbnail: --size must be a whole number from %d to %d"),
                                    WAYMARK_THUMBNAIL_MIN_SIZE, WAYMARK_THUMBNAIL_MAX_SIZE);
      return usage_error (context, size_error);
    }

  if (!(document = load_document (argv[1], &error)))
    return fail (argv[1], error);
  if ((map_id = waymark_export_find_map (document, map, &error)) == 0)
    return fail (argv[1], error);

  file = g_file_new_for_commandline_arg (argv[2]);
  if (!waymark_export_thumbnail (document, map_id, (int) size, file, NULL, &error))
    /* Writing fails with G_IO_ERROR and is about OUT; anything else is about the map. */
    return fail (error->domain == G_IO_ERROR ? argv[2] : argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
}

typedef struct
{
  char *sheet;
  char *delimiter;
  char *encoding;
  int   header_rows;
} ParsingOptions;

static void
parsing_options_clear (ParsingOptions *options)
{
  g_clear_pointer (&options->sheet, g_free);
  g_clear_pointer (&options->delimiter, g_free);
  g_clear_pointer (&options->encoding, g_free);
}

static void
add_parsing_entries (GOptionContext *context,
                     ParsingOptions *options)
{
  GOptionEntry entries[] = {
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &options->sheet, N_("The spreadsheet's sheet (default: the first)"), N_("NAME") },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &options->delimiter, N_("The delimiter: , ; | or tab (default: detected)"), N_("C") },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &options->encoding, N_("UTF-8, UTF-16LE, UTF-16BE or WINDOWS-1252 (default: detected)"), N_("E") },
    { "header-rows", 0, 0, G_OPTION_ARG_INT, &options->header_rows, N_("Rows of headers; names come from the first (default 1)"), N_("N") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("parsing", _("Parsing options:"), _("Show the parsing options"), NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

/* Turns the command line's parsing options into table options; returns a
 * usage message on a bad value. */
static char *
resolve_parsing_options (const ParsingOptions *in,
                         WaymarkTableOptions  *out)
{
  out->sheet = g_strdup (in->sheet);
  out->encoding = g_strdup (in->encoding);
  out->header_rows = -1;
  out->delimiter = 0;

  if (in->delimiter != NULL)
    {
      if (g_str_equal (in->delimiter, "tab") || g_str_equal (in->delimiter, "\\t") || g_str_equal (in->delimiter, "\t"))
        out->delimiter = '\t';
      else if (strlen (in->delimiter) == 1 && strchr (",;|\t", in->delimiter[0]) != NULL)
        out->delimiter = in->delimiter[0];
      else
        return g_strdup_printf (_("--delimiter must be one of , ; | tab, not “%s”"), in->delimiter);
    }

  if (in->header_rows != G_MININT)
    {
      if (in->header_rows < 0 || in->header_rows > WAYMARK_TABLE_MAX_HEADER_ROWS)
        return g_strdup_printf (_("--header-rows must be from 0 to %d"), WAYMARK_TABLE_MAX_HEADER_ROWS);
      out->header_rows = in->header_rows;
    }

  return NULL;
}

#define PREVIEW_BUFFER (64 * 1024)

/* The columns of the rows a preview of @limit rows shows (0: all), read
 * by a second reader with what the first one found (delimiter, encoding). */
static GStrv
preview_columns (GFile               *file,
                 WaymarkTableReader  *shown,
                 int                  limit,
                 GError             **error)
{
  g_autoptr(WaymarkTableReader) reader = waymark_table_reader_open (file, waymark_table_reader_get_options (shown),
                                                                    NULL, error);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  GError *local_error = NULL;
  int n = 0;

  if (reader == NULL)
    return NULL;
  while ((limit == 0 || n < limit) && waymark_table_reader_next (reader, cells, NULL, &local_error))
    n++;
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  return g_strdupv ((GStrv) waymark_table_reader_get_columns (reader));
}

/* {"columns":[...],"rows":[ */
static void
write_json_columns (JsonGenerator       *generator,
                    const char * const  *columns)
{
  g_autoptr(JsonArray) names = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GString) out = g_string_new ("{\"columns\":");

  for (guint i = 0; columns[i]; i++)
    json_array_add_string_element (names, columns[i]);
  json_node_set_array (node, names);
  json_generator_set_root (generator, node);
  json_generator_to_gstring (generator, out);
  g_string_append (out, ",\"rows\":[");
  fwrite (out->str, 1, out->len, stdout);
}

/* data preview of a table or query in PostgreSQL: its first rows. */
static int
preview_postgres (const char *uri,
                  const char *table,
                  const char *query,
                  int         limit,
                  gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkPostgres) connection = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *stripped = waymark_postgres_strip_password (uri, &error);
  g_autofree char *security = NULL;
  guint wanted = limit == 0 || limit > WAYMARK_POSTGRES_PREVIEW_ROWS ? WAYMARK_POSTGRES_PREVIEW_ROWS : (guint) limit;

  if (stripped == NULL)
    return fail ("postgresql://", error);
  if (!(connection = waymark_postgres_connect (uri, NULL, &error)) ||
      !(rows = waymark_postgres_preview (connection, table, query, wanted, &columns, NULL, &error)))
    return fail (stripped, error);
  security = waymark_postgres_describe_security (connection);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      for (guint i = 0; i < columns->len; i++)
        json_builder_add_string_value (builder, ((WaymarkPostgresColumn *) g_ptr_array_index (columns, i))->name);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "types");
      json_builder_begin_array (builder);
      for (guint i = 0; i < columns->len; i++)
        json_builder_add_string_value (builder, ((WaymarkPostgresColumn *) g_ptr_array_index (columns, i))->server_type);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "rows");
      json_builder_begin_array (builder);
      for (guint r = 0; r < rows->len; r++)
        {
          GStrv row = g_ptr_array_index (rows, r);

          json_builder_begin_array (builder);
          for (guint c = 0; row[c]; c++)
            json_builder_add_string_value (builder, row[c]);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      g_print ("%s\n", text);
    }
  else
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint i = 0; i < columns->len; i++)
        {
          WaymarkPostgresColumn *column = g_ptr_array_index (columns, i);

          g_string_append_printf (line, "%s%s (%s)", i ? " | " : "", column->name, column->server_type);
        }
      g_print ("%s\n", line->str);
      for (guint r = 0; r < rows->len; r++)
        {
          g_autofree char *joined = g_strjoinv (" | ", g_ptr_array_index (rows, r));

          g_print ("%s\n", joined);
        }
    }

  /* Translators: “3 rows shown (PostgreSQL, Encrypted (TLSv1.3))” */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%u row shown (PostgreSQL, %s)\n", "%u rows shown (PostgreSQL, %s)\n", rows->len),
              rows->len, security);
  if (limit == 0 || limit > WAYMARK_POSTGRES_PREVIEW_ROWS)
    g_printerr (_("waymark-cli: %s: a preview of a database shows at most %d rows\n"), stripped, WAYMARK_POSTGRES_PREVIEW_ROWS);

  return WAYMARK_CLI_EXIT_OK;
}

static int
data_preview (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *usage = NULL;
  ParsingOptions parsing = { NULL, NULL, NULL, G_MININT };
  WaymarkTableOptions options = { NULL, 0, NULL, -1 };
  g_autofree char *table = NULL;
  g_autofree char *query = NULL;
  gboolean json = FALSE;
  int limit = 100;
  int ret;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most N rows; 0 for all (default 100)"), N_("N") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON: {\"columns\": […], \"rows\": [[…], …]}"), NULL },
    { "table", 0, 0, G_OPTION_ARG_STRING, &table, N_("With a postgresql:// URI: the table or view to show"), N_("NAME") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("With a postgresql:// URI: a query whose rows to show (run read-only)"), N_("SQL") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — show a CSV, TSV, XLSX or ODS file as it is parsed"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_parsing_entries (context, &parsing);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    {
      parsing_options_clear (&parsing);
      return ret;
    }

  usage = resolve_parsing_options (&parsing, &options);
  parsing_options_clear (&parsing);
  if (usage != NULL)
    {
      waymark_table_options_clear (&options);
      return usage_error (context, usage);
    }
  if (argc != 2 || limit < 0)
    {
      waymark_table_options_clear (&options);
      return usage_error (context, argc < 2 ? _("data preview: missing FILE")
                                            : limit < 0 ? _("--limit must not be negative")
                                                        : _("data preview: too many arguments"));
    }

  if (waymark_postgres_is_uri (argv[1]))
    {
      waymark_table_options_clear (&options);
      if ((table == NULL) == (query == NULL))
        return usage_error (context, _("data preview: a postgresql:// source needs --table or --query (one of them)"));
      return preview_postgres (argv[1], table, query, limit, json);
    }
  if (table != NULL || query != NULL)
    {
      waymark_table_options_clear (&options);
      return usage_error (context, _("data preview: --table and --query only apply to a postgresql:// source"));
    }

  file = g_file_new_for_commandline_arg (argv[1]);
  reader = waymark_table_reader_open (file, &options, NULL, &error);
  waymark_table_options_clear (&options);
  if (reader == NULL)
    return fail (argv[1], error);

  if (json)
    {
      /* Written row by row, so that --limit 0 of a million rows costs a
       * row's memory, not the table's; a failure part-way ends the JSON
       * unfinished, with exit status 1 and the reason on stderr. The
       * columns come first, and rows may be wider than the header: a table
       * that fits in the buffer names the columns its rows made, a longer
       * one is read through once before for them (preview_columns ()). */
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GString) out = g_string_new (NULL);
      gboolean started = FALSE;
      int n = 0;

      while ((limit == 0 || n < limit) && waymark_table_reader_next (reader, cells, NULL, &error))
        {
          g_autoptr(JsonArray) row = json_array_sized_new (cells->len);
          g_autoptr(JsonNode) row_node = json_node_new (JSON_NODE_ARRAY);

          for (guint i = 0; i < cells->len; i++)
            json_array_add_string_element (row, g_ptr_array_index (cells, i));
          json_node_set_array (row_node, row);
          json_generator_set_root (generator, row_node);
          if (n > 0)
            g_string_append_c (out, ',');
          json_generator_to_gstring (generator, out);
          n++;
          if (out->len > PREVIEW_BUFFER)
            {
              if (!started)
                {
                  g_auto(GStrv) columns = preview_columns (file, reader, limit, &error);

                  if (columns == NULL)
                    return fail (argv[1], error);
                  write_json_columns (generator, (const char * const *) columns);
                  started = TRUE;
                }
              fwrite (out->str, 1, out->len, stdout);
              g_string_truncate (out, 0);
            }
        }
      if (error != NULL)
        {
          fflush (stdout);
          return fail (argv[1], error);
        }
      if (!started)
        write_json_columns (generator, waymark_table_reader_get_columns (reader));
      g_string_append (out, "]}\n");
      fwrite (out->str, 1, out->len, stdout);
      fflush (stdout);
      {
        g_autofree char *blank = waymark_table_reader_describe_blank_rows (reader);
        GPtrArray *problems = waymark_table_reader_get_problems (reader);

        for (guint i = 0; i < problems->len; i++)
          g_printerr ("%s: %s\n", argv[1], (const char *) g_ptr_array_index (problems, i));
        if (blank != NULL)
          g_printerr ("%s: %s\n", argv[1], blank);
      }
    }
  else
    {
      const WaymarkTableOptions *resolved = waymark_table_reader_get_options (reader);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *blank = NULL;
      gboolean started = FALSE;
      GPtrArray *problems;
      int n = 0;

      /* The header line first, naming cells past it as the JSON does. */
      while ((limit == 0 || n < limit) && waymark_table_reader_next (reader, cells, NULL, &error))
        {
          for (guint i = 0; i < cells->len; i++)
            {
              if (i > 0)
                g_string_append (out, " | ");
              g_string_append (out, g_ptr_array_index (cells, i));
            }
          g_string_append_c (out, '\n');
          n++;
          if (out->len > PREVIEW_BUFFER)
            {
              if (!started)
                {
                  g_auto(GStrv) columns = preview_columns (file, reader, limit, &error);
                  g_autofree char *joined = NULL;

                  if (columns == NULL)
                    return fail (argv[1], error);
                  joined = g_strjoinv (" | ", columns);
                  g_print ("%s\n", joined);
                  started = TRUE;
                }
              fwrite (out->str, 1, out->len, stdout);
              g_string_truncate (out, 0);
            }
        }
      if (!started)
        {
          g_autofree char *joined = g_strjoinv (" | ", (GStrv) waymark_table_reader_get_columns (reader));

          g_print ("%s\n", joined);
        }
      fwrite (out->str, 1, out->len, stdout);
      fflush (stdout);
      if (error != NULL)
        return fail (argv[1], error);

      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%d row shown (%s", "%d rows shown (%s", n), n,
                  waymark_table_reader_get_format (reader));
      if (resolved->delimiter != 0)
        g_printerr (_(", delimiter “%s”, %s"), resolved->delimiter == '\t' ? "tab" : (char[]) { resolved->delimiter, 0 },
                    resolved->encoding);
      if (resolved->sheet != NULL)
        g_printerr (_(", sheet “%s”"), resolved->sheet);
      g_printerr (")\n");
      problems = waymark_table_reader_get_problems (reader);
      for (guint i = 0; i < problems->len; i++)
        g_printerr ("%s: %s\n", argv[1], (const char *) g_ptr_array_index (problems, i));
      blank = waymark_table_reader_describe_blank_rows (reader);
      if (blank != NULL)
        g_printerr ("%s: %s\n", argv[1], blank);
    }

  return WAYMARK_CLI_EXIT_OK;
}

static int
data_import (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) doc_file = NULL;
  g_autoptr(GFile) data_file = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  g_autofree char *stage_column = NULL;
  g_autofree char *table = NULL;
  g_autofree char *query = NULL;
  g_autofree char *source_name = NULL;
  ParsingOptions parsing = { NULL, NULL, NULL, G_MININT };
  WaymarkTableOptions options = { NULL, 0, NULL, -1 };
  gboolean create_cards = FALSE;
  gboolean database = FALSE;
  WaymarkDocumentStats before, after;
  GPtrArray *keys;
  guint matched = 0, unassigned = 0;
  guint64 rows_matched = 0;
  int ret;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The dataset's name (default: the file's name)"), N_("NAME") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, N_("The column whose values are card titles (required)"), N_("COLUMN") },
    { "stage-column", 0, 0, G_OPTION_ARG_STRING, &stage_column, N_("The column naming each card's stage"), N_("COLUMN") },
    { "create-cards", 0, 0, G_OPTION_ARG_NONE, &create_cards, N_("Create a touchpoint card for each key value that matches none"), NULL },
    { "table", 0, 0, G_OPTION_ARG_STRING, &table, N_("With a postgresql:// URI: the table or view to read"), N_("NAME") },
    { "query", 0, 0, G_OPTION_ARG_STRING, &query, N_("With a postgresql:// URI: a query whose rows to read (run read-only)"), N_("SQL") },
    { NULL }
  };

  context = g_option_context_new (_("DOC.waymark (FILE | postgresql://URI (--table NAME | --query SQL)) — import data into a document"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  add_parsing_entries (context, &parsing);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    {
      parsing_options_clear (&parsing);
      return ret;
    }

  usage = resolve_parsing_options (&parsing, &options);
  parsing_options_clear (&parsing);
  if (usage == NULL && argc != 3)
    usage = g_strdup (argc < 3 ? _("data import: missing DOC.waymark or FILE") : _("data import: too many arguments"));
  if (usage == NULL && key == NULL)
    usage = g_strdup (_("data import: --key is required"));
  if (usage == NULL && stage_column != NULL && !create_cards)
    usage = g_strdup (_("data import: --stage-column only applies with --create-cards"));
  database = usage == NULL && waymark_postgres_is_uri (argv[2]);
  if (usage == NULL && database && (table == NULL) == (query == NULL))
    usage = g_strdup (_("data import: a postgresql:// source needs --table or --query (one of them)"));
  if (usage == NULL && !database && (table != NULL || query != NULL))
    usage = g_strdup (_("data import: --table and --query only apply to a postgresql:// source"));
  if (usage != NULL)
    {
      waymark_table_options_clear (&options);
      return usage_error (context, usage);
    }

  doc_file = g_file_new_for_commandline_arg (argv[1]);
  if (database)
    {
      /* Messages name the URI without its password. */
      g_autofree char *stripped = waymark_postgres_strip_password (argv[2], NULL);

      source_name = stripped ? g_steal_pointer (&stripped) : g_strdup ("postgresql://");
    }
  else
    {
      data_file = g_file_new_for_commandline_arg (argv[2]);
      source_name = g_strdup (argv[2]);
    }

  if (!(document = waymark_store_open (doc_file, &error)))
    {
      waymark_table_options_clear (&options);
      return fail (argv[1], error);
    }

  if (database)
    import = waymark_import_scan_postgres (argv[2], table, query, key, stage_column, NULL, NULL, NULL, &error);
  else
    import = waymark_import_scan (data_file, &options, key, stage_column, NULL, NULL, NULL, &error);
  waymark_table_options_clear (&options);
  if (import == NULL)
    return fail (source_name, error);

  waymark_import_match (import, document, 0, &matched, &rows_matched);
  waymark_document_get_stats (document, &before);

  if (!waymark_import_apply (import, document, 0, name, create_cards, &error))
    return fail (argv[1], error);

  /* Atomic: the document is replaced whole or not at all. */
  if (!waymark_store_save (document, doc_file, &error))
    return fail (argv[1], error);

  waymark_document_get_stats (document, &after);
  keys = waymark_import_get_keys (import);

  g_print (g_dngettext (GETTEXT_PACKAGE, "Imported %" PRIu64 " row from %s\n",
                        "Imported %" PRIu64 " rows from %s\n", waymark_import_get_rows (import)),
           waymark_import_get_rows (import), source_name);
  g_print (_("%u of %u key values match cards (%" PRIu64 " rows)\n"), matched, keys->len, rows_matched);
  if (create_cards)
    {
      guint cards = after.cards - before.cards;
      guint stages = after.stages - before.stages;

      g_print (g_dngettext (GETTEXT_PACKAGE, "Created %u card", "Created %u cards", cards), cards);
      g_print (g_dngettext (GETTEXT_PACKAGE, " and %u stage\n", " and %u stages\n", stages), stages);
    }

  for (guint i = 0; i < keys->len && !create_cards; i++)
    {
      WaymarkKeyCount *count = g_ptr_array_index (keys, i);

      if (count->card != 0)
        continue;
      if (unassigned++ == 0)
        g_print (_("Unassigned (no card has this title):\n"));
      if (count->suggestion != NULL)
        /* Translators: an unassigned value, its row count, and the card title it is close to */
        g_print (_("  %s: %" PRIu64 " (did you mean “%s”?)\n"), count->value, count->rows, count->suggestion);
      else
        g_print ("  %s: %" G_GUINT64_FORMAT "\n", count->value, count->rows);
    }

  for (guint i = 0; i < waymark_import_get_problems (import)->len; i++)
    g_printerr ("%s: %s\n", source_name, (const char *) g_ptr_array_index (waymark_import_get_problems (import), i));

  return WAYMARK_CLI_EXIT_OK;
}

static int
command_data (int    argc,
              char **argv)
{
  g_autofree char *prgname = NULL;

  if (argc < 2)
    return usage_error (NULL, _("data: missing preview or import"));

  prgname = g_strdup_printf ("waymark-cli data %s", argv[1]);
  if (g_str_equal (argv[1], "preview"))
    {
      g_set_prgname (prgname);
      return data_preview (argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "import"))
    {
      g_set_prgname (prgname);
      return data_import (argc - 1, argv + 1);
    }

  {
    g_autofree char *message = g_strdup_printf (_("data: unknown command “%s” (preview or import)"), argv[1]);

    return usage_error (NULL, message);
  }
}

static WaymarkDataset *
find_dataset (WaymarkDocument *document,
              const char      *name)
{
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);

  for (guint i = 0; i < datasets->len; i++)
    if (g_str_equal (waymark_dataset_get_name (g_ptr_array_index (datasets, i)), name))
      return g_ptr_array_index (datasets, i);

  return NULL;
}

static char *
dataset_source (WaymarkDataset *dataset)
{
  char *source = NULL;

  g_object_get (dataset, "source", &source, NULL);
  return source;
}

/* Builds the definition from the command line; returns a usage message on a bad value. */
static char *
build_definition (const char                *kind_text,
                  const char                *column,
                  char                     **filters,
                  const char                *period_text,
                  const char                *date_column,
                  const char                *target_text,
                  const char                *condition,
                  WaymarkMetricDefinition  **out)
{
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  WaymarkMetricKind kind;
  WaymarkPeriod period = WAYMARK_PERIOD_NONE;

  if (!waymark_metric_kind_from_string (kind_text, &kind))
    {
      g_autofree char *kinds = g_strjoinv ("|", (char **) waymark_metric_kinds ());

      return g_strdup_printf (_("--kind must be one of %s, not “%s”"), kinds, kind_text);
    }
  if (period_text != NULL && (!waymark_period_from_string (period_text, &period) || period == WAYMARK_PERIOD_NONE))
    return g_strdup_printf (_("--period must be week, month or quarter, not “%s”"), period_text);
  if (date_column != NULL && period == WAYMARK_PERIOD_NONE)
    return g_strdup (_("--date-column only applies with --period"));
  if (condition != NULL && kind != WAYMARK_METRIC_KIND_RATE)
    return g_strdup (_("--condition only applies with --kind rate"));

  definition = waymark_metric_definition_new (kind, column);
  definition->period = period;
  definition->date_column = g_strdup (date_column);
  definition->condition = g_strdup (condition);

  for (guint i = 0; filters != NULL && filters[i]; i++)
    {
      const char *equals = strchr (filters[i], '=');
      g_autofree char *filter_column = NULL;

      if (equals == NULL || equals == filters[i])
        return g_strdup_printf (_("--filter must be COLUMN=VALUE, not “%s”"), filters[i]);
      filter_column = g_strndup (filters[i], equals - filters[i]);
      waymark_metric_definition_add_filter (definition, filter_column, equals + 1);
    }

  if (target_text != NULL)
    {
      char *end = NULL;

      definition->target = g_ascii_strtod (target_text, &end);
      if (end == target_text || *end != '\0' || !isfinite (definition->target))
        return g_strdup_printf (_("--target must be a number, not “%s”"), target_text);
    }

  {
    g_autoptr(GError) error = NULL;

    if (!waymark_metric_definition_validate (definition, &error))
      return g_strdup (error->message);
  }

  *out = g_steal_pointer (&definition);
  return NULL;
}

static int
metric_add (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkMetricDefinition) definition = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) doc_file = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *dataset_name = NULL;
  g_autofree char *name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *column = NULL;
  g_autofree char *period = NULL;
  g_autofree char *date_column = NULL;
  g_autofree char *target = NULL;
  g_autofree char *condition = NULL;
  gboolean emotion_curve = FALSE;
  g_auto(GStrv) filters = NULL;
  WaymarkDataset *dataset;
  WaymarkMetric *metric;
  GPtrArray *values;
  guint cards = 0, stages = 0, low = 0;
  gint64 metric_id;
  int ret;
  GOptionEntry entries[] = {
    { "dataset", 0, 0, G_OPTION_ARG_STRING, &dataset_name, N_("The dataset the metric is computed from (required)"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The metric's name (required)"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("count, sum, mean, median, min, max, rate, nps, csat, ces, top-box or bottom-box (required)"), N_("KIND") },
    { "column", 0, 0, G_OPTION_ARG_STRING, &column, N_("The column it is computed from (required)"), N_("COLUMN") },
    { "filter", 0, 0, G_OPTION_ARG_STRING_ARRAY, &filters, N_("Only rows whose COLUMN is VALUE; repeat it for several values or columns"), N_("COLUMN=VALUE") },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period, N_("Also compute a value per week, month or quarter"), N_("PERIOD") },
    { "date-column", 0, 0, G_OPTION_ARG_STRING, &date_column, N_("The dates periods come from (default: the first column of dates)"), N_("COLUMN") },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target, N_("The value the metric should reach"), N_("X") },
    { "condition", 0, 0, G_OPTION_ARG_STRING, &condition, N_("rate: what rows must meet, as VALUE, =VALUE, !=VALUE, >=X, <=X, >X or <X (default: yes/no answers)"), N_("COND") },
    { "emotion-curve", 0, 0, G_OPTION_ARG_NONE, &emotion_curve, N_("Drive the map's emotion curve with the stages' values"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("DOC.waymark — define a metric and compute it for every bound card and stage"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
                                    /* xgettext:no-c-format */
                                    _("NPS: % of 9–10 minus % of 0–6 over valid 0–10 answers. CSAT: % of 4–5 on a 1–5 scale. "
                                      "CES: the mean on a 1–7 scale. Cells that are not numbers or out of scale are excluded and counted."));

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    usage = g_strdup (argc < 2 ? _("metric add: missing DOC.waymark") : _("metric add: too many arguments"));
  else if (dataset_name == NULL)
    usage = g_strdup (_("metric add: --dataset is required"));
  else if (name == NULL || name[0] == '\0')
    usage = g_strdup (_("metric add: --name is required"));
  else if (kind == NULL)
    usage = g_strdup (_("metric add: --kind is required"));
  else if (column == NULL || column[0] == '\0')
    usage = g_strdup (_("metric add: --column is required"));
  else
    usage = build_definition (kind, column, filters, period, date_column, target, condition, &definition);
  if (usage != NULL)
    return usage_error (context, usage);
  g_assert (definition != NULL);
  definition->emotion_curve = emotion_curve;

  doc_file = g_file_new_for_commandline_arg (argv[1]);
  if (!(document = waymark_store_open (doc_file, &error)))
    return fail (argv[1], error);

  if (!(dataset = find_dataset (document, dataset_name)))
    {
      GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
      g_autoptr(GString) known = g_string_new (NULL);

      for (guint i = 0; i < datasets->len; i++)
        g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", waymark_dataset_get_name (g_ptr_array_index (datasets, i)));
      if (datasets->len > 0)
        g_printerr (_("waymark-cli: %s: no dataset named “%s” (datasets: %s)\n"), argv[1], dataset_name, known->str);
      else
        g_printerr (_("waymark-cli: %s: no dataset named “%s” (the document has none; import one with “data import”)\n"),
                    argv[1], dataset_name);
      return WAYMARK_CLI_EXIT_ERROR;
    }

  if (!(metric = waymark_metric_add (document, dataset, name, definition, NULL, &error)))
    {
      g_autofree char *source = dataset_source (dataset);

      /* The definition's or the document's fault names the document; the data's, its file. */
      return fail (g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC) ? argv[1] : source, error);
    }

  if (!waymark_store_save (document, doc_file, &error))
    return fail (argv[1], error);

  metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_metric (value) != metric_id || waymark_metric_value_get_period (value)[0] != '\0')
        continue;
      if (waymark_metric_value_get_card (value) != 0)
        cards++;
      else if (waymark_metric_value_get_stage (value) != 0)
        stages++;
      else
        {
          double number = waymark_metric_value_get_value (value);
          char text[G_ASCII_DTOSTR_BUF_SIZE] = "–";

          if (!isnan (number))
            g_ascii_formatd (text, sizeof text, "%.4g", number);
          /* Translators: the metric's name, its value over all rows, and its sample size */
          g_print (_("%s over all rows: %s (n = %" PRId64 ")\n"), name, text, waymark_metric_value_get_n (value));
          continue;
        }
      low += waymark_metric_value_get_n (value) < definition->min_n;
    }

  g_print (g_dngettext (GETTEXT_PACKAGE, "Computed for %u card", "Computed for %u cards", cards), cards);
  g_print (g_dngettext (GETTEXT_PACKAGE, " and %u stage", " and %u stages", stages), stages);
  if (low > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE, "; %u value has n below %d (low confidence)",
                          "; %u values have n below %d (low confidence)", low), low, definition->min_n);
  g_print ("\n");

  return WAYMARK_CLI_EXIT_OK;
}

static int
metric_refresh (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GPtrArray) notices = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) doc_file = NULL;
  guint n_metrics, stale = 0;
  int ret;

  context = g_option_context_new (_("DOC.waymark — recompute every metric from its recorded source"));

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("metric refresh: missing DOC.waymark")
                                          : _("metric refresh: too many arguments"));

  doc_file = g_file_new_for_commandline_arg (argv[1]);
  if (!(document = waymark_store_open (doc_file, &error)))
    return fail (argv[1], error);

  n_metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC)->len;
  if (n_metrics == 0)
    {
      g_print (_("No metrics to refresh\n"));
      return WAYMARK_CLI_EXIT_OK;
    }

  if (!(notices = waymark_metric_refresh (document, NULL, NULL, &error)))
    return fail (argv[1], error);

  /* Stale marks are saved too: the document says which values are old. */
  if (!waymark_store_save (document, doc_file, &error))
    return fail (argv[1], error);

  for (guint i = 0; i < notices->len; i++)
    {
      WaymarkMetricNotice *notice = g_ptr_array_index (notices, i);

      if (!notice->stale)
        {
          g_print ("%s: %s\n", notice->source, notice->message);
          continue;
        }
      stale++;
      g_printerr (_("waymark-cli: %s: %s; the last values are kept and marked stale\n"), notice->source, notice->message);
    }

  if (stale > 0)
    return WAYMARK_CLI_EXIT_ERROR;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Recomputed %u metric\n", "Recomputed %u metrics\n", n_metrics), n_metrics);
  return WAYMARK_CLI_EXIT_OK;
}

static int
command_metric (int    argc,
                char **argv)
{
  g_autofree char *prgname = NULL;

  if (argc < 2)
    return usage_error (NULL, _("metric: missing add or refresh"));

  prgname = g_strdup_printf ("waymark-cli metric %s", argv[1]);
  if (g_str_equal (argv[1], "add"))
    {
      g_set_prgname (prgname);
      return metric_add (argc - 1, argv + 1);
    }
  if (g_str_equal (argv[1], "refresh"))
    {
      g_set_prgname (prgname);
      return metric_refresh (argc - 1, argv + 1);
    }

  {
    g_autofree char *message = g_strdup_printf (_("metric: unknown command “%s” (add or refresh)"), argv[1]);

    return usage_error (NULL, message);
  }
}

/**
 * waymark_cli_run:
 * @argc: the argument count
 * @argv: the arguments, starting with the program name
 *
 * Runs one command of the command-line contract.
 *
 * Returns: the process exit code (0, 1 or 2)
 */
int
waymark_cli_run (int    argc,
                 char **argv)
{
  const char *name;

  g_set_prgname ("waymark-cli");

  if (argc < 2)
    return usage_error (NULL, _("missing COMMAND"));

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return WAYMARK_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      g_print ("waymark-cli %s\n", PACKAGE_VERSION);
      return WAYMARK_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("waymark-cli %s", name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), name);

    return usage_error (NULL, message);
  }
}
