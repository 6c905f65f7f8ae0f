/* waymark-items.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-items"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-items.h"
#include "waymark-items-private.h"
#include "waymark-metric-definition.h"
#include "waymark-object-private.h"

#define FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

static const char * const lane_kinds[] = {
  "notes", "touchpoints", "actions", "thoughts", "emotions", "pain-points",
  "opportunities", "channels", "metrics", "backstage", "images", "parking-lot", NULL
};

static const char * const card_kinds[] = {
  "touchpoint", "note", "pain-point", "opportunity", "quote", NULL
};

static const char * const card_channels[] = {
  "", "web", "mobile-app", "email", "phone", "chat", "store", "social", "mail",
  "sms", "video", NULL
};

G_DEFINE_QUARK (waymark-reference-target, _waymark_reference_target)

static GParamSpec *
string_pspec (const char *name,
              const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value, FLAGS);
}

static GParamSpec *
int_pspec (const char *name,
           int         minimum,
           int         maximum,
           int         default_value)
{
  return g_param_spec_int (name, NULL, NULL, minimum, maximum, default_value, FLAGS);
}

static GParamSpec *
count_pspec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0, FLAGS);
}

/* A measured number, NaN for none (NULL in the file). GLib's own range
 * check refuses NaN, as NaN compares unequal to itself after clamping, so
 * it is lax here; the document validates what it stores with
 * _waymark_object_validate_value(), which lets NaN through. */
static GParamSpec *
number_pspec (const char *name)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                              FLAGS | G_PARAM_LAX_VALIDATION);
}

/* An id of another object of type @target, 0 for none. */
static GParamSpec *
ref_pspec (const char *name,
           GType       target)
{
  GParamSpec *pspec = g_param_spec_int64 (name, NULL, NULL, 0, G_MAXINT64, 0, FLAGS);

  g_param_spec_set_qdata (pspec, _waymark_reference_target_quark (), GSIZE_TO_POINTER (target));
  return pspec;
}

/*
 * _waymark_param_spec_get_reference:
 *
 * Returns: the type @pspec refers to, or %G_TYPE_INVALID if it is a plain value
 */
GType
_waymark_param_spec_get_reference (GParamSpec *pspec)
{
  return GPOINTER_TO_SIZE (g_param_spec_get_qdata (pspec, _waymark_reference_target_quark ()));
}

const char * const *
waymark_lane_kinds (void)
{
  return lane_kinds;
}

const char * const *
waymark_card_kinds (void)
{
  return card_kinds;
}

const char * const *
waymark_card_channels (void)
{
  return card_channels;
}

static const char *
lookup_label (const char * const  (*labels)[2],
              gsize                n_labels,
              const char          *word,
              const char          *context)
{
  for (gsize i = 0; i < n_labels; i++)
    if (g_str_equal (labels[i][0], word))
      return context ? g_dpgettext2 (GETTEXT_PACKAGE, context, labels[i][1])
                     : g_dgettext (GETTEXT_PACKAGE, labels[i][1]);
  return word;
}

static const char * const lane_kind_labels[][2] = {
  { "notes", N_("Notes") },
  { "touchpoints", N_("Touchpoints") },
  { "actions", N_("Actions") },
  { "thoughts", N_("Thoughts") },
  { "emotions", N_("Emotions") },
  { "pain-points", N_("Pain Points") },
  { "opportunities", N_("Opportunities") },
  { "channels", N_("Channels") },
  { "metrics", N_("Metrics") },
  { "backstage", N_("Backstage") },
  { "images", N_("Images") },
  /* Translators: a lane for ideas set aside in a workshop, to come back to */
  { "parking-lot", N_("Parking Lot") },
};

/**
 * waymark_lane_kind_label:
 * @kind: one of waymark_lane_kinds()
 *
 * Returns: the kind's name for people, translated; @kind itself if unknown
 */
const char *
waymark_lane_kind_label (const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);
  return lookup_label (lane_kind_labels, G_N_ELEMENTS (lane_kind_labels), kind, NULL);
}

/* The kind's name in English, as templates title their lanes; %NULL if unknown. */
const char *
_waymark_lane_kind_msgid (const char *kind)
{
  for (gsize i = 0; kind != NULL && i < G_N_ELEMENTS (lane_kind_labels); i++)
    if (g_str_equal (lane_kind_labels[i][0], kind))
      return lane_kind_labels[i][1];
  return NULL;
}

const char *
waymark_card_kind_label (const char *kind)
{
  static const char * const labels[][2] = {
    { "touchpoint", N_("Touchpoint") },
    { "note", N_("Note") },
    { "pain-point", N_("Pain Point") },
    { "opportunity", N_("Opportunity") },
    { "quote", N_("Quote") },
  };

  g_return_val_if_fail (kind != NULL, NULL);
  return lookup_label (labels, G_N_ELEMENTS (labels), kind, NULL);
}

const char *
waymark_card_channel_label (const char *channel)
{
  /* The channels through which a customer meets a service, on cards. */
  static const char * const labels[][2] = {
    { "", NC_("channel", "No Channel") },
    { "web", NC_("channel", "Web") },
    { "mobile-app", NC_("channel", "Mobile App") },
    { "email", NC_("channel", "Email") },
    { "phone", NC_("channel", "Phone") },
    { "chat", NC_("channel", "Chat") },
    { "store", NC_("channel", "Store") },
    { "social", NC_("channel", "Social Media") },
    /* Translators: a channel: a letter by post, not the paper size */
    { "mail", NC_("channel", "Letter") },
    { "sms", NC_("channel", "SMS") },
    { "video", NC_("channel", "Video Call") },
  };

  g_return_val_if_fail (channel != NULL, NULL);
  return lookup_label (labels, G_N_ELEMENTS (labels), channel, "channel");
}

static const char * const card_statuses[] = { "", "idea", "planned", "in progress", "done", NULL };

/**
 * waymark_card_statuses:
 *
 * Returns: (transfer none): the statuses an opportunity may be given from a
 * list, none first; a card may also hold any other text
 */
const char * const *
waymark_card_statuses (void)
{
  return card_statuses;
}

/**
 * waymark_card_status_label:
 * @status: a card's status
 *
 * Returns: a status of waymark_card_statuses() for people, translated;
 * @status itself if it is other text
 */
const char *
waymark_card_status_label (const char *status)
{
  static const char * const names[] = {
    /* Translators: the statuses of an opportunity */
    NC_("status", "None"), NC_("status", "Idea"), NC_("status", "Planned"),
    NC_("status", "In Progress"), NC_("status", "Done"),
  };

  g_return_val_if_fail (status != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (card_statuses[i], status))
      return g_dpgettext2 (GETTEXT_PACKAGE, "status", names[i]);
  return status;
}

const GType *
waymark_item_types (guint *n_types)
{
  static GType types[11];

  if (types[0] == 0)
    {
      types[0] = WAYMARK_TYPE_PERSONA;
      types[1] = WAYMARK_TYPE_MAP;
      types[2] = WAYMARK_TYPE_STAGE;
      types[3] = WAYMARK_TYPE_LANE;
      types[4] = WAYMARK_TYPE_CARD;
      types[5] = WAYMARK_TYPE_EMOTION;
      types[6] = WAYMARK_TYPE_CONNECTOR;
      types[7] = WAYMARK_TYPE_COMMENT;
      types[8] = WAYMARK_TYPE_DATASET;
      types[9] = WAYMARK_TYPE_METRIC;
      types[10] = WAYMARK_TYPE_METRIC_VALUE;

      /* Keep every class alive, so code walking the property lists can peek them. */
      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        g_type_class_ref (types[i]);
    }

  if (n_types != NULL)
    *n_types = G_N_ELEMENTS (types);

  return types;
}

/* Persona */

struct _WaymarkPersona { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkPersona, waymark_persona, WAYMARK_TYPE_OBJECT)
enum { PERSONA_POSITION = 1, PERSONA_NAME, PERSONA_ROLE, PERSONA_QUOTE, PERSONA_GOALS, PERSONA_FRUSTRATIONS, PERSONA_PHOTO };

static void
waymark_persona_class_init (WaymarkPersonaClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "persona", N_("Persona"),
                                 int_pspec ("position", 0, G_MAXINT, 0),
                                 string_pspec ("name", ""),
                                 string_pspec ("role", ""),
                                 string_pspec ("quote", ""),
                                 string_pspec ("goals", ""),
                                 string_pspec ("frustrations", ""),
                                 g_param_spec_boxed ("photo", NULL, NULL, G_TYPE_BYTES, FLAGS),
                                 NULL);
}

static void waymark_persona_init (WaymarkPersona *self) { }

const char *waymark_persona_get_name (WaymarkPersona *self) { return _WAYMARK_OBJECT_STRING (self, PERSONA_NAME); }
int waymark_persona_get_position (WaymarkPersona *self) { return _WAYMARK_OBJECT_INT (self, PERSONA_POSITION); }
const char *waymark_persona_get_role (WaymarkPersona *self) { return _WAYMARK_OBJECT_STRING (self, PERSONA_ROLE); }
const char *waymark_persona_get_quote (WaymarkPersona *self) { return _WAYMARK_OBJECT_STRING (self, PERSONA_QUOTE); }
const char *waymark_persona_get_goals (WaymarkPersona *self) { return _WAYMARK_OBJECT_STRING (self, PERSONA_GOALS); }
const char *waymark_persona_get_frustrations (WaymarkPersona *self) { return _WAYMARK_OBJECT_STRING (self, PERSONA_FRUSTRATIONS); }
GBytes *waymark_persona_get_photo (WaymarkPersona *self) { return g_value_get_boxed (_waymark_object_peek_value (WAYMARK_OBJECT (self), PERSONA_PHOTO)); }

/**
 * waymark_persona_dup_initial:
 * @self: a persona
 *
 * What a persona without a photo shows in its avatar, on the map and in
 * the inspector alike: the first letter of its name in capitals.
 *
 * Returns: the letter, "?" for a persona without a name
 */
char *
waymark_persona_dup_initial (WaymarkPersona *self)
{
  const char *name;
  g_autofree char *first = NULL;

  g_return_val_if_fail (WAYMARK_IS_PERSONA (self), NULL);

  name = waymark_persona_get_name (self);
  while (*name != '\0' && g_unichar_isspace (g_utf8_get_char (name)))
    name = g_utf8_next_char (name);
  first = g_utf8_substring (*name != '\0' ? name : "?", 0, 1);
  return g_utf8_strup (first, -1);
}

/* Map */

struct _WaymarkMap { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkMap, waymark_map, WAYMARK_TYPE_OBJECT)
enum { MAP_POSITION = 1, MAP_TITLE, MAP_PERSONA, MAP_SCENARIO };

static void
waymark_map_class_init (WaymarkMapClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "map", N_("Map"),
                                 int_pspec ("position", 0, G_MAXINT, 0),
                                 string_pspec ("title", ""),
                                 ref_pspec ("persona", WAYMARK_TYPE_PERSONA),
                                 string_pspec ("scenario", ""),
                                 NULL);
}

static void waymark_map_init (WaymarkMap *self) { }

const char *waymark_map_get_title (WaymarkMap *self) { return _WAYMARK_OBJECT_STRING (self, MAP_TITLE); }
int waymark_map_get_position (WaymarkMap *self) { return _WAYMARK_OBJECT_INT (self, MAP_POSITION); }
const char *waymark_map_get_scenario (WaymarkMap *self) { return _WAYMARK_OBJECT_STRING (self, MAP_SCENARIO); }
gint64 waymark_map_get_persona (WaymarkMap *self) { return _WAYMARK_OBJECT_INT64 (self, MAP_PERSONA); }

/* Stage */

struct _WaymarkStage { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkStage, waymark_stage, WAYMARK_TYPE_OBJECT)
enum { STAGE_MAP = 1, STAGE_POSITION, STAGE_TITLE, STAGE_DESCRIPTION, STAGE_COLOR, STAGE_WIDTH };

static void
waymark_stage_class_init (WaymarkStageClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "stage", N_("Stage"),
                                 ref_pspec ("map", WAYMARK_TYPE_MAP),
                                 int_pspec ("position", 0, G_MAXINT, 0),
                                 string_pspec ("title", ""),
                                 string_pspec ("description", ""),
                                 string_pspec ("color", ""),
                                 number_pspec ("width"),
                                 NULL);
}

static void waymark_stage_init (WaymarkStage *self) { }

gint64 waymark_stage_get_map (WaymarkStage *self) { return _WAYMARK_OBJECT_INT64 (self, STAGE_MAP); }
int waymark_stage_get_position (WaymarkStage *self) { return _WAYMARK_OBJECT_INT (self, STAGE_POSITION); }
const char *waymark_stage_get_title (WaymarkStage *self) { return _WAYMARK_OBJECT_STRING (self, STAGE_TITLE); }
const char *waymark_stage_get_description (WaymarkStage *self) { return _WAYMARK_OBJECT_STRING (self, STAGE_DESCRIPTION); }
const char *waymark_stage_get_color (WaymarkStage *self) { return _WAYMARK_OBJECT_STRING (self, STAGE_COLOR); }
double waymark_stage_get_width (WaymarkStage *self) { return _WAYMARK_OBJECT_DOUBLE (self, STAGE_WIDTH); }

/* Lane */

struct _WaymarkLane { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkLane, waymark_lane, WAYMARK_TYPE_OBJECT)
enum { LANE_MAP = 1, LANE_POSITION, LANE_TITLE, LANE_KIND, LANE_COLOR, LANE_COLLAPSED, LANE_HEIGHT };

static const char * const *
lane_allowed_values (GParamSpec *pspec)
{
  return g_str_equal (pspec->name, "kind") ? lane_kinds : NULL;
}

static void
waymark_lane_class_init (WaymarkLaneClass *klass)
{
  WAYMARK_OBJECT_CLASS (klass)->allowed_values = lane_allowed_values;
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "lane", N_("Lane"),
                                 ref_pspec ("map", WAYMARK_TYPE_MAP),
                                 int_pspec ("position", 0, G_MAXINT, 0),
                                 string_pspec ("title", ""),
                                 string_pspec ("kind", "notes"),
                                 string_pspec ("color", ""),
                                 g_param_spec_boolean ("collapsed", NULL, NULL, FALSE, FLAGS),
                                 number_pspec ("height"),
                                 NULL);
}

static void waymark_lane_init (WaymarkLane *self) { }

gint64 waymark_lane_get_map (WaymarkLane *self) { return _WAYMARK_OBJECT_INT64 (self, LANE_MAP); }
int waymark_lane_get_position (WaymarkLane *self) { return _WAYMARK_OBJECT_INT (self, LANE_POSITION); }
const char *waymark_lane_get_title (WaymarkLane *self) { return _WAYMARK_OBJECT_STRING (self, LANE_TITLE); }
const char *waymark_lane_get_kind (WaymarkLane *self) { return _WAYMARK_OBJECT_STRING (self, LANE_KIND); }
const char *waymark_lane_get_color (WaymarkLane *self) { return _WAYMARK_OBJECT_STRING (self, LANE_COLOR); }
gboolean waymark_lane_get_collapsed (WaymarkLane *self) { return _WAYMARK_OBJECT_BOOLEAN (self, LANE_COLLAPSED); }
double waymark_lane_get_height (WaymarkLane *self) { return _WAYMARK_OBJECT_DOUBLE (self, LANE_HEIGHT); }

/* Card */

struct _WaymarkCard { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkCard, waymark_card, WAYMARK_TYPE_OBJECT)
enum { CARD_LANE = 1, CARD_STAGE, CARD_POSITION, CARD_SPAN, CARD_KIND, CARD_TITLE, CARD_BODY, CARD_CHANNEL, CARD_COLOR, CARD_SEVERITY, CARD_OWNER, CARD_STATUS, CARD_VOTES };

static const char * const *
card_allowed_values (GParamSpec *pspec)
{
  if (g_str_equal (pspec->name, "kind"))
    return card_kinds;
  if (g_str_equal (pspec->name, "channel"))
    return card_channels;
  return NULL;
}

static void
waymark_card_class_init (WaymarkCardClass *klass)
{
  WAYMARK_OBJECT_CLASS (klass)->allowed_values = card_allowed_values;
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "card", N_("Card"),
                                 ref_pspec ("lane", WAYMARK_TYPE_LANE),
                                 ref_pspec ("stage", WAYMARK_TYPE_STAGE),
                                 int_pspec ("position", 0, G_MAXINT, 0),
                                 int_pspec ("span", 1, 10000, 1),
                                 string_pspec ("kind", "note"),
                                 string_pspec ("title", ""),
                                 string_pspec ("body", ""),
                                 string_pspec ("channel", ""),
                                 string_pspec ("color", ""),
                                 int_pspec ("severity", 0, 3, 0),
                                 string_pspec ("owner", ""),
                                 string_pspec ("status", ""),
                                 int_pspec ("votes", 0, WAYMARK_CARD_VOTES_MAX, 0),
                                 NULL);
}

static void waymark_card_init (WaymarkCard *self) { }

gint64 waymark_card_get_lane (WaymarkCard *self) { return _WAYMARK_OBJECT_INT64 (self, CARD_LANE); }
gint64 waymark_card_get_stage (WaymarkCard *self) { return _WAYMARK_OBJECT_INT64 (self, CARD_STAGE); }
int waymark_card_get_position (WaymarkCard *self) { return _WAYMARK_OBJECT_INT (self, CARD_POSITION); }
int waymark_card_get_span (WaymarkCard *self) { return _WAYMARK_OBJECT_INT (self, CARD_SPAN); }
const char *waymark_card_get_kind (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_KIND); }
const char *waymark_card_get_title (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_TITLE); }
const char *waymark_card_get_body (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_BODY); }
const char *waymark_card_get_channel (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_CHANNEL); }
const char *waymark_card_get_color (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_COLOR); }
int waymark_card_get_severity (WaymarkCard *self) { return _WAYMARK_OBJECT_INT (self, CARD_SEVERITY); }
const char *waymark_card_get_owner (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_OWNER); }
const char *waymark_card_get_status (WaymarkCard *self) { return _WAYMARK_OBJECT_STRING (self, CARD_STATUS); }
int waymark_card_get_votes (WaymarkCard *self) { return _WAYMARK_OBJECT_INT (self, CARD_VOTES); }

/* Emotion */

struct _WaymarkEmotion { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkEmotion, waymark_emotion, WAYMARK_TYPE_OBJECT)
enum { EMOTION_LANE = 1, EMOTION_STAGE, EMOTION_CARD, EMOTION_SCORE, EMOTION_LABEL };

static void
waymark_emotion_class_init (WaymarkEmotionClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "emotion", N_("Emotion"),
                                 ref_pspec ("lane", WAYMARK_TYPE_LANE),
                                 ref_pspec ("stage", WAYMARK_TYPE_STAGE),
                                 ref_pspec ("card", WAYMARK_TYPE_CARD),
                                 int_pspec ("score", -3, 3, 0),
                                 string_pspec ("label", ""),
                                 NULL);
}

static void waymark_emotion_init (WaymarkEmotion *self) { }

gint64 waymark_emotion_get_lane (WaymarkEmotion *self) { return _WAYMARK_OBJECT_INT64 (self, EMOTION_LANE); }
gint64 waymark_emotion_get_stage (WaymarkEmotion *self) { return _WAYMARK_OBJECT_INT64 (self, EMOTION_STAGE); }
gint64 waymark_emotion_get_card (WaymarkEmotion *self) { return _WAYMARK_OBJECT_INT64 (self, EMOTION_CARD); }
int waymark_emotion_get_score (WaymarkEmotion *self) { return _WAYMARK_OBJECT_INT (self, EMOTION_SCORE); }
const char *waymark_emotion_get_label (WaymarkEmotion *self) { return _WAYMARK_OBJECT_STRING (self, EMOTION_LABEL); }

/* Connector */

struct _WaymarkConnector { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkConnector, waymark_connector, WAYMARK_TYPE_OBJECT)
enum { CONNECTOR_SOURCE = 1, CONNECTOR_TARGET, CONNECTOR_LABEL };

static void
waymark_connector_class_init (WaymarkConnectorClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "connector", N_("Connector"),
                                 ref_pspec ("source", WAYMARK_TYPE_CARD),
                                 ref_pspec ("target", WAYMARK_TYPE_CARD),
                                 string_pspec ("label", ""),
                                 NULL);
}

static void waymark_connector_init (WaymarkConnector *self) { }

gint64 waymark_connector_get_source (WaymarkConnector *self) { return _WAYMARK_OBJECT_INT64 (self, CONNECTOR_SOURCE); }
gint64 waymark_connector_get_target (WaymarkConnector *self) { return _WAYMARK_OBJECT_INT64 (self, CONNECTOR_TARGET); }
const char *waymark_connector_get_label (WaymarkConnector *self) { return _WAYMARK_OBJECT_STRING (self, CONNECTOR_LABEL); }

/* Comment */

struct _WaymarkComment { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkComment, waymark_comment, WAYMARK_TYPE_OBJECT)
enum { COMMENT_CARD = 1, COMMENT_AUTHOR, COMMENT_BODY, COMMENT_CREATED };

static void
waymark_comment_class_init (WaymarkCommentClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "comment", N_("Comment"),
                                 ref_pspec ("card", WAYMARK_TYPE_CARD),
                                 string_pspec ("author", ""),
                                 string_pspec ("body", ""),
                                 string_pspec ("created", ""),
                                 NULL);
}

static void waymark_comment_init (WaymarkComment *self) { }

gint64 waymark_comment_get_card (WaymarkComment *self) { return _WAYMARK_OBJECT_INT64 (self, COMMENT_CARD); }
const char *waymark_comment_get_author (WaymarkComment *self) { return _WAYMARK_OBJECT_STRING (self, COMMENT_AUTHOR); }
const char *waymark_comment_get_body (WaymarkComment *self) { return _WAYMARK_OBJECT_STRING (self, COMMENT_BODY); }
const char *waymark_comment_get_created (WaymarkComment *self) { return _WAYMARK_OBJECT_STRING (self, COMMENT_CREATED); }

/* Dataset: an imported table's provenance and recipe; never its rows. */

struct _WaymarkDataset { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkDataset, waymark_dataset, WAYMARK_TYPE_OBJECT)
enum { DATASET_NAME = 1, DATASET_SOURCE, DATASET_SHA256, DATASET_SIZE, DATASET_IMPORTED, DATASET_ROW_COUNT, DATASET_COLUMNS, DATASET_RECIPE };

static void
waymark_dataset_class_init (WaymarkDatasetClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "dataset", N_("Dataset"),
                                 string_pspec ("name", ""),
                                 string_pspec ("source", ""),
                                 string_pspec ("sha256", ""),
                                 count_pspec ("size"),
                                 string_pspec ("imported", ""),
                                 count_pspec ("row-count"),
                                 string_pspec ("columns", "[]"),
                                 string_pspec ("recipe", "{}"),
                                 NULL);
}

static void waymark_dataset_init (WaymarkDataset *self) { }

const char *waymark_dataset_get_name (WaymarkDataset *self) { return _WAYMARK_OBJECT_STRING (self, DATASET_NAME); }

static void
clear_column (gpointer data)
{
  WaymarkDatasetColumn *column = data;

  g_clear_pointer (&column->name, g_free);
  g_clear_pointer (&column->type, g_free);
}

/**
 * waymark_dataset_dup_columns:
 * @self: a dataset
 *
 * The columns the import recorded, read from the dataset's `columns`
 * (`[{"name": …, "type": …}, …]`; a plain name is a column of no
 * recorded type). Anything else in it is passed over.
 *
 * Returns: (transfer full) (element-type WaymarkDatasetColumn): the columns
 */
GArray *
waymark_dataset_dup_columns (WaymarkDataset *self)
{
  GArray *columns = g_array_new (FALSE, TRUE, sizeof (WaymarkDatasetColumn));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *json;
  JsonNode *root;

  g_array_set_clear_func (columns, clear_column);
  g_return_val_if_fail (WAYMARK_IS_DATASET (self), columns);

  json = _WAYMARK_OBJECT_STRING (self, DATASET_COLUMNS);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return columns;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (root)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (root), i);
      WaymarkDatasetColumn column = { NULL, NULL };

      if (JSON_NODE_HOLDS_OBJECT (element))
        {
          JsonObject *object = json_node_get_object (element);

          column.name = g_strdup (json_object_get_string_member_with_default (object, "name", NULL));
          column.type = g_strdup (json_object_get_string_member_with_default (object, "type", ""));
        }
      else if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        {
          column.name = g_strdup (json_node_get_string (element));
          column.type = g_strdup ("");
        }
      if (column.name == NULL)
        {
          clear_column (&column);
          continue;
        }
      g_array_append_val (columns, column);
    }
  return columns;
}

/* Metric */

struct _WaymarkMetric
{
  WaymarkObject            parent_instance;

  /* The definition read from kind, column-name and definition, and the
   * object's serial when it was read. */
  WaymarkMetricDefinition *parsed;
  guint                    parsed_serial;
  gboolean                 parsed_once;
};
G_DEFINE_FINAL_TYPE (WaymarkMetric, waymark_metric, WAYMARK_TYPE_OBJECT)
enum { METRIC_NAME = 1, METRIC_KIND, METRIC_DATASET, METRIC_COLUMN_NAME, METRIC_DEFINITION, METRIC_STATUS, METRIC_COMPUTED };

static void
waymark_metric_finalize (GObject *object)
{
  WaymarkMetric *self = WAYMARK_METRIC (object);

  g_clear_pointer (&self->parsed, waymark_metric_definition_free);

  G_OBJECT_CLASS (waymark_metric_parent_class)->finalize (object);
}

static void
waymark_metric_class_init (WaymarkMetricClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = waymark_metric_finalize;
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "metric", N_("Metric"),
                                 string_pspec ("name", ""),
                                 string_pspec ("kind", "count"),
                                 ref_pspec ("dataset", WAYMARK_TYPE_DATASET),
                                 string_pspec ("column-name", ""),
                                 string_pspec ("definition", "{}"),
                                 string_pspec ("status", ""),
                                 string_pspec ("computed", ""),
                                 NULL);
}

static void waymark_metric_init (WaymarkMetric *self) { }

const char *waymark_metric_get_name (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_NAME); }
const char *waymark_metric_get_kind (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_KIND); }
gint64 waymark_metric_get_dataset (WaymarkMetric *self) { return _WAYMARK_OBJECT_INT64 (self, METRIC_DATASET); }
const char *waymark_metric_get_column_name (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_COLUMN_NAME); }
const char *waymark_metric_get_definition_json (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_DEFINITION); }
const char *waymark_metric_get_status (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_STATUS); }
const char *waymark_metric_get_computed (WaymarkMetric *self) { return _WAYMARK_OBJECT_STRING (self, METRIC_COMPUTED); }

/**
 * waymark_metric_get_definition:
 * @metric: a metric
 *
 * The metric's kind, column and stored definition, read once and again
 * only after one of them changes.
 *
 * Returns: (transfer none) (nullable): the definition, or %NULL if it
 *   cannot be read (waymark_metric_dup_definition() says why)
 */
const WaymarkMetricDefinition *
waymark_metric_get_definition (WaymarkMetric *self)
{
  guint serial;

  g_return_val_if_fail (WAYMARK_IS_METRIC (self), NULL);

  serial = _waymark_object_get_serial (WAYMARK_OBJECT (self));
  if (!self->parsed_once || self->parsed_serial != serial)
    {
      g_clear_pointer (&self->parsed, waymark_metric_definition_free);
      self->parsed = waymark_metric_dup_definition (self, NULL);
      self->parsed_serial = serial;
      self->parsed_once = TRUE;
    }
  return self->parsed;
}

/* Metric value: a computed value snapshotted per card or stage and period. */

struct _WaymarkMetricValue { WaymarkObject parent_instance; };
G_DEFINE_FINAL_TYPE (WaymarkMetricValue, waymark_metric_value, WAYMARK_TYPE_OBJECT)
enum { VALUE_METRIC = 1, VALUE_CARD, VALUE_STAGE, VALUE_PERIOD, VALUE_VALUE, VALUE_N, VALUE_EXCLUDED, VALUE_MOE };

static void
waymark_metric_value_class_init (WaymarkMetricValueClass *klass)
{
  _waymark_object_class_install (WAYMARK_OBJECT_CLASS (klass), "metric_value", N_("Metric Value"),
                                 ref_pspec ("metric", WAYMARK_TYPE_METRIC),
                                 ref_pspec ("card", WAYMARK_TYPE_CARD),
                                 ref_pspec ("stage", WAYMARK_TYPE_STAGE),
                                 string_pspec ("period", ""),
                                 number_pspec ("value"),
                                 count_pspec ("n"),
                                 count_pspec ("excluded"),
                                 number_pspec ("moe"),
                                 NULL);
}

static void waymark_metric_value_init (WaymarkMetricValue *self) { }

gint64 waymark_metric_value_get_metric (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_INT64 (self, VALUE_METRIC); }
gint64 waymark_metric_value_get_card (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_INT64 (self, VALUE_CARD); }
gint64 waymark_metric_value_get_stage (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_INT64 (self, VALUE_STAGE); }
const char *waymark_metric_value_get_period (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_STRING (self, VALUE_PERIOD); }
double waymark_metric_value_get_value (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_DOUBLE (self, VALUE_VALUE); }
gint64 waymark_metric_value_get_n (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_INT64 (self, VALUE_N); }
gint64 waymark_metric_value_get_excluded (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_INT64 (self, VALUE_EXCLUDED); }
double waymark_metric_value_get_moe (WaymarkMetricValue *self) { return _WAYMARK_OBJECT_DOUBLE (self, VALUE_MOE); }
