/* tc-gui-test-server.c: a server window set up as the window tests start from
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-gui-test-server.h"

#include "tc-gui-test-util.h"

/* A guard only: listening and connecting on loopback take milliseconds. */
#define WAIT_MS 30000

/**
 * tc_gui_test_server_window_new:
 *
 * Returns: (transfer full): a server window with the settings' defaults,
 *   900×500 and shown
 */
TcServerWindow *
tc_gui_test_server_window_new (void)
{
  TcServerWindow *window;

  tc_gui_test_reset_settings (SERVER_APP_ID);
  window = g_object_ref (tc_server_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 500);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Starts the window listening on 127.0.0.1, on a free port, as Start does.
 * Returns: the port */
guint16
tc_gui_test_server_window_listen (TcServerWindow *window)
{
  TcServer *server = tc_server_window_get_server (window);

  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  TC_WAIT_UNTIL (g_main_context_default (), tc_server_is_listening (server), WAIT_MS);
  return tc_server_get_port (server);
}

/* Connects a raw peer that keeps what it reads, and waits until the
 * window's server, listening with no client yet, counts it.
 * Returns: (transfer full): the peer, for tc_raw_peer_free() */
TcRawPeer *
tc_gui_test_server_window_connect (TcServerWindow *window)
{
  TcServer *server = tc_server_window_get_server (window);
  TcRawPeer *peer = tc_raw_peer_connect (g_main_context_default (), tc_server_get_port (server),
                                         0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);

  TC_WAIT_UNTIL (g_main_context_default (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  return peer;
}

/* Starts the window listening and connects a raw peer to it, then waits
 * until the send box can send to it.
 * Returns: (transfer full): the peer, for tc_raw_peer_free() */
TcRawPeer *
tc_gui_test_server_window_serve (TcServerWindow *window)
{
  TcSendBox *send_box = tc_server_window_get_send_box (window);
  TcRawPeer *peer;

  tc_gui_test_server_window_listen (window);
  peer = tc_gui_test_server_window_connect (window);
  TC_WAIT_UNTIL (g_main_context_default (), tc_send_box_get_can_send (send_box), WAIT_MS);
  return peer;
}

/* Closes the window, its peer first when there is one, checks that nothing
 * else keeps the window alive, and puts the settings back for the next
 * test. */
void
tc_gui_test_server_window_close (TcServerWindow **window,
                                 TcRawPeer      **peer)
{
  if (peer != NULL)
    g_clear_pointer (peer, tc_raw_peer_free);
  gtk_window_destroy (GTK_WINDOW (*window));
  tc_test_assert_finalized (g_main_context_default (), g_steal_pointer (window));
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* The client row under @widget (itself included) whose title is @title. */
TcClientRow *
tc_gui_test_find_client_row (GtkWidget  *widget,
                             const char *title)
{
  if (TC_IS_CLIENT_ROW (widget) &&
      g_strcmp0 (tc_client_row_get_title (TC_CLIENT_ROW (widget)), title) == 0)
    return TC_CLIENT_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      TcClientRow *found = tc_gui_test_find_client_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}
