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
#define WAYMARK_STORE_FORMAT_VERSION 2

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

const char * const *waymark_store_list_templates (void);
gboolean            waymark_store_check_header   (GFile            *file,
                                                  GError          **error);
sqlite3            *waymark_store_open_untrusted (GFile            *file,
                                                  GError          **error);
WaymarkDocument    *waymark_store_load           (GFile            *file,
                                                  GError          **error);
WaymarkDocument    *waymark_store_create         (const char       *template_name,
                                                  const char       *title,
                                                  GError          **error);
gboolean            waymark_store_save           (WaymarkDocument  *document,
                                                  GFile            *file,
                                                  GError          **error);

G_END_DECLS
