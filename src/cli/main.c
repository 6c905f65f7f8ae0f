/* main.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <signal.h>

#include <glib/gi18n.h>

#include "waymark-cli.h"
#include "waymark-temporary.h"

/* Interrupted (Ctrl+C, a timeout's SIGTERM, a closed terminal): the file
 * being written is removed, then the signal does what it would have. */
static void
stopped_cb (int signum)
{
  waymark_temporary_remove_all ();
  signal (signum, SIG_DFL);
  raise (signum);
}

int
main (int   argc,
      char *argv[])
{
  struct sigaction action = { 0 };

  action.sa_handler = stopped_cb;
  sigemptyset (&action.sa_mask);
  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  sigaction (SIGHUP, &action, NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return waymark_cli_run (argc, argv);
}
