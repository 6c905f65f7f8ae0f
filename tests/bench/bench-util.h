/* bench-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The monotonic clock, in milliseconds. */
double bench_now_ms (void);

/* The median of @n samples; sorts them. */
double bench_median (double *samples,
                     guint   n);

G_END_DECLS
