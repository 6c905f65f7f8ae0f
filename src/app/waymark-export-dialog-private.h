/* waymark-export-dialog-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-export.h"
#include "waymark-export-dialog.h"

G_BEGIN_DECLS

/* For the tests: what the controls say, the preview's page count, and an
 * export to @file without the file chooser; done when the dialog is idle. */
void     _waymark_export_dialog_get_options (WaymarkExportDialog  *self,
                                             WaymarkExportOptions *options);
guint    _waymark_export_dialog_get_n_pages (WaymarkExportDialog  *self);
void     _waymark_export_dialog_export_to   (WaymarkExportDialog  *self,
                                             GFile                *file);
gboolean _waymark_export_dialog_get_busy    (WaymarkExportDialog  *self);
GtkWidget *_waymark_export_dialog_get_layout_row (WaymarkExportDialog *self,
                                                  WaymarkExportMode    mode);
GtkWidget *_waymark_export_dialog_get_poster_row (WaymarkExportDialog *self);
GtkWidget *_waymark_export_dialog_get_summary_switch (WaymarkExportDialog *self);
GFile   *_waymark_export_dialog_dup_folder  (WaymarkExportDialog  *self);

G_END_DECLS
