/* test-export-large.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Maps of 5,000 and 20,000 cards exported in every mode: each export
 * either writes a whole file or refuses in one sentence; none crashes,
 * and none leaves a temporary file behind. In the slow suite: the whole
 * run takes half a minute, longer under the sanitizers.
 */

#include "config.h"

#include <string.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

static char *dir;

typedef struct
{
  const char      *name;
  WaymarkExportFormat format;
  WaymarkExportMode mode;
  WaymarkPaper     paper;
  double           scale;
  double           dpi;
} Case;

static void
collect_note (const char *note,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (note));
}

/* Nothing in the folder but @keep and the files exported so far. */
static void
assert_no_temporary (void)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (handle)))
    if (name[0] == '.')
      g_error ("%s was left in %s", name, dir);
}

/* A whole PDF: its header, its trailer, and poppler reads its page count. */
static void
assert_whole_pdf (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  g_assert_nonnull (g_strrstr_len (contents + length - 32, 32, "%%EOF"));
}

static void
run_case (WaymarkDocument *document,
          const Case      *c)
{
  g_autofree char *path = g_build_filename (dir, c->name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  WaymarkExportOptions options;

  waymark_export_options_init (&options);
  options.format = c->format;
  options.mode = c->mode;
  options.paper = c->paper;
  options.scale = c->scale;
  if (c->dpi > 0)
    options.dpi = c->dpi;
  options.note = collect_note;
  options.note_data = notes;

  if (waymark_export_file (document, &options, file, NULL, NULL, NULL, &error))
    {
      g_assert_no_error (error);
      g_test_message ("%s: written%s%s", c->name, notes->len ? "; " : "",
                      notes->len ? (char *) g_ptr_array_index (notes, 0) : "");
      if (c->format == WAYMARK_EXPORT_FORMAT_PDF)
        assert_whole_pdf (path);
      else
        {
          cairo_surface_t *image = cairo_image_surface_create_from_png (path);

          g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (image), <=, WAYMARK_EXPORT_MAX_PIXELS);
          g_assert_cmpint (cairo_image_surface_get_height (image), <=, WAYMARK_EXPORT_MAX_PIXELS);
          cairo_surface_destroy (image);
        }
      g_unlink (path);
    }
  else
    {
      /* A refusal is one sentence, and no file. */
      g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT);
      g_assert_null (strchr (error->message, '\n'));
      g_test_message ("%s: refused: %s", c->name, error->message);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
  assert_no_temporary ();
}

static void
test_size (gconstpointer data)
{
  guint n_cards = GPOINTER_TO_UINT (data);
  g_autoptr(WaymarkDocument) document = waymark_generate (n_cards, 8, 6, 1);
  const Case cases[] = {
    { "auto-a4.pdf", WAYMARK_EXPORT_FORMAT_PDF, WAYMARK_EXPORT_MODE_AUTO, WAYMARK_PAPER_A4, 100, 0 },
    { "fit-a0.pdf", WAYMARK_EXPORT_FORMAT_PDF, WAYMARK_EXPORT_MODE_FIT, WAYMARK_PAPER_A0, 100, 0 },
    { "fit-a4.pdf", WAYMARK_EXPORT_FORMAT_PDF, WAYMARK_EXPORT_MODE_FIT, WAYMARK_PAPER_A4, 100, 0 },
    { "tile-5-a3.pdf", WAYMARK_EXPORT_FORMAT_PDF, WAYMARK_EXPORT_MODE_TILE, WAYMARK_PAPER_A3, 5, 0 },
    { "deck-a4.pdf", WAYMARK_EXPORT_FORMAT_PDF, WAYMARK_EXPORT_MODE_DECK, WAYMARK_PAPER_A4, 100, 0 },
    { "default.png", WAYMARK_EXPORT_FORMAT_PNG, WAYMARK_EXPORT_MODE_AUTO, WAYMARK_PAPER_A4, 100, 0 },
    { "small.png", WAYMARK_EXPORT_FORMAT_PNG, WAYMARK_EXPORT_MODE_AUTO, WAYMARK_PAPER_A4, 100, 10 },
  };
  gboolean quick = n_cards > 10000 && !g_test_slow ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* The 20,000-card auto and A4 fit go the same ways as smaller
       * maps; -m slow runs them too. */
      if (quick && (i == 0 || i == 2))
        continue;
      run_case (document, &cases[i]);
    }
}

/* A PNG too large for image viewers is refused with the resolution that
 * fits, which then works. */
static void
test_png_limit (void)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (20000, 8, 6, 1);
  g_autofree char *path = g_build_filename (dir, "huge.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WaymarkExportOptions options;
  const char *hint;
  int dpi;

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  options.dpi = 150;
  g_assert_false (waymark_export_file (document, &options, file, NULL, NULL, NULL, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT);
  hint = strstr (error->message, "--dpi ");
  g_assert_nonnull (hint);
  dpi = atoi (hint + strlen ("--dpi "));
  g_assert_cmpint (dpi, >=, 1);
  g_assert_cmpint (dpi, <, 150);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  options.dpi = dpi;
  g_assert_true (waymark_export_file (document, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_unlink (path);
  assert_no_temporary ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = waymark_test_make_dir ("export-large");

  g_test_add_data_func ("/waymark/export-large/5000", GUINT_TO_POINTER (5000), test_size);
  g_test_add_data_func ("/waymark/export-large/20000", GUINT_TO_POINTER (20000), test_size);
  g_test_add_func ("/waymark/export-large/png-limit", test_png_limit);

  status = g_test_run ();
  waymark_test_remove_dir (dir);
  g_free (dir);
  return status;
}
