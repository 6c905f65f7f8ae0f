/* waymark-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

static const Command commands[] = {
  { "new", N_("OUT.waymark"), N_("Create a new document, optionally from a template"), command_new },
  { "info", N_("DOC.waymark"), N_("Show everything in a document"), command_info },
  { "generate", N_("OUT.waymark"), N_("Create a synthetic map for benchmarks and tests"), command_generate },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: waymark-cli COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].parameters));

      fprintf (stream, "  %-24s %s\n", left, _(commands[i].summary));
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
  if (path != NULL)
    g_printerr ("waymark-cli: %s: %s\n", path, error->message);
  else
    g_printerr ("waymark-cli: %s\n", error->message);

  return WAYMARK_CLI_EXIT_ERROR;
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

  if (!(document = waymark_document_new (template_name, title, &error)))
    return fail (NULL, error);

  if (!waymark_document_save (document, file, &error))
    return fail (argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
}

static WaymarkDocument *
load_document (const char  *path,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return waymark_document_load (file, error);
}

static void
add_metric_values (JsonBuilder     *builder,
                   WaymarkDocument *document,
                   GHashTable      *values_by_owner,
                   gint64           owner)
{
  GPtrArray *values = g_hash_table_lookup (values_by_owner, &owner);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      WaymarkObject *metric = waymark_document_lookup (document, waymark_metric_value_get_metric (value));
      double number = waymark_metric_value_get_value (value);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "metric");
      json_builder_add_string_value (builder, waymark_metric_get_name (WAYMARK_METRIC (metric)));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, waymark_metric_get_kind (WAYMARK_METRIC (metric)));
      json_builder_set_member_name (builder, "value");
      if (isnan (number))
        json_builder_add_null_value (builder);
      else
        json_builder_add_double_value (builder, number);
      json_builder_set_member_name (builder, "n");
      json_builder_add_int_value (builder, waymark_metric_value_get_n (value));
      json_builder_end_object (builder);
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
compare_maps (gconstpointer a,
              gconstpointer b)
{
  int x = waymark_map_get_position (*(WaymarkMap **) a);
  int y = waymark_map_get_position (*(WaymarkMap **) b);

  return (x > y) - (x < y);
}

static int
compare_personas (gconstpointer a,
                  gconstpointer b)
{
  int x = waymark_persona_get_position (*(WaymarkPersona **) a);
  int y = waymark_persona_get_position (*(WaymarkPersona **) b);

  return (x > y) - (x < y);
}

/* DESIGN.md's `info --json` shape; fields may be added, none renamed. */
static JsonNode *
build_info (WaymarkDocument *document)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GHashTable) values_by_owner = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, free_ptr_array);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  GPtrArray *maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  g_autoptr(GPtrArray) sorted_maps = g_ptr_array_copy (maps, (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  g_autoptr(GPtrArray) sorted_personas = g_ptr_array_copy (waymark_document_get_items (document, WAYMARK_TYPE_PERSONA), (GCopyFunc) (void (*) (void)) g_object_ref, NULL);

  g_ptr_array_sort (sorted_maps, compare_maps);
  g_ptr_array_sort (sorted_personas, compare_personas);

  /* Overall values (no period) grouped by the card or stage they describe. */
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      gint64 owner = waymark_metric_value_get_card (value) ? waymark_metric_value_get_card (value)
                                                           : waymark_metric_value_get_stage (value);
      GPtrArray *list;

      if (owner == 0 || waymark_metric_value_get_period (value)[0] != '\0')
        continue;

      if (!(list = g_hash_table_lookup (values_by_owner, &owner)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (values_by_owner, g_memdup2 (&owner, sizeof owner), list);
        }
      g_ptr_array_add (list, value);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, waymark_document_get_title (document));
  json_builder_set_member_name (builder, "format_version");
  json_builder_add_int_value (builder, WAYMARK_STORE_FORMAT_VERSION);
  json_builder_set_member_name (builder, "author");
  json_builder_add_string_value (builder, waymark_document_get_author (document));

  json_builder_set_member_name (builder, "personas");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sorted_personas->len; i++)
    {
      WaymarkPersona *persona = g_ptr_array_index (sorted_personas, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, waymark_object_get_id (WAYMARK_OBJECT (persona)));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, waymark_persona_get_name (persona));
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
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, map_id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, waymark_map_get_title (map));
      add_id_or_null (builder, "persona", waymark_map_get_persona (map));

      json_builder_set_member_name (builder, "stages");
      json_builder_begin_array (builder);
      for (guint i = 0; i < stages->len; i++)
        {
          WaymarkStage *stage = g_ptr_array_index (stages, i);
          gint64 id = waymark_object_get_id (WAYMARK_OBJECT (stage));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, id);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, waymark_stage_get_title (stage));
          add_metric_values (builder, document, values_by_owner, id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "lanes");
      json_builder_begin_array (builder);
      for (guint i = 0; i < lanes->len; i++)
        {
          WaymarkLane *lane = g_ptr_array_index (lanes, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, waymark_object_get_id (WAYMARK_OBJECT (lane)));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, waymark_lane_get_title (lane));
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, waymark_lane_get_kind (lane));
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
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, id);
          json_builder_set_member_name (builder, "stage");
          json_builder_add_int_value (builder, waymark_card_get_stage (card));
          json_builder_set_member_name (builder, "lane");
          json_builder_add_int_value (builder, waymark_card_get_lane (card));
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, waymark_card_get_kind (card));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, waymark_card_get_title (card));
          json_builder_set_member_name (builder, "span");
          json_builder_add_int_value (builder, waymark_card_get_span (card));
          add_metric_values (builder, document, values_by_owner, id);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "emotions");
      json_builder_begin_array (builder);
      for (guint i = 0; i < emotions->len; i++)
        {
          WaymarkEmotion *emotion = g_ptr_array_index (emotions, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "stage");
          json_builder_add_int_value (builder, waymark_emotion_get_stage (emotion));
          json_builder_set_member_name (builder, "lane");
          json_builder_add_int_value (builder, waymark_emotion_get_lane (emotion));
          json_builder_set_member_name (builder, "score");
          json_builder_add_int_value (builder, waymark_emotion_get_score (emotion));
          if (waymark_emotion_get_card (emotion) != 0)
            {
              json_builder_set_member_name (builder, "card");
              json_builder_add_int_value (builder, waymark_emotion_get_card (emotion));
            }
          json_builder_end_object (builder);
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
      g_autofree char *source = NULL, *sha256 = NULL, *columns_json = NULL;
      gint64 rows = 0;
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;

      g_object_get (dataset, "source", &source, "sha256", &sha256, "row-count", &rows,
                    "columns", &columns_json, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, waymark_object_get_id (WAYMARK_OBJECT (dataset)));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, waymark_dataset_get_name (dataset));
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
      json_builder_set_member_name (builder, "sha256");
      json_builder_add_string_value (builder, sha256);
      json_builder_set_member_name (builder, "rows");
      json_builder_add_int_value (builder, rows);
      json_builder_set_member_name (builder, "columns");
      json_builder_begin_array (builder);
      /* Stored as [{"name": …, "type": …}, …]; the contract lists names. */
      if (json_parser_load_from_data (parser, columns_json, -1, NULL) &&
          (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *array = json_node_get_array (root);

          for (guint c = 0; c < json_array_get_length (array); c++)
            {
              JsonNode *element = json_array_get_element (array, c);

              if (JSON_NODE_HOLDS_OBJECT (element))
                json_builder_add_string_value (builder,
                                               json_object_get_string_member_with_default (json_node_get_object (element), "name", ""));
              else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
                json_builder_add_string_value (builder, json_node_get_string (element));
            }
        }
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
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, waymark_object_get_id (WAYMARK_OBJECT (metric)));
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, waymark_metric_get_name (metric));
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, waymark_metric_get_kind (metric));
      add_id_or_null (builder, "dataset", waymark_metric_get_dataset (metric));
      json_builder_set_member_name (builder, "column");
      json_builder_add_string_value (builder, waymark_metric_get_column_name (metric));
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
  if (!waymark_document_save (document, file, &error))
    return fail (argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
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
