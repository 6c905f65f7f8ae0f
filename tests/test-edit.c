/* test-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "waymark-edit.h"
#include "waymark-test-util.h"

/* Helpers */

static WaymarkDocument *
new_document (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document;

  document = waymark_store_new_document (template_name, "Test Map", &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static gint64
id_of (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

/* The template's map: the oldest, as add_second_map() adds another. */
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

static WaymarkStage *
stage_at (WaymarkDocument *document,
          guint            index)
{
  g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, first_map (document));

  g_assert_cmpuint (index, <, stages->len);
  return g_ptr_array_index (stages, index);
}

static gint64
stage_id_at (WaymarkDocument *document,
             guint            index)
{
  return id_of (stage_at (document, index));
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

static gint64
lane_id (WaymarkDocument *document,
         const char      *kind)
{
  return id_of (lane_of_kind (document, kind));
}

static WaymarkCard *
card_titled (WaymarkDocument *document,
             const char      *title)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  WaymarkCard *found = NULL;

  for (guint i = 0; i < cards->len; i++)
    if (g_str_equal (waymark_card_get_title (g_ptr_array_index (cards, i)), title))
      {
        g_assert_null (found);
        found = g_ptr_array_index (cards, i);
      }

  g_assert_nonnull (found);
  return found;
}

/* The titles of a cell's cards in order, joined by “|”. */
static char *
cell_titles (WaymarkDocument *document,
             gint64           stage,
             gint64           lane)
{
  g_autoptr(GPtrArray) cell = waymark_document_dup_cell (document, stage, lane);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cell->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, waymark_card_get_title (g_ptr_array_index (cell, i)));
    }

  return g_string_free (out, FALSE);
}

static void
assert_cell (WaymarkDocument *document,
             gint64           stage,
             gint64           lane,
             const char      *expected)
{
  g_autofree char *titles = cell_titles (document, stage, lane);

  g_assert_cmpstr (titles, ==, expected);
}

static char *
stage_titles (WaymarkDocument *document)
{
  g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, first_map (document));
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < stages->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, waymark_stage_get_title (g_ptr_array_index (stages, i)));
    }

  return g_string_free (out, FALSE);
}

static void
assert_positions_dense (GPtrArray  *ordered,
                        const char *what)
{
  for (guint i = 0; i < ordered->len; i++)
    {
      int position = 0;

      g_object_get (g_ptr_array_index (ordered, i), "position", &position, NULL);
      if (position != (int) i)
        g_error ("%s: item %u of %u has position %d", what, i, ordered->len, position);
    }
}

/* Every map's stages and lanes, and every cell's cards, are at 0…n-1. */
static void
assert_dense (WaymarkDocument *document)
{
  GPtrArray *maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  g_autoptr(GHashTable) cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint m = 0; m < maps->len; m++)
    {
      gint64 map = id_of (g_ptr_array_index (maps, m));
      g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, map);
      g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, map);

      assert_positions_dense (stages, "stages");
      assert_positions_dense (lanes, "lanes");
    }

  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                   waymark_card_get_stage (card), waymark_card_get_lane (card));

      if (g_hash_table_add (cells, key))
        {
          g_autoptr(GPtrArray) cell = waymark_document_dup_cell (document, waymark_card_get_stage (card),
                                                                 waymark_card_get_lane (card));

          assert_positions_dense (cell, key);
        }
    }
}

static void
assert_dump_equal (const char *expected,
                   const char *actual)
{
  g_auto(GStrv) a = NULL;
  g_auto(GStrv) b = NULL;

  if (g_strcmp0 (expected, actual) == 0)
    return;

  /* Name the first line that differs; a whole dump is too long to read. */
  a = g_strsplit (expected, "\n", -1);
  b = g_strsplit (actual, "\n", -1);
  for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
    if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
      g_error ("documents differ at line %u:\n  expected: %s\n  actual:   %s",
               i + 1, a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
}

/* The last operation changed the document from @before as one step named
 * @label: one undo gives @before back exactly, one redo the result again,
 * and both states are dense. The document is left with the step redone. */
static void
assert_one_step (WaymarkDocument *document,
                 const char      *before,
                 const char      *label)
{
  g_autofree char *after = waymark_test_dump_document (document);
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;

  g_assert_cmpstr (before, !=, after);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, label);
  g_assert_false (waymark_document_get_can_redo (document));
  assert_dense (document);

  g_assert_true (waymark_document_undo (document));
  undone = waymark_test_dump_document (document);
  assert_dump_equal (before, undone);
  g_assert_cmpstr (waymark_document_get_redo_label (document), ==, label);
  assert_dense (document);

  g_assert_true (waymark_document_redo (document));
  redone = waymark_test_dump_document (document);
  assert_dump_equal (after, redone);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, label);
  assert_dense (document);
}

/* Nothing changed and nothing was recorded since @before, when the undo
 * label was @label. */
static void
assert_no_step (WaymarkDocument *document,
                const char      *before,
                const char      *label)
{
  g_autofree char *now = waymark_test_dump_document (document);

  assert_dump_equal (before, now);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, label);
}

static GPtrArray *
list_of (gpointer first,
         ...)
{
  GPtrArray *list = g_ptr_array_new ();
  va_list args;

  va_start (args, first);
  for (gpointer item = first; item != NULL; item = va_arg (args, gpointer))
    g_ptr_array_add (list, item);
  va_end (args);

  return list;
}

/* A second map with one stage, one lane and one card, made without the
 * editing commands. */
static gint64
add_second_map (WaymarkDocument *document,
                gint64          *stage,
                gint64          *lane,
                WaymarkCard    **card)
{
  WaymarkObject *map = waymark_document_add (document, WAYMARK_TYPE_MAP,
                                             "position", 1, "title", "Second", NULL);
  WaymarkObject *s = waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                           "map", id_of (map), "position", 0, "title", "Elsewhere", NULL);
  WaymarkObject *l = waymark_document_add (document, WAYMARK_TYPE_LANE,
                                           "map", id_of (map), "position", 0, "title", "Notes",
                                           "kind", "notes", NULL);
  WaymarkObject *c = waymark_document_add (document, WAYMARK_TYPE_CARD,
                                           "stage", id_of (s), "lane", id_of (l), "position", 0,
                                           "title", "Café in the other map", NULL);

  if (stage != NULL)
    *stage = id_of (s);
  if (lane != NULL)
    *lane = id_of (l);
  if (card != NULL)
    *card = WAYMARK_CARD (c);
  return id_of (map);
}

static void
expect_critical (void)
{
  g_test_expect_message ("waymark-edit", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
}

/*
 * /waymark/edit/card-kind-for-lane
 */
static void
test_card_kind_for_lane (void)
{
  const char * const *kinds = waymark_lane_kinds ();

  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("touchpoints"), ==, "touchpoint");
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("pain-points"), ==, "pain-point");
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("opportunities"), ==, "opportunity");
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("thoughts"), ==, "quote");
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("actions"), ==, "note");
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("backstage"), ==, "note");

  /* Whatever the lane, the kind is one the model accepts. */
  for (guint i = 0; kinds[i] != NULL; i++)
    g_assert_true (g_strv_contains (waymark_card_kinds (), waymark_edit_card_kind_for_lane (kinds[i])));
}

/*
 * /waymark/edit/ordered-stages-and-lanes
 */
static void
test_ordered_stages_and_lanes (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 map = first_map (document);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autofree char *titles = NULL;

  /* Scramble the stored order of the positions without the commands. */
  waymark_document_set (document, stage_at (document, 0), "position", 9, NULL);
  stages = waymark_edit_dup_stages (document, map);
  g_assert_cmpuint (stages->len, ==, 6);
  g_assert_cmpstr (waymark_stage_get_title (g_ptr_array_index (stages, 0)), ==, "Research");
  g_assert_cmpstr (waymark_stage_get_title (g_ptr_array_index (stages, 5)), ==, "Discover");

  lanes = waymark_edit_dup_lanes (document, map);
  g_assert_cmpuint (lanes->len, ==, 8);
  for (guint i = 0; i < lanes->len; i++)
    g_assert_cmpint (waymark_lane_get_position (g_ptr_array_index (lanes, i)), ==, i);
  g_assert_cmpstr (waymark_lane_get_kind (g_ptr_array_index (lanes, 3)), ==, "emotions");

  titles = stage_titles (document);
  g_assert_cmpstr (titles, ==, "Research|Purchase|Delivery|Unboxing & Use|Support & Returns|Discover");
}

/*
 * /waymark/edit/add-card
 */
static void
test_add_card (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 discover = stage_id_at (document, 0);
  gint64 touchpoints = lane_id (document, "touchpoints");
  g_autofree char *before = waymark_test_dump_document (document);
  WaymarkCard *card;

  /* In the middle of a cell. */
  card = waymark_edit_add_card (document, discover, touchpoints, 1, "Podcast mention");
  g_assert_nonnull (card);
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "touchpoint");
  g_assert_cmpint (waymark_card_get_span (card), ==, 1);
  g_assert_cmpint (waymark_card_get_stage (card), ==, discover);
  g_assert_cmpint (waymark_card_get_lane (card), ==, touchpoints);
  assert_cell (document, discover, touchpoints,
               "Instagram gift guide ad|Podcast mention|Search results page");
  assert_one_step (document, before, "Add Card");

  /* At the end, with -1 and with a position past the end. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  card = waymark_edit_add_card (document, discover, touchpoints, -1, "Last");
  assert_cell (document, discover, touchpoints,
               "Instagram gift guide ad|Podcast mention|Search results page|Last");
  g_assert_cmpint (waymark_card_get_position (card), ==, 3);
  assert_one_step (document, before, "Add Card");

  waymark_edit_add_card (document, discover, touchpoints, 99, "Past the end");
  assert_cell (document, discover, touchpoints,
               "Instagram gift guide ad|Podcast mention|Search results page|Last|Past the end");

  /* At the start of an empty cell, with the lane's kind; NULL is an empty title. */
  card = waymark_edit_add_card (document, discover, lane_id (document, "pain-points"), 0, NULL);
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "pain-point");
  g_assert_cmpstr (waymark_card_get_title (card), ==, "");
  g_assert_cmpint (waymark_card_get_position (card), ==, 0);
  card = waymark_edit_add_card (document, discover, lane_id (document, "thoughts"), 0, "Hmm");
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "quote");
  assert_cell (document, discover, lane_id (document, "thoughts"), "Hmm|Not another plastic toy, please");
  assert_dense (document);
}

/*
 * /waymark/edit/add-card-refused
 */
static void
test_add_card_refused (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autofree char *before = NULL;
  gint64 other_stage, other_lane;
  WaymarkCard *card;

  add_second_map (document, &other_stage, &other_lane, NULL);
  before = waymark_test_dump_document (document);

  /* A stage of one map and a lane of another are no cell. */
  expect_critical ();
  card = waymark_edit_add_card (document, stage_id_at (document, 0), other_lane, 0, "Nowhere");
  g_test_assert_expected_messages ();
  g_assert_null (card);

  /* Nor is a lane given as the stage. */
  expect_critical ();
  card = waymark_edit_add_card (document, other_lane, other_stage, 0, "Nowhere");
  g_test_assert_expected_messages ();
  g_assert_null (card);

  assert_no_step (document, before, "Add Card");
}

/*
 * /waymark/edit/set-card-title
 */
static void
test_set_card_title (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *card = card_titled (document, "Guest checkout");
  WaymarkCard *other = card_titled (document, "Help center");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *typed = NULL;
  const char *text = "Caf\xc3\xa9 — 配送?";
  glong length = g_utf8_strlen (text, -1);

  /* Typing is one step. */
  for (glong i = 1; i <= length; i++)
    {
      g_autofree char *prefix = g_utf8_substring (text, 0, i);

      waymark_edit_set_card_title (document, card, prefix);
    }
  g_assert_cmpstr (waymark_card_get_title (card), ==, text);
  assert_one_step (document, before, "Edit Card Title");

  /* Typing in another card is another step. */
  typed = waymark_test_dump_document (document);
  waymark_edit_set_card_title (document, other, "F");
  waymark_edit_set_card_title (document, other, "FA");
  waymark_edit_set_card_title (document, other, "FAQ");
  assert_one_step (document, typed, "Edit Card Title");

  /* So is renaming the card, though it is the same property. */
  g_clear_pointer (&typed, g_free);
  typed = waymark_test_dump_document (document);
  waymark_edit_rename (document, WAYMARK_OBJECT (other), "Help");
  assert_one_step (document, typed, "Rename Card");

  /* Setting the same title records nothing. */
  g_clear_pointer (&typed, g_free);
  typed = waymark_test_dump_document (document);
  waymark_edit_set_card_title (document, other, "Help");
  assert_no_step (document, typed, "Rename Card");
}

/*
 * /waymark/edit/set-card-title-pause
 */
static void
test_set_card_title_pause (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *card = card_titled (document, "Guest checkout");
  g_autofree char *original = g_strdup (waymark_card_get_title (card));

  waymark_edit_set_card_title (document, card, "A");
  waymark_edit_set_card_title (document, card, "AB");
  /* A pause longer than 1.5 s ends the step. */
  g_usleep (1600 * G_TIME_SPAN_MILLISECOND);
  waymark_edit_set_card_title (document, card, "ABC");

  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "AB");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Card Title");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, original);
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/edit/move-cards-between-cells
 */
static void
test_move_cards_between_cells (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 touchpoints = lane_id (document, "touchpoints");
  gint64 discover = stage_id_at (document, 0), research = stage_id_at (document, 1);
  gint64 purchase = stage_id_at (document, 2);
  WaymarkCard *email = card_titled (document, "Order confirmation email");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  g_autoptr(GPtrArray) cards = list_of (email, ad, NULL);
  g_autofree char *before = waymark_test_dump_document (document);
  g_autoptr(GError) error = NULL;

  /* Given out of order, they arrive in display order, in the gap before
   * the card at position 1. */
  g_assert_true (waymark_edit_move_cards (document, cards, research, touchpoints, 1, &error));
  g_assert_no_error (error);
  assert_cell (document, research, touchpoints,
               "Product detail page|Instagram gift guide ad|Order confirmation email|Pre-sale chat");
  assert_cell (document, discover, touchpoints, "Search results page");
  assert_cell (document, purchase, touchpoints, "Guest checkout");
  g_assert_cmpint (waymark_card_get_position (ad), ==, 1);
  g_assert_cmpint (waymark_card_get_position (email), ==, 2);
  assert_one_step (document, before, "Move 2 Cards");

  /* One card into another lane, at the end; the card keeps its kind. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_ptr_array_set_size (cards, 1);
  g_assert_true (waymark_edit_move_cards (document, cards, research, lane_id (document, "backstage"), -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (waymark_card_get_lane (email), ==, lane_id (document, "backstage"));
  g_assert_cmpstr (waymark_card_get_kind (email), ==, "touchpoint");
  assert_cell (document, research, touchpoints, "Product detail page|Instagram gift guide ad|Pre-sale chat");
  assert_one_step (document, before, "Move Card");
}

/*
 * /waymark/edit/move-cards-within-cell
 */
static void
test_move_cards_within_cell (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 touchpoints = lane_id (document, "touchpoints");
  gint64 discover = stage_id_at (document, 0);
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *search = card_titled (document, "Search results page");
  WaymarkCard *podcast = waymark_edit_add_card (document, discover, touchpoints, -1, "Podcast");
  g_autoptr(GPtrArray) first = list_of (ad, NULL);
  g_autoptr(GPtrArray) last = list_of (podcast, NULL);
  g_autoptr(GPtrArray) both = list_of (podcast, ad, NULL);
  g_autofree char *before = waymark_test_dump_document (document);

  /* To the end: the gap after the last card. */
  g_assert_true (waymark_edit_move_cards (document, first, discover, touchpoints, 3, NULL));
  assert_cell (document, discover, touchpoints, "Search results page|Podcast|Instagram gift guide ad");
  assert_one_step (document, before, "Move Card");

  /* To the front. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_move_cards (document, last, discover, touchpoints, 0, NULL));
  assert_cell (document, discover, touchpoints, "Podcast|Search results page|Instagram gift guide ad");
  assert_one_step (document, before, "Move Card");

  /* Two cards into the gap between the other two keep their display order. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_move_cards (document, both, discover, touchpoints, 2, NULL));
  assert_cell (document, discover, touchpoints, "Search results page|Podcast|Instagram gift guide ad");
  g_assert_cmpint (waymark_card_get_position (search), ==, 0);
  assert_one_step (document, before, "Move 2 Cards");

  /* Dropped next to itself, a card does not move and nothing is recorded. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_move_cards (document, last, discover, touchpoints, 1, NULL));
  g_assert_true (waymark_edit_move_cards (document, last, discover, touchpoints, 2, NULL));
  assert_no_step (document, before, "Move 2 Cards");
}

/*
 * /waymark/edit/move-cards-refused
 */
static void
test_move_cards_refused (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *elsewhere = NULL;
  g_autoptr(GPtrArray) cards = list_of (ad, NULL);
  g_autoptr(GPtrArray) mixed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gint64 other_stage, other_lane;

  add_second_map (document, &other_stage, &other_lane, &elsewhere);
  mixed = list_of (ad, elsewhere, NULL);
  before = waymark_test_dump_document (document);

  /* Into another map. */
  g_assert_false (waymark_edit_move_cards (document, cards, other_stage, other_lane, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Cards of two maps at once. */
  g_assert_false (waymark_edit_move_cards (document, mixed, stage_id_at (document, 1),
                                           lane_id (document, "touchpoints"), 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A stage and a lane of different maps. */
  g_assert_false (waymark_edit_move_cards (document, cards, stage_id_at (document, 1), other_lane, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* An id that is no stage. */
  expect_critical ();
  g_assert_false (waymark_edit_move_cards (document, cards, other_lane, other_lane, 0, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  assert_no_step (document, before, "Add Card");
}

/*
 * /waymark/edit/move-card-span
 */
static void
test_move_card_span (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 opportunities = lane_id (document, "opportunities");
  WaymarkCard *early = card_titled (document, "Show arrives-by date early");
  g_autoptr(GPtrArray) cards = list_of (early, NULL);
  g_autofree char *before = waymark_test_dump_document (document);

  g_assert_cmpint (waymark_card_get_span (early), ==, 2);

  /* Where it fits, the span stays. */
  g_assert_true (waymark_edit_move_cards (document, cards, stage_id_at (document, 4), opportunities, -1, NULL));
  g_assert_cmpint (waymark_card_get_span (early), ==, 2);
  assert_one_step (document, before, "Move Card");

  /* In the last stage it would run past the end: it is shortened, and
   * undo gives the span back. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_move_cards (document, cards, stage_id_at (document, 5), opportunities, 0, NULL));
  g_assert_cmpint (waymark_card_get_stage (early), ==, stage_id_at (document, 5));
  g_assert_cmpint (waymark_card_get_span (early), ==, 1);
  g_assert_cmpint (waymark_card_get_position (early), ==, 0);
  assert_one_step (document, before, "Move Card");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_card_get_span (early), ==, 2);
}

/*
 * /waymark/edit/nudge-card
 */
static void
test_nudge_card (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *help = card_titled (document, "Help center");
  WaymarkCard *early = card_titled (document, "Show arrives-by date early");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *edge = NULL;

  /* Down: to the end of the cell below. */
  g_assert_true (waymark_edit_nudge_card (document, ad, 0, 1));
  g_assert_cmpint (waymark_card_get_lane (ad), ==, lane_id (document, "actions"));
  assert_cell (document, stage_id_at (document, 0), lane_id (document, "actions"),
               "Saves the ad for later|Instagram gift guide ad");
  assert_cell (document, stage_id_at (document, 0), lane_id (document, "touchpoints"), "Search results page");
  assert_one_step (document, before, "Move Card");

  /* Right, then left again. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_nudge_card (document, ad, 1, 0));
  g_assert_cmpint (waymark_card_get_stage (ad), ==, stage_id_at (document, 1));
  assert_cell (document, stage_id_at (document, 1), lane_id (document, "actions"),
               "Compares three kits|Reads critical reviews|Instagram gift guide ad");
  assert_one_step (document, before, "Move Card");
  g_assert_true (waymark_edit_nudge_card (document, ad, -1, 0));
  g_assert_cmpint (waymark_card_get_stage (ad), ==, stage_id_at (document, 0));

  /* A spanning card keeps its span where it fits. */
  g_assert_true (waymark_edit_nudge_card (document, early, 1, 0));
  g_assert_cmpint (waymark_card_get_stage (early), ==, stage_id_at (document, 2));
  g_assert_cmpint (waymark_card_get_span (early), ==, 2);

  /* The edges: nothing moves and nothing is recorded. */
  edge = waymark_test_dump_document (document);
  g_assert_false (waymark_edit_nudge_card (document, help, 1, 0));
  g_assert_false (waymark_edit_nudge_card (document, ad, -1, 0));
  g_assert_false (waymark_edit_nudge_card (document, card_titled (document, "Search results page"), 0, -1));
  assert_no_step (document, edge, "Move Card");

  /* Down to the last lane, and no further. */
  g_assert_true (waymark_edit_nudge_card (document, early, 0, 1));
  g_assert_true (waymark_edit_nudge_card (document, early, 0, 1));
  g_assert_cmpint (waymark_card_get_lane (early), ==, lane_id (document, "metrics"));
  g_clear_pointer (&edge, g_free);
  edge = waymark_test_dump_document (document);
  g_assert_false (waymark_edit_nudge_card (document, early, 0, 1));
  g_assert_false (waymark_edit_nudge_card (document, early, 0, 0));
  assert_no_step (document, edge, "Move Card");
}

/*
 * /waymark/edit/duplicate
 */
static void
test_duplicate (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 discover = stage_id_at (document, 0);
  gint64 touchpoints = lane_id (document, "touchpoints");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *search = card_titled (document, "Search results page");
  WaymarkCard *hidden = card_titled (document, "Delivery date hidden");
  g_autoptr(GPtrArray) cards = list_of (hidden, search, ad, NULL);
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  GPtrArray *all = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  guint n_cards = all->len;

  copies = waymark_edit_duplicate (document, cards);
  g_assert_cmpuint (copies->len, ==, 3);
  g_assert_cmpuint (all->len, ==, n_cards + 3);

  /* Each copy right after its original; returned in display order. */
  assert_cell (document, discover, touchpoints,
               "Instagram gift guide ad|Instagram gift guide ad|Search results page|Search results page");
  g_assert_cmpint (waymark_card_get_position (g_ptr_array_index (copies, 0)), ==, 1);
  g_assert_cmpint (waymark_card_get_position (g_ptr_array_index (copies, 1)), ==, 3);
  g_assert_cmpint (waymark_card_get_position (search), ==, 2);
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (copies, 2)), ==, "Delivery date hidden");

  /* Every field but the id and the position is the original's. */
  for (guint i = 0; i < copies->len; i++)
    {
      WaymarkCard *copy = g_ptr_array_index (copies, i);
      WaymarkCard *original = i == 0 ? ad : i == 1 ? search : hidden;

      g_assert_cmpint (id_of (copy), !=, id_of (original));
      g_assert_cmpint (waymark_card_get_stage (copy), ==, waymark_card_get_stage (original));
      g_assert_cmpint (waymark_card_get_lane (copy), ==, waymark_card_get_lane (original));
      g_assert_cmpstr (waymark_card_get_kind (copy), ==, waymark_card_get_kind (original));
      g_assert_cmpstr (waymark_card_get_body (copy), ==, waymark_card_get_body (original));
      g_assert_cmpstr (waymark_card_get_channel (copy), ==, waymark_card_get_channel (original));
      g_assert_cmpint (waymark_card_get_severity (copy), ==, waymark_card_get_severity (original));
      g_assert_cmpint (waymark_card_get_span (copy), ==, waymark_card_get_span (original));
    }
  g_assert_cmpint (waymark_card_get_severity (g_ptr_array_index (copies, 2)), ==, 2);
  g_assert_cmpstr (waymark_card_get_channel (g_ptr_array_index (copies, 0)), ==, "social");

  assert_one_step (document, before, "Duplicate 3 Cards");

  /* One card; an empty list records nothing. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_ptr_array_set_size (cards, 1);
  g_clear_pointer (&copies, g_ptr_array_unref);
  copies = waymark_edit_duplicate (document, cards);
  g_assert_cmpuint (copies->len, ==, 1);
  assert_one_step (document, before, "Duplicate Card");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_ptr_array_set_size (cards, 0);
  g_clear_pointer (&copies, g_ptr_array_unref);
  copies = waymark_edit_duplicate (document, cards);
  g_assert_cmpuint (copies->len, ==, 0);
  assert_no_step (document, before, "Duplicate Card");
}

/*
 * /waymark/edit/duplicate-spanning
 */
static void
test_duplicate_spanning (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *early = card_titled (document, "Show arrives-by date early");
  g_autoptr(GPtrArray) cards = list_of (early, NULL);
  g_autoptr(GPtrArray) copies = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  WaymarkCard *copy;

  copies = waymark_edit_duplicate (document, cards);
  g_assert_cmpuint (copies->len, ==, 1);
  copy = g_ptr_array_index (copies, 0);
  g_assert_cmpint (waymark_card_get_span (copy), ==, 2);
  g_assert_cmpint (waymark_card_get_stage (copy), ==, waymark_card_get_stage (early));
  g_assert_cmpint (waymark_card_get_position (copy), ==, waymark_card_get_position (early) + 1);
  g_assert_cmpstr (waymark_card_get_owner (copy), ==, "Checkout team");
  g_assert_cmpstr (waymark_card_get_status (copy), ==, "in progress");
  g_assert_cmpstr (waymark_card_get_kind (copy), ==, "opportunity");
  assert_one_step (document, before, "Duplicate Card");
}

/*
 * /waymark/edit/delete-cards
 */
static void
test_delete_cards (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 touchpoints = lane_id (document, "touchpoints");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *product = card_titled (document, "Product detail page");
  WaymarkCard *chat = card_titled (document, "Pre-sale chat");
  g_autoptr(GPtrArray) cards = list_of (ad, product, ad, NULL);
  g_autoptr(GPtrArray) one = list_of (chat, NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *before = NULL;
  WaymarkObject *comment;
  WaymarkObject *connector;

  comment = waymark_document_add (document, WAYMARK_TYPE_COMMENT, "card", id_of (ad), "body", "Nice", NULL);
  connector = waymark_document_add (document, WAYMARK_TYPE_CONNECTOR,
                                    "source", id_of (ad), "target", id_of (chat), NULL);
  g_ptr_array_add (cards, card_titled (document, "Help center"));
  before = waymark_test_dump_document (document);

  /* A card listed twice counts once; what refers to a card goes with it. */
  g_assert_cmpuint (waymark_edit_delete (document, cards), ==, 3);
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (ad)));
  g_assert_null (waymark_object_get_document (comment));
  g_assert_null (waymark_object_get_document (connector));
  assert_cell (document, stage_id_at (document, 0), touchpoints, "Search results page");
  assert_cell (document, stage_id_at (document, 1), touchpoints, "Pre-sale chat");
  assert_cell (document, stage_id_at (document, 5), touchpoints, "Customer care chat");
  g_assert_cmpint (waymark_card_get_position (chat), ==, 0);
  assert_one_step (document, before, "Delete 3 Cards");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_cmpuint (waymark_edit_delete (document, one), ==, 1);
  assert_one_step (document, before, "Delete Card");

  /* Nothing to delete. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_cmpuint (waymark_edit_delete (document, none), ==, 0);
  assert_no_step (document, before, "Delete Card");
}

/*
 * /waymark/edit/delete-stage
 */
static void
test_delete_stage (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *research = stage_at (document, 1);
  WaymarkCard *product = card_titled (document, "Product detail page");
  g_autoptr(GPtrArray) stages = list_of (research, NULL);
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *titles = NULL;
  GPtrArray *emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
  guint n_emotions = emotions->len;

  g_assert_cmpuint (waymark_edit_delete (document, stages), ==, 1);

  /* Its cards and its emotion point went with it; the stages after it moved up. */
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (product)));
  g_assert_cmpuint (emotions->len, ==, n_emotions - 1);
  titles = stage_titles (document);
  g_assert_cmpstr (titles, ==, "Discover|Purchase|Delivery|Unboxing & Use|Support & Returns");
  assert_one_step (document, before, "Delete Stage");
}

/*
 * /waymark/edit/delete-stage-spanning
 *
 * A card covering several stages loses only the deleted ones.
 */
static void
test_delete_stage_spanning (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 opportunities = lane_id (document, "opportunities");
  gint64 purchase = stage_id_at (document, 2);
  WaymarkCard *finder = card_titled (document, "Age-based gift finder");
  WaymarkCard *early = card_titled (document, "Show arrives-by date early");
  WaymarkCard *alerts = card_titled (document, "Proactive delay alerts");
  WaymarkCard *qr = card_titled (document, "Gift receipt QR code");
  g_autoptr(GPtrArray) research = list_of (stage_at (document, 1), NULL);
  g_autoptr(GPtrArray) tail = list_of (stage_at (document, 4), stage_at (document, 5), NULL);
  g_autofree char *before = NULL;
  g_autofree char *purchase_cell = NULL;

  /* Discover…Purchase; Delivery (and past the end, as a file may hold). */
  waymark_document_set (document, finder, "span", 3, NULL);
  waymark_document_set (document, alerts, "span", 9, NULL);
  /* Unboxing…Support, both deleted below. */
  waymark_document_set (document, qr, "span", 2, NULL);
  purchase_cell = cell_titles (document, purchase, opportunities);
  before = waymark_test_dump_document (document);

  g_assert_cmpuint (waymark_edit_delete (document, research), ==, 1);

  /* Covering it from the stage before: one stage shorter, in place. */
  g_assert_cmpint (waymark_card_get_stage (finder), ==, stage_id_at (document, 0));
  g_assert_cmpint (waymark_card_get_span (finder), ==, 2);
  /* Starting in it: on to the next stage it covers, at the end of that cell. */
  g_assert_nonnull (waymark_object_get_document (WAYMARK_OBJECT (early)));
  g_assert_cmpint (waymark_card_get_stage (early), ==, purchase);
  g_assert_cmpint (waymark_card_get_span (early), ==, 1);
  {
    g_autofree char *expected = purchase_cell[0] != '\0'
                                ? g_strconcat (purchase_cell, "|Show arrives-by date early", NULL)
                                : g_strdup ("Show arrives-by date early");

    assert_cell (document, purchase, opportunities, expected);
  }
  assert_one_step (document, before, "Delete Stage");

  /* Both stages of a card gone: the card is gone. A card left running
   * past the end is brought back within the map. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_cmpuint (waymark_edit_delete (document, tail), ==, 2);
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (qr)));
  g_assert_cmpint (waymark_card_get_stage (alerts), ==, stage_id_at (document, 2));
  g_assert_cmpint (waymark_card_get_span (alerts), ==, 1);
  assert_one_step (document, before, "Delete 2 Stages");
}

/* Whatever is added refers only to objects already there. */
static void
assert_references_present_cb (WaymarkDocument *document,
                              GObject         *object,
                              int              change,
                              GParamSpec      *pspec,
                              gpointer         user_data)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  if (change != WAYMARK_CHANGE_ADDED || object == NULL)
    return;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      gint64 ref = 0;

      if (pspecs[i]->value_type != G_TYPE_INT64 || g_str_equal (pspecs[i]->name, "n") ||
          g_str_equal (pspecs[i]->name, "excluded"))
        continue;

      g_object_get (object, pspecs[i]->name, &ref, NULL);
      if (ref != 0 && waymark_document_lookup (document, ref) == NULL)
        g_error ("%s %" G_GINT64_FORMAT " came back before its %s %" G_GINT64_FORMAT,
                 G_OBJECT_TYPE_NAME (object), id_of (object), pspecs[i]->name, ref);
    }
}

/*
 * /waymark/edit/delete-lanes-and-connectors
 */
static void
test_delete_lanes_and_connectors (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkLane *thoughts = lane_of_kind (document, "thoughts");
  WaymarkLane *emotions_lane = lane_of_kind (document, "emotions");
  WaymarkCard *quote = card_titled (document, "Not another plastic toy, please");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *search = card_titled (document, "Search results page");
  WaymarkObject *connector = waymark_document_add (document, WAYMARK_TYPE_CONNECTOR,
                                                   "source", id_of (ad), "target", id_of (search), NULL);
  g_autoptr(GPtrArray) connectors = list_of (connector, NULL);
  g_autoptr(GPtrArray) lanes = list_of (thoughts, emotions_lane, NULL);
  g_autoptr(GPtrArray) mixed = NULL;
  g_autoptr(GPtrArray) remaining = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  gulong handler;

  g_assert_cmpuint (waymark_edit_delete (document, connectors), ==, 1);
  g_assert_nonnull (waymark_object_get_document (WAYMARK_OBJECT (ad)));
  assert_one_step (document, before, "Delete Connector");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_cmpuint (waymark_edit_delete (document, lanes), ==, 2);
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (quote)));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_EMOTION)->len, ==, 0);
  remaining = waymark_edit_dup_lanes (document, first_map (document));
  g_assert_cmpuint (remaining->len, ==, 6);
  g_assert_cmpstr (waymark_lane_get_kind (g_ptr_array_index (remaining, 2)), ==, "pain-points");
  assert_one_step (document, before, "Delete 2 Lanes");

  /* A stage and one of its own cards: both count as deleted. Undo brings
   * back the stage before the cards in it, the card before its comment. */
  waymark_document_add (document, WAYMARK_TYPE_COMMENT, "card", id_of (ad), "body", "Keep?", NULL);
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  mixed = list_of (ad, stage_at (document, 0), NULL);
  g_assert_cmpuint (waymark_edit_delete (document, mixed), ==, 2);
  assert_one_step (document, before, "Delete 2 Items");

  handler = g_signal_connect (document, "changed", G_CALLBACK (assert_references_present_cb), NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_redo (document));
  g_assert_true (waymark_document_undo (document));
  g_clear_signal_handler (&handler, document);
  g_assert_nonnull (waymark_object_get_document (WAYMARK_OBJECT (ad)));
}

/*
 * /waymark/edit/delete-refused
 */
static void
test_delete_refused (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(WaymarkDocument) other = new_document ("ecommerce");
  g_autoptr(GPtrArray) maps = list_of (g_ptr_array_index (waymark_document_get_items (document, WAYMARK_TYPE_MAP), 0), NULL);
  g_autoptr(GPtrArray) foreign = list_of (card_titled (other, "Help center"), NULL);
  g_autofree char *before = waymark_test_dump_document (document);

  /* A map is not deleted from the canvas; a card of another document never. */
  expect_critical ();
  g_assert_cmpuint (waymark_edit_delete (document, maps), ==, 0);
  g_test_assert_expected_messages ();
  expect_critical ();
  g_assert_cmpuint (waymark_edit_delete (document, foreign), ==, 0);
  g_test_assert_expected_messages ();

  assert_no_step (document, before, NULL);
}

/*
 * /waymark/edit/cards-to-text
 */
static void
test_cards_to_text (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  WaymarkCard *search = card_titled (document, "Search results page");
  WaymarkCard *help = card_titled (document, "Help center");
  g_autoptr(GPtrArray) cards = list_of (help, search, ad, NULL);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autofree char *text = NULL;
  g_autofree char *empty = NULL;

  waymark_document_set (document, search, "title", "two\r\nlines\nand\rmore ", NULL);
  text = waymark_edit_cards_to_text (cards);
  g_assert_cmpstr (text, ==, "Instagram gift guide ad\ntwo lines and more \nHelp center");
  g_assert_cmpuint (waymark_edit_count_text_cards (text), ==, 3);

  empty = waymark_edit_cards_to_text (none);
  g_assert_cmpstr (empty, ==, "");
}

/*
 * /waymark/edit/count-text-cards
 */
static void
test_count_text_cards (void)
{
  g_assert_cmpuint (waymark_edit_count_text_cards (""), ==, 0);
  g_assert_cmpuint (waymark_edit_count_text_cards ("\n\n \t\r\n\xe3\x80\x80\n"), ==, 0);
  g_assert_cmpuint (waymark_edit_count_text_cards ("one"), ==, 1);
  g_assert_cmpuint (waymark_edit_count_text_cards ("one\n"), ==, 1);
  g_assert_cmpuint (waymark_edit_count_text_cards ("one\r\ntwo\rthree\n\nfour"), ==, 4);
  g_assert_cmpuint (waymark_edit_count_text_cards ("- a\n-\n  * b  \n"), ==, 3);
}

/*
 * /waymark/edit/paste-text
 */
static void
test_paste_text (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 discover = stage_id_at (document, 0);
  gint64 pain = lane_id (document, "pain-points");
  gint64 touchpoints = lane_id (document, "touchpoints");
  const char *text =
    "\xef\xbb\xbf" "First\r\n"
    "\n"
    "  - Dashed  \r"
    "* Starred\n"
    "\xe2\x80\xa2 Bulleted\n"
    "12. Numbered\n"
    "2024. The year\n"
    "1.5 kg parcel\n"
    "-\n"
    "\t\xe3\x80\x80 \n"
    "\xe3\x80\x80" "配送が遅い\xc2\xa0\n"
    "שלום עולם";
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) one = NULL;
  g_autofree char *before = waymark_test_dump_document (document);

  g_assert_cmpuint (waymark_edit_count_text_cards (text), ==, 10);
  added = waymark_edit_paste_text (document, discover, pain, -1, text);
  g_assert_cmpuint (added->len, ==, 10);
  assert_cell (document, discover, pain,
               "First|Dashed|Starred|Bulleted|Numbered|2024. The year|1.5 kg parcel|-|配送が遅い|שלום עולם");
  for (guint i = 0; i < added->len; i++)
    {
      g_assert_cmpstr (waymark_card_get_kind (g_ptr_array_index (added, i)), ==, "pain-point");
      g_assert_cmpint (waymark_card_get_position (g_ptr_array_index (added, i)), ==, i);
    }
  assert_one_step (document, before, "Paste 10 Cards");

  /* In the middle of a cell, one line. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  one = waymark_edit_paste_text (document, discover, touchpoints, 1, "  Billboard\n\n");
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (waymark_card_get_kind (g_ptr_array_index (one, 0)), ==, "touchpoint");
  assert_cell (document, discover, touchpoints, "Instagram gift guide ad|Billboard|Search results page");
  assert_one_step (document, before, "Paste Card");
}

/*
 * /waymark/edit/paste-refused
 */
static void
test_paste_refused (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 discover = stage_id_at (document, 0);
  gint64 touchpoints = lane_id (document, "touchpoints");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autoptr(GPtrArray) empty = NULL;
  g_autoptr(GPtrArray) blank = NULL;
  GPtrArray *refused;
  gint64 other_lane;

  empty = waymark_edit_paste_text (document, discover, touchpoints, 0, "");
  g_assert_cmpuint (empty->len, ==, 0);
  blank = waymark_edit_paste_text (document, discover, touchpoints, 0, " \n\t\r\n\xc2\xa0\n");
  g_assert_cmpuint (blank->len, ==, 0);
  assert_no_step (document, before, NULL);

  add_second_map (document, NULL, &other_lane, NULL);
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  expect_critical ();
  refused = waymark_edit_paste_text (document, discover, other_lane, 0, "Lost");
  g_test_assert_expected_messages ();
  g_assert_null (refused);
  assert_no_step (document, before, "Add Card");
}

/*
 * /waymark/edit/paste-10000
 *
 * A workshop's whole backlog pasted at once, and deleted again.
 */
static void
test_paste_10000 (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 research = stage_id_at (document, 1);
  gint64 touchpoints = lane_id (document, "touchpoints");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) cell = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *pasted = NULL;
  guint n_cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (text, "- Idea %u\n", i);

  g_assert_cmpuint (waymark_edit_count_text_cards (text->str), ==, 10000);
  added = waymark_edit_paste_text (document, research, touchpoints, 1, text->str);
  g_assert_cmpuint (added->len, ==, 10000);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, ==, n_cards + 10000);

  cell = waymark_document_dup_cell (document, research, touchpoints);
  g_assert_cmpuint (cell->len, ==, 10002);
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (cell, 0)), ==, "Product detail page");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (cell, 1)), ==, "Idea 0");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (cell, 10000)), ==, "Idea 9999");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (cell, 10001)), ==, "Pre-sale chat");

  /* One step: a single undo takes all of them away. */
  assert_one_step (document, before, "Paste 10000 Cards");

  /* Deleting them is one step too (and one pass over the document). */
  pasted = waymark_test_dump_document (document);
  g_assert_cmpuint (waymark_edit_delete (document, added), ==, 10000);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, ==, n_cards);
  assert_cell (document, research, touchpoints, "Product detail page|Pre-sale chat");
  assert_one_step (document, pasted, "Delete 10000 Cards");

  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, ==, n_cards);
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/edit/add-stage
 */
static void
test_add_stage (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 map = first_map (document);
  WaymarkCard *early = card_titled (document, "Show arrives-by date early");
  WaymarkCard *finder = card_titled (document, "Age-based gift finder");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *titles = NULL;
  WaymarkStage *stage;

  /* Inside the span of a card (Research…Purchase): it covers the new one too. */
  stage = waymark_edit_add_stage (document, map, 2, "Compare");
  g_assert_nonnull (stage);
  g_assert_cmpint (waymark_stage_get_position (stage), ==, 2);
  g_assert_cmpint (waymark_stage_get_map (stage), ==, map);
  g_assert_cmpfloat (waymark_stage_get_width (stage), ==, 0);
  titles = stage_titles (document);
  g_assert_cmpstr (titles, ==, "Discover|Research|Compare|Purchase|Delivery|Unboxing & Use|Support & Returns");
  g_assert_cmpint (waymark_card_get_span (early), ==, 3);
  g_assert_cmpint (waymark_card_get_span (finder), ==, 1);
  assert_one_step (document, before, "Add Stage");

  /* Before the card's own stage, and at the end: no span changes. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_add_stage (document, map, 1, "Think");
  g_assert_cmpint (waymark_card_get_span (early), ==, 3);
  assert_one_step (document, before, "Add Stage");
  stage = waymark_edit_add_stage (document, map, -1, NULL);
  g_assert_cmpint (waymark_stage_get_position (stage), ==, 8);
  g_assert_cmpstr (waymark_stage_get_title (stage), ==, "");
  g_assert_cmpint (waymark_card_get_span (early), ==, 3);
  assert_dense (document);
}

/*
 * /waymark/edit/add-lane
 */
static void
test_add_lane (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  gint64 map = first_map (document);
  g_autofree char *before = waymark_test_dump_document (document);
  g_autoptr(GPtrArray) lanes = NULL;
  WaymarkLane *lane;
  WaymarkCard *card;

  lane = waymark_edit_add_lane (document, map, 0, "Channels", "channels");
  g_assert_cmpint (waymark_lane_get_position (lane), ==, 0);
  g_assert_cmpstr (waymark_lane_get_kind (lane), ==, "channels");
  g_assert_cmpfloat (waymark_lane_get_height (lane), ==, 0);
  assert_one_step (document, before, "Add Lane");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  lane = waymark_edit_add_lane (document, map, -1, "Ideas", NULL);
  g_assert_cmpstr (waymark_lane_get_kind (lane), ==, "notes");
  lanes = waymark_edit_dup_lanes (document, map);
  g_assert_true (g_ptr_array_index (lanes, lanes->len - 1) == lane);
  assert_one_step (document, before, "Add Lane");

  card = waymark_edit_add_card (document, stage_id_at (document, 0), id_of (lane), -1, "Note");
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "note");

  /* An unknown kind is refused. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  expect_critical ();
  g_assert_null (waymark_edit_add_lane (document, map, 0, "Bad", "swimlanes"));
  g_test_assert_expected_messages ();
  assert_no_step (document, before, "Add Card");
}

/*
 * /waymark/edit/move-stage
 */
static void
test_move_stage (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *support = stage_at (document, 5);
  WaymarkStage *discover = stage_at (document, 0);
  WaymarkCard *finder = card_titled (document, "Age-based gift finder");
  WaymarkCard *ad = card_titled (document, "Instagram gift guide ad");
  g_autofree char *before = NULL;
  g_autofree char *titles = NULL;

  waymark_document_set (document, finder, "span", 6, NULL);
  before = waymark_test_dump_document (document);

  /* The last to the front; its cards go with it. */
  waymark_edit_move_stage (document, support, 0);
  titles = stage_titles (document);
  g_assert_cmpstr (titles, ==, "Support & Returns|Discover|Research|Purchase|Delivery|Unboxing & Use");
  g_assert_cmpint (waymark_stage_get_position (support), ==, 0);
  g_assert_cmpint (waymark_card_get_stage (ad), ==, id_of (discover));
  /* The card covering every stage from Discover now runs past the end: shortened. */
  g_assert_cmpint (waymark_card_get_span (finder), ==, 5);
  assert_one_step (document, before, "Move Stage");

  /* To the end with -1. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_move_stage (document, discover, -1);
  g_clear_pointer (&titles, g_free);
  titles = stage_titles (document);
  g_assert_cmpstr (titles, ==, "Support & Returns|Research|Purchase|Delivery|Unboxing & Use|Discover");
  g_assert_cmpint (waymark_card_get_span (finder), ==, 1);
  assert_one_step (document, before, "Move Stage");
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_card_get_span (finder), ==, 6);
  g_assert_true (waymark_document_redo (document));
  g_assert_true (waymark_document_redo (document));

  /* Where it already is: nothing recorded. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_move_stage (document, discover, 5);
  waymark_edit_move_stage (document, discover, 77);
  assert_no_step (document, before, "Move Stage");
}

/*
 * /waymark/edit/move-lane
 */
static void
test_move_lane (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkLane *metrics = lane_of_kind (document, "metrics");
  WaymarkLane *touchpoints = lane_of_kind (document, "touchpoints");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autoptr(GPtrArray) lanes = NULL;

  waymark_edit_move_lane (document, metrics, 1);
  lanes = waymark_edit_dup_lanes (document, first_map (document));
  g_assert_true (g_ptr_array_index (lanes, 0) == touchpoints);
  g_assert_true (g_ptr_array_index (lanes, 1) == metrics);
  g_assert_cmpstr (waymark_lane_get_kind (g_ptr_array_index (lanes, 2)), ==, "actions");
  assert_one_step (document, before, "Move Lane");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_move_lane (document, touchpoints, -1);
  g_assert_cmpint (waymark_lane_get_position (touchpoints), ==, 7);
  assert_one_step (document, before, "Move Lane");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_move_lane (document, touchpoints, 7);
  assert_no_step (document, before, "Move Lane");
}

/*
 * /waymark/edit/resize
 */
static void
test_resize (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *discover = stage_at (document, 0);
  WaymarkStage *research = stage_at (document, 1);
  WaymarkLane *touchpoints = lane_of_kind (document, "touchpoints");
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *dragged = NULL;

  /* A drag is one step. */
  for (int width = 100; width <= 260; width += 20)
    waymark_edit_resize_stage (document, discover, width);
  g_assert_cmpfloat (waymark_stage_get_width (discover), ==, 260);
  assert_one_step (document, before, "Resize Stage");

  /* Another stage is another step; 0 is automatic again. */
  dragged = waymark_test_dump_document (document);
  waymark_edit_resize_stage (document, research, 180.5);
  waymark_edit_resize_stage (document, research, 0);
  g_assert_cmpfloat (waymark_stage_get_width (research), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Resize Stage");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpfloat (waymark_stage_get_width (discover), ==, 260);
  {
    g_autofree char *undone = waymark_test_dump_document (document);

    assert_dump_equal (dragged, undone);
  }
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpfloat (waymark_stage_get_width (discover), ==, 0);

  /* Lanes. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_resize_lane (document, touchpoints, 90);
  waymark_edit_resize_lane (document, touchpoints, 140);
  g_assert_cmpfloat (waymark_lane_get_height (touchpoints), ==, 140);
  assert_one_step (document, before, "Resize Lane");

  /* The same size, then sizes that are no size. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_resize_lane (document, touchpoints, 140);
  expect_critical ();
  waymark_edit_resize_stage (document, discover, -1);
  g_test_assert_expected_messages ();
  expect_critical ();
  waymark_edit_resize_lane (document, touchpoints, NAN);
  g_test_assert_expected_messages ();
  assert_no_step (document, before, "Resize Lane");
}

/*
 * /waymark/edit/resize-pause
 */
static void
test_resize_pause (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  WaymarkStage *stage = stage_at (document, 0);

  waymark_edit_resize_stage (document, stage, 100);
  g_usleep (1600 * G_TIME_SPAN_MILLISECOND);
  waymark_edit_resize_stage (document, stage, 200);

  g_assert_true (waymark_document_undo (document));
  g_assert_cmpfloat (waymark_stage_get_width (stage), ==, 100);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Resize Stage");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpfloat (waymark_stage_get_width (stage), ==, 0);
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/edit/rename
 */
static void
test_rename (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *stage = stage_at (document, 0);
  WaymarkLane *lane = lane_of_kind (document, "touchpoints");
  WaymarkCard *card = card_titled (document, "Help center");
  g_autofree char *before = waymark_test_dump_document (document);
  WaymarkObject *map = waymark_document_lookup (document, first_map (document));

  waymark_edit_rename (document, WAYMARK_OBJECT (stage), "Awareness");
  g_assert_cmpstr (waymark_stage_get_title (stage), ==, "Awareness");
  assert_one_step (document, before, "Rename Stage");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_rename (document, WAYMARK_OBJECT (lane), "Kanäle");
  g_assert_cmpstr (waymark_lane_get_title (lane), ==, "Kanäle");
  assert_one_step (document, before, "Rename Lane");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_rename (document, WAYMARK_OBJECT (card), "مركز المساعدة");
  g_assert_cmpstr (waymark_card_get_title (card), ==, "مركز المساعدة");
  assert_one_step (document, before, "Rename Card");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  /* A map too (see /waymark/edit/rename-map); a persona is not renamed here. */
  waymark_edit_rename (document, map, "Maps are renamed here too");
  assert_one_step (document, before, "Rename Map");
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  expect_critical ();
  waymark_edit_rename (document, (WaymarkObject *) (gpointer) document, "Not an item");
  g_test_assert_expected_messages ();
  assert_no_step (document, before, "Rename Map");
}

/*
 * /waymark/edit/set-color
 */
static void
test_set_color (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *stage = stage_at (document, 2);
  WaymarkLane *lane = lane_of_kind (document, "backstage");
  WaymarkCard *card = card_titled (document, "Help center");
  g_autofree char *before = waymark_test_dump_document (document);

  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "#3584E4");
  g_assert_cmpstr (waymark_card_get_color (card), ==, "#3584e4");
  assert_one_step (document, before, "Set Color");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_set_color (document, WAYMARK_OBJECT (stage), "#e01b24");
  g_assert_cmpstr (waymark_stage_get_color (stage), ==, "#e01b24");
  assert_one_step (document, before, "Set Color");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_set_color (document, WAYMARK_OBJECT (lane), "#33d17a");
  g_assert_cmpstr (waymark_lane_get_color (lane), ==, "#33d17a");
  assert_one_step (document, before, "Set Color");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "");
  g_assert_cmpstr (waymark_card_get_color (card), ==, "");
  assert_one_step (document, before, "Reset Color");

  /* The same colour again; then what is no colour. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "");
  expect_critical ();
  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "#12345");
  g_test_assert_expected_messages ();
  expect_critical ();
  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "red");
  g_test_assert_expected_messages ();
  expect_critical ();
  waymark_edit_set_color (document, WAYMARK_OBJECT (card), "#12345g");
  g_test_assert_expected_messages ();
  assert_no_step (document, before, "Reset Color");
}

/*
 * /waymark/edit/set-emotion
 */
static void
test_set_emotion (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 emotions = lane_id (document, "emotions");
  gint64 discover = stage_id_at (document, 0);
  GPtrArray *points = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
  guint n_points = points->len;
  g_autofree char *before = waymark_test_dump_document (document);
  WaymarkEmotion *point, *again, *fresh;
  WaymarkStage *added;

  /* Updating the stage's point, clamped to the scale. */
  point = waymark_edit_set_emotion (document, emotions, discover, 7);
  g_assert_nonnull (point);
  g_assert_cmpint (waymark_emotion_get_score (point), ==, 3);
  g_assert_cmpstr (waymark_emotion_get_label (point), ==, "Curious");
  g_assert_cmpuint (points->len, ==, n_points);
  assert_one_step (document, before, "Set Emotion");

  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  again = waymark_edit_set_emotion (document, emotions, discover, -100);
  g_assert_true (again == point);
  g_assert_cmpint (waymark_emotion_get_score (point), ==, -3);
  assert_one_step (document, before, "Set Emotion");

  /* The same score records nothing. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_set_emotion (document, emotions, discover, -3) == point);
  assert_no_step (document, before, "Set Emotion");

  /* A stage without a point gets one. */
  added = waymark_edit_add_stage (document, first_map (document), -1, "Later");
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  fresh = waymark_edit_set_emotion (document, emotions, id_of (added), -2);
  g_assert_cmpuint (points->len, ==, n_points + 1);
  g_assert_cmpint (waymark_emotion_get_score (fresh), ==, -2);
  g_assert_cmpint (waymark_emotion_get_stage (fresh), ==, id_of (added));
  g_assert_cmpint (waymark_emotion_get_lane (fresh), ==, emotions);
  g_assert_cmpint (waymark_emotion_get_card (fresh), ==, 0);
  assert_one_step (document, before, "Set Emotion");

  /* Only an emotions lane has points. */
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  expect_critical ();
  g_assert_null (waymark_edit_set_emotion (document, lane_id (document, "touchpoints"), discover, 1));
  g_test_assert_expected_messages ();
  assert_no_step (document, before, "Set Emotion");
}

/*
 * /waymark/edit/nudge-emotion
 */
static void
test_nudge_emotion (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 emotions = lane_id (document, "emotions");
  gint64 unboxing = stage_id_at (document, 4);
  gint64 support = stage_id_at (document, 5);
  GPtrArray *points = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
  g_autofree char *before = NULL;
  WaymarkEmotion *delighted = NULL;
  WaymarkEmotion *created = NULL;
  guint n_points;

  for (guint i = 0; i < points->len; i++)
    if (waymark_emotion_get_stage (g_ptr_array_index (points, i)) == unboxing)
      delighted = g_ptr_array_index (points, i);
  g_assert_nonnull (delighted);
  g_assert_cmpint (waymark_emotion_get_score (delighted), ==, 3);

  /* At the top of the scale, Up does nothing. */
  before = waymark_test_dump_document (document);
  g_assert_false (waymark_edit_nudge_emotion (document, emotions, unboxing, 1));
  g_assert_false (waymark_edit_nudge_emotion (document, emotions, unboxing, 0));
  assert_no_step (document, before, NULL);

  g_assert_true (waymark_edit_nudge_emotion (document, emotions, unboxing, -1));
  g_assert_cmpint (waymark_emotion_get_score (delighted), ==, 2);
  assert_one_step (document, before, "Set Emotion");

  /* A missing point is created at 0 + delta. */
  {
    g_autoptr(GPtrArray) doomed = NULL;

    for (guint i = 0; i < points->len; i++)
      if (waymark_emotion_get_stage (g_ptr_array_index (points, i)) == support)
        doomed = list_of (g_ptr_array_index (points, i), NULL);
    g_assert_nonnull (doomed);
    g_assert_cmpuint (waymark_edit_delete (document, doomed), ==, 1);
    g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Emotion Point");
  }
  n_points = points->len;
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_true (waymark_edit_nudge_emotion (document, emotions, support, -1));
  g_assert_cmpuint (points->len, ==, n_points + 1);
  for (guint i = 0; i < points->len; i++)
    if (waymark_emotion_get_stage (g_ptr_array_index (points, i)) == support)
      created = g_ptr_array_index (points, i);
  g_assert_nonnull (created);
  g_assert_cmpint (waymark_emotion_get_score (created), ==, -1);
  assert_one_step (document, before, "Set Emotion");

  /* Down to the bottom, then no further; a huge step is clamped. */
  g_assert_true (waymark_edit_nudge_emotion (document, emotions, support, -1));
  g_assert_true (waymark_edit_nudge_emotion (document, emotions, support, -1));
  g_assert_cmpint (waymark_emotion_get_score (created), ==, -3);
  g_clear_pointer (&before, g_free);
  before = waymark_test_dump_document (document);
  g_assert_false (waymark_edit_nudge_emotion (document, emotions, support, -1));
  g_assert_false (waymark_edit_nudge_emotion (document, emotions, support, G_MININT));
  assert_no_step (document, before, "Set Emotion");
  g_assert_true (waymark_edit_nudge_emotion (document, emotions, support, G_MAXINT));
  g_assert_cmpint (waymark_emotion_get_score (created), ==, 3);
}

/*
 * /waymark/edit/find
 */
static void
test_find (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  gint64 map = first_map (document);
  gint64 notes = lane_id (document, "backstage");
  gint64 touchpoints = lane_id (document, "touchpoints");
  WaymarkCard *cafe = waymark_edit_add_card (document, stage_id_at (document, 3), notes, -1, "Caf\xc3\xa9 CR\xc3\x88ME");
  WaymarkCard *decomposed = waymark_edit_add_card (document, stage_id_at (document, 0), notes, -1, "cafe\xcc\x81 au lait");
  WaymarkCard *tokyo = waymark_edit_add_card (document, stage_id_at (document, 2), notes, -1, "東京駅で受け取る");
  WaymarkCard *burger = waymark_edit_add_card (document, stage_id_at (document, 2), notes, -1, "ハンバーガー");
  WaymarkCard *shalom = waymark_edit_add_card (document, stage_id_at (document, 1), notes, -1,
                                               "\xd7\xa9\xd7\x81\xd6\xb8\xd7\x9c\xd7\x95\xd6\xb9\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d");
  WaymarkCard *arabic = waymark_edit_add_card (document, stage_id_at (document, 1), touchpoints, 0, "مرحبا بالعالم");
  WaymarkCard *wide = waymark_edit_add_card (document, stage_id_at (document, 5), notes, -1, "ＳＭＳ通知");
  WaymarkCard *istanbul = waymark_edit_add_card (document, stage_id_at (document, 5), notes, -1, "İSTANBUL depot");
  g_autoptr(GPtrArray) found = NULL;

  add_second_map (document, NULL, NULL, NULL);
  waymark_document_set (document, card_titled (document, "Help center"), "body", "Ask at the café desk", NULL);

  /* Accents and case, either way round, in title or body; display order;
   * never the other map's café. */
  found = waymark_edit_find (document, map, "cafe");
  g_assert_cmpuint (found->len, ==, 3);
  g_assert_true (g_ptr_array_index (found, 0) == decomposed);
  g_assert_true (g_ptr_array_index (found, 1) == cafe);
  g_assert_true (g_ptr_array_index (found, 2) == card_titled (document, "Help center"));
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "CAFÉ crème");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == cafe);

  /* CJK: a word inside a title; a kana's voicing mark still counts. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "東京駅");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == tokyo);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "バーガー");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == burger);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "ハーカー");
  g_assert_cmpuint (found->len, ==, 0);

  /* Right-to-left: Hebrew without its vowel points, Arabic. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "שלום");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == shalom);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "بالعالم");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == arabic);

  /* Full-width letters; the dotted capital I. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "sms");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == wide);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "istanbul");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_ptr_array_index (found, 0) == istanbul);

  /* Order across stages and lanes: stage first, then lane, then position. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "page");
  g_assert_cmpuint (found->len, ==, 5);
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (found, 0)), ==, "Search results page");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (found, 1)), ==, "Product detail page");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (found, 2)), ==, "Show arrives-by date early");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (found, 3)), ==, "Courier tracking page");
  g_assert_cmpstr (waymark_card_get_title (g_ptr_array_index (found, 4)), ==, "Checks tracking twice a day");

  /* Nothing to look for, or nothing found. */
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "\xcc\x81");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = waymark_edit_find (document, map, "zeppelin");
  g_assert_cmpuint (found->len, ==, 0);
}

/* Connectors: made between two cards of one map, labelled, re-routed
 * and turned round, each one undoable step; the same pair twice, a card
 * to itself, or cards of two maps are refused with a reason. */
static void
test_connectors (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  gint64 lane = id_of (lane_of_kind (document, "touchpoints"));
  WaymarkCard *a = waymark_edit_add_card (document, stage_id_at (document, 0), lane, -1, "Search");
  WaymarkCard *b = waymark_edit_add_card (document, stage_id_at (document, 1), lane, -1, "Compare");
  WaymarkCard *c = waymark_edit_add_card (document, stage_id_at (document, 2), lane, -1, "Buy");
  g_autoptr(GError) error = NULL;
  WaymarkConnector *connector;
  gint64 id;

  connector = waymark_edit_connect (document, id_of (a), id_of (b), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (connector);
  id = id_of (connector);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Connect Cards");
  g_assert_true (waymark_edit_find_connector (document, id_of (a), id_of (b)) == connector);
  g_assert_null (waymark_edit_find_connector (document, id_of (b), id_of (a)));

  /* Refused, with a reason, and nothing added. */
  g_assert_null (waymark_edit_connect (document, id_of (a), id_of (b), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_null (waymark_edit_connect (document, id_of (a), id_of (a), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (waymark_edit_connect (document, id_of (a), lane, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CONNECTOR)->len, ==, 1);

  /* A label, trimmed; typing it is one step. */
  waymark_edit_set_connector_label (document, connector, "  if in stock ");
  g_assert_cmpstr (waymark_connector_get_label (connector), ==, "if in stock");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Label Connector");

  /* Its target moved to another card, then turned round. */
  g_assert_true (waymark_edit_reroute (document, connector, id_of (a), id_of (c), &error));
  g_assert_no_error (error);
  g_assert_cmpint (waymark_connector_get_target (connector), ==, id_of (c));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Connector");
  g_assert_true (waymark_edit_reroute (document, connector, id_of (c), id_of (a), &error));
  g_assert_cmpint (waymark_connector_get_source (connector), ==, id_of (c));
  g_assert_cmpint (waymark_connector_get_target (connector), ==, id_of (a));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Reverse Connector");
  /* Not onto a pair already joined, nor onto itself. */
  g_assert_nonnull (waymark_edit_connect (document, id_of (b), id_of (a), NULL, NULL));
  g_assert_false (waymark_edit_reroute (document, connector, id_of (b), id_of (a), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (waymark_edit_reroute (document, connector, id_of (a), id_of (a), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpint (waymark_connector_get_source (connector), ==, id_of (c));

  /* Undo walks it all back: the second connector, the reversal, the
   * move, the label, the connector itself. */
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_connector_get_source (connector), ==, id_of (a));
  g_assert_cmpint (waymark_connector_get_target (connector), ==, id_of (c));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_connector_get_target (connector), ==, id_of (b));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_connector_get_label (connector), ==, "");
  g_assert_true (waymark_document_undo (document));
  g_assert_null (waymark_document_lookup (document, id));
  g_assert_true (waymark_document_redo (document));
  g_assert_nonnull (waymark_document_lookup (document, id));

  /* Deleting a card takes its connectors with it. */
  {
    g_autoptr(GPtrArray) doomed = g_ptr_array_new ();

    g_ptr_array_add (doomed, b);
    waymark_edit_delete (document, doomed);
    g_assert_null (waymark_document_lookup (document, id));
  }
}

/* A map renamed: the document's title follows when it is the only map
 * and the document has no title of its own; one undo takes both back. */
static void
test_rename_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", NULL, &error);
  WaymarkMap *map;

  g_assert_no_error (error);
  map = WAYMARK_MAP (waymark_document_lookup (document, first_map (document)));
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Untitled Map");
  waymark_edit_rename (document, WAYMARK_OBJECT (map), "Onboarding");
  g_assert_cmpstr (waymark_map_get_title (map), ==, "Onboarding");
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Onboarding");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Rename Map");
  /* Typed on: still one step, and still following. */
  waymark_edit_rename (document, WAYMARK_OBJECT (map), "Onboarding flow");
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Onboarding flow");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_map_get_title (map), !=, "Onboarding");
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Untitled Map");

  /* A title of its own stays. */
  waymark_document_set (document, document, "title", "Q3 workshop", NULL);
  waymark_edit_rename (document, WAYMARK_OBJECT (map), "Checkout");
  g_assert_cmpstr (waymark_map_get_title (map), ==, "Checkout");
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Q3 workshop");
}

static guint
count_lanes (WaymarkDocument *document)
{
  g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, first_map (document));

  return lanes->len;
}

/* Dot voting: votes given and taken back within bounds, a round of votes
 * one step; the most voted first in each cell; all cleared in one step;
 * ideas set aside in a parking lot made on first use. */
static void
test_votes_and_parking_lot (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  gint64 lane = id_of (lane_of_kind (document, "touchpoints"));
  gint64 stage = stage_id_at (document, 0);
  WaymarkCard *a = waymark_edit_add_card (document, stage, lane, -1, "A");
  WaymarkCard *b = waymark_edit_add_card (document, stage, lane, -1, "B");
  WaymarkCard *c = waymark_edit_add_card (document, stage, lane, -1, "C");
  g_autoptr(GPtrArray) one = g_ptr_array_new ();
  g_autoptr(GPtrArray) two = g_ptr_array_new ();
  g_autoptr(GPtrArray) lanes = NULL;
  WaymarkLane *lot;
  guint n_lanes;

  g_ptr_array_add (one, c);
  g_ptr_array_add (two, b);
  g_ptr_array_add (two, c);
  g_assert_true (waymark_edit_vote (document, one, 1));
  g_assert_true (waymark_edit_vote (document, one, 1));
  g_assert_true (waymark_edit_vote (document, two, 1));
  g_assert_cmpint (waymark_card_get_votes (c), ==, 3);
  g_assert_cmpint (waymark_card_get_votes (b), ==, 1);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Vote");
  /* Not below zero. */
  {
    g_autoptr(GPtrArray) first = g_ptr_array_new ();

    g_ptr_array_add (first, a);
    g_assert_false (waymark_edit_vote (document, first, -1));
    g_assert_cmpint (waymark_card_get_votes (a), ==, 0);
  }

  waymark_edit_sort_by_votes (document, first_map (document));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Sort by Votes");
  g_assert_cmpint (waymark_card_get_position (c), ==, 0);
  g_assert_cmpint (waymark_card_get_position (b), ==, 1);
  g_assert_cmpint (waymark_card_get_position (a), ==, 2);

  g_assert_cmpuint (waymark_edit_clear_votes (document, first_map (document)), ==, 2);
  g_assert_cmpint (waymark_card_get_votes (c), ==, 0);
  g_assert_cmpint (waymark_card_get_votes (b), ==, 0);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_card_get_votes (c), ==, 3);

  /* The parking lot: made at the bottom on first use, then reused. */
  n_lanes = count_lanes (document);
  lot = waymark_edit_park (document, one);
  g_assert_nonnull (lot);
  g_assert_cmpstr (waymark_lane_get_kind (lot), ==, "parking-lot");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move to Parking Lot");
  lanes = waymark_edit_dup_lanes (document, first_map (document));
  g_assert_cmpuint (lanes->len, ==, n_lanes + 1);
  g_assert_true (g_ptr_array_index (lanes, lanes->len - 1) == lot);
  g_assert_cmpint (waymark_card_get_lane (c), ==, id_of (lot));
  g_assert_cmpint (waymark_card_get_stage (c), ==, stage);
  {
    g_autoptr(GPtrArray) other = g_ptr_array_new ();

    g_ptr_array_add (other, a);
    g_assert_true (waymark_edit_park (document, other) == lot);
    g_assert_cmpuint (count_lanes (document), ==, n_lanes + 1);
  }
  /* One undo: back in its lane, and the lane made for it gone with it. */
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_card_get_lane (c), ==, lane);
  g_assert_cmpuint (count_lanes (document), ==, n_lanes);
  g_assert_cmpstr (waymark_edit_card_kind_for_lane ("parking-lot"), ==, "note");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/edit/card-kind-for-lane", test_card_kind_for_lane);
  g_test_add_func ("/waymark/edit/ordered-stages-and-lanes", test_ordered_stages_and_lanes);
  g_test_add_func ("/waymark/edit/add-card", test_add_card);
  g_test_add_func ("/waymark/edit/add-card-refused", test_add_card_refused);
  g_test_add_func ("/waymark/edit/set-card-title", test_set_card_title);
  g_test_add_func ("/waymark/edit/set-card-title-pause", test_set_card_title_pause);
  g_test_add_func ("/waymark/edit/move-cards-between-cells", test_move_cards_between_cells);
  g_test_add_func ("/waymark/edit/move-cards-within-cell", test_move_cards_within_cell);
  g_test_add_func ("/waymark/edit/move-cards-refused", test_move_cards_refused);
  g_test_add_func ("/waymark/edit/move-card-span", test_move_card_span);
  g_test_add_func ("/waymark/edit/nudge-card", test_nudge_card);
  g_test_add_func ("/waymark/edit/duplicate", test_duplicate);
  g_test_add_func ("/waymark/edit/duplicate-spanning", test_duplicate_spanning);
  g_test_add_func ("/waymark/edit/delete-cards", test_delete_cards);
  g_test_add_func ("/waymark/edit/delete-stage", test_delete_stage);
  g_test_add_func ("/waymark/edit/delete-stage-spanning", test_delete_stage_spanning);
  g_test_add_func ("/waymark/edit/delete-lanes-and-connectors", test_delete_lanes_and_connectors);
  g_test_add_func ("/waymark/edit/delete-refused", test_delete_refused);
  g_test_add_func ("/waymark/edit/cards-to-text", test_cards_to_text);
  g_test_add_func ("/waymark/edit/count-text-cards", test_count_text_cards);
  g_test_add_func ("/waymark/edit/paste-text", test_paste_text);
  g_test_add_func ("/waymark/edit/paste-refused", test_paste_refused);
  g_test_add_func ("/waymark/edit/paste-10000", test_paste_10000);
  g_test_add_func ("/waymark/edit/add-stage", test_add_stage);
  g_test_add_func ("/waymark/edit/add-lane", test_add_lane);
  g_test_add_func ("/waymark/edit/move-stage", test_move_stage);
  g_test_add_func ("/waymark/edit/move-lane", test_move_lane);
  g_test_add_func ("/waymark/edit/resize", test_resize);
  g_test_add_func ("/waymark/edit/resize-pause", test_resize_pause);
  g_test_add_func ("/waymark/edit/rename", test_rename);
  g_test_add_func ("/waymark/edit/set-color", test_set_color);
  g_test_add_func ("/waymark/edit/set-emotion", test_set_emotion);
  g_test_add_func ("/waymark/edit/nudge-emotion", test_nudge_emotion);
  g_test_add_func ("/waymark/edit/find", test_find);
  g_test_add_func ("/waymark/edit/connectors", test_connectors);
  g_test_add_func ("/waymark/edit/rename-map", test_rename_map);
  g_test_add_func ("/waymark/edit/votes-and-parking-lot", test_votes_and_parking_lot);

  return g_test_run ();
}
