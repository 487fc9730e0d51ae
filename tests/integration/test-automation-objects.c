/* test-automation-objects.c: rules, periodic send, send-file and the recorder on a session,
 * in-process, on a private main context
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-file-sender.h"
#include "tc-periodic.h"
#include "tc-recording.h"
#include "tc-rules.h"
#include "tc-session.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* A server session on a private context, as a window's would be, and a raw
 * peer that keeps what it reads. */
typedef struct
{
  GMainContext *context;
  TcServer     *server;
  TcSession    *session;
  TcRawPeer    *peer;
  guint16       port;
  char         *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->server = tc_server_new ();
  f->session = tc_session_new_for_server (f->server);
  g_assert_true (tc_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);
  f->tmpdir = g_dir_make_tmp ("tcpchat-objects-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->tmpdir, 0, NULL);
  const char *name;

  g_clear_pointer (&f->peer, tc_raw_peer_free);
  tc_server_stop (f->server);
  tc_test_drain (f->context);
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->session));
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->server));

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->tmpdir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->tmpdir);
  g_free (f->tmpdir);

  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static void
connect_peer (Fixture *f)
{
  f->peer = tc_raw_peer_connect (f->context, f->port, 0,
                                 TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
}

/* A delayed reply is timed on the context the session runs on. */
static void
test_rules_delay (Fixture       *f,
                  gconstpointer  data)
{
  static const char text[] = "[rule ping]\nmatch=exact:ping\nreply=pong {count}\ndelay-ms=30\n";
  g_autoptr(GError) error = NULL;
  TcRules *rules = tc_rules_new_from_data (text, -1, "test.rules", &error);
  gint64 start;

  g_assert_no_error (error);
  tc_rules_attach (rules, f->session);
  connect_peer (f);

  start = g_get_monotonic_time ();
  tc_raw_peer_send_all (f->peer, "ping\nping\n", 10, WAIT_MS);
  TC_WAIT_UNTIL (f->context, strstr (f->peer->in->str, "pong 2\n") != NULL, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "pong 1\npong 2\n");
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 30 * 1000);
  g_assert_cmpuint (tc_rules_get_fired (rules, 0), ==, 2);

  tc_rules_detach (rules);
  tc_test_assert_finalized (f->context, rules);
}

/* A rule turned off answers no more, and the next one that matches does;
 * turned on again, it answers again. */
static void
test_rules_enabled (Fixture       *f,
                    gconstpointer  data)
{
  static const char text[] =
    "[rule ping]\nmatch=exact:ping\nreply=pong\n"
    "[rule off]\nmatch=exact:ping\nreply=off\nenabled=false\n"
    "[rule echo]\nmatch=prefix:\nreply=echo {message}\n";
  g_autoptr(GError) error = NULL;
  TcRules *rules = tc_rules_new_from_data (text, -1, "test.rules", &error);

  g_assert_no_error (error);
  g_assert_true (tc_rules_get_enabled (rules, 0));
  g_assert_false (tc_rules_get_enabled (rules, 1));
  tc_rules_attach (rules, f->session);
  connect_peer (f);

  tc_rules_set_enabled (rules, 0, FALSE);
  tc_raw_peer_send_all (f->peer, "ping\n", 5, WAIT_MS);
  TC_WAIT_UNTIL (f->context, strstr (f->peer->in->str, "\n") != NULL, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "echo ping\n");

  tc_rules_set_enabled (rules, 0, TRUE);
  tc_raw_peer_send_all (f->peer, "ping\n", 5, WAIT_MS);
  TC_WAIT_UNTIL (f->context, strstr (f->peer->in->str, "pong\n") != NULL, WAIT_MS);
  g_assert_cmpstr (f->peer->in->str, ==, "echo ping\npong\n");
  g_assert_cmpuint (tc_rules_get_fired (rules, 0), ==, 1);
  g_assert_cmpuint (tc_rules_get_fired (rules, 2), ==, 1);

  tc_rules_detach (rules);
  tc_test_assert_finalized (f->context, rules);
}

/* Ten messages, on schedule, then done. */
static void
test_periodic (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) message = g_bytes_new_static ("tick", 4);
  TcPeriodic *periodic = tc_periodic_new (message, 2, 10);

  tc_periodic_attach (periodic, f->session);
  connect_peer (f);

  TC_WAIT_UNTIL (f->context, !tc_periodic_get_running (periodic) &&
                 f->peer->in->len == 50, WAIT_MS);
  g_assert_cmpuint (tc_periodic_get_sent (periodic), ==, 10);
  g_assert_cmpstr (f->peer->in->str, ==,
                   "tick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\ntick\n");

  tc_test_assert_finalized (f->context, periodic);
}

typedef struct
{
  guint64  sent;
  gboolean done;
} FileDone;

static void
file_done_cb (TcConnection *connection,
              guint64       sent,
              const GError *error,
              gpointer      user_data)
{
  FileDone *done = user_data;

  g_assert_no_error ((GError *) error);
  done->sent = sent;
  done->done = TRUE;
}

/* A file larger than the high-water mark, read as the connection drains. */
static void
test_file_sender (Fixture       *f,
                  gconstpointer  data)
{
  const gsize size = 3 * 1024 * 1024 + 5;
  g_autofree char *contents = g_malloc (size);
  g_autofree char *path = g_build_filename (f->tmpdir, "file.bin", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcFileSender) sender = NULL;
  g_autoptr(TcConnection) connection = NULL;
  FileDone done = { 0 };

  for (gsize i = 0; i < size; i++)
    contents[i] = (char) (i * 7 + i / 4096);
  g_file_set_contents (path, contents, (gssize) size, &error);
  g_assert_no_error (error);

  sender = tc_file_sender_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tc_file_sender_get_size (sender), ==, (goffset) size);
  connect_peer (f);
  connection = g_list_model_get_item (tc_session_get_peers (f->session), 0);
  tc_file_sender_start (sender, connection, file_done_cb, &done);

  TC_WAIT_UNTIL (f->context, done.done && f->peer->in->len == size, WAIT_MS);
  g_assert_cmpuint (done.sent, ==, size);
  g_assert_true (memcmp (f->peer->in->str, contents, size) == 0);
}

/* What the recorder writes, the reader reads back. */
static void
test_recorder_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "session.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcRecording) recording = NULL;
  g_autoptr(GBytes) hello = g_bytes_new_static ("hello\r", 6);
  TcRecorder *recorder = tc_recorder_new (path, &error);
  const TcRecord *record;
  GStatBuf st;

  g_assert_no_error (error);
  tc_recorder_attach (recorder, f->session, "tcpchat-server", NULL);
  connect_peer (f);
  tc_raw_peer_send_all (f->peer, "h\xc3\xa9\x01\n", 5, WAIT_MS);
  TC_WAIT_UNTIL (f->context, tc_connection_get_lines_in (g_list_model_get_item (
                   tc_session_get_peers (f->session), 0)) == 1, WAIT_MS);
  g_object_unref (g_list_model_get_item (tc_session_get_peers (f->session), 0));
  g_assert_cmpuint (tc_session_send (f->session, NULL, hello, &error), ==, 1);
  TC_WAIT_UNTIL (f->context, f->peer->in->len == 7, WAIT_MS);
  tc_raw_peer_close (f->peer);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 0, WAIT_MS);
  tc_recorder_detach (recorder);
  g_assert_null (tc_recorder_get_error (recorder));
  tc_test_assert_finalized (f->context, recorder);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  recording = tc_recording_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tc_recording_get_mode (recording), ==, "server");
  g_assert_cmpuint (tc_recording_get_n_records (recording), ==, 4);
  g_assert_cmpint (tc_recording_get_record (recording, 0)->kind, ==, TC_RECORD_OPEN);
  record = tc_recording_get_record (recording, 1);
  g_assert_cmpint (record->kind, ==, TC_RECORD_IN);
  g_assert_cmpmem (g_bytes_get_data (record->bytes, NULL), g_bytes_get_size (record->bytes),
                   "h\xc3\xa9\x01\n", 5);
  record = tc_recording_get_record (recording, 2);
  g_assert_cmpint (record->kind, ==, TC_RECORD_OUT);
  g_assert_cmpmem (g_bytes_get_data (record->bytes, NULL), g_bytes_get_size (record->bytes),
                   "hello\r\n", 7);
  record = tc_recording_get_record (recording, 3);
  g_assert_cmpint (record->kind, ==, TC_RECORD_CLOSE);
  g_assert_cmpuint (record->conn, ==, 1);
  g_assert_nonnull (record->reason);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/automation-objects/rules-delay", test_rules_delay);
  ADD ("/automation-objects/rules-enabled", test_rules_enabled);
  ADD ("/automation-objects/periodic", test_periodic);
  ADD ("/automation-objects/file-sender", test_file_sender);
  ADD ("/automation-objects/recorder-round-trip", test_recorder_round_trip);

  return g_test_run ();
}
