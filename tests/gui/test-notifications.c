/* test-notifications.c: desktop notifications reach a notification service over D-Bus
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-address.h"
#include "tc-client-application.h"
#include "tc-client-window.h"
#include "tc-desktop.h"
#include "tc-gui-test-util.h"
#include "tc-server-application.h"
#include "tc-server-window.h"
#include "tc-settings.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

#define NOTIFICATIONS_NAME  "org.freedesktop.Notifications"
#define NOTIFICATIONS_PATH  "/org/freedesktop/Notifications"
#define NOTIFICATIONS_IFACE "org.freedesktop.Notifications"

/* A notification service of the test's own, on a connection of its own to
 * the session bus, so each call really crosses the bus. It keeps every
 * call it receives; the first Notify gets id 1, the next 2, and so on.
 */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='" NOTIFICATIONS_IFACE "'>"
  "    <method name='Notify'>"
  "      <arg type='s' name='app_name' direction='in'/>"
  "      <arg type='u' name='replaces_id' direction='in'/>"
  "      <arg type='s' name='app_icon' direction='in'/>"
  "      <arg type='s' name='summary' direction='in'/>"
  "      <arg type='s' name='body' direction='in'/>"
  "      <arg type='as' name='actions' direction='in'/>"
  "      <arg type='a{sv}' name='hints' direction='in'/>"
  "      <arg type='i' name='expire_timeout' direction='in'/>"
  "      <arg type='u' name='id' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'>"
  "      <arg type='u' name='id' direction='in'/>"
  "    </method>"
  "    <method name='GetCapabilities'>"
  "      <arg type='as' name='capabilities' direction='out'/>"
  "    </method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' name='name' direction='out'/>"
  "      <arg type='s' name='vendor' direction='out'/>"
  "      <arg type='s' name='version' direction='out'/>"
  "      <arg type='s' name='spec_version' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='u' name='reason'/>"
  "    </signal>"
  "    <signal name='ActionInvoked'>"
  "      <arg type='u' name='id'/>"
  "      <arg type='s' name='action_key'/>"
  "    </signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  GDBusConnection *connection;
  guint            registration;
  guint            owner;
  gboolean         acquired;
  gboolean         lost;
  guint32          next_id;

  GPtrArray       *notify_calls;  /* of GVariant (susssasa{sv}i), the arguments */
  GArray          *notify_ids;    /* guint32, what each Notify returned */
  GArray          *closed_ids;    /* guint32, from CloseNotification */
  guint            n_other_calls; /* GetCapabilities, GetServerInformation */
  gboolean         body_markup;   /* claims "body-markup" */
} FakeService;

static FakeService service;

static void
service_method_call (GDBusConnection       *connection,
                     const char            *sender,
                     const char            *object_path,
                     const char            *interface_name,
                     const char            *method_name,
                     GVariant              *parameters,
                     GDBusMethodInvocation *invocation,
                     gpointer               user_data)
{
  if (g_strcmp0 (method_name, "Notify") == 0)
    {
      guint32 replaces_id;
      guint32 id;

      g_variant_get_child (parameters, 1, "u", &replaces_id);
      id = replaces_id != 0 ? replaces_id : service.next_id++;
      g_ptr_array_add (service.notify_calls, g_variant_ref (parameters));
      g_array_append_val (service.notify_ids, id);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", id));
    }
  else if (g_strcmp0 (method_name, "CloseNotification") == 0)
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_array_append_val (service.closed_ids, id);
      g_dbus_connection_emit_signal (connection, sender, NOTIFICATIONS_PATH, NOTIFICATIONS_IFACE,
                                     "NotificationClosed", g_variant_new ("(uu)", id, 3), NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_strcmp0 (method_name, "GetCapabilities") == 0)
    {
      static const char *capabilities[] = { "actions", "body", NULL };
      static const char *with_markup[] = { "actions", "body", "body-markup", NULL };

      service.n_other_calls++;
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", service.body_markup
                                                                     ? with_markup
                                                                     : capabilities));
    }
  else if (g_strcmp0 (method_name, "GetServerInformation") == 0)
    {
      service.n_other_calls++;
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(ssss)", "tcpchat-test",
                                                            "The tcpchat authors",
                                                            PACKAGE_VERSION, "1.2"));
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No such method: %s", method_name);
    }
}

static const GDBusInterfaceVTable service_vtable = {
  .method_call = service_method_call,
};

static void
service_name_acquired_cb (GDBusConnection *connection,
                          const char      *name,
                          gpointer         user_data)
{
  service.acquired = TRUE;
}

static void
service_name_lost_cb (GDBusConnection *connection,
                      const char      *name,
                      gpointer         user_data)
{
  service.lost = TRUE;
}

static gboolean
service_own_name (void)
{
  service.acquired = FALSE;
  service.lost = FALSE;
  service.owner = g_bus_own_name_on_connection (service.connection, NOTIFICATIONS_NAME,
                                                G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                                service_name_acquired_cb,
                                                service_name_lost_cb, NULL, NULL);
  TC_WAIT_UNTIL (g_main_context_default (), service.acquired || service.lost, WAIT_MS);

  return service.acquired;
}

static void
service_release_name (void)
{
  g_clear_handle_id (&service.owner, g_bus_unown_name);
}

/* Connects to the session bus and owns the notification service's name;
 * FALSE, with @error set, when there is no session bus. */
static gboolean
service_start (GError **error)
{
  g_autoptr(GDBusNodeInfo) node = NULL;
  g_autofree char *address = NULL;

  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (address == NULL)
    return FALSE;
  service.connection =
    g_dbus_connection_new_for_address_sync (address,
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, error);
  if (service.connection == NULL)
    return FALSE;

  node = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_assert_nonnull (node);
  service.registration =
    g_dbus_connection_register_object (service.connection, NOTIFICATIONS_PATH,
                                       node->interfaces[0], &service_vtable,
                                       NULL, NULL, error);
  if (service.registration == 0)
    return FALSE;

  service.next_id = 1;
  service.notify_calls = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  service.notify_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  service.closed_ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (!service_own_name ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   "%s is already owned on this session bus", NOTIFICATIONS_NAME);
      return FALSE;
    }

  return TRUE;
}

static void
service_stop (void)
{
  service_release_name ();
  if (service.registration != 0)
    g_dbus_connection_unregister_object (service.connection, service.registration);
  service.registration = 0;
  if (service.connection != NULL)
    g_dbus_connection_close_sync (service.connection, NULL, NULL);
  g_clear_object (&service.connection);
  g_clear_pointer (&service.notify_calls, g_ptr_array_unref);
  g_clear_pointer (&service.notify_ids, g_array_unref);
  g_clear_pointer (&service.closed_ids, g_array_unref);
}

static guint
service_n_notify (void)
{
  return service.notify_calls->len;
}

static void
service_reset (void)
{
  g_ptr_array_set_size (service.notify_calls, 0);
  g_array_set_size (service.notify_ids, 0);
  g_array_set_size (service.closed_ids, 0);
}

/* The arguments of the @i-th Notify, and the id it was given. */
static GVariant *
service_notify_call (guint    i,
                     guint32 *id)
{
  g_assert_cmpuint (i, <, service.notify_calls->len);
  if (id != NULL)
    *id = g_array_index (service.notify_ids, guint32, i);

  return g_ptr_array_index (service.notify_calls, i);
}

static gboolean
service_closed (guint32 id)
{
  for (guint i = 0; i < service.closed_ids->len; i++)
    if (g_array_index (service.closed_ids, guint32, i) == id)
      return TRUE;

  return FALSE;
}

/* What a click on the notification makes the service say. */
static void
service_invoke_action (guint32     id,
                       const char *action_key)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (service.connection, NULL, NOTIFICATIONS_PATH,
                                 NOTIFICATIONS_IFACE, "ActionInvoked",
                                 g_variant_new ("(us)", id, action_key), &error);
  g_assert_no_error (error);
}

static void
round_trip_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  gboolean *done = user_data;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

/* Returns once everything @connection sent before reached the service, and
 * the answers to it were handled here: the bus keeps one sender's messages
 * in order, the service handles its calls in order, and the replies are
 * dispatched in order on this main context. Both "nothing was sent" and
 * "GLib knows the id the service gave" need this. */
static void
service_round_trip (GDBusConnection *connection)
{
  gboolean done = FALSE;

  g_dbus_connection_call (connection, NOTIFICATIONS_NAME, NOTIFICATIONS_PATH,
                          NOTIFICATIONS_IFACE, "GetServerInformation", NULL,
                          G_VARIANT_TYPE ("(ssss)"), G_DBUS_CALL_FLAGS_NONE, WAIT_MS, NULL,
                          round_trip_cb, &done);
  TC_WAIT_UNTIL (g_main_context_default (), done, WAIT_MS);
}

/* Helpers */

static GtkApplication *server_application;
static GtkApplication *client_application;
static GtkWindow *other_window;  /* another program's window, that takes the focus */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static void
reset_all_settings (void)
{
  g_assert_true (tc_gui_test_reset_settings (SERVER_APP_ID));
  g_assert_true (tc_gui_test_reset_settings (CLIENT_APP_ID));
}

/* There is no window manager: a window that is shown, or presented again,
 * gets the input focus from GTK itself. */
static void
focus_elsewhere (GtkWindow *window)
{
  if (other_window == NULL)
    {
      other_window = GTK_WINDOW (gtk_window_new ());
      gtk_window_set_title (other_window, "Another program");
      gtk_window_set_default_size (other_window, 200, 100);
    }

  gtk_window_present (other_window);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (other_window)), WAIT_MS);
  gtk_window_present (other_window);
  TC_WAIT_UNTIL (context (),
                 !gtk_window_is_active (window) && gtk_window_is_active (other_window),
                 WAIT_MS);
}

static void
focus_window (GtkWindow *window)
{
  gtk_window_present (window);
  TC_WAIT_UNTIL (context (), gtk_window_is_active (window), WAIT_MS);
}

/* GApplication registers once per process and a GtkApplication keeps
 * itself alive until its shutdown, which only g_application_run() reaches:
 * one application of each program serves every test. The notification
 * service owns its name first, as a desktop session would. */
static GtkApplication *
register_application (GtkApplication *application)
{
  g_autoptr(GError) error = NULL;

  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_application_get_dbus_connection (G_APPLICATION (application)));
  TC_WAIT_UNTIL (context (), tc_desktop_can_notify (G_APPLICATION (application)), WAIT_MS);

  return application;
}

/* What each launch does: activate opens a new window. Whether it has the
 * focus once shown depends on where the pointer is, so it is given the
 * focus: each test starts from a known state, and no late focus event
 * from the showing lands in the middle of a test. */
static GtkWindow *
activate_new_window (GtkApplication *application)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (application));
  window = gtk_application_get_active_window (application);
  g_assert_nonnull (window);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (window)), WAIT_MS);
  focus_window (window);

  return window;
}

static void
close_window (GtkWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_close (window);
  TC_WAIT_UNTIL (context (), weak == NULL, WAIT_MS);
}

static const char *
notify_summary (GVariant *call)
{
  const char *summary = NULL;

  g_variant_get_child (call, 3, "&s", &summary);
  return summary;
}

static const char *
notify_body (GVariant *call)
{
  const char *body = NULL;

  g_variant_get_child (call, 4, "&s", &body);
  return body;
}

/* A server window of the registered application, listening on 127.0.0.1
 * and a free port, with one raw client connected. */
typedef struct
{
  TcServerWindow *window;
  TcServer       *server;
  TcLineNotifier *notifier;
  TcRawPeer      *peer;
  char           *peer_label;  /* as the server sees the client */
} ServerFixture;

static void
server_fixture_setup (ServerFixture *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  reset_all_settings ();
  service_reset ();

  fixture->window = TC_SERVER_WINDOW (activate_new_window (server_application));
  fixture->server = tc_server_window_get_server (fixture->window);
  fixture->notifier = tc_server_window_get_notifier (fixture->window);

  tc_server_window_set_listen_address (fixture->window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (fixture->server), WAIT_MS);

  fixture->peer = tc_raw_peer_connect (context (), tc_server_get_port (fixture->server), 0,
                                       TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (fixture->server) == 1, WAIT_MS);
  local = g_socket_get_local_address (fixture->peer->socket, &error);
  g_assert_no_error (error);
  fixture->peer_label = tc_socket_address_format (local);
}

static void
server_fixture_teardown (ServerFixture *fixture,
                         gconstpointer  data)
{
  g_clear_pointer (&fixture->peer, tc_raw_peer_free);
  g_clear_pointer (&fixture->peer_label, g_free);
  close_window (GTK_WINDOW (fixture->window));
  tc_test_drain (context ());
  reset_all_settings ();
}

/* Sends @line from the client and waits until the window logged it, as
 * received; its notification, if any, is then on its way. */
static void
peer_send_line (ServerFixture *fixture,
                const char    *line,
                const char    *logged)
{
  g_autofree char *with_newline = g_strconcat (line, "\n", NULL);
  TcLogModel *log = tc_server_window_get_log_model (fixture->window);

  tc_raw_peer_send_all (fixture->peer, with_newline, strlen (with_newline), WAIT_MS);
  TC_WAIT_UNTIL (context (),
                 tc_gui_test_log_has (log, TC_LOG_DIRECTION_RECEIVED, logged, FALSE),
                 WAIT_MS);
}

static GDBusConnection *
bus (void)
{
  return g_application_get_dbus_connection (G_APPLICATION (server_application));
}

/* Waits until the service has had @n Notify calls and GLib has handled the
 * answers: GLib withdraws a notification only once it knows the id the
 * service gave it (before, it just forgets it). */
static void
wait_for_notify (guint n)
{
  TC_WAIT_UNTIL (context (), service_n_notify () >= n, WAIT_MS);
  service_round_trip (bus ());
}

static void
assert_no_notify_sent (guint n_expected)
{
  service_round_trip (bus ());
  g_assert_cmpuint (service_n_notify (), ==, n_expected);
}

/* Tests */

/* A line while the window is in the background reaches the notification
 * service as a Notify call with who sent it and what, made safe to show;
 * the window getting the focus takes the notification back. */
static void
test_server_notify (ServerFixture *fixture,
                    gconstpointer  data)
{
  GVariant *call;
  const char *app_name, *app_icon, *summary, *body;
  g_autoptr(GVariant) actions = NULL;
  g_autoptr(GVariant) hints = NULL;
  g_autofree char *expected_summary = NULL;
  g_autofree char *printed = NULL;
  const char *desktop_entry = NULL;
  const char *default_action = NULL;
  guint32 replaces_id;
  gint32 expire_timeout;
  guint32 id;

  focus_elsewhere (GTK_WINDOW (fixture->window));

  /* An escape sequence and a byte that is not UTF-8 arrive as visible
   * characters: U+241B for ESC, \xFF for the byte. */
  peer_send_line (fixture, "hello \033[31mred\xff", "hello \\e[31mred\\xFF");
  wait_for_notify (1);

  call = service_notify_call (0, &id);
  printed = g_variant_print (call, FALSE);
  g_test_message ("Notify%s", printed);
  g_variant_get (call, "(&su&s&s&s@as@a{sv}i)", &app_name, &replaces_id, &app_icon,
                 &summary, &body, &actions, &hints, &expire_timeout);
  expected_summary = g_strdup_printf ("New line from %s", fixture->peer_label);
  g_assert_cmpstr (summary, ==, expected_summary);
  g_assert_cmpstr (body, ==, "hello \\e[31mred\\xFF");
  g_assert_true (g_utf8_validate (body, -1, NULL));
  g_assert_null (strchr (body, '\033'));
  g_assert_cmpuint (replaces_id, ==, 0);

  /* The desktop knows the program, and a click has something to do. */
  g_assert_true (g_variant_lookup (hints, "desktop-entry", "&s", &desktop_entry));
  g_assert_cmpstr (desktop_entry, ==, SERVER_APP_ID);
  g_assert_cmpuint (g_variant_n_children (actions), >=, 2);
  g_variant_get_child (actions, 0, "&s", &default_action);
  g_assert_cmpstr (default_action, ==, "default");

  g_assert_true (tc_line_notifier_get_shown (fixture->notifier));
  g_assert_cmpstr (tc_line_notifier_get_title (fixture->notifier), ==, expected_summary);

  /* Back to the window: the notification is withdrawn. */
  focus_window (GTK_WINDOW (fixture->window));
  TC_WAIT_UNTIL (context (), service_closed (id), WAIT_MS);
  g_assert_false (tc_line_notifier_get_shown (fixture->notifier));
  g_assert_cmpuint (service_n_notify (), ==, 1);
}

/* Lines that come in during the interval are summed up in the next one.
 * The service does not claim "body-markup", so the text goes as it is. */
static void
test_server_summed_up (ServerFixture *fixture,
                       gconstpointer  data)
{
  static const char lines[] = "one\ntwo\n<b>three</b> & more\n";
  g_autofree char *expected = NULL;
  GVariant *call;

  tc_line_notifier_set_interval (fixture->notifier, 300);
  focus_elsewhere (GTK_WINDOW (fixture->window));

  /* In one write, so all three arrive before the interval can end. */
  tc_raw_peer_send_all (fixture->peer, lines, strlen (lines), WAIT_MS);
  wait_for_notify (1);
  call = service_notify_call (0, NULL);
  expected = g_strdup_printf ("New line from %s", fixture->peer_label);
  g_assert_cmpstr (notify_summary (call), ==, expected);
  g_assert_cmpstr (notify_body (call), ==, "one");
  g_clear_pointer (&expected, g_free);

  wait_for_notify (2);
  call = service_notify_call (1, NULL);
  expected = g_strdup_printf ("3 new lines from %s", fixture->peer_label);
  g_assert_cmpstr (notify_summary (call), ==, expected);
  g_assert_cmpstr (notify_body (call), ==, "<b>three</b> & more");
}

/* A service that claims "body-markup" reads the body as markup: a peer's
 * "<b>" and "&" reach it escaped, so that it shows them as they were. */
static void
markup_fixture_setup (ServerFixture *fixture,
                      gconstpointer  data)
{
  service.body_markup = TRUE;
  server_fixture_setup (fixture, data);
}

static void
markup_fixture_teardown (ServerFixture *fixture,
                         gconstpointer  data)
{
  service.body_markup = FALSE;
  server_fixture_teardown (fixture, data);
}

static void
test_server_body_markup (ServerFixture *fixture,
                         gconstpointer  data)
{
  focus_elsewhere (GTK_WINDOW (fixture->window));

  peer_send_line (fixture, "<b>x</b> & &amp; <i", "<b>x</b> & &amp; <i");
  wait_for_notify (1);

  g_assert_cmpstr (notify_body (service_notify_call (0, NULL)), ==,
                   "&lt;b&gt;x&lt;/b&gt; &amp; &amp;amp; &lt;i");
  /* What the window itself keeps is the text as it came. */
  g_assert_cmpstr (tc_line_notifier_get_body (fixture->notifier), ==, "<b>x</b> & &amp; <i");
}

/* Lines from nobody known (a peer without an address) say so plainly,
 * never "New line from " with nothing after it. */
static void
test_server_no_peer (ServerFixture *fixture,
                     gconstpointer  data)
{
  tc_line_notifier_set_interval (fixture->notifier, 300);
  focus_elsewhere (GTK_WINDOW (fixture->window));

  tc_line_notifier_line_received (fixture->notifier, NULL, "one");
  tc_line_notifier_line_received (fixture->notifier, "", "two");
  wait_for_notify (2);
  g_assert_cmpstr (notify_summary (service_notify_call (0, NULL)), ==, "New line");
  g_assert_cmpstr (notify_body (service_notify_call (0, NULL)), ==, "one");
  g_assert_cmpstr (notify_summary (service_notify_call (1, NULL)), ==, "2 new lines");
  g_assert_cmpstr (notify_body (service_notify_call (1, NULL)), ==, "two");
}

/* With notifications turned off in the settings, nothing reaches the
 * service; turned back on, the next line does. */
static void
test_server_toggle_off (ServerFixture *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = tc_settings_new (SERVER_APP_ID);
  guint32 id;

  focus_elsewhere (GTK_WINDOW (fixture->window));

  peer_send_line (fixture, "before", "before");
  wait_for_notify (1);
  service_notify_call (0, &id);

  /* Turning them off takes back the one shown. */
  g_settings_set_boolean (settings, "notify", FALSE);
  g_assert_false (tc_line_notifier_get_enabled (fixture->notifier));
  TC_WAIT_UNTIL (context (), service_closed (id), WAIT_MS);

  peer_send_line (fixture, "while off", "while off");
  peer_send_line (fixture, "still off", "still off");
  assert_no_notify_sent (1);
  g_assert_false (tc_line_notifier_get_shown (fixture->notifier));

  g_settings_set_boolean (settings, "notify", TRUE);
  peer_send_line (fixture, "back on", "back on");
  wait_for_notify (2);
  g_assert_cmpstr (notify_body (service_notify_call (1, NULL)), ==, "back on");
}

/* A person looking at the window needs no notification. */
static void
test_server_active_window (ServerFixture *fixture,
                           gconstpointer  data)
{
  focus_window (GTK_WINDOW (fixture->window));

  peer_send_line (fixture, "seen", "seen");
  peer_send_line (fixture, "seen too", "seen too");
  assert_no_notify_sent (0);
  g_assert_cmpuint (tc_line_notifier_get_n_sent (fixture->notifier), ==, 0);

  /* The same window in the background: notified. */
  focus_elsewhere (GTK_WINDOW (fixture->window));
  peer_send_line (fixture, "unseen", "unseen");
  wait_for_notify (1);
  g_assert_cmpstr (notify_body (service_notify_call (0, NULL)), ==, "unseen");
}

/* Clicking the notification brings its window to the front. */
static void
test_server_click (ServerFixture *fixture,
                   gconstpointer  data)
{
  guint32 id;

  focus_elsewhere (GTK_WINDOW (fixture->window));
  peer_send_line (fixture, "click me", "click me");
  wait_for_notify (1);
  service_notify_call (0, &id);

  service_invoke_action (id, "default");
  TC_WAIT_UNTIL (context (), gtk_window_is_active (GTK_WINDOW (fixture->window)), WAIT_MS);
  g_assert_false (tc_line_notifier_get_shown (fixture->notifier));
  g_assert_cmpuint (tc_line_notifier_get_n_unseen (fixture->notifier), ==, 0);
}

/* The client: a line from the server while its window is in the
 * background. */
static void
test_client_notify (void)
{
  g_autoptr(TcServer) server = tc_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *printed = NULL;
  TcClientWindow *window;
  GVariant *call;
  const char *desktop_entry = NULL;
  g_autoptr(GVariant) hints = NULL;

  reset_all_settings ();
  service_reset ();
  tc_server_listen (server, "127.0.0.1", 0, &error);
  g_assert_no_error (error);

  window = TC_CLIENT_WINDOW (activate_new_window (client_application));
  tc_client_window_connect_to (window, "127.0.0.1", tc_server_get_port (server));
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  focus_elsewhere (GTK_WINDOW (window));

  tc_server_broadcast (server, "from the server\tto you", -1, &error);
  g_assert_no_error (error);
  wait_for_notify (1);

  call = service_notify_call (0, NULL);
  printed = g_variant_print (call, FALSE);
  g_test_message ("Notify%s", printed);
  expected = g_strdup_printf ("New line from 127.0.0.1:%u", tc_server_get_port (server));
  g_assert_cmpstr (notify_summary (call), ==, expected);
  g_assert_cmpstr (notify_body (call), ==, "from the server\\tto you");
  hints = g_variant_get_child_value (call, 6);
  g_assert_true (g_variant_lookup (hints, "desktop-entry", "&s", &desktop_entry));
  g_assert_cmpstr (desktop_entry, ==, CLIENT_APP_ID);

  close_window (GTK_WINDOW (window));
  tc_server_stop (server);
  tc_test_drain (context ());
  reset_all_settings ();
}

static void
ping_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Returns once the bus answered everything sent before on the application's
 * connection: the bus itself answers a call to a name nobody owns, and
 * GLib warns when that answer arrives. */
static void
bus_round_trip (void)
{
  gboolean done = FALSE;

  g_dbus_connection_call (bus (), "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                          G_DBUS_CALL_FLAGS_NONE, WAIT_MS, NULL, ping_cb, &done);
  TC_WAIT_UNTIL (context (), done, WAIT_MS);
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* A notification service that leaves the bus (and cannot be started
 * again) takes notifications with it: nothing is sent to nobody, which
 * GLib would warn about each time; its coming back brings them back. */
static void
test_server_service_gone (ServerFixture *fixture,
                          gconstpointer  data)
{
  gboolean gone = FALSE;
  guint watch;

  tc_line_notifier_set_interval (fixture->notifier, 200);
  focus_elsewhere (GTK_WINDOW (fixture->window));

  /* The application watched the name first, so it hears of the change
   * first on the same connection. */
  watch = g_bus_watch_name_on_connection (bus (), NOTIFICATIONS_NAME,
                                          G_BUS_NAME_WATCHER_FLAGS_NONE, NULL,
                                          name_vanished_cb, &gone, NULL);
  service_release_name ();
  TC_WAIT_UNTIL (context (), gone, WAIT_MS);
  g_bus_unwatch_name (watch);
  tc_test_drain (context ());

  /* Sending now would make GLib warn, fatally here. */
  g_assert_false (tc_desktop_can_notify (G_APPLICATION (server_application)));

  peer_send_line (fixture, "nobody listens", "nobody listens");
  bus_round_trip ();
  g_assert_cmpuint (service_n_notify (), ==, 0);

  g_assert_true (service_own_name ());
  TC_WAIT_UNTIL (context (), tc_desktop_can_notify (G_APPLICATION (server_application)),
                 WAIT_MS);
  peer_send_line (fixture, "someone listens", "someone listens");
  wait_for_notify (1);
  g_assert_cmpstr (notify_body (service_notify_call (0, NULL)), ==, "someone listens");
}

static void
test_no_session_bus (void)
{
  tc_gui_test_missing ("No session bus of our own: run under dbus-run-session");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkApplication) server_app = NULL;
  g_autoptr(GtkApplication) client_app = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* GLib's freedesktop.org backend, the one that speaks to the service;
   * the portal and org.gtk.Notifications ones are for other desktops. */
  g_setenv ("GNOTIFICATION_BACKEND", "freedesktop", TRUE);
  g_unsetenv ("GTK_USE_PORTAL");
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/notifications/display"))
    return g_test_run ();

  if (!service_start (&error))
    {
      g_test_message ("%s", error->message);
      service_stop ();
      g_test_add_func ("/notifications/session-bus", test_no_session_bus);
      return g_test_run ();
    }

  server_app = GTK_APPLICATION (tc_server_application_new ());
  server_application = register_application (server_app);
  client_app = GTK_APPLICATION (tc_client_application_new ());
  client_application = register_application (client_app);

  g_test_add ("/notifications/server/notify", ServerFixture, NULL,
              server_fixture_setup, test_server_notify, server_fixture_teardown);
  g_test_add ("/notifications/server/summed-up", ServerFixture, NULL,
              server_fixture_setup, test_server_summed_up, server_fixture_teardown);
  g_test_add ("/notifications/server/body-markup", ServerFixture, NULL,
              markup_fixture_setup, test_server_body_markup, markup_fixture_teardown);
  g_test_add ("/notifications/server/no-peer", ServerFixture, NULL,
              server_fixture_setup, test_server_no_peer, server_fixture_teardown);
  g_test_add ("/notifications/server/toggle-off", ServerFixture, NULL,
              server_fixture_setup, test_server_toggle_off, server_fixture_teardown);
  g_test_add ("/notifications/server/active-window", ServerFixture, NULL,
              server_fixture_setup, test_server_active_window, server_fixture_teardown);
  g_test_add ("/notifications/server/click", ServerFixture, NULL,
              server_fixture_setup, test_server_click, server_fixture_teardown);
  g_test_add ("/notifications/server/service-gone", ServerFixture, NULL,
              server_fixture_setup, test_server_service_gone, server_fixture_teardown);
  g_test_add_func ("/notifications/client/notify", test_client_notify);

  status = g_test_run ();

  g_clear_pointer (&other_window, gtk_window_destroy);
  tc_test_drain (context ());
  service_stop ();

  return status;
}
