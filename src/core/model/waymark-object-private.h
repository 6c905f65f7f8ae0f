/* waymark-object-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-object.h"

G_BEGIN_DECLS

void          _waymark_object_class_install      (WaymarkObjectClass  *klass,
                                                  const char          *table,
                                                  const char          *label,
                                                  GParamSpec          *first_pspec,
                                                  ...) G_GNUC_NULL_TERMINATED;
WaymarkObject *_waymark_object_new               (GType                type,
                                                  gint64               id);
WaymarkObject *_waymark_object_new_unset         (GType                type,
                                                  gint64               id);
void          _waymark_object_set_document       (WaymarkObject       *self,
                                                  WaymarkDocument     *document);
const GValue *_waymark_object_peek_value         (WaymarkObject       *self,
                                                  guint                index);
void          _waymark_object_set_value_silently (WaymarkObject       *self,
                                                  guint                index,
                                                  const GValue        *value);
void          _waymark_object_take_value         (WaymarkObject       *self,
                                                  guint                index,
                                                  GValue              *value);
guint         _waymark_object_get_serial         (WaymarkObject       *self);
gboolean      _waymark_value_equal               (const GValue        *a,
                                                  const GValue        *b);
gboolean      _waymark_object_validate_value     (WaymarkObject       *self,
                                                  GParamSpec          *pspec,
                                                  const GValue        *value,
                                                  GError             **error);

/* Typed fast paths for the model's own accessors. */
#define _WAYMARK_OBJECT_STRING(self, index) \
  g_value_get_string (_waymark_object_peek_value (WAYMARK_OBJECT (self), (index)))
#define _WAYMARK_OBJECT_INT(self, index) \
  g_value_get_int (_waymark_object_peek_value (WAYMARK_OBJECT (self), (index)))
#define _WAYMARK_OBJECT_INT64(self, index) \
  g_value_get_int64 (_waymark_object_peek_value (WAYMARK_OBJECT (self), (index)))
#define _WAYMARK_OBJECT_BOOLEAN(self, index) \
  g_value_get_boolean (_waymark_object_peek_value (WAYMARK_OBJECT (self), (index)))
#define _WAYMARK_OBJECT_DOUBLE(self, index) \
  g_value_get_double (_waymark_object_peek_value (WAYMARK_OBJECT (self), (index)))

G_END_DECLS
