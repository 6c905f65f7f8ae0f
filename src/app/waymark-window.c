/* waymark-window.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "waymark-window-private.h"
#include "waymark-edit.h"
#include "waymark-outline.h"
#include "waymark-app-util.h"
#include "waymark-error.h"
#include "waymark-canvas.h"
#include "waymark-export-dialog.h"
#include "waymark-import-dialog.h"
#include "waymark-metrics-dialog.h"
#include "waymark-print.h"
#include "waymark-inspector.h"
#include "waymark-store.h"
#include "waymark-template-dialog.h"

#define MAX_RECENT 10
/* Seconds from the first unsaved change to its recovery copy: under the
 * five seconds the document promises, without writing on every keystroke. */
#define AUTOSAVE_DELAY 3

struct _WaymarkWindow
{
  AdwApplicationWindow  parent_instance;

  /* owned */
  WaymarkDocument      *document;
  GSettings            *settings;
  GSimpleActionGroup   *doc_actions;
  char                 *last_message;
  char                 *last_uri;
  /* The window before presenting, as leaving it restores it. */
  gboolean              inspector_before;
  gboolean              outline_before;
  gboolean              focus_outline;
  gboolean              focus_inspector;    /* F9: into the panel once it is shown */
  gboolean              fullscreen_before;
  GApplication         *held;          /* kept running while files are written */

  /* template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *opening_page;
  GtkWidget            *document_page;
  AdwHeaderBar         *header_bar;
  WaymarkCanvas        *canvas;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkLabel             *search_label;
  GtkWidget            *present_button;
  GtkWidget            *find_button;
  GtkWidget            *legend_button;
  GtkWidget            *inspector_button;
  GtkWidget            *outline_button;
  GtkRevealer          *inspector_revealer;
  GtkRevealer          *outline_revealer;
  WaymarkOutline       *outline;
  WaymarkInspector     *inspector;
  GtkPopover           *legend_popover;
  GtkMenuButton        *primary_menu_button;
  GMenu                *recent_section;
  GtkListBox           *recent_list;
  GtkWidget            *recent_heading;
  GMenu                *focus_kinds_section;
  GMenu                *focus_channels_section;
  GMenu                *history_section;

  guint                 autosave_source;
  guint                 busy_source;   /* says “Saving…” once a save is slow */
  guint                 n_jobs;        /* opens, saves and autosaves under way */
  guint                 n_saves;
  guint                 n_opens;
  guint                 close_after_save : 1;
  guint                 close_when_done : 1;
  guint                 closing_confirmed : 1;
  guint                 autosave_failed : 1;
  guint                 autosaving : 1;
  guint                 autosave_again : 1;
  guint                 show_busy : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkWindow, waymark_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void save_as (WaymarkWindow *self);

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Closes once the dialog that asked has finished answering: destroying
 * the window from inside its transient dialog's response would leave the
 * dialog pointing at a finalized parent. */
static void
close_when_idle (WaymarkWindow *self)
{
  self->closing_confirmed = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_idle_cb, g_object_ref (self), g_object_unref);
}

static GtkFileFilter *
create_document_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Waymark Maps"));
  gtk_file_filter_add_mime_type (filter, WAYMARK_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, "waymark");

  return filter;
}

static void
update_recent_menu (WaymarkWindow *self)
{
  g_autoptr(GPtrArray) infos = waymark_recent_dup_maps (MAX_RECENT);

  g_menu_remove_all (self->recent_section);

  for (guint i = 0; i < infos->len; i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (infos, i);
      g_autoptr(GMenuItem) item = NULL;

      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_section, item);
    }

  if (infos->len == 0)
    g_menu_append (self->recent_section, _("No Recent Maps"), "win.no-recent");

  /* The start page lists the five newest, to open with one click. */
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
      gtk_list_box_remove (self->recent_list, child);
    for (guint i = 0; i < MIN (infos->len, 5); i++)
      {
        GtkRecentInfo *info = g_ptr_array_index (infos, i);
        g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (info));
        g_autofree char *location = NULL;
        g_autoptr(GFile) parent = g_file_get_parent (file);
        GtkWidget *row = adw_action_row_new ();

        location = parent != NULL ? waymark_dup_location (file) : g_strdup ("");
        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
        /* Decoration: the row says what it does. */
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), g_object_new (GTK_TYPE_IMAGE, "icon-name", "go-next-symbolic",
                                                                       "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                                                       NULL));
        gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
        gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", gtk_recent_info_get_uri (info));
        gtk_list_box_append (self->recent_list, row);
      }
    gtk_widget_set_visible (GTK_WIDGET (self->recent_list), infos->len > 0);
    gtk_widget_set_visible (self->recent_heading, infos->len > 0);
  }
}

/* Undo and Redo name what they would do: “Undo Move Card”. */
static void
update_history_menu (WaymarkWindow *self)
{
  const char *undo_label = self->document ? waymark_document_get_undo_label (self->document) : NULL;
  const char *redo_label = self->document ? waymark_document_get_redo_label (self->document) : NULL;
  g_autofree char *undo = NULL;
  g_autofree char *redo = NULL;

  /* Translators: a menu item; %s is what would be undone, such as “Move Card” */
  undo = undo_label ? g_strdup_printf (_("_Undo %s"), undo_label) : g_strdup (_("_Undo"));
  /* Translators: a menu item; %s is what would be redone */
  redo = redo_label ? g_strdup_printf (_("_Redo %s"), redo_label) : g_strdup (_("_Redo"));

  g_menu_remove_all (self->history_section);
  g_menu_append (self->history_section, undo, "doc.undo");
  g_menu_append (self->history_section, redo, "doc.redo");
}

static void
update_title (WaymarkWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *location = NULL;
  GFile *file;

  if (self->document == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Waymark"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Waymark"));
      return;
    }

  name = waymark_document_dup_display_name (self->document);
  file = waymark_document_get_file (self->document);
  if (self->show_busy && self->n_saves > 0)
    location = g_strdup (_("Saving…"));
  else
    location = file != NULL ? waymark_dup_location (file) : g_strdup (_("Not saved"));

  /* Translators: the window title of a document with unsaved changes */
  title = waymark_document_get_modified (self->document) ? g_strdup_printf (_("• %s"), name)
                                                          : g_strdup (name);

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, location);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
set_doc_action_enabled (WaymarkWindow *self,
                        const char    *name,
                        gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->doc_actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_actions (WaymarkWindow *self)
{
  gboolean has_document = self->document != NULL;

  set_doc_action_enabled (self, "save", has_document);
  set_doc_action_enabled (self, "save-as", has_document);
  set_doc_action_enabled (self, "import-data", has_document);
  set_doc_action_enabled (self, "import-database", has_document);
  set_doc_action_enabled (self, "metrics", has_document);
  set_doc_action_enabled (self, "export", has_document);
  set_doc_action_enabled (self, "print", has_document);
  set_doc_action_enabled (self, "sort-by-votes", has_document);
  set_doc_action_enabled (self, "clear-votes", has_document);
  set_doc_action_enabled (self, "focus", has_document);
  set_doc_action_enabled (self, "undo", has_document && waymark_document_get_can_undo (self->document));
  set_doc_action_enabled (self, "redo", has_document && waymark_document_get_can_redo (self->document));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.present", has_document);
  gtk_widget_set_visible (self->find_button, has_document);
  gtk_widget_set_visible (self->present_button, has_document);
  gtk_widget_set_visible (self->legend_button, has_document);
  gtk_widget_set_visible (self->inspector_button, has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-inspector", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.toggle-outline", has_document);
  gtk_widget_set_visible (self->outline_button, has_document);
}

static void
show_message (WaymarkWindow *self,
              const char    *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  g_clear_pointer (&self->last_uri, g_free);
}

/* Files are opened and saved on the store's worker thread (see
 * waymark-store-io.c), so a slow disk or a network folder never stops the
 * window: the map can be edited while it is saved, and what the save
 * wrote is what counts as saved. While any of it is under way the
 * application stays up and the window waits before it closes. */

static gboolean
busy_shown_cb (gpointer user_data)
{
  WaymarkWindow *self = user_data;

  self->busy_source = 0;
  self->show_busy = TRUE;
  update_title (self);
  return G_SOURCE_REMOVE;
}

static void
begin_job (WaymarkWindow *self)
{
  if (self->n_jobs++ == 0)
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

      g_clear_object (&self->held);
      if (application != NULL)
        self->held = g_object_ref (G_APPLICATION (application));
      if (self->held != NULL)
        g_application_hold (self->held);
    }
}

static void
end_job (WaymarkWindow *self)
{
  g_assert (self->n_jobs > 0);

  if (--self->n_jobs > 0)
    return;
  if (self->held != NULL)
    {
      g_application_release (self->held);
      g_clear_object (&self->held);
    }
  if (self->close_when_done && self->stack != NULL)
    {
      self->close_when_done = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void schedule_autosave (WaymarkWindow *self);

static void
autosave_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WaymarkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->autosaving = FALSE;
  if (!waymark_store_autosave_finish (WAYMARK_DOCUMENT (object), result, &error))
    {
      /* Said once per window, not every few seconds. */
      if (!self->autosave_failed && self->stack != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Could not write a recovery copy: %s"), error->message);

          waymark_window_show_error (self, message);
        }
      self->autosave_failed = TRUE;
    }
  else
    self->autosave_failed = FALSE;

  if (self->autosave_again)
    {
      self->autosave_again = FALSE;
      schedule_autosave (self);
    }
  end_job (self);
}

static gboolean
autosave_cb (gpointer user_data)
{
  WaymarkWindow *self = user_data;

  self->autosave_source = 0;

  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  /* One at a time: the changes since are written by the next one. */
  if (self->autosaving)
    {
      self->autosave_again = TRUE;
      return G_SOURCE_REMOVE;
    }

  self->autosaving = TRUE;
  begin_job (self);
  waymark_store_autosave_async (self->document, NULL, autosave_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_autosave (WaymarkWindow *self)
{
  if (self->autosave_source == 0 && self->document != NULL &&
      waymark_document_get_modified (self->document))
    self->autosave_source = g_timeout_add_seconds (AUTOSAVE_DELAY, autosave_cb, self);
}

static void
document_changed_cb (WaymarkWindow *self)
{
  schedule_autosave (self);
}

static void
document_state_cb (WaymarkWindow *self)
{
  update_title (self);
  update_actions (self);
  update_history_menu (self);
  schedule_autosave (self);
}

static void
recent_manager_changed_cb (WaymarkWindow *self)
{
  update_recent_menu (self);
}

static void
save_failed_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         WaymarkWindow    *self)
{
  if (g_str_equal (response, "save-as"))
    save_as (self);
  else
    self->close_after_save = FALSE;
}

/* A failed save keeps the document open and offers Save As, which is the
 * way out when the folder is read-only, the disk is full or the file has
 * moved. The old file is untouched: saves are atomic. */
static void
show_save_error (WaymarkWindow *self,
                 GFile         *file,
                 const GError  *error)
{
  g_autofree char *name = waymark_dup_file_name (file);
  g_autofree char *message = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);
  AdwMessageDialog *dialog;

  show_message (self, message);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save"), NULL));
  adw_message_dialog_format_body (dialog, _("“%s” was not saved: %s. The file on disk is unchanged."),
                                  name, error->message);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save-as", _("Save _As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save-as", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save-as");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_failed_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  WaymarkWindow *window;
  GFile         *file;
} FileJob;

static FileJob *
file_job_new (WaymarkWindow *window,
              GFile         *file)
{
  FileJob *job = g_new0 (FileJob, 1);

  job->window = g_object_ref (window);
  job->file = g_object_ref (file);
  return job;
}

static void
file_job_free (FileJob *job)
{
  g_clear_object (&job->window);
  g_clear_object (&job->file);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileJob, file_job_free)

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  WaymarkWindow *self = job->window;
  g_autoptr(GError) error = NULL;

  if (--self->n_saves == 0)
    {
      g_clear_handle_id (&self->busy_source, g_source_remove);
      self->show_busy = FALSE;
    }

  if (!waymark_store_save_finish (WAYMARK_DOCUMENT (object), result, &error))
    {
      self->close_after_save = FALSE;
      self->close_when_done = FALSE;
      if (self->stack != NULL)
        show_save_error (self, job->file, error);
    }
  else
    {
      waymark_recent_add (job->file);
      if (self->close_after_save)
        close_when_idle (self);
    }

  if (self->stack != NULL)
    update_title (self);
  end_job (self);
}

static void
save_to_file (WaymarkWindow *self,
              GFile         *file)
{
  g_assert (self->document != NULL);

  begin_job (self);
  if (self->n_saves++ == 0)
    self->busy_source = g_timeout_add (400, busy_shown_cb, self);
  waymark_store_save_async (self->document, file, NULL, save_done_cb, file_job_new (self, file));
}

static void
save_dialog_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         WaymarkWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->document != NULL)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *basename = g_file_get_basename (chosen);
      g_autoptr(GFile) file = NULL;

      /* Give the file its extension so file managers and the MIME glob know it. */
      if (basename != NULL && strchr (basename, '.') == NULL)
        {
          g_autoptr(GFile) parent = g_file_get_parent (chosen);
          g_autofree char *with_suffix = g_strconcat (basename, ".waymark", NULL);

          file = g_file_get_child (parent, with_suffix);
        }
      else
        file = g_object_ref (chosen);

      save_to_file (self, file);
    }
  else
    self->close_after_save = FALSE;

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
save_as (WaymarkWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = create_document_filter ();
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;
  GFile *file;

  if (self->document == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Save Map As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  file = waymark_document_get_file (self->document);
  if (file != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), file, NULL);
  else
    {
      name = waymark_document_dup_display_name (self->document);
      g_strdelimit (name, "/\\", '-');
      suggested = g_strconcat (name, ".waymark", NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
    }

  g_signal_connect (dialog, "response", G_CALLBACK (save_dialog_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save (WaymarkWindow *self)
{
  GFile *file;

  if (self->document == NULL)
    return;

  if ((file = waymark_document_get_file (self->document)))
    save_to_file (self, file);
  else
    save_as (self);
}

static void
open_dialog_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         WaymarkWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (waymark_window_is_empty (self))
        waymark_window_open (self, file);
      else
        g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                            &file, 1, "");
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
start_new_document (WaymarkWindow *self,
                    const char    *template_name)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkWindow *target = self;

  if (!(document = waymark_store_new_document (template_name, NULL, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not create a new map: %s"), error->message);

      waymark_window_show_error (self, message);
      return;
    }

  if (!waymark_window_is_empty (self))
    target = waymark_window_new (ADW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

  waymark_window_set_document (target, document);
  gtk_window_present (GTK_WINDOW (target));
}

static void
win_new_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  start_new_document (WAYMARK_WINDOW (widget), NULL);
}

static void
win_new_from_template_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  start_new_document (WAYMARK_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
win_new_from_gallery_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (waymark_template_dialog_new (GTK_WINDOW (widget))));
}

static void
win_open_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = create_document_filter ();

  dialog = gtk_file_chooser_native_new (_("Open Map"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (open_dialog_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
win_open_recent_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  if (waymark_window_is_empty (self))
    waymark_window_open (self, file);
  else
    g_application_open (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))), &file, 1, "");
}

static void
doc_save_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  save (WAYMARK_WINDOW (user_data));
}

static void
doc_save_as_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  save_as (WAYMARK_WINDOW (user_data));
}

static void
doc_export_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  WaymarkWindow *self = WAYMARK_WINDOW (user_data);

  if (self->document == NULL)
    return;
  gtk_window_present (GTK_WINDOW (waymark_export_dialog_new (GTK_WINDOW (self), self->document,
                                                             waymark_canvas_get_map (self->canvas))));
}

static void
doc_print_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WaymarkWindow *self = WAYMARK_WINDOW (user_data);

  if (self->document == NULL)
    return;
  waymark_print_map (GTK_WINDOW (self), self->document, waymark_canvas_get_map (self->canvas));
}

static void
doc_import_data_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  WaymarkWindow *self = user_data;

  WaymarkImportDialog *dialog;

  if (self->document == NULL)
    return;

  dialog = waymark_import_dialog_new (GTK_WINDOW (self), self->document);
  gtk_window_present (GTK_WINDOW (dialog));
  waymark_import_dialog_choose_file (dialog);
}

static void
doc_import_database_activated (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  WaymarkWindow *self = user_data;
  WaymarkImportDialog *dialog;

  if (self->document == NULL)
    return;

  dialog = waymark_import_dialog_new (GTK_WINDOW (self), self->document);
  gtk_window_present (GTK_WINDOW (dialog));
  waymark_import_dialog_show_database (dialog);
}

static void
doc_metrics_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  WaymarkWindow *self = user_data;

  if (self->document == NULL)
    return;

  gtk_window_present (GTK_WINDOW (waymark_metrics_dialog_new (GTK_WINDOW (self), self->document)));
}

static void
doc_sort_by_votes_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  WaymarkWindow *self = user_data;
  gint64 map = self->document ? waymark_canvas_get_map (self->canvas) : 0;

  if (map == 0)
    return;
  waymark_edit_sort_by_votes (self->document, map);
}

static void
doc_clear_votes_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  WaymarkWindow *self = user_data;
  gint64 map = self->document ? waymark_canvas_get_map (self->canvas) : 0;
  guint n;
  g_autofree char *message = NULL;

  if (map == 0)
    return;
  n = waymark_edit_clear_votes (self->document, map);
  /* Translators: a toast after Clear Votes */
  message = n > 0 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Votes cleared from %u card",
                                                  "Votes cleared from %u cards", n), n)
                  : g_strdup (_("No card has votes"));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
doc_focus_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  WaymarkWindow *self = user_data;

  waymark_canvas_set_focus_filter (self->canvas, g_variant_get_string (parameter, NULL));
}

static void
canvas_focus_cb (WaymarkWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->doc_actions), "focus");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_string (waymark_canvas_get_focus_filter (self->canvas)));
}

/* The focus menu's kinds and channels: those the map has. */
static void
primary_menu_cb (WaymarkWindow *self)
{
  const char * const *kinds = waymark_card_kinds ();
  const char * const *channels = waymark_card_channels ();
  GPtrArray *cards;

  g_menu_remove_all (self->focus_kinds_section);
  g_menu_remove_all (self->focus_channels_section);
  if (self->document == NULL)
    return;
  cards = waymark_document_get_items (self->document, WAYMARK_TYPE_CARD);
  for (guint k = 0; kinds[k] != NULL; k++)
    for (guint i = 0; i < cards->len; i++)
      if (g_str_equal (waymark_card_get_kind (g_ptr_array_index (cards, i)), kinds[k]))
        {
          g_autofree char *target = g_strconcat ("kind:", kinds[k], NULL);
          g_autoptr(GMenuItem) item = g_menu_item_new (waymark_card_kind_label (kinds[k]), NULL);

          g_menu_item_set_action_and_target (item, "doc.focus", "s", target);
          g_menu_append_item (self->focus_kinds_section, item);
          break;
        }
  for (guint c = 0; channels[c] != NULL; c++)
    for (guint i = 0; channels[c][0] != '\0' && i < cards->len; i++)
      if (g_str_equal (waymark_card_get_channel (g_ptr_array_index (cards, i)), channels[c]))
        {
          g_autofree char *target = g_strconcat ("channel:", channels[c], NULL);
          g_autoptr(GMenuItem) item = g_menu_item_new (waymark_card_channel_label (channels[c]), NULL);

          g_menu_item_set_action_and_target (item, "doc.focus", "s", target);
          g_menu_append_item (self->focus_channels_section, item);
          break;
        }
}

static void
doc_undo_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WaymarkWindow *self = user_data;
  g_autofree char *label = NULL;

  if (self->document == NULL)
    return;
  label = g_strdup (waymark_document_get_undo_label (self->document));
  if (waymark_document_undo (self->document) && label != NULL)
    {
      /* Translators: said after Ctrl+Z, “Undone: Move Card” */
      g_autofree char *message = g_strdup_printf (_("Undone: %s"), label);

      waymark_canvas_announce (self->canvas, message);
    }
}

static void
doc_redo_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  WaymarkWindow *self = user_data;
  g_autofree char *label = NULL;

  if (self->document == NULL)
    return;
  label = g_strdup (waymark_document_get_redo_label (self->document));
  if (waymark_document_redo (self->document) && label != NULL)
    {
      /* Translators: said after Ctrl+Shift+Z, “Redone: Move Card” */
      g_autofree char *message = g_strdup_printf (_("Redone: %s"), label);

      waymark_canvas_announce (self->canvas, message);
    }
}

static void
close_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WaymarkWindow    *self)
{
  if (g_str_equal (response, "save"))
    {
      self->close_after_save = TRUE;
      save (self);
    }
  else if (g_str_equal (response, "discard"))
    {
      waymark_store_discard_recovery (self->document);
      close_when_idle (self);
    }
}

static gboolean
waymark_window_close_request (GtkWindow *window)
{
  WaymarkWindow *self = WAYMARK_WINDOW (window);
  int width, height;

  /* A save under way finishes first: closing would stop the application
   * before the file is whole. Then the window asks, if it must. */
  if (self->n_jobs > 0)
    {
      self->close_when_done = TRUE;
      return TRUE;
    }

  if (self->document != NULL && waymark_document_get_modified (self->document) &&
      !self->closing_confirmed)
    {
      g_autofree char *name = waymark_document_dup_display_name (self->document);
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Save Changes?"), NULL));
      adw_message_dialog_format_body (dialog,
                                      _("“%s” has unsaved changes. Changes that are not saved will be lost."),
                                      name);
      adw_message_dialog_add_responses (dialog,
                                        "cancel", _("_Cancel"),
                                        "discard", _("_Discard"),
                                        "save", _("_Save"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
  /* Written before the application exits, or the next start forgets it. */
  g_settings_sync ();

  return GTK_WINDOW_CLASS (waymark_window_parent_class)->close_request (window);
}

static void
waymark_window_dispose (GObject *object)
{
  WaymarkWindow *self = (WaymarkWindow *)object;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  g_clear_handle_id (&self->busy_source, g_source_remove);
  g_signal_handlers_disconnect_by_func (gtk_recent_manager_get_default (),
                                        recent_manager_changed_cb, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_WINDOW);

  G_OBJECT_CLASS (waymark_window_parent_class)->dispose (object);
}

static void
waymark_window_finalize (GObject *object)
{
  WaymarkWindow *self = (WaymarkWindow *)object;

  g_clear_object (&self->document);
  g_clear_object (&self->held);
  g_clear_object (&self->settings);
  g_clear_object (&self->doc_actions);
  g_clear_pointer (&self->last_message, g_free);
  g_clear_pointer (&self->last_uri, g_free);

  G_OBJECT_CLASS (waymark_window_parent_class)->finalize (object);
}

static void
waymark_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WaymarkWindow *self = WAYMARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WaymarkWindow *self = WAYMARK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      waymark_window_set_document (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
update_search (WaymarkWindow *self,
               int            direction)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint found, position;
  g_autofree char *label = NULL;

  if (*text == '\0')
    {
      waymark_canvas_clear_found (self->canvas);
      gtk_label_set_text (self->search_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->search_label), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
      return;
    }

  found = waymark_canvas_find (self->canvas, text, direction, &position);
  if (found == 0)
    label = g_strdup (_("No cards found"));
  else
    /* Translators: Find's place among its matches, “2 of 7” */
    label = g_strdup_printf (_("%u of %u"), position, found);
  gtk_label_set_text (self->search_label, label);
  gtk_widget_set_visible (GTK_WIDGET (self->search_label), label != NULL && label[0] != '\0');
  if (found == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_entry), "error");
}

static void
canvas_selection_changed_cb (WaymarkWindow *self,
                             WaymarkCanvas *canvas)
{
  g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (canvas);

  waymark_inspector_set_selection (self->inspector, selection);

  /* The outline follows: the object, or the cell's lane under its stage. */
  if (gtk_revealer_get_reveal_child (self->outline_revealer))
    {
      if (selection->len > 0)
        waymark_outline_select_object (self->outline,
                                       waymark_object_get_id (g_ptr_array_index (selection, 0)));
      else
        {
          gint64 stage = 0, lane = 0;

          if (waymark_canvas_get_cursor_cell (canvas, &stage, &lane))
            waymark_outline_select_cell (self->outline, stage, lane);
        }
    }
}

/* The outline: moving through it shows the object on the map; Enter goes
 * there, F2 renames it there, Delete deletes it. */
static void
outline_object_selected_cb (WaymarkWindow  *self,
                            gint64          object,
                            WaymarkOutline *outline)
{
  waymark_canvas_select_object (self->canvas, object);
}

static void
outline_cell_selected_cb (WaymarkWindow  *self,
                          gint64          stage,
                          gint64          lane,
                          WaymarkOutline *outline)
{
  waymark_canvas_select_cell (self->canvas, stage, lane);
}

static void
outline_object_activated_cb (WaymarkWindow  *self,
                             gint64          object,
                             WaymarkOutline *outline)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
outline_edit_object_cb (WaymarkWindow  *self,
                        gint64          object,
                        WaymarkOutline *outline)
{
  waymark_canvas_select_object (self->canvas, object);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
  gtk_widget_activate_action (GTK_WIDGET (self->canvas), "canvas.edit", NULL);
}

static void
outline_delete_object_cb (WaymarkWindow  *self,
                          gint64          object,
                          WaymarkOutline *outline)
{
  WaymarkObject *found = self->document ? waymark_document_lookup (self->document, object) : NULL;
  g_autoptr(GPtrArray) objects = g_ptr_array_new ();

  if (!WAYMARK_IS_CARD (found) && !WAYMARK_IS_STAGE (found) && !WAYMARK_IS_LANE (found) &&
      !WAYMARK_IS_CONNECTOR (found) && !WAYMARK_IS_EMOTION (found))
    return;
  g_ptr_array_add (objects, found);
  waymark_edit_delete (self->document, objects);
}

/* Shift+F9: the outline, and into it; again, back to the map. */
static void
win_toggle_outline_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);
  gboolean reveal;

  if (self->document == NULL)
    return;
  reveal = !gtk_revealer_get_reveal_child (self->outline_revealer);
  gtk_revealer_set_reveal_child (self->outline_revealer, reveal);
  self->focus_outline = reveal;
  if (reveal)
    {
      canvas_selection_changed_cb (self, self->canvas);
      if (gtk_revealer_get_child_revealed (self->outline_revealer))
        {
          self->focus_outline = FALSE;
          gtk_widget_grab_focus (_waymark_outline_get_list (self->outline));
        }
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* The outline slid in after Shift+F9: the focus goes into it. */
static void
outline_revealed_cb (WaymarkWindow *self,
                     GParamSpec    *pspec,
                     GtkRevealer   *revealer)
{
  if (self->focus_outline && gtk_revealer_get_child_revealed (revealer))
    {
      self->focus_outline = FALSE;
      gtk_widget_grab_focus (_waymark_outline_get_list (self->outline));
    }
}

/* What dialogs and printing report (waymark_report()): a message, and
 * whether it is an error, which stays until dismissed. */
static void
win_show_toast_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  const char *message = NULL;
  gboolean is_error = FALSE;

  g_variant_get (parameter, "(&sb)", &message, &is_error);
  if (is_error)
    waymark_window_show_error (WAYMARK_WINDOW (widget), message);
  else
    waymark_window_show_message (WAYMARK_WINDOW (widget), message);
}

/* What the export dialog reports: a file written, to open from the toast. */
static void
win_show_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *message = NULL, *uri = NULL;
  g_autoptr(GFile) file = NULL;

  g_variant_get (parameter, "(&s&s)", &message, &uri);
  file = g_file_new_for_uri (uri);
  waymark_window_show_file (WAYMARK_WINDOW (widget), message, file);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_launched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(WaymarkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_file_launcher_launch_finish (GTK_FILE_LAUNCHER (object), result, &error) &&
      !g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    {
      g_autofree char *name = waymark_dup_file_name (gtk_file_launcher_get_file (GTK_FILE_LAUNCHER (object)));
      g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);

      waymark_window_show_error (self, message);
    }
}
#endif

/* Opens a file the window wrote (an export) in the application the
 * desktop chooses for it: a PDF viewer, a browser for the web page. */
static void
win_open_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *uri = g_variant_get_string (parameter, NULL);
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_launch (launcher, GTK_WINDOW (widget), NULL, file_launched_cb, g_object_ref (widget));
#else
  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
#endif
}

static void
win_toggle_inspector_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);
  gboolean reveal;

  if (self->document == NULL)
    return;
  /* F9 opens the panel and goes into it; F9 again comes back to the map. */
  reveal = !gtk_revealer_get_reveal_child (self->inspector_revealer);
  self->focus_inspector = reveal;
  gtk_revealer_set_reveal_child (self->inspector_revealer, reveal);
  if (reveal && gtk_revealer_get_child_revealed (self->inspector_revealer))
    {
      self->focus_inspector = FALSE;
      gtk_widget_child_focus (GTK_WIDGET (self->inspector), GTK_DIR_TAB_FORWARD);
    }
  else if (!reveal)
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* The panel slid in after F9: the focus goes into it. */
static void
inspector_revealed_cb (WaymarkWindow *self,
                       GParamSpec    *pspec,
                       GtkRevealer   *revealer)
{
  if (self->focus_inspector && gtk_revealer_get_child_revealed (revealer))
    {
      self->focus_inspector = FALSE;
      gtk_widget_child_focus (GTK_WIDGET (self->inspector), GTK_DIR_TAB_FORWARD);
    }
}

/* F6 and Shift+F6: the map, the side panel (when shown) and the header
 * bar in turn, as GNOME applications move between their regions. */
static void
win_cycle_region_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);
  GtkWidget *regions[4];
  GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));
  int n = 0, current = -1, step = g_str_equal (action_name, "win.previous-region") ? -1 : 1;

  if (self->document == NULL)
    return;
  if (gtk_revealer_get_reveal_child (self->outline_revealer))
    regions[n++] = GTK_WIDGET (self->outline);
  regions[n++] = GTK_WIDGET (self->canvas);
  if (gtk_revealer_get_reveal_child (self->inspector_revealer))
    regions[n++] = GTK_WIDGET (self->inspector);
  if (gtk_widget_get_visible (GTK_WIDGET (self->header_bar)))
    regions[n++] = GTK_WIDGET (self->header_bar);
  for (int i = 0; i < n && focus != NULL; i++)
    if (focus == regions[i] || gtk_widget_is_ancestor (focus, regions[i]))
      current = i;
  for (int tries = 0; tries < n; tries++)
    {
      GtkWidget *next;

      current = current < 0 ? (step > 0 ? 0 : n - 1) : (current + step + n) % n;
      next = regions[current];
      if (next == GTK_WIDGET (self->canvas) ? gtk_widget_grab_focus (next)
                                           : gtk_widget_child_focus (next, GTK_DIR_TAB_FORWARD))
        return;
    }
}

static void
legend_show_cb (WaymarkWindow *self,
                GtkPopover    *popover)
{
  GtkWidget *legend = waymark_canvas_new_legend (self->canvas);

  /* Drawn afresh each time, in the current colours. */
  gtk_widget_set_margin_top (legend, 12);
  gtk_widget_set_margin_bottom (legend, 12);
  gtk_widget_set_margin_start (legend, 12);
  gtk_widget_set_margin_end (legend, 12);
  gtk_popover_set_child (popover, legend);
}

static void
search_changed_cb (WaymarkWindow  *self,
                   GtkSearchEntry *entry)
{
  update_search (self, 0);
}

static void
search_next_cb (WaymarkWindow  *self,
                GtkSearchEntry *entry)
{
  update_search (self, 1);
}

static void
search_previous_cb (WaymarkWindow  *self,
                    GtkSearchEntry *entry)
{
  update_search (self, -1);
}

/* Closing Find takes its highlights away. */
static void
search_mode_cb (WaymarkWindow *self,
                GParamSpec    *pspec,
                GtkSearchBar  *bar)
{
  if (!gtk_search_bar_get_search_mode (bar))
    waymark_canvas_clear_found (self->canvas);
}

static void
search_stop_cb (WaymarkWindow  *self,
                GtkSearchEntry *entry)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
win_find_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);

  if (self->document == NULL)
    return;
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
canvas_presenting_cb (WaymarkWindow *self,
                      GParamSpec    *pspec,
                      WaymarkCanvas *canvas)
{
  gboolean presenting = waymark_canvas_get_presenting (canvas);
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (canvas), GTK_TYPE_SCROLLED_WINDOW);

  /* Nothing but the map on the projector: no header bar, panel, search
   * or scroll bars; leaving puts back what was there. */
  if (presenting)
    {
      self->inspector_before = gtk_revealer_get_reveal_child (self->inspector_revealer);
      self->outline_before = gtk_revealer_get_reveal_child (self->outline_revealer);
      self->fullscreen_before = gtk_window_is_fullscreen (GTK_WINDOW (self));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->header_bar), !presenting);
  gtk_revealer_set_reveal_child (self->inspector_revealer, presenting ? FALSE : self->inspector_before);
  gtk_revealer_set_reveal_child (self->outline_revealer, presenting ? FALSE : self->outline_before);
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (scrolled != NULL)
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                    presenting ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC,
                                    presenting ? GTK_POLICY_EXTERNAL : GTK_POLICY_AUTOMATIC);
  if (presenting)
    gtk_window_fullscreen (GTK_WINDOW (self));
  else if (!self->fullscreen_before)
    gtk_window_unfullscreen (GTK_WINDOW (self));
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
}

static void
win_present_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WaymarkWindow *self = WAYMARK_WINDOW (widget);

  if (self->document == NULL)
    return;
  waymark_canvas_set_presenting (self->canvas, !waymark_canvas_get_presenting (self->canvas));
}

static void
waymark_window_class_init (WaymarkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = waymark_window_dispose;
  object_class->finalize = waymark_window_finalize;
  object_class->get_property = waymark_window_get_property;
  object_class->set_property = waymark_window_set_property;

  window_class->close_request = waymark_window_close_request;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         WAYMARK_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, opening_page);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, document_page);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, search_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, present_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, find_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, legend_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, inspector_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, outline_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, inspector_revealer);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, outline_revealer);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, outline);
  gtk_widget_class_bind_template_callback (widget_class, outline_object_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_cell_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_object_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_edit_object_cb);
  gtk_widget_class_bind_template_callback (widget_class, outline_delete_object_cb);
  gtk_widget_class_install_action (widget_class, "win.toggle-outline", NULL, win_toggle_outline_action);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, inspector);
  gtk_widget_class_bind_template_callback (widget_class, canvas_selection_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, legend_popover);
  gtk_widget_class_bind_template_callback (widget_class, legend_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, recent_list);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, recent_heading);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, focus_kinds_section);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, focus_channels_section);
  gtk_widget_class_bind_template_child (widget_class, WaymarkWindow, history_section);

  gtk_widget_class_install_action (widget_class, "win.new", NULL, win_new_action);
  gtk_widget_class_install_action (widget_class, "win.new-from-template", "s", win_new_from_template_action);
  gtk_widget_class_install_action (widget_class, "win.new-from-gallery", NULL, win_new_from_gallery_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, win_open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", win_open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, NULL);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, win_find_action);
  gtk_widget_class_install_action (widget_class, "win.present", NULL, win_present_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-inspector", NULL, win_toggle_inspector_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "(sb)", win_show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-file", "(ss)", win_show_file_action);
  gtk_widget_class_install_action (widget_class, "win.next-region", NULL, win_cycle_region_action);
  gtk_widget_class_install_action (widget_class, "win.previous-region", NULL, win_cycle_region_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", win_open_file_action);
}

static void
waymark_window_init (WaymarkWindow *self)
{
  static const GActionEntry doc_entries[] = {
    { "save", doc_save_activated },
    { "save-as", doc_save_as_activated },
    { "undo", doc_undo_activated },
    { "redo", doc_redo_activated },
    { "import-data", doc_import_data_activated },
    { "import-database", doc_import_database_activated },
    { "metrics", doc_metrics_activated },
    { "export", doc_export_activated },
    { "print", doc_print_activated },
    { "sort-by-votes", doc_sort_by_votes_activated },
    { "clear-votes", doc_clear_votes_activated },
    { "focus", doc_focus_activated, "s", "''", NULL },
  };

  g_type_ensure (WAYMARK_TYPE_CANVAS);
  g_type_ensure (WAYMARK_TYPE_OUTLINE);
  g_type_ensure (WAYMARK_TYPE_INSPECTOR);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->canvas, "notify::presenting", G_CALLBACK (canvas_presenting_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->canvas, "notify::focus-filter", G_CALLBACK (canvas_focus_cb),
                           self, G_CONNECT_SWAPPED);
  /* GTK 4.8 has no GtkMenuButton:active: its popover's showing. */
  g_signal_connect_object (gtk_menu_button_get_popover (self->primary_menu_button), "show",
                           G_CALLBACK (primary_menu_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled", G_CALLBACK (search_mode_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->outline_revealer, "notify::child-revealed", G_CALLBACK (outline_revealed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->inspector_revealer, "notify::child-revealed", G_CALLBACK (inspector_revealed_cb),
                           self, G_CONNECT_SWAPPED);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  adw_status_page_set_icon_name (self->empty_page, APPLICATION_ID);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->doc_actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->doc_actions),
                                   doc_entries, G_N_ELEMENTS (doc_entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "doc", G_ACTION_GROUP (self->doc_actions));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-recent", FALSE);

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_manager_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_recent_menu (self);
  update_history_menu (self);
  update_actions (self);
  update_title (self);
}

WaymarkWindow *
waymark_window_new (AdwApplication *application)
{
  g_return_val_if_fail (ADW_IS_APPLICATION (application), NULL);

  return g_object_new (WAYMARK_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/**
 * waymark_window_get_document:
 * @self: a #WaymarkWindow
 *
 * Returns: (transfer none) (nullable): the open document, or %NULL on the start page
 */
WaymarkDocument *
waymark_window_get_document (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), NULL);

  return self->document;
}

void
waymark_window_set_document (WaymarkWindow   *self,
                             WaymarkDocument *document)
{
  static const char * const state_properties[] = {
    "notify::title", "notify::file", "notify::modified", "notify::can-undo",
    "notify::can-redo", "notify::undo-label", "notify::redo-label",
  };

  g_return_if_fail (WAYMARK_IS_WINDOW (self));
  g_return_if_fail (document == NULL || WAYMARK_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->document, document_state_cb, self);
    }

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (state_properties); i++)
        g_signal_connect_object (document, state_properties[i], G_CALLBACK (document_state_cb),
                                 self, G_CONNECT_SWAPPED);
      g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  gtk_stack_set_visible_child_name (self->stack, document != NULL ? "document" : "empty");
  waymark_canvas_set_presenting (self->canvas, FALSE);
  waymark_inspector_set_selection (self->inspector, NULL);
  waymark_inspector_set_document (self->inspector, document);
  waymark_canvas_set_document (self->canvas, document, 0);
  waymark_outline_set_document (self->outline, document, document ? waymark_canvas_get_map (self->canvas) : 0);
  waymark_inspector_set_map (self->inspector, waymark_canvas_get_map (self->canvas));
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  if (document != NULL)
    {
      /* Ready to type: the first cell of the first map is selected. */
      waymark_canvas_select_first_cell (self->canvas);
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
  update_title (self);
  update_actions (self);
  update_history_menu (self);
  schedule_autosave (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

gboolean
waymark_window_is_empty (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), FALSE);

  return self->document == NULL;
}

static void
show_open_error (WaymarkWindow *self,
                 GFile         *file,
                 const GError  *error)
{
  g_autofree char *name = waymark_dup_file_name (file);
  g_autofree char *message = g_strdup_printf (_("Could not open “%s”: %s"), name, error->message);
  AdwMessageDialog *dialog;

  /* A file that is gone or unreadable is a passing note; a file that is not
   * a map, is damaged or comes from a newer Waymark deserves an alert. */
  if (error->domain == G_IO_ERROR)
    {
      waymark_window_show_error (self, message);
      return;
    }

  show_message (self, message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Open Map"), NULL));
  adw_message_dialog_format_body (dialog, _("“%s” cannot be opened: %s."), name, error->message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FileJob) job = user_data;
  WaymarkWindow *self = job->window;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_open_finish (result, &error);
  self->n_opens--;

  /* Closed meanwhile: nothing to show it in. */
  if (self->stack != NULL)
    {
      if (self->n_opens == 0)
        gtk_stack_set_visible_child_name (self->stack, self->document != NULL ? "document" : "empty");
      if (document == NULL)
        show_open_error (self, job->file, error);
      else
        {
          waymark_window_set_document (self, document);
          waymark_recent_add (job->file);
        }
    }
  end_job (self);
}

/**
 * waymark_window_open:
 * @self: a #WaymarkWindow
 * @file: the document to open
 *
 * Reads @file on the store's worker thread, then shows it in this window.
 * An empty window says which file it is opening meanwhile. On failure the
 * window keeps what it showed and says which file failed and why.
 */
void
waymark_window_open (WaymarkWindow *self,
                     GFile         *file)
{
  g_return_if_fail (WAYMARK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->document == NULL)
    {
      g_autofree char *name = waymark_dup_file_name (file);
      g_autofree char *title = g_strdup_printf (_("Opening “%s”…"), name);

      adw_status_page_set_title (self->opening_page, title);
      gtk_stack_set_visible_child_name (self->stack, "opening");
    }

  begin_job (self);
  self->n_opens++;
  waymark_store_open_async (file, NULL, open_done_cb, file_job_new (self, file));
}

/**
 * waymark_window_show_error:
 * @self: a #WaymarkWindow
 * @message: a sentence naming what failed and why
 *
 * Shows @message in a toast that stays until dismissed.
 */
void
waymark_window_show_error (WaymarkWindow *self,
                           const char    *message)
{
  AdwToast *toast;

  g_return_if_fail (WAYMARK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_message (self, message);

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * waymark_window_show_message:
 * @self: a #WaymarkWindow
 * @message: a short sentence about something that went well
 *
 * Shows @message in a toast that goes away by itself.
 */
void
waymark_window_show_message (WaymarkWindow *self,
                             const char    *message)
{
  g_return_if_fail (WAYMARK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  show_message (self, message);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
  /* Said too, whatever a screen reader makes of toasts. */
  if (self->document != NULL)
    waymark_canvas_announce (self->canvas, message);
}

/**
 * waymark_window_show_file:
 * @self: a #WaymarkWindow
 * @message: a short sentence saying what was written
 * @file: the file written
 *
 * Shows @message in a toast with an Open button that opens @file in the
 * application the desktop has for it.
 */
void
waymark_window_show_file (WaymarkWindow *self,
                          const char    *message,
                          GFile         *file)
{
  g_autofree char *uri = NULL;
  AdwToast *toast;

  g_return_if_fail (WAYMARK_IS_WINDOW (self));
  g_return_if_fail (message != NULL);
  g_return_if_fail (G_IS_FILE (file));

  show_message (self, message);
  uri = g_file_get_uri (file);
  self->last_uri = g_strdup (uri);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "win.open-file");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
_waymark_window_get_search_status (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), NULL);

  return gtk_label_get_text (self->search_label);
}

const char *
_waymark_window_get_last_uri (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), NULL);

  return self->last_uri;
}

const char *
_waymark_window_get_last_message (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), NULL);

  return self->last_message;
}

/* For tests: starts a pending autosave at once and waits for it. */
void
_waymark_window_autosave_now (WaymarkWindow *self)
{
  g_return_if_fail (WAYMARK_IS_WINDOW (self));

  if (self->autosave_source != 0)
    {
      g_clear_handle_id (&self->autosave_source, g_source_remove);
      autosave_cb (self);
    }
  while (self->autosaving)
    g_main_context_iteration (NULL, TRUE);
}

/* For tests: whether an open, a save or an autosave is under way. */
gboolean
_waymark_window_is_busy (WaymarkWindow *self)
{
  g_return_val_if_fail (WAYMARK_IS_WINDOW (self), FALSE);

  return self->n_jobs > 0;
}
