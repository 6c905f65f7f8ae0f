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
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n-lib.h>
#include <uchardet/uchardet.h>

#include "waymark-csv-parser.h"
#include "waymark-csv-parser-private.h"
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

typedef struct
{
  guint32 start;              /* from the row's start in buf, or into extra */
  guint32 length;
} Field;

struct _WaymarkCsvParser
{
  GInputStream *stream;       /* UTF-8 for UTF-8, UTF-16 and other input, raw bytes for 1252 */
  GInputStream *file_stream;  /* for the position */
  GCancellable *cancellable;
  Encoding      encoding;
  char         *encoding_name; /* ENCODING_OTHER's */
  char          delimiter;

  /* The text being parsed, UTF-8, in one buffer that holds the current
   * row whole: a row cut off by the buffer's end is moved to its start
   * and the rest read after it. Fields are NUL-terminated in place (over
   * their delimiter); a quoted field's doubled quotes are undone in
   * place. The buffer has BLOCK bytes of slack past its capacity for the
   * scanner's loads and the last field's NUL. */
  gsize         chunk_size;   /* bytes read at a time: CHUNK_SIZE, or less for a shorter input */
  guint8       *buf;
  gsize         capacity;
  gsize         len;          /* bytes of text in buf */
  gsize         pos;          /* the next byte to parse */
  gsize         valid_until;  /* buf[0, valid_until) is known to be valid UTF-8 */
  guint8       *raw;          /* Windows-1252 bytes as read, before conversion */

  /* The scanner's cache: the structural bytes (delimiter, quote, CR, LF,
   * NUL) of the 64-byte block at block_base, one bit each. */
  gsize         block_base;   /* NO_BLOCK when none is cached */
  guint64       block_mask;

  /* The current row: where it starts in buf, and its fields. A field
   * made valid UTF-8 lives in extra instead (its start has FIELD_EXTRA set). */
  gsize         row_start;
  Field        *fields;
  guint         n_fields;
  guint         fields_size;
  GString      *extra;
  guint64       line;         /* line of the next byte, from 1 */
  guint64       row_line;

  guint         eof : 1;
  guint         skip_lf : 1;
};

#define FIELD_EXTRA 0x80000000u
#define BLOCK 64
#define NO_BLOCK G_MAXSIZE

static gsize test_chunk_size;

void
_waymark_csv_parser_set_chunk_size (gsize size)
{
  test_chunk_size = size;
}

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

/* The structural bytes of the BLOCK bytes at @p, one bit each (bit i for
 * p[i]): sixteen bytes compared at a time where SSE2 is (every x86-64),
 * a table otherwise. */
#ifdef __SSE2__
static inline guint64
structural_mask (const guint8 *p,
                 guint8        delimiter)
{
  const __m128i d = _mm_set1_epi8 ((char) delimiter);
  const __m128i q = _mm_set1_epi8 ('"');
  const __m128i lf = _mm_set1_epi8 ('\n');
  const __m128i cr = _mm_set1_epi8 ('\r');
  const __m128i nul = _mm_setzero_si128 ();
  guint64 mask = 0;

  for (guint i = 0; i < BLOCK / 16; i++)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (p + 16 * i));
      __m128i hit = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, d), _mm_cmpeq_epi8 (v, q)),
                                  _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, lf), _mm_cmpeq_epi8 (v, cr)),
                                                _mm_cmpeq_epi8 (v, nul)));

      mask |= (guint64) (guint32) _mm_movemask_epi8 (hit) << (16 * i);
    }

  return mask;
}

/* Whether the @n bytes at @p are all ASCII. */
static gboolean
all_ascii (const guint8 *p,
           gsize         n)
{
  gsize i = 0;
  __m128i acc = _mm_setzero_si128 ();

  for (; i + 64 <= n; i += 64)
    {
      acc = _mm_or_si128 (acc, _mm_or_si128 (_mm_or_si128 (_mm_loadu_si128 ((const __m128i *) (p + i)),
                                                           _mm_loadu_si128 ((const __m128i *) (p + i + 16))),
                                             _mm_or_si128 (_mm_loadu_si128 ((const __m128i *) (p + i + 32)),
                                                           _mm_loadu_si128 ((const __m128i *) (p + i + 48)))));
      if (_mm_movemask_epi8 (acc) != 0)
        return FALSE;
    }
  for (; i < n; i++)
    if (p[i] & 0x80)
      return FALSE;

  return TRUE;
}
#else
static inline guint64
structural_mask (const guint8 *p,
                 guint8        delimiter)
{
  guint64 mask = 0;

  for (guint i = 0; i < BLOCK; i++)
    {
      guint8 c = p[i];

      if (c == delimiter || c == '"' || c == '\n' || c == '\r' || c == '\0')
        mask |= G_GUINT64_CONSTANT (1) << i;
    }

  return mask;
}

static gboolean
all_ascii (const guint8 *p,
           gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (p[i] & 0x80)
      return FALSE;

  return TRUE;
}
#endif

/* The next structural byte at or after @from, or @len if none is left;
 * *@base and *@mask cache the block last looked at. */
static inline gsize
next_structural (const guint8 *buf,
                 gsize         len,
                 guint8        delimiter,
                 gsize        *base,
                 guint64      *mask,
                 gsize         from)
{
  for (;;)
    {
      gsize block = from & ~(gsize) (BLOCK - 1);
      guint64 left;

      if (from >= len)
        return len;

      if (block != *base)
        {
          *mask = structural_mask (buf + block, delimiter);
          if (len - block < BLOCK)
            *mask &= (G_GUINT64_CONSTANT (1) << (len - block)) - 1;
          *base = block;
        }

      left = *mask & (~G_GUINT64_CONSTANT (0) << (from - block));
      if (left != 0)
        return block + (gsize) __builtin_ctzll (left);

      from = block + BLOCK;
    }
}

/* Moves valid_until past the valid UTF-8 that follows it. */
static void
extend_valid (WaymarkCsvParser *self)
{
  const char *end = NULL;
  gsize from = self->valid_until;

  if (from >= self->len)
    return;

  if (all_ascii (self->buf + from, self->len - from))
    {
      self->valid_until = self->len;
      return;
    }

  g_utf8_validate_len ((const char *) self->buf + from, self->len - from, &end);
  self->valid_until = (const guint8 *) end - self->buf;
}

/* Reads more text after what is in buf, first moving the current row to
 * the buffer's start and making room if the row fills it. FALSE at the
 * end of the input (@error unset) or on failure. */
static gboolean
refill (WaymarkCsvParser  *self,
        GError           **error)
{
  gsize shift = self->row_start, n_read = 0, room;

  /* Moved even at the end of the input: the caller counts on it. */
  if (shift > 0)
    {
      memmove (self->buf, self->buf + shift, self->len - shift);
      self->len -= shift;
      self->pos -= shift;
      self->valid_until = self->valid_until > shift ? self->valid_until - shift : 0;
      self->row_start = 0;
      self->block_base = NO_BLOCK;
      memset (self->buf + self->len, 0, BLOCK);
    }

  if (self->eof)
    return FALSE;

  /* Room for a chunk (three times that for Windows-1252, whose bytes
   * may grow to three in UTF-8). */
  room = self->encoding == ENCODING_WINDOWS_1252 ? self->chunk_size * 3 : self->chunk_size;
  if (self->capacity - self->len < room)
    {
      /* Doubling, up to what the longest row allowed needs. */
      self->capacity = MIN (MAX (self->capacity * 2, self->len + room), MAX_ROW_BYTES + room);
      self->buf = g_realloc (self->buf, self->capacity + BLOCK);
    }

  if (self->encoding == ENCODING_WINDOWS_1252)
    {
      if (!g_input_stream_read_all (self->stream, self->raw, self->chunk_size, &n_read, self->cancellable, error))
        return FALSE;
      self->len += convert_1252 (self->raw, n_read, self->buf + self->len);
    }
  else
    {
      if (!g_input_stream_read_all (self->stream, self->buf + self->len, self->chunk_size, &n_read,
                                    self->cancellable, error))
        return FALSE;
      self->len += n_read;
    }

  if (n_read < self->chunk_size)
    self->eof = TRUE;

  /* The slack: defined bytes for the scanner, room for a NUL. */
  memset (self->buf + self->len, 0, BLOCK);
  self->block_base = NO_BLOCK;
  extend_valid (self);

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
  self->fields_size = 32;
  self->fields = g_new (Field, self->fields_size);
  self->extra = g_string_new (NULL);
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

  /* Input through the system's converter is read 16 KiB at a time at
   * least: GConverterInputStream loses characters of a stateful
   * converter (glibc's CP1255, which holds a letter back for its marks)
   * when reads leave it less room than a few hundred bytes. */
  if (test_chunk_size > 0)
    self->chunk_size = self->encoding == ENCODING_OTHER ? MAX (test_chunk_size, 16 * 1024) : test_chunk_size;

  self->capacity = self->encoding == ENCODING_WINDOWS_1252 ? self->chunk_size * 3 : self->chunk_size;
  self->buf = g_malloc (self->capacity + BLOCK);
  memset (self->buf, 0, BLOCK);
  if (self->encoding == ENCODING_WINDOWS_1252)
    self->raw = g_malloc (self->chunk_size);

  if (!refill (self, error) && error != NULL && *error != NULL)
    return NULL;

  self->delimiter = delimiter != 0 ? delimiter : guess_delimiter (self->buf, MIN (self->len, SAMPLE_SIZE));
  self->block_base = NO_BLOCK;

  return g_steal_pointer (&self);
}

void
waymark_csv_parser_free (WaymarkCsvParser *self)
{
  if (self == NULL)
    return;

  g_free (self->buf);
  g_free (self->raw);
  g_clear_object (&self->stream);
  g_clear_object (&self->file_stream);
  g_clear_object (&self->cancellable);
  g_free (self->encoding_name);
  if (self->extra != NULL)
    g_string_free (self->extra, TRUE);
  g_free (self->fields);
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

/* end_field ()'s rarer cases: more fields than there is room for, a long
 * field, text not yet known to be UTF-8. */
static G_NO_INLINE gboolean
end_field_slow (WaymarkCsvParser  *self,
                gsize              start,
                gsize              end,
                gsize              raw_end,
                gboolean           check,
                GError           **error)
{
  Field *field;
  gsize length = end - start;

  if (length > WAYMARK_TABLE_MAX_FIELD_BYTES)
    return fail (self, error, _("a field is larger than 16 MiB"));

  if (self->n_fields == self->fields_size)
    {
      if (self->n_fields >= WAYMARK_TABLE_MAX_COLUMNS)
        {
          g_autofree char *reason = g_strdup_printf (_("more than %u columns"), WAYMARK_TABLE_MAX_COLUMNS);
          return fail (self, error, reason);
        }
      self->fields_size = MIN (self->fields_size * 2, WAYMARK_TABLE_MAX_COLUMNS);
      self->fields = g_renew (Field, self->fields, self->fields_size);
    }

  field = &self->fields[self->n_fields++];
  self->buf[end] = '\0';
  field->start = (guint32) (start - self->row_start);
  field->length = (guint32) length;

  if (raw_end > self->valid_until || check)
    {
      if (!g_utf8_validate_len ((const char *) self->buf + start, length, NULL))
        {
          /* Stray bytes in a UTF-8 file become U+FFFD rather than a refusal. */
          g_autofree char *valid = g_utf8_make_valid ((const char *) self->buf + start, length);

          field->start = FIELD_EXTRA | (guint32) self->extra->len;
          field->length = (guint32) strlen (valid);
          g_string_append_len (self->extra, valid, field->length + 1);
        }
      /* On past the delimiter, which is ASCII. */
      self->valid_until = MIN (raw_end + 1, self->len);
      extend_valid (self);
    }

  return TRUE;
}

/* Ends the field whose text is buf[start, end); its bytes as read end at
 * @raw_end (its delimiter or line end), which is how far the UTF-8 check
 * must have reached; @check says its text was moved (quotes taken out)
 * from bytes not yet checked, which the check may since have passed. */
static inline gboolean
end_field (WaymarkCsvParser  *self,
           gsize              start,
           gsize              end,
           gsize              raw_end,
           gboolean           check,
           GError           **error)
{
  guint n = self->n_fields;
  gsize row_start = self->row_start;
  Field *fields = self->fields;

  if (G_UNLIKELY (n == self->fields_size || raw_end > self->valid_until || check ||
                  end - start > WAYMARK_TABLE_MAX_FIELD_BYTES))
    return end_field_slow (self, start, end, raw_end, check, error);

  fields[n].start = (guint32) (start - row_start);
  fields[n].length = (guint32) (end - start);
  self->n_fields = n + 1;
  self->buf[end] = '\0';

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
  const guint8 delimiter = (guint8) self->delimiter;
  State state = STATE_FIELD_START;
  /* The field's text starts at start; the next of its text goes to write;
   * the bytes from from up to the scanner are its text not yet moved
   * (write and from differ once quotes have been taken out). */
  gsize start = 0, write = 0, from = 0, p, len, base;
  gboolean check = FALSE;   /* the field's text moved from bytes not yet checked */
  guint64 mask;
  guint8 *buf;

  self->n_fields = 0;
  if (self->extra->len > 0)
    g_string_truncate (self->extra, 0);

  /* To the row's first byte: past the LF of a CR LF cut by the buffer's end. */
  for (;;)
    {
      if (self->pos == self->len)
        {
          g_autoptr(GError) local_error = NULL;

          self->row_start = self->pos;
          if (!refill (self, &local_error))
            {
              if (local_error != NULL)
                g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          continue;
        }
      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (self->buf[self->pos] == '\n')
            {
              self->pos++;
              continue;
            }
        }
      break;
    }

  self->row_start = self->pos;
  self->row_line = self->line;
  p = self->pos;
  buf = self->buf;
  len = self->len;
  base = self->block_base;
  mask = self->block_mask;

  for (;;)
    {
      guint8 c;

      if (G_UNLIKELY (p == len))
        {
          g_autoptr(GError) local_error = NULL;
          gsize shift = self->row_start;
          gboolean more;

          if (p - self->row_start > MAX_ROW_BYTES)
            return fail (self, error, _("a row is larger than 64 MiB"));
          if (state != STATE_FIELD_START && p - start > WAYMARK_TABLE_MAX_FIELD_BYTES)
            return fail (self, error, state == STATE_QUOTED ? _("a field is larger than 16 MiB (is a quote never closed?)")
                                                            : _("a field is larger than 16 MiB"));

          self->pos = p;
          more = refill (self, &local_error);
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          buf = self->buf;
          len = self->len;
          base = NO_BLOCK;
          p -= shift;
          start -= shift;
          write -= shift;
          from -= shift;

          if (more)
            continue;

          /* The end of the input. */
          self->pos = p;
          switch (state)
            {
            case STATE_QUOTED:
              g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("line %" PRIu64 ": a quoted field is never closed"),
                           self->row_line);
              return FALSE;

            case STATE_FIELD_START:
              if (self->n_fields == 0)
                return FALSE;
              /* A delimiter just before the end: one more field, empty. */
              return end_field (self, p, p, p, FALSE, error);

            case STATE_UNQUOTED:
              if (write != from)
                {
                  check |= p > self->valid_until;
                  memmove (buf + write, buf + from, p - from);
                }
              write += p - from;
              return end_field (self, start, write, p, check, error);

            case STATE_QUOTE_SEEN:
              return end_field (self, start, write, p, check, error);

            default:
              g_assert_not_reached ();
            }
        }

      switch (state)
        {
        case STATE_FIELD_START:
          if (buf[p] == '"')
            {
              start = write = from = ++p;
              check = FALSE;
              state = STATE_QUOTED;
              break;
            }
          start = write = from = p;
          check = FALSE;
          state = STATE_UNQUOTED;
          G_GNUC_FALLTHROUGH;

        case STATE_UNQUOTED:
          p = next_structural (buf, len, delimiter, &base, &mask, p);
          if (p == len)
            break;
          c = buf[p];
          if (c == '"')
            {
              /* A quote inside an unquoted field is text. */
              p++;
              break;
            }
          if (G_UNLIKELY (c == '\0'))
            return fail (self, error, _("a NUL byte (is this a binary file?)"));

          if (G_UNLIKELY (write != from))
            {
              check |= p > self->valid_until;
              memmove (buf + write, buf + from, p - from);
            }
          write += p - from;
          if (!end_field (self, start, write, p, check, error))
            return FALSE;
          p++;
          if (c == delimiter)
            {
              state = STATE_FIELD_START;
              break;
            }

          /* CR, LF or CR LF: the row's end. */
          self->line++;
          if (c == '\r')
            {
              if (p < len)
                {
                  if (buf[p] == '\n')
                    p++;
                }
              else
                self->skip_lf = TRUE;
            }
          self->pos = p;
          self->block_base = base;
          self->block_mask = mask;
          if (G_UNLIKELY (p - self->row_start > MAX_ROW_BYTES))
            return fail (self, error, _("a row is larger than 64 MiB"));
          return TRUE;

        case STATE_QUOTED:
          p = next_structural (buf, len, delimiter, &base, &mask, p);
          if (p == len)
            break;
          c = buf[p];
          if (c != '"')
            {
              if (c == '\n')
                self->line++;
              else if (G_UNLIKELY (c == '\0'))
                return fail (self, error, _("a NUL byte (is this a binary file?)"));
              p++;
              break;
            }
          /* A closing quote, or the first of two: the text before it stays. */
          if (write != from)
            {
              check |= p > self->valid_until;
              memmove (buf + write, buf + from, p - from);
            }
          write += p - from;
          from = ++p;
          state = STATE_QUOTE_SEEN;
          break;

        case STATE_QUOTE_SEEN:
          if (buf[p] == '"')
            {
              buf[write++] = '"';
              from = ++p;
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
  return self->n_fields;
}

const char *
waymark_csv_parser_get_field (WaymarkCsvParser *self,
                              guint             index)
{
  guint32 start;

  g_return_val_if_fail (index < self->n_fields, NULL);

  start = self->fields[index].start;
  if (start & FIELD_EXTRA)
    return self->extra->str + (start & ~FIELD_EXTRA);

  return (const char *) self->buf + self->row_start + start;
}

gsize
waymark_csv_parser_get_field_length (WaymarkCsvParser *self,
                                     guint             index)
{
  g_return_val_if_fail (index < self->n_fields, 0);

  return self->fields[index].length;
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
