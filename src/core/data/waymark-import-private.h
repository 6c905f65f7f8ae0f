/* waymark-import-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-import.h"

G_BEGIN_DECLS

/* What the metric engine shares with the import: how a cell and a column
 * are typed, how a key value is compared with card titles, the recorded
 * schema, and the checksum thread. */

typedef struct _WaymarkImportHash WaymarkImportHash;

WaymarkColumnType  _waymark_import_classify        (const char          *cell);
void               _waymark_import_settle_column   (WaymarkColumnInfo   *info);
char              *_waymark_import_columns_to_json (GPtrArray           *columns) G_GNUC_WARN_UNUSED_RESULT;
char              *_waymark_import_fold_key        (const char          *value) G_GNUC_WARN_UNUSED_RESULT;
WaymarkImportHash *_waymark_import_hash_start      (GFile               *file,
                                                    GCancellable        *cancellable);
gboolean           _waymark_import_hash_finish     (WaymarkImportHash   *hash,
                                                    char               **sha256,
                                                    guint64             *size,
                                                    GError             **error);

G_END_DECLS
