/* tc-tcp-health.h: how a TCP connection fares, as the kernel sees it (Linux TCP_INFO)
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One reading of a connected TCP socket. */
typedef struct
{
  guint32  rtt_us;        /* smoothed round-trip time */
  guint32  rttvar_us;     /* its variance */
  guint32  unsent;        /* bytes in the kernel's send queue not sent yet */
  guint32  send_queue;    /* bytes in the send queue, sent but unacknowledged included */
  guint32  unacked;       /* segments sent and not acknowledged */
  guint32  retrans;       /* segments retransmitted, in all */
  guint32  rcvq;          /* bytes received that nobody has read yet */
  guint32  cwnd;          /* the congestion window, in segments */
} TcTcpHealth;

gboolean  tc_tcp_health_read    (GSocket            *socket,
                                 TcTcpHealth        *health,
                                 GError            **error);
char     *tc_tcp_health_format  (const TcTcpHealth  *health,
                                 const char         *peer);

G_END_DECLS
