/* tc-application.h: what both programs' applications share: quit, accelerators,
 * --version, the launch address, quitting on SIGTERM and SIGINT
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-address.h"

G_BEGIN_DECLS

/* One action's accelerators; a table of them ends with { NULL }. */
typedef struct
{
  const char *action;
  const char *accels[3];
} TcApplicationAccels;

/* The program's window: a new one, and what the launch address asks of
 * it once shown. A window's own functions fit, cast to these. */
typedef GtkWindow *(*TcApplicationNewWindowFunc) (GtkApplication *application);
typedef void       (*TcApplicationLaunchFunc)    (GtkWindow      *window,
                                                 const char     *host,
                                                 guint16         port);

#define TC_TYPE_APPLICATION (tc_application_get_type ())

G_DECLARE_DERIVABLE_TYPE (TcApplication, tc_application, TC, APPLICATION, GtkApplication)

/* Actions: app.quit (Ctrl+Q) closes every window, each ending its
 * connections in order; SIGTERM and SIGINT activate it. Options:
 * --version (-V), and the launch address option the class names.
 * Activating opens a window (each launch is its own process) and gives it
 * the launch address.
 */
struct _TcApplicationClass
{
  GtkApplicationClass        parent_class;

  /* Set by each program in its class_init. */
  const char                *program;         /* the executable: "tcpchat-server" */
  const char                *title;           /* N_(): "tcpchat server" */
  const char                *comments;        /* N_(): a line for the About dialog */
  const TcApplicationAccels *accels;          /* besides app.quit and the session pane's */
  const char                *address_option;  /* long name, such as "listen" */
  TcAddressParseFunc         parse_address;   /* checks it before any display opens */
  const GOptionEntry        *option_entries;  /* the program's own options */
  const char                *headless_help;   /* N_(): what --help says of --headless */
  const char                *parameter_string; /* N_(): after the usage line, or NULL */
  const char                *summary;         /* N_(): the --help summary */

  TcApplicationNewWindowFunc new_window;
  TcApplicationLaunchFunc    launch;          /* with the address option's value */

  gpointer                   padding[2];
};

char *tc_application_take_launch_address (TcApplication  *self,
                                          guint16        *port);
GtkWindow *tc_application_open_window (TcApplication *self);
int   tc_application_run                 (TcApplication  *self,
                                          int             argc,
                                          char          **argv);

G_END_DECLS
