/* test-hostile-server.c: hostile and broken peers against an in-process TcServer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/socket.h>

#include "tc-connection.h"
#include "tc-error.h"
#include "tc-message.h"
#include "tc-server.h"
#include "tc-text.h"
#include "hostile-util.h"

#define MIB (1024 * 1024)

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  guint16       port;

  /* What the server reported; no references to connections are kept, so
   * tests that open a thousand of them leak nothing into the fixture.
   */
  guint         n_connected;
  guint         n_disconnected;
  guint         n_rejected;
  GArray       *disconnect_codes;   /* of gint, TcError codes in order */
  GArray       *reject_codes;
  guint64       n_lines;
  TcMessage       *last_line;          /* copy of the most recent line */
  GPtrArray    *lines;              /* copies of every line, when keep_lines */
  gboolean      keep_lines;

  /* Resident memory, sampled from a timer while a test runs */
  GSource      *rss_timer;
  gsize         rss_max_kib;
} Fixture;

static void
on_client_connected (TcServer     *server,
                     TcConnection *client,
                     Fixture      *fixture)
{
  fixture->n_connected++;
}

static void
on_client_disconnected (TcServer     *server,
                        TcConnection *client,
                        GError       *reason,
                        Fixture      *fixture)
{
  int code = reason != NULL && reason->domain == TC_ERROR ? reason->code : -1;

  g_assert_nonnull (reason);
  g_assert_cmpstr (reason->message, !=, "");
  g_array_append_val (fixture->disconnect_codes, code);
  fixture->n_disconnected++;
}

static void
on_client_rejected (TcServer   *server,
                    const char *peer_label,
                    GError     *reason,
                    Fixture    *fixture)
{
  int code = reason != NULL && reason->domain == TC_ERROR ? reason->code : -1;

  g_assert_nonnull (peer_label);
  g_array_append_val (fixture->reject_codes, code);
  fixture->n_rejected++;
}

static void
on_server_line (TcServer     *server,
                TcConnection *client,
                TcMessage       *line,
                Fixture      *fixture)
{
  fixture->n_lines++;
  g_clear_pointer (&fixture->last_line, tc_message_free);
  fixture->last_line = tc_message_copy (line);
  if (fixture->keep_lines)
    g_ptr_array_add (fixture->lines, tc_message_copy (line));
}

static gboolean
rss_sample_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->rss_max_kib = MAX (fixture->rss_max_kib, hostile_rss_kib (0));
  return G_SOURCE_CONTINUE;
}

/* Starts recording the peak resident memory from now; returns the current. */
static gsize
rss_watch_start (Fixture *fixture)
{
  if (fixture->rss_timer == NULL)
    {
      fixture->rss_timer = g_timeout_source_new (20);
      g_source_set_callback (fixture->rss_timer, rss_sample_cb, fixture, NULL);
      g_source_attach (fixture->rss_timer, fixture->context);
    }
  fixture->rss_max_kib = hostile_rss_kib (0);
  return fixture->rss_max_kib;
}

static gsize
rss_watch_peak (Fixture *fixture)
{
  rss_sample_cb (fixture);
  return fixture->rss_max_kib;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);

  fixture->disconnect_codes = g_array_new (FALSE, FALSE, sizeof (int));
  fixture->reject_codes = g_array_new (FALSE, FALSE, sizeof (int));
  fixture->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);

  fixture->server = tc_server_new ();
  g_signal_connect (fixture->server, "client-connected", G_CALLBACK (on_client_connected), fixture);
  g_signal_connect (fixture->server, "client-disconnected",
                    G_CALLBACK (on_client_disconnected), fixture);
  g_signal_connect (fixture->server, "client-rejected", G_CALLBACK (on_client_rejected), fixture);
  g_signal_connect (fixture->server, "line-received", G_CALLBACK (on_server_line), fixture);

  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  fixture->port = tc_server_get_port (fixture->server);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->rss_timer != NULL)
    {
      g_source_destroy (fixture->rss_timer);
      g_clear_pointer (&fixture->rss_timer, g_source_unref);
    }

  tc_server_stop (fixture->server);
  tc_test_drain (fixture->context);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
  g_signal_handlers_disconnect_by_data (fixture->server, fixture);
  g_assert_finalize_object (g_steal_pointer (&fixture->server));

  g_clear_pointer (&fixture->last_line, tc_message_free);
  g_clear_pointer (&fixture->lines, g_ptr_array_unref);
  g_clear_pointer (&fixture->disconnect_codes, g_array_unref);
  g_clear_pointer (&fixture->reject_codes, g_array_unref);

  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

/* The server side of the @i-th client still connected. */
static TcConnection *
server_client (Fixture *fixture,
               guint    i)
{
  TcConnection *client;

  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) > i, 5000);
  client = g_list_model_get_item (G_LIST_MODEL (fixture->server), i);
  g_object_unref (client);   /* the server keeps it alive while listed */

  return client;
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

/* ---- 100 MB without a newline ---- */

static void
test_long_line (Fixture       *fixture,
                gconstpointer  data)
{
  const guint64 total = (tc_test_under_valgrind () ? 8 : 100) * (guint64) MIB;
  const gsize max_line = tc_server_get_max_line (fixture->server);
  g_autoptr(TcRawPeer) flooder = NULL;
  g_autoptr(TcRawPeer) observer = NULL;
  g_autofree char *chunk = g_malloc (64 * 1024);
  g_autofree char *prefix = NULL;
  TcConnection *flooder_remote;
  gsize rss_before, rss_peak;
  gint64 start;
  guint64 sent = 0;

  g_assert_cmpuint (max_line, ==, 64 * 1024);
  tc_server_set_relay (fixture->server, TRUE);

  flooder = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  observer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (flooder, TRUE);
  tc_raw_peer_set_reading (observer, TRUE);
  g_string_set_size (observer->in, 4 * max_line);
  g_string_truncate (observer->in, 0);
  flooder_remote = server_client (fixture, 0);
  server_client (fixture, 1);
  prefix = g_strdup_printf ("[%s] ", tc_connection_get_peer_label (flooder_remote));

  /* Warm up with one long line, so what is measured next is only growth. */
  memset (chunk, 'x', 64 * 1024);
  for (guint i = 0; i < 16; i++)
    tc_raw_peer_send_all (flooder, chunk, 64 * 1024, 10000);
  tc_raw_peer_send_all (flooder, "\n", 1, 10000);
  TC_WAIT_UNTIL (fixture->context, observer->lines_in == 1, 10000);
  g_string_truncate (observer->in, 0);
  observer->lines_in = 0;
  tc_test_drain (fixture->context);

  rss_before = rss_watch_start (fixture);
  start = g_get_monotonic_time ();

  while (sent < total)
    {
      gsize n = (gsize) MIN (64 * 1024, total - sent);

      tc_raw_peer_send_all (flooder, chunk, n, 30000);
      sent += n;
    }
  tc_raw_peer_send_all (flooder, "\n", 1, 10000);
  TC_WAIT_UNTIL (fixture->context, fixture->n_lines == 2, 30000);
  rss_peak = rss_watch_peak (fixture);

  g_test_message ("100 MiB line: %.2f s, server+test RSS %" G_GSIZE_FORMAT " KiB -> peak %"
                  G_GSIZE_FORMAT " KiB (growth %" G_GSIZE_FORMAT " KiB)",
                  (g_get_monotonic_time () - start) / 1e6, rss_before, rss_peak,
                  rss_peak - rss_before);
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 2 * 1024);

  /* The truncated-line event, with the discarded byte count. */
  g_assert_nonnull (fixture->last_line);
  g_assert_cmpuint (fixture->last_line->len, ==, max_line);
  g_assert_true (fixture->last_line->flags & TC_MESSAGE_FLAG_TRUNCATED);
  g_assert_false (fixture->last_line->flags & TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_cmpuint (fixture->last_line->discarded, ==, total - max_line);
  g_assert_cmpuint (tc_connection_get_bytes_in (flooder_remote), ==, 1 * MIB + 1 + total + 1);

  /* The connection survives, and the others are unaffected. */
  g_assert_cmpint (tc_connection_get_state (flooder_remote), ==, TC_SOCKET_STATE_CONNECTED);
  tc_raw_peer_send_all (flooder, "after\n", 6, 5000);
  tc_raw_peer_send_all (observer, "still here\n", 11, 5000);
  TC_WAIT_UNTIL (fixture->context, observer->lines_in == 2 && flooder->lines_in == 1, 10000);

  g_assert_cmpuint (observer->in->len, ==, strlen (prefix) + max_line + 1 + strlen (prefix) + 6);
  g_assert_true (g_str_has_prefix (observer->in->str, prefix));
  for (gsize i = 0; i < max_line; i++)
    if (observer->in->str[strlen (prefix) + i] != 'x')
      g_error ("relayed byte %" G_GSIZE_FORMAT " is not 'x'", i);
  g_assert_true (g_str_has_suffix (observer->in->str, "] after\n"));
  g_assert_true (g_str_has_suffix (flooder->in->str, "] still here\n"));
  g_assert_cmpuint (fixture->n_disconnected, ==, 0);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 2);
}

/* One line exactly at the limit is whole; one byte more is truncated. */
static void
test_line_at_limit (Fixture       *fixture,
                    gconstpointer  data)
{
  const gsize max_line = tc_server_get_max_line (fixture->server);
  g_autoptr(TcRawPeer) peer = tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                                   TC_RAW_PEER_NONE);
  g_autofree char *line = g_malloc (max_line + 3);
  TcMessage *got;

  fixture->keep_lines = TRUE;
  memset (line, 'y', max_line + 1);

  line[max_line] = '\n';
  tc_raw_peer_send_all (peer, line, max_line + 1, 5000);
  line[max_line] = '\r';
  line[max_line + 1] = '\n';
  tc_raw_peer_send_all (peer, line, max_line + 2, 5000);
  line[max_line] = 'y';
  line[max_line + 1] = '\r';
  line[max_line + 2] = '\n';
  tc_raw_peer_send_all (peer, line, max_line + 3, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->lines->len == 3, 5000);

  for (guint i = 0; i < 2; i++)
    {
      got = g_ptr_array_index (fixture->lines, i);
      g_assert_cmpuint (got->len, ==, max_line);
      g_assert_cmpint (got->flags, ==, i == 0 ? 0 : TC_MESSAGE_FLAG_CRLF);
    }
  got = g_ptr_array_index (fixture->lines, 2);
  g_assert_cmpuint (got->len, ==, max_line);
  g_assert_cmpint (got->flags, ==, TC_MESSAGE_FLAG_TRUNCATED | TC_MESSAGE_FLAG_CRLF);
  g_assert_cmpuint (got->discarded, ==, 1);
}

/* ---- Floods with a client that never reads ---- */

#define FLOOD_LINE_PAYLOAD 80

typedef struct
{
  guint   id;
  guint   n_lines;
  guint   next;
} FloodSender;

static void
flood_format (GString *out,
              guint    sender,
              guint    seq)
{
  g_string_append_printf (out, "S%u %07u ", sender, seq);
  for (guint k = 0; k < FLOOD_LINE_PAYLOAD; k++)
    g_string_append_c (out, (char) ('a' + (sender * 7 + seq + k) % 26));
}

static gboolean
flood_fill (TcRawPeer *peer,
            GByteArray  *out,
            gpointer     user_data)
{
  FloodSender *sender = user_data;
  g_autoptr(GString) text = g_string_sized_new (64 * 1024);

  while (sender->next < sender->n_lines && text->len < 60 * 1024)
    {
      flood_format (text, sender->id, sender->next++);
      g_string_append_c (text, '\n');
    }
  g_byte_array_append (out, (const guint8 *) text->str, text->len);

  return sender->next < sender->n_lines;
}

/* Checks relayed or broadcast lines as they arrive: per sender, in order,
 * each exactly as sent.
 */
typedef struct
{
  guint    n_senders;
  guint    next[4];
  guint64  n_lines;
  guint    n_bad;
  GString *scratch;
} FloodReceiver;

static void
flood_receive (TcRawPeer *peer,
               const char  *line,
               gsize        len,
               gpointer     user_data)
{
  FloodReceiver *receiver = user_data;
  const char *text = line;
  const char *end = line + len;
  guint64 sender, seq;
  char *after;

  receiver->n_lines++;

  /* Relayed lines start with "[ip:port] ". */
  if (len > 0 && line[0] == '[')
    {
      text = memchr (line, ']', len);
      if (text == NULL || text + 2 > end)
        goto bad;
      text += 2;
    }

  if (text >= end || *text != 'S')
    goto bad;
  sender = g_ascii_strtoull (text + 1, &after, 10);
  if (sender >= receiver->n_senders || after >= end)
    goto bad;
  seq = g_ascii_strtoull (after + 1, NULL, 10);
  if (seq != receiver->next[sender])
    goto bad;
  receiver->next[sender]++;

  g_string_truncate (receiver->scratch, 0);
  flood_format (receiver->scratch, (guint) sender, (guint) seq);
  if ((gsize) (end - text) != receiver->scratch->len ||
      memcmp (text, receiver->scratch->str, receiver->scratch->len) != 0)
    goto bad;

  return;

bad:
  if (receiver->n_bad++ < 5)
    g_test_message ("unexpected line: %.*s", (int) MIN (len, 200), line);
}

static void
flood_receiver_init (FloodReceiver *receiver,
                     TcRawPeer   *peer,
                     guint          n_senders)
{
  memset (receiver, 0, sizeof *receiver);
  receiver->n_senders = n_senders;
  receiver->scratch = g_string_new (NULL);
  peer->line_func = flood_receive;
  peer->line_data = receiver;
  tc_raw_peer_set_reading (peer, TRUE);
}

static void
flood_receiver_clear (FloodReceiver *receiver)
{
  g_string_free (receiver->scratch, TRUE);
}

enum {
  STALL_HIGH = 32 * 1024,
  STALL_LOW = 8 * 1024,
  STALL_MAX_UNSENT = 4 * MIB,
  STALL_MS = 500,
  PATIENCE_MS = 150,
};

typedef struct
{
  Fixture *fixture;
  guint64  bytes_in_at_congestion;
  guint64  bytes_in_at_release;
  guint64  bytes_in_at_drop;
  gint64   congested_at;
  gint64   released_at;     /* when it stopped holding the senders back */
  gint64   dropped_at;
  gsize    max_unsent;
} StallWatch;

static guint64
server_bytes_in (TcServer *server)
{
  guint64 sum = 0;

  for (guint i = 0; i < tc_server_get_n_clients (server); i++)
    {
      g_autoptr(TcConnection) client = g_list_model_get_item (G_LIST_MODEL (server), i);
      sum += tc_connection_get_bytes_in (client);
    }

  return sum;
}

static void
on_stalled_congested (TcConnection *client,
                      GParamSpec   *pspec,
                      StallWatch   *watch)
{
  if (tc_connection_get_congested (client) && watch->congested_at == 0)
    {
      watch->congested_at = g_get_monotonic_time ();
      watch->bytes_in_at_congestion = server_bytes_in (watch->fixture->server);
    }
}

static void
on_stalled_holding_back (TcConnection *client,
                         GParamSpec   *pspec,
                         StallWatch   *watch)
{
  if (!tc_connection_get_holding_back (client) && watch->released_at == 0 &&
      tc_connection_get_state (client) != TC_SOCKET_STATE_UNCONNECTED)
    {
      watch->released_at = g_get_monotonic_time ();
      watch->bytes_in_at_release = server_bytes_in (watch->fixture->server);
    }
}

/* A never-reading receiver is dropped either way: for the hard cap, or,
 * when the others send less than that, for the stall timeout.
 */
static void
assert_dropped_as_too_slow (Fixture    *fixture,
                            StallWatch *watch)
{
  int code;

  g_assert_cmpuint (fixture->n_disconnected, ==, 1);
  code = g_array_index (fixture->disconnect_codes, int, 0);
  g_assert_true (code == TC_ERROR_TOO_SLOW || code == TC_ERROR_SEND_QUEUE_FULL);
  g_assert_cmpint (watch->congested_at, >, 0);
  if (code == TC_ERROR_TOO_SLOW)
    g_assert_cmpint (watch->dropped_at - watch->congested_at, >=, (STALL_MS - 50) * 1000);
  g_assert_cmpuint (watch->max_unsent, <=, STALL_MAX_UNSENT);
}

static void
on_stalled_unsent (TcConnection *client,
                   GParamSpec   *pspec,
                   StallWatch   *watch)
{
  watch->max_unsent = MAX (watch->max_unsent, tc_connection_get_unsent_bytes (client));
}

static void
on_stalled_closed (TcConnection *client,
                   GError       *reason,
                   StallWatch   *watch)
{
  watch->dropped_at = g_get_monotonic_time ();
  /* The closed connection still counts among the clients here. */
  watch->bytes_in_at_drop = server_bytes_in (watch->fixture->server);
}

static void
stall_watch_connect (StallWatch   *watch,
                     TcConnection *client)
{
  g_signal_connect (client, "notify::congested", G_CALLBACK (on_stalled_congested), watch);
  g_signal_connect (client, "notify::holding-back", G_CALLBACK (on_stalled_holding_back), watch);
  g_signal_connect (client, "notify::unsent-bytes", G_CALLBACK (on_stalled_unsent), watch);
  g_signal_connect (client, "closed", G_CALLBACK (on_stalled_closed), watch);
}

static void
shrink_send_buffer (TcConnection *client)
{
  GSocket *socket = tc_connection_get_socket (client);
  g_autoptr(GError) error = NULL;

  g_socket_set_option (socket, SOL_SOCKET, SO_SNDBUF, 4096, &error);
  g_assert_no_error (error);
}

static void
test_stalled_relay (Fixture       *fixture,
                    gconstpointer  data)
{
  enum { N_SENDERS = 2 };
  const guint N_LINES = tc_test_under_valgrind () ? 3000 : 30000;
  g_autoptr(TcRawPeer) stalled = NULL;
  g_autoptr(TcRawPeer) reader = NULL;
  TcRawPeer *senders[N_SENDERS];
  FloodSender sources[N_SENDERS];
  FloodReceiver received[N_SENDERS + 1];
  StallWatch watch = { fixture, 0, };
  TcConnection *stalled_remote;
  gsize rss_before, rss_peak;
  gint64 start;

  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_limits (fixture->server, STALL_HIGH, STALL_LOW, STALL_MAX_UNSENT, STALL_MS);
  tc_server_set_patience (fixture->server, PATIENCE_MS);

  /* Never reads, with small buffers on both ends so it fills at once. */
  stalled = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_NONE);
  stalled_remote = g_object_ref (server_client (fixture, 0));
  shrink_send_buffer (stalled_remote);
  stall_watch_connect (&watch, stalled_remote);

  reader = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  flood_receiver_init (&received[N_SENDERS], reader, N_SENDERS);
  for (guint i = 0; i < N_SENDERS; i++)
    {
      senders[i] = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
      sources[i] = (FloodSender) { i, N_LINES, 0 };
      flood_receiver_init (&received[i], senders[i], N_SENDERS);
    }
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2 + N_SENDERS, 5000);

  rss_before = rss_watch_start (fixture);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_SENDERS; i++)
    tc_raw_peer_start_writing (senders[i], flood_fill, &sources[i]);

  TC_WAIT_UNTIL (fixture->context, received[N_SENDERS].n_lines == N_SENDERS * N_LINES, 60000);
  for (guint i = 0; i < N_SENDERS; i++)
    TC_WAIT_UNTIL (fixture->context, received[i].n_lines == (N_SENDERS - 1) * N_LINES, 10000);
  rss_peak = rss_watch_peak (fixture);

  g_test_message ("relay flood: %.2f s; stalled client congested after %.3f s, stopped holding "
                  "the senders back %.3f s later, dropped %.3f s after congesting (code %d), "
                  "its queue peaked at %" G_GSIZE_FORMAT " bytes; RSS growth %" G_GSIZE_FORMAT
                  " KiB",
                  (g_get_monotonic_time () - start) / 1e6, (watch.congested_at - start) / 1e6,
                  (watch.released_at - watch.congested_at) / 1e6,
                  (watch.dropped_at - watch.congested_at) / 1e6,
                  g_array_index (fixture->disconnect_codes, int, 0), watch.max_unsent,
                  rss_peak - rss_before);

  assert_dropped_as_too_slow (fixture, &watch);
  g_assert_cmpint (tc_connection_get_state (stalled_remote), ==, TC_SOCKET_STATE_UNCONNECTED);

  /* The senders waited for it only for the patience window: then the
   * server read from them again while it was still connected.
   */
  g_assert_cmpint (watch.released_at, >, 0);
  g_assert_cmpint (watch.released_at - watch.congested_at, >=, (PATIENCE_MS - 20) * 1000);
  g_assert_cmpint (watch.released_at, <, watch.dropped_at);
  g_assert_cmpuint (watch.bytes_in_at_drop, >, watch.bytes_in_at_release);

  /* Everyone else got every line, in order, exactly as sent. */
  for (guint i = 0; i <= N_SENDERS; i++)
    {
      g_assert_cmpuint (received[i].n_bad, ==, 0);
      for (guint s = 0; s < N_SENDERS; s++)
        g_assert_cmpuint (received[i].next[s], ==, s == i ? 0 : N_LINES);
    }
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 16 * 1024);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 1 + N_SENDERS);

  g_assert_finalize_object (stalled_remote);
  for (guint i = 0; i <= N_SENDERS; i++)
    flood_receiver_clear (&received[i]);
  for (guint i = 0; i < N_SENDERS; i++)
    tc_raw_peer_free (senders[i]);
}

typedef struct
{
  TcServer *server;
  GSource  *idle;
  guint     n_lines;
  guint     next;
  guint     n_paused;
  GString  *text;
} Broadcaster;

static gboolean
broadcast_tick (gpointer user_data)
{
  Broadcaster *b = user_data;

  for (guint i = 0; i < 64 && b->next < b->n_lines && !tc_server_get_congested (b->server); i++)
    {
      g_autoptr(GError) error = NULL;

      g_string_truncate (b->text, 0);
      flood_format (b->text, 0, b->next++);
      g_assert_cmpuint (tc_server_broadcast (b->server, b->text->str, (gssize) b->text->len,
                                             &error), >, 0);
      g_assert_no_error (error);
    }

  if (b->next < b->n_lines && !tc_server_get_congested (b->server))
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&b->idle, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
broadcaster_update (Broadcaster *b)
{
  if (b->idle == NULL && b->next < b->n_lines && !tc_server_get_congested (b->server))
    {
      b->idle = g_idle_source_new ();
      g_source_set_callback (b->idle, broadcast_tick, b, NULL);
      g_source_attach (b->idle, g_main_context_get_thread_default ());
    }
}

/* Broadcasts only while no client is congested, as the headless server
 * does with its standard input.
 */
static void
on_server_congested (TcServer    *server,
                     GParamSpec  *pspec,
                     Broadcaster *b)
{
  if (tc_server_get_congested (server))
    b->n_paused++;
  broadcaster_update (b);
}

static void
test_stalled_broadcast (Fixture       *fixture,
                        gconstpointer  data)
{
  enum { N_READERS = 2 };
  const guint N_LINES = tc_test_under_valgrind () ? 4000 : 40000;
  g_autoptr(TcRawPeer) stalled = NULL;
  TcRawPeer *readers[N_READERS];
  FloodReceiver received[N_READERS];
  Broadcaster b = { fixture->server, NULL, N_LINES, 0, 0, g_string_new (NULL) };
  StallWatch watch = { fixture, 0, };
  TcConnection *stalled_remote;
  gsize rss_before, rss_peak;

  tc_server_set_limits (fixture->server, STALL_HIGH, STALL_LOW, STALL_MAX_UNSENT, STALL_MS);
  tc_server_set_patience (fixture->server, PATIENCE_MS);

  stalled = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_NONE);
  stalled_remote = g_object_ref (server_client (fixture, 0));
  shrink_send_buffer (stalled_remote);
  stall_watch_connect (&watch, stalled_remote);
  for (guint i = 0; i < N_READERS; i++)
    {
      readers[i] = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
      flood_receiver_init (&received[i], readers[i], 1);
    }
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 1 + N_READERS, 5000);

  rss_before = rss_watch_start (fixture);
  g_signal_connect (fixture->server, "notify::congested", G_CALLBACK (on_server_congested), &b);
  broadcaster_update (&b);

  for (guint i = 0; i < N_READERS; i++)
    TC_WAIT_UNTIL (fixture->context, received[i].n_lines == N_LINES, 60000);
  /* The others were not made to wait for it: they may be done before it
   * is dropped.
   */
  TC_WAIT_UNTIL (fixture->context, fixture->n_disconnected == 1, 10000);
  rss_peak = rss_watch_peak (fixture);
  g_signal_handlers_disconnect_by_data (fixture->server, &b);
  g_assert_null (b.idle);

  g_test_message ("broadcast flood: stalled client dropped %.3f s after it congested, queue "
                  "peak %" G_GSIZE_FORMAT " bytes, broadcaster held back %u times, RSS growth %"
                  G_GSIZE_FORMAT " KiB", (watch.dropped_at - watch.congested_at) / 1e6,
                  watch.max_unsent, b.n_paused, rss_peak - rss_before);

  assert_dropped_as_too_slow (fixture, &watch);
  g_assert_cmpint (watch.released_at, >, 0);
  g_assert_cmpuint (b.n_paused, >, 0);
  for (guint i = 0; i < N_READERS; i++)
    {
      g_assert_cmpuint (received[i].n_bad, ==, 0);
      g_assert_cmpuint (received[i].next[0], ==, N_LINES);
      flood_receiver_clear (&received[i]);
      tc_raw_peer_free (readers[i]);
    }
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 16 * 1024);
  g_assert_cmpint (tc_connection_get_state (stalled_remote), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_finalize_object (stalled_remote);
  g_string_free (b.text, TRUE);
}

static gboolean
slow_read_tick (gpointer user_data)
{
  tc_raw_peer_read_some (user_data);
  return G_SOURCE_CONTINUE;
}

/* Reads, only more slowly than the sender writes: never dropped. */
static void
test_slow_reader (Fixture       *fixture,
                  gconstpointer  data)
{
  const guint N_LINES = tc_test_under_valgrind () ? 2000 : 12000;
  g_autoptr(TcRawPeer) slow = NULL;
  g_autoptr(TcRawPeer) sender = NULL;
  FloodSender source = { 0, N_LINES, 0 };
  FloodReceiver received;
  GSource *ticker;
  StallWatch watch = { fixture, 0, };
  TcConnection *slow_remote;
  gint64 start;

  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_limits (fixture->server, STALL_HIGH, STALL_LOW, 256 * 1024, 300);

  slow = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_NONE);
  slow_remote = server_client (fixture, 0);
  shrink_send_buffer (slow_remote);
  g_signal_connect (slow_remote, "notify::unsent-bytes", G_CALLBACK (on_stalled_unsent), &watch);
  flood_receiver_init (&received, slow, 1);
  tc_raw_peer_set_reading (slow, FALSE);
  slow->read_limit = 4 * 1024;

  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);

  /* 4 KiB every 2 ms, about 2 MB/s: far slower than loopback. */
  ticker = g_timeout_source_new (2);
  g_source_set_callback (ticker, slow_read_tick, slow, NULL);
  g_source_attach (ticker, fixture->context);

  start = g_get_monotonic_time ();
  tc_raw_peer_start_writing (sender, flood_fill, &source);
  TC_WAIT_UNTIL (fixture->context, received.n_lines == N_LINES, 60000);
  g_source_destroy (ticker);
  g_source_unref (ticker);

  g_test_message ("slow reader: %u lines in %.2f s, queue peak %" G_GSIZE_FORMAT " bytes",
                  N_LINES, (g_get_monotonic_time () - start) / 1e6, watch.max_unsent);
  g_assert_cmpuint (received.n_bad, ==, 0);
  g_assert_cmpuint (received.next[0], ==, N_LINES);
  g_assert_cmpuint (fixture->n_disconnected, ==, 0);
  g_assert_cmpuint (watch.max_unsent, <=, 256 * 1024);
  /* The watch lives on this stack; the connection outlives the test. */
  g_signal_handlers_disconnect_by_data (slow_remote, &watch);
  flood_receiver_clear (&received);
}

/* ---- Bytes no display should trust ---- */

static GPtrArray *
nasty_lines (void)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  static const char invalid[] = "bad \xff\xfe \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf \xe2\x82";
  static const char nul[] = "a\0b\0\0c\0";
  static const char ansi[] = "\x1b[2J\x1b[31mred\x1b[0m \x1b]0;title\x07 \x9b" "31m \x1b" "c";
  static const char bidi[] = "user\xe2\x80\xae" "gpj.exe\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xe2\x80\x8b";
  static const char controls[] = "\x01\x02\x7f tab\there cr\rmid \xc2\x85 \xe2\x80\xa8";
  GByteArray *marks = g_byte_array_new ();
  GByteArray *big = g_byte_array_new ();
  guint8 every[254];

  g_ptr_array_add (lines, g_bytes_new_static (invalid, sizeof invalid - 1));
  g_ptr_array_add (lines, g_bytes_new_static (nul, sizeof nul - 1));
  g_ptr_array_add (lines, g_bytes_new_static (ansi, sizeof ansi - 1));
  g_ptr_array_add (lines, g_bytes_new_static (bidi, sizeof bidi - 1));
  g_ptr_array_add (lines, g_bytes_new_static (controls, sizeof controls - 1));
  g_ptr_array_add (lines, g_bytes_new_static ("", 0));

  /* Every byte value but '\n' and a trailing '\r'. */
  for (guint i = 0, b = 0; i < sizeof every; b++)
    if (b != '\n' && b != '\r')
      every[i++] = (guint8) b;
  g_ptr_array_add (lines, g_bytes_new (every, sizeof every));

  /* 1 MB of combining marks on one letter. */
  g_byte_array_append (marks, (const guint8 *) "a", 1);
  while (marks->len < MIB)
    g_byte_array_append (marks, (const guint8 *) "\xcc\x81", 2);
  g_ptr_array_add (lines, g_byte_array_free_to_bytes (marks));

  /* 64 KiB of mixed text. */
  while (big->len < 64 * 1024)
    g_byte_array_append (big, (const guint8 *) "\xf0\x9f\x98\x80 \x1b[1m\xff", 10);
  g_byte_array_set_size (big, 64 * 1024);
  g_ptr_array_add (lines, g_byte_array_free_to_bytes (big));

  return lines;
}

static void
assert_display_safe (const char *data,
                     gsize       len,
                     gsize       max_chars)
{
  g_autofree char *safe = tc_text_make_display_safe (data, len, max_chars);

  g_assert_nonnull (safe);
  g_assert_true (g_utf8_validate (safe, -1, NULL));

  for (const char *p = safe; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_assert_true (c == '\t' || c >= 0x20);
      g_assert_true (c != 0x7f && (c < 0x80 || c > 0x9f));
      g_assert_true (c < 0x202a || c > 0x202e);
      g_assert_true (c < 0x2066 || c > 0x2069);
      g_assert_true (c != 0x2028 && c != 0x2029 && c != 0x200b && c != 0xfeff);
    }

  /* Each input character counts once against max_chars, even when it is
   * shown as an escape of up to 8 characters ("<U+202E>").
   */
  if (max_chars > 0)
    g_assert_cmpuint (g_utf8_strlen (safe, -1), <=, 8 * max_chars + 1);
}

static void
test_display_safe (void)
{
  g_autoptr(GPtrArray) lines = nasty_lines ();
  g_autofree char *invalid = NULL;
  g_autofree char *ansi = NULL;
  g_autofree char *bidi = NULL;
  g_autofree char *nul = NULL;
  g_autofree char *marks = NULL;
  gsize len;
  const char *data;

  for (guint i = 0; i < lines->len; i++)
    {
      data = g_bytes_get_data (g_ptr_array_index (lines, i), &len);
      assert_display_safe (data, len, 0);
      assert_display_safe (data, len, 4096);
      assert_display_safe (data, len, 1);
    }

  /* The escapes are visible, not interpreted or dropped. */
  data = g_bytes_get_data (g_ptr_array_index (lines, 0), &len);
  invalid = tc_text_make_display_safe (data, len, 0);
  g_assert_nonnull (strstr (invalid, "\\xFF\\xFE"));
  data = g_bytes_get_data (g_ptr_array_index (lines, 1), &len);
  nul = tc_text_make_display_safe (data, len, 0);
  g_assert_cmpstr (nul, ==, "a\\0b\\0\\0c\\0");
  data = g_bytes_get_data (g_ptr_array_index (lines, 2), &len);
  ansi = tc_text_make_display_safe (data, len, 0);
  g_assert_true (g_str_has_prefix (ansi, "\\e[2J"));
  g_assert_nonnull (strstr (ansi, "\\a"));
  data = g_bytes_get_data (g_ptr_array_index (lines, 3), &len);
  bidi = tc_text_make_display_safe (data, len, 0);
  g_assert_nonnull (strstr (bidi, "<U+202E>"));
  g_assert_nonnull (strstr (bidi, "<U+2066>"));

  /* A megabyte of marks does not become a megabyte of text to lay out. */
  data = g_bytes_get_data (g_ptr_array_index (lines, 7), &len);
  marks = tc_text_make_display_safe (data, len, 0);
  g_assert_cmpuint (strlen (marks), <, 64);
}

static void
test_nasty_relay (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = nasty_lines ();
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(TcRawPeer) receiver = NULL;
  g_autoptr(GByteArray) expected = g_byte_array_new ();
  g_autofree char *prefix = NULL;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_max_line (fixture->server, 2 * MIB);

  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  receiver = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (receiver, TRUE);
  prefix = g_strdup_printf ("[%s] ", tc_connection_get_peer_label (server_client (fixture, 0)));
  server_client (fixture, 1);

  for (guint i = 0; i < lines->len; i++)
    {
      gsize len;
      const char *bytes = g_bytes_get_data (g_ptr_array_index (lines, i), &len);

      tc_raw_peer_send_all (sender, bytes, len, 10000);
      tc_raw_peer_send_all (sender, "\n", 1, 10000);
      g_byte_array_append (expected, (const guint8 *) prefix, strlen (prefix));
      g_byte_array_append (expected, (const guint8 *) bytes, len);
      g_byte_array_append (expected, (const guint8 *) "\n", 1);
    }

  TC_WAIT_UNTIL (fixture->context, receiver->bytes_in >= expected->len, 20000);
  tc_test_drain (fixture->context);

  /* Relayed byte for byte, and seen by the server as sent, unflagged. */
  g_assert_cmpmem (receiver->in->str, receiver->in->len, expected->data, expected->len);
  g_assert_cmpuint (fixture->lines->len, ==, lines->len);
  for (guint i = 0; i < lines->len; i++)
    {
      TcMessage *got = g_ptr_array_index (fixture->lines, i);
      gsize len;
      const char *bytes = g_bytes_get_data (g_ptr_array_index (lines, i), &len);

      g_assert_cmpmem (got->data, got->len, bytes, len);
      g_assert_cmpint (got->flags, ==, 0);
      {
        g_autofree char *shown = tc_message_dup_display (got);
        g_assert_true (g_utf8_validate (shown, -1, NULL));
      }
    }
  g_assert_cmpuint (fixture->n_disconnected, ==, 0);
}

/* ---- Broken connections ---- */

static void
test_reset_mid_line (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(TcRawPeer) observer = NULL;
  TcConnection *remote;
  const char *sent = "whole\npart of a li";
  TcMessage *line;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  remote = g_object_ref (server_client (fixture, 0));
  observer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (observer, TRUE);
  server_client (fixture, 1);

  tc_raw_peer_send_all (peer, sent, strlen (sent), 5000);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_bytes_in (remote) == strlen (sent), 5000);
  tc_raw_peer_reset (peer);

  TC_WAIT_UNTIL (fixture->context, fixture->n_disconnected == 1, 5000);
  g_assert_cmpint (g_array_index (fixture->disconnect_codes, int, 0), ==, TC_ERROR_CONNECTION_RESET);
  g_assert_cmpint (tc_connection_get_state (remote), ==, TC_SOCKET_STATE_UNCONNECTED);

  /* The partial line is delivered, flagged, and relayed like any other. */
  g_assert_cmpuint (fixture->lines->len, ==, 2);
  line = g_ptr_array_index (fixture->lines, 1);
  g_assert_cmpmem (line->data, line->len, "part of a li", 12);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);
  TC_WAIT_UNTIL (fixture->context, observer->lines_in == 2, 5000);
  g_assert_true (g_str_has_suffix (observer->in->str, "] part of a li\n"));
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 1);

  g_assert_finalize_object (remote);
}

/* A receiver with lines queued for it resets: closed, nothing else hurt. */
static void
test_reset_with_queue (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TcRawPeer) victim = NULL;
  g_autoptr(TcRawPeer) sender = NULL;
  const guint n_lines = tc_test_under_valgrind () ? 5000 : 20000;
  FloodSender source = { 0, n_lines, 0 };
  TcConnection *victim_remote;

  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_limits (fixture->server, STALL_HIGH, STALL_LOW, STALL_MAX_UNSENT, 10000);
  victim = tc_raw_peer_connect (fixture->context, fixture->port, 4096, TC_RAW_PEER_NONE);
  victim_remote = g_object_ref (server_client (fixture, 0));
  shrink_send_buffer (victim_remote);
  sender = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 2, 5000);

  tc_raw_peer_start_writing (sender, flood_fill, &source);
  TC_WAIT_UNTIL (fixture->context, tc_connection_get_congested (victim_remote), 10000);
  tc_raw_peer_reset (victim);

  TC_WAIT_UNTIL (fixture->context, fixture->n_disconnected == 1, 10000);
  g_test_message ("reset receiver closed with code %d",
                  g_array_index (fixture->disconnect_codes, int, 0));
  g_assert_cmpint (g_array_index (fixture->disconnect_codes, int, 0), ==, TC_ERROR_CONNECTION_RESET);
  g_assert_cmpuint (tc_connection_get_unsent_bytes (victim_remote), ==, 0);

  /* The sender is read again and all its lines reach the server. */
  TC_WAIT_UNTIL (fixture->context, fixture->n_lines == n_lines, 20000);
  g_assert_false (tc_server_get_congested (fixture->server));
  g_assert_finalize_object (victim_remote);
}

static void
test_half_close (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(TcRawPeer) other = NULL;
  TcConnection *remote;
  TcMessage *line;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (peer, TRUE);
  remote = server_client (fixture, 0);
  other = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  server_client (fixture, 1);

  /* Lines for the peer are queued just before its end of stream arrives. */
  tc_raw_peer_send_all (other, "one\ntwo\n", 8, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->n_lines == 2, 5000);
  g_assert_true (tc_server_send_to (fixture->server, remote, "direct", -1, NULL));
  tc_raw_peer_send_all (peer, "last words, no newline", 22, 5000);
  tc_raw_peer_shutdown_write (peer);

  TC_WAIT_UNTIL (fixture->context, peer->eof, 5000);
  g_assert_no_error (peer->error);
  g_assert_cmpuint (fixture->n_disconnected, ==, 1);
  g_assert_cmpint (g_array_index (fixture->disconnect_codes, int, 0), ==, TC_ERROR_PEER_CLOSED);
  line = g_ptr_array_index (fixture->lines, 2);
  g_assert_cmpmem (line->data, line->len, "last words, no newline", 22);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);

  /* What was queued for it arrived before the end. */
  g_assert_nonnull (strstr (peer->in->str, "] one\n["));
  g_assert_nonnull (strstr (peer->in->str, "] two\n"));
  g_assert_true (g_str_has_suffix (peer->in->str, "direct\n"));
  g_assert_cmpuint (peer->lines_in, ==, 3);
}

/* ---- Nothing lost on the way out ---- */

typedef enum
{
  GOODBYE_CLOSE,      /* close() */
  GOODBYE_RESET,      /* SO_LINGER 0, then close(): a reset */
  GOODBYE_SHUTDOWN,   /* shutdown (SHUT_WR), then close() */
} Goodbye;

static void
say_goodbye (TcRawPeer *peer,
             Goodbye    goodbye)
{
  switch (goodbye)
    {
    case GOODBYE_CLOSE:
      tc_raw_peer_close (peer);
      break;
    case GOODBYE_RESET:
      tc_raw_peer_reset (peer);
      break;
    case GOODBYE_SHUTDOWN:
      tc_raw_peer_shutdown_write (peer);
      tc_raw_peer_close (peer);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Writes to @remote until a write meets the peer's end, as the server does
 * when it relays or broadcasts to a client it is not reading from.
 */
static void
write_until_closed (Fixture      *fixture,
                    TcConnection *remote)
{
  for (guint i = 0; i < 100 && tc_connection_get_state (remote) != TC_SOCKET_STATE_UNCONNECTED; i++)
    {
      tc_server_broadcast (fixture->server, "are you there?", -1, NULL);
      tc_test_drain (fixture->context);
    }
  TC_WAIT_UNTIL (fixture->context,
                 tc_connection_get_state (remote) == TC_SOCKET_STATE_UNCONNECTED, 5000);
}

/* A client that the server is not reading from (relay flow control paused
 * it) says its last words and goes. The server's next write to it fails;
 * what it said still reaches the log and the other clients.
 */
static void
test_paused_goodbye (Fixture       *fixture,
                     gconstpointer  data)
{
  Goodbye goodbye = GPOINTER_TO_INT (data);
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(TcRawPeer) observer = NULL;
  TcConnection *remote;
  const TcMessage *line;
  int code;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  remote = g_object_ref (server_client (fixture, 0));
  observer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (observer, TRUE);
  server_client (fixture, 1);

  tc_connection_set_reading (remote, FALSE);
  tc_raw_peer_send_all (peer, "bye\nlast fragment", 17, 5000);
  say_goodbye (peer, goodbye);
  write_until_closed (fixture, remote);

  g_assert_cmpuint (fixture->lines->len, ==, 2);
  line = g_ptr_array_index (fixture->lines, 0);
  g_assert_cmpmem (line->data, line->len, "bye", 3);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NONE);
  line = g_ptr_array_index (fixture->lines, 1);
  g_assert_cmpmem (line->data, line->len, "last fragment", 13);
  g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NO_TERMINATOR);

  /* A closed peer answers the write with a reset too, and GIO reports
   * both the same way: only a reset must never read as an orderly close.
   */
  g_assert_cmpuint (fixture->n_disconnected, ==, 1);
  code = g_array_index (fixture->disconnect_codes, int, 0);
  if (goodbye == GOODBYE_RESET)
    g_assert_cmpint (code, ==, TC_ERROR_CONNECTION_RESET);
  else
    g_assert_true (code == TC_ERROR_CONNECTION_RESET || code == TC_ERROR_PEER_CLOSED);

  TC_WAIT_UNTIL (fixture->context, strstr (observer->in->str, "] last fragment\n") != NULL, 5000);
  g_assert_nonnull (strstr (observer->in->str, "] bye\n"));
  g_assert_finalize_object (remote);
}

/* Many clients at once, none of them read, half of them say a line and
 * reset, half half a line and close: every word is delivered.
 */
static void
test_goodbye_storm (Fixture       *fixture,
                    gconstpointer  data)
{
  const guint n = tc_test_under_valgrind () ? 40 : 200;
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_raw_peer_free);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_fragments = 0;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (peers, tc_raw_peer_connect (fixture->context, fixture->port, 0,
                                                 TC_RAW_PEER_READ));
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == n, 10000);
  for (guint i = 0; i < n; i++)
    tc_connection_set_reading (server_client (fixture, i), FALSE);

  for (guint i = 0; i < n; i++)
    {
      TcRawPeer *peer = g_ptr_array_index (peers, i);

      g_string_printf (text, i % 2 == 0 ? "goodbye %u\n" : "half of %u", i);
      tc_raw_peer_send_all (peer, text->str, text->len, 5000);
      say_goodbye (peer, i % 2 == 0 ? GOODBYE_RESET : GOODBYE_CLOSE);
    }

  for (guint round = 0; round < 100 && tc_server_get_n_clients (fixture->server) > 0; round++)
    {
      tc_server_broadcast (fixture->server, "are you there?", -1, NULL);
      tc_test_drain (fixture->context);
    }
  TC_WAIT_UNTIL (fixture->context, fixture->n_disconnected == n, 10000);

  g_assert_cmpuint (fixture->lines->len, ==, n);
  for (guint i = 0; i < fixture->lines->len; i++)
    {
      const TcMessage *line = g_ptr_array_index (fixture->lines, i);

      if (line->flags == TC_MESSAGE_FLAG_NO_TERMINATOR)
        n_fragments++;
      else
        g_assert_cmpint (line->flags, ==, TC_MESSAGE_FLAG_NONE);
    }
  g_assert_cmpuint (n_fragments, ==, n / 2);
}

/* A line waiting unread in the kernel when the server stops is read and
 * delivered, and the client sees an orderly end, not a reset.
 */
static void
test_stop_reads_first (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(TcRawPeer) peer = NULL;
  TcConnection *remote;
  const TcMessage *line;

  fixture->keep_lines = TRUE;
  peer = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);
  remote = server_client (fixture, 0);
  tc_connection_set_reading (remote, FALSE);
  tc_raw_peer_send_all (peer, "just in time\n", 13, 5000);

  tc_server_stop (fixture->server);

  g_assert_cmpuint (fixture->lines->len, ==, 1);
  line = g_ptr_array_index (fixture->lines, 0);
  g_assert_cmpmem (line->data, line->len, "just in time", 12);
  g_assert_cmpint (g_array_index (fixture->disconnect_codes, int, 0), ==, TC_ERROR_SERVER_STOPPED);
  TC_WAIT_UNTIL (fixture->context, peer->eof || peer->error != NULL, 5000);
  g_assert_no_error (peer->error);
}

/* A client refused for max-clients had already sent a line: it is read,
 * delivered to the front-end (not relayed), and the client gets an
 * orderly end of stream rather than a reset.
 */
static void
test_refused_reads_first (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(TcRawPeer) first = NULL;
  g_autoptr(TcRawPeer) refused = NULL;
  const TcMessage *line;

  fixture->keep_lines = TRUE;
  tc_server_set_relay (fixture->server, TRUE);
  tc_server_set_max_clients (fixture->server, 1);
  first = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (first, TRUE);
  server_client (fixture, 0);

  /* Connected and sent before the server even accepted it. */
  refused = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
  tc_raw_peer_send_all (refused, "let me in\n", 10, 5000);
  tc_raw_peer_set_reading (refused, TRUE);

  TC_WAIT_UNTIL (fixture->context, fixture->n_rejected == 1, 5000);
  g_assert_cmpint (g_array_index (fixture->reject_codes, int, 0), ==, TC_ERROR_SERVER_FULL);
  g_assert_cmpuint (fixture->lines->len, ==, 1);
  line = g_ptr_array_index (fixture->lines, 0);
  g_assert_cmpmem (line->data, line->len, "let me in", 9);

  TC_WAIT_UNTIL (fixture->context, refused->eof || refused->error != NULL, 5000);
  g_assert_no_error (refused->error);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 1);

  /* Its words reached the front-end only, not the client it was refused for. */
  tc_raw_peer_send_all (first, "ping\n", 5, 5000);
  TC_WAIT_UNTIL (fixture->context, fixture->lines->len == 2, 5000);
  tc_test_drain (fixture->context);
  g_assert_cmpstr (first->in->str, ==, "");
}

/* ---- Many connections ---- */

static void
test_churn (Fixture       *fixture,
            gconstpointer  data)
{
  enum { N = 1000, BATCH = 50 };
  guint fds_before;
  gsize rss_before, rss_after;
  gint64 start = g_get_monotonic_time ();

  fds_before = count_open_fds ();
  rss_before = hostile_rss_kib (0);

  for (guint round = 0; round < N / BATCH; round++)
    {
      TcRawPeer *peers[BATCH];
      guint expected = (round + 1) * BATCH;

      for (guint i = 0; i < BATCH; i++)
        peers[i] = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_NONE);
      TC_WAIT_UNTIL (fixture->context, fixture->n_connected == expected, 10000);

      for (guint i = 0; i < BATCH; i++)
        {
          switch (i % 5)
            {
            case 0:
              tc_raw_peer_close (peers[i]);
              break;
            case 1:
              tc_raw_peer_send_all (peers[i], "hi\n", 3, 5000);
              tc_raw_peer_close (peers[i]);
              break;
            case 2:
              tc_raw_peer_send_all (peers[i], "half a li", 9, 5000);
              tc_raw_peer_reset (peers[i]);
              break;
            case 3:
              tc_raw_peer_shutdown_write (peers[i]);
              break;
            default:
              tc_raw_peer_reset (peers[i]);
              break;
            }
        }
      for (guint i = 0; i < BATCH; i++)
        if (i % 5 != 3)
          tc_raw_peer_free (peers[i]);

      TC_WAIT_UNTIL (fixture->context, fixture->n_disconnected == expected, 10000);
      for (guint i = 3; i < BATCH; i += 5)
        tc_raw_peer_free (peers[i]);
      g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
    }

  tc_test_drain (fixture->context);
  rss_after = hostile_rss_kib (0);
  g_test_message ("%u clients came and went in %.2f s; fds %u -> %u; RSS %+ld KiB", N,
                  (g_get_monotonic_time () - start) / 1e6, fds_before, count_open_fds (),
                  (long) rss_after - (long) rss_before);

  g_assert_cmpuint (fixture->n_connected, ==, N);
  g_assert_cmpuint (fixture->n_disconnected, ==, N);
  g_assert_cmpuint (tc_server_get_n_clients (fixture->server), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->server)), ==, 0);
  g_assert_cmpuint (count_open_fds (), ==, fds_before);
  g_assert_cmpuint (fixture->n_lines, ==, N / 5 * 2);
}

static guint
count_eof (TcRawPeer **peers,
           guint         n)
{
  guint n_eof = 0;

  for (guint i = 0; i < n; i++)
    n_eof += peers[i]->eof ? 1 : 0;

  return n_eof;
}

static void
test_connect_storm (Fixture       *fixture,
                    gconstpointer  data)
{
  enum { MAX = 20, N = 200 };
  TcRawPeer *peers[N];
  guint n_eof = 0, n_admitted = 0;
  guint fds_before = count_open_fds ();

  tc_server_set_max_clients (fixture->server, MAX);
  fixture->keep_lines = TRUE;

  /* All connected in the kernel before the server accepts any. */
  for (guint i = 0; i < N; i++)
    {
      peers[i] = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_KEEP_INPUT);
      tc_raw_peer_set_reading (peers[i], TRUE);
    }

  TC_WAIT_UNTIL (fixture->context, fixture->n_connected + fixture->n_rejected == N, 20000);
  g_assert_cmpuint (fixture->n_connected, ==, MAX);
  g_assert_cmpuint (fixture->n_rejected, ==, N - MAX);
  for (guint i = 0; i < fixture->reject_codes->len; i++)
    g_assert_cmpint (g_array_index (fixture->reject_codes, int, i), ==, TC_ERROR_SERVER_FULL);

  /* The rejected see the end of the stream; the admitted ones work. */
  TC_WAIT_UNTIL (fixture->context, (n_eof = count_eof (peers, N)) == N - MAX, 10000);
  g_assert_cmpuint (tc_server_broadcast (fixture->server, "welcome", -1, NULL), ==, MAX);
  for (guint i = 0; i < N; i++)
    if (!peers[i]->eof)
      {
        g_autofree char *text = g_strdup_printf ("admitted %u", i);

        tc_raw_peer_send_all (peers[i], text, strlen (text), 5000);
        tc_raw_peer_send_all (peers[i], "\n", 1, 5000);
        n_admitted++;
      }
  g_assert_cmpuint (n_admitted, ==, MAX);
  TC_WAIT_UNTIL (fixture->context, fixture->n_lines == MAX, 10000);
  for (guint i = 0; i < N; i++)
    if (!peers[i]->eof)
      TC_WAIT_UNTIL (fixture->context, peers[i]->lines_in == 1, 5000);

  for (guint i = 0; i < N; i++)
    {
      if (!peers[i]->eof)
        g_assert_cmpstr (peers[i]->in->str, ==, "welcome\n");
      else
        g_assert_cmpuint (peers[i]->in->len, ==, 0);
      tc_raw_peer_free (peers[i]);
    }
  TC_WAIT_UNTIL (fixture->context, tc_server_get_n_clients (fixture->server) == 0, 10000);
  tc_test_drain (fixture->context);
  g_assert_cmpuint (count_open_fds (), ==, fds_before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/hostile/server/long-line-100mb", test_long_line);
  ADD ("/hostile/server/line-at-limit", test_line_at_limit);
  ADD ("/hostile/server/stalled-relay", test_stalled_relay);
  ADD ("/hostile/server/stalled-broadcast", test_stalled_broadcast);
  ADD ("/hostile/server/slow-reader", test_slow_reader);
  g_test_add_func ("/hostile/text/display-safe", test_display_safe);
  ADD ("/hostile/server/nasty-relay", test_nasty_relay);
  ADD ("/hostile/server/reset-mid-line", test_reset_mid_line);
  ADD ("/hostile/server/reset-with-queue", test_reset_with_queue);
  ADD ("/hostile/server/half-close", test_half_close);
  g_test_add ("/hostile/server/paused-goodbye/close", Fixture, GINT_TO_POINTER (GOODBYE_CLOSE),
              fixture_set_up, test_paused_goodbye, fixture_tear_down);
  g_test_add ("/hostile/server/paused-goodbye/reset", Fixture, GINT_TO_POINTER (GOODBYE_RESET),
              fixture_set_up, test_paused_goodbye, fixture_tear_down);
  g_test_add ("/hostile/server/paused-goodbye/shutdown", Fixture,
              GINT_TO_POINTER (GOODBYE_SHUTDOWN),
              fixture_set_up, test_paused_goodbye, fixture_tear_down);
  ADD ("/hostile/server/goodbye-storm", test_goodbye_storm);
  ADD ("/hostile/server/stop-reads-first", test_stop_reads_first);
  ADD ("/hostile/server/refused-reads-first", test_refused_reads_first);
  ADD ("/hostile/server/churn-1000", test_churn);
  ADD ("/hostile/server/connect-storm", test_connect_storm);

#undef ADD

  return g_test_run ();
}
