/* test-recovery.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Autosave and recovery copies, and saves that cannot go through: the file
 * moved or replaced while open, a full disk, a read-only location.
 */

#include "config.h"

#include <errno.h>
#include <grp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "waymark-core.h"
#include "waymark-test-util.h"

/* The user a root test run drops to for permission checks. */
#define NOBODY 65534

typedef struct
{
  char *dir;
} Fixture;

static void
remove_recovery_dir (void)
{
  g_autofree char *dir = waymark_recovery_get_dir ();

  waymark_test_remove_dir (dir);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  remove_recovery_dir ();
  fixture->dir = waymark_test_make_dir ("recovery");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  remove_recovery_dir ();
  waymark_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
}

static GFile *
fixture_file (Fixture    *fixture,
              const char *name)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return g_file_new_for_path (path);
}

static char *
dump_file (GFile *file)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  return waymark_test_dump_document (document);
}

static char *
checksum_file (GFile *file)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
assert_contains (const char *text,
                 const char *fragment)
{
  if (text == NULL || strstr (text, fragment) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", fragment);
}

/* Edits one card's title: a modification that the dump shows. */
static void
edit_card (WaymarkDocument *document,
           guint            index,
           const char      *title)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  g_assert_cmpuint (cards->len, >, index);
  waymark_document_set (document, g_ptr_array_index (cards, index), "title", title, NULL);
  g_assert_true (waymark_document_get_modified (document));
}

static void
autosave (WaymarkDocument *document)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (waymark_store_autosave (document, &error));
  g_assert_no_error (error);
  g_assert_nonnull (waymark_store_get_recovery_file (document));
}

/* The one entry the recovery folder lists. */
static WaymarkRecoveryEntry *
list_one (void)
{
  g_autoptr(GPtrArray) entries = waymark_recovery_list ();

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  return g_ptr_array_steal_index (entries, 0);
}

static void
assert_no_recovery (void)
{
  g_autoptr(GPtrArray) entries = waymark_recovery_list ();

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
save_new (WaymarkDocument *document,
          GFile           *file)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (waymark_store_save (document, file, &error));
  g_assert_no_error (error);
}

static void
test_unmodified_writes_nothing (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autoptr(GFile) file = fixture_file (fixture, "map.waymark");
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autoptr(WaymarkDocument) created = NULL;
  g_autoptr(WaymarkDocument) loaded = NULL;
  g_autoptr(GError) error = NULL;

  created = waymark_store_new_document ("ecommerce", "Fresh", &error);
  g_assert_no_error (error);
  g_assert_false (waymark_document_get_modified (created));
  g_assert_true (waymark_store_autosave (created, &error));
  g_assert_no_error (error);
  g_assert_null (waymark_store_get_recovery_file (created));

  save_new (created, file);
  loaded = waymark_store_open (file, &error);
  g_assert_no_error (error);
  g_assert_true (waymark_store_autosave (loaded, &error));
  g_assert_no_error (error);
  g_assert_null (waymark_store_get_recovery_file (loaded));

  /* A change undone is no change. */
  edit_card (loaded, 0, "Undone");
  g_assert_true (waymark_document_undo (loaded));
  g_assert_false (waymark_document_get_modified (loaded));
  g_assert_true (waymark_store_autosave (loaded, &error));
  g_assert_no_error (error);
  g_assert_null (waymark_store_get_recovery_file (loaded));

  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  assert_no_recovery ();
}

static void
test_untitled (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autofree char *expected_dir = g_build_filename (g_getenv ("XDG_DATA_HOME"), "waymark", "recovery", NULL);
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkDocument) restored = NULL;
  g_autoptr(WaymarkRecoveryEntry) entry = NULL;
  g_autoptr(GFile) recovery_file = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) file = fixture_file (fixture, "saved.waymark");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *restored_dump = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  GStatBuf st;

  g_assert_cmpstr (dir, ==, expected_dir);

  document = waymark_store_new_document ("ecommerce", "Draft", &error);
  g_assert_no_error (error);
  edit_card (document, 0, "Changed, Never Saved");
  autosave (document);
  dump = waymark_test_dump_document (document);

  /* A private copy, in a private folder. */
  recovery_file = g_object_ref (waymark_store_get_recovery_file (document));
  parent = g_file_get_parent (recovery_file);
  path = g_file_get_path (parent);
  g_assert_cmpstr (path, ==, dir);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_clear_pointer (&path, g_free);
  path = g_file_get_path (recovery_file);
  g_assert_true (g_str_has_suffix (path, ".waymark"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  entry = list_one ();
  g_assert_true (g_file_equal (entry->file, recovery_file));
  g_assert_cmpstr (entry->title, ==, "Draft");
  g_assert_nonnull (entry->saved);
  g_assert_cmpint (g_date_time_to_unix (entry->saved), >=, before - 1);
  g_assert_cmpint (g_date_time_to_unix (entry->saved), <=, g_get_real_time () / G_USEC_PER_SEC + 1);
  g_assert_null (entry->source);
  g_assert_null (entry->problem);

  restored = waymark_recovery_restore (entry, &error);
  g_assert_no_error (error);
  g_assert_true (waymark_document_get_modified (restored));
  g_assert_null (waymark_document_get_file (restored));
  g_assert_true (g_file_equal (waymark_store_get_recovery_file (restored), recovery_file));
  restored_dump = waymark_test_dump_document (restored);
  g_assert_cmpstr (restored_dump, ==, dump);

  /* Further changes go into the same copy. */
  edit_card (restored, 1, "Changed After Recovery");
  autosave (restored);
  g_assert_true (g_file_equal (waymark_store_get_recovery_file (restored), recovery_file));
  g_clear_pointer (&entry, waymark_recovery_entry_free);
  entry = list_one ();
  g_assert_true (g_file_equal (entry->file, recovery_file));
  g_clear_pointer (&restored_dump, g_free);
  restored_dump = waymark_test_dump_document (restored);
  g_clear_pointer (&dump, g_free);
  dump = dump_file (recovery_file);
  g_assert_cmpstr (dump, ==, restored_dump);

  /* Saving puts every change in the file: the copy goes. */
  save_new (restored, file);
  g_assert_false (waymark_document_get_modified (restored));
  g_assert_null (waymark_store_get_recovery_file (restored));
  g_assert_false (g_file_query_exists (recovery_file, NULL));
  assert_no_recovery ();
  g_clear_pointer (&dump, g_free);
  dump = dump_file (file);
  g_assert_cmpstr (dump, ==, restored_dump);
}

static void
test_saved_document (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GFile) file = fixture_file (fixture, "map.waymark");
  g_autoptr(WaymarkDocument) original = waymark_generate (200, 6, 5, 11);
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkDocument) restored = NULL;
  g_autoptr(WaymarkRecoveryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *after = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *restored_dump = NULL;

  save_new (original, file);
  checksum = checksum_file (file);

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  edit_card (document, 3, "Changed in a Saved Map");
  autosave (document);
  dump = waymark_test_dump_document (document);

  /* The copy is beside, never instead of, the document's own file. */
  after = checksum_file (file);
  g_assert_cmpstr (after, ==, checksum);
  g_assert_false (g_file_equal (waymark_store_get_recovery_file (document), file));

  entry = list_one ();
  g_assert_null (entry->problem);
  g_assert_cmpstr (entry->title, ==, waymark_document_get_title (original));
  g_assert_nonnull (entry->source);
  g_assert_true (g_file_equal (entry->source, file));

  /* The session ends without saving; the next one restores the copy. */
  g_clear_object (&document);

  restored = waymark_recovery_restore (entry, &error);
  g_assert_no_error (error);
  g_assert_true (waymark_document_get_modified (restored));
  g_assert_true (g_file_equal (waymark_document_get_file (restored), file));
  g_assert_true (g_file_equal (waymark_store_get_recovery_file (restored), entry->file));
  restored_dump = waymark_test_dump_document (restored);
  g_assert_cmpstr (restored_dump, ==, dump);

  /* Saving it (to its own file) deletes the copy. */
  g_assert_true (waymark_store_save (restored, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (waymark_document_get_modified (restored));
  g_assert_false (g_file_query_exists (entry->file, NULL));
  assert_no_recovery ();
  g_clear_pointer (&dump, g_free);
  dump = dump_file (file);
  g_assert_cmpstr (dump, ==, restored_dump);
}

static void
test_discard (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) recovery_file = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_new_document ("support-call", "Thrown Away", &error);
  g_assert_no_error (error);
  edit_card (document, 0, "Not Wanted");
  autosave (document);
  recovery_file = g_object_ref (waymark_store_get_recovery_file (document));
  g_assert_true (g_file_query_exists (recovery_file, NULL));

  waymark_store_discard_recovery (document);
  g_assert_null (waymark_store_get_recovery_file (document));
  g_assert_false (g_file_query_exists (recovery_file, NULL));
  assert_no_recovery ();

  /* Discarding twice is harmless. */
  waymark_store_discard_recovery (document);
  assert_no_recovery ();
}

typedef enum
{
  DAMAGE_GARBAGE,
  DAMAGE_TRUNCATE,
} Damage;

static void
test_damaged (Fixture       *fixture,
              gconstpointer  user_data)
{
  Damage damage = GPOINTER_TO_INT (user_data);
  g_autoptr(WaymarkDocument) document = waymark_generate (300, 8, 6, 5);
  g_autoptr(WaymarkDocument) restored = NULL;
  g_autoptr(WaymarkRecoveryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  waymark_document_set (document, document, "title", "About to Break", NULL);
  autosave (document);
  path = g_file_get_path (waymark_store_get_recovery_file (document));
  name = g_path_get_basename (path);

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);

  if (damage == DAMAGE_GARBAGE)
    {
      guint page_size = ((guint8) contents[16] << 8) | (guint8) contents[17];
      gsize offset;

      g_assert_cmpuint (page_size, >=, 512);
      g_assert_cmpuint (length, >=, 8 * page_size);
      /* A whole page in the middle: the file still looks like a Waymark
       * document from its header. */
      offset = (length / 2) / page_size * page_size;
      memset (contents + offset, 0xa5, page_size);
      g_assert_true (g_file_set_contents (path, contents, length, &error));
    }
  else
    g_assert_true (g_file_set_contents (path, contents, length / 2, &error));
  g_assert_no_error (error);

  /* Listed, with the reason; never restored. */
  entry = list_one ();
  g_assert_nonnull (entry->problem);
  assert_contains (entry->problem, "damaged");
  g_assert_cmpstr (entry->title, ==, name);
  g_assert_nonnull (entry->saved);
  g_assert_null (entry->source);

  restored = waymark_recovery_restore (entry, &error);
  g_assert_null (restored);
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_true (waymark_recovery_discard (entry, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_no_recovery ();
}

static void
test_ignores_other_files (Fixture       *fixture,
                          gconstpointer  user_data)
{
  const char * const others[] = { "notes.txt", "map.waymark.bak", ".0123.waymark.ABCDEF", NULL };
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkRecoveryEntry) entry = NULL;
  g_autoptr(GError) error = NULL;

  document = waymark_store_new_document ("blank", "The Only One", &error);
  g_assert_no_error (error);
  waymark_document_set (document, document, "author", "Someone", NULL);
  autosave (document);

  for (guint i = 0; others[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, others[i], NULL);

      g_assert_true (g_file_set_contents (path, "not a document\n", -1, &error));
      g_assert_no_error (error);
    }

  entry = list_one ();
  g_assert_true (g_file_equal (entry->file, waymark_store_get_recovery_file (document)));
  g_assert_cmpstr (entry->title, ==, "The Only One");
  g_assert_null (entry->problem);

  /* Left alone, too. */
  for (guint i = 0; others[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, others[i], NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_missing_folder (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autofree char *dir = waymark_recovery_get_dir ();
  g_autofree char *parent = g_path_get_dirname (dir);

  waymark_test_remove_dir (parent);
  g_assert_false (g_file_test (parent, G_FILE_TEST_EXISTS));
  assert_no_recovery ();
}

/* The file is moved, deleted or replaced while the document is open. */
typedef enum
{
  AWAY_MOVED,
  AWAY_DELETED,
  AWAY_REPLACED,
} Away;

static void
test_file_moved (Fixture       *fixture,
                 gconstpointer  user_data)
{
  Away away = GPOINTER_TO_INT (user_data);
  g_autoptr(GFile) file = fixture_file (fixture, "map.waymark");
  g_autoptr(GFile) moved = fixture_file (fixture, "moved.waymark");
  g_autoptr(GFile) replacement = fixture_file (fixture, "replacement.waymark");
  g_autoptr(GFile) save_as = fixture_file (fixture, "saved-as.waymark");
  g_autoptr(WaymarkDocument) original = NULL;
  g_autoptr(WaymarkDocument) other = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *original_dump = NULL;
  g_autofree char *other_dump = NULL;
  g_autofree char *edited_dump = NULL;
  g_autofree char *dump = NULL;

  original = waymark_store_new_document ("ecommerce", "Original", &error);
  g_assert_no_error (error);
  save_new (original, file);
  original_dump = dump_file (file);

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  edit_card (document, 0, "Edited While Away");
  edited_dump = waymark_test_dump_document (document);

  switch (away)
    {
    case AWAY_MOVED:
      {
        g_autofree char *moved_path = g_file_get_path (moved);

        g_assert_cmpint (g_rename (path, moved_path), ==, 0);
      }
      break;

    case AWAY_DELETED:
      g_assert_cmpint (g_unlink (path), ==, 0);
      break;

    case AWAY_REPLACED:
      {
        g_autofree char *replacement_path = g_file_get_path (replacement);

        other = waymark_store_new_document ("support-call", "Someone Else's", &error);
        g_assert_no_error (error);
        save_new (other, replacement);
        other_dump = dump_file (replacement);
        g_assert_cmpint (g_rename (replacement_path, path), ==, 0);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  g_assert_false (waymark_store_save (document, NULL, &error));
  g_assert_error (error, WAYMARK_ERROR, WAYMARK_ERROR_FILE_MOVED);
  assert_contains (error->message, "save it under a new name");
  g_clear_error (&error);

  /* Nothing written, nothing forgotten. */
  g_assert_true (waymark_document_get_modified (document));
  g_assert_true (g_file_equal (waymark_document_get_file (document), file));
  switch (away)
    {
    case AWAY_MOVED:
      g_assert_false (g_file_query_exists (file, NULL));
      dump = dump_file (moved);
      g_assert_cmpstr (dump, ==, original_dump);
      break;

    case AWAY_DELETED:
      g_assert_false (g_file_query_exists (file, NULL));
      break;

    case AWAY_REPLACED:
      dump = dump_file (file);
      g_assert_cmpstr (dump, ==, other_dump);
      break;

    default:
      g_assert_not_reached ();
    }
  g_clear_pointer (&dump, g_free);

  /* Save As somewhere else works, and from then on plain Save. */
  save_new (document, save_as);
  g_assert_true (g_file_equal (waymark_document_get_file (document), save_as));
  g_assert_false (waymark_document_get_modified (document));
  dump = dump_file (save_as);
  g_assert_cmpstr (dump, ==, edited_dump);

  edit_card (document, 1, "Edited After Save As");
  g_assert_true (waymark_store_save (document, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&dump, g_free);
  dump = dump_file (save_as);
  g_assert_cmpstr (dump, !=, edited_dump);
}

/* Saves in a child process, which reports the error through a pipe as
 * “DOMAIN\nCODE\nMESSAGE”, or “saved”. @prepare runs in the child first
 * and returns FALSE (reported as “skip”) if it cannot set the stage. */
static char *
save_in_child (WaymarkDocument *document,
               GFile           *file,
               gboolean       (*prepare) (gpointer data),
               gpointer         data)
{
  GString *report = g_string_new (NULL);
  int fds[2];
  int status = 0;
  pid_t pid;
  char buffer[512];
  gssize n;

  g_assert_cmpint (pipe (fds), ==, 0);
  fflush (stdout);
  fflush (stderr);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      close (fds[0]);
      if (prepare != NULL && !prepare (data))
        text = g_strdup ("skip");
      else if (waymark_store_save (document, file, &error))
        text = g_strdup ("saved");
      else
        text = g_strdup_printf ("%s\n%d\n%s", g_quark_to_string (error->domain),
                                error->code, error->message);
      if (write (fds[1], text, strlen (text)) != (gssize) strlen (text))
        waymark_test_exit_child (2);
      waymark_test_exit_child (0);
    }

  close (fds[1]);
  while ((n = read (fds[0], buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_string_append_len (report, buffer, n);
    }
  close (fds[0]);

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  return g_string_free (report, FALSE);
}

/* Checks a report of save_in_child(): a failure in @domain with @code
 * (or any code, if -1), “cannot save: ” and then @reason. */
static void
assert_save_failed (const char *report,
                    GQuark      domain,
                    int         code,
                    const char *reason)
{
  g_auto(GStrv) parts = g_strsplit (report, "\n", 3);
  g_autofree char *expected = g_strconcat ("cannot save: ", reason, NULL);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  g_assert_cmpstr (parts[0], ==, g_quark_to_string (domain));
  if (code != -1)
    g_assert_cmpint (atoi (parts[1]), ==, code);
  g_assert_cmpstr (parts[2], ==, expected);
}

static guint64
file_size (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Only @name in @dir: a failed save leaves no temporary file or journal. */
static void
assert_only_file (const char *dir,
                  const char *name)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *found;

  g_assert_nonnull (handle);
  while ((found = g_dir_read_name (handle)))
    g_assert_cmpstr (found, ==, name);
}

static rlim_t file_size_limit;

static gboolean
limit_file_size (gpointer data)
{
  struct rlimit limit = { file_size_limit, file_size_limit };

  /* A write past the limit fails with EFBIG instead of killing us. */
  signal (SIGXFSZ, SIG_IGN);
  return setrlimit (RLIMIT_FSIZE, &limit) == 0;
}

/* A save that runs out of room fails cleanly and keeps the old file. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GFile) file = fixture_file (fixture, "map.waymark");
  g_autoptr(GFile) scratch = fixture_file (fixture, "scratch.waymark");
  g_autoptr(WaymarkDocument) small = NULL;
  g_autoptr(WaymarkDocument) big = waymark_generate (3000, 12, 8, 9);
  g_autoptr(GError) error = NULL;
  g_autofree char *old_dump = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *report = NULL;
  guint64 old_size, new_size;

  small = waymark_store_new_document ("ecommerce", "Small", &error);
  g_assert_no_error (error);
  save_new (small, file);
  old_dump = dump_file (file);
  old_size = file_size (file);

  g_assert_true (waymark_store_write (big, scratch, &error));
  g_assert_no_error (error);
  new_size = file_size (scratch);
  g_assert_true (g_file_delete (scratch, NULL, NULL));

  /* Room for the old document, not for the new one. */
  file_size_limit = (old_size + new_size) / 2;
  g_assert_cmpuint (old_size, <, file_size_limit);
  g_assert_cmpuint (new_size, >, file_size_limit);

  report = save_in_child (big, file, limit_file_size, NULL);
  if (g_str_equal (report, "skip"))
    {
      g_test_skip ("cannot limit the file size (setrlimit)");
      return;
    }
  assert_save_failed (report, G_IO_ERROR, -1, g_strerror (EFBIG));

  dump = dump_file (file);
  g_assert_cmpstr (dump, ==, old_dump);
  assert_only_file (fixture->dir, "map.waymark");
}

static gboolean
drop_privileges (gpointer data)
{
  /* Root ignores permissions: act as a user who may not write there. */
  if (geteuid () == 0)
    return setgroups (0, NULL) == 0 && setgid (NOBODY) == 0 && setuid (NOBODY) == 0 &&
           geteuid () == NOBODY;
  return TRUE;
}

/* A folder the user may read but not write. */
static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *folder = g_build_filename (fixture->dir, "read-only", NULL);
  g_autofree char *path = g_build_filename (folder, "map.waymark", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(WaymarkDocument) original = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old_dump = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *report = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  original = waymark_store_new_document ("ecommerce", "Read Only", &error);
  g_assert_no_error (error);
  save_new (original, file);
  old_dump = dump_file (file);

  if (geteuid () == 0)
    {
      /* The child drops to nobody; the files are nobody's own. */
      g_assert_cmpint (chown (fixture->dir, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (folder, NOBODY, NOBODY), ==, 0);
      g_assert_cmpint (chown (path, NOBODY, NOBODY), ==, 0);
    }

  document = waymark_store_open (file, &error);
  g_assert_no_error (error);
  edit_card (document, 0, "Cannot Be Saved Here");

  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
  report = save_in_child (document, NULL, drop_privileges, NULL);
  g_assert_cmpint (g_chmod (folder, 0700), ==, 0);

  if (g_str_equal (report, "skip"))
    {
      g_test_skip ("running as root, and cannot switch to an unprivileged user, "
                   "for whom a folder's permissions would count");
      return;
    }
  assert_save_failed (report, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, g_strerror (EACCES));

  dump = dump_file (file);
  g_assert_cmpstr (dump, ==, old_dump);
  assert_only_file (folder, "map.waymark");
}

/* A place where no one, not even root, can create files: sysfs. */
static void
test_read_only_location (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/sys/waymark-test.waymark");
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected_eacces = g_strconcat ("cannot save: ", g_strerror (EACCES), NULL);
  g_autofree char *expected_erofs = g_strconcat ("cannot save: ", g_strerror (EROFS), NULL);

  if (!g_file_test ("/sys/kernel", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no sysfs at /sys");
      return;
    }

  document = waymark_store_new_document ("blank", "Nowhere", &error);
  g_assert_no_error (error);

  g_assert_false (waymark_store_save (document, file, &error));
  g_assert_true (error->domain == G_IO_ERROR);
  g_assert_true (error->code == G_IO_ERROR_PERMISSION_DENIED || error->code == G_IO_ERROR_READ_ONLY);
  if (!g_str_equal (error->message, expected_eacces) && !g_str_equal (error->message, expected_erofs))
    g_error ("unexpected message “%s”", error->message);
  g_assert_null (waymark_document_get_file (document));
  g_assert_false (g_file_query_exists (file, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int ret;

  /* Before anything asks GLib for it: g_get_user_data_dir() caches. */
  data_home = waymark_test_make_dir ("recovery-data");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/waymark/recovery/unmodified-writes-nothing", Fixture, NULL,
              fixture_set_up, test_unmodified_writes_nothing, fixture_tear_down);
  g_test_add ("/waymark/recovery/untitled", Fixture, NULL,
              fixture_set_up, test_untitled, fixture_tear_down);
  g_test_add ("/waymark/recovery/saved-document", Fixture, NULL,
              fixture_set_up, test_saved_document, fixture_tear_down);
  g_test_add ("/waymark/recovery/discard", Fixture, NULL,
              fixture_set_up, test_discard, fixture_tear_down);
  g_test_add ("/waymark/recovery/damaged-garbage", Fixture, GINT_TO_POINTER (DAMAGE_GARBAGE),
              fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add ("/waymark/recovery/damaged-truncated", Fixture, GINT_TO_POINTER (DAMAGE_TRUNCATE),
              fixture_set_up, test_damaged, fixture_tear_down);
  g_test_add ("/waymark/recovery/ignores-other-files", Fixture, NULL,
              fixture_set_up, test_ignores_other_files, fixture_tear_down);
  g_test_add ("/waymark/recovery/missing-folder", Fixture, NULL,
              fixture_set_up, test_missing_folder, fixture_tear_down);
  g_test_add ("/waymark/save/file-moved", Fixture, GINT_TO_POINTER (AWAY_MOVED),
              fixture_set_up, test_file_moved, fixture_tear_down);
  g_test_add ("/waymark/save/file-deleted", Fixture, GINT_TO_POINTER (AWAY_DELETED),
              fixture_set_up, test_file_moved, fixture_tear_down);
  g_test_add ("/waymark/save/file-replaced", Fixture, GINT_TO_POINTER (AWAY_REPLACED),
              fixture_set_up, test_file_moved, fixture_tear_down);
  g_test_add ("/waymark/save/disk-full", Fixture, NULL,
              fixture_set_up, test_disk_full, fixture_tear_down);
  g_test_add ("/waymark/save/read-only-folder", Fixture, NULL,
              fixture_set_up, test_read_only_folder, fixture_tear_down);
  g_test_add ("/waymark/save/read-only-location", Fixture, NULL,
              fixture_set_up, test_read_only_location, fixture_tear_down);

  ret = g_test_run ();

  waymark_test_remove_dir (data_home);
  return ret;
}
