/* waymark-lane-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-lane-editor.h"
#include "waymark-edit.h"

/*
 * The inspector's page for one lane: its title, kind, whether it is
 * collapsed, and its color.
 */

struct _WaymarkLaneEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkLane            *lane;
  GPtrArray              *curve_metrics;   /* WaymarkMetric, after “Set by Hand” in lane_curve_row */

  /* template children */
  AdwComboRow            *lane_curve_row;
  AdwEntryRow            *lane_title_row;
  AdwComboRow            *lane_kind_row;
  GtkSwitch              *lane_collapsed_switch;
  GtkWidget              *lane_colors;
};

G_DEFINE_FINAL_TYPE (WaymarkLaneEditor, waymark_lane_editor, GTK_TYPE_BOX)

static char *
lane_kind_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_lane_kind_label (gtk_string_object_get_string (item)));
}

static void
lane_kind_changed_cb (WaymarkLaneEditor *self)
{
  const char *kind = _waymark_inspector_fields_get_choice (self->lane_kind_row);

  if (!_waymark_inspector_fields_can_edit (self->fields) || kind == NULL)
    return;

  _waymark_inspector_fields_edit_string (self->fields, self->lane, _("Change Lane Kind"), "kind", kind);
}

/* An emotion lane's curve: set by hand, or drawn from a metric's stage
 * values (the hand-set scores are kept, and shown where it has none). */
static void
lane_curve_changed_cb (WaymarkLaneEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->lane_curve_row);
  WaymarkDocument *document = self->fields ? _waymark_inspector_fields_get_document (self->fields) : NULL;
  WaymarkMetric *metric = NULL;

  if (!_waymark_inspector_fields_can_edit (self->fields) || document == NULL ||
      selected == GTK_INVALID_LIST_POSITION || selected > self->curve_metrics->len)
    return;
  if (selected > 0)
    metric = g_ptr_array_index (self->curve_metrics, selected - 1);
  if (metric == waymark_edit_get_curve_metric (document))
    return;
  _waymark_inspector_fields_commit (self->fields);
  waymark_edit_set_curve_metric (document, metric);
}

static void
update_curve (WaymarkLaneEditor *self)
{
  WaymarkDocument *document = _waymark_inspector_fields_get_document (self->fields);
  gboolean emotions = self->lane != NULL && g_str_equal (waymark_lane_get_kind (self->lane), "emotions");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  WaymarkMetric *current;
  guint selected = 0;
  GPtrArray *metrics;

  gtk_widget_set_visible (GTK_WIDGET (self->lane_curve_row), emotions && document != NULL);
  if (!emotions || document == NULL)
    return;

  current = waymark_edit_get_curve_metric (document);
  g_ptr_array_set_size (self->curve_metrics, 0);
  gtk_string_list_append (names, _("Set by Hand"));
  metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);
      /* Translators: a choice of where an emotion curve comes from; %s is a metric's name */
      g_autofree char *name = g_strdup_printf (_("From %s"), waymark_metric_get_name (metric));

      g_ptr_array_add (self->curve_metrics, g_object_ref (metric));
      gtk_string_list_append (names, name);
      if (metric == current)
        selected = self->curve_metrics->len;
    }
  /* The same choices: the model stays (it may be the one being chosen from). */
  {
    GListModel *shown = adw_combo_row_get_model (self->lane_curve_row);
    gboolean same = shown != NULL && g_list_model_get_n_items (shown) == g_list_model_get_n_items (G_LIST_MODEL (names));

    for (guint i = 0; same && i < g_list_model_get_n_items (shown); i++)
      same = g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (shown), i),
                          gtk_string_list_get_string (names, i));
    if (!same)
      adw_combo_row_set_model (self->lane_curve_row, G_LIST_MODEL (names));
  }
  if (adw_combo_row_get_selected (self->lane_curve_row) != selected)
    adw_combo_row_set_selected (self->lane_curve_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->lane_curve_row), metrics->len > 0);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->lane_curve_row),
                               metrics->len == 0 ? _("Define a metric to draw the curve from data")
                               : current != NULL ? _("Stages without a value keep their hand-set score")
                               : _("Where the scores come from"));
}

static void
lane_collapsed_changed_cb (WaymarkLaneEditor *self)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean collapsed = gtk_switch_get_active (self->lane_collapsed_switch);

  if (!_waymark_inspector_fields_can_edit (self->fields))
    return;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, collapsed);
  _waymark_inspector_fields_edit_value (self->fields, self->lane,
                                        collapsed ? _("Collapse Lane") : _("Expand Lane"), "collapsed", &value);
}

static void
swatch_toggled_cb (GtkToggleButton   *swatch,
                   WaymarkLaneEditor *self)
{
  gpointer objects[] = { self->lane };

  _waymark_inspector_fields_apply_swatch (self->fields, swatch, objects, self->lane != NULL);
}

static void
waymark_lane_editor_dispose (GObject *object)
{
  WaymarkLaneEditor *self = WAYMARK_LANE_EDITOR (object);

  g_clear_object (&self->lane);
  g_clear_pointer (&self->curve_metrics, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_LANE_EDITOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_lane_editor_parent_class)->dispose (object);
}

static void
waymark_lane_editor_class_init (WaymarkLaneEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_lane_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-lane-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkLaneEditor, lane_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkLaneEditor, lane_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkLaneEditor, lane_curve_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkLaneEditor, lane_collapsed_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkLaneEditor, lane_colors);

  gtk_widget_class_bind_template_callback (widget_class, lane_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lane_curve_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lane_collapsed_changed_cb);
}

static void
waymark_lane_editor_init (WaymarkLaneEditor *self)
{
  g_autoptr(GtkStringList) lane_kinds = gtk_string_list_new (waymark_lane_kinds ());

  self->curve_metrics = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Filling the rows is not an edit: until it has its fields, the editor
   * takes no signal for one. */
  _waymark_inspector_fields_setup_choice (self->lane_kind_row, G_LIST_MODEL (lane_kinds), G_CALLBACK (lane_kind_label_cb));
  _waymark_inspector_fields_add_swatches (self->lane_colors, G_CALLBACK (swatch_toggled_cb), self);
}

/**
 * waymark_lane_editor_set_fields:
 * @self: a #WaymarkLaneEditor
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_lane_editor_set_fields (WaymarkLaneEditor      *self,
                                WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_LANE_EDITOR (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->lane_title_row), "title", NULL);
}

/**
 * waymark_lane_editor_update:
 * @self: a #WaymarkLaneEditor
 * @lane: (nullable): the lane to edit, or %NULL while the page is not shown
 *
 * Shows @lane's fields as the document has them now.
 */
void
waymark_lane_editor_update (WaymarkLaneEditor *self,
                            WaymarkLane       *lane)
{
  g_return_if_fail (WAYMARK_IS_LANE_EDITOR (self));
  g_return_if_fail (lane == NULL || WAYMARK_IS_LANE (lane));
  g_return_if_fail (self->fields != NULL);

  _waymark_inspector_fields_begin_update (self->fields);

  g_set_object (&self->lane, lane);
  if (lane != NULL)
    {
      _waymark_inspector_fields_set_choice (self->lane_kind_row, waymark_lane_get_kind (lane));
      gtk_switch_set_active (self->lane_collapsed_switch, waymark_lane_get_collapsed (lane));
      _waymark_inspector_fields_show_swatch (self->lane_colors, waymark_lane_get_color (lane));
    }
  update_curve (self);

  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->lane_title_row), lane);

  _waymark_inspector_fields_end_update (self->fields);
}
