/* bench-survey.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A survey export of @rows rows, the same for the same @rows: ResponseId,
 * Date, Touchpoint (15 of them), Stage, NPS, CSAT, CES, Channel, Region,
 * and a quoted free-text Comment with commas, quotes and sometimes a line
 * break. Returns its size in bytes. */
guint64 bench_survey_write (const char *path,
                            guint       rows);

G_END_DECLS
