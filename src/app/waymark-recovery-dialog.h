/* waymark-recovery-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WAYMARK_TYPE_RECOVERY_DIALOG (waymark_recovery_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkRecoveryDialog, waymark_recovery_dialog, WAYMARK, RECOVERY_DIALOG, AdwWindow)

GtkWidget *waymark_recovery_dialog_new       (GtkWindow *parent,
                                              GPtrArray *entries);
guint      waymark_recovery_dialog_get_count (WaymarkRecoveryDialog *self);

G_END_DECLS
