/* waymark-document.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-items.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_DOCUMENT (waymark_document_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkDocument, waymark_document, WAYMARK, DOCUMENT, GObject)

/* What a change did to the object it names (NULL object: the document). */
typedef enum
{
  WAYMARK_CHANGE_ADDED,
  WAYMARK_CHANGE_REMOVED,
  WAYMARK_CHANGE_UPDATED,
} WaymarkChange;

typedef struct
{
  guint personas;
  guint maps;
  guint stages;
  guint lanes;
  guint cards;
} WaymarkDocumentStats;

WaymarkDocument *waymark_document_copy              (WaymarkDocument       *self) G_GNUC_WARN_UNUSED_RESULT;

const char      *waymark_document_get_title         (WaymarkDocument       *self);
const char      *waymark_document_get_author        (WaymarkDocument       *self);
const char      *waymark_document_get_created       (WaymarkDocument       *self);
GFile           *waymark_document_get_file          (WaymarkDocument       *self);
gboolean         waymark_document_get_modified      (WaymarkDocument       *self);
gboolean         waymark_document_get_can_undo      (WaymarkDocument       *self);
gboolean         waymark_document_get_can_redo      (WaymarkDocument       *self);
const char      *waymark_document_get_undo_label    (WaymarkDocument       *self);
const char      *waymark_document_get_redo_label    (WaymarkDocument       *self);
char            *waymark_document_dup_display_name  (WaymarkDocument       *self) G_GNUC_WARN_UNUSED_RESULT;
void             waymark_document_get_stats         (WaymarkDocument       *self,
                                                     WaymarkDocumentStats  *stats);

WaymarkObject   *waymark_document_lookup            (WaymarkDocument       *self,
                                                     gint64                 id);
GPtrArray       *waymark_document_get_items         (WaymarkDocument       *self,
                                                     GType                  type);
GPtrArray       *waymark_document_dup_children      (WaymarkDocument       *self,
                                                     GType                  type,
                                                     const char            *parent_property,
                                                     gint64                 parent_id) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray       *waymark_document_dup_maps          (WaymarkDocument       *self) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMap      *waymark_document_get_first_map     (WaymarkDocument       *self);
GPtrArray       *waymark_document_dup_cell          (WaymarkDocument       *self,
                                                     gint64                 stage_id,
                                                     gint64                 lane_id) G_GNUC_WARN_UNUSED_RESULT;

void             waymark_document_begin             (WaymarkDocument       *self,
                                                     const char            *label);
void             waymark_document_end               (WaymarkDocument       *self);
WaymarkObject   *waymark_document_add               (WaymarkDocument       *self,
                                                     GType                  type,
                                                     const char            *first_property,
                                                     ...) G_GNUC_NULL_TERMINATED;
void             waymark_document_remove            (WaymarkDocument       *self,
                                                     WaymarkObject         *object);
void             waymark_document_set               (WaymarkDocument       *self,
                                                     gpointer               object,
                                                     const char            *first_property,
                                                     ...) G_GNUC_NULL_TERMINATED;
void             waymark_document_set_value         (WaymarkDocument       *self,
                                                     gpointer               object,
                                                     const char            *property,
                                                     const GValue          *value);
gboolean         waymark_document_undo              (WaymarkDocument       *self);
gboolean         waymark_document_redo              (WaymarkDocument       *self);

G_END_DECLS
