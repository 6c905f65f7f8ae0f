/* waymark-export-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_EXPORT_DIALOG (waymark_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkExportDialog, waymark_export_dialog, WAYMARK, EXPORT_DIALOG, AdwWindow)

WaymarkExportDialog *waymark_export_dialog_new (GtkWindow       *parent,
                                                WaymarkDocument *document,
                                                gint64           map);


G_END_DECLS
