/* waymark-inspector.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "waymark-inspector-private.h"
#include "waymark-document-private.h"
#include "waymark-edit.h"
#include "waymark-format.h"
#include "waymark-resources.h"

/*
 * The side panel: the fields of what the canvas selected (one card,
 * several cards, a stage or a lane), or of the map and its persona when
 * nothing is selected.
 *
 * Every edit goes through the document, so it is undoable and every view
 * hears of it through `changed`. Text fields commit as the user types, once
 * per main loop iteration (replacing a selection is a deletion and an
 * insertion, which would otherwise be two changes) and before the next
 * frame; the document merges the keystrokes into one step. A field is
 * refreshed from `changed` only when the document holds something other
 * than what it shows and it has no edit of the user's waiting to be
 * committed, keeping the cursor where it was. `updating` is raised while
 * the panel writes into its own widgets, so that their change signals are
 * not taken for the user's edits.
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

typedef enum
{
  SUBJECT_CARD,
  SUBJECT_STAGE,
  SUBJECT_LANE,
  SUBJECT_MAP,
  SUBJECT_PERSONA,
} Subject;

/* The free-text fields: a widget of the template, the object it edits,
 * the property and the undo label (NULL: waymark_edit_rename()'s). They
 * commit as the user types; the document merges the keystrokes into one
 * labelled step. */
static const struct TextField
{
  const char *widget;
  Subject     subject;
  const char *property;
  const char *label;
} text_fields[] = {
  { "card_title_row", SUBJECT_CARD, "title", NULL },
  { "card_owner_row", SUBJECT_CARD, "owner", N_("Edit Owner") },
  { "card_body_view", SUBJECT_CARD, "body", N_("Edit Card Body") },
  { "stage_title_row", SUBJECT_STAGE, "title", NULL },
  { "stage_description_view", SUBJECT_STAGE, "description", N_("Edit Stage Description") },
  { "lane_title_row", SUBJECT_LANE, "title", NULL },
  { "map_title_row", SUBJECT_MAP, "title", N_("Rename Map") },
  { "map_scenario_view", SUBJECT_MAP, "scenario", N_("Edit Scenario") },
  { "persona_name_row", SUBJECT_PERSONA, "name", N_("Rename Persona") },
  { "persona_role_row", SUBJECT_PERSONA, "role", N_("Edit Persona Role") },
  { "persona_quote_view", SUBJECT_PERSONA, "quote", N_("Edit Persona Quote") },
  { "persona_goals_view", SUBJECT_PERSONA, "goals", N_("Edit Persona Goals") },
  { "persona_frustrations_view", SUBJECT_PERSONA, "frustrations", N_("Edit Persona Frustrations") },
};

/* A photo read and decoded on a worker thread. */
typedef struct
{
  GBytes     *bytes;
  GdkTexture *texture;
} Photo;

#define TEXT_FIELD_KEY "waymark-inspector-text-field"
#define SWATCH_COLOR_KEY "waymark-inspector-swatch-color"
#define COMMENT_DELETE_KEY "waymark-inspector-comment-delete"

struct _WaymarkInspector
{
  AdwBin              parent_instance;

  /* owned */
  WaymarkDocument    *document;
  GPtrArray          *selection;          /* WaymarkObject */
  GHashTable         *selected;           /* the same, as a set */
  GArray             *persona_ids;        /* gint64, one per item of map_persona_row */
  GtkStringList      *persona_names;
  GtkStringList      *status_model;
  GCancellable       *photo_cancellable;
  GBytes             *photo_bytes;        /* what photo_texture was decoded from */
  GdkTexture         *photo_texture;
  WaymarkObject      *pending_subject;    /* what pending_field's text is for */

  /* borrowed: an object being removed, still in the document while
   * `changed` says so, that nothing shown may list any more */
  WaymarkObject      *dying;

  /* template children */
  GtkLabel           *header_title;
  GtkLabel           *header_subtitle;
  GtkStack           *stack;
  AdwEntryRow        *map_title_row;
  AdwComboRow        *map_persona_row;
  GtkTextView        *map_scenario_view;
  GtkWidget          *add_persona_box;
  GtkWidget          *add_persona_button;
  GtkWidget          *photo_box;
  GtkWidget          *persona_box;
  AdwAvatar          *persona_avatar;
  GtkLabel           *photo_error_label;
  AdwEntryRow        *persona_name_row;
  AdwEntryRow        *persona_role_row;
  GtkTextView        *persona_quote_view;
  GtkTextView        *persona_goals_view;
  GtkTextView        *persona_frustrations_view;
  AdwEntryRow        *card_title_row;
  AdwComboRow        *card_kind_row;
  AdwComboRow        *card_channel_row;
  AdwEntryRow        *card_owner_row;
  AdwComboRow        *card_status_row;
  GtkSpinButton      *card_span;
  GtkWidget          *card_severity_group;
  GtkToggleButton    *severity_none;
  GtkToggleButton    *severity_low;
  GtkToggleButton    *severity_medium;
  GtkToggleButton    *severity_high;
  GtkWidget          *card_colors;
  GtkTextView        *card_body_view;
  GtkListBox         *comment_list;
  GtkEntry           *comment_entry;
  GtkWidget          *add_comment_button;
  AdwComboRow        *cards_kind_row;
  GtkWidget          *cards_colors;
  AdwEntryRow        *stage_title_row;
  GtkTextView        *stage_description_view;
  GtkWidget          *stage_colors;
  AdwEntryRow        *lane_title_row;
  AdwComboRow        *lane_kind_row;
  GtkSwitch          *lane_collapsed_switch;
  GtkWidget          *lane_colors;

  /* borrowed: the text field the user changed since the last commit */
  const struct TextField *pending_field;

  gint64              map;
  gint64              photo_persona;      /* whose photo is being read */
  guint               commit_source;
  guint               update_source;
  guint               n_comments;
  guint               updating;
};

G_DEFINE_FINAL_TYPE (WaymarkInspector, waymark_inspector, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_MAP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update (WaymarkInspector *self);
static void commit_pending (WaymarkInspector *self);

static void
photo_free (Photo *photo)
{
  g_clear_pointer (&photo->bytes, g_bytes_unref);
  g_clear_object (&photo->texture);
  g_free (photo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Photo, photo_free)

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
lane_kind_label_cb (GtkStringObject *item)
{
  return g_strdup (waymark_lane_kind_label (gtk_string_object_get_string (item)));
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

/* A combo row whose items are ids from @model, shown by @label_cb. */
static void
setup_choice_row (AdwComboRow *row,
                  GListModel  *model,
                  GCallback    label_cb)
{
  g_autoptr(GtkExpression) expression = NULL;

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL, label_cb, NULL, NULL);
  adw_combo_row_set_expression (row, expression);
  adw_combo_row_set_model (row, model);
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

static const char *
selected_id (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item != NULL ? gtk_string_object_get_string (item) : NULL;
}

/* Selects the item @id, or nothing when @id is NULL or not an item. */
static void
select_id (AdwComboRow *row,
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

static char *
dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Shows @text unless the widget shows it already — which is the case for
 * every edit the user is making in it — keeping the cursor where it was. */
static void
show_text (GObject    *widget,
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

static WaymarkObject *
lookup (WaymarkInspector *self,
        gint64            id,
        GType             type)
{
  WaymarkObject *object;

  if (self->document == NULL || id == 0)
    return NULL;

  object = waymark_document_lookup (self->document, id);
  if (object == NULL || object == self->dying || !G_TYPE_CHECK_INSTANCE_TYPE (object, type))
    return NULL;

  return object;
}

/* The map shown when nothing is selected: the one set, else the first. */
static WaymarkMap *
current_map (WaymarkInspector *self)
{
  GPtrArray *maps;
  WaymarkMap *first = NULL;

  if (self->document == NULL)
    return NULL;

  if (self->map != 0)
    return (WaymarkMap *) lookup (self, self->map, WAYMARK_TYPE_MAP);

  maps = waymark_document_get_items (self->document, WAYMARK_TYPE_MAP);
  for (guint i = 0; i < maps->len; i++)
    {
      WaymarkMap *map = g_ptr_array_index (maps, i);

      if (map == (WaymarkMap *) self->dying)
        continue;
      if (first == NULL || waymark_map_get_position (map) < waymark_map_get_position (first))
        first = map;
    }

  return first;
}

static WaymarkPersona *
current_persona (WaymarkInspector *self)
{
  WaymarkMap *map = current_map (self);

  if (map == NULL)
    return NULL;

  return (WaymarkPersona *) lookup (self, waymark_map_get_persona (map), WAYMARK_TYPE_PERSONA);
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

static WaymarkObject *
get_subject (WaymarkInspector *self,
             Subject           subject)
{
  switch (subject)
    {
    case SUBJECT_CARD:
      return single (self, WAYMARK_TYPE_CARD);
    case SUBJECT_STAGE:
      return single (self, WAYMARK_TYPE_STAGE);
    case SUBJECT_LANE:
      return single (self, WAYMARK_TYPE_LANE);
    case SUBJECT_MAP:
      return self->selection->len == 0 ? (WaymarkObject *) current_map (self) : NULL;
    case SUBJECT_PERSONA:
      return self->selection->len == 0 ? (WaymarkObject *) current_persona (self) : NULL;
    default:
      g_assert_not_reached ();
    }
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

/* One undoable step named @label; inside an open group, a part of it. */
static void
edit_value (WaymarkInspector *self,
            gpointer          object,
            const char       *label,
            const char       *property,
            const GValue     *value)
{
  /* What was typed before comes first in the history. */
  commit_pending (self);

  if (object == NULL || self->document == NULL)
    return;

  waymark_document_begin (self->document, label);
  waymark_document_set_value (self->document, object, property, value);
  waymark_document_end (self->document);
}

static void
edit_string (WaymarkInspector *self,
             gpointer          object,
             const char       *label,
             const char       *property,
             const char       *text)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, text);
  edit_value (self, object, label, property, &value);
}

static void
edit_int (WaymarkInspector *self,
          gpointer          object,
          const char       *label,
          const char       *property,
          int               number)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_INT);
  g_value_set_int (&value, number);
  edit_value (self, object, label, property, &value);
}

/* The stages from @card's to the map's last, which is as far as it can span. */
static int
max_span (WaymarkInspector *self,
          WaymarkCard      *card)
{
  WaymarkStage *stage = (WaymarkStage *) lookup (self, waymark_card_get_stage (card), WAYMARK_TYPE_STAGE);
  g_autoptr(GPtrArray) stages = NULL;
  int n = 0;
  int index = 0;

  if (stage == NULL)
    return 1;

  stages = waymark_edit_dup_stages (self->document, waymark_stage_get_map (stage));
  for (guint i = 0; i < stages->len; i++)
    {
      if (g_ptr_array_index (stages, i) == (gpointer) self->dying)
        continue;
      if (g_ptr_array_index (stages, i) == (gpointer) stage)
        index = n;
      n++;
    }

  return MAX (1, n - index);
}

static void
update_swatches (GtkWidget  *box,
                 const char *color)
{
  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *swatch_color = g_object_get_data (G_OBJECT (child), SWATCH_COLOR_KEY);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child),
                                    color != NULL && g_ascii_strcasecmp (swatch_color, color) == 0);
    }
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
update_status_model (WaymarkInspector *self,
                     const char       *status)
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

  select_id (self->card_status_row, shown);
}

static void
update_card_page (WaymarkInspector *self,
                  WaymarkCard      *card)
{
  GtkToggleButton *severity[] = { self->severity_none, self->severity_low, self->severity_medium, self->severity_high };
  const char *kind = waymark_card_get_kind (card);
  int span = waymark_card_get_span (card);

  select_id (self->card_kind_row, kind);
  select_id (self->card_channel_row, waymark_card_get_channel (card));
  gtk_widget_set_visible (GTK_WIDGET (self->card_channel_row), g_str_equal (kind, "touchpoint"));

  update_status_model (self, waymark_card_get_status (card));
  gtk_widget_set_visible (GTK_WIDGET (self->card_owner_row), g_str_equal (kind, "opportunity"));
  gtk_widget_set_visible (GTK_WIDGET (self->card_status_row), g_str_equal (kind, "opportunity"));

  gtk_toggle_button_set_active (severity[CLAMP (waymark_card_get_severity (card), 0, 3)], TRUE);
  gtk_widget_set_visible (self->card_severity_group, g_str_equal (kind, "pain-point"));

  /* A span past the last stage (a stage was deleted) is shown as it is. */
  gtk_spin_button_set_range (self->card_span, 1, MAX (max_span (self, card), span));
  gtk_spin_button_set_value (self->card_span, span);

  update_swatches (self->card_colors, waymark_card_get_color (card));
}

/* Kind and color of several cards: the common value, or none selected. */
static void
update_cards_page (WaymarkInspector *self)
{
  const char *kind = NULL;
  const char *color = NULL;

  for (guint i = 0; i < self->selection->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (self->selection, i);

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

  select_id (self->cards_kind_row, kind);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->cards_kind_row), kind == NULL ? _("Mixed") : NULL);
  update_swatches (self->cards_colors, color);
}

/* In the order the document lists them. */
static int
compare_personas (gconstpointer a,
                  gconstpointer b)
{
  WaymarkPersona *x = *(WaymarkPersona **) a;
  WaymarkPersona *y = *(WaymarkPersona **) b;
  gint64 ix, iy;

  if (waymark_persona_get_position (x) != waymark_persona_get_position (y))
    return waymark_persona_get_position (x) < waymark_persona_get_position (y) ? -1 : 1;

  ix = waymark_object_get_id (WAYMARK_OBJECT (x));
  iy = waymark_object_get_id (WAYMARK_OBJECT (y));
  return ix < iy ? -1 : ix > iy;
}

static void
update_persona_list (WaymarkInspector *self,
                     WaymarkMap       *map)
{
  g_autoptr(GPtrArray) personas = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  GPtrArray *items = waymark_document_get_items (self->document, WAYMARK_TYPE_PERSONA);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->persona_names));
  gint64 selected = waymark_map_get_persona (map);
  gint64 none = 0;
  guint position = 0;
  gboolean same;

  for (guint i = 0; i < items->len; i++)
    if (g_ptr_array_index (items, i) != (gpointer) self->dying)
      g_ptr_array_add (personas, g_ptr_array_index (items, i));
  g_ptr_array_sort (personas, compare_personas);

  g_array_set_size (self->persona_ids, 0);
  g_array_append_val (self->persona_ids, none);
  g_ptr_array_add (names, (gpointer) C_("persona", "None"));
  for (guint i = 0; i < personas->len; i++)
    {
      WaymarkPersona *persona = g_ptr_array_index (personas, i);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (persona));
      const char *name = waymark_persona_get_name (persona);

      g_array_append_val (self->persona_ids, id);
      g_ptr_array_add (names, (gpointer) (name[0] != '\0' ? name : _("Unnamed Persona")));
      if (id == selected)
        position = i + 1;
    }

  same = n_items == names->len;
  for (guint i = 0; same && i < n_items; i++)
    same = g_str_equal (gtk_string_list_get_string (self->persona_names, i), g_ptr_array_index (names, i));

  if (!same)
    {
      g_ptr_array_add (names, NULL);
      gtk_string_list_splice (self->persona_names, 0, n_items, (const char * const *) names->pdata);
    }

  if (adw_combo_row_get_selected (self->map_persona_row) != position)
    adw_combo_row_set_selected (self->map_persona_row, position);
}

/* Decodes a photo only when it is not the one shown already. */
static GdkTexture *
get_photo_texture (WaymarkInspector *self,
                   GBytes           *bytes)
{
  g_autoptr(GError) error = NULL;

  if (bytes == NULL)
    return NULL;

  /* Mostly the very bytes this panel stored, so equal without reading 8 MiB. */
  if (self->photo_bytes != NULL &&
      (self->photo_bytes == bytes || g_bytes_equal (self->photo_bytes, bytes)))
    return self->photo_texture;

  g_clear_pointer (&self->photo_bytes, g_bytes_unref);
  g_clear_object (&self->photo_texture);
  self->photo_bytes = g_bytes_ref (bytes);
  self->photo_texture = gdk_texture_new_from_bytes (bytes, &error);
  /* A document may hold a photo this system cannot decode: show initials. */
  if (self->photo_texture == NULL)
    g_debug ("Cannot show a persona’s photo: %s", error->message);

  return self->photo_texture;
}

static void
update_map_page (WaymarkInspector *self)
{
  WaymarkMap *map = current_map (self);
  WaymarkPersona *persona = current_persona (self);

  update_persona_list (self, map);

  gtk_widget_set_visible (self->photo_box, persona != NULL);
  gtk_widget_set_visible (self->persona_box, persona != NULL);
  gtk_widget_set_visible (self->add_persona_box, persona == NULL);

  if (persona == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
      return;
    }

  adw_avatar_set_text (self->persona_avatar, waymark_persona_get_name (persona));
  adw_avatar_set_custom_image (self->persona_avatar,
                               GDK_PAINTABLE (get_photo_texture (self, waymark_persona_get_photo (persona))));
}

static void
update_text_fields (WaymarkInspector *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      WaymarkObject *subject = get_subject (self, text_fields[i].subject);
      g_autofree char *text = NULL;

      /* The widget has newer text than the document: the user's. */
      if (subject == NULL || &text_fields[i] == self->pending_field)
        continue;

      g_object_get (subject, text_fields[i].property, &text, NULL);
      show_text (gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR,
                                                text_fields[i].widget),
                 text);
    }
}

static void
update_actions (WaymarkInspector *self)
{
  WaymarkPersona *persona = self->selection->len == 0 ? current_persona (self) : NULL;
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (comment));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.delete", self->selection->len > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.add-comment",
                                 single (self, WAYMARK_TYPE_CARD) != NULL && stripped[0] != '\0');
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.add-persona",
                                 self->selection->len == 0 && current_map (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.choose-photo",
                                 persona != NULL && self->photo_cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "inspector.remove-photo",
                                 persona != NULL && waymark_persona_get_photo (persona) != NULL);
}

static void
update (WaymarkInspector *self)
{
  const char *page = get_page_name (self);

  g_clear_handle_id (&self->update_source, g_source_remove);
  self->updating++;

  gtk_stack_set_visible_child_name (self->stack, page);
  update_header (self, page);

  if (g_str_equal (page, "card"))
    update_card_page (self, WAYMARK_CARD (g_ptr_array_index (self->selection, 0)));
  else if (g_str_equal (page, "cards"))
    update_cards_page (self);
  else if (g_str_equal (page, "stage"))
    update_swatches (self->stage_colors,
                     waymark_stage_get_color (g_ptr_array_index (self->selection, 0)));
  else if (g_str_equal (page, "lane"))
    {
      WaymarkLane *lane = g_ptr_array_index (self->selection, 0);

      select_id (self->lane_kind_row, waymark_lane_get_kind (lane));
      gtk_switch_set_active (self->lane_collapsed_switch, waymark_lane_get_collapsed (lane));
      update_swatches (self->lane_colors, waymark_lane_get_color (lane));
    }
  else if (g_str_equal (page, "map"))
    update_map_page (self);

  update_text_fields (self);
  update_actions (self);

  self->updating--;
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
update_comments (WaymarkInspector *self)
{
  WaymarkCard *card = (WaymarkCard *) single (self, WAYMARK_TYPE_CARD);
  g_autoptr(GPtrArray) comments = NULL;
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. The placeholder is not a row. */
  while ((child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->comment_list, 0))))
    gtk_list_box_remove (self->comment_list, child);
  self->n_comments = 0;

  if (card == NULL)
    return;

  comments = waymark_document_dup_children (self->document, WAYMARK_TYPE_COMMENT, "card",
                                            waymark_object_get_id (WAYMARK_OBJECT (card)));
  g_ptr_array_sort (comments, compare_comments);
  for (guint i = 0; i < comments->len; i++)
    {
      WaymarkComment *comment = g_ptr_array_index (comments, i);

      if (comment == (WaymarkComment *) self->dying)
        continue;

      gtk_list_box_append (self->comment_list, create_comment_row (comment));
      self->n_comments++;
    }
}

static gboolean
in_selection (WaymarkInspector *self,
              WaymarkObject    *object)
{
  return g_hash_table_contains (self->selected, object);
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
  if (object == NULL)
    return FALSE;

  if (in_selection (self, object))
    return TRUE;

  if (self->selection->len == 0)
    return WAYMARK_IS_MAP (object) || WAYMARK_IS_PERSONA (object);

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
    self->dying = object;

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

  self->dying = NULL;
}

static char *
dup_field_text (GObject *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return dup_buffer_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)));

  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (widget)));
}

/* Writes what the user typed into the document, if anything is waiting. */
static void
commit_pending (WaymarkInspector *self)
{
  const struct TextField *field = g_steal_pointer (&self->pending_field);
  g_autoptr(WaymarkObject) subject = g_steal_pointer (&self->pending_subject);
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->commit_source, g_source_remove);

  if (field == NULL || self->document == NULL || waymark_object_get_document (subject) != self->document)
    return;

  text = dup_field_text (gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR, field->widget));
  if (field->label == NULL)
    {
      waymark_edit_rename (self->document, subject, text);
      return;
    }

  _waymark_document_begin_merging (self->document, _(field->label));
  waymark_document_set (self->document, subject, field->property, text, NULL);
  waymark_document_end (self->document);
}

static gboolean
commit_idle_cb (gpointer data)
{
  WaymarkInspector *self = data;

  self->commit_source = 0;
  commit_pending (self);

  return G_SOURCE_REMOVE;
}

static void
text_field_changed_cb (GObject          *emitter,
                       WaymarkInspector *self)
{
  const struct TextField *field = g_object_get_data (emitter, TEXT_FIELD_KEY);
  WaymarkObject *subject;

  if (self->updating > 0 || self->document == NULL)
    return;

  if ((subject = get_subject (self, field->subject)) == NULL)
    return;

  if (self->pending_field != field || self->pending_subject != subject)
    commit_pending (self);

  self->pending_field = field;
  g_set_object (&self->pending_subject, subject);
  /* Before GTK redraws, so that the canvas shows it in the same frame. */
  if (self->commit_source == 0)
    self->commit_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, commit_idle_cb, self, NULL);
}

static void
card_kind_changed_cb (WaymarkInspector *self)
{
  const char *kind = selected_id (self->card_kind_row);

  if (self->updating > 0 || self->document == NULL || kind == NULL)
    return;

  edit_string (self, single (self, WAYMARK_TYPE_CARD), _("Change Card Kind"), "kind", kind);
}

static void
cards_kind_changed_cb (WaymarkInspector *self)
{
  const char *kind = selected_id (self->cards_kind_row);

  if (self->updating > 0 || self->document == NULL || kind == NULL)
    return;

  commit_pending (self);
  waymark_document_begin (self->document, _("Change Card Kind"));
  for (guint i = 0; i < self->selection->len; i++)
    edit_string (self, g_ptr_array_index (self->selection, i), NULL, "kind", kind);
  waymark_document_end (self->document);
}

static void
card_channel_changed_cb (WaymarkInspector *self)
{
  const char *channel = selected_id (self->card_channel_row);

  if (self->updating > 0 || self->document == NULL || channel == NULL)
    return;

  edit_string (self, single (self, WAYMARK_TYPE_CARD), _("Change Channel"), "channel", channel);
}

static void
card_status_changed_cb (WaymarkInspector *self)
{
  const char *status = selected_id (self->card_status_row);

  if (self->updating > 0 || self->document == NULL || status == NULL)
    return;

  edit_string (self, single (self, WAYMARK_TYPE_CARD), _("Change Status"), "status", status);
}

static void
severity_toggled_cb (GtkToggleButton  *button,
                     WaymarkInspector *self)
{
  GtkToggleButton *severity[] = { self->severity_none, self->severity_low, self->severity_medium, self->severity_high };

  if (self->updating > 0 || self->document == NULL || !gtk_toggle_button_get_active (button))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (severity); i++)
    if (severity[i] == button)
      edit_int (self, single (self, WAYMARK_TYPE_CARD), _("Change Severity"), "severity", i);
}

static void
card_span_changed_cb (WaymarkInspector *self)
{
  WaymarkObject *card = single (self, WAYMARK_TYPE_CARD);

  if (self->updating > 0 || self->document == NULL || card == NULL)
    return;

  commit_pending (self);
  /* Clicking “+” a few times is one step. */
  _waymark_document_begin_merging (self->document, _("Change Span"));
  waymark_document_set (self->document, card, "span", gtk_spin_button_get_value_as_int (self->card_span), NULL);
  waymark_document_end (self->document);
}

static void
lane_kind_changed_cb (WaymarkInspector *self)
{
  const char *kind = selected_id (self->lane_kind_row);

  if (self->updating > 0 || self->document == NULL || kind == NULL)
    return;

  edit_string (self, single (self, WAYMARK_TYPE_LANE), _("Change Lane Kind"), "kind", kind);
}

static void
lane_collapsed_changed_cb (WaymarkInspector *self)
{
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean collapsed = gtk_switch_get_active (self->lane_collapsed_switch);

  if (self->updating > 0 || self->document == NULL)
    return;

  g_value_init (&value, G_TYPE_BOOLEAN);
  g_value_set_boolean (&value, collapsed);
  edit_value (self, single (self, WAYMARK_TYPE_LANE),
              collapsed ? _("Collapse Lane") : _("Expand Lane"), "collapsed", &value);
}

static void
swatch_toggled_cb (GtkToggleButton  *button,
                   WaymarkInspector *self)
{
  const char *color = g_object_get_data (G_OBJECT (button), SWATCH_COLOR_KEY);

  if (self->updating > 0 || self->document == NULL || !gtk_toggle_button_get_active (button))
    return;

  commit_pending (self);
  /* Translators: undo labels, as for one card */
  waymark_document_begin (self->document, color[0] != '\0' ? _("Set Color") : _("Reset Color"));
  for (guint i = 0; i < self->selection->len; i++)
    waymark_edit_set_color (self->document, g_ptr_array_index (self->selection, i), color);
  waymark_document_end (self->document);
}

static void
map_persona_changed_cb (WaymarkInspector *self)
{
  g_auto(GValue) value = G_VALUE_INIT;
  guint position = adw_combo_row_get_selected (self->map_persona_row);

  if (self->updating > 0 || self->document == NULL || position >= self->persona_ids->len)
    return;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, g_array_index (self->persona_ids, gint64, position));
  edit_value (self, current_map (self), _("Change Persona"), "persona", &value);
}

static void
comment_entry_changed_cb (WaymarkInspector *self)
{
  update_actions (self);
}

static void
comment_entry_activate_cb (WaymarkInspector *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "inspector.add-comment", NULL);
}

static void
photo_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Photo) photo = g_task_propagate_pointer (G_TASK (result), &error);
  WaymarkPersona *persona;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->photo_cancellable);
  persona = (WaymarkPersona *) lookup (self, self->photo_persona, WAYMARK_TYPE_PERSONA);
  self->photo_persona = 0;

  if (photo == NULL)
    {
      gtk_label_set_label (self->photo_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), TRUE);
    }
  else if (persona != NULL)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);

      /* Decoded already: the avatar need not do it again. */
      g_clear_pointer (&self->photo_bytes, g_bytes_unref);
      g_set_object (&self->photo_texture, photo->texture);
      self->photo_bytes = g_bytes_ref (photo->bytes);

      g_value_init (&value, G_TYPE_BYTES);
      g_value_set_boxed (&value, photo->bytes);
      edit_value (self, persona, _("Change Photo"), "photo", &value);
    }

  update_actions (self);
}

/* On a worker thread: the file, if it is not too large, and its image. */
static void
load_photo_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Photo *photo;
  GdkTexture *texture;
  goffset size;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &error);
  if (info != NULL && g_file_info_get_size (info) <= WAYMARK_INSPECTOR_MAX_PHOTO_BYTES)
    bytes = g_file_load_bytes (file, cancellable, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (error != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("“%s” cannot be read: %s"), name, error->message);
      return;
    }

  /* The file may have grown since it was measured. */
  size = bytes != NULL ? (goffset) g_bytes_get_size (bytes) : g_file_info_get_size (info);
  if (size > WAYMARK_INSPECTOR_MAX_PHOTO_BYTES)
    {
      g_autofree char *file_size = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (WAYMARK_INSPECTOR_MAX_PHOTO_BYTES, G_FORMAT_SIZE_IEC_UNITS);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               /* Translators: a file name, its size and the largest size allowed, “8.0 MiB” */
                               _("“%s” is too large for a photo (%s; at most %s)"),
                               name, file_size, limit);
      return;
    }

  if (!(texture = gdk_texture_new_from_bytes (bytes, &error)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("“%s” is not an image that can be shown: %s"), name, error->message);
      return;
    }

  photo = g_new0 (Photo, 1);
  photo->bytes = g_steal_pointer (&bytes);
  photo->texture = texture;
  g_task_return_pointer (task, photo, (GDestroyNotify) photo_free);
}

static void
photo_chooser_response_cb (GtkNativeDialog  *chooser,
                           int               response,
                           WaymarkInspector *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      _waymark_inspector_load_photo (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  g_autoptr(GPtrArray) doomed = NULL;

  commit_pending (self);
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
  WaymarkObject *card = single (self, WAYMARK_TYPE_CARD);
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  const char *author = g_get_real_name ();

  if (card == NULL || body[0] == '\0')
    return;

  commit_pending (self);
  /* GLib says “Unknown” when the system has no real name. */
  if (author[0] == '\0' || g_str_equal (author, "Unknown"))
    author = g_get_user_name ();

  waymark_document_add (self->document, WAYMARK_TYPE_COMMENT,
                        "card", waymark_object_get_id (card),
                        "author", author,
                        "body", body,
                        "created", created,
                        NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
}

static void
delete_comment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  WaymarkObject *comment = lookup (self, g_variant_get_int64 (parameter), WAYMARK_TYPE_COMMENT);

  commit_pending (self);
  if (comment != NULL)
    waymark_document_remove (self->document, comment);
}

static void
add_persona_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  WaymarkMap *map = current_map (self);
  WaymarkObject *persona;
  GPtrArray *personas;
  int position = 0;

  if (map == NULL)
    return;

  commit_pending (self);
  personas = waymark_document_get_items (self->document, WAYMARK_TYPE_PERSONA);
  for (guint i = 0; i < personas->len; i++)
    position = MAX (position, waymark_persona_get_position (g_ptr_array_index (personas, i)) + 1);

  waymark_document_begin (self->document, _("Add Persona"));
  persona = waymark_document_add (self->document, WAYMARK_TYPE_PERSONA,
                                  "position", position,
                                  "name", _("New Persona"),
                                  NULL);
  waymark_document_set (self->document, map, "persona", waymark_object_get_id (persona), NULL);
  waymark_document_end (self->document);

  /* Ready to type the name over. */
  gtk_widget_grab_focus (GTK_WIDGET (self->persona_name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->persona_name_row), 0, -1);
}

static void
choose_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/*");

  chooser = gtk_file_chooser_native_new (_("Choose a Photo"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN,
                                         _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (photo_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
remove_photo_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (widget);
  g_auto(GValue) value = G_VALUE_INIT;

  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);

  g_value_init (&value, G_TYPE_BYTES);
  edit_value (self, current_persona (self), _("Remove Photo"), "photo", &value);
}

static void
add_swatches (WaymarkInspector *self,
              GtkWidget        *box)
{
  GtkToggleButton *first = NULL;

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
      g_signal_connect (button, "toggled", G_CALLBACK (swatch_toggled_cb), self);
      gtk_box_append (GTK_BOX (box), button);
    }
}

static void
waymark_inspector_dispose (GObject *object)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  /* Closing the window right after typing keeps what was typed. */
  commit_pending (self);
  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);
  g_clear_object (&self->document);
  g_clear_handle_id (&self->update_source, g_source_remove);
  if (self->selection != NULL)
    {
      g_hash_table_remove_all (self->selected);
      g_ptr_array_set_size (self->selection, 0);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR);

  G_OBJECT_CLASS (waymark_inspector_parent_class)->dispose (object);
}

static void
waymark_inspector_finalize (GObject *object)
{
  WaymarkInspector *self = WAYMARK_INSPECTOR (object);

  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_pointer (&self->persona_ids, g_array_unref);
  g_clear_object (&self->persona_names);
  g_clear_object (&self->status_model);
  g_clear_pointer (&self->photo_bytes, g_bytes_unref);
  g_clear_object (&self->photo_texture);
  g_clear_object (&self->pending_subject);

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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, header_title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, header_subtitle);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, map_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, map_persona_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, map_scenario_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, add_persona_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, add_persona_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, photo_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_avatar);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, photo_error_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_name_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_role_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_quote_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_goals_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, persona_frustrations_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_channel_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_owner_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_status_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_span);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_severity_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, severity_none);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, severity_low);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, severity_medium);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, severity_high);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_colors);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, card_body_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, comment_list);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, add_comment_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, cards_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, cards_colors);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stage_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stage_description_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, stage_colors);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, lane_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, lane_kind_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, lane_collapsed_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkInspector, lane_colors);

  gtk_widget_class_bind_template_callback (widget_class, card_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cards_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_channel_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_status_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, severity_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, card_span_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lane_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, lane_collapsed_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_persona_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_entry_activate_cb);

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
  g_autoptr(GtkListItemFactory) channel_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) card_kinds = NULL;
  g_autoptr(GtkStringList) lane_kinds = NULL;
  g_autoptr(GtkStringList) channels = NULL;
  GtkWidget *placeholder;

  /* Filling the template's widgets is not an edit. */
  self->updating++;

  self->selection = g_ptr_array_new_with_free_func (g_object_unref);
  self->selected = g_hash_table_new (NULL, NULL);
  self->persona_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->persona_names = gtk_string_list_new (NULL);
  self->status_model = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  card_kinds = gtk_string_list_new (waymark_card_kinds ());
  setup_choice_row (self->card_kind_row, G_LIST_MODEL (card_kinds), G_CALLBACK (card_kind_label_cb));
  setup_choice_row (self->cards_kind_row, G_LIST_MODEL (card_kinds), G_CALLBACK (card_kind_label_cb));
  lane_kinds = gtk_string_list_new (waymark_lane_kinds ());
  setup_choice_row (self->lane_kind_row, G_LIST_MODEL (lane_kinds), G_CALLBACK (lane_kind_label_cb));
  channels = gtk_string_list_new (waymark_card_channels ());
  setup_choice_row (self->card_channel_row, G_LIST_MODEL (channels), G_CALLBACK (channel_label_cb));
  g_signal_connect (channel_factory, "setup", G_CALLBACK (channel_setup_cb), NULL);
  g_signal_connect (channel_factory, "bind", G_CALLBACK (channel_bind_cb), NULL);
  adw_combo_row_set_factory (self->card_channel_row, channel_factory);
  setup_choice_row (self->card_status_row, G_LIST_MODEL (self->status_model), G_CALLBACK (status_label_cb));
  adw_combo_row_set_model (self->map_persona_row, G_LIST_MODEL (self->persona_names));

  add_swatches (self, self->card_colors);
  add_swatches (self, self->cards_colors);
  add_swatches (self, self->stage_colors);
  add_swatches (self, self->lane_colors);

  for (guint i = 0; i < G_N_ELEMENTS (text_fields); i++)
    {
      GObject *widget = gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR,
                                                       text_fields[i].widget);
      GObject *emitter = GTK_IS_TEXT_VIEW (widget) ? G_OBJECT (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)))
                                                   : widget;

      g_object_set_data (emitter, TEXT_FIELD_KEY, (gpointer) &text_fields[i]);
      g_signal_connect (emitter, "changed", G_CALLBACK (text_field_changed_cb), self);
    }

  placeholder = gtk_label_new (_("No comments yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->comment_list, placeholder);

  self->updating--;
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

  commit_pending (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_func (self->document, document_changed_cb, self);

  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_hash_table_remove_all (self->selected);
  g_ptr_array_set_size (self->selection, 0);
  g_set_object (&self->document, document);

  if (document != NULL)
    g_signal_connect_object (document, "changed", G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
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

  commit_pending (self);
  self->map = map;
  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
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

  commit_pending (self);
  g_hash_table_remove_all (self->selected);
  g_ptr_array_set_size (self->selection, 0);
  for (guint i = 0; objects != NULL && i < objects->len; i++)
    {
      WaymarkObject *object = g_ptr_array_index (objects, i);

      /* Each once, as the canvas may list one twice. */
      if (g_hash_table_add (self->selected, object))
        g_ptr_array_add (self->selection, g_object_ref (object));
    }

  /* A comment half written for another card is not this one's. */
  self->updating++;
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  self->updating--;
  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);

  update (self);
  update_comments (self);
}

GtkWidget *
_waymark_inspector_get_widget (WaymarkInspector *self,
                               const char       *id)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_INSPECTOR, id));
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

  for (GtkWidget *child = gtk_widget_get_first_child (box); child; child = gtk_widget_get_next_sibling (child))
    if (g_ascii_strcasecmp (g_object_get_data (G_OBJECT (child), SWATCH_COLOR_KEY), color) == 0)
      return child;

  return NULL;
}

guint
_waymark_inspector_get_n_comments (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), 0);

  return self->n_comments;
}

GtkWidget *
_waymark_inspector_get_comment_delete (WaymarkInspector *self,
                                       guint             index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), NULL);

  row = gtk_list_box_get_row_at_index (self->comment_list, index);
  return row != NULL ? g_object_get_data (G_OBJECT (row), COMMENT_DELETE_KEY) : NULL;
}

/* Reads @file on a worker thread and, if it is an image of at most
 * WAYMARK_INSPECTOR_MAX_PHOTO_BYTES, makes it the photo of the map's
 * persona as one undoable step; else says why under the avatar. */
void
_waymark_inspector_load_photo (WaymarkInspector *self,
                               GFile            *file)
{
  WaymarkPersona *persona;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WAYMARK_IS_INSPECTOR (self));
  g_return_if_fail (G_IS_FILE (file));

  if ((persona = current_persona (self)) == NULL || self->selection->len > 0)
    return;

  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  self->photo_cancellable = g_cancellable_new ();
  self->photo_persona = waymark_object_get_id (WAYMARK_OBJECT (persona));
  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
  update_actions (self);

  task = g_task_new (self, self->photo_cancellable, photo_loaded_cb, NULL);
  g_task_set_source_tag (task, _waymark_inspector_load_photo);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_photo_thread);
}

gboolean
_waymark_inspector_is_busy (WaymarkInspector *self)
{
  g_return_val_if_fail (WAYMARK_IS_INSPECTOR (self), FALSE);

  return self->photo_cancellable != NULL;
}
