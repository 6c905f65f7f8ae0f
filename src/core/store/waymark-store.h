/* waymark-store.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "waymark-document.h"

G_BEGIN_DECLS

/* "WAYM" read as a big-endian 32-bit integer, at offset 68 of the file. */
#define WAYMARK_STORE_APPLICATION_ID 0x5741594D
#define WAYMARK_STORE_FORMAT_VERSION 3

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

const char * const *waymark_store_list_templates (void);
gboolean            waymark_store_check_header   (GFile            *file,
                                                  GError          **error);
sqlite3            *waymark_store_open_untrusted (GFile            *file,
                                                  GError          **error);

WaymarkDocument    *waymark_store_new_document      (const char           *template_name,
                                                     const char           *title,
                                                     GError              **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkDocument    *waymark_store_open              (GFile                *file,
                                                     GError              **error) G_GNUC_WARN_UNUSED_RESULT;
void                waymark_store_open_async        (GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
WaymarkDocument    *waymark_store_open_finish       (GAsyncResult         *result,
                                                     GError              **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean            waymark_store_save              (WaymarkDocument      *document,
                                                     GFile                *file,
                                                     GError              **error);
void                waymark_store_save_async        (WaymarkDocument      *document,
                                                     GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            waymark_store_save_finish       (WaymarkDocument      *document,
                                                     GAsyncResult         *result,
                                                     GError              **error);
gboolean            waymark_store_write             (WaymarkDocument      *document,
                                                     GFile                *file,
                                                     GError              **error);

gboolean            waymark_store_autosave          (WaymarkDocument      *document,
                                                     GError              **error);
void                waymark_store_autosave_async    (WaymarkDocument      *document,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean            waymark_store_autosave_finish   (WaymarkDocument      *document,
                                                     GAsyncResult         *result,
                                                     GError              **error);
GFile              *waymark_store_get_recovery_file (WaymarkDocument      *document);
void                waymark_store_discard_recovery  (WaymarkDocument      *document);
gboolean            waymark_store_is_busy           (WaymarkDocument      *document);

G_END_DECLS
