/* waymark-map-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_MAP_EDITOR (waymark_map_editor_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkMapEditor, waymark_map_editor, WAYMARK, MAP_EDITOR, GtkBox)

void            waymark_map_editor_set_fields       (WaymarkMapEditor       *self,
                                                     WaymarkInspectorFields *fields);
WaymarkMap     *waymark_map_editor_get_map          (WaymarkMapEditor       *self);
WaymarkPersona *waymark_map_editor_get_persona      (WaymarkMapEditor       *self);
gboolean        waymark_map_editor_get_busy         (WaymarkMapEditor       *self);
void            waymark_map_editor_update           (WaymarkMapEditor       *self,
                                                     WaymarkMap             *map);
void            waymark_map_editor_add_persona      (WaymarkMapEditor       *self);
void            waymark_map_editor_choose_photo     (WaymarkMapEditor       *self);
void            waymark_map_editor_load_photo       (WaymarkMapEditor       *self,
                                                     GFile                  *file);
void            waymark_map_editor_remove_photo     (WaymarkMapEditor       *self);
void            waymark_map_editor_cancel_photo     (WaymarkMapEditor       *self);
void            waymark_map_editor_hide_photo_error (WaymarkMapEditor       *self);

G_END_DECLS
