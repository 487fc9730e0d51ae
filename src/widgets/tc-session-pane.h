/* tc-session-pane.h: the log, send box and status bar both windows embed
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-connection.h"
#include "tc-log-file.h"
#include "tc-log-view.h"
#include "tc-send-box.h"
#include "tc-session.h"
#include "tc-socket-state.h"
#include "tc-status-bar.h"

G_BEGIN_DECLS

#define TC_TYPE_SESSION_PANE (tc_session_pane_get_type ())

G_DECLARE_FINAL_TYPE (TcSessionPane, tc_session_pane, TC, SESSION_PANE, GtkWidget)

GtkWidget   *tc_session_pane_new               (void);
TcLogView   *tc_session_pane_get_log_view      (TcSessionPane *self);
TcLogModel  *tc_session_pane_get_log_model     (TcSessionPane *self);
TcSendBox   *tc_session_pane_get_send_box      (TcSessionPane *self);
TcStatusBar *tc_session_pane_get_status_bar    (TcSessionPane *self);
GtkWidget   *tc_session_pane_get_traffic_graph (TcSessionPane *self);
GtkWidget   *tc_session_pane_get_sidebar       (TcSessionPane *self);
void         tc_session_pane_set_sidebar       (TcSessionPane *self,
                                                GtkWidget     *sidebar);
const char  *tc_session_pane_get_target        (TcSessionPane *self);
void         tc_session_pane_set_target        (TcSessionPane *self,
                                                const char    *target);
void         tc_session_pane_add_actions       (TcSessionPane *self,
                                                GActionMap    *map);
void         tc_session_pane_bind_settings     (TcSessionPane *self,
                                                GSettings     *settings);
void         tc_session_pane_set_session       (TcSessionPane *self,
                                                TcSession     *session);
const char  *tc_session_pane_get_framing       (TcSessionPane *self);
gboolean     tc_session_pane_set_framing       (TcSessionPane *self,
                                                const char    *spec,
                                                GError       **error);
void         tc_session_pane_report            (TcSessionPane *self,
                                                TcStatusKind   kind,
                                                const char    *peer,
                                                const char    *message,
                                                const char    *status);
void         tc_session_pane_show_socket_state (TcSessionPane *self,
                                                TcSocketState  state);
void         tc_session_pane_show_traffic      (TcSessionPane *self,
                                                guint64        bytes_in,
                                                guint64        bytes_out);
void         tc_session_pane_reset_counters    (TcSessionPane *self);
void         tc_session_pane_set_health_connection (TcSessionPane *self,
                                                TcConnection  *connection);
void         tc_session_pane_refresh_health    (TcSessionPane *self);
void         tc_session_pane_set_show_health   (TcSessionPane *self,
                                                gboolean       show);
TcLogFile   *tc_session_pane_get_log_file      (TcSessionPane *self);

G_END_DECLS
