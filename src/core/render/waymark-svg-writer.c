/* waymark-svg-writer.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-svg-writer"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <libxml/xmlwriter.h>

#include "waymark-error.h"
#include "waymark-svg-writer.h"

/*
 * SVG written from the display list with libxml2's writer, not through
 * Cairo's SVG surface, which turns text into glyph outlines: here text
 * stays text (a <text> per layout, a <tspan> per line at its baseline, as
 * Pango broke it), every map object is a group named by its id with a
 * <title> and <desc> for screen readers, and cards are grouped in their
 * lanes, so the file is small and editable in Inkscape or a browser.
 * Coordinates are points, as in the map.
 */

#define FONT_STACK "Cantarell, 'DejaVu Sans', sans-serif"

typedef struct
{
  xmlTextWriterPtr         writer;
  WaymarkScene            *scene;
  const WaymarkSvgOptions *options;
  guint                    clips;
  GString                 *scratch;
  /* Interactive output with a dark scene: the op drawn in the dark theme
   * beside the one being written, and the classes its colours earned. */
  const WaymarkSceneOp    *dark_op;
  GString                 *classes;
} Svg;

static const char *
number (char   *buffer,
        double  value)
{
  char *end;

  /* Two decimals are a hundredth of a point: plenty, and short. */
  g_ascii_formatd (buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.2f", fabs (value) < 0.005 ? 0.0 : value);
  end = buffer + strlen (buffer);
  if (strchr (buffer, '.') != NULL)
    {
      while (end[-1] == '0')
        *--end = '\0';
      if (end[-1] == '.')
        *--end = '\0';
    }
  return buffer;
}

static void
append_number (GString *string,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (string, number (buffer, value));
}

static void
attribute (Svg        *svg,
           const char *name,
           const char *value)
{
  xmlTextWriterWriteAttribute (svg->writer, (const xmlChar *) name, (const xmlChar *) value);
}

static void
attribute_number (Svg        *svg,
                  const char *name,
                  double      value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  attribute (svg, name, number (buffer, value));
}

static void
start (Svg        *svg,
       const char *element)
{
  xmlTextWriterStartElement (svg->writer, (const xmlChar *) element);
}

static void
end (Svg *svg)
{
  xmlTextWriterEndElement (svg->writer);
}

/* XML 1.0 allows no control characters but tab and line breaks. */
static char *
clean_text (const char *text,
            gssize      length)
{
  GString *out = g_string_sized_new (length < 0 ? strlen (text) : (gsize) length);
  const char *p = text;
  const char *stop = length < 0 ? text + strlen (text) : text + length;

  while (p < stop)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else if (c >= 0x20 && c != 0xfffe && c != 0xffff && !(c >= 0x7f && c < 0xa0) && c != 0x00ad)
        g_string_append_unichar (out, c);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

static void
write_text_element (Svg        *svg,
                    const char *element,
                    const char *text)
{
  g_autofree char *clean = NULL;

  if (text == NULL || *text == '\0')
    return;
  clean = clean_text (text, -1);
  xmlTextWriterWriteElement (svg->writer, (const xmlChar *) element, (const xmlChar *) clean);
}

static void
format_color (char               value[8],
              const WaymarkColor *color)
{
  g_snprintf (value, 8, "#%02x%02x%02x",
              (int) round (CLAMP (color->red, 0, 1) * 255),
              (int) round (CLAMP (color->green, 0, 1) * 255),
              (int) round (CLAMP (color->blue, 0, 1) * 255));
}

static gboolean
same_color (const WaymarkColor *a,
            const WaymarkColor *b)
{
  char x[8], y[8];

  if (a->alpha <= 0 || b->alpha <= 0)
    return a->alpha <= 0 && b->alpha <= 0;
  format_color (x, a);
  format_color (y, b);
  return strcmp (x, y) == 0 && fabs (a->alpha - b->alpha) < 0.005;
}

/* A colour that the dark theme draws otherwise gets a class, shared by
 * every element (and every map of the page) with the same pair; the
 * page's style sheet gives the class the dark colour when the reader
 * prefers dark. The light colour stays as the attribute, so the drawing
 * is right without the style sheet too. */
static void
add_dark_class (Svg                *svg,
                const char         *name,
                const WaymarkColor *light,
                const WaymarkColor *dark)
{
  GHashTable *classes = svg->options->dark_classes;
  char lv[8], dv[8], na[G_ASCII_DTOSTR_BUF_SIZE], nb[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *key = NULL;
  const char *class_name;

  if (classes == NULL || same_color (light, dark))
    return;
  format_color (lv, light);
  format_color (dv, dark);
  key = g_strdup_printf ("%s %s %s %s %s", name, lv, number (na, light->alpha), dv, number (nb, dark->alpha));
  if (!(class_name = g_hash_table_lookup (classes, key)))
    {
      char *made = g_strdup_printf ("d%u", g_hash_table_size (classes));

      g_hash_table_insert (classes, g_strdup (key), made);
      class_name = made;
      if (svg->options->dark_style != NULL)
        {
          if (dark->alpha <= 0)
            g_string_append_printf (svg->options->dark_style, ".%s{%s:none}", made, name);
          else
            g_string_append_printf (svg->options->dark_style, ".%s{%s:%s;%s-opacity:%s}", made, name, dv,
                                    name, number (nb, dark->alpha));
          g_string_append_c (svg->options->dark_style, '\n');
        }
    }
  if (svg->classes->len > 0)
    g_string_append_c (svg->classes, ' ');
  g_string_append (svg->classes, class_name);
}

static void
flush_classes (Svg *svg)
{
  if (svg->classes->len == 0)
    return;
  attribute (svg, "class", svg->classes->str);
  g_string_truncate (svg->classes, 0);
}

static void
paint_attributes (Svg                *svg,
                  const char         *name,
                  const WaymarkColor *color,
                  const WaymarkColor *dark)
{
  char value[8];

  if (dark != NULL)
    add_dark_class (svg, name, color, dark);

  if (color->alpha <= 0)
    {
      attribute (svg, name, "none");
      return;
    }
  format_color (value, color);
  attribute (svg, name, value);
  if (color->alpha < 1)
    {
      g_autofree char *opacity_name = g_strdup_printf ("%s-opacity", name);

      attribute_number (svg, opacity_name, color->alpha);
    }
}

static void
fill_and_stroke (Svg                  *svg,
                 const WaymarkSceneOp *op)
{
  const WaymarkSceneOp *dark = svg->dark_op;

  paint_attributes (svg, "fill", &op->fill, dark ? &dark->fill : NULL);
  if (op->stroke.alpha > 0)
    {
      paint_attributes (svg, "stroke", &op->stroke, dark ? &dark->stroke : NULL);
      if (op->line_width != 1)
        attribute_number (svg, "stroke-width", op->line_width > 0 ? op->line_width : 1);
      if (op->dash > 0 && op->dash_gap > 0 && op->dash_gap != op->dash)
        {
          char on[G_ASCII_DTOSTR_BUF_SIZE], off[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *pattern = g_strdup_printf ("%s %s", number (on, op->dash), number (off, op->dash_gap));

          attribute (svg, "stroke-dasharray", pattern);
        }
      else if (op->dash > 0)
        attribute_number (svg, "stroke-dasharray", op->dash);
    }
  flush_classes (svg);
}

static void
write_rect (Svg                  *svg,
            const WaymarkSceneOp *op)
{
  double radius = MIN (op->radius, MIN (op->rect.width, op->rect.height) / 2);

  start (svg, "rect");
  if (op->rect.x != 0)
    attribute_number (svg, "x", op->rect.x);
  if (op->rect.y != 0)
    attribute_number (svg, "y", op->rect.y);
  attribute_number (svg, "width", op->rect.width);
  attribute_number (svg, "height", op->rect.height);
  if (radius > 0)
    attribute_number (svg, "rx", radius);
  fill_and_stroke (svg, op);
  end (svg);
}

static void
write_path (Svg                  *svg,
            const WaymarkSceneOp *op)
{
  const cairo_path_t *path = op->path;
  GString *d = svg->scratch;

  g_string_truncate (d, 0);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *data = &path->data[i];
      static const char letters[] = { 'M', 'L', 'C' };
      int points = 0;

      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          /* Cairo repeats the start after a close; SVG needs no such move
           * unless something is drawn from it. */
          if (i + data->header.length >= path->num_data)
            continue;
          points = 1;
          break;
        case CAIRO_PATH_LINE_TO:
          points = 1;
          break;
        case CAIRO_PATH_CURVE_TO:
          points = 3;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          g_string_append_c (d, 'Z');
          continue;
        default:
          continue;
        }
      if (d->len > 0)
        g_string_append_c (d, ' ');
      g_string_append_c (d, letters[data->header.type]);
      for (int k = 1; k <= points; k++)
        {
          if (k > 1)
            g_string_append_c (d, ' ');
          append_number (d, data[k].point.x);
          g_string_append_c (d, ' ');
          append_number (d, data[k].point.y);
        }
    }
  if (d->len == 0)
    return;

  start (svg, "path");
  attribute (svg, "d", d->str);
  fill_and_stroke (svg, op);
  end (svg);
}

static void
write_image (Svg                  *svg,
             const WaymarkSceneOp *op)
{
  g_autofree char *encoded = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *clip_id = NULL;
  g_autofree char *clip_ref = NULL;
  double radius = MIN (op->radius, MIN (op->rect.width, op->rect.height) / 2);

  if (op->image_data == NULL)
    return;

  if (radius > 0)
    {
      clip_id = g_strdup_printf ("%sclip-%u", svg->options->id_prefix ? svg->options->id_prefix : "",
                                 ++svg->clips);
      clip_ref = g_strdup_printf ("url(#%s)", clip_id);
      start (svg, "clipPath");
      attribute (svg, "id", clip_id);
      start (svg, "rect");
      attribute_number (svg, "x", op->rect.x);
      attribute_number (svg, "y", op->rect.y);
      attribute_number (svg, "width", op->rect.width);
      attribute_number (svg, "height", op->rect.height);
      attribute_number (svg, "rx", radius);
      end (svg);
      end (svg);
    }

  encoded = g_base64_encode (g_bytes_get_data (op->image_data, NULL), g_bytes_get_size (op->image_data));
  uri = g_strdup_printf ("data:%s;base64,%s", op->image_type ? op->image_type : "image/png", encoded);
  start (svg, "image");
  attribute_number (svg, "x", op->rect.x);
  attribute_number (svg, "y", op->rect.y);
  attribute_number (svg, "width", op->rect.width);
  attribute_number (svg, "height", op->rect.height);
  /* Cover the box, centred, as the painter does. */
  attribute (svg, "preserveAspectRatio", "xMidYMid slice");
  if (clip_ref != NULL)
    attribute (svg, "clip-path", clip_ref);
  attribute (svg, "xlink:href", uri);
  end (svg);
}

typedef struct
{
  double       size;
  int          weight;
  PangoStyle   style;
  double       alpha;
} RunStyle;

static RunStyle
run_style (PangoGlyphItem *run)
{
  RunStyle style = { 0, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, 1 };
  PangoFontDescription *font = pango_font_describe_with_absolute_size (run->item->analysis.font);

  style.size = (double) pango_font_description_get_size (font) / PANGO_SCALE;
  style.weight = pango_font_description_get_weight (font);
  style.style = pango_font_description_get_style (font);
  pango_font_description_free (font);

  for (GSList *l = run->item->analysis.extra_attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_FOREGROUND_ALPHA)
        style.alpha = ((PangoAttrInt *) attr)->value / 65535.0;
    }
  return style;
}

static void
style_attributes (Svg            *svg,
                  const RunStyle *style,
                  const RunStyle *base)
{
  if (base == NULL || style->size != base->size)
    attribute_number (svg, "font-size", style->size);
  if ((base == NULL && style->weight != PANGO_WEIGHT_NORMAL) || (base && style->weight != base->weight))
    {
      char value[8];

      g_snprintf (value, sizeof value, "%d", style->weight);
      attribute (svg, "font-weight", style->weight == PANGO_WEIGHT_BOLD ? "bold" :
                                     style->weight == PANGO_WEIGHT_NORMAL ? "normal" : value);
    }
  if ((base == NULL && style->style != PANGO_STYLE_NORMAL) || (base && style->style != base->style))
    attribute (svg, "font-style", style->style == PANGO_STYLE_ITALIC ? "italic" :
                                  style->style == PANGO_STYLE_OBLIQUE ? "oblique" : "normal");
  if (base != NULL && style->alpha != base->alpha)
    attribute_number (svg, "fill-opacity", style->alpha);
}

/* The text of a run as Pango shows it: an ellipsis run stands for the
 * text it hides, and a line broken inside a word gets its hyphen. */
static char *
run_text (PangoLayout    *layout,
          PangoGlyphItem *run,
          gboolean        last)
{
  const char *text = pango_layout_get_text (layout);
  PangoItem *item = run->item;
  char *clean;

  if (item->analysis.flags & PANGO_ANALYSIS_FLAG_IS_ELLIPSIS)
    return g_strdup ("…");

  clean = clean_text (text + item->offset, item->length);
  if (last)
    g_strchomp (clean);
  if (last && (item->analysis.flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN))
    {
      char *hyphenated = g_strconcat (clean, "-", NULL);

      g_free (clean);
      clean = hyphenated;
    }
  return clean;
}

static int
compare_logical (gconstpointer a,
                 gconstpointer b)
{
  const PangoGlyphItem *x = *(const PangoGlyphItem * const *) a;
  const PangoGlyphItem *y = *(const PangoGlyphItem * const *) b;

  return (x->item->offset > y->item->offset) - (x->item->offset < y->item->offset);
}

static void
write_text (Svg                  *svg,
            const WaymarkSceneOp *op)
{
  PangoLayout *layout = op->layout;
  PangoLayoutIter *iter;
  g_autoptr(GPtrArray) runs = g_ptr_array_new ();
  RunStyle base;
  gboolean started = FALSE;
  gboolean rtl;

  if (layout == NULL || pango_layout_get_line_count (layout) == 0)
    return;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      PangoRectangle logical;
      double baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      g_autoptr(GString) plain = g_string_new (NULL);
      gboolean mixed = FALSE;

      if (line->runs == NULL)
        continue;
      pango_layout_iter_get_line_extents (iter, NULL, &logical);

      if (!started)
        {
          base = run_style (line->runs->data);
          start (svg, "text");
          style_attributes (svg, &base, NULL);
          paint_attributes (svg, "fill", &op->fill, svg->dark_op ? &svg->dark_op->fill : NULL);
          flush_classes (svg);
          started = TRUE;
        }

      for (GSList *l = line->runs; l != NULL; l = l->next)
        {
          RunStyle style = run_style (l->data);

          if (style.size != base.size || style.weight != base.weight ||
              style.style != base.style || style.alpha != base.alpha)
            mixed = TRUE;
        }

      /* Runs are in the order they are shown; SVG takes text in the order
       * it is read and lays it out itself, right to left where the line
       * runs so: the line is written in logical order with its direction,
       * anchored at its left edge either way. */
      g_ptr_array_set_size (runs, 0);
      for (GSList *l = line->runs; l != NULL; l = l->next)
        g_ptr_array_add (runs, l->data);
      g_ptr_array_sort (runs, compare_logical);
      rtl = line->resolved_dir == PANGO_DIRECTION_RTL;

      start (svg, "tspan");
      attribute_number (svg, "x", op->rect.x + (double) logical.x / PANGO_SCALE + (rtl ? (double) logical.width / PANGO_SCALE : 0));
      attribute_number (svg, "y", op->rect.y + baseline);
      if (rtl)
        {
          attribute (svg, "direction", "rtl");
          attribute (svg, "unicode-bidi", "embed");
        }
      for (guint r = 0; r < runs->len; r++)
        {
          PangoGlyphItem *run = g_ptr_array_index (runs, r);
          g_autofree char *text = run_text (layout, run, r + 1 == runs->len);

          if (!mixed)
            g_string_append (plain, text);
          else if (*text != '\0')
            {
              RunStyle style = run_style (run);

              start (svg, "tspan");
              style_attributes (svg, &style, &base);
              xmlTextWriterWriteString (svg->writer, (const xmlChar *) text);
              end (svg);
            }
        }
      if (!mixed)
        xmlTextWriterWriteString (svg->writer, (const xmlChar *) plain->str);
      end (svg);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);

  if (started)
    end (svg);
}

/* Interactive output: what a screen reader and the keyboard make of an
 * item. Cards and stages take the Tab key; lane headers and emotion points
 * are reached with the arrow keys (the page's script moves between them). */
static void
interactive_attributes (Svg                    *svg,
                        const WaymarkSceneItem *item)
{
  char object[32];

  switch (item->role)
    {
    case WAYMARK_SCENE_ROLE_CARD:
      attribute (svg, "tabindex", "0");
      attribute (svg, "role", "group");
      attribute (svg, "class", "wm-card");
      break;
    case WAYMARK_SCENE_ROLE_STAGE_HEADER:
      attribute (svg, "tabindex", "0");
      attribute (svg, "role", "heading");
      attribute (svg, "aria-level", "2");
      attribute (svg, "class", "wm-stage");
      break;
    case WAYMARK_SCENE_ROLE_LANE_HEADER:
      attribute (svg, "tabindex", "-1");
      attribute (svg, "role", "heading");
      attribute (svg, "aria-level", "3");
      attribute (svg, "class", "wm-lane");
      break;
    case WAYMARK_SCENE_ROLE_EMOTION_POINT:
      attribute (svg, "tabindex", "-1");
      attribute (svg, "role", "img");
      attribute (svg, "class", "wm-emotion");
      break;
    case WAYMARK_SCENE_ROLE_PERSONA:
    case WAYMARK_SCENE_ROLE_CONNECTOR:
      attribute (svg, "role", "img");
      return;
    default:
      /* Grid lines and bands: nothing to say. */
      if (item->label == NULL)
        attribute (svg, "aria-hidden", "true");
      return;
    }
  g_snprintf (object, sizeof object, "%" G_GINT64_FORMAT, item->object);
  attribute (svg, "data-object", object);
}

/* A badge's link (where its value comes from) as a focusable target over
 * the badge, on top of everything the item draws. */
static void
write_link (Svg                    *svg,
            const WaymarkSceneItem *item,
            const WaymarkSceneOp   *op)
{
  g_autofree char *label = NULL;

  if (op->link == NULL || !g_str_has_prefix (op->link, "#metric-"))
    return;
  if (svg->options->link_label != NULL)
    label = svg->options->link_label (svg->options->link_label_data, item, op->link);
  start (svg, "rect");
  attribute (svg, "class", "wm-badge");
  attribute_number (svg, "x", op->rect.x);
  attribute_number (svg, "y", op->rect.y);
  attribute_number (svg, "width", op->rect.width);
  attribute_number (svg, "height", op->rect.height);
  attribute_number (svg, "rx", op->rect.height / 2);
  attribute (svg, "fill", "none");
  attribute (svg, "pointer-events", "all");
  attribute (svg, "tabindex", "0");
  attribute (svg, "role", "button");
  attribute (svg, "aria-haspopup", "dialog");
  attribute (svg, "data-metric", op->link + strlen ("#metric-"));
  if (label != NULL)
    {
      g_autofree char *clean = clean_text (label, -1);

      attribute (svg, "aria-label", clean);
    }
  end (svg);
}

/* The dark scene's item for @item, when it is drawn with the same operations. */
static const WaymarkSceneItem *
dark_twin (Svg                    *svg,
           const WaymarkSceneItem *item,
           guint                   index)
{
  const WaymarkSceneItem *twin;

  if (svg->options->dark == NULL || index >= waymark_scene_get_n_items (svg->options->dark))
    return NULL;
  twin = waymark_scene_get_item (svg->options->dark, index);
  if (twin->role != item->role || twin->object != item->object || twin->ops->len != item->ops->len)
    return NULL;
  for (guint i = 0; i < item->ops->len; i++)
    if (g_array_index (twin->ops, WaymarkSceneOp, i).type != g_array_index (item->ops, WaymarkSceneOp, i).type)
      return NULL;
  return twin;
}

static void
write_item (Svg                    *svg,
            const WaymarkSceneItem *item,
            const WaymarkSceneItem *dark,
            const char             *id)
{
  start (svg, "g");
  if (id != NULL)
    attribute (svg, "id", id);
  if (svg->options->interactive)
    interactive_attributes (svg, item);
  if (item->bounds.x != 0 || item->bounds.y != 0)
    {
      g_autoptr(GString) transform = g_string_new ("translate(");

      append_number (transform, item->bounds.x);
      g_string_append_c (transform, ' ');
      append_number (transform, item->bounds.y);
      g_string_append_c (transform, ')');
      attribute (svg, "transform", transform->str);
    }
  write_text_element (svg, "title", item->label);
  write_text_element (svg, "desc", item->description);

  for (guint i = 0; i < item->ops->len; i++)
    {
      const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

      svg->dark_op = dark != NULL ? &g_array_index (dark->ops, WaymarkSceneOp, i) : NULL;
      switch (op->type)
        {
        case WAYMARK_SCENE_OP_RECT:
          write_rect (svg, op);
          break;
        case WAYMARK_SCENE_OP_PATH:
          write_path (svg, op);
          break;
        case WAYMARK_SCENE_OP_TEXT:
          write_text (svg, op);
          break;
        case WAYMARK_SCENE_OP_IMAGE:
          write_image (svg, op);
          break;
        case WAYMARK_SCENE_OP_VIEW:
        case WAYMARK_SCENE_OP_LINK:
        case WAYMARK_SCENE_OP_DEST:
          /* Views and destinations are on pages only, which are not
           * written as SVG; links are written last, below. */
          break;
        default:
          g_assert_not_reached ();
        }
    }
  svg->dark_op = NULL;
  if (svg->options->interactive)
    for (guint i = 0; i < item->ops->len; i++)
      {
        const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, i);

        if (op->type == WAYMARK_SCENE_OP_LINK)
          write_link (svg, item, op);
      }
  end (svg);
}

static const char *
role_prefix (WaymarkSceneRole role)
{
  switch (role)
    {
    case WAYMARK_SCENE_ROLE_TITLE:         return "title";
    case WAYMARK_SCENE_ROLE_PERSONA:       return "persona";
    case WAYMARK_SCENE_ROLE_LANE_ROW:      return "lane-row";
    case WAYMARK_SCENE_ROLE_EMOTION_CURVE: return "emotion-curve";
    case WAYMARK_SCENE_ROLE_CARD:          return "card";
    case WAYMARK_SCENE_ROLE_CONNECTOR:     return "connector";
    case WAYMARK_SCENE_ROLE_EMOTION_POINT: return "emotion";
    case WAYMARK_SCENE_ROLE_STAGE_HEADER:  return "stage";
    case WAYMARK_SCENE_ROLE_LANE_HEADER:   return "lane-header";
    case WAYMARK_SCENE_ROLE_CORNER:        return "corner";
    default:                               return "item";
    }
}

static const char *
id_prefix (Svg *svg)
{
  return svg->options->id_prefix != NULL ? svg->options->id_prefix : "";
}

static void
write_scene_item (Svg  *svg,
                  guint index)
{
  const WaymarkSceneItem *item = waymark_scene_get_item (svg->scene, index);
  g_autofree char *id = NULL;

  if (item->object != 0)
    id = g_strdup_printf ("%s%s-%" G_GINT64_FORMAT, id_prefix (svg), role_prefix (item->role), item->object);
  else
    id = g_strdup_printf ("%s%s", id_prefix (svg), role_prefix (item->role));
  write_item (svg, item, dark_twin (svg, item, index), id);
}

/* The header bands, each in a group of its own. */
static void
write_headers (Svg *svg)
{
  guint n_items = waymark_scene_get_n_items (svg->scene);

  for (WaymarkSceneLayer layer = WAYMARK_SCENE_LAYER_STAGE_HEADERS; layer < WAYMARK_SCENE_N_LAYERS; layer++)
    {
      static const char * const names[] = { NULL, "stage-headers", "lane-headers", NULL };

      if (names[layer] != NULL)
        {
          g_autofree char *id = g_strdup_printf ("%s%s", id_prefix (svg), names[layer]);

          start (svg, "g");
          attribute (svg, "id", id);
        }
      for (guint i = 0; i < n_items; i++)
        if (waymark_scene_get_item (svg->scene, i)->layer == layer)
          write_scene_item (svg, i);
      if (names[layer] != NULL)
        end (svg);
    }
}

/* “A customer journey map of 6 stages (Discover, Research, …), 8 lanes
 * and 40 cards.” */
static char *
describe_map (Svg *svg)
{
  guint n_items = waymark_scene_get_n_items (svg->scene);
  guint n_stages = 0, n_lanes = 0, n_cards = 0;
  GString *names = g_string_new (NULL);

  /* From the scene: what it draws is what is described. */
  for (guint i = 0; i < n_items; i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (svg->scene, i);

      switch (item->role)
        {
        case WAYMARK_SCENE_ROLE_STAGE_HEADER:
          g_string_append_printf (names, "%s%s", n_stages > 0 ? ", " : "", item->label ? item->label : "");
          n_stages++;
          break;
        case WAYMARK_SCENE_ROLE_LANE_HEADER:
          n_lanes++;
          break;
        case WAYMARK_SCENE_ROLE_CARD:
          n_cards++;
          break;
        default:
          break;
        }
    }
  if (n_stages == 0)
    {
      g_string_free (names, TRUE);
      return NULL;
    }
  {
    g_autofree char *stages_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u stage", "%u stages", n_stages), n_stages);
    g_autofree char *lanes_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lane", "%u lanes", n_lanes), n_lanes);
    g_autofree char *cards_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u card", "%u cards", n_cards), n_cards);
    g_autofree char *stage_names = g_string_free (names, FALSE);

    /* Translators: an exported map's description for screen readers, “A customer journey map of 6 stages
     * (Discover, Research), 8 lanes and 40 cards.” */
    return g_strdup_printf (_("A customer journey map of %s (%s), %s and %s."), stages_text, stage_names,
                            lanes_text, cards_text);
  }
}

static void
write_document (Svg *svg)
{
  const WaymarkTheme *theme = waymark_scene_get_theme (svg->scene);
  const char *title = waymark_scene_get_title (svg->scene);
  guint n_items = waymark_scene_get_n_items (svg->scene);
  guint n_lanes;
  const WaymarkSceneGroup *lanes = waymark_scene_get_groups (svg->scene, &n_lanes);
  g_autoptr(GHashTable) by_lane = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          (GDestroyNotify) g_array_unref);
  g_autoptr(GArray) loose = g_array_new (FALSE, FALSE, sizeof (guint));
  const char *map_id = waymark_scene_get_id (svg->scene);
  g_autofree char *view_box = NULL;
  char w_text[G_ASCII_DTOSTR_BUF_SIZE], h_text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *width_pt = NULL, *height_pt = NULL;
  double width, height;
  WaymarkSceneOp paper = { WAYMARK_SCENE_OP_RECT, };
  WaymarkSceneOp dark_paper;

  waymark_scene_get_size (svg->scene, &width, &height);
  number (w_text, width);
  number (h_text, height);
  view_box = g_strdup_printf ("0 0 %s %s", w_text, h_text);
  width_pt = g_strdup_printf ("%spt", w_text);
  height_pt = g_strdup_printf ("%spt", h_text);

  if (!svg->options->inline_svg)
    xmlTextWriterStartDocument (svg->writer, NULL, "UTF-8", NULL);
  start (svg, "svg");
  attribute (svg, "xmlns", "http://www.w3.org/2000/svg");
  attribute (svg, "xmlns:xlink", "http://www.w3.org/1999/xlink");
  attribute (svg, "version", "1.1");
  attribute (svg, "width", width_pt);
  attribute (svg, "height", height_pt);
  attribute (svg, "viewBox", view_box);
  attribute (svg, "font-family", FONT_STACK);
  attribute (svg, "stroke-linejoin", "round");
  attribute (svg, "stroke-linecap", "round");
  /* Keep runs of spaces in text as Pango laid them out. */
  attribute (svg, "xml:space", "preserve");
  if (svg->options->interactive)
    {
      attribute (svg, "role", "group");
      attribute (svg, "class", "wm-map");
      if (*title != '\0')
        write_text_element (svg, "title", title);
    }
  else
    {
      /* A picture to a screen reader: named by its title, described by
       * what it holds (its text stays in the file for search and copy). */
      g_autofree char *title_id = g_strconcat (id_prefix (svg), "map-title", NULL);
      g_autofree char *desc_id = g_strconcat (id_prefix (svg), "map-desc", NULL);
      g_autofree char *desc = describe_map (svg);

      attribute (svg, "role", "img");
      attribute (svg, "aria-labelledby", title_id);
      if (desc != NULL)
        attribute (svg, "aria-describedby", desc_id);
      start (svg, "title");
      attribute (svg, "id", title_id);
      {
        g_autofree char *clean = clean_text (*title != '\0' ? title : _("Customer journey map"), -1);

        xmlTextWriterWriteString (svg->writer, (const xmlChar *) clean);
      }
      end (svg);
      if (desc != NULL)
        {
          g_autofree char *clean = clean_text (desc, -1);

          start (svg, "desc");
          attribute (svg, "id", desc_id);
          xmlTextWriterWriteString (svg->writer, (const xmlChar *) clean);
          end (svg);
        }
    }

  paper.rect = (WaymarkRect) { 0, 0, width, height };
  paper.fill = theme->background;
  if (svg->options->dark != NULL)
    {
      dark_paper = paper;
      dark_paper.fill = waymark_scene_get_theme (svg->options->dark)->background;
      svg->dark_op = &dark_paper;
    }
  write_rect (svg, &paper);
  svg->dark_op = NULL;

  /* Each body item under its lane, in paint order. */
  for (guint i = 0; i < n_items; i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (svg->scene, i);
      gint64 lane;
      GArray *list;

      if (item->layer != WAYMARK_SCENE_LAYER_BODY)
        continue;
      lane = item->group;
      if (lane == 0)
        {
          g_array_append_val (loose, i);
          continue;
        }
      if (!(list = g_hash_table_lookup (by_lane, &lane)))
        {
          list = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (by_lane, g_memdup2 (&lane, sizeof lane), list);
        }
      g_array_append_val (list, i);
    }

  start (svg, "g");
  {
    g_autofree char *id = g_strdup_printf ("%s%s", id_prefix (svg), map_id);

    attribute (svg, "id", id);
  }

  /* The title band first, then the lanes, then what crosses them. */
  for (guint k = 0; k < loose->len; k++)
    {
      guint index = g_array_index (loose, guint, k);
      const WaymarkSceneItem *item = waymark_scene_get_item (svg->scene, index);

      if (item->role == WAYMARK_SCENE_ROLE_TITLE || item->role == WAYMARK_SCENE_ROLE_PERSONA)
        write_scene_item (svg, index);
    }

  /* Read and reached in the order of the map: its stages and lanes before
   * its cards. Nothing the bands draw overlaps the body. */
  if (svg->options->interactive)
    write_headers (svg);

  for (guint l = 0; l < n_lanes; l++)
    {
      gint64 lane = lanes[l].id;
      GArray *list = g_hash_table_lookup (by_lane, &lane);
      g_autofree char *id = g_strdup_printf ("%slane-%" G_GINT64_FORMAT, id_prefix (svg), lane);

      if (list == NULL)
        continue;
      start (svg, "g");
      attribute (svg, "id", id);
      write_text_element (svg, "title", lanes[l].title);
      for (guint k = 0; k < list->len; k++)
        write_scene_item (svg, g_array_index (list, guint, k));
      end (svg);
    }

  for (guint k = 0; k < loose->len; k++)
    {
      guint index = g_array_index (loose, guint, k);
      const WaymarkSceneItem *item = waymark_scene_get_item (svg->scene, index);

      if (item->role != WAYMARK_SCENE_ROLE_TITLE && item->role != WAYMARK_SCENE_ROLE_PERSONA)
        write_scene_item (svg, index);
    }

  if (!svg->options->interactive)
    write_headers (svg);

  end (svg);  /* map */
  end (svg);  /* svg */
  if (!svg->options->inline_svg)
    xmlTextWriterEndDocument (svg->writer);
}

typedef struct
{
  WaymarkWriteFunc write;
  gpointer         closure;
  gboolean         failed;
} Sink;

static int
sink_write_cb (void       *context,
               const char *buffer,
               int         length)
{
  Sink *sink = context;

  if (sink->failed || !sink->write (sink->closure, buffer, (gsize) length))
    {
      sink->failed = TRUE;
      return -1;
    }
  return length;
}

static int
sink_close_cb (void *context)
{
  return 0;
}

/**
 * waymark_svg_writer_write:
 * @scene: an up-to-date scene
 * @write: receives the SVG
 * @closure: for @write
 * @error: return location for a #GError
 *
 * Writes the whole map as SVG.
 *
 * Returns: %FALSE if @write refused the output (the caller knows why) or
 *   libxml2 failed
 */
gboolean
waymark_svg_writer_write (WaymarkScene      *scene,
                          WaymarkWriteFunc   write,
                          gpointer           closure,
                          GError           **error)
{
  static const WaymarkSvgOptions defaults = { 0, };

  return waymark_svg_writer_write_options (scene, &defaults, write, closure, error);
}

/**
 * waymark_svg_writer_write_options:
 * @scene: an up-to-date scene
 * @options: how to write it
 * @write: receives the SVG
 * @closure: for @write
 * @error: return location for a #GError
 *
 * Writes the whole map as SVG: a file, or an interactive <svg> element
 * for a web page, whose colours may follow the reader's dark style.
 *
 * Returns: %FALSE if @write refused the output (the caller knows why) or
 *   libxml2 failed
 */
gboolean
waymark_svg_writer_write_options (WaymarkScene            *scene,
                                  const WaymarkSvgOptions *options,
                                  WaymarkWriteFunc         write,
                                  gpointer                 closure,
                                  GError                 **error)
{
  Sink sink = { write, closure, FALSE };
  xmlOutputBufferPtr output;
  Svg svg = { NULL, scene, options, };
  int rc;

  g_return_val_if_fail (WAYMARK_IS_SCENE (scene), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (options->dark == NULL || options->dark_classes != NULL, FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  output = xmlOutputBufferCreateIO (sink_write_cb, sink_close_cb, &sink, NULL);
  if (output == NULL || !(svg.writer = xmlNewTextWriter (output)))
    {
      if (output != NULL)
        xmlOutputBufferClose (output);
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("out of memory"));
      return FALSE;
    }

  svg.scratch = g_string_new (NULL);
  svg.classes = g_string_new (NULL);
  write_document (&svg);
  rc = xmlTextWriterFlush (svg.writer);
  xmlFreeTextWriter (svg.writer);
  g_string_free (svg.scratch, TRUE);
  g_string_free (svg.classes, TRUE);

  if (sink.failed || rc < 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("cannot write the SVG"));
      return FALSE;
    }
  return TRUE;
}
