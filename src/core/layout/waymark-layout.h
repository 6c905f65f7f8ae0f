/* waymark-layout.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

#include "waymark-document.h"
#include "waymark-geometry.h"

G_BEGIN_DECLS

/* Fixed measures of the grid, in points. */
#define WAYMARK_LAYOUT_MARGIN          24.0
#define WAYMARK_LAYOUT_LANE_HEADER     184.0
#define WAYMARK_LAYOUT_STAGE_WIDTH     232.0
#define WAYMARK_LAYOUT_STAGE_MIN       120.0
#define WAYMARK_LAYOUT_STAGE_MAX       1200.0
#define WAYMARK_LAYOUT_CELL_PADDING    10.0
#define WAYMARK_LAYOUT_CARD_GAP        8.0
#define WAYMARK_LAYOUT_CARD_PADDING    10.0
#define WAYMARK_LAYOUT_LANE_MIN        64.0
#define WAYMARK_LAYOUT_SLOT            32.0
#define WAYMARK_LAYOUT_LANE_COLLAPSED  36.0
#define WAYMARK_LAYOUT_EMOTION_HEIGHT  168.0
#define WAYMARK_LAYOUT_METRICS_HEIGHT  150.0
#define WAYMARK_LAYOUT_TITLE_LINES     8
#define WAYMARK_LAYOUT_BODY_LINES      3

/* The most lines a title wraps to before it is ellipsised. */

/* A metric's value on a card or a stage header: the text to show, how it
 * compares with the metric's thresholds (a WaymarkMetricRating), which way
 * it went in the last period, and its values by period for a sparkline. */
typedef struct
{
  gint64       metric;
  double       value;
  int          rating;
  int          trend;        /* -1 down, 0 flat or unknown, 1 up */
  gboolean     low_confidence;
  gboolean     stale;
  PangoLayout *text;
  double      *spark;        /* values by period, oldest first */
  guint        n_spark;
} WaymarkLayoutBadge;

#define WAYMARK_LAYOUT_BADGE_HEIGHT 20.0
/* The room a card's comment marker (a speech bubble and a count) takes beside its title. */
#define WAYMARK_LAYOUT_COMMENT_MARKER 26.0
#define WAYMARK_LAYOUT_VOTES_HEIGHT   12.0  /* the row of vote dots */

/* One stage column. Layouts are owned by the layout and live until the
 * next update that changes the stage. */
typedef struct
{
  WaymarkStage *stage;
  double        x;
  double        width;
  WaymarkRect   header;
  PangoLayout  *title;
  PangoLayout  *description;
  GPtrArray    *badges;      /* WaymarkLayoutBadge, stage values; NULL for none */
  double        badges_y;    /* relative to header.y */
} WaymarkLayoutStage;

typedef struct
{
  WaymarkLane *lane;
  double       y;
  double       height;
  WaymarkRect  header;
  PangoLayout *title;
  PangoLayout *kind;
  guint        n_cards;      /* cards in the lane (hidden ones too, when collapsed) */
  gboolean     is_emotion;
  WaymarkMetric *emotion_metric; /* an emotion lane whose curve the metric's values draw */
} WaymarkLayoutLane;

typedef struct
{
  WaymarkCard *card;
  guint        stage_index;  /* the first stage it covers */
  guint        lane_index;
  guint        span;         /* stages covered, clamped to the map */
  guint        index;        /* its place in its cell, from 0 */
  WaymarkRect  rect;
  PangoLayout *title;
  PangoLayout *body;         /* NULL when the card has no body */
  PangoLayout *footer;       /* channel, owner and status; NULL when none */
  double       footer_y;     /* relative to rect.y */
  double       title_height;
  double       body_height;  /* 0 without a body */
  double       footer_height;
  GPtrArray   *badges;       /* WaymarkLayoutBadge; NULL for none */
  double       badges_y;     /* relative to rect.y */
  guint        n_comments;   /* shown as a marker in the top right corner */
  guint        votes;        /* dot votes, drawn as dots in a row of their own */
  double       votes_y;      /* relative to rect.y */
  guint        serial;       /* changes whenever the card's look changes */
} WaymarkLayoutCard;

typedef struct
{
  WaymarkEmotion *emotion;        /* NULL for a point drawn from a metric */
  guint           stage_index;
  guint           lane_index;
  double          x;
  double          y;
  int             score;
  PangoLayout    *label;     /* NULL when the point has no label */
  gboolean        by_hand;   /* set by hand, in a curve drawn from a metric that has no value for its stage */
} WaymarkLayoutEmotion;

typedef struct
{
  WaymarkConnector *connector;
  guint             source;  /* indices into the cards */
  guint             target;
} WaymarkLayoutConnector;

#define WAYMARK_TYPE_LAYOUT (waymark_layout_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkLayout, waymark_layout, WAYMARK, LAYOUT, GObject)

WaymarkLayout   *waymark_layout_new              (WaymarkDocument *document,
                                                  gint64           map) G_GNUC_WARN_UNUSED_RESULT;

WaymarkDocument *waymark_layout_get_document     (WaymarkLayout   *self);
gint64           waymark_layout_get_map          (WaymarkLayout   *self);
PangoContext    *waymark_layout_get_context      (WaymarkLayout   *self);
double           waymark_layout_get_text_scale   (WaymarkLayout   *self);
void             waymark_layout_set_cell_columns (WaymarkLayout   *self,
                                                  guint            columns);
guint            waymark_layout_get_cell_columns (WaymarkLayout   *self);
void             waymark_layout_set_spans        (WaymarkLayout   *self,
                                                  gboolean         spans);
void             waymark_layout_set_text_scale   (WaymarkLayout   *self,
                                                  double           scale);
const char      *waymark_layout_get_font_family  (WaymarkLayout   *self);

gboolean         waymark_layout_update           (WaymarkLayout   *self);
guint            waymark_layout_get_generation   (WaymarkLayout   *self);
const guint     *waymark_layout_get_changed_cards (WaymarkLayout  *self,
                                                  guint           *n_changed);

/* Results of the last update. */
void             waymark_layout_get_size         (WaymarkLayout   *self,
                                                  double          *width,
                                                  double          *height);
const WaymarkRect *waymark_layout_get_title_rect (WaymarkLayout   *self);
PangoLayout     *waymark_layout_get_title        (WaymarkLayout   *self);
PangoLayout     *waymark_layout_get_subtitle     (WaymarkLayout   *self);
WaymarkPersona  *waymark_layout_get_persona      (WaymarkLayout   *self);
PangoLayout     *waymark_layout_get_persona_text (WaymarkLayout   *self);
double           waymark_layout_get_header_top   (WaymarkLayout   *self);
double           waymark_layout_get_header_bottom (WaymarkLayout  *self);

const WaymarkLayoutStage     *waymark_layout_get_stages     (WaymarkLayout *self,
                                                             guint         *n_stages);
const WaymarkLayoutLane      *waymark_layout_get_lanes      (WaymarkLayout *self,
                                                             guint         *n_lanes);
const WaymarkLayoutCard      *waymark_layout_get_cards      (WaymarkLayout *self,
                                                             guint         *n_cards);
const WaymarkLayoutEmotion   *waymark_layout_get_emotions   (WaymarkLayout *self,
                                                             guint         *n_emotions);
const WaymarkLayoutConnector *waymark_layout_get_connectors (WaymarkLayout *self,
                                                             guint         *n_connectors);

const WaymarkLayoutCard *waymark_layout_find_card  (WaymarkLayout *self,
                                                    gint64         card);
int              waymark_layout_find_stage        (WaymarkLayout   *self,
                                                   gint64           stage);
int              waymark_layout_find_lane         (WaymarkLayout   *self,
                                                   gint64           lane);
WaymarkRect      waymark_layout_get_cell_rect     (WaymarkLayout   *self,
                                                   guint            stage_index,
                                                   guint            lane_index);
gboolean         waymark_layout_cell_at           (WaymarkLayout   *self,
                                                   double           x,
                                                   double           y,
                                                   guint           *stage_index,
                                                   guint           *lane_index);
double           waymark_layout_emotion_y         (WaymarkLayout   *self,
                                                   guint            lane_index,
                                                   double           score);
double           waymark_layout_emotion_score_at  (WaymarkLayout   *self,
                                                   guint            lane_index,
                                                   double           y);

G_END_DECLS
