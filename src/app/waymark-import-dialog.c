/* waymark-import-dialog.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-import-dialog"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "waymark-core.h"
#include "waymark-import-dialog-private.h"
#include "waymark-app-util.h"
#include "waymark-secrets.h"

#define PREVIEW_ROWS 100

/*
 * The import wizard: a file, how to read it, which column names cards,
 * a live preview of the first rows, each column's type, the problems with
 * their line numbers, and what the key column matches — then Import, as
 * one undoable step. Reading runs on a worker thread with a progress bar;
 * changing an option cancels it and starts over.
 *
 * Or a database: a connection URI and a password (kept in the keyring if
 * asked, never in the map), whether the connection is encrypted, a table
 * or a read-only query, its first rows with the server's types — and the
 * same key, stage and card choices, counted by the server.
 */

/* One row of the preview, for the column view. */
#define WAYMARK_TYPE_PREVIEW_ROW (waymark_preview_row_get_type ())
G_DECLARE_FINAL_TYPE (WaymarkPreviewRow, waymark_preview_row, WAYMARK, PREVIEW_ROW, GObject)

struct _WaymarkPreviewRow
{
  GObject  parent_instance;
  GStrv    cells;
};

G_DEFINE_FINAL_TYPE (WaymarkPreviewRow, waymark_preview_row, G_TYPE_OBJECT)

static void
waymark_preview_row_finalize (GObject *object)
{
  g_strfreev (WAYMARK_PREVIEW_ROW (object)->cells);
  G_OBJECT_CLASS (waymark_preview_row_parent_class)->finalize (object);
}

static void
waymark_preview_row_class_init (WaymarkPreviewRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = waymark_preview_row_finalize;
}

static void
waymark_preview_row_init (WaymarkPreviewRow *self)
{
}

/* What the worker hands back. */
typedef struct
{
  GFile               *file;
  WaymarkTableOptions  options;
  char                *key;
  char                *stage;
  GStrv                columns;
  char                *encoding;   /* a text file's, as read (detected or chosen) */
  GPtrArray           *rows;       /* GStrv */
  WaymarkImport       *scan;
  GError              *error;
  GWeakRef             dialog;
  /* A database: what to read, and what the server said. */
  gboolean             database;
  char                *uri;        /* as typed; may hold a password */
  char                *password;
  char                *table;
  char                *query;
  char                *stored_uri;
  char                *security;
  gboolean             encrypted;
  GStrv                tables;
  GStrv                types;      /* the server's type of each column */
} Job;

/* The row sources, in the order of the “Read” row's items. */
enum { ROWS_FROM_TABLE, ROWS_FROM_QUERY };

struct _WaymarkImportDialog
{
  AdwWindow         parent_instance;

  /* owned */
  WaymarkDocument  *document;
  GFile            *file;
  GCancellable     *cancellable;
  WaymarkImport    *scan;
  GStrv             columns;
  char             *summary;

  /* template children */
  AdwWindowTitle   *title;
  GtkWidget        *import_button;
  AdwActionRow     *file_row;
  AdwComboRow      *sheet_row;
  AdwComboRow      *delimiter_row;
  AdwComboRow      *encoding_row;
  GtkSpinButton    *header_rows;
  AdwComboRow      *key_row;
  AdwComboRow      *stage_row;
  GtkSwitch        *create_switch;
  AdwEntryRow      *name_row;
  GtkProgressBar   *progress;
  GtkLabel         *summary_label;
  GtkLabel         *problems_label;
  GtkColumnView    *view;
  GtkStack         *preview_stack;
  AdwStatusPage    *preview_status;
  GListStore       *rows;
  GtkStringList    *column_names;
  GtkStringList    *stage_names;
  AdwViewStack     *source_stack;
  AdwEntryRow      *uri_row;
  AdwEntryRow      *password_row;
  GtkSwitch        *remember_switch;
  AdwActionRow     *security_row;
  GtkImage         *security_icon;
  GtkWidget        *connect_button;
  AdwComboRow      *rows_from_row;
  AdwComboRow      *table_row;
  AdwEntryRow      *query_row;
  GtkStringList    *table_names;

  /* A database: the URI as stored, the types of its columns, the name
   * the dataset was given from its table (replaced with the next table's) */
  char             *stored_uri;
  GStrv             types;
  char             *automatic_name;

  guint             busy : 1;
  guint             updating : 1;
  guint             connected : 1;
};

G_DEFINE_FINAL_TYPE (WaymarkImportDialog, waymark_import_dialog, ADW_TYPE_WINDOW)

static const char delimiters[] = { 0, ',', ';', '\t', '|' };
/* What the Encoding row offers: detection, then the encodings of the
 * exports people bring (the system converts from any; these are named). */
static const struct
{
  const char *name;
  const char *label;
} encodings[] = {
  { NULL, N_("Detect") },
  { "UTF-8", "UTF-8" },
  { "UTF-16LE", "UTF-16LE" },
  { "UTF-16BE", "UTF-16BE" },
  { "WINDOWS-1252", N_("Windows-1252 (Western)") },
  { "ISO-8859-15", N_("ISO-8859-15 (Western, with €)") },
  { "MACINTOSH", N_("Mac OS Roman (Western)") },
  { "WINDOWS-1250", N_("Windows-1250 (Central European)") },
  { "ISO-8859-2", N_("ISO-8859-2 (Central European)") },
  { "WINDOWS-1251", N_("Windows-1251 (Cyrillic)") },
  { "KOI8-R", N_("KOI8-R (Russian)") },
  { "KOI8-U", N_("KOI8-U (Ukrainian)") },
  { "ISO-8859-5", N_("ISO-8859-5 (Cyrillic)") },
  { "IBM866", N_("IBM866 (Cyrillic, DOS)") },
  { "ISO-8859-7", N_("ISO-8859-7 (Greek)") },
  { "WINDOWS-1253", N_("Windows-1253 (Greek)") },
  { "WINDOWS-1254", N_("Windows-1254 (Turkish)") },
  { "WINDOWS-1255", N_("Windows-1255 (Hebrew)") },
  { "WINDOWS-1256", N_("Windows-1256 (Arabic)") },
  { "WINDOWS-1257", N_("Windows-1257 (Baltic)") },
  { "WINDOWS-1258", N_("Windows-1258 (Vietnamese)") },
  { "TIS-620", N_("TIS-620 (Thai)") },
  { "SHIFT_JIS", N_("Shift JIS (Japanese)") },
  { "EUC-JP", N_("EUC-JP (Japanese)") },
  { "GB18030", N_("GB18030 (Chinese, Simplified)") },
  { "BIG5", N_("Big5 (Chinese, Traditional)") },
  { "EUC-KR", N_("EUC-KR (Korean)") },
};

static void reload (WaymarkImportDialog *self);

static void
job_free (Job *job)
{
  g_clear_object (&job->file);
  waymark_table_options_clear (&job->options);
  g_free (job->key);
  g_free (job->stage);
  g_strfreev (job->columns);
  g_free (job->encoding);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_clear_pointer (&job->scan, waymark_import_free);
  g_clear_error (&job->error);
  g_weak_ref_clear (&job->dialog);
  g_free (job->uri);
  if (job->password != NULL)
    memset (job->password, 0, strlen (job->password));
  g_free (job->password);
  g_free (job->table);
  g_free (job->query);
  g_free (job->stored_uri);
  g_free (job->security);
  g_strfreev (job->tables);
  g_strfreev (job->types);
  g_free (job);
}

static gboolean
is_database (WaymarkImportDialog *self)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (self->source_stack), "database") == 0;
}

static const char *
selected_string (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

static void
select_string (AdwComboRow *row,
               const char  *value)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; value && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), value))
        {
          adw_combo_row_set_selected (row, i);
          return;
        }
    }
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  WaymarkPreviewRow *row = gtk_list_item_get_item (item);
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  const char *text = index < g_strv_length (row->cells) ? row->cells[index] : "";
  g_autofree char *one_line = g_strdup (text);

  /* Line breaks inside a cell show as spaces, keeping rows one line tall;
   * the tooltip has the whole text. */
  for (char *p = one_line; *p; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), one_line);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), text[0] ? text : NULL);
}

/* A column's inferred type, as the preview's header names it. */
static const char *
column_type_label (WaymarkColumnType type)
{
  switch (type)
    {
    /* Translators: the type of an imported column whose cells are all empty */
    case WAYMARK_COLUMN_EMPTY: return C_("column type", "empty");
    case WAYMARK_COLUMN_INTEGER: return C_("column type", "whole numbers");
    case WAYMARK_COLUMN_DECIMAL: return C_("column type", "decimals");
    case WAYMARK_COLUMN_DATE: return C_("column type", "dates");
    case WAYMARK_COLUMN_TEXT:
    default: return C_("column type", "text");
    }
}

static void
rebuild_columns (WaymarkImportDialog *self)
{
  GListModel *view_columns = gtk_column_view_get_columns (self->view);
  GPtrArray *infos = self->scan ? waymark_import_get_columns (self->scan) : NULL;

  while (g_list_model_get_n_items (view_columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, 0);

      gtk_column_view_remove_column (self->view, column);
    }

  for (guint i = 0; self->columns && self->columns[i]; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autofree char *title = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (i));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);

      if (self->types != NULL && i < g_strv_length (self->types))
        /* Translators: a column's name and the database's type for it, “NPS · integer” */
        title = g_strdup_printf (_("%s · %s"), self->columns[i], self->types[i]);
      else if (infos != NULL && i < infos->len)
        {
          WaymarkColumnInfo *info = g_ptr_array_index (infos, i);

          /* Translators: a column's name, its inferred type and the share of cells that fit it */
          title = g_strdup_printf (_("%s · %s %.0f%%"), self->columns[i],
                                   column_type_label (info->type), info->share * 100.0);
        }
      else
        title = g_strdup (self->columns[i]);

      column = gtk_column_view_column_new (title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->view, column);
    }
}

static void
update_summary (WaymarkImportDialog *self)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);

  if (self->scan != NULL && waymark_import_get_keys (self->scan) != NULL)
    {
      GPtrArray *keys = waymark_import_get_keys (self->scan);
      guint matched = 0, shown = 0;
      guint64 rows_matched = 0;

      waymark_import_match (self->scan, self->document, 0, &matched, &rows_matched);

      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE, "%'" PRIu64 " row", "%'" PRIu64 " rows",
                                           waymark_import_get_rows (self->scan)),
                              waymark_import_get_rows (self->scan));
      if (keys->len > 0)
        {
          g_string_append (summary, " · ");
          /* Translators: how many values of the key column match card titles, and their rows */
          g_string_append_printf (summary, _("%u of %u values match cards (%'" PRIu64 " rows)"),
                                  matched, keys->len, rows_matched);
        }

      for (guint i = 0; i < keys->len; i++)
        {
          WaymarkKeyCount *key = g_ptr_array_index (keys, i);

          if (key->card != 0)
            continue;
          if (shown == 0)
            g_string_append_printf (summary, "\n%s ", gtk_switch_get_active (self->create_switch)
                                                          ? _("New cards:") : _("Unassigned:"));
          else if (shown < 8)
            g_string_append (summary, ", ");
          if (shown < 8 && key->suggestion != NULL)
            /* Translators: an unassigned value, its rows, and the card title it is close to */
            g_string_append_printf (summary, _("%s (%'" PRIu64 ", did you mean “%s”?)"),
                                    key->value, key->rows, key->suggestion);
          else if (shown < 8)
            g_string_append_printf (summary, "%s (%'" G_GUINT64_FORMAT ")", key->value, key->rows);
          shown++;
        }
      if (shown > 8)
        g_string_append_printf (summary, _(" and %u more"), shown - 8);

      for (guint i = 0; i < waymark_import_get_problems (self->scan)->len && i < 5; i++)
        g_string_append_printf (problems, "%s%s", i ? "\n" : "",
                                (const char *) g_ptr_array_index (waymark_import_get_problems (self->scan), i));
      if (waymark_import_get_n_problems (self->scan) > 5)
        g_string_append_printf (problems, _("\n… %" PRIu64 " problems in all"),
                                waymark_import_get_n_problems (self->scan));
    }

  g_free (self->summary);
  self->summary = g_strdup (summary->str);
  gtk_label_set_text (self->summary_label, summary->str);
  gtk_label_set_text (self->problems_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems->len > 0);

  gtk_widget_set_sensitive (self->import_button,
                            self->scan != NULL && !self->busy && selected_string (self->key_row) != NULL);
}

static void
set_busy (WaymarkImportDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->progress), busy);
  if (!busy)
    gtk_progress_bar_set_fraction (self->progress, 0.0);
  update_summary (self);
}

static gboolean
progress_idle_cb (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(WaymarkImportDialog) self = g_weak_ref_get (ref);
  double fraction = *(double *) (ref + 1);

  if (self != NULL && self->busy)
    gtk_progress_bar_set_fraction (self->progress, fraction);

  g_weak_ref_clear (ref);
  g_free (ref);
  return G_SOURCE_REMOVE;
}

static void
scan_progress_cb (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  Job *job = user_data;
  g_autoptr(GObject) dialog = g_weak_ref_get (&job->dialog);
  GWeakRef *ref;

  if (total == 0 || dialog == NULL)
    return;

  /* A weak reference and the fraction, owned by the idle callback. */
  ref = g_malloc0 (sizeof (GWeakRef) + sizeof (double));
  g_weak_ref_init (ref, dialog);
  *(double *) (ref + 1) = MIN (1.0, (double) done / total);
  g_idle_add (progress_idle_cb, ref);
}

/* On the worker thread, for a database: connect (with the password typed,
 * else the keyring's, else libpq's own), list the tables, read the first
 * rows, then have the server count the key's values. */
static void
load_database_thread (GTask        *task,
                      Job          *job,
                      GCancellable *cancellable)
{
  g_autoptr(WaymarkPostgres) connection = NULL;
  g_autoptr(GPtrArray) columns = NULL;
  g_autoptr(GError) error = NULL;

  if (!(job->stored_uri = waymark_postgres_strip_password (job->uri, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (job->password != NULL && job->password[0] != '\0')
    waymark_postgres_remember_password (job->stored_uri, job->password);
  else if (!waymark_postgres_knows_password (job->stored_uri))
    {
      g_autofree char *kept = waymark_secrets_lookup (job->stored_uri, cancellable);

      if (kept != NULL)
        waymark_postgres_remember_password (job->stored_uri, kept);
    }

  scan_progress_cb (1, 4, job);
  if (!(connection = waymark_postgres_connect (job->uri, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->security = waymark_postgres_describe_security (connection);
  job->encrypted = waymark_postgres_is_encrypted (connection);
  if (!(job->tables = waymark_postgres_list_tables (connection, cancellable, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Connected: a table is needed to go further (the first, unless chosen). */
  if (job->table == NULL && job->query == NULL && job->tables[0] != NULL)
    job->table = g_strdup (job->tables[0]);
  if (job->table == NULL && job->query == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  scan_progress_cb (2, 4, job);
  job->rows = waymark_postgres_preview (connection, job->table, job->query, PREVIEW_ROWS, &columns, cancellable, &error);
  g_clear_pointer (&connection, waymark_postgres_close);
  if (job->rows == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  {
    g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) types = g_strv_builder_new ();

    for (guint i = 0; i < columns->len; i++)
      {
        WaymarkPostgresColumn *column = g_ptr_array_index (columns, i);

        g_strv_builder_add (names, column->name);
        g_strv_builder_add (types, column->server_type);
      }
    job->columns = g_strv_builder_end (names);
    job->types = g_strv_builder_end (types);
  }

  if (job->key != NULL && !g_strv_contains ((const char * const *) job->columns, job->key))
    g_clear_pointer (&job->key, g_free);
  if (job->stage != NULL && !g_strv_contains ((const char * const *) job->columns, job->stage))
    g_clear_pointer (&job->stage, g_free);
  if (job->key == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  scan_progress_cb (3, 4, job);
  job->scan = waymark_import_scan_postgres (job->uri, job->table, job->query, job->key, job->stage,
                                            cancellable, NULL, NULL, &error);
  if (job->scan == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* On the worker thread: the preview rows, then the whole scan. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  if (job->database)
    {
      load_database_thread (task, job, cancellable);
      return;
    }

  reader = waymark_table_reader_open (job->file, &job->options, cancellable, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (job->rows->len < PREVIEW_ROWS && waymark_table_reader_next (reader, cells, NULL, &error))
    {
      g_ptr_array_add (cells, NULL);
      g_ptr_array_add (job->rows, g_strdupv ((GStrv) cells->pdata));
      g_ptr_array_set_size (cells, 0);
    }
  /* After the rows: cells past the header made columns of their own. */
  job->columns = g_strdupv ((GStrv) waymark_table_reader_get_columns (reader));
  job->encoding = g_strdup (waymark_table_reader_get_options (reader)->encoding);
  g_clear_object (&reader);

  /* A key that the new options no longer have is dropped, not an error
   * (“Column 13” may be made by a row past the preview's). */
  if (job->key != NULL && !g_strv_contains ((const char * const *) job->columns, job->key) &&
      waymark_table_column_position (job->key) < (int) g_strv_length (job->columns))
    g_clear_pointer (&job->key, g_free);
  if (job->stage != NULL && !g_strv_contains ((const char * const *) job->columns, job->stage) &&
      waymark_table_column_position (job->stage) < (int) g_strv_length (job->columns))
    g_clear_pointer (&job->stage, g_free);

  if (error == NULL)
    job->scan = waymark_import_scan (job->file, &job->options, job->key, job->stage, cancellable,
                                     scan_progress_cb, job, &error);

  /* The whole table's columns, as the scan read them all. */
  if (job->scan != NULL && waymark_import_get_columns (job->scan)->len > g_strv_length (job->columns))
    {
      GPtrArray *infos = waymark_import_get_columns (job->scan);

      g_strfreev (job->columns);
      job->columns = g_new0 (char *, infos->len + 1);
      for (guint i = 0; i < infos->len; i++)
        job->columns[i] = g_strdup (((WaymarkColumnInfo *) g_ptr_array_index (infos, i))->name);
    }

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
fill_combo (GtkStringList *list,
            const char    *first,
            GStrv          columns)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (first != NULL)
    g_ptr_array_add (names, (gpointer) first);
  for (guint i = 0; columns && columns[i]; i++)
    g_ptr_array_add (names, columns[i]);
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (list, 0, n, (const char * const *) names->pdata);
}

/* A column that probably names touchpoints, else the first. */
static const char *
guess_key (GStrv columns)
{
  static const char * const likely[] = { "touchpoint", "step", "page", "channel", "card", NULL };

  for (guint l = 0; likely[l]; l++)
    for (guint i = 0; columns && columns[i]; i++)
      {
        g_autofree char *lower = g_utf8_strdown (columns[i], -1);

        if (strstr (lower, likely[l]) != NULL)
          return columns[i];
      }

  return columns && columns[0] ? columns[0] : NULL;
}

/* The security row: whether and how the connection is encrypted, or why
 * there is none; and the tables to choose from. */
static void
show_connection (WaymarkImportDialog *self,
                 Job                 *job,
                 const GError        *error)
{
  g_autofree char *where = job->stored_uri ? waymark_postgres_describe_uri (job->stored_uri) : NULL;

  g_free (self->stored_uri);
  self->stored_uri = g_strdup (job->stored_uri);
  adw_window_title_set_subtitle (self->title, where ? where : "");

  if (error != NULL)
    {
      self->connected = FALSE;
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->security_row),
                                     g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD)
                                     ? _("Password needed") : _("Not connected"));
      adw_action_row_set_subtitle (self->security_row, error->message);
      gtk_image_set_from_icon_name (self->security_icon, "dialog-warning-symbolic");
      if (g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD))
        gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  self->connected = TRUE;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->security_row), job->security);
  /* Translators: where the dialog is connected, “analyst@db.example.org:5432/surveys” */
  {
    g_autofree char *connected = g_strdup_printf (_("Connected to %s"), where);

    adw_action_row_set_subtitle (self->security_row, connected);
  }
  gtk_image_set_from_icon_name (self->security_icon, job->encrypted ? "channel-secure-symbolic" : "channel-insecure-symbolic");

  self->updating = TRUE;
  fill_combo (self->table_names, NULL, job->tables);
  if (job->table != NULL)
    select_string (self->table_row, job->table);
  self->updating = FALSE;

  /* The dataset is named after its table, unless named already. */
  if (job->table != NULL || job->query != NULL)
    {
      const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
      const char *dot = job->table ? strrchr (job->table, '.') : NULL;

      if (name[0] == '\0' || g_strcmp0 (name, self->automatic_name) == 0)
        {
          g_free (self->automatic_name);
          self->automatic_name = g_strdup (job->table ? (dot ? dot + 1 : job->table) : _("Query"));
          gtk_editable_set_text (GTK_EDITABLE (self->name_row), self->automatic_name);
        }
    }
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  WaymarkImportDialog *self = WAYMARK_IMPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *name = NULL;
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      if (job->database)
        {
          name = job->stored_uri ? waymark_postgres_describe_uri (job->stored_uri) : g_strdup (_("the database"));
          show_connection (self, job, error);
        }
      else
        name = g_file_get_basename (job->file);
      message = g_strdup_printf (_("“%s” cannot be read: %s"), name, error->message);
      g_clear_pointer (&self->scan, waymark_import_free);
      g_list_store_remove_all (self->rows);
      adw_status_page_set_title (self->preview_status,
                                 g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_PASSWORD)
                                 ? _("The Server Asks for a Password")
                                 : g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_ENCODING)
                                 ? _("Which Encoding Is It In?")
                                 : job->database ? _("Cannot Read This Database") : _("Cannot Read This File"));
      if (!job->database)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row), "");
      if (g_error_matches (error, WAYMARK_ERROR, WAYMARK_ERROR_ENCODING))
        {
          /* Too little text to tell: the readings, and where to choose. */
          g_autofree char *described = g_strdup_printf ("%s\n\n%s", message,
                                                        _("Choose the one that reads right under Encoding."));

          adw_status_page_set_description (self->preview_status, described);
          gtk_widget_grab_focus (GTK_WIDGET (self->encoding_row));
        }
      else
        adw_status_page_set_description (self->preview_status, message);
      gtk_stack_set_visible_child_name (self->preview_stack, "status");
      set_busy (self, FALSE);
      g_free (self->summary);
      self->summary = g_steal_pointer (&message);
      gtk_label_set_text (self->summary_label, self->summary);
      return;
    }

  g_clear_pointer (&self->scan, waymark_import_free);
  self->scan = g_steal_pointer (&job->scan);
  g_strfreev (self->types);
  self->types = g_steal_pointer (&job->types);

  /* What detection found, beside the choice. */
  if (!job->database)
    {
      g_autofree char *detected = NULL;

      if (adw_combo_row_get_selected (self->encoding_row) == 0 && job->encoding != NULL)
        {
          const char *label = job->encoding;

          for (guint i = 1; i < G_N_ELEMENTS (encodings); i++)
            if (g_ascii_strcasecmp (encodings[i].name, job->encoding) == 0)
              label = _(encodings[i].label);
          /* Translators: the Encoding row's subtitle; %s is an encoding, such as “KOI8-R (Russian)” */
          detected = g_strdup_printf (_("Detected: %s"), label);
        }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row), detected != NULL ? detected : "");
    }

  if (job->database)
    {
      show_connection (self, job, NULL);
      if (job->rows == NULL)
        {
          /* Connected, with nothing to read yet. */
          g_list_store_remove_all (self->rows);
          adw_status_page_set_title (self->preview_status, _("Choose a Table or Write a Query"));
          adw_status_page_set_description (self->preview_status, _("The first rows show here, with the server’s types"));
          gtk_stack_set_visible_child_name (self->preview_stack, "status");
          set_busy (self, FALSE);
          return;
        }
    }

  self->updating = TRUE;
  if (self->columns == NULL || !g_strv_equal ((const char * const *) self->columns, (const char * const *) job->columns))
    {
      const char *key = job->key ? job->key : guess_key (job->columns);

      g_strfreev (self->columns);
      self->columns = g_strdupv (job->columns);
      fill_combo (self->column_names, NULL, self->columns);
      fill_combo (self->stage_names, _("None"), self->columns);
      select_string (self->key_row, key);
      if (job->stage != NULL)
        select_string (self->stage_row, job->stage);
      else
        adw_combo_row_set_selected (self->stage_row, 0);
    }
  self->updating = FALSE;

  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < job->rows->len; i++)
    {
      WaymarkPreviewRow *row = g_object_new (WAYMARK_TYPE_PREVIEW_ROW, NULL);

      row->cells = g_strdupv (g_ptr_array_index (job->rows, i));
      g_list_store_append (self->rows, row);
      g_object_unref (row);
    }

  rebuild_columns (self);
  gtk_stack_set_visible_child_name (self->preview_stack, "table");
  set_busy (self, FALSE);

  /* The scan was made for the key selected when it started; if the
   * defaults picked another one just now, read again for it. */
  if (g_strcmp0 (job->key, selected_string (self->key_row)) != 0)
    reload (self);
}

static void
reload_database (WaymarkImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  const char *uri = gtk_editable_get_text (GTK_EDITABLE (self->uri_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  guint stage_index;
  Job *job;

  if (uri[0] == '\0')
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->database = TRUE;
  /* “db.example.org/surveys” is a URI without its scheme. */
  job->uri = waymark_postgres_is_uri (uri) ? g_strdup (uri) : g_strconcat ("postgresql://", uri, NULL);
  job->password = password[0] != '\0' ? g_strdup (password) : NULL;
  if (self->connected && adw_combo_row_get_selected (self->rows_from_row) == ROWS_FROM_QUERY)
    {
      const char *query = gtk_editable_get_text (GTK_EDITABLE (self->query_row));

      job->query = query[0] != '\0' ? g_strdup (query) : NULL;
    }
  else if (self->connected)
    job->table = g_strdup (selected_string (self->table_row));
  job->key = g_strdup (selected_string (self->key_row));
  stage_index = adw_combo_row_get_selected (self->stage_row);
  if (stage_index != GTK_INVALID_LIST_POSITION && stage_index > 0)
    job->stage = g_strdup (selected_string (self->stage_row));
  g_weak_ref_init (&job->dialog, self);

  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, load_thread);
}

static void
reload (WaymarkImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  guint stage_index;

  if (self->updating)
    return;
  if (is_database (self))
    {
      reload_database (self);
      return;
    }
  if (self->file == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->file = g_object_ref (self->file);
  job->options.delimiter = delimiters[MIN (adw_combo_row_get_selected (self->delimiter_row), G_N_ELEMENTS (delimiters) - 1)];
  job->options.encoding = g_strdup (encodings[MIN (adw_combo_row_get_selected (self->encoding_row), G_N_ELEMENTS (encodings) - 1)].name);
  job->options.header_rows = gtk_spin_button_get_value_as_int (self->header_rows);
  if (gtk_widget_get_visible (GTK_WIDGET (self->sheet_row)))
    job->options.sheet = g_strdup (selected_string (self->sheet_row));
  job->key = g_strdup (selected_string (self->key_row));
  stage_index = adw_combo_row_get_selected (self->stage_row);
  if (stage_index != GTK_INVALID_LIST_POSITION && stage_index > 0)
    job->stage = g_strdup (selected_string (self->stage_row));
  g_weak_ref_init (&job->dialog, self);

  set_busy (self, TRUE);

  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, load_thread);
}

static void
option_changed_cb (WaymarkImportDialog *self)
{
  reload (self);
}

static void
create_changed_cb (WaymarkImportDialog *self)
{
  update_summary (self);
}

/* A new connection starts from its tables; the columns are the next source's. */
static void
connect_clicked_cb (WaymarkImportDialog *self)
{
  self->connected = FALSE;
  self->updating = TRUE;
  g_clear_pointer (&self->columns, g_strfreev);
  self->updating = FALSE;
  reload_database (self);
}

static void
rows_from_changed_cb (WaymarkImportDialog *self)
{
  gboolean query = adw_combo_row_get_selected (self->rows_from_row) == ROWS_FROM_QUERY;

  gtk_widget_set_visible (GTK_WIDGET (self->table_row), !query);
  gtk_widget_set_visible (GTK_WIDGET (self->query_row), query);
  if (query)
    gtk_widget_grab_focus (GTK_WIDGET (self->query_row));
  if (!query || gtk_editable_get_text (GTK_EDITABLE (self->query_row))[0] != '\0')
    reload (self);
}

/* File or database: each keeps what was chosen for it, and the preview
 * shows the one in view. */
static void
source_changed_cb (WaymarkImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  g_clear_pointer (&self->scan, waymark_import_free);
  g_clear_pointer (&self->types, g_strfreev);
  self->updating = TRUE;
  g_clear_pointer (&self->columns, g_strfreev);
  self->updating = FALSE;
  g_list_store_remove_all (self->rows);
  rebuild_columns (self);

  if (is_database (self))
    {
      adw_status_page_set_icon_name (self->preview_status, "network-server-symbolic");
      adw_status_page_set_title (self->preview_status, _("Connect to a Database"));
      adw_status_page_set_description (self->preview_status,
                                       _("Its first rows show here. Metrics are computed by the server: only totals travel, no respondent’s row."));
      gtk_stack_set_visible_child_name (self->preview_stack, "status");
      adw_window_title_set_subtitle (self->title, "");
      if (gtk_editable_get_text (GTK_EDITABLE (self->uri_row))[0] == '\0')
        gtk_widget_grab_focus (GTK_WIDGET (self->uri_row));
      else
        connect_clicked_cb (self);
    }
  else
    {
      g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;

      adw_status_page_set_icon_name (self->preview_status, "x-office-spreadsheet-symbolic");
      adw_status_page_set_title (self->preview_status, _("Choose a Data File"));
      adw_status_page_set_description (self->preview_status, _("A survey or analytics export: CSV, TSV, XLSX or ODS"));
      gtk_stack_set_visible_child_name (self->preview_stack, "status");
      adw_window_title_set_subtitle (self->title, name ? name : "");
      reload (self);
    }
  update_summary (self);
}

static void
choose_response_cb (GtkNativeDialog     *chooser,
                    int                  response,
                    WaymarkImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      waymark_import_dialog_set_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_clicked_cb (WaymarkImportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Data Files (CSV, TSV, XLSX, ODS)"));
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "tsv");
  gtk_file_filter_add_suffix (filter, "txt");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "ods");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");

  chooser = gtk_file_chooser_native_new (_("Import Data"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect (chooser, "response", G_CALLBACK (choose_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
cancel_clicked_cb (WaymarkImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_clicked_cb (WaymarkImportDialog *self)
{
  _waymark_import_dialog_import (self);
}

static void
waymark_import_dialog_dispose (GObject *object)
{
  WaymarkImportDialog *self = WAYMARK_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), WAYMARK_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (waymark_import_dialog_parent_class)->dispose (object);
}

static void
waymark_import_dialog_finalize (GObject *object)
{
  WaymarkImportDialog *self = WAYMARK_IMPORT_DIALOG (object);

  g_clear_object (&self->document);
  g_clear_object (&self->file);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->scan, waymark_import_free);
  g_clear_pointer (&self->columns, g_strfreev);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->stored_uri, g_free);
  g_clear_pointer (&self->types, g_strfreev);
  g_clear_pointer (&self->automatic_name, g_free);

  G_OBJECT_CLASS (waymark_import_dialog_parent_class)->finalize (object);
}

static void
waymark_import_dialog_class_init (WaymarkImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = waymark_import_dialog_dispose;
  object_class->finalize = waymark_import_dialog_finalize;

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  /* The preview's list store names its item type. */
  g_type_ensure (WAYMARK_TYPE_PREVIEW_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/waymarkapp/Waymark/ui/waymark-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, title);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, sheet_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, delimiter_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, header_rows);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, stage_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, create_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, view);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, preview_status);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, rows);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, column_names);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, stage_names);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, source_stack);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, uri_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, security_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, security_icon);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, rows_from_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, table_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, WaymarkImportDialog, table_names);

  gtk_widget_class_bind_template_callback (widget_class, option_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rows_from_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_changed_cb);
}

static void
waymark_import_dialog_init (WaymarkImportDialog *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  {
    g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
      gtk_string_list_append (names, _(encodings[i].label));
    adw_combo_row_set_model (self->encoding_row, G_LIST_MODEL (names));
  }

  /* The template cannot name the reader's limit. There is no file to
   * read yet, so reload() does nothing for these. */
  gtk_spin_button_set_range (self->header_rows, 0, WAYMARK_TABLE_MAX_HEADER_ROWS);
  gtk_spin_button_set_value (self->header_rows, 1);
}

/**
 * waymark_import_dialog_show_database:
 * @self: a #WaymarkImportDialog
 *
 * Shows the database page, for a connection URI.
 */
void
waymark_import_dialog_show_database (WaymarkImportDialog *self)
{
  g_return_if_fail (WAYMARK_IS_IMPORT_DIALOG (self));

  adw_view_stack_set_visible_child_name (self->source_stack, "database");
  gtk_widget_grab_focus (GTK_WIDGET (self->uri_row));
}

/**
 * waymark_import_dialog_new:
 * @parent: the document's window
 * @document: the document to import into
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
WaymarkImportDialog *
waymark_import_dialog_new (GtkWindow       *parent,
                           WaymarkDocument *document)
{
  WaymarkImportDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  self = g_object_new (WAYMARK_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->document = g_object_ref (document);

  return self;
}

/**
 * waymark_import_dialog_choose_file:
 * @self: a #WaymarkImportDialog
 *
 * Asks for the data file (through the file chooser portal where there is one).
 */
void
waymark_import_dialog_choose_file (WaymarkImportDialog *self)
{
  g_return_if_fail (WAYMARK_IS_IMPORT_DIALOG (self));

  choose_clicked_cb (self);
}

void
waymark_import_dialog_set_file (WaymarkImportDialog *self,
                                GFile               *file)
{
  g_autofree char *name = NULL;
  g_autofree char *stem = NULL;
  g_auto(GStrv) sheets = NULL;
  char *dot;

  g_return_if_fail (WAYMARK_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->file, file);
  name = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), name);
  adw_window_title_set_subtitle (self->title, name);

  stem = g_strdup (name);
  if ((dot = strrchr (stem, '.')) != NULL && dot != stem)
    *dot = '\0';
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), stem);

  /* Spreadsheets offer their sheets; text files have none. */
  self->updating = TRUE;
  g_clear_pointer (&self->columns, g_strfreev);
  sheets = waymark_spreadsheet_list_sheets (file, NULL);
  if (sheets != NULL && sheets[0] != NULL)
    {
      GtkStringList *list = gtk_string_list_new ((const char * const *) sheets);

      adw_combo_row_set_model (self->sheet_row, G_LIST_MODEL (list));
      g_object_unref (list);
    }
  /* Delimiters and encodings only mean something for text. */
  gtk_widget_set_visible (GTK_WIDGET (self->sheet_row), sheets != NULL && sheets[0] != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->delimiter_row), sheets == NULL || sheets[0] == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->encoding_row), sheets == NULL || sheets[0] == NULL);
  self->updating = FALSE;

  reload (self);
}

gboolean
_waymark_import_dialog_is_busy (WaymarkImportDialog *self)
{
  return self->busy;
}

guint
_waymark_import_dialog_get_n_preview (WaymarkImportDialog *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

const char *
_waymark_import_dialog_get_summary (WaymarkImportDialog *self)
{
  return self->summary;
}

/* The preview's cell, or NULL past its rows or the row's cells. */
const char *
_waymark_import_dialog_get_cell (WaymarkImportDialog *self,
                                 guint                row,
                                 guint                column)
{
  g_autoptr(WaymarkPreviewRow) item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);

  if (item == NULL || item->cells == NULL || column >= g_strv_length (item->cells))
    return NULL;
  return item->cells[column];
}

GtkWidget *
_waymark_import_dialog_get_widget (WaymarkImportDialog *self,
                                   const char          *id)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), WAYMARK_TYPE_IMPORT_DIALOG, id));
}

void
_waymark_import_dialog_set_stage (WaymarkImportDialog *self,
                                  const char          *column)
{
  select_string (self->stage_row, column);
}

void
_waymark_import_dialog_set_create (WaymarkImportDialog *self,
                                   gboolean             create_cards)
{
  gtk_switch_set_active (self->create_switch, create_cards);
}

/* Records the dataset (and cards) in one undoable step and closes. */
gboolean
_waymark_import_dialog_import (WaymarkImportDialog *self)
{
  g_autoptr(GError) error = NULL;
  WaymarkDataset *dataset;
  guint64 rows;

  if (self->scan == NULL || self->busy)
    return FALSE;

  dataset = waymark_import_apply (self->scan, self->document, 0,
                                  gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                                  gtk_switch_get_active (self->create_switch), &error);
  if (dataset == NULL)
    {
      AdwMessageDialog *alert;

      alert = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Import"), error->message));
      adw_message_dialog_add_response (alert, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (alert));
      g_free (self->summary);
      self->summary = g_strdup (error->message);
      return FALSE;
    }

  /* The password stays in this session's memory; in the keyring if asked. */
  if (is_database (self) && self->stored_uri != NULL)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

      if (password[0] != '\0' && gtk_switch_get_active (self->remember_switch))
        waymark_secrets_store (self->stored_uri, password);
    }

  rows = waymark_import_get_rows (self->scan);
  {
    g_autofree char *message = NULL;

    /* Translators: %s is the dataset's name */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Imported %'" PRIu64 " row as “%s”",
                                            "Imported %'" PRIu64 " rows as “%s”",
                                            rows),
                               rows, waymark_dataset_get_name (dataset));
    waymark_report (GTK_WIDGET (self), message, FALSE);
  }

  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}
