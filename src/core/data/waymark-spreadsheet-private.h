/* waymark-spreadsheet-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <string.h>

#include <gsf/gsf.h>
#include <libxml/xmlreader.h>

#include "waymark-table-reader.h"

G_BEGIN_DECLS

/* libgsf (to 1.14.5x at least) defines no g_autoptr() cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* What a zip member may grow to once decompressed, and what the shared
 * string table of a workbook may hold; larger ones are refused as zip
 * bombs. Tests lower them; each setter returns the previous value. */
#define WAYMARK_SPREADSHEET_MEMBER_LIMIT          (G_GUINT64_CONSTANT (1) << 30)
#define WAYMARK_SPREADSHEET_SHARED_STRINGS_LIMIT  (G_GUINT64_CONSTANT (256) << 20)

/* A member larger than the grace may be at most this many times the size
 * of the whole file: more is a zip bomb that passes the member limit. */
#define WAYMARK_SPREADSHEET_MAX_RATIO             100
#define WAYMARK_SPREADSHEET_RATIO_GRACE           (G_GUINT64_CONSTANT (100) << 20)

/* A sheet may make up this many times the cells (and the bytes) its XML
 * holds, plus the slack; no row may hold more text than the last. */
#define WAYMARK_SPREADSHEET_BUDGET_RATIO          32
#define WAYMARK_SPREADSHEET_BUDGET_CELLS          (G_GUINT64_CONSTANT (1) << 26)
#define WAYMARK_SPREADSHEET_BUDGET_BYTES          (G_GUINT64_CONSTANT (1) << 30)
#define WAYMARK_SPREADSHEET_MAX_ROW_BYTES         (G_GUINT64_CONSTANT (128) << 20)

/* At most this many sheets, relationships, and custom number formats. */
#define WAYMARK_SPREADSHEET_MAX_SHEETS            65536

/* The rows of LibreOffice's largest sheets (Excel's have 1,048,576); an
 * ODS sheet only gets past them with repeated rows. */
#define WAYMARK_SPREADSHEET_MAX_ROWS              (G_GUINT64_CONSTANT (1) << 24)

guint64           _waymark_spreadsheet_set_member_limit         (guint64          limit);
guint64           _waymark_spreadsheet_get_shared_strings_limit (void);
guint64           _waymark_spreadsheet_set_shared_strings_limit (guint64          limit);

typedef enum
{
  WAYMARK_SPREADSHEET_XLSX,
  WAYMARK_SPREADSHEET_ODS,
} WaymarkSpreadsheetKind;

GsfInfile        *_waymark_spreadsheet_open_zip_input (GsfInput                *input,
                                                      GError                 **error);
GsfInfile        *_waymark_spreadsheet_open_zip       (GFile                   *file,
                                                       GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean          _waymark_spreadsheet_detect         (GsfInfile               *zip,
                                                       WaymarkSpreadsheetKind  *kind,
                                                       GError                 **error);
GsfInput         *_waymark_spreadsheet_open_member    (GsfInfile               *zip,
                                                       const char              *path,
                                                       GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
char             *_waymark_spreadsheet_resolve_path   (const char              *base_dir,
                                                       const char              *target,
                                                       GError                 **error) G_GNUC_WARN_UNUSED_RESULT;
char             *_waymark_spreadsheet_describe_names (const char * const      *names) G_GNUC_WARN_UNUSED_RESULT;
char             *_waymark_spreadsheet_number_text    (const char              *text) G_GNUC_WARN_UNUSED_RESULT;
void              _waymark_spreadsheet_format_number  (double                   value,
                                                       char                    *buffer,
                                                       gsize                    size);
void              _waymark_spreadsheet_append_time    (GString                 *out,
                                                       gint64                   ms);
void _waymark_spreadsheet_append_time_us (GString *out,
                                          gint64   us);

#define WAYMARK_TYPE_XLSX_READER (waymark_xlsx_reader_get_type ())
G_DECLARE_FINAL_TYPE (WaymarkXlsxReader, waymark_xlsx_reader, WAYMARK, XLSX_READER, WaymarkTableReader)

#define WAYMARK_TYPE_ODS_READER (waymark_ods_reader_get_type ())
G_DECLARE_FINAL_TYPE (WaymarkOdsReader, waymark_ods_reader, WAYMARK, ODS_READER, WaymarkTableReader)

char             *_waymark_xml_attribute              (xmlTextReaderPtr  reader,
                                                       const char       *local_name,
                                                       const char       *namespace_uri) G_GNUC_WARN_UNUSED_RESULT;
void              _waymark_spreadsheet_column_name    (guint64           index,
                                                       char             *buffer,
                                                       gsize             size);

/* The readers, for a zip waymark_table_reader_open() already opened. */
WaymarkTableReader *_waymark_xlsx_reader_new_for_zip  (GFile                      *file,
                                                       GsfInfile                  *zip,
                                                       const WaymarkTableOptions  *options,
                                                       GCancellable               *cancellable,
                                                       GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkTableReader *_waymark_ods_reader_new_for_zip   (GFile                      *file,
                                                       GsfInfile                  *zip,
                                                       const WaymarkTableOptions  *options,
                                                       GCancellable               *cancellable,
                                                       GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
char            **_waymark_xlsx_list_sheets           (GsfInfile                  *zip,
                                                       GError                    **error) G_GNUC_WARN_UNUSED_RESULT;
char            **_waymark_ods_list_sheets            (GsfInfile                  *zip,
                                                       GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

/*
 * One XML part of the zip, read with libxml2's streaming reader: no DTD
 * (a DOCTYPE is refused before libxml2 sees it), no entity expansion, no
 * network, its decompressed size capped, UTF-8 or UTF-16 only.
 */
typedef struct _WaymarkXmlPart WaymarkXmlPart;

WaymarkXmlPart   *_waymark_xml_part_open              (GsfInfile       *zip,
                                                       const char      *path,
                                                       GCancellable    *cancellable,
                                                       GError         **error) G_GNUC_WARN_UNUSED_RESULT;
WaymarkXmlPart   *_waymark_xml_part_open_optional     (GsfInfile       *zip,
                                                       const char      *path,
                                                       GCancellable    *cancellable,
                                                       GError         **error) G_GNUC_WARN_UNUSED_RESULT;
void              _waymark_xml_part_free              (WaymarkXmlPart  *part);
const char       *_waymark_xml_part_get_path          (WaymarkXmlPart  *part);
xmlTextReaderPtr  _waymark_xml_part_get_reader        (WaymarkXmlPart  *part);
/* 1: a node; 0: the end of the part; -1: failure, @error set. */
int               _waymark_xml_part_read              (WaymarkXmlPart  *part,
                                                       GError         **error);
guint64           _waymark_xml_part_get_position      (WaymarkXmlPart  *part);
guint64           _waymark_xml_part_get_size          (WaymarkXmlPart  *part);
void              _waymark_xml_part_set_error         (WaymarkXmlPart  *part,
                                                       GError         **error,
                                                       const char      *format,
                                                       ...) G_GNUC_PRINTF (3, 4);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkXmlPart, _waymark_xml_part_free)

/*
 * What a sheet makes of its XML. Spreadsheets leave out empty cells and
 * share or repeat equal ones, so a little XML can stand for a lot of
 * cells: gaps before a far column, shared strings used many times,
 * OpenDocument's repeated rows and columns. A sheet may make up many times
 * more than it holds, but not without end.
 */
typedef struct
{
  guint64 present;    /* cells with a value in the XML */
  guint64 made_up;    /* cells that are not: gaps, padding, repeats */
  guint64 bytes;      /* the text of all the cells handed out */
  guint64 row_bytes;  /* the text of the row being read */
} WaymarkSheetBudget;

gboolean          _waymark_sheet_budget_add_text      (WaymarkSheetBudget  *budget,
                                                       guint64              bytes,
                                                       WaymarkXmlPart      *part,
                                                       guint64              row,
                                                       GError             **error);
void              _waymark_sheet_set_cell_error_valist (WaymarkXmlPart *part,
                                                       guint64          column,
                                                       guint64          row,
                                                       GError         **error,
                                                       const char      *format,
                                                       va_list          args) G_GNUC_PRINTF (5, 0);
gboolean          _waymark_sheet_finish_row           (WaymarkTableReader  *reader,
                                                       WaymarkSheetBudget  *budget,
                                                       WaymarkXmlPart      *part,
                                                       guint64              row,
                                                       GPtrArray           *cells,
                                                       guint64             *line,
                                                       GError             **error);
gboolean          _waymark_sheet_budget_check         (WaymarkSheetBudget  *budget,
                                                       WaymarkXmlPart      *part,
                                                       guint64              row,
                                                       GError             **error);
/* For tests: how many cells and bytes a sheet may make up beyond its share. */
void              _waymark_spreadsheet_set_budget_slack (guint64            cells,
                                                         guint64            bytes);

/* A cell's text, refused past WAYMARK_TABLE_MAX_FIELD_BYTES. */
static inline gboolean
_waymark_spreadsheet_append (GString    *text,
                             const char *value,
                             gssize      length)
{
  gsize n = length < 0 ? strlen (value) : (gsize) length;

  if (n > WAYMARK_TABLE_MAX_FIELD_BYTES - text->len)
    return FALSE;
  g_string_append_len (text, value, n);
  return TRUE;
}

G_END_DECLS
