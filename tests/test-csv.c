/* test-csv.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "waymark-core.h"
#include "waymark-csv-parser-private.h"
#include "waymark-test-util.h"

static char *tmp_dir;

typedef struct
{
  GStrv      columns;
  GPtrArray *rows;      /* GStrv */
  GArray    *lines;     /* guint64 */
  GPtrArray *problems;  /* char * */
  char      *encoding;
  char       delimiter;
  char      *blank;     /* waymark_table_reader_describe_blank_rows() */
  guint64    n_blank;
} Table;

static void
table_free (Table *table)
{
  g_strfreev (table->columns);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->lines, g_array_unref);
  g_clear_pointer (&table->problems, g_ptr_array_unref);
  g_free (table->encoding);
  g_free (table->blank);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static char *
write_file (const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Reads a whole table, or returns NULL with @error set. */
static Table *
read_table (const char                *path,
            const WaymarkTableOptions *options,
            GError                   **error)
{
  WaymarkTableOptions defaults = { NULL, 0, NULL, -1 };
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Table) table = g_new0 (Table, 1);
  const WaymarkTableOptions *resolved;
  guint64 line = 0;

  reader = waymark_csv_reader_new (file, options ? options : &defaults, NULL, error);
  if (reader == NULL)
    return NULL;

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->lines = g_array_new (FALSE, FALSE, sizeof (guint64));
  table->problems = g_ptr_array_new_with_free_func (g_free);

  while (waymark_table_reader_next (reader, cells, &line, error))
    {
      GStrv row = g_new0 (char *, cells->len + 1);

      for (guint i = 0; i < cells->len; i++)
        row[i] = g_strdup (g_ptr_array_index (cells, i));
      g_ptr_array_add (table->rows, row);
      g_array_append_val (table->lines, line);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  table->columns = g_strdupv ((GStrv) waymark_table_reader_get_columns (reader));
  for (guint i = 0; i < waymark_table_reader_get_problems (reader)->len; i++)
    g_ptr_array_add (table->problems, g_strdup (g_ptr_array_index (waymark_table_reader_get_problems (reader), i)));
  resolved = waymark_table_reader_get_options (reader);
  table->encoding = g_strdup (resolved->encoding);
  table->delimiter = resolved->delimiter;
  table->blank = waymark_table_reader_describe_blank_rows (reader);
  table->n_blank = waymark_table_reader_get_n_blank_rows (reader, NULL);

  return g_steal_pointer (&table);
}

static Table *
read_ok (const char                *path,
         const WaymarkTableOptions *options)
{
  g_autoptr(GError) error = NULL;
  Table *table = read_table (path, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (table);
  return table;
}

static void
assert_row (Table      *table,
            guint       index,
            const char *first,
            ...)
{
  GStrv row;
  va_list args;
  guint i = 0;

  g_assert_cmpuint (index, <, table->rows->len);
  row = g_ptr_array_index (table->rows, index);

  va_start (args, first);
  for (const char *cell = first; cell != NULL; cell = va_arg (args, const char *), i++)
    {
      g_assert_nonnull (row[i]);
      g_assert_cmpstr (row[i], ==, cell);
    }
  va_end (args);
  g_assert_null (row[i]);
}

/* ../shared/conformance/csv-spectrum: every case's records, keyed by the
 * header, must equal its JSON (location_coordinates only has to parse). */
static void
test_csv_spectrum (void)
{
  const char *dir = g_getenv ("WAYMARK_CONFORMANCE_DIR");
  g_autofree char *csvs = NULL;
  g_autoptr(GDir) handle = NULL;
  const char *name;
  guint n_cases = 0;

  g_assert_nonnull (dir);
  csvs = g_build_filename (dir, "csv-spectrum", "csvs", NULL);
  if (!g_file_test (csvs, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("the conformance suite is not at %s", csvs);
      g_test_skip (message);
      return;
    }

  handle = g_dir_open (csvs, 0, NULL);
  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (csvs, name, NULL);
      g_autofree char *stem = g_strndup (name, strlen (name) - 4);
      g_autofree char *json_name = g_strconcat (stem, ".json", NULL);
      g_autofree char *json_path = g_build_filename (dir, "csv-spectrum", "json", json_name, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(Table) table = NULL;
      WaymarkTableOptions options = { NULL, ',', NULL, -1 };
      JsonArray *records;

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      n_cases++;

      table = read_table (path, &options, &error);
      if (error != NULL)
        g_error ("%s: %s", name, error->message);

      if (g_str_equal (stem, "location_coordinates"))
        continue;

      json_parser_load_from_file (parser, json_path, &error);
      g_assert_no_error (error);
      records = json_node_get_array (json_parser_get_root (parser));

      if (table->rows->len != json_array_get_length (records))
        g_error ("%s: %u records, expected %u", name, table->rows->len, json_array_get_length (records));

      for (guint r = 0; r < table->rows->len; r++)
        {
          JsonObject *record = json_array_get_object_element (records, r);
          GStrv row = g_ptr_array_index (table->rows, r);

          g_assert_cmpuint (g_strv_length (row), ==, json_object_get_size (record));
          for (guint c = 0; table->columns[c]; c++)
            {
              const char *expected = json_object_get_string_member (record, table->columns[c]);

              if (g_strcmp0 (row[c], expected) != 0)
                g_error ("%s, record %u, “%s”: “%s”, expected “%s”", name, r, table->columns[c], row[c], expected);
            }
        }
    }

  g_assert_cmpuint (n_cases, >=, 12);
}

static void
test_line_endings (void)
{
  static const char * const inputs[] = {
    "a,b\n1,2\n3,4\n",
    "a,b\r\n1,2\r\n3,4\r\n",
    "a,b\r1,2\r3,4\r",
    "a,b\n1,2\n3,4",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = write_file ("endings.csv", inputs[i], -1);
      g_autoptr(Table) table = read_ok (path, NULL);

      g_assert_cmpstr (table->columns[0], ==, "a");
      g_assert_cmpstr (table->columns[1], ==, "b");
      g_assert_cmpuint (table->rows->len, ==, 2);
      assert_row (table, 0, "1", "2", NULL);
      assert_row (table, 1, "3", "4", NULL);
      g_assert_cmpuint (g_array_index (table->lines, guint64, 1), ==, 3);
    }
}

/* Found by fuzz-csv: a delimiter as the very last byte ended the row with
 * the previous field's start, so the last field was lost, the one before
 * it got a U+FFFD, and its length wrapped to 4 GiB in the reader. */
static void
test_trailing_delimiter (void)
{
  static const char * const inputs[] = {
    "a,b,c\n1,2,",
    "a,b,c\n1,2,\n",
    "a,b,c\n1,\"2\",",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *path = write_file ("trailing.csv", inputs[i], -1);
      g_autoptr(Table) table = read_ok (path, NULL);

      g_assert_cmpuint (table->rows->len, ==, 1);
      assert_row (table, 0, "1", "2", "", NULL);
    }
}

static void
test_quoting (void)
{
  g_autofree char *path = write_file ("quotes.csv",
                                      "name,comment\n"
                                      "\"Smith, Ann\",\"She said \"\"fine\"\",\nthen left\"\n"
                                      "plain,\"\"\n"
                                      "\"quoted\"tail,x\n"
                                      "last,\"multi\r\nline\"", -1);
  g_autoptr(Table) table = read_ok (path, NULL);

  g_assert_cmpuint (table->rows->len, ==, 4);
  assert_row (table, 0, "Smith, Ann", "She said \"fine\",\nthen left", NULL);
  assert_row (table, 1, "plain", "", NULL);
  assert_row (table, 2, "quotedtail", "x", NULL);
  assert_row (table, 3, "last", "multi\r\nline", NULL);
  /* The multi-line record started on line 2; the next on line 4. */
  g_assert_cmpuint (g_array_index (table->lines, guint64, 0), ==, 2);
  g_assert_cmpuint (g_array_index (table->lines, guint64, 1), ==, 4);
}

static void
test_delimiters (void)
{
  static const struct {
    const char *text;
    char        delimiter;
  } cases[] = {
    { "a;b;c\n1;2,5;3\n4;5;6\n", ';' },
    { "a\tb\tc\n1\t2\t3\n", '\t' },
    { "a|b|c\n1|\"2|x\"|3\n", '|' },
    { "a,b,c\n\"1;2\",2,3\n", ',' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file ("delimited.txt", cases[i].text, -1);
      g_autoptr(Table) table = read_ok (path, NULL);

      g_assert_cmpint (table->delimiter, ==, cases[i].delimiter);
      g_assert_cmpuint (g_strv_length (table->columns), ==, 3);
      g_assert_cmpuint (g_strv_length (g_ptr_array_index (table->rows, 0)), ==, 3);
    }

  /* Given, the delimiter is not guessed. */
  {
    g_autofree char *path = write_file ("override.csv", "a;b,c\n1;2,3\n", -1);
    WaymarkTableOptions options = { NULL, ';', NULL, -1 };
    g_autoptr(Table) table = read_ok (path, &options);

    g_assert_cmpstr (table->columns[1], ==, "b,c");
  }
}

static void
test_encodings (void)
{
  /* “Café” in UTF-8 with a BOM, UTF-16LE and BE with BOMs, and Windows-1252. */
  static const char utf8_bom[] = "\xEF\xBB\xBFname,quote\nCaf\xC3\xA9,\xE2\x80\x9Chi\xE2\x80\x9D\n";
  static const char utf16le[] = "\xFF\xFEn\0a\0m\0e\0,\0q\0\n\0C\0a\0f\0\xE9\0,\0\x1C\x20h\0i\0\x1D\x20\n\0";
  static const char utf16be[] = "\xFE\xFF\0n\0a\0m\0e\0,\0q\0\n\0C\0a\0f\0\xE9\0,\x20\x1C\0h\0i\x20\x1D\0\n";
  static const char cp1252[] = "name,quote\nCaf\xE9,\x93hi\x94\n";
  static const struct {
    const char *bytes;
    gsize       length;
    const char *encoding;
  } cases[] = {
    { utf8_bom, sizeof utf8_bom - 1, "UTF-8" },
    { utf16le, sizeof utf16le - 1, "UTF-16LE" },
    { utf16be, sizeof utf16be - 1, "UTF-16BE" },
    { cp1252, sizeof cp1252 - 1, "WINDOWS-1252" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file ("encoded.csv", cases[i].bytes, cases[i].length);
      g_autoptr(Table) table = read_ok (path, NULL);

      g_assert_cmpstr (table->encoding, ==, cases[i].encoding);
      g_assert_cmpstr (table->columns[0], ==, "name");
      g_assert_cmpuint (table->rows->len, ==, 1);
      assert_row (table, 0, "Caf\xC3\xA9", "\xE2\x80\x9Chi\xE2\x80\x9D", NULL);
    }

  /* Given, the encoding is not guessed: these UTF-8 bytes read as 1252. */
  {
    g_autofree char *path = write_file ("forced.csv", "a\nCaf\xC3\xA9\n", -1);
    WaymarkTableOptions options = { NULL, 0, (char *) "WINDOWS-1252", -1 };
    g_autoptr(Table) table = read_ok (path, &options);

    assert_row (table, 0, "Caf\xC3\x83\xC2\xA9", NULL);
  }

  /* Stray invalid bytes late in a UTF-8 file become U+FFFD. */
  {
    g_autoptr(GString) text = g_string_new ("a,b\n");
    g_autofree char *path = NULL;
    g_autoptr(Table) table = NULL;

    /* Past the 256 KiB sample that decides the encoding. */
    for (guint i = 0; i < 40000; i++)
      g_string_append (text, "caf\xC3\xA9,1\n");
    g_string_append (text, "bad\xFF,2\n");
    path = write_file ("late-invalid.csv", text->str, text->len);
    table = read_ok (path, NULL);
    g_assert_cmpstr (table->encoding, ==, "UTF-8");
    assert_row (table, 40000, "bad\xEF\xBF\xBD", "2", NULL);
  }
}

/* Survey exports in legacy encodings, read without being told: each
 * table as its UTF-8 twin has it (tests/files/real/encodings). */
static void
test_legacy_encodings (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "files", "real", "encodings", NULL);
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *expected_path = NULL;
      g_autofree char *stem = NULL;
      g_autoptr(Table) table = NULL;
      g_autoptr(Table) expected = NULL;

      if (!g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".expected.csv"))
        continue;
      stem = g_strndup (name, strlen (name) - strlen (".csv"));
      path = g_build_filename (dir, name, NULL);
      expected_path = g_strdup_printf ("%s/%s.expected.csv", dir, stem);
      table = read_ok (path, NULL);
      expected = read_ok (expected_path, NULL);
      g_test_message ("%s: read as %s", name, table->encoding);
      g_assert_cmpstr (expected->encoding, ==, "UTF-8");
      g_assert_cmpstrv (table->columns, expected->columns);
      g_assert_cmpuint (table->rows->len, ==, expected->rows->len);
      for (guint r = 0; r < table->rows->len; r++)
        g_assert_cmpstrv (g_ptr_array_index (table->rows, r), g_ptr_array_index (expected->rows, r));
      /* The same bytes from memory read the same. */
      {
        g_autofree char *contents = NULL;
        gsize length = 0;
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(WaymarkTableReader) reader = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
        guint n = 0;

        g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
        bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
        reader = waymark_table_reader_open_bytes (bytes, NULL, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpstr (waymark_table_reader_get_options (reader)->encoding, ==, table->encoding);
        g_assert_cmpstrv (waymark_table_reader_get_columns (reader), table->columns);
        while (waymark_table_reader_next (reader, cells, NULL, &error))
          {
            g_ptr_array_add (cells, NULL);
            g_assert_cmpstrv ((const char * const *) cells->pdata, g_ptr_array_index (table->rows, n));
            g_ptr_array_set_size (cells, 0);
            n++;
          }
        g_assert_no_error (error);
        g_assert_cmpuint (n, ==, table->rows->len);
      }
      /* Not Windows-1252 (the old guess) unless it is. */
      if (!g_str_has_suffix (stem, "windows-1252"))
        g_assert_cmpstr (table->encoding, !=, "WINDOWS-1252");
      n_files++;
    }
  g_assert_cmpuint (n_files, >=, 12);
}

/* Short files: the reading that makes sense wins (Greek and Cyrillic are
 * not Latin letters run together, “Café” is not “Cafι”), and Western text
 * with a few accents stays Windows-1252, as it always read. When Windows-1252
 * reads a short file as plausibly as another encoding (“Dvoøák” and
 * “Dvořák”), nothing is guessed: an error shows both readings; told, it reads. */
static void
test_ambiguous_encoding (void)
{
  static const struct {
    const char *utf8;
    const char *encoding;   /* written in */
    const char *read_as;    /* NULL: refused, as ambiguous */
  } cases[] = {
    { "city,n\nΑθήνα,1\n", "ISO-8859-7", "ISO-8859-7" },
    { "city,n\nCafé,1\n", "WINDOWS-1252", "WINDOWS-1252" },
    { "city,n\nMünchen,3\nBerlin,4\n", "WINDOWS-1252", "WINDOWS-1252" },
    { "word,n\nnaïve,1\n", "WINDOWS-1252", "WINDOWS-1252" },
    { "word\nÉcole\n", "WINDOWS-1252", "WINDOWS-1252" },
    { "city,n\nŁódź,2\n", "WINDOWS-1250", "WINDOWS-1250" },
    { "city,n\nМосква,2\n", "WINDOWS-1251", "WINDOWS-1251" },
    { "city,n\nМосква,2\n", "KOI8-R", "KOI8-R" },
    { "name,n\nDvořák,1\n", "WINDOWS-1250", NULL },
    { "answer,n\nда,1\n", "WINDOWS-1251", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = 0;
      g_autofree char *bytes = g_convert (cases[i].utf8, -1, cases[i].encoding, "UTF-8", NULL, &length, NULL);
      const char *line = strchr (cases[i].utf8, '\n') + 1;
      g_autofree char *first = g_strndup (line, strcspn (line, ",\n"));
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(Table) table = NULL;

      g_assert_nonnull (bytes);
      path = write_file ("short.csv", bytes, length);
      table = read_table (path, NULL, &error);
      if (cases[i].read_as == NULL)
        {
          g_autofree char *reading = g_strdup_printf ("%s reads “%s", cases[i].encoding, first);
          WaymarkTableOptions options = { NULL, 0, (char *) cases[i].encoding, -1 };
          g_autoptr(Table) told = NULL;

          g_assert_null (table);
          g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_ENCODING);
          g_test_message ("%s", error->message);
          g_assert_nonnull (strstr (error->message, "cannot tell its encoding"));
          /* Each reading shown, the right one among them. */
          g_assert_nonnull (strstr (error->message, reading));
          g_assert_nonnull (strstr (error->message, "WINDOWS-1252 reads “"));
          told = read_ok (path, &options);
          g_assert_cmpstr (told->encoding, ==, cases[i].encoding);
          g_assert_cmpstr (((GStrv) g_ptr_array_index (told->rows, 0))[0], ==, first);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_cmpstr (table->encoding, ==, cases[i].read_as);
          g_assert_cmpstr (((GStrv) g_ptr_array_index (table->rows, 0))[0], ==, first);
        }
    }

  /* A name the system's converter reads the byte order mark for: the
   * mark is left to it (“UTF-16” of a little-endian export). */
  {
    static const char utf16le[] = "\xFF\xFEn\0a\0m\0e\0\n\0C\0a\0f\0\xE9\0\n\0";
    g_autofree char *path = write_file ("utf16.csv", utf16le, sizeof utf16le - 1);
    WaymarkTableOptions options = { NULL, 0, (char *) "UTF-16", -1 };
    g_autoptr(Table) table = read_ok (path, &options);

    g_assert_cmpstr (table->columns[0], ==, "name");
    g_assert_cmpstr (((GStrv) g_ptr_array_index (table->rows, 0))[0], ==, "Café");
  }

  /* Names the system does not know are refused as before. */
  {
    g_autofree char *path = write_file ("named.csv", "a\n1\n", -1);
    WaymarkTableOptions options = { NULL, 0, (char *) "NO-SUCH-ENCODING", -1 };
    g_autoptr(GError) error = NULL;
    g_autoptr(Table) table = read_table (path, &options, &error);

    g_assert_null (table);
    g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
    g_assert_nonnull (strstr (error->message, "NO-SUCH-ENCODING"));
  }
}

static void
test_headers_and_blank_lines (void)
{
  /* A Qualtrics export: names, question texts, import ids, then data. */
  g_autofree char *path = write_file ("qualtrics.csv",
                                      "ResponseId,Q1,Q1\n"
                                      "Response ID,How likely…?,Comment\n"
                                      "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",{},{}\n"
                                      "\n"
                                      "R_1,9,Great\n"
                                      "  \n"
                                      ",,\n"
                                      "R_2,3,\n", -1);
  WaymarkTableOptions three = { NULL, 0, NULL, 3 };
  WaymarkTableOptions none = { NULL, 0, NULL, 0 };
  g_autoptr(Table) table = read_ok (path, &three);
  g_autoptr(Table) raw = read_ok (path, &none);

  /* Names from the first row, made unique. */
  g_assert_cmpstr (table->columns[0], ==, "ResponseId");
  g_assert_cmpstr (table->columns[1], ==, "Q1");
  g_assert_cmpstr (table->columns[2], ==, "Q1 (2)");
  g_assert_cmpuint (table->rows->len, ==, 2);
  assert_row (table, 0, "R_1", "9", "Great", NULL);
  assert_row (table, 1, "R_2", "3", "", NULL);
  g_assert_cmpuint (g_array_index (table->lines, guint64, 1), ==, 8);

  g_assert_cmpstr (raw->columns[0], ==, "Column 1");
  g_assert_cmpuint (raw->rows->len, ==, 5);
  assert_row (raw, 0, "ResponseId", "Q1", "Q1", NULL);

  /* Blank rows are not data, and the reader says so, with where they
   * were: the one after the headers, the two between the responses. */
  g_assert_cmpuint (table->n_blank, ==, 3);
  g_assert_cmpstr (table->blank, ==, "3 blank rows (lines 4, 6, 7) are not counted");

  /* Blank lines at the end, and a field over several lines: nothing. */
  {
    g_autofree char *tail = write_file ("tail.csv", "a,b\n1,\"two\n\nlines\"\n2,x\n\n\n", -1);
    g_autoptr(Table) tailed = read_ok (tail, NULL);

    g_assert_cmpuint (tailed->rows->len, ==, 2);
    g_assert_cmpuint (tailed->n_blank, ==, 0);
    g_assert_null (tailed->blank);
  }
}

static void
test_ragged_rows (void)
{
  g_autofree char *path = write_file ("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8,9\n", -1);
  g_autoptr(Table) table = read_ok (path, NULL);

  g_assert_cmpuint (table->rows->len, ==, 3);
  g_assert_cmpuint (table->problems->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (table->problems, 0), ==, "line 3: 2 fields, expected 3");
  /* A cell past the header gets a column of its own. */
  g_assert_cmpstr (g_ptr_array_index (table->problems, 1), ==,
                   "line 4: a cell past the columns before it, now column “Column 4”");
  g_assert_cmpuint (g_strv_length (table->columns), ==, 4);
  g_assert_cmpstr (table->columns[3], ==, "Column 4");

  /* A title row of one cell over a table of thirteen (as survey tools
   * export): every cell reachable, under a named column, said once. A
   * header cell already called “Column 5” keeps its name. */
  {
    g_autoptr(GString) contents = g_string_new ("Customer survey export\n");
    g_autoptr(Table) titled = NULL;
    g_autofree char *titled_path = NULL;

    for (int r = 0; r < 50; r++)
      for (int c = 0; c < 13; c++)
        g_string_append_printf (contents, "%d%c", r * 100 + c, c == 12 ? '\n' : ',');
    titled_path = write_file ("titled.csv", contents->str, -1);
    titled = read_ok (titled_path, NULL);
    g_assert_cmpuint (titled->rows->len, ==, 50);
    g_assert_cmpuint (g_strv_length (titled->columns), ==, 13);
    g_assert_cmpstr (titled->columns[0], ==, "Customer survey export");
    g_assert_cmpstr (titled->columns[1], ==, "Column 2");
    g_assert_cmpstr (titled->columns[12], ==, "Column 13");
    g_assert_cmpuint (titled->problems->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (titled->problems, 0), ==,
                     "line 2: 12 cells past the columns before, now columns “Column 2” to “Column 13”");
    g_assert_cmpstr (((GStrv) g_ptr_array_index (titled->rows, 49))[12], ==, "4912");
    g_assert_cmpint (waymark_table_column_position ("Column 13"), ==, 12);
    g_assert_cmpint (waymark_table_column_position ("Column 0"), ==, -1);
    g_assert_cmpint (waymark_table_column_position ("Columns 3"), ==, -1);
  }
  {
    g_autofree char *named_path = write_file ("named.csv", "a,b,c,d,Column 5\n1,2,3,4,5,6,7\n", -1);
    g_autoptr(Table) named = read_ok (named_path, NULL);

    g_assert_cmpuint (g_strv_length (named->columns), ==, 7);
    g_assert_cmpstr (named->columns[4], ==, "Column 5");
    g_assert_cmpstr (named->columns[5], ==, "Column 6");
    g_assert_cmpstr (named->columns[6], ==, "Column 7");
  }
  /* Rows that widen one cell at a time: each widening said, the columns
   * grow with them. */
  {
    g_autoptr(GString) contents = g_string_new ("h\n");
    g_autoptr(Table) widening = NULL;
    g_autofree char *widening_path = NULL;

    for (int r = 1; r <= 300; r++)
      {
        for (int c = 0; c < r; c++)
          g_string_append_printf (contents, "%s%d", c > 0 ? "," : "", c);
        g_string_append_c (contents, '\n');
      }
    widening_path = write_file ("widening.csv", contents->str, -1);
    widening = read_ok (widening_path, NULL);
    g_assert_cmpuint (g_strv_length (widening->columns), ==, 300);
    g_assert_cmpstr (widening->columns[299], ==, "Column 300");
    g_assert_cmpuint (widening->problems->len, ==, 100);  /* 299 counted, the first 100 kept */
  }
}

static void
assert_refused (const char *name,
                const char *contents,
                gssize      length,
                const char *fragment)
{
  g_autofree char *path = write_file (name, contents, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(Table) table = read_table (path, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  if (strstr (error->message, fragment) == NULL)
    g_error ("%s: “%s” does not say “%s”", name, error->message, fragment);
}

static void
test_hostile_input (void)
{
  /* A NUL byte, binary garbage, and a quote never closed. */
  assert_refused ("nul.csv", "a,b\n1,2\n3,\0\n", 12, "line 3: a NUL byte");
  {
    guint8 garbage[4096];
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);

    for (guint i = 0; i < sizeof garbage; i++)
      garbage[i] = g_rand_int_range (rand, 0, 256);
    garbage[100] = 0;
    assert_refused ("garbage.bin", (const char *) garbage, sizeof garbage, "NUL byte");
  }
  assert_refused ("open-quote.csv", "a,b\n1,2\n3,\"never closed\n4,5\n", -1, "line 3: a quoted field is never closed");

  /* 200,000 columns: refused, not allocated. */
  {
    g_autoptr(GString) wide = g_string_new (NULL);

    for (guint i = 0; i < 200000; i++)
      g_string_append (wide, "x,");
    g_string_append (wide, "x\n");
    assert_refused ("wide.csv", wide->str, wide->len, "more than 16384 columns");
  }

  /* A field past 16 MiB (an unterminated quote at the start of a big file). */
  {
    gsize size = 17 * 1024 * 1024;
    g_autofree char *big = g_malloc (size);

    memset (big, 'x', size);
    memcpy (big, "a\n\"", 3);
    assert_refused ("big-field.csv", big, size, "larger than 16 MiB");
  }

  {
    g_autofree char *path = write_file ("bad-options.csv", "a\n", -1);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GError) error = NULL;
    WaymarkTableOptions options = { NULL, 'x', NULL, -1 };
    WaymarkTableOptions encoding = { NULL, 0, (char *) "EBCDIC", -1 };

    g_assert_null (waymark_csv_reader_new (file, &options, NULL, &error));
    g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
    g_clear_error (&error);
    g_assert_null (waymark_csv_reader_new (file, &encoding, NULL, &error));
    g_assert_nonnull (strstr (error->message, "EBCDIC"));
  }
}

static void
test_empty (void)
{
  g_autofree char *path = write_file ("empty.csv", "", 0);
  g_autofree char *header_only = write_file ("header.csv", "a,b\n", -1);
  g_autoptr(Table) table = read_ok (path, NULL);
  g_autoptr(Table) header = read_ok (header_only, NULL);

  g_assert_cmpuint (g_strv_length (table->columns), ==, 0);
  g_assert_cmpuint (table->rows->len, ==, 0);
  g_assert_cmpuint (g_strv_length (header->columns), ==, 2);
  g_assert_cmpuint (header->rows->len, ==, 0);
}

static void
test_chunk_boundaries (void)
{
  /* Quoted fields, CRLF pairs and multi-byte characters across the 1 MiB
   * reading chunks must come out the same as in one piece. */
  g_autoptr(GString) text = g_string_new ("id,text\n");
  g_autofree char *path = NULL;
  g_autoptr(Table) table = NULL;
  guint n = 0;

  while (text->len < 3 * 1024 * 1024)
    {
      g_string_append_printf (text, "%u,\"ünïcödé, \"\"quoted\"\"\r\nline %u\"\r\n", n, n);
      n++;
    }

  path = write_file ("chunks.csv", text->str, text->len);
  table = read_ok (path, NULL);
  g_assert_cmpuint (table->rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      GStrv row = g_ptr_array_index (table->rows, i);
      g_autofree char *id = g_strdup_printf ("%u", i);
      g_autofree char *expected = g_strdup_printf ("ünïcödé, \"quoted\"\r\nline %u", i);

      g_assert_cmpstr (row[0], ==, id);
      g_assert_cmpstr (row[1], ==, expected);
    }
}

/* Every row of @path as the parser gives it, one line each ("line N:"
 * then the fields, escaped, between bars), or the error it ends with. */
static char *
dump_parse (const char  *path,
            const char  *encoding,
            char         delimiter,
            char       **detected_encoding,
            char        *detected_delimiter)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(WaymarkCsvParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  g_assert_nonnull (stream);
  parser = waymark_csv_parser_new (G_INPUT_STREAM (stream), encoding, delimiter, NULL, &error);
  if (parser == NULL)
    {
      g_string_append_printf (out, "error: %s\n", error->message);
      return g_string_free (out, FALSE);
    }
  if (detected_encoding != NULL)
    *detected_encoding = g_strdup (waymark_csv_parser_get_encoding (parser));
  if (detected_delimiter != NULL)
    *detected_delimiter = waymark_csv_parser_get_delimiter (parser);

  while (waymark_csv_parser_next_row (parser, &error))
    {
      g_string_append_printf (out, "line %" G_GUINT64_FORMAT ":", waymark_csv_parser_get_line (parser));
      for (guint i = 0; i < waymark_csv_parser_get_n_fields (parser); i++)
        {
          const char *field = waymark_csv_parser_get_field (parser, i);
          gsize length = waymark_csv_parser_get_field_length (parser, i);
          g_autofree char *escaped = NULL;

          g_assert_cmpint (field[length], ==, '\0');
          g_assert_true (g_utf8_validate_len (field, length, NULL));
          escaped = g_strescape (field, NULL);
          g_string_append_printf (out, "|%s", escaped);
        }
      g_string_append (out, "|\n");
    }
  if (error != NULL)
    g_string_append_printf (out, "error: %s\n", error->message);

  return g_string_free (out, FALSE);
}

static void
add_files (GPtrArray  *paths,
           const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (paths, path);
      else
        g_free (path);
    }
}

static void
test_small_buffers (void)
{
  /* The parser reads a chunk at a time and moves a row cut off by the
   * buffer's end: with chunks of a few bytes every field, quote, doubled
   * quote, CR LF pair and multi-byte character falls across a refill,
   * and the rows, lines and errors must be those read in one piece. */
  static const gsize chunks[] = { 1, 2, 3, 5, 7, 63, 64, 65, 4099 };
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *corpus = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "csv", NULL);
  g_autofree char *encodings = g_test_build_filename (G_TEST_DIST, "files", "real", "encodings", NULL);
  const char *conformance = g_getenv ("WAYMARK_CONFORMANCE_DIR");
  g_autofree char *spectrum = conformance ? g_build_filename (conformance, "csv-spectrum", "csvs", NULL) : NULL;
  static const char *made[] = {
    "a,\"b\"\"c\",\"d\r\ne\"\r\n\"\",,\"x\"y\"z\",q\"r\r\rlast",
    "\xEF\xBB\xBF" "caf\xC3\xA9,na\xC3\xAF" "ve\n\xE2\x82\xAC,\xF0\x9F\x98\x80\n",
    "stray \xC3 byte,\"\xE2\x82\",ok\n\xFF\xFE\n",
    "\"never closed,\n\n",
    "a,b\nc,\"d\"\"\"\n\"\"\"\",\n,\n",
    /* Stray bytes moved back when the doubled quotes before them are
     * taken out, across refills (a fuzzer's find). */
    "t,c\n\"Pay\"\"a,sy \"\"hi\xFF\xFFmment\nerror: li\"Sign up\",\"line\"\n",
  };
  guint n_checked = 0;

  add_files (paths, corpus);
  add_files (paths, encodings);
  if (spectrum != NULL)
    add_files (paths, spectrum);
  for (guint i = 0; i < G_N_ELEMENTS (made); i++)
    {
      g_autofree char *name = g_strdup_printf ("made-%u.csv", i);

      g_ptr_array_add (paths, write_file (name, made[i], -1));
    }
  g_assert_cmpuint (paths->len, >=, 30);

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *encoding = NULL;
      g_autofree char *whole = NULL;
      char delimiter = 0;

      /* The files made here are read as UTF-8, stray bytes and all. */
      whole = dump_parse (path, strstr (path, "made-") ? "UTF-8" : NULL, 0, &encoding, &delimiter);
      if (encoding == NULL)
        continue;   /* refused before reading a row: nothing to compare */

      for (guint c = 0; c < G_N_ELEMENTS (chunks); c++)
        {
          g_autofree char *pieces = NULL;

          _waymark_csv_parser_set_chunk_size (chunks[c]);
          pieces = dump_parse (path, encoding, delimiter, NULL, NULL);
          _waymark_csv_parser_set_chunk_size (0);
          if (g_strcmp0 (whole, pieces) != 0)
            g_error ("%s read %" G_GSIZE_FORMAT " bytes at a time:\n%s\nin one piece:\n%s",
                     path, chunks[c], pieces, whole);
        }
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 30);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = waymark_test_make_dir ("csv");

  g_test_add_func ("/waymark/csv/csv-spectrum", test_csv_spectrum);
  g_test_add_func ("/waymark/csv/line-endings", test_line_endings);
  g_test_add_func ("/waymark/csv/trailing-delimiter", test_trailing_delimiter);
  g_test_add_func ("/waymark/csv/quoting", test_quoting);
  g_test_add_func ("/waymark/csv/delimiters", test_delimiters);
  g_test_add_func ("/waymark/csv/encodings", test_encodings);
  g_test_add_func ("/waymark/csv/legacy-encodings", test_legacy_encodings);
  g_test_add_func ("/waymark/csv/ambiguous-encoding", test_ambiguous_encoding);
  g_test_add_func ("/waymark/csv/headers-and-blank-lines", test_headers_and_blank_lines);
  g_test_add_func ("/waymark/csv/ragged-rows", test_ragged_rows);
  g_test_add_func ("/waymark/csv/hostile-input", test_hostile_input);
  g_test_add_func ("/waymark/csv/empty", test_empty);
  g_test_add_func ("/waymark/csv/chunk-boundaries", test_chunk_boundaries);
  g_test_add_func ("/waymark/csv/small-buffers", test_small_buffers);

  ret = g_test_run ();

  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
