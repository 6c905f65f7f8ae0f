/* waymark-inspector-fields.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-inspector-fields-private.h"
#include "waymark-document-private.h"
#include "waymark-edit.h"

/*
 * What the inspector's editors share, so that each edits through the
 * same rules: the document, the object being removed (`changed` reports
 * it while it is still in the document, and nothing shown may list it),
 * the `updating` guard, and the one text field whose typing is waiting to
 * be committed.
 *
 * Text fields commit as the user types, once per main loop iteration
 * (replacing a selection is a deletion and an insertion, which would
 * otherwise be two changes) and before the next frame; the document merges
 * the keystrokes into one labelled step. A field is refreshed only when
 * the document holds something other than what it shows and it has no
 * edit of the user's waiting, keeping the cursor where it was. `updating`
 * is raised while the panel writes into its own widgets, so that their
 * change signals are not taken for the user's edits. Any other edit
 * commits the waiting text first, so that it comes first in the history.
 */

/* The default color, then the Okabe–Ito palette, which stays apart for
 * the common kinds of color blindness. */
static const struct
{
  const char *color;
  const char *name;
  const char *style_class;
} swatches[] = {
  { "", N_("Default"), "default" },
  { "#E69F00", N_("Orange"), "orange" },
  { "#56B4E9", N_("Sky Blue"), "sky-blue" },
  { "#009E73", N_("Bluish Green"), "bluish-green" },
  { "#F0E442", N_("Yellow"), "yellow" },
  { "#0072B2", N_("Blue"), "blue" },
  { "#D55E00", N_("Vermilion"), "vermilion" },
  { "#CC79A7", N_("Reddish Purple"), "reddish-purple" },
};

#define TEXT_FIELD_KEY "waymark-inspector-text-field"
#define SWATCH_COLOR_KEY "waymark-inspector-swatch-color"

/* A free-text field: a widget of an editor, the property of the object
 * it shows and the undo label (NULL: waymark_edit_rename()'s). */
typedef struct
{
  WaymarkInspectorFields *fields;
  GtkWidget              *widget;    /* borrowed: the field is its data */
  const char             *property;
  const char             *label;
  WaymarkObject          *subject;   /* NULL while its editor shows nothing */
} TextField;

struct _WaymarkInspectorFields
{
  GObject           parent_instance;

  /* owned */
  WaymarkDocument  *document;
  WaymarkObject    *pending_subject;  /* what pending's text is for */

  /* borrowed: an object being removed */
  WaymarkObject    *dying;
  /* borrowed: the text field the user changed since the last commit */
  TextField        *pending;

  guint             commit_source;
  guint             updating;
};

G_DEFINE_FINAL_TYPE (WaymarkInspectorFields, waymark_inspector_fields, G_TYPE_OBJECT)

static void
text_field_free (TextField *field)
{
  if (field->fields->pending == field)
    {
      field->fields->pending = NULL;
      g_clear_object (&field->fields->pending_subject);
    }
  g_clear_object (&field->subject);
  g_clear_object (&field->fields);
  g_free (field);
}

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
dup_field_text (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return dup_buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)));

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

/* Shows @text unless the widget shows it already — which is the case for
 * every edit the user is making in it — keeping the cursor where it was. */
static void
show_text (GtkWidget  *widget,
           const char *text)
{
  if (text == NULL)
    text = "";

  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      g_autofree char *current = dup_buffer_text (buffer);
      GtkTextIter iter;
      int offset;

      if (g_str_equal (current, text))
        return;

      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      offset = gtk_text_iter_get_offset (&iter);
      /* Text from the document is not one of the user's own steps to undo. */
      gtk_text_buffer_begin_irreversible_action (buffer);
      gtk_text_buffer_set_text (buffer, text, -1);
      gtk_text_buffer_end_irreversible_action (buffer);
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      gtk_text_buffer_place_cursor (buffer, &iter);
    }
  else
    {
      GtkEditable *editable = GTK_EDITABLE (widget);
      int position;

      if (g_str_equal (gtk_editable_get_text (editable), text))
        return;

      position = gtk_editable_get_position (editable);
      gtk_editable_set_text (editable, text);
      gtk_editable_set_position (editable, MIN (position, (int) g_utf8_strlen (text, -1)));
    }
}

static gboolean
commit_idle_cb (gpointer data)
{
  WaymarkInspectorFields *self = data;

  self->commit_source = 0;
  _waymark_inspector_fields_commit (self);

  return G_SOURCE_REMOVE;
}

static void
text_field_changed_cb (GObject   *emitter,
                       TextField *field)
{
  WaymarkInspectorFields *self = field->fields;

  if (!_waymark_inspector_fields_can_edit (self) || field->subject == NULL)
    return;

  if (self->pending != field || self->pending_subject != field->subject)
    _waymark_inspector_fields_commit (self);

  self->pending = field;
  g_set_object (&self->pending_subject, field->subject);
  /* Before GTK redraws, so that the canvas shows it in the same frame. */
  if (self->commit_source == 0)
    self->commit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, commit_idle_cb, self, NULL);
}

static void
waymark_inspector_fields_dispose (GObject *object)
{
  WaymarkInspectorFields *self = WAYMARK_INSPECTOR_FIELDS (object);

  g_clear_handle_id (&self->commit_source, g_source_remove);
  self->pending = NULL;
  g_clear_object (&self->pending_subject);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (waymark_inspector_fields_parent_class)->dispose (object);
}

static void
waymark_inspector_fields_class_init (WaymarkInspectorFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = waymark_inspector_fields_dispose;
}

static void
waymark_inspector_fields_init (WaymarkInspectorFields *self)
{
}

WaymarkInspectorFields *
_waymark_inspector_fields_new (void)
{
  return g_object_new (WAYMARK_TYPE_INSPECTOR_FIELDS, NULL);
}

WaymarkDocument *
_waymark_inspector_fields_get_document (WaymarkInspectorFields *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self), NULL);

  return self->document;
}

/* The caller commits what is waiting first, while it is for the old one. */
void
_waymark_inspector_fields_set_document (WaymarkInspectorFields *self,
                                        WaymarkDocument        *document)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));
  g_return_if_fail (document == NULL || WAYMARK_IS_DOCUMENT (document));

  g_set_object (&self->document, document);
}

WaymarkObject *
_waymark_inspector_fields_get_dying (WaymarkInspectorFields *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self), NULL);

  return self->dying;
}

/* @dying: (nullable): an object `changed` says is being removed, for as
 *   long as the signal lasts */
void
_waymark_inspector_fields_set_dying (WaymarkInspectorFields *self,
                                     WaymarkObject          *dying)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));

  self->dying = dying;
}

/* The object @id of the document if it is a @type and not being removed. */
WaymarkObject *
_waymark_inspector_fields_lookup (WaymarkInspectorFields *self,
                                  gint64                  id,
                                  GType                   type)
{
  WaymarkObject *object;

  g_return_val_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self), NULL);

  if (self->document == NULL || id == 0)
    return NULL;

  object = waymark_document_lookup (self->document, id);
  if (object == NULL || object == self->dying || !G_TYPE_CHECK_INSTANCE_TYPE (object, type))
    return NULL;

  return object;
}

/* Raises `updating` while the panel fills its own widgets. */
void
_waymark_inspector_fields_begin_update (WaymarkInspectorFields *self)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));

  self->updating++;
}

void
_waymark_inspector_fields_end_update (WaymarkInspectorFields *self)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));
  g_return_if_fail (self->updating > 0);

  self->updating--;
}

/* Whether a widget's change signal is the user's edit. @self may be NULL:
 * an editor that has none yet is still being built. */
gboolean
_waymark_inspector_fields_can_edit (WaymarkInspectorFields *self)
{
  return self != NULL && self->updating == 0 && self->document != NULL;
}

/* Writes what the user typed into the document, if anything is waiting. */
void
_waymark_inspector_fields_commit (WaymarkInspectorFields *self)
{
  TextField *field;
  g_autoptr(WaymarkObject) subject = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));

  field = g_steal_pointer (&self->pending);
  subject = g_steal_pointer (&self->pending_subject);
  g_clear_handle_id (&self->commit_source, g_source_remove);

  if (field == NULL || self->document == NULL || waymark_object_get_document (subject) != self->document)
    return;

  text = dup_field_text (field->widget);
  if (field->label == NULL)
    {
      waymark_edit_rename (self->document, subject, text);
      return;
    }

  _waymark_document_begin_merging (self->document, _(field->label));
  waymark_document_set (self->document, subject, field->property, text, NULL);
  waymark_document_end (self->document);
}

/* One undoable step named @label; inside an open group, a part of it. */
void
_waymark_inspector_fields_edit_value (WaymarkInspectorFields *self,
                                      gpointer                object,
                                      const char             *label,
                                      const char             *property,
                                      const GValue           *value)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));

  /* What was typed before comes first in the history. */
  _waymark_inspector_fields_commit (self);

  if (object == NULL || self->document == NULL)
    return;

  waymark_document_begin (self->document, label);
  waymark_document_set_value (self->document, object, property, value);
  waymark_document_end (self->document);
}

void
_waymark_inspector_fields_edit_string (WaymarkInspectorFields *self,
                                       gpointer                object,
                                       const char             *label,
                                       const char             *property,
                                       const char             *text)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  _waymark_inspector_fields_edit_value (self, object, label, property, &value);
}

void
_waymark_inspector_fields_edit_int (WaymarkInspectorFields *self,
                                    gpointer                object,
                                    const char             *label,
                                    const char             *property,
                                    int                     number)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, number);
  _waymark_inspector_fields_edit_value (self, object, label, property, &value);
}

/* Makes @widget, an entry row or a text view, edit @property of the
 * subject _waymark_inspector_fields_show_text() gives it, as it is typed,
 * in steps labelled @label: untranslated, or NULL for
 * waymark_edit_rename()'s. */
void
_waymark_inspector_fields_add_text (WaymarkInspectorFields *self,
                                    GtkWidget              *widget,
                                    const char             *property,
                                    const char             *label)
{
  TextField *field;
  GObject *emitter;

  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));
  g_return_if_fail (GTK_IS_TEXT_VIEW (widget) || GTK_IS_EDITABLE (widget));
  g_return_if_fail (property != NULL);

  field = g_new0 (TextField, 1);
  field->fields = g_object_ref (self);
  field->widget = widget;
  field->property = property;
  field->label = label;
  g_object_set_data_full (G_OBJECT (widget), TEXT_FIELD_KEY, field, (GDestroyNotify) text_field_free);

  emitter = GTK_IS_TEXT_VIEW (widget) ? G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)))
                                      : G_OBJECT (widget);
  g_signal_connect (emitter, "changed", G_CALLBACK (text_field_changed_cb), field);
}

/* Makes the text field @widget edit @subject (NULL: nothing) and shows
 * what the document holds, unless the user's typing is waiting in it. */
void
_waymark_inspector_fields_show_text (WaymarkInspectorFields *self,
                                     GtkWidget              *widget,
                                     gpointer                subject)
{
  TextField *field;
  g_autofree char *text = NULL;

  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (self));
  g_return_if_fail (subject == NULL || WAYMARK_IS_OBJECT (subject));

  field = g_object_get_data (G_OBJECT (widget), TEXT_FIELD_KEY);
  g_return_if_fail (field != NULL && field->fields == self);

  g_set_object (&field->subject, subject);

  /* The widget has newer text than the document: the user's. */
  if (subject == NULL || field == self->pending)
    return;

  g_object_get (subject, field->property, &text, NULL);
  self->updating++;
  show_text (widget, text);
  self->updating--;
}

/* A combo row whose items are ids from @model, shown by @label_cb. */
void
_waymark_inspector_fields_setup_choice (AdwComboRow *row,
                                        GListModel  *model,
                                        GCallback    label_cb)
{
  g_autoptr(GtkExpression) expression = NULL;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, label_cb, NULL, NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, model);
}

const char *
_waymark_inspector_fields_get_choice (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* Selects the item @id, or nothing when @id is NULL or not an item. */
void
_waymark_inspector_fields_set_choice (AdwComboRow *row,
                                      const char  *id)
{
  GListModel *model = adw_combo_row_get_model (row);
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; id != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), id))
        {
          position = i;
          break;
        }
    }

  if (adw_combo_row_get_selected (row) != position)
    adw_combo_row_set_selected (row, position);
}

/* Fills @box with a toggle button for each color; @toggled_cb is called
 * as a GtkToggleButton::toggled handler with @user_data. */
void
_waymark_inspector_fields_add_swatches (GtkWidget *box,
                                        GCallback  toggled_cb,
                                        gpointer   user_data)
{
  GtkToggleButton *first = NULL;

  g_return_if_fail (GTK_IS_BOX (box));

  for (guint i = 0; i < G_N_ELEMENTS (swatches); i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

      gtk_button_set_child (GTK_BUTTON (button), check);
      gtk_widget_add_css_class (button, "swatch");
      gtk_widget_add_css_class (button, swatches[i].style_class);
      gtk_widget_set_tooltip_text (button, _(swatches[i].name));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(swatches[i].name),
                                      -1);
      g_object_set_data (G_OBJECT (button), SWATCH_COLOR_KEY, (gpointer) swatches[i].color);
      if (first != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      else
        first = GTK_TOGGLE_BUTTON (button);
      g_signal_connect (button, "toggled", toggled_cb, user_data);
      gtk_box_append (GTK_BOX (box), button);
    }
}

/* Checks the swatch of @color, or none when @color is NULL (several). */
void
_waymark_inspector_fields_show_swatch (GtkWidget  *box,
                                       const char *color)
{
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *swatch_color = g_object_get_data (G_OBJECT (child), SWATCH_COLOR_KEY);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child),
                                    color != NULL && g_ascii_strcasecmp (swatch_color, color) == 0);
    }
}

GtkWidget *
_waymark_inspector_fields_get_swatch (GtkWidget  *box,
                                      const char *color)
{
  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    if (g_ascii_strcasecmp (g_object_get_data (G_OBJECT (child), SWATCH_COLOR_KEY), color) == 0)
      return child;

  return NULL;
}

/* What a swatch toggled by the user does: gives @objects its color in
 * one step. */
void
_waymark_inspector_fields_apply_swatch (WaymarkInspectorFields *self,
                                        GtkToggleButton        *swatch,
                                        gpointer const         *objects,
                                        guint                   n_objects)
{
  const char *color = g_object_get_data (G_OBJECT (swatch), SWATCH_COLOR_KEY);

  if (!_waymark_inspector_fields_can_edit (self) || !gtk_toggle_button_get_active (swatch))
    return;

  _waymark_inspector_fields_commit (self);
  /* Translators: undo labels, as for one card */
  waymark_document_begin (self->document, color[0] != '\0' ? _("Set Color") : _("Reset Color"));
  for (guint i = 0; i < n_objects; i++)
    waymark_edit_set_color (self->document, objects[i], color);
  waymark_document_end (self->document);
}
