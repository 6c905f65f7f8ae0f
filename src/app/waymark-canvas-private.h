/* waymark-canvas-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-canvas.h"
#include "waymark-layout.h"
#include "waymark-map-scene.h"

G_BEGIN_DECLS

typedef enum
{
  DRAG_NONE,
  DRAG_PENDING,        /* pressed, not yet moved far enough */
  DRAG_CARDS,
  DRAG_EMOTION,
  DRAG_STAGE,
  DRAG_LANE,
  DRAG_STAGE_WIDTH,
  DRAG_LANE_HEIGHT,
  DRAG_RUBBER_BAND,
  DRAG_PAN,
  DRAG_CONNECT,        /* from a card's handle, or a connector's end */
} DragMode;

struct _WaymarkCanvas
{
  GtkWidget           parent_instance;

  WaymarkDocument    *document;
  WaymarkLayout      *layout;
  WaymarkScene       *scene;
  GtkAdjustment      *hadjustment;
  GtkAdjustment      *vadjustment;
  GHashTable         *nodes;          /* item key → CachedNode */
  GHashTable         *selected;       /* card ids (gint64 *) */
  GHashTable         *found;          /* card ids (gint64 *) Find matched, highlighted */
  GtkWidget          *editor;         /* a GtkTextView while editing */
  GtkWidget          *context_menu;
  char               *edit_original;

  gint64              map;
  gulong              changed_id;
  guint               scene_source;
  guint               adjustments_source;
  double              zoom;
  guint               hscroll_policy : 1;
  guint               vscroll_policy : 1;
  guint               scene_dirty : 1;
  guint               dark : 1;
  guint               presenting : 1;
  guint               space_held : 1;
  guint               edit_is_new : 1;
  guint               edit_group_open : 1;
  guint               fit_pending : 1;

  /* The keyboard cursor: a cell (card 0, the slot after its last card)
   * or a card in it; or a stage or lane header (header != 0). */
  guint               cursor_stage;
  guint               cursor_lane;
  gint64              cursor_card;
  gint64              header;
  int                 present_stage;
  double              saved_zoom;     /* the view before presenting, restored after */
  gboolean            present_refit;  /* presenting, and the size changed: fit the stage again */
  int                 present_width;
  int                 present_height;
  double              saved_x;
  double              saved_y;

  gint64              edit_object;    /* card, stage or lane being renamed */

  /* Connectors: the selected one (and the card whose connectors Tab
   * walks through); Ctrl+L choosing a card to connect to, or a connector
   * being re-routed (link_connector, and which of its ends moves); the
   * card under the pointer, which shows its connector handle. */
  gint64              connector;
  gint64              connector_card;
  char               *focus;          /* the focus filter's rule, NULL for none */
  char               *announcement;   /* said before the description until the selection moves */
  guint               focus_shown;    /* cards it shows, of all */
  guint               focus_total;
  gint64              link_source;
  gint64              link_connector;
  gint64              hover_card;
  guint               linking : 1;
  guint               link_moves_source : 1;

  DragMode            drag_mode;
  double              drag_start_x;   /* map coordinates */
  double              drag_start_y;
  double              drag_x;
  double              drag_y;
  double              drag_origin;    /* starting width/height/scroll */
  double              drag_origin2;
  gint64              drag_object;
  guint               drop_stage;
  guint               drop_lane;
  int                 drop_index;
  gboolean            drop_valid;

  double              pinch_zoom;
};

/* waymark-canvas.c */
void      _waymark_canvas_ensure_scene       (WaymarkCanvas *self);
void      _waymark_canvas_widget_to_map      (WaymarkCanvas *self,
                                              double         wx,
                                              double         wy,
                                              double        *mx,
                                              double        *my);
void      _waymark_canvas_map_to_widget      (WaymarkCanvas *self,
                                              double         mx,
                                              double         my,
                                              double        *wx,
                                              double        *wy);
void      _waymark_canvas_zoom_around        (WaymarkCanvas *self,
                                              double         zoom,
                                              double         wx,
                                              double         wy);
void      _waymark_canvas_scroll_to          (WaymarkCanvas     *self,
                                              const WaymarkRect *rect);
void      _waymark_canvas_selection_changed  (WaymarkCanvas *self);
void      _waymark_canvas_set_cursor         (WaymarkCanvas *self,
                                              guint          stage,
                                              guint          lane,
                                              gint64         card,
                                              gboolean       extend);
GPtrArray *_waymark_canvas_dup_cell_cards    (WaymarkCanvas *self,
                                              guint          stage,
                                              guint          lane);
WaymarkRect _waymark_canvas_cursor_rect      (WaymarkCanvas *self);
gboolean  _waymark_canvas_connector_curve    (WaymarkCanvas *self,
                                              gint64         connector,
                                              double         points[8]);

/* waymark-canvas-input.c */
void      _waymark_canvas_init_input         (WaymarkCanvas *self);
void      _waymark_canvas_class_init_input   (GtkWidgetClass *widget_class);
void      _waymark_canvas_begin_edit         (WaymarkCanvas *self,
                                              gint64         object,
                                              gboolean       is_new);
void      _waymark_canvas_end_edit           (WaymarkCanvas *self,
                                              gboolean       commit);
void      _waymark_canvas_place_editor       (WaymarkCanvas *self);
void      _waymark_canvas_snapshot_feedback  (WaymarkCanvas *self,
                                              GtkSnapshot   *snapshot);
void      _waymark_canvas_update_actions     (WaymarkCanvas *self);

/* For tests and benchmarks. */
WaymarkScene *_waymark_canvas_get_scene      (WaymarkCanvas *self);
guint     _waymark_canvas_get_n_found        (WaymarkCanvas *self);
char     *_waymark_canvas_describe_at        (WaymarkCanvas *self,
                                              double         x,
                                              double         y,
                                              gboolean       keyboard) G_GNUC_WARN_UNUSED_RESULT;
guint     _waymark_canvas_get_cached_nodes   (WaymarkCanvas *self);
void      _waymark_canvas_get_cursor         (WaymarkCanvas *self,
                                              guint         *stage,
                                              guint         *lane,
                                              gint64        *card);
GtkWidget *_waymark_canvas_get_editor        (WaymarkCanvas *self);
gint64    _waymark_canvas_get_connector      (WaymarkCanvas *self);
gboolean  _waymark_canvas_get_linking        (WaymarkCanvas *self);
gboolean  _waymark_canvas_card_handle        (WaymarkCanvas *self,
                                              gint64         card,
                                              double        *x,
                                              double        *y);
GskRenderNode *_waymark_canvas_render        (WaymarkCanvas *self,
                                              int            width,
                                              int            height) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
