/* tc-server-application.c: the GtkApplication of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-application.h"

#include <glib/gi18n-lib.h>

#include "tc-address.h"
#include "tc-server-window.h"

struct _TcServerApplication
{
  TcApplication  parent_instance;

  /* plain state */
  gboolean       relay;
};

G_DEFINE_FINAL_TYPE (TcServerApplication, tc_server_application, TC_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "listen", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Start listening at launch on ADDR:PORT (e.g. 127.0.0.1:10000, [::1]:10000)"),
    N_("ADDR:PORT") },
  { "relay", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Forward each client's lines to the other clients"), NULL },
  { NULL }
};

static const TcApplicationAccels accels[] = {
  { "win.start", { "<Control>l", NULL } },
  { "win.stop", { "<Control><Shift>l", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { NULL }
};

static int
tc_server_application_handle_local_options (GApplication *application,
                                            GVariantDict *options)
{
  TcServerApplication *self = TC_SERVER_APPLICATION (application);
  int status;

  status = G_APPLICATION_CLASS (tc_server_application_parent_class)->handle_local_options (
    application, options);
  if (status >= 0)
    return status;

  self->relay = g_variant_dict_contains (options, "relay");

  return -1;
}

/* --relay applies to this run's window, before it is shown. */
static GtkWindow *
tc_server_application_new_window (GtkApplication *application)
{
  TcServerWindow *window = tc_server_window_new (application);

  if (TC_SERVER_APPLICATION (application)->relay)
    tc_server_window_set_relay_for_run (window, TRUE);
  return GTK_WINDOW (window);
}

static void
tc_server_application_class_init (TcServerApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  TcApplicationClass *tc_app_class = TC_APPLICATION_CLASS (klass);

  app_class->handle_local_options = tc_server_application_handle_local_options;

  tc_app_class->program = "tcpchat-server";
  tc_app_class->title = N_("tcpchat server");
  tc_app_class->comments = N_("Listen for TCP clients and exchange text lines with them");
  tc_app_class->new_window = tc_server_application_new_window;
  tc_app_class->launch = (TcApplicationLaunchFunc) tc_server_window_listen_for_run;
  tc_app_class->accels = accels;
  tc_app_class->address_option = "listen";
  tc_app_class->parse_address = tc_listen_address_parse;
  tc_app_class->option_entries = option_entries;
  tc_app_class->headless_help = N_("Run without a window, on standard output "
                                   "(see --headless --help)");
  tc_app_class->summary = N_("A TCP line-chat server with a window.");
}

static void
tc_server_application_init (TcServerApplication *self)
{
}

TcServerApplication *
tc_server_application_new (void)
{
  /* Every launch is its own server with its own window. */
  return g_object_new (TC_TYPE_SERVER_APPLICATION,
                       "application-id", SERVER_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

int
tc_server_application_run (int    argc,
                           char **argv)
{
  return tc_application_run (TC_APPLICATION (tc_server_application_new ()), argc, argv);
}
