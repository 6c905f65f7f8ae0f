/* waymark-metrics-dialog-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-metrics-dialog.h"

G_BEGIN_DECLS

/* For tests: the template's widgets by their id, and what they show. */
gboolean    _waymark_metrics_dialog_is_working        (WaymarkMetricsDialog *self);
GtkWidget  *_waymark_metrics_dialog_get_widget        (WaymarkMetricsDialog *self,
                                                       const char           *id);
const char *_waymark_metrics_dialog_get_page          (WaymarkMetricsDialog *self);
gboolean    _waymark_metrics_dialog_is_busy           (WaymarkMetricsDialog *self);
guint       _waymark_metrics_dialog_get_n_preview     (WaymarkMetricsDialog *self);
const char *_waymark_metrics_dialog_get_preview_error (WaymarkMetricsDialog *self);
const char *_waymark_metrics_dialog_get_notice        (WaymarkMetricsDialog *self);
GtkWidget  *_waymark_metrics_dialog_add_filter        (WaymarkMetricsDialog *self);

G_END_DECLS
