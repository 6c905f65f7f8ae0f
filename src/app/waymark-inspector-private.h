/* waymark-inspector-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-inspector.h"

G_BEGIN_DECLS

/* The most bytes a persona's photo may have. */
#define WAYMARK_INSPECTOR_MAX_PHOTO_BYTES (8 * 1024 * 1024)

/* For tests: a widget by its id in waymark-inspector.ui or an editor's template. */
GtkWidget  *_waymark_inspector_get_widget         (WaymarkInspector *self,
                                                   const char       *id);
/* For tests: the visible page, "empty", "map", "card", "cards", "stage", "lane" or "mixed". */
const char *_waymark_inspector_get_page           (WaymarkInspector *self);
/* For tests: the swatch of @color ("" for the default) in the color row
 * @colors_id ("card_colors", "cards_colors", "stage_colors", "lane_colors"). */
GtkWidget  *_waymark_inspector_get_swatch         (WaymarkInspector *self,
                                                   const char       *colors_id,
                                                   const char       *color);
/* For tests: how many comments the list shows, and the delete button of one. */
guint       _waymark_inspector_get_n_comments     (WaymarkInspector *self);
GtkWidget  *_waymark_inspector_get_comment_delete (WaymarkInspector *self,
                                                   guint             index);
/* For tests: what “Choose Photo…” does once a file is chosen. */
void        _waymark_inspector_load_photo         (WaymarkInspector *self,
                                                   GFile            *file);
/* For tests: whether a photo is still being read. */
gboolean    _waymark_inspector_is_busy            (WaymarkInspector *self);

G_END_DECLS
