/* main.c: tcpchat-client entry point: the window, or the headless mode
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless.h"
#include "tc-client-headless.h"
#ifdef HAVE_GUI
#include "tc-client-application.h"
#endif

int
main (int   argc,
      char *argv[])
{
#ifdef HAVE_GUI
  return tc_program_main (argc, argv, tc_client_application_run, tc_client_headless_run);
#else
  return tc_program_main (argc, argv, NULL, tc_client_headless_run);
#endif
}
