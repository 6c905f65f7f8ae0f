/* waymark-cli.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <gio/gio.h>

#include "waymark-cli.h"
#include "waymark-core.h"

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static int command_new (int argc, char **argv);

static const Command commands[] = {
  { "new", N_("OUT.waymark"), N_("Create a new document, optionally from a template"), command_new },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: waymark-cli COMMAND [OPTION…]"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left = g_strdup_printf ("%s %s", commands[i].name, _(commands[i].parameters));

      fprintf (stream, "  %-24s %s\n", left, _(commands[i].summary));
    }
  fprintf (stream, "\n%s\n", _("Run “waymark-cli COMMAND --help” for the options of a command."));
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = NULL;

  g_printerr ("waymark-cli: %s\n", message);
  if (context != NULL)
    {
      help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
    }
  else
    print_usage (stderr);

  return WAYMARK_CLI_EXIT_USAGE;
}

/* One line on stderr naming the file and the reason. */
static int
fail (const char   *path,
      const GError *error)
{
  if (path != NULL)
    g_printerr ("waymark-cli: %s: %s\n", path, error->message);
  else
    g_printerr ("waymark-cli: %s\n", error->message);

  return WAYMARK_CLI_EXIT_ERROR;
}

/* Parses the options of one command. Returns -1 to go on, or an exit code. */
static int
parse_options (GOptionContext  *context,
               int             *argc,
               char          ***argv)
{
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  if (!g_option_context_parse (context, argc, argv, &error))
    return usage_error (context, error->message);

  return -1;
}

static int
command_new (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *template_name = NULL;
  g_autofree char *title = NULL;
  g_autofree char *templates_text = NULL;
  g_autofree char *description = NULL;
  gboolean force = FALSE;
  int ret;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_name, N_("Start from a template"), N_("NAME") },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The document title"), N_("T") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace OUT if it exists"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("OUT.waymark — create a new document"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  templates_text = g_strjoinv (", ", (char **) waymark_store_list_templates ());
  description = g_strdup_printf (_("Templates: %s"), templates_text);
  g_option_context_set_description (context, description);

  if ((ret = parse_options (context, &argc, &argv)) >= 0)
    return ret;

  if (argc != 2)
    return usage_error (context, argc < 2 ? _("new: missing OUT.waymark")
                                          : _("new: too many arguments"));

  file = g_file_new_for_commandline_arg (argv[1]);

  if (!force && g_file_query_exists (file, NULL))
    {
      g_printerr (_("waymark-cli: %s: already exists (use --force to replace it)\n"), argv[1]);
      return WAYMARK_CLI_EXIT_ERROR;
    }

  if (!(document = waymark_document_new (template_name, title, &error)))
    return fail (NULL, error);

  if (!waymark_document_save (document, file, &error))
    return fail (argv[1], error);

  return WAYMARK_CLI_EXIT_OK;
}

/**
 * waymark_cli_run:
 * @argc: the argument count
 * @argv: the arguments, starting with the program name
 *
 * Runs one command of the command-line contract.
 *
 * Returns: the process exit code (0, 1 or 2)
 */
int
waymark_cli_run (int    argc,
                 char **argv)
{
  const char *name;

  g_set_prgname ("waymark-cli");

  if (argc < 2)
    return usage_error (NULL, _("missing COMMAND"));

  name = argv[1];

  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_usage (stdout);
      return WAYMARK_CLI_EXIT_OK;
    }

  if (g_str_equal (name, "--version"))
    {
      g_print ("waymark-cli %s\n", PACKAGE_VERSION);
      return WAYMARK_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (name, commands[i].name))
        {
          g_autofree char *prgname = g_strdup_printf ("waymark-cli %s", name);

          g_set_prgname (prgname);
          return commands[i].run (argc - 1, argv + 1);
        }
    }

  {
    g_autofree char *message = g_strdup_printf (_("unknown command “%s”"), name);

    return usage_error (NULL, message);
  }
}
