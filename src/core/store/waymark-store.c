/* waymark-store.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "waymark-core-resources.h"
#include "waymark-error.h"
#include "waymark-store.h"

#define RESOURCE_PATH "/io/github/waymarkapp/Waymark/core/"
#define HEADER_SIZE 100

static const char * const templates[] = {
  "blank",
  "ecommerce",
  "saas-onboarding",
  "service-blueprint",
  "support-call",
  NULL
};

static gboolean
set_database_error (GError     **error,
                    sqlite3     *db,
                    const char  *what)
{
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
               "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (SQLITE_NOMEM));
  return FALSE;
}

static char *
load_resource_text (const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (waymark_core_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return NULL;

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
query_int (sqlite3    *db,
           const char *sql,
           gint64     *out_value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ret = FALSE;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out_value = sqlite3_column_int64 (stmt, 0);
      ret = TRUE;
    }

  sqlite3_finalize (stmt);
  return ret;
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/**
 * waymark_store_list_templates:
 *
 * Returns: (transfer none): the names of the built-in templates, %NULL-terminated
 */
const char * const *
waymark_store_list_templates (void)
{
  return templates;
}

/**
 * waymark_store_check_header:
 * @file: a file that claims to be a Waymark document
 * @error: return location for a #GError
 *
 * Reads the first 100 bytes of @file and checks that they are an SQLite
 * header with a sane page size, Waymark's application id and a format
 * version this build can read — before SQLite ever parses the file.
 *
 * Returns: %TRUE if the header is acceptable
 */
gboolean
waymark_store_check_header (GFile   *file,
                            GError **error)
{
  g_autofree char *path = NULL;
  guint8 header[HEADER_SIZE];
  gssize n_read;
  guint page_size;
  guint32 version;
  int saved_errno;
  int fd;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!(path = g_file_get_path (file)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("only local files can be opened"));
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  do
    n_read = read (fd, header, sizeof header);
  while (n_read < 0 && errno == EINTR);
  saved_errno = errno;
  close (fd);

  if (n_read < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           g_strerror (saved_errno));
      return FALSE;
    }

  if ((gsize) n_read < sizeof header || memcmp (header, "SQLite format 3", 16) != 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_PARSE,
                           _("not a Waymark document (it is not an SQLite database)"));
      return FALSE;
    }

  page_size = (header[16] << 8) | header[17];
  if (page_size == 1)
    page_size = 65536;
  if (page_size < 512 || (page_size & (page_size - 1)) != 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                   _("the document is damaged (invalid page size %u)"), page_size);
      return FALSE;
    }

  if (read_be32 (header + 68) != WAYMARK_STORE_APPLICATION_ID)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_PARSE,
                           _("not a Waymark document (an SQLite database of another application)"));
      return FALSE;
    }

  version = read_be32 (header + 60);
  if (version > WAYMARK_STORE_FORMAT_VERSION)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_UNSUPPORTED_VERSION,
                   _("made by a newer Waymark (format version %u; this version reads up to %u)"),
                   version, WAYMARK_STORE_FORMAT_VERSION);
      return FALSE;
    }

  if (version == 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                           _("the document is damaged (no format version)"));
      return FALSE;
    }

  return TRUE;
}

/**
 * waymark_store_open_untrusted:
 * @file: a local Waymark document, possibly from a stranger
 * @error: return location for a #GError
 *
 * Opens @file read-only with SQLite's defensive settings: no triggers, no
 * views, no attached databases, no memory mapping, untrusted schema, cell
 * size checks; then verifies application id, version, schema objects and
 * runs a quick integrity check. The file itself is never written.
 *
 * Returns: (transfer full): an open connection, or %NULL
 */
sqlite3 *
waymark_store_open_untrusted (GFile   *file,
                              GError **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;
  int rc;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("only local files can be opened"));
      return NULL;
    }

  if (!waymark_store_check_header (file, error))
    return NULL;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
  if (rc != SQLITE_OK)
    {
      set_database_error (error, db, _("cannot open the document"));
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);

  if (sqlite3_exec (db,
                    "PRAGMA cell_size_check = ON;"
                    "PRAGMA mmap_size = 0;",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      set_database_error (error, db, _("cannot configure the database"));
      return NULL;
    }

  if (!query_int (db, "PRAGMA application_id", &value))
    {
      set_database_error (error, db, _("cannot read the document"));
      return NULL;
    }
  if (value != WAYMARK_STORE_APPLICATION_ID)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_PARSE,
                           _("not a Waymark document (an SQLite database of another application)"));
      return NULL;
    }

  if (!query_int (db, "PRAGMA user_version", &value))
    {
      set_database_error (error, db, _("cannot read the document"));
      return NULL;
    }
  if (value > WAYMARK_STORE_FORMAT_VERSION)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_UNSUPPORTED_VERSION,
                   _("made by a newer Waymark (format version %u; this version reads up to %u)"),
                   (guint) MIN (value, G_MAXUINT), WAYMARK_STORE_FORMAT_VERSION);
      return NULL;
    }
  if (value < 1)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                           _("the document is damaged (no format version)"));
      return NULL;
    }

  /* Triggers and views are disabled above, but a document that carries
   * them (or virtual tables, which could name any module) was not made by
   * us; refuse it rather than guess. */
  if (!query_int (db,
                  "SELECT count(*) FROM sqlite_schema "
                  "WHERE type IN ('trigger', 'view') "
                  "OR (type = 'table' AND sql LIKE 'CREATE VIRTUAL%')",
                  &value))
    {
      set_database_error (error, db, _("cannot read the document"));
      return NULL;
    }
  if (value != 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                           _("the document contains triggers, views or virtual tables, which Waymark never writes"));
      return NULL;
    }

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                   _("the document is damaged (%s)"),
                   rc == SQLITE_ROW ? (const char *) sqlite3_column_text (stmt, 0)
                                    : sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  sqlite3_finalize (stmt);

  return g_steal_pointer (&db);
}

static sqlite3 *
open_memory (GError **error)
{
  g_autoptr(sqlite3) db = NULL;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      set_database_error (error, db, _("cannot create a database in memory"));
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);

  return g_steal_pointer (&db);
}

/**
 * waymark_store_load:
 * @file: a local Waymark document
 * @error: return location for a #GError
 *
 * Validates @file (see waymark_store_open_untrusted()) and copies it into a
 * private in-memory database, so that editing never touches the file until
 * it is saved.
 *
 * Returns: (transfer full): an in-memory working copy, or %NULL
 */
sqlite3 *
waymark_store_load (GFile   *file,
                    GError **error)
{
  g_autoptr(sqlite3) source = NULL;
  g_autoptr(sqlite3) memory = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(source = waymark_store_open_untrusted (file, error)))
    return NULL;

  if (!(memory = open_memory (error)))
    return NULL;

  backup = sqlite3_backup_init (memory, "main", source, "main");
  if (backup == NULL)
    {
      set_database_error (error, memory, _("cannot read the document"));
      return NULL;
    }
  rc = sqlite3_backup_step (backup, -1);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                   _("the document is damaged (%s)"), sqlite3_errstr (rc));
      return NULL;
    }

  sqlite3_exec (memory, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);

  return g_steal_pointer (&memory);
}

/**
 * waymark_store_create:
 * @template_name: (nullable): one of waymark_store_list_templates(), or %NULL for "blank"
 * @title: the document title
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a new in-memory document database, or %NULL
 */
sqlite3 *
waymark_store_create (const char  *template_name,
                      const char  *title,
                      GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *template_sql = NULL;
  g_autofree char *template_file = NULL;
  g_autofree char *pragmas = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;

  g_return_val_if_fail (title != NULL, NULL);

  if (template_name == NULL)
    template_name = "blank";

  if (!g_strv_contains (templates, template_name))
    {
      g_autofree char *known = g_strjoinv (", ", (char **) templates);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND,
                   _("no template named “%s” (templates: %s)"), template_name, known);
      return NULL;
    }

  if (!(schema = load_resource_text ("schema-1.sql", error)))
    return NULL;

  template_file = g_strdup_printf ("templates/%s.sql", template_name);
  if (!(template_sql = load_resource_text (template_file, error)))
    return NULL;

  if (!(db = open_memory (error)))
    return NULL;

  pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;"
                             "PRAGMA foreign_keys = ON;",
                             WAYMARK_STORE_APPLICATION_ID, WAYMARK_STORE_FORMAT_VERSION);

  if (sqlite3_exec (db, pragmas, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, "BEGIN", NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, template_sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
                   _("cannot create a document from the template “%s”: %s"),
                   template_name, message);
      sqlite3_free (message);
      return NULL;
    }

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO document (id, title, created, modified) VALUES (1, ?1, ?2, ?2)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      set_database_error (error, db, _("cannot create the document"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, stamp, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sqlite3_finalize (stmt);
      set_database_error (error, db, _("cannot create the document"));
      return NULL;
    }
  sqlite3_finalize (stmt);

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
                   _("cannot create the document: %s"), message);
      sqlite3_free (message);
      return NULL;
    }

  return g_steal_pointer (&db);
}

static gboolean
fsync_path (const char  *path,
            int          flags,
            GError     **error)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot save: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  if (fsync (fd) != 0 && errno != EINVAL)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot save: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/**
 * waymark_store_save:
 * @db: a document database (normally the in-memory working copy)
 * @file: where to save
 * @error: return location for a #GError
 *
 * Writes @db to a new file beside @file, flushes it to disk and renames it
 * over @file, so that @file always holds either the old or the new document
 * in full. The rollback journal is removed when the copy closes; no `-wal`
 * or `-journal` file is left beside the document.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_store_save (sqlite3  *db,
                    GFile    *file,
                    GError  **error)
{
  g_autoptr(sqlite3) target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *journal = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  sqlite3_backup *backup;
  sqlite3_stmt *stmt = NULL;
  int saved_errno;
  int fd;
  int rc;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("only local files can be saved"));
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "UPDATE document SET modified = ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, stamp, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot save: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  journal = g_strconcat (tmp_path, "-journal", NULL);

  rc = sqlite3_open_v2 (tmp_path, &target, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (target, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (target, "main", db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (target);
      else
        {
          rc = sqlite3_backup_step (backup, -1);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
    }

  if (rc != SQLITE_OK)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
                   _("cannot save: %s"),
                   target != NULL ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      g_clear_pointer (&target, sqlite3_close);
      g_unlink (tmp_path);
      g_unlink (journal);
      return FALSE;
    }

  g_clear_pointer (&target, sqlite3_close);

  if (!fsync_path (tmp_path, O_RDONLY, error) ||
      g_rename (tmp_path, path) != 0)
    {
      if (error != NULL && *error == NULL)
        {
          saved_errno = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("cannot save: %s"), g_strerror (saved_errno));
        }
      g_unlink (tmp_path);
      return FALSE;
    }

  /* Make the rename itself durable. */
  fsync_path (dir, O_RDONLY | O_DIRECTORY, NULL);

  return TRUE;
}
