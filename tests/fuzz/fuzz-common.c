/* fuzz-common.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"

static char *tmp_dir;

static void
remove_tmp_dir (void)
{
  if (tmp_dir != NULL)
    g_rmdir (tmp_dir);
}

/* Known criticals of other libraries, which return early and harmlessly:
 * libgsf (1.14.50) unrefs the NULL GDateTime it makes of a zip entry's
 * invalid DOS date (month 0 or 13) when the member is opened. */
static gboolean
is_known_issue (const char *log_domain,
                const char *message)
{
  return g_strcmp0 (log_domain, "GLib") == 0 &&
         g_strcmp0 (message, "g_date_time_unref: assertion 'datetime != NULL' failed") == 0;
}

static void
log_handler (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
  gboolean ours = log_domain != NULL && g_str_has_prefix (log_domain, "waymark");

  if (is_known_issue (log_domain, message))
    return;

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL)) != 0 ||
      (ours && (log_level & G_LOG_LEVEL_WARNING) != 0))
    {
      fprintf (stderr, "fuzz: %s: %s\n", log_domain ? log_domain : "(no domain)", message);
      abort ();
    }
}

void
fuzz_init (void)
{
  static gsize initialized = 0;

  if (!g_once_init_enter (&initialized))
    return;

  /* G_DEBUG=fatal-warnings and g_test_init() make every warning fatal;
   * the handler decides instead. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK);
  g_log_set_default_handler (log_handler, NULL);

  tmp_dir = g_dir_make_tmp ("waymark-fuzz-XXXXXX", NULL);
  if (tmp_dir == NULL)
    {
      fprintf (stderr, "fuzz: cannot make a temporary folder\n");
      abort ();
    }
  atexit (remove_tmp_dir);

  g_once_init_leave (&initialized, 1);
}

GFile *
fuzz_get_file (const char *name)
{
  g_autofree char *path = NULL;

  fuzz_init ();
  path = g_build_filename (tmp_dir, name, NULL);

  return g_file_new_for_path (path);
}

GFile *
fuzz_write_input (const char    *name,
                  const uint8_t *data,
                  size_t         size)
{
  g_autoptr(GFile) file = fuzz_get_file (name);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents_full (path, (const char *) data, size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    {
      fprintf (stderr, "fuzz: %s\n", error->message);
      abort ();
    }

  return g_steal_pointer (&file);
}

void
fuzz_remove (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_unlink (path);
}
