/* test-desktop.c: settings, Preferences, About, shortcuts, notifications, keyboard-only chat
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-application.h"
#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-server-application.h"
#include "tc-server-window.h"
#include "tc-settings.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* Helpers */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* Every test starts from the defaults (the memory backend keeps changes for
 * the life of the process). */
static void
reset_all_settings (void)
{
  g_assert_true (tc_gui_test_reset_settings (SERVER_APP_ID));
  g_assert_true (tc_gui_test_reset_settings (CLIENT_APP_ID));
}

static GtkWidget *
must_find (gpointer    root,
           GType       type,
           const char *text)
{
  GtkWidget *found = tc_gui_test_find_widget (GTK_WIDGET (root), type, text);

  if (found == NULL)
    g_error ("no %s \"%s\" found", g_type_name (type), text != NULL ? text : "(any)");
  return found;
}

static GtkWidget *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_primary_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static GtkWidget *
focus (gpointer window)
{
  return gtk_root_get_focus (GTK_ROOT (window));
}

static gboolean
focus_within (gpointer   window,
              GtkWidget *widget)
{
  GtkWidget *focused = focus (window);

  return focused != NULL && (focused == widget || gtk_widget_is_ancestor (focused, widget));
}

/* Tab until focus lands within @target; FALSE after a full round. */
static gboolean
tab_to (gpointer   window,
        GtkWidget *target)
{
  for (guint i = 0; i < 40; i++)
    {
      if (focus_within (window, target))
        return TRUE;
      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
  return focus_within (window, target);
}

/* What Enter does in a text field. */
static void
press_enter (GtkWidget *entry)
{
  if (GTK_IS_EDITABLE (entry) && gtk_editable_get_delegate (GTK_EDITABLE (entry)) != NULL &&
      !GTK_IS_ENTRY (entry))
    entry = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (entry)));
  g_signal_emit_by_name (entry, "activate");
}

static void
destroy_window (gpointer window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (context (), window);
}

static char *
menu_label (GMenuModel *menu,
            int         i)
{
  char *label = NULL;

  g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
  return label;
}

/* Server: settings */

static void
test_server_settings (void)
{
  TcServerWindow *window;
  GSettings *settings;
  GtkWidget *relay;
  g_autoptr(GSettings) other = tc_settings_new (SERVER_APP_ID);
  g_autofree char *address = NULL;
  int width, height;
  guint16 port;

  reset_all_settings ();

  /* Changed in the window: the keys follow. */
  window = g_object_ref_sink (tc_server_window_new (NULL));
  settings = tc_server_window_get_settings (window);
  g_assert_nonnull (settings);
  gtk_window_present (GTK_WINDOW (window));
  relay = must_find (window, GTK_TYPE_CHECK_BUTTON, "_Relay between clients");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (relay), TRUE);
  g_assert_true (g_settings_get_boolean (other, "relay"));

  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  tc_server_window_start (window);
  TC_WAIT_UNTIL (context (), tc_server_is_listening (tc_server_window_get_server (window)),
                 WAIT_MS);
  address = g_settings_get_string (other, "address");
  g_assert_cmpstr (address, ==, "127.0.0.1");
  g_clear_pointer (&address, g_free);

  tc_server_window_set_listen_address (window, "::1", 0);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  g_assert_cmpint (g_settings_get_int (other, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (other, "window-height"), ==, 480);

  /* The limits reach the server while the window is open. */
  g_settings_set_uint (other, "max-clients", 3);
  g_settings_set_uint (other, "max-line", 1000);
  g_settings_set_uint (other, "scrollback", 500);
  g_assert_cmpuint (tc_server_get_max_clients (tc_server_window_get_server (window)), ==, 3);
  g_assert_cmpuint (tc_server_get_max_line (tc_server_window_get_server (window)), ==, 1000);
  g_assert_cmpuint (tc_log_model_get_max_entries (tc_server_window_get_log_model (window)), ==,
                    500);
  g_settings_set_boolean (other, "notify", FALSE);
  g_assert_false (tc_line_notifier_get_enabled (tc_server_window_get_notifier (window)));
  destroy_window (window);

  /* Set in the keys: a new window shows them. */
  g_settings_set_string (other, "address", "::1");
  g_settings_set (other, "port", "q", 12345);
  g_settings_set_int (other, "window-width", 700);
  g_settings_set_int (other, "window-height", 420);
  window = g_object_ref_sink (tc_server_window_new (NULL));
  relay = must_find (window, GTK_TYPE_CHECK_BUTTON, "_Relay between clients");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (relay)));
  g_assert_true (tc_server_get_relay (tc_server_window_get_server (window)));
  g_assert_cmpstr (gtk_editable_get_text (tc_server_window_get_address_entry (window)), ==, "::1");
  port = (guint16) gtk_spin_button_get_value_as_int (tc_server_window_get_port_spin (window));
  g_assert_cmpuint (port, ==, 12345);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 700);
  g_assert_cmpint (height, ==, 420);
  g_assert_cmpuint (tc_server_get_max_clients (tc_server_window_get_server (window)), ==, 3);
  g_assert_false (tc_line_notifier_get_enabled (tc_server_window_get_notifier (window)));
  destroy_window (window);

  reset_all_settings ();
}

/* Server: Preferences */

static void
test_server_preferences (void)
{
  TcServerWindow *window;
  TcPreferencesDialog *dialog;
  GtkSpinButton *spin;
  TcServer *server;

  reset_all_settings ();
  window = g_object_ref_sink (tc_server_window_new (NULL));
  server = tc_server_window_get_server (window);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  dialog = TC_PREFERENCES_DIALOG (find_toplevel (TC_TYPE_PREFERENCES_DIALOG));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  tc_test_drain (context ());

  /* The server's rows, not the client's. */
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (tc_preferences_dialog_get_spin (dialog,
                                                                                     "max-clients"))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tc_preferences_dialog_get_spin (dialog,
                                                                                      "connect-timeout"))));

  spin = tc_preferences_dialog_get_spin (dialog, "max-clients");
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, 10000);
  gtk_spin_button_set_value (spin, 7);
  g_assert_cmpuint (g_settings_get_uint (tc_server_window_get_settings (window), "max-clients"),
                    ==, 7);
  g_assert_cmpuint (tc_server_get_max_clients (server), ==, 7);

  spin = tc_preferences_dialog_get_spin (dialog, "max-line");
  gtk_spin_button_set_value (spin, 2048);
  g_assert_cmpuint (tc_server_get_max_line (server), ==, 2048);

  /* Out of the schema's range: the spin button holds it to the range. */
  spin = tc_preferences_dialog_get_spin (dialog, "scrollback");
  gtk_spin_button_set_value (spin, 1);
  g_assert_cmpuint (tc_log_model_get_max_entries (tc_server_window_get_log_model (window)), ==,
                    100);

  gtk_check_button_set_active (tc_preferences_dialog_get_notify_check (dialog), FALSE);
  g_assert_false (tc_line_notifier_get_enabled (tc_server_window_get_notifier (window)));

  /* Opening it again brings the same dialog forward; Escape closes it. */
  g_assert_true (tc_server_window_show_preferences (window) == dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  TC_WAIT_UNTIL (context (), dialog == NULL, WAIT_MS);

  destroy_window (window);
  reset_all_settings ();
}

/* Client: settings */

static void
test_client_settings (void)
{
  g_autoptr(GSettings) other = tc_settings_new (CLIENT_APP_ID);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) hosts = NULL;
  g_autoptr(TcServer) closed = tc_server_new ();
  g_autoptr(GError) error = NULL;
  TcClientWindow *window;
  TcClient *client;
  GtkWidget *reconnect;
  GMenuModel *recent;
  guint16 port;

  reset_all_settings ();

  /* A port where nothing listens. */
  tc_server_listen (closed, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  port = tc_server_get_port (closed);
  tc_server_stop (closed);

  window = g_object_ref_sink (tc_client_window_new (NULL));
  client = tc_client_window_get_client (window);
  gtk_window_present (GTK_WINDOW (window));

  reconnect = must_find (window, GTK_TYPE_CHECK_BUTTON, "_Auto-reconnect");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (reconnect), TRUE);
  g_assert_true (g_settings_get_boolean (other, "auto-reconnect"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (reconnect), FALSE);

  /* 127.0.0.2 is a loopback address but not one of the fixed local hosts;
   * the attempt is kept for the next window, but nothing listens there, so
   * it is not among the recent hosts, which are hosts that connected. */
  tc_client_window_connect_to (window, "127.0.0.2", port);
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_UNCONNECTED,
                 WAIT_MS);
  {
    g_autofree char *host = g_settings_get_string (other, "host");
    guint16 saved_port;

    g_settings_get (other, "port", "q", &saved_port);
    g_assert_cmpstr (host, ==, "127.0.0.2");
    g_assert_cmpuint (saved_port, ==, port);
  }
  hosts = g_settings_get_strv (other, "recent-hosts");
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);
  g_clear_pointer (&hosts, g_strfreev);

  /* Limits follow the keys while the window is open. */
  g_settings_set_uint (other, "connect-timeout", 3);
  g_assert_cmpuint (tc_client_get_connect_timeout (client), ==, 3000);
  g_settings_set_uint (other, "max-line", 4096);
  g_assert_cmpuint (tc_client_get_max_line (client), ==, 4096);
  g_settings_set_uint (other, "scrollback", 250);
  g_assert_cmpuint (tc_log_model_get_max_entries (tc_client_window_get_log_model (window)), ==,
                    250);
  destroy_window (window);

  /* Recent hosts across runs: newest first, at most ten. */
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *host = g_strdup_printf ("host-%u.example", i);

      g_strv_builder_add (builder, host);
    }
  hosts = g_strv_builder_end (builder);
  g_settings_set_strv (other, "recent-hosts", (const char * const *) hosts);
  g_settings_set_boolean (other, "auto-reconnect", TRUE);
  g_settings_set_int (other, "window-width", 720);

  window = g_object_ref_sink (tc_client_window_new (NULL));
  client = tc_client_window_get_client (window);
  recent = tc_client_window_get_recent_hosts (window);
  g_assert_cmpint (g_menu_model_get_n_items (recent), ==, TC_CLIENT_WINDOW_MAX_RECENT_HOSTS);
  {
    g_autofree char *first = menu_label (recent, 0);
    g_autofree char *last = menu_label (recent, TC_CLIENT_WINDOW_MAX_RECENT_HOSTS - 1);

    g_assert_cmpstr (first, ==, "host-0.example");
    g_assert_cmpstr (last, ==, "host-9.example");
  }
  g_assert_cmpstr (tc_client_window_get_host (window), ==, "127.0.0.2");
  g_assert_cmpuint (tc_client_window_get_port (window), ==, port);
  g_assert_true (tc_client_get_auto_reconnect (client));
  g_assert_cmpuint (tc_client_get_connect_timeout (client), ==, 3000);
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 720);
  }

  /* Another window's connection shows in this window's menu at once. */
  {
    TcClientWindow *second = g_object_ref_sink (tc_client_window_new (NULL));
    TcClient *second_client = tc_client_window_get_client (second);
    g_autoptr(TcServer) listening = tc_server_new ();
    g_autofree char *first = NULL;

    tc_server_listen (listening, "127.0.0.3", 0, &error);
    g_assert_no_error (error);
    tc_client_set_auto_reconnect (second_client, FALSE);
    tc_client_window_connect_to (second, "127.0.0.3", tc_server_get_port (listening));
    TC_WAIT_UNTIL (context (), tc_client_get_state (second_client) == TC_SOCKET_STATE_CONNECTED,
                   WAIT_MS);
    first = menu_label (recent, 0);
    g_assert_cmpstr (first, ==, "127.0.0.3");
    g_assert_cmpint (g_menu_model_get_n_items (recent), ==, TC_CLIENT_WINDOW_MAX_RECENT_HOSTS);
    tc_client_disconnect (second_client);
    TC_WAIT_UNTIL (context (), tc_client_get_state (second_client) == TC_SOCKET_STATE_UNCONNECTED,
                   WAIT_MS);
    destroy_window (second);
    tc_server_stop (listening);
  }

  destroy_window (window);
  reset_all_settings ();
}

/* Client: Preferences */

static void
test_client_preferences (void)
{
  TcClientWindow *window;
  TcPreferencesDialog *dialog;
  TcClient *client;

  reset_all_settings ();
  window = g_object_ref_sink (tc_client_window_new (NULL));
  client = tc_client_window_get_client (window);
  gtk_window_present (GTK_WINDOW (window));

  dialog = tc_client_window_show_preferences (window);
  g_assert_true (find_toplevel (TC_TYPE_PREFERENCES_DIALOG) == GTK_WINDOW (dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tc_preferences_dialog_get_spin (dialog,
                                                                                      "max-clients"))));
  gtk_spin_button_set_value (tc_preferences_dialog_get_spin (dialog, "connect-timeout"), 4);
  g_assert_cmpuint (tc_client_get_connect_timeout (client), ==, 4000);
  gtk_spin_button_set_value (tc_preferences_dialog_get_spin (dialog, "max-line"), 512);
  g_assert_cmpuint (tc_client_get_max_line (client), ==, 512);
  gtk_spin_button_set_value (tc_preferences_dialog_get_spin (dialog, "max-unsent"), 131072);
  g_assert_cmpuint (g_settings_get_uint (tc_client_window_get_settings (window), "max-unsent"),
                    ==, 131072);

  /* Closing the window takes its dialog along. */
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  destroy_window (window);
  TC_WAIT_UNTIL (context (), dialog == NULL, WAIT_MS);
  reset_all_settings ();
}

/* Whether a shortcuts window lists a shortcut with that accelerator. */
static gboolean
overlay_lists (GtkWidget  *widget,
               const char *accelerator)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accel = NULL;

      g_object_get (widget, "accelerator", &accel, NULL);
      if (g_strcmp0 (accel, accelerator) == 0)
        return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (overlay_lists (child, accelerator))
      return TRUE;
  return FALSE;
}

/* Applications: menu, About, shortcuts, Preferences */

static void
check_application (GtkApplication *application,
                   const char     *program_name)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = NULL;
  GtkWindow *window;
  GtkWindow *about;
  GtkWindow *overlay;
  GtkWidget *menu_button;
  GMenuModel *menu;
  gboolean found_about = FALSE;

  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = gtk_application_get_active_window (application);
  g_assert_nonnull (window);
  tc_test_drain (context ());

  accels = gtk_application_get_accels_for_action (application, "app.preferences");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>comma"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (application, "win.show-help-overlay");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>question"));

  /* The primary menu: Preferences, Keyboard Shortcuts, About. */
  menu_button = find_primary_menu_button (GTK_WIDGET (window));
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (menu_button), !=, NULL);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button));
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), action + 4) ||
                         g_action_group_has_action (G_ACTION_GROUP (window), action + 4));
          found_about = found_about || g_strcmp0 (action, "app.about") == 0;
        }
      g_clear_object (&section);
    }
  g_assert_true (found_about);

  /* About */
  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  about = find_toplevel (GTK_TYPE_ABOUT_DIALOG);
  g_assert_nonnull (about);
  g_assert_cmpstr (gtk_about_dialog_get_program_name (GTK_ABOUT_DIALOG (about)), ==,
                   program_name);
  g_assert_cmpstr (gtk_about_dialog_get_version (GTK_ABOUT_DIALOG (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (gtk_about_dialog_get_license_type (GTK_ABOUT_DIALOG (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_true (gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                          g_application_get_application_id (G_APPLICATION (application))));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (about));
  gtk_window_close (about);
  tc_test_drain (context ());
  g_assert_null (find_toplevel (GTK_TYPE_ABOUT_DIALOG));

  /* Keyboard shortcuts */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (overlay);
  /* Ctrl+1 to Ctrl+9 send the saved messages: listed with the others */
  g_assert_true (overlay_lists (GTK_WIDGET (overlay), "<Control>1...9"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (overlay));
  gtk_window_close (overlay);
  tc_test_drain (context ());

  /* Preferences, through the application */
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  g_assert_nonnull (find_toplevel (TC_TYPE_PREFERENCES_DIALOG));
  gtk_window_close (find_toplevel (TC_TYPE_PREFERENCES_DIALOG));
  tc_test_drain (context ());

  /* present-window: what a click on a notification does */
  g_action_group_activate_action (G_ACTION_GROUP (application), "present-window",
                                  g_variant_new_uint32 (gtk_application_window_get_id (
                                                          GTK_APPLICATION_WINDOW (window))));

  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
  TC_WAIT_UNTIL (context (), gtk_application_get_windows (application) == NULL, WAIT_MS);
}

static void
test_server_application (void)
{
  g_autoptr(TcServerApplication) application = tc_server_application_new ();

  reset_all_settings ();
  check_application (GTK_APPLICATION (application), "tcpchat server");
  reset_all_settings ();
}

static void
test_client_application (void)
{
  g_autoptr(TcClientApplication) application = tc_client_application_new ();

  reset_all_settings ();
  check_application (GTK_APPLICATION (application), "tcpchat client");
  reset_all_settings ();
}

/* Command-line options: for that run only */

/* What the window showed and the settings held, seen from the launch. */
typedef struct
{
  gboolean  activated;
  gboolean  relay;        /* the server's, or the client's host applied */
  gboolean  listening;
  gboolean  kept_relay;
  char     *kept_address;
  guint16   kept_port;
  char     *host_shown;
  char     *kept_host;
  char    **kept_recent;
} RunSeen;

static void
run_seen_clear (RunSeen *seen)
{
  g_free (seen->kept_address);
  g_free (seen->host_shown);
  g_free (seen->kept_host);
  g_strfreev (seen->kept_recent);
}

static void
server_run_cb (GApplication *application,
               RunSeen      *seen)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autoptr(GSettings) settings = tc_settings_new (SERVER_APP_ID);
  TcServer *server;

  seen->activated = TC_IS_SERVER_WINDOW (window);
  if (seen->activated)
    {
      server = tc_server_window_get_server (TC_SERVER_WINDOW (window));
      seen->relay = tc_server_get_relay (server);
      seen->listening = tc_server_is_listening (server);
    }
  seen->kept_relay = g_settings_get_boolean (settings, "relay");
  seen->kept_address = g_settings_get_string (settings, "address");
  g_settings_get (settings, "port", "q", &seen->kept_port);
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

static void
test_server_options_for_run (void)
{
  g_autoptr(TcServerApplication) application = tc_server_application_new ();
  g_autoptr(GSettings) settings = tc_settings_new (SERVER_APP_ID);
  char *argv[] = { "tcpchat-server", "--relay", "--listen", "127.0.0.1:0", NULL };
  RunSeen seen = { 0 };
  int status;

  reset_all_settings ();
  g_settings_set_string (settings, "address", "::1");
  g_settings_set (settings, "port", "q", 12345);
  g_assert_false (g_settings_get_boolean (settings, "relay"));

  /* An id of its own: an application of an earlier test may still be
   * exported on the bus under the usual one. */
  g_application_set_application_id (G_APPLICATION (application), SERVER_APP_ID ".OptionsTest");
  g_signal_connect_after (application, "activate", G_CALLBACK (server_run_cb), &seen);
  status = g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);

  /* The window relays and listens as asked... */
  g_assert_true (seen.activated);
  g_assert_true (seen.relay);
  g_assert_true (seen.listening);
  /* ...and the next launch starts from the settings as they were. */
  g_assert_false (seen.kept_relay);
  g_assert_cmpstr (seen.kept_address, ==, "::1");
  g_assert_cmpuint (seen.kept_port, ==, 12345);
  g_assert_false (g_settings_get_boolean (settings, "relay"));
  run_seen_clear (&seen);
  reset_all_settings ();
}

static void
client_run_cb (GApplication *application,
               RunSeen      *seen)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));
  g_autoptr(GSettings) settings = tc_settings_new (CLIENT_APP_ID);

  seen->activated = TC_IS_CLIENT_WINDOW (window);
  if (seen->activated)
    seen->host_shown = g_strdup (tc_client_window_get_host (TC_CLIENT_WINDOW (window)));
  seen->kept_host = g_settings_get_string (settings, "host");
  g_settings_get (settings, "port", "q", &seen->kept_port);
  seen->kept_recent = g_settings_get_strv (settings, "recent-hosts");
  g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
}

static void
test_client_options_for_run (void)
{
  g_autoptr(TcClientApplication) application = tc_client_application_new ();
  g_autoptr(GSettings) settings = tc_settings_new (CLIENT_APP_ID);
  /* 127.0.0.2 is not one of the fixed local hosts: Connect would keep it. */
  char *argv[] = { "tcpchat-client", "--connect", "127.0.0.2:9", NULL };
  const char *recent[] = { "example.org", NULL };
  RunSeen seen = { 0 };
  int status;

  reset_all_settings ();
  g_settings_set_string (settings, "host", "example.org");
  g_settings_set (settings, "port", "q", 12345);
  g_settings_set_strv (settings, "recent-hosts", recent);

  /* An id of its own: an application of an earlier test may still be
   * exported on the bus under the usual one. */
  g_application_set_application_id (G_APPLICATION (application), CLIENT_APP_ID ".OptionsTest");
  g_signal_connect_after (application, "activate", G_CALLBACK (client_run_cb), &seen);
  status = g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (seen.activated);
  g_assert_cmpstr (seen.host_shown, ==, "127.0.0.2");
  g_assert_cmpstr (seen.kept_host, ==, "example.org");
  g_assert_cmpuint (seen.kept_port, ==, 12345);
  g_assert_cmpstrv (seen.kept_recent, recent);
  run_seen_clear (&seen);
  reset_all_settings ();
}

/* Notifications */

static void
test_client_notifications (void)
{
  g_autoptr(TcServer) server = tc_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  TcClientWindow *window;
  TcLineNotifier *notifier;
  TcConnection *peer;

  reset_all_settings ();
  settings = tc_settings_new (CLIENT_APP_ID);
  tc_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  /* Never shown, so never the active window. */
  window = g_object_ref_sink (tc_client_window_new (NULL));
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));
  notifier = tc_client_window_get_notifier (window);
  tc_line_notifier_set_interval (notifier, 200);
  tc_client_window_connect_to (window, "127.0.0.1", tc_server_get_port (server));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  peer = g_list_model_get_item (G_LIST_MODEL (server), 0);

  /* The first line is notified at once, with its text. */
  tc_server_broadcast (server, "hello there", -1, &error);
  g_assert_no_error (error);
  TC_WAIT_UNTIL (context (), tc_line_notifier_get_n_sent (notifier) == 1, WAIT_MS);
  g_assert_nonnull (strstr (tc_line_notifier_get_title (notifier), "New line from"));
  g_assert_cmpstr (tc_line_notifier_get_body (notifier), ==, "hello there");

  /* Lines within the interval are summed up in one more. */
  tc_server_broadcast (server, "second", -1, &error);
  tc_server_broadcast (server, "third", -1, &error);
  TC_WAIT_UNTIL (context (), tc_line_notifier_get_n_unseen (notifier) == 3, WAIT_MS);
  g_assert_cmpuint (tc_line_notifier_get_n_sent (notifier), ==, 1);
  TC_WAIT_UNTIL (context (), tc_line_notifier_get_n_sent (notifier) == 2, WAIT_MS);
  g_assert_nonnull (strstr (tc_line_notifier_get_title (notifier), "3 new lines from"));
  g_assert_cmpstr (tc_line_notifier_get_body (notifier), ==, "third");
  g_assert_true (tc_line_notifier_get_shown (notifier));

  /* The window getting focus takes it back. */
  tc_line_notifier_window_active (notifier);
  g_assert_false (tc_line_notifier_get_shown (notifier));
  g_assert_cmpuint (tc_line_notifier_get_n_unseen (notifier), ==, 0);

  /* The toggle off: nothing more. */
  g_settings_set_boolean (settings, "notify", FALSE);
  tc_server_broadcast (server, "quiet", -1, &error);
  TC_WAIT_UNTIL (context (), tc_log_model_get_n_entries (tc_client_window_get_log_model (window))
                             > 0, WAIT_MS);
  tc_test_drain (context ());
  g_assert_cmpuint (tc_line_notifier_get_n_unseen (notifier), ==, 0);
  g_assert_cmpuint (tc_line_notifier_get_n_sent (notifier), ==, 2);

  g_object_unref (peer);
  destroy_window (window);
  tc_server_stop (server);
  tc_test_drain (context ());
  reset_all_settings ();
}

/* Keyboard only */

static void
test_client_keyboard (void)
{
  g_autoptr(TcServer) server = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  TcClientWindow *window;
  TcClient *client;
  GtkWidget *host;
  GtkWidget *port;
  GtkWidget *message;
  TcSendBox *send_box;
  GtkWidget *disconnect;

  reset_all_settings ();
  server = tc_gui_test_server_start ("127.0.0.1", 0, lines, &error);
  g_assert_no_error (error);

  window = g_object_ref_sink (tc_client_window_new (NULL));
  client = tc_client_window_get_client (window);
  gtk_window_present (GTK_WINDOW (window));
  tc_test_drain (context ());
  host = GTK_WIDGET (tc_client_window_get_host_entry (window));
  port = GTK_WIDGET (tc_client_window_get_port_button (window));
  send_box = tc_client_window_get_send_box (window);
  message = GTK_WIDGET (tc_send_box_get_view (send_box));

  /* The window opens with the keyboard in the host field. */
  g_assert_true (focus_within (window, host));
  gtk_editable_set_text (GTK_EDITABLE (host), "127.0.0.1");

  /* Tab reaches the port; Alt+H (the mnemonic) goes back to the host. */
  g_assert_true (tab_to (window, port));
  port_text = g_strdup_printf ("%u", tc_server_get_port (server));
  gtk_editable_set_text (GTK_EDITABLE (port), port_text);
  g_assert_true (gtk_widget_mnemonic_activate (must_find (window, GTK_TYPE_LABEL, "_Host"), FALSE));
  g_assert_true (focus_within (window, host));

  /* Enter connects; the keyboard moves on to the message field. */
  press_enter (host);
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  g_assert_cmpuint (tc_client_get_port (client), ==, tc_server_get_port (server));
  g_assert_true (focus_within (window, message));

  /* Enter sends. */
  tc_gui_test_send_box_enter (send_box, "typed without a mouse");
  TC_WAIT_UNTIL (context (), lines->len == 1, WAIT_MS);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "typed without a mouse");
  tc_gui_test_send_box_assert (send_box, "");

  /* A reply lands in the log. */
  tc_server_broadcast (server, "reply", -1, &error);
  TC_WAIT_UNTIL (context (), tc_log_model_get_n_entries (tc_client_window_get_log_model (window))
                             >= 4, WAIT_MS);

  /* Alt+D (the Disconnect button's mnemonic) disconnects; the message
   * field keeps the keyboard, to write the next message in, and only Send
   * waits for a connection. */
  disconnect = must_find (window, GTK_TYPE_BUTTON, "win.disconnect");
  g_assert_true (gtk_widget_mnemonic_activate (disconnect, FALSE));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_UNCONNECTED,
                 WAIT_MS);
  g_assert_true (focus_within (window, message));
  g_assert_true (gtk_widget_get_sensitive (message));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (send_box))));

  destroy_window (window);
  tc_server_stop (server);
  tc_test_drain (context ());
  reset_all_settings ();
}

static void
client_line_cb (TcClient  *client,
                TcMessage    *line,
                GPtrArray *lines)
{
  g_ptr_array_add (lines, g_strndup (line->data, line->len));
}

static void
test_server_keyboard (void)
{
  g_autoptr(TcClient) client = tc_client_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  TcServerWindow *window;
  TcServer *server;
  GtkWidget *address;
  GtkWidget *message;
  TcSendBox *send_box;

  reset_all_settings ();
  window = g_object_ref_sink (tc_server_window_new (NULL));
  server = tc_server_window_get_server (window);
  gtk_window_present (GTK_WINDOW (window));
  tc_test_drain (context ());
  address = GTK_WIDGET (tc_server_window_get_address_entry (window));
  send_box = tc_server_window_get_send_box (window);
  message = GTK_WIDGET (tc_send_box_get_view (send_box));

  /* Alt+A: into the address; type it, Tab to the port, type it, Enter. */
  g_assert_true (gtk_widget_mnemonic_activate (must_find (window, GTK_TYPE_LABEL, "_Address"),
                                               FALSE));
  g_assert_true (focus_within (window, address));
  gtk_editable_set_text (GTK_EDITABLE (address), "127.0.0.1");
  g_assert_true (tab_to (window, GTK_WIDGET (tc_server_window_get_port_spin (window))));
  gtk_editable_set_text (GTK_EDITABLE (tc_server_window_get_port_spin (window)), "0");
  press_enter (address);
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server), WAIT_MS);

  g_signal_connect (client, "line-received", G_CALLBACK (client_line_cb), lines);
  tc_client_connect (client, "127.0.0.1", tc_server_get_port (server));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (tc_server_window_get_send_box (window)),
                 WAIT_MS);

  /* Tab gets to the message field; Enter sends to every client. */
  g_assert_true (tab_to (window, message));
  tc_gui_test_send_box_enter (send_box, "to everyone");
  TC_WAIT_UNTIL (context (), lines->len == 1, WAIT_MS);
  g_assert_cmpstr (g_ptr_array_index (lines, 0), ==, "to everyone");

  /* Alt+T stops (the Stop button's mnemonic); the next message can still
   * be written, only Send waits. */
  g_assert_true (gtk_widget_mnemonic_activate (must_find (window, GTK_TYPE_BUTTON, "win.stop"),
                                               FALSE));
  TC_WAIT_UNTIL (context (), !tc_server_is_listening (server), WAIT_MS);
  g_assert_true (focus_within (window, message));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (send_box))));

  g_signal_handlers_disconnect_by_data (client, lines);
  tc_client_disconnect (client);
  destroy_window (window);
  tc_test_drain (context ());
  reset_all_settings ();
}

/* Widgets */

static guint
count_shown_separators (TcStatusBar *bar)
{
  GtkWidget *segments = gtk_widget_get_parent (GTK_WIDGET (tc_status_bar_get_segment_label (bar,
                                                                                           "a")));
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (segments);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SEPARATOR (child) && gtk_widget_get_visible (child))
      n++;

  return n;
}

static void
test_status_bar_hide_segment (void)
{
  GtkWidget *window = gtk_window_new ();
  TcStatusBar *bar = TC_STATUS_BAR (tc_status_bar_new ());

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bar));
  tc_status_bar_set_segment (bar, "a", "A");
  tc_status_bar_set_segment (bar, "b", "B");
  tc_status_bar_set_segment (bar, "c", "C");
  g_assert_cmpuint (count_shown_separators (bar), ==, 2);

  /* a | c */
  tc_status_bar_set_segment_visible (bar, "b", FALSE);
  g_assert_false (tc_status_bar_get_segment_visible (bar, "b"));
  g_assert_true (tc_status_bar_get_segment_visible (bar, "a"));
  g_assert_cmpuint (count_shown_separators (bar), ==, 1);

  /* c alone: no separator before it. */
  tc_status_bar_set_segment_visible (bar, "a", FALSE);
  g_assert_cmpuint (count_shown_separators (bar), ==, 0);

  /* All back. */
  tc_status_bar_set_segment_visible (bar, "a", TRUE);
  tc_status_bar_set_segment_visible (bar, "b", TRUE);
  g_assert_cmpuint (count_shown_separators (bar), ==, 2);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/desktop/display"))
    return g_test_run ();

  g_test_add_func ("/desktop/status-bar/hide-segment", test_status_bar_hide_segment);
  g_test_add_func ("/desktop/server/settings", test_server_settings);
  g_test_add_func ("/desktop/server/preferences", test_server_preferences);
  g_test_add_func ("/desktop/server/keyboard", test_server_keyboard);
  g_test_add_func ("/desktop/server/application", test_server_application);
  g_test_add_func ("/desktop/server/options-for-run", test_server_options_for_run);
  g_test_add_func ("/desktop/client/settings", test_client_settings);
  g_test_add_func ("/desktop/client/preferences", test_client_preferences);
  g_test_add_func ("/desktop/client/keyboard", test_client_keyboard);
  g_test_add_func ("/desktop/client/notifications", test_client_notifications);
  g_test_add_func ("/desktop/client/application", test_client_application);
  g_test_add_func ("/desktop/client/options-for-run", test_client_options_for_run);

  return g_test_run ();
}
