/* fuzz-ods.c — the ODS reader through the table reader.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-common.h"
#include "fuzz-table.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The reader goes by content; the name only matters to messages and
   * to refusing a .ods that is not a zip. */
  fuzz_spreadsheet ("input.ods", data, size);

  return 0;
}
