/* waymark-secrets.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-core.h"

G_BEGIN_DECLS

char *waymark_secrets_lookup           (const char      *uri,
                                        GCancellable    *cancellable) G_GNUC_WARN_UNUSED_RESULT;
void  waymark_secrets_store            (const char      *uri,
                                        const char      *password);
GPtrArray *waymark_secrets_database_uris (WaymarkDocument *document) G_GNUC_WARN_UNUSED_RESULT;
void  waymark_secrets_load             (GPtrArray       *uris,
                                        GCancellable    *cancellable);

G_END_DECLS
