/* waymark-postgres-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>

#include "waymark-postgres.h"

G_BEGIN_DECLS

/* What the import and the metric engine share about a connection: one
 * read-only transaction, queries that can be cancelled, identifiers quoted
 * by the server's rules. */

gboolean   _waymark_postgres_begin          (WaymarkPostgres     *self,
                                             char               **server_time,
                                             GCancellable        *cancellable,
                                             GError             **error);
void       _waymark_postgres_end            (WaymarkPostgres     *self);
PGresult  *_waymark_postgres_exec           (WaymarkPostgres     *self,
                                             const char          *sql,
                                             GPtrArray           *params,
                                             GCancellable        *cancellable,
                                             GError             **error);
char      *_waymark_postgres_quote          (WaymarkPostgres     *self,
                                             const char          *identifier) G_GNUC_WARN_UNUSED_RESULT;
char      *_waymark_postgres_source_sql     (WaymarkPostgres     *self,
                                             const char          *table,
                                             const char          *query,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray *_waymark_postgres_describe       (WaymarkPostgres     *self,
                                             const char          *source_sql,
                                             GArray             **oids,
                                             GCancellable        *cancellable,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
char      *_waymark_postgres_array_literal  (const char * const  *values,
                                             gssize               n_values) G_GNUC_WARN_UNUSED_RESULT;
gboolean   _waymark_postgres_oid_is_number  (Oid                  oid);
gboolean   _waymark_postgres_oid_is_integer (Oid                  oid);
gboolean   _waymark_postgres_oid_is_date    (Oid                  oid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
