/* waymark-cards-editor.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_CARDS_EDITOR (waymark_cards_editor_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkCardsEditor, waymark_cards_editor, WAYMARK, CARDS_EDITOR, GtkBox)

void waymark_cards_editor_set_fields (WaymarkCardsEditor     *self,
                                      WaymarkInspectorFields *fields);
void waymark_cards_editor_update     (WaymarkCardsEditor     *self,
                                      GPtrArray              *cards);

G_END_DECLS
