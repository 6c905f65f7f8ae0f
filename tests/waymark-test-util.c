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
