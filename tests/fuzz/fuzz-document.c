/* fuzz-document.c — opening a .waymark file, then saving and reopening it.
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "waymark-core.h"
#include "waymark-items-private.h"
#include "waymark-test-util.h"
#include "fuzz-common.h"

/* dup_cell() per stage and lane is quadratic; a few hundred are enough. */
#define MAX_CELLS 256

/* Every object and property, as `info` and the window read them: each
 * object is found by its id, each reference names an object of its kind. */
static void
walk_document (WaymarkDocument *document,
               guint           *counts)
{
  guint n_types;
  const GType *types = waymark_item_types (&n_types);
  WaymarkDocumentStats stats;
  g_autofree char *display_name = waymark_document_dup_display_name (document);
  GPtrArray *maps;
  guint n_cells = 0;

  g_assert (g_utf8_validate (waymark_document_get_title (document), -1, NULL));
  g_assert (g_utf8_validate (waymark_document_get_author (document), -1, NULL));
  g_assert_nonnull (waymark_document_get_created (document));
  g_assert_nonnull (display_name);
  g_assert_false (waymark_document_get_can_undo (document));

  for (guint t = 0; t < n_types; t++)
    {
      GPtrArray *items = waymark_document_get_items (document, types[t]);
      guint n_pspecs = 0;
      g_autofree GParamSpec **pspecs = g_object_class_list_properties (g_type_class_peek (types[t]), &n_pspecs);

      counts[t] = items->len;
      for (guint i = 0; i < items->len; i++)
        {
          WaymarkObject *object = g_ptr_array_index (items, i);
          gint64 id = waymark_object_get_id (object);

          g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (object, types[t]));
          g_assert_true (waymark_document_lookup (document, id) == object);
          g_assert_true (waymark_object_get_document (object) == document);
          g_assert_nonnull (waymark_object_get_label (object));

          for (guint p = 0; p < n_pspecs; p++)
            {
              g_auto(GValue) value = G_VALUE_INIT;
              GType target = _waymark_param_spec_get_reference (pspecs[p]);

              g_value_init (&value, pspecs[p]->value_type);
              g_object_get_property (G_OBJECT (object), pspecs[p]->name, &value);

              if (G_VALUE_HOLDS_STRING (&value) && g_value_get_string (&value) != NULL)
                g_assert_true (g_utf8_validate (g_value_get_string (&value), -1, NULL));

              if (target != G_TYPE_INVALID && g_value_get_int64 (&value) != 0)
                {
                  WaymarkObject *other = waymark_document_lookup (document, g_value_get_int64 (&value));

                  g_assert_nonnull (other);
                  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (other, target));
                }
            }
        }
    }

  waymark_document_get_stats (document, &stats);
  g_assert_cmpuint (stats.cards, ==, waymark_document_get_items (document, WAYMARK_TYPE_CARD)->len);

  maps = waymark_document_get_items (document, WAYMARK_TYPE_MAP);
  for (guint m = 0; m < maps->len; m++)
    {
      gint64 map_id = waymark_object_get_id (g_ptr_array_index (maps, m));
      g_autoptr(GPtrArray) stages = waymark_document_dup_children (document, WAYMARK_TYPE_STAGE, "map", map_id);
      g_autoptr(GPtrArray) lanes = waymark_document_dup_children (document, WAYMARK_TYPE_LANE, "map", map_id);

      for (guint s = 0; s < stages->len && n_cells < MAX_CELLS; s++)
        for (guint l = 0; l < lanes->len && n_cells < MAX_CELLS; l++, n_cells++)
          {
            g_autoptr(GPtrArray) cards =
              waymark_document_dup_cell (document,
                                         waymark_object_get_id (g_ptr_array_index (stages, s)),
                                         waymark_object_get_id (g_ptr_array_index (lanes, l)));

            g_assert_nonnull (cards);
          }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) saved_file = NULL;
  g_autoptr(WaymarkDocument) document = NULL;
  g_autoptr(WaymarkDocument) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *reopened_dump = NULL;
  guint n_types;
  g_autofree guint *counts = NULL;
  g_autofree guint *reopened_counts = NULL;

  fuzz_init ();
  (void) waymark_item_types (&n_types);
  counts = g_new0 (guint, n_types);
  reopened_counts = g_new0 (guint, n_types);

  file = fuzz_write_input ("input.waymark", data, size);
  document = waymark_store_open (file, &error);
  fuzz_remove (file);
  if (document == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_null (error);

  walk_document (document, counts);

  /* Whatever opens must save, and reopen as the same document. */
  saved_file = fuzz_get_file ("saved.waymark");
  dump = waymark_test_dump_document (document);
  if (!waymark_store_save (document, saved_file, &error))
    g_error ("a document that opened did not save: %s", error->message);

  reopened = waymark_store_open (saved_file, &error);
  fuzz_remove (saved_file);
  if (reopened == NULL)
    g_error ("a saved document did not open again: %s", error->message);

  walk_document (reopened, reopened_counts);
  for (guint t = 0; t < n_types; t++)
    g_assert_cmpuint (counts[t], ==, reopened_counts[t]);

  reopened_dump = waymark_test_dump_document (reopened);
  g_assert_cmpstr (dump, ==, reopened_dump);

  return 0;
}
