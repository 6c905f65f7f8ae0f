/* waymark-inspector.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-inspector-private.h"
#include "waymark-card-editor.h"
#include "waymark-cards-editor.h"
#include "waymark-edit.h"
#include "waymark-inspector-fields-private.h"
#include "waymark-lane-editor.h"
#include "waymark-map-editor.h"
#include "waymark-resources.h"
#include "waymark-stage-editor.h"

/*
 * The side panel: the fields of what the canvas selected (one card,
 * several cards, a stage or a lane), or of the map and its persona when
 * nothing is selected.
 *
 * Each page is an editor of its own; this keeps the stack of them, the
 * selection and the actions, and routes the document's `changed` to the
 * page it concerns. Every edit goes through the document, so it is
 * undoable and every view hears of it through `changed`; how text fields
 * commit and when they are refreshed is in waymark-inspector-fields.c,
 * which the editors share.
 */

struct _WaymarkInspector
{
  AdwBin                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkDocument        *document;
  GPtrArray              *selection;      /* WaymarkObject */
  GHashTable             *selected;       /* the same, as a set */

  /* template children */
  GtkLabel               *header_title;
  GtkLabel               *header_subtitle;
  GtkStack               *stack;
  WaymarkMapEditor       *map_editor;
  WaymarkCardEditor      *card_editor;
  WaymarkCardsEditor     *cards_editor;
  WaymarkStageEditor     *stage_editor;
  WaymarkLaneEditor      *lane_editor;

  /* borrowed: the card editor's */
  WaymarkCommentList     *comment_list;

  gint64                  map;
  guint                   update_source;
};

G_DEFINE_FINAL_TYPE (WaymarkInspector, waymark_inspector, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The map shown when nothing is selected: the one set, else the first. */
static WaymarkMap *
current_map (WaymarkInspector *self)
{
  WaymarkObject *dying = _waymark_inspector_fields_get_dying (self->fields);
  GPtrArray *maps;
  WaymarkMap *first = NULL;

  if (self->document == NULL)
    return NULL;

  if (self->map != 0)
    return (WaymarkMap *) _waymark_inspector_fields_lookup (self->fields, self->map, WAYMARK_TYPE_MAP);

  maps = waymark_document_get_items (self->document, WAYMARK_TYPE_MAP);
  for (guint i = 0; i < maps->len; i++)
    {
      WaymarkMap *map = g_ptr_array_index (maps, i);

      if (map == (WaymarkMap *) dying)
        continue;
      if (first == NULL || waymark_map_get_position (map) < waymark_map_get_position (first))
        first = map;
    }

  return first;
}

static WaymarkObject *
single (WaymarkInspector *self,
        GType             type)
{
  WaymarkObject *object;

  if (self->selection->len != 1)
    return NULL;

  object = g_ptr_array_index (self->selection, 0);
  return G_TYPE_CHECK_INSTANCE_TYPE (object, type) ? object : NULL;
}

static guint
count_cards (WaymarkInspector *self)
{
  guint n = 0;

  for (guint i = 0; i < self->selection->len; i++)
    if (WAYMARK_IS_CARD (g_ptr_array_index (self->selection, i)))
      n++;

  return n;
}

static const char *
get_page_name (WaymarkInspector *self)
{
  guint n = self->selection->len;

  if (self->document == NULL)
    return "empty";
  if (n == 0)
    return current_map (self) != NULL ? "map" : "empty";
  if (count_cards (self) == n)
    return n == 1 ? "card" : "cards";
  if (single (self, WAYMARK_TYPE_STAGE))
    return "stage";
  if (single (self, WAYMARK_TYPE_LANE))
    return "lane";
  return "mixed";
}

static void
update_header (WaymarkInspector *self,
               const char       *page)
{
  g_autofree char *subtitle = NULL;
  const char *title;

  if (g_str_equal (page, "cards") || g_str_equal (page, "mixed"))
    {
      guint n = self->selection->len;

      title = g_str_equal (page, "cards") ? _("Cards") : _("Selection");
      subtitle = g_str_equal (page, "cards")
        ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card selected", "%u cards selected", n), n)
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item selected", "%u items selected", n), n);
    }
  else if (g_str_equal (page, "empty"))
    {
      title = C_("inspector", "Map");
      subtitle = g_strdup (_("Nothing to edit"));
    }
  else
    {
      WaymarkObject *object = self->selection->len > 0 ? g_ptr_array_index (self->selection, 0)
                                                       : WAYMARK_OBJECT (current_map (self));
      g_autofree char *text = NULL;

      title = waymark_object_get_label (object);
      g_object_get (object, "title", &text, NULL);
      subtitle = text != NULL && text[0] != '\0' ? g_steal_pointer (&text) : g_strdup (_("Untitled"));
    }

  gtk_label_set_label (self->header_title, title);
  gtk_label_set_label (self->header_subtitle, subtitle);
}

static void
update_actions (WaymarkInspector *self)
{
  WaymarkPersona *persona = waymark_map_editor_get_persona (self->map_editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.delete", self->selection->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.add-comment",
                                 waymark_comment_list_get_can_add (self->comment_list));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.add-persona",
                                 waymark_map_editor_get_map (self->map_editor) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.choose-photo",
                                 persona != NULL && !waymark_map_editor_get_busy (self->map_editor));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.remove-photo",
                                 persona != NULL && waymark_persona_get_photo (persona) != NULL);
}

/* Shows the page for the selection, each editor with its subject; the
 * editors of the other pages let go of theirs. */
static void
update (WaymarkInspector *self)
{
  const char *page = get_page_name (self);

  g_clear_handle_id (&self->update_source, g_source_remove);
  _waymark_inspector_fields_begin_update (self->fields);

  gtk_stack_set_visible_child_name (self->stack, page);
  update_header (self, page);

  waymark_card_editor_update (self->card_editor, (WaymarkCard *) single (self, WAYMARK_TYPE_CARD));
  waymark_cards_editor_update (self->cards_editor, g_str_equal (page, "cards") ? self->selection : NULL);
  waymark_stage_editor_update (self->stage_editor, (WaymarkStage *) single (self, WAYMARK_TYPE_STAGE));
  waymark_lane_editor_update (self->lane_editor, (WaymarkLane *) single (self, WAYMARK_TYPE_LANE));
  waymark_map_editor_update (self->map_editor, g_str_equal (page, "map") ? current_map (self) : NULL);

  update_actions (self);

  _waymark_inspector_fields_end_update (self->fields);
}

static void
update_comments (WaymarkInspector *self)
{
  waymark_comment_list_update (self->comment_list, (WaymarkCard *) single (self, WAYMARK_TYPE_CARD));
}

static gboolean
in_selection (WaymarkInspector *self,
              WaymarkObject    *object)
{
  return g_hash_table_contains (self->selected, object);
}

/* A widget by its id in the panel's template or an editor's; no two of
 * them use the same id. */
static GtkWidget *
find_template_child (WaymarkInspector *self,
                     const char       *id)
{
  struct {
    GtkWidget *widget;
    GType      type;
  } templates[] = {
    { GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR },
    { GTK_WIDGET (self->map_editor), WAYMARK_TYPE_MAP_EDITOR },
    { GTK_WIDGET (self->card_editor), WAYMARK_TYPE_CARD_EDITOR },
    { GTK_WIDGET (self->comment_list), WAYMARK_TYPE_COMMENT_LIST },
    { GTK_WIDGET (self->cards_editor), WAYMARK_TYPE_CARDS_EDITOR },
    { GTK_WIDGET (self->stage_editor), WAYMARK_TYPE_STAGE_EDITOR },
    { GTK_WIDGET (self->lane_editor), WAYMARK_TYPE_LANE_EDITOR },
  };

  for (guint i = 0; i < G_N_ELEMENTS (templates); i++)
    {
      GObject *child = gtk_widget_get_template_child (templates[i].widget, templates[i].type, id);

      if (GTK_IS_WIDGET (child))
        return GTK_WIDGET (child);
    }

  return NULL;
}

static gboolean
update_idle_cb (gpointer data)
{
  WaymarkInspector *self = data;

  self->update_source = 0;
  update (self);

  return G_SOURCE_REMOVE;
}

/* Whether a change to @object can change what the panel shows. */
static gboolean
concerns_panel (WaymarkInspector *self,
                WaymarkObject    *object)
{
  /* The document's own properties: its title is on the map page. */
  if (object == NULL)
    return self->selection->len == 0;

  if (in_selection (self, object))
    return TRUE;

  if (self->selection->len == 0)
    return WAYMARK_IS_MAP (object) || WAYMARK_IS_PERSONA (object);

  /* An emotion lane's curve may be drawn from a metric. */
  if (WAYMARK_IS_METRIC (object) && single (self, WAYMARK_TYPE_LANE) != NULL)
    return TRUE;

  /* How far a card can span depends on its map's stages. */
  return WAYMARK_IS_STAGE (object) && single (self, WAYMARK_TYPE_CARD) != NULL;
}

static void
document_changed_cb (WaymarkInspector *self,
                     WaymarkObject    *object,
                     WaymarkChange     change,
                     GParamSpec       *pspec,
                     WaymarkDocument  *document)
{
  WaymarkObject *card = single (self, WAYMARK_TYPE_CARD);
  gboolean comments = FALSE;
  gboolean panel;

  if (change == WAYMARK_CHANGE_REMOVED)
    _waymark_inspector_fields_set_dying (self->fields, object);

  if (WAYMARK_IS_COMMENT (object))
    comments = card != NULL && waymark_comment_get_card (WAYMARK_COMMENT (object)) == waymark_object_get_id (card);

  panel = concerns_panel (self, object);

  /* The canvas will follow with a new selection; until then the panel
   * does not show what is gone. */
  if (change == WAYMARK_CHANGE_REMOVED && in_selection (self, object))
    {
      g_hash_table_remove (self->selected, object);
      g_ptr_array_remove (self->selection, object);
      comments = TRUE;
    }

  /* A bulk edit of many selected cards changes each in turn: they are
   * shown once it is over (those pages have no text to keep in step). */
  if (panel && self->selection->len > 1)
    {
      if (self->update_source == 0)
        self->update_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_idle_cb, self, NULL);
    }
  else if (panel)
    update (self);
  if (comments)
    update_comments (self);

  _waymark_inspector_fields_set_dying (self->fields, NULL);
}

/* The editors say when what the actions need changes. */
static void
editor_state_changed_cb (WaymarkInspector *self)
{
  update_actions (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  g_autoptr(GPtrArray) doomed = NULL;

  _waymark_inspector_fields_commit (self->fields);
  if (self->document == NULL || self->selection->len == 0)
    return;

  /* Deleting shrinks the selection as it goes. */
  doomed = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->selection->len; i++)
    g_ptr_array_add (doomed, g_object_ref (g_ptr_array_index (self->selection, i)));

  waymark_edit_delete (self->document, doomed);
}

static void
add_comment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);

  waymark_comment_list_add (self->comment_list);
}

static void
delete_comment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  WaymarkObject *comment = _waymark_inspector_fields_lookup (self->fields, g_variant_get_int64 (parameter),
                                                             WAYMARK_TYPE_COMMENT);

  _waymark_inspector_fields_commit (self->fields);
  if (comment != NULL)
    waymark_document_remove (self->document, comment);
}

static void
add_persona_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);

  waymark_map_editor_add_persona (self->map_editor);
}

static void
choose_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);

  waymark_map_editor_choose_photo (self->map_editor);
}

static void
remove_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);

  waymark_map_editor_remove_photo (self->map_editor);
}

static void
waymark_inspector_dispose (GObject *object)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  /* Closing the window right after typing keeps what was typed. */
  if (self->fields != NULL)
    _waymark_inspector_fields_commit (self->fields);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_clear_object (&self->document);
  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->selection != NULL)
    {
      g_hash_table_remove_all (self->selected);
      g_ptr_array_set_size (self->selection, 0);
    }

  self->comment_list = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_inspector_parent_class)->dispose (object);
}

static void
waymark_inspector_finalize (GObject *object)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->selection, g_ptr_array_unref);

  G_OBJECT_CLASS (waymark_inspector_parent_class)->finalize (object);
}

static void
waymark_inspector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    case PROP_MAP:
      g_value_set_int64 (value, self->map);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_inspector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      waymark_inspector_set_document (self, g_value_get_object (value));
      break;

    case PROP_MAP:
      waymark_inspector_set_map (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_inspector_class_init (WaymarkInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_inspector_dispose;
  object_class->finalize = waymark_inspector_finalize;
  object_class->get_property = waymark_inspector_get_property;
  object_class->set_property = waymark_inspector_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         WAYMARK_TYPE_DOCUMENT,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_MAP] =
    g_param_spec_int64 ("map", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources live in a static library: naming them here keeps the
   * linker from dropping the object whose constructor registers them. */
  g_assert (waymark_get_resource () != NULL);

  g_type_ensure (WAYMARK_TYPE_MAP_EDITOR);
  g_type_ensure (WAYMARK_TYPE_CARD_EDITOR);
  g_type_ensure (WAYMARK_TYPE_CARDS_EDITOR);
  g_type_ensure (WAYMARK_TYPE_STAGE_EDITOR);
  g_type_ensure (WAYMARK_TYPE_LANE_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, header_title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, header_subtitle);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, map_editor);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_editor);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, cards_editor);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stage_editor);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, lane_editor);

  gtk_widget_class_install_action (widget_class, "inspector.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "inspector.add-comment", NULL, add_comment_action);
  gtk_widget_class_install_action (widget_class, "inspector.delete-comment", "x", delete_comment_action);
  gtk_widget_class_install_action (widget_class, "inspector.add-persona", NULL, add_persona_action);
  gtk_widget_class_install_action (widget_class, "inspector.choose-photo", NULL, choose_photo_action);
  gtk_widget_class_install_action (widget_class, "inspector.remove-photo", NULL, remove_photo_action);
}

static void
waymark_inspector_init (WaymarkInspector *self)
{
  self->fields = _waymark_inspector_fields_new ();
  self->selection = g_ptr_array_new_with_free_func (g_object_unref);
  self->selected = g_hash_table_new (NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  waymark_map_editor_set_fields (self->map_editor, self->fields);
  waymark_card_editor_set_fields (self->card_editor, self->fields);
  waymark_cards_editor_set_fields (self->cards_editor, self->fields);
  waymark_stage_editor_set_fields (self->stage_editor, self->fields);
  waymark_lane_editor_set_fields (self->lane_editor, self->fields);
  self->comment_list = waymark_card_editor_get_comment_list (self->card_editor);

  g_signal_connect_object (self->comment_list, "notify::can-add",
                           G_CALLBACK (editor_state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_editor, "notify::busy",
                           G_CALLBACK (editor_state_changed_cb), self, G_CONNECT_SWAPPED);

  update (self);
}

/**
 * waymark_inspector_new:
 *
 * Returns: (transfer floating): a panel showing nothing until it has a document
 */
GtkWidget *
waymark_inspector_new (void)
{
  return g_object_new (WAYMARK_TYPE_INSPECTOR, NULL);
}

/**
 * waymark_inspector_get_document:
 * @self: a #WaymarkInspector
 *
 * Returns: (transfer none) (nullable): the document whose objects the panel edits
 */
WaymarkDocument *
waymark_inspector_get_document (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return self->document;
}

/**
 * waymark_inspector_set_document:
 * @self: a #WaymarkInspector
 * @document: (nullable): a document, or %NULL for none
 *
 * Shows @document's map with nothing selected.
 */
void
waymark_inspector_set_document (WaymarkInspector *self,
                                WaymarkDocument  *document)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR (self));
  g_return_if_fail (document == NULL || WAYMARK_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  _waymark_inspector_fields_commit (self->fields);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);

  waymark_map_editor_cancel_photo (self->map_editor);
  g_hash_table_remove_all (self->selected);
  g_ptr_array_set_size (self->selection, 0);
  g_set_object (&self->document, document);
  _waymark_inspector_fields_set_document (self->fields, document);

  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  waymark_map_editor_hide_photo_error (self->map_editor);
  update (self);
  update_comments (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

gint64
waymark_inspector_get_map (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), 0);

  return self->map;
}

/**
 * waymark_inspector_set_map:
 * @self: a #WaymarkInspector
 * @map: the id of the map shown when nothing is selected, or 0 for the
 *   document's first map
 */
void
waymark_inspector_set_map (WaymarkInspector *self,
                           gint64            map)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR (self));
  g_return_if_fail (map >= 0);

  if (self->map == map)
    return;

  _waymark_inspector_fields_commit (self->fields);
  self->map = map;
  waymark_map_editor_hide_photo_error (self->map_editor);
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

/**
 * waymark_inspector_get_selection:
 * @self: a #WaymarkInspector
 *
 * Returns: (transfer none) (element-type WaymarkObject): what the panel
 *   shows; objects deleted since they were selected are no longer in it
 */
GPtrArray *
waymark_inspector_get_selection (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return self->selection;
}

/**
 * waymark_inspector_set_selection:
 * @self: a #WaymarkInspector
 * @objects: (nullable) (element-type WaymarkObject): objects of the
 *   document: cards, a stage or a lane (emotion points and connectors can
 *   only be deleted here); empty or %NULL for the map
 *
 * Shows the fields of @objects.
 */
void
waymark_inspector_set_selection (WaymarkInspector *self,
                                 GPtrArray        *objects)
{
  gboolean same;

  g_return_if_fail (WAYMARK_IS_INSPECTOR (self));

  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      WaymarkObject *object = g_ptr_array_index (objects, i);

      g_return_if_fail (WAYMARK_IS_CARD (object) || WAYMARK_IS_STAGE (object) || WAYMARK_IS_LANE (object) ||
                        WAYMARK_IS_EMOTION (object) || WAYMARK_IS_CONNECTOR (object));
      g_return_if_fail (self->document != NULL && waymark_object_get_document (object) == self->document);
    }

  same = self->selection->len == (objects != NULL ? objects->len : 0);
  for (guint i = 0; same && i < self->selection->len; i++)
    same = g_ptr_array_index (self->selection, i) == g_ptr_array_index (objects, i);
  if (same)
    return;

  _waymark_inspector_fields_commit (self->fields);
  g_hash_table_remove_all (self->selected);
  g_ptr_array_set_size (self->selection, 0);
  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      WaymarkObject *object = g_ptr_array_index (objects, i);

      /* Each once, as the canvas may list one twice. */
      if (g_hash_table_add (self->selected, object))
        g_ptr_array_add (self->selection, g_object_ref (object));
    }

  waymark_map_editor_hide_photo_error (self->map_editor);

  update (self);
  update_comments (self);
}

GtkWidget *
_waymark_inspector_get_widget (WaymarkInspector *self,
                               const char       *id)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return find_template_child (self, id);
}

const char *
_waymark_inspector_get_page (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

GtkWidget *
_waymark_inspector_get_swatch (WaymarkInspector *self,
                               const char       *colors_id,
                               const char       *color)
{
  GtkWidget *box = _waymark_inspector_get_widget (self, colors_id);

  g_return_val_if_fail (GTK_IS_BOX (box), NULL);

  return _waymark_inspector_fields_get_swatch (box, color);
}

guint
_waymark_inspector_get_n_comments (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), 0);

  return waymark_comment_list_get_n_comments (self->comment_list);
}

GtkWidget *
_waymark_inspector_get_comment_delete (WaymarkInspector *self,
                                       guint             index)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return waymark_comment_list_get_delete_button (self->comment_list, index);
}

/* What “Choose Photo…” does once a file is chosen: see
 * waymark_map_editor_load_photo(). */
void
_waymark_inspector_load_photo (WaymarkInspector *self,
                               GFile            *file)
{
  g_return_if_fail (WAYMARK_IS_INSPECTOR (self));
  g_return_if_fail (G_IS_FILE (file));

  waymark_map_editor_load_photo (self->map_editor, file);
}

gboolean
_waymark_inspector_is_busy (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), FALSE);

  return waymark_map_editor_get_busy (self->map_editor);
}
