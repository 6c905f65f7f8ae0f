/* waymark-document-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-document.h"

G_BEGIN_DECLS

/* For the store: building and saving documents without the history. */
WaymarkDocument *_waymark_document_new_empty       (void);
void             _waymark_document_insert_loaded   (WaymarkDocument *self,
                                                    WaymarkObject   *object);
void             _waymark_document_set_header      (WaymarkDocument *self,
                                                    const char      *title,
                                                    const char      *author,
                                                    const char      *created,
                                                    const char      *modified_time);
void             _waymark_document_set_file        (WaymarkDocument *self,
                                                    GFile           *file);
void             _waymark_document_mark_saved      (WaymarkDocument *self);
void             _waymark_document_mark_unsaved    (WaymarkDocument *self);
guint64          _waymark_document_get_state       (WaymarkDocument *self);
void             _waymark_document_mark_saved_at   (WaymarkDocument *self,
                                                    guint64          state);

/* For the editing commands: a labelled step that typing or dragging
 * extends; removing many objects at once. */
void             _waymark_document_begin_merging   (WaymarkDocument *self,
                                                    const char      *label);
void             _waymark_document_remove_all      (WaymarkDocument *self,
                                                    GPtrArray       *objects,
                                                    const char      *label);

G_END_DECLS
