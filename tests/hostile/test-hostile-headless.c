/* test-hostile-headless.c: hostile peers against the real tcpchat-server --headless process
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hostile-util.h"

#define MIB (1024 * 1024)

typedef struct
{
  GMainContext *context;
  TcTestChild  *server;
  guint16       port;
} Fixture;

static void
fixture_start (Fixture    *fixture,
               const char *extra1,
               const char *extra2)
{
  const char *binary = g_getenv ("TCPCHAT_SERVER");
  const char *argv[] = { binary, "--headless", "--listen", "127.0.0.1:0", "--relay",
                         extra1, extra2, NULL };

  g_assert_nonnull (binary);
  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  /* Its memory and CPU time are measured: never valgrind's. */
  fixture->server = tc_test_child_spawn (fixture->context, NULL, TC_TEST_CHILD_NO_VALGRIND, argv);
  fixture->port = tc_test_child_wait_port (fixture->server);
}

static void
fixture_stop (Fixture *fixture)
{
  tc_test_child_terminate (fixture->server);
  g_assert_nonnull (strstr (fixture->server->out->str, " stopped\n"));
  g_clear_pointer (&fixture->server, tc_test_child_free);
  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static void
test_long_line (void)
{
  const guint64 total = 100 * (guint64) MIB;
  Fixture fixture = { 0 };
  g_autoptr(TcRawPeer) flooder = NULL;
  g_autoptr(TcRawPeer) observer = NULL;
  g_autofree char *chunk = g_malloc (64 * 1024);
  g_autofree char *expected = NULL;
  gsize rss_before, rss_peak;
  guint64 sent = 0;
  GPid pid;
  gint64 start;

  fixture_start (&fixture, NULL, NULL);
  pid = tc_test_child_get_pid (fixture.server);

  flooder = tc_raw_peer_connect (fixture.context, fixture.port, 0, TC_RAW_PEER_NONE);
  observer = tc_raw_peer_connect (fixture.context, fixture.port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (flooder, TRUE);
  tc_raw_peer_set_reading (observer, TRUE);
  TC_WAIT_UNTIL (fixture.context, count_substrings (fixture.server->out->str, "] connected\n") == 2,
                 10000);

  /* Warm up with one long line, so only growth is measured. */
  memset (chunk, 'x', 64 * 1024);
  for (guint i = 0; i < 16; i++)
    tc_raw_peer_send_all (flooder, chunk, 64 * 1024, 10000);
  tc_raw_peer_send_all (flooder, "\n", 1, 10000);
  TC_WAIT_UNTIL (fixture.context, observer->lines_in == 1, 10000);
  TC_WAIT_UNTIL (fixture.context, strstr (fixture.server->out->str, "more bytes discarded]") != NULL,
                 10000);

  rss_before = rss_peak = hostile_rss_kib (pid);
  start = g_get_monotonic_time ();
  while (sent < total)
    {
      gsize n = (gsize) MIN (64 * 1024, total - sent);

      tc_raw_peer_send_all (flooder, chunk, n, 30000);
      sent += n;
      if (sent % (8 * MIB) == 0)
        rss_peak = MAX (rss_peak, hostile_rss_kib (pid));
    }
  tc_raw_peer_send_all (flooder, "\n", 1, 10000);

  expected = g_strdup_printf ("[truncated: %" G_GUINT64_FORMAT " more bytes discarded]",
                              total - 64 * 1024);
  TC_WAIT_UNTIL (fixture.context, strstr (fixture.server->out->str, expected) != NULL, 30000);
  rss_peak = MAX (rss_peak, hostile_rss_kib (pid));
  g_test_message ("headless server, 100 MiB line: %.2f s, RSS %" G_GSIZE_FORMAT " -> peak %"
                  G_GSIZE_FORMAT " KiB (growth %" G_GSIZE_FORMAT " KiB)",
                  (g_get_monotonic_time () - start) / 1e6, rss_before, rss_peak,
                  rss_peak - rss_before);
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 2 * 1024);

  /* Still connected, and the other client still served. */
  tc_raw_peer_send_all (flooder, "after\n", 6, 5000);
  TC_WAIT_UNTIL (fixture.context, observer->lines_in == 3, 10000);
  g_assert_true (g_str_has_suffix (observer->in->str, "] after\n"));
  g_assert_null (strstr (fixture.server->out->str, "disconnected"));

  fixture_stop (&fixture);
}

static void
test_connect_storm (void)
{
  enum { MAX = 5, N = 60 };
  Fixture fixture = { 0 };
  TcRawPeer *peers[N];
  guint n_eof, n_admitted = 0;

  fixture_start (&fixture, "--max-clients", "5");

  for (guint i = 0; i < N; i++)
    {
      peers[i] = tc_raw_peer_connect (fixture.context, fixture.port, 0, TC_RAW_PEER_NONE);
      tc_raw_peer_set_reading (peers[i], TRUE);
    }

  TC_WAIT_UNTIL (fixture.context,
                 count_substrings (fixture.server->out->str, "] rejected: ") == N - MAX, 20000);
  g_assert_cmpuint (count_substrings (fixture.server->out->str, "] connected\n"), ==, MAX);

  do
    {
      n_eof = 0;
      for (guint i = 0; i < N; i++)
        n_eof += peers[i]->eof ? 1 : 0;
      if (n_eof < N - MAX)
        g_main_context_iteration (fixture.context, TRUE);
    }
  while (n_eof < N - MAX);

  for (guint i = 0; i < N; i++)
    if (!peers[i]->eof)
      {
        tc_raw_peer_send_all (peers[i], "hello\n", 6, 5000);
        n_admitted++;
      }
  g_assert_cmpuint (n_admitted, ==, MAX);
  TC_WAIT_UNTIL (fixture.context,
                 count_substrings (fixture.server->out->str, "] < hello\n") == MAX, 10000);

  for (guint i = 0; i < N; i++)
    tc_raw_peer_free (peers[i]);
  TC_WAIT_UNTIL (fixture.context,
                 count_substrings (fixture.server->out->str, "] disconnected: ") == MAX, 10000);
  fixture_stop (&fixture);
}

static void
test_nasty_relay (void)
{
  static const char nasty[] =
    "bad \xff\xfe \xc3\x28 \x1b[2J\x1b]0;title\x07 \xe2\x80\xae" "evil\xe2\x80\xac a\0b \xc2\x9b";
  Fixture fixture = { 0 };
  g_autoptr(TcRawPeer) sender = NULL;
  g_autoptr(TcRawPeer) receiver = NULL;
  const char *shown;

  fixture_start (&fixture, "--max-line", "2097152");
  sender = tc_raw_peer_connect (fixture.context, fixture.port, 0, TC_RAW_PEER_NONE);
  receiver = tc_raw_peer_connect (fixture.context, fixture.port, 0, TC_RAW_PEER_KEEP_INPUT);
  tc_raw_peer_set_reading (receiver, TRUE);
  TC_WAIT_UNTIL (fixture.context, count_substrings (fixture.server->out->str, "] connected\n") == 2,
                 10000);

  tc_raw_peer_send_all (sender, nasty, sizeof nasty - 1, 5000);
  tc_raw_peer_send_all (sender, "\n", 1, 5000);
  TC_WAIT_UNTIL (fixture.context, receiver->lines_in == 1, 10000);
  TC_WAIT_UNTIL (fixture.context, strstr (fixture.server->out->str, "] < bad ") != NULL, 10000);

  /* Relayed byte for byte... */
  shown = strchr (receiver->in->str, ']');
  g_assert_nonnull (shown);
  g_assert_cmpmem (shown + 2, receiver->in->len - (gsize) (shown + 2 - receiver->in->str) - 1,
                   nasty, sizeof nasty - 1);
  g_assert_cmpint (receiver->in->str[receiver->in->len - 1], ==, '\n');

  /* ...and printed with visible escapes, as valid UTF-8, one line. */
  g_assert_true (g_utf8_validate (fixture.server->out->str, (gssize) fixture.server->out->len, NULL));
  g_assert_null (memchr (fixture.server->out->str, '\x1b', fixture.server->out->len));
  g_assert_null (memchr (fixture.server->out->str, '\0', fixture.server->out->len));
  g_assert_null (strstr (fixture.server->out->str, "\xe2\x80\xae"));
  g_assert_nonnull (strstr (fixture.server->out->str, "\\xFF\\xFE"));
  g_assert_nonnull (strstr (fixture.server->out->str, "\\e[2J"));
  g_assert_nonnull (strstr (fixture.server->out->str, "<U+202E>evil"));
  g_assert_nonnull (strstr (fixture.server->out->str, "a\\0b"));

  fixture_stop (&fixture);
}

static guint64
cpu_ticks (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  g_assert_true (g_file_get_contents (path, &stat, NULL, NULL));
  /* The name in parentheses may hold spaces: count fields after it. */
  after_name = strrchr (stat, ')');
  g_assert_nonnull (after_name);
  fields = g_strsplit (after_name + 2, " ", 0);
  g_assert_cmpuint (g_strv_length (fields), >, 13);

  /* utime and stime, fields 14 and 15 of the whole line */
  return g_ascii_strtoull (fields[11], NULL, 10) + g_ascii_strtoull (fields[12], NULL, 10);
}

/* With 64 descriptors and 100 clients at the door, the server says once
 * what is wrong, does not spin, keeps serving those it admitted, and takes
 * the others in by itself as descriptors free up.
 */
static void
test_out_of_descriptors (void)
{
  enum { N = 100, LIMIT = 64, WINDOW_MS = 1000 };
  const char *binary = g_getenv ("TCPCHAT_SERVER");
  g_autofree char *nofile = g_strdup_printf ("--nofile=%d:%d", LIMIT, LIMIT);
  const char *argv[] = { "prlimit", nofile, "--", binary, "--headless", "--listen",
                         "127.0.0.1:0", NULL };
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_raw_peer_free);
  g_autofree char *expected = NULL;
  GMainContext *context;
  TcTestChild *server;
  guint16 port;
  guint64 ticks_before, ticks_after;
  guint admitted = 0;
  GPid pid;

  g_assert_nonnull (binary);
  g_autofree char *prlimit = g_find_program_in_path ("prlimit");

  if (prlimit == NULL && g_getenv ("CI") == NULL)
    {
      g_test_skip ("prlimit (util-linux) is not installed");
      return;
    }

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  server = tc_test_child_spawn (context, NULL, TC_TEST_CHILD_NO_VALGRIND, argv);
  port = tc_test_child_wait_port (server);
  pid = tc_test_child_get_pid (server);

  for (guint i = 0; i < N; i++)
    {
      g_autofree char *hello = g_strdup_printf ("hello %u\n", i);
      TcRawPeer *peer = tc_raw_peer_connect (context, port, 0, TC_RAW_PEER_READ);

      tc_raw_peer_send_all (peer, hello, strlen (hello), 5000);
      g_ptr_array_add (peers, peer);
    }

  expected = g_strdup_printf (" accepting paused: Out of file descriptors (limit %d): new "
                              "connections wait. Raise the limit with ulimit -n.\n", LIMIT);
  TC_WAIT_UNTIL (context, strstr (server->out->str, expected) != NULL, 10000);

  /* Those it took are served meanwhile. */
  TC_WAIT_UNTIL (context, (admitted = count_substrings (server->out->str, "] < hello ")) ==
                          count_substrings (server->out->str, "] connected\n"), 10000);
  g_assert_cmpuint (admitted, >, LIMIT / 2);
  g_assert_cmpuint (admitted, <, N);

  /* Waiting is not spinning: a second of it costs a small share of a
   * second of CPU (a busy loop on accept() costs all of it).
   */
  ticks_before = cpu_ticks (pid);
  tc_test_run_for (context, WINDOW_MS);
  ticks_after = cpu_ticks (pid);
  g_test_message ("out of descriptors: %u of %u admitted; %" G_GUINT64_FORMAT
                  " ticks of CPU in %d ms of waiting (%ld a second)", admitted, N,
                  ticks_after - ticks_before, WINDOW_MS, sysconf (_SC_CLK_TCK));
  g_assert_cmpuint (ticks_after - ticks_before, <, sysconf (_SC_CLK_TCK) * WINDOW_MS / 1000 / 4);
  g_assert_cmpuint (count_substrings (server->out->str, " accepting paused: "), ==, 1);

  /* The admitted ones leave; the rest get in by themselves. */
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *served = g_strdup_printf ("] < hello %u\n", i);

      if (strstr (server->out->str, served) != NULL)
        tc_raw_peer_close (g_ptr_array_index (peers, i));
    }
  TC_WAIT_UNTIL (context, count_substrings (server->out->str, "] < hello ") == N, 20000);
  g_assert_nonnull (strstr (server->out->str, " accepting again\n"));
  g_assert_cmpuint (count_substrings (server->out->str, " accepting paused: "), ==, 1);

  tc_test_child_terminate (server);
  g_assert_nonnull (strstr (server->out->str, " stopped\n"));
  tc_test_child_free (server);
  g_clear_pointer (&peers, g_ptr_array_unref);
  tc_test_drain (context);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

/* A log file that takes nothing (a FIFO nobody reads) while twenty clients
 * flood the server at once: the server reads them all, each gets its turn,
 * a quiet client is still heard, the log's queue keeps its bound, and at
 * the end stderr says how many events the file did not get.
 */
static void
test_log_file_stuck_flood (void)
{
  enum { N = 20 };
  const guint64 total = (tc_test_under_valgrind () ? 4 : 48) * (guint64) MIB;
  const char *binary = g_getenv ("TCPCHAT_SERVER");
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-stuck-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "stuck.log", NULL);
  g_autofree char *log_option = g_strconcat ("--log-file=", fifo, NULL);
  const char *argv[] = { binary, "--headless", "--listen", "127.0.0.1:0", "--framing=raw",
                         log_option, NULL };
  g_autoptr(TcFlood) flood = tc_flood_new ();
  g_autoptr(TcRawPeer) quiet = NULL;
  GMainContext *context;
  TcTestChild *server;
  gsize rss_before, rss_peak;
  gsize sent_at, heard_after;
  const char *heard;
  guint16 port;
  int reader;
  GPid pid;

  g_assert_nonnull (binary);
  g_assert_nonnull (dir);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader, >=, 0);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  server = tc_test_child_spawn (context, NULL,
                                TC_TEST_CHILD_CAPTURE_STDERR | TC_TEST_CHILD_NO_VALGRIND, argv);
  port = tc_test_child_wait_port (server);
  pid = tc_test_child_get_pid (server);
  rss_before = rss_peak = hostile_rss_kib (pid);

  for (guint i = 0; i < N; i++)
    tc_flood_add (flood, tc_raw_peer_connect (flood->context, port, 0, TC_RAW_PEER_NONE));
  quiet = tc_raw_peer_connect (context, port, 0, TC_RAW_PEER_NONE);
  TC_WAIT_UNTIL (context, count_substrings (server->out->str, "] connected\n") == N + 1, 10000);

  /* The server prints what it reads: its output grows as it takes the
   * floods, whatever the log file does. */
  tc_flood_start (flood);
  for (guint64 step = total / 8; step <= total; step += total / 8)
    {
      TC_WAIT_UNTIL (context, server->exited || server->out->len >= step, 60000);
      g_assert_false (server->exited);
      rss_peak = MAX (rss_peak, hostile_rss_kib (pid));
    }
  /* The quiet client is heard soon, in bytes of the floods printed
   * before it, however slowly this test takes the output. */
  sent_at = server->out->len;
  tc_raw_peer_send_all (quiet, "quiet one\n", 10, 5000);
  TC_WAIT_UNTIL (context, (heard = strstr (server->out->str + sent_at, "quiet one")) != NULL,
                 60000);
  heard_after = (gsize) (heard - server->out->str) - sent_at;
  tc_flood_stop (flood);
  g_test_message ("the quiet client was heard after %" G_GSIZE_FORMAT " bytes of floods",
                  heard_after);
  /* Each main-loop iteration reads at most 256 KiB from each ready peer,
   * so the line is printed within two rounds of the flooders' reads
   * (10 MiB), the one under way and the next. */
  g_assert_cmpuint (heard_after, <, 16 * MIB);

  for (guint i = 0; i < N; i++)
    {
      TcRawPeer *peer = g_ptr_array_index (flood->peers, i);

      g_test_message ("flooder %u: %" G_GUINT64_FORMAT " bytes taken", i, peer->bytes_out);
      g_assert_cmpuint (peer->bytes_out, >, total / N / 10);
    }
  g_test_message ("stuck log file, %d flooders: RSS %" G_GSIZE_FORMAT " -> peak %" G_GSIZE_FORMAT
                  " KiB", N, rss_before, rss_peak);
  /* The queue is bounded at 32 MiB; the rest is the sockets' and stdout's. */
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 64 * 1024);

  g_subprocess_send_signal (server->process, SIGTERM);
  tc_test_child_wait (server, 10000);
  g_assert_true (g_regex_match_simple ("^tcpchat-server: --log-file: \\d+ events not written: ",
                                       server->err->str, G_REGEX_MULTILINE, 0));

  close (reader);
  g_unlink (fifo);
  g_rmdir (dir);
  tc_test_child_free (server);
  g_clear_pointer (&flood, tc_flood_free);
  g_clear_pointer (&quiet, tc_raw_peer_free);
  tc_test_drain (context);
  g_main_context_pop_thread_default (context);
  g_main_context_unref (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/headless/long-line-100mb", test_long_line);
  g_test_add_func ("/hostile/headless/connect-storm", test_connect_storm);
  g_test_add_func ("/hostile/headless/nasty-relay", test_nasty_relay);
  g_test_add_func ("/hostile/headless/out-of-descriptors", test_out_of_descriptors);
  g_test_add_func ("/hostile/headless/log-file-stuck-flood", test_log_file_stuck_flood);

  return g_test_run ();
}
