/* main.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "waymark-cli.h"
#include "waymark-temporary.h"

int
main (int   argc,
      char *argv[])
{
  /* Interrupted (Ctrl+C, a timeout's SIGTERM, a closed terminal): the file
   * being written is removed, then the signal does what it would have. */
  waymark_temporary_remove_on_signals ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return waymark_cli_run (argc, argv);
}
