/* waymark-stage-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-stage-editor.h"

/*
 * The inspector's page for one stage: its title, description and color.
 */

struct _WaymarkStageEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkStage           *stage;

  /* template children */
  AdwEntryRow            *stage_title_row;
  GtkTextView            *stage_description_view;
  GtkWidget              *stage_colors;
};

G_DEFINE_FINAL_TYPE (WaymarkStageEditor, waymark_stage_editor, GTK_TYPE_BOX)

static void
swatch_toggled_cb (GtkToggleButton    *swatch,
                   WaymarkStageEditor *self)
{
  gpointer objects[] = { self->stage };

  _waymark_inspector_fields_apply_swatch (self->fields, swatch, objects, self->stage != NULL);
}

static void
waymark_stage_editor_dispose (GObject *object)
{
  WaymarkStageEditor *self = WAYMARK_STAGE_EDITOR (object);

  g_clear_object (&self->stage);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_STAGE_EDITOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_stage_editor_parent_class)->dispose (object);
}

static void
waymark_stage_editor_class_init (WaymarkStageEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_stage_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-stage-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkStageEditor, stage_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkStageEditor, stage_description_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkStageEditor, stage_colors);
}

static void
waymark_stage_editor_init (WaymarkStageEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  _waymark_inspector_fields_add_swatches (self->stage_colors, G_CALLBACK (swatch_toggled_cb), self);
}

/**
 * waymark_stage_editor_set_fields:
 * @self: a #WaymarkStageEditor
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_stage_editor_set_fields (WaymarkStageEditor     *self,
                                 WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_STAGE_EDITOR (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->stage_title_row), "title", NULL);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->stage_description_view), "description",
                                      N_("Edit Stage Description"));
}

/**
 * waymark_stage_editor_update:
 * @self: a #WaymarkStageEditor
 * @stage: (nullable): the stage to edit, or %NULL while the page is not shown
 *
 * Shows @stage's fields as the document has them now.
 */
void
waymark_stage_editor_update (WaymarkStageEditor *self,
                             WaymarkStage       *stage)
{
  g_return_if_fail (WAYMARK_IS_STAGE_EDITOR (self));
  g_return_if_fail (stage == NULL || WAYMARK_IS_STAGE (stage));
  g_return_if_fail (self->fields != NULL);

  _waymark_inspector_fields_begin_update (self->fields);

  g_set_object (&self->stage, stage);
  if (stage != NULL)
    _waymark_inspector_fields_show_swatch (self->stage_colors, waymark_stage_get_color (stage));

  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->stage_title_row), stage);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->stage_description_view), stage);

  _waymark_inspector_fields_end_update (self->fields);
}
