/* waymark-metric-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-metric.h"
#include "waymark-table-reader.h"

G_BEGIN_DECLS

/* A card and its stage (or, both 0, all the rows): what a row counts for. */
typedef struct
{
  gint64 card;
  gint64 stage;
} WaymarkMetricGroup;

/*
 * What a pass needs from the document, copied on the thread that owns it:
 * the cards by key and the dataset's record. It is not changed after
 * waymark_metric_source_new(), so any thread may read it.
 */
struct _WaymarkMetricSource
{
  GHashTable          *cards_by_key;      /* folded title → GArray of WaymarkMetricGroup (card, stage) */
  GFile               *file;
  WaymarkTableOptions  options;
  char                *key;
  GPtrArray           *recorded;          /* column names as imported */
  GHashTable          *types;             /* name → type as imported */
  char                *recorded_sha256;
  /* A database source (the recipe's format is “postgresql”): its URI
   * without a password, and a table or a query; file is then NULL. */
  char                *uri;
  char                *table;
  char                *query;
};

struct _WaymarkMetricComputation
{
  GPtrArray  *jobs;          /* Job */
  GArray     *groups;        /* WaymarkMetricGroup */
  WaymarkMetricSource *source;
  GHashTable *bindings;      /* folded key → Binding */
  GHashTable *raw_bindings;  /* raw key cell → Binding (borrowed) */
  GHashTable *card_groups;   /* card id → group index + 1 */
  GHashTable *stage_groups;  /* stage id → group index + 1 */
  GStrv       columns;       /* the source's columns as read now */
  char       *columns_json;  /* their schema, when it differs from the recorded one */
  char       *sha256;
  guint64     size;
  guint64     rows;
  gboolean    changed;
  char       *server_time;   /* a database's clock when it was read; NULL for a file */
};

int      _waymark_metric_find_column  (const char * const *columns,
                                       const char         *name);
gboolean _waymark_metric_same_columns (const char * const *columns,
                                       GPtrArray          *recorded);
void     _waymark_metric_free_array   (gpointer            data);
GPtrArray *_waymark_metric_recorded_columns (WaymarkDataset *dataset,
                                             GHashTable     *types);
GFile    *_waymark_metric_dataset_file (WaymarkDataset     *dataset);
gboolean _waymark_metric_definition_fits (const WaymarkMetricDefinition  *definition,
                                          const char * const             *columns,
                                          GHashTable                     *types,
                                          GError                        **error);

G_END_DECLS
