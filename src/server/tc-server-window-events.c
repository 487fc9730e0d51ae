/* tc-server-window-events.c: what the server window shows of its session's
 * events: clients coming and going, refusals, received and sent lines
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>

/* Whether there is anyone to send to shows at once: a line typed as soon
 * as the first client is there goes out. The rest waits for the frame.
 */
static void
n_peers_cb (TcSession      *session,
            GParamSpec     *pspec,
            TcServerWindow *self)
{
  guint n_clients = tc_session_get_n_peers (session);

  if ((n_clients == 0) != (self->shown_n_clients == 0))
    _tc_server_window_update (self);
  _tc_server_window_queue_clients_changed (self);
}

/* In the log, and said in the status bar. */
static void
show_event (TcServerWindow *self,
            const TcEvent  *event)
{
  tc_log_model_append_session_event (self->log, event, NULL);
  if (event->text != NULL)
    _tc_server_window_set_status (self,
                                  event->failure ? TC_STATUS_ERROR : TC_STATUS_INFO,
                                  event->peer, event->text);
}

static void
peer_closed (TcServerWindow *self,
             const TcEvent  *event)
{
  self->closed_bytes_in += tc_connection_get_bytes_in (event->connection);
  self->closed_bytes_out += tc_connection_get_bytes_out (event->connection);
  show_event (self, event);

  /* Never let the selection slide to another client: back to all. */
  if (self->target == event->connection)
    {
      gtk_single_selection_set_selected (self->client_selection, 0);
      _tc_server_window_set_target (self, NULL);
    }
  _tc_server_window_queue_clients_changed (self);
}

/* No signal emission per line under a flood: a line is one call here. */
static void
received (TcServerWindow *self,
          const TcEvent  *event)
{
  tc_log_model_append_session_event (self->log, event, NULL);

  if (!gtk_window_is_active (GTK_WINDOW (self)) && tc_line_notifier_get_enabled (self->notifier))
    {
      g_autofree char *text = tc_message_dup_display (event->message);

      tc_line_notifier_line_received (self->notifier, event->peer, text);
    }

  /* A truncated line says so. */
  if (event->text != NULL)
    _tc_server_window_set_status (self, TC_STATUS_ERROR, event->peer, event->text);
}

/* A line sent to every client is logged once, when the send is done. */
static void
sent (TcServerWindow *self,
      const TcEvent  *event)
{
  if (!self->broadcasting)
    tc_log_model_append_session_event (self->log, event, NULL);
  else if (self->broadcast_sent == NULL)
    self->broadcast_sent = tc_event_copy (event);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcServerWindow *self = user_data;

  switch (event->kind)
    {
    case TC_EVENT_RECEIVED:
      received (self, event);
      break;
    case TC_EVENT_SENT:
      sent (self, event);
      break;
    case TC_EVENT_STATE:
      /* Starting and stopping are told by the actions that do them. */
      _tc_server_window_update (self);
      break;
    case TC_EVENT_PEER_CONNECTED:
      show_event (self, event);
      _tc_server_window_queue_clients_changed (self);
      break;
    case TC_EVENT_PEER_CLOSED:
      peer_closed (self, event);
      break;
    case TC_EVENT_PEER_REFUSED:
    case TC_EVENT_ERROR:
    case TC_EVENT_INFO:
    default:
      show_event (self, event);
      break;
    }
}

void
_tc_server_window_events_init (TcServerWindow *self)
{
  self->session = tc_session_new_for_server (self->server);
  tc_session_add_event_func (self->session, session_event_cb, self);
  tc_session_pane_set_session (self->pane, self->session);
  g_signal_connect (self->session, "notify::n-peers", G_CALLBACK (n_peers_cb), self);
}

void
_tc_server_window_events_dispose (TcServerWindow *self)
{
  if (self->session == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->session, self);
  tc_session_remove_event_func (self->session, session_event_cb, self);
  g_clear_object (&self->session);
  g_clear_pointer (&self->broadcast_sent, tc_event_free);
}
