/* main.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "waymark-application.h"
#include "waymark-temporary.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WaymarkApplication) app = NULL;

  /* Stopped by a signal (a session ending, Ctrl+C in a terminal): a save
   * or an export under way removes its temporary file; the document's own
   * file is whole either way, and the recovery copy stays for next time. */
  waymark_temporary_remove_on_signals ();

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = waymark_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
