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
/* For tests: what Find says (“2 of 7”, “No cards found”). */
const char *_waymark_window_get_search_status (WaymarkWindow *self);
/* For tests: the file the last message offered to open, or NULL. */
const char *_waymark_window_get_last_uri     (WaymarkWindow *self);
/* For tests: runs a pending autosave at once and waits for it. */
void        _waymark_window_autosave_now     (WaymarkWindow *self);
/* For tests: whether an open, a save or an autosave is under way. */
gboolean    _waymark_window_is_busy          (WaymarkWindow *self);

G_END_DECLS
