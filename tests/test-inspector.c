/* test-inspector.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-edit.h"
#include "waymark-inspector-private.h"
#include "waymark-ui-test-util.h"

/* Objects of the e-commerce template. */
#define CARD_SOCIAL_AD      1101  /* touchpoint, social */
#define CARD_SEARCH_PAGE    1102  /* touchpoint, web */
#define CARD_SAVES_AD       1113  /* note */
#define CARD_TRACKING       1129  /* pain point, severity 3 */
#define CARD_ARRIVES_BY     1132  /* opportunity, in stage 2 of 6, span 2 */
#define STAGE_DISCOVER      101
#define LANE_THOUGHTS       213
#define LANE_EMOTIONS       214
#define MAP_GIFT            11

typedef struct
{
  WaymarkDocument  *document;
  GtkWindow        *window;
  WaymarkInspector *inspector;
  guint             n_changed;
} Fixture;

static void
changed_cb (WaymarkDocument *document,
            WaymarkObject   *object,
            WaymarkChange    change,
            GParamSpec      *pspec,
            Fixture         *fixture)
{
  fixture->n_changed++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->document = waymark_store_new_document ("ecommerce", "T", &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->document, "changed", G_CALLBACK (changed_cb), fixture);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 360, 800);
  fixture->inspector = WAYMARK_INSPECTOR (waymark_inspector_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->inspector));
  waymark_inspector_set_document (fixture->inspector, fixture->document);
  gtk_window_present (fixture->window);
  waymark_ui_test_spin ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->inspector), (gpointer *) &fixture->inspector);
  gtk_window_destroy (fixture->window);
  waymark_ui_test_spin ();
  /* Nothing keeps the panel alive once its window is gone. */
  g_assert_null (fixture->inspector);

  g_object_add_weak_pointer (G_OBJECT (fixture->document), (gpointer *) &fixture->document);
  g_object_unref (fixture->document);
  g_assert_null (fixture->document);
}

static GtkWidget *
widget (Fixture    *fixture,
        const char *id)
{
  GtkWidget *ret = _waymark_inspector_get_widget (fixture->inspector, id);

  g_assert_nonnull (ret);
  return ret;
}

static gpointer
object (Fixture *fixture,
        gint64   id)
{
  WaymarkObject *ret = waymark_document_lookup (fixture->document, id);

  g_assert_nonnull (ret);
  return ret;
}

/* Selects the objects with these ids, ending with 0. */
static void
select_ids (Fixture *fixture,
            ...)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();
  va_list args;
  gint64 id;

  va_start (args, fixture);
  while ((id = va_arg (args, gint64)) != 0)
    g_ptr_array_add (objects, object (fixture, id));
  va_end (args);

  waymark_inspector_set_selection (fixture->inspector, objects);
  waymark_ui_test_spin ();
}

/* What a click does. */
static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  waymark_ui_test_spin ();
}

static guint
combo_position (AdwComboRow *row,
                const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), id))
        return i;
    }

  g_assert_not_reached ();
}

static const char *
combo_id (GtkWidget *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (row));

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* Picks @id in the combo row, as choosing it in its popover does. */
static void
choose (GtkWidget  *row,
        const char *id)
{
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), combo_position (ADW_COMBO_ROW (row), id));
  waymark_ui_test_spin ();
}

static void
type_text (GtkWidget  *field,
           const char *text)
{
  if (GTK_IS_TEXT_VIEW (field))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (field)), text, -1);
  else
    gtk_editable_set_text (GTK_EDITABLE (field), text);
  waymark_ui_test_spin ();
}

static char *
shown_text (GtkWidget *field)
{
  if (GTK_IS_TEXT_VIEW (field))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    }

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field)));
}

#define assert_shows(field, expected) G_STMT_START { \
  g_autofree char *shown__ = shown_text (field); \
  g_assert_cmpstr (shown__, ==, (expected)); \
} G_STMT_END

static gboolean
active (GtkWidget *toggle)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle));
}

static void
undo (Fixture *fixture)
{
  g_assert_true (waymark_document_undo (fixture->document));
  waymark_ui_test_spin ();
}

static void
test_nothing_to_show (void)
{
  GtkWidget *inspector = g_object_ref_sink (waymark_inspector_new ());

  g_assert_cmpstr (_waymark_inspector_get_page (WAYMARK_INSPECTOR (inspector)), ==, "empty");
  g_assert_null (waymark_inspector_get_document (WAYMARK_INSPECTOR (inspector)));
  g_assert_cmpuint (waymark_inspector_get_selection (WAYMARK_INSPECTOR (inspector))->len, ==, 0);
  g_assert_false (gtk_widget_is_sensitive (_waymark_inspector_get_widget (WAYMARK_INSPECTOR (inspector),
                                                                           "add_persona_button")));
  g_object_unref (inspector);
}

static void
test_card_title (Fixture       *fixture,
                 gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_TRACKING);
  GtkWidget *title = widget (fixture, "card_title_row");

  select_ids (fixture, (gint64) CARD_TRACKING, (gint64) 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "card");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_title"))), ==, "Card");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_subtitle"))), ==,
                   "Tracking stalls for 48 hours");
  assert_shows (title, "Tracking stalls for 48 hours");

  fixture->n_changed = 0;
  type_text (title, "Tracking stalls");
  g_assert_cmpstr (waymark_card_get_title (card), ==, "Tracking stalls");
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Rename Card");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_subtitle"))), ==, "Tracking stalls");

  undo (fixture);
  g_assert_cmpstr (waymark_card_get_title (card), ==, "Tracking stalls for 48 hours");
  assert_shows (title, "Tracking stalls for 48 hours");
}

static void
test_card_kind_and_channel (Fixture       *fixture,
                            gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_SOCIAL_AD);
  GtkWidget *kind = widget (fixture, "card_kind_row");
  GtkWidget *channel = widget (fixture, "card_channel_row");

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  g_assert_cmpstr (combo_id (kind), ==, "touchpoint");
  g_assert_cmpstr (combo_id (channel), ==, "social");
  g_assert_true (gtk_widget_get_visible (channel));
  g_assert_false (gtk_widget_get_visible (widget (fixture, "card_severity_group")));

  choose (kind, "note");
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "note");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Card Kind");
  /* Only touchpoints have a channel. */
  g_assert_false (gtk_widget_get_visible (channel));

  undo (fixture);
  g_assert_cmpstr (waymark_card_get_kind (card), ==, "touchpoint");
  g_assert_cmpstr (combo_id (kind), ==, "touchpoint");
  g_assert_true (gtk_widget_get_visible (channel));

  choose (channel, "email");
  g_assert_cmpstr (waymark_card_get_channel (card), ==, "email");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Channel");
  undo (fixture);
  g_assert_cmpstr (waymark_card_get_channel (card), ==, "social");
  g_assert_cmpstr (combo_id (channel), ==, "social");
}

static void
test_card_color (Fixture       *fixture,
                 gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_SOCIAL_AD);
  GtkWidget *plain = _waymark_inspector_get_swatch (fixture->inspector, "card_colors", "");
  GtkWidget *orange = _waymark_inspector_get_swatch (fixture->inspector, "card_colors", "#E69F00");

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  g_assert_true (active (plain));
  g_assert_false (active (orange));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (orange), ==, "Orange");

  fixture->n_changed = 0;
  click (orange);
  g_assert_cmpstr (waymark_card_get_color (card), ==, "#e69f00");
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Set Color");
  g_assert_true (active (orange));
  g_assert_false (active (plain));

  undo (fixture);
  g_assert_cmpstr (waymark_card_get_color (card), ==, "");
  g_assert_true (active (plain));
  g_assert_false (active (orange));

  /* Colors written in other letter case are the palette's. */
  waymark_document_set (fixture->document, card, "color", "#E69F00", NULL);
  waymark_ui_test_spin ();
  g_assert_true (active (orange));
}

static void
test_card_severity (Fixture       *fixture,
                    gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_TRACKING);

  select_ids (fixture, (gint64) CARD_TRACKING, (gint64) 0);
  g_assert_true (gtk_widget_get_visible (widget (fixture, "card_severity_group")));
  g_assert_true (active (widget (fixture, "severity_high")));

  fixture->n_changed = 0;
  click (widget (fixture, "severity_low"));
  g_assert_cmpint (waymark_card_get_severity (card), ==, 1);
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Severity");
  g_assert_true (active (widget (fixture, "severity_low")));
  g_assert_false (active (widget (fixture, "severity_high")));

  undo (fixture);
  g_assert_cmpint (waymark_card_get_severity (card), ==, 3);
  g_assert_true (active (widget (fixture, "severity_high")));
  g_assert_false (active (widget (fixture, "severity_low")));
}

static void
test_card_body (Fixture       *fixture,
                gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_SOCIAL_AD);
  g_autofree char *original = g_strdup (waymark_card_get_body (card));
  GtkWidget *body = widget (fixture, "card_body_view");

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  assert_shows (body, original);

  /* Typing is one step. */
  type_text (body, "A");
  type_text (body, "A carousel\nof gifts");
  g_assert_cmpstr (waymark_card_get_body (card), ==, "A carousel\nof gifts");

  undo (fixture);
  g_assert_cmpstr (waymark_card_get_body (card), ==, original);
  assert_shows (body, original);
}

static void
test_card_opportunity (Fixture       *fixture,
                       gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_ARRIVES_BY);
  GtkWidget *status = widget (fixture, "card_status_row");
  GtkSpinButton *span = GTK_SPIN_BUTTON (widget (fixture, "card_span"));
  double lower, upper;

  select_ids (fixture, (gint64) CARD_ARRIVES_BY, (gint64) 0);
  g_assert_true (gtk_widget_get_visible (widget (fixture, "card_owner_row")));
  g_assert_true (gtk_widget_get_visible (status));
  assert_shows (widget (fixture, "card_owner_row"), "Checkout team");
  g_assert_cmpstr (combo_id (status), ==, "in progress");

  type_text (widget (fixture, "card_owner_row"), "Checkout squad");
  g_assert_cmpstr (waymark_card_get_owner (card), ==, "Checkout squad");

  choose (status, "done");
  g_assert_cmpstr (waymark_card_get_status (card), ==, "done");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Status");

  /* A status typed elsewhere is shown and kept, not overwritten. */
  fixture->n_changed = 0;
  waymark_document_set (fixture->document, card, "status", "Waiting for legal", NULL);
  waymark_ui_test_spin ();
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  g_assert_cmpstr (combo_id (status), ==, "Waiting for legal");
  g_assert_cmpstr (waymark_card_get_status (card), ==, "Waiting for legal");
  /* (The document merged it into the choice just made.) */
  undo (fixture);
  g_assert_cmpstr (waymark_card_get_status (card), ==, "in progress");
  g_assert_cmpstr (combo_id (status), ==, "in progress");
  /* None, Idea, Planned, In Progress, Done: the typed status is gone. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (status))), ==, 5);

  /* From its stage, the second of six, it can span five. */
  gtk_spin_button_get_range (span, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 1);
  g_assert_cmpfloat (upper, ==, 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (span), ==, 2);
  gtk_spin_button_set_value (span, 3);
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_card_get_span (card), ==, 3);
  undo (fixture);
  g_assert_cmpint (waymark_card_get_span (card), ==, 2);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (span), ==, 2);
}

static void
test_comments (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *entry = widget (fixture, "comment_entry");
  GtkWidget *add = widget (fixture, "add_comment_button");
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GDateTime) created = NULL;
  WaymarkComment *comment;
  const char *author;

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  g_assert_cmpuint (_waymark_inspector_get_n_comments (fixture->inspector), ==, 0);
  /* Nothing to add yet. */
  g_assert_false (gtk_widget_is_sensitive (add));

  type_text (entry, "  Check the copy with legal  ");
  click (add);

  comments = waymark_document_dup_children (fixture->document, WAYMARK_TYPE_COMMENT, "card", CARD_SOCIAL_AD);
  g_assert_cmpuint (comments->len, ==, 1);
  comment = g_ptr_array_index (comments, 0);
  g_assert_cmpstr (waymark_comment_get_body (comment), ==, "Check the copy with legal");
  author = waymark_comment_get_author (comment);
  g_assert_true (g_str_equal (author, g_get_real_name ()) || g_str_equal (author, g_get_user_name ()));
  g_assert_true (g_str_has_suffix (waymark_comment_get_created (comment), "Z"));
  created = g_date_time_new_from_iso8601 (waymark_comment_get_created (comment), NULL);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_get_utc_offset (created), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Add Comment");
  g_assert_cmpuint (_waymark_inspector_get_n_comments (fixture->inspector), ==, 1);
  assert_shows (entry, "");

  click (_waymark_inspector_get_comment_delete (fixture->inspector, 0));
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (comment)));
  g_assert_cmpuint (_waymark_inspector_get_n_comments (fixture->inspector), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Delete Comment");

  undo (fixture);
  g_assert_true (waymark_object_get_document (WAYMARK_OBJECT (comment)) == fixture->document);
  g_assert_cmpuint (_waymark_inspector_get_n_comments (fixture->inspector), ==, 1);

  /* Another card has its own comments. */
  select_ids (fixture, (gint64) CARD_SEARCH_PAGE, (gint64) 0);
  g_assert_cmpuint (_waymark_inspector_get_n_comments (fixture->inspector), ==, 0);
}

/* A card with a long title does not make the panel wider (the map would
 * shrink and jump each time the selection changes). */
static void
test_width_steady (Fixture       *fixture,
                   gconstpointer  data)
{
  int minimum, before, after;

  select_ids (fixture, (gint64) CARD_SEARCH_PAGE, (gint64) 0);
  gtk_widget_measure (GTK_WIDGET (fixture->inspector), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &before, NULL, NULL);
  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  waymark_document_set (fixture->document, object (fixture, CARD_SOCIAL_AD), "title",
                        "Instagram gift guide ad seen three times on the way to work, saved, shared with her "
                        "sister and finally opened on a laptop at lunch to compare the kits side by side", NULL);
  waymark_ui_test_spin ();
  gtk_widget_measure (GTK_WIDGET (fixture->inspector), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &after, NULL, NULL);
  g_test_message ("natural width %d, then %d", before, after);
  g_assert_cmpint (after, ==, before);
}

static void
test_several_cards (Fixture       *fixture,
                    gconstpointer  data)
{
  const gint64 ids[] = { CARD_SOCIAL_AD, CARD_SEARCH_PAGE, CARD_SAVES_AD };
  GtkWidget *kind = widget (fixture, "cards_kind_row");
  GtkWidget *blue = _waymark_inspector_get_swatch (fixture->inspector, "cards_colors", "#0072B2");

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) CARD_SEARCH_PAGE, (gint64) CARD_SAVES_AD, (gint64) 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "cards");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_subtitle"))), ==, "3 cards selected");
  /* Two touchpoints and a note: no one kind. */
  g_assert_null (combo_id (kind));

  fixture->n_changed = 0;
  click (blue);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (waymark_card_get_color (object (fixture, ids[i])), ==, "#0072b2");
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Set Color");
  g_assert_true (active (blue));

  choose (kind, "quote");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (waymark_card_get_kind (object (fixture, ids[i])), ==, "quote");
  g_assert_cmpstr (combo_id (kind), ==, "quote");

  /* Each bulk edit is one step. */
  undo (fixture);
  g_assert_null (combo_id (kind));
  g_assert_cmpstr (waymark_card_get_kind (object (fixture, CARD_SAVES_AD)), ==, "note");
  undo (fixture);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_cmpstr (waymark_card_get_color (object (fixture, ids[i])), ==, "");
  g_assert_false (active (blue));
  g_assert_true (active (_waymark_inspector_get_swatch (fixture->inspector, "cards_colors", "")));
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  WaymarkObject *first = object (fixture, CARD_SOCIAL_AD);
  WaymarkObject *second = object (fixture, CARD_SEARCH_PAGE);

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) CARD_SEARCH_PAGE, (gint64) 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->inspector), "inspector.delete", NULL));
  waymark_ui_test_spin ();
  g_assert_null (waymark_object_get_document (first));
  g_assert_null (waymark_object_get_document (second));
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Delete 2 Cards");
  g_assert_cmpuint (waymark_inspector_get_selection (fixture->inspector)->len, ==, 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "map");

  undo (fixture);
  g_assert_true (waymark_object_get_document (first) == fixture->document);
  g_assert_true (waymark_object_get_document (second) == fixture->document);

  /* Deleted elsewhere, the card leaves the panel too. */
  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  waymark_document_remove (fixture->document, first);
  waymark_ui_test_spin ();
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "map");
}

static void
test_stage (Fixture       *fixture,
            gconstpointer  data)
{
  WaymarkStage *stage = object (fixture, STAGE_DISCOVER);
  GtkWidget *title = widget (fixture, "stage_title_row");
  GtkWidget *description = widget (fixture, "stage_description_view");
  GtkWidget *green = _waymark_inspector_get_swatch (fixture->inspector, "stage_colors", "#009E73");

  select_ids (fixture, (gint64) STAGE_DISCOVER, (gint64) 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "stage");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_title"))), ==, "Stage");
  assert_shows (title, "Discover");
  assert_shows (description, waymark_stage_get_description (stage));

  type_text (title, "Discovery");
  g_assert_cmpstr (waymark_stage_get_title (stage), ==, "Discovery");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Rename Stage");
  type_text (description, "Finds the shop.");
  g_assert_cmpstr (waymark_stage_get_description (stage), ==, "Finds the shop.");
  click (green);
  g_assert_cmpstr (waymark_stage_get_color (stage), ==, "#009e73");

  undo (fixture);
  g_assert_cmpstr (waymark_stage_get_color (stage), ==, "");
  g_assert_false (active (green));
  undo (fixture);
  undo (fixture);
  assert_shows (title, "Discover");
  assert_shows (description, waymark_stage_get_description (stage));
}

static void
test_lane (Fixture       *fixture,
           gconstpointer  data)
{
  WaymarkLane *lane = object (fixture, LANE_THOUGHTS);
  GtkWidget *kind = widget (fixture, "lane_kind_row");
  GtkWidget *collapsed = widget (fixture, "lane_collapsed_switch");
  GtkWidget *purple = _waymark_inspector_get_swatch (fixture->inspector, "lane_colors", "#CC79A7");

  select_ids (fixture, (gint64) LANE_THOUGHTS, (gint64) 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "lane");
  assert_shows (widget (fixture, "lane_title_row"), "Thoughts");
  g_assert_cmpstr (combo_id (kind), ==, "thoughts");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (collapsed)));

  type_text (widget (fixture, "lane_title_row"), "Thinking");
  g_assert_cmpstr (waymark_lane_get_title (lane), ==, "Thinking");
  choose (kind, "notes");
  g_assert_cmpstr (waymark_lane_get_kind (lane), ==, "notes");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Lane Kind");
  gtk_switch_set_active (GTK_SWITCH (collapsed), TRUE);
  waymark_ui_test_spin ();
  g_assert_true (waymark_lane_get_collapsed (lane));
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Collapse Lane");
  click (purple);
  g_assert_cmpstr (waymark_lane_get_color (lane), ==, "#cc79a7");

  undo (fixture);
  undo (fixture);
  g_assert_false (waymark_lane_get_collapsed (lane));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (collapsed)));
  undo (fixture);
  g_assert_cmpstr (combo_id (kind), ==, "thoughts");
  undo (fixture);
  assert_shows (widget (fixture, "lane_title_row"), "Thoughts");
}

/* An emotion lane's Curve row: set by hand, or from a metric; switching
 * is one undoable step and is shown again after undo. */
static void
test_lane_curve (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *curve = widget (fixture, "lane_curve_row");
  WaymarkObject *metric;

  /* Not for other kinds of lane. */
  select_ids (fixture, (gint64) LANE_THOUGHTS, (gint64) 0);
  g_assert_false (gtk_widget_get_visible (curve));

  metric = waymark_document_add (fixture->document, WAYMARK_TYPE_METRIC, "name", "NPS", "kind", "nps",
                                 "column-name", "nps", NULL);
  select_ids (fixture, (gint64) LANE_EMOTIONS, (gint64) 0);
  waymark_ui_test_spin ();
  g_assert_true (gtk_widget_get_visible (curve));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (curve)), ==, 0);
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (curve))), ==,
                   "Set by Hand");

  adw_combo_row_set_selected (ADW_COMBO_ROW (curve), 1);
  waymark_ui_test_spin ();
  g_assert_true (waymark_edit_get_curve_metric (fixture->document) == WAYMARK_METRIC (metric));
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Draw Curve from NPS");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (ADW_COMBO_ROW (curve))), ==,
                   "From NPS");

  adw_combo_row_set_selected (ADW_COMBO_ROW (curve), 0);
  waymark_ui_test_spin ();
  g_assert_null (waymark_edit_get_curve_metric (fixture->document));
  undo (fixture);
  g_assert_true (waymark_edit_get_curve_metric (fixture->document) == WAYMARK_METRIC (metric));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (curve)), ==, 1);
}

/* Several cards of one kind: the fields of that kind, the common value
 * or “Mixed”, and a change for all of them in one step. */
static void
test_several_cards_shared_fields (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *channel = widget (fixture, "cards_channel_row");
  GtkWidget *severity = widget (fixture, "cards_severity_row");
  GtkWidget *owner = widget (fixture, "cards_owner_row");
  GtkWidget *status = widget (fixture, "cards_status_row");
  WaymarkCard *ad = object (fixture, CARD_SOCIAL_AD);
  WaymarkCard *page = object (fixture, CARD_SEARCH_PAGE);

  /* Two touchpoints, social and web: the channel, mixed. */
  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) CARD_SEARCH_PAGE, (gint64) 0);
  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "cards");
  g_assert_true (gtk_widget_get_visible (channel));
  g_assert_false (gtk_widget_get_visible (severity));
  g_assert_false (gtk_widget_get_visible (owner));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (channel)), ==, "Mixed");
  choose (channel, "email");
  g_assert_cmpstr (waymark_card_get_channel (ad), ==, "email");
  g_assert_cmpstr (waymark_card_get_channel (page), ==, "email");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Channel");
  g_assert_cmpstr (combo_id (channel), ==, "email");
  undo (fixture);
  g_assert_cmpstr (waymark_card_get_channel (ad), ==, "social");
  g_assert_cmpstr (waymark_card_get_channel (page), ==, "web");

  /* Two pain points: the severity. */
  select_ids (fixture, (gint64) 1126, (gint64) 1129, (gint64) 0);
  g_assert_true (gtk_widget_get_visible (severity));
  g_assert_false (gtk_widget_get_visible (channel));
  adw_combo_row_set_selected (ADW_COMBO_ROW (severity), 3);
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_card_get_severity (object (fixture, 1126)), ==, 3);
  g_assert_cmpint (waymark_card_get_severity (object (fixture, 1129)), ==, 3);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Severity");

  /* Two opportunities: owner and status. */
  select_ids (fixture, (gint64) 1131, (gint64) 1133, (gint64) 0);
  g_assert_true (gtk_widget_get_visible (owner));
  g_assert_true (gtk_widget_get_visible (status));
  gtk_editable_set_text (GTK_EDITABLE (owner), "CX team");
  g_signal_emit_by_name (owner, "apply");
  waymark_ui_test_spin ();
  g_assert_cmpstr (waymark_card_get_owner (object (fixture, 1131)), ==, "CX team");
  g_assert_cmpstr (waymark_card_get_owner (object (fixture, 1133)), ==, "CX team");
  choose (status, "planned");
  g_assert_cmpstr (waymark_card_get_status (object (fixture, 1131)), ==, "planned");
  g_assert_cmpstr (waymark_card_get_status (object (fixture, 1133)), ==, "planned");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Status");

  /* Of different kinds: none of those fields. */
  select_ids (fixture, (gint64) 1131, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  g_assert_false (gtk_widget_get_visible (channel));
  g_assert_false (gtk_widget_get_visible (owner));
  g_assert_false (gtk_widget_get_visible (severity));
}

/* An 8×8 PNG, drawn with Cairo. */
static char *
write_png (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "waymark-test-inspector-photo.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 8, 8);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.0, 0.45, 0.7);
  cairo_paint (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);

  return g_steal_pointer (&path);
}

static void
load_photo (Fixture    *fixture,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  _waymark_inspector_load_photo (fixture->inspector, file);
  while (_waymark_inspector_is_busy (fixture->inspector))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  waymark_ui_test_spin ();
}

static void
test_persona (Fixture       *fixture,
              gconstpointer  data)
{
  WaymarkMap *map = object (fixture, MAP_GIFT);
  WaymarkPersona *persona = object (fixture, waymark_map_get_persona (map));
  GtkWidget *name = widget (fixture, "persona_name_row");
  GtkWidget *avatar = widget (fixture, "persona_avatar");
  GtkWidget *error_label = widget (fixture, "photo_error_label");
  GtkWidget *personas = widget (fixture, "map_persona_row");
  g_autofree char *png = write_png ();
  g_autofree char *contents = NULL;
  g_autofree char *not_image = g_build_filename (g_get_tmp_dir (), "waymark-test-notes.png", NULL);
  g_autofree char *too_large = g_build_filename (g_get_tmp_dir (), "waymark-test-huge.png", NULL);
  gsize length;
  GBytes *photo;

  g_assert_cmpstr (_waymark_inspector_get_page (fixture->inspector), ==, "map");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_title"))), ==, "Map");
  assert_shows (widget (fixture, "map_title_row"), "Buying a Gift Online");
  assert_shows (widget (fixture, "map_scenario_view"), waymark_map_get_scenario (map));
  g_assert_cmpstr (combo_id (personas), ==, "Priya Raman");
  g_assert_true (gtk_widget_get_visible (widget (fixture, "persona_box")));
  g_assert_false (gtk_widget_get_visible (widget (fixture, "add_persona_box")));
  assert_shows (name, "Priya Raman");
  assert_shows (widget (fixture, "persona_goals_view"), waymark_persona_get_goals (persona));
  g_assert_cmpint (adw_avatar_get_size (ADW_AVATAR (avatar)), ==, 96);

  type_text (widget (fixture, "map_title_row"), "Buying a Birthday Gift");
  g_assert_cmpstr (waymark_map_get_title (map), ==, "Buying a Birthday Gift");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Rename Map");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (widget (fixture, "header_subtitle"))), ==, "Buying a Birthday Gift");
  type_text (widget (fixture, "map_scenario_view"), "Priya needs a present.");
  g_assert_cmpstr (waymark_map_get_scenario (map), ==, "Priya needs a present.");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Edit Scenario");
  undo (fixture);
  undo (fixture);
  assert_shows (widget (fixture, "map_title_row"), "Buying a Gift Online");

  type_text (name, "Priya R.");
  g_assert_cmpstr (waymark_persona_get_name (persona), ==, "Priya R.");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Rename Persona");
  g_assert_cmpstr (adw_avatar_get_text (ADW_AVATAR (avatar)), ==, "Priya R.");
  g_assert_cmpstr (combo_id (personas), ==, "Priya R.");
  type_text (widget (fixture, "persona_frustrations_view"), "Hidden costs\nWrong dates");
  g_assert_cmpstr (waymark_persona_get_frustrations (persona), ==, "Hidden costs\nWrong dates");
  undo (fixture);
  undo (fixture);
  assert_shows (name, "Priya Raman");

  /* Without a photo, the avatar is the map's: the initial in white on
   * the theme's accent (not AdwAvatar's two letters on a colour of its own). */
  g_assert_null (waymark_persona_get_photo (persona));
  {
    GdkPaintable *image = adw_avatar_get_custom_image (ADW_AVATAR (avatar));
    const WaymarkTheme *theme = adw_style_manager_get_dark (adw_style_manager_get_default ())
                                ? waymark_theme_get_dark () : waymark_theme_get_light ();
    int size, stride;
    g_autofree guchar *pixels = NULL;
    guchar *edge;
    g_autofree char *initial = waymark_persona_dup_initial (persona);

    g_assert_cmpstr (initial, ==, "P");
    g_assert_true (GDK_IS_TEXTURE (image));
    size = gdk_texture_get_width (GDK_TEXTURE (image));
    g_assert_cmpint (size, >=, 96);
    stride = size * 4;
    pixels = g_malloc (stride * size);
    gdk_texture_download (GDK_TEXTURE (image), pixels, stride);
    /* Inside the circle, left of the letter: the accent (BGRA in memory). */
    edge = pixels + (size / 2) * stride + (size / 8) * 4;
    g_assert_cmpint (abs (edge[2] - (int) (theme->accent.red * 255 + 0.5)), <=, 2);
    g_assert_cmpint (abs (edge[1] - (int) (theme->accent.green * 255 + 0.5)), <=, 2);
    g_assert_cmpint (abs (edge[0] - (int) (theme->accent.blue * 255 + 0.5)), <=, 2);
  }

  /* A photo: stored as the file's bytes, shown in the avatar. */
  load_photo (fixture, png);
  photo = waymark_persona_get_photo (persona);
  g_assert_nonnull (photo);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpmem (g_bytes_get_data (photo, NULL), g_bytes_get_size (photo), contents, length);
  g_assert_nonnull (adw_avatar_get_custom_image (ADW_AVATAR (avatar)));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (adw_avatar_get_custom_image (ADW_AVATAR (avatar))), ==, 8);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Photo");

  /* Not an image: said under the avatar, the photo kept. */
  g_assert_true (g_file_set_contents (not_image, "Goals:\n- a gift in 20 minutes\n", -1, NULL));
  load_photo (fixture, not_image);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "waymark-test-notes.png"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "not an image"));
  g_assert_true (waymark_persona_get_photo (persona) == photo);

  /* Larger than the limit, whatever it holds. */
  {
    g_autofree char *huge = g_malloc0 (WAYMARK_INSPECTOR_MAX_PHOTO_BYTES + 1);

    memcpy (huge, contents, length);
    g_assert_true (g_file_set_contents (too_large, huge, WAYMARK_INSPECTOR_MAX_PHOTO_BYTES + 1, NULL));
  }
  load_photo (fixture, too_large);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "waymark-test-huge.png"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "too large"));
  g_assert_true (waymark_persona_get_photo (persona) == photo);

  /* A missing file names itself too. */
  load_photo (fixture, "/nonexistent/face.png");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "face.png"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->inspector), "inspector.remove-photo", NULL));
  waymark_ui_test_spin ();
  g_assert_null (waymark_persona_get_photo (persona));
  /* Back to the initial (a square texture, not the 8-pixel photo). */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (adw_avatar_get_custom_image (ADW_AVATAR (avatar))), >=, 96);
  g_assert_false (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Remove Photo");
  undo (fixture);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (adw_avatar_get_custom_image (ADW_AVATAR (avatar))), ==, 8);

  g_unlink (png);
  g_unlink (not_image);
  g_unlink (too_large);
}

static void
test_add_persona (Fixture       *fixture,
                  gconstpointer  data)
{
  WaymarkMap *map = object (fixture, MAP_GIFT);
  GtkWidget *personas = widget (fixture, "map_persona_row");
  guint n_personas = waymark_document_get_items (fixture->document, WAYMARK_TYPE_PERSONA)->len;
  WaymarkPersona *persona;

  /* The first item is “None”. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (personas), 0);
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_map_get_persona (map), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Change Persona");
  g_assert_false (gtk_widget_get_visible (widget (fixture, "persona_box")));
  g_assert_true (gtk_widget_get_visible (widget (fixture, "add_persona_box")));

  click (widget (fixture, "add_persona_button"));
  persona = WAYMARK_PERSONA (waymark_document_lookup (fixture->document, waymark_map_get_persona (map)));
  g_assert_nonnull (persona);
  g_assert_cmpuint (waymark_document_get_items (fixture->document, WAYMARK_TYPE_PERSONA)->len, ==, n_personas + 1);
  g_assert_cmpstr (waymark_persona_get_name (persona), ==, "New Persona");
  g_assert_cmpstr (waymark_document_get_undo_label (fixture->document), ==, "Add Persona");
  g_assert_true (gtk_widget_get_visible (widget (fixture, "persona_box")));
  assert_shows (widget (fixture, "persona_name_row"), "New Persona");
  g_assert_cmpstr (combo_id (personas), ==, "New Persona");

  /* Adding it and making it the map's is one step. */
  undo (fixture);
  g_assert_cmpint (waymark_map_get_persona (map), ==, 0);
  g_assert_null (waymark_object_get_document (WAYMARK_OBJECT (persona)));
  g_assert_true (gtk_widget_get_visible (widget (fixture, "add_persona_box")));
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (personas))), ==, n_personas + 1);
  undo (fixture);
  g_assert_cmpstr (combo_id (personas), ==, "Priya Raman");
}

static void
test_no_feedback_loop (Fixture       *fixture,
                       gconstpointer  data)
{
  WaymarkCard *card = object (fixture, CARD_SOCIAL_AD);
  GtkWidget *title = widget (fixture, "card_title_row");
  GtkWidget *body = widget (fixture, "card_body_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (body));
  GtkTextIter iter;

  select_ids (fixture, (gint64) CARD_SOCIAL_AD, (gint64) 0);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  /* One keystroke, one change; the same text again, none. */
  type_text (title, "Instagram ad");
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  type_text (title, "Instagram ad");
  g_assert_cmpuint (fixture->n_changed, ==, 1);
  choose (widget (fixture, "card_kind_row"), "quote");
  g_assert_cmpuint (fixture->n_changed, ==, 2);

  /* A change from elsewhere shows without being written back, and the
   * cursor stays where the user left it. */
  gtk_widget_grab_focus (title);
  gtk_editable_set_position (GTK_EDITABLE (title), 4);
  waymark_document_set (fixture->document, card, "title", "Instagram gift guide", NULL);
  waymark_ui_test_spin ();
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  assert_shows (title, "Instagram gift guide");
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (title)), ==, 4);

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, 5);
  gtk_text_buffer_place_cursor (buffer, &iter);
  waymark_document_set (fixture->document, card, "body", "A new body from the canvas", NULL);
  waymark_ui_test_spin ();
  g_assert_cmpuint (fixture->n_changed, ==, 4);
  assert_shows (body, "A new body from the canvas");
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&iter), ==, 5);

  /* Undo elsewhere: each step is one change, and the panel follows. */
  undo (fixture);
  undo (fixture);
  undo (fixture);
  g_assert_cmpuint (fixture->n_changed, ==, 7);
  assert_shows (title, "Instagram ad");
  g_assert_cmpstr (combo_id (widget (fixture, "card_kind_row")), ==, "touchpoint");
  undo (fixture);
  g_assert_cmpuint (fixture->n_changed, ==, 8);
  assert_shows (title, "Instagram gift guide ad");
  g_assert_false (waymark_document_get_can_undo (fixture->document));
}

static void
css_parsing_error_cb (GtkCssProvider *provider,
                      GtkCssSection  *section,
                      const GError   *error)
{
  g_autofree char *where = gtk_css_section_to_string (section);

  g_error ("style.css: %s: %s", where, error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) provider = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* The application's own style, as the app loads it. */
  provider = gtk_css_provider_new ();
  g_signal_connect (provider, "parsing-error", G_CALLBACK (css_parsing_error_cb), NULL);
  gtk_css_provider_load_from_resource (provider, "/io/github/waymarkapp/Waymark/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) g_test_add ("/waymark/inspector/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/waymark/inspector/nothing-to-show", test_nothing_to_show);
  ADD ("card-title", test_card_title);
  ADD ("card-kind-and-channel", test_card_kind_and_channel);
  ADD ("card-color", test_card_color);
  ADD ("card-severity", test_card_severity);
  ADD ("card-body", test_card_body);
  ADD ("card-opportunity", test_card_opportunity);
  ADD ("comments", test_comments);
  ADD ("several-cards", test_several_cards);
  ADD ("several-cards-shared-fields", test_several_cards_shared_fields);
  ADD ("width-steady", test_width_steady);
  ADD ("delete", test_delete);
  ADD ("stage", test_stage);
  ADD ("lane", test_lane);
  ADD ("lane-curve", test_lane_curve);
  ADD ("persona", test_persona);
  ADD ("add-persona", test_add_persona);
  ADD ("no-feedback-loop", test_no_feedback_loop);
#undef ADD

  return g_test_run ();
}
