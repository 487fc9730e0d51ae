/* test-client-netns.c: the client window's connect errors that loopback cannot give
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-test-util.h"

/* Each case needs the network namespace that test-client-netns.sh makes for
 * it (TCPCHAT_NETNS_SETUP names the setup): outside it the addresses below
 * would lead somewhere else, so the case is skipped there.
 *
 * unreachable: a route of type unreachable covers 198.51.100.0/24, so the
 *   kernel refuses the connect at once (EHOSTUNREACH).
 * silent: 192.0.2.2 is a neighbour on a veth link that never answers, so
 *   only the connect timeout ends the attempt.
 */

#define WAIT_MS 10000

typedef struct
{
  TcClientWindow *window;
  TcClient       *client;
  GArray         *states;        /* TcSocketState, each notify::state */
  guint           connect_failed;
  gint64          started;       /* µs, monotonic: win.connect activated */
  gint64          unconnected;   /* µs, monotonic: back to Unconnected */
} Fixture;

/* Helpers */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static gboolean
in_namespace (const char *setup)
{
  if (g_strcmp0 (g_getenv ("TCPCHAT_NETNS_SETUP"), setup) == 0)
    return TRUE;

  g_test_skip ("Needs the network namespace that test-client-netns.sh sets up");
  return FALSE;
}

static void
client_state_cb (TcClient   *client,
                 GParamSpec *pspec,
                 Fixture    *f)
{
  TcSocketState state = tc_client_get_state (client);

  g_array_append_val (f->states, state);
  if (state == TC_SOCKET_STATE_UNCONNECTED)
    f->unconnected = g_get_monotonic_time ();
}

static void
client_connect_failed_cb (TcClient *client,
                          GError   *error,
                          Fixture  *f)
{
  f->connect_failed++;
}

static gboolean
action_enabled (Fixture    *f,
                const char *action_name)
{
  return tc_gui_test_button_sensitive (GTK_WIDGET (f->window), action_name);
}

static const char *
socket_segment (Fixture *f)
{
  return tc_status_bar_get_segment (tc_client_window_get_status_bar (f->window), "socket");
}

static const char *
status_message (Fixture *f)
{
  return tc_gui_test_status_message (tc_client_window_get_status_bar (f->window));
}

static gboolean
status_is_error (Fixture *f)
{
  return tc_status_bar_get_message_kind (tc_client_window_get_status_bar (f->window))
         == TC_STATUS_ERROR;
}

static gboolean
log_has_error (Fixture    *f,
               const char *needle)
{
  return tc_gui_test_log_has (tc_client_window_get_log_model (f->window),
                              TC_LOG_DIRECTION_ERROR, needle, TRUE);
}

static gboolean
saw_state (Fixture       *f,
           TcSocketState  state)
{
  for (guint i = 0; i < f->states->len; i++)
    if (g_array_index (f->states, TcSocketState, i) == state)
      return TRUE;
  return FALSE;
}

static gboolean
is_unconnected (Fixture *f)
{
  return tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED &&
         g_strcmp0 (socket_segment (f), "Socket: UnconnectedState") == 0;
}

/* Types the address into the window and presses Connect; returns once the
 * attempt is over (or fails the test after WAIT_MS: a hang), with the time
 * it took in seconds.
 */
static double
connect_and_wait (Fixture    *f,
                  const char *host,
                  guint16     port)
{
  gtk_editable_set_text (tc_client_window_get_host_entry (f->window), host);
  gtk_spin_button_set_value (tc_client_window_get_port_button (f->window), port);
  g_assert_true (action_enabled (f, "win.connect"));

  f->started = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));

  /* Under way: the window is locked, Connect disabled. */
  g_assert_cmpint (tc_client_get_state (f->client), !=, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_true (tc_client_window_get_locked (f->window));
  g_assert_false (action_enabled (f, "win.connect"));
  g_assert_true (action_enabled (f, "win.disconnect"));

  TC_WAIT_UNTIL (context (), is_unconnected (f), WAIT_MS);

  return (f->unconnected - f->started) / (double) G_USEC_PER_SEC;
}

/* What the window shows after a failed attempt: the error in the status bar
 * and the log, in plain words; Unconnected; free to connect again. */
static void
assert_failed_with (Fixture    *f,
                    const char *message)
{
  GtkEditable *host_entry = tc_client_window_get_host_entry (f->window);
  GtkSpinButton *port_button = tc_client_window_get_port_button (f->window);

  g_assert_cmpuint (f->connect_failed, ==, 1);
  g_assert_true (saw_state (f, TC_SOCKET_STATE_CONNECTING));
  g_assert_false (saw_state (f, TC_SOCKET_STATE_CONNECTED));
  g_assert_cmpint (g_array_index (f->states, TcSocketState, f->states->len - 1), ==,
                   TC_SOCKET_STATE_UNCONNECTED);

  g_test_message ("status bar: %s", status_message (f));
  g_assert_nonnull (strstr (status_message (f), message));
  g_assert_true (status_is_error (f));
  /* The log model announces entries in batches. */
  TC_WAIT_UNTIL (context (), log_has_error (f, message), WAIT_MS);

  g_assert_cmpstr (socket_segment (f), ==, "Socket: UnconnectedState");
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_false (action_enabled (f, "win.disconnect"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (host_entry)));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (port_button)));
  g_assert_cmpuint (tc_client_get_reconnect_in (f->client), ==, 0);
}

/* Sets the connect timeout as a person does: in Preferences. */
static void
set_connect_timeout (Fixture *f,
                     guint    seconds)
{
  TcPreferencesDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.preferences", NULL));
  dialog = tc_client_window_show_preferences (f->window);
  g_assert_nonnull (dialog);
  gtk_spin_button_set_value (tc_preferences_dialog_get_spin (dialog, "connect-timeout"), seconds);
  g_assert_cmpuint (tc_client_get_connect_timeout (f->client), ==, seconds * 1000);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  TC_WAIT_UNTIL (context (), dialog == NULL, WAIT_MS);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  /* Preferences needs the schema (the build compiles it). */
  g_assert_true (tc_gui_test_reset_settings (CLIENT_APP_ID));
  f->states = g_array_new (FALSE, FALSE, sizeof (TcSocketState));

  f->window = g_object_ref_sink (tc_client_window_new (NULL));
  f->client = tc_client_window_get_client (f->window);
  g_signal_connect (f->client, "notify::state", G_CALLBACK (client_state_cb), f);
  g_signal_connect (f->client, "connect-failed", G_CALLBACK (client_connect_failed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->client, f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
  g_array_unref (f->states);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}

/* Tests */

/* No route to the host: the kernel says so at once. */
static void
test_unreachable (Fixture       *f,
                  gconstpointer  data)
{
  double elapsed;

  if (!in_namespace ("unreachable"))
    return;

  elapsed = connect_and_wait (f, "198.51.100.7", 9);
  g_test_message ("unreachable: back to Unconnected after %.3f s", elapsed);

  assert_failed_with (f, "198.51.100.7:9 is unreachable");
  /* The cause in plain words, and short enough to be seen whole. */
  g_assert_cmpstr (status_message (f), ==, "198.51.100.7:9 is unreachable: no route to that host");
  /* No timeout was needed: far less than the default 10 s. */
  g_assert_cmpfloat (elapsed, <, TC_CLIENT_DEFAULT_CONNECT_TIMEOUT / 2000.0);
}

/* A host that never answers: the connect timeout ends the attempt, not a
 * hang, and not much later than the timeout says. */
static void
test_silent (Fixture       *f,
             gconstpointer  data)
{
  double elapsed;

  if (!in_namespace ("silent"))
    return;

  set_connect_timeout (f, 1);
  elapsed = connect_and_wait (f, "192.0.2.2", 9);
  g_test_message ("silent host: back to Unconnected after %.3f s (connect timeout 1.0 s)",
                  elapsed);

  assert_failed_with (f, "Timed out: 192.0.2.2:9 did not answer within 1.0 s");
  /* Loose bounds: the timer cannot fire early, and a loaded machine may be
   * slow, but several times the timeout would be a hang. */
  g_assert_cmpfloat (elapsed, >=, 0.95);
  g_assert_cmpfloat (elapsed, <, 5.0);
}

#define ADD(path, func) \
  g_test_add ("/client-netns/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/client-netns/display"))
    return g_test_run ();

  ADD ("unreachable", test_unreachable);
  ADD ("silent", test_silent);

  return g_test_run ();
}
