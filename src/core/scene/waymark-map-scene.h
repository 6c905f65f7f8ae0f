/* waymark-map-scene.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-layout.h"
#include "waymark-scene.h"

G_BEGIN_DECLS

/*
 * A map's scene: the display list built from a layout and kept up to date
 * with it. Renderers see only waymark-scene.h; what builds scenes (the
 * canvas, exports) uses this.
 */

WaymarkScene       *waymark_scene_new             (WaymarkLayout      *layout,
                                                   const WaymarkTheme *theme) G_GNUC_WARN_UNUSED_RESULT;

WaymarkLayout      *waymark_scene_get_layout      (WaymarkScene       *self);
void                waymark_scene_set_theme       (WaymarkScene       *self,
                                                   const WaymarkTheme *theme);
gboolean            waymark_scene_update          (WaymarkScene       *self);
GPtrArray          *waymark_scene_build_legend    (WaymarkScene       *self,
                                                   double              width,
                                                   double             *height) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
