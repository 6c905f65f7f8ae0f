/* waymark-export.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <pango/pango.h>
#include <png.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "waymark-export-private.h"
#include "waymark-error.h"
#include "waymark-html-private.h"
#include "waymark-temporary.h"
#include "waymark-painter.h"
#include "waymark-pages-private.h"
#include "waymark-svg-writer.h"

/*
 * Every export is written to a new file beside the target
 * (".NAME.XXXXXX"), flushed, and renamed over it: a failure at any point,
 * a full disk or a cancel leave the old file, or none, and nothing else.
 */

#define WRITE_BUFFER (64 * 1024)

static const struct
{
  const char *name;
  double      width;   /* points, portrait */
  double      height;
} papers[] = {
  [WAYMARK_PAPER_A4] = { "A4", 595.28, 841.89 },
  [WAYMARK_PAPER_A3] = { "A3", 841.89, 1190.55 },
  [WAYMARK_PAPER_A2] = { "A2", 1190.55, 1683.78 },
  [WAYMARK_PAPER_A1] = { "A1", 1683.78, 2383.94 },
  [WAYMARK_PAPER_A0] = { "A0", 2383.94, 3370.39 },
  [WAYMARK_PAPER_LETTER] = { "letter", 612, 792 },
  [WAYMARK_PAPER_LEGAL] = { "legal", 612, 1008 },
  [WAYMARK_PAPER_TABLOID] = { "tabloid", 792, 1224 },
  [WAYMARK_PAPER_CUSTOM] = { "custom", 0, 0 },
};

static WaymarkExportFaultHook fault_hook;

/* The file being written: buffered, with the first error kept. */
typedef struct
{
  char         *path;
  char         *tmp_path;
  int           fd;
  GByteArray   *buffer;
  int           saved_errno;
  gboolean      fault;
  guint64       written;
  GCancellable *cancellable;
} Output;

static gboolean
fault_point (const char *point)
{
  return fault_hook != NULL && fault_hook (point);
}

/*
 * _waymark_export_set_fault_hook:
 * @hook: (nullable): asked at each step of writing
 *
 * For the tests: makes a step of writing a file fail.
 */
void
_waymark_export_set_fault_hook (WaymarkExportFaultHook hook)
{
  fault_hook = hook;
}

static gboolean
flush_output (Output *out)
{
  const guint8 *p = out->buffer->data;
  gsize left = out->buffer->len;

  if (out->saved_errno != 0)
    return FALSE;
  if (left > 0 && fault_point ("write"))
    {
      out->saved_errno = ENOSPC;
      out->fault = TRUE;
      return FALSE;
    }
  while (left > 0)
    {
      gssize n = write (out->fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          out->saved_errno = errno;
          return FALSE;
        }
      p += n;
      left -= (gsize) n;
      out->written += (guint64) n;
    }
  g_byte_array_set_size (out->buffer, 0);
  return TRUE;
}

static gboolean
output_write (gpointer    closure,
              const char *data,
              gsize       length)
{
  Output *out = closure;

  if (out->saved_errno != 0)
    return FALSE;
  if (g_cancellable_is_cancelled (out->cancellable))
    {
      out->saved_errno = ECANCELED;
      return FALSE;
    }
  g_byte_array_append (out->buffer, (const guint8 *) data, (guint) length);
  if (out->buffer->len >= WRITE_BUFFER)
    return flush_output (out);
  return TRUE;
}

static cairo_status_t
cairo_write_cb (void                *closure,
                const unsigned char *data,
                unsigned int         length)
{
  return output_write (closure, (const char *) data, length) ? CAIRO_STATUS_SUCCESS
                                                             : CAIRO_STATUS_WRITE_ERROR;
}

static void
set_write_error (Output  *out,
                 GError **error)
{
  int code = out->saved_errno ? out->saved_errno : EIO;

  if (code == ECANCELED)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("the export was cancelled"));
  else
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (code),
                 _("cannot write: %s"), g_strerror (code));
}

static gboolean
output_open (Output   *out,
             GFile    *file,
             GError  **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  GStatBuf st;
  int saved_errno;

  out->fd = -1;
  out->buffer = g_byte_array_sized_new (WRITE_BUFFER + 4096);
  out->path = g_file_get_path (file);
  if (out->path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("only local files can be written"));
      return FALSE;
    }
  if (g_file_test (out->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, _("is a folder"));
      return FALSE;
    }
  /* Replacing a link would replace the link, not what it points to; a
   * file made read-only is one its owner wants kept. Both stay as they are. */
  if (g_file_test (out->path, G_FILE_TEST_IS_SYMLINK))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                           _("is a symbolic link; export to the file it points to, or choose another name"));
      return FALSE;
    }
  /* By its mode, too: root may write anywhere, but means no harm either. */
  if (g_file_test (out->path, G_FILE_TEST_EXISTS) &&
      (g_access (out->path, W_OK) != 0 ||
       (g_stat (out->path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                           _("is read-only; choose another name"));
      return FALSE;
    }

  dir = g_path_get_dirname (out->path);
  base = g_path_get_basename (out->path);
  out->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  /* 0666 less the umask, as any new file the user makes. */
  out->fd = g_mkstemp_full (out->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (out->fd < 0 || fault_point ("created"))
    {
      saved_errno = out->fd < 0 ? errno : EACCES;
      if (out->fd >= 0)
        {
          close (out->fd);
          g_unlink (out->tmp_path);
          out->fd = -1;
        }
      g_clear_pointer (&out->tmp_path, g_free);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot write: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  waymark_temporary_register (out->tmp_path);
  /* Replacing a file keeps its permissions. */
  if (g_stat (out->path, &st) == 0)
    fchmod (out->fd, st.st_mode & 0777);
  return TRUE;
}

/* Removes the temporary file, whatever happened. */
static void
output_abort (Output *out)
{
  if (out->fd >= 0)
    close (out->fd);
  out->fd = -1;
  if (out->tmp_path != NULL)
    {
      g_unlink (out->tmp_path);
      waymark_temporary_unregister (out->tmp_path);
    }
  g_clear_pointer (&out->tmp_path, g_free);
}

static gboolean
output_commit (Output  *out,
               GError **error)
{
  g_autofree char *dir = g_path_get_dirname (out->path);
  int fd;

  if (!flush_output (out))
    {
      set_write_error (out, error);
      output_abort (out);
      return FALSE;
    }
  if (fault_point ("written"))
    errno = EIO;
  else if (fsync (out->fd) == 0 || errno == EINVAL)
    errno = 0;
  if (errno != 0)
    {
      out->saved_errno = errno;
      set_write_error (out, error);
      output_abort (out);
      return FALSE;
    }
  if (close (out->fd) != 0)
    {
      out->fd = -1;
      out->saved_errno = errno;
      set_write_error (out, error);
      output_abort (out);
      return FALSE;
    }
  out->fd = -1;
  if (fault_point ("synced"))
    errno = EIO;
  else if (g_rename (out->tmp_path, out->path) == 0)
    errno = 0;
  if (errno != 0)
    {
      out->saved_errno = errno;
      set_write_error (out, error);
      output_abort (out);
      return FALSE;
    }
  waymark_temporary_unregister (out->tmp_path);
  g_clear_pointer (&out->tmp_path, g_free);

  /* Make the rename durable. */
  fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

static void
output_clear (Output *out)
{
  output_abort (out);
  g_clear_pointer (&out->path, g_free);
  g_clear_pointer (&out->buffer, g_byte_array_unref);
}

/* ------------------------------------------------------------------ */

static void
report (WaymarkExportProgressFunc progress,
        gpointer                  user_data,
        double                    fraction)
{
  if (progress != NULL)
    progress (CLAMP (fraction, 0, 1), user_data);
}

static char *
pdf_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* ------------------------------------------------------------------ */

#define LANGUAGE_SAMPLE (256 * 1024)

static void
count_scripts (const char *text,
               guint      *counts,
               gsize      *left)
{
  for (const char *p = text; *p != '\0' && *left > 0; p = g_utf8_next_char (p), (*left)--)
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script;

      if (!g_unichar_isalpha (c))
        continue;
      script = g_unichar_get_script (c);
      if (script > G_UNICODE_SCRIPT_INHERITED && (guint) script < 256)
        counts[script]++;
    }
}

/* "de-de" as BCP 47 writes it ("de-DE"), or %NULL for what is not a tag. */
static char *
language_tag (const char *pango_language)
{
  g_auto(GStrv) parts = g_strsplit (pango_language, "-", -1);

  if (parts[0] == NULL || strlen (parts[0]) < 2 || strlen (parts[0]) > 3)
    return NULL;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || strlen (parts[i]) > 8)
        return NULL;
      for (const char *p = parts[i]; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p))
          return NULL;
      if (i > 0 && strlen (parts[i]) == 2)
        for (char *p = parts[i]; *p != '\0'; p++)
          *p = g_ascii_toupper (*p);
    }
  return g_strjoinv ("-", parts);
}

/*
 * _waymark_export_guess_language:
 * @document: a document
 *
 * The language @document is written in, as a BCP 47 tag for a PDF's /Lang
 * or a page's lang attribute, so that a screen reader reads it with the
 * right voice. A document does not record its language: the script most of
 * its letters are in decides, and among the languages written in that
 * script, the desktop's language when it is one ("de-DE" for a German
 * desktop's Latin map, "he" for a Hebrew map exported on an English one).
 *
 * Returns: (transfer full): a language tag, never %NULL
 */
char *
_waymark_export_guess_language (WaymarkDocument *document)
{
  guint counts[256] = { 0, };
  gsize left = LANGUAGE_SAMPLE;
  GUnicodeScript script = G_UNICODE_SCRIPT_LATIN;
  guint best = 0;
  PangoLanguage *desktop = pango_language_get_default ();
  const char *desktop_name = pango_language_to_string (desktop);
  PangoLanguage *sample;

  count_scripts (waymark_document_get_title (document), counts, &left);
  {
    g_autoptr(GPtrArray) maps = waymark_document_dup_maps (document);

    for (guint i = 0; i < maps->len; i++)
      count_scripts (waymark_map_get_title (g_ptr_array_index (maps, i)), counts, &left);
  }
  {
    GPtrArray *stages = waymark_document_get_items (document, WAYMARK_TYPE_STAGE);
    GPtrArray *lanes = waymark_document_get_items (document, WAYMARK_TYPE_LANE);
    GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

    for (guint i = 0; i < stages->len && left > 0; i++)
      count_scripts (waymark_stage_get_title (g_ptr_array_index (stages, i)), counts, &left);
    for (guint i = 0; i < lanes->len && left > 0; i++)
      count_scripts (waymark_lane_get_title (g_ptr_array_index (lanes, i)), counts, &left);
    for (guint i = 0; i < cards->len && left > 0; i++)
      {
        count_scripts (waymark_card_get_title (g_ptr_array_index (cards, i)), counts, &left);
        count_scripts (waymark_card_get_body (g_ptr_array_index (cards, i)), counts, &left);
      }
  }
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (counts[i] > best)
      {
        best = counts[i];
        script = (GUnicodeScript) i;
      }

  /* PangoScript and GUnicodeScript share their values. */
  if (g_ascii_strcasecmp (desktop_name, "c") != 0 && g_ascii_strcasecmp (desktop_name, "posix") != 0 &&
      pango_language_includes_script (desktop, (PangoScript) script))
    {
      char *tag = language_tag (desktop_name);

      if (tag != NULL)
        return tag;
    }
  sample = pango_script_get_sample_language ((PangoScript) script);
  if (sample != NULL && script != G_UNICODE_SCRIPT_LATIN)
    {
      char *tag = language_tag (pango_language_to_string (sample));

      if (tag != NULL)
        return tag;
    }
  return g_strdup ("en");
}

/* The last @size bytes of what @out wrote, at most, read back. */
static GBytes *
output_read (Output  *out,
             guint64  offset,
             gsize    size)
{
  g_autofree guint8 *data = NULL;
  gsize got = 0;
  int fd;

  if (!flush_output (out) || offset >= out->written)
    return NULL;
  size = MIN (size, out->written - offset);
  fd = g_open (out->tmp_path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return NULL;
  data = g_malloc (size + 1);
  while (got < size)
    {
      gssize n = pread (fd, data + got, size - got, (off_t) (offset + got));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  if (got < size)
    return NULL;
  data[size] = '\0';
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* The offset of @needle's last occurrence in @data, or -1. */
static gssize
find_last (const char *data,
           gsize       length,
           const char *needle)
{
  gsize n = strlen (needle);

  for (gssize i = (gssize) length - (gssize) n; i >= 0; i--)
    if (memcmp (data + i, needle, n) == 0)
      return i;
  return -1;
}

/* The end of the dictionary that opens at @p ("<<"), past its ">>", or NULL. */
static const char *
dictionary_end (const char *p,
                const char *end)
{
  int depth = 0;

  for (; p + 1 < end; p++)
    {
      if (*p == '(' || *p == '%')
        return NULL;  /* strings and comments: not in what Cairo writes here */
      if (p[0] == '<' && p[1] == '<')
        depth++, p++;
      else if (p[0] == '>' && p[1] == '>')
        {
          depth--, p++;
          if (depth == 0)
            return p + 1;
        }
    }
  return NULL;
}

/*
 * Cairo 1.16 cannot give a PDF its language (the catalog's /Lang, which a
 * screen reader reads with): an incremental update does, as any PDF editor
 * would — the catalog again with /Lang, a cross-reference section for it and
 * a trailer pointing back at Cairo's. Only what Cairo itself wrote is
 * touched; anything unexpected (a cross-reference stream, a catalog that
 * already has a language) leaves the file as it is.
 */
static void
pdf_add_language (Output     *out,
                  const char *language)
{
  g_autoptr(GBytes) tail = NULL;
  g_autoptr(GBytes) xref = NULL;
  g_autoptr(GBytes) catalog = NULL;
  g_autoptr(GString) update = NULL;
  const char *data, *p, *end, *dict, *dict_end;
  gsize length;
  gssize at;
  guint64 size, xref_offset, catalog_offset, root, first, count, entries;
  guint64 tail_start, new_xref;
  char *endptr;
  g_autofree char *object = NULL;

  for (p = language; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return;
  if (out->saved_errno != 0 || !flush_output (out))
    return;
  size = out->written;

  /* startxref and the trailer */
  tail_start = size > 2048 ? size - 2048 : 0;
  tail = output_read (out, tail_start, 2048);
  if (tail == NULL)
    return;
  data = g_bytes_get_data (tail, &length);
  at = find_last (data, length, "startxref");
  if (at < 0)
    return;
  xref_offset = g_ascii_strtoull (data + at + strlen ("startxref"), &endptr, 10);
  if (endptr == data + at + strlen ("startxref") || xref_offset >= size)
    return;
  at = find_last (data, length, "trailer");
  if (at < 0)
    return;
  dict = strstr (data + at, "<<");
  if (dict == NULL || (dict_end = dictionary_end (dict, data + length)) == NULL)
    return;
  {
    g_autofree char *trailer = g_strndup (dict, dict_end - dict);
    const char *r = strstr (trailer, "/Root");

    if (r == NULL || strstr (trailer, "/Prev") != NULL || strstr (trailer, "/Encrypt") != NULL)
      return;
    root = g_ascii_strtoull (r + strlen ("/Root"), &endptr, 10);
    if (endptr == r + strlen ("/Root") || root == 0)
      return;

    /* The catalog's entry in the cross-reference table: one section from 0. */
    xref = output_read (out, xref_offset, 64);
    if (xref == NULL)
      return;
    p = g_bytes_get_data (xref, &length);
    if (!g_str_has_prefix (p, "xref"))
      return;
    p += strlen ("xref");
    while (g_ascii_isspace (*p))
      p++;
    first = g_ascii_strtoull (p, &endptr, 10);
    if (endptr == p || first != 0)
      return;
    p = endptr;
    count = g_ascii_strtoull (p, &endptr, 10);
    if (endptr == p || root >= count)
      return;
    p = endptr;
    while (*p == ' ' || *p == '\r' || *p == '\n')
      p++;
    entries = xref_offset + (guint64) (p - (const char *) g_bytes_get_data (xref, NULL));
    g_clear_pointer (&xref, g_bytes_unref);
    xref = output_read (out, entries + 20 * root, 20);
    if (xref == NULL || g_bytes_get_size (xref) != 20)
      return;
    p = g_bytes_get_data (xref, NULL);
    if (p[17] != 'n')
      return;
    catalog_offset = g_ascii_strtoull (p, &endptr, 10);
    if (endptr != p + 10 || catalog_offset >= size)
      return;

    /* The catalog itself */
    catalog = output_read (out, catalog_offset, 16 * 1024);
    if (catalog == NULL)
      return;
    data = g_bytes_get_data (catalog, &length);
    object = g_strdup_printf ("%" G_GUINT64_FORMAT " 0 obj", root);
    if (!g_str_has_prefix (data, object))
      return;
    end = strstr (data, "endobj");
    dict = strstr (data, "<<");
    if (end == NULL || dict == NULL || dict > end || (dict_end = dictionary_end (dict, end)) == NULL)
      return;
    {
      g_autofree char *body = g_strndup (dict + 2, dict_end - dict - 4);

      if (strstr (body, "/Type /Catalog") == NULL || strstr (body, "/Lang") != NULL)
        return;

      update = g_string_new ("\n");
      catalog_offset = size + update->len;
      g_string_append_printf (update, "%" G_GUINT64_FORMAT " 0 obj\n<< /Lang (%s)%s >>\nendobj\n",
                              root, language, body);
      new_xref = size + update->len;
      g_string_append_printf (update,
                              "xref\n0 1\n0000000000 65535 f \n%" G_GUINT64_FORMAT " 1\n%010" G_GUINT64_FORMAT " 00000 n \n",
                              root, catalog_offset);
      g_string_append_printf (update, "trailer\n%.*s /Prev %" G_GUINT64_FORMAT " >>\nstartxref\n%" G_GUINT64_FORMAT "\n%%%%EOF\n",
                              (int) strlen (trailer) - 2, trailer, xref_offset, new_xref);
    }
  }
  output_write (out, update->str, update->len);
}

static gboolean
write_pdf (WaymarkPages               *pages,
           Output                     *out,
           GCancellable               *cancellable,
           WaymarkExportProgressFunc   progress,
           gpointer                    user_data,
           GError                    **error)
{
  WaymarkScene *scene = waymark_pages_get_scene (pages);
  WaymarkDocument *document = waymark_layout_get_document (waymark_scene_get_layout (scene));
  WaymarkObject *map = waymark_document_lookup (document, waymark_layout_get_map (waymark_scene_get_layout (scene)));
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  const GArray *bookmarks;
  g_autofree int *outline_ids = NULL;
  g_autofree char *date = pdf_date ();
  g_autofree char *subject = NULL;
  g_autofree char *language = NULL;
  double width, height;
  guint n;

  n = waymark_pages_get_n_pages (pages);
  waymark_pages_get_page_size (pages, &width, &height);

  surface = cairo_pdf_surface_create_for_stream (cairo_write_cb, out, width, height);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, waymark_map_get_title (WAYMARK_MAP (map)));
  /* The document's author, else whoever exports it. */
  if (*waymark_document_get_author (document) != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, waymark_document_get_author (document));
  else if (g_strcmp0 (g_get_real_name (), "Unknown") != 0 && *g_get_real_name () != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, g_get_real_name ());
  /* Translators: the subject of an exported PDF; %s is the document's title */
  subject = g_strdup_printf (_("Customer journey map from “%s”"), waymark_document_get_title (document));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Waymark");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);

  cr = cairo_create (surface);
  /* A tagged PDF: the painter tags headings, paragraphs and figures in
   * this document element. */
  cairo_tag_begin (cr, "Document", NULL);

  for (guint i = 0; i < n; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          out->saved_errno = ECANCELED;
          break;
        }
      waymark_pages_draw_page (pages, cr, i);
      if (i + 1 == n)
        cairo_tag_end (cr, "Document");
      cairo_show_page (cr);
      report (progress, user_data, (i + 1.0) / (n + 1.0));
      if (out->saved_errno != 0)
        break;
    }

  if (out->saved_errno == 0)
    {
      /* The outline once every page exists: Cairo 1.16 crashes finishing a
       * document whose outline names pages it never got. */
      bookmarks = waymark_pages_get_bookmarks (pages);
      outline_ids = g_new0 (int, MAX (1, bookmarks->len));
      for (guint i = 0; i < bookmarks->len; i++)
        {
          const WaymarkBookmark *bookmark = &g_array_index (bookmarks, WaymarkBookmark, i);
          g_autofree char *link = g_strdup_printf ("page=%u pos=[0 %.1f]", bookmark->page + 1, bookmark->y);
          int parent = bookmark->parent >= 0 ? outline_ids[bookmark->parent] : CAIRO_PDF_OUTLINE_ROOT;

          outline_ids[i] = cairo_pdf_surface_add_outline (surface, parent, bookmark->title, link,
                                                          bookmark->parent < 0 && i + 1 < bookmarks->len &&
                                                          g_array_index (bookmarks, WaymarkBookmark, i + 1).parent == (int) i
                                                          ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
        }
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (out->saved_errno != 0)
    {
      set_write_error (out, error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("cannot draw the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  language = _waymark_export_guess_language (document);
  pdf_add_language (out, language);
  if (out->saved_errno != 0)
    {
      set_write_error (out, error);
      return FALSE;
    }
  return TRUE;
}

/* After a writer that writes through @out failed: the reason is the
 * file's (a full disk, a cancel) when it has one, else the writer's. */
static gboolean
writer_failed (Output  *out,
               GError  *writer_error,
               GError **error)
{
  if (out->saved_errno != 0)
    {
      set_write_error (out, error);
      g_clear_error (&writer_error);
    }
  else
    g_propagate_error (error, writer_error);
  return FALSE;
}

static gboolean
write_svg (WaymarkScene  *scene,
           Output        *out,
           GError       **error)
{
  GError *local_error = NULL;

  if (!waymark_svg_writer_write (scene, output_write, out, &local_error))
    return writer_failed (out, local_error, error);
  return TRUE;
}

static gboolean
write_html (WaymarkDocument  *document,
            gint64            map,
            guint             cell_columns,
            Output           *out,
            GCancellable     *cancellable,
            GError          **error)
{
  GError *local_error = NULL;

  if (!_waymark_html_write (document, map, cell_columns, output_write, out, cancellable, &local_error))
    return writer_failed (out, local_error, error);
  return TRUE;
}

static gboolean
check_png_size (WaymarkScene               *scene,
                const WaymarkExportOptions *options,
                int                        *pixel_width,
                int                        *pixel_height,
                GError                    **error)
{
  double width, height, scale = options->dpi / 72.0;
  double largest;

  waymark_scene_get_size (scene, &width, &height);
  largest = MAX (width, height);
  if (!(options->dpi >= 1 && options->dpi <= 9600))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("a resolution of %g dpi is out of range (1 to 9600)"), options->dpi);
      return FALSE;
    }
  if (ceil (largest * scale) > WAYMARK_EXPORT_MAX_PIXELS)
    {
      int fits = (int) floor (WAYMARK_EXPORT_MAX_PIXELS * 72.0 / largest);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("at %g dpi the image would be %.0f × %.0f pixels, more than image viewers open (%d); "
                     "use --dpi %d or less"),
                   options->dpi, ceil (width * scale), ceil (height * scale), WAYMARK_EXPORT_MAX_PIXELS,
                   MAX (1, fits));
      return FALSE;
    }
  *pixel_width = MAX (1, (int) ceil (width * scale));
  *pixel_height = MAX (1, (int) ceil (height * scale));
  return TRUE;
}

/* Rows drawn at a time: an image of any size costs a band's memory. */
#define PNG_BAND_ROWS 256

typedef struct
{
  Output   *out;
  gboolean  failed;
} PngSink;

static void
png_write_cb (png_structp  png,
              png_bytep    data,
              size_t       length)
{
  PngSink *sink = png_get_io_ptr (png);

  if (!sink->failed && !output_write (sink->out, (const char *) data, length))
    sink->failed = TRUE;
}

static void
png_flush_cb (png_structp png)
{
}

/* libpng fails only on misuse or when out of memory: the export says so. */
static void
png_error_cb (png_structp      png,
              png_const_charp  message)
{
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp      png,
                png_const_charp  message)
{
}

/*
 * The scene drawn PNG_BAND_ROWS rows at a time and written as it goes,
 * with its resolution (pHYs). An opaque image is opaque to its last pixel
 * (the background covers the whole of each band, not only the map's
 * rectangle, which ends inside the last pixels); a transparent one is
 * written with straight, not premultiplied, alpha.
 */
static gboolean
write_png (WaymarkScene               *scene,
           const WaymarkExportOptions *options,
           Output                     *out,
           GError                    **error)
{
  const WaymarkColor *background = &waymark_scene_get_theme (scene)->background;
  double scale = options->dpi / 72.0;
  gboolean alpha = options->transparent;
  PngSink sink = { out, FALSE };
  png_structp png = NULL;
  png_infop info = NULL;
  cairo_surface_t *band = NULL;
  guint8 *row = NULL;
  gboolean ok = FALSE;
  int pw, ph;

  if (!check_png_size (scene, options, &pw, &ph, error))
    return FALSE;

  band = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, MIN (ph, PNG_BAND_ROWS));
  if (cairo_surface_status (band) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("cannot make an image of %d × %d pixels: %s"), pw, MIN (ph, PNG_BAND_ROWS),
                   cairo_status_to_string (cairo_surface_status (band)));
      cairo_surface_destroy (band);
      return FALSE;
    }
  row = g_malloc ((gsize) pw * 4);

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("out of memory"));
      goto out;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      if (!sink.failed)
        g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("cannot write the PNG"));
      goto out;
    }

  png_set_write_fn (png, &sink, png_write_cb, png_flush_cb);
  png_set_IHDR (png, info, (png_uint_32) pw, (png_uint_32) ph, 8,
                alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  /* Pixels per metre, as PNG counts them. */
  png_set_pHYs (png, info, (png_uint_32) lround (options->dpi / 0.0254),
                (png_uint_32) lround (options->dpi / 0.0254), PNG_RESOLUTION_METER);
  /* Flat colours and text: one filter and quick compression make a file
   * a few percent larger in a fraction of the time. */
  png_set_filter (png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
  png_set_compression_level (png, 3);
  png_write_info (png, info);

  for (int top = 0; top < ph && !sink.failed; top += PNG_BAND_ROWS)
    {
      int rows = MIN (PNG_BAND_ROWS, ph - top);
      WaymarkRect area = { 0, top / scale, pw / scale, (rows + 1) / scale };
      int stride = cairo_image_surface_get_stride (band);
      const guint8 *data;
      cairo_t *cr = cairo_create (band);

      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      if (alpha)
        cairo_set_source_rgba (cr, 0, 0, 0, 0);
      else
        cairo_set_source_rgb (cr, background->red, background->green, background->blue);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      cairo_translate (cr, 0, -top);
      cairo_scale (cr, scale, scale);
      for (WaymarkSceneLayer layer = 0; layer < WAYMARK_SCENE_N_LAYERS; layer++)
        waymark_painter_draw_layer (cr, scene, layer, &area);
      cairo_destroy (cr);
      cairo_surface_flush (band);

      data = cairo_image_surface_get_data (band);
      for (int y = 0; y < rows && !sink.failed; y++)
        {
          const guint32 *pixels = (const guint32 *) (gconstpointer) (data + (gsize) y * stride);
          guint8 *p = row;

          for (int x = 0; x < pw; x++)
            {
              guint32 pixel = pixels[x];
              guint a = pixel >> 24, r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

              if (alpha)
                {
                  /* Cairo's pixels are premultiplied; PNG's are not. */
                  if (a != 0 && a != 255)
                    {
                      r = MIN (255, (r * 255 + a / 2) / a);
                      g = MIN (255, (g * 255 + a / 2) / a);
                      b = MIN (255, (b * 255 + a / 2) / a);
                    }
                  *p++ = r;
                  *p++ = g;
                  *p++ = b;
                  *p++ = a;
                }
              else
                {
                  *p++ = r;
                  *p++ = g;
                  *p++ = b;
                }
            }
          png_write_row (png, row);
        }
      if (out->cancellable != NULL && g_cancellable_is_cancelled (out->cancellable))
        {
          out->saved_errno = ECANCELED;
          sink.failed = TRUE;
        }
    }
  if (!sink.failed)
    png_write_end (png, info);
  ok = !sink.failed;
  if (!ok)
    set_write_error (out, error);

out:
  png_destroy_write_struct (&png, &info);
  g_free (row);
  cairo_surface_destroy (band);
  return ok;
}

/* A dataset's source as exports name it: the file's name alone (its folder
 * says where it lay on one machine, which is no reader's business); for a
 * database, the database's name. */
char *
_waymark_export_source_name (const char *source)
{
  g_autofree char *valid = g_utf8_make_valid (source != NULL ? source : "", -1);
  const char *slash = strrchr (valid, '/');

  if (strstr (valid, "://") != NULL && slash != NULL && slash[1] != '\0')
    {
      g_autofree char *name = g_uri_unescape_string (slash + 1, NULL);

      return name != NULL && g_utf8_validate (name, -1, NULL) ? g_steal_pointer (&name) : g_strdup (slash + 1);
    }
  return g_path_get_basename (*valid != '\0' ? valid : ".");
}

/**
 * waymark_export_options_init:
 *
 * The defaults: the first map, PDF on A4 turned to suit the map, the whole
 * map on one page if its text stays legible there and else a poster at a
 * legible scale, no cover, legend, summary or appendix, PNG at 144 dpi.
 */
void
waymark_export_options_init (WaymarkExportOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (WaymarkExportOptions) {
    .map = 0,
    .format = WAYMARK_EXPORT_FORMAT_PDF,
    .paper = WAYMARK_PAPER_A4,
    .auto_orientation = TRUE,
    .landscape = TRUE,
    .margin = WAYMARK_EXPORT_DEFAULT_MARGIN,
    .mode = WAYMARK_EXPORT_MODE_AUTO,
    .scale = 100,
    .dpi = WAYMARK_EXPORT_DEFAULT_DPI,
  };
}

/**
 * waymark_export_format_for_path:
 * @path: a file name
 * @format: (out): its format
 *
 * Returns: %TRUE if @path ends in .pdf, .svg, .png, .html or .htm (in any case)
 */
gboolean
waymark_export_format_for_path (const char           *path,
                                WaymarkExportFormat  *format,
                                GError              **error)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (path != NULL, FALSE);

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = WAYMARK_EXPORT_FORMAT_PDF;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = WAYMARK_EXPORT_FORMAT_SVG;
  else if (dot != NULL && g_ascii_strcasecmp (dot, ".png") == 0)
    *format = WAYMARK_EXPORT_FORMAT_PNG;
  else if (dot != NULL && (g_ascii_strcasecmp (dot, ".html") == 0 || g_ascii_strcasecmp (dot, ".htm") == 0))
    *format = WAYMARK_EXPORT_FORMAT_HTML;
  else
    {
      if (dot != NULL && dot[1] != '\0')
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                     _("unknown format “%s” (use .pdf, .svg, .png or .html)"), dot);
      else
        g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                             _("no format in the file name (use .pdf, .svg, .png or .html)"));
      return FALSE;
    }
  return TRUE;
}

const char *
waymark_export_format_get_extension (WaymarkExportFormat format)
{
  switch (format)
    {
    case WAYMARK_EXPORT_FORMAT_PDF: return "pdf";
    case WAYMARK_EXPORT_FORMAT_SVG: return "svg";
    case WAYMARK_EXPORT_FORMAT_PNG: return "png";
    case WAYMARK_EXPORT_FORMAT_HTML: return "html";
    default: g_return_val_if_reached (NULL);
    }
}

/**
 * waymark_paper_parse:
 * @name: "A4", "letter", … in any case
 *
 * Returns: %TRUE if @name is a paper Waymark knows (not "custom")
 */
gboolean
waymark_paper_parse (const char   *name,
                     WaymarkPaper *paper)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < WAYMARK_PAPER_CUSTOM; i++)
    if (g_ascii_strcasecmp (name, papers[i].name) == 0)
      {
        *paper = i;
        return TRUE;
      }
  return FALSE;
}

const char *
waymark_paper_get_name (WaymarkPaper paper)
{
  g_return_val_if_fail (paper <= WAYMARK_PAPER_CUSTOM, NULL);
  return papers[paper].name;
}

/**
 * waymark_paper_get_size:
 *
 * The size in points, portrait; 0 × 0 for custom.
 */
void
waymark_paper_get_size (WaymarkPaper  paper,
                        double       *width,
                        double       *height)
{
  g_return_if_fail (paper <= WAYMARK_PAPER_CUSTOM);

  if (width)
    *width = papers[paper].width;
  if (height)
    *height = papers[paper].height;
}

/**
 * waymark_export_find_map:
 * @index_or_title: (nullable): a map's place from 1 in display order, or
 *   its title; %NULL for the first map
 *
 * Returns: the map's id, or 0 with @error set
 */
gint64
waymark_export_find_map (WaymarkDocument  *document,
                         const char       *index_or_title,
                         GError          **error)
{
  g_autoptr(GPtrArray) maps = NULL;
  guint64 index;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), 0);

  maps = waymark_document_dup_maps (document);
  if (maps->len == 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND, _("the document has no map"));
      return 0;
    }
  if (index_or_title == NULL)
    return waymark_object_get_id (g_ptr_array_index (maps, 0));

  for (guint i = 0; i < maps->len; i++)
    if (g_strcmp0 (waymark_map_get_title (g_ptr_array_index (maps, i)), index_or_title) == 0)
      return waymark_object_get_id (g_ptr_array_index (maps, i));
  if (g_ascii_string_to_unsigned (index_or_title, 10, 1, maps->len, &index, NULL))
    return waymark_object_get_id (g_ptr_array_index (maps, index - 1));

  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND,
               g_dngettext (GETTEXT_PACKAGE, "no map “%s” (the document has %u map: give its title or 1)",
                            "no map “%s” (the document has %u maps: give a title or 1 to %u)", maps->len),
               index_or_title, maps->len, maps->len);
  return 0;
}

/* Characters no installed font could draw: Pango shows them as boxes
 * with their code inside, which a reader should not find by surprise. */
/* Every font a map is drawn with has ASCII: such text needs no check, and
 * asking Pango about it would lay out every line again. */
static gboolean
is_ascii (const char *text)
{
  for (const unsigned char *p = (const unsigned char *) text; *p; p++)
    if (*p >= 0x80)
      return FALSE;
  return TRUE;
}

static void
note_missing_glyphs (WaymarkScene               *scene,
                     const WaymarkExportOptions *options)
{
  g_autoptr(GArray) missing = g_array_new (FALSE, FALSE, sizeof (gunichar));
  guint n = waymark_scene_get_n_items (scene);

  for (guint i = 0; i < n; i++)
    {
      const WaymarkSceneItem *item = waymark_scene_get_item (scene, i);

      for (guint k = 0; k < item->ops->len; k++)
        {
          const WaymarkSceneOp *op = &g_array_index (item->ops, WaymarkSceneOp, k);
          PangoLayoutIter *iter;

          if (op->type != WAYMARK_SCENE_OP_TEXT || op->layout == NULL ||
              is_ascii (pango_layout_get_text (op->layout)) ||
              pango_layout_get_unknown_glyphs_count (op->layout) == 0)
            continue;
          iter = pango_layout_get_iter (op->layout);
          do
            {
              PangoGlyphItem *run = pango_layout_iter_get_run_readonly (iter);

              for (int g = 0; run != NULL && g < run->glyphs->num_glyphs; g++)
                {
                  PangoGlyph glyph = run->glyphs->glyphs[g].glyph;
                  gunichar c = glyph & ~PANGO_GLYPH_UNKNOWN_FLAG;
                  gboolean seen = FALSE;

                  if (!(glyph & PANGO_GLYPH_UNKNOWN_FLAG) || glyph == PANGO_GLYPH_EMPTY)
                    continue;
                  for (guint m = 0; m < missing->len && !seen; m++)
                    seen = g_array_index (missing, gunichar, m) == c;
                  if (!seen && missing->len < 12)
                    g_array_append_val (missing, c);
                }
            }
          while (pango_layout_iter_next_run (iter));
          pango_layout_iter_free (iter);
        }
    }

  if (missing->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *note = NULL;

      for (guint m = 0; m < missing->len; m++)
        {
          gunichar c = g_array_index (missing, gunichar, m);
          char utf8[7] = { 0 };

          if (m > 0)
            g_string_append (list, ", ");
          g_unichar_to_utf8 (c, utf8);
          g_string_append_printf (list, "“%s” (U+%04X)", g_unichar_isprint (c) ? utf8 : "", c);
        }
      /* Translators: %s lists characters, as “漢” (U+6F22), “😀” (U+1F600) */
      note = g_strdup_printf (_("no installed font has %s: they are drawn as boxes; install a font that has them (Noto covers most)"),
                              list->str);
      options->note (note, options->note_data);
    }
}

/**
 * waymark_export_file:
 * @document: the document
 * @options: what to export and how
 * @file: where; replaced atomically if it exists
 * @cancellable: (nullable): to stop between pages
 * @progress: (nullable): told how far the export got
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Exports one map of @document as @options->format. On any failure the
 * file at @file is untouched and nothing is left beside it.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_export_file (WaymarkDocument            *document,
                     const WaymarkExportOptions *options,
                     GFile                      *file,
                     GCancellable               *cancellable,
                     WaymarkExportProgressFunc   progress,
                     gpointer                    user_data,
                     GError                    **error)
{
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  g_autoptr(WaymarkPages) pages = NULL;
  Output out = { 0, };
  gint64 map = options ? options->map : 0;
  gboolean ok = FALSE;
  guint n_stages;
  int pw, ph;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (map == 0 && (map = waymark_export_find_map (document, NULL, error)) == 0)
    return FALSE;
  if (!WAYMARK_IS_MAP (waymark_document_lookup (document, map)))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND, _("no such map"));
      return FALSE;
    }

  layout = waymark_layout_new (document, map);
  if (options->cell_columns > 1)
    waymark_layout_set_cell_columns (layout, options->cell_columns);
  /* A page for each stage: a card spanning stages on its first stage's
   * page, whole, rather than cut at every stage's edge. */
  if (options->format == WAYMARK_EXPORT_FORMAT_PDF && options->mode == WAYMARK_EXPORT_MODE_DECK)
    waymark_layout_set_spans (layout, FALSE);
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  report (progress, user_data, 0.05);

  /* Refuse before anything is written. */
  waymark_layout_get_stages (layout, &n_stages);
  if (n_stages == 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("the map “%s” has no stages: there is nothing to export"),
                   waymark_map_get_title (WAYMARK_MAP (waymark_document_lookup (document, map))));
      return FALSE;
    }
  if (options->format == WAYMARK_EXPORT_FORMAT_PDF && !(pages = waymark_pages_new (scene, options, error)))
    return FALSE;
  if (options->note != NULL)
    note_missing_glyphs (scene, options);
  if (options->format == WAYMARK_EXPORT_FORMAT_PNG && !check_png_size (scene, options, &pw, &ph, error))
    return FALSE;

  out.cancellable = cancellable;
  if (!output_open (&out, file, error))
    {
      output_clear (&out);
      return FALSE;
    }

  switch (options->format)
    {
    case WAYMARK_EXPORT_FORMAT_PDF:
      ok = write_pdf (pages, &out, cancellable, progress, user_data, error);
      break;
    case WAYMARK_EXPORT_FORMAT_SVG:
      ok = write_svg (scene, &out, error);
      break;
    case WAYMARK_EXPORT_FORMAT_PNG:
      ok = write_png (scene, options, &out, error);
      break;
    case WAYMARK_EXPORT_FORMAT_HTML:
      ok = write_html (document, map, options->cell_columns, &out, cancellable, error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok)
    ok = output_commit (&out, error);
  output_clear (&out);
  if (ok)
    report (progress, user_data, 1);
  return ok;
}

/* A journey map is much wider than tall; a thumbnail shows its start (the
 * title, the persona and the first stages) rather than a thin strip. */
#define THUMBNAIL_MAX_ASPECT 2.0

/**
 * waymark_export_thumbnail:
 * @document: the document
 * @map: the map's id; 0 for the document's first map
 * @size: the longest side of the image in pixels
 * @file: the PNG to write; replaced atomically if it exists
 * @cancellable: (nullable): to stop before the file is committed
 * @error: return location for a #GError
 *
 * Writes a preview of one map for file managers: the map drawn by the
 * shared painter with the light theme, scaled to fit @size × @size. A map
 * more than twice as wide as tall (or tall as wide) shows its top-left
 * part, twice as wide as tall. On any failure the file at @file is
 * untouched and nothing is left beside it.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_export_thumbnail (WaymarkDocument  *document,
                          gint64            map,
                          int               size,
                          GFile            *file,
                          GCancellable     *cancellable,
                          GError          **error)
{
  g_autoptr(WaymarkLayout) layout = NULL;
  g_autoptr(WaymarkScene) scene = NULL;
  Output out = { 0, };
  WaymarkRect area = { 0, };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width, height, scale;
  int pw, ph;
  gboolean ok;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (size >= WAYMARK_THUMBNAIL_MIN_SIZE && size <= WAYMARK_THUMBNAIL_MAX_SIZE, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (map == 0 && (map = waymark_export_find_map (document, NULL, error)) == 0)
    return FALSE;
  if (!WAYMARK_IS_MAP (waymark_document_lookup (document, map)))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_NOT_FOUND, _("no such map"));
      return FALSE;
    }

  layout = waymark_layout_new (document, map);
  scene = waymark_scene_new (layout, waymark_theme_get_light ());
  waymark_scene_update (scene);
  waymark_scene_get_size (scene, &width, &height);
  if (!(width > 0 && height > 0))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("the map “%s” is empty: there is nothing to show"),
                   waymark_map_get_title (WAYMARK_MAP (waymark_document_lookup (document, map))));
      return FALSE;
    }

  area.width = MIN (width, height * THUMBNAIL_MAX_ASPECT);
  area.height = MIN (height, width * THUMBNAIL_MAX_ASPECT);
  scale = size / MAX (area.width, area.height);
  pw = CLAMP ((int) floor (area.width * scale + 0.5), 1, size);
  ph = CLAMP ((int) floor (area.height * scale + 0.5), 1, size);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if ((status = cairo_surface_status (surface)) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT,
                   _("cannot make an image of %d × %d pixels: %s"), pw, ph, cairo_status_to_string (status));
      return FALSE;
    }
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, area.width, area.height);
  cairo_clip (cr);
  /* Only the items in the area: a big map's thumbnail costs its layout, not its painting. */
  waymark_painter_draw_scene (cr, scene, &area);
  cairo_destroy (cr);

  out.cancellable = cancellable;
  if (!output_open (&out, file, error))
    {
      cairo_surface_destroy (surface);
      output_clear (&out);
      return FALSE;
    }

  status = cairo_surface_write_to_png_stream (surface, cairo_write_cb, &out);
  cairo_surface_destroy (surface);
  ok = TRUE;
  if (out.saved_errno != 0)
    {
      set_write_error (&out, error);
      ok = FALSE;
    }
  else if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_EXPORT, _("cannot write the PNG: %s"),
                   cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok)
    ok = output_commit (&out, error);
  output_clear (&out);
  return ok;
}
