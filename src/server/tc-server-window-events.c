/* tc-server-window-events.c: what the server window shows of the server's
 * signals: clients coming and going, refusals, received lines
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "tc-error.h"

static void
server_state_cb (TcServer       *server,
                 GParamSpec     *pspec,
                 TcServerWindow *self)
{
  _tc_server_window_update (self);
}

/* Whether there is anyone to send to shows at once: a line typed as soon
 * as the first client is there goes out. The rest waits for the frame.
 */
static void
n_clients_cb (TcServer       *server,
              GParamSpec     *pspec,
              TcServerWindow *self)
{
  guint n_clients = tc_server_get_n_clients (server);

  if ((n_clients == 0) != (self->shown_n_clients == 0))
    _tc_server_window_update (self);
  _tc_server_window_queue_clients_changed (self);
}

static void
client_connected_cb (TcServer       *server,
                     TcConnection   *client,
                     TcServerWindow *self)
{
  _tc_server_window_report (self, TC_STATUS_INFO, tc_connection_get_peer_label (client),
                            _("Client connected"));
  _tc_server_window_queue_clients_changed (self);
}

static gboolean
reason_is_error (const GError *reason)
{
  return reason != NULL &&
         !g_error_matches (reason, TC_ERROR, TC_ERROR_PEER_CLOSED) &&
         !g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE) &&
         !g_error_matches (reason, TC_ERROR, TC_ERROR_SERVER_STOPPED);
}

static void
client_disconnected_cb (TcServer       *server,
                        TcConnection   *client,
                        const GError   *reason,
                        TcServerWindow *self)
{
  g_autofree char *message = NULL;

  self->closed_bytes_in += tc_connection_get_bytes_in (client);
  self->closed_bytes_out += tc_connection_get_bytes_out (client);

  message = g_strdup_printf (_("Disconnected: %s"),
                             reason != NULL ? reason->message : _("connection closed"));
  _tc_server_window_report (self, reason_is_error (reason) ? TC_STATUS_ERROR : TC_STATUS_INFO,
                            tc_connection_get_peer_label (client), message);

  /* Never let the selection slide to another client: back to all. */
  if (self->target == client)
    {
      gtk_single_selection_set_selected (self->client_selection, 0);
      _tc_server_window_set_target (self, NULL);
    }
  _tc_server_window_queue_clients_changed (self);
}

static void
client_rejected_cb (TcServer       *server,
                    const char     *peer,
                    const GError   *reason,
                    TcServerWindow *self)
{
  g_autofree char *message = NULL;

  /* The server's own words name the client and the limit ("Refused
   * 127.0.0.1:5001: the server already has 2 clients, its limit"): said
   * once, not wrapped in a second "Refused". */
  if (reason != NULL && g_error_matches (reason, TC_ERROR, TC_ERROR_SERVER_FULL))
    message = g_strdup (reason->message);
  else
    message = g_strdup_printf (_("Refused a client: %s"),
                               reason != NULL ? reason->message : _("unknown reason"));
  _tc_server_window_report (self, TC_STATUS_ERROR, peer, message);
}

/* Out of descriptors, said once when accepting pauses and once when it
 * resumes by itself.
 */
static void
accept_error_cb (TcServer       *server,
                 GParamSpec     *pspec,
                 TcServerWindow *self)
{
  const GError *error = tc_server_get_accept_error (server);

  if (error != NULL)
    _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
  else if (tc_server_is_listening (server))
    _tc_server_window_report (self, TC_STATUS_INFO, NULL, _("New connections are accepted again"));
}

/* The server's line hook: no signal emission per line under a flood. */
static void
server_line_cb (TcServer     *server,
                TcConnection *client,
                const TcLine *line,
                gpointer      user_data)
{
  TcServerWindow *self = user_data;
  const char *peer = tc_connection_get_peer_label (client);

  tc_log_model_append_line (self->log, TC_LOG_DIRECTION_RECEIVED, peer, line);

  if (!gtk_window_is_active (GTK_WINDOW (self)) && tc_line_notifier_get_enabled (self->notifier))
    {
      g_autofree char *text = tc_line_dup_display (line);

      tc_line_notifier_line_received (self->notifier, peer, text);
    }

  if (line->flags & TC_LINE_FLAG_TRUNCATED)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Line too long: kept the first %zu bytes, dropped %" PRIu64),
                                 line->len, line->discarded);
      _tc_server_window_report (self, TC_STATUS_ERROR, peer, message);
    }
}

void
_tc_server_window_events_init (TcServerWindow *self)
{
  g_signal_connect (self->server, "notify::state", G_CALLBACK (server_state_cb), self);
  g_signal_connect (self->server, "notify::n-clients", G_CALLBACK (n_clients_cb), self);
  g_signal_connect (self->server, "client-connected", G_CALLBACK (client_connected_cb), self);
  g_signal_connect (self->server, "client-disconnected",
                    G_CALLBACK (client_disconnected_cb), self);
  g_signal_connect (self->server, "client-rejected", G_CALLBACK (client_rejected_cb), self);
  tc_server_set_line_func (self->server, server_line_cb, self);
  g_signal_connect (self->server, "notify::accept-error", G_CALLBACK (accept_error_cb), self);
}
