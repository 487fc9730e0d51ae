/* tc-session-pane-status.c: the status bar's counters, rates and TCP health,
 * read once a second while the pane shows
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

#include "tc-tcp-health.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>

static void
show_counters (TcSessionPane *self)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  /* A new connection counts from 0 again: so does a reset before it. */
  if (self->bytes_in < self->reset_in || self->bytes_out < self->reset_out)
    self->reset_in = self->reset_out = 0;

  in = tc_format_byte_count (self->bytes_in - self->reset_in);
  out = tc_format_byte_count (self->bytes_out - self->reset_out);
  /* TRANSLATORS: bytes received and sent, in the status bar */
  text = g_strdup_printf (_("In: %s · Out: %s"), in, out);
  tc_status_bar_set_segment (self->status_bar, "traffic", text);
}

/* Once a second, not with every count: a flood counts with every read. */
static void
show_rates (TcSessionPane *self)
{
  g_autofree char *in_rate = tc_format_byte_count ((guint64) self->rate_in);
  g_autofree char *out_rate = tc_format_byte_count ((guint64) self->rate_out);
  g_autofree char *text = NULL;

  /* TRANSLATORS: bytes a second received and sent, over the last second */
  text = g_strdup_printf (_("%s/s in · %s/s out"), in_rate, out_rate);
  tc_status_bar_set_segment (self->status_bar, "rates", text);
}

static void
show_health (TcSessionPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text_tip = NULL;
  g_autofree char *unsent = NULL;
  g_autofree char *rcvq = NULL;
  char rtt[G_ASCII_DTOSTR_BUF_SIZE], rttvar[G_ASCII_DTOSTR_BUF_SIZE];
  TcTcpHealth health;
  GSocket *socket;
  GtkLabel *label;

  if (!self->show_health ||
      !tc_status_bar_get_segment_visible (self->status_bar, "health"))
    return;

  /* Long, and longer once connected: it must not widen the window (a
   * window grows to what its parts need, and does not shrink back). */
  label = tc_status_bar_get_segment_label (self->status_bar, "health");
  if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE)
    {
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (label, 8);
    }

  socket = self->health_connection != NULL
           ? tc_connection_get_socket (self->health_connection) : NULL;
  if (socket == NULL)
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health",
                                         _("No connection to read the TCP health of"));
      return;
    }
  if (!tc_tcp_health_read (socket, &health, &error))
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health", error->message);
      return;
    }

  g_snprintf (rtt, sizeof rtt, "%.3f", health.rtt_us / 1000.0);
  g_snprintf (rttvar, sizeof rttvar, "%.3f", health.rttvar_us / 1000.0);
  unsent = tc_format_byte_count (health.unsent);
  rcvq = tc_format_byte_count (health.rcvq);
  /* TRANSLATORS: a connection's TCP health in the status bar: round trip
   * and its variance in ms, bytes not sent yet, segments unacknowledged,
   * retransmitted, bytes waiting to be read, congestion window */
  text = g_strdup_printf (_("RTT %s ± %s ms · Unsent %s · Unacked %u · Retrans %u · "
                            "Recv-Q %s · Cwnd %u"),
                          rtt, rttvar, unsent, health.unacked, health.retrans, rcvq,
                          health.cwnd);
  line = tc_tcp_health_format (&health,
                               tc_connection_get_peer_label (self->health_connection));
  /* TRANSLATORS: the tooltip of the TCP health; the key=value line after
   * it is not translated (scripts parse the same line from --stats) */
  text_tip = g_strdup_printf (_("As a script reads it: %s"), line);
  tc_status_bar_set_segment (self->status_bar, "health", text);
  tc_status_bar_set_segment_tooltip (self->status_bar, "health", text_tip);
}

/* Once a second: the rates over the last second, and the health. */
static gboolean
tick_cb (gpointer user_data)
{
  TcSessionPane *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double seconds = (double) (now - self->rate_base_us) / G_USEC_PER_SEC;

  if (seconds > 0)
    {
      self->rate_in = self->bytes_in >= self->rate_base_in
                      ? (double) (self->bytes_in - self->rate_base_in) / seconds : 0;
      self->rate_out = self->bytes_out >= self->rate_base_out
                       ? (double) (self->bytes_out - self->rate_base_out) / seconds : 0;
    }
  self->rate_base_in = self->bytes_in;
  self->rate_base_out = self->bytes_out;
  self->rate_base_us = now;
  tc_traffic_graph_push (self->traffic_graph, self->rate_in, self->rate_out);
  show_counters (self);
  show_rates (self);
  show_health (self);

  return G_SOURCE_CONTINUE;
}

/* Nothing is polled while the window is not shown: from map to unmap. */
void
_tc_session_pane_status_start (TcSessionPane *self)
{
  if (self->tick_source == 0)
    {
      self->rate_base_in = self->bytes_in;
      self->rate_base_out = self->bytes_out;
      self->rate_base_us = g_get_monotonic_time ();
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_source),
                                "[tcpchat] counters and health");
    }
  show_health (self);
}

void
_tc_session_pane_status_stop (TcSessionPane *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
}

/**
 * tc_session_pane_set_health_connection:
 * @connection: (nullable): the connection whose health to show: the
 *   server's selected client, the client's connection
 *
 * The "health" segment, which the window adds where it wants it, shows
 * the connection's TCP health, read once a second while the pane is
 * shown (and the segment and show-health with it).
 */
void
tc_session_pane_set_health_connection (TcSessionPane *self,
                                       TcConnection  *connection)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (connection == NULL || TC_IS_CONNECTION (connection));

  /* The connection shown is the send target, which a periodic send and a
   * file take. */
  _tc_session_pane_panels_set_target (self, connection);
  if (!g_set_object (&self->health_connection, connection))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
}

/* Reads the health now, as the next tick would; for a window's first
 * look, and tests. */
void
tc_session_pane_refresh_health (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  show_health (self);
}

void
tc_session_pane_set_show_health (TcSessionPane *self,
                                 gboolean       show)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  show = !!show;
  if (self->show_health == show)
    return;
  self->show_health = show;
  tc_status_bar_set_segment_visible (self->status_bar, "health", show);
  if (show && gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
  g_object_notify_by_pspec (G_OBJECT (self), _tc_session_pane_properties[PROP_SHOW_HEALTH]);
}

/**
 * tc_session_pane_reset_counters:
 *
 * The traffic counters start from 0 again (win.reset-counters); the log
 * says when.
 */
void
tc_session_pane_reset_counters (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  self->reset_in = self->rate_base_in = self->bytes_in;
  self->reset_out = self->rate_base_out = self->bytes_out;
  self->rate_base_us = g_get_monotonic_time ();
  self->rate_in = self->rate_out = 0;
  show_counters (self);
  show_rates (self);
  tc_log_model_append_event (tc_log_view_get_model (self->log_view), NULL,
                             "%s", _("Traffic counters reset"));
}

/* The "socket" segment, which the window adds where it wants it. */
void
tc_session_pane_show_socket_state (TcSessionPane *self,
                                   TcSocketState  state)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_SESSION_PANE (self));

  text = g_strdup_printf (_("Socket: %s"), tc_socket_state_to_string (state));
  tc_status_bar_set_segment (self->status_bar, "socket", text);
}


/* The "traffic" and "rates" segments, which the window adds where it
 * wants them: the counts since the last reset, and their rates over the
 * last second. */
void
tc_session_pane_show_traffic (TcSessionPane *self,
                              guint64        bytes_in,
                              guint64        bytes_out)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  /* A new connection counts from 0: so do its rates. */
  if (bytes_in < self->rate_base_in || bytes_out < self->rate_base_out)
    {
      self->rate_base_in = bytes_in;
      self->rate_base_out = bytes_out;
    }
  self->bytes_in = bytes_in;
  self->bytes_out = bytes_out;
  show_counters (self);
}
