/* waymark-ui-test-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>

#include "waymark-ui-test-util.h"
#include "waymark-window-private.h"

/* Runs what is ready to run, without waiting (ten seconds at most). */
void
waymark_ui_test_spin (void)
{
  /* An animation (a spinner while a file opens) keeps frames pending for
   * as long as it runs: ten seconds at most, so one never hangs a test. */
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_main_context_pending (NULL) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop for @ms milliseconds: timers, frames, events. */
void
waymark_ui_test_spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      waymark_ui_test_spin ();
      g_usleep (5000);
    }
}

/* Until @window's opens, saves and autosaves have ended (a minute at most). */
void
waymark_ui_test_wait_window (WaymarkWindow *window)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (_waymark_window_is_busy (window))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
  waymark_ui_test_spin ();
}

/* The first widget of @type under @root, depth first, @root included. */
GtkWidget *
waymark_ui_test_find_widget (GtkWidget *root,
                             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = waymark_ui_test_find_widget (child, type);

      if (found)
        return found;
    }
  return NULL;
}

/* The first button labelled @label (with its mnemonic underscore) under @root. */
GtkWidget *
waymark_ui_test_find_button (GtkWidget  *root,
                             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = waymark_ui_test_find_button (child, label)))
        return found;
    }
  return NULL;
}

/* A visible toplevel of @type, such as a dialog a test opened. */
GtkWindow *
waymark_ui_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

/* Real events need an X11 display and xdotool; tests skip without them. */
gboolean
waymark_ui_test_can_send_events (void)
{
  g_autofree char *path = g_find_program_in_path ("xdotool");

  return GDK_IS_X11_DISPLAY (gdk_display_get_default ()) && path != NULL;
}

/* Xvfb has no window manager: give @window the X input focus by hand. */
void
waymark_ui_test_focus (GtkWindow *window)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = g_strdup_printf ("%lu", (unsigned long) gdk_x11_surface_get_xid (surface));

  waymark_ui_test_xdotool ("windowfocus", "--sync", xid, NULL);
  waymark_ui_test_spin_for (200);
}

void
waymark_ui_test_xdotool (const char *first,
                         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "xdotool");
  g_ptr_array_add (argv, (gpointer) first);
  va_start (args, first);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* Let the events arrive and the canvas lay itself out again. */
  waymark_ui_test_spin_for (120);
}

void
waymark_ui_test_key (const char *keys)
{
  waymark_ui_test_xdotool ("key", "--clearmodifiers", keys, NULL);
}

void
waymark_ui_test_type (const char *text)
{
  waymark_ui_test_xdotool ("type", "--delay", "15", text, NULL);
}

/*
 * Writes @widget as it is drawn to $WAYMARK_SCREENSHOT_DIR/@name
 * (build-aux/screenshots.sh sets it); does nothing without it.
 */
void
waymark_ui_test_screenshot (GtkWidget  *widget,
                            const char *name)
{
  const char *dir = g_getenv ("WAYMARK_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  int width, height;

  if (dir == NULL)
    return;

  /* Let thumbnails and the layout settle. */
  waymark_ui_test_spin_for (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("wrote %s", path);
}
