/* tc-peer-numbers.c: the number each connection has in a log or a recording
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-peer-numbers.h"

void
tc_peer_numbers_init (TcPeerNumbers *self)
{
  self->numbers = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->last = 0;
}

void
tc_peer_numbers_clear (TcPeerNumbers *self)
{
  g_clear_pointer (&self->numbers, g_hash_table_unref);
}

/* Drops the open connections; numbers still count on from the last one,
 * so a reattached session gives no number twice.
 */
void
tc_peer_numbers_forget (TcPeerNumbers *self)
{
  g_hash_table_remove_all (self->numbers);
}

/* The number of the event's connection: a new one at its first event,
 * forgotten at its close; 0 for an event without a connection.
 */
guint
tc_peer_numbers_for_event (TcPeerNumbers *self,
                           const TcEvent *event)
{
  guint number;

  if (event->connection == NULL)
    return 0;

  number = GPOINTER_TO_UINT (g_hash_table_lookup (self->numbers, event->connection));
  if (event->kind == TC_EVENT_PEER_CLOSED)
    {
      g_hash_table_remove (self->numbers, event->connection);
      return number != 0 ? number : ++self->last;
    }
  if (number == 0)
    {
      number = ++self->last;
      g_hash_table_insert (self->numbers, g_object_ref (event->connection),
                           GUINT_TO_POINTER (number));
    }

  return number;
}

/* The "kind" of a JSON log line or a recording's record. */
const char *
tc_peer_numbers_kind_name (TcEventKind kind)
{
  switch (kind)
    {
    case TC_EVENT_PEER_CONNECTED: return "open";
    case TC_EVENT_RECEIVED: return "in";
    case TC_EVENT_SENT: return "out";
    case TC_EVENT_PEER_CLOSED: return "close";
    case TC_EVENT_ERROR:
    case TC_EVENT_PEER_REFUSED: return "error";
    case TC_EVENT_STATE: return "state";
    case TC_EVENT_INFO:
    default: return "info";
    }
}
