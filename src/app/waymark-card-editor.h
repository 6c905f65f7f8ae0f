/* waymark-card-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-comment-list.h"
#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_CARD_EDITOR (waymark_card_editor_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkCardEditor, waymark_card_editor, WAYMARK, CARD_EDITOR, GtkBox)

void                waymark_card_editor_set_fields       (WaymarkCardEditor      *self,
                                                          WaymarkInspectorFields *fields);
WaymarkCommentList *waymark_card_editor_get_comment_list (WaymarkCardEditor      *self);
void                waymark_card_editor_update           (WaymarkCardEditor      *self,
                                                          WaymarkCard            *card);

G_END_DECLS
