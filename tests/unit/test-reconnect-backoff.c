/* test-reconnect-backoff.c: the waits between a client's reconnect attempts
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client.h"

/* From the first retry on: 1, 2, 4, 8, 16 s, then 30 s for ever. */
static void
test_sequence (void)
{
  static const guint expected[] = { 1, 2, 4, 8, 16, 30, 30, 30 };
  guint delay = TC_CLIENT_RECONNECT_MIN_DELAY;

  for (gsize i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpuint (delay, ==, expected[i]);
      delay = tc_client_next_reconnect_delay (delay);
    }
}

/* Any delay, even one never produced, stays within 1..30 s and never wraps. */
static void
test_bounds (void)
{
  static const guint delays[] = { 0, 1, 14, 15, 16, 29, 30, 31, G_MAXUINT / 2, G_MAXUINT };

  for (gsize i = 0; i < G_N_ELEMENTS (delays); i++)
    {
      guint next = tc_client_next_reconnect_delay (delays[i]);

      g_test_message ("after %u s: %u s", delays[i], next);
      g_assert_cmpuint (next, >=, TC_CLIENT_RECONNECT_MIN_DELAY);
      g_assert_cmpuint (next, <=, TC_CLIENT_RECONNECT_MAX_DELAY);
      if (delays[i] >= TC_CLIENT_RECONNECT_MIN_DELAY)
        g_assert_cmpuint (next, >=, MIN (delays[i], TC_CLIENT_RECONNECT_MAX_DELAY));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reconnect-backoff/sequence", test_sequence);
  g_test_add_func ("/reconnect-backoff/bounds", test_bounds);

  return g_test_run ();
}
