/* test-record-window.c: a window's session recorded to JSON Lines, and the recording replayed to
 * a new peer as the window that recorded it, over real sockets
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-log-view.h"
#include "tc-record-panel.h"
#include "tc-recording.h"
#include "tc-recording-window.h"
#include "tc-server-window.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  TcServerWindow *window;
  TcServer       *server;
  TcSendBox      *send_box;
  TcRecordPanel  *panel;
  char           *dir;
  char           *path;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("tcpchat-record-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "device.jsonl", NULL);
  f->window = tc_gui_test_server_window_new ();
  f->send_box = tc_server_window_get_send_box (f->window);
  f->panel = TC_RECORD_PANEL (tc_gui_test_find_widget (GTK_WIDGET (f->window),
                                                       TC_TYPE_RECORD_PANEL, NULL));
  g_assert_nonnull (f->panel);

  f->server = tc_server_window_get_server (f->window);
  tc_gui_test_server_window_listen (f->window);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tc_gui_test_server_window_close (&f->window, NULL);
  g_unlink (f->path);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gboolean
has_record (TcRecording  *recording,
            TcRecordKind  kind,
            const char   *bytes)
{
  for (guint i = 0; i < tc_recording_get_n_records (recording); i++)
    {
      const TcRecord *record = tc_recording_get_record (recording, i);

      if (record->kind == kind && record->bytes != NULL &&
          g_bytes_get_size (record->bytes) == strlen (bytes) &&
          memcmp (g_bytes_get_data (record->bytes, NULL), bytes, strlen (bytes)) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A new peer asks "*IDN?" and the window answers "ACME,Meter" from its
 * send box, as a person would.
 * Returns: (transfer full): the peer, still connected */
static TcRawPeer *
exchange (Fixture *f)
{
  TcRawPeer *peer;

  peer = tc_raw_peer_connect (context (), tc_server_get_port (f->server), 0,
                              TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (context (), tc_send_box_get_can_send (f->send_box), WAIT_MS);
  tc_raw_peer_send_all (peer, "*IDN?\n", 6, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_gui_test_log_has (tc_server_window_get_log_model (f->window),
                                                  TC_LOG_DIRECTION_RECEIVED, "*IDN?", FALSE),
                 WAIT_MS);
  tc_gui_test_send_box_enter (f->send_box, "ACME,Meter");
  TC_WAIT_UNTIL (context (), peer->in->len == 11, WAIT_MS);

  return peer;
}

/* Recorded: what the peer sent and what the window answered, each with
 * its terminator; then that recording, replayed with its checks, answers
 * a new peer as the window did, and says it matched. */
static void
test_record_then_replay (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TcRecording) recording = NULL;
  g_autoptr(GError) error = NULL;
  TcRawPeer *peer;

  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "record-stop"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-start-path",
                                  g_variant_new_string (f->path));
  g_assert_true (tc_record_panel_get_recording (f->panel));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "record-stop"));

  peer = exchange (f);
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "record-window.png");
  tc_raw_peer_free (peer);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-stop", NULL);
  g_assert_false (tc_record_panel_get_recording (f->panel));
  g_assert_cmpstr (tc_record_panel_get_status (f->panel), ==, "Recording to device.jsonl stopped");

  recording = tc_recording_load (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc_recording_get_mode (recording), ==, "server");
  g_assert_true (has_record (recording, TC_RECORD_IN, "*IDN?\n"));
  g_assert_true (has_record (recording, TC_RECORD_OUT, "ACME,Meter\n"));

  /* As fast as possible, checking the peer. */
  tc_record_panel_set_replay_options (f->panel, 0, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "replay-start-path",
                                  g_variant_new_string (f->path));
  g_assert_true (tc_record_panel_get_replaying (f->panel));
  {
    GtkPopover *popover = tc_record_panel_get_popover (f->panel);

    gtk_popover_popup (popover);
    TC_WAIT_UNTIL (context (), gtk_widget_get_mapped (GTK_WIDGET (popover)), WAIT_MS);
    tc_gui_test_save_screenshot (GTK_WIDGET (popover), "record-popover.png");
    gtk_popover_popdown (popover);
  }
  peer = tc_raw_peer_connect (context (), tc_server_get_port (f->server), 0,
                              TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_send_all (peer, "*IDN?\n", 6, WAIT_MS);
  TC_WAIT_UNTIL (context (), peer->in->len >= 11, WAIT_MS);
  g_assert_cmpstr (peer->in->str, ==, "ACME,Meter\n");
  TC_WAIT_UNTIL (context (), g_strcmp0 (tc_record_panel_get_status (f->panel),
                                        "Replay of device.jsonl done") == 0, WAIT_MS);
  tc_raw_peer_free (peer);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "replay-stop", NULL);
  g_assert_false (tc_record_panel_get_replaying (f->panel));
}

/* A session recorded, then exported from the window as a pcap file that
 * tcpdump reads back with the payloads and correct checksums; a file that
 * is not a recording is said and written nowhere. */
static void
test_export_pcap (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *tcpdump = tc_test_require_tool ("tcpdump", "tcpdump");
  g_autofree char *pcap = g_build_filename (f->dir, "device.pcap", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = -1;
  TcRawPeer *peer;

  if (tcpdump == NULL)
    return;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-start-path",
                                  g_variant_new_string (f->path));
  peer = exchange (f);
  tc_raw_peer_free (peer);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-stop", NULL);

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "pcap-export-path",
                                  g_variant_new ("(ss)", f->path, pcap));
  g_assert_cmpstr (tc_record_panel_get_status (f->panel), ==,
                   "Exported device.jsonl to device.pcap");

  g_assert_true (g_spawn_sync (NULL, (char *[]) { tcpdump, "-r", pcap, "-nn", "-vv", "-A", NULL },
                               NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "Flags [S]"));
  g_assert_nonnull (strstr (out, "seq 1:7, ack 1, win 65535, length 6\n"));
  g_assert_nonnull (strstr (out, "*IDN?\n"));
  g_assert_nonnull (strstr (out, "seq 1:12, ack 7, win 65535, length 11\n"));
  g_assert_nonnull (strstr (out, "ACME,Meter\n"));
  g_assert_nonnull (strstr (out, "Flags [F.]"));
  g_assert_null (strstr (out, "incorrect"));
  g_unlink (pcap);

  /* Not a recording: said, and no file. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "pcap-export-path",
                                  g_variant_new ("(ss)", f->dir, pcap));
  g_assert_true (g_str_has_prefix (tc_record_panel_get_status (f->panel),
                                   "tcpchat-record-"));
  g_assert_nonnull (strstr (tc_record_panel_get_status (f->panel), " not exported: "));
  g_assert_false (g_file_test (pcap, G_FILE_TEST_EXISTS));
}

static TcRecordingWindow *
find_recording_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TC_IS_RECORDING_WINDOW (window))
        return TC_RECORDING_WINDOW (window);
    }
  return NULL;
}

/* A recording opened from the window: its messages in a log of their own,
 * with the recorded times, directions and peer, titled as a recording,
 * with nothing to send from; the window's own log and the peer untouched. */
static void
test_open_recording (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TcRecording) recording = NULL;
  TcRecordingWindow *shown;
  TcLogModel *log;
  TcRawPeer *peer;
  guint n_matched = 0;

  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-start-path",
                                  g_variant_new_string (f->path));
  peer = exchange (f);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "record-stop", NULL);
  recording = tc_recording_load (f->path, NULL);
  g_assert_nonnull (recording);

  g_assert_null (find_recording_window ());
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "recording-open-path",
                                  g_variant_new_string (f->path));
  shown = find_recording_window ();
  g_assert_nonnull (shown);
  g_assert_cmpstr (tc_record_panel_get_status (f->panel), ==, "Opened recording device.jsonl");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (shown)), ==,
                   "device.jsonl (recording, read-only)");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shown)) == GTK_WINDOW (f->window));
  g_assert_null (tc_gui_test_find_widget (GTK_WIDGET (shown), TC_TYPE_SEND_BOX, NULL));
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (shown), TC_TYPE_LOG_VIEW, NULL));

  log = tc_recording_window_get_log_model (shown);
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_RECEIVED, "*IDN?", FALSE));
  g_assert_true (tc_gui_test_log_has (log, TC_LOG_DIRECTION_SENT, "ACME,Meter", FALSE));
  g_assert_cmpuint (tc_log_model_get_n_entries (log), ==,
                    tc_recording_get_n_records (recording));
  for (guint i = 0; i < tc_recording_get_n_records (recording); i++)
    {
      const TcRecord *record = tc_recording_get_record (recording, i);
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (log), i);

      g_assert_cmpint (tc_log_entry_get_time_us (entry), ==, record->t_us);
      if (record->kind == TC_RECORD_IN || record->kind == TC_RECORD_OUT)
        {
          g_assert_cmpint (tc_log_entry_get_direction (entry), ==,
                           record->kind == TC_RECORD_IN ? TC_LOG_DIRECTION_RECEIVED
                                                        : TC_LOG_DIRECTION_SENT);
          g_assert_cmpstr (tc_log_entry_get_peer (entry), ==, record->peer);
          n_matched++;
        }
    }
  g_assert_cmpuint (n_matched, ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (shown));
  tc_gui_test_save_screenshot (GTK_WIDGET (shown), "recording-window.png");

  /* Nothing went to the peer. */
  tc_test_drain (context ());
  g_assert_cmpuint (peer->in->len, ==, 11);
  gtk_window_destroy (GTK_WINDOW (shown));
  tc_raw_peer_free (peer);

  /* Not a recording: said, no window. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "recording-open-path",
                                  g_variant_new_string (f->dir));
  g_assert_true (g_str_has_prefix (tc_record_panel_get_status (f->panel),
                                   "Recording not opened: "));
  TC_WAIT_UNTIL (context (), find_recording_window () == NULL, WAIT_MS);
}

/* A recording that is not one is said, and nothing replays. */
static void
test_bad_recording (Fixture       *f,
                    gconstpointer  data)
{
  g_assert_true (g_file_set_contents (f->path, "{\"format\":\"other\"}\n", -1, NULL));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "replay-start-path",
                                  g_variant_new_string (f->path));
  g_assert_false (tc_record_panel_get_replaying (f->panel));
  g_assert_true (g_str_has_prefix (tc_record_panel_get_status (f->panel), "Not replaying: "));
}

int
main (int   argc,
      char *argv[])
{
  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/record-window/display"))
    return g_test_run ();

#define ADD(name, func) \
  g_test_add ("/record-window/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("record-then-replay", test_record_then_replay);
  ADD ("bad-recording", test_bad_recording);
  ADD ("export-pcap", test_export_pcap);
  ADD ("open-recording", test_open_recording);

  return g_test_run ();
}
