/* waymark-template-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-template-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-template-dialog-private.h"
#include "waymark-core.h"
#include "waymark-app-util.h"

/*
 * New from Template: a card for every built-in template with a preview of
 * its first map, laid out and drawn by the same layout, scene and painter
 * as the canvas, and the maps opened lately. Each card keeps its document
 * and scene, so redrawing and following the dark style rebuild nothing.
 * What a card or a row does is the window's own win.new-from-template and
 * win.open-recent: the dialog only chooses.
 */

#define MAX_RECENT     6
#define PREVIEW_WIDTH  260
#define PREVIEW_HEIGHT 170
/* Above this a small map's cards would look larger than on the canvas. */
#define MAX_SCALE      0.5
#define TARGET_KEY     "waymark-target"

typedef struct
{
  const char *name;
  const char *title;
  const char *description;
} TemplateInfo;

static const TemplateInfo template_infos[] = {
  { "blank", N_("Blank Map"),
    N_("Three stages and the usual lanes, ready for your journey") },
  { "ecommerce", N_("E-Commerce Purchase"),
    N_("A parent buying and sending a gift online, from discovery to returns") },
  { "saas-onboarding", N_("SaaS Onboarding"),
    N_("A team lead trying a workflow tool, reaching first value and renewing") },
  { "service-blueprint", N_("Service Blueprint"),
    N_("A hotel stay, from the evidence and frontstage down to support processes") },
  { "support-call", N_("Support Call"),
    N_("A customer phoning for help, through the phone menu and queue to a fix") },
};

typedef struct
{
  char            *name;
  WaymarkDocument *document;
  WaymarkLayout   *layout;
  WaymarkScene    *scene;
  GtkWidget       *area;      /* borrowed: the card's drawing area */
} Preview;

struct _WaymarkTemplateDialog
{
  AdwWindow   parent_instance;

  /* owned */
  GPtrArray  *previews;       /* Preview, in the cards' order */

  /* template children */
  GtkButton  *create_button;
  GtkFlowBox *templates;
  GtkWidget  *recent_group;
  GtkListBox *recent;
};

G_DEFINE_FINAL_TYPE (WaymarkTemplateDialog, waymark_template_dialog, ADW_TYPE_WINDOW)

static void
preview_free (gpointer data)
{
  Preview *preview = data;

  g_clear_object (&preview->scene);
  g_clear_object (&preview->layout);
  g_clear_object (&preview->document);
  g_free (preview->name);
  g_free (preview);
}

static const TemplateInfo *
lookup_info (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (template_infos); i++)
    if (g_str_equal (template_infos[i].name, name))
      return &template_infos[i];
  return NULL;
}

static gint64
find_first_map (WaymarkDocument *document)
{
  WaymarkMap *map = waymark_document_get_first_map (document);

  return map != NULL ? waymark_object_get_id (WAYMARK_OBJECT (map)) : 0;
}

static const WaymarkTheme *
get_theme (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? waymark_theme_get_dark ()
                                                                      : waymark_theme_get_light ();
}

/* Covers the card instead of letterboxing it: the top left of a wide map,
 * its title and first stages, says more than a thin strip of all of it. */
static void
draw_preview (Preview *preview,
              cairo_t *cr,
              int      width,
              int      height)
{
  const WaymarkTheme *theme = waymark_scene_get_theme (preview->scene);
  double map_width, map_height, scale;
  WaymarkRect area;

  cairo_set_source_rgba (cr, theme->background.red, theme->background.green,
                         theme->background.blue, 1.0);
  cairo_paint (cr);

  waymark_scene_update (preview->scene);
  waymark_scene_get_size (preview->scene, &map_width, &map_height);
  if (map_width <= 0 || map_height <= 0 || width <= 0 || height <= 0)
    return;

  scale = MIN (MAX (width / map_width, height / map_height), MAX_SCALE);
  area = (WaymarkRect) { 0, 0, width / scale, height / scale };
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_scale (cr, scale, scale);
  waymark_painter_draw_scene (cr, preview->scene, &area);
  cairo_restore (cr);
}

static void
preview_draw_cb (GtkDrawingArea *area,
                 cairo_t        *cr,
                 int             width,
                 int             height,
                 gpointer        data)
{
  draw_preview (data, cr, width, height);
}

static GtkWidget *
create_template_card (WaymarkTemplateDialog *self,
                      const char            *name)
{
  const TemplateInfo *info = lookup_info (name);
  const char *title = info != NULL ? _(info->title) : name;
  const char *description = info != NULL ? _(info->description) : "";
  g_autoptr(GError) error = NULL;
  g_autofree char *preview_label = NULL;
  GtkWidget *child, *box, *frame, *area, *label;
  Preview *preview;

  preview = g_new0 (Preview, 1);
  if (!(preview->document = waymark_store_new_document (name, title, &error)))
    {
      g_warning ("Template “%s” cannot be previewed: %s", name, error->message);
      preview_free (preview);
      return NULL;
    }
  preview->name = g_strdup (name);
  preview->layout = waymark_layout_new (preview->document, find_first_map (preview->document));
  preview->scene = waymark_scene_new (preview->layout, get_theme ());
  g_ptr_array_add (self->previews, preview);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  /* The frame rounds and clips the map like any other card. */
  frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (frame, "card");
  gtk_widget_set_overflow (frame, GTK_OVERFLOW_HIDDEN);
  gtk_box_append (GTK_BOX (box), frame);

  /* Translators: the accessible name of a template's picture; %s is its name */
  preview_label = g_strdup_printf (_("Preview of %s"), title);
  area = g_object_new (GTK_TYPE_DRAWING_AREA,
                       "accessible-role", GTK_ACCESSIBLE_ROLE_IMG,
                       "content-width", PREVIEW_WIDTH,
                       "content-height", PREVIEW_HEIGHT,
                       "hexpand", TRUE,
                       NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (area),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, preview_label,
                                  -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), preview_draw_cb, preview, NULL);
  gtk_box_append (GTK_BOX (frame), area);
  preview->area = area;

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (description);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Room for German and French, which run a third longer than English;
   * the tooltip has the whole text if a translation needs more. */
  gtk_label_set_lines (GTK_LABEL (label), 4);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 1);
  gtk_widget_set_tooltip_text (label, description);
  gtk_widget_set_vexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  child = gtk_flow_box_child_new ();
  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (child), box);
  gtk_widget_set_size_request (child, PREVIEW_WIDTH + 12, -1);
  gtk_widget_set_tooltip_text (child, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  g_object_set_data_full (G_OBJECT (child), TARGET_KEY, g_strdup (name), g_free);

  return child;
}

static void
populate_templates (WaymarkTemplateDialog *self)
{
  const char * const *names = waymark_store_list_templates ();
  gboolean moved = FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *card = create_template_card (self, names[i]);

      if (card != NULL)
        gtk_flow_box_append (self->templates, card);
    }

  /* Enter and Create work at once, on the blank map, and the arrow keys
   * start from it rather than from Cancel. Focusing the card would not do:
   * the arrows move the flow box's cursor, which only its own keyboard
   * handling sets, and this is it, as Home would run it. */
  g_signal_emit_by_name (self->templates, "move-cursor", GTK_MOVEMENT_BUFFER_ENDS, -1, FALSE, FALSE, &moved);
}

static GtkWidget *
create_recent_row (GtkRecentInfo *info)
{
  const char *uri = gtk_recent_info_get_uri (info);
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *location = waymark_dup_location (file);
  g_autofree char *path = g_file_get_path (file);
  GtkWidget *row, *icon;

  row = adw_action_row_new ();
  /* File names are not markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gtk_recent_info_get_display_name (info));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), location);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, path != NULL ? path : uri);

  icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);

  g_object_set_data_full (G_OBJECT (row), TARGET_KEY, g_strdup (uri), g_free);

  return row;
}

static void
update_recent (WaymarkTemplateDialog *self)
{
  /* The same maps as the window's Open Recent menu, fewer of them. */
  g_autoptr(GPtrArray) infos = waymark_recent_dup_maps (MAX_RECENT);
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->recent))))
    gtk_list_box_remove (self->recent, row);

  for (guint i = 0; i < infos->len; i++)
    gtk_list_box_append (self->recent, create_recent_row (g_ptr_array_index (infos, i)));

  gtk_widget_set_visible (self->recent_group, infos->len > 0);
}

/* The window does the work; the dialog goes first, so the focus lands on
 * the new map's canvas rather than coming back to a closing dialog. */
static void
activate_in_parent (WaymarkTemplateDialog *self,
                    const char            *action,
                    const char            *target)
{
  g_autoptr(GtkWidget) parent = NULL;

  if (gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL)
    parent = g_object_ref (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))));

  gtk_window_close (GTK_WINDOW (self));

  if (parent != NULL && !gtk_widget_activate_action (parent, action, "s", target))
    g_warning ("The window has no action %s", action);
}

static void
activate_template (WaymarkTemplateDialog *self,
                   GtkFlowBoxChild       *child)
{
  const char *name = g_object_get_data (G_OBJECT (child), TARGET_KEY);

  g_assert (name != NULL);
  activate_in_parent (self, "win.new-from-template", name);
}

static void
template_activated_cb (WaymarkTemplateDialog *self,
                       GtkFlowBoxChild       *child,
                       GtkFlowBox            *flow_box)
{
  activate_template (self, child);
}

static void
template_selection_changed_cb (WaymarkTemplateDialog *self,
                               GtkFlowBox            *flow_box)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (flow_box);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), selected != NULL);
}

static void
create_clicked_cb (WaymarkTemplateDialog *self,
                   GtkButton             *button)
{
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->templates);

  if (selected != NULL)
    activate_template (self, selected->data);
}

static void
recent_activated_cb (WaymarkTemplateDialog *self,
                     GtkListBoxRow         *row,
                     GtkListBox            *list_box)
{
  const char *uri = g_object_get_data (G_OBJECT (row), TARGET_KEY);

  g_assert (uri != NULL);
  activate_in_parent (self, "win.open-recent", uri);
}

static void
recent_manager_changed_cb (WaymarkTemplateDialog *self,
                           GtkRecentManager      *manager)
{
  update_recent (self);
}

static void
style_dark_cb (WaymarkTemplateDialog *self,
               GParamSpec            *pspec,
               AdwStyleManager       *manager)
{
  const WaymarkTheme *theme = get_theme ();

  for (guint i = 0; i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);

      waymark_scene_set_theme (preview->scene, theme);
      gtk_widget_queue_draw (preview->area);
    }
}

static void
waymark_template_dialog_dispose (GObject *object)
{
  WaymarkTemplateDialog *self = WAYMARK_TEMPLATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_TEMPLATE_DIALOG);

  G_OBJECT_CLASS (waymark_template_dialog_parent_class)->dispose (object);
}

static void
waymark_template_dialog_finalize (GObject *object)
{
  WaymarkTemplateDialog *self = WAYMARK_TEMPLATE_DIALOG (object);

  g_clear_pointer (&self->previews, g_ptr_array_unref);

  G_OBJECT_CLASS (waymark_template_dialog_parent_class)->finalize (object);
}

static void
waymark_template_dialog_class_init (WaymarkTemplateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_template_dialog_dispose;
  object_class->finalize = waymark_template_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-template-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkTemplateDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkTemplateDialog, templates);
  gtk_widget_class_bind_template_child (widget_class, WaymarkTemplateDialog, recent_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkTemplateDialog, recent);
  gtk_widget_class_bind_template_callback (widget_class, template_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
waymark_template_dialog_init (WaymarkTemplateDialog *self)
{
  self->previews = g_ptr_array_new_with_free_func (preview_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (style_dark_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (recent_manager_changed_cb), self, G_CONNECT_SWAPPED);

  populate_templates (self);
  update_recent (self);
}

/**
 * waymark_template_dialog_new:
 * @parent: the window whose win.new-from-template and win.open-recent
 *   actions the dialog activates
 *
 * Returns: (transfer none): a new modal dialog; present it
 */
WaymarkTemplateDialog *
waymark_template_dialog_new (GtkWindow *parent)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  return g_object_new (WAYMARK_TYPE_TEMPLATE_DIALOG,
                       "transient-for", parent,
                       NULL);
}

GtkFlowBox *
_waymark_template_dialog_get_templates (WaymarkTemplateDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_TEMPLATE_DIALOG (self), NULL);

  return self->templates;
}

GtkListBox *
_waymark_template_dialog_get_recent (WaymarkTemplateDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_TEMPLATE_DIALOG (self), NULL);

  return self->recent;
}

void
_waymark_template_dialog_draw_preview (WaymarkTemplateDialog *self,
                                       const char            *template_name,
                                       cairo_t               *cr,
                                       int                    width,
                                       int                    height)
{
  g_return_if_fail (WAYMARK_IS_TEMPLATE_DIALOG (self));
  g_return_if_fail (template_name != NULL);
  g_return_if_fail (cr != NULL);

  for (guint i = 0; i < self->previews->len; i++)
    {
      Preview *preview = g_ptr_array_index (self->previews, i);

      if (g_str_equal (preview->name, template_name))
        {
          draw_preview (preview, cr, width, height);
          return;
        }
    }
  g_critical ("No preview of the template “%s”", template_name);
}
