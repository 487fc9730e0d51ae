/* test-hostile-client.c: a hostile server against the real tcpchat-client --headless process
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <unistd.h>

#include "hostile-util.h"

#define MIB (1024 * 1024)
#define MAX_LINE (64 * 1024)

/* The test is the server: a raw listening socket, and the client's
 * connection as a raw peer that can send anything, stall and reset.
 */
typedef struct
{
  GMainContext *context;
  GSocket      *listener;
  guint16       port;
  TcTestChild  *client;
  TcRawPeer    *server;
  char         *address;
} Fixture;

static void
fixture_start (Fixture *fixture)
{
  const char *binary = g_getenv ("TCPCHAT_CLIENT");
  const char *argv[] = { binary, "--headless", "--connect", NULL, NULL };

  g_assert_nonnull (binary);
  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);

  fixture->listener = tc_raw_listen (&fixture->port);
  fixture->address = g_strdup_printf ("127.0.0.1:%u", fixture->port);
  argv[3] = fixture->address;
  /* Its memory and pace are measured: never valgrind's. */
  fixture->client = tc_test_child_spawn (fixture->context, NULL,
                                         TC_TEST_CHILD_CAPTURE_STDERR | TC_TEST_CHILD_NO_VALGRIND,
                                         argv);
  fixture->server = tc_raw_peer_accept (fixture->context, fixture->listener, 10000,
                                        TC_RAW_PEER_KEEP_INPUT);
  TC_WAIT_UNTIL (fixture->context, strstr (fixture->client->err->str, "connected to ") != NULL,
                 10000);
}

static void
fixture_stop (Fixture *fixture)
{
  g_clear_pointer (&fixture->server, tc_raw_peer_free);
  g_clear_pointer (&fixture->client, tc_test_child_free);
  g_clear_object (&fixture->listener);
  g_clear_pointer (&fixture->address, g_free);
  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

/* The server closes: the client exits with 0 and says so. */
static void
fixture_close_normally (Fixture *fixture)
{
  tc_raw_peer_close (fixture->server);
  g_assert_cmpint (tc_test_child_wait_exit (fixture->client, 10000), ==, 0);
  g_assert_nonnull (strstr (fixture->client->err->str, "connection closed"));
}

static void
assert_all_bytes (const char *data,
                  gsize       len,
                  char        byte)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != byte)
      g_error ("byte %" G_GSIZE_FORMAT " is 0x%02x, not '%c'", i, (guchar) data[i], byte);
}

/* ---- 100 MB without a newline ---- */

static void
test_long_line (void)
{
  const guint64 total = (tc_test_under_valgrind () ? 8 : 100) * (guint64) MIB;
  Fixture fixture = { 0 };
  g_autofree char *chunk = g_malloc (64 * 1024);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *stdin_pipe;
  const char *out;
  gsize rss_before, rss_peak;
  guint64 sent = 0;
  gint64 start;
  GPid pid;

  fixture_start (&fixture);
  pid = tc_test_child_get_pid (fixture.client);
  tc_raw_peer_set_reading (fixture.server, TRUE);

  /* Warm up with one long line of another letter, so only growth is
   * measured next.
   */
  memset (chunk, 'w', 64 * 1024);
  for (guint i = 0; i < 16; i++)
    tc_raw_peer_send_all (fixture.server, chunk, 64 * 1024, 10000);
  tc_raw_peer_send_all (fixture.server, "\n", 1, 10000);
  TC_WAIT_UNTIL (fixture.context, fixture.client->out->len == MAX_LINE + 1, 10000);
  TC_WAIT_UNTIL (fixture.context, strstr (fixture.client->err->str, "too long") != NULL, 10000);

  rss_before = rss_peak = hostile_rss_kib (pid);
  start = g_get_monotonic_time ();
  memset (chunk, 'x', 64 * 1024);
  while (sent < total)
    {
      gsize n = (gsize) MIN (64 * 1024, total - sent);

      tc_raw_peer_send_all (fixture.server, chunk, n, 30000);
      sent += n;
      if (sent % (4 * MIB) == 0)
        rss_peak = MAX (rss_peak, hostile_rss_kib (pid));
    }
  tc_raw_peer_send_all (fixture.server, "\nafter\n", 7, 10000);

  TC_WAIT_UNTIL (fixture.context, g_str_has_suffix (fixture.client->out->str, "\nafter\n"), 30000);
  rss_peak = MAX (rss_peak, hostile_rss_kib (pid));
  g_test_message ("headless client, %" G_GUINT64_FORMAT " MiB line: %.2f s, RSS %" G_GSIZE_FORMAT
                  " -> peak %" G_GSIZE_FORMAT " KiB (growth %" G_GSIZE_FORMAT " KiB)",
                  total / MIB, (g_get_monotonic_time () - start) / 1e6, rss_before, rss_peak,
                  rss_peak - rss_before);
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (rss_peak - rss_before, <, 4 * 1024);

  /* Stdout: the warm-up line, the first max-line bytes of the long one,
   * then the next line, each ended by "\n".
   */
  out = fixture.client->out->str;
  g_assert_cmpuint (fixture.client->out->len, ==, 2 * (MAX_LINE + 1) + strlen ("after\n"));
  assert_all_bytes (out, MAX_LINE, 'w');
  g_assert_cmpint (out[MAX_LINE], ==, '\n');
  assert_all_bytes (out + MAX_LINE + 1, MAX_LINE, 'x');
  g_assert_cmpstr (out + 2 * MAX_LINE + 1, ==, "\nafter\n");

  /* Stderr: how much was dropped, in words. */
  expected = g_strdup_printf ("a line from the server was too long: %" G_GUINT64_FORMAT
                              " bytes after the first %u were dropped",
                              total - MAX_LINE, (guint) MAX_LINE);
  TC_WAIT_UNTIL (fixture.context, strstr (fixture.client->err->str, expected) != NULL, 10000);

  /* The connection survives, both ways. */
  g_assert_false (fixture.client->exited);
  stdin_pipe = g_subprocess_get_stdin_pipe (fixture.client->process);
  g_output_stream_write_all (stdin_pipe, "pong\n", 5, NULL, NULL, &error);
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture.context, fixture.server->lines_in == 1, 10000);
  g_assert_cmpstr (fixture.server->in->str, ==, "pong\n");

  fixture_close_normally (&fixture);
  fixture_stop (&fixture);
}

/* ---- Hostile bytes ---- */

static void
test_nasty_bytes (void)
{
  static const char sent[] =
    "bad utf-8 \xff\xfe \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xc0\xaf\n"
    "nul a\0b\0\0c\0\n"
    "esc \x1b[2J\x1b]0;title\x07 \x1b[31mred\x1b[0m \xc2\x9b" "1m \x9b\n"
    "bidi \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xef\xbb\xbf\n"
    "crlf line\r\n"
    "lone \r inside\n"
    "two cr\r\r\n"
    "\r\n"
    "\n"
    "\x7f\x01\x02\x03\x08\t\x0b\x0c\n";
  /* The same bytes, line terminators included. */
  static const char expected[] =
    "bad utf-8 \xff\xfe \xc3\x28 \xed\xa0\x80 \xf8\x88\x80\x80\x80 \xc0\xaf\n"
    "nul a\0b\0\0c\0\n"
    "esc \x1b[2J\x1b]0;title\x07 \x1b[31mred\x1b[0m \xc2\x9b" "1m \x9b\n"
    "bidi \xe2\x80\xae" "evil\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xef\xbb\xbf\n"
    "crlf line\r\n"
    "lone \r inside\n"
    "two cr\r\r\n"
    "\r\n"
    "\n"
    "\x7f\x01\x02\x03\x08\t\x0b\x0c\n";
  Fixture fixture = { 0 };
  g_autoptr(GError) error = NULL;

  fixture_start (&fixture);
  g_socket_set_option (fixture.server->socket, IPPROTO_TCP, TCP_NODELAY, 1, &error);
  g_assert_no_error (error);

  /* Once in one piece, once a byte at a time. */
  tc_raw_peer_send_all (fixture.server, sent, sizeof sent - 1, 5000);
  TC_WAIT_UNTIL (fixture.context, fixture.client->out->len >= sizeof expected - 1, 10000);
  for (gsize i = 0; i < sizeof sent - 1; i++)
    {
      tc_raw_peer_send_all (fixture.server, sent + i, 1, 5000);
      g_main_context_iteration (fixture.context, FALSE);
    }
  TC_WAIT_UNTIL (fixture.context, fixture.client->out->len >= 2 * (sizeof expected - 1), 10000);

  g_assert_cmpuint (fixture.client->out->len, ==, 2 * (sizeof expected - 1));
  g_assert_cmpmem (fixture.client->out->str, sizeof expected - 1, expected, sizeof expected - 1);
  g_assert_cmpmem (fixture.client->out->str + sizeof expected - 1, sizeof expected - 1,
                   expected, sizeof expected - 1);

  /* Every line was whole: nothing flagged. */
  g_assert_null (strstr (fixture.client->err->str, "too long"));
  g_assert_null (strstr (fixture.client->err->str, "no newline"));

  fixture_close_normally (&fixture);
  g_assert_cmpuint (fixture.client->out->len, ==, 2 * (sizeof expected - 1));
  fixture_stop (&fixture);
}

/* ---- Reset mid-line ---- */

static void
test_reset_mid_line (void)
{
  Fixture fixture = { 0 };
  g_autofree char *reset = NULL;

  fixture_start (&fixture);
  reset = g_strdup_printf ("Connection reset by %s", fixture.address);

  tc_raw_peer_send_all (fixture.server, "whole\npart of a li", 18, 5000);
  /* "whole" is out, so the fragment after it was read too. */
  TC_WAIT_UNTIL (fixture.context, fixture.client->out->len >= 6, 10000);
  tc_raw_peer_reset (fixture.server);

  g_assert_cmpint (tc_test_child_wait_exit (fixture.client, 10000), ==, 1);

  /* The fragment is delivered on stdout as it came and flagged on stderr. */
  g_assert_cmpstr (fixture.client->out->str, ==, "whole\npart of a li");
  g_test_message ("stderr: %s", fixture.client->err->str);
  g_assert_nonnull (strstr (fixture.client->err->str,
                            "the last line from the server had no newline at end"));
  g_assert_nonnull (strstr (fixture.client->err->str, reset));
  g_assert_null (strstr (fixture.client->err->str, "connection closed"));

  fixture_stop (&fixture);
}

/* ---- 200 MB of lines on stdin, a slow server ---- */

/* Writes numbered lines into the client's stdin as fast as the pipe takes
 * them, from the main context; the client reads stdin only as fast as its
 * connection drains, so the pipe fills and this waits.
 */
typedef struct
{
  TcTestChild   *child;
  GOutputStream *pipe;
  int            fd;
  GSource       *source;
  guint64        target;
  guint64        bytes;
  guint64        n_lines;
  GString       *buffer;
  gsize          offset;
  GChecksum     *checksum;
  guint64        n_blocked;
  gboolean       done;
} Feeder;

static void
format_line (GString *out,
             guint64  i)
{
  guint width = 20 + (guint) (i % 97);

  g_string_append_printf (out, "%09" G_GUINT64_FORMAT " ", i);
  for (guint k = 0; k < width; k++)
    g_string_append_c (out, (char) ('a' + (i + k) % 26));
  g_string_append_c (out, '\n');
}

static gboolean
feeder_writable_cb (int           fd,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Feeder *feeder = user_data;

  for (guint round = 0; round < 16; round++)
    {
      gssize n;
      int saved_errno;

      if (feeder->offset == feeder->buffer->len)
        {
          g_string_truncate (feeder->buffer, 0);
          feeder->offset = 0;
          while (feeder->bytes + feeder->buffer->len < feeder->target &&
                 feeder->buffer->len < 60 * 1024)
            format_line (feeder->buffer, feeder->n_lines++);

          if (feeder->buffer->len == 0)
            {
              g_autoptr(GError) error = NULL;

              /* The end of stdin for the client. */
              g_output_stream_close (feeder->pipe, NULL, &error);
              g_assert_no_error (error);
              feeder->done = TRUE;
              g_clear_pointer (&feeder->source, g_source_unref);
              return G_SOURCE_REMOVE;
            }
          g_checksum_update (feeder->checksum, (const guchar *) feeder->buffer->str,
                             (gssize) feeder->buffer->len);
        }

      n = write (fd, feeder->buffer->str + feeder->offset, feeder->buffer->len - feeder->offset);
      saved_errno = errno;
      if (n > 0)
        {
          feeder->offset += (gsize) n;
          feeder->bytes += (guint64) n;
          continue;
        }

      g_assert_cmpint (n, <, 0);
      if (saved_errno == EAGAIN || saved_errno == EINTR)
        {
          feeder->n_blocked++;
          break;
        }
      g_error ("writing to the client's stdin: %s (the client said: %s)",
               g_strerror (saved_errno), feeder->child->err->str);
    }

  return G_SOURCE_CONTINUE;
}

static void
feeder_start (Feeder       *feeder,
              TcTestChild  *child,
              GMainContext *context,
              guint64       target)
{
  g_autoptr(GError) error = NULL;

  feeder->child = child;
  feeder->pipe = g_object_ref (g_subprocess_get_stdin_pipe (child->process));
  feeder->fd = g_unix_output_stream_get_fd (G_UNIX_OUTPUT_STREAM (feeder->pipe));
  feeder->target = target;
  feeder->buffer = g_string_sized_new (64 * 1024);
  feeder->checksum = g_checksum_new (G_CHECKSUM_SHA1);

  /* Only the test's end of the pipe: the client's end stays blocking. */
  g_unix_set_fd_nonblocking (feeder->fd, TRUE, &error);
  g_assert_no_error (error);

  feeder->source = g_unix_fd_source_new (feeder->fd, G_IO_OUT | G_IO_ERR);
  g_source_set_callback (feeder->source, G_SOURCE_FUNC (feeder_writable_cb), feeder, NULL);
  g_source_attach (feeder->source, context);
}

static void
feeder_clear (Feeder *feeder)
{
  if (feeder->source != NULL)
    {
      g_source_destroy (feeder->source);
      g_clear_pointer (&feeder->source, g_source_unref);
    }
  g_clear_object (&feeder->pipe);
  g_string_free (feeder->buffer, TRUE);
  g_checksum_free (feeder->checksum);
}

/* The server's side: reads a slice per tick, with a pause every so often,
 * and checks the lines as they come.
 */
typedef struct
{
  TcRawPeer  *peer;
  GChecksum  *checksum;
  guint64     ticks;
  guint64     n_bad;
  guint64     next;
  GString    *scratch;
} SlowServer;

#define SLOW_READ_PER_TICK (48 * 1024)
#define SLOW_PAUSE_EVERY   100   /* ticks */
#define SLOW_PAUSE_TICKS   20

static void
slow_server_line (TcRawPeer  *peer,
                  const char *line,
                  gsize       len,
                  gpointer    user_data)
{
  SlowServer *server = user_data;

  g_checksum_update (server->checksum, (const guchar *) line, (gssize) len);
  g_checksum_update (server->checksum, (const guchar *) "\n", 1);

  /* In order and whole: compare with the line it should be. */
  g_string_truncate (server->scratch, 0);
  format_line (server->scratch, server->next++);
  if (len + 1 != server->scratch->len || memcmp (line, server->scratch->str, len) != 0)
    {
      if (server->n_bad++ < 5)
        g_test_message ("unexpected line %" G_GUINT64_FORMAT ": %.*s", server->next - 1,
                        (int) MIN (len, 200), line);
    }
}

static gboolean
slow_server_tick (gpointer user_data)
{
  SlowServer *server = user_data;

  /* A break now and then: the client's queue fills and it must stop
   * reading stdin rather than buffer it.
   */
  if (server->ticks++ % SLOW_PAUSE_EVERY >= SLOW_PAUSE_EVERY - SLOW_PAUSE_TICKS)
    return G_SOURCE_CONTINUE;

  tc_raw_peer_read_some (server->peer);
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  GPid       pid;
  TcRawPeer *peer;
  gsize      baseline;   /* KiB, once warmed up */
  gsize      peak;
  guint      n_samples;
} RssWatch;

static gboolean
rss_watch_tick (gpointer user_data)
{
  RssWatch *watch = user_data;
  gsize rss = hostile_rss_kib (watch->pid);

  /* The first megabytes settle the buffers a connection in use keeps. */
  if (watch->peer->bytes_in < 8 * MIB)
    return G_SOURCE_CONTINUE;

  if (watch->baseline == 0)
    watch->baseline = rss;
  watch->peak = MAX (watch->peak, rss);
  watch->n_samples++;

  return G_SOURCE_CONTINUE;
}

static void
test_large_input (void)
{
  /* Under the sanitizers, where the memory bound is not asserted, half of
   * it keeps the run short.
   */
  const guint64 total = (tc_test_under_valgrind () ? 16 :
                         hostile_rss_is_meaningful () ? 200 : 100) * (guint64) MIB;
  Fixture fixture = { 0 };
  Feeder feeder = { 0 };
  SlowServer server = { 0 };
  RssWatch watch = { 0 };
  g_autoptr(GSource) tick = NULL;
  g_autoptr(GSource) sampler = NULL;
  gint64 start;

  fixture_start (&fixture);
  watch.pid = tc_test_child_get_pid (fixture.client);
  watch.peer = fixture.server;

  /* Lines are checked as they come rather than kept. */
  fixture.server->keep_input = FALSE;
  server.peer = fixture.server;
  server.checksum = g_checksum_new (G_CHECKSUM_SHA1);
  server.scratch = g_string_new (NULL);
  fixture.server->line_func = slow_server_line;
  fixture.server->line_data = &server;
  fixture.server->read_limit = SLOW_READ_PER_TICK;

  tick = g_timeout_source_new (1);
  g_source_set_callback (tick, slow_server_tick, &server, NULL);
  g_source_attach (tick, fixture.context);
  sampler = g_timeout_source_new (25);
  g_source_set_callback (sampler, rss_watch_tick, &watch, NULL);
  g_source_attach (sampler, fixture.context);

  start = g_get_monotonic_time ();
  feeder_start (&feeder, fixture.client, fixture.context, total);

  /* At the end of stdin the client half-closes: the end of stream here. */
  TC_WAIT_UNTIL (fixture.context, feeder.done && fixture.server->eof, 120000);
  rss_watch_tick (&watch);
  g_source_destroy (tick);
  g_source_destroy (sampler);

  g_test_message ("%" G_GUINT64_FORMAT " lines, %" G_GUINT64_FORMAT " bytes through the headless "
                  "client in %.2f s (stdin full %" G_GUINT64_FORMAT " times); client RSS %"
                  G_GSIZE_FORMAT " -> peak %" G_GSIZE_FORMAT " KiB over %u samples",
                  feeder.n_lines, feeder.bytes, (g_get_monotonic_time () - start) / 1e6,
                  feeder.n_blocked, watch.baseline, watch.peak, watch.n_samples);

  /* Every line, in order, byte for byte. */
  g_assert_no_error (fixture.server->error);
  g_assert_cmpuint (fixture.server->lines_in, ==, feeder.n_lines);
  g_assert_cmpuint (fixture.server->bytes_in, ==, feeder.bytes);
  g_assert_cmpuint (server.n_bad, ==, 0);
  g_assert_cmpstr (g_checksum_get_string (server.checksum), ==,
                   g_checksum_get_string (feeder.checksum));

  /* Constant memory, whatever the size of the input. */
  g_assert_cmpuint (watch.n_samples, >, 0);
  if (hostile_rss_is_meaningful ())
    g_assert_cmpuint (watch.peak - watch.baseline, <, 16 * 1024);

  /* The server closes in turn: a normal end. */
  g_assert_nonnull (strstr (fixture.client->err->str, "end of input"));
  fixture_close_normally (&fixture);
  g_assert_cmpuint (fixture.client->out->len, ==, 0);

  feeder_clear (&feeder);
  g_checksum_free (server.checksum);
  g_string_free (server.scratch, TRUE);
  fixture_stop (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile/client/long-line-100mb", test_long_line);
  g_test_add_func ("/hostile/client/nasty-bytes", test_nasty_bytes);
  g_test_add_func ("/hostile/client/reset-mid-line", test_reset_mid_line);
  g_test_add_func ("/hostile/client/large-input-200mb", test_large_input);

  return g_test_run ();
}
