/* waymark-scene.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "waymark-geometry.h"
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
  /* On pages and in other scenes made without a map */
  WAYMARK_SCENE_ROLE_HEADING,   /* a page's title or a section's */
  WAYMARK_SCENE_ROLE_TEXT,      /* running text, captions, footers */
  WAYMARK_SCENE_ROLE_FIGURE,    /* a view of the map, or a symbol */
  WAYMARK_SCENE_ROLE_MARK,      /* crop marks, cut lines, rules */
} WaymarkSceneRole;

typedef enum
{
  WAYMARK_SCENE_OP_RECT,   /* rect, radius, fill and/or stroke */
  WAYMARK_SCENE_OP_PATH,   /* path, fill and/or stroke */
  WAYMARK_SCENE_OP_TEXT,   /* layout drawn with its top left at rect.x, rect.y */
  WAYMARK_SCENE_OP_IMAGE,  /* image scaled into rect, clipped to radius */
  WAYMARK_SCENE_OP_VIEW,   /* part of another scene, shown in rect (see WaymarkSceneView) */
  WAYMARK_SCENE_OP_LINK,   /* rect links to link: “#name” a destination, else a URI */
  WAYMARK_SCENE_OP_DEST,   /* a destination named link, at rect's top left */
} WaymarkSceneOpType;

typedef struct _WaymarkScene WaymarkScene;

/* Which lines of text a view draws, so that text cut by the view's edge
 * is neither half shown nor hidden in the file under a clip. */
typedef enum
{
  WAYMARK_SCENE_TEXT_ALL,       /* every line, clipped to the view */
  WAYMARK_SCENE_TEXT_VISIBLE,   /* lines wholly inside the view's area */
  WAYMARK_SCENE_TEXT_OWNED,     /* those, and the lines whose middle is in @own */
} WaymarkSceneText;

/*
 * A view: @area of @scene's @layers (a mask of 1 << WaymarkSceneLayer),
 * scaled by @scale into the op's rect and clipped to it — a printed tile
 * is views of the map's body and of its header bands. With @sticky, a
 * header that starts before @area keeps its title in view, as headers
 * pinned on screen do. With @background, the scene's background is
 * painted under the body. With @raster_dpi, the view is an image: a miniature of tens of thousands
 * of cards, whose details no one could see, costs a picture's bytes.
 */
typedef struct
{
  WaymarkScene     *scene;
  guint             layers;
  WaymarkRect       area;
  double            scale;
  gboolean          sticky;
  gboolean          background;
  WaymarkSceneText  text;         /* which lines of text are drawn */
  WaymarkRect       own;          /* WAYMARK_SCENE_TEXT_OWNED: the part of @area this view owns */
  double            min_text;     /* text smaller than this on paper (points) is left out; 0: none */
  double            raster_dpi;   /* > 0: drawn as an image of this resolution (a miniature of a huge map) */
} WaymarkSceneView;

typedef struct
{
  WaymarkSceneOpType  type;
  WaymarkColor        fill;        /* alpha 0: no fill; the text colour for text */
  WaymarkColor        stroke;      /* alpha 0: no stroke */
  double              line_width;
  double              dash;        /* 0: solid */
  double              dash_gap;    /* the gaps between dashes; 0: as long as them */
  gboolean            flat_ends;   /* lines end flat (cut and crop marks), not round */
  double              radius;
  WaymarkRect         rect;
  cairo_path_t       *path;
  PangoLayout        *layout;
  cairo_surface_t    *image;
  GBytes             *image_data;  /* the encoded image, for writers that embed it */
  const char         *image_type;  /* its MIME type */
  WaymarkSceneView   *view;        /* owned */
  char               *link;        /* owned */
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
  gint64             group;        /* the group the item belongs to (a map's lane), 0 for none */
  guint              source_serial; /* private: what the item was built from */
} WaymarkSceneItem;

/* A group of items, such as a lane and everything in its row. */
typedef struct
{
  gint64  id;
  char   *title;
} WaymarkSceneGroup;

#define WAYMARK_TYPE_SCENE (waymark_scene_get_type ())

G_DECLARE_FINAL_TYPE (WaymarkScene, waymark_scene, WAYMARK, SCENE, GObject)

WaymarkScene       *waymark_scene_new_blank       (double              width,
                                                   double              height,
                                                   const WaymarkTheme *theme) G_GNUC_WARN_UNUSED_RESULT;

const WaymarkTheme *waymark_scene_get_theme       (WaymarkScene       *self);
void                waymark_scene_get_size        (WaymarkScene       *self,
                                                   double             *width,
                                                   double             *height);
const char         *waymark_scene_get_title       (WaymarkScene       *self);
const char         *waymark_scene_get_id          (WaymarkScene       *self);
const WaymarkSceneGroup *waymark_scene_get_groups (WaymarkScene       *self,
                                                   guint              *n_groups);

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
int                 waymark_scene_hit             (WaymarkScene       *self,
                                                   WaymarkSceneLayer   layer,
                                                   double              x,
                                                   double              y);
gint64              waymark_scene_hit_connector   (WaymarkScene       *self,
                                                   double              x,
                                                   double              y,
                                                   double              tolerance);

void                waymark_scene_connector_curve (const WaymarkRect  *a,
                                                   const WaymarkRect  *b,
                                                   double              points[8]);
void                waymark_scene_connector_point (const double        points[8],
                                                   double              t,
                                                   double             *x,
                                                   double             *y);
double              waymark_scene_connector_distance (const double     points[8],
                                                   double              x,
                                                   double              y);

void                waymark_scene_add_item        (WaymarkScene       *self,
                                                   WaymarkSceneItem   *item);

WaymarkSceneItem   *waymark_scene_item_new        (WaymarkSceneRole    role,
                                                   WaymarkSceneLayer   layer,
                                                   gint64              object,
                                                   const WaymarkRect  *bounds) G_GNUC_WARN_UNUSED_RESULT;
WaymarkSceneOp     *waymark_scene_item_add_op     (WaymarkSceneItem   *item,
                                                   WaymarkSceneOpType  type);
double              waymark_scene_op_get_text_size (const WaymarkSceneOp *op);
double              waymark_scene_get_smallest_text (WaymarkScene      *self,
                                                    guint              layers);

G_END_DECLS
