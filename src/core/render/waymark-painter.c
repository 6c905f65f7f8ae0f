/* waymark-painter.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-painter"

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "waymark-painter.h"

static void
set_color (cairo_t            *cr,
           const WaymarkColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
rounded_rect (cairo_t           *cr,
              const WaymarkRect *rect,
              double             radius)
{
  double r = MIN (radius, MIN (rect->width, rect->height) / 2);

  if (r <= 0)
    {
      cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
      return;
    }

  cairo_new_sub_path (cr);
  cairo_arc (cr, rect->x + rect->width - r, rect->y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, rect->x + rect->width - r, rect->y + rect->height - r, r, 0, G_PI / 2);
  cairo_arc (cr, rect->x + r, rect->y + rect->height - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, rect->x + r, rect->y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
fill_and_stroke (cairo_t              *cr,
                 const WaymarkSceneOp *op)
{
  if (op->fill.alpha > 0)
    {
      set_color (cr, &op->fill);
      if (op->stroke.alpha > 0)
        cairo_fill_preserve (cr);
      else
        cairo_fill (cr);
    }
  if (op->stroke.alpha > 0)
    {
      set_color (cr, &op->stroke);
      cairo_set_line_width (cr, op->line_width > 0 ? op->line_width : 1);
      if (op->dash > 0)
        cairo_set_dash (cr, &op->dash, 1, 0);
      cairo_stroke (cr);
      if (op->dash > 0)
        cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_new_path (cr);
}

/**
 * waymark_painter_draw_item:
 * @cr: a context whose origin is the item's origin (bounds.x, bounds.y)
 * @item: what to draw
 */
void
waymark_painter_draw_item (cairo_t                *cr,
                           const WaymarkSceneItem *item)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (item != NULL);

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  for (guint i = 0; i < item->ops->len; i++)
    {
      const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

      switch (op->type)
        {
        case WAYMARK_SCENE_OP_RECT:
          rounded_rect (cr, &op->rect, op->radius);
          fill_and_stroke (cr, op);
          break;

        case WAYMARK_SCENE_OP_PATH:
          cairo_append_path (cr, op->path);
          fill_and_stroke (cr, op);
          break;

        case WAYMARK_SCENE_OP_TEXT:
          set_color (cr, &op->fill);
          cairo_move_to (cr, op->rect.x, op->rect.y);
          pango_cairo_show_layout (cr, op->layout);
          cairo_new_path (cr);
          break;

        case WAYMARK_SCENE_OP_IMAGE:
          {
            double sw = cairo_image_surface_get_width (op->image);
            double sh = cairo_image_surface_get_height (op->image);
            double scale = MAX (op->rect.width / sw, op->rect.height / sh);

            cairo_save (cr);
            rounded_rect (cr, &op->rect, op->radius);
            cairo_clip (cr);
            /* Cover the box, centred, as avatars do. */
            cairo_translate (cr, op->rect.x + (op->rect.width - sw * scale) / 2,
                             op->rect.y + (op->rect.height - sh * scale) / 2);
            cairo_scale (cr, scale, scale);
            cairo_set_source_surface (cr, op->image, 0, 0);
            cairo_paint (cr);
            cairo_restore (cr);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/**
 * waymark_painter_draw_layer:
 * @area: (nullable): only items meeting this rectangle; %NULL for all
 *
 * Draws the items of one layer at their places in map coordinates.
 */
void
waymark_painter_draw_layer (cairo_t           *cr,
                            WaymarkScene      *scene,
                            WaymarkSceneLayer  layer,
                            const WaymarkRect *area)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect all = { -G_MAXDOUBLE / 4, -G_MAXDOUBLE / 4, G_MAXDOUBLE / 2, G_MAXDOUBLE / 2 };

  g_return_if_fail (cr != NULL);
  g_return_if_fail (WAYMARK_IS_SCENE (scene));

  waymark_scene_query (scene, layer, area ? area : &all, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, g_array_index (indices, guint, k));

      cairo_save (cr);
      cairo_translate (cr, item->bounds.x, item->bounds.y);
      waymark_painter_draw_item (cr, item);
      cairo_restore (cr);
    }
}

/**
 * waymark_painter_draw_scene:
 * @area: (nullable): only items meeting this rectangle; %NULL for all
 *
 * Draws the whole map as it is printed: background, body, then headers.
 */
void
waymark_painter_draw_scene (cairo_t           *cr,
                            WaymarkScene      *scene,
                            const WaymarkRect *area)
{
  const WaymarkTheme *theme = waymark_scene_get_theme (scene);
  double width, height;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (WAYMARK_IS_SCENE (scene));

  waymark_scene_get_size (scene, &width, &height);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  set_color (cr, &theme->background);
  cairo_fill (cr);
  cairo_restore (cr);

  for (WaymarkSceneLayer layer = 0; layer < WAYMARK_SCENE_N_LAYERS; layer++)
    waymark_painter_draw_layer (cr, scene, layer, area);
}
