/* fuzz-csv.c — the CSV/TSV parser and the table reader over it.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "waymark-core.h"
#include "fuzz-common.h"
#include "fuzz-table.h"

/* The parser straight from memory, every row and field. */
static void
parse_stream (const uint8_t *data,
              size_t         size,
              const char    *encoding,
              char           delimiter)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(WaymarkCsvParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  guint64 last_line = 0;

  if (!(parser = waymark_csv_parser_new (stream, encoding, delimiter, NULL, &error)))
    {
      g_assert (error != NULL);
      return;
    }

  g_assert (waymark_csv_parser_get_encoding (parser) != NULL);
  g_assert (waymark_csv_parser_get_delimiter (parser) != 0);

  while (waymark_csv_parser_next_row (parser, &error))
    {
      guint n_fields = waymark_csv_parser_get_n_fields (parser);
      guint64 line = waymark_csv_parser_get_line (parser);

      g_assert (line > last_line);
      last_line = line;
      g_assert (waymark_csv_parser_get_position (parser) <= size);

      for (guint i = 0; i < n_fields; i++)
        {
          const char *field = waymark_csv_parser_get_field (parser, i);
          gsize length = waymark_csv_parser_get_field_length (parser, i);

          g_assert (field != NULL);
          g_assert (field[length] == '\0');
          g_assert (g_utf8_validate (field, length, NULL));
        }
    }
}

/* The table reader over the input in memory, as it reads a file. */
static gint64
read_memory (const uint8_t             *data,
             size_t                     size,
             const WaymarkTableOptions *options,
             WaymarkTableOptions       *resolved)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  if (!(reader = waymark_csv_reader_new_for_stream (stream, NULL, size, options, NULL, &error)))
    {
      g_assert (error != NULL);
      return -1;
    }
  return fuzz_read_reader (reader, resolved);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  WaymarkTableOptions none = { NULL, 0, NULL, -1 };
  WaymarkTableOptions detected = { NULL, 0, NULL, -1 };
  gint64 n_rows;

  fuzz_init ();

  /* Detection is read_memory ()'s; the parser's own promises (lines, NUL
   * ends, valid UTF-8) are checked with options given. */
  /* The first byte picks fixed options, as a user's choice in the wizard would. */
  if (size > 0)
    {
      static const char *encodings[] = { "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252" };
      static const char delimiters[] = { ',', ';', '\t', '|' };

      parse_stream (data + 1, size - 1, encodings[data[0] & 3], delimiters[(data[0] >> 2) & 3]);
    }

  /* In memory; one input in sixteen through a file, as the application
   * reads it (the file, its size, the content sniffing). */
  if (size % 16 == 7)
    {
      g_autoptr(GFile) file = fuzz_write_input ("input.csv", data, size);

      n_rows = fuzz_read_table (file, NULL, &detected);
      /* The detected options are the dataset's recipe: reading again with
       * them must give the same table. */
      if (n_rows >= 0)
        g_assert_cmpint (fuzz_read_table (file, &detected, NULL), ==, n_rows);
      fuzz_remove (file);
    }
  else
    {
      n_rows = read_memory (data, size, &none, &detected);
      if (n_rows >= 0)
        g_assert_cmpint (read_memory (data, size, &detected, NULL), ==, n_rows);
    }

  waymark_table_options_clear (&detected);

  return 0;
}
