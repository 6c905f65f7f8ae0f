/* waymark-recovery-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-recovery-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-core.h"
#include "waymark-recovery-dialog.h"
#include "waymark-window-private.h"

/*
 * Offers the recovery copies a previous session left behind: each with its
 * title and when it was written, to recover (it opens as a modified
 * document belonging to its original file) or discard. A damaged copy can
 * only be discarded, so recovery never loops on a bad file.
 */
struct _WaymarkRecoveryDialog
{
  AdwWindow   parent_instance;

  /* owned */
  GPtrArray  *entries;

  /* borrowed */
  GtkListBox *list;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (WaymarkRecoveryDialog, waymark_recovery_dialog, ADW_TYPE_WINDOW)

static WaymarkWindow *
find_target_window (WaymarkRecoveryDialog *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (WAYMARK_IS_WINDOW (parent) && waymark_window_is_empty (WAYMARK_WINDOW (parent)))
    return WAYMARK_WINDOW (parent);

  for (GList *iter = gtk_application_get_windows (app); iter; iter = iter->next)
    if (WAYMARK_IS_WINDOW (iter->data) && waymark_window_is_empty (iter->data))
      return iter->data;

  return waymark_window_new (ADW_APPLICATION (app));
}

static void
remove_row (WaymarkRecoveryDialog *self,
            GtkWidget             *row)
{
  gtk_list_box_remove (self->list, row);

  if (gtk_widget_get_first_child (GTK_WIDGET (self->list)) == NULL)
    gtk_window_close (GTK_WINDOW (self));
}

static void
recover_clicked_cb (GtkButton             *button,
                    WaymarkRecoveryDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  WaymarkRecoveryEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkWindow *window;

  if (!(document = waymark_recovery_restore (entry, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not recover “%s”: %s"), entry->title, error->message);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
      return;
    }

  window = find_target_window (self);
  waymark_window_set_document (window, document);
  gtk_window_present (GTK_WINDOW (window));
  remove_row (self, row);
}

static void
discard_clicked_cb (GtkButton             *button,
                    WaymarkRecoveryDialog *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ACTION_ROW);
  WaymarkRecoveryEntry *entry = g_object_get_data (G_OBJECT (row), "entry");
  g_autoptr(GError) error = NULL;

  if (!waymark_recovery_discard (entry, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not discard “%s”: %s"), entry->title, error->message);

      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
      return;
    }

  remove_row (self, row);
}

static char *
format_when (GDateTime *when)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *time = g_date_time_format (when, "%R");

  if (g_date_time_get_year (now) == g_date_time_get_year (when) &&
      g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (when))
    /* Translators: when a recovery copy was written; %s is a time such as 18:30 */
    return g_strdup_printf (_("Today at %s"), time);

  {
    g_autofree char *date = g_date_time_format (when, "%x");

    /* Translators: when a recovery copy was written: a date, then a time */
    return g_strdup_printf (_("%s at %s"), date, time);
  }
}

static GtkWidget *
create_row (WaymarkRecoveryDialog *self,
            WaymarkRecoveryEntry  *entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard"));
  g_autofree char *date = format_when (entry->saved);
  g_autofree char *subtitle = NULL;
  g_autofree char *where = NULL;

  if (entry->problem != NULL)
    /* Translators: a damaged recovery copy; %s is why it cannot be recovered */
    subtitle = g_strdup_printf (_("Cannot be recovered: %s"), entry->problem);
  else
    {
      where = entry->source ? g_file_get_parse_name (entry->source) : g_strdup (_("never saved"));
      /* Translators: when a recovery copy was written, then its original file */
      subtitle = g_strdup_printf (_("%s — %s"), date, where);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data (G_OBJECT (row), "entry", entry);

  gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (discard, "flat");
  g_signal_connect (discard, "clicked", G_CALLBACK (discard_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), discard);

  if (entry->problem == NULL)
    {
      GtkWidget *recover = gtk_button_new_with_mnemonic (_("_Recover"));

      gtk_widget_set_valign (recover, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (recover, "suggested-action");
      g_signal_connect (recover, "clicked", G_CALLBACK (recover_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), recover);
    }

  return row;
}

static void
waymark_recovery_dialog_finalize (GObject *object)
{
  WaymarkRecoveryDialog *self = (WaymarkRecoveryDialog *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (waymark_recovery_dialog_parent_class)->finalize (object);
}

static void
waymark_recovery_dialog_class_init (WaymarkRecoveryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = waymark_recovery_dialog_finalize;
}

static void
waymark_recovery_dialog_init (WaymarkRecoveryDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *heading = gtk_label_new (_("Recover Unsaved Maps?"));
  GtkWidget *body = gtk_label_new (_("Waymark was not closed properly. These maps have changes that were not saved."));
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Recover Unsaved Maps"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 360);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), gtk_label_new (NULL));
  gtk_widget_add_css_class (header, "flat");
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_add_css_class (heading, "title-2");
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_justify (GTK_LABEL (body), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (body, "dim-label");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");

  gtk_box_append (GTK_BOX (content), heading);
  gtk_box_append (GTK_BOX (content), body);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_widget_set_margin_bottom (content, 24);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_widget_set_vexpand (scroller, TRUE);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, scroller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->toasts));

  adw_window_set_content (ADW_WINDOW (self), box);
}

/**
 * waymark_recovery_dialog_new:
 * @parent: the window to recover into when it shows no document
 * @entries: (transfer full): from waymark_recovery_list(), not empty
 *
 * Returns: (transfer floating): the dialog
 */
GtkWidget *
waymark_recovery_dialog_new (GtkWindow *parent,
                             GPtrArray *entries)
{
  WaymarkRecoveryDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (entries != NULL && entries->len > 0, NULL);

  self = g_object_new (WAYMARK_TYPE_RECOVERY_DIALOG,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
  self->entries = entries;

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (self->list, create_row (self, g_ptr_array_index (entries, i)));

  return GTK_WIDGET (self);
}

guint
waymark_recovery_dialog_get_count (WaymarkRecoveryDialog *self)
{
  guint count = 0;

  g_return_val_if_fail (WAYMARK_IS_RECOVERY_DIALOG (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    count++;

  return count;
}
