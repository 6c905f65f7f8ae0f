/* bench-xlsx.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a 100,000-row, 10-column workbook (shared strings, integers,
 * decimals, dates and date-times, as Excel writes them) through
 * waymark_table_reader_open() and _next(): the median of RUNS reads,
 * beside the baseline of libxml2's streaming reader going through the
 * same sheet's nodes and doing nothing with them.
 *
 *   bench-xlsx [RUNS]
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-spreadsheet-private.h"
#include "waymark-test-util.h"
#include "bench-util.h"

#define N_ROWS     100000
#define N_STRINGS  1000

#define MAIN_NS  "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS   "http://schemas.openxmlformats.org/package/2006/relationships"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

static void
write_workbook (const char *path)
{
  static const char * const header[] = {
    "respondent", "store", "visits", "score", "date", "channel", "spend", "answered", "comment", "nps",
  };
  g_autoptr(GString) sheet = g_string_new (XML_DECL "<worksheet xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\">"
                                           "<dimension ref=\"A1:J100001\"/><sheetData>");
  g_autoptr(GString) strings = g_string_new (XML_DECL "<sst xmlns=\"" MAIN_NS "\">");
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  WaymarkTestZipMember members[] = {
    { "[Content_Types].xml",
      XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>", -1 },
    { "_rels/.rels",
      XML_DECL "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" Type=\"" REL_NS "/officeDocument\" "
      "Target=\"xl/workbook.xml\"/></Relationships>", -1 },
    { "xl/workbook.xml",
      XML_DECL "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><workbookPr/><sheets>"
      "<sheet name=\"Responses\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", -1 },
    { "xl/_rels/workbook.xml.rels",
      XML_DECL "<Relationships xmlns=\"" PKG_NS "\">"
      "<Relationship Id=\"rId1\" Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"" REL_NS "/styles\" Target=\"styles.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"" REL_NS "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
      "</Relationships>", -1 },
    { "xl/styles.xml",
      XML_DECL "<styleSheet xmlns=\"" MAIN_NS "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\\ hh:mm\"/></numFmts>"
      "<cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>", -1 },
    { "xl/sharedStrings.xml", NULL, -1 },
    { "xl/worksheets/sheet1.xml", NULL, -1 },
  };

  for (guint i = 0; i < N_STRINGS; i++)
    g_string_append_printf (strings, "<si><t>%s %u</t></si>", i % 2 ? "Store" : "Comment about the visit, number", i);
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_string_append_printf (strings, "<si><t>%s</t></si>", header[i]);
  g_string_append (strings, "</sst>");

  g_string_append (sheet, "<row r=\"1\" spans=\"1:10\">");
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    g_string_append_printf (sheet, "<c r=\"%c1\" t=\"s\"><v>%u</v></c>", 'A' + i, N_STRINGS + i);
  g_string_append (sheet, "</row>");

  for (guint row = 2; row <= N_ROWS + 1; row++)
    {
      char score[G_ASCII_DTOSTR_BUF_SIZE];
      char spend[G_ASCII_DTOSTR_BUF_SIZE];
      char when[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (score, sizeof score, "%.17g", g_rand_double_range (rand, 0, 10));
      g_ascii_formatd (spend, sizeof spend, "%.2f", g_rand_double_range (rand, 0, 500));
      g_ascii_formatd (when, sizeof when, "%.17g", 45000 + g_rand_double_range (rand, 0, 700));

      g_string_append_printf (sheet,
                              "<row r=\"%u\" spans=\"1:10\">"
                              "<c r=\"A%u\"><v>%u</v></c>"
                              "<c r=\"B%u\" t=\"s\"><v>%u</v></c>"
                              "<c r=\"C%u\"><v>%d</v></c>"
                              "<c r=\"D%u\"><v>%s</v></c>"
                              "<c r=\"E%u\" s=\"1\"><v>%d</v></c>"
                              "<c r=\"F%u\" t=\"s\"><v>%u</v></c>"
                              "<c r=\"G%u\"><v>%s</v></c>"
                              "<c r=\"H%u\" s=\"2\"><v>%s</v></c>"
                              "<c r=\"I%u\" t=\"s\"><v>%u</v></c>"
                              "<c r=\"J%u\"><v>%d</v></c>"
                              "</row>",
                              row,
                              row, row - 1,
                              row, 2 * g_rand_int_range (rand, 0, N_STRINGS / 2) + 1,
                              row, g_rand_int_range (rand, 1, 40),
                              row, score,
                              row, 45000 + g_rand_int_range (rand, 0, 700),
                              row, 2 * g_rand_int_range (rand, 0, 20) + 1,
                              row, spend,
                              row, when,
                              row, 2 * g_rand_int_range (rand, 0, N_STRINGS / 2),
                              row, g_rand_int_range (rand, 0, 11));
    }
  g_string_append (sheet, "</sheetData></worksheet>");

  members[5].data = strings->str;
  members[6].data = sheet->str;
  waymark_test_write_zip (path, members, G_N_ELEMENTS (members));
}

static double
read_workbook (GFile *file)
{
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint n_rows = 0;

  reader = waymark_table_reader_open (file, NULL, NULL, &error);
  if (reader == NULL)
    g_error ("cannot open the workbook: %s", error->message);

  while (waymark_table_reader_next (reader, cells, NULL, &error))
    {
      if (cells->len != 10)
        g_error ("row %u has %u cells", n_rows + 2, cells->len);
      n_rows++;
    }

  if (error != NULL)
    g_error ("cannot read the workbook: %s", error->message);
  if (n_rows != N_ROWS || waymark_table_reader_get_n_problems (reader) != 0)
    g_error ("read %u rows, %" G_GUINT64_FORMAT " problems", n_rows, waymark_table_reader_get_n_problems (reader));

  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The floor: unzipping the sheet and visiting its every node. */
static double
read_nodes (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsfInput) input = gsf_input_stdio_new (path, &error);
  g_autoptr(GsfInfile) zip = NULL;
  g_autoptr(WaymarkXmlPart) part = NULL;
  gint64 start = g_get_monotonic_time ();
  int ret;

  if (input == NULL || !(zip = gsf_infile_zip_new (input, &error)) ||
      !(part = _waymark_xml_part_open (zip, "xl/worksheets/sheet1.xml", NULL, &error)))
    g_error ("cannot open the workbook: %s", error->message);

  while ((ret = _waymark_xml_part_read (part, &error)) == 1)
    ;
  if (ret < 0)
    g_error ("cannot read the workbook: %s", error->message);

  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? (guint) atoi (argv[1]) : 3;
  g_autofree char *dir = waymark_test_make_dir ("bench-xlsx");
  g_autofree char *path = g_build_filename (dir, "responses.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree double *samples = NULL;
  g_autofree double *baseline = NULL;
  struct stat st;

  runs = MAX (runs, 1);
  samples = g_new0 (double, runs);
  baseline = g_new0 (double, runs);

  write_workbook (path);
  if (g_stat (path, &st) == 0)
    g_printerr ("bench-xlsx: %s, %" G_GINT64_FORMAT " bytes\n", path, (gint64) st.st_size);

  for (guint i = 0; i < runs; i++)
    {
      samples[i] = read_workbook (file);
      baseline[i] = read_nodes (path);
    }

  g_print ("BENCH import-xlsx-100k %.0f ms\n", bench_median (samples, runs));
  g_print ("BENCH import-xlsx-100k-baseline-xml-nodes %.0f ms\n", bench_median (baseline, runs));

  waymark_test_remove_dir (dir);
  return 0;
}
