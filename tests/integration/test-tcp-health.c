/* test-tcp-health.c: TCP_INFO and the queue sizes of real loopback connections
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-tcp-health.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  TcRawPeer   *writer;
  TcTcpHealth  health;
  GError      *error;
} Watch;

static gboolean
fill_cb (TcRawPeer  *peer,
         GByteArray *out,
         gpointer    user_data)
{
  static const char line[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n";

  for (guint i = 0; i < 256; i++)
    g_byte_array_append (out, (const guint8 *) line, sizeof line - 1);
  return TRUE;
}

/* The writer's send queue holds bytes it could not send yet. */
static gboolean
send_queue_grew (gpointer data)
{
  Watch *watch = data;

  g_clear_error (&watch->error);
  if (!tc_tcp_health_read (watch->writer->socket, &watch->health, &watch->error))
    return TRUE;
  return watch->health.unsent > 64 * 1024 && watch->health.rtt_us > 0;
}

/* A peer that stops reading: what the writer sends piles up in the
 * kernel, unsent, while the round trip stays known and small. */
static void
test_peer_stops_reading (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) reader = NULL;
  g_autoptr(TcRawPeer) writer = NULL;
  g_autofree char *line = NULL;
  TcTcpHealth reader_health;
  Watch watch = { NULL, };
  guint16 port = 0;

  g_main_context_push_thread_default (context);
  listener = tc_raw_listen (&port);
  reader = tc_raw_peer_connect (context, port, 16 * 1024, TC_RAW_PEER_NONE);
  writer = tc_raw_peer_accept (context, listener, WAIT_MS, TC_RAW_PEER_NONE);
  g_assert_nonnull (writer);

  /* Quiet: nothing queued either way. */
  g_assert_true (tc_tcp_health_read (writer->socket, &watch.health, NULL));
  g_assert_cmpuint (watch.health.unsent, ==, 0);
  g_assert_cmpuint (watch.health.rcvq, ==, 0);
  g_assert_cmpuint (watch.health.cwnd, >, 0);

  watch.writer = writer;
  tc_raw_peer_start_writing (writer, fill_cb, NULL);
  g_assert_true (tc_test_wait_for (context, send_queue_grew, &watch, WAIT_MS));
  g_assert_no_error (watch.error);
  g_assert_cmpuint (watch.health.send_queue, >=, watch.health.unsent);
  g_assert_cmpuint (watch.health.rtt_us, <, 1000000);
  /* Retransmissions are not asserted: a loaded machine (or valgrind) may
   * see one even on loopback. */

  /* The reader's side: its receive queue is full of what it did not read. */
  g_assert_true (tc_tcp_health_read (reader->socket, &reader_health, NULL));
  g_assert_cmpuint (reader_health.rcvq, >, 0);
  g_assert_cmpuint (reader_health.unsent, ==, 0);

  line = tc_tcp_health_format (&watch.health, "127.0.0.1:5000");
  g_test_message ("%s", line);
  g_assert_true (g_str_has_prefix (line, "peer=127.0.0.1:5000 rtt_ms="));
  g_assert_nonnull (strstr (line, " unsent="));
  g_assert_null (strstr (line, " unsent=0 "));

  tc_raw_peer_close (writer);
  tc_raw_peer_close (reader);
  tc_test_drain (context);
  g_main_context_pop_thread_default (context);
}

/* The line a script parses: the same in every locale, fixed keys. */
static void
test_format (void)
{
  TcTcpHealth health = {
    .rtt_us = 50, .rttvar_us = 20, .unsent = 131072, .send_queue = 140000,
    .unacked = 3, .retrans = 0, .rcvq = 0, .cwnd = 10,
  };
  g_autofree char *line = tc_tcp_health_format (&health, "127.0.0.1:5000");
  g_autofree char *no_peer = tc_tcp_health_format (&health, NULL);
  g_autofree char *spaced = tc_tcp_health_format (&health, "a b");

  g_assert_cmpstr (line, ==, "peer=127.0.0.1:5000 rtt_ms=0.050 rttvar_ms=0.020 unsent=131072 "
                             "unacked=3 retrans=0 rcvq=0 cwnd=10");
  g_assert_cmpstr (no_peer, ==, "rtt_ms=0.050 rttvar_ms=0.020 unsent=131072 "
                                "unacked=3 retrans=0 rcvq=0 cwnd=10");
  g_assert_true (g_str_has_prefix (spaced, "peer=a_b "));
}

/* What has no TCP health says so, plainly. */
static void
test_errors (void)
{
  g_autoptr(GSocket) udp = NULL;
  g_autoptr(GSocket) tcp = NULL;
  g_autoptr(GError) error = NULL;
  TcTcpHealth health;

  udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_assert_nonnull (udp);
  g_assert_false (tc_tcp_health_read (udp, &health, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_clear_error (&error);

  tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (tcp);
  g_assert_true (g_socket_close (tcp, NULL));
  g_assert_false (tc_tcp_health_read (tcp, &health, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp-health/peer-stops-reading", test_peer_stops_reading);
  g_test_add_func ("/tcp-health/format", test_format);
  g_test_add_func ("/tcp-health/errors", test_errors);

  return g_test_run ();
}
