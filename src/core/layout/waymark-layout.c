/* waymark-layout.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-layout"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "waymark-layout.h"
#include "waymark-metric-definition.h"

/*
 * The layout turns one map of a document into geometry: stage columns,
 * lane rows, card rectangles, emotion points. Text is measured with Pango
 * in a context with hinting off and a resolution of 72 dpi, so a font
 * size in points is a size in map units and every output (screen, PDF,
 * SVG, PNG) gets the same line breaks.
 *
 * Measuring text is the costly part, so each card keeps its Pango layouts
 * between updates and re-measures only when its text or width changed;
 * everything else is arithmetic over the cached sizes.
 */

#define FONT_FAMILY        "Cantarell"
#define CARD_TITLE_SIZE    12.5
#define CARD_BODY_SIZE     11.0
#define CARD_FOOTER_SIZE   10.5
#define STAGE_TITLE_SIZE   14.0
#define STAGE_DESC_SIZE    11.0
#define LANE_TITLE_SIZE    13.0
#define LANE_KIND_SIZE     10.5
#define MAP_TITLE_SIZE     24.0
#define MAP_SUBTITLE_SIZE  13.0
#define PERSONA_SIZE       12.0
#define EMOTION_LABEL_SIZE 10.5
#define CHANNEL_ICON       16.0
#define STAGE_HEADER_MIN   64.0
#define STAGE_AUTO_MAX     360.0
#define PERSONA_AVATAR     56.0
#define EMOTION_MARGIN     22.0

/*
 * Shaping text is what a layout spends its time on, and card text repeats
 * its words endlessly. For plain Latin text, a style remembers the width
 * of every word it has shaped, and lines are broken greedily at spaces
 * from those widths; the card's PangoLayout then gets the breaks as
 * explicit line ends, so what is drawn is exactly what was measured, and
 * Pango shapes it only if it is ever drawn. Anything else (other scripts,
 * emoji, a word wider than the card) goes to Pango's own line breaking.
 */
typedef struct
{
  PangoFontDescription *font;
  PangoLayout          *probe;
  GHashTable           *widths;       /* word → width in points, as a double in a pointer-sized box */
  double                space;
  double                ellipsis;
  double                line_height;
} TextStyle;

enum {
  STYLE_TITLE,
  STYLE_QUOTE,
  STYLE_BODY,
  N_STYLES
};
#define LINE_SEPARATOR      "\xe2\x80\xa8"  /* U+2028 */
#define PARAGRAPH_SEPARATOR "\xe2\x80\xa9"  /* U+2029 */

typedef struct
{
  char        *title;
  char        *body;
  char        *footer;
  char        *kind;
  char        *color;
  char        *metrics;      /* what the badges say, to notice a change */
  guint        n_comments;
  guint        votes;
  double       votes_y;
  GPtrArray   *badges;
  double       badges_y;
  double       width;
  double       height;
  double       footer_y;
  double       title_height;
  double       body_height;
  PangoLayout *title_layout;
  PangoLayout *body_layout;
  PangoLayout *footer_layout;
  guint        serial;
  guint        seen;
} CardCache;

struct _WaymarkLayout
{
  GObject          parent_instance;

  WaymarkDocument *document;
  PangoContext    *context;
  GHashTable      *card_cache;   /* card id → CardCache */
  TextStyle        styles[N_STYLES];

  GArray          *stages;       /* WaymarkLayoutStage */
  GArray          *lanes;        /* WaymarkLayoutLane */
  GArray          *cards;        /* WaymarkLayoutCard */
  GArray          *emotions;     /* WaymarkLayoutEmotion */
  GArray          *connectors;   /* WaymarkLayoutConnector */
  GHashTable      *card_index;   /* card id → index + 1 */
  GHashTable      *values;       /* card or stage → GPtrArray of its WaymarkMetricValue */
  GHashTable      *comments;     /* card id → how many comments it has; NULL: to count again */

  PangoLayout     *title;
  PangoLayout     *subtitle;
  PangoLayout     *persona_text;
  WaymarkPersona  *persona;
  WaymarkRect      title_rect;

  gint64           map;
  gulong           changed_id;
  double           text_scale;
  guint            cell_columns;  /* cards side by side in a cell, 1 to 4 */
  gboolean         no_spans;      /* every card in its first stage only */
  double           footer_height;
  double           width;
  double           height;
  double           header_top;
  double           header_bottom;
  guint            generation;
  guint            next_serial;
  guint            pass;
  gboolean         dirty;
  gboolean         stage_values;  /* some stage has metric values */
  GPtrArray       *dirty_cards;  /* cards whose look changed, when !dirty */
  GArray          *changed;      /* indices of cards the last update redid in place */
};

G_DEFINE_FINAL_TYPE (WaymarkLayout, waymark_layout, G_TYPE_OBJECT)

static void
card_cache_free (gpointer data)
{
  CardCache *cache = data;

  g_free (cache->title);
  g_free (cache->body);
  g_free (cache->footer);
  g_free (cache->kind);
  g_free (cache->color);
  g_free (cache->metrics);
  g_clear_pointer (&cache->badges, g_ptr_array_unref);
  g_clear_object (&cache->title_layout);
  g_clear_object (&cache->body_layout);
  g_clear_object (&cache->footer_layout);
  g_free (cache);
}

static void
clear_stage (gpointer data)
{
  WaymarkLayoutStage *stage = data;

  g_clear_object (&stage->title);
  g_clear_object (&stage->description);
  g_clear_pointer (&stage->badges, g_ptr_array_unref);
}

static void
clear_lane (gpointer data)
{
  WaymarkLayoutLane *lane = data;

  g_clear_object (&lane->title);
  g_clear_object (&lane->kind);
}

static void
clear_emotion (gpointer data)
{
  WaymarkLayoutEmotion *emotion = data;

  g_clear_object (&emotion->label);
}

/* Pango bounds a height given in lines per paragraph, so a title of a
 * thousand short lines would be a thousand lines high. Line separators
 * break lines within one paragraph: with them, the bound holds for the
 * whole text, which looks the same. Returns NULL when @text has one
 * paragraph. */
static char *
join_paragraphs (const char *text)
{
  GString *joined;

  if (strpbrk (text, "\r\n") == NULL && strstr (text, PARAGRAPH_SEPARATOR) == NULL)
    return NULL;

  joined = g_string_sized_new (strlen (text) + 16);
  for (const char *p = text; *p != '\0';)
    {
      if (*p == '\r' || *p == '\n')
        {
          g_string_append (joined, LINE_SEPARATOR);
          p += p[0] == '\r' && p[1] == '\n' ? 2 : 1;
        }
      else if (g_str_has_prefix (p, PARAGRAPH_SEPARATOR))
        {
          g_string_append (joined, LINE_SEPARATOR);
          p += strlen (PARAGRAPH_SEPARATOR);
        }
      else
        g_string_append_c (joined, *p++);
    }

  return g_string_free (joined, FALSE);
}

static PangoLayout *
make_text (WaymarkLayout *self,
           const char    *text,
           double         size,
           PangoWeight    weight,
           PangoStyle     style,
           double         width,
           int            max_lines)
{
  PangoLayout *layout = pango_layout_new (self->context);
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_absolute_size (font, size * self->text_scale * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_font_description_set_style (font, style);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);

  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else if (max_lines < 0)
    pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);

  if (max_lines != 0)
    {
      g_autofree char *joined = join_paragraphs (text);

      pango_layout_set_text (layout, joined ? joined : text, -1);
    }
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
text_height (PangoLayout *layout)
{
  int height;

  if (layout == NULL)
    return 0;
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static double
text_width (PangoLayout *layout)
{
  int width;

  pango_layout_get_size (layout, &width, NULL);
  return (double) width / PANGO_SCALE;
}

/* The words under a card's text: its channel, or who owns an opportunity
 * and how far it got, or how bad a pain point is. */
static char *
card_footer (WaymarkCard *card)
{
  const char *kind = waymark_card_get_kind (card);
  const char *channel = waymark_card_get_channel (card);
  const char *owner = waymark_card_get_owner (card);
  const char *status = waymark_card_get_status (card);
  int severity = waymark_card_get_severity (card);

  if (g_str_equal (kind, "pain-point") && severity > 0)
    {
      static const char * const words[] = { N_("Low"), N_("Medium"), N_("High") };

      return g_strdup (_(words[CLAMP (severity, 1, 3) - 1]));
    }

  if (*owner != '\0' && *status != '\0')
    /* Translators: an opportunity's owner and its status, e.g. “Support · Planned” */
    return g_strdup_printf (_("%s · %s"), owner, waymark_card_status_label (status));
  if (*owner != '\0')
    return g_strdup (owner);
  if (*status != '\0')
    return g_strdup (waymark_card_status_label (status));

  if (*channel != '\0')
    return g_strdup (waymark_card_channel_label (channel));

  return NULL;
}

static void
clear_style (TextStyle *style)
{
  g_clear_pointer (&style->font, pango_font_description_free);
  g_clear_object (&style->probe);
  g_clear_pointer (&style->widths, g_hash_table_unref);
}

static TextStyle *
get_style (WaymarkLayout *self,
           guint          which)
{
  static const struct { double size; PangoStyle style; } styles[] = {
    [STYLE_TITLE] = { CARD_TITLE_SIZE, PANGO_STYLE_NORMAL },
    [STYLE_QUOTE] = { CARD_TITLE_SIZE, PANGO_STYLE_ITALIC },
    [STYLE_BODY] = { CARD_BODY_SIZE, PANGO_STYLE_NORMAL },
  };
  TextStyle *style = &self->styles[which];
  int width, height;

  if (style->font != NULL)
    return style;

  style->font = pango_font_description_new ();
  pango_font_description_set_family_static (style->font, FONT_FAMILY);
  pango_font_description_set_absolute_size (style->font, styles[which].size * self->text_scale * PANGO_SCALE);
  pango_font_description_set_style (style->font, styles[which].style);
  style->probe = pango_layout_new (self->context);
  pango_layout_set_font_description (style->probe, style->font);
  style->widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  pango_layout_set_text (style->probe, " ", -1);
  pango_layout_get_size (style->probe, &width, NULL);
  style->space = (double) width / PANGO_SCALE;
  pango_layout_set_text (style->probe, "…", -1);
  pango_layout_get_size (style->probe, &width, NULL);
  style->ellipsis = (double) width / PANGO_SCALE;
  pango_layout_set_text (style->probe, "Ag", -1);
  pango_layout_get_size (style->probe, NULL, &height);
  style->line_height = (double) height / PANGO_SCALE;
  return style;
}

static double
word_width (TextStyle  *style,
            const char *word,
            gsize       length)
{
  g_autofree char *key = g_strndup (word, length);
  double *width = g_hash_table_lookup (style->widths, key);
  int w;

  if (width != NULL)
    return *width;

  pango_layout_set_text (style->probe, key, length);
  pango_layout_get_size (style->probe, &w, NULL);
  width = g_new (double, 1);
  *width = (double) w / PANGO_SCALE;
  g_hash_table_insert (style->widths, g_steal_pointer (&key), width);
  return *width;
}

/* Whether the fast path handles @text: Latin letters, digits, common
 * punctuation and typographic quotes and dashes, words separated by
 * single spaces, paragraphs by single newlines. */
static gboolean
is_plain (const char *text)
{
  gunichar last = '\n';

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == '\n')
        {
          if (last == ' ' || last == '\n')
            return FALSE;
        }
      else if (!((c > 0x20 && c < 0x7f) || (c >= 0xc0 && c < 0x250 && c != 0xd7 && c != 0xf7) ||
                 (c >= 0x2018 && c <= 0x201f) || c == 0x2013 || c == 0x2014 || c == 0x2026))
        return FALSE;
      last = c;
    }

  return last != ' ' && last != '\n';
}

/* Breaks @text into lines no wider than @width with the style's word
 * widths. Returns the text with its line ends, or NULL if the fast path
 * cannot do it. @n_lines is how many lines are kept (at most @max_lines,
 * the last one ellipsised if text was left over). */
static char *
break_lines (TextStyle  *style,
             const char *text,
             double      width,
             int         max_lines,
             int        *n_lines)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = text;
  double line = 0;
  gsize line_start = 0;
  int lines = 1;
  gboolean truncated = FALSE;

  if (!is_plain (text))
    return NULL;

  while (*p)
    {
      const char *end = p;
      double w;

      while (*end && *end != ' ' && *end != '\n')
        end++;
      w = word_width (style, p, end - p);
      if (w > width)
        return NULL;

      if (out->len > line_start && line + style->space + w > width)
        {
          if (lines == max_lines)
            {
              truncated = TRUE;
              break;
            }
          g_string_append_c (out, '\n');
          line_start = out->len;
          line = 0;
          lines++;
        }
      else if (out->len > line_start)
        {
          g_string_append_c (out, ' ');
          line += style->space;
        }

      g_string_append_len (out, p, end - p);
      line += w;

      if (*end == '\n')
        {
          if (lines == max_lines)
            {
              truncated = end[1] != '\0';
              break;
            }
          g_string_append_c (out, '\n');
          line_start = out->len;
          line = 0;
          lines++;
          end++;
        }
      else if (*end == ' ')
        end++;
      p = end;
    }

  if (truncated)
    {
      /* Drop words from the last line until the ellipsis fits. */
      while (line + style->ellipsis > width)
        {
          const char *last_space = g_utf8_strrchr (out->str + line_start, -1, ' ');

          if (last_space == NULL)
            return NULL;
          g_string_truncate (out, last_space - out->str);
          line = 0;
          for (const char *q = out->str + line_start; *q;)
            {
              const char *e = q;

              while (*e && *e != ' ')
                e++;
              line += (q > out->str + line_start ? style->space : 0) + word_width (style, q, e - q);
              q = *e ? e + 1 : e;
            }
        }
      g_string_append (out, "…");
    }

  *n_lines = lines;
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Labels drawn against an icon or under a title (a card's channel and
 * owner, a badge, a lane's kind) start where the map's left-to-right
 * geometry puts them, whatever their script. A Hebrew channel name is still
 * shaped right to left, but sits next to its icon rather than against the
 * card's far edge. Titles and bodies keep Pango's choice per paragraph. */
static void
keep_beside_icon (PangoLayout *layout)
{
  pango_layout_set_auto_dir (layout, FALSE);
}

/* A card's text in @style: fast when it can be, Pango's otherwise. */
static PangoLayout *
card_text (WaymarkLayout *self,
           guint          which,
           const char    *text,
           double         width,
           int            max_lines,
           double        *height)
{
  TextStyle *style = get_style (self, which);
  g_autofree char *broken = NULL;
  PangoLayout *layout;
  int n_lines = 0;

  if ((broken = break_lines (style, text, width, max_lines, &n_lines)) != NULL)
    {
      layout = pango_layout_new (self->context);
      pango_layout_set_font_description (layout, style->font);
      /* A point of slack: Pango must not break these lines again. */
      pango_layout_set_width (layout, (int) ((width + 1) * PANGO_SCALE));
      pango_layout_set_text (layout, broken, -1);
      *height = n_lines * style->line_height;
      return layout;
    }

  layout = make_text (self, text, pango_font_description_get_size (style->font) / (double) PANGO_SCALE / self->text_scale,
                      PANGO_WEIGHT_NORMAL, pango_font_description_get_style (style->font), width, max_lines);
  *height = text_height (layout);
  return layout;
}

/* The height of one line of a single-line text in @size points. */
static double
line_height (WaymarkLayout *self,
             double         size)
{
  g_autoptr(PangoLayout) probe = make_text (self, "Ag", size, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 0, 0);

  return text_height (probe);
}

static void
badge_free (gpointer data)
{
  WaymarkLayoutBadge *badge = data;

  g_clear_object (&badge->text);
  g_free (badge->spark);
  g_free (badge);
}

/* A value of a metric of kind @kind (by name), as the panel shows it too. */
static char *
format_value (const char *kind,
              double      value,
              const char *unit)
{
  WaymarkMetricKind parsed = WAYMARK_METRIC_KIND_MEAN;

  waymark_metric_kind_from_string (kind, &parsed);
  return waymark_metric_format_value (parsed, value, unit);
}

static int
compare_periods (gconstpointer a,
                 gconstpointer b)
{
  WaymarkMetricValue *x = *(WaymarkMetricValue **) a;
  WaymarkMetricValue *y = *(WaymarkMetricValue **) b;

  return g_strcmp0 (waymark_metric_value_get_period (x), waymark_metric_value_get_period (y));
}

/* The badges of a card or stage, one per metric, in the metrics' order;
 * @signature gets what they say. */
static GPtrArray *
make_badges (WaymarkLayout *self,
             gpointer       owner,
             double         width,
             GString       *signature)
{
  GPtrArray *values = g_hash_table_lookup (self->values, owner);
  GPtrArray *metrics = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC);
  GPtrArray *badges = NULL;

  if (values == NULL)
    return NULL;

  for (guint m = 0; m < metrics->len; m++)
    {
      WaymarkMetric *metric = g_ptr_array_index (metrics, m);
      gint64 metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
      const WaymarkMetricDefinition *definition = waymark_metric_get_definition (metric);
      g_autoptr(GPtrArray) periods = g_ptr_array_new ();
      WaymarkMetricValue *overall = NULL;
      WaymarkLayoutBadge *badge;
      g_autofree char *value_text = NULL;
      g_autofree char *n_text = NULL;
      g_autofree char *name = NULL;
      g_autofree char *markup = NULL;
      const char *kind = waymark_metric_get_kind (metric);

      for (guint i = 0; i < values->len; i++)
        {
          WaymarkMetricValue *value = g_ptr_array_index (values, i);

          if (waymark_metric_value_get_metric (value) != metric_id)
            continue;
          if (*waymark_metric_value_get_period (value) == '\0')
            overall = value;
          else
            g_ptr_array_add (periods, value);
        }
      if (overall == NULL)
        continue;

      if (badges == NULL)
        badges = g_ptr_array_new_with_free_func (badge_free);
      badge = g_new0 (WaymarkLayoutBadge, 1);
      badge->metric = metric_id;
      badge->value = waymark_metric_value_get_value (overall);
      badge->stale = *waymark_metric_get_status (metric) != '\0';
      badge->low_confidence = definition != NULL && waymark_metric_value_get_n (overall) < definition->min_n;
      if (definition != NULL && !isnan (badge->value))
        badge->rating = waymark_metric_definition_judge (definition, badge->value);

      g_ptr_array_sort (periods, compare_periods);
      if (periods->len >= 2)
        {
          badge->spark = g_new (double, periods->len);
          badge->n_spark = periods->len;
          for (guint i = 0; i < periods->len; i++)
            badge->spark[i] = waymark_metric_value_get_value (g_ptr_array_index (periods, i));
          if (!isnan (badge->spark[periods->len - 1]) && !isnan (badge->spark[periods->len - 2]))
            badge->trend = badge->spark[periods->len - 1] > badge->spark[periods->len - 2] ? 1 :
                           badge->spark[periods->len - 1] < badge->spark[periods->len - 2] ? -1 : 0;
        }

      name = g_markup_escape_text (waymark_metric_get_name (metric), -1);
      {
        /* The unit is the document's text: “R&D”, “<5 min”. */
        g_autofree char *plain = format_value (kind, badge->value, definition ? definition->unit : NULL);

        value_text = g_markup_escape_text (plain, -1);
      }
      /* Translators: the number of answers behind a metric's value */
      n_text = g_strdup_printf (_("n %'" PRId64), waymark_metric_value_get_n (overall));
      markup = g_strdup_printf ("<b>%s</b> %s%s  <span alpha='62%%'>%s%s%s</span>",
                                name, badge->low_confidence ? "~" : "", value_text, n_text,
                                /* Translators: after a value's n, when it is below the metric's minimum */
                                badge->low_confidence ? _(" · few") : "",
                                badge->stale ? _(" · stale") : "");
      badge->text = make_text (self, "", CARD_FOOTER_SIZE, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                               MAX (8.0, width - 48), -1);
      keep_beside_icon (badge->text);
      pango_layout_set_markup (badge->text, markup, -1);
      g_string_append_printf (signature, "%s|%d|%d|%u;", markup, badge->rating, badge->trend, badge->n_spark);
      for (guint i = 0; i < badge->n_spark; i++)
        g_string_append_printf (signature, "%g,", badge->spark[i]);
      g_ptr_array_add (badges, badge);
    }

  return badges;
}

/* Text starts after the kind stripe on the leading edge. */
static double
card_text_width (double width)
{
  return MAX (8.0, width - 2 * WAYMARK_LAYOUT_CARD_PADDING - 4.0);
}

/* How many comments the card has, counted for all cards at once. */
static guint
count_comments (WaymarkLayout *self,
                gint64         card)
{
  if (self->comments == NULL)
    {
      GPtrArray *comments = waymark_document_get_items (self->document, WAYMARK_TYPE_COMMENT);

      self->comments = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      for (guint i = 0; i < comments->len; i++)
        {
          gint64 id = waymark_comment_get_card (g_ptr_array_index (comments, i));
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (self->comments, &id));

          g_hash_table_replace (self->comments, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (n + 1));
        }
    }
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->comments, &card));
}

static CardCache *
measure_card (WaymarkLayout *self,
              WaymarkCard   *card,
              double         width)
{
  gint64 id = waymark_object_get_id (WAYMARK_OBJECT (card));
  CardCache *cache = g_hash_table_lookup (self->card_cache, &id);
  const char *title = waymark_card_get_title (card);
  const char *body = waymark_card_get_body (card);
  g_autofree char *footer = card_footer (card);
  gboolean quote = g_str_equal (waymark_card_get_kind (card), "quote");
  double text_w = card_text_width (width);
  double height, text_h;
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GPtrArray) badges = make_badges (self, card, text_w, signature);
  guint n_comments = count_comments (self, id);

  if (cache != NULL &&
      cache->width == width &&
      cache->n_comments == n_comments &&
      cache->votes == (guint) waymark_card_get_votes (card) &&
      g_strcmp0 (cache->title, title) == 0 &&
      g_strcmp0 (cache->body, body) == 0 &&
      g_strcmp0 (cache->footer, footer) == 0 &&
      g_strcmp0 (cache->kind, waymark_card_get_kind (card)) == 0 &&
      g_strcmp0 (cache->color, waymark_card_get_color (card)) == 0 &&
      g_strcmp0 (cache->metrics, signature->str) == 0)
    {
      cache->seen = self->pass;
      return cache;
    }

  if (cache == NULL)
    {
      gint64 *key = g_new (gint64, 1);

      *key = id;
      cache = g_new0 (CardCache, 1);
      g_hash_table_insert (self->card_cache, key, cache);
    }

  g_free (cache->title);
  g_free (cache->body);
  g_free (cache->footer);
  g_free (cache->kind);
  g_free (cache->color);
  g_clear_object (&cache->title_layout);
  g_clear_object (&cache->body_layout);
  g_clear_object (&cache->footer_layout);
  g_free (cache->metrics);
  cache->metrics = g_strdup (signature->str);
  g_clear_pointer (&cache->badges, g_ptr_array_unref);
  cache->badges = g_steal_pointer (&badges);
  cache->kind = g_strdup (waymark_card_get_kind (card));
  cache->color = g_strdup (waymark_card_get_color (card));
  cache->title = g_strdup (title);
  cache->body = g_strdup (body);
  cache->footer = g_steal_pointer (&footer);
  cache->width = width;
  cache->n_comments = n_comments;
  cache->votes = (guint) waymark_card_get_votes (card);

  /* An empty title still takes a line, so a new card has room for the
   * caret; the comment marker takes the title's top right corner. */
  cache->title_layout = card_text (self, quote ? STYLE_QUOTE : STYLE_TITLE, *title != '\0' ? title : " ",
                                   text_w - (n_comments > 0 ? WAYMARK_LAYOUT_COMMENT_MARKER : 0),
                                   WAYMARK_LAYOUT_TITLE_LINES, &text_h);
  cache->title_height = text_h;
  cache->body_height = 0;
  height = WAYMARK_LAYOUT_CARD_PADDING + text_h;

  if (*body != '\0')
    {
      cache->body_layout = card_text (self, STYLE_BODY, body, text_w, WAYMARK_LAYOUT_BODY_LINES, &text_h);
      cache->body_height = text_h;
      height += 4 + text_h;
    }

  if (cache->footer != NULL)
    {
      double footer_w = text_w - (CHANNEL_ICON + 6);

      /* One ellipsised line: its height is known without shaping it. */
      cache->footer_layout = make_text (self, cache->footer, CARD_FOOTER_SIZE,
                                        PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL,
                                        MAX (8.0, footer_w), -1);
      keep_beside_icon (cache->footer_layout);
      if (self->footer_height == 0)
        self->footer_height = line_height (self, CARD_FOOTER_SIZE);
      height += 6;
      cache->footer_y = height;
      height += MAX (CHANNEL_ICON * self->text_scale, self->footer_height);
    }

  if (cache->badges != NULL)
    {
      height += 6;
      cache->badges_y = height;
      height += cache->badges->len * (WAYMARK_LAYOUT_BADGE_HEIGHT + 2);
    }

  /* Dot votes: a row of dots at the bottom. */
  cache->votes_y = 0;
  if (cache->votes > 0)
    {
      height += 6;
      cache->votes_y = height;
      height += WAYMARK_LAYOUT_VOTES_HEIGHT;
    }

  cache->height = ceil (MAX (44.0, height + WAYMARK_LAYOUT_CARD_PADDING));
  cache->serial = ++self->next_serial;
  cache->seen = self->pass;
  return cache;
}

static int
compare_position (gconstpointer a,
                  gconstpointer b)
{
  WaymarkObject *x = *(WaymarkObject **) a;
  WaymarkObject *y = *(WaymarkObject **) b;
  int px, py;

  g_object_get (x, "position", &px, NULL);
  g_object_get (y, "position", &py, NULL);
  if (px != py)
    return px < py ? -1 : 1;
  return waymark_object_get_id (x) < waymark_object_get_id (y) ? -1 :
         waymark_object_get_id (x) > waymark_object_get_id (y);
}

static GPtrArray *
sorted_children (WaymarkLayout *self,
                 GType          type)
{
  GPtrArray *all = waymark_document_get_items (self->document, type);
  GPtrArray *ret = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      WaymarkObject *object = g_ptr_array_index (all, i);
      gint64 map;

      g_object_get (object, "map", &map, NULL);
      if (map == self->map)
        g_ptr_array_add (ret, object);
    }

  g_ptr_array_sort (ret, compare_position);
  return ret;
}

typedef struct
{
  WaymarkCard *card;
  guint        stage;
  guint        lane;
  int          position;
} CardSlot;

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const CardSlot *x = a;
  const CardSlot *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->stage != y->stage)
    return x->stage < y->stage ? -1 : 1;
  if (x->position != y->position)
    return x->position < y->position ? -1 : 1;
  return waymark_object_get_id (WAYMARK_OBJECT (x->card)) <
         waymark_object_get_id (WAYMARK_OBJECT (y->card)) ? -1 : 1;
}

static void
layout_band (WaymarkLayout *self,
             WaymarkMap    *map)
{
  WaymarkObject *persona = NULL;
  const char *scenario = waymark_map_get_scenario (map);
  double band_height;
  double title_w = 520;

  g_clear_object (&self->title);
  g_clear_object (&self->subtitle);
  g_clear_object (&self->persona_text);

  self->title = make_text (self, waymark_map_get_title (map), MAP_TITLE_SIZE,
                           PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, title_w, 2);
  band_height = text_height (self->title);
  if (*scenario != '\0')
    {
      self->subtitle = make_text (self, scenario, MAP_SUBTITLE_SIZE, PANGO_WEIGHT_NORMAL,
                                  PANGO_STYLE_NORMAL, title_w, 3);
      band_height += 4 + text_height (self->subtitle);
    }

  if (waymark_map_get_persona (map) != 0)
    persona = waymark_document_lookup (self->document, waymark_map_get_persona (map));
  self->persona = WAYMARK_IS_PERSONA (persona) ? WAYMARK_PERSONA (persona) : NULL;

  if (self->persona != NULL)
    {
      const char *name = waymark_persona_get_name (self->persona);
      const char *role = waymark_persona_get_role (self->persona);
      const char *quote = waymark_persona_get_quote (self->persona);
      /* Their own line breaks must not lift the bound on lines either. */
      g_autofree char *joined_name = join_paragraphs (name);
      g_autofree char *joined_role = join_paragraphs (role);
      g_autofree char *joined_quote = join_paragraphs (quote);
      g_autofree char *n = g_markup_escape_text (joined_name ? joined_name : name, -1);
      g_autofree char *r = g_markup_escape_text (joined_role ? joined_role : role, -1);
      g_autofree char *q = g_markup_escape_text (joined_quote ? joined_quote : quote, -1);
      g_autofree char *markup = NULL;

      /* Translators: a persona's quote, in typographic quotation marks */
      markup = g_strdup_printf ("<b>%s</b>%s%s%s%s%s",
                                n, *role ? "  " : "", *role ? "<span alpha='70%'>" : "", r,
                                *role ? "</span>" : "",
                                *quote ? "\n" : "");
      if (*quote != '\0')
        {
          g_autofree char *with_quote = g_strdup_printf (_("“%s”"), q);
          g_autofree char *styled = g_strdup_printf ("%s<i>%s</i>", markup, with_quote);

          g_free (markup);
          markup = g_steal_pointer (&styled);
        }

      /* What the persona wants and what gets in the way, each list on a
       * line of its own (its items joined), under the quote. */
      {
        const char *lists[] = { waymark_persona_get_goals (self->persona),
                                waymark_persona_get_frustrations (self->persona) };
        const char *headings[] = { _("Goals"), _("Frustrations") };

        for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
          {
            g_auto(GStrv) items = NULL;
            g_autoptr(GString) line = NULL;
            char *styled;

            items = g_strsplit_set (lists[i] != NULL ? lists[i] : "", "\r\n", -1);
            line = g_string_new (NULL);
            for (guint k = 0; items[k] != NULL; k++)
              {
                g_autofree char *item = g_strstrip (g_strdup (items[k]));
                g_autofree char *escaped = NULL;

                if (*item == '\0')
                  continue;
                escaped = g_markup_escape_text (item, -1);
                if (line->len > 0)
                  g_string_append (line, " · ");
                g_string_append (line, escaped);
              }
            if (line->len == 0)
              continue;
            styled = g_strdup_printf ("%s\n<b>%s</b>  <span alpha='70%%'>%s</span>", markup, headings[i], line->str);
            g_free (markup);
            markup = styled;
          }
      }

      self->persona_text = make_text (self, "", PERSONA_SIZE, PANGO_WEIGHT_NORMAL,
                                      PANGO_STYLE_NORMAL, 420, 4);
      pango_layout_set_markup (self->persona_text, markup, -1);
      band_height = MAX (band_height, MAX (PERSONA_AVATAR, text_height (self->persona_text)));
    }

  self->title_rect.x = WAYMARK_LAYOUT_MARGIN;
  self->title_rect.y = WAYMARK_LAYOUT_MARGIN;
  self->title_rect.width = title_w;
  self->title_rect.height = band_height;
}

/* Which metric values belong to which card and stage, for the badges. */
static void
index_metrics (WaymarkLayout *self)
{
  GPtrArray *values = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC_VALUE);

  g_hash_table_remove_all (self->values);

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      gint64 owner_id = waymark_metric_value_get_card (value);
      WaymarkObject *owner;
      GPtrArray *list;

      if (owner_id == 0)
        owner_id = waymark_metric_value_get_stage (value);
      if (owner_id == 0 || !(owner = waymark_document_lookup (self->document, owner_id)))
        continue;
      if (!(list = g_hash_table_lookup (self->values, owner)))
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (self->values, owner, list);
        }
      g_ptr_array_add (list, value);
    }
}

/* A stage value on the emotion scale, −3 to +3: shares around half,
 * NPS around zero, a scale around its middle, anything else over the
 * range of the map's stage values; turned round when lower is better. */
static double
emotion_score (const WaymarkMetricDefinition *definition,
               double                         value,
               double                         lowest,
               double                         highest)
{
  double score;

  switch (definition->kind)
    {
    case WAYMARK_METRIC_KIND_NPS:
      score = value / 100 * 3;
      break;
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_RATE:
    case WAYMARK_METRIC_KIND_TOP_BOX:
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
      score = (value - 50) / 50 * 3;
      break;
    case WAYMARK_METRIC_KIND_CES:
      {
        double lo = isnan (definition->scale_min) ? 1 : definition->scale_min;
        double hi = isnan (definition->scale_max) ? 7 : definition->scale_max;

        score = hi > lo ? (value - (lo + hi) / 2) / ((hi - lo) / 2) * 3 : 0;
      }
      break;
    default:
      score = highest > lowest ? (value - lowest) / (highest - lowest) * 6 - 3 : 0;
      break;
    }

  if (definition->direction == WAYMARK_METRIC_LOWER_IS_BETTER ||
      definition->kind == WAYMARK_METRIC_KIND_BOTTOM_BOX)
    score = -score;
  return CLAMP (score, -3.0, 3.0);
}

/* When a metric drives the emotion curve, its stage values replace the
 * points drawn by hand in every emotion lane of the map. */
static void
add_metric_emotions (WaymarkLayout *self)
{
  GPtrArray *metrics = waymark_document_get_items (self->document, WAYMARK_TYPE_METRIC);
  const WaymarkMetricDefinition *definition = NULL;
  WaymarkMetric *metric = NULL;
  double lowest = G_MAXDOUBLE, highest = -G_MAXDOUBLE;

  for (guint i = 0; i < metrics->len && metric == NULL; i++)
    {
      const WaymarkMetricDefinition *candidate = waymark_metric_get_definition (g_ptr_array_index (metrics, i));

      if (candidate != NULL && candidate->emotion_curve)
        {
          metric = g_ptr_array_index (metrics, i);
          definition = candidate;
        }
    }
  if (metric == NULL)
    return;

  for (guint s = 0; s < self->stages->len; s++)
    {
      GPtrArray *badges = g_array_index (self->stages, WaymarkLayoutStage, s).badges;

      for (guint b = 0; badges != NULL && b < badges->len; b++)
        {
          const WaymarkLayoutBadge *badge = g_ptr_array_index (badges, b);

          if (badge->metric == waymark_object_get_id (WAYMARK_OBJECT (metric)) && !isnan (badge->value))
            {
              lowest = MIN (lowest, badge->value);
              highest = MAX (highest, badge->value);
            }
        }
    }
  if (lowest > highest)
    return;

  for (guint l = 0; l < self->lanes->len; l++)
    {
      WaymarkLayoutLane *row = &g_array_index (self->lanes, WaymarkLayoutLane, l);

      if (!row->is_emotion || waymark_lane_get_collapsed (row->lane))
        continue;
      row->emotion_metric = metric;

      /* The metric's values replace the hand-set points of their stages;
       * a stage it has no value for keeps its hand-set point, marked as
       * such. The hand-set scores stay in the document either way. */
      for (guint i = self->emotions->len; i > 0; i--)
        {
          WaymarkLayoutEmotion *point = &g_array_index (self->emotions, WaymarkLayoutEmotion, i - 1);
          const WaymarkLayoutStage *column;
          gboolean has_value = FALSE;

          if (point->lane_index != l)
            continue;
          column = &g_array_index (self->stages, WaymarkLayoutStage, point->stage_index);
          for (guint b = 0; column->badges != NULL && b < column->badges->len; b++)
            {
              const WaymarkLayoutBadge *badge = g_ptr_array_index (column->badges, b);

              if (badge->metric == waymark_object_get_id (WAYMARK_OBJECT (metric)) && !isnan (badge->value))
                has_value = TRUE;
            }
          if (has_value)
            g_array_remove_index (self->emotions, i - 1);
          else
            {
              const char *note = point->emotion ? waymark_emotion_get_label (point->emotion) : "";
              g_autofree char *text = note[0] != '\0'
                /* Translators: an emotion point's note, in a curve drawn from a metric with no value for its stage */
                ? g_strdup_printf (_("%s (set by hand)"), note)
                /* Translators: an emotion point in a curve drawn from a metric with no value for its stage */
                : g_strdup (_("set by hand"));

              point->by_hand = TRUE;
              g_clear_object (&point->label);
              point->label = make_text (self, text, EMOTION_LABEL_SIZE, PANGO_WEIGHT_NORMAL,
                                        PANGO_STYLE_ITALIC, column->width - 16, 2);
            }
        }

      for (guint s = 0; s < self->stages->len; s++)
        {
          const WaymarkLayoutStage *column = &g_array_index (self->stages, WaymarkLayoutStage, s);

          for (guint b = 0; column->badges != NULL && b < column->badges->len; b++)
            {
              const WaymarkLayoutBadge *badge = g_ptr_array_index (column->badges, b);
              WaymarkLayoutEmotion point = { NULL, };
              g_autofree char *label = NULL;
              double score;

              if (badge->metric != waymark_object_get_id (WAYMARK_OBJECT (metric)) || isnan (badge->value))
                continue;
              score = emotion_score (definition, badge->value, lowest, highest);
              label = format_value (waymark_metric_get_kind (metric), badge->value, definition->unit);
              point.stage_index = s;
              point.lane_index = l;
              point.score = (int) lround (score);
              point.x = column->x + column->width / 2;
              point.y = waymark_layout_emotion_y (self, l, score);
              point.label = make_text (self, label, EMOTION_LABEL_SIZE, PANGO_WEIGHT_BOLD,
                                       PANGO_STYLE_NORMAL, column->width - 16, 1);
              g_array_append_val (self->emotions, point);
            }
        }
    }
}

static gboolean
update (WaymarkLayout *self)
{
  WaymarkObject *map_object = waymark_document_lookup (self->document, self->map);
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GHashTable) stage_index = NULL;
  g_autoptr(GHashTable) lane_index = NULL;
  g_autoptr(GArray) slots = NULL;
  g_autofree double *cursor = NULL;
  guint columns;
  GPtrArray *all_cards;
  GPtrArray *all_emotions;
  GPtrArray *all_connectors;
  GHashTableIter iter;
  gpointer value;
  double x, y, header_height;
  guint n_stages, n_lanes;

  self->pass++;
  g_array_set_size (self->stages, 0);
  g_array_set_size (self->lanes, 0);
  g_array_set_size (self->cards, 0);
  g_array_set_size (self->emotions, 0);
  g_array_set_size (self->connectors, 0);
  g_hash_table_remove_all (self->card_index);
  self->persona = NULL;

  if (!WAYMARK_IS_MAP (map_object))
    {
      g_clear_object (&self->title);
      g_clear_object (&self->subtitle);
      g_clear_object (&self->persona_text);
      self->width = self->height = 0;
      self->header_top = self->header_bottom = 0;
      g_hash_table_remove_all (self->card_cache);
      return TRUE;
    }

  layout_band (self, WAYMARK_MAP (map_object));
  index_metrics (self);
  self->stage_values = FALSE;

  stages = sorted_children (self, WAYMARK_TYPE_STAGE);
  lanes = sorted_children (self, WAYMARK_TYPE_LANE);
  n_stages = stages->len;
  n_lanes = lanes->len;
  stage_index = g_hash_table_new (NULL, NULL);
  lane_index = g_hash_table_new (NULL, NULL);

  /* Stage columns: a manual width, or wide enough for the title on one
   * line within reason. */
  x = WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER;
  header_height = STAGE_HEADER_MIN;
  for (guint i = 0; i < n_stages; i++)
    {
      WaymarkStage *stage = g_ptr_array_index (stages, i);
      const char *description = waymark_stage_get_description (stage);
      WaymarkLayoutStage column = { stage, };
      double width = waymark_stage_get_width (stage);
      double text_w, h;

      g_hash_table_insert (stage_index, stage,
                           GUINT_TO_POINTER (i + 1));

      if (width <= 0)
        {
          PangoLayout *probe = make_text (self, waymark_stage_get_title (stage), STAGE_TITLE_SIZE,
                                          PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, 0, 0);

          width = text_width (probe) + 2 * WAYMARK_LAYOUT_CELL_PADDING + 8;
          width = CLAMP (width, WAYMARK_LAYOUT_STAGE_WIDTH * self->text_scale,
                         MAX (STAGE_AUTO_MAX, WAYMARK_LAYOUT_STAGE_WIDTH * self->text_scale));
          g_object_unref (probe);
        }
      width = ceil (CLAMP (width, WAYMARK_LAYOUT_STAGE_MIN, WAYMARK_LAYOUT_STAGE_MAX));
      /* Cards side by side: the stage as wide as that many columns of cards. */
      if (self->cell_columns > 1)
        width = self->cell_columns * (width - 2 * WAYMARK_LAYOUT_CELL_PADDING) +
                (self->cell_columns - 1) * WAYMARK_LAYOUT_CARD_GAP + 2 * WAYMARK_LAYOUT_CELL_PADDING;
      text_w = width - 2 * WAYMARK_LAYOUT_CELL_PADDING - 8;

      column.x = x;
      column.width = width;
      column.title = make_text (self, waymark_stage_get_title (stage), STAGE_TITLE_SIZE,
                                PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, text_w, 3);
      h = 12 + text_height (column.title);
      if (*description != '\0')
        {
          column.description = make_text (self, description, STAGE_DESC_SIZE, PANGO_WEIGHT_NORMAL,
                                          PANGO_STYLE_NORMAL, text_w, 3);
          h += 4 + text_height (column.description);
        }
      {
        g_autoptr(GString) signature = g_string_new (NULL);

        column.badges = make_badges (self, stage, text_w + 8, signature);
        self->stage_values |= column.badges != NULL;
        if (column.badges != NULL)
          {
            column.badges_y = h + 6;
            h += 6 + column.badges->len * (WAYMARK_LAYOUT_BADGE_HEIGHT + 2);
          }
      }
      header_height = MAX (header_height, h + 16);
      g_array_append_val (self->stages, column);
      x += width;
    }
  header_height = ceil (header_height);

  self->header_top = ceil (self->title_rect.y + self->title_rect.height + 20);
  self->header_bottom = self->header_top + header_height;
  for (guint i = 0; i < n_stages; i++)
    {
      WaymarkLayoutStage *column = &g_array_index (self->stages, WaymarkLayoutStage, i);

      column->header = (WaymarkRect) { column->x, self->header_top, column->width, header_height };
    }

  for (guint i = 0; i < n_lanes; i++)
    {
      WaymarkLane *lane = g_ptr_array_index (lanes, i);
      WaymarkLayoutLane row = { lane, };
      double text_w = WAYMARK_LAYOUT_LANE_HEADER - 2 * WAYMARK_LAYOUT_CELL_PADDING - 6;
      const char *kind = waymark_lane_get_kind (lane);
      const char * const *kinds = waymark_lane_kinds ();

      g_hash_table_insert (lane_index, lane,
                           GUINT_TO_POINTER (i + 1));
      row.is_emotion = g_str_equal (kind, "emotions");
      row.title = make_text (self, waymark_lane_get_title (lane), LANE_TITLE_SIZE,
                             PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, text_w,
                             waymark_lane_get_collapsed (lane) ? -1 : 4);
      if (!waymark_lane_get_collapsed (lane))
        {
          const char *name = kind;

          for (guint k = 0; kinds[k] != NULL; k++)
            if (g_str_equal (kinds[k], kind))
              name = waymark_lane_kind_label (kind);
          /* The kind only says something when the title does not. */
          if (g_utf8_collate (name, waymark_lane_get_title (lane)) != 0)
            {
              row.kind = make_text (self, name, LANE_KIND_SIZE, PANGO_WEIGHT_NORMAL,
                                    PANGO_STYLE_NORMAL, text_w, 1);
              keep_beside_icon (row.kind);
            }
        }
      g_array_append_val (self->lanes, row);
    }

  /* Cards in lane, stage and position order, so each lane can be stacked
   * left to right: a card spanning stages starts below the lowest card of
   * every stage it covers. */
  all_cards = waymark_document_get_items (self->document, WAYMARK_TYPE_CARD);
  slots = g_array_sized_new (FALSE, FALSE, sizeof (CardSlot), all_cards->len);
  for (guint i = 0; i < all_cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (all_cards, i);
      gint64 stage_id = waymark_card_get_stage (card);
      gint64 lane_id = waymark_card_get_lane (card);
      guint s = GPOINTER_TO_UINT (g_hash_table_lookup (stage_index, waymark_document_lookup (self->document, stage_id)));
      guint l = GPOINTER_TO_UINT (g_hash_table_lookup (lane_index, waymark_document_lookup (self->document, lane_id)));
      CardSlot slot;

      if (s == 0 || l == 0)
        continue;
      slot = (CardSlot) { card, s - 1, l - 1, waymark_card_get_position (card) };
      g_array_append_val (slots, slot);
      g_array_index (self->lanes, WaymarkLayoutLane, l - 1).n_cards++;
    }
  g_array_sort (slots, compare_slots);

  /* Where the next card goes down each stage's columns of cards. */
  columns = MAX (self->cell_columns, 1);
  cursor = g_new0 (double, MAX (n_stages, 1) * columns);
  y = self->header_bottom;
  for (guint l = 0, k = 0; l < n_lanes; l++)
    {
      WaymarkLayoutLane *row = &g_array_index (self->lanes, WaymarkLayoutLane, l);
      gboolean collapsed = waymark_lane_get_collapsed (row->lane);
      double content = 0;
      double header_need;
      guint first_card = self->cards->len;
      guint last_stage = G_MAXUINT;
      guint in_cell = 0;

      for (guint s = 0; s < n_stages * columns; s++)
        cursor[s] = y + WAYMARK_LAYOUT_CELL_PADDING;

      for (; k < slots->len && g_array_index (slots, CardSlot, k).lane == l; k++)
        {
          CardSlot *slot = &g_array_index (slots, CardSlot, k);
          WaymarkLayoutCard placed = { slot->card, slot->stage, l, };
          const WaymarkLayoutStage *first = &g_array_index (self->stages, WaymarkLayoutStage, slot->stage);
          const WaymarkLayoutStage *last;
          CardCache *cache;
          double top = 0, width;
          guint span = self->no_spans ? 1 : (guint) MAX (1, waymark_card_get_span (slot->card));

          span = MIN (span, n_stages - slot->stage);
          last = &g_array_index (self->stages, WaymarkLayoutStage, slot->stage + span - 1);
          width = last->x + last->width - first->x - 2 * WAYMARK_LAYOUT_CELL_PADDING;

          in_cell = slot->stage == last_stage ? in_cell + 1 : 0;
          last_stage = slot->stage;

          placed.span = span;
          placed.index = in_cell;
          if (collapsed)
            {
              /* Hidden cards keep a place for hit-testing and search, with no size. */
              placed.rect = (WaymarkRect) { first->x + WAYMARK_LAYOUT_CELL_PADDING, y, width, 0 };
              g_array_append_val (self->cards, placed);
              continue;
            }

          if (span == 1 && columns > 1)
            {
              /* Side by side: the column of cards that ends highest. */
              double column_w = (width - (columns - 1) * WAYMARK_LAYOUT_CARD_GAP) / columns;
              guint best = 0;

              for (guint c = 1; c < columns; c++)
                if (cursor[slot->stage * columns + c] < cursor[slot->stage * columns + best] - 0.5)
                  best = c;
              cache = measure_card (self, slot->card, column_w);
              top = cursor[slot->stage * columns + best];
              placed.rect = (WaymarkRect) { first->x + WAYMARK_LAYOUT_CELL_PADDING + best * (column_w + WAYMARK_LAYOUT_CARD_GAP),
                                            top, column_w, cache->height };
              cursor[slot->stage * columns + best] = top + cache->height + WAYMARK_LAYOUT_CARD_GAP;
            }
          else
            {
              cache = measure_card (self, slot->card, width);
              for (guint s = slot->stage * columns; s < (slot->stage + span) * columns; s++)
                top = MAX (top, cursor[s]);
              placed.rect = (WaymarkRect) { first->x + WAYMARK_LAYOUT_CELL_PADDING, top, width, cache->height };
              for (guint s = slot->stage * columns; s < (slot->stage + span) * columns; s++)
                cursor[s] = top + cache->height + WAYMARK_LAYOUT_CARD_GAP;
            }
          placed.title = cache->title_layout;
          placed.body = cache->body_layout;
          placed.footer = cache->footer_layout;
          placed.footer_y = cache->footer_y;
          placed.title_height = cache->title_height;
          placed.body_height = cache->body_height;
          placed.footer_height = self->footer_height;
          placed.badges = cache->badges;
          placed.badges_y = cache->badges_y;
          placed.n_comments = cache->n_comments;
          placed.votes = cache->votes;
          placed.votes_y = cache->votes_y;
          placed.serial = cache->serial;
          g_array_append_val (self->cards, placed);
        }

      for (guint s = 0; s < n_stages * columns; s++)
        content = MAX (content, cursor[s] - y);
      header_need = 2 * WAYMARK_LAYOUT_CELL_PADDING + text_height (row->title) +
                    (row->kind ? 2 + text_height (row->kind) : 0);

      if (collapsed)
        row->height = WAYMARK_LAYOUT_LANE_COLLAPSED;
      else if (g_str_equal (waymark_lane_get_kind (row->lane), "metrics") && self->stage_values)
        row->height = MAX (MAX (WAYMARK_LAYOUT_METRICS_HEIGHT * self->text_scale, header_need),
                           content + WAYMARK_LAYOUT_SLOT);
      else if (row->is_emotion)
        /* Cards are not added here, but nudging one down a lane or a file
         * can put some here: the row still holds them. */
        row->height = MAX (MAX (WAYMARK_LAYOUT_EMOTION_HEIGHT * self->text_scale, content + WAYMARK_LAYOUT_SLOT),
                           header_need);
      else
        /* Room below the last card for the slot where the next one goes. */
        row->height = MAX (MAX (WAYMARK_LAYOUT_LANE_MIN, content + WAYMARK_LAYOUT_SLOT), header_need);
      if (!collapsed)
        row->height = MAX (row->height, waymark_lane_get_height (row->lane));
      row->height = ceil (row->height);
      row->y = y;
      row->header = (WaymarkRect) { WAYMARK_LAYOUT_MARGIN, y, WAYMARK_LAYOUT_LANE_HEADER, row->height };
      y += row->height;

      for (guint c = first_card; c < self->cards->len; c++)
        {
          WaymarkLayoutCard *card = &g_array_index (self->cards, WaymarkLayoutCard, c);

          g_hash_table_insert (self->card_index,
                               card->card,
                               GUINT_TO_POINTER (c + 1));
        }
    }

  self->width = ceil (x + WAYMARK_LAYOUT_MARGIN);
  self->width = MAX (self->width, ceil (self->title_rect.x + self->title_rect.width + WAYMARK_LAYOUT_MARGIN));
  if (self->persona != NULL)
    self->width = MAX (self->width, WAYMARK_LAYOUT_MARGIN + WAYMARK_LAYOUT_LANE_HEADER + 560 + 420 + WAYMARK_LAYOUT_MARGIN);
  self->height = ceil (y + WAYMARK_LAYOUT_MARGIN);

  /* Emotion points: one per stage of an emotion lane, or per card. */
  all_emotions = waymark_document_get_items (self->document, WAYMARK_TYPE_EMOTION);
  for (guint i = 0; i < all_emotions->len; i++)
    {
      WaymarkEmotion *emotion = g_ptr_array_index (all_emotions, i);
      gint64 stage_id = waymark_emotion_get_stage (emotion);
      gint64 lane_id = waymark_emotion_get_lane (emotion);
      gint64 card_id = waymark_emotion_get_card (emotion);
      guint s = GPOINTER_TO_UINT (g_hash_table_lookup (stage_index, waymark_document_lookup (self->document, stage_id)));
      guint l = GPOINTER_TO_UINT (g_hash_table_lookup (lane_index, waymark_document_lookup (self->document, lane_id)));
      const WaymarkLayoutStage *column;
      const WaymarkLayoutLane *row;
      WaymarkLayoutEmotion point = { emotion, };
      const char *label = waymark_emotion_get_label (emotion);

      if (s == 0 || l == 0)
        continue;
      column = &g_array_index (self->stages, WaymarkLayoutStage, s - 1);
      row = &g_array_index (self->lanes, WaymarkLayoutLane, l - 1);
      if (waymark_lane_get_collapsed (row->lane))
        continue;

      point.stage_index = s - 1;
      point.lane_index = l - 1;
      point.score = waymark_emotion_get_score (emotion);
      point.x = column->x + column->width / 2;
      if (card_id != 0)
        {
          guint c = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, waymark_document_lookup (self->document, card_id)));

          if (c != 0)
            {
              const WaymarkRect *r = &g_array_index (self->cards, WaymarkLayoutCard, c - 1).rect;

              point.x = r->x + r->width / 2;
            }
        }
      point.y = waymark_layout_emotion_y (self, l - 1, point.score);
      if (*label != '\0')
        point.label = make_text (self, label, EMOTION_LABEL_SIZE, PANGO_WEIGHT_NORMAL,
                                 PANGO_STYLE_NORMAL, column->width - 16, 2);
      g_array_append_val (self->emotions, point);
    }

  add_metric_emotions (self);

  all_connectors = waymark_document_get_items (self->document, WAYMARK_TYPE_CONNECTOR);
  for (guint i = 0; i < all_connectors->len; i++)
    {
      WaymarkConnector *connector = g_ptr_array_index (all_connectors, i);
      gint64 source = waymark_connector_get_source (connector);
      gint64 target = waymark_connector_get_target (connector);
      guint a = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, waymark_document_lookup (self->document, source)));
      guint b = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, waymark_document_lookup (self->document, target)));
      WaymarkLayoutConnector link = { connector, a - 1, b - 1 };

      if (a == 0 || b == 0 || a == b ||
          g_array_index (self->cards, WaymarkLayoutCard, a - 1).rect.height == 0 ||
          g_array_index (self->cards, WaymarkLayoutCard, b - 1).rect.height == 0)
        continue;
      g_array_append_val (self->connectors, link);
    }

  /* Forget the measurements of cards that are gone. */
  g_hash_table_iter_init (&iter, self->card_cache);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((CardCache *) value)->seen != self->pass)
      g_hash_table_iter_remove (&iter);

  return TRUE;
}

static void
document_changed_cb (WaymarkLayout   *self,
                     WaymarkObject   *object,
                     WaymarkChange    change,
                     GParamSpec      *pspec,
                     WaymarkDocument *document)
{
  static const char * const looks[] = {
    "title", "body", "channel", "color", "severity", "owner", "status", "kind", NULL
  };

  /* A comment changes its card's marker, which may rewrap its title. */
  if (object != NULL && WAYMARK_IS_COMMENT (object))
    {
      WaymarkObject *card = waymark_document_lookup (document, waymark_comment_get_card (WAYMARK_COMMENT (object)));

      g_clear_pointer (&self->comments, g_hash_table_unref);
      if (!self->dirty && WAYMARK_IS_CARD (card) && !g_ptr_array_find (self->dirty_cards, card, NULL))
        g_ptr_array_add (self->dirty_cards, g_object_ref (card));
      return;
    }
  /* Datasets do not move anything on the grid; metric values show as badges. */
  if (object != NULL && WAYMARK_IS_DATASET (object))
    return;

  /* Typing in a card changes that card alone, unless it grows or
   * shrinks: remember it, and let the update find out. */
  if (!self->dirty && change == WAYMARK_CHANGE_UPDATED && WAYMARK_IS_CARD (object) &&
      pspec != NULL && g_strv_contains (looks, pspec->name))
    {
      if (!g_ptr_array_find (self->dirty_cards, object, NULL))
        g_ptr_array_add (self->dirty_cards, g_object_ref (object));
      return;
    }

  self->dirty = TRUE;
}

/* Re-measures the cards that only changed their look. Returns FALSE if
 * one of them changed its size, so that everything must be laid out. */
static gboolean
update_cards (WaymarkLayout *self)
{
  g_array_set_size (self->changed, 0);

  for (guint i = 0; i < self->dirty_cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (self->dirty_cards, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, card));
      WaymarkLayoutCard *placed;
      CardCache *cache;

      if (index == 0)
        continue;
      placed = &g_array_index (self->cards, WaymarkLayoutCard, index - 1);
      if (placed->rect.height <= 0)
        continue;

      cache = measure_card (self, card, placed->rect.width);
      if (cache->height != placed->rect.height)
        return FALSE;

      placed->title = cache->title_layout;
      placed->body = cache->body_layout;
      placed->footer = cache->footer_layout;
      placed->footer_y = cache->footer_y;
      placed->title_height = cache->title_height;
      placed->body_height = cache->body_height;
      placed->footer_height = self->footer_height;
      placed->badges = cache->badges;
      placed->badges_y = cache->badges_y;
      placed->n_comments = cache->n_comments;
      placed->votes = cache->votes;
      placed->votes_y = cache->votes_y;
      placed->serial = cache->serial;
      index--;
      g_array_append_val (self->changed, index);
    }

  return TRUE;
}

static void
waymark_layout_dispose (GObject *object)
{
  WaymarkLayout *self = WAYMARK_LAYOUT (object);

  g_clear_signal_handler (&self->changed_id, self->document);
  g_clear_object (&self->document);
  g_clear_object (&self->title);
  g_clear_object (&self->subtitle);
  g_clear_object (&self->persona_text);
  g_clear_pointer (&self->stages, g_array_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->cards, g_array_unref);
  g_clear_pointer (&self->emotions, g_array_unref);
  g_clear_pointer (&self->connectors, g_array_unref);
  g_clear_pointer (&self->card_index, g_hash_table_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->comments, g_hash_table_unref);
  g_clear_pointer (&self->card_cache, g_hash_table_unref);
  g_clear_pointer (&self->dirty_cards, g_ptr_array_unref);
  for (guint i = 0; i < N_STYLES; i++)
    clear_style (&self->styles[i]);
  g_clear_pointer (&self->changed, g_array_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (waymark_layout_parent_class)->dispose (object);
}

static void
waymark_layout_class_init (WaymarkLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = waymark_layout_dispose;
}

static void
waymark_layout_init (WaymarkLayout *self)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: the same line breaks at every zoom and in every export. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (self->context, options);
  pango_cairo_context_set_resolution (self->context, 72.0);
  pango_context_set_round_glyph_positions (self->context, FALSE);
  cairo_font_options_destroy (options);

  self->text_scale = 1.0;
  self->stages = g_array_new (FALSE, TRUE, sizeof (WaymarkLayoutStage));
  self->lanes = g_array_new (FALSE, TRUE, sizeof (WaymarkLayoutLane));
  self->cards = g_array_new (FALSE, TRUE, sizeof (WaymarkLayoutCard));
  self->emotions = g_array_new (FALSE, TRUE, sizeof (WaymarkLayoutEmotion));
  self->connectors = g_array_new (FALSE, TRUE, sizeof (WaymarkLayoutConnector));
  g_array_set_clear_func (self->stages, clear_stage);
  g_array_set_clear_func (self->lanes, clear_lane);
  g_array_set_clear_func (self->emotions, clear_emotion);
  self->card_index = g_hash_table_new (NULL, NULL);
  self->values = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->card_cache = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, card_cache_free);
  self->dirty = TRUE;
  self->dirty_cards = g_ptr_array_new_with_free_func (g_object_unref);
  self->changed = g_array_new (FALSE, FALSE, sizeof (guint));
}

/**
 * waymark_layout_new:
 * @document: a document
 * @map: the id of one of its maps
 *
 * Returns: (transfer full): a layout that follows @document's changes;
 *   call waymark_layout_update() before reading it
 */
WaymarkLayout *
waymark_layout_new (WaymarkDocument *document,
                    gint64           map)
{
  WaymarkLayout *self;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  self = g_object_new (WAYMARK_TYPE_LAYOUT, NULL);
  self->document = g_object_ref (document);
  self->map = map;
  self->changed_id = g_signal_connect_swapped (document, "changed",
                                               G_CALLBACK (document_changed_cb), self);
  return self;
}

WaymarkDocument *
waymark_layout_get_document (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), NULL);
  return self->document;
}

gint64
waymark_layout_get_map (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), 0);
  return self->map;
}

PangoContext *
waymark_layout_get_context (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), NULL);
  return self->context;
}

const char *
waymark_layout_get_font_family (WaymarkLayout *self)
{
  return FONT_FAMILY;
}

double
waymark_layout_get_text_scale (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), 1.0);
  return self->text_scale;
}

/**
 * waymark_layout_set_text_scale:
 *
 * Makes every text @scale times larger, as presentation mode does.
 */
void
waymark_layout_set_text_scale (WaymarkLayout *self,
                               double         scale)
{
  g_return_if_fail (WAYMARK_IS_LAYOUT (self));
  g_return_if_fail (scale >= 0.25 && scale <= 8);

  if (self->text_scale == scale)
    return;
  self->text_scale = scale;
  self->footer_height = 0;
  for (guint i = 0; i < N_STYLES; i++)
    clear_style (&self->styles[i]);
  g_hash_table_remove_all (self->card_cache);
  self->dirty = TRUE;
}

/**
 * waymark_layout_set_cell_columns:
 * @columns: 1 to 4
 *
 * Puts the cards of a cell side by side in @columns columns, the stages
 * that much wider: a map wide rather than tall, for paper. Cards that span
 * stages still span them whole.
 */
void
waymark_layout_set_cell_columns (WaymarkLayout *self,
                                 guint          columns)
{
  g_return_if_fail (WAYMARK_IS_LAYOUT (self));

  columns = CLAMP (columns, 1, 4);
  if (MAX (self->cell_columns, 1) == columns)
    return;
  self->cell_columns = columns;
  self->dirty = TRUE;
}

/**
 * waymark_layout_set_spans:
 * @spans: whether cards span the stages they are set to span
 *
 * Without spans every card lies in its first stage alone, as wide as that
 * stage: a deck, a page for each stage, then shows each card whole on
 * one page instead of cut at the stage's edge.
 */
void
waymark_layout_set_spans (WaymarkLayout *self,
                          gboolean       spans)
{
  g_return_if_fail (WAYMARK_IS_LAYOUT (self));

  if (self->no_spans == !spans)
    return;
  self->no_spans = !spans;
  self->dirty = TRUE;
}

guint
waymark_layout_get_cell_columns (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), 1);
  return MAX (self->cell_columns, 1);
}

/**
 * waymark_layout_update:
 *
 * Recomputes the geometry if the document changed since the last update.
 *
 * Returns: %TRUE if anything was recomputed
 */
gboolean
waymark_layout_update (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), FALSE);

  if (!self->dirty && self->dirty_cards->len == 0)
    return FALSE;

  if (!self->dirty && update_cards (self))
    {
      g_ptr_array_set_size (self->dirty_cards, 0);
      self->generation++;
      return TRUE;
    }

  g_array_set_size (self->changed, 0);
  g_ptr_array_set_size (self->dirty_cards, 0);
  self->dirty = FALSE;
  update (self);
  self->generation++;
  return TRUE;
}

/**
 * waymark_layout_get_changed_cards:
 * @n_changed: (out): how many
 *
 * After an update that only redid some cards in place (same size, same
 * place: typing, a new colour), their indices; otherwise %NULL, and
 * everything may have moved.
 */
const guint *
waymark_layout_get_changed_cards (WaymarkLayout *self,
                                  guint         *n_changed)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), NULL);

  *n_changed = self->changed->len;
  return self->changed->len ? (const guint *) (gpointer) self->changed->data : NULL;
}

guint
waymark_layout_get_generation (WaymarkLayout *self)
{
  g_return_val_if_fail (WAYMARK_IS_LAYOUT (self), 0);
  return self->generation;
}

void
waymark_layout_get_size (WaymarkLayout *self,
                         double        *width,
                         double        *height)
{
  g_return_if_fail (WAYMARK_IS_LAYOUT (self));

  if (width)
    *width = self->width;
  if (height)
    *height = self->height;
}

const WaymarkRect *
waymark_layout_get_title_rect (WaymarkLayout *self)
{
  return &self->title_rect;
}

PangoLayout *
waymark_layout_get_title (WaymarkLayout *self)
{
  return self->title;
}

PangoLayout *
waymark_layout_get_subtitle (WaymarkLayout *self)
{
  return self->subtitle;
}

WaymarkPersona *
waymark_layout_get_persona (WaymarkLayout *self)
{
  return self->persona;
}

PangoLayout *
waymark_layout_get_persona_text (WaymarkLayout *self)
{
  return self->persona_text;
}

double
waymark_layout_get_header_top (WaymarkLayout *self)
{
  return self->header_top;
}

double
waymark_layout_get_header_bottom (WaymarkLayout *self)
{
  return self->header_bottom;
}

const WaymarkLayoutStage *
waymark_layout_get_stages (WaymarkLayout *self,
                           guint         *n_stages)
{
  *n_stages = self->stages->len;
  return (const WaymarkLayoutStage *) (gpointer) self->stages->data;
}

const WaymarkLayoutLane *
waymark_layout_get_lanes (WaymarkLayout *self,
                          guint         *n_lanes)
{
  *n_lanes = self->lanes->len;
  return (const WaymarkLayoutLane *) (gpointer) self->lanes->data;
}

const WaymarkLayoutCard *
waymark_layout_get_cards (WaymarkLayout *self,
                          guint         *n_cards)
{
  *n_cards = self->cards->len;
  return (const WaymarkLayoutCard *) (gpointer) self->cards->data;
}

const WaymarkLayoutEmotion *
waymark_layout_get_emotions (WaymarkLayout *self,
                             guint         *n_emotions)
{
  *n_emotions = self->emotions->len;
  return (const WaymarkLayoutEmotion *) (gpointer) self->emotions->data;
}

const WaymarkLayoutConnector *
waymark_layout_get_connectors (WaymarkLayout *self,
                               guint         *n_connectors)
{
  *n_connectors = self->connectors->len;
  return (const WaymarkLayoutConnector *) (gpointer) self->connectors->data;
}

const WaymarkLayoutCard *
waymark_layout_find_card (WaymarkLayout *self,
                          gint64         card)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->card_index, waymark_document_lookup (self->document, card)));

  return index ? &g_array_index (self->cards, WaymarkLayoutCard, index - 1) : NULL;
}

int
waymark_layout_find_stage (WaymarkLayout *self,
                           gint64         stage)
{
  for (guint i = 0; i < self->stages->len; i++)
    if (waymark_object_get_id (WAYMARK_OBJECT (g_array_index (self->stages, WaymarkLayoutStage, i).stage)) == stage)
      return i;
  return -1;
}

int
waymark_layout_find_lane (WaymarkLayout *self,
                          gint64         lane)
{
  for (guint i = 0; i < self->lanes->len; i++)
    if (waymark_object_get_id (WAYMARK_OBJECT (g_array_index (self->lanes, WaymarkLayoutLane, i).lane)) == lane)
      return i;
  return -1;
}

WaymarkRect
waymark_layout_get_cell_rect (WaymarkLayout *self,
                              guint          stage_index,
                              guint          lane_index)
{
  const WaymarkLayoutStage *column;
  const WaymarkLayoutLane *row;
  WaymarkRect none = { 0, };

  g_return_val_if_fail (stage_index < self->stages->len, none);
  g_return_val_if_fail (lane_index < self->lanes->len, none);

  column = &g_array_index (self->stages, WaymarkLayoutStage, stage_index);
  row = &g_array_index (self->lanes, WaymarkLayoutLane, lane_index);
  return (WaymarkRect) { column->x, row->y, column->width, row->height };
}

gboolean
waymark_layout_cell_at (WaymarkLayout *self,
                        double         x,
                        double         y,
                        guint         *stage_index,
                        guint         *lane_index)
{
  guint s = G_MAXUINT, l = G_MAXUINT;

  /* Columns and rows are sorted: bisect. */
  for (guint lo = 0, hi = self->stages->len; lo < hi;)
    {
      guint mid = (lo + hi) / 2;
      const WaymarkLayoutStage *column = &g_array_index (self->stages, WaymarkLayoutStage, mid);

      if (x < column->x)
        hi = mid;
      else if (x >= column->x + column->width)
        lo = mid + 1;
      else
        {
          s = mid;
          break;
        }
    }
  for (guint lo = 0, hi = self->lanes->len; lo < hi;)
    {
      guint mid = (lo + hi) / 2;
      const WaymarkLayoutLane *row = &g_array_index (self->lanes, WaymarkLayoutLane, mid);

      if (y < row->y)
        hi = mid;
      else if (y >= row->y + row->height)
        lo = mid + 1;
      else
        {
          l = mid;
          break;
        }
    }

  if (stage_index)
    *stage_index = s;
  if (lane_index)
    *lane_index = l;
  return s != G_MAXUINT && l != G_MAXUINT;
}

/* Where a score sits in an emotion lane: +3 at the top, -3 at the bottom. */
double
waymark_layout_emotion_y (WaymarkLayout *self,
                          guint          lane_index,
                          double         score)
{
  const WaymarkLayoutLane *row;
  double top, bottom;

  g_return_val_if_fail (lane_index < self->lanes->len, 0);

  row = &g_array_index (self->lanes, WaymarkLayoutLane, lane_index);
  top = row->y + EMOTION_MARGIN * self->text_scale;
  bottom = row->y + row->height - (EMOTION_MARGIN + 14) * self->text_scale;
  return top + (3.0 - CLAMP (score, -3.0, 3.0)) / 6.0 * (bottom - top);
}

double
waymark_layout_emotion_score_at (WaymarkLayout *self,
                                 guint          lane_index,
                                 double         y)
{
  double top = waymark_layout_emotion_y (self, lane_index, 3);
  double bottom = waymark_layout_emotion_y (self, lane_index, -3);

  if (bottom <= top)
    return 0;
  return CLAMP (3.0 - 6.0 * (y - top) / (bottom - top), -3.0, 3.0);
}
