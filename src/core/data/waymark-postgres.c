/* waymark-postgres.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A dataset's source in PostgreSQL: connecting through libpq without
 * blocking a cancellable caller, one read-only transaction per pass, and
 * URIs that never keep a password (see docs/data.md, Datasets in
 * PostgreSQL). */

#define G_LOG_DOMAIN "waymark-postgres"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-error.h"
#include "waymark-postgres-private.h"

/* How often a wait looks at its cancellable. */
#define POLL_MS 100
/* How long a cancelled statement may take to end before its connection is given up. */
#define CANCEL_WAIT_S 5

struct _WaymarkPostgres
{
  PGconn *conn;
  char   *password;      /* the one used to connect, to keep it out of messages */
  gboolean in_transaction;
  gboolean abandoned;    /* a statement did not end when cancelled: only closing is left */
};

/* Passwords the application asked for, by URI as stored; never written. */
G_LOCK_DEFINE_STATIC (passwords);
static GHashTable *passwords;

/* Type OIDs (src/include/catalog/pg_type.dat); stable across releases. */
enum
{
  OID_BOOL = 16,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_FLOAT4 = 700,
  OID_FLOAT8 = 701,
  OID_DATE = 1082,
  OID_TIMESTAMP = 1114,
  OID_TIMESTAMPTZ = 1184,
  OID_NUMERIC = 1700,
};

gboolean
_waymark_postgres_oid_is_number (Oid oid)
{
  return oid == OID_INT2 || oid == OID_INT4 || oid == OID_INT8 ||
         oid == OID_FLOAT4 || oid == OID_FLOAT8 || oid == OID_NUMERIC;
}

gboolean
_waymark_postgres_oid_is_integer (Oid oid)
{
  return oid == OID_INT2 || oid == OID_INT4 || oid == OID_INT8;
}

gboolean
_waymark_postgres_oid_is_date (Oid oid)
{
  return oid == OID_DATE || oid == OID_TIMESTAMP || oid == OID_TIMESTAMPTZ;
}

static WaymarkColumnType
column_type_for_oid (Oid oid)
{
  if (oid == OID_INT2 || oid == OID_INT4 || oid == OID_INT8)
    return WAYMARK_COLUMN_INTEGER;
  if (oid == OID_FLOAT4 || oid == OID_FLOAT8 || oid == OID_NUMERIC)
    return WAYMARK_COLUMN_DECIMAL;
  if (_waymark_postgres_oid_is_date (oid))
    return WAYMARK_COLUMN_DATE;
  return WAYMARK_COLUMN_TEXT;
}

void
waymark_postgres_column_free (WaymarkPostgresColumn *column)
{
  if (column == NULL)
    return;

  g_free (column->name);
  g_free (column->server_type);
  g_free (column);
}

/**
 * waymark_postgres_is_uri:
 * @text: (nullable): what a person typed as a data source
 *
 * Returns: whether @text is a PostgreSQL connection URI
 *   (`postgresql://…` or `postgres://…`)
 */
gboolean
waymark_postgres_is_uri (const char *text)
{
  return text != NULL &&
         (g_ascii_strncasecmp (text, "postgresql://", 13) == 0 ||
          g_ascii_strncasecmp (text, "postgres://", 11) == 0);
}

/* Removes “name=…” from a URI's query, whatever its case. */
static void
remove_query_parameter (GString    *uri,
                        const char *name)
{
  char *query = strchr (uri->str, '?');
  gsize length = strlen (name);

  while (query != NULL)
    {
      char *start = query + 1;
      char *end = strchr (start, '&');
      gsize span = end ? (gsize) (end - start) : strlen (start);

      if (span > length && start[length] == '=' && g_ascii_strncasecmp (start, name, length) == 0)
        {
          gsize at = start - uri->str;

          /* The separator goes with it: “?a&password=x&b” → “?a&b”. */
          g_string_erase (uri, at, end ? span + 1 : span);
          if (!end && uri->len > 0 && (uri->str[uri->len - 1] == '&' || uri->str[uri->len - 1] == '?'))
            g_string_truncate (uri, uri->len - 1);
          query = uri->str + at - 1;
          if (at > uri->len || (*query != '?' && *query != '&'))
            break;
          continue;
        }
      query = end;
    }
}

/* The URI's password, percent-decoded, or NULL. */
static char *
uri_password (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  char *password = NULL;

  if (options == NULL)
    return NULL;
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (g_str_equal (o->keyword, "password") && o->val != NULL && o->val[0] != '\0')
      password = g_strdup (o->val);
  PQconninfoFree (options);

  return password;
}

/**
 * waymark_postgres_strip_password:
 * @uri: a connection URI, `postgresql://user:password@host:port/db?…`
 * @error: return location for a #GError
 *
 * Checks @uri as libpq reads it and removes the password from it — from the
 * user part and from the parameters — so that what is stored in a document
 * never holds one. Everything else (host, port, database, `sslmode`…) stays.
 *
 * Returns: (transfer full): @uri without a password, or %NULL if it is not
 *   a connection URI libpq accepts (@error says why, without the password)
 */
char *
waymark_postgres_strip_password (const char  *uri,
                                 GError     **error)
{
  g_autoptr(GString) stripped = NULL;
  const char *authority;
  gsize end;
  char *errmsg = NULL;
  PQconninfoOption *options;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!waymark_postgres_is_uri (uri))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not a PostgreSQL connection URI (postgresql://user@host:port/database)"));
      return NULL;
    }

  stripped = g_string_new (uri);
  authority = strstr (stripped->str, "://") + 3;
  end = strcspn (authority, "/?");

  /* The user part ends at the authority's last “@”; its password at the first “:”. */
  {
    const char *at = g_strrstr_len (authority, end, "@");

    if (at != NULL)
      {
        const char *colon = memchr (authority, ':', at - authority);

        if (colon != NULL)
          g_string_erase (stripped, colon - stripped->str, at - colon);
      }
  }
  remove_query_parameter (stripped, "password");

  options = PQconninfoParse (stripped->str, &errmsg);
  if (options == NULL)
    {
      g_autofree char *reason = g_strstrip (g_strdup (errmsg ? errmsg : _("not a valid connection URI")));

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("not a valid connection URI: %s"), reason);
      PQfreemem (errmsg);
      return NULL;
    }
  PQconninfoFree (options);

  return g_string_free (g_steal_pointer (&stripped), FALSE);
}

/**
 * waymark_postgres_describe_uri:
 * @uri: a connection URI
 *
 * Returns: (transfer full): what a person would call the connection,
 *   “analyst@db.example.org:5432/surveys”, without a password
 */
char *
waymark_postgres_describe_uri (const char *uri)
{
  PQconninfoOption *options = PQconninfoParse (uri, NULL);
  const char *user = NULL, *host = NULL, *port = NULL, *dbname = NULL;
  GString *text = g_string_new (NULL);

  if (options == NULL)
    return g_string_free (text, FALSE);

  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      if (o->val == NULL || o->val[0] == '\0')
        continue;
      if (g_str_equal (o->keyword, "user"))
        user = o->val;
      else if (g_str_equal (o->keyword, "host"))
        host = o->val;
      else if (g_str_equal (o->keyword, "port"))
        port = o->val;
      else if (g_str_equal (o->keyword, "dbname"))
        dbname = o->val;
    }

  if (user != NULL)
    g_string_append_printf (text, "%s@", user);
  /* A socket's folder says nothing to a person: it is this computer. */
  g_string_append (text, host && host[0] != '/' ? host : "localhost");
  if (port != NULL)
    g_string_append_printf (text, ":%s", port);
  if (dbname != NULL)
    g_string_append_printf (text, "/%s", dbname);
  PQconninfoFree (options);

  return g_string_free (text, FALSE);
}

/**
 * waymark_postgres_remember_password:
 * @uri: a connection URI as stored (see waymark_postgres_strip_password())
 * @password: (nullable): its password, or %NULL to forget it
 *
 * Keeps @password in this process's memory for connections to @uri, for
 * an application that asked a person for it (and perhaps read it from the
 * keyring). Never written anywhere. Without it, libpq's own ways apply:
 * `PGPASSWORD`, `~/.pgpass`, a service file, a client certificate.
 */
void
waymark_postgres_remember_password (const char *uri,
                                    const char *password)
{
  g_return_if_fail (uri != NULL);

  G_LOCK (passwords);
  if (passwords == NULL)
    passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (password != NULL)
    g_hash_table_replace (passwords, g_strdup (uri), g_strdup (password));
  else
    g_hash_table_remove (passwords, uri);
  G_UNLOCK (passwords);
}

/**
 * waymark_postgres_knows_password:
 * @uri: a connection URI as stored
 *
 * Returns: whether waymark_postgres_remember_password() was given one for @uri
 */
gboolean
waymark_postgres_knows_password (const char *uri)
{
  gboolean known;

  g_return_val_if_fail (uri != NULL, FALSE);

  G_LOCK (passwords);
  known = passwords != NULL && g_hash_table_contains (passwords, uri);
  G_UNLOCK (passwords);

  return known;
}

static char *
lookup_password (const char *uri)
{
  char *password = NULL;

  G_LOCK (passwords);
  if (passwords != NULL)
    password = g_strdup (g_hash_table_lookup (passwords, uri));
  G_UNLOCK (passwords);

  return password;
}

/* A server's message, on one line, with no password in it whatever it says. */
static char *
clean_message (WaymarkPostgres *self,
               const char      *message)
{
  g_autofree char *text = g_strstrip (g_strdup (message ? message : ""));
  g_auto(GStrv) lines = NULL;
  char *joined;

  lines = g_strsplit_set (text, "\n\t ", -1);
  {
    g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
    g_auto(GStrv) kept = NULL;

    for (guint i = 0; lines[i]; i++)
      if (lines[i][0] != '\0')
        g_strv_builder_add (words, lines[i]);
    kept = g_strv_builder_end (words);
    joined = g_strjoinv (" ", kept);
  }

  if (self != NULL && self->password != NULL && self->password[0] != '\0' && strstr (joined, self->password))
    {
      g_auto(GStrv) parts = g_strsplit (joined, self->password, -1);

      g_free (joined);
      joined = g_strjoinv ("…", parts);
    }

  return joined;
}

static void
ignore_notice (void       *data,
               const char *message)
{
}

/**
 * waymark_postgres_connect:
 * @uri: a connection URI; its password, if it has one, is used and kept
 *   out of every message
 * @cancellable: (nullable): a #GCancellable; cancelling it stops the
 *   attempt within a tenth of a second
 * @error: return location for a #GError
 *
 * Connects without blocking past @cancellable, giving up after
 * %WAYMARK_POSTGRES_CONNECT_TIMEOUT_S seconds. The password is the URI's,
 * else one given to waymark_postgres_remember_password(), else libpq's own
 * (`PGPASSWORD`, `~/.pgpass`…). The URI's `sslmode` applies, libpq's
 * default `prefer` without one.
 *
 * Returns: (transfer full): the connection, or %NULL: a server that asks
 *   for a password it was not given is %WAYMARK_ERROR_PASSWORD
 */
WaymarkPostgres *
waymark_postgres_connect (const char    *uri,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(WaymarkPostgres) self = g_new0 (WaymarkPostgres, 1);
  g_autofree char *stored = NULL;
  const char *keywords[5];
  const char *values[5];
  gint64 deadline;
  int n = 0;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!(stored = waymark_postgres_strip_password (uri, error)))
    return NULL;

  self->password = uri_password (uri);
  if (self->password == NULL)
    self->password = lookup_password (stored);

  /* Earlier keywords are defaults the URI may override; later ones override it. */
  keywords[n] = "fallback_application_name", values[n++] = "Waymark";
  keywords[n] = "dbname", values[n++] = uri;
  if (self->password != NULL)
    keywords[n] = "password", values[n++] = self->password;
  keywords[n] = NULL, values[n] = NULL;

  self->conn = PQconnectStartParams (keywords, values, 1);
  if (self->conn == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, _("out of memory"));
      return NULL;
    }

  deadline = g_get_monotonic_time () + WAYMARK_POSTGRES_CONNECT_TIMEOUT_S * G_USEC_PER_SEC;
  if (PQstatus (self->conn) != CONNECTION_BAD)
    {
      PostgresPollingStatusType status = PGRES_POLLING_WRITING;

      while (status != PGRES_POLLING_OK && status != PGRES_POLLING_FAILED)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (g_get_monotonic_time () > deadline)
            {
              g_autofree char *where = waymark_postgres_describe_uri (stored);

              g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                           _("no answer from %s within %d seconds"), where, WAYMARK_POSTGRES_CONNECT_TIMEOUT_S);
              return NULL;
            }
          if (status == PGRES_POLLING_READING || status == PGRES_POLLING_WRITING)
            {
              GPollFD fd = { PQsocket (self->conn), status == PGRES_POLLING_READING ? G_IO_IN : G_IO_OUT, 0 };

              if (fd.fd >= 0 && g_poll (&fd, 1, POLL_MS) == 0)
                continue;
            }
          status = PQconnectPoll (self->conn);
        }
    }

  if (PQstatus (self->conn) != CONNECTION_OK)
    {
      g_autofree char *message = clean_message (self, PQerrorMessage (self->conn));

      if (PQconnectionNeedsPassword (self->conn))
        g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD,
                             _("the server asks for a password: set PGPASSWORD, or add it to ~/.pgpass"));
      else
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("cannot connect: %s"), message);
      return NULL;
    }

  PQsetNoticeProcessor (self->conn, ignore_notice, NULL);

  return g_steal_pointer (&self);
}

void
waymark_postgres_close (WaymarkPostgres *self)
{
  if (self == NULL)
    return;

  if (self->conn != NULL)
    PQfinish (self->conn);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self);
}

/**
 * waymark_postgres_is_encrypted:
 * @self: a connection
 *
 * Returns: whether what travels between here and the server is encrypted (TLS)
 */
gboolean
waymark_postgres_is_encrypted (WaymarkPostgres *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return PQsslInUse (self->conn) != 0;
}

/**
 * waymark_postgres_describe_security:
 * @self: a connection
 *
 * Returns: (transfer full): a sentence on the connection's encryption:
 *   “Encrypted (TLSv1.3)”, “Not encrypted (local socket)”, “Not encrypted”
 */
char *
waymark_postgres_describe_security (WaymarkPostgres *self)
{
  const char *host;

  g_return_val_if_fail (self != NULL, NULL);

  if (PQsslInUse (self->conn))
    {
      const char *protocol = PQsslAttribute (self->conn, "protocol");

      /* Translators: %s is a protocol, “TLSv1.3” */
      return protocol ? g_strdup_printf (_("Encrypted (%s)"), protocol) : g_strdup (_("Encrypted"));
    }

  host = PQhost (self->conn);
  if (host != NULL && host[0] == '/')
    return g_strdup (_("Not encrypted (a socket on this computer)"));
  return g_strdup (_("Not encrypted"));
}

/* The result's error, on one line. */
static void
set_result_error (WaymarkPostgres  *self,
                  PGresult         *result,
                  GError          **error)
{
  const char *primary = result ? PQresultErrorField (result, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *state = result ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = clean_message (self, primary ? primary : PQerrorMessage (self->conn));

  /* 57014: query_canceled, by a statement timeout when not by us. */
  if (g_strcmp0 (state, "57014") == 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                 _("the server stopped the query after %d seconds"), WAYMARK_POSTGRES_STATEMENT_TIMEOUT_S);
  else if (PQstatus (self->conn) == CONNECTION_BAD)
    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("the connection was lost: %s"), message);
  else
    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("the server says: %s"), message);
}

/*
 * _waymark_postgres_exec:
 * @self: a connection
 * @sql: one statement, with $1, $2… for @params
 * @params: (nullable) (element-type utf8): the parameters, as text
 * @cancellable: (nullable): a #GCancellable; cancelling it asks the
 *   server to stop the statement (PQcancel) and waits for its answer
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a result with rows or a command's status, or
 *   %NULL (G_IO_ERROR_CANCELLED when cancelled)
 */
PGresult *
_waymark_postgres_exec (WaymarkPostgres  *self,
                        const char       *sql,
                        GPtrArray        *params,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(PGresult) last = NULL;
  gboolean cancelled = FALSE;
  gint64 cancel_deadline = 0;
  PGresult *result;

  g_return_val_if_fail (self != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* G_MESSAGES_DEBUG=waymark-postgres shows what the server is asked (never a password). */
  g_debug ("%s", sql);
  for (guint i = 0; params != NULL && i < params->len; i++)
    g_debug ("  $%u = %s", i + 1, (const char *) g_ptr_array_index (params, i));

  if (!PQsendQueryParams (self->conn, sql, params ? (int) params->len : 0, NULL,
                          params ? (const char * const *) params->pdata : NULL, NULL, NULL, 0))
    {
      set_result_error (self, NULL, error);
      return NULL;
    }

  for (;;)
    {
      while (PQisBusy (self->conn))
        {
          GPollFD fd = { PQsocket (self->conn), G_IO_IN, 0 };

          if (!cancelled && g_cancellable_is_cancelled (cancellable))
            {
              PGcancel *cancel = PQgetCancel (self->conn);
              char reason[256];

              /* The server answers the statement with an error, read below. */
              if (cancel != NULL)
                {
                  PQcancel (cancel, reason, sizeof reason);
                  PQfreeCancel (cancel);
                }
              cancelled = TRUE;
              cancel_deadline = g_get_monotonic_time () + CANCEL_WAIT_S * G_USEC_PER_SEC;
            }
          /* A server that does not answer the cancel is left to its timeout. */
          if (cancelled && g_get_monotonic_time () > cancel_deadline)
            break;
          if (fd.fd < 0 || g_poll (&fd, 1, POLL_MS) == 0)
            continue;
          if (!PQconsumeInput (self->conn))
            {
              set_result_error (self, NULL, error);
              return NULL;
            }
        }
      if (PQisBusy (self->conn))
        {
          self->abandoned = TRUE;
          break;
        }

      if (!(result = PQgetResult (self->conn)))
        break;
      g_clear_pointer (&last, PQclear);
      last = result;
    }

  if (cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
      return NULL;
    }

  if (last == NULL || (PQresultStatus (last) != PGRES_TUPLES_OK && PQresultStatus (last) != PGRES_COMMAND_OK))
    {
      set_result_error (self, last, error);
      return NULL;
    }

  return g_steal_pointer (&last);
}

static gboolean
exec_command (WaymarkPostgres  *self,
              const char       *sql,
              GCancellable     *cancellable,
              GError          **error)
{
  g_autoptr(PGresult) result = _waymark_postgres_exec (self, sql, NULL, cancellable, error);

  return result != NULL;
}

/*
 * _waymark_postgres_begin:
 * @self: a connection
 * @server_time: (out) (optional): the server's clock at the start, ISO 8601 in UTC
 *
 * Starts the one transaction a pass runs in: read only (so that a query
 * source cannot write), one snapshot for all its statements, and a time
 * limit for each.
 */
gboolean
_waymark_postgres_begin (WaymarkPostgres  *self,
                         char            **server_time,
                         GCancellable     *cancellable,
                         GError          **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(PGresult) result = NULL;

  if (!exec_command (self, "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", cancellable, error))
    return FALSE;
  self->in_transaction = TRUE;

  g_ptr_array_add (params, g_strdup_printf ("%ds", WAYMARK_POSTGRES_STATEMENT_TIMEOUT_S));
  result = _waymark_postgres_exec (self,
                                   "SELECT set_config('statement_timeout', $1, true), set_config('DateStyle', 'ISO, YMD', true), "
                                   /* Room to aggregate a few thousand groups in memory, not on disk. */
                                   "set_config('work_mem', '64MB', true), "
                                   /* Compiled expressions pay only when optimized: JIT for big passes only. */
                                   "set_config('jit_above_cost', greatest(current_setting('jit_optimize_above_cost')::float8, "
                                   "current_setting('jit_above_cost')::float8)::text, true), "
                                   "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
                                   params, cancellable, error);
  if (result == NULL)
    return FALSE;
  if (server_time != NULL)
    *server_time = g_strdup (PQgetvalue (result, 0, PQnfields (result) - 1));

  return TRUE;
}

/* Ends the transaction; it only read, so nothing is lost by a rollback. */
void
_waymark_postgres_end (WaymarkPostgres *self)
{
  if (self->in_transaction && !self->abandoned && PQstatus (self->conn) == CONNECTION_OK)
    {
      PGresult *result = PQexec (self->conn, "ROLLBACK");

      PQclear (result);
    }
  self->in_transaction = FALSE;
}

char *
_waymark_postgres_quote (WaymarkPostgres *self,
                         const char      *identifier)
{
  char *quoted = PQescapeIdentifier (self->conn, identifier, strlen (identifier));
  char *copy = g_strdup (quoted);

  PQfreemem (quoted);
  return copy;
}

/*
 * _waymark_postgres_source_sql:
 * @table: (nullable): a table or view, “name” or “schema.name”
 * @query: (nullable): a query whose rows are the dataset's
 *
 * Returns: (transfer full): what follows FROM for the dataset's rows:
 *   `"schema"."name"`, or `(query)`; callers name it “t”
 */
char *
_waymark_postgres_source_sql (WaymarkPostgres  *self,
                              const char       *table,
                              const char       *query,
                              GError          **error)
{
  if (table != NULL && table[0] != '\0')
    {
      const char *dot = strchr (table, '.');

      if (dot != NULL && dot != table && dot[1] != '\0')
        {
          g_autofree char *schema = g_strndup (table, dot - table);
          g_autofree char *quoted_schema = _waymark_postgres_quote (self, schema);
          g_autofree char *quoted_name = _waymark_postgres_quote (self, dot + 1);

          return g_strdup_printf ("%s.%s", quoted_schema, quoted_name);
        }
      return _waymark_postgres_quote (self, table);
    }

  if (query != NULL)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (query));
      gsize length = strlen (trimmed);

      /* A query pasted from psql ends with a semicolon. */
      while (length > 0 && (trimmed[length - 1] == ';' || g_ascii_isspace (trimmed[length - 1])))
        trimmed[--length] = '\0';
      if (length > 0)
        return g_strdup_printf ("(%s\n)", trimmed);
    }

  g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("a database source needs a table or a query"));
  return NULL;
}

/*
 * _waymark_postgres_describe:
 * @oids: (out) (optional) (element-type Oid): each column's type
 *
 * Returns: (transfer full) (element-type WaymarkPostgresColumn): the
 *   columns of @source_sql, read without a row
 */
GPtrArray *
_waymark_postgres_describe (WaymarkPostgres  *self,
                            const char       *source_sql,
                            GArray          **oids,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s AS t LIMIT 0", source_sql);
  g_autoptr(PGresult) result = _waymark_postgres_exec (self, sql, NULL, cancellable, error);
  g_autoptr(PGresult) names = NULL;
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) list = g_string_new ("{");
  g_autoptr(GHashTable) type_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GPtrArray *columns;
  int n;

  if (result == NULL)
    return NULL;

  n = PQnfields (result);
  for (int i = 0; i < n; i++)
    g_string_append_printf (list, "%s%u", i ? "," : "", PQftype (result, i));
  g_string_append_c (list, '}');
  g_ptr_array_add (params, g_string_free (g_steal_pointer (&list), FALSE));
  names = _waymark_postgres_exec (self, "SELECT oid, format_type(oid, NULL) FROM pg_type WHERE oid = ANY($1::oid[])",
                                  params, cancellable, error);
  if (names == NULL)
    return NULL;
  for (int r = 0; r < PQntuples (names); r++)
    g_hash_table_insert (type_names, GUINT_TO_POINTER ((guint) g_ascii_strtoull (PQgetvalue (names, r, 0), NULL, 10)),
                         g_strdup (PQgetvalue (names, r, 1)));

  columns = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_postgres_column_free);
  if (oids != NULL)
    *oids = g_array_new (FALSE, FALSE, sizeof (Oid));
  for (int i = 0; i < n; i++)
    {
      WaymarkPostgresColumn *column = g_new0 (WaymarkPostgresColumn, 1);
      Oid oid = PQftype (result, i);
      const char *type_name = g_hash_table_lookup (type_names, GUINT_TO_POINTER (oid));

      column->name = g_strdup (PQfname (result, i));
      column->server_type = g_strdup (type_name ? type_name : "");
      column->type = column_type_for_oid (oid);
      g_ptr_array_add (columns, column);
      if (oids != NULL)
        g_array_append_val (*oids, oid);
    }

  return columns;
}

/* A text[] literal of @values: {"a","b \"c\""}. */
char *
_waymark_postgres_array_literal (const char * const *values,
                                 gssize              n_values)
{
  GString *literal = g_string_new ("{");

  for (gssize i = 0; n_values < 0 ? values[i] != NULL : i < n_values; i++)
    {
      if (i > 0)
        g_string_append_c (literal, ',');
      g_string_append_c (literal, '"');
      for (const char *p = values[i]; *p; p++)
        {
          if (*p == '"' || *p == '\\')
            g_string_append_c (literal, '\\');
          g_string_append_c (literal, *p);
        }
      g_string_append_c (literal, '"');
    }
  g_string_append_c (literal, '}');

  return g_string_free (literal, FALSE);
}

/**
 * waymark_postgres_list_tables:
 * @self: a connection
 *
 * Returns: (transfer full): the tables and views the user may read, as
 *   “name” in the search path's first schema and “schema.name” elsewhere
 */
GStrv
waymark_postgres_list_tables (WaymarkPostgres  *self,
                              GCancellable     *cancellable,
                              GError          **error)
{
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  result = _waymark_postgres_exec (self,
                                   "SELECT CASE WHEN n.nspname = current_schema() THEN c.relname "
                                   "ELSE n.nspname || '.' || c.relname END "
                                   "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                   "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') "
                                   "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                                   "AND n.nspname NOT LIKE 'pg_toast%' "
                                   "AND has_table_privilege(c.oid, 'SELECT') "
                                   "ORDER BY n.nspname <> current_schema(), 1 LIMIT 1000",
                                   NULL, cancellable, error);
  if (result == NULL)
    return NULL;

  for (int r = 0; r < PQntuples (result); r++)
    g_strv_builder_add (builder, PQgetvalue (result, r, 0));

  return g_strv_builder_end (builder);
}

/**
 * waymark_postgres_preview:
 * @self: a connection
 * @table: (nullable): a table or view
 * @query: (nullable): or a query
 * @limit: how many rows, at most %WAYMARK_POSTGRES_PREVIEW_ROWS
 * @columns: (out) (transfer full) (element-type WaymarkPostgresColumn):
 *   the columns and their types
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The first rows, for a person to check the source before importing it,
 * read in a read-only transaction. Never stored.
 *
 * Returns: (transfer full) (element-type GStrv): the rows, each cell as
 *   the server writes it ("" for NULL)
 */
GPtrArray *
waymark_postgres_preview (WaymarkPostgres  *self,
                          const char       *table,
                          const char       *query,
                          guint             limit,
                          GPtrArray       **columns,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autofree char *source = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GPtrArray) described = NULL;
  GPtrArray *rows;

  g_return_val_if_fail (self != NULL, NULL);

  if (!(source = _waymark_postgres_source_sql (self, table, query, error)))
    return NULL;
  if (!_waymark_postgres_begin (self, NULL, cancellable, error))
    {
      _waymark_postgres_end (self);
      return NULL;
    }

  described = _waymark_postgres_describe (self, source, NULL, cancellable, error);
  sql = g_strdup_printf ("SELECT * FROM %s AS t LIMIT %u", source, MIN (limit, WAYMARK_POSTGRES_PREVIEW_ROWS));
  if (described != NULL)
    result = _waymark_postgres_exec (self, sql, NULL, cancellable, error);
  _waymark_postgres_end (self);
  if (result == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (int r = 0; r < PQntuples (result); r++)
    {
      GStrv row = g_new0 (char *, PQnfields (result) + 1);

      for (int c = 0; c < PQnfields (result); c++)
        row[c] = g_strdup (PQgetisnull (result, r, c) ? "" : PQgetvalue (result, r, c));
      g_ptr_array_add (rows, row);
    }

  if (columns != NULL)
    *columns = g_steal_pointer (&described);

  return rows;
}
