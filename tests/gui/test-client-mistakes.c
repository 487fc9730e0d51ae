/* test-client-mistakes.c: the client window given wrong hosts, ports and clicks
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-error.h"
#include "tc-server.h"
#include "tc-test-util.h"
#include "tc-text.h"

#define WAIT_MS 10000
#define RESOLVE_MS 30000

typedef struct
{
  TcClientWindow *window;
  TcClient       *client;          /* the window's, while it has one */
  TcServer       *server;          /* on 127.0.0.1 */
  TcServer       *server6;         /* on ::1, when a test wants one */
  guint16         port;
  GArray         *states;          /* TcSocketState, each notify::state */
  guint           connect_failed;
  GPtrArray      *server_lines;    /* char*, what the servers received */
  guint           flood_source;
} Fixture;

/* Helpers */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static void
client_connect_failed_cb (TcClient *client,
                          GError   *error,
                          Fixture  *f)
{
  f->connect_failed++;
}

static TcStatusBar *
status_bar (Fixture *f)
{
  return tc_client_window_get_status_bar (f->window);
}

static const char *
status_message (Fixture *f)
{
  return tc_gui_test_status_message (status_bar (f));
}

static gboolean
status_is_error (Fixture *f)
{
  return tc_status_bar_get_message_kind (status_bar (f)) == TC_STATUS_ERROR;
}

static const char *
segment (Fixture    *f,
         const char *id)
{
  return tc_status_bar_get_segment (status_bar (f), id);
}

static TcSocketState
state (Fixture *f)
{
  return tc_client_get_state (f->client);
}

static guint
count_states (Fixture       *f,
              TcSocketState  wanted)
{
  return tc_gui_test_count_states (f->states, wanted);
}

static guint
n_log_entries (Fixture *f)
{
  return tc_gui_test_log_n_entries (tc_client_window_get_log_model (f->window));
}

static gboolean
log_has (Fixture        *f,
         TcLogDirection  direction,
         const char     *text,
         gboolean        contains)
{
  return tc_gui_test_log_has (tc_client_window_get_log_model (f->window), direction, text,
                              contains);
}

/* Buttons are found by the action they name: their sensitivity is what a
 * person can click. */
static gboolean
clickable (Fixture    *f,
           const char *action_name)
{
  return tc_gui_test_button_sensitive (GTK_WIDGET (f->window), action_name);
}

static void
activate (Fixture    *f,
          const char *action_name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action_name, NULL));
}

static void
type_host (Fixture    *f,
           const char *host)
{
  gtk_editable_set_text (tc_client_window_get_host_entry (f->window), host);
}

/* Connect refused before any attempt: a plain error in the status bar and
 * the log, the host marked, nothing locked. */
static void
assert_not_attempted (Fixture    *f,
                      const char *needle)
{
  g_autofree char *message = g_strdup (status_message (f));
  /* The log shows it display-safe: a typed tab as "\t". */
  g_autofree char *shown = tc_text_make_display_safe (message, strlen (message), 0);

  g_assert_cmpuint (f->states->len, ==, 0);
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_true (status_is_error (f));
  g_assert_nonnull (strstr (message, needle));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_ERROR, shown, FALSE));
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (clickable (f, "win.connect"));
  g_assert_false (clickable (f, "win.disconnect"));
}

/* An attempt that failed: the message in the status bar and the log. */
static void
assert_failed (Fixture    *f,
               const char *needle)
{
  g_autofree char *message = g_strdup (status_message (f));
  /* The log shows it display-safe: a typed tab as "\t". */
  g_autofree char *shown = tc_text_make_display_safe (message, strlen (message), 0);

  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_true (status_is_error (f));
  g_assert_nonnull (strstr (message, needle));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_ERROR, shown, FALSE));
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (clickable (f, "win.connect"));
  g_assert_false (clickable (f, "win.disconnect"));
  g_assert_false (tc_send_box_get_can_send (tc_client_window_get_send_box (f->window)));
}

static void
wait_connected (Fixture  *f,
                TcServer *server)
{
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED || f->connect_failed > 0,
                 WAIT_MS);
  g_assert_cmpuint (f->connect_failed, ==, 0);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
}

static void
disconnect_and_wait (Fixture  *f,
                     TcServer *server)
{
  activate (f, "win.disconnect");
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 0, WAIT_MS);
  g_assert_false (tc_client_window_get_locked (f->window));
  g_array_set_size (f->states, 0);
  f->connect_failed = 0;
}

/* Forget the window's client: the test closes the window. */
static void
let_go_of_client (Fixture *f)
{
  g_signal_handlers_disconnect_by_data (f->client, f);
  g_signal_handlers_disconnect_by_data (f->client, f->states);
  f->client = NULL;
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->states = g_array_new (FALSE, FALSE, sizeof (TcSocketState));
  f->server_lines = g_ptr_array_new_with_free_func (g_free);
  f->server = tc_gui_test_server_start ("127.0.0.1", 0, f->server_lines, &error);
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);

  f->window = g_object_ref_sink (tc_client_window_new (NULL));
  f->client = tc_client_window_get_client (f->window);
  tc_gui_test_record_states (f->client, f->states);
  g_signal_connect (f->client, "connect-failed", G_CALLBACK (client_connect_failed_cb), f);
  /* Settings outlive a window: each test starts from the same place. */
  tc_client_window_set_host (f->window, "127.0.0.1");
  tc_client_window_set_port (f->window, f->port);
  gtk_window_present (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_handle_id (&f->flood_source, g_source_remove);
  if (f->client != NULL)
    let_go_of_client (f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
  tc_gui_test_server_stop (&f->server6);
  tc_gui_test_server_stop (&f->server);
  g_ptr_array_unref (f->server_lines);
  g_array_unref (f->states);
}

/* Tests */

static void
test_bad_host (Fixture       *f,
               gconstpointer  data)
{
  static const struct {
    const char *typed;
    const char *needle;
  } cases[] = {
    { "", "The host is empty" },
    { "   ", "The host is empty" },
    { "\t", "The host is empty" },
    { "no spaces allowed", "Host \"no spaces allowed\" contains a space" },
    { "two\twords", "contains a space" },
    { "host!", "Host \"host!\" contains \"!\"" },
    { "[::1", "\"[::1\" opens \"[\" but never closes it" },
    { "::1]", "\"::1]\"" },
    { "[nonsense]:80", "\"nonsense\" is not an IPv6 address" },
    { "http://example.org/", "is not a number" },
    { "%s%n", "\"%s%n\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("host typed: \"%s\"", cases[i].typed);
      type_host (f, cases[i].typed);
      g_signal_emit_by_name (tc_client_window_get_host_entry (f->window), "activate");
      g_test_message ("  -> %s", status_message (f));
      assert_not_attempted (f, cases[i].needle);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tc_client_window_get_host_entry (f->window)),
                                               "error"));
    }

  /* Fixed: the mark goes, and the connection is made. */
  type_host (f, "127.0.0.1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tc_client_window_get_host_entry (f->window)),
                                            "error"));
  activate (f, "win.connect");
  wait_connected (f, f->server);
  g_assert_false (status_is_error (f));
}

/* "host:port" forms with a port that cannot be: the port is what is wrong. */
static void
test_bad_port_in_host (Fixture       *f,
                       gconstpointer  data)
{
  static const struct {
    const char *typed;
    const char *needle;
  } cases[] = {
    { "127.0.0.1:0", "Port 0 cannot be connected to" },
    { "[::1]:0", "Port 0 cannot be connected to" },
    { "localhost:99999", "Port 99999 is out of range" },
    { "localhost:http", "Port \"http\" is not a number" },
    { "127.0.0.1:", "The port is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("host typed: \"%s\"", cases[i].typed);
      type_host (f, cases[i].typed);
      activate (f, "win.connect");
      g_test_message ("  -> %s", status_message (f));
      assert_not_attempted (f, cases[i].needle);
    }
}

/* An IPv6 literal with and without brackets, and with a port. */
static void
test_ipv6 (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *with_port = NULL;
  guint16 port6;

  /* Nothing on ::1 at that port: refused, plainly. */
  type_host (f, "::1");
  tc_client_window_set_port (f->window, tc_gui_test_closed_port ());
  activate (f, "win.connect");
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, WAIT_MS);
  g_test_message ("::1, closed port -> %s", status_message (f));
  assert_failed (f, "::1");
  g_array_set_size (f->states, 0);
  f->connect_failed = 0;

  f->server6 = tc_gui_test_server_start ("::1", 0, f->server_lines, &error);
  if (f->server6 == NULL)
    {
      g_test_skip_printf ("no IPv6 loopback here: %s", error->message);
      return;
    }
  port6 = tc_server_get_port (f->server6);
  peer = g_strdup_printf ("Peer: [::1]:%u", port6);

  type_host (f, "::1");
  tc_client_window_set_port (f->window, port6);
  activate (f, "win.connect");
  wait_connected (f, f->server6);
  g_assert_cmpstr (segment (f, "peer"), ==, peer);
  disconnect_and_wait (f, f->server6);

  type_host (f, "[::1]");
  activate (f, "win.connect");
  wait_connected (f, f->server6);
  g_assert_cmpstr (segment (f, "peer"), ==, peer);
  g_assert_cmpstr (tc_client_window_get_host (f->window), ==, "::1");
  disconnect_and_wait (f, f->server6);

  /* The port in the host entry wins over the spin button, which follows. */
  with_port = g_strdup_printf (" [::1]:%u ", port6);
  type_host (f, with_port);
  tc_client_window_set_port (f->window, 1);
  activate (f, "win.connect");
  wait_connected (f, f->server6);
  g_assert_cmpstr (segment (f, "peer"), ==, peer);
  g_assert_cmpstr (tc_client_window_get_host (f->window), ==, "::1");
  g_assert_cmpuint (tc_client_window_get_port (f->window), ==, port6);
  disconnect_and_wait (f, f->server6);
}

/* A port the field cannot take (0 included: nobody can be reached there) is
 * said at the field, in the status bar and the log, and nothing connects;
 * never clamped into range. Typing again clears the mark. */
static void
test_port_spin (Fixture       *f,
                gconstpointer  data)
{
  GtkSpinButton *spin = tc_client_window_get_port_button (f->window);
  static const struct {
    const char *typed;
    const char *message;
  } cases[] = {
    { "99999", "Port 99999 is out of range: give a number from 1 to 65535" },
    { "0", "Port 0 is out of range: give a number from 1 to 65535" },
    { "00000", "Port 00000 is out of range" },
    { "65536", "Port 65536 is out of range: give a number from 1 to 65535" },
    { "99999999999999999999", "Port 99999999999999999999 is out of range" },
    { "-1", "Port \"-1\" is not a number" },
    /* Letters cannot be typed at all (a numeric spin button): it is empty. */
    { "abc", "The port is empty" },
    { " ", "The port is empty" },
  };
  g_autofree char *tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)));

  tc_client_window_set_host (f->window, "127.0.0.1");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("port typed: \"%s\"", cases[i].typed);
      tc_client_window_set_port (f->window, 4321);
      gtk_editable_set_text (GTK_EDITABLE (spin), cases[i].typed);
      activate (f, "win.connect");

      assert_not_attempted (f, cases[i].message);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)),
                                cases[i].message));
      g_assert_cmpstr (tc_port_field_get_error (spin), ==, status_message (f));
      g_assert_cmpuint (tc_client_window_get_port (f->window), ==, 4321);
      if (g_ascii_isdigit (cases[i].typed[0]))
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, cases[i].typed);
      /* Enter in the field says the same, and still does nothing. */
      g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
      assert_not_attempted (f, cases[i].message);
    }

  /* Typing a port clears the mark; Connect then connects there. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)), ==, tooltip);
  gtk_editable_set_text (GTK_EDITABLE (spin), "99999");
  activate (f, "win.connect");
  assert_not_attempted (f, "Port 99999 is out of range");
  tc_client_window_set_port (f->window, f->port);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  activate (f, "win.connect");
  wait_connected (f, f->server);
  g_assert_cmpuint (tc_client_get_port (f->client), ==, f->port);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  guint16 port = tc_gui_test_closed_port ();
  g_autofree char *expected = g_strdup_printf ("Connection refused by 127.0.0.1:%u: nothing is "
                                               "listening on that port", port);

  tc_client_window_set_port (f->window, port);
  activate (f, "win.connect");
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, WAIT_MS);
  assert_failed (f, "refused");
  g_assert_cmpstr (status_message (f), ==, expected);

  /* Again at once: the same plain message, nothing stuck. */
  activate (f, "win.connect");
  TC_WAIT_UNTIL (context (), f->connect_failed == 2, WAIT_MS);
  assert_failed (f, expected);
}

static void
test_unresolvable (Fixture       *f,
                   gconstpointer  data)
{
  tc_client_set_connect_timeout (f->client, RESOLVE_MS);
  type_host (f, "nonexistent.invalid");
  activate (f, "win.connect");
  g_assert_false (tc_send_box_get_can_send (tc_client_window_get_send_box (f->window)));
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, RESOLVE_MS);
  g_test_message ("nonexistent.invalid -> %s", status_message (f));
  assert_failed (f, "nonexistent.invalid");
  g_assert_nonnull (strstr (status_message (f), "Could not resolve host"));
  g_assert_cmpuint (count_states (f, TC_SOCKET_STATE_CONNECTED), ==, 0);
}

/* Send before there is anyone to send to: disabled, with the reason; the
 * message box takes a message to send later; a forced send does nothing. */
static void
test_send_not_connected (Fixture       *f,
                         gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);
  GtkTextView *entry = tc_send_box_get_view (send_box);
  GtkWidget *button = GTK_WIDGET (tc_send_box_get_button (send_box));

  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (entry)));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (tc_send_box_get_disabled_reason (send_box), ==,
                   "Not connected: connect to a server first");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==,
                   tc_send_box_get_disabled_reason (send_box));

  tc_gui_test_send_box_enter (send_box, "nobody hears this");
  g_signal_emit_by_name (button, "clicked");
  tc_send_box_send (send_box);
  tc_send_box_set_text (send_box, "one\ntwo\n");
  tc_send_box_send (send_box);
  g_assert_false (log_has (f, TC_LOG_DIRECTION_SENT, "", TRUE));
  g_assert_false (status_is_error (f));

  /* While connecting: still disabled, with that reason. */
  activate (f, "win.connect");
  g_assert_cmpint (state (f), !=, TC_SOCKET_STATE_CONNECTED);
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_nonnull (strstr (tc_send_box_get_disabled_reason (send_box), "Connecting"));
  tc_gui_test_send_box_enter (send_box, "too early");
  g_signal_emit_by_name (button, "clicked");
  wait_connected (f, f->server);

  /* Connected, then the server goes: disabled again, nothing sent early. */
  g_assert_true (tc_send_box_get_can_send (send_box));
  tc_gui_test_server_stop (&f->server);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  g_assert_false (tc_send_box_get_can_send (send_box));
  tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0);
  g_signal_emit_by_name (button, "clicked");
  g_assert_false (log_has (f, TC_LOG_DIRECTION_SENT, "", TRUE));
  g_assert_cmpuint (f->server_lines->len, ==, 0);
}

/* Disconnect with nothing to disconnect: disabled, and harmless anyway. */
static void
test_disconnect_not_connected (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *message = g_strdup (status_message (f));
  /* The log shows it display-safe: a typed tab as "\t". */
  g_autofree char *shown = tc_text_make_display_safe (message, strlen (message), 0);
  guint n = n_log_entries (f);

  g_assert_false (clickable (f, "win.disconnect"));
  activate (f, "win.disconnect");
  activate (f, "win.disconnect");
  tc_test_drain (context ());
  g_assert_cmpuint (f->states->len, ==, 0);
  g_assert_cmpuint (n_log_entries (f), ==, n);
  g_assert_cmpstr (status_message (f), ==, message);
  g_assert_false (tc_client_window_get_locked (f->window));

  /* After a connection ended: the same. */
  activate (f, "win.connect");
  wait_connected (f, f->server);
  disconnect_and_wait (f, f->server);
  n = n_log_entries (f);
  activate (f, "win.disconnect");
  tc_test_drain (context ());
  g_assert_cmpuint (f->states->len, ==, 0);
  g_assert_cmpuint (n_log_entries (f), ==, n);
  g_assert_false (status_is_error (f));
}

/* Connect clicked twice before the first got anywhere: one connection. */
static void
test_connect_twice (Fixture       *f,
                    gconstpointer  data)
{
  activate (f, "win.connect");
  g_assert_false (clickable (f, "win.connect"));
  activate (f, "win.connect");
  g_signal_emit_by_name (tc_client_window_get_host_entry (f->window), "activate");
  tc_client_window_connect_to (f->window, "127.0.0.1", f->port);
  wait_connected (f, f->server);

  /* A line both ways settles whatever else might be on its way. */
  g_assert_cmpuint (tc_server_broadcast (f->server, "ping", -1, NULL), ==, 1);
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_RECEIVED, "ping", FALSE), WAIT_MS);
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 1);
  g_assert_cmpuint (count_states (f, TC_SOCKET_STATE_HOST_LOOKUP), ==, 1);
  g_assert_cmpuint (count_states (f, TC_SOCKET_STATE_CONNECTED), ==, 1);
  g_assert_cmpuint (f->connect_failed, ==, 0);
  g_assert_false (status_is_error (f));

  /* Connected: Connect is disabled and forcing it changes nothing. */
  activate (f, "win.connect");
  tc_test_drain (context ());
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 1);
}

/* Disconnect while connecting, at each step; then Connect right after
 * Disconnect. Each ends in a clear state with a plain message. */
static void
test_disconnect_while_connecting (Fixture       *f,
                                  gconstpointer  data)
{
  /* At once: during the lookup. */
  activate (f, "win.connect");
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_HOST_LOOKUP);
  activate (f, "win.disconnect");
  activate (f, "win.disconnect");
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, WAIT_MS);
  g_test_message ("cancelled in lookup -> %s", status_message (f));
  g_assert_nonnull (strstr (status_message (f), "cancelled"));
  g_assert_false (status_is_error (f));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_EVENT, status_message (f), FALSE));
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (clickable (f, "win.connect"));
  g_assert_cmpuint (count_states (f, TC_SOCKET_STATE_CONNECTED), ==, 0);
  g_array_set_size (f->states, 0);
  f->connect_failed = 0;

  /* Once the lookup is done. */
  activate (f, "win.connect");
  TC_WAIT_UNTIL (context (), state (f) != TC_SOCKET_STATE_HOST_LOOKUP, WAIT_MS);
  g_test_message ("disconnect in %s", tc_socket_state_to_string (state (f)));
  activate (f, "win.disconnect");
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_assert_false (status_is_error (f));
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (clickable (f, "win.connect"));
  g_array_set_size (f->states, 0);
  f->connect_failed = 0;

  /* Connected; Disconnect and Connect in the same breath. */
  activate (f, "win.connect");
  wait_connected (f, f->server);
  activate (f, "win.disconnect");
  activate (f, "win.connect");
  TC_WAIT_UNTIL (context (),
                 state (f) == TC_SOCKET_STATE_UNCONNECTED || state (f) == TC_SOCKET_STATE_CONNECTED,
                 WAIT_MS);
  TC_WAIT_UNTIL (context (),
                 tc_server_get_n_clients (f->server) ==
                 (state (f) == TC_SOCKET_STATE_CONNECTED ? 1u : 0u), WAIT_MS);
  g_test_message ("disconnect then connect -> %s", tc_socket_state_to_string (state (f)));
  g_assert_cmpint (tc_client_window_get_locked (f->window), ==,
                   state (f) == TC_SOCKET_STATE_CONNECTED);
  g_assert_false (status_is_error (f));
}

/* The server writes lines as fast as it may while the window reads. */
static gboolean
flood_cb (gpointer data)
{
  Fixture *f = data;

  if (tc_server_get_n_clients (f->server) == 0)
    return G_SOURCE_CONTINUE;
  for (guint i = 0; i < 200; i++)
    tc_server_broadcast (f->server, "a flood of lines, one after the other, until it stops",
                         -1, NULL);

  return G_SOURCE_CONTINUE;
}

static void
test_close_while_flooded (Fixture       *f,
                          gconstpointer  data)
{
  activate (f, "win.connect");
  wait_connected (f, f->server);
  f->flood_source = g_idle_add (flood_cb, f);

  TC_WAIT_UNTIL (context (), n_log_entries (f) > 5000, WAIT_MS);
  let_go_of_client (f);
  gtk_window_close (GTK_WINDOW (f->window));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_clear_handle_id (&f->flood_source, g_source_remove);
}

static void
test_close_while_connecting (Fixture       *f,
                             gconstpointer  data)
{
  activate (f, "win.connect");
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_HOST_LOOKUP);
  let_go_of_client (f);
  gtk_window_close (GTK_WINDOW (f->window));
  tc_test_drain (context ());
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
}

static void
test_close_while_resolving (Fixture       *f,
                            gconstpointer  data)
{
  type_host (f, "nonexistent.invalid");
  activate (f, "win.connect");
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_HOST_LOOKUP);
  let_go_of_client (f);
  gtk_window_close (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

#define ADD(path, func) \
  g_test_add ("/client-mistakes/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/client-mistakes/display"))
    return g_test_run ();

  ADD ("bad-host", test_bad_host);
  ADD ("bad-port-in-host", test_bad_port_in_host);
  ADD ("ipv6", test_ipv6);
  ADD ("port-spin", test_port_spin);
  ADD ("refused", test_refused);
  ADD ("unresolvable", test_unresolvable);
  ADD ("send-not-connected", test_send_not_connected);
  ADD ("disconnect-not-connected", test_disconnect_not_connected);
  ADD ("connect-twice", test_connect_twice);
  ADD ("disconnect-while-connecting", test_disconnect_while_connecting);
  ADD ("close-while-flooded", test_close_while_flooded);
  ADD ("close-while-connecting", test_close_while_connecting);
  ADD ("close-while-resolving", test_close_while_resolving);

  return g_test_run ();
}
