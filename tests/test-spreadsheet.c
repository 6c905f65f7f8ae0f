/* test-spreadsheet.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XLSX and ODS through waymark_table_reader_open(): every file is written
 * here, part by part, with libgsf, so each test shows the XML it reads.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-spreadsheet-private.h"
#include "waymark-test-util.h"

#define MAIN_NS  "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS   "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

#define BILLION_LAUGHS \
  "<!DOCTYPE lolz [\n" \
  " <!ENTITY lol \"lol\">\n" \
  " <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n" \
  " <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n" \
  " <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n" \
  " <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n" \
  " <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n" \
  " <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n" \
  " <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n" \
  " <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n" \
  " <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n" \
  "]>\n"

/* An inline string cell, for headers that need no shared strings. */
#define IS(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = waymark_test_make_dir ("test-spreadsheet");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  waymark_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

#define TEST(path, func) \
  g_test_add ("/waymark/spreadsheet/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Members by name; a later one replaces an earlier one of the same name. */
typedef struct
{
  GPtrArray *names;
  GPtrArray *data;
} Members;

static Members *
members_new (void)
{
  Members *members = g_new0 (Members, 1);

  members->names = g_ptr_array_new_with_free_func (g_free);
  members->data = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  return members;
}

static void
members_free (Members *members)
{
  g_ptr_array_unref (members->names);
  g_ptr_array_unref (members->data);
  g_free (members);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Members, members_free)

static void
members_set_bytes (Members    *members,
                   const char *name,
                   GBytes     *data)
{
  for (guint i = 0; i < members->names->len; i++)
    if (g_str_equal (g_ptr_array_index (members->names, i), name))
      {
        g_bytes_unref (members->data->pdata[i]);
        members->data->pdata[i] = data;
        return;
      }

  g_ptr_array_add (members->names, g_strdup (name));
  g_ptr_array_add (members->data, data);
}

static void
members_set (Members    *members,
             const char *name,
             const char *text)
{
  members_set_bytes (members, name, g_bytes_new (text, strlen (text)));
}

static void
members_take (Members    *members,
              const char *name,
              char       *text)
{
  members_set_bytes (members, name, g_bytes_new_take (text, strlen (text)));
}

static void
members_write (Members    *members,
               const char *path)
{
  g_autofree WaymarkTestZipMember *array = g_new0 (WaymarkTestZipMember, members->names->len);

  for (guint i = 0; i < members->names->len; i++)
    {
      gsize size;

      array[i].name = g_ptr_array_index (members->names, i);
      array[i].data = g_bytes_get_data (members->data->pdata[i], &size);
      array[i].length = size;
    }

  waymark_test_write_zip (path, array, members->names->len);
}

/* The parts of a workbook: @sheets holds pairs of a sheet's name and its
 * <sheetData> content, then NULL; @shared_strings the <si> elements and
 * @styles the <styleSheet> content, or NULL for none. */
static Members *
xlsx_members (const char         *workbook_pr,
              const char         *shared_strings,
              const char         *styles,
              const char * const *sheets)
{
  Members *members = members_new ();
  g_autoptr(GString) workbook = g_string_new (XML_DECL);
  g_autoptr(GString) rels = g_string_new (XML_DECL);
  g_autoptr(GString) types = g_string_new (XML_DECL);

  g_string_append (types,
                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                   "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>");
  g_string_append_printf (workbook, "<workbook xmlns=\"%s\" xmlns:r=\"%s\">%s<sheets>",
                          MAIN_NS, REL_NS, workbook_pr ? workbook_pr : "");
  g_string_append_printf (rels, "<Relationships xmlns=\"%s\">", PKG_NS);

  for (guint i = 0; sheets[i] != NULL; i += 2)
    {
      g_autofree char *name = g_markup_escape_text (sheets[i], -1);
      g_autofree char *member = g_strdup_printf ("xl/worksheets/sheet%u.xml", i / 2 + 1);

      g_string_append_printf (workbook, "<sheet name=\"%s\" sheetId=\"%u\" r:id=\"rId%u\"/>",
                              name, i / 2 + 1, i / 2 + 1);
      g_string_append_printf (rels,
                              "<Relationship Id=\"rId%u\" Type=\"%s/worksheet\" Target=\"worksheets/sheet%u.xml\"/>",
                              i / 2 + 1, REL_NS, i / 2 + 1);
      g_string_append_printf (types,
                              "<Override PartName=\"/%s\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>",
                              member);
      members_take (members, member,
                    g_strdup_printf (XML_DECL "<worksheet xmlns=\"%s\" xmlns:r=\"%s\"><dimension ref=\"A1\"/>"
                                     "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>"
                                     "<sheetData>%s</sheetData></worksheet>",
                                     MAIN_NS, REL_NS, sheets[i + 1]));
    }

  g_string_append (workbook, "</sheets></workbook>");
  if (shared_strings != NULL)
    {
      g_string_append_printf (rels, "<Relationship Id=\"rId101\" Type=\"%s/sharedStrings\" Target=\"sharedStrings.xml\"/>",
                              REL_NS);
      members_take (members, "xl/sharedStrings.xml",
                    g_strdup_printf (XML_DECL "<sst xmlns=\"%s\">%s</sst>", MAIN_NS, shared_strings));
    }
  if (styles != NULL)
    {
      g_string_append_printf (rels, "<Relationship Id=\"rId100\" Type=\"%s/styles\" Target=\"styles.xml\"/>", REL_NS);
      members_take (members, "xl/styles.xml",
                    g_strdup_printf (XML_DECL "<styleSheet xmlns=\"%s\">%s</styleSheet>", MAIN_NS, styles));
    }
  g_string_append (rels, "</Relationships>");
  g_string_append (types, "</Types>");

  members_set (members, "[Content_Types].xml", types->str);
  members_take (members, "_rels/.rels",
                g_strdup_printf (XML_DECL "<Relationships xmlns=\"%s\"><Relationship Id=\"rId1\" "
                                 "Type=\"%s/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
                                 PKG_NS, REL_NS));
  members_set (members, "xl/workbook.xml", workbook->str);
  members_set (members, "xl/_rels/workbook.xml.rels", rels->str);

  return members;
}

static void
write_xlsx (const char         *path,
            const char         *workbook_pr,
            const char         *shared_strings,
            const char         *styles,
            const char * const *sheets)
{
  g_autoptr(Members) members = xlsx_members (workbook_pr, shared_strings, styles, sheets);

  members_write (members, path);
}

/* One sheet named "Sheet1" of @sheet_data. */
static void
write_simple_xlsx (const char *path,
                   const char *sheet_data)
{
  const char *sheets[] = { "Sheet1", sheet_data, NULL };

  write_xlsx (path, NULL, NULL, NULL, sheets);
}

#define ODS_NAMESPACES \
  "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" " \
  "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" " \
  "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" " \
  "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\" " \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" " \
  "xmlns:xlink=\"http://www.w3.org/1999/xlink\" " \
  "xmlns:calcext=\"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0\""

static Members *
ods_members (const char *tables)
{
  Members *members = members_new ();

  members_set (members, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
  members_set (members, "META-INF/manifest.xml",
               XML_DECL "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
               "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
               "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
               "</manifest:manifest>");
  members_take (members, "content.xml",
                g_strdup_printf (XML_DECL "<office:document-content " ODS_NAMESPACES " office:version=\"1.3\">"
                                 "<office:automatic-styles/><office:body><office:spreadsheet>"
                                 "<table:calculation-settings table:automatic-find-labels=\"false\"/>"
                                 "%s<table:named-expressions/></office:spreadsheet></office:body>"
                                 "</office:document-content>", tables));
  return members;
}

static void
write_ods (const char *path,
           const char *tables)
{
  g_autoptr(Members) members = ods_members (tables);

  members_write (members, path);
}

static char *
escape_cell (const char *cell)
{
  GString *out = g_string_new (NULL);

  for (const char *p = cell; *p; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
append_cells (GString   *out,
              GPtrArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *cell = escape_cell (g_ptr_array_index (cells, i));

      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, cell);
    }
}

static WaymarkTableReader *
open_table (const char  *path,
            const char  *sheet,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  WaymarkTableOptions options = { (char *) sheet, 0, NULL, -1 };

  return waymark_table_reader_open (file, &options, NULL, error);
}

/* The table as read_table () writes it, from an open reader. */
static char *
describe_table (WaymarkTableReader  *reader,
                GError             **error)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new ("columns: ");
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  const char * const *names;
  guint64 line = 0;

  while (waymark_table_reader_next (reader, cells, &line, error))
    {
      g_string_append_printf (rows, "%" G_GUINT64_FORMAT ": ", line);
      append_cells (rows, cells);
      g_string_append_c (rows, '\n');
    }

  if (error != NULL && *error != NULL)
    return NULL;

  names = waymark_table_reader_get_columns (reader);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (columns, (gpointer) names[i]);
  append_cells (out, columns);
  g_string_append_c (out, '\n');
  g_string_append (out, rows->str);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "columns: a|b\n2: 1|2\n…": the column names (those the rows made
 * included), then each data row with its row number; NULL with @error set
 * if reading fails. The same bytes read from memory
 * (waymark_table_reader_open_bytes ()) must give the same, or fail alike —
 * but for text named .xlsx, which only a file's name says is no workbook. */
static char *
read_table (const char  *path,
            const char  *sheet,
            GError     **error)
{
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(WaymarkTableReader) from_memory = NULL;
  g_autoptr(GError) memory_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *table = NULL;
  g_autofree char *memory_table = NULL;
  WaymarkTableOptions options = { (char *) sheet, 0, NULL, -1 };
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if ((from_memory = waymark_table_reader_open_bytes (bytes, &options, NULL, &memory_error)))
    memory_table = describe_table (from_memory, &memory_error);

  if ((reader = open_table (path, sheet, error)))
    table = describe_table (reader, error);
  if (table != NULL)
    g_assert_cmpstr (memory_table, ==, table);
  else if (strstr ((*error)->message, "not a zip container") == NULL)
    {
      g_assert_null (memory_table);
      g_assert_nonnull (memory_error);
      g_assert_cmpstr (memory_error->message, ==, (*error)->message);
    }
  return g_steal_pointer (&table);
}

static void
assert_table (const char *path,
              const char *sheet,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *table = read_table (path, sheet, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (table, ==, expected);
}

/* Reading @path fails with an import error that contains @expected. */
static char *
assert_refused (const char *path,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *table = read_table (path, NULL, &error);

  g_assert_null (table);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_test_message ("refused: %s", error->message);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected);

  return g_strdup (error->message);
}

/* XLSX */

static void
test_xlsx_strings (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "strings.xlsx");
  const char *strings =
    "<si><t>Name</t></si>"
    "<si><t>Comment</t></si>"
    "<si><t>Formula</t></si>"
    "<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\"> and plain</t></r></si>"
    "<si><t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/></si>"
    "<si><t>line one_x000D_\nline two</t></si>"
    "<si><t xml:space=\"preserve\">  padded  </t></si>"
    "<si/>"
    "<si><t>a &amp; b &lt;c&gt; &#x263A;</t></si>"
    "<si><t>_x005F_x0041_</t></si>"
    "<si><t><![CDATA[raw <data>]]></t></si>"
    /* Empty, as openpyxl and others write an empty string. */
    "<si><t/></si>"
    "<si><t></t></si>";
  const char *sheets[] = {
    "Sheet1",
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>3</v></c>" IS ("B2", "inline")
    "<c r=\"C2\" t=\"str\"><f>CONCAT(\"a\",\"b\")</f><v>ab</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>4</v></c>"
    "<c r=\"B3\" t=\"inlineStr\"><is><r><t>in</t></r><r><rPr><i/></rPr><t>line</t></r></is></c>"
    "<c r=\"C3\" t=\"s\"><v>5</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>6</v></c><c r=\"B4\" t=\"s\"><v>7</v></c><c r=\"C4\" t=\"s\"><v>8</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" t=\"s\"><v>9</v></c><c r=\"B5\" t=\"s\"><v>10</v></c></row>"
    "<row r=\"6\"><c r=\"A6\" t=\"s\"><v>11</v></c><c r=\"B6\" t=\"s\"><v>12</v></c>" IS ("C6", "after") "</row>",
    NULL
  };

  write_xlsx (path, NULL, strings, NULL, sheets);
  assert_table (path, NULL,
                "columns: Name|Comment|Formula\n"
                "2: Bold and plain|inline|ab\n"
                "3: 東京|inline|line one\\r\\nline two\n"
                "4:   padded  ||a & b <c> ☺\n"
                "5: _x0041_|raw <data>|\n"
                "6: ||after\n");
}

static void
test_xlsx_numbers (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "numbers.xlsx");
  static const char * const numbers[] = {
    "9", "9",
    "4.5", "4.5",
    "0.30000000000000004", "0.30000000000000004",
    "0.1", "0.1",
    "1E-7", "1e-07",
    "0.00001", "1e-05",
    "0.0001", "0.0001",
    "9007199254740993", "9007199254740992",
    "1000000000000000", "1000000000000000",
    "123456789012345678", "1.2345678901234568e+17",
    "1.5E+20", "1.5e+20",
    "1.0", "1",
    "4.50", "4.5",
    "-0.25", "-0.25",
    "-0", "0",
    "123456.789", "123456.789",
    "3.14159265358979", "3.14159265358979",
    "2.718281828459045", "2.718281828459045",
    " 42 ", "42",
    "not a number", "not a number",
    NULL
  };
  g_autoptr(GString) data = g_string_new ("<row r=\"1\">" IS ("A1", "stored") IS ("B1", "read") "</row>");
  g_autoptr(GString) expected = g_string_new ("columns: stored|read\n");

  for (guint i = 0; numbers[i] != NULL; i += 2)
    {
      guint row = i / 2 + 2;

      g_string_append_printf (data, "<row r=\"%u\"><c r=\"A%u\" t=\"inlineStr\"><is><t>%s</t></is></c>"
                              "<c r=\"B%u\"><v>%s</v></c></row>",
                              row, row, numbers[i], row, numbers[i]);
      g_string_append_printf (expected, "%u: %s|%s\n", row, numbers[i], numbers[i + 1]);
    }

  write_simple_xlsx (path, data->str);
  assert_table (path, NULL, expected->str);
}

/* 0 General, 1 built-in date (14), 2 date and time (22), 3 time (20),
 * 4 duration (46), 5 custom date, 6 a number with a quoted "d", 7 custom
 * duration, 8 a colour, 9 a time with AM/PM, 10 a custom "mmm" month. */
#define DATE_STYLES \
  "<numFmts count=\"6\">" \
  "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\"/>" \
  "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/>" \
  "<numFmt numFmtId=\"166\" formatCode=\"[h]:mm:ss\"/>" \
  "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.00;[Blue]\\-0.00\"/>" \
  "<numFmt numFmtId=\"168\" formatCode=\"h:mm AM/PM\"/>" \
  "<numFmt numFmtId=\"169\" formatCode=\"[$-409]mmm\\ yyyy;@\"/>" \
  "</numFmts>" \
  "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>" \
  "<cellXfs count=\"11\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"22\"/>" \
  "<xf numFmtId=\"20\"/><xf numFmtId=\"46\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>" \
  "<xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/><xf numFmtId=\"169\"/></cellXfs>"

static void
test_xlsx_dates_1900 (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "dates.xlsx");
  static const struct
  {
    const char *value;
    guint       style;
    const char *expected;
  } dates[] = {
    { "45356", 1, "2024-03-05" },
    { "45356.604166666664", 1, "2024-03-05T14:30:00" },
    { "45356.5", 2, "2024-03-05T12:00:00" },
    { "45356", 2, "2024-03-05" },
    { "45356.000011574", 2, "2024-03-05T00:00:01" },
    { "45356.999999999", 2, "2024-03-06" },
    { "45356.25001", 2, "2024-03-05T06:00:00.864" },
    { "59", 1, "1900-02-28" },
    { "60", 1, "1900-02-29" },     /* Excel's leap day that never was */
    { "61", 1, "1900-03-01" },
    { "1", 1, "1900-01-01" },
    { "2958465", 1, "9999-12-31" },
    { "2958466", 1, "2958466" },
    { "-1", 1, "-1" },
    { "0.604166666666667", 3, "14:30:00" },
    { "45356.604166666664", 3, "2024-03-05T14:30:00" },
    { "1.5", 4, "36:00:00" },
    { "44000", 5, "2020-06-18" },
    { "3.5", 6, "3.5" },
    { "1.25", 7, "30:00:00" },
    { "2.5", 8, "2.5" },
    { "0.75", 9, "18:00:00" },
    { "45352", 10, "2024-03-01" },
    { "45356", 0, "45356" },
    { "45356", 99, "45356" },      /* a style that does not exist */
  };
  g_autoptr(GString) data = g_string_new ("<row r=\"1\">" IS ("A1", "value") IS ("B1", "date") "</row>");
  g_autoptr(GString) expected = g_string_new ("columns: value|date\n");
  const char *sheets[] = { "Sheet1", NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      guint row = i + 2;

      g_string_append_printf (data, "<row r=\"%u\"><c r=\"A%u\" t=\"inlineStr\"><is><t>%s/%u</t></is></c>"
                              "<c r=\"B%u\" s=\"%u\"><v>%s</v></c></row>",
                              row, row, dates[i].value, dates[i].style, row, dates[i].style, dates[i].value);
      g_string_append_printf (expected, "%u: %s/%u|%s\n", row, dates[i].value, dates[i].style, dates[i].expected);
    }

  sheets[1] = data->str;
  write_xlsx (path, NULL, NULL, DATE_STYLES, sheets);
  assert_table (path, NULL, expected->str);
}

static void
test_xlsx_dates_1904 (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "dates-1904.xlsx");
  const char *sheets[] = {
    "Sheet1",
    "<row r=\"1\">" IS ("A1", "date") "</row>"
    "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>0</v></c></row>"
    "<row r=\"3\"><c r=\"A3\" s=\"1\"><v>43894</v></c></row>"
    "<row r=\"4\"><c r=\"A4\" s=\"2\"><v>43894.25</v></c></row>"
    "<row r=\"5\"><c r=\"A5\" s=\"1\"><v>60</v></c></row>",
    NULL
  };

  write_xlsx (path, "<workbookPr date1904=\"1\" defaultThemeVersion=\"124226\"/>", NULL, DATE_STYLES, sheets);
  assert_table (path, NULL,
                "columns: date\n"
                "2: 1904-01-01\n"
                "3: 2024-03-05\n"
                "4: 2024-03-05T06:00:00\n"
                "5: 1904-03-01\n");

  /* Excel 2010 and later add an <x14:workbookPr> in the extension list,
   * which says nothing of dates: the 1904 system still holds. */
  write_xlsx (path, "<workbookPr date1904=\"1\"/>"
              "<extLst><ext uri=\"{140A7794-F4BE-4C5B-9BF2-F2A7B5C0F3F6}\" "
              "xmlns:x14=\"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main\">"
              "<x14:workbookPr defaultImageDpi=\"330\"/></ext></extLst>", NULL, DATE_STYLES, sheets);
  assert_table (path, NULL,
                "columns: date\n"
                "2: 1904-01-01\n"
                "3: 2024-03-05\n"
                "4: 2024-03-05T06:00:00\n"
                "5: 1904-03-01\n");

  write_xlsx (path, "<workbookPr date1904=\"true\"/>", NULL, DATE_STYLES, sheets);
  assert_table (path, NULL,
                "columns: date\n"
                "2: 1904-01-01\n"
                "3: 2024-03-05\n"
                "4: 2024-03-05T06:00:00\n"
                "5: 1904-03-01\n");
}

static void
test_xlsx_booleans_errors (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "booleans.xlsx");

  write_simple_xlsx (path,
                     "<row r=\"1\">" IS ("A1", "yes") IS ("B1", "no") IS ("C1", "error") IS ("D1", "na")
                     IS ("E1", "iso") "</row>"
                     "<row r=\"2\"><c r=\"A2\" t=\"b\"><v>1</v></c><c r=\"B2\" t=\"b\"><v>0</v></c>"
                     "<c r=\"C2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"D2\" t=\"e\"><v>#N/A</v></c>"
                     "<c r=\"E2\" t=\"d\"><v>2024-03-05T10:00:00</v></c></row>"
                     "<row r=\"3\"><c r=\"A3\" t=\"b\"><f>TRUE()</f><v>1</v></c></row>");
  assert_table (path, NULL,
                "columns: yes|no|error|na|iso\n"
                "2: TRUE|FALSE|#DIV/0!|#N/A|2024-03-05T10:00:00\n"
                "3: TRUE||||\n");
}

static void
test_xlsx_gaps (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "gaps.xlsx");
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  write_simple_xlsx (path,
                     "<row r=\"1\">" IS ("A1", "a") IS ("B1", "b") IS ("C1", "c") IS ("D1", "d") IS ("E1", "e")
                     "<c r=\"F1\" s=\"1\"/></row>"
                     /* C then E: B and D are empty */
                     "<row r=\"2\"><c r=\"A2\"><v>1</v></c><c r=\"C2\"><v>3</v></c><c r=\"E2\"><v>5</v></c></row>"
                     /* row 3 is not there at all */
                     "<row r=\"4\"><c r=\"E4\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
                     /* an empty cell with a style is still empty */
                     "<row r=\"7\"><c r=\"A7\" s=\"1\"/><c r=\"B7\"><v>2</v></c></row>"
                     /* no references: one column after the other */
                     "<row r=\"8\"><c><v>1</v></c><c><v>2</v></c></row>"
                     "<row><c r=\"C9\"><v>3</v></c><c><v>4</v></c></row>"
                     /* blank rows */
                     "<row r=\"10\"/>"
                     "<row r=\"11\"><c r=\"A11\" s=\"1\"/><c r=\"B11\" t=\"s\"/><c r=\"C11\" t=\"inlineStr\"><is><t/></is></c></row>"
                     "<row r=\"12\" spans=\"1:7\"><c r=\"a12\"><v>1</v></c><c r=\"G12\"><v>7</v></c></row>");
  /* Cells past the header get columns of their own. */
  assert_table (path, NULL,
                "columns: a|b|c|d|e|Column 6|Column 7\n"
                "2: 1||3||5\n"
                "4: ||||x\n"
                "7: |2|||\n"
                "8: 1|2|||\n"
                "9: ||3|4|\n"
                "12: 1||||||7\n");

  reader = open_table (path, NULL, &error);
  g_assert_no_error (error);
  while (waymark_table_reader_next (reader, cells, NULL, &error))
    ;
  g_assert_no_error (error);
  problems = waymark_table_reader_get_problems (reader);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (problems, 0), ==,
                   "line 12: 2 cells past the columns before, now columns “Column 6” to “Column 7”");
  /* The rows left out of the file and the blank ones are blank rows, said
   * with their numbers, not dropped in silence. */
  {
    g_autofree char *blank = waymark_table_reader_describe_blank_rows (reader);

    g_assert_cmpstr (blank, ==, "5 blank rows (lines 3, 5, 6, 10, 11) are not counted");
  }
}

static void
test_xlsx_sheets (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "sheets.xlsx");
  g_autoptr(GFile) file = NULL;
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *sheets[] = {
    "First", "<row r=\"1\">" IS ("A1", "sheet") "</row><row r=\"2\">" IS ("A2", "one") "</row>",
    "Second", "<row r=\"1\">" IS ("A1", "sheet") "</row><row r=\"2\">" IS ("A2", "two") "</row>",
    "Third & more", "<row r=\"1\">" IS ("A1", "sheet") "</row><row r=\"2\">" IS ("A2", "three") "</row>",
    NULL
  };
  const char *expected[] = { "First", "Second", "Third & more", NULL };

  write_xlsx (path, NULL, NULL, NULL, sheets);
  file = g_file_new_for_path (path);

  names = waymark_spreadsheet_list_sheets (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected);

  assert_table (path, NULL, "columns: sheet\n2: one\n");
  assert_table (path, "Second", "columns: sheet\n2: two\n");
  assert_table (path, "Third & more", "columns: sheet\n2: three\n");

  /* The recipe names the sheet that was read. */
  reader = open_table (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_table_reader_get_format (reader), ==, "xlsx");
  g_assert_cmpstr (waymark_table_reader_get_options (reader)->sheet, ==, "First");
  g_assert_cmpint (waymark_table_reader_get_options (reader)->header_rows, ==, 1);

  g_clear_object (&reader);
  reader = open_table (path, "second", &error);
  g_assert_null (reader);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_cmpstr (error->message, ==, "no sheet named “second”; the sheets are “First”, “Second”, “Third & more”");
  g_clear_error (&error);
}

static void
test_xlsx_relative_parts (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "parts.xlsx");
  const char *sheets[] = { "Sheet1", "<row r=\"1\">" IS ("A1", "x") "</row><row r=\"2\"><c t=\"s\"><v>0</v></c></row>", NULL };
  g_autoptr(Members) members = xlsx_members (NULL, NULL, NULL, sheets);

  /* Targets relative to the package root, climbing back into it, and
   * member names in another case: all inside the zip, all fine. */
  members_set (members, "xl/_rels/workbook.xml.rels",
               XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
               "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"/xl/worksheets/sheet1.xml\"/>"
               "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"../xl/./Shared%20Strings.XML\"/>"
               "</Relationships>");
  members_set (members, "xl/shared strings.xml", XML_DECL "<sst xmlns=\"" MAIN_NS "\"><si><t>shared</t></si></sst>");
  members_write (members, path);

  assert_table (path, NULL, "columns: x\n2: shared\n");
}

/* Renames member @from to @to, keeping its data. */
static void
members_rename (Members    *members,
                const char *from,
                const char *to)
{
  for (guint i = 0; i < members->names->len; i++)
    if (g_str_equal (g_ptr_array_index (members->names, i), from))
      {
        g_free (members->names->pdata[i]);
        members->names->pdata[i] = g_strdup (to);
        return;
      }
  g_assert_not_reached ();
}

/*
 * /waymark/spreadsheet/xlsx/windows-names — some Windows tools write
 * member names and relationship targets with backslashes
 * ("xl\worksheets\sheet1.xml"): they open like any other workbook.
 */
static void
test_xlsx_windows_names (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "windows.xlsx");
  const char *sheets[] = { "Sheet1", "<row r=\"1\">" IS ("A1", "x") "</row><row r=\"2\"><c t=\"s\"><v>0</v></c></row>", NULL };
  g_autoptr(Members) members = xlsx_members (NULL, "<si><t>shared</t></si>", NULL, sheets);

  for (guint i = 0; i < members->names->len; i++)
    g_strdelimit (g_ptr_array_index (members->names, i), "/", '\\');
  members_set (members, "xl\\_rels\\workbook.xml.rels",
               XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
               "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets\\sheet1.xml\"/>"
               "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
               "</Relationships>");
  members_write (members, path);

  assert_table (path, NULL, "columns: x\n2: shared\n");
}

/*
 * /waymark/spreadsheet/xlsx/workbook-elsewhere — the workbook is where
 * the package's _rels/.rels says, not only at xl/workbook.xml, and its
 * parts are relative to it.
 */
static void
test_xlsx_workbook_elsewhere (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "elsewhere.xlsx");
  const char *sheets[] = { "Sheet1", "<row r=\"1\">" IS ("A1", "x") "</row><row r=\"2\"><c t=\"s\"><v>0</v></c></row>", NULL };
  g_autoptr(Members) members = xlsx_members (NULL, "<si><t>shared</t></si>", NULL, sheets);

  members_rename (members, "xl/workbook.xml", "book/main.xml");
  members_rename (members, "xl/_rels/workbook.xml.rels", "book/_rels/main.xml.rels");
  members_rename (members, "xl/worksheets/sheet1.xml", "book/worksheets/sheet1.xml");
  members_rename (members, "xl/sharedStrings.xml", "book/sharedStrings.xml");
  members_set (members, "_rels/.rels",
               XML_DECL "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" "
               "Type=\"" REL_NS "/officeDocument\" Target=\"book/main.xml\"/></Relationships>");
  members_write (members, path);

  assert_table (path, NULL, "columns: x\n2: shared\n");
}

static void
test_xlsx_cancel (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "long.xlsx");
  g_autoptr(GString) rows = g_string_new ("<row r=\"1\">" IS ("A1", "n") "</row>");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = NULL;
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  guint n_rows = 0;

  for (guint row = 2; row < 50000; row++)
    g_string_append_printf (rows, "<row r=\"%u\"><c r=\"A%u\"><v>%u</v></c></row>", row, row, row);
  write_simple_xlsx (path, rows->str);
  file = g_file_new_for_path (path);

  reader = waymark_table_reader_open (file, NULL, cancellable, &error);
  g_assert_no_error (error);
  g_assert_true (waymark_table_reader_next (reader, cells, NULL, &error));
  g_assert_cmpuint (waymark_table_reader_get_position (reader), >, 0);
  g_assert_cmpuint (waymark_table_reader_get_position (reader), <, waymark_table_reader_get_size (reader));

  /* What libxml2 has buffered still comes out; then the reading stops. */
  g_cancellable_cancel (cancellable);
  while (waymark_table_reader_next (reader, cells, NULL, &error))
    n_rows++;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (n_rows, <, 1000);

  /* and stays stopped */
  g_clear_error (&error);
  g_assert_false (waymark_table_reader_next (reader, cells, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ODS */

static void
test_ods_values (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "values.ods");

  write_ods (path,
             "<table:table table:name=\"Data\" table:style-name=\"ta1\">"
             "<table:table-column table:number-columns-repeated=\"4\"/>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\" calcext:value-type=\"string\"><text:p>text</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>number</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>when</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>other</text:p></table:table-cell>"
             "</table:table-row>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\"><text:p>a<text:s text:c=\"3\"/>b<text:tab/>c<text:s/></text:p>"
             "<text:p>second <text:span text:style-name=\"T1\">line</text:span></text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"float\" office:value=\"9\" calcext:value-type=\"float\"><text:p>9.00</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-05\"><text:p>03/05/24</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>"
             "</table:table-row>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\"><office:annotation><dc:creator>Someone</dc:creator>"
             "<text:p>a comment</text:p></office:annotation><text:p>visible</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"percentage\" office:value=\"0.25\"><text:p>25%</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-05T14:30:00\"><text:p>03/05/24 14:30</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"false\"><text:p>FALSE</text:p></table:table-cell>"
             "</table:table-row>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\"><text:p>one<text:line-break/>two</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"currency\" office:currency=\"EUR\" office:value=\"12.5\"><text:p>12,50 €</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT14H30M00S\"><text:p>14:30</text:p></table:table-cell>"
             "<table:table-cell table:formula=\"of:=1/0\" office:value-type=\"float\" office:value=\"0\" calcext:value-type=\"error\"><text:p>#DIV/0!</text:p></table:table-cell>"
             "</table:table-row>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"float\" office:value=\"0.30000000000000004\"/>"
             "<table:table-cell office:value-type=\"float\" office:value=\"1E-07\"/>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT36H00M00S\"/>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT00H00M01.5S\"/>"
             "</table:table-row>"
             /* LibreOffice keeps microseconds in a time. */
             "<table:table-row>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT13H05M09.123456S\"/>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT00H00M00.000001S\"/>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"PT00H00M02.25S\"/>"
             "<table:table-cell office:value-type=\"date\" office:date-value=\"2024-03-05T14:30:00.654321\"/>"
             "</table:table-row>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\" office:string-value=\"from the attribute\"/>"
             "<table:table-cell office:value-type=\"string\"><text:p><text:a xlink:href=\"https://example.org/\">a link</text:a></text:p>"
             "<draw:frame draw:name=\"Image 1\"><draw:text-box><text:p>not text</text:p></draw:text-box></draw:frame></table:table-cell>"
             "<table:table-cell office:value-type=\"time\" office:time-value=\"P1DT2H\"/>"
             "<table:table-cell office:value-type=\"float\" office:value=\"9007199254740993\"/>"
             "</table:table-row>"
             "</table:table>");
  assert_table (path, NULL,
                "columns: text|number|when|other\n"
                "2: a   b\\tc \\nsecond line|9|2024-03-05|TRUE\n"
                "3: visible|0.25|2024-03-05T14:30:00|FALSE\n"
                "4: one\\ntwo|12.5|14:30:00|#DIV/0!\n"
                "5: 0.30000000000000004|1e-07|36:00:00|00:00:01.500\n"
                "6: 13:05:09.123456|00:00:00.000001|00:00:02.250|2024-03-05T14:30:00.654321\n"
                "7: from the attribute|a link|26:00:00|9007199254740992\n");
}

static void
test_ods_repeats (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "repeats.ods");
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  /* As LibreOffice writes a small sheet: 1024 columns, and the rows after
   * the data repeated to the 1,048,576th. */
  write_ods (path,
             "<table:table table:name=\"Sheet1\">"
             "<table:table-column table:number-columns-repeated=\"1024\"/>"
             "<table:table-row>"
             "<table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>b</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>c</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>d</text:p></table:table-cell>"
             "<table:table-cell office:value-type=\"string\"><text:p>e</text:p></table:table-cell>"
             "<table:table-cell table:number-columns-repeated=\"1019\"/>"
             "</table:table-row>"
             "<table:table-row table:number-rows-repeated=\"3\">"
             "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"2\"/>"
             "<table:table-cell table:number-columns-repeated=\"2\"/>"
             "<table:table-cell office:value-type=\"string\"><text:p>x</text:p></table:table-cell>"
             "<table:table-cell table:number-columns-repeated=\"1019\"/>"
             "</table:table-row>"
             "<table:table-row table:number-rows-repeated=\"2\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
             "<table:table-header-rows><table:table-row>"
             "<table:table-cell table:number-columns-spanned=\"2\" table:number-rows-spanned=\"1\" office:value-type=\"string\"><text:p>merged</text:p></table:table-cell>"
             "<table:covered-table-cell/>"
             "<table:table-cell office:value-type=\"float\" office:value=\"3\"/>"
             "<table:table-cell table:number-columns-repeated=\"1021\"/>"
             "</table:table-row></table:table-header-rows>"
             "<table:table-row table:number-rows-repeated=\"1048569\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
             "</table:table>"
             "<table:table table:name=\"Sheet2\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>other</text:p></table:table-cell></table:table-row></table:table>");

  /* Nothing of the million empty rows is expanded: with a budget of
   * made-up cells far below a million rows' worth, the sheet still reads. */
  _waymark_spreadsheet_set_budget_slack (100000, WAYMARK_SPREADSHEET_BUDGET_BYTES);
  assert_table (path, NULL,
                "columns: a|b|c|d|e\n"
                "2: 1|1|||x\n"
                "3: 1|1|||x\n"
                "4: 1|1|||x\n"
                "7: merged||3||\n");
  _waymark_spreadsheet_set_budget_slack (WAYMARK_SPREADSHEET_BUDGET_CELLS, WAYMARK_SPREADSHEET_BUDGET_BYTES);

  reader = open_table (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (waymark_table_reader_get_format (reader), ==, "ods");
  g_assert_cmpstr (waymark_table_reader_get_options (reader)->sheet, ==, "Sheet1");
}

static void
test_ods_sheets (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "sheets.ods");
  g_autofree char *renamed = path_in (fixture, "really-an-ods.xlsx");
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  const char *expected[] = { "Alpha", "Beta & Gamma", NULL };
  const char *tables =
    "<table:table table:name=\"Alpha\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>sheet</text:p></table:table-cell></table:table-row>"
    "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>alpha</text:p></table:table-cell></table:table-row></table:table>"
    "<table:table table:name=\"Beta &amp; Gamma\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>sheet</text:p></table:table-cell></table:table-row>"
    "<table:table-row-group><table:table-row><table:table-cell office:value-type=\"string\"><text:p>beta</text:p></table:table-cell></table:table-row></table:table-row-group></table:table>";

  write_ods (path, tables);
  file = g_file_new_for_path (path);
  names = waymark_spreadsheet_list_sheets (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (names, expected);

  assert_table (path, NULL, "columns: sheet\n2: alpha\n");
  assert_table (path, "Beta & Gamma", "columns: sheet\n2: beta\n");
  g_assert_null (read_table (path, "Delta", &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_assert_cmpstr (error->message, ==, "no sheet named “Delta”; the sheets are “Alpha”, “Beta & Gamma”");
  g_clear_error (&error);

  /* The content decides, not the name. */
  write_ods (renamed, tables);
  assert_table (renamed, "Beta & Gamma", "columns: sheet\n2: beta\n");
}

static void
test_ods_other_documents (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "text.ods");
  g_autoptr(Members) members = ods_members ("");
  g_autoptr(Members) encrypted = ods_members ("");

  members_set (members, "mimetype", "application/vnd.oasis.opendocument.text");
  members_write (members, path);
  g_free (assert_refused (path, "not a spreadsheet: an OpenDocument file of type “application/vnd.oasis.opendocument.text”"));

  members_set (encrypted, "META-INF/manifest.xml",
               XML_DECL "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
               "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">"
               "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\"/>"
               "</manifest:file-entry></manifest:manifest>");
  members_set (encrypted, "content.xml", "\x8f\x03\xa1 ciphertext");
  members_write (encrypted, path);
  g_free (assert_refused (path, "protected by a password"));

  /* A spreadsheet without a sheet */
  write_ods (path, "");
  g_free (assert_refused (path, "content.xml: the spreadsheet has no sheets"));
}

/* Hostile files */

static void
test_hostile_not_a_zip (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "book.xlsx");
  g_autofree char *damaged = path_in (fixture, "damaged.ods");
  g_autofree char *xls = path_in (fixture, "old.xls");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  static const guint8 ole2[16] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };
  char garbage[600] = "PK\003\004";

  g_assert_true (g_file_set_contents (path, "a,b\n1,2\n", -1, NULL));
  g_free (assert_refused (path, "not a spreadsheet: the file is not a zip container"));
  g_assert_null (waymark_spreadsheet_list_sheets (file, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT);
  g_clear_error (&error);

  /* A zip header and then nothing that makes sense */
  memset (garbage + 4, 'x', sizeof garbage - 4);
  g_assert_true (g_file_set_contents (damaged, garbage, sizeof garbage, NULL));
  g_free (assert_refused (damaged, "not a spreadsheet: the zip container is damaged"));

  g_assert_true (g_file_set_contents (xls, (const char *) ole2, sizeof ole2, NULL));
  g_free (assert_refused (xls, "an old Excel .xls file or a password-protected workbook"));
}

static void
test_hostile_no_workbook (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "archive.xlsx");
  const char *sheets[] = { "Sheet1", "", NULL };
  g_autoptr(Members) members = members_new ();
  g_autoptr(Members) no_sheet = xlsx_members (NULL, NULL, NULL, sheets);
  g_autoptr(Members) no_sheets = xlsx_members (NULL, NULL, NULL, sheets);

  members_set (members, "hello.txt", "hello");
  members_set (members, "xl/worksheets/sheet1.xml", "<worksheet/>");
  members_write (members, path);
  g_free (assert_refused (path, "not a spreadsheet (a zip file without a workbook)"));

  /* A workbook whose sheet is missing from the zip */
  members_set (no_sheet, "xl/_rels/workbook.xml.rels",
               XML_DECL "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/gone.xml\"/></Relationships>");
  members_write (no_sheet, path);
  g_free (assert_refused (path, "the spreadsheet has no part “xl/worksheets/gone.xml”"));

  members_set (no_sheets, "xl/workbook.xml", XML_DECL "<workbook xmlns=\"" MAIN_NS "\"><sheets/></workbook>");
  members_write (no_sheets, path);
  g_free (assert_refused (path, "xl/workbook.xml: the workbook has no sheets"));
}

/* @part of an otherwise good workbook replaced by @content. */
static void
write_xlsx_with (const char *path,
                 const char *part,
                 const char *content)
{
  const char *sheets[] = { "Sheet1", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", NULL };
  g_autoptr(Members) members = xlsx_members (NULL, "<si><t>name</t></si>", DATE_STYLES, sheets);

  members_set (members, part, content);
  members_write (members, path);
}

static void
assert_refused_quickly (const char *path,
                        const char *expected)
{
  /* Refused for the reason expected, the budget or the limit, before a
   * bomb goes off (which would take minutes, or never end). */
  g_autofree char *message = assert_refused (path, expected);

  g_assert_null (strstr (message, "lollol"));
  g_assert_null (strstr (message, "root:"));
}

static void
test_hostile_doctype (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "laughs.xlsx");
  g_autofree char *ods = path_in (fixture, "laughs.ods");
  g_autoptr(Members) members = ods_members ("");
  static const char *parts[] = {
    "xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels",
  };
  const char *laughs =
    "<?xml version=\"1.0\"?>\n" BILLION_LAUGHS
    "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "&lol9;") "</row></sheetData></worksheet>";

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s has a DOCTYPE, which spreadsheets never need", parts[i]);

      write_xlsx_with (path, parts[i], laughs);
      assert_refused_quickly (path, expected);
    }

  /* Behind a byte order mark, a declaration, comments and instructions */
  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- a - comment -->\n<?pi data?>"
                   "<!---->\r\n\t<!DOCTYPE worksheet>"
                   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData/></worksheet>");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml has a DOCTYPE");

  /* The ODS content */
  members_set (members, "content.xml", laughs);
  members_write (members, ods);
  assert_refused_quickly (ods, "content.xml has a DOCTYPE");
}

static void
test_hostile_utf16 (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "utf16.xlsx");
  const char *sheets[] = { "Sheet1", "", NULL };
  g_autoptr(Members) members = xlsx_members (NULL, NULL, NULL, sheets);
  g_autoptr(Members) hostile = xlsx_members (NULL, NULL, NULL, sheets);
  const char *good = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>"
                     "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "naïve") "</row>"
                     "<row r=\"2\">" IS ("A2", "東京") "</row></sheetData></worksheet>";
  const char *bad = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "&x;") "</row></sheetData></worksheet>";
  gsize length = 0;
  char *utf16;
  GString *with_bom;

  /* UTF-16 is allowed (little-endian with a BOM, as Excel would)… */
  utf16 = g_convert (good, -1, "UTF-16LE", "UTF-8", NULL, &length, NULL);
  with_bom = g_string_new_len ("\xFF\xFE", 2);
  g_string_append_len (with_bom, utf16, length);
  g_free (utf16);
  members_set_bytes (members, "xl/worksheets/sheet1.xml", g_string_free_to_bytes (with_bom));
  members_write (members, path);
  assert_table (path, NULL, "columns: naïve\n2: 東京\n");

  /* …and checked for a DOCTYPE too, big-endian without a BOM here. */
  utf16 = g_convert (bad, -1, "UTF-16BE", "UTF-8", NULL, &length, NULL);
  members_set_bytes (hostile, "xl/worksheets/sheet1.xml", g_bytes_new_take (utf16, length));
  members_write (hostile, path);
  assert_refused_quickly (path, "has a DOCTYPE");

  /* UCS-4 is not for spreadsheets */
  members_set_bytes (hostile, "xl/worksheets/sheet1.xml", g_bytes_new ("\0\0\0<\0\0\0?", 8));
  members_write (hostile, path);
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml is not in UTF-8 or UTF-16");
}

static void
test_hostile_external_entity (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "xxe.xlsx");
  g_autoptr(GError) error = NULL;
  g_autofree char *table = NULL;

  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "&xxe;") "</row></sheetData></worksheet>");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml has a DOCTYPE");

  write_xlsx_with (path, "xl/sharedStrings.xml",
                   "<!DOCTYPE sst SYSTEM \"file:///etc/passwd\"><sst xmlns=\"" MAIN_NS "\"><si><t>x</t></si></sst>");
  assert_refused_quickly (path, "xl/sharedStrings.xml has a DOCTYPE");

  /* An entity no DTD declares is an error, not a lookup */
  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "&xxe;") "</row></sheetData></worksheet>");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml, line 1: ");

  /* The encoding comes from the bytes: a UTF-7 declaration cannot smuggle a DOCTYPE in. */
  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-7\"?>+ADw-!DOCTYPE w +AFs-+ADw-!ENTITY xxe SYSTEM +ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-"
                   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "+ACY-xxe+ADs-") "</row></sheetData></worksheet>");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml, line 1: ");

  /* XInclude is never processed */
  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<worksheet xmlns=\"" MAIN_NS "\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"><sheetData><row r=\"1\">"
                   "<c r=\"A1\" t=\"inlineStr\"><is><t>head<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></t></is></c>"
                   "</row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t><xi:include href=\"/etc/passwd\" parse=\"text\"/></t></is></c>"
                   "<c r=\"B2\"><v>1</v></c></row></sheetData></worksheet>");
  table = read_table (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (table, ==, "columns: head|Column 2\n2: |1\n");
}

static void
test_hostile_zip_bomb (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "bomb.xlsx");
  g_autofree char *ods = path_in (fixture, "bomb.ods");
  g_autoptr(GString) big = g_string_new ("<worksheet xmlns=\"" MAIN_NS "\"><sheetData>");
  g_autoptr(GString) strings = g_string_new (NULL);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(Members) members = ods_members ("");
  guint64 old_member_limit, old_strings_limit;

  /* 3 MB that deflate to a few kilobytes, against a limit of 1 MiB */
  g_string_append_len (big, "<row r=\"1\">" IS ("A1", "x") "</row>", strlen ("<row r=\"1\">" IS ("A1", "x") "</row>"));
  while (big->len < 3 * 1000 * 1000)
    g_string_append (big, "<row/>                                                                  ");
  g_string_append (big, "</sheetData></worksheet>");
  write_xlsx_with (path, "xl/worksheets/sheet1.xml", big->str);

  old_member_limit = _waymark_spreadsheet_set_member_limit (1024 * 1024);
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml is larger than 1.0\xC2\xA0MB once decompressed, which no spreadsheet needs (a zip bomb?)");

  members_set (members, "content.xml", big->str);
  members_write (members, ods);
  assert_refused_quickly (ods, "content.xml is larger than 1.0\xC2\xA0MB once decompressed");
  _waymark_spreadsheet_set_member_limit (old_member_limit);

  /* The shared strings have their own, lower limit. */
  for (guint i = 0; i < 200; i++)
    g_string_append_printf (strings, "<si><t>string number %u</t></si>", i);
  g_string_prepend (strings, "<sst xmlns=\"" MAIN_NS "\">");
  g_string_append (strings, "</sst>");
  write_xlsx_with (path, "xl/sharedStrings.xml", strings->str);
  assert_table (path, NULL, "columns: string number 0\n");

  old_strings_limit = _waymark_spreadsheet_set_shared_strings_limit (2000);
  assert_refused_quickly (path, "xl/sharedStrings.xml, line 1: the shared strings take more than 2.0\xC2\xA0kB, which no spreadsheet needs");
  _waymark_spreadsheet_set_shared_strings_limit (old_strings_limit);
  assert_table (path, NULL, "columns: string number 0\n");
}

static void
test_hostile_path_traversal (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "traversal.xlsx");
  static const struct
  {
    const char *target;
    const char *expected;
  } targets[] = {
    { "../../etc/passwd", "the part name “../../etc/passwd” points outside the spreadsheet" },
    { "/../etc/passwd", "the part name “/../etc/passwd” points outside the spreadsheet" },
    { "worksheets/../../../sheet1.xml", "points outside the spreadsheet" },
    { "..%2F..%2Fetc%2Fpasswd", "the part name “..%2F..%2Fetc%2Fpasswd” is not valid" },
    { "%2E%2E/%2E%2E/etc/passwd", "points outside the spreadsheet" },
    { "file:///etc/passwd", "the part name “file:///etc/passwd” is not a name inside the spreadsheet" },
    { "C:\\Windows\\win.ini", "is not a name inside the spreadsheet" },
    { "\\\\server\\share\\sheet.xml", "is not a name inside the spreadsheet" },
    { "", "is not valid" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *target = g_markup_escape_text (targets[i].target, -1);
      g_autofree char *rels = g_strdup_printf (XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
                                               "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"%s\"/>"
                                               "</Relationships>", target);

      write_xlsx_with (path, "xl/_rels/workbook.xml.rels", rels);
      g_free (assert_refused (path, targets[i].expected));
    }

  /* The shared strings are looked for by their relationship too. */
  write_xlsx_with (path, "xl/_rels/workbook.xml.rels",
                   XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
                   "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                   "<Relationship Id=\"rId2\" Type=\"" REL_NS "/sharedStrings\" Target=\"../../../../etc/passwd\"/>"
                   "</Relationships>");
  g_free (assert_refused (path, "points outside the spreadsheet"));

  /* A sheet somewhere else on the web */
  write_xlsx_with (path, "xl/_rels/workbook.xml.rels",
                   XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
                   "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"https://example.org/sheet.xml\" TargetMode=\"External\"/>"
                   "</Relationships>");
  g_free (assert_refused (path, "xl/_rels/workbook.xml.rels does not say where sheet “Sheet1” is"));
}

static void
test_hostile_columns (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "wide.xlsx");
  g_autofree char *ods = path_in (fixture, "wide.ods");
  g_autoptr(GString) row = g_string_new ("<row r=\"1\">");

  for (guint i = 0; i < 20000; i++)
    g_string_append (row, "<c><v>1</v></c>");
  g_string_append (row, "</row>");
  write_simple_xlsx (path, row->str);
  g_free (assert_refused (path, "xl/worksheets/sheet1.xml, cell XFE1: more than the 16384 columns Waymark reads"));

  /* As far right as a reference goes */
  write_simple_xlsx (path, "<row r=\"1\">" IS ("A1", "a") "</row><row r=\"2\"><c r=\"ZZZZZZZZZZZZZZZZ2\"><v>1</v></c></row>");
  g_free (assert_refused (path, "more than the 16384 columns Waymark reads"));

  /* Empty cells so far right are still nothing. */
  write_simple_xlsx (path, "<row r=\"1\">" IS ("A1", "a") "</row><row r=\"2\"><c r=\"ZZZZZZ2\" s=\"1\"/></row>");
  assert_table (path, NULL, "columns: a\n");

  write_ods (ods,
             "<table:table table:name=\"Sheet1\"><table:table-row>"
             "<table:table-cell table:number-columns-repeated=\"5000\"/>"
             "<table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"15000\"/>"
             "</table:table-row></table:table>");
  g_free (assert_refused (ods, "content.xml, cell XFE1: more than the 16384 columns Waymark reads"));

  write_ods (ods,
             "<table:table table:name=\"Sheet1\"><table:table-row>"
             "<table:table-cell table:number-columns-repeated=\"4294967295\"/>"
             "<table:table-cell table:number-columns-repeated=\"18446744073709551615\"/>"
             "<table:table-cell office:value-type=\"string\"><text:p>far</text:p></table:table-cell>"
             "</table:table-row></table:table>");
  g_free (assert_refused (ods, "more than the 16384 columns Waymark reads"));
}

static void
test_hostile_rows (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "tall.ods");

  write_ods (path,
             "<table:table table:name=\"Sheet1\">"
             "<table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell></table:table-row>"
             "<table:table-row table:number-rows-repeated=\"100000000\"><table:table-cell office:value-type=\"float\" office:value=\"1\"/></table:table-row>"
             "</table:table>");
  g_free (assert_refused (path, "rows past the 16777216 a spreadsheet can hold"));
  assert_refused_quickly (path, "content.xml, line ");
}

static void
test_hostile_attributes (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "attributes.xlsx");
  g_autoptr(GString) sheet = g_string_new ("<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">"
                                           "<c r=\"A1\" t=\"inlineStr\"");
  g_autoptr(GString) many = g_string_new ("<worksheet xmlns=\"" MAIN_NS "\"");

  /* libxml2 2.9 takes time quadratic in an element's attributes */
  for (guint i = 0; i < 200000; i++)
    g_string_append_printf (sheet, " a%u=''", i);
  g_string_append (sheet, "><is><t>x</t></is></c></row></sheetData></worksheet>");
  write_xlsx_with (path, "xl/worksheets/sheet1.xml", sheet->str);
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml has an element with more than 1000 attributes, which no spreadsheet needs");

  /* Quotes, comments, CDATA and instructions with '=' and '>' in them do
   * not count, and a few hundred attributes are fine. */
  for (guint i = 0; i < 500; i++)
    g_string_append_printf (many, " xmlns:n%u=\"urn:x:%u\"", i, i);
  g_string_append (many, " a=\"x>y='z'\" b='\"=\"'><!-- a=1 b=2 > c=3 --><?pi a=1 > b=2?><sheetData>"
                         "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t><![CDATA[a=1 > <b c=2>]]></t></is></c></row>"
                         "</sheetData></worksheet>");
  write_xlsx_with (path, "xl/worksheets/sheet1.xml", many->str);
  assert_table (path, NULL, "columns: a=1 > <b c=2>\n");
}

static void
test_hostile_expansion (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "sparse.xlsx");
  g_autofree char *ods = path_in (fixture, "repeated.ods");
  g_autoptr(GString) rows = g_string_new ("<row r=\"1\">" IS ("A1", "a") "</row>");
  g_autoptr(GString) strings = g_string_new ("<si><t>a</t></si><si><t>");
  g_autoptr(GString) wide = g_string_new ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row><row r=\"2\">");
  g_autoptr(GString) tall = g_string_new ("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>");
  g_autoptr(GString) big_cell = g_string_new ("<table:table table:name=\"S\"><table:table-row>"
                                              "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\"><text:p>");
  const char *sheets[] = { "Sheet1", NULL, NULL };

  /* One value per row, at the far right: a few thousand empty cells made up
   * for each, which a lower slack shows at once. */
  for (guint row = 2; row < 200; row++)
    g_string_append_printf (rows, "<row r=\"%u\"><c r=\"XFD%u\"><v>1</v></c></row>", row, row);
  write_simple_xlsx (path, rows->str);
  _waymark_spreadsheet_set_budget_slack (100000, WAYMARK_SPREADSHEET_BUDGET_BYTES);
  assert_refused_quickly (path, "empty or repeated cells made up from");
  _waymark_spreadsheet_set_budget_slack (WAYMARK_SPREADSHEET_BUDGET_CELLS, WAYMARK_SPREADSHEET_BUDGET_BYTES);
  g_free (read_table (path, NULL, NULL));

  /* A shared string of 1 MB, used over and over: in one row… */
  for (guint i = 0; i < 1000 * 1000; i++)
    g_string_append_c (strings, 'a' + i % 26);
  g_string_append (strings, "</t></si>");
  for (guint i = 0; i < 200; i++)
    g_string_append (wide, "<c t=\"s\"><v>1</v></c>");
  g_string_append (wide, "</row>");
  sheets[1] = wide->str;
  write_xlsx (path, NULL, strings->str, NULL, sheets);
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml, row 2: more than 134.2\xC2\xA0MB of text in one row");

  /* …and row after row. */
  for (guint row = 2; row < 200; row++)
    g_string_append_printf (tall, "<row r=\"%u\"><c r=\"A%u\" t=\"s\"><v>1</v></c></row>", row, row);
  sheets[1] = tall->str;
  write_xlsx (path, NULL, strings->str, NULL, sheets);
  _waymark_spreadsheet_set_budget_slack (WAYMARK_SPREADSHEET_BUDGET_CELLS, 50 * 1000 * 1000);
  assert_refused_quickly (path, "of text made up from");
  _waymark_spreadsheet_set_budget_slack (WAYMARK_SPREADSHEET_BUDGET_CELLS, WAYMARK_SPREADSHEET_BUDGET_BYTES);

  /* A full row repeated a million times stops before the first copy. */
  write_ods (ods,
             "<table:table table:name=\"S\"><table:table-row><table:table-cell office:value-type=\"string\"><text:p>a</text:p></table:table-cell></table:table-row>"
             "<table:table-row table:number-rows-repeated=\"1000000\">"
             "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"float\" office:value=\"1\"/>"
             "</table:table-row></table:table>");
  assert_refused_quickly (ods, "empty or repeated cells made up from 2 with values");

  /* A cell of 1 MB repeated across the row stops before it is copied. */
  for (guint i = 0; i < 1000 * 1000; i++)
    g_string_append_c (big_cell, 'a' + i % 26);
  g_string_append (big_cell, "</text:p></table:table-cell></table:table-row></table:table>");
  write_ods (ods, big_cell->str);
  assert_refused_quickly (ods, "content.xml, row 1: more than 134.2\xC2\xA0MB of text in one row");
}

static void
test_hostile_damaged_xml (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *path = path_in (fixture, "damaged.xlsx");

  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<worksheet xmlns=\"" MAIN_NS "\">\n<sheetData>\n<row r=\"1\">" IS ("A1", "a") "</row>\n"
                   "<row r=\"2\"><c r=\"A2\"><v>1</v></c>\n<row r=\"3\">");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml, line ");

  write_xlsx_with (path, "xl/worksheets/sheet1.xml",
                   "<worksheet xmlns=\"" MAIN_NS "\"><sheetData><row r=\"1\">" IS ("A1", "a") "</row>"
                   "<row r=\"2\"><c r=\"B2\" t=\"s\"><v>99</v></c></row></sheetData></worksheet>");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml, cell B2: the shared string “99” does not exist (there are 1)");

  write_xlsx_with (path, "xl/sharedStrings.xml", "<sst><si><t>unclosed</si></sst>");
  assert_refused_quickly (path, "xl/sharedStrings.xml, line 1: ");

  write_xlsx_with (path, "xl/worksheets/sheet1.xml", "");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml");

  write_xlsx_with (path, "xl/worksheets/sheet1.xml", "\x01\x02\x03\x04 binary");
  assert_refused_quickly (path, "xl/worksheets/sheet1.xml");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  TEST ("xlsx/strings", test_xlsx_strings);
  TEST ("xlsx/numbers", test_xlsx_numbers);
  TEST ("xlsx/dates-1900", test_xlsx_dates_1900);
  TEST ("xlsx/dates-1904", test_xlsx_dates_1904);
  TEST ("xlsx/booleans-errors", test_xlsx_booleans_errors);
  TEST ("xlsx/gaps", test_xlsx_gaps);
  TEST ("xlsx/sheets", test_xlsx_sheets);
  TEST ("xlsx/relative-parts", test_xlsx_relative_parts);
  TEST ("xlsx/windows-names", test_xlsx_windows_names);
  TEST ("xlsx/workbook-elsewhere", test_xlsx_workbook_elsewhere);
  TEST ("xlsx/cancel", test_xlsx_cancel);
  TEST ("ods/values", test_ods_values);
  TEST ("ods/repeats", test_ods_repeats);
  TEST ("ods/sheets", test_ods_sheets);
  TEST ("ods/other-documents", test_ods_other_documents);
  TEST ("hostile/not-a-zip", test_hostile_not_a_zip);
  TEST ("hostile/no-workbook", test_hostile_no_workbook);
  TEST ("hostile/doctype", test_hostile_doctype);
  TEST ("hostile/utf16", test_hostile_utf16);
  TEST ("hostile/external-entity", test_hostile_external_entity);
  TEST ("hostile/zip-bomb", test_hostile_zip_bomb);
  TEST ("hostile/path-traversal", test_hostile_path_traversal);
  TEST ("hostile/columns", test_hostile_columns);
  TEST ("hostile/rows", test_hostile_rows);
  TEST ("hostile/attributes", test_hostile_attributes);
  TEST ("hostile/expansion", test_hostile_expansion);
  TEST ("hostile/damaged-xml", test_hostile_damaged_xml);

  return g_test_run ();
}
