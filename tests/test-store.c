/* test-store.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include <locale.h>

#include "waymark-core.h"
#include "waymark-items-private.h"
#include "waymark-store-private.h"
#include "waymark-test-util.h"

typedef struct
{
  char  *dir;
  GFile *file;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("waymark-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "map.waymark", NULL);
  fixture->file = g_file_new_for_path (path);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
      g_unlink (path);
    }

  g_rmdir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->file);
}

static void
save_new (GFile      *file,
          const char *template_name,
          const char *title)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_new_document (template_name, title, &error);
  g_assert_no_error (error);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
}

/* Runs @sql on @file outside the store, the way a hostile tool would. */
static void
tamper (GFile      *file,
        const char *sql)
{
  g_autofree char *path = g_file_get_path (file);
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  /* A hostile file obeys none of our constraints. */
  sqlite3_exec (db, "PRAGMA ignore_check_constraints = ON", NULL, NULL, NULL);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
write_bytes_at (GFile        *file,
                goffset       offset,
                const guint8 *bytes,
                gsize         n_bytes)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (length, >=, offset + n_bytes);
  memcpy (contents + offset, bytes, n_bytes);
  g_assert_true (g_file_set_contents (path, contents, length, &error));
}

static char *
checksum_file (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
assert_load_fails (GFile      *file,
                   GQuark      domain,
                   int         code,
                   const char *fragment)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_open (file, &error);
  g_assert_null (document);
  g_assert_error (error, domain, code);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, fragment);
}

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  user_data)
{
  const char * const *templates = waymark_store_list_templates ();

  g_assert_cmpuint (g_strv_length ((char **) templates), ==, 5);

  for (guint i = 0; templates[i]; i++)
    {
      g_autoptr(WaymarkDocument) created = NULL;
      g_autoptr(WaymarkDocument) loaded = NULL;
      g_autoptr(GError) error = NULL;
      WaymarkDocumentStats before, after;

      created = waymark_store_new_document (templates[i], "Round Trip", &error);
      g_assert_no_error (error);
      g_assert_null (waymark_document_get_file (created));
      waymark_document_get_stats (created, &before);
      g_assert_cmpuint (before.maps, ==, 1);
      g_assert_cmpuint (before.stages, >=, 3);
      g_assert_cmpuint (before.lanes, >=, 5);
      if (!g_str_equal (templates[i], "blank"))
        g_assert_cmpuint (before.cards, >=, 20);

      g_assert_true (waymark_store_save (created, fixture->file, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_equal (waymark_document_get_file (created), fixture->file));

      loaded = waymark_store_open (fixture->file, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (waymark_document_get_title (loaded), ==, "Round Trip");
      g_assert_false (waymark_document_get_modified (loaded));
      waymark_document_get_stats (loaded, &after);
      g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
    }
}

static void
test_untitled (void)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  document = waymark_store_new_document (NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Untitled Map");
  name = waymark_document_dup_display_name (document);
  g_assert_cmpstr (name, ==, "Untitled Map");
  g_assert_false (waymark_store_save (document, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME);
}

static void
test_unknown_template (void)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_new_document ("poster", "X", &error);
  g_assert_null (document);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "poster"));
}

static void
test_header_fields (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = g_file_get_path (fixture->file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  save_new (fixture->file, "blank", "Header");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 100);
  g_assert_cmpmem (contents, 16, "SQLite format 3", 16);
  /* The MIME magic in data/ relies on these bytes. */
  g_assert_cmpmem (contents + 68, 4, "WAYM", 4);
  g_assert_cmpint (contents[63], ==, WAYMARK_STORE_FORMAT_VERSION);
}

static void
test_save_leaves_no_sidecars (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint count = 0;

  save_new (fixture->file, "ecommerce", "One");
  /* Saving over an existing file replaces it whole. */
  save_new (fixture->file, "support-call", "Two");

  dir = g_dir_open (fixture->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)))
    {
      g_assert_cmpstr (name, ==, "map.waymark");
      count++;
    }
  g_assert_cmpuint (count, ==, 1);

  {
    g_autoptr(WaymarkDocument) loaded = waymark_store_open (fixture->file, NULL);

    g_assert_nonnull (loaded);
    g_assert_cmpstr (waymark_document_get_title (loaded), ==, "Two");
  }
}

static void
test_save_failure_keeps_original (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (fixture->file);
  g_autoptr(GFile) missing_dir = g_file_get_child (parent, "no-such-folder");
  g_autoptr(GFile) target = g_file_get_child (missing_dir, "map.waymark");
  g_autoptr(GError) error = NULL;

  document = waymark_store_new_document ("blank", "Orphan", &error);
  g_assert_no_error (error);

  g_assert_false (waymark_store_save (document, target, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "cannot save"));
  g_assert_null (waymark_document_get_file (document));
}

static void
test_open_never_modifies (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = g_file_get_path (fixture->file);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GStatBuf st_before, st_after;

  save_new (fixture->file, "service-blueprint", "Read Only");
  before = checksum_file (fixture->file);
  g_assert_cmpint (g_stat (path, &st_before), ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(WaymarkDocument) document = waymark_store_open (fixture->file, NULL);
      g_assert_nonnull (document);
    }

  after = checksum_file (fixture->file);
  g_assert_cmpint (g_stat (path, &st_after), ==, 0);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (st_before.st_mtime, ==, st_after.st_mtime);
}

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  user_data)
{
  assert_load_fails (fixture->file, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such file");
}

static void
test_not_sqlite (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_file_get_path (fixture->file);

  g_assert_true (g_file_set_contents (path, "Stage,Touchpoint\nBuy,Checkout\n", -1, NULL));
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_PARSE, "not a Waymark document");

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_PARSE, "not a Waymark document");
}

static void
test_other_application (Fixture       *fixture,
                        gconstpointer  user_data)
{
  tamper (fixture->file, "PRAGMA application_id = 42; CREATE TABLE t (x);");
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_PARSE, "another application");
}

static void
test_newer_version (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const guint8 version[4] = { 0, 0, 0, WAYMARK_STORE_FORMAT_VERSION + 1 };

  save_new (fixture->file, "blank", "From the Future");
  write_bytes_at (fixture->file, 60, version, sizeof version);
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_UNSUPPORTED_VERSION,
                     "made by a newer Waymark");
}

static void
test_bad_page_size (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const guint8 page_size[2] = { 0x03, 0x00 };

  save_new (fixture->file, "blank", "Odd Pages");
  write_bytes_at (fixture->file, 16, page_size, sizeof page_size);
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT, "page size");
}

static void
test_refuses_triggers_and_views (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  save_new (fixture->file, "blank", "Booby Trap");
  tamper (fixture->file,
          "CREATE TRIGGER t AFTER INSERT ON card BEGIN DELETE FROM card; END;");
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT, "triggers");

  save_new (fixture->file, "blank", "Booby Trap");
  tamper (fixture->file, "CREATE VIEW v AS SELECT * FROM card;");
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT, "views");
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = g_file_get_path (fixture->file);
  g_autofree char *contents = NULL;
  gsize length = 0;

  save_new (fixture->file, "ecommerce", "Cut Short");
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));

  {
    g_autoptr(WaymarkDocument) document = NULL;
    g_autoptr(GError) error = NULL;

    document = waymark_store_open (fixture->file, &error);
    g_assert_null (document);
    g_assert_true (error->domain == WAYMARK_ERROR);
    g_assert_true (error->code == WAYMARK_ERROR_CORRUPT || error->code == WAYMARK_ERROR_DATABASE);
  }
}

static void
test_hostile_values (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct {
    const char *sql;
    const char *fragment;
  } cases[] = {
    { "UPDATE lane SET kind = 'trapdoor' WHERE id = 211", "not a known kind" },
    { "UPDATE card SET channel = 'pigeon' WHERE id = 1101", "not a known channel" },
    { "UPDATE emotion SET score = 9 WHERE id = 3001", "out of range" },
    { "UPDATE card SET severity = 7 WHERE id = 1101", "out of range" },
    { "UPDATE card SET span = 0 WHERE id = 1101", "out of range" },
    { "UPDATE card SET stage = 999999 WHERE id = 1101", "refers to a missing stage" },
    { "UPDATE card SET lane = 101 WHERE id = 1101", "refers to a missing lane" },
    { "UPDATE stage SET id = 211 WHERE id = 101", "used twice" },
    { "UPDATE card SET title = X'C328' WHERE id = 1101", "not valid text" },
    { "UPDATE card SET position = 'first' WHERE id = 1101", "not a whole number" },
    { "DELETE FROM document", "no document header" },
    { "ALTER TABLE card DROP COLUMN body", "no such column" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      save_new (fixture->file, "ecommerce", "Hostile");
      tamper (fixture->file, cases[i].sql);
      before = checksum_file (fixture->file);
      assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT, cases[i].fragment);
      after = checksum_file (fixture->file);
      /* Refusing a file never changes it. */
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_huge_blob (Fixture       *fixture,
                gconstpointer  user_data)
{
  save_new (fixture->file, "ecommerce", "Heavy");
  tamper (fixture->file, "UPDATE persona SET photo = zeroblob(80 * 1024 * 1024) WHERE id = 1");

  {
    g_autoptr(WaymarkDocument) document = NULL;
    g_autoptr(GError) error = NULL;

    document = waymark_store_open (fixture->file, &error);
    g_assert_null (document);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "too big"));
  }
}

static void
test_empty_file (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = g_file_get_path (fixture->file);

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  assert_load_fails (fixture->file, WAYMARK_ERROR, WAYMARK_ERROR_PARSE, "not an SQLite database");
}

/* Every format version ever released keeps opening: tests/files holds one
 * file per version, written by that version. */
static void
test_old_versions (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "format-1.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkDocumentStats stats;
  WaymarkObject *card;

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Format 1 Sample");
  waymark_document_get_stats (document, &stats);
  g_assert_cmpuint (stats.personas, ==, 1);
  g_assert_cmpuint (stats.maps, ==, 1);
  g_assert_cmpuint (stats.stages, ==, 6);
  g_assert_cmpuint (stats.lanes, ==, 8);
  g_assert_cmpuint (stats.cards, ==, 40);
  card = waymark_document_lookup (document, 1101);
  g_assert_true (WAYMARK_IS_CARD (card));
  g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (card)), ==, "Instagram gift guide ad");
  g_assert_cmpstr (waymark_card_get_kind (WAYMARK_CARD (card)), ==, "touchpoint");

  /* Columns added since version 1 take their defaults. */
  {
    GPtrArray *stages = waymark_document_get_items (document, WAYMARK_TYPE_STAGE);
    GPtrArray *lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);

    g_assert_cmpfloat (waymark_stage_get_width (g_ptr_array_index (stages, 0)), ==, 0);
    g_assert_cmpfloat (waymark_lane_get_height (g_ptr_array_index (lanes, 0)), ==, 0);
  }

  /* Saving writes the current version, and the saved copy opens. */
  {
    g_autoptr(GFile) copy = g_file_new_build_filename (g_get_user_data_dir (), "format-1-upgraded.waymark", NULL);
    g_autoptr(WaymarkDocument) reopened = NULL;

    /* A fresh build tree has no data folder until some test makes one. */
    g_assert_no_errno (g_mkdir_with_parents (g_get_user_data_dir (), 0700));
    g_assert_true (waymark_store_save (document, copy, &error));
    g_assert_no_error (error);
    reopened = waymark_store_open (copy, &error);
    g_assert_no_error (error);
    waymark_document_get_stats (reopened, &stats);
    g_assert_cmpuint (stats.cards, ==, 40);
    g_file_delete (copy, NULL, NULL);
  }
}

/* Version 2: the sample map with a survey imported and two metrics, one of
 * them drawing the emotion curve, as waymark-cli 0.1 wrote it. */
static void
test_format_2 (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "files", "format-2.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkDocumentStats stats;
  GPtrArray *metrics;

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_document_get_title (document), ==, "Online Purchase Journey");
  waymark_document_get_stats (document, &stats);
  g_assert_cmpuint (stats.cards, ==, 48);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_DATASET)->len, ==, 1);
  metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);
  g_assert_cmpuint (metrics->len, ==, 2);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE)->len, ==, 144);
  g_assert_nonnull (strstr (waymark_metric_get_definition_json (g_ptr_array_index (metrics, 0)), "emotion_curve"));
}

static void
test_templates_content (void)
{
  static const struct {
    const char *name;
    const char *lane;
  } expected[] = {
    { "blank", "Opportunities" },
    { "ecommerce", "Metrics" },
    { "saas-onboarding", "Backstage" },
    { "service-blueprint", "Line of Visibility" },
    { "support-call", "Pain Points" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(WaymarkDocument) document = waymark_store_new_document (expected[i].name, NULL, NULL);
      GPtrArray *lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);
      gboolean found = FALSE;

      g_assert_nonnull (document);
      for (guint l = 0; l < lanes->len; l++)
        found |= g_str_equal (waymark_lane_get_title (g_ptr_array_index (lanes, l)), expected[i].lane);
      g_assert_true (found);

      if (g_str_equal (expected[i].name, "blank"))
        {
          WaymarkDocumentStats stats;

          waymark_document_get_stats (document, &stats);
          g_assert_cmpuint (stats.stages, ==, 3);
          g_assert_cmpuint (stats.lanes, ==, 6);
          g_assert_cmpuint (stats.cards, ==, 0);
        }
      else
        g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_PERSONA)->len, ==, 1);
    }
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) a = waymark_generate (500, 7, 9, 42);
  g_autoptr(WaymarkDocument) b = waymark_generate (500, 7, 9, 42);
  g_autoptr(WaymarkDocument) c = waymark_generate (500, 7, 9, 43);
  g_autoptr(WaymarkDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_a = waymark_test_dump_document (a);
  g_autofree char *dump_b = waymark_test_dump_document (b);
  g_autofree char *dump_c = waymark_test_dump_document (c);
  g_autofree char *dump_loaded = NULL;
  WaymarkDocumentStats stats;

  /* The first line holds the creation time, which differs; the map does not. */
  g_assert_cmpstr (strchr (dump_a, '\n'), ==, strchr (dump_b, '\n'));
  g_assert_cmpstr (strchr (dump_a, '\n'), !=, strchr (dump_c, '\n'));

  waymark_document_get_stats (a, &stats);
  g_assert_cmpuint (stats.cards, ==, 500);
  g_assert_cmpuint (stats.stages, ==, 7);
  g_assert_cmpuint (stats.lanes, ==, 9);
  /* Lane kinds repeat in turn; the fourth lane holds emotions, a point per stage. */
  g_assert_cmpuint (waymark_document_get_items (a, WAYMARK_TYPE_EMOTION)->len, ==, 7);

  g_assert_true (waymark_store_save (a, fixture->file, &error));
  loaded = waymark_store_open (fixture->file, &error);
  g_assert_no_error (error);
  dump_loaded = waymark_test_dump_document (loaded);
  g_assert_cmpstr (dump_a, ==, dump_loaded);
}

/* Every text of @document that a template gives and people read: the
 * properties named as _waymark_template_columns' columns. */
static GPtrArray *
template_texts (WaymarkDocument *document)
{
  static const struct { const char *table; GType (*type) (void); } tables[] = {
    { "map", waymark_map_get_type }, { "persona", waymark_persona_get_type },
    { "stage", waymark_stage_get_type }, { "lane", waymark_lane_get_type },
    { "card", waymark_card_get_type }, { "emotion", waymark_emotion_get_type },
    { "connector", waymark_connector_get_type }, { "comment", waymark_comment_get_type },
  };
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (const WaymarkTemplateColumn *column = _waymark_template_columns; column->table; column++)
    {
      GType type = G_TYPE_INVALID;
      GPtrArray *items;

      for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
        if (g_str_equal (tables[t].table, column->table))
          type = tables[t].type ();
      g_assert_true (type != G_TYPE_INVALID);
      items = waymark_document_get_items (document, type);
      for (guint i = 0; i < items->len; i++)
        {
          g_autofree char *text = NULL;

          g_object_get (g_ptr_array_index (items, i), column->column, &text, NULL);
          /* Lanes named as their kind take the kind's translated name. */
          if (type == WAYMARK_TYPE_LANE &&
              g_strcmp0 (text, _waymark_lane_kind_msgid (waymark_lane_get_kind (g_ptr_array_index (items, i)))) == 0)
            continue;
          if (text != NULL && *text != '\0')
            g_ptr_array_add (texts, g_steal_pointer (&text));
        }
    }
  return texts;
}

/*
 * /waymark/store/template-strings — build-aux/template-strings.py is up to
 * date: every text of every template is marked for translation, and every
 * marked text is still in a template.
 */
static void
test_template_strings (void)
{
  g_autoptr(GHashTable) marked = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  const char * const *templates = waymark_store_list_templates ();

  for (guint i = 0; _waymark_template_strings[i] != NULL; i++)
    g_hash_table_add (marked, (gpointer) _waymark_template_strings[i]);
  g_assert_cmpuint (g_hash_table_size (marked), >, 400);

  for (guint t = 0; templates[t] != NULL; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(WaymarkDocument) document = waymark_store_new_document (templates[t], "T", &error);
      g_autoptr(GPtrArray) texts = NULL;

      g_assert_no_error (error);
      texts = template_texts (document);
      g_assert_cmpuint (texts->len, >, 5);
      for (guint i = 0; i < texts->len; i++)
        {
          const char *text = g_ptr_array_index (texts, i);
          const char *found = g_hash_table_lookup (marked, text);

          if (found == NULL)
            g_error ("“%s” of the template %s is not marked for translation: run build-aux/template-strings.py",
                     text, templates[t]);
          g_hash_table_add (used, (gpointer) found);
        }
    }

  for (guint i = 0; _waymark_template_strings[i] != NULL; i++)
    if (!g_hash_table_contains (used, _waymark_template_strings[i]))
      g_error ("“%s” is marked but no template has it: run build-aux/template-strings.py",
               _waymark_template_strings[i]);
}

/*
 * /waymark/store/template-translated — a new map speaks the reader's
 * language, from a catalogue made here (the build's own catalogues are
 * not installed where the tests run).
 */
static void
test_template_translated (void)
{
  g_autofree char *dir = g_dir_make_tmp ("waymark-l10n-XXXXXX", NULL);
  g_autofree char *messages = g_build_filename (dir, "de", "LC_MESSAGES", NULL);
  g_autofree char *po = g_build_filename (dir, "de.po", NULL);
  g_autofree char *mo = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *msgfmt = g_find_program_in_path ("msgfmt");
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();
  g_autofree char *old_language = NULL, *old_dir = NULL, *previous = NULL;
  GPtrArray *stages, *lanes;
  int status = 0;
  const char *catalogue =
    "msgid \"\"\n"
    "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n"
    "msgctxt \"template\"\nmsgid \"Before\"\nmsgstr \"Vorher\"\n\n"
    "msgctxt \"template\"\nmsgid \"What happens when they buy, start using, or receive the service?\"\n"
    "msgstr \"Was geschieht beim Kauf, bei der Nutzung oder beim Empfang?\"\n\n"
    "msgid \"Touchpoints\"\nmsgstr \"Kontaktpunkte\"\n";

  if (msgfmt == NULL)
    {
      g_test_skip ("msgfmt is not installed");
      return;
    }

  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  g_assert_true (g_file_set_contents (po, catalogue, -1, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { msgfmt, "-o", mo, po, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  /* C.UTF-8, unlike C, lets LANGUAGE choose the catalogue (setlocale()
   * makes gettext look again), so no other locale need be installed. */
  old_language = g_strdup (g_getenv ("LANGUAGE"));
  old_dir = g_strdup (bindtextdomain (GETTEXT_PACKAGE, NULL));
  previous = g_strdup (setlocale (LC_ALL, NULL));
  g_setenv ("LANGUAGE", "de", TRUE);
  g_assert_nonnull (setlocale (LC_ALL, "C.UTF-8"));
  bindtextdomain (GETTEXT_PACKAGE, dir);

  document = waymark_store_new_document ("blank", "T", &error);
  g_assert_no_error (error);
  stages = waymark_document_get_items (document, WAYMARK_TYPE_STAGE);
  lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);
  g_assert_cmpuint (stages->len, ==, 3);
  for (guint i = 0; i < stages->len; i++)
    g_ptr_array_add (titles, (gpointer) waymark_stage_get_title (g_ptr_array_index (stages, i)));
  /* Translated where the catalogue has it, English where it has not. */
  g_assert_true (g_ptr_array_find_with_equal_func (titles, "Vorher", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (titles, "After", g_str_equal, NULL));
  g_assert_false (g_ptr_array_find_with_equal_func (titles, "Before", g_str_equal, NULL));
  for (guint i = 0; i < stages->len; i++)
    if (g_str_equal (waymark_stage_get_title (g_ptr_array_index (stages, i)), "During"))
      g_assert_cmpstr (waymark_stage_get_description (g_ptr_array_index (stages, i)), ==,
                       "Was geschieht beim Kauf, bei der Nutzung oder beim Empfang?");
  /* A lane named as its kind takes the kind's name in the catalogue. */
  g_ptr_array_set_size (titles, 0);
  for (guint i = 0; i < lanes->len; i++)
    g_ptr_array_add (titles, (gpointer) waymark_lane_get_title (g_ptr_array_index (lanes, i)));
  g_assert_true (g_ptr_array_find_with_equal_func (titles, "Kontaktpunkte", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (titles, "Actions", g_str_equal, NULL));
  /* The empty scenario stays empty, not the catalogue's header. */
  g_assert_cmpstr (waymark_map_get_scenario (g_ptr_array_index (waymark_document_get_items (document, WAYMARK_TYPE_MAP), 0)), ==, "");

  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, previous);
  bindtextdomain (GETTEXT_PACKAGE, old_dir);
  g_unlink (mo);
  g_unlink (po);
  g_rmdir (messages);
  {
    g_autofree char *de = g_path_get_dirname (messages);

    g_rmdir (de);
  }
  g_rmdir (dir);
}

/* Runs the main loop until *@done. */
static void
wait_for (gboolean *done)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!*done)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

typedef struct
{
  gboolean         done;
  gboolean         ok;
  GError          *error;
  WaymarkDocument *document;
} AsyncResult;

static void
async_result_clear (AsyncResult *result)
{
  g_clear_error (&result->error);
  g_clear_object (&result->document);
  result->done = result->ok = FALSE;
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->ok = waymark_store_save_finish (WAYMARK_DOCUMENT (object), result, &out->error);
  out->done = TRUE;
}

static void
autosaved_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->ok = waymark_store_autosave_finish (WAYMARK_DOCUMENT (object), result, &out->error);
  out->done = TRUE;
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncResult *out = user_data;

  out->document = waymark_store_open_finish (result, &out->error);
  out->ok = out->document != NULL;
  out->done = TRUE;
}

static WaymarkCard *
some_card (WaymarkDocument *document)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  g_assert_cmpuint (cards->len, >, 0);
  return g_ptr_array_index (cards, 0);
}

/*
 * /waymark/store/copy — waymark_document_copy() holds every object and the
 * header, and is not the original: changing one leaves the other.
 */
static void
test_copy (void)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("service-blueprint", "Copied", NULL);
  g_autoptr(WaymarkDocument) copy = waymark_document_copy (document);
  g_autofree char *original_dump = waymark_test_dump_document (document);
  g_autofree char *copy_dump = waymark_test_dump_document (copy);
  gint64 id = waymark_object_get_id (WAYMARK_OBJECT (some_card (document)));

  g_assert_cmpstr (original_dump, ==, copy_dump);
  g_assert_cmpstr (waymark_document_get_title (copy), ==, "Copied");
  g_assert_null (waymark_document_get_file (copy));
  g_assert_false (waymark_document_get_can_undo (copy));

  waymark_document_set (document, some_card (document), "title", "Changed in the original", NULL);
  g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (copy, id))), !=,
                   "Changed in the original");
}

/*
 * /waymark/store/save-async — the file holds the document as it was when
 * the save began; an edit made before the save ends stays unsaved, even
 * one that would have merged into the step the save wrote.
 */
static void
test_save_async (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("ecommerce", "Async", NULL);
  AsyncResult result = { 0, };
  WaymarkCard *card = some_card (document);
  gint64 id = waymark_object_get_id (WAYMARK_OBJECT (card));

  waymark_document_set (document, card, "title", "Written", NULL);
  waymark_store_save_async (document, fixture->file, NULL, saved_cb, &result);
  /* Within the merge window of the edit before: it must not merge. */
  waymark_document_set (document, card, "title", "Typed during the save", NULL);
  wait_for (&result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  g_assert_true (g_file_equal (waymark_document_get_file (document), fixture->file));
  g_assert_true (waymark_document_get_modified (document));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WaymarkDocument) saved = waymark_store_open (fixture->file, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (saved, id))), ==, "Written");
  }

  /* Undoing the edit made during the save gets back to what was saved. */
  g_assert_true (waymark_document_undo (document));
  g_assert_false (waymark_document_get_modified (document));

  /* A failed save says why and changes nothing. */
  async_result_clear (&result);
  waymark_document_set (document, card, "title", "Again", NULL);
  {
    g_autoptr(GFile) nowhere = g_file_new_for_path ("/nonexistent/folder/map.waymark");

    waymark_store_save_async (document, nowhere, NULL, saved_cb, &result);
    wait_for (&result.done);
    g_assert_false (result.ok);
    g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_assert_true (g_file_equal (waymark_document_get_file (document), fixture->file));
    g_assert_true (waymark_document_get_modified (document));
  }
  async_result_clear (&result);
}

/*
 * /waymark/store/open-async — the same document as a blocking open, and
 * the same errors.
 */
static void
test_open_async (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("support-call", "Opened", NULL);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/map.waymark");
  g_autofree char *expected = NULL, *got = NULL;
  AsyncResult result = { 0, };

  g_assert_true (waymark_store_save (document, fixture->file, NULL));
  expected = waymark_test_dump_document (document);

  waymark_store_open_async (fixture->file, NULL, opened_cb, &result);
  wait_for (&result.done);
  g_assert_no_error (result.error);
  got = waymark_test_dump_document (result.document);
  g_assert_cmpstr (got, ==, expected);
  g_assert_true (g_file_equal (waymark_document_get_file (result.document), fixture->file));
  g_assert_false (waymark_document_get_modified (result.document));
  async_result_clear (&result);

  waymark_store_open_async (missing, NULL, opened_cb, &result);
  wait_for (&result.done);
  g_assert_null (result.document);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  async_result_clear (&result);
}

/*
 * /waymark/store/autosave-then-save — work is done in the order asked: an
 * autosave followed by a save leaves no recovery copy behind.
 */
static void
test_autosave_then_save (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", "Ordered", NULL);
  AsyncResult autosaved = { 0, }, saved = { 0, };
  g_autoptr(GFile) recovery = NULL;

  waymark_document_set (document, document, "title", "Ordered and edited", NULL);
  waymark_store_autosave_async (document, NULL, autosaved_cb, &autosaved);
  recovery = g_object_ref (waymark_store_get_recovery_file (document));
  waymark_store_save_async (document, fixture->file, NULL, saved_cb, &saved);
  g_assert_true (waymark_store_is_busy (document));
  wait_for (&autosaved.done);
  wait_for (&saved.done);
  g_assert_true (autosaved.ok);
  g_assert_true (saved.ok);
  g_assert_false (waymark_store_is_busy (document));
  g_assert_false (waymark_document_get_modified (document));

  /* The copy was written, then deleted after the save: wait for the worker. */
  {
    gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

    while (g_file_query_exists (recovery, NULL))
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_usleep (1000);
      }
  }
  g_assert_null (waymark_store_get_recovery_file (document));
  async_result_clear (&autosaved);
  async_result_clear (&saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/waymark/store/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add_func ("/waymark/store/untitled", test_untitled);
  g_test_add_func ("/waymark/store/unknown-template", test_unknown_template);
  g_test_add ("/waymark/store/header-fields", Fixture, NULL, fixture_set_up, test_header_fields, fixture_tear_down);
  g_test_add ("/waymark/store/save-leaves-no-sidecars", Fixture, NULL, fixture_set_up, test_save_leaves_no_sidecars, fixture_tear_down);
  g_test_add ("/waymark/store/save-failure-keeps-state", Fixture, NULL, fixture_set_up, test_save_failure_keeps_original, fixture_tear_down);
  g_test_add ("/waymark/store/open-never-modifies", Fixture, NULL, fixture_set_up, test_open_never_modifies, fixture_tear_down);
  g_test_add ("/waymark/store/missing-file", Fixture, NULL, fixture_set_up, test_missing_file, fixture_tear_down);
  g_test_add ("/waymark/store/not-sqlite", Fixture, NULL, fixture_set_up, test_not_sqlite, fixture_tear_down);
  g_test_add ("/waymark/store/other-application", Fixture, NULL, fixture_set_up, test_other_application, fixture_tear_down);
  g_test_add ("/waymark/store/newer-version", Fixture, NULL, fixture_set_up, test_newer_version, fixture_tear_down);
  g_test_add ("/waymark/store/bad-page-size", Fixture, NULL, fixture_set_up, test_bad_page_size, fixture_tear_down);
  g_test_add ("/waymark/store/refuses-triggers-and-views", Fixture, NULL, fixture_set_up, test_refuses_triggers_and_views, fixture_tear_down);
  g_test_add ("/waymark/store/truncated", Fixture, NULL, fixture_set_up, test_truncated, fixture_tear_down);

  g_test_add ("/waymark/store/hostile-values", Fixture, NULL, fixture_set_up, test_hostile_values, fixture_tear_down);
  g_test_add ("/waymark/store/huge-blob", Fixture, NULL, fixture_set_up, test_huge_blob, fixture_tear_down);
  g_test_add ("/waymark/store/empty-file", Fixture, NULL, fixture_set_up, test_empty_file, fixture_tear_down);
  g_test_add_func ("/waymark/store/old-versions", test_old_versions);
  g_test_add_func ("/waymark/store/format-2", test_format_2);
  g_test_add_func ("/waymark/store/templates", test_templates_content);
  g_test_add_func ("/waymark/store/template-strings", test_template_strings);
  g_test_add_func ("/waymark/store/template-translated", test_template_translated);
  g_test_add ("/waymark/store/generate", Fixture, NULL, fixture_set_up, test_generate, fixture_tear_down);
  g_test_add_func ("/waymark/store/copy", test_copy);
  g_test_add ("/waymark/store/save-async", Fixture, NULL, fixture_set_up, test_save_async, fixture_tear_down);
  g_test_add ("/waymark/store/open-async", Fixture, NULL, fixture_set_up, test_open_async, fixture_tear_down);
  g_test_add ("/waymark/store/autosave-then-save", Fixture, NULL, fixture_set_up, test_autosave_then_save, fixture_tear_down);

  return g_test_run ();
}
