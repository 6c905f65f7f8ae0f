/* waymark-html.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-html"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-html-private.h"
#include "waymark-export-private.h"
#include "waymark-error.h"
#include "waymark-format.h"
#include "waymark-items.h"
#include "waymark-layout.h"
#include "waymark-map-scene.h"
#include "waymark-metric-definition.h"
#include "waymark-export-resources.h"

/*
 * A map to share with people who do not have Waymark: one HTML file that
 * opens from disk in any browser, offline. Every map of the document is a
 * tab holding the SVG writer's drawing of it (the screen's scene, so what
 * the designer sees is what the reader sees), made interactive by a small
 * script: pan and zoom, stage by stage, search, a focus filter, and for
 * every metric badge where its number comes from.
 *
 * Nothing is fetched: the page's Content-Security-Policy allows only its
 * own style sheet and script (by their SHA-256) and images inside it.
 * Document text is escaped wherever it goes: by libxml2 in the drawing, by
 * g_markup_escape_text() in the outline, and in the JSON data every “<”
 * is written as \u003c, so no title can end the script element.
 * Respondents' rows are never written, only the aggregates the map shows.
 */

#define RESOURCE_PATH "/io/github/waymarkapp/Waymark/export/"

typedef struct
{
  WaymarkLayout *layout;
  WaymarkScene  *light;
  WaymarkScene  *dark;
  WaymarkMap    *map;
  char          *prefix;
} Page;

typedef struct
{
  WaymarkDocument  *document;
  GArray           *pages;       /* Page */
  GHashTable       *values;      /* "card:ID" / "stage:ID" → GPtrArray of WaymarkMetricValue */
  WaymarkWriteFunc  write;
  gpointer          closure;
  gboolean          failed;
} Html;

static void
page_clear (gpointer data)
{
  Page *page = data;

  g_clear_object (&page->light);
  g_clear_object (&page->dark);
  g_clear_object (&page->layout);
  g_clear_pointer (&page->prefix, g_free);
}

static void
put (Html       *html,
     const char *text)
{
  if (!html->failed && !html->write (html->closure, text, strlen (text)))
    html->failed = TRUE;
}

static void
put_escaped (Html       *html,
             const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autofree char *escaped = g_markup_escape_text (valid, -1);

  put (html, escaped);
}

G_GNUC_PRINTF (2, 3)
static void
put_printf (Html       *html,
            const char *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  put (html, text);
}

static gboolean
discard_cb (gpointer    closure,
            const char *data,
            gsize       length)
{
  return TRUE;
}

static GBytes *
lookup (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);

  return g_resource_lookup_data (waymark_export_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
}

/* 'sha256-…' for the page's policy. */
static char *
csp_hash (const char *text,
          gsize       length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, (const guchar *) text, length);
  g_checksum_get_digest (checksum, digest, &size);
  encoded = g_base64_encode (digest, size);
  return g_strdup_printf ("'sha256-%s'", encoded);
}

/* ------------------------------------------------------------------ */
/* What the numbers are */

static const char *
rating_text (int rating)
{
  switch (rating)
    {
    case WAYMARK_METRIC_RATING_GOOD:    return _("on target");
    case WAYMARK_METRIC_RATING_WARNING: return _("near target");
    case WAYMARK_METRIC_RATING_BAD:     return _("below target");
    default:                            return NULL;
    }
}

static void
index_values (Html *html)
{
  GPtrArray *values = waymark_document_get_items (html->document, WAYMARK_TYPE_METRIC_VALUE);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      gint64 card = waymark_metric_value_get_card (value);
      gint64 stage = waymark_metric_value_get_stage (value);
      g_autofree char *key = NULL;
      GPtrArray *list;

      if (card != 0)
        key = g_strdup_printf ("card:%" G_GINT64_FORMAT, card);
      else if (stage != 0)
        key = g_strdup_printf ("stage:%" G_GINT64_FORMAT, stage);
      else
        continue;
      if (!(list = g_hash_table_lookup (html->values, key)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (html->values, g_steal_pointer (&key), list);
        }
      g_ptr_array_add (list, value);
    }
}

static const char *
owner_key_kind (const WaymarkSceneItem *item)
{
  return item->role == WAYMARK_SCENE_ROLE_STAGE_HEADER ? "stage" : "card";
}

/* The value over every period of @metric on the card or stage, and the
 * first and last periods (and the last one's value). */
static WaymarkMetricValue *
find_value (Html                *html,
            const char          *owner,
            gint64               metric,
            WaymarkMetricValue **last)
{
  GPtrArray *list = g_hash_table_lookup (html->values, owner);
  WaymarkMetricValue *overall = NULL;

  *last = NULL;
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (list, i);
      const char *period = waymark_metric_value_get_period (value);

      if (waymark_metric_value_get_metric (value) != metric)
        continue;
      if (*period == '\0')
        overall = value;
      else if (*last == NULL || strcmp (period, waymark_metric_value_get_period (*last)) > 0)
        *last = value;
    }
  return overall;
}

static char *
format_value (WaymarkMetric *metric,
              double         value)
{
  const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);

  return waymark_metric_format_value (definition ? definition->kind : WAYMARK_METRIC_KIND_MEAN, value,
                                      definition ? definition->unit : NULL);
}

static char *
badge_label_cb (gpointer                closure,
                const WaymarkSceneItem *item,
                const char             *link)
{
  Html *html = closure;
  gint64 metric_id = g_ascii_strtoll (link + strlen ("#metric-"), NULL, 10);
  WaymarkObject *object = waymark_document_lookup (html->document, metric_id);
  g_autofree char *owner = g_strdup_printf ("%s:%" G_GINT64_FORMAT, owner_key_kind (item), item->object);
  WaymarkMetricValue *last, *value;
  const WaymarkMetricDefinition *definition;
  g_autofree char *text = NULL;
  const char *rating = NULL;
  GString *label;

  if (!WAYMARK_IS_METRIC (object) || !(value = find_value (html, owner, metric_id, &last)))
    return NULL;
  definition = waymark_metric_get_definition (WAYMARK_METRIC (object));
  text = format_value (WAYMARK_METRIC (object), waymark_metric_value_get_value (value));
  if (definition != NULL)
    rating = rating_text (waymark_metric_definition_judge (definition, waymark_metric_value_get_value (value)));
  label = g_string_new (NULL);
  /* Translators: a metric badge read aloud: the metric, its value, the answers behind it */
  g_string_append_printf (label, _("%s %s, %'" PRId64 " answers"), waymark_metric_get_name (WAYMARK_METRIC (object)),
                          text, waymark_metric_value_get_n (value));
  if (rating != NULL)
    g_string_append_printf (label, ", %s", rating);
  if (*waymark_metric_get_status (WAYMARK_METRIC (object)) != '\0')
    g_string_append_printf (label, ", %s", _("stale"));
  /* Translators: ends a badge's spoken name; the button shows where its value comes from */
  g_string_append (label, _(": where it comes from"));
  return g_string_free (label, FALSE);
}

static void
add_row (JsonBuilder *builder,
         const char  *label,
         const char  *text)
{
  if (text == NULL || *text == '\0')
    return;
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, label);
  json_builder_add_string_value (builder, text);
  json_builder_end_array (builder);
}

/* What a metric computes, in a reader's words. */
static char *
describe_kind (WaymarkMetric *metric)
{
  const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
  const char *column = waymark_metric_get_column_name (metric);
  WaymarkMetricKind kind;

  if (definition != NULL)
    kind = definition->kind;
  else if (!waymark_metric_kind_from_string (waymark_metric_get_kind (metric), &kind))
    return g_strdup (waymark_metric_get_kind (metric));

  switch (kind)
    {
    /* Translators: what metrics compute; %s is a column of the dataset */
    case WAYMARK_METRIC_KIND_COUNT:      return g_strdup_printf (_("the number of answers in “%s”"), column);
    case WAYMARK_METRIC_KIND_SUM:        return g_strdup_printf (_("the sum of “%s”"), column);
    case WAYMARK_METRIC_KIND_MEAN:       return g_strdup_printf (_("the mean of “%s”"), column);
    case WAYMARK_METRIC_KIND_MEDIAN:     return g_strdup_printf (_("the median of “%s”"), column);
    case WAYMARK_METRIC_KIND_MIN:        return g_strdup_printf (_("the lowest value of “%s”"), column);
    case WAYMARK_METRIC_KIND_MAX:        return g_strdup_printf (_("the highest value of “%s”"), column);
    case WAYMARK_METRIC_KIND_RATE:       return g_strdup_printf (_("the share of yes answers in “%s”"), column);
    case WAYMARK_METRIC_KIND_NPS:        return g_strdup_printf (_("Net Promoter Score of “%s”: %% of 9–10 minus %% of 0–6"), column);
    case WAYMARK_METRIC_KIND_CSAT:       return g_strdup_printf (_("customer satisfaction from “%s”: %% of the top answers"), column);
    case WAYMARK_METRIC_KIND_CES:        return g_strdup_printf (_("customer effort from “%s”: the mean answer"), column);
    case WAYMARK_METRIC_KIND_TOP_BOX:    return g_strdup_printf (_("the share of the highest answers in “%s”"), column);
    case WAYMARK_METRIC_KIND_BOTTOM_BOX: return g_strdup_printf (_("the share of the lowest answers in “%s”"), column);
    default:                             return g_strdup (waymark_metric_get_kind (metric));
    }
}

/* What a metric is, for every badge of it: rows of [label, text]. */
static void
add_metric (Html          *html,
            JsonBuilder   *builder,
            WaymarkMetric *metric)
{
  const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
  WaymarkObject *dataset = waymark_document_lookup (html->document, waymark_metric_get_dataset (metric));
  g_autofree char *what = NULL, *computed = NULL;

  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, waymark_metric_get_name (metric));
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);

  what = describe_kind (metric);
  add_row (builder, _("Definition"), what);
  if (definition != NULL)
    {
      g_autofree char *filters = waymark_metric_definition_describe_filters (definition);
      g_autofree char *thresholds = waymark_metric_definition_describe_thresholds (definition);

      add_row (builder, _("Filter"), *filters != '\0' ? filters : _("none: every row"));
      if (definition->condition != NULL)
        add_row (builder, _("Counts answers"), definition->condition);
      switch (definition->period)
        {
        case WAYMARK_PERIOD_WEEK:    add_row (builder, _("Periods"), _("by week")); break;
        case WAYMARK_PERIOD_MONTH:   add_row (builder, _("Periods"), _("by month")); break;
        case WAYMARK_PERIOD_QUARTER: add_row (builder, _("Periods"), _("by quarter")); break;
        default: break;
        }
      add_row (builder, _("Target"), thresholds);
    }
  if (WAYMARK_IS_DATASET (dataset))
    {
      g_autofree char *source = NULL, *imported = NULL, *date = NULL, *file = NULL, *text = NULL;
      gint64 rows = 0;

      g_object_get (dataset, "source", &source, "imported", &imported, "row-count", &rows, NULL);
      file = _waymark_export_source_name (source);
      /* Translators: a metric's source: the dataset's name, its file, its rows */
      text = g_strdup_printf (_("%s (%s), %'" PRId64 " rows"),
                              waymark_dataset_get_name (WAYMARK_DATASET (dataset)), file, rows);
      add_row (builder, _("Source"), text);
      date = waymark_format_timestamp (imported);
      add_row (builder, _("Imported"), date);
    }
  computed = waymark_format_timestamp (waymark_metric_get_computed (metric));
  add_row (builder, _("Refreshed"), computed);
  if (*waymark_metric_get_status (metric) != '\0')
    add_row (builder, _("Stale"), waymark_metric_get_status (metric));
  json_builder_end_array (builder);
}

/* One badge's own numbers: value, rating, n, margin, periods. */
static void
add_value (Html          *html,
           JsonBuilder   *builder,
           const char    *owner,
           WaymarkMetric *metric)
{
  gint64 metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
  WaymarkMetricValue *last, *value = find_value (html, owner, metric_id, &last);
  g_autofree char *text = NULL, *key = NULL, *n = NULL;
  const char *rating = NULL;
  double v;

  if (value == NULL)
    return;
  v = waymark_metric_value_get_value (value);
  key = g_strdup_printf ("%s:%" G_GINT64_FORMAT, owner, metric_id);
  json_builder_set_member_name (builder, key);
  json_builder_begin_object (builder);
  text = format_value (metric, v);
  json_builder_set_member_name (builder, "value");
  json_builder_add_string_value (builder, text);
  if (definition != NULL && (rating = rating_text (waymark_metric_definition_judge (definition, v))))
    {
      json_builder_set_member_name (builder, "rating");
      json_builder_add_string_value (builder, rating);
    }
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  n = g_strdup_printf ("%'" G_GINT64_FORMAT, waymark_metric_value_get_n (value));
  if (definition != NULL && waymark_metric_value_get_n (value) < definition->min_n)
    {
      /* Translators: n, and a warning that it is small */
      g_autofree char *few = g_strdup_printf (_("%s (few: fewer than %d)"), n, definition->min_n);

      add_row (builder, _("Answers (n)"), few);
    }
  else
    add_row (builder, _("Answers (n)"), n);
  if (waymark_metric_value_get_moe (value) > 0)
    {
      /* Translators: a 95% margin of error, “± 2.1 at 95%” */
      g_autofree char *moe = g_strdup_printf (_("± %.1f at 95%%"), waymark_metric_value_get_moe (value));

      add_row (builder, _("Margin of error"), moe);
    }
  if (waymark_metric_value_get_excluded (value) > 0)
    {
      g_autofree char *excluded = g_strdup_printf ("%'" G_GINT64_FORMAT, waymark_metric_value_get_excluded (value));

      add_row (builder, _("Cells left out"), excluded);
    }
  if (last != NULL)
    {
      g_autofree char *period = waymark_format_period (waymark_metric_value_get_period (last));
      g_autofree char *last_text = format_value (metric, waymark_metric_value_get_value (last));
      /* Translators: the latest period and the value in it */
      g_autofree char *row = g_strdup_printf (_("%s: %s"), period, last_text);

      add_row (builder, _("Latest period"), row);
    }
  else
    add_row (builder, _("Period"), _("all rows"));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_values_of (Html        *html,
               JsonBuilder *builder,
               const char  *owner,
               GPtrArray   *badges)
{
  for (guint b = 0; badges != NULL && b < badges->len; b++)
    {
      const WaymarkLayoutBadge *badge = g_ptr_array_index (badges, b);
      WaymarkObject *metric = waymark_document_lookup (html->document, badge->metric);

      if (WAYMARK_IS_METRIC (metric))
        add_value (html, builder, owner, WAYMARK_METRIC (metric));
    }
}

static void
add_strings (JsonBuilder *builder)
{
  static const struct { const char *key; const char *text; } strings[] = {
    /* Translators: search results, “2 of 7” */
    { "match", N_("%1 of %2") },
    { "noMatch", N_("No matches") },
    /* Translators: where stage navigation is, “Stage 2 of 5: Purchase” */
    { "stage", N_("Stage %1 of %2: %3") },
    /* Translators: a printed page's stages, “Stages 1 to 2 of 6” */
    { "stages", N_("Stages %1 to %2 of %3") },
    { "wholeMap", N_("The whole map") },
    { "close", N_("Close") },
    { "everything", N_("All cards") },
    { "highPain", N_("Severe pain points") },
    { "offTarget", N_("Metrics below target") },
    /* Translators: a focus filter on one kind of card, “Only pain points” */
    { "onlyKind", N_("Only %1") },
    /* Translators: a focus filter on one channel, “Channel: Web” */
    { "channel", N_("Channel: %1") },
    /* Translators: said when the focus filter changes, “4 cards shown, 16 dimmed” */
    { "focused", N_("%1 cards shown, %2 dimmed") },
  };

  json_builder_set_member_name (builder, "strings");
  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      json_builder_set_member_name (builder, strings[i].key);
      json_builder_add_string_value (builder, _(strings[i].text));
    }
  json_builder_end_object (builder);
}

static void
add_map (Html        *html,
         JsonBuilder *builder,
         Page        *page)
{
  guint n_stages, n_lanes, n_cards;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (page->layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (page->layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (page->layout, &n_cards);
  double width, height;

  waymark_scene_get_size (page->light, &width, &height);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prefix");
  json_builder_add_string_value (builder, page->prefix);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, waymark_map_get_title (page->map));
  json_builder_set_member_name (builder, "width");
  json_builder_add_double_value (builder, width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_double_value (builder, height);

  json_builder_set_member_name (builder, "stages");
  json_builder_begin_array (builder);
  for (guint s = 0; s < n_stages; s++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, waymark_object_get_id (WAYMARK_OBJECT (stages[s].stage)));
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, waymark_stage_get_title (stages[s].stage));
      json_builder_set_member_name (builder, "x");
      json_builder_add_double_value (builder, stages[s].x);
      json_builder_set_member_name (builder, "width");
      json_builder_add_double_value (builder, stages[s].width);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* The smallest text, and where the header band and each lane lie, for
   * cutting printed pages. */
  json_builder_set_member_name (builder, "smallestText");
  json_builder_add_double_value (builder, waymark_scene_get_smallest_text (page->light, (1u << WAYMARK_SCENE_N_LAYERS) - 1));
  json_builder_set_member_name (builder, "headerTop");
  json_builder_add_double_value (builder, waymark_layout_get_header_top (page->layout));
  json_builder_set_member_name (builder, "headerBottom");
  json_builder_add_double_value (builder, waymark_layout_get_header_bottom (page->layout));
  json_builder_set_member_name (builder, "lanes");
  json_builder_begin_array (builder);
  for (guint l = 0; l < n_lanes; l++)
    {
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, lanes[l].y);
      json_builder_add_double_value (builder, lanes[l].height);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "cards");
  json_builder_begin_object (builder);
  for (guint c = 0; c < n_cards; c++)
    {
      WaymarkCard *card = cards[c].card;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, waymark_object_get_id (WAYMARK_OBJECT (card)));
      gboolean below = FALSE;

      for (guint b = 0; cards[c].badges != NULL && b < cards[c].badges->len; b++)
        below |= ((WaymarkLayoutBadge *) g_ptr_array_index (cards[c].badges, b))->rating == WAYMARK_METRIC_RATING_BAD;
      json_builder_set_member_name (builder, id);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, waymark_card_get_kind (card));
      json_builder_set_member_name (builder, "channel");
      json_builder_add_string_value (builder, waymark_card_get_channel (card));
      json_builder_set_member_name (builder, "severity");
      json_builder_add_int_value (builder, waymark_card_get_severity (card));
      json_builder_set_member_name (builder, "below");
      json_builder_add_boolean_value (builder, below);
      json_builder_set_member_name (builder, "stage");
      json_builder_add_int_value (builder, cards[c].stage_index);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "values");
  json_builder_begin_object (builder);
  for (guint c = 0; c < n_cards; c++)
    {
      g_autofree char *owner = g_strdup_printf ("card:%" G_GINT64_FORMAT, waymark_object_get_id (WAYMARK_OBJECT (cards[c].card)));

      add_values_of (html, builder, owner, cards[c].badges);
    }
  for (guint s = 0; s < n_stages; s++)
    {
      g_autofree char *owner = g_strdup_printf ("stage:%" G_GINT64_FORMAT, waymark_object_get_id (WAYMARK_OBJECT (stages[s].stage)));

      add_values_of (html, builder, owner, stages[s].badges);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* The page's data for its script, safe inside a <script> element. */
static char *
make_data (Html *html)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *metrics = waymark_document_get_items (html->document, WAYMARK_TYPE_METRIC);
  const char * const *kinds = waymark_card_kinds ();
  const char * const *channels = waymark_card_channels ();
  g_autofree char *text = NULL;
  GString *safe;

  json_builder_begin_object (builder);
  add_strings (builder);

  json_builder_set_member_name (builder, "kinds");
  json_builder_begin_object (builder);
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      json_builder_set_member_name (builder, kinds[i]);
      json_builder_add_string_value (builder, waymark_card_kind_label (kinds[i]));
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "channels");
  json_builder_begin_object (builder);
  for (guint i = 0; channels[i] != NULL; i++)
    if (*channels[i] != '\0')
      {
        json_builder_set_member_name (builder, channels[i]);
        json_builder_add_string_value (builder, waymark_card_channel_label (channels[i]));
      }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "metrics");
  json_builder_begin_object (builder);
  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, waymark_object_get_id (WAYMARK_OBJECT (metric)));

      json_builder_set_member_name (builder, id);
      json_builder_begin_object (builder);
      add_metric (html, builder, metric);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "maps");
  json_builder_begin_array (builder);
  for (guint p = 0; p < html->pages->len; p++)
    add_map (html, builder, &g_array_index (html->pages, Page, p));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  /* “<” appears only inside strings, where \u003c means the same. */
  safe = g_string_sized_new (strlen (text) + 64);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '<')
        g_string_append (safe, "\\u003c");
      else
        g_string_append_c (safe, *p);
    }
  return g_string_free (safe, FALSE);
}

/* ------------------------------------------------------------------ */
/* The page */

static void
write_outline (Html *html,
               Page *page)
{
  guint n_stages, n_lanes, n_cards;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (page->layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (page->layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (page->layout, &n_cards);

  put (html, "<ol class=\"wm-outline-stages\">\n");
  for (guint s = 0; s < n_stages; s++)
    {
      gint64 stage_id = waymark_object_get_id (WAYMARK_OBJECT (stages[s].stage));

      put_printf (html, "<li><a href=\"#%sstage-%" G_GINT64_FORMAT "\">", page->prefix, stage_id);
      put_escaped (html, waymark_stage_get_title (stages[s].stage));
      put (html, "</a>");
      if (*waymark_stage_get_description (stages[s].stage) != '\0')
        {
          put (html, "<p>");
          put_escaped (html, waymark_stage_get_description (stages[s].stage));
          put (html, "</p>");
        }
      put (html, "<ul>");
      for (guint l = 0; l < n_lanes; l++)
        {
          gboolean any = FALSE;

          for (guint c = 0; c < n_cards; c++)
            {
              WaymarkCard *card = cards[c].card;

              if (cards[c].stage_index != s || cards[c].lane_index != l)
                continue;
              if (!any)
                {
                  put (html, "<li>");
                  put_escaped (html, waymark_lane_get_title (lanes[l].lane));
                  put (html, "<ul>");
                  any = TRUE;
                }
              put_printf (html, "<li><a href=\"#%scard-%" G_GINT64_FORMAT "\">", page->prefix,
                          waymark_object_get_id (WAYMARK_OBJECT (card)));
              put_escaped (html, waymark_card_kind_label (waymark_card_get_kind (card)));
              put (html, ": ");
              put_escaped (html, waymark_card_get_title (card));
              put (html, "</a>");
              for (guint b = 0; cards[c].badges != NULL && b < cards[c].badges->len; b++)
                {
                  const WaymarkLayoutBadge *badge = g_ptr_array_index (cards[c].badges, b);
                  WaymarkObject *metric = waymark_document_lookup (html->document, badge->metric);
                  g_autofree char *value = NULL;

                  if (!WAYMARK_IS_METRIC (metric))
                    continue;
                  value = format_value (WAYMARK_METRIC (metric), badge->value);
                  put (html, " · ");
                  put_escaped (html, waymark_metric_get_name (WAYMARK_METRIC (metric)));
                  put (html, " ");
                  put_escaped (html, value);
                }
              put (html, "</li>");
            }
          if (any)
            put (html, "</ul></li>");
        }
      put (html, "</ul></li>\n");
    }
  put (html, "</ol>\n");
}

/* The direction of the first letter, as a paragraph of @text would run. */
static gboolean
starts_right_to_left (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalpha (c))
        continue;
      switch (g_unichar_get_script (c))
        {
        case G_UNICODE_SCRIPT_ARABIC:
        case G_UNICODE_SCRIPT_HEBREW:
        case G_UNICODE_SCRIPT_SYRIAC:
        case G_UNICODE_SCRIPT_THAANA:
        case G_UNICODE_SCRIPT_NKO:
          return TRUE;
        default:
          return FALSE;
        }
    }
  return FALSE;
}

static gboolean
write_page (Html          *html,
            gint64         first_map,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GBytes) css = lookup ("html/waymark-html.css");
  g_autoptr(GBytes) js = lookup ("html/waymark-html.js");
  g_autoptr(GHashTable) dark_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GString) style = g_string_new (NULL);
  g_autoptr(GString) dark_style = g_string_new (NULL);
  g_autofree char *data = NULL, *style_hash = NULL, *script_hash = NULL;
  g_autofree char *language = _waymark_export_guess_language (html->document);
  const char *title = waymark_document_get_title (html->document);
  gboolean rtl = FALSE;
  guint first = 0;

  g_assert (css != NULL && js != NULL);

  if (*title == '\0' && html->pages->len > 0)
    title = waymark_map_get_title (g_array_index (html->pages, Page, 0).map);
  rtl = starts_right_to_left (title);

  /* The dark colours come out of writing the drawings; a first pass that
   * keeps nothing collects them, so that the style sheet (and its hash)
   * can come first, and the page is still written as it is made. */
  for (guint p = 0; p < html->pages->len; p++)
    {
      Page *page = &g_array_index (html->pages, Page, p);
      WaymarkSvgOptions options = { .inline_svg = TRUE, .id_prefix = page->prefix, .dark = page->dark,
                                    .dark_classes = dark_classes, .dark_style = dark_style,
                                    .interactive = TRUE };

      if (!waymark_svg_writer_write_options (page->light, &options, discard_cb, NULL, error))
        return FALSE;
      if (waymark_object_get_id (WAYMARK_OBJECT (page->map)) == first_map)
        first = p;
    }

  g_string_append_len (style, g_bytes_get_data (css, NULL), g_bytes_get_size (css));
  g_string_append (style, "@media screen and (prefers-color-scheme: dark) {\n");
  g_string_append (style, dark_style->str);
  g_string_append (style, "}\n");
  style_hash = csp_hash (style->str, style->len);
  script_hash = csp_hash (g_bytes_get_data (js, NULL), g_bytes_get_size (js));
  data = make_data (html);

  put_printf (html, "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
              language, rtl ? "rtl" : "ltr");
  /* Nothing may be fetched: not a font, an image, a frame or a beacon. */
  put_printf (html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
                    "style-src %s; script-src %s; base-uri 'none'; form-action 'none'\">\n",
              style_hash, script_hash);
  put (html, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  put (html, "<meta name=\"color-scheme\" content=\"light dark\">\n");
  put (html, "<meta name=\"referrer\" content=\"no-referrer\">\n");
  put (html, "<meta name=\"generator\" content=\"Waymark " PACKAGE_VERSION "\">\n<title>");
  put_escaped (html, title);
  put (html, "</title>\n<style>");
  put (html, style->str);
  put (html, "</style>\n</head>\n<body>\n");

  /* The header bar: title, maps, tools. */
  put (html, "<header class=\"wm-bar\">\n<h1 class=\"wm-title\">");
  put_escaped (html, title);
  put (html, "</h1>\n");
  put_printf (html, "<div class=\"wm-tabs\" role=\"tablist\" aria-label=\"%s\"%s>\n", _("Maps"),
              html->pages->len < 2 ? " hidden" : "");
  for (guint p = 0; p < html->pages->len; p++)
    {
      Page *page = &g_array_index (html->pages, Page, p);

      put_printf (html, "<button type=\"button\" role=\"tab\" id=\"%stab\" aria-controls=\"%spanel\" "
                        "aria-selected=\"%s\" tabindex=\"%s\">",
                  page->prefix, page->prefix, p == first ? "true" : "false", p == first ? "0" : "-1");
      put_escaped (html, waymark_map_get_title (page->map));
      put (html, "</button>\n");
    }
  put (html, "</div>\n<div class=\"wm-tools\">\n");
  put_printf (html, "<div class=\"wm-search\" role=\"search\"><input type=\"search\" id=\"wm-search\" "
                    "placeholder=\"%s\" aria-label=\"%s\" aria-describedby=\"wm-count\" autocomplete=\"off\">"
                    "<output id=\"wm-count\" aria-live=\"polite\"></output>"
                    "<button type=\"button\" id=\"wm-search-prev\" aria-label=\"%s\" title=\"%s\">↑</button>"
                    "<button type=\"button\" id=\"wm-search-next\" aria-label=\"%s\" title=\"%s\">↓</button></div>\n",
              _("Find…"), _("Find cards"), _("Previous match"), _("Previous match (Shift+Enter)"),
              _("Next match"), _("Next match (Enter)"));
  put_printf (html, "<label class=\"wm-focus\"><span>%s</span> <select id=\"wm-focus\"></select></label>\n",
              _("Show"));
  put_printf (html, "<div class=\"wm-group\" role=\"group\" aria-label=\"%s\">"
                    "<button type=\"button\" id=\"wm-stage-prev\" aria-label=\"%s\" title=\"%s\">‹</button>"
                    "<output id=\"wm-stage\" aria-live=\"polite\"></output>"
                    "<button type=\"button\" id=\"wm-stage-next\" aria-label=\"%s\" title=\"%s\">›</button></div>\n",
              _("Stages"), _("Previous stage"), _("Previous stage (Page Up)"), _("Next stage"),
              _("Next stage (Page Down)"));
  put_printf (html, "<div class=\"wm-group\" role=\"group\" aria-label=\"%s\">"
                    "<button type=\"button\" id=\"wm-zoom-out\" aria-label=\"%s\" title=\"%s\">−</button>"
                    "<button type=\"button\" id=\"wm-fit\" title=\"%s\">%s</button>"
                    "<button type=\"button\" id=\"wm-zoom-in\" aria-label=\"%s\" title=\"%s\">+</button></div>\n",
              _("Zoom"), _("Zoom out"), _("Zoom out (−)"), _("Show the whole map (0)"), _("Fit"),
              _("Zoom in"), _("Zoom in (+)"));
  put_printf (html, "<button type=\"button\" id=\"wm-outline-button\" aria-expanded=\"false\" "
                    "aria-controls=\"wm-outline\">%s</button>\n", _("Outline"));
  put (html, "</div>\n</header>\n<main class=\"wm-main\">\n");

  for (guint p = 0; p < html->pages->len; p++)
    {
      Page *page = &g_array_index (html->pages, Page, p);
      WaymarkSvgOptions options = { .inline_svg = TRUE, .id_prefix = page->prefix, .dark = page->dark,
                                    .dark_classes = dark_classes, .dark_style = NULL,
                                    .interactive = TRUE, .link_label = badge_label_cb,
                                    .link_label_data = html };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      put_printf (html, "<section class=\"wm-panel\" role=\"tabpanel\" id=\"%spanel\" aria-labelledby=\"%stab\" "
                        "data-map=\"%u\"%s>\n<div class=\"wm-viewport\" tabindex=\"0\" aria-roledescription=\"%s\" "
                        "aria-label=\"",
                  page->prefix, page->prefix, p, p == first ? "" : " hidden", _("map"));
      put_escaped (html, waymark_map_get_title (page->map));
      put_printf (html, "\" aria-describedby=\"wm-help\">\n");
      if (html->failed)
        return FALSE;
      if (!waymark_svg_writer_write_options (page->light, &options, html->write, html->closure, error))
        return FALSE;
      put (html, "\n</div>\n</section>\n");
    }

  put_printf (html, "<nav id=\"wm-outline\" class=\"wm-outline\" aria-label=\"%s\" hidden>\n", _("Outline of the map"));
  for (guint p = 0; p < html->pages->len; p++)
    {
      Page *page = &g_array_index (html->pages, Page, p);

      put_printf (html, "<section data-map=\"%u\"%s><h2>", p, p == first ? "" : " hidden");
      put_escaped (html, waymark_map_get_title (page->map));
      put (html, "</h2>\n");
      write_outline (html, page);
      put (html, "</section>\n");
    }
  put (html, "</nav>\n</main>\n");
  put_printf (html, "<p id=\"wm-help\" class=\"wm-help\">%s</p>\n",
              _("Arrow keys move between cards and stages; Enter on a metric shows where its number comes from. "
                "Drag or scroll to pan, Ctrl with the wheel or a pinch to zoom, Page Up and Page Down walk the stages."));
  put_printf (html, "<div id=\"wm-popover\" class=\"wm-popover\" role=\"dialog\" aria-labelledby=\"wm-popover-title\" hidden>"
                    "<h2 id=\"wm-popover-title\"></h2><p id=\"wm-popover-value\"></p><dl id=\"wm-popover-rows\"></dl>"
                    "<button type=\"button\" id=\"wm-popover-close\">%s</button></div>\n", _("Close"));
  put (html, "<script type=\"application/json\" id=\"wm-data\">");
  put (html, data);
  put (html, "</script>\n<script>");
  if (!html->failed && !html->write (html->closure, g_bytes_get_data (js, NULL), g_bytes_get_size (js)))
    html->failed = TRUE;
  put (html, "</script>\n</body>\n</html>\n");

  if (html->failed)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("cannot write the HTML"));
      return FALSE;
    }
  return TRUE;
}

/*
 * _waymark_html_write:
 * @document: the document
 * @first_map: the map whose tab is open first
 * @cell_columns: cards side by side in a cell, as in the options; 0 or 1: stacked
 * @write: receives the page
 * @closure: for @write
 * @cancellable: (nullable): checked between maps
 * @error: return location for a #GError
 *
 * Writes every map of @document that has stages as one web page.
 *
 * Returns: %FALSE if @write refused the output (the caller knows why) or
 *   the page could not be made
 */
gboolean
_waymark_html_write (WaymarkDocument   *document,
                     gint64             first_map,
                     guint              cell_columns,
                     WaymarkWriteFunc   write,
                     gpointer           closure,
                     GCancellable      *cancellable,
                     GError           **error)
{
  g_autoptr(GPtrArray) maps = waymark_document_dup_maps (document);
  g_autoptr(GArray) pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                        (GDestroyNotify) g_ptr_array_unref);
  Html html = { document, pages, values, write, closure, FALSE };

  g_array_set_clear_func (pages, page_clear);
  for (guint m = 0; m < maps->len; m++)
    {
      WaymarkMap *map = g_ptr_array_index (maps, m);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (map));
      Page page = { NULL, };
      guint n_stages;

      page.layout = waymark_layout_new (document, id);
      if (cell_columns > 1)
        waymark_layout_set_cell_columns (page.layout, cell_columns);
      waymark_layout_update (page.layout);
      waymark_layout_get_stages (page.layout, &n_stages);
      if (n_stages == 0 && id != first_map)
        {
          /* A map being started has nothing to show yet. */
          g_object_unref (page.layout);
          continue;
        }
      page.map = map;
      page.prefix = g_strdup_printf ("m%" G_GINT64_FORMAT "-", id);
      page.light = waymark_scene_new (page.layout, waymark_theme_get_light ());
      waymark_scene_update (page.light);
      page.dark = waymark_scene_new (page.layout, waymark_theme_get_dark ());
      waymark_scene_update (page.dark);
      g_array_append_val (pages, page);
    }

  index_values (&html);
  return write_page (&html, first_map, cancellable, error);
}
