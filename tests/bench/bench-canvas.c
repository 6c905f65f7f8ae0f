/* bench-canvas.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canvas at 1920×1080, rendered on the CPU: each frame is the
 * canvas's snapshot drawn with gsk_render_node_draw() into a Cairo image
 * surface, as the Cairo renderer does.
 *
 *   canvas-pan-5000           ms per frame, panning a 5,000-card map at 100%
 *   canvas-pan-5000-baseline  the same visible items drawn with plain Cairo
 *                             and Pango, laying their text out every frame
 *   canvas-fit-20000          one frame of a 20,000-card map zoomed to fit
 *   canvas-edit-5000          one typed character in a card until the next
 *                             frame is drawn (relayout, and the redraw of
 *                             the damaged region as GTK does it; also the
 *                             whole frame, canvas-edit-5000-full-frame)
 *   layout-5000               a full layout of a 5,000-card map
 *
 *   bench-canvas [RUNS]
 */

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>
#include <pango/pangocairo.h>

#include "waymark-canvas-private.h"
#include "waymark-core.h"
#include "waymark-edit.h"
#include "waymark-painter.h"
#include "bench-util.h"

#define WIDTH   1920
#define HEIGHT  1080
#define FRAMES  120

static gint64
first_map (WaymarkDocument *document)
{
  return waymark_object_get_id (g_ptr_array_index (waymark_document_get_items (document, WAYMARK_TYPE_MAP), 0));
}

/* One frame of the canvas, drawn on the CPU. */
static void
draw_frame (WaymarkCanvas   *canvas,
            cairo_surface_t *surface)
{
  GskRenderNode *node = _waymark_canvas_render (canvas, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  gsk_render_node_unref (node);
}

static GtkAdjustment *
adjustment (WaymarkCanvas *canvas,
            const char    *name)
{
  GtkAdjustment *value = NULL;

  g_object_get (canvas, name, &value, NULL);
  g_object_unref (value);
  return value;
}

/* Where frame @i of the pan looks: a diagonal sweep at 100%. */
static void
pan_position (guint   i,
              double *x,
              double *y)
{
  *x = i * 24.0;
  *y = i * 9.0;
}

/* The baseline: what a frame shows, drawn with plain Cairo and Pango as a
 * simple canvas would: every text laid out again on every frame (a copy
 * of a PangoLayout keeps its text and attributes but not its lines), no
 * render nodes. Culled with the same spatial index. */
static void
draw_baseline (WaymarkScene    *scene,
               cairo_surface_t *surface,
               double           x,
               double           y)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect visible = { x, y, WIDTH, HEIGHT };
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.98, 0.98, 0.98);
  cairo_paint (cr);
  cairo_translate (cr, -x, -y);

  for (WaymarkSceneLayer layer = 0; layer < WAYMARK_SCENE_N_LAYERS; layer++)
    {
      g_array_set_size (indices, 0);
      waymark_scene_query (scene, layer, &visible, indices);
      for (guint k = 0; k < indices->len; k++)
        {
          WaymarkSceneItem *item = (WaymarkSceneItem *) waymark_scene_get_item (scene, g_array_index (indices, guint, k));
          g_autoptr(GPtrArray) originals = g_ptr_array_new ();

          for (guint i = 0; i < item->ops->len; i++)
            {
              WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

              g_ptr_array_add (originals, op->layout);
              if (op->layout != NULL)
                op->layout = pango_layout_copy (op->layout);
            }

          cairo_save (cr);
          cairo_translate (cr, item->bounds.x, item->bounds.y);
          waymark_painter_draw_item (cr, item);
          cairo_restore (cr);

          for (guint i = 0; i < item->ops->len; i++)
            {
              WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

              if (op->layout != NULL)
                g_object_unref (op->layout);
              op->layout = g_ptr_array_index (originals, i);
            }
        }
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
}

static void
bench_pan (guint runs)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (5000, 40, 9, 7);
  WaymarkCanvas *canvas = WAYMARK_CANVAS (g_object_ref_sink (waymark_canvas_new ()));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree double *frames = g_new (double, FRAMES);
  g_autofree double *base = g_new (double, FRAMES);
  g_autofree double *sweeps = g_new (double, runs);
  g_autofree double *base_sweeps = g_new (double, runs);
  GtkAdjustment *h, *v;

  waymark_canvas_set_document (canvas, document, first_map (document));
  h = adjustment (canvas, "hadjustment");
  v = adjustment (canvas, "vadjustment");
  draw_frame (canvas, surface);

  /* Each run sweeps the same path; the figure is the median frame of the
   * median sweep. The first sweep builds the nodes of what it uncovers. */
  for (guint r = 0; r < runs; r++)
    {
      for (guint i = 0; i < FRAMES; i++)
        {
          double x, y, start;

          pan_position (i, &x, &y);
          start = bench_now_ms ();
          gtk_adjustment_set_value (h, x);
          gtk_adjustment_set_value (v, y);
          draw_frame (canvas, surface);
          frames[i] = bench_now_ms () - start;

          start = bench_now_ms ();
          draw_baseline (_waymark_canvas_get_scene (canvas), surface,
                         gtk_adjustment_get_value (h), gtk_adjustment_get_value (v));
          base[i] = bench_now_ms () - start;
        }
      sweeps[r] = bench_median (frames, FRAMES);
      base_sweeps[r] = bench_median (base, FRAMES);
    }

  g_print ("BENCH canvas-pan-5000 %.2f ms\n", bench_median (sweeps, runs));
  g_print ("BENCH canvas-pan-5000-baseline %.2f ms\n", bench_median (base_sweeps, runs));
  g_print ("BENCH canvas-pan-5000-ratio %.2f x\n", bench_median (sweeps, runs) / bench_median (base_sweeps, runs));

  cairo_surface_destroy (surface);
  g_object_unref (canvas);
}

static void
bench_fit (guint runs)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (20000, 60, 9, 11);
  WaymarkCanvas *canvas = WAYMARK_CANVAS (g_object_ref_sink (waymark_canvas_new ()));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  g_autofree double *samples = g_new (double, runs);
  double start, first;

  waymark_canvas_set_document (canvas, document, first_map (document));
  /* Allocate once, so that fitting knows the size. */
  gsk_render_node_unref (_waymark_canvas_render (canvas, WIDTH, HEIGHT));
  waymark_canvas_zoom_to_fit (canvas);

  start = bench_now_ms ();
  draw_frame (canvas, surface);
  first = bench_now_ms () - start;

  for (guint r = 0; r < runs; r++)
    {
      start = bench_now_ms ();
      draw_frame (canvas, surface);
      samples[r] = bench_now_ms () - start;
    }

  g_print ("BENCH canvas-fit-20000 %.2f ms\n", bench_median (samples, runs));
  g_print ("BENCH canvas-fit-20000-first %.2f ms\n", first);
  g_print ("BENCH canvas-fit-20000-zoom %.3f x\n", waymark_canvas_get_zoom (canvas));

  cairo_surface_destroy (surface);
  g_object_unref (canvas);
}

static void
bench_edit (guint runs)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (5000, 40, 9, 7);
  WaymarkCanvas *canvas = WAYMARK_CANVAS (g_object_ref_sink (waymark_canvas_new ()));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  const char *typed = "Checkout button hidden below the fold";
  guint n = strlen (typed);
  g_autofree double *samples = g_new (double, n * runs);
  g_autoptr(GString) title = g_string_new (NULL);
  WaymarkLayout *layout;
  const WaymarkLayoutCard *cards;
  WaymarkCard *card;
  guint n_cards, k = 0;

  waymark_canvas_set_document (canvas, document, first_map (document));
  draw_frame (canvas, surface);
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (canvas));
  cards = waymark_layout_get_cards (layout, &n_cards);
  /* A card on screen, in the first stage of the second lane. */
  card = NULL;
  for (guint i = 0; i < n_cards && card == NULL; i++)
    if (cards[i].lane_index == 1 && cards[i].stage_index == 1)
      card = cards[i].card;
  g_assert (card != NULL);

  /* GTK repaints only what changed between two frames (it compares their
   * render nodes; the canvas reuses the node of every item that did not
   * change): here, the card typed into. The frame is clipped to its
   * rectangle before and after, as the damage region would be. */
  for (guint r = 0; r < runs; r++)
    {
      g_string_truncate (title, 0);
      for (guint i = 0; i < n; i++)
        {
          double start = bench_now_ms ();
          const WaymarkLayoutCard *before = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (card)));
          WaymarkRect damage = before->rect;
          const WaymarkLayoutCard *after;
          GskRenderNode *node;
          double x1, y1, x2, y2;
          cairo_t *cr;

          g_string_append_c (title, typed[i]);
          waymark_edit_set_card_title (document, card, title->str);
          node = _waymark_canvas_render (canvas, WIDTH, HEIGHT);
          after = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (card)));
          x1 = MIN (damage.x, after->rect.x) - 4;
          y1 = MIN (damage.y, after->rect.y) - 4;
          x2 = MAX (damage.x + damage.width, after->rect.x + after->rect.width) + 4;
          y2 = MAX (damage.y + damage.height, after->rect.y + after->rect.height) + 4;
          cr = cairo_create (surface);
          cairo_rectangle (cr, x1 - gtk_adjustment_get_value (adjustment (canvas, "hadjustment")),
                           y1 - gtk_adjustment_get_value (adjustment (canvas, "vadjustment")),
                           x2 - x1, y2 - y1);
          cairo_clip (cr);
          gsk_render_node_draw (node, cr);
          cairo_destroy (cr);
          cairo_surface_flush (surface);
          gsk_render_node_unref (node);
          samples[k++] = bench_now_ms () - start;
        }
    }

  g_print ("BENCH canvas-edit-5000 %.2f ms\n", bench_median (samples, k));

  /* The same, repainting the whole frame. */
  k = 0;
  for (guint r = 0; r < runs; r++)
    {
      g_string_truncate (title, 0);
      for (guint i = 0; i < n; i++)
        {
          double start = bench_now_ms ();

          g_string_append_c (title, typed[i]);
          waymark_edit_set_card_title (document, card, title->str);
          draw_frame (canvas, surface);
          samples[k++] = bench_now_ms () - start;
        }
    }
  g_print ("BENCH canvas-edit-5000-full-frame %.2f ms\n", bench_median (samples, k));

  /* The same keystrokes, relayout and scene only. */
  k = 0;
  for (guint r = 0; r < runs; r++)
    {
      g_string_truncate (title, 0);
      for (guint i = 0; i < n; i++)
        {
          double start = bench_now_ms ();

          g_string_append_c (title, typed[i]);
          waymark_edit_set_card_title (document, card, title->str);
          waymark_scene_update (_waymark_canvas_get_scene (canvas));
          samples[k++] = bench_now_ms () - start;
        }
    }
  g_print ("BENCH canvas-edit-5000-relayout %.2f ms\n", bench_median (samples, k));

  cairo_surface_destroy (surface);
  g_object_unref (canvas);
}

static void
bench_layout (guint runs)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (5000, 40, 9, 7);
  g_autofree double *samples = g_new (double, runs);
  g_autofree double *scenes = g_new (double, runs);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
      g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
      double start = bench_now_ms ();

      waymark_layout_update (layout);
      samples[r] = bench_now_ms () - start;
      start = bench_now_ms ();
      waymark_scene_update (scene);
      scenes[r] = bench_now_ms () - start;
    }

  g_print ("BENCH layout-5000 %.2f ms\n", bench_median (samples, runs));
  g_print ("BENCH scene-5000 %.2f ms\n", bench_median (scenes, runs));
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) MAX (1, atoi (argv[1])) : 5;

  gtk_init ();
  adw_init ();

  bench_layout (runs);
  bench_pan (MAX (3, runs / 2));
  bench_fit (runs);
  bench_edit (MAX (1, runs / 3));
  return 0;
}
