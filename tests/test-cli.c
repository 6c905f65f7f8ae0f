/* test-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "waymark-core.h"

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

      document = waymark_document_load (file, &error);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/cli/usage", test_usage);
  g_test_add_func ("/waymark/cli/new", test_new);
  g_test_add_func ("/waymark/cli/new-errors", test_new_errors);

  return g_test_run ();
}
