/* test-canvas.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * The canvas in a real window on the virtual display. The keyboard
 * contract is driven with real key events from waymark_ui_test_xdotool (XTEST), so that
 * they travel the same way as a person's: through the window's
 * shortcuts, the focus chain and the canvas's controllers. The saved
 * document is then read back and checked.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gdk/x11/gdkx.h>

#include "waymark-application.h"
#include "waymark-canvas-private.h"
#include "waymark-core.h"
#include "waymark-edit.h"
#include "waymark-ui-test-util.h"
#include "waymark-window-private.h"

static WaymarkApplication *app;

typedef struct
{
  char          *dir;
  char          *path;
  GFile         *file;
  WaymarkWindow *window;
  WaymarkCanvas *canvas;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (!waymark_ui_test_can_send_events ())
    {
      g_test_skip ("needs an X11 display and xdotool");
      return;
    }

  fixture->dir = g_dir_make_tmp ("waymark-test-canvas-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "keyboard.waymark", NULL);
  fixture->file = g_file_new_for_path (fixture->path);
  document = waymark_store_new_document ("blank", "Keyboard", &error);
  g_assert_no_error (error);
  g_assert_true (waymark_store_save (document, fixture->file, &error));
  g_assert_no_error (error);

  fixture->window = waymark_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  waymark_window_open (fixture->window, fixture->file);
  waymark_ui_test_wait_window (fixture->window);
  waymark_ui_test_spin_for (300);

  fixture->canvas = WAYMARK_CANVAS (waymark_ui_test_find_widget (GTK_WIDGET (fixture->window), WAYMARK_TYPE_CANVAS));
  g_assert_nonnull (fixture->canvas);

  waymark_ui_test_focus (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      WaymarkDocument *document = waymark_window_get_document (fixture->window);

      /* Closing must not ask about unsaved changes. */
      if (document != NULL)
        waymark_store_save (document, fixture->file, NULL);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      waymark_ui_test_spin_for (50);
    }
  if (fixture->path != NULL)
    g_unlink (fixture->path);
  if (fixture->dir != NULL)
    g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_clear_object (&fixture->file);
}

static WaymarkDocument *
reload (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document = waymark_store_open (fixture->file, &error);

  g_assert_no_error (error);
  return document;
}

/* The titles of a cell's cards, in order, joined by "|". */
static char *
cell_titles (WaymarkDocument *document,
             gint64           stage,
             gint64           lane)
{
  g_autoptr(GPtrArray) cards = waymark_document_dup_cell (document, stage, lane);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < cards->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '|');
      g_string_append (text, waymark_card_get_title (g_ptr_array_index (cards, i)));
    }
  return g_string_free (text, FALSE);
}

static int
emotion_score (WaymarkDocument *document,
               gint64           lane,
               gint64           stage)
{
  GPtrArray *emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);

  for (guint i = 0; i < emotions->len; i++)
    {
      WaymarkEmotion *emotion = g_ptr_array_index (emotions, i);

      if (waymark_emotion_get_lane (emotion) == lane && waymark_emotion_get_stage (emotion) == stage)
        return waymark_emotion_get_score (emotion);
    }
  return G_MININT;
}

/* Blank template ids: stages 101..103, lanes 211 (touchpoints), 212
 * (actions), 213 (thoughts), 214 (emotions), 215, 216. */

static void
test_keyboard_contract (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  guint stage, lane;
  gint64 card;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  /* Opening: the canvas has the focus and the first cell is selected. */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->canvas)));
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 0);
  g_assert_cmpuint (lane, ==, 0);
  g_assert_cmpint (card, ==, 0);

  /* Enter adds a card and edits its title; Enter commits; the slot below
   * is selected, so Enter again adds the next card. */
  waymark_ui_test_key ("Return");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("First idea");
  waymark_ui_test_key ("Return");
  g_assert_null (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Second");
  waymark_ui_test_key ("shift+Return");
  waymark_ui_test_type ("line");
  waymark_ui_test_key ("Return");

  /* Tab: the same lane in the next stage. */
  waymark_ui_test_key ("Tab");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 1);
  g_assert_cmpuint (lane, ==, 0);
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Third");
  waymark_ui_test_key ("Return");

  /* Up selects the card above the slot; F2 edits it; typing replaces the
   * selected title. */
  waymark_ui_test_key ("Up");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpint (card, !=, 0);
  waymark_ui_test_key ("F2");
  waymark_ui_test_type ("Third card");
  waymark_ui_test_key ("Return");

  /* Escape cancels an edit. */
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("never kept");
  waymark_ui_test_key ("Escape");

  /* Escape clears the selection; the cursor stays in the cell. */
  waymark_ui_test_key ("Up");
  {
    g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (fixture->canvas);

    g_assert_cmpuint (selection->len, ==, 1);
  }
  waymark_ui_test_key ("Escape");
  {
    g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (fixture->canvas);
    guint after_stage, after_lane;

    g_assert_cmpuint (selection->len, ==, 0);
    _waymark_canvas_get_cursor (fixture->canvas, &after_stage, &after_lane, &card);
    g_assert_cmpuint (after_stage, ==, 1);
    g_assert_cmpuint (after_lane, ==, 0);
    g_assert_cmpint (card, ==, 0);
  }
  waymark_ui_test_key ("Up");

  /* Shift+F10 opens the card's menu (it does not start renaming); Escape
   * closes it and the card stays selected. */
  waymark_ui_test_key ("shift+F10");
  waymark_ui_test_spin_for (200);
  g_assert_null (_waymark_canvas_get_editor (fixture->canvas));
  g_assert_nonnull (fixture->canvas->context_menu);
  g_assert_true (gtk_widget_get_visible (fixture->canvas->context_menu));
  waymark_ui_test_key ("Escape");
  waymark_ui_test_spin_for (200);
  g_assert_false (gtk_widget_get_visible (fixture->canvas->context_menu));
  {
    g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (fixture->canvas);

    g_assert_cmpuint (selection->len, ==, 1);
  }
  /* The Menu key too. */
  waymark_ui_test_key ("Menu");
  waymark_ui_test_spin_for (200);
  g_assert_true (gtk_widget_get_visible (fixture->canvas->context_menu));
  waymark_ui_test_key ("Escape");
  waymark_ui_test_spin_for (200);

  /* Ctrl+D duplicates, Delete removes the copy again. */
  waymark_ui_test_key ("ctrl+d");
  waymark_ui_test_key ("Delete");

  /* Alt+Left moves the card (selected again after the copy went) to the
   * first stage. */
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpint (card, !=, 0);
  waymark_ui_test_key ("alt+Left");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 0);

  /* Shift+Tab back is a no-op at the first stage; Down walks the cards of
   * the cell and on to the next lane. */
  waymark_ui_test_key ("ctrl+Down");
  waymark_ui_test_key ("ctrl+Down");
  waymark_ui_test_key ("ctrl+Down");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (lane, ==, 3);
  /* In the emotion lane, Up raises the stage's score. */
  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Down");

  /* F2 writes the point's note (never “add a card”); Enter opens it again,
   * Escape leaves it as it was. */
  waymark_ui_test_key ("F2");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("Curious");
  waymark_ui_test_key ("Return");
  g_assert_null (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_key ("Return");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("never kept");
  waymark_ui_test_key ("Escape");
  g_assert_null (_waymark_canvas_get_editor (fixture->canvas));
  {
    WaymarkDocument *document = waymark_window_get_document (fixture->window);
    GPtrArray *emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
    guint notes = 0;

    for (guint i = 0; i < emotions->len; i++)
      if (g_str_equal (waymark_emotion_get_label (g_ptr_array_index (emotions, i)), "Curious"))
        notes++;
    g_assert_cmpuint (notes, ==, 1);
    g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Emotion Note");
  }

  /* A card in the Actions lane of the last stage, then undo and redo. */
  waymark_ui_test_key ("ctrl+Up");
  waymark_ui_test_key ("ctrl+Up");
  waymark_ui_test_key ("End");
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Undone");
  waymark_ui_test_key ("Return");
  waymark_ui_test_key ("ctrl+z");
  waymark_ui_test_key ("ctrl+shift+z");
  waymark_ui_test_key ("ctrl+z");

  /* Ctrl+S saves. */
  waymark_ui_test_key ("ctrl+s");
  waymark_ui_test_spin_for (300);
  g_test_message ("after save: undo “%s”, last message %s",
                  waymark_document_get_undo_label (waymark_window_get_document (fixture->window)),
                  _waymark_window_get_last_message (fixture->window));
  g_assert_false (waymark_document_get_modified (waymark_window_get_document (fixture->window)));

  saved = reload (fixture);
  first = cell_titles (saved, 101, 211);
  second = cell_titles (saved, 102, 211);
  g_assert_cmpstr (first, ==, "First idea|Second\nline|Third card");
  g_assert_cmpstr (second, ==, "");
  g_assert_cmpint (emotion_score (saved, 214, 101), ==, 1);
  {
    g_autofree char *actions = cell_titles (saved, 103, 212);

    g_assert_cmpstr (actions, ==, "");
  }
}

static void
test_find_and_select_lane (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GPtrArray) selection = NULL;
  guint stage, lane;
  gint64 card;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Cafe menu");
  waymark_ui_test_key ("Return");
  waymark_ui_test_key ("Tab");
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Checkout");
  waymark_ui_test_key ("Return");
  waymark_ui_test_key ("Tab");
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Receipt");
  waymark_ui_test_key ("Return");

  /* Ctrl+A selects every card of the lane. */
  waymark_ui_test_key ("ctrl+a");
  selection = waymark_canvas_dup_selection (fixture->canvas);
  g_assert_cmpuint (selection->len, ==, 3);

  /* Ctrl+F finds a card by its text, accents or not. (xdotool cannot
   * type “é” with the virtual display's keymap: give it to the card.) */
  {
    WaymarkDocument *document = waymark_window_get_document (fixture->window);
    g_autoptr(GPtrArray) cards = waymark_document_dup_cell (document, 101, 211);

    g_assert_cmpuint (cards->len, ==, 1);
    waymark_document_set (document, g_ptr_array_index (cards, 0), "title", "Café menu", NULL);
  }
  waymark_ui_test_key ("ctrl+f");
  waymark_ui_test_type ("cafe");
  waymark_ui_test_spin_for (600);
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpint (card, !=, 0);
  g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (waymark_window_get_document (fixture->window), card))),
                   ==, "Café menu");
  waymark_ui_test_key ("Escape");
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (fixture->canvas)));
}

/* A metric on a stage: its header's badge says, on hover, where the
 * number comes from, as a card's does. */
static void
test_stage_badge_tooltip (Fixture       *fixture,
                          gconstpointer  data)
{
  WaymarkDocument *document;
  WaymarkObject *metric;
  const WaymarkSceneItem *header;
  g_autofree char *text = NULL;
  double x, y;
  int index;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  document = waymark_window_get_document (fixture->window);
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC, "name", "NPS", "kind", "nps",
                                 "column-name", "score", NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "stage", (gint64) 102, "value", 12.0, "n", (gint64) 40, "moe", 9.5, NULL);
  waymark_ui_test_spin_for (100);
  _waymark_canvas_ensure_scene (fixture->canvas);

  index = waymark_scene_find_item (_waymark_canvas_get_scene (fixture->canvas), WAYMARK_SCENE_ROLE_STAGE_HEADER, 102);
  g_assert_cmpint (index, >=, 0);
  header = waymark_scene_get_item (_waymark_canvas_get_scene (fixture->canvas), index);
  _waymark_canvas_map_to_widget (fixture->canvas, header->bounds.x + header->bounds.width / 2,
                                 header->bounds.y + header->bounds.height - 12, &x, &y);
  text = _waymark_canvas_describe_at (fixture->canvas, x, y, FALSE);
  g_assert_nonnull (text);
  g_assert_true (g_str_has_prefix (text, "NPS: +12 (n 40, ± 9.5)"));

  /* Another stage, without a value, says nothing. */
  g_clear_pointer (&text, g_free);
  index = waymark_scene_find_item (_waymark_canvas_get_scene (fixture->canvas), WAYMARK_SCENE_ROLE_STAGE_HEADER, 101);
  header = waymark_scene_get_item (_waymark_canvas_get_scene (fixture->canvas), index);
  _waymark_canvas_map_to_widget (fixture->canvas, header->bounds.x + header->bounds.width / 2,
                                 header->bounds.y + header->bounds.height / 2, &x, &y);
  text = _waymark_canvas_describe_at (fixture->canvas, x, y, FALSE);
  g_assert_null (text);
}

static void
test_render_nodes_cached (Fixture       *fixture,
                          gconstpointer  data)
{
  GskRenderNode *node;
  guint cached;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  /* Drawing twice builds each item's node once. */
  node = _waymark_canvas_render (fixture->canvas, 1200, 700);
  gsk_render_node_unref (node);
  cached = _waymark_canvas_get_cached_nodes (fixture->canvas);
  g_assert_cmpuint (cached, >, 10);
  node = _waymark_canvas_render (fixture->canvas, 1200, 700);
  gsk_render_node_unref (node);
  g_assert_cmpuint (_waymark_canvas_get_cached_nodes (fixture->canvas), ==, cached);
}

/* Moves the pointer to map point (@mx, @my) of the canvas, in the X
 * window's coordinates. */
static void
pointer_to (Fixture *fixture,
            double   mx,
            double   my)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  double wx, wy, sx, sy;

  _waymark_canvas_map_to_widget (fixture->canvas, mx, my, &wx, &wy);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fixture->canvas), GTK_WIDGET (fixture->window),
                                                   wx, wy, &wx, &wy));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &sx, &sy);
  x = g_strdup_printf ("%d", (int) (wx + sx));
  y = g_strdup_printf ("%d", (int) (wy + sy));
  waymark_ui_test_xdotool ("mousemove", "--window", xid, x, y, NULL);
}

static void
test_mouse (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  WaymarkLayout *layout;
  WaymarkRect cell;
  const WaymarkLayoutCard *card;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  WaymarkDocument *document;
  g_autoptr(GPtrArray) cards = NULL;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  document = waymark_window_get_document (fixture->window);
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas));

  /* A double click in an empty cell adds a card there and edits it. */
  cell = waymark_layout_get_cell_rect (layout, 1, 1);
  pointer_to (fixture, cell.x + cell.width / 2, cell.y + cell.height / 2);
  waymark_ui_test_xdotool ("click", "--repeat", "2", "--delay", "80", "1", NULL);
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("Dragged");
  waymark_ui_test_key ("Return");
  cards = waymark_document_dup_cell (document, 102, 212);
  g_assert_cmpuint (cards->len, ==, 1);

  /* Dragging it into the first stage's Touchpoints moves it there. */
  card = waymark_layout_find_card (layout, waymark_object_get_id (g_ptr_array_index (cards, 0)));
  g_assert_nonnull (card);
  pointer_to (fixture, card->rect.x + 30, card->rect.y + card->rect.height / 2);
  waymark_ui_test_xdotool ("mousedown", "1", NULL);
  cell = waymark_layout_get_cell_rect (layout, 0, 0);
  pointer_to (fixture, cell.x + 60, cell.y + 40);
  pointer_to (fixture, cell.x + 70, cell.y + 30);
  waymark_ui_test_xdotool ("mouseup", "1", NULL);
  waymark_ui_test_spin_for (200);
  g_test_message ("after drag: undo “%s”", waymark_document_get_undo_label (document));

  waymark_store_save (document, fixture->file, NULL);
  saved = reload (fixture);
  first = cell_titles (saved, 101, 211);
  second = cell_titles (saved, 102, 212);
  g_assert_cmpstr (first, ==, "Dragged");
  g_assert_cmpstr (second, ==, "");

  /* One undo step moves it back. */
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");

  /* A double click in an emotion cell writes the point's note, as Enter
   * does, never a card. */
  {
    guint n_lanes, emotion_lane = G_MAXUINT;
    const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
    GPtrArray *emotions;
    gboolean noted = FALSE;

    for (guint l = 0; l < n_lanes; l++)
      if (lanes[l].is_emotion)
        emotion_lane = l;
    g_assert_cmpuint (emotion_lane, <, n_lanes);
    cell = waymark_layout_get_cell_rect (layout, 2, emotion_lane);
    pointer_to (fixture, cell.x + cell.width / 2, cell.y + cell.height / 2);
    waymark_ui_test_xdotool ("click", "--repeat", "2", "--delay", "80", "1", NULL);
    g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
    waymark_ui_test_type ("Calm");
    waymark_ui_test_key ("Return");
    emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
    for (guint i = 0; i < emotions->len; i++)
      noted |= g_str_equal (waymark_emotion_get_label (g_ptr_array_index (emotions, i)), "Calm");
    g_assert_true (noted);
  }
}

/* The titles of the map's stages or lanes, in order, joined by "|". */
static char *
header_titles (WaymarkDocument *document,
               GType            type)
{
  gint64 map = waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document)));
  g_autoptr(GPtrArray) items = waymark_document_dup_children (document, type, "map", map);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (text, '|');
      g_string_append (text, type == WAYMARK_TYPE_STAGE ? waymark_stage_get_title (g_ptr_array_index (items, i))
                                                        : waymark_lane_get_title (g_ptr_array_index (items, i)));
    }
  return g_string_free (text, FALSE);
}

static void
drag_header (Fixture          *fixture,
             WaymarkSceneRole  role,
             gint64            object,
             double            to_x,
             double            to_y,
             gboolean          cancel)
{
  WaymarkScene *scene = _waymark_canvas_get_scene (fixture->canvas);
  const WaymarkSceneItem *item = waymark_scene_get_item (scene, waymark_scene_find_item (scene, role, object));

  pointer_to (fixture, item->bounds.x + 20, item->bounds.y + 12);
  waymark_ui_test_xdotool ("mousedown", "1", NULL);
  pointer_to (fixture, item->bounds.x + 40, item->bounds.y + 30);
  pointer_to (fixture, to_x, to_y);
  waymark_ui_test_spin_for (100);
  /* Not waymark_ui_test_key (): --clearmodifiers would let go of the button. */
  if (cancel)
    waymark_ui_test_xdotool ("key", "Escape", NULL);
  waymark_ui_test_xdotool ("mouseup", "1", NULL);
  waymark_ui_test_spin_for (200);
}

/* A stage dragged right, a lane dragged down, land where the line shows:
 * in the gap nearest the pointer, not one place past it; Escape during
 * a drag leaves everything where it was. */
static void
test_reorder_headers (Fixture       *fixture,
                      gconstpointer  data)
{
  WaymarkDocument *document;
  WaymarkLayout *layout;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  g_autofree char *before_stages = NULL, *before_lanes = NULL;
  guint n_stages, n_lanes;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  document = waymark_window_get_document (fixture->window);
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas));
  before_stages = header_titles (document, WAYMARK_TYPE_STAGE);
  before_lanes = header_titles (document, WAYMARK_TYPE_LANE);
  g_assert_cmpstr (before_stages, ==, "Before|During|After");

  /* The first stage, into the gap between the second and the third. */
  stages = waymark_layout_get_stages (layout, &n_stages);
  drag_header (fixture, WAYMARK_SCENE_ROLE_STAGE_HEADER, 101,
               stages[2].x + 10, stages[2].header.y + stages[2].header.height / 2, FALSE);
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "During|Before|After");
  }
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Stage");
  waymark_ui_test_key ("ctrl+z");

  /* The first lane, into the gap between the second and the third. */
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  drag_header (fixture, WAYMARK_SCENE_ROLE_LANE_HEADER, 211,
               lanes[2].header.x + lanes[2].header.width / 2, lanes[2].y + 10, FALSE);
  {
    g_auto(GStrv) before = g_strsplit (before_lanes, "|", -1);
    g_autofree char *expected = g_strdup_printf ("%s|%s|%s", before[1], before[0], before[2]);
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_LANE);

    g_assert_true (g_str_has_prefix (titles, expected));
  }
  waymark_ui_test_key ("ctrl+z");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_LANE);

    g_assert_cmpstr (titles, ==, before_lanes);
  }

  /* Escape in the middle of a drag: nothing moves. */
  stages = waymark_layout_get_stages (layout, &n_stages);
  drag_header (fixture, WAYMARK_SCENE_ROLE_STAGE_HEADER, 103, stages[0].x + 10,
               stages[0].header.y + stages[0].header.height / 2, TRUE);
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, before_stages);
  }
}

static gint64
selected_header (Fixture *fixture)
{
  g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (fixture->canvas);

  if (selection->len != 1 || WAYMARK_IS_CARD (g_ptr_array_index (selection, 0)))
    return 0;
  return waymark_object_get_id (g_ptr_array_index (selection, 0));
}

/* The keyboard contract for headers: Up from the top of a stage selects
 * its header, Left from the first stage a lane's; arrows go along the
 * headers, Alt moves them; Enter adds the next one and names it (Escape
 * takes it back), F2 renames, Delete deletes; Down (Right) goes back in. */
static void
test_header_keys (Fixture       *fixture,
                  gconstpointer  data)
{
  WaymarkDocument *document;
  guint stage, lane;
  gint64 card;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);

  waymark_ui_test_key ("Up");
  g_assert_cmpint (selected_header (fixture), ==, 101);
  waymark_ui_test_key ("Right");
  g_assert_cmpint (selected_header (fixture), ==, 102);
  waymark_ui_test_key ("alt+Right");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|After|During");
  }
  g_assert_cmpint (selected_header (fixture), ==, 102);
  waymark_ui_test_key ("ctrl+z");
  waymark_canvas_select_object (fixture->canvas, 102);

  /* Enter: a new stage after this one, named as it is typed. */
  waymark_ui_test_key ("Return");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("Decide");
  waymark_ui_test_key ("Return");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|During|Decide|After");
  }
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Add Stage");
  /* Escape takes a new one back. */
  waymark_ui_test_key ("Return");
  waymark_ui_test_type ("Never");
  waymark_ui_test_key ("Escape");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|During|Decide|After");
  }
  /* F2 renames. */
  {
    gint64 map = waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document)));
    g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map);

    waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (g_ptr_array_index (stages, 2)));
  }
  waymark_ui_test_key ("F2");
  waymark_ui_test_type ("Choose");
  waymark_ui_test_key ("Return");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|During|Choose|After");
  }
  /* Down goes back into the stage's cells. */
  waymark_ui_test_key ("Down");
  g_assert_cmpint (selected_header (fixture), ==, 0);
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 2);
  g_assert_cmpuint (lane, ==, 0);
  /* Delete on the header deletes the stage. */
  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Delete");
  {
    g_autofree char *titles = header_titles (document, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|During|After");
  }

  /* Left from the first stage: the lane's header; Down the next lane's;
   * Right back into the cells. */
  waymark_ui_test_key ("Escape");
  waymark_ui_test_key ("Home");
  waymark_ui_test_key ("Left");
  g_assert_cmpint (selected_header (fixture), ==, 211);
  waymark_ui_test_key ("Down");
  g_assert_cmpint (selected_header (fixture), ==, 212);
  waymark_ui_test_key ("Right");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpint (selected_header (fixture), ==, 0);
  g_assert_cmpuint (stage, ==, 0);
  g_assert_cmpuint (lane, ==, 1);
}

/* The one connector of the document from @source to @target, or NULL. */
static WaymarkConnector *
connector_between (WaymarkDocument *document,
                   const char      *source,
                   const char      *target)
{
  GPtrArray *connectors = waymark_document_get_items (document, WAYMARK_TYPE_CONNECTOR);

  for (guint i = 0; i < connectors->len; i++)
    {
      WaymarkConnector *connector = g_ptr_array_index (connectors, i);
      WaymarkCard *a = WAYMARK_CARD (waymark_document_lookup (document, waymark_connector_get_source (connector)));
      WaymarkCard *b = WAYMARK_CARD (waymark_document_lookup (document, waymark_connector_get_target (connector)));

      if (g_str_equal (waymark_card_get_title (a), source) && g_str_equal (waymark_card_get_title (b), target))
        return connector;
    }
  return NULL;
}

/* Connectors by keyboard (Ctrl+L, arrows, Enter; F2 labels; Tab walks a
 * card's connectors; Delete, undo) and by mouse (a drag from the card's
 * handle; a drag of the selected connector's end re-routes it). */
static void
test_connectors (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  WaymarkDocument *document;
  WaymarkLayout *layout;
  WaymarkConnector *connector;
  const WaymarkLayoutCard *card;
  WaymarkCard *search, *compare, *buy;
  guint stage, lane;
  gint64 cursor, first;
  double hx, hy, p[8];

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);
  search = waymark_edit_add_card (document, 101, 211, -1, "Search");
  compare = waymark_edit_add_card (document, 102, 211, -1, "Compare");
  buy = waymark_edit_add_card (document, 103, 211, -1, "Buy");
  waymark_ui_test_spin_for (100);

  /* Ctrl+L from “Search”, Right to “Compare”, Enter. */
  waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (search)));
  waymark_ui_test_key ("ctrl+l");
  g_assert_true (_waymark_canvas_get_linking (fixture->canvas));
  waymark_ui_test_key ("Right");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &cursor);
  g_assert_cmpint (cursor, ==, waymark_object_get_id (WAYMARK_OBJECT (compare)));
  waymark_ui_test_key ("Return");
  g_assert_false (_waymark_canvas_get_linking (fixture->canvas));
  connector = connector_between (document, "Search", "Compare");
  g_assert_nonnull (connector);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Connect Cards");
  /* The new connector is selected: F2 labels it. */
  g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), ==, waymark_object_get_id (WAYMARK_OBJECT (connector)));
  waymark_ui_test_key ("F2");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("reads reviews");
  waymark_ui_test_key ("Return");
  g_assert_cmpstr (waymark_connector_get_label (connector), ==, "reads reviews");

  /* Escape cancels a connection under way: nothing is made. */
  waymark_ui_test_key ("Escape");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &cursor);
  g_assert_cmpint (cursor, ==, waymark_object_get_id (WAYMARK_OBJECT (search)));
  waymark_ui_test_key ("ctrl+l");
  waymark_ui_test_key ("Right");
  waymark_ui_test_key ("Right");
  waymark_ui_test_key ("Escape");
  g_assert_false (_waymark_canvas_get_linking (fixture->canvas));
  g_assert_null (connector_between (document, "Search", "Buy"));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CONNECTOR)->len, ==, 1);

  /* With the mouse: from the handle on “Compare”'s edge to “Buy”. */
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas));
  card = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (compare)));
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2);
  waymark_ui_test_spin_for (100);
  g_assert_true (_waymark_canvas_card_handle (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (compare)), &hx, &hy));
  pointer_to (fixture, hx - 1, hy);
  waymark_ui_test_spin_for (100);
  waymark_ui_test_xdotool ("mousedown", "1", NULL);
  card = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (buy)));
  pointer_to (fixture, hx + 30, hy + 10);
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2 - 4);
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2);
  waymark_ui_test_spin_for (100);
  waymark_ui_test_xdotool ("mouseup", "1", NULL);
  waymark_ui_test_spin_for (200);
  connector = connector_between (document, "Compare", "Buy");
  g_assert_nonnull (connector);
  g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), ==, waymark_object_get_id (WAYMARK_OBJECT (connector)));

  /* Tab walks the connectors of the card it was reached from. */
  first = _waymark_canvas_get_connector (fixture->canvas);
  waymark_ui_test_key ("Tab");
  g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), !=, first);
  g_assert_true (_waymark_canvas_get_connector (fixture->canvas) ==
                 waymark_object_get_id (WAYMARK_OBJECT (connector_between (document, "Search", "Compare"))));
  waymark_ui_test_key ("Tab");
  g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), ==, first);

  /* Its target end dragged from “Buy” back to “Search”: re-routed. */
  _waymark_canvas_ensure_scene (fixture->canvas);
  g_assert_true (_waymark_canvas_connector_curve (fixture->canvas, first, p));
  pointer_to (fixture, p[6] - 1, p[7]);
  waymark_ui_test_spin_for (100);
  waymark_ui_test_xdotool ("mousedown", "1", NULL);
  card = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (search)));
  pointer_to (fixture, p[6] - 40, p[7] + 20);
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2 + 4);
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2);
  waymark_ui_test_spin_for (100);
  waymark_ui_test_xdotool ("mouseup", "1", NULL);
  waymark_ui_test_spin_for (200);
  g_assert_null (connector_between (document, "Compare", "Buy"));
  g_assert_nonnull (connector_between (document, "Compare", "Search"));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Connector");

  /* By keyboard too: Change Target (its menu), Right, Enter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.change-target", NULL));
  g_assert_true (_waymark_canvas_get_linking (fixture->canvas));
  waymark_ui_test_key ("Right");
  waymark_ui_test_key ("Right");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &cursor);
  g_assert_cmpint (cursor, ==, waymark_object_get_id (WAYMARK_OBJECT (buy)));
  waymark_ui_test_key ("Return");
  g_assert_nonnull (connector_between (document, "Compare", "Buy"));
  waymark_ui_test_key ("ctrl+z");
  g_assert_nonnull (connector_between (document, "Compare", "Search"));
  waymark_canvas_select_object (fixture->canvas, first);

  /* Delete deletes the selected connector; undo brings it back. */
  g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), ==, first);
  waymark_ui_test_key ("Delete");
  g_assert_null (connector_between (document, "Compare", "Search"));
  g_assert_cmpstr (waymark_canvas_get_announcement (fixture->canvas), ==, "Deleted: Connector");
  g_assert_nonnull (connector_between (document, "Search", "Compare"));
  waymark_ui_test_key ("ctrl+z");
  g_assert_nonnull (connector_between (document, "Compare", "Search"));

  /* And in the file. */
  g_assert_true (waymark_store_save (document, fixture->file, NULL));
  saved = reload (fixture);
  connector = connector_between (saved, "Search", "Compare");
  g_assert_nonnull (connector);
  g_assert_cmpstr (waymark_connector_get_label (connector), ==, "reads reviews");
  g_assert_nonnull (connector_between (saved, "Compare", "Search"));
  g_assert_cmpuint (waymark_document_get_items (saved, WAYMARK_TYPE_CONNECTOR)->len, ==, 2);
}

/* The titles by keyboard: Up from a stage's header selects the map's
 * title, F2 renames it; F9 goes into the side panel, whose first field is
 * the document's title: what is typed there is the window's title and
 * the file's. */
static void
test_titles (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  WaymarkDocument *document;
  WaymarkMap *map;
  gint64 deadline;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);
  map = waymark_document_get_first_map (document);

  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Up");
  g_assert_cmpint (selected_header (fixture), ==, 0);
  {
    g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (fixture->canvas);

    /* The title: the side panel shows the map, as with nothing selected. */
    g_assert_cmpuint (selection->len, ==, 0);
  }
  waymark_ui_test_key ("F2");
  g_assert_nonnull (_waymark_canvas_get_editor (fixture->canvas));
  waymark_ui_test_type ("Onboarding");
  waymark_ui_test_key ("Return");
  g_assert_null (_waymark_canvas_get_editor (fixture->canvas));
  g_assert_cmpstr (waymark_map_get_title (map), ==, "Onboarding");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Rename Map");
  /* The document has a title of its own: it stays. */
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Keyboard");
  /* Down goes back to the stage headers. */
  waymark_ui_test_key ("Down");
  g_assert_cmpint (selected_header (fixture), ==, 101);
  waymark_ui_test_key ("Escape");

  /* F9: into the panel, on the document's title. */
  waymark_ui_test_key ("F9");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!GTK_IS_TEXT (gtk_window_get_focus (GTK_WINDOW (fixture->window))) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  waymark_ui_test_key ("ctrl+a");
  waymark_ui_test_type ("Workshop Q3");
  waymark_ui_test_spin_for (200);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Workshop Q3");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), "Workshop Q3"));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Rename Document");
  g_assert_cmpstr (waymark_map_get_title (map), ==, "Onboarding");

  g_assert_true (waymark_store_save (document, fixture->file, NULL));
  saved = reload (fixture);
  g_assert_cmpstr (waymark_document_get_title (saved), ==, "Workshop Q3");
  g_assert_cmpstr (waymark_map_get_title (waymark_document_get_first_map (saved)), ==, "Onboarding");
}

/* Dot voting in a workshop: + and - on the selected card, a click on the
 * vote spot of the card under the pointer; the focus filter on the most
 * voted, Escape shows all again; sort by votes; the parking lot; clear
 * votes in one step; and the file keeps it all. */
static void
test_voting (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  WaymarkDocument *document;
  WaymarkLayout *layout;
  WaymarkCard *a, *b, *c;
  const WaymarkLayoutCard *card;
  gint64 map;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);
  map = waymark_canvas_get_map (fixture->canvas);
  a = waymark_edit_add_card (document, 101, 211, -1, "Ask a friend");
  b = waymark_edit_add_card (document, 101, 211, -1, "Compare prices");
  c = waymark_edit_add_card (document, 101, 211, -1, "Read reviews");
  waymark_ui_test_spin_for (100);

  waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (b)));
  waymark_ui_test_key ("plus");
  waymark_ui_test_key ("plus");
  waymark_ui_test_key ("minus");
  g_assert_cmpint (waymark_card_get_votes (b), ==, 1);
  /* Said as it is done. */
  g_assert_cmpstr (waymark_canvas_get_announcement (fixture->canvas), ==, "1 vote");
  waymark_ui_test_key ("Down");
  waymark_ui_test_key ("equal");
  waymark_ui_test_key ("equal");
  waymark_ui_test_key ("equal");
  g_assert_cmpint (waymark_card_get_votes (c), ==, 3);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Vote");

  /* With the mouse: the vote spot of the card under the pointer. */
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas));
  _waymark_canvas_ensure_scene (fixture->canvas);
  card = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (a)));
  pointer_to (fixture, card->rect.x + card->rect.width / 2, card->rect.y + card->rect.height / 2);
  waymark_ui_test_spin_for (100);
  pointer_to (fixture, card->rect.x + card->rect.width - 14, card->rect.y + card->rect.height - 14);
  waymark_ui_test_spin_for (100);
  waymark_ui_test_xdotool ("click", "1", NULL);
  waymark_ui_test_spin_for (200);
  g_assert_cmpint (waymark_card_get_votes (a), ==, 1);

  /* The focus filter on the most voted; Escape clears the selection,
   * then the filter. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "doc.focus", "s", "voted"));
  g_assert_cmpstr (waymark_canvas_get_focus_filter (fixture->canvas), ==, "voted");
  g_assert_true (waymark_canvas_card_in_focus (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (c))));
  {
    g_autofree char *caption = waymark_canvas_describe_focus (fixture->canvas);

    g_assert_cmpstr (caption, ==, "Focus: Most voted — 3 of 3 cards");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "doc.focus", "s", "kind:pain-point"));
  g_assert_false (waymark_canvas_card_in_focus (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (c))));
  waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (c)));
  waymark_ui_test_key ("Escape");
  g_assert_cmpstr (waymark_canvas_get_focus_filter (fixture->canvas), ==, "kind:pain-point");
  waymark_ui_test_key ("Escape");
  g_assert_cmpstr (waymark_canvas_get_focus_filter (fixture->canvas), ==, "");

  /* Sort: the most voted first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "doc.sort-by-votes", NULL));
  {
    g_autofree char *titles = cell_titles (document, 101, 211);

    g_assert_cmpstr (titles, ==, "Read reviews|Ask a friend|Compare prices");
  }

  /* The parking lot, from the card's menu action. */
  waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (b)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->canvas), "canvas.park", NULL));
  g_assert_cmpstr (waymark_lane_get_kind (WAYMARK_LANE (waymark_document_lookup (document, waymark_card_get_lane (b)))),
                   ==, "parking-lot");

  /* Clear votes: one step. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "doc.clear-votes", NULL));
  g_assert_cmpint (waymark_card_get_votes (c), ==, 0);
  g_assert_cmpint (waymark_card_get_votes (a), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Clear Votes");
  waymark_ui_test_key ("ctrl+z");
  g_assert_cmpint (waymark_card_get_votes (c), ==, 3);
  g_assert_cmpstr (waymark_canvas_get_announcement (fixture->canvas), ==, "Undone: Clear Votes");

  g_assert_true (waymark_store_save (document, fixture->file, NULL));
  saved = reload (fixture);
  {
    GPtrArray *cards = waymark_document_get_items (saved, WAYMARK_TYPE_CARD);
    int total = 0;

    for (guint i = 0; i < cards->len; i++)
      total += waymark_card_get_votes (g_ptr_array_index (cards, i));
    g_assert_cmpint (total, ==, 5);
  }
  {
    g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (saved, map);

    g_assert_cmpstr (waymark_lane_get_kind (g_ptr_array_index (lanes, lanes->len - 1)), ==, "parking-lot");
  }
}

/* Shift+F10 on a card: its menu opens whole, with nothing to scroll to. */
static void
test_menu_whole (Fixture       *fixture,
                 gconstpointer  data)
{
  WaymarkDocument *document;
  WaymarkCard *card;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  gint64 deadline;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);
  card = waymark_edit_add_card (document, 101, 211, -1, "A card with a menu");
  waymark_ui_test_spin_for (100);
  waymark_canvas_select_object (fixture->canvas, waymark_object_get_id (WAYMARK_OBJECT (card)));
  waymark_ui_test_key ("shift+F10");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((fixture->canvas->context_menu == NULL || !gtk_widget_get_mapped (fixture->canvas->context_menu)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (fixture->canvas->context_menu);
  g_assert_true (gtk_widget_get_mapped (fixture->canvas->context_menu));
  waymark_ui_test_spin_for (200);
  scrolled = waymark_ui_test_find_widget (fixture->canvas->context_menu, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_test_message ("menu: %g of %g shown", gtk_adjustment_get_page_size (adjustment), gtk_adjustment_get_upper (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), <=, gtk_adjustment_get_page_size (adjustment) + 1);
  waymark_ui_test_key ("Escape");
}

/* The title of the card under the keyboard cursor, or "" on a slot. */
static const char *
cursor_title (Fixture *fixture)
{
  guint stage, lane;
  gint64 card;
  WaymarkObject *object;

  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  object = card ? waymark_document_lookup (waymark_window_get_document (fixture->window), card) : NULL;
  return WAYMARK_IS_CARD (object) ? waymark_card_get_title (WAYMARK_CARD (object)) : "";
}

static void
add_card_by_keys (const char *title)
{
  waymark_ui_test_key ("Return");
  waymark_ui_test_type (title);
  waymark_ui_test_key ("Return");
}

/*
 * /waymark/canvas/whole-map-by-keyboard — the acceptance: from the
 * blank template, without the mouse, in one take: the document renamed,
 * five stages, six lanes, twenty cards, three connectors (one labelled),
 * emotion scores in every stage, votes; then saved with Ctrl+S.
 */
static void
test_whole_map_by_keyboard (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(WaymarkDocument) saved = NULL;
  WaymarkDocument *document;
  WaymarkDocumentStats stats;
  gint64 deadline;
  GPtrArray *emotions;
  int votes = 0;
  guint scored = 0;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);

  /* The document's title: F9 into the side panel, its first field. */
  waymark_ui_test_key ("F9");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!GTK_IS_TEXT (gtk_window_get_focus (GTK_WINDOW (fixture->window))) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  waymark_ui_test_key ("ctrl+a");
  waymark_ui_test_type ("Gift Journey Workshop");
  waymark_ui_test_key ("F9");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (gtk_window_get_focus (GTK_WINDOW (fixture->window)) != GTK_WIDGET (fixture->canvas) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (fixture->canvas));

  /* Two more stages after the last: Up to the headers, along, Enter. */
  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Right");
  waymark_ui_test_key ("Right");
  add_card_by_keys ("Delivery");
  add_card_by_keys ("Support");
  waymark_ui_test_key ("Down");

  /* Touchpoints: two a stage. */
  waymark_ui_test_key ("Home");
  for (int s = 0; s < 5; s++)
    {
      g_autofree char *a = g_strdup_printf ("Touchpoint %d A", s + 1);
      g_autofree char *b = g_strdup_printf ("Touchpoint %d B", s + 1);

      add_card_by_keys (a);
      add_card_by_keys (b);
      if (s < 4)
        waymark_ui_test_key ("Tab");
    }

  /* Three connectors along the first row, one labelled. */
  waymark_ui_test_key ("Home");
  waymark_ui_test_key ("Up");
  waymark_ui_test_key ("Up");
  g_assert_cmpstr (cursor_title (fixture), ==, "Touchpoint 1 A");
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *next = g_strdup_printf ("Touchpoint %d A", i + 2);

      waymark_ui_test_key ("ctrl+l");
      waymark_ui_test_key ("Right");
      g_assert_cmpstr (cursor_title (fixture), ==, next);
      waymark_ui_test_key ("Return");
      g_assert_cmpint (_waymark_canvas_get_connector (fixture->canvas), !=, 0);
      if (i == 0)
        {
          waymark_ui_test_key ("F2");
          waymark_ui_test_type ("compares");
          waymark_ui_test_key ("Return");
        }
      /* Along the arrow to its target, the next one's source. */
      waymark_ui_test_key ("Right");
      g_assert_cmpstr (cursor_title (fixture), ==, next);
    }
  /* Votes on the last one reached. */
  waymark_ui_test_key ("plus");
  waymark_ui_test_key ("plus");

  /* Actions: one a stage. */
  waymark_ui_test_key ("Home");
  waymark_ui_test_key ("ctrl+Down");
  for (int s = 0; s < 5; s++)
    {
      g_autofree char *title = g_strdup_printf ("Action %d", s + 1);

      add_card_by_keys (title);
      if (s < 4)
        waymark_ui_test_key ("Tab");
    }

  /* Emotions: a score in every stage. */
  waymark_ui_test_key ("Home");
  waymark_ui_test_key ("ctrl+Down");
  waymark_ui_test_key ("ctrl+Down");
  for (int s = 0; s < 5; s++)
    {
      waymark_ui_test_key (s % 2 == 0 ? "Up" : "Down");
      if (s == 2)
        waymark_ui_test_key ("Up");
      if (s < 4)
        waymark_ui_test_key ("Tab");
    }

  /* Pain points: one a stage, the third voted for. */
  waymark_ui_test_key ("Home");
  waymark_ui_test_key ("ctrl+Down");
  for (int s = 0; s < 5; s++)
    {
      g_autofree char *title = g_strdup_printf ("Pain point %d", s + 1);

      add_card_by_keys (title);
      if (s == 2)
        {
          waymark_ui_test_key ("Up");
          waymark_ui_test_key ("plus");
          waymark_ui_test_key ("Down");
        }
      if (s < 4)
        waymark_ui_test_key ("Tab");
    }

  waymark_ui_test_key ("ctrl+s");
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (waymark_document_get_modified (document) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (waymark_document_get_modified (document));

  saved = reload (fixture);
  g_assert_cmpstr (waymark_document_get_title (saved), ==, "Gift Journey Workshop");
  waymark_document_get_stats (saved, &stats);
  g_assert_cmpuint (stats.stages, ==, 5);
  g_assert_cmpuint (stats.lanes, ==, 6);
  g_assert_cmpuint (stats.cards, ==, 20);
  {
    g_autofree char *titles = header_titles (saved, WAYMARK_TYPE_STAGE);

    g_assert_cmpstr (titles, ==, "Before|During|After|Delivery|Support");
  }
  g_assert_cmpuint (waymark_document_get_items (saved, WAYMARK_TYPE_CONNECTOR)->len, ==, 3);
  g_assert_nonnull (connector_between (saved, "Touchpoint 1 A", "Touchpoint 2 A"));
  g_assert_cmpstr (waymark_connector_get_label (connector_between (saved, "Touchpoint 1 A", "Touchpoint 2 A")), ==,
                   "compares");
  g_assert_nonnull (connector_between (saved, "Touchpoint 3 A", "Touchpoint 4 A"));
  emotions = waymark_document_get_items (saved, WAYMARK_TYPE_EMOTION);
  for (guint i = 0; i < emotions->len; i++)
    scored += waymark_emotion_get_score (g_ptr_array_index (emotions, i)) != 0;
  g_assert_cmpuint (scored, ==, 5);
  for (guint i = 0; i < waymark_document_get_items (saved, WAYMARK_TYPE_CARD)->len; i++)
    votes += waymark_card_get_votes (g_ptr_array_index (waymark_document_get_items (saved, WAYMARK_TYPE_CARD), i));
  g_assert_cmpint (votes, ==, 3);

  /* For a person to look at: WAYMARK_SCREENSHOT_DIR keeps it. */
  waymark_canvas_zoom_to_fit (fixture->canvas);
  waymark_ui_test_screenshot (GTK_WIDGET (fixture->window), "whole-map-by-keyboard.png");
}

/* A new lane added after the last one is named where it shows: its
 * title editor inside the visible map, not under the window's edge. */
static void
test_new_lane_on_screen (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *editor;
  graphene_rect_t bounds;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 420);
  waymark_ui_test_spin_for (300);
  waymark_canvas_select_object (fixture->canvas, 216);
  waymark_ui_test_key ("Return");
  editor = _waymark_canvas_get_editor (fixture->canvas);
  g_assert_nonnull (editor);
  waymark_ui_test_spin_for (200);
  g_assert_true (gtk_widget_compute_bounds (editor, GTK_WIDGET (fixture->canvas), &bounds));
  g_test_message ("editor at %g,%g %gx%g in %dx%d", bounds.origin.x, bounds.origin.y, bounds.size.width,
                  bounds.size.height, gtk_widget_get_width (GTK_WIDGET (fixture->canvas)),
                  gtk_widget_get_height (GTK_WIDGET (fixture->canvas)));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (fixture->canvas)));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  waymark_ui_test_type ("Parked ideas");
  waymark_ui_test_key ("Return");
  {
    g_autofree char *titles = header_titles (waymark_window_get_document (fixture->window), WAYMARK_TYPE_LANE);

    g_assert_true (g_str_has_suffix (titles, "|Opportunities|Parked ideas"));
  }
}

/* The desktop's Large Text (gtk-xft-dpi at 1.5×): the map's text follows,
 * cards grow to hold it and stay inside their cells, none over another. */
static void
test_text_scale (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  WaymarkDocument *document;
  WaymarkLayout *layout;
  const WaymarkLayoutCard *cards;
  guint n_cards;
  int dpi = 0;
  double before;
  WaymarkCard *card;

  if (g_test_failed () || fixture->canvas == NULL)
    return;
  document = waymark_window_get_document (fixture->window);
  card = waymark_edit_add_card (document, 101, 211, -1, "A card whose title wraps over more than one line at most sizes");
  waymark_edit_add_card (document, 101, 211, -1, "Below it");
  waymark_ui_test_spin_for (100);
  layout = waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas));
  before = waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (card)))->rect.height;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", (int) (96 * 1024 * 1.5), NULL);
  waymark_ui_test_spin_for (200);
  _waymark_canvas_ensure_scene (fixture->canvas);
  g_assert_cmpfloat_with_epsilon (waymark_layout_get_text_scale (layout), 1.5, 0.01);
  g_assert_cmpfloat (waymark_layout_find_card (layout, waymark_object_get_id (WAYMARK_OBJECT (card)))->rect.height, >,
                     before * 1.2);
  cards = waymark_layout_get_cards (layout, &n_cards);
  for (guint i = 0; i < n_cards; i++)
    {
      WaymarkRect cell = waymark_layout_get_cell_rect (layout, cards[i].stage_index, cards[i].lane_index);

      g_assert_cmpfloat (cards[i].rect.y + cards[i].rect.height, <=, cell.y + cell.height);
      for (guint j = i + 1; j < n_cards; j++)
        g_assert_false (waymark_rect_intersects (&cards[i].rect, &cards[j].rect));
    }

  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
  waymark_ui_test_spin_for (200);
  _waymark_canvas_ensure_scene (fixture->canvas);
  g_assert_cmpfloat_with_epsilon (waymark_layout_get_text_scale (layout), dpi > 0 ? dpi / (96.0 * 1024) : 1.0, 0.01);
}

static void
test_presentation (Fixture       *fixture,
                   gconstpointer  data)
{
  guint stage, lane;
  gint64 card;

  if (g_test_failed () || fixture->canvas == NULL)
    return;

  double zoom_before = waymark_canvas_get_zoom (fixture->canvas);
  double map_w, map_h;

  waymark_ui_test_key ("F5");
  g_assert_true (waymark_canvas_get_presenting (fixture->canvas));
  waymark_ui_test_spin_for (300);
  /* Every lane of the stage on screen. */
  waymark_layout_get_size (waymark_scene_get_layout (_waymark_canvas_get_scene (fixture->canvas)), &map_w, &map_h);
  g_assert_cmpfloat (map_h * waymark_canvas_get_zoom (fixture->canvas), <=,
                     gtk_widget_get_height (GTK_WIDGET (fixture->canvas)) + 1);
  waymark_ui_test_key ("Next");
  waymark_ui_test_key ("Next");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 2);
  waymark_ui_test_key ("Prior");
  _waymark_canvas_get_cursor (fixture->canvas, &stage, &lane, &card);
  g_assert_cmpuint (stage, ==, 1);
  waymark_ui_test_key ("Escape");
  g_assert_false (waymark_canvas_get_presenting (fixture->canvas));
  /* The view as it was. */
  g_assert_cmpfloat (waymark_canvas_get_zoom (fixture->canvas), ==, zoom_before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* xdotool speaks X11. Recovery copies left by an earlier, aborted run
   * must not be offered to this one: a data folder of its own. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  {
    g_autofree char *data = g_dir_make_tmp ("waymark-test-canvas-data-XXXXXX", NULL);

    g_assert_nonnull (data);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_test_init (&argc, &argv, NULL);

  app = waymark_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add ("/waymark/canvas/keyboard-contract", Fixture, NULL, fixture_set_up, test_keyboard_contract, fixture_tear_down);
  g_test_add ("/waymark/canvas/find-and-select-lane", Fixture, NULL, fixture_set_up, test_find_and_select_lane, fixture_tear_down);
  g_test_add ("/waymark/canvas/stage-badge-tooltip", Fixture, NULL, fixture_set_up, test_stage_badge_tooltip, fixture_tear_down);
  g_test_add ("/waymark/canvas/render-nodes-cached", Fixture, NULL, fixture_set_up, test_render_nodes_cached, fixture_tear_down);
  g_test_add ("/waymark/canvas/mouse", Fixture, NULL, fixture_set_up, test_mouse, fixture_tear_down);
  g_test_add ("/waymark/canvas/reorder-headers", Fixture, NULL, fixture_set_up, test_reorder_headers, fixture_tear_down);
  g_test_add ("/waymark/canvas/header-keys", Fixture, NULL, fixture_set_up, test_header_keys, fixture_tear_down);
  g_test_add ("/waymark/canvas/connectors", Fixture, NULL, fixture_set_up, test_connectors, fixture_tear_down);
  g_test_add ("/waymark/canvas/titles", Fixture, NULL, fixture_set_up, test_titles, fixture_tear_down);
  g_test_add ("/waymark/canvas/voting", Fixture, NULL, fixture_set_up, test_voting, fixture_tear_down);
  g_test_add ("/waymark/canvas/menu-whole", Fixture, NULL, fixture_set_up, test_menu_whole, fixture_tear_down);
  g_test_add ("/waymark/canvas/whole-map-by-keyboard", Fixture, NULL, fixture_set_up, test_whole_map_by_keyboard,
              fixture_tear_down);
  g_test_add ("/waymark/canvas/new-lane-on-screen", Fixture, NULL, fixture_set_up, test_new_lane_on_screen, fixture_tear_down);
  g_test_add ("/waymark/canvas/text-scale", Fixture, NULL, fixture_set_up, test_text_scale, fixture_tear_down);
  g_test_add ("/waymark/canvas/presentation", Fixture, NULL, fixture_set_up, test_presentation, fixture_tear_down);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
