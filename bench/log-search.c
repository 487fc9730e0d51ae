/* log-search.c: times a search of the log over a full log of 100,000 entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-log-search [--entries N]
 *
 * Fills a TcLogModel with N (100,000) received lines of about 60 bytes
 * from 20 peers, then times tc_log_model_find() for each kind of query,
 * as the search bar runs it: the median of 7 runs, in milliseconds, one
 * key=value line. Needs no display.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tc-log-model.h"

#define RUNS 7

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
time_find (TcLogModel       *model,
           const TcLogQuery *query,
           const TcLogFilter *filter,
           guint            *n_matches)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  double runs[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();

      *n_matches = tc_log_model_find (model, query, filter, positions);
      runs[i] = (double) (g_get_monotonic_time () - start) / 1000.0;
    }
  qsort (runs, RUNS, sizeof (double), compare_doubles);
  return runs[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(TcLogModel) model = NULL;
  guint entries = 100000;
  struct { const char *name; TcLogQueryKind kind; const char *pattern; } queries[] = {
    { "text", TC_LOG_QUERY_TEXT, "TEMP=42" },
    { "text_miss", TC_LOG_QUERY_TEXT, "no such thing" },
    { "regex", TC_LOG_QUERY_REGEX, "temp=4[0-9]\\.[0-9]+ ok$" },
    { "hex", TC_LOG_QUERY_HEX, "74 65 6D 70 3D 34 32" },
  };
  TcLogFilter filter = { TC_LOG_SHOW_RECEIVED, "10.0.0.2:40002", NULL };

  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--entries") == 0 && i + 1 < argc)
      entries = (guint) g_ascii_strtoull (argv[++i], NULL, 10);

  model = tc_log_model_new ();
  tc_log_model_set_max_entries (model, MAX (entries, 1));
  for (guint i = 0; i < entries; i++)
    {
      g_autofree char *peer = g_strdup_printf ("10.0.0.%u:400%02u", i % 20, i % 20);
      g_autofree char *line = g_strdup_printf ("line %06u from device %u: temp=%u.%u ok",
                                               i, i % 20, 20 + i % 30, i % 10);

      tc_log_model_append (model, TC_LOG_DIRECTION_RECEIVED, 0, peer, line, -1,
                           TC_MESSAGE_FLAG_NONE, 0);
    }
  tc_log_model_flush (model);

  printf ("entries=%u", tc_log_model_get_n_entries (model));
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TcLogQuery) query = tc_log_query_new (queries[i].kind, queries[i].pattern,
                                                      FALSE, &error);
      guint n = 0;
      double ms;

      if (query == NULL)
        {
          fprintf (stderr, "%s: %s\n", queries[i].name, error->message);
          return 1;
        }
      ms = time_find (model, query, NULL, &n);
      printf (" %s_ms=%.2f %s_matches=%u", queries[i].name, ms, queries[i].name, n);
      if (i == 0)
        {
          ms = time_find (model, query, &filter, &n);
          printf (" text_filtered_ms=%.2f text_filtered_matches=%u", ms, n);
        }
    }
  printf ("\n");

  return 0;
}
