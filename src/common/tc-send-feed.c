/* tc-send-feed.c: a long text handed to a connection in pieces as it drains
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-send-feed.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tc-error.h"

#define FEED_KEY "tc-send-feed"

/* What is still to be queued on one connection, oldest first. */
typedef struct
{
  GQueue  pending;      /* GBytes* */
  gsize   offset;       /* into the head */
  gsize   left;         /* bytes in pending past offset */
  gsize   max_queued;
  gboolean running;     /* sending notifies unsent-bytes: no reentry */
} Feed;

static void
feed_free (gpointer data)
{
  Feed *feed = data;

  g_queue_clear_full (&feed->pending, (GDestroyNotify) g_bytes_unref);
  g_free (feed);
}

static guint
count_newlines (const char *data,
                gsize       len)
{
  guint n = 0;
  const char *end = data + len;

  while (data < end && (data = memchr (data, '\n', (gsize) (end - data))) != NULL)
    {
      n++;
      data++;
    }

  return n;
}

/* Queues pieces while the connection has room below max_queued. */
static void
feed_run_once (TcConnection *connection,
               Feed         *feed)
{
  while (!g_queue_is_empty (&feed->pending))
    {
      GBytes *head = g_queue_peek_head (&feed->pending);
      gsize size = g_bytes_get_size (head);
      gsize unsent = tc_connection_get_unsent_bytes (connection);
      gsize room, take;
      g_autoptr(GBytes) piece = NULL;

      if (tc_connection_get_state (connection) != TC_SOCKET_STATE_CONNECTED)
        {
          g_queue_clear_full (&feed->pending, (GDestroyNotify) g_bytes_unref);
          feed->offset = feed->left = 0;
          return;
        }
      if (unsent >= feed->max_queued)
        return;

      room = feed->max_queued - unsent;
      take = MIN (MIN (size - feed->offset, room), TC_SEND_FEED_CHUNK);
      piece = g_bytes_new_from_bytes (head, feed->offset, take);
      feed->offset += take;
      feed->left -= take;
      if (feed->offset == size)
        {
          g_bytes_unref (g_queue_pop_head (&feed->pending));
          feed->offset = 0;
        }

      if (!tc_connection_send_bytes (connection, piece,
                                     count_newlines (g_bytes_get_data (piece, NULL), take),
                                     NULL))
        {
          g_queue_clear_full (&feed->pending, (GDestroyNotify) g_bytes_unref);
          feed->offset = feed->left = 0;
          return;
        }
    }
}

static void
feed_run (TcConnection *connection,
          Feed         *feed)
{
  if (feed->running)
    return;
  feed->running = TRUE;
  feed_run_once (connection, feed);
  feed->running = FALSE;
}

static void
unsent_changed_cb (TcConnection *connection,
                   GParamSpec   *pspec,
                   Feed         *feed)
{
  feed_run (connection, feed);
}

/**
 * tc_send_feed_bytes:
 * @connection: a connected #TcConnection
 * @bytes: what to send, line terminators included
 * @max_queued: most bytes to keep queued on the connection (at most its
 *   cap on unsent bytes, so that a long text never trips that cap)
 * @error: set when the connection cannot send
 *
 * Sends @bytes whole and in order after what was fed before, however long:
 * the connection gets a piece whenever its unsent bytes drop below
 * @max_queued. A connection that takes nothing is dropped by its own stall
 * timeout; what was not queued then is discarded.
 *
 * Returns: %FALSE with @error when the connection cannot send at all
 */
gboolean
tc_send_feed_bytes (TcConnection  *connection,
                    GBytes        *bytes,
                    gsize          max_queued,
                    GError       **error)
{
  Feed *feed;

  g_return_val_if_fail (TC_IS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (max_queued > 0, FALSE);

  if (tc_connection_get_state (connection) != TC_SOCKET_STATE_CONNECTED)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                   _("Cannot send to %s: the connection is closed"),
                   tc_connection_get_peer_label (connection));
      return FALSE;
    }

  feed = g_object_get_data (G_OBJECT (connection), FEED_KEY);
  if (feed == NULL)
    {
      feed = g_new0 (Feed, 1);
      g_queue_init (&feed->pending);
      g_object_set_data_full (G_OBJECT (connection), FEED_KEY, feed, feed_free);
      g_signal_connect (connection, "notify::unsent-bytes",
                        G_CALLBACK (unsent_changed_cb), feed);
      g_signal_connect (connection, "notify::state", G_CALLBACK (unsent_changed_cb), feed);
    }

  feed->max_queued = max_queued;
  if (g_bytes_get_size (bytes) == 0)
    return TRUE;
  g_queue_push_tail (&feed->pending, g_bytes_ref (bytes));
  feed->left += g_bytes_get_size (bytes);
  feed_run (connection, feed);

  return TRUE;
}

/* Bytes fed but not yet queued on the connection. */
gsize
tc_send_feed_get_left (TcConnection *connection)
{
  Feed *feed;

  g_return_val_if_fail (TC_IS_CONNECTION (connection), 0);

  feed = g_object_get_data (G_OBJECT (connection), FEED_KEY);
  return feed != NULL ? feed->left : 0;
}
