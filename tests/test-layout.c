/* test-layout.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "waymark-edit.h"
#include "waymark-test-util.h"

/* Geometry is built from whole points and sums of them: comparisons are
 * exact up to rounding in the last bits. */
#define EPS 1e-6

/* The core has no GTK to define these. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_surface_t, cairo_surface_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (cairo_t, cairo_destroy)

static const char * const templates[] = {
  "blank", "ecommerce", "saas-onboarding", "service-blueprint", "support-call",
};

/* Helpers */

static WaymarkDocument *
new_document (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document;

  document = waymark_store_new_document (template_name, "T", &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static gint64
id_of (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

/* The template's (or the generator's) map: the oldest. */
static gint64
first_map (WaymarkDocument *document)
{
  GPtrArray *maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  gint64 first = G_MAXINT64;

  g_assert_cmpuint (maps->len, >=, 1);
  for (guint i = 0; i < maps->len; i++)
    first = MIN (first, id_of (g_ptr_array_index (maps, i)));
  return first;
}

static WaymarkLayout *
new_layout (WaymarkDocument *document,
            gint64           map)
{
  WaymarkLayout *layout = waymark_layout_new (document, map);

  g_assert_true (waymark_layout_update (layout));
  return layout;
}

static WaymarkStage *
stage_at (WaymarkDocument *document,
          guint            index)
{
  g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, first_map (document));

  g_assert_cmpuint (index, <, stages->len);
  return g_ptr_array_index (stages, index);
}

static WaymarkLane *
lane_of_kind (WaymarkDocument *document,
              const char      *kind)
{
  g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, first_map (document));

  for (guint i = 0; i < lanes->len; i++)
    if (g_str_equal (waymark_lane_get_kind (g_ptr_array_index (lanes, i)), kind))
      return g_ptr_array_index (lanes, i);

  g_error ("no %s lane", kind);
  return NULL;
}

static WaymarkCard *
card_titled (WaymarkDocument *document,
             const char      *title)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  for (guint i = 0; i < cards->len; i++)
    if (g_str_equal (waymark_card_get_title (g_ptr_array_index (cards, i)), title))
      return g_ptr_array_index (cards, i);

  g_error ("no card titled “%s”", title);
  return NULL;
}

static const WaymarkLayoutCard *
placed_card (WaymarkLayout *layout,
             gpointer       card)
{
  const WaymarkLayoutCard *placed = waymark_layout_find_card (layout, id_of (card));

  g_assert_nonnull (placed);
  g_assert_true (placed->card == card);
  return placed;
}

static gboolean
overlaps (const WaymarkRect *a,
          const WaymarkRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static gboolean
contains (const WaymarkRect *rect,
          double             x,
          double             y)
{
  return x >= rect->x && x < rect->x + rect->width &&
         y >= rect->y && y < rect->y + rect->height;
}

static void
assert_rect_equal (const WaymarkRect *a,
                   const WaymarkRect *b)
{
  g_assert_cmpfloat_with_epsilon (a->x, b->x, EPS);
  g_assert_cmpfloat_with_epsilon (a->y, b->y, EPS);
  g_assert_cmpfloat_with_epsilon (a->width, b->width, EPS);
  g_assert_cmpfloat_with_epsilon (a->height, b->height, EPS);
}

static gboolean
is_finite_size (double width,
                double height)
{
  return isfinite (width) && isfinite (height) && width > 0 && height > 0;
}

/* Every geometric promise of the layout, checked against the model:
 *  - stage columns start right of the lane headers and are contiguous,
 *    their headers share one y and height;
 *  - lane rows start below the stage headers and are contiguous, each
 *    lane header is its row's height at its row's y;
 *  - every card of the map is placed once, in its model stage and lane,
 *    with its span clamped to the map; a visible card fills its columns
 *    less the cell padding and lies inside its lane row; a card of a
 *    collapsed lane has no height;
 *  - no two visible cards overlap, and the cards of a cell are stacked
 *    in the order of their index;
 *  - the map's size holds the grid.
 * Returns the number of visible cards. */
static guint
assert_layout_sane (WaymarkLayout *layout)
{
  WaymarkDocument *document = waymark_layout_get_document (layout);
  gint64 map = waymark_layout_get_map (layout);
  guint n_stages, n_lanes, n_cards, n_emotions;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (layout, &n_emotions);
  g_autoptr(GPtrArray) model_stages = waymark_edit_dup_stages (document, map);
  g_autoptr(GPtrArray) model_lanes = waymark_edit_dup_lanes (document, map);
  GPtrArray *all_cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  double header_top = waymark_layout_get_header_top (layout);
  double header_bottom = waymark_layout_get_header_bottom (layout);
  double width, height;
  guint n_model_cards = 0, n_visible = 0;

  waymark_layout_get_size (layout, &width, &height);
  g_assert_true (is_finite_size (width, height));

  /* Stages, in display order. */
  g_assert_cmpuint (n_stages, ==, model_stages->len);
  g_assert_cmpfloat (header_bottom, >, header_top);
  for (guint s = 0; s < n_stages; s++)
    {
      const WaymarkLayoutStage *column = &stages[s];

      g_assert_true (column->stage == g_ptr_array_index (model_stages, s));
      g_assert_cmpint (waymark_layout_find_stage (layout, id_of (column->stage)), ==, s);
      g_assert_cmpfloat (column->width, >=, WAYMARK_LAYOUT_STAGE_MIN);
      g_assert_cmpfloat (column->width, <=, WAYMARK_LAYOUT_STAGE_MAX);
      if (s == 0)
        g_assert_cmpfloat_with_epsilon (column->x, WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER, EPS);
      else
        g_assert_cmpfloat_with_epsilon (column->x, stages[s - 1].x + stages[s - 1].width, EPS);

      g_assert_cmpfloat_with_epsilon (column->header.x, column->x, EPS);
      g_assert_cmpfloat_with_epsilon (column->header.width, column->width, EPS);
      g_assert_cmpfloat_with_epsilon (column->header.y, header_top, EPS);
      g_assert_cmpfloat_with_epsilon (column->header.y, stages[0].header.y, EPS);
      g_assert_cmpfloat_with_epsilon (column->header.height, stages[0].header.height, EPS);
      g_assert_cmpfloat_with_epsilon (column->header.y + column->header.height, header_bottom, EPS);
      g_assert_nonnull (column->title);
    }
  if (n_stages > 0)
    g_assert_cmpfloat (width, >=, stages[n_stages - 1].x + stages[n_stages - 1].width);

  /* Lanes, in display order. */
  g_assert_cmpuint (n_lanes, ==, model_lanes->len);
  for (guint l = 0; l < n_lanes; l++)
    {
      const WaymarkLayoutLane *row = &lanes[l];

      g_assert_true (row->lane == g_ptr_array_index (model_lanes, l));
      g_assert_cmpint (waymark_layout_find_lane (layout, id_of (row->lane)), ==, l);
      g_assert_cmpfloat (row->height, >, 0);
      if (l == 0)
        g_assert_cmpfloat_with_epsilon (row->y, header_bottom, EPS);
      else
        g_assert_cmpfloat_with_epsilon (row->y, lanes[l - 1].y + lanes[l - 1].height, EPS);

      g_assert_cmpfloat_with_epsilon (row->header.x, WAYMARK_LAYOUT_MARGIN, EPS);
      g_assert_cmpfloat_with_epsilon (row->header.width, WAYMARK_LAYOUT_LANE_HEADER, EPS);
      g_assert_cmpfloat_with_epsilon (row->header.y, row->y, EPS);
      g_assert_cmpfloat_with_epsilon (row->header.height, row->height, EPS);
      g_assert_cmpint (row->is_emotion, ==, g_str_equal (waymark_lane_get_kind (row->lane), "emotions"));
      if (waymark_lane_get_collapsed (row->lane))
        g_assert_cmpfloat_with_epsilon (row->height, WAYMARK_LAYOUT_LANE_COLLAPSED, EPS);
      else
        g_assert_cmpfloat (row->height, >=, WAYMARK_LAYOUT_LANE_MIN);
    }
  if (n_lanes > 0)
    g_assert_cmpfloat (height, >=, lanes[n_lanes - 1].y + lanes[n_lanes - 1].height);

  /* Every card of the map, once, where the model puts it. */
  for (guint i = 0; i < all_cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (all_cards, i);
      int s = -1, l = -1;

      for (guint k = 0; k < n_stages && s < 0; k++)
        if (id_of (stages[k].stage) == waymark_card_get_stage (card))
          s = k;
      for (guint k = 0; k < n_lanes && l < 0; k++)
        if (id_of (lanes[k].lane) == waymark_card_get_lane (card))
          l = k;

      if (s < 0 || l < 0)
        {
          g_assert_null (waymark_layout_find_card (layout, id_of (card)));
          continue;
        }

      {
        const WaymarkLayoutCard *placed = placed_card (layout, card);

        g_assert_cmpuint (placed->stage_index, ==, s);
        g_assert_cmpuint (placed->lane_index, ==, l);
        g_assert_cmpuint (placed->span, ==, MIN ((guint) MAX (1, waymark_card_get_span (card)), n_stages - s));
        n_model_cards++;
      }
    }
  g_assert_cmpuint (n_cards, ==, n_model_cards);

  for (guint c = 0; c < n_cards; c++)
    {
      const WaymarkLayoutCard *card = &cards[c];
      const WaymarkLayoutStage *first, *last;
      const WaymarkLayoutLane *row;

      g_assert_cmpuint (card->stage_index, <, n_stages);
      g_assert_cmpuint (card->lane_index, <, n_lanes);
      g_assert_cmpuint (card->span, >=, 1);
      g_assert_cmpuint (card->stage_index + card->span, <=, n_stages);
      g_assert_true (waymark_layout_find_card (layout, id_of (card->card)) == card);

      first = &stages[card->stage_index];
      last = &stages[card->stage_index + card->span - 1];
      row = &lanes[card->lane_index];

      /* Horizontally: its columns, less the padding on either side. */
      g_assert_cmpfloat_with_epsilon (card->rect.x, first->x + WAYMARK_LAYOUT_CELL_PADDING, EPS);
      g_assert_cmpfloat_with_epsilon (card->rect.x + card->rect.width,
                                      last->x + last->width - WAYMARK_LAYOUT_CELL_PADDING, EPS);

      if (waymark_lane_get_collapsed (row->lane))
        {
          g_assert_cmpfloat (card->rect.height, ==, 0);
          continue;
        }

      /* Vertically: inside its row, below the padding. */
      g_assert_cmpfloat (card->rect.height, >, 0);
      g_assert_cmpfloat (card->rect.y, >=, row->y + WAYMARK_LAYOUT_CELL_PADDING - EPS);
      if (card->rect.y + card->rect.height > row->y + row->height + EPS)
        g_error ("card “%s” (%g…%g) leaves its lane row “%s” (%g…%g)",
                 waymark_card_get_title (card->card), card->rect.y, card->rect.y + card->rect.height,
                 waymark_lane_get_title (row->lane), row->y, row->y + row->height);
      g_assert_nonnull (card->title);
      g_assert_cmpuint (card->serial, !=, 0);
      n_visible++;
    }

  /* No two visible cards overlap, and a cell's cards are stacked in order. */
  for (guint a = 0; a < n_cards; a++)
    for (guint b = a + 1; b < n_cards; b++)
      {
        const WaymarkLayoutCard *x = &cards[a];
        const WaymarkLayoutCard *y = &cards[b];

        if (x->rect.height <= 0 || y->rect.height <= 0)
          continue;
        if (overlaps (&x->rect, &y->rect))
          g_error ("cards “%s” (stage %u, span %u) and “%s” (stage %u, span %u) overlap",
                   waymark_card_get_title (x->card), x->stage_index, x->span,
                   waymark_card_get_title (y->card), y->stage_index, y->span);
        if (x->stage_index == y->stage_index && x->lane_index == y->lane_index)
          {
            g_assert_cmpuint (x->index, !=, y->index);
            if (x->index < y->index)
              g_assert_cmpfloat (x->rect.y + x->rect.height, <=, y->rect.y);
            else
              g_assert_cmpfloat (y->rect.y + y->rect.height, <=, x->rect.y);
          }
      }

  /* Emotion points at their stage's centre, at their score's height. */
  for (guint e = 0; e < n_emotions; e++)
    {
      const WaymarkLayoutEmotion *point = &emotions[e];
      const WaymarkLayoutStage *column;
      const WaymarkLayoutLane *row;

      g_assert_cmpuint (point->stage_index, <, n_stages);
      g_assert_cmpuint (point->lane_index, <, n_lanes);
      column = &stages[point->stage_index];
      row = &lanes[point->lane_index];
      g_assert_cmpint (point->score, ==, waymark_emotion_get_score (point->emotion));
      if (waymark_emotion_get_card (point->emotion) == 0)
        g_assert_cmpfloat_with_epsilon (point->x, column->x + column->width / 2, EPS);
      g_assert_cmpfloat_with_epsilon (point->y, waymark_layout_emotion_y (layout, point->lane_index, point->score), EPS);
      g_assert_cmpfloat (point->y, >, row->y);
      g_assert_cmpfloat (point->y, <, row->y + row->height);
    }

  return n_visible;
}

/* The scene shows what the layout placed: one item per visible card at
 * its rectangle, none for hidden ones, a header per stage and lane, a row
 * per lane; every item is found again by its role and object. */
static void
assert_scene_sane (WaymarkScene *scene)
{
  WaymarkLayout *layout = waymark_scene_get_layout (scene);
  guint n_stages, n_lanes, n_cards;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  guint n_items = waymark_scene_get_n_items (scene);

  for (guint i = 0; i < n_items; i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, i);

      g_assert_cmpint (waymark_scene_find_item (scene, item->role, item->object), ==, i);
      g_assert_true (isfinite (item->bounds.x) && isfinite (item->bounds.y));
      g_assert_cmpfloat (item->bounds.width, >=, 0);
      g_assert_cmpfloat (item->bounds.height, >=, 0);
      g_assert_nonnull (item->ops);
    }

  for (guint c = 0; c < n_cards; c++)
    {
      int index = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_CARD, id_of (cards[c].card));
      const WaymarkSceneItem *item;

      if (cards[c].rect.height <= 0)
        {
          g_assert_cmpint (index, ==, -1);
          continue;
        }

      g_assert_cmpint (index, >=, 0);
      item = waymark_scene_get_item (scene, index);
      g_assert_cmpint (item->role, ==, WAYMARK_SCENE_ROLE_CARD);
      g_assert_cmpint (item->layer, ==, WAYMARK_SCENE_LAYER_BODY);
      g_assert_cmpint (item->object, ==, id_of (cards[c].card));
      g_assert_cmpfloat_with_epsilon (item->bounds.x, cards[c].rect.x, EPS);
      g_assert_cmpfloat_with_epsilon (item->bounds.y, cards[c].rect.y, EPS);
      g_assert_cmpfloat_with_epsilon (item->bounds.width, cards[c].rect.width, EPS);
      g_assert_cmpfloat (item->bounds.height, >=, cards[c].rect.height);
      g_assert_cmpuint (item->ops->len, >, 0);
    }

  for (guint s = 0; s < n_stages; s++)
    {
      int index = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_STAGE_HEADER, id_of (stages[s].stage));
      const WaymarkSceneItem *item;

      g_assert_cmpint (index, >=, 0);
      item = waymark_scene_get_item (scene, index);
      g_assert_cmpint (item->layer, ==, WAYMARK_SCENE_LAYER_STAGE_HEADERS);
      assert_rect_equal (&item->bounds, &stages[s].header);
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      int header = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_LANE_HEADER, id_of (lanes[l].lane));
      int row = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_LANE_ROW, id_of (lanes[l].lane));
      const WaymarkSceneItem *item;

      g_assert_cmpint (header, >=, 0);
      item = waymark_scene_get_item (scene, header);
      g_assert_cmpint (item->layer, ==, WAYMARK_SCENE_LAYER_LANE_HEADERS);
      assert_rect_equal (&item->bounds, &lanes[l].header);

      g_assert_cmpint (row, >=, 0);
      item = waymark_scene_get_item (scene, row);
      g_assert_cmpint (item->layer, ==, WAYMARK_SCENE_LAYER_BODY);
      g_assert_cmpfloat_with_epsilon (item->bounds.y, lanes[l].y, EPS);
      g_assert_cmpfloat_with_epsilon (item->bounds.height, lanes[l].height, EPS);
      if (n_stages > 0)
        {
          g_assert_cmpfloat_with_epsilon (item->bounds.x, stages[0].x, EPS);
          g_assert_cmpfloat_with_epsilon (item->bounds.x + item->bounds.width,
                                          stages[n_stages - 1].x + stages[n_stages - 1].width, EPS);
        }
    }
}

/* One title line's height in the card title font: the title layout of a
 * one-word card. */
static double
title_line_height (WaymarkLayout *layout,
                   WaymarkCard   *short_card)
{
  const WaymarkLayoutCard *placed = placed_card (layout, short_card);
  int h;

  g_assert_cmpint (pango_layout_get_line_count (placed->title), ==, 1);
  pango_layout_get_size (placed->title, NULL, &h);
  return (double) h / PANGO_SCALE;
}

/* A document and its layout and scene, for the tests that edit. */
typedef struct
{
  WaymarkDocument *document;
  WaymarkLayout   *layout;
  WaymarkScene    *scene;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  template_name)
{
  fixture->document = new_document (template_name);
  fixture->layout = waymark_layout_new (fixture->document, first_map (fixture->document));
  fixture->scene = waymark_scene_new (fixture->layout, waymark_theme_get_light ());
  g_assert_true (waymark_scene_update (fixture->scene));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->scene);
  g_clear_object (&fixture->layout);
  g_clear_object (&fixture->document);
}

/* A document's cards' layout serials and scene item serials by card id. */
typedef struct
{
  GHashTable *layout;   /* id → serial */
  GHashTable *scene;    /* id → serial */
  GHashTable *y;        /* id → rect.y, as a pointer to a double */
} Serials;

static void
serials_free (Serials *serials)
{
  g_hash_table_unref (serials->layout);
  g_hash_table_unref (serials->scene);
  g_hash_table_unref (serials->y);
  g_free (serials);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Serials, serials_free)

static Serials *
take_serials (Fixture *fixture)
{
  Serials *serials = g_new0 (Serials, 1);
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (fixture->layout, &n_cards);

  serials->layout = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  serials->scene = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  serials->y = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  for (guint c = 0; c < n_cards; c++)
    {
      gint64 id = id_of (cards[c].card);
      int index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id);

      g_assert_cmpint (index, >=, 0);
      g_hash_table_insert (serials->layout, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (cards[c].serial));
      g_hash_table_insert (serials->scene, g_memdup2 (&id, sizeof id),
                           GUINT_TO_POINTER (waymark_scene_get_item (fixture->scene, index)->serial));
      g_hash_table_insert (serials->y, g_memdup2 (&id, sizeof id), g_memdup2 (&cards[c].rect.y, sizeof (double)));
    }
  return serials;
}

static guint
layout_serial (Serials *serials,
               gpointer card)
{
  gint64 id = id_of (card);

  return GPOINTER_TO_UINT (g_hash_table_lookup (serials->layout, &id));
}

static guint
scene_serial (Serials *serials,
              gpointer card)
{
  gint64 id = id_of (card);

  return GPOINTER_TO_UINT (g_hash_table_lookup (serials->scene, &id));
}

/* Every card but @changed kept its layout and scene serials from @before;
 * @changed got new ones. Returns how many of the kept ones moved. */
static guint
assert_only_changed (Fixture  *fixture,
                     Serials  *before,
                     gpointer  changed)
{
  g_autoptr(Serials) after = take_serials (fixture);
  GHashTableIter iter;
  gpointer key, value;
  guint moved = 0;

  g_assert_cmpuint (g_hash_table_size (after->layout), ==, g_hash_table_size (before->layout));
  g_hash_table_iter_init (&iter, before->layout);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 id = *(gint64 *) key;
      guint was_layout = GPOINTER_TO_UINT (value);
      guint was_scene = GPOINTER_TO_UINT (g_hash_table_lookup (before->scene, &id));
      guint now_layout = GPOINTER_TO_UINT (g_hash_table_lookup (after->layout, &id));
      guint now_scene = GPOINTER_TO_UINT (g_hash_table_lookup (after->scene, &id));

      if (changed != NULL && id == id_of (changed))
        {
          g_assert_cmpuint (now_layout, !=, was_layout);
          g_assert_cmpuint (now_scene, !=, was_scene);
          continue;
        }

      if (now_layout != was_layout || now_scene != was_scene)
        g_error ("card %" G_GINT64_FORMAT " (“%s”) was not changed but its serials went from %u/%u to %u/%u",
                 id, waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (fixture->document, id))),
                 was_layout, was_scene, now_layout, now_scene);
      if (*(double *) g_hash_table_lookup (before->y, &id) != *(double *) g_hash_table_lookup (after->y, &id))
        moved++;
    }

  assert_scene_sane (fixture->scene);
  return moved;
}

static cairo_surface_t *
render (WaymarkScene *scene)
{
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  double width, height;

  waymark_scene_get_size (scene, &width, &height);
  g_assert_true (is_finite_size (width, height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) ceil (width), (int) ceil (height));
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cr = cairo_create (surface);
  waymark_painter_draw_scene (cr, scene, NULL);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_flush (surface);
  return g_steal_pointer (&surface);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  int px = (int) floor (x), py = (int) floor (y);
  const guchar *data = cairo_image_surface_get_data (surface);

  g_assert_cmpint (px, >=, 0);
  g_assert_cmpint (py, >=, 0);
  g_assert_cmpint (px, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (py, <, cairo_image_surface_get_height (surface));
  return *(const guint32 *) (gconstpointer) (data + py * cairo_image_surface_get_stride (surface) + px * 4);
}

static int
channel_of (guint32 pixel,
            int     shift)
{
  return (int) (pixel >> shift & 0xff);
}

/* The pixel at (@x, @y) is @color, opaque, within @tolerance of 255 per channel. */
static void
assert_pixel (cairo_surface_t    *surface,
              double              x,
              double              y,
              const WaymarkColor *color,
              int                 tolerance)
{
  guint32 pixel = pixel_at (surface, x, y);
  int expected[] = {
    (int) lround (color->red * 255), (int) lround (color->green * 255), (int) lround (color->blue * 255),
  };
  int actual[] = { channel_of (pixel, 16), channel_of (pixel, 8), channel_of (pixel, 0) };

  if (channel_of (pixel, 24) != 255 ||
      ABS (actual[0] - expected[0]) > tolerance ||
      ABS (actual[1] - expected[1]) > tolerance ||
      ABS (actual[2] - expected[2]) > tolerance)
    g_error ("pixel at (%g, %g) is #%08x, expected #ff%02x%02x%02x ± %d",
             x, y, pixel, expected[0], expected[1], expected[2], tolerance);
}

/* @text with its line breaks shown as \n and \r, for messages. */
static char *
one_line (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      g_string_append (out, "\\n");
    else if (*p == '\r')
      g_string_append (out, "\\r");
    else
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* Layout */

/*
 * /waymark/layout/templates
 */
static void
test_layout_templates (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      g_autoptr(WaymarkDocument) document = new_document (templates[t]);
      g_autoptr(WaymarkLayout) layout = new_layout (document, first_map (document));
      g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
      guint n_stages, n_lanes, n_cards;

      g_test_message ("template %s", templates[t]);
      assert_layout_sane (layout);
      waymark_layout_get_stages (layout, &n_stages);
      waymark_layout_get_lanes (layout, &n_lanes);
      waymark_layout_get_cards (layout, &n_cards);
      g_assert_cmpuint (n_stages, >=, 3);
      g_assert_cmpuint (n_lanes, >=, 5);
      /* Every template but the blank one comes with cards. */
      if (!g_str_equal (templates[t], "blank"))
        g_assert_cmpuint (n_cards, >=, 10);

      g_assert_true (waymark_scene_update (scene));
      assert_scene_sane (scene);
    }
}

/*
 * /waymark/layout/generated
 */
static void
test_layout_generated (void)
{
  static const struct { guint cards, stages, lanes; guint64 seed; } maps[] = {
    { 1000, 12, 9, 1 },
    { 1000, 30, 14, 7 },
    { 1000, 4, 3, 12345 },
    { 1000, 2, 1, 99 },
  };

  for (guint m = 0; m < G_N_ELEMENTS (maps); m++)
    {
      g_autoptr(WaymarkDocument) document = waymark_generate (maps[m].cards, maps[m].stages,
                                                             maps[m].lanes, maps[m].seed);
      g_autoptr(WaymarkLayout) layout = new_layout (document, first_map (document));
      g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
      guint n_cards, n_spanning = 0;
      const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);

      g_test_message ("generated: %u cards, %u stages, %u lanes, seed %" G_GUINT64_FORMAT,
                      maps[m].cards, maps[m].stages, maps[m].lanes, maps[m].seed);
      g_assert_cmpuint (assert_layout_sane (layout), ==, maps[m].cards);
      for (guint c = 0; c < n_cards; c++)
        n_spanning += cards[c].span > 1;
      /* The generator spans a few cards over two stages; they must be in the test. */
      if (maps[m].stages > 1)
        g_assert_cmpuint (n_spanning, >, 0);

      g_assert_true (waymark_scene_update (scene));
      assert_scene_sane (scene);
    }
}

/*
 * /waymark/layout/span
 */
static void
test_layout_span (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
  WaymarkLane *actions = lane_of_kind (document, "actions");
  WaymarkCard *wide, *last, *near_end;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutCard *placed;
  const WaymarkLayoutCard *cards;
  guint n_stages, n_cards, n_beside = 0;

  /* Three stages from the second, at the end of its cell: it must start
   * below every card of the three cells it covers. */
  wide = waymark_edit_add_card (document, id_of (stage_at (document, 1)), id_of (actions), -1, "Three stages wide");
  waymark_document_set (document, wide, "span", 3, NULL);
  /* Spans past the last stage are clamped. */
  last = waymark_edit_add_card (document, id_of (stage_at (document, 5)), id_of (actions), 0, "In the last stage");
  waymark_document_set (document, last, "span", 3, NULL);
  near_end = waymark_edit_add_card (document, id_of (stage_at (document, 4)), id_of (actions), 0, "Near the end");
  waymark_document_set (document, near_end, "span", 10000, NULL);

  g_assert_true (waymark_layout_update (layout));
  assert_layout_sane (layout);
  stages = waymark_layout_get_stages (layout, &n_stages);
  cards = waymark_layout_get_cards (layout, &n_cards);
  g_assert_cmpuint (n_stages, ==, 6);

  placed = placed_card (layout, wide);
  g_assert_cmpuint (placed->stage_index, ==, 1);
  g_assert_cmpuint (placed->span, ==, 3);
  g_assert_cmpfloat_with_epsilon (placed->rect.x, stages[1].x + WAYMARK_LAYOUT_CELL_PADDING, EPS);
  g_assert_cmpfloat_with_epsilon (placed->rect.width,
                                  stages[1].width + stages[2].width + stages[3].width - 2 * WAYMARK_LAYOUT_CELL_PADDING,
                                  EPS);

  /* Nothing else in the three cells it covers overlaps it, and there is
   * something there to overlap. */
  for (guint c = 0; c < n_cards; c++)
    {
      const WaymarkLayoutCard *other = &cards[c];

      if (other == placed || other->lane_index != placed->lane_index)
        continue;
      if (other->stage_index + other->span <= 1 || other->stage_index > 3)
        continue;
      n_beside++;
      g_assert_false (overlaps (&other->rect, &placed->rect));
      /* Cards of the covered stages lie wholly above or below it. */
      g_assert_true (other->rect.y + other->rect.height <= placed->rect.y ||
                     other->rect.y >= placed->rect.y + placed->rect.height);
    }
  g_assert_cmpuint (n_beside, >=, 3);

  placed = placed_card (layout, last);
  g_assert_cmpuint (placed->span, ==, 1);
  g_assert_cmpfloat_with_epsilon (placed->rect.width, stages[5].width - 2 * WAYMARK_LAYOUT_CELL_PADDING, EPS);

  placed = placed_card (layout, near_end);
  g_assert_cmpuint (placed->span, ==, 2);
  g_assert_cmpfloat_with_epsilon (placed->rect.width,
                                  stages[4].width + stages[5].width - 2 * WAYMARK_LAYOUT_CELL_PADDING, EPS);
  /* It covers the last stage too: the card placed there starts below it. */
  g_assert_cmpfloat (placed_card (layout, last)->rect.y, >=, placed->rect.y + placed->rect.height);
}

/*
 * /waymark/layout/every-lane-kind
 *
 * A card in a lane of every kind, the emotion lane too (the editing
 * commands allow it), stays inside its row.
 */
static void
test_layout_every_lane_kind (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
  g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, first_map (document));
  gint64 stage = id_of (stage_at (document, 0));
  gboolean has_emotions = FALSE;

  for (guint l = 0; l < lanes->len; l++)
    {
      WaymarkLane *lane = g_ptr_array_index (lanes, l);

      has_emotions |= g_str_equal (waymark_lane_get_kind (lane), "emotions");
      for (guint i = 0; i < 4; i++)
        waymark_edit_add_card (document, stage, id_of (lane), -1,
                               "A card with a title long enough to wrap over a few lines of its column");
    }
  g_assert_true (has_emotions);

  g_assert_true (waymark_layout_update (layout));
  g_assert_cmpuint (assert_layout_sane (layout), ==, 4 * lanes->len);
}

/*
 * /waymark/layout/nudged-into-emotions
 *
 * Alt+Down on a thought moves it into the emotion lane below.
 */
static void
test_layout_nudged_into_emotions (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(WaymarkLayout) layout = new_layout (document, first_map (document));
  WaymarkLane *emotions = lane_of_kind (document, "emotions");
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  g_autoptr(GPtrArray) thoughts = g_ptr_array_new ();
  guint n_lanes;
  const WaymarkLayoutLane *lanes;
  int l;

  for (guint i = 0; i < cards->len; i++)
    if (waymark_card_get_lane (g_ptr_array_index (cards, i)) == id_of (lane_of_kind (document, "thoughts")))
      g_ptr_array_add (thoughts, g_ptr_array_index (cards, i));
  g_assert_cmpuint (thoughts->len, >=, 3);
  for (guint i = 0; i < thoughts->len; i++)
    {
      g_assert_true (waymark_edit_nudge_card (document, g_ptr_array_index (thoughts, i), 0, 1));
      g_assert_cmpint (waymark_card_get_lane (g_ptr_array_index (thoughts, i)), ==, id_of (emotions));
    }
  /* One stage with all of them. */
  for (guint i = 0; i < thoughts->len; i++)
    while (waymark_edit_nudge_card (document, g_ptr_array_index (thoughts, i), -1, 0))
      ;

  g_assert_true (waymark_layout_update (layout));
  assert_layout_sane (layout);
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  l = waymark_layout_find_lane (layout, id_of (emotions));
  g_assert_cmpfloat (lanes[l].height, >, WAYMARK_LAYOUT_EMOTION_HEIGHT);
}

/* A long title of @n bytes: repeated words, one unbroken word, or many
 * short lines. */
static char *
long_text (const char *unit,
           gsize       n)
{
  GString *text = g_string_sized_new (n + 16);

  while (text->len + strlen (unit) <= n)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

/*
 * /waymark/layout/long-titles
 */
static void
test_layout_long_titles (void)
{
  static const char * const units[] = {
    "journey ", "x", "Customer waits\n", "a\n", "line\r\n", "ünïcödé ", "🚚",
  };
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
  gint64 stage = id_of (stage_at (document, 0));
  gint64 lane = id_of (lane_of_kind (document, "actions"));
  g_autoptr(GPtrArray) long_cards = g_ptr_array_new ();
  WaymarkCard *short_card;
  double line, bound;

  short_card = waymark_edit_add_card (document, stage, lane, -1, "Short");
  for (guint u = 0; u < G_N_ELEMENTS (units); u++)
    {
      g_autofree char *title = long_text (units[u], 10000);

      g_ptr_array_add (long_cards, waymark_edit_add_card (document, stage, lane, -1, title));
    }
  /* Stage and lane titles and bodies are bounded the same way. */
  {
    g_autofree char *lines = long_text ("Stage\n", 10000);
    g_autofree char *words = long_text ("words ", 10000);

    waymark_edit_rename (document, WAYMARK_OBJECT (stage_at (document, 1)), lines);
    waymark_document_set (document, stage_at (document, 1), "description", lines, NULL);
    waymark_edit_rename (document, WAYMARK_OBJECT (lane_of_kind (document, "thoughts")), lines);
    waymark_edit_rename (document, WAYMARK_OBJECT (stage_at (document, 2)), words);
    waymark_document_set (document, g_ptr_array_index (long_cards, 0), "body", lines, NULL);
  }

  g_assert_true (waymark_layout_update (layout));
  assert_layout_sane (layout);

  line = title_line_height (layout, short_card);
  /* Padding above and below, eight lines between. */
  bound = ceil (2 * WAYMARK_LAYOUT_CARD_PADDING + WAYMARK_LAYOUT_TITLE_LINES * line + EPS);
  for (guint i = 0; i < long_cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (long_cards, i);
      const WaymarkLayoutCard *placed = placed_card (layout, card);
      g_autofree char *unit = one_line (units[i]);
      double body = 0;

      g_test_message ("title of “%s”…", unit);
      g_assert_cmpint (pango_layout_get_line_count (placed->title), <=, WAYMARK_LAYOUT_TITLE_LINES);
      g_assert_true (pango_layout_is_ellipsized (placed->title));
      if (placed->body != NULL)
        {
          int h;

          g_assert_cmpint (pango_layout_get_line_count (placed->body), <=, WAYMARK_LAYOUT_BODY_LINES);
          pango_layout_get_size (placed->body, NULL, &h);
          body = 4 + (double) h / PANGO_SCALE;
        }
      /* Emoji come from a taller fallback font: allow for its lines. */
      if (g_str_equal (units[i], "🚚"))
        continue;
      if (placed->rect.height > bound + body)
        g_error ("a card titled %u × “%s” is %g points high, more than %g",
                 (guint) (10000 / strlen (units[i])), unit, placed->rect.height, bound + body);
    }

  /* The map's band too, with a persona quote of many lines and a long scenario. */
  {
    g_autoptr(WaymarkDocument) generated = waymark_generate (10, 3, 2, 1);
    g_autoptr(WaymarkLayout) band = NULL;
    GPtrArray *personas = waymark_document_get_items (generated, WAYMARK_TYPE_PERSONA);
    WaymarkObject *map = waymark_document_lookup (generated, first_map (generated));
    g_autofree char *lines = long_text ("I want it\n", 10000);
    g_autofree char *words = long_text ("scenario ", 10000);

    g_assert_cmpuint (personas->len, ==, 1);
    waymark_document_set (generated, g_ptr_array_index (personas, 0), "quote", lines, "role", lines, NULL);
    waymark_document_set (generated, map, "title", lines, "scenario", words, NULL);
    band = new_layout (generated, id_of (map));
    assert_layout_sane (band);
    g_assert_nonnull (waymark_layout_get_persona_text (band));
    /* Name and role, the quote, the goals, the frustrations: up to four
     * lines each. */
    waymark_document_set (generated, g_ptr_array_index (personas, 0), "goals", lines, "frustrations", words, NULL);
    g_clear_object (&band);
    band = new_layout (generated, id_of (map));
    g_assert_cmpint (pango_layout_get_line_count (waymark_layout_get_persona_text (band)), <=, 4 * 4);
    g_assert_cmpint (pango_layout_get_line_count (waymark_layout_get_title (band)), <=, 2);
    g_assert_cmpint (pango_layout_get_line_count (waymark_layout_get_subtitle (band)), <=, 3);
    g_assert_cmpfloat (waymark_layout_get_title_rect (band)->height, <, 300);
    g_assert_cmpfloat (waymark_layout_get_header_top (band), <, 400);
  }

  /* Headers stay within their line limits too. */
  {
    guint n_stages, n_lanes;
    const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
    const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
    double first_header = stages[0].header.height;

    for (guint s = 1; s <= 2; s++)
      {
        g_assert_cmpint (pango_layout_get_line_count (stages[s].title), <=, 3);
        g_assert_true (pango_layout_is_ellipsized (stages[s].title));
      }
    g_assert_cmpint (pango_layout_get_line_count (stages[1].description), <=, 3);
    g_assert_cmpfloat (first_header, <, 200);
    for (guint l = 0; l < n_lanes; l++)
      {
        g_assert_cmpint (pango_layout_get_line_count (lanes[l].title), <=, 4);
        g_assert_cmpfloat (lanes[l].height, <, 2000);
      }
  }
}

/*
 * /waymark/layout/scripts
 */
static void
test_layout_scripts (void)
{
  static const char * const titles[] = {
    "Ordered 🎁🎉 — delivered 🚚📦 late 😞",
    "👩‍👩‍👧‍👦 family plan, 🏳️‍🌈 and 🇯🇵 flags",
    "تم تأكيد الطلب وسيصل خلال ثلاثة أيام",
    "הלקוח מחכה לשיחה חוזרת מהתמיכה",
    "Mixed: الطلب order 123 הזמנה done",
    "購入手続きが完了しました。配送状況をアプリで確認します。",
    "고객이 앱에서 주문 상태를 확인합니다",
    "订单已发货，预计三天内送达",
    "e\xcc\x81\xcc\x81\xcc\x81 Z\xcd\x91\xcd\x97\xcd\x91 combining marks",
    "\xe2\x80\x8f\xe2\x80\xae reversed \xe2\x80\xac mark",
  };
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
  g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, first_map (document));

  /* Every title in one cell, and spread over the grid. */
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_ptr_array_add (added, waymark_edit_add_card (document, id_of (stage_at (document, 0)),
                                                     id_of (lane_of_kind (document, "touchpoints")), -1, titles[i]));
      g_ptr_array_add (added, waymark_edit_add_card (document, id_of (stage_at (document, i % 3)),
                                                     id_of (g_ptr_array_index (lanes, i % lanes->len)), -1, titles[i]));
    }
  waymark_edit_rename (document, WAYMARK_OBJECT (stage_at (document, 1)), titles[2]);
  waymark_edit_rename (document, WAYMARK_OBJECT (lane_of_kind (document, "actions")), titles[5]);

  /* A Hebrew owner's name in a card's footer. */
  waymark_document_set (document, g_ptr_array_index (added, 2 * 3), "owner", "דנה כהן", "status", "in progress", NULL);

  g_assert_true (waymark_layout_update (layout));
  g_assert_cmpuint (assert_layout_sane (layout), ==, added->len);

  for (guint i = 0; i < added->len; i++)
    {
      const WaymarkLayoutCard *placed = placed_card (layout, g_ptr_array_index (added, i));
      PangoRectangle ink, logical;

      g_assert_cmpfloat (placed->rect.width, >, 0);
      g_assert_cmpfloat (placed->rect.height, >, 0);
      pango_layout_get_extents (placed->title, &ink, &logical);
      g_assert_cmpint (logical.width, >, 0);
      g_assert_cmpint (logical.height, >, 0);
      g_assert_cmpint (ink.width, >, 0);
      g_assert_cmpint (ink.height, >, 0);
      /* Nothing is drawn wider than the card's text column. */
      g_assert_cmpfloat ((double) logical.width / PANGO_SCALE, <=, placed->rect.width);
    }

  /* Arabic and Hebrew titles run right to left and end against their
   * card's right edge; an English one starts against the left. */
  for (guint i = 0; i < 4; i++)
    {
      const WaymarkLayoutCard *placed = placed_card (layout, g_ptr_array_index (added, 2 * i));
      int last = pango_layout_get_line_count (placed->title) - 1;
      int width = pango_layout_get_width (placed->title);
      PangoRectangle line;

      if (i == 1)
        continue;
      g_assert_cmpint (width, >, 0);
      {
        PangoLayoutIter *iter = pango_layout_get_iter (placed->title);

        while (pango_layout_iter_next_line (iter))
          ;
        pango_layout_iter_get_line_extents (iter, NULL, &line);
        pango_layout_iter_free (iter);
      }
      g_assert_cmpint (line.width, <, width);
      if (i == 0)
        {
          g_assert_cmpint (pango_layout_get_line_readonly (placed->title, last)->resolved_dir, ==, PANGO_DIRECTION_LTR);
          g_assert_cmpint (line.x, ==, 0);
        }
      else
        {
          g_assert_cmpint (pango_layout_get_line_readonly (placed->title, last)->resolved_dir, ==, PANGO_DIRECTION_RTL);
          g_assert_cmpint (line.x + line.width, ==, width);
        }
    }
  /* …but the footer's label stays beside its icon, at the left. */
  {
    const WaymarkLayoutCard *placed = placed_card (layout, g_ptr_array_index (added, 2 * 3));
    PangoRectangle line;

    g_assert_nonnull (placed->footer);
    /* The status is a key, shown by its name. */
    g_assert_cmpstr (pango_layout_get_text (placed->footer), ==, "דנה כהן · In Progress");
    pango_layout_get_pixel_extents (placed->footer, NULL, &line);
    g_assert_cmpint (line.width, <, pango_layout_get_width (placed->footer) / PANGO_SCALE);
    g_assert_cmpint (line.x, ==, 0);
  }

  g_assert_true (waymark_scene_update (scene));
  assert_scene_sane (scene);
}

/*
 * /waymark/layout/empty-map
 */
/* Each status of an opportunity has its own shape (not only a colour):
 * a dashed ring, a ring, a half-filled ring, a filled ring; an owner
 * without a status, a person. */
static void
test_scene_statuses (void)
{
  static const char * const statuses[] = { "idea", "planned", "in progress", "done", "" };
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  WaymarkMap *map = waymark_document_get_first_map (document);
  g_autoptr(WaymarkLayout) layout = new_layout (document, id_of (map));
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(GPtrArray) signatures = g_ptr_array_new_with_free_func (g_free);
  gint64 cards[G_N_ELEMENTS (statuses)];

  /* Blank template: stages 101.., lane 216 is the opportunities lane. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    cards[i] = id_of (waymark_document_add (document, WAYMARK_TYPE_CARD, "stage", (gint64) 101, "lane", (gint64) 216,
                                            "position", (int) i, "kind", "opportunity", "title", statuses[i],
                                            "status", statuses[i], "owner", "Checkout team", NULL));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      int index = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_CARD, cards[i]);
      const WaymarkSceneItem *item;
      GString *signature = g_string_new (NULL);

      g_assert_cmpint (index, >=, 0);
      item = waymark_scene_get_item (scene, index);
      for (guint k = 0; k < item->ops->len; k++)
        {
          const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, k);

          if (op->type == WAYMARK_SCENE_OP_PATH)
            g_string_append_printf (signature, "[fill %d stroke %d dash %d parts %d]", op->fill.alpha > 0,
                                    op->stroke.alpha > 0, op->dash > 0, op->path->num_data);
        }
      g_test_message ("%s: %s", statuses[i], signature->str);
      for (guint k = 0; k < signatures->len; k++)
        g_assert_cmpstr (g_ptr_array_index (signatures, k), !=, signature->str);
      g_ptr_array_add (signatures, g_string_free (signature, FALSE));
    }
}

/* The persona on the map says what it wants and what gets in its way. */
static void
test_layout_persona_goals (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkMap *map = waymark_document_get_first_map (document);
  g_autoptr(WaymarkLayout) layout = new_layout (document, id_of (map));
  WaymarkPersona *persona = waymark_layout_get_persona (layout);
  const char *text;
  g_auto(GStrv) goals = NULL;
  g_auto(GStrv) frustrations = NULL;

  g_assert_nonnull (persona);
  text = pango_layout_get_text (waymark_layout_get_persona_text (layout));
  goals = g_strsplit (waymark_persona_get_goals (persona), "\n", -1);
  frustrations = g_strsplit (waymark_persona_get_frustrations (persona), "\n", -1);
  g_assert_nonnull (goals[0]);
  g_assert_nonnull (frustrations[0]);
  g_assert_nonnull (strstr (text, "Goals"));
  g_assert_nonnull (strstr (text, "Frustrations"));
  for (guint i = 0; goals[i] != NULL; i++)
    g_assert_nonnull (strstr (text, g_strstrip (goals[i])));
  for (guint i = 0; frustrations[i] != NULL; i++)
    g_assert_nonnull (strstr (text, g_strstrip (frustrations[i])));
}

static void
test_layout_empty_map (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  WaymarkObject *map = waymark_document_add (document, WAYMARK_TYPE_MAP, "position", 1, "title", "", NULL);
  g_autoptr(WaymarkLayout) layout = new_layout (document, id_of (map));
  g_autoptr(WaymarkLayout) nowhere = new_layout (document, 987654);
  g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
  g_autoptr(WaymarkScene) nothing = waymark_scene_new (nowhere, waymark_theme_get_light ());
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  WaymarkRect everything = { -1e6, -1e6, 2e6, 2e6 };
  guint n_stages, n_lanes, n_cards, n_emotions;
  double width, height;
  guint s, l;

  assert_layout_sane (layout);
  waymark_layout_get_stages (layout, &n_stages);
  waymark_layout_get_lanes (layout, &n_lanes);
  waymark_layout_get_cards (layout, &n_cards);
  waymark_layout_get_emotions (layout, &n_emotions);
  g_assert_cmpuint (n_stages + n_lanes + n_cards + n_emotions, ==, 0);
  waymark_layout_get_size (layout, &width, &height);
  g_assert_cmpfloat (width, <, 2000);
  g_assert_cmpfloat (height, <, 1000);
  g_assert_false (waymark_layout_cell_at (layout, width / 2, height / 2, &s, &l));
  g_assert_cmpuint (s, ==, G_MAXUINT);
  g_assert_cmpuint (l, ==, G_MAXUINT);

  g_assert_true (waymark_scene_update (scene));
  assert_scene_sane (scene);
  waymark_scene_query (scene, WAYMARK_SCENE_LAYER_BODY, &everything, indices);
  for (guint i = 0; i < indices->len; i++)
    g_assert_cmpint (waymark_scene_get_item (scene, g_array_index (indices, guint, i))->role, ==,
                     WAYMARK_SCENE_ROLE_TITLE);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, 1, 1), ==, -1);
  {
    g_autoptr(cairo_surface_t) surface = render (scene);
  }

  /* A map that is not there has nothing at all. */
  waymark_layout_get_size (nowhere, &width, &height);
  g_assert_cmpfloat (width, ==, 0);
  g_assert_cmpfloat (height, ==, 0);
  g_assert_true (waymark_scene_update (nothing));
  g_assert_cmpuint (waymark_scene_get_n_items (nothing), ==, 0);
  g_assert_cmpint (waymark_scene_hit (nothing, WAYMARK_SCENE_LAYER_BODY, 10, 10), ==, -1);
  g_array_set_size (indices, 0);
  waymark_scene_query (nothing, WAYMARK_SCENE_LAYER_BODY, &everything, indices);
  g_assert_cmpuint (indices->len, ==, 0);

  /* A stage and a lane appear in the empty map once added. */
  waymark_edit_add_stage (document, id_of (map), -1, "Only stage");
  g_assert_true (waymark_layout_update (layout));
  assert_layout_sane (layout);
  waymark_edit_add_lane (document, id_of (map), -1, "Only lane", "notes");
  g_assert_true (waymark_layout_update (layout));
  assert_layout_sane (layout);
  g_assert_true (waymark_scene_update (scene));
  assert_scene_sane (scene);
  waymark_layout_get_stages (layout, &n_stages);
  waymark_layout_get_lanes (layout, &n_lanes);
  g_assert_cmpuint (n_stages, ==, 1);
  g_assert_cmpuint (n_lanes, ==, 1);
}

/*
 * /waymark/layout/300-stages
 */
static void
test_layout_300_stages (void)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (600, 300, 4, 300);
  g_autoptr(WaymarkLayout) layout = new_layout (document, first_map (document));
  g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  g_autoptr(cairo_surface_t) surface = NULL;
  g_autoptr(cairo_t) cr = NULL;
  double width, height, sum = 0;
  WaymarkRect area;

  assert_layout_sane (layout);
  g_assert_cmpuint (n_stages, ==, 300);
  waymark_layout_get_lanes (layout, &n_lanes);
  g_assert_cmpuint (n_lanes, ==, 4);

  for (guint s = 0; s < n_stages; s++)
    sum += stages[s].width;
  waymark_layout_get_size (layout, &width, &height);
  g_assert_cmpfloat_with_epsilon (stages[299].x + stages[299].width,
                                  WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER + sum, EPS);
  g_assert_cmpfloat (width, >=, WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER + sum);
  g_assert_cmpfloat (width, <=, 2 * WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER + sum + 1);
  g_assert_cmpfloat (height, <, 10000);

  g_assert_true (waymark_scene_update (scene));
  assert_scene_sane (scene);

  /* The last stage's column: its header, its cards. */
  area = (WaymarkRect) { stages[299].x, 0, stages[299].width, height };
  waymark_scene_query (scene, WAYMARK_SCENE_LAYER_STAGE_HEADERS, &area, indices);
  g_assert_cmpuint (indices->len, ==, 1);
  g_assert_cmpint (waymark_scene_get_item (scene, g_array_index (indices, guint, 0))->object, ==,
                   id_of (stages[299].stage));

  /* Drawing only a window near the end, as the canvas does. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cr = cairo_create (surface);
  cairo_translate (cr, -(stages[299].x - 100), 0);
  area = (WaymarkRect) { stages[299].x - 100, 0, 400, 300 };
  waymark_painter_draw_scene (cr, scene, &area);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
}

/*
 * /waymark/layout/comment-marker — a card with comments has a marker and
 * says how many; adding or removing one changes that card alone.
 */
static void
test_layout_comment_marker (Fixture       *fixture,
                            gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Guest checkout");
  gint64 id = id_of (card);
  const WaymarkLayoutCard *placed;
  const WaymarkSceneItem *item;
  WaymarkObject *comment;
  guint serial;

  placed = waymark_layout_find_card (fixture->layout, id);
  g_assert_cmpuint (placed->n_comments, ==, 0);
  serial = placed->serial;

  comment = waymark_document_add (fixture->document, WAYMARK_TYPE_COMMENT, "card", id, "author", "Ana",
                                  "body", "Too many steps", "created", "2026-12-01T10:00:00Z", NULL);
  waymark_document_add (fixture->document, WAYMARK_TYPE_COMMENT, "card", id, "author", "Ben",
                        "body", "Add Apple Pay", "created", "2026-12-01T10:05:00Z", NULL);
  g_assert_true (waymark_scene_update (fixture->scene));
  placed = waymark_layout_find_card (fixture->layout, id);
  g_assert_cmpuint (placed->n_comments, ==, 2);
  g_assert_cmpuint (placed->serial, !=, serial);
  item = waymark_scene_get_item (fixture->scene, waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id));
  g_assert_true (g_str_has_suffix (item->description, "\n2 comments"));

  waymark_document_remove (fixture->document, comment);
  g_assert_true (waymark_scene_update (fixture->scene));
  placed = waymark_layout_find_card (fixture->layout, id);
  g_assert_cmpuint (placed->n_comments, ==, 1);
  item = waymark_scene_get_item (fixture->scene, waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id));
  g_assert_true (g_str_has_suffix (item->description, "\n1 comment"));
}

/*
 * /waymark/layout/incremental-title
 */
static void
test_layout_incremental_title (Fixture       *fixture,
                               gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Instagram gift guide ad");
  WaymarkCard *below = card_titled (fixture->document, "Search results page");
  g_autoptr(Serials) before = take_serials (fixture);
  double below_y = placed_card (fixture->layout, below)->rect.y;
  int index;

  /* Nothing changed: nothing to do. */
  g_assert_false (waymark_layout_update (fixture->layout));
  g_assert_false (waymark_scene_update (fixture->scene));

  /* A longer title makes the card taller and pushes the one below it down. */
  waymark_edit_set_card_title (fixture->document, card,
                               "Instagram gift guide ad, seen three times on the way to work and saved for later");
  g_assert_true (waymark_layout_update (fixture->layout));
  g_assert_false (waymark_layout_update (fixture->layout));
  g_assert_true (waymark_scene_update (fixture->scene));
  g_assert_false (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);

  g_assert_cmpuint (assert_only_changed (fixture, before, card), >=, 1);
  g_assert_cmpfloat (placed_card (fixture->layout, below)->rect.y, >, below_y);
  g_assert_cmpuint (placed_card (fixture->layout, below)->serial, ==, layout_serial (before, below));
  index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id_of (below));
  g_assert_cmpuint (waymark_scene_get_item (fixture->scene, index)->serial, ==, scene_serial (before, below));
  /* The item moved with its card: its operations are relative to it. */
  g_assert_cmpfloat (waymark_scene_get_item (fixture->scene, index)->bounds.y, ==,
                     placed_card (fixture->layout, below)->rect.y);
  index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id_of (card));
  g_assert_true (g_str_has_suffix (waymark_scene_get_item (fixture->scene, index)->label, "saved for later"));

  /* Setting the same title again changes nothing anyone sees. */
  g_clear_pointer (&before, serials_free);
  before = take_serials (fixture);
  {
    g_autofree char *same = g_strdup (waymark_card_get_title (card));

    waymark_edit_set_card_title (fixture->document, card, same);
  }
  waymark_scene_update (fixture->scene);
  assert_only_changed (fixture, before, NULL);

  /* Undo brings the old title back with a new look. */
  g_assert_true (waymark_document_undo (fixture->document));
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_only_changed (fixture, before, card);
  g_assert_cmpfloat (placed_card (fixture->layout, below)->rect.y, ==, below_y);
  assert_layout_sane (fixture->layout);
}

/*
 * /waymark/layout/incremental-move
 */
static void
test_layout_incremental_move (Fixture       *fixture,
                              gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Search results page");
  WaymarkLane *backstage = lane_of_kind (fixture->document, "backstage");
  g_autoptr(Serials) before = take_serials (fixture);
  g_autoptr(GPtrArray) moving = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const WaymarkLayoutCard *placed = placed_card (fixture->layout, card);
  WaymarkRect was = placed->rect;
  int index;

  /* Up its cell: it moves, its look does not change. */
  g_ptr_array_add (moving, card);
  g_assert_true (waymark_edit_move_cards (fixture->document, moving, waymark_card_get_stage (card),
                                          waymark_card_get_lane (card), 0, &error));
  g_assert_no_error (error);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  placed = placed_card (fixture->layout, card);
  g_assert_cmpuint (placed->index, ==, 0);
  g_assert_cmpfloat (placed->rect.y, <, was.y);
  g_assert_cmpuint (assert_only_changed (fixture, before, NULL), >=, 2);

  /* To another lane in the same stage. */
  g_assert_true (waymark_edit_move_cards (fixture->document, moving, waymark_card_get_stage (card),
                                          id_of (backstage), -1, &error));
  g_assert_no_error (error);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  placed = placed_card (fixture->layout, card);
  g_assert_cmpuint (placed->lane_index, ==, waymark_layout_find_lane (fixture->layout, id_of (backstage)));
  g_assert_cmpfloat (placed->rect.width, ==, was.width);
  assert_only_changed (fixture, before, NULL);
  index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id_of (card));
  assert_rect_equal (&(WaymarkRect) { placed->rect.x, placed->rect.y, placed->rect.width,
                                      waymark_scene_get_item (fixture->scene, index)->bounds.height },
                     &waymark_scene_get_item (fixture->scene, index)->bounds);
  g_assert_cmpint (waymark_scene_hit (fixture->scene, WAYMARK_SCENE_LAYER_BODY,
                                      placed->rect.x + placed->rect.width / 2,
                                      placed->rect.y + placed->rect.height / 2), ==, index);
}

/*
 * /waymark/layout/incremental-look
 */
static void
test_layout_incremental_look (Fixture       *fixture,
                              gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Compares three kits");
  g_autoptr(Serials) before = take_serials (fixture);
  guint n_comments = waymark_document_get_items (fixture->document, WAYMARK_TYPE_COMMENT)->len;

  /* A colour. */
  waymark_edit_set_color (fixture->document, WAYMARK_OBJECT (card), "#d55e00");
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_only_changed (fixture, before, card);

  /* A kind. */
  g_clear_pointer (&before, serials_free);
  before = take_serials (fixture);
  waymark_document_set (fixture->document, card, "kind", "pain-point", NULL);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_only_changed (fixture, before, card);

  /* A body. */
  g_clear_pointer (&before, serials_free);
  before = take_serials (fixture);
  waymark_document_set (fixture->document, card, "body", "Another body", NULL);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_only_changed (fixture, before, card);

  /* A comment: the card's marker, that card alone. */
  g_clear_pointer (&before, serials_free);
  before = take_serials (fixture);
  waymark_document_add (fixture->document, WAYMARK_TYPE_COMMENT, "card", id_of (card), "body", "Hm", NULL);
  g_assert_cmpuint (waymark_document_get_items (fixture->document, WAYMARK_TYPE_COMMENT)->len, ==, n_comments + 1);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_only_changed (fixture, before, card);

  /* Another theme redraws every card. */
  g_clear_pointer (&before, serials_free);
  before = take_serials (fixture);
  waymark_scene_set_theme (fixture->scene, waymark_theme_get_dark ());
  g_assert_true (waymark_scene_update (fixture->scene));
  {
    g_autoptr(Serials) after = take_serials (fixture);
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, before->scene);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (after->scene, key)), !=, GPOINTER_TO_UINT (value));
  }
}

/*
 * /waymark/layout/resize-stage
 */
static void
test_layout_resize_stage (Fixture       *fixture,
                          gconstpointer  data)
{
  WaymarkStage *stage = stage_at (fixture->document, 1);
  WaymarkCard *card = card_titled (fixture->document, "Compares three kits");
  const WaymarkLayoutStage *stages;
  guint n_stages;
  double next_x, width, map_width, new_map_width;

  stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  width = stages[1].width;
  next_x = stages[2].x;
  waymark_layout_get_size (fixture->layout, &map_width, NULL);
  g_assert_cmpfloat (width, !=, 400);

  waymark_edit_resize_stage (fixture->document, stage, 400);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  assert_scene_sane (fixture->scene);
  stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  g_assert_cmpfloat (stages[1].width, ==, 400);
  g_assert_cmpfloat (stages[2].x, ==, next_x + 400 - width);
  g_assert_cmpfloat (placed_card (fixture->layout, card)->rect.width, ==, 400 - 2 * WAYMARK_LAYOUT_CELL_PADDING);
  waymark_layout_get_size (fixture->layout, &new_map_width, NULL);
  g_assert_cmpfloat (new_map_width, ==, map_width + 400 - width);

  /* Beyond the limits. */
  waymark_edit_resize_stage (fixture->document, stage, 5);
  g_assert_true (waymark_layout_update (fixture->layout));
  assert_layout_sane (fixture->layout);
  stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  g_assert_cmpfloat (stages[1].width, ==, WAYMARK_LAYOUT_STAGE_MIN);

  waymark_edit_resize_stage (fixture->document, stage, 1e9);
  g_assert_true (waymark_layout_update (fixture->layout));
  assert_layout_sane (fixture->layout);
  stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  g_assert_cmpfloat (stages[1].width, ==, WAYMARK_LAYOUT_STAGE_MAX);

  /* Back to automatic. */
  waymark_edit_resize_stage (fixture->document, stage, 0);
  g_assert_true (waymark_scene_update (fixture->scene));
  stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  g_assert_cmpfloat (stages[1].width, ==, width);
  assert_scene_sane (fixture->scene);
}

/*
 * /waymark/layout/collapsed-lane
 */
static void
test_layout_collapsed_lane (Fixture       *fixture,
                            gconstpointer  data)
{
  WaymarkLane *actions = lane_of_kind (fixture->document, "actions");
  int l = waymark_layout_find_lane (fixture->layout, id_of (actions));
  guint n_lanes, n_cards, n_hidden = 0;
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (fixture->layout, &n_lanes);
  const WaymarkLayoutCard *cards;
  double open_height = lanes[l].height;
  double next_y = lanes[l + 1].y;
  g_autoptr(Serials) before = take_serials (fixture);
  WaymarkRect cell;
  int hit;

  waymark_document_set (fixture->document, actions, "collapsed", TRUE, NULL);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  assert_scene_sane (fixture->scene);

  lanes = waymark_layout_get_lanes (fixture->layout, &n_lanes);
  cards = waymark_layout_get_cards (fixture->layout, &n_cards);
  g_assert_cmpfloat (lanes[l].height, ==, WAYMARK_LAYOUT_LANE_COLLAPSED);
  g_assert_cmpfloat (lanes[l + 1].y, ==, next_y - open_height + WAYMARK_LAYOUT_LANE_COLLAPSED);
  for (guint c = 0; c < n_cards; c++)
    if (cards[c].lane_index == (guint) l)
      {
        g_assert_cmpfloat (cards[c].rect.height, ==, 0);
        g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD,
                                                  id_of (cards[c].card)), ==, -1);
        n_hidden++;
      }
    else
      g_assert_cmpfloat (cards[c].rect.height, >, 0);
  g_assert_cmpuint (n_hidden, ==, 7);
  g_assert_cmpuint (lanes[l].n_cards, ==, n_hidden);

  /* A click on the collapsed lane finds the lane. */
  cell = waymark_layout_get_cell_rect (fixture->layout, 1, l);
  hit = waymark_scene_hit (fixture->scene, WAYMARK_SCENE_LAYER_BODY, cell.x + cell.width / 2, cell.y + cell.height / 2);
  g_assert_cmpint (hit, >=, 0);
  g_assert_cmpint (waymark_scene_get_item (fixture->scene, hit)->role, ==, WAYMARK_SCENE_ROLE_LANE_ROW);
  g_assert_cmpint (waymark_scene_get_item (fixture->scene, hit)->object, ==, id_of (actions));

  /* Open again: the same heights as before. */
  waymark_document_set (fixture->document, actions, "collapsed", FALSE, NULL);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  lanes = waymark_layout_get_lanes (fixture->layout, &n_lanes);
  g_assert_cmpfloat (lanes[l].height, ==, open_height);
  g_assert_cmpfloat (lanes[l + 1].y, ==, next_y);
  {
    g_autoptr(Serials) after = take_serials (fixture);

    g_assert_cmpuint (g_hash_table_size (after->layout), ==, g_hash_table_size (before->layout));
  }
}

/*
 * /waymark/layout/text-scale
 */
static void
test_layout_text_scale (Fixture       *fixture,
                        gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Compares three kits");
  double height = placed_card (fixture->layout, card)->rect.height;
  guint serial = placed_card (fixture->layout, card)->serial;

  waymark_layout_set_text_scale (fixture->layout, 2.0);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  assert_scene_sane (fixture->scene);
  g_assert_cmpfloat (placed_card (fixture->layout, card)->rect.height, >, height);
  g_assert_cmpuint (placed_card (fixture->layout, card)->serial, !=, serial);

  waymark_layout_set_text_scale (fixture->layout, 2.0);
  g_assert_false (waymark_layout_update (fixture->layout));
  waymark_layout_set_text_scale (fixture->layout, 1.0);
  g_assert_true (waymark_layout_update (fixture->layout));
  g_assert_cmpfloat (placed_card (fixture->layout, card)->rect.height, ==, height);
}

/*
 * /waymark/layout/emotions
 */
static void
test_layout_emotions (Fixture       *fixture,
                      gconstpointer  data)
{
  WaymarkLane *lane = lane_of_kind (fixture->document, "emotions");
  guint l = (guint) waymark_layout_find_lane (fixture->layout, id_of (lane));
  guint n_emotions, n_stages, n_lanes;
  const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (fixture->layout, &n_emotions);
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (fixture->layout, &n_lanes);
  const WaymarkLayoutLane *row = &lanes[l];
  double top = waymark_layout_emotion_y (fixture->layout, l, 3);
  double bottom = waymark_layout_emotion_y (fixture->layout, l, -3);
  gboolean scores[7] = { FALSE, };
  guint n_seen = 0;

  g_assert_cmpuint (n_emotions, ==, n_stages);
  for (guint e = 0; e < n_emotions; e++)
    {
      g_assert_cmpuint (emotions[e].lane_index, ==, l);
      g_assert_cmpfloat_with_epsilon (emotions[e].x, stages[emotions[e].stage_index].x +
                                      stages[emotions[e].stage_index].width / 2, EPS);
      g_assert_cmpfloat (emotions[e].y, >=, top - EPS);
      g_assert_cmpfloat (emotions[e].y, <=, bottom + EPS);
      scores[emotions[e].score + 3] = TRUE;

      /* Higher scores higher up; equal scores level. */
      for (guint f = 0; f < n_emotions; f++)
        if (emotions[e].score > emotions[f].score)
          g_assert_cmpfloat (emotions[e].y, <, emotions[f].y);
        else if (emotions[e].score == emotions[f].score)
          g_assert_cmpfloat (emotions[e].y, ==, emotions[f].y);
    }
  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    n_seen += scores[i];
  g_assert_cmpuint (n_seen, >=, 4);

  /* The scale runs top to bottom inside the row and inverts exactly. */
  g_assert_cmpfloat (top, >, row->y);
  g_assert_cmpfloat (bottom, <, row->y + row->height);
  g_assert_cmpfloat (top, <, bottom);
  for (double score = -3; score <= 3; score += 0.25)
    {
      double y = waymark_layout_emotion_y (fixture->layout, l, score);

      g_assert_cmpfloat_with_epsilon (waymark_layout_emotion_score_at (fixture->layout, l, y), score, 1e-9);
      if (score > -3)
        g_assert_cmpfloat (y, <, waymark_layout_emotion_y (fixture->layout, l, score - 0.25));
    }
  g_assert_cmpfloat (waymark_layout_emotion_y (fixture->layout, l, 10), ==, top);
  g_assert_cmpfloat (waymark_layout_emotion_y (fixture->layout, l, -10), ==, bottom);
  g_assert_cmpfloat (waymark_layout_emotion_score_at (fixture->layout, l, row->y), ==, 3);
  g_assert_cmpfloat (waymark_layout_emotion_score_at (fixture->layout, l, row->y + row->height), ==, -3);

  /* A new score moves its point to the new height. */
  waymark_edit_set_emotion (fixture->document, id_of (lane), id_of (stage_at (fixture->document, 1)), -3);
  g_assert_true (waymark_scene_update (fixture->scene));
  assert_layout_sane (fixture->layout);
  emotions = waymark_layout_get_emotions (fixture->layout, &n_emotions);
  for (guint e = 0; e < n_emotions; e++)
    if (emotions[e].stage_index == 1)
      {
        int index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_EMOTION_POINT,
                                             id_of (emotions[e].emotion));
        const WaymarkSceneItem *item;

        g_assert_cmpint (emotions[e].score, ==, -3);
        g_assert_cmpfloat (emotions[e].y, ==, bottom);
        g_assert_cmpint (index, >=, 0);
        item = waymark_scene_get_item (fixture->scene, index);
        g_assert_true (contains (&item->bounds, emotions[e].x, emotions[e].y));
        g_assert_cmpint (waymark_scene_hit (fixture->scene, WAYMARK_SCENE_LAYER_BODY,
                                            emotions[e].x, emotions[e].y), ==, index);
      }
}

/* Scene */

/*
 * /waymark/scene/cell-at
 */
static void
test_scene_cell_at (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      g_autoptr(WaymarkDocument) document = new_document (templates[t]);
      g_autoptr(WaymarkLayout) layout = new_layout (document, first_map (document));
      guint n_stages, n_lanes;
      const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
      const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
      double left = stages[0].x, right = stages[n_stages - 1].x + stages[n_stages - 1].width;
      double top = lanes[0].y, bottom = lanes[n_lanes - 1].y + lanes[n_lanes - 1].height;
      guint s, l;

      for (guint i = 0; i < n_stages; i++)
        for (guint j = 0; j < n_lanes; j++)
          {
            WaymarkRect cell = waymark_layout_get_cell_rect (layout, i, j);
            const double points[][2] = {
              { cell.x + cell.width / 2, cell.y + cell.height / 2 },
              { cell.x, cell.y },
              { cell.x + cell.width - 0.01, cell.y + cell.height - 0.01 },
              { cell.x + 0.5, cell.y + cell.height - 0.5 },
            };

            g_assert_cmpfloat (cell.x, ==, stages[i].x);
            g_assert_cmpfloat (cell.width, ==, stages[i].width);
            g_assert_cmpfloat (cell.y, ==, lanes[j].y);
            g_assert_cmpfloat (cell.height, ==, lanes[j].height);
            for (guint p = 0; p < G_N_ELEMENTS (points); p++)
              {
                s = l = 12345;
                g_assert_true (waymark_layout_cell_at (layout, points[p][0], points[p][1], &s, &l));
                g_assert_cmpuint (s, ==, i);
                g_assert_cmpuint (l, ==, j);
              }
          }

      /* Outside the grid on each side; the other axis still answers. */
      g_assert_false (waymark_layout_cell_at (layout, left - 1, top + 1, &s, &l));
      g_assert_cmpuint (s, ==, G_MAXUINT);
      g_assert_cmpuint (l, ==, 0);
      g_assert_false (waymark_layout_cell_at (layout, right, bottom - 1, &s, &l));
      g_assert_cmpuint (s, ==, G_MAXUINT);
      g_assert_cmpuint (l, ==, n_lanes - 1);
      g_assert_false (waymark_layout_cell_at (layout, left + 1, top - 1, &s, &l));
      g_assert_cmpuint (s, ==, 0);
      g_assert_cmpuint (l, ==, G_MAXUINT);
      g_assert_false (waymark_layout_cell_at (layout, right - 1, bottom, &s, &l));
      g_assert_cmpuint (s, ==, n_stages - 1);
      g_assert_cmpuint (l, ==, G_MAXUINT);
      g_assert_false (waymark_layout_cell_at (layout, -1e9, -1e9, NULL, NULL));
      g_assert_false (waymark_layout_cell_at (layout, 1e9, 1e9, NULL, NULL));
    }
}

/* Hits on every card, every empty cell and every header of @scene. */
static void
assert_hits (WaymarkScene *scene)
{
  WaymarkLayout *layout = waymark_scene_get_layout (scene);
  guint n_stages, n_lanes, n_cards, n_empty = 0;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  double width, height;

  for (guint c = 0; c < n_cards; c++)
    {
      const WaymarkRect *r = &cards[c].rect;
      int hit;

      if (r->height <= 0)
        continue;
      hit = waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, r->x + r->width / 2, r->y + r->height / 2);
      g_assert_cmpint (hit, >=, 0);
      g_assert_cmpint (hit, ==, waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_CARD, id_of (cards[c].card)));
      /* Its top left corner too. */
      hit = waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, r->x + 1, r->y + 1);
      g_assert_cmpint (hit, ==, waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_CARD, id_of (cards[c].card)));
    }

  /* The left edge of each cell, between the grid line and the cards, and
   * the bottom of each cell, below the last card, belong to the lane row,
   * unless a card spanning stages or an emotion point lies there. */
  for (guint s = 0; s < n_stages; s++)
    for (guint l = 0; l < n_lanes; l++)
      {
        WaymarkRect cell = waymark_layout_get_cell_rect (layout, s, l);
        int row = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_LANE_ROW, id_of (lanes[l].lane));
        const double points[][2] = {
          { cell.x + 4, cell.y + cell.height / 2 },
          { cell.x + cell.width / 2, cell.y + cell.height - 3 },
        };

        for (guint p = 0; p < G_N_ELEMENTS (points); p++)
          {
            gboolean covered = FALSE;

            for (guint i = 0; i < waymark_scene_get_n_items (scene) && !covered; i++)
              {
                const WaymarkSceneItem *item = waymark_scene_get_item (scene, i);

                if (item->layer == WAYMARK_SCENE_LAYER_BODY && item->role != WAYMARK_SCENE_ROLE_LANE_ROW &&
                    item->role != WAYMARK_SCENE_ROLE_EMOTION_CURVE && item->role != WAYMARK_SCENE_ROLE_CONNECTOR)
                  covered = contains (&item->bounds, points[p][0], points[p][1]);
              }
            if (covered)
              continue;
            g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, points[p][0], points[p][1]), ==, row);
            n_empty++;
          }
      }
  if (n_stages > 0 && n_lanes > 0)
    g_assert_cmpuint (n_empty, >, 0);

  for (guint s = 0; s < n_stages; s++)
    {
      const WaymarkRect *h = &stages[s].header;

      g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_STAGE_HEADERS,
                                          h->x + h->width / 2, h->y + h->height / 2), ==,
                       waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_STAGE_HEADER, id_of (stages[s].stage)));
    }
  for (guint l = 0; l < n_lanes; l++)
    {
      const WaymarkRect *h = &lanes[l].header;

      g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_LANE_HEADERS,
                                          h->x + h->width / 2, h->y + h->height / 2), ==,
                       waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_LANE_HEADER, id_of (lanes[l].lane)));
    }

  /* Nothing in the margins. */
  waymark_scene_get_size (scene, &width, &height);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, 1, 1), ==, -1);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, width - 1, height - 1), ==, -1);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, -50, -50), ==, -1);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, width + 1e6, height + 1e6), ==, -1);
  g_assert_cmpint (waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_STAGE_HEADERS, 1, 1), ==, -1);
}

/*
 * /waymark/scene/hit
 */
static void
test_scene_hit (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      g_autoptr(WaymarkDocument) document = new_document (templates[t]);
      g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
      g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());

      g_test_message ("template %s", templates[t]);
      g_assert_true (waymark_scene_update (scene));
      assert_hits (scene);
    }

  {
    g_autoptr(WaymarkDocument) document = waymark_generate (1000, 12, 9, 5);
    g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
    g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());

    g_assert_true (waymark_scene_update (scene));
    assert_hits (scene);
  }
}

static void
assert_query (WaymarkScene      *scene,
              WaymarkSceneLayer  layer,
              const WaymarkRect *area)
{
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));

  /* Something already in the array stays. */
  g_array_append_val (indices, (guint) { 424242 });
  waymark_scene_query (scene, layer, area, indices);

  for (guint i = 0; i < waymark_scene_get_n_items (scene); i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, i);

      if (item->layer == layer && overlaps (&item->bounds, area))
        g_array_append_val (expected, i);
    }

  g_assert_cmpuint (g_array_index (indices, guint, 0), ==, 424242);
  if (indices->len - 1 != expected->len)
    g_error ("query (%g, %g, %g × %g) on layer %d found %u items, a scan of all %u found %u",
             area->x, area->y, area->width, area->height, layer,
             indices->len - 1, waymark_scene_get_n_items (scene), expected->len);
  for (guint k = 0; k < expected->len; k++)
    g_assert_cmpuint (g_array_index (indices, guint, k + 1), ==, g_array_index (expected, guint, k));
}

static void
assert_queries (WaymarkScene *scene,
                guint32       seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double width, height;
  guint n_stages, n_cards;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (waymark_scene_get_layout (scene), &n_stages);
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (waymark_scene_get_layout (scene), &n_cards);

  waymark_scene_get_size (scene, &width, &height);

  /* Random rectangles, small to larger than the map, some past its edges. */
  for (guint i = 0; i < 400; i++)
    {
      double w = g_rand_double (rand) < 0.5 ? g_rand_double_range (rand, 0.01, 64)
                                            : g_rand_double_range (rand, 0.01, width * 1.2);
      double h = g_rand_double (rand) < 0.5 ? g_rand_double_range (rand, 0.01, 64)
                                            : g_rand_double_range (rand, 0.01, height * 1.2);
      WaymarkRect area = {
        g_rand_double_range (rand, -200, width + 100), g_rand_double_range (rand, -200, height + 100), w, h,
      };

      for (WaymarkSceneLayer layer = 0; layer < WAYMARK_SCENE_N_LAYERS; layer++)
        assert_query (scene, layer, &area);
    }

  /* Rectangles on the edges of the buckets, of the cards, of the grid. */
  for (double x = -256; x < width + 512; x += 128)
    for (double y = -256; y < height + 512; y += 128)
      assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &(WaymarkRect) { x, y, 128, 128 });
  for (guint c = 0; c < n_cards; c += 7)
    assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &cards[c].rect);
  for (guint s = 0; s < n_stages; s++)
    assert_query (scene, WAYMARK_SCENE_LAYER_STAGE_HEADERS, &stages[s].header);
  assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &(WaymarkRect) { 0, 0, width, height });
  assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &(WaymarkRect) { -1e12, -1e12, 2e12, 2e12 });
  assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &(WaymarkRect) { width + 1e6, height + 1e6, 10, 10 });
  assert_query (scene, WAYMARK_SCENE_LAYER_BODY, &(WaymarkRect) { -1e6, -1e6, 10, 10 });
}

/*
 * /waymark/scene/query
 */
static void
test_scene_query (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (templates); t++)
    {
      g_autoptr(WaymarkDocument) document = new_document (templates[t]);
      g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
      g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());

      g_assert_true (waymark_scene_update (scene));
      assert_queries (scene, t + 1);
    }

  {
    g_autoptr(WaymarkDocument) document = waymark_generate (1000, 20, 9, 11);
    g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, first_map (document));
    g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());

    g_assert_true (waymark_scene_update (scene));
    assert_queries (scene, 11);

    /* After an edit that moves most items, the index follows. */
    waymark_edit_resize_stage (document, stage_at (document, 0), 700);
    g_assert_true (waymark_scene_update (scene));
    assert_scene_sane (scene);
    assert_queries (scene, 12);
  }
}

/*
 * /waymark/scene/find-item
 */
static void
test_scene_find_item (Fixture       *fixture,
                      gconstpointer  data)
{
  GPtrArray *cards = waymark_document_get_items (fixture->document, WAYMARK_TYPE_CARD);
  GPtrArray *emotions = waymark_document_get_items (fixture->document, WAYMARK_TYPE_EMOTION);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  WaymarkCard *card;
  gint64 id;

  g_assert_cmpuint (cards->len, >, 0);
  for (guint i = 0; i < cards->len; i++)
    {
      int index = waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id_of (g_ptr_array_index (cards, i)));
      const WaymarkSceneItem *item;

      g_assert_cmpint (index, >=, 0);
      item = waymark_scene_get_item (fixture->scene, index);
      g_assert_cmpint (item->role, ==, WAYMARK_SCENE_ROLE_CARD);
      g_assert_cmpint (item->object, ==, id_of (g_ptr_array_index (cards, i)));
      g_assert_nonnull (strstr (item->label, waymark_card_get_title (g_ptr_array_index (cards, i))));
      /* The same id in another role is another item, or none. */
      g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_STAGE_HEADER,
                                                id_of (g_ptr_array_index (cards, i))), ==, -1);
    }
  for (guint i = 0; i < emotions->len; i++)
    g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_EMOTION_POINT,
                                              id_of (g_ptr_array_index (emotions, i))), >=, 0);
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_TITLE,
                                            first_map (fixture->document)), >=, 0);
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, 0), ==, -1);
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, -1), ==, -1);
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, G_MAXINT64), ==, -1);
  assert_scene_sane (fixture->scene);

  /* A deleted card is gone from the scene; undo brings it back. */
  card = g_ptr_array_index (cards, 0);
  id = id_of (card);
  g_ptr_array_add (doomed, card);
  g_assert_cmpuint (waymark_edit_delete (fixture->document, doomed), ==, 1);
  g_assert_true (waymark_scene_update (fixture->scene));
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id), ==, -1);
  g_assert_null (waymark_layout_find_card (fixture->layout, id));
  assert_layout_sane (fixture->layout);
  assert_scene_sane (fixture->scene);
  g_assert_true (waymark_document_undo (fixture->document));
  g_assert_true (waymark_scene_update (fixture->scene));
  g_assert_cmpint (waymark_scene_find_item (fixture->scene, WAYMARK_SCENE_ROLE_CARD, id), >=, 0);
  assert_scene_sane (fixture->scene);
}

/* Render */

static const WaymarkLayoutCard *
touchpoint_card (WaymarkLayout *layout)
{
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);

  for (guint c = 0; c < n_cards; c++)
    if (g_str_equal (waymark_card_get_kind (cards[c].card), "touchpoint") && cards[c].rect.height > 0)
      return &cards[c];
  g_assert_not_reached ();
  return NULL;
}

/*
 * /waymark/render/light
 */
static void
test_render_light (Fixture       *fixture,
                   gconstpointer  data)
{
  const WaymarkTheme *theme = waymark_theme_get_light ();
  const WaymarkLayoutCard *card = touchpoint_card (fixture->layout);
  const WaymarkRect *r = &card->rect;
  WaymarkColor blue = { 0x00 / 255.0, 0x72 / 255.0, 0xb2 / 255.0, 1 };
  guint n_lanes, n_stages;
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (fixture->layout, &n_lanes);
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (fixture->layout, &n_stages);
  g_autoptr(cairo_surface_t) surface = render (fixture->scene);
  double width, height;

  waymark_scene_get_size (fixture->scene, &width, &height);

  /* Around the map. */
  assert_pixel (surface, 3, 3, &theme->background, 2);
  assert_pixel (surface, width - 3, height - 3, &theme->background, 2);
  assert_pixel (surface, 3, height / 2, &theme->background, 2);

  /* A card: its surface right of its text, its kind's stripe on the left. */
  assert_pixel (surface, r->x + r->width - 5, r->y + r->height / 2, &theme->card, 3);
  assert_pixel (surface, r->x + 6, r->y + r->height / 2, &blue, 3);

  /* Lane rows alternate, left of the cards of a cell. */
  for (guint l = 0; l < n_lanes; l++)
    if (!lanes[l].is_emotion)
      assert_pixel (surface, stages[0].x + 4, lanes[l].y + lanes[l].height / 2,
                    l % 2 ? &theme->lane_alt : &theme->lane, 3);

  /* Headers. */
  assert_pixel (surface, stages[0].x + stages[0].width - 4, stages[0].header.y + stages[0].header.height / 2,
                &theme->header, 3);
  assert_pixel (surface, lanes[0].header.x + 2, lanes[0].header.y + lanes[0].header.height - 4, &theme->header, 3);
}

/*
 * /waymark/render/dark
 */
static void
test_render_dark (Fixture       *fixture,
                  gconstpointer  data)
{
  const WaymarkTheme *theme = waymark_theme_get_dark ();
  const WaymarkLayoutCard *card = touchpoint_card (fixture->layout);
  const WaymarkRect *r = &card->rect;
  WaymarkColor sky_blue = { 0x56 / 255.0, 0xb4 / 255.0, 0xe9 / 255.0, 1 };
  g_autoptr(cairo_surface_t) surface = NULL;
  double width, height;
  guint32 pixel;

  waymark_scene_set_theme (fixture->scene, theme);
  g_assert_true (waymark_scene_update (fixture->scene));
  surface = render (fixture->scene);
  waymark_scene_get_size (fixture->scene, &width, &height);

  /* A dark background, lighter cards. */
  pixel = pixel_at (surface, 3, 3);
  g_assert_cmpint (channel_of (pixel, 16) + channel_of (pixel, 8) + channel_of (pixel, 0), <, 3 * 64);
  assert_pixel (surface, 3, 3, &theme->background, 2);
  assert_pixel (surface, width - 3, height - 3, &theme->background, 2);
  assert_pixel (surface, r->x + r->width - 5, r->y + r->height / 2, &theme->card, 3);
  /* Blue is too dark a stripe on dark cards: sky blue. */
  assert_pixel (surface, r->x + 6, r->y + r->height / 2, &sky_blue, 3);
}

/*
 * /waymark/render/custom-color
 */
static void
test_render_custom_color (Fixture       *fixture,
                          gconstpointer  data)
{
  WaymarkCard *card = card_titled (fixture->document, "Compares three kits");
  WaymarkColor vermillion = { 0xd5 / 255.0, 0x5e / 255.0, 0x00 / 255.0, 1 };
  const WaymarkTheme *themes[] = { waymark_theme_get_light (), waymark_theme_get_dark () };

  waymark_edit_set_color (fixture->document, WAYMARK_OBJECT (card), "#d55e00");

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      const WaymarkTheme *theme = themes[t];
      const WaymarkRect *r;
      g_autoptr(cairo_surface_t) surface = NULL;
      guint32 pixel;
      int red, green, blue, plain_blue;

      waymark_scene_set_theme (fixture->scene, theme);
      waymark_scene_update (fixture->scene);
      r = &placed_card (fixture->layout, card)->rect;
      surface = render (fixture->scene);

      /* Tinted towards vermillion: more red, less blue than the plain card. */
      pixel = pixel_at (surface, r->x + r->width - 5, r->y + r->height / 2);
      red = channel_of (pixel, 16);
      green = channel_of (pixel, 8);
      blue = channel_of (pixel, 0);
      plain_blue = (int) lround (theme->card.blue * 255);
      g_assert_cmpint (red - blue, >, 30);
      g_assert_cmpint (red, >, green);
      g_assert_cmpint (green, >, blue);
      g_assert_cmpint (blue, <, plain_blue - 10);
      {
        WaymarkColor tint = waymark_theme_get_card_surface (theme, &vermillion);

        assert_pixel (surface, r->x + r->width - 5, r->y + r->height / 2, &tint, 3);
      }
      /* Its stripe still says its kind (a note: yellow, deepened on white). */
      {
        WaymarkColor stripe = waymark_theme_get_kind_color (theme, "note");

        /* (A note's stripe is dashed: on its first dash.) */
        assert_pixel (surface, r->x + 6, r->y + 9, &stripe, 3);
        g_assert_cmpfloat (stripe.red, >, stripe.blue + 0.3);
      }
      /* The other cards keep the plain surface. */
      {
        const WaymarkLayoutCard *other = touchpoint_card (fixture->layout);

        assert_pixel (surface, other->rect.x + other->rect.width - 5, other->rect.y + other->rect.height / 2,
                      &theme->card, 3);
      }
    }
}

/*
 * /waymark/render/area
 *
 * Drawing only part of the map gives that part as the whole drawing does.
 */
static void
test_render_area (Fixture       *fixture,
                  gconstpointer  data)
{
  const WaymarkLayoutCard *card = touchpoint_card (fixture->layout);
  g_autoptr(cairo_surface_t) whole = render (fixture->scene);
  WaymarkRect area = { floor (card->rect.x) - 40, floor (card->rect.y) - 40, 160, 120 };
  g_autoptr(cairo_surface_t) part = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) area.width, (int) area.height);
  guint n_differ = 0, n_drawn = 0;

  {
    g_autoptr(cairo_t) cr = cairo_create (part);

    cairo_translate (cr, -area.x, -area.y);
    waymark_painter_draw_scene (cr, fixture->scene, &area);
  }
  cairo_surface_flush (part);

  for (int y = 1; y < (int) area.height - 1; y++)
    for (int x = 1; x < (int) area.width - 1; x++)
      {
        guint32 a = pixel_at (whole, area.x + x, area.y + y);
        guint32 b = pixel_at (part, x, y);

        n_drawn += channel_of (b, 24) == 255;
        for (int shift = 0; shift < 32; shift += 8)
          if (ABS (channel_of (a, shift) - channel_of (b, shift)) > 2)
            {
              n_differ++;
              break;
            }
      }
  g_assert_cmpuint (n_drawn, ==, (guint) (area.width - 2) * (guint) (area.height - 2));
  g_assert_cmpuint (n_differ, ==, 0);
}

/*
 * /waymark/layout/metric-badges
 */

static void
test_layout_metric_badges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("ecommerce", "Badges", &error);
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  const WaymarkLayoutCard *placed;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  const WaymarkLayoutBadge *badge;
  WaymarkObject *dataset, *metric;
  WaymarkCard *card;
  gint64 card_id, stage_id;
  guint n_stages, n_lanes;
  double height_before;
  gboolean found_metrics_lane = FALSE;

  g_assert_no_error (error);
  layout = waymark_layout_new (document, first_map (document));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  card = WAYMARK_CARD (g_ptr_array_index (waymark_document_get_items (document, WAYMARK_TYPE_CARD), 0));
  card_id = waymark_object_get_id (WAYMARK_OBJECT (card));
  stage_id = waymark_card_get_stage (card);
  placed = waymark_layout_find_card (layout, card_id);
  g_assert_null (placed->badges);
  height_before = placed->rect.height;

  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET, "name", "survey", "source", "/tmp/survey.csv",
                                  "sha256", "00", "imported", "2026-10-01T00:00:00Z", NULL);
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC, "name", "NPS", "kind", "nps",
                                 "dataset", waymark_object_get_id (dataset), "column-name", "NPS",
                                 "definition", "{\"period\":\"month\",\"min_n\":30,\"target\":30,\"direction\":\"higher\"}",
                                 NULL);
  /* Overall below target (bad), rising over two months, from enough answers. */
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "card", card_id, "value", 12.0, "n", (gint64) 240, NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "card", card_id, "period", "2026-08", "value", 4.0, "n", (gint64) 120, NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "card", card_id, "period", "2026-09", "value", 20.0, "n", (gint64) 120, NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "stage", stage_id, "value", 45.0, "n", (gint64) 12, NULL);
  g_assert_true (waymark_scene_update (scene));

  placed = waymark_layout_find_card (layout, card_id);
  g_assert_nonnull (placed->badges);
  g_assert_cmpuint (placed->badges->len, ==, 1);
  badge = g_ptr_array_index (placed->badges, 0);
  g_assert_cmpint (badge->rating, ==, WAYMARK_METRIC_RATING_BAD);
  g_assert_cmpint (badge->trend, ==, 1);
  g_assert_cmpuint (badge->n_spark, ==, 2);
  g_assert_false (badge->low_confidence);
  g_assert_nonnull (strstr (pango_layout_get_text (badge->text), "+12"));
  g_assert_nonnull (strstr (pango_layout_get_text (badge->text), "240"));
  /* The card grew by its badge, and nothing overlaps. */
  g_assert_cmpfloat (placed->rect.height, >=, height_before + WAYMARK_LAYOUT_BADGE_HEIGHT);
  g_assert_cmpfloat (placed->badges_y + WAYMARK_LAYOUT_BADGE_HEIGHT, <=, placed->rect.height);

  /* The stage's value: good (above target) but from few answers. */
  stages = waymark_layout_get_stages (layout, &n_stages);
  for (guint s = 0; s < n_stages; s++)
    if (waymark_object_get_id (WAYMARK_OBJECT (stages[s].stage)) == stage_id)
      {
        g_assert_nonnull (stages[s].badges);
        badge = g_ptr_array_index (stages[s].badges, 0);
        g_assert_cmpint (badge->rating, ==, WAYMARK_METRIC_RATING_GOOD);
        g_assert_true (badge->low_confidence);
        g_assert_cmpfloat (stages[s].badges_y + WAYMARK_LAYOUT_BADGE_HEIGHT, <=, stages[s].header.height);
      }

  /* The metrics lane makes room for its bars. */
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  for (guint l = 0; l < n_lanes; l++)
    if (g_str_equal (waymark_lane_get_kind (lanes[l].lane), "metrics"))
      {
        int index = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_LANE_ROW,
                                             waymark_object_get_id (WAYMARK_OBJECT (lanes[l].lane)));
        guint rects = 0;

        found_metrics_lane = TRUE;
        g_assert_cmpfloat (lanes[l].height, >=, WAYMARK_LAYOUT_METRICS_HEIGHT);
        g_assert_cmpint (index, >=, 0);
        for (guint k = 0; k < waymark_scene_get_item (scene, index)->ops->len; k++)
          if (g_array_index (waymark_scene_get_item (scene, index)->ops, WaymarkSceneOp, k).type == WAYMARK_SCENE_OP_RECT)
            rects++;
        /* The row's background and one bar. */
        g_assert_cmpuint (rects, ==, 2);
      }
  g_assert_true (found_metrics_lane);

  /* A stale metric says so. */
  waymark_document_set (document, metric, "status", "the source changed", NULL);
  waymark_scene_update (scene);
  placed = waymark_layout_find_card (layout, card_id);
  badge = g_ptr_array_index (placed->badges, 0);
  g_assert_true (badge->stale);

  /* A unit is the document's text, not markup. */
  waymark_document_set (document, metric, "kind", "mean",
                        "definition", "{\"unit\":\"R&D <b>h\"}", NULL);
  waymark_scene_update (scene);
  placed = waymark_layout_find_card (layout, card_id);
  badge = g_ptr_array_index (placed->badges, 0);
  g_assert_nonnull (strstr (pango_layout_get_text (badge->text), "12.0 R&D <b>h"));
}

/* A curve drawn from a metric (the sample with a survey, format 2): a
 * stage the metric has no value for keeps its hand-set score, marked as
 * set by hand; back to hand-set scores, every hand-set score shows again;
 * one undo switches back. */
static void
test_curve_from_metric (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "format-2.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = waymark_store_open (file, &error);
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  const WaymarkLayoutEmotion *points;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  WaymarkMetric *metric;
  GPtrArray *values;
  guint n_points, n_stages, n_lanes, emotion_lane = G_MAXUINT, from_data = 0, by_hand = 0, with_values = 0;
  gint64 stage;

  g_assert_no_error (error);
  metric = waymark_edit_get_curve_metric (document);
  g_assert_nonnull (metric);
  layout = waymark_layout_new (document, waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document))));
  waymark_layout_update (layout);
  stages = waymark_layout_get_stages (layout, &n_stages);
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  for (guint l = 0; l < n_lanes; l++)
    if (lanes[l].is_emotion)
      emotion_lane = l;
  g_assert_cmpuint (emotion_lane, <, n_lanes);
  g_assert_true (lanes[emotion_lane].emotion_metric == metric);
  points = waymark_layout_get_emotions (layout, &n_points);
  for (guint i = 0; i < n_points; i++)
    if (points[i].lane_index == emotion_lane && points[i].emotion == NULL)
      with_values++;
  g_assert_cmpuint (with_values, >=, 3);

  /* The second stage loses its value; it has a score set by hand. */
  stage = waymark_object_get_id (WAYMARK_OBJECT (stages[1].stage));
  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (waymark_metric_value_get_stage (value) == stage && waymark_metric_value_get_card (value) == 0 &&
          waymark_metric_value_get_metric (value) == waymark_object_get_id (WAYMARK_OBJECT (metric)))
        g_ptr_array_add (doomed, value);
    }
  g_assert_cmpuint (doomed->len, >, 0);
  waymark_document_begin (document, "Forget a stage's value");
  for (guint i = 0; i < doomed->len; i++)
    waymark_document_remove (document, g_ptr_array_index (doomed, i));
  waymark_document_end (document);
  waymark_edit_set_emotion (document, waymark_object_get_id (WAYMARK_OBJECT (lanes[emotion_lane].lane)), stage, -2);
  waymark_layout_update (layout);

  points = waymark_layout_get_emotions (layout, &n_points);
  for (guint i = 0; i < n_points; i++)
    {
      if (points[i].lane_index != emotion_lane)
        continue;
      if (points[i].stage_index == 1)
        {
          g_assert_nonnull (points[i].emotion);
          g_assert_true (points[i].by_hand);
          g_assert_cmpint (points[i].score, ==, -2);
          g_assert_nonnull (strstr (pango_layout_get_text (points[i].label), "set by hand"));
          by_hand++;
        }
      else if (points[i].emotion == NULL)
        from_data++;
    }
  g_assert_cmpuint (by_hand, ==, 1);
  g_assert_cmpuint (from_data, ==, with_values - 1);

  /* Back to the hand-set scores: nothing drawn from data. */
  waymark_edit_set_curve_metric (document, NULL);
  g_assert_null (waymark_edit_get_curve_metric (document));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Draw Curve by Hand");
  waymark_layout_update (layout);
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  g_assert_null (lanes[emotion_lane].emotion_metric);
  points = waymark_layout_get_emotions (layout, &n_points);
  for (guint i = 0; i < n_points; i++)
    {
      g_assert_nonnull (points[i].emotion);
      g_assert_false (points[i].by_hand);
    }

  /* One undo: from data again. */
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_edit_get_curve_metric (document) == metric);
}

/* A connector is drawn where its cards are: its line, arrow and label
 * inside its own item, from one card's edge to the other's. */
static void
test_scene_connector (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("ecommerce", NULL, &error);
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  WaymarkConnector *connector;
  const WaymarkSceneItem *item;
  const WaymarkLayoutCard *a, *b;
  double p[8];
  int index;

  g_assert_no_error (error);
  /* Product detail page → Guest checkout, neighbours; labelled. */
  connector = waymark_edit_connect (document, 1103, 1105, "pays", &error);
  g_assert_no_error (error);
  layout = waymark_layout_new (document, waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document))));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  index = waymark_scene_find_item (scene, WAYMARK_SCENE_ROLE_CONNECTOR, waymark_object_get_id (WAYMARK_OBJECT (connector)));
  g_assert_cmpint (index, >=, 0);
  item = waymark_scene_get_item (scene, index);
  g_assert_cmpstr (item->label, ==, "From “Product detail page” to “Guest checkout”: pays");
  for (guint i = 0; i < item->ops->len; i++)
    {
      const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

      /* Ops are relative to the item's origin. */
      g_assert_cmpfloat (op->rect.x, >=, -0.5);
      g_assert_cmpfloat (op->rect.y, >=, -0.5);
      g_assert_cmpfloat (op->rect.x + op->rect.width, <=, item->bounds.width + 0.5);
      g_assert_cmpfloat (op->rect.y + op->rect.height, <=, item->bounds.height + 0.5);
    }
  /* From the source's right edge to the target's left edge. */
  a = waymark_layout_find_card (layout, 1103);
  b = waymark_layout_find_card (layout, 1105);
  waymark_scene_connector_curve (&a->rect, &b->rect, p);
  g_assert_cmpfloat_with_epsilon (p[0], a->rect.x + a->rect.width, 0.01);
  g_assert_cmpfloat_with_epsilon (p[6], b->rect.x, 0.01);
  g_assert_cmpint (waymark_scene_hit_connector (scene, (p[0] + p[6]) / 2, p[1] + 2, 4), ==,
                   waymark_object_get_id (WAYMARK_OBJECT (connector)));
  g_assert_cmpint (waymark_scene_hit_connector (scene, (p[0] + p[6]) / 2, p[1] + 60, 4), ==, 0);
}

/* Colour vision deficiencies, simulated as Machado, Oliveira and Fernandes
 * (2009) do at full severity: a matrix on linear RGB. Row 0 is normal vision. */
static const double cvd_matrices[4][9] = {
  { 1, 0, 0, 0, 1, 0, 0, 0, 1 },
  /* protanopia */
  { 0.152286, 1.052583, -0.204868, 0.114503, 0.786281, 0.099216, -0.003882, -0.048116, 1.051998 },
  /* deuteranopia */
  { 0.367322, 0.860646, -0.227968, 0.280085, 0.672501, 0.047413, -0.011820, 0.042940, 0.968881 },
  /* tritanopia */
  { 1.255528, -0.076749, -0.178779, -0.078411, 0.930809, 0.147602, 0.004733, 0.691367, 0.303900 },
};
static const char * const cvd_names[4] = { "normal vision", "protanopia", "deuteranopia", "tritanopia" };

static double
srgb_to_linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
linear_to_srgb (double c)
{
  c = CLAMP (c, 0, 1);
  return c <= 0.0031308 ? c * 12.92 : 1.055 * pow (c, 1 / 2.4) - 0.055;
}

/* @color as a person with the deficiency @cvd (an index of cvd_matrices) sees it. */
static WaymarkColor
simulate_cvd (const WaymarkColor *color,
              guint               cvd)
{
  const double *m = cvd_matrices[cvd];
  double r = srgb_to_linear (color->red), g = srgb_to_linear (color->green), b = srgb_to_linear (color->blue);
  WaymarkColor seen = *color;

  seen.red = linear_to_srgb (m[0] * r + m[1] * g + m[2] * b);
  seen.green = linear_to_srgb (m[3] * r + m[4] * g + m[5] * b);
  seen.blue = linear_to_srgb (m[6] * r + m[7] * g + m[8] * b);
  return seen;
}

/* Contrast, light and dark: card text ≥ 4.5:1 on a card of every palette
 * colour, and marks (kind stripes, emotion faces, the accent) ≥ 3:1
 * against the card or lane behind them. */
static void
test_theme_contrast (void)
{
  const WaymarkTheme *themes[] = { waymark_theme_get_light (), waymark_theme_get_dark (),
                                   waymark_theme_get_high_contrast (FALSE), waymark_theme_get_high_contrast (TRUE) };
  const char * const kinds[] = { "touchpoint", "note", "pain-point", "opportunity", "quote", "other" };

  for (guint t = 0; t < G_N_ELEMENTS (themes); t++)
    {
      const WaymarkTheme *theme = themes[t];
      const char * const *palette = waymark_theme_palette ();

      for (int p = -1; p < 0 || palette[p] != NULL; p++)
        {
          WaymarkColor custom, surface = theme->card;

          if (p >= 0)
            {
              g_assert_true (waymark_color_parse (palette[p], &custom));
              surface = waymark_theme_get_card_surface (theme, &custom);
            }
          g_test_message ("%s %s: text %.2f, body %.2f", theme->dark ? "dark" : "light", p >= 0 ? palette[p] : "plain",
                          waymark_color_contrast (&theme->text, &surface),
                          waymark_color_contrast (&theme->dim_text, &surface));
          g_assert_cmpfloat (waymark_color_contrast (&theme->text, &surface), >=, 4.5);
          g_assert_cmpfloat (waymark_color_contrast (&theme->dim_text, &surface), >=, 4.5);
        }
      /* The stripes stand out from the card for everyone: with each colour
       * vision deficiency simulated too (their shapes tell the kinds apart,
       * /waymark/render/kind-shapes). */
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        for (guint v = 0; v < G_N_ELEMENTS (cvd_matrices); v++)
          {
            WaymarkColor kind_color = waymark_theme_get_kind_color (theme, kinds[k]);
            WaymarkColor stripe = simulate_cvd (&kind_color, v);
            WaymarkColor card = simulate_cvd (&theme->card, v);

            g_test_message ("%s %s stripe, %s: %.2f", theme->dark ? "dark" : "light", kinds[k], cvd_names[v],
                            waymark_color_contrast (&stripe, &card));
            g_assert_cmpfloat (waymark_color_contrast (&stripe, &card), >=, 3.0);
          }
      /* Headers' text on the header colour; the accent on the lanes. */
      g_assert_cmpfloat (waymark_color_contrast (&theme->text, &theme->header), >=, 4.5);
      g_assert_cmpfloat (waymark_color_contrast (&theme->dim_text, &theme->header), >=, 4.5);
      g_assert_cmpfloat (waymark_color_contrast (&theme->dim_text, &theme->lane_alt), >=, 4.5);
      g_assert_cmpfloat (waymark_color_contrast (&theme->accent, &theme->lane), >=, 3.0);
      g_assert_cmpfloat (waymark_color_contrast (&theme->curve, &theme->lane_alt), >=, 3.0);
    }
}

/* The share of a card's stripe column that differs from the card: at
 * @dx from the card's left edge, over its middle rows. */
static double
stripe_ink (cairo_surface_t         *surface,
            const WaymarkLayoutCard *card,
            const WaymarkTheme      *theme,
            double                   dx,
            guint                    cvd)
{
  guint inked = 0, rows = 0;
  WaymarkColor background = simulate_cvd (&theme->card, cvd);

  for (double y = card->rect.y + 9; y < card->rect.y + card->rect.height - 9; y += 1)
    {
      guint32 pixel = pixel_at (surface, card->rect.x + dx, y);
      WaymarkColor seen = { channel_of (pixel, 16) / 255.0, channel_of (pixel, 8) / 255.0,
                            channel_of (pixel, 0) / 255.0, 1 };
      double difference;

      seen = simulate_cvd (&seen, cvd);
      difference = fabs (seen.red - background.red) + fabs (seen.green - background.green) +
                   fabs (seen.blue - background.blue);
      inked += difference * 255 > 60;
      rows++;
    }
  return rows > 0 ? (double) inked / rows : 0;
}

/* Card kinds are told apart without colour: each stripe has its own shape
 * (ink down its middle and along its edge), and it stays so seen with each
 * colour vision deficiency (simulated on the rendered pixels). */
static void
test_render_kind_shapes (Fixture       *fixture,
                         gconstpointer  data)
{
  const char * const kinds[] = { "touchpoint", "note", "pain-point", "opportunity", "quote" };
  double middle[G_N_ELEMENTS (kinds)], edge[G_N_ELEMENTS (kinds)];
  g_autoptr(cairo_surface_t) surface = NULL;
  const WaymarkTheme *theme = waymark_theme_get_light ();
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (fixture->layout, &n_cards);

  surface = render (fixture->scene);
  for (guint v = 0; v < G_N_ELEMENTS (cvd_matrices); v++)
    {
      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          const WaymarkLayoutCard *card = NULL;

          for (guint i = 0; i < n_cards && card == NULL; i++)
            if (g_str_equal (waymark_card_get_kind (cards[i].card), kinds[k]) && cards[i].rect.height > 40 &&
                *waymark_card_get_color (cards[i].card) == '\0')
              card = &cards[i];
          g_assert_nonnull (card);
          middle[k] = stripe_ink (surface, card, theme, 6, v);
          edge[k] = stripe_ink (surface, card, theme, 3.2, v);
          g_test_message ("%s, %s: middle %.2f, edge %.2f", cvd_names[v], kinds[k], middle[k], edge[k]);
          /* Some ink in every stripe: none vanishes into the card. */
          g_assert_cmpfloat (MAX (middle[k], edge[k]), >=, 0.3);
        }
      for (guint a = 0; a < G_N_ELEMENTS (kinds); a++)
        for (guint b = a + 1; b < G_N_ELEMENTS (kinds); b++)
          if (ABS (middle[a] - middle[b]) < 0.08 && ABS (edge[a] - edge[b]) < 0.08)
            g_error ("%s and %s stripes have the same shape (%s)", kinds[a], kinds[b], cvd_names[v]);
    }
}

/* Columns of @surface with ink, counted as runs: one per word. */
static guint
count_ink_runs (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);
  gboolean in_run = FALSE;
  guint runs = 0;

  cairo_surface_flush (surface);
  for (int x = 0; x < width; x++)
    {
      gboolean ink = FALSE;

      for (int y = 0; y < height && !ink; y++)
        ink = data[y * stride + x] > 40;
      if (ink && !in_run)
        runs++;
      in_run = ink;
    }
  return runs;
}

/* Text drawn small, as a zoomed-out canvas draws it: as outlines, every
 * space between words stays (glyphs put on whole pixels lose some). */
static void
test_render_small_text_outlined (void)
{
  g_autoptr(WaymarkScene) scene = waymark_scene_new_blank (400, 40, waymark_theme_get_light ());
  PangoFontMap *font_map = pango_cairo_font_map_get_default ();
  PangoContext *context = pango_font_map_create_context (font_map);
  PangoFontDescription *font = pango_font_description_from_string ("Cantarell 12px");
  WaymarkSceneItem *item;
  WaymarkSceneOp *op;
  guint plain_runs, outlined_runs;

  pango_context_set_round_glyph_positions (context, FALSE);
  item = waymark_scene_item_new (WAYMARK_SCENE_ROLE_TEXT, WAYMARK_SCENE_LAYER_BODY, 0,
                                 &(WaymarkRect) { 0, 0, 400, 40 });
  op = waymark_scene_item_add_op (item, WAYMARK_SCENE_OP_TEXT);
  op->layout = pango_layout_new (context);
  pango_layout_set_font_description (op->layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (op->layout, "il il il il il il il il il il il il il il il il", -1);
  op->rect = (WaymarkRect) { 2, 2, 396, 30 };
  op->fill = (WaymarkColor) { 0, 0, 0, 1 };
  waymark_scene_add_item (scene, item);

  for (int outlined = 0; outlined < 2; outlined++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 200, 20);
      cairo_t *cr = cairo_create (surface);
      guint runs;

      cairo_scale (cr, 0.42, 0.42);
      if (outlined)
        waymark_painter_draw_item_outlined (cr, waymark_scene_get_item (scene, 0));
      else
        waymark_painter_draw_item (cr, waymark_scene_get_item (scene, 0));
      cairo_destroy (cr);
      runs = count_ink_runs (surface);
      cairo_surface_destroy (surface);
      if (outlined)
        outlined_runs = runs;
      else
        plain_runs = runs;
    }
  g_object_unref (context);
  g_test_message ("words apart: %u drawn as glyphs, %u as outlines, of 16", plain_runs, outlined_runs);
  g_assert_cmpuint (outlined_runs, ==, 16);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/layout/templates", test_layout_templates);
  g_test_add_func ("/waymark/scene/statuses", test_scene_statuses);
  g_test_add_func ("/waymark/layout/persona-goals", test_layout_persona_goals);
  g_test_add_func ("/waymark/layout/metric-badges", test_layout_metric_badges);
  g_test_add_func ("/waymark/layout/generated", test_layout_generated);
  g_test_add_func ("/waymark/layout/span", test_layout_span);
  g_test_add_func ("/waymark/layout/every-lane-kind", test_layout_every_lane_kind);
  g_test_add_func ("/waymark/layout/nudged-into-emotions", test_layout_nudged_into_emotions);
  g_test_add_func ("/waymark/layout/long-titles", test_layout_long_titles);
  g_test_add_func ("/waymark/layout/scripts", test_layout_scripts);
  g_test_add_func ("/waymark/layout/empty-map", test_layout_empty_map);
  g_test_add_func ("/waymark/layout/300-stages", test_layout_300_stages);
  g_test_add ("/waymark/layout/comment-marker", Fixture, "ecommerce",
              fixture_set_up, test_layout_comment_marker, fixture_tear_down);
  g_test_add ("/waymark/layout/incremental-title", Fixture, "ecommerce",
              fixture_set_up, test_layout_incremental_title, fixture_tear_down);
  g_test_add ("/waymark/layout/incremental-move", Fixture, "ecommerce",
              fixture_set_up, test_layout_incremental_move, fixture_tear_down);
  g_test_add ("/waymark/layout/incremental-look", Fixture, "ecommerce",
              fixture_set_up, test_layout_incremental_look, fixture_tear_down);
  g_test_add ("/waymark/layout/resize-stage", Fixture, "ecommerce",
              fixture_set_up, test_layout_resize_stage, fixture_tear_down);
  g_test_add ("/waymark/layout/collapsed-lane", Fixture, "ecommerce",
              fixture_set_up, test_layout_collapsed_lane, fixture_tear_down);
  g_test_add ("/waymark/layout/text-scale", Fixture, "ecommerce",
              fixture_set_up, test_layout_text_scale, fixture_tear_down);
  g_test_add ("/waymark/layout/emotions", Fixture, "ecommerce",
              fixture_set_up, test_layout_emotions, fixture_tear_down);
  g_test_add_func ("/waymark/layout/curve-from-metric", test_curve_from_metric);
  g_test_add_func ("/waymark/render/small-text-outlined", test_render_small_text_outlined);
  g_test_add_func ("/waymark/theme/contrast", test_theme_contrast);
  g_test_add_func ("/waymark/scene/connector", test_scene_connector);
  g_test_add_func ("/waymark/scene/cell-at", test_scene_cell_at);
  g_test_add_func ("/waymark/scene/hit", test_scene_hit);
  g_test_add_func ("/waymark/scene/query", test_scene_query);
  g_test_add ("/waymark/scene/find-item", Fixture, "ecommerce",
              fixture_set_up, test_scene_find_item, fixture_tear_down);
  g_test_add ("/waymark/render/kind-shapes", Fixture, "ecommerce",
              fixture_set_up, test_render_kind_shapes, fixture_tear_down);
  g_test_add ("/waymark/render/light", Fixture, "ecommerce",
              fixture_set_up, test_render_light, fixture_tear_down);
  g_test_add ("/waymark/render/dark", Fixture, "ecommerce",
              fixture_set_up, test_render_dark, fixture_tear_down);
  g_test_add ("/waymark/render/custom-color", Fixture, "ecommerce",
              fixture_set_up, test_render_custom_color, fixture_tear_down);
  g_test_add ("/waymark/render/area", Fixture, "ecommerce",
              fixture_set_up, test_render_area, fixture_tear_down);

  return g_test_run ();
}
