/* waymark-number.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "waymark-number.h"

/* Numbers as the import types them: an optional sign, digits with a point
 * or a comma as the decimal mark, an optional exponent; blanks around. */
gboolean
waymark_number_parse (const char *cell,
                      double     *out)
{
  const char *p = cell;
  const char *start;
  guint64 whole = 0;
  int digits = 0;
  char buffer[64];
  gsize length = 0;
  gboolean mark = FALSE, mantissa = FALSE;
  char *end = NULL;
  double value;

  while (*p == ' ' || *p == '\t')
    p++;
  start = p;

  /* Most answers are short whole numbers. */
  if (*p == '-' || *p == '+')
    p++;
  while (*p >= '0' && *p <= '9' && digits < 15)
    {
      whole = whole * 10 + (guint64) (*p - '0');
      p++;
      digits++;
    }
  if (digits > 0)
    {
      const char *q = p;

      while (*q == ' ' || *q == '\t')
        q++;
      if (*q == '\0')
        {
          *out = *start == '-' ? -(double) whole : (double) whole;
          return TRUE;
        }
    }

  p = start;
  if (*p == '-' || *p == '+')
    buffer[length++] = *p++;
  for (; *p && length < sizeof buffer - 1; p++)
    {
      if (*p >= '0' && *p <= '9')
        {
          buffer[length++] = *p;
          mantissa = TRUE;
        }
      else if ((*p == '.' || *p == ',') && !mark)
        {
          buffer[length++] = '.';
          mark = TRUE;
        }
      else
        break;
    }
  if (!mantissa)
    return FALSE;
  if ((*p == 'e' || *p == 'E') && length < sizeof buffer - 4)
    {
      gboolean exponent = FALSE;

      buffer[length++] = 'e';
      p++;
      if (*p == '-' || *p == '+')
        buffer[length++] = *p++;
      for (; *p >= '0' && *p <= '9' && length < sizeof buffer - 1; p++)
        {
          buffer[length++] = *p;
          exponent = TRUE;
        }
      if (!exponent)
        return FALSE;
    }
  while (*p == ' ' || *p == '\t')
    p++;
  if (*p != '\0')
    return FALSE;

  buffer[length] = '\0';
  value = g_ascii_strtod (buffer, &end);
  if (end != buffer + length || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}
