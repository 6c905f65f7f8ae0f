/* waymark-metric-definition.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-items.h"
#include "waymark-period.h"

G_BEGIN_DECLS

/*
 * What a metric computes, as the model holds it: a metric's kind, column
 * and JSON definition (the columns of its table) read once into a typed
 * definition. The engine that computes values from a dataset is in data/.
 */

/* Limits (see HACKING.md). */
#define WAYMARK_METRIC_DEFAULT_MIN_N  30

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

/* A rate's condition: yes/no answers, or a comparison with a value. */
typedef enum
{
  WAYMARK_CONDITION_YES_NO,
  WAYMARK_CONDITION_EQUAL,
  WAYMARK_CONDITION_NOT_EQUAL,
  WAYMARK_CONDITION_AT_LEAST,
  WAYMARK_CONDITION_AT_MOST,
  WAYMARK_CONDITION_MORE,
  WAYMARK_CONDITION_LESS,
} WaymarkConditionOp;

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

typedef struct
{
  gint64 from_stage;
  gint64 to_stage;
  double percent;            /* of the first stage's count lost by the second */
} WaymarkMetricDropOff;

const char               *waymark_metric_kind_to_string              (WaymarkMetricKind              kind);
gboolean                  waymark_metric_kind_from_string            (const char                    *text,
                                                                      WaymarkMetricKind             *kind);
const char * const       *waymark_metric_kinds                       (void);
gboolean                  waymark_metric_kind_has_scale              (WaymarkMetricKind              kind);
char                     *waymark_metric_format_value                (WaymarkMetricKind              kind,
                                                                      double                         value,
                                                                      const char                    *unit) G_GNUC_WARN_UNUSED_RESULT;
gboolean                  waymark_metric_condition_parse             (const char                    *text,
                                                                      WaymarkConditionOp            *op,
                                                                      char                         **value,
                                                                      GError                       **error);

WaymarkMetricDefinition  *waymark_metric_definition_new              (WaymarkMetricKind              kind,
                                                                      const char                    *column) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricDefinition  *waymark_metric_definition_new_from_json    (WaymarkMetricKind              kind,
                                                                      const char                    *column,
                                                                      const char                    *json,
                                                                      GError                       **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricDefinition  *waymark_metric_definition_copy             (const WaymarkMetricDefinition *self) G_GNUC_WARN_UNUSED_RESULT;
void                      waymark_metric_definition_free             (WaymarkMetricDefinition       *self);
void                      waymark_metric_definition_add_filter       (WaymarkMetricDefinition       *self,
                                                                      const char                    *column,
                                                                      const char                    *value);
void                      waymark_metric_definition_add_date_range   (WaymarkMetricDefinition       *self,
                                                                      const char                    *column,
                                                                      const char                    *from,
                                                                      const char                    *to);
void                      waymark_metric_definition_get_scale        (const WaymarkMetricDefinition *self,
                                                                      double                        *low,
                                                                      double                        *high);
gboolean                  waymark_metric_definition_validate         (const WaymarkMetricDefinition *self,
                                                                      GError                       **error);
char                     *waymark_metric_definition_to_json          (const WaymarkMetricDefinition *self) G_GNUC_WARN_UNUSED_RESULT;
char                     *waymark_metric_definition_describe_filters (const WaymarkMetricDefinition *self) G_GNUC_WARN_UNUSED_RESULT;
char                     *waymark_metric_definition_describe_thresholds (const WaymarkMetricDefinition *self) G_GNUC_WARN_UNUSED_RESULT;
WaymarkMetricRating       waymark_metric_definition_judge            (const WaymarkMetricDefinition *self,
                                                                      double                         value);

const WaymarkMetricDefinition *
                          waymark_metric_get_definition              (WaymarkMetric                 *metric);
WaymarkMetricDefinition  *waymark_metric_dup_definition              (WaymarkMetric                 *metric,
                                                                      GError                       **error) G_GNUC_WARN_UNUSED_RESULT;
GArray                   *waymark_metric_dup_drop_offs               (WaymarkMetric                 *metric,
                                                                      gint64                         map_id,
                                                                      const char                    *period) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkMetricDefinition, waymark_metric_definition_free)

G_END_DECLS
