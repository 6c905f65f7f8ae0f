/* test-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <json-glib/json-glib.h>

#include "waymark-core.h"
#include "waymark-edit.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

static void
run_cli (Result *result,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("WAYMARK_CLI");
  const char *arg;
  va_list args;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, result);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("waymark-test-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Errors are one line on stderr, ending in a newline. */
static void
assert_one_line (const char *text)
{
  guint newlines = 0;

  for (const char *p = text; *p; p++)
    newlines += *p == '\n';

  g_assert_cmpuint (newlines, ==, 1);
  g_assert_true (g_str_has_suffix (text, "\n"));
}

static void
test_usage (void)
{
  Result result = { 0 };

  run_cli (&result, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "Usage: waymark-cli COMMAND"));
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);

  run_cli (&result, "frobnicate", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "unknown command “frobnicate”"));
  g_assert_nonnull (strstr (result.err, "Usage:"));
  result_clear (&result);

  run_cli (&result, "new", "--no-such-flag", "x.waymark", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--no-such-flag"));
  g_assert_nonnull (strstr (result.err, "--template"));
  result_clear (&result);

  run_cli (&result, "new", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "missing OUT.waymark"));
  result_clear (&result);

  run_cli (&result, "--help", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "new OUT.waymark"));
  result_clear (&result);

  run_cli (&result, "--version", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "waymark-cli " PACKAGE_VERSION));
  result_clear (&result);
}

static void
test_new (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "journey.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Result result = { 0 };

  for (const char * const *t = waymark_store_list_templates (); *t; t++)
    {
      g_autoptr(WaymarkDocument) document = NULL;
      g_autoptr(GError) error = NULL;

      run_cli (&result, "new", path, "--force", "--template", *t, "--title", "Workshop Map", NULL);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_cmpint (result.status, ==, 0);
      result_clear (&result);

      document = waymark_store_open (file, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (waymark_document_get_title (document), ==, "Workshop Map");
    }

  /* Without --force an existing file is never replaced. */
  run_cli (&result, "new", path, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, path));
  g_assert_nonnull (strstr (result.err, "already exists"));
  assert_one_line (result.err);
  result_clear (&result);

  remove_tmp_dir (dir);
}

static void
test_new_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "journey.waymark", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "missing", "journey.waymark", NULL);
  Result result = { 0 };

  run_cli (&result, "new", path, "--template", "poster", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "no template named “poster”"));
  assert_one_line (result.err);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  result_clear (&result);

  run_cli (&result, "new", unwritable, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, unwritable));
  g_assert_nonnull (strstr (result.err, "cannot save"));
  assert_one_line (result.err);
  result_clear (&result);

  remove_tmp_dir (dir);
}

static void
assert_members (JsonObject         *object,
                const char * const *names)
{
  for (guint i = 0; names[i]; i++)
    if (!json_object_has_member (object, names[i]))
      g_error ("member “%s” is missing", names[i]);
}

/* `info --json` lists a map's connectors, as DESIGN.md says. */
static void
test_info_json_connectors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  WaymarkConnector *connector;
  JsonArray *connectors;
  JsonObject *first;
  Result result = { 0 };

  path = g_build_filename (dir, "connected.waymark", NULL);
  file = g_file_new_for_path (path);
  document = waymark_store_new_document ("ecommerce", "Connected", &error);
  g_assert_no_error (error);
  connector = waymark_edit_connect (document, 1103, 1105, "pays", &error);
  g_assert_no_error (error);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);

  run_cli (&result, "info", "--json", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  connectors = json_object_get_array_member (json_array_get_object_element (
                 json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "maps"), 0),
                 "connectors");
  g_assert_cmpuint (json_array_get_length (connectors), ==, 1);
  first = json_array_get_object_element (connectors, 0);
  g_assert_cmpint (json_object_get_int_member (first, "id"), ==, waymark_object_get_id (WAYMARK_OBJECT (connector)));
  g_assert_cmpint (json_object_get_int_member (first, "source"), ==, 1103);
  g_assert_cmpint (json_object_get_int_member (first, "target"), ==, 1105);
  g_assert_cmpstr (json_object_get_string_member (first, "label"), ==, "pays");
  result_clear (&result);

  remove_tmp_dir (dir);
}

static void
test_info_json (void)
{
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "files", "format-1.waymark", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  static const char * const top[] = { "title", "format_version", "personas", "maps", "datasets", "metrics", NULL };
  static const char * const map_keys[] = { "id", "title", "persona", "stages", "lanes", "cards", "emotions",
                                           "connectors", NULL };
  static const char * const stage_keys[] = { "id", "title", "metrics", NULL };
  static const char * const lane_keys[] = { "id", "title", "kind", NULL };
  static const char * const card_keys[] = { "id", "stage", "lane", "kind", "title", "metrics", NULL };
  static const char * const emotion_keys[] = { "stage", "lane", "score", NULL };
  JsonObject *root, *map, *card;
  JsonArray *maps, *stages, *lanes, *cards, *emotions, *personas;
  Result result = { 0 };

  run_cli (&result, "info", "--json", sample, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");

  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  assert_members (root, top);
  g_assert_cmpstr (json_object_get_string_member (root, "title"), ==, "Format 1 Sample");
  g_assert_cmpint (json_object_get_int_member (root, "format_version"), ==, 3);

  personas = json_object_get_array_member (root, "personas");
  g_assert_cmpuint (json_array_get_length (personas), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (personas, 0), "name"), ==, "Priya Raman");

  maps = json_object_get_array_member (root, "maps");
  g_assert_cmpuint (json_array_get_length (maps), ==, 1);
  map = json_array_get_object_element (maps, 0);
  assert_members (map, map_keys);
  g_assert_cmpint (json_object_get_int_member (map, "persona"),
                   ==, json_object_get_int_member (json_array_get_object_element (personas, 0), "id"));

  stages = json_object_get_array_member (map, "stages");
  lanes = json_object_get_array_member (map, "lanes");
  cards = json_object_get_array_member (map, "cards");
  emotions = json_object_get_array_member (map, "emotions");
  g_assert_cmpuint (json_array_get_length (stages), ==, 6);
  g_assert_cmpuint (json_array_get_length (lanes), ==, 8);
  g_assert_cmpuint (json_array_get_length (cards), ==, 40);
  g_assert_cmpuint (json_array_get_length (emotions), ==, 6);

  /* In display order. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 0), "title"), ==, "Discover");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (stages, 5), "title"), ==, "Support & Returns");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (lanes, 0), "kind"), ==, "touchpoints");

  for (guint i = 0; i < json_array_get_length (stages); i++)
    assert_members (json_array_get_object_element (stages, i), stage_keys);
  for (guint i = 0; i < json_array_get_length (lanes); i++)
    assert_members (json_array_get_object_element (lanes, i), lane_keys);
  for (guint i = 0; i < json_array_get_length (emotions); i++)
    {
      JsonObject *emotion = json_array_get_object_element (emotions, i);

      assert_members (emotion, emotion_keys);
      g_assert_cmpint (json_object_get_int_member (emotion, "score"), >=, -3);
      g_assert_cmpint (json_object_get_int_member (emotion, "score"), <=, 3);
    }
  for (guint i = 0; i < json_array_get_length (cards); i++)
    assert_members (json_array_get_object_element (cards, i), card_keys);

  card = json_array_get_object_element (cards, 0);
  g_assert_cmpstr (json_object_get_string_member (card, "title"), ==, "Instagram gift guide ad");
  g_assert_cmpstr (json_object_get_string_member (card, "kind"), ==, "touchpoint");
  g_assert_cmpint (json_object_get_int_member (card, "stage"),
                   ==, json_object_get_int_member (json_array_get_object_element (stages, 0), "id"));

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "datasets")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "metrics")), ==, 0);
  result_clear (&result);

  /* The text form says the same in words. */
  run_cli (&result, "info", sample, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Title: Format 1 Sample"));
  g_assert_nonnull (strstr (result.out, "Cards: 40"));
  result_clear (&result);
}

static void
test_info_errors (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *text = g_build_filename (dir, "notes.waymark", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.waymark", NULL);
  Result result = { 0 };

  g_assert_true (g_file_set_contents (text, "Stage,Card\n", -1, NULL));

  run_cli (&result, "info", text, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.err, "waymark-cli: "));
  g_assert_nonnull (strstr (result.err, text));
  g_assert_nonnull (strstr (result.err, "not a Waymark document"));
  assert_one_line (result.err);
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);

  run_cli (&result, "info", "--json", missing, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, missing));
  assert_one_line (result.err);
  g_assert_cmpstr (result.out, ==, "");
  result_clear (&result);

  run_cli (&result, "info", "--frobnicate", text, NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  remove_tmp_dir (dir);
}

static void
test_generate (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "synthetic.waymark", NULL);
  g_autofree char *first = NULL;
  Result result = { 0 };

  run_cli (&result, "generate", path, "--cards", "1200", "--stages", "10", "--lanes", "7", "--seed", "5", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, "info", "--json", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"title\":\"Synthetic Map (1200 cards)\""));
  first = g_steal_pointer (&result.out);
  result_clear (&result);

  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *map;

    g_assert_true (json_parser_load_from_data (parser, first, -1, NULL));
    map = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "maps"), 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (map, "cards")), ==, 1200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (map, "stages")), ==, 10);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (map, "lanes")), ==, 7);
  }

  /* The same seed replaces the file with the same map. */
  run_cli (&result, "generate", path, "--cards", "1200", "--stages", "10", "--lanes", "7", "--seed", "5", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, "info", "--json", path, NULL);
  g_assert_cmpstr (result.out, ==, first);
  result_clear (&result);

  run_cli (&result, "generate", path, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--cards is required"));
  result_clear (&result);

  run_cli (&result, "generate", path, "--cards", "lots", NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  run_cli (&result, "generate", path, "--cards", "10", "--stages", "0", NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  remove_tmp_dir (dir);
}

/* Runs the CLI with @argv (NULL-terminated, after the program), output
 * discarded; returns its peak resident memory in MiB. */
static double
cli_peak_mib (const char * const *args)
{
  const char *cli = g_getenv ("WAYMARK_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *asan = g_strdup_printf ("%s%squarantine_size_mb=1",
                                           g_getenv ("ASAN_OPTIONS") ? g_getenv ("ASAN_OPTIONS") : "",
                                           g_getenv ("ASAN_OPTIONS") ? ":" : "");
  struct rusage usage;
  int status = 0;
  pid_t pid;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int null_fd = open ("/dev/null", O_WRONLY);

      dup2 (null_fd, STDOUT_FILENO);
      /* Under AddressSanitizer, freed memory is not held back for long. */
      setenv ("ASAN_OPTIONS", asan, TRUE);
      execv (cli, (char **) argv->pdata);
      _exit (127);
    }
  g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return usage.ru_maxrss / 1024.0;
}

/*
 * /waymark/cli/data-preview-all-rows — `data preview --json --limit 0`
 * streams: 300,000 rows cost a row's memory, not the table's (the whole
 * table held as JSON nodes took about 900 bytes a row, 270 MB here).
 */
static void
test_data_preview_all_rows (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "survey.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("ResponseId,RecordedDate,Touchpoint,Stage,NPS,CSAT,CES,Channel,Comment\n");
  const char *json[] = { "data", "preview", "--json", "--limit", "0", path, NULL };
  const char *text[] = { "data", "preview", "--limit", "0", path, NULL };
  double json_mib, text_mib;

  for (guint i = 0; i < 300000; i++)
    g_string_append_printf (csv, "R_%07u,2026-07-%02u 10:00,Checkout,Purchase,%u,%u,%u,web,Fine thanks\n",
                            i, 1 + i % 28, i % 11, 1 + i % 5, 1 + i % 7);
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  json_mib = cli_peak_mib (json);
  text_mib = cli_peak_mib (text);
  g_test_message ("peak memory: --json %.1f MiB, text %.1f MiB", json_mib, text_mib);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer's own allocator and bookkeeping say nothing of the
   * program's: the plain build measures it. */
  g_test_message ("built with AddressSanitizer: peak memory not checked");
#else
  g_assert_cmpfloat (json_mib, <, 120);
  g_assert_cmpfloat (text_mib, <, 120);
#endif
  remove_tmp_dir (dir);
}

static void
test_data_preview (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "survey.csv", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *rows;
  Result result = { 0 };

  g_assert_true (g_file_set_contents (path,
                                      "Q;Touchpoint;Comment\n"
                                      "Question text;Which?;Why?\n"
                                      "1;Checkout;\"Slow; \"\"very\"\"\nslow\"\n"
                                      "2;Delivery;\n", -1, NULL));

  run_cli (&result, "data", "preview", "--json", "--header-rows", "2", path, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  json_parser_load_from_data (parser, result.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_object_get_size (root), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (root, "columns"), 1), ==, "Touchpoint");
  rows = json_object_get_array_member (root, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 0), 2), ==, "Slow; \"very\"\nslow");
  g_assert_cmpstr (json_array_get_string_element (json_array_get_array_element (rows, 1), 2), ==, "");
  result_clear (&result);

  run_cli (&result, "data", "preview", "--json", "--limit", "1", "--delimiter", ";", "--header-rows", "2", path, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"rows\":[[\"1\","));
  g_assert_null (strstr (result.out, "Delivery"));
  result_clear (&result);

  run_cli (&result, "data", "preview", path, "--delimiter", "x", NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  run_cli (&result, "data", "frobnicate", path, NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  remove_tmp_dir (dir);
}

static void
test_data_import (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *data = g_build_filename (dir, "survey.csv", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.csv", NULL);
  g_autofree char *after = NULL;
  Result result = { 0 };

  g_assert_true (g_file_set_contents (data,
                                      "Touchpoint,Stage,NPS\n"
                                      "Checkout,Purchase,9\n"
                                      "checkout ,Purchase,6\n"
                                      "Chatbot,Support,2\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "Touchpoint\n\"never closed\n", -1, NULL));

  run_cli (&result, "new", doc, "--template", "blank", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, "data", "import", doc, data, "--key", "Touchpoint", "--stage-column", "Stage",
           "--create-cards", "--name", "survey", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Imported 3 rows"));
  g_assert_nonnull (strstr (result.out, "Created 2 cards and 2 stages"));
  result_clear (&result);

  run_cli (&result, "info", "--json", doc, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "\"name\":\"survey\""));
  g_assert_nonnull (strstr (result.out, "\"rows\":3"));
  g_assert_nonnull (strstr (result.out, "\"columns\":[\"Touchpoint\",\"Stage\",\"NPS\"]"));
  g_assert_nonnull (strstr (result.out, "\"title\":\"Checkout\""));
  result_clear (&result);

  /* A second import binds to the cards the first created. */
  run_cli (&result, "data", "import", doc, data, "--key", "Touchpoint", "--name", "again", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "2 of 2 key values match cards (3 rows)"));
  result_clear (&result);

  /* Failures name the file and leave the document as it was. */
  run_cli (&result, "info", "--json", doc, NULL);
  after = g_steal_pointer (&result.out);
  result_clear (&result);

  run_cli (&result, "data", "import", doc, broken, "--key", "Touchpoint", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, broken));
  g_assert_nonnull (strstr (result.err, "line 2: a quoted field is never closed"));
  assert_one_line (result.err);
  result_clear (&result);

  run_cli (&result, "data", "import", doc, data, "--key", "Missing", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "no column named “Missing”"));
  result_clear (&result);

  run_cli (&result, "info", "--json", doc, NULL);
  g_assert_cmpstr (result.out, ==, after);
  result_clear (&result);

  run_cli (&result, "data", "import", doc, data, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--key is required"));
  result_clear (&result);

  remove_tmp_dir (dir);
}

static char *
info_json (const char *doc)
{
  Result result = { 0 };
  char *out;

  run_cli (&result, "info", "--json", doc, NULL);
  g_assert_cmpint (result.status, ==, 0);
  out = g_steal_pointer (&result.out);
  result_clear (&result);
  return out;
}

static JsonObject *
card_metric (JsonParser *parser,
             const char *json,
             const char *card_title,
             const char *metric)
{
  JsonArray *cards;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  cards = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "maps"), 0), "cards");
  for (guint i = 0; i < json_array_get_length (cards); i++)
    {
      JsonObject *card = json_array_get_object_element (cards, i);
      JsonArray *metrics = json_object_get_array_member (card, "metrics");

      if (!g_str_equal (json_object_get_string_member (card, "title"), card_title))
        continue;
      for (guint m = 0; m < json_array_get_length (metrics); m++)
        if (g_str_equal (json_object_get_string_member (json_array_get_object_element (metrics, m), "metric"), metric))
          return json_array_get_object_element (metrics, m);
    }

  return NULL;
}

/* A survey export with a one-cell title row over its table: the cells past
 * the title are columns “Column 2”… in the preview (its JSON's columns first,
 * long or short), the import and the metrics, which reach them by name. */
static void
test_data_title_row (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *data = g_build_filename (dir, "survey.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("Customer survey exported 2026-11-30\n");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *metric;
  JsonArray *columns;
  Result result = { 0 };

  /* Long enough that the preview streams (more than its 64 KiB buffer). */
  for (guint i = 0; i < 6000; i++)
    g_string_append_printf (csv, "R%u,%s,2026-11-%02u,%u\n", i, i % 2 ? "Checkout" : "Chatbot", 1 + i % 28, i % 11);
  g_string_append (csv, "R6000,Checkout,2026-11-30,10,late cell\n");
  g_assert_true (g_file_set_contents (data, csv->str, csv->len, NULL));

  for (guint limit = 0; limit <= 1; limit++)
    {
      run_cli (&result, "data", "preview", "--json", "--limit", limit ? "3" : "0", data, NULL);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_true (g_str_has_prefix (result.out, "{\"columns\":["));
      json_parser_load_from_data (parser, result.out, -1, &error);
      g_assert_no_error (error);
      columns = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "columns");
      g_assert_cmpuint (json_array_get_length (columns), ==, limit ? 4 : 5);
      g_assert_cmpstr (json_array_get_string_element (columns, 0), ==, "Customer survey exported 2026-11-30");
      g_assert_cmpstr (json_array_get_string_element (columns, 3), ==, "Column 4");
      g_assert_nonnull (strstr (result.err, "line 2: 3 cells past the columns before, now columns “Column 2” to “Column 4”"));
      result_clear (&result);
    }

  run_cli (&result, "new", doc, "--template", "blank", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, "data", "import", doc, data, "--key", "Column 2", "--create-cards", "--name", "survey", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "Imported 6001 rows"));
  result_clear (&result);
  run_cli (&result, "metric", "add", doc, "--dataset", "survey", "--name", "NPS", "--kind", "nps", "--column", "Column 4", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  {
    g_autofree char *json = info_json (doc);

    g_assert_nonnull (strstr (json, "\"columns\":[\"Customer survey exported 2026-11-30\",\"Column 2\",\"Column 3\","
                                    "\"Column 4\",\"Column 5\"]"));
    /* Checkout: i odd, scores i % 11, and the last row's 10. */
    metric = card_metric (parser, json, "Checkout", "NPS");
    g_assert_nonnull (metric);
    {
      guint promoters = 1, detractors = 0, n = 1;

      for (guint i = 1; i < 6000; i += 2)
        {
          promoters += i % 11 >= 9;
          detractors += i % 11 <= 6;
          n++;
        }
      g_assert_cmpint (json_object_get_int_member (metric, "n"), ==, n);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (metric, "value"),
                                      100.0 * ((double) promoters - detractors) / n, 0.05);
    }
  }

  /* Refreshing from the file reads the same columns: nothing stale. */
  run_cli (&result, "metric", "refresh", doc, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_null (strstr (result.out, "changed"));
  g_assert_null (strstr (result.err, "no column"));
  result_clear (&result);

  /* A column no row reaches is still no column. */
  run_cli (&result, "data", "import", doc, data, "--key", "Column 9", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "no column named “Column 9”"));
  result_clear (&result);

  remove_tmp_dir (dir);
}

/* A survey export in KOI8-R, read without being told and recorded so, and
 * one too short to tell Czech from Western: refused with both readings,
 * read when told. */
static void
test_data_encodings (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *russian = g_build_filename (dir, "опрос.csv", NULL);
  g_autofree char *czech = g_build_filename (dir, "czech.csv", NULL);
  g_autoptr(GString) utf8 = g_string_new ("Точка,Этап,NPS\n");
  g_autofree char *bytes = NULL;
  gsize length = 0;
  Result result = { 0 };

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (utf8, "%s,%s,%u\n", i % 2 ? "Касса" : "Доставка", i % 2 ? "Покупка" : "После покупки", i % 11);
  bytes = g_convert (utf8->str, utf8->len, "KOI8-R", "UTF-8", NULL, &length, NULL);
  g_assert_true (g_file_set_contents (russian, bytes, length, NULL));
  g_clear_pointer (&bytes, g_free);
  bytes = g_convert ("name,n\nDvořák,1\n", -1, "WINDOWS-1250", "UTF-8", NULL, &length, NULL);
  g_assert_true (g_file_set_contents (czech, bytes, length, NULL));

  run_cli (&result, "data", "preview", "--json", russian, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "{\"columns\":[\"Точка\",\"Этап\",\"NPS\"]"));
  g_assert_nonnull (strstr (result.out, "[\"Касса\",\"Покупка\",\"1\"]"));
  result_clear (&result);

  run_cli (&result, "data", "preview", russian, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.err, "KOI8-R"));
  result_clear (&result);

  run_cli (&result, "new", doc, "--template", "blank", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, "data", "import", doc, russian, "--key", "Точка", "--stage-column", "Этап", "--create-cards",
           "--name", "опрос", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, "metric", "add", doc, "--dataset", "опрос", "--name", "NPS", "--kind", "nps", "--column", "NPS", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  run_cli (&result, "metric", "refresh", doc, NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);
  {
    g_autofree char *json = info_json (doc);

    g_assert_nonnull (strstr (json, "\"title\":\"Касса\""));
    g_assert_nonnull (strstr (json, "\"title\":\"После покупки\""));
  }

  /* Too little to tell: exit 1, one line naming the file and both readings. */
  run_cli (&result, "data", "preview", czech, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, czech));
  g_assert_nonnull (strstr (result.err, "cannot tell its encoding"));
  g_assert_nonnull (strstr (result.err, "WINDOWS-1250 reads “Dvořák,1”"));
  g_assert_nonnull (strstr (result.err, "say which with --encoding"));
  g_assert_nonnull (strstr (result.err, "WINDOWS-1252"));
  assert_one_line (result.err);
  result_clear (&result);

  run_cli (&result, "data", "preview", "--json", "--encoding", "WINDOWS-1250", czech, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "[\"Dvořák\",\"1\"]"));
  result_clear (&result);

  run_cli (&result, "data", "preview", "--encoding", "NOT-AN-ENCODING", czech, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "NOT-AN-ENCODING"));
  result_clear (&result);

  remove_tmp_dir (dir);
}

static const char metric_survey[] =
  "Touchpoint,Stage,Date,NPS,Channel,Comment\n"
  "Checkout,Purchase,2026-01-05,10,web,fast\n"
  "Checkout,Purchase,2026-01-20,9,app,ok\n"
  "checkout,Purchase,2026-02-03,3,web,slow\n"
  "Chatbot,Support,2026-02-04,n/a,web,meh\n"
  "Chatbot,Support,2026-03-05,7,app,fine\n";

/* Runs a failing command: exit @status, one line on stderr naming @file
 * and saying @reason, nothing on stdout, and the document as it was. */
static void
assert_refused (const char *doc,
                int         status,
                const char *file,
                const char *reason,
                ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *before = info_json (doc);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("WAYMARK_CLI"));
  va_start (args, reason);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  if (WEXITSTATUS (wait_status) != status || strstr (err, reason) == NULL)
    g_error ("exit %d, expected %d; stderr: %s", WEXITSTATUS (wait_status), status, err);
  g_assert_cmpstr (out, ==, "");
  if (status == 1)
    {
      g_autofree char *prefix = g_strdup_printf ("waymark-cli: %s: ", file);

      assert_one_line (err);
      g_assert_true (g_str_has_prefix (err, prefix));
    }

  after = info_json (doc);
  g_assert_cmpstr (after, ==, before);
}

static void
test_metric_add (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *data = g_build_filename (dir, "survey.csv", NULL);
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *nps, *metric;
  JsonArray *periods;
  Result result = { 0 };

  g_assert_true (g_file_set_contents (data, metric_survey, -1, NULL));
  run_cli (&result, "new", doc, "--template", "blank", NULL);
  result_clear (&result);
  run_cli (&result, "data", "import", doc, data, "--key", "Touchpoint", "--stage-column", "Stage",
           "--create-cards", "--name", "survey", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, "metric", "add", doc, "--dataset", "survey", "--name", "NPS", "--kind", "nps",
           "--column", "NPS", "--period", "month", "--target", "30", NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "NPS over all rows: 25 (n = 4)"));
  g_assert_nonnull (strstr (result.out, "Computed for 2 cards and 2 stages; 4 values have n below 30 (low confidence)"));
  result_clear (&result);

  /* info --json: the contract's members on cards and stages, then ours. */
  json = info_json (doc);
  nps = card_metric (parser, json, "Checkout", "NPS");
  g_assert_nonnull (nps);
  g_assert_cmpstr (json_object_get_string_member (nps, "kind"), ==, "nps");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (nps, "value"), 100.0 * (2 - 1) / 3, 1e-9);
  g_assert_cmpint (json_object_get_int_member (nps, "n"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (nps, "excluded"), ==, 0);
  g_assert_true (json_object_get_boolean_member (nps, "low_confidence"));
  g_assert_cmpfloat (json_object_get_double_member (nps, "moe"), >, 0);
  periods = json_object_get_array_member (nps, "periods");
  g_assert_cmpuint (json_array_get_length (periods), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (periods, 0), "period"), ==, "2026-01");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (periods, 0), "value"), ==, 100.0);
  nps = card_metric (parser, json, "Chatbot", "NPS");
  g_assert_cmpint (json_object_get_int_member (nps, "n"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (nps, "excluded"), ==, 1);
  g_assert_nonnull (strstr (json, "\"stages\":[{\"id\":101,\"title\":\"Before\",\"metrics\":[]}"));
  g_assert_nonnull (strstr (json, "\"title\":\"Purchase\",\"metrics\":[{\"metric\":\"NPS\",\"kind\":\"nps\",\"value\":33.33"));

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  metric = json_array_get_object_element (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "metrics"), 0);
  g_assert_cmpstr (json_object_get_string_member (metric, "name"), ==, "NPS");
  g_assert_cmpstr (json_object_get_string_member (metric, "kind"), ==, "nps");
  g_assert_cmpstr (json_object_get_string_member (metric, "column"), ==, "NPS");
  g_assert_cmpstr (json_object_get_string_member (metric, "status"), ==, "");
  g_assert_cmpint (json_object_get_int_member (metric, "n"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (metric, "definition"), "date_column"), ==, "Date");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (metric, "definition"), "target"), ==, 30);

  /* A filtered one. */
  run_cli (&result, "metric", "add", doc, "--dataset", "survey", "--name", "NPS web", "--kind", "nps",
           "--column", "NPS", "--filter", "Channel=web", NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "NPS web over all rows: 0 (n = 2)"));
  result_clear (&result);

  /* Usage: exit 2, and the options. */
  assert_refused (doc, 2, NULL, "--dataset is required", "metric", "add", doc, "--name", "X", "--kind", "nps", "--column", "NPS", NULL);
  assert_refused (doc, 2, NULL, "--kind is required", "metric", "add", doc, "--dataset", "survey", "--name", "X", "--column", "NPS", NULL);
  assert_refused (doc, 2, NULL, "--column is required", "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", NULL);
  assert_refused (doc, 2, NULL, "--kind must be one of count|sum|mean|median|min|max|rate|nps|csat|ces",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "promoters", "--column", "NPS", NULL);
  assert_refused (doc, 2, NULL, "--period must be week, month or quarter, not “year”",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS", "--period", "year", NULL);
  assert_refused (doc, 2, NULL, "--filter must be COLUMN=VALUE, not “web”",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS", "--filter", "web", NULL);
  assert_refused (doc, 2, NULL, "--target must be a number, not “high”",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS", "--target", "high", NULL);
  assert_refused (doc, 2, NULL, "--condition only applies with --kind rate",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS", "--condition", ">=9", NULL);
  assert_refused (doc, 2, NULL, "missing DOC.waymark", "metric", "add", NULL);
  assert_refused (doc, 2, NULL, "unknown command “remove”", "metric", "remove", doc, NULL);

  /* Bad input: exit 1, one line naming the document or the data file. */
  assert_refused (doc, 1, doc, "no dataset named “surve” (datasets: survey)",
                  "metric", "add", doc, "--dataset", "surve", "--name", "X", "--kind", "nps", "--column", "NPS", NULL);
  assert_refused (doc, 1, doc, "already has a metric named “NPS”",
                  "metric", "add", doc, "--dataset", "survey", "--name", "NPS", "--kind", "nps", "--column", "NPS", NULL);
  assert_refused (doc, 1, data, "no column named “Score” (columns: Touchpoint, Stage, Date, NPS, Channel, Comment)",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "Score", NULL);
  assert_refused (doc, 1, data, "column “Comment” holds text, not the numbers a nps metric needs",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "Comment", NULL);
  assert_refused (doc, 1, data, "no row matches the filters (Channel = fax)",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS",
                  "--filter", "Channel=fax", NULL);

  /* A data file changed since the import. */
  g_assert_true (g_file_set_contents (data, "Touchpoint,NPS\nCheckout,10\n", -1, NULL));
  assert_refused (doc, 1, data, "changed since it was imported",
                  "metric", "add", doc, "--dataset", "survey", "--name", "X", "--kind", "nps", "--column", "NPS", NULL);

  remove_tmp_dir (dir);
}

static void
test_metric_refresh (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *doc = g_build_filename (dir, "map.waymark", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.waymark", NULL);
  g_autofree char *data = g_build_filename (dir, "survey.csv", NULL);
  g_autofree char *json = NULL;
  g_autofree char *changed = g_strconcat (metric_survey, "Checkout,Purchase,2026-03-01,10,web,great\n", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *nps;
  Result result = { 0 };

  g_assert_true (g_file_set_contents (data, metric_survey, -1, NULL));
  run_cli (&result, "new", empty, "--template", "blank", NULL);
  result_clear (&result);
  run_cli (&result, "new", doc, "--template", "blank", NULL);
  result_clear (&result);
  run_cli (&result, "data", "import", doc, data, "--key", "Touchpoint", "--stage-column", "Stage",
           "--create-cards", "--name", "survey", NULL);
  result_clear (&result);
  run_cli (&result, "metric", "add", doc, "--dataset", "survey", "--name", "NPS", "--kind", "nps", "--column", "NPS", NULL);
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_cli (&result, "metric", "refresh", empty, NULL);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "No metrics to refresh\n");
  result_clear (&result);

  run_cli (&result, "metric", "refresh", doc, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "Recomputed 1 metric\n");
  result_clear (&result);

  /* A changed source is reported, and recomputed. */
  g_assert_true (g_file_set_contents (data, changed, -1, NULL));
  run_cli (&result, "metric", "refresh", doc, NULL);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, data));
  g_assert_nonnull (strstr (result.out, ": changed since it was imported; its metrics were recomputed\n"));
  result_clear (&result);
  json = info_json (doc);
  nps = card_metric (parser, json, "Checkout", "NPS");
  g_assert_cmpint (json_object_get_int_member (nps, "n"), ==, 4);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (nps, "value"), 50.0, 1e-9);
  g_clear_pointer (&json, g_free);

  /* A missing one: exit 1, one line, the last values kept and marked stale. */
  g_unlink (data);
  run_cli (&result, "metric", "refresh", doc, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  assert_one_line (result.err);
  g_assert_true (g_str_has_prefix (result.err, "waymark-cli: "));
  g_assert_nonnull (strstr (result.err, data));
  g_assert_nonnull (strstr (result.err, "No such file or directory; the last values are kept and marked stale"));
  result_clear (&result);
  json = info_json (doc);
  nps = card_metric (parser, json, "Checkout", "NPS");
  g_assert_cmpint (json_object_get_int_member (nps, "n"), ==, 4);
  g_assert_nonnull (strstr (json, "\"status\":\"cannot read"));
  run_cli (&result, "info", doc, NULL);
  g_assert_nonnull (strstr (result.out, "Metrics: 1\n  NPS: nps of NPS (stale: cannot read"));
  result_clear (&result);

  /* Usage. */
  run_cli (&result, "metric", "refresh", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "missing DOC.waymark"));
  result_clear (&result);
  run_cli (&result, "metric", NULL);
  g_assert_cmpint (result.status, ==, 2);
  result_clear (&result);

  remove_tmp_dir (dir);
}

/* A PNG's signature and its IHDR's width and height. */
static void
read_png_size (const char *path,
               guint32    *width,
               guint32    *height)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guint8 *data = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (length, >, 24);
  g_assert_cmpmem (data, sizeof signature, signature, sizeof signature);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  *width = GUINT32_FROM_BE (*(guint32 *) (data + 16));
  *height = GUINT32_FROM_BE (*(guint32 *) (data + 20));
}

/* Only the expected files in @dir: no temporary file left behind. */
static void
assert_dir_holds (const char         *dir,
                  const char * const *names)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)))
    if (!g_strv_contains (names, name))
      g_error ("%s: unexpected file %s", dir, name);
}

static void
test_thumbnail (void)
{
  const char *sample = g_getenv ("WAYMARK_SAMPLE");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *png = g_build_filename (dir, "thumbnail.png", NULL);
  const char *names[] = { "thumbnail.png", NULL };
  const int sizes[] = { 0, 128, 512, 16 };
  Result result = { 0 };

  g_assert_nonnull (sample);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *size_text = g_strdup_printf ("%d", sizes[i]);
      int size = sizes[i] ? sizes[i] : 256;
      guint32 width = 0, height = 0;

      /* As the .thumbnailer file runs it: waymark-cli thumbnail %i %o --size %s */
      if (sizes[i] == 0)
        run_cli (&result, "thumbnail", sample, png, NULL);
      else
        run_cli (&result, "thumbnail", sample, png, "--size", size_text, NULL);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.out, ==, "");
      result_clear (&result);

      /* Its longer side is the size asked for; a map about as tall as
       * wide keeps its shape. */
      read_png_size (png, &width, &height);
      g_assert_cmpuint (MAX (width, height), ==, size);
      g_assert_cmpuint (MIN (width, height), >=, size / 2);
      assert_dir_holds (dir, names);
    }

  remove_tmp_dir (dir);
}

static void
test_thumbnail_errors (void)
{
  const char *sample = g_getenv ("WAYMARK_SAMPLE");
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *damaged = g_build_filename (dir, "damaged.waymark", NULL);
  g_autofree char *png = g_build_filename (dir, "thumbnail.png", NULL);
  g_autofree char *unwritable = g_build_filename (dir, "missing", "thumbnail.png", NULL);
  g_autofree char *contents = NULL;
  const char *names[] = { "damaged.waymark", NULL };
  gsize length = 0;
  Result result = { 0 };

  /* The sample cut short after its header: SQLite's magic and our id, then nothing. */
  g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096);
  g_assert_true (g_file_set_contents (damaged, contents, 4096 + 100, NULL));

  run_cli (&result, "thumbnail", damaged, png, "--size", "128", NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.err, "waymark-cli: "));
  g_assert_nonnull (strstr (result.err, damaged));
  assert_one_line (result.err);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  assert_dir_holds (dir, names);
  result_clear (&result);

  run_cli (&result, "thumbnail", sample, unwritable, NULL);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, unwritable));
  assert_one_line (result.err);
  result_clear (&result);

  run_cli (&result, "thumbnail", sample, png, "--size", "0", NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--size"));
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  result_clear (&result);

  run_cli (&result, "thumbnail", sample, NULL);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "missing"));
  result_clear (&result);

  assert_dir_holds (dir, names);
  remove_tmp_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/cli/usage", test_usage);
  g_test_add_func ("/waymark/cli/new", test_new);
  g_test_add_func ("/waymark/cli/new-errors", test_new_errors);
  g_test_add_func ("/waymark/cli/info-json", test_info_json);
  g_test_add_func ("/waymark/cli/info-json-connectors", test_info_json_connectors);
  g_test_add_func ("/waymark/cli/info-errors", test_info_errors);
  g_test_add_func ("/waymark/cli/generate", test_generate);
  g_test_add_func ("/waymark/cli/data-preview", test_data_preview);
  g_test_add_func ("/waymark/cli/data-preview-all-rows", test_data_preview_all_rows);
  g_test_add_func ("/waymark/cli/data-import", test_data_import);
  g_test_add_func ("/waymark/cli/data-title-row", test_data_title_row);
  g_test_add_func ("/waymark/cli/data-encodings", test_data_encodings);
  g_test_add_func ("/waymark/cli/metric-add", test_metric_add);
  g_test_add_func ("/waymark/cli/metric-refresh", test_metric_refresh);
  g_test_add_func ("/waymark/cli/thumbnail", test_thumbnail);
  g_test_add_func ("/waymark/cli/thumbnail-errors", test_thumbnail_errors);

  return g_test_run ();
}
