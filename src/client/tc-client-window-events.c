/* tc-client-window-events.c: what the client window shows of its session's
 * events: state changes, the reconnect countdown, errors, lines
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"
#include "tc-error.h"

#include <glib/gi18n-lib.h>

static TcLogModel *
get_log (TcClientWindow *self)
{
  return tc_log_view_get_model (self->log_view);
}

/* Focus follows what can be done next: type a line once connected, edit
 * the host once disconnected; unless the person is in the log. */
static void
move_focus (TcClientWindow *self,
            TcSocketState   state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->log_view)))
    return;

  if (state == TC_SOCKET_STATE_CONNECTED)
    gtk_widget_grab_focus (GTK_WIDGET (tc_send_box_get_view (self->send_box)));
  else if (state == TC_SOCKET_STATE_UNCONNECTED && focus == NULL && !self->locked)
    gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

/* What happened to the session as a whole is logged under the host and
 * port the person asked for; the status bar says it too. */
static void
show_event (TcClientWindow *self,
            const TcEvent  *event)
{
  g_autofree char *target = _tc_client_window_dup_target (self);

  tc_log_model_append_session_event (get_log (self), event, target);
  tc_status_bar_set_message (self->status_bar,
                             event->failure ? TC_STATUS_ERROR : TC_STATUS_INFO,
                             event->text);
}

static void
state_changed (TcClientWindow *self,
               const TcEvent  *event)
{
  self->state = event->state;

  if (event->state == TC_SOCKET_STATE_CONNECTED)
    _tc_client_window_set_connection (self, tc_client_get_connection (self->client));
  else if (event->state == TC_SOCKET_STATE_UNCONNECTED)
    _tc_client_window_set_connection (self, NULL);

  if (event->state == TC_SOCKET_STATE_HOST_LOOKUP)
    g_clear_pointer (&self->last_error, g_free);
  _tc_client_window_hosts_follow (self, event->state);

  show_event (self, event);
  _tc_client_window_update_controls (self);
  move_focus (self, event->state);
}

static void
received (TcClientWindow *self,
          const TcEvent  *event)
{
  tc_log_model_append_session_event (get_log (self), event, NULL);

  if (!gtk_window_is_active (GTK_WINDOW (self)) && tc_line_notifier_get_enabled (self->notifier))
    {
      g_autofree char *text = tc_message_dup_display (event->message);

      tc_line_notifier_line_received (self->notifier, event->peer, text);
    }
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcClientWindow *self = user_data;

  switch (event->kind)
    {
    case TC_EVENT_STATE:
      state_changed (self, event);
      break;
    case TC_EVENT_RECEIVED:
      received (self, event);
      break;
    case TC_EVENT_SENT:
      tc_log_model_append_session_event (get_log (self), event, NULL);
      break;
    case TC_EVENT_PEER_CONNECTED:
      /* The state says it. */
      break;
    case TC_EVENT_PEER_CLOSED:
    case TC_EVENT_ERROR:
      /* Why it ended, failure or not, kept for the status bar while a
       * reconnect counts down. */
      if (event->failure ||
          (event->error != NULL && !g_error_matches (event->error, TC_ERROR, TC_ERROR_LOCAL_CLOSE)))
        {
          g_free (self->last_error);
          self->last_error = g_strdup (event->text);
        }
      show_event (self, event);
      if (event->kind == TC_EVENT_ERROR)
        _tc_client_window_tls_failed (self, event->error);
      break;
    case TC_EVENT_PEER_REFUSED:
    case TC_EVENT_INFO:
    default:
      show_event (self, event);
      break;
    }
}

/* The countdown in the status bar, each second; the log has it once, from
 * the session. */
static void
client_reconnect_in_cb (TcClientWindow *self)
{
  guint reconnect_in = tc_client_get_reconnect_in (self->client);

  if (reconnect_in == self->reconnect_in)
    return;

  if (reconnect_in > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Reconnecting in %u s"), reconnect_in);

      if (self->last_error != NULL)
        {
          g_autofree char *both = g_strdup_printf ("%s — %s", text, self->last_error);
          tc_status_bar_set_message (self->status_bar, TC_STATUS_ERROR, both);
        }
      else
        {
          tc_status_bar_set_message (self->status_bar, TC_STATUS_INFO, text);
        }
    }

  self->reconnect_in = reconnect_in;
  _tc_client_window_update_controls (self);
}

void
_tc_client_window_events_init (TcClientWindow *self)
{
  self->session = tc_session_new_for_client (self->client);
  tc_session_add_event_func (self->session, session_event_cb, self);
  tc_session_pane_set_session (self->pane, self->session);
  g_signal_connect_swapped (self->client, "notify::reconnect-in",
                            G_CALLBACK (client_reconnect_in_cb), self);
}

void
_tc_client_window_events_dispose (TcClientWindow *self)
{
  if (self->session == NULL)
    return;

  tc_session_remove_event_func (self->session, session_event_cb, self);
  g_clear_object (&self->session);
}
