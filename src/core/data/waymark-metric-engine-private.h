/* waymark-metric-engine-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-metric-private.h"

G_BEGIN_DECLS

/* The pass's state, shared by the engine that reads rows and the one that
 * has a database compute their aggregates (waymark-metric-pushdown.c). */

typedef enum
{
  CELL_SKIP,      /* empty: not answered */
  CELL_EXCLUDED,  /* not a number, or out of scale */
  CELL_VALID,
} CellOutcome;

typedef struct
{
  WaymarkConditionOp  op;
  char        *folded;   /* the value, folded as key values are */
  double       number;
  gboolean     numeric;  /* the value is a number */
} Condition;

typedef struct
{
  int         column;
  GHashTable *values;    /* folded values; NULL for a date range */
  char        from[11];  /* ISO dates, "" for no bound */
  char        to[11];
  GHashTable *cache;     /* raw cell → GINT_TO_POINTER (1 passes, 2 fails) */
} Filter;

/* Counts are all NPS, CSAT, rates and counts need. */
typedef struct
{
  gint64 rows;      /* rows that passed the filters */
  gint64 n;
  gint64 excluded;
  gint64 hits;      /* promoters, top box, condition met */
  gint64 misses;    /* detractors */
} Tally;

/* For sums, means (Welford's running mean and squared deviations), minima and maxima. */
typedef struct
{
  double mean;
  double m2;
  double sum;
  double min;
  double max;
} Moments;

typedef struct
{
  int        code;     /* the period (see period_code()); 0 for the whole time */
  GArray    *tallies;  /* Tally, one per group */
  GArray    *moments;  /* Moments, one per group; NULL unless the kind needs them */
  GPtrArray *values;   /* GArray of double per group; NULL unless a median */
} Slot;

typedef struct
{
  WaymarkMetricDefinition *definition;
  int                      column;
  int                      date_column;
  GArray                  *filters;       /* Filter */
  Condition                condition;
  GHashTable              *condition_cache;
  double                   low;           /* valid answers */
  double                   high;
  gboolean                 whole;
  double                   hit_low;       /* hits among them */
  double                   hit_high;
  double                   miss_low;      /* misses among them (NPS detractors) */
  double                   miss_high;
  gboolean                 needs_numbers;
  gboolean                 needs_moments;
  gboolean                 needs_values;
  GHashTable              *slot_of_code;  /* period code → slot index */
  GPtrArray               *slots;         /* Slot; 0 is the whole time */
  guint64                  rows_matched;
  GPtrArray               *figures;
  GError                  *error;
} Job;


/* The groups a key value's rows count towards: all rows (0), its cards,
 * and their stages, each once. */
typedef struct
{
  guint n;
  guint groups[];
} Binding;

gboolean       _waymark_metric_job_prepare     (Job                      *job,
                                                const char * const       *columns,
                                                GHashTable               *recorded_types,
                                                GError                  **error);
Slot          *_waymark_metric_job_slot        (Job                      *job,
                                                int                       code);
void           _waymark_metric_slot_grow       (Slot                     *slot,
                                                guint                     n_groups);
const Binding *_waymark_metric_lookup_binding  (WaymarkMetricComputation *self,
                                                const char               *raw);
gboolean       _waymark_metric_pushdown        (WaymarkMetricComputation *self,
                                                GCancellable             *cancellable,
                                                WaymarkImportProgress     progress,
                                                gpointer                  user_data,
                                                GError                  **error);

G_END_DECLS
