/* waymark-format.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *waymark_format_timestamp (const char *iso8601);
char *waymark_format_day       (GDateTime  *time);
char *waymark_format_period    (const char *key);

G_END_DECLS
