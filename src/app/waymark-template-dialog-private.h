/* waymark-template-dialog-private.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "waymark-template-dialog.h"

G_BEGIN_DECLS

/* For the tests: the two lists as the user sees them (a template card's
 * GtkFlowBoxChild and a recent row carry their template name or URI as
 * "waymark-target" data), and a template's preview drawn into @cr at
 * @width × @height with the draw function the card uses. */
GtkFlowBox *_waymark_template_dialog_get_templates (WaymarkTemplateDialog *self);
GtkListBox *_waymark_template_dialog_get_recent    (WaymarkTemplateDialog *self);
void        _waymark_template_dialog_draw_preview  (WaymarkTemplateDialog *self,
                                                    const char            *template_name,
                                                    cairo_t               *cr,
                                                    int                    width,
                                                    int                    height);

G_END_DECLS
