/* waymark-xlsx-reader.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Office Open XML workbooks (.xlsx, .xlsm). The workbook, its relationships,
 * its styles and its shared strings are small and read first; the sheet is
 * streamed a row at a time, so a sheet of millions of rows takes no more
 * memory than one row.
 */

#define G_LOG_DOMAIN "waymark-table"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-spreadsheet-private.h"
#include "waymark-error.h"

#define RELATIONSHIPS_NS         "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define STRICT_RELATIONSHIPS_NS  "http://purl.oclc.org/ooxml/officeDocument/relationships"

/* Excel has at most 64,000 cell formats. */
#define MAX_STYLES (1u << 20)

#define CONST(s) ((const char *) (s))

typedef enum
{
  NUMBER_PLAIN,
  NUMBER_DATE,       /* a date, or a date and time when it has a fraction */
  NUMBER_TIME,       /* a time of day */
  NUMBER_DURATION,   /* [h]:mm:ss, hours past 24 */
} NumberKind;

typedef struct
{
  char      *path;       /* "xl/workbook.xml", or where _rels/.rels says */
  char      *dir;        /* "xl": what its relationships are relative to */
  char      *rels;       /* "xl/_rels/workbook.xml.rels" */
  GPtrArray *names;
  GPtrArray *ids;        /* r:id of each sheet */
  gboolean   date1904;
} Workbook;

typedef struct
{
  char *target;
  char *type;
  gboolean external;
} Relationship;

struct _WaymarkXlsxReader
{
  WaymarkTableReader  parent_instance;

  GsfInfile          *zip;
  WaymarkXmlPart     *sheet;
  GString            *strings;          /* the shared strings, each ends in NUL */
  GArray             *string_offsets;   /* guint32: where each starts in strings */
  GByteArray         *style_kinds;      /* NumberKind of each cell format */
  GString            *value;            /* the cell being read: its <v> */
  GString            *text;             /* and its inline string */
  GError             *failure;          /* reading stopped for good */
  WaymarkSheetBudget  budget;

  guint64             row_number;
  guint64             next_column;
  gboolean            date1904;
  gboolean            in_sheet_data;
  gboolean            in_row;
  gboolean            done;
};

G_DEFINE_FINAL_TYPE (WaymarkXlsxReader, waymark_xlsx_reader, WAYMARK_TYPE_TABLE_READER)

static void
workbook_clear (Workbook *workbook)
{
  g_clear_pointer (&workbook->path, g_free);
  g_clear_pointer (&workbook->dir, g_free);
  g_clear_pointer (&workbook->rels, g_free);
  g_clear_pointer (&workbook->names, g_ptr_array_unref);
  g_clear_pointer (&workbook->ids, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Workbook, workbook_clear)

static void
relationship_free (gpointer data)
{
  Relationship *relationship = data;

  g_free (relationship->target);
  g_free (relationship->type);
  g_free (relationship);
}

static gboolean
is_text_node (int type)
{
  return type == XML_READER_TYPE_TEXT ||
         type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_str_equal (value, "1") || g_ascii_strcasecmp (value, "true") == 0 ||
                           g_ascii_strcasecmp (value, "on") == 0);
}

/* Excel writes characters XML cannot hold (and some it can, like CR) as
 * _xHHHH_; "_x005F_" is an escaped underscore. */
static void
decode_escapes (GString *text)
{
  char *read, *write, *end;

  if (memchr (text->str, '_', text->len) == NULL)
    return;

  read = write = text->str;
  end = text->str + text->len;
  while (read < end)
    {
      if (end - read >= 7 && read[0] == '_' && read[1] == 'x' && read[6] == '_' &&
          g_ascii_isxdigit (read[2]) && g_ascii_isxdigit (read[3]) &&
          g_ascii_isxdigit (read[4]) && g_ascii_isxdigit (read[5]))
        {
          gunichar c = (g_ascii_xdigit_value (read[2]) << 12) | (g_ascii_xdigit_value (read[3]) << 8) |
                       (g_ascii_xdigit_value (read[4]) << 4) | g_ascii_xdigit_value (read[5]);

          if (c != 0 && g_unichar_validate (c))
            {
              write += g_unichar_to_utf8 (c, write);
              read += 7;
              continue;
            }
        }
      *write++ = *read++;
    }

  g_string_truncate (text, write - text->str);
}

/* The kind of number a format code shows: "yyyy-mm-dd" a date, "h:mm" a
 * time, "[h]:mm" a duration, "0.00" or "General" a plain number. Quoted
 * text, escaped characters and [colours], [conditions] and [$locales] do
 * not count. */
static NumberKind
classify_format (const char *code)
{
  gboolean date = FALSE;
  gboolean time = FALSE;
  gboolean month_or_minute = FALSE;
  gboolean elapsed = FALSE;

  for (const char *p = code; *p; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            goto done;
          break;

        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            goto done;
          p++;
          break;

        case '[':
          {
            const char *end = strchr (p, ']');
            gboolean hms = end != NULL && end > p + 1;

            if (end == NULL)
              goto done;
            for (const char *q = p + 1; q < end && hms; q++)
              hms = strchr ("hHmMsS", *q) != NULL;
            if (hms)
              elapsed = time = TRUE;
            p = end;
          }
          break;

        case 'a':
        case 'A':
          if (g_ascii_strncasecmp (p, "AM/PM", 5) == 0)
            {
              time = TRUE;
              p += 4;
            }
          else if (g_ascii_strncasecmp (p, "A/P", 3) == 0)
            {
              time = TRUE;
              p += 2;
            }
          break;

        case 'd':
        case 'D':
        case 'y':
        case 'Y':
          date = TRUE;
          break;

        case 'h':
        case 'H':
        case 's':
        case 'S':
          time = TRUE;
          break;

        case 'm':
        case 'M':
          month_or_minute = TRUE;
          break;

        default:
          break;
        }
    }

done:
  if (date || (month_or_minute && !time))
    return NUMBER_DATE;
  if (elapsed)
    return NUMBER_DURATION;
  if (time)
    return NUMBER_TIME;
  return NUMBER_PLAIN;
}

/* Excel's built-in formats, by id (ECMA-376 §18.8.30; 27–36 and 50–58 are
 * the East Asian dates). */
static NumberKind
builtin_format_kind (guint64 id)
{
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return NUMBER_DATE;
  if ((id >= 18 && id <= 21) || id == 45 || id == 47)
    return NUMBER_TIME;
  if (id == 46)
    return NUMBER_DURATION;
  return NUMBER_PLAIN;
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void
civil_from_days (gint64  days,
                 gint64 *year,
                 guint  *month,
                 guint  *day)
{
  gint64 era;
  guint doe, yoe, doy, mp;

  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = (guint) (days - era * 146097);
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = (gint64) yoe + era * 400 + (*month <= 2);
}

/**
 * date_text:
 * @serial: days since the workbook's epoch, the fraction the time of day
 * @kind: how the cell's format shows it
 *
 * ISO 8601: "2024-03-05" for a whole day, "2024-03-05T14:30:00" with a
 * time, "14:30:00" for a time of day, "36:00:00" for a duration. In the
 * 1900 system serial 1 is 1900-01-01 and Excel counts a 1900-02-29 that
 * never was (serial 60, written as Excel shows it), so serials before it
 * are one day off from those after; in the 1904 system serial 0 is
 * 1904-01-01.
 *
 * Returns: (nullable): the text, or %NULL for a number no date can be
 */
static char *
date_text (double     serial,
           NumberKind kind,
           gboolean   date1904)
{
  GString *out;
  gint64 whole, ms, days, year;
  guint month, day;

  if (!isfinite (serial))
    return NULL;

  if (kind == NUMBER_DURATION)
    {
      if (fabs (serial) > 1e9)
        return NULL;
      out = g_string_new (serial < 0 ? "-" : NULL);
      _waymark_spreadsheet_append_time (out, llround (fabs (serial) * 86400000.0));
      return g_string_free (out, FALSE);
    }

  if (kind == NUMBER_TIME && serial >= 0 && serial < 1)
    {
      ms = llround (serial * 86400000.0);
      if (ms < 86400000)
        {
          out = g_string_new (NULL);
          _waymark_spreadsheet_append_time (out, ms);
          return g_string_free (out, FALSE);
        }
    }

  /* Excel shows neither negative dates nor dates past 9999-12-31. */
  if (serial < 0 || serial >= (date1904 ? 2957004.0 : 2958466.0))
    return NULL;

  whole = (gint64) floor (serial);
  ms = llround ((serial - whole) * 86400000.0);
  if (ms >= 86400000)
    {
      whole++;
      ms -= 86400000;
    }

  out = g_string_new (NULL);
  if (!date1904 && whole == 60)
    g_string_append (out, "1900-02-29");
  else
    {
      if (date1904)
        days = whole - 24107;
      else if (whole < 60)
        days = whole - 25568;
      else
        days = whole - 25569;
      civil_from_days (days, &year, &month, &day);
      g_string_append_printf (out, "%04" G_GINT64_FORMAT "-%02u-%02u", year, month, day);
    }

  if (ms != 0)
    {
      g_string_append_c (out, 'T');
      _waymark_spreadsheet_append_time (out, ms);
    }

  return g_string_free (out, FALSE);
}

/* The workbook: sheet names, their relationship ids, the date system. */
/* SpreadsheetML's own namespace, transitional or strict (or none, as
 * some writers leave it out). */
static gboolean
is_main_namespace (const char *uri)
{
  return uri == NULL || *uri == '\0' ||
         g_str_equal (uri, "http://schemas.openxmlformats.org/spreadsheetml/2006/main") ||
         g_str_equal (uri, "http://purl.oclc.org/ooxml/spreadsheetml/main");
}

static GHashTable *read_relationships (GsfInfile  *zip,
                                       const char *path,
                                       GError    **error);
static char       *find_part          (GHashTable  *relationships,
                                       const char  *base_dir,
                                       const char  *type_suffix,
                                       GError     **error);

/* Where the workbook is: what the package's own relationships call its
 * office document, or xl/workbook.xml when they do not say. */
static gboolean
locate_workbook (GsfInfile  *zip,
                 Workbook   *workbook,
                 GError    **error)
{
  g_autoptr(GsfInput) member = _waymark_spreadsheet_open_member (zip, "_rels/.rels", NULL);
  g_autofree char *base = NULL;

  if (member != NULL)
    {
      g_autoptr(GHashTable) relationships = read_relationships (zip, "_rels/.rels", error);
      g_autoptr(GError) local_error = NULL;

      if (relationships == NULL)
        return FALSE;
      workbook->path = find_part (relationships, "", "/officeDocument", &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (workbook->path == NULL)
    workbook->path = g_strdup ("xl/workbook.xml");

  workbook->dir = g_path_get_dirname (workbook->path);
  if (g_str_equal (workbook->dir, "."))
    {
      g_free (workbook->dir);
      workbook->dir = g_strdup ("");
    }
  base = g_path_get_basename (workbook->path);
  workbook->rels = *workbook->dir ? g_strdup_printf ("%s/_rels/%s.rels", workbook->dir, base)
                                  : g_strdup_printf ("_rels/%s.rels", base);
  return TRUE;
}

static gboolean
read_workbook (GsfInfile  *zip,
               Workbook   *workbook,
               GError    **error)
{
  g_autoptr(WaymarkXmlPart) part = NULL;
  xmlTextReaderPtr xml;
  int ret;

  workbook->names = g_ptr_array_new_with_free_func (g_free);
  workbook->ids = g_ptr_array_new_with_free_func (g_free);

  if (!locate_workbook (zip, workbook, error))
    return FALSE;
  if (!(part = _waymark_xml_part_open (zip, workbook->path, NULL, error)))
    return FALSE;
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    {
      const char *name;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT)
        continue;

      name = CONST (xmlTextReaderConstLocalName (xml));
      /* Excel 2010 and later also write <x14:workbookPr> in <extLst>,
       * without date1904: only the workbook's own element says which date
       * system the serials count from. */
      if (g_str_equal (name, "workbookPr") && is_main_namespace (CONST (xmlTextReaderConstNamespaceUri (xml))))
        {
          g_autofree char *date1904 = _waymark_xml_attribute (xml, "date1904", NULL);

          workbook->date1904 = is_true (date1904);
        }
      else if (g_str_equal (name, "sheet"))
        {
          g_autofree char *sheet_name = _waymark_xml_attribute (xml, "name", NULL);
          g_autofree char *id = _waymark_xml_attribute (xml, "id", RELATIONSHIPS_NS);

          if (id == NULL)
            id = _waymark_xml_attribute (xml, "id", STRICT_RELATIONSHIPS_NS);

          if (sheet_name == NULL || id == NULL)
            {
              _waymark_xml_part_set_error (part, error, _("a sheet without a name or a relationship"));
              return FALSE;
            }
          if (workbook->names->len >= WAYMARK_SPREADSHEET_MAX_SHEETS)
            {
              _waymark_xml_part_set_error (part, error, _("more than %u sheets"), WAYMARK_SPREADSHEET_MAX_SHEETS);
              return FALSE;
            }

          g_ptr_array_add (workbook->names, g_steal_pointer (&sheet_name));
          g_ptr_array_add (workbook->ids, g_steal_pointer (&id));
        }
    }

  if (ret < 0)
    return FALSE;

  if (workbook->names->len == 0)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s: the workbook has no sheets"), workbook->path);
      return FALSE;
    }

  return TRUE;
}

/* The workbook's relationships: id → Relationship. */
static GHashTable *
read_relationships (GsfInfile  *zip,
                    const char *path,
                    GError    **error)
{
  g_autoptr(GHashTable) relationships = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, relationship_free);
  g_autoptr(WaymarkXmlPart) part = NULL;
  xmlTextReaderPtr xml;
  int ret;

  if (!(part = _waymark_xml_part_open (zip, path, NULL, error)))
    return NULL;
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    {
      g_autofree char *id = NULL;
      g_autofree char *mode = NULL;
      Relationship *relationship;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT ||
          !g_str_equal (CONST (xmlTextReaderConstLocalName (xml)), "Relationship"))
        continue;

      if (!(id = _waymark_xml_attribute (xml, "Id", NULL)))
        continue;
      if (g_hash_table_size (relationships) >= 4 * WAYMARK_SPREADSHEET_MAX_SHEETS)
        {
          _waymark_xml_part_set_error (part, error, _("more than %u relationships"),
                                       4 * WAYMARK_SPREADSHEET_MAX_SHEETS);
          return NULL;
        }

      relationship = g_new0 (Relationship, 1);
      relationship->target = _waymark_xml_attribute (xml, "Target", NULL);
      relationship->type = _waymark_xml_attribute (xml, "Type", NULL);
      mode = _waymark_xml_attribute (xml, "TargetMode", NULL);
      relationship->external = mode != NULL && g_ascii_strcasecmp (mode, "External") == 0;
      g_hash_table_replace (relationships, g_steal_pointer (&id), relationship);
    }

  if (ret < 0)
    return NULL;

  return g_steal_pointer (&relationships);
}

/* The first relationship of a type ("…/sharedStrings"), resolved; NULL if
 * there is none. */
static char *
find_part (GHashTable  *relationships,
           const char  *base_dir,
           const char  *type_suffix,
           GError     **error)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, relationships);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Relationship *relationship = value;

      if (relationship->type != NULL && relationship->target != NULL && !relationship->external &&
          g_str_has_suffix (relationship->type, type_suffix))
        return _waymark_spreadsheet_resolve_path (base_dir, relationship->target, error);
    }

  return NULL;
}

/* Which cell formats (by index) show dates and times. */
static gboolean
read_styles (WaymarkXlsxReader  *self,
             const char         *path,
             GError            **error)
{
  g_autoptr(WaymarkXmlPart) part = NULL;
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) format_ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) local_error = NULL;
  gboolean in_cell_xfs = FALSE;
  xmlTextReaderPtr xml;
  int ret;

  /* A workbook of plain numbers may have no styles. */
  if (!(part = _waymark_xml_part_open_optional (self->zip, path, NULL, &local_error)))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    {
      int type = xmlTextReaderNodeType (xml);
      const char *name;

      if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
        continue;

      name = CONST (xmlTextReaderConstLocalName (xml));
      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          if (g_str_equal (name, "cellXfs"))
            in_cell_xfs = FALSE;
          continue;
        }

      if (g_str_equal (name, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (xml);
      else if (g_str_equal (name, "numFmt"))
        {
          g_autofree char *id = _waymark_xml_attribute (xml, "numFmtId", NULL);
          g_autofree char *code = _waymark_xml_attribute (xml, "formatCode", NULL);

          /* Excel allows a few hundred. */
          if (id != NULL && code != NULL && g_hash_table_size (custom) < WAYMARK_SPREADSHEET_MAX_SHEETS)
            g_hash_table_insert (custom,
                                 GUINT_TO_POINTER ((guint) g_ascii_strtoull (id, NULL, 10)),
                                 GUINT_TO_POINTER (classify_format (code) + 1));
        }
      else if (in_cell_xfs && g_str_equal (name, "xf") && format_ids->len < MAX_STYLES)
        {
          g_autofree char *id = _waymark_xml_attribute (xml, "numFmtId", NULL);
          guint64 value = id ? g_ascii_strtoull (id, NULL, 10) : 0;

          g_array_append_val (format_ids, value);
        }
    }

  if (ret < 0)
    return FALSE;

  self->style_kinds = g_byte_array_sized_new (format_ids->len);
  for (guint i = 0; i < format_ids->len; i++)
    {
      guint64 id = g_array_index (format_ids, guint64, i);
      gpointer kind = id <= G_MAXUINT ? g_hash_table_lookup (custom, GUINT_TO_POINTER ((guint) id)) : NULL;
      guint8 value = kind != NULL ? GPOINTER_TO_UINT (kind) - 1 : builtin_format_kind (id);

      g_byte_array_append (self->style_kinds, &value, 1);
    }

  return TRUE;
}

static gboolean
add_shared_string (WaymarkXlsxReader  *self,
                   WaymarkXmlPart     *part,
                   GString            *text,
                   GError            **error)
{
  guint64 limit = _waymark_spreadsheet_get_shared_strings_limit ();
  guint32 offset = self->strings->len;

  decode_escapes (text);

  /* The table and its index together. */
  if ((guint64) self->strings->len + text->len + 1 +
      (guint64) (self->string_offsets->len + 1) * sizeof (guint32) > limit)
    {
      g_autofree char *size = g_format_size (limit);

      _waymark_xml_part_set_error (part, error,
                                   _("the shared strings take more than %s, which no spreadsheet needs"),
                                   size);
      return FALSE;
    }

  g_string_append_len (self->strings, text->str, text->len);
  g_string_append_c (self->strings, '\0');
  g_array_append_val (self->string_offsets, offset);
  return TRUE;
}

/* The shared string table: each <si> a plain <t>, or rich text runs
 * <r><t> to join; the phonetic guides <rPh> are not part of the text. */
static gboolean
read_shared_strings (WaymarkXlsxReader  *self,
                     const char         *path,
                     GCancellable       *cancellable,
                     GError            **error)
{
  g_autoptr(WaymarkXmlPart) part = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  gboolean in_si = FALSE, in_phonetic = FALSE, in_t = FALSE;
  xmlTextReaderPtr xml;
  int ret;

  /* A workbook of numbers may have no shared strings. */
  if (!(part = _waymark_xml_part_open_optional (self->zip, path, cancellable, &local_error)))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    {
      int type = xmlTextReaderNodeType (xml);
      const char *name;

      if (is_text_node (type))
        {
          if (in_t && !_waymark_spreadsheet_append (text, CONST (xmlTextReaderConstValue (xml)), -1))
            {
              _waymark_xml_part_set_error (part, error, _("a shared string of more than %u bytes"),
                                           WAYMARK_TABLE_MAX_FIELD_BYTES);
              return FALSE;
            }
          continue;
        }

      if (type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (xml);

          name = CONST (xmlTextReaderConstLocalName (xml));
          if (g_str_equal (name, "si"))
            {
              g_string_truncate (text, 0);
              if (empty)
                {
                  if (!add_shared_string (self, part, text, error))
                    return FALSE;
                }
              else
                in_si = TRUE;
            }
          else if (in_si && g_str_equal (name, "rPh"))
            in_phonetic = !empty;
          else if (in_si && !in_phonetic && g_str_equal (name, "t"))
            in_t = !empty;
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          name = CONST (xmlTextReaderConstLocalName (xml));
          if (g_str_equal (name, "t"))
            in_t = FALSE;
          else if (g_str_equal (name, "rPh"))
            in_phonetic = FALSE;
          else if (in_si && g_str_equal (name, "si"))
            {
              in_si = in_t = in_phonetic = FALSE;
              if (!add_shared_string (self, part, text, error))
                return FALSE;
            }
        }
    }

  return ret == 0;
}

static gboolean
choose_sheet (Workbook                   *workbook,
              const WaymarkTableOptions  *options,
              guint                      *index,
              GError                    **error)
{
  g_autofree char *names = NULL;

  if (options->sheet == NULL)
    {
      *index = 0;
      return TRUE;
    }

  for (guint i = 0; i < workbook->names->len; i++)
    if (g_str_equal (g_ptr_array_index (workbook->names, i), options->sheet))
      {
        *index = i;
        return TRUE;
      }

  g_ptr_array_add (workbook->names, NULL);
  names = _waymark_spreadsheet_describe_names ((const char * const *) workbook->names->pdata);
  g_ptr_array_set_size (workbook->names, workbook->names->len - 1);
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               _("no sheet named “%s”; the sheets are %s"), options->sheet, names);
  return FALSE;
}

/* The sheet */

static gboolean
fail (WaymarkXlsxReader  *self,
      GError             *local_error,
      GError            **error)
{
  g_assert (local_error != NULL);

  self->done = TRUE;
  g_clear_error (&self->failure);
  self->failure = g_error_copy (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

static void
set_cell_error (WaymarkXlsxReader  *self,
                guint64             column,
                GError            **error,
                const char         *format,
                ...) G_GNUC_PRINTF (4, 5);

static void
set_cell_error (WaymarkXlsxReader  *self,
                guint64             column,
                GError            **error,
                const char         *format,
                ...)
{
  va_list args;

  va_start (args, format);
  _waymark_sheet_set_cell_error_valist (self->sheet, column, self->row_number, error, format, args);
  va_end (args);
}

/* The column of a reference ("BC12" is 54), G_MAXUINT64 if it has none. */
static guint64
parse_column (const char *reference)
{
  guint64 column = 0;
  const char *p;

  for (p = reference; g_ascii_isalpha (*p); p++)
    {
      column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (column > G_MAXUINT32)
        return G_MAXUINT32;
    }

  return p == reference ? G_MAXUINT64 : column - 1;
}

static char *
number_cell_text (WaymarkXlsxReader *self,
                  const char        *value,
                  guint64            style)
{
  NumberKind kind = NUMBER_PLAIN;
  char *text;

  if (value[0] == '\0')
    return g_strdup ("");

  if (self->style_kinds != NULL && style < self->style_kinds->len)
    kind = self->style_kinds->data[style];

  if (kind != NUMBER_PLAIN)
    {
      char *end = NULL;
      double serial = g_ascii_strtod (value, &end);

      if (end != value && *end == '\0' && (text = date_text (serial, kind, self->date1904)))
        return text;
    }

  if ((text = _waymark_spreadsheet_number_text (value)))
    return text;

  /* Not a number after all: as it is. */
  return g_strdup (value);
}

/* The cell's text by its type; NULL with @error set if it is broken. */
static char *
cell_text (WaymarkXlsxReader  *self,
           const char         *type,
           guint64             style,
           guint64             column,
           gboolean            has_value,
           gboolean            has_inline,
           GError            **error)
{
  GString *value = self->value;

  switch (type[0])
    {
    case 's':
      if (type[1] == '\0')   /* "s": a shared string */
        {
          guint64 index = 0;
          const char *p = value->str;

          if (!has_value)
            return g_strdup ("");

          while (g_ascii_isspace (*p))
            p++;
          if (!g_ascii_isdigit (*p))
            index = G_MAXUINT64;
          for (; g_ascii_isdigit (*p) && index < G_MAXUINT32; p++)
            index = index * 10 + (*p - '0');
          while (g_ascii_isspace (*p))
            p++;

          if (*p != '\0' || index >= self->string_offsets->len)
            {
              set_cell_error (self, column, error,
                              _("the shared string “%s” does not exist (there are %u)"),
                              value->str, self->string_offsets->len);
              return NULL;
            }

          return g_strdup (self->strings->str + g_array_index (self->string_offsets, guint32, index));
        }
      if (g_str_equal (type, "str"))   /* a formula's text */
        {
          decode_escapes (value);
          return g_strndup (value->str, value->len);
        }
      break;

    case 'i':
      if (g_str_equal (type, "inlineStr"))
        {
          GString *text = has_inline ? self->text : value;

          decode_escapes (text);
          return g_strndup (text->str, text->len);
        }
      break;

    case 'b':
      if (type[1] == '\0')
        {
          g_strstrip (value->str);
          if (g_str_equal (value->str, "1"))
            return g_strdup ("TRUE");
          if (g_str_equal (value->str, "0"))
            return g_strdup ("FALSE");
          return g_strdup (value->str);
        }
      break;

    case 'n':
      if (type[1] == '\0')
        return number_cell_text (self, value->str, style);
      break;

    default:
      break;
    }

  /* "e" (errors as Excel shows them, #DIV/0!), "d" (ISO 8601 already),
   * and types no one defined: as they are. */
  return g_strndup (value->str, value->len);
}

static gboolean
put_cell (WaymarkXlsxReader  *self,
          GPtrArray          *cells,
          guint64             column,
          char               *text,
          GError            **error)
{
  if (column >= WAYMARK_TABLE_MAX_COLUMNS)
    {
      set_cell_error (self, column, error,
                      _("more than the %u columns Waymark reads"),
                      WAYMARK_TABLE_MAX_COLUMNS);
      g_free (text);
      return FALSE;
    }

  if (!_waymark_sheet_budget_add_text (&self->budget, strlen (text), self->sheet, self->row_number, error))
    {
      g_free (text);
      return FALSE;
    }
  self->budget.present++;

  if (cells->len < column)
    self->budget.made_up += column - cells->len;
  while (cells->len < column)
    g_ptr_array_add (cells, g_strdup (""));

  if (column < cells->len)
    {
      g_free (cells->pdata[column]);
      cells->pdata[column] = text;
    }
  else
    g_ptr_array_add (cells, text);

  return TRUE;
}

/* Reads a <c> and its children: <v> the value, <is> an inline string,
 * <f> a formula (its cached result is in <v>). */
static gboolean
read_cell (WaymarkXlsxReader  *self,
           GPtrArray          *cells,
           GError            **error)
{
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (self->sheet);
  guint64 column = self->next_column;
  guint64 style = 0;
  char type[16] = "n";
  GString *collect = NULL;
  gboolean in_inline = FALSE, in_phonetic = FALSE;
  gboolean has_value = FALSE, has_inline = FALSE;
  char *text;
  int depth;

  if (xmlTextReaderMoveToFirstAttribute (xml) == 1)
    {
      do
        {
          const char *name = CONST (xmlTextReaderConstLocalName (xml));
          const char *value = CONST (xmlTextReaderConstValue (xml));

          if (value == NULL || xmlTextReaderConstNamespaceUri (xml) != NULL)
            continue;
          if (name[0] == 'r' && name[1] == '\0')
            {
              guint64 parsed = parse_column (value);

              if (parsed != G_MAXUINT64)
                column = parsed;
            }
          else if (name[0] == 't' && name[1] == '\0')
            g_strlcpy (type, value, sizeof type);
          else if (name[0] == 's' && name[1] == '\0')
            style = g_ascii_strtoull (value, NULL, 10);
        }
      while (xmlTextReaderMoveToNextAttribute (xml) == 1);
      xmlTextReaderMoveToElement (xml);
    }

  self->next_column = column + 1;
  if (xmlTextReaderIsEmptyElement (xml))
    return TRUE;

  depth = xmlTextReaderDepth (xml);
  g_string_truncate (self->value, 0);
  g_string_truncate (self->text, 0);

  for (;;)
    {
      int ret = _waymark_xml_part_read (self->sheet, error);
      int node_type;
      const char *name;

      if (ret < 0)
        return FALSE;
      if (ret == 0)
        {
          set_cell_error (self, column, error, _("the sheet ends inside a cell"));
          return FALSE;
        }

      node_type = xmlTextReaderNodeType (xml);
      if (is_text_node (node_type))
        {
          if (collect != NULL && !_waymark_spreadsheet_append (collect, CONST (xmlTextReaderConstValue (xml)), -1))
            {
              set_cell_error (self, column, error, _("more than %u bytes in one cell"),
                              WAYMARK_TABLE_MAX_FIELD_BYTES);
              return FALSE;
            }
        }
      else if (node_type == XML_READER_TYPE_ELEMENT)
        {
          gboolean empty = xmlTextReaderIsEmptyElement (xml);

          name = CONST (xmlTextReaderConstLocalName (xml));
          if (name[0] == 'v' && name[1] == '\0')
            {
              has_value = TRUE;
              collect = empty ? NULL : self->value;
            }
          else if (g_str_equal (name, "is"))
            {
              has_inline = TRUE;
              in_inline = !empty;
            }
          else if (in_inline && g_str_equal (name, "rPh"))
            in_phonetic = !empty;
          else if (in_inline && !in_phonetic && name[0] == 't' && name[1] == '\0')
            collect = empty ? NULL : self->text;
        }
      else if (node_type == XML_READER_TYPE_END_ELEMENT)
        {
          name = CONST (xmlTextReaderConstLocalName (xml));
          if (xmlTextReaderDepth (xml) == depth)
            break;
          if ((name[0] == 'v' || name[0] == 't') && name[1] == '\0')
            collect = NULL;
          else if (g_str_equal (name, "rPh"))
            in_phonetic = FALSE;
          else if (g_str_equal (name, "is"))
            in_inline = FALSE;
        }
    }

  if (!(text = cell_text (self, type, style, column, has_value, has_inline, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_free (text);
      return TRUE;
    }

  return put_cell (self, cells, column, text, error);
}

static gboolean
finish_row (WaymarkXlsxReader  *self,
            GPtrArray          *cells,
            guint64            *line,
            GError            **error)
{
  return _waymark_sheet_finish_row (WAYMARK_TABLE_READER (self), &self->budget, self->sheet,
                                    self->row_number, cells, line, error);
}

static gboolean
waymark_xlsx_reader_read_row (WaymarkTableReader  *reader,
                              GPtrArray           *cells,
                              guint64             *line,
                              GError             **error)
{
  WaymarkXlsxReader *self = WAYMARK_XLSX_READER (reader);
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (self->sheet);
  GError *local_error = NULL;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }
  if (self->done)
    return FALSE;

  for (;;)
    {
      int ret = _waymark_xml_part_read (self->sheet, &local_error);
      int type;
      const char *name;

      if (ret < 0)
        return fail (self, local_error, error);
      if (ret == 0)
        {
          self->done = TRUE;
          return FALSE;
        }

      type = xmlTextReaderNodeType (xml);
      if (type == XML_READER_TYPE_ELEMENT)
        {
          name = CONST (xmlTextReaderConstLocalName (xml));

          if (!self->in_sheet_data)
            {
              if (g_str_equal (name, "sheetData"))
                {
                  if (xmlTextReaderIsEmptyElement (xml))
                    {
                      self->done = TRUE;
                      return FALSE;
                    }
                  self->in_sheet_data = TRUE;
                }
            }
          else if (name[0] == 'c' && name[1] == '\0')
            {
              if (self->in_row && !read_cell (self, cells, &local_error))
                return fail (self, local_error, error);
            }
          else if (g_str_equal (name, "row"))
            {
              g_autofree char *r = _waymark_xml_attribute (xml, "r", NULL);
              guint64 number = r ? g_ascii_strtoull (r, NULL, 10) : 0;

              self->row_number = number > 0 ? number : self->row_number + 1;
              self->next_column = 0;
              self->budget.row_bytes = 0;
              if (xmlTextReaderIsEmptyElement (xml))
                {
                  if (!finish_row (self, cells, line, &local_error))
                    return fail (self, local_error, error);
                  return TRUE;
                }
              self->in_row = TRUE;
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT && self->in_sheet_data)
        {
          name = CONST (xmlTextReaderConstLocalName (xml));

          if (self->in_row && g_str_equal (name, "row"))
            {
              self->in_row = FALSE;
              if (!finish_row (self, cells, line, &local_error))
                return fail (self, local_error, error);
              return TRUE;
            }
          if (g_str_equal (name, "sheetData"))
            {
              self->done = TRUE;
              return FALSE;
            }
        }
    }
}

static guint64
waymark_xlsx_reader_get_position (WaymarkTableReader *reader)
{
  WaymarkXlsxReader *self = WAYMARK_XLSX_READER (reader);

  return self->sheet ? _waymark_xml_part_get_position (self->sheet) : 0;
}

static void
waymark_xlsx_reader_finalize (GObject *object)
{
  WaymarkXlsxReader *self = WAYMARK_XLSX_READER (object);

  g_clear_pointer (&self->sheet, _waymark_xml_part_free);
  g_clear_object (&self->zip);
  g_string_free (self->strings, TRUE);
  g_array_unref (self->string_offsets);
  g_clear_pointer (&self->style_kinds, g_byte_array_unref);
  g_string_free (self->value, TRUE);
  g_string_free (self->text, TRUE);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (waymark_xlsx_reader_parent_class)->finalize (object);
}

static void
waymark_xlsx_reader_class_init (WaymarkXlsxReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WaymarkTableReaderClass *reader_class = WAYMARK_TABLE_READER_CLASS (klass);

  object_class->finalize = waymark_xlsx_reader_finalize;
  reader_class->read_row = waymark_xlsx_reader_read_row;
  reader_class->get_position = waymark_xlsx_reader_get_position;
}

static void
waymark_xlsx_reader_init (WaymarkXlsxReader *self)
{
  self->strings = g_string_new (NULL);
  self->string_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->value = g_string_new (NULL);
  self->text = g_string_new (NULL);
}

char **
_waymark_xlsx_list_sheets (GsfInfile  *zip,
                           GError    **error)
{
  g_auto(Workbook) workbook = { NULL, };

  if (!read_workbook (zip, &workbook, error))
    return NULL;

  g_ptr_array_add (workbook.names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&workbook.names), FALSE);
}

WaymarkTableReader *
_waymark_xlsx_reader_new_for_zip (GFile                      *file,
                                  GsfInfile                  *zip,
                                  const WaymarkTableOptions  *options,
                                  GCancellable               *cancellable,
                                  GError                    **error)
{
  g_autoptr(WaymarkXlsxReader) self = g_object_new (WAYMARK_TYPE_XLSX_READER, NULL);
  g_auto(Workbook) workbook = { NULL, };
  g_autoptr(GHashTable) relationships = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sheet_path = NULL;
  g_autofree char *strings_path = NULL;
  g_autofree char *styles_path = NULL;
  WaymarkTableOptions resolved = *options;
  const char *sheet_name;
  Relationship *relationship;
  guint index;

  self->zip = g_object_ref (zip);

  if (!read_workbook (zip, &workbook, error))
    return NULL;
  self->date1904 = workbook.date1904;

  if (!choose_sheet (&workbook, options, &index, error))
    return NULL;
  sheet_name = g_ptr_array_index (workbook.names, index);

  if (!(relationships = read_relationships (zip, workbook.rels, error)))
    return NULL;

  relationship = g_hash_table_lookup (relationships, g_ptr_array_index (workbook.ids, index));
  if (relationship == NULL || relationship->target == NULL || relationship->external)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("%s does not say where sheet “%s” is"), workbook.rels, sheet_name);
      return NULL;
    }
  if (relationship->type == NULL || !g_str_has_suffix (relationship->type, "/worksheet"))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("sheet “%s” is a chart or a macro sheet, not a table"), sheet_name);
      return NULL;
    }
  if (!(sheet_path = _waymark_spreadsheet_resolve_path (workbook.dir, relationship->target, error)))
    return NULL;

  strings_path = find_part (relationships, workbook.dir, "/sharedStrings", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  styles_path = find_part (relationships, workbook.dir, "/styles", &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (styles_path == NULL)
    styles_path = *workbook.dir ? g_strdup_printf ("%s/styles.xml", workbook.dir) : g_strdup ("styles.xml");
  if (strings_path == NULL)
    strings_path = *workbook.dir ? g_strdup_printf ("%s/sharedStrings.xml", workbook.dir) : g_strdup ("sharedStrings.xml");
  if (!read_styles (self, styles_path, error))
    return NULL;
  if (!read_shared_strings (self, strings_path, cancellable, error))
    return NULL;

  if (!(self->sheet = _waymark_xml_part_open (zip, sheet_path, cancellable, error)))
    return NULL;

  resolved.sheet = (char *) sheet_name;
  _waymark_table_reader_setup (WAYMARK_TABLE_READER (self), file, "xlsx", &resolved,
                               _waymark_xml_part_get_size (self->sheet));

  return WAYMARK_TABLE_READER (g_steal_pointer (&self));
}

/**
 * waymark_xlsx_reader_new:
 * @file: an Office Open XML workbook
 * @options: how to read it; only the sheet and the header rows apply
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a reader of the sheet @options names (or the
 *   first), or %NULL with @error set
 */
WaymarkTableReader *
waymark_xlsx_reader_new (GFile                      *file,
                         const WaymarkTableOptions  *options,
                         GCancellable               *cancellable,
                         GError                    **error)
{
  WaymarkTableOptions defaults = { NULL, 0, NULL, -1 };
  g_autoptr(GsfInfile) zip = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(zip = _waymark_spreadsheet_open_zip (file, error)))
    return NULL;

  return _waymark_xlsx_reader_new_for_zip (file, zip, options ? options : &defaults, cancellable, error);
}
