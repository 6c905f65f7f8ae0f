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

G_END_DECLS
