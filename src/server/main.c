/* main.c: tcpchat-server entry point: the window, or the headless mode
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless.h"
#include "tc-server-headless.h"
#ifdef HAVE_GUI
#include "tc-server-application.h"
#endif

int
main (int   argc,
      char *argv[])
{
#ifdef HAVE_GUI
  return tc_program_main (argc, argv, tc_server_application_run, tc_server_headless_run);
#else
  return tc_program_main (argc, argv, NULL, tc_server_headless_run);
#endif
}
