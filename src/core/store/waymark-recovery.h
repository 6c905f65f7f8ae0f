/* waymark-recovery.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-document.h"

G_BEGIN_DECLS

/* A recovery copy left by a session that did not end cleanly. */
typedef struct
{
  GFile     *file;        /* the copy under waymark_recovery_get_dir() */
  char      *title;
  GDateTime *saved;       /* when it was written */
  GFile     *source;      /* the document it belongs to, or NULL if untitled */
  char      *problem;     /* NULL if it can be recovered, else why not */
} WaymarkRecoveryEntry;

void             waymark_recovery_entry_free (WaymarkRecoveryEntry  *entry);
char            *waymark_recovery_get_dir    (void) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray       *waymark_recovery_list       (void) G_GNUC_WARN_UNUSED_RESULT;
WaymarkDocument *waymark_recovery_restore    (WaymarkRecoveryEntry  *entry,
                                              GError               **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean         waymark_recovery_discard    (WaymarkRecoveryEntry  *entry,
                                              GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WaymarkRecoveryEntry, waymark_recovery_entry_free)

G_END_DECLS
