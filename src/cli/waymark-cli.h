/* waymark-cli.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes of the command-line contract (DESIGN.md). */
#define WAYMARK_CLI_EXIT_OK    0
#define WAYMARK_CLI_EXIT_ERROR 1
#define WAYMARK_CLI_EXIT_USAGE 2

int waymark_cli_run (int    argc,
                     char **argv);

G_END_DECLS
