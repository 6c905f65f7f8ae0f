/* test-hostile.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile-file corpus: every file in tests/files/hostile/ (and a few
 * too big to commit, made here at test time) is opened the way the app
 * opens it — a document with waymark_document_load(), a data file with
 * waymark_table_reader_open() and every row read, a zip's sheets listed —
 * in a forked child. Each must be refused with a message that names the
 * reason, or read within bounds: 10 s of processor time and 600 MiB of memory
 * beyond what the test had when it forked. The child is killed when it
 * passes either. No file outside the corpus may be opened: the XML cases
 * name a canary file, which is watched with inotify and holds a secret no
 * cell may show. tests/files/hostile/README.md lists the cases.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <zlib.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#else
#define RUNNING_ON_VALGRIND 0
#endif

/* The XML cases of the corpus name this file (see generate.py). */
#define CANARY_PATH    "/tmp/waymark-hostile-canary.txt"
/* Every secret starts so: a cell showing one of any run is a leak. */
#define CANARY_PREFIX  "waymark-canary-"

#define TIME_LIMIT_S   10
#define MEMORY_LIMIT   (G_GUINT64_CONSTANT (600) << 20)

#define MIB            (G_GUINT64_CONSTANT (1) << 20)

typedef enum
{
  DOCUMENT,
  TABLE,
} Kind;

typedef void (*MakeFunc) (const char *path);

typedef struct
{
  const char *name;      /* in tests/files/hostile/, or made by @make */
  Kind        kind;
  /* Refused: a fragment of the message. NULL: read, and then… */
  const char *refusal;
  /* …documents: the title; tables: the rows as dump_table() shows them,
   * or NULL for any content (garbage that happens to be text). */
  const char *expected;
  MakeFunc    make;      /* NULL: a committed file */
  /* Seconds of parsing natively, so minutes under valgrind: skipped there
   * (the sanitizer build still runs it). */
  gboolean    slow;
} Case;

static char *tmp_dir;
static char *case_path;
static char *secret;
static int inotify_fd = -1;
/* Sanitizers and valgrind slow the reading down and add their own memory;
 * the bounds are the app's, so they are scaled for them. */
static guint time_factor = 1;
static guint memory_factor = 1;

/* The child's side ---------------------------------------------------------- */

static gboolean
has_secret (const char *text)
{
  return text != NULL && strstr (text, CANARY_PREFIX) != NULL;
}

/* Appends the row (cells joined by '|', line 0 for the column names) to
 * @dump while it is short, and checks every cell: valid UTF-8, within the
 * field limit, no secret. */
static gboolean
check_cells (GPtrArray  *cells,
             GString    *dump,
             guint64     line,
             GString    *failure)
{
  if (dump->len < 4096 && line == 0)
    g_string_append (dump, "columns:");
  else if (dump->len < 4096)
    g_string_append_printf (dump, "%" G_GUINT64_FORMAT ":", line);

  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);

      if (!g_utf8_validate (cell, -1, NULL))
        {
          g_string_append_printf (failure, "line %" G_GUINT64_FORMAT ", cell %u is not UTF-8", line, i);
          return FALSE;
        }
      if (strlen (cell) > WAYMARK_TABLE_MAX_FIELD_BYTES)
        {
          g_string_append_printf (failure, "line %" G_GUINT64_FORMAT ", cell %u is past the field limit", line, i);
          return FALSE;
        }
      if (has_secret (cell))
        {
          g_string_append_printf (failure, "line %" G_GUINT64_FORMAT ", cell %u shows the canary: %s", line, i, cell);
          return FALSE;
        }
      if (dump->len < 4096)
        g_string_append_printf (dump, "%s%s", i > 0 ? "|" : " ", cell);
    }

  if (dump->len < 4096)
    g_string_append_c (dump, '\n');
  return TRUE;
}

/* Opens @file as the import wizard does: the sheets first, then the
 * table, every row. Returns FALSE with @error set when it is refused. */
static gboolean
read_table (GFile    *file,
            GString  *dump,
            guint64  *n_rows,
            GString  *failure,
            GError  **error)
{
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) sheets_error = NULL;
  g_auto(GStrv) sheets = NULL;
  const char * const *columns;
  guint64 line = 0;

  sheets = waymark_spreadsheet_list_sheets (file, &sheets_error);
  if (sheets != NULL)
    {
      for (guint i = 0; sheets[i] != NULL; i++)
        if (!g_utf8_validate (sheets[i], -1, NULL) || has_secret (sheets[i]))
          {
            g_string_append_printf (failure, "sheet name %u is not UTF-8 or shows the canary", i);
            return TRUE;
          }
    }
  else if (sheets_error == NULL || sheets_error->message[0] == '\0' || has_secret (sheets_error->message))
    {
      g_string_append (failure, "listing the sheets failed without a clear message");
      return TRUE;
    }

  if (!(reader = waymark_table_reader_open (file, NULL, NULL, error)))
    return FALSE;

  columns = waymark_table_reader_get_columns (reader);
  g_ptr_array_set_size (cells, 0);
  for (guint i = 0; columns != NULL && columns[i] != NULL; i++)
    g_ptr_array_add (cells, g_strdup (columns[i]));
  if (!check_cells (cells, dump, 0, failure))
    return TRUE;

  *n_rows = 0;
  while (waymark_table_reader_next (reader, cells, &line, error))
    {
      if (!check_cells (cells, dump, line, failure))
        return TRUE;
      (*n_rows)++;
    }

  return error == NULL || *error == NULL;
}

/* Runs @c and returns what went wrong, or NULL. */
static char *
run_case (const Case *c,
          const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GString) failure = g_string_new (NULL);
  g_autoptr(GString) dump = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean read = FALSE;
  guint64 n_rows = 0;

  if (c->kind == DOCUMENT)
    {
      g_autoptr(WaymarkDocument) document = waymark_store_open (file, &error);

      g_assert ((document != NULL) == (error == NULL));
      if (document != NULL)
        {
          read = TRUE;
          g_string_append (dump, waymark_document_get_title (document));
        }
    }
  else
    read = read_table (file, dump, &n_rows, failure, &error);

  if (failure->len > 0)
    return g_string_free (g_steal_pointer (&failure), FALSE);

  if (!read)
    {
      if (error == NULL || error->message[0] == '\0')
        return g_strdup ("refused without a message");
      if (has_secret (error->message))
        return g_strdup_printf ("the message shows the canary: %s", error->message);
      if (c->kind == DOCUMENT && error->domain != WAYMARK_ERROR && error->domain != G_IO_ERROR)
        return g_strdup_printf ("refused with a foreign error: %s", error->message);
      if (c->refusal == NULL)
        return g_strdup_printf ("refused, but should be read: %s", error->message);
      if (strstr (error->message, c->refusal) == NULL)
        return g_strdup_printf ("refused with “%s”, which does not say “%s”", error->message, c->refusal);
      g_print ("# refused: %s\n", error->message);
      return NULL;
    }

  if (c->refusal != NULL)
    return g_strdup_printf ("read (%" G_GUINT64_FORMAT " rows), but should be refused with “%s”",
                            n_rows, c->refusal);
  if (c->expected != NULL && g_strcmp0 (dump->str, c->expected) != 0)
    return g_strdup_printf ("read “%s”, expected “%s”", dump->str, c->expected);
  g_print ("# read: %" G_GUINT64_FORMAT " rows\n", n_rows);
  return NULL;
}

/* The parent's side --------------------------------------------------------- */

static guint64
current_rss (pid_t pid)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%d/statm", (int) pid)
                                  : g_strdup ("/proc/self/statm");
  g_autofree char *contents = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      sscanf (contents, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (guint64) resident * sysconf (_SC_PAGESIZE);
}

/* The processor time @pid has used, in seconds: unlike the wall clock,
 * it does not grow when the machine is busy with something else. */
static double
cpu_seconds (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *contents = NULL;
  unsigned long utime = 0, stime = 0;
  const char *p;

  /* Fields 14 and 15, after the command name in parentheses. */
  if (!g_file_get_contents (path, &contents, NULL, NULL) || !(p = strrchr (contents, ')')) ||
      sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return 0;
  return (double) (utime + stime) / sysconf (_SC_CLK_TCK);
}

/* Opened or read since the last call? */
static gboolean
canary_touched (void)
{
  char buffer[4096] __attribute__ ((aligned (__alignof__ (struct inotify_event))));
  gboolean touched = FALSE;
  ssize_t n;

  while ((n = read (inotify_fd, buffer, sizeof buffer)) > 0)
    for (char *p = buffer; p < buffer + n; )
      {
        const struct inotify_event *event = (const struct inotify_event *) p;

        if (event->mask & (IN_OPEN | IN_ACCESS))
          touched = TRUE;
        p += sizeof *event + event->len;
      }

  return touched;
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(GString) report = NULL;
  guint64 base_rss, peak_rss = 0, limit;
  gint64 start, deadline, elapsed;
  const char *killed = NULL;
  struct rusage usage;
  int status = 0;
  int fds[2];
  pid_t pid;

  if (c->slow && RUNNING_ON_VALGRIND)
    {
      g_test_skip ("parses 99 MiB of XML: too slow under valgrind");
      return;
    }

  /* In a global, so that the child's leak check (under valgrind) finds it. */
  g_clear_pointer (&case_path, g_free);
  if (c->make != NULL)
    {
      case_path = g_build_filename (tmp_dir, c->name, NULL);
      c->make (case_path);
    }
  else
    case_path = g_test_build_filename (G_TEST_DIST, "files", "hostile", c->name, NULL);
  g_assert_true (g_file_test (case_path, G_FILE_TEST_IS_REGULAR));

  canary_touched ();
  g_assert_cmpint (pipe (fds), ==, 0);
  fflush (stdout);
  fflush (stderr);
  base_rss = current_rss (0);
  limit = MEMORY_LIMIT * memory_factor;
  start = g_get_monotonic_time ();
  /* Beyond the processor time, a child that hangs without working is
   * stopped after a generous wait. */
  deadline = start + (gint64) TIME_LIMIT_S * 12 * time_factor * G_USEC_PER_SEC;

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* Everything the child allocates is freed before it ends, so that
       * valgrind's leak check in the child sees the readers' leaks only. */
      char *failure;
      int exit_status = 0;

      close (fds[0]);
      failure = run_case (c, case_path);
      if (failure != NULL)
        exit_status = write (fds[1], failure, strlen (failure)) < 0 ? 3 : 2;
      g_free (failure);
      fflush (stdout);
      _exit (exit_status);
    }

  close (fds[1]);
  report = g_string_new (NULL);
  /* A failure message is short; the pipe holds it until the end. */
  for (;;)
    {
      pid_t done = wait4 (pid, &status, WNOHANG, &usage);
      guint64 rss;

      g_assert_cmpint (done, >=, 0);
      if (done == pid)
        break;

      rss = current_rss (pid);
      peak_rss = MAX (peak_rss, rss);
      if (rss > base_rss + limit)
        killed = "memory";
      else if (cpu_seconds (pid) > TIME_LIMIT_S * time_factor || g_get_monotonic_time () > deadline)
        killed = "time";
      if (killed != NULL)
        {
          kill (pid, SIGKILL);
          g_assert_cmpint (wait4 (pid, &status, 0, &usage), ==, pid);
          break;
        }
      g_usleep (5000);
    }
  elapsed = g_get_monotonic_time () - start;
  peak_rss = MAX (peak_rss, (guint64) usage.ru_maxrss * 1024);

  {
    char buffer[4096];
    ssize_t n;

    while ((n = read (fds[0], buffer, sizeof buffer)) > 0)
      g_string_append_len (report, buffer, n);
    close (fds[0]);
  }

  g_test_message ("%s: %.2f s, peak %" G_GUINT64_FORMAT " MiB (%" G_GUINT64_FORMAT " MiB more than the test)",
                  c->name, elapsed / (double) G_USEC_PER_SEC, peak_rss / MIB,
                  (peak_rss > base_rss ? peak_rss - base_rss : 0) / MIB);

  if (c->make != NULL)
    g_unlink (case_path);

  if (killed != NULL)
    g_test_fail_printf ("%s: killed for taking too much %s (%.1f s, %" G_GUINT64_FORMAT " MiB)",
                        c->name, killed, elapsed / (double) G_USEC_PER_SEC, peak_rss / MIB);
  else if (WIFSIGNALED (status))
    g_test_fail_printf ("%s: the reader died of signal %d (%s)", c->name, WTERMSIG (status), report->str);
  else if (WEXITSTATUS (status) != 0)
    g_test_fail_printf ("%s: %s (exit status %d)", c->name,
                        report->len > 0 ? report->str : "the reader failed", WEXITSTATUS (status));
  else if (peak_rss > base_rss + limit)
    g_test_fail_printf ("%s: %" G_GUINT64_FORMAT " MiB more than the test, past the limit",
                        c->name, (peak_rss - base_rss) / MIB);
  else if (canary_touched ())
    g_test_fail_printf ("%s: the canary %s was opened", c->name, CANARY_PATH);
}

/* Cases too big to commit ----------------------------------------------------- */

static void
write_or_die (FILE       *out,
              const void *data,
              gsize       size)
{
  g_assert_cmpuint (fwrite (data, 1, size, out), ==, size);
}

/* The valid document with an 80 MiB photo, past the 64 MiB a value may have. */
static void
make_huge_blob (const char *path)
{
  g_autofree char *valid = g_test_build_filename (G_TEST_DIST, "files", "hostile", "valid.waymark", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_true (g_file_get_contents (valid, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db,
                    "PRAGMA page_size = 4096; VACUUM;"
                    "INSERT INTO persona (id, position, name, photo) "
                    "VALUES (1, 0, 'Heavy', zeroblob (80 * 1024 * 1024));",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s", message);
  sqlite3_close (db);
}

static void
write_text_file (const char *path,
                 const char *head,
                 char        fill,
                 const char *unit,
                 guint64     n,
                 const char *tail)
{
  FILE *out = fopen (path, "wb");
  char chunk[65536];

  g_assert_nonnull (out);
  write_or_die (out, head, strlen (head));
  if (unit != NULL)
    for (guint64 i = 0; i < n; i++)
      write_or_die (out, unit, strlen (unit));
  else
    {
      memset (chunk, fill, sizeof chunk);
      for (guint64 left = n; left > 0; left -= MIN (left, sizeof chunk))
        write_or_die (out, chunk, MIN (left, sizeof chunk));
    }
  write_or_die (out, tail, strlen (tail));
  g_assert_cmpint (fclose (out), ==, 0);
}

/* A 20 MiB field, past the 16 MiB a field may have. */
static void
make_big_field (const char *path)
{
  write_text_file (path, "name,value\napple,", 'x', NULL, 20 * MIB, "\npear,3\n");
}

/* 200,000 columns, past the 16,384 a table may have. */
static void
make_wide (const char *path)
{
  write_text_file (path, "x", 0, ",x", 199999, "\n1\n");
}

/* A zip written by hand, so that a member's sizes may lie. */
typedef struct
{
  FILE      *out;
  GPtrArray *central;  /* of GByteArray */
  guint16    n_members;
} Zip;

static void
put16 (GByteArray *bytes,
       guint16     value)
{
  guint8 le[2] = { value & 0xFF, value >> 8 };

  g_byte_array_append (bytes, le, 2);
}

static void
put32 (GByteArray *bytes,
       guint32     value)
{
  put16 (bytes, value & 0xFFFF);
  put16 (bytes, value >> 16);
}

static void
zip_header (GByteArray *bytes,
            guint32     signature,
            gboolean    central,
            guint16     method,
            guint32     crc,
            guint32     compressed,
            guint32     size,
            const char *name,
            guint32     offset)
{
  put32 (bytes, signature);
  if (central)
    put16 (bytes, 20);             /* made by */
  put16 (bytes, 20);               /* needed */
  put16 (bytes, 0);                /* flags */
  put16 (bytes, method);
  put16 (bytes, 0);                /* time */
  put16 (bytes, (46 << 9) | (1 << 5) | 1);  /* 2026-01-01 */
  put32 (bytes, crc);
  put32 (bytes, compressed);
  put32 (bytes, size);
  put16 (bytes, strlen (name));
  put16 (bytes, 0);                /* extra */
  if (central)
    {
      put16 (bytes, 0);            /* comment */
      put16 (bytes, 0);            /* disk */
      put16 (bytes, 0);            /* internal attributes */
      put32 (bytes, 0);            /* external attributes */
      put32 (bytes, offset);
    }
  g_byte_array_append (bytes, (const guint8 *) name, strlen (name));
}

/* Adds a member whose data @write writes; the sizes and CRC in the headers
 * are @claimed_size, or the real ones when it is 0. */
typedef guint32 (*ZipWriteFunc) (FILE *out, guint32 *compressed, guint32 *size);

static void
zip_add (Zip          *zip,
         const char   *name,
         guint16       method,
         ZipWriteFunc  write_data,
         const char   *text,
         guint32       claimed_size)
{
  g_autoptr(GByteArray) local = g_byte_array_new ();
  GByteArray *central = g_byte_array_new ();
  long offset = ftell (zip->out);
  guint32 crc, compressed, size;

  /* The sizes go into the local header after the data is written. */
  zip_header (local, 0x04034b50, FALSE, method, 0, 0, 0, name, 0);
  write_or_die (zip->out, local->data, local->len);
  if (write_data != NULL)
    crc = write_data (zip->out, &compressed, &size);
  else
    {
      compressed = size = strlen (text);
      crc = crc32 (0, (const Bytef *) text, size);
      write_or_die (zip->out, text, size);
    }
  if (claimed_size != 0)
    size = claimed_size;

  g_byte_array_set_size (local, 0);
  zip_header (local, 0x04034b50, FALSE, method, crc, compressed, size, name, 0);
  g_assert_cmpint (fseek (zip->out, offset, SEEK_SET), ==, 0);
  write_or_die (zip->out, local->data, local->len);
  g_assert_cmpint (fseek (zip->out, 0, SEEK_END), ==, 0);

  zip_header (central, 0x02014b50, TRUE, method, crc, compressed, size, name, offset);
  g_ptr_array_add (zip->central, central);
  zip->n_members++;
}

static void
zip_close (Zip *zip)
{
  g_autoptr(GByteArray) end = g_byte_array_new ();
  long offset = ftell (zip->out);
  guint32 central_size = 0;

  for (guint i = 0; i < zip->central->len; i++)
    {
      GByteArray *header = g_ptr_array_index (zip->central, i);

      write_or_die (zip->out, header->data, header->len);
      central_size += header->len;
    }
  put32 (end, 0x06054b50);
  put16 (end, 0);
  put16 (end, 0);
  put16 (end, zip->n_members);
  put16 (end, zip->n_members);
  put32 (end, central_size);
  put32 (end, offset);
  put16 (end, 0);
  write_or_die (zip->out, end->data, end->len);
  g_assert_cmpint (fclose (zip->out), ==, 0);
  g_ptr_array_unref (zip->central);
}

/* Deflated data made of pieces, each compressed once and written as many
 * times as it repeats: a full flush ends each piece byte-aligned with the
 * compressor's history cleared, so the copies concatenate into one valid
 * stream. 1 GiB of zeros takes about 1 MB and no time to write. */
typedef struct
{
  const guint8 *data;
  gsize         length;
  guint         repeats;
} Piece;

static guint32
write_pieces (FILE        *out,
              const Piece *pieces,
              guint        n_pieces,
              guint32     *compressed,
              guint32     *size)
{
  z_stream stream = { 0 };
  guint64 total = 0, total_compressed = 0;
  guint32 crc = 0;

  g_assert_cmpint (deflateInit2 (&stream, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY), ==, Z_OK);

  for (guint p = 0; p <= n_pieces; p++)
    {
      gsize bound = deflateBound (&stream, p < n_pieces ? pieces[p].length : 0) + 64;
      g_autofree guint8 *buffer = g_malloc (bound);
      guint repeats = p < n_pieces ? pieces[p].repeats : 1;
      gsize length;
      guint32 piece_crc;

      stream.next_in = p < n_pieces ? (guint8 *) pieces[p].data : NULL;
      stream.avail_in = p < n_pieces ? pieces[p].length : 0;
      stream.next_out = buffer;
      stream.avail_out = bound;
      g_assert_cmpint (deflate (&stream, p < n_pieces ? Z_FULL_FLUSH : Z_FINISH), ==,
                       p < n_pieces ? Z_OK : Z_STREAM_END);
      g_assert_cmpuint (stream.avail_in, ==, 0);
      g_assert_cmpuint (stream.avail_out, >, 0);
      length = bound - stream.avail_out;

      piece_crc = p < n_pieces ? crc32 (0, pieces[p].data, pieces[p].length) : 0;
      for (guint r = 0; r < repeats; r++)
        {
          write_or_die (out, buffer, length);
          total_compressed += length;
          if (p < n_pieces)
            {
              crc = crc32_combine (crc, piece_crc, pieces[p].length);
              total += pieces[p].length;
            }
        }
    }
  deflateEnd (&stream);

  g_assert_cmpuint (total, <=, G_MAXUINT32);
  *compressed = total_compressed;
  *size = total;
  return crc;
}

#define BOMB_CHUNK (1024 * 1024)

/* 1.1 GiB of zeros. */
static guint32
write_deflated_zeros (FILE    *out,
                      guint32 *compressed,
                      guint32 *size)
{
  g_autofree guint8 *zeros = g_malloc0 (BOMB_CHUNK);
  Piece pieces[] = { { zeros, BOMB_CHUNK, 1100 } };

  return write_pieces (out, pieces, G_N_ELEMENTS (pieces), compressed, size);
}

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define MAIN_NS  "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define REL_NS   "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_NS   "http://schemas.openxmlformats.org/package/2006/relationships"

/* A workbook around @write_sheet's sheet1.xml. */
static void
write_bomb (const char   *path,
            ZipWriteFunc  write_sheet,
            guint32       claimed_size)
{
  Zip zip = { fopen (path, "wb"), g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref), 0 };

  g_assert_nonnull (zip.out);
  zip_add (&zip, "[Content_Types].xml", 0, NULL,
           XML_DECL "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
           "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>", 0);
  zip_add (&zip, "xl/workbook.xml", 0, NULL,
           XML_DECL "<workbook xmlns=\"" MAIN_NS "\" xmlns:r=\"" REL_NS "\"><sheets>"
           "<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", 0);
  zip_add (&zip, "xl/_rels/workbook.xml.rels", 0, NULL,
           XML_DECL "<Relationships xmlns=\"" PKG_NS "\"><Relationship Id=\"rId1\" "
           "Type=\"" REL_NS "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>", 0);
  zip_add (&zip, "xl/worksheets/sheet1.xml", 8, write_sheet, NULL, claimed_size);
  zip_close (&zip);
}

/* 1.1 GiB of zeros in about 1 MB, its size told honestly. */
static void
make_zip_bomb (const char *path)
{
  write_bomb (path, write_deflated_zeros, 0);
}

/* The same, claiming to be 64 KiB. */
static void
make_zip_bomb_lying (const char *path)
{
  write_bomb (path, write_deflated_zeros, 65536);
}

/* XML that is all valid: a header row, then a MiB of empty rows over and
 * over, then a last row. */
#define ROW_HEAD XML_DECL "<worksheet xmlns=\"" MAIN_NS "\"><sheetData>" \
                 "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>name</t></is></c></row>"
#define ROW_TAIL "<row><c t=\"inlineStr\"><is><t>last</t></is></c></row></sheetData></worksheet>"

static guint32
write_deflated_rows (FILE    *out,
                     guint    n_chunks,
                     guint32 *compressed,
                     guint32 *size)
{
  g_autofree guint8 *rows = g_malloc (BOMB_CHUNK);
  Piece pieces[] = {
    { (const guint8 *) ROW_HEAD, strlen (ROW_HEAD), 1 },
    { rows, BOMB_CHUNK, n_chunks },
    { (const guint8 *) ROW_TAIL, strlen (ROW_TAIL), 1 },
  };

  for (gsize i = 0; i < BOMB_CHUNK; i++)
    rows[i] = i < (BOMB_CHUNK / 6) * 6 ? "<row/>"[i % 6] : ' ';

  return write_pieces (out, pieces, G_N_ELEMENTS (pieces), compressed, size);
}

static guint32
write_deflated_rows_gib (FILE    *out,
                         guint32 *compressed,
                         guint32 *size)
{
  return write_deflated_rows (out, 1023, compressed, size);
}

/* Just under the ratio limit's grace: read, however little the file. */
static guint32
write_deflated_rows_99_mib (FILE    *out,
                            guint32 *compressed,
                            guint32 *size)
{
  return write_deflated_rows (out, 99, compressed, size);
}

static void
make_xml_bomb (const char *path)
{
  write_bomb (path, write_deflated_rows_gib, 0);
}

static void
make_xml_bomb_small (const char *path)
{
  write_bomb (path, write_deflated_rows_99_mib, 0);
}

/* The cases -------------------------------------------------------------------- */

static const Case cases[] = {
  /* Documents */
  { "valid.waymark", DOCUMENT, NULL, "Hostile Corpus" },
  { "other-application.waymark", DOCUMENT, "not a Waymark document (an SQLite database of another application)" },
  { "newer-version.waymark", DOCUMENT, "made by a newer Waymark (format version 4" },
  { "truncated.waymark", DOCUMENT, "the document is damaged" },
  { "corrupted-page.waymark", DOCUMENT, "the document is damaged" },
  { "trigger.waymark", DOCUMENT, "contains triggers, views or virtual tables" },
  { "view.waymark", DOCUMENT, "contains triggers, views or virtual tables" },
  { "virtual-table.waymark", DOCUMENT, "contains triggers, views or virtual tables" },
  { "page-size-768.waymark", DOCUMENT, "the document is damaged (invalid page size 768)" },
  { "page-size-65536.waymark", DOCUMENT, "the document is damaged" },
  { "huge-blob.waymark", DOCUMENT, "too big", NULL, make_huge_blob },

  /* Spreadsheets */
  { "entity-bomb.xlsx", TABLE, "xl/worksheets/sheet1.xml has a DOCTYPE" },
  { "external-entity.xlsx", TABLE, "xl/worksheets/sheet1.xml has a DOCTYPE" },
  { "external-dtd.xlsx", TABLE, "xl/worksheets/sheet1.xml has a DOCTYPE" },
  { "external-entity.ods", TABLE, "content.xml has a DOCTYPE" },
  { "xinclude.xlsx", TABLE, NULL, "columns: head\n2: |1\n" },
  { "doctype.xlsx", TABLE, "xl/worksheets/sheet1.xml has a DOCTYPE" },
  { "size-claim.xlsx", TABLE, "xl/worksheets/sheet1.xml is larger than 1.1\xC2\xA0GB once decompressed" },
  { "zip-bomb.xlsx", TABLE, "xl/worksheets/sheet1.xml is larger than 1.1\xC2\xA0GB once decompressed", NULL, make_zip_bomb },
  { "zip-bomb-lying.xlsx", TABLE, "xl/worksheets/sheet1.xml", NULL, make_zip_bomb_lying },
  { "xml-bomb.xlsx", TABLE, "more than 100 times the whole file", NULL, make_xml_bomb },
  /* 174,762 empty rows a MiB */
  { "xml-bomb-small.xlsx", TABLE, NULL, "columns: name\n17301440: last\n", make_xml_bomb_small, TRUE },
  { "traversal-member.xlsx", TABLE, NULL, "columns: name|value\n2: apple|3\n" },
  { "traversal-rels.xlsx", TABLE, "the part name “../../etc/passwd” points outside the spreadsheet" },
  { "traversal-rels-member.xlsx", TABLE, "the part name “../../evil.xml” points outside the spreadsheet" },
  { "traversal-absolute.xlsx", TABLE, "the part name “file:///etc/passwd” is not a name inside the spreadsheet" },
  { "not-a-zip.xlsx", TABLE, "not a spreadsheet: the file is not a zip container" },
  { "damaged-zip.xlsx", TABLE, "not a spreadsheet: the zip container is damaged" },

  /* Text tables */
  { "binary-garbage.csv", TABLE, "a NUL byte" },
  { "garbage-no-nul.csv", TABLE, NULL, NULL },
  { "nul-bytes.csv", TABLE, "line 3: a NUL byte" },
  { "invalid-utf8.csv", TABLE, NULL, NULL },
  { "big-field.csv", TABLE, "a field is larger than 16 MiB", NULL, make_big_field },
  { "wide.csv", TABLE, "more than 16384 columns", NULL, make_wide },
};

/* Every committed file has a case, so a file added without one fails. */
static void
test_manifest (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "files", "hostile", NULL);
  g_autofree char *readme_path = g_build_filename (dir_path, "README.md", NULL);
  g_autofree char *readme = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));

  while ((name = g_dir_read_name (dir)))
    {
      gboolean found = FALSE;

      if (g_str_equal (name, "README.md") || g_str_equal (name, "generate.py"))
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (cases) && !found; i++)
        found = cases[i].make == NULL && g_str_equal (cases[i].name, name);
      if (!found)
        g_error ("%s is in the corpus but not in test-hostile.c", name);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("`%s`", cases[i].name);

      if (strstr (readme, quoted) == NULL)
        g_error ("%s is not described in tests/files/hostile/README.md", cases[i].name);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *canary = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

#if defined(__SANITIZE_ADDRESS__)
  time_factor = 3;
  memory_factor = 2;
#endif
  if (RUNNING_ON_VALGRIND)
    {
      time_factor = 30;
      memory_factor = 3;
    }

  tmp_dir = waymark_test_make_dir ("test-hostile");

  /* The secret the external-entity cases would leak. g_file_set_contents()
   * replaces whatever is at the path, a symbolic link included. */
  secret = g_strdup_printf (CANARY_PREFIX "%08x%08x", g_random_int (), g_random_int ());
  canary = g_strdup_printf ("%s\n", secret);
  if (!g_file_set_contents (CANARY_PATH, canary, -1, &error))
    g_error ("cannot write the canary: %s", error->message);
  g_chmod (CANARY_PATH, 0644);
  inotify_fd = inotify_init1 (IN_NONBLOCK | IN_CLOEXEC);
  g_assert_cmpint (inotify_fd, >=, 0);
  g_assert_cmpint (inotify_add_watch (inotify_fd, CANARY_PATH, IN_OPEN | IN_ACCESS), >=, 0);

  g_test_add_func ("/waymark/hostile/manifest", test_manifest);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/waymark/hostile/%s", cases[i].name);

      g_test_add_data_func (test_path, &cases[i], test_case);
    }

  ret = g_test_run ();

  close (inotify_fd);
  g_unlink (CANARY_PATH);
  waymark_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  g_free (case_path);
  g_free (secret);
  return ret;
}
