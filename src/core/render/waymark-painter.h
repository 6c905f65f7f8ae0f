/* waymark-painter.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "waymark-scene.h"

G_BEGIN_DECLS

/*
 * The one Cairo painter: the canvas, PDF, PNG and print all draw scene
 * items through it. It keeps no state between calls.
 */

void waymark_painter_draw_item  (cairo_t                *cr,
                                 const WaymarkSceneItem *item);
void waymark_painter_draw_item_outlined (cairo_t        *cr,
                                         const WaymarkSceneItem *item);
void waymark_painter_draw_layer (cairo_t                *cr,
                                 WaymarkScene           *scene,
                                 WaymarkSceneLayer       layer,
                                 const WaymarkRect      *area);
void waymark_painter_draw_scene (cairo_t                *cr,
                                 WaymarkScene           *scene,
                                 const WaymarkRect      *area);

G_END_DECLS
