/* waymark-theme.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-theme"

#include "config.h"

#include <math.h>
#include <string.h>

#include "waymark-theme.h"

#define RGB(hex)      { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }
#define RGBA(hex, a)  { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, (a) }

/* Okabe–Ito */
#define ORANGE     0xE69F00
#define SKY_BLUE   0x56B4E9
#define GREEN      0x009E73
#define YELLOW     0xF0E442
#define BLUE       0x0072B2
#define VERMILLION 0xD55E00
#define PURPLE     0xCC79A7

static const WaymarkTheme light = {
  .dark = FALSE,
  .background = RGB (0xfafafa),
  .lane = RGB (0xffffff),
  .lane_alt = RGB (0xf6f6f7),
  .header = RGB (0xebebed),
  .grid = RGBA (0x000000, 0.10),
  .card = RGB (0xffffff),
  .card_border = RGBA (0x000000, 0.16),
  .shadow = RGBA (0x000000, 0.07),
  .text = RGBA (0x000000, 0.85),
  .dim_text = RGBA (0x000000, 0.58),
  .accent = RGB (0x1c71d8),
  .curve = RGB (0x3d3846),
  .positive = RGB (GREEN),
  .neutral = RGB (ORANGE),
  .negative = RGB (VERMILLION),
  .face_ink = RGBA (0x000000, 0.80),
};

static const WaymarkTheme dark = {
  .dark = TRUE,
  .background = RGB (0x1e1e1e),
  .lane = RGB (0x242424),
  .lane_alt = RGB (0x2a2a2c),
  .header = RGB (0x303033),
  .grid = RGBA (0xffffff, 0.10),
  .card = RGB (0x3a3a3d),
  .card_border = RGBA (0xffffff, 0.12),
  .shadow = RGBA (0x000000, 0.30),
  .text = RGB (0xffffff),
  /* Above 4.5:1 on a card of any palette colour (see test-layout's contrast test). */
  .dim_text = RGBA (0xffffff, 0.75),
  .accent = RGB (0x78aeed),
  .curve = RGB (0xdeddda),
  .positive = RGB (GREEN),
  .neutral = RGB (ORANGE),
  .negative = RGB (VERMILLION),
  .face_ink = RGBA (0x000000, 0.80),
};

/* High contrast (the desktop's setting): full-strength text, firm lines. */
static const WaymarkTheme light_high_contrast = {
  .dark = FALSE,
  .background = RGB (0xffffff),
  .lane = RGB (0xffffff),
  .lane_alt = RGB (0xf2f2f2),
  .header = RGB (0xe0e0e0),
  .grid = RGBA (0x000000, 0.45),
  .card = RGB (0xffffff),
  .card_border = RGBA (0x000000, 0.75),
  .shadow = RGBA (0x000000, 0.0),
  .text = RGB (0x000000),
  .dim_text = RGBA (0x000000, 0.80),
  .accent = RGB (0x0b4fa8),
  .curve = RGB (0x000000),
  .positive = RGB (0x00705a),
  .neutral = RGB (0xa86b00),
  .negative = RGB (0xb54800),
  .face_ink = RGB (0x000000),
};

static const WaymarkTheme dark_high_contrast = {
  .dark = TRUE,
  .background = RGB (0x000000),
  .lane = RGB (0x141414),
  .lane_alt = RGB (0x1c1c1c),
  .header = RGB (0x262626),
  .grid = RGBA (0xffffff, 0.45),
  .card = RGB (0x242424),
  .card_border = RGBA (0xffffff, 0.75),
  .shadow = RGBA (0x000000, 0.0),
  .text = RGB (0xffffff),
  .dim_text = RGBA (0xffffff, 0.85),
  .accent = RGB (0x99c1f1),
  .curve = RGB (0xffffff),
  .positive = RGB (GREEN),
  .neutral = RGB (ORANGE),
  .negative = RGB (0xf07e4a),
  .face_ink = RGBA (0x000000, 0.90),
};

/**
 * waymark_theme_get_high_contrast:
 * @dark_style: the dark style's
 *
 * Returns: (transfer none): the colours for the desktop's high contrast
 */
const WaymarkTheme *
waymark_theme_get_high_contrast (gboolean dark_style)
{
  return dark_style ? &dark_high_contrast : &light_high_contrast;
}

static const char * const palette[] = {
  "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", NULL
};

const WaymarkTheme *
waymark_theme_get_light (void)
{
  return &light;
}

const WaymarkTheme *
waymark_theme_get_dark (void)
{
  return &dark;
}

const char * const *
waymark_theme_palette (void)
{
  return palette;
}

/**
 * waymark_color_parse:
 * @spec: "#rrggbb"
 *
 * Returns: %TRUE if @spec was a colour; @color is untouched otherwise
 */
gboolean
waymark_color_parse (const char   *spec,
                     WaymarkColor *color)
{
  guint value = 0;

  if (spec == NULL || spec[0] != '#' || strlen (spec) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    {
      int digit = g_ascii_xdigit_value (spec[i]);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (guint) digit;
    }

  *color = (WaymarkColor) RGB (value);
  return TRUE;
}

WaymarkColor
waymark_color_mix (const WaymarkColor *a,
                   const WaymarkColor *b,
                   double              amount)
{
  return (WaymarkColor) {
    a->red + (b->red - a->red) * amount,
    a->green + (b->green - a->green) * amount,
    a->blue + (b->blue - a->blue) * amount,
    a->alpha + (b->alpha - a->alpha) * amount,
  };
}

WaymarkColor
waymark_theme_get_kind_color (const WaymarkTheme *self,
                              const char         *card_kind)
{
  static const struct { const char *kind; WaymarkColor color; } kinds[] = {
    { "touchpoint", RGB (BLUE) },
    { "note", RGB (YELLOW) },
    { "pain-point", RGB (VERMILLION) },
    { "opportunity", RGB (GREEN) },
    { "quote", RGB (PURPLE) },
  };
  /* The same hues, deepened on white and lightened on dark cards where the
   * palette's own would stand out less than 3:1 from the card. */
  static const WaymarkColor light_yellow = RGB (0xA88A00);
  /* Okabe and Ito's purple is 3.06:1 on white, 2.86:1 seen with deuteranopia. */
  static const WaymarkColor light_purple = RGB (0xB8608F);
  static const WaymarkColor light_other = RGB (0x3A8FC8);
  static const WaymarkColor dark_vermillion = RGB (0xF07E4A);
  static const WaymarkColor other = RGB (SKY_BLUE);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (card_kind, kinds[i].kind) == 0)
      {
        /* Blue is too dark a stripe on dark cards. */
        if (self->dark && i == 0)
          return (WaymarkColor) RGB (SKY_BLUE);
        if (self->dark && i == 2)
          return dark_vermillion;
        if (!self->dark && i == 1)
          return light_yellow;
        if (!self->dark && i == 4)
          return light_purple;
        return kinds[i].color;
      }
  return self->dark ? other : light_other;
}

WaymarkColor
waymark_theme_get_emotion_color (const WaymarkTheme *self,
                                 int                 score)
{
  if (score > 0)
    return self->positive;
  if (score < 0)
    return self->negative;
  return self->neutral;
}

/**
 * waymark_theme_get_card_surface:
 * @color: a card's own colour
 *
 * Returns: the card's surface: its colour, tinted into the card's, light
 *   enough (dark enough) that all its text keeps 4.5:1
 */
WaymarkColor
waymark_theme_get_card_surface (const WaymarkTheme *self,
                                const WaymarkColor *color)
{
  return waymark_color_mix (&self->card, color, self->dark ? 0.18 : 0.22);
}

static double
luminance (const WaymarkColor *color)
{
  double c[3] = { color->red, color->green, color->blue };

  for (int i = 0; i < 3; i++)
    c[i] = c[i] <= 0.03928 ? c[i] / 12.92 : pow ((c[i] + 0.055) / 1.055, 2.4);
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}

/**
 * waymark_color_contrast:
 * @foreground: drawn over @background, with its alpha
 * @background: opaque
 *
 * Returns: the WCAG 2 contrast ratio, 1 to 21
 */
double
waymark_color_contrast (const WaymarkColor *foreground,
                        const WaymarkColor *background)
{
  WaymarkColor seen = waymark_color_mix (background, &(WaymarkColor) { foreground->red, foreground->green,
                                                                        foreground->blue, 1 },
                                         foreground->alpha);
  double a = luminance (&seen), b = luminance (background);

  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}
