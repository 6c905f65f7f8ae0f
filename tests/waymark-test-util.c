/* waymark-test-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif

#include "waymark-test-util.h"

static void
append_value (GString      *out,
              const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_STRING)
    {
      g_autofree char *escaped = g_strescape (g_value_get_string (value) ? g_value_get_string (value) : "", NULL);
      g_string_append_printf (out, "\"%s\"", escaped);
    }
  else if (type == G_TYPE_INT)
    g_string_append_printf (out, "%d", g_value_get_int (value));
  else if (type == G_TYPE_INT64)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, g_value_get_int64 (value));
  else if (type == G_TYPE_BOOLEAN)
    g_string_append (out, g_value_get_boolean (value) ? "true" : "false");
  else if (type == G_TYPE_DOUBLE)
    {
      if (isnan (g_value_get_double (value)))
        g_string_append (out, "nan");
      else
        g_string_append_printf (out, "%.17g", g_value_get_double (value));
    }
  else if (type == G_TYPE_BYTES)
    {
      GBytes *bytes = g_value_get_boxed (value);

      if (bytes == NULL)
        g_string_append (out, "null");
      else
        {
          g_autofree char *sum = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
          g_string_append_printf (out, "bytes:%" G_GSIZE_FORMAT ":%s", g_bytes_get_size (bytes), sum);
        }
    }
  else
    g_assert_not_reached ();
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = waymark_object_get_id (*(WaymarkObject **) a);
  gint64 y = waymark_object_get_id (*(WaymarkObject **) b);

  return (x > y) - (x < y);
}

char *
waymark_test_dump_document (WaymarkDocument *document)
{
  GString *out = g_string_new (NULL);
  guint n_types;
  const GType *types = waymark_item_types (&n_types);

  g_string_append_printf (out, "document title=\"%s\" author=\"%s\" created=\"%s\"\n",
                          waymark_document_get_title (document),
                          waymark_document_get_author (document),
                          waymark_document_get_created (document));

  for (guint t = 0; t < n_types; t++)
    {
      g_autoptr(GPtrArray) items = g_ptr_array_copy (waymark_document_get_items (document, types[t]), NULL, NULL);
      guint n_pspecs = 0;
      g_autofree GParamSpec **pspecs = g_object_class_list_properties (g_type_class_peek (types[t]), &n_pspecs);

      g_ptr_array_set_free_func (items, NULL);
      g_ptr_array_sort (items, compare_ids);

      for (guint i = 0; i < items->len; i++)
        {
          WaymarkObject *object = g_ptr_array_index (items, i);

          g_string_append_printf (out, "%s %" G_GINT64_FORMAT, g_type_name (types[t]),
                                  waymark_object_get_id (object));
          for (guint p = 0; p < n_pspecs; p++)
            {
              g_auto(GValue) value = G_VALUE_INIT;

              g_value_init (&value, pspecs[p]->value_type);
              g_object_get_property (G_OBJECT (object), pspecs[p]->name, &value);
              g_string_append_printf (out, " %s=", pspecs[p]->name);
              append_value (out, &value);
            }
          g_string_append_c (out, '\n');
        }
    }

  return g_string_free (out, FALSE);
}

char *
waymark_test_make_dir (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("waymark-%s-XXXXXX", name);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  return dir;
}

void
waymark_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        waymark_test_remove_dir (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

void
waymark_test_write_zip (const char                 *path,
                        const WaymarkTestZipMember *members,
                        guint                       n_members)
{
  g_autoptr(GError) error = NULL;
  GsfOutput *sink;
  GsfOutfile *zip;

  sink = gsf_output_stdio_new (path, &error);
  g_assert_no_error (error);
  zip = gsf_outfile_zip_new (sink, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_members; i++)
    {
      const WaymarkTestZipMember *m = &members[i];
      gsize length = m->length < 0 ? strlen (m->data) : (gsize) m->length;
      /* OpenDocument wants its mimetype stored, not deflated. */
      int method = g_str_equal (m->name, "mimetype") ? GSF_ZIP_STORED : GSF_ZIP_DEFLATED;
      GsfOutput *member;

      member = gsf_outfile_new_child_full (zip, m->name, FALSE, "compression-level", method, NULL);
      g_assert_nonnull (member);
      g_assert_true (gsf_output_write (member, length, (const guint8 *) m->data));
      g_assert_true (gsf_output_close (member));
      g_object_unref (member);
    }

  g_assert_true (gsf_output_close (GSF_OUTPUT (zip)));
  g_object_unref (zip);
  g_assert_true (gsf_output_close (sink));
  g_object_unref (sink);
}

void
waymark_test_exit_child (int status)
{
#if __has_include(<valgrind/valgrind.h>)
  if (RUNNING_ON_VALGRIND && VALGRIND_COUNT_ERRORS == 0)
    {
      /* valgrind does not follow an exec by default: the shell exits natively. */
      g_autofree char *command = g_strdup_printf ("exit %d", status);

      execl ("/bin/sh", "sh", "-c", command, (char *) NULL);
    }
#endif
  _exit (status);
}

const char * const waymark_test_hostile_titles[] = {
  "<img src=x onerror=alert(1)>",
  "</script><script>window.pwned=1</script>",
  "\"><svg onload=alert(2)>&amp;",
  NULL
};

static void
run_cli (const char * const *args)
{
  const char *argv[24] = { g_getenv ("WAYMARK_CLI"), };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  guint n = 1;

  g_assert_nonnull (argv[0]);
  for (guint i = 0; args[i] != NULL && n + 1 < G_N_ELEMENTS (argv); i++)
    argv[n++] = args[i];
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("waymark-cli %s failed: %s", args[0], err);
}

char *
waymark_test_make_shared_map (const char *dir)
{
  g_autofree char *doc = g_build_filename (dir, "shared.waymark", NULL);
  g_autofree char *csv = g_build_filename (g_getenv ("WAYMARK_SOURCE_DIR"), "data", "samples", "q3-survey.csv", NULL);
  const char *create[] = { "new", doc, "--template", "ecommerce", "--title", "Online Purchase Journey", NULL };
  const char *import[] = { "data", "import", doc, csv, "--key", "Touchpoint", "--name", "Q3", NULL };
  const char *nps[] = { "metric", "add", doc, "--dataset", "Q3", "--name", "NPS", "--kind", "nps",
                        "--column", "NPS", "--target", "20", "--period", "month", NULL };
  const char *csat[] = { "metric", "add", doc, "--dataset", "Q3", "--name", "CSAT", "--kind", "csat",
                         "--column", "CSAT", "--target", "80", NULL };
  g_autoptr(GFile) file = g_file_new_for_path (doc);
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) lanes = NULL;
  WaymarkMap *map;
  WaymarkObject *second, *stage, *lane;

  run_cli (create);
  run_cli (import);
  run_cli (nps);
  run_cli (csat);

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  map = waymark_document_get_first_map (document);
  stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", waymark_object_get_id (WAYMARK_OBJECT (map)));
  lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", waymark_object_get_id (WAYMARK_OBJECT (map)));
  for (guint i = 0; waymark_test_hostile_titles[i] != NULL; i++)
    waymark_document_add (document, WAYMARK_TYPE_CARD,
                          "stage", waymark_object_get_id (g_ptr_array_index (stages, i)),
                          "lane", waymark_object_get_id (g_ptr_array_index (lanes, 1)),
                          "position", 9, "kind", "note", "title", waymark_test_hostile_titles[i],
                          "body", waymark_test_hostile_titles[i], NULL);

  second = waymark_document_add (document, WAYMARK_TYPE_MAP, "title", "Returning a Gift", "position", 1, NULL);
  stage = waymark_document_add (document, WAYMARK_TYPE_STAGE, "map", waymark_object_get_id (second),
                                "title", "Ask for a return", NULL);
  lane = waymark_document_add (document, WAYMARK_TYPE_LANE, "map", waymark_object_get_id (second),
                               "title", "Touchpoints", "kind", "touchpoints", NULL);
  waymark_document_add (document, WAYMARK_TYPE_CARD, "stage", waymark_object_get_id (stage),
                        "lane", waymark_object_get_id (lane), "kind", "touchpoint",
                        "title", "Returns form", NULL);
  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&doc);
}

double
waymark_test_similar_blocks (cairo_surface_t *a,
                             cairo_surface_t *b,
                             double           tolerance)
{
  int width = MIN (cairo_image_surface_get_width (a), cairo_image_surface_get_width (b));
  int height = MIN (cairo_image_surface_get_height (a), cairo_image_surface_get_height (b));
  int sa = cairo_image_surface_get_stride (a), sb = cairo_image_surface_get_stride (b);
  const guchar *da = cairo_image_surface_get_data (a), *db = cairo_image_surface_get_data (b);
  guint blocks = 0, alike = 0;

  for (int by = 0; by + 8 <= height; by += 8)
    for (int bx = 0; bx + 8 <= width; bx += 8)
      {
        double sum_a[3] = { 0, }, sum_b[3] = { 0, };
        gboolean same = TRUE;

        for (int y = by; y < by + 8; y++)
          for (int x = bx; x < bx + 8; x++)
            for (int c = 0; c < 3; c++)
              {
                sum_a[c] += da[y * sa + x * 4 + c];
                sum_b[c] += db[y * sb + x * 4 + c];
              }
        for (int c = 0; c < 3; c++)
          same &= fabs (sum_a[c] - sum_b[c]) / 64 <= tolerance;
        blocks++;
        alike += same;
      }
  return (double) alike / MAX (1, blocks);
}
