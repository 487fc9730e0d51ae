/* tc-client-headless.c: the command-line mode of tcpchat-client
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-headless.h"

int
tc_client_headless_run (int    argc,
                         char **argv)
{
  g_printerr ("tcpchat-client: headless mode is not built yet\n");
  return 2;
}
