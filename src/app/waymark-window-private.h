/* waymark-window-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-window.h"

G_BEGIN_DECLS

/* For tests: the text of the last toast shown, or NULL. */
const char *_waymark_window_get_last_toast (WaymarkWindow *self);

G_END_DECLS
