/* test-io-priority.c: reading below a priority lets its sources run, however busy the peers
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client.h"
#include "tc-connection.h"
#include "tc-server.h"
#include "tc-test-util.h"

#define WAIT_MS      10000
#define LONG_WAIT_MS 30000

#define N_FLOODERS   8
/* GDK_PRIORITY_REDRAW, without GTK; the frame clock's timer. */
#define REDRAW_PRIORITY (G_PRIORITY_HIGH_IDLE + 20)
#define FRAME_MS     16

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  guint16       port;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->server = tc_server_new ();
  tc_server_listen (f->server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tc_server_stop (f->server);
  tc_test_drain (f->context);
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->server));
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static gboolean
count_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static guint64
bytes_in (TcServer *server,
          guint     i)
{
  g_autoptr(TcConnection) client = g_list_model_get_item (G_LIST_MODEL (server), i);

  return tc_connection_get_bytes_in (client);
}

static guint64
total_bytes_in (TcServer *server)
{
  guint64 total = 0;

  for (guint i = 0; i < tc_server_get_n_clients (server); i++)
    total += bytes_in (server, i);
  return total;
}

/* Peers that always have more to send, read below a frame clock's
 * priority: its timer still fires frame after frame, the server keeps
 * reading, and every peer gets its turn. At the default priority the
 * sockets alone would be dispatched, for as long as the flood lasts.
 */
static void
test_below_redraw (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TcFlood) flood = tc_flood_new ();
  g_autoptr(GSource) frames = g_timeout_source_new (FRAME_MS);
  guint n_frames = 0, frames_before;
  guint64 before, least = G_MAXUINT64, most = 0;

  tc_server_set_io_priority (f->server, G_PRIORITY_DEFAULT_IDLE);
  for (guint i = 0; i < N_FLOODERS; i++)
    tc_flood_add (flood, tc_raw_peer_connect (flood->context, f->port, 0, TC_RAW_PEER_NONE));
  TC_WAIT_UNTIL (f->context, tc_server_get_n_clients (f->server) == N_FLOODERS, WAIT_MS);
  for (guint i = 0; i < N_FLOODERS; i++)
    {
      g_autoptr(TcConnection) client = g_list_model_get_item (G_LIST_MODEL (f->server), i);

      g_assert_cmpint (tc_connection_get_io_priority (client), ==, G_PRIORITY_DEFAULT_IDLE);
    }

  g_source_set_priority (frames, REDRAW_PRIORITY);
  g_source_set_callback (frames, count_cb, &n_frames, NULL);
  g_source_attach (frames, f->context);

  tc_flood_start (flood);
  TC_WAIT_UNTIL (f->context, total_bytes_in (f->server) > 16 * 1024 * 1024, LONG_WAIT_MS);

  frames_before = n_frames;
  before = total_bytes_in (f->server);
  TC_WAIT_UNTIL (f->context, n_frames >= frames_before + 20, LONG_WAIT_MS);
  g_assert_cmpuint (total_bytes_in (f->server), >, before);

  /* Taking turns: nobody is left far behind. */
  for (guint i = 0; i < N_FLOODERS; i++)
    {
      least = MIN (least, bytes_in (f->server, i));
      most = MAX (most, bytes_in (f->server, i));
    }
  g_test_message ("bytes read per peer: %" G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT,
                  least, most);
  g_assert_cmpuint (least, >=, most / 8);

  tc_flood_stop (flood);
  g_source_destroy (frames);
}

/* The headless modes keep the default; a window sets its own, for the
 * connections there are and those to come. */
static void
test_property (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TcRawPeer) first = NULL;
  g_autoptr(TcRawPeer) second = NULL;
  g_autoptr(TcClient) client = tc_client_new ();
  g_autoptr(TcConnection) accepted = NULL;
  g_autoptr(TcConnection) later = NULL;
  int priority = 0;

  g_assert_cmpint (tc_server_get_io_priority (f->server), ==, G_PRIORITY_DEFAULT);
  g_assert_cmpint (tc_client_get_io_priority (client), ==, G_PRIORITY_DEFAULT);

  first = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  accepted = g_list_model_get_item (G_LIST_MODEL (f->server), 0);
  g_assert_cmpint (tc_connection_get_io_priority (accepted), ==, G_PRIORITY_DEFAULT);

  g_object_set (f->server, "io-priority", G_PRIORITY_LOW, NULL);
  g_object_get (f->server, "io-priority", &priority, NULL);
  g_assert_cmpint (priority, ==, G_PRIORITY_LOW);
  g_assert_cmpint (tc_connection_get_io_priority (accepted), ==, G_PRIORITY_LOW);

  second = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_server_get_n_clients (f->server) == 2, WAIT_MS);
  later = g_list_model_get_item (G_LIST_MODEL (f->server), 1);
  g_assert_cmpint (tc_connection_get_io_priority (later), ==, G_PRIORITY_LOW);

  /* The client's connection takes its priority too. */
  tc_client_set_io_priority (client, G_PRIORITY_DEFAULT_IDLE);
  tc_client_connect (client, "127.0.0.1", f->port);
  TC_WAIT_UNTIL (f->context, tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  g_assert_cmpint (tc_connection_get_io_priority (tc_client_get_connection (client)), ==,
                   G_PRIORITY_DEFAULT_IDLE);
  tc_client_disconnect (client);
  TC_WAIT_UNTIL (f->context, tc_client_get_state (client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/io-priority/below-redraw", Fixture, NULL,
              fixture_set_up, test_below_redraw, fixture_tear_down);
  g_test_add ("/io-priority/property", Fixture, NULL,
              fixture_set_up, test_property, fixture_tear_down);

  return g_test_run ();
}
