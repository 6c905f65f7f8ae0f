/* waymark-secrets.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Database passwords in the keyring (libsecret: the Secret Service, or the
 * secret portal inside Flatpak), by connection URI as the map stores it —
 * never in the map. What is found is handed to the core's connections for
 * this session with waymark_postgres_remember_password(). */

#define G_LOG_DOMAIN "waymark-secrets"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "waymark-secrets.h"

static const SecretSchema *
database_schema (void)
{
  static const SecretSchema schema = {
    "io.github.waymarkapp.Waymark.Database", SECRET_SCHEMA_NONE,
    {
      { "uri", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

/**
 * waymark_secrets_lookup:
 * @uri: a connection URI without a password
 * @cancellable: (nullable): a #GCancellable
 *
 * Blocks: call it on a worker thread. A keyring that is not there is not
 * an error: there is simply no password.
 *
 * Returns: (transfer full) (nullable): the password kept for @uri
 */
char *
waymark_secrets_lookup (const char   *uri,
                        GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *secret = secret_password_lookup_sync (database_schema (), cancellable, &error, "uri", uri, NULL);
  char *password;

  if (error != NULL)
    g_debug ("No keyring to ask for %s: %s", uri, error->message);
  if (secret == NULL)
    return NULL;

  password = g_strdup (secret);
  secret_password_free (secret);
  return password;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_message ("The password could not be kept in the keyring: %s", error->message);
}

/**
 * waymark_secrets_store:
 * @uri: a connection URI without a password
 * @password: its password
 *
 * Keeps @password in the keyring for @uri, in the background.
 */
void
waymark_secrets_store (const char *uri,
                       const char *password)
{
  g_autofree char *where = waymark_postgres_describe_uri (uri);
  /* Translators: how the keyring lists it; %s is “analyst@db.example.org/surveys” */
  g_autofree char *label = g_strdup_printf (_("Waymark database password for %s"), where);

  secret_password_store (database_schema (), SECRET_COLLECTION_DEFAULT, label, password, NULL,
                         stored_cb, NULL, "uri", uri, NULL);
}

/**
 * waymark_secrets_database_uris:
 * @document: a document
 *
 * Call it on the document's thread.
 *
 * Returns: (transfer full) (element-type utf8): the URIs of the document's
 *   datasets in databases, each once
 */
GPtrArray *
waymark_secrets_database_uris (WaymarkDocument *document)
{
  GPtrArray *datasets = waymark_document_get_items (document, WAYMARK_TYPE_DATASET);
  GPtrArray *uris = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < datasets->len; i++)
    {
      g_autofree char *source = NULL;

      g_object_get (g_ptr_array_index (datasets, i), "source", &source, NULL);
      if (waymark_postgres_is_uri (source) &&
          !g_ptr_array_find_with_equal_func (uris, source, g_str_equal, NULL))
        g_ptr_array_add (uris, g_steal_pointer (&source));
    }

  return uris;
}

/**
 * waymark_secrets_load:
 * @uris: (element-type utf8): connection URIs
 * @cancellable: (nullable): a #GCancellable
 *
 * Hands the keyring's password for each of @uris that has none yet to the
 * core's connections. Blocks: call it on a worker thread.
 */
void
waymark_secrets_load (GPtrArray    *uris,
                      GCancellable *cancellable)
{
  for (guint i = 0; i < uris->len; i++)
    {
      const char *uri = g_ptr_array_index (uris, i);
      g_autofree char *password = NULL;

      if (waymark_postgres_knows_password (uri))
        continue;
      if ((password = waymark_secrets_lookup (uri, cancellable)) != NULL)
        waymark_postgres_remember_password (uri, password);
    }
}
