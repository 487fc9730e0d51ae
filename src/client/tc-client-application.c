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
#include "tc-fd-limit.h"

struct _TcClientApplication
{
  GtkApplication  parent_instance;

  /* owned */
  char           *connect_host;  /* from --connect, for the first window */

  /* plain state */
  guint16         connect_port;
};

G_DEFINE_FINAL_TYPE (TcClientApplication, tc_client_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "connect", 'c', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect at launch to HOST:PORT ([::1]:PORT for IPv6)"), N_("HOST:PORT") },
  { "headless", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window: stdin to the server, the server's lines to stdout "
       "(see tcpchat-client --headless --help)"), NULL },
  { "version", 'V', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
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

/* Closes every window, each disconnecting as it goes; the application
 * ends with the last one. */
static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (user_data)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { .name = "new-window", .activate = new_window_action },
  { .name = "quit", .activate = quit_action },
};

static int
tc_client_application_handle_local_options (GApplication *app,
                                            GVariantDict *options)
{
  TcClientApplication *self = TC_CLIENT_APPLICATION (app);
  const char *address = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tcpchat-client %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "connect", "&s", &address))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 0;

      /* The headless mode's check: bad arguments end here, before any
       * display is opened. */
      if (!tc_connect_address_parse (address, &host, &port, &error))
        {
          g_printerr ("tcpchat-client: --connect %s: %s\n", address, error->message);
          return 2;
        }

      g_free (self->connect_host);
      self->connect_host = g_steal_pointer (&host);
      self->connect_port = port;
    }

  return G_APPLICATION_CLASS (tc_client_application_parent_class)->handle_local_options (app, options);
}

static void
tc_client_application_startup (GApplication *app)
{
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.new-window", { "<Control>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.connect", { "<Control>Return", "<Control>KP_Enter", NULL } },
    { "win.disconnect", { "<Control>d", NULL } },
    { "win.clear", { "<Control>k", NULL } },
    { "win.save-log", { "<Control>s", NULL } },
    { "win.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (tc_client_application_parent_class)->startup (app);

  /* As the server does: a program that runs out of descriptors (its
   * desktop's, its own) should meet the hard limit, not a soft one.
   */
  tc_fd_limit_raise ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  tc_desktop_setup_application (gtk_app, _("tcpchat client"),
                                _("Connect to a TCP server and exchange text lines with it"));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);
}

/* Every launch is its own process with its own window (the application is
 * not unique), so several clients run side by side; app.new-window opens
 * more in the same process. */
static void
tc_client_application_activate (GApplication *app)
{
  TcClientApplication *self = TC_CLIENT_APPLICATION (app);
  TcClientWindow *window = open_window (self);

  if (self->connect_host != NULL)
    {
      g_autofree char *host = g_steal_pointer (&self->connect_host);

      tc_client_window_connect_for_run (window, host, self->connect_port);
    }
}

static void
tc_client_application_finalize (GObject *object)
{
  TcClientApplication *self = TC_CLIENT_APPLICATION (object);

  g_free (self->connect_host);

  G_OBJECT_CLASS (tc_client_application_parent_class)->finalize (object);
}

static void
tc_client_application_class_init (TcClientApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tc_client_application_finalize;
  app_class->handle_local_options = tc_client_application_handle_local_options;
  app_class->startup = tc_client_application_startup;
  app_class->activate = tc_client_application_activate;
}

static void
tc_client_application_init (TcClientApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("- line-based TCP chat client"));
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Opens a client window; --connect connects it at launch.\n"
      "With --headless it works like nc, without any display."));
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
  g_autoptr(TcClientApplication) app = NULL;

  g_set_application_name (_("tcpchat client"));
  app = tc_client_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
