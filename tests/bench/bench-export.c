/* bench-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting a 500-card map: to a tiled A3 PDF and to SVG, from the
 * document to the file on disk (layout, scene, pages, writing), the
 * median of RUNS, with each file's size; beside the size of Cairo's own
 * SVG surface drawing the same scene through the painter, in the same run.
 *
 *   bench-export [RUNS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "waymark-core.h"
#include "bench-util.h"

#define N_CARDS 500

static double
file_kb (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    g_error ("%s is missing", path);
  return st.st_size / 1024.0;
}

static double
time_export (WaymarkDocument            *document,
             const WaymarkExportOptions *options,
             const char                 *path,
             guint                       runs)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree double *samples = g_new (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!waymark_export_file (document, options, file, NULL, NULL, NULL, &error))
        g_error ("%s: %s", path, error->message);
      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  return bench_median (samples, runs);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WaymarkDocument) document = waymark_generate (N_CARDS, 8, 6, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *cairo_svg = NULL;
  WaymarkExportOptions options;
  guint runs = 11;
  double pdf_ms, svg_ms;

  if (argc > 1)
    runs = MAX (1, atoi (argv[1]));

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "map.pdf", NULL);
  svg = g_build_filename (dir, "map.svg", NULL);
  cairo_svg = g_build_filename (dir, "cairo.svg", NULL);

  waymark_export_options_init (&options);
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  options.paper = WAYMARK_PAPER_A3;
  pdf_ms = time_export (document, &options, pdf, runs);

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  svg_ms = time_export (document, &options, svg, runs);

  /* The baseline: the same scene through Cairo's SVG surface. */
  {
    g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
    g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
    cairo_surface_t *surface;
    cairo_t *cr;
    double width, height;

    waymark_scene_update (scene);
    waymark_scene_get_size (scene, &width, &height);
    surface = cairo_svg_surface_create (cairo_svg, width, height);
    cr = cairo_create (surface);
    waymark_painter_draw_scene (cr, scene, NULL);
    cairo_destroy (cr);
    cairo_surface_finish (surface);
    if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
      g_error ("cairo: %s", cairo_status_to_string (cairo_surface_status (surface)));
    cairo_surface_destroy (surface);
  }

  printf ("BENCH export-pdf-500 %.1f ms\n", pdf_ms);
  printf ("BENCH export-pdf-500-size %.0f KB\n", file_kb (pdf));
  printf ("BENCH export-svg-500 %.1f ms\n", svg_ms);
  printf ("BENCH export-svg-500-size %.0f KB\n", file_kb (svg));
  printf ("BENCH export-svg-500-cairo-size %.0f KB\n", file_kb (cairo_svg));

  g_unlink (pdf);
  g_unlink (svg);
  g_unlink (cairo_svg);
  g_rmdir (dir);
  return 0;
}
