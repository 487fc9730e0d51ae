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
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window: stdin to the server, the server's lines to stdout "
       "(see tcpchat-client --headless --help)"), NULL },
  { NULL }
};

static const TcApplicationAccels accels[] = {
  { "app.new-window", { "<Control>n", NULL } },
  { "win.connect", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "win.disconnect", { "<Control>d", NULL } },
  { "win.focus-send-box", { "F6", NULL } },
  { "win.clear", { "<Control>k", NULL } },
  { "win.show-inspector", { "<Control>i", NULL } },
  { "win.save-log", { "<Control>s", NULL } },
  { "win.close", { "<Control>w", NULL } },
  { NULL }
};

static TcClientWindow *
open_window (TcClientApplication *self)
{
  TcClientWindow *window = tc_client_window_new (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  open_window (TC_CLIENT_APPLICATION (user_data));
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

/* Every launch is its own process with its own window (the application is
 * not unique), so several clients run side by side; app.new-window opens
 * more in the same process. */
static void
tc_client_application_activate (GApplication *app)
{
  TcClientApplication *self = TC_CLIENT_APPLICATION (app);
  TcClientWindow *window = open_window (self);
  g_autofree char *host = NULL;
  guint16 port = 0;

  host = tc_application_take_launch_address (TC_APPLICATION (self), &port);
  if (host != NULL)
    tc_client_window_connect_for_run (window, host, port);
}

static void
tc_client_application_class_init (TcClientApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  TcApplicationClass *tc_app_class = TC_APPLICATION_CLASS (klass);

  app_class->startup = tc_client_application_startup;
  app_class->activate = tc_client_application_activate;

  tc_app_class->program = "tcpchat-client";
  tc_app_class->title = N_("tcpchat client");
  tc_app_class->comments = N_("Connect to a TCP server and exchange text lines with it");
  tc_app_class->accels = accels;
  tc_app_class->address_option = "connect";
  tc_app_class->parse_address = tc_connect_address_parse;
  tc_app_class->option_entries = option_entries;
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
  g_autoptr(TcClientApplication) app = tc_client_application_new ();

  return tc_application_run (TC_APPLICATION (app), argc, argv);
}
