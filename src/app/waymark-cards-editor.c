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
 * a kind and a color, each as one step of the history for all of them.
 */

struct _WaymarkCardsEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  GPtrArray              *cards;   /* the inspector's selection */

  /* template children */
  AdwComboRow            *cards_kind_row;
  GtkWidget              *cards_colors;
};

G_DEFINE_FINAL_TYPE (WaymarkCardsEditor, waymark_cards_editor, GTK_TYPE_BOX)

static char *
card_kind_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_card_kind_label (gtk_string_object_get_string (item)));
}

/* Kind and color of the cards: the common value, or none selected. */
static void
update_fields (WaymarkCardsEditor *self)
{
  const char *kind = NULL;
  const char *color = NULL;

  for (guint i = 0; i < self->cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (self->cards, i);

      if (i == 0)
        {
          kind = waymark_card_get_kind (card);
          color = waymark_card_get_color (card);
          continue;
        }
      if (kind != NULL && !g_str_equal (kind, waymark_card_get_kind (card)))
        kind = NULL;
      if (color != NULL && g_ascii_strcasecmp (color, waymark_card_get_color (card)) != 0)
        color = NULL;
    }

  _waymark_inspector_fields_set_choice (self->cards_kind_row, kind);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->cards_kind_row), kind == NULL ? _("Mixed") : NULL);
  _waymark_inspector_fields_show_swatch (self->cards_colors, color);
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

  gtk_widget_class_bind_template_callback (widget_class, cards_kind_changed_cb);
}

static void
waymark_cards_editor_init (WaymarkCardsEditor *self)
{
  g_autoptr(GtkStringList) card_kinds = gtk_string_list_new (waymark_card_kinds ());

  gtk_widget_init_template (GTK_WIDGET (self));

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
