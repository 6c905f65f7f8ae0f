/* waymark-metric-definition.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-metric"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "waymark-metric-definition.h"
#include "waymark-document.h"
#include "waymark-error.h"
#include "waymark-number.h"

static const char * const kind_names[] = {
  "count", "sum", "mean", "median", "min", "max", "rate", "nps", "csat", "ces",
  "top-box", "bottom-box", NULL
};

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

gboolean
waymark_metric_kind_has_scale (WaymarkMetricKind kind)
{
  return kind == WAYMARK_METRIC_KIND_CSAT || kind == WAYMARK_METRIC_KIND_CES ||
         kind == WAYMARK_METRIC_KIND_TOP_BOX || kind == WAYMARK_METRIC_KIND_BOTTOM_BOX;
}

/* The scale a kind's answers are on: the definition's, else its own. */
void
waymark_metric_definition_get_scale (const WaymarkMetricDefinition *self,
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

/**
 * waymark_metric_condition_parse:
 * @text: (nullable): a rate's condition: “Yes”, “=Yes”, “!=No”, “>=9”,
 *   “<3”…, or %NULL for yes/no answers
 * @op: (out): the comparison
 * @value: (out) (transfer full) (optional): the value compared with,
 *   trimmed; %NULL for yes/no answers
 * @error: return location for a #GError
 *
 * Returns: %TRUE if @text is a condition: it has a value, and one that is
 *   a number where it compares an order
 */
gboolean
waymark_metric_condition_parse (const char          *text,
                                WaymarkConditionOp  *op,
                                char               **value,
                                GError             **error)
{
  static const struct { const char *prefix; WaymarkConditionOp op; } ops[] = {
    { ">=", WAYMARK_CONDITION_AT_LEAST }, { "<=", WAYMARK_CONDITION_AT_MOST },
    { "!=", WAYMARK_CONDITION_NOT_EQUAL }, { "<>", WAYMARK_CONDITION_NOT_EQUAL },
    { ">", WAYMARK_CONDITION_MORE }, { "<", WAYMARK_CONDITION_LESS }, { "=", WAYMARK_CONDITION_EQUAL },
  };
  g_autofree char *trimmed = NULL;
  const char *p;
  double number;

  g_return_val_if_fail (op != NULL, FALSE);

  if (value != NULL)
    *value = NULL;
  if (text == NULL)
    {
      *op = WAYMARK_CONDITION_YES_NO;
      return TRUE;
    }

  p = text;
  while (*p == ' ')
    p++;
  *op = WAYMARK_CONDITION_EQUAL;
  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_has_prefix (p, ops[i].prefix))
      {
        *op = ops[i].op;
        p += strlen (ops[i].prefix);
        break;
      }

  trimmed = g_strstrip (g_strdup (p));
  if (trimmed[0] == '\0')
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the condition “%s” has no value"), text);
      return FALSE;
    }
  if (*op != WAYMARK_CONDITION_EQUAL && *op != WAYMARK_CONDITION_NOT_EQUAL &&
      !waymark_number_parse (trimmed, &number))
    {
      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_METRIC,
                   _("the condition “%s” compares with “%s”, which is not a number"), text, trimmed);
      return FALSE;
    }

  if (value != NULL)
    *value = g_steal_pointer (&trimmed);
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
  WaymarkConditionOp op;
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
  waymark_metric_definition_get_scale (self, &low, &high);
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
      if (!waymark_metric_condition_parse (self->condition, &op, NULL, error))
        return FALSE;
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
          ((filter->from != NULL && !waymark_date_is_iso (filter->from)) ||
           (filter->to != NULL && !waymark_date_is_iso (filter->to))))
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
 * waymark_metric_definition_describe_thresholds:
 * @self: a definition
 *
 * Returns: (transfer full) (nullable): the target and thresholds in
 *   words, as “target 40 · good 50 · warning 30 · bad 0”; %NULL when the
 *   definition sets none
 */
char *
waymark_metric_definition_describe_thresholds (const WaymarkMetricDefinition *self)
{
  const struct { const char *name; double value; } thresholds[] = {
    /* Translators: a metric's threshold, “good 50” */
    { N_("good"), self->good },
    { N_("warning"), self->warning },
    { N_("bad"), self->bad },
  };
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  text = g_string_new (NULL);
  if (!isnan (self->target))
    g_string_append_printf (text, _("target %g"), self->target);
  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    {
      if (isnan (thresholds[i].value))
        continue;
      if (text->len)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s %g", _(thresholds[i].name), thresholds[i].value);
    }

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
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
                                                  waymark_metric_get_definition_json (metric), error);
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
