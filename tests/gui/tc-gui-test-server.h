/* tc-gui-test-server.h: a server window set up as the window tests start from
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-client-row.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

G_BEGIN_DECLS

TcServerWindow *tc_gui_test_server_window_new     (void);
guint16         tc_gui_test_server_window_listen  (TcServerWindow *window);
TcRawPeer      *tc_gui_test_server_window_connect (TcServerWindow *window);
TcRawPeer      *tc_gui_test_server_window_serve   (TcServerWindow *window);
void            tc_gui_test_server_window_close   (TcServerWindow **window,
                                                   TcRawPeer      **peer);
TcClientRow    *tc_gui_test_find_client_row       (GtkWidget       *widget,
                                                   const char      *title);

G_END_DECLS
