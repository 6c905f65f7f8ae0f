/* waymark-edit.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-document.h"

G_BEGIN_DECLS

/*
 * The editing commands of the canvas. Each is one step of the document's
 * history with a human label ("Move Card", "Delete 3 Cards"), and leaves
 * the positions of every map and cell it touches dense (0…n-1). A position
 * of -1 means the end; a position past the end is the end too.
 */

#define WAYMARK_EDIT_EMOTION_MIN (-3)
#define WAYMARK_EDIT_EMOTION_MAX 3

const char     *waymark_edit_card_kind_for_lane (const char       *lane_kind);

GPtrArray      *waymark_edit_dup_stages         (WaymarkDocument  *document,
                                                 gint64            map) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *waymark_edit_dup_lanes          (WaymarkDocument  *document,
                                                 gint64            map) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray      *waymark_edit_find               (WaymarkDocument  *document,
                                                 gint64            map,
                                                 const char       *query) G_GNUC_WARN_UNUSED_RESULT;

WaymarkCard    *waymark_edit_add_card           (WaymarkDocument  *document,
                                                 gint64            stage,
                                                 gint64            lane,
                                                 int               position,
                                                 const char       *title);
void            waymark_edit_set_card_title     (WaymarkDocument  *document,
                                                 WaymarkCard      *card,
                                                 const char       *title);
gboolean        waymark_edit_move_cards         (WaymarkDocument  *document,
                                                 GPtrArray        *cards,
                                                 gint64            stage,
                                                 gint64            lane,
                                                 int               position,
                                                 GError          **error);
gboolean        waymark_edit_nudge_card         (WaymarkDocument  *document,
                                                 WaymarkCard      *card,
                                                 int               d_stage,
                                                 int               d_lane);
GPtrArray      *waymark_edit_duplicate          (WaymarkDocument  *document,
                                                 GPtrArray        *cards) G_GNUC_WARN_UNUSED_RESULT;
guint           waymark_edit_delete             (WaymarkDocument  *document,
                                                 GPtrArray        *objects);

char           *waymark_edit_cards_to_text      (GPtrArray        *cards) G_GNUC_WARN_UNUSED_RESULT;
guint           waymark_edit_count_text_cards   (const char       *text);
GPtrArray      *waymark_edit_paste_text         (WaymarkDocument  *document,
                                                 gint64            stage,
                                                 gint64            lane,
                                                 int               position,
                                                 const char       *text) G_GNUC_WARN_UNUSED_RESULT;

WaymarkStage   *waymark_edit_add_stage          (WaymarkDocument  *document,
                                                 gint64            map,
                                                 int               position,
                                                 const char       *title);
WaymarkLane    *waymark_edit_add_lane           (WaymarkDocument  *document,
                                                 gint64            map,
                                                 int               position,
                                                 const char       *title,
                                                 const char       *kind);
void            waymark_edit_move_stage         (WaymarkDocument  *document,
                                                 WaymarkStage     *stage,
                                                 int               position);
void            waymark_edit_move_lane          (WaymarkDocument  *document,
                                                 WaymarkLane      *lane,
                                                 int               position);
void            waymark_edit_resize_stage       (WaymarkDocument  *document,
                                                 WaymarkStage     *stage,
                                                 double            width);
void            waymark_edit_resize_lane        (WaymarkDocument  *document,
                                                 WaymarkLane      *lane,
                                                 double            height);
void            waymark_edit_rename             (WaymarkDocument  *document,
                                                 WaymarkObject    *object,
                                                 const char       *title);
void            waymark_edit_set_color          (WaymarkDocument  *document,
                                                 WaymarkObject    *object,
                                                 const char       *color);

WaymarkEmotion *waymark_edit_set_emotion        (WaymarkDocument  *document,
                                                 gint64            lane,
                                                 gint64            stage,
                                                 int               score);
gboolean        waymark_edit_nudge_emotion      (WaymarkDocument  *document,
                                                 gint64            lane,
                                                 gint64            stage,
                                                 int               delta);

WaymarkConnector *waymark_edit_find_connector   (WaymarkDocument  *document,
                                                 gint64            source,
                                                 gint64            target);
WaymarkConnector *waymark_edit_connect          (WaymarkDocument  *document,
                                                 gint64            source,
                                                 gint64            target,
                                                 const char       *label,
                                                 GError          **error);
gboolean        waymark_edit_reroute            (WaymarkDocument  *document,
                                                 WaymarkConnector *connector,
                                                 gint64            source,
                                                 gint64            target,
                                                 GError          **error);
gboolean        waymark_edit_vote               (WaymarkDocument  *document,
                                                 GPtrArray        *cards,
                                                 int               delta);
guint           waymark_edit_clear_votes        (WaymarkDocument  *document,
                                                 gint64            map);
void            waymark_edit_sort_by_votes      (WaymarkDocument  *document,
                                                 gint64            map);
WaymarkLane    *waymark_edit_park               (WaymarkDocument  *document,
                                                 GPtrArray        *cards);

WaymarkMetric  *waymark_edit_get_curve_metric   (WaymarkDocument  *document);
void            waymark_edit_set_curve_metric   (WaymarkDocument  *document,
                                                 WaymarkMetric    *metric);
void            waymark_edit_set_connector_label (WaymarkDocument *document,
                                                 WaymarkConnector *connector,
                                                 const char       *label);

G_END_DECLS
