/* fuzz-table.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "fuzz-table.h"

/* Repeats in a spreadsheet make millions of cells from a few bytes, within
 * the readers' budgets (HACKING.md); reading that far only makes a target
 * slow, so each input stops after this many. */
#define MAX_CELLS 200000

gint64
fuzz_read_table (GFile                     *file,
                 const WaymarkTableOptions *options,
                 WaymarkTableOptions       *resolved)
{
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  if (!(reader = waymark_table_reader_open (file, options, NULL, &error)))
    {
      g_assert (error != NULL);
      return -1;
    }
  return fuzz_read_reader (reader, resolved);
}

gint64
fuzz_read_reader (WaymarkTableReader  *reader,
                  WaymarkTableOptions *resolved)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char * const *columns;
  const WaymarkTableOptions *used;
  guint64 line = 0;
  guint64 n_cells = 0;
  gint64 n_rows = 0;
  gsize total = 0;

  g_assert (waymark_table_reader_get_format (reader) != NULL);
  columns = waymark_table_reader_get_columns (reader);
  /* NULL when the header itself could not be read; next() says why. */
  if (columns != NULL)
    {
      g_assert (g_strv_length ((char **) columns) == waymark_table_reader_get_n_columns (reader));
      for (guint i = 0; columns[i] != NULL; i++)
        g_assert (g_utf8_validate (columns[i], -1, NULL));
    }

  used = waymark_table_reader_get_options (reader);
  if (resolved != NULL)
    {
      resolved->sheet = g_strdup (used->sheet);
      resolved->delimiter = used->delimiter;
      resolved->encoding = g_strdup (used->encoding);
      resolved->header_rows = used->header_rows;
    }

  while (n_cells < MAX_CELLS)
    {
      if (!waymark_table_reader_next (reader, cells, &line, &error))
        break;

      n_rows++;
      n_cells += cells->len + 1;
      for (guint i = 0; i < cells->len; i++)
        {
          const char *cell = g_ptr_array_index (cells, i);

          g_assert (cell != NULL);
          g_assert (g_utf8_validate (cell, -1, NULL));
          total += strlen (cell);
        }
    }

  (void) waymark_table_reader_get_position (reader);
  (void) waymark_table_reader_get_n_problems (reader);
  (void) total;

  return error != NULL ? -1 : n_rows;
}

/* Reading every sheet of a workbook of thousands is slow and no deeper. */
#define MAX_SHEETS 4

void
fuzz_spreadsheet (const char    *name,
                  const uint8_t *data,
                  size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sheets = NULL;
  WaymarkTableOptions detected = { NULL, 0, NULL, -1 };
  gint64 n_rows;

  fuzz_init ();

  /* In memory; one input in sixteen through a file, as the application
   * reads it (the file, the content sniffing). */
  if (size % 16 == 7)
    {
      file = fuzz_write_input (name, data, size);
      sheets = waymark_spreadsheet_list_sheets (file, &error);
      n_rows = fuzz_read_table (file, NULL, &detected);
    }
  else
    {
      g_autoptr(WaymarkTableReader) reader = NULL;
      g_autoptr(GError) open_error = NULL;

      bytes = g_bytes_new_static (data, size);
      sheets = waymark_spreadsheet_list_sheets_bytes (bytes, &error);
      reader = waymark_table_reader_open_bytes (bytes, NULL, NULL, &open_error);
      n_rows = reader != NULL ? fuzz_read_reader (reader, &detected) : -1;
    }
  g_assert ((sheets == NULL) != (error == NULL));

  if (n_rows >= 0 && sheets != NULL)
    {
      /* The first sheet is the one read when none is named. */
      g_assert_nonnull (sheets[0]);
      g_assert_cmpstr (detected.sheet, ==, sheets[0]);
    }

  for (guint i = 0; sheets != NULL && sheets[i] != NULL && i < MAX_SHEETS; i++)
    {
      WaymarkTableOptions options = { sheets[i], 0, NULL, -1 };

      if (file != NULL)
        fuzz_read_table (file, &options, NULL);
      else
        {
          g_autoptr(WaymarkTableReader) reader = NULL;
          g_autoptr(GError) open_error = NULL;

          if ((reader = waymark_table_reader_open_bytes (bytes, &options, NULL, &open_error)))
            fuzz_read_reader (reader, NULL);
        }
    }

  waymark_table_options_clear (&detected);
  if (file != NULL)
    fuzz_remove (file);
}
