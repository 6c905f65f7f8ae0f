/* waymark-print.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Printing a map: GtkPrintOperation over the export's pages, so paper
 * shows what a PDF would (see waymark-pages.c). */

#define G_LOG_DOMAIN "waymark-print"

#include "config.h"

#include <glib/gi18n.h>

#include "waymark-print.h"
#include "waymark-app-util.h"
#include "waymark-core.h"

typedef struct
{
  WaymarkDocument      *document;
  WaymarkLayout        *layout;
  WaymarkScene         *scene;
  WaymarkPages         *pages;
  WaymarkExportOptions  options;
  GtkWindow            *parent;
  gboolean              async;
} PrintJob;

static void
print_job_free (gpointer data)
{
  PrintJob *job = data;

  g_clear_object (&job->pages);
  g_clear_object (&job->scene);
  g_clear_object (&job->layout);
  g_clear_object (&job->document);
  g_free (job);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                PrintJob          *job)
{
  g_autoptr(GError) error = NULL;

  /* The paper the printer dialog chose, in points, drives the pages. */
  job->options.format = WAYMARK_EXPORT_FORMAT_PDF;
  job->options.paper = WAYMARK_PAPER_CUSTOM;
  job->options.paper_width = gtk_print_context_get_width (context);
  job->options.paper_height = gtk_print_context_get_height (context);
  job->options.landscape = job->options.paper_width > job->options.paper_height;
  /* The printer dialog has chosen the orientation by now. */
  job->options.auto_orientation = FALSE;

  g_clear_object (&job->pages);
  waymark_scene_update (job->scene);
  if (!(job->pages = waymark_pages_new (job->scene, &job->options, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Could not print: %s"), error->message);

      if (job->parent != NULL)
        waymark_report (GTK_WIDGET (job->parent), message, TRUE);
      gtk_print_operation_cancel (operation);
      return;
    }
  gtk_print_operation_set_n_pages (operation, waymark_pages_get_n_pages (job->pages));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  if (job->pages != NULL && page_nr >= 0 && (guint) page_nr < waymark_pages_get_n_pages (job->pages))
    waymark_pages_draw_page (job->pages, gtk_print_context_get_cairo_context (context), page_nr);
}

static gboolean
unref_later_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               PrintJob                *job)
{
  /* An operation that ran on after gtk_print_operation_run() returned is
   * ours to release, once its signal is over. */
  if (job->async)
    g_idle_add (unref_later_cb, operation);

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && job->parent != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      message = g_strdup_printf (_("Could not print: %s"), error ? error->message : _("unknown error"));
      waymark_report (GTK_WIDGET (job->parent), message, TRUE);
    }
}

/**
 * waymark_print_map:
 * @parent: (nullable): the window the print dialog belongs to
 * @document: the document
 * @map: the map; 0 for the first
 *
 * Prints @map through #GtkPrintOperation with the export's pagination and
 * the export settings (layout, scale, added pages); the paper and
 * orientation come from the print dialog, starting from the export's.
 */
void
waymark_print_map (GtkWindow       *parent,
                   WaymarkDocument *document,
                   gint64           map)
{
  static const char * const gtk_papers[] = {
    [WAYMARK_PAPER_A4] = GTK_PAPER_NAME_A4,
    [WAYMARK_PAPER_A3] = "iso_a3",
    [WAYMARK_PAPER_A2] = "iso_a2",
    [WAYMARK_PAPER_A1] = "iso_a1",
    [WAYMARK_PAPER_A0] = "iso_a0",
    [WAYMARK_PAPER_LETTER] = GTK_PAPER_NAME_LETTER,
    [WAYMARK_PAPER_LEGAL] = GTK_PAPER_NAME_LEGAL,
    [WAYMARK_PAPER_TABLOID] = "na_ledger",
  };
  GtkPrintOperation *operation;
  GtkPrintOperationResult result;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GtkPaperSize) paper_size = NULL;
  PrintJob *job;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));

  job = g_new0 (PrintJob, 1);
  job->parent = parent;
  job->document = g_object_ref (document);
  waymark_export_settings_read (settings, &job->options);
  job->options.map = map != 0 ? map : waymark_export_find_map (document, NULL, NULL);
  job->layout = waymark_layout_new (document, job->options.map);
  waymark_layout_set_cell_columns (job->layout, MAX (job->options.cell_columns, 1));
  waymark_layout_set_spans (job->layout, job->options.mode != WAYMARK_EXPORT_MODE_DECK);
  job->scene = waymark_scene_new (job->layout, waymark_theme_get_light ());

  /* The orientation offered first: the map's, when left to us. */
  if (job->options.auto_orientation)
    {
      double width, height;

      waymark_scene_update (job->scene);
      waymark_scene_get_size (job->scene, &width, &height);
      job->options.landscape = width >= height;
    }
  paper_size = gtk_paper_size_new (gtk_papers[job->options.paper]);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper_size);
  gtk_page_setup_set_orientation (setup, job->options.landscape ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                : GTK_PAGE_ORIENTATION_PORTRAIT);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), job);
  g_object_set_data_full (G_OBJECT (operation), "waymark-print-job", job, print_job_free);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, NULL);
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    job->async = TRUE;
  else
    g_object_unref (operation);
}

