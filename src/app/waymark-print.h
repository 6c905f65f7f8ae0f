/* waymark-print.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "waymark-document.h"

G_BEGIN_DECLS

void waymark_print_map (GtkWindow       *parent,
                        WaymarkDocument *document,
                        gint64           map);

G_END_DECLS
