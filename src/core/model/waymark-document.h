/* waymark-document.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define WAYMARK_TYPE_DOCUMENT (waymark_document_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkDocument, waymark_document, WAYMARK, DOCUMENT, GObject)

typedef struct
{
  guint personas;
  guint maps;
  guint stages;
  guint lanes;
  guint cards;
} WaymarkDocumentStats;

WaymarkDocument *waymark_document_new               (const char            *template_name,
                                                     const char            *title,
                                                     GError               **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkDocument *waymark_document_load              (GFile                 *file,
                                                     GError               **error) G_GNUC_WARN_UNUSED_RESULT;
const char      *waymark_document_get_title         (WaymarkDocument       *self);
GFile           *waymark_document_get_file          (WaymarkDocument       *self);
gboolean         waymark_document_get_modified      (WaymarkDocument       *self);
char            *waymark_document_dup_display_name  (WaymarkDocument       *self) G_GNUC_WARN_UNUSED_RESULT;
void             waymark_document_get_stats         (WaymarkDocument       *self,
                                                     WaymarkDocumentStats  *stats);
gboolean         waymark_document_save              (WaymarkDocument       *self,
                                                     GFile                 *file,
                                                     GError               **error);

G_END_DECLS
