/* bench-import.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Data import: raw CSV parsing throughput, and the import of a
 * 1,000,000-row survey export with a key column beside sqlite3's .import
 * of the same file, with the import's peak memory.
 *
 *   bench-import WAYMARK-CLI BENCH-RSS [RUNS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "waymark-core.h"

#include "bench-survey.h"
#include "bench-util.h"

#define N_ROWS 1000000

static double
time_command (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  int status = 0;
  double start = bench_now_ms ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", argv[0], error->message);

  return bench_now_ms () - start;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *db = NULL;
  g_autofree char *doc = NULL;
  g_autofree double *samples = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  guint runs = 3;
  guint64 size;
  double parse_ms, import_ms, sqlite_ms;
  long peak_kib;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s WAYMARK-CLI BENCH-RSS [RUNS]\n", argv[0]);
      return 2;
    }
  if (argc > 3)
    runs = MAX (1, atoi (argv[3]));
  samples = g_new (double, runs);

  dir = g_dir_make_tmp ("waymark-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "survey.csv", NULL);
  db = g_build_filename (dir, "baseline.db", NULL);
  doc = g_build_filename (dir, "map.waymark", NULL);
  size = bench_survey_write (csv, N_ROWS);
  file = g_file_new_for_path (csv);

  /* Raw parsing: every field of every row, nothing kept. */
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
      g_autoptr(WaymarkCsvParser) parser = NULL;
      double start = bench_now_ms ();
      guint64 rows = 0;

      parser = waymark_csv_parser_new (G_INPUT_STREAM (stream), NULL, 0, NULL, &error);
      g_assert_no_error (error);
      while (waymark_csv_parser_next_row (parser, &error))
        rows++;
      g_assert_no_error (error);
      g_assert_cmpuint (rows, ==, N_ROWS + 1);
      samples[r] = bench_now_ms () - start;
    }
  parse_ms = bench_median (samples, runs);

  /* The import as a user runs it: scan, match, record, save. */
  for (guint r = 0; r < runs; r++)
    {
      const char *new_argv[] = { argv[1], "new", doc, "--force", "--template", "ecommerce", NULL };
      const char *import_argv[] = { argv[1], "data", "import", doc, csv, "--key", "Touchpoint", NULL };

      time_command (new_argv);
      samples[r] = time_command (import_argv);
    }
  import_ms = bench_median (samples, runs);

  for (guint r = 0; r < runs; r++)
    {
      const char *sqlite_argv[] = { "sqlite3", db, ".import --csv SURVEY t", NULL };
      g_autofree char *command = g_strdup_printf (".import --csv %s t", csv);

      sqlite_argv[2] = command;
      g_unlink (db);
      samples[r] = time_command (sqlite_argv);
    }
  sqlite_ms = bench_median (samples, runs);

  {
    const char *new_argv[] = { argv[1], "new", doc, "--force", "--template", "ecommerce", NULL };
    const char *rss_argv[] = { argv[2], argv[1], "data", "import", doc, csv, "--key", "Touchpoint", NULL };
    g_autofree char *out = NULL;
    int status = 0;

    time_command (new_argv);
    if (!g_spawn_sync (NULL, (char **) rss_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("%s", error->message);
    peak_kib = atol (out);
  }

  printf ("BENCH parse-csv %.0f MB/s\n", size / 1e6 / (parse_ms / 1000.0));
  printf ("BENCH import-csv-1m %.0f ms\n", import_ms);
  printf ("BENCH import-csv-1m-baseline-sqlite3 %.0f ms\n", sqlite_ms);
  printf ("BENCH import-csv-1m-ratio %.2f x\n", import_ms / sqlite_ms);
  printf ("BENCH import-csv-1m-peak-memory %.1f MiB\n", peak_kib / 1024.0);
  printf ("BENCH import-csv-1m-file-size %.1f MB\n", size / 1e6);

  g_unlink (csv);
  g_unlink (db);
  g_unlink (doc);
  g_rmdir (dir);
  return 0;
}
