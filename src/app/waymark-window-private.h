/* waymark-window-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-window.h"

G_BEGIN_DECLS

/* For tests: the last error shown (toast or alert), or NULL. */
const char *_waymark_window_get_last_message (WaymarkWindow *self);
/* For tests: runs a pending autosave at once. */
void        _waymark_window_autosave_now     (WaymarkWindow *self);

G_END_DECLS
