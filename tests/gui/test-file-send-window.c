/* test-file-send-window.c: a file sent from the windows as raw bytes, compared by checksum, paused,
 * resumed and cancelled, over real sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-file-send-panel.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 30000

typedef struct
{
  TcServerWindow  *window;
  TcServer        *server;
  TcFileSendPanel *panel;
  TcRawPeer       *peer;
  char            *dir;
  char            *path;
  char            *digest;
  gsize            size;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

/* The window listening, a raw peer connected, and a file of random bytes
 * (32 MiB and an odd tail: many chunks and congestion on loopback). */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *contents = NULL;
  GRand *rand = g_rand_new_with_seed (15);

  f->size = (tc_test_under_valgrind () ? 2 : 32) * 1024 * 1024 + 17;
  contents = g_malloc (f->size);
  for (gsize i = 0; i < f->size; i++)
    contents[i] = (char) g_rand_int_range (rand, 0, 256);
  g_rand_free (rand);
  f->dir = g_dir_make_tmp ("tcpchat-file-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "big.bin", NULL);
  g_assert_true (g_file_set_contents (f->path, contents, (gssize) f->size, NULL));
  f->digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, f->size);

  f->window = tc_gui_test_server_window_new ();
  f->panel = TC_FILE_SEND_PANEL (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                          TC_TYPE_FILE_SEND_PANEL, NULL));
  g_assert_nonnull (f->panel);

  f->server = tc_server_window_get_server (f->window);
  tc_gui_test_server_window_listen (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, &f->peer);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->digest);
}

static void
connect_peer (Fixture *f)
{
  guint n = tc_server_get_n_clients (f->server);

  f->peer = tc_raw_peer_connect (context (), tc_server_get_port (f->server), 0,
                                 TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == n + 1, WAIT_MS);
}

static void
send_file (Fixture    *f,
           const char *path)
{
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "send-file-path",
                                  g_variant_new_string (path));
}

static gboolean
enabled (Fixture    *f,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action);
}

/* The whole file, byte for byte, to the server's only client; paused
 * half way, nothing more goes until resumed. */
static void
test_send_pause_resume (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *digest = NULL;
  g_autofree char *expected = NULL;
  guint64 paused_at;

  connect_peer (f);
  g_assert_false (enabled (f, "send-file-pause"));
  g_assert_false (enabled (f, "send-file-cancel"));

  send_file (f, f->path);
  g_assert_true (tc_file_send_panel_get_running (f->panel));
  g_assert_true (enabled (f, "send-file-pause"));
  g_assert_true (enabled (f, "send-file-cancel"));
  g_assert_nonnull (strstr (tc_file_send_panel_get_progress_text (f->panel), " of "));

  TC_WAIT_UNTIL (context (), tc_file_send_panel_get_sent (f->panel) >= f->size / 4, WAIT_MS);
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "send-file-pause",
                                      g_variant_new_boolean (TRUE));
  paused_at = tc_file_send_panel_get_sent (f->panel);
  g_assert_cmpuint (paused_at, <, f->size);
  /* What was queued drains to the peer; the file reads no further. */
  TC_WAIT_UNTIL (context (), f->peer->in->len == paused_at, WAIT_MS);
  tc_test_drain (context ());
  g_assert_cmpuint (tc_file_send_panel_get_sent (f->panel), ==, paused_at);
  g_assert_true (tc_file_send_panel_get_running (f->panel));
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "file-paused.png");

  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "send-file-pause",
                                      g_variant_new_boolean (FALSE));
  TC_WAIT_UNTIL (context (), !tc_file_send_panel_get_running (f->panel), WAIT_MS);
  TC_WAIT_UNTIL (context (), f->peer->in->len == f->size, WAIT_MS);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) f->peer->in->str,
                                        f->peer->in->len);
  g_assert_cmpstr (digest, ==, f->digest);

  expected = g_strdup_printf ("File big.bin sent: %zu bytes", f->size);
  g_assert_cmpstr (tc_file_send_panel_get_status (f->panel), ==, expected);
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_EVENT, expected, FALSE),
                 WAIT_MS);
  g_assert_false (enabled (f, "send-file-cancel"));
}

/* Cancel stops the file where it is, and says how far it went. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  guint64 sent;

  connect_peer (f);
  send_file (f, f->path);
  TC_WAIT_UNTIL (context (), tc_file_send_panel_get_sent (f->panel) > 0, WAIT_MS);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "send-file-cancel", NULL);
  g_assert_false (tc_file_send_panel_get_running (f->panel));
  g_assert_true (g_str_has_prefix (tc_file_send_panel_get_status (f->panel),
                                   "File big.bin cancelled after "));
  TC_WAIT_UNTIL (context (), f->peer->in->len > 0, WAIT_MS);
  tc_test_drain (context ());
  sent = f->peer->in->len;
  g_assert_cmpuint (sent, <, f->size);
  tc_test_drain (context ());
  g_assert_cmpuint (f->peer->in->len, ==, sent);
}

/* A file dropped on the window goes as Send File's. */
static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window));
  g_autoptr(GFile) file = g_file_new_for_path (f->path);
  g_autofree char *digest = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  connect_peer (f);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);

  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (tc_file_send_panel_get_running (f->panel));
  TC_WAIT_UNTIL (context (), f->peer->in->len == f->size, WAIT_MS);
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) f->peer->in->str,
                                        f->peer->in->len);
  g_assert_cmpstr (digest, ==, f->digest);
}

/* Line by line, through the panel's actions: each line a message with the
 * session's line ending (its own dropped), the delay between lines a lower
 * bound on the whole. */
static void
test_lines (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "lines.txt", NULL);
  GtkWidget *spin = tc_gui_test_find_widget (GTK_WIDGET (f->panel), GTK_TYPE_SPIN_BUTTON, NULL);
  gint64 start;

  g_assert_true (g_file_set_contents (path, "a\nb\r\n\nc", -1, NULL));
  connect_peer (f);

  g_assert_false (enabled (f, "send-file-line-delay"));
  g_assert_false (gtk_widget_get_sensitive (spin));
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "send-file-lines",
                                      g_variant_new_boolean (TRUE));
  g_assert_true (enabled (f, "send-file-line-delay"));
  g_assert_true (gtk_widget_get_sensitive (spin));
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "send-file-line-delay",
                                      g_variant_new_uint32 (50));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 50);

  start = g_get_monotonic_time ();
  send_file (f, path);
  g_assert_true (tc_file_send_panel_get_running (f->panel));
  TC_WAIT_UNTIL (context (), !tc_file_send_panel_get_running (f->panel), WAIT_MS);
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 7, WAIT_MS);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * 50 * 1000);
  g_assert_cmpstr (f->peer->in->str, ==, "a\nb\n\nc\n");
  g_assert_cmpstr (tc_file_send_panel_get_status (f->panel), ==, "File lines.txt sent: 7 bytes");

  /* The spin sets the delay too; switched off, the next file goes raw. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 20);
  {
    g_autoptr(GVariant) delay = g_action_group_get_action_state (G_ACTION_GROUP (f->window),
                                                                 "send-file-line-delay");
    g_assert_cmpuint (g_variant_get_uint32 (delay), ==, 20);
  }
  g_action_group_change_action_state (G_ACTION_GROUP (f->window), "send-file-lines",
                                      g_variant_new_boolean (FALSE));
  g_string_truncate (f->peer->in, 0);
  send_file (f, path);
  TC_WAIT_UNTIL (context (), f->peer->in->len >= 7, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "a\nb\r\n\nc");
  g_unlink (path);
}

/* Nobody to send to, two clients and none chosen, a missing file: each
 * said, nothing started. */
static void
test_mistakes (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.bin", NULL);
  g_autoptr(TcRawPeer) second = NULL;

  send_file (f, f->path);
  g_assert_false (tc_file_send_panel_get_running (f->panel));
  g_assert_cmpstr (tc_file_send_panel_get_status (f->panel), ==,
                   "File not sent: nobody is connected");

  connect_peer (f);
  send_file (f, missing);
  g_assert_false (tc_file_send_panel_get_running (f->panel));
  g_assert_true (g_str_has_prefix (tc_file_send_panel_get_status (f->panel),
                                   "File not sent: cannot read "));

  second = tc_raw_peer_connect (context (), tc_server_get_port (f->server), 0,
                                TC_RAW_PEER_READ);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 2, WAIT_MS);
  send_file (f, f->path);
  g_assert_false (tc_file_send_panel_get_running (f->panel));
  g_assert_cmpstr (tc_file_send_panel_get_status (f->panel), ==,
                   "File not sent: a file goes to one client; choose it in the list");
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/file-send-window/display"))
    return g_test_run ();

#define ADD(name, func) \
  g_test_add ("/file-send-window/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("send-pause-resume", test_send_pause_resume);
  ADD ("cancel", test_cancel);
  ADD ("drop", test_drop);
  ADD ("mistakes", test_mistakes);
  ADD ("lines", test_lines);

  return g_test_run ();
}
