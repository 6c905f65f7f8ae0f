/* test-slow-disk.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A slow disk, or a network folder, must never freeze a workshop. A
 * 10,000-card map is opened, saved and autosaved in the real window while
 * the store's fault hook holds the read or the write on the store's worker
 * thread, for as long as the test likes; meanwhile the window must go on
 * drawing frames and answering real key presses (xdotool), and a save must
 * write the map as it was when it began, edits made during it staying
 * unsaved. Nothing here waits on a clock to decide: the disk is held until
 * the checks are done. The frame times and the key's latency are reported
 * as test messages.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "waymark-application.h"
#include "waymark-core.h"
#include "waymark-inspector.h"
#include "waymark-store-private.h"
#include "waymark-ui-test-util.h"
#include "waymark-window-private.h"

#define N_CARDS      10000
#define FRAMES_HELD  30

static WaymarkApplication *app;

/* The disk: a fault point where the worker waits until the test lets go. */
static GMutex disk_lock;
static GCond disk_cond;
static const char *hold_at;
static gboolean holding;
static guint held;

static void
slow_disk_hook (const char *point)
{
  g_mutex_lock (&disk_lock);
  if (holding && g_strcmp0 (point, hold_at) == 0)
    {
      held++;
      g_cond_broadcast (&disk_cond);
      while (holding)
        g_cond_wait (&disk_cond, &disk_lock);
    }
  g_mutex_unlock (&disk_lock);
}

static void
hold_disk (const char *point)
{
  g_mutex_lock (&disk_lock);
  hold_at = point;
  holding = TRUE;
  held = 0;
  g_mutex_unlock (&disk_lock);
}

static void
release_disk (void)
{
  g_mutex_lock (&disk_lock);
  holding = FALSE;
  g_cond_broadcast (&disk_cond);
  g_mutex_unlock (&disk_lock);
}

static guint
get_held (void)
{
  guint n;

  g_mutex_lock (&disk_lock);
  n = held;
  g_mutex_unlock (&disk_lock);
  return n;
}

/* Runs the main loop until the worker is held at the fault point. */
static void
wait_until_held (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (get_held () == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef struct
{
  GArray *intervals;   /* µs between frames */
  gint64  last;
} Frames;

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Frames *frames = user_data;
  gint64 now = g_get_monotonic_time ();

  if (frames->last != 0)
    {
      gint64 interval = now - frames->last;

      g_array_append_val (frames->intervals, interval);
    }
  frames->last = now;
  /* Keep frames coming, as a dragging hand would. */
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static GtkWidget *
find_primary_menu (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (root)))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu (child);

      if (found)
        return found;
    }
  return NULL;
}

/* What a key press visibly does: with a map, F9 opens or closes the side
 * panel; without one (while it opens), F10 opens the main menu. */
static gboolean
key_state (WaymarkWindow *window,
           const char   **key)
{
  if (waymark_window_get_document (window) != NULL)
    {
      GtkWidget *inspector = waymark_ui_test_find_widget (GTK_WIDGET (window), WAYMARK_TYPE_INSPECTOR);

      *key = "F9";
      return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (inspector, GTK_TYPE_REVEALER)));
    }
  else
    {
      GtkWidget *button = find_primary_menu (GTK_WIDGET (window));

      *key = "F10";
      return gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))));
    }
}

/*
 * While the disk is held: the window draws FRAMES_HELD frames, and a key
 * pressed on the keyboard does what it does (key_state()). Reports the
 * longest frame and the key's latency.
 */
static void
check_responsive (WaymarkWindow *window,
                  const char    *what)
{
  Frames frames = { g_array_new (FALSE, FALSE, sizeof (gint64)), 0 };
  const char *key = NULL;
  gboolean before = key_state (window, &key);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gint64 sent, answered = 0, longest = 0;
  guint id;

  id = gtk_widget_add_tick_callback (GTK_WIDGET (window), tick_cb, &frames, NULL);
  while (frames.intervals->len < FRAMES_HELD)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }

  /* xdotool returns once the X server has the key (XTEST, then XSync). */
  {
    const char *argv[] = { "xdotool", "key", key, NULL };
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  sent = g_get_monotonic_time ();
  while (key_state (window, &key) == before)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  answered = g_get_monotonic_time ();
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);

  /* All of it while the disk was still held. */
  g_assert_cmpuint (get_held (), ==, 1);
  for (guint i = 0; i < frames.intervals->len; i++)
    longest = MAX (longest, g_array_index (frames.intervals, gint64, i));
  g_test_message ("%s held: %u frames, the longest %.1f ms; %s answered within %.1f ms",
                  what, frames.intervals->len, longest / 1000.0, key, (answered - sent) / 1000.0);
  g_array_unref (frames.intervals);
  /* Leave the menu as it was. */
  if (g_str_equal (key, "F10"))
    waymark_ui_test_xdotool ("key", "Escape", NULL);
}

typedef struct
{
  char            *dir;
  char            *path;
  GFile           *file;
  WaymarkWindow   *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  if (!waymark_ui_test_can_send_events ())
    {
      g_test_skip ("needs an X11 display and xdotool");
      return;
    }

  fixture->dir = g_dir_make_tmp ("waymark-test-slow-disk-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "big.waymark", NULL);
  fixture->file = g_file_new_for_path (fixture->path);
  document = waymark_generate (N_CARDS, 40, 8, 7);
  g_assert_true (waymark_store_save (document, fixture->file, &error));
  g_assert_no_error (error);

  _waymark_store_set_fault_hook (slow_disk_hook);
  fixture->window = waymark_window_new (ADW_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 800);
  gtk_window_present (GTK_WINDOW (fixture->window));
  waymark_ui_test_spin_for (200);
  waymark_ui_test_focus (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  release_disk ();
  if (fixture->window != NULL)
    {
      WaymarkDocument *document = waymark_window_get_document (fixture->window);

      waymark_ui_test_wait_window (fixture->window);
      if (document != NULL)
        waymark_store_discard_recovery (document);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      waymark_ui_test_spin_for (50);
    }
  _waymark_store_set_fault_hook (NULL);
  if (fixture->path != NULL)
    g_unlink (fixture->path);
  if (fixture->dir != NULL)
    g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_clear_object (&fixture->file);
}

static WaymarkCard *
first_card (WaymarkDocument *document)
{
  GPtrArray *cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);

  g_assert_cmpuint (cards->len, >, 0);
  return g_ptr_array_index (cards, 0);
}

/*
 * /waymark/slow-disk/open-save-autosave — each held on the disk while the
 * window is used; then what was written is checked.
 */
static void
test_open_save_autosave (Fixture       *fixture,
                         gconstpointer  data)
{
  WaymarkWindow *window = fixture->window;
  WaymarkDocument *document;
  WaymarkCard *card;
  gint64 card_id;
  GFile *recovery;
  WaymarkDocumentStats stats;

  if (g_test_failed () || fixture->window == NULL)
    return;

  /* Open: the window says what it opens, and stays alive. */
  hold_disk ("read");
  waymark_window_open (window, fixture->file);
  wait_until_held ();
  g_assert_null (waymark_window_get_document (window));
  g_assert_true (_waymark_window_is_busy (window));
  check_responsive (window, "open");
  waymark_ui_test_screenshot (GTK_WIDGET (window), "slow-disk-opening.png");
  release_disk ();
  waymark_ui_test_wait_window (window);
  document = waymark_window_get_document (window);
  g_assert_nonnull (document);
  waymark_document_get_stats (document, &stats);
  g_assert_cmpuint (stats.cards, ==, N_CARDS);
  waymark_ui_test_spin_for (300);

  /* Save: an edit made during the save is not what the save wrote, and
   * leaves the document modified. */
  card = first_card (document);
  card_id = waymark_object_get_id (WAYMARK_OBJECT (card));
  waymark_document_set (document, card, "title", "Before the save", NULL);
  hold_disk ("written");
  {
    gint64 start = g_get_monotonic_time ();

    /* What the main thread does: copy the map for the worker. */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.save", NULL));
    g_test_message ("save began in %.1f ms on the main thread", (g_get_monotonic_time () - start) / 1000.0);
  }
  wait_until_held ();
  check_responsive (window, "save");
  /* Past 0.4 s the title says so. */
  waymark_ui_test_spin_for (500);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (waymark_ui_test_find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE))),
                   ==, "Saving…");
  waymark_ui_test_screenshot (GTK_WIDGET (window), "slow-disk-saving.png");
  waymark_document_set (document, card, "title", "During the save", NULL);
  release_disk ();
  waymark_ui_test_wait_window (window);
  g_assert_null (_waymark_window_get_last_message (window));
  g_assert_true (waymark_document_get_modified (document));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WaymarkDocument) saved = waymark_store_open (fixture->file, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (saved, card_id))),
                     ==, "Before the save");
  }

  /* Autosave, three seconds after the change: the recovery copy is written
   * while the window works on. */
  hold_disk ("written");
  waymark_document_set (document, card, "title", "Before the autosave", NULL);
  wait_until_held ();
  check_responsive (window, "autosave");
  release_disk ();
  waymark_ui_test_wait_window (window);
  recovery = waymark_store_get_recovery_file (document);
  g_assert_nonnull (recovery);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WaymarkDocument) copy = waymark_store_open (recovery, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (copy, card_id))),
                     ==, "Before the autosave");
  }
}

/*
 * /waymark/slow-disk/close-waits — closing while a save is under way
 * waits for it: the file is whole and holds the save.
 */
static void
test_close_waits (Fixture       *fixture,
                  gconstpointer  data)
{
  WaymarkWindow *window = fixture->window;
  WaymarkDocument *document;
  gint64 card_id;
  gint64 deadline;

  if (g_test_failed () || fixture->window == NULL)
    return;

  waymark_window_open (window, fixture->file);
  waymark_ui_test_wait_window (window);
  document = waymark_window_get_document (window);
  card_id = waymark_object_get_id (WAYMARK_OBJECT (first_card (document)));
  waymark_document_set (document, first_card (document), "title", "Saved on the way out", NULL);

  hold_disk ("written");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "doc.save", NULL));
  wait_until_held ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (window));
  waymark_ui_test_spin_for (100);
  /* Still there, waiting for the disk. */
  g_assert_nonnull (fixture->window);

  release_disk ();
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (fixture->window != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(WaymarkDocument) saved = waymark_store_open (fixture->file, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (waymark_card_get_title (WAYMARK_CARD (waymark_document_lookup (saved, card_id))),
                     ==, "Saved on the way out");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  /* xdotool speaks X11; recovery copies go to a data folder of its own. */
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  {
    g_autofree char *data = g_dir_make_tmp ("waymark-test-slow-disk-data-XXXXXX", NULL);

    g_assert_nonnull (data);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_test_init (&argc, &argv, NULL);

  app = waymark_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_hold (G_APPLICATION (app));

  g_test_add ("/waymark/slow-disk/open-save-autosave", Fixture, NULL,
              fixture_set_up, test_open_save_autosave, fixture_tear_down);
  g_test_add ("/waymark/slow-disk/close-waits", Fixture, NULL,
              fixture_set_up, test_close_waits, fixture_tear_down);

  ret = g_test_run ();
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}
