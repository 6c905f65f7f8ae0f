/* waymark-metric.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-document.h"
#include "waymark-import.h"
#include "waymark-metric-definition.h"

G_BEGIN_DECLS

/* Limits (see HACKING.md). */
#define WAYMARK_METRIC_MAX_VALUES     100000  /* values one metric may snapshot */

/* One computed value: for a card, a stage, or (both 0) all the rows. */
typedef struct
{
  gint64    card;
  gint64    stage;
  char     *period;          /* "" for the whole time */
  double    value;           /* NaN when no row gave a valid answer */
  gint64    n;               /* the valid answers */
  gint64    excluded;        /* cells not numbers, or out of scale */
  double    moe;             /* 95% margin of error; 0 for none */
  gboolean  low_confidence;  /* n below the metric's min_n */
} WaymarkMetricFigure;

/* What a refresh found: a source that changed (values recomputed), or a
 * problem that left metrics stale with their last values. */
typedef struct
{
  gint64    dataset;
  gint64    metric;          /* 0: every metric of the dataset */
  gboolean  stale;
  char     *source;
  char     *message;
  gboolean  needs_password;  /* a database asked for a password it was not given */
} WaymarkMetricNotice;

typedef struct _WaymarkMetricComputation WaymarkMetricComputation;
typedef struct _WaymarkMetricRefresh WaymarkMetricRefresh;
typedef struct _WaymarkMetricSource WaymarkMetricSource;

WaymarkMetricComputation *waymark_metric_compute                    (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset,
                                                                     WaymarkMetricDefinition * const *definitions,
                                                                     guint                            n_definitions,
                                                                     GCancellable                    *cancellable,
                                                                     WaymarkImportProgress            progress,
                                                                     gpointer                         user_data,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricSource      *waymark_metric_source_new                 (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricSource      *waymark_metric_source_ref                 (WaymarkMetricSource             *self);
void                      waymark_metric_source_unref               (WaymarkMetricSource             *self);
GFile                    *waymark_metric_source_get_file            (WaymarkMetricSource             *self);
WaymarkMetricComputation *waymark_metric_source_compute             (WaymarkMetricSource             *source,
                                                                     WaymarkMetricDefinition * const *definitions,
                                                                     guint                            n_definitions,
                                                                     GCancellable                    *cancellable,
                                                                     WaymarkImportProgress            progress,
                                                                     gpointer                         user_data,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;
void                      waymark_metric_computation_free           (WaymarkMetricComputation        *self);
GPtrArray                *waymark_metric_computation_get_figures    (WaymarkMetricComputation        *self,
                                                                     guint                            index);
const GError             *waymark_metric_computation_get_error      (WaymarkMetricComputation        *self,
                                                                     guint                            index);
gboolean                  waymark_metric_computation_get_changed    (WaymarkMetricComputation        *self);
guint64                   waymark_metric_computation_get_rows       (WaymarkMetricComputation        *self);

WaymarkMetric            *waymark_metric_add                        (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *definition,
                                                                     GCancellable                    *cancellable,
                                                                     GError                         **error);
WaymarkMetricDefinition  *waymark_metric_prepare                    (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset,
                                                                     WaymarkMetric                   *metric,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *definition,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetric            *waymark_metric_add_computed               (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *resolved,
                                                                     WaymarkMetricComputation        *computation,
                                                                     GError                         **error);
gboolean                  waymark_metric_update_computed            (WaymarkDocument                 *document,
                                                                     WaymarkMetric                   *metric,
                                                                     WaymarkDataset                  *dataset,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *resolved,
                                                                     WaymarkMetricComputation        *computation,
                                                                     GError                         **error);
gboolean                  waymark_metric_update                     (WaymarkDocument                 *document,
                                                                     WaymarkMetric                   *metric,
                                                                     WaymarkDataset                  *dataset,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *definition,
                                                                     GCancellable                    *cancellable,
                                                                     GError                         **error);
GPtrArray                *waymark_metric_refresh                    (WaymarkDocument                 *document,
                                                                     GPtrArray                       *metrics,
                                                                     GCancellable                    *cancellable,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;

WaymarkMetricRefresh     *waymark_metric_refresh_new                (WaymarkDocument                 *document,
                                                                     GPtrArray                       *metrics) G_GNUC_WARN_UNUSED_RESULT;
gboolean                  waymark_metric_refresh_run                (WaymarkMetricRefresh            *self,
                                                                     GCancellable                    *cancellable,
                                                                     WaymarkImportProgress            progress,
                                                                     gpointer                         user_data,
                                                                     GError                         **error);
GPtrArray                *waymark_metric_refresh_apply              (WaymarkMetricRefresh            *self,
                                                                     WaymarkDocument                 *document) G_GNUC_WARN_UNUSED_RESULT;
void                      waymark_metric_refresh_free               (WaymarkMetricRefresh            *self);

void                      waymark_metric_figure_free                (WaymarkMetricFigure             *figure);
void                      waymark_metric_notice_free                (WaymarkMetricNotice             *notice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricComputation, waymark_metric_computation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricSource, waymark_metric_source_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricRefresh, waymark_metric_refresh_free)

G_END_DECLS
