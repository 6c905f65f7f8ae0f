/* waymark-generate.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-generate"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "waymark-document-private.h"
#include "waymark-generate.h"
#include "waymark-object-private.h"

/* Words of the trade, so that generated cards wrap and measure like real ones. */
static const char * const words[] = {
  "customer", "checkout", "delivery", "account", "password", "support", "agent", "wait",
  "order", "payment", "refund", "email", "confirmation", "tracking", "parcel", "app",
  "notification", "search", "results", "filter", "price", "discount", "coupon", "cart",
  "basket", "review", "rating", "photo", "size", "guide", "return", "label", "courier",
  "store", "pickup", "chat", "bot", "hold", "music", "menu", "option", "survey", "score",
  "onboarding", "trial", "invite", "team", "setup", "import", "template", "dashboard",
  "report", "export", "renewal", "invoice", "plan", "upgrade", "billing", "contract",
  "frustrated", "confused", "relieved", "delighted", "anxious", "unsure", "quick", "slow",
  "missing", "unclear", "hidden", "broken", "late", "early", "again", "first", "never",
  "finds", "compares", "asks", "calls", "opens", "clicks", "reads", "skips", "waits",
  "cancels", "retries", "shares", "recommends", "complains", "expects", "wants", "needs",
  "the", "a", "for", "with", "on", "in", "after", "before", "about", "without", "too",
  "mobile", "website", "form", "field", "error", "message", "code", "address", "phone",
};

/* Lanes take their kinds in this order, titled with the kind's name. */
static const char * const lane_cycle[] = {
  "touchpoints", "actions", "thoughts", "emotions", "pain-points", "opportunities",
  "backstage", "notes", "channels",
};

static const char * const channels[] = {
  "web", "mobile-app", "email", "phone", "chat", "store", "social", "sms",
};

static const char * const owners[] = { "Growth team", "Support", "Product", "Operations", "Design" };

static char *
make_text (GRand *rand,
           int    min_words,
           int    max_words,
           gboolean sentence)
{
  GString *text = g_string_new (NULL);
  int n = g_rand_int_range (rand, min_words, max_words + 1);

  for (int i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, word);
    }

  if (text->len > 0)
    text->str[0] = g_ascii_toupper (text->str[0]);
  if (sentence && text->len > 0)
    g_string_append_c (text, '.');

  return g_string_free (text, FALSE);
}

static WaymarkObject *
new_object (WaymarkDocument *document,
            GType            type,
            gint64          *next_id)
{
  WaymarkObject *object = _waymark_object_new (type, (*next_id)++);

  _waymark_document_insert_loaded (document, object);
  g_object_unref (object);
  return object;
}

static void
set (WaymarkObject *object,
     const char    *property,
     ...)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) value = G_VALUE_INIT;
  va_list args;

  g_value_init (&value, pspec->value_type);
  va_start (args, property);
  if (pspec->value_type == G_TYPE_STRING)
    g_value_set_string (&value, va_arg (args, const char *));
  else if (pspec->value_type == G_TYPE_INT64)
    g_value_set_int64 (&value, va_arg (args, gint64));
  else if (pspec->value_type == G_TYPE_INT)
    g_value_set_int (&value, va_arg (args, int));
  else if (pspec->value_type == G_TYPE_BOOLEAN)
    g_value_set_boolean (&value, va_arg (args, gboolean));
  else
    g_assert_not_reached ();
  va_end (args);

  _waymark_object_set_value_silently (object, pspec->param_id, &value);
}

static void
take_string (WaymarkObject *object,
             const char    *property,
             char          *text)
{
  set (object, property, text);
  g_free (text);
}

/**
 * waymark_generate:
 * @n_cards: how many cards
 * @n_stages: how many stages (1…%WAYMARK_GENERATE_MAX_STAGES)
 * @n_lanes: how many lanes (1…%WAYMARK_GENERATE_MAX_LANES)
 * @seed: the same seed gives the same document
 *
 * Builds a synthetic one-map document for benchmarks and tests: lanes of
 * every kind in turn, cards spread over the cells with realistic text
 * lengths (titles of 2–7 words, bodies of 0–30), pain points with
 * severities, touchpoints with channels, a few cards spanning two stages,
 * and an emotion point per stage in each emotion lane.
 *
 * Returns: (transfer full): a new document without a file
 */
WaymarkDocument *
waymark_generate (guint   n_cards,
                  guint   n_stages,
                  guint   n_lanes,
                  guint64 seed)
{
  g_autoptr(WaymarkDocument) document = _waymark_document_new_empty ();
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  g_autofree char *title = NULL;
  g_autofree gint64 *stage_ids = NULL;
  g_autofree gint64 *lane_ids = NULL;
  g_autofree gboolean *lane_is_emotion = NULL;
  g_autofree guint *card_lanes = NULL;
  g_autofree int *cell_fill = NULL;
  guint n_card_lanes = 0;
  gint64 next_id = 1;
  WaymarkObject *persona, *map;

  g_return_val_if_fail (n_cards <= WAYMARK_GENERATE_MAX_CARDS, NULL);
  g_return_val_if_fail (n_stages >= 1 && n_stages <= WAYMARK_GENERATE_MAX_STAGES, NULL);
  g_return_val_if_fail (n_lanes >= 1 && n_lanes <= WAYMARK_GENERATE_MAX_LANES, NULL);

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Synthetic Map (%u card)",
                                        "Synthetic Map (%u cards)", n_cards), n_cards);
  _waymark_document_set_header (document, title, "", stamp, stamp);

  persona = new_object (document, WAYMARK_TYPE_PERSONA, &next_id);
  set (persona, "name", "Alex Example");
  set (persona, "role", "Returning customer");
  set (persona, "quote", "I just want it to work the first time.");

  map = new_object (document, WAYMARK_TYPE_MAP, &next_id);
  set (map, "title", title);
  set (map, "persona", waymark_object_get_id (persona));

  stage_ids = g_new (gint64, n_stages);
  for (guint s = 0; s < n_stages; s++)
    {
      WaymarkObject *stage = new_object (document, WAYMARK_TYPE_STAGE, &next_id);
      g_autofree char *stage_title = NULL;

      stage_ids[s] = waymark_object_get_id (stage);
      set (stage, "map", waymark_object_get_id (map));
      set (stage, "position", (int) s);
      stage_title = make_text (rand, 1, 3, FALSE);
      set (stage, "title", stage_title);
    }

  lane_ids = g_new (gint64, n_lanes);
  lane_is_emotion = g_new0 (gboolean, n_lanes);
  card_lanes = g_new (guint, n_lanes);
  for (guint l = 0; l < n_lanes; l++)
    {
      WaymarkObject *lane = new_object (document, WAYMARK_TYPE_LANE, &next_id);
      const char *kind = lane_cycle[l % G_N_ELEMENTS (lane_cycle)];

      lane_ids[l] = waymark_object_get_id (lane);
      set (lane, "map", waymark_object_get_id (map));
      set (lane, "position", (int) l);
      set (lane, "kind", kind);
      set (lane, "title", waymark_lane_kind_label (kind));
      lane_is_emotion[l] = g_str_equal (kind, "emotions");
      if (!lane_is_emotion[l])
        card_lanes[n_card_lanes++] = l;
    }

  /* A map of emotion lanes only still holds the cards, in its first lane. */
  if (n_card_lanes == 0)
    card_lanes[n_card_lanes++] = 0;

  cell_fill = g_new0 (int, n_stages * n_lanes);
  for (guint c = 0; c < n_cards; c++)
    {
      WaymarkObject *card = new_object (document, WAYMARK_TYPE_CARD, &next_id);
      guint l = card_lanes[g_rand_int_range (rand, 0, n_card_lanes)];
      guint s = g_rand_int_range (rand, 0, n_stages);
      const char *lane_kind = lane_cycle[l % G_N_ELEMENTS (lane_cycle)];
      int body_words = g_rand_double (rand) < 0.4 ? 0 : g_rand_int_range (rand, 4, 31);

      set (card, "lane", lane_ids[l]);
      set (card, "stage", stage_ids[s]);
      set (card, "position", cell_fill[s * n_lanes + l]++);
      take_string (card, "title", make_text (rand, 2, 7, FALSE));
      if (body_words > 0)
        take_string (card, "body", make_text (rand, body_words, body_words, TRUE));
      if (s + 1 < n_stages && g_rand_double (rand) < 0.05)
        set (card, "span", 2);

      if (g_str_equal (lane_kind, "touchpoints"))
        {
          set (card, "kind", "touchpoint");
          set (card, "channel", channels[g_rand_int_range (rand, 0, G_N_ELEMENTS (channels))]);
        }
      else if (g_str_equal (lane_kind, "pain-points"))
        {
          set (card, "kind", "pain-point");
          set (card, "severity", g_rand_int_range (rand, 1, 4));
        }
      else if (g_str_equal (lane_kind, "opportunities"))
        {
          set (card, "kind", "opportunity");
          set (card, "owner", owners[g_rand_int_range (rand, 0, G_N_ELEMENTS (owners))]);
          /* Any status but the first, none. */
          set (card, "status", waymark_card_statuses ()[g_rand_int_range (rand, 1, g_strv_length ((GStrv) waymark_card_statuses ()))]);
        }
      else if (g_str_equal (lane_kind, "thoughts") && g_rand_boolean (rand))
        set (card, "kind", "quote");
      else
        set (card, "kind", "note");
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      if (!lane_is_emotion[l])
        continue;

      for (guint s = 0; s < n_stages; s++)
        {
          WaymarkObject *emotion = new_object (document, WAYMARK_TYPE_EMOTION, &next_id);

          set (emotion, "lane", lane_ids[l]);
          set (emotion, "stage", stage_ids[s]);
          set (emotion, "score", g_rand_int_range (rand, -3, 4));
        }
    }

  return g_steal_pointer (&document);
}
