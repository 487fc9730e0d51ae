/* test-bytes-peers.c: both windows with peers no one here wrote: socat's binary frames, a Python GB18030 CRLF device
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tc-client-window.h"
#include "tc-gui-test-util.h"
#include "tc-log-view.h"
#include "tc-server-window.h"
#include "tc-test-child.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* Whether log holds a received entry whose bytes are data. */
static gboolean
log_has_bytes (TcLogModel *log,
               const char *data,
               gsize       len)
{
  guint n = tc_gui_test_log_n_entries (log);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);
      GBytes *bytes = tc_log_entry_get_bytes (entry);

      if (entry != NULL && tc_log_entry_get_direction (entry) == TC_LOG_DIRECTION_RECEIVED &&
          g_bytes_get_size (bytes) == len &&
          (len == 0 || memcmp (g_bytes_get_data (bytes, NULL), data, len) == 0))
        return TRUE;
    }
  return FALSE;
}

/* The text the row of the received entry whose bytes are data shows, or
 * NULL while no row shows it. */
static const char *
row_text (GtkWidget  *widget,
          const char *data,
          gsize       len)
{
  if (TC_IS_LOG_ROW (widget) && tc_log_row_get_entry (TC_LOG_ROW (widget)) != NULL)
    {
      GBytes *bytes = tc_log_entry_get_bytes (tc_log_row_get_entry (TC_LOG_ROW (widget)));

      if (g_bytes_get_size (bytes) == len &&
          (len == 0 || memcmp (g_bytes_get_data (bytes, NULL), data, len) == 0))
        return tc_log_row_get_text (TC_LOG_ROW (widget));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = row_text (child, data, len);

      if (text != NULL)
        return text;
    }
  return NULL;
}

/* The port in "PORT 40123" on the peer's stderr, once it says it. */
static guint16
peer_port (TcTestChild *peer)
{
  const char *line;

  TC_WAIT_UNTIL (context (), peer->exited || strchr (peer->err->str, '\n') != NULL, WAIT_MS);
  line = strstr (peer->err->str, "PORT ");
  g_assert_nonnull (line);
  return (guint16) g_ascii_strtoull (line + strlen ("PORT "), NULL, 10);
}

/* The server window in length:u16be framing, shown as hex, with socat as
 * its peer: socat's frames (an empty one too) are logged without their
 * prefix, and hex typed in the send box reaches socat as a frame. */
static void
test_server_window_socat_frames (void)
{
  g_autofree char *socat = tc_test_require_tool ("socat", "socat");
  g_autofree char *target = NULL;
  TcServerWindow *window;
  TcServer *server;
  TcLogModel *log;
  TcSendBox *send_box;
  TcTestChild *peer;

  if (socat == NULL)
    return;

  tc_gui_test_reset_settings (SERVER_APP_ID);
  window = g_object_ref (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  server = tc_server_window_get_server (window);
  log = tc_server_window_get_log_model (window);
  send_box = tc_server_window_get_send_box (window);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "framing",
                                      g_variant_new_string ("length:u16be"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tc_server_window_get_log_view (window)),
                                             "log.display-mode", "s", "hex"));
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server), WAIT_MS);

  target = g_strdup_printf ("TCP:127.0.0.1:%u", tc_server_get_port (server));
  peer = tc_test_child_spawn (context (), NULL, TC_TEST_CHILD_CAPTURE_STDERR,
                              (const char *[]) { socat, "-t", "10", "STDIO", target, NULL });
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (send_box), WAIT_MS);

  tc_test_child_write (peer, "\0\3\0\xFF\x01\0\0\0\1Z", 10);
  TC_WAIT_UNTIL (context (), log_has_bytes (log, "Z", 1), WAIT_MS);
  g_assert_true (log_has_bytes (log, "\0\xFF\x01", 3));
  g_assert_true (log_has_bytes (log, "", 0));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_box), "send.input-mode",
                                             "s", "hex"));
  tc_gui_test_send_box_enter (send_box, "41 42 0A");
  TC_WAIT_UNTIL (context (), peer->out->len >= 5, WAIT_MS);
  g_assert_cmpmem (peer->out->str, peer->out->len, "\0\3AB\n", 5);

  tc_test_child_close_stdin (peer);
  g_assert_cmpint (tc_test_child_wait (peer, WAIT_MS), ==, 0);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 0, WAIT_MS);
  tc_test_child_free (peer);
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_drain (context ());
  g_object_unref (window);
  tc_gui_test_reset_settings (SERVER_APP_ID);
}

/* The client window in GB18030 with CRLF line endings, against a Python
 * device that speaks them: its lines show decoded and marked CRLF, and a
 * typed line reaches it converted, CRLF ended. */
static void
test_client_window_python_gb18030 (void)
{
  const char *srcdir = g_getenv ("TCPCHAT_TESTS_SRCDIR");
  g_autofree char *script = g_build_filename (srcdir != NULL ? srcdir : "tests",
                                              "headless", "peer.py", NULL);
  TcClientWindow *window;
  TcClient *client;
  TcLogModel *log;
  TcSendBox *send_box;
  TcLogView *log_view;
  TcTestChild *peer;

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  /* 你好 and "ok" in GB18030, each ended by CRLF; it holds the connection
   * until the window ends it. */
  peer = tc_test_child_spawn (context (), NULL, TC_TEST_CHILD_CAPTURE_STDERR,
                              (const char *[]) { "/usr/bin/python3", script, "listen",
                                                 "--send-hex", "c4e3bac30d0a6f6b0d0a", "--hold",
                                                 NULL });
  window = g_object_ref (tc_client_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  client = tc_client_window_get_client (window);
  log = tc_client_window_get_log_model (window);
  send_box = tc_client_window_get_send_box (window);
  log_view = TC_LOG_VIEW (tc_gui_test_find_widget (GTK_WIDGET (window), TC_TYPE_LOG_VIEW, NULL));
  g_assert_nonnull (log_view);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (log_view), "log.encoding", "s", "GB18030"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (send_box), "send.line-ending",
                                             "s", "crlf"));

  tc_client_window_connect_to (window, "127.0.0.1", peer_port (peer));
  TC_WAIT_UNTIL (context (), tc_client_get_state (client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), log_has_bytes (log, "ok", 2), WAIT_MS);
  g_assert_true (log_has_bytes (log, "\xC4\xE3\xBA\xC3", 4));
  TC_WAIT_UNTIL (context (), row_text (GTK_WIDGET (log_view), "\xC4\xE3\xBA\xC3", 4) != NULL,
                 WAIT_MS);
  g_assert_cmpstr (row_text (GTK_WIDGET (log_view), "\xC4\xE3\xBA\xC3", 4), ==, "你好");

  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (send_box), WAIT_MS);
  tc_gui_test_send_box_enter (send_box, "再见");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.disconnect", NULL));
  g_assert_cmpint (tc_test_child_wait (peer, WAIT_MS), ==, 0);
  g_assert_cmpmem (peer->out->str, peer->out->len, "\xD4\xD9\xBC\xFB\r\n", 6);

  tc_test_child_free (peer);
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_drain (context ());
  g_object_unref (window);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/bytes-peers/display"))
    return g_test_run ();

  g_test_add_func ("/bytes-peers/server-window-socat-frames", test_server_window_socat_frames);
  g_test_add_func ("/bytes-peers/client-window-python-gb18030", test_client_window_python_gb18030);

  return g_test_run ();
}
