/* waymark-edit.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-edit"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-edit.h"
#include "waymark-document-private.h"
#include "waymark-metric-definition.h"

/* A numbered bullet ("12. ") has at most this many digits, so that a line
 * such as "2024. The year we launched" keeps its year. */
#define MAX_BULLET_DIGITS 3

/* One (stage, lane) cell of a map. */
typedef struct
{
  gint64 stage;
  gint64 lane;
} CellKey;

static guint
cell_key_hash (gconstpointer key)
{
  const CellKey *cell = key;

  return g_int64_hash (&cell->stage) * 31 + g_int64_hash (&cell->lane);
}

static gboolean
cell_key_equal (gconstpointer a,
                gconstpointer b)
{
  const CellKey *x = a, *y = b;

  return x->stage == y->stage && x->lane == y->lane;
}

static GHashTable *
cell_set_new (void)
{
  return g_hash_table_new_full (cell_key_hash, cell_key_equal, g_free, NULL);
}

static void
cell_set_add (GHashTable *cells,
              gint64      stage,
              gint64      lane)
{
  CellKey key = { stage, lane };

  if (!g_hash_table_contains (cells, &key))
    g_hash_table_add (cells, g_memdup2 (&key, sizeof key));
}

static gboolean
is_item_of (WaymarkDocument *document,
            gpointer         object,
            GType            type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (object, type) &&
         waymark_object_get_document (WAYMARK_OBJECT (object)) == document;
}

static gint64
id_of (gpointer object)
{
  return waymark_object_get_id (WAYMARK_OBJECT (object));
}

static WaymarkStage *
lookup_stage (WaymarkDocument *document,
              gint64           id)
{
  WaymarkObject *object = waymark_document_lookup (document, id);

  return WAYMARK_IS_STAGE (object) ? WAYMARK_STAGE (object) : NULL;
}

static WaymarkLane *
lookup_lane (WaymarkDocument *document,
             gint64           id)
{
  WaymarkObject *object = waymark_document_lookup (document, id);

  return WAYMARK_IS_LANE (object) ? WAYMARK_LANE (object) : NULL;
}

static gboolean
is_map (WaymarkDocument *document,
        gint64           id)
{
  return WAYMARK_IS_MAP (waymark_document_lookup (document, id));
}

/* The map a card is in, through its stage; 0 if it has none. */
static gint64
card_map (WaymarkDocument *document,
          WaymarkCard     *card)
{
  WaymarkStage *stage = lookup_stage (document, waymark_card_get_stage (card));

  return stage != NULL ? waymark_stage_get_map (stage) : 0;
}

/* Whether @stage and @lane are objects of @document in one map. */
static gboolean
is_cell (WaymarkDocument *document,
         gint64           stage,
         gint64           lane)
{
  WaymarkStage *s = lookup_stage (document, stage);
  WaymarkLane *l = lookup_lane (document, lane);

  return s != NULL && l != NULL && waymark_stage_get_map (s) == waymark_lane_get_map (l);
}

static guint
insertion_index (int   position,
                 guint length)
{
  return position < 0 || (guint) position > length ? length : (guint) position;
}

/* Gives the objects of @ordered the positions 0…n-1; unchanged ones record nothing. */
static void
renumber (WaymarkDocument *document,
          GPtrArray       *ordered)
{
  for (guint i = 0; i < ordered->len; i++)
    waymark_document_set (document, g_ptr_array_index (ordered, i), "position", (int) i, NULL);
}

static int
compare_card_position (gconstpointer a,
                       gconstpointer b)
{
  WaymarkCard *x = *(WaymarkCard **) a;
  WaymarkCard *y = *(WaymarkCard **) b;
  int px = waymark_card_get_position (x);
  int py = waymark_card_get_position (y);
  gint64 ix, iy;

  if (px != py)
    return px < py ? -1 : 1;

  ix = id_of (x);
  iy = id_of (y);
  return (ix > iy) - (ix < iy);
}

/* The cards of each cell of @cells (a set of CellKey), in order: one pass
 * over the document's cards, however many cells there are. */
static GHashTable *
collect_cells (WaymarkDocument *document,
               GHashTable      *cells)
{
  GHashTable *contents = g_hash_table_new_full (cell_key_hash, cell_key_equal, NULL,
                                                (GDestroyNotify) g_ptr_array_unref);
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, cells);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_insert (contents, key, g_ptr_array_new_with_free_func (g_object_unref));

  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      CellKey cell = { waymark_card_get_stage (card), waymark_card_get_lane (card) };
      GPtrArray *list = g_hash_table_lookup (contents, &cell);

      if (list != NULL)
        g_ptr_array_add (list, g_object_ref (card));
    }

  g_hash_table_iter_init (&iter, contents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_sort (value, compare_card_position);

  return contents;
}

static void
renumber_cells (WaymarkDocument *document,
                GHashTable      *cells)
{
  g_autoptr(GHashTable) contents = collect_cells (document, cells);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, contents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    renumber (document, value);
}

/* Display order: stage position, lane position, card position. */
static int
compare_display_order (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  WaymarkDocument *document = user_data;
  WaymarkCard *x = *(WaymarkCard **) a;
  WaymarkCard *y = *(WaymarkCard **) b;
  WaymarkStage *sx = lookup_stage (document, waymark_card_get_stage (x));
  WaymarkStage *sy = lookup_stage (document, waymark_card_get_stage (y));
  WaymarkLane *lx = lookup_lane (document, waymark_card_get_lane (x));
  WaymarkLane *ly = lookup_lane (document, waymark_card_get_lane (y));
  int px = sx != NULL ? waymark_stage_get_position (sx) : 0;
  int py = sy != NULL ? waymark_stage_get_position (sy) : 0;

  if (px != py)
    return px < py ? -1 : 1;
  if (sx != sy)
    return (id_of (sx) > id_of (sy)) - (id_of (sx) < id_of (sy));

  px = lx != NULL ? waymark_lane_get_position (lx) : 0;
  py = ly != NULL ? waymark_lane_get_position (ly) : 0;
  if (px != py)
    return px < py ? -1 : 1;
  if (lx != ly)
    return (id_of (lx) > id_of (ly)) - (id_of (lx) < id_of (ly));

  return compare_card_position (a, b);
}

/* @cards without repeats, in display order, each held. */
static GPtrArray *
dup_in_display_order (WaymarkDocument *document,
                      GPtrArray       *cards)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *ordered = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < cards->len; i++)
    if (g_hash_table_add (seen, g_ptr_array_index (cards, i)))
      g_ptr_array_add (ordered, g_object_ref (g_ptr_array_index (cards, i)));

  g_ptr_array_sort_with_data (ordered, compare_display_order, document);
  return ordered;
}

/* The index of each stage of @stages, by id. */
static GHashTable *
index_stages (GPtrArray *stages)
{
  GHashTable *index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < stages->len; i++)
    {
      gint64 id = id_of (g_ptr_array_index (stages, i));

      g_hash_table_insert (index, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (i));
    }

  return index;
}

static gboolean
lookup_index (GHashTable *index,
              gint64      id,
              guint      *out)
{
  gpointer value;

  if (!g_hash_table_lookup_extended (index, &id, NULL, &value))
    return FALSE;

  *out = GPOINTER_TO_UINT (value);
  return TRUE;
}

/* A card covers `span` stages from its own; none may run past the last
 * stage of the map. @stages is the map's stages in their new order. */
static void
clamp_spans (WaymarkDocument *document,
             GPtrArray       *stages)
{
  g_autoptr(GHashTable) index = index_stages (stages);
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  g_autoptr(GPtrArray) clamped = g_ptr_array_new ();

  /* Collected first: ::changed handlers run during each set, and this
   * walk must not depend on what they do to the document's array. */
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      guint first;

      if (lookup_index (index, waymark_card_get_stage (card), &first) &&
          (guint) waymark_card_get_span (card) > stages->len - first)
        g_ptr_array_add (clamped, card);
    }

  for (guint i = 0; i < clamped->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (clamped, i);
      guint first = 0;

      lookup_index (index, waymark_card_get_stage (card), &first);
      waymark_document_set (document, card, "span", (int) (stages->len - first), NULL);
    }
}

static WaymarkCard *
add_card (WaymarkDocument *document,
          gint64           stage,
          gint64           lane,
          int              position,
          const char      *kind,
          const char      *title)
{
  return WAYMARK_CARD (waymark_document_add (document, WAYMARK_TYPE_CARD,
                                             "stage", stage,
                                             "lane", lane,
                                             "position", position,
                                             "kind", kind,
                                             "title", title != NULL ? title : "",
                                             NULL));
}

/* The kind of a card created in @lane. */
static const char *
card_kind_in (WaymarkDocument *document,
              gint64           lane)
{
  return waymark_edit_card_kind_for_lane (waymark_lane_get_kind (lookup_lane (document, lane)));
}

/* Inserts @new_cards (already in the cell) at @position of the cell's
 * other cards and renumbers the cell. */
static void
place_in_cell (WaymarkDocument *document,
               gint64           stage,
               gint64           lane,
               int              position,
               GPtrArray       *new_cards)
{
  g_autoptr(GPtrArray) cell = waymark_document_dup_cell (document, stage, lane);
  g_autoptr(GHashTable) fresh = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) ordered = g_ptr_array_new ();
  guint at;

  for (guint i = 0; i < new_cards->len; i++)
    g_hash_table_add (fresh, g_ptr_array_index (new_cards, i));

  for (guint i = 0; i < cell->len; i++)
    if (!g_hash_table_contains (fresh, g_ptr_array_index (cell, i)))
      g_ptr_array_add (ordered, g_ptr_array_index (cell, i));

  at = insertion_index (position, ordered->len);
  for (guint i = 0; i < new_cards->len; i++)
    g_ptr_array_insert (ordered, at + i, g_ptr_array_index (new_cards, i));

  renumber (document, ordered);
}

/* Moves @object to @position among @siblings (it is one of them); returns
 * FALSE, recording nothing, when it is there already. */
static gboolean
reorder (WaymarkDocument *document,
         GPtrArray       *siblings,
         gpointer         object,
         int              position)
{
  guint from = 0, to;

  g_ptr_array_find (siblings, object, &from);
  to = position < 0 || (guint) position >= siblings->len ? siblings->len - 1 : (guint) position;
  if (from == to)
    return FALSE;

  g_ptr_array_insert (siblings, to, g_ptr_array_steal_index (siblings, from));
  renumber (document, siblings);
  return TRUE;
}

/* Lines of pasted text */

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0xFEFF)
        break;
      p = g_utf8_next_char (p);
    }

  return p;
}

static const char *
trim_end (const char *start,
          const char *end)
{
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);
      gunichar c = g_utf8_get_char (prev);

      if (!g_unichar_isspace (c) && c != 0xFEFF)
        break;
      end = prev;
    }

  return end;
}

/* The length of a list bullet at @p ("- ", "* ", "• ", "1. "), or 0. */
static gsize
bullet_length (const char *p,
               const char *end)
{
  const char *q = p;

  if (end - p >= 1 && (*p == '-' || *p == '*'))
    q = p + 1;
  else if (end - p >= 3 && memcmp (p, "\xe2\x80\xa2", 3) == 0)  /* • */
    q = p + 3;
  else
    {
      while (q < end && q - p < MAX_BULLET_DIGITS && g_ascii_isdigit (*q))
        q++;
      if (q == p || q >= end || *q != '.')
        return 0;
      q++;
    }

  if (q >= end || !g_unichar_isspace (g_utf8_get_char (q)))
    return 0;

  return q - p;
}

/* The card titles in @text: one per line that is not blank, trimmed, its
 * bullet removed. Adds them to @titles unless it is %NULL; returns how many. */
static guint
collect_titles (const char *text,
                GPtrArray  *titles)
{
  g_autofree char *valid = NULL;
  const char *p;
  guint n = 0;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  p = text;
  while (*p != '\0')
    {
      const char *eol = p + strcspn (p, "\r\n");
      const char *start = skip_space (p, eol);
      const char *end = trim_end (start, eol);

      if (start < end)
        {
          gsize bullet = bullet_length (start, end);

          if (bullet > 0)
            start = skip_space (start + bullet, end);
          if (titles != NULL)
            g_ptr_array_add (titles, g_strndup (start, end - start));
          n++;
        }

      p = eol;
      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;
    }

  return n;
}

/* Searching */

/* Whether a nonspacing mark after a letter of @script is an accent that
 * searching ignores: yes for the alphabets where accents and vowel points
 * are optional to a reader (Latin, Greek, Cyrillic, Hebrew, Arabic); no
 * for scripts where the mark is part of the spelling (a Devanagari vowel
 * sign, a kana's voicing mark). */
static gboolean
is_ignorable_mark_script (GUnicodeScript script)
{
  switch (script)
    {
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_INHERITED:
    case G_UNICODE_SCRIPT_LATIN:
    case G_UNICODE_SCRIPT_GREEK:
    case G_UNICODE_SCRIPT_CYRILLIC:
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_ARABIC:
      return TRUE;
    default:
      return FALSE;
    }
}

/* @text as searching compares it: compatibility forms unified (full-width
 * letters, ligatures), case folded, accents removed, then recomposed. */
static char *
fold_for_search (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *again = NULL;
  g_autofree char *stripped = NULL;
  GUnicodeScript base = G_UNICODE_SCRIPT_COMMON;
  GString *out;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  /* Decomposing first exposes case in compatibility characters (“㎒”),
   * folding may then produce new sequences to decompose (“ǰ”). */
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);
  folded = g_utf8_casefold (decomposed, -1);
  again = g_utf8_normalize (folded, -1, G_NORMALIZE_ALL);

  out = g_string_sized_new (strlen (again));
  for (const char *p = again; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        {
          if (is_ignorable_mark_script (base))
            continue;
        }
      else
        base = g_unichar_get_script (c);

      g_string_append_unichar (out, c);
    }

  stripped = g_string_free (out, FALSE);
  return g_utf8_normalize (stripped, -1, G_NORMALIZE_ALL_COMPOSE);
}

/* Emotion points */

static WaymarkEmotion *
find_emotion (WaymarkDocument *document,
              gint64           lane,
              gint64           stage)
{
  GPtrArray *emotions = waymark_document_get_items (document, WAYMARK_TYPE_EMOTION);
  WaymarkEmotion *found = NULL;

  /* A file may hold two points for one cell; the oldest one counts. */
  for (guint i = 0; i < emotions->len; i++)
    {
      WaymarkEmotion *emotion = g_ptr_array_index (emotions, i);

      if (waymark_emotion_get_lane (emotion) == lane &&
          waymark_emotion_get_stage (emotion) == stage &&
          waymark_emotion_get_card (emotion) == 0 &&
          (found == NULL || id_of (emotion) < id_of (found)))
        found = emotion;
    }

  return found;
}

static gboolean
is_emotion_cell (WaymarkDocument *document,
                 gint64           lane,
                 gint64           stage)
{
  WaymarkLane *l = lookup_lane (document, lane);

  return is_cell (document, stage, lane) && g_str_equal (waymark_lane_get_kind (l), "emotions");
}

/* Sets the score of the (@lane, @stage) point, creating it if needed, as
 * one step; returns the point. */
static WaymarkEmotion *
store_emotion (WaymarkDocument *document,
               gint64           lane,
               gint64           stage,
               WaymarkEmotion  *emotion,
               int              score)
{
  /* Translators: an undo label */
  waymark_document_begin (document, _("Set Emotion"));

  if (emotion == NULL)
    emotion = WAYMARK_EMOTION (waymark_document_add (document, WAYMARK_TYPE_EMOTION,
                                                     "lane", lane,
                                                     "stage", stage,
                                                     "score", score,
                                                     NULL));
  else
    waymark_document_set (document, emotion, "score", score, NULL);

  waymark_document_end (document);

  return emotion;
}

/* Deleting */

/* A card covering several stages loses only the deleted ones: it keeps its
 * place when its first stage stays, and otherwise moves to the first stage
 * it covers that stays, at the end of that cell. A card whose every stage
 * goes is deleted with them. */
static void
shrink_spans (WaymarkDocument *document,
              gint64           map,
              GHashTable      *doomed,
              GHashTable      *touched_cells)
{
  g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, map);
  g_autoptr(GHashTable) index = index_stages (stages);
  g_autoptr(GHashTable) appended = g_hash_table_new_full (cell_key_hash, cell_key_equal, g_free, NULL);
  g_autofree guint *kept_before = g_new0 (guint, stages->len + 1);
  g_autoptr(GPtrArray) affected = g_ptr_array_new ();
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  for (guint i = 0; i < stages->len; i++)
    kept_before[i + 1] = kept_before[i] + !g_hash_table_contains (doomed, g_ptr_array_index (stages, i));

  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      WaymarkLane *lane = lookup_lane (document, waymark_card_get_lane (card));
      guint first;

      if (lookup_index (index, waymark_card_get_stage (card), &first) &&
          !g_hash_table_contains (doomed, card) && !g_hash_table_contains (doomed, lane))
        g_ptr_array_add (affected, card);
    }

  for (guint i = 0; i < affected->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (affected, i);
      guint first = 0, last, kept;

      lookup_index (index, waymark_card_get_stage (card), &first);
      last = MIN (first + (guint) waymark_card_get_span (card) - 1, stages->len - 1);
      kept = kept_before[last + 1] - kept_before[first];

      if (kept == 0)
        continue;

      if (g_hash_table_contains (doomed, g_ptr_array_index (stages, first)))
        {
          WaymarkStage *target = NULL;
          CellKey key;
          gpointer count;
          int position;

          for (guint s = first; s <= last && target == NULL; s++)
            if (!g_hash_table_contains (doomed, g_ptr_array_index (stages, s)))
              target = g_ptr_array_index (stages, s);

          key.stage = id_of (target);
          key.lane = waymark_card_get_lane (card);
          if (!g_hash_table_lookup_extended (appended, &key, NULL, &count))
            {
              g_autoptr(GPtrArray) cell = waymark_document_dup_cell (document, key.stage, key.lane);

              count = GUINT_TO_POINTER (cell->len);
            }
          position = GPOINTER_TO_INT (count);
          g_hash_table_insert (appended, g_memdup2 (&key, sizeof key), GINT_TO_POINTER (position + 1));
          cell_set_add (touched_cells, key.stage, key.lane);

          waymark_document_set (document, card,
                                "stage", key.stage,
                                "span", (int) kept,
                                "position", position,
                                NULL);
        }
      else
        waymark_document_set (document, card, "span", (int) kept, NULL);
    }
}

static char *
delete_label (GPtrArray *objects)
{
  GType type = G_OBJECT_TYPE (g_ptr_array_index (objects, 0));
  guint n = objects->len;

  for (guint i = 1; i < n; i++)
    if (G_OBJECT_TYPE (g_ptr_array_index (objects, i)) != type)
      /* Translators: an undo label, for a selection of cards, stages and lanes */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Item", "Delete %u Items", n), n);

  /* The number is always shown beside a plural form: in languages whose
   * “one” form also covers 21 or 101, the word alone would lie. */
  if (type == WAYMARK_TYPE_CARD)
    /* Translators: undo labels */
    return n == 1 ? g_strdup (_("Delete Card"))
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Card", "Delete %u Cards", n), n);
  if (type == WAYMARK_TYPE_STAGE)
    /* Translators: undo labels */
    return n == 1 ? g_strdup (_("Delete Stage"))
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Stage", "Delete %u Stages", n), n);
  if (type == WAYMARK_TYPE_LANE)
    /* Translators: undo labels */
    return n == 1 ? g_strdup (_("Delete Lane"))
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Lane", "Delete %u Lanes", n), n);
  if (type == WAYMARK_TYPE_CONNECTOR)
    /* Translators: undo labels */
    return n == 1 ? g_strdup (_("Delete Connector"))
                  : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Connector", "Delete %u Connectors", n), n);
  /* Translators: undo labels */
  return n == 1 ? g_strdup (_("Delete Emotion Point"))
                : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u Emotion Point", "Delete %u Emotion Points", n), n);
}

/**
 * waymark_edit_card_kind_for_lane:
 * @lane_kind: a lane kind, such as "touchpoints"
 *
 * Returns: the kind of a card created in a lane of @lane_kind: a touchpoint
 *   in touchpoints, a pain point in pain points, an opportunity in
 *   opportunities, a quote in thoughts, else a note
 */
const char *
waymark_edit_card_kind_for_lane (const char *lane_kind)
{
  g_return_val_if_fail (lane_kind != NULL, "note");

  if (g_str_equal (lane_kind, "touchpoints"))
    return "touchpoint";
  if (g_str_equal (lane_kind, "pain-points"))
    return "pain-point";
  if (g_str_equal (lane_kind, "opportunities"))
    return "opportunity";
  if (g_str_equal (lane_kind, "thoughts"))
    return "quote";
  return "note";
}

/**
 * waymark_edit_dup_stages:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 *
 * Returns: (transfer container) (element-type WaymarkStage): the map's
 *   stages, left to right
 */
GPtrArray *
waymark_edit_dup_stages (WaymarkDocument *document,
                         gint64           map)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_map (document, map), NULL);

  return waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map);
}

/**
 * waymark_edit_dup_lanes:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 *
 * Returns: (transfer container) (element-type WaymarkLane): the map's
 *   lanes, top to bottom
 */
GPtrArray *
waymark_edit_dup_lanes (WaymarkDocument *document,
                        gint64           map)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_map (document, map), NULL);

  return waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", map);
}

/**
 * waymark_edit_find:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 * @query: what to look for
 *
 * Finds the cards of @map whose title or body contains @query, ignoring
 * case, accents (“cafe” finds “Café”, “שלום” finds it with vowel points)
 * and compatibility forms (full-width letters); marks that spell a word,
 * such as a kana's voicing mark, still count.
 *
 * Returns: (transfer container) (element-type WaymarkCard): the cards in
 *   display order (stage, then lane, then position); empty for an empty query
 */
GPtrArray *
waymark_edit_find (WaymarkDocument *document,
                   gint64           map,
                   const char      *query)
{
  g_autofree char *needle = NULL;
  GPtrArray *cards;
  GPtrArray *found;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_map (document, map), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  found = g_ptr_array_new_with_free_func (g_object_unref);
  needle = fold_for_search (query);
  if (needle[0] == '\0')
    return found;

  cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;

      if (card_map (document, card) != map)
        continue;

      title = fold_for_search (waymark_card_get_title (card));
      if (strstr (title, needle) == NULL)
        {
          body = fold_for_search (waymark_card_get_body (card));
          if (strstr (body, needle) == NULL)
            continue;
        }

      g_ptr_array_add (found, g_object_ref (card));
    }

  g_ptr_array_sort_with_data (found, compare_display_order, document);
  return found;
}

/**
 * waymark_edit_add_card:
 * @document: a #WaymarkDocument
 * @stage: a stage
 * @lane: a lane of the same map
 * @position: where in the cell, -1 for the end
 * @title: (nullable): the title
 *
 * Adds a card of the lane's kind (see waymark_edit_card_kind_for_lane()).
 *
 * Returns: (transfer none): the new card
 */
WaymarkCard *
waymark_edit_add_card (WaymarkDocument *document,
                       gint64           stage,
                       gint64           lane,
                       int              position,
                       const char      *title)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  WaymarkCard *card;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_cell (document, stage, lane), NULL);

  /* Translators: an undo label */
  waymark_document_begin (document, _("Add Card"));
  card = add_card (document, stage, lane, 0, card_kind_in (document, lane), title);
  g_ptr_array_add (added, card);
  place_in_cell (document, stage, lane, position, added);
  waymark_document_end (document);

  return card;
}

/**
 * waymark_edit_set_card_title:
 * @document: a #WaymarkDocument
 * @card: a card of @document
 * @title: the new title
 *
 * Sets the title as the user types it: keystrokes on one card less than
 * 1.5 s apart are one step.
 */
void
waymark_edit_set_card_title (WaymarkDocument *document,
                             WaymarkCard     *card,
                             const char      *title)
{
  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, card, WAYMARK_TYPE_CARD));
  g_return_if_fail (title != NULL);

  /* Translators: an undo label, for typing in a card */
  _waymark_document_begin_merging (document, _("Edit Card Title"));
  waymark_document_set (document, card, "title", title, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_move_cards:
 * @document: a #WaymarkDocument
 * @cards: (element-type WaymarkCard): cards of @document, of one map
 * @stage: the target stage
 * @lane: the target lane
 * @position: where in the target cell as it is before the move (the gap
 *   before its card at @position), -1 for the end
 * @error: return location for a #GError
 *
 * Moves @cards, in display order, into a cell or within it. Each keeps its
 * kind and span, the span shortened if it would run past the last stage.
 *
 * Returns: %TRUE, or %FALSE with @error set when the target is in another
 *   map than the cards
 */
gboolean
waymark_edit_move_cards (WaymarkDocument  *document,
                         GPtrArray        *cards,
                         gint64            stage,
                         gint64            lane,
                         int               position,
                         GError          **error)
{
  g_autoptr(GPtrArray) moving = NULL;
  g_autoptr(GPtrArray) target = NULL;
  g_autoptr(GPtrArray) ordered = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GHashTable) moving_set = NULL;
  g_autoptr(GHashTable) sources = NULL;
  g_autofree char *label = NULL;
  WaymarkStage *target_stage;
  WaymarkLane *target_lane;
  guint gap, before = 0, first = 0, at;
  gint64 map;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (cards != NULL && cards->len > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  for (guint i = 0; i < cards->len; i++)
    g_return_val_if_fail (is_item_of (document, g_ptr_array_index (cards, i), WAYMARK_TYPE_CARD), FALSE);
  target_stage = lookup_stage (document, stage);
  target_lane = lookup_lane (document, lane);
  g_return_val_if_fail (target_stage != NULL && target_lane != NULL, FALSE);

  map = waymark_stage_get_map (target_stage);
  if (waymark_lane_get_map (target_lane) != map)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("the stage and the lane are in different maps"));
      return FALSE;
    }

  for (guint i = 0; i < cards->len; i++)
    if (card_map (document, g_ptr_array_index (cards, i)) != map)
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             _("cards can only be moved within their own map"));
        return FALSE;
      }

  moving = dup_in_display_order (document, cards);
  moving_set = g_hash_table_new (NULL, NULL);
  sources = cell_set_new ();
  for (guint i = 0; i < moving->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (moving, i);

      g_hash_table_add (moving_set, card);
      if (waymark_card_get_stage (card) != stage || waymark_card_get_lane (card) != lane)
        cell_set_add (sources, waymark_card_get_stage (card), waymark_card_get_lane (card));
    }

  target = waymark_document_dup_cell (document, stage, lane);
  gap = insertion_index (position, target->len);
  ordered = g_ptr_array_new ();
  for (guint i = 0; i < target->len; i++)
    {
      if (!g_hash_table_contains (moving_set, g_ptr_array_index (target, i)))
        g_ptr_array_add (ordered, g_ptr_array_index (target, i));
      else if (i < gap)
        before++;
    }
  at = gap - before;
  for (guint i = 0; i < moving->len; i++)
    g_ptr_array_insert (ordered, at + i, g_ptr_array_index (moving, i));

  stages = waymark_edit_dup_stages (document, map);
  while (g_ptr_array_index (stages, first) != (gpointer) target_stage)
    first++;

  /* Translators: undo labels */
  label = moving->len == 1 ? g_strdup (_("Move Card"))
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Move %u Card", "Move %u Cards", moving->len),
                                              moving->len);
  waymark_document_begin (document, label);

  for (guint i = 0; i < moving->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (moving, i);

      waymark_document_set (document, card,
                            "stage", stage,
                            "lane", lane,
                            "span", MIN (waymark_card_get_span (card), (int) (stages->len - first)),
                            NULL);
    }
  renumber (document, ordered);
  renumber_cells (document, sources);

  waymark_document_end (document);

  return TRUE;
}

/**
 * waymark_edit_nudge_card:
 * @document: a #WaymarkDocument
 * @card: a card of @document
 * @d_stage: -1, 0 or 1: to the stage on the left or right
 * @d_lane: -1, 0 or 1: to the lane above or below
 *
 * Moves @card to the end of a neighbouring cell, as Alt+arrow keys do.
 *
 * Returns: %TRUE if it moved; %FALSE at the edge of the map
 */
gboolean
waymark_edit_nudge_card (WaymarkDocument *document,
                         WaymarkCard     *card,
                         int              d_stage,
                         int              d_lane)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  g_autoptr(GPtrArray) single = NULL;
  WaymarkStage *stage;
  WaymarkLane *lane;
  guint s, l;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (is_item_of (document, card, WAYMARK_TYPE_CARD), FALSE);
  g_return_val_if_fail (d_stage >= -1 && d_stage <= 1 && d_lane >= -1 && d_lane <= 1, FALSE);

  if (d_stage == 0 && d_lane == 0)
    return FALSE;

  stage = lookup_stage (document, waymark_card_get_stage (card));
  lane = lookup_lane (document, waymark_card_get_lane (card));
  stages = waymark_edit_dup_stages (document, waymark_stage_get_map (stage));
  lanes = waymark_edit_dup_lanes (document, waymark_lane_get_map (lane));
  g_ptr_array_find (stages, stage, &s);
  g_ptr_array_find (lanes, lane, &l);

  if ((d_stage < 0 && s == 0) || (d_stage > 0 && s + 1 >= stages->len) ||
      (d_lane < 0 && l == 0) || (d_lane > 0 && l + 1 >= lanes->len))
    return FALSE;

  single = g_ptr_array_new ();
  g_ptr_array_add (single, card);
  return waymark_edit_move_cards (document, single,
                                  id_of (g_ptr_array_index (stages, s + d_stage)),
                                  id_of (g_ptr_array_index (lanes, l + d_lane)),
                                  -1, NULL);
}

/**
 * waymark_edit_duplicate:
 * @document: a #WaymarkDocument
 * @cards: (element-type WaymarkCard): cards of @document
 *
 * Copies each card right after itself in its cell, with every field of it
 * (span included) but none of what refers to it: comments, connectors,
 * metric values and per-card emotion points stay with the original.
 *
 * Returns: (transfer container) (element-type WaymarkCard): the copies, in
 *   display order
 */
GPtrArray *
waymark_edit_duplicate (WaymarkDocument *document,
                        GPtrArray       *cards)
{
  g_autoptr(GPtrArray) originals = NULL;
  g_autoptr(GHashTable) cells = NULL;
  g_autoptr(GHashTable) contents = NULL;
  g_autoptr(GHashTable) copy_of = NULL;
  g_autofree char *label = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  GPtrArray *copies;
  GHashTableIter iter;
  gpointer value;
  guint n_pspecs;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (cards != NULL, NULL);
  for (guint i = 0; i < cards->len; i++)
    g_return_val_if_fail (is_item_of (document, g_ptr_array_index (cards, i), WAYMARK_TYPE_CARD), NULL);

  copies = g_ptr_array_new_with_free_func (g_object_unref);
  if (cards->len == 0)
    return copies;

  originals = dup_in_display_order (document, cards);
  cells = cell_set_new ();
  copy_of = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < originals->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (originals, i);

      cell_set_add (cells, waymark_card_get_stage (card), waymark_card_get_lane (card));
      g_hash_table_insert (copy_of, card, NULL);
    }
  contents = collect_cells (document, cells);
  pspecs = g_object_class_list_properties (g_type_class_peek (WAYMARK_TYPE_CARD), &n_pspecs);

  /* Translators: undo labels */
  label = originals->len == 1 ? g_strdup (_("Duplicate Card"))
                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Duplicate %u Card", "Duplicate %u Cards",
                                                              originals->len), originals->len);
  waymark_document_begin (document, label);

  g_hash_table_iter_init (&iter, contents);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *cell = value;
      g_autoptr(GPtrArray) ordered = g_ptr_array_new ();

      for (guint i = 0; i < cell->len; i++)
        {
          WaymarkCard *card = g_ptr_array_index (cell, i);
          WaymarkCard *copy;

          g_ptr_array_add (ordered, card);
          if (!g_hash_table_contains (copy_of, card))
            continue;

          copy = add_card (document, waymark_card_get_stage (card), waymark_card_get_lane (card),
                           (int) ordered->len, waymark_card_get_kind (card), NULL);
          for (guint p = 0; p < n_pspecs; p++)
            {
              g_auto(GValue) field = G_VALUE_INIT;
              const char *name = pspecs[p]->name;

              if (g_str_equal (name, "stage") || g_str_equal (name, "lane") || g_str_equal (name, "position"))
                continue;

              g_value_init (&field, pspecs[p]->value_type);
              g_object_get_property (G_OBJECT (card), name, &field);
              waymark_document_set_value (document, copy, name, &field);
            }

          g_hash_table_insert (copy_of, card, copy);
          g_ptr_array_add (ordered, copy);
        }

      renumber (document, ordered);
    }

  waymark_document_end (document);

  for (guint i = 0; i < originals->len; i++)
    g_ptr_array_add (copies, g_object_ref (g_hash_table_lookup (copy_of, g_ptr_array_index (originals, i))));

  return copies;
}

/**
 * waymark_edit_delete:
 * @document: a #WaymarkDocument
 * @objects: (element-type WaymarkObject): cards, stages, lanes, connectors
 *   and emotion points of @document
 *
 * Deletes @objects and what depends on them, as one step: a stage takes
 * its cards, emotion points and metric values with it, a lane its cards
 * and points, a card its comments, connectors and values. A card that
 * covers several stages loses only the deleted ones: it stays, shorter,
 * and moves to the end of the cell of the first stage it covers that
 * remains when its own stage goes. Positions are renumbered.
 *
 * Returns: how many of @objects were deleted
 */
guint
waymark_edit_delete (WaymarkDocument *document,
                     GPtrArray       *objects)
{
  g_autoptr(GPtrArray) requested = NULL;
  g_autoptr(GHashTable) doomed = NULL;
  g_autoptr(GHashTable) stage_maps = NULL;
  g_autoptr(GHashTable) lane_maps = NULL;
  g_autoptr(GHashTable) cells = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer key;
  guint deleted = 0;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), 0);
  g_return_val_if_fail (objects != NULL, 0);
  for (guint i = 0; i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);

      g_return_val_if_fail (is_item_of (document, object, WAYMARK_TYPE_CARD) ||
                            is_item_of (document, object, WAYMARK_TYPE_STAGE) ||
                            is_item_of (document, object, WAYMARK_TYPE_LANE) ||
                            is_item_of (document, object, WAYMARK_TYPE_CONNECTOR) ||
                            is_item_of (document, object, WAYMARK_TYPE_EMOTION), 0);
    }

  if (objects->len == 0)
    return 0;

  requested = g_ptr_array_new_with_free_func (g_object_unref);
  doomed = g_hash_table_new (NULL, NULL);
  stage_maps = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  lane_maps = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  cells = cell_set_new ();
  for (guint i = 0; i < objects->len; i++)
    {
      gpointer object = g_ptr_array_index (objects, i);
      gint64 map;

      if (!g_hash_table_add (doomed, object))
        continue;
      g_ptr_array_add (requested, g_object_ref (object));

      if (WAYMARK_IS_STAGE (object))
        {
          map = waymark_stage_get_map (object);
          g_hash_table_add (stage_maps, g_memdup2 (&map, sizeof map));
        }
      else if (WAYMARK_IS_LANE (object))
        {
          map = waymark_lane_get_map (object);
          g_hash_table_add (lane_maps, g_memdup2 (&map, sizeof map));
        }
      else if (WAYMARK_IS_CARD (object))
        cell_set_add (cells, waymark_card_get_stage (object), waymark_card_get_lane (object));
    }

  label = delete_label (requested);
  waymark_document_begin (document, label);

  g_hash_table_iter_init (&iter, stage_maps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    shrink_spans (document, *(gint64 *) key, doomed, cells);

  _waymark_document_remove_all (document, requested, NULL);

  g_hash_table_iter_init (&iter, stage_maps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GPtrArray) stages = waymark_edit_dup_stages (document, *(gint64 *) key);

      renumber (document, stages);
    }

  g_hash_table_iter_init (&iter, lane_maps);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GPtrArray) lanes = waymark_edit_dup_lanes (document, *(gint64 *) key);

      renumber (document, lanes);
    }

  renumber_cells (document, cells);

  waymark_document_end (document);

  for (guint i = 0; i < requested->len; i++)
    if (waymark_object_get_document (g_ptr_array_index (requested, i)) == NULL)
      deleted++;

  return deleted;
}

/**
 * waymark_edit_cards_to_text:
 * @cards: (element-type WaymarkCard): cards of one document
 *
 * Returns: (transfer full): the text the clipboard gets: the cards' titles
 *   in display order, one a line, a line break inside a title turned into
 *   a space
 */
char *
waymark_edit_cards_to_text (GPtrArray *cards)
{
  g_autoptr(GPtrArray) ordered = NULL;
  WaymarkDocument *document = NULL;
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (cards != NULL, NULL);
  for (guint i = 0; i < cards->len; i++)
    g_return_val_if_fail (WAYMARK_IS_CARD (g_ptr_array_index (cards, i)), NULL);

  if (cards->len > 0)
    document = waymark_object_get_document (g_ptr_array_index (cards, 0));

  if (document != NULL)
    ordered = dup_in_display_order (document, cards);
  else
    ordered = g_ptr_array_ref (cards);

  for (guint i = 0; i < ordered->len; i++)
    {
      const char *title = waymark_card_get_title (g_ptr_array_index (ordered, i));

      if (i > 0)
        g_string_append_c (text, '\n');

      for (const char *p = title; *p != '\0'; p++)
        {
          if (*p == '\r' && p[1] == '\n')
            continue;
          g_string_append_c (text, *p == '\r' || *p == '\n' ? ' ' : *p);
        }
    }

  return g_string_free (text, FALSE);
}

/**
 * waymark_edit_count_text_cards:
 * @text: text from the clipboard
 *
 * Returns: how many cards waymark_edit_paste_text() makes of @text: its
 *   lines that are not blank
 */
guint
waymark_edit_count_text_cards (const char *text)
{
  g_return_val_if_fail (text != NULL, 0);

  return collect_titles (text, NULL);
}

/**
 * waymark_edit_paste_text:
 * @document: a #WaymarkDocument
 * @stage: a stage
 * @lane: a lane of the same map
 * @position: where in the cell, -1 for the end
 * @text: text from the clipboard
 *
 * Adds a card of the lane's kind for each line of @text that is not blank,
 * trimmed and without its list bullet ("- ", "* ", "• ", "1. "), in order,
 * as one step.
 *
 * Returns: (transfer container) (element-type WaymarkCard): the new cards;
 *   empty, and nothing recorded, when @text has no line to paste
 */
GPtrArray *
waymark_edit_paste_text (WaymarkDocument *document,
                         gint64           stage,
                         gint64           lane,
                         int              position,
                         const char      *text)
{
  g_autoptr(GPtrArray) titles = NULL;
  g_autofree char *label = NULL;
  const char *kind;
  GPtrArray *added;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_cell (document, stage, lane), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  added = g_ptr_array_new_with_free_func (g_object_unref);
  titles = g_ptr_array_new_with_free_func (g_free);
  if (collect_titles (text, titles) == 0)
    return added;

  kind = card_kind_in (document, lane);

  /* Translators: undo labels */
  label = titles->len == 1 ? g_strdup (_("Paste Card"))
                           : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paste %u Card", "Paste %u Cards", titles->len),
                                              titles->len);
  waymark_document_begin (document, label);

  for (guint i = 0; i < titles->len; i++)
    g_ptr_array_add (added, g_object_ref (add_card (document, stage, lane, (int) i, kind,
                                                    g_ptr_array_index (titles, i))));
  place_in_cell (document, stage, lane, position, added);

  waymark_document_end (document);

  return added;
}

/**
 * waymark_edit_add_stage:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 * @position: where among the stages, -1 for the end
 * @title: (nullable): the title
 *
 * Adds a stage of automatic width. A card that covered the stages on both
 * sides of the new one covers it too.
 *
 * Returns: (transfer none): the new stage
 */
WaymarkStage *
waymark_edit_add_stage (WaymarkDocument *document,
                        gint64           map,
                        int              position,
                        const char      *title)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GHashTable) index = NULL;
  g_autoptr(GPtrArray) widened = NULL;
  GPtrArray *cards;
  WaymarkStage *stage;
  guint at;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_map (document, map), NULL);

  stages = waymark_edit_dup_stages (document, map);
  index = index_stages (stages);
  at = insertion_index (position, stages->len);

  widened = g_ptr_array_new ();
  cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      guint first;

      if (lookup_index (index, waymark_card_get_stage (card), &first) &&
          first < at && first + (guint) waymark_card_get_span (card) > at)
        g_ptr_array_add (widened, card);
    }

  /* Translators: an undo label */
  waymark_document_begin (document, _("Add Stage"));

  for (guint i = 0; i < widened->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (widened, i);

      waymark_document_set (document, card, "span", waymark_card_get_span (card) + 1, NULL);
    }

  stage = WAYMARK_STAGE (waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                               "map", map,
                                               "position", (int) at,
                                               "title", title != NULL ? title : "",
                                               NULL));
  g_ptr_array_insert (stages, at, g_object_ref (stage));
  renumber (document, stages);

  waymark_document_end (document);

  return stage;
}

/**
 * waymark_edit_add_lane:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 * @position: where among the lanes, -1 for the end
 * @title: (nullable): the title
 * @kind: (nullable): one of waymark_lane_kinds(), %NULL for notes
 *
 * Adds a lane of automatic height.
 *
 * Returns: (transfer none): the new lane
 */
WaymarkLane *
waymark_edit_add_lane (WaymarkDocument *document,
                       gint64           map,
                       int              position,
                       const char      *title,
                       const char      *kind)
{
  g_autoptr(GPtrArray) lanes = NULL;
  WaymarkLane *lane;
  guint at;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_map (document, map), NULL);
  g_return_val_if_fail (kind == NULL || g_strv_contains (waymark_lane_kinds (), kind), NULL);

  lanes = waymark_edit_dup_lanes (document, map);
  at = insertion_index (position, lanes->len);

  /* Translators: an undo label */
  waymark_document_begin (document, _("Add Lane"));

  lane = WAYMARK_LANE (waymark_document_add (document, WAYMARK_TYPE_LANE,
                                             "map", map,
                                             "position", (int) at,
                                             "title", title != NULL ? title : "",
                                             "kind", kind != NULL ? kind : "notes",
                                             NULL));
  g_ptr_array_insert (lanes, at, g_object_ref (lane));
  renumber (document, lanes);

  waymark_document_end (document);

  return lane;
}

/**
 * waymark_edit_move_stage:
 * @document: a #WaymarkDocument
 * @stage: a stage of @document
 * @position: its new position among the map's stages, -1 for the last
 *
 * Moves a stage with its cells. A card's span counts stages from its own,
 * wherever they now are; one that would run past the last stage is
 * shortened.
 */
void
waymark_edit_move_stage (WaymarkDocument *document,
                         WaymarkStage    *stage,
                         int              position)
{
  g_autoptr(GPtrArray) stages = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, stage, WAYMARK_TYPE_STAGE));

  stages = waymark_edit_dup_stages (document, waymark_stage_get_map (stage));

  /* Translators: an undo label */
  waymark_document_begin (document, _("Move Stage"));
  if (reorder (document, stages, stage, position))
    clamp_spans (document, stages);
  waymark_document_end (document);
}

/**
 * waymark_edit_move_lane:
 * @document: a #WaymarkDocument
 * @lane: a lane of @document
 * @position: its new position among the map's lanes, -1 for the last
 *
 * Moves a lane with its cards.
 */
void
waymark_edit_move_lane (WaymarkDocument *document,
                        WaymarkLane     *lane,
                        int              position)
{
  g_autoptr(GPtrArray) lanes = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, lane, WAYMARK_TYPE_LANE));

  lanes = waymark_edit_dup_lanes (document, waymark_lane_get_map (lane));

  /* Translators: an undo label */
  waymark_document_begin (document, _("Move Lane"));
  reorder (document, lanes, lane, position);
  waymark_document_end (document);
}

/**
 * waymark_edit_resize_stage:
 * @document: a #WaymarkDocument
 * @stage: a stage of @document
 * @width: the width in points, 0 for automatic
 *
 * Sets the width; the changes of one drag (less than 1.5 s apart) are one step.
 */
void
waymark_edit_resize_stage (WaymarkDocument *document,
                           WaymarkStage    *stage,
                           double           width)
{
  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, stage, WAYMARK_TYPE_STAGE));
  g_return_if_fail (isfinite (width) && width >= 0);

  /* Translators: an undo label */
  _waymark_document_begin_merging (document, _("Resize Stage"));
  waymark_document_set (document, stage, "width", width, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_resize_lane:
 * @document: a #WaymarkDocument
 * @lane: a lane of @document
 * @height: the smallest height in points, 0 for automatic
 *
 * Sets the height; the changes of one drag (less than 1.5 s apart) are one step.
 */
void
waymark_edit_resize_lane (WaymarkDocument *document,
                          WaymarkLane     *lane,
                          double           height)
{
  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, lane, WAYMARK_TYPE_LANE));
  g_return_if_fail (isfinite (height) && height >= 0);

  /* Translators: an undo label */
  _waymark_document_begin_merging (document, _("Resize Lane"));
  waymark_document_set (document, lane, "height", height, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_rename:
 * @document: a #WaymarkDocument
 * @object: a stage, lane, card or map of @document (a map's new title is
 *   the document's too when it is the only map and the document has no
 *   title of its own)
 * @title: the new title
 *
 * Sets the title; renaming one object in quick succession (less than
 * 1.5 s apart, as when typing) is one step.
 */
void
waymark_edit_rename (WaymarkDocument *document,
                     WaymarkObject   *object,
                     const char      *title)
{
  const char *label;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, object, WAYMARK_TYPE_STAGE) ||
                    is_item_of (document, object, WAYMARK_TYPE_LANE) ||
                    is_item_of (document, object, WAYMARK_TYPE_CARD) ||
                    is_item_of (document, object, WAYMARK_TYPE_MAP));
  g_return_if_fail (title != NULL);

  if (WAYMARK_IS_MAP (object))
    {
      const char *old = waymark_map_get_title (WAYMARK_MAP (object));
      const char *doc_title = waymark_document_get_title (document);
      /* The document's title follows its only map's, unless it was given
       * one of its own. */
      gboolean follow = waymark_document_get_items (document, WAYMARK_TYPE_MAP)->len == 1 &&
                        (doc_title[0] == '\0' || g_str_equal (doc_title, old) ||
                         g_str_equal (doc_title, "Untitled Map") || g_str_equal (doc_title, _("Untitled Map")));

      /* Translators: an undo label */
      _waymark_document_begin_merging (document, _("Rename Map"));
      waymark_document_set (document, object, "title", title, NULL);
      if (follow && title[0] != '\0')
        waymark_document_set (document, document, "title", title, NULL);
      waymark_document_end (document);
      return;
    }

  if (WAYMARK_IS_STAGE (object))
    /* Translators: an undo label */
    label = _("Rename Stage");
  else if (WAYMARK_IS_LANE (object))
    /* Translators: an undo label */
    label = _("Rename Lane");
  else
    /* Translators: an undo label */
    label = _("Rename Card");

  _waymark_document_begin_merging (document, label);
  waymark_document_set (document, object, "title", title, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_set_color:
 * @document: a #WaymarkDocument
 * @object: a stage, lane or card of @document
 * @color: "#rrggbb", or "" for the default colour
 *
 * Sets the colour, stored in lower case.
 */
void
waymark_edit_set_color (WaymarkDocument *document,
                        WaymarkObject   *object,
                        const char      *color)
{
  g_autofree char *lower = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, object, WAYMARK_TYPE_STAGE) ||
                    is_item_of (document, object, WAYMARK_TYPE_LANE) ||
                    is_item_of (document, object, WAYMARK_TYPE_CARD));
  g_return_if_fail (color != NULL);
  g_return_if_fail (color[0] == '\0' ||
                    (strlen (color) == 7 && color[0] == '#' &&
                     strspn (color + 1, "0123456789abcdefABCDEF") == 6));

  lower = g_ascii_strdown (color, -1);

  /* Translators: these are undo labels */
  waymark_document_begin (document, lower[0] != '\0' ? _("Set Color") : _("Reset Color"));
  waymark_document_set (document, object, "color", lower, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_set_emotion:
 * @document: a #WaymarkDocument
 * @lane: an emotions lane
 * @stage: a stage of the same map
 * @score: the score, clamped to -3…3
 *
 * Sets the score of the lane's point in @stage, creating the point if
 * there is none.
 *
 * Returns: (transfer none): the point
 */
WaymarkEmotion *
waymark_edit_set_emotion (WaymarkDocument *document,
                          gint64           lane,
                          gint64           stage,
                          int              score)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (is_emotion_cell (document, lane, stage), NULL);

  score = CLAMP (score, WAYMARK_EDIT_EMOTION_MIN, WAYMARK_EDIT_EMOTION_MAX);
  return store_emotion (document, lane, stage, find_emotion (document, lane, stage), score);
}

/**
 * waymark_edit_nudge_emotion:
 * @document: a #WaymarkDocument
 * @lane: an emotions lane
 * @stage: a stage of the same map
 * @delta: how much to raise (or, below 0, lower) the score
 *
 * Raises or lowers the lane's point in @stage, as Up and Down do; a
 * missing point is created at 0 + @delta. The score stays within -3…3.
 *
 * Returns: %TRUE if the score changed; %FALSE at the limit, or for a @delta of 0
 */
gboolean
waymark_edit_nudge_emotion (WaymarkDocument *document,
                            gint64           lane,
                            gint64           stage,
                            int              delta)
{
  WaymarkEmotion *emotion;
  int score, nudged;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (is_emotion_cell (document, lane, stage), FALSE);

  if (delta == 0)
    return FALSE;

  emotion = find_emotion (document, lane, stage);
  score = emotion != NULL ? waymark_emotion_get_score (emotion) : 0;
  /* Clamped before adding, so that G_MAXINT cannot overflow. */
  delta = CLAMP (delta, WAYMARK_EDIT_EMOTION_MIN - WAYMARK_EDIT_EMOTION_MAX,
                 WAYMARK_EDIT_EMOTION_MAX - WAYMARK_EDIT_EMOTION_MIN);
  nudged = CLAMP (score + delta, WAYMARK_EDIT_EMOTION_MIN, WAYMARK_EDIT_EMOTION_MAX);

  if (emotion != NULL && nudged == score)
    return FALSE;

  store_emotion (document, lane, stage, emotion, nudged);
  return TRUE;
}

/**
 * waymark_edit_find_connector:
 * @document: a #WaymarkDocument
 * @source: a card
 * @target: another card
 *
 * Returns: (transfer none) (nullable): the connector from @source to
 *   @target, if there is one
 */
WaymarkConnector *
waymark_edit_find_connector (WaymarkDocument *document,
                             gint64           source,
                             gint64           target)
{
  GPtrArray *connectors;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  connectors = waymark_document_get_items (document, WAYMARK_TYPE_CONNECTOR);
  for (guint i = 0; i < connectors->len; i++)
    {
      WaymarkConnector *connector = g_ptr_array_index (connectors, i);

      if (waymark_connector_get_source (connector) == source && waymark_connector_get_target (connector) == target)
        return connector;
    }
  return NULL;
}

/* Whether a connector may join @source to @target: two cards of one map,
 * not yet joined that way (@except: a connector being re-routed). */
static gboolean
can_connect (WaymarkDocument  *document,
             gint64            source,
             gint64            target,
             WaymarkConnector *except,
             GError          **error)
{
  WaymarkObject *a = waymark_document_lookup (document, source);
  WaymarkObject *b = waymark_document_lookup (document, target);
  WaymarkConnector *existing;

  if (!WAYMARK_IS_CARD (a) || !WAYMARK_IS_CARD (b))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("A connector joins two cards"));
      return FALSE;
    }
  if (source == target)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("A card cannot be connected to itself"));
      return FALSE;
    }
  if (card_map (document, WAYMARK_CARD (a)) != card_map (document, WAYMARK_CARD (b)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The cards are on different maps"));
      return FALSE;
    }
  existing = waymark_edit_find_connector (document, source, target);
  if (existing != NULL && existing != except)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("These cards are already connected"));
      return FALSE;
    }
  return TRUE;
}

/**
 * waymark_edit_connect:
 * @document: a #WaymarkDocument
 * @source: the card the arrow leaves
 * @target: the card it points to
 * @label: (nullable): a short label for the arrow
 * @error: why not
 *
 * Joins two cards of one map by an arrow, as one undoable step
 * (“Connect Cards”).
 *
 * Returns: (transfer none) (nullable): the new connector; %NULL when
 *   the cards are the same, on different maps, or already connected
 */
WaymarkConnector *
waymark_edit_connect (WaymarkDocument *document,
                      gint64           source,
                      gint64           target,
                      const char      *label,
                      GError         **error)
{
  WaymarkObject *connector;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!can_connect (document, source, target, NULL, error))
    return NULL;

  /* Translators: an undo label */
  waymark_document_begin (document, _("Connect Cards"));
  connector = waymark_document_add (document, WAYMARK_TYPE_CONNECTOR,
                                    "source", source, "target", target, "label", label ? label : "", NULL);
  waymark_document_end (document);
  return WAYMARK_CONNECTOR (connector);
}

/**
 * waymark_edit_reroute:
 * @document: a #WaymarkDocument
 * @connector: a connector of @document
 * @source: the card it is to leave (may be its own source)
 * @target: the card it is to point to (may be its own target)
 * @error: why not
 *
 * Moves either end of a connector to another card, or turns it round
 * (@source and @target swapped), as one undoable step.
 *
 * Returns: %TRUE if the connector now joins @source to @target
 */
gboolean
waymark_edit_reroute (WaymarkDocument   *document,
                      WaymarkConnector  *connector,
                      gint64             source,
                      gint64             target,
                      GError           **error)
{
  gboolean reverse;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (is_item_of (document, connector, WAYMARK_TYPE_CONNECTOR), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (source == waymark_connector_get_source (connector) && target == waymark_connector_get_target (connector))
    return TRUE;
  if (!can_connect (document, source, target, connector, error))
    return FALSE;

  reverse = source == waymark_connector_get_target (connector) && target == waymark_connector_get_source (connector);
  /* Translators: undo labels */
  waymark_document_begin (document, reverse ? _("Reverse Connector") : _("Move Connector"));
  waymark_document_set (document, connector, "source", source, "target", target, NULL);
  waymark_document_end (document);
  return TRUE;
}

/**
 * waymark_edit_set_connector_label:
 * @document: a #WaymarkDocument
 * @connector: a connector of @document
 * @label: its new label; "" for none
 *
 * Labels the arrow (“if paid by card”), as one undoable step.
 */
void
waymark_edit_set_connector_label (WaymarkDocument  *document,
                                  WaymarkConnector *connector,
                                  const char       *label)
{
  g_autofree char *trimmed = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_item_of (document, connector, WAYMARK_TYPE_CONNECTOR));
  g_return_if_fail (label != NULL);

  trimmed = g_strstrip (g_strdup (label));
  /* Translators: an undo label */
  _waymark_document_begin_merging (document, _("Label Connector"));
  waymark_document_set (document, connector, "label", trimmed, NULL);
  waymark_document_end (document);
}

/**
 * waymark_edit_get_curve_metric:
 * @document: a #WaymarkDocument
 *
 * Returns: (transfer none) (nullable): the metric whose stage values draw
 *   the emotion curve, or %NULL when the scores are set by hand
 */
WaymarkMetric *
waymark_edit_get_curve_metric (WaymarkDocument *document)
{
  GPtrArray *metrics;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  for (guint i = 0; i < metrics->len; i++)
    {
      const WaymarkMetricDefinition *definition = waymark_metric_get_definition (g_ptr_array_index (metrics, i));

      if (definition != NULL && definition->emotion_curve)
        return g_ptr_array_index (metrics, i);
    }
  return NULL;
}

/**
 * waymark_edit_set_curve_metric:
 * @document: a #WaymarkDocument
 * @metric: (nullable): the metric to draw the emotion curve from, or
 *   %NULL for the scores set by hand
 *
 * Switches the emotion curve between data and hand, as one undoable
 * step. The scores set by hand are kept either way: a stage the metric
 * has no value for shows its hand-set score, and switching back shows
 * them all again.
 */
void
waymark_edit_set_curve_metric (WaymarkDocument *document,
                               WaymarkMetric   *metric)
{
  GPtrArray *metrics;
  g_autofree char *label = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (metric == NULL || is_item_of (document, metric, WAYMARK_TYPE_METRIC));

  label = metric != NULL
    /* Translators: an undo label; %s is a metric's name */
    ? g_strdup_printf (_("Draw Curve from %s"), waymark_metric_get_name (metric))
    /* Translators: an undo label */
    : g_strdup (_("Draw Curve by Hand"));
  waymark_document_begin (document, label);
  metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  /* Setting a definition changes no item list: walk it as it is. */
  for (guint i = 0; i < metrics->len; i++)
    {
      WaymarkMetric *candidate = g_ptr_array_index (metrics, i);
      g_autoptr(WaymarkMetricDefinition) definition = waymark_metric_dup_definition (candidate, NULL);
      g_autofree char *json = NULL;
      gboolean wanted = candidate == metric;

      if (definition == NULL || definition->emotion_curve == wanted)
        continue;
      definition->emotion_curve = wanted;
      json = waymark_metric_definition_to_json (definition);
      waymark_document_set (document, candidate, "definition", json, NULL);
    }
  waymark_document_end (document);
}

/**
 * waymark_edit_vote:
 * @document: a #WaymarkDocument
 * @cards: (element-type WaymarkCard): cards of @document
 * @delta: votes to give (below 0: to take back)
 *
 * Dot voting: adds @delta votes to each card, kept within
 * 0…%WAYMARK_CARD_VOTES_MAX. Votes given in quick succession are one step
 * (“Vote”), as a room calling out is one round.
 *
 * Returns: %TRUE if any card's votes changed
 */
gboolean
waymark_edit_vote (WaymarkDocument *document,
                   GPtrArray       *cards,
                   int              delta)
{
  gboolean changed = FALSE;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (cards != NULL, FALSE);

  for (guint i = 0; i < cards->len; i++)
    g_return_val_if_fail (is_item_of (document, g_ptr_array_index (cards, i), WAYMARK_TYPE_CARD), FALSE);

  delta = CLAMP (delta, -WAYMARK_CARD_VOTES_MAX, WAYMARK_CARD_VOTES_MAX);
  /* Translators: undo labels */
  _waymark_document_begin_merging (document, delta >= 0 ? _("Vote") : _("Take Back Vote"));
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      int votes;

      votes = CLAMP (waymark_card_get_votes (card) + delta, 0, WAYMARK_CARD_VOTES_MAX);
      if (votes != waymark_card_get_votes (card))
        {
          waymark_document_set (document, card, "votes", votes, NULL);
          changed = TRUE;
        }
    }
  waymark_document_end (document);
  return changed;
}

static GPtrArray *
dup_map_cards (WaymarkDocument *document,
               gint64           map)
{
  GPtrArray *all = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  GPtrArray *ret = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (card_map (document, g_ptr_array_index (all, i)) == map)
      g_ptr_array_add (ret, g_ptr_array_index (all, i));
  return ret;
}

/**
 * waymark_edit_clear_votes:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 *
 * Takes every vote off the map's cards, as one step.
 *
 * Returns: how many cards had votes
 */
guint
waymark_edit_clear_votes (WaymarkDocument *document,
                          gint64           map)
{
  g_autoptr(GPtrArray) cards = NULL;
  guint n = 0;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), 0);
  g_return_val_if_fail (is_map (document, map), 0);

  cards = dup_map_cards (document, map);
  /* Translators: an undo label */
  waymark_document_begin (document, _("Clear Votes"));
  for (guint i = 0; i < cards->len; i++)
    if (waymark_card_get_votes (g_ptr_array_index (cards, i)) > 0)
      {
        waymark_document_set (document, g_ptr_array_index (cards, i), "votes", 0, NULL);
        n++;
      }
  waymark_document_end (document);
  return n;
}

static int
compare_votes (gconstpointer a,
               gconstpointer b)
{
  WaymarkCard *x = *(WaymarkCard **) a;
  WaymarkCard *y = *(WaymarkCard **) b;

  if (waymark_card_get_votes (x) != waymark_card_get_votes (y))
    return waymark_card_get_votes (x) > waymark_card_get_votes (y) ? -1 : 1;
  /* Stable: equal votes keep their order. */
  return waymark_card_get_position (x) < waymark_card_get_position (y) ? -1 :
         waymark_card_get_position (x) > waymark_card_get_position (y);
}

/**
 * waymark_edit_sort_by_votes:
 * @document: a #WaymarkDocument
 * @map: a map of @document
 *
 * Puts the most voted cards first in every cell of the map, as one step;
 * cards with equal votes keep their order.
 */
void
waymark_edit_sort_by_votes (WaymarkDocument *document,
                            gint64           map)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (is_map (document, map));

  stages = waymark_edit_dup_stages (document, map);
  lanes = waymark_edit_dup_lanes (document, map);
  /* Translators: an undo label */
  waymark_document_begin (document, _("Sort by Votes"));
  for (guint s = 0; s < stages->len; s++)
    for (guint l = 0; l < lanes->len; l++)
      {
        g_autoptr(GPtrArray) cell = waymark_document_dup_cell (document, id_of (g_ptr_array_index (stages, s)),
                                                               id_of (g_ptr_array_index (lanes, l)));

        g_ptr_array_sort (cell, compare_votes);
        for (guint i = 0; i < cell->len; i++)
          if (waymark_card_get_position (g_ptr_array_index (cell, i)) != (int) i)
            waymark_document_set (document, g_ptr_array_index (cell, i), "position", (int) i, NULL);
      }
  waymark_document_end (document);
}

/**
 * waymark_edit_park:
 * @document: a #WaymarkDocument
 * @cards: (element-type WaymarkCard): cards of one map of @document
 *
 * Sets ideas aside: moves the cards to the map's parking lot, each in its
 * own stage, at the end; the lane is made at the bottom of the map if it
 * has none. One step (“Move to Parking Lot”).
 *
 * Returns: (transfer none) (nullable): the parking lot, or %NULL if there
 *   were no cards to move
 */
WaymarkLane *
waymark_edit_park (WaymarkDocument *document,
                   GPtrArray       *cards)
{
  g_autoptr(GPtrArray) lanes = NULL;
  WaymarkLane *lot = NULL;
  gint64 map;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (cards != NULL, NULL);

  if (cards->len == 0)
    return NULL;
  g_return_val_if_fail (is_item_of (document, g_ptr_array_index (cards, 0), WAYMARK_TYPE_CARD), NULL);
  map = card_map (document, g_ptr_array_index (cards, 0));
  lanes = waymark_edit_dup_lanes (document, map);
  for (guint i = 0; i < lanes->len && lot == NULL; i++)
    if (g_str_equal (waymark_lane_get_kind (g_ptr_array_index (lanes, i)), "parking-lot"))
      lot = g_ptr_array_index (lanes, i);

  /* Translators: an undo label */
  waymark_document_begin (document, _("Move to Parking Lot"));
  if (lot == NULL)
    lot = waymark_edit_add_lane (document, map, -1, _("Parking Lot"), "parking-lot");
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      g_autoptr(GPtrArray) one = g_ptr_array_new ();

      if (!is_item_of (document, card, WAYMARK_TYPE_CARD) || card_map (document, card) != map ||
          waymark_card_get_lane (card) == id_of (lot))
        continue;
      g_ptr_array_add (one, card);
      waymark_edit_move_cards (document, one, waymark_card_get_stage (card), id_of (lot), -1, NULL);
    }
  waymark_document_end (document);
  return lot;
}
