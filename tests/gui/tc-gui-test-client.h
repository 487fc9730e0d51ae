/* tc-gui-test-client.h: a client window set up, connected and closed as the window tests do
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-client-window.h"
#include "tc-server.h"

G_BEGIN_DECLS

TcClientWindow *tc_gui_test_client_window_new     (void);
void            tc_gui_test_client_window_connect (TcClientWindow *window,
                                                   TcServer       *server);
void            tc_gui_test_client_window_close   (TcClientWindow *window);

G_END_DECLS
