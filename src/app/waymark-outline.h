/* waymark-outline.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-core.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_OUTLINE (waymark_outline_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkOutline, waymark_outline, WAYMARK, OUTLINE, GtkBox)

GtkWidget *waymark_outline_new           (void);
void       waymark_outline_set_document  (WaymarkOutline  *self,
                                          WaymarkDocument *document,
                                          gint64           map);
void       waymark_outline_select_object (WaymarkOutline  *self,
                                          gint64           object);
void       waymark_outline_select_cell   (WaymarkOutline  *self,
                                          gint64           stage,
                                          gint64           lane);
gint64     waymark_outline_get_selected  (WaymarkOutline  *self);

/* For tests. */
guint      _waymark_outline_get_n_rows   (WaymarkOutline  *self);
char      *_waymark_outline_dup_row_name (WaymarkOutline  *self,
                                          guint            position) G_GNUC_WARN_UNUSED_RESULT;
GtkWidget *_waymark_outline_get_list     (WaymarkOutline  *self);

G_END_DECLS
