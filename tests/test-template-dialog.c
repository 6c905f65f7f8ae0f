/* test-template-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * New from Template under Xvfb: win.new-from-gallery opens it with a card
 * for every built-in template whose preview the painter really drew (in
 * the light and the dark style), a card creates an untitled map from its
 * template in the window, and the recent section lists the maps that
 * exist, at most six, each opening its file. With WAYMARK_SCREENSHOT_DIR
 * set it also writes template-dialog.png there.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "waymark-application.h"
#include "waymark-core.h"
#include "waymark-template-dialog-private.h"
#include "waymark-window-private.h"
#include "waymark-ui-test-util.h"

#define TARGET_KEY     "waymark-target"
#define PREVIEW_WIDTH  260
#define PREVIEW_HEIGHT 170

static WaymarkApplication *app;

static WaymarkTemplateDialog *
find_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (const GList *iter = toplevels; iter; iter = iter->next)
    if (WAYMARK_IS_TEMPLATE_DIALOG (iter->data) && gtk_widget_get_visible (iter->data))
      return iter->data;
  return NULL;
}

/* Opens the dialog the way the menu and Ctrl+Shift+T do. */
static WaymarkTemplateDialog *
open_dialog (WaymarkWindow *window)
{
  WaymarkTemplateDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-from-gallery", NULL));
  waymark_ui_test_spin ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return dialog;
}

static GtkWidget *
find_target (GtkWidget  *container,
             const char *target)
{
  for (GtkWidget *child = gtk_widget_get_first_child (container); child;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), TARGET_KEY), target) == 0)
      return child;
  return NULL;
}

static guint
count_children (GtkWidget *container)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (container); child;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* How much of a preview is not the canvas colour, and how light it is. */
static void
measure_preview (WaymarkTemplateDialog *dialog,
                 const char            *name,
                 const WaymarkTheme    *theme,
                 double                *drawn,
                 double                *luminance)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PREVIEW_WIDTH, PREVIEW_HEIGHT);
  cairo_t *cr = cairo_create (surface);
  const guchar *data;
  int stride;
  guint n_drawn = 0;
  double sum = 0;

  /* Magenta is in no theme: whatever the preview leaves unpainted shows. */
  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  _waymark_template_dialog_draw_preview (dialog, name, cr, PREVIEW_WIDTH, PREVIEW_HEIGHT);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < PREVIEW_HEIGHT; y++)
    for (int x = 0; x < PREVIEW_WIDTH; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        double r = ((pixel >> 16) & 0xff) / 255.0;
        double g = ((pixel >> 8) & 0xff) / 255.0;
        double b = (pixel & 0xff) / 255.0;

        g_assert_false (r == 1 && g == 0 && b == 1);
        if (fabs (r - theme->background.red) > 0.04 ||
            fabs (g - theme->background.green) > 0.04 ||
            fabs (b - theme->background.blue) > 0.04)
          n_drawn++;
        sum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
      }
  cairo_surface_destroy (surface);

  *drawn = (double) n_drawn / (PREVIEW_WIDTH * PREVIEW_HEIGHT);
  *luminance = sum / (PREVIEW_WIDTH * PREVIEW_HEIGHT);
}

static gboolean
has_lane (WaymarkDocument *document,
          const char      *title)
{
  GPtrArray *lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);

  for (guint i = 0; i < lanes->len; i++)
    if (g_strcmp0 (waymark_lane_get_title (g_ptr_array_index (lanes, i)), title) == 0)
      return TRUE;
  return FALSE;
}

static void
test_previews_and_template (void)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  const char * const *names = waymark_store_list_templates ();
  WaymarkWindow *window;
  WaymarkTemplateDialog *dialog;
  WaymarkDocument *document;
  GtkFlowBox *templates;
  GtkWidget *card;
  g_autofree char *display_name = NULL;

  window = waymark_window_new (ADW_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  dialog = open_dialog (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  templates = _waymark_template_dialog_get_templates (dialog);

  /* A card for each built-in template, in the store's order, each with a
   * map on it rather than an empty canvas. */
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 5);
  g_assert_cmpuint (count_children (GTK_WIDGET (templates)), ==, 5);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (templates, i);
      double light_drawn, light_luminance, dark_drawn, dark_luminance;

      g_assert_cmpstr (g_object_get_data (G_OBJECT (child), TARGET_KEY), ==, names[i]);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (child)), >=, PREVIEW_WIDTH);

      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
      waymark_ui_test_spin ();
      measure_preview (dialog, names[i], waymark_theme_get_light (), &light_drawn, &light_luminance);
      g_test_message ("%s: %.0f%% drawn, luminance %.2f", names[i], light_drawn * 100, light_luminance);
      g_assert_cmpfloat (light_drawn, >, 0.10);

      /* The dark style redraws the same map in its own colours. */
      adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
      waymark_ui_test_spin ();
      measure_preview (dialog, names[i], waymark_theme_get_dark (), &dark_drawn, &dark_luminance);
      g_assert_cmpfloat (dark_drawn, >, 0.10);
      g_assert_cmpfloat (dark_luminance, <, light_luminance - 0.2);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  waymark_ui_test_spin ();

  /* The first card is chosen, so Enter and Create work at once. */
  {
    g_autoptr(GList) selected = gtk_flow_box_get_selected_children (templates);

    g_assert_cmpuint (g_list_length (selected), ==, 1);
    g_assert_true (selected->data == gtk_flow_box_get_child_at_index (templates, 0));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == selected->data);
    g_assert_false (gtk_flow_box_get_activate_on_single_click (templates));
  }

  /* The arrow keys start from it: Right chooses the next card. */
  {
    g_autoptr(GList) selected = NULL;
    gboolean moved = FALSE;

    g_signal_emit_by_name (templates, "move-cursor", GTK_MOVEMENT_VISUAL_POSITIONS, 1, FALSE, FALSE, &moved);
    g_assert_true (moved);
    selected = gtk_flow_box_get_selected_children (templates);
    g_assert_cmpuint (g_list_length (selected), ==, 1);
    g_assert_true (selected->data == gtk_flow_box_get_child_at_index (templates, 1));
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (dialog)) == selected->data);
  }

  waymark_ui_test_screenshot (GTK_WIDGET (dialog), "template-dialog.png");

  /* Double click or Enter on a card: a new map from it, in this window. */
  card = find_target (GTK_WIDGET (templates), "service-blueprint");
  g_assert_nonnull (card);
  g_assert_true (waymark_window_is_empty (window));
  g_signal_emit_by_name (templates, "child-activated", card);
  waymark_ui_test_spin ();

  g_assert_null (dialog);
  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  g_assert_true (has_lane (document, "Line of Visibility"));
  g_assert_null (waymark_document_get_file (document));
  g_assert_false (waymark_document_get_modified (document));
  display_name = waymark_document_dup_display_name (document);
  g_assert_cmpstr (display_name, ==, "Untitled Map");

  gtk_window_destroy (GTK_WINDOW (window));
  waymark_ui_test_spin ();
}

static void
test_cancel (void)
{
  WaymarkWindow *window = waymark_window_new (ADW_APPLICATION (app));
  WaymarkTemplateDialog *dialog;

  gtk_window_present (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  dialog = open_dialog (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  waymark_ui_test_spin ();
  g_assert_null (dialog);
  g_assert_true (waymark_window_is_empty (window));

  gtk_window_destroy (GTK_WINDOW (window));
  waymark_ui_test_spin ();
}

static char *
write_map (const char *dir,
           const char *name)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  document = waymark_store_new_document ("ecommerce", name, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
  return g_file_get_uri (file);
}

static void
add_recent (const char *uri,
            const char *mime_type)
{
  g_autofree char *name = g_path_get_basename (uri);
  GtkRecentData data = {
    .display_name = name,
    .mime_type = (char *) mime_type,
    .app_name = (char *) "test-template-dialog",
    .app_exec = (char *) "true %u",
  };

  g_assert_true (gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data));
}

static void
test_recent (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("waymark-recent-XXXXXX", &error);
  g_autofree char *gone_uri = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *text_uri = NULL;
  g_autofree char *opened_uri = NULL;
  g_autoptr(GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);
  WaymarkWindow *window;
  WaymarkTemplateDialog *dialog;
  GtkListBox *recent;
  GtkWidget *row;
  GFile *opened;

  g_assert_no_error (error);

  /* Eight maps, one that is gone, and a file that is no map. */
  for (guint i = 0; i < 8; i++)
    {
      g_autofree char *name = g_strdup_printf ("Journey %u.waymark", i);
      char *uri = write_map (dir, name);

      g_ptr_array_add (uris, uri);
      add_recent (uri, "application/x-waymark");
    }
  gone_uri = write_map (dir, "Gone.waymark");
  add_recent (gone_uri, "application/x-waymark");
  {
    g_autoptr(GFile) gone = g_file_new_for_uri (gone_uri);

    g_assert_true (g_file_delete (gone, NULL, NULL));
  }
  text_path = g_build_filename (dir, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (text_path, "not a map", -1, NULL));
  text_uri = g_filename_to_uri (text_path, NULL, NULL);
  add_recent (text_uri, "text/plain");

  window = waymark_window_new (ADW_APPLICATION (app));
  gtk_window_present (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  dialog = open_dialog (window);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  recent = _waymark_template_dialog_get_recent (dialog);

  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (recent))));
  g_assert_cmpuint (count_children (GTK_WIDGET (recent)), ==, 6);
  g_assert_null (find_target (GTK_WIDGET (recent), gone_uri));
  g_assert_null (find_target (GTK_WIDGET (recent), text_uri));

  /* Each row names the map and its folder. */
  row = gtk_widget_get_first_child (GTK_WIDGET (recent));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ".waymark"));
  g_assert_nonnull (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");

  /* A row opens its map in the empty window. */
  opened_uri = g_strdup (g_object_get_data (G_OBJECT (row), TARGET_KEY));
  g_assert_true (g_ptr_array_find_with_equal_func (uris, opened_uri, g_str_equal, NULL));
  g_signal_emit_by_name (recent, "row-activated", row);
  waymark_ui_test_spin ();

  g_assert_null (dialog);
  g_assert_nonnull (waymark_window_get_document (window));
  opened = waymark_document_get_file (waymark_window_get_document (window));
  g_assert_nonnull (opened);
  {
    g_autofree char *uri = g_file_get_uri (opened);

    g_assert_cmpstr (uri, ==, opened_uri);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  waymark_ui_test_spin ();

  for (guint i = 0; i < uris->len; i++)
    {
      g_autofree char *path = g_filename_from_uri (g_ptr_array_index (uris, i), NULL, NULL);

      gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), g_ptr_array_index (uris, i), NULL);
      g_unlink (path);
    }
  gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), gone_uri, NULL);
  gtk_recent_manager_remove_item (gtk_recent_manager_get_default (), text_uri, NULL);
  g_unlink (text_path);
  g_rmdir (dir);
  waymark_ui_test_spin ();
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

  g_test_add_func ("/waymark/template-dialog/previews-and-template", test_previews_and_template);
  g_test_add_func ("/waymark/template-dialog/cancel", test_cancel);
  g_test_add_func ("/waymark/template-dialog/recent", test_recent);

  ret = g_test_run ();

  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
