/* bench-survey.c
 *
 * Copyright 2026 The Waymark authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "bench-survey.h"

static const char * const touchpoints[] = {
  "Search results page", "Product detail page", "Checkout", "Payment page", "Order confirmation email",
  "Delivery SMS", "Tracking page", "Courier", "Returns portal", "Support chat", "Call centre",
  "Mobile app", "Newsletter", "Store pickup", "Review request",
};

static const char * const words[] = {
  "delivery", "late", "great", "support", "confusing", "quick", "price", "again", "never", "app",
  "checkout", "easy", "card", "declined", "refund", "friendly", "wait", "parcel", "box", "size",
};

guint64
bench_survey_write (const char *path,
                    guint       rows)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  FILE *out = fopen (path, "w");
  GString *comment = g_string_new (NULL);
  guint64 size;

  g_assert_nonnull (out);
  fputs ("ResponseId,Date,Touchpoint,Stage,NPS,CSAT,CES,Channel,Region,Comment\n", out);
  for (guint i = 0; i < rows; i++)
    {
      int words_in_comment = g_rand_int_range (rand, 2, 10);

      g_string_truncate (comment, 0);
      for (int w = 0; w < words_in_comment; w++)
        {
          if (w > 0)
            g_string_append (comment, g_rand_int_range (rand, 0, 8) == 0 ? ", " : " ");
          g_string_append (comment, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
        }
      if (g_rand_int_range (rand, 0, 20) == 0)
        g_string_append (comment, "\nand \"\"more\"\"");

      fprintf (out, "R_%08u,2026-%02d-%02d,%s,Stage %d,%d,%d,%d,%s,%s,\"%s\"\n",
               i, g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
               touchpoints[g_rand_int_range (rand, 0, G_N_ELEMENTS (touchpoints))],
               g_rand_int_range (rand, 1, 7), g_rand_int_range (rand, 0, 11),
               g_rand_int_range (rand, 1, 6), g_rand_int_range (rand, 1, 8),
               g_rand_boolean (rand) ? "web" : "app",
               g_rand_boolean (rand) ? "EMEA" : "AMER", comment->str);
    }

  size = ftell (out);
  fclose (out);
  g_string_free (comment, TRUE);
  return size;
}
