/* test-real-files.c — files other tools wrote, read as their makers' tests say.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * tests/files/real/spreadsheets holds workbooks written by Excel (Windows
 * and Mac, the 1904 date system among them), LibreOffice, Google Sheets,
 * Numbers, openpyxl and Gnumeric, and Qualtrics exports, taken from the
 * test suites of other readers (calamine, readxl, SheetJS, frictionless,
 * readODS, qualtRics; MANIFEST.tsv says which, under which licence). Each
 * FILE has FILE.expected.csv: its first sheet as those projects' tests read
 * it (README.md has the conventions). Both go through the table reader —
 * the expected table as UTF-8 CSV — so the header row, blank rows and
 * columns without a name are found the same way; rows are compared cell by
 * cell, trailing empty cells aside.
 */

#include "config.h"

#include <string.h>

#include "waymark-core.h"

typedef struct
{
  GStrv      columns;
  GPtrArray *rows;   /* GStrv, trailing empty cells dropped */
} Table;

static void
table_free (Table *table)
{
  g_strfreev (table->columns);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static Table *
read_table (const char  *path,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Table) table = g_new0 (Table, 1);

  if (!(reader = waymark_table_reader_open (file, NULL, NULL, error)))
    return NULL;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (waymark_table_reader_next (reader, cells, NULL, error))
    {
      guint n = cells->len;
      GStrv row;

      while (n > 0 && *(const char *) g_ptr_array_index (cells, n - 1) == '\0')
        n--;
      row = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
        row[i] = g_strdup (g_ptr_array_index (cells, i));
      g_ptr_array_add (table->rows, row);
    }
  if (*error != NULL)
    return NULL;
  table->columns = g_strdupv ((GStrv) waymark_table_reader_get_columns (reader));
  return g_steal_pointer (&table);
}

/* @columns without the generated names of trailing columns no header names. */
static guint
named_columns (GStrv columns)
{
  guint n = g_strv_length (columns);

  while (n > 0 && waymark_table_column_position (columns[n - 1]) == (int) n - 1)
    n--;
  return n;
}

static void
test_real_files (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "files", "real", "spreadsheets", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GString) report = g_string_new (NULL);
  const char *name;
  guint n_files = 0, n_failed = 0;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *expected_path = NULL;
      g_autoptr(Table) table = NULL;
      g_autoptr(Table) expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) differences = g_string_new (NULL);
      guint shown = 0;

      if (g_str_has_suffix (name, ".expected.csv") || g_str_has_suffix (name, ".tsv") ||
          g_str_has_suffix (name, ".md"))
        continue;
      n_files++;
      path = g_build_filename (dir, name, NULL);
      expected_path = g_strdup_printf ("%s.expected.csv", path);
      expected = read_table (expected_path, &error);
      g_assert_no_error (error);
      table = read_table (path, &error);
      if (table == NULL)
        {
          g_string_append_printf (report, "%s: cannot be read: %s\n", name, error->message);
          n_failed++;
          continue;
        }

      if (named_columns (table->columns) != named_columns (expected->columns))
        g_string_append_printf (differences, "  %u named columns, expected %u\n",
                                named_columns (table->columns), named_columns (expected->columns));
      for (guint c = 0; c < MIN (named_columns (table->columns), named_columns (expected->columns)); c++)
        if (g_strcmp0 (table->columns[c], expected->columns[c]) != 0 && shown++ < 5)
          g_string_append_printf (differences, "  column %u: “%s”, expected “%s”\n", c + 1,
                                  table->columns[c], expected->columns[c]);
      if (table->rows->len != expected->rows->len)
        g_string_append_printf (differences, "  %u rows, expected %u\n", table->rows->len, expected->rows->len);
      for (guint r = 0; r < MIN (table->rows->len, expected->rows->len); r++)
        {
          GStrv got = g_ptr_array_index (table->rows, r);
          GStrv want = g_ptr_array_index (expected->rows, r);
          guint n = MAX (g_strv_length (got), g_strv_length (want));

          for (guint c = 0; c < n; c++)
            {
              const char *a = c < g_strv_length (got) ? got[c] : "";
              const char *b = c < g_strv_length (want) ? want[c] : "";

              if (!g_str_equal (a, b) && shown++ < 8)
                g_string_append_printf (differences, "  row %u, column %u: “%s”, expected “%s”\n", r + 1, c + 1, a, b);
            }
        }
      if (differences->len > 0)
        {
          g_string_append_printf (report, "%s:\n%s", name, differences->str);
          n_failed++;
        }
    }

  g_test_message ("%u files, %u read differently", n_files, n_failed);
  if (n_failed > 0)
    g_error ("%u of %u files read differently:\n%s", n_failed, n_files, report->str);
  g_assert_cmpuint (n_files, >=, 40);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/real-files/spreadsheets", test_real_files);

  return g_test_run ();
}
