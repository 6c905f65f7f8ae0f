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

G_BEGIN_DECLS

/* Limits (see HACKING.md). */
#define WAYMARK_METRIC_DEFAULT_MIN_N  30
#define WAYMARK_METRIC_MAX_VALUES     100000  /* values one metric may snapshot */

typedef enum
{
  WAYMARK_METRIC_KIND_COUNT,
  WAYMARK_METRIC_KIND_SUM,
  WAYMARK_METRIC_KIND_MEAN,
  WAYMARK_METRIC_KIND_MEDIAN,
  WAYMARK_METRIC_KIND_MIN,
  WAYMARK_METRIC_KIND_MAX,
  WAYMARK_METRIC_KIND_RATE,
  WAYMARK_METRIC_KIND_NPS,
  WAYMARK_METRIC_KIND_CSAT,
  WAYMARK_METRIC_KIND_CES,
  WAYMARK_METRIC_KIND_TOP_BOX,
  WAYMARK_METRIC_KIND_BOTTOM_BOX,
} WaymarkMetricKind;

typedef enum
{
  WAYMARK_PERIOD_NONE,
  WAYMARK_PERIOD_WEEK,     /* ISO 8601 weeks, “2026-W01” */
  WAYMARK_PERIOD_MONTH,    /* “2026-03” */
  WAYMARK_PERIOD_QUARTER,  /* “2026-Q1” */
} WaymarkPeriod;

typedef enum
{
  WAYMARK_METRIC_HIGHER_IS_BETTER,
  WAYMARK_METRIC_LOWER_IS_BETTER,
} WaymarkMetricDirection;

/* How a value compares with its metric's target and thresholds. */
typedef enum
{
  WAYMARK_METRIC_RATING_NONE,
  WAYMARK_METRIC_RATING_GOOD,
  WAYMARK_METRIC_RATING_WARNING,
  WAYMARK_METRIC_RATING_BAD,
} WaymarkMetricRating;

/* Rows pass when their cell in @column is one of @values (trimmed,
 * case-insensitive); or, when @values is %NULL, when it holds an ISO date
 * from @from to @to, both included, either %NULL for no bound. */
typedef struct
{
  char  *column;
  GStrv  values;
  char  *from;
  char  *to;
} WaymarkMetricFilter;

/*
 * What a metric computes, stored as JSON in the metric's definition (its
 * kind and column have their own fields). Numbers that are NaN and
 * strings that are %NULL are unset.
 */
typedef struct
{
  WaymarkMetricKind       kind;
  char                   *column;
  GPtrArray              *filters;          /* WaymarkMetricFilter; filters of different columns all apply */
  WaymarkPeriod           period;
  char                   *date_column;      /* the dates periods come from */
  char                   *condition;        /* rate: “Yes”, “=Yes”, “!=No”, “>=9”, “<3”…; unset: yes/no answers */
  double                  scale_min;        /* the answers' scale; unset: the kind's own */
  double                  scale_max;
  int                     box;              /* top/bottom box and CSAT: how many values at the end; 0: 2 */
  int                     min_n;            /* values with a smaller n are low-confidence */
  double                  target;
  WaymarkMetricDirection  direction;
  double                  good;             /* thresholds: where the good, warning and bad bands begin */
  double                  warning;
  double                  bad;
  char                   *unit;
  char                   *format;
  gboolean                emotion_curve;    /* its stage values drive the map's emotion curve */
} WaymarkMetricDefinition;

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

typedef struct
{
  gint64 from_stage;
  gint64 to_stage;
  double percent;            /* of the first stage's count lost by the second */
} WaymarkMetricDropOff;

/* What a refresh found: a source that changed (values recomputed), or a
 * problem that left metrics stale with their last values. */
typedef struct
{
  gint64    dataset;
  gint64    metric;          /* 0: every metric of the dataset */
  gboolean  stale;
  char     *source;
  char     *message;
} WaymarkMetricNotice;

typedef struct _WaymarkMetricComputation WaymarkMetricComputation;
typedef struct _WaymarkMetricSource WaymarkMetricSource;

const char               *waymark_metric_kind_to_string             (WaymarkMetricKind                kind);
char                     *waymark_metric_format_value               (WaymarkMetricKind                kind,
                                                                     double                           value,
                                                                     const char                      *unit) G_GNUC_WARN_UNUSED_RESULT;
gboolean                  waymark_metric_kind_from_string           (const char                      *text,
                                                                     WaymarkMetricKind               *kind);
const char * const       *waymark_metric_kinds                      (void);
const char               *waymark_period_to_string                  (WaymarkPeriod                    period);
gboolean                  waymark_period_from_string                (const char                      *text,
                                                                     WaymarkPeriod                   *period);
char                     *waymark_period_key                        (WaymarkPeriod                    period,
                                                                     const char                      *date) G_GNUC_WARN_UNUSED_RESULT;

WaymarkMetricDefinition  *waymark_metric_definition_new             (WaymarkMetricKind                kind,
                                                                     const char                      *column) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricDefinition  *waymark_metric_definition_new_from_json   (WaymarkMetricKind                kind,
                                                                     const char                      *column,
                                                                     const char                      *json,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricDefinition  *waymark_metric_definition_copy            (const WaymarkMetricDefinition   *self) G_GNUC_WARN_UNUSED_RESULT;
void                      waymark_metric_definition_free            (WaymarkMetricDefinition         *self);
void                      waymark_metric_definition_add_filter      (WaymarkMetricDefinition         *self,
                                                                     const char                      *column,
                                                                     const char                      *value);
void                      waymark_metric_definition_add_date_range  (WaymarkMetricDefinition         *self,
                                                                     const char                      *column,
                                                                     const char                      *from,
                                                                     const char                      *to);
gboolean                  waymark_metric_definition_validate        (const WaymarkMetricDefinition   *self,
                                                                     GError                         **error);
char                     *waymark_metric_definition_to_json         (const WaymarkMetricDefinition   *self) G_GNUC_WARN_UNUSED_RESULT;
char                     *waymark_metric_definition_describe_filters (const WaymarkMetricDefinition  *self) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricRating       waymark_metric_definition_judge           (const WaymarkMetricDefinition   *self,
                                                                     double                           value);

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
const WaymarkMetricDefinition *
                          waymark_metric_computation_get_definition (WaymarkMetricComputation        *self,
                                                                     guint                            index);
gboolean                  waymark_metric_computation_get_changed    (WaymarkMetricComputation        *self);
const char               *waymark_metric_computation_get_sha256     (WaymarkMetricComputation        *self);
guint64                   waymark_metric_computation_get_rows       (WaymarkMetricComputation        *self);

WaymarkMetric            *waymark_metric_add                        (WaymarkDocument                 *document,
                                                                     WaymarkDataset                  *dataset,
                                                                     const char                      *name,
                                                                     const WaymarkMetricDefinition   *definition,
                                                                     GCancellable                    *cancellable,
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
WaymarkMetricDefinition  *waymark_metric_dup_definition             (WaymarkMetric                   *metric,
                                                                     GError                         **error) G_GNUC_WARN_UNUSED_RESULT;
GArray                   *waymark_metric_dup_drop_offs              (WaymarkMetric                   *metric,
                                                                     gint64                           map_id,
                                                                     const char                      *period) G_GNUC_WARN_UNUSED_RESULT;

void                      waymark_metric_figure_free                (WaymarkMetricFigure             *figure);
void                      waymark_metric_notice_free                (WaymarkMetricNotice             *notice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricDefinition, waymark_metric_definition_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricComputation, waymark_metric_computation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricSource, waymark_metric_source_unref)

G_END_DECLS
