/* waymark-store-io.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/*
 * A document's life in files: new, open, save, autosave and recovery,
 * each both blocking (the CLI, tests) and asynchronous (the window).
 *
 * Asynchronous work runs on one worker thread for the whole process, in
 * the order it was asked for, so that a save and an autosave of the same
 * document never overtake each other. A save or an autosave writes a copy
 * of the document taken on the calling thread (waymark_document_copy()),
 * so the document goes on changing while the disk is slow; when the save
 * ends, only what the copy held counts as saved.
 *
 * What the store remembers of a document — which file on disk it is (to
 * notice it being moved or replaced) and its recovery copy — is kept
 * beside the document, not in the model.
 */

#define G_LOG_DOMAIN "waymark-store"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "waymark-document-private.h"
#include "waymark-error.h"
#include "waymark-recovery.h"
#include "waymark-store-private.h"

typedef struct
{
  GFile   *recovery;     /* the recovery copy, once written */
  guint64  device;       /* identity of the file when opened or saved */
  guint64  inode;
  guint    pending;      /* asynchronous jobs not yet finished */
} StoreState;

typedef enum
{
  JOB_OPEN,
  JOB_SAVE,
  JOB_AUTOSAVE,
  JOB_DELETE,
} JobKind;

typedef struct
{
  JobKind          kind;
  GTask           *task;         /* owns the job; NULL for a delete */
  WaymarkDocument *document;     /* the caller's, touched on its thread only */
  WaymarkDocument *copy;         /* what the worker writes */
  GFile           *file;
  guint64          state;        /* what the copy holds */
  guint64          device;       /* save: the identity to check, then the new one */
  guint64          inode;
  gboolean         check_identity;
  GHashTable      *meta;
} Job;

static GQuark state_quark;
static GThreadPool *worker;
static GMutex worker_lock;

static void
state_free (gpointer data)
{
  StoreState *state = data;

  g_clear_object (&state->recovery);
  g_free (state);
}

static StoreState *
get_state (WaymarkDocument *document)
{
  StoreState *state;

  if (G_UNLIKELY (state_quark == 0))
    state_quark = g_quark_from_static_string ("waymark-store-state");

  if (!(state = g_object_get_qdata (G_OBJECT (document), state_quark)))
    {
      state = g_new0 (StoreState, 1);
      g_object_set_qdata_full (G_OBJECT (document), state_quark, state, state_free);
    }
  return state;
}

static void
job_free (Job *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->copy);
  g_clear_object (&job->file);
  g_clear_pointer (&job->meta, g_hash_table_unref);
  g_free (job);
}

/* The identity of the file at @file's path now: 0, 0 if there is none. */
static void
read_identity (GFile   *file,
               guint64 *device,
               guint64 *inode)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  GStatBuf st;

  *device = 0;
  *inode = 0;
  if (path != NULL && g_stat (path, &st) == 0)
    {
      *device = st.st_dev;
      *inode = st.st_ino;
    }
}

/* A save over the document's own file is refused when that file is no
 * longer the one opened or last saved: moved, deleted or replaced. */
static gboolean
check_identity (GFile    *file,
                guint64   device,
                guint64   inode,
                GError  **error)
{
  g_autofree char *path = g_file_get_path (file);
  GStatBuf st;

  if (inode == 0 || path == NULL)
    return TRUE;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        {
          g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_FILE_MOVED,
                               _("the file was moved or deleted after it was opened; save it under a new name"));
          return FALSE;
        }
      return TRUE;
    }

  if ((guint64) st.st_dev != device || (guint64) st.st_ino != inode)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_FILE_MOVED,
                           _("the file was replaced by another program after it was opened; save it under a new name"));
      return FALSE;
    }

  return TRUE;
}

/* Where the recovery copy of @document goes; creates the folder. */
static GFile *
ensure_recovery_file (StoreState  *state,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (state->recovery != NULL)
    return g_object_ref (state->recovery);

  dir = waymark_recovery_get_dir ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("cannot write a recovery copy in %s: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }

  uuid = g_uuid_string_random ();
  name = g_strconcat (uuid, ".waymark", NULL);
  path = g_build_filename (dir, name, NULL);
  state->recovery = g_file_new_for_path (path);
  return g_object_ref (state->recovery);
}

static GHashTable *
recovery_meta (WaymarkDocument *document)
{
  GFile *file = waymark_document_get_file (document);
  GHashTable *meta = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  g_hash_table_insert (meta, (gpointer) "source", file != NULL ? g_file_get_uri (file) : g_strdup (""));
  return meta;
}

/* ------------------------------------------------------------------ */
/* Blocking */

/**
 * waymark_store_new_document:
 * @template_name: (nullable): a template from waymark_store_list_templates(),
 *   or %NULL for "blank"
 * @title: (nullable): the title, or %NULL for “Untitled Map”
 * @error: return location for a #GError
 *
 * Creates a document that has no file yet.
 *
 * Returns: (transfer full): a new document, or %NULL if @template_name is unknown
 */
WaymarkDocument *
waymark_store_new_document (const char  *template_name,
                            const char  *title,
                            GError     **error)
{
  if (title == NULL || title[0] == '\0')
    title = _("Untitled Map");

  return _waymark_store_create (template_name, title, error);
}

/**
 * waymark_store_open:
 * @file: a Waymark document
 * @error: return location for a #GError
 *
 * Reads @file after validating it (see waymark_store_open_untrusted()); the
 * file is only read. Older formats are upgraded in memory.
 *
 * Returns: (transfer full): the document, or %NULL with @error giving the reason
 */
WaymarkDocument *
waymark_store_open (GFile   *file,
                    GError **error)
{
  g_autoptr(WaymarkDocument) document = NULL;
  StoreState *state;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!(document = _waymark_store_read (file, error)))
    return NULL;

  state = get_state (document);
  read_identity (file, &state->device, &state->inode);
  return g_steal_pointer (&document);
}

/**
 * waymark_store_write:
 * @document: the document
 * @file: where to write
 * @error: return location for a #GError
 *
 * Writes @document to @file atomically (see _waymark_store_save_full()),
 * without making @file the document's file or marking it saved: a copy.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_store_write (WaymarkDocument  *document,
                     GFile            *file,
                     GError          **error)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return _waymark_store_save_full (document, file, 0644, NULL, error);
}

/* Resolves where a save goes: @file, else the document's own. */
static GFile *
save_target (WaymarkDocument  *document,
             GFile            *file,
             GError          **error)
{
  if (file == NULL)
    file = waymark_document_get_file (document);

  if (file == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                           _("The document has no file yet; choose where to save it"));
      return NULL;
    }
  return g_object_ref (file);
}

static gboolean
is_own_file (WaymarkDocument *document,
             GFile           *file)
{
  GFile *own = waymark_document_get_file (document);

  return own != NULL && g_file_equal (own, file);
}

/* After a save of the state @saved to @file: the document's file, its
 * identity, and the recovery copy that is no longer needed. */
static void
finish_save (WaymarkDocument *document,
             GFile           *file,
             guint64          saved,
             guint64          device,
             guint64          inode)
{
  StoreState *state = get_state (document);

  _waymark_document_set_file (document, file);
  state->device = device;
  state->inode = inode;
  _waymark_document_mark_saved_at (document, saved);

  /* The file now holds every change, unless more came during the save. */
  if (!waymark_document_get_modified (document))
    waymark_store_discard_recovery (document);
}

/**
 * waymark_store_save:
 * @document: the document
 * @file: (nullable): where to save, or %NULL for the document's own file
 * @error: return location for a #GError
 *
 * Saves atomically (see _waymark_store_save_full()); on success @file
 * becomes the document's file, the document is no longer modified, and
 * its recovery copy is deleted. A save over the document's own file is
 * refused when that file was moved or replaced since it was opened.
 *
 * Returns: %TRUE on success
 */
gboolean
waymark_store_save (WaymarkDocument  *document,
                    GFile            *file,
                    GError          **error)
{
  g_autoptr(GFile) target = NULL;
  StoreState *state;
  guint64 device, inode;
  guint64 saved;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), FALSE);

  if (!(target = save_target (document, file, error)))
    return FALSE;

  state = get_state (document);
  if (is_own_file (document, target) && !check_identity (target, state->device, state->inode, error))
    return FALSE;

  saved = _waymark_document_get_state (document);
  if (!_waymark_store_save_full (document, target, 0644, NULL, error))
    return FALSE;

  read_identity (target, &device, &inode);
  finish_save (document, target, saved, device, inode);
  return TRUE;
}

/**
 * waymark_store_autosave:
 * @document: the document
 * @error: return location for a #GError
 *
 * Writes a recovery copy (mode 0600) under waymark_recovery_get_dir() if
 * the document has unsaved changes, so that a crash loses nothing. The
 * document's own file is not touched.
 *
 * Returns: %TRUE on success, or when there was nothing to write
 */
gboolean
waymark_store_autosave (WaymarkDocument  *document,
                        GError          **error)
{
  g_autoptr(GHashTable) meta = NULL;
  g_autoptr(GFile) recovery = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);

  if (!waymark_document_get_modified (document))
    return TRUE;

  if (!(recovery = ensure_recovery_file (get_state (document), error)))
    return FALSE;

  meta = recovery_meta (document);
  return _waymark_store_save_full (document, recovery, 0600, meta, error);
}

/**
 * waymark_store_get_recovery_file:
 * @document: the document
 *
 * Returns: (transfer none) (nullable): the recovery copy, once one was written
 */
GFile *
waymark_store_get_recovery_file (WaymarkDocument *document)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  return get_state (document)->recovery;
}

/* ------------------------------------------------------------------ */
/* Asynchronous */

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  switch (job->kind)
    {
    case JOB_OPEN:
      {
        WaymarkDocument *document;

        if ((document = waymark_store_open (job->file, &error)))
          g_task_return_pointer (job->task, document, g_object_unref);
        else
          g_task_return_error (job->task, g_steal_pointer (&error));
      }
      break;

    case JOB_SAVE:
      if ((job->check_identity && !check_identity (job->file, job->device, job->inode, &error)) ||
          !_waymark_store_save_full (job->copy, job->file, 0644, NULL, &error))
        g_task_return_error (job->task, g_steal_pointer (&error));
      else
        {
          read_identity (job->file, &job->device, &job->inode);
          g_task_return_boolean (job->task, TRUE);
        }
      break;

    case JOB_AUTOSAVE:
      if (!_waymark_store_save_full (job->copy, job->file, 0600, job->meta, &error))
        g_task_return_error (job->task, g_steal_pointer (&error));
      else
        g_task_return_boolean (job->task, TRUE);
      break;

    case JOB_DELETE:
      g_file_delete (job->file, NULL, NULL);
      job_free (job);
      return;

    default:
      g_assert_not_reached ();
    }

  /* The task keeps the job until its callback has run on the caller's
   * thread; the worker lets go of it. */
  g_object_unref (job->task);
}

/* Hands @job, with its task's first reference, to the worker. */
static void
queue_job (Job *job)
{
  g_mutex_lock (&worker_lock);
  if (worker == NULL)
    worker = g_thread_pool_new (run_job, NULL, 1, FALSE, NULL);
  g_mutex_unlock (&worker_lock);

  g_thread_pool_push (worker, job, NULL);
}

static Job *
job_new (JobKind           kind,
         gpointer          source,
         GCancellable     *cancellable,
         GAsyncReadyCallback callback,
         gpointer          user_data,
         gpointer          tag)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->task = g_task_new (source, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, tag);
  g_task_set_task_data (job->task, job, (GDestroyNotify) job_free);
  /* A save is not stopped halfway: the file is written whole or not at all. */
  g_task_set_return_on_cancel (job->task, FALSE);
  return job;
}

/**
 * waymark_store_open_async:
 * @file: a Waymark document
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * waymark_store_open() on the store's worker thread.
 */
void
waymark_store_open_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (G_IS_FILE (file));

  job = job_new (JOB_OPEN, NULL, cancellable, callback, user_data, waymark_store_open_async);
  job->file = g_object_ref (file);
  queue_job (job);
}

/**
 * waymark_store_open_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document, or %NULL
 */
WaymarkDocument *
waymark_store_open_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == waymark_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  get_state (job->document)->pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    {
      finish_save (job->document, job->file, job->state, job->device, job->inode);
      g_task_return_boolean (outer, TRUE);
    }
  g_object_unref (outer);
}

/**
 * waymark_store_save_async:
 * @document: the document
 * @file: (nullable): where to save, or %NULL for the document's own file
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * waymark_store_save() of a copy of @document taken now, written on the
 * store's worker thread. When it ends, @document is saved as it was when
 * the save began: edits made meanwhile leave it modified.
 */
void
waymark_store_save_async (WaymarkDocument     *document,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) target = NULL;
  GTask *outer;
  StoreState *state;
  Job *job;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  outer = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (outer, waymark_store_save_async);

  if (!(target = save_target (document, file, &error)))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      return;
    }

  state = get_state (document);
  job = job_new (JOB_SAVE, NULL, cancellable, save_done_cb, outer, waymark_store_save_async);
  job->document = g_object_ref (document);
  job->copy = waymark_document_copy (document);
  job->file = g_steal_pointer (&target);
  job->state = _waymark_document_get_state (document);
  job->check_identity = is_own_file (document, job->file);
  job->device = state->device;
  job->inode = state->inode;
  state->pending++;
  queue_job (job);
}

/**
 * waymark_store_save_finish:
 * @document: the document
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the document was saved
 */
gboolean
waymark_store_save_finish (WaymarkDocument  *document,
                           GAsyncResult     *result,
                           GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, document), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == waymark_store_save_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
autosave_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  get_state (job->document)->pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    {
      /* Saved meanwhile: the copy is not needed. */
      if (!waymark_document_get_modified (job->document))
        waymark_store_discard_recovery (job->document);
      g_task_return_boolean (outer, TRUE);
    }
  g_object_unref (outer);
}

/**
 * waymark_store_autosave_async:
 * @document: the document
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * waymark_store_autosave() of a copy of @document taken now, written on
 * the store's worker thread.
 */
void
waymark_store_autosave_async (WaymarkDocument     *document,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) recovery = NULL;
  GTask *outer;
  Job *job;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));

  outer = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (outer, waymark_store_autosave_async);

  if (!waymark_document_get_modified (document))
    {
      g_task_return_boolean (outer, TRUE);
      g_object_unref (outer);
      return;
    }
  if (!(recovery = ensure_recovery_file (get_state (document), &error)))
    {
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      return;
    }

  job = job_new (JOB_AUTOSAVE, NULL, cancellable, autosave_done_cb, outer, waymark_store_autosave_async);
  job->document = g_object_ref (document);
  job->copy = waymark_document_copy (document);
  job->file = g_steal_pointer (&recovery);
  job->meta = recovery_meta (document);
  get_state (document)->pending++;
  queue_job (job);
}

/**
 * waymark_store_autosave_finish:
 * @document: the document
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success, or when there was nothing to write
 */
gboolean
waymark_store_autosave_finish (WaymarkDocument  *document,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, document), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == waymark_store_autosave_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * waymark_store_is_busy:
 * @document: the document
 *
 * Returns: whether an asynchronous save or autosave of @document has not
 *   finished yet
 */
gboolean
waymark_store_is_busy (WaymarkDocument *document)
{
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);

  return get_state (document)->pending > 0;
}

/**
 * waymark_store_discard_recovery:
 * @document: the document
 *
 * Deletes the recovery copy, after a save or when the user discards the
 * changes. With asynchronous work under way, the copy is deleted after it.
 */
void
waymark_store_discard_recovery (WaymarkDocument *document)
{
  StoreState *state;

  g_return_if_fail (WAYMARK_IS_DOCUMENT (document));

  state = get_state (document);
  if (state->recovery == NULL)
    return;

  if (state->pending > 0)
    {
      Job *job = g_new0 (Job, 1);

      job->kind = JOB_DELETE;
      job->file = g_steal_pointer (&state->recovery);
      queue_job (job);
      return;
    }

  g_file_delete (state->recovery, NULL, NULL);
  g_clear_object (&state->recovery);
}

/*
 * _waymark_store_adopt_recovery:
 *
 * For a restored recovery copy: @document belongs to @source (or to no
 * file) and goes on autosaving into @recovery.
 */
void
_waymark_store_adopt_recovery (WaymarkDocument *document,
                               GFile           *recovery,
                               GFile           *source)
{
  StoreState *state = get_state (document);

  _waymark_document_set_file (document, source);
  /* Reading remembered the identity of the copy; what matters from now on
   * is the original, as it is now, or a save over it is refused as if it
   * had been replaced. */
  read_identity (source, &state->device, &state->inode);
  g_set_object (&state->recovery, recovery);
  _waymark_document_mark_unsaved (document);
}
