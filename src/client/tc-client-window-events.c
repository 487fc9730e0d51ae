/* tc-client-window-events.c: what the client window shows of the client's
 * signals: state changes, the reconnect countdown, errors, received lines
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>

#include "tc-error.h"

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

static void
client_state_cb (TcClientWindow *self)
{
  TcSocketState state = tc_client_get_state (self->client);
  g_autofree char *owned = NULL;
  g_autofree char *target = NULL;
  const char *description;

  if (state == self->state)
    return;
  self->state = state;

  if (state == TC_SOCKET_STATE_CONNECTED)
    _tc_client_window_set_connection (self, tc_client_get_connection (self->client));
  else if (state == TC_SOCKET_STATE_UNCONNECTED)
    _tc_client_window_set_connection (self, NULL);

  if (state == TC_SOCKET_STATE_HOST_LOOKUP)
    g_clear_pointer (&self->last_error, g_free);

  /* The log names the state; the status bar already shows it. */
  description = _tc_client_window_describe_state (self, state, &owned);
  target = _tc_client_window_dup_target (self);
  tc_log_model_append_event (get_log (self), target, "%s (%s)", description,
                             tc_socket_state_to_string (state));
  tc_status_bar_set_message (self->status_bar, TC_STATUS_INFO, description);
  _tc_client_window_update_controls (self);
  move_focus (self, state);
}

static void
client_reconnect_in_cb (TcClientWindow *self)
{
  guint reconnect_in = tc_client_get_reconnect_in (self->client);
  g_autofree char *text = NULL;

  if (reconnect_in == self->reconnect_in)
    return;

  if (reconnect_in > 0)
    {
      text = g_strdup_printf (_("Reconnecting in %u s"), reconnect_in);

      /* The log says it once per countdown; the status bar counts. */
      if (self->reconnect_in == 0)
        {
          g_autofree char *target = _tc_client_window_dup_target (self);
          tc_log_model_append_event (get_log (self), target, _("Reconnecting to %s in %u s"),
                                     target, reconnect_in);
        }

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
  else if (!tc_client_get_auto_reconnect (self->client))
    {
      /* The countdown ends with an attempt, or early: the toggle went off
       * (Disconnect says so itself). */
      _tc_client_window_report_event (self, _("Auto-reconnect is off: stopped reconnecting"));
    }

  self->reconnect_in = reconnect_in;
  _tc_client_window_update_controls (self);
}

static void
client_connect_failed_cb (TcClientWindow *self,
                          GError         *error)
{
  if (g_error_matches (error, TC_ERROR, TC_ERROR_CANCELLED))
    {
      _tc_client_window_report_event (self, error->message);
      return;
    }

  g_free (self->last_error);
  self->last_error = g_strdup (error->message);
  _tc_client_window_report_error (self, error->message);
}

static void
client_disconnected_cb (TcClientWindow *self,
                        GError         *reason)
{
  if (reason == NULL || g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE))
    {
      _tc_client_window_report_event (self, _("Disconnected"));
      return;
    }

  g_free (self->last_error);
  self->last_error = g_strdup (reason->message);
  _tc_client_window_report_error (self, reason->message);
}

/* The client's line hook, as the server window has the server's. */
static void
client_line_cb (TcClient     *client,
                const TcLine *line,
                gpointer      user_data)
{
  TcClientWindow *self = user_data;
  const char *peer = self->connection != NULL
                     ? tc_connection_get_peer_label (self->connection) : NULL;

  tc_log_model_append_line (get_log (self), TC_LOG_DIRECTION_RECEIVED, peer, line);

  if (!gtk_window_is_active (GTK_WINDOW (self)) && tc_line_notifier_get_enabled (self->notifier))
    {
      g_autofree char *text = tc_line_dup_display (line);

      tc_line_notifier_line_received (self->notifier, peer, text);
    }
}

void
_tc_client_window_events_init (TcClientWindow *self)
{
  g_signal_connect_swapped (self->client, "notify::state",
                            G_CALLBACK (client_state_cb), self);
  g_signal_connect_swapped (self->client, "notify::reconnect-in",
                            G_CALLBACK (client_reconnect_in_cb), self);
  g_signal_connect_swapped (self->client, "connect-failed",
                            G_CALLBACK (client_connect_failed_cb), self);
  g_signal_connect_swapped (self->client, "disconnected",
                            G_CALLBACK (client_disconnected_cb), self);
  tc_client_set_line_func (self->client, client_line_cb, self);
}
