/* test-packaging.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathContext, xmlXPathFreeContext)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (xmlXPathObject, xmlXPathFreeObject)

static const char *
env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set; run this test through meson", name);

  return value;
}

static void
run_tool (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed:\n%s%s", argv[0], out, err);
}

static void
test_desktop_file (void)
{
  const char *argv[] = { "desktop-file-validate", env ("WAYMARK_DESKTOP_FILE"), NULL };
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *exec = NULL;

  run_tool (argv);

  g_key_file_load_from_file (key_file, argv[1], G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  mime = g_key_file_get_string (key_file, "Desktop Entry", "MimeType", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (mime, "application/x-waymark;"));
  icon = g_key_file_get_string (key_file, "Desktop Entry", "Icon", NULL);
  g_assert_cmpstr (icon, ==, APPLICATION_ID);
  exec = g_key_file_get_string (key_file, "Desktop Entry", "Exec", NULL);
  g_assert_cmpstr (exec, ==, "waymark %U");
}

/* The width in a PNG's IHDR chunk, or 0 if it is not a PNG. */
static guint32
png_width (const char *path)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guint8 *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, (char **) &data, &length, NULL) || length < 24 ||
      memcmp (data, signature, sizeof signature) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return 0;

  return GUINT32_FROM_BE (*(guint32 *) (data + 16));
}

static void
test_metainfo (void)
{
  const char *path = env ("WAYMARK_METAINFO_FILE");
  const char *argv[] = { "appstreamcli", "validate", "--no-net", "--explain", path, NULL };
  g_autoptr(xmlXPathContext) xpath = NULL;
  g_autoptr(xmlXPathObject) images = NULL;
  g_autoptr(xmlXPathObject) binaries = NULL;
  xmlDoc *doc;

  run_tool (argv);

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xpath = xmlXPathNewContext (doc);

  binaries = xmlXPathEvalExpression ((const xmlChar *) "/component/provides/binary", xpath);
  g_assert_nonnull (binaries);
  g_assert_cmpint (xmlXPathNodeSetGetLength (binaries->nodesetval), ==, 2);
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *binary = (char *) xmlNodeGetContent (binaries->nodesetval->nodeTab[i]);
      g_assert_true (g_str_equal (binary, "waymark") || g_str_equal (binary, "waymark-cli"));
    }

  /* Every screenshot the metainfo shows is one that screenshots/ holds. */
  images = xmlXPathEvalExpression ((const xmlChar *) "/component/screenshots/screenshot/image", xpath);
  g_assert_nonnull (images);
  g_assert_cmpint (xmlXPathNodeSetGetLength (images->nodesetval), >=, 1);
  for (int i = 0; i < xmlXPathNodeSetGetLength (images->nodesetval); i++)
    {
      g_autofree char *url = (char *) xmlNodeGetContent (images->nodesetval->nodeTab[i]);
      g_autofree char *name = g_path_get_basename (url);
      g_autofree char *local = g_build_filename (env ("WAYMARK_SOURCE_DIR"), "screenshots", name, NULL);

      g_assert_true (g_str_has_prefix (url, "https://"));
      if (!g_file_test (local, G_FILE_TEST_IS_REGULAR))
        g_error ("%s is referenced by the metainfo but missing", local);
      /* Software centres show screenshots large; Flathub asks for 1000 px or more. */
      if (png_width (local) < 1000)
        g_error ("%s is %u px wide; the metainfo needs 1000 or more", local, png_width (local));
    }
  g_assert_cmpint (xmlXPathNodeSetGetLength (images->nodesetval), >=, 3);

  /* …and every shot the script takes is shown. */
  {
    g_autofree char *dir_path = g_build_filename (env ("WAYMARK_SOURCE_DIR"), "screenshots", NULL);
    g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
    g_autoptr(GString) shown = g_string_new (NULL);
    const char *name;

    g_assert_nonnull (dir);
    for (int i = 0; i < xmlXPathNodeSetGetLength (images->nodesetval); i++)
      {
        g_autofree char *url = (char *) xmlNodeGetContent (images->nodesetval->nodeTab[i]);
        g_autofree char *base = g_path_get_basename (url);

        g_string_append_printf (shown, "/%s/", base);
      }
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *key = g_strdup_printf ("/%s/", name);

        if (g_str_has_suffix (name, ".png") && strstr (shown->str, key) == NULL)
          g_error ("screenshots/%s is not in the metainfo", name);
      }
  }

  xmlFreeDoc (doc);
}

static void
test_schema (void)
{
  const char *argv[] = { "glib-compile-schemas", "--strict", "--dry-run", env ("WAYMARK_SCHEMA_DIR"), NULL };

  run_tool (argv);
}

static gboolean
has_translatable_strings (const char *path)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  return strstr (contents, "_(\"") != NULL ||
         strstr (contents, "N_(\"") != NULL ||
         strstr (contents, "translatable=\"yes\"") != NULL ||
         g_str_has_suffix (path, ".desktop.in.in") ||
         g_str_has_suffix (path, ".metainfo.xml.in.in") ||
         g_str_has_suffix (path, ".gschema.xml.in");
}

static void
collect_sources (const char *root,
                 const char *relative,
                 GPtrArray  *found)
{
  g_autofree char *dir_path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *rel = g_build_filename (relative, name, NULL);
      g_autofree char *abs = g_build_filename (root, rel, NULL);

      if (g_file_test (abs, G_FILE_TEST_IS_DIR))
        collect_sources (root, rel, found);
      else if ((g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".h") ||
                g_str_has_suffix (name, ".ui") || g_str_has_suffix (name, ".in")) &&
               has_translatable_strings (abs))
        g_ptr_array_add (found, g_steal_pointer (&rel));
    }
}

static void
test_potfiles (void)
{
  const char *source_dir = env ("WAYMARK_SOURCE_DIR");
  g_autofree char *potfiles_path = g_build_filename (source_dir, "po", "POTFILES.in", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  g_file_get_contents (potfiles_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autofree char *abs = NULL;

      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      abs = g_build_filename (source_dir, lines[i], NULL);
      if (!g_file_test (abs, G_FILE_TEST_IS_REGULAR))
        g_error ("po/POTFILES.in lists %s, which does not exist", lines[i]);
      if (listed->len > 0 && strcmp (g_ptr_array_index (listed, listed->len - 1), lines[i]) >= 0)
        g_error ("po/POTFILES.in is not sorted at %s", lines[i]);
      g_ptr_array_add (listed, lines[i]);
    }

  collect_sources (source_dir, "src", found);
  collect_sources (source_dir, "data", found);
  g_assert_cmpuint (found->len, >, 0);

  for (guint i = 0; i < found->len; i++)
    {
      const char *path = g_ptr_array_index (found, i);
      gboolean present = FALSE;

      for (guint j = 0; j < listed->len && !present; j++)
        present = g_str_equal (g_ptr_array_index (listed, j), path);

      if (!present)
        g_error ("%s has translatable strings but po/POTFILES.in does not list it", path);
    }
}

static gboolean
is_hex (const char *text,
        gsize       length)
{
  if (text == NULL || strlen (text) != length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

static void
check_manifest (const char *name,
                const char *app_id,
                const char *profile_opt)
{
  g_autofree char *path = g_build_filename (env ("WAYMARK_SOURCE_DIR"), "flatpak", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  /* The network reaches database servers (datasets in PostgreSQL). */
  const char *expected_args[] = { "--share=ipc", "--share=network", "--socket=wayland", "--socket=fallback-x11", "--device=dri" };
  JsonObject *root;
  JsonArray *finish_args;
  JsonArray *modules;
  JsonObject *app_module;
  JsonArray *config_opts;
  gboolean has_profile = FALSE;
  guint n_modules;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "app-id"), ==, app_id);
  g_assert_cmpstr (json_object_get_string_member (root, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (root, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpstr (json_object_get_string_member (root, "command"), ==, "waymark");
  g_assert_true (json_object_has_member (root, "runtime-version"));

  /* Files come through portals, passwords through the secret portal: nothing broader than these. */
  finish_args = json_object_get_array_member (root, "finish-args");
  g_assert_cmpuint (json_array_get_length (finish_args), ==, G_N_ELEMENTS (expected_args));
  for (guint i = 0; i < G_N_ELEMENTS (expected_args); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (finish_args); j++)
        found |= g_str_equal (json_array_get_string_element (finish_args, j), expected_args[i]);
      g_assert_true (found);
    }

  modules = json_object_get_array_member (root, "modules");
  n_modules = json_array_get_length (modules);
  g_assert_cmpuint (n_modules, >=, 2);

  for (guint i = 0; i < n_modules; i++)
    {
      JsonObject *module = json_array_get_object_element (modules, i);
      JsonArray *sources = json_object_get_array_member (module, "sources");

      g_assert_nonnull (json_object_get_string_member (module, "name"));
      g_assert_nonnull (sources);

      for (guint j = 0; j < json_array_get_length (sources); j++)
        {
          JsonObject *source = json_array_get_object_element (sources, j);
          const char *type = json_object_get_string_member (source, "type");

          if (g_str_equal (type, "archive") || g_str_equal (type, "file"))
            {
              g_assert_true (g_str_has_prefix (json_object_get_string_member (source, "url"), "https://"));
              if (!is_hex (json_object_get_string_member_with_default (source, "sha256", NULL), 64))
                g_error ("%s: module %s has a source without a sha256", name,
                         json_object_get_string_member (module, "name"));
            }
          else if (g_str_equal (type, "git"))
            {
              if (!is_hex (json_object_get_string_member_with_default (source, "commit", NULL), 40))
                g_error ("%s: module %s has a git source without a commit", name,
                         json_object_get_string_member (module, "name"));
            }
          else
            {
              JsonArray *skip = json_object_has_member (source, "skip") ?
                                json_object_get_array_member (source, "skip") : NULL;
              gboolean skips_build = FALSE, skips_state = FALSE;

              g_assert_cmpstr (type, ==, "dir");
              g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
              /* The checkout's build trees and flatpak-builder's own state
               * would otherwise be copied into the build. */
              for (guint k = 0; skip != NULL && k < json_array_get_length (skip); k++)
                {
                  skips_build |= g_str_equal (json_array_get_string_element (skip, k), "_build");
                  skips_state |= g_str_equal (json_array_get_string_element (skip, k), ".flatpak-builder");
                }
              if (!skips_build || !skips_state)
                g_error ("%s: the dir source must skip _build and .flatpak-builder", name);
            }
        }
    }

  /* libgsf, uchardet and libpq are the dependencies the GNOME runtime lacks. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (modules, 0), "name"), ==, "libgsf");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (modules, 1), "name"), ==, "uchardet");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (modules, 2), "name"), ==, "libpq");

  app_module = json_array_get_object_element (modules, n_modules - 1);
  g_assert_cmpstr (json_object_get_string_member (app_module, "name"), ==, "waymark");
  g_assert_cmpstr (json_object_get_string_member (app_module, "buildsystem"), ==, "meson");
  config_opts = json_object_get_array_member (app_module, "config-opts");
  for (guint i = 0; config_opts && i < json_array_get_length (config_opts); i++)
    has_profile |= g_str_equal (json_array_get_string_element (config_opts, i), profile_opt);
  g_assert_true (has_profile);
}

static void
test_flatpak_manifest (void)
{
  check_manifest ("io.github.waymarkapp.Waymark.json", BASE_APPLICATION_ID, "-Dprofile=default");
  check_manifest ("io.github.waymarkapp.Waymark.Devel.json", BASE_APPLICATION_ID ".Devel", "-Dprofile=development");
}

static void
test_mime_type (void)
{
  g_autofree char *path = g_build_filename (env ("WAYMARK_SOURCE_DIR"), "data", "io.github.waymarkapp.Waymark.mime.xml", NULL);
  g_autoptr(xmlXPathContext) xpath = NULL;
  g_autoptr(xmlXPathObject) result = NULL;
  xmlDoc *doc;

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xpath = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xpath, (const xmlChar *) "m", (const xmlChar *) "http://www.freedesktop.org/standards/shared-mime-info");

  result = xmlXPathEvalExpression ((const xmlChar *)
                                   "/m:mime-info/m:mime-type[@type='application/x-waymark']"
                                   "[m:glob/@pattern='*.waymark']"
                                   "/m:magic/m:match[@value='SQLite format 3'][@offset='0']"
                                   "/m:match[@value='WAYM'][@offset='68']",
                                   xpath);
  g_assert_nonnull (result);
  g_assert_cmpint (xmlXPathNodeSetGetLength (result->nodesetval), ==, 1);

  xmlFreeDoc (doc);
}

static void
test_thumbnailer (void)
{
  const char *source_dir = env ("WAYMARK_SOURCE_DIR");
  g_autofree char *path = g_build_filename (source_dir, "data", "io.github.waymarkapp.Waymark.thumbnailer", NULL);
  g_autofree char *mime_path = g_build_filename (source_dir, "data", "io.github.waymarkapp.Waymark.mime.xml", NULL);
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(xmlXPathContext) xpath = NULL;
  g_autoptr(xmlXPathObject) types = NULL;
  g_autofree char *try_exec = NULL;
  g_autofree char *exec = NULL;
  g_auto(GStrv) mime_types = NULL;
  g_auto(GStrv) keys = NULL;
  gsize n_mime_types = 0;
  xmlDoc *doc;

  g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  keys = g_key_file_get_keys (key_file, "Thumbnailer Entry", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (keys), ==, 3);

  try_exec = g_key_file_get_string (key_file, "Thumbnailer Entry", "TryExec", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (try_exec, ==, "waymark-cli");
  exec = g_key_file_get_string (key_file, "Thumbnailer Entry", "Exec", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (exec, ==, "waymark-cli thumbnail %i %o --size %s");
  mime_types = g_key_file_get_string_list (key_file, "Thumbnailer Entry", "MimeType", &n_mime_types, &error);
  g_assert_no_error (error);

  /* Exactly the types the shared-mime-info file defines. */
  doc = xmlReadFile (mime_path, NULL, XML_PARSE_NONET);
  g_assert_nonnull (doc);
  xpath = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xpath, (const xmlChar *) "m", (const xmlChar *) "http://www.freedesktop.org/standards/shared-mime-info");
  types = xmlXPathEvalExpression ((const xmlChar *) "/m:mime-info/m:mime-type/@type", xpath);
  g_assert_nonnull (types);
  g_assert_cmpuint (n_mime_types, ==, xmlXPathNodeSetGetLength (types->nodesetval));
  for (int i = 0; i < xmlXPathNodeSetGetLength (types->nodesetval); i++)
    {
      g_autofree char *type = (char *) xmlNodeGetContent (types->nodesetval->nodeTab[i]);

      if (!g_strv_contains ((const char * const *) mime_types, type))
        g_error ("the thumbnailer does not list %s, which the MIME file defines", type);
    }
  g_assert_true (g_strv_contains ((const char * const *) mime_types, "application/x-waymark"));

  xmlFreeDoc (doc);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/waymark/packaging/desktop-file", test_desktop_file);
  g_test_add_func ("/waymark/packaging/metainfo", test_metainfo);
  g_test_add_func ("/waymark/packaging/schema", test_schema);
  g_test_add_func ("/waymark/packaging/potfiles", test_potfiles);
  g_test_add_func ("/waymark/packaging/flatpak-manifest", test_flatpak_manifest);
  g_test_add_func ("/waymark/packaging/mime-type", test_mime_type);
  g_test_add_func ("/waymark/packaging/thumbnailer", test_thumbnailer);

  return g_test_run ();
}
