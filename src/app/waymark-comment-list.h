/* waymark-comment-list.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-inspector-fields-private.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_COMMENT_LIST (waymark_comment_list_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkCommentList, waymark_comment_list, WAYMARK, COMMENT_LIST, AdwPreferencesGroup)

void       waymark_comment_list_set_fields        (WaymarkCommentList     *self,
                                                   WaymarkInspectorFields *fields);
gboolean   waymark_comment_list_get_can_add       (WaymarkCommentList     *self);
void       waymark_comment_list_update            (WaymarkCommentList     *self,
                                                   WaymarkCard            *card);
void       waymark_comment_list_add               (WaymarkCommentList     *self);
guint      waymark_comment_list_get_n_comments    (WaymarkCommentList     *self);
GtkWidget *waymark_comment_list_get_delete_button (WaymarkCommentList     *self,
                                                   guint                   index);

G_END_DECLS
