/* waymark-canvas.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-canvas"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "waymark-canvas-private.h"
#include "waymark-metric-definition.h"
#include "waymark-edit.h"
#include "waymark-painter.h"

/*
 * The canvas is thin (STYLE.md): the core scene says what is where and
 * the shared painter draws each item. The widget keeps one render node
 * per item, rebuilt only when the item's serial changes, and each frame
 * appends the nodes of the items the spatial index reports as visible.
 * Stage and lane headers are separate layers, drawn pinned to the top and
 * left edges when the map scrolls under them.
 */

#define ZOOM_MIN       0.05
#define ZOOM_MAX       4.0
/* Below this zoom, card text is too small to read: cards become blocks. */
#define ZOOM_DETAIL    0.4

typedef struct
{
  guint          serial;
  gboolean       outlined;
  GskRenderNode *node;
} CachedNode;

/* Below this zoom, text is drawn as outlines (see item_node ()). */
#define OUTLINED_TEXT_ZOOM 0.85

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_PRESENTING,
  PROP_FOCUS_FILTER,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

enum {
  SELECTION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE_WITH_CODE (WaymarkCanvas, waymark_canvas, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE, NULL))

static void
cached_node_free (gpointer data)
{
  CachedNode *cached = data;

  gsk_render_node_unref (cached->node);
  g_free (cached);
}

static guint64
node_key (const WaymarkSceneItem *item)
{
  return (guint64) item->object << 4 | item->role;
}

static void
to_gdk (const WaymarkColor *color,
        GdkRGBA            *rgba)
{
  *rgba = (GdkRGBA) { color->red, color->green, color->blue, color->alpha };
}

static GskRenderNode *
item_node (WaymarkCanvas          *self,
           const WaymarkSceneItem *item)
{
  guint64 key = node_key (item);
  CachedNode *cached = g_hash_table_lookup (self->nodes, &key);
  GtkSnapshot *snapshot;
  cairo_t *cr;

  /* Zoomed out, text is drawn as outlines: glyphs put on whole pixels
   * would swallow the spaces between words. */
  gboolean outlined = self->zoom < OUTLINED_TEXT_ZOOM;

  if (cached != NULL && cached->serial == item->serial && cached->outlined == outlined)
    return cached->node;

  snapshot = gtk_snapshot_new ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (-2, -2, item->bounds.width + 4,
                                                                 item->bounds.height + 4));
  if (outlined)
    waymark_painter_draw_item_outlined (cr, item);
  else
    waymark_painter_draw_item (cr, item);
  cairo_destroy (cr);

  if (cached == NULL)
    {
      guint64 *owned = g_new (guint64, 1);

      *owned = key;
      cached = g_new0 (CachedNode, 1);
      g_hash_table_insert (self->nodes, owned, cached);
    }
  else
    gsk_render_node_unref (cached->node);

  cached->serial = item->serial;
  cached->outlined = outlined;
  cached->node = gtk_snapshot_free_to_node (snapshot);
  if (cached->node == NULL)
    cached->node = gsk_container_node_new (NULL, 0);
  return cached->node;
}

static void
append_item (WaymarkCanvas          *self,
             GtkSnapshot            *snapshot,
             const WaymarkSceneItem *item)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (item->bounds.x, item->bounds.y));
  gtk_snapshot_append_node (snapshot, item_node (self, item));
  gtk_snapshot_restore (snapshot);
}

/* Far out, a card is a block in its kind's colour: nobody reads 4-point
 * text, and thousands of blocks draw in a blink. */
static void
append_card_block (WaymarkCanvas          *self,
                   GtkSnapshot            *snapshot,
                   const WaymarkSceneItem *item)
{
  const WaymarkSceneOp *stripe = &g_array_index (item->ops, WaymarkSceneOp, 2);
  GdkRGBA surface, kind;

  to_gdk (&g_array_index (item->ops, WaymarkSceneOp, 1).fill, &surface);
  to_gdk (&stripe->fill, &kind);
  if (self->zoom < ZOOM_DETAIL / 3)
    {
      /* A single mix of the two: at this size they blur together anyway. */
      WaymarkColor mixed = waymark_color_mix (&g_array_index (item->ops, WaymarkSceneOp, 1).fill,
                                              &stripe->fill, 0.35);

      to_gdk (&mixed, &surface);
      gtk_snapshot_append_color (snapshot, &surface,
                                 &GRAPHENE_RECT_INIT (item->bounds.x, item->bounds.y,
                                                      item->bounds.width, item->bounds.height - 2));
      return;
    }

  gtk_snapshot_append_color (snapshot, &surface,
                             &GRAPHENE_RECT_INIT (item->bounds.x, item->bounds.y,
                                                  item->bounds.width, item->bounds.height - 2));
  gtk_snapshot_append_color (snapshot, &kind,
                             &GRAPHENE_RECT_INIT (item->bounds.x + stripe->rect.x, item->bounds.y + stripe->rect.y,
                                                  stripe->rect.width * 2, stripe->rect.height));
}

static void
append_layer (WaymarkCanvas     *self,
              GtkSnapshot       *snapshot,
              WaymarkSceneLayer  layer,
              const WaymarkRect *visible,
              GArray            *indices)
{
  /* Presenting fits a whole stage to the screen: its text, small or not,
   * is what the room came for. */
  gboolean detail = self->zoom >= ZOOM_DETAIL || self->presenting;

  g_array_set_size (indices, 0);
  waymark_scene_query (self->scene, layer, visible, indices);
  for (guint k = 0; k < indices->len; k++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (self->scene, g_array_index (indices, guint, k));

      if (!detail && item->role == WAYMARK_SCENE_ROLE_CARD)
        append_card_block (self, snapshot, item);
      else
        append_item (self, snapshot, item);
    }
}

static void
append_ring (GtkSnapshot       *snapshot,
             const WaymarkRect *rect,
             double             radius,
             const GdkRGBA     *color,
             double             width)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };

  gsk_rounded_rect_init_from_rect (&outline,
                                   &GRAPHENE_RECT_INIT (rect->x - width, rect->y - width,
                                                        rect->width + 2 * width, rect->height + 2 * width),
                                   radius + width);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

WaymarkRect
_waymark_canvas_cursor_rect (WaymarkCanvas *self)
{
  guint n_stages, n_lanes, n_cards;
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);
  const WaymarkLayoutCard *cards;
  WaymarkRect cell, rect;
  double bottom;

  waymark_layout_get_stages (self->layout, &n_stages);
  if (self->cursor_stage >= n_stages || self->cursor_lane >= n_lanes)
    return (WaymarkRect) { 0, };

  if (self->cursor_card != 0)
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, self->cursor_card);

      if (card != NULL && card->rect.height > 0)
        return card->rect;
    }

  cell = waymark_layout_get_cell_rect (self->layout, self->cursor_stage, self->cursor_lane);
  if (lanes[self->cursor_lane].is_emotion)
    {
      double y = waymark_layout_emotion_y (self->layout, self->cursor_lane, 0);
      guint n_emotions;
      const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (self->layout, &n_emotions);

      for (guint i = 0; i < n_emotions; i++)
        if (emotions[i].lane_index == self->cursor_lane && emotions[i].stage_index == self->cursor_stage &&
            (emotions[i].emotion == NULL || waymark_emotion_get_card (emotions[i].emotion) == 0))
          y = emotions[i].y;
      return (WaymarkRect) { cell.x + cell.width / 2 - 16, y - 16, 32, 32 };
    }

  /* The slot after the cell's last card. */
  bottom = cell.y + WAYMARK_LAYOUT_CELL_PADDING;
  cards = waymark_layout_get_cards (self->layout, &n_cards);
  for (guint i = 0; i < n_cards; i++)
    if (cards[i].lane_index == self->cursor_lane &&
        cards[i].stage_index <= self->cursor_stage &&
        cards[i].stage_index + cards[i].span > self->cursor_stage)
      bottom = MAX (bottom, cards[i].rect.y + cards[i].rect.height + WAYMARK_LAYOUT_CARD_GAP);

  rect.x = cell.x + WAYMARK_LAYOUT_CELL_PADDING;
  rect.width = cell.width - 2 * WAYMARK_LAYOUT_CELL_PADDING;
  rect.y = bottom;
  rect.height = MAX (24, cell.y + cell.height - WAYMARK_LAYOUT_CELL_PADDING - bottom);
  rect.height = MIN (rect.height, 32);
  return rect;
}

/* What Find matched: every match tinted and ringed in the highlight
 * colour, so the room sees them all; the current one is also selected. */
static void
append_found (WaymarkCanvas *self,
              GtkSnapshot   *snapshot)
{
  /* GNOME's yellow: a highlighter on paper, in light and dark styles. */
  static const GdkRGBA tint = { 0.965, 0.827, 0.176, 0.28 };
  static const GdkRGBA edge = { 0.898, 0.647, 0.039, 1 };
  double ring = MAX (1.5, 2.5 / self->zoom);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->found);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, *(gint64 *) key);
      GskRoundedRect box;

      if (card == NULL || card->rect.height <= 0)
        continue;
      gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (card->rect.x, card->rect.y,
                                                                  card->rect.width, card->rect.height), 6);
      gtk_snapshot_push_rounded_clip (snapshot, &box);
      gtk_snapshot_append_color (snapshot, &tint, &box.bounds);
      gtk_snapshot_pop (snapshot);
      append_ring (snapshot, &card->rect, 6, &edge, ring);
    }
}

/* The selected emotion point's score, “+2”, in a tag beside it, so the
 * room sees the number that Up and Down change. */
static void
append_score_tag (WaymarkCanvas     *self,
                  GtkSnapshot       *snapshot,
                  const WaymarkRect *slot,
                  const GdkRGBA     *accent)
{
  guint n_emotions;
  const WaymarkLayoutEmotion *points = waymark_layout_get_emotions (self->layout, &n_emotions);
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  GskRoundedRect box;
  GdkRGBA white = { 1, 1, 1, 1 };
  int w, h;
  double x, y, scale = 1 / MAX (self->zoom, 0.25);

  /* Only a score set by hand: one drawn from data has its value under it. */
  for (guint i = 0; i < n_emotions && text == NULL; i++)
    if (points[i].lane_index == self->cursor_lane && points[i].stage_index == self->cursor_stage &&
        points[i].emotion != NULL && waymark_emotion_get_card (points[i].emotion) == 0)
      text = g_strdup_printf ("%+d", points[i].score);
  if (text == NULL)
    return;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  {
    PangoFontDescription *font = pango_font_description_from_string ("Cantarell Bold 11");

    pango_layout_set_font_description (layout, font);
    pango_font_description_free (font);
  }
  pango_layout_get_pixel_size (layout, &w, &h);
  /* As big on screen at any zoom. */
  x = slot->x + slot->width + 4 * scale;
  y = slot->y + slot->height / 2 - (h + 4) * scale / 2;
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x, y, (w + 10) * scale, (h + 4) * scale), (h + 4) * scale / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, accent, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 5 * scale, y + 2 * scale));
  gtk_snapshot_scale (snapshot, scale, scale);
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

static void
append_selection (WaymarkCanvas *self,
                  GtkSnapshot   *snapshot)
{
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  GHashTableIter iter;
  gpointer key;
  GdkRGBA accent;
  double ring = MAX (1.5, 2.5 / self->zoom);

  to_gdk (&theme->accent, &accent);

  if (self->header != 0 && self->header == self->map && self->editor == NULL)
    {
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_TITLE, self->map);

      if (index >= 0)
        {
          const WaymarkSceneItem *item = waymark_scene_get_item (self->scene, index);
          WaymarkRect around = item->bounds;
          double bottom = 0;

          /* As tall as the title and scenario, not the whole band. */
          for (guint i = 0; i < item->ops->len; i++)
            {
              const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

              bottom = MAX (bottom, op->rect.y + op->rect.height);
            }
          if (bottom > 0)
            around.height = MIN (around.height, bottom);
          around.x -= 8;
          around.y -= 6;
          around.width += 16;
          around.height += 12;
          append_ring (snapshot, &around, 6, &accent, ring);
        }
    }

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, *(gint64 *) key);

      if (card != NULL && card->rect.height > 0)
        append_ring (snapshot, &card->rect, 6, &accent, ring);
    }

  if (self->header == 0 && self->cursor_card == 0 && self->editor == NULL)
    {
      WaymarkRect slot = _waymark_canvas_cursor_rect (self);
      GdkRGBA tint = accent;
      guint n_lanes;
      const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

      if (slot.width <= 0)
        return;

      tint.alpha = 0.12;
      if (self->cursor_lane < n_lanes && lanes[self->cursor_lane].is_emotion)
        {
          GskRoundedRect circle;

          gsk_rounded_rect_init_from_rect (&circle, &GRAPHENE_RECT_INIT (slot.x, slot.y, slot.width, slot.height),
                                           slot.width / 2);
          gtk_snapshot_push_rounded_clip (snapshot, &circle);
          gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (slot.x, slot.y, slot.width, slot.height));
          gtk_snapshot_pop (snapshot);
          append_ring (snapshot, &slot, slot.width / 2, &accent, ring);
          append_score_tag (self, snapshot, &slot, &accent);
        }
      else
        {
          GskRoundedRect box;

          gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (slot.x, slot.y, slot.width, slot.height), 6);
          gtk_snapshot_push_rounded_clip (snapshot, &box);
          gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (slot.x, slot.y, slot.width, slot.height));
          gtk_snapshot_pop (snapshot);
          append_ring (snapshot, &slot, 6, &accent, ring);

          if (self->zoom >= ZOOM_DETAIL)
            {
              /* A plus sign: “Enter adds a card here”. */
              GdkRGBA plus = accent;
              double cx = slot.x + slot.width / 2, cy = slot.y + slot.height / 2;

              gtk_snapshot_append_color (snapshot, &plus, &GRAPHENE_RECT_INIT (cx - 7, cy - 1, 14, 2));
              gtk_snapshot_append_color (snapshot, &plus, &GRAPHENE_RECT_INIT (cx - 1, cy - 7, 2, 14));
            }
        }
    }
}

static void
append_presentation (WaymarkCanvas *self,
                     GtkSnapshot   *snapshot,
                     double         height)
{
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  GdkRGBA veil;
  double top = waymark_layout_get_header_top (self->layout);

  if (!self->presenting || self->present_stage < 0 || (guint) self->present_stage >= n_stages)
    return;

  /* Dim every stage but the current one. */
  to_gdk (&theme->background, &veil);
  veil.alpha = 0.6;
  for (guint s = 0; s < n_stages; s++)
    if ((int) s != self->present_stage)
      gtk_snapshot_append_color (snapshot, &veil,
                                 &GRAPHENE_RECT_INIT (stages[s].x, top, stages[s].width, height - top));
}

/* A caption in a dark pill at the bottom, centred, for the room to read. */
static void
append_caption (WaymarkCanvas *self,
                GtkSnapshot   *snapshot,
                int            width,
                int            height,
                const char    *text,
                gboolean       large)
{
  static const GdkRGBA pill = { 0, 0, 0, 0.7 };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  double pad_x = large ? 16 : 14, pad_y = large ? 8 : 6;
  GskRoundedRect box;
  int tw, th;
  double x, y;

  if (large)
    {
      PangoFontDescription *font = pango_font_description_new ();

      pango_font_description_set_size (font, 14 * PANGO_SCALE);
      pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
      pango_layout_set_font_description (layout, font);
      pango_font_description_free (font);
    }
  pango_layout_set_width (layout, MAX (1, width - 64) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &tw, &th);
  x = (width - tw) / 2.0;
  y = height - th - (large ? 28 : 24);
  gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (x - pad_x, y - pad_y, tw + 2 * pad_x, th + 2 * pad_y),
                                   (th + 2 * pad_y) / 2.0);
  gtk_snapshot_push_rounded_clip (snapshot, &box);
  gtk_snapshot_append_color (snapshot, &pill, &box.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &white);
  gtk_snapshot_restore (snapshot);
}

/* Presenting: where the room is, “Stage 2 of 5: Purchase”, at the bottom. */
static void
append_stage_caption (WaymarkCanvas *self,
                      GtkSnapshot   *snapshot,
                      int            width,
                      int            height)
{
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
  g_autofree char *text = NULL;

  if (self->present_stage < 0 || (guint) self->present_stage >= n_stages)
    return;
  /* Translators: shown while presenting, “Stage 2 of 5: Purchase” */
  text = g_strdup_printf (_("Stage %u of %u: %s"), (guint) self->present_stage + 1, n_stages,
                          waymark_stage_get_title (stages[self->present_stage].stage));
  append_caption (self, snapshot, width, height, text, TRUE);
}

/* The most voted: the cards holding the five highest vote counts (ties
 * included), never a card without votes. */
static int
most_voted_threshold (WaymarkCanvas *self)
{
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);
  g_autoptr(GArray) votes = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < n_cards; i++)
    {
      int v = waymark_card_get_votes (cards[i].card);

      if (v > 0)
        g_array_append_val (votes, v);
    }
  if (votes->len == 0)
    return G_MAXINT;
  for (guint i = 0; i < votes->len; i++)
    for (guint j = i + 1; j < votes->len; j++)
      if (g_array_index (votes, int, j) > g_array_index (votes, int, i))
        {
          int t = g_array_index (votes, int, i);

          g_array_index (votes, int, i) = g_array_index (votes, int, j);
          g_array_index (votes, int, j) = t;
        }
  return g_array_index (votes, int, MIN (votes->len, 5) - 1);
}

static gboolean
in_focus (WaymarkCanvas           *self,
          const WaymarkLayoutCard *card,
          int                      voted)
{
  const char *rule = self->focus;
  WaymarkCard *model = card->card;

  if (rule == NULL)
    return TRUE;
  if (g_str_equal (rule, "pain"))
    return g_str_equal (waymark_card_get_kind (model), "pain-point") && waymark_card_get_severity (model) >= 3;
  if (g_str_equal (rule, "below"))
    {
      for (guint b = 0; card->badges != NULL && b < card->badges->len; b++)
        if (((WaymarkLayoutBadge *) g_ptr_array_index (card->badges, b))->rating == WAYMARK_METRIC_RATING_BAD)
          return TRUE;
      return FALSE;
    }
  if (g_str_equal (rule, "voted"))
    return waymark_card_get_votes (model) > 0 && waymark_card_get_votes (model) >= voted;
  if (g_str_has_prefix (rule, "kind:"))
    return g_str_equal (waymark_card_get_kind (model), rule + 5);
  if (g_str_has_prefix (rule, "channel:"))
    return g_str_equal (waymark_card_get_channel (model), rule + 8);
  return TRUE;
}

/* Cards the focus filter leaves out, under a veil of the map's paper. */
static void
append_focus_dimming (WaymarkCanvas     *self,
                      GtkSnapshot       *snapshot,
                      const WaymarkRect *visible)
{
  const WaymarkTheme *theme;
  guint n_cards, shown = 0;
  const WaymarkLayoutCard *cards;
  GdkRGBA veil;
  int voted;

  if (self->focus == NULL || self->layout == NULL)
    return;
  theme = waymark_scene_get_theme (self->scene);
  to_gdk (&theme->lane, &veil);
  veil.alpha = 0.78;
  voted = most_voted_threshold (self);
  cards = waymark_layout_get_cards (self->layout, &n_cards);
  for (guint i = 0; i < n_cards; i++)
    {
      if (in_focus (self, &cards[i], voted))
        {
          shown++;
          continue;
        }
      if (cards[i].rect.height <= 0 || !waymark_rect_intersects (&cards[i].rect, visible))
        continue;
      gtk_snapshot_append_color (snapshot, &veil,
                                 &GRAPHENE_RECT_INIT (cards[i].rect.x - 1, cards[i].rect.y - 1,
                                                      cards[i].rect.width + 2, cards[i].rect.height + 4));
    }
  self->focus_shown = shown;
  self->focus_total = n_cards;
}

static const char *
focus_rule_label (const char *rule)
{
  if (g_str_equal (rule, "pain"))
    return _("Severe pain points");
  if (g_str_equal (rule, "below"))
    return _("Metrics below target");
  if (g_str_equal (rule, "voted"))
    return _("Most voted");
  if (g_str_has_prefix (rule, "kind:"))
    return waymark_card_kind_label (rule + 5);
  if (g_str_has_prefix (rule, "channel:"))
    return waymark_card_channel_label (rule + 8);
  return rule;
}

/**
 * waymark_canvas_describe_focus:
 * @self: a #WaymarkCanvas
 *
 * Returns: (nullable): what the focus filter shows, “Focus: Most voted —
 *   4 of 20 cards”, or %NULL when there is none
 */
char *
waymark_canvas_describe_focus (WaymarkCanvas *self)
{
  guint n_cards, shown = 0;
  const WaymarkLayoutCard *cards;
  int voted;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), NULL);

  if (self->focus == NULL || self->layout == NULL)
    return NULL;
  _waymark_canvas_ensure_scene (self);
  voted = most_voted_threshold (self);
  cards = waymark_layout_get_cards (self->layout, &n_cards);
  for (guint i = 0; i < n_cards; i++)
    shown += in_focus (self, &cards[i], voted);
  /* Translators: the focus filter's caption, “Focus: Most voted — 4 of 20 cards” */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Focus: %s — %u of %u card", "Focus: %s — %u of %u cards", n_cards),
                          focus_rule_label (self->focus), shown, n_cards);
}

static void
append_focus_caption (WaymarkCanvas *self,
                      GtkSnapshot   *snapshot,
                      int            width,
                      int            height)
{
  g_autofree char *described = waymark_canvas_describe_focus (self);
  g_autofree char *text = NULL;

  if (described == NULL)
    return;
  /* Translators: after the focus filter's caption */
  text = g_strdup_printf (_("%s · Escape shows all"), described);
  append_caption (self, snapshot, width, height, text, FALSE);
}

/**
 * waymark_canvas_set_focus_filter:
 * @self: a #WaymarkCanvas
 * @rule: (nullable): see #WaymarkCanvas:focus-filter; "" or %NULL for none
 *
 * Dims the cards the rule leaves out; the map itself does not change.
 */
void
waymark_canvas_set_focus_filter (WaymarkCanvas *self,
                                 const char    *rule)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (rule != NULL && rule[0] == '\0')
    rule = NULL;
  if (g_strcmp0 (rule, self->focus) == 0)
    return;
  g_free (self->focus);
  self->focus = g_strdup (rule);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* Said to a screen reader as the caption shows it. */
  {
    g_autofree char *described = waymark_canvas_describe_focus (self);

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    described ? described : _("All cards shown"), -1);
  }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_FILTER]);
}

const char *
waymark_canvas_get_focus_filter (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), "");

  return self->focus ? self->focus : "";
}

/**
 * waymark_canvas_card_in_focus:
 * @card: a card of the shown map
 *
 * Returns: whether the focus filter shows @card (every card without one)
 */
gboolean
waymark_canvas_card_in_focus (WaymarkCanvas *self,
                              gint64         card)
{
  const WaymarkLayoutCard *placed;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), TRUE);

  if (self->focus == NULL || self->layout == NULL)
    return TRUE;
  _waymark_canvas_ensure_scene (self);
  placed = waymark_layout_find_card (self->layout, card);
  return placed == NULL || in_focus (self, placed, most_voted_threshold (self));
}

static gboolean
update_scene (WaymarkCanvas *self)
{
  gboolean changed;

  if (self->scene == NULL)
    return FALSE;

  if ((changed = waymark_scene_update (self->scene)))
    {
      guint n_items = waymark_scene_get_n_items (self->scene);

      /* Forget the nodes of items that are gone, now and then. */
      if (g_hash_table_size (self->nodes) > n_items + n_items / 2 + 64)
        g_hash_table_remove_all (self->nodes);
    }
  self->scene_dirty = FALSE;
  return changed;
}

static void
reallocate_cb (gpointer data)
{
  g_autoptr(WaymarkCanvas) self = data;

  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static void
waymark_canvas_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (widget);
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (guint));
  const WaymarkTheme *theme;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double hv, vv, z = self->zoom;
  double map_w, map_h, top, bottom, margin, sx, sy;
  WaymarkRect visible;
  GdkRGBA background;

  if (self->scene == NULL)
    return;

  /* The scrollbars must not change while the frame is drawn: if the map
   * changed since the allocation, fix them up in the next one. */
  if (update_scene (self))
    g_idle_add_once (reallocate_cb, g_object_ref (self));
  theme = waymark_scene_get_theme (self->scene);
  to_gdk (&theme->background, &background);
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));

  hv = self->hadjustment ? gtk_adjustment_get_value (self->hadjustment) : 0;
  vv = self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
  waymark_scene_get_size (self->scene, &map_w, &map_h);
  visible = (WaymarkRect) { hv / z, vv / z, width / z, height / z };

  /* The body, scrolled and zoomed. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-hv, -vv));
  gtk_snapshot_scale (snapshot, z, z);
  append_layer (self, snapshot, WAYMARK_SCENE_LAYER_BODY, &visible, indices);
  append_focus_dimming (self, snapshot, &visible);
  append_presentation (self, snapshot, map_h);
  /* On the projector, the map alone: no cursor, no selection. */
  if (!self->presenting)
    {
      append_found (self, snapshot);
      append_selection (self, snapshot);
    }
  _waymark_canvas_snapshot_feedback (self, snapshot);
  gtk_snapshot_restore (snapshot);

  /* Frozen panes: stage headers pinned to the top edge, lane headers to
   * the left, once the map scrolls under them. */
  top = waymark_layout_get_header_top (self->layout);
  bottom = waymark_layout_get_header_bottom (self->layout);
  margin = WAYMARK_LAYOUT_MARGIN;
  sy = MAX (top * z - vv, 0);
  sx = MAX (margin * z - hv, 0);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (sx + WAYMARK_LAYOUT_LANE_HEADER * z, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-hv, sy - top * z));
  gtk_snapshot_scale (snapshot, z, z);
  append_layer (self, snapshot, WAYMARK_SCENE_LAYER_STAGE_HEADERS,
                &(WaymarkRect) { visible.x, top, visible.width, bottom - top }, indices);
  if (self->header != 0)
    {
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_STAGE_HEADER, self->header);
      GdkRGBA accent;

      to_gdk (&theme->accent, &accent);
      if (index >= 0)
        append_ring (snapshot, &waymark_scene_get_item (self->scene, index)->bounds, 0, &accent, -2 / z);
    }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, sy + (bottom - top) * z, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (sx - margin * z, -vv));
  gtk_snapshot_scale (snapshot, z, z);
  append_layer (self, snapshot, WAYMARK_SCENE_LAYER_LANE_HEADERS,
                &(WaymarkRect) { margin, visible.y, WAYMARK_LAYOUT_LANE_HEADER, visible.height }, indices);
  if (self->header != 0)
    {
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_LANE_HEADER, self->header);
      GdkRGBA accent;

      to_gdk (&theme->accent, &accent);
      if (index >= 0)
        append_ring (snapshot, &waymark_scene_get_item (self->scene, index)->bounds, 0, &accent, -2 / z);
    }
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (sx - margin * z, sy - top * z));
  gtk_snapshot_scale (snapshot, z, z);
  append_layer (self, snapshot, WAYMARK_SCENE_LAYER_CORNER,
                &(WaymarkRect) { margin, top, WAYMARK_LAYOUT_LANE_HEADER, bottom - top }, indices);
  gtk_snapshot_restore (snapshot);

  if (self->presenting)
    append_stage_caption (self, snapshot, width, height);
  else if (self->focus != NULL)
    append_focus_caption (self, snapshot, width, height);

  if (self->editor != NULL)
    gtk_widget_snapshot_child (widget, self->editor, snapshot);
}

static void
configure_adjustment (GtkAdjustment *adjustment,
                      double         upper,
                      double         page)
{
  double value;

  if (adjustment == NULL)
    return;
  upper = MAX (upper, page);
  value = CLAMP (gtk_adjustment_get_value (adjustment), 0, upper - page);
  gtk_adjustment_configure (adjustment, value, 0, upper, page * 0.1, page * 0.9, page);
}

static void
configure_adjustments (WaymarkCanvas *self)
{
  double map_w = 0, map_h = 0;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->scene != NULL)
    waymark_scene_get_size (self->scene, &map_w, &map_h);
  configure_adjustment (self->hadjustment, map_w * self->zoom, width);
  configure_adjustment (self->vadjustment, map_h * self->zoom, height);
}

static gboolean
adjustments_idle_cb (gpointer data)
{
  WaymarkCanvas *self = data;

  self->adjustments_source = 0;
  if (self->fit_pending && gtk_widget_get_width (GTK_WIDGET (self)) > 1)
    {
      self->fit_pending = FALSE;
      waymark_canvas_zoom_to_fit (self);
    }
  configure_adjustments (self);
  if (self->present_refit)
    {
      self->present_refit = FALSE;
      waymark_canvas_present_step (self, 0);
    }
  if (self->editor != NULL)
    _waymark_canvas_place_editor (self);
  return G_SOURCE_REMOVE;
}

static gboolean
adjustment_differs (GtkAdjustment *adjustment,
                    double         upper,
                    double         page)
{
  return adjustment != NULL &&
         (gtk_adjustment_get_upper (adjustment) != MAX (upper, page) ||
          gtk_adjustment_get_page_size (adjustment) != page);
}

static void
waymark_canvas_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (widget);
  double map_w = 0, map_h = 0;

  /* Changing the scrollbars' ranges now would make the scrolled window
   * need another allocation in the middle of this one: when they must
   * change, they change just after, and the next frame shows it. */
  update_scene (self);
  if (self->scene != NULL)
    waymark_scene_get_size (self->scene, &map_w, &map_h);
  /* Going full screen to present: the stage is fitted to the new size. */
  if (self->presenting && (width != self->present_width || height != self->present_height))
    {
      self->present_width = width;
      self->present_height = height;
      self->present_refit = TRUE;
    }
  if ((self->fit_pending && width > 1 && height > 1) || self->present_refit ||
      adjustment_differs (self->hadjustment, map_w * self->zoom, width) ||
      adjustment_differs (self->vadjustment, map_h * self->zoom, height))
    {
      if (self->adjustments_source == 0)
        self->adjustments_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, adjustments_idle_cb, self, NULL);
    }
  if (self->editor != NULL)
    _waymark_canvas_place_editor (self);
}

static void
waymark_canvas_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  *minimum = 64;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 800 : 600;
}

static void
adjustment_value_changed_cb (WaymarkCanvas *self,
                             GtkAdjustment *adjustment)
{
  if (self->editor != NULL)
    _waymark_canvas_place_editor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (WaymarkCanvas  *self,
                GtkAdjustment **slot,
                GtkAdjustment  *adjustment)
{
  if (adjustment != NULL && *slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot, adjustment_value_changed_cb, self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed", G_CALLBACK (adjustment_value_changed_cb), self);
  configure_adjustments (self);
}

static void update_accessible (WaymarkCanvas *self);

static gboolean
scene_idle_cb (gpointer data)
{
  WaymarkCanvas *self = data;

  self->scene_source = 0;
  _waymark_canvas_ensure_scene (self);
  /* What the selection says changes with the document, not only with it. */
  update_accessible (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (WaymarkCanvas   *self,
                     WaymarkObject   *object,
                     WaymarkChange    change,
                     GParamSpec      *pspec,
                     WaymarkDocument *document)
{
  if (change == WAYMARK_CHANGE_REMOVED && WAYMARK_IS_CARD (object))
    {
      gint64 id = waymark_object_get_id (object);

      g_hash_table_remove (self->selected, &id);
      if (self->cursor_card == id)
        self->cursor_card = 0;
      if (self->edit_object == id)
        _waymark_canvas_end_edit (self, FALSE);
    }
  if (change == WAYMARK_CHANGE_REMOVED && waymark_object_get_id (object) == self->header)
    self->header = 0;
  if (change == WAYMARK_CHANGE_REMOVED && waymark_object_get_id (object) == self->connector)
    {
      if (self->edit_object == self->connector)
        _waymark_canvas_end_edit (self, FALSE);
      self->connector = 0;
    }
  if (change == WAYMARK_CHANGE_REMOVED && WAYMARK_IS_CARD (object) &&
      (waymark_object_get_id (object) == self->link_source || waymark_object_get_id (object) == self->hover_card))
    {
      self->linking = FALSE;
      self->hover_card = 0;
    }

  self->scene_dirty = TRUE;
  /* Lay the map out again before the next frame, not during it: the
   * scrollbars' ranges must settle before the window is allocated. */
  if (self->scene_source == 0)
    self->scene_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, scene_idle_cb, self, NULL);
}

/* The desktop's text scaling (Settings ▸ Accessibility ▸ Large Text sets
 * it, GTK reads it as gtk-xft-dpi), and larger still when presenting. */
static double
text_scale (WaymarkCanvas *self)
{
  GtkSettings *settings = gtk_widget_get_settings (GTK_WIDGET (self));
  int dpi = 0;
  double scale = 1.0;

  if (settings != NULL)
    g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  if (dpi > 0)
    scale = CLAMP (dpi / (96.0 * 1024.0), 0.5, 3.0);
  return scale * (self->presenting ? 1.5 : 1.0);
}

static void
text_scale_cb (WaymarkCanvas *self)
{
  if (self->layout == NULL)
    return;
  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  waymark_layout_set_text_scale (self->layout, text_scale (self));
  self->scene_dirty = TRUE;
  _waymark_canvas_ensure_scene (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The map's colours: light or dark, and high contrast when the desktop
 * asks for it. */
static const WaymarkTheme *
canvas_theme (WaymarkCanvas *self)
{
  if (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    return waymark_theme_get_high_contrast (self->dark);
  return self->dark ? waymark_theme_get_dark () : waymark_theme_get_light ();
}

static void
style_dark_cb (WaymarkCanvas   *self,
               GParamSpec      *pspec,
               AdwStyleManager *manager)
{
  waymark_canvas_set_dark (self, adw_style_manager_get_dark (manager));
}

static void
high_contrast_cb (WaymarkCanvas   *self,
                  GParamSpec      *pspec,
                  AdwStyleManager *manager)
{
  if (self->scene == NULL)
    return;
  waymark_scene_set_theme (self->scene, canvas_theme (self));
  _waymark_canvas_ensure_scene (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
waymark_canvas_dispose (GObject *object)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (object);

  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_handle_id (&self->scene_source, g_source_remove);
  g_clear_handle_id (&self->adjustments_source, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_pointer (&self->focus, g_free);
  g_clear_pointer (&self->announcement, g_free);
  g_clear_object (&self->scene);
  g_clear_object (&self->layout);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment, adjustment_value_changed_cb, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, adjustment_value_changed_cb, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->found, g_hash_table_unref);
  g_clear_pointer (&self->edit_original, g_free);

  G_OBJECT_CLASS (waymark_canvas_parent_class)->dispose (object);
}

static void
waymark_canvas_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_PRESENTING:
      g_value_set_boolean (value, self->presenting);
      break;

    case PROP_FOCUS_FILTER:
      g_value_set_string (value, self->focus ? self->focus : "");
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_canvas_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      waymark_canvas_set_zoom (self, g_value_get_double (value));
      break;
    case PROP_PRESENTING:
      waymark_canvas_set_presenting (self, g_value_get_boolean (value));
      break;

    case PROP_FOCUS_FILTER:
      waymark_canvas_set_focus_filter (self, g_value_get_string (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      self->hscroll_policy = g_value_get_enum (value);
      break;
    case PROP_VSCROLL_POLICY:
      self->vscroll_policy = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_canvas_class_init (WaymarkCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_canvas_dispose;
  object_class->get_property = waymark_canvas_get_property;
  object_class->set_property = waymark_canvas_set_property;

  widget_class->snapshot = waymark_canvas_snapshot;
  widget_class->size_allocate = waymark_canvas_size_allocate;
  widget_class->measure = waymark_canvas_measure;

  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, ZOOM_MIN, ZOOM_MAX, 1.0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PRESENTING] =
    g_param_spec_boolean ("presenting", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /* The focus filter: "" shows every card; "pain" severe pain points,
   * "below" cards with a metric below target, "voted" the most voted,
   * "kind:KIND" one kind, "channel:CHANNEL" one channel. */
  properties[PROP_FOCUS_FILTER] =
    g_param_spec_string ("focus-filter", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT, "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT, "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY, "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY, "vscroll-policy");

  /**
   * WaymarkCanvas::selection-changed:
   *
   * The selected cards, or the selected stage or lane header, changed.
   */
  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "waymark-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_WIDGET);

  _waymark_canvas_class_init_input (widget_class);
}

static void
waymark_canvas_init (WaymarkCanvas *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  /* A screen reader names the widget, then follows its description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Journey Map"), -1);

  self->zoom = 1.0;
  self->present_stage = -1;
  self->nodes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, cached_node_free);
  self->selected = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->found = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->dark = adw_style_manager_get_dark (manager);
  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (high_contrast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_settings_get_default (), "notify::gtk-xft-dpi", G_CALLBACK (text_scale_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  set_adjustment (self, &self->hadjustment, NULL);
  set_adjustment (self, &self->vadjustment, NULL);

  _waymark_canvas_init_input (self);
}

GtkWidget *
waymark_canvas_new (void)
{
  return g_object_new (WAYMARK_TYPE_CANVAS, NULL);
}

void
_waymark_canvas_ensure_scene (WaymarkCanvas *self)
{
  if (update_scene (self))
    configure_adjustments (self);
}

void
_waymark_canvas_widget_to_map (WaymarkCanvas *self,
                               double         wx,
                               double         wy,
                               double        *mx,
                               double        *my)
{
  *mx = (wx + gtk_adjustment_get_value (self->hadjustment)) / self->zoom;
  *my = (wy + gtk_adjustment_get_value (self->vadjustment)) / self->zoom;
}

void
_waymark_canvas_map_to_widget (WaymarkCanvas *self,
                               double         mx,
                               double         my,
                               double        *wx,
                               double        *wy)
{
  *wx = mx * self->zoom - gtk_adjustment_get_value (self->hadjustment);
  *wy = my * self->zoom - gtk_adjustment_get_value (self->vadjustment);
}

/* Scrolls as little as needed for @rect to show beside the frozen headers. */
void
_waymark_canvas_scroll_to (WaymarkCanvas     *self,
                           const WaymarkRect *rect)
{
  double z = self->zoom;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double left = WAYMARK_LAYOUT_LANE_HEADER * z;
  double top = (waymark_layout_get_header_bottom (self->layout) - waymark_layout_get_header_top (self->layout)) * z;
  double hv = gtk_adjustment_get_value (self->hadjustment);
  double vv = gtk_adjustment_get_value (self->vadjustment);
  double x1 = rect->x * z - 16, x2 = (rect->x + rect->width) * z + 16;
  double y1 = rect->y * z - 16, y2 = (rect->y + rect->height) * z + 16;

  if (width <= 0 || height <= 0)
    return;

  if (x2 - hv > width)
    hv = x2 - width;
  if (x1 - hv < left)
    hv = x1 - left;
  if (y2 - vv > height)
    vv = y2 - height;
  if (y1 - vv < top)
    vv = y1 - top;

  gtk_adjustment_set_value (self->hadjustment, MAX (0, hv));
  gtk_adjustment_set_value (self->vadjustment, MAX (0, vv));
}

static void
update_accessible (WaymarkCanvas *self)
{
  guint n_stages = 0, n_lanes = 0;
  const WaymarkLayoutStage *stages = NULL;
  const WaymarkLayoutLane *lanes = NULL;
  g_autofree char *description = NULL;

  if (self->layout != NULL)
    {
      stages = waymark_layout_get_stages (self->layout, &n_stages);
      lanes = waymark_layout_get_lanes (self->layout, &n_lanes);
    }
  if (self->cursor_stage >= n_stages || self->cursor_lane >= n_lanes)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      _("Empty map"), -1);
      return;
    }

  if (self->header != 0 && self->header == self->map)
    {
      WaymarkObject *map = waymark_document_lookup (self->document, self->map);

      if (WAYMARK_IS_MAP (map))
        /* Translators: what a screen reader says on the map's title */
        description = g_strdup_printf (_("Map title “%s”: press F2 to rename"), waymark_map_get_title (WAYMARK_MAP (map)));
    }
  else if (self->connector != 0)
    {
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_CONNECTOR, self->connector);

      if (index >= 0)
        /* Translators: what a screen reader says about a selected
         * connector, e.g. “Connector from “Search” to “Compare”” */
        description = g_strdup_printf (_("Connector %s"), waymark_scene_get_item (self->scene, index)->label);
    }
  else if (self->linking)
    {
      const WaymarkLayoutCard *source = waymark_layout_find_card (self->layout, self->link_source);
      const WaymarkLayoutCard *target = self->cursor_card != self->link_source
                                        ? waymark_layout_find_card (self->layout, self->cursor_card) : NULL;

      if (source != NULL && target != NULL)
        /* Translators: Ctrl+L, choosing the card to connect to */
        description = g_strdup_printf (_("Connect “%s” to “%s”: press Enter to connect, Escape to cancel"),
                                       waymark_card_get_title (source->card), waymark_card_get_title (target->card));
      else if (source != NULL)
        description = g_strdup_printf (_("Connect “%s” to…: move to a card and press Enter, Escape to cancel"),
                                       waymark_card_get_title (source->card));
    }
  if (description == NULL && self->cursor_card != 0)
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, self->cursor_card);

      if (card != NULL)
        /* Translators: what a screen reader says about the selected card:
         * its title, lane, stage and place in its cell */
        description = g_strdup_printf (_("Card “%s”, %s, %s, card %u"),
                                       waymark_card_get_title (card->card),
                                       waymark_lane_get_title (lanes[self->cursor_lane].lane),
                                       waymark_stage_get_title (stages[self->cursor_stage].stage),
                                       card->index + 1);
    }
  if (description == NULL && lanes[self->cursor_lane].is_emotion)
    {
      guint n_emotions;
      const WaymarkLayoutEmotion *points = waymark_layout_get_emotions (self->layout, &n_emotions);
      const WaymarkLayoutEmotion *point = NULL;

      for (guint i = 0; i < n_emotions; i++)
        if (points[i].lane_index == self->cursor_lane && points[i].stage_index == self->cursor_stage &&
            (points[i].emotion == NULL || waymark_emotion_get_card (points[i].emotion) == 0))
          point = &points[i];
      if (point == NULL)
        /* Translators: an emotion cell with no point yet */
        description = g_strdup_printf (_("%s, %s: no score; Up or Down sets one"),
                                       waymark_lane_get_title (lanes[self->cursor_lane].lane),
                                       waymark_stage_get_title (stages[self->cursor_stage].stage));
      else if (point->emotion == NULL)
        /* Translators: an emotion point drawn from a metric, e.g. “Emotions, Purchase: +2, from NPS 31” */
        description = g_strdup_printf (_("%s, %s: %+d, from %s %s"),
                                       waymark_lane_get_title (lanes[self->cursor_lane].lane),
                                       waymark_stage_get_title (stages[self->cursor_stage].stage), point->score,
                                       waymark_metric_get_name (lanes[self->cursor_lane].emotion_metric),
                                       point->label ? pango_layout_get_text (point->label) : "");
      else
        {
          const char *note = waymark_emotion_get_label (point->emotion);

          /* Translators: an emotion point set by hand, e.g. “Emotions, Purchase: −2, Anxious. Up and Down change
           * the score, Enter writes its note” */
          description = g_strdup_printf (_("%s, %s: %+d%s%s. Up and Down change the score, Enter writes its note"),
                                         waymark_lane_get_title (lanes[self->cursor_lane].lane),
                                         waymark_stage_get_title (stages[self->cursor_stage].stage), point->score,
                                         note[0] ? ", " : "", note);
        }
    }
  if (description == NULL)
    /* Translators: the selected empty place in the grid, by lane and stage */
    description = g_strdup_printf (_("%s, %s: press Enter to add a card"),
                                   waymark_lane_get_title (lanes[self->cursor_lane].lane),
                                   waymark_stage_get_title (stages[self->cursor_stage].stage));

  if (self->announcement != NULL)
    {
      char *said = g_strdup_printf ("%s. %s", self->announcement, description);

      g_free (description);
      description = said;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

/**
 * waymark_canvas_announce:
 * @message: what just happened, “Undone: Move Card”
 *
 * Tells a screen reader: announced where GTK can (4.14), and said before
 * the map's description until the selection moves on.
 */
void
waymark_canvas_announce (WaymarkCanvas *self,
                         const char    *message)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));
  g_return_if_fail (message != NULL);

  g_free (self->announcement);
  self->announcement = g_strdup (message);
#if GTK_CHECK_VERSION (4, 14, 0)
  gtk_accessible_announce (GTK_ACCESSIBLE (self), message, GTK_ACCESSIBLE_ANNOUNCEMENT_PRIORITY_MEDIUM);
#endif
  if (self->scene_dirty)
    _waymark_canvas_ensure_scene (self);
  update_accessible (self);
}

const char *
waymark_canvas_get_announcement (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), NULL);

  return self->announcement;
}

void
_waymark_canvas_selection_changed (WaymarkCanvas *self)
{
  /* The selection moved on: what was announced is old news. */
  g_clear_pointer (&self->announcement, g_free);
  update_accessible (self);
  _waymark_canvas_update_actions (self);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * _waymark_canvas_set_cursor:
 * @card: a card, or 0 for the cell's slot
 * @extend: add @card to the selection instead of replacing it
 */
void
_waymark_canvas_set_cursor (WaymarkCanvas *self,
                            guint          stage,
                            guint          lane,
                            gint64         card,
                            gboolean       extend)
{
  WaymarkRect rect;

  self->cursor_stage = stage;
  self->cursor_lane = lane;
  self->cursor_card = card;
  self->header = 0;
  self->connector = 0;

  if (!extend)
    g_hash_table_remove_all (self->selected);
  if (card != 0)
    {
      gint64 *key = g_new (gint64, 1);

      *key = card;
      if (extend && g_hash_table_contains (self->selected, key))
        {
          g_hash_table_remove (self->selected, key);
          g_free (key);
        }
      else
        g_hash_table_add (self->selected, key);
    }

  rect = _waymark_canvas_cursor_rect (self);
  if (rect.width > 0)
    _waymark_canvas_scroll_to (self, &rect);
  _waymark_canvas_selection_changed (self);
}

/* The cards that start in a cell, in their order. */
GPtrArray *
_waymark_canvas_dup_cell_cards (WaymarkCanvas *self,
                                guint          stage,
                                guint          lane)
{
  GPtrArray *ret = g_ptr_array_new ();
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);

  for (guint i = 0; i < n_cards; i++)
    if (cards[i].lane_index == lane && cards[i].stage_index == stage)
      g_ptr_array_add (ret, cards[i].card);
  return ret;
}

gint64
waymark_canvas_get_map (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), 0);
  return self->map;
}

/**
 * waymark_canvas_set_document:
 * @document: (nullable): the document to show
 * @map: the map of @document to show, 0 for its first
 */
void
waymark_canvas_set_document (WaymarkCanvas   *self,
                             WaymarkDocument *document,
                             gint64           map)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));
  g_return_if_fail (!document || WAYMARK_IS_DOCUMENT (document));

  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->scene);
  g_clear_object (&self->layout);
  g_hash_table_remove_all (self->nodes);
  g_hash_table_remove_all (self->selected);
  self->cursor_stage = self->cursor_lane = 0;
  self->cursor_card = self->header = 0;
  self->present_stage = -1;
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      if (map == 0 && waymark_document_get_first_map (document) != NULL)
        map = waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document)));
      self->map = map;
      self->layout = waymark_layout_new (document, map);
      waymark_layout_set_text_scale (self->layout, text_scale (self));
      self->scene = waymark_scene_new (self->layout, canvas_theme (self));
      self->changed_id = g_signal_connect_swapped (document, "changed",
                                                   G_CALLBACK (document_changed_cb), self);
      _waymark_canvas_ensure_scene (self);
    }
  else
    self->map = 0;

  if (self->hadjustment)
    gtk_adjustment_set_value (self->hadjustment, 0);
  if (self->vadjustment)
    gtk_adjustment_set_value (self->vadjustment, 0);
  configure_adjustments (self);
  _waymark_canvas_selection_changed (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

double
waymark_canvas_get_zoom (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), 1.0);
  return self->zoom;
}

/* Zooms keeping the map point under (@wx, @wy) in place: Ctrl+scroll and
 * pinches zoom around the pointer, the zoom actions around the middle. */
void
_waymark_canvas_zoom_around (WaymarkCanvas *self,
                             double         zoom,
                             double         wx,
                             double         wy)
{
  double mx, my;

  zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  if (zoom == self->zoom)
    return;

  _waymark_canvas_widget_to_map (self, wx, wy, &mx, &my);
  self->zoom = zoom;
  configure_adjustments (self);
  gtk_adjustment_set_value (self->hadjustment, mx * zoom - wx);
  gtk_adjustment_set_value (self->vadjustment, my * zoom - wy);
  if (self->editor != NULL)
    _waymark_canvas_place_editor (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
waymark_canvas_set_zoom (WaymarkCanvas *self,
                         double         zoom)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  _waymark_canvas_zoom_around (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
waymark_canvas_zoom_to_fit (WaymarkCanvas *self)
{
  double map_w, map_h;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (self->scene == NULL)
    return;
  if (width <= 1 || height <= 1)
    {
      self->fit_pending = TRUE;
      return;
    }

  _waymark_canvas_ensure_scene (self);
  waymark_scene_get_size (self->scene, &map_w, &map_h);
  if (map_w <= 0 || map_h <= 0)
    return;
  self->zoom = CLAMP (MIN (width / map_w, height / map_h), ZOOM_MIN, ZOOM_MAX);
  configure_adjustments (self);
  gtk_adjustment_set_value (self->hadjustment, 0);
  gtk_adjustment_set_value (self->vadjustment, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

void
waymark_canvas_set_dark (WaymarkCanvas *self,
                         gboolean       dark)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  dark = !!dark;
  if (self->dark == (guint) dark)
    return;
  self->dark = dark;
  if (self->scene != NULL)
    {
      waymark_scene_set_theme (self->scene, canvas_theme (self));
      _waymark_canvas_ensure_scene (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
waymark_canvas_get_presenting (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), FALSE);
  return self->presenting;
}

/**
 * waymark_canvas_set_presenting:
 *
 * Presentation mode: larger text, and Page Up/Down walk through the
 * stages with the others dimmed. The window hides its chrome.
 */
void
waymark_canvas_set_presenting (WaymarkCanvas *self,
                               gboolean       presenting)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  presenting = !!presenting;
  if (self->presenting == (guint) presenting)
    return;
  self->presenting = presenting;

  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  if (presenting)
    {
      self->saved_zoom = self->zoom;
      self->saved_x = gtk_adjustment_get_value (self->hadjustment);
      self->saved_y = gtk_adjustment_get_value (self->vadjustment);
    }
  if (self->layout != NULL)
    {
      waymark_layout_set_text_scale (self->layout, text_scale (self));
      /* A stage's cards side by side: a wider, shorter stage, larger on
       * the screen when all its lanes must fit. */
      waymark_layout_set_cell_columns (self->layout, presenting ? 2 : 1);
      _waymark_canvas_ensure_scene (self);
    }
  self->present_stage = presenting ? (int) self->cursor_stage : -1;
  if (presenting)
    waymark_canvas_present_step (self, 0);
  else if (self->saved_zoom > 0)
    {
      self->present_width = self->present_height = 0;
      self->present_refit = FALSE;
      /* Back to the view as it was. */
      self->zoom = self->saved_zoom;
      configure_adjustments (self);
      gtk_adjustment_set_value (self->hadjustment, self->saved_x);
      gtk_adjustment_set_value (self->vadjustment, self->saved_y);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTING]);
}

/**
 * waymark_canvas_present_step:
 * @delta: stages to move, -1 or 1; 0 to show the current one
 *
 * In presentation mode, highlights the next or previous stage and scrolls
 * it into the middle of the view.
 */
void
waymark_canvas_present_step (WaymarkCanvas *self,
                             int            delta)
{
  guint n_stages;
  const WaymarkLayoutStage *stages;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double target;

  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (!self->presenting || self->layout == NULL)
    return;
  _waymark_canvas_ensure_scene (self);
  stages = waymark_layout_get_stages (self->layout, &n_stages);
  if (n_stages == 0)
    return;

  self->present_stage = CLAMP (self->present_stage + delta, 0, (int) n_stages - 1);
  self->cursor_stage = self->present_stage;
  self->cursor_card = 0;
  /* The whole stage on screen, every lane of it, as large as fits. */
  {
    const WaymarkLayoutStage *stage = &stages[self->present_stage];
    int height = gtk_widget_get_height (GTK_WIDGET (self));
    double map_w, map_h, fit;

    waymark_layout_get_size (self->layout, &map_w, &map_h);
    if (width > 1 && height > 1 && map_h > 0)
      {
        fit = MIN ((height - 8) / map_h, (width - 16) / (stage->width + 2 * WAYMARK_LAYOUT_MARGIN));
        self->zoom = CLAMP (fit, ZOOM_MIN, ZOOM_MAX);
        configure_adjustments (self);
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
      }
  }
  target = (stages[self->present_stage].x + stages[self->present_stage].width / 2) * self->zoom - width / 2.0;
  gtk_adjustment_set_value (self->hadjustment, MAX (0, target));
  gtk_adjustment_set_value (self->vadjustment, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  _waymark_canvas_selection_changed (self);
}

/**
 * waymark_canvas_dup_selection:
 *
 * Returns: (transfer container): the selected cards, or the selected stage
 *   or lane; empty when a cell is selected
 */
GPtrArray *
waymark_canvas_dup_selection (WaymarkCanvas *self)
{
  GPtrArray *ret = g_ptr_array_new ();
  guint n_cards;
  const WaymarkLayoutCard *cards;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), ret);

  if (self->document == NULL)
    return ret;

  if (self->header != 0 || self->connector != 0)
    {
      WaymarkObject *object = waymark_document_lookup (self->document, self->header ? self->header : self->connector);

      /* The map's title: the inspector shows the map, as with nothing selected. */
      if (object != NULL && !WAYMARK_IS_MAP (object))
        g_ptr_array_add (ret, object);
      return ret;
    }

  /* In display order, so that copying keeps the order on the map. */
  _waymark_canvas_ensure_scene (self);
  cards = waymark_layout_get_cards (self->layout, &n_cards);
  for (guint i = 0; i < n_cards; i++)
    {
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (cards[i].card));

      if (g_hash_table_contains (self->selected, &id))
        g_ptr_array_add (ret, cards[i].card);
    }
  return ret;
}

/**
 * waymark_canvas_select_object:
 * @object: a card, stage or lane of the shown map
 */
void
waymark_canvas_select_object (WaymarkCanvas *self,
                              gint64         object)
{
  WaymarkObject *found;

  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (self->document == NULL || !(found = waymark_document_lookup (self->document, object)))
    return;
  _waymark_canvas_ensure_scene (self);

  if (WAYMARK_IS_CARD (found))
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, object);

      if (card != NULL)
        _waymark_canvas_set_cursor (self, card->stage_index, card->lane_index, object, FALSE);
    }
  else if (WAYMARK_IS_CONNECTOR (found))
    {
      gint64 source = waymark_connector_get_source (WAYMARK_CONNECTOR (found));
      gint64 target = waymark_connector_get_target (WAYMARK_CONNECTOR (found));
      const WaymarkLayoutCard *card;
      double p[8];

      /* The cursor stays on the card the connector was reached from: Tab
       * walks that card's connectors, Escape goes back to it. */
      if (self->connector_card != source && self->connector_card != target)
        self->connector_card = self->cursor_card == target ? target : source;
      card = waymark_layout_find_card (self->layout, self->connector_card);
      if (card == NULL)
        return;
      g_hash_table_remove_all (self->selected);
      self->header = 0;
      self->cursor_stage = card->stage_index;
      self->cursor_lane = card->lane_index;
      self->cursor_card = self->connector_card;
      self->connector = object;
      if (_waymark_canvas_connector_curve (self, object, p))
        {
          double x1 = MIN (p[0], p[6]), y1 = MIN (p[1], p[7]);
          WaymarkRect around = { x1, y1, MAX (p[0], p[6]) - x1, MAX (p[1], p[7]) - y1 };

          _waymark_canvas_scroll_to (self, &around);
        }
      _waymark_canvas_selection_changed (self);
    }
  else if (WAYMARK_IS_MAP (found) && object == self->map)
    {
      /* The title on the map: F2 or Enter renames it. */
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_TITLE, object);

      g_hash_table_remove_all (self->selected);
      self->cursor_card = 0;
      self->connector = 0;
      self->header = object;
      if (index >= 0)
        _waymark_canvas_scroll_to (self, &waymark_scene_get_item (self->scene, index)->bounds);
      _waymark_canvas_selection_changed (self);
    }
  else if (WAYMARK_IS_STAGE (found) || WAYMARK_IS_LANE (found))
    {
      g_hash_table_remove_all (self->selected);
      self->cursor_card = 0;
      self->connector = 0;
      self->header = object;
      if (WAYMARK_IS_STAGE (found) && waymark_layout_find_stage (self->layout, object) >= 0)
        self->cursor_stage = waymark_layout_find_stage (self->layout, object);
      if (WAYMARK_IS_LANE (found) && waymark_layout_find_lane (self->layout, object) >= 0)
        self->cursor_lane = waymark_layout_find_lane (self->layout, object);
      /* Its column (row) on screen: the header itself is pinned. */
      {
        guint n_stages, n_lanes;
        const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
        const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

        if (WAYMARK_IS_STAGE (found) && self->cursor_stage < n_stages)
          _waymark_canvas_scroll_to (self, &(WaymarkRect) { stages[self->cursor_stage].x,
                                                           waymark_layout_get_header_bottom (self->layout),
                                                           stages[self->cursor_stage].width, 1 });
        else if (WAYMARK_IS_LANE (found) && self->cursor_lane < n_lanes && n_stages > 0)
          _waymark_canvas_scroll_to (self, &(WaymarkRect) { stages[MIN (self->cursor_stage, n_stages - 1)].x,
                                                           lanes[self->cursor_lane].y, 1,
                                                           MIN (lanes[self->cursor_lane].height, 120) });
      }
      _waymark_canvas_selection_changed (self);
    }
}

/**
 * waymark_canvas_get_cursor_cell:
 * @stage: (out): the cursor's stage
 * @lane: (out): its lane
 *
 * Returns: whether the cursor is in a cell of the map
 */
gboolean
waymark_canvas_get_cursor_cell (WaymarkCanvas *self,
                                gint64        *stage,
                                gint64        *lane)
{
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), FALSE);

  if (self->layout == NULL)
    return FALSE;
  stages = waymark_layout_get_stages (self->layout, &n_stages);
  lanes = waymark_layout_get_lanes (self->layout, &n_lanes);
  if (self->cursor_stage >= n_stages || self->cursor_lane >= n_lanes)
    return FALSE;
  *stage = waymark_object_get_id (WAYMARK_OBJECT (stages[self->cursor_stage].stage));
  *lane = waymark_object_get_id (WAYMARK_OBJECT (lanes[self->cursor_lane].lane));
  return TRUE;
}

/**
 * waymark_canvas_select_cell:
 * @stage: a stage of the shown map
 * @lane: a lane of it
 *
 * Puts the cursor in the cell, after its last card.
 */
void
waymark_canvas_select_cell (WaymarkCanvas *self,
                            gint64         stage,
                            gint64         lane)
{
  int s, l;

  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (self->layout == NULL)
    return;
  _waymark_canvas_ensure_scene (self);
  s = waymark_layout_find_stage (self->layout, stage);
  l = waymark_layout_find_lane (self->layout, lane);
  if (s >= 0 && l >= 0)
    _waymark_canvas_set_cursor (self, (guint) s, (guint) l, 0, FALSE);
}

void
waymark_canvas_select_first_cell (WaymarkCanvas *self)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (self->layout == NULL)
    return;
  _waymark_canvas_ensure_scene (self);
  _waymark_canvas_set_cursor (self, 0, 0, 0, FALSE);
}

/**
 * waymark_canvas_find:
 * @query: text to look for in card titles and bodies
 * @direction: 1 for the next match after the cursor, -1 for the previous,
 *   0 for the first match from the cursor on
 *
 * Selects a matching card and scrolls to it.
 *
 * Returns: how many cards match
 */
guint
waymark_canvas_find (WaymarkCanvas *self,
                     const char    *query,
                     int            direction,
                     guint         *position)
{
  g_autoptr(GPtrArray) matches = NULL;
  guint n_stages, n_lanes;
  int current = -1, next;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), 0);

  if (position != NULL)
    *position = 0;
  waymark_canvas_clear_found (self);
  if (self->document == NULL || query == NULL || *query == '\0')
    return 0;

  _waymark_canvas_ensure_scene (self);
  waymark_layout_get_stages (self->layout, &n_stages);
  waymark_layout_get_lanes (self->layout, &n_lanes);
  matches = waymark_edit_find (self->document, self->map, query);
  if (matches->len == 0)
    return 0;

  for (guint i = 0; i < matches->len; i++)
    {
      gint64 id = waymark_object_get_id (g_ptr_array_index (matches, i));

      g_hash_table_add (self->found, g_memdup2 (&id, sizeof id));
    }

  for (guint i = 0; i < matches->len; i++)
    if (waymark_object_get_id (g_ptr_array_index (matches, i)) == self->cursor_card)
      current = i;

  if (current < 0)
    next = direction < 0 ? (int) matches->len - 1 : 0;
  else if (direction == 0)
    next = current;
  else
    next = (current + direction + (int) matches->len) % (int) matches->len;

  waymark_canvas_select_object (self, waymark_object_get_id (g_ptr_array_index (matches, next)));
  if (position != NULL)
    *position = next + 1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return matches->len;
}

/**
 * waymark_canvas_clear_found:
 * @self: a #WaymarkCanvas
 *
 * Takes away the highlight of what Find matched (Find was closed).
 */
void
waymark_canvas_clear_found (WaymarkCanvas *self)
{
  g_return_if_fail (WAYMARK_IS_CANVAS (self));

  if (g_hash_table_size (self->found) == 0)
    return;
  g_hash_table_remove_all (self->found);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
_waymark_canvas_get_n_found (WaymarkCanvas *self)
{
  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), 0);

  return g_hash_table_size (self->found);
}

static void
draw_legend (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (user_data);
  g_autoptr(GPtrArray) items = NULL;
  double used;

  if (self->scene == NULL)
    return;

  items = waymark_scene_build_legend (self->scene, width, &used);
  for (guint i = 0; i < items->len; i++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (items, i);

      cairo_save (cr);
      cairo_translate (cr, item->bounds.x, item->bounds.y);
      waymark_painter_draw_item (cr, item);
      cairo_restore (cr);
    }
}

/**
 * waymark_canvas_new_legend:
 *
 * Returns: (transfer floating): a widget showing the key to the map's
 *   symbols, in the canvas's colours
 */
GtkWidget *
waymark_canvas_new_legend (WaymarkCanvas *self)
{
  GtkWidget *area = gtk_drawing_area_new ();
  double height = 0;

  g_return_val_if_fail (WAYMARK_IS_CANVAS (self), NULL);

  g_autoptr(GString) text = g_string_new (NULL);

  if (self->scene != NULL)
    {
      g_autoptr(GPtrArray) items = waymark_scene_build_legend (self->scene, 260, &height);

      /* Its text alternative: what each entry says, in order. */
      for (guint i = 0; i < items->len; i++)
        {
          const WaymarkSceneItem *item = g_ptr_array_index (items, i);

          if (item->label != NULL && item->label[0] != '\0')
            g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", item->label);
        }
    }
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 260);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), (int) ceil (height));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_legend, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Legend"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
  return area;
}

WaymarkScene *
_waymark_canvas_get_scene (WaymarkCanvas *self)
{
  return self->scene;
}

guint
_waymark_canvas_get_cached_nodes (WaymarkCanvas *self)
{
  return g_hash_table_size (self->nodes);
}

void
_waymark_canvas_get_cursor (WaymarkCanvas *self,
                            guint         *stage,
                            guint         *lane,
                            gint64        *card)
{
  *stage = self->cursor_stage;
  *lane = self->cursor_lane;
  *card = self->cursor_card;
}

GtkWidget *
_waymark_canvas_get_editor (WaymarkCanvas *self)
{
  return self->editor;
}

/*
 * _waymark_canvas_render:
 *
 * Renders the canvas as it would show at @width × @height, without a
 * window: for the benchmarks and render tests.
 */
GskRenderNode *
_waymark_canvas_render (WaymarkCanvas *self,
                        int            width,
                        int            height)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_size_allocate (GTK_WIDGET (self), &(GtkAllocation) { 0, 0, width, height }, -1);
  /* No main loop runs here: settle the scrollbars at once. */
  g_clear_handle_id (&self->adjustments_source, g_source_remove);
  adjustments_idle_cb (self);
  waymark_canvas_snapshot (GTK_WIDGET (self), snapshot);
  return gtk_snapshot_free_to_node (snapshot);
}

/* Where @connector is drawn, in map coordinates; FALSE if it is not on
 * the shown map. */
gboolean
_waymark_canvas_connector_curve (WaymarkCanvas *self,
                                 gint64         connector,
                                 double         points[8])
{
  WaymarkObject *object = self->document ? waymark_document_lookup (self->document, connector) : NULL;
  const WaymarkLayoutCard *a, *b;

  if (!WAYMARK_IS_CONNECTOR (object) || self->layout == NULL)
    return FALSE;
  a = waymark_layout_find_card (self->layout, waymark_connector_get_source (WAYMARK_CONNECTOR (object)));
  b = waymark_layout_find_card (self->layout, waymark_connector_get_target (WAYMARK_CONNECTOR (object)));
  if (a == NULL || b == NULL || a->rect.height <= 0 || b->rect.height <= 0)
    return FALSE;
  waymark_scene_connector_curve (&a->rect, &b->rect, points);
  return TRUE;
}

/* The handle a connector is dragged out of: the middle of the card's
 * right edge. */
gboolean
_waymark_canvas_card_handle (WaymarkCanvas *self,
                             gint64         card_id,
                             double        *x,
                             double        *y)
{
  const WaymarkLayoutCard *card = self->layout ? waymark_layout_find_card (self->layout, card_id) : NULL;

  if (card == NULL || card->rect.height <= 0)
    return FALSE;
  *x = card->rect.x + card->rect.width;
  *y = card->rect.y + card->rect.height / 2;
  return TRUE;
}

gint64
_waymark_canvas_get_connector (WaymarkCanvas *self)
{
  return self->connector;
}

gboolean
_waymark_canvas_get_linking (WaymarkCanvas *self)
{
  return self->linking;
}
