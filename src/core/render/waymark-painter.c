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
/* How items are drawn: on a page (everything, links too) or through a
 * view of another scene (its text rule, no links). */
typedef struct
{
  const WaymarkSceneView *view;   /* NULL: drawn as they are */
  double                  x;      /* the item's origin in its scene */
  double                  y;
} Context;

static void paint_item (cairo_t                *cr,
                        gboolean                outlines,
                        const WaymarkSceneItem *item,
                        const Context          *context);
static void paint_layer (cairo_t                *cr,
                         WaymarkScene           *scene,
                         WaymarkSceneLayer       layer,
                         const WaymarkRect      *area,
                         const WaymarkSceneView *view);

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

  paint_item (cr, FALSE, item, NULL);
}

/**
 * waymark_painter_draw_item_outlined:
 * @cr: a context whose origin is the item's origin (bounds.x, bounds.y)
 * @item: what to draw
 *
 * As waymark_painter_draw_item(), with the text filled as outlines: drawn
 * small (a map zoomed out on screen), glyphs placed on whole pixels would
 * swallow the spaces between words; outlines keep every glyph where the
 * layout put it.
 */
void
waymark_painter_draw_item_outlined (cairo_t                *cr,
                                    const WaymarkSceneItem *item)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (item != NULL);

  paint_item (cr, TRUE, item, NULL);
}

static gboolean
rect_inside (const WaymarkRect *inner,
             const WaymarkRect *outer)
{
  /* A hair of tolerance: a line touching the edge is inside. */
  return inner->x >= outer->x - 0.01 && inner->y >= outer->y - 0.01 &&
         inner->x + inner->width <= outer->x + outer->width + 0.01 &&
         inner->y + inner->height <= outer->y + outer->height + 0.01;
}

/* A text through a view: only the lines its rule keeps, each drawn where
 * pango_cairo_show_layout() would draw it. */
static void
show_text_lines (cairo_t              *cr,
                 const WaymarkSceneOp *op,
                 const Context        *context)
{
  const WaymarkSceneView *view = context->view;
  PangoLayoutIter *iter = pango_layout_get_iter (op->layout);

  do
    {
      PangoRectangle logical;
      WaymarkRect line;
      int baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      baseline = pango_layout_iter_get_baseline (iter);
      line = (WaymarkRect) {
        context->x + op->rect.x + (double) logical.x / PANGO_SCALE,
        context->y + op->rect.y + (double) logical.y / PANGO_SCALE,
        (double) logical.width / PANGO_SCALE,
        (double) logical.height / PANGO_SCALE,
      };
      if (rect_inside (&line, &view->area) ||
          (view->text == WAYMARK_SCENE_TEXT_OWNED &&
           waymark_rect_intersects (&(WaymarkRect) { line.x + line.width / 2, line.y + line.height / 2, 0.001, 0.001 },
                                    &view->own)))
        {
          cairo_move_to (cr, op->rect.x + (double) logical.x / PANGO_SCALE,
                         op->rect.y + (double) baseline / PANGO_SCALE);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}


/* @context: %NULL on a page: everything is drawn, and links become links.
 * Through a view, the map's links point to what only some writers have (a
 * metric's provenance), and its text follows the view's rule. */
/* The structure a tagged PDF gives screen readers and reflow: headings
 * for the title, stages and lanes, a paragraph per card and text, a
 * figure per view of the map. Only on PDF surfaces. */
static const char *
structure_tag (cairo_t                *cr,
               const WaymarkSceneItem *item)
{
  if (cairo_surface_get_type (cairo_get_target (cr)) != CAIRO_SURFACE_TYPE_PDF)
    return NULL;
  switch (item->role)
    {
    case WAYMARK_SCENE_ROLE_TITLE:
      return "H1";
    case WAYMARK_SCENE_ROLE_HEADING:
      return "H2";
    case WAYMARK_SCENE_ROLE_STAGE_HEADER:
      return "H3";
    case WAYMARK_SCENE_ROLE_LANE_HEADER:
      return "H4";
    case WAYMARK_SCENE_ROLE_CARD:
    case WAYMARK_SCENE_ROLE_TEXT:
    case WAYMARK_SCENE_ROLE_PERSONA:
      return "P";
    case WAYMARK_SCENE_ROLE_FIGURE:
      return "Figure";
    case WAYMARK_SCENE_ROLE_EMOTION_POINT:
    case WAYMARK_SCENE_ROLE_CONNECTOR:
      return "Span";
    case WAYMARK_SCENE_ROLE_LANE_ROW:
    case WAYMARK_SCENE_ROLE_EMOTION_CURVE:
    case WAYMARK_SCENE_ROLE_CORNER:
    case WAYMARK_SCENE_ROLE_MARK:
    default:
      return NULL;
    }
}

static void paint_item_ops (cairo_t                *cr,
                            gboolean                outlines,
                            const WaymarkSceneItem *item,
                            const Context          *context);

static void
paint_item (cairo_t                *cr,
            gboolean                outlines,
            const WaymarkSceneItem *item,
            const Context          *context)
{
  const char *tag = structure_tag (cr, item);

  if (tag != NULL)
    cairo_tag_begin (cr, tag, NULL);
  paint_item_ops (cr, outlines, item, context);
  if (tag != NULL)
    cairo_tag_end (cr, tag);
}

static void
paint_item_ops (cairo_t                *cr,
                gboolean                outlines,
                const WaymarkSceneItem *item,
                const Context          *context)
{
  gboolean links = context == NULL || context->view == NULL;
  /* An item wholly in a view keeps all its lines under any rule: drawn
   * whole, as on a page, which is much quicker than line by line. */
  gboolean by_line = !links && context->view->text != WAYMARK_SCENE_TEXT_ALL &&
                     !rect_inside (&item->bounds, &context->view->area);

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
          if (!links && context->view->min_text > 0 &&
              waymark_scene_op_get_text_size (op) * context->view->scale < context->view->min_text)
            break;
          set_color (cr, &op->fill);
          if (by_line)
            show_text_lines (cr, op, context);
          else
            {
              cairo_move_to (cr, op->rect.x, op->rect.y);
              if (outlines)
                {
                  pango_cairo_layout_path (cr, op->layout);
                  cairo_fill (cr);
                }
              else
                pango_cairo_show_layout (cr, op->layout);
            }
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

  paint_layer (cr, scene, layer, area, NULL);
}

static void
paint_layer (cairo_t                *cr,
             WaymarkScene           *scene,
             WaymarkSceneLayer       layer,
             const WaymarkRect      *area,
             const WaymarkSceneView *view)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect all = { -G_MAXDOUBLE / 4, -G_MAXDOUBLE / 4, G_MAXDOUBLE / 2, G_MAXDOUBLE / 2 };

  waymark_scene_query (scene, layer, area ? area : &all, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, g_array_index (indices, guint, k));

      Context context = { view, item->bounds.x, item->bounds.y };

      cairo_save (cr);
      cairo_translate (cr, item->bounds.x, item->bounds.y);
      paint_item (cr, FALSE, item, &context);
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
                       double                  dy,
                       const WaymarkSceneView *view)
{
  Context context = { view, item->bounds.x, item->bounds.y };
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
  paint_item (cr, FALSE, &copy, &context);
  cairo_restore (cr);
}

/* The items of a header layer meeting @area; one that starts before the
 * area keeps its title in view. */
static void
draw_sticky_layer (cairo_t                *cr,
                   const WaymarkSceneView *view,
                   WaymarkSceneLayer       layer)
{
  WaymarkScene *scene = view->scene;
  const WaymarkRect *area = &view->area;
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
      draw_item_moving_text (cr, item, dx, dy, view);
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

  if (view->raster_dpi > 0)
    {
      double k = view->raster_dpi / 72.0;
      int width = MAX (1, (int) ceil (op->rect.width * k));
      int height = MAX (1, (int) ceil (op->rect.height * k));
      cairo_surface_t *image = cairo_image_surface_create (view->background ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                                           width, height);
      WaymarkSceneView vector = *view;
      WaymarkSceneOp inner = *op;
      cairo_t *icr;

      if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
        {
          cairo_surface_destroy (image);
          return;
        }
      /* The same view drawn into the image, at the image's scale. */
      vector.raster_dpi = 0;
      inner.view = &vector;
      inner.rect.x = inner.rect.y = 0;
      icr = cairo_create (image);
      cairo_scale (icr, k, k);
      draw_view (icr, &inner);
      cairo_destroy (icr);

      cairo_save (cr);
      cairo_translate (cr, op->rect.x, op->rect.y);
      cairo_scale (cr, 1 / k, 1 / k);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
      return;
    }

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
      gboolean header = layer == WAYMARK_SCENE_LAYER_STAGE_HEADERS || layer == WAYMARK_SCENE_LAYER_LANE_HEADERS;

      if (!(view->layers & (1u << layer)))
        continue;
      if (header && view->sticky)
        draw_sticky_layer (cr, view, layer);
      else
        paint_layer (cr, view->scene, layer, &view->area, view);
    }

  cairo_restore (cr);
}

