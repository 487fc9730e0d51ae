/* tc-client-application.c: the client's GtkApplication: one window per launch
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-application.h"

#include <glib/gi18n-lib.h>

#include "tc-address.h"
#include "tc-client-window.h"

struct _TcClientApplication
{
  TcApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (TcClientApplication, tc_client_application, TC_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect at launch to HOST:PORT ([::1]:PORT for IPv6)"), N_("HOST:PORT") },
  { NULL }
};

static const TcApplicationAccels accels[] = {
  { "app.new-window", { "<Control>n", NULL } },
  { "win.connect", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { NULL }
};

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  tc_application_open_window (TC_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action },
};

static void
tc_client_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (tc_client_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
}

static void
tc_client_application_class_init (TcClientApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  TcApplicationClass *tc_app_class = TC_APPLICATION_CLASS (klass);

  app_class->startup = tc_client_application_startup;

  tc_app_class->program = "tcpchat-client";
  tc_app_class->title = N_("tcpchat client");
  tc_app_class->comments = N_("Connect to a TCP server and exchange text lines with it");
  tc_app_class->new_window = (TcApplicationNewWindowFunc) tc_client_window_new;
  tc_app_class->launch = (TcApplicationLaunchFunc) tc_client_window_connect_for_run;
  tc_app_class->accels = accels;
  tc_app_class->address_option = "connect";
  tc_app_class->parse_address = tc_connect_address_parse;
  tc_app_class->option_entries = option_entries;
  tc_app_class->headless_help = N_("Run without a window: stdin to the server, the server's "
                                   "lines to stdout (see tcpchat-client --headless --help)");
  tc_app_class->parameter_string = N_("- line-based TCP chat client");
  tc_app_class->summary = N_("Opens a client window; --connect connects it at launch.\n"
                             "With --headless it works like nc, without any display.");
}

static void
tc_client_application_init (TcClientApplication *self)
{
}

TcClientApplication *
tc_client_application_new (void)
{
  return g_object_new (TC_TYPE_CLIENT_APPLICATION,
                       "application-id", CLIENT_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_CAN_OVERRIDE_APP_ID,
                       NULL);
}

/* Runs the windowed client; returns the exit status. */
int
tc_client_application_run (int    argc,
                           char **argv)
{
  return tc_application_run (TC_APPLICATION (tc_client_application_new ()), argc, argv);
}
