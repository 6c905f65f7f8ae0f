/* waymark-canvas.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_CANVAS (waymark_canvas_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkCanvas, waymark_canvas, WAYMARK, CANVAS, GtkWidget)

GtkWidget       *waymark_canvas_new              (void);

void             waymark_canvas_set_document     (WaymarkCanvas   *self,
                                                  WaymarkDocument *document,
                                                  gint64           map);
gint64           waymark_canvas_get_map          (WaymarkCanvas   *self);
double           waymark_canvas_get_zoom         (WaymarkCanvas   *self);
void             waymark_canvas_set_zoom         (WaymarkCanvas   *self,
                                                  double           zoom);
void             waymark_canvas_zoom_to_fit      (WaymarkCanvas   *self);
void             waymark_canvas_set_dark         (WaymarkCanvas   *self,
                                                  gboolean         dark);
gboolean         waymark_canvas_get_presenting   (WaymarkCanvas   *self);
void             waymark_canvas_set_presenting   (WaymarkCanvas   *self,
                                                  gboolean         presenting);
void             waymark_canvas_present_step     (WaymarkCanvas   *self,
                                                  int              delta);

GPtrArray       *waymark_canvas_dup_selection    (WaymarkCanvas   *self) G_GNUC_WARN_UNUSED_RESULT;
void             waymark_canvas_select_object    (WaymarkCanvas   *self,
                                                  gint64           object);
void             waymark_canvas_select_first_cell (WaymarkCanvas  *self);
gboolean         waymark_canvas_get_cursor_cell  (WaymarkCanvas   *self,
                                                  gint64          *stage,
                                                  gint64          *lane);
void             waymark_canvas_select_cell      (WaymarkCanvas   *self,
                                                  gint64           stage,
                                                  gint64           lane);
GtkWidget       *waymark_canvas_new_legend       (WaymarkCanvas   *self);
guint            waymark_canvas_find             (WaymarkCanvas   *self,
                                                  const char      *query,
                                                  int              direction,
                                                  guint           *position);
void             waymark_canvas_clear_found      (WaymarkCanvas   *self);
void             waymark_canvas_announce         (WaymarkCanvas   *self,
                                                  const char      *message);
const char      *waymark_canvas_get_announcement (WaymarkCanvas   *self);
void             waymark_canvas_set_focus_filter (WaymarkCanvas   *self,
                                                  const char      *rule);
const char      *waymark_canvas_get_focus_filter (WaymarkCanvas   *self);
gboolean         waymark_canvas_card_in_focus    (WaymarkCanvas   *self,
                                                  gint64           card);
char            *waymark_canvas_describe_focus   (WaymarkCanvas   *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
