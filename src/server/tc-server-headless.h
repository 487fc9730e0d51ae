/* tc-server-headless.h: the command-line mode of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int tc_server_headless_run (int    argc,
                            char **argv);

G_END_DECLS
