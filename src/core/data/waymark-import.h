/* waymark-import.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-document.h"
#include "waymark-table-reader.h"

G_BEGIN_DECLS

typedef enum
{
  WAYMARK_COLUMN_EMPTY,
  WAYMARK_COLUMN_INTEGER,
  WAYMARK_COLUMN_DECIMAL,
  WAYMARK_COLUMN_DATE,
  WAYMARK_COLUMN_TEXT,
} WaymarkColumnType;

/* What one column holds: its most common type and the share of its
 * non-empty cells that fit it. */
typedef struct
{
  char              *name;
  WaymarkColumnType  type;
  double             share;
  guint64            counts[WAYMARK_COLUMN_TEXT + 1];
} WaymarkColumnInfo;

/* A value of the key column and how many rows have it. */
typedef struct
{
  char    *value;
  guint64  rows;
  gint64   card;       /* the card whose title it matches, or 0 */
  char    *stage;      /* the stage column's value on its first row, or NULL */
  char    *suggestion; /* unmatched: a card title one or two typos away, or NULL */
} WaymarkKeyCount;

typedef struct _WaymarkImport WaymarkImport;

typedef void (*WaymarkImportProgress) (guint64  done,
                                       guint64  total,
                                       gpointer user_data);

const char       *waymark_column_type_to_string (WaymarkColumnType   type);

WaymarkImport    *waymark_import_scan           (GFile                      *file,
                                                 const WaymarkTableOptions  *options,
                                                 const char                 *key_column,
                                                 const char                 *stage_column,
                                                 GCancellable               *cancellable,
                                                 WaymarkImportProgress       progress,
                                                 gpointer                    user_data,
                                                 GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkImport    *waymark_import_scan_postgres  (const char                 *uri,
                                                 const char                 *table,
                                                 const char                 *query,
                                                 const char                 *key_column,
                                                 const char                 *stage_column,
                                                 GCancellable               *cancellable,
                                                 WaymarkImportProgress       progress,
                                                 gpointer                    user_data,
                                                 GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
void              waymark_import_free           (WaymarkImport              *self);
guint64           waymark_import_get_rows       (WaymarkImport              *self);
GPtrArray        *waymark_import_get_columns    (WaymarkImport              *self);
GPtrArray        *waymark_import_get_keys       (WaymarkImport              *self);
GPtrArray        *waymark_import_get_problems   (WaymarkImport              *self);
guint64           waymark_import_get_n_problems (WaymarkImport              *self);
const char       *waymark_import_get_sha256     (WaymarkImport              *self);
void              waymark_import_match          (WaymarkImport              *self,
                                                 WaymarkDocument            *document,
                                                 gint64                      map_id,
                                                 guint                      *n_matched,
                                                 guint64                    *rows_matched);
WaymarkDataset   *waymark_import_apply          (WaymarkImport              *self,
                                                 WaymarkDocument            *document,
                                                 gint64                      map_id,
                                                 const char                 *name,
                                                 gboolean                    create_cards,
                                                 GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkImport, waymark_import_free)

G_END_DECLS
