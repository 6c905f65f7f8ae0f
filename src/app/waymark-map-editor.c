/* waymark-map-editor.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-inspector"

#include "config.h"

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "waymark-map-editor.h"
#include "waymark-inspector-private.h"
#include "waymark-document-private.h"
#include "waymark-theme.h"

/*
 * The inspector's page when nothing is selected: the map's title,
 * persona and scenario, and the persona's photo, name, role, quote, goals
 * and frustrations — or a button to add a persona when the map has none.
 *
 * Photos are read and decoded on a worker thread (a GdkTexture from the
 * bytes, at most WAYMARK_INSPECTOR_MAX_PHOTO_BYTES); a file that fails
 * says why under the avatar. The buttons use the inspector's actions,
 * which call this editor's verbs.
 */

/* A photo read and decoded on a worker thread. */
typedef struct
{
  GBytes     *bytes;
  GdkTexture *texture;
} Photo;

struct _WaymarkMapEditor
{
  GtkBox                  parent_instance;

  /* owned */
  WaymarkInspectorFields *fields;
  WaymarkMap             *map;
  WaymarkPersona         *persona;
  GArray                 *persona_ids;        /* gint64, one per item of map_persona_row */
  GtkStringList          *persona_names;
  GCancellable           *photo_cancellable;
  GBytes                 *photo_bytes;        /* what photo_texture was decoded from */
  GdkTexture             *photo_texture;
  GdkTexture             *initial_texture;    /* the map's avatar, without a photo */
  char                   *initial_key;        /* what it shows: letter, style, size */

  /* template children */
  AdwEntryRow            *document_title_row;
  AdwEntryRow            *map_title_row;
  AdwComboRow            *map_persona_row;
  GtkTextView            *map_scenario_view;
  GtkWidget              *add_persona_box;
  GtkWidget              *add_persona_button;
  GtkWidget              *photo_box;
  GtkWidget              *persona_box;
  AdwAvatar              *persona_avatar;
  GtkLabel               *photo_error_label;
  AdwEntryRow            *persona_name_row;
  AdwEntryRow            *persona_role_row;
  GtkTextView            *persona_quote_view;
  GtkTextView            *persona_goals_view;
  GtkTextView            *persona_frustrations_view;

  gint64                  photo_persona;      /* whose photo is being read */
  gboolean                setting_title;
};

G_DEFINE_FINAL_TYPE (WaymarkMapEditor, waymark_map_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
photo_free (Photo *photo)
{
  g_clear_pointer (&photo->bytes, g_bytes_unref);
  g_clear_object (&photo->texture);
  g_free (photo);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Photo, photo_free)

/* Forgets the photo being read, if any. */
static void
cancel_photo (WaymarkMapEditor *self)
{
  if (self->photo_cancellable == NULL)
    return;

  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
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
update_persona_list (WaymarkMapEditor *self)
{
  g_autoptr(GPtrArray) personas = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  WaymarkDocument *document = _waymark_inspector_fields_get_document (self->fields);
  WaymarkObject *dying = _waymark_inspector_fields_get_dying (self->fields);
  GPtrArray *items = waymark_document_get_items (document, WAYMARK_TYPE_PERSONA);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->persona_names));
  gint64 selected = waymark_map_get_persona (self->map);
  gint64 none = 0;
  guint position = 0;
  gboolean same;

  for (guint i = 0; i < items->len; i++)
    if (g_ptr_array_index (items, i) != (gpointer) dying)
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
get_photo_texture (WaymarkMapEditor *self,
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

/* A persona without a photo as the map draws it (waymark-scene.c): its
 * initial in white on the theme's accent, so that the panel and the map
 * show the same face; AdwAvatar's own initials and colours would not. */
static GdkTexture *
get_initial_texture (WaymarkMapEditor *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  const WaymarkTheme *theme = dark ? waymark_theme_get_dark () : waymark_theme_get_light ();
  int size = adw_avatar_get_size (self->persona_avatar) * MAX (1, gtk_widget_get_scale_factor (GTK_WIDGET (self)));
  g_autofree char *initial = waymark_persona_dup_initial (self->persona);
  g_autofree char *key = g_strdup_printf ("%s %d %d", initial, dark, size);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(GBytes) bytes = NULL;
  PangoFontDescription *font;
  cairo_surface_t *surface;
  cairo_t *cr;
  int width, height;

  if (self->initial_texture != NULL && g_strcmp0 (self->initial_key, key) == 0)
    return self->initial_texture;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cr = cairo_create (surface);
  cairo_arc (cr, size / 2.0, size / 2.0, size / 2.0, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, theme->accent.red, theme->accent.green, theme->accent.blue, theme->accent.alpha);
  cairo_fill (cr);
  layout = pango_cairo_create_layout (cr);
  /* The map's letter: 24 points bold in a 56-point circle. */
  font = pango_font_description_from_string ("Cantarell, DejaVu Sans, sans-serif Bold");
  pango_font_description_set_absolute_size (font, size * 24.0 / 56.0 * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, initial, -1);
  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, (size - width) / 2.0, (size - height) / 2.0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Cairo's ARGB32 is GDK's default memory format. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * size);
  g_clear_object (&self->initial_texture);
  self->initial_texture = gdk_memory_texture_new (size, size, GDK_MEMORY_DEFAULT, bytes,
                                                  cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  g_free (self->initial_key);
  self->initial_key = g_steal_pointer (&key);
  return self->initial_texture;
}

static void update_fields (WaymarkMapEditor *self);

static void
style_changed_cb (WaymarkMapEditor *self)
{
  if (self->persona != NULL)
    update_fields (self);
}

static void
update_fields (WaymarkMapEditor *self)
{
  update_persona_list (self);

  gtk_widget_set_visible (self->photo_box, self->persona != NULL);
  gtk_widget_set_visible (self->persona_box, self->persona != NULL);
  gtk_widget_set_visible (self->add_persona_box, self->persona == NULL);

  if (self->persona == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
      return;
    }

  adw_avatar_set_text (self->persona_avatar, waymark_persona_get_name (self->persona));
  {
    GdkTexture *photo = get_photo_texture (self, waymark_persona_get_photo (self->persona));

    adw_avatar_set_custom_image (self->persona_avatar,
                                 GDK_PAINTABLE (photo != NULL ? photo : get_initial_texture (self)));
  }
}

static void
map_persona_changed_cb (WaymarkMapEditor *self)
{
  g_auto(GValue) value = G_VALUE_INIT;
  guint position = adw_combo_row_get_selected (self->map_persona_row);

  if (!_waymark_inspector_fields_can_edit (self->fields) || position >= self->persona_ids->len)
    return;

  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, g_array_index (self->persona_ids, gint64, position));
  _waymark_inspector_fields_edit_value (self->fields, self->map, _("Change Persona"), "persona", &value);
}

static void
photo_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  WaymarkMapEditor *self = WAYMARK_MAP_EDITOR (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(Photo) photo = g_task_propagate_pointer (G_TASK (result), &error);
  WaymarkPersona *persona;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->photo_cancellable);
  persona = (WaymarkPersona *) _waymark_inspector_fields_lookup (self->fields, self->photo_persona,
                                                                 WAYMARK_TYPE_PERSONA);
  self->photo_persona = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

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
      _waymark_inspector_fields_edit_value (self->fields, persona, _("Change Photo"), "photo", &value);
    }
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
                           WaymarkMapEditor *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      waymark_map_editor_load_photo (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
waymark_map_editor_dispose (GObject *object)
{
  WaymarkMapEditor *self = WAYMARK_MAP_EDITOR (object);

  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  g_clear_object (&self->map);
  g_clear_object (&self->persona);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_MAP_EDITOR);
  g_clear_object (&self->fields);

  G_OBJECT_CLASS (waymark_map_editor_parent_class)->dispose (object);
}

static void
waymark_map_editor_finalize (GObject *object)
{
  WaymarkMapEditor *self = WAYMARK_MAP_EDITOR (object);

  g_clear_pointer (&self->persona_ids, g_array_unref);
  g_clear_object (&self->persona_names);
  g_clear_pointer (&self->photo_bytes, g_bytes_unref);
  g_clear_object (&self->photo_texture);
  g_clear_object (&self->initial_texture);
  g_clear_pointer (&self->initial_key, g_free);

  G_OBJECT_CLASS (waymark_map_editor_parent_class)->finalize (object);
}

static void
waymark_map_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  WaymarkMapEditor *self = WAYMARK_MAP_EDITOR (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, waymark_map_editor_get_busy (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The document's title (the window's, the Save dialog's, the PDF
 * cover's), as it is typed: one undoable step. */
static void
document_title_changed_cb (WaymarkMapEditor *self,
                           GtkEditable      *editable)
{
  WaymarkDocument *document = self->fields ? _waymark_inspector_fields_get_document (self->fields) : NULL;
  g_autofree char *text = NULL;

  if (self->setting_title || document == NULL || !_waymark_inspector_fields_can_edit (self->fields))
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  if (g_str_equal (text, waymark_document_get_title (document)))
    return;
  /* What was typed elsewhere comes first in the history. */
  _waymark_inspector_fields_commit (self->fields);
  /* Translators: an undo label */
  _waymark_document_begin_merging (document, _("Rename Document"));
  waymark_document_set (document, document, "title", text, NULL);
  waymark_document_end (document);
}

static void
waymark_map_editor_class_init (WaymarkMapEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_map_editor_dispose;
  object_class->finalize = waymark_map_editor_finalize;
  object_class->get_property = waymark_map_editor_get_property;

  /**
   * WaymarkMapEditor:busy:
   *
   * Whether a photo is being read.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-map-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, document_title_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, map_title_row);
  gtk_widget_class_bind_template_callback (widget_class, document_title_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, map_persona_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, map_scenario_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, add_persona_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, add_persona_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, photo_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_box);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_avatar);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, photo_error_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_name_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_role_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_quote_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_goals_view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkMapEditor, persona_frustrations_view);

  gtk_widget_class_bind_template_callback (widget_class, map_persona_changed_cb);
}

static void
waymark_map_editor_init (WaymarkMapEditor *self)
{
  self->persona_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->persona_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Filling the row is not an edit: until it has its fields, the editor
   * takes no signal for one. */
  adw_combo_row_set_model (self->map_persona_row, G_LIST_MODEL (self->persona_names));

  /* The avatar's accent follows the style, as the map's does. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (style_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * waymark_map_editor_set_fields:
 * @self: a #WaymarkMapEditor
 * @fields: what the inspector's editors share
 *
 * Once, before anything is shown.
 */
void
waymark_map_editor_set_fields (WaymarkMapEditor       *self,
                               WaymarkInspectorFields *fields)
{
  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));
  g_return_if_fail (WAYMARK_IS_INSPECTOR_FIELDS (fields));
  g_return_if_fail (self->fields == NULL);

  self->fields = g_object_ref (fields);
  /* Through waymark_edit_rename (): the document's title may follow. */
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->map_title_row), "title", NULL);
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->map_scenario_view), "scenario", N_("Edit Scenario"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->persona_name_row), "name", N_("Rename Persona"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->persona_role_row), "role", N_("Edit Persona Role"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->persona_quote_view), "quote", N_("Edit Persona Quote"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->persona_goals_view), "goals", N_("Edit Persona Goals"));
  _waymark_inspector_fields_add_text (fields, GTK_WIDGET (self->persona_frustrations_view), "frustrations",
                                      N_("Edit Persona Frustrations"));
}

/**
 * waymark_map_editor_get_map:
 * @self: a #WaymarkMapEditor
 *
 * Returns: (transfer none) (nullable): the map shown
 */
WaymarkMap *
waymark_map_editor_get_map (WaymarkMapEditor *self)
{
  g_return_val_if_fail (WAYMARK_IS_MAP_EDITOR (self), NULL);

  return self->map;
}

/**
 * waymark_map_editor_get_persona:
 * @self: a #WaymarkMapEditor
 *
 * Returns: (transfer none) (nullable): the persona of the map shown
 */
WaymarkPersona *
waymark_map_editor_get_persona (WaymarkMapEditor *self)
{
  g_return_val_if_fail (WAYMARK_IS_MAP_EDITOR (self), NULL);

  return self->persona;
}

gboolean
waymark_map_editor_get_busy (WaymarkMapEditor *self)
{
  g_return_val_if_fail (WAYMARK_IS_MAP_EDITOR (self), FALSE);

  return self->photo_cancellable != NULL;
}

/**
 * waymark_map_editor_update:
 * @self: a #WaymarkMapEditor
 * @map: (nullable): the map to edit, or %NULL while the page is not shown
 *
 * Shows @map's fields and its persona's as the document has them now.
 */
void
waymark_map_editor_update (WaymarkMapEditor *self,
                           WaymarkMap       *map)
{
  WaymarkPersona *persona = NULL;

  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));
  g_return_if_fail (map == NULL || WAYMARK_IS_MAP (map));
  g_return_if_fail (self->fields != NULL);

  _waymark_inspector_fields_begin_update (self->fields);

  if (map != NULL)
    persona = (WaymarkPersona *) _waymark_inspector_fields_lookup (self->fields, waymark_map_get_persona (map),
                                                                   WAYMARK_TYPE_PERSONA);
  g_set_object (&self->map, map);
  g_set_object (&self->persona, persona);
  if (map != NULL)
    update_fields (self);

  if (map != NULL)
    {
      WaymarkDocument *document = _waymark_inspector_fields_get_document (self->fields);
      const char *title = document != NULL ? waymark_document_get_title (document) : "";

      /* Not while it is typed: the text is already what the document has. */
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->document_title_row)), title) != 0)
        {
          self->setting_title = TRUE;
          gtk_editable_set_text (GTK_EDITABLE (self->document_title_row), title);
          self->setting_title = FALSE;
        }
    }
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->map_title_row), map);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->map_scenario_view), map);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->persona_name_row), persona);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->persona_role_row), persona);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->persona_quote_view), persona);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->persona_goals_view), persona);
  _waymark_inspector_fields_show_text (self->fields, GTK_WIDGET (self->persona_frustrations_view), persona);

  _waymark_inspector_fields_end_update (self->fields);
}

/**
 * waymark_map_editor_add_persona:
 * @self: a #WaymarkMapEditor
 *
 * Adds a persona and makes it the map's, in one step, ready for its name
 * to be typed over.
 */
void
waymark_map_editor_add_persona (WaymarkMapEditor *self)
{
  WaymarkDocument *document;
  WaymarkObject *persona;
  GPtrArray *personas;
  int position = 0;

  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));

  if (self->map == NULL)
    return;

  _waymark_inspector_fields_commit (self->fields);
  document = _waymark_inspector_fields_get_document (self->fields);
  personas = waymark_document_get_items (document, WAYMARK_TYPE_PERSONA);
  for (guint i = 0; i < personas->len; i++)
    position = MAX (position, waymark_persona_get_position (g_ptr_array_index (personas, i)) + 1);

  waymark_document_begin (document, _("Add Persona"));
  persona = waymark_document_add (document, WAYMARK_TYPE_PERSONA,
                                  "position", position,
                                  "name", _("New Persona"),
                                  NULL);
  waymark_document_set (document, self->map, "persona", waymark_object_get_id (persona), NULL);
  waymark_document_end (document);

  gtk_widget_grab_focus (GTK_WIDGET (self->persona_name_row));
  gtk_editable_select_region (GTK_EDITABLE (self->persona_name_row), 0, -1);
}

/**
 * waymark_map_editor_choose_photo:
 * @self: a #WaymarkMapEditor
 *
 * Asks for an image (through the file chooser portal where there is one)
 * and loads it with waymark_map_editor_load_photo().
 */
void
waymark_map_editor_choose_photo (WaymarkMapEditor *self)
{
  GtkRoot *root;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
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

/**
 * waymark_map_editor_load_photo:
 * @self: a #WaymarkMapEditor
 * @file: an image
 *
 * Reads @file on a worker thread and, if it is an image of at most
 * WAYMARK_INSPECTOR_MAX_PHOTO_BYTES, makes it the photo of the map's
 * persona as one undoable step; else says why under the avatar.
 */
void
waymark_map_editor_load_photo (WaymarkMapEditor *self,
                               GFile            *file)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->persona == NULL)
    return;

  g_cancellable_cancel (self->photo_cancellable);
  g_clear_object (&self->photo_cancellable);
  self->photo_cancellable = g_cancellable_new ();
  self->photo_persona = waymark_object_get_id (WAYMARK_OBJECT (self->persona));
  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);

  task = g_task_new (self, self->photo_cancellable, photo_loaded_cb, NULL);
  g_task_set_source_tag (task, waymark_map_editor_load_photo);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, load_photo_thread);
}

/**
 * waymark_map_editor_remove_photo:
 * @self: a #WaymarkMapEditor
 *
 * Removes the persona's photo, as one undoable step.
 */
void
waymark_map_editor_remove_photo (WaymarkMapEditor *self)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);

  g_value_init (&value, G_TYPE_BYTES);
  _waymark_inspector_fields_edit_value (self->fields, self->persona, _("Remove Photo"), "photo", &value);
}

/**
 * waymark_map_editor_cancel_photo:
 * @self: a #WaymarkMapEditor
 *
 * Stops reading a photo, which will then not be set.
 */
void
waymark_map_editor_cancel_photo (WaymarkMapEditor *self)
{
  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));

  cancel_photo (self);
}

/**
 * waymark_map_editor_hide_photo_error:
 * @self: a #WaymarkMapEditor
 *
 * Hides why the last photo could not be set, as it concerns what was
 * shown then.
 */
void
waymark_map_editor_hide_photo_error (WaymarkMapEditor *self)
{
  g_return_if_fail (WAYMARK_IS_MAP_EDITOR (self));

  gtk_widget_set_visible (GTK_WIDGET (self->photo_error_label), FALSE);
}
