/* fuzz-csv.c — the CSV/TSV parser and the table reader over it.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "waymark-core.h"
#include "waymark-csv-parser-private.h"
#include "fuzz-common.h"
#include "fuzz-table.h"

/* The rows of UTF-8 @data as a plain byte-at-a-time reading of the same
 * rules gives them, as the parser's dump () writes them: the oracle the
 * parser's block scanner and buffer refills are held to. */
static char *
reference_dump (const uint8_t *data,
                size_t         size,
                char           delimiter)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  enum { START, UNQUOTED, QUOTED, QUOTE_SEEN } state = START;
  guint64 line = 1, row_line = 1;
  size_t i = 0;
  gboolean in_row = FALSE;

  /* A byte order mark is skipped. */
  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  else if (size >= 2 && (memcmp (data, "\xFF\xFE", 2) == 0 || memcmp (data, "\xFE\xFF", 2) == 0))
    i = 2;

#define END_FIELD() G_STMT_START { \
    g_ptr_array_add (fields, g_utf8_make_valid (field->str, field->len)); \
    g_string_truncate (field, 0); \
  } G_STMT_END
#define END_ROW() G_STMT_START { \
    g_string_append_printf (out, "line %" G_GUINT64_FORMAT ":", row_line); \
    for (guint k = 0; k < fields->len; k++) \
      { \
        g_autofree char *escaped = g_strescape (g_ptr_array_index (fields, k), NULL); \
        g_string_append_printf (out, "|%s", escaped); \
      } \
    g_string_append (out, "|\n"); \
    g_ptr_array_set_size (fields, 0); \
    in_row = FALSE; \
  } G_STMT_END

  for (; i < size; i++)
    {
      guint8 c = data[i];

      if (!in_row)
        {
          row_line = line;
          in_row = TRUE;
        }
      if (c == '\0')
        {
          g_string_append_printf (out, "error: line %" G_GUINT64_FORMAT ": NUL\n", line);
          return g_string_free (out, FALSE);
        }
      switch (state)
        {
        case START:
          if (c == '"')
            {
              state = QUOTED;
              break;
            }
          state = UNQUOTED;
          G_GNUC_FALLTHROUGH;
        case UNQUOTED:
          if (c == (guint8) delimiter)
            {
              END_FIELD ();
              state = START;
            }
          else if (c == '\n' || c == '\r')
            {
              END_FIELD ();
              END_ROW ();
              line++;
              if (c == '\r' && i + 1 < size && data[i + 1] == '\n')
                i++;
              state = START;
            }
          else
            g_string_append_c (field, c);
          break;
        case QUOTED:
          if (c == '"')
            state = QUOTE_SEEN;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          break;
        case QUOTE_SEEN:
          if (c == '"')
            {
              g_string_append_c (field, '"');
              state = QUOTED;
            }
          else
            {
              state = UNQUOTED;
              i--;   /* read again as unquoted text */
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  if (state == QUOTED)
    g_string_append_printf (out, "error: line %" G_GUINT64_FORMAT ": never closed\n", row_line);
  else if (in_row)
    {
      END_FIELD ();
      END_ROW ();
    }
#undef END_FIELD
#undef END_ROW

  return g_string_free (out, FALSE);
}

/* The parser straight from memory, every row and field, written out as
 * reference_dump () writes them; read @chunk bytes at a time if not 0. */
static char *
parse_stream (const uint8_t *data,
              size_t         size,
              const char    *encoding,
              char           delimiter,
              gsize          chunk)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(WaymarkCsvParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  guint64 last_line = 0;

  _waymark_csv_parser_set_chunk_size (chunk);
  parser = waymark_csv_parser_new (stream, encoding, delimiter, NULL, &error);
  _waymark_csv_parser_set_chunk_size (0);
  if (parser == NULL)
    {
      g_assert (error != NULL);
      g_string_append_printf (out, "refused: %s\n", error->message);
      return g_string_free (out, FALSE);
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

      g_string_append_printf (out, "line %" G_GUINT64_FORMAT ":", line);
      for (guint i = 0; i < n_fields; i++)
        {
          const char *field = waymark_csv_parser_get_field (parser, i);
          gsize length = waymark_csv_parser_get_field_length (parser, i);
          g_autofree char *escaped = NULL;

          g_assert (field != NULL);
          g_assert (field[length] == '\0');
          g_assert (g_utf8_validate (field, length, NULL));
          g_assert (memchr (field, '\0', length) == NULL);
          escaped = g_strescape (field, NULL);
          g_string_append_printf (out, "|%s", escaped);
        }
      g_string_append (out, "|\n");
    }
  if (error != NULL)
    {
      /* The same words as the reference's, for the errors it knows. */
      if (strstr (error->message, "NUL byte") != NULL)
        g_string_append_printf (out, "error: line %" G_GUINT64_FORMAT ": NUL\n",
                                g_ascii_strtoull (error->message + strlen ("line "), NULL, 10));
      else if (strstr (error->message, "never closed") != NULL)
        g_string_append_printf (out, "error: line %" G_GUINT64_FORMAT ": never closed\n",
                                g_ascii_strtoull (error->message + strlen ("line "), NULL, 10));
      else
        g_string_append_printf (out, "error: %s\n", error->message);
    }

  return g_string_free (out, FALSE);
}

/* With fixed options: the parser's own promises (lines, NUL ends, valid
 * UTF-8); the same rows read a few bytes at a time; and for UTF-8, the
 * rows the reference reading gives. */
static void
check_parser (const uint8_t *data,
              size_t         size,
              const char    *encoding,
              char           delimiter,
              gsize          chunk)
{
  g_autofree char *whole = parse_stream (data, size, encoding, delimiter, 0);
  g_autofree char *pieces = parse_stream (data, size, encoding, delimiter, chunk);

  /* Input the converter refuses in its first chunk is refused before a
   * row when read whole, and ends in an error when read in pieces (the
   * converter's, or the parser's at what it converted before). */
  if (g_str_has_prefix (whole, "refused: "))
    {
      if (strstr (pieces, "error: ") == NULL && strstr (pieces, "refused: ") == NULL)
        g_error ("read %" G_GSIZE_FORMAT " bytes at a time:\n%s\nrefused in one piece: %s", chunk, pieces, whole);
      return;
    }

  if (strcmp (whole, pieces) != 0)
    g_error ("read %" G_GSIZE_FORMAT " bytes at a time:\n%s\nin one piece:\n%s", chunk, pieces, whole);

  if (strcmp (encoding, "UTF-8") == 0)
    {
      g_autofree char *expected = reference_dump (data, size, delimiter);

      if (strcmp (whole, expected) != 0)
        g_error ("the parser read:\n%s\nthe reference reading:\n%s", whole, expected);
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

      check_parser (data + 1, size - 1, encodings[data[0] & 3], delimiters[(data[0] >> 2) & 3],
                    1 + (data[0] >> 4));
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
