/* waymark-svg-writer.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-scene.h"

G_BEGIN_DECLS

/* Receives the output; returns %FALSE to stop writing (the sink keeps the reason). */
typedef gboolean (*WaymarkWriteFunc) (gpointer    closure,
                                      const char *data,
                                      gsize       length);

/* A link's accessible name (a metric badge's value and what it says), or
 * NULL for none; called only for interactive output. */
typedef char *(*WaymarkSvgLinkLabelFunc) (gpointer                closure,
                                          const WaymarkSceneItem *item,
                                          const char             *link);

/* How to write: the defaults (all zero) are a standalone SVG file. */
typedef struct
{
  gboolean                 inline_svg;   /* no XML declaration: an <svg> inside HTML */
  const char              *id_prefix;    /* put before every id, for several maps in one page */
  WaymarkScene            *dark;         /* the same layout drawn with the dark theme: colours
                                          * that differ there get a class (see @dark_style) */
  GHashTable              *dark_classes; /* in/out, with @dark: colour pair → class name, shared
                                          * by the maps of one page (g_str_hash, strings owned) */
  GString                 *dark_style;   /* out: CSS rules giving those classes the dark colours */
  gboolean                 interactive;  /* cards, stages and badges focusable, with ARIA roles */
  WaymarkSvgLinkLabelFunc  link_label;
  gpointer                 link_label_data;
} WaymarkSvgOptions;

gboolean waymark_svg_writer_write         (WaymarkScene            *scene,
                                           WaymarkWriteFunc         write,
                                           gpointer                 closure,
                                           GError                 **error);
gboolean waymark_svg_writer_write_options (WaymarkScene            *scene,
                                           const WaymarkSvgOptions *options,
                                           WaymarkWriteFunc         write,
                                           gpointer                 closure,
                                           GError                 **error);

G_END_DECLS
