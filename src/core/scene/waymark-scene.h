/* waymark-scene.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "waymark-layout.h"
#include "waymark-theme.h"

G_BEGIN_DECLS

/*
 * The display list: what a map looks like, as drawing operations grouped
 * into items, one item per thing a person points at (a card, a header, a
 * lane row, an emotion point). Every renderer — the canvas, PDF, PNG and
 * the SVG writer — draws from it, and hit-testing asks it.
 *
 * Operations are relative to their item's origin (bounds.x, bounds.y), so
 * an item that only moved keeps its operations and its serial; renderers
 * may cache an item's drawing for as long as its serial stays the same.
 */

typedef enum
{
  WAYMARK_SCENE_LAYER_BODY,           /* the grid, cards, curves */
  WAYMARK_SCENE_LAYER_STAGE_HEADERS,  /* stay at the top while scrolling */
  WAYMARK_SCENE_LAYER_LANE_HEADERS,   /* stay at the left while scrolling */
  WAYMARK_SCENE_LAYER_CORNER,         /* where the two header bands meet */
  WAYMARK_SCENE_N_LAYERS
} WaymarkSceneLayer;

typedef enum
{
  WAYMARK_SCENE_ROLE_TITLE,
  WAYMARK_SCENE_ROLE_PERSONA,
  WAYMARK_SCENE_ROLE_LANE_ROW,
  WAYMARK_SCENE_ROLE_EMOTION_CURVE,
  WAYMARK_SCENE_ROLE_CARD,
  WAYMARK_SCENE_ROLE_CONNECTOR,
  WAYMARK_SCENE_ROLE_EMOTION_POINT,
  WAYMARK_SCENE_ROLE_STAGE_HEADER,
  WAYMARK_SCENE_ROLE_LANE_HEADER,
  WAYMARK_SCENE_ROLE_CORNER,
} WaymarkSceneRole;

typedef enum
{
  WAYMARK_SCENE_OP_RECT,   /* rect, radius, fill and/or stroke */
  WAYMARK_SCENE_OP_PATH,   /* path, fill and/or stroke */
  WAYMARK_SCENE_OP_TEXT,   /* layout drawn with its top left at rect.x, rect.y */
  WAYMARK_SCENE_OP_IMAGE,  /* image scaled into rect, clipped to radius */
} WaymarkSceneOpType;

typedef struct
{
  WaymarkSceneOpType  type;
  WaymarkColor        fill;        /* alpha 0: no fill; the text colour for text */
  WaymarkColor        stroke;      /* alpha 0: no stroke */
  double              line_width;
  double              dash;        /* 0: solid */
  double              radius;
  WaymarkRect         rect;
  cairo_path_t       *path;
  PangoLayout        *layout;
  cairo_surface_t    *image;
  GBytes             *image_data;  /* the encoded image, for writers that embed it */
  const char         *image_type;  /* its MIME type */
} WaymarkSceneOp;

typedef struct
{
  WaymarkSceneRole   role;
  WaymarkSceneLayer  layer;
  gint64             object;       /* the model object shown, 0 for none */
  guint              serial;       /* changes when the operations change */
  WaymarkRect        bounds;       /* everything drawn, in map coordinates */
  GArray            *ops;          /* WaymarkSceneOp, relative to bounds.x, bounds.y */
  char              *label;        /* a short name, for accessibility and SVG <title> */
  char              *description;  /* longer text, for SVG <desc>; may be NULL */
  guint              source_serial; /* private: what the item was built from */
} WaymarkSceneItem;

#define WAYMARK_TYPE_SCENE (waymark_scene_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkScene, waymark_scene, WAYMARK, SCENE, GObject)

WaymarkScene       *waymark_scene_new             (WaymarkLayout      *layout,
                                                   const WaymarkTheme *theme) G_GNUC_WARN_UNUSED_RESULT;

WaymarkLayout      *waymark_scene_get_layout      (WaymarkScene       *self);
const WaymarkTheme *waymark_scene_get_theme       (WaymarkScene       *self);
void                waymark_scene_set_theme       (WaymarkScene       *self,
                                                   const WaymarkTheme *theme);

gboolean            waymark_scene_update          (WaymarkScene       *self);
void                waymark_scene_get_size        (WaymarkScene       *self,
                                                   double             *width,
                                                   double             *height);

guint               waymark_scene_get_n_items     (WaymarkScene       *self);
const WaymarkSceneItem *waymark_scene_get_item    (WaymarkScene       *self,
                                                   guint               index);
int                 waymark_scene_find_item       (WaymarkScene       *self,
                                                   WaymarkSceneRole    role,
                                                   gint64              object);

void                waymark_scene_query           (WaymarkScene       *self,
                                                   WaymarkSceneLayer   layer,
                                                   const WaymarkRect  *area,
                                                   GArray             *indices);
GPtrArray          *waymark_scene_build_legend    (WaymarkScene       *self,
                                                   double              width,
                                                   double             *height) G_GNUC_WARN_UNUSED_RESULT;
int                 waymark_scene_hit             (WaymarkScene       *self,
                                                   WaymarkSceneLayer   layer,
                                                   double              x,
                                                   double              y);

G_END_DECLS
