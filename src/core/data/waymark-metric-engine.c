/* waymark-metric-engine.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The pass: one read of a dataset's source that computes every metric
 * given, for every card, stage and period (see HACKING.md, Metrics). */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-metric-engine-private.h"
#include "waymark-error.h"
#include "waymark-import-private.h"
#include "waymark-number.h"

/* The normal quantile of a 95% confidence interval, as HACKING.md's formulas write it. */
#define Z_95 1.96

/* Raw cells whose filter or condition outcome is remembered, per filter;
 * and raw key values remembered with the cards they bind to. Past these a
 * cell is folded again each time, which is slower but bounded. */
#define CELL_CACHE_LIMIT 4096
#define KEY_CACHE_LIMIT  65536

#define PROGRESS_EVERY 0xFFFF




/* A rate's condition, with its value folded as key values are. */
static gboolean
condition_prepare (const char  *text,
                   Condition   *condition,
                   GError     **error)
{
  g_autofree char *value = NULL;

  memset (condition, 0, sizeof *condition);
  if (!waymark_metric_condition_parse (text, &condition->op, &value, error))
    return FALSE;
  if (value != NULL)
    {
      condition->numeric = waymark_number_parse (value, &condition->number);
      condition->folded = _waymark_import_fold_key (value);
    }
  return TRUE;
}

void
waymark_metric_figure_free (WaymarkMetricFigure *figure)
{
  if (figure == NULL)
    return;

  g_free (figure->period);
  g_free (figure);
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
    slot->values = g_ptr_array_new_with_free_func (_waymark_metric_free_array);
  g_ptr_array_add (job->slots, slot);
  g_hash_table_insert (job->slot_of_code, GINT_TO_POINTER (code), GUINT_TO_POINTER (job->slots->len - 1));

  return slot;
}

/* The job's slot for a period (0: the whole time), made when first needed. */
Slot *
_waymark_metric_job_slot (Job *job,
                          int  code)
{
  gpointer index;

  if (g_hash_table_lookup_extended (job->slot_of_code, GINT_TO_POINTER (code), NULL, &index))
    return g_ptr_array_index (job->slots, GPOINTER_TO_UINT (index));
  return job_add_slot (job, code);
}

/* Room in @slot for every group known so far. */
void
_waymark_metric_slot_grow (Slot  *slot,
                           guint  n_groups)
{
  if (slot->tallies->len >= n_groups)
    return;

  g_array_set_size (slot->tallies, n_groups);
  if (slot->moments != NULL)
    g_array_set_size (slot->moments, n_groups);
  if (slot->values != NULL)
    g_ptr_array_set_size (slot->values, n_groups);
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

      passes = waymark_date_parse (cell, &year, &month, &day);
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
compare (WaymarkConditionOp op,
         double      value,
         double      with)
{
  switch (op)
    {
    case WAYMARK_CONDITION_EQUAL:
      return value == with;
    case WAYMARK_CONDITION_NOT_EQUAL:
      return value != with;
    case WAYMARK_CONDITION_AT_LEAST:
      return value >= with;
    case WAYMARK_CONDITION_AT_MOST:
      return value <= with;
    case WAYMARK_CONDITION_MORE:
      return value > with;
    case WAYMARK_CONDITION_LESS:
      return value < with;
    case WAYMARK_CONDITION_YES_NO:
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

  if (condition->op != WAYMARK_CONDITION_YES_NO && condition->numeric)
    {
      if (!waymark_number_parse (cell, &number))
        return 3;
      return compare (condition->op, number, condition->number) ? 1 : 2;
    }

  if ((cached = g_hash_table_lookup (job->condition_cache, cell)) != NULL)
    return GPOINTER_TO_INT (cached);

  if (condition->op == WAYMARK_CONDITION_YES_NO)
    {
      static const char * const yes[] = { "yes", "y", "true", "1", NULL };
      static const char * const no[] = { "no", "n", "false", "0", NULL };
      g_autofree char *folded = _waymark_import_fold_key (cell);

      outcome = g_strv_contains (yes, folded) ? 1 : g_strv_contains (no, folded) ? 2 : 3;
    }
  else
    {
      g_autofree char *folded = _waymark_import_fold_key (cell);

      outcome = g_str_equal (folded, condition->folded) == (condition->op == WAYMARK_CONDITION_EQUAL) ? 1 : 2;
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

  if (!waymark_number_parse (cell, &number) || number < job->low || number > job->high ||
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

  _waymark_metric_slot_grow (slot, n_groups);

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
      int code = waymark_period_code (job->definition->period, cell_at (cells, job->date_column));

      /* Rows without a date count for the whole time only. */
      if (code != 0)
        {
          slots[n_slots++] = _waymark_metric_job_slot (job, code);
        }
    }

  for (guint s = 0; s < n_slots; s++)
    for (guint g = 0; g < binding->n; g++)
      slot_add (job, slots[s], binding->groups[g], n_groups, outcome, value, hit, miss);
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
      return condition->op != WAYMARK_CONDITION_YES_NO && condition->numeric;
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
gboolean
_waymark_metric_job_prepare (Job                 *job,
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
      !condition_prepare (definition->condition, &job->condition, error))
    return FALSE;

  if ((job->column = _waymark_metric_find_column (columns, definition->column)) < 0)
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
      if ((job->date_column = _waymark_metric_find_column (columns, definition->date_column)) < 0)
        return no_column (columns, definition->date_column, error);
    }

  job->filters = g_array_new (FALSE, TRUE, sizeof (Filter));
  g_array_set_clear_func (job->filters, (GDestroyNotify) filter_state_clear);
  for (guint i = 0; i < definition->filters->len; i++)
    {
      WaymarkMetricFilter *source = g_ptr_array_index (definition->filters, i);
      Filter filter = { 0 };

      if ((filter.column = _waymark_metric_find_column (columns, source->column)) < 0)
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

  waymark_metric_definition_get_scale (definition, &low, &high);
  box = definition->box > 0 ? definition->box : 2;
  job->low = low;
  job->high = high;
  job->whole = definition->kind == WAYMARK_METRIC_KIND_NPS || waymark_metric_kind_has_scale (definition->kind);
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
          const WaymarkMetricGroup *group = &g_array_index (self->groups, WaymarkMetricGroup, g);
          WaymarkMetricFigure *figure;

          if (slot->code != 0 && (g >= slot->tallies->len || g_array_index (slot->tallies, Tally, g).rows == 0))
            continue;

          figure = g_new0 (WaymarkMetricFigure, 1);
          figure->card = group->card;
          figure->stage = group->stage;
          figure->period = waymark_period_code_to_key (job->definition->period, slot->code);
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
  WaymarkMetricGroup group = { is_card ? id : 0, is_card ? 0 : id };

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
const Binding *
_waymark_metric_lookup_binding (WaymarkMetricComputation *self,
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
                   group_for (self, self->card_groups, g_array_index (cards, WaymarkMetricGroup, i).card, TRUE));
      for (guint i = 0; i < n_cards; i++)
        add_group (binding->groups, &binding->n,
                   group_for (self, self->stage_groups, g_array_index (cards, WaymarkMetricGroup, i).stage, FALSE));
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
  g_free (self->server_time);
  g_free (self);
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
/* @recorded is @columns (the header) and columns past it that rows made
 * when the dataset was imported. */
static gboolean
ragged_columns (const char * const *columns,
                GPtrArray          *recorded)
{
  guint n = g_strv_length ((GStrv) columns);

  if (recorded == NULL || recorded->len <= n)
    return FALSE;
  for (guint i = 0; i < recorded->len; i++)
    if (i < n ? !g_str_equal (columns[i], g_ptr_array_index (recorded, i))
              : waymark_table_column_position (g_ptr_array_index (recorded, i)) != (int) i)
      return FALSE;
  return TRUE;
}

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
  g_auto(GStrv) recorded_names = NULL;
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
  self->groups = g_array_new (FALSE, FALSE, sizeof (WaymarkMetricGroup));
  self->bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->raw_bindings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->card_groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->stage_groups = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* WaymarkMetricGroup 0: every row, whatever its key. */
  {
    WaymarkMetricGroup all = { 0, 0 };

    g_array_append_val (self->groups, all);
  }

  recorded = source->recorded;
  types = source->types;
  file = source->file;

  /* A database computes the aggregates itself; only they travel. */
  if (source->uri != NULL)
    {
      for (guint i = 0; i < n_definitions; i++)
        {
          Job *job = g_new0 (Job, 1);

          job->definition = waymark_metric_definition_copy (definitions[i]);
          g_ptr_array_add (self->jobs, job);
        }
      if (!_waymark_metric_pushdown (self, cancellable, progress, user_data, error))
        return NULL;
      for (guint j = 0; j < self->jobs->len; j++)
        {
          Job *job = g_ptr_array_index (self->jobs, j);

          if (job->error == NULL)
            job_finish (self, job);
        }
      return g_steal_pointer (&self);
    }

  hash = _waymark_import_hash_start (file, cancellable);
  reader = waymark_table_reader_open (file, &source->options, cancellable, &local_error);

  if (reader != NULL)
    {
      columns = waymark_table_reader_get_columns (reader);
      self->columns = g_strdupv ((GStrv) columns);
      /* Columns past the header that the import's rows made: the recorded
       * names, which the header's start, are the ones the metrics name. */
      if (ragged_columns (columns, recorded))
        {
          recorded_names = g_new0 (char *, recorded->len + 1);
          for (guint i = 0; i < recorded->len; i++)
            recorded_names[i] = g_strdup (g_ptr_array_index (recorded, i));
          columns = (const char * const *) recorded_names;
        }
      if (key != NULL && (key_column = _waymark_metric_find_column (columns, key)) < 0)
        {
          g_autofree char *known = g_strjoinv (", ", (GStrv) columns);

          g_set_error (&local_error, WAYMARK_ERROR, WAYMARK_ERROR_IMPORT,
                       _("no column named “%s”, the dataset's key (columns: %s)"), key, known);
        }
    }

  /* A reader that opened has columns; one that did not said why. */
  if (local_error == NULL && reader != NULL)
    {
      /* New or renamed columns: type them as the import does, to record them. */
      if (!_waymark_metric_same_columns (columns, recorded))
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
          if (!_waymark_metric_job_prepare (job, columns, types, &job->error))
            g_assert (job->error != NULL);
          g_ptr_array_add (self->jobs, job);
        }

      while (waymark_table_reader_next (reader, cells, &line, &local_error))
        {
          const Binding *binding = _waymark_metric_lookup_binding (self, key_column >= 0 ? cell_at (cells, key_column) : "");

          self->rows++;
          for (guint j = 0; j < self->jobs->len; j++)
            {
              Job *job = g_ptr_array_index (self->jobs, j);

              if (job->error == NULL)
                job_add_row (job, cells, binding, self->groups->len);
            }

          /* Cells past the header made columns of their own. */
          if (column_infos != NULL && cells->len > column_infos->len &&
              waymark_table_reader_get_n_columns (reader) > column_infos->len)
            {
              const char * const *now = waymark_table_reader_get_columns (reader);

              for (guint c = column_infos->len; now[c] != NULL; c++)
                {
                  WaymarkColumnInfo *info = g_new0 (WaymarkColumnInfo, 1);

                  info->name = (char *) now[c];
                  g_ptr_array_add (column_infos, info);
                }
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
  /* All the columns, with those cells past the header made. */
  if (reader != NULL)
    {
      g_strfreev (self->columns);
      self->columns = g_strdupv ((GStrv) waymark_table_reader_get_columns (reader));
    }
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

guint64
waymark_metric_computation_get_rows (WaymarkMetricComputation *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows;
}

/*
 * _waymark_metric_definition_fits:
 * @definition: a definition
 * @columns: a source's columns, %NULL-terminated
 * @types: (nullable): column name → type as the import recorded it
 * @error: return location for a #GError
 *
 * What a pass checks before reading a row: the columns exist and the
 * kind fits their recorded types.
 *
 * Returns: %TRUE if a pass could compute @definition
 */
gboolean
_waymark_metric_definition_fits (const WaymarkMetricDefinition  *definition,
                                 const char * const             *columns,
                                 GHashTable                     *types,
                                 GError                        **error)
{
  Job *probe = g_new0 (Job, 1);
  gboolean fits;

  probe->definition = waymark_metric_definition_copy (definition);
  fits = _waymark_metric_job_prepare (probe, columns, types, error);
  job_free (probe);
  return fits;
}
