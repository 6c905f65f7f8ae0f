/* waymark-scene.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-scene"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "waymark-map-scene.h"
#include "waymark-metric-definition.h"

/* The spatial index: square buckets of this many points. */
#define BUCKET     256.0
#define RADIUS     6.0
#define FACE       12.0
#define ICON       16.0

struct _WaymarkScene
{
  GObject             parent_instance;

  WaymarkLayout      *layout;       /* NULL for a blank scene */
  const WaymarkTheme *theme;
  double              width;        /* a blank scene's size */
  double              height;
  char               *title;
  char               *id;
  GArray             *groups;       /* WaymarkSceneGroup */
  GPtrArray          *items;        /* WaymarkSceneItem, in paint order */
  GHashTable         *by_key;       /* (role, object) → index + 1 */
  cairo_t            *scratch;      /* for building paths */

  /* The index of the body layer. */
  GArray            **buckets;      /* GArray of guint per bucket */
  guint               columns;
  guint               rows;
  guint              *stamps;       /* per item, to report each once per query */
  guint               stamp;

  guint               layout_generation;
  guint               next_serial;
  gboolean            theme_changed;
  gboolean            index_stale;  /* items were added since the index was built */
};

G_DEFINE_FINAL_TYPE (WaymarkScene, waymark_scene, G_TYPE_OBJECT)

static void
clear_op (gpointer data)
{
  WaymarkSceneOp *op = data;

  g_clear_pointer (&op->path, cairo_path_destroy);
  g_clear_object (&op->layout);
  g_clear_pointer (&op->image, cairo_surface_destroy);
  g_clear_pointer (&op->image_data, g_bytes_unref);
  if (op->view != NULL)
    {
      g_clear_object (&op->view->scene);
      g_clear_pointer (&op->view, g_free);
    }
  g_clear_pointer (&op->link, g_free);
}

static void
clear_group (gpointer data)
{
  WaymarkSceneGroup *group = data;

  g_clear_pointer (&group->title, g_free);
}

static void
item_free (gpointer data)
{
  WaymarkSceneItem *item = data;

  /* Cards kept for the next build leave holes in the old array. */
  if (item == NULL)
    return;

  g_clear_pointer (&item->ops, g_array_unref);
  g_free (item->label);
  g_free (item->description);
  g_free (item);
}

static WaymarkSceneItem *
item_new (WaymarkScene      *self,
          WaymarkSceneRole   role,
          WaymarkSceneLayer  layer,
          gint64             object,
          double             x,
          double             y,
          double             width,
          double             height)
{
  WaymarkSceneItem *item = g_new0 (WaymarkSceneItem, 1);

  item->role = role;
  item->layer = layer;
  item->object = object;
  item->serial = ++self->next_serial;
  item->bounds = (WaymarkRect) { x, y, width, height };
  item->ops = g_array_new (FALSE, TRUE, sizeof (WaymarkSceneOp));
  g_array_set_clear_func (item->ops, clear_op);
  return item;
}

static WaymarkSceneOp *
add_op (WaymarkSceneItem   *item,
        WaymarkSceneOpType  type)
{
  WaymarkSceneOp op = { type, };

  g_array_append_val (item->ops, op);
  return &g_array_index (item->ops, WaymarkSceneOp, item->ops->len - 1);
}

static void
add_rect (WaymarkSceneItem   *item,
          double              x,
          double              y,
          double              width,
          double              height,
          double              radius,
          const WaymarkColor *fill,
          const WaymarkColor *stroke,
          double              line_width)
{
  WaymarkSceneOp *op = add_op (item, WAYMARK_SCENE_OP_RECT);

  op->rect = (WaymarkRect) { x, y, width, height };
  op->radius = radius;
  if (fill)
    op->fill = *fill;
  if (stroke)
    op->stroke = *stroke;
  op->line_width = line_width;
}

/* @height: the text's height if known, else -1 to measure it (which
 * shapes the text: card text comes measured from the layout). */
static void
add_text_sized (WaymarkSceneItem   *item,
                PangoLayout        *layout,
                double              x,
                double              y,
                double              height,
                const WaymarkColor *color)
{
  WaymarkSceneOp *op;
  int width = pango_layout_get_width (layout);

  op = add_op (item, WAYMARK_SCENE_OP_TEXT);
  if (width <= 0 || height < 0)
    {
      int w, h;

      pango_layout_get_size (layout, &w, &h);
      if (width <= 0)
        width = w;
      height = (double) h / PANGO_SCALE;
    }
  op->rect = (WaymarkRect) { x, y, (double) width / PANGO_SCALE, height };
  op->layout = g_object_ref (layout);
  op->fill = *color;
}

static void
add_text (WaymarkSceneItem   *item,
          PangoLayout        *layout,
          double              x,
          double              y,
          const WaymarkColor *color)
{
  if (layout != NULL)
    add_text_sized (item, layout, x, y, -1, color);
}

/* Takes the path built on the scratch context. */
static WaymarkSceneOp *
add_path (WaymarkScene       *self,
          WaymarkSceneItem   *item,
          const WaymarkColor *fill,
          const WaymarkColor *stroke,
          double              line_width)
{
  WaymarkSceneOp *op = add_op (item, WAYMARK_SCENE_OP_PATH);
  double x1, y1, x2, y2;

  cairo_path_extents (self->scratch, &x1, &y1, &x2, &y2);
  op->rect = (WaymarkRect) { x1, y1, x2 - x1, y2 - y1 };
  op->path = cairo_copy_path (self->scratch);
  cairo_new_path (self->scratch);
  if (fill)
    op->fill = *fill;
  if (stroke)
    op->stroke = *stroke;
  op->line_width = line_width;
  return op;
}

static void
add_line (WaymarkScene       *self,
          WaymarkSceneItem   *item,
          double              x1,
          double              y1,
          double              x2,
          double              y2,
          const WaymarkColor *color,
          double              width,
          double              dash)
{
  WaymarkSceneOp *op;

  cairo_move_to (self->scratch, x1, y1);
  cairo_line_to (self->scratch, x2, y2);
  op = add_path (self, item, NULL, color, width);
  op->dash = dash;
}

static PangoLayout *
make_label (WaymarkScene *self,
            const char   *text,
            double        size,
            gboolean      bold)
{
  PangoLayout *layout = pango_layout_new (waymark_layout_get_context (self->layout));
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, waymark_layout_get_font_family (self->layout));
  pango_font_description_set_absolute_size (font, size * waymark_layout_get_text_scale (self->layout) * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

/* Simple line drawings of a card's channel in a 16-point square, so that
 * touchpoints read at a glance without relying on colour. */
static void
build_channel_icon (cairo_t    *cr,
                    const char *channel,
                    double      x,
                    double      y)
{
  cairo_save (cr);
  cairo_translate (cr, x, y);

  if (g_str_equal (channel, "web"))
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, 8, 8, 6.5, 0, 2 * G_PI);
      cairo_move_to (cr, 1.5, 8);
      cairo_line_to (cr, 14.5, 8);
      cairo_new_sub_path (cr);
      cairo_save (cr);
      cairo_translate (cr, 8, 8);
      cairo_scale (cr, 0.45, 1);
      cairo_arc (cr, 0, 0, 6.5, 0, 2 * G_PI);
      cairo_restore (cr);
    }
  else if (g_str_equal (channel, "mobile-app"))
    {
      cairo_rectangle (cr, 4, 1.5, 8, 13);
      cairo_move_to (cr, 7, 12.5);
      cairo_line_to (cr, 9, 12.5);
    }
  else if (g_str_equal (channel, "email") || g_str_equal (channel, "mail"))
    {
      cairo_rectangle (cr, 1.5, 3.5, 13, 9);
      cairo_move_to (cr, 1.5, 3.5);
      cairo_line_to (cr, 8, 9);
      cairo_line_to (cr, 14.5, 3.5);
    }
  else if (g_str_equal (channel, "phone"))
    {
      cairo_move_to (cr, 3, 2.5);
      cairo_line_to (cr, 6, 2.5);
      cairo_line_to (cr, 7, 6);
      cairo_line_to (cr, 5.5, 7.5);
      cairo_curve_to (cr, 6.5, 9.5, 7.5, 10.5, 9, 11);
      cairo_line_to (cr, 10.5, 9.5);
      cairo_line_to (cr, 13.5, 10.5);
      cairo_line_to (cr, 13.5, 13.5);
      cairo_curve_to (cr, 7, 14, 2, 9, 3, 2.5);
      cairo_close_path (cr);
    }
  else if (g_str_equal (channel, "chat") || g_str_equal (channel, "sms"))
    {
      cairo_move_to (cr, 2, 2.5);
      cairo_line_to (cr, 14, 2.5);
      cairo_line_to (cr, 14, 11);
      cairo_line_to (cr, 7, 11);
      cairo_line_to (cr, 3.5, 14);
      cairo_line_to (cr, 4, 11);
      cairo_line_to (cr, 2, 11);
      cairo_close_path (cr);
      if (g_str_equal (channel, "sms"))
        {
          cairo_move_to (cr, 5, 6.75);
          cairo_line_to (cr, 11, 6.75);
        }
    }
  else if (g_str_equal (channel, "store"))
    {
      cairo_move_to (cr, 1.5, 6);
      cairo_line_to (cr, 3, 2.5);
      cairo_line_to (cr, 13, 2.5);
      cairo_line_to (cr, 14.5, 6);
      cairo_close_path (cr);
      cairo_rectangle (cr, 3, 6, 10, 8);
      cairo_rectangle (cr, 6.5, 9.5, 3, 4.5);
    }
  else if (g_str_equal (channel, "social"))
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, 4, 8, 2.2, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 12, 3.5, 2.2, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, 12, 12.5, 2.2, 0, 2 * G_PI);
      cairo_move_to (cr, 6, 7);
      cairo_line_to (cr, 10, 4.5);
      cairo_move_to (cr, 6, 9);
      cairo_line_to (cr, 10, 11.5);
    }
  else if (g_str_equal (channel, "video"))
    {
      cairo_rectangle (cr, 1.5, 4, 9, 8);
      cairo_move_to (cr, 10.5, 7);
      cairo_line_to (cr, 14.5, 4.5);
      cairo_line_to (cr, 14.5, 11.5);
      cairo_line_to (cr, 10.5, 9);
    }
  else
    {
      cairo_new_sub_path (cr);
      cairo_arc (cr, 8, 8, 3, 0, 2 * G_PI);
    }

  cairo_restore (cr);
}

/* Metric badges: a pill per value, its rating as a colour and a shape
 * (a tick, an exclamation mark, a cross), the value, n, which way it went
 * in the last period, and a sparkline of its periods. */
static void
add_badges (WaymarkScene     *self,
            WaymarkSceneItem *item,
            GPtrArray        *badges,
            double            x,
            double            y,
            double            width)
{
  const WaymarkTheme *theme = self->theme;

  for (guint i = 0; badges != NULL && i < badges->len; i++)
    {
      const WaymarkLayoutBadge *badge = g_ptr_array_index (badges, i);
      double by = y + i * (WAYMARK_LAYOUT_BADGE_HEIGHT + 2);
      double h = WAYMARK_LAYOUT_BADGE_HEIGHT;
      WaymarkColor mark = theme->dim_text;
      WaymarkColor fill;
      WaymarkSceneOp *op;
      int th;

      switch (badge->rating)
        {
        case 1: mark = theme->positive; break;
        case 2: mark = theme->neutral; break;
        case 3: mark = theme->negative; break;
        default: break;
        }
      fill = mark;
      fill.alpha = theme->dark ? 0.22 : 0.12;
      op = add_op (item, WAYMARK_SCENE_OP_RECT);
      op->rect = (WaymarkRect) { x, by, width, h };
      op->radius = h / 2;
      op->fill = fill;
      if (badge->low_confidence || badge->stale)
        {
          op->stroke = mark;
          op->line_width = 1;
          op->dash = 2;
        }
      /* Where the value comes from: the metric, for writers that can say
       * (its definition, n, source). */
      op = add_op (item, WAYMARK_SCENE_OP_LINK);
      op->rect = (WaymarkRect) { x, by, width, h };
      op->link = g_strdup_printf ("#metric-%" G_GINT64_FORMAT, badge->metric);

      /* The rating's shape, in a 10-point square. */
      cairo_save (self->scratch);
      cairo_translate (self->scratch, x + 6, by + 5);
      switch (badge->rating)
        {
        case 1:
          cairo_move_to (self->scratch, 0.5, 5);
          cairo_line_to (self->scratch, 4, 8.5);
          cairo_line_to (self->scratch, 9.5, 1.5);
          break;
        case 2:
          cairo_move_to (self->scratch, 5, 0.5);
          cairo_line_to (self->scratch, 5, 6);
          cairo_move_to (self->scratch, 5, 8.5);
          cairo_line_to (self->scratch, 5, 9);
          break;
        case 3:
          cairo_move_to (self->scratch, 1, 1);
          cairo_line_to (self->scratch, 9, 9);
          cairo_move_to (self->scratch, 9, 1);
          cairo_line_to (self->scratch, 1, 9);
          break;
        default:
          cairo_new_sub_path (self->scratch);
          cairo_arc (self->scratch, 5, 5, 2.5, 0, 2 * G_PI);
          break;
        }
      cairo_restore (self->scratch);
      add_path (self, item, badge->rating ? NULL : &mark, badge->rating ? &mark : NULL, 1.8);

      pango_layout_get_size (badge->text, NULL, &th);
      add_text_sized (item, badge->text, x + 21, by + (h - (double) th / PANGO_SCALE) / 2,
                      (double) th / PANGO_SCALE, &theme->text);

      if (badge->trend != 0)
        {
          double ax = x + width - 40, ay = by + h / 2;

          cairo_move_to (self->scratch, ax, ay + badge->trend * -4);
          cairo_line_to (self->scratch, ax - 4, ay + badge->trend * 3);
          cairo_line_to (self->scratch, ax + 4, ay + badge->trend * 3);
          cairo_close_path (self->scratch);
          add_path (self, item, &theme->dim_text, NULL, 0);
        }

      if (badge->n_spark >= 2)
        {
          double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
          double sx = x + width - 30, sw = 22, sy = by + 4, sh = h - 8;
          gboolean started = FALSE;

          for (guint k = 0; k < badge->n_spark; k++)
            if (!isnan (badge->spark[k]))
              {
                lo = MIN (lo, badge->spark[k]);
                hi = MAX (hi, badge->spark[k]);
              }
          for (guint k = 0; k < badge->n_spark; k++)
            {
              double px, py;

              if (isnan (badge->spark[k]))
                continue;
              px = sx + sw * k / (badge->n_spark - 1);
              py = hi > lo ? sy + sh - sh * (badge->spark[k] - lo) / (hi - lo) : sy + sh / 2;
              if (!started)
                cairo_move_to (self->scratch, px, py);
              else
                cairo_line_to (self->scratch, px, py);
              started = TRUE;
            }
          if (started)
            add_path (self, item, NULL, &mark, 1.25);
          else
            cairo_new_path (self->scratch);
        }
    }
}

/* A face whose mouth curves with @score and whose colour follows it: the
 * score reads from shape as well as colour, on the map and in the legend. */
static void
add_face (WaymarkScene       *self,
          WaymarkSceneItem   *item,
          double              cx,
          double              cy,
          double              r,
          int                 score,
          const WaymarkColor *outline)
{
  const WaymarkTheme *theme = self->theme;
  WaymarkColor color = waymark_theme_get_emotion_color (theme, score);
  double eye = r * 0.12;

  add_rect (item, cx - r, cy - r, 2 * r, 2 * r, r, &color, outline, outline ? 2 : 0);
  add_rect (item, cx - r * 0.42 - eye, cy - r * 0.3 - eye, 2 * eye, 2 * eye, eye, &theme->face_ink, NULL, 0);
  add_rect (item, cx + r * 0.42 - eye, cy - r * 0.3 - eye, 2 * eye, 2 * eye, eye, &theme->face_ink, NULL, 0);
  cairo_move_to (self->scratch, cx - r * 0.45, cy + r * 0.3);
  cairo_curve_to (self->scratch,
                  cx - r * 0.2, cy + r * 0.3 + score * r * 0.12,
                  cx + r * 0.2, cy + r * 0.3 + score * r * 0.12,
                  cx + r * 0.45, cy + r * 0.3);
  add_path (self, item, NULL, &theme->face_ink, r * 0.14);
}

/* A pain point's severity as three triangles, @severity of them filled:
 * shape, not only colour. @x, @y is the top left; @height their height. */
static void
add_severity (WaymarkScene     *self,
              WaymarkSceneItem *item,
              double            x,
              double            y,
              double            height,
              int               severity)
{
  double w = height * 0.65;

  for (int i = 0; i < 3; i++)
    {
      double tx = x + i * (w + height * 0.1);

      cairo_move_to (self->scratch, tx, y + height);
      cairo_line_to (self->scratch, tx + w / 2, y);
      cairo_line_to (self->scratch, tx + w, y + height);
      cairo_close_path (self->scratch);
      if (i < severity)
        add_path (self, item, &self->theme->negative, NULL, 0);
      else
        add_path (self, item, NULL, &self->theme->negative, 1);
    }
}

/* That a card has comments, and how many: a speech bubble with the count
 * at its right, at @x, @y (the bubble is 11 × 9 points). */
static void
add_comment_marker (WaymarkScene     *self,
                    WaymarkSceneItem *item,
                    double            x,
                    double            y,
                    guint             n)
{
  const WaymarkTheme *theme = self->theme;
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autoptr(PangoLayout) label = make_label (self, count, 9, TRUE);
  int th;

  cairo_new_sub_path (self->scratch);
  cairo_move_to (self->scratch, x + 2, y);
  cairo_line_to (self->scratch, x + 9, y);
  cairo_curve_to (self->scratch, x + 10.5, y, x + 11, y + 0.5, x + 11, y + 2);
  cairo_line_to (self->scratch, x + 11, y + 5.5);
  cairo_curve_to (self->scratch, x + 11, y + 7, x + 10.5, y + 7.5, x + 9, y + 7.5);
  cairo_line_to (self->scratch, x + 5, y + 7.5);
  cairo_line_to (self->scratch, x + 2.5, y + 10);
  cairo_line_to (self->scratch, x + 2.5, y + 7.5);
  cairo_line_to (self->scratch, x + 2, y + 7.5);
  cairo_curve_to (self->scratch, x + 0.5, y + 7.5, x, y + 7, x, y + 5.5);
  cairo_line_to (self->scratch, x, y + 2);
  cairo_curve_to (self->scratch, x, y + 0.5, x + 0.5, y, x + 2, y);
  cairo_close_path (self->scratch);
  add_path (self, item, NULL, &theme->dim_text, 1.2);
  pango_layout_get_size (label, NULL, &th);
  add_text (item, label, x + 13, y + 4.5 - (double) th / PANGO_SCALE / 2, &theme->dim_text);
}

/* Dot votes, as sticky dots on a wall: a dot each, up to what fits,
 * then the count. */
static void
add_votes (WaymarkScene     *self,
           WaymarkSceneItem *item,
           double            x,
           double            y,
           double            width,
           guint             votes)
{
  const WaymarkTheme *theme = self->theme;
  double r = WAYMARK_LAYOUT_VOTES_HEIGHT / 2 - 1, step = 2 * r + 3;
  guint fit = (guint) MAX (1, (width - 40) / step), shown = MIN (votes, MIN (fit, 10));

  for (guint i = 0; i < shown; i++)
    {
      cairo_new_sub_path (self->scratch);
      cairo_arc (self->scratch, x + r + i * step, y + WAYMARK_LAYOUT_VOTES_HEIGHT / 2, r, 0, 2 * G_PI);
    }
  add_path (self, item, &theme->accent, NULL, 0);
  if (votes > shown || votes > 1)
    {
      g_autofree char *count = g_strdup_printf ("%u", votes);
      g_autoptr(PangoLayout) label = make_label (self, count, 10, TRUE);
      int th;

      pango_layout_get_size (label, NULL, &th);
      add_text (item, label, x + shown * step + 2, y + WAYMARK_LAYOUT_VOTES_HEIGHT / 2 - (double) th / PANGO_SCALE / 2,
                &theme->text);
    }
}

/* An opportunity's status as a shape that fills as it gets done: an idea
 * a dashed ring, planned a ring, in progress half full, done full; with an
 * owner and no status, a person. Told apart without colour. */
static void
add_status (WaymarkScene       *self,
            WaymarkSceneItem   *item,
            double              cx,
            double              cy,
            double              r,
            const char         *status,
            const WaymarkColor *color)
{
  WaymarkSceneOp *op;

  if (*status == '\0')
    {
      cairo_new_sub_path (self->scratch);
      cairo_arc (self->scratch, cx, cy - r * 0.45, r * 0.42, 0, 2 * G_PI);
      cairo_new_sub_path (self->scratch);
      cairo_arc (self->scratch, cx, cy + r * 1.05, r * 0.9, G_PI, 2 * G_PI);
      add_path (self, item, NULL, color, 1.3);
      return;
    }

  if (g_ascii_strcasecmp (status, "in progress") == 0)
    {
      /* The half that is done, under the ring. */
      cairo_move_to (self->scratch, cx, cy - r);
      cairo_arc_negative (self->scratch, cx, cy, r, -G_PI / 2, G_PI / 2);
      cairo_close_path (self->scratch);
      add_path (self, item, color, NULL, 0);
    }
  cairo_new_sub_path (self->scratch);
  cairo_arc (self->scratch, cx, cy, r, 0, 2 * G_PI);
  op = add_path (self, item, g_ascii_strcasecmp (status, "done") == 0 ? color : NULL, color, 1.5);
  if (g_ascii_strcasecmp (status, "idea") == 0)
    {
      op->dash = 2;
      op->dash_gap = 1.6;
    }
}

/* A card's kind in its stripe, told apart by shape as well as colour:
 * touchpoints solid, notes dashed, pain points a column of diamonds,
 * opportunities a double line, quotes a solid stripe with open ends. */
static void
add_kind_stripe (WaymarkScene       *self,
                 WaymarkSceneItem   *item,
                 const char         *kind,
                 double              x,
                 double              y,
                 double              width,
                 double              height,
                 const WaymarkColor *color)
{
  if (g_strcmp0 (kind, "note") == 0)
    {
      for (double at = y; at < y + height - 1; at += 7)
        add_rect (item, x, at, width, MIN (4.5, y + height - at), 1, color, NULL, 0);
    }
  else if (g_strcmp0 (kind, "pain-point") == 0)
    {
      double d = width + 1.5;

      for (double at = y; at + d <= y + height + 0.01; at += d + 1.5)
        {
          cairo_move_to (self->scratch, x + width / 2, at);
          cairo_line_to (self->scratch, x + width / 2 + d / 2, at + d / 2);
          cairo_line_to (self->scratch, x + width / 2, at + d);
          cairo_line_to (self->scratch, x + width / 2 - d / 2, at + d / 2);
          cairo_close_path (self->scratch);
        }
      add_path (self, item, color, NULL, 0);
    }
  else if (g_strcmp0 (kind, "opportunity") == 0)
    {
      /* Two thin lines with the card between them. */
      add_rect (item, x - 1.25, y, 1.75, height, 0.8, color, NULL, 0);
      add_rect (item, x + width - 0.5, y, 1.75, height, 0.8, color, NULL, 0);
    }
  else if (g_strcmp0 (kind, "quote") == 0)
    {
      /* An opening quotation mark at the top, a thin line below it. */
      for (int i = 0; i < 2; i++)
        {
          double qx = x - 1 + i * 3.5;

          cairo_new_sub_path (self->scratch);
          cairo_arc (self->scratch, qx + 1.5, y + 4.5, 1.6, 0, 2 * G_PI);
          cairo_move_to (self->scratch, qx + 0.2, y + 4.2);
          cairo_curve_to (self->scratch, qx + 0.4, y + 1.5, qx + 1.8, y + 0.5, qx + 3, y);
          cairo_line_to (self->scratch, qx + 3.1, y + 0.8);
          cairo_curve_to (self->scratch, qx + 2.2, y + 1.6, qx + 1.8, y + 2.6, qx + 2.9, y + 4);
          cairo_close_path (self->scratch);
        }
      add_path (self, item, color, NULL, 0);
      if (height > 14)
        add_rect (item, x + width / 2 - 0.6, y + 9, 1.2, height - 9, 0.6, color, NULL, 0);
    }
  else
    add_rect (item, x, y, width, height, width / 2, color, NULL, 0);
}

static WaymarkSceneItem *
build_card (WaymarkScene            *self,
            const WaymarkLayoutCard *placed)
{
  const WaymarkTheme *theme = self->theme;
  WaymarkCard *card = placed->card;
  const char *kind = waymark_card_get_kind (card);
  const char *title = waymark_card_get_title (card);
  double w = placed->rect.width, h = placed->rect.height;
  double text_x = WAYMARK_LAYOUT_CARD_PADDING + 4;
  double y;
  WaymarkColor kind_color = waymark_theme_get_kind_color (theme, kind);
  WaymarkColor surface = theme->card;
  WaymarkColor custom;
  WaymarkSceneItem *item;

  item = item_new (self, WAYMARK_SCENE_ROLE_CARD, WAYMARK_SCENE_LAYER_BODY,
                   waymark_object_get_id (WAYMARK_OBJECT (card)),
                   placed->rect.x, placed->rect.y, w, h + 2);
  item->label = g_strdup_printf ("%s: %s", waymark_card_kind_label (kind), title);
  if (placed->n_comments > 0)
    {
      g_autofree char *comments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u comment", "%u comments",
                                                                placed->n_comments), placed->n_comments);

      item->description = *waymark_card_get_body (card) != '\0'
                          ? g_strconcat (waymark_card_get_body (card), "\n", comments, NULL)
                          : g_steal_pointer (&comments);
    }
  else if (*waymark_card_get_body (card) != '\0')
    item->description = g_strdup (waymark_card_get_body (card));
  if (placed->votes > 0)
    {
      g_autofree char *votes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vote", "%u votes", placed->votes),
                                                placed->votes);
      char *joined = item->description != NULL ? g_strconcat (item->description, "\n", votes, NULL)
                                               : g_steal_pointer (&votes);

      g_free (item->description);
      item->description = joined;
    }

  if (waymark_color_parse (waymark_card_get_color (card), &custom))
    surface = waymark_theme_get_card_surface (theme, &custom);

  add_rect (item, 0, 1.5, w, h, RADIUS, &theme->shadow, NULL, 0);
  add_rect (item, 0, 0, w, h, RADIUS, &surface, &theme->card_border, 1);
  add_kind_stripe (self, item, kind, 4, 7, 4, h - 14, &kind_color);

  add_text_sized (item, placed->title, text_x, WAYMARK_LAYOUT_CARD_PADDING, placed->title_height, &theme->text);
  y = WAYMARK_LAYOUT_CARD_PADDING + placed->title_height;
  if (placed->body != NULL)
    add_text_sized (item, placed->body, text_x, y + 4, placed->body_height, &theme->dim_text);

  add_badges (self, item, placed->badges, text_x, placed->badges_y,
              w - text_x - WAYMARK_LAYOUT_CARD_PADDING);

  if (placed->n_comments > 0)
    add_comment_marker (self, item, w - WAYMARK_LAYOUT_CARD_PADDING - WAYMARK_LAYOUT_COMMENT_MARKER + 4,
                        WAYMARK_LAYOUT_CARD_PADDING + 1, placed->n_comments);

  if (placed->votes > 0)
    add_votes (self, item, text_x, placed->votes_y, w - text_x - WAYMARK_LAYOUT_CARD_PADDING, placed->votes);

  if (placed->footer != NULL)
    {
      double fy = placed->footer_y;
      double icon = ICON * waymark_layout_get_text_scale (self->layout);
      double th = placed->footer_height;

      if (g_str_equal (kind, "pain-point") && waymark_card_get_severity (card) > 0)
        {
          add_severity (self, item, text_x, fy + 4, 8, waymark_card_get_severity (card));
        }
      else if (*waymark_card_get_channel (card) != '\0' && *waymark_card_get_owner (card) == '\0' &&
               *waymark_card_get_status (card) == '\0')
        {
          cairo_save (self->scratch);
          cairo_translate (self->scratch, text_x, fy + (icon - ICON) / 2);
          build_channel_icon (self->scratch, waymark_card_get_channel (card), 0, 0);
          cairo_restore (self->scratch);
          add_path (self, item, NULL, &theme->dim_text, 1.25);
        }
      else
        add_status (self, item, text_x + 7, fy + icon / 2, 5, waymark_card_get_status (card), &kind_color);

      add_text_sized (item, placed->footer, text_x + ICON + 6, fy + MAX (0, (icon - th) / 2), th,
                      &theme->dim_text);
    }

  return item;
}

static void
add_stage_header (WaymarkScene             *self,
                  const WaymarkLayoutStage *column,
                  guint                     index)
{
  const WaymarkTheme *theme = self->theme;
  WaymarkSceneItem *item;
  WaymarkColor color;
  double w = column->header.width, h = column->header.height;
  double y = 12;

  item = item_new (self, WAYMARK_SCENE_ROLE_STAGE_HEADER, WAYMARK_SCENE_LAYER_STAGE_HEADERS,
                   waymark_object_get_id (WAYMARK_OBJECT (column->stage)),
                   column->header.x, column->header.y, w, h);
  item->label = g_strdup (waymark_stage_get_title (column->stage));
  if (*waymark_stage_get_description (column->stage) != '\0')
    item->description = g_strdup (waymark_stage_get_description (column->stage));

  add_rect (item, 0, 0, w, h, 0, &theme->header, NULL, 0);
  if (waymark_color_parse (waymark_stage_get_color (column->stage), &color))
    add_rect (item, 0, 0, w, 4, 0, &color, NULL, 0);
  add_line (self, item, w - 0.5, 0, w - 0.5, h, &theme->grid, 1, 0);
  add_line (self, item, 0, h - 0.5, w, h - 0.5, &theme->grid, 1, 0);

  add_text (item, column->title, WAYMARK_LAYOUT_CELL_PADDING + 4, y, &theme->text);
  if (column->description != NULL)
    {
      int th;

      pango_layout_get_size (column->title, NULL, &th);
      add_text (item, column->description, WAYMARK_LAYOUT_CELL_PADDING + 4,
                y + (double) th / PANGO_SCALE + 4, &theme->dim_text);
    }
  add_badges (self, item, column->badges, WAYMARK_LAYOUT_CELL_PADDING + 4, column->badges_y,
              w - 2 * WAYMARK_LAYOUT_CELL_PADDING - 8);

  g_ptr_array_add (self->items, item);
}

static void
add_lane_header (WaymarkScene            *self,
                 const WaymarkLayoutLane *row)
{
  const WaymarkTheme *theme = self->theme;
  WaymarkSceneItem *item;
  WaymarkColor color;
  double w = row->header.width, h = row->header.height;
  int th = 0;

  item = item_new (self, WAYMARK_SCENE_ROLE_LANE_HEADER, WAYMARK_SCENE_LAYER_LANE_HEADERS,
                   waymark_object_get_id (WAYMARK_OBJECT (row->lane)),
                   row->header.x, row->header.y, w, h);
  item->label = g_strdup (waymark_lane_get_title (row->lane));

  add_rect (item, 0, 0, w, h, 0, &theme->header, NULL, 0);
  if (waymark_color_parse (waymark_lane_get_color (row->lane), &color))
    add_rect (item, 0, 0, 4, h, 0, &color, NULL, 0);
  add_line (self, item, w - 0.5, 0, w - 0.5, h, &theme->grid, 1, 0);
  add_line (self, item, 0, h - 0.5, w, h - 0.5, &theme->grid, 1, 0);

  pango_layout_get_size (row->title, NULL, &th);
  if (waymark_lane_get_collapsed (row->lane))
    add_text (item, row->title, WAYMARK_LAYOUT_CELL_PADDING + 6,
              (h - (double) th / PANGO_SCALE) / 2, &theme->dim_text);
  else
    {
      add_text (item, row->title, WAYMARK_LAYOUT_CELL_PADDING + 6, WAYMARK_LAYOUT_CELL_PADDING, &theme->text);
      add_text (item, row->kind, WAYMARK_LAYOUT_CELL_PADDING + 6,
                WAYMARK_LAYOUT_CELL_PADDING + (double) th / PANGO_SCALE + 2, &theme->dim_text);
      if (row->emotion_metric != NULL)
        {
          /* Translators: an emotion lane whose curve comes from a metric's values */
          g_autofree char *text = g_strdup_printf (_("From %s, by stage"), waymark_metric_get_name (row->emotion_metric));
          g_autoptr(PangoLayout) label = make_label (self, text, 10.5, FALSE);
          int kh = 0;

          if (row->kind != NULL)
            pango_layout_get_size (row->kind, NULL, &kh);
          pango_layout_set_width (label, (int) ((w - 2 * WAYMARK_LAYOUT_CELL_PADDING - 6) * PANGO_SCALE));
          pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
          add_text (item, label, WAYMARK_LAYOUT_CELL_PADDING + 6,
                    WAYMARK_LAYOUT_CELL_PADDING + (double) (th + kh) / PANGO_SCALE + 4, &theme->accent);
        }
    }

  g_ptr_array_add (self->items, item);
}

/* A metrics lane: a bar per stage for the first metric with stage values,
 * from a zero line, with its value; and the share lost between stages. */
static void
add_metric_bars (WaymarkScene            *self,
                 WaymarkSceneItem        *item,
                 const WaymarkLayoutLane *row,
                 double                   left)
{
  const WaymarkTheme *theme = self->theme;
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
  WaymarkDocument *document = waymark_layout_get_document (self->layout);
  gint64 metric_id = 0;
  double biggest = 0, top, zero, bottom;
  gboolean negative = FALSE;
  WaymarkObject *metric;

  for (guint s = 0; s < n_stages && metric_id == 0; s++)
    if (stages[s].badges != NULL && stages[s].badges->len > 0)
      metric_id = ((WaymarkLayoutBadge *) g_ptr_array_index (stages[s].badges, 0))->metric;
  if (metric_id == 0 || !WAYMARK_IS_METRIC (metric = waymark_document_lookup (document, metric_id)))
    return;

  for (guint s = 0; s < n_stages; s++)
    for (guint b = 0; stages[s].badges != NULL && b < stages[s].badges->len; b++)
      {
        const WaymarkLayoutBadge *badge = g_ptr_array_index (stages[s].badges, b);

        if (badge->metric == metric_id && !isnan (badge->value))
          {
            biggest = MAX (biggest, fabs (badge->value));
            negative |= badge->value < 0;
          }
      }
  if (biggest <= 0)
    biggest = 1;

  top = 30;
  bottom = row->height - 22;
  zero = negative ? (top + bottom) / 2 : bottom;
  add_line (self, item, 0, zero, stages[n_stages - 1].x + stages[n_stages - 1].width - left, zero,
            &theme->grid, 1, 0);

  for (guint s = 0; s < n_stages; s++)
    for (guint b = 0; stages[s].badges != NULL && b < stages[s].badges->len; b++)
      {
        const WaymarkLayoutBadge *badge = g_ptr_array_index (stages[s].badges, b);
        double bx = stages[s].x - left + stages[s].width * 0.3, bw = stages[s].width * 0.4;
        double span = zero - top, bh;
        WaymarkColor color = theme->accent;
        g_autofree char *text = NULL;
        g_autoptr(PangoLayout) label = NULL;
        int lw, lh;

        if (badge->metric != metric_id || isnan (badge->value))
          continue;
        if (badge->rating == 1)
          color = theme->positive;
        else if (badge->rating == 2)
          color = theme->neutral;
        else if (badge->rating == 3)
          color = theme->negative;

        bh = span * fabs (badge->value) / biggest;
        add_rect (item, bx, badge->value >= 0 ? zero - bh : zero, bw, MAX (1, bh), 2, &color, NULL, 0);

        text = g_strdup (pango_layout_get_text (badge->text));
        /* The badge's first two words: the metric's name and the value. */
        {
          char *space = strchr (text, ' ');

          if (space != NULL && (space = strchr (space + 1, ' ')) != NULL)
            *space = '\0';
        }
        label = make_label (self, text, 11, TRUE);
        pango_layout_get_size (label, &lw, &lh);
        add_text (item, label, bx + bw / 2 - (double) lw / PANGO_SCALE / 2,
                  badge->value >= 0 ? zero - bh - (double) lh / PANGO_SCALE - 3 : zero + bh + 3,
                  &theme->text);
      }

  {
    g_autoptr(GArray) drop_offs = waymark_metric_dup_drop_offs (WAYMARK_METRIC (metric),
                                                                waymark_layout_get_map (self->layout), "");

    for (guint i = 0; i < drop_offs->len; i++)
      {
        const WaymarkMetricDropOff *drop = &g_array_index (drop_offs, WaymarkMetricDropOff, i);
        int to = waymark_layout_find_stage (self->layout, drop->to_stage);
        g_autofree char *text = NULL;
        g_autoptr(PangoLayout) label = NULL;
        int lw;

        if (to <= 0 || isnan (drop->percent))
          continue;
        /* Translators: the share of people lost between two stages, e.g. “−12% ›” */
        text = g_strdup_printf (_("%+.0f%% ›"), -drop->percent);
        label = make_label (self, text, 10.5, FALSE);
        pango_layout_get_size (label, &lw, NULL);
        add_text (item, label, stages[to].x - left - (double) lw / PANGO_SCALE / 2, 8, &theme->dim_text);
      }
  }
}

static void
add_lane_row (WaymarkScene            *self,
              const WaymarkLayoutLane *row,
              guint                    index,
              double                   left,
              double                   right)
{
  const WaymarkTheme *theme = self->theme;
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
  WaymarkSceneItem *item;
  double w = right - left, h = row->height;

  item = item_new (self, WAYMARK_SCENE_ROLE_LANE_ROW, WAYMARK_SCENE_LAYER_BODY,
                   waymark_object_get_id (WAYMARK_OBJECT (row->lane)), left, row->y, w, h);
  item->group = item->object;
  item->label = g_strdup (waymark_lane_get_title (row->lane));

  add_rect (item, 0, 0, w, h, 0, index % 2 ? &theme->lane_alt : &theme->lane, NULL, 0);
  for (guint s = 0; s < n_stages; s++)
    {
      double x = stages[s].x + stages[s].width - left - 0.5;

      cairo_move_to (self->scratch, x, 0);
      cairo_line_to (self->scratch, x, h);
    }
  cairo_move_to (self->scratch, 0, h - 0.5);
  cairo_line_to (self->scratch, w, h - 0.5);
  add_path (self, item, NULL, &theme->grid, 1);

  if (waymark_lane_get_collapsed (row->lane))
    {
      add_line (self, item, 0, h / 2, w, h / 2, &theme->dim_text, 1.5, 6);
      if (row->n_cards > 0)
        {
          g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hidden card",
                                                                 "%u hidden cards", row->n_cards),
                                                   row->n_cards);
          g_autoptr(PangoLayout) label = make_label (self, text, 10.5, FALSE);
          int lw, lh;

          pango_layout_get_size (label, &lw, &lh);
          add_rect (item, 12 - 4, (h - (double) lh / PANGO_SCALE) / 2 - 1,
                    (double) lw / PANGO_SCALE + 8, (double) lh / PANGO_SCALE + 2, 4,
                    index % 2 ? &theme->lane_alt : &theme->lane, NULL, 0);
          add_text (item, label, 12, (h - (double) lh / PANGO_SCALE) / 2, &theme->dim_text);
        }
    }
  else if (row->is_emotion)
    {
      double zero = waymark_layout_emotion_y (self->layout, index, 0) - row->y;

      add_line (self, item, 0, zero, w, zero, &theme->grid, 1, 4);
    }
  else if (g_str_equal (waymark_lane_get_kind (row->lane), "metrics"))
    add_metric_bars (self, item, row, left);

  g_ptr_array_add (self->items, item);
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const WaymarkLayoutEmotion *x = *(const WaymarkLayoutEmotion **) a;
  const WaymarkLayoutEmotion *y = *(const WaymarkLayoutEmotion **) b;

  return x->x < y->x ? -1 : x->x > y->x;
}

/* A smooth curve through the lane's points (Catmull–Rom as Béziers). */
static void
add_emotion_curve (WaymarkScene            *self,
                   const WaymarkLayoutLane *row,
                   guint                    lane_index,
                   double                   left,
                   double                   right)
{
  guint n_emotions;
  const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (self->layout, &n_emotions);
  g_autoptr(GPtrArray) points = g_ptr_array_new ();
  WaymarkSceneItem *item;

  for (guint i = 0; i < n_emotions; i++)
    if (emotions[i].lane_index == lane_index)
      g_ptr_array_add (points, (gpointer) &emotions[i]);
  if (points->len < 2)
    return;
  g_ptr_array_sort (points, compare_points);

  item = item_new (self, WAYMARK_SCENE_ROLE_EMOTION_CURVE, WAYMARK_SCENE_LAYER_BODY,
                   waymark_object_get_id (WAYMARK_OBJECT (row->lane)),
                   left, row->y, right - left, row->height);
  item->group = item->object;
  item->label = g_strdup_printf (_("Emotion curve of %s"), waymark_lane_get_title (row->lane));

  for (guint i = 0; i < points->len; i++)
    {
      const WaymarkLayoutEmotion *p1 = g_ptr_array_index (points, i);

      if (i == 0)
        cairo_move_to (self->scratch, p1->x - left, p1->y - row->y);
      else
        {
          const WaymarkLayoutEmotion *p0 = g_ptr_array_index (points, i - 1);
          const WaymarkLayoutEmotion *pm = g_ptr_array_index (points, i >= 2 ? i - 2 : i - 1);
          const WaymarkLayoutEmotion *pn = g_ptr_array_index (points, MIN (i + 1, points->len - 1));

          cairo_curve_to (self->scratch,
                          p0->x - left + (p1->x - pm->x) / 6, p0->y - row->y + (p1->y - pm->y) / 6,
                          p1->x - left - (pn->x - p0->x) / 6, p1->y - row->y - (pn->y - p0->y) / 6,
                          p1->x - left, p1->y - row->y);
        }
    }
  add_path (self, item, NULL, &self->theme->curve, 2.5);
  g_ptr_array_add (self->items, item);
}

/* An emotion point: its face (add_face()) at its place on the scale, with
 * its label under it. */
static void
add_emotion_point (WaymarkScene               *self,
                   const WaymarkLayoutEmotion *point)
{
  const WaymarkTheme *theme = self->theme;
  double scale = waymark_layout_get_text_scale (self->layout);
  double r = FACE * scale;
  double label_h = 0, label_w = 0;
  WaymarkSceneItem *item;
  gint64 object;
  double cx, cy, width;

  if (point->label != NULL)
    {
      int lw, lh;

      pango_layout_get_size (point->label, &lw, &lh);
      label_w = (double) pango_layout_get_width (point->label) / PANGO_SCALE;
      label_h = (double) lh / PANGO_SCALE + 4;
    }

  width = MAX (2 * r + 4, label_w);
  /* A point drawn from a metric names its stage: ids are unique, so
   * renderers that keep an item's drawing by its object tell them apart. */
  if (point->emotion != NULL)
    object = waymark_object_get_id (WAYMARK_OBJECT (point->emotion));
  else
    {
      guint n_stages;
      const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);

      object = waymark_object_get_id (WAYMARK_OBJECT (stages[point->stage_index].stage));
    }
  item = item_new (self, WAYMARK_SCENE_ROLE_EMOTION_POINT, WAYMARK_SCENE_LAYER_BODY, object,
                   point->x - width / 2, point->y - r - 2, width, 2 * r + 4 + label_h);
  {
    guint n_lanes;
    const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

    if (point->lane_index < n_lanes)
      item->group = waymark_object_get_id (WAYMARK_OBJECT (lanes[point->lane_index].lane));
  }
  /* Translators: an emotion point, e.g. “Emotion +2: Relieved” */
  item->label = g_strdup_printf (_("Emotion %+d%s%s"), point->score,
                                 point->label ? ": " : "",
                                 point->label ? pango_layout_get_text (point->label) : "");

  cx = width / 2;
  cy = r + 2;
  /* Set by hand among points drawn from data: ringed, its note says so. */
  add_face (self, item, cx, cy, r, point->score, point->by_hand ? &theme->dim_text : &theme->lane);

  if (point->label != NULL)
    {
      pango_layout_set_alignment (point->label, PANGO_ALIGN_CENTER);
      add_text (item, point->label, (width - label_w) / 2, 2 * r + 6, &theme->dim_text);
    }

  g_ptr_array_add (self->items, item);
}

/**
 * waymark_scene_connector_curve:
 * @a: the source card's rectangle
 * @b: the target card's rectangle
 * @points: (out caller-allocates) (array fixed-size=8): the Bézier curve,
 *   start, two control points, end
 *
 * The arrow from one card to another as drawn: from the side facing the
 * other card, or from the bottom (top) edge when one is above the other.
 */
void
waymark_scene_connector_curve (const WaymarkRect *a,
                               const WaymarkRect *b,
                               double             points[8])
{
  double x1, y1, x2, y2, c1x, c1y, c2x, c2y;

  if (b->x >= a->x + a->width)
    {
      x1 = a->x + a->width; y1 = a->y + a->height / 2;
      x2 = b->x; y2 = b->y + b->height / 2;
      c1x = x1 + (x2 - x1) / 2; c1y = y1; c2x = x2 - (x2 - x1) / 2; c2y = y2;
    }
  else if (b->x + b->width <= a->x)
    {
      x1 = a->x; y1 = a->y + a->height / 2;
      x2 = b->x + b->width; y2 = b->y + b->height / 2;
      c1x = x1 - (x1 - x2) / 2; c1y = y1; c2x = x2 + (x1 - x2) / 2; c2y = y2;
    }
  else
    {
      gboolean down = b->y >= a->y;

      x1 = a->x + a->width / 2; y1 = down ? a->y + a->height : a->y;
      x2 = b->x + b->width / 2; y2 = down ? b->y : b->y + b->height;
      c1x = x1; c1y = y1 + (y2 - y1) / 2; c2x = x2; c2y = y2 - (y2 - y1) / 2;
    }
  points[0] = x1; points[1] = y1; points[2] = c1x; points[3] = c1y;
  points[4] = c2x; points[5] = c2y; points[6] = x2; points[7] = y2;
}

/**
 * waymark_scene_connector_point:
 * @points: a curve from waymark_scene_connector_curve()
 * @t: where along it, 0…1
 * @x: (out):
 * @y: (out):
 */
void
waymark_scene_connector_point (const double  points[8],
                               double        t,
                               double       *x,
                               double       *y)
{
  double u = 1 - t;

  *x = u * u * u * points[0] + 3 * u * u * t * points[2] + 3 * u * t * t * points[4] + t * t * t * points[6];
  *y = u * u * u * points[1] + 3 * u * u * t * points[3] + 3 * u * t * t * points[5] + t * t * t * points[7];
}

/**
 * waymark_scene_connector_distance:
 * @points: a curve from waymark_scene_connector_curve()
 * @x:
 * @y:
 *
 * Returns: how far (@x, @y) is from the curve, in map points
 */
double
waymark_scene_connector_distance (const double points[8],
                                  double       x,
                                  double       y)
{
  double best = G_MAXDOUBLE, px, py;

  waymark_scene_connector_point (points, 0, &px, &py);
  for (int i = 1; i <= 48; i++)
    {
      double qx, qy, dx, dy, len2, t, cx, cy;

      waymark_scene_connector_point (points, i / 48.0, &qx, &qy);
      dx = qx - px;
      dy = qy - py;
      len2 = dx * dx + dy * dy;
      t = len2 > 0 ? CLAMP (((x - px) * dx + (y - py) * dy) / len2, 0, 1) : 0;
      cx = px + t * dx - x;
      cy = py + t * dy - y;
      best = MIN (best, sqrt (cx * cx + cy * cy));
      px = qx;
      py = qy;
    }
  return best;
}

static void
add_connector (WaymarkScene                 *self,
               const WaymarkLayoutConnector *link,
               const WaymarkLayoutCard      *cards)
{
  const WaymarkRect *a = &cards[link->source].rect;
  const WaymarkRect *b = &cards[link->target].rect;
  const WaymarkColor *color = &self->theme->dim_text;
  const char *text = waymark_connector_get_label (link->connector);
  g_autoptr(PangoLayout) label = NULL;
  double p[8], angle, mx, my, lw = 0, lh = 0;
  double ex1, ey1, ex2, ey2;
  WaymarkSceneItem *item;

  waymark_scene_connector_curve (a, b, p);
  cairo_move_to (self->scratch, p[0], p[1]);
  cairo_curve_to (self->scratch, p[2], p[3], p[4], p[5], p[6], p[7]);
  cairo_path_extents (self->scratch, &ex1, &ey1, &ex2, &ey2);
  cairo_new_path (self->scratch);

  /* The label sits on the middle of the curve, on a patch of paper. */
  waymark_scene_connector_point (p, 0.5, &mx, &my);
  if (text != NULL && text[0] != '\0')
    {
      int w, h;

      label = make_label (self, text, 11, FALSE);
      pango_layout_set_width (label, 160 * PANGO_SCALE);
      pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (label, PANGO_ALIGN_CENTER);
      pango_layout_set_height (label, -2);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, &w, &h);
      /* Only as wide as its text, so the patch hugs it. */
      pango_layout_set_width (label, (w + 1) * PANGO_SCALE);
      lw = w + 8;
      lh = h + 4;
      /* A short arrow (between neighbouring cards) keeps its line in
       * sight: the label sits just above it. */
      if (hypot (p[6] - p[0], p[7] - p[1]) < lw + 24)
        my -= lh / 2 + 3;
      ex1 = MIN (ex1, mx - lw / 2);
      ex2 = MAX (ex2, mx + lw / 2);
      ey1 = MIN (ey1, my - lh / 2);
      ey2 = MAX (ey2, my + lh / 2);
    }

  item = item_new (self, WAYMARK_SCENE_ROLE_CONNECTOR, WAYMARK_SCENE_LAYER_BODY,
                   waymark_object_get_id (WAYMARK_OBJECT (link->connector)),
                   ex1 - 8, ey1 - 8, ex2 - ex1 + 16, ey2 - ey1 + 16);
  if (label != NULL)
    /* Translators: a connector with its label */
    item->label = g_strdup_printf (_("From “%s” to “%s”: %s"),
                                   waymark_card_get_title (cards[link->source].card),
                                   waymark_card_get_title (cards[link->target].card), text);
  else
    item->label = g_strdup_printf (_("From “%s” to “%s”"),
                                   waymark_card_get_title (cards[link->source].card),
                                   waymark_card_get_title (cards[link->target].card));

  /* The item's own coordinates: cairo_copy_path() gives back what was
   * drawn, in user space, whatever the matrix. */
  {
    double q[8];

    for (int i = 0; i < 8; i += 2)
      {
        q[i] = p[i] - item->bounds.x;
        q[i + 1] = p[i + 1] - item->bounds.y;
      }
    cairo_move_to (self->scratch, q[0], q[1]);
    cairo_curve_to (self->scratch, q[2], q[3], q[4], q[5], q[6], q[7]);
    add_path (self, item, NULL, color, 1.5);

    angle = atan2 (q[7] - q[5], q[6] - q[4]);
    if (q[6] == q[4] && q[7] == q[5])
      angle = atan2 (q[7] - q[1], q[6] - q[0]);
    cairo_move_to (self->scratch, q[6], q[7]);
    cairo_line_to (self->scratch, q[6] - 9 * cos (angle - 0.4), q[7] - 9 * sin (angle - 0.4));
    cairo_line_to (self->scratch, q[6] - 9 * cos (angle + 0.4), q[7] - 9 * sin (angle + 0.4));
    cairo_close_path (self->scratch);
    add_path (self, item, color, NULL, 0);
  }

  if (label != NULL)
    {
      double x = mx - item->bounds.x, y = my - item->bounds.y;

      add_rect (item, x - lw / 2, y - lh / 2, lw, lh, lh / 2, &self->theme->card, color, 0.75);
      add_text (item, label, x - (lw - 8) / 2, y - (lh - 4) / 2, &self->theme->text);
    }

  g_ptr_array_add (self->items, item);
}

static cairo_surface_t *
decode_photo (GBytes *bytes)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) rgba = NULL;
  cairo_surface_t *surface;
  int width, height, stride, src_stride;
  const guchar *src;
  guchar *dst;

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    return NULL;

  stream = g_memory_input_stream_new_from_bytes (bytes);
  /* A persona photo is shown at most 96 points wide: decode small. */
  if (!(pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, 256, 256, TRUE, NULL, NULL)))
    return NULL;
  rgba = gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
  width = gdk_pixbuf_get_width (rgba);
  height = gdk_pixbuf_get_height (rgba);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  stride = cairo_image_surface_get_stride (surface);
  src_stride = gdk_pixbuf_get_rowstride (rgba);
  src = gdk_pixbuf_read_pixels (rgba);
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = src + y * src_stride + x * 4;
        guint32 a = p[3];
        guint32 pixel = a << 24 | (p[0] * a / 255) << 16 | (p[1] * a / 255) << 8 | (p[2] * a / 255);

        *(guint32 *) (gpointer) (dst + y * stride + x * 4) = pixel;
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
add_band (WaymarkScene *self)
{
  const WaymarkTheme *theme = self->theme;
  const WaymarkRect *rect = waymark_layout_get_title_rect (self->layout);
  PangoLayout *title = waymark_layout_get_title (self->layout);
  PangoLayout *subtitle = waymark_layout_get_subtitle (self->layout);
  WaymarkPersona *persona = waymark_layout_get_persona (self->layout);
  WaymarkSceneItem *item;
  int th;

  if (title == NULL)
    return;

  item = item_new (self, WAYMARK_SCENE_ROLE_TITLE, WAYMARK_SCENE_LAYER_BODY, waymark_layout_get_map (self->layout),
                   rect->x, rect->y, rect->width, rect->height);
  item->label = g_strdup (pango_layout_get_text (title));
  add_text (item, title, 0, 0, &theme->text);
  pango_layout_get_size (title, NULL, &th);
  add_text (item, subtitle, 0, (double) th / PANGO_SCALE + 4, &theme->dim_text);
  g_ptr_array_add (self->items, item);

  if (persona != NULL)
    {
      PangoLayout *text = waymark_layout_get_persona_text (self->layout);
      double avatar = 56;
      double x = WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER + 560;
      double text_w = (double) pango_layout_get_width (text) / PANGO_SCALE;
      cairo_surface_t *photo = decode_photo (waymark_persona_get_photo (persona));
      const char *name = waymark_persona_get_name (persona);

      item = item_new (self, WAYMARK_SCENE_ROLE_PERSONA, WAYMARK_SCENE_LAYER_BODY,
                       waymark_object_get_id (WAYMARK_OBJECT (persona)),
                       x, rect->y, avatar + 12 + text_w, rect->height);
      item->label = g_strdup_printf (_("Persona: %s"), name);
      item->description = g_strdup (pango_layout_get_text (text));

      if (photo != NULL)
        {
          WaymarkSceneOp *op = add_op (item, WAYMARK_SCENE_OP_IMAGE);

          op->rect = (WaymarkRect) { 0, 0, avatar, avatar };
          op->radius = avatar / 2;
          op->image = photo;
          op->image_data = g_bytes_ref (waymark_persona_get_photo (persona));
          op->image_type = "image/png";
          if (g_bytes_get_size (op->image_data) > 2 &&
              ((const guchar *) g_bytes_get_data (op->image_data, NULL))[0] == 0xff)
            op->image_type = "image/jpeg";
        }
      else
        {
          g_autofree char *upper = waymark_persona_dup_initial (persona);
          g_autoptr(PangoLayout) letter = make_label (self, upper, 24, TRUE);
          WaymarkColor white = { 1, 1, 1, 1 };
          int lw, lh;

          add_rect (item, 0, 0, avatar, avatar, avatar / 2, &theme->accent, NULL, 0);
          pango_layout_get_size (letter, &lw, &lh);
          add_text (item, letter, (avatar - (double) lw / PANGO_SCALE) / 2,
                    (avatar - (double) lh / PANGO_SCALE) / 2, &white);
        }
      add_text (item, text, avatar + 12, 2, &theme->text);
      g_ptr_array_add (self->items, item);
    }
}

/* The bucket holding coordinate @v, clamped in floating point first: a
 * huge query rectangle must not overflow the conversion to int. */
static int
bucket_of (double v,
           guint  n)
{
  return (int) CLAMP (floor (v / BUCKET), 0.0, (double) n - 1);
}

/* One row of the legend: a sample drawn by @sample, then its name. */
static WaymarkSceneItem *
legend_row (WaymarkScene *self,
            double        y,
            double        width,
            const char   *name)
{
  WaymarkSceneItem *item = item_new (self, WAYMARK_SCENE_ROLE_CARD, WAYMARK_SCENE_LAYER_BODY, 0,
                                     0, y, width, 22);
  g_autoptr(PangoLayout) label = make_label (self, name, 12, FALSE);
  int lh;

  item->label = g_strdup (name);
  pango_layout_get_size (label, NULL, &lh);
  add_text (item, label, 40, (22 - (double) lh / PANGO_SCALE) / 2, &self->theme->text);
  return item;
}

/* A legend row's explanation right of its sample, wrapped to the row's
 * @width; the row as tall as the explanation. */
static void
add_legend_caption (WaymarkSceneItem   *item,
                    PangoLayout        *label,
                    double              width,
                    const WaymarkColor *color)
{
  int lh;

  pango_layout_set_width (label, (int) ((width - 120) * PANGO_SCALE));
  pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_size (label, NULL, &lh);
  add_text (item, label, 120, 0, color);
  item->bounds.height = MAX (24.0, (double) lh / PANGO_SCALE + 2);
}

static WaymarkSceneItem *
legend_heading (WaymarkScene *self,
                double        y,
                double        width,
                const char   *text)
{
  WaymarkSceneItem *item = item_new (self, WAYMARK_SCENE_ROLE_TITLE, WAYMARK_SCENE_LAYER_BODY, 0,
                                     0, y, width, 24);
  g_autoptr(PangoLayout) label = make_label (self, text, 12, TRUE);

  item->label = g_strdup (text);
  add_text (item, label, 0, 4, &self->theme->dim_text);
  return item;
}

/* The channels the map's cards use; %NULL when they use none. */
static GHashTable *
dup_used_channels (WaymarkScene *self)
{
  GHashTable *used = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);

  for (guint c = 0; c < n_cards; c++)
    {
      const char *channel = waymark_card_get_channel (cards[c].card);

      if (channel != NULL && *channel != '\0')
        g_hash_table_add (used, (gpointer) channel);
    }
  if (g_hash_table_size (used) == 0)
    g_clear_pointer (&used, g_hash_table_unref);
  return used;
}

static gboolean
map_has_badges (WaymarkScene *self)
{
  guint n_cards, n_stages;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);

  for (guint c = 0; c < n_cards; c++)
    if (cards[c].badges != NULL && cards[c].badges->len > 0)
      return TRUE;
  for (guint s = 0; s < n_stages; s++)
    if (stages[s].badges != NULL && stages[s].badges->len > 0)
      return TRUE;
  return FALSE;
}

/* Whether a metrics lane shows drop-offs between stages. */
static gboolean
map_has_drop_offs (WaymarkScene *self)
{
  guint n_lanes;
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

  for (guint l = 0; l < n_lanes; l++)
    if (g_str_equal (waymark_lane_get_kind (lanes[l].lane), "metrics"))
      return TRUE;
  return FALSE;
}

/**
 * waymark_scene_build_legend:
 * @width: the width to fill, in points
 * @height: (out): the height used
 *
 * The key to the map's symbols — card kinds, the emotion scale with its
 * faces, severity marks, channel icons — as items in legend coordinates
 * (origin at the top left), drawn with the same operations as the map.
 *
 * Returns: (transfer container) (element-type WaymarkSceneItem): the items
 */
GPtrArray *
waymark_scene_build_legend (WaymarkScene *self,
                            double        width,
                            double       *height)
{
  static const char * const severities[] = { N_("Low severity"), N_("Medium severity"), N_("High severity") };
  GPtrArray *items = g_ptr_array_new_with_free_func (item_free);
  const WaymarkTheme *theme;
  const char * const *kinds = waymark_card_kinds ();
  const char * const *channels = waymark_card_channels ();
  g_autoptr(GHashTable) used_channels = dup_used_channels (self);
  double y = 0;

  g_return_val_if_fail (WAYMARK_IS_SCENE (self), items);
  theme = self->theme;

  g_ptr_array_add (items, legend_heading (self, y, width, _("Cards")));
  y += 26;
  for (guint i = 0; kinds[i] != NULL; i++)
    {
      WaymarkSceneItem *item = legend_row (self, y, width, waymark_card_kind_label (kinds[i]));
      WaymarkColor color = waymark_theme_get_kind_color (theme, kinds[i]);

      add_rect (item, 0, 1, 30, 20, 4, &theme->card, &theme->card_border, 1);
      add_kind_stripe (self, item, kinds[i], 3, 4, 4, 14, &color);
      g_ptr_array_add (items, item);
      y += 26;
    }

  y += 8;
  g_ptr_array_add (items, legend_heading (self, y, width, _("Emotions")));
  y += 26;
  {
    WaymarkSceneItem *item = item_new (self, WAYMARK_SCENE_ROLE_EMOTION_POINT, WAYMARK_SCENE_LAYER_BODY, 0,
                                       0, y, width, 44);
    double step = MIN (40, (width - 24) / 6);

    item->label = g_strdup (_("Emotion scale from −3 to +3"));
    for (int score = -3; score <= 3; score++)
      {
        double cx = 12 + (score + 3) * step, cy = 12, r = 10;
        g_autofree char *number = g_strdup_printf ("%+d", score);
        g_autoptr(PangoLayout) label = make_label (self, score == 0 ? "0" : number, 10.5, FALSE);
        int lw;

        add_face (self, item, cx, cy, r, score, NULL);
        pango_layout_get_size (label, &lw, NULL);
        add_text (item, label, cx - (double) lw / PANGO_SCALE / 2, 26, &theme->dim_text);
      }
    g_ptr_array_add (items, item);
    y += 50;
  }

  /* Say so when the curve is data, not a designer's estimate. */
  {
    guint n_lanes;
    const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

    for (guint l = 0; l < n_lanes; l++)
      if (lanes[l].emotion_metric != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Curve drawn from %s by stage (data)"),
                                                   waymark_metric_get_name (lanes[l].emotion_metric));
          g_autoptr(PangoLayout) label = make_label (self, text, 11, FALSE);
          WaymarkSceneItem *note = item_new (self, WAYMARK_SCENE_ROLE_TITLE, WAYMARK_SCENE_LAYER_BODY, 0,
                                             0, y, width, 20);

          note->label = g_strdup (text);
          pango_layout_set_width (label, (int) (width * PANGO_SCALE));
          pango_layout_set_wrap (label, PANGO_WRAP_WORD_CHAR);
          add_text (note, label, 0, 0, &theme->dim_text);
          g_ptr_array_add (items, note);
          y += 22;
          break;
        }
  }

  y += 4;
  g_ptr_array_add (items, legend_heading (self, y, width, _("Pain Points")));
  y += 26;
  for (int severity = 1; severity <= 3; severity++)
    {
      WaymarkSceneItem *item = legend_row (self, y, width, _(severities[severity - 1]));

      add_severity (self, item, 4, 6, 11, severity);
      g_ptr_array_add (items, item);
      y += 26;
    }

  y += 8;
  g_ptr_array_add (items, legend_heading (self, y, width, _("Opportunities")));
  y += 26;
  {
    const char * const *statuses = waymark_card_statuses ();
    WaymarkColor color = waymark_theme_get_kind_color (theme, "opportunity");

    for (guint i = 1; statuses[i] != NULL; i++)
      {
        WaymarkSceneItem *item = legend_row (self, y, width, waymark_card_status_label (statuses[i]));

        add_status (self, item, 10, 11, 6, statuses[i], &color);
        g_ptr_array_add (items, item);
        y += 26;
      }
  }

  /* What a metric's badge says, when the map has any. */
  if (map_has_badges (self))
    {
      static const struct { int rating; int trend; gboolean spark; gboolean few; const char *value; const char *text; } samples[] = {
        { 1, 0, FALSE, FALSE, "+42", N_("Meets its target, or past its good threshold") },
        { 2, 0, FALSE, FALSE, "+18", N_("Between the warning and the good threshold") },
        { 3, 0, FALSE, FALSE, "−23", N_("Misses its target, or past its bad threshold") },
        { 0, 0, FALSE, FALSE, "+5", N_("No target or thresholds set") },
        { 0, 1, FALSE, FALSE, "+5", N_("▲ ▼ Up or down since the period before") },
        { 0, 0, TRUE, FALSE, "+5", N_("The value by period, oldest first") },
        { 0, 0, FALSE, TRUE, "~+5", N_("~ and a dashed outline: few answers, below the metric's minimum n; or stale, its source changed") },
      };
      static const double spark[] = { 3, 5, 2, 6, 4 };

      y += 8;
      g_ptr_array_add (items, legend_heading (self, y, width, _("Metric Badges")));
      y += 26;
      for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
        {
          g_autoptr(GPtrArray) badges = g_ptr_array_new ();
          g_autofree char *markup = g_strdup_printf ("<b>NPS</b> %s", samples[i].value);
          g_autoptr(PangoLayout) text = make_label (self, "", 10.5, FALSE);
          g_autoptr(PangoLayout) label = make_label (self, _(samples[i].text), 10.5, FALSE);
          WaymarkSceneItem *item = item_new (self, WAYMARK_SCENE_ROLE_CARD, WAYMARK_SCENE_LAYER_BODY, 0,
                                             0, y, width, 28);
          WaymarkLayoutBadge badge = {
            .rating = samples[i].rating,
            .trend = samples[i].trend,
            .low_confidence = samples[i].few,
            .value = 5,
            .text = text,
            .spark = samples[i].spark ? (double *) spark : NULL,
            .n_spark = samples[i].spark ? G_N_ELEMENTS (spark) : 0,
          };

          pango_layout_set_markup (text, markup, -1);
          g_ptr_array_add (badges, &badge);
          item->label = g_strdup (_(samples[i].text));
          add_badges (self, item, badges, 0, 1, 112);
          /* The sample's own provenance link leads nowhere. */
          for (guint k = item->ops->len; k > 0; k--)
            if (g_array_index (item->ops, WaymarkSceneOp, k - 1).type == WAYMARK_SCENE_OP_LINK)
              g_array_remove_index (item->ops, k - 1);
          add_legend_caption (item, label, width, &theme->text);
          g_ptr_array_add (items, item);
          y += item->bounds.height + 4;
        }
      if (map_has_drop_offs (self))
        {
          g_autoptr(PangoLayout) sample = make_label (self, "−46% ›", 10.5, TRUE);
          g_autoptr(PangoLayout) label = make_label (self, _("Between stages: the share of the respondents of one stage that the next one lost"), 10.5, FALSE);
          WaymarkSceneItem *item = item_new (self, WAYMARK_SCENE_ROLE_CARD, WAYMARK_SCENE_LAYER_BODY, 0,
                                             0, y, width, 28);

          item->label = g_strdup (pango_layout_get_text (label));
          add_text (item, sample, 8, 2, &theme->dim_text);
          add_legend_caption (item, label, width, &theme->text);
          g_ptr_array_add (items, item);
          y += item->bounds.height + 4;
        }
    }

  /* Only the channels the map's cards use. */
  if (used_channels != NULL)
    {
      y += 8;
      g_ptr_array_add (items, legend_heading (self, y, width, _("Channels")));
      y += 26;
    }
  for (guint i = 0; used_channels != NULL && channels[i] != NULL; i++)
    {
      WaymarkSceneItem *item;

      if (*channels[i] == '\0' || !g_hash_table_contains (used_channels, channels[i]))
        continue;
      item = legend_row (self, y, width, waymark_card_channel_label (channels[i]));
      build_channel_icon (self->scratch, channels[i], 6, 3);
      add_path (self, item, NULL, &theme->dim_text, 1.25);
      g_ptr_array_add (items, item);
      y += 26;
    }

  *height = y;
  return items;
}

static guint64
item_key (WaymarkSceneRole role,
          gint64           object)
{
  return (guint64) object << 4 | role;
}

static void
rebuild_index (WaymarkScene *self)
{
  double width, height;

  for (guint i = 0; i < self->columns * self->rows; i++)
    g_array_unref (self->buckets[i]);
  g_clear_pointer (&self->buckets, g_free);

  waymark_scene_get_size (self, &width, &height);
  self->columns = MAX (1, (guint) ceil (width / BUCKET));
  self->rows = MAX (1, (guint) ceil (height / BUCKET));
  self->buckets = g_new (GArray *, self->columns * self->rows);
  for (guint i = 0; i < self->columns * self->rows; i++)
    self->buckets[i] = g_array_new (FALSE, FALSE, sizeof (guint));

  g_free (self->stamps);
  self->stamps = g_new0 (guint, MAX (1, self->items->len));
  self->stamp = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);
      int c0, c1, r0, r1;

      if (item->layer != WAYMARK_SCENE_LAYER_BODY || item->bounds.height <= 0)
        continue;

      c0 = bucket_of (item->bounds.x, self->columns);
      c1 = bucket_of ((item->bounds.x + item->bounds.width), self->columns);
      r0 = bucket_of (item->bounds.y, self->rows);
      r1 = bucket_of ((item->bounds.y + item->bounds.height), self->rows);
      for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++)
          g_array_append_val (self->buckets[r * self->columns + c], i);
    }
}

static void
build (WaymarkScene *self)
{
  g_autoptr(GHashTable) old_cards = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, item_free);
  guint n_stages, n_lanes, n_cards, n_emotions, n_connectors;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);
  const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (self->layout, &n_emotions);
  const WaymarkLayoutConnector *connectors = waymark_layout_get_connectors (self->layout, &n_connectors);
  double left = n_stages ? stages[0].x : WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER;
  double right = n_stages ? stages[n_stages - 1].x + stages[n_stages - 1].width : left;

  /* Keep the cards whose look did not change: they only move. */
  for (guint i = 0; i < self->items->len; i++)
    {
      WaymarkSceneItem *item = g_ptr_array_index (self->items, i);

      if (item->role == WAYMARK_SCENE_ROLE_CARD && !self->theme_changed)
        {
          g_hash_table_insert (old_cards, &item->object, item);
          self->items->pdata[i] = NULL;
        }
    }
  g_ptr_array_set_size (self->items, 0);
  g_hash_table_remove_all (self->by_key);
  self->theme_changed = FALSE;

  /* What renderers say of the map without reading the model. */
  {
    gint64 map = waymark_layout_get_map (self->layout);
    WaymarkObject *object = waymark_document_lookup (waymark_layout_get_document (self->layout), map);

    g_free (self->title);
    self->title = g_strdup (WAYMARK_IS_MAP (object) ? waymark_map_get_title (WAYMARK_MAP (object)) : "");
    g_free (self->id);
    self->id = g_strdup_printf ("map-%" G_GINT64_FORMAT, map);
    g_array_set_size (self->groups, 0);
    for (guint l = 0; l < n_lanes; l++)
      {
        WaymarkSceneGroup group = {
          waymark_object_get_id (WAYMARK_OBJECT (lanes[l].lane)),
          g_strdup (waymark_lane_get_title (lanes[l].lane)),
        };

        g_array_append_val (self->groups, group);
      }
  }

  add_band (self);

  for (guint l = 0; l < n_lanes; l++)
    add_lane_row (self, &lanes[l], l, left, right);
  for (guint l = 0; l < n_lanes; l++)
    if (lanes[l].is_emotion && !waymark_lane_get_collapsed (lanes[l].lane))
      add_emotion_curve (self, &lanes[l], l, left, right);

  for (guint c = 0; c < n_cards; c++)
    {
      const WaymarkLayoutCard *placed = &cards[c];
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (placed->card));
      WaymarkSceneItem *item = NULL;
      gpointer key, value;

      if (placed->rect.height <= 0)
        continue;

      if (g_hash_table_steal_extended (old_cards, &id, &key, &value))
        {
          item = value;
          /* The layout's serial changes with everything a card shows. */
          if (item->source_serial != placed->serial ||
              item->bounds.width != placed->rect.width ||
              item->bounds.height != placed->rect.height + 2)
            g_clear_pointer (&item, item_free);
          else
            {
              item->bounds.x = placed->rect.x;
              item->bounds.y = placed->rect.y;
            }
        }

      if (item == NULL)
        {
          item = build_card (self, placed);
          item->source_serial = placed->serial;
        }
      if (placed->lane_index < n_lanes)
        item->group = waymark_object_get_id (WAYMARK_OBJECT (lanes[placed->lane_index].lane));

      g_ptr_array_add (self->items, item);
    }

  for (guint i = 0; i < n_connectors; i++)
    add_connector (self, &connectors[i], cards);
  for (guint i = 0; i < n_emotions; i++)
    add_emotion_point (self, &emotions[i]);

  for (guint s = 0; s < n_stages; s++)
    add_stage_header (self, &stages[s], s);
  for (guint l = 0; l < n_lanes; l++)
    add_lane_header (self, &lanes[l]);

  if (n_stages > 0 || n_lanes > 0)
    {
      double top = waymark_layout_get_header_top (self->layout);
      double bottom = waymark_layout_get_header_bottom (self->layout);
      WaymarkSceneItem *corner = item_new (self, WAYMARK_SCENE_ROLE_CORNER, WAYMARK_SCENE_LAYER_CORNER, 0,
                                           WAYMARK_LAYOUT_MARGIN, top,
                                           WAYMARK_LAYOUT_LANE_HEADER, bottom - top);
      double w = corner->bounds.width, h = corner->bounds.height;

      add_rect (corner, 0, 0, w, h, 0, &self->theme->header, NULL, 0);
      add_line (self, corner, w - 0.5, 0, w - 0.5, h, &self->theme->grid, 1, 0);
      add_line (self, corner, 0, h - 0.5, w, h - 0.5, &self->theme->grid, 1, 0);
      g_ptr_array_add (self->items, corner);
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);
      guint64 *key = g_new (guint64, 1);

      *key = item_key (item->role, item->object);
      g_hash_table_insert (self->by_key, key, GUINT_TO_POINTER (i + 1));
    }

  rebuild_index (self);
}

static void
waymark_scene_dispose (GObject *object)
{
  WaymarkScene *self = WAYMARK_SCENE (object);

  for (guint i = 0; i < self->columns * self->rows; i++)
    g_array_unref (self->buckets[i]);
  g_clear_pointer (&self->buckets, g_free);
  self->columns = self->rows = 0;
  g_clear_pointer (&self->stamps, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_key, g_hash_table_unref);
  g_clear_pointer (&self->scratch, cairo_destroy);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (waymark_scene_parent_class)->dispose (object);
}

static void
waymark_scene_class_init (WaymarkSceneClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = waymark_scene_dispose;
}

static void
waymark_scene_init (WaymarkScene *self)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);

  self->scratch = cairo_create (surface);
  cairo_surface_destroy (surface);
  self->items = g_ptr_array_new_with_free_func (item_free);
  self->by_key = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->groups = g_array_new (FALSE, FALSE, sizeof (WaymarkSceneGroup));
  g_array_set_clear_func (self->groups, clear_group);
  self->title = g_strdup ("");
  self->id = g_strdup ("");
}

/**
 * waymark_scene_new:
 * @layout: the layout to draw
 * @theme: its colours, e.g. waymark_theme_get_light()
 *
 * Returns: (transfer full): a scene; call waymark_scene_update() first
 */
WaymarkScene *
waymark_scene_new (WaymarkLayout      *layout,
                   const WaymarkTheme *theme)
{
  WaymarkScene *self;

  g_return_val_if_fail (WAYMARK_IS_LAYOUT (layout), NULL);
  g_return_val_if_fail (theme != NULL, NULL);

  self = g_object_new (WAYMARK_TYPE_SCENE, NULL);
  self->layout = g_object_ref (layout);
  self->theme = theme;
  self->layout_generation = G_MAXUINT;
  return self;
}

WaymarkLayout *
waymark_scene_get_layout (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  return self->layout;
}

const WaymarkTheme *
waymark_scene_get_theme (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  return self->theme;
}

void
waymark_scene_set_theme (WaymarkScene       *self,
                         const WaymarkTheme *theme)
{
  g_return_if_fail (WAYMARK_IS_SCENE (self));
  g_return_if_fail (theme != NULL);

  if (self->theme == theme)
    return;
  self->theme = theme;
  self->theme_changed = TRUE;
  self->layout_generation = G_MAXUINT;
}

/**
 * waymark_scene_update:
 *
 * Brings the layout and the display list up to date with the document.
 *
 * Returns: %TRUE if anything changed
 */
gboolean
waymark_scene_update (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), FALSE);

  waymark_layout_update (self->layout);
  if (self->layout_generation == waymark_layout_get_generation (self->layout))
    return FALSE;

  /* Only some cards changed their look, in place: rebuild just those. */
  if (self->layout_generation + 1 == waymark_layout_get_generation (self->layout) &&
      !self->theme_changed)
    {
      guint n_changed, n_cards;
      const guint *changed = waymark_layout_get_changed_cards (self->layout, &n_changed);
      const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);

      if (changed != NULL)
        {
          for (guint i = 0; i < n_changed; i++)
            {
              const WaymarkLayoutCard *placed = &cards[changed[i]];
              int index = waymark_scene_find_item (self, WAYMARK_SCENE_ROLE_CARD,
                                                   waymark_object_get_id (WAYMARK_OBJECT (placed->card)));
              WaymarkSceneItem *item;

              if (index < 0)
                continue;
              item = build_card (self, placed);
              item->source_serial = placed->serial;
              item->group = ((WaymarkSceneItem *) self->items->pdata[index])->group;
              item_free (self->items->pdata[index]);
              self->items->pdata[index] = item;
            }
          self->layout_generation = waymark_layout_get_generation (self->layout);
          return TRUE;
        }
    }

  build (self);
  self->layout_generation = waymark_layout_get_generation (self->layout);
  return TRUE;
}

void
waymark_scene_get_size (WaymarkScene *self,
                        double       *width,
                        double       *height)
{
  g_return_if_fail (WAYMARK_IS_SCENE (self));

  if (self->layout != NULL)
    waymark_layout_get_size (self->layout, width, height);
  else
    {
      if (width)
        *width = self->width;
      if (height)
        *height = self->height;
    }
}

/**
 * waymark_scene_get_title:
 *
 * Returns: what the scene shows, in words: a map's title
 */
const char *
waymark_scene_get_title (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  return self->title;
}

/**
 * waymark_scene_get_id:
 *
 * Returns: a name for the scene that writers use as an identifier, such
 *   as “map-1”; "" for none
 */
const char *
waymark_scene_get_id (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  return self->id;
}

/**
 * waymark_scene_get_groups:
 * @n_groups: (out): how many
 *
 * Returns: (array length=n_groups): the groups items belong to (a map's
 *   lanes, top to bottom)
 */
const WaymarkSceneGroup *
waymark_scene_get_groups (WaymarkScene *self,
                          guint        *n_groups)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  g_return_val_if_fail (n_groups != NULL, NULL);

  *n_groups = self->groups->len;
  return (const WaymarkSceneGroup *) (gpointer) self->groups->data;
}

guint
waymark_scene_get_n_items (WaymarkScene *self)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), 0);
  return self->items->len;
}

const WaymarkSceneItem *
waymark_scene_get_item (WaymarkScene *self,
                        guint         index)
{
  g_return_val_if_fail (WAYMARK_IS_SCENE (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}

/**
 * waymark_scene_find_item:
 *
 * Returns: the index of the item showing @object in @role, or -1
 */
int
waymark_scene_find_item (WaymarkScene     *self,
                         WaymarkSceneRole  role,
                         gint64            object)
{
  guint64 key = item_key (role, object);

  g_return_val_if_fail (WAYMARK_IS_SCENE (self), -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (self->by_key, &key)) - 1;
}

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/**
 * waymark_scene_query:
 * @layer: which layer
 * @area: a rectangle in map coordinates
 * @indices: (element-type guint): where the indices of the items of @layer
 *   that meet @area are appended, in paint order
 *
 * The body layer is answered from a spatial index; the header layers are
 * small and searched in full.
 */
void
waymark_scene_query (WaymarkScene      *self,
                     WaymarkSceneLayer  layer,
                     const WaymarkRect *area,
                     GArray            *indices)
{
  guint first = indices->len;

  g_return_if_fail (WAYMARK_IS_SCENE (self));

  if (layer != WAYMARK_SCENE_LAYER_BODY)
    {
      for (guint i = 0; i < self->items->len; i++)
        {
          const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);

          if (item->layer == layer && waymark_rect_intersects (&item->bounds, area))
            g_array_append_val (indices, i);
        }
      return;
    }

  if (self->index_stale)
    {
      rebuild_index (self);
      self->index_stale = FALSE;
    }
  if (self->buckets == NULL)
    return;

  if (++self->stamp == 0)
    {
      memset (self->stamps, 0, sizeof (guint) * MAX (1, self->items->len));
      self->stamp = 1;
    }

  {
    int c0 = bucket_of (area->x, self->columns);
    int c1 = bucket_of ((area->x + area->width), self->columns);
    int r0 = bucket_of (area->y, self->rows);
    int r1 = bucket_of ((area->y + area->height), self->rows);

    for (int r = r0; r <= r1; r++)
      for (int c = c0; c <= c1; c++)
        {
          GArray *bucket = self->buckets[r * self->columns + c];

          for (guint k = 0; k < bucket->len; k++)
            {
              guint i = g_array_index (bucket, guint, k);
              const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);

              if (self->stamps[i] == self->stamp)
                continue;
              self->stamps[i] = self->stamp;
              if (waymark_rect_intersects (&item->bounds, area))
                g_array_append_val (indices, i);
            }
        }
  }

  if (indices->len - first > 1)
    qsort (&g_array_index (indices, guint, first), indices->len - first, sizeof (guint), compare_uint);
}

/**
 * waymark_scene_hit:
 *
 * Returns: the index of the topmost item of @layer under (@x, @y), or -1.
 *   Lane rows count as hit anywhere in their row, cards within their
 *   rounded rectangle, emotion points within their face.
 */
int
waymark_scene_hit (WaymarkScene      *self,
                   WaymarkSceneLayer  layer,
                   double             x,
                   double             y)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect probe = { x, y, 0.01, 0.01 };

  g_return_val_if_fail (WAYMARK_IS_SCENE (self), -1);

  waymark_scene_query (self, layer, &probe, indices);
  for (guint k = indices->len; k > 0; k--)
    {
      guint i = g_array_index (indices, guint, k - 1);
      const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);

      /* A connector's box is mostly empty: only its ends and line count,
       * which the cards under it answer better. */
      if (item->role == WAYMARK_SCENE_ROLE_CONNECTOR || item->role == WAYMARK_SCENE_ROLE_EMOTION_CURVE)
        continue;
      if (item->role == WAYMARK_SCENE_ROLE_CARD && y > item->bounds.y + item->bounds.height - 2)
        continue;
      return (int) i;
    }
  return -1;
}

/**
 * waymark_scene_hit_connector:
 * @self: a map's scene
 * @x: a point of the map
 * @y:
 * @tolerance: how near the line counts, in map points
 *
 * The connector whose line or label is at (@x, @y), the nearest one if
 * several are.
 *
 * Returns: its id, or 0
 */
gint64
waymark_scene_hit_connector (WaymarkScene *self,
                             double        x,
                             double        y,
                             double        tolerance)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect probe = { x - tolerance, y - tolerance, 2 * tolerance, 2 * tolerance };
  gint64 best = 0;
  double best_distance = tolerance;

  g_return_val_if_fail (WAYMARK_IS_SCENE (self), 0);

  if (self->layout == NULL)
    return 0;
  waymark_scene_query (self, WAYMARK_SCENE_LAYER_BODY, &probe, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (self->items, g_array_index (indices, guint, k));
      const WaymarkLayoutCard *a, *b;
      WaymarkObject *object;
      double p[8], distance;

      if (item->role != WAYMARK_SCENE_ROLE_CONNECTOR)
        continue;
      object = waymark_document_lookup (waymark_layout_get_document (self->layout), item->object);
      if (!WAYMARK_IS_CONNECTOR (object) ||
          !(a = waymark_layout_find_card (self->layout, waymark_connector_get_source (WAYMARK_CONNECTOR (object)))) ||
          !(b = waymark_layout_find_card (self->layout, waymark_connector_get_target (WAYMARK_CONNECTOR (object)))))
        continue;
      waymark_scene_connector_curve (&a->rect, &b->rect, p);
      distance = waymark_scene_connector_distance (p, x, y);
      /* The label's patch counts as the line. */
      for (guint i = 0; i < item->ops->len; i++)
        {
          const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

          if (op->type == WAYMARK_SCENE_OP_RECT &&
              x >= item->bounds.x + op->rect.x && x <= item->bounds.x + op->rect.x + op->rect.width &&
              y >= item->bounds.y + op->rect.y && y <= item->bounds.y + op->rect.y + op->rect.height)
            distance = 0;
        }
      if (distance <= best_distance)
        {
          best_distance = distance;
          best = item->object;
        }
    }
  return best;
}

/**
 * waymark_scene_new_blank:
 * @width: its size in points
 * @height:
 * @theme: its colours
 *
 * A scene for items made elsewhere (see waymark_scene_add_item()): a
 * printed page, a legend.
 *
 * Returns: (transfer full): an empty scene
 */
WaymarkScene *
waymark_scene_new_blank (double              width,
                         double              height,
                         const WaymarkTheme *theme)
{
  WaymarkScene *self;

  g_return_val_if_fail (theme != NULL, NULL);

  self = g_object_new (WAYMARK_TYPE_SCENE, NULL);
  self->theme = theme;
  self->width = width;
  self->height = height;
  self->index_stale = TRUE;
  return self;
}

/**
 * waymark_scene_add_item:
 * @item: (transfer full): an item from waymark_scene_item_new()
 *
 * Adds @item on top of a blank scene's items.
 */
void
waymark_scene_add_item (WaymarkScene     *self,
                        WaymarkSceneItem *item)
{
  guint64 *key;

  g_return_if_fail (WAYMARK_IS_SCENE (self));
  g_return_if_fail (self->layout == NULL);
  g_return_if_fail (item != NULL);

  item->serial = ++self->next_serial;
  g_ptr_array_add (self->items, item);
  if (item->object != 0)
    {
      key = g_new (guint64, 1);
      *key = item_key (item->role, item->object);
      g_hash_table_insert (self->by_key, key, GUINT_TO_POINTER (self->items->len));
    }
  self->index_stale = TRUE;
}

/**
 * waymark_scene_item_new:
 * @bounds: everything the item will draw, in the scene's coordinates
 *
 * Returns: (transfer full): an item without operations
 */
WaymarkSceneItem *
waymark_scene_item_new (WaymarkSceneRole   role,
                        WaymarkSceneLayer  layer,
                        gint64             object,
                        const WaymarkRect *bounds)
{
  WaymarkSceneItem *item = g_new0 (WaymarkSceneItem, 1);

  item->role = role;
  item->layer = layer;
  item->object = object;
  item->bounds = *bounds;
  item->ops = g_array_new (FALSE, TRUE, sizeof (WaymarkSceneOp));
  g_array_set_clear_func (item->ops, clear_op);
  return item;
}

/**
 * waymark_scene_item_add_op:
 *
 * Returns: (transfer none): a new operation at the end of @item's, all
 *   unset, to fill in; its pointers are owned by @item
 */
WaymarkSceneOp *
waymark_scene_item_add_op (WaymarkSceneItem   *item,
                           WaymarkSceneOpType  type)
{
  g_return_val_if_fail (item != NULL, NULL);

  return add_op (item, type);
}

/**
 * waymark_scene_op_get_text_size:
 * @op: a text operation
 *
 * Returns: the size of its text in points, or 0 when its layout sets none
 */
double
waymark_scene_op_get_text_size (const WaymarkSceneOp *op)
{
  const PangoFontDescription *font;

  g_return_val_if_fail (op != NULL, 0);

  if (op->type != WAYMARK_SCENE_OP_TEXT || op->layout == NULL ||
      !(font = pango_layout_get_font_description (op->layout)))
    return 0;
  return (double) pango_font_description_get_size (font) / PANGO_SCALE;
}

/**
 * waymark_scene_get_smallest_text:
 * @layers: a mask of 1 << #WaymarkSceneLayer
 *
 * What an export scales by to keep text legible on paper.
 *
 * Returns: the size in points of the smallest text of those layers, or 0
 *   when they have none
 */
double
waymark_scene_get_smallest_text (WaymarkScene *self,
                                 guint         layers)
{
  double smallest = 0;

  g_return_val_if_fail (WAYMARK_IS_SCENE (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (self->items, i);

      if (!(layers & (1u << item->layer)))
        continue;
      for (guint k = 0; k < item->ops->len; k++)
        {
          double size = waymark_scene_op_get_text_size (&g_array_index (item->ops, WaymarkSceneOp, k));

          if (size > 0 && (smallest == 0 || size < smallest))
            smallest = size;
        }
    }
  return smallest;
}
