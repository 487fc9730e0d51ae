/* main.c: tcpchat-server entry point: the window, or the headless mode
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless.h"
#include "tc-i18n.h"
#include "tc-server-headless.h"
#ifdef HAVE_GUI
#include "tc-server-application.h"
#endif

int
main (int   argc,
      char *argv[])
{
  tc_i18n_init ();

#ifdef HAVE_GUI
  if (!tc_headless_requested (argc, argv))
    return tc_server_application_run (argc, argv);
#endif
  return tc_server_headless_run (argc, argv);
}
