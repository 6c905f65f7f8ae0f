/* waymark-table-reader.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-table"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-table-reader.h"
#include "waymark-spreadsheet-private.h"
#include "waymark-error.h"

/* Problems are counted in full but kept as text only this many times. */
#define MAX_BLANK_LINES 20
#define MAX_PROBLEM_MESSAGES 100

typedef struct
{
  GFile               *file;
  char                *format;
  WaymarkTableOptions  options;
  GStrv                columns;
  guint                n_header_columns; /* before cells past the header added any */
  GPtrArray           *retired;      /* outgrown `columns` arrays, valid until finalize */
  GHashTable          *seen;         /* the names in `columns`, once cells past the header came */
  guint                capacity;     /* of `columns`, once grown */
  GPtrArray           *pending;      /* a data row read while looking for the header */
  guint64              pending_line;
  GPtrArray           *problems;
  guint64              n_problems;
  GArray              *blank_lines;  /* guint64: the first MAX_BLANK_LINES blank rows between data rows */
  guint64              n_blank;      /* blank rows between data rows */
  GArray              *trailing;     /* guint64: blank rows since the last data row, not yet counted */
  guint64              n_trailing;
  guint64              last_line;    /* the row read last, blank or not */
  guint64              size;
  GError              *header_error;
  guint                header_read : 1;
} WaymarkTableReaderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (WaymarkTableReader, waymark_table_reader, G_TYPE_OBJECT)

void
waymark_table_options_clear (WaymarkTableOptions *options)
{
  g_clear_pointer (&options->sheet, g_free);
  g_clear_pointer (&options->encoding, g_free);
  options->delimiter = 0;
  options->header_rows = -1;
}

static gboolean
row_is_blank (GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);

      for (const char *p = cell; *p; p++)
        if (!g_ascii_isspace (*p))
          return FALSE;
    }

  return TRUE;
}

/* Reads the next row that is not blank. Between data rows (@data), the
 * blank rows passed over are counted: a blank survey response is not an
 * answer, and the reader says how many there were and where, rather than
 * drop them silently. Blank rows after the last data row (a sheet's
 * padding, a file's last newlines) are not counted. */
static gboolean
read_nonblank (WaymarkTableReader  *self,
               GPtrArray           *cells,
               guint64             *line,
               gboolean             data,
               GError             **error)
{
  WaymarkTableReaderClass *klass = WAYMARK_TABLE_READER_GET_CLASS (self);
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  for (;;)
    {
      g_ptr_array_set_size (cells, 0);
      if (!klass->read_row (self, cells, line, error))
        return FALSE;
      /* A sheet leaves empty rows out of its file: a jump in the row
       * numbers is blank rows too. (A CSV line number jumps over a field
       * that spans lines, so there it says nothing.) */
      if (data && priv->last_line > 0 && *line > priv->last_line + 1 &&
          priv->format != NULL && !g_str_equal (priv->format, "csv") && !g_str_equal (priv->format, "tsv"))
        {
          for (guint64 l = priv->last_line + 1; l < *line && priv->trailing->len < MAX_BLANK_LINES; l++)
            g_array_append_val (priv->trailing, l);
          priv->n_trailing += *line - priv->last_line - 1;
        }
      priv->last_line = *line;
      if (!row_is_blank (cells))
        {
          if (data && priv->n_trailing > 0)
            {
              for (guint i = 0; i < priv->trailing->len && priv->blank_lines->len < MAX_BLANK_LINES; i++)
                g_array_append_val (priv->blank_lines, g_array_index (priv->trailing, guint64, i));
              priv->n_blank += priv->n_trailing;
              priv->n_trailing = 0;
              g_array_set_size (priv->trailing, 0);
            }
          return TRUE;
        }
      if (data)
        {
          if (priv->trailing->len < MAX_BLANK_LINES)
            g_array_append_val (priv->trailing, *line);
          priv->n_trailing++;
        }
    }
}

static void
add_problem (WaymarkTableReader *self,
             char               *message)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  priv->n_problems++;
  if (priv->problems->len < MAX_PROBLEM_MESSAGES)
    g_ptr_array_add (priv->problems, message);
  else
    g_free (message);
}

/* Column names come from the first header row: trimmed, “Column N” for an
 * empty one, and made unique with “ (2)”, “ (3)”…. */
static GStrv
make_column_names (GPtrArray *cells,
                   guint      n_columns)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GStrv names = g_new0 (char *, n_columns + 1);

  for (guint i = 0; i < n_columns; i++)
    {
      g_autofree char *base = NULL;
      char *name;
      guint suffix = 2;

      if (cells != NULL && i < cells->len)
        base = g_strstrip (g_strdup (g_ptr_array_index (cells, i)));
      if (base == NULL || base[0] == '\0')
        {
          g_free (base);
          /* Translators: the name of a column without a header; %u counts from 1 */
          base = g_strdup_printf (_("Column %u"), i + 1);
        }

      name = g_strdup (base);
      while (g_hash_table_contains (seen, name))
        {
          g_free (name);
          name = g_strdup_printf ("%s (%u)", base, suffix++);
        }

      g_hash_table_add (seen, g_strdup (name));
      names[i] = name;
    }

  return names;
}

/* Cells past the header's width (a title row over the table, a ragged row)
 * get columns of their own, named as a header cell left empty is: “Column
 * 13” for the thirteenth. The array grows by doubling; one it outgrows
 * stays valid (callers may hold it) until the reader goes, and the names
 * are shared, so a file whose rows widen one cell at a time costs linear
 * memory and time. */
static void
add_columns (WaymarkTableReader *self,
             guint               n_columns)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);
  guint old = g_strv_length (priv->columns);

  if (priv->seen == NULL)
    {
      priv->seen = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < old; i++)
        g_hash_table_add (priv->seen, priv->columns[i]);
      priv->capacity = old;
    }
  if (n_columns > priv->capacity)
    {
      GStrv names;

      priv->capacity = MAX (n_columns, MIN (2 * priv->capacity, WAYMARK_TABLE_MAX_COLUMNS));
      names = g_new0 (char *, priv->capacity + 1);
      memcpy (names, priv->columns, old * sizeof (char *));
      if (priv->retired == NULL)
        priv->retired = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (priv->retired, priv->columns);  /* the array only: the names moved */
      priv->columns = names;
    }
  for (guint i = old; i < n_columns; i++)
    {
      /* Translators: the name of a column without a header; %u counts from 1 */
      g_autofree char *base = g_strdup_printf (_("Column %u"), i + 1);
      char *name = g_strdup (base);
      guint suffix = 2;

      while (g_hash_table_contains (priv->seen, name))
        {
          g_free (name);
          name = g_strdup_printf ("%s (%u)", base, suffix++);
        }
      priv->columns[i] = name;
      g_hash_table_add (priv->seen, name);
    }
}

/**
 * waymark_table_column_position:
 * @name: a column's name
 *
 * Whether @name is the name Waymark gives a column without a header
 * (“Column 13”, in the reader's language or in English), which cells past
 * the header get as they are read: a column that may not exist until a
 * later row makes it.
 *
 * Returns: its 0-based position, or -1
 */
int
waymark_table_column_position (const char *name)
{
  const char *digits = name + strcspn (name, "0123456789");
  guint64 number;
  char *end;

  if (*digits == '\0')
    return -1;
  number = g_ascii_strtoull (digits, &end, 10);
  if (number < 1 || number > WAYMARK_TABLE_MAX_COLUMNS)
    return -1;
  {
    /* Translators: the name of a column without a header; %u counts from 1 */
    g_autofree char *local = g_strdup_printf (_("Column %u"), (guint) number);
    g_autofree char *english = g_strdup_printf ("Column %u", (guint) number);

    if (!g_str_equal (name, local) && !g_str_equal (name, english))
      return -1;
  }
  return (int) number - 1;
}

static gboolean
read_header (WaymarkTableReader  *self,
             GError             **error)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  int header_rows = priv->options.header_rows;
  guint64 line = 0;

  if (!read_nonblank (self, cells, &line, FALSE, &local_error))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      /* An empty table has no columns and no rows. */
      priv->columns = g_new0 (char *, 1);
      return TRUE;
    }

  if (cells->len > WAYMARK_TABLE_MAX_COLUMNS)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("line %" PRIu64 ": %u columns, more than the %u Waymark reads"),
                   line, cells->len, WAYMARK_TABLE_MAX_COLUMNS);
      return FALSE;
    }

  if (header_rows == 0)
    {
      priv->columns = make_column_names (NULL, cells->len);
      priv->n_header_columns = cells->len;
      priv->pending = g_steal_pointer (&cells);
      priv->pending_line = line;
      return TRUE;
    }

  priv->columns = make_column_names (cells, cells->len);
  priv->n_header_columns = cells->len;

  /* Qualtrics and others put a second and third header row (question text,
   * import ids) under the names: skip them. */
  for (int i = 1; i < header_rows; i++)
    {
      if (!read_nonblank (self, cells, &line, FALSE, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
    }

  return TRUE;
}

/* Reads the header the first time anything asks for columns or rows; a
 * failure is kept and reported by every later call. */
static gboolean
ensure_header (WaymarkTableReader  *self,
               GError             **error)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  if (!priv->header_read)
    {
      priv->header_read = TRUE;
      if (!read_header (self, &priv->header_error))
        {
          if (priv->columns == NULL)
            priv->columns = g_new0 (char *, 1);
        }
    }

  if (priv->header_error != NULL)
    {
      if (error != NULL)
        *error = g_error_copy (priv->header_error);
      return FALSE;
    }

  return TRUE;
}

static void
waymark_table_reader_finalize (GObject *object)
{
  WaymarkTableReader *self = WAYMARK_TABLE_READER (object);
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_clear_object (&priv->file);
  g_clear_pointer (&priv->format, g_free);
  waymark_table_options_clear (&priv->options);
  g_clear_pointer (&priv->columns, g_strfreev);
  g_clear_pointer (&priv->retired, g_ptr_array_unref);
  g_clear_pointer (&priv->seen, g_hash_table_unref);
  g_clear_pointer (&priv->pending, g_ptr_array_unref);
  g_clear_pointer (&priv->problems, g_ptr_array_unref);
  g_clear_pointer (&priv->blank_lines, g_array_unref);
  g_clear_pointer (&priv->trailing, g_array_unref);
  g_clear_error (&priv->header_error);

  G_OBJECT_CLASS (waymark_table_reader_parent_class)->finalize (object);
}

static void
waymark_table_reader_class_init (WaymarkTableReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = waymark_table_reader_finalize;
}

static void
waymark_table_reader_init (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  priv->options.header_rows = -1;
  priv->problems = g_ptr_array_new_with_free_func (g_free);
  priv->blank_lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  priv->trailing = g_array_new (FALSE, FALSE, sizeof (guint64));
}

void
_waymark_table_reader_setup (WaymarkTableReader        *self,
                             GFile                     *file,
                             const char                *format,
                             const WaymarkTableOptions *options,
                             guint64                    size)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_set_object (&priv->file, file);
  g_free (priv->format);
  priv->format = g_strdup (format);
  waymark_table_options_clear (&priv->options);
  priv->options.sheet = g_strdup (options->sheet);
  priv->options.encoding = g_strdup (options->encoding);
  priv->options.delimiter = options->delimiter;
  priv->options.header_rows = options->header_rows < 0 ? 1 : options->header_rows;
  priv->size = size;
}

typedef enum
{
  CONTAINER_NONE,
  CONTAINER_ZIP,
  CONTAINER_OLE2,
} Container;

/* Zip (XLSX, ODS) or OLE2 (old .xls, and password-protected workbooks of
 * any age), from the first bytes. */
static Container
sniff_container (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  static const guint8 ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
  g_autoptr(GFileInputStream) stream = NULL;
  guint8 magic[8] = { 0 };
  gsize n_read = 0;

  if (!(stream = g_file_read (file, cancellable, error)))
    {
      /* GIO's message repeats the path, which every caller names already. */
      if (error != NULL && *error != NULL && (*error)->domain == G_IO_ERROR)
        {
          const char *reason = NULL;

          if ((*error)->code == G_IO_ERROR_NOT_FOUND)
            reason = g_strerror (ENOENT);
          else if ((*error)->code == G_IO_ERROR_PERMISSION_DENIED)
            reason = g_strerror (EACCES);
          else if ((*error)->code == G_IO_ERROR_IS_DIRECTORY)
            reason = g_strerror (EISDIR);
          if (reason != NULL)
            {
              g_free ((*error)->message);
              (*error)->message = g_strdup (reason);
            }
        }
      return CONTAINER_NONE;
    }

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), magic, sizeof magic, &n_read, cancellable, error))
    return CONTAINER_NONE;

  if (n_read >= 4 && memcmp (magic, "PK\003\004", 4) == 0)
    return CONTAINER_ZIP;
  if (n_read == 8 && memcmp (magic, ole2, 8) == 0)
    return CONTAINER_OLE2;
  return CONTAINER_NONE;
}

/* The reader for the workbook in @zip: ODS or XLSX, by its content. */
static WaymarkTableReader *
open_workbook (GsfInfile                  *zip,
               GFile                      *file,
               const WaymarkTableOptions  *options,
               GCancellable               *cancellable,
               GError                    **error)
{
  WaymarkSpreadsheetKind kind;

  if (!_waymark_spreadsheet_detect (zip, &kind, error))
    return NULL;
  if (kind == WAYMARK_SPREADSHEET_ODS)
    return _waymark_ods_reader_new_for_zip (file, zip, options, cancellable, error);
  return _waymark_xlsx_reader_new_for_zip (file, zip, options, cancellable, error);
}

/**
 * waymark_table_reader_open:
 * @file: a CSV, TSV, XLSX or ODS file
 * @options: (nullable): how to read it; %NULL detects everything
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Opens @file with the reader its content calls for (a zip container
 * with an OpenDocument `mimetype` is an ODS spreadsheet, one with
 * `xl/workbook.xml` an XLSX workbook; anything else that is not a zip is
 * delimited text) and reads its header.
 *
 * Returns: (transfer full): a reader positioned at the first data row, or %NULL
 */
WaymarkTableReader *
waymark_table_reader_open (GFile                      *file,
                           const WaymarkTableOptions  *options,
                           GCancellable               *cancellable,
                           GError                    **error)
{
  WaymarkTableOptions defaults = { NULL, 0, NULL, -1 };
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *lower = NULL;
  Container container;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (options == NULL)
    options = &defaults;

  container = sniff_container (file, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  basename = g_file_get_basename (file);
  lower = basename != NULL ? g_ascii_strdown (basename, -1) : g_strdup ("");
  if (container == CONTAINER_ZIP)
    {
      /* By content: a renamed .xlsx is still a workbook. */
      g_autoptr(GsfInfile) zip = NULL;

      if (!(zip = _waymark_spreadsheet_open_zip (file, error)))
        return NULL;
      reader = open_workbook (zip, file, options, cancellable, error);
    }
  else if (container == CONTAINER_OLE2)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not a spreadsheet Waymark reads: an old Excel .xls file or a "
                             "password-protected workbook; save it as .xlsx without a password"));
      return NULL;
    }
  else
    {
      if (g_str_has_suffix (lower, ".xlsx") || g_str_has_suffix (lower, ".xlsm") ||
          g_str_has_suffix (lower, ".ods"))
        {
          g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                               _("not a spreadsheet: the file is not a zip container"));
          return NULL;
        }
      reader = waymark_csv_reader_new (file, options, cancellable, error);
    }

  if (reader == NULL)
    return NULL;

  if (!ensure_header (reader, error))
    return NULL;

  return g_steal_pointer (&reader);
}

/**
 * waymark_table_reader_open_bytes:
 * @bytes: a table in memory: CSV, TSV, XLSX or ODS
 * @options: (nullable): how to read it; %NULL detects everything
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * As waymark_table_reader_open(), of bytes rather than a file (its content
 * decides what it is; there is no name to go by).
 *
 * Returns: (transfer full): a reader positioned at the first data row, or %NULL
 */
WaymarkTableReader *
waymark_table_reader_open_bytes (GBytes                     *bytes,
                                 const WaymarkTableOptions  *options,
                                 GCancellable               *cancellable,
                                 GError                    **error)
{
  static const guint8 ole2[8] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
  WaymarkTableOptions defaults = { NULL, 0, NULL, -1 };
  g_autoptr(WaymarkTableReader) reader = NULL;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  data = g_bytes_get_data (bytes, &size);

  if (size >= 4 && memcmp (data, "PK\003\004", 4) == 0)
    {
      g_autoptr(GsfInput) input = gsf_input_memory_new (data, size, FALSE);
      g_autoptr(GsfInfile) zip = NULL;

      if (!(zip = _waymark_spreadsheet_open_zip_input (input, error)))
        return NULL;
      reader = open_workbook (zip, NULL, options, cancellable, error);
    }
  else if (size >= 8 && memcmp (data, ole2, 8) == 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not a spreadsheet Waymark reads: an old Excel .xls file or a "
                             "password-protected workbook; save it as .xlsx without a password"));
      return NULL;
    }
  else
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

      reader = waymark_csv_reader_new_for_stream (stream, NULL, size, options, cancellable, error);
    }

  if (reader == NULL)
    return NULL;
  /* The zip reads the bytes where they are. */
  g_object_set_data_full (G_OBJECT (reader), "waymark-table-bytes", g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);

  if (!ensure_header (reader, error))
    return NULL;

  return g_steal_pointer (&reader);
}

const char *
waymark_table_reader_get_format (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), NULL);

  return priv->format;
}

/**
 * waymark_table_reader_get_options:
 * @self: a #WaymarkTableReader
 *
 * Returns: (transfer none): the options in effect, detected values filled in
 */
const WaymarkTableOptions *
waymark_table_reader_get_options (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), NULL);

  return &priv->options;
}

/**
 * waymark_table_reader_get_columns:
 * @self: a #WaymarkTableReader
 *
 * Returns: (transfer none): the column names, unique and never empty
 */
const char * const *
waymark_table_reader_get_columns (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), NULL);

  ensure_header (self, NULL);
  return (const char * const *) priv->columns;
}

guint
waymark_table_reader_get_n_columns (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), 0);

  ensure_header (self, NULL);
  /* Readers ask while the header itself is being read: no columns yet. */
  return priv->columns != NULL ? g_strv_length (priv->columns) : 0;
}

/**
 * waymark_table_reader_next:
 * @self: a #WaymarkTableReader
 * @cells: (element-type utf8): receives the row's cells
 * @line: (out) (optional): the row's line or row number
 * @error: return location for a #GError
 *
 * Reads the next data row, skipping blank ones (counted: see
 * waymark_table_reader_get_n_blank_rows()). A row with more or fewer
 * cells than there are columns is returned as it is and counted as a
 * problem with its line number.
 *
 * Returns: %TRUE if a row was read; %FALSE at the end (@error unset) or on failure
 */
gboolean
waymark_table_reader_next (WaymarkTableReader  *self,
                           GPtrArray           *cells,
                           guint64             *line,
                           GError             **error)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);
  guint64 row_line = 0;
  guint n_columns;

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), FALSE);
  g_return_val_if_fail (cells != NULL, FALSE);

  if (!ensure_header (self, error))
    return FALSE;

  if (priv->pending != NULL)
    {
      g_autoptr(GPtrArray) pending = g_steal_pointer (&priv->pending);

      g_ptr_array_set_size (cells, 0);
      for (guint i = 0; i < pending->len; i++)
        g_ptr_array_add (cells, g_steal_pointer (&pending->pdata[i]));
      row_line = priv->pending_line;
    }
  else if (!read_nonblank (self, cells, &row_line, TRUE, error))
    return FALSE;

  /* A row shorter than the header is missing cells; one longer than the
   * columns so far adds columns (said once, for the row that first goes
   * that far: under a one-cell title row, every row is wider). */
  n_columns = g_strv_length (priv->columns);
  if (cells->len < priv->n_header_columns || cells->len > WAYMARK_TABLE_MAX_COLUMNS)
    add_problem (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "line %" PRIu64 ": %u field, expected %u",
                                                     "line %" PRIu64 ": %u fields, expected %u",
                                                     cells->len),
                                        row_line, cells->len, priv->n_header_columns));
  else if (cells->len > n_columns)
    {
      add_columns (self, cells->len);
      if (cells->len == n_columns + 1)
        add_problem (self, g_strdup_printf (_("line %" PRIu64 ": a cell past the columns before it, now column “%s”"),
                                            row_line, priv->columns[n_columns]));
      else
        add_problem (self, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "line %" PRIu64 ": %u cell past the columns before, now columns “%s” to “%s”",
                                                         "line %" PRIu64 ": %u cells past the columns before, now columns “%s” to “%s”",
                                                         cells->len - n_columns),
                                            row_line, cells->len - n_columns,
                                            priv->columns[n_columns], priv->columns[cells->len - 1]));
    }

  if (line != NULL)
    *line = row_line;

  return TRUE;
}

guint64
waymark_table_reader_get_position (WaymarkTableReader *self)
{
  WaymarkTableReaderClass *klass;

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), 0);

  klass = WAYMARK_TABLE_READER_GET_CLASS (self);
  return klass->get_position ? klass->get_position (self) : 0;
}

guint64
waymark_table_reader_get_size (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), 0);

  return priv->size;
}

/**
 * waymark_table_reader_get_problems:
 * @self: a #WaymarkTableReader
 *
 * Returns: (transfer none) (element-type utf8): the first problems found
 *   so far, such as “line 12: 3 fields, expected 4”
 */
GPtrArray *
waymark_table_reader_get_problems (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), NULL);

  return priv->problems;
}

guint64
waymark_table_reader_get_n_problems (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), 0);

  return priv->n_problems;
}

/**
 * waymark_table_reader_get_n_blank_rows:
 * @self: a #WaymarkTableReader
 * @lines: (out) (optional) (transfer none) (element-type guint64): the
 *   line or row numbers of the first of them
 *
 * Blank rows are not data: waymark_table_reader_next() passes over them,
 * and so every import and metric leaves them out of its counts. This says
 * how many of them lay between data rows so far, and where.
 *
 * Returns: the number of blank rows between data rows read so far
 */
guint64
waymark_table_reader_get_n_blank_rows (WaymarkTableReader  *self,
                                       const GArray       **lines)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), 0);

  if (lines != NULL)
    *lines = priv->blank_lines;
  return priv->n_blank;
}

/**
 * waymark_table_reader_describe_blank_rows:
 * @self: a #WaymarkTableReader
 *
 * Returns: (nullable): “3 blank rows (lines 5, 9 and 12) are not counted”,
 *   or %NULL when there were none
 */
char *
waymark_table_reader_describe_blank_rows (WaymarkTableReader *self)
{
  WaymarkTableReaderPrivate *priv = waymark_table_reader_get_instance_private (self);
  g_autoptr(GString) lines = g_string_new (NULL);

  g_return_val_if_fail (WAYMARK_IS_TABLE_READER (self), NULL);

  if (priv->n_blank == 0)
    return NULL;
  for (guint i = 0; i < priv->blank_lines->len; i++)
    g_string_append_printf (lines, "%s%" PRIu64, i > 0 ? ", " : "", g_array_index (priv->blank_lines, guint64, i));
  if (priv->n_blank > priv->blank_lines->len)
    g_string_append (lines, ", …");
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%" PRIu64 " blank row (line %s) is not counted",
                                       "%" PRIu64 " blank rows (lines %s) are not counted",
                                       priv->n_blank),
                          priv->n_blank, lines->str);
}
