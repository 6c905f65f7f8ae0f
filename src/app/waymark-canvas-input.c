/* waymark-canvas-input.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-canvas"

#include "config.h"

#include <inttypes.h>
#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "waymark-canvas-private.h"
#include "waymark-edit.h"
#include "waymark-format.h"
#include "waymark-metric.h"

/*
 * Everything the canvas does with the keyboard and the pointer. Edits go
 * through the core's edit commands (model/waymark-edit.h), so each is one
 * undoable step; this file only decides which command a gesture means.
 */

/* How far the pointer moves before a press becomes a drag, in pixels. */
#define DRAG_THRESHOLD  5.0
/* How close to a header's edge a press resizes, in pixels. */
#define EDGE_GRAB       5.0
/* Pasting more lines than this asks first. */
#define PASTE_ASK       50

static void
get_grid (WaymarkCanvas             *self,
          const WaymarkLayoutStage **stages,
          guint                     *n_stages,
          const WaymarkLayoutLane  **lanes,
          guint                     *n_lanes)
{
  _waymark_canvas_ensure_scene (self);
  *stages = waymark_layout_get_stages (self->layout, n_stages);
  *lanes = waymark_layout_get_lanes (self->layout, n_lanes);
}

static gint64
object_id (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

static int
index_in_cell (GPtrArray *cards,
               gint64     card)
{
  for (guint i = 0; i < cards->len; i++)
    if (object_id (g_ptr_array_index (cards, i)) == card)
      return i;
  return -1;
}

/* The cursor moves through a lane column card by card, then the slot
 * after the last card, then on into the next lane; collapsed lanes are
 * stepped over. */
static void
move_vertically (WaymarkCanvas *self,
                 int            delta,
                 gboolean       whole_lane)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  g_autoptr(GPtrArray) cards = NULL;
  int index, lane;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  if (n_stages == 0 || n_lanes == 0)
    return;

  cards = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, self->cursor_lane);
  index = self->cursor_card ? index_in_cell (cards, self->cursor_card) : (int) cards->len;
  if (index < 0)
    index = cards->len;

  if (!whole_lane)
    {
      index += delta;
      if (index >= 0 && index <= (int) cards->len)
        {
          _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane,
                                      index < (int) cards->len ? object_id (g_ptr_array_index (cards, index)) : 0,
                                      FALSE);
          return;
        }
    }

  lane = self->cursor_lane;
  do
    lane += delta;
  while (lane >= 0 && lane < (int) n_lanes && waymark_lane_get_collapsed (lanes[lane].lane));
  /* Up from the top of a stage: its header. */
  if (lane < 0 && !whole_lane && self->cursor_stage < n_stages)
    {
      waymark_canvas_select_object (self, object_id (stages[self->cursor_stage].stage));
      return;
    }
  if (lane < 0 || lane >= (int) n_lanes)
    return;

  g_ptr_array_unref (g_steal_pointer (&cards));
  cards = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, lane);
  if (delta > 0 && cards->len > 0 && !lanes[lane].is_emotion)
    _waymark_canvas_set_cursor (self, self->cursor_stage, lane, object_id (g_ptr_array_index (cards, 0)), FALSE);
  else
    _waymark_canvas_set_cursor (self, self->cursor_stage, lane, 0, FALSE);
}

static void
move_horizontally (WaymarkCanvas *self,
                   int            delta,
                   gboolean       to_slot)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  g_autoptr(GPtrArray) here = NULL;
  g_autoptr(GPtrArray) there = NULL;
  int stage = (int) self->cursor_stage + delta;
  int index;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  /* Left from the first stage: the lane's header. */
  if (stage < 0 && !to_slot && self->cursor_lane < n_lanes)
    {
      waymark_canvas_select_object (self, object_id (lanes[self->cursor_lane].lane));
      return;
    }
  if (n_lanes == 0 || stage < 0 || stage >= (int) n_stages)
    return;

  here = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, self->cursor_lane);
  there = _waymark_canvas_dup_cell_cards (self, stage, self->cursor_lane);
  index = self->cursor_card ? index_in_cell (here, self->cursor_card) : -1;
  if (to_slot || index < 0 || there->len == 0)
    _waymark_canvas_set_cursor (self, stage, self->cursor_lane, 0, FALSE);
  else
    _waymark_canvas_set_cursor (self, stage, self->cursor_lane,
                                object_id (g_ptr_array_index (there, MIN ((guint) index, there->len - 1))),
                                FALSE);
}

static gboolean
cell_is_emotion (WaymarkCanvas *self,
                 guint          lane)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  return lane < n_lanes && lanes[lane].is_emotion;
}

static gboolean
cursor_in_emotion_lane (WaymarkCanvas *self)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  return self->header == 0 && self->cursor_lane < n_lanes && self->cursor_stage < n_stages &&
         lanes[self->cursor_lane].is_emotion;
}

/* Whether the cursor's emotion point is drawn from a metric's value (a
 * stage the metric has no value for keeps its hand-set point). */
static gboolean
cursor_point_from_data (WaymarkCanvas *self)
{
  guint n_emotions;
  const WaymarkLayoutEmotion *points = waymark_layout_get_emotions (self->layout, &n_emotions);

  for (guint i = 0; i < n_emotions; i++)
    if (points[i].lane_index == self->cursor_lane && points[i].stage_index == self->cursor_stage &&
        points[i].emotion == NULL)
      return TRUE;
  return FALSE;
}

static void
nudge_emotion (WaymarkCanvas *self,
               int            delta)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  /* A point drawn from data is not set by hand. */
  if (cursor_point_from_data (self))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (!waymark_edit_nudge_emotion (self->document, object_id (lanes[self->cursor_lane].lane),
                                   object_id (stages[self->cursor_stage].stage), delta))
    gtk_widget_error_bell (GTK_WIDGET (self));
  _waymark_canvas_selection_changed (self);
}

/* Enter or F2 on an emotion point: its short note, beside the point (the
 * point is made at 0 if the stage has none yet; Escape takes both back). */
static void
edit_emotion_note (WaymarkCanvas *self)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  WaymarkEmotion *emotion = NULL;
  GPtrArray *emotions;
  gint64 lane, stage;
  gboolean created = FALSE;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  if (cursor_point_from_data (self))
    {
      /* A point drawn from data has no hand-written note. */
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  lane = object_id (lanes[self->cursor_lane].lane);
  stage = object_id (stages[self->cursor_stage].stage);
  emotions = waymark_document_get_items (self->document, WAYMARK_TYPE_EMOTION);
  for (guint i = 0; i < emotions->len && emotion == NULL; i++)
    {
      WaymarkEmotion *candidate = g_ptr_array_index (emotions, i);

      if (waymark_emotion_get_lane (candidate) == lane && waymark_emotion_get_stage (candidate) == stage &&
          waymark_emotion_get_card (candidate) == 0)
        emotion = candidate;
    }

  waymark_document_begin (self->document, _("Edit Emotion Note"));
  self->edit_group_open = TRUE;
  if (emotion == NULL)
    {
      created = TRUE;
      if (!(emotion = waymark_edit_set_emotion (self->document, lane, stage, 0)))
        {
          self->edit_group_open = FALSE;
          waymark_document_end (self->document);
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
    }
  _waymark_canvas_ensure_scene (self);
  /* The point and its note on screen, for the editor to open there. */
  {
    guint n_emotions;
    const WaymarkLayoutEmotion *points = waymark_layout_get_emotions (self->layout, &n_emotions);

    for (guint i = 0; i < n_emotions; i++)
      if (points[i].emotion == emotion)
        {
          WaymarkRect around = { points[i].x - 90, points[i].y - 24, 180, 72 };

          _waymark_canvas_scroll_to (self, &around);
        }
  }
  _waymark_canvas_begin_edit (self, object_id (emotion), created);
}

static void
add_card_here (WaymarkCanvas *self)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  WaymarkCard *card;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  if (self->cursor_stage >= n_stages || self->cursor_lane >= n_lanes ||
      lanes[self->cursor_lane].is_emotion || waymark_lane_get_collapsed (lanes[self->cursor_lane].lane))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* The card and what is typed into it are one step, so that Escape or
   * one undo takes both away. */
  waymark_document_begin (self->document, _("Add Card"));
  self->edit_group_open = TRUE;
  card = waymark_edit_add_card (self->document, object_id (stages[self->cursor_stage].stage),
                                object_id (lanes[self->cursor_lane].lane), -1, "");
  if (card == NULL)
    {
      self->edit_group_open = FALSE;
      waymark_document_end (self->document);
      return;
    }
  _waymark_canvas_ensure_scene (self);
  _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane, object_id (card), FALSE);
  _waymark_canvas_begin_edit (self, object_id (card), TRUE);
}

static void
editor_update_font (WaymarkCanvas *self)
{
  GtkCssProvider *provider = g_object_get_data (G_OBJECT (self->editor), "waymark-css");
  g_autofree char *css = NULL;
  WaymarkObject *object = waymark_document_lookup (self->document, self->edit_object);
  double size = WAYMARK_IS_CARD (object) ? 12.5 : WAYMARK_IS_STAGE (object) ? 14 :
                WAYMARK_IS_CONNECTOR (object) ? 11 : WAYMARK_IS_MAP (object) ? 24 : 13;
  gboolean bold = !WAYMARK_IS_CARD (object) && !WAYMARK_IS_CONNECTOR (object);

  size *= self->zoom * waymark_layout_get_text_scale (self->layout);
  css = g_strdup_printf ("textview.waymark-editor { font-family: Cantarell, sans-serif; "
                         "font-size: %.2fpx; font-weight: %s; }",
                         size, bold ? "bold" : "normal");
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_css_provider_load_from_string (provider, css);
#else
  gtk_css_provider_load_from_data (provider, css, -1);
#endif
}

void
_waymark_canvas_place_editor (WaymarkCanvas *self)
{
  WaymarkObject *object;
  WaymarkRect rect = { 0, };
  double wx, wy, z = self->zoom;
  int min_h, nat_h;
  GtkAllocation allocation;

  if (self->editor == NULL || self->layout == NULL)
    return;

  object = waymark_document_lookup (self->document, self->edit_object);
  if (WAYMARK_IS_EMOTION (object))
    {
      guint n_emotions;
      const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (self->layout, &n_emotions);
      gboolean found = FALSE;

      /* Under the point, where its note is drawn. */
      for (guint i = 0; i < n_emotions && !found; i++)
        if (emotions[i].emotion != NULL && object_id (emotions[i].emotion) == self->edit_object)
          {
            rect = (WaymarkRect) { emotions[i].x - 80, emotions[i].y + 12, 160, 28 };
            found = TRUE;
          }
      if (!found)
        return;
      _waymark_canvas_map_to_widget (self, rect.x, rect.y, &wx, &wy);
    }
  else if (WAYMARK_IS_MAP (object))
    {
      int index = waymark_scene_find_item (_waymark_canvas_get_scene (self), WAYMARK_SCENE_ROLE_TITLE, self->edit_object);

      /* Over the title, as wide as the band's left half. */
      if (index < 0)
        return;
      rect = waymark_scene_get_item (self->scene, index)->bounds;
      rect.x -= 8;
      rect.y -= 6;
      rect.width = MAX (rect.width, 480) + 16;
      rect.height = 44;
      _waymark_canvas_map_to_widget (self, rect.x, rect.y, &wx, &wy);
    }
  else if (WAYMARK_IS_CONNECTOR (object))
    {
      double p[8], cx, cy;

      /* On the middle of the line, where its label is drawn. */
      if (!_waymark_canvas_connector_curve (self, self->edit_object, p))
        return;
      waymark_scene_connector_point (p, 0.5, &cx, &cy);
      rect = (WaymarkRect) { cx - 90, cy - 16, 180, 32 };
      _waymark_canvas_map_to_widget (self, rect.x, rect.y, &wx, &wy);
    }
  else if (WAYMARK_IS_CARD (object))
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, self->edit_object);

      if (card == NULL)
        return;
      rect = card->rect;
      _waymark_canvas_map_to_widget (self, rect.x, rect.y, &wx, &wy);
    }
  else
    {
      int index = waymark_scene_find_item (_waymark_canvas_get_scene (self),
                                           WAYMARK_IS_STAGE (object) ? WAYMARK_SCENE_ROLE_STAGE_HEADER
                                                                     : WAYMARK_SCENE_ROLE_LANE_HEADER,
                                           self->edit_object);
      if (index < 0)
        return;
      rect = waymark_scene_get_item (_waymark_canvas_get_scene (self), index)->bounds;
      rect.height = MIN (rect.height, 64);
      _waymark_canvas_map_to_widget (self, rect.x, rect.y, &wx, &wy);
      /* Headers are pinned to the edges while scrolling. */
      if (WAYMARK_IS_STAGE (object))
        wy = MAX (wy, 0);
      else
        wx = MAX (wx, 0);
    }

  gtk_widget_measure (self->editor, GTK_ORIENTATION_VERTICAL, (int) (rect.width * z), &min_h, &nat_h, NULL, NULL);
  allocation.x = (int) floor (wx);
  allocation.y = (int) floor (wy);
  allocation.width = MAX (40, (int) ceil (rect.width * z));
  allocation.height = MAX (nat_h, (int) ceil (rect.height * z));
  gtk_widget_size_allocate (self->editor, &allocation, -1);
}

static void
editor_changed_cb (WaymarkCanvas *self,
                   GtkTextBuffer *buffer)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  WaymarkObject *object = waymark_document_lookup (self->document, self->edit_object);

  if (!WAYMARK_IS_CARD (object))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* The card grows as the title wraps: the map follows the typing. */
  waymark_edit_set_card_title (self->document, WAYMARK_CARD (object), text);
}

static gboolean
editor_key_pressed_cb (WaymarkCanvas         *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (state & GDK_SHIFT_MASK)
        return FALSE;
      _waymark_canvas_end_edit (self, TRUE);
      return TRUE;

    case GDK_KEY_Escape:
      _waymark_canvas_end_edit (self, FALSE);
      return TRUE;

    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      _waymark_canvas_end_edit (self, TRUE);
      move_horizontally (self, keyval == GDK_KEY_Tab && !(state & GDK_SHIFT_MASK) ? 1 : -1, TRUE);
      return TRUE;

    default:
      return FALSE;
    }
}

void
_waymark_canvas_begin_edit (WaymarkCanvas *self,
                            gint64         object_id_,
                            gboolean       is_new)
{
  WaymarkObject *object = waymark_document_lookup (self->document, object_id_);
  GtkTextBuffer *buffer;
  GtkEventController *controller;
  GtkCssProvider *provider;
  const char *text;
  GtkTextIter start, end;

  if (object == NULL)
    return;
  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);

  if (WAYMARK_IS_CARD (object))
    text = waymark_card_get_title (WAYMARK_CARD (object));
  else if (WAYMARK_IS_STAGE (object))
    text = waymark_stage_get_title (WAYMARK_STAGE (object));
  else if (WAYMARK_IS_LANE (object))
    text = waymark_lane_get_title (WAYMARK_LANE (object));
  else if (WAYMARK_IS_EMOTION (object))
    text = waymark_emotion_get_label (WAYMARK_EMOTION (object));
  else if (WAYMARK_IS_CONNECTOR (object))
    text = waymark_connector_get_label (WAYMARK_CONNECTOR (object));
  else if (WAYMARK_IS_MAP (object))
    text = waymark_map_get_title (WAYMARK_MAP (object));
  else
    return;

  if (WAYMARK_IS_CARD (object) && !self->edit_group_open)
    {
      waymark_document_begin (self->document, _("Edit Card"));
      self->edit_group_open = TRUE;
    }

  self->edit_object = object_id_;
  self->edit_is_new = is_new;
  g_free (self->edit_original);
  self->edit_original = g_strdup (text);

  self->editor = gtk_text_view_new ();
  gtk_widget_add_css_class (self->editor, "waymark-editor");
  gtk_widget_add_css_class (self->editor, "card");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->editor), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->editor), (int) (14 * self->zoom));
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->editor), (int) (10 * self->zoom));
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->editor), (int) (10 * self->zoom));
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->editor), (int) (10 * self->zoom));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->editor), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  WAYMARK_IS_CARD (object) ? _("Card title") :
                                  WAYMARK_IS_STAGE (object) ? _("Stage title") :
                                  WAYMARK_IS_EMOTION (object) ? _("Emotion note") :
                                  WAYMARK_IS_CONNECTOR (object) ? _("Connector label") :
                                  WAYMARK_IS_MAP (object) ? _("Map title") : _("Lane title"), -1);

  provider = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (self->editor), GTK_STYLE_PROVIDER (provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (self->editor), "waymark-css", provider, g_object_unref);
  editor_update_font (self);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_select_range (buffer, &end, &start);
  g_signal_connect_swapped (buffer, "changed", G_CALLBACK (editor_changed_cb), self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (editor_key_pressed_cb), self);
  gtk_widget_add_controller (self->editor, controller);

  gtk_widget_set_parent (self->editor, GTK_WIDGET (self));
  _waymark_canvas_place_editor (self);
  gtk_widget_grab_focus (self->editor);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * _waymark_canvas_end_edit:
 * @commit: keep what was typed; otherwise put things back as they were
 */
void
_waymark_canvas_end_edit (WaymarkCanvas *self,
                          gboolean       commit)
{
  g_autofree char *text = NULL;
  GtkWidget *editor = g_steal_pointer (&self->editor);
  WaymarkObject *object;
  gboolean was_new = self->edit_is_new;
  gboolean had_group = self->edit_group_open;
  gboolean changed;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  if (editor == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor));
  g_signal_handlers_disconnect_by_func (buffer, editor_changed_cb, self);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_strstrip (text);

  object = waymark_document_lookup (self->document, self->edit_object);
  changed = g_strcmp0 (text, self->edit_original) != 0;

  /* An empty new card is no card. */
  if (commit && was_new && *text == '\0')
    commit = FALSE;

  if (commit && WAYMARK_IS_CONNECTOR (object))
    {
      /* A label may be emptied. */
      if (changed)
        waymark_edit_set_connector_label (self->document, WAYMARK_CONNECTOR (object), text);
    }
  else if (commit && WAYMARK_IS_EMOTION (object))
    {
      /* A note may be emptied; a point's score stays. */
      if (changed)
        waymark_document_set (self->document, object, "label", text, NULL);
    }
  else if (commit && object != NULL && !WAYMARK_IS_CARD (object) && changed && *text != '\0')
    waymark_edit_rename (self->document, object, text);
  else if (commit && WAYMARK_IS_CARD (object))
    waymark_edit_set_card_title (self->document, WAYMARK_CARD (object), text);

  self->edit_group_open = FALSE;
  self->edit_object = 0;
  self->edit_is_new = FALSE;
  if (had_group)
    {
      waymark_document_end (self->document);
      /* Cancelled: take back what the group did — a card's live title, a
       * new card or point. An emotion's note is written only on commit:
       * its group holds nothing else to take back. */
      if (!commit && (was_new || (changed && WAYMARK_IS_CARD (object))))
        waymark_document_undo (self->document);
    }

  gtk_widget_unparent (editor);
  if (gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self));

  /* After a new card, the slot below it: Enter adds the next one. A new
   * stage or lane stays selected. */
  if (was_new && !WAYMARK_IS_STAGE (object) && !WAYMARK_IS_LANE (object))
    _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane, 0, FALSE);
  else
    _waymark_canvas_selection_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GPtrArray *
dup_selected_cards (WaymarkCanvas *self)
{
  GPtrArray *selection = waymark_canvas_dup_selection (self);

  for (guint i = selection->len; i > 0; i--)
    if (!WAYMARK_IS_CARD (g_ptr_array_index (selection, i - 1)))
      g_ptr_array_remove_index (selection, i - 1);
  return selection;
}

static void
delete_selection (WaymarkCanvas *self)
{
  g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (self);
  g_autoptr(GPtrArray) cards = NULL;
  g_autofree char *announcement = NULL;
  int index = -1;

  if (selection->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  cards = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, self->cursor_lane);
  if (self->cursor_card != 0)
    index = index_in_cell (cards, self->cursor_card);

  if (selection->len == 1)
    {
      g_autofree char *title = NULL;

      g_object_get (g_ptr_array_index (selection, 0), WAYMARK_IS_CONNECTOR (g_ptr_array_index (selection, 0)) ||
                    WAYMARK_IS_EMOTION (g_ptr_array_index (selection, 0)) ? "label" : "title", &title, NULL);
      if (title != NULL && title[0] != '\0')
        /* Translators: said after Delete, “Deleted “Guest checkout”” */
        announcement = g_strdup_printf (_("Deleted “%s”"), title);
      else
        /* Translators: said after Delete of something without a title, “Deleted: Connector” */
        announcement = g_strdup_printf (_("Deleted: %s"), waymark_object_get_label (g_ptr_array_index (selection, 0)));
    }
  else
    announcement = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Deleted %u item", "Deleted %u items", selection->len),
                                    selection->len);
  waymark_edit_delete (self->document, selection);
  _waymark_canvas_ensure_scene (self);

  /* Select the neighbour, so that Delete can be pressed again. */
  g_ptr_array_unref (g_steal_pointer (&cards));
  cards = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, self->cursor_lane);
  if (index >= 0 && cards->len > 0)
    _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane,
                                object_id (g_ptr_array_index (cards, MIN ((guint) index, cards->len - 1))), FALSE);
  else
    {
      guint n_stages, n_lanes;

      waymark_layout_get_stages (self->layout, &n_stages);
      waymark_layout_get_lanes (self->layout, &n_lanes);
      _waymark_canvas_set_cursor (self, MIN (self->cursor_stage, MAX (n_stages, 1) - 1),
                                  MIN (self->cursor_lane, MAX (n_lanes, 1) - 1), 0, FALSE);
    }
  waymark_canvas_announce (self, announcement);
}

static void
copy_selection (WaymarkCanvas *self)
{
  g_autoptr(GPtrArray) cards = dup_selected_cards (self);
  g_autofree char *text = NULL;

  if (cards->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  text = waymark_edit_cards_to_text (cards);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
paste_text (WaymarkCanvas *self,
            const char    *text)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  g_autoptr(GPtrArray) created = NULL;
  g_autoptr(GPtrArray) cards = NULL;
  int position = -1;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  if (self->cursor_stage >= n_stages || self->cursor_lane >= n_lanes || lanes[self->cursor_lane].is_emotion)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  /* After the selected card, or at the end of the cell. */
  cards = _waymark_canvas_dup_cell_cards (self, self->cursor_stage, self->cursor_lane);
  if (self->cursor_card != 0 && index_in_cell (cards, self->cursor_card) >= 0)
    position = index_in_cell (cards, self->cursor_card) + 1;

  created = waymark_edit_paste_text (self->document, object_id (stages[self->cursor_stage].stage),
                                     object_id (lanes[self->cursor_lane].lane), position, text);
  if (created != NULL && created->len > 0)
    {
      _waymark_canvas_ensure_scene (self);
      _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane,
                                  object_id (g_ptr_array_index (created, created->len - 1)), FALSE);
      for (guint i = 0; i + 1 < created->len; i++)
        {
          gint64 *key = g_new (gint64, 1);

          *key = object_id (g_ptr_array_index (created, i));
          g_hash_table_add (self->selected, key);
        }
      _waymark_canvas_selection_changed (self);
    }
}

static void
paste_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   WaymarkCanvas    *self)
{
  if (g_str_equal (response, "create"))
    paste_text (self, g_object_get_data (G_OBJECT (dialog), "waymark-text"));
  g_object_unref (self);
}

static void
clipboard_text_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WaymarkCanvas) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  guint count;

  if (text == NULL || self->document == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  count = waymark_edit_count_text_cards (text);
  if (count == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (count > PASTE_ASK)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      g_autofree char *heading = g_strdup_printf (g_dngettext (NULL, "Create %u Card?", "Create %u Cards?", count),
                                                  count);
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                           heading,
                                                           _("The clipboard holds many lines of text. Each line becomes a card in the selected cell.")));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "create", _("C_reate Cards"),
                                        NULL);
      adw_message_dialog_set_response_appearance (dialog, "create", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
      g_object_set_data_full (G_OBJECT (dialog), "waymark-text", g_steal_pointer (&text), g_free);
      g_signal_connect (dialog, "response", G_CALLBACK (paste_response_cb), g_object_ref (self));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  paste_text (self, text);
}

static void
select_lane (WaymarkCanvas *self)
{
  guint n_cards;
  const WaymarkLayoutCard *cards;

  _waymark_canvas_ensure_scene (self);
  cards = waymark_layout_get_cards (self->layout, &n_cards);
  g_hash_table_remove_all (self->selected);
  self->header = 0;
  for (guint i = 0; i < n_cards; i++)
    if (cards[i].lane_index == self->cursor_lane)
      {
        gint64 *key = g_new (gint64, 1);

        *key = object_id (cards[i].card);
        g_hash_table_add (self->selected, key);
        if (self->cursor_card == 0 && cards[i].stage_index == self->cursor_stage)
          self->cursor_card = *key;
      }
  _waymark_canvas_selection_changed (self);
}

static guint
cell_card_count (WaymarkCanvas *self,
                 guint          stage,
                 guint          lane)
{
  g_autoptr(GPtrArray) cards = _waymark_canvas_dup_cell_cards (self, stage, lane);

  return cards->len;
}

static void
nudge_card (WaymarkCanvas *self,
            int            d_stage,
            int            d_lane)
{
  WaymarkObject *card = waymark_document_lookup (self->document, self->cursor_card);
  const WaymarkLayoutCard *placed;

  if (!WAYMARK_IS_CARD (card) || !waymark_edit_nudge_card (self->document, WAYMARK_CARD (card), d_stage, d_lane))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  _waymark_canvas_ensure_scene (self);
  if ((placed = waymark_layout_find_card (self->layout, self->cursor_card)) != NULL)
    {
      guint n_stages, n_lanes;
      const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);
      const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);
      g_autofree char *message = NULL;

      _waymark_canvas_set_cursor (self, placed->stage_index, placed->lane_index, self->cursor_card, FALSE);
      /* Translators: said after Alt+arrow moves a card, “Moved to Purchase, Touchpoints, 2 of 3” */
      message = g_strdup_printf (_("Moved to %s, %s, %u of %u"), waymark_stage_get_title (stages[placed->stage_index].stage),
                                 waymark_lane_get_title (lanes[placed->lane_index].lane), placed->index + 1,
                                 cell_card_count (self, placed->stage_index, placed->lane_index));
      waymark_canvas_announce (self, message);
    }
}

/* The arrow keys on a selected stage or lane header: along the headers,
 * Alt to move the stage or lane, into the cells across. */
static void
header_arrow (WaymarkCanvas *self,
              int            dx,
              int            dy,
              gboolean       alt)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  WaymarkObject *object = waymark_document_lookup (self->document, self->header);
  gboolean is_stage = WAYMARK_IS_STAGE (object);
  int along = is_stage ? dx : dy, across = is_stage ? dy : dx;
  int index, count;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  /* The map's title: Down (or Right) to the stage header below it. */
  if (WAYMARK_IS_MAP (object))
    {
      if ((dy > 0 || dx > 0) && n_stages > 0 && !alt)
        waymark_canvas_select_object (self, object_id (stages[MIN (self->cursor_stage, n_stages - 1)].stage));
      else
        gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  /* Up from a stage's header: the map's title above. */
  if (is_stage && dy < 0 && !alt && waymark_scene_find_item (_waymark_canvas_get_scene (self), WAYMARK_SCENE_ROLE_TITLE, self->map) >= 0)
    {
      waymark_canvas_select_object (self, self->map);
      return;
    }
  index = is_stage ? waymark_layout_find_stage (self->layout, self->header)
                   : waymark_layout_find_lane (self->layout, self->header);
  count = is_stage ? (int) n_stages : (int) n_lanes;
  if (index < 0 || object == NULL)
    return;

  if (along != 0)
    {
      int next = index + along;

      if (next < 0 || next >= count)
        gtk_widget_error_bell (GTK_WIDGET (self));
      else if (alt && is_stage)
        waymark_edit_move_stage (self->document, WAYMARK_STAGE (object), next);
      else if (alt)
        waymark_edit_move_lane (self->document, WAYMARK_LANE (object), next);
      else
        waymark_canvas_select_object (self, is_stage ? object_id (stages[next].stage) : object_id (lanes[next].lane));
      if (alt)
        {
          _waymark_canvas_ensure_scene (self);
          waymark_canvas_select_object (self, self->header);
        }
      return;
    }
  /* Down from a stage's header, Right from a lane's: its first cell. */
  if (across > 0 && n_stages > 0 && n_lanes > 0)
    _waymark_canvas_set_cursor (self, is_stage ? (guint) index : 0, is_stage ? 0 : (guint) index, 0, FALSE);
  else
    gtk_widget_error_bell (GTK_WIDGET (self));
}

/* Connectors. */

/* Ctrl+L: from the selected card, choose a card with the arrow keys (or
 * Tab) and press Enter. Also “Change Target”/“Change Source” of a
 * connector's menu, with @connector and the end that moves. */
static void
begin_link (WaymarkCanvas *self,
            gint64         source,
            gint64         connector,
            gboolean       moves_source)
{
  const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, source);

  if (card == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  self->linking = TRUE;
  self->link_source = source;
  self->link_connector = connector;
  self->link_moves_source = moves_source;
  _waymark_canvas_set_cursor (self, card->stage_index, card->lane_index, source, FALSE);
}

static void
cancel_link (WaymarkCanvas *self)
{
  const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, self->link_source);
  gint64 connector = self->link_connector;

  self->linking = FALSE;
  self->link_connector = 0;
  if (connector != 0 && waymark_document_lookup (self->document, connector) != NULL)
    waymark_canvas_select_object (self, connector);
  else if (card != NULL)
    _waymark_canvas_set_cursor (self, card->stage_index, card->lane_index, self->link_source, FALSE);
  else
    _waymark_canvas_selection_changed (self);
}

/* Joins the link's source (the fixed end, when re-routing) to @target;
 * the connector made or moved is selected. */
static gboolean
finish_link (WaymarkCanvas *self,
             gint64         target)
{
  g_autoptr(GError) error = NULL;
  WaymarkObject *connector = self->link_connector ? waymark_document_lookup (self->document, self->link_connector) : NULL;
  gint64 done = 0;

  if (target == 0 || target == self->link_source)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  if (WAYMARK_IS_CONNECTOR (connector))
    {
      gint64 source = self->link_moves_source ? target : self->link_source;
      gint64 to = self->link_moves_source ? self->link_source : target;

      if (waymark_edit_reroute (self->document, WAYMARK_CONNECTOR (connector), source, to, &error))
        done = self->link_connector;
    }
  else
    {
      WaymarkConnector *made = waymark_edit_connect (self->document, self->link_source, target, NULL, &error);

      if (made != NULL)
        done = object_id (made);
    }

  if (done == 0)
    {
      AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));

      gtk_widget_error_bell (GTK_WIDGET (self));
      if (overlay != NULL && error != NULL)
        adw_toast_overlay_add_toast (overlay, adw_toast_new (error->message));
      return FALSE;
    }

  self->linking = FALSE;
  self->link_connector = 0;
  _waymark_canvas_ensure_scene (self);
  self->connector_card = self->link_source;
  waymark_canvas_select_object (self, done);
  return TRUE;
}

static int
compare_reading_order (gconstpointer a,
                       gconstpointer b)
{
  const WaymarkLayoutCard *x = *(const WaymarkLayoutCard **) a;
  const WaymarkLayoutCard *y = *(const WaymarkLayoutCard **) b;

  if (x->stage_index != y->stage_index)
    return x->stage_index < y->stage_index ? -1 : 1;
  if (x->lane_index != y->lane_index)
    return x->lane_index < y->lane_index ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Tab while connecting: the next card of the map, stage by stage, lane
 * by lane, whatever cells lie between. */
static void
step_link_target (WaymarkCanvas *self,
                  int            delta)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);
  int at = -1;

  for (guint i = 0; i < n_cards; i++)
    if (cards[i].rect.height > 0)
      g_ptr_array_add (order, (gpointer) &cards[i]);
  if (order->len < 2)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  g_ptr_array_sort (order, compare_reading_order);
  for (guint i = 0; i < order->len; i++)
    if (object_id (((const WaymarkLayoutCard *) g_ptr_array_index (order, i))->card) ==
        (self->cursor_card ? self->cursor_card : self->link_source))
      at = (int) i;
  do
    at = (at + delta + (int) order->len) % (int) order->len;
  while (object_id (((const WaymarkLayoutCard *) g_ptr_array_index (order, at))->card) == self->link_source);
  {
    const WaymarkLayoutCard *next = g_ptr_array_index (order, at);

    _waymark_canvas_set_cursor (self, next->stage_index, next->lane_index, object_id (next->card), FALSE);
  }
}

/* The connectors of a card, leaving and arriving, in the order drawn. */
static GPtrArray *
dup_card_connectors (WaymarkCanvas *self,
                     gint64         card)
{
  GPtrArray *ret = g_ptr_array_new ();
  guint n_connectors;
  const WaymarkLayoutConnector *connectors = waymark_layout_get_connectors (self->layout, &n_connectors);

  for (guint i = 0; i < n_connectors; i++)
    if (waymark_connector_get_source (connectors[i].connector) == card ||
        waymark_connector_get_target (connectors[i].connector) == card)
      g_ptr_array_add (ret, connectors[i].connector);
  return ret;
}

/* Ctrl+Shift+L on a card, then Tab and Shift+Tab: the card's connectors
 * one by one. */
static void
step_connector (WaymarkCanvas *self,
                int            delta)
{
  gint64 card = self->connector != 0 ? self->connector_card : self->cursor_card;
  g_autoptr(GPtrArray) connectors = NULL;
  int index = -1;

  if (card == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  _waymark_canvas_ensure_scene (self);
  connectors = dup_card_connectors (self, card);
  if (connectors->len == 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  for (guint i = 0; i < connectors->len; i++)
    if (object_id (g_ptr_array_index (connectors, i)) == self->connector)
      index = (int) i;
  if (index < 0)
    index = delta > 0 ? 0 : (int) connectors->len - 1;
  else
    index = (index + delta + (int) connectors->len) % (int) connectors->len;
  self->connector_card = card;
  waymark_canvas_select_object (self, object_id (g_ptr_array_index (connectors, index)));
}

/* The keys of a selected connector; FALSE for the ones it leaves to the
 * rest of the canvas (Delete, the menu). */
static gboolean
connector_key (WaymarkCanvas   *self,
               guint            keyval,
               GdkModifierType  state)
{
  WaymarkObject *connector = waymark_document_lookup (self->document, self->connector);
  const WaymarkLayoutCard *card;
  gint64 end;

  if (!WAYMARK_IS_CONNECTOR (connector))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_F2:
      _waymark_canvas_begin_edit (self, self->connector, FALSE);
      return TRUE;

    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (state & GDK_CONTROL_MASK)
        return FALSE;
      step_connector (self, keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) ? -1 : 1);
      return TRUE;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      /* Back along the arrow to its source, on along it to its target. */
      end = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up
            ? waymark_connector_get_source (WAYMARK_CONNECTOR (connector))
            : waymark_connector_get_target (WAYMARK_CONNECTOR (connector));
      if ((card = waymark_layout_find_card (self->layout, end)) != NULL)
        _waymark_canvas_set_cursor (self, card->stage_index, card->lane_index, end, FALSE);
      return TRUE;

    case GDK_KEY_Escape:
      if ((card = waymark_layout_find_card (self->layout, self->connector_card)) != NULL)
        _waymark_canvas_set_cursor (self, card->stage_index, card->lane_index, self->connector_card, FALSE);
      return TRUE;

    default:
      return FALSE;
    }
}

static void
vote_selection (WaymarkCanvas *self,
                int            delta)
{
  g_autoptr(GPtrArray) cards = dup_selected_cards (self);

  if (cards->len == 0 || !waymark_edit_vote (self->document, cards, delta))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  _waymark_canvas_ensure_scene (self);
  _waymark_canvas_selection_changed (self);
  if (cards->len == 1)
    {
      guint votes = (guint) waymark_card_get_votes (g_ptr_array_index (cards, 0));
      g_autofree char *message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u vote", "%u votes", votes), votes);

      waymark_canvas_announce (self, message);
    }
}

/* The spot on a card under the pointer that takes a vote on a click: the
 * bottom right corner. */
static gboolean
vote_target (WaymarkCanvas *self,
             gint64         card_id,
             WaymarkRect   *target)
{
  const WaymarkLayoutCard *card = self->layout ? waymark_layout_find_card (self->layout, card_id) : NULL;
  double size = MIN (18, 14 / MAX (self->zoom, 0.5) + 4);

  if (card == NULL || card->rect.height < 2 * size || self->presenting)
    return FALSE;
  *target = (WaymarkRect) { card->rect.x + card->rect.width - size - 5, card->rect.y + card->rect.height - size - 5,
                            size, size };
  return TRUE;
}

static gboolean
key_pressed_cb (WaymarkCanvas         *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  gboolean shift = (state & GDK_SHIFT_MASK) != 0;
  gboolean control = (state & GDK_CONTROL_MASK) != 0;
  gboolean alt = (state & GDK_ALT_MASK) != 0;

  if (self->document == NULL)
    return FALSE;

  if (keyval == GDK_KEY_space && !control && !alt)
    {
      self->space_held = TRUE;
      return TRUE;
    }

  if (self->presenting)
    switch (keyval)
      {
      case GDK_KEY_Page_Down:
      case GDK_KEY_Right:
        waymark_canvas_present_step (self, 1);
        return TRUE;
      case GDK_KEY_Page_Up:
      case GDK_KEY_Left:
        waymark_canvas_present_step (self, -1);
        return TRUE;
      default:
        break;
      }

  if (self->linking)
    switch (keyval)
      {
      case GDK_KEY_Return:
      case GDK_KEY_KP_Enter:
      case GDK_KEY_ISO_Enter:
        finish_link (self, self->cursor_card);
        return TRUE;
      case GDK_KEY_Escape:
        cancel_link (self);
        return TRUE;
      case GDK_KEY_Delete:
      case GDK_KEY_KP_Delete:
      case GDK_KEY_BackSpace:
      case GDK_KEY_F2:
        gtk_widget_error_bell (GTK_WIDGET (self));
        return TRUE;
      case GDK_KEY_Tab:
      case GDK_KEY_ISO_Left_Tab:
        if (control)
          return FALSE;
        step_link_target (self, keyval == GDK_KEY_ISO_Left_Tab || shift ? -1 : 1);
        return TRUE;
      default:
        /* The arrows, Tab, Home and End move the target as they move
         * the cursor; Alt+arrows would move cards. */
        if (alt)
          return TRUE;
        break;
      }
  else if (self->connector != 0 && connector_key (self, keyval, state))
    return TRUE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      {
        int delta = keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up ? -1 : 1;

        if (self->header != 0)
          header_arrow (self, 0, delta, alt);
        else if (alt)
          nudge_card (self, 0, delta);
        else if (cursor_in_emotion_lane (self) && !control)
          nudge_emotion (self, -delta);
        else
          move_vertically (self, delta, control);
        return TRUE;
      }

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      {
        int delta = keyval == GDK_KEY_Left || keyval == GDK_KEY_KP_Left ? -1 : 1;

        if (self->header != 0)
          header_arrow (self, delta, 0, alt);
        else if (alt)
          nudge_card (self, delta, 0);
        else
          move_horizontally (self, delta, FALSE);
        return TRUE;
      }

    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      if (control)
        return FALSE;
      move_horizontally (self, keyval == GDK_KEY_ISO_Left_Tab || shift ? -1 : 1, TRUE);
      return TRUE;

    case GDK_KEY_Home:
      move_horizontally (self, -(int) self->cursor_stage, TRUE);
      return TRUE;

    case GDK_KEY_End:
      {
        guint n_stages;

        waymark_layout_get_stages (self->layout, &n_stages);
        if (n_stages > 0)
          move_horizontally (self, (int) n_stages - 1 - (int) self->cursor_stage, TRUE);
        return TRUE;
      }

    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_F2:
      /* On a header, Enter adds the next stage (lane) and names it; F2 renames. */
      if (self->header != 0 && self->header == self->map)
        _waymark_canvas_begin_edit (self, self->header, FALSE);
      else if (self->header != 0 && keyval != GDK_KEY_F2)
        gtk_widget_activate_action (GTK_WIDGET (self), "canvas.add-after", NULL);
      else if (self->header != 0)
        _waymark_canvas_begin_edit (self, self->header, FALSE);
      else if (self->cursor_card != 0)
        _waymark_canvas_begin_edit (self, self->cursor_card, FALSE);
      else if (cursor_in_emotion_lane (self))
        edit_emotion_note (self);
      else if (keyval != GDK_KEY_F2)
        add_card_here (self);
      return TRUE;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      delete_selection (self);
      return TRUE;

    /* Dot voting: + and - on the selected cards. */
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
    case GDK_KEY_minus:
    case GDK_KEY_underscore:
    case GDK_KEY_KP_Subtract:
      if (control || alt)
        return FALSE;
      vote_selection (self, keyval == GDK_KEY_minus || keyval == GDK_KEY_underscore || keyval == GDK_KEY_KP_Subtract ? -1 : 1);
      return TRUE;

    case GDK_KEY_Escape:
      /* A drag under way: as if it never began. */
      if (self->drag_mode == DRAG_STAGE || self->drag_mode == DRAG_LANE || self->drag_mode == DRAG_CARDS ||
          self->drag_mode == DRAG_RUBBER_BAND || self->drag_mode == DRAG_PENDING ||
          self->drag_mode == DRAG_CONNECT)
        {
          self->link_connector = 0;
          self->drag_mode = DRAG_NONE;
          gtk_widget_queue_draw (GTK_WIDGET (self));
          return TRUE;
        }
      if (self->presenting)
        {
          waymark_canvas_set_presenting (self, FALSE);
          return TRUE;
        }
      if (g_hash_table_size (self->selected) > 1 || self->header != 0)
        {
          _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane, self->cursor_card, FALSE);
          return TRUE;
        }
      /* Then the selection itself: the cursor stays in the card's cell. */
      if (self->cursor_card != 0)
        {
          _waymark_canvas_set_cursor (self, self->cursor_stage, self->cursor_lane, 0, FALSE);
          return TRUE;
        }
      /* Then the focus filter: every card shown again. */
      if (self->focus != NULL)
        {
          waymark_canvas_set_focus_filter (self, NULL);
          return TRUE;
        }
      return FALSE;

    default:
      return FALSE;
    }
}

static void
key_released_cb (WaymarkCanvas         *self,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GtkEventControllerKey *controller)
{
  if (keyval == GDK_KEY_space)
    self->space_held = FALSE;
}

static gboolean
scroll_cb (WaymarkCanvas            *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double x = 0, y = 0;
  GdkEvent *event;

  if (!(state & GDK_CONTROL_MASK))
    return FALSE;

  event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  if (event != NULL)
    {
      gdk_event_get_position (event, &x, &y);
      gtk_widget_translate_coordinates (GTK_WIDGET (gtk_widget_get_native (GTK_WIDGET (self))), GTK_WIDGET (self),
                                        x, y, &x, &y);
    }
  _waymark_canvas_zoom_around (self, waymark_canvas_get_zoom (self) * pow (1.1, -dy), x, y);
  return TRUE;
}

static void
zoom_begin_cb (WaymarkCanvas  *self,
               GdkEventSequence *sequence,
               GtkGestureZoom *gesture)
{
  self->pinch_zoom = self->zoom;
}

static void
zoom_scale_changed_cb (WaymarkCanvas  *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x, y;

  gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y);
  _waymark_canvas_zoom_around (self, self->pinch_zoom * scale, x, y);
}

/* What is under a point of the widget: a header edge, a header, a card,
 * an emotion point, or a cell. */
typedef struct
{
  WaymarkSceneRole role;
  gint64           object;
  guint            stage;
  guint            lane;
  gboolean         in_cell;
  gboolean         stage_edge;
  gboolean         lane_edge;
  gboolean         found;
} Hit;

static Hit
hit_test (WaymarkCanvas *self,
          double         wx,
          double         wy)
{
  WaymarkScene *scene = _waymark_canvas_get_scene (self);
  double z = self->zoom;
  double hv = gtk_adjustment_get_value (self->hadjustment);
  double vv = gtk_adjustment_get_value (self->vadjustment);
  double top = waymark_layout_get_header_top (self->layout);
  double bottom = waymark_layout_get_header_bottom (self->layout);
  double margin = WAYMARK_LAYOUT_MARGIN;
  double sy = MAX (top * z - vv, 0), sx = MAX (margin * z - hv, 0);
  double mx, my;
  Hit hit = { 0, };
  int index;

  _waymark_canvas_ensure_scene (self);

  /* The pinned headers first: they are drawn over the body. */
  if (wy >= sy && wy < sy + (bottom - top) * z && wx >= sx + WAYMARK_LAYOUT_LANE_HEADER * z)
    {
      mx = (wx + hv) / z;
      my = top + (wy - sy) / z;
      index = waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_STAGE_HEADERS, mx, my);
      if (index >= 0)
        {
          const WaymarkSceneItem *item = waymark_scene_get_item (scene, index);

          hit.role = item->role;
          hit.object = item->object;
          hit.found = TRUE;
          hit.stage = waymark_layout_find_stage (self->layout, item->object);
          hit.stage_edge = (item->bounds.x + item->bounds.width - mx) * z <= EDGE_GRAB;
          return hit;
        }
    }
  if (wx >= sx && wx < sx + WAYMARK_LAYOUT_LANE_HEADER * z && wy >= sy + (bottom - top) * z)
    {
      mx = margin + (wx - sx) / z;
      my = (wy + vv) / z;
      index = waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_LANE_HEADERS, mx, my);
      if (index >= 0)
        {
          const WaymarkSceneItem *item = waymark_scene_get_item (scene, index);

          hit.role = item->role;
          hit.object = item->object;
          hit.found = TRUE;
          hit.lane = waymark_layout_find_lane (self->layout, item->object);
          hit.lane_edge = (item->bounds.y + item->bounds.height - my) * z <= EDGE_GRAB;
          return hit;
        }
    }
  if (wx < sx + WAYMARK_LAYOUT_LANE_HEADER * z && wy < sy + (bottom - top) * z && wy >= sy && wx >= sx)
    {
      hit.role = WAYMARK_SCENE_ROLE_CORNER;
      hit.found = TRUE;
      return hit;
    }

  _waymark_canvas_widget_to_map (self, wx, wy, &mx, &my);
  hit.in_cell = waymark_layout_cell_at (self->layout, mx, my, &hit.stage, &hit.lane);
  index = waymark_scene_hit (scene, WAYMARK_SCENE_LAYER_BODY, mx, my);
  if (index >= 0)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, index);

      hit.role = item->role;
      hit.object = item->object;
      hit.found = TRUE;
      if (item->role == WAYMARK_SCENE_ROLE_CARD)
        {
          const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, item->object);

          if (card != NULL)
            {
              hit.stage = card->stage_index;
              hit.lane = card->lane_index;
            }
        }
    }
  /* A connector's line, a few pixels either side, where no card is. */
  if (hit.role != WAYMARK_SCENE_ROLE_CARD && hit.role != WAYMARK_SCENE_ROLE_EMOTION_POINT)
    {
      gint64 connector = waymark_scene_hit_connector (scene, mx, my, 6 / z);

      if (connector != 0)
        {
          hit.role = WAYMARK_SCENE_ROLE_CONNECTOR;
          hit.object = connector;
          hit.found = TRUE;
        }
    }
  return hit;
}

typedef enum
{
  HANDLE_NONE,
  HANDLE_CARD,             /* a card's: drag out a new connector */
  HANDLE_CONNECTOR_SOURCE, /* the selected connector's ends: re-route it */
  HANDLE_CONNECTOR_TARGET,
} HandleKind;

static double
handle_radius (WaymarkCanvas *self)
{
  return MIN (7 / self->zoom, 24);
}

/* The handle under a point of the widget: the selected connector's ends
 * first, then the handle of the card under the pointer or selected. */
static HandleKind
handle_at (WaymarkCanvas *self,
           double         wx,
           double         wy,
           gint64        *card)
{
  double mx, my, hx, hy, p[8];
  double reach = handle_radius (self) + 3 / self->zoom;
  gint64 candidates[2] = { self->hover_card, 0 };

  if (self->layout == NULL || self->presenting || self->editor != NULL)
    return HANDLE_NONE;
  _waymark_canvas_widget_to_map (self, wx, wy, &mx, &my);

  if (self->connector != 0 && _waymark_canvas_connector_curve (self, self->connector, p))
    {
      WaymarkConnector *connector = WAYMARK_CONNECTOR (waymark_document_lookup (self->document, self->connector));

      if (hypot (mx - p[6], my - p[7]) <= reach)
        {
          *card = waymark_connector_get_source (connector);
          return HANDLE_CONNECTOR_TARGET;
        }
      if (hypot (mx - p[0], my - p[1]) <= reach)
        {
          *card = waymark_connector_get_target (connector);
          return HANDLE_CONNECTOR_SOURCE;
        }
    }

  if (g_hash_table_size (self->selected) == 1 && self->connector == 0)
    candidates[1] = self->cursor_card;
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != 0 && _waymark_canvas_card_handle (self, candidates[i], &hx, &hy) &&
        hypot (mx - hx, my - hy) <= reach)
      {
        *card = candidates[i];
        return HANDLE_CARD;
      }
  return HANDLE_NONE;
}

/* The card under a point of the map, for a connector's loose end. */
static gint64
card_at (WaymarkCanvas *self,
         double         mx,
         double         my)
{
  int index = waymark_scene_hit (_waymark_canvas_get_scene (self), WAYMARK_SCENE_LAYER_BODY, mx, my);
  const WaymarkSceneItem *item = index >= 0 ? waymark_scene_get_item (self->scene, index) : NULL;

  return item != NULL && item->role == WAYMARK_SCENE_ROLE_CARD ? item->object : 0;
}

static void
select_hit (WaymarkCanvas   *self,
            const Hit       *hit,
            GdkModifierType  state)
{
  gboolean extend = (state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)) != 0;

  if (!hit->found)
    return;

  switch (hit->role)
    {
    case WAYMARK_SCENE_ROLE_CARD:
      _waymark_canvas_set_cursor (self, hit->stage, hit->lane, hit->object, extend);
      break;
    case WAYMARK_SCENE_ROLE_STAGE_HEADER:
    case WAYMARK_SCENE_ROLE_LANE_HEADER:
      waymark_canvas_select_object (self, hit->object);
      break;
    case WAYMARK_SCENE_ROLE_TITLE:
      if (hit->object == self->map)
        waymark_canvas_select_object (self, hit->object);
      break;
    case WAYMARK_SCENE_ROLE_CONNECTOR:
      if (self->connector != hit->object)
        self->connector_card = 0;
      waymark_canvas_select_object (self, hit->object);
      break;
    default:
      if (hit->in_cell)
        _waymark_canvas_set_cursor (self, hit->stage, hit->lane, 0, FALSE);
      break;
    }
}

static void
click_pressed_cb (WaymarkCanvas   *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  Hit hit;

  if (self->document == NULL)
    return;
  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));

  /* A press on a handle starts a connector (see drag_begin_cb). */
  {
    gint64 card;

    if (handle_at (self, x, y, &card) != HANDLE_NONE)
      return;
  }

  hit = hit_test (self, x, y);
  /* The vote spot of the card under the pointer: a click is a vote. */
  if (n_press == 1 && hit.role == WAYMARK_SCENE_ROLE_CARD && hit.object == self->hover_card && !self->linking)
    {
      WaymarkRect target;
      double mx, my;

      _waymark_canvas_widget_to_map (self, x, y, &mx, &my);
      if (vote_target (self, hit.object, &target) &&
          mx >= target.x && mx <= target.x + target.width && my >= target.y && my <= target.y + target.height)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();

          g_ptr_array_add (one, waymark_document_lookup (self->document, hit.object));
          if (!waymark_edit_vote (self->document, one, (state & GDK_SHIFT_MASK) ? -1 : 1))
            gtk_widget_error_bell (GTK_WIDGET (self));
          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          return;
        }
    }
  if (self->linking)
    {
      /* Ctrl+L under way: a click on a card connects to it, elsewhere
       * cancels. */
      if (hit.role == WAYMARK_SCENE_ROLE_CARD && hit.object != self->link_source)
        finish_link (self, hit.object);
      else
        cancel_link (self);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }
  if (n_press == 1)
    {
      /* A press on a selected card keeps the selection, so it can be dragged. */
      if (!(hit.role == WAYMARK_SCENE_ROLE_CARD && g_hash_table_contains (self->selected, &hit.object) &&
            !(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK))))
        select_hit (self, &hit, state);
      return;
    }

  if (n_press == 2)
    {
      if (hit.role == WAYMARK_SCENE_ROLE_CARD || hit.role == WAYMARK_SCENE_ROLE_CONNECTOR ||
          hit.role == WAYMARK_SCENE_ROLE_STAGE_HEADER || hit.role == WAYMARK_SCENE_ROLE_LANE_HEADER ||
          (hit.role == WAYMARK_SCENE_ROLE_TITLE && hit.object == self->map && self->map != 0))
        _waymark_canvas_begin_edit (self, hit.object, FALSE);
      else if (hit.in_cell)
        {
          _waymark_canvas_set_cursor (self, hit.stage, hit.lane, 0, FALSE);
          /* An emotion cell holds a point: a double click writes its note,
           * as Enter does. */
          if (cursor_in_emotion_lane (self))
            edit_emotion_note (self);
          else
            add_card_here (self);
        }
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
    }
}

static void show_menu_for (WaymarkCanvas *self,
                           Hit           *hit,
                           double         x,
                           double         y);

static void
show_context_menu (WaymarkCanvas *self,
                   double         x,
                   double         y)
{
  Hit hit = hit_test (self, x, y);

  if (!hit.found && !hit.in_cell)
    return;
  select_hit (self, &hit, 0);
  show_menu_for (self, &hit, x, y);
}

/* Shift+F10 or the Menu key: the menu of what the keyboard has selected
 * (a header, the cards, or the cell), where it is on screen; the
 * selection stays as it is. */
static void
popup_menu_for_selection (WaymarkCanvas *self)
{
  Hit hit = { 0, };
  WaymarkRect rect;
  double x, y;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->document == NULL || self->layout == NULL)
    return;
  _waymark_canvas_ensure_scene (self);
  hit.found = TRUE;
  hit.stage = self->cursor_stage;
  hit.lane = self->cursor_lane;
  if (self->header != 0)
    {
      WaymarkObject *object = waymark_document_lookup (self->document, self->header);
      WaymarkSceneRole role = WAYMARK_IS_STAGE (object) ? WAYMARK_SCENE_ROLE_STAGE_HEADER :
                              WAYMARK_IS_MAP (object) ? WAYMARK_SCENE_ROLE_TITLE : WAYMARK_SCENE_ROLE_LANE_HEADER;
      int index = waymark_scene_find_item (self->scene, role, self->header);

      if (index < 0)
        return;
      hit.role = role;
      hit.object = self->header;
      rect = waymark_scene_get_item (self->scene, index)->bounds;
    }
  else if (self->connector != 0)
    {
      double p[8], cx, cy;

      if (!_waymark_canvas_connector_curve (self, self->connector, p))
        return;
      waymark_scene_connector_point (p, 0.5, &cx, &cy);
      hit.role = WAYMARK_SCENE_ROLE_CONNECTOR;
      hit.object = self->connector;
      rect = (WaymarkRect) { cx, cy, 1, 1 };
    }
  else if (self->cursor_card != 0)
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, self->cursor_card);

      if (card == NULL)
        return;
      hit.role = WAYMARK_SCENE_ROLE_CARD;
      hit.object = self->cursor_card;
      rect = card->rect;
    }
  else
    {
      hit.found = FALSE;
      hit.in_cell = TRUE;
      rect = _waymark_canvas_cursor_rect (self);
    }

  _waymark_canvas_map_to_widget (self, rect.x + MIN (24, rect.width / 2), rect.y + MIN (16, rect.height / 2), &x, &y);
  /* Pinned headers and a selection scrolled away: keep the menu on screen. */
  show_menu_for (self, &hit, CLAMP (x, 0, MAX (0, width - 1)), CLAMP (y, 0, MAX (0, height - 1)));
}

static gboolean
popup_menu_idle_cb (gpointer data)
{
  GtkPopover *menu = data;

  if (gtk_widget_get_parent (GTK_WIDGET (menu)) != NULL)
    gtk_popover_popup (menu);
  return G_SOURCE_REMOVE;
}

static void
show_menu_for (WaymarkCanvas *self,
               Hit           *hit_in,
               double         x,
               double         y)
{
  Hit hit = *hit_in;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) section = NULL;
  g_autoptr(GMenu) colors = g_menu_new ();
  static const char * const color_names[] = {
    N_("Orange"), N_("Sky Blue"), N_("Green"), N_("Yellow"), N_("Blue"), N_("Vermilion"), N_("Purple"),
  };
  const char * const *palette = waymark_theme_palette ();
  const char *noun;

  g_menu_append (colors, _("Default"), "canvas.set-color::");
  for (guint i = 0; palette[i] != NULL; i++)
    {
      g_autofree char *action = g_strdup_printf ("canvas.set-color::%s", palette[i]);

      g_menu_append (colors, _(color_names[i]), action);
    }

  if (hit.role == WAYMARK_SCENE_ROLE_CARD)
    {
      section = g_menu_new ();
      g_menu_append (section, _("_Edit"), "canvas.edit");
      g_menu_append (section, _("D_uplicate"), "canvas.duplicate");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("_Vote"), "canvas.vote");
      g_menu_append (section, _("Take _Back Vote"), "canvas.unvote");
      g_menu_append (section, _("Move to Parking _Lot"), "canvas.park");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("Co_nnect To…"), "canvas.connect");
      {
        g_autoptr(GPtrArray) connectors = dup_card_connectors (self, hit.object);

        if (connectors->len > 0)
          g_menu_append (section, _("Select Co_nnector"), "canvas.select-connector");
      }
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("Cu_t"), "canvas.cut");
      g_menu_append (section, _("_Copy"), "canvas.copy");
      g_menu_append (section, _("_Paste"), "canvas.paste");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append_submenu (section, _("C_olor"), G_MENU_MODEL (colors));
      g_menu_append (section, _("_Delete"), "canvas.delete");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else if (hit.role == WAYMARK_SCENE_ROLE_TITLE)
    {
      section = g_menu_new ();
      g_menu_append (section, _("_Rename Map"), "canvas.edit");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else if (hit.role == WAYMARK_SCENE_ROLE_CONNECTOR)
    {
      section = g_menu_new ();
      g_menu_append (section, _("Edit _Label"), "canvas.edit");
      g_menu_append (section, _("_Reverse Direction"), "canvas.reverse-connector");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("Change _Source…"), "canvas.change-source");
      g_menu_append (section, _("Change _Target…"), "canvas.change-target");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("_Delete Connector"), "canvas.delete");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else if (hit.role == WAYMARK_SCENE_ROLE_STAGE_HEADER || hit.role == WAYMARK_SCENE_ROLE_LANE_HEADER)
    {
      gboolean stage = hit.role == WAYMARK_SCENE_ROLE_STAGE_HEADER;

      section = g_menu_new ();
      g_menu_append (section, stage ? _("Add Stage _Before") : _("Add Lane _Above"), "canvas.add-before");
      g_menu_append (section, stage ? _("Add Stage _After") : _("Add Lane _Below"), "canvas.add-after");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      g_clear_object (&section);
      section = g_menu_new ();
      g_menu_append (section, _("_Rename"), "canvas.edit");
      g_menu_append_submenu (section, _("C_olor"), G_MENU_MODEL (colors));
      noun = stage ? _("_Delete Stage") : _("_Delete Lane");
      g_menu_append (section, noun, "canvas.delete");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else if (hit.in_cell && cell_is_emotion (self, hit.lane))
    {
      /* An emotion cell holds a point, not cards. */
      section = g_menu_new ();
      g_menu_append (section, _("_Higher Score"), "canvas.emotion-up");
      g_menu_append (section, _("_Lower Score"), "canvas.emotion-down");
      g_menu_append (section, _("Edit _Note"), "canvas.edit");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }
  else
    {
      section = g_menu_new ();
      g_menu_append (section, _("_Add Card"), "canvas.add-card");
      g_menu_append (section, _("_Paste"), "canvas.paste");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  /* Not at once: the menu puts its separators in from an idle callback,
   * and measured before them it would open too short, with a scrollbar. */
  g_idle_add_full (G_PRIORITY_LOW, popup_menu_idle_cb, g_object_ref (self->context_menu), g_object_unref);
}

static void
secondary_pressed_cb (WaymarkCanvas   *self,
                      int              n_press,
                      double           x,
                      double           y,
                      GtkGestureClick *gesture)
{
  if (self->document == NULL)
    return;
  if (self->editor != NULL)
    _waymark_canvas_end_edit (self, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  show_context_menu (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Where dropped cards would go: the cell under the point and the gap
 * between its cards nearest to it. */
static void
update_drop (WaymarkCanvas *self,
             double         mx,
             double         my)
{
  g_autoptr(GPtrArray) cards = NULL;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes, stage, lane;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  self->drop_valid = waymark_layout_cell_at (self->layout, mx, my, &stage, &lane) &&
                     !lanes[lane].is_emotion && !waymark_lane_get_collapsed (lanes[lane].lane);
  if (!self->drop_valid)
    return;

  self->drop_stage = stage;
  self->drop_lane = lane;
  cards = _waymark_canvas_dup_cell_cards (self, stage, lane);
  self->drop_index = cards->len;
  for (guint i = 0; i < cards->len; i++)
    {
      const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout, object_id (g_ptr_array_index (cards, i)));

      if (card != NULL && my < card->rect.y + card->rect.height / 2)
        {
          self->drop_index = i;
          break;
        }
    }
}

static void
drag_begin_cb (WaymarkCanvas  *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  Hit hit;

  self->drag_mode = DRAG_NONE;
  if (self->document == NULL)
    return;

  _waymark_canvas_widget_to_map (self, x, y, &self->drag_start_x, &self->drag_start_y);
  self->drag_x = self->drag_start_x;
  self->drag_y = self->drag_start_y;

  if (button == GDK_BUTTON_SECONDARY)
    return;

  if (button == GDK_BUTTON_MIDDLE || self->space_held)
    {
      self->drag_mode = DRAG_PAN;
      self->drag_origin = gtk_adjustment_get_value (self->hadjustment);
      self->drag_origin2 = gtk_adjustment_get_value (self->vadjustment);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      return;
    }

  {
    gint64 card = 0;
    HandleKind handle = handle_at (self, x, y, &card);

    if (handle != HANDLE_NONE)
      {
        if (self->linking)
          self->linking = FALSE;
        self->drag_mode = DRAG_CONNECT;
        self->link_source = card;
        self->link_connector = handle == HANDLE_CARD ? 0 : self->connector;
        self->link_moves_source = handle == HANDLE_CONNECTOR_SOURCE;
        gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
        gtk_widget_queue_draw (GTK_WIDGET (self));
        return;
      }
  }

  hit = hit_test (self, x, y);
  self->drag_object = hit.object;
  self->drag_mode = DRAG_PENDING;
  if (hit.role == WAYMARK_SCENE_ROLE_STAGE_HEADER && hit.stage_edge)
    {
      guint n_stages;
      const WaymarkLayoutStage *stages = waymark_layout_get_stages (self->layout, &n_stages);

      self->drag_mode = DRAG_STAGE_WIDTH;
      self->drag_origin = stages[hit.stage].width;
    }
  else if (hit.role == WAYMARK_SCENE_ROLE_LANE_HEADER && hit.lane_edge)
    {
      guint n_lanes;
      const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (self->layout, &n_lanes);

      self->drag_mode = DRAG_LANE_HEIGHT;
      self->drag_origin = lanes[hit.lane].height;
    }
  g_object_set_data (G_OBJECT (gesture), "waymark-role", GINT_TO_POINTER (hit.found ? (int) hit.role : -1));
}

static void
drag_update_cb (WaymarkCanvas  *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double sx, sy, wx, wy;
  int role = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (gesture), "waymark-role"));

  if (self->drag_mode == DRAG_NONE)
    return;

  if (self->drag_mode == DRAG_PAN)
    {
      gtk_adjustment_set_value (self->hadjustment, self->drag_origin - dx);
      gtk_adjustment_set_value (self->vadjustment, self->drag_origin2 - dy);
      return;
    }

  gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
  wx = sx + dx;
  wy = sy + dy;
  _waymark_canvas_widget_to_map (self, wx, wy, &self->drag_x, &self->drag_y);

  if (self->drag_mode == DRAG_PENDING)
    {
      if (hypot (dx, dy) < DRAG_THRESHOLD)
        return;

      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      switch (role)
        {
        case WAYMARK_SCENE_ROLE_CARD:
          if (!g_hash_table_contains (self->selected, &self->drag_object))
            waymark_canvas_select_object (self, self->drag_object);
          self->drag_mode = DRAG_CARDS;
          break;
        case WAYMARK_SCENE_ROLE_EMOTION_POINT:
          self->drag_mode = DRAG_EMOTION;
          break;
        case WAYMARK_SCENE_ROLE_STAGE_HEADER:
          self->drag_mode = DRAG_STAGE;
          break;
        case WAYMARK_SCENE_ROLE_LANE_HEADER:
          self->drag_mode = DRAG_LANE;
          break;
        default:
          self->drag_mode = DRAG_RUBBER_BAND;
          break;
        }
    }

  switch (self->drag_mode)
    {
    case DRAG_CARDS:
      update_drop (self, self->drag_x, self->drag_y);
      break;

    case DRAG_EMOTION:
      {
        WaymarkObject *emotion = waymark_document_lookup (self->document, self->drag_object);
        int lane = WAYMARK_IS_EMOTION (emotion) ? waymark_layout_find_lane (self->layout, waymark_emotion_get_lane (WAYMARK_EMOTION (emotion))) : -1;

        if (lane >= 0)
          {
            int score = (int) lround (waymark_layout_emotion_score_at (self->layout, lane, self->drag_y));

            if (score != waymark_emotion_get_score (WAYMARK_EMOTION (emotion)))
              waymark_edit_set_emotion (self->document, waymark_emotion_get_lane (WAYMARK_EMOTION (emotion)),
                                        waymark_emotion_get_stage (WAYMARK_EMOTION (emotion)), score);
          }
      }
      break;

    case DRAG_STAGE_WIDTH:
      {
        WaymarkObject *stage = waymark_document_lookup (self->document, self->drag_object);

        if (WAYMARK_IS_STAGE (stage))
          waymark_edit_resize_stage (self->document, WAYMARK_STAGE (stage),
                                     CLAMP (round (self->drag_origin + dx / self->zoom),
                                            WAYMARK_LAYOUT_STAGE_MIN, WAYMARK_LAYOUT_STAGE_MAX));
      }
      break;

    case DRAG_LANE_HEIGHT:
      {
        WaymarkObject *lane = waymark_document_lookup (self->document, self->drag_object);

        if (WAYMARK_IS_LANE (lane))
          waymark_edit_resize_lane (self->document, WAYMARK_LANE (lane),
                                    MAX (WAYMARK_LAYOUT_LANE_MIN, round (self->drag_origin + dy / self->zoom)));
      }
      break;

    default:
      break;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where a dragged stage (lane) would go: the gap between columns (rows)
 * nearest the pointer, 0 before the first to n after the last, and where
 * that gap is on the map, for the line drawn there. */
static guint
header_drop_gap (WaymarkCanvas *self,
                 DragMode       mode,
                 double        *at)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes, gap = 0;

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
  if (mode == DRAG_STAGE)
    {
      while (gap < n_stages && self->drag_x >= stages[gap].x + stages[gap].width / 2)
        gap++;
      *at = gap < n_stages ? stages[gap].x : (n_stages > 0 ? stages[n_stages - 1].x + stages[n_stages - 1].width : 0);
    }
  else
    {
      while (gap < n_lanes && self->drag_y >= lanes[gap].y + lanes[gap].height / 2)
        gap++;
      *at = gap < n_lanes ? lanes[gap].y : (n_lanes > 0 ? lanes[n_lanes - 1].y + lanes[n_lanes - 1].height : 0);
    }
  return gap;
}

static void
drag_end_cb (WaymarkCanvas  *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  guint n_stages, n_lanes;
  DragMode mode = self->drag_mode;

  self->drag_mode = DRAG_NONE;
  if (self->document == NULL || mode == DRAG_NONE || mode == DRAG_PENDING || mode == DRAG_PAN)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  get_grid (self, &stages, &n_stages, &lanes, &n_lanes);

  switch (mode)
    {
    case DRAG_CONNECT:
      {
        gint64 target = card_at (self, self->drag_x, self->drag_y);

        /* Let go where no card is: a new connector is not made, a moved
         * end stays where it was. */
        if (target != 0 && target != self->link_source)
          finish_link (self, target);
        else if (self->link_connector != 0)
          waymark_canvas_select_object (self, self->link_connector);
        self->link_connector = 0;
      }
      break;

    case DRAG_CARDS:
      if (self->drop_valid)
        {
          g_autoptr(GPtrArray) cards = dup_selected_cards (self);
          g_autoptr(GError) error = NULL;
          gint64 focus = self->cursor_card;

          if (!waymark_edit_move_cards (self->document, cards, object_id (stages[self->drop_stage].stage),
                                        object_id (lanes[self->drop_lane].lane), self->drop_index, &error))
            gtk_widget_error_bell (GTK_WIDGET (self));
          else
            {
              const WaymarkLayoutCard *placed;

              _waymark_canvas_ensure_scene (self);
              if ((placed = waymark_layout_find_card (self->layout, focus)) != NULL)
                {
                  self->cursor_stage = placed->stage_index;
                  self->cursor_lane = placed->lane_index;
                }
              _waymark_canvas_selection_changed (self);
            }
        }
      break;

    case DRAG_STAGE:
    case DRAG_LANE:
      {
        WaymarkObject *object = waymark_document_lookup (self->document, self->drag_object);
        guint gap, from = G_MAXUINT;
        double at;

        /* The dragged one goes where the line was drawn: into the gap,
         * which is one place less once it has left a place before it. */
        gap = header_drop_gap (self, mode, &at);
        if (mode == DRAG_STAGE)
          {
            for (guint s = 0; s < n_stages; s++)
              if (object_id (stages[s].stage) == self->drag_object)
                from = s;
            if (WAYMARK_IS_STAGE (object) && from != G_MAXUINT)
              waymark_edit_move_stage (self->document, WAYMARK_STAGE (object), (int) (gap > from ? gap - 1 : gap));
          }
        else
          {
            for (guint l = 0; l < n_lanes; l++)
              if (object_id (lanes[l].lane) == self->drag_object)
                from = l;
            if (WAYMARK_IS_LANE (object) && from != G_MAXUINT)
              waymark_edit_move_lane (self->document, WAYMARK_LANE (object), (int) (gap > from ? gap - 1 : gap));
          }
      }
      break;

    case DRAG_RUBBER_BAND:
      {
        double x1 = MIN (self->drag_start_x, self->drag_x), x2 = MAX (self->drag_start_x, self->drag_x);
        double y1 = MIN (self->drag_start_y, self->drag_y), y2 = MAX (self->drag_start_y, self->drag_y);
        WaymarkRect band = { x1, y1, x2 - x1, y2 - y1 };
        guint n_cards;
        const WaymarkLayoutCard *cards = waymark_layout_get_cards (self->layout, &n_cards);
        GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
        gint64 first = 0;

        if (!(state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK)))
          g_hash_table_remove_all (self->selected);
        for (guint i = 0; i < n_cards; i++)
          if (cards[i].rect.height > 0 && waymark_rect_intersects (&cards[i].rect, &band))
            {
              gint64 *key = g_new (gint64, 1);

              *key = object_id (cards[i].card);
              if (first == 0)
                {
                  first = *key;
                  self->cursor_stage = cards[i].stage_index;
                  self->cursor_lane = cards[i].lane_index;
                }
              g_hash_table_add (self->selected, key);
            }
        self->header = 0;
        self->cursor_card = first;
        _waymark_canvas_selection_changed (self);
      }
      break;

    default:
      break;
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
stroke_curve (cairo_t      *cr,
              const double  p[8])
{
  cairo_move_to (cr, p[0], p[1]);
  cairo_curve_to (cr, p[2], p[3], p[4], p[5], p[6], p[7]);
  cairo_stroke (cr);
}

static void
draw_handle (cairo_t       *cr,
             double         x,
             double         y,
             double         r,
             const GdkRGBA *accent,
             gboolean       filled)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (filled)
    gdk_cairo_set_source_rgba (cr, accent);
  else
    cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  if (filled)
    cairo_set_source_rgb (cr, 1, 1, 1);
  else
    gdk_cairo_set_source_rgba (cr, accent);
  cairo_stroke (cr);
}

/* The selected connector (thick, in the accent colour, with its ends as
 * handles), the card handles to drag a connector out of, and a connector
 * being made: by Ctrl+L to the card under the cursor, or by a drag to the
 * pointer. */
static void
append_connector_feedback (WaymarkCanvas *self,
                           GtkSnapshot   *snapshot,
                           const GdkRGBA *accent)
{
  double w, h, z = self->zoom, r = handle_radius (self), p[8], hx, hy;
  double dash[2] = { 6 / z, 4 / z };
  gboolean dragging = self->drag_mode == DRAG_CONNECT;
  cairo_t *cr;

  if (self->connector == 0 && !self->linking && !dragging && self->hover_card == 0 &&
      !(g_hash_table_size (self->selected) == 1 && self->cursor_card != 0))
    return;

  waymark_scene_get_size (_waymark_canvas_get_scene (self), &w, &h);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (-50, -50, w + 100, h + 100));
  cairo_set_line_width (cr, MAX (2.5, 3 / z));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  if (self->connector != 0 && !(dragging && self->link_connector == self->connector) &&
      _waymark_canvas_connector_curve (self, self->connector, p))
    {
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_CONNECTOR, self->connector);
      const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);

      gdk_cairo_set_source_rgba (cr, accent);
      stroke_curve (cr, p);
      cairo_set_line_width (cr, MAX (1.5, 2 / z));
      draw_handle (cr, p[0], p[1], r * 0.8, accent, TRUE);
      draw_handle (cr, p[6], p[7], r * 0.8, accent, TRUE);

      /* The label again, over the highlight, ringed in the accent colour. */
      if (index >= 0)
        {
          const WaymarkSceneItem *item = waymark_scene_get_item (self->scene, index);

          for (guint i = 0; i < item->ops->len; i++)
            {
              const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);
              double x = item->bounds.x + op->rect.x, y = item->bounds.y + op->rect.y;

              if (op->type == WAYMARK_SCENE_OP_RECT)
                {
                  double rr = op->radius;

                  cairo_new_sub_path (cr);
                  cairo_arc (cr, x + op->rect.width - rr, y + rr, rr, -G_PI / 2, 0);
                  cairo_arc (cr, x + op->rect.width - rr, y + op->rect.height - rr, rr, 0, G_PI / 2);
                  cairo_arc (cr, x + rr, y + op->rect.height - rr, rr, G_PI / 2, G_PI);
                  cairo_arc (cr, x + rr, y + rr, rr, G_PI, 3 * G_PI / 2);
                  cairo_close_path (cr);
                  cairo_set_source_rgb (cr, theme->card.red, theme->card.green, theme->card.blue);
                  cairo_fill_preserve (cr);
                  gdk_cairo_set_source_rgba (cr, accent);
                  cairo_stroke (cr);
                }
              else if (op->type == WAYMARK_SCENE_OP_TEXT && op->layout != NULL)
                {
                  cairo_move_to (cr, x, y);
                  cairo_set_source_rgb (cr, theme->text.red, theme->text.green, theme->text.blue);
                  pango_cairo_show_layout (cr, op->layout);
                }
            }
        }
    }

  /* Where the new (or moved) arrow would go. */
  if (self->linking || dragging)
    {
      const WaymarkLayoutCard *source = waymark_layout_find_card (self->layout, self->link_source);
      gint64 target_id = dragging ? card_at (self, self->drag_x, self->drag_y) : self->cursor_card;
      const WaymarkLayoutCard *target = target_id != self->link_source
                                        ? waymark_layout_find_card (self->layout, target_id) : NULL;

      if (source != NULL)
        {
          GdkRGBA faint = *accent;

          faint.alpha = 0.10;
          gdk_cairo_set_source_rgba (cr, &faint);
          cairo_rectangle (cr, source->rect.x, source->rect.y, source->rect.width, source->rect.height);
          cairo_fill (cr);
          cairo_set_line_width (cr, MAX (2, 2.5 / z));
          cairo_set_dash (cr, dash, 2, 0);
          gdk_cairo_set_source_rgba (cr, accent);
          cairo_rectangle (cr, source->rect.x - 2, source->rect.y - 2, source->rect.width + 4, source->rect.height + 4);
          cairo_stroke (cr);

          if (target != NULL)
            {
              const WaymarkRect *from = self->link_moves_source ? &target->rect : &source->rect;
              const WaymarkRect *to = self->link_moves_source ? &source->rect : &target->rect;

              waymark_scene_connector_curve (from, to, p);
              stroke_curve (cr, p);
              cairo_set_dash (cr, NULL, 0, 0);
              cairo_rectangle (cr, target->rect.x - 3, target->rect.y - 3, target->rect.width + 6, target->rect.height + 6);
              cairo_stroke (cr);
            }
          else if (dragging)
            {
              double sx, sy;

              _waymark_canvas_card_handle (self, self->link_source, &sx, &sy);
              cairo_move_to (cr, sx, sy);
              cairo_line_to (cr, self->drag_x, self->drag_y);
              cairo_stroke (cr);
              cairo_set_dash (cr, NULL, 0, 0);
              draw_handle (cr, self->drag_x, self->drag_y, r * 0.6, accent, TRUE);
            }
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }
  else
    {
      /* The handles: on the card under the pointer and the selected one. */
      gint64 cards[2] = { self->hover_card, 0 };

      if (g_hash_table_size (self->selected) == 1 && self->connector == 0 && self->editor == NULL)
        cards[1] = self->cursor_card;
      cairo_set_line_width (cr, MAX (1.5, 2 / z));
      gboolean ends = self->connector != 0 && _waymark_canvas_connector_curve (self, self->connector, p);
      WaymarkRect vote;

      /* The hovered card's vote spot: a ring with a plus. */
      if (self->hover_card != 0 && self->editor == NULL && vote_target (self, self->hover_card, &vote))
        {
          double cx = vote.x + vote.width / 2, cy = vote.y + vote.height / 2, vr = vote.width / 2;

          cairo_set_line_width (cr, MAX (1.25, 1.5 / z));
          cairo_new_sub_path (cr);
          cairo_arc (cr, cx, cy, vr, 0, 2 * G_PI);
          cairo_set_source_rgb (cr, 1, 1, 1);
          cairo_fill_preserve (cr);
          gdk_cairo_set_source_rgba (cr, accent);
          cairo_stroke (cr);
          cairo_move_to (cr, cx - vr * 0.5, cy);
          cairo_line_to (cr, cx + vr * 0.5, cy);
          cairo_move_to (cr, cx, cy - vr * 0.5);
          cairo_line_to (cr, cx, cy + vr * 0.5);
          cairo_stroke (cr);
        }

      for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
        if (cards[i] != 0 && (i == 0 || cards[1] != cards[0]) && _waymark_canvas_card_handle (self, cards[i], &hx, &hy) &&
            /* Not over the selected connector's own end handles. */
            !(ends && (hypot (hx - p[0], hy - p[1]) < 2 * r || hypot (hx - p[6], hy - p[7]) < 2 * r)))
          draw_handle (cr, hx, hy, r, accent, FALSE);
    }

  cairo_destroy (cr);
}

/* What only the widget draws: the drop indicator, the card being dragged,
 * the rubber band. In map coordinates. */
void
_waymark_canvas_snapshot_feedback (WaymarkCanvas *self,
                                   GtkSnapshot   *snapshot)
{
  const WaymarkTheme *theme = waymark_scene_get_theme (_waymark_canvas_get_scene (self));
  GdkRGBA accent = { theme->accent.red, theme->accent.green, theme->accent.blue, 1 };

  if (!self->presenting)
    append_connector_feedback (self, snapshot, &accent);

  if (self->drag_mode == DRAG_CARDS && self->drop_valid)
    {
      g_autoptr(GPtrArray) cards = _waymark_canvas_dup_cell_cards (self, self->drop_stage, self->drop_lane);
      WaymarkRect cell = waymark_layout_get_cell_rect (self->layout, self->drop_stage, self->drop_lane);
      double y = cell.y + WAYMARK_LAYOUT_CELL_PADDING / 2;
      const WaymarkLayoutCard *dragged = waymark_layout_find_card (self->layout, self->cursor_card);
      GdkRGBA ghost = accent;

      if ((guint) self->drop_index < cards->len)
        {
          const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout,
                                                                   object_id (g_ptr_array_index (cards, self->drop_index)));
          if (card)
            y = card->rect.y - WAYMARK_LAYOUT_CARD_GAP / 2;
        }
      else if (cards->len > 0)
        {
          const WaymarkLayoutCard *card = waymark_layout_find_card (self->layout,
                                                                   object_id (g_ptr_array_index (cards, cards->len - 1)));
          if (card)
            y = card->rect.y + card->rect.height + WAYMARK_LAYOUT_CARD_GAP / 2;
        }

      gtk_snapshot_append_color (snapshot, &accent,
                                 &GRAPHENE_RECT_INIT (cell.x + 6, y - 1.5, cell.width - 12, 3));

      if (dragged != NULL)
        {
          GskRoundedRect box;
          double gx = dragged->rect.x + self->drag_x - self->drag_start_x;
          double gy = dragged->rect.y + self->drag_y - self->drag_start_y;

          ghost.alpha = 0.18;
          gsk_rounded_rect_init_from_rect (&box, &GRAPHENE_RECT_INIT (gx, gy, dragged->rect.width, dragged->rect.height), 6);
          gtk_snapshot_push_rounded_clip (snapshot, &box);
          gtk_snapshot_append_color (snapshot, &ghost, &box.bounds);
          gtk_snapshot_pop (snapshot);
        }
    }
  else if (self->drag_mode == DRAG_RUBBER_BAND)
    {
      double x1 = MIN (self->drag_start_x, self->drag_x), x2 = MAX (self->drag_start_x, self->drag_x);
      double y1 = MIN (self->drag_start_y, self->drag_y), y2 = MAX (self->drag_start_y, self->drag_y);
      GdkRGBA fill = accent;
      float widths[4];
      GdkRGBA colors[4] = { accent, accent, accent, accent };
      GskRoundedRect outline;

      for (int i = 0; i < 4; i++)
        widths[i] = 1 / self->zoom;
      fill.alpha = 0.15;
      gtk_snapshot_append_color (snapshot, &fill, &GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1));
      gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1), 0);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);
    }
  else if (self->drag_mode == DRAG_STAGE || self->drag_mode == DRAG_LANE)
    {
      double at, w, h;

      header_drop_gap (self, self->drag_mode, &at);
      waymark_scene_get_size (_waymark_canvas_get_scene (self), &w, &h);
      if (self->drag_mode == DRAG_STAGE)
        gtk_snapshot_append_color (snapshot, &accent, &GRAPHENE_RECT_INIT (at - 1.5, waymark_layout_get_header_top (self->layout), 3, h));
      else
        gtk_snapshot_append_color (snapshot, &accent, &GRAPHENE_RECT_INIT (WAYMARK_LAYOUT_MARGIN, at - 1.5, w, 3));
    }
}

static void
canvas_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WaymarkCanvas *self = WAYMARK_CANVAS (widget);

  if (self->document == NULL)
    return;

  if (g_str_equal (action_name, "canvas.emotion-up") || g_str_equal (action_name, "canvas.emotion-down"))
    {
      if (cursor_in_emotion_lane (self))
        nudge_emotion (self, g_str_equal (action_name, "canvas.emotion-up") ? 1 : -1);
      return;
    }
  if (g_str_equal (action_name, "canvas.edit"))
    {
      if (self->connector != 0)
        _waymark_canvas_begin_edit (self, self->connector, FALSE);
      else if (self->header != 0)
        _waymark_canvas_begin_edit (self, self->header, FALSE);
      else if (self->cursor_card != 0)
        _waymark_canvas_begin_edit (self, self->cursor_card, FALSE);
      else if (cursor_in_emotion_lane (self))
        edit_emotion_note (self);
    }
  else if (g_str_equal (action_name, "canvas.context-menu"))
    popup_menu_for_selection (self);
  else if (g_str_equal (action_name, "canvas.connect"))
    {
      if (self->cursor_card != 0 && self->connector == 0 && self->header == 0)
        begin_link (self, self->cursor_card, 0, FALSE);
      else
        gtk_widget_error_bell (widget);
    }
  else if (g_str_equal (action_name, "canvas.select-connector"))
    step_connector (self, 1);
  else if (g_str_equal (action_name, "canvas.vote") || g_str_equal (action_name, "canvas.unvote"))
    vote_selection (self, g_str_equal (action_name, "canvas.vote") ? 1 : -1);
  else if (g_str_equal (action_name, "canvas.park"))
    {
      g_autoptr(GPtrArray) cards = dup_selected_cards (self);
      gint64 focus = self->cursor_card;
      const WaymarkLayoutCard *placed;

      if (cards->len == 0 || waymark_edit_park (self->document, cards) == NULL)
        {
          gtk_widget_error_bell (widget);
          return;
        }
      /* The card stays selected, in the parking lot. */
      _waymark_canvas_ensure_scene (self);
      if ((placed = waymark_layout_find_card (self->layout, focus)) != NULL)
        _waymark_canvas_set_cursor (self, placed->stage_index, placed->lane_index, focus, FALSE);
    }
  else if (g_str_equal (action_name, "canvas.reverse-connector") ||
           g_str_equal (action_name, "canvas.change-source") ||
           g_str_equal (action_name, "canvas.change-target"))
    {
      WaymarkObject *object = waymark_document_lookup (self->document, self->connector);
      WaymarkConnector *connector;

      if (!WAYMARK_IS_CONNECTOR (object))
        {
          gtk_widget_error_bell (widget);
          return;
        }
      connector = WAYMARK_CONNECTOR (object);
      if (g_str_equal (action_name, "canvas.reverse-connector"))
        {
          g_autoptr(GError) error = NULL;

          if (!waymark_edit_reroute (self->document, connector, waymark_connector_get_target (connector),
                                     waymark_connector_get_source (connector), &error))
            gtk_widget_error_bell (widget);
          _waymark_canvas_selection_changed (self);
        }
      else if (g_str_equal (action_name, "canvas.change-target"))
        begin_link (self, waymark_connector_get_source (connector), self->connector, FALSE);
      else
        begin_link (self, waymark_connector_get_target (connector), self->connector, TRUE);
    }
  else if (g_str_equal (action_name, "canvas.add-card"))
    add_card_here (self);
  else if (g_str_equal (action_name, "canvas.delete"))
    delete_selection (self);
  else if (g_str_equal (action_name, "canvas.duplicate"))
    {
      g_autoptr(GPtrArray) cards = dup_selected_cards (self);
      g_autoptr(GPtrArray) copies = NULL;

      if (cards->len == 0)
        {
          gtk_widget_error_bell (widget);
          return;
        }
      copies = waymark_edit_duplicate (self->document, cards);
      if (copies != NULL && copies->len > 0)
        waymark_canvas_select_object (self, object_id (g_ptr_array_index (copies, copies->len - 1)));
    }
  else if (g_str_equal (action_name, "canvas.copy"))
    copy_selection (self);
  else if (g_str_equal (action_name, "canvas.cut"))
    {
      copy_selection (self);
      delete_selection (self);
    }
  else if (g_str_equal (action_name, "canvas.paste"))
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_text_cb, g_object_ref (self));
  else if (g_str_equal (action_name, "canvas.select-lane"))
    select_lane (self);
  else if (g_str_equal (action_name, "canvas.zoom-in"))
    waymark_canvas_set_zoom (self, waymark_canvas_get_zoom (self) * 1.25);
  else if (g_str_equal (action_name, "canvas.zoom-out"))
    waymark_canvas_set_zoom (self, waymark_canvas_get_zoom (self) / 1.25);
  else if (g_str_equal (action_name, "canvas.zoom-reset"))
    waymark_canvas_set_zoom (self, 1.0);
  else if (g_str_equal (action_name, "canvas.zoom-fit"))
    waymark_canvas_zoom_to_fit (self);
  else if (g_str_equal (action_name, "canvas.set-color"))
    {
      g_autoptr(GPtrArray) selection = waymark_canvas_dup_selection (self);
      const char *color = g_variant_get_string (parameter, NULL);

      if (selection->len > 1)
        waymark_document_begin (self->document, _("Set Color"));
      for (guint i = 0; i < selection->len; i++)
        waymark_edit_set_color (self->document, g_ptr_array_index (selection, i), color);
      if (selection->len > 1)
        waymark_document_end (self->document);
    }
  else if (g_str_equal (action_name, "canvas.add-before") || g_str_equal (action_name, "canvas.add-after"))
    {
      WaymarkObject *object = waymark_document_lookup (self->document, self->header);
      int after = g_str_equal (action_name, "canvas.add-after") ? 1 : 0;
      WaymarkObject *added = NULL;

      if (!WAYMARK_IS_STAGE (object) && !WAYMARK_IS_LANE (object))
        return;
      /* The new header and the name typed into it are one step: Escape
       * (or one undo) takes both away. */
      if (self->editor != NULL)
        _waymark_canvas_end_edit (self, TRUE);
      waymark_document_begin (self->document, WAYMARK_IS_STAGE (object) ? _("Add Stage") : _("Add Lane"));
      self->edit_group_open = TRUE;
      if (WAYMARK_IS_STAGE (object))
        added = WAYMARK_OBJECT (waymark_edit_add_stage (self->document, self->map,
                                                        waymark_stage_get_position (WAYMARK_STAGE (object)) + after,
                                                        _("New Stage")));
      else if (WAYMARK_IS_LANE (object))
        added = WAYMARK_OBJECT (waymark_edit_add_lane (self->document, self->map,
                                                       waymark_lane_get_position (WAYMARK_LANE (object)) + after,
                                                       _("New Lane"), "notes"));
      if (added != NULL)
        {
          _waymark_canvas_ensure_scene (self);
          waymark_canvas_select_object (self, object_id (added));
          /* On screen, so that its name is typed where it shows (the
           * headers are pinned: the column or row is what scrolls). */
          {
            const WaymarkLayoutStage *stages;
            const WaymarkLayoutLane *lanes;
            guint n_stages, n_lanes;
            int index;

            get_grid (self, &stages, &n_stages, &lanes, &n_lanes);
            if (WAYMARK_IS_STAGE (added) && (index = waymark_layout_find_stage (self->layout, object_id (added))) >= 0)
              _waymark_canvas_scroll_to (self, &(WaymarkRect) { stages[index].x, waymark_layout_get_header_bottom (self->layout),
                                                               stages[index].width, 1 });
            else if (WAYMARK_IS_LANE (added) && n_stages > 0 &&
                     (index = waymark_layout_find_lane (self->layout, object_id (added))) >= 0)
              _waymark_canvas_scroll_to (self, &(WaymarkRect) { stages[0].x, lanes[index].y, 1,
                                                               MIN (lanes[index].height, 120) });
          }
          _waymark_canvas_begin_edit (self, object_id (added), TRUE);
        }
      else
        {
          self->edit_group_open = FALSE;
          waymark_document_end (self->document);
        }
    }
}

/* Where a card's or a stage's numbers come from (@card 0: the stage's):
 * for each metric value on it, the value, n and margin, the source file,
 * its rows, filters and period, and when it was imported and computed. */
static char *
describe_provenance (WaymarkCanvas *self,
                     gint64         card,
                     gint64         stage)
{
  GPtrArray *values = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC_VALUE);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      WaymarkObject *metric, *dataset;
      g_autoptr(WaymarkMetricDefinition) definition = NULL;
      g_autofree char *filters = NULL;
      g_autofree char *source = NULL;
      g_autofree char *imported = NULL;
      g_autofree char *when = NULL;
      g_autofree char *shown = NULL;
      g_autofree char *base = NULL;
      gint64 rows = 0;

      if (waymark_metric_value_get_card (value) != card || *waymark_metric_value_get_period (value) != '\0')
        continue;
      if (card == 0 && waymark_metric_value_get_stage (value) != stage)
        continue;
      metric = waymark_document_lookup (self->document, waymark_metric_value_get_metric (value));
      if (!WAYMARK_IS_METRIC (metric))
        continue;
      dataset = waymark_document_lookup (self->document, waymark_metric_get_dataset (WAYMARK_METRIC (metric)));
      definition = waymark_metric_dup_definition (WAYMARK_METRIC (metric), NULL);
      filters = definition ? waymark_metric_definition_describe_filters (definition) : NULL;
      if (WAYMARK_IS_DATASET (dataset))
        g_object_get (dataset, "source", &source, "imported", &imported, "row-count", &rows, NULL);
      base = source ? g_path_get_basename (source) : g_strdup ("?");

      if (text->len > 0)
        g_string_append (text, "\n\n");
      shown = waymark_metric_format_value (definition ? definition->kind : WAYMARK_METRIC_KIND_MEAN,
                                           waymark_metric_value_get_value (value),
                                           definition ? definition->unit : NULL);
      /* Translators: a metric's value on a card, e.g. “NPS: +32 (n 1,204, ± 4.2)” */
      g_string_append_printf (text, _("%s: %s (n %'" PRId64 ", ± %.1f)"),
                              waymark_metric_get_name (WAYMARK_METRIC (metric)), shown,
                              waymark_metric_value_get_n (value),
                              waymark_metric_value_get_moe (value));
      g_string_append_c (text, '\n');
      when = waymark_format_timestamp (imported);
      /* Translators: where a metric's value comes from: a file, its rows and when it was imported */
      g_string_append_printf (text, _("From %s, %'" PRId64 " rows, imported %s"), base, rows, when);
      if (filters != NULL && *filters != '\0')
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Filters: %s"), filters);
        }
      if (definition != NULL && definition->period != WAYMARK_PERIOD_NONE)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, definition->period == WAYMARK_PERIOD_WEEK ? _("By week") :
                                 definition->period == WAYMARK_PERIOD_MONTH ? _("By month") : _("By quarter"));
        }
      if (*waymark_metric_get_status (WAYMARK_METRIC (metric)) != '\0')
        {
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("Stale: %s"), waymark_metric_get_status (WAYMARK_METRIC (metric)));
        }
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }
  return g_string_free (text, FALSE);
}

/* The tooltip at @x, @y (widget coordinates), or with @keyboard of what
 * the keyboard cursor is on: where the numbers of a card or stage come from. */
char *
_waymark_canvas_describe_at (WaymarkCanvas *self,
                             double         x,
                             double         y,
                             gboolean       keyboard)
{
  gint64 card = 0, stage = 0;
  Hit hit;

  if (self->document == NULL || self->drag_mode != DRAG_NONE)
    return NULL;

  if (keyboard)
    {
      card = self->cursor_card;
      if (card == 0 && WAYMARK_IS_STAGE (waymark_document_lookup (self->document, self->header)))
        stage = self->header;
    }
  else
    {
      hit = hit_test (self, x, y);
      if (hit.role == WAYMARK_SCENE_ROLE_CARD)
        card = hit.object;
      else if (hit.role == WAYMARK_SCENE_ROLE_STAGE_HEADER)
        stage = hit.object;
    }
  if (card == 0 && stage == 0)
    return NULL;
  return describe_provenance (self, card, stage);
}

static gboolean
query_tooltip_cb (WaymarkCanvas *self,
                  int            x,
                  int            y,
                  gboolean       keyboard,
                  GtkTooltip    *tooltip)
{
  g_autofree char *text = _waymark_canvas_describe_at (self, x, y, keyboard);

  if (text == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
_waymark_canvas_update_actions (WaymarkCanvas *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_document = self->document != NULL;
  gboolean cards = g_hash_table_size (self->selected) > 0 && self->header == 0;
  gboolean connector = self->connector != 0;

  gtk_widget_action_set_enabled (widget, "canvas.edit", has_document && (cards || self->header != 0 || connector ||
                                                                        (self->layout != NULL && cursor_in_emotion_lane (self))));
  gtk_widget_action_set_enabled (widget, "canvas.delete", has_document && (cards || self->header != 0 || connector));
  gtk_widget_action_set_enabled (widget, "canvas.connect", has_document && g_hash_table_size (self->selected) == 1 &&
                                                           self->header == 0 && !connector);
  gtk_widget_action_set_enabled (widget, "canvas.select-connector", has_document && (cards || connector));
  gtk_widget_action_set_enabled (widget, "canvas.reverse-connector", has_document && connector);
  gtk_widget_action_set_enabled (widget, "canvas.change-source", has_document && connector);
  gtk_widget_action_set_enabled (widget, "canvas.change-target", has_document && connector);
  gtk_widget_action_set_enabled (widget, "canvas.duplicate", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.vote", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.unvote", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.park", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.copy", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.cut", has_document && cards);
  gtk_widget_action_set_enabled (widget, "canvas.paste", has_document);
  gtk_widget_action_set_enabled (widget, "canvas.add-card", has_document);
  gtk_widget_action_set_enabled (widget, "canvas.add-before", has_document && self->header != 0);
  gtk_widget_action_set_enabled (widget, "canvas.add-after", has_document && self->header != 0);
  gtk_widget_action_set_enabled (widget, "canvas.set-color", has_document && (cards || self->header != 0));
  gtk_widget_action_set_enabled (widget, "canvas.select-lane", has_document);
}

void
_waymark_canvas_class_init_input (GtkWidgetClass *widget_class)
{
  static const char * const actions[] = {
    "canvas.edit", "canvas.add-card", "canvas.delete", "canvas.duplicate", "canvas.copy",
    "canvas.cut", "canvas.paste", "canvas.select-lane", "canvas.zoom-in", "canvas.zoom-out",
    "canvas.zoom-reset", "canvas.zoom-fit", "canvas.add-before", "canvas.add-after",
    "canvas.context-menu", "canvas.connect", "canvas.select-connector", "canvas.reverse-connector",
    "canvas.change-source", "canvas.change-target", "canvas.vote", "canvas.unvote", "canvas.park",
    "canvas.emotion-up", "canvas.emotion-down",
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i], NULL, canvas_action);
  gtk_widget_class_install_action (widget_class, "canvas.set-color", "s", canvas_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "canvas.duplicate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "canvas.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK, "canvas.cut", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "canvas.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK, "canvas.select-lane", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "canvas.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "canvas.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "canvas.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "canvas.zoom-reset", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "canvas.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "canvas.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "canvas.select-connector", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "canvas.context-menu", NULL);
}

/* The card under the pointer shows its connector handle; over a handle
 * the pointer is a crosshair. */
static void
motion_cb (WaymarkCanvas            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  gint64 card = 0, handle_card;
  double mx, my;

  if (self->document == NULL || self->layout == NULL || self->drag_mode != DRAG_NONE)
    return;
  _waymark_canvas_widget_to_map (self, x, y, &mx, &my);
  if (!self->presenting)
    {
      Hit hit = hit_test (self, x, y);

      if (hit.role == WAYMARK_SCENE_ROLE_CARD)
        card = hit.object;
      /* Still the card while on its handle, which sticks out of it. */
      else if (self->hover_card != 0 && handle_at (self, x, y, &handle_card) == HANDLE_CARD)
        card = self->hover_card;
    }
  if (card != self->hover_card)
    {
      self->hover_card = card;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                   handle_at (self, x, y, &handle_card) != HANDLE_NONE ? "crosshair" : NULL);
}

static void
leave_cb (WaymarkCanvas            *self,
          GtkEventControllerMotion *controller)
{
  if (self->hover_card != 0)
    {
      self->hover_card = 0;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
_waymark_canvas_init_input (WaymarkCanvas *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect_swapped (controller, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect_swapped (gesture, "begin", G_CALLBACK (zoom_begin_cb), self);
  g_signal_connect_swapped (gesture, "scale-changed", G_CALLBACK (zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect_swapped (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
