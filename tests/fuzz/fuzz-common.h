/* fuzz-common.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>
#include <stdint.h>

#include <gio/gio.h>

G_BEGIN_DECLS

/* Every target's entry point: libFuzzer's, also called by fuzz-replay.c. */
int    LLVMFuzzerTestOneInput (const uint8_t *data,
                               size_t         size);

/* Once per process: criticals (any domain) and the core's own warnings
 * abort, so they are findings; other libraries' warnings are dropped. */
void   fuzz_init              (void);

/* @data written to @name inside this process's temporary folder. */
GFile *fuzz_write_input       (const char    *name,
                               const uint8_t *data,
                               size_t         size);
/* A path in the temporary folder, for files a target writes itself. */
GFile *fuzz_get_file          (const char    *name);
/* Removes @file (and a missing file is fine). */
void   fuzz_remove            (GFile         *file);

G_END_DECLS
