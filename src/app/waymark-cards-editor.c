/* waymark-cards-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-cards-editor.h"

/*
 * The inspector's page for several cards: what they can be given at once,
 * a kind and a color, and what their kind has when they share it (the
 * channel of touchpoints, the severity of pain points, the owner and
 * status of opportunities), each as one step of the history for all of
 * them. A field whose values differ says “Mixed”.
 */

struct _WaymarkCardsEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  GPtrArray              *cards;   /* the inspector's selection */

  /* template children */
  AdwComboRow            *cards_kind_row;
  AdwComboRow            *cards_channel_row;
  AdwComboRow            *cards_severity_row;
  AdwEntryRow            *cards_owner_row;
  AdwComboRow            *cards_status_row;
  GtkWidget              *cards_colors;
};

G_DEFINE_FINAL_TYPE (WaymarkCardsEditor, waymark_cards_editor, GTK_TYPE_BOX)

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

/* A choice row showing the cards' common value, or nothing and “Mixed”. */
static void
show_common (AdwComboRow *row,
             const char  *value,
             gboolean     mixed)
{
  _waymark_inspector_fields_set_choice (row, mixed ? NULL : value);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), mixed ? _("Mixed") : NULL);
}

/* What the cards have in common: the value, or none selected. */
static void
update_fields (WaymarkCardsEditor *self)
{
  WaymarkCard *first = g_ptr_array_index (self->cards, 0);
  const char *kind = waymark_card_get_kind (first);
  const char *color = waymark_card_get_color (first);
  gboolean mixed_kind = FALSE, mixed_color = FALSE, mixed_channel = FALSE, mixed_owner = FALSE, mixed_status = FALSE;
  gboolean mixed_severity = FALSE;

  for (guint i = 1; i < self->cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (self->cards, i);

      mixed_kind |= !g_str_equal (kind, waymark_card_get_kind (card));
      mixed_color |= g_ascii_strcasecmp (color, waymark_card_get_color (card)) != 0;
      mixed_channel |= !g_str_equal (waymark_card_get_channel (first), waymark_card_get_channel (card));
      mixed_owner |= !g_str_equal (waymark_card_get_owner (first), waymark_card_get_owner (card));
      mixed_status |= g_ascii_strcasecmp (waymark_card_get_status (first), waymark_card_get_status (card)) != 0;
      mixed_severity |= waymark_card_get_severity (first) != waymark_card_get_severity (card);
    }

  show_common (self->cards_kind_row, kind, mixed_kind);
  _waymark_inspector_fields_show_swatch (self->cards_colors, mixed_color ? NULL : color);

  /* The fields of their kind, when they are all of one. */
  gtk_widget_set_visible (GTK_WIDGET (self->cards_channel_row), !mixed_kind && g_str_equal (kind, "touchpoint"));
  show_common (self->cards_channel_row, waymark_card_get_channel (first), mixed_channel);
  gtk_widget_set_visible (GTK_WIDGET (self->cards_severity_row), !mixed_kind && g_str_equal (kind, "pain-point"));
  if (mixed_severity)
    adw_combo_row_set_selected (self->cards_severity_row, GTK_INVALID_LIST_POSITION);
  else
    adw_combo_row_set_selected (self->cards_severity_row, CLAMP (waymark_card_get_severity (first), 0, 3));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->cards_severity_row), mixed_severity ? _("Mixed") : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cards_owner_row), !mixed_kind && g_str_equal (kind, "opportunity"));
  gtk_editable_set_text (GTK_EDITABLE (self->cards_owner_row), mixed_owner ? "" : waymark_card_get_owner (first));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cards_owner_row),
                                 mixed_owner ? _("Owner (mixed)") : _("Owner"));
  gtk_widget_set_visible (GTK_WIDGET (self->cards_status_row), !mixed_kind && g_str_equal (kind, "opportunity"));
  {
    const char *status = waymark_card_get_status (first);

    /* A status the list does not offer shows as mixed: it is kept. */
    for (const char * const *known = waymark_card_statuses (); *known != NULL; known++)
      if (g_ascii_strcasecmp (*known, status) == 0)
        status = *known;
    show_common (self->cards_status_row, status, mixed_status);
  }
}

/* One step for all the cards: @property set to @value (a string, or an
 * int when @value is NULL). */
static void
apply_to_all (WaymarkCardsEditor *self,
              const char         *label,
              const char         *property,
              const char         *value,
              int                 number)
{
  WaymarkDocument *document;

  if (!_waymark_inspector_fields_can_edit (self->fields) || self->cards == NULL)
    return;

  _waymark_inspector_fields_commit (self->fields);
  document = _waymark_inspector_fields_get_document (self->fields);
  waymark_document_begin (document, label);
  for (guint i = 0; i < self->cards->len; i++)
    if (value != NULL)
      _waymark_inspector_fields_edit_string (self->fields, g_ptr_array_index (self->cards, i), NULL, property, value);
    else
      _waymark_inspector_fields_edit_int (self->fields, g_ptr_array_index (self->cards, i), NULL, property, number);
  waymark_document_end (document);
}

static void
cards_channel_changed_cb (WaymarkCardsEditor *self)
{
  const char *channel = _waymark_inspector_fields_get_choice (self->cards_channel_row);

  if (channel != NULL)
    apply_to_all (self, _("Change Channel"), "channel", channel, 0);
}

static void
cards_severity_changed_cb (WaymarkCardsEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->cards_severity_row);

  if (selected <= 3)
    apply_to_all (self, _("Change Severity"), "severity", NULL, (int) selected);
}

static void
cards_owner_apply_cb (WaymarkCardsEditor *self)
{
  g_autofree char *owner = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->cards_owner_row))));

  apply_to_all (self, _("Edit Owner"), "owner", owner, 0);
}

static void
cards_status_changed_cb (WaymarkCardsEditor *self)
{
  const char *status = _waymark_inspector_fields_get_choice (self->cards_status_row);

  if (status != NULL)
    apply_to_all (self, _("Change Status"), "status", status, 0);
}

static void
cards_kind_changed_cb (WaymarkCardsEditor *self)
{
  const char *kind = _waymark_inspector_fields_get_choice (self->cards_kind_row);
  WaymarkDocument *document;

  if (!_waymark_inspector_fields_can_edit (self->fields) || kind == NULL || self->cards == NULL)
    return;

  _waymark_inspector_fields_commit (self->fields);
  document = _waymark_inspector_fields_get_document (self->fields);
  waymark_document_begin (document, _("Change Card Kind"));
  for (guint i = 0; i < self->cards->len; i++)
    _waymark_inspector_fields_edit_string (self->fields, g_ptr_array_index (self->cards, i), NULL, "kind", kind);
  waymark_document_end (document);
}

static void
swatch_toggled_cb (GtkToggleButton    *swatch,
                   WaymarkCardsEditor *self)
{
  if (self->cards != NULL)
    _waymark_inspector_fields_apply_swatch (self->fields, swatch, self->cards->pdata, self->cards->len);
}

static void
waymark_cards_editor_dispose (GObject *object)
{
  WaymarkCardsEditor *self = WAYMARK_CARDS_EDITOR (object);

  g_clear_pointer (&self->cards, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_CARDS_EDITOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_cards_editor_parent_class)->dispose (object);
}

static void
waymark_cards_editor_class_init (WaymarkCardsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_cards_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-cards-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_colors);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_channel_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_severity_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_owner_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkCardsEditor, cards_status_row);

  gtk_widget_class_bind_template_callback (widget_class, cards_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_severity_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_owner_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_status_changed_cb);
}

static void
waymark_cards_editor_init (WaymarkCardsEditor *self)
{
  g_autoptr(GtkStringList) card_kinds = gtk_string_list_new (waymark_card_kinds ());
  g_autoptr(GtkStringList) channels = gtk_string_list_new (waymark_card_channels ());
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (waymark_card_statuses ());

  gtk_widget_init_template (GTK_WIDGET (self));
  _waymark_inspector_fields_setup_choice (self->cards_channel_row, G_LIST_MODEL (channels), G_CALLBACK (channel_label_cb));
  _waymark_inspector_fields_setup_choice (self->cards_status_row, G_LIST_MODEL (statuses), G_CALLBACK (status_label_cb));

  /* Filling the rows is not an edit: until it has its fields, the editor
   * takes no signal for one. */
  _waymark_inspector_fields_setup_choice (self->cards_kind_row, G_LIST_MODEL (card_kinds), G_CALLBACK (card_kind_label_cb));
  _waymark_inspector_fields_add_swatches (self->cards_colors, G_CALLBACK (swatch_toggled_cb), self);
}

/**
 * waymark_cards_editor_set_fields:
 * @self: a #WaymarkCardsEditor
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_cards_editor_set_fields (WaymarkCardsEditor     *self,
                                 WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_CARDS_EDITOR (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
}

/**
 * waymark_cards_editor_update:
 * @self: a #WaymarkCardsEditor
 * @cards: (nullable) (element-type WaymarkCard): the cards to edit, or
 *   %NULL while the page is not shown
 *
 * Shows what @cards have in common as the document has it now. The editor
 * keeps @cards, not a copy: the inspector drops a removed card from its
 * selection at once, while it may show the change only later.
 */
void
waymark_cards_editor_update (WaymarkCardsEditor *self,
                             GPtrArray          *cards)
{
  g_return_if_fail (WAYMARK_IS_CARDS_EDITOR (self));
  g_return_if_fail (self->fields != NULL);

  _waymark_inspector_fields_begin_update (self->fields);

  if (cards != self->cards)
    {
      g_clear_pointer (&self->cards, g_ptr_array_unref);
      self->cards = cards != NULL ? g_ptr_array_ref (cards) : NULL;
    }
  if (cards != NULL)
    update_fields (self);

  _waymark_inspector_fields_end_update (self->fields);
}
