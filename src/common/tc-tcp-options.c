/* tc-tcp-options.c: TCP_NODELAY and keepalive, set on each new connection
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tcp-options.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

/* Whether applying @options would change nothing. */
gboolean
tc_tcp_options_is_default (const TcTcpOptions *options)
{
  return options->nodelay && !options->keepalive;
}

/**
 * tc_tcp_options_parse_keepalive:
 * @text: "IDLE,INTERVAL,COUNT": seconds before the first probe, seconds
 *   between probes, probes unanswered before the connection is dropped
 *
 * Returns: whether @text is that; @options then has keepalive on
 */
gboolean
tc_tcp_options_parse_keepalive (TcTcpOptions  *options,
                                const char    *text,
                                GError       **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  guint64 values[3];

  if (g_strv_length (parts) != 3)
    goto bad;
  for (guint i = 0; i < 3; i++)
    {
      guint64 max = i == 2 ? TC_TCP_OPTIONS_MAX_KEEPALIVE_COUNT : TC_TCP_OPTIONS_MAX_KEEPALIVE_S;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, max, &values[i], NULL))
        goto bad;
    }

  options->keepalive = TRUE;
  options->idle_s = (guint) values[0];
  options->interval_s = (guint) values[1];
  options->count = (guint) values[2];
  return TRUE;

bad:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("“%s” is not IDLE,INTERVAL,COUNT: seconds (1 to %d), seconds (1 to %d), "
                 "probes (1 to %d)"),
               text, TC_TCP_OPTIONS_MAX_KEEPALIVE_S, TC_TCP_OPTIONS_MAX_KEEPALIVE_S,
               TC_TCP_OPTIONS_MAX_KEEPALIVE_COUNT);
  return FALSE;
}

static gboolean
set_tcp (GSocket     *socket,
         int          option,
         guint        value,
         const char  *name,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (g_socket_set_option (socket, IPPROTO_TCP, option, (gint) value, &local_error))
    return TRUE;
  g_set_error (error, local_error->domain, local_error->code,
               _("cannot set %s on the connection: %s"), name, local_error->message);
  return FALSE;
}

/**
 * tc_tcp_options_apply:
 *
 * Sets @options on @socket; what is as by default is left alone.
 *
 * Returns: whether all of it was set; if not, @error names the option
 */
gboolean
tc_tcp_options_apply (const TcTcpOptions  *options,
                      GSocket             *socket,
                      GError             **error)
{
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);

  if (!options->nodelay && !set_tcp (socket, TCP_NODELAY, 0, "TCP_NODELAY", error))
    return FALSE;
  if (!options->keepalive)
    return TRUE;

  g_socket_set_keepalive (socket, TRUE);
  return set_tcp (socket, TCP_KEEPIDLE, options->idle_s, "TCP_KEEPIDLE", error) &&
         set_tcp (socket, TCP_KEEPINTVL, options->interval_s, "TCP_KEEPINTVL", error) &&
         set_tcp (socket, TCP_KEEPCNT, options->count, "TCP_KEEPCNT", error);
}

/**
 * tc_tcp_options_apply_on_connect:
 * @event: an event of a session
 *
 * Sets @options on the socket of a peer that has just connected; any other
 * event is left alone.
 *
 * Returns: whether all of it was set; if not, @error names the option
 */
gboolean
tc_tcp_options_apply_on_connect (const TcTcpOptions  *options,
                                 const TcEvent       *event,
                                 GError             **error)
{
  GSocket *socket;

  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (event->kind != TC_EVENT_PEER_CONNECTED || event->connection == NULL)
    return TRUE;
  socket = tc_connection_get_socket (event->connection);
  return socket == NULL || tc_tcp_options_apply (options, socket, error);
}
