/* waymark-inspector-fields-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "waymark-document.h"

G_BEGIN_DECLS

#define WAYMARK_TYPE_INSPECTOR_FIELDS (waymark_inspector_fields_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkInspectorFields, waymark_inspector_fields, WAYMARK, INSPECTOR_FIELDS, GObject)

WaymarkInspectorFields *_waymark_inspector_fields_new          (void) G_GNUC_WARN_UNUSED_RESULT;
WaymarkDocument        *_waymark_inspector_fields_get_document (WaymarkInspectorFields *self);
void                    _waymark_inspector_fields_set_document (WaymarkInspectorFields *self,
                                                                WaymarkDocument        *document);
WaymarkObject          *_waymark_inspector_fields_get_dying    (WaymarkInspectorFields *self);
void                    _waymark_inspector_fields_set_dying    (WaymarkInspectorFields *self,
                                                                WaymarkObject          *dying);
WaymarkObject          *_waymark_inspector_fields_lookup       (WaymarkInspectorFields *self,
                                                                gint64                  id,
                                                                GType                   type);

void                    _waymark_inspector_fields_begin_update (WaymarkInspectorFields *self);
void                    _waymark_inspector_fields_end_update   (WaymarkInspectorFields *self);
gboolean                _waymark_inspector_fields_can_edit     (WaymarkInspectorFields *self);

void                    _waymark_inspector_fields_commit       (WaymarkInspectorFields *self);
void                    _waymark_inspector_fields_edit_value   (WaymarkInspectorFields *self,
                                                                gpointer                object,
                                                                const char             *label,
                                                                const char             *property,
                                                                const GValue           *value);
void                    _waymark_inspector_fields_edit_string  (WaymarkInspectorFields *self,
                                                                gpointer                object,
                                                                const char             *label,
                                                                const char             *property,
                                                                const char             *text);
void                    _waymark_inspector_fields_edit_int     (WaymarkInspectorFields *self,
                                                                gpointer                object,
                                                                const char             *label,
                                                                const char             *property,
                                                                int                     number);

void                    _waymark_inspector_fields_add_text     (WaymarkInspectorFields *self,
                                                                GtkWidget              *widget,
                                                                const char             *property,
                                                                const char             *label);
void                    _waymark_inspector_fields_show_text    (WaymarkInspectorFields *self,
                                                                GtkWidget              *widget,
                                                                gpointer                subject);

void                    _waymark_inspector_fields_setup_choice (AdwComboRow            *row,
                                                                GListModel             *model,
                                                                GCallback               label_cb);
const char             *_waymark_inspector_fields_get_choice   (AdwComboRow            *row);
void                    _waymark_inspector_fields_set_choice   (AdwComboRow            *row,
                                                                const char             *id);

void                    _waymark_inspector_fields_add_swatches (GtkWidget              *box,
                                                                GCallback               toggled_cb,
                                                                gpointer                user_data);
void                    _waymark_inspector_fields_show_swatch  (GtkWidget              *box,
                                                                const char             *color);
GtkWidget              *_waymark_inspector_fields_get_swatch   (GtkWidget              *box,
                                                                const char             *color);
void                    _waymark_inspector_fields_apply_swatch (WaymarkInspectorFields *self,
                                                                GtkToggleButton        *swatch,
                                                                gpointer const         *objects,
                                                                guint                   n_objects);

G_END_DECLS
