/* waymark-metrics-dialog.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_METRICS_DIALOG (waymark_metrics_dialog_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkMetricsDialog, waymark_metrics_dialog, WAYMARK, METRICS_DIALOG, AdwWindow)

WaymarkMetricsDialog *waymark_metrics_dialog_new         (GtkWindow            *parent,
                                                          WaymarkDocument      *document);

void                  waymark_metrics_dialog_new_metric  (WaymarkMetricsDialog *self);
void                  waymark_metrics_dialog_edit_metric (WaymarkMetricsDialog *self,
                                                          WaymarkMetric        *metric);
void                  waymark_metrics_dialog_refresh_all (WaymarkMetricsDialog *self);

G_END_DECLS
