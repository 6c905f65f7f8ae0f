/* waymark-outline.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-outline"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "waymark-outline.h"
#include "waymark-edit.h"
#include "waymark-metric-definition.h"

/*
 * The map as a tree a screen reader walks and a sighted user skims: the
 * title and persona, then each stage, its lanes, their cards (with their
 * metrics, comments, votes and connectors) or the emotion point. Each row
 * is an object named by its title and described as it would be spoken
 * (“Touchpoint, Purchase, Web, NPS −23 below target, 300 answers, 2
 * comments”). Moving through it selects on the map; Enter goes to the map,
 * F2 renames there, Delete deletes. It follows the map's selection and
 * every change to the document.
 */

typedef enum
{
  NODE_TITLE,
  NODE_PERSONA,
  NODE_STAGE,
  NODE_LANE,
  NODE_CARD,
  NODE_EMOTION,
  NODE_CONNECTOR,
} NodeKind;

#define WAYMARK_TYPE_OUTLINE_NODE (waymark_outline_node_get_type ())
G_DECLARE_FINAL_TYPE (WaymarkOutlineNode, waymark_outline_node, WAYMARK, OUTLINE_NODE, GObject)

struct _WaymarkOutlineNode
{
  GObject     parent_instance;

  NodeKind    kind;
  gint64      object;   /* what the row stands for on the map */
  gint64      stage;    /* a lane's row: the stage it is under */
  char       *title;
  char       *kind_label;
  char       *description;
  GListStore *children;
};

G_DEFINE_FINAL_TYPE (WaymarkOutlineNode, waymark_outline_node, G_TYPE_OBJECT)

static void
waymark_outline_node_finalize (GObject *object)
{
  WaymarkOutlineNode *self = WAYMARK_OUTLINE_NODE (object);

  g_free (self->title);
  g_free (self->kind_label);
  g_free (self->description);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (waymark_outline_node_parent_class)->finalize (object);
}

static void
waymark_outline_node_class_init (WaymarkOutlineNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = waymark_outline_node_finalize;
}

static void
waymark_outline_node_init (WaymarkOutlineNode *self)
{
}

static WaymarkOutlineNode *
node_new (NodeKind    kind,
          gint64      object,
          const char *kind_label,
          const char *title,
          char       *description)
{
  WaymarkOutlineNode *node = g_object_new (WAYMARK_TYPE_OUTLINE_NODE, NULL);

  node->kind = kind;
  node->object = object;
  node->kind_label = g_strdup (kind_label);
  node->title = g_strdup (title != NULL && title[0] != '\0' ? title : _("Untitled"));
  node->description = description;
  return node;
}

static void
add_child (WaymarkOutlineNode *parent,
           WaymarkOutlineNode *child)
{
  if (parent->children == NULL)
    parent->children = g_list_store_new (WAYMARK_TYPE_OUTLINE_NODE);
  g_list_store_append (parent->children, child);
  g_object_unref (child);
}

struct _WaymarkOutline
{
  GtkBox              parent_instance;

  WaymarkDocument    *document;
  gint64              map;
  gulong              changed_id;
  guint               rebuild_source;
  gboolean            syncing;
  gboolean            dirty;          /* changed while not shown */

  GListStore         *root;
  GtkTreeListModel   *tree;
  GtkSingleSelection *selection;
  GtkWidget          *list;
  GtkWidget          *heading;
};

G_DEFINE_FINAL_TYPE (WaymarkOutline, waymark_outline, GTK_TYPE_BOX)

enum {
  OBJECT_SELECTED,
  OBJECT_ACTIVATED,
  CELL_SELECTED,
  EDIT_OBJECT,
  DELETE_OBJECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
id_of (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

/* A card as it would be spoken: kind, stage, lane, channel, its metrics
 * with their rating and number of answers, comments, votes. */
static char *
describe_card (WaymarkOutline *self,
               WaymarkCard    *card,
               WaymarkStage   *stage,
               WaymarkLane    *lane)
{
  GString *text = g_string_new (waymark_card_kind_label (waymark_card_get_kind (card)));
  GPtrArray *values = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC_VALUE);
  GPtrArray *comments = waymark_document_get_items (self->document, WAYMARK_TYPE_COMMENT);
  guint n_comments = 0;
  int votes = waymark_card_get_votes (card);

  g_string_append_printf (text, ", %s, %s", waymark_stage_get_title (stage), waymark_lane_get_title (lane));
  if (*waymark_card_get_channel (card) != '\0')
    g_string_append_printf (text, ", %s", waymark_card_channel_label (waymark_card_get_channel (card)));
  if (g_str_equal (waymark_card_get_kind (card), "pain-point") && waymark_card_get_severity (card) > 0)
    {
      static const char * const severities[] = { NULL, N_("low severity"), N_("medium severity"), N_("high severity") };

      g_string_append_printf (text, ", %s", _(severities[CLAMP (waymark_card_get_severity (card), 1, 3)]));
    }
  if (*waymark_card_get_status (card) != '\0')
    g_string_append_printf (text, ", %s", waymark_card_status_label (waymark_card_get_status (card)));
  if (*waymark_card_get_owner (card) != '\0')
    g_string_append_printf (text, ", %s", waymark_card_get_owner (card));

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      WaymarkObject *metric;
      const WaymarkMetricDefinition *definition;
      WaymarkMetricKind kind;
      g_autofree char *formatted = NULL;

      if (waymark_metric_value_get_card (value) != id_of (card) || *waymark_metric_value_get_period (value) != '\0' ||
          !WAYMARK_IS_METRIC (metric = waymark_document_lookup (self->document, waymark_metric_value_get_metric (value))) ||
          !waymark_metric_kind_from_string (waymark_metric_get_kind (WAYMARK_METRIC (metric)), &kind))
        continue;
      definition = waymark_metric_get_definition (WAYMARK_METRIC (metric));
      formatted = waymark_metric_format_value (kind, waymark_metric_value_get_value (value),
                                               definition ? definition->unit : NULL);
      g_string_append_printf (text, ", %s %s", waymark_metric_get_name (WAYMARK_METRIC (metric)), formatted);
      if (definition != NULL)
        switch (waymark_metric_definition_judge (definition, waymark_metric_value_get_value (value)))
          {
          case WAYMARK_METRIC_RATING_BAD:
            g_string_append_printf (text, " %s", _("below target"));
            break;
          case WAYMARK_METRIC_RATING_GOOD:
            g_string_append_printf (text, " %s", _("on target"));
            break;
          case WAYMARK_METRIC_RATING_WARNING:
          case WAYMARK_METRIC_RATING_NONE:
          default:
            break;
          }
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " answer", "%" PRId64 " answers",
                                                 (gulong) waymark_metric_value_get_n (value)),
                              waymark_metric_value_get_n (value));
    }

  for (guint i = 0; i < comments->len; i++)
    n_comments += waymark_comment_get_card (g_ptr_array_index (comments, i)) == id_of (card);
  if (n_comments > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u comment", "%u comments", n_comments), n_comments);
    }
  if (votes > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u vote", "%u votes", (guint) votes), (guint) votes);
    }
  if (*waymark_card_get_body (card) != '\0')
    g_string_append_printf (text, ". %s", waymark_card_get_body (card));
  return g_string_free (text, FALSE);
}

static GListStore *
build (WaymarkOutline *self)
{
  GListStore *root = g_list_store_new (WAYMARK_TYPE_OUTLINE_NODE);
  WaymarkObject *map = waymark_document_lookup (self->document, self->map);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  GPtrArray *emotions, *connectors;
  WaymarkObject *persona;

  if (!WAYMARK_IS_MAP (map))
    return root;

  {
    WaymarkOutlineNode *title = node_new (NODE_TITLE, self->map, _("Map"), waymark_map_get_title (WAYMARK_MAP (map)),
                                          g_strdup (waymark_map_get_scenario (WAYMARK_MAP (map))));

    g_list_store_append (root, title);
    g_object_unref (title);
  }
  persona = waymark_document_lookup (self->document, waymark_map_get_persona (WAYMARK_MAP (map)));
  if (WAYMARK_IS_PERSONA (persona))
    {
      WaymarkPersona *p = WAYMARK_PERSONA (persona);
      const char *parts[] = { waymark_persona_get_role (p), waymark_persona_get_quote (p),
                              waymark_persona_get_goals (p), waymark_persona_get_frustrations (p) };
      GString *about = g_string_new (NULL);
      WaymarkOutlineNode *node;

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL && parts[i][0] != '\0')
          {
            g_auto(GStrv) lines = g_strsplit (parts[i], "\n", -1);
            g_autofree char *joined = g_strjoinv (", ", lines);

            /* Sentences, said one after the other. */
            if (about->len > 0 && !strchr (".!?", about->str[about->len - 1]))
              g_string_append_c (about, '.');
            g_string_append_printf (about, "%s%s", about->len > 0 ? " " : "", g_strstrip (joined));
          }
      node = node_new (NODE_PERSONA, id_of (p), _("Persona"), waymark_persona_get_name (p), g_string_free (about, FALSE));

      g_list_store_append (root, node);
      g_object_unref (node);
    }

  stages = waymark_edit_dup_stages (self->document, self->map);
  lanes = waymark_edit_dup_lanes (self->document, self->map);
  emotions = waymark_document_get_items (self->document, WAYMARK_TYPE_EMOTION);
  connectors = waymark_document_get_items (self->document, WAYMARK_TYPE_CONNECTOR);
  for (guint s = 0; s < stages->len; s++)
    {
      WaymarkStage *stage = g_ptr_array_index (stages, s);
      /* Translators: an outline row's description, “Stage 2 of 6” and the stage's own description */
      g_autofree char *position = g_strdup_printf (_("Stage %u of %u"), s + 1, stages->len);
      WaymarkOutlineNode *stage_node = node_new (NODE_STAGE, id_of (stage), _("Stage"), waymark_stage_get_title (stage),
                                                 *waymark_stage_get_description (stage) != '\0'
                                                 ? g_strconcat (position, ". ", waymark_stage_get_description (stage), NULL)
                                                 : g_strdup (position));

      for (guint l = 0; l < lanes->len; l++)
        {
          WaymarkLane *lane = g_ptr_array_index (lanes, l);
          g_autoptr(GPtrArray) cards = waymark_document_dup_cell (self->document, id_of (stage), id_of (lane));
          gboolean emotion_lane = g_str_equal (waymark_lane_get_kind (lane), "emotions");
          WaymarkOutlineNode *lane_node;
          char *description;

          if (emotion_lane)
            description = g_strdup_printf ("%s, %s", waymark_lane_kind_label (waymark_lane_get_kind (lane)),
                                           waymark_stage_get_title (stage));
          else
            /* Translators: an outline row's description, “Touchpoints in Purchase, 2 cards” */
            description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s in %s, %u card", "%s in %s, %u cards",
                                                        cards->len),
                                           waymark_lane_get_title (lane), waymark_stage_get_title (stage), cards->len);
          lane_node = node_new (NODE_LANE, id_of (lane), _("Lane"), waymark_lane_get_title (lane), description);
          lane_node->stage = id_of (stage);

          if (emotion_lane)
            for (guint e = 0; e < emotions->len; e++)
              {
                WaymarkEmotion *emotion = g_ptr_array_index (emotions, e);
                g_autofree char *title = NULL;

                if (waymark_emotion_get_lane (emotion) != id_of (lane) || waymark_emotion_get_stage (emotion) != id_of (stage) ||
                    waymark_emotion_get_card (emotion) != 0)
                  continue;
                /* Translators: an emotion point in the outline, “Emotion +2: Relieved” */
                title = g_strdup_printf (_("Emotion %+d%s%s"), waymark_emotion_get_score (emotion),
                                         *waymark_emotion_get_label (emotion) ? ": " : "",
                                         waymark_emotion_get_label (emotion));
                add_child (lane_node, node_new (NODE_EMOTION, id_of (emotion), _("Emotion"), title,
                                                g_strdup_printf ("%s, %s", waymark_stage_get_title (stage),
                                                                 waymark_lane_get_title (lane))));
              }

          for (guint c = 0; c < cards->len; c++)
            {
              WaymarkCard *card = g_ptr_array_index (cards, c);
              WaymarkOutlineNode *card_node = node_new (NODE_CARD, id_of (card),
                                                        waymark_card_kind_label (waymark_card_get_kind (card)),
                                                        waymark_card_get_title (card),
                                                        describe_card (self, card, stage, lane));

              for (guint k = 0; k < connectors->len; k++)
                {
                  WaymarkConnector *connector = g_ptr_array_index (connectors, k);
                  WaymarkObject *target;
                  g_autofree char *title = NULL;

                  if (waymark_connector_get_source (connector) != id_of (card) ||
                      !WAYMARK_IS_CARD (target = waymark_document_lookup (self->document,
                                                                           waymark_connector_get_target (connector))))
                    continue;
                  /* Translators: a connector in the outline, under the card it leaves */
                  title = g_strdup_printf (_("To “%s”"), waymark_card_get_title (WAYMARK_CARD (target)));
                  add_child (card_node, node_new (NODE_CONNECTOR, id_of (connector), _("Connector"), title,
                                                  g_strdup (waymark_connector_get_label (connector))));
                }
              add_child (lane_node, card_node);
            }
          add_child (stage_node, lane_node);
        }
      g_list_store_append (root, stage_node);
      g_object_unref (stage_node);
    }
  return root;
}

static GListModel *
create_children (gpointer item,
                 gpointer user_data)
{
  WaymarkOutlineNode *node = item;

  return node->children != NULL ? G_LIST_MODEL (g_object_ref (node->children)) : NULL;
}

static WaymarkOutlineNode *
node_at (WaymarkOutline *self,
         guint           position)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->tree), position);

  if (row == NULL)
    return NULL;
  /* A borrowed reference: the row holds its item. */
  {
    g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

    return WAYMARK_OUTLINE_NODE (item);
  }
}

static guint
find_row (WaymarkOutline *self,
          gint64          object,
          gint64          stage)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tree));

  for (guint i = 0; i < n; i++)
    {
      WaymarkOutlineNode *node = node_at (self, i);

      if (node != NULL && node->object == object && (stage == 0 || node->stage == stage))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
select_row (WaymarkOutline *self,
            guint           position)
{
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", position);
}

static void
rebuild (WaymarkOutline *self)
{
  gint64 selected = 0, selected_stage = 0;
  WaymarkOutlineNode *node;
  g_autoptr(GListStore) root = NULL;
  GtkTreeListModel *old_tree = self->tree;

  if ((node = gtk_single_selection_get_selected_item (self->selection)) != NULL)
    {
      node = WAYMARK_OUTLINE_NODE (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (node)));
      selected = node->object;
      selected_stage = node->stage;
      g_object_unref (node);
    }

  root = self->document != NULL ? build (self) : g_list_store_new (WAYMARK_TYPE_OUTLINE_NODE);
  g_set_object (&self->root, root);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->root)), FALSE, TRUE,
                                        create_children, NULL, NULL);
  self->syncing = TRUE;
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
  self->syncing = FALSE;
  g_clear_object (&old_tree);
  if (selected != 0)
    select_row (self, find_row (self, selected, selected_stage));
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  WaymarkOutline *self = data;

  self->rebuild_source = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
document_changed_cb (WaymarkOutline *self)
{
  /* Hidden, it catches up when it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->dirty = TRUE;
      return;
    }
  if (self->rebuild_source == 0)
    self->rebuild_source = g_timeout_add_full (G_PRIORITY_LOW, 150, rebuild_idle_cb, self, NULL);
}

static void
mapped_cb (WaymarkOutline *self,
           gpointer        unused)
{
  if (self->dirty)
    {
      self->dirty = FALSE;
      rebuild (self);
    }
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          WaymarkOutline           *self)
{
  /* A tree item to a screen reader, not a panel. */
  GtkWidget *expander = g_object_new (GTK_TYPE_TREE_EXPANDER, "accessible-role", GTK_ACCESSIBLE_ROLE_TREE_ITEM, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *title = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         WaymarkOutline           *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  g_autoptr(GObject) object = gtk_tree_list_row_get_item (row);
  WaymarkOutlineNode *node = WAYMARK_OUTLINE_NODE (object);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *kind = gtk_widget_get_last_child (box);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_label (GTK_LABEL (title), node->title);
  gtk_label_set_label (GTK_LABEL (kind), node->kind_label);
  if (node->kind == NODE_STAGE || node->kind == NODE_TITLE)
    gtk_widget_add_css_class (title, "heading");
  else
    gtk_widget_remove_css_class (title, "heading");
  /* Named by its title, described as it would be said. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (expander),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, node->title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  node->description ? node->description : node->kind_label,
                                  -1);
}

static void
selected_cb (WaymarkOutline *self)
{
  WaymarkOutlineNode *node = NULL;
  GtkTreeListRow *row;

  if (self->syncing || (row = gtk_single_selection_get_selected_item (self->selection)) == NULL)
    return;
  node = WAYMARK_OUTLINE_NODE (gtk_tree_list_row_get_item (row));
  if (node->kind == NODE_LANE)
    g_signal_emit (self, signals[CELL_SELECTED], 0, node->stage, node->object);
  else if (node->kind == NODE_EMOTION)
    {
      WaymarkObject *emotion = waymark_document_lookup (self->document, node->object);

      if (WAYMARK_IS_EMOTION (emotion))
        g_signal_emit (self, signals[CELL_SELECTED], 0, waymark_emotion_get_stage (WAYMARK_EMOTION (emotion)),
                       waymark_emotion_get_lane (WAYMARK_EMOTION (emotion)));
    }
  else if (node->kind != NODE_PERSONA)
    g_signal_emit (self, signals[OBJECT_SELECTED], 0, node->object);
  g_object_unref (node);
}

static void
activate_cb (WaymarkOutline *self,
             guint           position)
{
  WaymarkOutlineNode *node = node_at (self, position);

  if (node != NULL)
    g_signal_emit (self, signals[OBJECT_ACTIVATED], 0, node->object);
}

static gboolean
key_pressed_cb (WaymarkOutline        *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  WaymarkOutlineNode *node = position != GTK_INVALID_LIST_POSITION ? node_at (self, position) : NULL;

  if (node == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_F2:
      if (node->kind == NODE_PERSONA)
        return FALSE;
      g_signal_emit (self, signals[EDIT_OBJECT], 0, node->object);
      return TRUE;
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (node->kind == NODE_TITLE || node->kind == NODE_PERSONA)
        return FALSE;
      g_signal_emit (self, signals[DELETE_OBJECT], 0, node->object);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
waymark_outline_dispose (GObject *object)
{
  WaymarkOutline *self = WAYMARK_OUTLINE (object);

  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree);
  g_clear_object (&self->root);
  G_OBJECT_CLASS (waymark_outline_parent_class)->dispose (object);
}

static void
waymark_outline_class_init (WaymarkOutlineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = waymark_outline_dispose;

  /* A row moved to: an object of the map, or a cell (stage, lane). */
  signals[OBJECT_SELECTED] = g_signal_new ("object-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                           NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[CELL_SELECTED] = g_signal_new ("cell-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  /* Enter or a double click: go to it on the map. */
  signals[OBJECT_ACTIVATED] = g_signal_new ("object-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[EDIT_OBJECT] = g_signal_new ("edit-object", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[DELETE_OBJECT] = g_signal_new ("delete-object", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "outline");
}

static void
waymark_outline_init (WaymarkOutline *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *controller;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);

  self->heading = gtk_label_new (_("Outline"));
  gtk_widget_add_css_class (self->heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->heading), 0);
  gtk_widget_set_margin_start (self->heading, 12);
  gtk_widget_set_margin_top (self->heading, 12);
  gtk_widget_set_margin_bottom (self->heading, 6);
  gtk_box_append (GTK_BOX (self), self->heading);

  self->root = g_list_store_new (WAYMARK_TYPE_OUTLINE_NODE);
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->root)), FALSE, TRUE,
                                        create_children, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->tree)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  self->list = gtk_list_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->heading, NULL, -1);
  g_signal_connect_swapped (self->list, "activate", G_CALLBACK (activate_cb), self);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->list, controller);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
  gtk_box_append (GTK_BOX (self), scroller);
}

GtkWidget *
waymark_outline_new (void)
{
  return g_object_new (WAYMARK_TYPE_OUTLINE, NULL);
}

/**
 * waymark_outline_set_document:
 * @document: (nullable): the document shown
 * @map: the map of it the outline lists
 */
void
waymark_outline_set_document (WaymarkOutline  *self,
                              WaymarkDocument *document,
                              gint64           map)
{
  g_return_if_fail (WAYMARK_IS_OUTLINE (self));

  if (self->document != NULL)
    g_clear_signal_handler (&self->changed_id, self->document);
  g_set_object (&self->document, document);
  self->map = map;
  if (document != NULL)
    self->changed_id = g_signal_connect_swapped (document, "changed", G_CALLBACK (document_changed_cb), self);
  g_clear_handle_id (&self->rebuild_source, g_source_remove);
  self->dirty = FALSE;
  rebuild (self);
}

static void
catch_up (WaymarkOutline *self)
{
  if (self->rebuild_source != 0 || self->dirty)
    {
      g_clear_handle_id (&self->rebuild_source, g_source_remove);
      self->dirty = FALSE;
      rebuild (self);
    }
}

/**
 * waymark_outline_select_cell:
 * @stage: a stage of the map
 * @lane: a lane of the map
 *
 * Follows the map's cursor to a cell: its lane under its stage.
 */
void
waymark_outline_select_cell (WaymarkOutline *self,
                             gint64          stage,
                             gint64          lane)
{
  g_return_if_fail (WAYMARK_IS_OUTLINE (self));

  catch_up (self);
  select_row (self, find_row (self, lane, stage));
}

/**
 * waymark_outline_select_object:
 * @object: a stage, lane, card, connector or the map; 0 for nothing
 *
 * Follows the map's selection, without telling it back.
 */
void
waymark_outline_select_object (WaymarkOutline *self,
                               gint64          object)
{
  g_return_if_fail (WAYMARK_IS_OUTLINE (self));

  catch_up (self);
  select_row (self, object != 0 ? find_row (self, object, 0) : GTK_INVALID_LIST_POSITION);
}

gint64
waymark_outline_get_selected (WaymarkOutline *self)
{
  guint position;
  WaymarkOutlineNode *node;

  g_return_val_if_fail (WAYMARK_IS_OUTLINE (self), 0);

  position = gtk_single_selection_get_selected (self->selection);
  node = position != GTK_INVALID_LIST_POSITION ? node_at (self, position) : NULL;
  return node != NULL ? node->object : 0;
}

guint
_waymark_outline_get_n_rows (WaymarkOutline *self)
{
  catch_up (self);
  return g_list_model_get_n_items (G_LIST_MODEL (self->tree));
}

/* The row's name as a screen reader hears it, and its description. */
char *
_waymark_outline_dup_row_name (WaymarkOutline *self,
                               guint           position)
{
  WaymarkOutlineNode *node = node_at (self, position);

  return node != NULL ? g_strdup_printf ("%s|%s", node->title, node->description ? node->description : "") : NULL;
}

GtkWidget *
_waymark_outline_get_list (WaymarkOutline *self)
{
  return self->list;
}
