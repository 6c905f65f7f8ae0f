/* bench-document.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening, saving and generating a 10,000-card document, beside the
 * baseline of `sqlite3 FILE .dump` reading the same file, and the memory a
 * `waymark-cli info` of it takes, beside `waymark-cli --version`.
 *
 *   bench-document WAYMARK-CLI BENCH-RSS [RUNS]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "bench-util.h"

#define N_CARDS 10000

extern char **environ;

/* Runs @argv with stdout to /dev/null; returns wall milliseconds. */
static double
run_child (const char * const *argv)
{
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  int status = 0;
  pid_t pid;

  /* posix_spawn, not fork: a forked copy of this process would count
   * towards the child's peak memory before it execs. */
  {
    posix_spawn_file_actions_t actions;

    posix_spawn_file_actions_init (&actions);
    posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (posix_spawnp (&pid, argv[0], &actions, NULL, (char **) argv, environ) != 0)
      g_error ("cannot run %s", argv[0]);
    posix_spawn_file_actions_destroy (&actions);
  }

  wait4 (pid, &status, 0, &usage);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("%s failed", argv[0]);

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* Peak memory of a command in KiB, measured by bench-rss. */
static long
peak_memory (const char *rss,
             const char *cli,
             const char *arg1,
             const char *arg2)
{
  const char *argv[] = { rss, cli, arg1, arg2, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s: %s", rss, error->message);

  return atol (out);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree double *samples = NULL;
  const char *cli;
  const char *rss;
  guint runs = 11;
  double generate_ms, open_ms, save_ms, dump_ms;
  long info_rss = 0, version_rss = 0;
  gint64 start;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s WAYMARK-CLI BENCH-RSS [RUNS]\n", argv[0]);
      return 2;
    }
  cli = argv[1];
  rss = argv[2];
  if (argc > 3)
    runs = MAX (1, atoi (argv[3]));
  samples = g_new (double, runs);

  dir = g_dir_make_tmp ("waymark-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.waymark", NULL);
  file = g_file_new_for_path (path);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(WaymarkDocument) generated = NULL;

      start = g_get_monotonic_time ();
      generated = waymark_generate (N_CARDS, 8, 6, i + 1);
      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  generate_ms = bench_median (samples, runs);

  document = waymark_generate (N_CARDS, 8, 6, 1);

  for (guint i = 0; i < runs; i++)
    {
      start = g_get_monotonic_time ();
      if (!waymark_store_save (document, file, &error))
        g_error ("%s", error->message);
      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  save_ms = bench_median (samples, runs);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(WaymarkDocument) loaded = NULL;

      start = g_get_monotonic_time ();
      if (!(loaded = waymark_store_open (file, &error)))
        g_error ("%s", error->message);
      samples[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  open_ms = bench_median (samples, runs);

  {
    const char *dump_argv[] = { "sqlite3", path, ".dump", NULL };

    for (guint i = 0; i < runs; i++)
      samples[i] = run_child (dump_argv);
    dump_ms = bench_median (samples, runs);
  }

  info_rss = peak_memory (rss, cli, "info", path);
  version_rss = peak_memory (rss, cli, "--version", NULL);

  printf ("BENCH generate-10000 %.1f ms\n", generate_ms);
  printf ("BENCH doc-save-10000 %.1f ms\n", save_ms);
  printf ("BENCH doc-open-10000 %.1f ms\n", open_ms);
  printf ("BENCH doc-dump-10000-baseline %.1f ms\n", dump_ms);
  printf ("BENCH doc-open-10000-ratio %.2f x\n", open_ms / dump_ms);
  printf ("BENCH doc-save-10000-ratio %.2f x\n", save_ms / dump_ms);
  printf ("BENCH cli-info-10000-rss %.1f MiB\n", info_rss / 1024.0);
  printf ("BENCH cli-version-rss-baseline %.1f MiB\n", version_rss / 1024.0);

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}
