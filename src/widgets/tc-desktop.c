/* tc-desktop.c: what both applications share on the desktop: About, Preferences,
 * notifications
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-desktop.h"

#include <glib/gi18n-lib.h>

#define PROGRAM_NAME_KEY "tc-desktop-program-name"
#define COMMENTS_KEY     "tc-desktop-comments"
#define ABOUT_KEY        "tc-desktop-about"
#define NOTIFY_KEY       "tc-desktop-notify-state"

/* Notification services GNotification can use. Without any, GLib warns
 * about each attempt; then notifications are not sent at all. */
static const char * const notification_services[] = {
  "org.freedesktop.Notifications",
  "org.gtk.Notifications",
};

/* What the application knows of the notification services on its bus. */
typedef struct
{
  guint            watch_ids[G_N_ELEMENTS (notification_services)];
  gboolean         running[G_N_ELEMENTS (notification_services)];
  gboolean         activatable;  /* one can be started on demand */
  gboolean         sandboxed;    /* the portal speaks for them */
} NotifyState;

static void
notify_state_free (gpointer data)
{
  NotifyState *state = data;

  for (guint i = 0; i < G_N_ELEMENTS (state->watch_ids); i++)
    if (state->watch_ids[i] != 0)
      g_bus_unwatch_name (state->watch_ids[i]);
  g_free (state);
}

static NotifyState *
get_notify_state (GApplication *application)
{
  return g_object_get_data (G_OBJECT (application), NOTIFY_KEY);
}

/* Whether a notification would reach a notification service: one is
 * running, can be started on demand, or the portal speaks for it. */
gboolean
tc_desktop_can_notify (GApplication *application)
{
  NotifyState *state;

  g_return_val_if_fail (G_IS_APPLICATION (application), FALSE);

  state = get_notify_state (application);
  if (state == NULL)
    return FALSE;
  if (state->sandboxed || state->activatable)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (state->running); i++)
    if (state->running[i])
      return TRUE;

  return FALSE;
}

static void
list_names_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;
  NotifyState *state = get_notify_state (application);

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL || state == NULL)
    return;

  g_variant_get (reply, "(^a&s)", &names);
  for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
    if (g_strv_contains (names, notification_services[i]))
      state->activatable = TRUE;
}

static void
set_service_running (GApplication *application,
                     const char   *name,
                     gboolean      running)
{
  NotifyState *state = get_notify_state (application);

  for (guint i = 0; state != NULL && i < G_N_ELEMENTS (notification_services); i++)
    if (g_strcmp0 (name, notification_services[i]) == 0)
      state->running[i] = running;
}

static void
service_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  set_service_running (G_APPLICATION (user_data), name, TRUE);
}

/* A service that leaves the bus takes notifications with it, unless it can
 * be started again; GLib would warn about each one sent. */
static void
service_vanished_cb (GDBusConnection *connection,
                     const char      *name,
                     gpointer         user_data)
{
  set_service_running (G_APPLICATION (user_data), name, FALSE);
}

static void
find_notification_service (GApplication *application)
{
  GDBusConnection *connection = g_application_get_dbus_connection (application);
  NotifyState *state = g_new0 (NotifyState, 1);

  /* The watches go with the application (they do not hold it). */
  g_object_set_data_full (G_OBJECT (application), NOTIFY_KEY, state, notify_state_free);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      state->sandboxed = TRUE;
      return;
    }
  if (connection == NULL)
    return;

  /* Running now, or started when first called; or started later. */
  g_dbus_connection_call (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "ListActivatableNames", NULL,
                          G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          list_names_cb, g_object_ref (application));
  for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
    state->watch_ids[i] =
      g_bus_watch_name_on_connection (connection, notification_services[i],
                                      G_BUS_NAME_WATCHER_FLAGS_NONE,
                                      service_appeared_cb, service_vanished_cb,
                                      application, NULL);
}

static void
about_destroy_cb (GtkWidget      *about,
                  GtkApplication *application)
{
  if (g_object_get_data (G_OBJECT (application), ABOUT_KEY) == about)
    g_object_set_data (G_OBJECT (application), ABOUT_KEY, NULL);
}

/**
 * tc_desktop_show_about:
 *
 * Shows the About dialog of @application over its active window.
 *
 * Returns: (transfer none): the dialog
 */
GtkWindow *
tc_desktop_show_about (GtkApplication *application)
{
  static const char *authors[] = { "The tcpchat authors", NULL };
  GtkWindow *parent;
  GtkWidget *about;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  parent = gtk_application_get_active_window (application);
  about = g_object_get_data (G_OBJECT (application), ABOUT_KEY);
  if (about == NULL)
    {
      const char *app_id = g_application_get_application_id (G_APPLICATION (application));

      about = g_object_new (GTK_TYPE_ABOUT_DIALOG,
                            "program-name", g_object_get_data (G_OBJECT (application),
                                                               PROGRAM_NAME_KEY),
                            "comments", g_object_get_data (G_OBJECT (application), COMMENTS_KEY),
                            "logo-icon-name", app_id,
                            "version", PACKAGE_VERSION,
                            "copyright", _("© 2026 The tcpchat authors"),
                            "license-type", GTK_LICENSE_GPL_3_0,
                            "authors", authors,
                            /* TRANSLATORS: your name, and others who translated */
                            "translator-credits", _("translator-credits"),
                            "modal", TRUE,
                            "hide-on-close", FALSE,
                            NULL);
      /* One at a time; it forgets itself when closed. */
      g_object_set_data (G_OBJECT (application), ABOUT_KEY, about);
      g_signal_connect_object (about, "destroy", G_CALLBACK (about_destroy_cb), application, 0);
    }
  gtk_window_set_transient_for (GTK_WINDOW (about), parent);
  gtk_window_present (GTK_WINDOW (about));

  return GTK_WINDOW (about);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  tc_desktop_show_about (GTK_APPLICATION (user_data));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window = gtk_application_get_active_window (application);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (application));
      window = gtk_application_get_active_window (application);
    }
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
}

static void
present_window_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GtkApplication *application = user_data;
  GtkWindow *window = gtk_application_get_window_by_id (application,
                                                        g_variant_get_uint32 (parameter));

  if (window != NULL)
    gtk_window_present (window);
}

static const GActionEntry desktop_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "present-window", .activate = present_window_action, .parameter_type = "u" },
};

void
tc_desktop_setup_application (GtkApplication *application,
                              const char     *program_name,
                              const char     *comments)
{
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_object_set_data_full (G_OBJECT (application), PROGRAM_NAME_KEY,
                          g_strdup (program_name), g_free);
  g_object_set_data_full (G_OBJECT (application), COMMENTS_KEY, g_strdup (comments), g_free);

  g_action_map_add_action_entries (G_ACTION_MAP (application), desktop_actions,
                                   G_N_ELEMENTS (desktop_actions), application);
  gtk_application_set_accels_for_action (application, "app.preferences", preferences_accels);

  gtk_window_set_default_icon_name (g_application_get_application_id (G_APPLICATION (application)));
  find_notification_service (G_APPLICATION (application));
}
