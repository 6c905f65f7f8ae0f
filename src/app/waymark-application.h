/* waymark-application.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define WAYMARK_TYPE_APPLICATION (waymark_application_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkApplication, waymark_application, WAYMARK, APPLICATION, AdwApplication)

WaymarkApplication *waymark_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;
GSettings          *waymark_application_get_settings (WaymarkApplication *self);

G_END_DECLS
