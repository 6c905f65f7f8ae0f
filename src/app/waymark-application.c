/* waymark-application.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-application"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "waymark-application.h"
#include "waymark-core.h"
#include "waymark-recovery-dialog.h"
#include "waymark-resources.h"
#include "waymark-window.h"

struct _WaymarkApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;

  guint           recovery_offered : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkApplication, waymark_application, ADW_TYPE_APPLICATION)

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "win.new", { "<Control>n", NULL } },
  { "win.new-from-gallery", { "<Control><Shift>t", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "doc.save", { "<Control>s", NULL } },
  { "doc.save-as", { "<Control><Shift>s", NULL } },
  { "doc.undo", { "<Control>z", NULL } },
  { "doc.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "doc.import-data", { "<Control>i", NULL } },
  { "doc.metrics", { "<Control>m", NULL } },
  { "doc.export", { "<Control>e", NULL } },
  { "doc.print", { "<Control>p", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.present", { "F5", NULL } },
  { "win.toggle-inspector", { "F9", NULL } },
  { "win.toggle-outline", { "<Shift>F9", NULL } },
  { "win.next-region", { "F6", NULL } },
  { "win.previous-region", { "<Shift>F6", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
update_style (WaymarkApplication *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (variant, "light"))
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (variant, "dark"))
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
style_variant_changed_cb (WaymarkApplication *self)
{
  update_style (self);
}

static gboolean
first_frame_quit_cb (gpointer data)
{
  g_application_quit (G_APPLICATION (data));
  return G_SOURCE_REMOVE;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, window);
  fprintf (stdout, "first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_idle_add_full (G_PRIORITY_LOW, first_frame_quit_cb,
                   g_object_ref (gtk_window_get_application (GTK_WINDOW (window))),
                   g_object_unref);
}

static void
window_mapped_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_painted_cb), window, 0);
}

static WaymarkWindow *
create_window (WaymarkApplication *self)
{
  WaymarkWindow *window = waymark_window_new (ADW_APPLICATION (self));

  /* build-aux/bench.sh measures start-up to the first painted frame. */
  if (g_getenv ("WAYMARK_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);

  return window;
}

static WaymarkWindow *
find_window_for_file (WaymarkApplication *self,
                      GFile              *file)
{
  for (GList *iter = gtk_application_get_windows (GTK_APPLICATION (self)); iter; iter = iter->next)
    {
      WaymarkDocument *document;
      GFile *document_file;

      if (!WAYMARK_IS_WINDOW (iter->data))
        continue;

      document = waymark_window_get_document (iter->data);
      if (document != NULL &&
          (document_file = waymark_document_get_file (document)) &&
          g_file_equal (document_file, file))
        return iter->data;
    }

  return NULL;
}

static WaymarkWindow *
find_empty_window (WaymarkApplication *self)
{
  for (GList *iter = gtk_application_get_windows (GTK_APPLICATION (self)); iter; iter = iter->next)
    {
      if (WAYMARK_IS_WINDOW (iter->data) && waymark_window_is_empty (iter->data))
        return iter->data;
    }

  return NULL;
}

/* Once per session, offers what a session that did not end cleanly left. */
static void
offer_recovery (WaymarkApplication *self,
                GtkWindow          *parent)
{
  g_autoptr(GPtrArray) entries = NULL;

  if (self->recovery_offered)
    return;
  self->recovery_offered = TRUE;

  entries = waymark_recovery_list ();
  if (entries->len > 0)
    gtk_window_present (GTK_WINDOW (waymark_recovery_dialog_new (parent, g_steal_pointer (&entries))));
}

static void
waymark_application_activate (GApplication *application)
{
  WaymarkApplication *self = WAYMARK_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (create_window (self));

  gtk_window_present (window);
  offer_recovery (self, window);
}

static void
waymark_application_open (GApplication  *application,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  WaymarkApplication *self = WAYMARK_APPLICATION (application);

  for (int i = 0; i < n_files; i++)
    {
      WaymarkWindow *window;

      if ((window = find_window_for_file (self, files[i])))
        {
          gtk_window_present (GTK_WINDOW (window));
          continue;
        }

      if (!(window = find_empty_window (self)))
        window = create_window (self);

      waymark_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }

  if (n_files > 0)
    offer_recovery (self, gtk_application_get_active_window (GTK_APPLICATION (self)));
}

static void
app_quit_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WaymarkApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (rather than quitting) lets each window store its size. */
  for (GList *iter = windows; iter; iter = iter->next)
    gtk_window_close (iter->data);
}

static void
app_new_window_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (create_window (WAYMARK_APPLICATION (user_data))));
}

static void
app_about_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WaymarkApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Waymark authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Waymark"),
                        "developer-name", _("The Waymark authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Draw customer journey maps with real data"),
                        "website", "https://github.com/waymarkapp/waymark",
                        "issue-url", "https://github.com/waymarkapp/waymark/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Waymark authors",
                        "developers", developers,
                        /* Translators: your name(s), one per line, to credit the translation */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
waymark_application_startup (GApplication *application)
{
  WaymarkApplication *self = WAYMARK_APPLICATION (application);
  static const GActionEntry app_entries[] = {
    { "quit", app_quit_activated },
    { "new-window", app_new_window_activated },
    { "about", app_about_activated },
  };
  g_autoptr(GAction) style_action = NULL;

  G_APPLICATION_CLASS (waymark_application_parent_class)->startup (application);

  g_set_application_name (_("Waymark"));
  gtk_window_set_default_icon_name (APPLICATION_ID);

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_style (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries,
                                   G_N_ELEMENTS (app_entries), self);
  style_action = g_settings_create_action (self->settings, "style-variant");
  g_action_map_add_action (G_ACTION_MAP (self), style_action);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
waymark_application_finalize (GObject *object)
{
  WaymarkApplication *self = (WaymarkApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (waymark_application_parent_class)->finalize (object);
}

static void
waymark_application_class_init (WaymarkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = waymark_application_finalize;

  app_class->activate = waymark_application_activate;
  app_class->open = waymark_application_open;
  app_class->startup = waymark_application_startup;

  /* The resources live in a static library: naming them here keeps the
   * linker from dropping the object whose constructor registers them. */
  g_assert (waymark_get_resource () != NULL);
}

static void
waymark_application_init (WaymarkApplication *self)
{
}

WaymarkApplication *
waymark_application_new (void)
{
  return g_object_new (WAYMARK_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/waymarkapp/Waymark",
                       NULL);
}

/**
 * waymark_application_get_settings:
 * @self: a #WaymarkApplication
 *
 * Returns: (transfer none): the application's settings (after startup)
 */
GSettings *
waymark_application_get_settings (WaymarkApplication *self)
{
  g_return_val_if_fail (WAYMARK_IS_APPLICATION (self), NULL);

  return self->settings;
}
