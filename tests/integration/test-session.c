/* test-session.c: TcSession's events and sending, a server's and a client's, over loopback
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-error.h"
#include "tc-session.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  TcSession    *server_session;
  GPtrArray    *server_events;  /* of TcEvent copies */
  guint16       port;
  TcClient     *client;
  TcSession    *client_session;
  GPtrArray    *client_events;
} Fixture;

static void
record_event_cb (TcSession     *session,
                 const TcEvent *event,
                 gpointer       user_data)
{
  GPtrArray *events = user_data;

  g_assert_nonnull (event);
  g_assert_cmpint (event->time_us, >, 0);
  g_ptr_array_add (events, tc_event_copy (event));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);

  f->server = tc_server_new ();
  f->server_session = tc_session_new_for_server (f->server);
  f->server_events = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_event_free);
  tc_session_add_event_func (f->server_session, record_event_cb, f->server_events);

  g_assert_true (tc_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);

  f->client = tc_client_new ();
  f->client_session = tc_session_new_for_client (f->client);
  f->client_events = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_event_free);
  tc_session_add_event_func (f->client_session, record_event_cb, f->client_events);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tc_client_disconnect (f->client);
  tc_server_stop (f->server);
  tc_test_drain (f->context);

  tc_test_assert_finalized (f->context, g_steal_pointer (&f->client_session));
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->server_session));
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->client));
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->server));
  g_ptr_array_unref (f->server_events);
  g_ptr_array_unref (f->client_events);

  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static guint
count_kind (GPtrArray   *events,
            TcEventKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (((TcEvent *) g_ptr_array_index (events, i))->kind == kind)
      n++;
  return n;
}

/* The first event of @kind at or after @from; fails the test if none. */
static const TcEvent *
find_kind (GPtrArray   *events,
           TcEventKind  kind,
           guint        from,
           guint       *index)
{
  for (guint i = from; i < events->len; i++)
    {
      const TcEvent *event = g_ptr_array_index (events, i);

      if (event->kind == kind)
        {
          if (index != NULL)
            *index = i;
          return event;
        }
    }
  g_error ("no %s event from %u of %u", tc_event_kind_to_string (kind), from, events->len);
  return NULL;
}

/* A message's bytes then its terminator: what was on the wire. */
static char *
message_wire (const TcEvent *event)
{
  gsize terminator_len;
  const char *terminator;

  g_assert_nonnull (event->message);
  terminator = tc_message_get_terminator (event->message, &terminator_len);
  return g_strdup_printf ("%.*s%.*s", (int) event->message->len, event->message->data,
                          (int) terminator_len, terminator);
}

static GBytes *
bytes_from_string (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
connect_client (Fixture *f)
{
  tc_client_connect (f->client, "127.0.0.1", f->port);
  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_PEER_CONNECTED) == 1 &&
                             count_kind (f->client_events, TC_EVENT_PEER_CONNECTED) == 1,
                 WAIT_MS);
}

/* Connected, received, sent, closed: in order, with their peers, bytes and
 * terminators, on both sides. */
static void
test_conversation (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) hello = bytes_from_string ("hello");
  g_autoptr(GBytes) reply = bytes_from_string ("back\r");
  g_autofree char *server_label = g_strdup_printf ("127.0.0.1:%u", f->port);
  g_autofree char *wire = NULL;
  const TcEvent *event;
  const TcEvent *connected;
  TcConnection *server_side;
  guint at;

  /* The server's session saw it start listening. */
  event = find_kind (f->server_events, TC_EVENT_STATE, 0, NULL);
  g_assert_cmpint (event->state, ==, TC_SOCKET_STATE_LISTENING);
  g_assert_null (event->peer);
  g_assert_nonnull (strstr (event->text, server_label));
  g_assert_cmpint (tc_session_get_state (f->server_session), ==, TC_SOCKET_STATE_LISTENING);

  connect_client (f);

  connected = find_kind (f->server_events, TC_EVENT_PEER_CONNECTED, 0, NULL);
  server_side = connected->connection;
  g_assert_true (TC_IS_CONNECTION (server_side));
  g_assert_cmpstr (connected->peer, ==, tc_connection_get_peer_label (server_side));
  g_assert_cmpstr (connected->text, ==, "Client connected");
  g_assert_false (connected->failure);
  g_assert_cmpuint (tc_session_get_n_peers (f->server_session), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (tc_session_get_peers (f->server_session)), ==, 1);

  /* The client: its states in order, then the peer. */
  event = find_kind (f->client_events, TC_EVENT_STATE, 0, &at);
  event = find_kind (f->client_events, TC_EVENT_PEER_CONNECTED, 0, &at);
  g_assert_cmpstr (event->peer, ==, server_label);
  g_assert_true (event->connection == tc_client_get_connection (f->client));
  g_assert_cmpint (((TcEvent *) g_ptr_array_index (f->client_events, at - 1))->state, ==,
                   TC_SOCKET_STATE_CONNECTED);
  g_assert_cmpuint (tc_session_get_n_peers (f->client_session), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (tc_session_get_peers (f->client_session)), ==, 1);

  /* Client to server: the SENT event has the framed bytes. */
  g_assert_cmpuint (tc_session_send (f->client_session, NULL, hello, &error), ==, 1);
  g_assert_no_error (error);
  event = find_kind (f->client_events, TC_EVENT_SENT, 0, NULL);
  g_assert_cmpstr (event->peer, ==, server_label);
  wire = message_wire (event);
  g_assert_cmpstr (wire, ==, "hello\n");
  g_clear_pointer (&wire, g_free);

  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_RECEIVED) == 1, WAIT_MS);
  event = find_kind (f->server_events, TC_EVENT_RECEIVED, 0, NULL);
  g_assert_true (event->connection == server_side);
  g_assert_cmpstr (event->peer, ==, connected->peer);
  g_assert_cmpmem (event->message->data, event->message->len, "hello", 5);
  g_assert_null (event->text);
  wire = message_wire (event);
  g_assert_cmpstr (wire, ==, "hello\n");
  g_clear_pointer (&wire, g_free);

  /* Server to that client: "\r" then the framer's "\n" is a CRLF line there. */
  g_assert_cmpuint (tc_session_send (f->server_session, server_side, reply, &error), ==, 1);
  g_assert_no_error (error);
  event = find_kind (f->server_events, TC_EVENT_SENT, 0, NULL);
  g_assert_true (event->connection == server_side);
  wire = message_wire (event);
  g_assert_cmpstr (wire, ==, "back\r\n");
  g_clear_pointer (&wire, g_free);

  TC_WAIT_UNTIL (f->context, count_kind (f->client_events, TC_EVENT_RECEIVED) == 1, WAIT_MS);
  event = find_kind (f->client_events, TC_EVENT_RECEIVED, 0, NULL);
  g_assert_cmpmem (event->message->data, event->message->len, "back", 4);
  g_assert_true (event->message->flags & TC_MESSAGE_FLAG_CRLF);
  wire = message_wire (event);
  g_assert_cmpstr (wire, ==, "back\r\n");
  g_clear_pointer (&wire, g_free);

  /* The client hangs up: both sides say so, with the same connections. */
  tc_client_disconnect (f->client);
  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_PEER_CLOSED) == 1, WAIT_MS);

  event = find_kind (f->client_events, TC_EVENT_PEER_CLOSED, 0, NULL);
  g_assert_cmpstr (event->peer, ==, server_label);
  g_assert_nonnull (event->connection);
  g_assert_error (event->error, TC_ERROR, TC_ERROR_LOCAL_CLOSE);
  g_assert_false (event->failure);
  g_assert_cmpstr (event->text, ==, "Disconnected by you");
  g_assert_cmpuint (tc_session_get_n_peers (f->client_session), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (tc_session_get_peers (f->client_session)), ==, 0);

  event = find_kind (f->server_events, TC_EVENT_PEER_CLOSED, 0, &at);
  g_assert_true (event->connection == server_side);
  g_assert_error (event->error, TC_ERROR, TC_ERROR_PEER_CLOSED);
  g_assert_false (event->failure);
  /* Who ended it, once: not "Disconnected: Disconnected". */
  g_assert_cmpstr (event->text, ==, event->error->message);
  g_assert_true (g_str_has_suffix (event->text, " closed the connection"));

  /* In the order they happened. */
  find_kind (f->server_events, TC_EVENT_PEER_CONNECTED, 0, &at);
  find_kind (f->server_events, TC_EVENT_RECEIVED, at, &at);
  find_kind (f->server_events, TC_EVENT_SENT, at, &at);
  find_kind (f->server_events, TC_EVENT_PEER_CLOSED, at, &at);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->server_session) == 0, WAIT_MS);
}

/* A full server refuses: the event names the peer, has no connection, and
 * is a failure with the server's reason. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TcRawPeer) second = NULL;
  const TcEvent *event;

  tc_server_set_max_clients (f->server, 1);
  connect_client (f);

  second = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_PEER_REFUSED) == 1, WAIT_MS);

  event = find_kind (f->server_events, TC_EVENT_PEER_REFUSED, 0, NULL);
  g_assert_nonnull (event->peer);
  g_assert_null (event->connection);
  g_assert_error (event->error, TC_ERROR, TC_ERROR_SERVER_FULL);
  g_assert_true (event->failure);
  g_assert_cmpstr (event->text, ==, event->error->message);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_PEER_CONNECTED), ==, 1);
}

/* A line to every peer: one SENT event each, and each event's bytes are
 * exactly what that peer read. */
static void
test_sent_is_what_was_read (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = bytes_from_string ("to all\tof you\r");
  TcRawPeer *peers[3];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peers[i] = tc_raw_peer_connect (f->context, f->port, 0,
                                    TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->server_session) == 3, WAIT_MS);

  g_assert_cmpuint (tc_session_send (f->server_session, NULL, message, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_SENT), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    TC_WAIT_UNTIL (f->context, peers[i]->in->len >= 15, WAIT_MS);

  for (guint i = 0; i < f->server_events->len; i++)
    {
      const TcEvent *event = g_ptr_array_index (f->server_events, i);
      g_autofree char *wire = NULL;

      if (event->kind != TC_EVENT_SENT)
        continue;
      wire = message_wire (event);
      g_assert_nonnull (event->connection);
      g_assert_false (g_hash_table_contains (seen, event->peer));
      g_hash_table_add (seen, (gpointer) event->peer);

      for (guint j = 0; j < G_N_ELEMENTS (peers); j++)
        g_assert_cmpstr (peers[j]->in->str, ==, wire);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    tc_raw_peer_free (peers[i]);
}

/* Held, messages wait in the session, each with its SENT event at once;
 * released, the peer reads them all, in order. */
static void
test_hold (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  const char *lines[] = { "one", "two\r", "three" };

  peer = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->server_session) == 1, WAIT_MS);

  tc_session_hold (f->server_session);
  tc_session_hold (f->server_session);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autoptr(GBytes) message = bytes_from_string (lines[i]);

      g_assert_cmpuint (tc_session_send (f->server_session, NULL, message, &error), ==, 1);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_SENT), ==, 3);
  g_assert_true (tc_session_release (f->server_session, &error));
  g_assert_no_error (error);

  /* Still held by the outer hold: nothing written yet. */
  tc_test_run_for (f->context, 50);
  g_assert_cmpuint (peer->in->len, ==, 0);

  g_assert_true (tc_session_release (f->server_session, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (f->context, peer->in->len >= 15, WAIT_MS);
  g_assert_cmpstr (peer->in->str, ==, "one\ntwo\r\nthree\n");
  g_assert_cmpuint (tc_connection_get_lines_out (find_kind (f->server_events, TC_EVENT_SENT,
                                                            0, NULL)->connection), ==, 3);
}

/* A client's session held: bytes the caller holds are framed straight into
 * the one peer's buffer, each SENT event with its wire bytes at once, the
 * line ending the session's; released, the server reads them in order. */
static void
test_hold_one_peer (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *lines[] = { "one", "", "two\r" };
  const char *wires[] = { "one\r\n", "\r\n", "two\r\r\n" };
  guint from = 0;

  connect_client (f);
  tc_session_set_line_ending (f->client_session, TC_LINE_ENDING_CRLF);

  tc_session_hold (f->client_session);
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      char copy[8];
      g_autofree char *wire = NULL;
      const TcEvent *event;

      /* Only read during the call. */
      g_strlcpy (copy, lines[i], sizeof copy);
      g_assert_cmpuint (tc_session_send_data (f->client_session, NULL, copy, strlen (copy),
                                              &error), ==, 1);
      g_assert_no_error (error);
      memset (copy, 'x', sizeof copy);

      event = find_kind (f->client_events, TC_EVENT_SENT, from, &from);
      from++;
      wire = message_wire (event);
      g_assert_cmpstr (wire, ==, wires[i]);
    }
  tc_test_run_for (f->context, 50);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_RECEIVED), ==, 0);

  g_assert_true (tc_session_release (f->client_session, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_RECEIVED) == 3, WAIT_MS);
  from = 0;
  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    {
      g_autofree char *wire = message_wire (find_kind (f->server_events, TC_EVENT_RECEIVED,
                                                       from, &from));

      from++;
      g_assert_cmpstr (wire, ==, wires[i]);
    }
  g_assert_cmpuint (tc_connection_get_lines_out (tc_client_get_connection (f->client)), ==, 3);
}

/* A hook for some kinds of event is called for those only; the others
 * still see every event. */
static void
test_hook_for_kinds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_event_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = bytes_from_string ("ping");

  tc_session_add_event_func_for_kinds (f->server_session,
                                       TC_SESSION_EVENT_KIND (TC_EVENT_RECEIVED),
                                       record_event_cb, received);
  connect_client (f);

  g_assert_cmpuint (tc_session_send (f->client_session, NULL, message, &error), ==, 1);
  g_assert_no_error (error);
  TC_WAIT_UNTIL (f->context, received->len == 1, WAIT_MS);
  g_assert_cmpuint (tc_session_send (f->server_session, NULL, message, &error), ==, 1);
  g_assert_no_error (error);

  g_assert_cmpuint (received->len, ==, 1);
  g_assert_cmpint (((TcEvent *) g_ptr_array_index (received, 0))->kind, ==, TC_EVENT_RECEIVED);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_PEER_CONNECTED), ==, 1);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_SENT), ==, 1);
  tc_session_remove_event_func (f->server_session, record_event_cb, received);
}

/* Nobody to send to: 0 and an error, and no SENT event. */
static void
test_send_without_peers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = bytes_from_string ("anyone?");

  g_assert_cmpuint (tc_session_send (f->server_session, NULL, message, &error), ==, 0);
  g_assert_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED);
  g_clear_error (&error);

  g_assert_cmpuint (tc_session_send (f->client_session, NULL, message, &error), ==, 0);
  g_assert_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED);
  g_assert_cmpuint (count_kind (f->server_events, TC_EVENT_SENT) +
                    count_kind (f->client_events, TC_EVENT_SENT), ==, 0);
}

typedef struct
{
  TcSession *session;
  guint      once_calls;
  guint      other_calls;
  guint      later_calls;
} Hooks;

static void
other_hook_cb (TcSession     *session,
               const TcEvent *event,
               gpointer       user_data)
{
  ((Hooks *) user_data)->other_calls++;
}

static void
later_hook_cb (TcSession     *session,
               const TcEvent *event,
               gpointer       user_data)
{
  ((Hooks *) user_data)->later_calls++;
}

/* Removes itself at its first event, and adds another hook. */
static void
once_hook_cb (TcSession     *session,
              const TcEvent *event,
              gpointer       user_data)
{
  Hooks *hooks = user_data;

  hooks->once_calls++;
  tc_session_remove_event_func (session, once_hook_cb, hooks);
  tc_session_add_event_func (session, later_hook_cb, hooks);
}

static void
test_hook_removes_itself (Fixture       *f,
                          gconstpointer  data)
{
  Hooks hooks = { f->server_session, 0, 0, 0 };
  guint before = f->server_events->len;

  tc_session_add_event_func (f->server_session, once_hook_cb, &hooks);
  tc_session_add_event_func (f->server_session, other_hook_cb, &hooks);

  connect_client (f);
  tc_client_disconnect (f->client);
  TC_WAIT_UNTIL (f->context, count_kind (f->server_events, TC_EVENT_PEER_CLOSED) == 1, WAIT_MS);

  /* Called once; the hooks after it still got every event; the hook it
   * added got every event after the first. */
  g_assert_cmpuint (hooks.once_calls, ==, 1);
  g_assert_cmpuint (hooks.other_calls, ==, f->server_events->len - before);
  g_assert_cmpuint (hooks.other_calls, >=, 2);
  g_assert_cmpuint (hooks.later_calls, ==, hooks.other_calls - 1);

  tc_session_remove_event_func (f->server_session, other_hook_cb, &hooks);
  tc_session_remove_event_func (f->server_session, later_hook_cb, &hooks);
}

#define FLOOD_LINES 200000

typedef struct
{
  guint64  received;
  guint64  next;       /* the number the next line must have */
  gboolean in_order;
} Count;

static void
count_cb (TcSession     *session,
          const TcEvent *event,
          gpointer       user_data)
{
  Count *count = user_data;
  char text[32];
  gsize len;

  if (event->kind != TC_EVENT_RECEIVED)
    return;

  len = MIN (event->message->len, sizeof text - 1);
  memcpy (text, event->message->data, len);
  text[len] = '\0';
  if (g_ascii_strtoull (text, NULL, 10) != count->next)
    count->in_order = FALSE;
  count->next++;
  count->received++;
}

/* A flood of lines arrives as events, every one, in order. */
static void
test_flood (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  Count count = { 0, 0, TRUE };

  /* The recording hook would keep copies of all of them. */
  tc_session_remove_event_func (f->server_session, record_event_cb, f->server_events);
  tc_session_add_event_func (f->server_session, count_cb, &count);

  for (guint i = 0; i < FLOOD_LINES; i++)
    g_string_append_printf (lines, "%u the quick brown fox\n", i);

  peer = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  tc_raw_peer_send_all (peer, lines->str, lines->len, WAIT_MS);
  TC_WAIT_UNTIL (f->context, count.received == FLOOD_LINES, WAIT_MS);

  g_assert_true (count.in_order);
  tc_session_remove_event_func (f->server_session, count_cb, &count);
  tc_session_add_event_func (f->server_session, record_event_cb, f->server_events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/session/conversation", test_conversation);
  ADD ("/session/refused", test_refused);
  ADD ("/session/sent-is-what-was-read", test_sent_is_what_was_read);
  ADD ("/session/send-without-peers", test_send_without_peers);
  ADD ("/session/hold", test_hold);
  ADD ("/session/hold-one-peer", test_hold_one_peer);
  ADD ("/session/hook-for-kinds", test_hook_for_kinds);
  ADD ("/session/hook-removes-itself", test_hook_removes_itself);
  ADD ("/session/flood", test_flood);

  return g_test_run ();
}
