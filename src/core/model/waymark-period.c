/* waymark-period.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Dates and the periods metrics split time into: ISO 8601 dates, ISO
 * weeks (a week belongs to the year of its Thursday), months, quarters. */

#include "config.h"

#include <string.h>

#include "waymark-period.h"

static const char * const period_names[] = { "", "week", "month", "quarter", NULL };


const char *
waymark_period_to_string (WaymarkPeriod period)
{
  g_return_val_if_fail (period <= WAYMARK_PERIOD_QUARTER, "");

  return period_names[period];
}

gboolean
waymark_period_from_string (const char    *text,
                            WaymarkPeriod *period)
{
  g_return_val_if_fail (period != NULL, FALSE);

  for (guint i = 0; text != NULL && period_names[i]; i++)
    if (g_str_equal (text, period_names[i]))
      {
        *period = i;
        return TRUE;
      }

  return FALSE;
}

static gboolean
read_digits (const char *p,
             int         count,
             int        *out)
{
  int value = 0;

  for (int i = 0; i < count; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return FALSE;
      value = value * 10 + (p[i] - '0');
    }

  *out = value;
  return TRUE;
}

/* An ISO 8601 date (“2026-03-05”, or with a time after a “T” or a space,
 * whose own zone is ignored) after optional blanks. */
gboolean
waymark_date_parse (const char *text,
                    int        *year,
                    int        *month,
                    int        *day)
{
  const char *p = text;

  while (*p == ' ' || *p == '\t')
    p++;

  if (!read_digits (p, 4, year) || p[4] != '-' || !read_digits (p + 5, 2, month) ||
      p[7] != '-' || !read_digits (p + 8, 2, day))
    return FALSE;
  if (p[10] != '\0' && p[10] != 'T' && p[10] != ' ' && p[10] != '\t')
    return FALSE;

  return *year >= 1 && g_date_valid_dmy (*day, *month, *year);
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar (Howard
 * Hinnant's days_from_civil). */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 era;
  guint year_of_era, day_of_year, day_of_era;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  year_of_era = (guint) (year - era * 400);
  day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + (gint64) day_of_era - 719468;
}

/* ISO 8601: weeks start on Monday, and a week belongs to the year of its
 * Thursday, so 2024-12-30 is in 2025-W01 and 2021-01-03 in 2020-W53. */
static void
iso_week (int  year,
          int  month,
          int  day,
          int *iso_year,
          int *week)
{
  gint64 days = days_from_civil (year, month, day);
  int weekday = (int) (((days % 7) + 7 + 3) % 7) + 1;  /* 1970-01-01 was a Thursday */
  gint64 thursday = days + (4 - weekday);

  if (thursday < days_from_civil (year, 1, 1))
    year--;
  else if (thursday >= days_from_civil (year + 1, 1, 1))
    year++;

  *iso_year = year;
  *week = (int) ((thursday - days_from_civil (year, 1, 1)) / 7) + 1;
}

/* A period as a positive number that sorts as time does; 0 for no date. */
int
waymark_period_code (WaymarkPeriod  period,
                     const char    *date)
{
  int year, month, day, week;

  if (!waymark_date_parse (date, &year, &month, &day))
    return 0;

  switch (period)
    {
    case WAYMARK_PERIOD_WEEK:
      iso_week (year, month, day, &year, &week);
      return year * 100 + week;
    case WAYMARK_PERIOD_MONTH:
      return year * 100 + month;
    case WAYMARK_PERIOD_QUARTER:
      return year * 10 + (month - 1) / 3 + 1;
    case WAYMARK_PERIOD_NONE:
    default:
      return 0;
    }
}

char *
waymark_period_code_to_key (WaymarkPeriod period,
                            int           code)
{
  if (code == 0)
    return g_strdup ("");

  switch (period)
    {
    case WAYMARK_PERIOD_WEEK:
      return g_strdup_printf ("%04d-W%02d", code / 100, code % 100);
    case WAYMARK_PERIOD_MONTH:
      return g_strdup_printf ("%04d-%02d", code / 100, code % 100);
    case WAYMARK_PERIOD_QUARTER:
      return g_strdup_printf ("%04d-Q%d", code / 10, code % 10);
    case WAYMARK_PERIOD_NONE:
    default:
      return g_strdup ("");
    }
}

/**
 * waymark_period_key:
 * @period: how to split time
 * @date: an ISO 8601 date, optionally with a time
 *
 * Returns: (transfer full) (nullable): the period @date falls in
 *   (“2026-W01”, “2026-03”, “2026-Q1”), "" for %WAYMARK_PERIOD_NONE, or
 *   %NULL if @date is not a date
 */
char *
waymark_period_key (WaymarkPeriod  period,
                    const char    *date)
{
  int code;

  g_return_val_if_fail (date != NULL, NULL);

  if (period == WAYMARK_PERIOD_NONE)
    return g_strdup ("");
  if ((code = waymark_period_code (period, date)) == 0)
    return NULL;

  return waymark_period_code_to_key (period, code);
}


gboolean
waymark_date_is_iso (const char *text)
{
  int year, month, day;

  return text != NULL && strlen (text) == 10 && waymark_date_parse (text, &year, &month, &day);
}

