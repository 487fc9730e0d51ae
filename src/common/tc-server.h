/* tc-server.h: a listening socket and the connections it accepted
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-connection.h"
#include "tc-framing.h"
#include "tc-tls.h"

G_BEGIN_DECLS

#define TC_SERVER_DEFAULT_MAX_CLIENTS 10000

/* Signals:
 *   client-connected (TcServer *self, TcConnection *client)
 *   client-disconnected (TcServer *self, TcConnection *client, GError *reason)
 *   client-rejected (TcServer *self, const char *peer_label, GError *reason)
 *   line-received (TcServer *self, TcConnection *client, TcMessage *line): emitted
 *     only when a handler is connected, asked once a batch of input
 * Properties: state (UNCONNECTED or LISTENING), listen-label ("127.0.0.1:10000"),
 *   port, n-clients, relay, max-clients, max-line, patience, congested, accept-error
 *   (a GError while new connections wait for descriptors, else NULL), io-priority
 *   (of reading from clients; G_PRIORITY_DEFAULT, a window's is lower).
 */
#define TC_TYPE_SERVER (tc_server_get_type ())

/* A GListModel of the connected TcConnections, in order of arrival. */
G_DECLARE_FINAL_TYPE (TcServer, tc_server, TC, SERVER, GObject)

/**
 * TcServerLineFunc:
 * @server: the server
 * @client: the client that sent the line
 * @line: the line, valid during the call only
 * @user_data: what was given to tc_server_set_line_func()
 *
 * The owner's hook for every line from every client, called before
 * #TcServer::line-received: a front-end that logs a flood of lines gets them
 * without a signal emission per line.
 */
typedef void (*TcServerLineFunc) (TcServer     *server,
                                  TcConnection *client,
                                  const TcMessage *line,
                                  gpointer      user_data);

TcServer      *tc_server_new               (void);
gboolean       tc_server_listen            (TcServer      *self,
                                            const char    *address,
                                            guint16        port,
                                            GError       **error);
void           tc_server_stop              (TcServer      *self);
TcSocketState  tc_server_get_state         (TcServer      *self);
gboolean       tc_server_is_listening      (TcServer      *self);
const char    *tc_server_get_listen_label  (TcServer      *self);
guint16        tc_server_get_port          (TcServer      *self);
guint          tc_server_get_n_clients     (TcServer      *self);
gboolean       tc_server_get_relay         (TcServer      *self);
void           tc_server_set_relay         (TcServer      *self,
                                            gboolean       relay);
guint          tc_server_get_max_clients   (TcServer      *self);
void           tc_server_set_max_clients   (TcServer      *self,
                                            guint          max_clients);
TcFraming     *tc_server_get_framing       (TcServer      *self);
void           tc_server_set_framing       (TcServer      *self,
                                            TcFraming     *framing);
gboolean       tc_server_get_relay_prefix  (TcServer      *self);
void           tc_server_set_relay_prefix  (TcServer      *self,
                                            gboolean       relay_prefix);
gboolean       tc_server_get_relay_prefix_set (TcServer   *self);
void           tc_server_set_relay_prefix_set (TcServer   *self,
                                               gboolean    relay_prefix_set);
gsize          tc_server_get_max_line      (TcServer      *self);
void           tc_server_set_max_line      (TcServer      *self,
                                            gsize          max_line);
void           tc_server_set_limits        (TcServer      *self,
                                            gsize          high_water,
                                            gsize          low_water,
                                            gsize          max_unsent,
                                            guint          stall_timeout_ms);
void           tc_server_set_patience      (TcServer      *self,
                                            guint          patience_ms);
int            tc_server_get_io_priority   (TcServer      *self);
void           tc_server_set_io_priority   (TcServer      *self,
                                            int            io_priority);
gboolean       tc_server_get_congested     (TcServer      *self);
const GError  *tc_server_get_accept_error  (TcServer      *self);
gboolean       tc_server_send_to           (TcServer      *self,
                                            TcConnection  *client,
                                            const char    *text,
                                            gssize         len,
                                            GError       **error);
guint          tc_server_broadcast         (TcServer      *self,
                                            const char    *text,
                                            gssize         len,
                                            GError       **error);
void           tc_server_set_tls           (TcServer      *self,
                                            TcTlsConfig   *tls);
TcTlsConfig   *tc_server_get_tls           (TcServer      *self);
void           tc_server_set_line_func     (TcServer      *self,
                                            TcServerLineFunc func,
                                            gpointer       user_data);

G_END_DECLS
