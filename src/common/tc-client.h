/* tc-client.h: connects to a line-protocol server and keeps one connection
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

#define TC_CLIENT_DEFAULT_CONNECT_TIMEOUT 10000 /* ms */
#define TC_CLIENT_RECONNECT_MIN_DELAY 1         /* s */
#define TC_CLIENT_RECONNECT_MAX_DELAY 30        /* s */
#define TC_CLIENT_MAX_UNSENT (64 * 1024 * 1024)  /* bytes queued for the server */

/* Signals:
 *   connect-failed (TcClient *self, GError *error)
 *   disconnected (TcClient *self, GError *reason): an established connection ended
 *   line-received (TcClient *self, TcMessage *line): emitted only when a handler
 *     is connected, asked once a batch of input
 * Properties: state (follows GSocketClient's events: HOST_LOOKUP, CONNECTING,
 *   CONNECTED, CLOSING, UNCONNECTED), host, port, connection, connect-timeout,
 *   max-line, send-timeout, auto-reconnect, reconnect-in (seconds until the next attempt,
 *   0 when none is scheduled), io-priority (of reading from the server;
 *   G_PRIORITY_DEFAULT, a window's is lower).
 */
#define TC_TYPE_CLIENT (tc_client_get_type ())

G_DECLARE_FINAL_TYPE (TcClient, tc_client, TC, CLIENT, GObject)

/**
 * TcClientLineFunc:
 * @client: the client
 * @line: the line from the server, valid during the call only
 * @user_data: what was given to tc_client_set_line_func()
 */
typedef void (*TcClientLineFunc) (TcClient     *client,
                                  const TcMessage *line,
                                  gpointer      user_data);

TcClient      *tc_client_new                 (void);
void           tc_client_connect_async       (TcClient            *self,
                                              const char          *host,
                                              guint16              port,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
TcConnection  *tc_client_connect_finish      (TcClient            *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void           tc_client_connect             (TcClient            *self,
                                              const char          *host,
                                              guint16              port);
void           tc_client_disconnect          (TcClient            *self);
TcSocketState  tc_client_get_state           (TcClient            *self);
TcConnection  *tc_client_get_connection      (TcClient            *self);
const char    *tc_client_get_host            (TcClient            *self);
guint16        tc_client_get_port            (TcClient            *self);
guint          tc_client_get_connect_timeout (TcClient            *self);
void           tc_client_set_connect_timeout (TcClient            *self,
                                              guint                timeout_ms);
TcFraming     *tc_client_get_framing         (TcClient            *self);
void           tc_client_set_framing         (TcClient            *self,
                                              TcFraming           *framing);
gsize          tc_client_get_max_line        (TcClient            *self);
void           tc_client_set_max_line        (TcClient            *self,
                                              gsize                max_line);
guint          tc_client_get_send_timeout    (TcClient            *self);
void           tc_client_set_send_timeout    (TcClient            *self,
                                              guint                timeout_ms);
int            tc_client_get_io_priority     (TcClient            *self);
void           tc_client_set_io_priority     (TcClient            *self,
                                              int                  io_priority);
gboolean       tc_client_get_auto_reconnect  (TcClient            *self);
void           tc_client_set_auto_reconnect  (TcClient            *self,
                                              gboolean             auto_reconnect);
guint          tc_client_get_reconnect_in    (TcClient            *self);
void           tc_client_set_line_func       (TcClient            *self,
                                              TcClientLineFunc     func,
                                              gpointer             user_data);
void           tc_client_set_tls             (TcClient            *self,
                                              TcTlsConfig         *tls);
TcTlsConfig   *tc_client_get_tls             (TcClient            *self);
GTlsCertificate *tc_client_get_rejected_certificate (TcClient       *self);
gboolean       tc_client_send_line           (TcClient            *self,
                                              const char          *text,
                                              gssize               len,
                                              GError             **error);

guint          tc_client_next_reconnect_delay (guint               delay);

G_END_DECLS
