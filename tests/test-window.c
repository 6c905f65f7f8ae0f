/* test-window.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "waymark-application.h"
#include "waymark-window-private.h"

static WaymarkApplication *app;

static void
spin (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static WaymarkWindow *
create_window (void)
{
  WaymarkWindow *window = waymark_window_new (ADW_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  spin ();
  return window;
}

static void
destroy_window (WaymarkWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static GFile *
sample_file (void)
{
  const char *path = g_getenv ("WAYMARK_SAMPLE");

  g_assert_nonnull (path);
  return g_file_new_for_path (path);
}

static void
test_empty_state (void)
{
  WaymarkWindow *window = create_window ();

  g_assert_true (waymark_window_is_empty (window));
  g_assert_null (waymark_window_get_document (window));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Waymark");
  g_assert_null (_waymark_window_get_last_toast (window));
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
  spin ();

  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_true (g_file_equal (waymark_document_get_file (document), file));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Online Purchase Journey");
  g_assert_null (_waymark_window_get_last_toast (window));

  destroy_window (window);
}

static void
test_open_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/missing-map.waymark");
  WaymarkWindow *window = create_window ();
  const char *toast;

  waymark_window_open (window, file);
  spin ();

  toast = _waymark_window_get_last_toast (window);
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
  spin ();

  toast = _waymark_window_get_last_toast (window);
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
  spin ();
  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_null (waymark_document_get_file (document));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "Untitled Map");

  /* From a window that already shows a map, New opens another window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-template", "s", "support-call"));
  spin ();
  g_assert_true (waymark_window_get_document (window) == document);
  {
    GtkWindow *other = gtk_application_get_active_window (GTK_APPLICATION (app));

    g_assert_true (WAYMARK_IS_WINDOW (other));
    g_assert_true (other != GTK_WINDOW (window));
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
  spin ();
  gtk_window_close (GTK_WINDOW (window));
  spin ();

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

static void
test_style_variant (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "style-variant", g_variant_new_string ("dark"));
  spin ();
  {
    g_autofree char *variant = g_settings_get_string (settings, "style-variant");
    g_assert_cmpstr (variant, ==, "dark");
  }
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (style_manager));

  g_settings_set_string (settings, "style-variant", "light");
  spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (style_manager));

  g_settings_reset (settings, "style-variant");
  spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (style_manager), ==, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_about (void)
{
  WaymarkWindow *window = create_window ();
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *about = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin ();

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
  spin ();
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (WAYMARK_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Online Purchase Journey");
  n_windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* The same file again presents its window rather than opening a second. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  spin ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, n_windows);

  /* A missing file opens a window with a toast naming it. */
  files[0] = missing;
  g_application_open (G_APPLICATION (app), files, 1, "");
  spin ();
  {
    GtkWindow *other = gtk_application_get_active_window (GTK_APPLICATION (app));
    const char *toast = _waymark_window_get_last_toast (WAYMARK_WINDOW (other));

    g_assert_true (other != window);
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
  g_test_add_func ("/waymark/application/style-variant", test_style_variant);
  g_test_add_func ("/waymark/application/about", test_about);
  g_test_add_func ("/waymark/application/open-files", test_open_via_application);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);

  return ret;
}
