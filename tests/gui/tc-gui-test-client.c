/* tc-gui-test-client.c: a client window set up, connected and closed as the window tests do
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-gui-test-client.h"

#include "tc-gui-test-util.h"
#include "tc-test-util.h"

/* A guard only: connecting on loopback takes milliseconds. */
#define WAIT_MS 30000

/**
 * tc_gui_test_client_window_new:
 *
 * Returns: (transfer full): a client window with the settings' defaults,
 *   shown
 */
TcClientWindow *
tc_gui_test_client_window_new (void)
{
  TcClientWindow *window;

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  window = g_object_ref_sink (tc_client_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Connects @window to @server, which has no client yet, as Connect does,
 * and waits until the server counts it and the send box can send. */
void
tc_gui_test_client_window_connect (TcClientWindow *window,
                                   TcServer       *server)
{
  TcSendBox *send_box = tc_client_window_get_send_box (window);

  tc_client_window_set_host (window, "127.0.0.1");
  tc_client_window_set_port (window, tc_server_get_port (server));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL));
  TC_WAIT_UNTIL (g_main_context_default (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  TC_WAIT_UNTIL (g_main_context_default (), tc_send_box_get_can_send (send_box), WAIT_MS);
}

/* Closes the window, checks that nothing else keeps it alive, and puts the
 * settings back for the next test. */
void
tc_gui_test_client_window_close (TcClientWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (g_main_context_default (), window);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}
