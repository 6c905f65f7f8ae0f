/* test-import.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

static char *tmp_dir;

static GFile *
write_data (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

static const char survey[] =
  "ResponseId,Touchpoint,Stage,NPS,Score,Date,Comment\n"
  "R1,Search results page,Discover,9,4.5,2026-03-01,\"Fast, easy\"\n"
  "R2,Checkout,Purchase,3,\"2,5\",2026-03-02,\"Card declined\ntwice\"\n"
  "R3,  search RESULTS page ,Discover,10,5,2026-03-02,\n"
  "R4,Delivery SMS,Delivery,7,3.5,02/03/2026,ok\n"
  ",,,,,,\n"
  "R5,Returns portal,Support,2,1,2026-03-04,Never again\n"
  "R6,Checkout,Purchase,n/a,4,2026-03-05,\n"
  "R7,Serch results pag,Discover,8,4,2026-03-06,\n";

static WaymarkKeyCount *
find_key (WaymarkImport *import,
          const char    *value)
{
  GPtrArray *keys = waymark_import_get_keys (import);

  for (guint i = 0; i < keys->len; i++)
    {
      WaymarkKeyCount *key = g_ptr_array_index (keys, i);

      if (g_str_equal (key->value, value))
        return key;
    }

  return NULL;
}

static void
test_scan (void)
{
  g_autoptr(GFile) file = write_data ("survey.csv", survey);
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sha256 = NULL;
  gsize length;
  GPtrArray *columns, *keys;
  WaymarkColumnInfo *nps, *score, *date, *comment;

  import = waymark_import_scan (file, NULL, "Touchpoint", "Stage", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (waymark_import_get_rows (import), ==, 7);

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
  g_assert_cmpstr (waymark_import_get_sha256 (import), ==, sha256);

  columns = waymark_import_get_columns (import);
  g_assert_cmpuint (columns->len, ==, 7);
  nps = g_ptr_array_index (columns, 3);
  score = g_ptr_array_index (columns, 4);
  date = g_ptr_array_index (columns, 5);
  comment = g_ptr_array_index (columns, 6);
  g_assert_cmpint (nps->type, ==, WAYMARK_COLUMN_INTEGER);
  g_assert_cmpfloat_with_epsilon (nps->share, 6.0 / 7.0, 1e-9);
  /* Decimal commas count as decimals; integers fit a decimal column. */
  g_assert_cmpint (score->type, ==, WAYMARK_COLUMN_DECIMAL);
  g_assert_cmpfloat_with_epsilon (score->share, 1.0, 1e-9);
  g_assert_cmpint (date->type, ==, WAYMARK_COLUMN_DATE);
  g_assert_cmpint (comment->type, ==, WAYMARK_COLUMN_TEXT);

  /* Keys trimmed and case-insensitive; the first spelling is kept. */
  keys = waymark_import_get_keys (import);
  g_assert_cmpuint (keys->len, ==, 5);
  g_assert_cmpuint (find_key (import, "Search results page")->rows, ==, 2);
  g_assert_cmpuint (find_key (import, "Checkout")->rows, ==, 2);
  g_assert_cmpstr (find_key (import, "Checkout")->stage, ==, "Purchase");
}

static void
test_match_and_apply (void)
{
  g_autoptr(GFile) file = write_data ("survey.csv", survey);
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("ecommerce", "Import Test", NULL);
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = waymark_test_dump_document (document);
  g_autofree char *recipe = NULL;
  g_autofree char *columns = NULL;
  WaymarkDataset *dataset;
  guint matched = 0;
  guint64 rows = 0;
  gint64 size = 0, row_count = 0;

  import = waymark_import_scan (file, NULL, "Touchpoint", NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  waymark_import_match (import, document, 0, &matched, &rows);
  g_assert_cmpuint (matched, ==, 1);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_cmpint (find_key (import, "Search results page")->card, ==, 1102);
  g_assert_cmpint (find_key (import, "Checkout")->card, ==, 0);
  /* A typo or two away from a card: suggested, not bound. */
  g_assert_cmpint (find_key (import, "Serch results pag")->card, ==, 0);
  g_assert_cmpstr (find_key (import, "Serch results pag")->suggestion, ==, "Search results page");
  g_assert_null (find_key (import, "Delivery SMS")->suggestion);

  dataset = waymark_import_apply (import, document, 0, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  g_assert_cmpstr (waymark_dataset_get_name (dataset), ==, "survey");
  g_object_get (dataset, "recipe", &recipe, "columns", &columns, "size", &size, "row-count", &row_count, NULL);
  g_assert_cmpint (size, ==, (gint64) strlen (survey));
  g_assert_cmpint (row_count, ==, 7);
  g_assert_nonnull (strstr (recipe, "\"delimiter\":\",\""));
  g_assert_nonnull (strstr (recipe, "\"encoding\":\"UTF-8\""));
  g_assert_nonnull (strstr (recipe, "\"key\":\"Touchpoint\""));
  /* A blank response is left out by rule, and the recipe says where. */
  g_assert_nonnull (strstr (recipe, "\"blank_rows\":1"));
  g_assert_nonnull (strstr (recipe, "\"blank_lines\":[7]"));
  g_assert_cmpstr (g_ptr_array_index (waymark_import_get_problems (import), 0), ==,
                   "1 blank row (line 7) is not counted");
  g_assert_nonnull (strstr (columns, "{\"name\":\"NPS\",\"type\":\"integer\""));

  /* One step in the history, undone whole. */
  g_assert_cmpstr (waymark_document_get_undo_label (document), ==, "Import Data");
  g_assert_true (waymark_document_undo (document));
  {
    g_autofree char *after = waymark_test_dump_document (document);
    g_assert_cmpstr (before, ==, after);
  }

  /* A second dataset of the same name is refused and changes nothing. */
  g_assert_true (waymark_document_redo (document));
  g_assert_null (waymark_import_apply (import, document, 0, "survey", FALSE, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_DATASET)->len, ==, 1);
}

static void
test_create_cards (void)
{
  g_autoptr(GFile) file = write_data ("survey.csv", survey);
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", "From Data", NULL);
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  GPtrArray *maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  gint64 map_id = waymark_object_get_id (g_ptr_array_index (maps, 0));
  const char *expected_stages[] = { "Before", "During", "After", "Discover", "Purchase", "Delivery", "Support" };

  import = waymark_import_scan (file, NULL, "Touchpoint", "Stage", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  waymark_import_match (import, document, 0, NULL, NULL);
  g_assert_nonnull (waymark_import_apply (import, document, 0, "Survey", TRUE, &error));
  g_assert_no_error (error);

  /* Stages named by the stage column, created in order of first appearance. */
  stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (expected_stages));
  for (guint i = 0; i < stages->len; i++)
    g_assert_cmpstr (waymark_stage_get_title (g_ptr_array_index (stages, i)), ==, expected_stages[i]);

  /* A touchpoint card per key value, each bound, in the touchpoints lane. */
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, ==, 5);
  for (guint i = 0; i < waymark_import_get_keys (import)->len; i++)
    {
      WaymarkKeyCount *key = g_ptr_array_index (waymark_import_get_keys (import), i);
      WaymarkObject *card = waymark_document_lookup (document, key->card);
      WaymarkObject *stage;
      WaymarkObject *lane;

      g_assert_true (WAYMARK_IS_CARD (card));
      g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (card)), ==, key->value);
      g_assert_cmpstr (waymark_card_get_kind (WAYMARK_CARD (card)), ==, "touchpoint");
      stage = waymark_document_lookup (document, waymark_card_get_stage (WAYMARK_CARD (card)));
      lane = waymark_document_lookup (document, waymark_card_get_lane (WAYMARK_CARD (card)));
      g_assert_cmpstr (waymark_stage_get_title (WAYMARK_STAGE (stage)), ==, key->stage);
      g_assert_cmpstr (waymark_lane_get_kind (WAYMARK_LANE (lane)), ==, "touchpoints");
    }

  /* The whole import is one step: undo leaves the blank template. */
  g_assert_true (waymark_document_undo (document));
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len, ==, 0);
  g_assert_cmpuint (waymark_document_get_items (document, WAYMARK_TYPE_DATASET)->len, ==, 0);
}

static void
test_errors (void)
{
  g_autoptr(GFile) file = write_data ("survey.csv", survey);
  g_autoptr(GFile) broken = write_data ("broken.csv", "a,b\n1,\"open\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkImport) import = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  import = waymark_import_scan (file, NULL, "Touchpont", NULL, NULL, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_nonnull (strstr (error->message, "no column named “Touchpont”"));
  g_assert_nonnull (strstr (error->message, "Touchpoint"));
  g_clear_error (&error);

  import = waymark_import_scan (broken, NULL, "a", NULL, NULL, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_nonnull (strstr (error->message, "line 2: a quoted field is never closed"));
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  import = waymark_import_scan (file, NULL, "Touchpoint", NULL, cancellable, NULL, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = waymark_test_make_dir ("import");

  g_test_add_func ("/waymark/import/scan", test_scan);
  g_test_add_func ("/waymark/import/match-and-apply", test_match_and_apply);
  g_test_add_func ("/waymark/import/create-cards", test_create_cards);
  g_test_add_func ("/waymark/import/errors", test_errors);

  ret = g_test_run ();
  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
