/* waymark-csv-parser.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-csv"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <uchardet/uchardet.h>

#include "waymark-csv-parser.h"
#include "waymark-error.h"
#include "waymark-table-reader.h"

#define CHUNK_SIZE (1024 * 1024)
/* Bytes looked at to tell UTF-8 from Windows-1252 and to guess the delimiter. */
#define SAMPLE_SIZE (256 * 1024)
#define SAMPLE_LINES 50
/* A row's fields together; keeps offsets in 32 bits and memory bounded. */
#define MAX_ROW_BYTES (64 * 1024 * 1024)

typedef enum
{
  ENCODING_UTF8,
  ENCODING_UTF16LE,
  ENCODING_UTF16BE,
  ENCODING_WINDOWS_1252,
  ENCODING_OTHER,          /* any other the system converts from (iconv), by name */
} Encoding;

static const char * const encoding_names[] = { "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252", NULL };

/* Non-ASCII bytes in the sample from which uchardet's answer stands even
 * when Windows-1252 reads the sample as plausibly. */
#define ENCODING_EVIDENCE 32

typedef enum
{
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_SEEN,
} State;

struct _WaymarkCsvParser
{
  GInputStream *stream;       /* UTF-8 for UTF-8, UTF-16 and other input, raw bytes for 1252 */
  GInputStream *file_stream;  /* for the position */
  GCancellable *cancellable;
  Encoding      encoding;
  char         *encoding_name; /* ENCODING_OTHER's */
  char          delimiter;

  gsize         chunk_size;   /* CHUNK_SIZE, or less for a shorter input */
  guint8       *raw;          /* bytes as read */
  guint8       *text;         /* UTF-8 being parsed: raw itself, or raw converted */
  gsize         text_len;
  gsize         pos;
  guint64       consumed;     /* bytes of the file read so far */

  GString      *row;          /* the current row's fields, each NUL-terminated */
  GArray       *starts;       /* guint32 offsets of the fields in row */
  guint64       line;         /* line of the next byte, from 1 */
  guint64       row_line;

  guint8        stop[256];    /* bytes that end an unquoted run */
  guint         eof : 1;
  guint         skip_lf : 1;
};

/* Windows-1252's 0x80–0x9F; the five undefined bytes keep their C1 code points. */
static const gunichar cp1252_high[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static gsize
convert_1252 (const guint8 *in,
              gsize         n,
              guint8       *out)
{
  guint8 *start = out;

  for (gsize i = 0; i < n; i++)
    {
      guint8 c = in[i];

      if (c < 0x80)
        *out++ = c;
      else
        out += g_unichar_to_utf8 (c < 0xA0 ? cp1252_high[c - 0x80] : c, (char *) out);
    }

  return out - start;
}

static gboolean
read_chunk (WaymarkCsvParser  *self,
            GError           **error)
{
  gsize n_read = 0;

  if (self->eof)
    return FALSE;

  if (!g_input_stream_read_all (self->stream, self->raw, self->chunk_size, &n_read, self->cancellable, error))
    return FALSE;

  if (n_read < self->chunk_size)
    self->eof = TRUE;

  if (self->encoding == ENCODING_WINDOWS_1252)
    self->text_len = convert_1252 (self->raw, n_read, self->text);
  else
    self->text_len = n_read;

  self->pos = 0;
  return n_read > 0;
}

/* Keeps the system's converter for @encoding loaded for the process's
 * life: glibc unloads a gconv module when its last converter closes, and
 * loading it again for every file read (every preview, every detection)
 * costs more than reading a short file. */
static void
pin_converter (const char *encoding)
{
  static GMutex lock;
  static GHashTable *pinned;

  g_mutex_lock (&lock);
  if (pinned == NULL)
    pinned = g_hash_table_new (g_str_hash, g_str_equal);
  if (!g_hash_table_contains (pinned, encoding))
    {
      GIConv converter = g_iconv_open ("UTF-8", encoding);

      /* Failed opens are not kept: a later call tries again. */
      if (converter != (GIConv) -1)
        g_hash_table_insert (pinned, g_strdup (encoding), converter);
    }
  g_mutex_unlock (&lock);
}

/* An encoding by name: one of ours, or any other the system converts
 * from (ISO-8859-7, KOI8-R, SHIFT_JIS…), kept by its upper-case name. */
static gboolean
parse_encoding (const char  *name,
                Encoding    *out,
                char       **other)
{
  g_autofree char *upper = g_ascii_strup (name, -1);

  if (g_str_equal (upper, "UTF-8") || g_str_equal (upper, "UTF8"))
    *out = ENCODING_UTF8;
  else if (g_str_equal (upper, "UTF-16LE"))
    *out = ENCODING_UTF16LE;
  else if (g_str_equal (upper, "UTF-16BE"))
    *out = ENCODING_UTF16BE;
  else if (g_str_equal (upper, "WINDOWS-1252") || g_str_equal (upper, "CP1252") ||
           g_str_equal (upper, "ISO-8859-1") || g_str_equal (upper, "LATIN1"))
    *out = ENCODING_WINDOWS_1252;
  else
    {
      g_autoptr(GCharsetConverter) converter = NULL;

      /* Names only: nothing that looks like a path or an option. */
      for (const char *p = upper; *p != '\0'; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.' && *p != ':')
          return FALSE;
      if (*upper == '\0' || strlen (upper) > 40)
        return FALSE;
      pin_converter (upper);
      if (!(converter = g_charset_converter_new ("UTF-8", upper, NULL)))
        return FALSE;
      *out = ENCODING_OTHER;
      *other = g_steal_pointer (&upper);
    }

  return TRUE;
}

/* @data read as Windows-1252, into a new string. */
static char *
decode_1252 (const guint8 *data,
             gsize         n)
{
  char *out = g_malloc (n * 3 + 1);
  gsize len = convert_1252 (data, n, (guint8 *) out);

  out[len] = '\0';
  return out;
}

/* @data read as @encoding, a character cut at the end dropped; NULL if
 * it is not text in that encoding. */
static char *
decode_sample (const guint8 *data,
               gsize         n,
               const char   *encoding)
{
  g_autoptr(GError) error = NULL;
  gsize read = 0;
  char *text;

  if (g_str_equal (encoding, "WINDOWS-1252"))
    return decode_1252 (data, n);
  pin_converter (encoding);
  /* With @read asked for, a character cut at the end is left out, not
   * an error; one that is no character in @encoding is. */
  text = g_convert ((const char *) data, n, "UTF-8", encoding, &read, NULL, &error);
  if (text != NULL && n - read >= 8)
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
is_latin (gunichar c)
{
  return g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN;
}

/* A letter's script, the scripts written together as one (Japanese mixes
 * kanji and kana, Korean hangul and hanja); 0 for those of any script. */
static int
script_family (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  switch (script)
    {
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_INHERITED:
    case G_UNICODE_SCRIPT_UNKNOWN:
      return 0;
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_HANGUL:
    case G_UNICODE_SCRIPT_BOPOMOFO:
      return G_UNICODE_SCRIPT_HAN + 1;
    default:
      return script + 1;
    }
}

/* Whether two neighbouring letters' scripts would not stand together. */
static gboolean
scripts_clash (gunichar a,
               gunichar b)
{
  int fa, fb;

  if (!g_unichar_isalpha (a) || !g_unichar_isalpha (b))
    return FALSE;
  fa = script_family (a);
  fb = script_family (b);
  return fa != 0 && fb != 0 && fa != fb;
}

/* How implausible @text is as the sample's reading: the non-ASCII
 * characters that are no letter (in text that has letters), letters of a
 * script other than their neighbours' (“Cafι”), and runs of three or more
 * accented Latin letters (“Ìîñêâà”: Cyrillic or Greek read as Latin). */
static guint
implausible (const char *text)
{
  guint bad = 0, latin_run = 0;
  gunichar before = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gunichar after = g_utf8_get_char (g_utf8_next_char (p));

      if (c < 0x80)
        {
          latin_run = 0;
          before = c;
          continue;
        }
      if (!g_unichar_isalpha (c))
        {
          /* Punctuation and symbols that text does use. */
          if (!(c == 0x20AC || c == 0x00A3 || c == 0x00B0 || c == 0x00A0 || c == 0x00AB || c == 0x00BB ||
                c == 0x00A9 || (c >= 0x2010 && c <= 0x2044) || (c >= 0x3000 && c <= 0x303F) ||
                (c >= 0xFF01 && c <= 0xFF65) || g_unichar_isdigit (c)))
            bad++;
          latin_run = 0;
        }
      else
        {
          if (scripts_clash (before, c) || scripts_clash (c, after))
            bad++;
          /* A capital after a small letter inside a word (“τΟήΛΑ”: KOI8-R
           * read as Greek, whose cases it has the other way round). */
          if (g_unichar_isupper (c) && g_unichar_islower (before))
            bad++;
          /* Cyrillic letters only some Balkan languages use, which other
           * Cyrillic encodings' letters become when misread. */
          if (c == 0x0452 || c == 0x0453 || c == 0x0455 || c == 0x0458 || c == 0x0459 || c == 0x045A ||
              c == 0x045B || c == 0x045C || c == 0x045F || c == 0x0402 || c == 0x0403 || c == 0x0405 ||
              c == 0x0408 || c == 0x0409 || c == 0x040A || c == 0x040B || c == 0x040C || c == 0x040F)
            bad++;
          if (is_latin (c) && ++latin_run == 3)
            bad += 3;
          else if (!is_latin (c))
            latin_run = 0;
        }
      before = c;
    }
  return bad;
}

/* The first stretch of @text with a non-ASCII character, to show. */
static char *
excerpt (const char *text)
{
  const char *p = text, *start, *end;
  guint n = 0;

  while (*p != '\0' && (guchar) *p < 0x80)
    p++;
  if (*p == '\0')
    return g_strdup ("");
  for (start = p; start > text && start[-1] != '\n' && start[-1] != ',' && start[-1] != ';' &&
                  start[-1] != '\t' && p - start < 16; start--)
    ;
  for (end = start; *end != '\0' && *end != '\n' && *end != '\r' && n < 28; end = g_utf8_next_char (end), n++)
    ;
  return g_strndup (start, end - start);
}

static void
free_detector (gpointer detector)
{
  uchardet_delete (detector);
}

/* A detector per thread, reset for each file: making one sets up dozens
 * of probers, more work than telling a short file's encoding. */
static uchardet_t
get_detector (void)
{
  static GPrivate detectors = G_PRIVATE_INIT (free_detector);
  uchardet_t detector = g_private_get (&detectors);

  if (detector == NULL)
    {
      detector = uchardet_new ();
      g_private_set (&detectors, detector);
    }
  return detector;
}

/* Encodings uchardet takes one another for: each is tried when it names one. */
static const char * const families[][5] = {
  { "KOI8-R", "WINDOWS-1251", "ISO-8859-5", "IBM866", NULL },
  { "ISO-8859-7", "WINDOWS-1253", NULL },
  { "WINDOWS-1250", "ISO-8859-2", NULL },
};

typedef struct
{
  const char *name;
  char       *text;   /* the sample as it reads it */
  guint       bad;    /* implausible () */
} Reading;

static void
add_reading (GArray       *readings,
             const guint8 *sample,
             gsize         n,
             const char   *name)
{
  Reading reading = { name, NULL, 0 };

  for (guint i = 0; i < readings->len; i++)
    if (g_str_equal (g_array_index (readings, Reading, i).name, name))
      return;
  if (!(reading.text = decode_sample (sample, n, name)))
    return;
  reading.bad = implausible (reading.text);
  g_array_append_val (readings, reading);
}

static void
clear_reading (gpointer data)
{
  g_free (((Reading *) data)->text);
}

/*
 * A sample that is not UTF-8: uchardet names an encoding; it, the
 * encodings it is known to take it for, and Windows-1252 each read the
 * sample, and the most plausible reading wins. Among readings as plausible
 * and different, uchardet's stands, unless one of them is Windows-1252's
 * and the sample has too few non-ASCII bytes to go by: then nothing is
 * guessed, and an error shows the readings, for the person to choose
 * (--encoding, or the import dialog's Encoding).
 */
static gboolean
detect_encoding (const guint8  *sample,
                 gsize          n,
                 Encoding      *encoding,
                 char         **name,
                 GError       **error)
{
  uchardet_t detector = get_detector ();
  g_autofree char *found = NULL;
  g_autoptr(GArray) readings = g_array_new (FALSE, FALSE, sizeof (Reading));
  g_autoptr(GPtrArray) tied = g_ptr_array_new ();
  const Reading *best = NULL, *chosen = NULL;
  guint high = 0;

  g_array_set_clear_func (readings, clear_reading);
  uchardet_reset (detector);
  uchardet_handle_data (detector, (const char *) sample, n);
  uchardet_data_end (detector);
  found = g_ascii_strup (uchardet_get_charset (detector), -1);

  for (gsize i = 0; i < n; i++)
    high += sample[i] >= 0x80;

  *encoding = ENCODING_WINDOWS_1252;
  /* Latin-1 is Windows-1252's subset; ASCII, UTF-8 and UTF-16 would have
   * been found before; Hebrew's visual ISO-8859-8 reads as Windows-1255. */
  {
    /* Windows's own supersets, as Windows tools write them: Shift JIS with
     * NEC and IBM characters (and a backslash that stays one), Korean
     * and Traditional Chinese with their extensions. */
    static const char * const supersets[][2] = {
      { "ISO-8859-8", "WINDOWS-1255" },
      { "SHIFT_JIS", "CP932" },
      { "EUC-KR", "CP949" },
      { "BIG5", "CP950" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (supersets); i++)
      if (g_str_equal (found, supersets[i][0]))
        {
          g_free (found);
          found = g_strdup (supersets[i][1]);
          break;
        }
  }
  /* Mostly UTF-8, with a stray byte: UTF-8, the stray byte replaced (as
   * one past the sample would be). */
  if (g_str_equal (found, "UTF-8"))
    {
      *encoding = ENCODING_UTF8;
      return TRUE;
    }
  if (*found == '\0' || g_str_equal (found, "WINDOWS-1252") || g_str_equal (found, "ISO-8859-1") ||
      g_str_equal (found, "ASCII") || g_str_has_prefix (found, "UTF-"))
    return TRUE;

  /* Windows-1252 first: where readings agree, it is the one kept. */
  add_reading (readings, sample, n, "WINDOWS-1252");
  add_reading (readings, sample, n, found);
  if (readings->len < 2)
    return TRUE;  /* not text in what uchardet named: as before */
  for (guint f = 0; f < G_N_ELEMENTS (families); f++)
    for (guint k = 0; families[f][k] != NULL; k++)
      if (g_str_equal (families[f][k], found))
        for (guint g = 0; g < G_N_ELEMENTS (families); g++)
          if (f == g || f + g == 1)  /* Cyrillic and Greek are taken for each other too */
            for (guint m = 0; families[g][m] != NULL; m++)
              add_reading (readings, sample, n, families[g][m]);

  for (guint i = 0; i < readings->len; i++)
    {
      const Reading *reading = &g_array_index (readings, Reading, i);

      if (best == NULL || reading->bad < best->bad)
        best = reading;
    }
  /* The readings as plausible as the best, each text once. */
  for (guint i = 0; i < readings->len; i++)
    {
      const Reading *reading = &g_array_index (readings, Reading, i);
      gboolean same = FALSE;

      if (reading->bad != best->bad)
        continue;
      for (guint k = 0; k < tied->len && !same; k++)
        same = g_str_equal (((const Reading *) g_ptr_array_index (tied, k))->text, reading->text);
      if (!same)
        g_ptr_array_add (tied, (gpointer) reading);
    }

  /* One reading; else uchardet's, which knows the languages' letter
   * pairs, if it is among them — unless Windows-1252 reads the sample as
   * plausibly, and the sample is too short to say. */
  if (tied->len == 1)
    chosen = g_ptr_array_index (tied, 0);
  else
    {
      gboolean western = FALSE;
      const Reading *named = NULL;

      for (guint k = 0; k < tied->len; k++)
        {
          const Reading *reading = g_ptr_array_index (tied, k);

          western |= g_str_equal (reading->name, "WINDOWS-1252");
          if (g_str_equal (reading->name, found))
            named = reading;
        }
      if (named != NULL && (!western || high >= ENCODING_EVIDENCE))
        chosen = named;
    }

  if (chosen != NULL)
    {
      if (!g_str_equal (chosen->name, "WINDOWS-1252"))
        {
          *encoding = ENCODING_OTHER;
          *name = g_strdup (chosen->name);
        }
      return TRUE;
    }

  {
    g_autoptr(GString) choices = g_string_new (NULL);

    for (guint k = 0; k < MIN (tied->len, 3); k++)
      {
        const Reading *reading = g_ptr_array_index (tied, k);
        g_autofree char *shown = excerpt (reading->text);

        if (k > 0)
          g_string_append (choices, ", ");
        /* Translators: an encoding's name and how it reads the file, in a list */
        g_string_append_printf (choices, _("%s reads “%s”"), reading->name, shown);
      }
    g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_ENCODING,
                 /* Translators: %s lists the encodings, each with how it reads the file */
                 _("cannot tell its encoding: %s"), choices->str);
    return FALSE;
  }
}

/* Valid UTF-8, allowing a character cut off at the end of the sample. */
static gboolean
sample_is_utf8 (const guint8 *data,
                gsize         n,
                gboolean      complete)
{
  const char *end = NULL;

  if (g_utf8_validate_len ((const char *) data, n, &end))
    return TRUE;

  if (*end == '\0' && (gsize) (end - (const char *) data) < n)
    return FALSE;

  return !complete && n - (end - (const char *) data) < 4;
}

/* The delimiter that splits the first lines into the same number of
 * fields most often, more fields breaking ties; a comma if none does. */
static char
guess_delimiter (const guint8 *text,
                 gsize         n)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  guint counts[G_N_ELEMENTS (candidates)][SAMPLE_LINES] = { { 0 } };
  guint n_lines = 0;
  gboolean quoted = FALSE;
  int best = -1;
  guint best_agree = 0, best_fields = 0;

  for (gsize i = 0; i < n && n_lines < SAMPLE_LINES; i++)
    {
      guint8 c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || c == '\r'))
        {
          if (c == '\r' && i + 1 < n && text[i + 1] == '\n')
            i++;
          n_lines++;
        }
      else if (!quoted)
        for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
          if (c == (guint8) candidates[k])
            counts[k][n_lines]++;
    }
  if (n_lines < SAMPLE_LINES && n > 0)
    n_lines++;

  for (guint k = 0; k < G_N_ELEMENTS (candidates); k++)
    {
      /* The most common non-zero count, and on how many lines it occurs. */
      for (guint a = 0; a < n_lines; a++)
        {
          guint agree = 0;

          if (counts[k][a] == 0)
            continue;
          for (guint b = 0; b < n_lines; b++)
            agree += counts[k][b] == counts[k][a];

          if (agree > best_agree || (agree == best_agree && counts[k][a] > best_fields))
            {
              best = k;
              best_agree = agree;
              best_fields = counts[k][a];
            }
        }
    }

  return best < 0 ? ',' : candidates[best];
}

/**
 * waymark_csv_parser_new:
 * @stream: the input
 * @encoding: (nullable): "UTF-8", "UTF-16LE", "UTF-16BE", "WINDOWS-1252" or another
 *   the system converts from ("ISO-8859-7"); %NULL detects
 * @delimiter: `,`, `;`, tab or `|`; 0 detects
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Returns: (transfer full): a parser, or %NULL
 */
WaymarkCsvParser *
waymark_csv_parser_new (GInputStream  *stream,
                        const char    *encoding,
                        char           delimiter,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(WaymarkCsvParser) self = g_new0 (WaymarkCsvParser, 1);
  g_autoptr(GBufferedInputStream) buffered = NULL;
  const guint8 *peek;
  gsize peeked = 0, sample_size;
  gssize filled;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  if (delimiter != 0 && delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|')
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("“%c” is not a delimiter Waymark reads (comma, semicolon, tab or bar)"), delimiter);
      return NULL;
    }

  if (encoding != NULL && !parse_encoding (encoding, &self->encoding, &self->encoding_name))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("“%s” is not an encoding Waymark reads (UTF-8, UTF-16LE, UTF-16BE, WINDOWS-1252, or another the system knows, such as ISO-8859-7 or KOI8-R)"),
                   encoding);
      return NULL;
    }

  self->file_stream = g_object_ref (stream);
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->row = g_string_sized_new (4096);
  self->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->line = 1;

  /* Buffers no larger than the input, when its length can be told: a
   * survey of a few lines costs a few pages, not megabytes. */
  sample_size = SAMPLE_SIZE;
  self->chunk_size = CHUNK_SIZE;
  if (G_IS_SEEKABLE (stream) && g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      goffset here = g_seekable_tell (G_SEEKABLE (stream));

      if (g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_END, cancellable, NULL))
        {
          goffset left = g_seekable_tell (G_SEEKABLE (stream)) - here;

          if (!g_seekable_seek (G_SEEKABLE (stream), here, G_SEEK_SET, cancellable, error))
            return NULL;
          if (left >= 0)
            {
              /* One more than there is, so that a full read still ends it;
               * a few KiB at least, should the length be stale (a file
               * still being written, /proc). */
              sample_size = (gsize) CLAMP (left + 1, 16 * 1024, SAMPLE_SIZE);
              self->chunk_size = (gsize) CLAMP (left + 1, 16 * 1024, CHUNK_SIZE);
            }
        }
    }

  buffered = G_BUFFERED_INPUT_STREAM (g_buffered_input_stream_new_sized (stream, sample_size));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  /* A pipe or a socket gives what it has: fill until the sample is whole
   * or the input ends, so that a short read is not taken for the end. */
  filled = 0;
  for (;;)
    {
      gssize n = g_buffered_input_stream_fill (buffered, sample_size - (gsize) filled, cancellable, error);

      if (n < 0)
        return NULL;
      filled = (gssize) g_buffered_input_stream_get_available (buffered);
      if (n == 0 || (gsize) filled >= sample_size)
        break;
    }
  peek = g_buffered_input_stream_peek_buffer (buffered, &peeked);

  /* A byte order mark decides; else valid UTF-8 is UTF-8, and anything else
   * is told by detect_encoding (). */
  /* A mark is skipped for our own decoders; an encoding named for the
   * system's converter ("UTF-16", "UTF-32") reads the mark itself. */
  if (self->encoding == ENCODING_OTHER)
    ;
  else if (peeked >= 3 && memcmp (peek, "\xEF\xBB\xBF", 3) == 0)
    {
      g_input_stream_skip (G_INPUT_STREAM (buffered), 3, NULL, NULL);
      if (encoding == NULL)
        self->encoding = ENCODING_UTF8;
    }
  else if (peeked >= 2 && (memcmp (peek, "\xFF\xFE", 2) == 0 || memcmp (peek, "\xFE\xFF", 2) == 0))
    {
      if (encoding == NULL)
        self->encoding = peek[0] == 0xFF ? ENCODING_UTF16LE : ENCODING_UTF16BE;
      g_input_stream_skip (G_INPUT_STREAM (buffered), 2, NULL, NULL);
    }
  else if (encoding == NULL)
    {
      if (sample_is_utf8 (peek, peeked, (gsize) filled < sample_size))
        self->encoding = ENCODING_UTF8;
      else if (!detect_encoding (peek, peeked, &self->encoding, &self->encoding_name, error))
        return NULL;
    }

  if (self->encoding == ENCODING_UTF16LE || self->encoding == ENCODING_UTF16BE || self->encoding == ENCODING_OTHER)
    {
      g_autoptr(GCharsetConverter) converter = NULL;

      pin_converter (self->encoding == ENCODING_OTHER ? self->encoding_name : encoding_names[self->encoding]);
      converter = g_charset_converter_new ("UTF-8", self->encoding == ENCODING_OTHER ? self->encoding_name
                                                                                     : encoding_names[self->encoding],
                                           error);
      if (converter == NULL)
        return NULL;
      g_charset_converter_set_use_fallback (converter, TRUE);
      self->stream = g_converter_input_stream_new (G_INPUT_STREAM (buffered), G_CONVERTER (converter));
    }
  else
    self->stream = G_INPUT_STREAM (g_object_ref (buffered));

  self->raw = g_malloc (self->chunk_size);
  self->text = self->encoding == ENCODING_WINDOWS_1252 ? g_malloc (self->chunk_size * 3) : self->raw;

  if (!read_chunk (self, error) && error != NULL && *error != NULL)
    return NULL;

  self->delimiter = delimiter != 0 ? delimiter : guess_delimiter (self->text, MIN (self->text_len, SAMPLE_SIZE));

  memset (self->stop, 0, sizeof self->stop);
  self->stop[(guint8) self->delimiter] = 1;
  self->stop['\n'] = 1;
  self->stop['\r'] = 1;
  self->stop['\0'] = 1;

  return g_steal_pointer (&self);
}

void
waymark_csv_parser_free (WaymarkCsvParser *self)
{
  if (self == NULL)
    return;

  if (self->text != self->raw)
    g_free (self->text);
  g_free (self->raw);
  g_clear_object (&self->stream);
  g_clear_object (&self->file_stream);
  g_clear_object (&self->cancellable);
  g_free (self->encoding_name);
  if (self->row != NULL)
    g_string_free (self->row, TRUE);
  if (self->starts != NULL)
    g_array_unref (self->starts);
  g_free (self);
}

const char *
waymark_csv_parser_get_encoding (WaymarkCsvParser *self)
{
  return self->encoding == ENCODING_OTHER ? self->encoding_name : encoding_names[self->encoding];
}

char
waymark_csv_parser_get_delimiter (WaymarkCsvParser *self)
{
  return self->delimiter;
}

static gboolean
fail (WaymarkCsvParser  *self,
      GError           **error,
      const char        *reason)
{
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               _("line %" PRIu64 ": %s"), self->line, reason);
  return FALSE;
}

static gboolean
end_field (WaymarkCsvParser  *self,
           guint32            start,
           GError           **error)
{
  const char *field = self->row->str + start;
  gsize length = self->row->len - start;

  if (!g_utf8_validate_len (field, length, NULL))
    {
      /* Stray bytes in a UTF-8 file become U+FFFD rather than a refusal. */
      g_autofree char *valid = g_utf8_make_valid (field, length);

      g_string_truncate (self->row, start);
      g_string_append (self->row, valid);
    }

  g_string_append_c (self->row, '\0');
  g_array_append_val (self->starts, start);

  if (self->starts->len > WAYMARK_TABLE_MAX_COLUMNS)
    {
      g_autofree char *reason = g_strdup_printf (_("more than %u columns"), WAYMARK_TABLE_MAX_COLUMNS);
      return fail (self, error, reason);
    }

  return TRUE;
}

/**
 * waymark_csv_parser_next_row:
 * @self: a parser
 * @error: return location for a #GError
 *
 * Returns: %TRUE with a row read; %FALSE at the end (@error unset) or on failure
 */
gboolean
waymark_csv_parser_next_row (WaymarkCsvParser  *self,
                             GError           **error)
{
  State state = STATE_FIELD_START;
  guint32 field_start = 0;
  char delimiter = self->delimiter;

  g_string_truncate (self->row, 0);
  g_array_set_size (self->starts, 0);

  for (;;)
    {
      const guint8 *text = self->text;
      gsize len = self->text_len;
      gsize pos = self->pos;

      if (pos == len)
        {
          g_autoptr(GError) local_error = NULL;

          if (!read_chunk (self, &local_error))
            {
              if (local_error != NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }

              /* The end of the input. */
              if (state == STATE_QUOTED)
                {
                  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                               _("line %" PRIu64 ": a quoted field is never closed"),
                               self->row_line);
                  return FALSE;
                }
              if (state == STATE_FIELD_START)
                {
                  if (self->starts->len == 0)
                    return FALSE;
                  /* A delimiter just before the end: one more field, empty. */
                  field_start = self->row->len;
                }
              return end_field (self, field_start, error);
            }
          continue;
        }

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (text[pos] == '\n')
            {
              self->pos = pos + 1;
              continue;
            }
        }

      if (state == STATE_FIELD_START && self->starts->len == 0 && self->row->len == 0)
        self->row_line = self->line;

      switch (state)
        {
        case STATE_FIELD_START:
          field_start = self->row->len;
          if (text[pos] == '"')
            {
              state = STATE_QUOTED;
              self->pos = pos + 1;
              break;
            }
          state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          {
            gsize start = pos;
            guint8 c;

            while (pos < len && !self->stop[text[pos]])
              pos++;
            g_string_append_len (self->row, (const char *) text + start, pos - start);
            self->pos = pos;

            if (self->row->len - field_start > WAYMARK_TABLE_MAX_FIELD_BYTES)
              return fail (self, error, _("a field is larger than 16 MiB"));
            if (self->row->len > MAX_ROW_BYTES)
              return fail (self, error, _("a row is larger than 64 MiB"));

            if (pos == len)
              break;

            c = text[pos];
            self->pos = pos + 1;
            if (c == (guint8) delimiter)
              {
                if (!end_field (self, field_start, error))
                  return FALSE;
                state = STATE_FIELD_START;
              }
            else if (c == '\n' || c == '\r')
              {
                self->line++;
                if (c == '\r')
                  {
                    if (self->pos < len)
                      {
                        if (text[self->pos] == '\n')
                          self->pos++;
                      }
                    else
                      self->skip_lf = TRUE;
                  }
                return end_field (self, field_start, error);
              }
            else
              return fail (self, error, _("a NUL byte (is this a binary file?)"));
          }
          break;

        case STATE_QUOTED:
          {
            gsize start = pos;

            while (pos < len && text[pos] != '"')
              {
                if (text[pos] == '\n')
                  self->line++;
                else if (text[pos] == '\0')
                  return fail (self, error, _("a NUL byte (is this a binary file?)"));
                pos++;
              }
            g_string_append_len (self->row, (const char *) text + start, pos - start);
            self->pos = pos;

            if (self->row->len - field_start > WAYMARK_TABLE_MAX_FIELD_BYTES)
              return fail (self, error, _("a field is larger than 16 MiB (is a quote never closed?)"));
            if (self->row->len > MAX_ROW_BYTES)
              return fail (self, error, _("a row is larger than 64 MiB"));

            if (pos < len)
              {
                self->pos = pos + 1;
                state = STATE_QUOTE_SEEN;
              }
          }
          break;

        case STATE_QUOTE_SEEN:
          if (text[pos] == '"')
            {
              g_string_append_c (self->row, '"');
              self->pos = pos + 1;
              state = STATE_QUOTED;
            }
          else
            /* After the closing quote: a delimiter or line end, as usual;
             * anything else is kept as text, as spreadsheets do. */
            state = STATE_UNQUOTED;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

guint
waymark_csv_parser_get_n_fields (WaymarkCsvParser *self)
{
  return self->starts->len;
}

const char *
waymark_csv_parser_get_field (WaymarkCsvParser *self,
                              guint             index)
{
  g_return_val_if_fail (index < self->starts->len, NULL);

  return self->row->str + g_array_index (self->starts, guint32, index);
}

gsize
waymark_csv_parser_get_field_length (WaymarkCsvParser *self,
                                     guint             index)
{
  guint32 start, end;

  g_return_val_if_fail (index < self->starts->len, 0);

  start = g_array_index (self->starts, guint32, index);
  end = index + 1 < self->starts->len ? g_array_index (self->starts, guint32, index + 1) - 1
                                      : self->row->len - 1;
  return end - start;
}

/* The line the current row started on, from 1. */
guint64
waymark_csv_parser_get_line (WaymarkCsvParser *self)
{
  return self->row_line;
}

guint64
waymark_csv_parser_get_position (WaymarkCsvParser *self)
{
  if (G_IS_SEEKABLE (self->file_stream))
    return g_seekable_tell (G_SEEKABLE (self->file_stream));

  return 0;
}
