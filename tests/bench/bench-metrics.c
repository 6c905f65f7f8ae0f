/* bench-metrics.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Metrics: four metrics (NPS, CSAT, the CES mean, NPS of web answers)
 * per touchpoint by month over a 1,000,000-row survey export, computed by
 * `waymark-cli metric refresh` (one pass over the file for all four, the
 * SHA-256 check and an atomic save included), beside the sqlite3 shell
 * doing `.import` of the same file into an in-memory database and the
 * same aggregates in SQL; and the refresh's peak memory.
 *
 *   bench-metrics WAYMARK-CLI BENCH-RSS [RUNS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench-survey.h"
#include "bench-util.h"

#define N_ROWS 1000000

/* What Waymark computes, in SQL: a valid answer is a whole number on the
 * scale, and the rows of a touchpoint are those whose key is its title,
 * trimmed and case-insensitively. One scan counts per touchpoint and
 * month; the whole time adds the months up (the fastest form we found:
 * a GROUP BY per result scans and sorts the million rows twice). */
static const char sql_script[] =
  ".import --csv %s survey\n"
  "CREATE TEMP TABLE monthly AS\n"
  "  SELECT lower(trim(Touchpoint)) AS touchpoint, substr(Date, 1, 7) AS month,\n"
  "         COUNT(nps) AS nps_n, SUM(nps >= 9) AS promoters, SUM(nps <= 6) AS detractors,\n"
  "         COUNT(csat) AS csat_n, SUM(csat >= 4) AS satisfied, COUNT(ces) AS ces_n, SUM(ces) AS ces_sum,\n"
  "         COUNT(CASE WHEN web THEN nps END) AS web_n, SUM(web AND nps >= 9) AS web_promoters,\n"
  "         SUM(web AND nps <= 6) AS web_detractors\n"
  "  FROM (SELECT Touchpoint, Date, lower(trim(Channel)) = 'web' AS web,\n"
  "               CASE WHEN trim(NPS) GLOB '[0-9]' OR trim(NPS) = '10' THEN CAST(trim(NPS) AS INTEGER) END AS nps,\n"
  "               CASE WHEN trim(CSAT) GLOB '[1-5]' THEN CAST(trim(CSAT) AS INTEGER) END AS csat,\n"
  "               CASE WHEN trim(CES) GLOB '[1-7]' THEN CAST(trim(CES) AS INTEGER) END AS ces\n"
  "        FROM survey)\n"
  "  GROUP BY 1, 2;\n"
  "SELECT touchpoint, month, 100.0 * (promoters - detractors) / nps_n, nps_n, 100.0 * satisfied / csat_n, csat_n,\n"
  "       1.0 * ces_sum / ces_n, ces_n, 100.0 * (web_promoters - web_detractors) / web_n, web_n\n"
  "  FROM monthly;\n"
  "SELECT touchpoint, 100.0 * (SUM(promoters) - SUM(detractors)) / SUM(nps_n), SUM(nps_n),\n"
  "       100.0 * SUM(satisfied) / SUM(csat_n), SUM(csat_n), 1.0 * SUM(ces_sum) / SUM(ces_n), SUM(ces_n),\n"
  "       100.0 * (SUM(web_promoters) - SUM(web_detractors)) / SUM(web_n), SUM(web_n)\n"
  "  FROM monthly GROUP BY touchpoint;\n";

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
  g_autofree char *doc = NULL;
  g_autofree char *script = NULL;
  g_autofree char *script_text = NULL;
  g_autofree char *read_command = NULL;
  g_autofree double *samples = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli;
  guint runs = 3;
  guint64 size;
  double refresh_ms, sqlite_ms, add_ms = 0, duckdb_ms = 0;
  long peak_kib, duckdb_kib = 0;
  const char *duckdb = g_getenv ("WAYMARK_BENCH_DUCKDB");

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s WAYMARK-CLI BENCH-RSS [RUNS]\n", argv[0]);
      return 2;
    }
  cli = argv[1];
  if (argc > 3)
    runs = MAX (1, atoi (argv[3]));
  samples = g_new (double, runs);

  dir = g_dir_make_tmp ("waymark-bench-metrics-XXXXXX", &error);
  g_assert_no_error (error);
  csv = g_build_filename (dir, "survey.csv", NULL);
  doc = g_build_filename (dir, "map.waymark", NULL);
  script = g_build_filename (dir, "aggregates.sql", NULL);
  size = bench_survey_write (csv, N_ROWS);

  /* A map with a card per touchpoint, and the four metrics. */
  {
    const char *new_argv[] = { cli, "new", doc, "--force", "--template", "blank", NULL };
    const char *import_argv[] = { cli, "data", "import", doc, csv, "--key", "Touchpoint", "--stage-column", "Stage",
                                  "--create-cards", "--name", "survey", NULL };
    const char *metrics[][6] = {
      { "NPS", "nps", "NPS", NULL },
      { "CSAT", "csat", "CSAT", NULL },
      { "CES", "ces", "CES", NULL },
      { "NPS web", "nps", "NPS", "--filter", "Channel=web", NULL },
    };

    time_command (new_argv);
    time_command (import_argv);
    for (guint m = 0; m < G_N_ELEMENTS (metrics); m++)
      {
        const char *add_argv[17] = { cli, "metric", "add", doc, "--dataset", "survey", "--name", metrics[m][0],
                                     "--kind", metrics[m][1], "--column", metrics[m][2], "--period", "month",
                                     metrics[m][3], metrics[m][4] };

        add_ms += time_command (add_argv);
      }
  }

  /* All four in one pass, as a user refreshes them. */
  for (guint r = 0; r < runs; r++)
    {
      const char *refresh_argv[] = { cli, "metric", "refresh", doc, NULL };

      samples[r] = time_command (refresh_argv);
    }
  refresh_ms = bench_median (samples, runs);

  script_text = g_strdup_printf (sql_script, csv);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  read_command = g_strdup_printf (".read %s", script);
  for (guint r = 0; r < runs; r++)
    {
      const char *sqlite_argv[] = { "sqlite3", ":memory:", read_command, NULL };

      samples[r] = time_command (sqlite_argv);
    }
  sqlite_ms = bench_median (samples, runs);

  /* DuckDB, the fastest embedded engine at this, when bench.sh installed
   * it (WAYMARK_BENCH_DUCKDB: the node command that runs its script). */
  if (duckdb != NULL && *duckdb != '\0')
    {
      g_auto(GStrv) command = g_strsplit (duckdb, " ", -1);
      guint n = g_strv_length (command);
      g_autofree const char **duck_argv = g_new0 (const char *, n + 3);
      g_autofree const char **duck_rss_argv = g_new0 (const char *, n + 4);
      g_autofree char *out = NULL;
      int status = 0;

      for (guint i = 0; i < n; i++)
        duck_argv[i] = duck_rss_argv[i + 1] = command[i];
      duck_argv[n] = duck_rss_argv[n + 1] = csv;
      duck_argv[n + 1] = duck_rss_argv[n + 2] = "2";  /* threads, as measured in the issue */
      duck_rss_argv[0] = argv[2];
      for (guint r = 0; r < runs; r++)
        samples[r] = time_command (duck_argv);
      duckdb_ms = bench_median (samples, runs);
      if (!g_spawn_sync (NULL, (char **) duck_rss_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, &status, &error) ||
          !g_spawn_check_wait_status (status, &error))
        g_error ("%s", error->message);
      duckdb_kib = atol (out);
    }

  {
    const char *rss_argv[] = { argv[2], cli, "metric", "refresh", doc, NULL };
    g_autofree char *out = NULL;
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) rss_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
        !g_spawn_check_wait_status (status, &error))
      g_error ("%s", error->message);
    peak_kib = atol (out);
  }

  printf ("BENCH metrics-1m %.0f ms\n", refresh_ms);
  printf ("BENCH metrics-1m-baseline-sqlite %.0f ms\n", sqlite_ms);
  printf ("BENCH metrics-1m-ratio %.2f x\n", refresh_ms / sqlite_ms);
  printf ("BENCH metrics-1m-add-each %.0f ms\n", add_ms / 4);
  printf ("BENCH metrics-1m-peak-memory %.1f MiB\n", peak_kib / 1024.0);
  printf ("BENCH metrics-1m-file-size %.1f MB\n", size / 1e6);
  if (duckdb_ms > 0)
    {
      printf ("BENCH metrics-1m-baseline-duckdb %.0f ms\n", duckdb_ms);
      printf ("BENCH metrics-1m-duckdb-ratio %.2f x\n", refresh_ms / duckdb_ms);
      printf ("BENCH metrics-1m-duckdb-peak-memory %.1f MiB\n", duckdb_kib / 1024.0);
    }

  g_unlink (csv);
  g_unlink (doc);
  g_unlink (script);
  g_rmdir (dir);
  return 0;
}
