/* fuzz-svg-export.c — a fuzzed document exported to SVG, the SVG parsed back;
 * and to the shared web page, its data parsed back.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "waymark-core.h"
#include "fuzz-common.h"

/* The web page of a document that exported as SVG: one data block that
 * parses as JSON whatever the titles hold (no “<” in it, so no title ends
 * the script element), and the page's own two script elements only. */
static void
check_html (WaymarkDocument *document)
{
  g_autoptr(GFile) html_file = fuzz_get_file ("export.html");
  g_autofree char *path = g_file_get_path (html_file);
  g_autofree char *contents = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  WaymarkExportOptions options;
  const char *start, *stop;
  guint scripts = 0;

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_HTML;
  if (!waymark_export_file (document, &options, html_file, NULL, NULL, NULL, &error))
    g_error ("a document that exports as SVG does not export as a web page: %s", error->message);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  fuzz_remove (html_file);

  g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
  for (const char *p = strstr (contents, "<script"); p != NULL; p = strstr (p + 1, "<script"))
    scripts++;
  g_assert_cmpuint (scripts, ==, 2);
  start = strstr (contents, "<script type=\"application/json\" id=\"wm-data\">");
  g_assert_nonnull (start);
  start = strchr (start, '>') + 1;
  stop = strstr (start, "</script>");
  g_assert_nonnull (stop);
  data = g_strndup (start, stop - start);
  g_assert_null (strchr (data, '<'));
  json_parser_load_from_data (parser, data, -1, &error);
  g_assert_no_error (error);
}

/* Whatever opens and has a map with stages must export, and the export
 * must be well-formed XML whose root is an <svg> with a viewBox: the
 * writer never emits text a parser refuses, whatever the titles hold. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) svg_file = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  WaymarkExportOptions options;
  gsize length = 0;
  xmlDocPtr xml;
  xmlNodePtr root;

  fuzz_init ();

  file = fuzz_write_input ("input.waymark", data, size);
  document = waymark_store_open (file, &error);
  fuzz_remove (file);
  if (document == NULL)
    return 0;

  waymark_export_options_init (&options);
  svg_file = fuzz_get_file ("export.svg");
  path = g_file_get_path (svg_file);
  g_assert_true (waymark_export_format_for_path (path, &options.format, NULL));
  if (!waymark_export_file (document, &options, svg_file, NULL, NULL, NULL, &error))
    {
      /* A refusal (no map, no stages, too large) must leave no file. */
      g_assert_nonnull (error);
      g_assert_false (g_file_query_exists (svg_file, NULL));
      return 0;
    }

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  fuzz_remove (svg_file);

  xml = xmlReadMemory (contents, (int) length, "export.svg", "UTF-8",
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
  if (xml == NULL)
    {
      const xmlError *problem = xmlGetLastError ();

      g_error ("the SVG export of a document that opened is not well-formed XML: %s (line %d)",
               problem ? problem->message : "?", problem ? problem->line : 0);
    }
  root = xmlDocGetRootElement (xml);
  g_assert_nonnull (root);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  g_assert_true (xmlHasProp (root, (const xmlChar *) "viewBox") != NULL);
  xmlFreeDoc (xml);

  check_html (document);
  return 0;
}
