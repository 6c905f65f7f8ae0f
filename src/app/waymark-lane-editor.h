/* waymark-lane-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_LANE_EDITOR (waymark_lane_editor_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkLaneEditor, waymark_lane_editor, WAYMARK, LANE_EDITOR, GtkBox)

void waymark_lane_editor_set_fields (WaymarkLaneEditor      *self,
                                     WaymarkInspectorFields *fields);
void waymark_lane_editor_update     (WaymarkLaneEditor      *self,
                                     WaymarkLane            *lane);

G_END_DECLS
