/* waymark-stage-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_STAGE_EDITOR (waymark_stage_editor_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkStageEditor, waymark_stage_editor, WAYMARK, STAGE_EDITOR, GtkBox)

void waymark_stage_editor_set_fields (WaymarkStageEditor     *self,
                                      WaymarkInspectorFields *fields);
void waymark_stage_editor_update     (WaymarkStageEditor     *self,
                                      WaymarkStage           *stage);

G_END_DECLS
