/* waymark-document.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-document"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "waymark-document.h"
#include "waymark-store.h"

struct _WaymarkDocument
{
  GObject   parent_instance;

  /* owned */
  sqlite3  *db;
  GFile    *file;
  char     *title;

  guint     modified : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkDocument, waymark_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_FILE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *ret = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ret = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_finalize (stmt);
  return ret;
}

static guint
count_rows (sqlite3    *db,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  guint ret = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ret = (guint) sqlite3_column_int64 (stmt, 0);

  sqlite3_finalize (stmt);
  return ret;
}

static WaymarkDocument *
document_new_take_db (sqlite3 *db,
                      GFile   *file)
{
  WaymarkDocument *self = g_object_new (WAYMARK_TYPE_DOCUMENT, NULL);

  self->db = db;
  self->file = file != NULL ? g_object_ref (file) : NULL;
  self->title = query_text (db, "SELECT title FROM document WHERE id = 1");
  if (self->title == NULL)
    self->title = g_strdup ("");

  return self;
}

static void
waymark_document_finalize (GObject *object)
{
  WaymarkDocument *self = (WaymarkDocument *)object;

  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_object (&self->file);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (waymark_document_parent_class)->finalize (object);
}

static void
waymark_document_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  WaymarkDocument *self = WAYMARK_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
waymark_document_class_init (WaymarkDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = waymark_document_finalize;
  object_class->get_property = waymark_document_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
waymark_document_init (WaymarkDocument *self)
{
}

/**
 * waymark_document_new:
 * @template_name: (nullable): a template from waymark_store_list_templates()
 * @title: (nullable): the title, or %NULL for “Untitled Map”
 * @error: return location for a #GError
 *
 * Creates a document that has no file yet.
 *
 * Returns: (transfer full): a new document, or %NULL if @template_name is unknown
 */
WaymarkDocument *
waymark_document_new (const char  *template_name,
                      const char  *title,
                      GError     **error)
{
  sqlite3 *db;

  if (title == NULL || title[0] == '\0')
    title = _("Untitled Map");

  if (!(db = waymark_store_create (template_name, title, error)))
    return NULL;

  return document_new_take_db (db, NULL);
}

/**
 * waymark_document_load:
 * @file: a Waymark document
 * @error: return location for a #GError
 *
 * Loads @file into memory after validating it; the file is only read.
 *
 * Returns: (transfer full): the document, or %NULL with @error naming the file and the reason
 */
WaymarkDocument *
waymark_document_load (GFile   *file,
                       GError **error)
{
  sqlite3 *db;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(db = waymark_store_load (file, error)))
    return NULL;

  return document_new_take_db (db, file);
}

const char *
waymark_document_get_title (WaymarkDocument *self)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (self), NULL);

  return self->title;
}

/**
 * waymark_document_get_file:
 * @self: a #WaymarkDocument
 *
 * Returns: (transfer none) (nullable): where the document was loaded from or last saved
 */
GFile *
waymark_document_get_file (WaymarkDocument *self)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (self), NULL);

  return self->file;
}

gboolean
waymark_document_get_modified (WaymarkDocument *self)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (self), FALSE);

  return self->modified;
}

/**
 * waymark_document_dup_display_name:
 * @self: a #WaymarkDocument
 *
 * Returns: (transfer full): the title, or the file name when the title is empty
 */
char *
waymark_document_dup_display_name (WaymarkDocument *self)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (self), NULL);

  if (self->title[0] != '\0')
    return g_strdup (self->title);

  if (self->file != NULL)
    return g_file_get_basename (self->file);

  return g_strdup (_("Untitled Map"));
}

void
waymark_document_get_stats (WaymarkDocument      *self,
                            WaymarkDocumentStats *stats)
{
  g_return_if_fail (WAYMARK_IS_DOCUMENT (self));
  g_return_if_fail (stats != NULL);

  stats->personas = count_rows (self->db, "persona");
  stats->maps = count_rows (self->db, "map");
  stats->stages = count_rows (self->db, "stage");
  stats->lanes = count_rows (self->db, "lane");
  stats->cards = count_rows (self->db, "card");
}

/**
 * waymark_document_save:
 * @self: a #WaymarkDocument
 * @file: (nullable): where to save, or %NULL for the document's own file
 * @error: return location for a #GError
 *
 * Saves atomically (see waymark_store_save()); on success @file becomes the
 * document's file and the document is no longer modified.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_document_save (WaymarkDocument  *self,
                       GFile            *file,
                       GError          **error)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  if (file == NULL)
    file = self->file;

  if (file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The document has no file yet; choose where to save it"));
      return FALSE;
    }

  if (!waymark_store_save (self->db, file, error))
    return FALSE;

  if (self->file != file && (self->file == NULL || !g_file_equal (self->file, file)))
    {
      g_set_object (&self->file, file);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }

  if (self->modified)
    {
      self->modified = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }

  return TRUE;
}
