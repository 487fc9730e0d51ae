/* tc-desktop.c: what both applications share on the desktop: About, Preferences
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
#define NOTIFY_KEY       "tc-desktop-can-notify"

/* Notification services GNotification can use. Without any, GLib warns
 * about each attempt; then notifications are not sent at all. */
static const char * const notification_services[] = {
  "org.freedesktop.Notifications",
  "org.gtk.Notifications",
};

static void
set_can_notify (GApplication *application,
                gboolean      can_notify)
{
  g_object_set_data (G_OBJECT (application), NOTIFY_KEY, GINT_TO_POINTER (can_notify));
}

/* Whether a notification would reach a notification service: one is
 * running, can be started on demand, or the portal speaks for it. */
gboolean
tc_desktop_can_notify (GApplication *application)
{
  g_return_val_if_fail (G_IS_APPLICATION (application), FALSE);

  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (application), NOTIFY_KEY));
}

static void
list_names_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GApplication) application = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autofree const char **names = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply == NULL)
    return;

  g_variant_get (reply, "(^a&s)", &names);
  for (guint i = 0; i < G_N_ELEMENTS (notification_services); i++)
    if (g_strv_contains (names, notification_services[i]))
      set_can_notify (application, TRUE);
}

static void
service_appeared_cb (GDBusConnection *connection,
                     const char      *name,
                     const char      *owner,
                     gpointer         user_data)
{
  set_can_notify (G_APPLICATION (user_data), TRUE);
}

static void
find_notification_service (GApplication *application)
{
  GDBusConnection *connection = g_application_get_dbus_connection (application);

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    {
      set_can_notify (application, TRUE);
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
    g_bus_watch_name_on_connection (connection, notification_services[i],
                                    G_BUS_NAME_WATCHER_FLAGS_NONE,
                                    service_appeared_cb, NULL, application, NULL);
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
