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
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "waymark-store-resources.h"
#include "waymark-document-private.h"
#include "waymark-error.h"
#include "waymark-temporary.h"
#include "waymark-items-private.h"
#include "waymark-object-private.h"
#include "waymark-store-private.h"

#define RESOURCE_PATH "/io/github/waymarkapp/Waymark/core/"
#define HEADER_SIZE 100
/* No text or image in a document is near this; a file claiming one is hostile. */
#define MAX_VALUE_LENGTH (64 * 1024 * 1024)

static const char * const templates[] = {
  "blank",
  "ecommerce",
  "saas-onboarding",
  "service-blueprint",
  "support-call",
  NULL
};

static WaymarkStoreFaultHook fault_hook;

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

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
corrupt (GError     **error,
         const char  *format,
         ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
               _("the document is damaged (%s)"), detail);
  return FALSE;
}

/* SQLite finding the file malformed is damage, reported like the damage
 * our own checks find; anything else is a database error. */
static gboolean
set_read_error (GError  **error,
                sqlite3  *db)
{
  int code = sqlite3_errcode (db) & 0xff;

  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
    return corrupt (error, "%s", sqlite3_errmsg (db));

  return set_database_error (error, db, _("cannot read the document"));
}

static char *
load_resource_text (const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_resource_lookup_data (waymark_store_get_resource (), path,
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
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH);

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
      set_read_error (error, db);
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
      set_read_error (error, db);
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
      set_read_error (error, db);
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

  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
  sqlite3_db_config (db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
  sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);
  /* An older document is upgraded here: the same bound on a value as
   * when it is read from its file. */
  sqlite3_limit (db, SQLITE_LIMIT_LENGTH, MAX_VALUE_LENGTH);

  return g_steal_pointer (&db);
}

static void
fault_point (const char *point)
{
  if (fault_hook != NULL)
    fault_hook (point);
}

/*
 * _waymark_store_set_fault_hook:
 * @hook: (nullable): called at each step of a save
 *
 * For the crash tests: the hook may kill the process at any step; the
 * slow-disk test holds the step for as long as it likes. It runs on the
 * thread that reads or writes: the store's worker for asynchronous work.
 */
void
_waymark_store_set_fault_hook (WaymarkStoreFaultHook hook)
{
  fault_hook = hook;
}

static char *
column_list (WaymarkObjectClass *klass)
{
  GString *columns = g_string_new ("id");

  for (guint i = 0; i < klass->n_pspecs; i++)
    {
      g_autofree char *column = g_strdelimit (g_strdup (klass->pspecs[i]->name), "-", '_');

      g_string_append_printf (columns, ", %s", column);
    }

  return g_string_free (columns, FALSE);
}

static gboolean
read_column (sqlite3_stmt  *stmt,
             int            column,
             GParamSpec    *pspec,
             const char    *table,
             gint64         id,
             GValue        *value,
             GError       **error)
{
  int type = sqlite3_column_type (stmt, column);

  g_value_init (value, pspec->value_type);

  if (pspec->value_type == G_TYPE_STRING)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, column);
      int length = sqlite3_column_bytes (stmt, column);

      if (type == SQLITE_BLOB || (text != NULL && !g_utf8_validate_len (text, length, NULL)))
        return corrupt (error, "%s %" G_GINT64_FORMAT ": %s is not valid text", table, id, pspec->name);
      g_value_set_string (value, text != NULL ? text : "");
    }
  else if (pspec->value_type == G_TYPE_INT || pspec->value_type == G_TYPE_INT64 ||
           pspec->value_type == G_TYPE_BOOLEAN)
    {
      gint64 number = sqlite3_column_int64 (stmt, column);

      if (type != SQLITE_INTEGER && type != SQLITE_NULL)
        return corrupt (error, "%s %" G_GINT64_FORMAT ": %s is not a whole number", table, id, pspec->name);

      if (pspec->value_type == G_TYPE_INT)
        {
          if (number < G_MININT || number > G_MAXINT)
            return corrupt (error, "%s %" G_GINT64_FORMAT ": %s is out of range", table, id, pspec->name);
          g_value_set_int (value, (int) number);
        }
      else if (pspec->value_type == G_TYPE_INT64)
        g_value_set_int64 (value, number);
      else
        g_value_set_boolean (value, number != 0);
    }
  else if (pspec->value_type == G_TYPE_DOUBLE)
    {
      if (type == SQLITE_NULL)
        g_value_set_double (value, NAN);
      else if (type == SQLITE_INTEGER || type == SQLITE_FLOAT)
        g_value_set_double (value, sqlite3_column_double (stmt, column));
      else
        return corrupt (error, "%s %" G_GINT64_FORMAT ": %s is not a number", table, id, pspec->name);
    }
  else if (pspec->value_type == G_TYPE_BYTES)
    {
      if (type == SQLITE_BLOB)
        g_value_take_boxed (value, g_bytes_new (sqlite3_column_blob (stmt, column),
                                                sqlite3_column_bytes (stmt, column)));
      else if (type != SQLITE_NULL)
        return corrupt (error, "%s %" G_GINT64_FORMAT ": %s is not binary data", table, id, pspec->name);
    }
  else
    g_assert_not_reached ();

  return TRUE;
}

static gboolean
read_table (sqlite3          *db,
            WaymarkDocument  *document,
            GType             type,
            GError          **error)
{
  WaymarkObjectClass *klass = g_type_class_ref (type);
  g_autofree char *columns = column_list (klass);
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s ORDER BY id", columns, klass->table);
  sqlite3_stmt *stmt = NULL;
  gboolean ret = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      corrupt (error, "%s", sqlite3_errmsg (db));
      goto out;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_autoptr(WaymarkObject) object = NULL;

      if (sqlite3_column_type (stmt, 0) != SQLITE_INTEGER || id <= 0)
        {
          corrupt (error, "%s: an invalid id", klass->table);
          goto out;
        }

      if (waymark_document_lookup (document, id) != NULL)
        {
          corrupt (error, "%s %" G_GINT64_FORMAT ": the id is used twice", klass->table, id);
          goto out;
        }

      object = _waymark_object_new_unset (type, id);

      for (guint i = 0; i < klass->n_pspecs; i++)
        {
          g_auto(GValue) value = G_VALUE_INIT;

          if (!read_column (stmt, i + 1, klass->pspecs[i], klass->table, id, &value, error) ||
              !_waymark_object_validate_value (object, klass->pspecs[i], &value, error))
            goto out;

          _waymark_object_take_value (object, klass->pspecs[i]->param_id, &value);
        }

      _waymark_document_insert_loaded (document, object);
    }

  if (rc != SQLITE_DONE)
    {
      corrupt (error, "%s", sqlite3_errmsg (db));
      goto out;
    }

  ret = TRUE;

out:
  sqlite3_finalize (stmt);
  g_type_class_unref (klass);
  return ret;
}


static gint64
map_of (WaymarkDocument *document,
        gint64           id)
{
  WaymarkObject *object = waymark_document_lookup (document, id);

  if (WAYMARK_IS_STAGE (object))
    return waymark_stage_get_map (WAYMARK_STAGE (object));
  if (WAYMARK_IS_LANE (object))
    return waymark_lane_get_map (WAYMARK_LANE (object));
  return 0;
}

/* Every reference points at an object of the right type, and a card's
 * (or emotion point's) stage and lane belong to the same map. */
static gboolean
check_references (WaymarkDocument  *document,
                  GError          **error)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      WaymarkObjectClass *klass = g_type_class_peek (types[t]);
      GPtrArray *items = waymark_document_get_items (document, types[t]);

      for (guint i = 0; i < items->len; i++)
        {
          WaymarkObject *object = g_ptr_array_index (items, i);
          gint64 id = waymark_object_get_id (object);

          for (guint p = 0; p < klass->n_pspecs; p++)
            {
              GParamSpec *pspec = klass->pspecs[p];
              GType target = _waymark_param_spec_get_reference (pspec);
              gint64 ref;
              WaymarkObject *referred;

              if (target == G_TYPE_INVALID)
                continue;

              ref = g_value_get_int64 (_waymark_object_peek_value (object, pspec->param_id));
              if (ref == 0)
                continue;

              referred = waymark_document_lookup (document, ref);
              if (referred == NULL || !g_type_is_a (G_OBJECT_TYPE (referred), target))
                return corrupt (error, "%s %" G_GINT64_FORMAT " refers to a missing %s",
                                klass->table, id, pspec->name);
            }

          if (WAYMARK_IS_CARD (object) || WAYMARK_IS_EMOTION (object))
            {
              gint64 stage = WAYMARK_IS_CARD (object) ? waymark_card_get_stage (WAYMARK_CARD (object))
                                                      : waymark_emotion_get_stage (WAYMARK_EMOTION (object));
              gint64 lane = WAYMARK_IS_CARD (object) ? waymark_card_get_lane (WAYMARK_CARD (object))
                                                     : waymark_emotion_get_lane (WAYMARK_EMOTION (object));

              if (stage == 0 || lane == 0 || map_of (document, stage) != map_of (document, lane))
                return corrupt (error, "%s %" G_GINT64_FORMAT ": its stage and lane are not in one map",
                                klass->table, id);
            }
        }
    }

  return TRUE;
}

/* Reads a whole document from @db, which has been validated (or made by us). */
static WaymarkDocument *
read_document (sqlite3  *db,
               GError  **error)
{
  g_autoptr(WaymarkDocument) document = _waymark_document_new_empty ();
  sqlite3_stmt *stmt = NULL;
  guint n_types;
  const GType *types = waymark_item_types (&n_types);
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT title, author, created, modified FROM document WHERE id = 1",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      corrupt (error, "%s", rc == SQLITE_DONE ? _("no document header") : sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }

  for (int i = 0; i < 4; i++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, i);

      if (text != NULL && !g_utf8_validate (text, -1, NULL))
        {
          sqlite3_finalize (stmt);
          corrupt (error, "%s", _("the document header is not valid text"));
          return NULL;
        }
    }

  _waymark_document_set_header (document,
                                (const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 1),
                                (const char *) sqlite3_column_text (stmt, 2),
                                (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);

  for (guint t = 0; t < n_types; t++)
    if (!read_table (db, document, types[t], error))
      return NULL;

  if (!check_references (document, error))
    return NULL;

  return g_steal_pointer (&document);
}

/* Upgrades an older document in @db (a private in-memory copy) to the
 * current format. Each step is one SQL script; version 1 is the first. */
static gboolean
migrate (sqlite3  *db,
         gint64    version,
         GError  **error)
{
  static const char * const steps[] = {
    NULL, /* 0 → 1: there is no version 0 */
    /* 1 → 2: manual stage widths and lane heights; metric freshness and
     * margins of error. */
    "ALTER TABLE stage ADD COLUMN width REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE lane ADD COLUMN height REAL NOT NULL DEFAULT 0;"
    "ALTER TABLE metric ADD COLUMN status TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE metric ADD COLUMN computed TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE metric_value ADD COLUMN moe REAL NOT NULL DEFAULT 0;",
    /* 2 → 3: dot votes on cards (and the parking-lot lane kind, which
     * needs no column). */
    "ALTER TABLE card ADD COLUMN votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0);",
  };

  for (gint64 v = version; v < WAYMARK_STORE_FORMAT_VERSION; v++)
    {
      char *message = NULL;

      if (v < 1 || (gsize) v >= G_N_ELEMENTS (steps) || steps[v] == NULL)
        {
          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_UNSUPPORTED_VERSION,
                       _("format version %d cannot be upgraded"), (int) v);
          return FALSE;
        }

      if (sqlite3_exec (db, steps[v], NULL, NULL, &message) != SQLITE_OK)
        {
          corrupt (error, "%s", message);
          sqlite3_free (message);
          return FALSE;
        }
    }

  return TRUE;
}

/*
 * _waymark_store_read:
 * @file: a local Waymark document
 * @error: return location for a #GError
 *
 * Validates @file (see waymark_store_open_untrusted()), upgrades it in
 * memory if it is an older version, and reads it into a document whose
 * file is @file.
 *
 * Returns: (transfer full): the document, or %NULL
 */
WaymarkDocument *
_waymark_store_read (GFile   *file,
                     GError **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  gint64 version = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  fault_point ("read");
  if (!(db = waymark_store_open_untrusted (file, error)))
    return NULL;

  query_int (db, "PRAGMA user_version", &version);
  if (version < WAYMARK_STORE_FORMAT_VERSION)
    {
      g_autoptr(sqlite3) memory = NULL;
      sqlite3_backup *backup;
      int rc;

      if (!(memory = open_memory (error)))
        return NULL;

      backup = sqlite3_backup_init (memory, "main", db, "main");
      rc = backup != NULL ? sqlite3_backup_step (backup, -1) : sqlite3_errcode (memory);
      sqlite3_backup_finish (backup);
      if (rc != SQLITE_DONE)
        {
          corrupt (error, "%s", sqlite3_errstr (rc));
          return NULL;
        }

      if (!migrate (memory, version, error))
        return NULL;

      g_clear_pointer (&db, sqlite3_close);
      db = g_steal_pointer (&memory);
    }

  if (!(document = read_document (db, error)))
    return NULL;

  _waymark_document_set_file (document, file);
  return g_steal_pointer (&document);
}

/* template_text(TEXT): a template's text in the reader's language. */
static void
template_text_fn (sqlite3_context  *context,
                  int               argc,
                  sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  /* The empty string's "translation" is a catalogue's header. */
  if (text == NULL || *text == '\0')
    sqlite3_result_value (context, argv[0]);
  else
    sqlite3_result_text (context, g_dpgettext2 (GETTEXT_PACKAGE, "template", text), -1, SQLITE_TRANSIENT);
}

/* lane_title(TITLE, KIND): a lane titled with its kind's English name takes
 * the kind's translated name, as the lane kind menu shows it. */
static void
lane_title_fn (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *title = (const char *) sqlite3_value_text (argv[0]);
  const char *kind = (const char *) sqlite3_value_text (argv[1]);
  const char *msgid = _waymark_lane_kind_msgid (kind);

  if (title != NULL && msgid != NULL && g_str_equal (title, msgid))
    sqlite3_result_text (context, waymark_lane_kind_label (kind), -1, SQLITE_TRANSIENT);
  else
    template_text_fn (context, 1, argv);
}

/* What people read in a new map, translated when Waymark is translated
 * into the reader's language. build-aux/template-strings.py reads this
 * list to find the text to mark. A card's status is a key, shown by
 * waymark_card_status_label(), so it stays as it is. */
const WaymarkTemplateColumn _waymark_template_columns[] = {
  { "map", "title" }, { "map", "scenario" },
  { "persona", "name" }, { "persona", "role" }, { "persona", "quote" },
  { "persona", "goals" }, { "persona", "frustrations" },
  { "stage", "title" }, { "stage", "description" },
  { "lane", "title" },
  { "card", "title" }, { "card", "body" }, { "card", "owner" },
  { "emotion", "label" },
  { "connector", "label" },
  { "comment", "body" },
  { NULL, NULL }
};

static gboolean
translate_template (sqlite3  *db,
                    char    **message)
{
  if (sqlite3_create_function (db, "template_text", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               NULL, template_text_fn, NULL, NULL) != SQLITE_OK ||
      sqlite3_create_function (db, "lane_title", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                               NULL, lane_title_fn, NULL, NULL) != SQLITE_OK)
    {
      *message = sqlite3_mprintf ("%s", sqlite3_errmsg (db));
      return FALSE;
    }
  for (const WaymarkTemplateColumn *column = _waymark_template_columns; column->table; column++)
    {
      /* Lanes named as their kind take the kind's name. */
      g_autofree char *sql = g_str_equal (column->table, "lane")
        ? g_strdup_printf ("UPDATE lane SET %s = lane_title (%s, kind)", column->column, column->column)
        : g_strdup_printf ("UPDATE %s SET %s = template_text (%s)", column->table, column->column, column->column);

      if (sqlite3_exec (db, sql, NULL, NULL, message) != SQLITE_OK)
        return FALSE;
    }
  return TRUE;
}

/*
 * _waymark_store_create:
 * @template_name: (nullable): one of waymark_store_list_templates(), or %NULL for "blank"
 * @title: the document title
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a new document without a file, or %NULL
 */
WaymarkDocument *
_waymark_store_create (const char  *template_name,
                       const char  *title,
                       GError     **error)
{
  g_autoptr(sqlite3) db = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *template_sql = NULL;
  g_autofree char *template_file = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
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

  if (!(schema = load_resource_text ("schema-3.sql", error)))
    return NULL;

  template_file = g_strdup_printf ("templates/%s.sql", template_name);
  if (!(template_sql = load_resource_text (template_file, error)))
    return NULL;

  if (!(db = open_memory (error)))
    return NULL;

  if (sqlite3_exec (db, "PRAGMA foreign_keys = ON; BEGIN", NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, schema, NULL, NULL, &message) != SQLITE_OK ||
      sqlite3_exec (db, template_sql, NULL, NULL, &message) != SQLITE_OK ||
      !translate_template (db, &message) ||
      sqlite3_exec (db, "INSERT INTO document (id, title, created, modified) VALUES (1, '', '', '');"
                        "COMMIT", NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
                   _("cannot create a document from the template “%s”: %s"),
                   template_name, message);
      sqlite3_free (message);
      return NULL;
    }

  if (!(document = read_document (db, error)))
    return NULL;

  _waymark_document_set_header (document, title, "", stamp, stamp);
  return g_steal_pointer (&document);
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

static int
bind_value (sqlite3_stmt *stmt,
            int           column,
            const GValue *value,
            gboolean      reference)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_STRING)
    return sqlite3_bind_text (stmt, column, g_value_get_string (value) ? g_value_get_string (value) : "",
                              -1, SQLITE_STATIC);
  if (type == G_TYPE_INT)
    return sqlite3_bind_int (stmt, column, g_value_get_int (value));
  if (type == G_TYPE_INT64)
    {
      /* References use NULL for none, so foreign keys hold. */
      if (reference && g_value_get_int64 (value) == 0)
        return sqlite3_bind_null (stmt, column);
      return sqlite3_bind_int64 (stmt, column, g_value_get_int64 (value));
    }
  if (type == G_TYPE_BOOLEAN)
    return sqlite3_bind_int (stmt, column, g_value_get_boolean (value) ? 1 : 0);
  if (type == G_TYPE_DOUBLE)
    {
      if (isnan (g_value_get_double (value)))
        return sqlite3_bind_null (stmt, column);
      return sqlite3_bind_double (stmt, column, g_value_get_double (value));
    }
  if (type == G_TYPE_BYTES)
    {
      GBytes *bytes = g_value_get_boxed (value);
      gsize size = 0;
      gconstpointer data;

      if (bytes == NULL)
        return sqlite3_bind_null (stmt, column);
      data = g_bytes_get_data (bytes, &size);
      return sqlite3_bind_blob64 (stmt, column, data != NULL ? data : "", size, SQLITE_STATIC);
    }

  g_assert_not_reached ();
  return SQLITE_MISUSE;
}

static int
write_table (sqlite3         *db,
             WaymarkDocument *document,
             GType            type)
{
  WaymarkObjectClass *klass = g_type_class_peek (type);
  g_autofree char *columns = column_list (klass);
  g_autoptr(GString) sql = g_string_new (NULL);
  GPtrArray *items = waymark_document_get_items (document, type);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (items->len == 0)
    return SQLITE_OK;

  g_string_printf (sql, "INSERT INTO %s (%s) VALUES (?", klass->table, columns);
  for (guint i = 0; i < klass->n_pspecs; i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ")");

  if ((rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL)) != SQLITE_OK)
    return rc;

  for (guint i = 0; i < items->len && rc == SQLITE_OK; i++)
    {
      WaymarkObject *object = g_ptr_array_index (items, i);

      sqlite3_bind_int64 (stmt, 1, waymark_object_get_id (object));
      for (guint p = 0; p < klass->n_pspecs && rc == SQLITE_OK; p++)
        rc = bind_value (stmt, p + 2,
                         _waymark_object_peek_value (object, klass->pspecs[p]->param_id),
                         _waymark_param_spec_get_reference (klass->pspecs[p]) != G_TYPE_INVALID);

      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_DONE)
        rc = SQLITE_OK;
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);
  return rc;
}

static int
write_document (sqlite3         *db,
                WaymarkDocument *document,
                const char      *modified_time,
                GHashTable      *meta)
{
  g_autofree char *schema = NULL;
  g_autofree char *pragmas = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n_types;
  const GType *types = waymark_item_types (&n_types);
  int rc;

  if (!(schema = load_resource_text ("schema-3.sql", NULL)))
    return SQLITE_INTERNAL;

  /* The file is new and private until the rename: no journal file is
   * needed, and it is flushed once, after closing. The defensive flag
   * silently refuses journal_mode = OFF, so keep the journal in memory:
   * a killed save must not leave a “-journal” beside its temporary file,
   * where nothing would ever remove it. */
  pragmas = g_strdup_printf ("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;"
                             "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                             WAYMARK_STORE_APPLICATION_ID, WAYMARK_STORE_FORMAT_VERSION);

  if ((rc = sqlite3_exec (db, pragmas, NULL, NULL, NULL)) != SQLITE_OK ||
      (rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL)) != SQLITE_OK ||
      (rc = sqlite3_exec (db, schema, NULL, NULL, NULL)) != SQLITE_OK)
    return rc;

  fault_point ("schema");

  rc = sqlite3_prepare_v2 (db, "INSERT INTO document (id, title, author, created, modified) "
                               "VALUES (1, ?1, ?2, ?3, ?4)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_text (stmt, 1, waymark_document_get_title (document), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, waymark_document_get_author (document), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, waymark_document_get_created (document), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, modified_time, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return rc;

  for (guint t = 0; t < n_types; t++)
    {
      if ((rc = write_table (db, document, types[t])) != SQLITE_OK)
        return rc;
      fault_point ("table");
    }

  if (meta != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      rc = sqlite3_prepare_v2 (db, "INSERT INTO meta (key, value) VALUES (?1, ?2)", -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return rc;

      g_hash_table_iter_init (&iter, meta);
      while (rc == SQLITE_OK && g_hash_table_iter_next (&iter, &key, &value))
        {
          sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
          if ((rc = sqlite3_step (stmt)) == SQLITE_DONE)
            rc = SQLITE_OK;
          sqlite3_reset (stmt);
        }
      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        return rc;
    }

  return sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

/* Removes temporary files that a killed save left beside @path; a save in
 * progress elsewhere is never that old. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;

      path = g_build_filename (dir, name, NULL);
      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) && now - st.st_mtime > 600)
        g_unlink (path);
    }
}

/*
 * _waymark_store_save_full:
 * @document: the document
 * @file: where to save
 * @mode: permissions for a new file (an existing file keeps its own)
 * @meta: (nullable): key/value pairs for the meta table
 * @error: return location for a #GError
 *
 * Writes @document to a new file beside @file, flushes it to disk and
 * renames it over @file, then flushes the folder: @file always holds
 * either the old or the new document, whole.
 */
gboolean
_waymark_store_save_full (WaymarkDocument  *document,
                          GFile            *file,
                          int               mode,
                          GHashTable       *meta,
                          GError          **error)
{
  g_autoptr(sqlite3) target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  GStatBuf st;
  int saved_errno;
  int fd;
  int rc;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("only local files can be saved"));
      return FALSE;
    }

  if (g_stat (path, &st) == 0)
    mode = st.st_mode & 0777;

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);

  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, mode);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot save: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  /* mkstemp applies the umask; keep exactly the mode asked for. */
  fchmod (fd, mode);
  waymark_temporary_register (tmp_path);
  close (fd);

  fault_point ("created");

  rc = sqlite3_open_v2 (tmp_path, &target, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (target, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      rc = write_document (target, document, stamp, meta);
    }

  if (rc != SQLITE_OK)
    {
      /* Prefer the errno of SQLite's failed system call to whatever its
       * cleanup left in errno since. */
      saved_errno = errno;
      if (target != NULL && sqlite3_system_errno (target) != 0)
        saved_errno = sqlite3_system_errno (target);
      if (rc == SQLITE_FULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                     _("cannot save: %s"), g_strerror (ENOSPC));
      else if ((rc & 0xff) == SQLITE_IOERR && saved_errno != 0)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                     _("cannot save: %s"), g_strerror (saved_errno));
      else
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_DATABASE,
                     _("cannot save: %s"),
                     target != NULL ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      g_clear_pointer (&target, sqlite3_close);
      g_unlink (tmp_path);
      waymark_temporary_unregister (tmp_path);
      return FALSE;
    }

  g_clear_pointer (&target, sqlite3_close);
  fault_point ("written");

  if (!fsync_path (tmp_path, O_RDONLY, error))
    {
      g_unlink (tmp_path);
      waymark_temporary_unregister (tmp_path);
      return FALSE;
    }
  fault_point ("synced");

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot save: %s"), g_strerror (saved_errno));
      g_unlink (tmp_path);
      waymark_temporary_unregister (tmp_path);
      return FALSE;
    }
  waymark_temporary_unregister (tmp_path);
  fault_point ("renamed");

  /* Make the rename itself durable. */
  fsync_path (dir, O_RDONLY | O_DIRECTORY, NULL);
  fault_point ("done");

  remove_stale_temporaries (dir, base);

  return TRUE;
}
