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
      cairo_set_line_cap (cr, op->flat_ends ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
      if (op->dash > 0)
        {
          double dashes[2] = { op->dash, op->dash_gap > 0 ? op->dash_gap : op->dash };

          cairo_set_dash (cr, dashes, 2, 0);
        }
      cairo_stroke (cr);
      if (op->dash > 0)
        cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_new_path (cr);
}

static void draw_view (cairo_t                *cr,
                       const WaymarkSceneOp   *op);
static void paint_item (cairo_t                *cr,
                        const WaymarkSceneItem *item,
                        gboolean                links);
static void paint_layer (cairo_t           *cr,
                         WaymarkScene      *scene,
                         WaymarkSceneLayer  layer,
                         const WaymarkRect *area,
                         gboolean           links);

/* Cairo 1.16.0 writes a cross-reference table that points at a missing
 * object as soon as a page holds a link annotation (qpdf --check calls
 * the file damaged); links need Cairo 1.17.2 or later, as the Flatpak
 * runtime has. */
static gboolean
links_work (void)
{
  return cairo_version () >= CAIRO_VERSION_ENCODE (1, 17, 2);
}

static void
draw_link (cairo_t              *cr,
           const WaymarkSceneOp *op)
{
  g_autofree char *attributes = NULL;
  double x = op->rect.x, y = op->rect.y, w = op->rect.width, h = op->rect.height;

  if (op->link == NULL || !links_work ())
    return;

  /* Tags take device-independent page coordinates: the rectangle as the
   * current transformation places it. */
  cairo_user_to_device (cr, &x, &y);
  cairo_user_to_device_distance (cr, &w, &h);
  if (op->link[0] == '#')
    attributes = g_strdup_printf ("rect=[%.2f %.2f %.2f %.2f] dest='%s'", x, y, w, h, op->link + 1);
  else
    attributes = g_strdup_printf ("rect=[%.2f %.2f %.2f %.2f] uri='%s'", x, y, w, h, op->link);
  cairo_tag_begin (cr, CAIRO_TAG_LINK, attributes);
  cairo_tag_end (cr, CAIRO_TAG_LINK);
}

static void
draw_dest (cairo_t              *cr,
           const WaymarkSceneOp *op)
{
  g_autofree char *attributes = NULL;
  double x = op->rect.x, y = op->rect.y;

  if (op->link == NULL || !links_work ())
    return;

  cairo_user_to_device (cr, &x, &y);
  attributes = g_strdup_printf ("name='%s' x=%.2f y=%.2f", op->link, x, y);
  cairo_tag_begin (cr, CAIRO_TAG_DEST, attributes);
  cairo_tag_end (cr, CAIRO_TAG_DEST);
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

  paint_item (cr, item, TRUE);
}

/* @links: whether link operations become links. A page's own links do;
 * the map's, seen through a view, point to what only some writers have
 * (a metric's provenance), and in a PDF the map is one shared drawing,
 * which cannot hold a page's links. */
static void
paint_item (cairo_t                *cr,
            const WaymarkSceneItem *item,
            gboolean                links)
{
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

        case WAYMARK_SCENE_OP_VIEW:
          draw_view (cr, op);
          break;

        case WAYMARK_SCENE_OP_LINK:
          if (links)
            draw_link (cr, op);
          break;

        case WAYMARK_SCENE_OP_DEST:
          draw_dest (cr, op);
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
  g_return_if_fail (cr != NULL);
  g_return_if_fail (WAYMARK_IS_SCENE (scene));

  paint_layer (cr, scene, layer, area, TRUE);
}

static void
paint_layer (cairo_t           *cr,
             WaymarkScene      *scene,
             WaymarkSceneLayer  layer,
             const WaymarkRect *area,
             gboolean           links)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect all = { -G_MAXDOUBLE / 4, -G_MAXDOUBLE / 4, G_MAXDOUBLE / 2, G_MAXDOUBLE / 2 };

  waymark_scene_query (scene, layer, area ? area : &all, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, g_array_index (indices, guint, k));

      cairo_save (cr);
      cairo_translate (cr, item->bounds.x, item->bounds.y);
      paint_item (cr, item, links);
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

/* Draws @item with its text moved by (@dx, @dy), within its bounds: a
 * header whose start is out of view still names its stage or lane. */
static void
draw_item_moving_text (cairo_t                *cr,
                       const WaymarkSceneItem *item,
                       double                  dx,
                       double                  dy)
{
  g_autoptr(GArray) ops = g_array_new (FALSE, FALSE, sizeof (WaymarkSceneOp));
  WaymarkSceneItem copy = *item;

  for (guint i = 0; i < item->ops->len; i++)
    {
      WaymarkSceneOp op = g_array_index (item->ops, WaymarkSceneOp, i);

      if (op.type == WAYMARK_SCENE_OP_TEXT)
        {
          op.rect.x += dx;
          op.rect.y += dy;
        }
      g_array_append_val (ops, op);
    }
  copy.ops = ops;
  cairo_save (cr);
  cairo_rectangle (cr, item->bounds.x, item->bounds.y, item->bounds.width, item->bounds.height);
  cairo_clip (cr);
  cairo_translate (cr, item->bounds.x, item->bounds.y);
  paint_item (cr, &copy, FALSE);
  cairo_restore (cr);
}

/* The items of a header layer meeting @area; one that starts before the
 * area keeps its title in view. Over a recording of the layer, only those
 * are drawn again. */
static void
draw_sticky_layer (cairo_t           *cr,
                   WaymarkScene      *scene,
                   WaymarkSceneLayer  layer,
                   const WaymarkRect *area,
                   gboolean           recorded)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));

  waymark_scene_query (scene, layer, area, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, g_array_index (indices, guint, k));
      double dx = 0, dy = 0;

      if (layer == WAYMARK_SCENE_LAYER_STAGE_HEADERS && item->bounds.x < area->x)
        dx = MIN (area->x - item->bounds.x, MAX (0, item->bounds.width - 80));
      else if (layer == WAYMARK_SCENE_LAYER_LANE_HEADERS && item->bounds.y < area->y)
        dy = MIN (area->y - item->bounds.y, MAX (0, item->bounds.height - 40));
      if (!recorded || dx > 0 || dy > 0)
        draw_item_moving_text (cr, item, dx, dy);
    }
}

/* A view of another scene (see WaymarkSceneView), in the op's rect. */
static void
draw_view (cairo_t              *cr,
           const WaymarkSceneOp *op)
{
  const WaymarkSceneView *view = op->view;

  if (view == NULL || view->scene == NULL || !(view->scale > 0))
    return;

  cairo_save (cr);
  cairo_rectangle (cr, op->rect.x, op->rect.y, op->rect.width, op->rect.height);
  cairo_clip (cr);
  cairo_translate (cr, op->rect.x, op->rect.y);
  cairo_scale (cr, view->scale, view->scale);
  cairo_translate (cr, -view->area.x, -view->area.y);

  if (view->background)
    {
      set_color (cr, &waymark_scene_get_theme (view->scene)->background);
      cairo_paint (cr);
    }

  for (WaymarkSceneLayer layer = 0; layer < WAYMARK_SCENE_N_LAYERS; layer++)
    {
      cairo_surface_t *recording = view->recordings != NULL ? view->recordings[layer] : NULL;
      gboolean header = layer == WAYMARK_SCENE_LAYER_STAGE_HEADERS || layer == WAYMARK_SCENE_LAYER_LANE_HEADERS;

      if (!(view->layers & (1u << layer)))
        continue;
      if (recording != NULL)
        {
          cairo_set_source_surface (cr, recording, 0, 0);
          cairo_paint (cr);
        }
      if (header && view->sticky)
        draw_sticky_layer (cr, view->scene, layer, &view->area, recording != NULL);
      else if (recording == NULL)
        paint_layer (cr, view->scene, layer, &view->area, FALSE);
    }

  cairo_restore (cr);
}

/**
 * waymark_painter_record_layer:
 * @scene: a scene
 * @layer: one of its layers
 * @background: whether to paint the scene's background under it
 *
 * One layer drawn once, for views that share it (see WaymarkSceneView).
 *
 * Returns: (transfer full): a recording surface the size of @scene
 */
cairo_surface_t *
waymark_painter_record_layer (WaymarkScene      *scene,
                              WaymarkSceneLayer  layer,
                              gboolean           background)
{
  cairo_rectangle_t extents = { 0, 0, };
  cairo_surface_t *recording;
  cairo_t *cr;

  g_return_val_if_fail (WAYMARK_IS_SCENE (scene), NULL);

  waymark_scene_get_size (scene, &extents.width, &extents.height);
  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  cr = cairo_create (recording);
  if (background)
    {
      set_color (cr, &waymark_scene_get_theme (scene)->background);
      cairo_paint (cr);
    }
  paint_layer (cr, scene, layer, NULL, FALSE);
  cairo_destroy (cr);
  return recording;
}
