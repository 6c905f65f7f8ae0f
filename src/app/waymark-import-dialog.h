/* waymark-import-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_IMPORT_DIALOG (waymark_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkImportDialog, waymark_import_dialog, WAYMARK, IMPORT_DIALOG, AdwWindow)

WaymarkImportDialog *waymark_import_dialog_new      (GtkWindow           *parent,
                                                     WaymarkDocument     *document);
void                 waymark_import_dialog_show_database (WaymarkImportDialog *self);
void                 waymark_import_dialog_choose_file (WaymarkImportDialog *self);
void                 waymark_import_dialog_set_file (WaymarkImportDialog *self,
                                                     GFile               *file);

G_END_DECLS
