/* waymark-spreadsheet.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the XLSX and ODS readers share: the zip container (libgsf), its
 * member names, the hardened streaming XML reader, and numbers.
 *
 * Spreadsheets come from strangers, so every part is read as hostile:
 * libxml2 never sees a DTD (a DOCTYPE is refused while the bytes are fed to
 * it, so no entity is ever declared, let alone expanded or loaded), never
 * touches the network, never gets more than a fixed number of decompressed
 * bytes from a member, which ends zip bombs with an error, and never a tag
 * with more attributes than a spreadsheet has (libxml2 2.9 takes time
 * quadratic in them). What a sheet makes of its XML (gaps, shared strings,
 * repeats) is bounded by the sheet budgets below.
 */

#define G_LOG_DOMAIN "waymark-table"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-spreadsheet-private.h"
#include "waymark-error.h"

#define ODS_MEDIA_TYPE           "application/vnd.oasis.opendocument.spreadsheet"
#define ODS_TEMPLATE_MEDIA_TYPE  "application/vnd.oasis.opendocument.spreadsheet-template"
#define ODF_MEDIA_TYPE_PREFIX    "application/vnd.oasis.opendocument."

/* No NOENT, DTDLOAD, DTDATTR, DTDVALID, XINCLUDE, HUGE or RECOVER: entities
 * stay unexpanded, no DTD is loaded, libxml2's own size limits hold, and a
 * malformed part is an error. IGNORE_ENC: the encoding is the one the bytes
 * show (UTF-8 or UTF-16), never one the XML declaration names (UTF-7 could
 * hide a DOCTYPE from the check below). COMPACT keeps short text inside the
 * nodes rather than in the parser's dictionary. */
#define XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOXINCNODE | XML_PARSE_IGNORE_ENC | \
                     XML_PARSE_COMPACT | XML_PARSE_NOCDATA)

/* An element of a spreadsheet has a few; LibreOffice's document root,
 * with its namespace declarations, has about fifty. */
#define MAX_ATTRIBUTES 1000

static guint64 member_limit = WAYMARK_SPREADSHEET_MEMBER_LIMIT;
static guint64 shared_strings_limit = WAYMARK_SPREADSHEET_SHARED_STRINGS_LIMIT;
static guint64 budget_cells = WAYMARK_SPREADSHEET_BUDGET_CELLS;
static guint64 budget_bytes = WAYMARK_SPREADSHEET_BUDGET_BYTES;

/* Scans the prolog, the bytes before the root element, for a DOCTYPE. */
typedef enum
{
  PROLOG_SPACE,         /* between the declaration, comments and PIs */
  PROLOG_LT,            /* after '<' */
  PROLOG_PI,            /* inside <? … */
  PROLOG_PI_END,        /* after '?' inside a PI */
  PROLOG_BANG,          /* after "<!" */
  PROLOG_COMMENT_OPEN,  /* after "<!-" */
  PROLOG_COMMENT,       /* inside <!-- … */
  PROLOG_DASH,          /* one '-' inside a comment */
  PROLOG_DASH_DASH,     /* two */
  PROLOG_DONE,          /* the root element (or something libxml2 will refuse) */
  PROLOG_DOCTYPE,       /* refused */
} PrologState;

typedef enum
{
  SOURCE_OK,
  SOURCE_CANCELLED,
  SOURCE_DAMAGED,
  SOURCE_TOO_LARGE,
  SOURCE_DOCTYPE,
  SOURCE_TOO_MANY_ATTRIBUTES,
} SourceFailure;

typedef enum
{
  MARKUP_TEXT,
  MARKUP_LT,           /* after '<' */
  MARKUP_DECLARATION,  /* <!… */
  MARKUP_PI,           /* <?… */
  MARKUP_TAG,          /* a start or end tag */
  MARKUP_QUOTE,        /* an attribute's value */
} MarkupState;

typedef struct
{
  GsfInput     *input;
  GCancellable *cancellable;
  guint64       n_read;
  guint64       limit;
  guint8        head[4];    /* peeked to choose the encoding */
  guint         n_head;
  guint         head_pos;
  guint         unit;       /* 1: UTF-8; 2: UTF-16 */
  gboolean      big_endian;
  guint8        odd_byte;   /* half a UTF-16 unit carried to the next read */
  gboolean      have_odd_byte;
  PrologState   prolog;
  MarkupState   markup;
  guint32       previous[2];  /* the two units before, in markup_step() */
  guint32       quote;
  guint         n_attributes;
  SourceFailure failure;    /* why reading stopped, if it was us */
  GError       *error;      /* the cancellation, if that was it */
} Source;

struct _WaymarkXmlPart
{
  char             *path;
  xmlTextReaderPtr  reader;
  Source            source;
  guint64           size;
  char             *xml_message;  /* libxml2's first fatal error, else first error */
  int               xml_line;
  gboolean          xml_fatal;
};

guint64
_waymark_spreadsheet_set_member_limit (guint64 limit)
{
  guint64 old = member_limit;

  member_limit = limit;
  return old;
}

guint64
_waymark_spreadsheet_get_shared_strings_limit (void)
{
  return shared_strings_limit;
}

guint64
_waymark_spreadsheet_set_shared_strings_limit (guint64 limit)
{
  guint64 old = shared_strings_limit;

  shared_strings_limit = limit;
  return old;
}

void
_waymark_spreadsheet_set_budget_slack (guint64 cells,
                                       guint64 bytes)
{
  budget_cells = cells;
  budget_bytes = bytes;
}

static PrologState
prolog_step (PrologState state,
             guint32     c)
{
  gboolean space = c == ' ' || c == '\t' || c == '\r' || c == '\n';

  switch (state)
    {
    case PROLOG_SPACE:
      return space ? PROLOG_SPACE : c == '<' ? PROLOG_LT : PROLOG_DONE;
    case PROLOG_LT:
      return c == '?' ? PROLOG_PI : c == '!' ? PROLOG_BANG : PROLOG_DONE;
    case PROLOG_PI:
      return c == '?' ? PROLOG_PI_END : PROLOG_PI;
    case PROLOG_PI_END:
      return c == '>' ? PROLOG_SPACE : c == '?' ? PROLOG_PI_END : PROLOG_PI;
    case PROLOG_BANG:
      /* "<!-" starts a comment; anything else before the root element
       * (<!DOCTYPE, or a stray <![CDATA[ that libxml2 would refuse) is a
       * declaration no spreadsheet part has. */
      return c == '-' ? PROLOG_COMMENT_OPEN : PROLOG_DOCTYPE;
    case PROLOG_COMMENT_OPEN:
      return c == '-' ? PROLOG_COMMENT : PROLOG_DONE;
    case PROLOG_COMMENT:
      return c == '-' ? PROLOG_DASH : PROLOG_COMMENT;
    case PROLOG_DASH:
      return c == '-' ? PROLOG_DASH_DASH : PROLOG_COMMENT;
    case PROLOG_DASH_DASH:
      return c == '>' ? PROLOG_SPACE : c == '-' ? PROLOG_DASH_DASH : PROLOG_COMMENT;
    case PROLOG_DONE:
    case PROLOG_DOCTYPE:
    default:
      return state;
    }
}

/* Markup outside the prolog, followed only as far as counting the
 * attributes of each tag needs: libxml2 2.9 checks an element's attributes
 * for duplicates, and links them, in time quadratic in their number, so a
 * tag with a million attributes would hang it. */
static gboolean
markup_step (Source  *source,
             guint32  c)
{
  guint32 before = source->previous[1], before_that = source->previous[0];

  source->previous[0] = before;
  source->previous[1] = c;

  switch (source->markup)
    {
    case MARKUP_TEXT:
      if (c == '<')
        source->markup = MARKUP_LT;
      break;

    case MARKUP_LT:
      source->n_attributes = 0;
      source->markup = c == '!' ? MARKUP_DECLARATION : c == '?' ? MARKUP_PI : MARKUP_TAG;
      break;

    case MARKUP_DECLARATION:   /* <!-- comment --> or <![CDATA[ … ]]> */
      if (c == '>' && ((before == '-' && before_that == '-') || (before == ']' && before_that == ']')))
        source->markup = MARKUP_TEXT;
      break;

    case MARKUP_PI:
      if (c == '>' && before == '?')
        source->markup = MARKUP_TEXT;
      break;

    case MARKUP_TAG:
      if (c == '"' || c == '\'')
        {
          source->quote = c;
          source->markup = MARKUP_QUOTE;
        }
      else if (c == '=')
        {
          if (++source->n_attributes > MAX_ATTRIBUTES)
            return FALSE;
        }
      else if (c == '>')
        source->markup = MARKUP_TEXT;
      break;

    case MARKUP_QUOTE:
      if (c == source->quote)
        source->markup = MARKUP_TAG;
      break;

    default:
      g_assert_not_reached ();
    }

  return TRUE;
}

/* The same as markup_step() over UTF-8 past the prolog, fast: text,
 * quoted values and tags are most of a part. */
static gboolean
scan_utf8 (Source       *source,
           const guint8 *p,
           const guint8 *end)
{
  while (p < end)
    {
      switch (source->markup)
        {
        case MARKUP_TEXT:
          if (!(p = memchr (p, '<', end - p)))
            return TRUE;
          p++;
          source->markup = MARKUP_LT;
          break;

        case MARKUP_QUOTE:
          if (!(p = memchr (p, (int) source->quote, end - p)))
            return TRUE;
          p++;
          source->markup = MARKUP_TAG;
          break;

        case MARKUP_TAG:
          for (; p < end; p++)
            {
              if (*p == '>')
                {
                  source->markup = MARKUP_TEXT;
                  p++;
                  break;
                }
              if (*p == '"' || *p == '\'')
                {
                  source->quote = *p;
                  source->markup = MARKUP_QUOTE;
                  p++;
                  break;
                }
              if (*p == '=' && ++source->n_attributes > MAX_ATTRIBUTES)
                return FALSE;
            }
          break;

        case MARKUP_LT:
        case MARKUP_DECLARATION:
        case MARKUP_PI:
        default:
          if (!markup_step (source, *p++))
            return FALSE;
          break;
        }
    }

  return TRUE;
}

/* Follows the bytes libxml2 gets; FALSE (with source->failure set) when
 * they must not get to it. */
static gboolean
scan (Source       *source,
      const guint8 *data,
      gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      guint32 c;

      if (source->unit == 1)
        {
          if (source->prolog >= PROLOG_DONE)
            {
              if (!scan_utf8 (source, data + i, data + length))
                {
                  source->failure = SOURCE_TOO_MANY_ATTRIBUTES;
                  return FALSE;
                }
              return TRUE;
            }
          c = data[i];
        }
      else if (!source->have_odd_byte)
        {
          source->odd_byte = data[i];
          source->have_odd_byte = TRUE;
          continue;
        }
      else
        {
          c = source->big_endian ? (source->odd_byte << 8) | data[i] : (data[i] << 8) | source->odd_byte;
          source->have_odd_byte = FALSE;
        }

      if (source->prolog < PROLOG_DONE)
        {
          source->prolog = prolog_step (source->prolog, c);
          if (source->prolog == PROLOG_DOCTYPE)
            {
              source->failure = SOURCE_DOCTYPE;
              return FALSE;
            }
        }

      if (!markup_step (source, c))
        {
          source->failure = SOURCE_TOO_MANY_ATTRIBUTES;
          return FALSE;
        }
    }

  return TRUE;
}

static int
source_read (void *context,
             char *buffer,
             int   length)
{
  Source *source = context;
  gsize n = 0;

  if (source->failure != SOURCE_OK)
    return -1;
  if (length <= 0)
    return 0;
  if (g_cancellable_set_error_if_cancelled (source->cancellable, &source->error))
    {
      source->failure = SOURCE_CANCELLED;
      return -1;
    }

  while (source->head_pos < source->n_head && n < (gsize) length)
    buffer[n++] = source->head[source->head_pos++];

  if (n < (gsize) length)
    {
      gsf_off_t remaining = gsf_input_remaining (source->input);
      gsize want = MIN ((gsize) length - n, (gsize) MAX (remaining, 0));

      if (want > 0)
        {
          /* libgsf hands back a short inflate as a full buffer: zeros make
           * such a damaged member an XML error instead of stale bytes. */
          memset (buffer + n, 0, want);
          if (gsf_input_read (source->input, want, (guint8 *) buffer + n) == NULL)
            {
              source->failure = SOURCE_DAMAGED;
              return -1;
            }
          n += want;
        }
    }

  source->n_read += n;
  if (source->n_read > source->limit)
    {
      source->failure = SOURCE_TOO_LARGE;
      return -1;
    }

  if (!scan (source, (const guint8 *) buffer, n))
    return -1;

  return (int) n;
}

static int
source_close (void *context)
{
  /* The part owns the input. */
  return 0;
}

static void
xml_error_cb (void        *user_data,
              xmlErrorPtr  xml_error)
{
  WaymarkXmlPart *part = user_data;
  gboolean fatal;

  if (xml_error == NULL || xml_error->level < XML_ERR_ERROR)
    return;

  fatal = xml_error->level == XML_ERR_FATAL;
  if (part->xml_message != NULL && (part->xml_fatal || !fatal))
    return;

  g_free (part->xml_message);
  part->xml_message = g_strstrip (g_utf8_make_valid (xml_error->message ? xml_error->message : "", -1));
  part->xml_line = xml_error->line;
  part->xml_fatal = fatal;
}

static gboolean
is_utf8 (const char *text)
{
  return g_utf8_validate (text, -1, NULL);
}

/* The name of a zip member as it is safe to show. */
static char *
printable (const char *text)
{
  if (is_utf8 (text))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

/* Finds @name among @dir's children, ignoring ASCII case as OPC does. */
static GsfInput *
child_by_name (GsfInfile  *dir,
               const char *name)
{
  GsfInput *child = gsf_infile_child_by_name (dir, name);
  int n;

  if (child != NULL)
    return child;

  n = gsf_infile_num_children (dir);
  for (int i = 0; i < n; i++)
    {
      const char *other = gsf_infile_name_by_index (dir, i);

      if (other != NULL && g_ascii_strcasecmp (other, name) == 0)
        return gsf_infile_child_by_index (dir, i);
    }

  return NULL;
}

/* Returns the member at @path ("xl/workbook.xml"), or NULL with @error set
 * when there is none. */
/* A member whose whole name, backslashes read as '/', is @path: some
 * Windows tools write "xl\\worksheets\\sheet1.xml", which a zip reader sees
 * as one name at the top. */
static GsfInput *
child_with_backslashes (GsfInfile  *zip,
                        const char *path)
{
  int n = gsf_infile_num_children (zip);

  for (int i = 0; i < n; i++)
    {
      const char *name = gsf_infile_name_by_index (zip, i);
      g_autofree char *slashed = NULL;

      if (name == NULL || strchr (name, '\\') == NULL)
        continue;
      slashed = g_strdelimit (g_strdup (name), "\\", '/');
      if (g_ascii_strcasecmp (slashed, path) == 0)
        return gsf_infile_child_by_index (zip, i);
    }
  return NULL;
}

GsfInput *
_waymark_spreadsheet_open_member (GsfInfile   *zip,
                                  const char  *path,
                                  GError     **error)
{
  g_auto(GStrv) names = g_strsplit (path, "/", -1);
  g_autoptr(GsfInput) current = GSF_INPUT (g_object_ref (zip));

  for (guint i = 0; names[i] != NULL; i++)
    {
      GsfInput *child = NULL;

      if (GSF_IS_INFILE (current) && gsf_infile_num_children (GSF_INFILE (current)) >= 0)
        child = child_by_name (GSF_INFILE (current), names[i]);
      if (child == NULL && i == 0 && strchr (path, '/') != NULL &&
          (child = child_with_backslashes (zip, path)) != NULL)
        {
          g_object_unref (current);
          current = child;
          break;
        }

      if (child == NULL)
        {
          g_autofree char *shown = printable (path);

          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("the spreadsheet has no part “%s”"), shown);
          return NULL;
        }

      g_object_unref (current);
      current = child;
    }

  if (GSF_IS_INFILE (current) && gsf_infile_num_children (GSF_INFILE (current)) >= 0)
    {
      g_autofree char *shown = printable (path);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("the spreadsheet has no part “%s”"), shown);
      return NULL;
    }

  return g_steal_pointer (&current);
}

/**
 * _waymark_spreadsheet_resolve_path:
 * @base_dir: the folder of the part that names @target ("xl"), or ""
 * @target: a relationship's target ("worksheets/sheet1.xml")
 *
 * Resolves a member name the way OPC does: relative to @base_dir, or to the
 * package root when it starts with '/'. Names that climb out of the package
 * ("../../etc/passwd"), or that look like a drive, a URI or a Windows path,
 * are refused: the result is only ever looked up inside the zip, but a name
 * like that is a sign of a hostile file.
 *
 * Returns: the member's path, or %NULL with @error set
 */
char *
_waymark_spreadsheet_resolve_path (const char  *base_dir,
                                   const char  *target,
                                   GError     **error)
{
  g_autofree char *unescaped = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GPtrArray) segments = g_ptr_array_new ();
  g_auto(GStrv) base_parts = NULL;
  g_auto(GStrv) target_parts = NULL;

  shown = printable (target);
  unescaped = g_uri_unescape_string (target, "/");
  /* Some Windows tools write part names with backslashes: they mean '/'. */
  if (unescaped != NULL)
    g_strdelimit (unescaped, "\\", '/');
  if (unescaped == NULL || unescaped[0] == '\0' || !is_utf8 (unescaped))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("the part name “%s” is not valid"), shown);
      return NULL;
    }

  /* A network path (\\server\share) is no name inside the zip either. */
  if (g_str_has_prefix (unescaped, "//"))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("the part name “%s” is not a name inside the spreadsheet"), shown);
      return NULL;
    }
  for (const char *p = unescaped; *p; p++)
    if (*p == ':' || (guchar) *p < 0x20)
      {
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                     _("the part name “%s” is not a name inside the spreadsheet"), shown);
        return NULL;
      }

  if (unescaped[0] != '/')
    {
      base_parts = g_strsplit (base_dir, "/", -1);
      for (guint i = 0; base_parts[i] != NULL; i++)
        if (base_parts[i][0] != '\0')
          g_ptr_array_add (segments, base_parts[i]);
    }

  target_parts = g_strsplit (unescaped, "/", -1);
  for (guint i = 0; target_parts[i] != NULL; i++)
    {
      const char *segment = target_parts[i];

      if (segment[0] == '\0' || g_str_equal (segment, "."))
        continue;
      if (g_str_equal (segment, ".."))
        {
          if (segments->len == 0)
            {
              g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the part name “%s” points outside the spreadsheet"), shown);
              return NULL;
            }
          g_ptr_array_set_size (segments, segments->len - 1);
          continue;
        }
      g_ptr_array_add (segments, (gpointer) segment);
    }

  if (segments->len == 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("the part name “%s” is not valid"), shown);
      return NULL;
    }

  g_ptr_array_add (segments, NULL);
  return g_strjoinv ("/", (char **) segments->pdata);
}

/* “Sheet1”, “Data” */
char *
_waymark_spreadsheet_describe_names (const char * const *names)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append_printf (text, "“%s”", names[i]);
    }

  return g_string_free (text, FALSE);
}

GsfInfile *
_waymark_spreadsheet_open_zip (GFile   *file,
                               GError **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    input = gsf_input_stdio_new (path, &local_error);
  else
    input = gsf_input_gio_new (file, &local_error);

  if (input == NULL)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("cannot read the file: %s"),
                   local_error ? local_error->message : _("unknown error"));
      return NULL;
    }

  return _waymark_spreadsheet_open_zip_input (input, error);
}

/* The zip container in @input (a file's, or bytes in memory). */
GsfInfile *
_waymark_spreadsheet_open_zip_input (GsfInput  *input,
                                     GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  GsfInfile *zip;
  guint8 magic[4] = { 0 };

  if (gsf_input_size (input) < 4 ||
      gsf_input_read (input, 4, magic) == NULL ||
      memcmp (magic, "PK\003\004", 4) != 0 ||
      gsf_input_seek (input, 0, G_SEEK_SET))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not a spreadsheet: the file is not a zip container"));
      return NULL;
    }

  zip = gsf_infile_zip_new (input, &local_error);
  if (zip == NULL)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("not a spreadsheet: the zip container is damaged (%s)"),
                   local_error ? local_error->message : _("unknown error"));
      return NULL;
    }

  return zip;
}

/* Reads a short member whole; refuses one longer than @max. */
static char *
read_short_member (GsfInput *input,
                   gsize     max)
{
  gsf_off_t size = gsf_input_size (input);
  char *data;

  if (size < 0 || (guint64) size > max)
    return NULL;

  data = g_malloc0 (size + 1);
  if (size > 0 && gsf_input_read (input, size, (guint8 *) data) == NULL)
    {
      g_free (data);
      return NULL;
    }

  return data;
}

/**
 * _waymark_spreadsheet_detect:
 *
 * Tells an OpenDocument spreadsheet (its `mimetype` member names the ODS
 * media type) from an Office Open XML workbook (it has `xl/workbook.xml`,
 * or its `[Content_Types].xml` names a workbook part elsewhere)
 * by content, never by the file's name.
 */
/* Whether an OpenDocument manifest's root entry (full-path "/") is a
 * spreadsheet: a textual look at its file entries, enough to tell; the
 * content itself is parsed with every guard later. */
static gboolean
manifest_names_spreadsheet (const char *text)
{
  for (const char *entry = strstr (text, "file-entry"); entry != NULL; entry = strstr (entry + 1, "file-entry"))
    {
      const char *end = strchr (entry, '>');
      g_autofree char *tag = end != NULL ? g_strndup (entry, end - entry) : NULL;

      if (tag == NULL)
        break;
      if ((strstr (tag, "full-path=\"/\"") != NULL || strstr (tag, "full-path='/'") != NULL) &&
          (strstr (tag, "\"" ODS_MEDIA_TYPE "\"") != NULL || strstr (tag, "'" ODS_MEDIA_TYPE "'") != NULL))
        return TRUE;
    }
  return FALSE;
}

gboolean
_waymark_spreadsheet_detect (GsfInfile               *zip,
                             WaymarkSpreadsheetKind  *kind,
                             GError                 **error)
{
  g_autoptr(GsfInput) mimetype = NULL;
  g_autoptr(GsfInput) workbook = NULL;

  mimetype = _waymark_spreadsheet_open_member (zip, "mimetype", NULL);
  if (mimetype != NULL)
    {
      g_autofree char *media_type = read_short_member (mimetype, 200);

      if (media_type != NULL)
        {
          g_strstrip (media_type);
          if (g_str_equal (media_type, ODS_MEDIA_TYPE) || g_str_equal (media_type, ODS_TEMPLATE_MEDIA_TYPE))
            {
              *kind = WAYMARK_SPREADSHEET_ODS;
              return TRUE;
            }

          if (g_str_has_prefix (media_type, ODF_MEDIA_TYPE_PREFIX) && is_utf8 (media_type))
            {
              g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not a spreadsheet: an OpenDocument file of type “%s”"), media_type);
              return FALSE;
            }
        }
    }

  workbook = _waymark_spreadsheet_open_member (zip, "xl/workbook.xml", NULL);
  if (workbook != NULL)
    {
      *kind = WAYMARK_SPREADSHEET_XLSX;
      return TRUE;
    }

  /* OpenDocument without its mimetype member (Google Sheets wrote such
   * files): the manifest says what the package is. */
  if (mimetype == NULL)
    {
      g_autoptr(GsfInput) manifest = _waymark_spreadsheet_open_member (zip, "META-INF/manifest.xml", NULL);
      g_autofree char *text = manifest != NULL ? read_short_member (manifest, 256 * 1024) : NULL;

      if (text != NULL && is_utf8 (text) && manifest_names_spreadsheet (text))
        {
          *kind = WAYMARK_SPREADSHEET_ODS;
          return TRUE;
        }
    }

  /* A workbook elsewhere: the package's content types name one. */
  {
    g_autoptr(GsfInput) types = _waymark_spreadsheet_open_member (zip, "[Content_Types].xml", NULL);
    g_autofree char *text = types != NULL ? read_short_member (types, 256 * 1024) : NULL;

    if (text != NULL && (strstr (text, "spreadsheetml.sheet.main+xml") != NULL ||
                         strstr (text, "spreadsheetml.template.main+xml") != NULL))
      {
        *kind = WAYMARK_SPREADSHEET_XLSX;
        return TRUE;
      }
  }

  g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("not a spreadsheet (a zip file without a workbook)"));
  return FALSE;
}

static char **list_sheets (GsfInfile *zip, GError **error);

/**
 * waymark_spreadsheet_list_sheets:
 * @file: an XLSX or ODS file
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the names of the sheets, in the workbook's
 *   order, or %NULL with @error set
 */
char **
waymark_spreadsheet_list_sheets (GFile   *file,
                                 GError **error)
{
  g_autoptr(GsfInfile) zip = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(zip = _waymark_spreadsheet_open_zip (file, error)))
    return NULL;
  return list_sheets (zip, error);
}

/**
 * waymark_spreadsheet_list_sheets_bytes:
 * @bytes: a workbook in memory
 * @error: return location for a #GError
 *
 * As waymark_spreadsheet_list_sheets(), of bytes.
 *
 * Returns: (transfer full) (nullable): the sheets' names, in order
 */
char **
waymark_spreadsheet_list_sheets_bytes (GBytes  *bytes,
                                       GError **error)
{
  g_autoptr(GsfInput) input = NULL;
  g_autoptr(GsfInfile) zip = NULL;
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  input = gsf_input_memory_new (data, size, FALSE);
  if (!(zip = _waymark_spreadsheet_open_zip_input (input, error)))
    return NULL;
  return list_sheets (zip, error);
}

static char **
list_sheets (GsfInfile  *zip,
             GError    **error)
{
  WaymarkSpreadsheetKind kind;

  if (!_waymark_spreadsheet_detect (zip, &kind, error))
    return NULL;

  if (kind == WAYMARK_SPREADSHEET_ODS)
    return _waymark_ods_list_sheets (zip, error);
  else
    return _waymark_xlsx_list_sheets (zip, error);
}

/**
 * _waymark_xml_attribute:
 * @reader: a reader on an element
 * @local_name: the attribute's name without prefix
 * @namespace_uri: (nullable): its namespace; %NULL for none
 *
 * Returns: (nullable): the attribute's value, or %NULL
 */
char *
_waymark_xml_attribute (xmlTextReaderPtr  reader,
                        const char       *local_name,
                        const char       *namespace_uri)
{
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;

  do
    {
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);
      const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);

      if (local != NULL && strcmp (local, local_name) == 0 &&
          (namespace_uri == NULL ? ns == NULL : (ns != NULL && strcmp (ns, namespace_uri) == 0)))
        {
          value = g_strdup ((const char *) xmlTextReaderConstValue (reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);

  xmlTextReaderMoveToElement (reader);
  return value;
}

/* "A", "Z", "AA", …, as spreadsheets name columns (0 is "A"). */
void
_waymark_spreadsheet_column_name (guint64  index,
                                  char    *buffer,
                                  gsize    size)
{
  char reversed[16];
  guint n = 0;
  guint64 value = index + 1;

  while (value > 0 && n < sizeof reversed)
    {
      reversed[n++] = 'A' + (value - 1) % 26;
      value = (value - 1) / 26;
    }

  for (guint i = 0; i < n && i + 1 < size; i++)
    buffer[i] = reversed[n - 1 - i];
  buffer[MIN (n, size - 1)] = '\0';
}

/* Numbers */

void
_waymark_spreadsheet_format_number (double  value,
                                    char   *buffer,
                                    gsize   size)
{
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };

  if (value == 0)
    {
      g_strlcpy (buffer, "0", size);   /* and -0 */
      return;
    }

  /* Integers in full, not 1e+15. */
  if (fabs (value) < 1e17 && value == floor (value))
    {
      g_snprintf (buffer, size, "%.0f", value);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, size, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        return;
    }
}

/* Whether @text is already what _waymark_spreadsheet_format_number() would
 * write: an integer, or a decimal of at most 15 significant digits that
 * %.15g writes in plain notation. Most numbers in real files are, and
 * skipping the round trip for them halves the time to read a sheet. */
static gboolean
is_canonical_number (const char *text)
{
  const char *p = text;
  guint digits = 0;
  guint leading_zeros = 0;
  gboolean integer_zero = FALSE;
  const char *last;

  if (*p == '-')
    p++;

  if (*p == '0')
    {
      integer_zero = TRUE;
      p++;
      if (*p == '\0')
        return p - text == 1;   /* "0", not "-0" */
      if (*p != '.')
        return FALSE;
    }
  else
    {
      if (*p < '1' || *p > '9')
        return FALSE;
      while (*p >= '0' && *p <= '9')
        {
          digits++;
          p++;
        }
      if (*p == '\0')
        return digits <= 15;
      if (*p != '.')
        return FALSE;
    }

  /* the fraction */
  p++;
  last = p;
  if (*p == '\0')
    return FALSE;
  if (integer_zero)
    while (*p == '0')
      {
        leading_zeros++;
        p++;
      }
  for (; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      digits++;
      last = p;
    }

  /* %g turns to exponents below 1e-4; no trailing zeros; digits ≤ 15 */
  return digits > 0 && digits <= 15 && leading_zeros <= 3 && *last != '0';
}

/**
 * _waymark_spreadsheet_number_text:
 * @text: a number as a spreadsheet stores it ("4.5", "1E-07", "0.30000000000000004")
 *
 * Returns: the number in its shortest round-trip form, or %NULL when
 *   @text is not a finite number
 */
char *
_waymark_spreadsheet_number_text (const char *text)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char *end = NULL;
  double value;

  if (is_canonical_number (text))
    return g_strdup (text);

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return NULL;

  value = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (*end != '\0' || !isfinite (value))
    return NULL;

  _waymark_spreadsheet_format_number (value, buffer, sizeof buffer);
  return g_strdup (buffer);
}

/* "14:30:00", "36:00:00.250": hours, minutes, seconds, milliseconds if any. */
void
_waymark_spreadsheet_append_time (GString *out,
                                  gint64   ms)
{
  _waymark_spreadsheet_append_time_us (out, ms * 1000);
}

/* As _waymark_spreadsheet_append_time(), from microseconds: "00:00:01.5"
 * is "00:00:01.500", "00:00:01.000250" keeps its microseconds. */
void
_waymark_spreadsheet_append_time_us (GString *out,
                                     gint64   us)
{
  int fraction = (int) (us % 1000000);

  g_string_append_printf (out, "%02" G_GINT64_FORMAT ":%02d:%02d",
                          us / 3600000000, (int) (us / 60000000 % 60), (int) (us / 1000000 % 60));
  if (fraction % 1000 != 0)
    g_string_append_printf (out, ".%06d", fraction);
  else if (fraction != 0)
    g_string_append_printf (out, ".%03d", fraction / 1000);
}

/* Sheet budgets */

gboolean
_waymark_sheet_budget_add_text (WaymarkSheetBudget  *budget,
                                guint64              bytes,
                                WaymarkXmlPart      *part,
                                guint64              row,
                                GError             **error)
{
  budget->bytes += bytes;
  budget->row_bytes += bytes;

  if (budget->row_bytes > WAYMARK_SPREADSHEET_MAX_ROW_BYTES)
    {
      g_autofree char *size = g_format_size (WAYMARK_SPREADSHEET_MAX_ROW_BYTES);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s, row %" PRIu64 ": more than %s of text in one row"),
                   part->path, row, size);
      return FALSE;
    }

  return TRUE;
}

/*
 * _waymark_sheet_set_cell_error_valist:
 *
 * An import error that names the part and the cell: “xl/worksheets/sheet1.xml,
 * cell B12: …”. @row counts from 1.
 */
void
_waymark_sheet_set_cell_error_valist (WaymarkXmlPart  *part,
                                      guint64          column,
                                      guint64          row,
                                      GError         **error,
                                      const char      *format,
                                      va_list          args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  char name[16];

  _waymark_spreadsheet_column_name (column, name, sizeof name);
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               /* Translators: “xl/worksheets/sheet1.xml, cell B12: …” */
               _("%s, cell %s%" PRIu64 ": %s"),
               _waymark_xml_part_get_path (part), name, row, message);
}

/*
 * _waymark_sheet_finish_row:
 *
 * Ends a row of a sheet: sheets do not store the empty cells at the end of
 * a row, so a short row is padded to the header's width (a row with
 * nothing in it stays empty, and blank), and what was made up counts
 * against the budget.
 */
gboolean
_waymark_sheet_finish_row (WaymarkTableReader  *reader,
                           WaymarkSheetBudget  *budget,
                           WaymarkXmlPart      *part,
                           guint64              row,
                           GPtrArray           *cells,
                           guint64             *line,
                           GError             **error)
{
  guint n_columns = waymark_table_reader_get_n_columns (reader);

  if (cells->len > 0 && cells->len < n_columns)
    {
      budget->made_up += n_columns - cells->len;
      while (cells->len < n_columns)
        g_ptr_array_add (cells, g_strdup (""));
    }

  *line = row;
  return _waymark_sheet_budget_check (budget, part, row, error);
}

gboolean
_waymark_sheet_budget_check (WaymarkSheetBudget  *budget,
                             WaymarkXmlPart      *part,
                             guint64              row,
                             GError             **error)
{
  guint64 xml_bytes = part->source.n_read;

  if (budget->made_up > budget->present * WAYMARK_SPREADSHEET_BUDGET_RATIO + budget_cells)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s, row %" PRIu64 ": %" PRIu64 " empty or repeated cells made up "
                     "from %" PRIu64 " with values, which no spreadsheet needs (a zip bomb?)"),
                   part->path, row, budget->made_up, budget->present);
      return FALSE;
    }

  if (budget->bytes > xml_bytes * WAYMARK_SPREADSHEET_BUDGET_RATIO + budget_bytes)
    {
      g_autofree char *text = g_format_size (budget->bytes);
      g_autofree char *xml = g_format_size (xml_bytes);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s, row %" PRIu64 ": %s of text made up from %s of XML, "
                     "which no spreadsheet needs (a zip bomb?)"),
                   part->path, row, text, xml);
      return FALSE;
    }

  return TRUE;
}

/* XML parts */

static void
set_too_large_error (const char  *path,
                     guint64      limit,
                     GError     **error)
{
  g_autofree char *size = g_format_size (limit);

  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               _("%s is larger than %s once decompressed, which no spreadsheet needs (a zip bomb?)"),
               path, size);
}

/* A bomb need not pass the member limit to keep a reader busy: 1 GiB of
 * XML deflates to 1 MB and takes a quarter of a minute to read. Real
 * spreadsheets compress their XML 5 to 30 times (Apache POI refuses a
 * member past 100), so a big member that is more than 100 times the whole
 * file is refused; the time a file takes stays in proportion to its size. */
static gboolean
check_ratio (GsfInput    *member,
             const char  *path,
             guint64      size,
             GError     **error)
{
  g_autoptr(GsfInput) container = NULL;
  gsf_off_t container_size;

  if (size <= WAYMARK_SPREADSHEET_RATIO_GRACE)
    return TRUE;

  g_object_get (member, "source", &container, NULL);
  container_size = container != NULL ? gsf_input_size (container) : 0;
  if (container_size > 0 && size / (guint64) container_size < WAYMARK_SPREADSHEET_MAX_RATIO)
    return TRUE;

  {
    g_autofree char *member_size = g_format_size (size);
    g_autofree char *file_size = g_format_size (MAX (container_size, 0));

    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                 _("%s is %s once decompressed, more than %u times the whole file (%s), "
                   "which no spreadsheet needs (a zip bomb?)"),
                 path, member_size, WAYMARK_SPREADSHEET_MAX_RATIO, file_size);
  }
  return FALSE;
}

static void
set_source_error (WaymarkXmlPart  *part,
                  GError         **error)
{
  switch (part->source.failure)
    {
    case SOURCE_CANCELLED:
      g_propagate_error (error, g_error_copy (part->source.error));
      break;
    case SOURCE_DAMAGED:
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s cannot be decompressed: the zip container is damaged"), part->path);
      break;
    case SOURCE_TOO_LARGE:
      set_too_large_error (part->path, part->source.limit, error);
      break;
    case SOURCE_DOCTYPE:
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s has a DOCTYPE, which spreadsheets never need"), part->path);
      break;
    case SOURCE_TOO_MANY_ATTRIBUTES:
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s has an element with more than %u attributes, which no spreadsheet needs"),
                   part->path, MAX_ATTRIBUTES);
      break;
    case SOURCE_OK:
    default:
      g_assert_not_reached ();
    }
}

void
_waymark_xml_part_free (WaymarkXmlPart *part)
{
  if (part == NULL)
    return;

  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->source.input);
  g_clear_object (&part->source.cancellable);
  g_clear_error (&part->source.error);
  g_free (part->xml_message);
  g_free (part->path);
  g_free (part);
}

static WaymarkXmlPart *
open_part (GsfInfile     *zip,
           const char    *path,
           gboolean       optional,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(WaymarkXmlPart) part = g_new0 (WaymarkXmlPart, 1);
  Source *source = &part->source;
  const char *encoding = "UTF-8";
  gsf_off_t size;
  const guint8 *head = source->head;

  part->path = g_strdup (path);
  if (!(source->input = _waymark_spreadsheet_open_member (zip, path, optional ? NULL : error)))
    return NULL;

  source->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  source->limit = member_limit;
  source->unit = 1;
  size = gsf_input_size (source->input);
  part->size = MAX (size, 0);

  if ((guint64) part->size > source->limit)
    {
      set_too_large_error (path, source->limit, error);
      return NULL;
    }

  if (!check_ratio (source->input, path, part->size, error))
    return NULL;

  /* The encoding, from the first bytes; the byte order mark is dropped
   * here so that libxml2 sees the bytes the prolog check saw. */
  source->n_head = MIN (part->size, sizeof source->head);
  if (source->n_head > 0 && gsf_input_read (source->input, source->n_head, source->head) == NULL)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s cannot be decompressed: the zip container is damaged"), path);
      return NULL;
    }

  if (source->n_head >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
    source->head_pos = 3;
  else if (source->n_head >= 2 && head[0] == 0xFF && head[1] == 0xFE)
    {
      source->head_pos = 2;
      source->unit = 2;
      encoding = "UTF-16LE";
    }
  else if (source->n_head >= 2 && head[0] == 0xFE && head[1] == 0xFF)
    {
      source->head_pos = 2;
      source->unit = 2;
      source->big_endian = TRUE;
      encoding = "UTF-16BE";
    }
  else if (source->n_head == 4 && head[0] == '<' && head[1] == 0 && head[2] != 0 && head[3] == 0)
    {
      source->unit = 2;
      encoding = "UTF-16LE";
    }
  else if (source->n_head == 4 && head[0] == 0 && head[1] == '<' && head[2] == 0 && head[3] != 0)
    {
      source->unit = 2;
      source->big_endian = TRUE;
      encoding = "UTF-16BE";
    }
  else if (source->n_head == 4 && (head[0] == 0 || head[1] == 0 || head[2] == 0 || head[3] == 0 ||
                                   (head[0] == 0x4C && head[1] == 0x6F)))
    {
      /* UCS-4 and EBCDIC: never in a spreadsheet. */
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s is not in UTF-8 or UTF-16, as spreadsheets are"), path);
      return NULL;
    }

  /* The byte order mark counts for the position; the prolog check sees
   * what libxml2 sees, from source_read(). */
  source->n_read = source->head_pos;

  part->reader = xmlReaderForIO (source_read, source_close, source, path, encoding, XML_OPTIONS);
  if (part->reader == NULL)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s cannot be read as XML"), path);
      return NULL;
    }

  xmlTextReaderSetStructuredErrorHandler (part->reader, xml_error_cb, part);
  /* Belt and braces: the options already say so. */
  xmlTextReaderSetParserProp (part->reader, XML_PARSER_SUBST_ENTITIES, 0);
  xmlTextReaderSetParserProp (part->reader, XML_PARSER_LOADDTD, 0);
  xmlTextReaderSetParserProp (part->reader, XML_PARSER_DEFAULTATTRS, 0);
  xmlTextReaderSetParserProp (part->reader, XML_PARSER_VALIDATE, 0);

  return g_steal_pointer (&part);
}

/* A part the spreadsheet must have: its absence is an error. */
WaymarkXmlPart *
_waymark_xml_part_open (GsfInfile     *zip,
                        const char    *path,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return open_part (zip, path, FALSE, cancellable, error);
}

/* A part the spreadsheet may have: %NULL with @error unset when it has not. */
WaymarkXmlPart *
_waymark_xml_part_open_optional (GsfInfile     *zip,
                                 const char    *path,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  return open_part (zip, path, TRUE, cancellable, error);
}

const char *
_waymark_xml_part_get_path (WaymarkXmlPart *part)
{
  return part->path;
}

xmlTextReaderPtr
_waymark_xml_part_get_reader (WaymarkXmlPart *part)
{
  return part->reader;
}

guint64
_waymark_xml_part_get_position (WaymarkXmlPart *part)
{
  return part->source.n_read;
}

guint64
_waymark_xml_part_get_size (WaymarkXmlPart *part)
{
  return part->size;
}

void
_waymark_xml_part_set_error (WaymarkXmlPart  *part,
                             GError         **error,
                             const char      *format,
                             ...)
{
  g_autofree char *message = NULL;
  va_list args;
  int line;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  line = part->reader ? xmlTextReaderGetParserLineNumber (part->reader) : 0;
  if (line > 0)
    /* Translators: “xl/worksheets/sheet1.xml, line 12: …”, a part of the spreadsheet's zip */
    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("%s, line %d: %s"), part->path, line, message);
  else
    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, "%s: %s", part->path, message);
}

int
_waymark_xml_part_read (WaymarkXmlPart  *part,
                        GError         **error)
{
  int ret = xmlTextReaderRead (part->reader);
  int type;

  if (part->source.failure != SOURCE_OK)
    {
      set_source_error (part, error);
      return -1;
    }

  if (ret < 0 || (ret == 0 && part->xml_fatal))
    {
      if (part->xml_message != NULL)
        g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                     _("%s, line %d: %s"), part->path, part->xml_line, part->xml_message);
      else
        _waymark_xml_part_set_error (part, error, _("the XML is damaged"));
      return -1;
    }

  if (ret == 0)
    return 0;

  type = xmlTextReaderNodeType (part->reader);
  if (type == XML_READER_TYPE_DOCUMENT_TYPE ||
      type == XML_READER_TYPE_ENTITY ||
      type == XML_READER_TYPE_ENTITY_REFERENCE)
    {
      /* Cannot happen past the prolog check; kept as a second line. */
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s has a DOCTYPE, which spreadsheets never need"), part->path);
      return -1;
    }

  return 1;
}
