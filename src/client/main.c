/* main.c: tcpchat-client entry point: the window, or the headless mode
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-i18n.h"
#include "tc-client-headless.h"
#ifdef HAVE_GUI
#include "tc-client-application.h"
#endif

int
main (int   argc,
      char *argv[])
{
  tc_i18n_init ();

  for (int i = 1; i < argc && strcmp (argv[i], "--") != 0; i++)
    if (strcmp (argv[i], "--headless") == 0)
      return tc_client_headless_run (argc, argv);

#ifdef HAVE_GUI
  return tc_client_application_run (argc, argv);
#else
  return tc_client_headless_run (argc, argv);
#endif
}
