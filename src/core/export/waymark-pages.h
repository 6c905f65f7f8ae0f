/* waymark-pages.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "waymark-export.h"
#include "waymark-map-scene.h"

G_BEGIN_DECLS

/*
 * The pagination engine PDF and print share: it cuts a scene into pages
 * (cover, legend, overview, the map fitted, tiled or one stage a page,
 * appendix) and draws any page at one unit per point with its top left at
 * the origin.
 */

typedef enum
{
  WAYMARK_PAGE_COVER,
  WAYMARK_PAGE_LEGEND,
  WAYMARK_PAGE_OVERVIEW,
  WAYMARK_PAGE_MAP,       /* the whole map, fitted */
  WAYMARK_PAGE_TILE,      /* part of the map, headers repeated */
  WAYMARK_PAGE_APPENDIX,
  WAYMARK_PAGE_STAGE,     /* a stage of a deck, headers repeated */
  WAYMARK_PAGE_SUMMARY,   /* the executive summary */
} WaymarkPageKind;

/* An entry of the PDF outline; @parent is an index into the same list, or -1. */
typedef struct
{
  int    parent;
  char  *title;
  guint  page;
  double y;               /* points from the page's top */
} WaymarkBookmark;

#define WAYMARK_TYPE_PAGES (waymark_pages_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkPages, waymark_pages, WAYMARK, PAGES, GObject)

WaymarkPages    *waymark_pages_new            (WaymarkScene               *scene,
                                               const WaymarkExportOptions *options,
                                               GError                    **error) G_GNUC_WARN_UNUSED_RESULT;

WaymarkScene    *waymark_pages_get_scene      (WaymarkPages               *self);
guint            waymark_pages_get_n_pages    (WaymarkPages               *self);
void             waymark_pages_get_page_size  (WaymarkPages               *self,
                                               double                     *width,
                                               double                     *height);
WaymarkPageKind  waymark_pages_get_kind       (WaymarkPages               *self,
                                               guint                       page);
double           waymark_pages_get_map_scale  (WaymarkPages               *self);
double           waymark_pages_get_text_size  (WaymarkPages               *self);
void             waymark_pages_get_grid       (WaymarkPages               *self,
                                               guint                      *columns,
                                               guint                      *rows);
const GArray    *waymark_pages_get_bookmarks  (WaymarkPages               *self);

WaymarkScene    *waymark_pages_dup_page_scene (WaymarkPages               *self,
                                               guint                       page) G_GNUC_WARN_UNUSED_RESULT;
void             waymark_pages_draw_page      (WaymarkPages               *self,
                                               cairo_t                    *cr,
                                               guint                       page);

G_END_DECLS
