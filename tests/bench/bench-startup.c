/* bench-startup.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Start-up to first painted frame, measured side by side with a baseline:
 * the same toolkit stack (GTK 4 + libadwaita) showing an empty
 * AdwApplicationWindow. Both programs print the CLOCK_MONOTONIC time of
 * their first frame's after-paint; the difference from the spawn time is
 * what a user waits for.
 *
 *   bench-startup WAYMARK BASELINE [DOCUMENT] [RUNS]
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib.h>

#include "bench-util.h"

static double
measure_once (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autofree char *line = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  gint64 start, frame = 0;
  GPid pid;
  int out_fd;

  envp = g_environ_setenv (envp, "WAYMARK_BENCH_FIRST_FRAME", "1", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, envp,
                                 G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);

  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  while (g_io_channel_read_line (channel, &line, NULL, NULL, NULL) == G_IO_STATUS_NORMAL)
    {
      if (g_str_has_prefix (line, "first-frame "))
        {
          frame = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
          break;
        }
      g_clear_pointer (&line, g_free);
    }

  {
    int wait_status;
    waitpid (pid, &wait_status, 0);
    g_spawn_close_pid (pid);
  }

  if (frame == 0)
    g_error ("%s never reported its first frame", argv[0]);

  return (frame - start) / 1000.0;
}

static double
median_ms (const char * const *argv,
           guint               runs)
{
  g_autofree double *samples = g_new (double, runs);

  /* One untimed run warms the disk cache and fontconfig's cache. */
  measure_once (argv);

  for (guint i = 0; i < runs; i++)
    samples[i] = measure_once (argv);

  return bench_median (samples, runs);
}

int
main (int   argc,
      char *argv[])
{
  const char *waymark_argv[3] = { NULL };
  const char *baseline_argv[2] = { NULL };
  guint runs = 11;
  double waymark_ms, document_ms, baseline_ms;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s WAYMARK BASELINE [DOCUMENT] [RUNS]\n", argv[0]);
      return 2;
    }

  if (argc > 4)
    runs = MAX (1, atoi (argv[4]));

  baseline_argv[0] = argv[2];
  baseline_ms = median_ms (baseline_argv, runs);

  waymark_argv[0] = argv[1];
  waymark_ms = median_ms (waymark_argv, runs);

  printf ("BENCH startup-first-frame-baseline %.1f ms\n", baseline_ms);
  printf ("BENCH startup-first-frame %.1f ms\n", waymark_ms);
  printf ("BENCH startup-first-frame-ratio %.2f x\n", waymark_ms / baseline_ms);

  if (argc > 3)
    {
      waymark_argv[1] = argv[3];
      document_ms = median_ms (waymark_argv, runs);
      printf ("BENCH startup-first-frame-document %.1f ms\n", document_ms);
      printf ("BENCH startup-first-frame-document-ratio %.2f x\n", document_ms / baseline_ms);
    }

  return 0;
}
