/* test-html.c — the shared web page, read as a file: one document, no
 * requests, hostile titles escaped, no respondent's row, the size bound.
 * test-html-browser opens the same page in Chromium.
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

static char *dir;
static char *doc_path;

static WaymarkDocument *
open_shared (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (doc_path);
  g_autoptr(GError) error = NULL;
  WaymarkDocument *document = waymark_store_open (file, &error);

  g_assert_no_error (error);
  return document;
}

static char *
export_to (WaymarkDocument     *document,
           WaymarkExportFormat  format,
           gint64               map,
           const char          *name,
           gsize               *length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WaymarkExportOptions options;
  char *contents = NULL;

  waymark_export_options_init (&options);
  options.format = format;
  options.map = map;
  g_assert_true (waymark_export_file (document, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, NULL));
  return contents;
}

/* The text between @open and the next @close, after @from. */
static char *
between (const char *text,
         const char *open,
         const char *close)
{
  const char *start = strstr (text, open);
  const char *end;

  g_assert_nonnull (start);
  start += strlen (open);
  end = strstr (start, close);
  g_assert_nonnull (end);
  return g_strndup (start, end - start);
}

static char *
csp_hash (const char *text)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize size = sizeof digest;
  g_autofree char *encoded = NULL;

  g_checksum_update (checksum, (const guchar *) text, strlen (text));
  g_checksum_get_digest (checksum, digest, &size);
  encoded = g_base64_encode (digest, size);
  return g_strdup_printf ("'sha256-%s'", encoded);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* Only the page's own style sheet and script may run, and nothing
 * outside the file is named. */
static void
test_policy (void)
{
  g_autoptr(WaymarkDocument) document = open_shared ();
  gsize length;
  g_autofree char *html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "policy.html", &length);
  g_autofree char *policy = between (html, "<meta http-equiv=\"Content-Security-Policy\" content=\"", "\">");
  g_autofree char *style = between (html, "<style>", "</style>");
  g_autofree char *script = between (html, "</script>\n<script>", "</script>");
  g_autofree char *style_hash = csp_hash (style);
  g_autofree char *script_hash = csp_hash (script);

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\""));
  g_assert_true (g_str_has_prefix (policy, "default-src 'none'; img-src data:; "));
  g_assert_nonnull (strstr (policy, style_hash));
  g_assert_nonnull (strstr (policy, script_hash));
  g_assert_null (strstr (policy, "unsafe"));

  /* One data block and one script; no element that loads anything. */
  g_assert_cmpuint (count (html, "<script"), ==, 2);
  g_assert_cmpuint (count (html, "<script type=\"application/json\" id=\"wm-data\">"), ==, 1);
  g_assert_cmpuint (count (html, "<link"), ==, 0);
  g_assert_cmpuint (count (html, "<iframe"), ==, 0);
  g_assert_cmpuint (count (html, "@import"), ==, 0);
  g_assert_cmpuint (count (html, "url("), ==, 0);
  /* “http” only in the policy and in the SVG and XLink namespace names. */
  g_assert_cmpuint (count (html, "http"), ==,
                    1 + count (html, "http://www.w3.org/2000/svg\"") +
                    count (html, "xmlns:xlink=\"http://www.w3.org/1999/xlink\""));
  g_assert_cmpuint (count (html, "<svg "), ==, 2);
}

static void
test_hostile_text (void)
{
  g_autoptr(WaymarkDocument) document = open_shared ();
  gsize length;
  g_autofree char *html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "hostile.html", &length);
  g_autofree char *data = between (html, "<script type=\"application/json\" id=\"wm-data\">", "</script>");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = json_from_string (data, &error);

  g_assert_no_error (error);
  g_assert_nonnull (root);
  for (guint i = 0; waymark_test_hostile_titles[i] != NULL; i++)
    {
      const char *title = waymark_test_hostile_titles[i];
      g_autofree char *escaped = g_markup_escape_text (title, -1);

      g_test_message ("%s", title);
      g_assert_null (strstr (html, title));
      /* In the drawing (libxml2 escapes “<” and “&”) and in the outline. */
      g_assert_cmpuint (count (html, escaped), >=, 1);
    }
  g_assert_null (strstr (html, "<img"));
  g_assert_null (strstr (html, "<svg onload"));
  g_assert_null (strstr (data, "<"));
}

/* The aggregates the map shows, never the rows behind them. */
static void
test_no_rows (void)
{
  g_autoptr(WaymarkDocument) document = open_shared ();
  gsize length;
  g_autofree char *html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "rows.html", &length);
  g_autofree char *csv_path = g_build_filename (g_getenv ("WAYMARK_SOURCE_DIR"), "data", "samples", "q3-survey.csv", NULL);
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  lines = g_strsplit (csv, "\n", -1);
  for (guint i = 1; lines[i] != NULL && i < 200; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", 2);

      if (cells[0] == NULL || *cells[0] == '\0')
        continue;
      /* Response ids, and every free-text comment, appear nowhere. */
      g_assert_null (strstr (html, cells[0]));
    }
  g_assert_null (strstr (html, "Clear delivery window, no surprises."));
  g_assert_null (strstr (html, "Love the gift wrap option!"));
}

/* Every badge says where its number comes from. */
static void
test_provenance (void)
{
  g_autoptr(WaymarkDocument) document = open_shared ();
  gsize length;
  g_autofree char *html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "data.html", &length);
  g_autofree char *data = between (html, "<script type=\"application/json\" id=\"wm-data\">", "</script>");
  g_autoptr(JsonNode) root = json_from_string (data, NULL);
  JsonObject *top = json_node_get_object (root);
  JsonObject *metrics = json_object_get_object_member (top, "metrics");
  JsonArray *maps = json_object_get_array_member (top, "maps");
  JsonObject *values = json_object_get_object_member (json_array_get_object_element (maps, 0), "values");
  g_autoptr(GList) keys = json_object_get_members (values);
  GPtrArray *metric_values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  guint card_values = 0, badges = count (html, "class=\"wm-badge\"");

  g_assert_cmpuint (json_array_get_length (maps), ==, 2);
  g_assert_cmpuint (json_object_get_size (metrics), ==, 2);

  /* Every overall value of a card or a stage is a badge on the map. */
  for (guint i = 0; i < metric_values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (metric_values, i);

      if (*waymark_metric_value_get_period (value) == '\0' &&
          (waymark_metric_value_get_card (value) != 0 || waymark_metric_value_get_stage (value) != 0))
        card_values++;
    }
  g_assert_cmpuint (card_values, >, 4);
  g_assert_cmpuint (g_list_length (keys), ==, card_values);
  g_assert_cmpuint (badges, ==, card_values);
  g_assert_cmpuint (count (html, "class=\"wm-badge\""), ==, count (html, "aria-haspopup=\"dialog\" data-metric="));

  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonObject *value = json_object_get_object_member (values, l->data);
      JsonArray *rows = json_object_get_array_member (value, "rows");
      const char *metric = strrchr (l->data, ':') + 1;
      JsonArray *metric_rows = json_object_get_array_member (json_object_get_object_member (metrics, metric), "rows");
      g_autoptr(GString) all = g_string_new (NULL);

      for (guint r = 0; r < json_array_get_length (rows); r++)
        g_string_append_printf (all, "%s=%s\n", json_array_get_string_element (json_array_get_array_element (rows, r), 0),
                                json_array_get_string_element (json_array_get_array_element (rows, r), 1));
      for (guint r = 0; r < json_array_get_length (metric_rows); r++)
        g_string_append_printf (all, "%s=%s\n", json_array_get_string_element (json_array_get_array_element (metric_rows, r), 0),
                                json_array_get_string_element (json_array_get_array_element (metric_rows, r), 1));
      g_assert_nonnull (strstr (all->str, "Answers (n)="));
      g_assert_nonnull (strstr (all->str, "Definition="));
      g_assert_true (strstr (all->str, "Source=Q3 (q3-survey.csv), 1,200 rows") || strstr (all->str, "Source=Q3 (q3-survey.csv), 1200 rows"));
      g_assert_nonnull (strstr (all->str, "Refreshed="));
      g_assert_nonnull (strstr (all->str, "Filter="));
      g_assert_true (strstr (all->str, "Latest period=") || strstr (all->str, "Period=all rows"));
      g_assert_true (json_object_has_member (value, "value"));
    }
}

/* At most 1.5 times the SVG of the map plus 60 KB. */
static void
test_size (void)
{
  g_autoptr(WaymarkDocument) document = open_shared ();
  gsize html_length, svg_length;
  g_autofree char *html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "size.html", &html_length);
  g_autofree char *svg = export_to (document, WAYMARK_EXPORT_FORMAT_SVG, 0, "size.svg", &svg_length);
  g_autoptr(GPtrArray) maps = waymark_document_dup_maps (document);
  gsize second_length;
  g_autofree char *second = export_to (document, WAYMARK_EXPORT_FORMAT_SVG,
                                       waymark_object_get_id (g_ptr_array_index (maps, 1)), "second.svg", &second_length);

  g_test_message ("HTML %zu bytes, SVG %zu + %zu bytes", html_length, svg_length, second_length);
  g_assert_cmpuint (html_length, <=, (svg_length + second_length) * 3 / 2 + 60 * 1024);
}

/* --map picks the tab open first; every map is a tab. */
static void
test_cli (void)
{
  g_autofree char *out = g_build_filename (dir, "cli.htm", NULL);
  const char *argv[] = { g_getenv ("WAYMARK_CLI"), "export", doc_path, "-o", out, "--map", "Returning a Gift", NULL };
  g_autofree char *err = NULL, *html = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (out, &html, NULL, NULL));
  g_assert_cmpuint (count (html, "<button type=\"button\" role=\"tab\""), ==, 2);
  g_assert_nonnull (strstr (html, "aria-selected=\"true\" tabindex=\"0\">Returning a Gift</button>"));
  g_assert_nonnull (strstr (html, "aria-selected=\"false\" tabindex=\"-1\">Buying a Gift Online</button>"));
}

/* A map in Hebrew reads from the right. */
static void
test_rtl (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) document = waymark_store_new_document ("blank", "מסע הלקוח", &error);
  g_autofree char *html = NULL;
  gsize length;

  g_assert_no_error (error);
  html = export_to (document, WAYMARK_EXPORT_FORMAT_HTML, 0, "rtl.html", &length);
  g_assert_nonnull (strstr (html, " dir=\"rtl\">"));
  g_assert_nonnull (strstr (html, "<title>מסע הלקוח</title>"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = waymark_test_make_dir ("html");
  doc_path = waymark_test_make_shared_map (dir);

  g_test_add_func ("/waymark/html/policy", test_policy);
  g_test_add_func ("/waymark/html/hostile-text", test_hostile_text);
  g_test_add_func ("/waymark/html/no-rows", test_no_rows);
  g_test_add_func ("/waymark/html/provenance", test_provenance);
  g_test_add_func ("/waymark/html/size", test_size);
  g_test_add_func ("/waymark/html/cli", test_cli);
  g_test_add_func ("/waymark/html/rtl", test_rtl);

  status = g_test_run ();
  waymark_test_remove_dir (dir);
  g_free (dir);
  g_free (doc_path);
  return status;
}
