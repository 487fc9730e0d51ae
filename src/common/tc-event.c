/* tc-event.c: one thing that happened in a session, for every front-end to show
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-event.h"

/* Spelled out: G_DEFINE_BOXED_TYPE trips -Wpedantic with GCC. */
GType
tc_event_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_boxed_type_register_static (g_intern_static_string ("TcEvent"),
                                                 (GBoxedCopyFunc) tc_event_copy,
                                                 (GBoxedFreeFunc) tc_event_free);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/**
 * tc_event_copy:
 * @event: an event, borrowed or copied
 *
 * Returns: (transfer full): a copy that owns its strings, message and
 *   error, and holds a reference on its connection
 */
TcEvent *
tc_event_copy (const TcEvent *event)
{
  TcEvent *copy;

  g_return_val_if_fail (event != NULL, NULL);

  copy = g_new (TcEvent, 1);
  *copy = *event;
  copy->peer = g_strdup (event->peer);
  copy->connection = event->connection != NULL ? g_object_ref (event->connection) : NULL;
  copy->message = event->message != NULL ? tc_message_copy (event->message) : NULL;
  copy->error = event->error != NULL ? g_error_copy (event->error) : NULL;
  copy->text = g_strdup (event->text);

  return copy;
}

/* Only for copies: a delivered event owns nothing. */
void
tc_event_free (TcEvent *event)
{
  if (event == NULL)
    return;

  g_free ((char *) event->peer);
  g_clear_object (&event->connection);
  tc_message_free ((TcMessage *) event->message);
  if (event->error != NULL)
    g_error_free ((GError *) event->error);
  g_free ((char *) event->text);
  g_free (event);
}

/* For logs and test messages; never shown to a person. */
const char *
tc_event_kind_to_string (TcEventKind kind)
{
  switch (kind)
    {
    case TC_EVENT_STATE:
      return "state";
    case TC_EVENT_PEER_CONNECTED:
      return "peer-connected";
    case TC_EVENT_PEER_CLOSED:
      return "peer-closed";
    case TC_EVENT_PEER_REFUSED:
      return "peer-refused";
    case TC_EVENT_RECEIVED:
      return "received";
    case TC_EVENT_SENT:
      return "sent";
    case TC_EVENT_ERROR:
      return "error";
    case TC_EVENT_INFO:
      return "info";
    default:
      return "unknown";
    }
}
