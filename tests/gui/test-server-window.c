/* test-server-window.c: the server window driven like a person, against real sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* Peer: a real GSocketClient connection with a reader that collects
 * everything the server sends. */
typedef struct
{
  GSocketConnection *connection;
  GString           *received;
  GCancellable      *cancellable;
  char               buffer[4096];
  gboolean           eof;
  gboolean           write_done;
  GError            *error;
} Peer;

typedef struct
{
  TcServerWindow *window;
  Peer           *peer;
} Fixture;

/* Window helpers */

static const char *
segment (Fixture    *f,
         const char *id)
{
  return tc_status_bar_get_segment (tc_server_window_get_status_bar (f->window), id);
}

static const char *
status_message (Fixture *f)
{
  return tc_status_bar_get_message (tc_server_window_get_status_bar (f->window));
}

static TcServer *
server (Fixture *f)
{
  return tc_server_window_get_server (f->window);
}

static void
activate (Fixture    *f,
          const char *action)
{
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), action);
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  return tc_gui_test_win_action_enabled (GTK_WIDGET (f->window), action);
}

static void
type_listen_address (Fixture    *f,
                     const char *host,
                     const char *port)
{
  GtkSpinButton *spin = tc_server_window_get_port_spin (f->window);

  gtk_editable_set_text (tc_server_window_get_address_entry (f->window), host);
  gtk_editable_set_text (GTK_EDITABLE (spin), port);
  gtk_spin_button_update (spin);
}

/* The text of the last log entry with this direction, or NULL. */
static char *
last_log_text (Fixture        *f,
               TcLogDirection  direction)
{
  GListModel *log = G_LIST_MODEL (tc_server_window_get_log_model (f->window));

  /* What was appended so far, without waiting for the next frame. */
  tc_log_model_flush (TC_LOG_MODEL (log));
  for (guint i = g_list_model_get_n_items (log); i > 0; i--)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (log, i - 1);

      if (tc_log_entry_get_direction (entry) == direction)
        return tc_log_entry_dup_text (entry);
    }

  return NULL;
}

static gboolean
log_has_cb (gpointer data)
{
  const char **args = data;  /* { direction as string, text } */
  Fixture *f = (Fixture *) args[2];
  g_autofree char *text = last_log_text (f, (TcLogDirection) atoi (args[0]));

  return text != NULL && strstr (text, args[1]) != NULL;
}

static gboolean
wait_for_log (Fixture        *f,
              TcLogDirection  direction,
              const char     *text)
{
  g_autofree char *dir = g_strdup_printf ("%d", direction);
  const char *args[] = { dir, text, (const char *) f };

  return tc_test_wait_for (NULL, log_has_cb, args, WAIT_MS);
}

/* Peer helpers */

static void peer_read (Peer *peer);

static void
peer_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Peer *peer = data;
  g_autoptr(GError) error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        peer->eof = TRUE;
      return;
    }
  if (n == 0)
    {
      peer->eof = TRUE;
      return;
    }
  g_string_append_len (peer->received, peer->buffer, n);
  peer_read (peer);
}

static void
peer_read (Peer *peer)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (peer->connection));

  g_input_stream_read_async (in, peer->buffer, sizeof peer->buffer, G_PRIORITY_DEFAULT,
                             peer->cancellable, peer_read_cb, peer);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Peer *peer = data;

  peer->connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result,
                                                     &peer->error);
}

static gboolean
peer_connected_cb (gpointer data)
{
  Peer *peer = data;

  return peer->connection != NULL || peer->error != NULL;
}

static Peer *
peer_connect (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = NULL;
  Peer *peer = g_new0 (Peer, 1);

  peer->received = g_string_new (NULL);
  peer->cancellable = g_cancellable_new ();
  address = g_network_address_new ("127.0.0.1", port);
  g_socket_client_connect_async (client, address, NULL, connect_cb, peer);
  g_assert_true (tc_test_wait_for (NULL, peer_connected_cb, peer, WAIT_MS));
  g_assert_no_error (peer->error);
  peer_read (peer);

  return peer;
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  Peer *peer = data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &peer->error);
  peer->write_done = TRUE;
}

static gboolean
peer_write_done_cb (gpointer data)
{
  return ((Peer *) data)->write_done;
}

/* Starts writing text; the bytes must stay alive until write_done. */
static void
peer_write_async (Peer       *peer,
                  const char *text,
                  gsize       len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (peer->connection));

  peer->write_done = FALSE;
  g_output_stream_write_all_async (out, text, len, G_PRIORITY_DEFAULT, NULL, write_cb, peer);
}

static void
peer_write (Peer       *peer,
            const char *text)
{
  peer_write_async (peer, text, strlen (text));
  g_assert_true (tc_test_wait_for (NULL, peer_write_done_cb, peer, WAIT_MS));
  g_assert_no_error (peer->error);
}

static gboolean
peer_received_cb (gpointer data)
{
  const char **args = data;
  Peer *peer = (Peer *) args[0];

  return strstr (peer->received->str, args[1]) != NULL;
}

static gboolean
peer_wait_for (Peer       *peer,
               const char *text)
{
  const char *args[] = { (const char *) peer, text };

  return tc_test_wait_for (NULL, peer_received_cb, args, WAIT_MS);
}

static gboolean
peer_eof_cb (gpointer data)
{
  return ((Peer *) data)->eof;
}

static void
peer_free (Peer *peer)
{
  if (peer == NULL)
    return;
  g_cancellable_cancel (peer->cancellable);
  if (peer->connection != NULL)
    g_io_stream_close (G_IO_STREAM (peer->connection), NULL, NULL);
  tc_test_drain (NULL);
  g_clear_object (&peer->connection);
  g_clear_object (&peer->cancellable);
  g_string_free (peer->received, TRUE);
  g_clear_error (&peer->error);
  g_free (peer);
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tc_gui_test_server_window_new ();
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  peer_free (f->peer);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_drain (NULL);
  g_object_unref (f->window);
}

static gboolean
listening_cb (gpointer data)
{
  return tc_server_is_listening (server (data));
}

static guint16
start_on_free_port (Fixture *f)
{
  g_autofree char *expected = NULL;
  guint16 port;

  type_listen_address (f, "127.0.0.1", "0");
  g_assert_true (action_enabled (f, "start"));
  g_assert_false (action_enabled (f, "stop"));
  activate (f, "start");
  g_assert_true (tc_test_wait_for (NULL, listening_cb, f, WAIT_MS));

  port = tc_server_get_port (server (f));
  g_assert_cmpuint (port, !=, 0);
  /* The port the system chose shows in the field. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (tc_server_window_get_port_spin (f->window)),
                   ==, port);
  expected = g_strdup_printf ("Listening on 127.0.0.1:%u", port);
  g_assert_cmpstr (segment (f, "listen"), ==, expected);
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf ("tcpchat server — listening on 127.0.0.1:%u", port);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, expected);
  g_assert_false (action_enabled (f, "start"));
  g_assert_true (action_enabled (f, "stop"));
  /* Address and port are locked while listening. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (tc_server_window_get_port_spin (f->window))));

  return port;
}

static gboolean
one_client_cb (gpointer data)
{
  Fixture *f = data;

  return tc_server_get_n_clients (server (f)) == 1;
}

static gboolean
no_client_cb (gpointer data)
{
  Fixture *f = data;

  return tc_server_get_n_clients (server (f)) == 0;
}

static void
send_from_box (Fixture    *f,
               const char *text)
{
  tc_gui_test_send_box_enter (tc_server_window_get_send_box (f->window), text);
}

/* Tests */

static void
test_listen_exchange_stop (Fixture       *f,
                           gconstpointer  data)
{
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  g_autofree char *received = NULL;
  guint16 port;

  g_assert_cmpstr (segment (f, "listen"), ==, "Not listening");
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_false (action_enabled (f, "stop"));

  port = start_on_free_port (f);
  g_assert_cmpstr (segment (f, "socket"), ==, "Listener: ListeningState");
  g_assert_cmpstr (segment (f, "clients"), ==, "Clients: 0");

  /* Nobody to send to: disabled, with a reason. */
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_nonnull (strstr (tc_send_box_get_disabled_reason (send_box), "No client"));

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  /* "All clients" and the client. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 2);
  g_assert_cmpstr (segment (f, "clients"), ==, "Clients: 1");
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_EVENT, "Client connected"));
  g_assert_true (tc_send_box_get_can_send (send_box));

  /* A line from the socket shows in the log. */
  peer_write (f->peer, "hello server\n");
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_RECEIVED, "hello server"));

  /* Typed and Enter: the socket gets the line (to all clients). */
  send_from_box (f, "hello client");
  g_assert_true (peer_wait_for (f->peer, "hello client\n"));
  received = last_log_text (f, TC_LOG_DIRECTION_SENT);
  g_assert_cmpstr (received, ==, "hello client");
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_SENT, "hello client"));

  /* Selecting the client makes it the target and shows its socket state. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  g_assert_true (g_str_has_prefix (segment (f, "socket"), "Client 127.0.0.1:"));
  g_assert_true (g_str_has_suffix (segment (f, "socket"), ": ConnectedState"));
  g_assert_true (action_enabled (f, "disconnect"));
  send_from_box (f, "just you");
  g_assert_true (peer_wait_for (f->peer, "hello client\njust you\n"));

  /* Stop: not listening, the client is disconnected cleanly. */
  activate (f, "stop");
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_cmpstr (segment (f, "listen"), ==, "Not listening");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (f->window)), ==, "tcpchat server");
  g_assert_true (tc_test_wait_for (NULL, no_client_cb, f, WAIT_MS));
  g_assert_true (tc_test_wait_for (NULL, peer_eof_cb, f->peer, WAIT_MS));
  g_assert_cmpstr (segment (f, "socket"), ==, "Listener: UnconnectedState");
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_true (action_enabled (f, "start"));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (tc_server_window_get_port_spin (f->window))));
  /* Stopped: 0 again, as typed, so the next start takes any free port. */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (tc_server_window_get_port_spin (f->window)),
                   ==, 0);
}

static const char *
health_tooltip (Fixture *f)
{
  GtkLabel *label = tc_status_bar_get_segment_label (tc_server_window_get_status_bar (f->window),
                                                     "health");

  g_assert_nonnull (label);
  return gtk_widget_get_tooltip_text (GTK_WIDGET (label));
}

/* The TCP health shows for the selected client, read once a second, and
 * for nobody when all clients are selected. */
static void
test_health_follows_selection (Fixture       *f,
                               gconstpointer  data)
{
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  guint16 port = start_on_free_port (f);
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *expected = NULL;

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  g_assert_cmpstr (segment (f, "health"), ==, "TCP: –");

  local = g_socket_connection_get_local_address (f->peer->connection, NULL);
  expected = g_strdup_printf ("As a script reads it: peer=127.0.0.1:%u rtt_ms=",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  TC_WAIT_UNTIL (NULL, health_tooltip (f) != NULL &&
                       g_str_has_prefix (health_tooltip (f), expected), WAIT_MS);
  g_assert_true (g_str_has_prefix (segment (f, "health"), "RTT "));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 0, TRUE);
  g_assert_cmpstr (segment (f, "health"), ==, "TCP: –");
}

static void
test_disconnect_selected (Fixture       *f,
                          gconstpointer  data)
{
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  guint16 port = start_on_free_port (f);

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  g_assert_false (action_enabled (f, "disconnect"));

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  activate (f, "disconnect");
  g_assert_true (tc_test_wait_for (NULL, no_client_cb, f, WAIT_MS));
  g_assert_true (tc_test_wait_for (NULL, peer_eof_cb, f->peer, WAIT_MS));

  /* Back to "All clients", still listening, nobody to send to. */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_false (action_enabled (f, "disconnect"));
  g_assert_true (tc_server_is_listening (server (f)));
  g_assert_false (tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)));
  /* Who ended it, said once, and not as an error. */
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_EVENT, "Disconnected by you"));
  g_assert_cmpstr (status_message (f), !=, "Disconnected: Disconnected");
  g_assert_null (last_log_text (f, TC_LOG_DIRECTION_ERROR));
}

/* A client that leaves by itself is named, without the error mark. */
static void
test_client_leaves (Fixture       *f,
                    gconstpointer  data)
{
  guint16 port = start_on_free_port (f);
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  local = g_socket_connection_get_local_address (f->peer->connection, NULL);
  expected = g_strdup_printf ("127.0.0.1:%u closed the connection",
                              g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)));
  peer_free (g_steal_pointer (&f->peer));
  g_assert_true (tc_test_wait_for (NULL, no_client_cb, f, WAIT_MS));

  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_EVENT, expected));
  text = last_log_text (f, TC_LOG_DIRECTION_EVENT);
  g_assert_cmpstr (text, ==, expected);
  g_assert_null (last_log_text (f, TC_LOG_DIRECTION_ERROR));
}

static gboolean
two_clients_cb (gpointer data)
{
  return tc_server_get_n_clients (server (data)) == 2;
}

/* A line meant for one client never goes to another: when the selected
 * client leaves, the target goes back to all, not to its neighbour.
 */
static void
test_selected_client_leaves (Fixture       *f,
                             gconstpointer  data)
{
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  guint16 port = start_on_free_port (f);
  Peer *second;

  f->peer = peer_connect (port);
  second = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, two_clients_cb, f, WAIT_MS));

  /* Row 0 is "All clients"; select the first client and let it go. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  g_assert_true (action_enabled (f, "disconnect"));
  activate (f, "disconnect");
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));

  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_false (action_enabled (f, "disconnect"));
  g_assert_true (tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)));

  peer_free (second);
}

static gboolean
send_box_has_focus_cb (gpointer data)
{
  Fixture *f = data;
  GtkWidget *view = GTK_WIDGET (tc_send_box_get_view (tc_server_window_get_send_box (f->window)));

  return gtk_root_get_focus (GTK_ROOT (f->window)) == view;
}

/* As the demo starts it (the window shows, then --listen): the first line
 * typed once a client is in reaches it, without a click first. */
static void
test_first_line_after_listen (Fixture       *f,
                              gconstpointer  data)
{
  guint16 port;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_object_unref (f->window);
  f->window = g_object_ref (tc_server_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 500);
  gtk_window_present (GTK_WINDOW (f->window));
  tc_server_window_listen_for_run (f->window, "127.0.0.1", 0);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  g_assert_true (tc_server_is_listening (server (f)));
  port = tc_server_get_port (server (f));

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  g_assert_true (tc_test_wait_for (NULL, send_box_has_focus_cb, f, WAIT_MS));
  send_from_box (f, "first line");
  g_assert_true (peer_wait_for (f->peer, "first line\n"));

  /* Listening again by the keyboard: the same. */
  activate (f, "stop");
  g_assert_true (tc_test_wait_for (NULL, no_client_cb, f, WAIT_MS));
  peer_free (g_steal_pointer (&f->peer));
  gtk_widget_grab_focus (GTK_WIDGET (tc_server_window_get_clients_view (f->window)));
  activate (f, "start");
  g_assert_true (tc_test_wait_for (NULL, listening_cb, f, WAIT_MS));
  f->peer = peer_connect (tc_server_get_port (server (f)));
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  g_assert_true (tc_test_wait_for (NULL, send_box_has_focus_cb, f, WAIT_MS));
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSocketListener) other = g_socket_listener_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *logged = NULL;

  g_socket_listener_add_address (other, address, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                 NULL, &effective, &error);
  g_assert_no_error (error);
  port_text = g_strdup_printf ("%u",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));

  type_listen_address (f, "127.0.0.1", port_text);
  activate (f, "start");
  tc_test_drain (NULL);

  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_cmpstr (segment (f, "listen"), ==, "Not listening");
  g_assert_true (action_enabled (f, "start"));
  g_assert_nonnull (status_message (f));
  g_assert_nonnull (strstr (status_message (f), "already in use"));
  g_assert_nonnull (strstr (status_message (f), port_text));
  g_assert_cmpint (tc_status_bar_get_message_kind (tc_server_window_get_status_bar (f->window)),
                   ==, TC_STATUS_ERROR);
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_ERROR, "already in use"));

  /* A bad address is a plain message too. */
  type_listen_address (f, "not an address", "0");
  activate (f, "start");
  g_assert_false (tc_server_is_listening (server (f)));
  logged = g_strdup (status_message (f));
  g_assert_nonnull (strstr (logged, "not an address"));
}

static void
test_send_with_no_client (Fixture       *f,
                          gconstpointer  data)
{
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  g_autofree char *sent = NULL;

  /* Not listening, then listening with nobody: never sends, never crashes. */
  send_from_box (f, "into the void");
  start_on_free_port (f);
  send_from_box (f, "still nobody");
  tc_send_box_set_text (send_box, "a\nb\n");
  tc_send_box_send (send_box);
  tc_test_drain (NULL);

  sent = last_log_text (f, TC_LOG_DIRECTION_SENT);
  g_assert_null (sent);
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_nonnull (gtk_widget_get_tooltip_text (GTK_WIDGET (send_box)));

  /* Clear and close while listening. */
  activate (f, "clear");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tc_server_window_get_log_model (f->window))),
                    ==, 0);
}

/* Flood */

typedef struct
{
  Fixture *f;
  guint    n;
} FloodWait;

static gboolean
flood_shown_cb (gpointer data)
{
  FloodWait *wait = data;
  TcLogModel *log = tc_server_window_get_log_model (wait->f->window);

  return g_list_model_get_n_items (G_LIST_MODEL (log)) >= wait->n &&
         tc_log_model_get_n_pending (log) == 0;
}

static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  const guint n = 100000;
  TcLogModel *log = tc_server_window_get_log_model (f->window);
  GString *flood = g_string_sized_new (n * 12);
  FloodWait wait = { f, n };
  TcGapProbe probe;
  g_autoptr(TcLogEntry) first = NULL;
  g_autoptr(TcLogEntry) last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  gint64 start;
  guint16 port;

  port = start_on_free_port (f);
  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  g_assert_true (wait_for_log (f, TC_LOG_DIRECTION_EVENT, "Client connected"));
  activate (f, "clear");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (flood, "line %06u\n", i);

  tc_gui_test_gap_probe_start (&probe);
  start = g_get_monotonic_time ();
  peer_write_async (f->peer, flood->str, flood->len);
  g_assert_true (tc_test_wait_for (NULL, flood_shown_cb, &wait, 120000));
  g_assert_true (tc_test_wait_for (NULL, peer_write_done_cb, f->peer, WAIT_MS));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));
  tc_gui_test_gap_probe_stop (&probe);

  g_test_message ("flood: %u lines shown in %.2f s; longest main-loop gap %.1f ms",
                  n, (g_get_monotonic_time () - start) / 1e6, probe.longest / 1000.0);

  /* Every line, in order, none dropped. */
  g_assert_cmpuint (tc_log_model_get_n_entries (log), ==, n);
  g_assert_cmpuint (tc_log_model_get_dropped (log), ==, 0);
  first = g_list_model_get_item (G_LIST_MODEL (log), 0);
  last = g_list_model_get_item (G_LIST_MODEL (log), n - 1);
  first_text = tc_log_entry_dup_text (first);
  last_text = tc_log_entry_dup_text (last);
  g_assert_cmpstr (first_text, ==, "line 000000");
  g_assert_cmpstr (last_text, ==, "line 099999");
  g_assert_cmpint (tc_log_entry_get_direction (last), ==, TC_LOG_DIRECTION_RECEIVED);

  /* The view followed the new lines down to the last one. */
  g_assert_true (tc_log_view_get_following (tc_server_window_get_log_view (f->window)));

  /* A regression guard only: the window must never freeze for long. */
  g_assert_cmpint (probe.longest, <, 2 * G_USEC_PER_SEC);

  g_string_free (flood, TRUE);
}


static void
test_close_stops_server (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TcServer) the_server = NULL;
  guint16 port = start_on_free_port (f);

  f->peer = peer_connect (port);
  g_assert_true (tc_test_wait_for (NULL, one_client_cb, f, WAIT_MS));
  the_server = g_object_ref (server (f));

  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_true (tc_test_wait_for (NULL, peer_eof_cb, f->peer, WAIT_MS));
  g_assert_false (tc_server_is_listening (the_server));
  g_assert_cmpuint (tc_server_get_n_clients (the_server), ==, 0);
}

typedef struct
{
  GPtrArray *lines;
  gboolean   accept;
} Collected;

static gboolean
collect_bytes_cb (TcSendBox *box,
                  GBytes    *bytes,
                  Collected *collected)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_ptr_array_add (collected->lines, g_strndup (data != NULL ? data : "", len));
  return collected->accept;
}

static void
test_send_box (Fixture       *f,
               gconstpointer  data)
{
  TcSendBox *box = TC_SEND_BOX (tc_send_box_new ());
  GtkWidget *view = GTK_WIDGET (tc_send_box_get_view (box));
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  Collected collected = { g_ptr_array_new_with_free_func (g_free), TRUE };

  gtk_window_set_child (window, GTK_WIDGET (box));
  gtk_window_present (window);
  g_signal_connect (box, "send-bytes", G_CALLBACK (collect_bytes_cb), &collected);

  /* Disabled: Send is insensitive, with the reason as tooltip and
   * placeholder; the editor stays editable, to compose in. */
  tc_send_box_set_sendable (box, FALSE, "No client connected");
  g_assert_true (gtk_widget_get_sensitive (view));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (box))));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (tc_send_box_get_button (box))), ==,
                   "No client connected");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (box)), ==, "No client connected");
  g_assert_cmpstr (tc_send_box_get_placeholder (box), ==, "No client connected");
  tc_gui_test_send_box_enter (box, "nope");
  g_assert_cmpuint (collected.lines->len, ==, 0);

  /* Enabled: Enter sends and empties the editor; empty text is an empty
   * message (the line ending alone), not remembered. */
  tc_send_box_set_sendable (box, TRUE, NULL);
  g_assert_true (gtk_widget_get_sensitive (view));
  g_assert_true (tc_gui_test_send_box_key (box, GDK_KEY_Return, 0));
  g_assert_cmpuint (collected.lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (collected.lines, 0), ==, "nope");
  tc_gui_test_send_box_assert (box, "");
  g_assert_true (tc_gui_test_send_box_key (box, GDK_KEY_KP_Enter, 0));
  g_assert_cmpuint (collected.lines->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (collected.lines, 1), ==, "");
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 1);

  /* A paste of several lines only inserts: it waits, every byte kept,
   * until Enter sends it as one text. */
  g_ptr_array_set_size (collected.lines, 0);
  tc_gui_test_send_box_paste (box, "one\r\ntwo\nthree");
  tc_test_drain (NULL);
  g_assert_cmpuint (collected.lines->len, ==, 0);
  tc_gui_test_send_box_assert (box, "one\r\ntwo\nthree");

  /* Shift+Enter starts a new line at the cursor; Enter sends it all. */
  g_assert_true (tc_gui_test_send_box_key (box, GDK_KEY_Return, GDK_SHIFT_MASK));
  tc_gui_test_send_box_assert (box, "one\r\ntwo\nthree\n");
  g_assert_true (tc_gui_test_send_box_key (box, GDK_KEY_Return, 0));
  g_assert_cmpuint (collected.lines->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (collected.lines, 0), ==, "one\r\ntwo\nthree\n");
  tc_gui_test_send_box_assert (box, "");
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 2);

  /* A sender that cannot take the text leaves it in the editor. */
  collected.accept = FALSE;
  tc_gui_test_send_box_enter (box, "kept");
  g_assert_cmpuint (collected.lines->len, ==, 2);
  tc_gui_test_send_box_assert (box, "kept");
  g_assert_cmpuint (tc_send_box_get_history_length (box), ==, 2);

  gtk_window_destroy (window);
  tc_test_drain (NULL);
  g_ptr_array_unref (collected.lines);
}

typedef struct
{
  gboolean  done;
  char     *text;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *clipboard,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done_cb (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

/* What the widget's clipboard holds now, as another program would paste it. */
static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { FALSE, NULL };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  g_assert_true (tc_test_wait_for (NULL, clipboard_read_done_cb, &read, WAIT_MS));

  return read.text;
}

static void
test_copy_rows (Fixture       *f,
                gconstpointer  data)
{
  TcLogView *view = tc_server_window_get_log_view (f->window);
  TcLogModel *log = tc_log_view_get_model (view);
  GtkSelectionModel *selection = gtk_list_view_get_model (tc_log_view_get_list_view (view));
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  tc_log_view_clear (view);
  tc_log_model_append (log, TC_LOG_DIRECTION_RECEIVED, 0, "10.0.0.1:5", "first", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_append (log, TC_LOG_DIRECTION_SENT, 0, "10.0.0.1:5", "second", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_append (log, TC_LOG_DIRECTION_RECEIVED, 0, "10.0.0.1:5", "cut", -1,
                       TC_MESSAGE_FLAG_TRUNCATED, 99);
  tc_log_model_flush (log);

  gtk_selection_model_select_item (selection, 1, TRUE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  text = tc_log_view_dup_selected_text (view);
  g_assert_null (strstr (text, "first"));
  g_assert_nonnull (strstr (text, "▶  10.0.0.1:5  second\n"));
  g_assert_nonnull (strstr (text, "◀  10.0.0.1:5  cut  [truncated, 99 bytes dropped]\n"));

  /* Ctrl+C: whole rows, as above. */
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (view), "<Control>c"));
  copied = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (copied, ==, text);
  g_clear_pointer (&copied, g_free);

  /* Ctrl+Shift+C: only the lines' text, as shown: the bell made visible. */
  tc_log_model_append (log, TC_LOG_DIRECTION_RECEIVED, 0, "10.0.0.1:5", "ding\a", -1,
                       TC_MESSAGE_FLAG_NONE, 0);
  tc_log_model_flush (log);
  gtk_selection_model_select_item (selection, 3, FALSE);
  g_assert_true (tc_gui_test_activate_accel (GTK_WIDGET (view), "<Control><Shift>c"));
  copied = read_clipboard (GTK_WIDGET (view));
  g_assert_true (g_str_has_prefix (copied, "second\ncut\nding"));
  g_assert_true (g_str_has_suffix (copied, "\n"));
  g_assert_cmpuint (strlen (copied), >, strlen ("second\ncut\nding\n"));
  g_assert_null (strchr (copied, '\a'));
  g_assert_null (strstr (copied, "10.0.0.1"));
  g_assert_true (g_utf8_validate (copied, -1, NULL));
  g_clear_pointer (&copied, g_free);

  /* The context menu's Copy Text is the same action. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "log.copy-text", NULL));
  copied = read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (copied, ==, "first\n");
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/server-window/display"))
    return g_test_run ();

  g_test_add ("/server-window/listen-exchange-stop", Fixture, NULL,
              fixture_setup, test_listen_exchange_stop, fixture_teardown);
  g_test_add ("/server-window/disconnect-selected", Fixture, NULL,
              fixture_setup, test_disconnect_selected, fixture_teardown);
  g_test_add ("/server-window/health-follows-selection", Fixture, NULL,
              fixture_setup, test_health_follows_selection, fixture_teardown);
  g_test_add ("/server-window/selected-client-leaves", Fixture, NULL,
              fixture_setup, test_selected_client_leaves, fixture_teardown);
  g_test_add ("/server-window/first-line-after-listen", Fixture, NULL,
              fixture_setup, test_first_line_after_listen, fixture_teardown);
  g_test_add ("/server-window/client-leaves", Fixture, NULL,
              fixture_setup, test_client_leaves, fixture_teardown);
  g_test_add ("/server-window/port-in-use", Fixture, NULL,
              fixture_setup, test_port_in_use, fixture_teardown);
  g_test_add ("/server-window/send-with-no-client", Fixture, NULL,
              fixture_setup, test_send_with_no_client, fixture_teardown);
  g_test_add ("/server-window/close-stops-server", Fixture, NULL,
              fixture_setup, test_close_stops_server, fixture_teardown);
  g_test_add ("/server-window/send-box", Fixture, NULL,
              fixture_setup, test_send_box, fixture_teardown);
  g_test_add ("/server-window/copy-rows", Fixture, NULL,
              fixture_setup, test_copy_rows, fixture_teardown);
  g_test_add ("/server-window/flood", Fixture, NULL,
              fixture_setup, test_flood, fixture_teardown);

  return g_test_run ();
}
