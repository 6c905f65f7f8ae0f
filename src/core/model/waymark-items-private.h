/* waymark-items-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-items.h"

G_BEGIN_DECLS

GQuark _waymark_reference_target_quark    (void);
GType  _waymark_param_spec_get_reference (GParamSpec *pspec);

const char *_waymark_lane_kind_msgid (const char *kind);

G_END_DECLS
