/* test-quit-signals.c: SIGINT and SIGTERM reach the main loop, and stop reaching it when freed
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>

#include "tc-quit-signals.h"
#include "tc-test-util.h"

#define TIMEOUT_MS 5000

typedef struct
{
  GArray *received;  /* of int */
} Seen;

static void
on_quit_signal (int      signum,
                gpointer user_data)
{
  Seen *seen = user_data;

  g_array_append_val (seen->received, signum);
}

static int
last_signal (Seen *seen)
{
  return seen->received->len > 0 ? g_array_index (seen->received, int, seen->received->len - 1) : 0;
}

static void
test_both_signals (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GArray) received = g_array_new (FALSE, FALSE, sizeof (int));
  Seen seen = { received };
  TcQuitSignals *signals;

  g_main_context_push_thread_default (context);
  signals = tc_quit_signals_watch (on_quit_signal, &seen);

  /* Each is told with its number, every time it comes, in the loop. */
  raise (SIGTERM);
  TC_WAIT_UNTIL (context, received->len == 1, TIMEOUT_MS);
  g_assert_cmpint (last_signal (&seen), ==, SIGTERM);
  raise (SIGINT);
  TC_WAIT_UNTIL (context, received->len == 2, TIMEOUT_MS);
  g_assert_cmpint (last_signal (&seen), ==, SIGINT);
  raise (SIGINT);
  TC_WAIT_UNTIL (context, received->len == 3, TIMEOUT_MS);
  g_assert_cmpint (last_signal (&seen), ==, SIGINT);

  /* Freed: nothing of it is left in the context. */
  tc_quit_signals_free (signals);
  tc_test_drain (context);
  g_assert_false (g_main_context_pending (context));
  g_assert_cmpuint (received->len, ==, 3);

  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/quit-signals/both-signals", test_both_signals);

  return g_test_run ();
}
