/* waymark-export-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-export-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "waymark-core.h"
#include "waymark-export-dialog-private.h"
#include "waymark-app-util.h"

/*
 * The export dialog: format, paper, orientation, layout, scale and the
 * pages to add, with thumbnails of the pages that follow every change,
 * remembered in GSettings. The document is not thread-safe, so Export
 * saves a copy of it on the main thread and a worker thread loads that
 * copy and exports it, with a progress bar and a way to stop; the file is
 * written atomically by waymark_export_file(). Print uses the same pages.
 */

#define PREVIEW_DELAY_MS 150
#define THUMB_WIDTH      150
#define MAX_THUMBS       24
/* Above this many cards, only the chosen layout is measured, not all four. */
#define DESCRIBE_ALL_CARDS 3000
/* The poster size choices: legible, 1 to 4 pages wide, a scale. */
#define POSTER_LEGIBLE   0
#define POSTER_SCALE     5

typedef struct
{
  WaymarkDocument      *copy;     /* the document as it was, the worker's own */
  GFile                *target;
  WaymarkExportOptions  options;
} Job;

typedef struct
{
  WaymarkExportDialog *dialog;
  double               fraction;
} Progress;

struct _WaymarkExportDialog
{
  AdwWindow             parent_instance;

  /* owned */
  WaymarkDocument      *document;
  GSettings            *settings;
  WaymarkLayout        *layout;
  WaymarkScene         *scene;
  GCancellable         *cancellable;
  GFile                *target;
  gint64                map;
  guint                 preview_source;
  guint                 n_pages;
  gboolean              busy;
  gboolean              loading;

  /* template children */
  AdwWindowTitle       *window_title;
  GtkButton            *cancel_button;
  GtkButton            *export_button;
  GtkProgressBar       *progress;
  AdwComboRow          *format_row;
  AdwComboRow          *paper_row;
  AdwComboRow          *orientation_row;
  AdwPreferencesGroup  *layout_group;
  AdwActionRow         *auto_row;
  AdwActionRow         *fit_row;
  AdwActionRow         *tile_row;
  AdwActionRow         *deck_row;
  GtkCheckButton       *auto_check;
  GtkCheckButton       *fit_check;
  GtkCheckButton       *tile_check;
  GtkCheckButton       *deck_check;
  AdwComboRow          *columns_row;
  AdwComboRow          *poster_row;
  AdwActionRow         *scale_row;
  GtkSpinButton        *scale_spin;
  GtkSpinButton        *dpi_spin;
  GtkSwitch            *cover_switch;
  GtkSwitch            *summary_switch;
  GtkSwitch            *legend_switch;
  GtkSwitch            *appendix_switch;
  GtkSwitch            *transparent_switch;
  AdwPreferencesGroup  *page_group;
  AdwPreferencesGroup  *extra_group;
  AdwPreferencesGroup  *image_group;
  GtkLabel             *status_label;
  GtkFlowBox           *preview;
};

G_DEFINE_FINAL_TYPE (WaymarkExportDialog, waymark_export_dialog, ADW_TYPE_WINDOW)


static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->copy);
  g_clear_object (&job->target);
  g_free (job);
}

static WaymarkExportMode
selected_mode (WaymarkExportDialog *self)
{
  if (gtk_check_button_get_active (self->fit_check))
    return WAYMARK_EXPORT_MODE_FIT;
  if (gtk_check_button_get_active (self->tile_check))
    return WAYMARK_EXPORT_MODE_TILE;
  if (gtk_check_button_get_active (self->deck_check))
    return WAYMARK_EXPORT_MODE_DECK;
  return WAYMARK_EXPORT_MODE_AUTO;
}

static void
read_options (WaymarkExportDialog  *self,
              WaymarkExportOptions *options)
{
  guint orientation = adw_combo_row_get_selected (self->orientation_row);
  guint poster = adw_combo_row_get_selected (self->poster_row);

  waymark_export_options_init (options);
  options->map = self->map;
  options->format = adw_combo_row_get_selected (self->format_row);
  options->paper = MIN (adw_combo_row_get_selected (self->paper_row), WAYMARK_PAPER_TABLOID);
  /* Automatic, landscape, portrait. */
  options->auto_orientation = orientation == 0;
  options->landscape = orientation != 2;
  options->mode = selected_mode (self);
  options->cell_columns = adw_combo_row_get_selected (self->columns_row) + 1;
  if (poster == POSTER_SCALE)
    options->scale = gtk_spin_button_get_value (self->scale_spin);
  else
    {
      options->scale = 0;
      options->pages_wide = poster > POSTER_LEGIBLE && poster < POSTER_SCALE ? poster : 0;
    }
  options->cover = gtk_switch_get_active (self->cover_switch);
  options->summary = gtk_switch_get_active (self->summary_switch);
  options->legend = gtk_switch_get_active (self->legend_switch);
  options->appendix = gtk_switch_get_active (self->appendix_switch);
  options->dpi = gtk_spin_button_get_value (self->dpi_spin);
  options->transparent = gtk_switch_get_active (self->transparent_switch);
}

static void
load_settings (WaymarkExportDialog *self)
{
  WaymarkExportOptions options;
  GtkCheckButton *checks[] = { self->fit_check, self->tile_check, self->deck_check, self->auto_check };

  waymark_export_settings_read (self->settings, &options);
  self->loading = TRUE;
  adw_combo_row_set_selected (self->format_row, options.format);
  adw_combo_row_set_selected (self->paper_row, options.paper);
  adw_combo_row_set_selected (self->orientation_row, options.auto_orientation ? 0 : options.landscape ? 1 : 2);
  /* In WaymarkExportMode order. */
  gtk_check_button_set_active (checks[MIN (options.mode, WAYMARK_EXPORT_MODE_AUTO)], TRUE);
  adw_combo_row_set_selected (self->columns_row, CLAMP (options.cell_columns, 1, 3) - 1);
  if (options.pages_wide > 0)
    adw_combo_row_set_selected (self->poster_row, MIN (options.pages_wide, POSTER_SCALE - 1));
  else if (options.scale == 0)
    adw_combo_row_set_selected (self->poster_row, POSTER_LEGIBLE);
  else
    {
      adw_combo_row_set_selected (self->poster_row, POSTER_SCALE);
      gtk_spin_button_set_value (self->scale_spin, options.scale);
    }
  if (options.scale == 0 || options.pages_wide > 0)
    gtk_spin_button_set_value (self->scale_spin, g_settings_get_int (self->settings, "export-scale"));
  gtk_switch_set_active (self->cover_switch, options.cover);
  gtk_switch_set_active (self->summary_switch, options.summary);
  gtk_switch_set_active (self->legend_switch, options.legend);
  gtk_switch_set_active (self->appendix_switch, options.appendix);
  gtk_spin_button_set_value (self->dpi_spin, options.dpi);
  gtk_switch_set_active (self->transparent_switch, options.transparent);
  self->loading = FALSE;
}

/* What @mode gives with the other options as they are: its pages and the
 * size of the map's smallest text on paper, for the row that offers it. */
static char *
describe_mode (WaymarkExportDialog        *self,
               const WaymarkExportOptions *current,
               WaymarkExportMode           mode)
{
  WaymarkExportOptions options = *current;
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *layout = NULL;
  guint n = 0;
  double text;

  /* The map's own pages, without the cover, legend and the rest. */
  options.mode = mode;
  options.cover = options.summary = options.legend = options.appendix = FALSE;
  options.note = NULL;
  if (!(pages = waymark_pages_new (self->scene, &options, &error)))
    return g_strdup (error->message);
  for (guint i = 0; i < waymark_pages_get_n_pages (pages); i++)
    n += waymark_pages_get_kind (pages, i) != WAYMARK_PAGE_OVERVIEW;
  text = waymark_pages_get_text_size (pages);

  if (mode == WAYMARK_EXPORT_MODE_AUTO)
    layout = n == 1 ? g_strdup (_("The whole map on one page"))
                    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "A poster of %u page", "A poster of %u pages", n), n);
  else
    layout = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n), n);
  if (text < WAYMARK_EXPORT_LEGIBLE_TEXT - 0.05)
    /* Translators: a layout's pages, then the size of its smallest text on paper */
    return g_strdup_printf (_("%s, text %.1f pt: too small to read"), layout, text);
  /* Translators: a layout's pages, then the size of its smallest text on paper */
  return g_strdup_printf (_("%s, text %.1f pt"), layout, text);
}

static void
describe_modes (WaymarkExportDialog        *self,
                const WaymarkExportOptions *options)
{
  AdwActionRow *rows[] = { self->fit_row, self->tile_row, self->deck_row, self->auto_row };
  GtkCheckButton *checks[] = { self->fit_check, self->tile_check, self->deck_check, self->auto_check };
  guint n_cards;
  gboolean all;

  waymark_layout_get_cards (self->layout, &n_cards);
  all = n_cards <= DESCRIBE_ALL_CARDS;
  for (WaymarkExportMode mode = WAYMARK_EXPORT_MODE_FIT; mode <= WAYMARK_EXPORT_MODE_AUTO; mode++)
    {
      g_autofree char *text = NULL;

      if (all || mode == options->mode)
        text = describe_mode (self, options, mode);
      adw_action_row_set_subtitle (rows[mode], text ? text : "");
      /* What a screen reader says with the choice, as the row shows it. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (checks[mode]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "", -1);
    }
}

static GdkTexture *
texture_for_surface (cairo_surface_t *surface)
{
  g_autoptr(GBytes) bytes = NULL;
  int stride = cairo_image_surface_get_stride (surface);
  int height = cairo_image_surface_get_height (surface);

  cairo_surface_flush (surface);
  /* Cairo's ARGB32 is GDK's default memory format. */
  bytes = g_bytes_new (cairo_image_surface_get_data (surface), (gsize) stride * height);
  return gdk_memory_texture_new (cairo_image_surface_get_width (surface), height,
                                 GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
add_thumbnail (WaymarkExportDialog *self,
               cairo_surface_t     *surface,
               const char          *caption)
{
  g_autoptr(GdkTexture) texture = texture_for_surface (surface);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *label = gtk_label_new (caption);

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), FALSE);
  gtk_widget_add_css_class (picture, "card");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), picture);
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_append (self->preview, box);
}

static void
clear_preview (WaymarkExportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview))))
    gtk_flow_box_remove (self->preview, child);
}

static void
preview_map (WaymarkExportDialog        *self,
             const WaymarkExportOptions *options)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height, scale;
  g_autofree char *status = NULL;

  waymark_scene_get_size (self->scene, &width, &height);
  scale = (THUMB_WIDTH * 2.0) / MAX (1, width);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, THUMB_WIDTH * 2, MAX (1, (int) (height * scale)));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  waymark_painter_draw_scene (cr, self->scene, NULL);
  cairo_destroy (cr);
  add_thumbnail (self, surface, _("The whole map"));
  cairo_surface_destroy (surface);

  if (options->format == WAYMARK_EXPORT_FORMAT_PNG)
    {
      double pw = width * options->dpi / 72, ph = height * options->dpi / 72;

      if (MAX (pw, ph) > WAYMARK_EXPORT_MAX_PIXELS)
        status = g_strdup_printf (_("%.0f × %.0f pixels is more than image viewers open; use %d dpi or less"),
                                  pw, ph, (int) (WAYMARK_EXPORT_MAX_PIXELS * 72.0 / MAX (width, height)));
      else
        status = g_strdup_printf (_("%.0f × %.0f pixels"), pw, ph);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), MAX (pw, ph) <= WAYMARK_EXPORT_MAX_PIXELS);
    }
  else if (options->format == WAYMARK_EXPORT_FORMAT_HTML)
    {
      guint n_maps = waymark_document_get_items (self->document, WAYMARK_TYPE_MAP)->len;

      if (n_maps < 2)
        status = g_strdup (_("One file that opens in any browser, offline: search, zoom and where each number comes from"));
      else
        /* Translators: what the shared web page is; %u counts the document's maps */
        status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "One file that opens in any browser, offline: all %u map as tabs, search, zoom and where each number comes from",
                                               "One file that opens in any browser, offline: all %u maps as tabs, search, zoom and where each number comes from",
                                               n_maps), n_maps);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
    }
  else
    {
      status = g_strdup_printf (_("%.0f × %.0f pt, text stays text"), width, height);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
    }
  gtk_label_set_text (self->status_label, status);
  self->n_pages = 1;
}

static void
preview_pages (WaymarkExportDialog        *self,
               const WaymarkExportOptions *options)
{
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  double width, height, scale;
  guint n;

  if (!(pages = waymark_pages_new (self->scene, options, &error)))
    {
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
      self->n_pages = 0;
      return;
    }

  n = waymark_pages_get_n_pages (pages);
  waymark_pages_get_page_size (pages, &width, &height);
  scale = THUMB_WIDTH / width;
  for (guint i = 0; i < MIN (n, MAX_THUMBS); i++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, THUMB_WIDTH,
                                                             (int) ceil (height * scale));
      cairo_t *cr = cairo_create (surface);
      g_autofree char *caption = g_strdup_printf ("%u", i + 1);

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      cairo_scale (cr, scale, scale);
      waymark_pages_draw_page (pages, cr, i);
      cairo_destroy (cr);
      add_thumbnail (self, surface, caption);
      cairo_surface_destroy (surface);
    }

  {
    g_autofree char *count = NULL;

    if (n > MAX_THUMBS)
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page; the first %u are shown",
                                            "%u pages; the first %u are shown", n), n, MAX_THUMBS);
    else
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u page", "%u pages", n), n);
    /* Translators: the pages, then the size on paper of the map's smallest text */
    status = g_strdup_printf (_("%s · the map’s smallest text is %.1f pt on paper"), count,
                              waymark_pages_get_text_size (pages));
  }
  gtk_label_set_text (self->status_label, status);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
  self->n_pages = n;
}

static void
update_preview (WaymarkExportDialog *self)
{
  WaymarkExportOptions options;

  read_options (self, &options);
  gtk_widget_set_visible (GTK_WIDGET (self->page_group), options.format == WAYMARK_EXPORT_FORMAT_PDF);
  gtk_widget_set_visible (GTK_WIDGET (self->extra_group), options.format == WAYMARK_EXPORT_FORMAT_PDF);
  gtk_widget_set_visible (GTK_WIDGET (self->layout_group), options.format == WAYMARK_EXPORT_FORMAT_PDF);
  gtk_widget_set_visible (GTK_WIDGET (self->image_group), options.format == WAYMARK_EXPORT_FORMAT_PNG);
  gtk_widget_set_visible (GTK_WIDGET (self->poster_row), options.mode == WAYMARK_EXPORT_MODE_TILE);
  gtk_widget_set_visible (GTK_WIDGET (self->scale_row), options.mode == WAYMARK_EXPORT_MODE_TILE &&
                          adw_combo_row_get_selected (self->poster_row) == POSTER_SCALE);

  clear_preview (self);
  waymark_layout_set_cell_columns (self->layout, options.cell_columns);
  waymark_layout_set_spans (self->layout, options.mode != WAYMARK_EXPORT_MODE_DECK);
  waymark_scene_update (self->scene);
  if (options.format == WAYMARK_EXPORT_FORMAT_PDF)
    describe_modes (self, &options);
  if (options.format == WAYMARK_EXPORT_FORMAT_PDF)
    preview_pages (self, &options);
  else
    preview_map (self, &options);
  if (self->busy)
    gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
}

static gboolean
preview_timeout_cb (gpointer data)
{
  WaymarkExportDialog *self = data;

  self->preview_source = 0;
  update_preview (self);
  return G_SOURCE_REMOVE;
}

static void
option_changed_cb (WaymarkExportDialog *self)
{
  if (self->loading)
    return;
  g_clear_handle_id (&self->preview_source, g_source_remove);
  self->preview_source = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
}

static gboolean
progress_cb (gpointer data)
{
  Progress *progress = data;

  gtk_progress_bar_set_fraction (progress->dialog->progress, progress->fraction);
  g_object_unref (progress->dialog);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

/* On the worker thread: hand the fraction to the main thread. */
static void
export_progress_cb (double   fraction,
                    gpointer user_data)
{
  Progress *progress = g_new (Progress, 1);

  progress->dialog = g_object_ref (user_data);
  progress->fraction = fraction;
  g_idle_add (progress_cb, progress);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;

  /* Everything here belongs to this thread: the copy, its layout and
   * scene, Pango's font map for the thread. */
  if (waymark_export_file (job->copy, &job->options, job->target, cancellable,
                           export_progress_cb, source_object, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
set_busy (WaymarkExportDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  gtk_progress_bar_set_fraction (self->progress, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy);
  gtk_button_set_label (self->cancel_button, busy ? _("_Stop") : _("_Cancel"));
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  WaymarkExportDialog *self = WAYMARK_EXPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = self->target ? g_file_get_basename (self->target) : g_strdup ("");

  /* Closed while exporting: the export was stopped and the widgets are gone. */
  if (self->progress == NULL)
    {
      g_task_propagate_boolean (G_TASK (result), NULL);
      return;
    }

  set_busy (self, FALSE);
  g_clear_object (&self->cancellable);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->status_label, _("Export stopped; nothing was written."));
          return;
        }
      message = g_strdup_printf (_("Could not export “%s”: %s"), name, error->message);
      gtk_label_set_text (self->status_label, message);
      waymark_report (GTK_WIDGET (self), message, TRUE);
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

    waymark_report_file (GTK_WIDGET (self), message, self->target);
  }
  gtk_label_set_text (self->status_label, _("Exported."));
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_export (WaymarkExportDialog *self,
              GFile               *file)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  read_options (self, &job->options);
  waymark_export_settings_write (self->settings, &job->options);
  job->target = g_object_ref (file);
  g_set_object (&self->target, file);

  /* The worker exports a copy of the document as it is now, in memory,
   * so the map may go on changing meanwhile. */
  job->copy = waymark_document_copy (self->document);

  set_busy (self, TRUE);
  gtk_label_set_text (self->status_label, _("Exporting…"));
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, start_export);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     WaymarkExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      start_export (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

/* Where the file chooser opens: the document's folder (the exports of a
 * map usually lie beside it), else where the chooser would anyway. */
static GFile *
dup_folder (WaymarkExportDialog *self)
{
  GFile *document_file = waymark_document_get_file (self->document);

  return document_file != NULL ? g_file_get_parent (document_file) : NULL;
}

static void
export_clicked_cb (WaymarkExportDialog *self)
{
  GtkFileChooserNative *chooser;
  WaymarkExportOptions options;
  WaymarkObject *map = waymark_document_lookup (self->document, self->map);
  g_autofree char *name = NULL;
  g_autofree char *suggested = NULL;

  if (self->busy)
    return;
  read_options (self, &options);
  name = g_strdup (WAYMARK_IS_MAP (map) && *waymark_map_get_title (WAYMARK_MAP (map))
                   ? waymark_map_get_title (WAYMARK_MAP (map)) : _("Map"));
  g_strdelimit (name, "/\\", '-');
  suggested = g_strconcat (name, ".", waymark_export_format_get_extension (options.format), NULL);

  chooser = gtk_file_chooser_native_new (_("Export Map"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  {
    g_autoptr(GFile) folder = dup_folder (self);

    if (folder != NULL)
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_clicked_cb (WaymarkExportDialog *self)
{
  if (self->busy)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
close_request_cb (GtkWindow *window)
{
  WaymarkExportDialog *self = WAYMARK_EXPORT_DIALOG (window);

  /* Closing while exporting stops the export; the file is not written. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
waymark_export_dialog_dispose (GObject *object)
{
  WaymarkExportDialog *self = WAYMARK_EXPORT_DIALOG (object);

  g_clear_handle_id (&self->preview_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->scene);
  g_clear_object (&self->layout);
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_clear_object (&self->target);

  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (waymark_export_dialog_parent_class)->dispose (object);
}

static void
waymark_export_dialog_class_init (WaymarkExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = waymark_export_dialog_dispose;
  window_class->close_request = close_request_cb;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, paper_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, orientation_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, layout_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, auto_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, fit_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, tile_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, deck_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, auto_check);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, fit_check);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, tile_check);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, deck_check);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, columns_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, poster_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, dpi_spin);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, cover_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, summary_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, appendix_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, transparent_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, page_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, extra_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, image_group);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkExportDialog, preview);
  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
waymark_export_dialog_init (WaymarkExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
}

/**
 * waymark_export_dialog_new:
 * @parent: (nullable): the window to stay above, whose toasts report the result
 * @document: the document
 * @map: the map to export; 0 for the first
 *
 * Returns: (transfer none): a new dialog; present it with gtk_window_present()
 */
WaymarkExportDialog *
waymark_export_dialog_new (GtkWindow       *parent,
                           WaymarkDocument *document,
                           gint64           map)
{
  WaymarkExportDialog *self;
  WaymarkObject *map_object;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  self = g_object_new (WAYMARK_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->document = g_object_ref (document);
  self->map = map != 0 ? map : waymark_export_find_map (document, NULL, NULL);
  self->layout = waymark_layout_new (document, self->map);
  self->scene = waymark_scene_new (self->layout, waymark_theme_get_light ());

  map_object = waymark_document_lookup (document, self->map);
  if (WAYMARK_IS_MAP (map_object))
    adw_window_title_set_subtitle (self->window_title, waymark_map_get_title (WAYMARK_MAP (map_object)));

  load_settings (self);
  update_preview (self);
  /* It opens on its first choice, not on Cancel; Enter still exports. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->format_row));
  return self;
}

void
_waymark_export_dialog_get_options (WaymarkExportDialog  *self,
                                    WaymarkExportOptions *options)
{
  g_return_if_fail (WAYMARK_IS_EXPORT_DIALOG (self));
  read_options (self, options);
}

guint
_waymark_export_dialog_get_n_pages (WaymarkExportDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), 0);

  if (self->preview_source != 0)
    {
      g_clear_handle_id (&self->preview_source, g_source_remove);
      update_preview (self);
    }
  return self->n_pages;
}

void
_waymark_export_dialog_export_to (WaymarkExportDialog *self,
                                  GFile               *file)
{
  g_return_if_fail (WAYMARK_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  start_export (self, file);
}

gboolean
_waymark_export_dialog_get_busy (WaymarkExportDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), FALSE);
  return self->busy;
}

GtkWidget *
_waymark_export_dialog_get_layout_row (WaymarkExportDialog *self,
                                       WaymarkExportMode    mode)
{
  AdwActionRow *rows[] = { self->fit_row, self->tile_row, self->deck_row, self->auto_row };

  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), NULL);
  g_return_val_if_fail (mode <= WAYMARK_EXPORT_MODE_AUTO, NULL);
  return GTK_WIDGET (rows[mode]);
}

GtkWidget *
_waymark_export_dialog_get_poster_row (WaymarkExportDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), NULL);
  return GTK_WIDGET (self->poster_row);
}

GtkWidget *
_waymark_export_dialog_get_summary_switch (WaymarkExportDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), NULL);
  return GTK_WIDGET (self->summary_switch);
}

GFile *
_waymark_export_dialog_dup_folder (WaymarkExportDialog *self)
{
  g_return_val_if_fail (WAYMARK_IS_EXPORT_DIALOG (self), NULL);

  return dup_folder (self);
}
