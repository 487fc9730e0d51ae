/* test-observe.c: the log file (rotation, JSON Lines, a stuck or full disk) and the TCP options
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc-log-file.h"
#include "tc-observe-settings.h"
#include "tc-server.h"
#include "tc-session.h"
#include "tc-settings.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

typedef struct
{
  GMainContext *context;
  char         *tmpdir;
  TcServer     *server;
  TcSession    *session;
  guint16       port;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->tmpdir = g_dir_make_tmp ("tcpchat-observe-XXXXXX", &error);
  g_assert_no_error (error);

  f->server = tc_server_new ();
  f->session = tc_session_new_for_server (f->server);
  g_assert_true (tc_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  tc_server_stop (f->server);
  tc_test_drain (f->context);
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->session));
  tc_test_assert_finalized (f->context, g_steal_pointer (&f->server));
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static TcConnection *
first_peer (TcSession *session)
{
  g_autoptr(TcConnection) connection = g_list_model_get_item (tc_session_get_peers (session), 0);

  return connection;
}

static int
get_tcp (GSocket *socket,
         int      level,
         int      option)
{
  g_autoptr(GError) error = NULL;
  gint value = -1;

  g_assert_true (g_socket_get_option (socket, level, option, &value, &error));
  g_assert_no_error (error);
  return value;
}

/* The settings reach each new connection; read back from the socket. */
static void
test_tcp_options (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = tc_settings_new ("io.github.tcpchat.Server");
  g_autoptr(TcObserveSettings) observe = tc_observe_settings_new (settings, f->session);
  g_autoptr(TcRawPeer) before = NULL;
  g_autoptr(TcRawPeer) after = NULL;
  GSocket *socket;

  tc_observe_settings_start (observe);

  /* By default: TCP_NODELAY on, no keepalive. */
  before = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
  socket = tc_connection_get_socket (first_peer (f->session));
  g_assert_cmpint (get_tcp (socket, IPPROTO_TCP, TCP_NODELAY), ==, 1);
  g_assert_cmpint (get_tcp (socket, SOL_SOCKET, SO_KEEPALIVE), ==, 0);

  g_settings_set_boolean (settings, "tcp-nodelay", FALSE);
  g_settings_set_boolean (settings, "tcp-keepalive", TRUE);
  g_settings_set_uint (settings, "tcp-keepalive-idle", 7);
  g_settings_set_uint (settings, "tcp-keepalive-interval", 3);
  g_settings_set_uint (settings, "tcp-keepalive-count", 4);

  tc_raw_peer_close (before);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 0, WAIT_MS);
  after = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
  socket = tc_connection_get_socket (first_peer (f->session));
  g_assert_cmpint (get_tcp (socket, IPPROTO_TCP, TCP_NODELAY), ==, 0);
  g_assert_cmpint (get_tcp (socket, SOL_SOCKET, SO_KEEPALIVE), ==, 1);
  g_assert_cmpint (get_tcp (socket, IPPROTO_TCP, TCP_KEEPIDLE), ==, 7);
  g_assert_cmpint (get_tcp (socket, IPPROTO_TCP, TCP_KEEPINTVL), ==, 3);
  g_assert_cmpint (get_tcp (socket, IPPROTO_TCP, TCP_KEEPCNT), ==, 4);
  tc_raw_peer_close (after);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 0, WAIT_MS);
}

static void
test_keepalive_parse (void)
{
  TcTcpOptions options = { 0 };
  const char *bad[] = { "", "1", "1,2", "0,1,1", "1,1,128", "1,1,1,1", "a,b,c", "40000,1,1" };

  g_assert_true (tc_tcp_options_parse_keepalive (&options, "60, 10,5", NULL));
  g_assert_true (options.keepalive);
  g_assert_cmpuint (options.idle_s, ==, 60);
  g_assert_cmpuint (options.interval_s, ==, 10);
  g_assert_cmpuint (options.count, ==, 5);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (tc_tcp_options_parse_keepalive (&options, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "IDLE,INTERVAL,COUNT"));
    }
}

static void
test_parse_size (void)
{
  guint64 size = 1;

  g_assert_true (tc_log_file_parse_size ("0", &size));
  g_assert_cmpuint (size, ==, 0);
  g_assert_true (tc_log_file_parse_size ("10M", &size));
  g_assert_cmpuint (size, ==, 10 * 1024 * 1024);
  g_assert_true (tc_log_file_parse_size ("4k", &size));
  g_assert_cmpuint (size, ==, 4096);
  g_assert_true (tc_log_file_parse_size ("1G", &size));
  g_assert_false (tc_log_file_parse_size ("", &size));
  g_assert_false (tc_log_file_parse_size ("100", &size));
  g_assert_false (tc_log_file_parse_size ("M", &size));
  g_assert_false (tc_log_file_parse_size ("-5M", &size));
  g_assert_false (tc_log_file_parse_size ("99999999999999999999G", &size));
}

static void
write_received (TcLogFile  *log,
                const char *text,
                guint       flags)
{
  TcMessage message = { .data = text, .len = strlen (text), .flags = flags,
                        .time_us = g_get_real_time () };
  TcEvent event = { .kind = TC_EVENT_RECEIVED, .time_us = message.time_us,
                    .peer = "127.0.0.1:5555", .message = &message };

  tc_log_file_write_event (log, &event);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* At the size limit, FILE becomes FILE.1, the oldest beyond keep goes; no
 * file passes the limit and no line is cut. */
static void
test_rotation (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "x.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = tc_log_file_new (path, TC_LOG_FILE_FORMAT_TEXT, 1024, 2, &error);
  g_autofree char *newest = NULL;
  guint total = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %03u of the rotation test", i);

      write_received (log, text, 0);
    }
  g_assert_true (tc_log_file_flush (log, &error));
  g_assert_no_error (error);

  for (guint i = 0; i <= 2; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup (path) : g_strdup_printf ("%s.%u", path, i);
      g_autofree char *text = read_file (name);
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

      g_test_message ("%s: %zu bytes", name, strlen (text));
      g_assert_cmpuint (strlen (text), <=, 1024);
      g_assert_cmpuint (strlen (text), >, 512);
      g_assert_true (g_str_has_suffix (text, "\n"));
      for (guint j = 0; lines[j] != NULL && lines[j][0] != '\0'; j++)
        {
          g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT[^ ]+ \\[127\\.0\\.0\\.1:5555\\] "
                                               "< message \\d{3} of the rotation test$",
                                               lines[j], 0, 0));
          total++;
        }
    }
  {
    g_autofree char *gone = g_strdup_printf ("%s.3", path);

    g_assert_false (g_file_test (gone, G_FILE_TEST_EXISTS));
  }
  newest = read_file (path);
  g_assert_nonnull (strstr (newest, "< message 199 of the rotation test\n"));
  g_assert_cmpuint (total, <, 200);
  g_assert_cmpuint (tc_log_file_get_lost (log), ==, 0);
}

/* One object a line: the recording's keys, the date, the text, the flags. */
static void
test_jsonl (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "x.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = tc_log_file_new (path, TC_LOG_FILE_FORMAT_JSONL, 0, 0, &error);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  write_received (log, "hi \"there\"", TC_MESSAGE_FLAG_CRLF);
  write_received (log, "\x01\xff", TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_true (tc_log_file_flush (log, &error));

  text = read_file (path);
  g_test_message ("%s", text);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_regex_match_simple ("^\\{\"t_us\":\\d+,\"time\":\"\\d{4}-[^\"]+[+-]\\d\\d:\\d\\d\","
                                       "\"kind\":\"in\",\"peer\":\"127.0.0.1:5555\","
                                       "\"b64\":\"aGkgInRoZXJlIg0K\",\"text\":\"hi \\\\\"there\\\\\"\","
                                       "\"len\":10,\"flags\":\\[\"crlf\"\\]\\}$",
                                       lines[0], 0, 0));
  g_assert_nonnull (strstr (lines[1], "\"b64\":\"Af8=\""));
  g_assert_nonnull (strstr (lines[1], "\"flags\":[\"no_terminator\"]"));
  g_assert_cmpstr (lines[2], ==, "");
}

static TcRawPeer *
connect_peer (Fixture *f,
              guint    n_peers)
{
  TcRawPeer *peer = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_READ);

  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == n_peers, WAIT_MS);
  return peer;
}

/* A connection's number, as in recordings: given at its first event, not
 * given again once it has closed. */
static void
test_jsonl_conn_numbers (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const expected[] = {
    "\"kind\":\"open\",\"conn\":1,", "\"kind\":\"open\",\"conn\":2,",
    "\"kind\":\"close\",\"conn\":1,", "\"kind\":\"open\",\"conn\":3,",
    "\"kind\":\"in\",\"conn\":2,",
  };
  g_autofree char *path = g_build_filename (f->tmpdir, "conns.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = tc_log_file_new (path, TC_LOG_FILE_FORMAT_JSONL, 0, 0, &error);
  g_autoptr(TcRawPeer) first = NULL;
  g_autoptr(TcRawPeer) second = NULL;
  g_autoptr(TcRawPeer) third = NULL;
  g_autofree char *text = NULL;
  const char *at;

  g_assert_no_error (error);
  tc_log_file_attach (log, f->session);
  first = connect_peer (f, 1);
  second = connect_peer (f, 2);
  tc_raw_peer_close (first);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
  third = connect_peer (f, 2);
  tc_raw_peer_send_all (second, "hi\n", 3, WAIT_MS);
  TC_WAIT_UNTIL (f->context, tc_connection_get_lines_in (first_peer (f->session)) == 1, WAIT_MS);
  tc_log_file_detach (log);
  g_assert_true (tc_log_file_flush (log, &error));
  g_assert_no_error (error);

  text = read_file (path);
  g_test_message ("%s", text);
  at = text;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      at = strstr (at, expected[i]);
      g_assert_nonnull (at);
    }
}

typedef struct
{
  int     fd;
  guint   lines;
} Drain;

static gboolean
drained (gpointer data)
{
  Drain *drain = data;
  char buffer[65536];
  gssize n;

  while ((n = read (drain->fd, buffer, sizeof buffer)) > 0)
    for (gssize i = 0; i < n; i++)
      drain->lines += buffer[i] == '\n';
  return drain->lines >= 100000;
}

/* A file nobody takes from (a FIFO with a reader that does not read): the
 * events queue in memory and this thread goes on; all of them arrive
 * once it is read. */
static void
test_stuck_disk (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "fifo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = NULL;
  Drain drain = { -1, 0 };
  gint64 start;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  drain.fd = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (drain.fd, >=, 0);
  log = tc_log_file_new (path, TC_LOG_FILE_FORMAT_TEXT, 4096, 5, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 100000; i++)
    {
      write_received (log, "a line that the disk does not take yet", 0);
      if (i % 1000 == 0)
        g_main_context_iteration (f->context, FALSE);
    }
  g_test_message ("100000 events queued in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (tc_log_file_get_lost (log), ==, 0);

  /* Not a regular file: never rotated, even past the size. */
  g_assert_true (tc_test_wait_for (f->context, drained, &drain, WAIT_MS));
  g_assert_cmpuint (drain.lines, ==, 100000);
  g_assert_true (tc_log_file_flush (log, &error));
  {
    g_autofree char *rotated = g_strdup_printf ("%s.1", path);

    g_assert_false (g_file_test (rotated, G_FILE_TEST_EXISTS));
  }
  close (drain.fd);
}

static void
failed_cb (TcLogFile    *log,
           const GError *error,
           gpointer      user_data)
{
  GPtrArray *errors = user_data;

  g_ptr_array_add (errors, g_strdup (error->message));
}

/* A full disk: said once, with the file's name and why; later events are
 * counted as lost; the caller goes on. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = tc_log_file_new ("/dev/full", TC_LOG_FILE_FORMAT_TEXT, 1024, 5,
                                              &error);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  g_signal_connect (log, "failed", G_CALLBACK (failed_cb), errors);
  write_received (log, "one", 0);
  TC_WAIT_UNTIL (f->context, errors->len > 0, WAIT_MS);
  write_received (log, "two", 0);
  write_received (log, "three", 0);
  g_assert_false (tc_log_file_flush (log, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  tc_test_drain (f->context);

  g_assert_cmpuint (errors->len, ==, 1);
  g_test_message ("%s", (char *) errors->pdata[0]);
  g_assert_nonnull (strstr (errors->pdata[0], "/dev/full"));
  g_assert_nonnull (strstr (errors->pdata[0], g_strerror (ENOSPC)));
  g_assert_cmpuint (tc_log_file_get_lost (log), ==, 2);
  g_assert_true (tc_log_file_get_error (log) != NULL);
}

static void
problem_cb (TcObserveSettings *observe,
            const char        *message,
            gpointer           user_data)
{
  g_ptr_array_add (user_data, g_strdup (message));
}

static gboolean
file_has (const char *path,
          const char *text)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && strstr (contents, text) != NULL;
}

typedef struct
{
  const char *path;
  const char *text;
} FileHas;

static gboolean
file_has_cb (gpointer data)
{
  FileHas *has = data;

  return file_has (has->path, has->text);
}

/* The windows' setting: on, a format, a file that cannot be opened. */
static void
test_settings_log_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = tc_settings_new ("io.github.tcpchat.Server");
  g_autoptr(TcObserveSettings) observe = tc_observe_settings_new (settings, f->session);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (f->tmpdir, "window.log", NULL);
  g_autofree char *jsonl = g_build_filename (f->tmpdir, "window.jsonl", NULL);
  g_autoptr(TcRawPeer) peer = NULL;
  FileHas has = { path, "] < hello\n" };

  g_signal_connect (observe, "problem", G_CALLBACK (problem_cb), problems);
  tc_observe_settings_start (observe);
  g_assert_null (tc_observe_settings_get_log_file (observe));

  g_settings_set_string (settings, "log-file-path", path);
  g_settings_set_boolean (settings, "log-file", TRUE);
  g_assert_nonnull (tc_observe_settings_get_log_file (observe));

  peer = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
  tc_raw_peer_send_all (peer, "hello\n", 6, WAIT_MS);
  g_assert_true (tc_test_wait_for (f->context, file_has_cb, &has, WAIT_MS));
  g_assert_true (file_has (path, "] connected\n"));

  g_settings_set_string (settings, "log-file-format", "jsonl");
  g_settings_set_string (settings, "log-file-path", jsonl);
  tc_raw_peer_send_all (peer, "again\n", 6, WAIT_MS);
  has.path = jsonl;
  has.text = "\"kind\":\"in\"";
  g_assert_true (tc_test_wait_for (f->context, file_has_cb, &has, WAIT_MS));
  g_assert_true (file_has (jsonl, "\"text\":\"again\""));
  g_assert_false (file_has (path, "again"));
  g_assert_cmpuint (problems->len, ==, 0);

  g_settings_set_string (settings, "log-file-path", "/nonexistent-dir/window.log");
  g_assert_cmpuint (problems->len, ==, 1);
  g_test_message ("%s", (char *) problems->pdata[0]);
  g_assert_nonnull (strstr (problems->pdata[0], "/nonexistent-dir/window.log"));
  g_assert_null (tc_observe_settings_get_log_file (observe));

  g_settings_set_boolean (settings, "log-file", FALSE);
  g_assert_cmpuint (problems->len, ==, 1);
  tc_raw_peer_close (peer);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 0, WAIT_MS);
}

/* A new limit applies to the open file: past it, the next event rotates. */
static void
test_set_rotation (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmpdir, "limit.log", NULL);
  g_autofree char *first = g_strdup_printf ("%s.1", path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TcLogFile) log = tc_log_file_new (path, TC_LOG_FILE_FORMAT_TEXT, 0, 5, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < 40; i++)
    write_received (log, "forty of these make more than a KiB", 0);
  g_assert_true (tc_log_file_flush (log, &error));
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));

  tc_log_file_set_rotation (log, 1024, 1);
  write_received (log, "past the new limit", 0);
  g_assert_true (tc_log_file_flush (log, &error));
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (file_has (path, "past the new limit"));
}

/* The window's encoding: the file's text reads as its log does, and the
 * JSON Lines keep the bytes exactly as they came. */
static void
test_settings_log_file_encoding (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = tc_settings_new ("io.github.tcpchat.Server");
  g_autoptr(TcObserveSettings) observe = NULL;
  g_autofree char *path = g_build_filename (f->tmpdir, "gb18030.log", NULL);
  g_autofree char *jsonl = g_build_filename (f->tmpdir, "gb18030.jsonl", NULL);
  g_autoptr(TcRawPeer) peer = NULL;
  FileHas has = { path, "] < \u4f60\u597d\n" };
  const char *keys[] = { "encoding", "log-file", "log-file-path", "log-file-format" };

  g_settings_set_string (settings, "encoding", "GB18030");
  g_settings_set_string (settings, "log-file-format", "text");
  g_settings_set_string (settings, "log-file-path", path);
  g_settings_set_boolean (settings, "log-file", TRUE);
  observe = tc_observe_settings_new (settings, f->session);
  tc_observe_settings_start (observe);
  g_assert_nonnull (tc_observe_settings_get_log_file (observe));

  peer = tc_raw_peer_connect (f->context, f->port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 1, WAIT_MS);
  /* 你好 in GB18030 */
  tc_raw_peer_send_all (peer, "\xc4\xe3\xba\xc3\n", 5, WAIT_MS);
  g_assert_true (tc_test_wait_for (f->context, file_has_cb, &has, WAIT_MS));

  g_settings_set_string (settings, "log-file-format", "jsonl");
  g_settings_set_string (settings, "log-file-path", jsonl);
  tc_raw_peer_send_all (peer, "\xc4\xe3\xba\xc3\n", 5, WAIT_MS);
  has.path = jsonl;
  has.text = "\"kind\":\"in\"";
  g_assert_true (tc_test_wait_for (f->context, file_has_cb, &has, WAIT_MS));
  g_assert_true (file_has (jsonl, "\"b64\":\"xOO6wwo=\",\"text\":\"\u4f60\u597d\",\"len\":4,"));

  tc_raw_peer_close (peer);
  TC_WAIT_UNTIL (f->context, tc_session_get_n_peers (f->session) == 0, WAIT_MS);
  g_clear_object (&observe);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* The window's log file turned off while its disk takes nothing: the
 * window waits 2 seconds, not for ever, and says how many events were
 * not written. */
static void
test_settings_log_file_stuck (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GSettings) settings = tc_settings_new ("io.github.tcpchat.Server");
  g_autoptr(TcObserveSettings) observe = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (f->tmpdir, "fifo", NULL);
  const char *keys[] = { "log-file", "log-file-path", "log-file-format" };
  TcLogFile *log;
  gint64 start;
  int reader;

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  reader = open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader, >=, 0);
  g_settings_set_string (settings, "log-file-format", "text");
  g_settings_set_string (settings, "log-file-path", path);
  g_settings_set_boolean (settings, "log-file", TRUE);
  observe = tc_observe_settings_new (settings, f->session);
  g_signal_connect (observe, "problem", G_CALLBACK (problem_cb), problems);
  tc_observe_settings_start (observe);
  log = tc_observe_settings_get_log_file (observe);
  g_assert_nonnull (log);

  /* Far more than the pipe holds. */
  for (guint i = 0; i < 20000; i++)
    write_received (log, "a line that the disk does not take", 0);
  tc_test_drain (f->context);

  start = g_get_monotonic_time ();
  g_settings_set_boolean (settings, "log-file", FALSE);
  g_test_message ("closing took %.2f s",
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_null (tc_observe_settings_get_log_file (observe));
  g_assert_cmpuint (problems->len, ==, 1);
  g_test_message ("%s", (char *) problems->pdata[0]);
  g_assert_true (g_regex_match_simple ("^Logging to the file ended: \\d+ events not written: "
                                       ".*fifo took nothing for 2 seconds$",
                                       problems->pdata[0], 0, 0));

  g_clear_object (&observe);
  close (reader);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/observe/tcp-options", test_tcp_options);
  g_test_add_func ("/observe/keepalive-parse", test_keepalive_parse);
  g_test_add_func ("/observe/parse-size", test_parse_size);
  ADD ("/observe/rotation", test_rotation);
  ADD ("/observe/set-rotation", test_set_rotation);
  ADD ("/observe/jsonl", test_jsonl);
  ADD ("/observe/jsonl-conn-numbers", test_jsonl_conn_numbers);
  ADD ("/observe/stuck-disk", test_stuck_disk);
  ADD ("/observe/disk-full", test_disk_full);
  ADD ("/observe/settings-log-file", test_settings_log_file);
  ADD ("/observe/settings-log-file-encoding", test_settings_log_file_encoding);
  ADD ("/observe/settings-log-file-stuck", test_settings_log_file_stuck);

#undef ADD

  return g_test_run ();
}
