/* tc-tcp-health.c: how a TCP connection fares, as the kernel sees it (Linux TCP_INFO)
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three questions to the kernel, none of which blocks: getsockopt
 * (TCP_INFO) for the round trip, the window and the segments; ioctl
 * SIOCOUTQ and SIOCOUTQNSD for the send queue, all of it and the part not
 * sent yet; SIOCINQ for what waits to be read. A peer that stops reading
 * shows as a send queue that grows while the round trip stays small.
 */
#include "config.h"

#include "tc-tcp-health.h"

#include <errno.h>
#include <string.h>

#ifdef __linux__
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#endif

#include <glib/gi18n-lib.h>

#ifdef __linux__
static gboolean
read_queue (int          fd,
            unsigned long request,
            guint32     *value,
            GError     **error)
{
  int size = 0;

  if (ioctl (fd, request, &size) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read the socket's queues: %s"), g_strerror (saved));
      return FALSE;
    }
  *value = (guint32) MAX (size, 0);
  return TRUE;
}
#endif

/**
 * tc_tcp_health_read:
 * @socket: a connected TCP socket
 * @health: (out caller-allocates): filled in
 *
 * Reads how the connection fares now; cheap enough to poll every second.
 *
 * Returns: %FALSE with @error when the socket is not (or no longer) a
 *   TCP connection, or where the system cannot say (not Linux)
 */
gboolean
tc_tcp_health_read (GSocket      *socket,
                    TcTcpHealth  *health,
                    GError      **error)
{
#ifdef __linux__
  struct tcp_info info;
  socklen_t len = sizeof info;
  int fd;

  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (health != NULL, FALSE);

  memset (health, 0, sizeof *health);
  if (g_socket_is_closed (socket))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CLOSED, _("The socket is closed"));
      return FALSE;
    }
  if (g_socket_get_protocol (socket) != G_SOCKET_PROTOCOL_TCP &&
      g_socket_get_protocol (socket) != G_SOCKET_PROTOCOL_DEFAULT)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Not a TCP socket: it has no TCP health to read"));
      return FALSE;
    }

  fd = g_socket_get_fd (socket);
  memset (&info, 0, sizeof info);
  if (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read the connection's TCP state: %s"), g_strerror (saved));
      return FALSE;
    }

  health->rtt_us = info.tcpi_rtt;
  health->rttvar_us = info.tcpi_rttvar;
  health->unacked = info.tcpi_unacked;
  health->retrans = info.tcpi_total_retrans;
  health->cwnd = info.tcpi_snd_cwnd;

  return read_queue (fd, SIOCOUTQ, &health->send_queue, error) &&
         read_queue (fd, SIOCOUTQNSD, &health->unsent, error) &&
         read_queue (fd, SIOCINQ, &health->rcvq, error);
#else
  g_return_val_if_fail (G_IS_SOCKET (socket), FALSE);
  g_return_val_if_fail (health != NULL, FALSE);

  memset (health, 0, sizeof *health);
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                       _("This system does not tell a connection's TCP health"));
  return FALSE;
#endif
}

static void
append_ms (GString    *out,
           const char *key,
           guint32     us)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* Not the locale's decimal comma: a script reads this. */
  g_string_append_printf (out, " %s=%s", key,
                          g_ascii_formatd (number, sizeof number, "%.3f", us / 1000.0));
}

/**
 * tc_tcp_health_format:
 * @peer: (nullable): who the connection is with
 *
 * One line of key=value pairs a script can split on spaces, the same in
 * every locale: "peer=127.0.0.1:5000 rtt_ms=0.050 rttvar_ms=0.020
 * unsent=131072 unacked=3 retrans=0 rcvq=0 cwnd=10".
 *
 * Returns: (transfer full): the line, without a newline
 */
char *
tc_tcp_health_format (const TcTcpHealth *health,
                      const char        *peer)
{
  GString *out;

  g_return_val_if_fail (health != NULL, NULL);

  out = g_string_new (NULL);
  if (peer != NULL)
    {
      /* A peer label has no spaces; should one ever, it stays one field. */
      g_autofree char *safe = g_strdelimit (g_strdup (peer), " \t\n", '_');

      g_string_append_printf (out, "peer=%s", safe);
    }
  append_ms (out, "rtt_ms", health->rtt_us);
  append_ms (out, "rttvar_ms", health->rttvar_us);
  g_string_append_printf (out, " unsent=%" G_GUINT32_FORMAT " unacked=%" G_GUINT32_FORMAT
                          " retrans=%" G_GUINT32_FORMAT " rcvq=%" G_GUINT32_FORMAT
                          " cwnd=%" G_GUINT32_FORMAT,
                          health->unsent, health->unacked, health->retrans,
                          health->rcvq, health->cwnd);
  if (out->len > 0 && out->str[0] == ' ')
    g_string_erase (out, 0, 1);

  return g_string_free (out, FALSE);
}
