/* waymark-inspector.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_INSPECTOR (waymark_inspector_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkInspector, waymark_inspector, WAYMARK, INSPECTOR, AdwBin)

GtkWidget       *waymark_inspector_new           (void);
WaymarkDocument *waymark_inspector_get_document  (WaymarkInspector *self);
void             waymark_inspector_set_document  (WaymarkInspector *self,
                                                  WaymarkDocument  *document);
gint64           waymark_inspector_get_map       (WaymarkInspector *self);
void             waymark_inspector_set_map       (WaymarkInspector *self,
                                                  gint64            map);
GPtrArray       *waymark_inspector_get_selection (WaymarkInspector *self);
void             waymark_inspector_set_selection (WaymarkInspector *self,
                                                  GPtrArray        *objects);

G_END_DECLS
