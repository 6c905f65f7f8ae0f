/* test-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exports checked structurally, never byte for byte: page sizes and fonts
 * with poppler's tools, every card and stage title in the extracted text,
 * headers on every tile, qpdf --check, the SVG parsed with libxml2 and
 * rendered by rsvg-convert, its pixels against the PNG's with a
 * tolerance, and refusals that leave no file behind.
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo.h>
#include <glib/gstdio.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "waymark-core.h"
#include "waymark-pages-private.h"
#include "waymark-export-private.h"
#include "waymark-test-util.h"

#define N_CARDS  60
#define N_STAGES 5
#define N_LANES  4

static WaymarkDocument *document;
static char *dir;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->out, g_free);
  g_clear_pointer (&result->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

/* Runs @argv; FALSE (and a skip) when the tool is not installed. */
static gboolean
run (Result             *result,
     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path (argv[0]);
  int wait_status = 0;

  if (program == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s is not installed (build-aux/deps.sh test installs it)", argv[0]);

      g_test_skip (message);
      return FALSE;
    }
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
  return TRUE;
}

static char *
path_in_dir (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
export_or_fail (const WaymarkExportOptions *options,
                const char                 *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (waymark_export_file (document, options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Whitespace collapsed and words broken at a line end joined, so wrapped
 * titles compare as word sequences. */
static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '-' && p[1] == '\n')
        {
          p++;
          continue;
        }
      if (g_ascii_isspace (*p) || *p == '\f')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }
  return g_string_free (out, FALSE);
}

static gboolean
contains_words (const char *haystack,
                const char *title)
{
  g_autofree char *needle = normalize (title);

  return strstr (haystack, needle) != NULL;
}

static GPtrArray *
map_cards (void)
{
  return waymark_document_get_items (document, WAYMARK_TYPE_CARD);
}

static GPtrArray *
map_stages (void)
{
  return waymark_document_get_items (document, WAYMARK_TYPE_STAGE);
}

static char *
pdf_text (const char *pdf,
          int         page)
{
  g_auto(Result) result = { 0, };
  g_autofree char *first = g_strdup_printf ("%d", page);
  const char *all[] = { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL };
  const char *one[] = { "pdftotext", "-raw", "-enc", "UTF-8", "-f", first, "-l", first, pdf, "-", NULL };

  if (!run (&result, page > 0 ? one : all))
    return NULL;
  g_assert_cmpint (result.status, ==, 0);
  return normalize (result.out);
}

/* The tiled PDF the PDF tests read, made once. */
static const char *
tiled_pdf (void)
{
  static char *path;

  if (path == NULL)
    {
      WaymarkExportOptions options;

      waymark_export_options_init (&options);
      options.mode = WAYMARK_EXPORT_MODE_TILE;
      options.paper = WAYMARK_PAPER_A4;
      options.landscape = TRUE;
      options.cover = options.legend = options.appendix = TRUE;
      path = path_in_dir ("tiled.pdf");
      export_or_fail (&options, path);
    }
  return path;
}

static WaymarkPages *
tiled_pages (void)
{
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  WaymarkExportOptions options;
  WaymarkPages *pages;

  waymark_export_options_init (&options);
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  options.cover = options.legend = options.appendix = TRUE;
  layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  return pages;
}

/* Every page of @pdf as @width × @height points; returns the page count. */
static int
check_page_sizes (const char *pdf,
                  double      width,
                  double      height)
{
  g_auto(Result) info = { 0, };
  g_auto(Result) sizes = { 0, };
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *last = NULL;
  g_auto(GStrv) lines = NULL;
  const char *pages_line;
  int n, seen = 0;

  if (!run (&info, argv))
    return -1;
  g_assert_cmpint (info.status, ==, 0);
  pages_line = strstr (info.out, "Pages:");
  g_assert_nonnull (pages_line);
  n = atoi (pages_line + strlen ("Pages:"));
  g_assert_cmpint (n, >, 0);

  last = g_strdup_printf ("%d", n);
  {
    const char *argv2[] = { "pdfinfo", "-f", "1", "-l", last, pdf, NULL };

    run (&sizes, argv2);
  }
  g_assert_cmpint (sizes.status, ==, 0);
  lines = g_strsplit (sizes.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      double w, h;
      int page;

      if (sscanf (lines[i], "Page %d size: %lf x %lf", &page, &w, &h) != 3)
        continue;
      g_assert_cmpfloat_with_epsilon (w, width, 0.5);
      g_assert_cmpfloat_with_epsilon (h, height, 0.5);
      seen++;
    }
  g_assert_cmpint (seen, ==, n);
  return n;
}

static void
test_pdf_page_sizes (void)
{
  g_autofree char *fit = path_in_dir ("fit-a3-portrait.pdf");
  g_autofree char *letter = path_in_dir ("letter.pdf");
  g_autoptr(WaymarkPages) pages = tiled_pages ();
  WaymarkExportOptions options;
  int n;

  n = check_page_sizes (tiled_pdf (), 841.89, 595.28);
  if (n < 0)
    return;
  g_assert_cmpint (n, ==, waymark_pages_get_n_pages (pages));
  g_assert_cmpint (n, >, 4);

  waymark_export_options_init (&options);
  options.paper = WAYMARK_PAPER_A3;
  options.mode = WAYMARK_EXPORT_MODE_FIT;
  options.auto_orientation = FALSE;
  options.landscape = FALSE;
  export_or_fail (&options, fit);
  g_assert_cmpint (check_page_sizes (fit, 841.89, 1190.55), ==, 1);

  waymark_export_options_init (&options);
  options.paper = WAYMARK_PAPER_LETTER;
  options.mode = WAYMARK_EXPORT_MODE_DECK;
  options.auto_orientation = FALSE;
  export_or_fail (&options, letter);
  g_assert_cmpint (check_page_sizes (letter, 792, 612), >=, N_STAGES);
}

static void
test_pdf_fonts_embedded (void)
{
  g_auto(Result) result = { 0, };
  const char *argv[] = { "pdffonts", tiled_pdf (), NULL };
  g_auto(GStrv) lines = NULL;
  guint fonts = 0;

  if (!run (&result, argv))
    return;
  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  /* Two header lines, then one per font: name type encoding emb sub uni … */
  for (guint i = 2; lines[i] && *lines[i]; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (lines[i], " ", -1);
      g_autoptr(GPtrArray) words = g_ptr_array_new ();
      guint n;

      for (guint k = 0; fields[k]; k++)
        if (*fields[k])
          g_ptr_array_add (words, fields[k]);
      n = words->len;
      g_assert_cmpuint (n, >=, 6);
      /* emb, sub, uni are the three before the object number. */
      g_assert_cmpstr (g_ptr_array_index (words, n - 5), ==, "yes");
      g_assert_cmpstr (g_ptr_array_index (words, n - 4), ==, "yes");
      fonts++;
    }
  g_assert_cmpuint (fonts, >, 0);
}

static void
test_pdf_text (void)
{
  g_autofree char *text = pdf_text (tiled_pdf (), 0);
  GPtrArray *cards = map_cards ();
  GPtrArray *stages = map_stages ();

  if (text == NULL)
    return;
  for (guint i = 0; i < cards->len; i++)
    {
      const char *title = waymark_card_get_title (g_ptr_array_index (cards, i));

      if (!contains_words (text, title))
        g_error ("card “%s” is not in the PDF's text", title);
    }
  for (guint i = 0; i < stages->len; i++)
    g_assert_true (contains_words (text, waymark_stage_get_title (g_ptr_array_index (stages, i))));
  g_assert_true (contains_words (text, "Legend"));
  g_assert_true (contains_words (text, "Appendix"));
}

static void
test_pdf_tiles_carry_headers (void)
{
  g_autoptr(WaymarkPages) pages = tiled_pages ();
  GPtrArray *stages = map_stages ();
  GPtrArray *lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);
  guint tiles = 0;

  for (guint p = 0; p < waymark_pages_get_n_pages (pages); p++)
    {
      g_autofree char *text = NULL;
      gboolean stage = FALSE, lane = FALSE;

      if (waymark_pages_get_kind (pages, p) != WAYMARK_PAGE_TILE)
        continue;
      if (!(text = pdf_text (tiled_pdf (), p + 1)))
        return;
      tiles++;
      for (guint i = 0; i < stages->len; i++)
        stage |= contains_words (text, waymark_stage_get_title (g_ptr_array_index (stages, i)));
      for (guint i = 0; i < lanes->len; i++)
        lane |= contains_words (text, waymark_lane_get_title (g_ptr_array_index (lanes, i)));
      if (!stage || !lane)
        g_error ("page %u has no %s header:\n%s", p + 1, stage ? "lane" : "stage", text);
      g_assert_true (strstr (text, "Page ") != NULL);
    }
  g_assert_cmpuint (tiles, >, 1);
  g_assert_cmpint (waymark_pages_get_kind (pages, 0), ==, WAYMARK_PAGE_COVER);
  g_assert_cmpint (waymark_pages_get_kind (pages, 1), ==, WAYMARK_PAGE_LEGEND);
  g_assert_cmpint (waymark_pages_get_kind (pages, 2), ==, WAYMARK_PAGE_OVERVIEW);
  g_assert_cmpint (waymark_pages_get_kind (pages, waymark_pages_get_n_pages (pages) - 1), ==, WAYMARK_PAGE_APPENDIX);
}

/* Whether @needle is in @data, NUL bytes and all (unlike g_strstr_len ()). */
static gboolean
contains_bytes (const char *data,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
test_pdf_structure (void)
{
  g_auto(Result) check = { 0, };
  g_auto(Result) info = { 0, };
  g_auto(Result) outline = { 0, };
  const char *check_argv[] = { "qpdf", "--check", tiled_pdf (), NULL };
  const char *info_argv[] = { "pdfinfo", tiled_pdf (), NULL };
  const char *outline_argv[] = { "qpdf", "--json", "--json-key=outlines", tiled_pdf (), NULL };
  GPtrArray *stages = map_stages ();

  if (!run (&check, check_argv))
    return;
  if (check.status != 0 || strstr (check.out, "WARNING") || strstr (check.err, "WARNING"))
    g_error ("qpdf --check: %s%s", check.out, check.err);

  if (!run (&info, info_argv))
    return;
  g_assert_nonnull (strstr (info.out, "Creator:         Waymark"));
  g_assert_nonnull (strstr (info.out, "Title:           Synthetic Map"));
  g_assert_nonnull (strstr (info.out, "Subject:"));
  /* An author: the document's, or whoever exported it. */
  {
    const char *author = strstr (info.out, "Author:");

    g_assert_nonnull (author);
    author += strlen ("Author:");
    author += strspn (author, " ");
    g_assert_cmpint (*author, !=, '\n');
  }
  g_assert_nonnull (strstr (info.out, "CreationDate:"));
  /* Tagged: a structure screen readers and reflow follow. */
  g_assert_nonnull (strstr (info.out, "Tagged:          yes"));
  {
    g_autofree char *data = NULL;
    gsize length = 0;

    g_assert_true (g_file_get_contents (tiled_pdf (), &data, &length, NULL));
    g_assert_true (contains_bytes (data, length, "/StructTreeRoot"));
    g_assert_true (contains_bytes (data, length, "/S /Document"));
    /* Stages as headings, cards as paragraphs, views of the map as figures. */
    g_assert_true (contains_bytes (data, length, "/S /H3"));
    g_assert_true (contains_bytes (data, length, "/S /P"));
    g_assert_true (contains_bytes (data, length, "/S /Figure"));
  }

  /* Bookmarks: cover, legend, the map with a child per stage, appendix. */
  if (!run (&outline, outline_argv))
    return;
  g_assert_cmpint (outline.status, ==, 0);
  g_assert_nonnull (strstr (outline.out, "\"title\": \"Cover\""));
  g_assert_nonnull (strstr (outline.out, "\"title\": \"Legend\""));
  g_assert_nonnull (strstr (outline.out, "\"title\": \"Appendix\""));
  for (guint i = 0; i < stages->len; i++)
    {
      g_autofree char *entry = g_strdup_printf ("\"title\": \"%s\"", waymark_stage_get_title (g_ptr_array_index (stages, i)));

      g_assert_nonnull (strstr (outline.out, entry));
    }
}

/* The PDF says what language it is in (the catalog's /Lang, which screen
 * readers pick a voice by), guessed from the map's letters: English for the
 * synthetic map under the C locale, Hebrew for a Hebrew map, Russian for a
 * Cyrillic one, and the file is still one qpdf passes. */
static void
test_pdf_language (void)
{
  g_auto(Result) check = { 0, };
  g_auto(Result) catalog = { 0, };
  const char *check_argv[] = { "qpdf", "--check", tiled_pdf (), NULL };
  const char *catalog_argv[] = { "qpdf", "--show-object=trailer", "--filtered-stream-data", tiled_pdf (), NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) hebrew = waymark_store_new_document ("ecommerce", "מסע רכישת מתנה", &error);
  g_autoptr(WaymarkDocument) russian = NULL;
  g_autofree char *language = NULL;
  g_autofree char *path = path_in_dir ("hebrew.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *data = NULL;
  gsize length = 0;
  WaymarkExportOptions options;
  GPtrArray *cards;

  g_assert_no_error (error);
  cards = waymark_document_get_items (hebrew, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < cards->len; i++)
    waymark_document_set (hebrew, g_ptr_array_index (cards, i), "title", "כרטיס בעברית", "body", "", NULL);
  {
    GPtrArray *stages = waymark_document_get_items (hebrew, WAYMARK_TYPE_STAGE);

    for (guint i = 0; i < stages->len; i++)
      waymark_document_set (hebrew, g_ptr_array_index (stages, i), "title", "שלב", NULL);
  }
  language = _waymark_export_guess_language (hebrew);
  g_assert_cmpstr (language, ==, "he");
  g_clear_pointer (&language, g_free);

  russian = waymark_store_new_document ("blank", "Путь покупателя", &error);
  g_assert_no_error (error);
  waymark_document_set (russian, waymark_document_get_first_map (russian), "title", "Покупка подарка", NULL);
  {
    GPtrArray *lanes = waymark_document_get_items (russian, WAYMARK_TYPE_LANE);

    for (guint i = 0; i < lanes->len; i++)
      waymark_document_set (russian, g_ptr_array_index (lanes, i), "title", "Дорожка", NULL);
  }
  language = _waymark_export_guess_language (russian);
  g_assert_cmpstr (language, ==, "ru");
  g_clear_pointer (&language, g_free);

  language = _waymark_export_guess_language (document);
  g_assert_cmpstr (language, ==, "en");

  /* A Hebrew map's PDF says so. */
  waymark_export_options_init (&options);
  g_assert_true (waymark_export_file (hebrew, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_true (contains_bytes (data, length, "/Lang (he)"));
  g_unlink (path);
  g_clear_pointer (&data, g_free);

  /* In the file: the catalog Cairo wrote, again with /Lang, as an update. */
  g_assert_true (g_file_get_contents (tiled_pdf (), &data, &length, NULL));
  g_assert_true (contains_bytes (data, length, "/Lang (en)"));
  g_assert_true (contains_bytes (data, length, "/Prev "));
  if (!run (&check, check_argv))
    return;
  if (check.status != 0 || strstr (check.out, "WARNING") || strstr (check.err, "WARNING"))
    g_error ("qpdf --check: %s%s", check.out, check.err);
  if (!run (&catalog, catalog_argv))
    return;
  g_assert_cmpint (catalog.status, ==, 0);
  {
    /* The trailer's /Root is the catalog with the language. */
    const char *root = strstr (catalog.out, "/Root ");
    g_autofree char *object = NULL;
    g_auto(Result) shown = { 0, };
    const char *show_argv[] = { "qpdf", NULL, tiled_pdf (), NULL };

    g_assert_nonnull (root);
    object = g_strdup_printf ("--show-object=%d", atoi (root + strlen ("/Root ")));
    show_argv[1] = object;
    g_assert_true (run (&shown, show_argv));
    g_assert_nonnull (strstr (shown.out, "/Lang (en)"));
    g_assert_nonnull (strstr (shown.out, "/StructTreeRoot"));
    g_assert_nonnull (strstr (shown.out, "/Type /Catalog"));
  }
}

/* A right-to-left map's cover is mirrored: the rule over the title and the
 * persona's picture on the right. */
static void
test_cover_right_to_left (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) hebrew = waymark_store_new_document ("ecommerce", "מסע רכישת מתנה", &error);
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(WaymarkScene) cover = NULL;
  WaymarkExportOptions options;
  WaymarkMap *map;
  double width, height;
  gboolean rule = FALSE, avatar = FALSE;

  g_assert_no_error (error);
  map = waymark_document_get_first_map (hebrew);
  waymark_document_set (hebrew, map, "title", "קניית מתנה ברשת", NULL);
  layout = waymark_layout_new (hebrew, waymark_object_get_id (WAYMARK_OBJECT (map)));
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  waymark_export_options_init (&options);
  options.cover = TRUE;
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (waymark_pages_get_kind (pages, 0), ==, WAYMARK_PAGE_COVER);
  waymark_pages_get_page_size (pages, &width, &height);
  cover = waymark_pages_dup_page_scene (pages, 0);
  for (guint i = 0; i < waymark_scene_get_n_items (cover); i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (cover, i);

      if (item->role == WAYMARK_SCENE_ROLE_MARK && item->bounds.width == 64)
        {
          rule = TRUE;
          g_assert_cmpfloat (item->bounds.x, >, width / 2);
        }
      if (item->role == WAYMARK_SCENE_ROLE_FIGURE && item->bounds.width == 56)
        {
          avatar = TRUE;
          g_assert_cmpfloat (item->bounds.x, >, width / 2);
        }
    }
  g_assert_true (rule);
  g_assert_true (avatar);
}

static void
test_stage_pages (void)
{
  g_autofree char *path = path_in_dir ("stages.pdf");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  const GArray *bookmarks;
  WaymarkExportOptions options;
  guint n_stages, seen = 0;
  const WaymarkLayoutStage *stages;

  waymark_export_options_init (&options);
  options.mode = WAYMARK_EXPORT_MODE_DECK;
  options.paper = WAYMARK_PAPER_A3;
  export_or_fail (&options, path);

  /* As the export lays a deck out: each card in its first stage only. */
  waymark_layout_set_spans (layout, FALSE);
  waymark_scene_update (scene);
  stages = waymark_layout_get_stages (layout, &n_stages);
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  bookmarks = waymark_pages_get_bookmarks (pages);

  /* The map's bookmark, then one per stage in order, each on a page that
   * names its stage; pages in between continue the stage above. The
   * body of every page comes from one recording of the map, which Cairo
   * 1.16 would cut to the first page that showed it: each stage's cards
   * must be on its pages. */
  g_assert_cmpuint (bookmarks->len, ==, n_stages + 1);
  for (guint i = 1; i < bookmarks->len; i++)
    {
      const WaymarkBookmark *bookmark = &g_array_index (bookmarks, WaymarkBookmark, i);
      const char *title = waymark_stage_get_title (stages[i - 1].stage);
      guint end = i + 1 < bookmarks->len ? g_array_index (bookmarks, WaymarkBookmark, i + 1).page
                                         : waymark_pages_get_n_pages (pages);

      g_assert_cmpstr (bookmark->title, ==, title);
      g_assert_cmpint (bookmark->parent, ==, 0);
      for (guint p = bookmark->page; p < end; p++)
        {
          g_autofree char *text = pdf_text (path, p + 1);

          if (text == NULL)
            return;
          g_assert_true (contains_words (text, title));
          seen++;
        }
    }
  /* One stage per page: each page shows its stage's column and no other
   * (no merged stages), and every page holds cards (no empty pages). A
   * card set to span stages is whole on its first stage's page: none is
   * cut at a stage's edge. */
  {
    guint n_cards, spanning = 0;
    const WaymarkLayoutCard *cards = waymark_layout_get_cards (layout, &n_cards);
    GPtrArray *all = map_cards ();
    guint stage_pages = 0;

    for (guint c = 0; c < all->len; c++)
      spanning += waymark_card_get_span (g_ptr_array_index (all, c)) > 1;
    g_assert_cmpuint (spanning, >, 0);
    for (guint c = 0; c < n_cards; c++)
      {
        const WaymarkLayoutStage *stage = &stages[cards[c].stage_index];

        g_assert_cmpuint (cards[c].span, ==, 1);
        g_assert_cmpfloat (cards[c].rect.x, >=, stage->x);
        g_assert_cmpfloat (cards[c].rect.x + cards[c].rect.width, <=, stage->x + stage->width);
      }
    for (guint p = 0; p < waymark_pages_get_n_pages (pages); p++)
      {
        WaymarkRect area;
        gboolean held = FALSE, matched = FALSE;

        if (waymark_pages_get_kind (pages, p) != WAYMARK_PAGE_STAGE)
          continue;
        stage_pages++;
        _waymark_pages_get_area (pages, p, &area);
        for (guint s = 0; s < n_stages; s++)
          matched |= fabs (area.x - stages[s].x) < 0.5 && fabs (area.width - stages[s].width) < 0.5;
        if (!matched)
          g_error ("page %u shows %g..%g, which is not one stage", p + 1, area.x, area.x + area.width);
        for (guint c = 0; c < n_cards && !held; c++)
          held = cards[c].rect.x < area.x + area.width && area.x < cards[c].rect.x + cards[c].rect.width &&
                 cards[c].rect.y < area.y + area.height && area.y < cards[c].rect.y + cards[c].rect.height;
        if (!held)
          g_error ("page %u holds no card", p + 1);
      }
    g_assert_cmpuint (stage_pages, >=, n_stages);
  }

  /* Before them, an overview of the whole journey. */
  g_assert_cmpint (waymark_pages_get_kind (pages, 0), ==, WAYMARK_PAGE_OVERVIEW);
  g_assert_cmpuint (g_array_index (bookmarks, WaymarkBookmark, 0).page, ==, 0);
  {
    g_autofree char *text = NULL;
    g_autoptr(GString) pages_text = g_string_new (NULL);
    GPtrArray *cards = map_cards ();

    for (guint p = 1; p < waymark_pages_get_n_pages (pages); p++)
      {
        g_autofree char *page_text = pdf_text (path, p + 1);

        g_string_append_printf (pages_text, "%s\n", page_text);
      }
    text = normalize (pages_text->str);
    for (guint i = 0; i < cards->len; i++)
      if (!contains_words (text, waymark_card_get_title (g_ptr_array_index (cards, i))))
        g_error ("card “%s” is on no stage page", waymark_card_get_title (g_ptr_array_index (cards, i)));
  }
  g_assert_cmpuint (seen + 1, ==, waymark_pages_get_n_pages (pages));
}

static char *
node_text (xmlNode *node)
{
  xmlChar *content = xmlNodeGetContent (node);
  char *text = g_strdup ((const char *) content);

  xmlFree (content);
  return text;
}

static void
test_svg (void)
{
  g_autofree char *path = path_in_dir ("map.svg");
  g_autofree char *png = path_in_dir ("from-svg.png");
  g_auto(Result) render = { 0, };
  const char *argv[] = { "rsvg-convert", "-o", png, path, NULL };
  WaymarkExportOptions options;
  GPtrArray *cards = map_cards ();
  GPtrArray *stages = map_stages ();
  xmlDoc *doc;
  xmlXPathContext *xpath;
  xmlNode *root;
  xmlChar *view_box;

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  export_or_fail (&options, path);

  doc = xmlReadFile (path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  g_assert_nonnull (doc);
  root = xmlDocGetRootElement (doc);
  g_assert_cmpstr ((const char *) root->name, ==, "svg");
  view_box = xmlGetProp (root, (const xmlChar *) "viewBox");
  g_assert_nonnull (view_box);
  g_assert_true (g_str_has_prefix ((const char *) view_box, "0 0 "));
  xmlFree (view_box);

  xpath = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (xpath, (const xmlChar *) "s", (const xmlChar *) "http://www.w3.org/2000/svg");

  /* An image to a screen reader, named by its title and described by its
   * stages, lanes and cards. */
  {
    xmlChar *role = xmlGetProp (root, (const xmlChar *) "role");
    xmlChar *labelled = xmlGetProp (root, (const xmlChar *) "aria-labelledby");
    xmlChar *described = xmlGetProp (root, (const xmlChar *) "aria-describedby");
    g_autofree char *title_query = g_strdup_printf ("/s:svg/s:title[@id='%s']", labelled);
    g_autofree char *desc_query = g_strdup_printf ("/s:svg/s:desc[@id='%s']", described);
    xmlXPathObject *title = xmlXPathEvalExpression ((const xmlChar *) title_query, xpath);
    xmlXPathObject *desc = xmlXPathEvalExpression ((const xmlChar *) desc_query, xpath);
    g_autofree char *desc_text = NULL;
    g_autofree char *stages_text = g_strdup_printf ("%u stages", stages->len);

    g_assert_cmpstr ((const char *) role, ==, "img");
    g_assert_cmpint (xmlXPathNodeSetGetLength (title->nodesetval), ==, 1);
    g_assert_cmpint (xmlXPathNodeSetGetLength (desc->nodesetval), ==, 1);
    desc_text = node_text (xmlXPathNodeSetItem (desc->nodesetval, 0));
    g_assert_nonnull (strstr (desc_text, stages_text));
    g_assert_nonnull (strstr (desc_text, waymark_stage_get_title (g_ptr_array_index (stages, 0))));
    xmlXPathFreeObject (title);
    xmlXPathFreeObject (desc);
    xmlFree (role);
    xmlFree (labelled);
    xmlFree (described);
  }

  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      gint64 id = waymark_object_get_id (WAYMARK_OBJECT (card));
      g_autofree char *query = g_strdup_printf ("//s:g[@id='card-%" G_GINT64_FORMAT "']", id);
      g_autofree char *lane_query = g_strdup_printf ("//s:g[@id='lane-%" G_GINT64_FORMAT "']//s:g[@id='card-%" G_GINT64_FORMAT "']",
                                                     waymark_card_get_lane (card), id);
      xmlXPathObject *found = xmlXPathEvalExpression ((const xmlChar *) query, xpath);
      xmlXPathObject *in_lane = xmlXPathEvalExpression ((const xmlChar *) lane_query, xpath);
      g_autoptr(GString) words = g_string_new (NULL);
      xmlNode *group;

      g_assert_nonnull (found);
      g_assert_cmpint (xmlXPathNodeSetGetLength (found->nodesetval), ==, 1);
      g_assert_cmpint (xmlXPathNodeSetGetLength (in_lane->nodesetval), ==, 1);
      group = xmlXPathNodeSetItem (found->nodesetval, 0);

      /* <title> first, then the drawing, the text as <text> elements. */
      for (xmlNode *child = group->children; child; child = child->next)
        if (child->type == XML_ELEMENT_NODE && xmlStrEqual (child->name, (const xmlChar *) "text"))
          for (xmlNode *line = child->children; line; line = line->next)
            {
              g_autofree char *text = node_text (line);

              g_string_append_printf (words, "%s\n", text);
            }
      g_assert_nonnull (group->children);
      g_assert_cmpstr ((const char *) group->children->name, ==, "title");
      {
        g_autofree char *haystack = normalize (words->str);

        if (!contains_words (haystack, waymark_card_get_title (card)))
          g_error ("card “%s” is not in its <text>: %s", waymark_card_get_title (card), haystack);
      }
      xmlXPathFreeObject (found);
      xmlXPathFreeObject (in_lane);
    }

  for (guint i = 0; i < stages->len; i++)
    {
      gint64 id = waymark_object_get_id (g_ptr_array_index (stages, i));
      g_autofree char *query = g_strdup_printf ("//s:g[@id='stage-%" G_GINT64_FORMAT "']//s:text", id);
      xmlXPathObject *found = xmlXPathEvalExpression ((const xmlChar *) query, xpath);

      g_assert_cmpint (xmlXPathNodeSetGetLength (found->nodesetval), >=, 1);
      xmlXPathFreeObject (found);
    }
  {
    xmlXPathObject *maps = xmlXPathEvalExpression ((const xmlChar *) "/s:svg/s:g[starts-with(@id, 'map-')]", xpath);

    g_assert_cmpint (xmlXPathNodeSetGetLength (maps->nodesetval), ==, 1);
    xmlXPathFreeObject (maps);
  }

  xmlXPathFreeContext (xpath);
  xmlFreeDoc (doc);

  if (!run (&render, argv))
    return;
  if (render.status != 0)
    g_error ("rsvg-convert: %s", render.err);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
}

/* The share of 8 × 8 blocks whose mean colour differs by at most
 * @tolerance (0–255) in every channel. */
static void
test_svg_matches_png (void)
{
  g_autofree char *svg = path_in_dir ("compare.svg");
  g_autofree char *png = path_in_dir ("compare.png");
  g_autofree char *rendered = path_in_dir ("compare-svg.png");
  g_auto(Result) render = { 0, };
  const char *argv[] = { "rsvg-convert", "-d", "72", "-p", "72", "-o", rendered, svg, NULL };
  WaymarkExportOptions options;
  cairo_surface_t *a, *b;
  double share;

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  export_or_fail (&options, svg);
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  options.dpi = 72;
  export_or_fail (&options, png);

  if (!run (&render, argv))
    return;
  g_assert_cmpint (render.status, ==, 0);

  a = cairo_image_surface_create_from_png (png);
  b = cairo_image_surface_create_from_png (rendered);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (abs (cairo_image_surface_get_width (a) - cairo_image_surface_get_width (b)), <=, 1);
  g_assert_cmpint (abs (cairo_image_surface_get_height (a) - cairo_image_surface_get_height (b)), <=, 1);

  share = waymark_test_similar_blocks (a, b, 12);
  g_test_message ("%.1f%% of blocks alike", share * 100);
  g_assert_cmpfloat (share, >=, 0.97);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_png (void)
{
  g_autofree char *path = path_in_dir ("map.png");
  g_autofree char *clear = path_in_dir ("clear.png");
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  WaymarkExportOptions options;
  cairo_surface_t *image;
  double width, height;

  waymark_layout_update (layout);
  waymark_layout_get_size (layout, &width, &height);

  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  export_or_fail (&options, path);
  image = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (width * 2));
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, (int) ceil (height * 2));
  /* Opaque: the background's corner. */
  g_assert_true (cairo_image_surface_get_format (image) == CAIRO_FORMAT_RGB24 ||
                 cairo_image_surface_get_data (image)[3] == 0xff);
  cairo_surface_destroy (image);

  options.dpi = 36;
  options.transparent = TRUE;
  export_or_fail (&options, clear);
  image = cairo_image_surface_create_from_png (clear);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, (int) ceil (width / 2));
  g_assert_cmpint (cairo_image_surface_get_format (image), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmphex (cairo_image_surface_get_data (image)[3], ==, 0);
  cairo_surface_destroy (image);
}

/* Only @name (or nothing, for NULL) in @folder. */
static void
assert_only (const char *folder,
             const char *name)
{
  g_autoptr(GDir) handle = g_dir_open (folder, 0, NULL);
  const char *found;

  g_assert_nonnull (handle);
  while ((found = g_dir_read_name (handle)))
    if (g_strcmp0 (found, name) != 0)
      g_error ("%s was left in %s", found, folder);
}

static void
assert_refused (WaymarkDocument            *doc,
                const WaymarkExportOptions *options,
                const char                 *path,
                GQuark                      domain,
                int                         code,
                const char                 *words)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_false (waymark_export_file (doc, options, file, NULL, NULL, NULL, &error));
  g_assert_error (error, domain, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
}

static gboolean
fail_at_write (const char *point)
{
  return g_str_equal (point, "write");
}

static gboolean
fail_when_synced (const char *point)
{
  return g_str_equal (point, "synced");
}

static void
test_refusals (void)
{
  g_autofree char *folder = path_in_dir ("refusals");
  g_autofree char *out = NULL;
  g_autofree char *old = NULL;
  g_autofree char *not_dir = NULL;
  g_autofree char *inside = NULL;
  g_autoptr(WaymarkDocument) big = waymark_generate (4000, 60, 12, 3);
  g_autoptr(WaymarkDocument) empty = waymark_generate (0, 1, 1, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  WaymarkExportOptions options;
  WaymarkExportFormat format;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  out = g_build_filename (folder, "map.pdf", NULL);
  waymark_export_options_init (&options);

  /* An unknown extension. */
  g_assert_false (waymark_export_format_for_path ("map.docx", &format, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT);
  g_assert_nonnull (strstr (error->message, ".docx"));
  g_clear_error (&error);
  g_assert_true (waymark_export_format_for_path ("MAP.SVG", &format, &error));
  g_assert_cmpint (format, ==, WAYMARK_EXPORT_FORMAT_SVG);

  /* Thousands of pages. */
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  options.paper = WAYMARK_PAPER_A0;
  options.scale = 1000;
  assert_refused (big, &options, out, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, "pages");
  assert_only (folder, NULL);

  /* A map with no stages. */
  {
    GPtrArray *stages = waymark_document_get_items (empty, WAYMARK_TYPE_STAGE);

    while (stages->len > 0)
      waymark_document_remove (empty, g_ptr_array_index (stages, 0));
  }
  waymark_export_options_init (&options);
  assert_refused (empty, &options, out, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, "no stages");
  assert_only (folder, NULL);

  /* A PNG larger than viewers open names a resolution that fits. */
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  options.dpi = 9600;
  assert_refused (document, &options, out, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, "use --dpi");
  assert_only (folder, NULL);

  /* A folder that is a file. */
  not_dir = g_build_filename (folder, "file", NULL);
  g_assert_true (g_file_set_contents (not_dir, "x", 1, NULL));
  inside = g_build_filename (not_dir, "map.pdf", NULL);
  waymark_export_options_init (&options);
  assert_refused (document, &options, inside, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY, NULL);
  g_unlink (not_dir);
  assert_only (folder, NULL);

  /* A failing write or rename keeps the old file whole and leaves nothing else. */
  old = g_strdup ("an older export");
  g_assert_true (g_file_set_contents (out, old, -1, NULL));
  _waymark_export_set_fault_hook (fail_at_write);
  assert_refused (document, &options, out, G_IO_ERROR, G_IO_ERROR_NO_SPACE, NULL);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  assert_refused (document, &options, out, G_IO_ERROR, G_IO_ERROR_NO_SPACE, NULL);
  options.format = WAYMARK_EXPORT_FORMAT_PNG;
  assert_refused (document, &options, out, G_IO_ERROR, G_IO_ERROR_NO_SPACE, NULL);
  _waymark_export_set_fault_hook (fail_when_synced);
  options.format = WAYMARK_EXPORT_FORMAT_PDF;
  assert_refused (document, &options, out, G_IO_ERROR, G_IO_ERROR_FAILED, NULL);
  _waymark_export_set_fault_hook (NULL);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, old);
  assert_only (folder, "map.pdf");

  /* Cancelled. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autoptr(GFile) file = g_file_new_for_path (out);

    g_cancellable_cancel (cancellable);
    g_assert_false (waymark_export_file (document, &options, file, cancellable, NULL, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    assert_only (folder, "map.pdf");
  }

  /* A read-only folder, as a user who may not write there. */
  if (geteuid () != 0)
    {
      g_autofree char *locked = g_build_filename (folder, "locked", NULL);
      g_autofree char *target = g_build_filename (locked, "map.pdf", NULL);

      g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
      assert_refused (document, &options, target, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, NULL);
      g_chmod (locked, 0700);
      assert_only (locked, NULL);
    }
  else
    g_test_message ("running as root: the read-only folder case is covered by the CLI test in a child without privileges");
}

/* Root ignores permissions: the CLI runs as nobody for the read-only case. */
static gboolean
can_drop_privileges (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");

  return geteuid () == 0 && setpriv != NULL;
}

static void
test_cli (void)
{
  const char *cli = g_getenv ("WAYMARK_CLI");
  g_autofree char *folder = path_in_dir ("cli");
  g_autofree char *doc = g_build_filename (folder, "doc.waymark", NULL);
  g_autofree char *pdf = g_build_filename (folder, "out.pdf", NULL);
  g_autofree char *png = g_build_filename (folder, "out.png", NULL);
  g_autofree char *docx = g_build_filename (folder, "out.docx", NULL);
  g_autoptr(GFile) doc_file = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cli);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  doc_file = g_file_new_for_path (doc);
  g_assert_true (waymark_store_save (document, doc_file, &error));
  g_assert_no_error (error);

  {
    g_auto(Result) result = { 0, };
    const char *argv[] = { cli, "export", doc, "-o", pdf, "--tile", "--scale", "80", "--paper", "A3",
                           "--orientation", "portrait", "--cover", "--legend", "--appendix", "--map", "1", NULL };

    run (&result, argv);
    g_assert_cmpint (result.status, ==, 0);
    g_assert_cmpstr (result.err, ==, "");
    if (check_page_sizes (pdf, 841.89, 1190.55) < 0)
      return;
  }
  {
    g_auto(Result) result = { 0, };
    const char *argv[] = { cli, "export", doc, "-o", png, "--dpi", "36", NULL };
    cairo_surface_t *image;

    run (&result, argv);
    g_assert_cmpint (result.status, ==, 0);
    image = cairo_image_surface_create_from_png (png);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy (image);
  }

  /* Usage errors: exit 2. */
  {
    const char *cases[][10] = {
      { "export", doc, "-o", pdf, "--fit", "--tile", NULL },
      { "export", doc, "-o", pdf, "--scale", "50", NULL },
      { "export", doc, "-o", pdf, "--paper", "B5", NULL },
      { "export", doc, "-o", pdf, "--orientation", "sideways", NULL },
      { "export", doc, "-o", png, "--dpi", "0", NULL },
      { "export", doc, "-o", png, "--cover", NULL },
      { "export", doc, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Result) result = { 0, };
        const char *argv[12] = { cli, };

        for (guint k = 0; cases[i][k]; k++)
          argv[k + 1] = cases[i][k];
        run (&result, argv);
        g_assert_cmpint (result.status, ==, 2);
      }
  }

  /* Refused: exit 1, one line naming the file and the reason, no file. */
  {
    const char *cases[][10] = {
      { "export", doc, "-o", docx, NULL },
      { "export", doc, "-o", pdf, "--map", "7", NULL },
      { "export", doc, "-o", pdf, "--tile", "--scale", "1000", "--paper", "A4", NULL },
    };
    const char *names[] = { docx, doc, pdf };

    g_unlink (pdf);
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_auto(Result) result = { 0, };
        const char *argv[12] = { cli, };
        g_autofree char *prefix = g_strdup_printf ("waymark-cli: %s: ", names[i]);

        for (guint k = 0; cases[i][k]; k++)
          argv[k + 1] = cases[i][k];
        run (&result, argv);
        g_assert_cmpint (result.status, ==, 1);
        g_assert_true (g_str_has_prefix (result.err, prefix));
        g_assert_cmpint (strchr (result.err, '\n') - result.err, ==, strlen (result.err) - 1);
        g_assert_false (g_file_test (docx, G_FILE_TEST_EXISTS));
        g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
      }
  }

  if (can_drop_privileges ())
    {
      g_autofree char *locked = g_build_filename (folder, "locked", NULL);
      g_autofree char *target = g_build_filename (locked, "map.pdf", NULL);
      g_auto(Result) result = { 0, };
      /* A process that changed its user cannot be read by LeakSanitizer
       * (it is no longer dumpable): no leak check in that one child. */
      const char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                             "env", "ASAN_OPTIONS=detect_leaks=0:detect_odr_violation=0",
                             cli, "export", doc, "-o", target, NULL };

      g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
      g_chmod (folder, 0755);
      g_chmod (doc, 0644);
      g_chmod (dir, 0755);
      run (&result, argv);
      g_assert_cmpint (result.status, ==, 1);
      g_assert_nonnull (strstr (result.err, "Permission denied"));
      assert_only (locked, NULL);
    }
}

/* The smallest text on paper of each page of @pdf, in points, as
 * `mutool trace` reports the glyphs (font size times the transformation);
 * G_MAXDOUBLE for a page without text. NULL (and a skip) without mutool. */
static GArray *
text_sizes_on_paper (const char *pdf)
{
  g_auto(Result) result = { 0, };
  const char *argv[] = { "mutool", "trace", pdf, NULL };
  g_auto(GStrv) lines = NULL;
  GArray *smallest;
  double scale = 1, size = 0;

  if (!run (&result, argv))
    return NULL;
  g_assert_cmpint (result.status, ==, 0);
  smallest = g_array_new (FALSE, FALSE, sizeof (double));
  lines = g_strsplit (result.out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i] + strspn (lines[i], " \t");
      const char *attr;
      double a, b, c, d;

      if (g_str_has_prefix (line, "<page "))
        {
          double none = G_MAXDOUBLE;

          g_array_append_val (smallest, none);
        }
      else if (g_str_has_prefix (line, "<fill_text ") && (attr = strstr (line, "transform=\"")) &&
               sscanf (attr + strlen ("transform=\""), "%lf %lf %lf %lf", &a, &b, &c, &d) == 4)
        scale = sqrt (fabs (a * d - b * c));
      else if (g_str_has_prefix (line, "<span ") && (attr = strstr (line, "trm=\"")) &&
               sscanf (attr + strlen ("trm=\""), "%lf %lf %lf %lf", &a, &b, &c, &d) == 4)
        size = sqrt (fabs (a * d - b * c)) * scale;
      else if (g_str_has_prefix (line, "<g ") && smallest->len > 0)
        {
          double *page = &g_array_index (smallest, double, smallest->len - 1);

          *page = MIN (*page, size);
        }
    }
  g_assert_cmpuint (smallest->len, >, 0);
  return smallest;
}

/* Runs the CLI with @args (NULL-terminated); asserts it succeeds. */
static void
run_cli_ok (const char * const *args)
{
  g_auto(Result) result = { 0, };
  const char *argv[24] = { g_getenv ("WAYMARK_CLI"), };
  guint n = 1;

  g_assert_nonnull (argv[0]);
  for (guint i = 0; args[i] && n + 1 < G_N_ELEMENTS (argv); i++)
    argv[n++] = args[i];
  run (&result, argv);
  if (result.status != 0)
    g_error ("waymark-cli %s failed: %s", args[0], result.err);
}

static void
assert_legible (const char *pdf,
                const char *what)
{
  g_autoptr(GArray) sizes = text_sizes_on_paper (pdf);

  if (sizes == NULL)
    return;
  for (guint p = 0; p < sizes->len; p++)
    {
      double smallest = g_array_index (sizes, double, p);

      g_test_message ("%s, page %u: smallest text %.2f pt", what, p + 1, smallest);
      if (smallest < WAYMARK_EXPORT_LEGIBLE_TEXT - 0.01)
        g_error ("%s, page %u: text of %.2f pt on paper, under %.0f pt", what, p + 1, smallest,
                 WAYMARK_EXPORT_LEGIBLE_TEXT);
    }
}

/*
 * /waymark/export/legible-by-default — `waymark-cli export DOC -o OUT.pdf`
 * with no options, for every template and for the sample map with survey
 * metrics on its cards: no text on paper under 6 pt, measured in the PDF.
 */
static void
test_legible_by_default (void)
{
  const char * const *templates = waymark_store_list_templates ();
  g_autofree char *folder = path_in_dir ("legible");
  const char *sample = g_getenv ("WAYMARK_SAMPLE");
  const char *source_dir = g_getenv ("WAYMARK_SOURCE_DIR");

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; templates[i]; i++)
    {
      g_autofree char *doc = g_strdup_printf ("%s/%s.waymark", folder, templates[i]);
      g_autofree char *pdf = g_strdup_printf ("%s/%s.pdf", folder, templates[i]);
      const char *create[] = { "new", doc, "--template", templates[i], NULL };
      const char *export[] = { "export", doc, "-o", pdf, NULL };

      run_cli_ok (create);
      run_cli_ok (export);
      assert_legible (pdf, templates[i]);
    }

  g_assert_nonnull (sample);
  g_assert_nonnull (source_dir);
  {
    g_autofree char *doc = g_build_filename (folder, "survey.waymark", NULL);
    g_autofree char *pdf = g_build_filename (folder, "survey.pdf", NULL);
    g_autofree char *csv = g_build_filename (source_dir, "data", "samples", "q3-survey.csv", NULL);
    g_autofree char *contents = NULL;
    gsize length;
    const char *import[] = { "data", "import", doc, csv, "--key", "Touchpoint", "--name", "Q3", NULL };
    const char *nps[] = { "metric", "add", doc, "--dataset", "Q3", "--name", "NPS", "--kind", "nps",
                          "--column", "NPS", "--target", "20", "--period", "month", NULL };
    const char *csat[] = { "metric", "add", doc, "--dataset", "Q3", "--name", "Web CSAT", "--kind", "csat",
                           "--column", "CSAT", "--filter", "Channel=web", "--target", "80", NULL };
    const char *export[] = { "export", doc, "-o", pdf, NULL };

    g_assert_true (g_file_get_contents (sample, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (doc, contents, length, NULL));
    run_cli_ok (import);
    run_cli_ok (nps);
    run_cli_ok (csat);
    run_cli_ok (export);
    assert_legible (pdf, "the sample with survey metrics");

    /* Its legend explains every mark a badge can carry, its appendix
     * where the numbers come from: the file by name, never its folder,
     * the filter, n and the margin of error. */
    {
      g_autofree char *explained = g_build_filename (folder, "explained.pdf", NULL);
      const char *with_pages[] = { "export", doc, "-o", explained, "--legend", "--appendix", NULL };
      g_autofree char *text = NULL;
      const char *expected[] = {
        "Legend", "Metric Badges", "Meets its target", "Misses its target", "Up or down since",
        "The value by period", "few answers", "Between stages", "Channels",
        "Appendix", "Source: q3-survey.csv", "Only rows where Channel = web", "n 1200", "at 95%",
        "periods July 2026 to September 2026", "target 80",
      };

      run_cli_ok (with_pages);
      if (!(text = pdf_text (explained, 0)))
        return;
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        if (!contains_words (text, expected[i]))
          g_error ("the legend and appendix do not say “%s”", expected[i]);
      g_assert_null (strstr (text, "data/samples"));
      g_assert_null (strstr (text, source_dir));
      assert_legible (explained, "the legend and appendix");
    }
  }
}

/*
 * /waymark/export/summary — the executive summary: one page first, its
 * text legible, with the lists a manager reads.
 */
static void
test_summary (void)
{
  g_autofree char *pdf = path_in_dir ("summary.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  /* Lanes of every kind up to opportunities: pain points among them. */
  g_autoptr(WaymarkDocument) journey = waymark_generate (40, 4, 6, 11);
  g_autoptr(WaymarkLayout) layout = waymark_layout_new (journey, waymark_export_find_map (journey, NULL, NULL));
  g_autoptr(WaymarkScene) scene = waymark_scene_new (layout, waymark_theme_get_light ());
  g_autoptr(WaymarkPages) pages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) sizes = NULL;
  g_autofree char *text = NULL;
  WaymarkExportOptions options;
  guint n_cards;
  const WaymarkLayoutCard *cards;
  WaymarkCard *worst = NULL;

  waymark_export_options_init (&options);
  options.summary = TRUE;
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  g_assert_true (waymark_export_file (journey, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  waymark_scene_update (scene);
  pages = waymark_pages_new (scene, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpint (waymark_pages_get_kind (pages, 0), ==, WAYMARK_PAGE_SUMMARY);
  for (guint p = 1; p < waymark_pages_get_n_pages (pages); p++)
    g_assert_cmpint (waymark_pages_get_kind (pages, p), !=, WAYMARK_PAGE_SUMMARY);

  if (!(text = pdf_text (pdf, 1)))
    return;
  g_assert_true (contains_words (text, "Summary: Synthetic Map"));
  g_assert_true (contains_words (text, "Emotion through the journey"));
  g_assert_true (contains_words (text, "Weakest touchpoints"));
  g_assert_true (contains_words (text, "Top pain points"));
  g_assert_true (contains_words (text, "Opportunities"));
  /* The most severe pain point leads its list. */
  cards = waymark_layout_get_cards (layout, &n_cards);
  for (guint c = 0; c < n_cards; c++)
    if (g_str_equal (waymark_card_get_kind (cards[c].card), "pain-point") &&
        (worst == NULL || waymark_card_get_severity (cards[c].card) > waymark_card_get_severity (worst)))
      worst = cards[c].card;
  g_assert_nonnull (worst);
  g_assert_true (contains_words (text, waymark_card_get_title (worst)));

  sizes = text_sizes_on_paper (pdf);
  if (sizes != NULL)
    g_assert_cmpfloat (g_array_index (sizes, double, 0), >=, WAYMARK_EXPORT_LEGIBLE_TEXT);
}

/* Adds the words of @text to @words. */
static void
add_words (GHashTable *words,
           const char *text)
{
  g_auto(GStrv) split = g_strsplit_set (text ? text : "", " \n\t", -1);

  for (guint i = 0; split[i]; i++)
    if (*split[i])
      g_hash_table_add (words, g_strdup (split[i]));
}

/*
 * /waymark/export/tiles-assemble — a poster is a grid (the tiles of a row
 * share their top and height, of a column their left and width), has no
 * sliver, and draws nothing under its repeated headers: every word in the
 * stage band is a stage header's, every word in the lane band a lane
 * header's, read from the PDF with pdftotext -bbox.
 */
static void
test_tiles_assemble (void)
{
  g_autoptr(WaymarkPages) pages = tiled_pages ();
  WaymarkLayout *layout = waymark_scene_get_layout (waymark_pages_get_scene (pages));
  g_autoptr(GHashTable) stage_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) lane_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) areas = g_array_new (FALSE, FALSE, sizeof (WaymarkRect));
  guint n_stages, n_lanes;
  const WaymarkLayoutStage *stages = waymark_layout_get_stages (layout, &n_stages);
  const WaymarkLayoutLane *lanes = waymark_layout_get_lanes (layout, &n_lanes);
  double scale = waymark_pages_get_map_scale (pages);
  double margin = WAYMARK_EXPORT_DEFAULT_MARGIN;
  double header = (waymark_layout_get_header_bottom (layout) - waymark_layout_get_header_top (layout)) * scale;
  double corner = WAYMARK_LAYOUT_LANE_HEADER * scale;
  double largest_h = 0, largest_w = 0;
  guint first_tile = G_MAXUINT;

  for (guint s = 0; s < n_stages; s++)
    {
      add_words (stage_words, pango_layout_get_text (stages[s].title));
      if (stages[s].description)
        add_words (stage_words, pango_layout_get_text (stages[s].description));
      for (guint k = 0; stages[s].badges && k < stages[s].badges->len; k++)
        add_words (stage_words, pango_layout_get_text (((WaymarkLayoutBadge *) g_ptr_array_index (stages[s].badges, k))->text));
    }
  for (guint l = 0; l < n_lanes; l++)
    {
      add_words (lane_words, pango_layout_get_text (lanes[l].title));
      if (lanes[l].kind)
        add_words (lane_words, pango_layout_get_text (lanes[l].kind));
    }

  for (guint p = 0; p < waymark_pages_get_n_pages (pages); p++)
    {
      WaymarkRect area;

      if (waymark_pages_get_kind (pages, p) != WAYMARK_PAGE_TILE)
        continue;
      first_tile = MIN (first_tile, p);
      _waymark_pages_get_area (pages, p, &area);
      g_array_append_val (areas, area);
      largest_w = MAX (largest_w, area.width);
      largest_h = MAX (largest_h, area.height);
    }
  g_assert_cmpuint (areas->len, >, 3);

  /* A grid: the tiles' edges take few distinct values, and each tile's
   * edges are among them. */
  {
    g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));

    for (guint i = 0; i < areas->len; i++)
      {
        const WaymarkRect *a = &g_array_index (areas, WaymarkRect, i);
        gboolean seen_x = FALSE, seen_y = FALSE;

        for (guint k = 0; k < xs->len; k++)
          seen_x |= fabs (g_array_index (xs, double, k) - a->x) < 0.01;
        for (guint k = 0; k < ys->len; k++)
          seen_y |= fabs (g_array_index (ys, double, k) - a->y) < 0.01;
        if (!seen_x)
          g_array_append_val (xs, a->x);
        if (!seen_y)
          g_array_append_val (ys, a->y);
        /* No sliver: every tile at least a quarter of the largest. */
        g_assert_cmpfloat (a->width, >=, largest_w / 4);
        g_assert_cmpfloat (a->height, >=, largest_h / 4);
      }
    g_assert_cmpuint (xs->len * ys->len, ==, areas->len);
    for (guint i = 0; i < areas->len; i++)
      {
        const WaymarkRect *a = &g_array_index (areas, WaymarkRect, i);
        guint column = i % xs->len;
        const WaymarkRect *top = &g_array_index (areas, WaymarkRect, column);
        const WaymarkRect *row_first = &g_array_index (areas, WaymarkRect, i - column);

        g_assert_cmpfloat_with_epsilon (a->x, top->x, 0.01);
        g_assert_cmpfloat_with_epsilon (a->width, top->width, 0.01);
        g_assert_cmpfloat_with_epsilon (a->y, row_first->y, 0.01);
        g_assert_cmpfloat_with_epsilon (a->height, row_first->height, 0.01);
      }
  }

  /* The assembly marks the overview promises: crop marks and cut lines
   * on every tile. */
  for (guint i = 0; i < areas->len; i++)
    {
      g_autoptr(WaymarkScene) page = waymark_pages_dup_page_scene (pages, first_tile + i);
      guint marks = 0;

      for (guint k = 0; k < waymark_scene_get_n_items (page); k++)
        marks += waymark_scene_get_item (page, k)->role == WAYMARK_SCENE_ROLE_MARK;
      /* One path of crop marks, one of dotted cut lines, at least. */
      g_assert_cmpuint (marks, >=, 2);
    }

  /* Nothing under the headers. */
  for (guint i = 0; i < areas->len; i++)
    {
      guint page = first_tile + i;
      g_autofree char *number = g_strdup_printf ("%u", page + 1);
      const char *argv[] = { "pdftotext", "-bbox", "-f", number, "-l", number, tiled_pdf (), "-", NULL };
      g_auto(Result) result = { 0, };
      g_auto(GStrv) lines = NULL;
      const WaymarkRect *a = &g_array_index (areas, WaymarkRect, i);
      double body_bottom = margin + header + a->height * scale;
      guint checked = 0;

      if (!run (&result, argv))
        return;
      g_assert_cmpint (result.status, ==, 0);
      lines = g_strsplit (result.out, "\n", -1);
      for (guint k = 0; lines[k]; k++)
        {
          double x0, y0, x1, y1, cx, cy;
          const char *word = strstr (lines[k], "<word ");
          g_autofree char *text = NULL;
          const char *start, *end;

          if (word == NULL ||
              sscanf (word, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &x0, &y0, &x1, &y1) != 4)
            continue;
          start = strchr (word, '>') + 1;
          end = strstr (start, "</word>");
          text = g_strndup (start, end - start);
          cx = (x0 + x1) / 2;
          cy = (y0 + y1) / 2;
          if (cy > body_bottom || cy < margin)
            continue;   /* the footer, the marks */
          if (cy < margin + header && cx > margin + corner)
            {
              if (!g_hash_table_contains (stage_words, text))
                g_error ("page %u: “%s” at %.0f, %.0f lies under the stage headers", page + 1, text, cx, cy);
              checked++;
            }
          else if (cx < margin + corner && cy > margin + header)
            {
              if (!g_hash_table_contains (lane_words, text))
                g_error ("page %u: “%s” at %.0f, %.0f lies under the lane headers", page + 1, text, cx, cy);
              checked++;
            }
        }
      g_assert_cmpuint (checked, >, 0);
    }
}

/* A big-endian 32-bit number anywhere in a buffer, aligned or not. */
static guint32
read_be32 (const guchar *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_BE (value);
}

/* The pHYs chunk of the PNG at @path: pixels per metre, or 0 without. */
static guint32
png_pixels_per_metre (const char *path)
{
  g_autofree guchar *data = NULL;
  gsize length, at = 8;

  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  while (at + 12 <= length)
    {
      guint32 size = read_be32 (data + at);

      if (memcmp (data + at + 4, "pHYs", 4) == 0 && size == 9)
        {
          guint32 x = read_be32 (data + at + 8);
          guint32 y = read_be32 (data + at + 12);

          g_assert_cmpuint (x, ==, y);
          g_assert_cmpuint (data[at + 16], ==, 1);   /* the unit: metres */
          return x;
        }
      if (memcmp (data + at + 4, "IDAT", 4) == 0)
        break;  /* pHYs must come before the image data */
      at += 12 + size;
    }
  return 0;
}

/*
 * /waymark/export/png-resolution — a PNG says its resolution, so it prints
 * at the size it was made for, and its edges are opaque, not blended with
 * a transparent surround.
 */
static void
test_png_resolution (void)
{
  const double dpis[] = { 144, 300 };

  for (guint i = 0; i < G_N_ELEMENTS (dpis); i++)
    {
      g_autofree char *name = g_strdup_printf ("at-%.0f.png", dpis[i]);
      g_autofree char *path = path_in_dir (name);
      WaymarkExportOptions options;
      cairo_surface_t *image;
      int width, height, stride;
      const guint32 *pixels;

      waymark_export_options_init (&options);
      options.format = WAYMARK_EXPORT_FORMAT_PNG;
      options.dpi = dpis[i];
      export_or_fail (&options, path);
      g_assert_cmpuint (png_pixels_per_metre (path), ==, (guint32) lround (dpis[i] / 0.0254));

      image = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
      width = cairo_image_surface_get_width (image);
      height = cairo_image_surface_get_height (image);
      stride = cairo_image_surface_get_stride (image) / 4;
      pixels = (const guint32 *) (gpointer) cairo_image_surface_get_data (image);
      if (cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32)
        for (int x = 0; x < width; x++)
          for (int y = 0; y < height; y += (x == 0 || x == width - 1) ? 1 : height - 1)
            if ((pixels[y * stride + x] >> 24) != 0xff)
              g_error ("%s: pixel %d, %d on the edge is not opaque", name, x, y);
      cairo_surface_destroy (image);
    }
}

/* The text of the SVG's <tspan> lines. */
static GPtrArray *
svg_lines (const char *path,
           GPtrArray  *directions)
{
  xmlDoc *doc = xmlReadFile (path, NULL, XML_PARSE_NONET);
  xmlXPathContext *context;
  xmlXPathObject *found;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_nonnull (doc);
  context = xmlXPathNewContext (doc);
  xmlXPathRegisterNs (context, (const xmlChar *) "svg", (const xmlChar *) "http://www.w3.org/2000/svg");
  found = xmlXPathEvalExpression ((const xmlChar *) "//svg:text/svg:tspan", context);
  for (int i = 0; found->nodesetval && i < found->nodesetval->nodeNr; i++)
    {
      xmlNode *node = found->nodesetval->nodeTab[i];
      xmlChar *direction = xmlGetProp (node, (const xmlChar *) "direction");

      g_ptr_array_add (lines, node_text (node));
      g_ptr_array_add (directions, g_strdup (direction ? (const char *) direction : "ltr"));
      xmlFree (direction);
    }
  xmlXPathFreeObject (found);
  xmlXPathFreeContext (context);
  xmlFreeDoc (doc);
  return lines;
}

/*
 * /waymark/export/svg-bidi — SVG keeps text in the order it is read:
 * a Hebrew line is written in logical order and marked right to left, a
 * Latin line with a Hebrew phrase stays left to right with the phrase
 * unreversed, so both read and search as typed.
 */
static void
test_svg_bidi (void)
{
  const char *hebrew = "שלום עולם";
  const char *mixed = "Order 66 שלום עולם";
  g_autoptr(WaymarkDocument) doc = waymark_generate (4, 2, 2, 3);
  GPtrArray *cards = waymark_document_get_items (doc, WAYMARK_TYPE_CARD);
  g_autofree char *path = path_in_dir ("bidi.svg");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) directions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) lines = NULL;
  WaymarkExportOptions options;
  gboolean seen_hebrew = FALSE, seen_mixed = FALSE;

  g_assert_cmpuint (cards->len, >=, 2);
  waymark_document_set (doc, g_ptr_array_index (cards, 0), "title", hebrew, NULL);
  waymark_document_set (doc, g_ptr_array_index (cards, 1), "title", mixed, NULL);
  waymark_export_options_init (&options);
  options.format = WAYMARK_EXPORT_FORMAT_SVG;
  g_assert_true (waymark_export_file (doc, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  lines = svg_lines (path, directions);
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *direction = g_ptr_array_index (directions, i);

      if (g_str_equal (line, hebrew))
        {
          g_assert_cmpstr (direction, ==, "rtl");
          seen_hebrew = TRUE;
        }
      else if (g_str_equal (line, mixed))
        {
          g_assert_cmpstr (direction, ==, "ltr");
          seen_mixed = TRUE;
        }
      /* Nothing reversed: no line holds the Hebrew words back to front. */
      g_assert_null (strstr (line, "עולם שלום"));
      g_assert_null (strstr (line, "םלוע"));
    }
  g_assert_true (seen_hebrew);
  g_assert_true (seen_mixed);
}

static void
collect_note (const char *note,
              gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (note));
}

/*
 * /waymark/export/missing-glyphs — a character no installed font has is
 * drawn as a box; the export says which, rather than print boxes silently.
 */
static void
test_missing_glyphs (void)
{
  g_autoptr(WaymarkDocument) doc = waymark_generate (4, 2, 2, 3);
  GPtrArray *cards = waymark_document_get_items (doc, WAYMARK_TYPE_CARD);
  g_autofree char *path = path_in_dir ("boxes.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  WaymarkExportOptions options;

  waymark_export_options_init (&options);
  options.note = collect_note;
  options.note_data = notes;
  g_assert_true (waymark_export_file (doc, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);

  /* A code point from a private use plane: no font has it. */
  waymark_document_set (doc, g_ptr_array_index (cards, 0), "title", "Wait \xf3\xb0\x80\x81 here", NULL);
  g_assert_true (waymark_export_file (doc, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  if (!strstr (g_ptr_array_index (notes, 0), "U+F0001"))
    g_error ("the note does not name U+F0001: %s", (char *) g_ptr_array_index (notes, 0));
}

/*
 * /waymark/export/targets-kept — a symbolic link and a read-only file are
 * not replaced, and nothing is left beside them.
 */
static void
test_targets_kept (void)
{
  g_autofree char *folder = path_in_dir ("kept");
  g_autofree char *real = g_build_filename (folder, "real.pdf", NULL);
  g_autofree char *link = g_build_filename (folder, "link.pdf", NULL);
  g_autofree char *locked = g_build_filename (folder, "locked.pdf", NULL);
  WaymarkExportOptions options;
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (real, "mine", -1, NULL));
  g_assert_true (g_file_set_contents (locked, "keep", -1, NULL));
  g_assert_cmpint (g_chmod (locked, 0444), ==, 0);
  g_assert_cmpint (symlink (real, link), ==, 0);

  waymark_export_options_init (&options);
  assert_refused (document, &options, link, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "symbolic link");
  assert_refused (document, &options, locked, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "read-only");

  g_assert_true (g_file_get_contents (real, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "mine");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (locked, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep");
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  {
    g_autoptr(GDir) handle = g_dir_open (folder, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (handle))
      n++;
    g_assert_cmpuint (n, ==, 3);
  }
  g_chmod (locked, 0644);
}

/*
 * /waymark/export/interrupted — SIGTERM or SIGINT in the middle of a long
 * export leaves no temporary file and no target.
 */
static void
test_interrupted (void)
{
  const char *cli = g_getenv ("WAYMARK_CLI");
  const int signals[] = { SIGTERM, SIGINT };
  g_autofree char *folder = path_in_dir ("interrupted");
  g_autofree char *doc = g_build_filename (folder, "big.waymark", NULL);
  /* Long enough to export that it is caught in the middle. */
  g_autoptr(WaymarkDocument) big = waymark_generate (5000, 8, 6, 1);
  g_autoptr(GFile) doc_file = g_file_new_for_path (doc);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (cli);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (waymark_store_save (big, doc_file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      g_autofree char *out = g_build_filename (folder, "poster.pdf", NULL);
      const char *argv[] = { cli, "export", doc, "-o", out, "--tile", "--scale", "5", "--paper", "A3", NULL };
      GPid pid;
      int wait_status = 0;
      gboolean temporary = FALSE;

      g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD |
                                    G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                    NULL, NULL, &pid, &error));
      g_assert_no_error (error);
      /* Wait for the temporary file, then interrupt. */
      for (guint tries = 0; tries < 12000 && !temporary; tries++)
        {
          g_autoptr(GDir) handle = g_dir_open (folder, 0, NULL);
          const char *name;

          while ((name = g_dir_read_name (handle)))
            temporary |= g_str_has_prefix (name, ".poster.pdf.");
          if (!temporary)
            g_usleep (10000);
        }
      g_assert_true (temporary);
      kill (pid, signals[i]);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed by the signal, as a shell expects, and nothing left. */
      g_assert_true (WIFSIGNALED (wait_status));
      g_assert_cmpint (WTERMSIG (wait_status), ==, signals[i]);
      assert_only (folder, "big.waymark");
    }
}

/*
 * /waymark/export/side-by-side — cards side by side in a cell make the
 * map wider and shorter; no two cards overlap, every card stays in its
 * stages, and every card is still in the PDF.
 */
static void
test_side_by_side (void)
{
  g_autoptr(WaymarkLayout) one = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  g_autoptr(WaymarkLayout) two = waymark_layout_new (document, waymark_export_find_map (document, NULL, NULL));
  g_autofree char *pdf = path_in_dir ("side-by-side.pdf");
  g_autofree char *text = NULL;
  double w1, h1, w2, h2;
  guint n_cards, n_stages, beside = 0;
  const WaymarkLayoutCard *cards;
  const WaymarkLayoutStage *stages;
  WaymarkExportOptions options;

  waymark_layout_set_cell_columns (two, 2);
  g_assert_cmpuint (waymark_layout_get_cell_columns (two), ==, 2);
  waymark_layout_update (one);
  waymark_layout_update (two);
  waymark_layout_get_size (one, &w1, &h1);
  waymark_layout_get_size (two, &w2, &h2);
  g_assert_cmpfloat (w2, >, w1 * 1.5);
  g_assert_cmpfloat (h2, <, h1);

  cards = waymark_layout_get_cards (two, &n_cards);
  stages = waymark_layout_get_stages (two, &n_stages);
  for (guint i = 0; i < n_cards; i++)
    {
      const WaymarkRect *a = &cards[i].rect;
      const WaymarkLayoutStage *first = &stages[cards[i].stage_index];
      const WaymarkLayoutStage *last = &stages[cards[i].stage_index + cards[i].span - 1];

      g_assert_cmpfloat (a->x, >=, first->x);
      g_assert_cmpfloat (a->x + a->width, <=, last->x + last->width);
      for (guint k = i + 1; k < n_cards; k++)
        {
          const WaymarkRect *b = &cards[k].rect;

          if (a->height > 0 && b->height > 0 && waymark_rect_intersects (a, b))
            g_error ("cards %u and %u overlap", i, k);
          beside += cards[k].lane_index == cards[i].lane_index && fabs (a->y - b->y) < 0.5 && a->x != b->x;
        }
    }
  g_assert_cmpuint (beside, >, 0);

  waymark_export_options_init (&options);
  options.cell_columns = 2;
  options.mode = WAYMARK_EXPORT_MODE_TILE;
  export_or_fail (&options, pdf);
  if (!(text = pdf_text (pdf, 0)))
    return;
  for (guint i = 0; i < n_cards; i++)
    if (!contains_words (text, waymark_card_get_title (cards[i].card)))
      g_error ("card “%s” is not in the PDF", waymark_card_get_title (cards[i].card));
}

/*
 * /waymark/export/appendix-document-text — what a file holds is text in
 * the appendix, never markup: an odd checksum, kind, date or period.
 */
static void
test_appendix_document_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WaymarkDocument) odd = waymark_store_new_document ("blank", "Odd", &error);
  g_autofree char *pdf = path_in_dir ("odd-appendix.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autofree char *text = NULL;
  WaymarkObject *dataset, *metric;
  WaymarkExportOptions options;

  g_assert_no_error (error);
  dataset = waymark_document_add (odd, WAYMARK_TYPE_DATASET, "name", "survey", "source", "/tmp/a&b.csv",
                                  "sha256", "<&>&amp;<b>", "imported", "<yesterday & today>", NULL);
  metric = waymark_document_add (odd, WAYMARK_TYPE_METRIC, "name", "Speed", "kind", "<i>fast",
                                 "dataset", waymark_object_get_id (dataset), "column-name", "S",
                                 "definition", "{}", "computed", "<now>", NULL);
  waymark_document_add (odd, WAYMARK_TYPE_METRIC_VALUE, "metric", waymark_object_get_id (metric),
                        "period", "<2026-13>", "value", 1.0, "n", (gint64) 1, NULL);

  waymark_export_options_init (&options);
  options.appendix = TRUE;
  g_assert_true (waymark_export_file (odd, &options, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = pdf_text (pdf, 0);
  if (text == NULL)
    return;
  g_assert_nonnull (strstr (text, "<yesterday & today>"));
  g_assert_nonnull (strstr (text, "<&>&amp;<b>"));
  g_assert_nonnull (strstr (text, "(<i>fast)"));
  g_assert_nonnull (strstr (text, "<2026-13>"));
  g_assert_nonnull (strstr (text, "<now>"));
  g_unlink (pdf);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = waymark_test_make_dir ("export");
  document = waymark_generate (N_CARDS, N_STAGES, N_LANES, 7);

  g_test_add_func ("/waymark/export/pdf-page-sizes", test_pdf_page_sizes);
  g_test_add_func ("/waymark/export/pdf-fonts-embedded", test_pdf_fonts_embedded);
  g_test_add_func ("/waymark/export/pdf-text", test_pdf_text);
  g_test_add_func ("/waymark/export/pdf-tiles-carry-headers", test_pdf_tiles_carry_headers);
  g_test_add_func ("/waymark/export/pdf-structure", test_pdf_structure);
  g_test_add_func ("/waymark/export/pdf-language", test_pdf_language);
  g_test_add_func ("/waymark/export/cover-right-to-left", test_cover_right_to_left);
  g_test_add_func ("/waymark/export/stage-pages", test_stage_pages);
  g_test_add_func ("/waymark/export/svg", test_svg);
  g_test_add_func ("/waymark/export/svg-matches-png", test_svg_matches_png);
  g_test_add_func ("/waymark/export/png", test_png);
  g_test_add_func ("/waymark/export/refusals", test_refusals);
  g_test_add_func ("/waymark/export/cli", test_cli);
  g_test_add_func ("/waymark/export/appendix-document-text", test_appendix_document_text);
  g_test_add_func ("/waymark/export/legible-by-default", test_legible_by_default);
  g_test_add_func ("/waymark/export/summary", test_summary);
  g_test_add_func ("/waymark/export/tiles-assemble", test_tiles_assemble);
  g_test_add_func ("/waymark/export/png-resolution", test_png_resolution);
  g_test_add_func ("/waymark/export/svg-bidi", test_svg_bidi);
  g_test_add_func ("/waymark/export/missing-glyphs", test_missing_glyphs);
  g_test_add_func ("/waymark/export/targets-kept", test_targets_kept);
  g_test_add_func ("/waymark/export/interrupted", test_interrupted);
  g_test_add_func ("/waymark/export/side-by-side", test_side_by_side);

  status = g_test_run ();

  g_clear_object (&document);
  waymark_test_remove_dir (dir);
  g_free (dir);
  return status;
}
