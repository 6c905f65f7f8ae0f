/* test-document.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <gobject/gvaluecollector.h>

#include "waymark-items-private.h"
#include "waymark-test-util.h"

/* Fixture: a temporary folder for the tests that save. */

typedef struct
{
  char  *dir;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = NULL;

  fixture->dir = waymark_test_make_dir ("test-document");
  path = g_build_filename (fixture->dir, "map.waymark", NULL);
  fixture->file = g_file_new_for_path (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  waymark_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->file);
}

/* Helpers */

static WaymarkDocument *
new_document (const char *template_name)
{
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document;

  document = waymark_store_new_document (template_name, "Test Map", &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  return document;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = waymark_object_get_id (*(WaymarkObject **) a);
  gint64 y = waymark_object_get_id (*(WaymarkObject **) b);

  return (x > y) - (x < y);
}

/* The @n-th object of @type by id, so that tests pick the same one every run. */
static gpointer
nth_item (WaymarkDocument *document,
          GType            type,
          guint            n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_copy (waymark_document_get_items (document, type), NULL, NULL);

  /* The copy inherits the document's free function; it owns nothing. */
  g_ptr_array_set_free_func (items, NULL);
  g_ptr_array_sort (items, compare_ids);
  g_assert_cmpuint (n, <, items->len);
  return g_ptr_array_index (items, n);
}

static void
assert_dump_equal (const char *expected,
                   const char *actual)
{
  if (g_strcmp0 (expected, actual) == 0)
    return;

  /* Name the first line that differs; a whole dump is too long to read. */
  {
    g_auto(GStrv) a = g_strsplit (expected, "\n", -1);
    g_auto(GStrv) b = g_strsplit (actual, "\n", -1);

    for (guint i = 0; a[i] != NULL || b[i] != NULL; i++)
      {
        if (a[i] == NULL || b[i] == NULL || strcmp (a[i], b[i]) != 0)
          g_error ("documents differ at line %u:\n  expected: %s\n  actual:   %s",
                   i + 1, a[i] ? a[i] : "(end)", b[i] ? b[i] : "(end)");
      }
  }
}

static void
assert_modified (WaymarkDocument *document,
                 gboolean         expected)
{
  gboolean modified = !expected;

  g_object_get (document, "modified", &modified, NULL);
  g_assert_cmpint (waymark_document_get_modified (document), ==, expected);
  g_assert_cmpint (modified, ==, expected);
}

static guint
undo_all (WaymarkDocument *document)
{
  guint steps = 0;

  while (waymark_document_get_can_undo (document))
    {
      g_assert_true (waymark_document_undo (document));
      steps++;
    }
  g_assert_false (waymark_document_undo (document));
  g_assert_null (waymark_document_get_undo_label (document));

  return steps;
}

static guint
redo_all (WaymarkDocument *document)
{
  guint steps = 0;

  while (waymark_document_get_can_redo (document))
    {
      g_assert_true (waymark_document_redo (document));
      steps++;
    }
  g_assert_false (waymark_document_redo (document));
  g_assert_null (waymark_document_get_redo_label (document));

  return steps;
}

/* Recorder: every emission of WaymarkDocument::changed. */

typedef struct
{
  GObject       *object;    /* owned; NULL for the document */
  WaymarkChange  change;
  char          *property;  /* NULL unless UPDATED */
} Change;

typedef struct
{
  WaymarkDocument *document;
  GArray          *changes;
  gulong           handler;
} Recorder;

static void
change_clear (Change *change)
{
  g_clear_object (&change->object);
  g_clear_pointer (&change->property, g_free);
}

static void
recorder_on_changed (WaymarkDocument *document,
                     GObject         *object,
                     int              change,
                     GParamSpec      *pspec,
                     Recorder        *recorder)
{
  Change entry = {
    object != NULL ? g_object_ref (object) : NULL,
    change,
    pspec != NULL ? g_strdup (pspec->name) : NULL,
  };

  g_assert_true (document == recorder->document);
  g_array_append_val (recorder->changes, entry);
}

static Recorder *
recorder_new (WaymarkDocument *document)
{
  Recorder *recorder = g_new0 (Recorder, 1);

  recorder->document = document;
  recorder->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (recorder->changes, (GDestroyNotify) change_clear);
  recorder->handler = g_signal_connect (document, "changed", G_CALLBACK (recorder_on_changed), recorder);
  return recorder;
}

static void
recorder_free (Recorder *recorder)
{
  g_clear_signal_handler (&recorder->handler, recorder->document);
  g_array_unref (recorder->changes);
  g_free (recorder);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

static void
recorder_reset (Recorder *recorder)
{
  g_array_set_size (recorder->changes, 0);
}

static guint
recorder_count (Recorder      *recorder,
                gpointer       object,
                WaymarkChange  change,
                const char    *property)
{
  guint count = 0;

  for (guint i = 0; i < recorder->changes->len; i++)
    {
      Change *entry = &g_array_index (recorder->changes, Change, i);

      if (entry->object == object && entry->change == change &&
          g_strcmp0 (entry->property, property) == 0)
        count++;
    }

  return count;
}

static guint
recorder_count_kind (Recorder      *recorder,
                     WaymarkChange  change)
{
  guint count = 0;

  for (guint i = 0; i < recorder->changes->len; i++)
    if (g_array_index (recorder->changes, Change, i).change == change)
      count++;

  return count;
}

/* Asserts that the ADDED or REMOVED changes name exactly the objects of
 * @expected (a set of WaymarkObject), each once. */
static void
assert_changes_are (Recorder      *recorder,
                    WaymarkChange  change,
                    GHashTable    *expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < recorder->changes->len; i++)
    {
      Change *entry = &g_array_index (recorder->changes, Change, i);

      if (entry->change != change)
        continue;

      g_assert_nonnull (entry->object);
      g_assert_null (entry->property);
      if (!g_hash_table_contains (expected, entry->object))
        g_error ("unexpected change %d of %s %" G_GINT64_FORMAT, change,
                 G_OBJECT_TYPE_NAME (entry->object),
                 waymark_object_get_id (WAYMARK_OBJECT (entry->object)));
      g_assert_true (g_hash_table_add (seen, entry->object));
    }

  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));
}

/* Counts GObject::notify emissions by property name. */

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           GHashTable *counts)
{
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, g_strdup (pspec->name), GUINT_TO_POINTER (count + 1));
}

static guint
notify_count (GHashTable *counts,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

/*
 * /waymark/history/random-edits-undo-redo
 *
 * Random edits through the public editing API only; then the whole history
 * is undone (the document must equal the template again) and redone (it
 * must equal the edited document). While that runs, a mirror of the ids
 * kept up to date only by the changed signal must match the document, so
 * no addition or removal goes unreported.
 */

typedef struct
{
  WaymarkDocument *document;
  GRand           *rand;
  GHashTable      *mirror;   /* ids, as the changed signal reported them */
  guint            depth;    /* open groups */
  guint            n_changes;
} Fuzzer;

static const char * const fragments[] = {
  "Checkout",
  "Überprüfung",
  "支払い",
  "🚚📦",
  "👩🏽‍💻",
  "שלום עולם",
  "مرحبا بالعالم",
  "line one\nline two",
  "tab\tand\r\nCRLF",
  "",
  "quote \"x\" and 'y'",
  "'; DROP TABLE card; --",
  "Lorem ipsum dolor sit amet",
};

static gboolean
chance (Fuzzer *f,
        int     percent)
{
  return g_rand_int_range (f->rand, 0, 100) < percent;
}

static char *
random_text (Fuzzer *f)
{
  GString *text = g_string_new (NULL);
  int n = g_rand_int_range (f->rand, 1, 4);

  for (int i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, fragments[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (fragments))]);
    }
  if (chance (f, 30))
    g_string_append_printf (text, " #%u", g_rand_int (f->rand));

  return g_string_free (text, FALSE);
}

static const char *
random_word (Fuzzer             *f,
             const char * const *words)
{
  guint n = g_strv_length ((char **) words);

  return words[g_rand_int_range (f->rand, 0, n)];
}

static GBytes *
random_photo (Fuzzer *f)
{
  gsize size = g_rand_int_range (f->rand, 0, 64);
  guint8 *data = g_malloc (size + 1);

  for (gsize i = 0; i < size; i++)
    data[i] = chance (f, 20) ? 0 : g_rand_int_range (f->rand, 0, 256);

  return g_bytes_new_take (data, size);
}

static gpointer
random_item (Fuzzer *f,
             GType   type)
{
  GPtrArray *items = waymark_document_get_items (f->document, type);

  if (items->len == 0)
    return NULL;

  return g_ptr_array_index (items, g_rand_int_range (f->rand, 0, items->len));
}

static gint64
id_of (gpointer object)
{
  return object != NULL ? waymark_object_get_id (WAYMARK_OBJECT (object)) : 0;
}

static int
random_position (Fuzzer *f)
{
  return g_rand_int_range (f->rand, 0, 20);
}

static WaymarkMap *
random_map (Fuzzer *f)
{
  WaymarkMap *map = random_item (f, WAYMARK_TYPE_MAP);
  g_autofree char *title = NULL;
  gint64 persona;
  int position;

  if (map != NULL)
    return map;

  title = random_text (f);
  position = random_position (f);
  persona = id_of (random_item (f, WAYMARK_TYPE_PERSONA));
  return WAYMARK_MAP (waymark_document_add (f->document, WAYMARK_TYPE_MAP,
                                            "title", title,
                                            "position", position,
                                            "persona", persona,
                                            NULL));
}

static WaymarkStage *
add_stage (Fuzzer     *f,
           WaymarkMap *map)
{
  g_autofree char *title = random_text (f);

  return WAYMARK_STAGE (waymark_document_add (f->document, WAYMARK_TYPE_STAGE,
                                              "map", id_of (map),
                                              "position", random_position (f),
                                              "title", title,
                                              NULL));
}

static WaymarkLane *
add_lane (Fuzzer     *f,
          WaymarkMap *map)
{
  g_autofree char *title = random_text (f);
  int position = random_position (f);
  const char *kind = random_word (f, waymark_lane_kinds ());
  gboolean collapsed = chance (f, 20);

  return WAYMARK_LANE (waymark_document_add (f->document, WAYMARK_TYPE_LANE,
                                             "map", id_of (map),
                                             "position", position,
                                             "title", title,
                                             "kind", kind,
                                             "collapsed", collapsed,
                                             NULL));
}

/* A stage and a lane of one map, adding them when there are none. */
static void
random_cell (Fuzzer        *f,
             WaymarkStage **out_stage,
             WaymarkLane  **out_lane)
{
  WaymarkStage *stage = random_item (f, WAYMARK_TYPE_STAGE);
  g_autoptr(GPtrArray) lanes = NULL;

  if (stage == NULL)
    stage = add_stage (f, random_map (f));

  lanes = waymark_document_dup_children (f->document, WAYMARK_TYPE_LANE, "map",
                                         waymark_stage_get_map (stage));
  if (lanes->len > 0)
    *out_lane = g_ptr_array_index (lanes, g_rand_int_range (f->rand, 0, lanes->len));
  else
    *out_lane = add_lane (f, WAYMARK_MAP (waymark_document_lookup (f->document, waymark_stage_get_map (stage))));

  *out_stage = stage;
}

static WaymarkCard *
add_card (Fuzzer *f)
{
  WaymarkStage *stage;
  WaymarkLane *lane;
  g_autofree char *title = random_text (f);
  g_autofree char *body = random_text (f);
  int position = random_position (f);
  int span = g_rand_int_range (f->rand, 1, 4);
  const char *kind = random_word (f, waymark_card_kinds ());
  const char *channel = random_word (f, waymark_card_channels ());
  int severity = g_rand_int_range (f->rand, 0, 4);

  random_cell (f, &stage, &lane);
  return WAYMARK_CARD (waymark_document_add (f->document, WAYMARK_TYPE_CARD,
                                             "lane", id_of (lane),
                                             "stage", id_of (stage),
                                             "position", position,
                                             "span", span,
                                             "kind", kind,
                                             "title", title,
                                             "body", body,
                                             "channel", channel,
                                             "severity", severity,
                                             NULL));
}

static WaymarkCard *
random_card (Fuzzer *f)
{
  WaymarkCard *card = random_item (f, WAYMARK_TYPE_CARD);

  return card != NULL ? card : add_card (f);
}

static WaymarkMetric *
random_metric (Fuzzer *f)
{
  WaymarkMetric *metric = random_item (f, WAYMARK_TYPE_METRIC);
  WaymarkDataset *dataset;
  g_autofree char *dataset_name = NULL;
  g_autofree char *metric_name = NULL;

  if (metric != NULL)
    return metric;

  dataset = random_item (f, WAYMARK_TYPE_DATASET);
  if (dataset == NULL)
    {
      dataset_name = g_strdup_printf ("survey-%u.csv", g_rand_int (f->rand));
      dataset = WAYMARK_DATASET (waymark_document_add (f->document, WAYMARK_TYPE_DATASET,
                                                       "name", dataset_name,
                                                       "row-count", (gint64) g_rand_int_range (f->rand, 0, 1000),
                                                       "columns", "[{\"name\":\"nps\",\"type\":\"number\"}]",
                                                       NULL));
    }

  metric_name = g_strdup_printf ("NPS %u", g_rand_int (f->rand));
  return WAYMARK_METRIC (waymark_document_add (f->document, WAYMARK_TYPE_METRIC,
                                               "name", metric_name,
                                               "kind", "nps",
                                               "dataset", id_of (dataset),
                                               "column-name", "nps",
                                               NULL));
}

static double
random_value (Fuzzer *f)
{
  return chance (f, 25) ? NAN : g_rand_double_range (f->rand, -1000, 1000);
}

static void fuzz_step (Fuzzer *f);

static void
fuzz_add (Fuzzer *f)
{
  g_autofree char *text = random_text (f);

  switch (g_rand_int_range (f->rand, 0, 11))
    {
    case 0:
      add_stage (f, random_map (f));
      break;

    case 1:
      add_lane (f, random_map (f));
      break;

    case 2:
    case 3:
      add_card (f);
      break;

    case 4:
      {
        WaymarkStage *stage;
        WaymarkLane *lane;
        WaymarkCard *card = NULL;

        random_cell (f, &stage, &lane);
        if (chance (f, 50))
          {
            g_autoptr(GPtrArray) cell = waymark_document_dup_cell (f->document, id_of (stage), id_of (lane));

            if (cell->len > 0)
              card = g_ptr_array_index (cell, 0);
          }

        waymark_document_add (f->document, WAYMARK_TYPE_EMOTION,
                              "lane", id_of (lane),
                              "stage", id_of (stage),
                              "card", id_of (card),
                              "score", g_rand_int_range (f->rand, -3, 4),
                              "label", text,
                              NULL);
      }
      break;

    case 5:
      {
        WaymarkCard *source = random_card (f);
        WaymarkCard *target = random_card (f);

        waymark_document_add (f->document, WAYMARK_TYPE_CONNECTOR,
                              "source", id_of (source),
                              "target", id_of (target),
                              "label", text,
                              NULL);
      }
      break;

    case 6:
      waymark_document_add (f->document, WAYMARK_TYPE_COMMENT,
                            "card", id_of (random_card (f)),
                            "author", "Reviewer",
                            "body", text,
                            "created", "2026-01-02T03:04:05Z",
                            NULL);
      break;

    case 7:
      {
        g_autoptr(GBytes) photo = chance (f, 50) ? random_photo (f) : NULL;

        waymark_document_add (f->document, WAYMARK_TYPE_PERSONA,
                              "name", text,
                              "position", random_position (f),
                              "photo", photo,
                              NULL);
      }
      break;

    case 8:
      {
        int position = random_position (f);
        gint64 persona = id_of (random_item (f, WAYMARK_TYPE_PERSONA));

        waymark_document_add (f->document, WAYMARK_TYPE_MAP,
                              "title", text,
                              "position", position,
                              "persona", persona,
                              NULL);
      }
      break;

    case 9:
    case 10:
      {
        WaymarkMetric *metric = random_metric (f);
        gboolean on_card = chance (f, 50);
        gint64 card = on_card ? id_of (random_card (f)) : 0;
        gint64 stage = on_card ? 0 : id_of (random_item (f, WAYMARK_TYPE_STAGE));
        double value = random_value (f);
        gint64 n = g_rand_int_range (f->rand, 0, 500);

        waymark_document_add (f->document, WAYMARK_TYPE_METRIC_VALUE,
                              "metric", id_of (metric),
                              "card", card,
                              "stage", stage,
                              "period", "2026-W07",
                              "value", value,
                              "n", n,
                              NULL);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fuzz_remove (Fuzzer *f)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);
  GType type = types[g_rand_int_range (f->rand, 0, n_types)];
  WaymarkObject *object;

  /* A map takes everything with it: remove one only now and then. */
  if (type == WAYMARK_TYPE_MAP && !chance (f, 15))
    type = WAYMARK_TYPE_CARD;

  if ((object = random_item (f, type)) != NULL)
    waymark_document_remove (f->document, object);
}

static void
fuzz_set_card (Fuzzer *f)
{
  WaymarkCard *card = random_card (f);
  g_autofree char *text = random_text (f);

  switch (g_rand_int_range (f->rand, 0, 10))
    {
    case 0:
      waymark_document_set (f->document, card, "title", text, NULL);
      break;

    case 1:
      waymark_document_set (f->document, card, "body", text, NULL);
      break;

    case 2:
      waymark_document_set (f->document, card, "position", random_position (f), NULL);
      break;

    case 3:
      waymark_document_set (f->document, card, "kind", random_word (f, waymark_card_kinds ()), NULL);
      break;

    case 4:
      waymark_document_set (f->document, card, "channel", random_word (f, waymark_card_channels ()), NULL);
      break;

    case 5:
      waymark_document_set (f->document, card, "severity", g_rand_int_range (f->rand, 0, 4), NULL);
      break;

    case 6:
      waymark_document_set (f->document, card, "span", g_rand_int_range (f->rand, 1, 6), NULL);
      break;

    case 7:
      waymark_document_set (f->document, card, "color", chance (f, 50) ? "#3584e4" : "", NULL);
      break;

    case 8:
      waymark_document_set (f->document, card, "owner", text, "status", "open", NULL);
      break;

    case 9:
      {
        /* Move to another stage of the same map, as a drag would. */
        WaymarkLane *lane = WAYMARK_LANE (waymark_document_lookup (f->document, waymark_card_get_lane (card)));
        g_autoptr(GPtrArray) stages = waymark_document_dup_children (f->document, WAYMARK_TYPE_STAGE, "map",
                                                                     waymark_lane_get_map (lane));
        WaymarkStage *stage = g_ptr_array_index (stages, g_rand_int_range (f->rand, 0, stages->len));

        waymark_document_begin (f->document, "Move Card");
        waymark_document_set (f->document, card, "stage", id_of (stage), NULL);
        waymark_document_set (f->document, card, "position", random_position (f), NULL);
        waymark_document_end (f->document);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fuzz_set_other (Fuzzer *f)
{
  g_autofree char *text = random_text (f);
  gpointer object;

  switch (g_rand_int_range (f->rand, 0, 12))
    {
    case 0:
      if ((object = random_item (f, WAYMARK_TYPE_STAGE)))
        waymark_document_set (f->document, object, "title", text, NULL);
      break;

    case 1:
      if ((object = random_item (f, WAYMARK_TYPE_STAGE)))
        waymark_document_set (f->document, object,
                              "position", random_position (f),
                              "description", text,
                              "color", "#e01b24",
                              NULL);
      break;

    case 2:
      if ((object = random_item (f, WAYMARK_TYPE_LANE)))
        waymark_document_set (f->document, object, "title", text, NULL);
      break;

    case 3:
      if ((object = random_item (f, WAYMARK_TYPE_LANE)))
        {
          const char *kind = random_word (f, waymark_lane_kinds ());
          gboolean collapsed = chance (f, 50);

          waymark_document_set (f->document, object, "kind", kind, "collapsed", collapsed, NULL);
        }
      break;

    case 4:
      if ((object = random_item (f, WAYMARK_TYPE_PERSONA)))
        {
          g_autoptr(GBytes) photo = chance (f, 80) ? random_photo (f) : NULL;

          waymark_document_set (f->document, object, "photo", photo, NULL);
        }
      break;

    case 5:
      if ((object = random_item (f, WAYMARK_TYPE_PERSONA)))
        waymark_document_set (f->document, object, "name", text, "quote", text, NULL);
      break;

    case 6:
      if ((object = random_item (f, WAYMARK_TYPE_MAP)))
        waymark_document_set (f->document, object,
                              "persona", chance (f, 20) ? (gint64) 0 : id_of (random_item (f, WAYMARK_TYPE_PERSONA)),
                              NULL);
      break;

    case 7:
      if ((object = random_item (f, WAYMARK_TYPE_MAP)))
        waymark_document_set (f->document, object, "title", text, NULL);
      break;

    case 8:
      waymark_document_set (f->document, f->document, chance (f, 70) ? "title" : "author", text, NULL);
      break;

    case 9:
      if ((object = random_item (f, WAYMARK_TYPE_EMOTION)))
        waymark_document_set (f->document, object, "score", g_rand_int_range (f->rand, -3, 4), NULL);
      break;

    case 10:
      if ((object = random_item (f, WAYMARK_TYPE_METRIC_VALUE)))
        waymark_document_set (f->document, object, "value", random_value (f), NULL);
      break;

    case 11:
      if ((object = random_item (f, WAYMARK_TYPE_CONNECTOR)))
        waymark_document_set (f->document, object, "label", text, NULL);
      else if ((object = random_item (f, WAYMARK_TYPE_COMMENT)))
        waymark_document_set (f->document, object, "body", text, NULL);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Sets a title one character at a time, the way typing does. */
static void
fuzz_type (Fuzzer *f)
{
  WaymarkCard *card = random_card (f);
  g_autofree char *text = random_text (f);
  glong length = g_utf8_strlen (text, -1);

  for (glong i = 1; i <= length; i++)
    {
      g_autofree char *prefix = g_utf8_substring (text, 0, i);

      waymark_document_set (f->document, card, "title", prefix, NULL);
    }
}

static void
fuzz_group (Fuzzer *f)
{
  int n = g_rand_int_range (f->rand, 0, 5);

  waymark_document_begin (f->document, chance (f, 50) ? "Random Group" : NULL);
  f->depth++;
  for (int i = 0; i < n; i++)
    fuzz_step (f);
  f->depth--;
  waymark_document_end (f->document);
}

static void
fuzz_step (Fuzzer *f)
{
  int roll = g_rand_int_range (f->rand, 0, 100);
  guint n_changes = f->n_changes;

  if (roll < 25)
    fuzz_add (f);
  else if (roll < 37)
    fuzz_remove (f);
  else if (roll < 60)
    fuzz_set_card (f);
  else if (roll < 80)
    fuzz_set_other (f);
  else if (roll < 86)
    fuzz_type (f);
  else if (roll < 92 && f->depth < 2)
    fuzz_group (f);
  else if (roll < 97 && f->depth == 0)
    {
      /* Undo now and then, so that new edits drop redo stacks. */
      waymark_document_undo (f->document);
      if (chance (f, 30))
        waymark_document_redo (f->document);
      return;
    }
  else
    fuzz_set_card (f);

  /* Whatever was recorded, merged or not, leaves nothing to redo. */
  if (f->depth == 0 && f->n_changes != n_changes)
    g_assert_false (waymark_document_get_can_redo (f->document));
}

/* The references of @object, by name; 0s are left out. */
static void
foreach_reference (WaymarkObject *object,
                   void         (*func) (WaymarkObject *object,
                                         const char    *property,
                                         gint64         ref,
                                         gpointer       data),
                   gpointer       data)
{
  guint n_pspecs = 0;
  g_autofree GParamSpec **pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint p = 0; p < n_pspecs; p++)
    {
      gint64 ref = 0;

      if (_waymark_param_spec_get_reference (pspecs[p]) == G_TYPE_INVALID)
        continue;

      g_object_get (object, pspecs[p]->name, &ref, NULL);
      if (ref != 0)
        func (object, pspecs[p]->name, ref, data);
    }
}

static void
assert_resolves (WaymarkObject *object,
                 const char    *property,
                 gint64         ref,
                 gpointer       document)
{
  if (waymark_document_lookup (document, ref) == NULL)
    g_error ("%s %" G_GINT64_FORMAT ": %s refers to %" G_GINT64_FORMAT ", which is not in the document",
             G_OBJECT_TYPE_NAME (object), id_of (object), property, ref);
}

static void
assert_not_referred (WaymarkObject *object,
                     const char    *property,
                     gint64         ref,
                     gpointer       doomed)
{
  if (ref == id_of (doomed))
    g_error ("%s %" G_GINT64_FORMAT " is removed while %s %" G_GINT64_FORMAT " still refers to it",
             G_OBJECT_TYPE_NAME (doomed), id_of (doomed), G_OBJECT_TYPE_NAME (object), id_of (object));
}

static void
mirror_on_changed (WaymarkDocument *document,
                   GObject         *object,
                   int              change,
                   GParamSpec      *pspec,
                   Fuzzer          *f)
{
  gint64 id;

  if (object == NULL)
    {
      f->n_changes++;
      g_assert_cmpint (change, ==, WAYMARK_CHANGE_UPDATED);
      g_assert_nonnull (pspec);
      return;
    }

  f->n_changes++;
  id = id_of (object);
  /* REMOVED is emitted while the object is still in the document, ADDED once it is. */
  g_assert_true (waymark_document_lookup (document, id) == WAYMARK_OBJECT (object));
  g_assert_true (waymark_object_get_document (WAYMARK_OBJECT (object)) == document);

  switch (change)
    {
    case WAYMARK_CHANGE_ADDED:
      /* Parents come back before their children… */
      g_assert_null (pspec);
      g_assert_true (g_hash_table_add (f->mirror, g_memdup2 (&id, sizeof id)));
      foreach_reference (WAYMARK_OBJECT (object), assert_resolves, document);
      break;

    case WAYMARK_CHANGE_REMOVED:
      /* …and leave after them: nothing ever refers to a missing object. */
      g_assert_null (pspec);
      g_assert_true (g_hash_table_remove (f->mirror, &id));
      {
        guint n_types;
        const GType *types = waymark_item_types (&n_types);

        for (guint t = 0; t < n_types; t++)
          {
            GPtrArray *items = waymark_document_get_items (document, types[t]);

            for (guint i = 0; i < items->len; i++)
              foreach_reference (g_ptr_array_index (items, i), assert_not_referred, object);
          }
      }
      break;

    case WAYMARK_CHANGE_UPDATED:
      g_assert_nonnull (pspec);
      g_assert_true (g_hash_table_contains (f->mirror, &id));
      foreach_reference (WAYMARK_OBJECT (object), assert_resolves, document);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
mirror_fill (Fuzzer *f)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);

  g_hash_table_remove_all (f->mirror);
  for (guint t = 0; t < n_types; t++)
    {
      GPtrArray *items = waymark_document_get_items (f->document, types[t]);

      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = id_of (g_ptr_array_index (items, i));

          g_assert_true (g_hash_table_add (f->mirror, g_memdup2 (&id, sizeof id)));
        }
    }
}

static void
mirror_check (Fuzzer *f)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);
  guint total = 0;

  for (guint t = 0; t < n_types; t++)
    {
      GPtrArray *items = waymark_document_get_items (f->document, types[t]);

      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = id_of (g_ptr_array_index (items, i));

          g_assert_true (g_hash_table_contains (f->mirror, &id));
          g_assert_true (waymark_document_lookup (f->document, id) == g_ptr_array_index (items, i));
        }
      total += items->len;
    }

  g_assert_cmpuint (g_hash_table_size (f->mirror), ==, total);
}

static void
run_random_edits (guint32  seed,
                  guint    n_commands,
                  gboolean check_each_step)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GHashTable) mirror = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GPtrArray) step_dumps = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *original = NULL;
  g_autofree char *edited = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  Fuzzer f = { document, rand, mirror, 0, 0 };
  guint undo_steps, redo_steps;
  gulong handler;

  g_test_message ("seed %u", seed);
  original = waymark_test_dump_document (document);
  mirror_fill (&f);
  handler = g_signal_connect (document, "changed", G_CALLBACK (mirror_on_changed), &f);

  for (guint i = 0; i < n_commands; i++)
    fuzz_step (&f);
  g_assert_cmpuint (f.depth, ==, 0);
  mirror_check (&f);

  /* The last commands may have been undos: the edited document is the
   * newest state, where undoing everything starts from. */
  redo_all (document);

  edited = waymark_test_dump_document (document);
  g_assert_cmpstr (edited, !=, original);
  assert_modified (document, TRUE);

  /* Undo everything: back to the template, and no longer modified. */
  undo_steps = 0;
  while (waymark_document_get_can_undo (document))
    {
      if (check_each_step)
        g_ptr_array_add (step_dumps, waymark_test_dump_document (document));
      g_assert_true (waymark_document_undo (document));
      undo_steps++;
    }
  g_assert_false (waymark_document_undo (document));
  g_assert_cmpuint (undo_steps, >, 0);
  mirror_check (&f);
  undone = waymark_test_dump_document (document);
  assert_dump_equal (original, undone);
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_get_can_redo (document));

  /* Redo everything: the edited document again, step by step. */
  redo_steps = 0;
  while (waymark_document_get_can_redo (document))
    {
      g_assert_true (waymark_document_redo (document));
      redo_steps++;
      if (check_each_step)
        {
          g_autofree char *now = waymark_test_dump_document (document);

          assert_dump_equal (g_ptr_array_index (step_dumps, undo_steps - redo_steps), now);
        }
    }
  g_assert_false (waymark_document_redo (document));
  g_assert_cmpuint (redo_steps, ==, undo_steps);
  mirror_check (&f);
  redone = waymark_test_dump_document (document);
  assert_dump_equal (edited, redone);
  assert_modified (document, TRUE);

  /* And back once more: undo after redo must not have lost anything. */
  g_assert_cmpuint (undo_all (document), ==, undo_steps);
  g_clear_pointer (&undone, g_free);
  undone = waymark_test_dump_document (document);
  assert_dump_equal (original, undone);
  mirror_check (&f);

  g_test_message ("seed %u: %u commands, %u steps in the history", seed, n_commands, undo_steps);

  g_signal_handler_disconnect (document, handler);
}

static void
test_random_edits_undo_redo (void)
{
  /* Fixed seeds, so that a failure replays (the log names the seed);
   * -m thorough tries ten times as many. */
  guint n_seeds = g_test_thorough () ? 200 : 20;

  for (guint i = 0; i < n_seeds; i++)
    run_random_edits (0x5741594d + i, 300, i < 3);
}

/*
 * /waymark/history/modified
 */
static void
test_modified (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(GError) error = NULL;
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkStage *stage = nth_item (document, WAYMARK_TYPE_STAGE, 0);
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  g_autofree char *original = waymark_test_dump_document (document);
  g_autofree char *saved = NULL;
  g_autofree char *now = NULL;

  assert_modified (document, FALSE);
  g_assert_false (waymark_document_get_can_undo (document));
  g_assert_false (waymark_document_get_can_redo (document));

  waymark_document_set (document, card, "title", "Edited", NULL);
  assert_modified (document, TRUE);

  g_assert_true (waymark_document_undo (document));
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_redo (document));
  assert_modified (document, TRUE);

  g_assert_true (waymark_store_save (document, fixture->file, &error));
  g_assert_no_error (error);
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_get_can_undo (document));
  saved = waymark_test_dump_document (document);

  /* Past the save point and back. */
  waymark_document_set (document, stage, "title", "After Save", NULL);
  assert_modified (document, TRUE);
  g_assert_true (waymark_document_undo (document));
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_undo (document));
  assert_modified (document, TRUE);
  now = waymark_test_dump_document (document);
  assert_dump_equal (original, now);
  g_clear_pointer (&now, g_free);
  g_assert_true (waymark_document_redo (document));
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_redo (document));
  assert_modified (document, TRUE);
  g_assert_true (waymark_document_undo (document));
  assert_modified (document, FALSE);

  /* Before the save point, an edit drops the redo stack: the saved state
   * cannot be reached again, whatever is undone or redone. */
  g_assert_true (waymark_document_undo (document));
  assert_modified (document, TRUE);
  waymark_document_set (document, lane, "title", "Diverged", NULL);
  assert_modified (document, TRUE);
  g_assert_false (waymark_document_get_can_redo (document));

  g_assert_true (waymark_document_undo (document));
  assert_modified (document, TRUE);
  g_assert_false (waymark_document_undo (document));
  assert_modified (document, TRUE);
  g_assert_true (waymark_document_redo (document));
  assert_modified (document, TRUE);
  g_assert_false (waymark_document_redo (document));
  assert_modified (document, TRUE);

  /* Even an edit that makes the document equal to the saved one is a new state. */
  g_assert_true (waymark_document_undo (document));
  waymark_document_set (document, card, "title", "Edited", NULL);
  now = waymark_test_dump_document (document);
  assert_dump_equal (saved, now);
  g_clear_pointer (&now, g_free);
  assert_modified (document, TRUE);

  /* Saving again makes this the saved state; the file then holds it. */
  g_assert_true (waymark_store_save (document, NULL, &error));
  g_assert_no_error (error);
  assert_modified (document, FALSE);

  {
    g_autoptr(WaymarkDocument) loaded = waymark_store_open (fixture->file, &error);
    g_autofree char *loaded_dump = NULL;
    WaymarkCard *loaded_card;

    g_assert_no_error (error);
    assert_modified (loaded, FALSE);
    g_assert_false (waymark_document_get_can_undo (loaded));
    loaded_dump = waymark_test_dump_document (loaded);
    assert_dump_equal (saved, loaded_dump);

    /* A loaded document's saved point is its unedited state. */
    loaded_card = WAYMARK_CARD (waymark_document_lookup (loaded, id_of (card)));
    waymark_document_set (loaded, loaded_card, "title", "Loaded Edit", NULL);
    assert_modified (loaded, TRUE);
    g_assert_true (waymark_document_undo (loaded));
    assert_modified (loaded, FALSE);
  }
}

/*
 * /waymark/history/labels
 */
static void
test_labels (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkStage *stage = nth_item (document, WAYMARK_TYPE_STAGE, 0);
  WaymarkStage *other_stage = nth_item (document, WAYMARK_TYPE_STAGE, 1);
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  WaymarkCard *card;
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;
  gboolean can_undo = FALSE;
  gboolean can_redo = TRUE;

  g_assert_null (waymark_document_get_undo_label (document));
  g_assert_null (waymark_document_get_redo_label (document));

  card = WAYMARK_CARD (waymark_document_add (document, WAYMARK_TYPE_CARD,
                                             "stage", id_of (stage),
                                             "lane", id_of (lane),
                                             "title", "New",
                                             NULL));
  g_assert_nonnull (card);
  g_assert_true (waymark_document_lookup (document, id_of (card)) == WAYMARK_OBJECT (card));
  g_assert_true (waymark_object_get_document (WAYMARK_OBJECT (card)) == document);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Add Card");
  g_assert_true (waymark_document_get_can_undo (document));
  g_assert_false (waymark_document_get_can_redo (document));

  waymark_document_begin (document, "Move Card");
  waymark_document_set (document, card, "stage", id_of (other_stage), NULL);
  waymark_document_set (document, card, "position", 4, NULL);
  /* Nothing is recorded until the group ends. */
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Add Card");
  waymark_document_end (document);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");

  g_object_get (document,
                "can-undo", &can_undo,
                "can-redo", &can_redo,
                "undo-label", &undo_label,
                "redo-label", &redo_label,
                NULL);
  g_assert_true (can_undo);
  g_assert_false (can_redo);
  g_assert_cmpstr (undo_label, ==, "Move Card");
  g_assert_null (redo_label);
  g_clear_pointer (&undo_label, g_free);

  /* The group is one step. */
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpint (waymark_card_get_stage (card), ==, id_of (stage));
  g_assert_cmpint (waymark_card_get_position (card), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Add Card");
  g_assert_cmpstr (waymark_document_get_redo_label (document), ==, "Move Card");
  g_assert_true (waymark_document_get_can_redo (document));
  g_object_get (document, "can-redo", &can_redo, "redo-label", &redo_label, NULL);
  g_assert_true (can_redo);
  g_assert_cmpstr (redo_label, ==, "Move Card");

  g_assert_true (waymark_document_redo (document));
  g_assert_cmpint (waymark_card_get_stage (card), ==, id_of (other_stage));
  g_assert_cmpint (waymark_card_get_position (card), ==, 4);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");
  g_assert_null (waymark_document_get_redo_label (document));

  /* Nested groups join the outermost one. */
  waymark_document_begin (document, "Outer");
  waymark_document_begin (document, "Inner");
  waymark_document_set (document, card, "title", "Nested", NULL);
  waymark_document_end (document);
  waymark_document_set (document, card, "body", "Nested", NULL);
  waymark_document_end (document);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Outer");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "New");
  g_assert_cmpstr (waymark_card_get_body (card), ==, "");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");
  g_assert_true (waymark_document_redo (document));

  /* An empty group records nothing, and leaves the redo stack alone. */
  g_assert_true (waymark_document_undo (document));
  waymark_document_begin (document, "Nothing");
  waymark_document_end (document);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Move Card");
  g_assert_cmpstr (waymark_document_get_redo_label (document), ==, "Outer");
  g_assert_true (waymark_document_redo (document));

  waymark_document_set (document, card, "severity", 2, NULL);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Card");

  waymark_document_set (document, document, "title", "Renamed", NULL);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Renamed");
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Document");

  waymark_document_remove (document, WAYMARK_OBJECT (other_stage));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Stage");
  g_assert_null (waymark_document_lookup (document, id_of (card)));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_document_get_redo_label (document), ==, "Delete Stage");
  g_assert_true (waymark_document_lookup (document, id_of (card)) == WAYMARK_OBJECT (card));
}

/*
 * /waymark/history/notifications
 */
static void
test_notifications (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkCard *other = nth_item (document, WAYMARK_TYPE_CARD, 1);

  g_signal_connect (document, "notify", G_CALLBACK (on_notify), counts);

  waymark_document_set (document, card, "title", "One", NULL);
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "can-undo"), >=, 1);
  g_assert_cmpuint (notify_count (counts, "undo-label"), >=, 1);

  /* Still modified: no notification for a value that did not change. */
  waymark_document_set (document, other, "title", "Two", NULL);
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 1);

  g_hash_table_remove_all (counts);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 0);
  g_assert_cmpuint (notify_count (counts, "can-redo"), >=, 1);
  g_assert_cmpuint (notify_count (counts, "redo-label"), >=, 1);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "can-undo"), >=, 2);
  assert_modified (document, FALSE);
  g_assert_false (waymark_document_get_can_undo (document));

  /* A no-op notifies nothing at all. */
  g_hash_table_remove_all (counts);
  waymark_document_set (document, card, "title", waymark_card_get_title (card), NULL);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);

  /* Nor does an edit inside a group, until the group ends. */
  waymark_document_begin (document, "Group");
  waymark_document_set (document, card, "title", "Grouped", NULL);
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 0);
  g_assert_cmpuint (notify_count (counts, "can-undo"), ==, 0);
  waymark_document_end (document);
  g_assert_cmpuint (notify_count (counts, "modified"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "can-undo"), >=, 1);
  g_assert_true (waymark_document_get_can_undo (document));

  /* The document's own title notifies too. */
  g_hash_table_remove_all (counts);
  waymark_document_set (document, document, "title", "Retitled", NULL);
  g_assert_cmpuint (notify_count (counts, "title"), ==, 1);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (notify_count (counts, "title"), ==, 2);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Test Map");
}

/*
 * /waymark/history/merge-typing
 */
static void
test_merge_typing (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  g_autofree char *original_title = g_strdup (waymark_card_get_title (card));
  const char *typed = "Wait — 配送?";
  glong length = g_utf8_strlen (typed, -1);

  for (glong i = 1; i <= length; i++)
    {
      g_autofree char *prefix = g_utf8_substring (typed, 0, i);

      waymark_document_set (document, card, "title", prefix, NULL);
    }
  g_assert_cmpstr (waymark_card_get_title (card), ==, typed);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Card");

  /* One step: one undo restores the title from before the typing. */
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, original_title);
  g_assert_false (waymark_document_get_can_undo (document));
  assert_modified (document, FALSE);

  g_assert_true (waymark_document_redo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, typed);
  g_assert_false (waymark_document_get_can_redo (document));

  /* An edit after an undo does not join the step before, and drops the
   * redo stack. */
  waymark_document_set (document, card, "body", "Body", NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_get_can_redo (document));
  waymark_document_set (document, card, "title", "Wait!", NULL);
  g_assert_false (waymark_document_get_can_redo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, typed);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, original_title);

  /* After an undo, typing starts a new step rather than joining a redone one. */
  g_assert_true (waymark_document_get_can_redo (document));
  waymark_document_set (document, card, "title", "X", NULL);
  waymark_document_set (document, card, "title", "XY", NULL);
  g_assert_false (waymark_document_get_can_redo (document));
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, original_title);
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/history/merge-only-same-property
 */
static void
test_merge_only_same_property (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkCard *other = nth_item (document, WAYMARK_TYPE_CARD, 1);
  g_autofree char *title = g_strdup (waymark_card_get_title (card));
  g_autofree char *body = g_strdup (waymark_card_get_body (card));
  g_autofree char *other_title = g_strdup (waymark_card_get_title (other));

  /* Another property of the same object. */
  waymark_document_set (document, card, "title", "T", NULL);
  waymark_document_set (document, card, "body", "B", NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "T");
  g_assert_cmpstr (waymark_card_get_body (card), ==, body);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, title);
  g_assert_false (waymark_document_get_can_undo (document));

  /* The same property of another object. */
  waymark_document_set (document, card, "title", "T", NULL);
  waymark_document_set (document, other, "title", "O", NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "T");
  g_assert_cmpstr (waymark_card_get_title (other), ==, other_title);
  g_assert_true (waymark_document_undo (document));
  g_assert_false (waymark_document_get_can_undo (document));

  /* A labelled group is a step of its own, never merged. */
  waymark_document_set (document, card, "title", "T", NULL);
  waymark_document_begin (document, "Rename Card");
  waymark_document_set (document, card, "title", "TT", NULL);
  waymark_document_end (document);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Rename Card");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "T");
  g_assert_true (waymark_document_undo (document));
  g_assert_false (waymark_document_get_can_undo (document));

  /* Several properties at once are a step of their own, never merged. */
  waymark_document_set (document, card, "title", "T", "body", "B", NULL);
  waymark_document_set (document, card, "title", "TT", NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "T");
  g_assert_cmpstr (waymark_card_get_body (card), ==, "B");
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, title);
  g_assert_cmpstr (waymark_card_get_body (card), ==, body);
  g_assert_false (waymark_document_get_can_undo (document));

  /* An add between two sets of the same property separates them. */
  waymark_document_set (document, card, "title", "T", NULL);
  waymark_document_add (document, WAYMARK_TYPE_COMMENT, "card", id_of (card), "body", "Hm", NULL);
  waymark_document_set (document, card, "title", "TT", NULL);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "T");
}

/*
 * /waymark/history/merge-not-across-save
 */
static void
test_merge_not_across_save (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(GError) error = NULL;
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  g_autofree char *title = g_strdup (waymark_card_get_title (card));

  waymark_document_set (document, card, "title", "A", NULL);
  g_assert_true (waymark_store_save (document, fixture->file, &error));
  g_assert_no_error (error);

  waymark_document_set (document, card, "title", "AB", NULL);
  assert_modified (document, TRUE);
  waymark_document_set (document, card, "title", "ABC", NULL);

  /* Undo returns to the saved state, not past it. */
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "A");
  assert_modified (document, FALSE);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, title);
  assert_modified (document, TRUE);
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/history/merge-window
 */
static void
test_merge_window (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);

  waymark_document_set (document, card, "title", "A", NULL);
  waymark_document_set (document, card, "title", "AB", NULL);
  /* A pause longer than the 1.5 s window ends the step. */
  g_usleep (1600 * G_TIME_SPAN_MILLISECOND);
  waymark_document_set (document, card, "title", "ABC", NULL);

  g_assert_true (waymark_document_undo (document));
  g_assert_cmpstr (waymark_card_get_title (card), ==, "AB");
  g_assert_true (waymark_document_undo (document));
  g_assert_false (waymark_document_get_can_undo (document));
}

/*
 * /waymark/history/cascade-stage
 */

static void
add_if_refers (GHashTable      *set,
               WaymarkDocument *document,
               GType            type,
               const char      *property,
               GHashTable      *targets)
{
  GPtrArray *items = waymark_document_get_items (document, type);

  for (guint i = 0; i < items->len; i++)
    {
      WaymarkObject *object = g_ptr_array_index (items, i);
      gint64 ref = 0;

      g_object_get (object, property, &ref, NULL);
      if (ref != 0 && g_hash_table_contains (targets, waymark_document_lookup (document, ref)))
        g_hash_table_add (set, object);
    }
}

static void
test_cascade_stage (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(GHashTable) cards = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) stage_set = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) stage_cards = NULL;
  g_autoptr(GPtrArray) other_cards = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *now = NULL;
  WaymarkStage *stage = nth_item (document, WAYMARK_TYPE_STAGE, 1);
  WaymarkStage *other_stage = nth_item (document, WAYMARK_TYPE_STAGE, 2);
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  WaymarkCard *card, *outside;
  WaymarkObject *dataset, *metric, *kept_value, *kept_connector;

  stage_cards = waymark_document_dup_children (document, WAYMARK_TYPE_CARD, "stage", id_of (stage));
  g_assert_cmpuint (stage_cards->len, >=, 2);
  card = g_ptr_array_index (stage_cards, 0);
  other_cards = waymark_document_dup_children (document, WAYMARK_TYPE_CARD, "stage", id_of (other_stage));
  g_assert_cmpuint (other_cards->len, >=, 1);
  outside = g_ptr_array_index (other_cards, 0);

  /* Something of every kind that hangs off the stage or its cards… */
  waymark_document_add (document, WAYMARK_TYPE_COMMENT, "card", id_of (card), "body", "Hm", NULL);
  waymark_document_add (document, WAYMARK_TYPE_CONNECTOR, "source", id_of (card), "target", id_of (outside), NULL);
  waymark_document_add (document, WAYMARK_TYPE_CONNECTOR, "source", id_of (outside), "target", id_of (card), NULL);
  waymark_document_add (document, WAYMARK_TYPE_EMOTION,
                        "lane", id_of (lane), "stage", id_of (stage), "card", id_of (card), "score", -3, NULL);
  waymark_document_add (document, WAYMARK_TYPE_EMOTION,
                        "lane", id_of (lane), "stage", id_of (other_stage), "card", id_of (card), "score", 2, NULL);
  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET, "name", "survey.csv", NULL);
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC, "name", "NPS", "dataset", id_of (dataset), NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                        "metric", id_of (metric), "card", id_of (card), "value", 7.5, "n", (gint64) 12, NULL);
  waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                        "metric", id_of (metric), "stage", id_of (stage), "value", NAN, NULL);
  /* …and things that do not, which must stay. */
  kept_value = waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                                     "metric", id_of (metric), "stage", id_of (other_stage), "value", 1.0, NULL);
  kept_connector = waymark_document_add (document, WAYMARK_TYPE_CONNECTOR,
                                         "source", id_of (outside), "target", id_of (outside), NULL);

  /* What must go, worked out independently of the document's own cascade. */
  g_hash_table_add (stage_set, stage);
  g_hash_table_add (expected, stage);
  for (guint i = 0; i < stage_cards->len; i++)
    {
      g_hash_table_add (cards, g_ptr_array_index (stage_cards, i));
      g_hash_table_add (expected, g_ptr_array_index (stage_cards, i));
    }
  add_if_refers (expected, document, WAYMARK_TYPE_EMOTION, "stage", stage_set);
  add_if_refers (expected, document, WAYMARK_TYPE_EMOTION, "card", cards);
  add_if_refers (expected, document, WAYMARK_TYPE_CONNECTOR, "source", cards);
  add_if_refers (expected, document, WAYMARK_TYPE_CONNECTOR, "target", cards);
  add_if_refers (expected, document, WAYMARK_TYPE_COMMENT, "card", cards);
  add_if_refers (expected, document, WAYMARK_TYPE_METRIC_VALUE, "stage", stage_set);
  add_if_refers (expected, document, WAYMARK_TYPE_METRIC_VALUE, "card", cards);
  /* The stage, its cards, the template's emotion point, 1 comment, 2
   * connectors, 2 emotion points added, 2 metric values. */
  g_assert_cmpuint (g_hash_table_size (expected), ==, 1 + stage_cards->len + 1 + 1 + 2 + 2 + 2);

  before = waymark_test_dump_document (document);
  recorder = recorder_new (document);

  waymark_document_remove (document, WAYMARK_OBJECT (stage));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Stage");
  assert_changes_are (recorder, WAYMARK_CHANGE_REMOVED, expected);
  g_assert_cmpuint (recorder->changes->len, ==, g_hash_table_size (expected));

  {
    GHashTableIter iter;
    gpointer object;

    g_hash_table_iter_init (&iter, expected);
    while (g_hash_table_iter_next (&iter, &object, NULL))
      {
        g_assert_null (waymark_document_lookup (document, id_of (object)));
        g_assert_null (waymark_object_get_document (object));
      }
  }
  g_assert_true (waymark_document_lookup (document, id_of (kept_value)) == kept_value);
  g_assert_true (waymark_document_lookup (document, id_of (kept_connector)) == kept_connector);
  g_assert_true (waymark_document_lookup (document, id_of (outside)) == WAYMARK_OBJECT (outside));
  g_assert_true (waymark_document_lookup (document, id_of (metric)) == metric);
  after = waymark_test_dump_document (document);

  /* Undo restores the very same objects, each reported once. */
  recorder_reset (recorder);
  g_assert_true (waymark_document_undo (document));
  assert_changes_are (recorder, WAYMARK_CHANGE_ADDED, expected);
  g_assert_cmpuint (recorder->changes->len, ==, g_hash_table_size (expected));
  {
    GHashTableIter iter;
    gpointer object;

    g_hash_table_iter_init (&iter, expected);
    while (g_hash_table_iter_next (&iter, &object, NULL))
      g_assert_true (waymark_document_lookup (document, id_of (object)) == object);
  }
  now = waymark_test_dump_document (document);
  assert_dump_equal (before, now);
  g_clear_pointer (&now, g_free);

  recorder_reset (recorder);
  g_assert_true (waymark_document_redo (document));
  assert_changes_are (recorder, WAYMARK_CHANGE_REMOVED, expected);
  g_assert_cmpuint (recorder->changes->len, ==, g_hash_table_size (expected));
  now = waymark_test_dump_document (document);
  assert_dump_equal (after, now);
}

/*
 * /waymark/history/cascade-map
 */
static void
test_cascade_map (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(Recorder) recorder = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *now = NULL;
  WaymarkMap *map = nth_item (document, WAYMARK_TYPE_MAP, 0);
  WaymarkPersona *persona = nth_item (document, WAYMARK_TYPE_PERSONA, 0);
  WaymarkDocumentStats stats;
  guint n_objects = 0;
  guint n_types;
  const GType *types = waymark_item_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    n_objects += waymark_document_get_items (document, types[t])->len;

  recorder = recorder_new (document);
  waymark_document_remove (document, WAYMARK_OBJECT (map));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Map");

  /* Only the persona outlives its map. */
  waymark_document_get_stats (document, &stats);
  g_assert_cmpuint (stats.maps, ==, 0);
  g_assert_cmpuint (stats.stages, ==, 0);
  g_assert_cmpuint (stats.lanes, ==, 0);
  g_assert_cmpuint (stats.cards, ==, 0);
  g_assert_cmpuint (stats.personas, ==, 1);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_EMOTION)->len, ==, 0);
  g_assert_true (waymark_document_lookup (document, id_of (persona)) == WAYMARK_OBJECT (persona));
  g_assert_cmpuint (recorder_count_kind (recorder, WAYMARK_CHANGE_REMOVED), ==, n_objects - 1);
  g_assert_cmpuint (recorder->changes->len, ==, n_objects - 1);

  recorder_reset (recorder);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (recorder_count_kind (recorder, WAYMARK_CHANGE_ADDED), ==, n_objects - 1);
  now = waymark_test_dump_document (document);
  assert_dump_equal (before, now);
}

/*
 * /waymark/history/cascade-persona
 */
static void
test_cascade_persona (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(Recorder) recorder = NULL;
  g_autoptr(GHashTable) expected = g_hash_table_new (NULL, NULL);
  g_autoptr(GBytes) photo = g_bytes_new_static ("\x89PNG\0\0", 6);
  g_autofree char *before = NULL;
  g_autofree char *now = NULL;
  WaymarkPersona *persona = nth_item (document, WAYMARK_TYPE_PERSONA, 0);
  WaymarkMap *map = nth_item (document, WAYMARK_TYPE_MAP, 0);
  WaymarkObject *second_map, *unrelated_map, *other_persona;

  other_persona = waymark_document_add (document, WAYMARK_TYPE_PERSONA, "name", "Sam", NULL);
  waymark_document_set (document, persona, "photo", photo, NULL);
  g_assert_cmpint (waymark_map_get_persona (map), ==, id_of (persona));
  second_map = waymark_document_add (document, WAYMARK_TYPE_MAP,
                                     "title", "Second", "persona", id_of (persona), NULL);
  unrelated_map = waymark_document_add (document, WAYMARK_TYPE_MAP,
                                        "title", "Third", "persona", id_of (other_persona), NULL);
  before = waymark_test_dump_document (document);

  recorder = recorder_new (document);
  waymark_document_remove (document, WAYMARK_OBJECT (persona));
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Delete Persona");

  g_assert_null (waymark_document_lookup (document, id_of (persona)));
  g_assert_true (waymark_document_lookup (document, id_of (map)) == WAYMARK_OBJECT (map));
  g_assert_true (waymark_document_lookup (document, id_of (second_map)) == second_map);
  g_assert_cmpint (waymark_map_get_persona (map), ==, 0);
  g_assert_cmpint (waymark_map_get_persona (WAYMARK_MAP (second_map)), ==, 0);
  g_assert_cmpint (waymark_map_get_persona (WAYMARK_MAP (unrelated_map)), ==, id_of (other_persona));
  /* The maps keep their stages and cards. */
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, >, 0);

  g_hash_table_add (expected, persona);
  assert_changes_are (recorder, WAYMARK_CHANGE_REMOVED, expected);
  g_assert_cmpuint (recorder_count (recorder, map, WAYMARK_CHANGE_UPDATED, "persona"), ==, 1);
  g_assert_cmpuint (recorder_count (recorder, second_map, WAYMARK_CHANGE_UPDATED, "persona"), ==, 1);
  g_assert_cmpuint (recorder_count_kind (recorder, WAYMARK_CHANGE_UPDATED), ==, 2);
  g_assert_cmpuint (recorder->changes->len, ==, 3);

  /* One undo brings back the persona and both references. */
  recorder_reset (recorder);
  g_assert_true (waymark_document_undo (document));
  assert_changes_are (recorder, WAYMARK_CHANGE_ADDED, expected);
  g_assert_cmpuint (recorder_count (recorder, map, WAYMARK_CHANGE_UPDATED, "persona"), ==, 1);
  g_assert_cmpuint (recorder_count (recorder, second_map, WAYMARK_CHANGE_UPDATED, "persona"), ==, 1);
  g_assert_cmpuint (recorder->changes->len, ==, 3);
  g_assert_cmpint (waymark_map_get_persona (map), ==, id_of (persona));
  g_assert_cmpint (waymark_map_get_persona (WAYMARK_MAP (second_map)), ==, id_of (persona));
  now = waymark_test_dump_document (document);
  assert_dump_equal (before, now);
  g_clear_pointer (&now, g_free);

  g_assert_true (waymark_document_redo (document));
  g_assert_cmpint (waymark_map_get_persona (map), ==, 0);
  g_assert_true (waymark_document_undo (document));
  now = waymark_test_dump_document (document);
  assert_dump_equal (before, now);
}

/*
 * /waymark/document/changed-on-set
 */
static void
test_changed_on_set (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(Recorder) recorder = recorder_new (document);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  g_autofree char *new_title = g_strconcat (waymark_card_get_title (card), " (edited)", NULL);
  Change *entry;

  g_signal_connect (card, "notify", G_CALLBACK (on_notify), counts);

  waymark_document_set (document, card, "title", new_title, NULL);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  entry = &g_array_index (recorder->changes, Change, 0);
  g_assert_true (entry->object == G_OBJECT (card));
  g_assert_cmpint (entry->change, ==, WAYMARK_CHANGE_UPDATED);
  g_assert_cmpstr (entry->property, ==, "title");
  g_assert_cmpuint (notify_count (counts, "title"), ==, 1);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 1);

  /* Undo and redo report the same change. */
  recorder_reset (recorder);
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  g_assert_cmpuint (recorder_count (recorder, card, WAYMARK_CHANGE_UPDATED, "title"), ==, 1);
  recorder_reset (recorder);
  g_assert_true (waymark_document_redo (document));
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  g_assert_cmpuint (recorder_count (recorder, card, WAYMARK_CHANGE_UPDATED, "title"), ==, 1);

  /* Two properties at once: one change each. */
  recorder_reset (recorder);
  waymark_document_set (document, card, "severity", 2, "span", 2, NULL);
  g_assert_cmpuint (recorder->changes->len, ==, 2);
  g_assert_cmpuint (recorder_count (recorder, card, WAYMARK_CHANGE_UPDATED, "severity"), ==, 1);
  g_assert_cmpuint (recorder_count (recorder, card, WAYMARK_CHANGE_UPDATED, "span"), ==, 1);

  /* The document itself is reported as NULL. */
  recorder_reset (recorder);
  waymark_document_set (document, document, "title", "New Title", NULL);
  g_assert_cmpuint (recorder->changes->len, ==, 1);
  g_assert_cmpuint (recorder_count (recorder, NULL, WAYMARK_CHANGE_UPDATED, "title"), ==, 1);

  /* An add reports the new object. */
  recorder_reset (recorder);
  {
    WaymarkObject *comment = waymark_document_add (document, WAYMARK_TYPE_COMMENT,
                                                   "card", id_of (card), "body", "Hm", NULL);

    g_assert_cmpuint (recorder->changes->len, ==, 1);
    g_assert_cmpuint (recorder_count (recorder, comment, WAYMARK_CHANGE_ADDED, NULL), ==, 1);
  }
}

/*
 * /waymark/document/no-op-set
 */
static void
test_no_op_set (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(Recorder) recorder = recorder_new (document);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GBytes) photo = g_bytes_new_static ("a\0b", 3);
  g_autoptr(GBytes) same_photo = g_bytes_new ("a\0b", 3);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *title = NULL;
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  WaymarkPersona *persona = nth_item (document, WAYMARK_TYPE_PERSONA, 0);
  WaymarkObject *dataset, *metric, *value;
  gboolean collapsed = TRUE;

  /* Set up some values, then forget the history. */
  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET, "name", "d.csv", NULL);
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC, "name", "m", "dataset", id_of (dataset), NULL);
  value = waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                                "metric", id_of (metric), "card", id_of (card), "value", NAN, NULL);
  waymark_document_set (document, persona, "photo", photo, NULL);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Persona");
  undo_all (document);
  redo_all (document);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *dir = waymark_test_make_dir ("test-document-no-op");
    g_autofree char *path = g_build_filename (dir, "map.waymark", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (waymark_store_save (document, file, &error));
    g_assert_no_error (error);
    waymark_test_remove_dir (dir);
  }
  g_assert_true (isnan (waymark_metric_value_get_value (WAYMARK_METRIC_VALUE (value))));
  g_object_get (lane, "collapsed", &collapsed, NULL);
  g_assert_false (collapsed);

  title = g_strdup (waymark_card_get_title (card));
  before = waymark_test_dump_document (document);
  recorder_reset (recorder);
  g_signal_connect (card, "notify", G_CALLBACK (on_notify), counts);
  g_signal_connect (document, "notify", G_CALLBACK (on_notify), counts);

  waymark_document_set (document, card, "title", title, NULL);
  waymark_document_set (document, card, "position", waymark_card_get_position (card), NULL);
  waymark_document_set (document, card, "kind", waymark_card_get_kind (card), "span", 1, NULL);
  waymark_document_set (document, lane, "collapsed", FALSE, NULL);
  waymark_document_set (document, persona, "photo", same_photo, NULL);
  waymark_document_set (document, value, "value", NAN, NULL);
  waymark_document_set (document, document, "title", "Test Map", NULL);
  waymark_document_begin (document, "Nothing Really");
  waymark_document_set (document, card, "title", title, NULL);
  waymark_document_end (document);

  g_assert_cmpuint (recorder->changes->len, ==, 0);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 0);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Persona");
  assert_modified (document, FALSE);
  after = waymark_test_dump_document (document);
  assert_dump_equal (before, after);

  /* The step before is still the one undo undoes. */
  g_assert_true (waymark_document_undo (document));
  {
    GBytes *current = NULL;

    g_object_get (persona, "photo", &current, NULL);
    g_assert_null (current);
  }
}

/*
 * /waymark/document/round-trip-every-field
 */

/* Asserts that every property of at least one object of each type differs
 * from its default, so that the round trip really covers every column. */
static void
assert_every_field_set (WaymarkDocument *document)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);

  for (guint t = 0; t < n_types; t++)
    {
      GPtrArray *items = waymark_document_get_items (document, types[t]);
      guint n_pspecs = 0;
      g_autofree GParamSpec **pspecs = g_object_class_list_properties (g_type_class_peek (types[t]), &n_pspecs);
      gboolean found = FALSE;

      for (guint i = 0; i < items->len && !found; i++)
        {
          gboolean all_set = TRUE;

          for (guint p = 0; p < n_pspecs && all_set; p++)
            {
              g_auto(GValue) value = G_VALUE_INIT;

              g_value_init (&value, pspecs[p]->value_type);
              g_object_get_property (g_ptr_array_index (items, i), pspecs[p]->name, &value);
              if (g_param_value_defaults (pspecs[p], &value))
                all_set = FALSE;
            }

          found = all_set;
        }

      if (!found)
        g_error ("no %s has every property set", g_type_name (types[t]));
    }
}

static void
test_round_trip_every_field (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = new_document ("blank");
  g_autoptr(WaymarkDocument) loaded = NULL;
  g_autoptr(WaymarkDocument) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) second_file = NULL;
  g_autofree char *second_path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *loaded_dump = NULL;
  g_autofree char *reloaded_dump = NULL;
  static const guint8 photo_data[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R', 0, 0xff, 0 };
  g_autoptr(GBytes) photo = g_bytes_new_static (photo_data, sizeof photo_data);
  WaymarkObject *persona, *map, *stage, *stage2, *lane, *card, *card2, *dataset, *metric, *value, *nan_value;
  GBytes *loaded_photo = NULL;

  waymark_document_set (document, document,
                        "title", "Voyage ✈️ — رحلة",
                        "author", "Zoë Ångström",
                        NULL);

  persona = waymark_document_add (document, WAYMARK_TYPE_PERSONA,
                                  "position", 3,
                                  "name", "Ayşe Yılmaz 🧭",
                                  "role", "مديرة التسويق",
                                  "quote", "“It should just work.”\nSecond line",
                                  "goals", "Fast\nCheap\r\nGood",
                                  "frustrations", "Forms that forget\tme",
                                  "photo", photo,
                                  NULL);
  map = waymark_document_add (document, WAYMARK_TYPE_MAP,
                              "position", 2,
                              "title", "עולם הקנייה",
                              "persona", id_of (persona),
                              "scenario", "Line 1\nLine 2\n\nLine 4",
                              NULL);
  stage = waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                "map", id_of (map),
                                "position", 4,
                                "title", "Découvrir",
                                "description", "Finds the shop 🔎",
                                "color", "#a1b2c3",
                                "width", 312.5,
                                NULL);
  stage2 = waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                 "map", id_of (map),
                                 "position", 5,
                                 "title", "Pay",
                                 "description", "x",
                                 "color", "#000000",
                                 NULL);
  lane = waymark_document_add (document, WAYMARK_TYPE_LANE,
                               "map", id_of (map),
                               "position", 7,
                               "title", "Pain ⚡",
                               "kind", "pain-points",
                               "color", "#ff7800",
                               "collapsed", TRUE,
                               "height", 96.25,
                               NULL);
  card = waymark_document_add (document, WAYMARK_TYPE_CARD,
                               "lane", id_of (lane),
                               "stage", id_of (stage),
                               "position", 6,
                               "span", 3,
                               "kind", "quote",
                               "title", "😡 Shipping costs!",
                               "body", "مرحبا\nשלום\n\tindented",
                               "channel", "mobile-app",
                               "color", "#26a269",
                               "severity", 3,
                               "owner", "Ops team",
                               "status", "in progress",
                               "votes", 7,
                               NULL);
  card2 = waymark_document_add (document, WAYMARK_TYPE_CARD,
                                "lane", id_of (lane),
                                "stage", id_of (stage2),
                                "position", 1,
                                "span", 2,
                                "kind", "opportunity",
                                "title", "Guest checkout",
                                "body", "b",
                                "channel", "web",
                                "color", "#1c71d8",
                                "severity", 1,
                                "owner", "o",
                                "status", "done",
                                NULL);
  waymark_document_add (document, WAYMARK_TYPE_EMOTION,
                        "lane", id_of (lane),
                        "stage", id_of (stage),
                        "card", id_of (card),
                        "score", -2,
                        "label", "Frustré 😤",
                        NULL);
  waymark_document_add (document, WAYMARK_TYPE_CONNECTOR,
                        "source", id_of (card),
                        "target", id_of (card2),
                        "label", "leads to →",
                        NULL);
  waymark_document_add (document, WAYMARK_TYPE_COMMENT,
                        "card", id_of (card),
                        "author", "Kim",
                        "body", "Is this\nstill true?",
                        "created", "2026-03-01T10:00:00Z",
                        NULL);
  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET,
                                  "name", "survey Q1.csv",
                                  "source", "file:///home/kim/survey%20Q1.csv",
                                  "sha256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                  "size", (gint64) 5000000000,
                                  "imported", "2026-02-01T09:30:00Z",
                                  "row-count", (gint64) 12345,
                                  "columns", "[{\"name\":\"nps\",\"type\":\"number\",\"share\":0.98},{\"name\":\"ünïcode\",\"type\":\"text\",\"share\":1}]",
                                  "recipe", "{\"delimiter\":\";\",\"header\":true,\"encoding\":\"UTF-8\"}",
                                  NULL);
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC,
                                 "name", "Net Promoter Score",
                                 "kind", "nps",
                                 "dataset", id_of (dataset),
                                 "column-name", "nps",
                                 "definition", "{\"filters\":[{\"column\":\"stage\",\"equals\":\"Pay\"}],\"period\":\"month\",\"target\":40}",
                                 "status", "the source changed since it was imported",
                                 "computed", "2026-03-02T08:00:00Z",
                                 NULL);
  value = waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                                "metric", id_of (metric),
                                "card", id_of (card),
                                "stage", id_of (stage),
                                "period", "2026-03",
                                "value", -12.345678901234567,
                                "n", (gint64) 321,
                                "excluded", (gint64) 4,
                                "moe", 4.75,
                                NULL);
  nan_value = waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                                    "metric", id_of (metric),
                                    "stage", id_of (stage2),
                                    "period", "2026-04",
                                    "value", NAN,
                                    "n", (gint64) 0,
                                    NULL);

  assert_every_field_set (document);
  g_assert_true (isnan (waymark_metric_value_get_value (WAYMARK_METRIC_VALUE (nan_value))));

  saved = waymark_test_dump_document (document);
  g_assert_true (waymark_store_save (document, fixture->file, &error));
  g_assert_no_error (error);
  assert_modified (document, FALSE);

  loaded = waymark_store_open (fixture->file, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  assert_modified (loaded, FALSE);
  loaded_dump = waymark_test_dump_document (loaded);
  assert_dump_equal (saved, loaded_dump);

  /* A few fields checked directly, beyond the dump. */
  g_object_get (waymark_document_lookup (loaded, id_of (persona)), "photo", &loaded_photo, NULL);
  g_assert_nonnull (loaded_photo);
  g_assert_true (g_bytes_equal (loaded_photo, photo));
  g_bytes_unref (loaded_photo);
  g_assert_true (isnan (waymark_metric_value_get_value (WAYMARK_METRIC_VALUE (waymark_document_lookup (loaded, id_of (nan_value))))));
  g_assert_cmpfloat (waymark_metric_value_get_value (WAYMARK_METRIC_VALUE (waymark_document_lookup (loaded, id_of (value)))),
                     ==, -12.345678901234567);
  g_assert_cmpstr (waymark_document_get_title (loaded), ==, "Voyage ✈️ — رحلة");
  g_assert_cmpstr (waymark_document_get_author (loaded), ==, "Zoë Ångström");

  /* Saving what was loaded changes nothing either. */
  second_path = g_build_filename (fixture->dir, "second.waymark", NULL);
  second_file = g_file_new_for_path (second_path);
  g_assert_true (waymark_store_save (loaded, second_file, &error));
  g_assert_no_error (error);
  reloaded = waymark_store_open (second_file, &error);
  g_assert_no_error (error);
  reloaded_dump = waymark_test_dump_document (reloaded);
  assert_dump_equal (saved, reloaded_dump);
}

/*
 * /waymark/document/invalid-values
 */

static void
assert_rejected (WaymarkDocument *document,
                 gpointer         object,
                 const char      *property,
                 ...)
{
  g_autoptr(Recorder) recorder = recorder_new (document);
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *after = NULL;
  g_autofree char *undo_label = g_strdup (waymark_document_get_undo_label (document));
  gboolean can_undo = waymark_document_get_can_undo (document);
  gboolean modified = waymark_document_get_modified (document);
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *collect_error = NULL;
  va_list args;

  g_assert_nonnull (pspec);
  va_start (args, property);
  G_VALUE_COLLECT_INIT (&value, pspec->value_type, args, 0, &collect_error);
  va_end (args);
  g_assert_null (collect_error);

  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*");
  waymark_document_set_value (document, object, property, &value);
  g_test_assert_expected_messages ();

  after = waymark_test_dump_document (document);
  assert_dump_equal (before, after);
  g_assert_cmpuint (recorder->changes->len, ==, 0);
  g_assert_cmpint (waymark_document_get_can_undo (document), ==, can_undo);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, undo_label);
  g_assert_cmpint (waymark_document_get_modified (document), ==, modified);
}

/* The editing API refuses what the loader would refuse, so that no edit
 * can produce a file that does not open again. */
static void
test_invalid_references (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  g_autoptr(GError) error = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *after = NULL;
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  gint64 old_stage = waymark_card_get_stage (card);
  WaymarkObject *other_map, *other_stage;

  /* A dangling id, and an id of the wrong type. */
  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*not a WaymarkStage*");
  waymark_document_set (document, card, "stage", (gint64) 987654, NULL);
  g_test_assert_expected_messages ();
  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*not a WaymarkStage*");
  waymark_document_set (document, card, "stage", waymark_object_get_id (WAYMARK_OBJECT (lane)), NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (waymark_card_get_stage (card), ==, old_stage);

  /* A stage of another map: refused, and the whole step is rolled back. */
  waymark_document_begin (document, "Add Map");
  other_map = waymark_document_add (document, WAYMARK_TYPE_MAP, "title", "Second", NULL);
  other_stage = waymark_document_add (document, WAYMARK_TYPE_STAGE,
                                      "map", waymark_object_get_id (other_map), "title", "Elsewhere", NULL);
  waymark_document_end (document);
  g_free (before);
  before = waymark_test_dump_document (document);

  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*one map*");
  waymark_document_set (document, card, "stage", waymark_object_get_id (other_stage), NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (waymark_card_get_stage (card), ==, old_stage);

  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*one map*");
  waymark_document_begin (document, "Move Card");
  waymark_document_set (document, card, "position", 3, NULL);
  waymark_document_set (document, card, "stage", waymark_object_get_id (other_stage), NULL);
  waymark_document_end (document);
  g_test_assert_expected_messages ();

  after = waymark_test_dump_document (document);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Add Map");

  /* A move that ends consistent is fine, even through a moment that is not. */
  {
    WaymarkObject *other_lane;
    g_autofree char *dir = waymark_test_make_dir ("references");
    g_autofree char *path = g_build_filename (dir, "moved.waymark", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(WaymarkDocument) reloaded = NULL;

    other_lane = waymark_document_add (document, WAYMARK_TYPE_LANE,
                                       "map", waymark_object_get_id (other_map), "kind", "touchpoints", NULL);
    waymark_document_begin (document, "Move Card");
    waymark_document_set (document, card, "stage", waymark_object_get_id (other_stage), NULL);
    waymark_document_set (document, card, "lane", waymark_object_get_id (other_lane), NULL);
    waymark_document_end (document);
    g_assert_cmpint (waymark_card_get_stage (card), ==, waymark_object_get_id (other_stage));

    g_assert_true (waymark_store_save (document, file, &error));
    reloaded = waymark_store_open (file, &error);
    g_assert_no_error (error);
    g_assert_nonnull (reloaded);
    waymark_test_remove_dir (dir);
  }
}

static void
test_invalid_values (void)
{
  g_autoptr(WaymarkDocument) document = new_document ("ecommerce");
  WaymarkLane *lane = nth_item (document, WAYMARK_TYPE_LANE, 0);
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  WaymarkEmotion *emotion = nth_item (document, WAYMARK_TYPE_EMOTION, 0);
  g_autofree char *kind = g_strdup (waymark_lane_get_kind (lane));
  int severity = 0;
  int score = waymark_emotion_get_score (emotion);

  /* Through the variadic setter, as an editor would call it. */
  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*");
  waymark_document_set (document, lane, "kind", "swimlane", NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (waymark_lane_get_kind (lane), ==, kind);
  g_assert_false (waymark_document_get_can_undo (document));
  assert_modified (document, FALSE);

  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*");
  waymark_document_set (document, card, "severity", 7, NULL);
  g_test_assert_expected_messages ();
  g_object_get (card, "severity", &severity, NULL);
  g_assert_cmpint (severity, ==, 0);
  g_assert_false (waymark_document_get_can_undo (document));

  g_test_expect_message ("waymark-document", G_LOG_LEVEL_CRITICAL, "*");
  waymark_document_set (document, emotion, "score", 9, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpint (waymark_emotion_get_score (emotion), ==, score);
  g_assert_false (waymark_document_get_can_undo (document));
  assert_modified (document, FALSE);

  /* With a history: nothing recorded, no change reported, nothing touched. */
  waymark_document_set (document, card, "title", "Valid", NULL);
  assert_rejected (document, lane, "kind", "swimlane");
  assert_rejected (document, lane, "kind", "");
  assert_rejected (document, card, "severity", 7);
  assert_rejected (document, card, "severity", -1);
  assert_rejected (document, card, "span", 0);
  assert_rejected (document, card, "kind", "memo");
  assert_rejected (document, card, "channel", "carrier pigeon");
  assert_rejected (document, emotion, "score", 9);
  assert_rejected (document, emotion, "score", -4);

  /* The valid step is still the one on top, and it alone undoes. */
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Edit Card");
  g_assert_true (waymark_document_undo (document));
  g_assert_false (waymark_document_get_can_undo (document));
  assert_modified (document, FALSE);
}

/*
 * /waymark/document/finalized
 *
 * The history holds the objects it changed; it must not keep the document
 * itself alive, not even after edits of the document's own properties.
 */
static void
test_finalized (void)
{
  WaymarkDocument *document = new_document ("ecommerce");
  WaymarkCard *card = nth_item (document, WAYMARK_TYPE_CARD, 0);
  gpointer weak_document = document;
  gpointer weak_card = card;

  g_object_add_weak_pointer (G_OBJECT (document), &weak_document);
  g_object_add_weak_pointer (G_OBJECT (card), &weak_card);

  waymark_document_set (document, document, "title", "Own Title", NULL);
  waymark_document_set (document, document, "author", "Someone", NULL);
  waymark_document_set (document, card, "title", "Card Title", NULL);
  waymark_document_remove (document, WAYMARK_OBJECT (card));
  g_assert_true (waymark_document_undo (document));
  g_assert_true (waymark_document_undo (document));

  g_object_unref (document);
  g_assert_null (weak_document);
  g_assert_null (weak_card);
}

/*
 * /waymark/document/maps-in-order — maps by position, then id; the first
 * is what the canvas, the import and the export start from.
 */
static void
test_maps_in_order (void)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", NULL, NULL);
  WaymarkMap *blank = waymark_document_get_first_map (document);
  WaymarkObject *second, *zeroth;
  g_autoptr(GPtrArray) maps = NULL;

  g_assert_nonnull (blank);
  waymark_document_set (document, blank, "position", 2, NULL);
  second = waymark_document_add (document, WAYMARK_TYPE_MAP, "title", "Second", "position", 5, NULL);
  zeroth = waymark_document_add (document, WAYMARK_TYPE_MAP, "title", "Before", "position", 1, NULL);
  maps = waymark_document_dup_maps (document);
  g_assert_cmpuint (maps->len, ==, 3);
  g_assert_true (g_ptr_array_index (maps, 0) == (gpointer) zeroth);
  g_assert_true (g_ptr_array_index (maps, 1) == (gpointer) blank);
  g_assert_true (g_ptr_array_index (maps, 2) == (gpointer) second);
  g_assert_true (waymark_document_get_first_map (document) == WAYMARK_MAP (zeroth));

  waymark_document_remove (document, zeroth);
  waymark_document_remove (document, WAYMARK_OBJECT (blank));
  waymark_document_remove (document, second);
  g_assert_null (waymark_document_get_first_map (document));
}

/*
 * /waymark/document/dataset-columns — the columns an import recorded, as
 * names and types; a plain name has no type, anything else is passed over.
 */
static void
test_dataset_columns (void)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", NULL, NULL);
  WaymarkObject *dataset;
  g_autoptr(GArray) columns = NULL;
  g_autoptr(GArray) broken = NULL;

  dataset = waymark_document_add (document, WAYMARK_TYPE_DATASET, "name", "survey",
                                  "columns", "[{\"name\": \"NPS\", \"type\": \"integer\"}, \"Comment\", 3,"
                                             " {\"type\": \"text\"}, {\"name\": \"Date\", \"type\": \"date\"}]",
                                  NULL);
  columns = waymark_dataset_dup_columns (WAYMARK_DATASET (dataset));
  g_assert_cmpuint (columns->len, ==, 3);
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 0).name, ==, "NPS");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 0).type, ==, "integer");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 1).name, ==, "Comment");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 1).type, ==, "");
  g_assert_cmpstr (g_array_index (columns, WaymarkDatasetColumn, 2).name, ==, "Date");

  waymark_document_set (document, dataset, "columns", "not json", NULL);
  broken = waymark_dataset_dup_columns (WAYMARK_DATASET (dataset));
  g_assert_cmpuint (broken->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/history/random-edits-undo-redo", test_random_edits_undo_redo);
  g_test_add ("/waymark/history/modified", Fixture, NULL, fixture_set_up, test_modified, fixture_tear_down);
  g_test_add_func ("/waymark/history/labels", test_labels);
  g_test_add_func ("/waymark/history/notifications", test_notifications);
  g_test_add_func ("/waymark/history/merge-typing", test_merge_typing);
  g_test_add_func ("/waymark/history/merge-only-same-property", test_merge_only_same_property);
  g_test_add ("/waymark/history/merge-not-across-save", Fixture, NULL, fixture_set_up, test_merge_not_across_save, fixture_tear_down);
  g_test_add_func ("/waymark/history/merge-window", test_merge_window);
  g_test_add_func ("/waymark/history/cascade-stage", test_cascade_stage);
  g_test_add_func ("/waymark/history/cascade-map", test_cascade_map);
  g_test_add_func ("/waymark/history/cascade-persona", test_cascade_persona);
  g_test_add_func ("/waymark/document/changed-on-set", test_changed_on_set);
  g_test_add_func ("/waymark/document/no-op-set", test_no_op_set);
  g_test_add ("/waymark/document/round-trip-every-field", Fixture, NULL, fixture_set_up, test_round_trip_every_field, fixture_tear_down);
  g_test_add_func ("/waymark/document/invalid-values", test_invalid_values);
  g_test_add_func ("/waymark/document/invalid-references", test_invalid_references);
  g_test_add_func ("/waymark/document/finalized", test_finalized);
  g_test_add_func ("/waymark/document/maps-in-order", test_maps_in_order);
  g_test_add_func ("/waymark/document/dataset-columns", test_dataset_columns);

  return g_test_run ();
}
