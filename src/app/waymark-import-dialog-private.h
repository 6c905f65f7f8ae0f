/* waymark-import-dialog-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-import-dialog.h"

G_BEGIN_DECLS

/* For tests. */
gboolean    _waymark_import_dialog_is_busy        (WaymarkImportDialog *self);
guint       _waymark_import_dialog_get_n_preview  (WaymarkImportDialog *self);
const char *_waymark_import_dialog_get_summary    (WaymarkImportDialog *self);
const char *_waymark_import_dialog_get_cell       (WaymarkImportDialog *self,
                                                   guint                row,
                                                   guint                column);
void        _waymark_import_dialog_set_stage      (WaymarkImportDialog *self,
                                                   const char          *column);
void        _waymark_import_dialog_set_create     (WaymarkImportDialog *self,
                                                   gboolean             create_cards);
gboolean    _waymark_import_dialog_import         (WaymarkImportDialog *self);
GtkWidget  *_waymark_import_dialog_get_widget     (WaymarkImportDialog *self,
                                                   const char          *id);

G_END_DECLS
