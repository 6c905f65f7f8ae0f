/* waymark-csv-parser.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A streaming RFC 4180 parser: quoted fields with delimiters, quotes and
 * line breaks; CRLF, LF and CR line endings; no final newline needed.
 * Input is UTF-8, UTF-16 (with a BOM) or Windows-1252, detected unless
 * given, and comes out as UTF-8. A row's fields live in one buffer,
 * each NUL-terminated, so parsing allocates nothing per field.
 */
typedef struct _WaymarkCsvParser WaymarkCsvParser;

WaymarkCsvParser *waymark_csv_parser_new          (GInputStream      *stream,
                                                   const char        *encoding,
                                                   char               delimiter,
                                                   GCancellable      *cancellable,
                                                   GError           **error);
void              waymark_csv_parser_free         (WaymarkCsvParser  *self);
const char       *waymark_csv_parser_get_encoding (WaymarkCsvParser  *self);
char              waymark_csv_parser_get_delimiter (WaymarkCsvParser *self);
gboolean          waymark_csv_parser_next_row     (WaymarkCsvParser  *self,
                                                   GError           **error);
guint             waymark_csv_parser_get_n_fields (WaymarkCsvParser  *self);
const char       *waymark_csv_parser_get_field    (WaymarkCsvParser  *self,
                                                   guint              index);
gsize             waymark_csv_parser_get_field_length (WaymarkCsvParser *self,
                                                   guint              index);
guint64           waymark_csv_parser_get_line     (WaymarkCsvParser  *self);
guint64           waymark_csv_parser_get_position (WaymarkCsvParser  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkCsvParser, waymark_csv_parser_free)

G_END_DECLS
