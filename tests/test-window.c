/* test-window.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libpq-fe.h>

#include "waymark-application.h"
#include "waymark-canvas-private.h"
#include "waymark-core.h"
#include "waymark-edit.h"
#include "waymark-import-dialog-private.h"
#include "waymark-inspector.h"
#include "waymark-outline.h"
#include "waymark-recovery-dialog.h"
#include "waymark-ui-test-util.h"
#include "waymark-window-private.h"

static WaymarkApplication *app;

static WaymarkWindow *
create_window (void)
{
  WaymarkWindow *window = waymark_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  waymark_ui_test_spin ();
  return window;
}

static void
destroy_window (WaymarkWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  waymark_ui_test_spin ();
}

/* The application's newest Waymark window other than @except, once it has
 * finished opening (g_application_open () opens asynchronously, and which
 * window is "active" depends on when the X server's focus event arrives). */
static WaymarkWindow *
wait_for_new_window (WaymarkWindow *except)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (;;)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
        if (WAYMARK_IS_WINDOW (l->data) && l->data != (gpointer) except)
          {
            waymark_ui_test_wait_window (WAYMARK_WINDOW (l->data));
            return WAYMARK_WINDOW (l->data);
          }
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      waymark_ui_test_spin_for (20);
    }
}

static GFile *
sample_file (void)
{
  const char *path = g_getenv ("WAYMARK_SAMPLE");

  g_assert_nonnull (path);
  return g_file_new_for_path (path);
}

static gboolean
is_laid_out (GtkWidget *widget)
{
  GtkWidget *revealer = gtk_widget_get_ancestor (widget, GTK_TYPE_REVEALER);

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0 &&
         (revealer == NULL || gtk_revealer_get_child_revealed (GTK_REVEALER (revealer)));
}

/* Where the side panel sits next to the map, with the map open and F9 pressed. */
static void
panel_and_map_bounds (GtkTextDirection  direction,
                      graphene_rect_t  *panel,
                      graphene_rect_t  *map)
{
  g_autoptr(GFile) file = sample_file ();
  WaymarkWindow *window;
  GtkWidget *inspector, *canvas, *scrolled;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_set_default_direction (direction);
  window = create_window ();
  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-inspector", NULL));
  inspector = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_INSPECTOR);
  canvas = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_CANVAS);
  g_assert_nonnull (inspector);
  g_assert_nonnull (canvas);
  g_assert_cmpint (gtk_widget_get_direction (inspector), ==, direction);
  while (!(is_laid_out (inspector) && is_laid_out (canvas)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (is_laid_out (inspector));
  /* The viewport, not the map inside it, which is as wide as the map. */
  scrolled = gtk_widget_get_ancestor (canvas, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_compute_bounds (inspector, GTK_WIDGET (window), panel));
  g_assert_true (gtk_widget_compute_bounds (scrolled ? scrolled : canvas, GTK_WIDGET (window), map));

  destroy_window (window);
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/*
 * /waymark/window/right-to-left — in Hebrew or Arabic the side panel
 * moves to the left of the map, as GNOME's mirrored layouts have it.
 */
static void
test_right_to_left (void)
{
  graphene_rect_t panel, map;

  panel_and_map_bounds (GTK_TEXT_DIR_LTR, &panel, &map);
  g_assert_cmpfloat (panel.size.width, >, 100);
  g_assert_cmpfloat (panel.origin.x, >=, map.origin.x + map.size.width - 1);

  panel_and_map_bounds (GTK_TEXT_DIR_RTL, &panel, &map);
  g_assert_cmpfloat (panel.size.width, >, 100);
  g_assert_cmpfloat (panel.origin.x + panel.size.width, <=, map.origin.x + 1);
}

/*
 * /waymark/window/shortcuts-window — the Keyboard Shortcuts window lists
 * every action's accelerator
 */
static void
collect_shortcuts (GtkWidget *widget,
                   GString   *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL, *action = NULL;

      g_object_get (widget, "accelerator", &accelerator, "action-name", &action, NULL);
      g_string_append_printf (listed, "|%s|%s|", accelerator ? accelerator : "", action ? action : "");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_shortcuts (child, listed);
}

static void
test_shortcuts_window (void)
{
  WaymarkWindow *window = create_window ();
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  g_autoptr(GString) listed = g_string_new (NULL);
  guint n_accels = 0;

  g_assert_nonnull (overlay);
  collect_shortcuts (GTK_WIDGET (overlay), listed);
  g_assert_cmpuint (g_strv_length (actions), >=, 15);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);
      g_autofree char *by_action = g_strdup_printf ("|%s|", actions[i]);

      if (accels[0] == NULL || strstr (listed->str, by_action) != NULL)
        {
          n_accels += accels[0] != NULL;
          continue;
        }
      /* Listed by its keys instead, as Find and the panels are. */
      for (guint k = 0; accels[k] != NULL; k++)
        {
          guint key;
          GdkModifierType mods;
          gboolean found = FALSE;

          g_assert_true (gtk_accelerator_parse (accels[k], &key, &mods));
          for (const char *at = listed->str; (at = strchr (at, '|')) != NULL && !found; at++)
            {
              g_autofree char *field = g_strndup (at + 1, strcspn (at + 1, "|"));
              g_auto(GStrv) combos = g_strsplit (field, " ", -1);

              for (guint c = 0; combos[c] && !found; c++)
                {
                  guint other_key;
                  GdkModifierType other_mods;

                  found = gtk_accelerator_parse (combos[c], &other_key, &other_mods) &&
                          gdk_keyval_to_lower (other_key) == gdk_keyval_to_lower (key) && other_mods == mods;
                }
            }
          if (!found)
            g_error ("%s (%s) is missing from the Keyboard Shortcuts window", accels[k], actions[i]);
          n_accels++;
        }
    }
  g_assert_cmpuint (n_accels, >=, 15);

  destroy_window (window);
}

static void
test_empty_state (void)
{
  WaymarkWindow *window = create_window ();

  g_assert_true (waymark_window_is_empty (window));
  g_assert_null (waymark_window_get_document (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Waymark");
  g_assert_null (_waymark_window_get_last_message (window));
  /* The Keyboard Shortcuts window comes from gtk/help-overlay.ui. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  destroy_window (window);
}

static void
test_open_document (void)
{
  g_autoptr(GFile) file = sample_file ();
  WaymarkWindow *window = create_window ();
  WaymarkDocument *document;

  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);

  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_true (g_file_equal (waymark_document_get_file (document), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Online Purchase Journey");
  g_assert_null (_waymark_window_get_last_message (window));

  destroy_window (window);
}

static void
test_open_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/missing-map.waymark");
  WaymarkWindow *window = create_window ();
  const char *toast;

  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);

  toast = _waymark_window_get_last_message (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "missing-map.waymark"));
  g_assert_nonnull (strstr (toast, "No such file"));
  g_assert_true (waymark_window_is_empty (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Waymark");

  destroy_window (window);
}

static void
test_open_not_a_map (void)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "waymark-test-window-notes.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sample = sample_file ();
  WaymarkWindow *window = create_window ();
  const char *toast;

  g_assert_true (g_file_set_contents (path, "just some notes\n", -1, NULL));

  /* A failed open keeps the document that was open. */
  waymark_window_open (window, sample);
  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);

  toast = _waymark_window_get_last_message (window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "waymark-test-window-notes.waymark"));
  g_assert_nonnull (strstr (toast, "not a Waymark document"));
  g_assert_nonnull (waymark_window_get_document (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Online Purchase Journey");

  g_unlink (path);
  destroy_window (window);
}

static void
test_new_document (void)
{
  WaymarkWindow *window = create_window ();
  WaymarkDocument *document;
  WaymarkDocumentStats stats;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  waymark_ui_test_spin ();
  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_null (waymark_document_get_file (document));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Map");

  /* From a window that already shows a map, New opens another window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "support-call"));
  waymark_ui_test_spin ();
  g_assert_true (waymark_window_get_document (window) == document);
  {
    GtkWindow *other = GTK_WINDOW (wait_for_new_window (window));

    waymark_document_get_stats (waymark_window_get_document (WAYMARK_WINDOW (other)), &stats);
    g_assert_cmpuint (stats.cards, >, 20);
    destroy_window (WAYMARK_WINDOW (other));
  }

  destroy_window (window);
}

static void
test_window_size_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  WaymarkWindow *window = create_window ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  waymark_ui_test_spin ();
  gtk_window_close (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  window = create_window ();
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  destroy_window (window);
}

/* The start page lists the maps opened before: a click opens one. */
static void
test_start_page_recent (void)
{
  g_autoptr(GFile) file = sample_file ();
  WaymarkWindow *window = create_window ();
  WaymarkWindow *second;
  GtkWidget *list, *row = NULL;
  gint64 deadline;

  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);
  g_assert_nonnull (waymark_window_get_document (window));

  /* The first window's recent entry is written and read back in the
   * background: the list may be rebuilt meanwhile, so the row is looked
   * up again until it is there, after the first window has gone. */
  destroy_window (window);
  second = create_window ();
  g_assert_true (waymark_window_is_empty (second));
  list = waymark_ui_test_find_widget (GTK_WIDGET (second), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      row = NULL;
      waymark_ui_test_spin_for (100);
      for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL && row == NULL;
           child = gtk_widget_get_next_sibling (child))
        if (ADW_IS_ACTION_ROW (child) &&
            g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), "online-purchase.waymark"))
          row = child;
      if (row != NULL)
        break;
    }
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (list));

  g_assert_true (gtk_widget_activate (row));
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (second);
  g_assert_nonnull (waymark_window_get_document (second));
  g_assert_true (g_file_equal (waymark_document_get_file (waymark_window_get_document (second)), file));
  destroy_window (second);
}

static gboolean focus_arrives (WaymarkWindow *window,
                               GtkWidget     *region);

/* Every row of the outline on screen, from its widget, through the
 * accessibility API: its name, as a screen reader reads it. */
static void
collect_row_names (GtkWidget  *widget,
                   GHashTable *names)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_TREE_EXPANDER (child))
        {
          GtkWidget *title = gtk_widget_get_first_child (gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child)));
          const char *text = gtk_label_get_label (GTK_LABEL (title));
          g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (child),
                                                                           GTK_ACCESSIBLE_PROPERTY_LABEL, text);

          /* The row's accessible name is its title. */
          g_assert_null (mismatch);
          g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
          g_hash_table_add (names, g_strdup (text));
        }
      collect_row_names (child, names);
    }
}

/*
 * /waymark/window/outline — Shift+F9: the map as a tree of named objects
 * (every stage, lane and card by its title, with a description); moving
 * through it selects on the map and the map's selection moves it; Delete
 * deletes what it has selected.
 */
static void
test_outline (void)
{
  g_autoptr(GFile) file = sample_file ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WaymarkWindow *window;
  WaymarkCanvas *canvas;
  WaymarkOutline *outline;
  WaymarkDocument *document;
  GtkWidget *list;
  GPtrArray *items;
  guint n_rows, card_row = G_MAXUINT;
  gint64 card_id = 0;

  window = create_window ();
  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);
  document = waymark_window_get_document (window);
  canvas = WAYMARK_CANVAS (waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_CANVAS));
  outline = WAYMARK_OUTLINE (waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_OUTLINE));
  g_assert_nonnull (outline);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-outline", NULL));
  list = _waymark_outline_get_list (outline);
  /* It slides in, then takes the focus. */
  g_assert_true (focus_arrives (window, list));
  n_rows = _waymark_outline_get_n_rows (outline);

  /* Walk it from top to bottom, as a screen reader would. */
  for (guint i = 0; i < n_rows; i += 8)
    {
      gtk_widget_activate_action (list, "list.scroll-to-item", "u", i);
      waymark_ui_test_spin_for (30);
      collect_row_names (list, names);
    }
  gtk_widget_activate_action (list, "list.scroll-to-item", "u", n_rows - 1);
  waymark_ui_test_spin_for (30);
  collect_row_names (list, names);

  items = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < items->len; i++)
    if (!g_hash_table_contains (names, waymark_card_get_title (g_ptr_array_index (items, i))))
      g_error ("card “%s” has no row", waymark_card_get_title (g_ptr_array_index (items, i)));
  items = waymark_document_get_items (document, WAYMARK_TYPE_STAGE);
  for (guint i = 0; i < items->len; i++)
    g_assert_true (g_hash_table_contains (names, waymark_stage_get_title (g_ptr_array_index (items, i))));
  items = waymark_document_get_items (document, WAYMARK_TYPE_LANE);
  for (guint i = 0; i < items->len; i++)
    g_assert_true (g_hash_table_contains (names, waymark_lane_get_title (g_ptr_array_index (items, i))));

  /* A card's description says what a person would want said. */
  for (guint i = 0; i < n_rows && card_row == G_MAXUINT; i++)
    {
      g_autofree char *row = _waymark_outline_dup_row_name (outline, i);

      if (g_str_has_prefix (row, "Guest checkout|"))
        {
          card_row = i;
          g_test_message ("%s", row);
          g_assert_nonnull (strstr (row, "Touchpoint, Purchase, Touchpoints, Web"));
        }
    }
  g_assert_cmpuint (card_row, !=, G_MAXUINT);

  /* Down in the outline selects on the map. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))), card_row);
  waymark_ui_test_spin ();
  card_id = waymark_outline_get_selected (outline);
  {
    g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (canvas);

    g_assert_cmpuint (selection->len, ==, 1);
    g_assert_cmpint (waymark_object_get_id (g_ptr_array_index (selection, 0)), ==, card_id);
  }
  /* The map's selection moves the outline. */
  waymark_canvas_select_object (canvas, 102);
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_outline_get_selected (outline), ==, 102);

  /* Delete in the outline deletes. */
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list))), card_row);
  waymark_ui_test_spin ();
  gtk_widget_grab_focus (list);
  if (waymark_ui_test_can_send_events ())
    {
      waymark_ui_test_focus (GTK_WINDOW (window));
      gtk_widget_grab_focus (list);
      waymark_ui_test_key ("Delete");
      g_assert_null (waymark_document_lookup (document, card_id));
      g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Card");
    }

  destroy_window (window);
}

static void
test_style_variant (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "style-variant", g_variant_new_string ("dark"));
  waymark_ui_test_spin ();
  {
    g_autofree char *variant = g_settings_get_string (settings, "style-variant");
    g_assert_cmpstr (variant, ==, "dark");
  }
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  g_settings_set_string (settings, "style-variant", "light");
  waymark_ui_test_spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style_manager));

  g_settings_reset (settings, "style-variant");
  waymark_ui_test_spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_about (void)
{
  WaymarkWindow *window = create_window ();
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  waymark_ui_test_spin ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_ABOUT_WINDOW (toplevel))
        about = toplevel;
    }

  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Waymark");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));

  gtk_window_destroy (about);
  destroy_window (window);
}

static WaymarkCard *
first_card (WaymarkDocument *document)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  g_assert_cmpuint (cards->len, >, 0);
  return g_ptr_array_index (cards, 0);
}

static void
test_modified_title_and_history (void)
{
  WaymarkWindow *window = create_window ();
  WaymarkDocument *document;
  WaymarkCard *card;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "ecommerce"));
  waymark_ui_test_spin ();
  document = waymark_window_get_document (window);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Map");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "doc.undo", NULL) &&
                  waymark_document_get_can_redo (document));

  card = first_card (document);
  waymark_document_begin (document, "Move Card");
  waymark_document_set (document, card, "position", 5, NULL);
  waymark_document_end (document);
  waymark_ui_test_spin ();

  /* The title marks unsaved changes; Undo names what it undoes. */
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Untitled Map");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.undo", NULL));
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_card_get_position (card), ==, 0);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Map");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.redo", NULL));
  waymark_ui_test_spin ();
  g_assert_cmpint (waymark_card_get_position (card), ==, 5);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Untitled Map");

  /* Discard the changes so the window closes without asking. */
  waymark_document_undo (document);
  destroy_window (window);
}

static void
test_close_asks_to_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-test-close-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) document = NULL;
  WaymarkWindow *window = create_window ();
  AdwMessageDialog *dialog;

  document = waymark_store_new_document ("support-call", "Close Me", NULL);
  g_assert_true (waymark_store_save (document, file, NULL));
  waymark_window_set_document (window, document);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);

  waymark_document_set (document, first_card (document), "title", "Edited before closing", NULL);
  gtk_window_close (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  /* Still open, asking Save / Discard / Cancel. */
  g_assert_nonnull (window);
  dialog = ADW_MESSAGE_DIALOG (waymark_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));

  adw_message_dialog_response (dialog, "cancel");
  waymark_ui_test_spin ();
  g_assert_nonnull (window);
  g_assert_true (waymark_document_get_modified (document));

  /* Save writes the file and then closes. */
  gtk_window_close (GTK_WINDOW (window));
  waymark_ui_test_spin ();
  dialog = ADW_MESSAGE_DIALOG (waymark_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    /* The save runs on the store's thread; the window closes after it. */
    while (window != NULL && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_null (window);
  g_assert_false (waymark_document_get_modified (document));

  {
    g_autoptr(WaymarkDocument) reloaded = waymark_store_open (file, NULL);

    g_assert_nonnull (reloaded);
    g_assert_nonnull (waymark_document_lookup (reloaded, waymark_object_get_id (WAYMARK_OBJECT (first_card (document)))));
    g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (reloaded, waymark_object_get_id (WAYMARK_OBJECT (first_card (document)))))),
                     ==, "Edited before closing");
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_save_moved_file_offers_save_as (void)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-test-moved-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *moved = g_build_filename (dir, "elsewhere.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) document = NULL;
  WaymarkWindow *window = create_window ();
  AdwMessageDialog *dialog;

  document = waymark_store_new_document ("blank", "Moving", NULL);
  g_assert_true (waymark_store_save (document, file, NULL));
  waymark_window_set_document (window, document);
  waymark_document_set (document, document, "title", "Moved Away", NULL);
  g_assert_cmpint (g_rename (path, moved), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.save", NULL));
  waymark_ui_test_wait_window (window);

  g_assert_nonnull (strstr (_waymark_window_get_last_message (window), "moved or deleted"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  dialog = ADW_MESSAGE_DIALOG (waymark_ui_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save-as"));
  adw_message_dialog_response (dialog, "cancel");
  waymark_ui_test_spin ();

  waymark_document_undo (document);
  destroy_window (window);
  g_unlink (moved);
  g_rmdir (dir);
}

static void
test_autosave_and_recovery (void)
{
  WaymarkWindow *window = create_window ();
  WaymarkDocument *document;
  GFile *copy;
  GtkWindow *dialog;
  GtkWidget *recover;
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "saas-onboarding"));
  waymark_ui_test_spin ();
  document = waymark_window_get_document (window);
  waymark_document_set (document, first_card (document), "title", "Typed before the crash", NULL);
  _waymark_window_autosave_now (window);

  copy = waymark_store_get_recovery_file (document);
  g_assert_nonnull (copy);
  g_assert_true (g_file_query_exists (copy, NULL));

  /* What the next session finds: the copy, offered for recovery. */
  entries = waymark_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  dialog = GTK_WINDOW (waymark_recovery_dialog_new (GTK_WINDOW (window), g_steal_pointer (&entries)));
  gtk_window_present (dialog);
  waymark_ui_test_spin ();
  g_assert_cmpuint (waymark_recovery_dialog_get_count (WAYMARK_RECOVERY_DIALOG (dialog)), ==, 1);

  recover = waymark_ui_test_find_button (GTK_WIDGET (dialog), "_Recover");
  g_assert_nonnull (recover);
  g_signal_emit_by_name (recover, "clicked");
  waymark_ui_test_spin ();

  {
    GtkWindow *recovered = GTK_WINDOW (wait_for_new_window (window));
    WaymarkDocument *restored = waymark_window_get_document (WAYMARK_WINDOW (recovered));

    g_assert_nonnull (restored);
    g_assert_true (waymark_document_get_modified (restored));
    g_assert_cmpstr (waymark_card_get_title (first_card (restored)), ==, "Typed before the crash");
    g_assert_cmpstr (gtk_window_get_title (recovered), ==, "• Untitled Map");

    waymark_store_discard_recovery (restored);
    g_object_set (recovered, "document", NULL, NULL);
    destroy_window (WAYMARK_WINDOW (recovered));
  }

  g_assert_false (g_file_query_exists (copy, NULL));
  entries = waymark_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);

  waymark_document_undo (document);
  destroy_window (window);
}

static void
wait_until_idle (WaymarkImportDialog *dialog)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* The worker thread reports through the main loop. */
  do
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  while (_waymark_import_dialog_is_busy (dialog) && g_get_monotonic_time () < deadline);
  waymark_ui_test_spin ();
  g_assert_false (_waymark_import_dialog_is_busy (dialog));
}

static void
test_import_wizard (void)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-test-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "Q3 survey.csv", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.csv", NULL);
  g_autofree char *encoded = g_build_filename (dir, "encoded.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) broken_file = g_file_new_for_path (broken);
  g_autoptr(GFile) encoded_file = g_file_new_for_path (encoded);
  g_autoptr(GString) text = g_string_new ("ResponseId;Touchpoint;Stage;NPS\n"
                                          "Response ID;Which step?;Stage;How likely?\n");
  WaymarkWindow *window = create_window ();
  WaymarkImportDialog *dialog;
  WaymarkDocument *document;
  GPtrArray *datasets;

  for (guint i = 0; i < 500; i++)
    g_string_append_printf (text, "R_%u;%s;%s;%u\n", i,
                            i % 3 == 0 ? "Checkout" : i % 3 == 1 ? "Search results page" : "Parcel locker",
                            i % 3 == 2 ? "Delivery" : "Purchase", i % 11);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));
  g_assert_true (g_file_set_contents (broken, "a\n\"never closed\n", -1, NULL));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "ecommerce"));
  waymark_ui_test_spin ();
  document = waymark_window_get_document (window);

  dialog = waymark_import_dialog_new (GTK_WINDOW (window), document);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A file that cannot be read says so, and cannot be imported. */
  waymark_import_dialog_set_file (dialog, broken_file);
  wait_until_idle (dialog);
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "line 2: a quoted field is never closed"));
  g_assert_false (_waymark_import_dialog_import (dialog));

  /* A KOI8-R export reads without being told, and the Encoding row says
   * what it found; a file too short to tell Czech from Western says both
   * readings, and reads when its encoding is chosen. */
  {
    AdwComboRow *encoding_row = ADW_COMBO_ROW (_waymark_import_dialog_get_widget (dialog, "encoding_row"));
    GListModel *choices = adw_combo_row_get_model (encoding_row);
    g_autoptr(GString) russian = g_string_new ("Точка;Этап;NPS\n");
    guint czech_choice = GTK_INVALID_LIST_POSITION;
    gsize length = 0;
    g_autofree char *bytes = NULL;

    for (guint i = 0; i < 60; i++)
      g_string_append_printf (russian, "%s;Покупка;%u\n", i % 2 ? "Касса" : "Доставка", i % 11);
    bytes = g_convert (russian->str, russian->len, "KOI8-R", "UTF-8", NULL, &length, NULL);
    g_assert_true (g_file_set_contents (encoded, bytes, length, NULL));
    waymark_import_dialog_set_file (dialog, encoded_file);
    wait_until_idle (dialog);
    g_assert_cmpstr (_waymark_import_dialog_get_cell (dialog, 0, 0), ==, "Доставка");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (encoding_row)), ==, "Detected: KOI8-R (Russian)");

    g_clear_pointer (&bytes, g_free);
    bytes = g_convert ("name;n\nDvořák;1\n", -1, "WINDOWS-1250", "UTF-8", NULL, &length, NULL);
    g_assert_true (g_file_set_contents (encoded, bytes, length, NULL));
    waymark_import_dialog_set_file (dialog, encoded_file);
    wait_until_idle (dialog);
    g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "cannot tell its encoding"));
    g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "WINDOWS-1250 reads “Dvořák;1”"));
    g_assert_false (_waymark_import_dialog_import (dialog));
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (encoding_row)), ==, "");
    g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (_waymark_import_dialog_get_widget (dialog, "preview_status"))),
                     ==, "Which Encoding Is It In?");
    waymark_ui_test_screenshot (GTK_WIDGET (dialog), "import-ambiguous-encoding");
    for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (choices, i);

        if (g_str_has_prefix (gtk_string_object_get_string (item), "Windows-1250"))
          czech_choice = i;
      }
    g_assert_cmpuint (czech_choice, !=, GTK_INVALID_LIST_POSITION);
    adw_combo_row_set_selected (encoding_row, czech_choice);
    wait_until_idle (dialog);
    g_assert_cmpstr (_waymark_import_dialog_get_cell (dialog, 0, 0), ==, "Dvořák");
    g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (encoding_row)), ==, "");
    adw_combo_row_set_selected (encoding_row, 0);
    wait_until_idle (dialog);
  }

  /* The survey: detected delimiter, a key column guessed from the names. */
  waymark_import_dialog_set_file (dialog, file);
  wait_until_idle (dialog);
  g_assert_cmpuint (_waymark_import_dialog_get_n_preview (dialog), ==, 100);
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "501 rows"));
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "1 of 4 values match cards"));

  /* Create cards for the rest, in the stages the data names. */
  _waymark_import_dialog_set_stage (dialog, "Stage");
  wait_until_idle (dialog);
  _waymark_import_dialog_set_create (dialog, TRUE);
  waymark_ui_test_spin ();
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "New cards:"));

  g_assert_true (_waymark_import_dialog_import (dialog));
  waymark_ui_test_spin ();
  g_assert_null (dialog);

  datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  g_assert_cmpuint (datasets->len, ==, 1);
  g_assert_cmpstr (waymark_dataset_get_name (g_ptr_array_index (datasets, 0)), ==, "Q3 survey");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Import Data");
  g_assert_nonnull (strstr (_waymark_window_get_last_message (window), "Imported 501 rows as “Q3 survey”"));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Untitled Map");

  waymark_document_undo (document);
  g_assert_cmpuint (datasets->len, ==, 0);
  destroy_window (window);
  g_unlink (path);
  g_unlink (broken);
  g_unlink (encoded);
  g_rmdir (dir);
}

/* Runs @sql as the test cluster's administrator. */
static void
pg_admin_exec (const char *sql)
{
  const char *keys[] = { "host", "dbname", "user", "password", NULL };
  const char *values[] = { g_getenv ("WAYMARK_TEST_PGHOST"), g_getenv ("WAYMARK_TEST_PGDATABASE"), "admin",
                           g_getenv ("WAYMARK_TEST_PG_ADMIN_PASSWORD"), NULL };
  PGconn *conn = PQconnectdbParams (keys, values, 0);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (result));
  PQclear (result);
  PQfinish (conn);
}

static gboolean
focus_within (WaymarkWindow *window,
              GtkWidget     *region)
{
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (window));

  return focus != NULL && (focus == region || gtk_widget_is_ancestor (focus, region));
}

/* The panel slides in before it takes the focus: wait for it, however
 * slow the machine (the deadline only stops a hang). */
static gboolean
focus_arrives (WaymarkWindow *window,
               GtkWidget     *region)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!focus_within (window, region) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  return focus_within (window, region);
}

/*
 * /waymark/window/regions — F9 opens the side panel and goes into it, F9
 * again returns to the map; F6 goes from the map to the panel to the
 * header bar and round, Shift+F6 back.
 */
static void
test_regions (void)
{
  g_autoptr(GFile) file = sample_file ();
  WaymarkWindow *window;
  GtkWidget *canvas, *inspector, *header;

  window = create_window ();
  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);
  canvas = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_CANVAS);
  inspector = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_INSPECTOR);
  header = waymark_ui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR);
  gtk_widget_grab_focus (canvas);
  g_assert_true (focus_within (window, canvas));

  /* The panel is hidden: F6 goes to the header bar, and on to the map. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-region", NULL));
  g_assert_true (focus_within (window, header));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-region", NULL));
  g_assert_true (focus_within (window, canvas));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-inspector", NULL));
  g_assert_true (focus_arrives (window, inspector));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-inspector", NULL));
  g_assert_true (focus_arrives (window, canvas));

  /* With the panel shown: map, panel, header bar; Shift+F6 back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-inspector", NULL));
  g_assert_true (focus_arrives (window, inspector));
  waymark_ui_test_spin_for (300);
  gtk_widget_grab_focus (canvas);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-region", NULL));
  g_assert_true (focus_within (window, inspector));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-region", NULL));
  g_assert_true (focus_within (window, header));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-region", NULL));
  g_assert_true (focus_within (window, inspector));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-region", NULL));
  g_assert_true (focus_within (window, canvas));

  destroy_window (window);
}

/*
 * /waymark/window/find — Ctrl+F, a word typed: Find says “1 of N” and
 * every match is highlighted; Enter goes on to the next; closing Find
 * takes the highlights away.
 */
static void
test_find (void)
{
  g_autoptr(GFile) file = sample_file ();
  g_autoptr(GPtrArray) matches = NULL;
  g_autofree char *first = NULL, *second = NULL;
  WaymarkWindow *window;
  GtkWidget *entry, *canvas;
  WaymarkDocument *document;

  window = create_window ();
  waymark_window_open (window, file);
  waymark_ui_test_spin ();
  waymark_ui_test_wait_window (window);
  document = waymark_window_get_document (window);
  matches = waymark_edit_find (document, waymark_object_get_id (WAYMARK_OBJECT (waymark_document_get_first_map (document))),
                               "page");
  g_assert_cmpuint (matches->len, >=, 2);
  first = g_strdup_printf ("1 of %u", matches->len);
  second = g_strdup_printf ("2 of %u", matches->len);

  canvas = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_CANVAS);
  entry = waymark_ui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  waymark_ui_test_spin ();
  if (waymark_ui_test_can_send_events ())
    {
      waymark_ui_test_focus (GTK_WINDOW (window));
      gtk_widget_grab_focus (entry);
      waymark_ui_test_type ("page");
      /* GtkSearchEntry waits a little before it says the text changed. */
      waymark_ui_test_spin_for (400);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), "page");
      g_signal_emit_by_name (entry, "search-changed");
    }
  waymark_ui_test_spin ();
  g_assert_cmpstr (_waymark_window_get_search_status (window), ==, first);
  g_assert_cmpuint (_waymark_canvas_get_n_found (WAYMARK_CANVAS (canvas)), ==, matches->len);
  waymark_ui_test_screenshot (GTK_WIDGET (window), "find.png");

  if (waymark_ui_test_can_send_events ())
    waymark_ui_test_key ("Return");
  else
    g_signal_emit_by_name (entry, "activate");
  waymark_ui_test_spin_for (100);
  g_assert_cmpstr (_waymark_window_get_search_status (window), ==, second);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL));
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (gtk_widget_get_ancestor (entry, GTK_TYPE_SEARCH_BAR)), FALSE);
  waymark_ui_test_spin ();
  g_assert_cmpuint (_waymark_canvas_get_n_found (WAYMARK_CANVAS (canvas)), ==, 0);

  destroy_window (window);
}

/* Types into the dialog's @id row with real keys, or sets it without them. */
static void
type_into (WaymarkImportDialog *dialog,
           const char          *id,
           const char          *text)
{
  GtkWidget *row = _waymark_import_dialog_get_widget (dialog, id);

  gtk_widget_grab_focus (row);
  waymark_ui_test_spin ();
  if (waymark_ui_test_can_send_events ())
    {
      waymark_ui_test_type (text);
      waymark_ui_test_spin_for (100);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, text);
}

/* A dataset in PostgreSQL, from the menu's “Import from Database…”: the
 * URI and password typed, the connection's encryption shown, a table
 * chosen, its rows previewed with the server's types, then imported; the
 * saved map has the URI without the password. */
static void
test_import_database (void)
{
  const char *host = g_getenv ("WAYMARK_TEST_PGHOST");
  const char *password = g_getenv ("WAYMARK_TEST_PG_ANALYST_PASSWORD");
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *source = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkWindow *window;
  WaymarkImportDialog *dialog;
  WaymarkDocument *document;
  GPtrArray *datasets;
  GtkWidget *security;
  gsize length;

  if (host == NULL || password == NULL)
    {
      if (g_getenv ("WAYMARK_TEST_PG_REQUIRED") != NULL)
        g_test_fail_printf ("no PostgreSQL server was started (build-aux/pg-cluster.sh)");
      else
        g_test_skip ("no PostgreSQL server: build-aux/test.sh starts one");
      return;
    }

  pg_admin_exec ("DROP TABLE IF EXISTS window_survey; "
                 "CREATE TABLE window_survey (\"Touchpoint\" text, \"NPS\" integer, \"Answered\" date); "
                 "INSERT INTO window_survey VALUES ('Guest checkout', 9, '2026-11-02'), ('Guest checkout', 3, '2026-11-03'), "
                 "('Parcel locker', 10, '2026-11-04')");
  uri = g_strdup_printf ("postgresql://analyst@/%s?host=%s", g_getenv ("WAYMARK_TEST_PGDATABASE"), host);

  window = create_window ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "ecommerce"));
  waymark_ui_test_spin ();
  document = waymark_window_get_document (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.import-database", NULL));
  waymark_ui_test_spin ();
  dialog = WAYMARK_IMPORT_DIALOG (waymark_ui_test_find_toplevel (WAYMARK_TYPE_IMPORT_DIALOG));
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  waymark_ui_test_focus (GTK_WINDOW (dialog));
  /* The URI first: the page opens with the focus there. */
  g_assert_true (gtk_widget_has_focus (gtk_root_get_focus (GTK_ROOT (dialog))));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)),
                                         _waymark_import_dialog_get_widget (dialog, "uri_row")));

  type_into (dialog, "uri_row", uri);
  type_into (dialog, "password_row", password);
  if (waymark_ui_test_can_send_events ())
    waymark_ui_test_key ("Return");
  else
    gtk_widget_activate (_waymark_import_dialog_get_widget (dialog, "connect_button"));
  waymark_ui_test_spin_for (100);
  wait_until_idle (dialog);

  /* Connected over the local socket: not encrypted, and it says so. */
  security = _waymark_import_dialog_get_widget (dialog, "security_row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (security)), ==,
                   "Not encrypted (a socket on this computer)");

  {
    AdwComboRow *tables = ADW_COMBO_ROW (_waymark_import_dialog_get_widget (dialog, "table_row"));
    GListModel *model = adw_combo_row_get_model (tables);
    guint found = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

        if (g_str_equal (gtk_string_object_get_string (item), "window_survey"))
          found = i;
      }
    g_assert_cmpuint (found, !=, GTK_INVALID_LIST_POSITION);
    adw_combo_row_set_selected (tables, found);
  }
  wait_until_idle (dialog);
  waymark_ui_test_spin_for (100);
  wait_until_idle (dialog);

  g_assert_cmpuint (_waymark_import_dialog_get_n_preview (dialog), ==, 3);
  {
    GtkColumnView *view = GTK_COLUMN_VIEW (_waymark_import_dialog_get_widget (dialog, "view"));
    g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (view), 1);

    g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, "NPS · integer");
  }
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "3 rows"));
  g_assert_nonnull (strstr (_waymark_import_dialog_get_summary (dialog), "1 of 2 values match cards (2 rows)"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (_waymark_import_dialog_get_widget (dialog, "name_row"))), ==,
                   "window_survey");
  waymark_ui_test_screenshot (GTK_WIDGET (dialog), "import-database");

  g_assert_true (_waymark_import_dialog_import (dialog));
  waymark_ui_test_spin ();
  g_assert_null (dialog);

  datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  g_assert_cmpuint (datasets->len, ==, 1);
  g_object_get (g_ptr_array_index (datasets, 0), "source", &source, NULL);
  g_assert_cmpstr (source, ==, uri);

  /* Saved: the URI is there, the password nowhere. */
  dir = g_dir_make_tmp ("waymark-test-database-XXXXXX", NULL);
  path = g_build_filename (dir, "warehouse.waymark", NULL);
  file = g_file_new_for_path (path);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize i = 0; i + strlen (password) <= length; i++)
    g_assert_false (memcmp (contents + i, password, strlen (password)) == 0);

  destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_open_via_application (void)
{
  g_autoptr(GFile) file = sample_file ();
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/lost.waymark");
  GFile *files[] = { file };
  GtkWindow *window;
  guint n_windows;

  /* What `waymark FILE` does once the command line is parsed. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  window = GTK_WINDOW (wait_for_new_window (NULL));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Online Purchase Journey");
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* The same file again presents its window rather than opening a second. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  waymark_ui_test_spin ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, n_windows);

  /* A missing file opens a window with a toast naming it. */
  files[0] = missing;
  g_application_open (G_APPLICATION (app), files, 1, "");
  {
    GtkWindow *other = GTK_WINDOW (wait_for_new_window (WAYMARK_WINDOW (window)));
    const char *toast = _waymark_window_get_last_message (WAYMARK_WINDOW (other));

    g_assert_nonnull (toast);
    g_assert_nonnull (strstr (toast, "lost.waymark"));
    destroy_window (WAYMARK_WINDOW (other));
  }

  destroy_window (WAYMARK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* GTK's own test backend keeps what a screen reader would be given, for
   * gtk_test_accessible_check_property () (the suite runs without a bus). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);

  app = waymark_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  /* Keep the application alive between tests that close every window. */
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/waymark/window/empty-state", test_empty_state);
  g_test_add_func ("/waymark/window/open-document", test_open_document);
  g_test_add_func ("/waymark/window/open-missing-file", test_open_missing_file);
  g_test_add_func ("/waymark/window/open-not-a-map", test_open_not_a_map);
  g_test_add_func ("/waymark/window/new-document", test_new_document);
  g_test_add_func ("/waymark/window/size-saved", test_window_size_saved);
  g_test_add_func ("/waymark/window/start-page-recent", test_start_page_recent);
  g_test_add_func ("/waymark/window/modified-title-and-history", test_modified_title_and_history);
  g_test_add_func ("/waymark/window/close-asks-to-save", test_close_asks_to_save);
  g_test_add_func ("/waymark/window/save-moved-file-offers-save-as", test_save_moved_file_offers_save_as);
  g_test_add_func ("/waymark/window/autosave-and-recovery", test_autosave_and_recovery);
  g_test_add_func ("/waymark/window/import-wizard", test_import_wizard);
  g_test_add_func ("/waymark/window/import-database", test_import_database);
  g_test_add_func ("/waymark/window/right-to-left", test_right_to_left);
  g_test_add_func ("/waymark/window/find", test_find);
  g_test_add_func ("/waymark/window/regions", test_regions);
  g_test_add_func ("/waymark/window/outline", test_outline);
  g_test_add_func ("/waymark/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/waymark/application/style-variant", test_style_variant);
  g_test_add_func ("/waymark/application/about", test_about);
  g_test_add_func ("/waymark/application/open-files", test_open_via_application);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);

  return ret;
}
