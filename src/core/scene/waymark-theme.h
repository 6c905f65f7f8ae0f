/* waymark-theme.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} WaymarkColor;

/*
 * The colours a scene is drawn with. The light and dark themes follow
 * libadwaita's palette; card kinds, emotions and the colour choices offered
 * for cards come from the Okabe–Ito palette, which stays distinguishable
 * with the common colour-vision deficiencies. Exports use the light theme.
 */
typedef struct
{
  gboolean     dark;
  WaymarkColor background;     /* the canvas around the map */
  WaymarkColor lane;           /* even lane rows */
  WaymarkColor lane_alt;       /* odd lane rows */
  WaymarkColor header;         /* stage and lane headers */
  WaymarkColor grid;           /* lines between cells */
  WaymarkColor card;           /* card surface */
  WaymarkColor card_border;
  WaymarkColor shadow;
  WaymarkColor text;
  WaymarkColor dim_text;
  WaymarkColor accent;
  WaymarkColor curve;
  WaymarkColor positive;
  WaymarkColor neutral;
  WaymarkColor negative;
  WaymarkColor face_ink;       /* eyes and mouth on emotion faces */
} WaymarkTheme;

const WaymarkTheme *waymark_theme_get_light        (void);
const WaymarkTheme *waymark_theme_get_dark         (void);
const WaymarkTheme *waymark_theme_get_high_contrast (gboolean dark_style);

gboolean            waymark_color_parse            (const char         *spec,
                                                    WaymarkColor       *color);
WaymarkColor        waymark_color_mix              (const WaymarkColor *a,
                                                    const WaymarkColor *b,
                                                    double              amount);
WaymarkColor        waymark_theme_get_card_surface (const WaymarkTheme *self,
                                                    const WaymarkColor *color);
double              waymark_color_contrast         (const WaymarkColor *foreground,
                                                    const WaymarkColor *background);
WaymarkColor        waymark_theme_get_kind_color   (const WaymarkTheme *self,
                                                    const char         *card_kind);
WaymarkColor        waymark_theme_get_emotion_color (const WaymarkTheme *self,
                                                    int                 score);

/* The colours offered for cards, stages and lanes, as "#rrggbb". */
const char * const *waymark_theme_palette          (void);

G_END_DECLS
