/* waymark-object.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WAYMARK_TYPE_OBJECT (waymark_object_get_type ())

G_DECLARE_DERIVABLE_TYPE (WaymarkObject, waymark_object, WAYMARK, OBJECT, GObject)

typedef struct _WaymarkDocument WaymarkDocument;

/*
 * WaymarkObject: the base of every object a document holds (personas, maps,
 * stages, lanes, cards, …). Each has a document-wide unique id; references
 * between objects are ids (0 for none), which keeps the model flat, cheap to
 * load, and its undo commands simple. Properties are plain values, stored in
 * one array per object, and map one-to-one onto the columns of the object's
 * table in the file (dashes become underscores).
 *
 * Setting a property with g_object_set() changes the object without undo;
 * editors go through waymark_document_set() so that every change is a
 * command in the history.
 */
struct _WaymarkObjectClass
{
  GObjectClass parent_class;

  /*< private >*/
  const char  *table;
  const char  *label;
  GParamSpec **pspecs;
  guint        n_pspecs;
  const char * const *(*allowed_values) (GParamSpec *pspec);
};

gint64           waymark_object_get_id       (WaymarkObject *self);
WaymarkDocument *waymark_object_get_document (WaymarkObject *self);
const char      *waymark_object_get_label    (WaymarkObject *self);

G_END_DECLS
