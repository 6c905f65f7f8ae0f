/* fuzz-replay.c — runs a fuzz target on every file of its corpus.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without libFuzzer (gcc, any normal build) each target is linked with this
 * main() instead, and the test suite replays the seeds and the regression
 * inputs of tests/fuzz/corpus/TARGET/ with the sanitizers of the build:
 *
 *   fuzz-csv-replay [--tap] CORPUS-FOLDER
 */

#include "config.h"

#include <string.h>

#include "fuzz-common.h"

static void
replay_file (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, length), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
test_corpus_not_empty (gconstpointer data)
{
  guint n_files = GPOINTER_TO_UINT (data);

  g_assert_cmpuint (n_files, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *corpus;
  const char *name;

  g_test_init (&argc, &argv, NULL);
  fuzz_init ();

  if (argc != 2)
    {
      g_printerr ("Usage: %s [--tap] CORPUS-FOLDER\n", argv[0]);
      return 2;
    }
  corpus = argv[1];
  target = g_path_get_basename (corpus);

  if (!(dir = g_dir_open (corpus, 0, &error)))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return 2;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *test_path = NULL;
      g_autofree char *safe = g_strdup (file);

      /* A test path is '/'-separated words; file names keep their letters. */
      g_strcanon (safe, G_CSET_a_2_z G_CSET_A_2_Z G_CSET_DIGITS "-_.", '_');
      test_path = g_strdup_printf ("/waymark/fuzz/%s/%s", target, safe);
      g_test_add_data_func_full (test_path, g_build_filename (corpus, file, NULL), replay_file, g_free);
    }

  g_test_add_data_func ("/waymark/fuzz/corpus-not-empty", GUINT_TO_POINTER (names->len),
                        test_corpus_not_empty);

  return g_test_run ();
}
