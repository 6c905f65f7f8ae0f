/* waymark-metric.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-metric.h"
#include "waymark-document-private.h"
#include "waymark-error.h"
#include "waymark-import-private.h"

/* The normal quantile of a 95% confidence interval, as HACKING.md's formulas write it. */
#define Z_95 1.96

/* Raw cells whose filter or condition outcome is remembered, per filter;
 * and raw key values remembered with the cards they bind to. Past these a
 * cell is folded again each time, which is slower but bounded. */
#define CELL_CACHE_LIMIT 4096
#define KEY_CACHE_LIMIT  65536

#define PROGRESS_EVERY 0xFFFF

static const char * const kind_names[] = {
  "count", "sum", "mean", "median", "min", "max", "rate", "nps", "csat", "ces",
  "top-box", "bottom-box", NULL
};

static const char * const period_names[] = { "", "week", "month", "quarter", NULL };

typedef enum
{
  CELL_SKIP,      /* empty: not answered */
  CELL_EXCLUDED,  /* not a number, or out of scale */
  CELL_VALID,
} CellOutcome;

typedef enum
{
  OP_YES_NO,
  OP_EQUAL,
  OP_NOT_EQUAL,
  OP_AT_LEAST,
  OP_AT_MOST,
  OP_MORE,
  OP_LESS,
} ConditionOp;

typedef struct
{
  ConditionOp  op;
  char        *folded;   /* the value, folded as key values are */
  double       number;
  gboolean     numeric;  /* the value is a number */
} Condition;

typedef struct
{
  int         column;
  GHashTable *values;    /* folded values; NULL for a date range */
  char        from[11];  /* ISO dates, "" for no bound */
  char        to[11];
  GHashTable *cache;     /* raw cell → GINT_TO_POINTER (1 passes, 2 fails) */
} Filter;

/* Counts are all NPS, CSAT, rates and counts need. */
typedef struct
{
  gint64 rows;      /* rows that passed the filters */
  gint64 n;
  gint64 excluded;
  gint64 hits;      /* promoters, top box, condition met */
  gint64 misses;    /* detractors */
} Tally;

/* For sums, means (Welford's running mean and squared deviations), minima and maxima. */
typedef struct
{
  double mean;
  double m2;
  double sum;
  double min;
  double max;
} Moments;

typedef struct
{
  int        code;     /* the period (see period_code()); 0 for the whole time */
  GArray    *tallies;  /* Tally, one per group */
  GArray    *moments;  /* Moments, one per group; NULL unless the kind needs them */
  GPtrArray *values;   /* GArray of double per group; NULL unless a median */
} Slot;

typedef struct
{
  WaymarkMetricDefinition *definition;
  int                      column;
  int                      date_column;
  GArray                  *filters;       /* Filter */
  Condition                condition;
  GHashTable              *condition_cache;
  double                   low;           /* valid answers */
  double                   high;
  gboolean                 whole;
  double                   hit_low;       /* hits among them */
  double                   hit_high;
  double                   miss_low;      /* misses among them (NPS detractors) */
  double                   miss_high;
  gboolean                 needs_numbers;
  gboolean                 needs_moments;
  gboolean                 needs_values;
  GHashTable              *slot_of_code;  /* period code → slot index */
  GPtrArray               *slots;         /* Slot; 0 is the whole time */
  guint64                  rows_matched;
  GPtrArray               *figures;
  GError                  *error;
} Job;

typedef struct
{
  gint64 card;
  gint64 stage;
} Group;

/* The groups a key value's rows count towards: all rows (0), its cards,
 * and their stages, each once. */
typedef struct
{
  guint n;
  guint groups[];
} Binding;

/*
 * What a pass needs from the document, copied on the thread that owns it:
 * the cards by key and the dataset's record. It is not changed after
 * waymark_metric_source_new(), so any thread may read it.
 */
struct _WaymarkMetricSource
{
  GHashTable          *cards_by_key;      /* folded title → GArray of Group (card, stage) */
  GFile               *file;
  WaymarkTableOptions  options;
  char                *key;
  GPtrArray           *recorded;          /* column names as imported */
  GHashTable          *types;             /* name → type as imported */
  char                *recorded_sha256;
};

struct _WaymarkMetricComputation
{
  GPtrArray  *jobs;          /* Job */
  GArray     *groups;        /* Group */
  WaymarkMetricSource *source;
  GHashTable *bindings;      /* folded key → Binding */
  GHashTable *raw_bindings;  /* raw key cell → Binding (borrowed) */
  GHashTable *card_groups;   /* card id → group index + 1 */
  GHashTable *stage_groups;  /* stage id → group index + 1 */
  GStrv       columns;       /* the source's columns as read now */
  char       *columns_json;  /* their schema, when it differs from the recorded one */
  char       *sha256;
  guint64     size;
  guint64     rows;
  gboolean    changed;
};

/* Names and periods */

/**
 * waymark_metric_format_value:
 * @kind: the metric's kind
 * @value: a value it computed, NaN when no answer counted
 * @unit: (nullable): the metric's unit, written after the number
 *
 * A value as people read its kind, in the locale's digits: NPS signed,
 * shares in percent, counts and sums whole, other kinds to one decimal,
 * with the locale's grouping and decimal mark. The canvas's badges, its
 * metrics lane and the metrics panel all show values this way.
 *
 * Returns: (transfer full): the text; an en dash for NaN
 */
char *
waymark_metric_format_value (WaymarkMetricKind  kind,
                             double             value,
                             const char        *unit)
{
  g_autofree char *number = NULL;

  if (isnan (value))
    return g_strdup ("–");
  switch (kind)
    {
    case WAYMARK_METRIC_KIND_NPS:
      return g_strdup_printf ("%+.0f", value);
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_RATE:
    case WAYMARK_METRIC_KIND_TOP_BOX:
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
      /* Translators: a share in percent, as in “72%”; put a (narrow)
       * no-break space before the sign if your language writes one */
      return g_strdup_printf (_("%.0f%%"), value);
    case WAYMARK_METRIC_KIND_COUNT:
    case WAYMARK_METRIC_KIND_SUM:
      number = g_strdup_printf ("%'.0f", value);
      break;
    case WAYMARK_METRIC_KIND_MEAN:
    case WAYMARK_METRIC_KIND_MEDIAN:
    case WAYMARK_METRIC_KIND_MIN:
    case WAYMARK_METRIC_KIND_MAX:
    case WAYMARK_METRIC_KIND_CES:
    default:
      number = g_strdup_printf ("%'.1f", value);
      break;
    }
  if (unit != NULL && *unit != '\0')
    return g_strdup_printf ("%s %s", number, unit);
  return g_steal_pointer (&number);
}


const char *
waymark_metric_kind_to_string (WaymarkMetricKind kind)
{
  g_return_val_if_fail (kind <= WAYMARK_METRIC_KIND_BOTTOM_BOX, "count");

  return kind_names[kind];
}

gboolean
waymark_metric_kind_from_string (const char        *text,
                                 WaymarkMetricKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; text != NULL && kind_names[i]; i++)
    if (g_str_equal (text, kind_names[i]))
      {
        *kind = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * waymark_metric_kinds:
 *
 * Returns: (transfer none): the kinds' names, %NULL-terminated
 */
const char * const *
waymark_metric_kinds (void)
{
  return kind_names;
}

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
static gboolean
parse_date (const char *text,
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
static int
period_code (WaymarkPeriod  period,
             const char    *date)
{
  int year, month, day, week;

  if (!parse_date (date, &year, &month, &day))
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

static char *
period_label (WaymarkPeriod period,
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
  if ((code = period_code (period, date)) == 0)
    return NULL;

  return period_label (period, code);
}

/* Numbers as the import types them: an optional sign, digits with a point
 * or a comma as the decimal mark, an optional exponent; blanks around. */
static gboolean
parse_number (const char *cell,
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

static gboolean
is_iso_date (const char *text)
{
  int year, month, day;

  return text != NULL && strlen (text) == 10 && parse_date (text, &year, &month, &day);
}

/* Definitions */

static void
filter_clear (WaymarkMetricFilter *filter)
{
  g_free (filter->column);
  g_strfreev (filter->values);
  g_free (filter->from);
  g_free (filter->to);
  g_free (filter);
}

static WaymarkMetricFilter *
filter_copy (const WaymarkMetricFilter *filter)
{
  WaymarkMetricFilter *copy = g_new0 (WaymarkMetricFilter, 1);

  copy->column = g_strdup (filter->column);
  copy->values = g_strdupv (filter->values);
  copy->from = g_strdup (filter->from);
  copy->to = g_strdup (filter->to);

  return copy;
}

/**
 * waymark_metric_definition_new:
 * @kind: what to compute
 * @column: the column whose cells it computes from
 *
 * Returns: (transfer full): a definition with no filters, no period and
 *   the kind's defaults
 */
WaymarkMetricDefinition *
waymark_metric_definition_new (WaymarkMetricKind  kind,
                               const char        *column)
{
  WaymarkMetricDefinition *self;

  g_return_val_if_fail (kind <= WAYMARK_METRIC_KIND_BOTTOM_BOX, NULL);

  self = g_new0 (WaymarkMetricDefinition, 1);
  self->kind = kind;
  self->column = g_strdup (column ? column : "");
  self->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) filter_clear);
  self->period = WAYMARK_PERIOD_NONE;
  self->scale_min = NAN;
  self->scale_max = NAN;
  self->min_n = WAYMARK_METRIC_DEFAULT_MIN_N;
  self->target = NAN;
  self->direction = WAYMARK_METRIC_HIGHER_IS_BETTER;
  self->good = NAN;
  self->warning = NAN;
  self->bad = NAN;

  return self;
}

WaymarkMetricDefinition *
waymark_metric_definition_copy (const WaymarkMetricDefinition *self)
{
  WaymarkMetricDefinition *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->column = g_strdup (self->column);
  copy->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) filter_clear);
  for (guint i = 0; i < self->filters->len; i++)
    g_ptr_array_add (copy->filters, filter_copy (g_ptr_array_index (self->filters, i)));
  copy->date_column = g_strdup (self->date_column);
  copy->condition = g_strdup (self->condition);
  copy->unit = g_strdup (self->unit);
  copy->format = g_strdup (self->format);

  return copy;
}

void
waymark_metric_definition_free (WaymarkMetricDefinition *self)
{
  if (self == NULL)
    return;

  g_free (self->column);
  g_ptr_array_unref (self->filters);
  g_free (self->date_column);
  g_free (self->condition);
  g_free (self->unit);
  g_free (self->format);
  g_free (self);
}

/**
 * waymark_metric_definition_add_filter:
 * @self: a definition
 * @column: a column
 * @value: a value rows may have in @column
 *
 * Keeps only rows whose @column is @value, or any other value given for
 * the same column.
 */
void
waymark_metric_definition_add_filter (WaymarkMetricDefinition *self,
                                      const char              *column,
                                      const char              *value)
{
  WaymarkMetricFilter *filter = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);
  g_return_if_fail (value != NULL);

  for (guint i = 0; i < self->filters->len && filter == NULL; i++)
    {
      WaymarkMetricFilter *existing = g_ptr_array_index (self->filters, i);

      if (existing->values != NULL && g_str_equal (existing->column, column))
        filter = existing;
    }

  if (filter == NULL)
    {
      filter = g_new0 (WaymarkMetricFilter, 1);
      filter->column = g_strdup (column);
      filter->values = g_new0 (char *, 1);
      g_ptr_array_add (self->filters, filter);
    }

  {
    guint n = g_strv_length (filter->values);

    filter->values = g_renew (char *, filter->values, n + 2);
    filter->values[n] = g_strdup (value);
    filter->values[n + 1] = NULL;
  }
}

/**
 * waymark_metric_definition_add_date_range:
 * @self: a definition
 * @column: a column of dates
 * @from: (nullable): the first ISO date rows may have, or %NULL
 * @to: (nullable): the last, or %NULL
 *
 * Keeps only rows whose @column is a date within the range.
 */
void
waymark_metric_definition_add_date_range (WaymarkMetricDefinition *self,
                                          const char              *column,
                                          const char              *from,
                                          const char              *to)
{
  WaymarkMetricFilter *filter;

  g_return_if_fail (self != NULL);
  g_return_if_fail (column != NULL);

  filter = g_new0 (WaymarkMetricFilter, 1);
  filter->column = g_strdup (column);
  filter->from = g_strdup (from);
  filter->to = g_strdup (to);
  g_ptr_array_add (self->filters, filter);
}

static gboolean
kind_has_scale (WaymarkMetricKind kind)
{
  return kind == WAYMARK_METRIC_KIND_CSAT || kind == WAYMARK_METRIC_KIND_CES ||
         kind == WAYMARK_METRIC_KIND_TOP_BOX || kind == WAYMARK_METRIC_KIND_BOTTOM_BOX;
}

/* The scale a kind's answers are on: the definition's, else its own. */
static void
resolve_scale (const WaymarkMetricDefinition *self,
               double                        *low,
               double                        *high)
{
  *low = -INFINITY;
  *high = INFINITY;

  switch (self->kind)
    {
    case WAYMARK_METRIC_KIND_NPS:
      *low = 0;
      *high = 10;
      return;
    case WAYMARK_METRIC_KIND_CES:
      *low = 1;
      *high = 7;
      break;
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_TOP_BOX:
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
      *low = 1;
      *high = 5;
      break;
    case WAYMARK_METRIC_KIND_COUNT:
    case WAYMARK_METRIC_KIND_SUM:
    case WAYMARK_METRIC_KIND_MEAN:
    case WAYMARK_METRIC_KIND_MEDIAN:
    case WAYMARK_METRIC_KIND_MIN:
    case WAYMARK_METRIC_KIND_MAX:
    case WAYMARK_METRIC_KIND_RATE:
    default:
      break;
    }

  if (!isnan (self->scale_min) && !isnan (self->scale_max))
    {
      *low = self->scale_min;
      *high = self->scale_max;
    }
}

static gboolean
parse_condition (const char  *text,
                 Condition   *condition,
                 GError     **error)
{
  static const struct { const char *prefix; ConditionOp op; } ops[] = {
    { ">=", OP_AT_LEAST }, { "<=", OP_AT_MOST }, { "!=", OP_NOT_EQUAL },
    { "<>", OP_NOT_EQUAL }, { ">", OP_MORE }, { "<", OP_LESS }, { "=", OP_EQUAL },
  };
  g_autofree char *value = NULL;
  const char *p;

  memset (condition, 0, sizeof *condition);
  if (text == NULL)
    {
      condition->op = OP_YES_NO;
      return TRUE;
    }

  p = text;
  while (*p == ' ')
    p++;
  condition->op = OP_EQUAL;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_has_prefix (p, ops[i].prefix))
      {
        condition->op = ops[i].op;
        p += strlen (ops[i].prefix);
        break;
      }

  value = g_strstrip (g_strdup (p));
  condition->numeric = parse_number (value, &condition->number);
  condition->folded = _waymark_import_fold_key (value);

  if (value[0] == '\0')
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the condition “%s” has no value"), text);
      g_clear_pointer (&condition->folded, g_free);
      return FALSE;
    }
  if (condition->op != OP_EQUAL && condition->op != OP_NOT_EQUAL && !condition->numeric)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the condition “%s” compares with “%s”, which is not a number"), text, value);
      g_clear_pointer (&condition->folded, g_free);
      return FALSE;
    }

  return TRUE;
}

/**
 * waymark_metric_definition_validate:
 * @self: a definition
 * @error: return location for a #GError
 *
 * Checks what can be checked without the data: a column, a scale, a box
 * that fits it, a condition, ISO dates in date ranges.
 *
 * Returns: %TRUE if @self is usable
 */
gboolean
waymark_metric_definition_validate (const WaymarkMetricDefinition  *self,
                                    GError                        **error)
{
  Condition condition;
  double low, high;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->kind > WAYMARK_METRIC_KIND_BOTTOM_BOX)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("unknown metric kind"));
      return FALSE;
    }
  if (self->column == NULL || self->column[0] == '\0')
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("a metric needs a column"));
      return FALSE;
    }
  if (isnan (self->scale_min) != isnan (self->scale_max) ||
      (!isnan (self->scale_min) && !(self->scale_min < self->scale_max)) ||
      isinf (self->scale_min) || isinf (self->scale_max))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                           _("a scale needs a lowest and a higher highest value"));
      return FALSE;
    }
  resolve_scale (self, &low, &high);
  if (self->box < 0 || (self->box > 0 && isfinite (low) && self->box > high - low + 1))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("a box of %d values does not fit the scale from %g to %g"), self->box, low, high);
      return FALSE;
    }
  if (self->min_n < 0)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                           _("the minimum sample size must not be negative"));
      return FALSE;
    }
  if (self->period > WAYMARK_PERIOD_QUARTER)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("unknown period"));
      return FALSE;
    }
  if (self->kind == WAYMARK_METRIC_KIND_RATE)
    {
      if (!parse_condition (self->condition, &condition, error))
        return FALSE;
      g_free (condition.folded);
    }

  for (guint i = 0; i < self->filters->len; i++)
    {
      WaymarkMetricFilter *filter = g_ptr_array_index (self->filters, i);

      if (filter->column == NULL || filter->column[0] == '\0')
        {
          g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("a filter needs a column"));
          return FALSE;
        }
      if (filter->values == NULL &&
          ((filter->from != NULL && !is_iso_date (filter->from)) ||
           (filter->to != NULL && !is_iso_date (filter->to))))
        {
          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                       _("the date range of column “%s” needs dates as 2026-03-31"), filter->column);
          return FALSE;
        }
    }

  return TRUE;
}

static void
add_number_member (JsonBuilder *builder,
                   const char  *name,
                   double       value)
{
  if (isnan (value))
    return;

  json_builder_set_member_name (builder, name);
  if (value == floor (value) && fabs (value) < 1e15)
    json_builder_add_int_value (builder, (gint64) value);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/**
 * waymark_metric_definition_to_json:
 * @self: a definition
 *
 * The form stored in a metric's definition, without its kind and column:
 * `{"filters": [{"column": "Channel", "values": ["web"]}, {"column":
 * "Date", "from": "2026-01-01", "to": "2026-03-31"}], "period": "month",
 * "date_column": "Date", "condition": ">=9", "scale": [1, 5], "box": 2,
 * "min_n": 30, "target": 40, "direction": "higher", "thresholds":
 * {"good": 40, "warning": 20, "bad": 0}, "unit": "pts", "format": "0"}`;
 * unset members are left out.
 *
 * Returns: (transfer full): the JSON text
 */
char *
waymark_metric_definition_to_json (const WaymarkMetricDefinition *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "filters");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->filters->len; i++)
    {
      WaymarkMetricFilter *filter = g_ptr_array_index (self->filters, i);

      json_builder_begin_object (builder);
      add_string_member (builder, "column", filter->column);
      if (filter->values != NULL)
        {
          json_builder_set_member_name (builder, "values");
          json_builder_begin_array (builder);
          for (guint v = 0; filter->values[v]; v++)
            json_builder_add_string_value (builder, filter->values[v]);
          json_builder_end_array (builder);
        }
      else
        {
          add_string_member (builder, "from", filter->from);
          add_string_member (builder, "to", filter->to);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_string_member (builder, "period", waymark_period_to_string (self->period));
  add_string_member (builder, "date_column", self->date_column);
  add_string_member (builder, "condition", self->condition);
  if (!isnan (self->scale_min) && !isnan (self->scale_max))
    {
      json_builder_set_member_name (builder, "scale");
      json_builder_begin_array (builder);
      json_builder_add_double_value (builder, self->scale_min);
      json_builder_add_double_value (builder, self->scale_max);
      json_builder_end_array (builder);
    }
  if (self->box > 0)
    {
      json_builder_set_member_name (builder, "box");
      json_builder_add_int_value (builder, self->box);
    }
  json_builder_set_member_name (builder, "min_n");
  json_builder_add_int_value (builder, self->min_n);
  add_number_member (builder, "target", self->target);
  add_string_member (builder, "direction",
                     self->direction == WAYMARK_METRIC_LOWER_IS_BETTER ? "lower" : "higher");
  if (!isnan (self->good) || !isnan (self->warning) || !isnan (self->bad))
    {
      json_builder_set_member_name (builder, "thresholds");
      json_builder_begin_object (builder);
      add_number_member (builder, "good", self->good);
      add_number_member (builder, "warning", self->warning);
      add_number_member (builder, "bad", self->bad);
      json_builder_end_object (builder);
    }
  add_string_member (builder, "unit", self->unit);
  add_string_member (builder, "format", self->format);
  if (self->emotion_curve)
    {
      json_builder_set_member_name (builder, "emotion_curve");
      json_builder_add_boolean_value (builder, TRUE);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
bad_member (GError     **error,
            const char  *member,
            const char  *what)
{
  /* Translators: “min_n” must be a whole number */
  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("the definition's “%s” must be %s"), member, what);
  return FALSE;
}

static gboolean
read_string (JsonObject  *object,
             const char  *member,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_member (error, member, _("text"));

  g_free (*out);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_number (node))
    return bad_member (error, member, _("a number"));

  *out = json_node_get_double (node);
  return TRUE;
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          int         *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!node_is_number (node))
    return bad_member (error, member, _("a whole number"));
  value = json_node_get_double (node);
  if (value != floor (value) || value < 0 || value > G_MAXINT)
    return bad_member (error, member, _("a whole number"));

  *out = (int) value;
  return TRUE;
}

static gboolean
read_filters (JsonObject               *object,
              WaymarkMetricDefinition  *self,
              GError                  **error)
{
  JsonNode *node = json_object_get_member (object, "filters");
  JsonArray *array;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad_member (error, "filters", _("a list"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *column = NULL, *from = NULL, *to = NULL;
      JsonObject *filter;
      JsonNode *values;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return bad_member (error, "filters", _("a list of objects"));
      filter = json_node_get_object (element);
      if (!read_string (filter, "column", &column, error) ||
          !read_string (filter, "from", &from, error) ||
          !read_string (filter, "to", &to, error))
        return FALSE;
      if (column == NULL)
        return bad_member (error, "filters", _("a list of objects with a column"));

      values = json_object_get_member (filter, "values");
      if (values != NULL && JSON_NODE_HOLDS_ARRAY (values))
        {
          JsonArray *list = json_node_get_array (values);

          for (guint v = 0; v < json_array_get_length (list); v++)
            {
              JsonNode *value = json_array_get_element (list, v);

              if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
                return bad_member (error, "values", _("a list of texts"));
              waymark_metric_definition_add_filter (self, column, json_node_get_string (value));
            }
        }
      else if (values != NULL)
        return bad_member (error, "values", _("a list of texts"));
      else
        waymark_metric_definition_add_date_range (self, column, from, to);
    }

  return TRUE;
}

/**
 * waymark_metric_definition_new_from_json:
 * @kind: the metric's kind
 * @column: the metric's column
 * @json: (nullable): a metric's definition, as
 *   waymark_metric_definition_to_json() writes it; %NULL or "" for defaults
 * @error: return location for a #GError
 *
 * Members it does not know are ignored, so that newer files still open.
 *
 * Returns: (transfer full): the definition, or %NULL if @json is not one
 */
WaymarkMetricDefinition *
waymark_metric_definition_new_from_json (WaymarkMetricKind   kind,
                                         const char         *column,
                                         const char         *json,
                                         GError            **error)
{
  g_autoptr(WaymarkMetricDefinition) self = waymark_metric_definition_new (kind, column);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *period = NULL, *direction = NULL;
  JsonObject *object;
  JsonNode *root, *node;

  if (json == NULL || json[0] == '\0')
    return g_steal_pointer (&self);

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the definition is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                           _("the definition is not a JSON object"));
      return NULL;
    }
  object = json_node_get_object (root);

  if (!read_filters (object, self, error) ||
      !read_string (object, "period", &period, error) ||
      !read_string (object, "date_column", &self->date_column, error) ||
      !read_string (object, "condition", &self->condition, error) ||
      !read_int (object, "box", &self->box, error) ||
      !read_int (object, "min_n", &self->min_n, error) ||
      !read_number (object, "target", &self->target, error) ||
      !read_string (object, "direction", &direction, error) ||
      !read_string (object, "unit", &self->unit, error) ||
      !read_string (object, "format", &self->format, error))
    return NULL;

  if (json_object_has_member (object, "emotion_curve"))
    {
      JsonNode *curve = json_object_get_member (object, "emotion_curve");

      if (JSON_NODE_HOLDS_VALUE (curve) && json_node_get_value_type (curve) == G_TYPE_BOOLEAN)
        self->emotion_curve = json_node_get_boolean (curve);
      else if (!JSON_NODE_HOLDS_NULL (curve))
        {
          bad_member (error, "emotion_curve", _("true or false"));
          return NULL;
        }
    }

  if ((period != NULL && !waymark_period_from_string (period, &self->period) &&
       !bad_member (error, "period", _("week, month or quarter"))) ||
      (direction != NULL && !g_str_equal (direction, "higher") && !g_str_equal (direction, "lower") &&
       !bad_member (error, "direction", _("higher or lower"))))
    return NULL;
  self->direction = g_strcmp0 (direction, "lower") == 0 ? WAYMARK_METRIC_LOWER_IS_BETTER
                                                         : WAYMARK_METRIC_HIGHER_IS_BETTER;

  node = json_object_get_member (object, "scale");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *scale;

      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (scale = json_node_get_array (node)) != 2 ||
          !node_is_number (json_array_get_element (scale, 0)) || !node_is_number (json_array_get_element (scale, 1)))
        {
          bad_member (error, "scale", _("two numbers"));
          return NULL;
        }
      self->scale_min = json_array_get_double_element (scale, 0);
      self->scale_max = json_array_get_double_element (scale, 1);
    }

  node = json_object_get_member (object, "thresholds");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonObject *thresholds;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_member (error, "thresholds", _("an object"));
          return NULL;
        }
      thresholds = json_node_get_object (node);
      if (!read_number (thresholds, "good", &self->good, error) ||
          !read_number (thresholds, "warning", &self->warning, error) ||
          !read_number (thresholds, "bad", &self->bad, error))
        return NULL;
    }

  if (!waymark_metric_definition_validate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * waymark_metric_definition_describe_filters:
 * @self: a definition
 *
 * Returns: (transfer full): the filters in words, as
 *   “Channel = web or app; Date from 2026-01-01 to 2026-03-31”; "" for none
 */
char *
waymark_metric_definition_describe_filters (const WaymarkMetricDefinition *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->filters->len; i++)
    {
      WaymarkMetricFilter *filter = g_ptr_array_index (self->filters, i);

      if (text->len > 0)
        g_string_append (text, "; ");
      if (filter->values != NULL)
        {
          g_autofree char *values = g_strjoinv (_(" or "), filter->values);

          g_string_append_printf (text, "%s = %s", filter->column, values);
        }
      else if (filter->from != NULL && filter->to != NULL)
        /* Translators: a date range filter, “Date from 2026-01-01 to 2026-03-31” */
        g_string_append_printf (text, _("%s from %s to %s"), filter->column, filter->from, filter->to);
      else if (filter->from != NULL)
        g_string_append_printf (text, _("%s from %s"), filter->column, filter->from);
      else if (filter->to != NULL)
        g_string_append_printf (text, _("%s until %s"), filter->column, filter->to);
      else
        g_string_append_printf (text, _("%s is a date"), filter->column);
    }

  return g_string_free (text, FALSE);
}

/**
 * waymark_metric_definition_judge:
 * @self: a definition
 * @value: one of its values
 *
 * Where @value falls: beyond the good threshold is good, beyond the bad
 * one bad, beyond the warning one a warning (and short of it bad); with
 * thresholds on one side only, the rest is a warning (short of good only:
 * bad). Without thresholds, meeting the target is good and missing it bad.
 * “Beyond” is above when higher is better, below when lower is.
 *
 * Returns: the rating, %WAYMARK_METRIC_RATING_NONE for a NaN value or a
 *   definition with neither target nor thresholds
 */
WaymarkMetricRating
waymark_metric_definition_judge (const WaymarkMetricDefinition *self,
                                 double                         value)
{
  double sign;

  g_return_val_if_fail (self != NULL, WAYMARK_METRIC_RATING_NONE);

  if (isnan (value))
    return WAYMARK_METRIC_RATING_NONE;

  sign = self->direction == WAYMARK_METRIC_LOWER_IS_BETTER ? -1.0 : 1.0;

  if (isnan (self->good) && isnan (self->warning) && isnan (self->bad))
    {
      if (isnan (self->target))
        return WAYMARK_METRIC_RATING_NONE;
      return sign * value >= sign * self->target ? WAYMARK_METRIC_RATING_GOOD : WAYMARK_METRIC_RATING_BAD;
    }

  if (!isnan (self->good) && sign * value >= sign * self->good)
    return WAYMARK_METRIC_RATING_GOOD;
  if (!isnan (self->bad) && sign * value <= sign * self->bad)
    return WAYMARK_METRIC_RATING_BAD;
  if (!isnan (self->warning))
    return sign * value >= sign * self->warning ? WAYMARK_METRIC_RATING_WARNING : WAYMARK_METRIC_RATING_BAD;
  if (!isnan (self->bad))
    return WAYMARK_METRIC_RATING_WARNING;

  return WAYMARK_METRIC_RATING_BAD;
}

/* The computation */

void
waymark_metric_figure_free (WaymarkMetricFigure *figure)
{
  if (figure == NULL)
    return;

  g_free (figure->period);
  g_free (figure);
}

void
waymark_metric_notice_free (WaymarkMetricNotice *notice)
{
  if (notice == NULL)
    return;

  g_free (notice->source);
  g_free (notice->message);
  g_free (notice);
}

static void
slot_free (Slot *slot)
{
  g_array_unref (slot->tallies);
  g_clear_pointer (&slot->moments, g_array_unref);
  g_clear_pointer (&slot->values, g_ptr_array_unref);
  g_free (slot);
}

static void
filter_state_clear (Filter *filter)
{
  g_clear_pointer (&filter->values, g_hash_table_unref);
  g_clear_pointer (&filter->cache, g_hash_table_unref);
}

static void
job_free (Job *job)
{
  waymark_metric_definition_free (job->definition);
  g_clear_pointer (&job->filters, g_array_unref);
  g_free (job->condition.folded);
  g_clear_pointer (&job->condition_cache, g_hash_table_unref);
  g_clear_pointer (&job->slot_of_code, g_hash_table_unref);
  g_clear_pointer (&job->slots, g_ptr_array_unref);
  g_clear_pointer (&job->figures, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_free (job);
}

static void
free_array (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

static Slot *
job_add_slot (Job *job,
              int  code)
{
  Slot *slot = g_new0 (Slot, 1);

  slot->code = code;
  slot->tallies = g_array_new (FALSE, TRUE, sizeof (Tally));
  if (job->needs_moments)
    slot->moments = g_array_new (FALSE, TRUE, sizeof (Moments));
  if (job->needs_values)
    slot->values = g_ptr_array_new_with_free_func (free_array);
  g_ptr_array_add (job->slots, slot);
  g_hash_table_insert (job->slot_of_code, GINT_TO_POINTER (code), GUINT_TO_POINTER (job->slots->len - 1));

  return slot;
}

static const char *
cell_at (GPtrArray *cells,
         int        index)
{
  return (guint) index < cells->len ? g_ptr_array_index (cells, index) : "";
}

static gboolean
is_blank (const char *cell)
{
  for (const char *p = cell; *p; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;

  return TRUE;
}

/* Filters remember what they made of a raw cell: the columns they test
 * (channel, region, a yes/no answer) have few distinct values. */
static gboolean
filter_passes (Filter     *filter,
               const char *cell)
{
  gpointer cached = g_hash_table_lookup (filter->cache, cell);
  gboolean passes;

  if (cached != NULL)
    return GPOINTER_TO_INT (cached) == 1;

  if (filter->values != NULL)
    {
      g_autofree char *folded = _waymark_import_fold_key (cell);

      passes = g_hash_table_contains (filter->values, folded);
    }
  else
    {
      int year, month, day;
      char date[11];

      passes = parse_date (cell, &year, &month, &day);
      if (passes)
        {
          g_snprintf (date, sizeof date, "%04d-%02d-%02d", year, month, day);
          passes = (filter->from[0] == '\0' || strcmp (date, filter->from) >= 0) &&
                   (filter->to[0] == '\0' || strcmp (date, filter->to) <= 0);
        }
    }

  if (g_hash_table_size (filter->cache) < CELL_CACHE_LIMIT)
    g_hash_table_insert (filter->cache, g_strdup (cell), GINT_TO_POINTER (passes ? 1 : 2));

  return passes;
}

static gboolean
compare (ConditionOp op,
         double      value,
         double      with)
{
  switch (op)
    {
    case OP_EQUAL:
      return value == with;
    case OP_NOT_EQUAL:
      return value != with;
    case OP_AT_LEAST:
      return value >= with;
    case OP_AT_MOST:
      return value <= with;
    case OP_MORE:
      return value > with;
    case OP_LESS:
      return value < with;
    case OP_YES_NO:
    default:
      g_assert_not_reached ();
    }
}

/* A rate's cell: 1 meets the condition, 2 does not, 3 is excluded. A
 * condition on a number (“>=9”, “=9”, which 9.0 meets) excludes cells
 * that are not numbers; one on text (“=Yes”) compares trimmed and
 * case-insensitively. */
static int
rate_cell (Job        *job,
           const char *cell)
{
  Condition *condition = &job->condition;
  gpointer cached;
  double number;
  int outcome;

  if (condition->op != OP_YES_NO && condition->numeric)
    {
      if (!parse_number (cell, &number))
        return 3;
      return compare (condition->op, number, condition->number) ? 1 : 2;
    }

  if ((cached = g_hash_table_lookup (job->condition_cache, cell)) != NULL)
    return GPOINTER_TO_INT (cached);

  if (condition->op == OP_YES_NO)
    {
      static const char * const yes[] = { "yes", "y", "true", "1", NULL };
      static const char * const no[] = { "no", "n", "false", "0", NULL };
      g_autofree char *folded = _waymark_import_fold_key (cell);

      outcome = g_strv_contains (yes, folded) ? 1 : g_strv_contains (no, folded) ? 2 : 3;
    }
  else
    {
      g_autofree char *folded = _waymark_import_fold_key (cell);

      outcome = g_str_equal (folded, condition->folded) == (condition->op == OP_EQUAL) ? 1 : 2;
    }

  if (g_hash_table_size (job->condition_cache) < CELL_CACHE_LIMIT)
    g_hash_table_insert (job->condition_cache, g_strdup (cell), GINT_TO_POINTER (outcome));

  return outcome;
}

static CellOutcome
evaluate (Job        *job,
          const char *cell,
          double     *value,
          gboolean   *hit,
          gboolean   *miss)
{
  double number;

  *value = 0;
  *hit = *miss = FALSE;

  if (cell[0] == '\0' || is_blank (cell))
    return CELL_SKIP;

  if (job->definition->kind == WAYMARK_METRIC_KIND_COUNT)
    return CELL_VALID;

  if (job->definition->kind == WAYMARK_METRIC_KIND_RATE)
    {
      switch (rate_cell (job, cell))
        {
        case 1:
          *hit = TRUE;
          return CELL_VALID;
        case 2:
          return CELL_VALID;
        default:
          return CELL_EXCLUDED;
        }
    }

  if (!parse_number (cell, &number) || number < job->low || number > job->high ||
      (job->whole && number != floor (number)))
    return CELL_EXCLUDED;

  *value = number;
  *hit = number >= job->hit_low && number <= job->hit_high;
  *miss = number >= job->miss_low && number <= job->miss_high;
  return CELL_VALID;
}

static void
slot_add (Job         *job,
          Slot        *slot,
          guint        group,
          guint        n_groups,
          CellOutcome  outcome,
          double       value,
          gboolean     hit,
          gboolean     miss)
{
  Tally *tally;

  if (slot->tallies->len < n_groups)
    {
      g_array_set_size (slot->tallies, n_groups);
      if (slot->moments != NULL)
        g_array_set_size (slot->moments, n_groups);
      if (slot->values != NULL)
        g_ptr_array_set_size (slot->values, n_groups);
    }

  tally = &g_array_index (slot->tallies, Tally, group);
  tally->rows++;
  if (outcome == CELL_SKIP)
    return;
  if (outcome == CELL_EXCLUDED)
    {
      tally->excluded++;
      return;
    }

  tally->n++;
  tally->hits += hit;
  tally->misses += miss;

  if (slot->moments != NULL)
    {
      Moments *moments = &g_array_index (slot->moments, Moments, group);
      double delta = value - moments->mean;

      moments->mean += delta / tally->n;
      moments->m2 += delta * (value - moments->mean);
      moments->sum += value;
      if (tally->n == 1 || value < moments->min)
        moments->min = value;
      if (tally->n == 1 || value > moments->max)
        moments->max = value;
    }

  if (slot->values != NULL)
    {
      GArray *values = g_ptr_array_index (slot->values, group);

      if (values == NULL)
        values = slot->values->pdata[group] = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_val (values, value);
    }
}

static void
job_add_row (Job           *job,
             GPtrArray     *cells,
             const Binding *binding,
             guint          n_groups)
{
  Slot *slots[2];
  guint n_slots = 1;
  CellOutcome outcome;
  double value;
  gboolean hit, miss;

  for (guint i = 0; i < job->filters->len; i++)
    {
      Filter *filter = &g_array_index (job->filters, Filter, i);

      if (!filter_passes (filter, cell_at (cells, filter->column)))
        return;
    }

  job->rows_matched++;
  outcome = evaluate (job, cell_at (cells, job->column), &value, &hit, &miss);

  slots[0] = g_ptr_array_index (job->slots, 0);
  if (job->definition->period != WAYMARK_PERIOD_NONE)
    {
      int code = period_code (job->definition->period, cell_at (cells, job->date_column));

      /* Rows without a date count for the whole time only. */
      if (code != 0)
        {
          gpointer index;

          if (g_hash_table_lookup_extended (job->slot_of_code, GINT_TO_POINTER (code), NULL, &index))
            slots[n_slots++] = g_ptr_array_index (job->slots, GPOINTER_TO_UINT (index));
          else
            slots[n_slots++] = job_add_slot (job, code);
        }
    }

  for (guint s = 0; s < n_slots; s++)
    for (guint g = 0; g < binding->n; g++)
      slot_add (job, slots[s], binding->groups[g], n_groups, outcome, value, hit, miss);
}

static int
find_column (const char * const *columns,
             const char         *name)
{
  for (int i = 0; columns[i]; i++)
    if (g_str_equal (columns[i], name))
      return i;

  return -1;
}

static gboolean
no_column (const char * const  *columns,
           const char          *name,
           GError             **error)
{
  g_autofree char *known = g_strjoinv (", ", (GStrv) columns);

  g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
               _("no column named “%s” (columns: %s)"), name, known);
  return FALSE;
}

static gboolean
kind_needs_numbers (const WaymarkMetricDefinition *definition,
                    const Condition               *condition)
{
  switch (definition->kind)
    {
    case WAYMARK_METRIC_KIND_COUNT:
      return FALSE;
    case WAYMARK_METRIC_KIND_RATE:
      return condition->op != OP_YES_NO && condition->numeric;
    case WAYMARK_METRIC_KIND_SUM:
    case WAYMARK_METRIC_KIND_MEAN:
    case WAYMARK_METRIC_KIND_MEDIAN:
    case WAYMARK_METRIC_KIND_MIN:
    case WAYMARK_METRIC_KIND_MAX:
    case WAYMARK_METRIC_KIND_NPS:
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_CES:
    case WAYMARK_METRIC_KIND_TOP_BOX:
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
    default:
      return TRUE;
    }
}

/* What a valid answer is, for messages: “a whole number from 0 to 10”. */
static char *
describe_valid (Job *job)
{
  if (!isfinite (job->low))
    return g_strdup (_("a number"));
  if (job->whole)
    return g_strdup_printf (_("a whole number from %g to %g"), job->low, job->high);
  return g_strdup_printf (_("a number from %g to %g"), job->low, job->high);
}

/* Resolves the definition against the columns the source has now, and
 * against the types the import recorded (@recorded_types: name → type). */
static gboolean
job_prepare (Job                 *job,
             const char * const  *columns,
             GHashTable          *recorded_types,
             GError             **error)
{
  WaymarkMetricDefinition *definition = job->definition;
  const char *type;
  double low, high;
  int box;

  if (!waymark_metric_definition_validate (definition, error))
    return FALSE;
  if (definition->kind == WAYMARK_METRIC_KIND_RATE &&
      !parse_condition (definition->condition, &job->condition, error))
    return FALSE;

  if ((job->column = find_column (columns, definition->column)) < 0)
    return no_column (columns, definition->column, error);

  job->needs_numbers = kind_needs_numbers (definition, &job->condition);
  if (job->needs_numbers && (type = g_hash_table_lookup (recorded_types, definition->column)) != NULL &&
      (g_str_equal (type, "text") || g_str_equal (type, "date") || g_str_equal (type, "empty")))
    {
      const char *holds = g_str_equal (type, "text") ? _("text") : g_str_equal (type, "date") ? _("dates") : _("no values");

      /* Translators: column “Comment” holds text, not the numbers an nps metric needs */
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("column “%s” holds %s, not the numbers a %s metric needs"),
                   definition->column, holds, waymark_metric_kind_to_string (definition->kind));
      return FALSE;
    }

  job->date_column = -1;
  if (definition->period != WAYMARK_PERIOD_NONE)
    {
      if (definition->date_column == NULL)
        {
          g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                               _("a metric split by period needs a date column"));
          return FALSE;
        }
      if ((job->date_column = find_column (columns, definition->date_column)) < 0)
        return no_column (columns, definition->date_column, error);
    }

  job->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (job->filters, (GDestroyNotify) filter_state_clear);
  for (guint i = 0; i < definition->filters->len; i++)
    {
      WaymarkMetricFilter *source = g_ptr_array_index (definition->filters, i);
      Filter filter = { 0 };

      if ((filter.column = find_column (columns, source->column)) < 0)
        return no_column (columns, source->column, error);
      filter.cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (source->values != NULL)
        {
          filter.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          for (guint v = 0; source->values[v]; v++)
            g_hash_table_add (filter.values, _waymark_import_fold_key (source->values[v]));
        }
      else
        {
          g_strlcpy (filter.from, source->from ? source->from : "", sizeof filter.from);
          g_strlcpy (filter.to, source->to ? source->to : "", sizeof filter.to);
        }
      g_array_append_val (job->filters, filter);
    }

  resolve_scale (definition, &low, &high);
  box = definition->box > 0 ? definition->box : 2;
  job->low = low;
  job->high = high;
  job->whole = definition->kind == WAYMARK_METRIC_KIND_NPS || kind_has_scale (definition->kind);
  job->hit_low = job->hit_high = job->miss_low = job->miss_high = NAN;

  switch (definition->kind)
    {
    case WAYMARK_METRIC_KIND_NPS:
      job->hit_low = 9;
      job->hit_high = 10;
      job->miss_low = 0;
      job->miss_high = 6;
      break;
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_TOP_BOX:
      job->hit_low = high - box + 1;
      job->hit_high = high;
      break;
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
      job->hit_low = low;
      job->hit_high = low + box - 1;
      break;
    case WAYMARK_METRIC_KIND_SUM:
    case WAYMARK_METRIC_KIND_MEAN:
    case WAYMARK_METRIC_KIND_MIN:
    case WAYMARK_METRIC_KIND_MAX:
    case WAYMARK_METRIC_KIND_CES:
      job->needs_moments = TRUE;
      break;
    case WAYMARK_METRIC_KIND_MEDIAN:
      job->needs_values = TRUE;
      break;
    case WAYMARK_METRIC_KIND_COUNT:
    case WAYMARK_METRIC_KIND_RATE:
    default:
      break;
    }

  job->condition_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  job->slot_of_code = g_hash_table_new (NULL, NULL);
  job->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) slot_free);
  job_add_slot (job, 0);

  return TRUE;
}

static void
swap_doubles (double *a,
              double *b)
{
  double t = *a;

  *a = *b;
  *b = t;
}

/* The k-th smallest of @values (reordering them), in linear time on average. */
static double
select_nth (double *values,
            gsize   n,
            gsize   k)
{
  gsize left = 0, right = n - 1;

  while (left < right)
    {
      gsize middle = left + (right - left) / 2;
      double pivot;
      gsize i = left, j = right;

      /* Median of three keeps sorted input linear. */
      if (values[middle] < values[left])
        swap_doubles (&values[middle], &values[left]);
      if (values[right] < values[left])
        swap_doubles (&values[right], &values[left]);
      if (values[right] < values[middle])
        swap_doubles (&values[right], &values[middle]);
      pivot = values[middle];

      while (i <= j)
        {
          while (values[i] < pivot)
            i++;
          while (values[j] > pivot)
            j--;
          if (i <= j)
            {
              swap_doubles (&values[i], &values[j]);
              i++;
              if (j == 0)
                break;
              j--;
            }
        }

      if (k <= j)
        right = j;
      else if (k >= i)
        left = i;
      else
        break;
    }

  return values[k];
}

static double
median_of (GArray *values)
{
  double *data = (double *) values->data;
  gsize n = values->len;
  double upper, lower;

  upper = select_nth (data, n, n / 2);
  if (n % 2 == 1)
    return upper;

  /* The lower middle is the largest of what select_nth() left below. */
  lower = data[0];
  for (gsize i = 1; i < n / 2; i++)
    lower = MAX (lower, data[i]);

  return (lower + upper) / 2.0;
}

static void
figure_compute (Job                 *job,
                Slot                *slot,
                guint                group,
                WaymarkMetricFigure *figure)
{
  static const Tally empty_tally = { 0 };
  static const Moments empty_moments = { 0 };
  const Tally *tally = group < slot->tallies->len ? &g_array_index (slot->tallies, Tally, group) : &empty_tally;
  const Moments *moments = slot->moments != NULL && group < slot->moments->len
                           ? &g_array_index (slot->moments, Moments, group) : &empty_moments;
  double n = (double) tally->n;
  double p, promoters, detractors;

  figure->n = tally->n;
  figure->excluded = tally->excluded;
  figure->moe = 0;
  figure->value = NAN;
  figure->low_confidence = tally->n < job->definition->min_n;

  if (job->definition->kind == WAYMARK_METRIC_KIND_COUNT)
    {
      figure->value = n;
      return;
    }
  if (tally->n == 0)
    return;

  switch (job->definition->kind)
    {
    case WAYMARK_METRIC_KIND_SUM:
      figure->value = moments->sum;
      break;
    case WAYMARK_METRIC_KIND_MEAN:
    case WAYMARK_METRIC_KIND_CES:
      figure->value = moments->mean;
      if (tally->n >= 2)
        figure->moe = Z_95 * sqrt (moments->m2 / (n - 1)) / sqrt (n);
      break;
    case WAYMARK_METRIC_KIND_MEDIAN:
      figure->value = median_of (g_ptr_array_index (slot->values, group));
      break;
    case WAYMARK_METRIC_KIND_MIN:
      figure->value = moments->min;
      break;
    case WAYMARK_METRIC_KIND_MAX:
      figure->value = moments->max;
      break;
    case WAYMARK_METRIC_KIND_RATE:
    case WAYMARK_METRIC_KIND_CSAT:
    case WAYMARK_METRIC_KIND_TOP_BOX:
    case WAYMARK_METRIC_KIND_BOTTOM_BOX:
      /* A share, with the normal approximation's margin. */
      p = tally->hits / n;
      figure->value = 100.0 * p;
      figure->moe = 100.0 * Z_95 * sqrt (p * (1.0 - p) / n);
      break;
    case WAYMARK_METRIC_KIND_NPS:
      /* Each answer scores +1, 0 or -1; the margin is that score's. */
      promoters = tally->hits / n;
      detractors = tally->misses / n;
      figure->value = 100.0 * (promoters - detractors);
      figure->moe = 100.0 * Z_95 * sqrt (MAX (0.0, promoters + detractors - (promoters - detractors) * (promoters - detractors)) / n);
      break;
    case WAYMARK_METRIC_KIND_COUNT:
    default:
      g_assert_not_reached ();
    }
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const Slot *x = *(const Slot * const *) a;
  const Slot *y = *(const Slot * const *) b;

  return (x->code > y->code) - (x->code < y->code);
}

/* Every group's value for the whole time, and a value per period for each
 * group with rows in it. */
static void
job_finish (WaymarkMetricComputation *self,
            Job                      *job)
{
  g_autoptr(GPtrArray) slots = g_ptr_array_new ();
  g_autoptr(GPtrArray) figures = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_figure_free);
  const Slot *overall = g_ptr_array_index (job->slots, 0);
  const Tally *all = overall->tallies->len > 0 ? &g_array_index (overall->tallies, Tally, 0) : NULL;
  guint64 count = 0;

  /* Borrowed: the copy must not free what job->slots owns. */
  g_ptr_array_extend (slots, job->slots, NULL, NULL);

  if (job->rows_matched == 0)
    {
      g_autofree char *filters = waymark_metric_definition_describe_filters (job->definition);

      if (filters[0] != '\0')
        g_set_error (&job->error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                     _("no row matches the filters (%s)"), filters);
      else
        g_set_error_literal (&job->error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT, _("the table has no rows"));
      return;
    }

  if (job->needs_numbers && all != NULL && all->n == 0 && all->excluded > 0)
    {
      g_autofree char *valid = describe_valid (job);

      g_set_error (&job->error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "no cell of column “%s” is %s, as a %s metric needs (%" PRId64 " cell is not)",
                                "no cell of column “%s” is %s, as a %s metric needs (%" PRId64 " cells are not)",
                                all->excluded),
                   job->definition->column, valid, waymark_metric_kind_to_string (job->definition->kind), all->excluded);
      return;
    }

  for (guint s = 0; s < slots->len; s++)
    {
      const Slot *slot = g_ptr_array_index (slots, s);

      for (guint g = 0; g < self->groups->len; g++)
        count += s == 0 || (g < slot->tallies->len && g_array_index (slot->tallies, Tally, g).rows > 0);
    }
  if (count > WAYMARK_METRIC_MAX_VALUES)
    {
      g_set_error (&job->error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("%" PRIu64 " values (cards and stages by periods), more than the %u a metric keeps; "
                     "choose a longer period"), count, WAYMARK_METRIC_MAX_VALUES);
      return;
    }

  g_ptr_array_sort (slots, compare_slots);
  for (guint s = 0; s < slots->len; s++)
    {
      Slot *slot = g_ptr_array_index (slots, s);

      for (guint g = 0; g < self->groups->len; g++)
        {
          const Group *group = &g_array_index (self->groups, Group, g);
          WaymarkMetricFigure *figure;

          if (slot->code != 0 && (g >= slot->tallies->len || g_array_index (slot->tallies, Tally, g).rows == 0))
            continue;

          figure = g_new0 (WaymarkMetricFigure, 1);
          figure->card = group->card;
          figure->stage = group->stage;
          figure->period = period_label (job->definition->period, slot->code);
          figure_compute (job, slot, g, figure);
          g_ptr_array_add (figures, figure);
        }
    }

  job->figures = g_steal_pointer (&figures);
  /* The values were only needed for the medians. */
  g_ptr_array_set_size (job->slots, 0);
}

static guint
group_for (WaymarkMetricComputation *self,
           GHashTable               *index,
           gint64                    id,
           gboolean                  is_card)
{
  gpointer found = g_hash_table_lookup (index, &id);
  Group group = { is_card ? id : 0, is_card ? 0 : id };

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  g_array_append_val (self->groups, group);
  g_hash_table_insert (index, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (self->groups->len));
  return self->groups->len - 1;
}

static void
add_group (guint *groups,
           guint *n,
           guint  group)
{
  for (guint i = 0; i < *n; i++)
    if (groups[i] == group)
      return;

  groups[(*n)++] = group;
}

/* Rows count for every card whose title is their key value, and once for
 * each stage those cards are in (a card spanning stages counts in the
 * stage it starts in). */
static const Binding *
lookup_binding (WaymarkMetricComputation *self,
                const char               *raw)
{
  Binding *binding = g_hash_table_lookup (self->raw_bindings, raw);
  g_autofree char *folded = NULL;

  if (binding != NULL)
    return binding;

  folded = _waymark_import_fold_key (raw);
  if (!(binding = g_hash_table_lookup (self->bindings, folded)))
    {
      GArray *cards = folded[0] != '\0' ? g_hash_table_lookup (self->source->cards_by_key, folded) : NULL;
      guint n_cards = cards ? cards->len : 0;

      binding = g_malloc0 (sizeof (Binding) + sizeof (guint) * (1 + 2 * n_cards));
      binding->groups[binding->n++] = 0;
      for (guint i = 0; i < n_cards; i++)
        add_group (binding->groups, &binding->n,
                   group_for (self, self->card_groups, g_array_index (cards, Group, i).card, TRUE));
      for (guint i = 0; i < n_cards; i++)
        add_group (binding->groups, &binding->n,
                   group_for (self, self->stage_groups, g_array_index (cards, Group, i).stage, FALSE));
      g_hash_table_insert (self->bindings, g_strdup (folded), binding);
    }

  if (g_hash_table_size (self->raw_bindings) < KEY_CACHE_LIMIT)
    g_hash_table_insert (self->raw_bindings, g_strdup (raw), binding);

  return binding;
}

void
waymark_metric_computation_free (WaymarkMetricComputation *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->source, waymark_metric_source_unref);
  g_clear_pointer (&self->raw_bindings, g_hash_table_unref);
  g_clear_pointer (&self->bindings, g_hash_table_unref);
  g_clear_pointer (&self->card_groups, g_hash_table_unref);
  g_clear_pointer (&self->stage_groups, g_hash_table_unref);
  g_strfreev (self->columns);
  g_free (self->columns_json);
  g_free (self->sha256);
  g_free (self);
}

/* The dataset's record: the columns and their types as imported. */
static GPtrArray *
recorded_columns (WaymarkDataset *dataset,
                  GHashTable     *types)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  JsonNode *root;

  g_object_get (dataset, "columns", &json, NULL);
  if (json != NULL && json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          JsonObject *column;
          const char *name, *type;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          column = json_node_get_object (element);
          name = json_object_get_string_member_with_default (column, "name", NULL);
          type = json_object_get_string_member_with_default (column, "type", NULL);
          if (name == NULL)
            continue;
          g_ptr_array_add (names, g_strdup (name));
          if (types != NULL && type != NULL)
            g_hash_table_insert (types, g_strdup (name), g_strdup (type));
        }
    }

  return names;
}

/* How the import read the file, so that it is read the same way again. */
static void
read_recipe (WaymarkDataset       *dataset,
             WaymarkTableOptions  *options,
             char                **key)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  JsonNode *root;

  options->sheet = NULL;
  options->encoding = NULL;
  options->delimiter = 0;
  options->header_rows = -1;
  *key = NULL;

  g_object_get (dataset, "recipe", &json, NULL);
  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  {
    JsonObject *recipe = json_node_get_object (root);
    const char *delimiter = json_object_get_string_member_with_default (recipe, "delimiter", NULL);
    JsonNode *header_rows = json_object_get_member (recipe, "header_rows");

    options->sheet = g_strdup (json_object_get_string_member_with_default (recipe, "sheet", NULL));
    options->encoding = g_strdup (json_object_get_string_member_with_default (recipe, "encoding", NULL));
    if (delimiter != NULL && strlen (delimiter) == 1)
      options->delimiter = delimiter[0];
    if (node_is_number (header_rows))
      options->header_rows = CLAMP ((int) json_node_get_int (header_rows), -1, WAYMARK_TABLE_MAX_HEADER_ROWS);
    *key = g_strdup (json_object_get_string_member_with_default (recipe, "key", NULL));
  }
}

static GFile *
dataset_file (WaymarkDataset *dataset)
{
  g_autofree char *source = NULL;

  g_object_get (dataset, "source", &source, NULL);
  if (source != NULL && strstr (source, "://") != NULL)
    return g_file_new_for_uri (source);
  return g_file_new_for_path (source ? source : "");
}

static gboolean
same_columns (const char * const *columns,
              GPtrArray          *recorded)
{
  if (g_strv_length ((GStrv) columns) != recorded->len)
    return FALSE;

  for (guint i = 0; i < recorded->len; i++)
    if (!g_str_equal (columns[i], g_ptr_array_index (recorded, i)))
      return FALSE;

  return TRUE;
}

static void
source_clear (WaymarkMetricSource *self)
{
  g_clear_pointer (&self->cards_by_key, g_hash_table_unref);
  g_clear_object (&self->file);
  waymark_table_options_clear (&self->options);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->recorded, g_ptr_array_unref);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_clear_pointer (&self->recorded_sha256, g_free);
}

/**
 * waymark_metric_source_new:
 * @document: the document whose cards the rows bind to
 * @dataset: a dataset of @document
 *
 * Copies what a pass over @dataset's source needs from @document — the
 * cards' keys, stages and ids, the dataset's file, recipe, recorded columns
 * and checksum — so that waymark_metric_source_compute() may run on
 * another thread while the document changes. Call it on the thread that
 * owns @document.
 *
 * Returns: (transfer full): the source
 */
WaymarkMetricSource *
waymark_metric_source_new (WaymarkDocument *document,
                           WaymarkDataset  *dataset)
{
  WaymarkMetricSource *self;
  GPtrArray *cards;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);

  self = g_atomic_rc_box_new0 (WaymarkMetricSource);
  self->cards_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_array);

  cards = waymark_document_get_items (document, WAYMARK_TYPE_CARD);
  for (guint i = 0; i < cards->len; i++)
    {
      WaymarkCard *card = g_ptr_array_index (cards, i);
      g_autofree char *folded = _waymark_import_fold_key (waymark_card_get_title (card));
      Group group = { waymark_object_get_id (WAYMARK_OBJECT (card)), waymark_card_get_stage (card) };
      GArray *same;

      if (folded[0] == '\0')
        continue;
      if (!(same = g_hash_table_lookup (self->cards_by_key, folded)))
        {
          same = g_array_new (FALSE, FALSE, sizeof (Group));
          g_hash_table_insert (self->cards_by_key, g_steal_pointer (&folded), same);
        }
      g_array_append_val (same, group);
    }

  self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->recorded = recorded_columns (dataset, self->types);
  g_object_get (dataset, "sha256", &self->recorded_sha256, NULL);
  read_recipe (dataset, &self->options, &self->key);
  self->file = dataset_file (dataset);

  return self;
}

WaymarkMetricSource *
waymark_metric_source_ref (WaymarkMetricSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
waymark_metric_source_unref (WaymarkMetricSource *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) source_clear);
}

/**
 * waymark_metric_source_get_file:
 * @self: a source
 *
 * Returns: (transfer none): the file the dataset was imported from
 */
GFile *
waymark_metric_source_get_file (WaymarkMetricSource *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->file;
}

/**
 * waymark_metric_compute:
 * @document: the document whose cards the rows bind to
 * @dataset: a dataset of @document
 * @definitions: (array length=n_definitions): what to compute
 * @n_definitions: how many
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called now and then with bytes done and total
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * waymark_metric_source_compute() on waymark_metric_source_new(), on the
 * thread that owns @document. The document is not changed.
 *
 * Returns: (transfer full): the computation, or %NULL if the source could
 *   not be read (@error says why; it does not name the file)
 */
WaymarkMetricComputation *
waymark_metric_compute (WaymarkDocument                 *document,
                        WaymarkDataset                  *dataset,
                        WaymarkMetricDefinition * const *definitions,
                        guint                            n_definitions,
                        GCancellable                    *cancellable,
                        WaymarkImportProgress            progress,
                        gpointer                         user_data,
                        GError                         **error)
{
  WaymarkMetricSource *source;
  WaymarkMetricComputation *computation;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);
  g_return_val_if_fail (definitions != NULL || n_definitions == 0, NULL);

  source = waymark_metric_source_new (document, dataset);
  computation = waymark_metric_source_compute (source, definitions, n_definitions,
                                               cancellable, progress, user_data, error);
  waymark_metric_source_unref (source);

  return computation;
}

/**
 * waymark_metric_source_compute:
 * @self: a source (see waymark_metric_source_new())
 * @definitions: (array length=n_definitions): what to compute
 * @n_definitions: how many
 * @cancellable: (nullable): a #GCancellable
 * @progress: (nullable) (scope call): called now and then with bytes done and total
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * Reads the dataset's source once, as its recipe says, and computes every
 * definition in that one pass, for every card whose title is a key value
 * (trimmed, case-insensitive), for every stage with such cards (from the
 * rows themselves, not from the cards' values), for all rows (card and
 * stage 0), and for each of them per period. The file's SHA-256 is
 * computed meanwhile on another thread. Safe to call on any thread.
 *
 * A definition that does not fit the data (a missing column, a kind the
 * column's values do not suit, filters no row passes) has its own error
 * (waymark_metric_computation_get_error()); the others are still computed.
 *
 * Returns: (transfer full): the computation, or %NULL if the source could
 *   not be read (@error says why; it does not name the file)
 */
WaymarkMetricComputation *
waymark_metric_source_compute (WaymarkMetricSource             *source,
                               WaymarkMetricDefinition * const *definitions,
                               guint                            n_definitions,
                               GCancellable                    *cancellable,
                               WaymarkImportProgress            progress,
                               gpointer                         user_data,
                               GError                         **error)
{
  g_autoptr(WaymarkMetricComputation) self = NULL;
  g_autoptr(WaymarkTableReader) reader = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) column_infos = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GError) hash_error = NULL;
  WaymarkImportHash *hash;
  const char * const *columns = NULL;
  const char *key = source != NULL ? source->key : NULL;
  GPtrArray *recorded;
  GHashTable *types;
  GFile *file;
  int key_column = -1;
  guint64 line = 0;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (definitions != NULL || n_definitions == 0, NULL);

  self = g_new0 (WaymarkMetricComputation, 1);
  self->source = waymark_metric_source_ref (source);
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  self->groups = g_array_new (FALSE, FALSE, sizeof (Group));
  self->bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->raw_bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->card_groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->stage_groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Group 0: every row, whatever its key. */
  {
    Group all = { 0, 0 };

    g_array_append_val (self->groups, all);
  }

  recorded = source->recorded;
  types = source->types;
  file = source->file;

  hash = _waymark_import_hash_start (file, cancellable);
  reader = waymark_table_reader_open (file, &source->options, cancellable, &local_error);

  if (reader != NULL)
    {
      columns = waymark_table_reader_get_columns (reader);
      self->columns = g_strdupv ((GStrv) columns);
      if (key != NULL && (key_column = find_column (columns, key)) < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (GStrv) columns);

          g_set_error (&local_error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("no column named “%s”, the dataset's key (columns: %s)"), key, known);
        }
    }

  if (local_error == NULL)
    {
      /* New or renamed columns: type them as the import does, to record them. */
      if (!same_columns (columns, recorded))
        {
          column_infos = g_ptr_array_new_with_free_func (g_free);
          for (guint i = 0; columns[i]; i++)
            {
              WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

              info->name = (char *) columns[i];
              g_ptr_array_add (column_infos, info);
            }
        }

      for (guint i = 0; i < n_definitions; i++)
        {
          Job *job = g_new0 (Job, 1);

          job->definition = waymark_metric_definition_copy (definitions[i]);
          if (!job_prepare (job, columns, types, &job->error))
            g_assert (job->error != NULL);
          g_ptr_array_add (self->jobs, job);
        }

      while (waymark_table_reader_next (reader, cells, &line, &local_error))
        {
          const Binding *binding = lookup_binding (self, key_column >= 0 ? cell_at (cells, key_column) : "");

          self->rows++;
          for (guint j = 0; j < self->jobs->len; j++)
            {
              Job *job = g_ptr_array_index (self->jobs, j);

              if (job->error == NULL)
                job_add_row (job, cells, binding, self->groups->len);
            }

          if (column_infos != NULL)
            for (guint c = 0; c < column_infos->len && c < cells->len; c++)
              ((WaymarkColumnInfo *) g_ptr_array_index (column_infos, c))->counts[_waymark_import_classify (g_ptr_array_index (cells, c))]++;

          if ((self->rows & PROGRESS_EVERY) == 0)
            {
              if (progress != NULL)
                progress (waymark_table_reader_get_position (reader), waymark_table_reader_get_size (reader), user_data);
              if (g_cancellable_set_error_if_cancelled (cancellable, &local_error))
                break;
            }
        }
    }

  if (!_waymark_import_hash_finish (hash, &self->sha256, &self->size, &hash_error) && local_error == NULL)
    local_error = g_steal_pointer (&hash_error);
  if (local_error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  self->changed = g_strcmp0 (self->sha256, source->recorded_sha256) != 0;
  if (column_infos != NULL)
    {
      for (guint i = 0; i < column_infos->len; i++)
        _waymark_import_settle_column (g_ptr_array_index (column_infos, i));
      self->columns_json = _waymark_import_columns_to_json (column_infos);
    }

  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);

      if (job->error == NULL)
        job_finish (self, job);
    }

  if (progress != NULL)
    progress (waymark_table_reader_get_size (reader), waymark_table_reader_get_size (reader), user_data);

  return g_steal_pointer (&self);
}

/**
 * waymark_metric_computation_get_figures:
 * @self: a computation
 * @index: which definition
 *
 * Returns: (transfer none) (element-type WaymarkMetricFigure) (nullable):
 *   the definition's values — for all rows first, then cards and stages,
 *   the whole time before the periods in order — or %NULL if it failed
 */
GPtrArray *
waymark_metric_computation_get_figures (WaymarkMetricComputation *self,
                                        guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->jobs->len, NULL);

  return ((Job *) g_ptr_array_index (self->jobs, index))->figures;
}

/**
 * waymark_metric_computation_get_error:
 * @self: a computation
 * @index: which definition
 *
 * Returns: (transfer none) (nullable): why the definition could not be
 *   computed, or %NULL
 */
const GError *
waymark_metric_computation_get_error (WaymarkMetricComputation *self,
                                      guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->jobs->len, NULL);

  return ((Job *) g_ptr_array_index (self->jobs, index))->error;
}

const WaymarkMetricDefinition *
waymark_metric_computation_get_definition (WaymarkMetricComputation *self,
                                           guint                     index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->jobs->len, NULL);

  return ((Job *) g_ptr_array_index (self->jobs, index))->definition;
}

/**
 * waymark_metric_computation_get_changed:
 * @self: a computation
 *
 * Returns: whether the source's SHA-256 differs from the dataset's record
 */
gboolean
waymark_metric_computation_get_changed (WaymarkMetricComputation *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->changed;
}

const char *
waymark_metric_computation_get_sha256 (WaymarkMetricComputation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->sha256;
}

guint64
waymark_metric_computation_get_rows (WaymarkMetricComputation *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows;
}

/* Metrics in the document */

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

static void
add_values (WaymarkDocument *document,
            gint64           metric_id,
            GPtrArray       *figures)
{
  for (guint i = 0; i < figures->len; i++)
    {
      WaymarkMetricFigure *figure = g_ptr_array_index (figures, i);

      waymark_document_add (document, WAYMARK_TYPE_METRIC_VALUE,
                            "metric", metric_id,
                            "card", figure->card,
                            "stage", figure->stage,
                            "period", figure->period,
                            "value", figure->value,
                            "n", figure->n,
                            "excluded", figure->excluded,
                            "moe", figure->moe,
                            NULL);
    }
}

static WaymarkMetric *
find_metric (WaymarkDocument *document,
             const char      *name)
{
  GPtrArray *metrics = waymark_document_get_items (document, WAYMARK_TYPE_METRIC);

  for (guint i = 0; i < metrics->len; i++)
    if (g_str_equal (waymark_metric_get_name (g_ptr_array_index (metrics, i)), name))
      return g_ptr_array_index (metrics, i);

  return NULL;
}

/* The first column the import typed as dates. */
static char *
detect_date_column (WaymarkDataset *dataset)
{
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) names = recorded_columns (dataset, types);

  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_hash_table_lookup (types, g_ptr_array_index (names, i)), "date") == 0)
      return g_strdup (g_ptr_array_index (names, i));

  return NULL;
}

/* What waymark_metric_add() and waymark_metric_update() share: every
 * check, then the pass; the document is not changed. @metric is the one
 * being edited, whose name may stay. */
static WaymarkMetricComputation *
compute_new_definition (WaymarkDocument                *document,
                        WaymarkDataset                 *dataset,
                        WaymarkMetric                  *metric,
                        const char                     *name,
                        const WaymarkMetricDefinition  *definition,
                        WaymarkMetricDefinition       **resolved_out,
                        GCancellable                   *cancellable,
                        GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  const GError *failure;
  WaymarkMetric *same_name;
  gint64 recorded_size = 0;

  if (name == NULL || g_utf8_strlen (name, -1) == 0 || is_blank (name))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC, _("a metric needs a name"));
      return NULL;
    }
  if ((same_name = find_metric (document, name)) != NULL && same_name != metric)
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the document already has a metric named “%s”; choose another name"), name);
      return NULL;
    }
  if (!waymark_metric_definition_validate (definition, error))
    return NULL;

  resolved = waymark_metric_definition_copy (definition);
  if (resolved->period != WAYMARK_PERIOD_NONE && resolved->date_column == NULL &&
      !(resolved->date_column = detect_date_column (dataset)))
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("a metric split by period needs a column of dates, and the import found none"));
      return NULL;
    }

  /* The recorded schema answers for a missing column or a kind that does
   * not fit before a million rows are read; the pass checks again. */
  {
    g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_autoptr(GPtrArray) names = recorded_columns (dataset, types);
    Job *probe = g_new0 (Job, 1);
    gboolean fits = TRUE;

    probe->definition = waymark_metric_definition_copy (resolved);
    if (names->len > 0)
      {
        g_ptr_array_add (names, NULL);
        fits = job_prepare (probe, (const char * const *) names->pdata, types, error);
      }
    job_free (probe);
    if (!fits)
      return NULL;
  }

  /* A different size is a changed file, known before reading it. */
  file = dataset_file (dataset);
  g_object_get (dataset, "size", &recorded_size, NULL);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) != recorded_size)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the file has changed since it was imported; refresh the dataset's metrics first"));
      return NULL;
    }

  computation = waymark_metric_compute (document, dataset, &resolved, 1, cancellable, NULL, NULL, error);
  if (computation == NULL)
    return NULL;
  if (computation->changed)
    {
      g_set_error_literal (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                           _("the file has changed since it was imported; refresh the dataset's metrics first"));
      return NULL;
    }
  if ((failure = waymark_metric_computation_get_error (computation, 0)) != NULL)
    {
      g_propagate_error (error, g_error_copy (failure));
      return NULL;
    }

  *resolved_out = g_steal_pointer (&resolved);
  return g_steal_pointer (&computation);
}

/**
 * waymark_metric_add:
 * @document: a document
 * @dataset: a dataset of @document
 * @name: the metric's name, unique in @document
 * @definition: what it computes; a period without a date column takes the
 *   first column the import typed as dates
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Defines a metric and computes it from the dataset's source for every
 * bound card and stage, as one undoable step (“Add Metric”), or not at
 * all: a missing or changed source, a column that does not exist, a kind
 * that does not fit the column, filters no row passes are errors
 * (%WAYMARK_ERROR_IMPORT, %G_IO_ERROR: about the source; or
 * %WAYMARK_ERROR_METRIC: about the definition or the document) and leave
 * @document unchanged.
 *
 * Returns: (transfer none): the new metric, or %NULL
 */
WaymarkMetric *
waymark_metric_add (WaymarkDocument                *document,
                    WaymarkDataset                 *dataset,
                    const char                     *name,
                    const WaymarkMetricDefinition  *definition,
                    GCancellable                   *cancellable,
                    GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autofree char *json = NULL;
  g_autofree char *stamp = NULL;
  WaymarkObject *metric;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, NULL);
  g_return_val_if_fail (definition != NULL, NULL);

  computation = compute_new_definition (document, dataset, NULL, name, definition, &resolved, cancellable, error);
  if (computation == NULL)
    return NULL;

  json = waymark_metric_definition_to_json (resolved);
  stamp = now_iso8601 ();

  /* Translators: an undo label */
  waymark_document_begin (document, _("Add Metric"));
  metric = waymark_document_add (document, WAYMARK_TYPE_METRIC,
                                 "name", name,
                                 "kind", waymark_metric_kind_to_string (resolved->kind),
                                 "dataset", waymark_object_get_id (WAYMARK_OBJECT (dataset)),
                                 "column-name", resolved->column,
                                 "definition", json,
                                 "status", "",
                                 "computed", stamp,
                                 NULL);
  add_values (document, waymark_object_get_id (metric), waymark_metric_computation_get_figures (computation, 0));
  waymark_document_end (document);

  return WAYMARK_METRIC (metric);
}

/**
 * waymark_metric_update:
 * @document: a document
 * @metric: a metric of @document
 * @dataset: a dataset of @document, the metric's or another
 * @name: the metric's name, unique in @document
 * @definition: what it computes now
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Changes a metric's name, dataset and definition and replaces its values
 * with newly computed ones, as one undoable step (“Edit Metric”). The
 * metric keeps its id, so what refers to it still does. Fails as
 * waymark_metric_add() does, and then changes nothing.
 *
 * Returns: whether @metric was changed
 */
gboolean
waymark_metric_update (WaymarkDocument                *document,
                       WaymarkMetric                  *metric,
                       WaymarkDataset                 *dataset,
                       const char                     *name,
                       const WaymarkMetricDefinition  *definition,
                       GCancellable                   *cancellable,
                       GError                        **error)
{
  g_autoptr(WaymarkMetricDefinition) resolved = NULL;
  g_autoptr(WaymarkMetricComputation) computation = NULL;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autofree char *json = NULL;
  g_autofree char *stamp = NULL;
  GPtrArray *values;
  gint64 metric_id;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (WAYMARK_IS_METRIC (metric), FALSE);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (metric)) == document, FALSE);
  g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), FALSE);
  g_return_val_if_fail (waymark_object_get_document (WAYMARK_OBJECT (dataset)) == document, FALSE);
  g_return_val_if_fail (definition != NULL, FALSE);

  computation = compute_new_definition (document, dataset, metric, name, definition, &resolved, cancellable, error);
  if (computation == NULL)
    return FALSE;

  json = waymark_metric_definition_to_json (resolved);
  stamp = now_iso8601 ();
  metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    if (waymark_metric_value_get_metric (g_ptr_array_index (values, i)) == metric_id)
      g_ptr_array_add (doomed, g_ptr_array_index (values, i));

  /* Translators: an undo label */
  waymark_document_begin (document, _("Edit Metric"));
  waymark_document_set (document, metric,
                        "name", name,
                        "kind", waymark_metric_kind_to_string (resolved->kind),
                        "dataset", waymark_object_get_id (WAYMARK_OBJECT (dataset)),
                        "column-name", resolved->column,
                        "definition", json,
                        "status", "",
                        "computed", stamp,
                        NULL);
  _waymark_document_remove_all (document, doomed, NULL);
  add_values (document, metric_id, waymark_metric_computation_get_figures (computation, 0));
  waymark_document_end (document);

  return TRUE;
}

/**
 * waymark_metric_dup_definition:
 * @metric: a metric
 * @error: return location for a #GError
 *
 * Returns: (transfer full): its kind, column and stored definition, or
 *   %NULL if they cannot be read
 */
WaymarkMetricDefinition *
waymark_metric_dup_definition (WaymarkMetric  *metric,
                               GError        **error)
{
  WaymarkMetricKind kind;

  g_return_val_if_fail (WAYMARK_IS_METRIC (metric), NULL);

  if (!waymark_metric_kind_from_string (waymark_metric_get_kind (metric), &kind))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("unknown metric kind “%s”"), waymark_metric_get_kind (metric));
      return NULL;
    }

  return waymark_metric_definition_new_from_json (kind, waymark_metric_get_column_name (metric),
                                                  waymark_metric_get_definition (metric), error);
}

static WaymarkMetricNotice *
notice_new (WaymarkDataset *dataset,
            WaymarkMetric  *metric,
            gboolean        stale,
            char           *message)
{
  WaymarkMetricNotice *notice = g_new0 (WaymarkMetricNotice, 1);

  notice->dataset = waymark_object_get_id (WAYMARK_OBJECT (dataset));
  notice->metric = metric ? waymark_object_get_id (WAYMARK_OBJECT (metric)) : 0;
  notice->stale = stale;
  g_object_get (dataset, "source", &notice->source, NULL);
  notice->message = message;

  return notice;
}

static void
mark_stale (WaymarkDocument *document,
            WaymarkMetric   *metric,
            const char      *reason)
{
  waymark_document_set (document, metric, "status", reason, NULL);
}

/* What changed in the columns, in words; NULL if nothing did. */
static char *
describe_column_changes (const char * const *columns,
                         GPtrArray          *recorded)
{
  g_autoptr(GString) removed = g_string_new (NULL);
  g_autoptr(GString) added = g_string_new (NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < recorded->len; i++)
    if (find_column (columns, g_ptr_array_index (recorded, i)) < 0)
      g_string_append_printf (removed, "%s%s", removed->len ? ", " : "", (char *) g_ptr_array_index (recorded, i));
  for (guint i = 0; columns[i]; i++)
    {
      gboolean known = FALSE;

      for (guint r = 0; r < recorded->len && !known; r++)
        known = g_str_equal (columns[i], g_ptr_array_index (recorded, r));
      if (!known)
        g_string_append_printf (added, "%s%s", added->len ? ", " : "", columns[i]);
    }

  if (removed->len > 0)
    g_string_append_printf (text, _("columns removed: %s"), removed->str);
  if (removed->len > 0 && added->len > 0)
    g_string_append (text, "; ");
  if (added->len > 0)
    g_string_append_printf (text, _("columns added: %s"), added->str);

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

typedef struct
{
  WaymarkDataset           *dataset;
  GPtrArray                *metrics;      /* WaymarkMetric whose definitions could be read */
  GPtrArray                *definitions;  /* WaymarkMetricDefinition, in step */
  WaymarkMetricComputation *computation;
  GError                   *error;        /* the source could not be read */
} DatasetWork;

static void
dataset_work_free (DatasetWork *work)
{
  g_ptr_array_unref (work->metrics);
  g_ptr_array_unref (work->definitions);
  g_clear_pointer (&work->computation, waymark_metric_computation_free);
  g_clear_error (&work->error);
  g_free (work);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = waymark_object_get_id (*(WaymarkObject **) a);
  gint64 y = waymark_object_get_id (*(WaymarkObject **) b);

  return (x > y) - (x < y);
}

static void
apply_dataset (WaymarkDocument *document,
               DatasetWork     *work,
               GPtrArray       *notices,
               const char      *stamp)
{
  WaymarkMetricComputation *computation = work->computation;
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  g_autoptr(GHashTable) recomputed = g_hash_table_new (NULL, NULL);
  GPtrArray *values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  g_autofree char *source = NULL;

  g_object_get (work->dataset, "source", &source, NULL);

  if (computation == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("cannot read “%s”: %s"), source, work->error->message);

      for (guint i = 0; i < work->metrics->len; i++)
        mark_stale (document, g_ptr_array_index (work->metrics, i), reason);
      g_ptr_array_add (notices, notice_new (work->dataset, NULL, TRUE, g_strdup (work->error->message)));
      return;
    }

  if (computation->changed)
    {
      g_autoptr(GPtrArray) recorded = recorded_columns (work->dataset, NULL);
      g_autofree char *columns = describe_column_changes ((const char * const *) computation->columns, recorded);

      waymark_document_set (document, work->dataset,
                            "sha256", computation->sha256,
                            "size", (gint64) computation->size,
                            "row-count", (gint64) computation->rows,
                            "imported", stamp,
                            NULL);
      if (computation->columns_json != NULL)
        waymark_document_set (document, work->dataset, "columns", computation->columns_json, NULL);

      g_ptr_array_add (notices,
                       notice_new (work->dataset, NULL, FALSE,
                                   columns != NULL
                                   ? g_strdup_printf (_("changed since it was imported (%s); its metrics were recomputed"), columns)
                                   : g_strdup (_("changed since it was imported; its metrics were recomputed"))));
    }

  for (guint i = 0; i < work->metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (work->metrics, i);
      const GError *failure = waymark_metric_computation_get_error (computation, i);

      if (failure != NULL)
        {
          mark_stale (document, metric, failure->message);
          g_ptr_array_add (notices,
                           notice_new (work->dataset, metric, TRUE,
                                       /* Translators: metric “NPS”: no column named “Score” (columns: …) */
                                       g_strdup_printf (_("metric “%s”: %s"), waymark_metric_get_name (metric), failure->message)));
          continue;
        }
      g_hash_table_add (recomputed, GINT_TO_POINTER (waymark_object_get_id (WAYMARK_OBJECT (metric))));
    }

  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);

      if (g_hash_table_contains (recomputed, GINT_TO_POINTER (waymark_metric_value_get_metric (value))))
        g_ptr_array_add (doomed, value);
    }
  _waymark_document_remove_all (document, doomed, NULL);

  for (guint i = 0; i < work->metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (work->metrics, i);
      GPtrArray *figures = waymark_metric_computation_get_figures (computation, i);

      if (figures == NULL)
        continue;
      add_values (document, waymark_object_get_id (WAYMARK_OBJECT (metric)), figures);
      waymark_document_set (document, metric, "status", "", "computed", stamp, NULL);
    }
}

/**
 * waymark_metric_refresh:
 * @document: a document
 * @metrics: (nullable) (element-type WaymarkMetric): the metrics to
 *   recompute, or %NULL for every one
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads each dataset's recorded source again (once for all its metrics)
 * and replaces the metrics' values, as one undoable step (“Compute
 * Metric”). A source whose SHA-256 changed is recomputed, its record
 * (checksum, size, rows, columns) brought up to date and a notice says so.
 * A source that cannot be read, or a metric whose columns are gone or
 * whose definition no longer fits, keeps its last values and its status
 * says why (a stale notice).
 *
 * Returns: (transfer container) (element-type WaymarkMetricNotice): the
 *   notices, in the order of the datasets; %NULL with @error only when
 *   cancelled, and then nothing changed
 */
GPtrArray *
waymark_metric_refresh (WaymarkDocument  *document,
                        GPtrArray        *metrics,
                        GCancellable     *cancellable,
                        GError          **error)
{
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GPtrArray) work = g_ptr_array_new_with_free_func ((GDestroyNotify) dataset_work_free);
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_notice_free);
  g_autoptr(GPtrArray) unreadable = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unreadable_metrics = g_ptr_array_new ();
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (WAYMARK_IS_DOCUMENT (document), NULL);

  chosen = g_ptr_array_new ();
  g_ptr_array_extend (chosen, metrics ? metrics : waymark_document_get_items (document, WAYMARK_TYPE_METRIC), NULL, NULL);
  g_ptr_array_sort (chosen, compare_ids);

  for (guint i = 0; i < chosen->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (chosen, i);
      WaymarkObject *dataset = waymark_document_lookup (document, waymark_metric_get_dataset (metric));
      g_autoptr(GError) local_error = NULL;
      WaymarkMetricDefinition *definition;
      DatasetWork *entry = NULL;

      g_return_val_if_fail (WAYMARK_IS_METRIC (metric), NULL);
      g_return_val_if_fail (WAYMARK_IS_DATASET (dataset), NULL);

      if (!(definition = waymark_metric_dup_definition (metric, &local_error)))
        {
          g_ptr_array_add (unreadable_metrics, metric);
          g_ptr_array_add (unreadable, g_strdup (local_error->message));
          continue;
        }

      for (guint w = 0; w < work->len && entry == NULL; w++)
        if (((DatasetWork *) g_ptr_array_index (work, w))->dataset == WAYMARK_DATASET (dataset))
          entry = g_ptr_array_index (work, w);
      if (entry == NULL)
        {
          entry = g_new0 (DatasetWork, 1);
          entry->dataset = WAYMARK_DATASET (dataset);
          entry->metrics = g_ptr_array_new ();
          entry->definitions = g_ptr_array_new_with_free_func ((GDestroyNotify) waymark_metric_definition_free);
          g_ptr_array_add (work, entry);
        }
      g_ptr_array_add (entry->metrics, metric);
      g_ptr_array_add (entry->definitions, definition);
    }

  /* Everything is read before anything changes, so that a cancelled
   * refresh leaves the document as it was. */
  for (guint w = 0; w < work->len; w++)
    {
      DatasetWork *entry = g_ptr_array_index (work, w);

      entry->computation = waymark_metric_compute (document, entry->dataset,
                                                   (WaymarkMetricDefinition * const *) entry->definitions->pdata,
                                                   entry->definitions->len, cancellable, NULL, NULL, &entry->error);
      if (entry->computation == NULL && g_error_matches (entry->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&entry->error));
          return NULL;
        }
    }

  stamp = now_iso8601 ();
  /* Translators: an undo label */
  waymark_document_begin (document, g_dngettext (GETTEXT_PACKAGE, "Compute Metric", "Compute Metrics", chosen->len));

  for (guint w = 0; w < work->len; w++)
    apply_dataset (document, g_ptr_array_index (work, w), notices, stamp);

  for (guint i = 0; i < unreadable_metrics->len; i++)
    {
      WaymarkMetric *metric = g_ptr_array_index (unreadable_metrics, i);
      WaymarkDataset *dataset = WAYMARK_DATASET (waymark_document_lookup (document, waymark_metric_get_dataset (metric)));

      mark_stale (document, metric, g_ptr_array_index (unreadable, i));
      g_ptr_array_add (notices,
                       notice_new (dataset, metric, TRUE,
                                   g_strdup_printf (_("metric “%s”: %s"), waymark_metric_get_name (metric),
                                                    (char *) g_ptr_array_index (unreadable, i))));
    }

  waymark_document_end (document);

  return g_steal_pointer (&notices);
}

/**
 * waymark_metric_dup_drop_offs:
 * @metric: a metric with values
 * @map_id: a map
 * @period: "" for the whole time, or a period such as “2026-03”
 *
 * Drop-off between consecutive stages of @map_id, from the stages' counts:
 * a count metric's values, else each value's n (the respondents). Stages
 * without a value are passed over.
 *
 * Returns: (transfer full) (element-type WaymarkMetricDropOff): the
 *   drop-offs in stage order; a percent is NaN after a count of 0
 */
GArray *
waymark_metric_dup_drop_offs (WaymarkMetric *metric,
                              gint64         map_id,
                              const char    *period)
{
  WaymarkDocument *document;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  GArray *drop_offs = g_array_new (FALSE, FALSE, sizeof (WaymarkMetricDropOff));
  gboolean is_count;
  GPtrArray *values;
  gint64 metric_id, previous = 0;
  double previous_count = 0;

  g_return_val_if_fail (WAYMARK_IS_METRIC (metric), drop_offs);
  g_return_val_if_fail (period != NULL, drop_offs);

  document = waymark_object_get_document (WAYMARK_OBJECT (metric));
  g_return_val_if_fail (document != NULL, drop_offs);

  metric_id = waymark_object_get_id (WAYMARK_OBJECT (metric));
  is_count = g_str_equal (waymark_metric_get_kind (metric), "count");
  values = waymark_document_get_items (document, WAYMARK_TYPE_METRIC_VALUE);
  for (guint i = 0; i < values->len; i++)
    {
      WaymarkMetricValue *value = g_ptr_array_index (values, i);
      gint64 stage = waymark_metric_value_get_stage (value);
      double count;

      if (waymark_metric_value_get_metric (value) != metric_id || stage == 0 ||
          waymark_metric_value_get_card (value) != 0 || !g_str_equal (waymark_metric_value_get_period (value), period))
        continue;
      count = is_count ? waymark_metric_value_get_value (value) : (double) waymark_metric_value_get_n (value);
      g_hash_table_insert (counts, g_memdup2 (&stage, sizeof stage), g_memdup2 (&count, sizeof count));
    }

  stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
  for (guint i = 0; i < stages->len; i++)
    {
      gint64 stage = waymark_object_get_id (g_ptr_array_index (stages, i));
      double *count = g_hash_table_lookup (counts, &stage);

      if (count == NULL || isnan (*count))
        continue;
      if (previous != 0)
        {
          WaymarkMetricDropOff drop_off = {
            previous, stage,
            previous_count > 0 ? 100.0 * (previous_count - *count) / previous_count : NAN
          };

          g_array_append_val (drop_offs, drop_off);
        }
      previous = stage;
      previous_count = *count;
    }

  return drop_offs;
}
