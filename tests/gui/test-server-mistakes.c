/* test-server-mistakes.c: the server window given wrong ports, addresses and clicks
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-error.h"
#include "tc-gui-test-util.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#ifdef __linux__
#include <grp.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#define WAIT_MS 10000
#define PRIVILEGED_PORT 80

typedef struct
{
  TcServerWindow *window;
  TcServer       *other;     /* another listener, for "port in use" */
  TcRawPeer      *peer;
} Fixture;

/* Helpers */

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static TcServer *
server (Fixture *f)
{
  return tc_server_window_get_server (f->window);
}

static TcStatusBar *
status_bar (Fixture *f)
{
  return tc_server_window_get_status_bar (f->window);
}

static const char *
segment (Fixture    *f,
         const char *id)
{
  return tc_status_bar_get_segment (status_bar (f), id);
}

static const char *
status_message (Fixture *f)
{
  return tc_gui_test_status_message (status_bar (f));
}

static gboolean
status_is_error (Fixture *f)
{
  return tc_status_bar_get_message_kind (status_bar (f)) == TC_STATUS_ERROR;
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  return tc_gui_test_win_action_enabled (GTK_WIDGET (f->window), action);
}

/* What a click, a shortcut or a menu item does: found even when disabled. */
static void
activate (Fixture    *f,
          const char *action)
{
  tc_gui_test_activate_win_action (GTK_WIDGET (f->window), action);
}

/* Text typed into the listen controls, as it stands: Start reads it. */
static void
type_address (Fixture    *f,
              const char *host,
              const char *port)
{
  gtk_editable_set_text (tc_server_window_get_address_entry (f->window), host);
  gtk_editable_set_text (GTK_EDITABLE (tc_server_window_get_port_spin (f->window)), port);
}

static guint
n_log_entries (Fixture *f)
{
  return tc_gui_test_log_n_entries (tc_server_window_get_log_model (f->window));
}

static gboolean
log_has (Fixture        *f,
         TcLogDirection  direction,
         const char     *text,
         gboolean        contains)
{
  return tc_gui_test_log_has (tc_server_window_get_log_model (f->window), direction, text,
                              contains);
}

/* Start failed: a plain error in the status bar, the same in the log, and
 * the window ready for another try. */
static void
assert_start_refused (Fixture    *f,
                      const char *needle)
{
  g_autofree char *message = g_strdup (status_message (f));

  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_cmpstr (segment (f, "listen"), ==, "Not listening");
  g_assert_true (status_is_error (f));
  g_assert_nonnull (strstr (message, needle));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_ERROR, message, FALSE));
  g_assert_true (action_enabled (f, "start"));
  g_assert_false (action_enabled (f, "stop"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (tc_server_window_get_port_spin (f->window))));
  g_assert_false (tc_send_box_get_can_send (tc_server_window_get_send_box (f->window)));
}

/* Listening: the real port in the listen segment, the status bar and the
 * log. Returns the port. */
static guint16
assert_listening (Fixture    *f,
                  const char *host)
{
  g_autofree char *label = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  g_assert_true (tc_server_is_listening (server (f)));
  port = tc_server_get_port (server (f));
  g_assert_cmpuint (port, !=, 0);
  label = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]:%u", host, port)
                                     : g_strdup_printf ("%s:%u", host, port);
  expected = g_strdup_printf ("Listening on %s", label);
  g_assert_cmpstr (tc_server_get_listen_label (server (f)), ==, label);
  g_assert_cmpstr (segment (f, "listen"), ==, expected);
  g_assert_cmpstr (status_message (f), ==, expected);
  g_assert_false (status_is_error (f));
  g_assert_true (log_has (f, TC_LOG_DIRECTION_EVENT, expected, FALSE));
  g_assert_false (action_enabled (f, "start"));
  g_assert_true (action_enabled (f, "stop"));

  return port;
}

static void
stop (Fixture *f)
{
  activate (f, "stop");
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_cmpstr (segment (f, "listen"), ==, "Not listening");
  g_assert_true (action_enabled (f, "start"));
}

/* A plain blocking connect to prove something listens there. */
static void
assert_accepts (Fixture    *f,
                const char *host,
                guint16     port)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (host);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, port);
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);
  g_socket_close (socket, NULL);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
}

static gboolean
ipv6_loopback_works (void)
{
  g_autoptr(TcServer) probe = tc_server_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok = tc_server_listen (probe, "::1", 0, &error);

  if (!ok)
    g_test_message ("no IPv6 loopback here: %s", error->message);
  tc_server_stop (probe);
  tc_test_drain (context ());

  return ok;
}

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->peer, tc_raw_peer_free);
  if (f->other != NULL)
    {
      tc_server_stop (f->other);
      g_clear_object (&f->other);
    }
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
}

/* Tests */

/* A port the field cannot take is said at the field (the "error" style,
 * the message as its tooltip), in the status bar and the log, and nothing
 * listens; never clamped into range. Typing again clears the mark. */
static void
test_port_spin (Fixture       *f,
                gconstpointer  data)
{
  GtkSpinButton *spin = tc_server_window_get_port_spin (f->window);
  static const struct {
    const char *typed;
    const char *message;
  } cases[] = {
    { "99999", "Port 99999 is out of range: give a number from 0 to 65535" },
    { "65536", "Port 65536 is out of range: give a number from 0 to 65535" },
    { "99999999999999999999", "Port 99999999999999999999 is out of range" },
    { "-1", "Port \"-1\" is not a number" },
    /* Letters cannot be typed at all (a numeric spin button): it is empty. */
    { "abc", "The port is empty" },
    { "", "The port is empty" },
  };
  g_autofree char *tooltip = g_strdup (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("port typed: \"%s\"", cases[i].typed);
      gtk_spin_button_set_value (spin, 4321);
      type_address (f, "127.0.0.1", cases[i].typed);
      activate (f, "start");

      assert_start_refused (f, cases[i].message);
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)),
                                cases[i].message));
      g_assert_cmpstr (tc_port_field_get_error (spin), ==, status_message (f));
      /* What was typed stays to be corrected; the value is not clamped. */
      g_assert_null (strpbrk (gtk_editable_get_text (GTK_EDITABLE (spin)), "abc"));
      if (cases[i].typed[0] != 'a')
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, cases[i].typed);
      g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 4321);
      /* Enter in the field says the same, and still does nothing. */
      g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (spin)), "activate");
      assert_start_refused (f, cases[i].message);
    }

  /* Typing a port clears the mark, and Start listens there. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "0");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (spin)), ==, tooltip);
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
  g_assert_null (tc_port_field_get_error (spin));
  stop (f);

  /* A port set from elsewhere (settings, --listen) replaces a bad text. */
  type_address (f, "127.0.0.1", "70000");
  activate (f, "start");
  assert_start_refused (f, "Port 70000 is out of range");
  tc_server_window_set_listen_address (f->window, "127.0.0.1", 0);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "0");
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
  stop (f);
}

/* Port 0 means "any free port": the window shows the one it got. */
static void
test_port_zero (Fixture       *f,
                gconstpointer  data)
{
  guint16 port;

  type_address (f, "127.0.0.1", "0");
  activate (f, "start");
  port = assert_listening (f, "127.0.0.1");
  assert_accepts (f, "127.0.0.1", port);
  stop (f);

  /* Again: another free port, no leftovers. */
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
  stop (f);
}

static void
test_bad_address (Fixture       *f,
                  gconstpointer  data)
{
  static const struct {
    const char *typed;
    const char *needle;
  } cases[] = {
    { "", "Enter an address to listen on" },
    { "   ", "Enter an address to listen on" },
    { "\t", "Enter an address to listen on" },
    { "not an address", "\"not an address\" is not an IP address" },
    { "127.0.0.1 8080", "\"127.0.0.1 8080\" is not an IP address" },
    { "127.0. 0.1", "\"127.0. 0.1\" is not an IP address" },
    { "127.0.0.1:8080", "\"127.0.0.1:8080\" is not an IP address" },
    { "1.2.3.4.5", "\"1.2.3.4.5\" is not an IP address" },
    { "256.0.0.1", "\"256.0.0.1\" is not an IP address" },
    { "example.org", "\"example.org\" is not an IP address" },
    { "[::1]:10000", "\"[::1]:10000\" is not an IP address" },
    { "[::1", "\"[::1\" is not an IP address" },
    { "::1]", "\"::1]\" is not an IP address" },
    { "[]", "Enter an address to listen on" },
    { "[127.0.0.1]", "" },
    { "١٢٧.٠.٠.١", "is not an IP address" },
    { "%s%n%x", "\"%s%n%x\" is not an IP address" },
  };
  g_autofree char *long_text = g_strnfill (2000, 'x');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("address typed: \"%s\"", cases[i].typed);
      type_address (f, cases[i].typed, "0");
      activate (f, "start");
      g_test_message ("  -> %s", status_message (f));
      if (tc_server_is_listening (server (f)))
        {
          /* "[127.0.0.1]": brackets around an address are forgiven. */
          g_assert_cmpstr (cases[i].typed, ==, "[127.0.0.1]");
          assert_listening (f, "127.0.0.1");
          stop (f);
          continue;
        }
      assert_start_refused (f, cases[i].needle);
    }

  /* A very long text: still one plain message, naming what was typed. */
  type_address (f, long_text, "0");
  activate (f, "start");
  assert_start_refused (f, "is not an IP address");

  /* Surrounding spaces are forgiven; "localhost" is the loopback. */
  type_address (f, "  127.0.0.1  ", "0");
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
  stop (f);
  type_address (f, "localhost", "0");
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
  stop (f);
}

/* An IPv6 literal with and without brackets. */
static void
test_ipv6 (Fixture       *f,
           gconstpointer  data)
{
  static const char *typed[] = { "::1", "[::1]", " [::1] ", "0:0:0:0:0:0:0:1" };
  gboolean works = ipv6_loopback_works ();

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_test_message ("address typed: \"%s\"", typed[i]);
      type_address (f, typed[i], "0");
      activate (f, "start");
      if (works)
        {
          guint16 port = assert_listening (f, "::1");

          assert_accepts (f, "::1", port);
          stop (f);
        }
      else
        {
          assert_start_refused (f, "::1");
        }
    }
}

static void
test_port_in_use (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  g_autofree char *expected = NULL;
  guint16 port;

  f->other = tc_server_new ();
  tc_server_listen (f->other, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  port = tc_server_get_port (f->other);
  port_text = g_strdup_printf ("%u", port);
  expected = g_strdup_printf ("Port %u is already in use on 127.0.0.1: another program is "
                              "listening there. Stop it or choose another port", port);

  type_address (f, "127.0.0.1", port_text);
  activate (f, "start");
  assert_start_refused (f, expected);
  g_assert_cmpstr (status_message (f), ==, expected);

  /* Trying again changes nothing, and says so again. */
  activate (f, "start");
  assert_start_refused (f, expected);

  /* Once the other one is gone, the same port works. */
  tc_server_stop (f->other);
  g_clear_object (&f->other);
  tc_test_drain (context ());
  activate (f, "start");
  g_assert_cmpuint (assert_listening (f, "127.0.0.1"), ==, port);
  stop (f);

  /* Someone on every address holds the port too. */
  f->other = tc_server_new ();
  tc_server_listen (f->other, "0.0.0.0", 0, &error);
  g_assert_no_error (error);
  g_free (port_text);
  port_text = g_strdup_printf ("%u", tc_server_get_port (f->other));
  type_address (f, "127.0.0.1", port_text);
  activate (f, "start");
  assert_start_refused (f, "already in use");
  g_assert_nonnull (strstr (status_message (f), port_text));
}

/* TEST-NET addresses: never on this machine, never bound, never reached. */
static void
test_not_local (Fixture       *f,
                gconstpointer  data)
{
  static const char *typed[] = { "192.0.2.1", "198.51.100.7", "2001:db8::1", "[2001:db8::1]" };

  for (guint i = 0; i < G_N_ELEMENTS (typed); i++)
    {
      g_autofree char *bare = g_strdup (typed[i] + (typed[i][0] == '[' ? 1 : 0));
      g_autofree char *expected = NULL;

      if (bare[strlen (bare) - 1] == ']')
        bare[strlen (bare) - 1] = '\0';
      expected = g_strdup_printf ("%s is not an address of this machine", bare);
      type_address (f, typed[i], "0");
      activate (f, "start");
      assert_start_refused (f, expected);
    }
}

/* Privileged port: as root this process may bind it, so the library's
 * error is checked in a child that gives up root, and the window's in
 * this process with the one capability that allows it set aside. */

static gboolean
privileged_ports_exist (void)
{
  g_autofree char *text = NULL;

  if (!g_file_get_contents ("/proc/sys/net/ipv4/ip_unprivileged_port_start", &text, NULL, NULL))
    return TRUE;
  return g_ascii_strtoull (text, NULL, 10) > PRIVILEGED_PORT;
}

static char *
expected_privileged_message (void)
{
  return g_strdup_printf ("Port %u needs administrator rights: ports below 1024 are "
                          "privileged. Choose a port from 1024 up", PRIVILEGED_PORT);
}

static void
test_privileged_library (void)
{
  if (!privileged_ports_exist ())
    {
      g_test_skip ("every port is unprivileged on this machine");
      return;
    }

  if (g_test_subprocess ())
    {
      g_autoptr(TcServer) unprivileged = tc_server_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = expected_privileged_message ();

#ifdef __linux__
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setgid (65534), ==, 0);
          g_assert_cmpint (setuid (65534), ==, 0);
        }
      g_assert_cmpint (geteuid (), !=, 0);
#endif
      g_assert_false (tc_server_listen (unprivileged, "127.0.0.1", PRIVILEGED_PORT, &error));
      g_assert_error (error, TC_ERROR, TC_ERROR_PERMISSION_DENIED);
      g_assert_cmpstr (error->message, ==, expected);
      g_assert_false (tc_server_is_listening (unprivileged));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

#ifdef __linux__
/* Removes (or puts back) CAP_NET_BIND_SERVICE from this thread's effective
 * set: binds from this thread then fail with EACCES like anyone's. */
static gboolean
set_bind_capability (gboolean enabled)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];

  if (syscall (SYS_capget, &header, caps) != 0)
    return FALSE;
  if (enabled)
    caps[CAP_TO_INDEX (CAP_NET_BIND_SERVICE)].effective |= CAP_TO_MASK (CAP_NET_BIND_SERVICE);
  else
    caps[CAP_TO_INDEX (CAP_NET_BIND_SERVICE)].effective &= ~CAP_TO_MASK (CAP_NET_BIND_SERVICE);

  return syscall (SYS_capset, &header, caps) == 0;
}
#else
static gboolean
set_bind_capability (gboolean enabled)
{
  return !enabled;
}
#endif

static void
test_privileged_window (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TcServer) probe = tc_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = g_strdup_printf ("%u", PRIVILEGED_PORT);
  g_autofree char *expected = NULL;
  gboolean dropped;

  if (!privileged_ports_exist ())
    {
      g_test_skip ("every port is unprivileged on this machine");
      return;
    }

  dropped = set_bind_capability (FALSE);
  if (dropped && !tc_server_listen (probe, "127.0.0.1", PRIVILEGED_PORT, &error) &&
      g_error_matches (error, TC_ERROR, TC_ERROR_PERMISSION_DENIED))
    {
      expected = expected_privileged_message ();
      g_assert_cmpstr (error->message, ==, expected);
      g_test_message ("binding port %u fails with EACCES here: the window must say so",
                      PRIVILEGED_PORT);

      type_address (f, "127.0.0.1", port_text);
      activate (f, "start");
      set_bind_capability (TRUE);
      assert_start_refused (f, expected);
      g_assert_cmpstr (status_message (f), ==, expected);
      return;
    }

  /* The window could not be made to meet EACCES: the same message path
   * with another listen error, checked message for message. */
  if (dropped)
    set_bind_capability (TRUE);
  tc_server_stop (probe);
  g_clear_error (&error);
  g_test_message ("could not make binding port %u fail here: "
                  "checking the message path with \"address in use\"", PRIVILEGED_PORT);
  f->other = tc_server_new ();
  tc_server_listen (f->other, "127.0.0.1", 0, &error);
  g_assert_no_error (error);
  g_free (port_text);
  port_text = g_strdup_printf ("%u", tc_server_get_port (f->other));
  g_assert_false (tc_server_listen (probe, "127.0.0.1", tc_server_get_port (f->other), &error));
  type_address (f, "127.0.0.1", port_text);
  activate (f, "start");
  assert_start_refused (f, error->message);
  g_assert_cmpstr (status_message (f), ==, error->message);
}

/* Every action at every wrong moment: disabled, or harmless. */
static void
test_wrong_moments (Fixture       *f,
                    gconstpointer  data)
{
  TcSendBox *send_box = tc_server_window_get_send_box (f->window);
  GtkTextView *entry = tc_send_box_get_view (send_box);
  GtkSingleSelection *selection = tc_server_window_get_clients_selection (f->window);
  g_autofree char *message = NULL;
  guint16 port;
  guint n;

  /* Not listening: Stop and Disconnect are disabled and do nothing. */
  g_assert_false (action_enabled (f, "stop"));
  g_assert_false (action_enabled (f, "disconnect"));
  message = g_strdup (status_message (f));
  n = n_log_entries (f);
  activate (f, "stop");
  activate (f, "disconnect");
  activate (f, "select-all-clients");
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_cmpuint (n_log_entries (f), ==, n);
  g_assert_cmpstr (status_message (f), ==, message);
  /* Clear with nothing much to clear. */
  activate (f, "clear");
  activate (f, "clear");
  g_assert_cmpuint (n_log_entries (f), ==, 0);

  /* Send while not listening: disabled, with the reason. */
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_nonnull (strstr (tc_send_box_get_disabled_reason (send_box), "Not listening"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (GTK_WIDGET (entry)), ==,
                   tc_send_box_get_disabled_reason (send_box));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_send_box_get_button (send_box))));
  tc_gui_test_send_box_enter (send_box, "into the void");
  tc_send_box_send (send_box);
  tc_send_box_set_text (send_box, "one\ntwo\n");
  tc_send_box_send (send_box);
  g_signal_emit_by_name (tc_send_box_get_button (send_box), "clicked");
  g_assert_false (log_has (f, TC_LOG_DIRECTION_SENT, "", TRUE));

  /* Start twice: the second is disabled, and ignored when forced. */
  type_address (f, "127.0.0.1", "0");
  activate (f, "start");
  port = assert_listening (f, "127.0.0.1");
  g_assert_false (action_enabled (f, "start"));
  n = n_log_entries (f);
  activate (f, "start");
  tc_server_window_start (f->window);
  g_signal_emit_by_name (tc_server_window_get_address_entry (f->window), "activate");
  g_assert_true (tc_server_is_listening (server (f)));
  g_assert_cmpuint (tc_server_get_port (server (f)), ==, port);
  g_assert_cmpuint (n_log_entries (f), ==, n);
  g_assert_false (status_is_error (f));

  /* Listening, nobody there: Send disabled; Disconnect disabled. */
  g_assert_false (tc_send_box_get_can_send (send_box));
  g_assert_nonnull (strstr (tc_send_box_get_disabled_reason (send_box), "No client"));
  tc_gui_test_send_box_enter (send_box, "still nobody");
  g_signal_emit_by_name (tc_send_box_get_button (send_box), "clicked");
  activate (f, "disconnect");
  g_assert_false (log_has (f, TC_LOG_DIRECTION_SENT, "", TRUE));
  g_assert_true (tc_server_is_listening (server (f)));

  /* A client, nobody selected: Disconnect stays disabled and harmless. */
  f->peer = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);
  g_assert_false (action_enabled (f, "disconnect"));
  activate (f, "disconnect");
  tc_test_drain (context ());
  g_assert_cmpuint (tc_server_get_n_clients (server (f)), ==, 1);
  g_assert_false (f->peer->eof);

  /* Selected, and it goes away by itself: back to all, Disconnect and
   * Send disabled again. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  g_assert_true (action_enabled (f, "disconnect"));
  g_clear_pointer (&f->peer, tc_raw_peer_free);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  g_assert_false (action_enabled (f, "disconnect"));
  g_assert_false (tc_send_box_get_can_send (send_box));
  activate (f, "disconnect");
  g_signal_emit_by_name (tc_send_box_get_button (send_box), "clicked");
  g_assert_true (tc_server_is_listening (server (f)));

  /* Disconnect clicked twice in a row, then Send at the closing client. */
  f->peer = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection), 1, TRUE);
  g_assert_true (tc_send_box_get_can_send (send_box));
  activate (f, "disconnect");
  activate (f, "disconnect");
  tc_gui_test_send_box_enter (send_box, "too late");
  g_signal_emit_by_name (tc_send_box_get_button (send_box), "clicked");
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 0, WAIT_MS);
  TC_WAIT_UNTIL (context (), f->peer->eof, WAIT_MS);
  g_assert_null (strstr (f->peer->in->str, "too late"));
  g_assert_false (action_enabled (f, "disconnect"));
  g_clear_pointer (&f->peer, tc_raw_peer_free);

  /* Stop twice. */
  stop (f);
  activate (f, "stop");
  g_assert_false (tc_server_is_listening (server (f)));
  g_assert_false (status_is_error (f));

  /* And it still starts again. */
  activate (f, "start");
  assert_listening (f, "127.0.0.1");
}

/* A raw peer that writes lines as fast as the window takes them. */
typedef struct
{
  GString   *chunk;
  gsize      offset;
  guint64    sent;
  gboolean   failed;
} Flood;

static gboolean
flood_cb (GSocket      *socket,
          GIOCondition  condition,
          gpointer      data)
{
  Flood *flood = data;

  for (guint i = 0; i < 64; i++)
    {
      g_autoptr(GError) error = NULL;
      gssize n = g_socket_send (socket, flood->chunk->str + flood->offset,
                                flood->chunk->len - flood->offset, NULL, &error);

      if (n < 0)
        {
          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;
          flood->failed = TRUE;
          return G_SOURCE_REMOVE;
        }
      flood->sent += (guint64) n;
      flood->offset = (flood->offset + (gsize) n) % flood->chunk->len;
    }

  return G_SOURCE_CONTINUE;
}

static void
test_close_while_flooded (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TcServer) the_server = NULL;
  GSource *source;
  Flood flood = { g_string_new (NULL), 0, 0, FALSE };
  guint16 port;

  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (flood.chunk, "flood line %04u with some text after it\n", i);

  type_address (f, "127.0.0.1", "0");
  activate (f, "start");
  port = assert_listening (f, "127.0.0.1");
  f->peer = tc_raw_peer_connect (context (), port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server (f)) == 1, WAIT_MS);

  source = g_socket_create_source (f->peer->socket, G_IO_OUT, NULL);
  g_source_set_callback (source, G_SOURCE_FUNC (flood_cb), &flood, NULL);
  g_source_attach (source, context ());

  /* Mid-transfer: lines arriving, more on the way. */
  TC_WAIT_UNTIL (context (), log_has (f, TC_LOG_DIRECTION_RECEIVED, "flood line 0999", TRUE),
                 WAIT_MS);
  TC_WAIT_UNTIL (context (), flood.sent > 4 * flood.chunk->len, WAIT_MS);
  g_assert_false (flood.failed);

  the_server = g_object_ref (server (f));
  gtk_window_close (GTK_WINDOW (f->window));
  g_assert_false (tc_server_is_listening (the_server));

  /* The sender finds the connection gone; the server has nobody left. */
  TC_WAIT_UNTIL (context (), f->peer->eof || flood.failed, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (the_server) == 0, WAIT_MS);
  g_assert_false (tc_server_is_listening (the_server));

  g_source_destroy (source);
  g_source_unref (source);
  g_string_free (flood.chunk, TRUE);
  g_test_message ("%" G_GUINT64_FORMAT " bytes sent before the window closed", flood.sent);
}

#define ADD(path, func) \
  g_test_add ("/server-mistakes/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  g_test_add_func ("/server-mistakes/privileged-port-library", test_privileged_library);
  if (!tc_gui_test_init_gtk ("/server-mistakes/display"))
    return g_test_run ();

  ADD ("port-spin", test_port_spin);
  ADD ("port-zero", test_port_zero);
  ADD ("bad-address", test_bad_address);
  ADD ("ipv6", test_ipv6);
  ADD ("port-in-use", test_port_in_use);
  ADD ("not-local", test_not_local);
  ADD ("privileged-port-window", test_privileged_window);
  ADD ("wrong-moments", test_wrong_moments);
  ADD ("close-while-flooded", test_close_while_flooded);

  return g_test_run ();
}
