/* waymark-window.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_WINDOW (waymark_window_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkWindow, waymark_window, WAYMARK, WINDOW, AdwApplicationWindow)

WaymarkWindow   *waymark_window_new          (AdwApplication  *application);
WaymarkDocument *waymark_window_get_document (WaymarkWindow   *self);
void             waymark_window_set_document (WaymarkWindow   *self,
                                              WaymarkDocument *document);
gboolean         waymark_window_is_empty     (WaymarkWindow   *self);
void             waymark_window_open         (WaymarkWindow   *self,
                                              GFile           *file);
void             waymark_window_show_error   (WaymarkWindow   *self,
                                              const char      *message);
void             waymark_window_show_message (WaymarkWindow   *self,
                                              const char      *message);
void             waymark_window_show_file    (WaymarkWindow   *self,
                                              const char      *message,
                                              GFile           *file);

G_END_DECLS
