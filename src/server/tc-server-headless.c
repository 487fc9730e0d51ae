/* tc-server-headless.c: the command-line mode of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-headless.h"

int
tc_server_headless_run (int    argc,
                         char **argv)
{
  g_printerr ("tcpchat-server: headless mode is not built yet\n");
  return 2;
}
