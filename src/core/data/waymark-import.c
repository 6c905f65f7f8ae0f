/* waymark-import.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-error.h"
#include "waymark-import-private.h"
#include "waymark-postgres-private.h"

#define HASH_CHUNK (1024 * 1024)

struct _WaymarkImport
{
  GFile               *file;
  WaymarkTableOptions  options;
  char                *format;
  char                *key_column;
  char                *stage_column;
  char                *sha256;
  guint64              size;
  guint64              rows;
  GPtrArray           *columns;    /* WaymarkColumnInfo */
  GPtrArray           *keys;       /* WaymarkKeyCount, in order of first appearance */
  GHashTable          *key_index;  /* folded value → WaymarkKeyCount */
  GPtrArray           *problems;
  guint64              n_problems;
  guint64              n_blank;      /* blank rows between data rows: not counted */
  GArray              *blank_lines;  /* guint64, the first of them */
  /* A database source: its URI without a password, and a table or a query. */
  char                *uri;
  char                *table;
  char                *query;
  char                *server_time;  /* the server's clock when it was read */
};

struct _WaymarkImportHash
{
  GFile        *file;
  GCancellable *cancellable;
  GThread      *thread;
  char         *sha256;
  guint64       size;
  GError       *error;
};

const char *
waymark_column_type_to_string (WaymarkColumnType type)
{
  static const char * const names[] = { "empty", "integer", "decimal", "date", "text" };

  g_return_val_if_fail (type <= WAYMARK_COLUMN_TEXT, "text");

  return names[type];
}

static void
column_info_free (WaymarkColumnInfo *info)
{
  g_free (info->name);
  g_free (info);
}

static void
key_count_free (WaymarkKeyCount *key)
{
  g_free (key->value);
  g_free (key->stage);
  g_free (key->suggestion);
  g_free (key);
}

/* Edit distance between two folded strings (bytes), giving up past @limit. */
static guint
edit_distance (const char *a,
               const char *b,
               guint       limit)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *row = NULL;

  if ((la > lb ? la - lb : lb - la) > limit)
    return limit + 1;

  row = g_new (guint, lb + 1);
  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0], smallest;

      row[0] = i;
      smallest = row[0];
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
          smallest = MIN (smallest, row[j]);
        }
      if (smallest > limit)
        return limit + 1;
    }

  return row[lb];
}

/* The checksum runs on the other core while the table is parsed. */
static gpointer
hash_file (gpointer data)
{
  WaymarkImportHash *job = data;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buffer = g_malloc (HASH_CHUNK);
  gssize n;

  if (!(stream = g_file_read (job->file, job->cancellable, &job->error)))
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, HASH_CHUNK,
                                   job->cancellable, &job->error)) > 0)
    {
      g_checksum_update (checksum, buffer, n);
      job->size += n;
    }

  if (n == 0)
    job->sha256 = g_strdup (g_checksum_get_string (checksum));

  return NULL;
}

/* The SHA-256 of a file, on another thread while the caller parses it. */
WaymarkImportHash *
_waymark_import_hash_start (GFile        *file,
                            GCancellable *cancellable)
{
  WaymarkImportHash *hash = g_new0 (WaymarkImportHash, 1);

  hash->file = g_object_ref (file);
  hash->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  hash->thread = g_thread_new ("waymark-hash", hash_file, hash);

  return hash;
}

/* Waits for @hash and frees it; FALSE with @error if the file could not be read whole. */
gboolean
_waymark_import_hash_finish (WaymarkImportHash  *hash,
                             char              **sha256,
                             guint64            *size,
                             GError            **error)
{
  gboolean ok;

  g_thread_join (hash->thread);
  ok = hash->error == NULL;
  if (ok)
    {
      *sha256 = g_steal_pointer (&hash->sha256);
      *size = hash->size;
    }
  else
    g_propagate_error (error, g_steal_pointer (&hash->error));

  g_clear_object (&hash->file);
  g_clear_object (&hash->cancellable);
  g_free (hash->sha256);
  g_free (hash);

  return ok;
}

static gboolean
is_digit_run (const char *p,
              const char *end)
{
  if (p == end)
    return FALSE;
  for (; p < end; p++)
    if (*p < '0' || *p > '9')
      return FALSE;
  return TRUE;
}

/* Integer, decimal (a point or a comma as the decimal mark), date (ISO,
 * or day/month/year with slashes, dots or dashes), or text. */
WaymarkColumnType
_waymark_import_classify (const char *cell)
{
  const char *p = cell, *end;
  const char *mark;
  gsize length;

  while (*p == ' ' || *p == '\t')
    p++;
  length = strlen (p);
  while (length > 0 && (p[length - 1] == ' ' || p[length - 1] == '\t'))
    length--;
  if (length == 0)
    return WAYMARK_COLUMN_EMPTY;
  end = p + length;

  if (*p == '-' || *p == '+')
    {
      if (is_digit_run (p + 1, end))
        return WAYMARK_COLUMN_INTEGER;
    }
  else if (is_digit_run (p, end))
    return WAYMARK_COLUMN_INTEGER;

  {
    const char *q = (*p == '-' || *p == '+') ? p + 1 : p;

    mark = NULL;
    for (const char *r = q; r < end; r++)
      if (*r == '.' || *r == ',')
        {
          mark = r;
          break;
        }
    if (mark != NULL && is_digit_run (q, mark) && is_digit_run (mark + 1, end))
      return WAYMARK_COLUMN_DECIMAL;
  }

  /* 2024-03-05, 2024-03-05T14:30, 2024-03-05 14:30:00 */
  if (length >= 10 && is_digit_run (p, p + 4) && p[4] == '-' && is_digit_run (p + 5, p + 7) &&
      p[7] == '-' && is_digit_run (p + 8, p + 10) &&
      (length == 10 || p[10] == 'T' || p[10] == ' '))
    return WAYMARK_COLUMN_DATE;

  /* 05/03/2024, 5.3.2024, 05-03-24 */
  {
    guint parts = 0, digits = 0;
    char separator = 0;
    gboolean ok = TRUE;

    for (const char *r = p; r < end && ok; r++)
      {
        if (*r >= '0' && *r <= '9')
          digits++;
        else if ((*r == '/' || *r == '.' || *r == '-') && digits > 0 && digits <= 4 &&
                 (separator == 0 || separator == *r))
          {
            separator = *r;
            parts++;
            digits = 0;
          }
        else
          ok = FALSE;
      }
    if (ok && parts == 2 && digits >= 2 && digits <= 4)
      return WAYMARK_COLUMN_DATE;
  }

  return WAYMARK_COLUMN_TEXT;
}

/* Key values match card titles trimmed and case-insensitively. */
char *
_waymark_import_fold_key (const char *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  gboolean ascii = TRUE;

  for (const char *p = trimmed; *p; p++)
    if ((guchar) *p >= 0x80)
      {
        ascii = FALSE;
        break;
      }

  if (ascii)
    return g_ascii_strdown (trimmed, -1);

  {
    g_autofree char *normal = g_utf8_normalize (trimmed, -1, G_NORMALIZE_DEFAULT);

    return g_utf8_casefold (normal ? normal : trimmed, -1);
  }
}

static int
find_column (const char * const *columns,
             const char         *name)
{
  int i, position;

  for (i = 0; columns[i]; i++)
    if (g_str_equal (columns[i], name))
      return i;

  /* “Column 13” past the header: made by the rows that reach it. */
  position = waymark_table_column_position (name);
  return position >= i ? position : -1;
}

/* A column's type is the most common type of its non-empty cells. */
void
_waymark_import_settle_column (WaymarkColumnInfo *info)
{
  guint64 filled = 0, best = 0;

  info->type = WAYMARK_COLUMN_EMPTY;
  for (int t = WAYMARK_COLUMN_INTEGER; t <= WAYMARK_COLUMN_TEXT; t++)
    {
      filled += info->counts[t];
      if (info->counts[t] > best)
        {
          best = info->counts[t];
          info->type = t;
        }
    }

  /* Integers fit a decimal column: 4, 4.5 and 5 are decimals. */
  if (info->counts[WAYMARK_COLUMN_DECIMAL] > 0 &&
      info->counts[WAYMARK_COLUMN_INTEGER] + info->counts[WAYMARK_COLUMN_DECIMAL] >= best)
    {
      info->type = WAYMARK_COLUMN_DECIMAL;
      best = info->counts[WAYMARK_COLUMN_INTEGER] + info->counts[WAYMARK_COLUMN_DECIMAL];
    }
  info->share = filled > 0 ? (double) best / filled : 0.0;
}

/**
 * waymark_import_scan:
 * @file: the data file
 * @options: (nullable): how to read it
 * @key_column: (nullable): the column whose values name cards
 * @stage_column: (nullable): the column naming each key's stage
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called now and then with bytes done and total
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Reads the whole table once, streaming: counts rows, infers each
 * column's type, counts the rows of each key value, and computes the
 * file's SHA-256 on another thread. Nothing is stored but the counts.
 *
 * Returns: (transfer full): the scan, or %NULL
 */
WaymarkImport *
waymark_import_scan (GFile                      *file,
                     const WaymarkTableOptions  *options,
                     const char                 *key_column,
                     const char                 *stage_column,
                     GCancellable               *cancellable,
                     WaymarkImportProgress       progress,
                     gpointer                    user_data,
                     GError                    **error)
{
  g_autoptr(WaymarkImport) self = g_new0 (WaymarkImport, 1);
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  const WaymarkTableOptions *resolved;
  const char * const *names = NULL;
  WaymarkImportHash *hasher;
  g_autofree char *sha256 = NULL;
  g_autoptr(GError) hash_error = NULL;
  guint64 size = 0;
  guint n_columns = 0;
  int key_index = -1, stage_index = -1;
  guint64 line = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  hasher = _waymark_import_hash_start (file, cancellable);

  reader = waymark_table_reader_open (file, options, cancellable, &local_error);
  if (reader != NULL)
    {
      names = waymark_table_reader_get_columns (reader);
      n_columns = g_strv_length ((GStrv) names);

      if (key_column != NULL && (key_index = find_column (names, key_column)) < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (GStrv) names);

          g_set_error (&local_error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("no column named “%s” (columns: %s)"), key_column, known);
        }
      else if (stage_column != NULL && (stage_index = find_column (names, stage_column)) < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (GStrv) names);

          g_set_error (&local_error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("no column named “%s” (columns: %s)"), stage_column, known);
        }
    }

  if (local_error == NULL)
    {
      self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_info_free);
      for (guint i = 0; i < n_columns; i++)
        {
          WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

          info->name = g_strdup (names[i]);
          g_ptr_array_add (self->columns, info);
        }
      self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_count_free);
      self->key_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      while (waymark_table_reader_next (reader, cells, &line, &local_error))
        {
          guint n;

          /* Cells past the header made columns of their own. */
          if (cells->len > n_columns)
            {
              names = waymark_table_reader_get_columns (reader);
              n_columns = waymark_table_reader_get_n_columns (reader);
              for (guint i = self->columns->len; i < n_columns; i++)
                {
                  WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

                  info->name = g_strdup (names[i]);
                  info->counts[WAYMARK_COLUMN_EMPTY] = self->rows;
                  g_ptr_array_add (self->columns, info);
                }
            }
          n = MIN (cells->len, n_columns);
          self->rows++;
          for (guint i = 0; i < n; i++)
            {
              WaymarkColumnInfo *info = g_ptr_array_index (self->columns, i);

              info->counts[_waymark_import_classify (g_ptr_array_index (cells, i))]++;
            }

          if (key_index >= 0 && (guint) key_index < cells->len)
            {
              const char *value = g_ptr_array_index (cells, key_index);
              g_autofree char *folded = _waymark_import_fold_key (value);
              WaymarkKeyCount *key;

              if (folded[0] == '\0')
                continue;

              if (!(key = g_hash_table_lookup (self->key_index, folded)))
                {
                  key = g_new0 (WaymarkKeyCount, 1);
                  key->value = g_strstrip (g_strdup (value));
                  if (stage_index >= 0 && (guint) stage_index < cells->len)
                    key->stage = g_strstrip (g_strdup (g_ptr_array_index (cells, stage_index)));
                  g_ptr_array_add (self->keys, key);
                  g_hash_table_insert (self->key_index, g_steal_pointer (&folded), key);
                }
              key->rows++;
            }

          if (progress != NULL && (self->rows & 0xFFFF) == 0)
            progress (waymark_table_reader_get_position (reader), waymark_table_reader_get_size (reader), user_data);

          if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
            break;
        }
    }

  /* A column past the header that no row reached. */
  if (local_error == NULL && (key_index >= (int) n_columns || stage_index >= (int) n_columns))
    {
      g_autofree char *known = g_strjoinv (", ", (GStrv) waymark_table_reader_get_columns (reader));

      g_set_error (&local_error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("no column named “%s” (columns: %s)"),
                   key_index >= (int) n_columns ? key_column : stage_column, known);
    }

  if (!_waymark_import_hash_finish (hasher, &sha256, &size, &hash_error) && local_error == NULL)
    local_error = g_steal_pointer (&hash_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  for (guint i = 0; i < self->columns->len; i++)
    _waymark_import_settle_column (g_ptr_array_index (self->columns, i));

  resolved = waymark_table_reader_get_options (reader);
  self->file = g_object_ref (file);
  self->options.sheet = g_strdup (resolved->sheet);
  self->options.encoding = g_strdup (resolved->encoding);
  self->options.delimiter = resolved->delimiter;
  self->options.header_rows = resolved->header_rows;
  self->format = g_strdup (waymark_table_reader_get_format (reader));
  self->key_column = g_strdup (key_column);
  self->stage_column = g_strdup (stage_column);
  self->sha256 = g_steal_pointer (&sha256);
  self->size = size;
  self->problems = g_ptr_array_copy (waymark_table_reader_get_problems (reader), (GCopyFunc) (void (*) (void)) g_strdup, NULL);
  g_ptr_array_set_free_func (self->problems, g_free);
  self->n_problems = waymark_table_reader_get_n_problems (reader);
  {
    const GArray *lines = NULL;
    g_autofree char *blank = waymark_table_reader_describe_blank_rows (reader);

    /* Blank rows are not rows of data: said first, with where they were. */
    self->n_blank = waymark_table_reader_get_n_blank_rows (reader, &lines);
    self->blank_lines = g_array_copy ((GArray *) lines);
    if (blank != NULL)
      g_ptr_array_insert (self->problems, 0, g_steal_pointer (&blank));
  }

  if (progress != NULL)
    progress (waymark_table_reader_get_size (reader), waymark_table_reader_get_size (reader), user_data);

  return g_steal_pointer (&self);
}

/* The key values, in order of first appearance, with their rows and the
 * stage of their first row: aggregates only, one row per key and stage. */
static gboolean
scan_postgres_keys (WaymarkImport    *self,
                    WaymarkPostgres  *connection,
                    const char       *source,
                    GCancellable     *cancellable,
                    GError          **error)
{
  g_autofree char *key = _waymark_postgres_quote (connection, self->key_column);
  g_autofree char *stage = self->stage_column ? _waymark_postgres_quote (connection, self->stage_column) : NULL;
  g_autofree char *sql = NULL;
  g_autoptr(PGresult) result = NULL;

  sql = g_strdup_printf ("SELECT k, s, count(*) FROM ("
                         "SELECT btrim(t.%s::text) AS k, %s%s%s AS s, row_number() OVER () AS r FROM %s AS t"
                         ") AS x GROUP BY k, s ORDER BY min(r)",
                         key, stage ? "btrim(t." : "NULL::text", stage ? stage : "", stage ? "::text)" : "", source);
  if (!(result = _waymark_postgres_exec (connection, sql, NULL, cancellable, error)))
    return FALSE;

  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *value = PQgetisnull (result, r, 0) ? "" : PQgetvalue (result, r, 0);
      guint64 rows = g_ascii_strtoull (PQgetvalue (result, r, 2), NULL, 10);
      g_autofree char *folded = _waymark_import_fold_key (value);
      WaymarkKeyCount *count;

      self->rows += rows;
      if (folded[0] == '\0')
        continue;
      if (!(count = g_hash_table_lookup (self->key_index, folded)))
        {
          count = g_new0 (WaymarkKeyCount, 1);
          count->value = g_strdup (value);
          if (!PQgetisnull (result, r, 1))
            count->stage = g_strdup (PQgetvalue (result, r, 1));
          g_ptr_array_add (self->keys, count);
          g_hash_table_insert (self->key_index, g_steal_pointer (&folded), count);
        }
      count->rows += rows;
    }

  return TRUE;
}

/* Columns the server types as text may hold numbers or dates, as a CSV's
 * do: their cells are classified by the server as the file import
 * classifies them (_waymark_import_classify()), counted, not sent. */
static gboolean
classify_postgres_text (WaymarkImport    *self,
                        WaymarkPostgres  *connection,
                        const char       *source,
                        GPtrArray        *described,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT true");
  g_autoptr(PGresult) result = NULL;
  guint n = 0;

  for (guint i = 0; i < described->len; i++)
    {
      WaymarkPostgresColumn *column = g_ptr_array_index (described, i);
      g_autofree char *quoted = NULL;
      g_autofree char *cell = NULL;

      if (column->type != WAYMARK_COLUMN_TEXT)
        continue;
      quoted = _waymark_postgres_quote (connection, column->name);
      cell = g_strdup_printf ("btrim(t.%s::text, E' \\t')", quoted);
      g_string_append_printf (sql,
                              ", count(*) FILTER (WHERE %s ~ '^[+-]?[0-9]+$')"
                              ", count(*) FILTER (WHERE %s ~ '^[+-]?([0-9]+[.,][0-9]*|[0-9]*[.,][0-9]+)$')"
                              ", count(*) FILTER (WHERE %s ~ '^([0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?|[0-9]{1,4}([/.-])[0-9]{1,4}\\3[0-9]{2,4})$')"
                              ", count(*) FILTER (WHERE %s <> '')",
                              cell, cell, cell, cell);
      n++;
    }
  if (n == 0)
    return TRUE;

  g_string_append_printf (sql, " FROM %s AS t", source);
  if (!(result = _waymark_postgres_exec (connection, sql->str, NULL, cancellable, error)))
    return FALSE;

  n = 0;
  for (guint i = 0; i < described->len; i++)
    {
      WaymarkColumnInfo *info = g_ptr_array_index (self->columns, i);
      guint64 integers, decimals, dates, filled;
      int at = 1 + 4 * (int) n;

      if (((WaymarkPostgresColumn *) g_ptr_array_index (described, i))->type != WAYMARK_COLUMN_TEXT)
        continue;
      integers = g_ascii_strtoull (PQgetvalue (result, 0, at), NULL, 10);
      decimals = g_ascii_strtoull (PQgetvalue (result, 0, at + 1), NULL, 10);
      dates = g_ascii_strtoull (PQgetvalue (result, 0, at + 2), NULL, 10);
      filled = g_ascii_strtoull (PQgetvalue (result, 0, at + 3), NULL, 10);
      memset (info->counts, 0, sizeof info->counts);
      info->counts[WAYMARK_COLUMN_INTEGER] = integers;
      info->counts[WAYMARK_COLUMN_DECIMAL] = decimals;
      info->counts[WAYMARK_COLUMN_DATE] = dates;
      info->counts[WAYMARK_COLUMN_TEXT] = filled - MIN (filled, integers + decimals + dates);
      _waymark_import_settle_column (info);
      n++;
    }

  return TRUE;
}

static gboolean
has_column (GPtrArray  *columns,
            const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_str_equal (((WaymarkPostgresColumn *) g_ptr_array_index (columns, i))->name, name))
      return TRUE;

  return FALSE;
}

static gboolean
no_postgres_column (GPtrArray   *columns,
                    const char  *name,
                    GError     **error)
{
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (known, "%s%s", i ? ", " : "", ((WaymarkPostgresColumn *) g_ptr_array_index (columns, i))->name);
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               _("no column named “%s” (columns: %s)"), name, known->str);
  return FALSE;
}

/**
 * waymark_import_scan_postgres:
 * @uri: a connection URI (`postgresql://…`); a password in it is used to
 *   connect and never kept
 * @table: (nullable): a table or view, “name” or “schema.name”
 * @query: (nullable): or a query whose rows are the dataset's (run read-only)
 * @key_column: the column whose values name cards
 * @stage_column: (nullable): the column naming each key's stage
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called with the steps done (connect,
 *   describe, count) of three
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * What waymark_import_scan() does for a file, done by the server in one
 * read-only transaction: the columns and their types, the rows, and the
 * rows of each key value. Only those counts leave the server.
 *
 * Returns: (transfer full): the scan, or %NULL
 */
WaymarkImport *
waymark_import_scan_postgres (const char             *uri,
                              const char             *table,
                              const char             *query,
                              const char             *key_column,
                              const char             *stage_column,
                              GCancellable           *cancellable,
                              WaymarkImportProgress   progress,
                              gpointer                user_data,
                              GError                **error)
{
  g_autoptr(WaymarkImport) self = g_new0 (WaymarkImport, 1);
  g_autoptr(WaymarkPostgres) connection = NULL;
  g_autoptr(GPtrArray) described = NULL;
  g_autofree char *source = NULL;
  gboolean ok;

  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (key_column != NULL, NULL);

  if ((table == NULL || table[0] == '\0') == (query == NULL || query[0] == '\0'))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("a database source needs either a table or a query"));
      return NULL;
    }
  if (!(self->uri = waymark_postgres_strip_password (uri, error)))
    return NULL;
  if (progress != NULL)
    progress (0, 3, user_data);
  if (!(connection = waymark_postgres_connect (uri, cancellable, error)))
    return NULL;
  if (!(source = _waymark_postgres_source_sql (connection, table, query, error)))
    return NULL;
  if (!_waymark_postgres_begin (connection, &self->server_time, cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (1, 3, user_data);

  ok = (described = _waymark_postgres_describe (connection, source, NULL, cancellable, error)) != NULL;
  if (ok && !has_column (described, key_column))
    ok = no_postgres_column (described, key_column, error);
  if (ok && stage_column != NULL && !has_column (described, stage_column))
    ok = no_postgres_column (described, stage_column, error);

  if (ok)
    {
      self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_info_free);
      for (guint i = 0; i < described->len; i++)
        {
          WaymarkPostgresColumn *column = g_ptr_array_index (described, i);
          WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

          /* The server's types are the schema; text is looked at below. */
          info->name = g_strdup (column->name);
          info->type = column->type;
          info->share = 1.0;
          g_ptr_array_add (self->columns, info);
        }

      self->key_column = g_strdup (key_column);
      self->stage_column = g_strdup (stage_column);
      self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) key_count_free);
      self->key_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (progress != NULL)
        progress (2, 3, user_data);
      ok = scan_postgres_keys (self, connection, source, cancellable, error) &&
           classify_postgres_text (self, connection, source, described, cancellable, error);
    }
  _waymark_postgres_end (connection);
  if (!ok)
    return NULL;

  self->format = g_strdup ("postgresql");
  self->table = table && table[0] ? g_strdup (table) : NULL;
  self->query = query && query[0] ? g_strstrip (g_strdup (query)) : NULL;
  self->options.header_rows = -1;
  self->problems = g_ptr_array_new_with_free_func (g_free);

  if (progress != NULL)
    progress (3, 3, user_data);

  return g_steal_pointer (&self);
}

void
waymark_import_free (WaymarkImport *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->file);
  waymark_table_options_clear (&self->options);
  g_free (self->format);
  g_free (self->key_column);
  g_free (self->stage_column);
  g_free (self->sha256);
  g_free (self->uri);
  g_free (self->table);
  g_free (self->query);
  g_free (self->server_time);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->key_index, g_hash_table_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->blank_lines, g_array_unref);
  g_free (self);
}

guint64
waymark_import_get_rows (WaymarkImport *self)
{
  return self->rows;
}

/**
 * waymark_import_get_columns:
 *
 * Returns: (transfer none) (element-type WaymarkColumnInfo): the columns
 */
GPtrArray *
waymark_import_get_columns (WaymarkImport *self)
{
  return self->columns;
}

/**
 * waymark_import_get_keys:
 *
 * Returns: (transfer none) (element-type WaymarkKeyCount): the key values,
 *   in order of first appearance
 */
GPtrArray *
waymark_import_get_keys (WaymarkImport *self)
{
  return self->keys;
}

GPtrArray *
waymark_import_get_problems (WaymarkImport *self)
{
  return self->problems;
}

guint64
waymark_import_get_n_problems (WaymarkImport *self)
{
  return self->n_problems;
}

const char *
waymark_import_get_sha256 (WaymarkImport *self)
{
  return self->sha256;
}

static WaymarkMap *
resolve_map (WaymarkDocument *document,
             gint64           map_id)
{
  if (map_id != 0)
    {
      WaymarkObject *object = waymark_document_lookup (document, map_id);

      return WAYMARK_IS_MAP (object) ? WAYMARK_MAP (object) : NULL;
    }
  return waymark_document_get_first_map (document);
}

/**
 * waymark_import_match:
 * @self: a scan
 * @document: the document
 * @map_id: the map, or 0 for the first
 * @n_matched: (out) (optional): how many key values match a card
 * @rows_matched: (out) (optional): how many rows they have
 *
 * Binds each key value to the card of the map whose title equals it,
 * trimmed and case-insensitively; the rest stay unassigned (card 0).
 */
void
waymark_import_match (WaymarkImport   *self,
                      WaymarkDocument *document,
                      gint64           map_id,
                      guint           *n_matched,
                      guint64         *rows_matched)
{
  g_autoptr(GHashTable) titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) stages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  WaymarkMap *map = resolve_map (document, map_id);
  guint matched = 0;
  guint64 rows = 0;

  if (map != NULL)
    {
      g_autoptr(GPtrArray) map_stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map",
                                                                       waymark_object_get_id (WAYMARK_OBJECT (map)));

      for (guint i = 0; i < map_stages->len; i++)
        {
          gint64 *id = g_new (gint64, 1);

          *id = waymark_object_get_id (g_ptr_array_index (map_stages, i));
          g_hash_table_add (stages, id);
        }
    }

  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      gint64 stage = waymark_card_get_stage (card);

      if (g_hash_table_contains (stages, &stage))
        {
          char *folded = _waymark_import_fold_key (waymark_card_get_title (card));

          if (!g_hash_table_contains (titles, folded))
            g_hash_table_insert (titles, folded, card);
          else
            g_free (folded);
        }
    }

  for (guint i = 0; i < self->keys->len; i++)
    {
      WaymarkKeyCount *key = g_ptr_array_index (self->keys, i);
      g_autofree char *folded = _waymark_import_fold_key (key->value);
      WaymarkCard *card = g_hash_table_lookup (titles, folded);

      key->card = card ? waymark_object_get_id (WAYMARK_OBJECT (card)) : 0;
      g_clear_pointer (&key->suggestion, g_free);
      if (card != NULL)
        {
          matched++;
          rows += key->rows;
        }
      /* Near matches, when the sets are small enough to compare pairwise:
       * a typo or two, and at most a fifth of the value. */
      else if ((guint64) self->keys->len * g_hash_table_size (titles) <= 2000000)
        {
          GHashTableIter iter;
          gpointer title, candidate;
          guint limit = MIN (2, strlen (folded) / 5);
          guint best = limit + 1;

          g_hash_table_iter_init (&iter, titles);
          while (limit > 0 && g_hash_table_iter_next (&iter, &title, &candidate))
            {
              guint distance = edit_distance (folded, title, limit);

              if (distance < best)
                {
                  best = distance;
                  g_free (key->suggestion);
                  key->suggestion = g_strdup (waymark_card_get_title (candidate));
                }
            }
        }
    }

  if (n_matched != NULL)
    *n_matched = matched;
  if (rows_matched != NULL)
    *rows_matched = rows;
}

/* The dataset's schema as the document records it. */
char *
_waymark_import_columns_to_json (GPtrArray *columns)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < columns->len; i++)
    {
      WaymarkColumnInfo *info = g_ptr_array_index (columns, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, info->name);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, waymark_column_type_to_string (info->type));
      json_builder_set_member_name (builder, "share");
      json_builder_add_double_value (builder, info->share);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Every option the reader used, so that a refresh repeats the import exactly. */
static char *
build_recipe_json (WaymarkImport *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char delimiter[2] = { self->options.delimiter, 0 };

  json_builder_begin_object (builder);
  add_optional_string (builder, "format", self->format);
  if (self->uri != NULL)
    {
      /* A database: where the rows are; the URI is the dataset's source. */
      if (self->table != NULL)
        add_optional_string (builder, "table", self->table);
      else
        add_optional_string (builder, "query", self->query);
      add_optional_string (builder, "key", self->key_column);
      add_optional_string (builder, "stage_column", self->stage_column);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      json_generator_set_root (generator, root);
      return json_generator_to_data (generator, NULL);
    }
  add_optional_string (builder, "sheet", self->options.sheet);
  add_optional_string (builder, "delimiter", self->options.delimiter ? delimiter : NULL);
  add_optional_string (builder, "encoding", self->options.encoding);
  json_builder_set_member_name (builder, "header_rows");
  json_builder_add_int_value (builder, self->options.header_rows);
  add_optional_string (builder, "key", self->key_column);
  add_optional_string (builder, "stage_column", self->stage_column);
  /* What the import left out by rule: blank rows, and where they were. */
  json_builder_set_member_name (builder, "blank_rows");
  json_builder_add_int_value (builder, (gint64) self->n_blank);
  if (self->n_blank > 0)
    {
      json_builder_set_member_name (builder, "blank_lines");
      json_builder_begin_array (builder);
      for (guint i = 0; self->blank_lines != NULL && i < self->blank_lines->len; i++)
        json_builder_add_int_value (builder, (gint64) g_array_index (self->blank_lines, guint64, i));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static WaymarkLane *
find_touchpoint_lane (WaymarkDocument *document,
                      gint64           map_id)
{
  g_autoptr(GPtrArray) lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", map_id);

  for (guint i = 0; i < lanes->len; i++)
    if (g_str_equal (waymark_lane_get_kind (g_ptr_array_index (lanes, i)), "touchpoints"))
      return g_ptr_array_index (lanes, i);

  return NULL;
}

/**
 * waymark_import_apply:
 * @self: a scan, matched with waymark_import_match()
 * @document: the document
 * @map_id: the map, or 0 for the first
 * @name: (nullable): the dataset's name; %NULL for the file's name without extension
 * @create_cards: first create a touchpoint card for each unmatched key value
 * @error: return location for a #GError
 *
 * Records the dataset (source, checksum, size, schema, row count, recipe)
 * and, if asked, the cards (and the stages named by the stage column, in
 * order of first appearance) — as one undoable step, or not at all.
 *
 * Returns: (transfer none): the new dataset, or %NULL
 */
WaymarkDataset *
waymark_import_apply (WaymarkImport    *self,
                      WaymarkDocument  *document,
                      gint64            map_id,
                      const char       *name,
                      gboolean          create_cards,
                      GError          **error)
{
  g_autofree char *default_name = NULL;
  g_autofree char *source = NULL;
  g_autofree char *columns = NULL;
  g_autofree char *recipe = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  WaymarkMap *map = resolve_map (document, map_id);
  WaymarkObject *dataset;

  if (map == NULL)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the document has no map to import into"));
      return NULL;
    }
  map_id = waymark_object_get_id (WAYMARK_OBJECT (map));

  if ((name == NULL || name[0] == '\0') && self->uri != NULL)
    {
      const char *dot = self->table ? strrchr (self->table, '.') : NULL;

      /* A table's name, or a query's database's. */
      name = default_name = g_strdup (self->table ? (dot ? dot + 1 : self->table) : _("Query"));
    }
  else if (name == NULL || name[0] == '\0')
    {
      g_autofree char *basename = g_file_get_basename (self->file);
      char *dot = strrchr (basename, '.');

      if (dot != NULL && dot != basename)
        *dot = '\0';
      name = default_name = g_steal_pointer (&basename);
    }

  for (guint i = 0; i < datasets->len; i++)
    if (g_str_equal (waymark_dataset_get_name (g_ptr_array_index (datasets, i)), name))
      {
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                     _("the document already has a dataset named “%s”; choose another name"), name);
        return NULL;
      }

  if (self->uri != NULL)
    source = g_strdup (self->uri);
  else if (!(source = g_file_get_path (self->file)))
    source = g_file_get_uri (self->file);
  columns = _waymark_import_columns_to_json (self->columns);
  recipe = build_recipe_json (self);

  /* Translators: an undo label */
  waymark_document_begin (document, _("Import Data"));

  if (create_cards)
    {
      g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
      g_autoptr(GHashTable) stage_by_title = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) cell_fill = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      WaymarkLane *lane = find_touchpoint_lane (document, map_id);
      int next_stage_position = 0;
      gint64 lane_id;

      for (guint i = 0; i < stages->len; i++)
        {
          WaymarkStage *stage = g_ptr_array_index (stages, i);

          g_hash_table_insert (stage_by_title, _waymark_import_fold_key (waymark_stage_get_title (stage)), stage);
          next_stage_position = MAX (next_stage_position, waymark_stage_get_position (stage) + 1);
        }

      if (lane == NULL)
        {
          g_autoptr(GPtrArray) lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", map_id);

          lane = WAYMARK_LANE (waymark_document_add (document, WAYMARK_TYPE_LANE,
                                                     "map", map_id,
                                                     "position", (int) lanes->len,
                                                     "title", _("Touchpoints"),
                                                     "kind", "touchpoints",
                                                     NULL));
        }
      lane_id = waymark_object_get_id (WAYMARK_OBJECT (lane));

      for (guint i = 0; i < self->keys->len; i++)
        {
          WaymarkKeyCount *key = g_ptr_array_index (self->keys, i);
          WaymarkStage *stage = NULL;
          gint64 stage_id;
          gpointer fill;
          int position;

          if (key->card != 0)
            continue;

          if (key->stage != NULL && key->stage[0] != '\0')
            {
              g_autofree char *folded = _waymark_import_fold_key (key->stage);

              if (!(stage = g_hash_table_lookup (stage_by_title, folded)))
                {
                  stage = WAYMARK_STAGE (waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                                               "map", map_id,
                                                               "position", next_stage_position++,
                                                               "title", key->stage,
                                                               NULL));
                  g_hash_table_insert (stage_by_title, g_steal_pointer (&folded), stage);
                }
            }
          else
            {
              g_autoptr(GPtrArray) current = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);

              if (current->len == 0)
                {
                  stage = WAYMARK_STAGE (waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                                               "map", map_id,
                                                               "position", next_stage_position++,
                                                               "title", _("Journey"),
                                                               NULL));
                  g_hash_table_insert (stage_by_title, _waymark_import_fold_key (_("Journey")), stage);
                }
              else
                stage = g_ptr_array_index (current, 0);
            }

          stage_id = waymark_object_get_id (WAYMARK_OBJECT (stage));
          if (!g_hash_table_lookup_extended (cell_fill, &stage_id, NULL, &fill))
            {
              g_autoptr(GPtrArray) existing = waymark_document_dup_cell (document, stage_id, lane_id);
              int last = -1;

              for (guint c = 0; c < existing->len; c++)
                last = MAX (last, waymark_card_get_position (g_ptr_array_index (existing, c)));
              fill = GINT_TO_POINTER (last + 1);
            }
          position = GPOINTER_TO_INT (fill);

          key->card = waymark_object_get_id (waymark_document_add (document, WAYMARK_TYPE_CARD,
                                                                   "lane", lane_id,
                                                                   "stage", stage_id,
                                                                   "position", position,
                                                                   "kind", "touchpoint",
                                                                   "title", key->value,
                                                                   NULL));
          {
            gint64 *stored = g_new (gint64, 1);

            *stored = stage_id;
            g_hash_table_replace (cell_fill, stored, GINT_TO_POINTER (position + 1));
          }
        }
    }

  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET,
                                  "name", name,
                                  "source", source,
                                  "sha256", self->sha256,
                                  "size", (gint64) self->size,
                                  "imported", self->server_time ? self->server_time : stamp,
                                  "row-count", (gint64) self->rows,
                                  "columns", columns,
                                  "recipe", recipe,
                                  NULL);

  waymark_document_end (document);

  return WAYMARK_DATASET (dataset);
}
