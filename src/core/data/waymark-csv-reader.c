/* waymark-csv-reader.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-csv"

#include "config.h"

#include "waymark-csv-parser.h"
#include "waymark-table-reader.h"

#define WAYMARK_TYPE_CSV_READER (waymark_csv_reader_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkCsvReader, waymark_csv_reader, WAYMARK, CSV_READER, WaymarkTableReader)

struct _WaymarkCsvReader
{
  WaymarkTableReader  parent_instance;

  WaymarkCsvParser   *parser;
};

G_DEFINE_FINAL_TYPE (WaymarkCsvReader, waymark_csv_reader, WAYMARK_TYPE_TABLE_READER)

static gboolean
waymark_csv_reader_read_row (WaymarkTableReader  *reader,
                             GPtrArray           *cells,
                             guint64             *line,
                             GError             **error)
{
  WaymarkCsvReader *self = WAYMARK_CSV_READER (reader);
  guint n;

  if (!waymark_csv_parser_next_row (self->parser, error))
    return FALSE;

  n = waymark_csv_parser_get_n_fields (self->parser);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (cells, g_strndup (waymark_csv_parser_get_field (self->parser, i),
                                       waymark_csv_parser_get_field_length (self->parser, i)));

  *line = waymark_csv_parser_get_line (self->parser);
  return TRUE;
}

static guint64
waymark_csv_reader_get_position (WaymarkTableReader *reader)
{
  return waymark_csv_parser_get_position (WAYMARK_CSV_READER (reader)->parser);
}

static void
waymark_csv_reader_finalize (GObject *object)
{
  WaymarkCsvReader *self = WAYMARK_CSV_READER (object);

  g_clear_pointer (&self->parser, waymark_csv_parser_free);

  G_OBJECT_CLASS (waymark_csv_reader_parent_class)->finalize (object);
}

static void
waymark_csv_reader_class_init (WaymarkCsvReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WaymarkTableReaderClass *reader_class = WAYMARK_TABLE_READER_CLASS (klass);

  object_class->finalize = waymark_csv_reader_finalize;
  reader_class->read_row = waymark_csv_reader_read_row;
  reader_class->get_position = waymark_csv_reader_get_position;
}

static void
waymark_csv_reader_init (WaymarkCsvReader *self)
{
}

/**
 * waymark_csv_reader_new_for_stream:
 * @stream: delimited text
 * @file: (nullable): where it comes from, if a file
 * @size: its length in bytes, for progress; 0 if unknown
 * @options: how to read it (delimiter, encoding and header rows; 0/NULL/-1 detect)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * As waymark_csv_reader_new(), from a stream: text in memory (a fuzzer's
 * input, a paste) reads as a file of it would.
 *
 * Returns: (transfer full): a reader whose options hold the detected
 *   delimiter and encoding, or %NULL
 */
WaymarkTableReader *
waymark_csv_reader_new_for_stream (GInputStream               *stream,
                                   GFile                      *file,
                                   guint64                     size,
                                   const WaymarkTableOptions  *options,
                                   GCancellable               *cancellable,
                                   GError                    **error)
{
  g_autoptr(WaymarkCsvReader) self = NULL;
  WaymarkTableOptions resolved = *options;
  char delimiter;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  self = g_object_new (WAYMARK_TYPE_CSV_READER, NULL);
  self->parser = waymark_csv_parser_new (stream, options->encoding, options->delimiter, cancellable, error);
  if (self->parser == NULL)
    return NULL;

  delimiter = waymark_csv_parser_get_delimiter (self->parser);
  resolved.delimiter = delimiter;
  resolved.encoding = (char *) waymark_csv_parser_get_encoding (self->parser);
  resolved.sheet = NULL;

  _waymark_table_reader_setup (WAYMARK_TABLE_READER (self), file, delimiter == '\t' ? "tsv" : "csv",
                               &resolved, size);

  return WAYMARK_TABLE_READER (g_steal_pointer (&self));
}

/**
 * waymark_csv_reader_new:
 * @file: a delimited text file
 * @options: how to read it (delimiter, encoding and header rows; 0/NULL/-1 detect)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a reader whose options hold the detected
 *   delimiter and encoding, or %NULL
 */
WaymarkTableReader *
waymark_csv_reader_new (GFile                      *file,
                        const WaymarkTableOptions  *options,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;

  if (!(stream = g_file_read (file, cancellable, error)))
    return NULL;

  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);

  return waymark_csv_reader_new_for_stream (G_INPUT_STREAM (stream), file, info ? (guint64) g_file_info_get_size (info) : 0,
                                            options, cancellable, error);
}
