/* waymark-svg-writer.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-scene.h"

G_BEGIN_DECLS

/* Receives the output; returns %FALSE to stop writing (the sink keeps the reason). */
typedef gboolean (*WaymarkWriteFunc) (gpointer    closure,
                                      const char *data,
                                      gsize       length);

gboolean waymark_svg_writer_write (WaymarkScene      *scene,
                                   WaymarkWriteFunc   write,
                                   gpointer           closure,
                                   GError           **error);

G_END_DECLS
