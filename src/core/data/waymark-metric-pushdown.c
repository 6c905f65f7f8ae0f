/* waymark-metric-pushdown.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The pass over a dataset in PostgreSQL: the server computes, per key
 * value and period, the counts, sums and spreads every metric needs, in
 * one GROUP BY; only those aggregates travel, and they are added up here
 * per card, stage and period exactly as the engine adds up rows. Medians,
 * which do not add up, are computed by the server per card and stage in a
 * second query, given which key values count for which card and stage
 * (see docs/data.md, Datasets in PostgreSQL). */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-error.h"
#include "waymark-import-private.h"
#include "waymark-metric-engine-private.h"
#include "waymark-postgres-private.h"

/* Numbers as waymark_number_parse() reads them, for columns of text. */
#define NUMBER_PATTERN "'^[ \\t]*[+-]?([0-9]+([.,][0-9]*)?|[.,][0-9]+)([eE][+-]?[0-9]+)?[ \\t]*$'"
#define DATE_PATTERN "'^[ \\t]*[0-9]{4}-[0-9]{2}-[0-9]{2}'"

/* Aggregate columns per job in the first query. */
enum
{
  AGG_ROWS,      /* rows that passed the filters */
  AGG_N,
  AGG_EXCLUDED,
  AGG_HITS,
  AGG_MISSES,
  AGG_SUM,
  AGG_MEAN,
  AGG_VARIANCE,  /* the population variance */
  AGG_MIN,
  AGG_MAX,
  N_AGG
};

typedef struct
{
  WaymarkMetricComputation *self;
  WaymarkPostgres          *connection;
  GPtrArray                *columns;      /* WaymarkPostgresColumn */
  GArray                   *oids;
  char                     *source;       /* what follows FROM */
  GPtrArray                *params;
  GHashTable               *placeholders; /* cast and value → its placeholder in params */
  GPtrArray                *periods;      /* distinct period expressions */
  GArray                   *job_period;   /* int per job: its index in periods, or -1 */
  GPtrArray                *keys;         /* the key values the server returned */
  GPtrArray                *bindings;     /* and theirs, in step (borrowed) */
  GArray                   *direct;       /* gboolean per job: aggregates straight over a typed column */
  GHashTable               *layer;        /* name → what the inner query computes once per row */
  GPtrArray                *layer_names;  /* in order */
  gboolean                  layer_costly; /* it parses text: computed once per row, not inlined */
} Pushdown;

static void
pushdown_clear (Pushdown *pd)
{
  g_clear_pointer (&pd->columns, g_ptr_array_unref);
  g_clear_pointer (&pd->oids, g_array_unref);
  g_clear_pointer (&pd->source, g_free);
  g_clear_pointer (&pd->params, g_ptr_array_unref);
  g_clear_pointer (&pd->placeholders, g_hash_table_unref);
  g_clear_pointer (&pd->periods, g_ptr_array_unref);
  g_clear_pointer (&pd->job_period, g_array_unref);
  g_clear_pointer (&pd->keys, g_ptr_array_unref);
  g_clear_pointer (&pd->bindings, g_ptr_array_unref);
  g_clear_pointer (&pd->direct, g_array_unref);
  g_clear_pointer (&pd->layer, g_hash_table_unref);
  g_clear_pointer (&pd->layer_names, g_ptr_array_unref);
}

/* A parameter's placeholder, with its cast. */
/* A parameter's placeholder, with its cast; the same value the same
 * placeholder, so that the same test in two aggregates is the same
 * expression, which the server evaluates once. */
static char *
param (Pushdown   *pd,
       const char *value,
       const char *cast)
{
  g_autofree char *key = g_strdup_printf ("%s\x1f%s", cast, value);
  const char *known = g_hash_table_lookup (pd->placeholders, key);

  if (known != NULL)
    return g_strdup (known);

  g_ptr_array_add (pd->params, g_strdup (value));
  g_hash_table_insert (pd->placeholders, g_steal_pointer (&key), g_strdup_printf ("$%u::%s", pd->params->len, cast));
  return g_strdup_printf ("$%u::%s", pd->params->len, cast);
}

/* A new statement: its own parameters. */
static void
reset_params (Pushdown *pd)
{
  g_ptr_array_set_size (pd->params, 0);
  g_hash_table_remove_all (pd->placeholders);
}

static char *
number_param (Pushdown *pd,
              double    value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  return param (pd, g_ascii_dtostr (text, sizeof text, value), "float8");
}

static Oid
column_oid (Pushdown *pd,
            int       index)
{
  return g_array_index (pd->oids, Oid, index);
}

/* The column as SQL: x."name". */
static char *
column_sql (Pushdown *pd,
            int       index)
{
  WaymarkPostgresColumn *column = g_ptr_array_index (pd->columns, index);
  g_autofree char *quoted = _waymark_postgres_quote (pd->connection, column->name);

  return g_strdup_printf ("t.%s", quoted);
}

/* Empty: not answered. */
static char *
blank_expr (Pushdown *pd,
            int       index)
{
  g_autofree char *column = column_sql (pd, index);
  Oid oid = column_oid (pd, index);

  if (_waymark_postgres_oid_is_number (oid) || _waymark_postgres_oid_is_date (oid))
    return g_strdup_printf ("%s IS NULL", column);
  return g_strdup_printf ("(%s IS NULL OR %s::text ~ '^[[:space:]]*$')", column, column);
}

/* The cell as a number, NULL when it is not one. */
static char *
number_expr (Pushdown *pd,
             int       index)
{
  g_autofree char *column = column_sql (pd, index);
  Oid oid = column_oid (pd, index);

  /* Whole numbers are numbers; floats and numerics may be NaN or infinite, which are not. */
  if (_waymark_postgres_oid_is_integer (oid))
    return g_strdup_printf ("%s::float8", column);
  if (_waymark_postgres_oid_is_number (oid))
    return g_strdup_printf ("CASE WHEN %s::float8 IN ('NaN', 'Infinity', '-Infinity') THEN NULL ELSE %s::float8 END",
                            column, column);
  if (_waymark_postgres_oid_is_date (oid))
    return g_strdup ("NULL::float8");
  return g_strdup_printf ("CASE WHEN %s::text ~ " NUMBER_PATTERN " "
                          "THEN replace(btrim(%s::text, E' \\t'), ',', '.')::float8 END",
                          column, column);
}

/* The cell as a date, NULL when it is not one (text: ISO 8601 only). */
static char *
date_expr (Pushdown *pd,
           int       index)
{
  g_autofree char *column = column_sql (pd, index);

  if (_waymark_postgres_oid_is_date (column_oid (pd, index)))
    return g_strdup_printf ("%s::date", column);
  return g_strdup_printf ("CASE WHEN %s::text ~ " DATE_PATTERN " "
                          "THEN substring(%s::text FROM '[0-9]{4}-[0-9]{2}-[0-9]{2}')::date END",
                          column, column);
}

/* Folded as key values are: trimmed, lower case. */
static char *
folded_expr (Pushdown *pd,
             int       index)
{
  g_autofree char *column = column_sql (pd, index);

  return g_strdup_printf ("lower(btrim(coalesce(%s::text, ''), E' \\t\\n\\r\\f\\v'))", column);
}

/*
 * What a cell is made into — a number, a date, folded text, empty or not —
 * is computed once per row in an inner query that the planner may not
 * flatten (OFFSET 0), and named there: “y.n3” is column 3 as a number.
 * The outcomes refer to those names, however often they test them.
 */
static char *
layer_ref (Pushdown *pd,
           char      kind,
           int       index)
{
  g_autofree char *name = g_strdup_printf ("%c%d", kind, index);

  if (!g_hash_table_contains (pd->layer, name))
    {
      char *expr = kind == 'b' ? blank_expr (pd, index)
                 : kind == 'c' ? column_sql (pd, index)
                 : kind == 'n' ? number_expr (pd, index)
                 : kind == 'd' ? date_expr (pd, index)
                 : folded_expr (pd, index);

      g_ptr_array_add (pd->layer_names, g_strdup (name));
      g_hash_table_insert (pd->layer, g_strdup (name), expr);
      /* Column references and casts are cheaper inlined than kept apart. */
      if (kind != 'c' && !(kind == 'd' && _waymark_postgres_oid_is_date (column_oid (pd, index))) &&
          !(kind == 'b' && (_waymark_postgres_oid_is_number (column_oid (pd, index)) ||
                            _waymark_postgres_oid_is_date (column_oid (pd, index)))))
        pd->layer_costly = TRUE;
    }

  return g_strdup_printf ("y.%s", name);
}

static char *
blank_sql (Pushdown *pd,
           int       index)
{
  return layer_ref (pd, 'b', index);
}

static char *
number_sql (Pushdown *pd,
            int       index)
{
  return layer_ref (pd, 'n', index);
}

static char *
date_sql (Pushdown *pd,
          int       index)
{
  return layer_ref (pd, 'd', index);
}

static char *
folded_sql (Pushdown *pd,
            int       index)
{
  return layer_ref (pd, 'f', index);
}

/* Every filter of the job, ANDed; “true” without any. */
static char *
filters_sql (Pushdown *pd,
             Job      *job)
{
  g_autoptr(GString) sql = g_string_new ("true");

  for (guint i = 0; i < job->filters->len; i++)
    {
      Filter *filter = &g_array_index (job->filters, Filter, i);

      if (filter->values != NULL)
        {
          g_autofree char *folded = folded_sql (pd, filter->column);
          g_autofree const char **values = (const char **) g_hash_table_get_keys_as_array (filter->values, NULL);
          g_autofree char *literal = _waymark_postgres_array_literal (values, -1);
          g_autofree char *placeholder = param (pd, literal, "text[]");

          g_string_append_printf (sql, " AND %s = ANY(%s)", folded, placeholder);
        }
      else
        {
          g_autofree char *date = date_sql (pd, filter->column);

          g_string_append_printf (sql, " AND %s IS NOT NULL", date);
          if (filter->from[0] != '\0')
            {
              g_autofree char *from = param (pd, filter->from, "date");

              g_string_append_printf (sql, " AND %s >= %s", date, from);
            }
          if (filter->to[0] != '\0')
            {
              g_autofree char *to = param (pd, filter->to, "date");

              g_string_append_printf (sql, " AND %s <= %s", date, to);
            }
        }
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static const char *
comparison (WaymarkConditionOp op)
{
  switch (op)
    {
    case WAYMARK_CONDITION_EQUAL:
      return "=";
    case WAYMARK_CONDITION_NOT_EQUAL:
      return "<>";
    case WAYMARK_CONDITION_AT_LEAST:
      return ">=";
    case WAYMARK_CONDITION_AT_MOST:
      return "<=";
    case WAYMARK_CONDITION_MORE:
      return ">";
    case WAYMARK_CONDITION_LESS:
      return "<";
    case WAYMARK_CONDITION_YES_NO:
    default:
      g_assert_not_reached ();
    }
}

/*
 * What a cell is, as evaluate() in the engine says, as a number: NULL when
 * the row fails the filters, 0 empty, 1 excluded, 2 valid, 3 valid and a
 * hit (promoter, top box, condition met), 4 valid and a miss (detractor).
 */
static char *
outcome_sql (Pushdown *pd,
             Job      *job)
{
  g_autofree char *filters = filters_sql (pd, job);
  g_autofree char *blank = blank_sql (pd, job->column);
  g_autoptr(GString) sql = g_string_new (NULL);

  g_string_append_printf (sql, "CASE WHEN NOT (%s) THEN NULL WHEN %s THEN 0 ", filters, blank);

  if (job->definition->kind == WAYMARK_METRIC_KIND_COUNT)
    g_string_append (sql, "ELSE 2 END");
  else if (job->definition->kind == WAYMARK_METRIC_KIND_RATE && job->needs_numbers)
    {
      g_autofree char *number = number_sql (pd, job->column);
      g_autofree char *with = number_param (pd, job->condition.number);

      g_string_append_printf (sql, "WHEN (%s) IS NULL THEN 1 WHEN (%s) %s %s THEN 3 ELSE 2 END",
                              number, number, comparison (job->condition.op), with);
    }
  else if (job->definition->kind == WAYMARK_METRIC_KIND_RATE && job->condition.op == WAYMARK_CONDITION_YES_NO)
    {
      g_autofree char *folded = folded_sql (pd, job->column);

      g_string_append_printf (sql, "WHEN %s IN ('yes', 'y', 'true', '1') THEN 3 "
                                   "WHEN %s IN ('no', 'n', 'false', '0') THEN 2 ELSE 1 END",
                              folded, folded);
    }
  else if (job->definition->kind == WAYMARK_METRIC_KIND_RATE)
    {
      g_autofree char *folded = folded_sql (pd, job->column);
      g_autofree char *with = param (pd, job->condition.folded ? job->condition.folded : "", "text");

      g_string_append_printf (sql, "WHEN %s %s %s THEN 3 ELSE 2 END",
                              folded, job->condition.op == WAYMARK_CONDITION_EQUAL ? "=" : "<>", with);
    }
  else
    {
      g_autofree char *number = number_sql (pd, job->column);
      g_autoptr(GString) invalid = g_string_new (NULL);

      g_string_append_printf (invalid, "(%s) IS NULL", number);
      if (isfinite (job->low))
        {
          g_autofree char *low = number_param (pd, job->low);

          g_string_append_printf (invalid, " OR (%s) < %s", number, low);
        }
      if (isfinite (job->high))
        {
          g_autofree char *high = number_param (pd, job->high);

          g_string_append_printf (invalid, " OR (%s) > %s", number, high);
        }
      if (job->whole)
        g_string_append_printf (invalid, " OR (%s) <> trunc(%s)", number, number);
      g_string_append_printf (sql, "WHEN %s THEN 1 ", invalid->str);

      if (!isnan (job->hit_low))
        {
          g_autofree char *low = number_param (pd, job->hit_low);
          g_autofree char *high = number_param (pd, job->hit_high);

          g_string_append_printf (sql, "WHEN (%s) BETWEEN %s AND %s THEN 3 ", number, low, high);
        }
      if (!isnan (job->miss_low))
        {
          g_autofree char *low = number_param (pd, job->miss_low);
          g_autofree char *high = number_param (pd, job->miss_high);

          g_string_append_printf (sql, "WHEN (%s) BETWEEN %s AND %s THEN 4 ", number, low, high);
        }
      g_string_append (sql, "ELSE 2 END");
    }

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static const char *
period_unit (WaymarkPeriod period)
{
  switch (period)
    {
    case WAYMARK_PERIOD_WEEK:
      return "week";
    case WAYMARK_PERIOD_MONTH:
      return "month";
    case WAYMARK_PERIOD_QUARTER:
      return "quarter";
    case WAYMARK_PERIOD_NONE:
    default:
      return NULL;
    }
}

/* The periods the jobs split by, each once: a week starts on a Monday,
 * as ISO weeks do, so its first day names the same week. */
static void
collect_periods (Pushdown *pd)
{
  GPtrArray *jobs = pd->self->jobs;

  pd->periods = g_ptr_array_new_with_free_func (g_free);
  pd->job_period = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint j = 0; j < jobs->len; j++)
    {
      Job *job = g_ptr_array_index (jobs, j);
      const char *unit = job->error == NULL ? period_unit (job->definition->period) : NULL;
      int index = -1;

      if (unit != NULL)
        {
          g_autofree char *date = date_sql (pd, job->date_column);
          g_autofree char *sql = g_strdup_printf ("date_trunc('%s', %s::timestamp)", unit, date);

          for (guint p = 0; p < pd->periods->len && index < 0; p++)
            if (g_str_equal (g_ptr_array_index (pd->periods, p), sql))
              index = (int) p;
          if (index < 0)
            {
              g_ptr_array_add (pd->periods, g_steal_pointer (&sql));
              index = (int) pd->periods->len - 1;
            }
        }
      g_array_append_val (pd->job_period, index);
    }
}

static int
job_period (Pushdown *pd,
            guint     job)
{
  return g_array_index (pd->job_period, int, job);
}

/*
 * A job over a column the server types as numbers is aggregated straight
 * from it: its cells are empty (NULL) or numbers, so what evaluate() decides
 * cell by cell is a range test the server runs inside each aggregate's
 * FILTER, and aggregates that are the same for several metrics (the rows,
 * a column's answers) are computed once. Other jobs go through an outcome
 * code per row (outcome_sql()).
 */
static gboolean
job_is_direct (Pushdown *pd,
               Job      *job)
{
  if (!_waymark_postgres_oid_is_number (column_oid (pd, job->column)))
    return FALSE;
  if (job->definition->kind == WAYMARK_METRIC_KIND_RATE)
    return job->needs_numbers;
  return TRUE;
}

static gboolean
is_direct (Pushdown *pd,
           guint     j)
{
  return g_array_index (pd->direct, gboolean, j);
}

/* The job's column in the inner query: x.c3. */
static char *
direct_column (Job *job)
{
  return g_strdup_printf ("x.c%d", job->column);
}

/* “f AND ” for the job's filters (x.f2), or "". */
static char *
direct_filter (Pushdown *pd,
               Job      *job,
               guint     j)
{
  return job->filters->len > 0 ? g_strdup_printf ("x.f%u AND ", j) : g_strdup ("");
}

/* A number the server reads exactly, as a parameter. */
static char *
literal (Pushdown *pd,
         double    value)
{
  if (!isfinite (value))
    value = value > 0 ? G_MAXDOUBLE : -G_MAXDOUBLE;
  return number_param (pd, value);
}

/* @value as the column's kind compares it: whole numbers with a whole column. */
static char *
column_literal (Pushdown *pd,
                Job      *job,
                double    value)
{
  if (_waymark_postgres_oid_is_integer (column_oid (pd, job->column)) && isfinite (value) &&
      value == floor (value) && fabs (value) < 1e15)
    {
      g_autofree char *text = g_strdup_printf ("%.0f", value);

      return param (pd, text, "int8");
    }
  return literal (pd, value);
}

/* The column as its parameters compare: itself if whole, else as float8. */
static char *
direct_value (Pushdown *pd,
              Job      *job)
{
  g_autofree char *c = direct_column (job);

  if (_waymark_postgres_oid_is_integer (column_oid (pd, job->column)))
    return g_steal_pointer (&c);
  return g_strdup_printf ("%s::float8", c);
}

/* A valid answer: a finite number on the scale (and whole where it must be). */
static char *
direct_valid (Pushdown *pd,
              Job      *job)
{
  g_autofree char *column = direct_column (job);
  g_autofree char *value = direct_value (pd, job);
  gboolean integer = _waymark_postgres_oid_is_integer (column_oid (pd, job->column));
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  /* A whole column has no NaN, no infinity: only its scale to test. */
  if (integer && !isfinite (job->low) && !isfinite (job->high))
    return g_strdup_printf ("%s IS NOT NULL", column);
  low = column_literal (pd, job, isfinite (job->low) ? job->low : -G_MAXDOUBLE);
  high = column_literal (pd, job, isfinite (job->high) ? job->high : G_MAXDOUBLE);
  if (job->whole && !integer)
    return g_strdup_printf ("%s BETWEEN %s AND %s AND %s = trunc(%s)", value, low, high, column, column);
  return g_strdup_printf ("%s BETWEEN %s AND %s", value, low, high);
}

/* The ten aggregates of a direct job, in the order of AGG_*; AGG_EXCLUDED
 * holds the answered cells, from which the valid ones are taken. */
static void
append_direct_aggregates (Pushdown *pd,
                          GString  *sql,
                          Job      *job,
                          guint     j)
{
  g_autofree char *c = direct_column (job);
  g_autofree char *v = direct_value (pd, job);
  g_autofree char *f = direct_filter (pd, job, j);
  g_autofree char *valid = NULL;
  g_autofree char *hit = NULL;
  g_autofree char *miss = NULL;
  WaymarkMetricKind kind = job->definition->kind;
  gboolean integer = _waymark_postgres_oid_is_integer (column_oid (pd, job->column));
  /* Within the scale, a whole column's hits need no other test. */
  const char *and = integer ? "" : " AND ";
  const char *valid_again = NULL;

  if (kind == WAYMARK_METRIC_KIND_COUNT)
    valid = g_strdup_printf ("%s IS NOT NULL", c);
  else if (kind == WAYMARK_METRIC_KIND_RATE)
    {
      g_autofree char *low = literal (pd, -G_MAXDOUBLE);
      g_autofree char *high = literal (pd, G_MAXDOUBLE);

      valid = integer ? g_strdup_printf ("%s IS NOT NULL", c) : g_strdup_printf ("%s::float8 BETWEEN %s AND %s", c, low, high);
    }
  else
    valid = direct_valid (pd, job);
  valid_again = integer ? "" : valid;

  if (kind == WAYMARK_METRIC_KIND_RATE)
    {
      g_autofree char *with = column_literal (pd, job, job->condition.number);

      hit = g_strdup_printf ("%s%s%s %s %s", valid_again, and, v, comparison (job->condition.op), with);
    }
  else if (!isnan (job->hit_low))
    {
      g_autofree char *low = column_literal (pd, job, job->hit_low);
      g_autofree char *high = column_literal (pd, job, job->hit_high);

      hit = g_strdup_printf ("%s%s%s BETWEEN %s AND %s", valid_again, and, v, low, high);
    }
  if (!isnan (job->miss_low))
    {
      g_autofree char *low = column_literal (pd, job, job->miss_low);
      g_autofree char *high = column_literal (pd, job, job->miss_high);

      miss = g_strdup_printf ("%s%s%s BETWEEN %s AND %s", valid_again, and, v, low, high);
    }

  if (f[0] != '\0')
    g_string_append_printf (sql, ", count(*) FILTER (WHERE x.f%u)", j);
  else
    g_string_append (sql, ", count(*)");
  g_string_append_printf (sql, ", count(*) FILTER (WHERE %s%s)", f, valid);
  if (f[0] != '\0')
    g_string_append_printf (sql, ", count(%s) FILTER (WHERE x.f%u)", c, j);
  else
    g_string_append_printf (sql, ", count(%s)", c);
  if (hit != NULL)
    g_string_append_printf (sql, ", count(*) FILTER (WHERE %s%s)", f, hit);
  else
    g_string_append (sql, ", NULL");
  if (miss != NULL)
    g_string_append_printf (sql, ", count(*) FILTER (WHERE %s%s)", f, miss);
  else
    g_string_append (sql, ", NULL");

  /* Only what the kind reads: avg and var_pop share their state. */
  if (kind == WAYMARK_METRIC_KIND_SUM)
    g_string_append_printf (sql, ", sum(%s::float8) FILTER (WHERE %s%s)", c, f, valid);
  else
    g_string_append (sql, ", NULL");
  if (kind == WAYMARK_METRIC_KIND_MEAN || kind == WAYMARK_METRIC_KIND_CES)
    g_string_append_printf (sql, ", avg(%s::float8) FILTER (WHERE %s%s), var_pop(%s::float8) FILTER (WHERE %s%s)",
                            c, f, valid, c, f, valid);
  else if (job->needs_moments)
    g_string_append_printf (sql, ", avg(%s::float8) FILTER (WHERE %s%s), NULL", c, f, valid);
  else
    g_string_append (sql, ", NULL, NULL");
  if (kind == WAYMARK_METRIC_KIND_MIN)
    g_string_append_printf (sql, ", min(%s::float8) FILTER (WHERE %s%s)", c, f, valid);
  else
    g_string_append (sql, ", NULL");
  if (kind == WAYMARK_METRIC_KIND_MAX)
    g_string_append_printf (sql, ", max(%s::float8) FILTER (WHERE %s%s)", c, f, valid);
  else
    g_string_append (sql, ", NULL");
}

/* A median of a direct job. */
static char *
direct_median (Pushdown *pd,
               Job      *job,
               guint     j)
{
  g_autofree char *c = direct_column (job);
  g_autofree char *f = direct_filter (pd, job, j);
  g_autofree char *valid = direct_valid (pd, job);

  return g_strdup_printf ("percentile_cont(0.5) WITHIN GROUP (ORDER BY %s::float8) FILTER (WHERE %s%s)", c, f, valid);
}

/* The rows of the source with what each job makes of them: k, p0…, o0…, v0…. */
static char *
inner_sql (Pushdown *pd,
           gboolean  medians_only)
{
  g_autoptr(GString) sql = g_string_new ("SELECT y.k AS k");
  g_autoptr(GString) layer = g_string_new (NULL);
  GPtrArray *jobs = pd->self->jobs;
  g_autofree char *key = NULL;
  int key_column = -1;

  for (guint c = 0; c < pd->columns->len && key_column < 0; c++)
    if (g_str_equal (((WaymarkPostgresColumn *) g_ptr_array_index (pd->columns, c))->name, pd->self->source->key))
      key_column = (int) c;
  key = column_sql (pd, key_column);

  for (guint p = 0; p < pd->periods->len; p++)
    g_string_append_printf (sql, ", %s AS p%u", (char *) g_ptr_array_index (pd->periods, p), p);
  for (guint j = 0; j < jobs->len; j++)
    {
      Job *job = g_ptr_array_index (jobs, j);

      if (job->error != NULL || (medians_only && !job->needs_values))
        continue;
      if (is_direct (pd, j))
        {
          g_autofree char *column = layer_ref (pd, 'c', job->column);
          g_autofree char *name = g_strdup_printf ("AS c%d", job->column);

          if (strstr (sql->str, name) == NULL)
            g_string_append_printf (sql, ", %s AS c%d", column, job->column);
          if (job->filters->len > 0)
            {
              g_autofree char *filters = filters_sql (pd, job);

              g_string_append_printf (sql, ", %s AS f%u", filters, j);
            }
          continue;
        }
      {
        g_autofree char *outcome = outcome_sql (pd, job);

        g_string_append_printf (sql, ", %s AS o%u", outcome, j);
      }
      if (job->needs_moments || job->needs_values)
        {
          g_autofree char *number = number_sql (pd, job->column);

          g_string_append_printf (sql, ", %s AS v%u", number, j);
        }
    }

  /* Everything the outer select refers to is known now. */
  /* The key as it is: the planner knows its values, and NULL stays NULL. */
  g_string_append_printf (layer, "SELECT %s AS k", key);
  for (guint i = 0; i < pd->layer_names->len; i++)
    {
      const char *name = g_ptr_array_index (pd->layer_names, i);

      g_string_append_printf (layer, ", %s AS %s", (char *) g_hash_table_lookup (pd->layer, name), name);
    }
  g_string_append_printf (layer, " FROM %s AS t%s", pd->source, pd->layer_costly ? " OFFSET 0" : "");
  g_string_append_printf (sql, " FROM (%s) AS y", layer->str);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/* The periods a query groups by: all of them, or the medians' only. */
static GArray *
active_periods (Pushdown *pd,
                gboolean  medians_only)
{
  GArray *active = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint p = 0; p < pd->periods->len; p++)
    {
      gboolean used = FALSE;

      for (guint j = 0; j < pd->self->jobs->len && !used; j++)
        {
          Job *job = g_ptr_array_index (pd->self->jobs, j);

          used = job->error == NULL && job_period (pd, j) == (int) p && (!medians_only || job->needs_values);
        }
      if (used)
        g_array_append_val (active, p);
    }

  return active;
}

/*
 * How a query groups: by @group and each active period. With @whole, also
 * by @group alone (GROUPING SETS), as the medians need. Without, each set
 * partitions all the rows (those without a date make a group of their
 * own), so the whole time is their sum, added up here; one period is then
 * a plain GROUP BY, which the server may run in parallel.
 */

/* After @group: GROUPING(p…) when there are several sets, and p…. Returns
 * the number of columns added. */
static int
append_period_columns (GString  *sql,
                       GArray   *active,
                       gboolean  whole)
{
  if (active->len == 0)
    return 0;

  if (whole || active->len > 1)
    {
      g_string_append (sql, ", GROUPING(");
      for (guint a = 0; a < active->len; a++)
        g_string_append_printf (sql, "%sp%d", a ? ", " : "", g_array_index (active, int, a));
      g_string_append (sql, ")");
    }
  for (guint a = 0; a < active->len; a++)
    g_string_append_printf (sql, ", p%d", g_array_index (active, int, a));

  return (whole || active->len > 1 ? 1 : 0) + (int) active->len;
}

static void
append_grouping (GString    *sql,
                 const char *group,
                 GArray     *active,
                 gboolean    whole)
{
  if (active->len == 0)
    {
      g_string_append_printf (sql, " GROUP BY %s", group);
      return;
    }
  if (!whole && active->len == 1)
    {
      g_string_append_printf (sql, " GROUP BY %s, p%d", group, g_array_index (active, int, 0));
      return;
    }

  g_string_append (sql, " GROUP BY GROUPING SETS (");
  if (whole)
    g_string_append_printf (sql, "(%s), ", group);
  for (guint a = 0; a < active->len; a++)
    g_string_append_printf (sql, "%s(%s, p%d)", a ? ", " : "", group, g_array_index (active, int, a));
  g_string_append (sql, ")");
}

/* Which period's set a result row is of, -1 for the whole time (or when
 * there are no periods); and the column of its first day. GROUPING(…) is
 * column 1, with a bit set for each period not grouped by, the first highest. */
static int
row_period (GArray   *active,
            gboolean  whole,
            PGresult *result,
            int       row,
            int      *column)
{
  guint64 grouping;

  if (active->len == 0)
    return -1;
  if (!whole && active->len == 1)
    {
      *column = 1;
      return g_array_index (active, int, 0);
    }

  grouping = g_ascii_strtoull (PQgetvalue (result, row, 1), NULL, 10);
  for (guint a = 0; a < active->len; a++)
    if ((grouping & (G_GUINT64_CONSTANT (1) << (active->len - 1 - a))) == 0)
      {
        *column = 2 + (int) a;
        return g_array_index (active, int, a);
      }

  return -1;
}

static double
number_at (PGresult *result,
           int       row,
           int       column)
{
  return PQgetisnull (result, row, column) ? NAN : g_ascii_strtod (PQgetvalue (result, row, column), NULL);
}

static gint64
count_at (PGresult *result,
          int       row,
          int       column)
{
  return PQgetisnull (result, row, column) ? 0 : g_ascii_strtoll (PQgetvalue (result, row, column), NULL, 10);
}

/* Adds a key value's aggregates to a group's, as slot_add() adds rows:
 * counts add up; means and squared deviations combine (Chan et al.). */
static void
merge (Job      *job,
       gboolean  direct,
       Slot     *slot,
       guint     group,
       guint     n_groups,
       PGresult *result,
       int       row,
       int       first)
{
  Tally *tally;
  gint64 n = count_at (result, row, first + AGG_N);
  /* A direct job counts the answered cells: those not valid are excluded. */
  gint64 excluded = direct ? count_at (result, row, first + AGG_EXCLUDED) - n : count_at (result, row, first + AGG_EXCLUDED);

  _waymark_metric_slot_grow (slot, n_groups);
  tally = &g_array_index (slot->tallies, Tally, group);

  if (slot->moments != NULL && n > 0)
    {
      Moments *moments = &g_array_index (slot->moments, Moments, group);
      double mean = number_at (result, row, first + AGG_MEAN);
      double m2 = number_at (result, row, first + AGG_VARIANCE) * (double) n;
      double min = number_at (result, row, first + AGG_MIN);
      double max = number_at (result, row, first + AGG_MAX);

      if (tally->n == 0)
        {
          moments->mean = mean;
          moments->m2 = m2;
          moments->min = min;
          moments->max = max;
        }
      else
        {
          double total = (double) (tally->n + n);
          double delta = mean - moments->mean;

          moments->m2 += m2 + delta * delta * (double) tally->n * (double) n / total;
          moments->mean += delta * (double) n / total;
          moments->min = MIN (moments->min, min);
          moments->max = MAX (moments->max, max);
        }
      moments->sum += number_at (result, row, first + AGG_SUM);
    }

  tally->rows += count_at (result, row, first + AGG_ROWS);
  tally->n += n;
  tally->excluded += excluded;
  tally->hits += count_at (result, row, first + AGG_HITS);
  tally->misses += count_at (result, row, first + AGG_MISSES);
}

/* A setting for the rest of the transaction. */
static gboolean
set_local (Pushdown      *pd,
           const char    *name,
           const char    *value,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GPtrArray) params = g_ptr_array_new ();
  g_autoptr(PGresult) result = NULL;

  g_ptr_array_add (params, (gpointer) name);
  g_ptr_array_add (params, (gpointer) value);
  result = _waymark_postgres_exec (pd->connection, "SELECT set_config($1, $2, true)", params, cancellable, error);
  return result != NULL;
}

/* One row per key value and period, every job's aggregates side by side. */
static gboolean
aggregate (Pushdown      *pd,
           GCancellable  *cancellable,
           GError       **error)
{
  WaymarkMetricComputation *self = pd->self;
  g_autofree char *inner = inner_sql (pd, FALSE);
  g_autoptr(GString) sql = g_string_new ("SELECT coalesce(k::text, '')");
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GArray) firsts = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) active = active_periods (pd, FALSE);
  int rows_column = 1 + append_period_columns (sql, active, FALSE);
  int column = rows_column + 1;
  /* The set the whole time is added up from: the first period's, or the only one. */
  int base = active->len > 0 ? g_array_index (active, int, 0) : -1;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_string_append (sql, ", count(*)");

  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);

      g_array_append_val (firsts, column);
      if (job->error != NULL)
        continue;
      column += N_AGG;
      if (is_direct (pd, j))
        {
          append_direct_aggregates (pd, sql, job, j);
          continue;
        }
      g_string_append_printf (sql,
                              ", count(o%u), count(*) FILTER (WHERE o%u >= 2), count(*) FILTER (WHERE o%u = 1)"
                              ", count(*) FILTER (WHERE o%u = 3), count(*) FILTER (WHERE o%u = 4)",
                              j, j, j, j, j);
      if (job->needs_moments)
        g_string_append_printf (sql,
                                ", sum(v%u) FILTER (WHERE o%u >= 2), avg(v%u) FILTER (WHERE o%u >= 2)"
                                ", var_pop(v%u) FILTER (WHERE o%u >= 2), min(v%u) FILTER (WHERE o%u >= 2)"
                                ", max(v%u) FILTER (WHERE o%u >= 2)",
                                j, j, j, j, j, j, j, j, j, j);
      else
        g_string_append (sql, ", NULL, NULL, NULL, NULL, NULL");
    }
  g_string_append_printf (sql, " FROM (%s) AS x", inner);
  append_grouping (sql, "k", active, FALSE);

  /* A few thousand groups: hashed in memory, never sorted to disk, though
   * the planner cannot know how few (the other statements may sort). */
  if (!set_local (pd, "enable_sort", "off", cancellable, error))
    return FALSE;
  result = _waymark_postgres_exec (pd->connection, sql->str, pd->params, cancellable, error);
  if (result == NULL || !set_local (pd, "enable_sort", "on", cancellable, error))
    return FALSE;

  for (int r = 0; r < PQntuples (result); r++)
    {
      const char *key = PQgetvalue (result, r, 0);
      const Binding *binding = _waymark_metric_lookup_binding (self, key);
      int p_column = -1;
      int period = row_period (active, FALSE, result, r, &p_column);

      if (period == base)
        {
          self->rows += count_at (result, r, rows_column);
          if (!g_hash_table_contains (seen, key))
            {
              char *copy = g_strdup (key);

              g_ptr_array_add (pd->keys, copy);
              g_ptr_array_add (pd->bindings, (gpointer) binding);
              g_hash_table_add (seen, copy);
            }
        }

      for (guint j = 0; j < self->jobs->len; j++)
        {
          Job *job = g_ptr_array_index (self->jobs, j);
          int first = g_array_index (firsts, int, j);
          int own = job_period (pd, j);
          int code;

          if (job->error != NULL)
            continue;

          /* The whole time: the sum of the groups of one set. */
          if (period == (own >= 0 ? own : base))
            {
              job->rows_matched += count_at (result, r, first + AGG_ROWS);
              for (guint g = 0; g < binding->n; g++)
                merge (job, is_direct (pd, j), g_ptr_array_index (job->slots, 0), binding->groups[g],
                       self->groups->len, result, r, first);
            }

          /* Its periods; rows without a date count for the whole time only. */
          if (own < 0 || own != period || PQgetisnull (result, r, p_column) ||
              count_at (result, r, first + AGG_ROWS) == 0 ||
              (code = waymark_period_code (job->definition->period, PQgetvalue (result, r, p_column))) == 0)
            continue;
          for (guint g = 0; g < binding->n; g++)
            merge (job, is_direct (pd, j), _waymark_metric_job_slot (job, code), binding->groups[g],
                   self->groups->len, result, r, first);
        }
    }

  return TRUE;
}

/* The medians per card, stage and period: the server is told which key
 * values count for which group, and orders each group's values itself. */
static gboolean
medians (Pushdown      *pd,
         GCancellable  *cancellable,
         GError       **error)
{
  WaymarkMetricComputation *self = pd->self;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) sql = g_string_new ("SELECT b.g");
  g_autoptr(PGresult) result = NULL;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GArray) active = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *key_param = NULL;
  g_autofree char *group_param = NULL;
  gboolean any = FALSE;
  int column;

  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);

      any = any || (job->error == NULL && job->needs_values);
    }
  if (!any)
    return TRUE;

  /* Every key value the first query saw, with each group it counts for. */
  for (guint k = 0; k < pd->keys->len; k++)
    {
      const Binding *binding = g_ptr_array_index (pd->bindings, k);

      for (guint g = 0; g < binding->n; g++)
        {
          g_ptr_array_add (keys, g_ptr_array_index (pd->keys, k));
          g_ptr_array_add (groups, g_strdup_printf ("%u", binding->groups[g]));
        }
    }

  reset_params (pd);
  inner = inner_sql (pd, TRUE);
  {
    g_autofree char *key_literal = _waymark_postgres_array_literal ((const char * const *) keys->pdata, keys->len);
    g_autofree char *group_literal = NULL;
    g_autoptr(GString) list = g_string_new ("{");

    for (guint i = 0; i < groups->len; i++)
      g_string_append_printf (list, "%s%s", i ? "," : "", (char *) g_ptr_array_index (groups, i));
    g_string_append_c (list, '}');
    group_literal = g_string_free (g_steal_pointer (&list), FALSE);
    key_param = param (pd, key_literal, "text[]");
    group_param = param (pd, group_literal, "int[]");
  }

  active = active_periods (pd, TRUE);
  column = 1 + append_period_columns (sql, active, TRUE);
  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);

      g_array_append_val (columns, column);
      if (job->error != NULL || !job->needs_values)
        continue;
      if (is_direct (pd, j))
        {
          g_autofree char *median = direct_median (pd, job, j);

          g_string_append_printf (sql, ", %s", median);
        }
      else
        g_string_append_printf (sql, ", percentile_cont(0.5) WITHIN GROUP (ORDER BY v%u) FILTER (WHERE o%u >= 2)", j, j);
      column++;
    }
  g_string_append_printf (sql, " FROM (%s) AS x JOIN unnest(%s, %s) AS b(k, g) ON b.k = coalesce(x.k::text, '')",
                          inner, key_param, group_param);
  append_grouping (sql, "b.g", active, TRUE);

  if (!(result = _waymark_postgres_exec (pd->connection, sql->str, pd->params, cancellable, error)))
    return FALSE;

  for (int r = 0; r < PQntuples (result); r++)
    {
      guint group = (guint) g_ascii_strtoull (PQgetvalue (result, r, 0), NULL, 10);
      int p_column = -1;
      int period = row_period (active, TRUE, result, r, &p_column);

      for (guint j = 0; j < self->jobs->len; j++)
        {
          Job *job = g_ptr_array_index (self->jobs, j);
          int at = g_array_index (columns, int, j);
          gpointer index;
          Slot *slot;
          int code = 0;
          GArray *values;
          double median;

          if (job->error != NULL || !job->needs_values || PQgetisnull (result, r, at) || group >= self->groups->len)
            continue;
          if (period >= 0)
            {
              if (job_period (pd, j) != period || PQgetisnull (result, r, p_column) ||
                  (code = waymark_period_code (job->definition->period, PQgetvalue (result, r, p_column))) == 0)
                continue;
            }
          /* Only groups the first query gave rows have a slot to hold a median. */
          if (!g_hash_table_lookup_extended (job->slot_of_code, GINT_TO_POINTER (code), NULL, &index))
            continue;
          slot = g_ptr_array_index (job->slots, GPOINTER_TO_UINT (index));
          _waymark_metric_slot_grow (slot, self->groups->len);

          /* The server's median is the group's one value: median_of() returns it. */
          median = g_ascii_strtod (PQgetvalue (result, r, at), NULL);
          values = g_array_new (FALSE, FALSE, sizeof (double));
          g_array_append_val (values, median);
          g_clear_pointer (&g_ptr_array_index (slot->values, group), g_array_unref);
          g_ptr_array_index (slot->values, group) = values;
        }
    }

  return TRUE;
}

/*
 * _waymark_metric_pushdown:
 * @self: a computation whose jobs hold their definitions, not yet prepared
 *
 * Connects to the dataset's server, prepares the jobs against the columns
 * it has now, and has it compute their aggregates, in one read-only
 * transaction. The computation's rows are the source's rows; its
 * server_time the server's clock.
 *
 * Returns: %FALSE with @error if the source could not be read
 */
gboolean
_waymark_metric_pushdown (WaymarkMetricComputation  *self,
                          GCancellable              *cancellable,
                          WaymarkImportProgress      progress,
                          gpointer                   user_data,
                          GError                   **error)
{
  WaymarkMetricSource *source = self->source;
  g_autoptr(WaymarkPostgres) connection = NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  Pushdown pd = { self };
  gboolean ok = FALSE;

  if (progress != NULL)
    progress (0, 3, user_data);
  if (!(connection = waymark_postgres_connect (source->uri, cancellable, error)))
    return FALSE;
  pd.connection = connection;
  pd.params = g_ptr_array_new_with_free_func (g_free);
  pd.placeholders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pd.keys = g_ptr_array_new_with_free_func (g_free);
  pd.bindings = g_ptr_array_new ();
  pd.layer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  pd.layer_names = g_ptr_array_new_with_free_func (g_free);

  if (!(pd.source = _waymark_postgres_source_sql (connection, source->table, source->query, error)) ||
      !_waymark_postgres_begin (connection, &self->server_time, cancellable, error))
    goto out;
  if (progress != NULL)
    progress (1, 3, user_data);

  if (!(pd.columns = _waymark_postgres_describe (connection, pd.source, &pd.oids, cancellable, error)))
    goto out;
  for (guint c = 0; c < pd.columns->len; c++)
    g_strv_builder_add (names, ((WaymarkPostgresColumn *) g_ptr_array_index (pd.columns, c))->name);
  self->columns = g_strv_builder_end (names);

  if (source->key == NULL || _waymark_metric_find_column ((const char * const *) self->columns, source->key) < 0)
    {
      g_autofree char *known = g_strjoinv (", ", self->columns);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                   _("no column named “%s”, the dataset's key (columns: %s)"), source->key ? source->key : "", known);
      goto out;
    }

  /* New or renamed columns: recorded with the server's types. */
  if (!_waymark_metric_same_columns ((const char * const *) self->columns, source->recorded))
    {
      g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_free);

      for (guint c = 0; c < pd.columns->len; c++)
        {
          WaymarkPostgresColumn *column = g_ptr_array_index (pd.columns, c);
          WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

          info->name = column->name;
          info->type = column->type;
          info->share = 1.0;
          g_ptr_array_add (infos, info);
        }
      self->columns_json = _waymark_import_columns_to_json (infos);
    }

  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);

      if (!_waymark_metric_job_prepare (job, (const char * const *) self->columns, source->types, &job->error))
        g_assert (job->error != NULL);
    }

  pd.direct = g_array_new (FALSE, TRUE, sizeof (gboolean));
  for (guint j = 0; j < self->jobs->len; j++)
    {
      Job *job = g_ptr_array_index (self->jobs, j);
      gboolean direct = job->error == NULL && job_is_direct (&pd, job);

      g_array_append_val (pd.direct, direct);
    }
  collect_periods (&pd);
  if (progress != NULL)
    progress (2, 3, user_data);
  ok = aggregate (&pd, cancellable, error) && medians (&pd, cancellable, error);

out:
  _waymark_postgres_end (connection);
  pushdown_clear (&pd);
  if (ok && progress != NULL)
    progress (3, 3, user_data);

  /* What the file's checksum says for a file, the server's clock says here. */
  self->sha256 = g_strdup (source->recorded_sha256);
  self->changed = FALSE;

  return ok;
}
