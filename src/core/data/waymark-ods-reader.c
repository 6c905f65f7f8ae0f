/* waymark-ods-reader.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenDocument spreadsheets (.ods, .ots). All the sheets are in
 * content.xml, streamed a row at a time. OpenDocument compresses runs of
 * equal rows and cells into one element with a repeat count, and
 * LibreOffice ends every sheet with an empty row repeated to the sheet's
 * last row (1,048,576 or more), each with empty cells repeated to the last
 * column: empty runs are never expanded, only counted, and only to put the
 * cells after them in the right column.
 */

#define G_LOG_DOMAIN "waymark-table"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-spreadsheet-private.h"
#include "waymark-error.h"

#define OFFICE_NS   "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TABLE_NS    "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
#define TEXT_NS     "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define CALCEXT_NS  "urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"
#define MANIFEST_NS "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"

#define CONST(s) ((const char *) (s))

struct _WaymarkOdsReader
{
  WaymarkTableReader  parent_instance;

  GsfInfile          *zip;
  WaymarkXmlPart     *content;
  GPtrArray          *repeated;      /* a row still to hand out repeats_left times */
  GString            *text;          /* the cell being read */
  GError             *failure;       /* reading stopped for good */
  WaymarkSheetBudget  budget;

  guint64             row_number;    /* of the last row read, from 1 */
  guint64             repeats_left;
  int                 table_depth;
  gboolean            done;
};

G_DEFINE_FINAL_TYPE (WaymarkOdsReader, waymark_ods_reader, WAYMARK_TYPE_TABLE_READER)

/* The attributes of a table cell that say what it holds. */
typedef struct
{
  guint64  repeat;
  char     value_type[16];
  gboolean error;             /* calcext:value-type="error": show the text */
  char    *value;
  char    *date_value;
  char    *time_value;
  char    *boolean_value;
  char    *string_value;
} CellAttributes;

static void
cell_attributes_clear (CellAttributes *attributes)
{
  g_clear_pointer (&attributes->value, g_free);
  g_clear_pointer (&attributes->date_value, g_free);
  g_clear_pointer (&attributes->time_value, g_free);
  g_clear_pointer (&attributes->boolean_value, g_free);
  g_clear_pointer (&attributes->string_value, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CellAttributes, cell_attributes_clear)

static gboolean
is_text_node (int type)
{
  return type == XML_READER_TYPE_TEXT ||
         type == XML_READER_TYPE_CDATA ||
         type == XML_READER_TYPE_WHITESPACE ||
         type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

/* Whether the reader is on an element (or end tag) @local_name of @ns. */
static gboolean
node_is (xmlTextReaderPtr  xml,
         const char       *ns,
         const char       *local_name)
{
  const char *local = CONST (xmlTextReaderConstLocalName (xml));
  const char *uri;

  if (local == NULL || strcmp (local, local_name) != 0)
    return FALSE;

  uri = CONST (xmlTextReaderConstNamespaceUri (xml));
  return uri != NULL && strcmp (uri, ns) == 0;
}

/* A repeat count: at least 1; nonsense counts as 1. */
static guint64
parse_repeat (const char *value)
{
  guint64 n;

  if (value == NULL || !g_ascii_isdigit (value[0]))
    return 1;

  /* Clamped so that sums of counts cannot overflow. */
  n = g_ascii_strtoull (value, NULL, 10);
  return n == 0 ? 1 : MIN (n, G_MAXUINT32);
}

/* Skips the element the reader is on, with its content. */
static gboolean
skip_element (WaymarkXmlPart  *part,
              GError         **error)
{
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (part);
  int depth;

  if (xmlTextReaderIsEmptyElement (xml))
    return TRUE;

  depth = xmlTextReaderDepth (xml);
  for (;;)
    {
      int ret = _waymark_xml_part_read (part, error);

      if (ret < 0)
        return FALSE;
      if (ret == 0)
        {
          _waymark_xml_part_set_error (part, error, _("the document ends too early"));
          return FALSE;
        }
      if (xmlTextReaderNodeType (xml) == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (xml) == depth)
        return TRUE;
    }
}

/**
 * duration_text:
 * @value: an ISO 8601 duration, as office:time-value holds ("PT14H30M00S")
 *
 * Returns: (nullable): "14:30:00", with the hours past 24 for longer
 *   durations and the fraction of a second when there is one, to the
 *   microsecond (LibreOffice writes them); %NULL if @value is not
 *   a duration in days, hours, minutes and seconds
 */
static char *
duration_text (const char *value)
{
  const char *p = value;
  gboolean negative = FALSE, in_time = FALSE;
  gint64 us = 0;
  GString *out;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (*p++ != 'P')
    return NULL;

  while (*p)
    {
      guint64 whole = 0;
      double fraction = 0;
      guint digits = 0;
      gint64 unit;

      if (*p == 'T' && !in_time)
        {
          in_time = TRUE;
          p++;
          continue;
        }

      for (; g_ascii_isdigit (*p); p++, digits++)
        if (whole < G_GUINT64_CONSTANT (1000000000))
          whole = whole * 10 + (*p - '0');
      if (*p == '.' || *p == ',')
        {
          double scale = 0.1;

          for (p++; g_ascii_isdigit (*p); p++, scale /= 10)
            fraction += (*p - '0') * scale;
        }
      if (digits == 0 || whole >= G_GUINT64_CONSTANT (1000000000))
        return NULL;

      if (!in_time && *p == 'D')
        unit = G_GINT64_CONSTANT (86400000000);
      else if (in_time && *p == 'H')
        unit = G_GINT64_CONSTANT (3600000000);
      else if (in_time && *p == 'M')
        unit = 60000000;
      else if (in_time && *p == 'S')
        unit = 1000000;
      else
        return NULL;   /* years, months, weeks: not a time of day */

      us += (gint64) whole * unit + llround (fraction * unit);
      p++;
    }

  out = g_string_new (negative && us > 0 ? "-" : NULL);
  _waymark_spreadsheet_append_time_us (out, us);
  return g_string_free (out, FALSE);
}

static void
set_cell_error (WaymarkOdsReader  *self,
                guint64            column,
                GError           **error,
                const char        *format,
                ...) G_GNUC_PRINTF (4, 5);

static void
set_cell_error (WaymarkOdsReader  *self,
                guint64            column,
                GError           **error,
                const char        *format,
                ...)
{
  va_list args;

  va_start (args, format);
  _waymark_sheet_set_cell_error_valist (self->content, column, self->row_number + 1, error, format, args);
  va_end (args);
}

static gboolean
append_text (WaymarkOdsReader  *self,
             guint64            column,
             const char        *text,
             gssize             length,
             GError           **error)
{
  if (_waymark_spreadsheet_append (self->text, text, length))
    return TRUE;

  set_cell_error (self, column, error, _("more than %u bytes in one cell"), WAYMARK_TABLE_MAX_FIELD_BYTES);
  return FALSE;
}

static void
replace_string (char       **field,
                const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
read_cell_attributes (xmlTextReaderPtr  xml,
                      CellAttributes   *attributes)
{
  attributes->repeat = 1;

  if (xmlTextReaderMoveToFirstAttribute (xml) != 1)
    return;

  do
    {
      const char *name = CONST (xmlTextReaderConstLocalName (xml));
      const char *ns = CONST (xmlTextReaderConstNamespaceUri (xml));
      const char *value = CONST (xmlTextReaderConstValue (xml));

      if (ns == NULL || value == NULL)
        continue;

      if (strcmp (ns, TABLE_NS) == 0)
        {
          if (strcmp (name, "number-columns-repeated") == 0)
            attributes->repeat = parse_repeat (value);
        }
      else if (strcmp (ns, OFFICE_NS) == 0)
        {
          if (strcmp (name, "value-type") == 0)
            g_strlcpy (attributes->value_type, value, sizeof attributes->value_type);
          else if (strcmp (name, "value") == 0)
            replace_string (&attributes->value, value);
          else if (strcmp (name, "date-value") == 0)
            replace_string (&attributes->date_value, value);
          else if (strcmp (name, "time-value") == 0)
            replace_string (&attributes->time_value, value);
          else if (strcmp (name, "boolean-value") == 0)
            replace_string (&attributes->boolean_value, value);
          else if (strcmp (name, "string-value") == 0)
            replace_string (&attributes->string_value, value);
        }
      else if (strcmp (ns, CALCEXT_NS) == 0)
        {
          if (strcmp (name, "value-type") == 0)
            attributes->error = strcmp (value, "error") == 0;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (xml) == 1);

  xmlTextReaderMoveToElement (xml);
}

/* The text of a cell: its <text:p> paragraphs joined by newlines, with
 * <text:s> spaces, tabs and line breaks; comments and drawings are not
 * part of it. */
static gboolean
read_cell_text (WaymarkOdsReader  *self,
                guint64            column,
                guint             *n_paragraphs,
                GError           **error)
{
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (self->content);
  int depth = xmlTextReaderDepth (xml);
  int paragraph_depth = -1;

  for (;;)
    {
      int ret = _waymark_xml_part_read (self->content, error);
      int type;

      if (ret < 0)
        return FALSE;
      if (ret == 0)
        {
          set_cell_error (self, column, error, _("the document ends inside a cell"));
          return FALSE;
        }

      type = xmlTextReaderNodeType (xml);
      if (type == XML_READER_TYPE_END_ELEMENT)
        {
          int node_depth = xmlTextReaderDepth (xml);

          if (node_depth == depth)
            return TRUE;
          if (node_depth == paragraph_depth)
            paragraph_depth = -1;
        }
      else if (is_text_node (type))
        {
          if (paragraph_depth >= 0 &&
              !append_text (self, column, CONST (xmlTextReaderConstValue (xml)), -1, error))
            return FALSE;
        }
      else if (type == XML_READER_TYPE_ELEMENT)
        {
          if (paragraph_depth < 0)
            {
              if (xmlTextReaderDepth (xml) == depth + 1 &&
                  (node_is (xml, TEXT_NS, "p") || node_is (xml, TEXT_NS, "h")))
                {
                  if ((*n_paragraphs)++ > 0 && !append_text (self, column, "\n", 1, error))
                    return FALSE;
                  if (!xmlTextReaderIsEmptyElement (xml))
                    paragraph_depth = depth + 1;
                }
              else if (!skip_element (self->content, error))   /* office:annotation, draw:frame… */
                return FALSE;
            }
          else if (node_is (xml, TEXT_NS, "s"))
            {
              g_autofree char *count = _waymark_xml_attribute (xml, "c", TEXT_NS);
              guint64 n = parse_repeat (count);

              if (n > WAYMARK_TABLE_MAX_FIELD_BYTES - self->text->len)
                {
                  set_cell_error (self, column, error, _("more than %u bytes in one cell"),
                                  WAYMARK_TABLE_MAX_FIELD_BYTES);
                  return FALSE;
                }
              for (guint64 i = 0; i < n; i++)
                g_string_append_c (self->text, ' ');
              if (!skip_element (self->content, error))
                return FALSE;
            }
          else if (node_is (xml, TEXT_NS, "tab"))
            {
              if (!append_text (self, column, "\t", 1, error) || !skip_element (self->content, error))
                return FALSE;
            }
          else if (node_is (xml, TEXT_NS, "line-break"))
            {
              if (!append_text (self, column, "\n", 1, error) || !skip_element (self->content, error))
                return FALSE;
            }
          else if (node_is (xml, OFFICE_NS, "annotation") || node_is (xml, TEXT_NS, "note") ||
                   g_strcmp0 (CONST (xmlTextReaderConstNamespaceUri (xml)),
                              "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0") == 0)
            {
              if (!skip_element (self->content, error))
                return FALSE;
            }
          /* text:span, text:a and the like: their text is the paragraph's */
        }
    }
}

/* What a cell shows, by its office:value-type; errors (#DIV/0!) and
 * values that are missing show their text. */
static char *
cell_value (WaymarkOdsReader *self,
            CellAttributes   *attributes,
            guint             n_paragraphs)
{
  const char *type = attributes->value_type;
  char *text = NULL;

  if (attributes->error)
    text = NULL;
  else if (g_str_equal (type, "float") || g_str_equal (type, "percentage") || g_str_equal (type, "currency"))
    text = attributes->value ? _waymark_spreadsheet_number_text (attributes->value) : NULL;
  else if (g_str_equal (type, "date"))
    text = attributes->date_value ? g_strstrip (g_strdup (attributes->date_value)) : NULL;
  else if (g_str_equal (type, "time"))
    text = attributes->time_value ? duration_text (attributes->time_value) : NULL;
  else if (g_str_equal (type, "boolean"))
    {
      if (g_strcmp0 (attributes->boolean_value, "true") == 0)
        text = g_strdup ("TRUE");
      else if (g_strcmp0 (attributes->boolean_value, "false") == 0)
        text = g_strdup ("FALSE");
    }
  else if (n_paragraphs == 0 && attributes->string_value != NULL)
    text = g_strdup (attributes->string_value);

  if (text == NULL)
    text = g_strndup (self->text->str, self->text->len);

  return text;
}

/* Reads a <table:table-row> into @cells; @repeat is how many times it
 * stands, @empty whether it has no cell with anything in it. */
static gboolean
read_row (WaymarkOdsReader  *self,
          GPtrArray         *cells,
          guint64           *repeat,
          gboolean          *empty,
          GError           **error)
{
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (self->content);
  g_autofree char *rows_repeated = _waymark_xml_attribute (xml, "number-rows-repeated", TABLE_NS);
  guint64 pending_empty = 0;   /* empty cells not materialised yet */
  int depth;

  *repeat = parse_repeat (rows_repeated);
  *empty = TRUE;
  g_ptr_array_set_size (cells, 0);
  self->budget.row_bytes = 0;

  if (xmlTextReaderIsEmptyElement (xml))
    return TRUE;

  depth = xmlTextReaderDepth (xml);
  for (;;)
    {
      int ret = _waymark_xml_part_read (self->content, error);
      int type;

      if (ret < 0)
        return FALSE;
      if (ret == 0)
        {
          _waymark_xml_part_set_error (self->content, error, _("the document ends inside a row"));
          return FALSE;
        }

      type = xmlTextReaderNodeType (xml);
      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (xml) == depth)
        return TRUE;
      if (type != XML_READER_TYPE_ELEMENT)
        continue;

      if (node_is (xml, TABLE_NS, "table-cell") || node_is (xml, TABLE_NS, "covered-table-cell"))
        {
          g_auto(CellAttributes) attributes = { 0, };
          guint64 column = cells->len + pending_empty;
          guint n_paragraphs = 0;
          g_autofree char *text = NULL;

          read_cell_attributes (xml, &attributes);
          g_string_truncate (self->text, 0);
          if (!xmlTextReaderIsEmptyElement (xml) && !read_cell_text (self, column, &n_paragraphs, error))
            return FALSE;

          text = cell_value (self, &attributes, n_paragraphs);
          if (text[0] == '\0')
            {
              pending_empty = MIN (pending_empty + attributes.repeat, G_MAXUINT32);
              continue;
            }

          if (column + attributes.repeat > WAYMARK_TABLE_MAX_COLUMNS)
            {
              set_cell_error (self, MAX (column, WAYMARK_TABLE_MAX_COLUMNS), error,
                              _("more than the %u columns Waymark reads"),
                              WAYMARK_TABLE_MAX_COLUMNS);
              return FALSE;
            }

          if (!_waymark_sheet_budget_add_text (&self->budget, strlen (text) * attributes.repeat,
                                               self->content, self->row_number + 1, error))
            return FALSE;
          self->budget.present++;
          self->budget.made_up += pending_empty + attributes.repeat - 1;

          for (; pending_empty > 0; pending_empty--)
            g_ptr_array_add (cells, g_strdup (""));
          for (guint64 i = 1; i < attributes.repeat; i++)
            g_ptr_array_add (cells, g_strdup (text));
          g_ptr_array_add (cells, g_steal_pointer (&text));
          *empty = FALSE;
        }
      else if (!skip_element (self->content, error))
        return FALSE;
    }
}

static gboolean
fail (WaymarkOdsReader  *self,
      GError            *local_error,
      GError           **error)
{
  g_assert (local_error != NULL);

  self->done = TRUE;
  g_clear_error (&self->failure);
  self->failure = g_error_copy (local_error);
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
finish_row (WaymarkOdsReader  *self,
            GPtrArray         *cells,
            guint64           *line,
            GError           **error)
{
  /* Trailing empty cells are never materialised, so the row is short. */
  return _waymark_sheet_finish_row (WAYMARK_TABLE_READER (self), &self->budget, self->content,
                                    self->row_number, cells, line, error);
}

static gboolean
waymark_ods_reader_read_row (WaymarkTableReader  *reader,
                             GPtrArray           *cells,
                             guint64             *line,
                             GError             **error)
{
  WaymarkOdsReader *self = WAYMARK_ODS_READER (reader);
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (self->content);
  GError *local_error = NULL;

  if (self->failure != NULL)
    {
      g_propagate_error (error, g_error_copy (self->failure));
      return FALSE;
    }

  if (self->repeats_left > 0)
    {
      g_ptr_array_set_size (cells, 0);
      for (guint i = 0; i < self->repeated->len; i++)
        g_ptr_array_add (cells, g_strdup (g_ptr_array_index (self->repeated, i)));
      self->repeats_left--;
      self->row_number++;
      if (!finish_row (self, cells, line, &local_error))
        return fail (self, local_error, error);
      return TRUE;
    }

  if (self->done)
    return FALSE;

  for (;;)
    {
      int ret = _waymark_xml_part_read (self->content, &local_error);
      int type;

      if (ret < 0)
        return fail (self, local_error, error);
      if (ret == 0)
        {
          self->done = TRUE;
          return FALSE;
        }

      type = xmlTextReaderNodeType (xml);
      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (xml) == self->table_depth)
        {
          self->done = TRUE;
          return FALSE;
        }
      if (type != XML_READER_TYPE_ELEMENT)
        continue;

      if (node_is (xml, TABLE_NS, "table-row"))
        {
          guint64 repeat;
          gboolean empty;

          if (!read_row (self, cells, &repeat, &empty, &local_error))
            return fail (self, local_error, error);

          if (empty)
            {
              self->row_number = MIN (self->row_number + repeat, G_MAXUINT64 / 2);
              continue;
            }

          if (self->row_number + repeat > WAYMARK_SPREADSHEET_MAX_ROWS)
            {
              _waymark_xml_part_set_error (self->content, &local_error,
                                           _("rows past the %" PRIu64 " a spreadsheet can hold"),
                                           WAYMARK_SPREADSHEET_MAX_ROWS);
              return fail (self, local_error, error);
            }

          self->row_number++;
          if (repeat > 1)
            {
              /* Charged in full now, so a bomb stops before its first copy. */
              self->budget.made_up += (guint64) cells->len * (repeat - 1);
              self->budget.bytes += self->budget.row_bytes * (repeat - 1);
              if (!_waymark_sheet_budget_check (&self->budget, self->content, self->row_number, &local_error))
                return fail (self, local_error, error);

              g_ptr_array_set_size (self->repeated, 0);
              for (guint i = 0; i < cells->len; i++)
                g_ptr_array_add (self->repeated, g_strdup (g_ptr_array_index (cells, i)));
              self->repeats_left = repeat - 1;
            }
          if (!finish_row (self, cells, line, &local_error))
            return fail (self, local_error, error);
          return TRUE;
        }

      /* Rows may sit in groups and header rows; columns, shapes, forms and
       * anything else hold no rows. */
      if (!node_is (xml, TABLE_NS, "table-header-rows") &&
          !node_is (xml, TABLE_NS, "table-row-group") &&
          !node_is (xml, TABLE_NS, "table-rows") &&
          !skip_element (self->content, &local_error))
        return fail (self, local_error, error);
    }
}

static guint64
waymark_ods_reader_get_position (WaymarkTableReader *reader)
{
  WaymarkOdsReader *self = WAYMARK_ODS_READER (reader);

  return self->content ? _waymark_xml_part_get_position (self->content) : 0;
}

static void
waymark_ods_reader_finalize (GObject *object)
{
  WaymarkOdsReader *self = WAYMARK_ODS_READER (object);

  g_clear_pointer (&self->content, _waymark_xml_part_free);
  g_clear_object (&self->zip);
  g_ptr_array_unref (self->repeated);
  g_string_free (self->text, TRUE);
  g_clear_error (&self->failure);

  G_OBJECT_CLASS (waymark_ods_reader_parent_class)->finalize (object);
}

static void
waymark_ods_reader_class_init (WaymarkOdsReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  WaymarkTableReaderClass *reader_class = WAYMARK_TABLE_READER_CLASS (klass);

  object_class->finalize = waymark_ods_reader_finalize;
  reader_class->read_row = waymark_ods_reader_read_row;
  reader_class->get_position = waymark_ods_reader_get_position;
}

static void
waymark_ods_reader_init (WaymarkOdsReader *self)
{
  self->repeated = g_ptr_array_new_with_free_func (g_free);
  self->text = g_string_new (NULL);
}

/* Password-protected documents keep their manifest in the clear and say so
 * there; their content.xml is ciphertext. */
static gboolean
check_not_encrypted (GsfInfile  *zip,
                     GError    **error)
{
  g_autoptr(WaymarkXmlPart) part = NULL;
  g_autoptr(GError) local_error = NULL;
  xmlTextReaderPtr xml;
  int ret;

  if (!(part = _waymark_xml_part_open_optional (zip, "META-INF/manifest.xml", NULL, &local_error)))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    if (xmlTextReaderNodeType (xml) == XML_READER_TYPE_ELEMENT &&
        node_is (xml, MANIFEST_NS, "encryption-data"))
      {
        g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                             _("the spreadsheet is protected by a password; save it without one and import it again"));
        return FALSE;
      }

  return ret == 0;
}

/**
 * find_table:
 * @part: content.xml
 * @wanted: (nullable): the sheet's name; %NULL for the first
 * @names: (nullable): collects the names of the sheets passed
 * @name: (out) (optional): the name of the sheet found
 *
 * Moves @part to the start of a sheet's <table:table>.
 *
 * Returns: %TRUE if found; %FALSE at the end (@error unset) or on failure
 */
static gboolean
find_table (WaymarkXmlPart  *part,
            const char      *wanted,
            GPtrArray       *names,
            char           **name,
            GError         **error)
{
  xmlTextReaderPtr xml = _waymark_xml_part_get_reader (part);

  while (_waymark_xml_part_read (part, error) == 1)
    {
      g_autofree char *table_name = NULL;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT || !node_is (xml, TABLE_NS, "table"))
        continue;

      table_name = _waymark_xml_attribute (xml, "name", TABLE_NS);
      if (table_name == NULL)
        table_name = g_strdup ("");

      if (wanted == NULL || g_str_equal (wanted, table_name))
        {
          if (name != NULL)
            *name = g_steal_pointer (&table_name);
          return TRUE;
        }

      if (names != NULL)
        {
          if (names->len >= WAYMARK_SPREADSHEET_MAX_SHEETS)
            {
              _waymark_xml_part_set_error (part, error, _("more than %u sheets"), WAYMARK_SPREADSHEET_MAX_SHEETS);
              return FALSE;
            }
          g_ptr_array_add (names, g_steal_pointer (&table_name));
        }

      if (!skip_element (part, error))
        return FALSE;
    }

  return FALSE;
}

char **
_waymark_ods_list_sheets (GsfInfile  *zip,
                          GError    **error)
{
  g_autoptr(WaymarkXmlPart) part = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  xmlTextReaderPtr xml;
  int ret;

  if (!check_not_encrypted (zip, error))
    return NULL;
  if (!(part = _waymark_xml_part_open (zip, "content.xml", NULL, error)))
    return NULL;
  xml = _waymark_xml_part_get_reader (part);

  while ((ret = _waymark_xml_part_read (part, error)) == 1)
    {
      char *name;

      if (xmlTextReaderNodeType (xml) != XML_READER_TYPE_ELEMENT || !node_is (xml, TABLE_NS, "table"))
        continue;

      if (names->len >= WAYMARK_SPREADSHEET_MAX_SHEETS)
        {
          _waymark_xml_part_set_error (part, error, _("more than %u sheets"), WAYMARK_SPREADSHEET_MAX_SHEETS);
          return NULL;
        }

      name = _waymark_xml_attribute (xml, "name", TABLE_NS);
      g_ptr_array_add (names, name ? name : g_strdup (""));
      if (!skip_element (part, error))
        return NULL;
    }

  if (ret < 0)
    return NULL;

  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

WaymarkTableReader *
_waymark_ods_reader_new_for_zip (GFile                      *file,
                                 GsfInfile                  *zip,
                                 const WaymarkTableOptions  *options,
                                 GCancellable               *cancellable,
                                 GError                    **error)
{
  g_autoptr(WaymarkOdsReader) self = g_object_new (WAYMARK_TYPE_ODS_READER, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *sheet_name = NULL;
  WaymarkTableOptions resolved = *options;
  xmlTextReaderPtr xml;

  self->zip = g_object_ref (zip);

  if (!check_not_encrypted (zip, error))
    return NULL;
  if (!(self->content = _waymark_xml_part_open (zip, "content.xml", cancellable, error)))
    return NULL;
  xml = _waymark_xml_part_get_reader (self->content);

  if (!find_table (self->content, options->sheet, names, &sheet_name, &local_error))
    {
      g_autofree char *described = NULL;

      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (options->sheet == NULL)
        {
          g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                               _("content.xml: the spreadsheet has no sheets"));
          return NULL;
        }

      g_ptr_array_add (names, NULL);
      described = _waymark_spreadsheet_describe_names ((const char * const *) names->pdata);
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("no sheet named “%s”; the sheets are %s"), options->sheet, described);
      return NULL;
    }

  self->table_depth = xmlTextReaderDepth (xml);
  self->done = xmlTextReaderIsEmptyElement (xml);

  resolved.sheet = sheet_name;
  _waymark_table_reader_setup (WAYMARK_TABLE_READER (self), file, "ods", &resolved,
                               _waymark_xml_part_get_size (self->content));

  return WAYMARK_TABLE_READER (g_steal_pointer (&self));
}

/**
 * waymark_ods_reader_new:
 * @file: an OpenDocument spreadsheet
 * @options: how to read it; only the sheet and the header rows apply
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a reader of the sheet @options names (or the
 *   first), or %NULL with @error set
 */
WaymarkTableReader *
waymark_ods_reader_new (GFile                      *file,
                        const WaymarkTableOptions  *options,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  WaymarkTableOptions defaults = { NULL, 0, NULL, -1 };
  g_autoptr(GsfInfile) zip = NULL;
  WaymarkSpreadsheetKind kind;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(zip = _waymark_spreadsheet_open_zip (file, error)))
    return NULL;

  if (!_waymark_spreadsheet_detect (zip, &kind, error))
    return NULL;
  if (kind != WAYMARK_SPREADSHEET_ODS)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("not an OpenDocument spreadsheet"));
      return NULL;
    }

  return _waymark_ods_reader_new_for_zip (file, zip, options ? options : &defaults, cancellable, error);
}
