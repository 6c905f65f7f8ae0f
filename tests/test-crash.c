/* test-crash.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kills a child process in the middle of saves and autosaves, at each
 * fault point of the store and at random moments, and checks that the
 * file it was writing always opens and holds the old or the new document,
 * whole, with no journal beside it.
 *
 * The children never return into the test framework: they end with
 * _exit() (or SIGKILL), so no TAP output, atexit handler or LeakSanitizer
 * report comes from them.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-store-private.h"
#include "waymark-test-util.h"

#ifdef __SANITIZE_ADDRESS__
/* AddressSanitizer keeps up to 256 MB of freed memory in quarantine, never
 * reused: every allocation of a freshly forked child then faults in new
 * pages, and a save in a child takes several times as long as here (more
 * than 15 s for this test). A small quarantine still catches uses of
 * recently freed memory; test-store and test-recovery run the same code
 * with the full one. ASAN_OPTIONS still overrides this. */
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "quarantine_size_mb=4";
}
#endif

/* How a child ended other than by being killed on purpose. */
#define CHILD_SAVED        0
#define CHILD_SAVE_FAILED  3

/* Random kills per test; with the kills at each fault point, the total
 * is several hundred. */
#define N_RANDOM_SAVE_KILLS     200
#define N_RANDOM_AUTOSAVE_KILLS 80

typedef enum
{
  STATE_OLD,
  STATE_NEW,
} State;

typedef struct
{
  char            *dir;
  char            *path;
  GFile           *file;
  WaymarkDocument *old_document;
  WaymarkDocument *new_document;
  char            *old_dump;
  char            *new_dump;
  guint            n_temporaries;  /* left by killed saves */
} Fixture;

/* For the fault hooks: a child counts down the points to its death. */
static guint kill_at_point;
static guint n_points_reached;
static GPtrArray *points_seen;

/* What the file holds when a random-kill child starts; it saves the other
 * state first. */
static State current_state;

static void
record_point (const char *point)
{
  g_ptr_array_add (points_seen, g_strdup (point));
}

static void
die_at_point (const char *point)
{
  if (++n_points_reached == kill_at_point)
    raise (SIGKILL);
}

static pid_t
fork_child (void)
{
  pid_t pid;

  /* Nothing buffered may be written twice. */
  fflush (stdout);
  fflush (stderr);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  return pid;
}

/* Returns TRUE if the child was killed by SIGKILL, FALSE if it exited 0;
 * anything else fails the test. */
static gboolean
wait_child (pid_t pid)
{
  int status = 0;
  pid_t ret;

  do
    ret = waitpid (pid, &status, 0);
  while (ret < 0 && errno == EINTR);
  g_assert_cmpint (ret, ==, pid);

  if (WIFSIGNALED (status))
    {
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      return TRUE;
    }

  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == CHILD_SAVE_FAILED)
    g_error ("the save in the child failed");
  g_assert_cmpint (WEXITSTATUS (status), ==, CHILD_SAVED);
  return FALSE;
}

/* A killed save may leave its temporary file “.BASE.XXXXXX” behind, but
 * never a journal or WAL; anything else in @dir must be in @allowed.
 * Removes the temporaries and returns how many there were. */
static guint
check_dir (const char         *dir,
           const char * const *allowed,
           const char         *what)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_temporaries = 0;

  g_assert_nonnull (handle);

  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      gboolean temporary = FALSE;

      if (g_str_has_suffix (name, "-journal") || g_str_has_suffix (name, "-wal") ||
          g_str_has_suffix (name, "-shm"))
        g_error ("%s: a save left “%s” behind in %s", what, name, dir);

      for (guint i = 0; allowed[i] != NULL && !temporary; i++)
        {
          g_autofree char *prefix = g_strdup_printf (".%s.", allowed[i]);

          temporary = g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6;
        }

      if (temporary)
        {
          g_assert_cmpint (g_unlink (path), ==, 0);
          n_temporaries++;
        }
      else if (!g_strv_contains (allowed, name))
        g_error ("%s: unexpected file “%s” in %s", what, name, dir);
    }

  return n_temporaries;
}

static State
classify (const char *dump,
          const char *old_dump,
          const char *new_dump,
          const char *what)
{
  if (g_str_equal (dump, old_dump))
    return STATE_OLD;
  if (g_str_equal (dump, new_dump))
    return STATE_NEW;

  g_error ("%s: the document is neither the old nor the new one", what);
  return STATE_OLD;
}

/* The target must open, with no error, as the old or the new document. */
static State
check_target (Fixture    *fixture,
              const char *what)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;

  document = waymark_store_open (fixture->file, &error);
  if (error != NULL)
    g_error ("%s: the file does not open: %s", what, error->message);

  dump = waymark_test_dump_document (document);
  return classify (dump, fixture->old_dump, fixture->new_dump, what);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = waymark_test_make_dir ("crash");
  fixture->path = g_build_filename (fixture->dir, "map.waymark", NULL);
  fixture->file = g_file_new_for_path (fixture->path);

  /* Big enough for every table and dozens of pages; small enough that
   * hundreds of saves, kills and loads take seconds under ASan too. */
  fixture->old_document = waymark_generate (150, 8, 6, 1);
  fixture->new_document = waymark_generate (170, 9, 6, 2);
  fixture->old_dump = waymark_test_dump_document (fixture->old_document);
  fixture->new_dump = waymark_test_dump_document (fixture->new_document);
  g_assert_cmpstr (fixture->old_dump, !=, fixture->new_dump);

  g_assert_true (waymark_store_write (fixture->old_document, fixture->file, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check_target (fixture, "set-up"), ==, STATE_OLD);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  _waymark_store_set_fault_hook (NULL);
  waymark_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_object (&fixture->file);
  g_clear_object (&fixture->old_document);
  g_clear_object (&fixture->new_document);
  g_clear_pointer (&fixture->old_dump, g_free);
  g_clear_pointer (&fixture->new_dump, g_free);
}

/* The fault points one save passes, in order. */
static GPtrArray *
list_points (WaymarkDocument *document,
             GFile           *file)
{
  g_autoptr(GError) error = NULL;
  guint n_types;

  waymark_item_types (&n_types);

  points_seen = g_ptr_array_new_with_free_func (g_free);
  _waymark_store_set_fault_hook (record_point);
  g_assert_true (waymark_store_write (document, file, &error));
  g_assert_no_error (error);
  _waymark_store_set_fault_hook (NULL);

  /* created, schema, a table after each table, written, synced, renamed, done */
  g_assert_cmpuint (points_seen->len, ==, n_types + 6);
  g_assert_cmpstr (g_ptr_array_index (points_seen, 0), ==, "created");
  g_assert_cmpstr (g_ptr_array_index (points_seen, 1), ==, "schema");
  for (guint i = 0; i < n_types; i++)
    g_assert_cmpstr (g_ptr_array_index (points_seen, 2 + i), ==, "table");
  g_assert_cmpstr (g_ptr_array_index (points_seen, n_types + 2), ==, "written");
  g_assert_cmpstr (g_ptr_array_index (points_seen, n_types + 3), ==, "synced");
  g_assert_cmpstr (g_ptr_array_index (points_seen, n_types + 4), ==, "renamed");
  g_assert_cmpstr (g_ptr_array_index (points_seen, n_types + 5), ==, "done");

  return g_steal_pointer (&points_seen);
}

/* The file changes at the rename: before it the old document is there,
 * from then on the new one. */
static State
expected_state (GPtrArray *points,
                guint      index)
{
  for (guint i = 0; i <= index; i++)
    if (g_str_equal (g_ptr_array_index (points, i), "renamed"))
      return STATE_NEW;
  return STATE_OLD;
}

/* Microseconds the first save of @document takes in a freshly forked
 * child, where it is slower than in the parent (copy-on-write faults); the
 * slowest of three. */
static gint64
measure_save (WaymarkDocument *document,
              const char      *dir)
{
  g_autofree char *path = g_build_filename (dir, "timing.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 slowest = 0;

  for (guint i = 0; i < 3; i++)
    {
      gint64 duration = 0;
      int fds[2];
      pid_t pid;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork_child ();
      if (pid == 0)
        {
          gint64 start = g_get_monotonic_time ();

          close (fds[0]);
          if (!waymark_store_write (document, file, NULL))
            waymark_test_exit_child (CHILD_SAVE_FAILED);
          duration = g_get_monotonic_time () - start;
          if (write (fds[1], &duration, sizeof duration) != sizeof duration)
            waymark_test_exit_child (CHILD_SAVE_FAILED);
          waymark_test_exit_child (CHILD_SAVED);
        }

      close (fds[1]);
      g_assert_cmpint (read (fds[0], &duration, sizeof duration), ==, sizeof duration);
      close (fds[0]);
      g_assert_false (wait_child (pid));
      slowest = MAX (slowest, duration);
    }

  g_unlink (path);
  return slowest;
}

/* A child that tells the parent it is about to start, so that the random
 * delay counts from the first save and not from fork(). */
static void
wait_for_start (int fd)
{
  char byte;
  gssize n;

  do
    n = read (fd, &byte, 1);
  while (n < 0 && errno == EINTR);
  g_assert_cmpint (n, ==, 1);
}

static void
signal_start (int fd)
{
  char byte = 's';

  if (write (fd, &byte, 1) != 1)
    waymark_test_exit_child (CHILD_SAVE_FAILED);
}

static void
report_saved (int fd)
{
  char byte = 'd';

  if (write (fd, &byte, 1) != 1)
    waymark_test_exit_child (CHILD_SAVE_FAILED);
}

/* A child that saves (or autosaves) forever, alternating between the two
 * states, the other state first; it reports each save done on @fd. */
typedef void (*SaveLoop) (gpointer data,
                          int      fd);

/* Whatever the child did: the file opens as the old or the new document. */
typedef State (*CheckFunc) (gpointer    data,
                            const char *what);

/* Kills a child running @loop after a random delay; returns how many saves
 * it reported done. */
static guint
kill_after_random_delay (gint64   max_delay,
                         SaveLoop loop,
                         gpointer data)
{
  int fds[2];
  pid_t pid;
  gint64 delay = g_test_rand_int_range (0, (gint32) MAX (max_delay, 1));
  guint n_done = 0;
  char buffer[64];
  gssize n;

  g_assert_cmpint (pipe (fds), ==, 0);

  pid = fork_child ();
  if (pid == 0)
    {
      close (fds[0]);
      signal_start (fds[1]);
      loop (data, fds[1]);
      waymark_test_exit_child (CHILD_SAVE_FAILED);
    }

  close (fds[1]);
  wait_for_start (fds[0]);
  g_usleep (delay);
  kill (pid, SIGKILL);
  g_assert_true (wait_child (pid));

  while ((n = read (fds[0], buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      n_done += n;
    }
  close (fds[0]);

  return n_done;
}

/* Kills @n_kills children at random moments of their saves and checks
 * the file after each.
 *
 * The delays are uniform up to a limit that starts at twice the measured
 * save time, then follows how fast saves in the children really are (a
 * parallel build, a sanitizer…): it grows after a kill during a child's
 * first save and shrinks after a later one, so that about half the kills
 * come in the first save and the other half later. */
static void
random_kills (const char *name,
              guint       n_kills,
              gint64      save_time,
              SaveLoop    loop,
              CheckFunc   check,
              gpointer    data)
{
  gint64 max_delay = 2 * save_time;
  gint64 start = g_get_monotonic_time ();
  guint n_first = 0;
  guint n_changed = 0;

  current_state = check (data, "before");

  for (guint i = 0; i < n_kills; i++)
    {
      g_autofree char *what = g_strdup_printf ("%s killed at random (%u)", name, i);
      guint n_done;
      State state;

      n_done = kill_after_random_delay (max_delay, loop, data);
      state = check (data, what);

      n_first += n_done == 0;
      n_changed += state != current_state;
      max_delay = n_done == 0 ? max_delay * 21 / 20 : max_delay * 19 / 20;
      max_delay = CLAMP (max_delay, 200, 1000000);
      current_state = state;
    }

  g_test_message ("%u random kills of %s (a save takes %" G_GINT64_FORMAT " us, delays finally up to %"
                  G_GINT64_FORMAT " us) in %.1f s: %u in the first save, %u changed the file",
                  n_kills, name, save_time, max_delay,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  n_first, n_changed);

  /* Otherwise the kills all came too early or too late to test much. */
  g_assert_cmpuint (n_first, >, 0);
  g_assert_cmpuint (n_first, <, n_kills);
  g_assert_cmpuint (n_changed, >, 0);
}

/* Saving over an existing file, killed at each fault point in turn. */
static void
test_save_at_each_point (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char * const allowed[] = { "map.waymark", NULL };
  g_autofree char *scratch_path = g_build_filename (fixture->dir, "scratch.waymark", NULL);
  g_autoptr(GFile) scratch = g_file_new_for_path (scratch_path);
  g_autoptr(GPtrArray) points = list_points (fixture->new_document, scratch);
  guint n_kills = 0;

  g_unlink (scratch_path);

  /* One more round than there are points: the last save completes. */
  for (guint i = 0; i <= points->len; i++)
    {
      g_autofree char *what = NULL;
      State expected;
      guint n_temporaries;
      pid_t pid;

      pid = fork_child ();
      if (pid == 0)
        {
          kill_at_point = i + 1;
          _waymark_store_set_fault_hook (die_at_point);
          if (!waymark_store_save (fixture->new_document, fixture->file, NULL))
            waymark_test_exit_child (CHILD_SAVE_FAILED);
          waymark_test_exit_child (CHILD_SAVED);
        }

      if (i < points->len)
        {
          what = g_strdup_printf ("save killed at point %u (%s)", i + 1,
                                  (const char *) g_ptr_array_index (points, i));
          g_assert_true (wait_child (pid));
          expected = expected_state (points, i);
          n_kills++;
        }
      else
        {
          what = g_strdup ("save not killed");
          g_assert_false (wait_child (pid));
          expected = STATE_NEW;
        }

      g_assert_cmpint (check_target (fixture, what), ==, expected);

      /* The temporary file exists from “created” until the rename. */
      n_temporaries = check_dir (fixture->dir, allowed, what);
      g_assert_cmpuint (n_temporaries, ==, expected == STATE_OLD ? 1 : 0);

      if (expected == STATE_NEW)
        {
          g_autoptr(GError) error = NULL;

          g_assert_true (waymark_store_write (fixture->old_document, fixture->file, &error));
          g_assert_no_error (error);
        }
    }

  g_test_message ("%u kills at %u fault points", n_kills, points->len);
}

/* The first save of a document, where there is no old file. */
static void
test_first_save_at_each_point (Fixture       *fixture,
                               gconstpointer  user_data)
{
  const char * const allowed[] = { "new.waymark", NULL };
  g_autofree char *dir = waymark_test_make_dir ("crash-first");
  g_autofree char *path = g_build_filename (dir, "new.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GPtrArray) points = list_points (fixture->new_document, file);

  g_assert_cmpint (g_unlink (path), ==, 0);

  for (guint i = 0; i < points->len; i++)
    {
      State expected = expected_state (points, i);
      pid_t pid;

      pid = fork_child ();
      if (pid == 0)
        {
          kill_at_point = i + 1;
          _waymark_store_set_fault_hook (die_at_point);
          waymark_store_save (fixture->new_document, file, NULL);
          waymark_test_exit_child (CHILD_SAVE_FAILED);
        }
      g_assert_true (wait_child (pid));

      g_assert_cmpuint (check_dir (dir, allowed, "first save"), ==, expected == STATE_OLD ? 1 : 0);

      if (expected == STATE_OLD)
        {
          /* Nothing is there yet: not an empty or partial file. */
          g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
        }
      else
        {
          g_autoptr(WaymarkDocument) document = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *dump = NULL;

          document = waymark_store_open (file, &error);
          g_assert_no_error (error);
          dump = waymark_test_dump_document (document);
          g_assert_cmpstr (dump, ==, fixture->new_dump);
          g_assert_cmpint (g_unlink (path), ==, 0);
        }
    }

  waymark_test_remove_dir (dir);
}

static void
save_forever (gpointer data,
              int      fd)
{
  Fixture *fixture = data;

  for (guint i = current_state == STATE_OLD ? 0 : 1; ; i++)
    {
      if (!waymark_store_write (i % 2 == 0 ? fixture->new_document : fixture->old_document,
                                fixture->file, NULL))
        waymark_test_exit_child (CHILD_SAVE_FAILED);
      report_saved (fd);
    }
}

static State
check_save (gpointer    data,
            const char *what)
{
  const char * const allowed[] = { "map.waymark", NULL };
  Fixture *fixture = data;
  State state = check_target (fixture, what);

  fixture->n_temporaries += check_dir (fixture->dir, allowed, what);
  return state;
}

/* Saves killed at random moments, scaled to how long a save takes here. */
static void
test_save_random_kills (Fixture       *fixture,
                        gconstpointer  user_data)
{
  gint64 save_time = measure_save (fixture->new_document, fixture->dir);

  random_kills ("save", N_RANDOM_SAVE_KILLS, save_time, save_forever, check_save, fixture);

  /* Some kills came after the file was written and before the rename. */
  g_assert_cmpuint (fixture->n_temporaries, >, 0);
}

/* A later save removes temporaries that killed saves left, once they are
 * older than any save in progress could be. */
static void
test_stale_temporaries_removed (Fixture       *fixture,
                                gconstpointer  user_data)
{
  const char * const names[] = { ".map.waymark.OLD123", ".map.waymark.NEW123", ".other.waymark.OLD123" };
  const gboolean stale[] = { TRUE, FALSE, TRUE };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      struct utimbuf times = { now - 11 * 60, now - 11 * 60 };

      g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
      if (stale[i])
        g_assert_cmpint (g_utime (path, &times), ==, 0);
    }

  g_assert_true (waymark_store_write (fixture->new_document, fixture->file, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      /* Only this file's own temporaries are its business. */
      gboolean removed = stale[i] && g_str_has_prefix (names[i], ".map.waymark.");

      g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, !removed);
    }
}

/* Autosave: a document with a file, modified, whose recovery copy holds
 * an older state of the changes. */
typedef struct
{
  char            *dir;
  GFile           *source;
  WaymarkDocument *document;
  GFile           *recovery_file;
  char            *old_dump;
  char            *new_dump;
} AutosaveFixture;

static void
remove_recovery_dir (void)
{
  g_autofree char *dir = waymark_recovery_get_dir ();

  waymark_test_remove_dir (dir);
}

static void
autosave_set_up (AutosaveFixture *fixture,
                 gconstpointer    user_data)
{
  g_autoptr(WaymarkDocument) original = waymark_generate (150, 8, 6, 1);
  g_autofree char *path = NULL;
  GPtrArray *cards;
  g_autoptr(GError) error = NULL;

  remove_recovery_dir ();

  fixture->dir = waymark_test_make_dir ("crash-autosave");
  path = g_build_filename (fixture->dir, "map.waymark", NULL);
  fixture->source = g_file_new_for_path (path);
  g_assert_true (waymark_store_save (original, fixture->source, &error));
  g_assert_no_error (error);

  fixture->document = waymark_store_open (fixture->source, &error);
  g_assert_no_error (error);

  /* The old state: one change, in the recovery copy. */
  waymark_document_set (fixture->document, fixture->document, "title", "Edited Before the Crash", NULL);
  g_assert_true (waymark_document_get_modified (fixture->document));
  g_assert_true (waymark_store_autosave (fixture->document, &error));
  g_assert_no_error (error);
  fixture->recovery_file = g_object_ref (waymark_store_get_recovery_file (fixture->document));
  fixture->old_dump = waymark_test_dump_document (fixture->document);

  /* The new state: another change, not autosaved yet. */
  cards = waymark_document_get_items (fixture->document, WAYMARK_TYPE_CARD);
  g_assert_cmpuint (cards->len, >, 10);
  waymark_document_set (fixture->document, g_ptr_array_index (cards, 10),
                        "title", "Changed While Autosaving", NULL);
  fixture->new_dump = waymark_test_dump_document (fixture->document);
  g_assert_cmpstr (fixture->old_dump, !=, fixture->new_dump);
}

static void
autosave_tear_down (AutosaveFixture *fixture,
                    gconstpointer    user_data)
{
  _waymark_store_set_fault_hook (NULL);
  remove_recovery_dir ();
  waymark_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->document);
  g_clear_object (&fixture->recovery_file);
  g_clear_pointer (&fixture->old_dump, g_free);
  g_clear_pointer (&fixture->new_dump, g_free);
}

/* The recovery folder must list the one copy, intact, as the old or the
 * new state of the changes. */
static State
check_recovery (AutosaveFixture *fixture,
                const char      *what)
{
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autofree char *name = g_file_get_basename (fixture->recovery_file);
  const char * const allowed[] = { name, NULL };
  g_autoptr(GPtrArray) entries = waymark_recovery_list ();
  g_autoptr(WaymarkDocument) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  WaymarkRecoveryEntry *entry;

  check_dir (dir, allowed, what);

  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  if (entry->problem != NULL)
    g_error ("%s: the recovery copy is damaged: %s", what, entry->problem);
  g_assert_true (g_file_equal (entry->file, fixture->recovery_file));
  g_assert_nonnull (entry->source);
  g_assert_true (g_file_equal (entry->source, fixture->source));
  g_assert_cmpstr (entry->title, ==, "Edited Before the Crash");

  restored = waymark_recovery_restore (entry, &error);
  if (error != NULL)
    g_error ("%s: the recovery copy does not open: %s", what, error->message);
  dump = waymark_test_dump_document (restored);
  return classify (dump, fixture->old_dump, fixture->new_dump, what);
}

static State
check_autosave (gpointer    data,
                const char *what)
{
  return check_recovery (data, what);
}

/* Puts the old state back into the recovery copy. */
static void
reset_recovery (AutosaveFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (waymark_document_undo (fixture->document));
  g_assert_true (waymark_store_autosave (fixture->document, &error));
  g_assert_no_error (error);
  g_assert_true (waymark_document_redo (fixture->document));
}

static void
test_autosave_at_each_point (AutosaveFixture *fixture,
                             gconstpointer    user_data)
{
  g_autofree char *scratch_path = g_build_filename (fixture->dir, "scratch.waymark", NULL);
  g_autoptr(GFile) scratch = g_file_new_for_path (scratch_path);
  g_autoptr(GPtrArray) points = list_points (fixture->document, scratch);
  g_autofree char *source_checksum = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_unlink (scratch_path);
  g_assert_true (g_file_load_contents (fixture->source, NULL, &contents, &length, NULL, NULL));
  source_checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  g_clear_pointer (&contents, g_free);

  g_assert_cmpint (check_recovery (fixture, "before"), ==, STATE_OLD);

  for (guint i = 0; i <= points->len; i++)
    {
      g_autofree char *what = NULL;
      State expected;
      pid_t pid;

      pid = fork_child ();
      if (pid == 0)
        {
          kill_at_point = i + 1;
          _waymark_store_set_fault_hook (die_at_point);
          if (!waymark_store_autosave (fixture->document, NULL))
            waymark_test_exit_child (CHILD_SAVE_FAILED);
          waymark_test_exit_child (CHILD_SAVED);
        }

      if (i < points->len)
        {
          what = g_strdup_printf ("autosave killed at point %u (%s)", i + 1,
                                  (const char *) g_ptr_array_index (points, i));
          g_assert_true (wait_child (pid));
          expected = expected_state (points, i);
        }
      else
        {
          what = g_strdup ("autosave not killed");
          g_assert_false (wait_child (pid));
          expected = STATE_NEW;
        }

      g_assert_cmpint (check_recovery (fixture, what), ==, expected);
      if (expected == STATE_NEW)
        reset_recovery (fixture);
    }

  /* Autosaving never touches the document's own file. */
  g_assert_true (g_file_load_contents (fixture->source, NULL, &contents, &length, NULL, NULL));
  {
    g_autofree char *checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);

    g_assert_cmpstr (checksum, ==, source_checksum);
  }
}

/* The first autosave of an untitled document: no copy yet. */
static void
test_first_autosave_at_each_point (void)
{
  g_autoptr(WaymarkDocument) document = waymark_generate (150, 8, 6, 3);
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autofree char *scratch_dir = waymark_test_make_dir ("crash-scratch");
  g_autofree char *scratch_path = g_build_filename (scratch_dir, "scratch.waymark", NULL);
  g_autoptr(GFile) scratch = g_file_new_for_path (scratch_path);
  g_autoptr(GPtrArray) points = NULL;
  g_autofree char *dump = NULL;

  remove_recovery_dir ();

  waymark_document_set (document, document, "title", "Never Saved", NULL);
  g_assert_true (waymark_document_get_modified (document));
  g_assert_null (waymark_store_get_recovery_file (document));
  dump = waymark_test_dump_document (document);
  points = list_points (document, scratch);
  waymark_test_remove_dir (scratch_dir);

  for (guint i = 0; i < points->len; i++)
    {
      State expected = expected_state (points, i);
      g_autoptr(GPtrArray) entries = NULL;
      g_autoptr(GDir) handle = NULL;
      const char *name;
      guint n_files = 0;
      pid_t pid;

      pid = fork_child ();
      if (pid == 0)
        {
          kill_at_point = i + 1;
          _waymark_store_set_fault_hook (die_at_point);
          waymark_store_autosave (document, NULL);
          waymark_test_exit_child (CHILD_SAVE_FAILED);
        }
      g_assert_true (wait_child (pid));

      /* Whatever the child left, the listing copes with it. */
      entries = waymark_recovery_list ();
      g_assert_cmpuint (entries->len, ==, expected == STATE_NEW ? 1 : 0);
      if (entries->len == 1)
        {
          WaymarkRecoveryEntry *entry = g_ptr_array_index (entries, 0);
          g_autoptr(WaymarkDocument) restored = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *restored_dump = NULL;

          g_assert_null (entry->problem);
          g_assert_null (entry->source);
          g_assert_cmpstr (entry->title, ==, "Never Saved");
          restored = waymark_recovery_restore (entry, &error);
          g_assert_no_error (error);
          restored_dump = waymark_test_dump_document (restored);
          g_assert_cmpstr (restored_dump, ==, dump);
        }

      /* The copy, or its temporary file, and nothing else. */
      handle = g_dir_open (dir, 0, NULL);
      g_assert_nonnull (handle);
      while ((name = g_dir_read_name (handle)))
        {
          g_assert_true (g_str_has_prefix (name, ".") != (expected == STATE_NEW));
          g_assert_false (g_str_has_suffix (name, "-journal"));
          n_files++;
        }
      g_assert_cmpuint (n_files, ==, 1);

      remove_recovery_dir ();
    }
}

static void
autosave_forever (gpointer data,
                  int      fd)
{
  AutosaveFixture *fixture = data;

  /* The document is in the new state; undo and redo only change the
   * memory. Each autosave changes the copy: the other state first. */
  if (current_state == STATE_NEW)
    waymark_document_undo (fixture->document);

  for (;;)
    {
      if (!waymark_store_autosave (fixture->document, NULL))
        waymark_test_exit_child (CHILD_SAVE_FAILED);
      report_saved (fd);
      if (waymark_document_get_can_redo (fixture->document))
        waymark_document_redo (fixture->document);
      else
        waymark_document_undo (fixture->document);
    }
}

static void
test_autosave_random_kills (AutosaveFixture *fixture,
                            gconstpointer    user_data)
{
  gint64 save_time = measure_save (fixture->document, fixture->dir);

  random_kills ("autosave", N_RANDOM_AUTOSAVE_KILLS, save_time, autosave_forever,
                check_autosave, fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  /* Before anything asks GLib for it: g_get_user_data_dir() caches. */
  data_home = waymark_test_make_dir ("crash-data");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/waymark/crash/save-at-each-point", Fixture, NULL,
              fixture_set_up, test_save_at_each_point, fixture_tear_down);
  g_test_add ("/waymark/crash/first-save-at-each-point", Fixture, NULL,
              fixture_set_up, test_first_save_at_each_point, fixture_tear_down);
  g_test_add ("/waymark/crash/save-random-kills", Fixture, NULL,
              fixture_set_up, test_save_random_kills, fixture_tear_down);
  g_test_add ("/waymark/crash/stale-temporaries-removed", Fixture, NULL,
              fixture_set_up, test_stale_temporaries_removed, fixture_tear_down);
  g_test_add ("/waymark/crash/autosave-at-each-point", AutosaveFixture, NULL,
              autosave_set_up, test_autosave_at_each_point, autosave_tear_down);
  g_test_add_func ("/waymark/crash/first-autosave-at-each-point", test_first_autosave_at_each_point);
  g_test_add ("/waymark/crash/autosave-random-kills", AutosaveFixture, NULL,
              autosave_set_up, test_autosave_random_kills, autosave_tear_down);

  ret = g_test_run ();

  waymark_test_remove_dir (data_home);
  return ret;
}
