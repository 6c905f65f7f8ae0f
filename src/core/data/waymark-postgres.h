/* waymark-postgres.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-import.h"

G_BEGIN_DECLS

/* Limits (see docs/limits.md). */
#define WAYMARK_POSTGRES_CONNECT_TIMEOUT_S   15      /* to reach the server and log in */
#define WAYMARK_POSTGRES_STATEMENT_TIMEOUT_S 600     /* for any one query */
#define WAYMARK_POSTGRES_PREVIEW_ROWS        100     /* rows a preview may fetch */

/* A column of a table or query as the server describes it. */
typedef struct
{
  char              *name;
  char              *server_type;   /* the server's name for it: “integer”, “timestamp with time zone” */
  WaymarkColumnType  type;          /* what the import records */
} WaymarkPostgresColumn;

typedef struct _WaymarkPostgres WaymarkPostgres;

gboolean          waymark_postgres_is_uri             (const char             *text);
char             *waymark_postgres_strip_password     (const char             *uri,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;
void              waymark_postgres_remember_password  (const char             *uri,
                                                       const char             *password);
gboolean          waymark_postgres_knows_password     (const char             *uri);
char             *waymark_postgres_describe_uri       (const char             *uri) G_GNUC_WARN_UNUSED_RESULT;

WaymarkPostgres  *waymark_postgres_connect            (const char             *uri,
                                                       GCancellable           *cancellable,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;
void              waymark_postgres_close              (WaymarkPostgres        *self);
gboolean          waymark_postgres_is_encrypted       (WaymarkPostgres        *self);
char             *waymark_postgres_describe_security  (WaymarkPostgres        *self) G_GNUC_WARN_UNUSED_RESULT;
GStrv             waymark_postgres_list_tables        (WaymarkPostgres        *self,
                                                       GCancellable           *cancellable,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray        *waymark_postgres_preview            (WaymarkPostgres        *self,
                                                       const char             *table,
                                                       const char             *query,
                                                       guint                   limit,
                                                       GPtrArray             **columns,
                                                       GCancellable           *cancellable,
                                                       GError                **error) G_GNUC_WARN_UNUSED_RESULT;

void              waymark_postgres_column_free        (WaymarkPostgresColumn  *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkPostgres, waymark_postgres_close)

G_END_DECLS
