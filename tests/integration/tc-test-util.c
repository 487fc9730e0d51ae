/* tc-test-util.c: helpers for tests that drive sockets with a main context
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-test-util.h"

#include <string.h>
#include <sys/socket.h>

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

GSource *
tc_test_deadline_new (GMainContext *context,
                      guint         timeout_ms,
                      gboolean     *flag)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, deadline_cb, flag, NULL);
  g_source_attach (source, context);

  return source;
}

/* Runs whatever is ready, boundedly, so cancelled operations complete. */
void
tc_test_drain (GMainContext *context)
{
  for (guint i = 0; i < 10000 && g_main_context_pending (context); i++)
    g_main_context_iteration (context, FALSE);
}

/* Drops the caller's reference and waits until the object is finalized:
 * pending operations may hold it for a few iterations, a leak never ends.
 */
void
tc_test_assert_finalized (GMainContext *context,
                          gpointer      object)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  TC_WAIT_UNTIL (context, weak == NULL, 5000);
}

/* Reads what is there now, at most read_limit bytes. */
void
tc_raw_peer_read_some (TcRawPeer *peer)
{
  char buf[64 * 1024];
  gsize budget = peer->read_limit > 0 ? peer->read_limit : G_MAXSIZE;

  while (budget > 0 && !peer->eof)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_receive (peer->socket, buf, MIN (sizeof buf, budget), NULL, &error);
      if (n > 0)
        {
          g_string_append_len (peer->in, buf, n);
          budget -= (gsize) n;
        }
      else if (n == 0)
        peer->eof = TRUE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      else
        {
          peer->eof = TRUE;
          g_clear_error (&peer->error);
          peer->error = g_steal_pointer (&error);
        }
    }
}

static gboolean
raw_peer_readable_cb (GSocket      *socket,
                      GIOCondition  condition,
                      gpointer      user_data)
{
  TcRawPeer *peer = user_data;

  tc_raw_peer_read_some (peer);
  if (peer->eof)
    {
      g_clear_pointer (&peer->source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

void
tc_raw_peer_set_reading (TcRawPeer *peer,
                         gboolean   reading)
{
  if (reading && peer->source == NULL && !peer->eof)
    {
      peer->source = g_socket_create_source (peer->socket, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                             NULL);
      g_source_set_callback (peer->source, G_SOURCE_FUNC (raw_peer_readable_cb), peer, NULL);
      g_source_attach (peer->source, peer->context);
    }
  else if (!reading && peer->source != NULL)
    {
      g_source_destroy (peer->source);
      g_clear_pointer (&peer->source, g_source_unref);
    }
}

/* @rcvbuf > 0 shrinks the receive buffer before connecting, so a peer that
 * does not read fills up quickly.
 */
TcRawPeer *
tc_raw_peer_connect (GMainContext *context,
                     guint16       port,
                     int           rcvbuf,
                     gboolean      reading)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  TcRawPeer *peer = g_new0 (TcRawPeer, 1);

  peer->context = context;
  peer->in = g_string_new (NULL);
  peer->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  if (rcvbuf > 0)
    {
      g_socket_set_option (peer->socket, SOL_SOCKET, SO_RCVBUF, rcvbuf, &error);
      g_assert_no_error (error);
    }

  /* Loopback connects complete in the kernel, before the server accepts. */
  g_socket_connect (peer->socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (peer->socket, FALSE);

  tc_raw_peer_set_reading (peer, reading);

  return peer;
}

/* Writes everything, iterating @context while the socket is full so the
 * other side (in this process) can read.
 */
void
tc_raw_peer_send_all (TcRawPeer  *peer,
                      const char *data,
                      gsize       len,
                      guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize done = 0;

  while (done < len)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_send (peer->socket, data + done, len - done, NULL, &error);
      if (n > 0)
        {
          done += (gsize) n;
          continue;
        }

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      if (g_get_monotonic_time () > deadline)
        g_error ("raw peer: only %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                 " bytes sent within %u ms", done, len, timeout_ms);

      {
        gboolean timed_out = FALSE;
        GSource *tick = tc_test_deadline_new (peer->context, 10, &timed_out);

        /* Run until something happened or a short tick passed. */
        g_main_context_iteration (peer->context, TRUE);
        g_source_destroy (tick);
        g_source_unref (tick);
      }
    }
}

void
tc_raw_peer_shutdown_write (TcRawPeer *peer)
{
  g_autoptr(GError) error = NULL;

  g_socket_shutdown (peer->socket, FALSE, TRUE, &error);
  g_assert_no_error (error);
}

/* Closes with SO_LINGER 0: the kernel sends RST instead of FIN. */
void
tc_raw_peer_reset (TcRawPeer *peer)
{
  g_autoptr(GError) error = NULL;
  struct linger linger = { 1, 0 };

  g_assert_cmpint (setsockopt (g_socket_get_fd (peer->socket), SOL_SOCKET, SO_LINGER,
                               &linger, sizeof linger), ==, 0);
  tc_raw_peer_set_reading (peer, FALSE);
  g_socket_close (peer->socket, &error);
  g_assert_no_error (error);
}

guint
tc_raw_peer_count_lines (TcRawPeer *peer)
{
  guint n = 0;

  for (gsize i = 0; i < peer->in->len; i++)
    if (peer->in->str[i] == '\n')
      n++;

  return n;
}

void
tc_raw_peer_free (TcRawPeer *peer)
{
  tc_raw_peer_set_reading (peer, FALSE);
  g_clear_object (&peer->socket);
  g_string_free (peer->in, TRUE);
  g_clear_error (&peer->error);
  g_free (peer);
}
