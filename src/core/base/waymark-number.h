/* waymark-number.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean waymark_number_parse (const char *cell,
                               double     *out);

G_END_DECLS
