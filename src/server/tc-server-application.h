/* tc-server-application.h: the GtkApplication of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-application.h"

G_BEGIN_DECLS

#define TC_TYPE_SERVER_APPLICATION (tc_server_application_get_type ())

G_DECLARE_FINAL_TYPE (TcServerApplication, tc_server_application, TC, SERVER_APPLICATION,
                      TcApplication)

TcServerApplication *tc_server_application_new (void);
int                  tc_server_application_run (int    argc,
                                                char **argv);

G_END_DECLS
