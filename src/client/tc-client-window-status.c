/* tc-client-window-status.c: what the client window shows of the client's
 * state: the status bar segments, whether a line can be sent, the title
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>

void
_tc_client_window_update_traffic (TcClientWindow *self)
{
  guint64 bytes_in = 0;
  guint64 bytes_out = 0;

  if (self->connection != NULL)
    {
      bytes_in = tc_connection_get_bytes_in (self->connection);
      bytes_out = tc_connection_get_bytes_out (self->connection);
    }

  tc_session_pane_show_traffic (self->pane, bytes_in, bytes_out);
}

/* The unsent-bytes cap bounds the flow-control marks too. */
void
_tc_client_window_apply_max_unsent (TcClientWindow *self)
{
  gsize max_unsent, high_water, low_water;

  if (self->connection == NULL || self->settings == NULL)
    return;

  max_unsent = g_settings_get_uint (self->settings, "max-unsent");
  high_water = MIN (TC_CONNECTION_DEFAULT_HIGH_WATER, max_unsent);
  low_water = MIN (TC_CONNECTION_DEFAULT_LOW_WATER, high_water);
  tc_connection_set_limits (self->connection, high_water, low_water, max_unsent,
                            tc_client_get_send_timeout (self->client));
}

/* The lock: the version and cipher suite, and whose certificate it is. */
static void
show_tls (TcClientWindow *self,
          TcConnection   *connection)
{
  g_autofree char *description = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *tooltip = NULL;

  if (connection != NULL)
    description = tc_connection_get_tls_description (connection);
  if (description != NULL)
    {
      subject = tc_connection_get_peer_subject (connection);
      tooltip = g_strdup_printf (_("The server's certificate: %s"),
                                 subject != NULL ? subject : _("none"));
    }
  tc_status_bar_show_tls (self->status_bar, description, tooltip);
}

void
_tc_client_window_set_connection (TcClientWindow *self,
                                  TcConnection   *connection)
{
  g_set_object (&self->connection, connection);
  g_signal_group_set_target (self->connection_signals, connection);
  tc_session_pane_set_health_connection (self->pane, connection);
  _tc_client_window_apply_max_unsent (self);

  if (connection != NULL)
    {
      g_autofree char *peer = NULL;
      g_autofree char *local = NULL;

      peer = g_strdup_printf (_("Peer: %s"), tc_connection_get_peer_label (connection));
      local = g_strdup_printf (_("Local: %s"), tc_connection_get_local_label (connection));
      tc_status_bar_set_segment (self->status_bar, "peer", peer);
      tc_status_bar_set_segment (self->status_bar, "local", local);
      _tc_client_window_update_traffic (self);
      show_tls (self, connection);
    }
  else
    {
      /* The byte counts stay shown until the next connection. */
      tc_status_bar_set_segment (self->status_bar, "peer", _("Peer: –"));
      tc_status_bar_set_segment (self->status_bar, "local", _("Local: –"));
      show_tls (self, NULL);
    }
}

/* Whether a line can be sent, and if not, why. */
void
_tc_client_window_update_send_box (TcClientWindow *self,
                                   TcSocketState   state,
                                   guint           reconnect_in)
{
  switch (state)
    {
    case TC_SOCKET_STATE_CONNECTED:
      tc_send_box_set_sendable (self->send_box, TRUE, NULL);
      break;
    case TC_SOCKET_STATE_HOST_LOOKUP:
    case TC_SOCKET_STATE_CONNECTING:
    case TC_SOCKET_STATE_HANDSHAKING:
      tc_send_box_set_sendable (self->send_box, FALSE,
                                _("Connecting: wait until connected to send"));
      break;
    case TC_SOCKET_STATE_CLOSING:
      tc_send_box_set_sendable (self->send_box, FALSE, _("The connection is closing"));
      break;
    case TC_SOCKET_STATE_UNCONNECTED:
    case TC_SOCKET_STATE_BOUND:
    case TC_SOCKET_STATE_LISTENING:
    default:
      if (reconnect_in > 0)
        tc_send_box_set_sendable (self->send_box, FALSE,
                                  _("Not connected: waiting to reconnect"));
      else
        tc_send_box_set_sendable (self->send_box, FALSE,
                                  _("Not connected: connect to a server first"));
      break;
    }
}

/* The socket segment and the title: the target in the title tells
 * side-by-side windows apart. */
void
_tc_client_window_update_title (TcClientWindow *self,
                                TcSocketState   state,
                                gboolean        locked)
{
  g_autofree char *title = NULL;

  tc_session_pane_show_socket_state (self->pane, state);

  if (locked)
    {
      g_autofree char *target = _tc_client_window_dup_target (self);

      /* What the window is doing, as the title bar and the task list say it. */
      if (state == TC_SOCKET_STATE_CONNECTED)
        /* TRANSLATORS: the window title, %s is the server's host:port */
        title = g_strdup_printf (_("tcpchat client — connected to %s"), target);
      else
        /* TRANSLATORS: the window title, %s is the server's host:port */
        title = g_strdup_printf (_("tcpchat client — connecting to %s"), target);
      gtk_label_set_text (self->subtitle_label, target);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), locked);
  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("tcpchat client"));
}

/* The segments in the order they show; the traffic follows the
 * connection's byte counts. */
void
_tc_client_window_status_init (TcClientWindow *self)
{
  tc_status_bar_add_segment (self->status_bar, "socket", _("Socket state"));
  tc_status_bar_add_segment (self->status_bar, "peer", _("Peer address"));
  tc_status_bar_add_segment (self->status_bar, "local", _("Local address"));
  tc_status_bar_add_segment (self->status_bar, "traffic", _("Traffic"));
  tc_status_bar_add_segment (self->status_bar, "rates", _("Traffic a second"));
  tc_status_bar_add_segment (self->status_bar, "health", _("TCP health of the connection"));
  tc_status_bar_show_tls (self->status_bar, NULL, NULL);

  self->connection_signals = g_signal_group_new (TC_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->connection_signals, "notify::bytes-in",
                                  G_CALLBACK (_tc_client_window_update_traffic), self);
  g_signal_group_connect_swapped (self->connection_signals, "notify::bytes-out",
                                  G_CALLBACK (_tc_client_window_update_traffic), self);

  _tc_client_window_set_connection (self, NULL);
  _tc_client_window_update_traffic (self);
}
