/* test-client-window.c: the client window driven like a person, against a real server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "tc-client-application.h"
#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-settings.h"
#include "tc-error.h"
#include "tc-server.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  TcClientWindow *window;
  TcClient       *client;
  TcServer       *server;
  guint16         port;
  GArray         *states;        /* TcSocketState, each notify::state */
  GPtrArray      *server_lines;  /* char*, what the server received */
  guint           connect_failed;
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

static TcServer *
start_server (Fixture *f,
              guint16  port)
{
  g_autoptr(GError) error = NULL;
  TcServer *server = tc_gui_test_server_start ("127.0.0.1", port, f->server_lines, &error);

  g_assert_no_error (error);

  return server;
}

static void
stop_server (Fixture *f)
{
  tc_gui_test_server_stop (&f->server);
}

static gboolean
action_enabled (Fixture    *f,
                const char *action_name)
{
  return tc_gui_test_button_sensitive (GTK_WIDGET (f->window), action_name);
}

static const char *
segment (Fixture    *f,
         const char *id)
{
  return tc_status_bar_get_segment (tc_client_window_get_status_bar (f->window), id);
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

/* Whether the log holds an entry of this direction whose text contains
 * needle. */
static gboolean
log_has (Fixture        *f,
         TcLogDirection  direction,
         const char     *needle)
{
  return tc_gui_test_log_has (tc_client_window_get_log_model (f->window), direction, needle,
                              TRUE);
}

static gboolean
saw_state (Fixture       *f,
           TcSocketState  state)
{
  return tc_gui_test_count_states (f->states, state) > 0;
}

static TcSocketState
state (Fixture *f)
{
  return tc_client_get_state (f->client);
}

static void
connect_window (Fixture *f,
                guint16  port)
{
  tc_client_window_set_host (f->window, "127.0.0.1");
  tc_client_window_set_port (f->window, port);
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
}

static void
connect_and_wait (Fixture *f)
{
  connect_window (f, f->port);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  tc_gui_test_reset_settings (CLIENT_APP_ID);
  f->states = g_array_new (FALSE, FALSE, sizeof (TcSocketState));
  f->server_lines = g_ptr_array_new_with_free_func (g_free);
  f->server = start_server (f, 0);
  f->port = tc_server_get_port (f->server);

  f->window = g_object_ref_sink (tc_client_window_new (NULL));
  f->client = tc_client_window_get_client (f->window);
  tc_gui_test_record_states (f->client, f->states);
  g_signal_connect (f->client, "connect-failed", G_CALLBACK (client_connect_failed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->client, f);
      g_signal_handlers_disconnect_by_data (f->client, f->states);
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
  stop_server (f);
  g_ptr_array_unref (f->server_lines);
  g_array_unref (f->states);
}

/* Tests */

static void
test_initial (Fixture       *f,
              gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);

  g_assert_cmpstr (gtk_editable_get_text (tc_client_window_get_host_entry (f->window)), ==,
                   "127.0.0.1");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (tc_client_window_get_port_button (f->window)),
                   ==, 10000);
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_false (action_enabled (f, "win.disconnect"));
  g_assert_false (action_enabled (f, "win.clear"));
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_cmpstr (segment (f, "socket"), ==, "Socket: UnconnectedState");
  g_assert_cmpstr (segment (f, "peer"), ==, "Peer: –");
  g_assert_cmpstr (segment (f, "local"), ==, "Local: –");
  g_assert_cmpstr (segment (f, "traffic"), ==, "In: 0 B · Out: 0 B");
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_cmpstr (tc_send_box_get_disabled_reason (send_box), !=, NULL);
  g_assert_nonnull (strstr (tc_send_box_get_disabled_reason (send_box), "Not connected"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (tc_send_box_get_view (send_box))),
                   ==, tc_send_box_get_disabled_reason (send_box));
}

static void
test_connect_chat_disconnect (Fixture       *f,
                              gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);
  g_autofree char *peer = g_strdup_printf ("127.0.0.1:%u", f->port);
  g_autofree char *title = NULL;
  TcSocketState expected[] = {
    TC_SOCKET_STATE_HOST_LOOKUP,
    TC_SOCKET_STATE_CONNECTING,
    TC_SOCKET_STATE_CONNECTED,
  };

  connect_window (f, f->port);

  /* Locked at once: the attempt is under way. */
  g_assert_true (tc_client_window_get_locked (f->window));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_client_window_get_host_entry (f->window))));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_client_window_get_port_button (f->window))));
  g_assert_false (action_enabled (f, "win.connect"));
  g_assert_true (action_enabled (f, "win.disconnect"));

  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);

  g_assert_cmpuint (f->states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (tc_socket_state_to_string (g_array_index (f->states, TcSocketState, i)), ==,
                     tc_socket_state_to_string (expected[i]));

  g_assert_cmpstr (segment (f, "socket"), ==, "Socket: ConnectedState");
  g_assert_nonnull (strstr (segment (f, "peer"), peer));
  /* The title says what the window does; the keyboard is in the send box. */
  title = g_strdup_printf ("tcpchat client — connected to %s", peer);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, title);
  g_assert_true (gtk_root_get_focus (GTK_ROOT (f->window)) ==
                 GTK_WIDGET (tc_send_box_get_view (send_box)));
  g_assert_nonnull (strstr (segment (f, "local"), "127.0.0.1:"));
  g_assert_true (tc_send_box_get_can_send (send_box));
  g_assert_true (action_enabled (f, "win.disconnect"));
  g_assert_false (action_enabled (f, "win.connect"));
  g_assert_true (action_enabled (f, "win.clear"));
  /* The log model announces entries in batches. */
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_EVENT, "ConnectedState"), WAIT_MS);
  g_assert_true (log_has (f, TC_LOG_DIRECTION_EVENT, "HostLookupState"));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_EVENT, "ConnectingState"));

  /* Client to server: type and press Enter. */
  tc_gui_test_send_box_enter (send_box, "hello, server");
  TC_WAIT_UNTIL (context (), tc_gui_test_lines_have (f->server_lines, "hello, server"), WAIT_MS);
  tc_gui_test_send_box_assert (send_box, "");
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_SENT, "hello, server"), WAIT_MS);

  /* Server to client, through the line hooks: no signal emission per line
   * on the way from the connection to the window. */
  g_assert_false (g_signal_has_handler_pending (tc_client_get_connection (
                                                  tc_client_window_get_client (f->window)),
                                                g_signal_lookup ("line-received",
                                                                 TC_TYPE_CONNECTION),
                                                0, FALSE));
  g_assert_false (g_signal_has_handler_pending (tc_client_window_get_client (f->window),
                                                g_signal_lookup ("line-received",
                                                                 TC_TYPE_CLIENT),
                                                0, FALSE));
  g_assert_cmpuint (tc_server_broadcast (f->server, "hello, client", -1, NULL), ==, 1);
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_RECEIVED, "hello, client"), WAIT_MS);
  TC_WAIT_UNTIL (context (), strstr (segment (f, "traffic"), "In: 14 B") != NULL, WAIT_MS);
  g_assert_nonnull (strstr (segment (f, "traffic"), "Out: 14 B"));

  /* Disconnect. */
  g_array_set_size (f->states, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_assert_true (saw_state (f, TC_SOCKET_STATE_CLOSING));
  g_assert_cmpint (g_array_index (f->states, TcSocketState, f->states->len - 1), ==,
                   TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpstr (segment (f, "socket"), ==, "Socket: UnconnectedState");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "tcpchat client");
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (tc_client_window_get_host_entry (f->window))));
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_false (action_enabled (f, "win.disconnect"));
  g_assert_false (tc_send_box_get_can_send (send_box));
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_EVENT, "Disconnected by you"), WAIT_MS);
  g_assert_false (status_is_error (f));

  /* The host is remembered. */
  g_assert_cmpint (g_menu_model_get_n_items (tc_client_window_get_recent_hosts (f->window)), ==, 0);

  /* Clear empties the log and is then disabled. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.clear", NULL));
  TC_WAIT_UNTIL (context (), !action_enabled (f, "win.clear"), WAIT_MS);
}

static void
test_recent_hosts (Fixture       *f,
                   gconstpointer  data)
{
  GMenuModel *recent = tc_client_window_get_recent_hosts (f->window);
  g_autofree char *label = NULL;

  /* A name that does not resolve is not kept: it would be offered again. */
  tc_client_window_set_host (f->window, "nonexistent.invalid");
  tc_client_window_set_port (f->window, f->port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, 30000);
  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, 0);

  /* A host that connected goes on top of the list ("localhost" is offered
   * anyway; "::ffff:127.0.0.1" is this machine too). */
  tc_client_window_set_host (f->window, "::ffff:127.0.0.1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, 1);
  g_assert_true (g_menu_model_get_item_attribute (recent, 0, G_MENU_ATTRIBUTE_LABEL, "s", &label));
  g_assert_cmpstr (label, ==, "::ffff:127.0.0.1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.use-host", "s", "::1"));
  g_assert_cmpstr (gtk_editable_get_text (tc_client_window_get_host_entry (f->window)), ==, "::1");
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  connect_window (f, tc_gui_test_closed_port ());

  TC_WAIT_UNTIL (context (), f->connect_failed == 1, WAIT_MS);
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_true (saw_state (f, TC_SOCKET_STATE_CONNECTING));
  g_assert_false (saw_state (f, TC_SOCKET_STATE_CONNECTED));
  g_assert_nonnull (strstr (status_message (f), "refused"));
  g_assert_true (status_is_error (f));
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_ERROR, "refused"), WAIT_MS);
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_false (tc_client_window_get_locked (f->window));
}

static void
test_unresolvable (Fixture       *f,
                   gconstpointer  data)
{
  tc_client_set_connect_timeout (f->client, 30000);
  tc_client_window_set_host (f->window, "nonexistent.invalid");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_HOST_LOOKUP);

  TC_WAIT_UNTIL (context (), f->connect_failed == 1, 30000);
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_false (saw_state (f, TC_SOCKET_STATE_CONNECTED));
  g_assert_nonnull (strstr (status_message (f), "resolve"));
  g_assert_nonnull (strstr (status_message (f), "nonexistent.invalid"));
  g_assert_true (status_is_error (f));
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_ERROR, "resolve"), WAIT_MS);
}

static void
test_bad_host (Fixture       *f,
               gconstpointer  data)
{
  tc_client_window_set_host (f->window, "no spaces allowed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));

  g_assert_cmpuint (f->states->len, ==, 0);
  g_assert_true (status_is_error (f));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (tc_client_window_get_host_entry (f->window)),
                                           "error"));
  TC_WAIT_UNTIL (context (), g_list_model_get_n_items (G_LIST_MODEL (tc_client_window_get_log_model (f->window))) > 0,
                 WAIT_MS);

  /* "host:port" in the host entry is understood. */
  tc_client_window_set_host (f->window, "127.0.0.1:1");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (tc_client_window_get_host_entry (f->window)),
                                            "error"));
  tc_client_window_set_port (f->window, f->port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
  g_assert_cmpstr (tc_client_get_host (f->client), ==, "127.0.0.1");
  g_assert_cmpuint (tc_client_get_port (f->client), ==, 1);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
}

static void
test_cancel_connecting (Fixture       *f,
                        gconstpointer  data)
{
  connect_window (f, f->port);
  g_assert_cmpint (state (f), !=, TC_SOCKET_STATE_UNCONNECTED);

  /* Before the attempt gets anywhere. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), f->connect_failed == 1, WAIT_MS);
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_false (saw_state (f, TC_SOCKET_STATE_CONNECTED));
  g_assert_nonnull (strstr (status_message (f), "cancelled"));
  g_assert_false (status_is_error (f));
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_false (tc_client_window_get_locked (f->window));
}

static void
test_server_goes_away (Fixture       *f,
                       gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);

  connect_and_wait (f);
  gtk_widget_grab_focus (GTK_WIDGET (tc_send_box_get_view (send_box)));

  stop_server (f);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  /* An ordinary end, named, without the error mark. */
  g_assert_nonnull (strstr (status_message (f), "closed the connection"));
  g_assert_false (status_is_error (f));
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_EVENT, "closed the connection"),
                 WAIT_MS);
  g_assert_false (log_has (f, TC_LOG_DIRECTION_ERROR, "closed"));
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_cmpstr (segment (f, "socket"), ==, "Socket: UnconnectedState");
  /* No countdown: auto-reconnect is off. */
  g_assert_cmpuint (tc_client_get_reconnect_in (f->client), ==, 0);
}

static void
test_auto_reconnect (Fixture       *f,
                     gconstpointer  data)
{
  GtkCheckButton *toggle;

  toggle = GTK_CHECK_BUTTON (tc_gui_test_find_widget (GTK_WIDGET (f->window), GTK_TYPE_CHECK_BUTTON,
                                                      "_Auto-reconnect"));
  g_assert_nonnull (toggle);
  gtk_check_button_set_active (toggle, TRUE);
  g_assert_true (tc_client_get_auto_reconnect (f->client));

  connect_and_wait (f);

  /* The server goes; the countdown starts at 1 s. */
  stop_server (f);
  TC_WAIT_UNTIL (context (), tc_client_get_reconnect_in (f->client) == 1, WAIT_MS);
  g_assert_true (g_str_has_prefix (status_message (f), "Reconnecting in 1 s"));
  g_assert_nonnull (strstr (status_message (f), "closed"));
  g_assert_true (tc_client_window_get_locked (f->window));
  g_assert_true (action_enabled (f, "win.connect"));
  g_assert_true (action_enabled (f, "win.disconnect"));

  /* A new server on the same port: the client comes back by itself. */
  g_array_set_size (f->states, 0);
  f->server = start_server (f, f->port);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  g_assert_true (saw_state (f, TC_SOCKET_STATE_HOST_LOOKUP));
  g_assert_true (saw_state (f, TC_SOCKET_STATE_CONNECTING));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_EVENT, "Reconnecting to"));

  /* Lost again; Disconnect (a manual action) stops the countdown. */
  stop_server (f);
  TC_WAIT_UNTIL (context (), tc_client_get_reconnect_in (f->client) > 0, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  g_assert_cmpuint (tc_client_get_reconnect_in (f->client), ==, 0);
  g_assert_false (tc_client_window_get_locked (f->window));
  g_assert_false (action_enabled (f, "win.disconnect"));
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_EVENT, "Stopped reconnecting"), WAIT_MS);

  /* Unchecking the toggle ends it too. */
  f->server = start_server (f, f->port);
  connect_and_wait (f);
  stop_server (f);
  TC_WAIT_UNTIL (context (), tc_client_get_reconnect_in (f->client) > 0, WAIT_MS);
  gtk_check_button_set_active (toggle, FALSE);
  g_assert_false (tc_client_get_auto_reconnect (f->client));
  g_assert_cmpuint (tc_client_get_reconnect_in (f->client), ==, 0);
  g_assert_false (tc_client_window_get_locked (f->window));
}

static void
test_close_while_connected (Fixture       *f,
                            gconstpointer  data)
{
  connect_and_wait (f);

  g_signal_handlers_disconnect_by_data (f->client, f);
  g_signal_handlers_disconnect_by_data (f->client, f->states);
  f->client = NULL;
  gtk_window_close (GTK_WINDOW (f->window));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
}

/* Text of @len bytes, no newline, varied so that a lost or moved piece shows. */
static char *
make_long_text (gsize len,
                guint line_every)
{
  char *text = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    text[i] = line_every > 0 && i % line_every == line_every - 1 ? '\n'
              : (char) ('a' + (i / 7) % 26);
  if (len > 0)
    text[len - 1] = 'z';
  text[len] = '\0';

  return text;
}

static void
assert_peer_got (TcRawPeer  *peer,
                 const char *text,
                 gsize       len)
{
  TC_WAIT_UNTIL (context (), peer->in->len >= len + 1 || peer->eof, 60000);
  g_assert_cmpuint (peer->in->len, ==, len + 1);
  g_assert_true (memcmp (peer->in->str, text, len) == 0);
  g_assert_cmpint (peer->in->str[len], ==, '\n');
  g_string_truncate (peer->in, 0);
}

/* Whatever is pasted goes out whole: a 100,008-character line (a single-line
 * entry cut it to 65,535), and a 16 MiB text, four times the connection's
 * cap on unsent bytes, to a plain socket peer. */
static void
test_long_paste (Fixture       *f,
                 gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  g_autofree char *line = make_long_text (100008, 0);
  g_autofree char *big = make_long_text (16 * 1024 * 1024 + 3, 1000);
  g_autofree char *in_box = NULL;
  gint64 start;
  guint16 port = 0;

  listener = tc_raw_listen (&port);
  connect_window (f, port);
  peer = tc_raw_peer_accept (context (), listener, WAIT_MS,
                             TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (send_box), WAIT_MS);

  tc_gui_test_send_box_paste (send_box, line);
  in_box = tc_send_box_dup_text (send_box);
  g_assert_cmpuint (strlen (in_box), ==, 100008);
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  assert_peer_got (peer, line, 100008);
  tc_gui_test_send_box_assert (send_box, "");
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_SENT, "aaaaaaabbbbbbb"), WAIT_MS);

  start = g_get_monotonic_time ();
  tc_gui_test_send_box_paste (send_box, big);
  g_test_message ("16 MiB pasted in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_true (tc_gui_test_send_box_key (send_box, GDK_KEY_Return, 0));
  assert_peer_got (peer, big, strlen (big));
  g_test_message ("and sent in %.2f s", (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpint (state (f), ==, TC_SOCKET_STATE_CONNECTED);
  tc_gui_test_send_box_assert (send_box, "");
}

/* --connect with a bad value: a plain message and exit status 2. */
static void
test_bad_connect_option (void)
{
  const char *client = g_getenv ("TCPCHAT_CLIENT");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (client == NULL)
    {
      g_test_skip ("TCPCHAT_CLIENT is not set");
      return;
    }

  {
    const char *argv[] = { client, "--connect", "[::1:10000", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_error (error, G_SPAWN_EXIT_ERROR, 2);
  g_clear_error (&error);
  g_assert_nonnull (strstr (err, "--connect"));
  g_assert_nonnull (strstr (err, "[::1:10000"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    const char *argv[] = { client, "--help", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "--connect"));
  g_assert_nonnull (strstr (out, "--headless"));
}

/* Accelerators: registered with the application, and each does its action
 * in the window (through the window's shortcut controller, as a key press
 * does); a disabled one does nothing. */

static void
test_accels (void)
{
  g_autoptr(TcClientApplication) application = tc_client_application_new ();
  GtkApplication *app = GTK_APPLICATION (application);
  g_autoptr(TcServer) server = tc_server_new ();
  g_autoptr(GError) error = NULL;
  TcClientWindow *window;
  TcClient *client;
  TcLogModel *log;

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  tc_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = TC_CLIENT_WINDOW (gtk_application_get_active_window (app));
  g_assert_nonnull (window);
  client = tc_client_window_get_client (window);
  log = tc_client_window_get_log_model (window);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));

  tc_gui_test_assert_accel (app, "win.connect", "<Control>Return");
  tc_gui_test_assert_accel (app, "win.connect", "<Control>KP_Enter");
  tc_gui_test_assert_accel (app, "win.disconnect", "<Control>d");
  tc_gui_test_assert_accel (app, "win.clear", "<Control>k");
  tc_gui_test_assert_accel (app, "win.save-log", "<Control>s");
  tc_gui_test_assert_accel (app, "app.quit", "<Control>q");
  tc_gui_test_assert_accel (app, "app.new-window", "<Control>n");
  tc_gui_test_assert_accel (app, "win.show-inspector", "<Control>i");
  /* Ctrl+I shows the message inspector, and hides it again. */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>i"));
  {
    g_autoptr(GVariant) shown = g_action_group_get_action_state (G_ACTION_GROUP (window),
                                                                  "show-inspector");

    g_assert_true (g_variant_get_boolean (shown));
  }
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>i"));

  /* Connect */
  tc_client_window_set_host (window, "127.0.0.1");
  tc_client_window_set_port (window, tc_server_get_port (server));
  g_assert_false (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>d"));
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>Return"));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  g_assert_false (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>Return"));

  /* Disconnect */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>d"));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 0, WAIT_MS);

  /* The keypad's Enter connects too. */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>KP_Enter"));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>d"));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 0, WAIT_MS);

  /* Clear, once there is something to clear */
  TC_WAIT_UNTIL (context (), g_list_model_get_n_items (G_LIST_MODEL (log)) > 0, WAIT_MS);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>k"));
  g_assert_cmpuint (tc_gui_test_log_n_entries (log), ==, 0);
  g_assert_false (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>k"));

  /* Quit */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (window), "<Control>q"));
  TC_WAIT_UNTIL (context (), gtk_application_get_windows (app) == NULL, WAIT_MS);

  tc_server_stop (server);
  tc_test_drain (context ());
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}

static const char *
health_line (Fixture *f)
{
  GtkLabel *label = tc_status_bar_get_segment_label (tc_client_window_get_status_bar (f->window),
                                                     "health");

  g_assert_nonnull (label);
  return gtk_widget_get_tooltip_text (GTK_WIDGET (label));
}

/* The "unsent=N" of the health line, or 0. */
static guint64
health_unsent (Fixture *f)
{
  const char *line = health_line (f);
  const char *unsent = line != NULL ? strstr (line, " unsent=") : NULL;

  return unsent != NULL ? g_ascii_strtoull (unsent + strlen (" unsent="), NULL, 10) : 0;
}

/* A peer that stops reading: the health segment, read once a second,
 * shows the round trip and the bytes piling up unsent in the kernel; the
 * counters count the bytes, their rate shows, and a reset starts them
 * from 0 again, said in the log. */
static void
test_health_and_counters (Fixture       *f,
                          gconstpointer  data)
{
  TcSendBox *send_box = tc_client_window_get_send_box (f->window);
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (32 * 1024, 'x');
  const char *rates;
  guint16 port = 0;

  listener = tc_raw_listen (&port);
  /* A small window, taken by the accepted socket: the sender soon waits. */
  g_assert_true (g_socket_set_option (listener, SOL_SOCKET, SO_RCVBUF, 4096, &error));
  g_assert_no_error (error);
  connect_window (f, port);
  peer = tc_raw_peer_accept (context (), listener, WAIT_MS, TC_RAW_PEER_NONE);
  g_assert_nonnull (peer);
  TC_WAIT_UNTIL (context (), state (f) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);

  /* Connected and quiet: a round trip, nothing unsent. */
  TC_WAIT_UNTIL (context (), health_line (f) != NULL &&
                             strstr (health_line (f), " rtt_ms=") != NULL, WAIT_MS);
  g_assert_true (g_str_has_prefix (health_line (f), "As a script reads it: peer=127.0.0.1:"));
  g_assert_cmpuint (health_unsent (f), ==, 0);
  g_assert_true (g_str_has_prefix (segment (f, "health"), "RTT "));

  /* Lines the peer never reads. */
  for (guint i = 0; i < 4; i++)
    tc_gui_test_send_box_enter (send_box, big);
  TC_WAIT_UNTIL (context (), health_unsent (f) > 16 * 1024, WAIT_MS);
  g_test_message ("%s", health_line (f));
  g_assert_nonnull (strstr (segment (f, "health"), "Unsent "));
  g_assert_cmpstr (strstr (health_line (f), " rtt_ms=0.000 "), ==, NULL);

  /* What went out shows as a rate for the second it went in. */
  TC_WAIT_UNTIL (context (), (rates = segment (f, "rates")) != NULL &&
                             !g_str_has_suffix (rates, " 0 B/s out"), WAIT_MS);
  g_assert_null (strstr (segment (f, "traffic"), "Out: 0 B"));
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "client-health.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.reset-counters", NULL));
  g_assert_cmpstr (segment (f, "traffic"), ==, "In: 0 B · Out: 0 B");
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_EVENT, "Traffic counters reset"),
                 WAIT_MS);

  /* Hidden, it is not read. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-health", NULL));
  g_assert_false (tc_status_bar_get_segment_visible (tc_client_window_get_status_bar (f->window),
                                                     "health"));

  tc_raw_peer_close (peer);
}

#define ADD(path, func) \
  g_test_add ("/client-window/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  g_test_add_func ("/client-application/bad-connect-option", test_bad_connect_option);
  if (!tc_gui_test_init_gtk ("/client-window/display"))
    return g_test_run ();

  ADD ("initial", test_initial);
  ADD ("connect-chat-disconnect", test_connect_chat_disconnect);
  ADD ("recent-hosts", test_recent_hosts);
  ADD ("refused", test_refused);
  ADD ("unresolvable", test_unresolvable);
  ADD ("bad-host", test_bad_host);
  ADD ("cancel-connecting", test_cancel_connecting);
  ADD ("server-goes-away", test_server_goes_away);
  ADD ("auto-reconnect", test_auto_reconnect);
  ADD ("close-while-connected", test_close_while_connected);
  ADD ("long-paste", test_long_paste);
  ADD ("health-and-counters", test_health_and_counters);
  g_test_add_func ("/client-application/accels", test_accels);

  return g_test_run ();
}
