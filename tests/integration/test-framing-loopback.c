/* test-framing-loopback.c: every framing between a real server and client, and relay of binary frames
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client.h"
#include "tc-connection.h"
#include "tc-error.h"
#include "tc-framing.h"
#include "tc-server.h"
#include "tc-test-util.h"

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  guint16       port;
  GPtrArray    *connected;   /* server side, strong refs */
  GPtrArray    *received;    /* TcMessage* the server got, from any client */
} Fixture;

static void
on_client_connected (TcServer     *server,
                     TcConnection *client,
                     Fixture      *fixture)
{
  g_ptr_array_add (fixture->connected, g_object_ref (client));
}

static void
on_server_line (TcServer     *server,
                TcConnection *client,
                TcMessage       *line,
                Fixture      *fixture)
{
  g_ptr_array_add (fixture->received, tc_message_copy (line));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->connected = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->received = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);

  fixture->server = tc_server_new ();
  g_signal_connect (fixture->server, "client-connected", G_CALLBACK (on_client_connected), fixture);
  g_signal_connect (fixture->server, "line-received", G_CALLBACK (on_server_line), fixture);
  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  fixture->port = tc_server_get_port (fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tc_server_stop (fixture->server);
  tc_test_drain (fixture->context);
  g_signal_handlers_disconnect_by_data (fixture->server, fixture);
  g_clear_pointer (&fixture->connected, g_ptr_array_unref);
  g_clear_pointer (&fixture->received, g_ptr_array_unref);

  tc_test_drain (fixture->context);
  g_assert_finalize_object (g_steal_pointer (&fixture->server));
  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

typedef struct
{
  TcClient     *client;
  TcConnection *connection;
  GError       *error;
  gboolean      done;
  GPtrArray    *received;  /* TcMessage* */
} Peer;

static void
peer_line_cb (TcConnection *connection,
              TcMessage       *line,
              Peer         *peer)
{
  g_ptr_array_add (peer->received, tc_message_copy (line));
}

static void
peer_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Peer *peer = user_data;

  peer->connection = tc_client_connect_finish (TC_CLIENT (object), result, &peer->error);
  peer->done = TRUE;
}

static Peer *
peer_connect (Fixture   *fixture,
              TcFraming *framing)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->client = tc_client_new ();
  peer->received = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  tc_client_set_framing (peer->client, framing);
  tc_client_connect_async (peer->client, "127.0.0.1", fixture->port, NULL, peer_connect_cb, peer);
  TC_WAIT_UNTIL (fixture->context, peer->done, 15000);
  g_assert_no_error (peer->error);
  g_signal_connect (peer->connection, "line-received", G_CALLBACK (peer_line_cb), peer);

  return peer;
}

static void
peer_free (Fixture *fixture,
           Peer    *peer)
{
  g_signal_handlers_disconnect_by_data (peer->connection, peer);
  tc_client_disconnect (peer->client);
  tc_test_drain (fixture->context);
  tc_test_assert_finalized (fixture->context, g_steal_pointer (&peer->connection));
  tc_test_assert_finalized (fixture->context, g_steal_pointer (&peer->client));
  g_ptr_array_unref (peer->received);
  g_free (peer);
}

static TcFraming *
parse (const char *spec)
{
  g_autoptr(GError) error = NULL;
  TcFraming *framing = tc_framing_parse (spec, &error);

  g_assert_no_error (error);
  return framing;
}

/* Messages with the bytes that break text framings: NUL, LF, CR, 0xFF. */
static const struct { const char *data; gsize len; } messages[] = {
  { "ping", 4 }, { "\0\n\r\xff", 4 }, { "abcd", 4 },
};

/* A server and a client in the same framing exchange messages both ways;
 * each arrives as it was sent, a length-prefixed one with its prefix.
 */
static void
test_each_framing (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *specs[] = {
    "lines", "delimiter:\\x03", "delimiter:END", "fixed:4", "raw:20",
    "length:u8", "length:u16be", "length:u16le", "length:u32be", "length:u32le",
  };

  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(TcFraming) framing = parse (specs[s]);
      gboolean raw = tc_framing_get_mode (framing) == TC_FRAMING_MODE_RAW;
      gboolean lines = tc_framing_get_mode (framing) == TC_FRAMING_MODE_LINES;
      Peer *peer;
      TcConnection *server_side;

      g_test_message ("framing %s", specs[s]);
      tc_server_set_framing (fixture->server, framing);
      g_ptr_array_set_size (fixture->received, 0);
      g_ptr_array_set_size (fixture->connected, 0);
      peer = peer_connect (fixture, framing);
      TC_WAIT_UNTIL (fixture->context, fixture->connected->len == 1, 5000);
      server_side = g_ptr_array_index (fixture->connected, 0);

      for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
        {
          /* LF cannot be inside a line; raw messages are told apart by a pause */
          if (lines && memchr (messages[i].data, '\n', messages[i].len) != NULL)
            continue;

          g_assert_true (tc_connection_send_line (peer->connection, messages[i].data,
                                                  (gssize) messages[i].len, NULL));
          if (raw)
            TC_WAIT_UNTIL (fixture->context, fixture->received->len == i + 1, 5000);
          g_assert_true (tc_connection_send_line (server_side, messages[i].data,
                                                  (gssize) messages[i].len, NULL));
          if (raw)
            TC_WAIT_UNTIL (fixture->context, peer->received->len == i + 1, 5000);
        }

      TC_WAIT_UNTIL (fixture->context,
                     fixture->received->len == (lines ? 2u : 3u) &&
                     peer->received->len == (lines ? 2u : 3u), 5000);

      for (guint side = 0; side < 2; side++)
        for (guint i = 0, m = 0; i < G_N_ELEMENTS (messages); i++)
          {
            GPtrArray *got = side == 0 ? fixture->received : peer->received;
            TcMessage *line;

            if (lines && memchr (messages[i].data, '\n', messages[i].len) != NULL)
              continue;

            line = g_ptr_array_index (got, m++);
            g_assert_cmpmem (line->data, line->len, messages[i].data, messages[i].len);
            g_assert_cmpuint (line->flags, ==, 0);
            if (tc_framing_get_mode (framing) == TC_FRAMING_MODE_LENGTH)
              {
                guint8 header[4];

                g_assert_cmpuint (line->header_len, ==,
                                  tc_length_prefix_get_size (tc_framing_get_length_prefix (framing)));
                memcpy (header, line->header, line->header_len);
                g_assert_cmpuint (tc_length_prefix_decode (tc_framing_get_length_prefix (framing),
                                                           header), ==, messages[i].len);
              }
          }

      peer_free (fixture, peer);
      TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 0, 5000);
    }
}

/* Relay in a binary framing: the frame reaches the other clients byte for
 * byte, with no "[ip:port] " unless asked for.
 */
static void
test_relay_binary (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TcFraming) framing = parse ("length:u16be");
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(TcRawPeer) receiver = NULL;
  static const char frame[] = "\x00\x06" "\0\n\r\xff[]";
  g_autofree char *prefixed = NULL;
  g_autofree char *label = NULL;
  gsize prefixed_len;
  TcConnection *server_sender;

  tc_server_set_framing (fixture->server, framing);
  tc_server_set_relay (fixture->server, TRUE);
  g_assert_false (tc_server_get_relay_prefix (fixture->server));

  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  receiver = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                  TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);

  /* split inside the prefix and inside the payload, each part read alone */
  server_sender = g_ptr_array_index (fixture->connected, 0);
  tc_raw_peer_send_all (sender, frame, 1, 5000);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_bytes_in (server_sender) == 1, 5000);
  tc_raw_peer_send_all (sender, frame + 1, 4, 5000);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_bytes_in (server_sender) == 5, 5000);
  tc_raw_peer_send_all (sender, frame + 5, sizeof frame - 1 - 5, 5000);
  TC_WAIT_UNTIL (fixture->context, receiver->in->len >= sizeof frame - 1, 5000);
  g_assert_cmpmem (receiver->in->str, receiver->in->len, frame, sizeof frame - 1);

  /* asked for: the prefix goes in the payload and the length counts it */
  tc_server_set_relay_prefix (fixture->server, TRUE);
  g_string_truncate (receiver->in, 0);
  tc_raw_peer_send_all (sender, frame, sizeof frame - 1, 5000);

  label = g_strdup_printf ("[%s] ", tc_connection_get_peer_label (server_sender));
  prefixed_len = strlen (label) + 6;
  prefixed = g_malloc (2 + prefixed_len);
  prefixed[0] = (char) (prefixed_len >> 8);
  prefixed[1] = (char) prefixed_len;
  memcpy (prefixed + 2, label, strlen (label));
  memcpy (prefixed + 2 + strlen (label), frame + 2, 6);

  TC_WAIT_UNTIL (fixture->context, receiver->in->len >= 2 + prefixed_len, 5000);
  g_assert_cmpmem (receiver->in->str, receiver->in->len, prefixed, 2 + prefixed_len);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The relay prefix follows the framing until set, and again once unset. */
static void
test_relay_prefix_default (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TcFraming) raw = parse ("raw");
  guint notified = 0;
  gulong id;

  id = g_signal_connect (fixture->server, "notify::relay-prefix",
                         G_CALLBACK (count_notify), &notified);

  g_assert_true (tc_server_get_relay_prefix (fixture->server));
  g_assert_false (tc_server_get_relay_prefix_set (fixture->server));

  tc_server_set_framing (fixture->server, raw);
  g_assert_false (tc_server_get_relay_prefix (fixture->server));
  g_assert_cmpuint (notified, ==, 1);

  tc_server_set_relay_prefix (fixture->server, TRUE);
  g_assert_true (tc_server_get_relay_prefix (fixture->server));
  g_assert_true (tc_server_get_relay_prefix_set (fixture->server));
  g_assert_cmpuint (notified, ==, 2);

  tc_server_set_framing (fixture->server, NULL);
  tc_server_set_framing (fixture->server, raw);
  g_assert_true (tc_server_get_relay_prefix (fixture->server));
  g_assert_cmpuint (notified, ==, 2);

  g_object_set (fixture->server, "relay-prefix-set", FALSE, NULL);
  g_assert_false (tc_server_get_relay_prefix (fixture->server));
  g_assert_cmpuint (notified, ==, 3);

  g_signal_handler_disconnect (fixture->server, id);
}

/* Raw with a gap: bytes close together make one message, a pause ends it;
 * the pause is timed by the connection, on its main context.
 */
static void
test_raw_gap (Fixture       *fixture,
              gconstpointer  data)
{
  /* long enough that a loaded machine does not split "ab" from "cd" */
  g_autoptr(TcFraming) framing = parse ("raw:400");
  g_autoptr(TcRawPeer) peer = NULL;
  TcMessage *line;

  tc_server_set_framing (fixture->server, framing);
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1, 5000);

  tc_raw_peer_send_all (peer, "ab", 2, 5000);
  tc_raw_peer_send_all (peer, "cd", 2, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 1, 5000);
  line = g_ptr_array_index (fixture->received, 0);
  g_assert_cmpmem (line->data, line->len, "abcd", 4);
  g_assert_cmpuint (line->flags, ==, 0);

  tc_raw_peer_send_all (peer, "\0\xff", 2, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 2, 5000);
  line = g_ptr_array_index (fixture->received, 1);
  g_assert_cmpmem (line->data, line->len, "\0\xff", 2);

  /* what is held when the peer leaves is delivered then */
  tc_raw_peer_send_all (peer, "zz", 2, 5000);
  tc_raw_peer_shutdown_write (peer);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 3, 5000);
  line = g_ptr_array_index (fixture->received, 2);
  g_assert_cmpmem (line->data, line->len, "zz", 2);
}

/* A frame cut short by the peer's close is still delivered, flagged, with
 * the prefix and the payload that came.
 */
static void
test_fragment_at_close (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TcFraming) framing = parse ("length:u16be");
  g_autoptr(TcRawPeer) peer = NULL;
  TcMessage *line;

  tc_server_set_framing (fixture->server, framing);
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1, 5000);

  tc_raw_peer_send_all (peer, "\x00\x02ok\x00\x09part", 10, 5000);
  tc_raw_peer_shutdown_write (peer);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 2, 5000);

  line = g_ptr_array_index (fixture->received, 0);
  g_assert_cmpmem (line->data, line->len, "ok", 2);
  g_assert_cmpuint (line->flags, ==, 0);

  line = g_ptr_array_index (fixture->received, 1);
  g_assert_cmpmem (line->data, line->len, "part", 4);
  g_assert_cmpmem (line->header, line->header_len, "\x00\x09", 2);
  g_assert_cmpuint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);
}

/* The framing is taken when a client connects: changing it later leaves
 * the connected ones as they were.
 */
static void
test_framing_for_new_connections (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(TcFraming) fixed = parse ("fixed:2");
  g_autoptr(TcRawPeer) first = NULL;
  g_autoptr(TcRawPeer) second = NULL;

  first = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1, 5000);
  tc_server_set_framing (fixture->server, fixed);
  second = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);

  tc_raw_peer_send_all (first, "abcd\n", 5, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 1, 5000);
  tc_raw_peer_send_all (second, "abcd", 4, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->received->len == 3, 5000);

  g_assert_cmpmem (((TcMessage *) g_ptr_array_index (fixture->received, 0))->data,
                   ((TcMessage *) g_ptr_array_index (fixture->received, 0))->len, "abcd", 4);
  g_assert_cmpmem (((TcMessage *) g_ptr_array_index (fixture->received, 2))->data,
                   ((TcMessage *) g_ptr_array_index (fixture->received, 2))->len, "cd", 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/framing-loopback/each-framing", test_each_framing);
  ADD ("/framing-loopback/relay-binary", test_relay_binary);
  ADD ("/framing-loopback/relay-prefix-default", test_relay_prefix_default);
  ADD ("/framing-loopback/raw-gap", test_raw_gap);
  ADD ("/framing-loopback/fragment-at-close", test_fragment_at_close);
  ADD ("/framing-loopback/for-new-connections", test_framing_for_new_connections);

  return g_test_run ();
}
