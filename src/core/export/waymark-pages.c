/* waymark-pages.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-pages"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <stdlib.h>

#include "waymark-edit.h"
#include "waymark-error.h"
#include "waymark-format.h"
#include "waymark-pages-private.h"
#include "waymark-export-private.h"
#include "waymark-map-scene.h"
#include "waymark-metric-definition.h"
#include "waymark-painter.h"

/*
 * Pages are laid out in points. A tile shows the corner, the stage headers
 * of its columns along its top, the lane headers of its rows down its left
 * and the body of the map between; cuts between tiles are moved to a stage
 * boundary or a gap between cards where one is near, so a manager reads
 * whole cards, and neighbouring tiles overlap by OVERLAP with crop marks
 * for whoever glues the poster together.
 */

#define FOOTER_HEIGHT   20.0
#define FOOTER_SIZE     8.0
#define OVERLAP         14.0
#define MARK_LENGTH     10.0
#define MIN_BODY        72.0
#define FIT_MAX_SCALE   1.5
#define STAGE_MAX_SCALE 1.5
#define HEADING_SIZE    20.0
#define SECTION_SIZE    13.0
#define TEXT_SIZE       10.0

typedef struct
{
  WaymarkPageKind kind;
  double          scale;       /* map pages: points per map unit */
  WaymarkRect     area;        /* tiles: the body shown, in map units */
  WaymarkRect     own;         /* tiles: the area less the overlap with the previous tiles */
  char           *label;       /* tiles: "B2"; stages: "2" or "2.1"; appendix: NULL */
  guint           stage;       /* stage pages: which stage */
  gboolean        continued;   /* stage pages: not the stage's first */
  guint           first_block; /* appendix */
  guint           n_blocks;
} Page;

typedef struct
{
  PangoLayout *layout;
  double       indent;
  double       before;         /* space above */
} Block;


struct _WaymarkPages
{
  GObject       parent_instance;

  WaymarkScene *scene;
  GArray       *pages;          /* Page */
  GArray       *blocks;         /* Block, the appendix's paragraphs */
  GArray       *bookmarks;      /* WaymarkBookmark */
  char         *map_title;
  char         *footer_title;

  WaymarkExportOptions options;
  WaymarkExportMode mode;       /* the options' mode, AUTO resolved */
  double        width;          /* the paper, oriented */
  double        height;
  double        body_scale;     /* tiles and stage pages */
  double        corner_width;   /* the lane headers' band, map units */
  double        header_top;
  double        header_height;  /* the stage headers' band, map units */
  WaymarkRect   body;           /* everything right of and below the headers */
  guint         columns;        /* tile mode */
  guint         rows;           /* the most in a column */
  guint         n_tiles;
  GArray       *busy_x;         /* card_extents() of the whole map, made once */
  GArray       *busy_y;
  double        smallest;       /* smallest_text(), once; < 0 until then */
  double        legible;        /* legible_scale(), once */
  double        deck_limit;     /* the largest scale a deck page may take */
  double        shrunk_text;    /* > 0: the text on paper when the map could not be printed legibly */
};

G_DEFINE_FINAL_TYPE (WaymarkPages, waymark_pages, G_TYPE_OBJECT)

static void
clear_page (gpointer data)
{
  Page *page = data;

  g_clear_pointer (&page->label, g_free);
}

static void
clear_block (gpointer data)
{
  Block *block = data;

  g_clear_object (&block->layout);
}

static void
clear_bookmark (gpointer data)
{
  WaymarkBookmark *bookmark = data;

  g_clear_pointer (&bookmark->title, g_free);
}

static WaymarkDocument *
get_document (WaymarkPages *self)
{
  return waymark_layout_get_document (waymark_scene_get_layout (self->scene));
}

static PangoLayout *
make_text (WaymarkPages *self,
           const char   *markup,
           double        size,
           PangoWeight   weight,
           double        width,
           int           max_lines)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  PangoLayout *text = pango_layout_new (waymark_layout_get_context (layout));
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, waymark_layout_get_font_family (layout));
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (text, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (text, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (text, PANGO_WRAP_WORD_CHAR);
    }
  if (max_lines != 0)
    {
      pango_layout_set_height (text, max_lines > 0 ? -max_lines : max_lines);
      pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_markup (text, markup, -1);
  return text;
}

static PangoLayout *
make_plain (WaymarkPages *self,
            const char   *text,
            double        size,
            PangoWeight   weight,
            double        width,
            int           max_lines)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return make_text (self, escaped, size, weight, width, max_lines);
}

static double
layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

/* @text (freed) escaped for Pango markup. */
static char *
escape_take (char *text)
{
  char *escaped = g_markup_escape_text (text, -1);

  g_free (text);
  return escaped;
}

/* ------------------------------------------------------------------ */
/* Cutting the map into pages */

static double legible_scale (WaymarkPages *self);
static void   map_segments  (WaymarkPages *self,
                             GArray       *widths,
                             GArray       *heights);
static void   grid_cuts     (const double *segments,
                             guint         n_segments,
                             double        start,
                             double        max_piece,
                             const GArray *busy,
                             GArray       *cuts);
static GArray *card_extents (WaymarkPages *self,
                             gboolean      across,
                             guint         stage);
static const GArray *tile_extents (WaymarkPages *self,
                                   gboolean      across);

/* The pages a stage takes at @scale, cut as paginate_map() cuts it. */
static guint
deck_pages (WaymarkPages *self,
            double        scale,
            double        avail_h)
{
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  double piece_h = (avail_h - self->header_height * scale) / scale - OVERLAP / scale;

  if (piece_h * scale < MIN_BODY)
    return G_MAXUINT;
  /* Thousands: refused anyway, without cutting. */
  if (self->body.height / piece_h > WAYMARK_EXPORT_MAX_PAGES)
    return G_MAXUINT / 4;
  map_segments (self, NULL, heights);
  grid_cuts ((double *) (gpointer) heights->data, heights->len, self->body.y, piece_h, tile_extents (self, FALSE), ys);
  return ys->len - 1;
}

/* A deck page's scale for a stage @width wide: as large as the paper
 * allows, the whole stage on one page when its text stays legible so,
 * else legible, continuing on more pages. */
static double
deck_scale (WaymarkPages *self,
            double        width,
            double        avail_w,
            double        avail_h)
{
  double across = MIN (STAGE_MAX_SCALE, avail_w / (self->corner_width + width));
  double whole = (avail_h - OVERLAP) / (self->header_height + self->body.height);
  double low, high;
  guint pages;

  if (whole >= across)
    return across;
  low = MIN (across, MAX (whole, legible_scale (self)));
  /* A deck too long to print legibly, at the scale that fits the limit. */
  if (low > self->deck_limit)
    return self->deck_limit;
  /* Continuing anyway: as large as those pages allow. */
  pages = deck_pages (self, low, avail_h);
  high = across;
  for (guint round = 0; round < 20 && high - low > 0.005; round++)
    {
      double mid = (low + high) / 2;

      if (deck_pages (self, mid, avail_h) <= pages)
        low = mid;
      else
        high = mid;
    }
  return floor (low * 100) / 100;
}

/*
 * A poster is a grid: every row of pages is cut at the same places across
 * the map, and every column at the same places down it, so the sheets
 * assemble edge to edge. Cuts go at stage edges across and at lane edges
 * down wherever a stage or a lane fits on a page; a longer one is cut
 * through as few cards as it can. The pieces are then evened out, so no
 * page holds a sliver.
 * Neighbouring pages overlap by OVERLAP on paper; text is drawn on a page
 * when it is wholly on it, or when its middle is in the part the page
 * owns, so no line is drawn where the paper does not show it.
 */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The cards' extents across (@across) or down the map, in map units:
 * n starts, sorted, then their n ends, sorted. Only the cards of @stage,
 * or of every stage for G_MAXUINT. */
static GArray *
card_extents (WaymarkPages *self,
              gboolean      across,
              guint         stage)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_cards, n = 0;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  GArray *extents = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n_cards);
  double *values;

  g_array_set_size (extents, 2 * n_cards);
  values = (double *) (gpointer) extents->data;
  for (guint i = 0; i < n_cards; i++)
    {
      const WaymarkRect *r = &cards[i].rect;

      if (stage != G_MAXUINT &&
          (stage < cards[i].stage_index || stage >= cards[i].stage_index + MAX (cards[i].span, 1)))
        continue;
      values[n] = across ? r->x : r->y;
      values[n_cards + n] = values[n] + (across ? r->width : r->height);
      n++;
    }
  memmove (values + n, values + n_cards, n * sizeof (double));
  g_array_set_size (extents, 2 * n);
  values = (double *) (gpointer) extents->data;
  qsort (values, n, sizeof (double), compare_doubles);
  qsort (values + n, n, sizeof (double), compare_doubles);
  return extents;
}

/* How many of @n sorted @values are below @x (or at most @x, @inclusive). */
static guint
count_below (const double *values,
             guint         n,
             double        x,
             gboolean      inclusive)
{
  guint low = 0, high = n;

  while (low < high)
    {
      guint mid = (low + high) / 2;

      if (values[mid] < x || (inclusive && values[mid] == x))
        low = mid + 1;
      else
        high = mid;
    }
  return low;
}

/* card_extents() of the whole map, made on first use. */
static const GArray *
tile_extents (WaymarkPages *self,
              gboolean      across)
{
  GArray **extents = across ? &self->busy_x : &self->busy_y;

  if (*extents == NULL)
    *extents = card_extents (self, across, G_MAXUINT);
  return *extents;
}

/* Where to cut at or after @floor_ and at or before @limit through the
 * fewest cards of @busy (card_extents()): at @limit or in the gap above a
 * card, the latest of those that cut fewest. */
static double
free_cut (const GArray *busy,
          double        limit,
          double        floor_)
{
  const double *starts, *ends;
  double best;
  guint n, best_cut, first;

  if (busy == NULL || busy->len == 0)
    return limit;
  n = busy->len / 2;
  starts = (const double *) (gconstpointer) busy->data;
  ends = starts + n;
#define CUT_THROUGH(x) (count_below (starts, n, (x), FALSE) - count_below (ends, n, (x), TRUE))
  best = limit;
  best_cut = CUT_THROUGH (limit);
  first = count_below (starts, n, floor_ + WAYMARK_LAYOUT_CARD_GAP / 2, TRUE);
  for (guint i = count_below (starts, n, limit + WAYMARK_LAYOUT_CARD_GAP / 2, TRUE); i > first && best_cut > 0; i--)
    {
      double x = starts[i - 1] - WAYMARK_LAYOUT_CARD_GAP / 2;
      guint cut;

      if (x >= best)
        continue;
      cut = CUT_THROUGH (x);
      if (cut < best_cut)
        {
          best = x;
          best_cut = cut;
        }
    }
#undef CUT_THROUGH
  return best;
}

/* Cuts [start, start + Σ segments] into pieces of at most @max_piece, at
 * segment edges where it can: appends the cut positions, both ends
 * included, to @cuts. */
static void
grid_cuts (const double *segments,
           guint         n_segments,
           double        start,
           double        max_piece,
           const GArray *busy,
           GArray       *cuts)
{
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (double));
  double total = 0, low, high;
  guint n_pieces;

  /* Segments longer than a page in parts that end between cards where
   * they can. */
  for (guint i = 0; i < n_segments; i++)
    {
      double at = start + total, end = at + segments[i];

      while (end - at > max_piece + 1e-6)
        {
          double cut = free_cut (busy, at + max_piece, at + max_piece / 2);
          double part = cut - at;

          g_array_append_val (parts, part);
          at = cut;
        }
      {
        double part = end - at;

        g_array_append_val (parts, part);
      }
      total += segments[i];
    }

  /* The fewest pieces, first greedily … */
  n_pieces = 0;
  {
    double used = max_piece + 1;

    for (guint i = 0; i < parts->len; i++)
      {
        double part = g_array_index (parts, double, i);

        if (used + part > max_piece + 1e-6)
          {
            n_pieces++;
            used = 0;
          }
        used += part;
      }
  }
  n_pieces = MAX (n_pieces, 1);

  /* … then as even as the parts allow: the smallest longest piece that
   * still needs no more pieces, found by halving. */
  low = total / n_pieces;
  high = max_piece;
  for (guint round = 0; round < 40 && high - low > 0.01; round++)
    {
      double mid = (low + high) / 2, used = 0;
      guint pieces = 1;
      gboolean fits = TRUE;

      for (guint i = 0; i < parts->len && fits; i++)
        {
          double part = g_array_index (parts, double, i);

          if (part > mid + 1e-6)
            fits = FALSE;
          else if (used + part > mid + 1e-6)
            {
              pieces++;
              used = part;
            }
          else
            used += part;
        }
      if (fits && pieces <= n_pieces)
        high = mid;
      else
        low = mid;
    }

  {
    double position = start, used = 0;

    g_array_append_val (cuts, position);
    for (guint i = 0; i < parts->len; i++)
      {
        double part = g_array_index (parts, double, i);

        if (used > 0 && used + part > high + 1e-6)
          {
            g_array_append_val (cuts, position);
            used = 0;
          }
        position += part;
        used += part;
      }
    g_array_append_val (cuts, position);
  }
}

static void
add_page (WaymarkPages    *self,
          WaymarkPageKind  kind,
          double           scale)
{
  Page page = { kind, scale, };

  g_array_append_val (self->pages, page);
}

static void
add_bookmark (WaymarkPages *self,
              int           parent,
              const char   *title,
              guint         page,
              double        y)
{
  WaymarkBookmark bookmark = { parent, g_strdup (title), page, y };

  g_array_append_val (self->bookmarks, bookmark);
}

/* Spreadsheet-style names for a poster's pages: rows A, B, … AA, then the
 * column's number: “B2”. */
static char *
tile_label (guint row,
            guint column)
{
  GString *letters = g_string_new (NULL);

  for (guint n = row + 1; n > 0; n = (n - 1) / 26)
    g_string_prepend_c (letters, (char) ('A' + (n - 1) % 26));
  g_string_append_printf (letters, "%u", column + 1);
  return g_string_free (letters, FALSE);
}

/* A page's piece of the body with its overlap: @own widened by half the
 * overlap on every inner side. */
static WaymarkRect
with_overlap (WaymarkPages      *self,
              const WaymarkRect *own,
              double             overlap)
{
  double x0 = MAX (self->body.x, own->x - overlap / 2);
  double y0 = MAX (self->body.y, own->y - overlap / 2);
  double x1 = MIN (self->body.x + self->body.width, own->x + own->width + overlap / 2);
  double y1 = MIN (self->body.y + self->body.height, own->y + own->height + overlap / 2);

  return (WaymarkRect) { x0, y0, x1 - x0, y1 - y0 };
}

/* The stages' widths and the lanes' heights, in map order. */
static void
map_segments (WaymarkPages  *self,
              GArray        *widths,
              GArray        *heights)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);

  for (guint s = 0; s < n_stages && widths != NULL; s++)
    g_array_append_val (widths, stages[s].width);
  for (guint l = 0; l < n_lanes && heights != NULL; l++)
    g_array_append_val (heights, lanes[l].height);
  if (heights != NULL && n_lanes == 0)
    g_array_append_val (heights, self->body.height);
}

/* How many pages a poster at @scale needs on a page of @avail_w × @avail_h
 * points of room, without making them. */
static guint
count_tiles (WaymarkPages *self,
             double        scale,
             double        avail_w,
             double        avail_h,
             guint        *columns,
             guint        *rows)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  double piece_w = (avail_w - self->corner_width * scale) / scale - OVERLAP / scale;
  double piece_h = (avail_h - self->header_height * scale) / scale - OVERLAP / scale;

  if (piece_w * scale < MIN_BODY || piece_h * scale < MIN_BODY)
    return G_MAXUINT;
  /* A plain grid first: a poster of thousands of pages is refused before
   * it is cut. */
  if (ceil (self->body.width / piece_w) * ceil (self->body.height / piece_h) > 4 * WAYMARK_EXPORT_MAX_PAGES)
    return G_MAXUINT;
  map_segments (self, widths, heights);
  grid_cuts ((double *) (gpointer) widths->data, widths->len, self->body.x, piece_w, tile_extents (self, TRUE), xs);
  grid_cuts ((double *) (gpointer) heights->data, heights->len, self->body.y, piece_h, tile_extents (self, FALSE), ys);
  if (columns)
    *columns = xs->len - 1;
  if (rows)
    *rows = ys->len - 1;
  return (xs->len - 1) * (ys->len - 1);
}

/* The map's smallest text, in map units: every page's scale comes from it. */
static double
smallest_text (WaymarkPages *self)
{
  if (self->smallest < 0)
    self->smallest = waymark_scene_get_smallest_text (self->scene, (1u << WAYMARK_SCENE_N_LAYERS) - 1);
  return self->smallest;
}

/* The scale at which the map's smallest text is legible on paper, in
 * whole percent. */
static double
legible_scale (WaymarkPages *self)
{
  if (self->legible == 0)
    {
      double smallest = smallest_text (self);

      self->legible = smallest <= 0 ? 0.05 : ceil (100 * WAYMARK_EXPORT_LEGIBLE_TEXT / smallest) / 100;
    }
  return self->legible;
}

/* The pages a map may take when it is too large to print legibly: the
 * limit, less room for the cover, legend, summary and appendix. */
#define SHRINK_BUDGET (WAYMARK_EXPORT_MAX_PAGES * 9 / 10)

/* The largest scale in whole percent, from 1 % up to @high, at which
 * @count gives at most SHRINK_BUDGET pages; 0 when none does. */
static double
shrink_scale (WaymarkPages *self,
              guint       (*count) (WaymarkPages *, double, double, double),
              double        high,
              double        avail_w,
              double        avail_h)
{
  int low = 0, top = (int) floor (high * 100);

  /* low fits (or is 0), top does not. */
  while (top - low > 1)
    {
      int mid = (low + top) / 2;

      if (count (self, mid / 100.0, avail_w, avail_h) <= SHRINK_BUDGET)
        low = mid;
      else
        top = mid;
    }
  return low / 100.0;
}

static void
add_tiles (WaymarkPages *self,
           GArray       *xs,
           GArray       *ys,
           double        scale)
{
  double overlap = OVERLAP / scale;

  for (guint r = 0; r + 1 < ys->len; r++)
    for (guint c = 0; c + 1 < xs->len; c++)
      {
        Page page = { WAYMARK_PAGE_TILE, scale, };
        double x0 = g_array_index (xs, double, c), x1 = g_array_index (xs, double, c + 1);
        double y0 = g_array_index (ys, double, r), y1 = g_array_index (ys, double, r + 1);

        page.own = (WaymarkRect) { x0, y0, x1 - x0, y1 - y0 };
        page.area = with_overlap (self, &page.own, overlap);
        page.label = tile_label (r, c);
        g_array_append_val (self->pages, page);
      }
}

static gboolean
paginate_map (WaymarkPages  *self,
              double         avail_w,
              double         avail_h,
              guint          before,
              GError       **error)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  double map_w, map_h;
  guint first_map_page;
  int map_bookmark;

  waymark_scene_get_size (self->scene, &map_w, &map_h);

  if (self->mode == WAYMARK_EXPORT_MODE_FIT)
    {
      double scale = MIN (FIT_MAX_SCALE, MIN (avail_w / map_w, avail_h / map_h));

      first_map_page = self->pages->len;
      add_page (self, WAYMARK_PAGE_MAP, scale);
      self->body_scale = scale;
      map_bookmark = self->bookmarks->len;
      add_bookmark (self, -1, self->map_title, first_map_page, 0);
      for (guint s = 0; s < n_stages; s++)
        add_bookmark (self, map_bookmark, waymark_stage_get_title (stages[s].stage), first_map_page, 0);
      return TRUE;
    }

  if (self->mode == WAYMARK_EXPORT_MODE_TILE)
    {
      g_autoptr(GArray) widths = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
      double scale = self->body_scale;
      double piece_w = (avail_w - self->corner_width * scale) / scale - OVERLAP / scale;
      double piece_h = (avail_h - self->header_height * scale) / scale - OVERLAP / scale;
      guint n_tiles = count_tiles (self, scale, avail_w, avail_h, NULL, NULL);

      if (piece_w * scale < MIN_BODY || piece_h * scale < MIN_BODY)
        {
          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                       _("the page is too small for the map’s headers at %.0f%%; use a larger paper or a smaller scale"),
                       scale * 100);
          return FALSE;
        }
      if (n_tiles == G_MAXUINT || before + n_tiles + (n_tiles > 1) > WAYMARK_EXPORT_MAX_PAGES)
        {
          if (self->options.mode == WAYMARK_EXPORT_MODE_AUTO)
            g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                         _("the map is too large to print legibly: with its text at %.0f pt (%.0f%%) it would need more than %d pages; use a larger paper, --tile --scale PERCENT for smaller text, or --fit"),
                         WAYMARK_EXPORT_LEGIBLE_TEXT, scale * 100, WAYMARK_EXPORT_MAX_PAGES);
          else
            g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                         _("the map would need more than %d pages at %.0f%%: use a smaller scale, a larger paper or --fit"),
                         WAYMARK_EXPORT_MAX_PAGES, scale * 100);
          return FALSE;
        }

      map_segments (self, widths, heights);
      grid_cuts ((double *) (gpointer) widths->data, widths->len, self->body.x, piece_w, tile_extents (self, TRUE), xs);
      grid_cuts ((double *) (gpointer) heights->data, heights->len, self->body.y, piece_h, tile_extents (self, FALSE), ys);
      self->columns = xs->len - 1;
      self->rows = ys->len - 1;
      self->n_tiles = self->columns * self->rows;

      /* An overview page says which page holds which part. */
      if (self->n_tiles > 1)
        add_page (self, WAYMARK_PAGE_OVERVIEW, 1);
      first_map_page = self->pages->len;
      add_tiles (self, xs, ys, scale);

      map_bookmark = self->bookmarks->len;
      add_bookmark (self, -1, self->map_title, first_map_page - (self->n_tiles > 1), 0);
      for (guint s = 0; s < n_stages; s++)
        for (guint c = 0; c < self->columns; c++)
          if (stages[s].x < g_array_index (xs, double, c + 1) || c + 1 == self->columns)
            {
              add_bookmark (self, map_bookmark, waymark_stage_get_title (stages[s].stage), first_map_page + c, 0);
              break;
            }
      return TRUE;
    }

  /* A deck: a page for each stage, at the scale its paper allows, and the
   * pages it continues on when it is taller. */
  {
    g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
    guint total = 0, made = 0;

    map_segments (self, NULL, heights);
    self->columns = n_stages;
    self->rows = 0;
    for (int pass = 0; pass < 2; pass++)
      {
        if (pass == 1)
          {
            /* A deck opens on the whole journey. */
            if (total > 1)
              add_page (self, WAYMARK_PAGE_OVERVIEW, 1);
            map_bookmark = self->bookmarks->len;
            add_bookmark (self, -1, self->map_title, self->pages->len - (total > 1), 0);
            self->body_scale = G_MAXDOUBLE;
          }
        for (guint s = 0; s < n_stages; s++)
          {
            g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
            double scale = deck_scale (self, stages[s].width, avail_w, avail_h);
            double piece_h = (avail_h - self->header_height * scale) / scale - OVERLAP / scale;

            if (piece_h * scale < MIN_BODY)
              {
                g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                             _("the page is too small for the map’s headers; use a larger paper"));
                return FALSE;
              }
            if (pass == 0)
              {
                double pages = ceil (self->body.height / piece_h);

                total += pages;
                if (before + total + 1 > WAYMARK_EXPORT_MAX_PAGES)
                  {
                    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                                 _("a page for each stage would take more than %d pages: use a larger paper, --tile or --fit"),
                                 WAYMARK_EXPORT_MAX_PAGES);
                    return FALSE;
                  }
                continue;
              }

            g_autoptr(GArray) busy = card_extents (self, FALSE, s);

            grid_cuts ((double *) (gpointer) heights->data, heights->len, self->body.y, piece_h, busy, ys);
            add_bookmark (self, map_bookmark, waymark_stage_get_title (stages[s].stage), self->pages->len, 0);
            for (guint r = 0; r + 1 < ys->len; r++)
              {
                Page page = { WAYMARK_PAGE_STAGE, scale, };
                double y0 = g_array_index (ys, double, r), y1 = g_array_index (ys, double, r + 1);

                page.own = (WaymarkRect) { stages[s].x, y0, stages[s].width, y1 - y0 };
                page.area = with_overlap (self, &page.own, OVERLAP / scale);
                /* Only down the stage: its neighbours are on their own pages. */
                page.area.x = page.own.x;
                page.area.width = page.own.width;
                page.stage = s;
                page.continued = r > 0;
                page.label = ys->len > 2 ? g_strdup_printf ("%u.%u", s + 1, r + 1) : g_strdup_printf ("%u", s + 1);
                g_array_append_val (self->pages, page);
                self->rows = MAX (self->rows, r + 1);
                made++;
              }
            /* The map scale the pages promise: the smallest of them. */
            self->body_scale = MIN (self->body_scale, scale);
          }
      }
    self->n_tiles = made;
  }

  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The appendix */

static void
add_block (WaymarkPages *self,
           PangoLayout  *layout,
           double        indent,
           double        before)
{
  Block block = { layout, indent, before };

  g_array_append_val (self->blocks, block);
}

static void
add_heading (WaymarkPages *self,
             const char   *text,
             double        width)
{
  add_block (self, make_plain (self, text, SECTION_SIZE, PANGO_WEIGHT_BOLD, width, 2), 0, 14);
}

/* The target and thresholds of @metric in words; NULL when it sets none. */
static char *
describe_thresholds (WaymarkMetric *metric)
{
  const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);

  return definition != NULL ? waymark_metric_definition_describe_thresholds (definition) : NULL;
}

static void
build_appendix (WaymarkPages *self,
                double        width)
{
  WaymarkDocument *document = get_document (self);
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  GPtrArray *comments = waymark_document_get_items (document, WAYMARK_TYPE_COMMENT);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  g_autoptr(GHashTable) by_card = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  guint n_cards;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  gboolean any_comment = FALSE;

  add_block (self, make_plain (self, _("Appendix: data sources, metrics and comments"), HEADING_SIZE,
                               PANGO_WEIGHT_BOLD, width, 2), 0, 0);

  add_heading (self, _("Data sources"), width);
  if (datasets->len == 0)
    add_block (self, make_plain (self, _("No data was imported into this document."), TEXT_SIZE,
                                 PANGO_WEIGHT_NORMAL, width, 0), 0, 4);
  for (guint i = 0; i < datasets->len; i++)
    {
      WaymarkDataset *dataset = g_ptr_array_index (datasets, i);
      g_autofree char *source = NULL, *sha256 = NULL, *imported = NULL, *date = NULL;
      g_autofree char *name = NULL, *src = NULL, *text = NULL, *sha = NULL;
      gint64 rows = 0;

      g_object_get (dataset, "source", &source, "sha256", &sha256, "imported", &imported,
                    "row-count", &rows, NULL);
      /* A document's text is escaped here: the file may hold anything. */
      date = escape_take (waymark_format_timestamp (imported));
      name = g_markup_escape_text (waymark_dataset_get_name (dataset), -1);
      /* The file's name, never where it lay on the exporting machine. */
      src = escape_take (_waymark_export_source_name (source));
      {
        g_autofree char *valid = g_utf8_make_valid (sha256 ? sha256 : "", -1);

        sha = escape_take (g_utf8_substring (valid, 0, MIN (16, g_utf8_strlen (valid, -1))));
      }
      /* Translators: a dataset in the export's appendix: name, source file, rows, import date, checksum */
      text = g_strdup_printf (_("<b>%s</b>\nSource: %s\n%'" PRId64 " rows · imported %s · SHA-256 %s…"),
                              name, src, rows, date, sha);
      add_block (self, make_text (self, text, TEXT_SIZE, PANGO_WEIGHT_NORMAL, width, 0), 0, 6);
    }

  add_heading (self, _("Metrics"), width);
  if (metrics->len == 0)
    add_block (self, make_plain (self, _("This document defines no metrics."), TEXT_SIZE,
                                 PANGO_WEIGHT_NORMAL, width, 0), 0, 4);
  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (metric));
      WaymarkObject *dataset = waymark_document_lookup (document, waymark_metric_get_dataset (metric));
      g_autofree char *source = NULL, *imported = NULL, *date = NULL, *computed = NULL;
      g_autofree char *thresholds = describe_thresholds (metric);
      g_autoptr(GString) text = g_string_new (NULL);
      g_autofree char *name = g_markup_escape_text (waymark_metric_get_name (metric), -1);
      g_autofree char *kind = g_markup_escape_text (waymark_metric_get_kind (metric), -1);
      const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
      WaymarkMetricValue *all_rows = NULL;
      const char *first = NULL, *last = NULL;
      gint64 rows = 0;
      guint n_values = 0;

      for (guint v = 0; v < values->len; v++)
        {
          WaymarkMetricValue *value = g_ptr_array_index (values, v);
          const char *period = waymark_metric_value_get_period (value);

          if (waymark_metric_value_get_metric (value) != id)
            continue;
          n_values++;
          if (*period == '\0' && waymark_metric_value_get_card (value) == 0 &&
              waymark_metric_value_get_stage (value) == 0)
            all_rows = value;
          if (*period == '\0')
            continue;
          if (first == NULL || strcmp (period, first) < 0)
            first = period;
          if (last == NULL || strcmp (period, last) > 0)
            last = period;
        }

      g_string_append_printf (text, "<b>%s</b> (%s)", name, kind);
      if (WAYMARK_IS_DATASET (dataset))
        {
          g_autofree char *file_name = NULL, *dataset_name = NULL, *column = NULL;

          g_object_get (dataset, "source", &source, "imported", &imported, "row-count", &rows, NULL);
          date = escape_take (waymark_format_timestamp (imported));
          file_name = escape_take (_waymark_export_source_name (source));
          dataset_name = g_markup_escape_text (waymark_dataset_get_name (WAYMARK_DATASET (dataset)), -1);
          column = g_markup_escape_text (waymark_metric_get_column_name (metric), -1);
          /* Translators: a metric's source in the appendix: dataset, its file, the column */
          g_string_append_printf (text, _("\nFrom %s (%s), column %s"), dataset_name, file_name, column);
          g_string_append_printf (text, _("\n%'" PRId64 " rows · imported %s"), rows, date);
        }
      if (definition != NULL)
        {
          g_autofree char *filters = waymark_metric_definition_describe_filters (definition);

          if (*filters != '\0')
            {
              g_autofree char *escaped = g_markup_escape_text (filters, -1);

              g_string_append_printf (text, _("\nOnly rows where %s"), escaped);
            }
          if (definition->condition != NULL)
            {
              g_autofree char *escaped = g_markup_escape_text (definition->condition, -1);

              g_string_append_printf (text, _("\nCounts answers %s"), escaped);
            }
        }
      if (all_rows != NULL)
        {
          g_autofree char *plain = waymark_metric_format_value (definition ? definition->kind : WAYMARK_METRIC_KIND_MEAN,
                                                                waymark_metric_value_get_value (all_rows),
                                                                definition ? definition->unit : NULL);
          g_autofree char *value_text = g_markup_escape_text (plain, -1);

          /* Translators: a metric over all rows: its value, the answers behind it */
          g_string_append_printf (text, _("\nAll rows: %s, n %'" PRId64), value_text,
                                  waymark_metric_value_get_n (all_rows));
          if (waymark_metric_value_get_moe (all_rows) > 0)
            /* Translators: a 95% margin of error, “± 2.1” */
            g_string_append_printf (text, _(", ± %.1f at 95%%"), waymark_metric_value_get_moe (all_rows));
          if (waymark_metric_value_get_excluded (all_rows) > 0)
            g_string_append_printf (text, _(", %'" PRId64 " cells excluded"), waymark_metric_value_get_excluded (all_rows));
          if (definition != NULL && waymark_metric_value_get_n (all_rows) < definition->min_n)
            g_string_append_printf (text, _(" (few answers: fewer than %d)"), definition->min_n);
        }
      if (first != NULL)
        {
          g_autofree char *from = escape_take (waymark_format_period (first));
          g_autofree char *to = escape_take (waymark_format_period (last));

          g_string_append_printf (text, _(" · periods %s to %s"), from, to);
        }
      computed = escape_take (waymark_format_timestamp (waymark_metric_get_computed (metric)));
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " · %u value computed %s",
                                                 " · %u values computed %s", n_values), n_values, computed);
      if (thresholds != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (thresholds, -1);

          g_string_append_printf (text, "\n%s", escaped);
        }
      if (*waymark_metric_get_status (metric) != '\0')
        {
          g_autofree char *escaped = g_markup_escape_text (waymark_metric_get_status (metric), -1);

          g_string_append_printf (text, _("\nStale: %s"), escaped);
        }
      add_block (self, make_text (self, text->str, TEXT_SIZE, PANGO_WEIGHT_NORMAL, width, 0), 0, 6);
    }

  for (guint i = 0; i < comments->len; i++)
    {
      WaymarkComment *comment = g_ptr_array_index (comments, i);
      gint64 card = waymark_comment_get_card (comment);
      GPtrArray *list = g_hash_table_lookup (by_card, &card);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (by_card, g_memdup2 (&card, sizeof card), list);
        }
      g_ptr_array_add (list, comment);
    }

  add_heading (self, _("Comments"), width);
  for (guint c = 0; c < n_cards; c++)
    {
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (cards[c].card));
      GPtrArray *list = g_hash_table_lookup (by_card, &id);
      g_autoptr(GString) text = NULL;
      g_autofree char *title = NULL, *where = NULL;

      if (list == NULL)
        continue;
      any_comment = TRUE;
      title = g_markup_escape_text (waymark_card_get_title (cards[c].card), -1);
      where = g_markup_printf_escaped ("%s · %s",
                                       cards[c].stage_index < n_stages ? waymark_stage_get_title (stages[cards[c].stage_index].stage) : "",
                                       cards[c].lane_index < n_lanes ? waymark_lane_get_title (lanes[cards[c].lane_index].lane) : "");
      text = g_string_new (NULL);
      g_string_append_printf (text, "<b>%s</b>  <span alpha='60%%'>%s</span>", title, where);
      for (guint k = 0; k < list->len; k++)
        {
          WaymarkComment *comment = g_ptr_array_index (list, k);
          g_autofree char *date = waymark_format_timestamp (waymark_comment_get_created (comment));
          g_autofree char *line = g_markup_printf_escaped ("\n%s, %s: %s",
                                                           *waymark_comment_get_author (comment) ? waymark_comment_get_author (comment) : _("Anonymous"),
                                                           date, waymark_comment_get_body (comment));

          g_string_append (text, line);
        }
      add_block (self, make_text (self, text->str, TEXT_SIZE, PANGO_WEIGHT_NORMAL, width, 0), 0, 6);
    }
  if (!any_comment)
    add_block (self, make_plain (self, _("No card of this map has comments."), TEXT_SIZE,
                                 PANGO_WEIGHT_NORMAL, width, 0), 0, 4);
}

static void
paginate_appendix (WaymarkPages *self,
                   double        width,
                   double        height)
{
  Page page = { WAYMARK_PAGE_APPENDIX, 1, };
  double y = 0;

  build_appendix (self, width);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      double h = layout_height (block->layout);

      /* A block taller than a page is cut to one. */
      if (h > height)
        {
          pango_layout_set_height (block->layout, (int) (height * PANGO_SCALE));
          pango_layout_set_ellipsize (block->layout, PANGO_ELLIPSIZE_END);
          h = layout_height (block->layout);
        }
      if (page.n_blocks > 0 && y + block->before + h > height)
        {
          g_array_append_val (self->pages, page);
          page.first_block = i;
          page.n_blocks = 0;
          y = 0;
        }
      y += (page.n_blocks ? block->before : 0) + h;
      page.n_blocks++;
    }
  g_array_append_val (self->pages, page);
}

/* ------------------------------------------------------------------ */
/* Pages as scenes */

/*
 * Every page is a scene of its own (waymark_scene_new_blank()), drawn by
 * the one painter: text, rules and marks are its items, and the map
 * appears on it as views of the map's scene (WAYMARK_SCENE_OP_VIEW) —
 * a tile is a view of the body and views of the header bands, clipped
 * and scaled. The legend is a scene too, shown on its page by a view.
 */

typedef struct
{
  WaymarkPages *pages;
  WaymarkScene *scene;
  cairo_t      *scratch;   /* for building paths */
  WaymarkRect   whole;     /* the scene, for items drawn in its coordinates */
} Builder;

static const WaymarkRect *
page_rect (Builder *b)
{
  return &b->whole;
}

/* A copy that cairo_path_destroy() frees. */
static cairo_path_t *
copy_path (const cairo_path_t *path)
{
  cairo_path_t *copy = malloc (sizeof *copy);

  *copy = *path;
  copy->data = malloc (sizeof (cairo_path_data_t) * MAX (1, path->num_data));
  memcpy (copy->data, path->data, sizeof (cairo_path_data_t) * path->num_data);
  return copy;
}

static WaymarkSceneItem *
put_item (Builder           *b,
          WaymarkSceneRole   role,
          const WaymarkRect *bounds)
{
  WaymarkSceneItem *item = waymark_scene_item_new (role, WAYMARK_SCENE_LAYER_BODY, 0, bounds);

  waymark_scene_add_item (b->scene, item);
  return item;
}

/* @layout at (@x, @y); returns its height. */
static double
put_text (Builder            *b,
          WaymarkSceneRole    role,
          PangoLayout        *layout,
          double              x,
          double              y,
          const WaymarkColor *color)
{
  WaymarkRect bounds = { x, y, layout_width (layout), layout_height (layout) };
  WaymarkSceneItem *item = put_item (b, role, &bounds);
  WaymarkSceneOp *op = waymark_scene_item_add_op (item, WAYMARK_SCENE_OP_TEXT);

  item->label = g_strdup (pango_layout_get_text (layout));
  op->layout = g_object_ref (layout);
  op->fill = *color;
  return bounds.height;
}

static WaymarkSceneOp *
put_rect (Builder            *b,
          WaymarkSceneRole    role,
          double              x,
          double              y,
          double              width,
          double              height,
          const WaymarkColor *fill,
          const WaymarkColor *stroke,
          double              line_width)
{
  WaymarkRect bounds = { x, y, width, height };
  WaymarkSceneItem *item = put_item (b, role, &bounds);
  WaymarkSceneOp *op = waymark_scene_item_add_op (item, WAYMARK_SCENE_OP_RECT);

  op->rect = (WaymarkRect) { 0, 0, width, height };
  if (fill != NULL)
    op->fill = *fill;
  if (stroke != NULL)
    op->stroke = *stroke;
  op->line_width = line_width;
  return op;
}

/* The path built in the scratch context, in page coordinates. */
static WaymarkSceneOp *
put_path (Builder            *b,
          WaymarkSceneRole    role,
          const WaymarkColor *fill,
          const WaymarkColor *stroke,
          double              line_width,
          double              dash)
{
  WaymarkSceneItem *item = put_item (b, role, page_rect (b));
  WaymarkSceneOp *op = waymark_scene_item_add_op (item, WAYMARK_SCENE_OP_PATH);

  op->path = cairo_copy_path (b->scratch);
  cairo_new_path (b->scratch);
  if (fill != NULL)
    op->fill = *fill;
  if (stroke != NULL)
    op->stroke = *stroke;
  op->line_width = line_width;
  op->dash = dash;
  return op;
}

/* @area of @scene's @layers, scaled by @scale into @rect. */
static WaymarkSceneView *
put_view (Builder           *b,
          WaymarkScene      *scene,
          guint              layers,
          const WaymarkRect *rect,
          const WaymarkRect *area,
          double             scale)
{
  WaymarkSceneItem *item = put_item (b, WAYMARK_SCENE_ROLE_FIGURE, rect);
  WaymarkSceneOp *op = waymark_scene_item_add_op (item, WAYMARK_SCENE_OP_VIEW);

  item->label = g_strdup (waymark_scene_get_title (scene));
  op->rect = (WaymarkRect) { 0, 0, rect->width, rect->height };
  op->view = g_new0 (WaymarkSceneView, 1);
  op->view->scene = g_object_ref (scene);
  op->view->layers = layers;
  op->view->area = *area;
  op->view->scale = scale;
  return op->view;
}

/* A view of the map. Each page draws the items it shows from the scene:
 * a recording of the whole map shared by every page would put all of its
 * text, hidden under a clip, on every page. */
static WaymarkSceneView *
put_map_view (Builder           *b,
              guint              layers,
              const WaymarkRect *rect,
              const WaymarkRect *area,
              double             scale)
{
  return put_view (b, b->pages->scene, layers, rect, area, scale);
}

static void
put_anchor (Builder                *b,
            WaymarkSceneOpType      type,
            const WaymarkRect      *rect,
            char                   *link)
{
  WaymarkSceneItem *item = put_item (b, WAYMARK_SCENE_ROLE_MARK, page_rect (b));
  WaymarkSceneOp *op = waymark_scene_item_add_op (item, type);

  op->rect = *rect;
  op->link = link;
}

#define ALL_LAYERS ((1u << WAYMARK_SCENE_N_LAYERS) - 1)

static void
build_footer (Builder    *b,
              guint       index,
              const Page *page)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  double m = self->options.margin;
  double y = self->height - m - FOOTER_SIZE * 1.4;
  g_autofree char *number = g_strdup_printf (_("Page %u of %u"), index + 1, self->pages->len);
  g_autoptr(PangoLayout) right = make_plain (self, number, FOOTER_SIZE, PANGO_WEIGHT_NORMAL, 0, 0);
  double right_w = layout_width (right);
  g_autoptr(PangoLayout) left = NULL;

  left = make_plain (self, self->footer_title, FOOTER_SIZE, PANGO_WEIGHT_NORMAL,
                     MAX (40.0, self->width - 2 * m - right_w - 80), -1);
  put_text (b, WAYMARK_SCENE_ROLE_TEXT, left, m, y, &theme->dim_text);
  put_text (b, WAYMARK_SCENE_ROLE_TEXT, right, self->width - m - right_w, y, &theme->dim_text);

  if (page->kind == WAYMARK_PAGE_STAGE)
    {
      WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
      guint n_stages;
      const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
      const char *title = page->stage < n_stages ? waymark_stage_get_title (stages[page->stage].stage) : "";
      /* Translators: a deck page's stage: “Stage 2 of 5: Purchase”; the second
       * form for the pages a tall stage continues on */
      g_autofree char *text = page->continued
                              ? g_strdup_printf (_("Stage %u of %u: %s (continued)"), page->stage + 1, n_stages, title)
                              : g_strdup_printf (_("Stage %u of %u: %s"), page->stage + 1, n_stages, title);
      g_autoptr(PangoLayout) label = make_plain (self, text, FOOTER_SIZE, PANGO_WEIGHT_BOLD,
                                                 MAX (40.0, self->width / 2 - right_w), 1);

      put_text (b, WAYMARK_SCENE_ROLE_TEXT, label, (self->width - layout_width (label)) / 2, y, &theme->dim_text);
    }
  else if (page->label != NULL)
    {
      /* Translators: which part of a poster a page holds, e.g. “Tile B2” */
      g_autofree char *text = g_strdup_printf (_("Tile %s"), page->label);
      g_autoptr(PangoLayout) label = make_plain (self, text, FOOTER_SIZE, PANGO_WEIGHT_BOLD, 0, 0);

      put_text (b, WAYMARK_SCENE_ROLE_TEXT, label, (self->width - layout_width (label)) / 2, y, &theme->dim_text);
    }
}

static void
build_marks (Builder    *b,
             const Page *page,
             double      ox,
             double      oy)
{
  WaymarkPages *self = b->pages;
  cairo_t *cr = b->scratch;
  double s = page->scale;
  double left = ox + (page->own.x - page->area.x) * s;
  double right = ox + (page->own.x + page->own.width - page->area.x) * s;
  double top = oy + (page->own.y - page->area.y) * s;
  double bottom = oy + (page->own.y + page->own.height - page->area.y) * s;
  double xs[2] = { left, right }, ys[2] = { top, bottom };
  gboolean x_inner[2] = { page->own.x > page->area.x, page->area.x + page->area.width < self->body.x + self->body.width - 0.5 };
  gboolean y_inner[2] = { page->own.y > page->area.y, page->area.y + page->area.height < self->body.y + self->body.height - 0.5 };
  double page_top = self->options.margin;
  double page_left = self->options.margin;
  double page_bottom = oy + page->area.height * s;
  double page_right = ox + page->area.width * s;
  const WaymarkColor mark = { 0, 0, 0, 0.6 }, cut_line = { 0, 0, 0, 0.35 };
  WaymarkSceneOp *op;
  gboolean any = FALSE;

  /* Where neighbouring tiles meet: a mark in the margin beyond each end of
   * the join, and a dotted line across the overlap to cut or glue along. */
  for (guint i = 0; i < 2; i++)
    if (x_inner[i])
      {
        cairo_move_to (cr, xs[i], page_top - MARK_LENGTH - 2);
        cairo_line_to (cr, xs[i], page_top - 2);
        cairo_move_to (cr, xs[i], page_bottom + 2);
        cairo_line_to (cr, xs[i], page_bottom + 2 + MARK_LENGTH * 0.6);
        any = TRUE;
      }
  for (guint i = 0; i < 2; i++)
    if (y_inner[i])
      {
        cairo_move_to (cr, page_left - MARK_LENGTH - 2, ys[i]);
        cairo_line_to (cr, page_left - 2, ys[i]);
        cairo_move_to (cr, page_right + 2, ys[i]);
        cairo_line_to (cr, page_right + 2 + MARK_LENGTH, ys[i]);
        any = TRUE;
      }
  if (!any)
    return;
  put_path (b, WAYMARK_SCENE_ROLE_MARK, NULL, &mark, 0.5, 0)->flat_ends = TRUE;

  for (guint i = 0; i < 2; i++)
    if (x_inner[i])
      {
        cairo_move_to (cr, xs[i], oy);
        cairo_line_to (cr, xs[i], page_bottom);
      }
  for (guint i = 0; i < 2; i++)
    if (y_inner[i])
      {
        cairo_move_to (cr, ox, ys[i]);
        cairo_line_to (cr, page_right, ys[i]);
      }
  op = put_path (b, WAYMARK_SCENE_ROLE_MARK, NULL, &cut_line, 0.5, 2);
  op->dash_gap = 3;
  op->flat_ends = TRUE;
}

/* The persona in a deck page's corner — the avatar as the map draws it,
 * and the name — so every page says whose journey it is. */
static void
put_persona (Builder *b,
             double   x,
             double   y,
             double   width,
             double   height)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  WaymarkPersona *persona = waymark_layout_get_persona (waymark_scene_get_layout (self->scene));
  g_autoptr(PangoLayout) name = NULL;
  const WaymarkSceneItem *item;
  WaymarkRect avatar;
  double side, scale;
  int index;

  if (persona == NULL ||
      (index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_PERSONA,
                                        waymark_object_get_id (WAYMARK_OBJECT (persona)))) < 0)
    return;
  item = waymark_scene_get_item (self->scene, (guint) index);
  /* The avatar is the item's first 56 points. */
  avatar = (WaymarkRect) { item->bounds.x, item->bounds.y, MIN (56.0, item->bounds.width), item->bounds.height };
  name = make_plain (self, waymark_persona_get_name (persona), 9, PANGO_WEIGHT_BOLD, width - 16, 2);
  side = MIN (height - layout_height (name) - 12, width - 16);
  if (side < 12)
    return;
  scale = side / MAX (avatar.width, avatar.height);
  put_view (b, self->scene, 1u << WAYMARK_SCENE_LAYER_BODY,
            &(WaymarkRect) { x + (width - avatar.width * scale) / 2, y + 4, avatar.width * scale, avatar.height * scale },
            &avatar, scale)->min_text = WAYMARK_EXPORT_LEGIBLE_TEXT;
  put_text (b, WAYMARK_SCENE_ROLE_TEXT, name, x + (width - layout_width (name)) / 2,
            y + 8 + avatar.height * scale, &theme->dim_text);
}

/* A poster's tile or a deck's stage page: the map's body, with the stage
 * and lane headers repeated along the top and down the left. */
static void
build_tile (Builder    *b,
            guint       index,
            const Page *page)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  double s = page->scale;
  double m = self->options.margin;
  double cw = self->corner_width * s, hh = self->header_height * s;
  double bw = page->area.width * s, bh = page->area.height * s;
  WaymarkRect stage_band = { page->area.x, self->header_top, page->area.width, self->header_height };
  WaymarkRect lane_band = { WAYMARK_LAYOUT_MARGIN, page->area.y, self->corner_width, page->area.height };
  WaymarkRect corner = { WAYMARK_LAYOUT_MARGIN, self->header_top, self->corner_width, self->header_height };
  WaymarkRect origin = { 0, 0, 0, 0 };
  WaymarkSceneView *view;
  double ox = m + cw;
  double oy = m + hh;

  /* Links from the overview land here. */
  put_anchor (b, WAYMARK_SCENE_OP_DEST, &origin, g_strdup_printf ("page-%u", index + 1));

  /* A stage sits in the middle of the paper. */
  if (page->kind == WAYMARK_PAGE_STAGE)
    ox += MAX (0, (self->width - 2 * m - cw - bw) / 2);

  /* Text goes where the paper shows it whole, or, cut by the page's
   * edge, on the page whose part it is in: never hidden under a header
   * or outside the page. */
  view = put_map_view (b, 1u << WAYMARK_SCENE_LAYER_BODY,
                       &(WaymarkRect) { ox, oy, bw, bh }, &page->area, s);
  view->background = TRUE;
  view->text = WAYMARK_SCENE_TEXT_OWNED;
  view->own = page->own;
  view = put_map_view (b, 1u << WAYMARK_SCENE_LAYER_STAGE_HEADERS,
                       &(WaymarkRect) { ox, oy - hh, bw, hh }, &stage_band, s);
  view->sticky = TRUE;
  view->text = WAYMARK_SCENE_TEXT_VISIBLE;
  view = put_map_view (b, 1u << WAYMARK_SCENE_LAYER_LANE_HEADERS,
                       &(WaymarkRect) { ox - cw, oy, cw, bh }, &lane_band, s);
  view->sticky = TRUE;
  view->text = WAYMARK_SCENE_TEXT_VISIBLE;
  view = put_map_view (b, 1u << WAYMARK_SCENE_LAYER_CORNER,
                       &(WaymarkRect) { ox - cw, oy - hh, cw, hh }, &corner, s);
  view->text = WAYMARK_SCENE_TEXT_VISIBLE;

  if (page->kind == WAYMARK_PAGE_STAGE)
    put_persona (b, ox - cw, oy - hh, cw, hh);
  else if (page->label != NULL)
    {
      /* The tile's name in the corner, where a poster's reader looks for it. */
      g_autoptr(PangoLayout) label = make_plain (self, page->label, MIN (28.0, hh * 0.45),
                                                 PANGO_WEIGHT_BOLD, 0, 0);

      put_text (b, WAYMARK_SCENE_ROLE_HEADING, label, ox - cw + (cw - layout_width (label)) / 2,
                oy - hh + (hh - layout_height (label)) / 2, &theme->dim_text);
    }

  if (page->kind == WAYMARK_PAGE_TILE)
    build_marks (b, page, ox, oy);
}

static void
build_fitted_map (Builder    *b,
                  const Page *page)
{
  WaymarkPages *self = b->pages;
  double m = self->options.margin;
  double w, h;
  WaymarkSceneView *view;

  waymark_scene_get_size (self->scene, &w, &h);
  view = put_map_view (b, ALL_LAYERS,
                       &(WaymarkRect) { m + (self->width - 2 * m - w * page->scale) / 2, m,
                                        w * page->scale, h * page->scale },
                       &(WaymarkRect) { 0, 0, w, h }, page->scale);
  view->background = TRUE;
  /* Asked to fit a map too large to read: text under a point is left
   * out rather than printed as specks. */
  view->min_text = 1;
}

/* Above this many items a miniature of the map is an image: thousands of
 * cards a few points wide cost megabytes and seconds as vectors. */
#define MINIATURE_VECTOR_ITEMS 3000
#define MINIATURE_DPI          200.0

static double
miniature_dpi (WaymarkPages *self)
{
  return waymark_scene_get_n_items (self->scene) > MINIATURE_VECTOR_ITEMS ? MINIATURE_DPI : 0;
}

static void
build_overview (Builder *b)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  double m = self->options.margin;
  double avail_w = self->width - 2 * m;
  double avail_h = self->height - 2 * m - FOOTER_HEIGHT;
  g_autofree char *heading_text = g_strdup_printf (_("%s — overview"), self->map_title);
  g_autoptr(PangoLayout) heading = make_plain (self, heading_text, HEADING_SIZE, PANGO_WEIGHT_BOLD, avail_w, 2);
  g_autofree char *note_text = NULL;
  g_autoptr(PangoLayout) note = NULL;
  const WaymarkColor tint = { theme->accent.red, theme->accent.green, theme->accent.blue, 0.06 };
  const WaymarkColor veil = { 1, 1, 1, 0.85 };
  double y = m, w, h, scale, ox;
  WaymarkSceneView *view;

  y += put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, m, y, &theme->text) + 4;
  if (self->mode == WAYMARK_EXPORT_MODE_DECK)
    note_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "A page for each stage, %u page in all; a stage too tall for one page goes on over the next. Each page repeats the stage and lane headers.",
                                              "A page for each stage, %u pages in all; a stage too tall for one page goes on over the next. Each page repeats the stage and lane headers.",
                                              self->n_tiles),
                                 self->n_tiles);
  else
    note_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "The map at %.0f%% on %u page, %u across and up to %u down. Each page repeats the stage and lane headers; dotted lines and marks show where pages overlap.",
                                              "The map at %.0f%% on %u pages, %u across and up to %u down. Each page repeats the stage and lane headers; dotted lines and marks show where pages overlap.",
                                              self->n_tiles),
                                 self->body_scale * 100, self->n_tiles, self->columns, self->rows);
  note = make_plain (self, note_text, TEXT_SIZE, PANGO_WEIGHT_NORMAL, avail_w, 3);
  y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, note, m, y, &theme->dim_text) + 12;

  waymark_scene_get_size (self->scene, &w, &h);
  scale = MIN (avail_w / w, (m + avail_h - y) / h);
  ox = m + (avail_w - w * scale) / 2;

  view = put_map_view (b, ALL_LAYERS, &(WaymarkRect) { ox, y, w * scale, h * scale },
                       &(WaymarkRect) { 0, 0, w, h }, scale);
  view->background = TRUE;
  /* A map of the pages: text too small to read is left to them. */
  view->min_text = WAYMARK_EXPORT_LEGIBLE_TEXT;
  view->raster_dpi = miniature_dpi (self);

  for (guint i = 0; i < self->pages->len; i++)
    {
      const Page *page = &g_array_index (self->pages, Page, i);
      double x0, y0, x1, y1;
      g_autofree char *text = NULL;
      g_autoptr(PangoLayout) label = NULL;

      if (page->kind != WAYMARK_PAGE_TILE && page->kind != WAYMARK_PAGE_STAGE)
        continue;
      /* The whole of the page's part, headers included at the map's edges. */
      x0 = ox + page->own.x * scale;
      x1 = ox + (page->own.x + page->own.width) * scale;
      y0 = y + page->own.y * scale;
      y1 = y + (page->own.y + page->own.height) * scale;
      if (page->own.x <= self->body.x)
        x0 = ox + WAYMARK_LAYOUT_MARGIN * scale;
      if (page->own.y <= self->body.y)
        y0 = y + self->header_top * scale;

      put_rect (b, WAYMARK_SCENE_ROLE_MARK, x0, y0, x1 - x0, y1 - y0, &tint, &theme->accent, 1.25);

      text = g_strdup_printf (_("%s · p. %u"), page->label, i + 1);
      label = make_plain (self, text, CLAMP (MIN (x1 - x0, y1 - y0) / 5, 6.0, 16.0), PANGO_WEIGHT_BOLD, 0, 0);
      {
        double lw = layout_width (label), lh = layout_height (label);
        double lx = (x0 + x1 - lw) / 2, ly = (y0 + y1 - lh) / 2;

        put_rect (b, WAYMARK_SCENE_ROLE_MARK, lx - 3, ly - 1, lw + 6, lh + 2, &veil, NULL, 0);
        put_text (b, WAYMARK_SCENE_ROLE_TEXT, label, lx, ly, &theme->accent);
      }

      /* In a PDF the part is a link to its page. */
      put_anchor (b, WAYMARK_SCENE_OP_LINK, &(WaymarkRect) { x0, y0, x1 - x0, y1 - y0 },
                  g_strdup_printf ("#page-%u", i + 1));
    }
}

static void
build_cover (Builder *b)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  WaymarkDocument *document = get_document (self);
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  WaymarkObject *map = waymark_document_lookup (document, waymark_layout_get_map (layout));
  WaymarkPersona *persona = waymark_layout_get_persona (layout);
  double m = self->options.margin;
  double width = MIN (self->width - 4 * m, 640);
  double x = (self->width - width) / 2;
  double y = self->height * 0.24;
  const char *scenario = waymark_map_get_scenario (WAYMARK_MAP (map));
  const char *doc_title = waymark_document_get_title (document);
  const char *author = waymark_document_get_author (document);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = waymark_format_day (now);
  g_autoptr(PangoLayout) title = make_plain (self, self->map_title, 34, PANGO_WEIGHT_BOLD, width, 4);
  PangoLayoutLine *first_line = pango_layout_get_line_readonly (title, 0);
  /* A right-to-left title (Hebrew, Arabic) mirrors the cover: the rule
   * above it and the persona's picture on the right. */
  gboolean rtl = first_line != NULL && first_line->resolved_dir == PANGO_DIRECTION_RTL;

  put_rect (b, WAYMARK_SCENE_ROLE_MARK, rtl ? x + width - 64 : x, y - 18, 64, 5, &theme->accent, NULL, 0);

  if (*doc_title != '\0' && g_strcmp0 (doc_title, self->map_title) != 0)
    {
      g_autoptr(PangoLayout) sub = make_plain (self, doc_title, 14, PANGO_WEIGHT_NORMAL, width, 2);

      y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, sub, x, y, &theme->dim_text) + 6;
    }
  y += put_text (b, WAYMARK_SCENE_ROLE_HEADING, title, x, y, &theme->text) + 10;
  if (*scenario != '\0')
    {
      g_autoptr(PangoLayout) text = make_plain (self, scenario, 15, PANGO_WEIGHT_NORMAL, width, 6);

      y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, text, x, y, &theme->dim_text) + 10;
    }

  if (persona != NULL)
    {
      g_autoptr(GString) markup = g_string_new (NULL);
      g_autofree char *name = g_markup_escape_text (waymark_persona_get_name (persona), -1);
      g_autofree char *role = g_markup_escape_text (waymark_persona_get_role (persona), -1);
      g_autofree char *quote = g_markup_escape_text (waymark_persona_get_quote (persona), -1);
      g_autofree char *goals = g_markup_escape_text (waymark_persona_get_goals (persona), -1);
      g_autofree char *pains = g_markup_escape_text (waymark_persona_get_frustrations (persona), -1);
      g_autoptr(PangoLayout) text = NULL;
      int index = waymark_scene_find_item (self->scene, WAYMARK_SCENE_ROLE_PERSONA,
                                           waymark_object_get_id (WAYMARK_OBJECT (persona)));
      double avatar = 56;

      y += 24;
      g_string_append_printf (markup, _("<span size='larger'><b>Persona: %s</b></span>"), name);
      if (*role)
        g_string_append_printf (markup, "\n%s", role);
      if (*quote)
        g_string_append_printf (markup, _("\n<i>“%s”</i>"), quote);
      if (*goals)
        g_string_append_printf (markup, _("\n<b>Goals:</b> %s"), goals);
      if (*pains)
        g_string_append_printf (markup, _("\n<b>Frustrations:</b> %s"), pains);
      text = make_text (self, markup->str, 12, PANGO_WEIGHT_NORMAL, width - avatar - 16, 12);

      /* The avatar exactly as the map draws it: the persona item less its
       * last operation (the name beside it). */
      if (index >= 0)
        {
          const WaymarkSceneItem *persona_item = waymark_scene_get_item (self->scene, (guint) index);

          if (persona_item->ops->len >= 2)
            {
              WaymarkSceneItem *item = put_item (b, WAYMARK_SCENE_ROLE_FIGURE,
                                                 &(WaymarkRect) { rtl ? x + width - avatar : x, y, avatar, avatar });

              item->label = g_strdup (waymark_persona_get_name (persona));
              for (guint i = 0; i + 1 < persona_item->ops->len; i++)
                {
                  const WaymarkSceneOp *from = &g_array_index (persona_item->ops, WaymarkSceneOp, i);
                  WaymarkSceneOp *op = waymark_scene_item_add_op (item, from->type);

                  *op = *from;
                  op->path = from->path ? copy_path (from->path) : NULL;
                  op->layout = from->layout ? g_object_ref (from->layout) : NULL;
                  op->image = from->image ? cairo_surface_reference (from->image) : NULL;
                  op->image_data = from->image_data ? g_bytes_ref (from->image_data) : NULL;
                  op->view = NULL;
                  op->link = NULL;
                }
            }
        }
      y += MAX (avatar, put_text (b, WAYMARK_SCENE_ROLE_TEXT, text, rtl ? x : x + avatar + 16, y, &theme->text));
    }

  {
    g_autoptr(GString) markup = g_string_new (NULL);
    g_autoptr(PangoLayout) text = NULL;
    g_autofree char *escaped_author = g_markup_escape_text (author, -1);

    if (*author != '\0')
      g_string_append_printf (markup, _("Author: %s\n"), escaped_author);
    g_string_append_printf (markup, _("Exported on %s with Waymark"), today);
    text = make_text (self, markup->str, 11, PANGO_WEIGHT_NORMAL, width, 0);
    put_text (b, WAYMARK_SCENE_ROLE_TEXT, text, x, MAX (y + 24, self->height - m - 24 - layout_height (text)),
              &theme->dim_text);
  }
}

/* A group of the legend: a heading and its rows, from the scene's legend
 * (@first, @n items) or made here (@extra). */
typedef struct
{
  guint  first;
  guint  n;
  double top;
  double height;
  int    extra;
} LegendGroup;

enum { EXTRA_NONE, EXTRA_METRICS };

#define LEGEND_COLUMN 230.0
#define LEGEND_GAP    28.0
#define LEGEND_ROW    26.0

static void
legend_heading (Builder    *b,
                double      x,
                double      y,
                const char *text)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  g_autoptr(PangoLayout) heading = make_plain (self, text, 12, PANGO_WEIGHT_BOLD, LEGEND_COLUMN, 1);

  put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, x, y + 4, &theme->dim_text);
}

static void
legend_label (Builder    *b,
              double      x,
              double      y,
              const char *text,
              int         lines)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  g_autoptr(PangoLayout) label = make_plain (self, text, lines > 1 ? 10 : 12, PANGO_WEIGHT_NORMAL,
                                             LEGEND_COLUMN - 40, lines);

  put_text (b, WAYMARK_SCENE_ROLE_TEXT, label, x + 40, y + (lines > 1 ? 0 : (22 - layout_height (label)) / 2),
            &theme->text);
}

/* What only paper needs beside the scene's legend: how an opportunity's
 * ring fills, and each metric's target and thresholds. Made at (@x, @y)
 * when @b is set; returns the group's height either way. */
static double
build_extra (WaymarkPages *self,
             Builder      *b,
             int           extra,
             double        x,
             double        y0)
{
  GPtrArray *metrics = waymark_document_get_items (get_document (self), WAYMARK_TYPE_METRIC);
  double y = LEGEND_ROW;

  if (b)
    legend_heading (b, x, y0, _("Metric thresholds"));
  if (metrics->len == 0)
    {
      if (b)
        legend_label (b, x, y0 + y, _("This document defines no metrics."), 1);
      return y + LEGEND_ROW;
    }
  for (guint i = 0; i < metrics->len; i++, y += LEGEND_ROW + 6)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, i);
      g_autofree char *thresholds = describe_thresholds (metric);
      g_autofree char *text = g_strdup_printf ("%s (%s): %s", waymark_metric_get_name (metric),
                                               waymark_metric_get_kind (metric),
                                               thresholds ? thresholds : _("no target or thresholds set"));
      if (!b)
        continue;
      legend_label (b, x - 40, y0 + y, text, 2);
    }
  return y;
}

/*
 * The legend: the scene's own key (waymark_scene_build_legend(), the items
 * the canvas shows in its legend), its groups flowed into columns, then
 * the groups only paper needs — a scene of its own, which its page shows
 * scaled down if the page is small.
 */
static void
build_legend (Builder *b)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  double m = self->options.margin;
  double avail_w = self->width - 2 * m;
  double avail_h = self->height - 2 * m - FOOTER_HEIGHT;
  double legend_h = 0, top, scale = 1, used_w = 0, used_h = 0;
  g_autoptr(GPtrArray) items = waymark_scene_build_legend (self->scene, LEGEND_COLUMN, &legend_h);
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (LegendGroup));
  g_autoptr(PangoLayout) heading = make_plain (self, _("Legend"), HEADING_SIZE, PANGO_WEIGHT_BOLD, avail_w, 1);
  g_autoptr(WaymarkScene) legend = NULL;
  g_autofree double *xs = NULL, *ys = NULL;
  g_autofree WaymarkSceneItem **stolen = NULL;
  Builder inner;

  for (guint i = 0; i < items->len; i++)
    {
      const WaymarkSceneItem *item = g_ptr_array_index (items, i);

      if (item->role == WAYMARK_SCENE_ROLE_TITLE || groups->len == 0)
        {
          LegendGroup group = { i, 0, item->bounds.y, 0, EXTRA_NONE };

          g_array_append_val (groups, group);
        }
      {
        LegendGroup *group = &g_array_index (groups, LegendGroup, groups->len - 1);

        group->n++;
        group->height = item->bounds.y + item->bounds.height - group->top;
      }
    }
  for (int extra = EXTRA_METRICS; extra <= EXTRA_METRICS; extra++)
    {
      LegendGroup group = { 0, 0, 0, build_extra (self, NULL, extra, 0, 0), extra };

      g_array_append_val (groups, group);
    }

  top = put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, m, m, &theme->text) + 16;
  xs = g_new (double, groups->len);
  ys = g_new (double, groups->len);

  /* Columns left to right, a group moving on when it does not fit; the
   * scale shrinks until every group fits. */
  for (guint attempt = 0; attempt < 12; attempt++, scale *= 0.9)
    {
      double height = (avail_h - top) / scale;
      double width = avail_w / scale;
      double x = 0, y = 0;
      gboolean fits = TRUE;

      used_w = used_h = 0;
      for (guint g = 0; g < groups->len && fits; g++)
        {
          LegendGroup *group = &g_array_index (groups, LegendGroup, g);

          if (y > 0 && y + group->height > height)
            {
              x += LEGEND_COLUMN + LEGEND_GAP;
              y = 0;
            }
          fits = x + LEGEND_COLUMN <= width || x == 0;
          xs[g] = x;
          ys[g] = y;
          used_w = MAX (used_w, x + LEGEND_COLUMN);
          used_h = MAX (used_h, y + group->height);
          y += group->height + 12;
        }
      if (fits)
        break;
    }

  /* The legend's own scene: each group at its place in the columns. */
  legend = waymark_scene_new_blank (used_w, used_h, theme);
  inner = (Builder) { self, legend, b->scratch, { 0, 0, used_w, used_h } };
  /* Every item of the scene's legend is in exactly one group. */
  stolen = (WaymarkSceneItem **) g_ptr_array_steal (items, NULL);
  for (guint g = 0; g < groups->len; g++)
    {
      LegendGroup *group = &g_array_index (groups, LegendGroup, g);

      if (group->extra != EXTRA_NONE)
        build_extra (self, &inner, group->extra, xs[g], ys[g]);
      for (guint i = group->first; i < group->first + group->n; i++)
        {
          WaymarkSceneItem *item = stolen[i];

          item->bounds.x += xs[g];
          item->bounds.y += ys[g] - group->top;
          waymark_scene_add_item (legend, item);
        }
    }

  put_view (b, legend, ALL_LAYERS, &(WaymarkRect) { m, m + top, used_w * scale, used_h * scale },
            &(WaymarkRect) { 0, 0, used_w, used_h }, scale);
}

/* ------------------------------------------------------------------ */
/* The executive summary */

#define SUMMARY_TEXT   9.5
#define SUMMARY_LIST   5
#define SUMMARY_WEAK   3

typedef struct
{
  const WaymarkLayoutCard  *card;
  const WaymarkLayoutBadge *badge;
  double                    target;
  double                    shortfall;  /* below target, relative to it; more is worse */
} Weak;

static int
compare_weak (gconstpointer a,
              gconstpointer b)
{
  const Weak *x = a, *y = b;

  if (x->badge->rating != y->badge->rating)
    return y->badge->rating - x->badge->rating;
  return (x->shortfall < y->shortfall) - (x->shortfall > y->shortfall);
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const WaymarkLayoutCard *x = *(const WaymarkLayoutCard * const *) a;
  const WaymarkLayoutCard *y = *(const WaymarkLayoutCard * const *) b;

  return waymark_card_get_severity (y->card) - waymark_card_get_severity (x->card);
}

/* “Title · Stage” in markup, for a list on the summary. */
static char *
summary_card_markup (WaymarkPages            *self,
                     const WaymarkLayoutCard *card)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_stages;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const char *stage = card->stage_index < n_stages ? waymark_stage_get_title (stages[card->stage_index].stage) : "";
  const char *title = waymark_card_get_title (card->card);

  return g_markup_printf_escaped ("<b>%s</b>  <span alpha='70%%'>%s</span>",
                                  *title ? title : _("Untitled card"), stage);
}

/* A titled list of @items (markup) in a column @width wide at @x, @y;
 * @empty when there are none. Returns the height used. */
static double
summary_list (Builder    *b,
              const char *title,
              GPtrArray  *items,
              const char *empty,
              double      x,
              double      y,
              double      width)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  g_autoptr(PangoLayout) heading = make_plain (self, title, SECTION_SIZE, PANGO_WEIGHT_BOLD, width, 2);
  double top = y;

  y += put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, x, y, &theme->text) + 6;
  put_rect (b, WAYMARK_SCENE_ROLE_MARK, x, y - 3, width, 0.75, &theme->grid, NULL, 0);
  y += 2;
  if (items->len == 0)
    {
      g_autoptr(PangoLayout) text = make_plain (self, empty, SUMMARY_TEXT, PANGO_WEIGHT_NORMAL, width, 3);

      y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, text, x, y, &theme->dim_text);
    }
  for (guint i = 0; i < items->len; i++)
    {
      g_autoptr(PangoLayout) text = make_text (self, g_ptr_array_index (items, i), SUMMARY_TEXT,
                                               PANGO_WEIGHT_NORMAL, width, 4);

      y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, text, x, y, &theme->text) + 6;
    }
  return y - top;
}

/* The emotion curve of the map's first emotion lane as a chart: a point
 * per stage with a score, the stages' names below. */
static double
summary_emotions (Builder *b,
                  double   x,
                  double   y,
                  double   width)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_stages, n_lanes, n_emotions, lane = G_MAXUINT, n_points = 0;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  const WaymarkLayoutEmotion *emotions = waymark_layout_get_emotions (layout, &n_emotions);
  g_autofree double *sum = g_new0 (double, n_stages);
  g_autofree guint *count = g_new0 (guint, n_stages);
  g_autoptr(PangoLayout) heading = make_plain (self, _("Emotion through the journey"), SECTION_SIZE,
                                               PANGO_WEIGHT_BOLD, width, 1);
  double top = y, chart_h = 84, column = width / n_stages, label_every;
  gboolean started = FALSE;

  for (guint l = 0; l < n_lanes && lane == G_MAXUINT; l++)
    if (lanes[l].is_emotion)
      lane = l;
  for (guint e = 0; e < n_emotions; e++)
    if (emotions[e].lane_index == lane && emotions[e].stage_index < n_stages)
      {
        sum[emotions[e].stage_index] += emotions[e].score;
        count[emotions[e].stage_index]++;
      }
  for (guint s = 0; s < n_stages; s++)
    n_points += count[s] > 0;
  if (n_points == 0)
    return 0;

  y += put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, x, y, &theme->text) + 6;

  /* The scale's ends and middle named in a gutter on the left. */
  {
    const char *names[] = { N_("Positive"), N_("Neutral"), N_("Negative") };
    double gutter = 0;

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autoptr(PangoLayout) name = make_plain (self, _(names[i]), 7.5, PANGO_WEIGHT_NORMAL, 0, 0);

        gutter = MAX (gutter, layout_width (name) + 8);
        put_text (b, WAYMARK_SCENE_ROLE_TEXT, name, x, y + chart_h * i / 2 - layout_height (name) / 2,
                  &theme->dim_text);
      }
    x += gutter;
    width -= gutter;
    column = width / n_stages;
  }

  /* The band of each score, faint; the neutral line a little stronger. */
  {
    WaymarkColor band = theme->grid;

    band.alpha *= 0.5;
    for (int score = WAYMARK_EDIT_EMOTION_MIN; score <= WAYMARK_EDIT_EMOTION_MAX; score++)
      {
        double ly = y + chart_h * (WAYMARK_EDIT_EMOTION_MAX - score) / (WAYMARK_EDIT_EMOTION_MAX - WAYMARK_EDIT_EMOTION_MIN);

        put_rect (b, WAYMARK_SCENE_ROLE_MARK, x, ly, width, score == 0 ? 1 : 0.5,
                  score == 0 ? &theme->grid : &band, NULL, 0);
      }
  }

  for (guint s = 0; s < n_stages; s++)
    {
      double cx = x + column * (s + 0.5);
      double score, cy;

      if (count[s] == 0)
        continue;
      score = sum[s] / count[s];
      cy = y + chart_h * (WAYMARK_EDIT_EMOTION_MAX - score) / (WAYMARK_EDIT_EMOTION_MAX - WAYMARK_EDIT_EMOTION_MIN);
      if (!started)
        cairo_move_to (b->scratch, cx, cy);
      else
        cairo_line_to (b->scratch, cx, cy);
      started = TRUE;
    }
  put_path (b, WAYMARK_SCENE_ROLE_FIGURE, NULL, &theme->curve, 2, 0);

  for (guint s = 0; s < n_stages; s++)
    {
      double cx = x + column * (s + 0.5), score, cy, r = MIN (5.0, column / 3);
      WaymarkColor color;

      if (count[s] == 0)
        continue;
      score = sum[s] / count[s];
      cy = y + chart_h * (WAYMARK_EDIT_EMOTION_MAX - score) / (WAYMARK_EDIT_EMOTION_MAX - WAYMARK_EDIT_EMOTION_MIN);
      color = waymark_theme_get_emotion_color (theme, (int) lround (score));
      cairo_arc (b->scratch, cx, cy, r, 0, 2 * G_PI);
      put_path (b, WAYMARK_SCENE_ROLE_FIGURE, &color, &theme->card, 1, 0);
    }
  y += chart_h + 6;

  /* The stages' names under their points; every k-th when they are many. */
  label_every = ceil (48.0 / MAX (column, 1));
  {
    double label_h = 0;

    for (guint s = 0; s < n_stages; s += (guint) label_every)
      {
        g_autoptr(PangoLayout) name = make_plain (self, waymark_stage_get_title (stages[s].stage), 7.5,
                                                  PANGO_WEIGHT_NORMAL, column * label_every - 4, 2);

        pango_layout_set_alignment (name, PANGO_ALIGN_CENTER);
        label_h = MAX (label_h, put_text (b, WAYMARK_SCENE_ROLE_TEXT, name,
                                          x + column * (s + 0.5) - (column * label_every - 4) / 2, y,
                                          &theme->dim_text));
      }
    y += label_h;
  }
  return y - top;
}

/* One page for someone who reads nothing else: the map in miniature, the
 * emotion curve, the weakest touchpoints against their targets, the worst
 * pain points, the opportunities and who owns them, and where the numbers
 * come from. */
static void
build_summary (Builder *b)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  WaymarkDocument *document = get_document (self);
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_cards, n_stages;
  const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  double m = self->options.margin;
  double avail_w = self->width - 2 * m;
  double bottom = self->height - m - FOOTER_HEIGHT;
  g_autofree char *heading_text = g_strdup_printf (_("Summary: %s"), self->map_title);
  g_autoptr(PangoLayout) heading = make_plain (self, heading_text, HEADING_SIZE, PANGO_WEIGHT_BOLD, avail_w, 2);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = waymark_format_day (now);
  g_autofree char *facts = NULL;
  g_autoptr(PangoLayout) facts_text = NULL;
  g_autoptr(GArray) weak = g_array_new (FALSE, FALSE, sizeof (Weak));
  g_autoptr(GPtrArray) pains = g_ptr_array_new ();
  g_autoptr(GPtrArray) opportunities = g_ptr_array_new ();
  g_autoptr(GPtrArray) weak_items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pain_items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) opportunity_items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sources = g_string_new (NULL);
  double y = m, w, h, scale, column_w, gap = 18, lists_h = 0, sources_h;
  g_autoptr(PangoLayout) sources_text = NULL;
  WaymarkSceneView *view;
  gboolean rtl;

  waymark_layout_get_stages (layout, &n_stages);
  {
    /* The language's direction, from how one of its own phrases reads. */
    g_autoptr(PangoLayout) probe = make_plain (self, _("Weakest touchpoints"), TEXT_SIZE, PANGO_WEIGHT_NORMAL, 0, 0);
    PangoLayoutLine *line = pango_layout_get_line_readonly (probe, 0);

    rtl = line != NULL && line->resolved_dir == PANGO_DIRECTION_RTL;
  }
  y += put_text (b, WAYMARK_SCENE_ROLE_HEADING, heading, m, y, &theme->text) + 2;
  facts = g_strdup_printf (_("%u stages · %u cards · exported on %s"), n_stages, n_cards, today);
  facts_text = make_plain (self, facts, TEXT_SIZE, PANGO_WEIGHT_NORMAL, avail_w, 1);
  y += put_text (b, WAYMARK_SCENE_ROLE_TEXT, facts_text, m, y, &theme->dim_text) + 12;

  /* What the lists hold. */
  for (guint c = 0; c < n_cards; c++)
    {
      const char *kind = waymark_card_get_kind (cards[c].card);

      if (g_str_equal (kind, "pain-point"))
        g_ptr_array_add (pains, (gpointer) &cards[c]);
      else if (g_str_equal (kind, "opportunity"))
        g_ptr_array_add (opportunities, (gpointer) &cards[c]);
      for (guint k = 0; cards[c].badges != NULL && k < cards[c].badges->len; k++)
        {
          const WaymarkLayoutBadge *badge = g_ptr_array_index (cards[c].badges, k);
          WaymarkObject *metric = waymark_document_lookup (document, badge->metric);
          const WaymarkMetricDefinition *definition = WAYMARK_IS_METRIC (metric) ? waymark_metric_get_definition (WAYMARK_METRIC (metric)) : NULL;
          Weak entry = { &cards[c], badge, NAN, 0 };

          if (definition == NULL || isnan (badge->value) ||
              (isnan (definition->target) && badge->rating == WAYMARK_METRIC_RATING_NONE))
            continue;
          entry.target = definition->target;
          if (!isnan (definition->target))
            entry.shortfall = (definition->direction == WAYMARK_METRIC_LOWER_IS_BETTER ? badge->value - definition->target
                                                                                         : definition->target - badge->value) /
                              MAX (fabs (definition->target), 1.0);
          /* Only what misses its target or rates below good. */
          if (entry.shortfall <= 0 && badge->rating != WAYMARK_METRIC_RATING_BAD &&
              badge->rating != WAYMARK_METRIC_RATING_WARNING)
            continue;
          g_array_append_val (weak, entry);
        }
    }
  g_array_sort (weak, compare_weak);
  for (guint i = 0; i < MIN (weak->len, SUMMARY_WEAK); i++)
    {
      const Weak *entry = &g_array_index (weak, Weak, i);
      WaymarkObject *metric = waymark_document_lookup (document, entry->badge->metric);
      const WaymarkMetricDefinition *definition = waymark_metric_get_definition (WAYMARK_METRIC (metric));
      g_autofree char *card = summary_card_markup (self, entry->card);
      g_autofree char *target = isnan (entry->target) ? NULL : waymark_metric_format_value (definition->kind, entry->target, definition->unit);
      g_autofree char *line = NULL;

      /* The badge as the map shows it: the metric's name, value and n. */
      if (target != NULL)
        /* Translators: a weak touchpoint: its badge on the map (“NPS −19 n 103”), the metric's target */
        line = g_markup_printf_escaped (_("%s, target %s"), pango_layout_get_text (entry->badge->text), target);
      else
        line = g_markup_printf_escaped ("%s", pango_layout_get_text (entry->badge->text));
      g_ptr_array_add (weak_items, g_strdup_printf ("%s\n%s", card, line));
    }

  g_ptr_array_sort (pains, compare_severity);
  for (guint i = 0; i < MIN (pains->len, SUMMARY_LIST); i++)
    {
      const WaymarkLayoutCard *card = g_ptr_array_index (pains, i);
      g_autofree char *title = summary_card_markup (self, card);
      int severity = waymark_card_get_severity (card->card);

      if (severity > 0)
        /* Translators: a pain point on the summary, its title and severity from 1 to 5 */
        g_ptr_array_add (pain_items, g_strdup_printf (_("%s\nSeverity %d of 5"), title, severity));
      else
        g_ptr_array_add (pain_items, g_steal_pointer (&title));
    }
  if (pains->len > SUMMARY_LIST)
    g_ptr_array_add (pain_items, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<i>and %u more</i>", "<i>and %u more</i>",
                                                               pains->len - SUMMARY_LIST), pains->len - SUMMARY_LIST));

  for (guint i = 0; i < MIN (opportunities->len, SUMMARY_LIST); i++)
    {
      const WaymarkLayoutCard *card = g_ptr_array_index (opportunities, i);
      g_autofree char *title = summary_card_markup (self, card);
      const char *owner = waymark_card_get_owner (card->card);
      const char *status = waymark_card_get_status (card->card);
      g_autofree char *who = NULL;

      if (*owner && *status)
        /* Translators: an opportunity's owner and status */
        who = g_markup_printf_escaped (_("Owner: %s · %s"), owner, status);
      else if (*owner)
        who = g_markup_printf_escaped (_("Owner: %s"), owner);
      else if (*status)
        who = g_markup_printf_escaped (_("No owner yet · %s"), status);
      else
        who = g_strdup (_("No owner yet"));
      g_ptr_array_add (opportunity_items, g_strdup_printf ("%s\n%s", title, who));
    }
  if (opportunities->len > SUMMARY_LIST)
    g_ptr_array_add (opportunity_items, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "<i>and %u more</i>", "<i>and %u more</i>",
                                                                      opportunities->len - SUMMARY_LIST),
                                                         opportunities->len - SUMMARY_LIST));

  /* Where the numbers come from, by file name. */
  if (datasets->len == 0)
    g_string_append (sources, _("No data was imported into this document."));
  else
    g_string_append (sources, _("<b>Data:</b> "));
  for (guint i = 0; i < datasets->len; i++)
    {
      WaymarkDataset *dataset = g_ptr_array_index (datasets, i);
      g_autofree char *source = NULL, *imported = NULL, *date = NULL, *file = NULL;
      g_autofree char *entry = NULL;
      gint64 rows = 0;

      g_object_get (dataset, "source", &source, "imported", &imported, "row-count", &rows, NULL);
      date = waymark_format_timestamp (imported);
      file = _waymark_export_source_name (source);
      /* Translators: a data source on the summary: name, file, rows, import date */
      entry = g_markup_printf_escaped (_("%s (%s, %'" PRId64 " rows, imported %s)"),
                                       waymark_dataset_get_name (dataset), file, rows, date);
      if (i > 0)
        g_string_append (sources, "; ");
      g_string_append (sources, entry);
    }
  sources_text = make_text (self, sources->str, 8, PANGO_WEIGHT_NORMAL, avail_w, 3);
  sources_h = layout_height (sources_text);

  /* The lists' height decides how much room the miniature gets. */
  column_w = (avail_w - 2 * gap) / 3;
  {
    g_autoptr(WaymarkScene) probe = waymark_scene_new_blank (self->width, self->height, theme);
    Builder measure = { self, probe, b->scratch, b->whole };

    lists_h = MAX (summary_list (&measure, _("Weakest touchpoints"), weak_items, "", 0, 0, column_w),
                   MAX (summary_list (&measure, _("Top pain points"), pain_items, "", 0, 0, column_w),
                        summary_list (&measure, _("Opportunities"), opportunity_items, "", 0, 0, column_w)));
    lists_h = MAX (lists_h, 60);
  }

  /* The map in miniature, as large as the room left allows, its tiny
   * text left out; beside the emotion curve when that makes it larger. */
  waymark_scene_get_size (self->scene, &w, &h);
  {
    double emotion_h = 140;
    double band = bottom - y - lists_h - sources_h - 2 * gap;
    double stacked = MIN (avail_w / w, MAX (band - emotion_h - gap, 60) / h);
    double side_w = avail_w * 0.45;
    double beside = MIN (side_w / w, MAX (band, 60) / h);
    gboolean side = beside > stacked * 1.25;
    double used;

    scale = side ? beside : stacked;
    view = put_map_view (b, ALL_LAYERS,
                         &(WaymarkRect) { side ? (rtl ? m + avail_w - w * scale : m) : m + (avail_w - w * scale) / 2,
                                          y, w * scale, h * scale },
                         &(WaymarkRect) { 0, 0, w, h }, scale);
    view->background = TRUE;
    view->min_text = WAYMARK_EXPORT_LEGIBLE_TEXT;
    view->raster_dpi = miniature_dpi (self);
    if (side)
      {
        used = summary_emotions (b, rtl ? m : m + side_w + gap, y, avail_w - side_w - gap);
        y += MAX (h * scale, used) + gap;
      }
    else
      {
        y += h * scale + gap;
        used = summary_emotions (b, m, y, avail_w);
        y += used > 0 ? used + gap : 0;
      }
  }

  /* Read in the language's direction: the first list on the right in
   * Hebrew or Arabic. */
  summary_list (b, _("Weakest touchpoints"), weak_items,
                weak->len == 0 && n_cards > 0 ? _("No touchpoint misses its target, or no metric sets one.") : "",
                m + (rtl ? 2 : 0) * (column_w + gap), y, column_w);
  summary_list (b, _("Top pain points"), pain_items, _("No pain points on this map."),
                m + column_w + gap, y, column_w);
  summary_list (b, _("Opportunities"), opportunity_items, _("No opportunities on this map."),
                m + (rtl ? 0 : 2) * (column_w + gap), y, column_w);
  y += lists_h + gap;

  put_text (b, WAYMARK_SCENE_ROLE_TEXT, sources_text, m, MIN (y, bottom - sources_h), &theme->dim_text);
}

static void
build_appendix_page (Builder    *b,
                     const Page *page)
{
  WaymarkPages *self = b->pages;
  const WaymarkTheme *theme = waymark_scene_get_theme (self->scene);
  double m = self->options.margin;
  double y = m;

  for (guint i = page->first_block; i < page->first_block + page->n_blocks; i++)
    {
      const Block *block = &g_array_index (self->blocks, Block, i);

      if (i > page->first_block)
        y += block->before;
      y += put_text (b, i == 0 ? WAYMARK_SCENE_ROLE_HEADING : WAYMARK_SCENE_ROLE_TEXT,
                     block->layout, m + block->indent, y, &theme->text);
    }
}

/*
 * waymark_pages_dup_page_scene:
 * @page: which page, from 0
 *
 * Returns: (transfer full): the page as a scene, one unit a point, its
 *   top left at the origin
 */
WaymarkScene *
waymark_pages_dup_page_scene (WaymarkPages *self,
                              guint         page)
{
  g_autoptr(WaymarkScene) scene = NULL;
  cairo_surface_t *surface;
  const Page *p;
  Builder b;

  g_return_val_if_fail (WAYMARK_IS_PAGES (self), NULL);
  g_return_val_if_fail (page < self->pages->len, NULL);

  p = &g_array_index (self->pages, Page, page);
  scene = waymark_scene_new_blank (self->width, self->height, waymark_scene_get_theme (self->scene));
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  b = (Builder) { self, scene, cairo_create (surface), { 0, 0, self->width, self->height } };
  cairo_surface_destroy (surface);

  switch (p->kind)
    {
    case WAYMARK_PAGE_COVER:
      build_cover (&b);
      break;
    case WAYMARK_PAGE_LEGEND:
      build_legend (&b);
      break;
    case WAYMARK_PAGE_SUMMARY:
      build_summary (&b);
      break;
    case WAYMARK_PAGE_OVERVIEW:
      build_overview (&b);
      break;
    case WAYMARK_PAGE_MAP:
      build_fitted_map (&b, p);
      break;
    case WAYMARK_PAGE_TILE:
    case WAYMARK_PAGE_STAGE:
      build_tile (&b, page, p);
      break;
    case WAYMARK_PAGE_APPENDIX:
      build_appendix_page (&b, p);
      break;
    default:
      g_assert_not_reached ();
    }
  if (p->kind != WAYMARK_PAGE_COVER)
    build_footer (&b, page, p);

  cairo_destroy (b.scratch);
  return g_steal_pointer (&scene);
}

/* ------------------------------------------------------------------ */

static void
waymark_pages_finalize (GObject *object)
{
  WaymarkPages *self = WAYMARK_PAGES (object);

  g_clear_object (&self->scene);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->bookmarks, g_array_unref);
  g_clear_pointer (&self->map_title, g_free);
  g_clear_pointer (&self->footer_title, g_free);
  g_clear_pointer (&self->busy_x, g_array_unref);
  g_clear_pointer (&self->busy_y, g_array_unref);

  G_OBJECT_CLASS (waymark_pages_parent_class)->finalize (object);
}

static void
waymark_pages_class_init (WaymarkPagesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = waymark_pages_finalize;
}

static void
waymark_pages_init (WaymarkPages *self)
{
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (self->pages, clear_page);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, clear_block);
  self->bookmarks = g_array_new (FALSE, TRUE, sizeof (WaymarkBookmark));
  g_array_set_clear_func (self->bookmarks, clear_bookmark);
}

/* The paper of @landscape, or of the options' orientation; %FALSE with
 * @error when it cannot hold a map. */
static gboolean
paper_size (WaymarkPages *self,
            gboolean      landscape,
            double       *width,
            double       *height,
            GError      **error)
{
  const WaymarkExportOptions *options = &self->options;
  double m = options->margin;

  if (options->paper == WAYMARK_PAPER_CUSTOM)
    {
      *width = options->paper_width;
      *height = options->paper_height;
    }
  else
    waymark_paper_get_size (options->paper, width, height);
  if (landscape != (*width > *height))
    {
      double swap = *width;

      *width = *height;
      *height = swap;
    }
  if (!(*width <= WAYMARK_EXPORT_MAX_PAGE_SIDE && *height <= WAYMARK_EXPORT_MAX_PAGE_SIDE))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("a page of %.0f × %.0f pt is larger than PDF allows (%.0f pt a side)"),
                   *width, *height, WAYMARK_EXPORT_MAX_PAGE_SIDE);
      return FALSE;
    }
  if (!(m >= 0) || !(*width - 2 * m >= 144 && *height - 2 * m - FOOTER_HEIGHT >= 144))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("a page of %.0f × %.0f pt with margins of %.0f pt leaves too little room"),
                   *width, *height, m);
      return FALSE;
    }
  return TRUE;
}

/* The largest scale, in whole percent, from @legible up, at which a poster
 * takes no more pages than at @legible: the text as large as the paper
 * the poster needs anyway allows. */
static double
grow_scale (WaymarkPages *self,
            double        legible,
            double        avail_w,
            double        avail_h)
{
  guint n = count_tiles (self, legible, avail_w, avail_h, NULL, NULL);
  int high = (int) lround (legible * 100);

  if (n == G_MAXUINT)
    return legible;
  /* Pages only grow with the scale, so the largest that keeps @n is found
   * by doubling, then halving. */
  while (high < 1000 && count_tiles (self, MIN (1000, high * 2) / 100.0, avail_w, avail_h, NULL, NULL) <= n)
    high = MIN (1000, high * 2);
  {
    int top = MIN (1000, high * 2);

    while (top - high > 1)
      {
        int mid = (high + top) / 2;

        if (count_tiles (self, mid / 100.0, avail_w, avail_h, NULL, NULL) <= n)
          high = mid;
        else
          top = mid;
      }
  }
  return MIN (high, (int) (FIT_MAX_SCALE * 100)) / 100.0;
}

static guint
count_tiles_at (WaymarkPages *self,
                double        scale,
                double        avail_w,
                double        avail_h)
{
  return count_tiles (self, scale, avail_w, avail_h, NULL, NULL);
}

static guint count_deck (WaymarkPages *self,
                         double        avail_w,
                         double        avail_h);

/* A deck's pages with no page larger than @limit. */
static guint
count_deck_at (WaymarkPages *self,
               double        limit,
               double        avail_w,
               double        avail_h)
{
  double saved = self->deck_limit;
  guint n;

  self->deck_limit = limit;
  n = count_deck (self, avail_w, avail_h);
  self->deck_limit = saved;
  return n;
}

/* The largest scale, in whole percent up to FIT_MAX_SCALE, at which a
 * poster is at most @wide pages across; 1 % when none is. */
static double
pages_wide_scale (WaymarkPages *self,
                  guint         wide,
                  double        avail_w,
                  double        avail_h)
{
  int low = 1, high = (int) (FIT_MAX_SCALE * 100) + 1;

  /* low fits (or is the least there is), high does not. */
  while (high - low > 1)
    {
      int mid = (low + high) / 2;
      guint columns = G_MAXUINT;

      if (count_tiles (self, mid / 100.0, avail_w, avail_h, &columns, NULL) == G_MAXUINT)
        columns = G_MAXUINT;
      if (columns <= wide)
        low = mid;
      else
        high = mid;
    }
  return low / 100.0;
}

/* How many pages a deck takes on room of @avail_w × @avail_h. */
static guint
count_deck (WaymarkPages *self,
            double        avail_w,
            double        avail_h)
{
  WaymarkLayout *layout = waymark_scene_get_layout (self->scene);
  guint n_stages, pages = 0;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);

  for (guint s = 0; s < n_stages; s++)
    {
      guint n = deck_pages (self, deck_scale (self, stages[s].width, avail_w, avail_h), avail_h);

      if (n >= G_MAXUINT / 4)
        return G_MAXUINT;
      pages += n;
    }
  return pages;
}

/*
 * Chooses the paper's orientation, when the options leave it to us, and
 * what AUTO becomes: the whole map on one page when its smallest text is
 * legible there (WAYMARK_EXPORT_LEGIBLE_TEXT), else a poster at the scale
 * that makes it legible. A fitted map takes the orientation that shows it
 * largest; a poster or a deck, the one that takes fewer pages.
 */
static gboolean
plan (WaymarkPages  *self,
      GError       **error)
{
  const WaymarkExportOptions *options = &self->options;
  double map_w, map_h, legible = legible_scale (self);
  gboolean best_landscape = options->landscape;
  double best_score = -G_MAXDOUBLE;
  WaymarkExportMode best_mode = options->mode;
  double best_scale = 1, best_deck_limit = G_MAXDOUBLE, best_shrunk = 0;
  double smallest = smallest_text (self);

  waymark_scene_get_size (self->scene, &map_w, &map_h);

  for (int i = 0; i < 2; i++)
    {
      gboolean landscape = i == 0;
      double width, height, avail_w, avail_h, fit, score, scale = 1;
      double deck_limit = G_MAXDOUBLE, shrunk_text = 0;
      WaymarkExportMode mode = options->mode;
      guint n;

      if (!options->auto_orientation && landscape != options->landscape)
        continue;
      if (!paper_size (self, landscape, &width, &height, error))
        return FALSE;
      avail_w = width - 2 * options->margin;
      avail_h = height - 2 * options->margin - FOOTER_HEIGHT;
      fit = MIN (FIT_MAX_SCALE, MIN (avail_w / map_w, avail_h / map_h));

      if (mode == WAYMARK_EXPORT_MODE_AUTO)
        mode = fit >= legible ? WAYMARK_EXPORT_MODE_FIT : WAYMARK_EXPORT_MODE_TILE;

      switch (mode)
        {
        case WAYMARK_EXPORT_MODE_FIT:
          scale = fit;
          /* A legible fit beats any poster. */
          score = 1e9 + fit;
          break;
        case WAYMARK_EXPORT_MODE_TILE:
          if (options->mode == WAYMARK_EXPORT_MODE_TILE && options->pages_wide > 0)
            scale = pages_wide_scale (self, options->pages_wide, avail_w, avail_h);
          else if (options->mode == WAYMARK_EXPORT_MODE_TILE && options->scale > 0)
            scale = options->scale / 100;
          else
            {
              scale = grow_scale (self, legible, avail_w, avail_h);
              /* Too large to print legibly: as large as the page limit
               * allows, and the reader is told. */
              if (count_tiles (self, scale, avail_w, avail_h, NULL, NULL) > SHRINK_BUDGET)
                {
                  double shrunk = shrink_scale (self, count_tiles_at, legible, avail_w, avail_h);

                  if (shrunk > 0)
                    {
                      scale = shrunk;
                      shrunk_text = smallest * scale;
                    }
                }
            }
          n = count_tiles (self, scale, avail_w, avail_h, NULL, NULL);
          score = n == G_MAXUINT ? -1e12 : -(double) n;
          break;
        case WAYMARK_EXPORT_MODE_DECK:
        case WAYMARK_EXPORT_MODE_AUTO:
        default:
          self->deck_limit = G_MAXDOUBLE;
          n = count_deck (self, avail_w, avail_h);
          if (n > SHRINK_BUDGET)
            {
              double limit = shrink_scale (self, count_deck_at, legible, avail_w, avail_h);

              if (limit > 0)
                {
                  deck_limit = limit;
                  shrunk_text = smallest * limit;
                  n = count_deck_at (self, limit, avail_w, avail_h);
                }
            }
          /* As many pages either way: the larger text. */
          score = n == G_MAXUINT ? -1e12 : -(double) n + deck_scale (self, map_w / 6, avail_w, avail_h) / 100;
          break;
        }
      /* A legible export beats one that is not. */
      if (shrunk_text > 0)
        score -= 1e6;
      /* Ties go to landscape, tried first. */
      if (score > best_score)
        {
          best_score = score;
          best_landscape = landscape;
          best_mode = mode;
          best_scale = scale;
          best_deck_limit = deck_limit;
          best_shrunk = shrunk_text;
        }
    }

  self->mode = best_mode;
  self->body_scale = best_scale;
  self->deck_limit = best_deck_limit;
  self->shrunk_text = best_shrunk;
  return paper_size (self, best_landscape, &self->width, &self->height, error);
}

/**
 * waymark_pages_new:
 * @scene: an up-to-date scene of the map to export
 * @options: the paper, mode and optional pages
 * @error: return location for a #GError
 *
 * Cuts the map into pages. Refuses a map with no stages, a paper larger
 * than %WAYMARK_EXPORT_MAX_PAGE_SIDE and more than
 * %WAYMARK_EXPORT_MAX_PAGES pages.
 *
 * Returns: (transfer full): the pages, or %NULL
 */
WaymarkPages *
waymark_pages_new (WaymarkScene               *scene,
                   const WaymarkExportOptions *options,
                   GError                    **error)
{
  g_autoptr(WaymarkPages) self = NULL;
  WaymarkLayout *layout;
  WaymarkObject *map;
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages;
  const WaymarkLayoutLane *lanes;
  double m, avail_w, avail_h;

  g_return_val_if_fail (WAYMARK_IS_SCENE (scene), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (WAYMARK_TYPE_PAGES, NULL);
  self->scene = g_object_ref (scene);
  self->options = *options;
  self->deck_limit = G_MAXDOUBLE;
  self->smallest = -1;
  layout = waymark_scene_get_layout (scene);
  map = waymark_document_lookup (waymark_layout_get_document (layout), waymark_layout_get_map (layout));
  if (!WAYMARK_IS_MAP (map))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND, _("no such map"));
      return NULL;
    }
  self->map_title = g_strdup (*waymark_map_get_title (WAYMARK_MAP (map)) ? waymark_map_get_title (WAYMARK_MAP (map))
                                                                         : _("Untitled map"));
  self->footer_title = g_strdup (self->map_title);

  stages = waymark_layout_get_stages (layout, &n_stages);
  lanes = waymark_layout_get_lanes (layout, &n_lanes);
  if (n_stages == 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("the map “%s” has no stages: there is nothing to export"), self->map_title);
      return NULL;
    }

  self->header_top = waymark_layout_get_header_top (layout);
  self->header_height = waymark_layout_get_header_bottom (layout) - self->header_top;
  self->corner_width = WAYMARK_LAYOUT_LANE_HEADER;
  self->body.x = stages[0].x;
  self->body.width = stages[n_stages - 1].x + stages[n_stages - 1].width - self->body.x;
  self->body.y = waymark_layout_get_header_bottom (layout);
  self->body.height = MAX (1.0, (n_lanes ? lanes[n_lanes - 1].y + lanes[n_lanes - 1].height : self->body.y + 1) - self->body.y);

  if (options->mode == WAYMARK_EXPORT_MODE_TILE && options->scale != 0 &&
      !(options->scale >= 5 && options->scale <= 1000))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("a scale of %g%% is out of range (5 to 1000)"), options->scale);
      return NULL;
    }
  if (!plan (self, error))
    return NULL;
  if (self->shrunk_text > 0 && options->note != NULL)
    {
      g_autofree char *note = g_strdup_printf (_("the map is too large to print legibly within %d pages: its smallest text is %.1f pt on paper; a larger paper gives larger text"),
                                               WAYMARK_EXPORT_MAX_PAGES, self->shrunk_text);

      options->note (note, options->note_data);
    }

  m = options->margin;
  avail_w = self->width - 2 * m;
  avail_h = self->height - 2 * m - FOOTER_HEIGHT;

  if (options->cover)
    {
      add_bookmark (self, -1, _("Cover"), self->pages->len, 0);
      add_page (self, WAYMARK_PAGE_COVER, 1);
    }
  if (options->summary)
    {
      add_bookmark (self, -1, _("Summary"), self->pages->len, 0);
      add_page (self, WAYMARK_PAGE_SUMMARY, 1);
    }
  if (options->legend)
    {
      add_bookmark (self, -1, _("Legend"), self->pages->len, 0);
      add_page (self, WAYMARK_PAGE_LEGEND, 1);
    }
  if (!paginate_map (self, avail_w, avail_h, self->pages->len + (options->appendix ? 1 : 0), error))
    return NULL;
  if (options->appendix)
    {
      add_bookmark (self, -1, _("Appendix"), self->pages->len, 0);
      paginate_appendix (self, avail_w, avail_h);
    }

  if (self->pages->len > WAYMARK_EXPORT_MAX_PAGES)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("the export would need %u pages (at most %d): use a smaller scale, a larger paper or --fit"),
                   self->pages->len, WAYMARK_EXPORT_MAX_PAGES);
      return NULL;
    }

  return g_steal_pointer (&self);
}

WaymarkScene *
waymark_pages_get_scene (WaymarkPages *self)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), NULL);
  return self->scene;
}

guint
waymark_pages_get_n_pages (WaymarkPages *self)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), 0);
  return self->pages->len;
}

void
waymark_pages_get_page_size (WaymarkPages *self,
                             double       *width,
                             double       *height)
{
  g_return_if_fail (WAYMARK_IS_PAGES (self));

  if (width)
    *width = self->width;
  if (height)
    *height = self->height;
}

/* A tile's area of the map, in map units (tests). */
void
_waymark_pages_get_area (WaymarkPages *self,
                         guint         page,
                         WaymarkRect  *area)
{
  g_return_if_fail (WAYMARK_IS_PAGES (self));
  g_return_if_fail (page < self->pages->len);
  *area = g_array_index (self->pages, Page, page).area;
}

WaymarkPageKind
waymark_pages_get_kind (WaymarkPages *self,
                        guint         page)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), WAYMARK_PAGE_MAP);
  g_return_val_if_fail (page < self->pages->len, WAYMARK_PAGE_MAP);
  return g_array_index (self->pages, Page, page).kind;
}

/**
 * waymark_pages_get_map_scale:
 *
 * Returns: points per map unit on the pages that show the map
 */
double
waymark_pages_get_map_scale (WaymarkPages *self)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), 1);
  return self->body_scale;
}

/**
 * waymark_pages_get_grid:
 * @columns: (out) (optional): pages across: a poster's columns, a deck's stages
 * @rows: (out) (optional): pages down: a poster's rows, a deck's longest stage
 *
 * A fitted map is one page across and down.
 */
void
waymark_pages_get_grid (WaymarkPages *self,
                        guint        *columns,
                        guint        *rows)
{
  g_return_if_fail (WAYMARK_IS_PAGES (self));

  if (columns)
    *columns = self->mode == WAYMARK_EXPORT_MODE_FIT ? 1 : self->columns;
  if (rows)
    *rows = self->mode == WAYMARK_EXPORT_MODE_FIT ? 1 : self->rows;
}

/**
 * waymark_pages_get_text_size:
 *
 * Returns: the size on paper, in points, of the smallest text of the map
 *   on the pages that show it
 */
double
waymark_pages_get_text_size (WaymarkPages *self)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), 0);
  return smallest_text (self) * self->body_scale;
}

/**
 * waymark_pages_get_bookmarks:
 *
 * Returns: (element-type WaymarkBookmark): the outline: the cover, legend
 *   and appendix, and the map with its stages, parents first
 */
const GArray *
waymark_pages_get_bookmarks (WaymarkPages *self)
{
  g_return_val_if_fail (WAYMARK_IS_PAGES (self), NULL);
  return self->bookmarks;
}

/**
 * waymark_pages_draw_page:
 * @cr: a context with one unit a point and the page's top left at the origin
 * @page: which page, from 0
 *
 * Draws the page's scene (waymark_pages_dup_page_scene()) with the painter.
 */
void
waymark_pages_draw_page (WaymarkPages *self,
                         cairo_t      *cr,
                         guint         page)
{
  g_autoptr(WaymarkScene) scene = NULL;

  g_return_if_fail (WAYMARK_IS_PAGES (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  scene = waymark_pages_dup_page_scene (self, page);
  cairo_save (cr);
  waymark_painter_draw_layer (cr, scene, WAYMARK_SCENE_LAYER_BODY, NULL);
  cairo_restore (cr);
}
