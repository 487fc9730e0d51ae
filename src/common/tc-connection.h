/* tc-connection.h: one peer over a byte stream, its messages cut and wrapped by a framer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-framer.h"
#include "tc-message.h"
#include "tc-socket-state.h"

G_BEGIN_DECLS

#define TC_CONNECTION_DEFAULT_HIGH_WATER    (256 * 1024)
#define TC_CONNECTION_DEFAULT_LOW_WATER     (64 * 1024)
#define TC_CONNECTION_DEFAULT_MAX_UNSENT    (4 * 1024 * 1024)
#define TC_CONNECTION_DEFAULT_STALL_TIMEOUT 10000 /* ms */
#define TC_CONNECTION_DEFAULT_PATIENCE      500   /* ms */

/* Signals:
 *   line-received (TcConnection *self, TcMessage *line): one line from the peer;
 *     emitted only when a handler is connected, asked once a batch of input.
 *   batch-end (TcConnection *self): after the lines of one read were emitted.
 *   closed (TcConnection *self, GError *reason): once, when the state becomes
 *     UNCONNECTED; reason is in TC_ERROR (PEER_CLOSED, CONNECTION_RESET,
 *     LOCAL_CLOSE, TOO_SLOW, SEND_QUEUE_FULL, ...).
 * Properties (read-only, notified on change): state, peer-label, local-label,
 *   bytes-in, bytes-out, lines-in, lines-out, unsent-bytes, congested,
 *   holding-back, reading; on TLS, peer-subject (of the peer's certificate)
 *   and tls-description ("TLS 1.3, <cipher suite>").
 */
#define TC_TYPE_CONNECTION (tc_connection_get_type ())

G_DECLARE_FINAL_TYPE (TcConnection, tc_connection, TC, CONNECTION, GObject)

/**
 * TcConnectionLineFunc:
 * @connection: the connection that read the line
 * @line: the line, valid during the call only
 * @user_data: what was given to tc_connection_set_line_func()
 *
 * The owner's hook for every line, called before #TcConnection::line-received:
 * a server relaying a flood gets each of its clients' lines without a signal
 * emission per line (one showed as a tenth of its time in profiles).
 */
typedef void (*TcConnectionLineFunc) (TcConnection *connection,
                                      const TcMessage *line,
                                      gpointer      user_data);

TcConnection       *tc_connection_new                (GIOStream          *stream);
void                tc_connection_start              (TcConnection       *self);
GIOStream          *tc_connection_get_stream         (TcConnection       *self);
GSocket            *tc_connection_get_socket         (TcConnection       *self);
TcFramer           *tc_connection_get_framer         (TcConnection       *self);
void                tc_connection_set_framer         (TcConnection       *self,
                                                      TcFramer           *framer);
TcSocketState       tc_connection_get_state          (TcConnection       *self);
const char         *tc_connection_get_peer_label     (TcConnection       *self);
const char         *tc_connection_get_local_label    (TcConnection       *self);
char               *tc_connection_get_peer_subject   (TcConnection       *self);
char               *tc_connection_get_tls_description (TcConnection      *self);
gint64              tc_connection_get_connected_since (TcConnection      *self);
guint64             tc_connection_get_bytes_in       (TcConnection       *self);
guint64             tc_connection_get_bytes_out      (TcConnection       *self);
guint64             tc_connection_get_lines_in       (TcConnection       *self);
guint64             tc_connection_get_lines_out      (TcConnection       *self);
gsize               tc_connection_get_unsent_bytes   (TcConnection       *self);
gboolean            tc_connection_get_congested      (TcConnection       *self);
gboolean            tc_connection_get_holding_back   (TcConnection       *self);
void                tc_connection_set_patience       (TcConnection       *self,
                                                      guint               patience_ms);
void                tc_connection_set_max_line       (TcConnection       *self,
                                                      gsize               max_line);
void                tc_connection_set_limits         (TcConnection       *self,
                                                      gsize               high_water,
                                                      gsize               low_water,
                                                      gsize               max_unsent,
                                                      guint               stall_timeout_ms);
void                tc_connection_set_line_func      (TcConnection       *self,
                                                      TcConnectionLineFunc func,
                                                      gpointer            user_data);
void                tc_connection_set_io_priority    (TcConnection       *self,
                                                      int                 io_priority);
int                 tc_connection_get_io_priority    (TcConnection       *self);
void                tc_connection_set_reading        (TcConnection       *self,
                                                      gboolean            reading);
gboolean            tc_connection_send_line          (TcConnection       *self,
                                                      const char         *text,
                                                      gssize              len,
                                                      GError            **error);
gboolean            tc_connection_send_bytes         (TcConnection       *self,
                                                      GBytes             *bytes,
                                                      guint               n_lines,
                                                      GError            **error);
void                tc_connection_shutdown_write     (TcConnection       *self);
void                tc_connection_close              (TcConnection       *self);
void                tc_connection_close_with_error   (TcConnection       *self,
                                                      const GError       *reason);

G_END_DECLS
