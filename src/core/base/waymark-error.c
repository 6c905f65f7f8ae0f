/* waymark-error.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "waymark-error.h"

G_DEFINE_QUARK (waymark-error-quark, waymark_error)
