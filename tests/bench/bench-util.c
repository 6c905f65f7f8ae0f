/* bench-util.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every benchmark program measures with.
 */

#include <stdlib.h>

#include "bench-util.h"

double
bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
bench_median (double *samples,
              guint   n)
{
  g_return_val_if_fail (n > 0, 0);

  qsort (samples, n, sizeof (double), compare_doubles);
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2.0;
}
