/* waymark-error.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WAYMARK_ERROR (waymark_error_quark ())

typedef enum
{
  WAYMARK_ERROR_PARSE,
  WAYMARK_ERROR_UNSUPPORTED_VERSION,
  WAYMARK_ERROR_CORRUPT,
  WAYMARK_ERROR_IMPORT,
  WAYMARK_ERROR_EXPORT,
  WAYMARK_ERROR_DATABASE,
  WAYMARK_ERROR_NOT_FOUND,
  WAYMARK_ERROR_FILE_MOVED,
  WAYMARK_ERROR_METRIC,
  WAYMARK_ERROR_PASSWORD,       /* a server asks for a password it was not given */
  WAYMARK_ERROR_ENCODING,       /* a text file's encoding cannot be told; the message shows the readings */
} WaymarkError;

GQuark waymark_error_quark (void);

G_END_DECLS
