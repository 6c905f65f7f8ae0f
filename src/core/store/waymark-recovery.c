/* waymark-recovery.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-recovery"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "waymark-recovery.h"
#include "waymark-store-private.h"

void
waymark_recovery_entry_free (WaymarkRecoveryEntry *entry)
{
  if (entry == NULL)
    return;

  g_clear_object (&entry->file);
  g_clear_object (&entry->source);
  g_clear_pointer (&entry->title, g_free);
  g_clear_pointer (&entry->saved, g_date_time_unref);
  g_clear_pointer (&entry->problem, g_free);
  g_free (entry);
}

/**
 * waymark_recovery_get_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/waymark/recovery`
 */
char *
waymark_recovery_get_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "waymark", "recovery", NULL);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *ret = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW &&
      sqlite3_column_text (stmt, 0) != NULL &&
      g_utf8_validate ((const char *) sqlite3_column_text (stmt, 0), -1, NULL))
    ret = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return ret;
}

static WaymarkRecoveryEntry *
read_entry (const char *path)
{
  WaymarkRecoveryEntry *entry = g_new0 (WaymarkRecoveryEntry, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3) db = NULL;
  g_autofree char *source = NULL;
  GStatBuf st;

  entry->file = g_file_new_for_path (path);
  if (g_stat (path, &st) == 0)
    entry->saved = g_date_time_new_from_unix_local (st.st_mtime);
  else
    entry->saved = g_date_time_new_now_local ();

  /* The same checks as opening any file: a damaged copy is reported, and
   * offered for discarding only, so that recovery can never crash-loop. */
  if (!(db = waymark_store_open_untrusted (entry->file, &error)))
    {
      entry->problem = g_strdup (error->message);
      entry->title = g_path_get_basename (path);
      return entry;
    }

  entry->title = query_text (db, "SELECT title FROM document WHERE id = 1");
  if (entry->title == NULL)
    {
      entry->problem = g_strdup (_("the document is damaged (no document header)"));
      entry->title = g_path_get_basename (path);
      return entry;
    }

  source = query_text (db, "SELECT value FROM meta WHERE key = 'source'");
  if (source != NULL && source[0] != '\0')
    entry->source = g_file_new_for_uri (source);

  return entry;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const WaymarkRecoveryEntry *x = *(WaymarkRecoveryEntry **) a;
  const WaymarkRecoveryEntry *y = *(WaymarkRecoveryEntry **) b;

  return g_date_time_compare (y->saved, x->saved);
}

/**
 * waymark_recovery_list:
 *
 * Returns: (transfer container) (element-type WaymarkRecoveryEntry): the
 *   recovery copies on disk, newest first
 */
GPtrArray *
waymark_recovery_list (void)
{
  g_autofree char *dir_path = waymark_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_recovery_entry_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;

      /* Temporary files of a save in progress start with a dot. */
      if (name[0] == '.' || !g_str_has_suffix (name, ".waymark"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      g_ptr_array_add (entries, read_entry (path));
    }

  g_ptr_array_sort (entries, compare_newest_first);
  return entries;
}

/**
 * waymark_recovery_restore:
 * @entry: an entry without a problem
 * @error: return location for a #GError
 *
 * Opens the copy as a modified document that belongs to the original file
 * (if any), and keeps autosaving into the same copy.
 *
 * Returns: (transfer full): the recovered document, or %NULL
 */
WaymarkDocument *
waymark_recovery_restore (WaymarkRecoveryEntry  *entry,
                          GError               **error)
{
  g_autoptr(WaymarkDocument) document = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (!(document = _waymark_store_read (entry->file, error)))
    return NULL;

  _waymark_store_adopt_recovery (document, entry->file, entry->source);
  return g_steal_pointer (&document);
}

/**
 * waymark_recovery_discard:
 * @entry: an entry
 * @error: return location for a #GError
 *
 * Deletes the copy.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_recovery_discard (WaymarkRecoveryEntry  *entry,
                          GError               **error)
{
  g_return_val_if_fail (entry != NULL, FALSE);

  return g_file_delete (entry->file, NULL, error);
}
