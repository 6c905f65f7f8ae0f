/* waymark-html-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-document.h"
#include "waymark-svg-writer.h"

G_BEGIN_DECLS

gboolean _waymark_html_write (WaymarkDocument   *document,
                              gint64             first_map,
                              guint              cell_columns,
                              WaymarkWriteFunc   write,
                              gpointer           closure,
                              GCancellable      *cancellable,
                              GError           **error);

G_END_DECLS
