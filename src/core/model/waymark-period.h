/* waymark-period.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a metric splits time. */
typedef enum
{
  WAYMARK_PERIOD_NONE,
  WAYMARK_PERIOD_WEEK,     /* ISO 8601 weeks, “2026-W01” */
  WAYMARK_PERIOD_MONTH,    /* “2026-03” */
  WAYMARK_PERIOD_QUARTER,  /* “2026-Q1” */
} WaymarkPeriod;

const char *waymark_period_to_string   (WaymarkPeriod   period);
gboolean    waymark_period_from_string (const char     *text,
                                        WaymarkPeriod  *period);
char       *waymark_period_key         (WaymarkPeriod   period,
                                        const char     *date) G_GNUC_WARN_UNUSED_RESULT;
int         waymark_period_code        (WaymarkPeriod   period,
                                        const char     *date);
char       *waymark_period_code_to_key (WaymarkPeriod   period,
                                        int             code) G_GNUC_WARN_UNUSED_RESULT;

gboolean    waymark_date_parse         (const char     *text,
                                        int            *year,
                                        int            *month,
                                        int            *day);
gboolean    waymark_date_is_iso        (const char     *text);

G_END_DECLS
