/* tc-application.c: what both programs' applications share: quit, accelerators,
 * --version, the launch address, quitting on SIGTERM and SIGINT
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-application.h"

#include <glib/gi18n-lib.h>

#include "tc-desktop.h"
#include "tc-fd-limit.h"
#include "tc-quit-signals.h"

#define EXIT_USAGE 2

typedef struct
{
  /* owned */
  char          *launch_host;  /* from the address option, until the first window takes it */
  TcQuitSignals *quit_signals;

  /* plain state */
  guint16        launch_port;
} TcApplicationPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (TcApplication, tc_application, GTK_TYPE_APPLICATION)

/* The session pane's actions, in both windows; and the Ctrl+D of each
 * window's own "disconnect". */
static const TcApplicationAccels pane_accels[] = {
  { "win.clear", { "<Control>k", NULL } },
  { "win.show-inspector", { "<Control>i", NULL } },
  { "win.save-log", { "<Control>s", NULL } },
  { "win.disconnect", { "<Control>d", NULL } },
  { "win.focus-send-box", { "F6", NULL } },
  { NULL }
};

static const GOptionEntry version_entries[] = {
  { "version", 'V', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { NULL }
};

/* Closing each window ends its connections in order; the application
 * ends with the last window. */
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
  { .name = "quit", .activate = quit_action },
};

static void
on_quit_signal (int      signum,
                gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
}

static void
set_accels (GtkApplication            *application,
            const TcApplicationAccels *accels)
{
  for (const TcApplicationAccels *a = accels; a != NULL && a->action != NULL; a++)
    gtk_application_set_accels_for_action (application, a->action, a->accels);
}

static int
tc_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  TcApplication *self = TC_APPLICATION (application);
  TcApplicationPrivate *priv = tc_application_get_instance_private (self);
  TcApplicationClass *klass = TC_APPLICATION_GET_CLASS (self);
  const char *text = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", klass->program, PACKAGE_VERSION);
      return 0;
    }

  if (klass->address_option != NULL &&
      g_variant_dict_lookup (options, klass->address_option, "&s", &text))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *host = NULL;
      guint16 port = 0;

      /* The headless mode's check: bad arguments end here, before any
       * display is opened. */
      if (!klass->parse_address (text, &host, &port, &error))
        {
          g_printerr ("%s: --%s %s: %s\n", klass->program, klass->address_option, text,
                      error->message);
          return EXIT_USAGE;
        }
      g_free (priv->launch_host);
      priv->launch_host = g_steal_pointer (&host);
      priv->launch_port = port;
    }

  return G_APPLICATION_CLASS (tc_application_parent_class)->handle_local_options (application,
                                                                                   options);
}

static void
tc_application_startup (GApplication *application)
{
  TcApplication *self = TC_APPLICATION (application);
  TcApplicationPrivate *priv = tc_application_get_instance_private (self);
  TcApplicationClass *klass = TC_APPLICATION_GET_CLASS (self);
  GtkApplication *gtk_app = GTK_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (tc_application_parent_class)->startup (application);

  /* Each connection is a file descriptor: a program that runs out of
   * them (its desktop's, its own) should meet the hard limit. */
  tc_fd_limit_raise ();

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  tc_desktop_setup_application (gtk_app, _(klass->title), _(klass->comments));
  gtk_application_set_accels_for_action (gtk_app, "app.quit", quit_accels);
  set_accels (gtk_app, pane_accels);
  set_accels (gtk_app, klass->accels);

  /* SIGTERM (a session ending, kill) and SIGINT (Ctrl+C in the terminal
   * that started the program) quit as app.quit does: every connection is
   * closed in order and the settings are kept, where the default would end
   * the process on the spot and reset its peers' connections. */
  priv->quit_signals = tc_quit_signals_watch (on_quit_signal, application);
}

/* Each launch is its own process with its own window (neither program is
 * unique), so several run side by side. */
static void
tc_application_activate (GApplication *application)
{
  TcApplication *self = TC_APPLICATION (application);
  TcApplicationClass *klass = TC_APPLICATION_GET_CLASS (self);
  GtkWindow *window = tc_application_open_window (self);
  g_autofree char *host = NULL;
  guint16 port = 0;

  host = tc_application_take_launch_address (self, &port);
  if (host != NULL && klass->launch != NULL)
    klass->launch (window, host, port);
}

static void
tc_application_shutdown (GApplication *application)
{
  TcApplicationPrivate *priv = tc_application_get_instance_private (TC_APPLICATION (application));

  g_clear_pointer (&priv->quit_signals, tc_quit_signals_free);

  G_APPLICATION_CLASS (tc_application_parent_class)->shutdown (application);
}

static void
tc_application_constructed (GObject *object)
{
  GApplication *application = G_APPLICATION (object);
  TcApplicationClass *klass = TC_APPLICATION_GET_CLASS (object);
  /* Only listed here: main() sends --headless to the headless mode. */
  const GOptionEntry headless_entries[] = {
    { "headless", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL, klass->headless_help, NULL },
    { NULL }
  };

  G_OBJECT_CLASS (tc_application_parent_class)->constructed (object);

  if (klass->option_entries != NULL)
    g_application_add_main_option_entries (application, klass->option_entries);
  if (klass->headless_help != NULL)
    g_application_add_main_option_entries (application, headless_entries);
  g_application_set_option_context_parameter_string (
    application, klass->parameter_string != NULL ? _(klass->parameter_string) : NULL);
  if (klass->summary != NULL)
    g_application_set_option_context_summary (application, _(klass->summary));

  /* After the program's own options, as --help lists them. */
  g_application_add_main_option_entries (application, version_entries);
}

static void
tc_application_finalize (GObject *object)
{
  TcApplicationPrivate *priv = tc_application_get_instance_private (TC_APPLICATION (object));

  g_clear_pointer (&priv->quit_signals, tc_quit_signals_free);
  g_clear_pointer (&priv->launch_host, g_free);

  G_OBJECT_CLASS (tc_application_parent_class)->finalize (object);
}

static void
tc_application_class_init (TcApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->constructed = tc_application_constructed;
  object_class->finalize = tc_application_finalize;
  app_class->handle_local_options = tc_application_handle_local_options;
  app_class->startup = tc_application_startup;
  app_class->activate = tc_application_activate;
  app_class->shutdown = tc_application_shutdown;
}

static void
tc_application_init (TcApplication *self)
{
}

/**
 * tc_application_open_window:
 *
 * A new window of the program's class, shown.
 *
 * Returns: (transfer none): the window, owned by the application
 */
GtkWindow *
tc_application_open_window (TcApplication *self)
{
  GtkWindow *window;

  g_return_val_if_fail (TC_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (TC_APPLICATION_GET_CLASS (self)->new_window != NULL, NULL);

  window = TC_APPLICATION_GET_CLASS (self)->new_window (GTK_APPLICATION (self));
  gtk_window_present (window);
  return window;
}

/**
 * tc_application_take_launch_address:
 * @port: (out): its port
 *
 * The address given with the class's address option, for the first window
 * to act on; later calls return %NULL.
 *
 * Returns: (transfer full) (nullable): the host
 */
char *
tc_application_take_launch_address (TcApplication *self,
                                    guint16       *port)
{
  TcApplicationPrivate *priv;

  g_return_val_if_fail (TC_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (port != NULL, NULL);

  priv = tc_application_get_instance_private (self);
  *port = priv->launch_port;
  return g_steal_pointer (&priv->launch_host);
}

/**
 * tc_application_run:
 * @self: (transfer full): a new application, freed when it ends
 *
 * Runs the application to its end.
 *
 * Returns: the exit status
 */
int
tc_application_run (TcApplication  *self,
                    int             argc,
                    char          **argv)
{
  g_autoptr(TcApplication) application = self;

  g_return_val_if_fail (TC_IS_APPLICATION (self), 1);

  g_set_application_name (_(TC_APPLICATION_GET_CLASS (self)->title));
  return g_application_run (G_APPLICATION (application), argc, argv);
}
