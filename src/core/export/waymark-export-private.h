/* waymark-export-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-export.h"

G_BEGIN_DECLS

/* Called at each step of writing a file ("created", "written", "synced");
 * returning %TRUE makes that step fail, as a full disk would. */
typedef gboolean (*WaymarkExportFaultHook) (const char *point);

void  _waymark_export_set_fault_hook (WaymarkExportFaultHook hook);
char *_waymark_export_source_name    (const char            *source) G_GNUC_WARN_UNUSED_RESULT;
char *_waymark_export_guess_language (WaymarkDocument       *document) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
