/* waymark-table-reader.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Resource limits for imported tables (see HACKING.md). */
#define WAYMARK_TABLE_MAX_FIELD_BYTES  (16 * 1024 * 1024)
#define WAYMARK_TABLE_MAX_COLUMNS      16384
#define WAYMARK_TABLE_MAX_HEADER_ROWS  100

/*
 * How to read a table: every option has an "automatic" value (NULL, 0,
 * -1) that the reader replaces by what it detected. The options a reader
 * ends up with are the dataset's import recipe, so a refresh repeats the
 * import exactly.
 */
typedef struct
{
  char *sheet;        /* spreadsheets: the sheet's name; NULL: the first */
  char  delimiter;    /* text: one of , ; \t |; 0: detect */
  char *encoding;     /* text: "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252" or another the system
                       * converts from ("ISO-8859-7", "KOI8-R"); NULL: detect */
  int   header_rows;  /* rows of headers before the data, names from the first; -1: 1 */
} WaymarkTableOptions;

void                 waymark_table_options_clear (WaymarkTableOptions *options);
int                  waymark_table_column_position (const char        *name);

#define WAYMARK_TYPE_TABLE_READER (waymark_table_reader_get_type ())

G_DECLARE_DERIVABLE_TYPE (WaymarkTableReader, waymark_table_reader, WAYMARK, TABLE_READER, GObject)

struct _WaymarkTableReaderClass
{
  GObjectClass parent_class;

  /* Reads the next physical row into @cells (emptied first; each cell a
   * newly allocated UTF-8 string, "" for an empty cell). Returns FALSE
   * with @error unset at the end of the table, FALSE with @error set on
   * failure. *@line is set to the row's 1-based line (text) or row
   * number (spreadsheets), for messages. */
  gboolean (*read_row)     (WaymarkTableReader  *self,
                            GPtrArray           *cells,
                            guint64             *line,
                            GError             **error);
  /* How far into the input, in bytes, for progress; 0 if unknown. */
  guint64  (*get_position) (WaymarkTableReader  *self);

  /*< private >*/
  gpointer padding[8];
};

WaymarkTableReader  *waymark_table_reader_open          (GFile                      *file,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
const char          *waymark_table_reader_get_format    (WaymarkTableReader         *self);
const WaymarkTableOptions *
                     waymark_table_reader_get_options   (WaymarkTableReader         *self);
const char * const  *waymark_table_reader_get_columns   (WaymarkTableReader         *self);
guint                waymark_table_reader_get_n_columns (WaymarkTableReader         *self);
gboolean             waymark_table_reader_next          (WaymarkTableReader         *self,
                                                          GPtrArray                  *cells,
                                                          guint64                    *line,
                                                          GError                    **error);
guint64              waymark_table_reader_get_position  (WaymarkTableReader         *self);
GPtrArray           *waymark_table_reader_get_problems  (WaymarkTableReader         *self);
guint64              waymark_table_reader_get_n_problems (WaymarkTableReader        *self);
guint64              waymark_table_reader_get_n_blank_rows (WaymarkTableReader      *self,
                                                            const GArray           **lines);
char                *waymark_table_reader_describe_blank_rows (WaymarkTableReader   *self) G_GNUC_WARN_UNUSED_RESULT;
guint64              waymark_table_reader_get_size      (WaymarkTableReader         *self);

/* For subclasses: called once the reader knows its format and the options
 * it resolved (detected delimiter, encoding, sheet). */
void                 _waymark_table_reader_setup        (WaymarkTableReader         *self,
                                                          GFile                      *file,
                                                          const char                 *format,
                                                          const WaymarkTableOptions  *options,
                                                          guint64                     size);

/* The readers; waymark_table_reader_open() picks one by the file's content. */
WaymarkTableReader  *waymark_csv_reader_new_for_stream  (GInputStream               *stream,
                                                          GFile                      *file,
                                                          guint64                     size,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkTableReader  *waymark_csv_reader_new             (GFile                      *file,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkTableReader  *waymark_xlsx_reader_new            (GFile                      *file,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkTableReader  *waymark_ods_reader_new             (GFile                      *file,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
/* Spreadsheets: the names of the sheets, in order. */
WaymarkTableReader  *waymark_table_reader_open_bytes    (GBytes                     *bytes,
                                                          const WaymarkTableOptions  *options,
                                                          GCancellable               *cancellable,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
char               **waymark_spreadsheet_list_sheets_bytes (GBytes                  *bytes,
                                                          GError                    **error);
char               **waymark_spreadsheet_list_sheets    (GFile                      *file,
                                                          GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
