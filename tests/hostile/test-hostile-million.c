/* test-hostile-million.c: a million lines from ten concurrent senders through the relay
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-server.h"
#include "hostile-util.h"

/* The server runs on its own thread and main context, as it would in its
 * own process; the senders and receivers share the test's main context and
 * read and write without blocking, so nobody waits on themselves.
 */

#define N_SENDERS 10
#define N_OBSERVERS 1
#define N_PEERS (N_SENDERS + N_OBSERVERS)

typedef struct
{
  GMainContext *context;
  GMainContext *waiter;      /* the test's context, woken on changes */
  TcServer     *server;
  GThread      *thread;
  GMutex        lock;
  GCond         cond;
  guint16       port;
  gboolean      ready;
  gint          quit;        /* atomic */
  gint          n_clients;   /* atomic */
  gint          n_dropped;   /* atomic */
} ServerThread;

static void
on_n_clients (TcServer     *server,
              GParamSpec   *pspec,
              ServerThread *st)
{
  g_atomic_int_set (&st->n_clients, (gint) tc_server_get_n_clients (server));
  g_main_context_wakeup (st->waiter);
}

static void
on_client_disconnected (TcServer     *server,
                        gpointer      client,
                        GError       *reason,
                        ServerThread *st)
{
  g_atomic_int_inc (&st->n_dropped);
  g_main_context_wakeup (st->waiter);
}

static gpointer
server_thread_main (gpointer user_data)
{
  ServerThread *st = user_data;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (st->context);

  st->server = tc_server_new ();
  tc_server_set_relay (st->server, TRUE);
  g_signal_connect (st->server, "notify::n-clients", G_CALLBACK (on_n_clients), st);
  g_signal_connect (st->server, "client-disconnected", G_CALLBACK (on_client_disconnected), st);
  g_assert_true (tc_server_listen (st->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);

  g_mutex_lock (&st->lock);
  st->port = tc_server_get_port (st->server);
  st->ready = TRUE;
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);

  while (!g_atomic_int_get (&st->quit))
    g_main_context_iteration (st->context, TRUE);

  tc_server_stop (st->server);
  tc_test_drain (st->context);
  g_signal_handlers_disconnect_by_data (st->server, st);
  g_assert_finalize_object (g_steal_pointer (&st->server));
  tc_test_drain (st->context);

  g_main_context_pop_thread_default (st->context);

  return NULL;
}

static ServerThread *
server_thread_start (GMainContext *waiter)
{
  ServerThread *st = g_new0 (ServerThread, 1);

  st->waiter = waiter;
  st->context = g_main_context_new ();
  g_mutex_init (&st->lock);
  g_cond_init (&st->cond);
  st->thread = g_thread_new ("tcpchat-server", server_thread_main, st);

  g_mutex_lock (&st->lock);
  while (!st->ready)
    g_cond_wait (&st->cond, &st->lock);
  g_mutex_unlock (&st->lock);

  return st;
}

static void
server_thread_stop (ServerThread *st)
{
  g_atomic_int_set (&st->quit, 1);
  g_main_context_wakeup (st->context);
  g_thread_join (st->thread);
  g_main_context_unref (st->context);
  g_mutex_clear (&st->lock);
  g_cond_clear (&st->cond);
  g_free (st);
}

/* One sender's lines: "S<sender> <seq> <check>" where check depends on
 * both, so a line altered on the way is noticed.
 */
static guint32
line_check (guint sender,
            guint seq)
{
  guint32 h = 2166136261u ^ sender;

  h = (h ^ seq) * 16777619u;
  h ^= h >> 15;
  h *= 2246822519u;
  h ^= h >> 13;

  return h;
}

typedef struct
{
  guint    id;
  guint    n_lines;
  guint    next;
} Sender;

static gboolean
sender_fill (TcRawPeer *peer,
             GByteArray  *out,
             gpointer     user_data)
{
  Sender *sender = user_data;
  char line[64];

  while (sender->next < sender->n_lines && out->len < 32 * 1024)
    {
      int n = g_snprintf (line, sizeof line, "S%u %u %08x\n", sender->id, sender->next,
                          line_check (sender->id, sender->next));
      g_byte_array_append (out, (const guint8 *) line, (guint) n);
      sender->next++;
    }

  return sender->next < sender->n_lines;
}

/* What one receiver saw of each sender. */
typedef struct
{
  guint    self;               /* its own sender id, or N_SENDERS for an observer */
  guint    next[N_SENDERS];
  guint64  n_lines;
  guint    n_bad;
  char     prefix_of[N_SENDERS][32];   /* "[127.0.0.1:port] " for each sender */
  gsize    prefix_len[N_SENDERS];
} Receiver;

static void
receiver_line (TcRawPeer *peer,
               const char  *line,
               gsize        len,
               gpointer     user_data)
{
  Receiver *r = user_data;
  char copy[96];
  char *p, *end;
  guint64 sender, seq, check;

  r->n_lines++;

  if (len >= sizeof copy)
    goto bad;
  memcpy (copy, line, len);
  copy[len] = '\0';

  p = strstr (copy, "] S");
  if (copy[0] != '[' || p == NULL)
    goto bad;
  sender = g_ascii_strtoull (p + 3, &end, 10);
  if (sender >= N_SENDERS || sender == r->self || *end != ' ')
    goto bad;

  /* Relayed under the label of the connection it came from. */
  if ((gsize) (p + 2 - copy) != r->prefix_len[sender] ||
      memcmp (copy, r->prefix_of[sender], r->prefix_len[sender]) != 0)
    goto bad;

  seq = g_ascii_strtoull (end + 1, &end, 10);
  if (*end != ' ' || seq != r->next[sender])
    goto bad;
  check = g_ascii_strtoull (end + 1, &end, 16);
  if (*end != '\0' || check != line_check ((guint) sender, (guint) seq))
    goto bad;

  r->next[sender]++;
  return;

bad:
  if (r->n_bad++ < 5)
    g_test_message ("receiver %u: unexpected line \"%.*s\"", r->self, (int) MIN (len, 80), line);
}

static gboolean
all_received (Receiver *receivers,
              guint     n_lines)
{
  for (guint i = 0; i < N_PEERS; i++)
    for (guint s = 0; s < N_SENDERS; s++)
      if (s != receivers[i].self && receivers[i].next[s] < n_lines)
        return FALSE;

  return TRUE;
}

static gboolean
any_bad (Receiver *receivers)
{
  for (guint i = 0; i < N_PEERS; i++)
    if (receivers[i].n_bad > 0)
      return TRUE;

  return FALSE;
}

static void
test_million (void)
{
  const guint total = tc_test_under_valgrind () ? 20000 : 1000000;
  const guint n_lines = total / N_SENDERS;
  g_autoptr(GMainContext) context = g_main_context_new ();
  ServerThread *st;
  TcRawPeer *peers[N_PEERS];
  Sender senders[N_SENDERS];
  Receiver *receivers = g_new0 (Receiver, N_PEERS);
  gsize rss_before, rss_after;
  guint64 delivered = 0, bytes = 0;
  gint64 start;
  double seconds;

  g_main_context_push_thread_default (context);
  st = server_thread_start (context);

  for (guint i = 0; i < N_PEERS; i++)
    {
      g_autoptr(GSocketAddress) local = NULL;
      g_autoptr(GError) error = NULL;

      peers[i] = tc_raw_peer_connect (context, st->port, 0, TC_RAW_PEER_NONE);
      local = g_socket_get_local_address (peers[i]->socket, &error);
      g_assert_no_error (error);
      receivers[i].self = i < N_SENDERS ? i : N_SENDERS;
      if (i < N_SENDERS)
        {
          guint16 port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

          for (guint r = 0; r < N_PEERS; r++)
            {
              g_snprintf (receivers[r].prefix_of[i], sizeof receivers[r].prefix_of[i],
                          "[127.0.0.1:%u] ", port);
              receivers[r].prefix_len[i] = strlen (receivers[r].prefix_of[i]);
            }
        }
      peers[i]->line_func = receiver_line;
      peers[i]->line_data = &receivers[i];
    }
  TC_WAIT_UNTIL (context, g_atomic_int_get (&st->n_clients) == N_PEERS, 10000);

  for (guint i = 0; i < N_PEERS; i++)
    tc_raw_peer_set_reading (peers[i], TRUE);

  rss_before = hostile_rss_kib (0);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_SENDERS; i++)
    {
      senders[i] = (Sender) { i, n_lines, 0 };
      tc_raw_peer_start_writing (peers[i], sender_fill, &senders[i]);
    }

  TC_WAIT_UNTIL (context, all_received (receivers, n_lines) || any_bad (receivers), 120000);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  rss_after = hostile_rss_kib (0);

  for (guint i = 0; i < N_PEERS; i++)
    {
      delivered += receivers[i].n_lines;
      bytes += peers[i]->bytes_in;
    }
  g_test_message ("%u lines from %u senders, %" G_GUINT64_FORMAT " lines (%.0f MB) delivered "
                  "to %u receivers in %.2f s (%.0f lines/s); RSS %" G_GSIZE_FORMAT " -> %"
                  G_GSIZE_FORMAT " KiB", total, N_SENDERS, delivered, bytes / 1e6, N_PEERS,
                  seconds, delivered / seconds, rss_before, rss_after);

  /* Each receiver got every line of every other sender, once, in order. */
  for (guint i = 0; i < N_PEERS; i++)
    {
      g_assert_cmpuint (receivers[i].n_bad, ==, 0);
      for (guint s = 0; s < N_SENDERS; s++)
        g_assert_cmpuint (receivers[i].next[s], ==, s == receivers[i].self ? 0 : n_lines);
      g_assert_cmpuint (receivers[i].n_lines, ==,
                        (guint64) n_lines * (i < N_SENDERS ? N_SENDERS - 1 : N_SENDERS));
      g_assert_null (peers[i]->error);
    }
  g_assert_cmpint (g_atomic_int_get (&st->n_dropped), ==, 0);

  for (guint i = 0; i < N_PEERS; i++)
    tc_raw_peer_free (peers[i]);
  TC_WAIT_UNTIL (context, g_atomic_int_get (&st->n_clients) == 0, 10000);

  server_thread_stop (st);
  tc_test_drain (context);
  g_main_context_pop_thread_default (context);
  g_free (receivers);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/relay/million-lines", test_million);

  return g_test_run ();
}
