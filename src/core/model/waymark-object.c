/* waymark-object.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "waymark-object"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "waymark-error.h"
#include "waymark-object-private.h"

typedef struct
{
  gint64           id;
  WaymarkDocument *document;  /* borrowed: the document owns its objects */
  GValue          *values;
  guint            serial;    /* changes with every value */
} WaymarkObjectPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (WaymarkObject, waymark_object, G_TYPE_OBJECT)

/* Set while the loader creates objects whose every value it will fill. */
static GPrivate skip_defaults;

static void
object_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  WaymarkObject *self = WAYMARK_OBJECT (object);
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  g_value_copy (&priv->values[prop_id - 1], value);
}

gboolean
_waymark_value_equal (const GValue *a,
                      const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_INT)
    return g_value_get_int (a) == g_value_get_int (b);
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_BOOLEAN)
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  if (type == G_TYPE_DOUBLE)
    {
      double x = g_value_get_double (a), y = g_value_get_double (b);

      /* NaN is “no value”, and no value is no value. */
      return x == y || (isnan (x) && isnan (y));
    }
  if (type == G_TYPE_BYTES)
    {
      GBytes *x = g_value_get_boxed (a), *y = g_value_get_boxed (b);

      if (x == NULL || y == NULL)
        return x == y;
      return g_bytes_equal (x, y);
    }

  g_assert_not_reached ();
  return FALSE;
}

static void
object_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  WaymarkObject *self = WAYMARK_OBJECT (object);
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);
  GValue *slot = &priv->values[prop_id - 1];

  if (_waymark_value_equal (slot, value))
    return;

  g_value_copy (value, slot);
  priv->serial++;
  g_object_notify_by_pspec (object, pspec);
}

static void
waymark_object_constructed (GObject *object)
{
  WaymarkObject *self = WAYMARK_OBJECT (object);
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);
  WaymarkObjectClass *klass = WAYMARK_OBJECT_GET_CLASS (self);

  G_OBJECT_CLASS (waymark_object_parent_class)->constructed (object);

  /* Here, unlike in instance init, the class is the final one, so the
   * property table is known. Non-construct properties are set after this. */
  g_assert (klass->pspecs != NULL);
  priv->values = g_new0 (GValue, klass->n_pspecs);
  for (guint i = 0; i < klass->n_pspecs; i++)
    {
      g_value_init (&priv->values[i], klass->pspecs[i]->value_type);
      if (g_private_get (&skip_defaults) == NULL)
        g_param_value_set_default (klass->pspecs[i], &priv->values[i]);
    }
}

static void
waymark_object_finalize (GObject *object)
{
  WaymarkObject *self = WAYMARK_OBJECT (object);
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);
  WaymarkObjectClass *klass = WAYMARK_OBJECT_GET_CLASS (self);

  for (guint i = 0; priv->values != NULL && i < klass->n_pspecs; i++)
    g_value_unset (&priv->values[i]);
  g_free (priv->values);

  G_OBJECT_CLASS (waymark_object_parent_class)->finalize (object);
}

static void
waymark_object_class_init (WaymarkObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = waymark_object_constructed;
  object_class->finalize = waymark_object_finalize;
}

static void
waymark_object_init (WaymarkObject *self)
{
}

/*
 * _waymark_object_class_install:
 * @klass: a concrete subclass being initialised
 * @table: its table in the file
 * @label: a translatable noun for the user ("Card"), marked with N_()
 * @first_pspec: the properties, in column order, %NULL-terminated
 *
 * Installs the properties with ids 1…n and the generic accessors.
 */
void
_waymark_object_class_install (WaymarkObjectClass *klass,
                               const char         *table,
                               const char         *label,
                               GParamSpec         *first_pspec,
                               ...)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  g_autoptr(GPtrArray) pspecs = g_ptr_array_new ();
  GParamSpec *pspec;
  va_list args;

  object_class->get_property = object_get_property;
  object_class->set_property = object_set_property;

  va_start (args, first_pspec);
  for (pspec = first_pspec; pspec != NULL; pspec = va_arg (args, GParamSpec *))
    {
      GType type = pspec->value_type;

      g_assert (type == G_TYPE_STRING || type == G_TYPE_INT || type == G_TYPE_INT64 ||
                type == G_TYPE_BOOLEAN || type == G_TYPE_DOUBLE || type == G_TYPE_BYTES);
      g_object_class_install_property (object_class, pspecs->len + 1, pspec);
      g_ptr_array_add (pspecs, pspec);
    }
  va_end (args);

  klass->table = table;
  klass->label = label;
  klass->n_pspecs = pspecs->len;
  klass->pspecs = (GParamSpec **) g_ptr_array_free (g_steal_pointer (&pspecs), FALSE);
}

WaymarkObject *
_waymark_object_new (GType  type,
                     gint64 id)
{
  WaymarkObject *self = g_object_new (type, NULL);
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  priv->id = id;
  return self;
}

/* For the loader, which sets every value at once with _waymark_object_take_value(). */
WaymarkObject *
_waymark_object_new_unset (GType  type,
                           gint64 id)
{
  WaymarkObject *self;

  g_private_set (&skip_defaults, GINT_TO_POINTER (1));
  self = _waymark_object_new (type, id);
  g_private_set (&skip_defaults, NULL);

  return self;
}

void
_waymark_object_set_document (WaymarkObject   *self,
                              WaymarkDocument *document)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  priv->document = document;
}

const GValue *
_waymark_object_peek_value (WaymarkObject *self,
                            guint          index)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  return &priv->values[index - 1];
}

/* Stores @value without notification; for the loader, which builds
 * objects before anyone can watch them. */
void
_waymark_object_set_value_silently (WaymarkObject *self,
                                    guint          index,
                                    const GValue  *value)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  g_value_copy (value, &priv->values[index - 1]);
  priv->serial++;
}

/*
 * _waymark_object_validate_value:
 *
 * Checks @value against @pspec's range and, for enumerated strings such as
 * a lane's kind, against the allowed words — so that neither an editor nor
 * a hostile file can put a value into the model that the file format
 * would refuse.
 */
static char *
describe (WaymarkObject *self)
{
  return g_strdup_printf ("%s %" G_GINT64_FORMAT, WAYMARK_OBJECT_GET_CLASS (self)->table,
                          waymark_object_get_id (self));
}

gboolean
_waymark_object_validate_value (WaymarkObject  *self,
                                GParamSpec     *pspec,
                                const GValue   *value,
                                GError        **error)
{
  WaymarkObjectClass *klass = WAYMARK_OBJECT_GET_CLASS (self);
  GType type = pspec->value_type;
  gboolean in_range = TRUE;

  /* This runs for every value of every object a file holds: check the
   * ranges directly, and format messages only when something is wrong. */
  if (!G_VALUE_HOLDS (value, type))
    {
      g_autofree char *what = describe (self);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                   _("%s: “%s” has the wrong type"), what, pspec->name);
      return FALSE;
    }

  if (type == G_TYPE_INT)
    {
      GParamSpecInt *ispec = G_PARAM_SPEC_INT (pspec);
      int v = g_value_get_int (value);

      in_range = v >= ispec->minimum && v <= ispec->maximum;
    }
  else if (type == G_TYPE_INT64)
    {
      GParamSpecInt64 *ispec = G_PARAM_SPEC_INT64 (pspec);
      gint64 v = g_value_get_int64 (value);

      in_range = v >= ispec->minimum && v <= ispec->maximum;
    }

  if (!in_range)
    {
      g_autofree char *what = describe (self);

      g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                   _("%s: “%s” is out of range"), what, pspec->name);
      return FALSE;
    }

  if (klass->allowed_values != NULL && type == G_TYPE_STRING)
    {
      const char * const *allowed = klass->allowed_values (pspec);
      const char *text = g_value_get_string (value) ? g_value_get_string (value) : "";

      if (allowed != NULL && !g_strv_contains (allowed, text))
        {
          g_autofree char *what = describe (self);

          g_set_error (error, WAYMARK_ERROR, WAYMARK_ERROR_CORRUPT,
                       _("%s: “%s” is not a known %s"), what, text, pspec->name);
          return FALSE;
        }
    }

  return TRUE;
}

/* Moves @value into the object without copying; @value is left unset. */
void
_waymark_object_take_value (WaymarkObject *self,
                            guint          index,
                            GValue        *value)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);
  GValue *slot = &priv->values[index - 1];

  g_value_unset (slot);
  *slot = *value;
  memset (value, 0, sizeof *value);
  priv->serial++;
}

/* A number that changes whenever a value of @self does, for caches of
 * what is read from its values. */
guint
_waymark_object_get_serial (WaymarkObject *self)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  return priv->serial;
}

gint64
waymark_object_get_id (WaymarkObject *self)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_OBJECT (self), 0);

  return priv->id;
}

/**
 * waymark_object_get_document:
 * @self: a #WaymarkObject
 *
 * Returns: (transfer none) (nullable): the document holding @self
 */
WaymarkDocument *
waymark_object_get_document (WaymarkObject *self)
{
  WaymarkObjectPrivate *priv = waymark_object_get_instance_private (self);

  g_return_val_if_fail (WAYMARK_IS_OBJECT (self), NULL);

  return priv->document;
}

/**
 * waymark_object_get_label:
 * @self: a #WaymarkObject
 *
 * Returns: the translated noun for @self's type, such as “Card”
 */
const char *
waymark_object_get_label (WaymarkObject *self)
{
  g_return_val_if_fail (WAYMARK_IS_OBJECT (self), NULL);

  return g_dgettext (GETTEXT_PACKAGE, WAYMARK_OBJECT_GET_CLASS (self)->label);
}
