/* waymark-csv-parser-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For tests and fuzzers: parsers made after this read @size bytes at a
 * time (0 restores the usual), so that rows, fields, quotes and CR LF
 * pairs fall across the buffer's refills. Not thread-safe. */
void _waymark_csv_parser_set_chunk_size (gsize size);

G_END_DECLS
