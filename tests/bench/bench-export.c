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
 * With the CLI and bench-rss: a 20,000-card map to an A3 poster at 5 %
 * (`waymark-cli export --tile --scale 5 --paper A3`, 81 pages) and the
 * 500-card map to a 150 dpi PNG, each with its peak memory, beside plain
 * Cairo drawing the same scene once into a PDF surface and into an image
 * surface written as PNG: what Cairo itself needs for the same drawing.
 *
 *   bench-export [RUNS [WAYMARK-CLI BENCH-RSS [BIG-RUNS]]]
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <cairo-pdf.h>
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

/* Runs @argv (bench-rss first) @runs times: the median wall time in ms,
 * and the largest peak memory in MiB. */
static double
time_command (const char * const *argv,
              guint               runs,
              double             *peak_mib)
{
  g_autofree double *samples = g_new (double, runs);

  *peak_mib = 0;
  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      int status = 0;
      double start = bench_now_ms ();

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("%s: %s", argv[1], error->message);
      samples[i] = bench_now_ms () - start;
      *peak_mib = MAX (*peak_mib, g_ascii_strtod (out, NULL) / 1024.0);
    }
  return bench_median (samples, runs);
}

/* Plain Cairo: @document's scene drawn once into a PDF page of its size,
 * or into an image surface at @dpi written as PNG; the median in ms. */
static double
time_cairo (WaymarkDocument *document,
            const char      *path,
            double           dpi,
            guint            runs)
{
  g_autofree double *samples = g_new (double, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(WaymarkLayout) layout = NULL;
      g_autoptr(WaymarkScene) scene = NULL;
      cairo_surface_t *surface;
      cairo_t *cr;
      double width, height, start = bench_now_ms ();

      layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
      scene = waymark_scene_new (layout, waymark_theme_get_light ());
      waymark_scene_update (scene);
      waymark_scene_get_size (scene, &width, &height);
      if (dpi > 0)
        surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) ceil (width * dpi / 72),
                                              (int) ceil (height * dpi / 72));
      else
        surface = cairo_pdf_surface_create (path, MIN (width, 14400), MIN (height, 14400));
      cr = cairo_create (surface);
      if (dpi > 0)
        cairo_scale (cr, dpi / 72, dpi / 72);
      else
        cairo_scale (cr, MIN (1, 14400 / MAX (width, height)), MIN (1, 14400 / MAX (width, height)));
      waymark_painter_draw_scene (cr, scene, NULL);
      cairo_destroy (cr);
      if (dpi > 0)
        cairo_surface_write_to_png (surface, path);
      cairo_surface_finish (surface);
      if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
        g_error ("cairo: %s", cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      samples[i] = bench_now_ms () - start;
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
  g_autofree char *html = NULL;
  WaymarkExportOptions options;
  guint runs = 11;
  double pdf_ms, svg_ms, html_ms;

  if (argc > 1)
    runs = MAX (1, atoi (argv[1]));

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "map.pdf", NULL);
  svg = g_build_filename (dir, "map.svg", NULL);
  cairo_svg = g_build_filename (dir, "cairo.svg", NULL);
  html = g_build_filename (dir, "map.html", NULL);

  waymark_export_options_init (&options);
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  options.paper = WAYMARK_PAPER_A3;
  pdf_ms = time_export (document, &options, pdf, runs);

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  svg_ms = time_export (document, &options, svg, runs);
  /* The shared page: the SVG twice (light and dark colours) and its data; its baseline is the SVG. */
  options.format = WAYMARK_EXPORT_FORMAT_HTML;
  html_ms = time_export (document, &options, html, runs);

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
  printf ("BENCH export-html-500 %.1f ms\n", html_ms);
  printf ("BENCH export-html-500-size %.0f KB\n", file_kb (html));

  if (argc > 3)
    {
      const char *cli = argv[2], *rss = argv[3];
      guint big_runs = argc > 4 ? MAX (1, atoi (argv[4])) : 3;
      g_autoptr(WaymarkDocument) big = waymark_generate (20000, 8, 6, 1);
      g_autofree char *big_doc = g_build_filename (dir, "big.waymark", NULL);
      g_autofree char *small_doc = g_build_filename (dir, "small.waymark", NULL);
      g_autofree char *poster = g_build_filename (dir, "poster.pdf", NULL);
      g_autofree char *png = g_build_filename (dir, "map.png", NULL);
      g_autofree char *cairo_pdf = g_build_filename (dir, "cairo.pdf", NULL);
      g_autofree char *cairo_png = g_build_filename (dir, "cairo.png", NULL);
      g_autoptr(GFile) big_file = g_file_new_for_path (big_doc);
      g_autoptr(GFile) small_file = g_file_new_for_path (small_doc);
      const char *poster_argv[] = { rss, cli, "export", big_doc, "-o", poster, "--tile", "--scale", "5",
                                    "--paper", "A3", NULL };
      const char *png_argv[] = { rss, cli, "export", small_doc, "-o", png, "--dpi", "150", NULL };
      double poster_ms, poster_mib, png_ms, png_mib;

      if (!waymark_store_save (big, big_file, &error) || !waymark_store_save (document, small_file, &error))
        g_error ("%s", error->message);

      poster_ms = time_command (poster_argv, big_runs, &poster_mib);
      printf ("BENCH export-pdf-20000 %.0f ms\n", poster_ms);
      printf ("BENCH export-pdf-20000-rss %.0f MiB\n", poster_mib);
      printf ("BENCH export-pdf-20000-cairo %.0f ms\n", time_cairo (big, cairo_pdf, 0, big_runs));

      png_ms = time_command (png_argv, runs, &png_mib);
      printf ("BENCH export-png-500 %.0f ms\n", png_ms);
      printf ("BENCH export-png-500-rss %.0f MiB\n", png_mib);
      printf ("BENCH export-png-500-cairo %.0f ms\n", time_cairo (document, cairo_png, 150, runs));

      g_unlink (big_doc);
      g_unlink (small_doc);
      g_unlink (poster);
      g_unlink (png);
      g_unlink (cairo_pdf);
      g_unlink (cairo_png);
    }

  g_unlink (pdf);
  g_unlink (svg);
  g_unlink (cairo_svg);
  g_unlink (html);
  g_rmdir (dir);
  return 0;
}
