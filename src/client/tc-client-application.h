/* tc-client-application.h: the client's GtkApplication: one window per launch
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-application.h"

G_BEGIN_DECLS

/* Actions: app.new-window (Ctrl+N), app.quit (Ctrl+Q). */
#define TC_TYPE_CLIENT_APPLICATION (tc_client_application_get_type ())

G_DECLARE_FINAL_TYPE (TcClientApplication, tc_client_application, TC, CLIENT_APPLICATION, TcApplication)

TcClientApplication *tc_client_application_new  (void);
int                  tc_client_application_run  (int    argc,
                                                 char **argv);

G_END_DECLS
