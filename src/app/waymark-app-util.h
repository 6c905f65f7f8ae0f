/* waymark-app-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "waymark-export.h"

G_BEGIN_DECLS

#define WAYMARK_MIME_TYPE "application/x-waymark"

/* What the window, its dialogs and printing share. */

void       waymark_report              (GtkWidget            *from,
                                        const char           *message,
                                        gboolean              is_error);
void       waymark_report_file         (GtkWidget            *from,
                                        const char           *message,
                                        GFile                *file);

void       waymark_recent_add          (GFile                *file);
GPtrArray *waymark_recent_dup_maps     (guint                 limit) G_GNUC_WARN_UNUSED_RESULT;

char      *waymark_dup_file_name       (GFile                *file) G_GNUC_WARN_UNUSED_RESULT;
char      *waymark_dup_location        (GFile                *file) G_GNUC_WARN_UNUSED_RESULT;

void       waymark_export_settings_read  (GSettings            *settings,
                                          WaymarkExportOptions *options);
void       waymark_export_settings_write (GSettings                  *settings,
                                          const WaymarkExportOptions *options);

G_END_DECLS
