/* waymark-test-util.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "waymark-core.h"

G_BEGIN_DECLS

/* Every field of every object (and the document header), one line each,
 * sorted by id: two documents are equal when their dumps are. */
char *waymark_test_dump_document (WaymarkDocument *document);

/* A fresh temporary folder, removed with its contents by waymark_test_remove_dir(). */
char *waymark_test_make_dir      (const char      *name);
void  waymark_test_remove_dir    (const char      *path);

/* A zip at @path; each member a name (with '/' for folders,
 * "xl/workbook.xml") and its bytes (@length -1: up to the NUL). */
typedef struct
{
  const char *name;
  const char *data;
  gssize      length;
} WaymarkTestZipMember;

void  waymark_test_write_zip     (const char                 *path,
                                  const WaymarkTestZipMember *members,
                                  guint                       n_members);

/* Ends a forked child with @status, as _exit() would. Under valgrind, a
 * child with no memory error so far ends without memcheck's leak check:
 * what the parent's frames held is unreachable in the child by then (the
 * compiler knows _exit() never returns), so memcheck would call it lost.
 * LeakSanitizer never checks a child that ends with _exit() either. */
void  waymark_test_exit_child    (int                         status) G_GNUC_NORETURN;

/* The share of 8×8 blocks whose mean colour differs by at most @tolerance
 * (of 255) in every channel: two renderings of one drawing compared. */
double waymark_test_similar_blocks (cairo_surface_t *a,
                                    cairo_surface_t *b,
                                    double           tolerance);

/* Titles a shared page must show as text and never run. */
extern const char * const waymark_test_hostile_titles[];

/* The sample journey with the sample survey's NPS and CSAT on its cards
 * (made with waymark-cli, as a person would), two cards whose titles are
 * hostile HTML, and a second map: @dir/shared.waymark. */
char *waymark_test_make_shared_map (const char *dir);

G_END_DECLS
