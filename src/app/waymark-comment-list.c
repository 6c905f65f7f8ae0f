/* waymark-comment-list.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-comment-list.h"
#include "waymark-format.h"

/*
 * The comments of the card the inspector shows, oldest first, each with a
 * button to delete it, and an entry to write a new one. The buttons use
 * the inspector's actions: `inspector.add-comment`, which is enabled
 * while `can-add` is true, and `inspector.delete-comment` with the
 * comment's id.
 */

#define COMMENT_DELETE_KEY "waymark-inspector-comment-delete"

struct _WaymarkCommentList
{
  AdwPreferencesGroup     parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkCard            *card;

  /* template children */
  GtkListBox             *comment_list;
  GtkEntry               *comment_entry;
  GtkWidget              *add_comment_button;

  guint                   n_comments;
  guint                   can_add : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkCommentList, waymark_comment_list, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_CAN_ADD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_can_add (WaymarkCommentList *self)
{
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  gboolean can_add = self->card != NULL && body[0] != '\0';

  if (self->can_add == can_add)
    return;

  self->can_add = can_add;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_ADD]);
}

static GtkWidget *
create_comment_row (WaymarkComment *comment)
{
  g_autofree char *created = waymark_format_timestamp (waymark_comment_get_created (comment));
  g_autofree char *delete_label = NULL;
  const char *author = waymark_comment_get_author (comment);
  GtkWidget *row, *box, *text, *heading, *label, *button;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (box), text);

  heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  label = gtk_label_new (author[0] != '\0' ? author : _("Anonymous"));
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (heading), label);
  label = gtk_label_new (created);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_valign (label, GTK_ALIGN_BASELINE);
  gtk_box_append (GTK_BOX (heading), label);
  gtk_box_append (GTK_BOX (text), heading);

  label = gtk_label_new (waymark_comment_get_body (comment));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (text), label);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, _("Delete Comment"));
  /* Translators: the accessible name of a comment's delete button; %s is its author */
  delete_label = g_strdup_printf (_("Delete Comment by %s"), author);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "inspector.delete-comment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x",
                                    waymark_object_get_id (WAYMARK_OBJECT (comment)));
  gtk_box_append (GTK_BOX (box), button);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data (G_OBJECT (row), COMMENT_DELETE_KEY, button);

  return row;
}

/* Oldest first: by time written, then by id (undo puts a deleted comment
 * back at the end of the document's list). */
static int
compare_comments (gconstpointer a,
                  gconstpointer b)
{
  WaymarkComment *x = *(WaymarkComment **) a;
  WaymarkComment *y = *(WaymarkComment **) b;
  int order = g_strcmp0 (waymark_comment_get_created (x), waymark_comment_get_created (y));
  gint64 ix, iy;

  if (order != 0)
    return order;

  ix = waymark_object_get_id (WAYMARK_OBJECT (x));
  iy = waymark_object_get_id (WAYMARK_OBJECT (y));
  return ix < iy ? -1 : ix > iy;
}

static void
comment_entry_changed_cb (WaymarkCommentList *self)
{
  update_can_add (self);
}

static void
comment_entry_activate_cb (WaymarkCommentList *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "inspector.add-comment", NULL);
}

static void
waymark_comment_list_dispose (GObject *object)
{
  WaymarkCommentList *self = WAYMARK_COMMENT_LIST (object);

  g_clear_object (&self->card);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_COMMENT_LIST);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_comment_list_parent_class)->dispose (object);
}

static void
waymark_comment_list_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  WaymarkCommentList *self = WAYMARK_COMMENT_LIST (object);

  switch (prop_id)
    {
    case PROP_CAN_ADD:
      g_value_set_boolean (value, self->can_add);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_comment_list_class_init (WaymarkCommentListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_comment_list_dispose;
  object_class->get_property = waymark_comment_list_get_property;

  /**
   * WaymarkCommentList:can-add:
   *
   * Whether a card is shown and the entry holds a comment to add.
   */
  properties[PROP_CAN_ADD] =
    g_param_spec_boolean ("can-add", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-comment-list.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkCommentList, comment_list);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCommentList, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCommentList, add_comment_button);

  gtk_widget_class_bind_template_callback (widget_class, comment_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_entry_activate_cb);
}

static void
waymark_comment_list_init (WaymarkCommentList *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No comments yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->comment_list, placeholder);
}

/**
 * waymark_comment_list_set_fields:
 * @self: a #WaymarkCommentList
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_comment_list_set_fields (WaymarkCommentList     *self,
                                 WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_COMMENT_LIST (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
}

gboolean
waymark_comment_list_get_can_add (WaymarkCommentList *self)
{
  g_return_val_if_fail (WAYMARK_IS_COMMENT_LIST (self), FALSE);

  return self->can_add;
}

/**
 * waymark_comment_list_update:
 * @self: a #WaymarkCommentList
 * @card: (nullable): the card whose comments to list, or %NULL for none
 *
 * Lists @card's comments as the document has them now. A comment half
 * written for another card is not this one's: the entry is emptied when
 * @card is another.
 */
void
waymark_comment_list_update (WaymarkCommentList *self,
                             WaymarkCard        *card)
{
  g_autoptr(GPtrArray) comments = NULL;
  WaymarkDocument *document;
  GtkWidget *child;

  g_return_if_fail (WAYMARK_IS_COMMENT_LIST (self));
  g_return_if_fail (card == NULL || WAYMARK_IS_CARD (card));
  g_return_if_fail (self->fields != NULL);

  if (g_set_object (&self->card, card))
    gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");

  /* gtk_list_box_remove_all() is GTK 4.12. The placeholder is not a row. */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->comment_list, 0))))
    gtk_list_box_remove (self->comment_list, child);
  self->n_comments = 0;

  document = _waymark_inspector_fields_get_document (self->fields);
  if (card != NULL && document != NULL)
    {
      WaymarkObject *dying = _waymark_inspector_fields_get_dying (self->fields);

      comments = waymark_document_dup_children (document, WAYMARK_TYPE_COMMENT, "card",
                                                waymark_object_get_id (WAYMARK_OBJECT (card)));
      g_ptr_array_sort (comments, compare_comments);
      for (guint i = 0; i < comments->len; i++)
        {
          WaymarkComment *comment = g_ptr_array_index (comments, i);

          if (comment == (WaymarkComment *) dying)
            continue;

          gtk_list_box_append (self->comment_list, create_comment_row (comment));
          self->n_comments++;
        }
    }

  update_can_add (self);
}

/**
 * waymark_comment_list_add:
 * @self: a #WaymarkCommentList
 *
 * Adds what the entry holds as a comment on the card, by the user, and
 * empties the entry.
 */
void
waymark_comment_list_add (WaymarkCommentList *self)
{
  g_autofree char *body = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *created = NULL;
  WaymarkDocument *document;
  const char *author = g_get_real_name ();

  g_return_if_fail (WAYMARK_IS_COMMENT_LIST (self));

  body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  if (self->card == NULL || body[0] == '\0')
    return;

  _waymark_inspector_fields_commit (self->fields);
  /* GLib says “Unknown” when the system has no real name. */
  if (author[0] == '\0' || g_str_equal (author, "Unknown"))
    author = g_get_user_name ();

  now = g_date_time_new_now_utc ();
  created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  document = _waymark_inspector_fields_get_document (self->fields);
  waymark_document_add (document, WAYMARK_TYPE_COMMENT,
                        "card", waymark_object_get_id (WAYMARK_OBJECT (self->card)),
                        "author", author,
                        "body", body,
                        "created", created,
                        NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
}

guint
waymark_comment_list_get_n_comments (WaymarkCommentList *self)
{
  g_return_val_if_fail (WAYMARK_IS_COMMENT_LIST (self), 0);

  return self->n_comments;
}

/**
 * waymark_comment_list_get_delete_button:
 * @self: a #WaymarkCommentList
 * @index: a comment's position in the list
 *
 * Returns: (transfer none) (nullable): the button deleting that comment
 */
GtkWidget *
waymark_comment_list_get_delete_button (WaymarkCommentList *self,
                                        guint               index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (WAYMARK_IS_COMMENT_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (self->comment_list, index);
  return row != NULL ? g_object_get_data (G_OBJECT (row), COMMENT_DELETE_KEY) : NULL;
}
