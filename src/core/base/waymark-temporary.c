/* waymark-temporary.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "waymark-temporary.h"

/* A few at a time at most: a save, an autosave, an export. Fixed slots,
 * because a signal handler may neither allocate nor lock. */
#define SLOTS    16
#define PATH_MAX_BYTES 4096

static char paths[SLOTS][PATH_MAX_BYTES];
static volatile sig_atomic_t used[SLOTS];
static GMutex lock;

/* Remembers @path until waymark_temporary_unregister(); a path too long
 * for a slot, or one more than the slots hold, is not remembered. */
void
waymark_temporary_register (const char *path)
{
  g_return_if_fail (path != NULL);

  if (strlen (path) >= PATH_MAX_BYTES)
    return;

  g_mutex_lock (&lock);
  for (guint i = 0; i < SLOTS; i++)
    if (!used[i])
      {
        strcpy (paths[i], path);
        used[i] = 1;
        break;
      }
  g_mutex_unlock (&lock);
}

void
waymark_temporary_unregister (const char *path)
{
  g_return_if_fail (path != NULL);

  g_mutex_lock (&lock);
  for (guint i = 0; i < SLOTS; i++)
    if (used[i] && strcmp (paths[i], path) == 0)
      {
        used[i] = 0;
        break;
      }
  g_mutex_unlock (&lock);
}

/* Deletes every temporary file remembered. Async-signal-safe. */
void
waymark_temporary_remove_all (void)
{
  for (guint i = 0; i < SLOTS; i++)
    if (used[i])
      {
        unlink (paths[i]);
        used[i] = 0;
      }
}

/* Stopped by a signal: what was being written goes, then the process dies
 * of the signal, as a shell expects. */
static void
stopped_cb (int signum)
{
  waymark_temporary_remove_all ();
  signal (signum, SIG_DFL);
  raise (signum);
}

/**
 * waymark_temporary_remove_on_signals:
 *
 * Installs handlers for SIGINT, SIGTERM and SIGHUP (Ctrl+C in a terminal,
 * a session ending) that remove the registered temporary files before the
 * process ends; the app and the CLI call it first thing.
 */
void
waymark_temporary_remove_on_signals (void)
{
  struct sigaction action = { 0 };

  action.sa_handler = stopped_cb;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGHUP, &action, NULL);
}
