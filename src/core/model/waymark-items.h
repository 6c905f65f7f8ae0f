/* waymark-items.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-object.h"

G_BEGIN_DECLS

/* Dot votes a card can hold. */
#define WAYMARK_CARD_VOTES_MAX 999

/*
 * The objects a document holds, per DESIGN.md's vocabulary. Their
 * properties are the columns of their tables (see store/schema-3.sql);
 * references to other objects are ids, 0 for none.
 */

#define WAYMARK_TYPE_PERSONA      (waymark_persona_get_type ())
#define WAYMARK_TYPE_MAP          (waymark_map_get_type ())
#define WAYMARK_TYPE_STAGE        (waymark_stage_get_type ())
#define WAYMARK_TYPE_LANE         (waymark_lane_get_type ())
#define WAYMARK_TYPE_CARD         (waymark_card_get_type ())
#define WAYMARK_TYPE_EMOTION      (waymark_emotion_get_type ())
#define WAYMARK_TYPE_CONNECTOR    (waymark_connector_get_type ())
#define WAYMARK_TYPE_COMMENT      (waymark_comment_get_type ())
#define WAYMARK_TYPE_DATASET      (waymark_dataset_get_type ())
#define WAYMARK_TYPE_METRIC       (waymark_metric_get_type ())
#define WAYMARK_TYPE_METRIC_VALUE (waymark_metric_value_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkPersona, waymark_persona, WAYMARK, PERSONA, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkMap, waymark_map, WAYMARK, MAP, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkStage, waymark_stage, WAYMARK, STAGE, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkLane, waymark_lane, WAYMARK, LANE, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkCard, waymark_card, WAYMARK, CARD, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkEmotion, waymark_emotion, WAYMARK, EMOTION, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkConnector, waymark_connector, WAYMARK, CONNECTOR, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkComment, waymark_comment, WAYMARK, COMMENT, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkDataset, waymark_dataset, WAYMARK, DATASET, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkMetric, waymark_metric, WAYMARK, METRIC, WaymarkObject)
G_DECLARE_FINAL_TYPE (WaymarkMetricValue, waymark_metric_value, WAYMARK, METRIC_VALUE, WaymarkObject)

/* The lane kinds, card kinds and channels a document may use. */
const char * const *waymark_lane_kinds    (void);
const char * const *waymark_card_kinds    (void);
const char * const *waymark_card_channels (void);
const char         *waymark_lane_kind_label    (const char *kind);
const char         *waymark_card_kind_label    (const char *kind);
const char         *waymark_card_channel_label (const char *channel);
const char * const  *waymark_card_statuses      (void);
const char         *waymark_card_status_label  (const char *status);

/* The types of a document's objects, parents before the objects that refer to them. */
const GType        *waymark_item_types    (guint *n_types);

const char *waymark_persona_get_name         (WaymarkPersona     *self);
int         waymark_persona_get_position     (WaymarkPersona     *self);
const char *waymark_persona_get_role         (WaymarkPersona     *self);
const char *waymark_persona_get_quote        (WaymarkPersona     *self);
const char *waymark_persona_get_goals        (WaymarkPersona     *self);
const char *waymark_persona_get_frustrations (WaymarkPersona     *self);
GBytes     *waymark_persona_get_photo        (WaymarkPersona     *self);
char       *waymark_persona_dup_initial      (WaymarkPersona     *self) G_GNUC_WARN_UNUSED_RESULT;

const char *waymark_map_get_title            (WaymarkMap         *self);
int         waymark_map_get_position         (WaymarkMap         *self);
gint64      waymark_map_get_persona          (WaymarkMap         *self);
const char *waymark_map_get_scenario         (WaymarkMap         *self);

gint64      waymark_stage_get_map            (WaymarkStage       *self);
int         waymark_stage_get_position       (WaymarkStage       *self);
const char *waymark_stage_get_title          (WaymarkStage       *self);
const char *waymark_stage_get_description    (WaymarkStage       *self);
const char *waymark_stage_get_color          (WaymarkStage       *self);
double      waymark_stage_get_width          (WaymarkStage       *self);

gint64      waymark_lane_get_map             (WaymarkLane        *self);
int         waymark_lane_get_position        (WaymarkLane        *self);
const char *waymark_lane_get_title           (WaymarkLane        *self);
const char *waymark_lane_get_kind            (WaymarkLane        *self);
const char *waymark_lane_get_color           (WaymarkLane        *self);
gboolean    waymark_lane_get_collapsed       (WaymarkLane        *self);
double      waymark_lane_get_height          (WaymarkLane        *self);

gint64      waymark_card_get_lane            (WaymarkCard        *self);
gint64      waymark_card_get_stage           (WaymarkCard        *self);
int         waymark_card_get_position        (WaymarkCard        *self);
int         waymark_card_get_span            (WaymarkCard        *self);
const char *waymark_card_get_kind            (WaymarkCard        *self);
const char *waymark_card_get_title           (WaymarkCard        *self);
const char *waymark_card_get_body            (WaymarkCard        *self);
const char *waymark_card_get_channel         (WaymarkCard        *self);
const char *waymark_card_get_color           (WaymarkCard        *self);
int         waymark_card_get_severity        (WaymarkCard        *self);
const char *waymark_card_get_owner           (WaymarkCard        *self);
const char *waymark_card_get_status          (WaymarkCard        *self);
int         waymark_card_get_votes           (WaymarkCard        *self);

gint64      waymark_emotion_get_lane         (WaymarkEmotion     *self);
gint64      waymark_emotion_get_stage        (WaymarkEmotion     *self);
gint64      waymark_emotion_get_card         (WaymarkEmotion     *self);
int         waymark_emotion_get_score        (WaymarkEmotion     *self);
const char *waymark_emotion_get_label        (WaymarkEmotion     *self);

gint64      waymark_connector_get_source     (WaymarkConnector   *self);
gint64      waymark_connector_get_target     (WaymarkConnector   *self);
const char *waymark_connector_get_label      (WaymarkConnector   *self);

gint64      waymark_comment_get_card         (WaymarkComment     *self);
const char *waymark_comment_get_author       (WaymarkComment     *self);
const char *waymark_comment_get_body         (WaymarkComment     *self);
const char *waymark_comment_get_created      (WaymarkComment     *self);

const char *waymark_dataset_get_name         (WaymarkDataset     *self);

/* A column of a dataset as its import recorded it. */
typedef struct
{
  char *name;
  char *type;   /* "integer", "decimal", "date", "text", "empty"; "" when not recorded */
} WaymarkDatasetColumn;

GArray     *waymark_dataset_dup_columns      (WaymarkDataset     *self) G_GNUC_WARN_UNUSED_RESULT;

const char *waymark_metric_get_name          (WaymarkMetric      *self);
const char *waymark_metric_get_kind          (WaymarkMetric      *self);
gint64      waymark_metric_get_dataset       (WaymarkMetric      *self);
const char *waymark_metric_get_column_name   (WaymarkMetric      *self);
const char *waymark_metric_get_definition_json (WaymarkMetric    *self);
const char *waymark_metric_get_status        (WaymarkMetric      *self);
const char *waymark_metric_get_computed      (WaymarkMetric      *self);

gint64      waymark_metric_value_get_metric  (WaymarkMetricValue *self);
gint64      waymark_metric_value_get_card    (WaymarkMetricValue *self);
gint64      waymark_metric_value_get_stage   (WaymarkMetricValue *self);
const char *waymark_metric_value_get_period  (WaymarkMetricValue *self);
double      waymark_metric_value_get_value   (WaymarkMetricValue *self);
gint64      waymark_metric_value_get_n       (WaymarkMetricValue *self);
gint64      waymark_metric_value_get_excluded (WaymarkMetricValue *self);
double      waymark_metric_value_get_moe     (WaymarkMetricValue *self);

G_END_DECLS
