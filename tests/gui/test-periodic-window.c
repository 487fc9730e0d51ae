/* test-periodic-window.c: the send box's message sent every N ms from both windows, counted,
 * stopped by hand and by a disconnect, over real sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-client.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-periodic-panel.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  TcServerWindow  *window;
  TcSendBox       *send_box;
  TcPeriodicPanel *panel;
  TcRawPeer       *peer;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static TcPeriodicPanel *
find_panel (GtkWidget *window)
{
  GtkWidget *panel = tc_gui_test_find_widget (window, TC_TYPE_PERIODIC_PANEL, NULL);

  g_assert_nonnull (panel);
  return TC_PERIODIC_PANEL (panel);
}

static guint
count_text (GString    *text,
            const char *needle)
{
  guint n = 0;

  for (const char *p = text->str; (p = strstr (p, needle)) != NULL; p += strlen (needle))
    n++;
  return n;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = tc_gui_test_server_window_new ();
  f->send_box = tc_server_window_get_send_box (f->window);
  f->panel = find_panel (GTK_WIDGET (f->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f->window));

  f->peer = tc_gui_test_server_window_serve (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
}

static gboolean
enabled (Fixture    *f,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action);
}

/* A count of 25 every 2 ms, in hex mode with CRLF: 25 times the bytes,
 * each with its ending; the counter says so; Start is back. */
static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  GtkPopover *popover = tc_periodic_panel_get_popover (f->panel);

  g_assert_true (enabled (f, "periodic-start"));
  g_assert_false (enabled (f, "periodic-stop"));

  tc_send_box_set_input_mode (f->send_box, TC_SEND_MODE_HEX);
  tc_send_box_set_line_ending (f->send_box, TC_LINE_ENDING_CRLF);
  tc_gui_test_send_box_type (f->send_box, "70 69 6E 67");
  gtk_popover_popup (popover);
  TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
  tc_periodic_panel_set_every (f->panel, 2);
  tc_periodic_panel_set_count (f->panel, 25);
  tc_gui_test_save_screenshot (GTK_WIDGET (popover), "periodic-popover.png");
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "periodic-start", NULL);

  g_assert_true (tc_periodic_panel_get_running (f->panel));
  g_assert_false (enabled (f, "periodic-start"));
  g_assert_true (enabled (f, "periodic-stop"));
  TC_WAIT_UNTIL (context (), !tc_periodic_panel_get_running (f->panel), WAIT_MS);
  TC_WAIT_UNTIL (context (), count_text (f->peer->in, "ping\r\n") == 25, WAIT_MS);
  g_assert_cmpuint (f->peer->in->len, ==, 25 * 6);
  g_assert_cmpuint (tc_periodic_panel_get_sent (f->panel), ==, 25);
  g_assert_cmpstr (tc_periodic_panel_get_status (f->panel), ==, "Done: 25 messages sent");
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_EVENT,
                                                  "Done: 25 messages sent", FALSE), WAIT_MS);
  g_assert_true (enabled (f, "periodic-start"));
  g_assert_false (enabled (f, "periodic-stop"));
  /* The send box keeps its text: it can go again. */
  g_assert_cmpuint (tc_send_box_get_history_length (f->send_box), ==, 0);
}

/* Until stopped: the counter runs; Stop ends it and says so; then the
 * peer goes while another run is on: it stops and says why. */
static void
test_stop_and_disconnect (Fixture       *f,
                          gconstpointer  data)
{
  guint64 sent;

  tc_gui_test_send_box_type (f->send_box, "tick");
  tc_periodic_panel_set_every (f->panel, 5);
  tc_periodic_panel_set_count (f->panel, 0);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "periodic-start", NULL);
  TC_WAIT_UNTIL (context (), count_text (f->peer->in, "tick\n") >= 3, WAIT_MS);
  TC_WAIT_UNTIL (context (), g_str_has_prefix (tc_periodic_panel_get_status (f->panel),
                                               "Every 5 ms: ") &&
                             !g_str_has_prefix (tc_periodic_panel_get_status (f->panel),
                                                "Every 5 ms: 0 "), WAIT_MS);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "periodic-running.png");

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "periodic-stop", NULL);
  g_assert_false (tc_periodic_panel_get_running (f->panel));
  sent = tc_periodic_panel_get_sent (f->panel);
  g_assert_cmpuint (sent, >=, 3);
  g_assert_true (g_str_has_prefix (tc_periodic_panel_get_status (f->panel), "Stopped after "));
  g_assert_true (g_str_has_suffix (tc_periodic_panel_get_status (f->panel), ": stopped"));
  TC_WAIT_UNTIL (context (), count_text (f->peer->in, "tick\n") == sent, WAIT_MS);
  tc_test_drain (context ());
  g_assert_cmpuint (count_text (f->peer->in, "tick\n"), ==, sent);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "periodic-start", NULL);
  g_assert_true (tc_periodic_panel_get_running (f->panel));
  TC_WAIT_UNTIL (context (), tc_periodic_panel_get_sent (f->panel) >= 2, WAIT_MS);
  tc_raw_peer_close (f->peer);
  TC_WAIT_UNTIL (context (), !tc_periodic_panel_get_running (f->panel), WAIT_MS);
  g_test_message ("%s", tc_periodic_panel_get_status (f->panel));
  g_assert_true (g_regex_match_simple ("^Stopped after \\d+ messages?: ",
                                       tc_periodic_panel_get_status (f->panel), 0, 0));
  /* Said in the log, where it stays. */
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_EVENT,
                                                  tc_periodic_panel_get_status (f->panel),
                                                  FALSE), WAIT_MS);
  g_assert_true (enabled (f, "periodic-start"));
}

/* The client window has it too, to its server; not connected, Start says
 * why nothing goes. */
static void
test_client_window (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  TcServer *server = tc_gui_test_server_start ("127.0.0.1", 0, lines, &error);
  TcClientWindow *window;
  TcPeriodicPanel *panel;
  TcSendBox *send_box;

  g_assert_no_error (error);
  window = tc_gui_test_client_window_new ();
  panel = find_panel (GTK_WIDGET (window));
  send_box = tc_client_window_get_send_box (window);

  g_action_group_activate_action (G_ACTION_GROUP (window), "periodic-start", NULL);
  g_assert_false (tc_periodic_panel_get_running (panel));
  g_assert_nonnull (strstr (tc_periodic_panel_get_status (panel), "Not connected"));

  tc_gui_test_client_window_connect (window, server);

  tc_gui_test_send_box_type (send_box, "poll");
  tc_periodic_panel_set_every (panel, 1);
  tc_periodic_panel_set_count (panel, 10);
  g_action_group_activate_action (G_ACTION_GROUP (window), "periodic-start", NULL);
  TC_WAIT_UNTIL (context (), lines->len == 10, WAIT_MS);
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, "poll");
  TC_WAIT_UNTIL (context (), !tc_periodic_panel_get_running (panel), WAIT_MS);

  tc_gui_test_client_window_close (window);
  tc_gui_test_server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/periodic-window/display"))
    return g_test_run ();

#define ADD(name, func) \
  g_test_add ("/periodic-window/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("count", test_count);
  ADD ("stop-and-disconnect", test_stop_and_disconnect);
  g_test_add_func ("/periodic-window/client-window", test_client_window);

  return g_test_run ();
}
