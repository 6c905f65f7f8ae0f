/* fuzz-table.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>

#include "waymark-core.h"

G_BEGIN_DECLS

/* Reads @file through waymark_table_reader_open() with @options (NULL:
 * detect), every row up to a bound on cells, touching every cell. Returns
 * the rows read, or -1 if the file was refused or a row failed. */
gint64 fuzz_read_table (GFile                     *file,
                        const WaymarkTableOptions *options,
                        WaymarkTableOptions       *resolved);
gint64 fuzz_read_reader (WaymarkTableReader       *reader,
                         WaymarkTableOptions      *resolved);

/* A spreadsheet target: @data as a file called @name, its sheets listed,
 * then read through the table reader as the first sheet and by name. */
void   fuzz_spreadsheet (const char                *name,
                         const uint8_t             *data,
                         size_t                     size);

G_END_DECLS
