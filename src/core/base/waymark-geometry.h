/* waymark-geometry.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A rectangle in map coordinates: points, origin at the map's top left. */
typedef struct
{
  double x;
  double y;
  double width;
  double height;
} WaymarkRect;

gboolean waymark_rect_intersects     (const WaymarkRect *a,
                                      const WaymarkRect *b);
gboolean waymark_rect_contains_point (const WaymarkRect *rect,
                                      double             x,
                                      double             y);

G_END_DECLS
