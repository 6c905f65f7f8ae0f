/* waymark-template-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WAYMARK_TYPE_TEMPLATE_DIALOG (waymark_template_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkTemplateDialog, waymark_template_dialog, WAYMARK, TEMPLATE_DIALOG, AdwWindow)

WaymarkTemplateDialog *waymark_template_dialog_new (GtkWindow *parent);

G_END_DECLS
