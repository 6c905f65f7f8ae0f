/* waymark-ui-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "waymark-window.h"

G_BEGIN_DECLS

/*
 * What the ui tests share: running the main loop, finding widgets, real
 * key and pointer events from xdotool (XTEST), and screenshots.
 */

void        waymark_ui_test_spin          (void);
void        waymark_ui_test_spin_for      (guint           ms);
void        waymark_ui_test_wait_window   (WaymarkWindow  *window);

GtkWidget  *waymark_ui_test_find_widget   (GtkWidget      *root,
                                           GType           type);
GtkWidget  *waymark_ui_test_find_button   (GtkWidget      *root,
                                           const char     *label);
GtkWindow  *waymark_ui_test_find_toplevel (GType           type);

gboolean    waymark_ui_test_can_send_events (void);
void        waymark_ui_test_focus         (GtkWindow      *window);
void        waymark_ui_test_xdotool       (const char     *first,
                                           ...) G_GNUC_NULL_TERMINATED;
void        waymark_ui_test_key           (const char     *keys);
void        waymark_ui_test_type          (const char     *text);

void        waymark_ui_test_screenshot    (GtkWidget      *widget,
                                           const char     *name);

G_END_DECLS
