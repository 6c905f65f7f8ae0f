/* waymark-store-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-store.h"

G_BEGIN_DECLS

typedef void (*WaymarkStoreFaultHook) (const char *point);

void     _waymark_store_set_fault_hook (WaymarkStoreFaultHook   hook);
WaymarkDocument *_waymark_store_read   (GFile                  *file,
                                        GError                **error);
WaymarkDocument *_waymark_store_create (const char             *template_name,
                                        const char             *title,
                                        GError                **error);
void     _waymark_store_adopt_recovery (WaymarkDocument        *document,
                                        GFile                  *recovery,
                                        GFile                  *source);
gboolean _waymark_store_save_full      (WaymarkDocument        *document,
                                        GFile                  *file,
                                        int                     mode,
                                        GHashTable             *meta,
                                        GError                **error);

/* A column of a template's text, translated in a new map. */
typedef struct
{
  const char *table;
  const char *column;
} WaymarkTemplateColumn;

extern const WaymarkTemplateColumn _waymark_template_columns[];

/* The text of the built-in templates (waymark-template-strings.c), %NULL-terminated. */
extern const char * const _waymark_template_strings[];

G_END_DECLS
