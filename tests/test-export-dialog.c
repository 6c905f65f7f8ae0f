/* test-export-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The export dialog under Xvfb: it starts from the remembered settings,
 * its preview has the pages the export will have, it exports on a worker
 * thread from a copy of the document, remembers what was used and reports
 * in the window's toast. With WAYMARK_SCREENSHOT_DIR set it also writes
 * export-dialog.png there (build-aux/screenshots.sh does).
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "waymark-application.h"
#include "waymark-core.h"
#include "waymark-export-dialog-private.h"
#include "waymark-window-private.h"
#include "waymark-ui-test-util.h"

static WaymarkApplication *app;

static void
wait_idle (WaymarkExportDialog *dialog)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (_waymark_export_dialog_get_busy (dialog))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  waymark_ui_test_spin ();
}

/* A window and the export dialog over it for @document, both shown. */
static WaymarkExportDialog *
open_dialog (WaymarkDocument  *document,
             WaymarkWindow   **window)
{
  WaymarkExportDialog *dialog;

  *window = waymark_window_new (ADW_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (*window));
  dialog = waymark_export_dialog_new (GTK_WINDOW (*window), document, 0);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  waymark_ui_test_spin ();
  return dialog;
}

static void
close_dialog (WaymarkExportDialog *dialog,
              WaymarkWindow       *window)
{
  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  waymark_ui_test_spin ();
}

static void
test_settings_preview_and_pdf (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(WaymarkDocument) document = waymark_generate (60, 5, 4, 2);
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GFile) file = NULL;
  WaymarkWindow *window;
  WaymarkExportDialog *dialog;
  WaymarkExportOptions options;
  gsize length = 0;
  guint n_pages;

  g_settings_set_string (settings, "export-format", "pdf");
  g_settings_set_string (settings, "export-mode", "tile");
  g_settings_set_string (settings, "export-paper", "A3");
  g_settings_set_string (settings, "export-orientation", "portrait");
  g_settings_set_boolean (settings, "export-cover", TRUE);
  g_settings_set_boolean (settings, "export-legend", FALSE);
  g_settings_set_boolean (settings, "export-appendix", TRUE);

  dialog = open_dialog (document, &window);

  /* It opens on its first choice, the format, not on Cancel. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

    g_assert_nonnull (focus);
    g_assert_true (ADW_IS_COMBO_ROW (focus) || gtk_widget_get_ancestor (focus, ADW_TYPE_COMBO_ROW) != NULL);
    g_assert_false (GTK_IS_BUTTON (focus) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (focus)), "_Cancel") == 0);
  }

  /* The remembered settings. */
  _waymark_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.format, ==, WAYMARK_EXPORT_FORMAT_PDF);
  g_assert_cmpint (options.mode, ==, WAYMARK_EXPORT_MODE_TILE);
  g_assert_cmpint (options.paper, ==, WAYMARK_PAPER_A3);
  g_assert_false (options.landscape);
  g_assert_true (options.cover);
  g_assert_false (options.legend);
  g_assert_true (options.appendix);

  /* The preview has the pages the export will have. */
  layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  options.map = 0;
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  n_pages = _waymark_export_dialog_get_n_pages (dialog);
  g_assert_cmpuint (n_pages, ==, waymark_pages_get_n_pages (pages));
  g_assert_cmpuint (n_pages, >, 2);

  waymark_ui_test_screenshot (GTK_WIDGET (dialog), "export-dialog.png");

  /* Export on the worker thread; the dialog closes and the window says so. */
  dir = g_dir_make_tmp ("waymark-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "journey.pdf", NULL);
  file = g_file_new_for_path (path);
  g_settings_set_string (settings, "export-paper", "A4");
  _waymark_export_dialog_export_to (dialog, file);
  g_assert_true (_waymark_export_dialog_get_busy (dialog));
  wait_idle (dialog);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_cmpstr (_waymark_window_get_last_message (window), ==, "Exported “journey.pdf”");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));

  /* What was used is remembered. */
  format = g_settings_get_string (settings, "export-format");
  g_assert_cmpstr (format, ==, "pdf");
  {
    g_autofree char *paper = g_settings_get_string (settings, "export-paper");

    g_assert_cmpstr (paper, ==, "A3");
  }

  close_dialog (dialog, window);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_png_and_error (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(WaymarkDocument) document = waymark_generate (20, 3, 3, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bad = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) bad_file = NULL;
  g_autoptr(WaymarkLayout) layout = NULL;
  WaymarkWindow *window;
  WaymarkExportDialog *dialog;
  cairo_surface_t *image;
  double width, height;

  g_settings_set_string (settings, "export-format", "png");
  g_settings_set_int (settings, "export-dpi", 72);
  g_settings_set_boolean (settings, "export-transparent", FALSE);

  dialog = open_dialog (document, &window);
  g_assert_cmpuint (_waymark_export_dialog_get_n_pages (dialog), ==, 1);

  dir = g_dir_make_tmp ("waymark-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);

  /* A folder that does not exist: the dialog stays, the window says why. */
  bad = g_build_filename (dir, "missing", "map.png", NULL);
  bad_file = g_file_new_for_path (bad);
  _waymark_export_dialog_export_to (dialog, bad_file);
  wait_idle (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (g_str_has_prefix (_waymark_window_get_last_message (window), "Could not export “map.png”: "));

  path = g_build_filename (dir, "map.png", NULL);
  file = g_file_new_for_path (path);
  _waymark_export_dialog_export_to (dialog, file);
  wait_idle (dialog);

  layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  waymark_layout_update (layout);
  waymark_layout_get_size (layout, &width, &height);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (width));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (height));
  cairo_surface_destroy (image);

  close_dialog (dialog, window);
  g_unlink (path);
  g_rmdir (dir);
}

/*
 * /waymark/export-dialog/legible-choices — with the settings as installed
 * the dialog exports legibly by itself: automatic layout and orientation,
 * each layout saying its pages and its text size on paper, the fit one
 * warning when its text is too small. A poster “2 pages wide” is two pages
 * wide, the summary switch adds the summary, and the choices are kept.
 */
static void
test_legible_choices (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(WaymarkDocument) document = waymark_generate (60, 5, 4, 2);
  const char *keys[] = { "export-format", "export-paper", "export-orientation", "export-mode",
                         "export-poster-size", "export-scale", "export-cover", "export-summary",
                         "export-legend", "export-appendix" };
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  WaymarkWindow *window;
  WaymarkExportDialog *dialog;
  WaymarkExportOptions options;
  guint columns = 0;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);

  dialog = open_dialog (document, &window);

  _waymark_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.mode, ==, WAYMARK_EXPORT_MODE_AUTO);
  g_assert_true (options.auto_orientation);
  g_assert_false (options.summary);
  for (WaymarkExportMode mode = WAYMARK_EXPORT_MODE_FIT; mode <= WAYMARK_EXPORT_MODE_AUTO; mode++)
    {
      const char *text = adw_action_row_get_subtitle (ADW_ACTION_ROW (_waymark_export_dialog_get_layout_row (dialog, mode)));

      g_test_message ("layout %d: %s", mode, text);
      g_assert_nonnull (strstr (text, " pt"));
      /* Automatic is never too small to read for a map this size. */
      if (mode == WAYMARK_EXPORT_MODE_AUTO)
        g_assert_null (strstr (text, "too small"));
    }
  /* Sixty cards on one A4 page are too small to read, and it says so. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (_waymark_export_dialog_get_layout_row (dialog, WAYMARK_EXPORT_MODE_FIT))),
                            "too small to read"));

  /* Poster, two pages wide, with a summary: as a user picks them. */
  g_assert_false (gtk_widget_get_visible (_waymark_export_dialog_get_poster_row (dialog)));
  gtk_widget_activate (_waymark_export_dialog_get_layout_row (dialog, WAYMARK_EXPORT_MODE_TILE));
  waymark_ui_test_spin ();
  g_usleep (200000);
  waymark_ui_test_spin ();
  g_assert_true (gtk_widget_get_visible (_waymark_export_dialog_get_poster_row (dialog)));
  adw_combo_row_set_selected (ADW_COMBO_ROW (_waymark_export_dialog_get_poster_row (dialog)), 2);
  gtk_switch_set_active (GTK_SWITCH (_waymark_export_dialog_get_summary_switch (dialog)), TRUE);
  waymark_ui_test_spin ();

  _waymark_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.mode, ==, WAYMARK_EXPORT_MODE_TILE);
  g_assert_cmpuint (options.pages_wide, ==, 2);
  g_assert_true (options.summary);
  layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  options.map = 0;
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  waymark_pages_get_grid (pages, &columns, NULL);
  g_assert_cmpuint (columns, ==, 2);
  g_assert_cmpint (waymark_pages_get_kind (pages, 0), ==, WAYMARK_PAGE_SUMMARY);

  dir = g_dir_make_tmp ("waymark-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "wide.pdf", NULL);
  file = g_file_new_for_path (path);
  _waymark_export_dialog_export_to (dialog, file);
  wait_idle (dialog);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *size = g_settings_get_string (settings, "export-poster-size");
    g_autofree char *orientation = g_settings_get_string (settings, "export-orientation");

    g_assert_cmpstr (size, ==, "2");
    g_assert_cmpstr (orientation, ==, "auto");
    g_assert_true (g_settings_get_boolean (settings, "export-summary"));
  }

  close_dialog (dialog, window);
  g_unlink (path);
  g_rmdir (dir);
}

/* The web page: chosen from the format list, written whole, remembered. */
static void
test_html (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(WaymarkDocument) document = waymark_generate (30, 4, 3, 7);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *path = NULL, *contents = NULL, *format = NULL, *doc_path = NULL;
  g_autofree char *folder_path = NULL, *uri = NULL;
  g_autoptr(GFile) file = NULL, doc_file = NULL, folder = NULL;
  WaymarkWindow *window;
  WaymarkExportDialog *dialog;
  WaymarkExportOptions options;

  dir = g_dir_make_tmp ("waymark-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  doc_path = g_build_filename (dir, "journey.waymark", NULL);
  doc_file = g_file_new_for_path (doc_path);
  g_assert_true (waymark_store_save (document, doc_file, &error));
  g_assert_no_error (error);

  g_settings_set_string (settings, "export-format", "html");
  dialog = open_dialog (document, &window);
  _waymark_export_dialog_get_options (dialog, &options);
  g_assert_cmpint (options.format, ==, WAYMARK_EXPORT_FORMAT_HTML);
  g_assert_cmpuint (_waymark_export_dialog_get_n_pages (dialog), ==, 1);

  /* The file chooser opens beside the document. */
  folder = _waymark_export_dialog_dup_folder (dialog);
  g_assert_nonnull (folder);
  folder_path = g_file_get_path (folder);
  g_assert_cmpstr (folder_path, ==, dir);

  path = g_build_filename (dir, "journey.html", NULL);
  file = g_file_new_for_path (path);
  g_settings_set_string (settings, "export-format", "pdf");
  _waymark_export_dialog_export_to (dialog, file);
  wait_idle (dialog);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (contents, "Content-Security-Policy"));
  g_assert_nonnull (strstr (contents, "<svg "));
  g_assert_true (g_str_has_suffix (contents, "</html>\n"));
  g_assert_cmpstr (_waymark_window_get_last_message (window), ==, "Exported “journey.html”");
  /* The toast offers to open what was written. */
  uri = g_file_get_uri (file);
  g_assert_cmpstr (_waymark_window_get_last_uri (window), ==, uri);
  format = g_settings_get_string (settings, "export-format");
  g_assert_cmpstr (format, ==, "html");

  close_dialog (dialog, window);
  g_unlink (path);
  g_unlink (doc_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  app = waymark_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/waymark/export-dialog/settings-preview-and-pdf", test_settings_preview_and_pdf);
  g_test_add_func ("/waymark/export-dialog/png-and-error", test_png_and_error);
  g_test_add_func ("/waymark/export-dialog/legible-choices", test_legible_choices);
  g_test_add_func ("/waymark/export-dialog/html", test_html);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
