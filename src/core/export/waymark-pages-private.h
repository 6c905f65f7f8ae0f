/* waymark-pages-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-pages.h"

G_BEGIN_DECLS


void _waymark_pages_get_area      (WaymarkPages *self,
                                   guint         page,
                                   WaymarkRect  *area);

G_END_DECLS
