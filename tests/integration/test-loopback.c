/* test-loopback.c: TcServer, TcClient and TcConnection over real loopback sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "tc-client.h"
#include "tc-connection.h"
#include "tc-error.h"
#include "tc-server.h"
#include "tc-test-util.h"

/* What one side saw: its lines (bytes, flags) and how it ended. */
typedef struct
{
  GPtrArray *lines;        /* of TcMessage* */
  GError    *closed;
  guint      n_closed;
} Seen;

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  guint16       port;
  GPtrArray    *connected;      /* server-side TcConnection, strong refs */
  GPtrArray    *disconnected;   /* GError * reasons */
  GPtrArray    *rejected;       /* GError * reasons */
  GHashTable   *server_lines;   /* TcConnection* -> Seen* */
  gsize         max_unsent_seen;
  gboolean      shrink_sndbuf;
} Fixture;

static void
seen_free (Seen *seen)
{
  g_ptr_array_unref (seen->lines);
  g_clear_error (&seen->closed);
  g_free (seen);
}

static Seen *
seen_new (void)
{
  Seen *seen = g_new0 (Seen, 1);

  seen->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  return seen;
}

static char *
seen_line (Seen  *seen,
           guint  i)
{
  TcMessage *line = g_ptr_array_index (seen->lines, i);

  return g_strndup (line->data, line->len);
}

static void
seen_line_cb (TcConnection *connection,
              TcMessage       *line,
              Seen         *seen)
{
  g_ptr_array_add (seen->lines, tc_message_copy (line));
}

static void
seen_closed_cb (TcConnection *connection,
                GError       *reason,
                Seen         *seen)
{
  seen->n_closed++;
  g_clear_error (&seen->closed);
  seen->closed = reason != NULL ? g_error_copy (reason)
                                : g_error_new_literal (TC_ERROR, TC_ERROR_FAILED, "(null)");
}

static void
seen_watch (Seen         *seen,
            TcConnection *connection)
{
  g_signal_connect (connection, "line-received", G_CALLBACK (seen_line_cb), seen);
  g_signal_connect (connection, "closed", G_CALLBACK (seen_closed_cb), seen);
}

static void
on_unsent_changed (TcConnection *connection,
                   GParamSpec   *pspec,
                   Fixture      *fixture)
{
  fixture->max_unsent_seen = MAX (fixture->max_unsent_seen,
                                  tc_connection_get_unsent_bytes (connection));
}

static void
on_client_connected (TcServer     *server,
                     TcConnection *client,
                     Fixture      *fixture)
{
  g_ptr_array_add (fixture->connected, g_object_ref (client));
  g_signal_connect (client, "notify::unsent-bytes", G_CALLBACK (on_unsent_changed), fixture);

  if (fixture->shrink_sndbuf)
    {
      GSocket *socket = tc_connection_get_socket (client);
      g_autoptr(GError) error = NULL;

      g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, 4096, &error);
      g_assert_no_error (error);
    }
}

static void
on_client_disconnected (TcServer     *server,
                        TcConnection *client,
                        GError       *reason,
                        Fixture      *fixture)
{
  g_ptr_array_add (fixture->disconnected,
                   reason != NULL ? g_error_copy (reason)
                                  : g_error_new_literal (TC_ERROR, TC_ERROR_FAILED, "(null)"));
}

static void
on_client_rejected (TcServer   *server,
                    const char *peer_label,
                    GError     *reason,
                    Fixture    *fixture)
{
  g_assert_nonnull (peer_label);
  g_ptr_array_add (fixture->rejected,
                   reason != NULL ? g_error_copy (reason)
                                  : g_error_new_literal (TC_ERROR, TC_ERROR_FAILED, "(null)"));
}

static void
on_server_line (TcServer     *server,
                TcConnection *client,
                TcMessage       *line,
                Fixture      *fixture)
{
  Seen *seen = g_hash_table_lookup (fixture->server_lines, client);

  if (seen == NULL)
    {
      seen = seen_new ();
      g_hash_table_insert (fixture->server_lines, client, seen);
    }
  g_ptr_array_add (seen->lines, tc_message_copy (line));
}

static Seen *
server_seen (Fixture      *fixture,
             TcConnection *client)
{
  Seen *seen = g_hash_table_lookup (fixture->server_lines, client);
  static Seen empty;

  if (seen == NULL)
    {
      static GPtrArray *none;
      if (none == NULL)
        none = g_ptr_array_new ();
      empty.lines = none;
      return &empty;
    }
  return seen;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);

  fixture->connected = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->disconnected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  fixture->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  fixture->server_lines = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) seen_free);

  fixture->server = tc_server_new ();
  g_signal_connect (fixture->server, "client-connected", G_CALLBACK (on_client_connected), fixture);
  g_signal_connect (fixture->server, "client-disconnected", G_CALLBACK (on_client_disconnected), fixture);
  g_signal_connect (fixture->server, "client-rejected", G_CALLBACK (on_client_rejected), fixture);
  g_signal_connect (fixture->server, "line-received", G_CALLBACK (on_server_line), fixture);

  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  g_assert_true (tc_server_is_listening (fixture->server));
  g_assert_cmpint (tc_server_get_state (fixture->server), ==, TC_SOCKET_STATE_LISTENING);
  fixture->port = tc_server_get_port (fixture->server);
  g_assert_cmpuint (fixture->port, !=, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tc_server_stop (fixture->server);
  tc_test_drain (fixture->context);
  g_signal_handlers_disconnect_by_data (fixture->server, fixture);

  for (guint i = 0; i < fixture->connected->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (fixture->connected, i), fixture);
  g_clear_pointer (&fixture->connected, g_ptr_array_unref);
  g_clear_pointer (&fixture->disconnected, g_ptr_array_unref);
  g_clear_pointer (&fixture->rejected, g_ptr_array_unref);
  g_clear_pointer (&fixture->server_lines, g_hash_table_unref);

  tc_test_drain (fixture->context);
  g_assert_finalize_object (g_steal_pointer (&fixture->server));

  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

/* A TcClient connected to the fixture's server, with what it sees. */
typedef struct
{
  TcClient     *client;
  TcConnection *connection;
  GError       *error;
  gboolean      done;
  Seen         *seen;
} Peer;

static void
peer_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Peer *peer = user_data;

  peer->connection = tc_client_connect_finish (TC_CLIENT (object), result, &peer->error);
  peer->done = TRUE;
}

/* @connect_timeout_ms: 0 for the default; @send_timeout_ms: see
 * tc_client_set_send_timeout() */
static Peer *
peer_connect_full (Fixture    *fixture,
                   const char *host,
                   guint16     port,
                   guint       connect_timeout_ms,
                   guint       send_timeout_ms)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->client = tc_client_new ();
  peer->seen = seen_new ();
  if (connect_timeout_ms > 0)
    tc_client_set_connect_timeout (peer->client, connect_timeout_ms);
  tc_client_set_send_timeout (peer->client, send_timeout_ms);
  tc_client_connect_async (peer->client, host, port, NULL, peer_connect_cb, peer);
  TC_WAIT_UNTIL (fixture->context, peer->done, 15000);

  if (peer->connection != NULL)
    seen_watch (peer->seen, peer->connection);

  return peer;
}

static Peer *
peer_connect_with_timeout (Fixture    *fixture,
                           const char *host,
                           guint16     port,
                           guint       connect_timeout_ms)
{
  return peer_connect_full (fixture, host, port, connect_timeout_ms, 0);
}

static Peer *
peer_connect_to (Fixture    *fixture,
                 const char *host,
                 guint16     port)
{
  return peer_connect_with_timeout (fixture, host, port, 0);
}

static Peer *
peer_connect (Fixture *fixture)
{
  Peer *peer = peer_connect_to (fixture, "127.0.0.1", fixture->port);

  g_assert_no_error (peer->error);
  g_assert_true (TC_IS_CONNECTION (peer->connection));
  g_assert_cmpint (tc_connection_get_state (peer->connection), ==, TC_SOCKET_STATE_CONNECTED);
  return peer;
}

static void
peer_free (Fixture *fixture,
           Peer    *peer)
{
  if (peer->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (peer->connection, peer->seen);
      tc_client_disconnect (peer->client);
      tc_test_drain (fixture->context);
      tc_test_assert_finalized (fixture->context, g_steal_pointer (&peer->connection));
    }
  tc_test_drain (fixture->context);
  tc_test_assert_finalized (fixture->context, g_steal_pointer (&peer->client));
  g_clear_error (&peer->error);
  seen_free (peer->seen);
  g_free (peer);
}

static TcConnection *
server_side (Fixture *fixture,
             guint    i)
{
  TC_WAIT_UNTIL (fixture->context, fixture->connected->len > i, 5000);
  return g_ptr_array_index (fixture->connected, i);
}

/* ---- tests ---- */

static void
test_connect (Fixture       *fixture,
              gconstpointer  data)
{
  Peer *peer = peer_connect (fixture);
  TcConnection *remote = server_side (fixture, 0);
  g_autofree char *expected_label = g_strdup_printf ("127.0.0.1:%u", fixture->port);

  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->server)), ==, 1);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_true (tc_client_get_connection (peer->client) == peer->connection);
  g_assert_cmpstr (tc_connection_get_peer_label (peer->connection), ==, expected_label);
  g_assert_cmpstr (tc_connection_get_local_label (remote), ==, expected_label);
  g_assert_cmpstr (tc_connection_get_peer_label (remote), ==,
                   tc_connection_get_local_label (peer->connection));
  g_assert_cmpint (tc_connection_get_state (remote), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_cmpint (tc_connection_get_connected_since (remote), >, 0);

  peer_free (fixture, peer);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 0, 5000);
}

static void
test_exchange (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Peer *peer = peer_connect (fixture);
  TcConnection *remote = server_side (fixture, 0);
  g_autofree char *got = NULL;

  g_assert_true (tc_connection_send_line (peer->connection, "hello server", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, server_seen (fixture, remote)->lines->len == 1, 5000);
  got = seen_line (server_seen (fixture, remote), 0);
  g_assert_cmpstr (got, ==, "hello server");
  g_clear_pointer (&got, g_free);

  g_assert_true (tc_server_send_to (fixture->server, remote, "héllo client ✓", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, peer->seen->lines->len == 1, 5000);
  got = seen_line (peer->seen, 0);
  g_assert_cmpstr (got, ==, "héllo client ✓");
  g_assert_cmpint (((TcMessage *) g_ptr_array_index (peer->seen->lines, 0))->flags, ==, 0);

  TC_WAIT_UNTIL (fixture->context, tc_connection_get_lines_out (remote) == 1, 5000);
  g_assert_cmpuint (tc_connection_get_lines_in (remote), ==, 1);
  g_assert_cmpuint (tc_connection_get_bytes_in (remote), ==, strlen ("hello server\n"));
  g_assert_cmpuint (tc_connection_get_bytes_out (remote), ==, strlen ("héllo client ✓\n"));
  g_assert_cmpuint (tc_connection_get_lines_in (peer->connection), ==, 1);
  g_assert_cmpuint (tc_connection_get_lines_out (peer->connection), ==, 1);

  peer_free (fixture, peer);
}

static void
stop_hearing_server_lines (Fixture *fixture)
{
  g_signal_handlers_disconnect_matched (fixture->server, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DATA,
                                        g_signal_lookup ("line-received", TC_TYPE_SERVER),
                                        0, NULL, NULL, fixture);
}

/* Sends @text from @from and waits until @to has read @n lines in all: by
 * then every handler of that read has run. */
static void
send_nth_line (Fixture      *fixture,
               TcConnection *from,
               TcConnection *to,
               const char   *text,
               guint64       n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tc_connection_send_line (from, text, -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_lines_in (to) == n, 5000);
}

/* Whether anybody listens to line-received is asked once a batch of input:
 * a handler connected after some lines hears the next one, and one
 * disconnected hears no more. */
static void
test_line_signal_late (Fixture       *fixture,
                       gconstpointer  data)
{
  Peer *peer = peer_connect (fixture);
  TcConnection *remote = server_side (fixture, 0);
  Seen *seen = seen_new ();
  g_autofree char *got = NULL;
  gulong heard;

  stop_hearing_server_lines (fixture);
  send_nth_line (fixture, peer->connection, remote, "one", 1);
  g_assert_null (g_hash_table_lookup (fixture->server_lines, remote));

  g_signal_connect (fixture->server, "line-received", G_CALLBACK (on_server_line), fixture);
  heard = g_signal_connect (remote, "line-received", G_CALLBACK (seen_line_cb), seen);
  send_nth_line (fixture, peer->connection, remote, "two", 2);
  g_assert_cmpuint (seen->lines->len, ==, 1);
  got = seen_line (seen, 0);
  g_assert_cmpstr (got, ==, "two");
  g_clear_pointer (&got, g_free);
  g_assert_cmpuint (server_seen (fixture, remote)->lines->len, ==, 1);
  got = seen_line (server_seen (fixture, remote), 0);
  g_assert_cmpstr (got, ==, "two");

  stop_hearing_server_lines (fixture);
  g_signal_handler_disconnect (remote, heard);
  send_nth_line (fixture, peer->connection, remote, "three", 3);
  g_assert_cmpuint (seen->lines->len, ==, 1);
  g_assert_cmpuint (server_seen (fixture, remote)->lines->len, ==, 1);

  seen_free (seen);
  peer_free (fixture, peer);
}

/* The same for a TcClient's own line-received, which follows the batches
 * of its connection. */
static void
test_client_line_signal_late (Fixture       *fixture,
                              gconstpointer  data)
{
  Peer *peer = peer_connect (fixture);
  TcConnection *remote = server_side (fixture, 0);
  Seen *seen = seen_new ();
  g_autofree char *got = NULL;
  gulong heard;

  send_nth_line (fixture, remote, peer->connection, "one", 1);

  heard = g_signal_connect (peer->client, "line-received", G_CALLBACK (seen_line_cb), seen);
  send_nth_line (fixture, remote, peer->connection, "two", 2);
  g_assert_cmpuint (seen->lines->len, ==, 1);
  got = seen_line (seen, 0);
  g_assert_cmpstr (got, ==, "two");

  g_signal_handler_disconnect (peer->client, heard);
  send_nth_line (fixture, remote, peer->connection, "three", 3);
  g_assert_cmpuint (seen->lines->len, ==, 1);

  seen_free (seen);
  peer_free (fixture, peer);
}

/* IPv6, and the wildcards of both families, each with a free port and a
 * line each way. "::" takes IPv4 clients too. */
static void
test_listen_addresses (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    const char *listen;
    const char *connect;
    const char *label_host;   /* the listen label is "HOST:PORT" */
  } cases[] = {
    { "::1", "::1", "[::1]" },
    { "::", "::1", "[::]" },
    { "::", "127.0.0.1", "[::]" },
    { "0.0.0.0", "127.0.0.1", "0.0.0.0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *label = NULL;
      g_autofree char *got = NULL;
      TcConnection *remote;
      guint16 port;
      Peer *peer;

      g_test_message ("listen on %s, connect to %s", cases[i].listen, cases[i].connect);
      tc_server_stop (fixture->server);
      tc_test_drain (fixture->context);
      /* What the last case's connections saw goes too: a new connection
       * may be allocated where an old one was, and be taken for it. */
      g_ptr_array_set_size (fixture->connected, 0);
      g_hash_table_remove_all (fixture->server_lines);

      g_assert_true (tc_server_listen (fixture->server, cases[i].listen, 0, &error));
      g_assert_no_error (error);
      port = tc_server_get_port (fixture->server);
      g_assert_cmpuint (port, !=, 0);
      label = g_strdup_printf ("%s:%u", cases[i].label_host, port);
      g_assert_cmpstr (tc_server_get_listen_label (fixture->server), ==, label);

      peer = peer_connect_to (fixture, cases[i].connect, port);
      g_assert_no_error (peer->error);
      remote = server_side (fixture, 0);

      g_assert_true (tc_connection_send_line (peer->connection, "over there", -1, &error));
      g_assert_no_error (error);
      TC_WAIT_UNTIL (fixture->context, server_seen (fixture, remote)->lines->len == 1, 5000);
      got = seen_line (server_seen (fixture, remote), 0);
      g_assert_cmpstr (got, ==, "over there");
      g_clear_pointer (&got, g_free);

      g_assert_true (tc_server_send_to (fixture->server, remote, "and back", -1, &error));
      g_assert_no_error (error);
      TC_WAIT_UNTIL (fixture->context, peer->seen->lines->len == 1, 5000);
      got = seen_line (peer->seen, 0);
      g_assert_cmpstr (got, ==, "and back");

      peer_free (fixture, peer);
    }
}

static void
test_many_clients (Fixture       *fixture,
                   gconstpointer  data)
{
  enum { N = 30 };
  Peer *peers[N];

  for (guint i = 0; i < N; i++)
    peers[i] = peer_connect (fixture);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == N, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->server)), ==, N);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->server)) == TC_TYPE_CONNECTION);

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *text = g_strdup_printf ("from %u", i);
      g_assert_true (tc_connection_send_line (peers[i]->connection, text, -1, NULL));
    }
  for (guint i = 0; i < N; i++)
    {
      TcConnection *remote = server_side (fixture, i);
      TC_WAIT_UNTIL (fixture->context, server_seen (fixture, remote)->lines->len == 1, 5000);
    }

  for (guint i = 0; i < N; i++)
    peer_free (fixture, peers[i]);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 0, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->server)), ==, 0);
  g_assert_cmpuint (fixture->disconnected->len, ==, N);
}

static void
test_broadcast (Fixture       *fixture,
                gconstpointer  data)
{
  enum { N = 5 };
  Peer *peers[N];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < N; i++)
    peers[i] = peer_connect (fixture);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == N, 5000);

  g_assert_cmpuint (tc_server_broadcast (fixture->server, "to everyone", -1, &error), ==, N);
  g_assert_no_error (error);

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *got = NULL;

      TC_WAIT_UNTIL (fixture->context, peers[i]->seen->lines->len == 1, 5000);
      got = seen_line (peers[i]->seen, 0);
      g_assert_cmpstr (got, ==, "to everyone");
    }

  for (guint i = 0; i < N; i++)
    peer_free (fixture, peers[i]);
}

static void
test_relay (Fixture       *fixture,
            gconstpointer  data)
{
  Peer *a, *b, *c;
  g_autofree char *prefix = NULL;
  g_autofree char *expected = NULL;

  tc_server_set_relay (fixture->server, TRUE);
  g_assert_true (tc_server_get_relay (fixture->server));

  a = peer_connect (fixture);
  b = peer_connect (fixture);
  c = peer_connect (fixture);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 3, 5000);

  g_assert_true (tc_connection_send_line (a->connection, "hi all", -1, NULL));
  TC_WAIT_UNTIL (fixture->context, b->seen->lines->len == 1 && c->seen->lines->len == 1, 5000);

  prefix = g_strdup_printf ("[%s]", tc_connection_get_local_label (a->connection));
  expected = g_strdup_printf ("%s hi all", prefix);
  for (guint i = 0; i < 2; i++)
    {
      Peer *p = i == 0 ? b : c;
      g_autofree char *got = seen_line (p->seen, 0);
      g_assert_cmpstr (got, ==, expected);
    }

  /* The sender does not get its own line back; relay off stops forwarding. */
  tc_server_set_relay (fixture->server, FALSE);
  g_assert_true (tc_connection_send_line (b->connection, "not relayed", -1, NULL));
  g_assert_true (tc_server_broadcast (fixture->server, "marker", -1, NULL) == 3);
  TC_WAIT_UNTIL (fixture->context, a->seen->lines->len == 1 && c->seen->lines->len == 2, 5000);
  {
    g_autofree char *got_a = seen_line (a->seen, 0);
    g_autofree char *got_c = seen_line (c->seen, 1);
    g_assert_cmpstr (got_a, ==, "marker");
    g_assert_cmpstr (got_c, ==, "marker");
  }

  peer_free (fixture, a);
  peer_free (fixture, b);
  peer_free (fixture, c);
}

static void
test_server_stop (Fixture       *fixture,
                  gconstpointer  data)
{
  Peer *a = peer_connect (fixture);
  Peer *b = peer_connect (fixture);
  Peer *late;

  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);
  tc_server_stop (fixture->server);
  g_assert_false (tc_server_is_listening (fixture->server));
  g_assert_cmpint (tc_server_get_state (fixture->server), ==, TC_SOCKET_STATE_UNCONNECTED);

  TC_WAIT_UNTIL (fixture->context, a->seen->n_closed == 1 && b->seen->n_closed == 1, 5000);
  g_assert_cmpint (tc_connection_get_state (a->connection), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->server)), ==, 0);
  TC_WAIT_UNTIL (fixture->context, fixture->disconnected->len == 2, 5000);

  /* The port is closed now. */
  late = peer_connect_to (fixture, "127.0.0.1", fixture->port);
  g_assert_error (late->error, TC_ERROR, TC_ERROR_CONNECTION_REFUSED);
  g_assert_null (late->connection);

  peer_free (fixture, late);
  peer_free (fixture, a);
  peer_free (fixture, b);
}

static void
on_reconnect_in (TcClient   *client,
                 GParamSpec *pspec,
                 GArray     *countdowns)
{
  guint in = tc_client_get_reconnect_in (client);
  guint last = countdowns->len > 0 ? g_array_index (countdowns, guint, countdowns->len - 1) : 0;

  /* A countdown counts down by one; a new one starts higher. */
  if (in > 0 && in + 1 != last)
    g_array_append_val (countdowns, in);
}

/* After a lost connection the client retries in 1 s, then 2 s, then 4 s. */
static void
test_reconnect_backoff (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GArray) countdowns = g_array_new (FALSE, FALSE, sizeof (guint));
  Peer *peer = peer_connect (fixture);

  tc_client_set_auto_reconnect (peer->client, TRUE);
  g_signal_connect (peer->client, "notify::reconnect-in", G_CALLBACK (on_reconnect_in), countdowns);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1, 5000);

  /* The server goes away for good: every retry is refused. */
  tc_server_stop (fixture->server);
  TC_WAIT_UNTIL (fixture->context, countdowns->len >= 3, 10000);
  g_assert_cmpuint (g_array_index (countdowns, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (countdowns, guint, 1), ==, 2);
  g_assert_cmpuint (g_array_index (countdowns, guint, 2), ==, 4);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_UNCONNECTED);

  /* Turning it off stops the countdown. */
  tc_client_set_auto_reconnect (peer->client, FALSE);
  g_assert_cmpuint (tc_client_get_reconnect_in (peer->client), ==, 0);
  g_signal_handlers_disconnect_by_data (peer->client, countdowns);
  peer_free (fixture, peer);
}

static void
test_client_disconnect (Fixture       *fixture,
                        gconstpointer  data)
{
  Peer *peer = peer_connect (fixture);
  TcConnection *remote = server_side (fixture, 0);

  g_assert_true (tc_connection_send_line (peer->connection, "bye", -1, NULL));
  tc_client_disconnect (peer->client);
  TC_WAIT_UNTIL (fixture->context, fixture->disconnected->len == 1, 5000);
  g_assert_error ((GError *) g_ptr_array_index (fixture->disconnected, 0), TC_ERROR, TC_ERROR_PEER_CLOSED);
  g_assert_cmpuint (server_seen (fixture, remote)->lines->len, ==, 1);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpint (tc_connection_get_state (remote), ==, TC_SOCKET_STATE_UNCONNECTED);

  peer_free (fixture, peer);
}

static void
test_peer_reset (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcRawPeer) raw = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                                  TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TcConnection *remote = server_side (fixture, 0);
  const char *sent = "complete\npartial";
  Seen *seen;
  TcMessage *last;

  tc_raw_peer_send_all (raw, sent, strlen (sent), 5000);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_bytes_in (remote) == strlen (sent), 5000);
  tc_raw_peer_reset (raw);

  TC_WAIT_UNTIL (fixture->context, fixture->disconnected->len == 1, 5000);
  g_assert_error ((GError *) g_ptr_array_index (fixture->disconnected, 0), TC_ERROR,
                  TC_ERROR_CONNECTION_RESET);

  /* Nothing the peer sent is dropped: the fragment comes flagged. */
  seen = server_seen (fixture, remote);
  g_assert_cmpuint (seen->lines->len, ==, 2);
  last = g_ptr_array_index (seen->lines, 1);
  g_assert_cmpmem (last->data, last->len, "partial", 7);
  g_assert_true (last->flags & TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
}

static void
test_half_close (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcRawPeer) raw = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                                  TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TcConnection *remote = server_side (fixture, 0);
  const char *sent = "first\r\nfinal words";
  Seen *seen;
  TcMessage *line;

  /* Queued before the peer's end of stream: still delivered to it. */
  g_assert_true (tc_server_send_to (fixture->server, remote, "reply", -1, NULL));
  tc_raw_peer_send_all (raw, sent, strlen (sent), 5000);
  tc_raw_peer_shutdown_write (raw);

  TC_WAIT_UNTIL (fixture->context, fixture->disconnected->len == 1, 5000);
  g_assert_error ((GError *) g_ptr_array_index (fixture->disconnected, 0), TC_ERROR, TC_ERROR_PEER_CLOSED);

  seen = server_seen (fixture, remote);
  g_assert_cmpuint (seen->lines->len, ==, 2);
  line = g_ptr_array_index (seen->lines, 0);
  g_assert_cmpmem (line->data, line->len, "first", 5);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_CRLF);
  line = g_ptr_array_index (seen->lines, 1);
  g_assert_cmpmem (line->data, line->len, "final words", 11);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);

  TC_WAIT_UNTIL (fixture->context, raw->eof, 5000);
  g_assert_no_error (raw->error);
  g_assert_cmpstr (raw->in->str, ==, "reply\n");
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;
  Peer *peer;

  /* A port that is bound but not listening refuses connections. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  peer = peer_connect_to (fixture, "127.0.0.1", port);
  g_assert_null (peer->connection);
  g_assert_error (peer->error, TC_ERROR, TC_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  peer_free (fixture, peer);
}

static void
test_bad_host (Fixture       *fixture,
               gconstpointer  data)
{
  Peer *peer = peer_connect_to (fixture, "no-such-host.invalid", 10000);

  g_assert_null (peer->connection);
  g_assert_error (peer->error, TC_ERROR, TC_ERROR_RESOLVE_FAILED);
  g_assert_nonnull (strstr (peer->error->message, "no-such-host.invalid"));
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  peer_free (fixture, peer);
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TcServer) second = tc_server_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (tc_server_listen (second, "127.0.0.1", fixture->port, &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_ADDRESS_IN_USE);
  g_assert_false (tc_server_is_listening (second));
  g_assert_cmpint (tc_server_get_state (second), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_finalize_object (g_steal_pointer (&second));
}

static void
test_max_clients (Fixture       *fixture,
                  gconstpointer  data)
{
  Peer *a, *b;
  g_autoptr(TcRawPeer) extra = NULL;

  tc_server_set_max_clients (fixture->server, 2);
  g_assert_cmpuint (tc_server_get_max_clients (fixture->server), ==, 2);

  a = peer_connect (fixture);
  b = peer_connect (fixture);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);

  extra = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                               TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (fixture->context, fixture->rejected->len == 1, 5000);
  g_assert_error ((GError *) g_ptr_array_index (fixture->rejected, 0), TC_ERROR, TC_ERROR_SERVER_FULL);
  TC_WAIT_UNTIL (fixture->context, extra->eof, 5000);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 2);
  g_assert_cmpuint (fixture->connected->len, ==, 2);

  /* A place freed is a place taken. */
  peer_free (fixture, a);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1, 5000);
  a = peer_connect (fixture);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);
  g_assert_cmpuint (fixture->rejected->len, ==, 1);

  peer_free (fixture, a);
  peer_free (fixture, b);
}

static GString *
numbered_lines (guint from,
                guint n,
                guint width)
{
  GString *s = g_string_sized_new ((gsize) n * (width + 16));

  for (guint i = from; i < from + n; i++)
    {
      g_string_append_printf (s, "line %07u ", i);
      for (guint k = 0; k < width; k++)
        g_string_append_c (s, 'a' + (char) ((i + k) % 26));
      g_string_append_c (s, '\n');
    }
  return s;
}

/* Checks that @peer got exactly the lines of @sent, relayed from @sender.
 * (Walks with memchr: g_strsplit on megabytes is slow under ASan.)
 */
static void
assert_relayed (Peer       *peer,
                const char *sender_label,
                GString    *sent)
{
  g_autofree char *prefix = g_strdup_printf ("[%s] ", sender_label);
  gsize prefix_len = strlen (prefix);
  const char *p = sent->str;
  const char *end = sent->str + sent->len;
  guint i = 0;

  for (; p < end; i++)
    {
      const char *nl = memchr (p, '\n', end - p);
      gsize len = (gsize) (nl - p);
      TcMessage *line;

      g_assert_nonnull (nl);
      g_assert_cmpuint (i, <, peer->seen->lines->len);
      line = g_ptr_array_index (peer->seen->lines, i);
      g_assert_cmpuint (line->len, ==, prefix_len + len);
      g_assert_cmpmem (line->data, prefix_len, prefix, prefix_len);
      g_assert_cmpmem (line->data + prefix_len, line->len - prefix_len, p, len);
      g_assert_cmpint (line->flags, ==, 0);
      p = nl + 1;
    }

  g_assert_cmpuint (peer->seen->lines->len, ==, i);
}

static void
test_stalled_receiver (Fixture       *fixture,
                       gconstpointer  data)
{
  enum { HIGH = 16 * 1024, LOW = 4 * 1024, MAX_UNSENT = 1024 * 1024, STALL_MS = 300 };
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(TcRawPeer) stalled = NULL;
  g_autoptr(GString) sent = numbered_lines (0, 20000, 80);
  g_autofree char *sender_label = NULL;
  Peer *reader;
  TcConnection *stalled_remote;
  gint64 start;

  fixture->shrink_sndbuf = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_limits (fixture->server, HIGH, LOW, MAX_UNSENT, STALL_MS);

  reader = peer_connect (fixture);
  stalled = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_KEEP_INPUT);
  stalled_remote = server_side (fixture, 1);
  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 3, 5000);
  sender_label = g_strdup (tc_connection_get_peer_label (server_side (fixture, 2)));

  start = g_get_monotonic_time ();
  tc_raw_peer_send_all (sender, sent->str, sent->len, 20000);
  TC_WAIT_UNTIL (fixture->context, reader->seen->lines->len == 20000, 20000);

  /* The stalled one was dropped with a reason, the honest reader got all. */
  g_assert_cmpint (tc_connection_get_state (stalled_remote), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpuint (fixture->disconnected->len, ==, 1);
  g_assert_error ((GError *) g_ptr_array_index (fixture->disconnected, 0), TC_ERROR, TC_ERROR_TOO_SLOW);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, STALL_MS * 1000 / 2);
  assert_relayed (reader, sender_label, sent);
  g_assert_cmpuint (reader->seen->n_closed, ==, 0);

  /* Memory stayed bounded: never more queued than the hard cap allows. */
  g_test_message ("largest unsent queue: %" G_GSIZE_FORMAT " bytes", fixture->max_unsent_seen);
  g_assert_cmpuint (fixture->max_unsent_seen, <=, MAX_UNSENT);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 2);

  peer_free (fixture, reader);
}

/* Reads at most a few KiB per tick: slower than the sender, never stalled. */
static gboolean
slow_read_tick (gpointer user_data)
{
  tc_raw_peer_read_some (user_data);

  return G_SOURCE_CONTINUE;
}

static void
test_slow_receiver (Fixture       *fixture,
                    gconstpointer  data)
{
  enum { HIGH = 16 * 1024, LOW = 4 * 1024, MAX_UNSENT = 256 * 1024, STALL_MS = 300 };
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(TcRawPeer) slow = NULL;
  g_autoptr(GString) sent = numbered_lines (0, 8000, 100);
  g_autoptr(GSource) tick = NULL;
  TcConnection *sender_remote;
  g_autofree char *prefix = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);

  fixture->shrink_sndbuf = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_limits (fixture->server, HIGH, LOW, MAX_UNSENT, STALL_MS);

  slow = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_KEEP_INPUT);
  slow->read_limit = 8 * 1024;
  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  sender_remote = server_side (fixture, 1);
  prefix = g_strdup_printf ("[%s] ", tc_connection_get_peer_label (sender_remote));

  tick = g_timeout_source_new (2);
  g_source_set_callback (tick, slow_read_tick, slow, NULL);
  g_source_attach (tick, fixture->context);

  /* ~900 KB at 8 KiB per 2 ms tick: far slower than loopback. */
  tc_raw_peer_send_all (sender, sent->str, sent->len, 30000);
  TC_WAIT_UNTIL (fixture->context, slow->lines_in == 8000, 30000);
  g_source_destroy (tick);

  g_assert_cmpuint (fixture->disconnected->len, ==, 0);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 2);
  g_assert_cmpuint (fixture->max_unsent_seen, <=, MAX_UNSENT);

  for (const char *p = sent->str, *nl; (nl = memchr (p, '\n', sent->str + sent->len - p)) != NULL;
       p = nl + 1)
    {
      g_string_append (expected, prefix);
      g_string_append_len (expected, p, nl - p + 1);
    }
  g_assert_cmpuint (slow->in->len, ==, expected->len);
  g_assert_true (memcmp (slow->in->str, expected->str, expected->len) == 0);
}

/* The process itself held up (a loaded machine, a debugger) past the stall
 * timeout while a peer is behind: nobody reads and nobody writes. Once it
 * runs again the peer catches up, and is not taken for slow.
 */
static void
test_held_up_process (Fixture       *fixture,
                      gconstpointer  data)
{
  enum { HIGH = 16 * 1024, LOW = 4 * 1024, MAX_UNSENT = 4 * 1024 * 1024, STALL_MS = 300 };
  enum { N_LINES = 4000, LINE_LEN = 100 };
  g_autoptr(TcRawPeer) reader = NULL;
  g_autoptr(GString) sent = numbered_lines (0, N_LINES, LINE_LEN);
  TcConnection *remote;

  fixture->shrink_sndbuf = TRUE;
  tc_server_set_limits (fixture->server, HIGH, LOW, MAX_UNSENT, STALL_MS);
  reader = tc_raw_peer_connect (fixture->context, fixture->port, 4096,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  remote = server_side (fixture, 0);

  /* Far more than the socket buffers hold: the peer is behind, and once
   * the first bytes went out the stall clock runs.
   */
  for (const char *p = sent->str, *nl; (nl = memchr (p, '\n', sent->str + sent->len - p)) != NULL;
       p = nl + 1)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (tc_connection_send_line (remote, p, nl - p, &error));
      g_assert_no_error (error);
    }
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_bytes_out (remote) > 0, 5000);
  g_assert_true (tc_connection_get_congested (remote));

  /* The stimulus, not a wait: the whole process stops for twice the
   * timeout without running its main loop.
   */
  g_usleep (2 * STALL_MS * 1000);

  TC_WAIT_UNTIL (fixture->context,
                 reader->lines_in == N_LINES || fixture->disconnected->len > 0, 20000);
  if (fixture->disconnected->len > 0)
    g_error ("dropped: %s", ((GError *) g_ptr_array_index (fixture->disconnected, 0))->message);
  g_assert_cmpint (tc_connection_get_state (remote), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_cmpuint (reader->in->len, ==, sent->len);
  g_assert_true (memcmp (reader->in->str, sent->str, sent->len) == 0);
}

static void
test_relay_100k (Fixture       *fixture,
                 gconstpointer  data)
{
  enum { N = 100000 };
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(GString) sent = numbered_lines (0, N, 20);
  g_autofree char *sender_label = NULL;
  Peer *reader;

  tc_server_set_relay (fixture->server, TRUE);
  reader = peer_connect (fixture);
  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  sender_label = g_strdup (tc_connection_get_peer_label (server_side (fixture, 1)));

  tc_raw_peer_send_all (sender, sent->str, sent->len, 30000);
  TC_WAIT_UNTIL (fixture->context, reader->seen->lines->len == N, 30000);
  assert_relayed (reader, sender_label, sent);
  g_assert_cmpuint (fixture->disconnected->len, ==, 0);

  peer_free (fixture, reader);
}

/* ---- The hard cap on unsent bytes ---- */

typedef struct
{
  gsize max_unsent;   /* 0: the connection's default */
  gsize line_len;
} CapCase;

static const CapCase cap_default = { 0, 16 * 1024 - 1 };
static const CapCase cap_small = { 64 * 1024, 1024 - 1 };

/* A peer that never reads, and lines queued for it until the cap (the
 * client's own by default, which holds only what its user sent): the
 * send that would pass it fails, and the connection closes, with
 * SEND_QUEUE_FULL and a message that says why.
 */
static void
test_send_queue_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  const CapCase *cap = data;
  gsize max_unsent = cap->max_unsent > 0 ? cap->max_unsent : TC_CLIENT_MAX_UNSENT;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) late_error = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) sink = NULL;
  g_autofree char *line = g_malloc (cap->line_len);
  g_autofree char *expected = NULL;
  GSocket *socket;
  guint64 queued = 0;
  gsize held = 0;
  gsize max_held = 0;
  guint16 port;
  guint n_sent = 0;
  gboolean sent;
  Peer *peer;

  g_assert_cmpuint (TC_CONNECTION_DEFAULT_MAX_UNSENT, ==, 4 * 1024 * 1024);

  /* Small kernel buffers on both sides, so the queue is what fills. */
  listener = tc_raw_listen (&port);
  g_socket_set_option (listener, SOL_SOCKET, SO_RCVBUF, 4096, &error);
  g_assert_no_error (error);
  peer = peer_connect_with_timeout (fixture, "127.0.0.1", port, 0);
  g_assert_no_error (peer->error);
  sink = tc_raw_peer_accept (fixture->context, listener, 5000, TC_RAW_PEER_NONE);
  socket = tc_connection_get_socket (peer->connection);
  g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, 4096, &error);
  g_assert_no_error (error);

  if (cap->max_unsent > 0)
    tc_connection_set_limits (peer->connection, max_unsent / 4, max_unsent / 16, max_unsent,
                              TC_CONNECTION_DEFAULT_STALL_TIMEOUT);

  /* Each line is written out as far as the kernel takes it before the
   * next: what piles up is only what the peer does not read.
   */
  memset (line, 'q', cap->line_len);
  do
    {
      sent = tc_connection_send_line (peer->connection, line, (gssize) cap->line_len, &error);
      if (sent)
        {
          n_sent++;
          queued += cap->line_len + 1;
          tc_test_drain (fixture->context);
          held = (gsize) (queued - tc_connection_get_bytes_out (peer->connection));
          max_held = MAX (max_held, held);
          g_assert_cmpuint (tc_connection_get_unsent_bytes (peer->connection), ==, held);
        }
    }
  while (sent && n_sent < 10 * max_unsent / (cap->line_len + 1));

  g_test_message ("cap %" G_GSIZE_FORMAT ": %u lines queued, %" G_GUINT64_FORMAT " bytes taken by "
                  "the kernel, at most %" G_GSIZE_FORMAT " held", max_unsent, n_sent,
                  tc_connection_get_bytes_out (peer->connection), max_held);

  /* The send past the cap failed, with the specific error, in words. */
  g_assert_false (sent);
  g_assert_error (error, TC_ERROR, TC_ERROR_SEND_QUEUE_FULL);
  expected = g_strdup_printf ("Too slow: %s has %" G_GSIZE_FORMAT " bytes waiting, over the "
                              "limit of %" G_GSIZE_FORMAT,
                              tc_connection_get_peer_label (peer->connection),
                              held + cap->line_len + 1, max_unsent);
  g_assert_cmpstr (error->message, ==, expected);

  /* Memory never held more than the cap, and it was full when it failed. */
  g_assert_cmpuint (max_held, <=, max_unsent);
  g_assert_cmpuint (held + cap->line_len + 1, >, max_unsent);

  /* The connection closed with the same reason, its queue freed. */
  g_assert_cmpuint (peer->seen->n_closed, ==, 1);
  g_assert_error (peer->seen->closed, TC_ERROR, TC_ERROR_SEND_QUEUE_FULL);
  g_assert_cmpstr (peer->seen->closed->message, ==, expected);
  g_assert_cmpint (tc_connection_get_state (peer->connection), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpuint (tc_connection_get_unsent_bytes (peer->connection), ==, 0);
  g_assert_false (tc_connection_get_congested (peer->connection));
  g_assert_false (tc_connection_send_line (peer->connection, "late", -1, &late_error));
  g_assert_error (late_error, TC_ERROR, TC_ERROR_NOT_CONNECTED);

  /* The peer sees the end of the stream, after no more than was written. */
  tc_raw_peer_set_reading (sink, TRUE);
  TC_WAIT_UNTIL (fixture->context, sink->eof, 5000);
  g_assert_cmpuint (sink->bytes_in, <=, tc_connection_get_bytes_out (peer->connection));

  peer_free (fixture, peer);
}

/* ---- The connect timeout is not an I/O timeout ---- */

static void
test_connect_timeout_not_idle (Fixture       *fixture,
                               gconstpointer  data)
{
  enum { CONNECT_TIMEOUT_MS = 200, IDLE_MS = 5 * CONNECT_TIMEOUT_MS };
  g_autoptr(GError) error = NULL;
  TcConnection *remote;
  GSocket *socket;
  gint64 start;
  Peer *peer;

  peer = peer_connect_with_timeout (fixture, "127.0.0.1", fixture->port, CONNECT_TIMEOUT_MS);
  g_assert_no_error (peer->error);
  g_assert_cmpuint (tc_client_get_connect_timeout (peer->client), ==, CONNECT_TIMEOUT_MS);
  remote = server_side (fixture, 0);

  /* No timeout on the socket itself... */
  socket = tc_connection_get_socket (peer->connection);
  g_assert_cmpuint (g_socket_get_timeout (socket), ==, 0);

  /* ...and quiet for five times the connect timeout, nothing ends. */
  start = g_get_monotonic_time ();
  tc_test_run_for (fixture->context, IDLE_MS);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, IDLE_MS * 1000);

  g_assert_cmpuint (peer->seen->n_closed, ==, 0);
  g_assert_cmpuint (fixture->disconnected->len, ==, 0);
  g_assert_cmpint (tc_client_get_state (peer->client), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_true (tc_client_get_connection (peer->client) == peer->connection);
  g_assert_cmpint (tc_connection_get_state (peer->connection), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_cmpint (tc_connection_get_state (remote), ==, TC_SOCKET_STATE_CONNECTED);

  /* Still a working connection, both ways. */
  g_assert_true (tc_client_send_line (peer->client, "after a quiet while", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, server_seen (fixture, remote)->lines->len == 1, 5000);
  {
    g_autofree char *got = seen_line (server_seen (fixture, remote), 0);
    g_assert_cmpstr (got, ==, "after a quiet while");
  }
  g_assert_true (tc_server_send_to (fixture->server, remote, "still here", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, peer->seen->lines->len == 1, 5000);
  {
    g_autofree char *got = seen_line (peer->seen, 0);
    g_assert_cmpstr (got, ==, "still here");
  }
  g_assert_cmpuint (peer->seen->n_closed, ==, 0);

  peer_free (fixture, peer);
}

/* Queues lines for a server that reads nothing until the client's
 * connection is congested. */
static void
fill_until_congested (Fixture *fixture,
                      Peer    *peer)
{
  char line[1024];

  memset (line, 'w', sizeof line);
  for (guint i = 0; i < 10000 && !tc_connection_get_congested (peer->connection); i++)
    {
      g_assert_true (tc_connection_send_line (peer->connection, line, sizeof line, NULL));
      tc_test_drain (fixture->context);
    }
  g_assert_true (tc_connection_get_congested (peer->connection));
}

/* A server that takes nothing for longer than the server side's stall
 * timeout (10 s) is waited for: the client never gives up by itself, and
 * every byte arrives once the server reads. */
static void
test_client_waits_for_slow_server (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) server = NULL;
  g_autoptr(GError) error = NULL;
  gboolean waited = FALSE;
  GSource *timer;
  guint16 port;
  guint64 queued;
  Peer *peer;

  listener = tc_raw_listen (&port);
  g_socket_set_option (listener, SOL_SOCKET, SO_RCVBUF, 4096, &error);
  g_assert_no_error (error);
  peer = peer_connect_with_timeout (fixture, "127.0.0.1", port, 0);
  g_assert_no_error (peer->error);
  server = tc_raw_peer_accept (fixture->context, listener, 5000, TC_RAW_PEER_NONE);
  fill_until_congested (fixture, peer);
  queued = tc_connection_get_bytes_out (peer->connection) +
           tc_connection_get_unsent_bytes (peer->connection);

  timer = tc_test_deadline_new (fixture->context, TC_CONNECTION_DEFAULT_STALL_TIMEOUT + 1500,
                                &waited);
  while (!waited && peer->seen->n_closed == 0)
    g_main_context_iteration (fixture->context, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
  g_assert_cmpuint (peer->seen->n_closed, ==, 0);
  g_assert_cmpint (tc_connection_get_state (peer->connection), ==, TC_SOCKET_STATE_CONNECTED);

  tc_raw_peer_set_reading (server, TRUE);
  TC_WAIT_UNTIL (fixture->context, server->bytes_in == queued, 10000);
  g_assert_cmpuint (peer->seen->n_closed, ==, 0);
  peer_free (fixture, peer);
}

/* The timeout a user sets does end it, as too slow. */
static void
test_client_send_timeout (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) server = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;
  Peer *peer;

  listener = tc_raw_listen (&port);
  g_socket_set_option (listener, SOL_SOCKET, SO_RCVBUF, 4096, &error);
  g_assert_no_error (error);
  peer = peer_connect_full (fixture, "127.0.0.1", port, 0, 300);
  g_assert_no_error (peer->error);
  server = tc_raw_peer_accept (fixture->context, listener, 5000, TC_RAW_PEER_NONE);
  fill_until_congested (fixture, peer);

  TC_WAIT_UNTIL (fixture->context, peer->seen->n_closed == 1, 5000);
  g_assert_error (peer->seen->closed, TC_ERROR, TC_ERROR_TOO_SLOW);
  peer_free (fixture, peer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/loopback/connect", test_connect);
  ADD ("/loopback/exchange", test_exchange);
  ADD ("/loopback/listen-addresses", test_listen_addresses);
  ADD ("/loopback/many-clients", test_many_clients);
  ADD ("/loopback/broadcast", test_broadcast);
  ADD ("/loopback/relay", test_relay);
  ADD ("/loopback/server-stop", test_server_stop);
  ADD ("/loopback/reconnect-backoff", test_reconnect_backoff);
  ADD ("/loopback/client-disconnect", test_client_disconnect);
  ADD ("/loopback/peer-reset", test_peer_reset);
  ADD ("/loopback/half-close", test_half_close);
  ADD ("/loopback/refused", test_refused);
  ADD ("/loopback/bad-host", test_bad_host);
  ADD ("/loopback/port-in-use", test_port_in_use);
  ADD ("/loopback/max-clients", test_max_clients);
  ADD ("/loopback/stalled-receiver", test_stalled_receiver);
  ADD ("/loopback/slow-receiver", test_slow_receiver);
  ADD ("/loopback/held-up-process", test_held_up_process);
  ADD ("/loopback/relay-100k", test_relay_100k);
  ADD ("/loopback/connect-timeout-not-idle", test_connect_timeout_not_idle);
  g_test_add ("/loopback/line-signal-late", Fixture, NULL,
              fixture_set_up, test_line_signal_late, fixture_tear_down);
  g_test_add ("/loopback/client-line-signal-late", Fixture, NULL,
              fixture_set_up, test_client_line_signal_late, fixture_tear_down);
  g_test_add ("/loopback/client-waits-for-slow-server", Fixture, NULL,
              fixture_set_up, test_client_waits_for_slow_server, fixture_tear_down);
  g_test_add ("/loopback/client-send-timeout", Fixture, NULL,
              fixture_set_up, test_client_send_timeout, fixture_tear_down);
  g_test_add ("/loopback/send-queue-cap/default", Fixture, &cap_default,
              fixture_set_up, test_send_queue_cap, fixture_tear_down);
  g_test_add ("/loopback/send-queue-cap/small", Fixture, &cap_small,
              fixture_set_up, test_send_queue_cap, fixture_tear_down);

#undef ADD

  return g_test_run ();
}
