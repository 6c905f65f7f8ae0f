/* waymark-temporary.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The temporary files a save or an export is writing beside their
 * targets (".NAME.XXXXXX"), so that a process stopped by a signal removes
 * them on its way out: waymark_temporary_remove_all() may be called from a
 * signal handler.
 */

void waymark_temporary_register   (const char *path);
void waymark_temporary_unregister (const char *path);
void waymark_temporary_remove_all (void);
void waymark_temporary_remove_on_signals (void);

G_END_DECLS
