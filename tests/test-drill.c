/* test-drill.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash-safety drills with real processes: `waymark-cli data import`
 * killed at random moments, also while it upgrades a version-1 document
 * to the current format, and an editor autosaving version after
 * version, killed at random moments. The document must always open as
 * the old or the new state, and recovery must offer the latest autosave.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

static char *tmp_dir;

/* The document's dump without its datasets, which carry an import time. */
static char *
dump_without_datasets (WaymarkDocument *document)
{
  g_autofree char *dump = waymark_test_dump_document (document);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (!g_str_has_prefix (lines[i], "WaymarkDataset "))
      g_string_append_printf (out, "%s\n", lines[i]);

  return g_string_free (out, FALSE);
}

static double
run_import_once (const char * const *argv)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s", err);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
test_import_random_kills (void)
{
  const char *cli = g_getenv ("WAYMARK_CLI");
  g_autofree char *doc_path = g_build_filename (tmp_dir, "import.waymark", NULL);
  g_autofree char *csv_path = g_build_filename (tmp_dir, "survey.csv", NULL);
  g_autofree char *old_path = g_build_filename (tmp_dir, "old.waymark", NULL);
  g_autoptr(GFile) doc_file = g_file_new_for_path (doc_path);
  g_autoptr(GFile) old_file = g_file_new_for_path (old_path);
  g_autoptr(WaymarkDocument) old = waymark_store_new_document ("ecommerce", "Drill", NULL);
  g_autoptr(GString) csv = g_string_new ("Touchpoint,NPS,Comment\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autofree char *old_dump = NULL;
  const char *argv[] = { cli, "data", "import", doc_path, csv_path, "--key", "Touchpoint", NULL };
  guint n_old = 0, n_new = 0;
  double duration;

  g_assert_nonnull (cli);
  for (guint i = 0; i < 60000; i++)
    g_string_append_printf (csv, "%s,%u,\"comment %u, with a comma\"\n",
                            i % 2 ? "Checkout" : "Search results page", i % 11, i);
  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));
  /* The old state, to put back whenever an import got through. */
  g_assert_true (waymark_store_save (old, old_file, NULL));
  g_assert_true (g_file_copy (old_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
  old_dump = dump_without_datasets (old);

  /* How long one import takes here (the slowest of three), to spread the
   * kills over all of it and a little past its end. */
  duration = 0;
  for (guint i = 0; i < 3; i++)
    {
      double once;

      g_assert_true (g_file_copy (old_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      once = run_import_once (argv);
      duration = MAX (duration, once);
    }
  g_assert_true (g_file_copy (old_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));

  for (guint round = 0; round < 100; round++)
    {
      g_autoptr(WaymarkDocument) loaded = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *dump = NULL;
      GPtrArray *datasets;
      GPid pid;
      int status;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_usleep ((gulong) (g_rand_double (rand) * duration * 1.5 * 1000.0));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      loaded = waymark_store_open (doc_file, &error);
      g_assert_no_error (error);
      dump = dump_without_datasets (loaded);
      g_assert_cmpstr (dump, ==, old_dump);

      datasets = waymark_document_get_items (loaded, WAYMARK_TYPE_DATASET);
      g_assert_cmpuint (datasets->len, <=, 1);
      if (datasets->len == 1)
        {
          gint64 rows = 0;

          g_object_get (g_ptr_array_index (datasets, 0), "row-count", &rows, NULL);
          g_assert_cmpint (rows, ==, 60000);
          n_new++;
          g_assert_true (g_file_copy (old_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
        }
      else
        n_old++;
    }

  /* The kills must have landed both before and after the save. */
  g_test_message ("import kills: %u left the old document, %u the new one", n_old, n_new);
  g_assert_cmpuint (n_old, >, 0);
  g_assert_cmpuint (n_new, >, 0);
}

/* The format version in a file's header (user_version, big-endian at 60). */
static guint
file_version (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 64);
  return (guint) ((guchar) contents[60] << 24 | (guchar) contents[61] << 16 |
                  (guchar) contents[62] << 8 | (guchar) contents[63]);
}

/* A version-1 document upgraded by the save of an import, killed at
 * random moments: the file is always the old version-1 document or the
 * upgraded one with the import, and always opens. */
static void
test_migrate_random_kills (void)
{
  const char *cli = g_getenv ("WAYMARK_CLI");
  g_autofree char *v1_path = g_test_build_filename (G_TEST_DIST, "files", "format-1.waymark", NULL);
  g_autofree char *doc_path = g_build_filename (tmp_dir, "migrate.waymark", NULL);
  g_autofree char *csv_path = g_build_filename (tmp_dir, "migrate.csv", NULL);
  g_autoptr(GFile) v1_file = g_file_new_for_path (v1_path);
  g_autoptr(GFile) doc_file = g_file_new_for_path (doc_path);
  g_autoptr(WaymarkDocument) old = NULL;
  g_autoptr(GString) csv = g_string_new ("Touchpoint,NPS\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_dump = NULL;
  const char *argv[] = { cli, "data", "import", doc_path, csv_path, "--key", "Touchpoint", NULL };
  guint n_old = 0, n_new = 0;
  double duration = 0;

  g_assert_nonnull (cli);
  g_assert_cmpuint (file_version (v1_path), ==, 1);
  old = waymark_store_open (v1_file, &error);
  g_assert_no_error (error);
  old_dump = dump_without_datasets (old);
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (csv, "Instagram gift guide ad,%u\n", i % 11);
  g_assert_true (g_file_set_contents (csv_path, csv->str, csv->len, NULL));

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (g_file_copy (v1_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      double once = run_import_once (argv);

      duration = MAX (duration, once);
    }
  g_assert_cmpuint (file_version (doc_path), ==, WAYMARK_STORE_FORMAT_VERSION);

  for (guint round = 0; round < 100; round++)
    {
      g_autoptr(WaymarkDocument) loaded = NULL;
      g_autofree char *dump = NULL;
      GPtrArray *datasets;
      guint version;
      GPid pid;
      int status;

      g_assert_true (g_file_copy (v1_file, doc_file, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL));
      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_usleep ((gulong) (g_rand_double (rand) * duration * 1.5 * 1000.0));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);

      version = file_version (doc_path);
      loaded = waymark_store_open (doc_file, &error);
      g_assert_no_error (error);
      dump = dump_without_datasets (loaded);
      g_assert_cmpstr (dump, ==, old_dump);
      datasets = waymark_document_get_items (loaded, WAYMARK_TYPE_DATASET);

      if (version == 1)
        {
          g_assert_cmpuint (datasets->len, ==, 0);
          n_old++;
        }
      else
        {
          g_assert_cmpuint (version, ==, WAYMARK_STORE_FORMAT_VERSION);
          g_assert_cmpuint (datasets->len, ==, 1);
          n_new++;
        }
    }

  g_test_message ("migration kills: %u left version 1, %u the upgraded document", n_old, n_new);
  g_assert_cmpuint (n_old, >, 0);
  g_assert_cmpuint (n_new, >, 0);
}

/* The child: version after version, each autosaved, each reported. */
static G_GNUC_NORETURN void
autosave_versions (int out_fd)
{
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("support-call", "v0", NULL);

  for (guint version = 1;; version++)
    {
      g_autofree char *title = g_strdup_printf ("v%u", version);
      g_autoptr(GError) error = NULL;

      waymark_document_set (document, document, "title", title, NULL);
      if (!waymark_store_autosave (document, &error))
        _exit (3);
      if (write (out_fd, &version, sizeof version) != sizeof version)
        _exit (4);
    }
}

static void
clear_recovery (void)
{
  g_autofree char *dir = waymark_recovery_get_dir ();

  waymark_test_remove_dir (dir);
}

static void
test_latest_autosave (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  guint n_rounds = 60;

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      guint last_reported = 0, version;
      int fds[2];
      pid_t pid;
      int status;

      clear_recovery ();
      g_assert_cmpint (pipe (fds), ==, 0);

      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          autosave_versions (fds[1]);
        }
      close (fds[1]);

      /* Let it write a few versions, then kill it somewhere in the next. */
      while (last_reported < 3 && read (fds[0], &version, sizeof version) == sizeof version)
        last_reported = version;
      g_usleep (g_rand_int_range (rand, 0, 4000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      while (read (fds[0], &version, sizeof version) == sizeof version)
        last_reported = version;
      close (fds[0]);

      /* One copy, holding the last version reported or the one after it,
       * if the kill came between its rename and its report. */
      entries = waymark_recovery_list ();
      g_assert_cmpuint (entries->len, ==, 1);
      {
        WaymarkRecoveryEntry *entry = g_ptr_array_index (entries, 0);
        g_autoptr(WaymarkDocument) restored = NULL;
        g_autoptr(GError) error = NULL;
        guint64 restored_version;

        g_assert_null (entry->problem);
        restored = waymark_recovery_restore (entry, &error);
        g_assert_no_error (error);
        g_assert_true (g_ascii_string_to_unsigned (waymark_document_get_title (restored) + 1, 10, 1,
                                                   G_MAXUINT, &restored_version, NULL));
        if (restored_version != last_reported && restored_version != last_reported + 1)
          g_error ("recovery offers v%" G_GUINT64_FORMAT ", the last autosave reported was v%u",
                   restored_version, last_reported);
      }
    }

  clear_recovery ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  tmp_dir = waymark_test_make_dir ("drill");
  /* Before anything asks GLib for it: the recovery copies go here. */
  data_home = g_build_filename (tmp_dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/drill/import-random-kills", test_import_random_kills);
  g_test_add_func ("/waymark/drill/migrate-random-kills", test_migrate_random_kills);
  g_test_add_func ("/waymark/drill/latest-autosave", test_latest_autosave);

  ret = g_test_run ();
  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
