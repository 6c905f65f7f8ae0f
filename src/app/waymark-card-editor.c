/* waymark-card-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-card-editor.h"
#include "waymark-document-private.h"
#include "waymark-edit.h"

/*
 * The inspector's page for one card: its title, kind, and the fields its
 * kind has (channel; owner and status; severity), how many stages it
 * spans, its color, its body and its comments. Each change is one
 * labelled step of the history.
 */

/* Icons only where the icon theme has a fitting standard one. */
static const struct
{
  const char *channel;
  const char *icon_name;
} channel_icons[] = {
  { "web", "web-browser-symbolic" },
  { "mobile-app", "phone-symbolic" },
  { "email", "mail-unread-symbolic" },
  { "phone", "call-start-symbolic" },
  { "chat", "chat-message-new-symbolic" },
  { "social", "system-users-symbolic" },
  { "mail", "package-x-generic-symbolic" },
  { "video", "camera-video-symbolic" },
};

struct _WaymarkCardEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkCard            *card;
  GtkStringList          *status_model;

  /* template children */
  AdwEntryRow            *card_title_row;
  AdwComboRow            *card_kind_row;
  AdwComboRow            *card_channel_row;
  AdwEntryRow            *card_owner_row;
  AdwComboRow            *card_status_row;
  GtkSpinButton          *card_span;
  GtkWidget              *card_severity_group;
  GtkToggleButton        *severity_none;
  GtkToggleButton        *severity_low;
  GtkToggleButton        *severity_medium;
  GtkToggleButton        *severity_high;
  GtkWidget              *card_colors;
  GtkTextView            *card_body_view;
  WaymarkCommentList     *comments;
};

G_DEFINE_FINAL_TYPE (WaymarkCardEditor, waymark_card_editor, GTK_TYPE_BOX)

static const char *
channel_icon_name (const char *channel)
{
  for (guint i = 0; i < G_N_ELEMENTS (channel_icons); i++)
    if (g_str_equal (channel_icons[i].channel, channel))
      return channel_icons[i].icon_name;

  return NULL;
}

static char *
card_kind_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_card_kind_label (gtk_string_object_get_string (item)));
}

static char *
channel_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_card_channel_label (gtk_string_object_get_string (item)));
}

static char *
status_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_card_status_label (gtk_string_object_get_string (item)));
}

static void
channel_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new ();

  /* Channels without an icon keep their names in line with the others. */
  gtk_widget_set_size_request (image, 16, 16);
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), gtk_label_new (NULL));
  gtk_list_item_set_child (item, box);
}

static void
channel_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  const char *channel = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (box)), channel_icon_name (channel));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), waymark_card_channel_label (channel));
}

/* The stages from the card's to the map's last, which is as far as it can span. */
static int
max_span (WaymarkCardEditor *self)
{
  WaymarkStage *stage = (WaymarkStage *) _waymark_inspector_fields_lookup (self->fields,
                                                                           waymark_card_get_stage (self->card),
                                                                           WAYMARK_TYPE_STAGE);
  WaymarkObject *dying = _waymark_inspector_fields_get_dying (self->fields);
  g_autoptr(GPtrArray) stages = NULL;
  int n = 0;
  int index = 0;

  if (stage == NULL)
    return 1;

  stages = waymark_edit_dup_stages (_waymark_inspector_fields_get_document (self->fields),
                                    waymark_stage_get_map (stage));
  for (guint i = 0; i < stages->len; i++)
    {
      if (g_ptr_array_index (stages, i) == (gpointer) dying)
        continue;
      if (g_ptr_array_index (stages, i) == (gpointer) stage)
        index = n;
      n++;
    }

  return MAX (1, n - index);
}

static void
update_status_model (WaymarkCardEditor *self,
                     const char        *status)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  const char *shown = status;
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->status_model));
  gboolean same = TRUE;

  /* A known status in other letter case is shown as the known one; any
   * other text stays an item of its own, so that it is kept. */
  for (const char * const *known = waymark_card_statuses (); *known != NULL; known++)
    {
      g_ptr_array_add (ids, (gpointer) *known);
      if (g_ascii_strcasecmp (*known, status) == 0)
        shown = *known;
    }
  if (shown == status && !g_ptr_array_find_with_equal_func (ids, status, g_str_equal, NULL))
    g_ptr_array_add (ids, (gpointer) status);

  same = n_items == ids->len;
  for (guint i = 0; same && i < n_items; i++)
    same = g_str_equal (gtk_string_list_get_string (self->status_model, i), g_ptr_array_index (ids, i));

  if (!same)
    {
      g_ptr_array_add (ids, NULL);
      gtk_string_list_splice (self->status_model, 0, n_items, (const char * const *) ids->pdata);
    }

  _waymark_inspector_fields_set_choice (self->card_status_row, shown);
}

static void
update_fields (WaymarkCardEditor *self)
{
  GtkToggleButton *severity[] = { self->severity_none, self->severity_low, self->severity_medium, self->severity_high };
  const char *kind = waymark_card_get_kind (self->card);
  int span = waymark_card_get_span (self->card);

  _waymark_inspector_fields_set_choice (self->card_kind_row, kind);
  _waymark_inspector_fields_set_choice (self->card_channel_row, waymark_card_get_channel (self->card));
  gtk_widget_set_visible (GTK_WIDGET (self->card_channel_row), g_str_equal (kind, "touchpoint"));

  update_status_model (self, waymark_card_get_status (self->card));
  gtk_widget_set_visible (GTK_WIDGET (self->card_owner_row), g_str_equal (kind, "opportunity"));
  gtk_widget_set_visible (GTK_WIDGET (self->card_status_row), g_str_equal (kind, "opportunity"));

  gtk_toggle_button_set_active (severity[CLAMP (waymark_card_get_severity (self->card), 0, 3)], TRUE);
  gtk_widget_set_visible (self->card_severity_group, g_str_equal (kind, "pain-point"));

  /* A span past the last stage (a stage was deleted) is shown as it is. */
  gtk_spin_button_set_range (self->card_span, 1, MAX (max_span (self), span));
  gtk_spin_button_set_value (self->card_span, span);

  _waymark_inspector_fields_show_swatch (self->card_colors, waymark_card_get_color (self->card));
}

static void
card_kind_changed_cb (WaymarkCardEditor *self)
{
  const char *kind = _waymark_inspector_fields_get_choice (self->card_kind_row);

  if (!_waymark_inspector_fields_can_edit (self->fields) || kind == NULL)
    return;

  _waymark_inspector_fields_edit_string (self->fields, self->card, _("Change Card Kind"), "kind", kind);
}

static void
card_channel_changed_cb (WaymarkCardEditor *self)
{
  const char *channel = _waymark_inspector_fields_get_choice (self->card_channel_row);

  if (!_waymark_inspector_fields_can_edit (self->fields) || channel == NULL)
    return;

  _waymark_inspector_fields_edit_string (self->fields, self->card, _("Change Channel"), "channel", channel);
}

static void
card_status_changed_cb (WaymarkCardEditor *self)
{
  const char *status = _waymark_inspector_fields_get_choice (self->card_status_row);

  if (!_waymark_inspector_fields_can_edit (self->fields) || status == NULL)
    return;

  _waymark_inspector_fields_edit_string (self->fields, self->card, _("Change Status"), "status", status);
}

static void
severity_toggled_cb (GtkToggleButton   *button,
                     WaymarkCardEditor *self)
{
  GtkToggleButton *severity[] = { self->severity_none, self->severity_low, self->severity_medium, self->severity_high };

  if (!_waymark_inspector_fields_can_edit (self->fields) || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (severity); i++)
    if (severity[i] == button)
      _waymark_inspector_fields_edit_int (self->fields, self->card, _("Change Severity"), "severity", i);
}

static void
card_span_changed_cb (WaymarkCardEditor *self)
{
  WaymarkDocument *document;

  if (!_waymark_inspector_fields_can_edit (self->fields) || self->card == NULL)
    return;

  _waymark_inspector_fields_commit (self->fields);
  document = _waymark_inspector_fields_get_document (self->fields);
  /* Clicking “+” a few times is one step. */
  _waymark_document_begin_merging (document, _("Change Span"));
  waymark_document_set (document, self->card, "span", gtk_spin_button_get_value_as_int (self->card_span), NULL);
  waymark_document_end (document);
}

static void
swatch_toggled_cb (GtkToggleButton   *swatch,
                   WaymarkCardEditor *self)
{
  gpointer objects[] = { self->card };

  _waymark_inspector_fields_apply_swatch (self->fields, swatch, objects, self->card != NULL);
}

static void
waymark_card_editor_dispose (GObject *object)
{
  WaymarkCardEditor *self = WAYMARK_CARD_EDITOR (object);

  g_clear_object (&self->card);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_CARD_EDITOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_card_editor_parent_class)->dispose (object);
}

static void
waymark_card_editor_finalize (GObject *object)
{
  WaymarkCardEditor *self = WAYMARK_CARD_EDITOR (object);

  g_clear_object (&self->status_model);

  G_OBJECT_CLASS (waymark_card_editor_parent_class)->finalize (object);
}

static void
waymark_card_editor_class_init (WaymarkCardEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_card_editor_dispose;
  object_class->finalize = waymark_card_editor_finalize;

  g_type_ensure (WAYMARK_TYPE_COMMENT_LIST);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-card-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_channel_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_owner_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_status_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_span);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_severity_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, severity_none);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, severity_low);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, severity_medium);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, severity_high);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_colors);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, card_body_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardEditor, comments);

  gtk_widget_class_bind_template_callback (widget_class, card_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_span_changed_cb);
}

static void
waymark_card_editor_init (WaymarkCardEditor *self)
{
  g_autoptr(GtkListItemFactory) channel_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) card_kinds = NULL;
  g_autoptr(GtkStringList) channels = NULL;

  self->status_model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Filling the rows is not an edit: until it has its fields, the editor
   * takes no signal for one. */
  card_kinds = gtk_string_list_new (waymark_card_kinds ());
  _waymark_inspector_fields_setup_choice (self->card_kind_row, G_LIST_MODEL (card_kinds), G_CALLBACK (card_kind_label_cb));
  channels = gtk_string_list_new (waymark_card_channels ());
  _waymark_inspector_fields_setup_choice (self->card_channel_row, G_LIST_MODEL (channels), G_CALLBACK (channel_label_cb));
  g_signal_connect (channel_factory, "setup", G_CALLBACK (channel_setup_cb), NULL);
  g_signal_connect (channel_factory, "bind", G_CALLBACK (channel_bind_cb), NULL);
  adw_combo_row_set_factory (self->card_channel_row, channel_factory);
  _waymark_inspector_fields_setup_choice (self->card_status_row, G_LIST_MODEL (self->status_model),
                                          G_CALLBACK (status_label_cb));

  _waymark_inspector_fields_add_swatches (self->card_colors, G_CALLBACK (swatch_toggled_cb), self);
}

/**
 * waymark_card_editor_set_fields:
 * @self: a #WaymarkCardEditor
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_card_editor_set_fields (WaymarkCardEditor      *self,
                                WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_CARD_EDITOR (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->card_title_row), "title", NULL);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->card_owner_row), "owner", N_("Edit Owner"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->card_body_view), "body", N_("Edit Card Body"));
  waymark_comment_list_set_fields (self->comments, fields);
}

/**
 * waymark_card_editor_get_comment_list:
 * @self: a #WaymarkCardEditor
 *
 * Returns: (transfer none): the list of the card's comments
 */
WaymarkCommentList *
waymark_card_editor_get_comment_list (WaymarkCardEditor *self)
{
  g_return_val_if_fail (WAYMARK_IS_CARD_EDITOR (self), NULL);

  return self->comments;
}

/**
 * waymark_card_editor_update:
 * @self: a #WaymarkCardEditor
 * @card: (nullable): the card to edit, or %NULL while the page is not shown
 *
 * Shows @card's fields as the document has them now. Its comments are
 * listed by the comment list, which the inspector updates on its own.
 */
void
waymark_card_editor_update (WaymarkCardEditor *self,
                            WaymarkCard       *card)
{
  g_return_if_fail (WAYMARK_IS_CARD_EDITOR (self));
  g_return_if_fail (card == NULL || WAYMARK_IS_CARD (card));
  g_return_if_fail (self->fields != NULL);

  _waymark_inspector_fields_begin_update (self->fields);

  g_set_object (&self->card, card);
  if (card != NULL)
    update_fields (self);

  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->card_title_row), card);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->card_owner_row), card);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->card_body_view), card);

  _waymark_inspector_fields_end_update (self->fields);
}
