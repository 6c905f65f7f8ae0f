/* waymark-app-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-app"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-app-util.h"

static const char * const format_names[] = { "pdf", "svg", "png", "html" };
/* In WaymarkExportMode order; "stages" is what the deck was called before. */
static const char * const mode_names[] = { "fit", "tile", "deck", "auto" };

static guint
name_index (const char * const *names,
            guint               n_names,
            const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_ascii_strcasecmp (names[i], name) == 0)
      return i;
  return 0;
}

/* The window @from belongs to: its own, or for a dialog the window the
 * dialog is for. */
static GtkWidget *
reported_window (GtkWidget *from)
{
  GtkRoot *root = gtk_widget_get_root (from);
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (window != NULL && gtk_window_get_transient_for (window) != NULL)
    window = gtk_window_get_transient_for (window);
  return GTK_WIDGET (window);
}

/**
 * waymark_report:
 * @from: a widget of the window to tell, or of a dialog of it
 * @message: a sentence naming what happened (and, for an error, why)
 * @is_error: whether it went wrong
 *
 * Tells the person at the window, in a toast (win.show-toast): dialogs and
 * printing report through the window's action rather than its type.
 */
void
waymark_report (GtkWidget  *from,
                const char *message,
                gboolean    is_error)
{
  GtkWidget *window;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (message != NULL);

  window = reported_window (from);
  if (window == NULL || !gtk_widget_activate_action (window, "win.show-toast", "(sb)", message, is_error))
    g_message ("%s", message);
}

/**
 * waymark_report_file:
 * @from: a widget of the window to tell, or of a dialog of it
 * @message: a sentence saying what was written
 * @file: the file written
 *
 * Tells the person at the window that @file was written, in a toast with
 * a button that opens it (win.show-file).
 */
void
waymark_report_file (GtkWidget  *from,
                     const char *message,
                     GFile      *file)
{
  g_autofree char *uri = NULL;
  GtkWidget *window;

  g_return_if_fail (GTK_IS_WIDGET (from));
  g_return_if_fail (message != NULL);
  g_return_if_fail (G_IS_FILE (file));

  uri = g_file_get_uri (file);
  window = reported_window (from);
  if (window == NULL || !gtk_widget_activate_action (window, "win.show-file", "(ss)", message, uri))
    g_message ("%s", message);
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *info_a = *(GtkRecentInfo **) a;
  GtkRecentInfo *info_b = *(GtkRecentInfo **) b;

  /* Newest first. */
  return g_date_time_compare (gtk_recent_info_get_modified (info_b),
                              gtk_recent_info_get_modified (info_a));
}

/* Remembers @file among the recent maps, for the menu and the start page. */
void
waymark_recent_add (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *name = waymark_dup_file_name (file);
  GtkRecentData data = {
    .display_name = name,
    .mime_type = (char *) WAYMARK_MIME_TYPE,
    .app_name = (char *) g_get_application_name (),
    .app_exec = (char *) "waymark %u",
  };

  g_return_if_fail (G_IS_FILE (file));

  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

/**
 * waymark_recent_dup_maps:
 * @limit: the most to return
 *
 * Returns: (transfer full) (element-type GtkRecentInfo): the recent maps
 *   that are local files and still exist, newest first
 */
GPtrArray *
waymark_recent_dup_maps (guint limit)
{
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_recent_info_unref);
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());

  for (const GList *iter = items; iter; iter = iter->next)
    {
      GtkRecentInfo *info = iter->data;
      const char *mime = gtk_recent_info_get_mime_type (info);
      const char *uri = gtk_recent_info_get_uri (info);

      if ((g_strcmp0 (mime, WAYMARK_MIME_TYPE) == 0 || g_str_has_suffix (uri, ".waymark")) &&
          gtk_recent_info_is_local (info) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (infos, gtk_recent_info_ref (info));
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_ptr_array_sort (infos, compare_recent);
  if (infos->len > limit)
    g_ptr_array_set_size (infos, limit);
  return infos;
}

/* The file's name, or its URI when it has none. */
char *
waymark_dup_file_name (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL ? g_steal_pointer (&basename) : g_file_get_uri (file);
}

/* Where @file is, as people say it: “~/Maps”, “/srv/shared”, or a URI. */
char *
waymark_dup_location (GFile *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autoptr(GFile) home = g_file_new_for_path (g_get_home_dir ());
  g_autofree char *relative = NULL;

  if (parent == NULL)
    return g_file_get_uri (file);

  if (g_file_equal (parent, home))
    return g_strdup ("~");

  if ((relative = g_file_get_relative_path (home, parent)))
    return g_build_filename ("~", relative, NULL);

  if (g_file_is_native (parent))
    return g_file_get_path (parent);
  return g_file_get_uri (parent);
}

/* The export's last choices, as the dialog and printing start from them. */
void
waymark_export_settings_read (GSettings            *settings,
                              WaymarkExportOptions *options)
{
  g_autofree char *format = g_settings_get_string (settings, "export-format");
  g_autofree char *paper = g_settings_get_string (settings, "export-paper");
  g_autofree char *orientation = g_settings_get_string (settings, "export-orientation");
  g_autofree char *mode = g_settings_get_string (settings, "export-mode");

  waymark_export_options_init (options);
  options->format = name_index (format_names, G_N_ELEMENTS (format_names), format);
  if (!waymark_paper_parse (paper, &options->paper) || options->paper >= WAYMARK_PAPER_CUSTOM)
    options->paper = WAYMARK_PAPER_A4;
  options->auto_orientation = g_str_equal (orientation, "auto");
  options->landscape = !g_str_equal (orientation, "portrait");
  options->mode = g_str_equal (mode, "stages") ? WAYMARK_EXPORT_MODE_DECK
                                                : name_index (mode_names, G_N_ELEMENTS (mode_names), mode);
  options->scale = g_settings_get_int (settings, "export-scale");
  {
    g_autofree char *size = g_settings_get_string (settings, "export-poster-size");

    /* A poster's size: legible (scale 0), so many pages wide, or a scale. */
    if (g_str_equal (size, "legible"))
      options->scale = 0;
    else if (!g_str_equal (size, "scale"))
      options->pages_wide = (guint) g_ascii_strtoull (size, NULL, 10);
  }
  options->summary = g_settings_get_boolean (settings, "export-summary");
  options->cell_columns = g_settings_get_int (settings, "export-cell-columns");
  options->cover = g_settings_get_boolean (settings, "export-cover");
  options->legend = g_settings_get_boolean (settings, "export-legend");
  options->appendix = g_settings_get_boolean (settings, "export-appendix");
  options->dpi = g_settings_get_int (settings, "export-dpi");
  options->transparent = g_settings_get_boolean (settings, "export-transparent");
}

void
waymark_export_settings_write (GSettings                  *settings,
                               const WaymarkExportOptions *options)
{
  g_settings_delay (settings);
  g_settings_set_string (settings, "export-format", format_names[options->format]);
  g_settings_set_string (settings, "export-paper", waymark_paper_get_name (options->paper));
  g_settings_set_string (settings, "export-orientation",
                         options->auto_orientation ? "auto" : options->landscape ? "landscape" : "portrait");
  g_settings_set_string (settings, "export-mode", mode_names[options->mode]);
  if (options->pages_wide > 0)
    {
      g_autofree char *wide = g_strdup_printf ("%u", MIN (options->pages_wide, 4));

      g_settings_set_string (settings, "export-poster-size", wide);
    }
  else if (options->scale == 0)
    g_settings_set_string (settings, "export-poster-size", "legible");
  else
    {
      g_settings_set_string (settings, "export-poster-size", "scale");
      g_settings_set_int (settings, "export-scale", CLAMP ((int) options->scale, 5, 400));
    }
  g_settings_set_boolean (settings, "export-summary", options->summary);
  g_settings_set_int (settings, "export-cell-columns", CLAMP ((int) options->cell_columns, 1, 3));
  g_settings_set_boolean (settings, "export-cover", options->cover);
  g_settings_set_boolean (settings, "export-legend", options->legend);
  g_settings_set_boolean (settings, "export-appendix", options->appendix);
  g_settings_set_int (settings, "export-dpi", (int) options->dpi);
  g_settings_set_boolean (settings, "export-transparent", options->transparent);
  g_settings_apply (settings);
}
