/* waymark-export.h
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "waymark-document.h"

G_BEGIN_DECLS

/* The most pages an export makes before it refuses. */
#define WAYMARK_EXPORT_MAX_PAGES      500
/* PDF's own limit on a page side, 200 inches. */
#define WAYMARK_EXPORT_MAX_PAGE_SIDE  14400.0
/* The widest and tallest PNG image viewers open. */
#define WAYMARK_EXPORT_MAX_PIXELS     32767
#define WAYMARK_EXPORT_DEFAULT_DPI    144.0
#define WAYMARK_EXPORT_DEFAULT_MARGIN 28.0
/* Thumbnails: the longer side in pixels, as file managers ask for them. */
#define WAYMARK_THUMBNAIL_DEFAULT_SIZE 256
#define WAYMARK_THUMBNAIL_MIN_SIZE     16
#define WAYMARK_THUMBNAIL_MAX_SIZE     4096

typedef enum
{
  WAYMARK_EXPORT_FORMAT_PDF,
  WAYMARK_EXPORT_FORMAT_SVG,
  WAYMARK_EXPORT_FORMAT_PNG,
  WAYMARK_EXPORT_FORMAT_HTML,  /* every map as a tab of one web page; @map's tab open first */
} WaymarkExportFormat;

typedef enum
{
  WAYMARK_PAPER_A4,
  WAYMARK_PAPER_A3,
  WAYMARK_PAPER_A2,
  WAYMARK_PAPER_A1,
  WAYMARK_PAPER_A0,
  WAYMARK_PAPER_LETTER,
  WAYMARK_PAPER_LEGAL,
  WAYMARK_PAPER_TABLOID,
  WAYMARK_PAPER_CUSTOM,
} WaymarkPaper;

typedef enum
{
  WAYMARK_EXPORT_MODE_FIT,     /* the whole map on one page */
  WAYMARK_EXPORT_MODE_TILE,    /* a poster over as many pages as it takes */
  WAYMARK_EXPORT_MODE_DECK,    /* one stage per page, for a meeting */
  WAYMARK_EXPORT_MODE_AUTO,    /* fit when the text stays legible, else a poster at a legible scale */
} WaymarkExportMode;

/* Text on paper is not smaller than this unless asked for (points). */
#define WAYMARK_EXPORT_LEGIBLE_TEXT 6.0

/* Something the reader of an export should know (characters no installed
 * font has, drawn as boxes), as a sentence. */
typedef void (*WaymarkExportNoteFunc) (const char *note,
                                       gpointer    user_data);

/* Options of one export; waymark_export_options_init() sets the defaults. */
typedef struct
{
  gint64              map;           /* 0: the document's first map */
  WaymarkExportFormat format;
  WaymarkPaper        paper;
  double              paper_width;   /* points, portrait; for WAYMARK_PAPER_CUSTOM */
  double              paper_height;
  gboolean            auto_orientation; /* choose from the map's shape; else @landscape */
  gboolean            landscape;
  double              margin;        /* points, on every side */
  WaymarkExportMode   mode;
  double              scale;         /* percent, in tile mode; 0: legible */
  guint               pages_wide;    /* tile mode: the largest scale that is this many pages wide; 0: unused */
  guint               cell_columns;  /* cards side by side in a cell, 1 to 4, a map wide rather than tall; 0: 1 */
  gboolean            cover;
  gboolean            legend;
  gboolean            appendix;
  gboolean            summary;       /* an executive summary page first */
  double              dpi;           /* PNG */
  gboolean            transparent;   /* PNG: no background */
  WaymarkExportNoteFunc note;        /* nullable */
  gpointer            note_data;
} WaymarkExportOptions;

/* Called after each page or part written; @fraction from 0 to 1. */
typedef void (*WaymarkExportProgressFunc) (double   fraction,
                                           gpointer user_data);

void        waymark_export_options_init    (WaymarkExportOptions      *options);

gboolean    waymark_export_format_for_path (const char                *path,
                                            WaymarkExportFormat       *format,
                                            GError                   **error);
const char *waymark_export_format_get_extension (WaymarkExportFormat   format);

gboolean    waymark_paper_parse            (const char                *name,
                                            WaymarkPaper              *paper);
const char *waymark_paper_get_name         (WaymarkPaper               paper);
void        waymark_paper_get_size         (WaymarkPaper               paper,
                                            double                    *width,
                                            double                    *height);

gint64      waymark_export_find_map        (WaymarkDocument           *document,
                                            const char                *index_or_title,
                                            GError                   **error);

gboolean    waymark_export_file            (WaymarkDocument           *document,
                                            const WaymarkExportOptions *options,
                                            GFile                     *file,
                                            GCancellable              *cancellable,
                                            WaymarkExportProgressFunc  progress,
                                            gpointer                   user_data,
                                            GError                   **error);

gboolean    waymark_export_thumbnail       (WaymarkDocument           *document,
                                            gint64                     map,
                                            int                        size,
                                            GFile                     *file,
                                            GCancellable              *cancellable,
                                            GError                   **error);

G_END_DECLS
