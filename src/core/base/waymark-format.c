/* waymark-format.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Dates as people read them. The document stores times as ISO 8601 in
 * UTC and periods as keys that sort (2026-03, 2026-W09, 2026-Q1); the
 * canvas, the dialogs and the exports show them in the local time zone,
 * in the order and with the month names of the user's language. The
 * formats are translatable, so each language picks its own order. */

#include "config.h"

#include <stdio.h>
#include <glib/gi18n-lib.h>

#include "waymark-format.h"

/* @time in @format, or in @fallback if a translation's format is one
 * GLib cannot write. */
static char *
format_time (GDateTime  *time,
             const char *format,
             const char *fallback)
{
  char *text = g_date_time_format (time, format);

  return text != NULL ? text : g_date_time_format (time, fallback);
}

/**
 * waymark_format_timestamp:
 * @iso8601: (nullable): a time as stored in the document
 *
 * Returns: (transfer full): the time in the local time zone, such as
 * “23 Nov 2026, 22:47”; “unknown” for %NULL or an empty string, and
 * @iso8601 itself when it does not parse
 */
char *
waymark_format_timestamp (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  char *text;

  if (iso8601 == NULL || *iso8601 == '\0')
    return g_strdup (_("unknown"));
  /* Times without a zone were written in UTC. A time at either end of
   * what GDateTime holds may have no local time: shown as written. */
  if (!(time = g_date_time_new_from_iso8601 (iso8601, utc)) ||
      !(local = g_date_time_to_local (time)))
    return g_strdup (iso8601);
  text = format_time (local,
                      /* Translators: a date and time, as in “23 Nov 2026, 22:47”; a
                       * g_date_time_format() format: put the parts in your language's order */
                      _("%-d %b %Y, %H:%M"), "%-d %b %Y, %H:%M");
  return text != NULL ? text : g_strdup (iso8601);
}

/**
 * waymark_format_day:
 * @time: a date
 *
 * Returns: (transfer full): the date in full, such as “23 November 2026”
 */
char *
waymark_format_day (GDateTime *time)
{
  g_return_val_if_fail (time != NULL, NULL);

  return format_time (time,
                      /* Translators: a date in full, as in “23 November 2026”, on an exported
                       * cover page; a g_date_time_format() format */
                      _("%-d %B %Y"), "%-d %B %Y");
}

/**
 * waymark_format_period:
 * @key: a period as waymark_period_key() writes it
 *
 * Returns: (transfer full): the period for people: “March 2026”, “Q1 2026”,
 * “Week 9, 2026”; @key itself when it is not a period key
 */
char *
waymark_format_period (const char *key)
{
  int year = 0, part = 0, used = 0;

  g_return_val_if_fail (key != NULL, NULL);

  if (sscanf (key, "%4d-Q%1d%n", &year, &part, &used) == 2 && key[used] == '\0' &&
      used == 7 && part >= 1 && part <= 4)
    /* Translators: a quarter of a year, as in “Q3 2026” */
    return g_strdup_printf (_("Q%d %d"), part, year);
  if (sscanf (key, "%4d-W%2d%n", &year, &part, &used) == 2 && key[used] == '\0' &&
      used == 8 && part >= 1 && part <= 53)
    /* Translators: an ISO week, as in “Week 9, 2026” */
    return g_strdup_printf (_("Week %d, %d"), part, year);
  if (sscanf (key, "%4d-%2d%n", &year, &part, &used) == 2 && key[used] == '\0' &&
      used == 7 && part >= 1 && part <= 12 && year >= 1)
    {
      g_autoptr(GDateTime) month = g_date_time_new_utc (year, part, 1, 0, 0, 0);

      /* %OB: the month's name on its own, not the form used with a day,
       * which differs in Polish, Russian, Czech… */
      if (month != NULL)
        return format_time (month,
                            /* Translators: a month of a year, as in “March 2026”; a
                             * g_date_time_format() format (%OB: the month's name standing alone) */
                            _("%OB %Y"), "%OB %Y");
    }
  return g_strdup (key);
}
