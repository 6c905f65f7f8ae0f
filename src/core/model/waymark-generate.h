/* waymark-generate.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_GENERATE_MAX_CARDS  1000000
#define WAYMARK_GENERATE_MAX_STAGES 1000
#define WAYMARK_GENERATE_MAX_LANES  100

WaymarkDocument *waymark_generate (guint    n_cards,
                                   guint    n_stages,
                                   guint    n_lanes,
                                   guint64  seed) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
