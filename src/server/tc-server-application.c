/* tc-server-application.c: the GtkApplication of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-application.h"

#include <glib/gi18n-lib.h>

#include "tc-address.h"
#include "tc-fd-limit.h"
#include "tc-server-window.h"

struct _TcServerApplication
{
  GtkApplication  parent_instance;

  /* owned */
  char           *listen_host;   /* from --listen, NULL when not given */

  /* plain state */
  guint16         listen_port;
  gboolean        relay;
};

G_DEFINE_FINAL_TYPE (TcServerApplication, tc_server_application, GTK_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "listen", 'l', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Start listening at launch on ADDR:PORT (e.g. 127.0.0.1:10000, [::1]:10000)"),
    N_("ADDR:PORT") },
  { "relay", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Forward each client's lines to the other clients"), NULL },
  { "headless", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Run without a window, on standard output (see --headless --help)"), NULL },
  { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

static int
tc_server_application_handle_local_options (GApplication *application,
                                            GVariantDict *options)
{
  TcServerApplication *self = TC_SERVER_APPLICATION (application);
  const char *listen = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tcpchat-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "listen", "&s", &listen))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 0;

      /* The headless mode's check: bad arguments end here, before any
       * display is opened. */
      if (!tc_listen_address_parse (listen, &host, &port, &error))
        {
          g_printerr ("tcpchat-server: --listen %s: %s\n", listen, error->message);
          return 2;
        }
      g_free (self->listen_host);
      self->listen_host = g_steal_pointer (&host);
      self->listen_port = port;
    }

  self->relay = g_variant_dict_contains (options, "relay");

  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (application));

  /* Closing each window stops its server cleanly; the application ends
   * with the last window. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action, NULL, NULL, NULL, { 0 } },
};

static void
tc_server_application_startup (GApplication *application)
{
  GtkApplication *gtk_app = GTK_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.start", { "<Control>l", NULL } },
    { "win.stop", { "<Control><Shift>l", NULL } },
    { "win.clear", { "<Control>k", NULL } },
    { "win.save-log", { "<Control>s", NULL } },
    { "win.disconnect", { "<Control>d", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (tc_server_application_parent_class)->startup (application);

  /* Each client is a file descriptor. */
  tc_fd_limit_raise ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_entries,
                                   G_N_ELEMENTS (app_entries), application);
  tc_desktop_setup_application (gtk_app, _("tcpchat server"),
                                _("Listen for TCP clients and exchange text lines with them"));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].accels);
}

static void
tc_server_application_activate (GApplication *application)
{
  TcServerApplication *self = TC_SERVER_APPLICATION (application);
  TcServerWindow *window;

  window = tc_server_window_new (GTK_APPLICATION (application));
  if (self->relay)
    tc_server_window_set_relay_for_run (window, TRUE);
  gtk_window_present (GTK_WINDOW (window));

  if (self->listen_host != NULL)
    {
      tc_server_window_listen_for_run (window, self->listen_host, self->listen_port);
    }
}

static void
tc_server_application_finalize (GObject *object)
{
  TcServerApplication *self = TC_SERVER_APPLICATION (object);

  g_clear_pointer (&self->listen_host, g_free);

  G_OBJECT_CLASS (tc_server_application_parent_class)->finalize (object);
}

static void
tc_server_application_class_init (TcServerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = tc_server_application_finalize;
  app_class->handle_local_options = tc_server_application_handle_local_options;
  app_class->startup = tc_server_application_startup;
  app_class->activate = tc_server_application_activate;
}

static void
tc_server_application_init (TcServerApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A TCP line-chat server with a window."));
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
  g_autoptr(TcServerApplication) application = tc_server_application_new ();

  g_set_application_name (_("tcpchat server"));
  return g_application_run (G_APPLICATION (application), argc, argv);
}
