/* test-headless.c: the built tcpchat-server and tcpchat-client against each other, nc, socat and Python
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tc-test-child.h"
#include "tc-test-util.h"

#define TIMEOUT_MS 20000
/* How soon a program must end once the reader of its stdout has left. */
#define OUTPUT_GONE_MS 3000
/* The status it ends with, as a program killed by SIGPIPE gives its shell. */
#define OUTPUT_GONE_STATUS (128 + SIGPIPE)

typedef struct
{
  GMainContext *context;
  GPtrArray    *procs;
  char         *tmpdir;
} Fixture;

/* Starts argv with stdout and stderr read into ->out and ->err; stdin is a
 * pipe, or the file @stdin_path when given. The child goes with the fixture.
 */
static TcTestChild *
proc_spawn_flags (Fixture            *fixture,
                  const char         *stdin_path,
                  const char * const *argv,
                  TcTestChildFlags    flags)
{
  TcTestChild *proc;

  proc = tc_test_child_spawn (fixture->context, stdin_path,
                              TC_TEST_CHILD_CAPTURE_STDERR | flags, argv);
  g_ptr_array_add (fixture->procs, proc);

  return proc;
}

static TcTestChild *
proc_spawn_full (Fixture            *fixture,
                 const char         *stdin_path,
                 const char * const *argv,
                 gboolean            no_display)
{
  return proc_spawn_flags (fixture, stdin_path, argv,
                           no_display ? TC_TEST_CHILD_NO_DISPLAY : TC_TEST_CHILD_NONE);
}

/* For the i-th of many cases of refused arguments: under valgrind, one
 * case in four runs there (each start costs it a second of CPU, and the
 * cases share one path out); the sanitizer build runs them all. */
static TcTestChildFlags
sampled_valgrind (guint i)
{
  return i % 4 == 0 ? TC_TEST_CHILD_NONE : TC_TEST_CHILD_NO_VALGRIND;
}

static TcTestChild *
proc_spawn (Fixture            *fixture,
            const char         *stdin_path,
            const char * const *argv)
{
  return proc_spawn_full (fixture, stdin_path, argv, FALSE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->procs = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_test_child_free);
  fixture->tmpdir = g_dir_make_tmp ("tcpchat-headless-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->procs);

  {
    g_autoptr(GFile) dir = g_file_new_for_path (fixture->tmpdir);
    g_autoptr(GFileEnumerator) e = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                              0, NULL, NULL);
    GFileInfo *info;

    while (e != NULL && (info = g_file_enumerator_next_file (e, NULL, NULL)) != NULL)
      {
        g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));
        g_file_delete (child, NULL, NULL);
        g_object_unref (info);
      }
    g_file_delete (dir, NULL, NULL);
  }
  g_free (fixture->tmpdir);

  tc_test_drain (fixture->context);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

static const char *
server_path (void)
{
  const char *path = g_getenv ("TCPCHAT_SERVER");

  g_assert_nonnull (path);
  return path;
}

static const char *
client_path (void)
{
  const char *path = g_getenv ("TCPCHAT_CLIENT");

  g_assert_nonnull (path);
  return path;
}

static char *
peer_script (void)
{
  const char *srcdir = g_getenv ("TCPCHAT_TESTS_SRCDIR");

  g_assert_nonnull (srcdir);
  return g_build_filename (srcdir, "headless", "peer.py", NULL);
}

/* The number after the last space of the first line that contains @marker. */
static guint16
find_port (GString    *text,
           const char *marker)
{
  const char *line = strstr (text->str, marker);
  const char *eol, *p;
  guint64 port;

  g_assert_nonnull (line);
  eol = strchr (line, '\n');
  g_assert_nonnull (eol);
  for (p = eol; p > line && g_ascii_isdigit (p[-1]); p--)
    ;
  port = g_ascii_strtoull (p, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, 65535);
  return (guint16) port;
}

static gboolean
has_text (GString    *text,
          const char *needle)
{
  return g_strstr_len (text->str, (gssize) text->len, needle) != NULL;
}

/* How many times @needle stands in @text, not overlapping. */
static guint
count_text (GString    *text,
            const char *needle)
{
  gsize len = strlen (needle);
  guint n = 0;

  for (const char *p = strstr (text->str, needle); p != NULL; p = strstr (p + len, needle))
    n++;
  return n;
}

/* has_text() for output that grows large: searches only what is new since
 * the last call, so waiting on megabytes of log stays linear.
 */
static gboolean
has_new_text (GString    *text,
              const char *needle,
              gsize      *from)
{
  gsize n = strlen (needle);

  if (g_strstr_len (text->str + *from, (gssize) (text->len - *from), needle) != NULL)
    return TRUE;
  if (text->len >= n)
    *from = text->len - n + 1;
  return FALSE;
}

static TcTestChild *
start_server (Fixture  *fixture,
              gboolean  relay,
              guint16  *port)
{
  const char *argv[] = { server_path (), "--headless", "--listen", "127.0.0.1:0",
                         relay ? "--relay" : NULL, NULL };
  TcTestChild *server = proc_spawn (fixture, NULL, argv);
  const char *line, *colon;

  TC_WAIT_UNTIL (fixture->context,
                 server->exited || (strstr (server->out->str, "listening on ") != NULL &&
                                    strchr (strstr (server->out->str, "listening on "), '\n') != NULL),
                 TIMEOUT_MS);
  g_assert_false (server->exited);

  /* "HH:MM:SS.mmm listening on 127.0.0.1:41234" */
  line = strstr (server->out->str, "listening on 127.0.0.1:");
  g_assert_nonnull (line);
  colon = line + strlen ("listening on 127.0.0.1");
  *port = (guint16) g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (*port, >, 0);
  g_assert_true (g_regex_match_simple ("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d listening on ",
                                       server->out->str, 0, 0));

  return server;
}

static TcTestChild *
start_client (Fixture    *fixture,
              guint16     port,
              const char *stdin_path)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);
  const char *argv[] = { client_path (), "--headless", "--connect", address, NULL };

  return proc_spawn (fixture, stdin_path, argv);
}

/* Collects the text of every "<" line the server logged. */
static GString *
server_received (GString *log)
{
  GString *got = g_string_new (NULL);
  const char *end = log->str + log->len;

  for (const char *p = log->str, *nl; (nl = memchr (p, '\n', end - p)) != NULL; p = nl + 1)
    {
      const char *mark = g_strstr_len (p, nl - p, "] < ");

      if (mark != NULL)
        g_string_append_len (got, mark + 4, nl - (mark + 4) + 1);
    }

  return got;
}

/* @peer, a command-line tool connecting to @server: the server greets it,
 * it sends @sent and ends its input, and exits cleanly. Returns what the
 * server logged as received.
 */
static GString *
greet_and_collect (Fixture     *fixture,
                   TcTestChild *server,
                   TcTestChild *peer,
                   const char  *greeting,
                   const char  *sent)
{
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (server, greeting, -1);
  TC_WAIT_UNTIL (fixture->context, has_text (peer->out, greeting), TIMEOUT_MS);

  tc_test_child_write (peer, sent, -1);
  tc_test_child_close_stdin (peer);
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);

  return server_received (server->out);
}

/* ---- tests ---- */

static void
test_server_and_client (Fixture       *fixture,
                        gconstpointer  data)
{
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *client = start_client (fixture, port, NULL);

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, "hello\nworld\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] < world\n"), TIMEOUT_MS);
  g_assert_true (has_text (server->out, "] < hello\n"));

  tc_test_child_write (server, "from the server\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "from the server\n"), TIMEOUT_MS);
  g_assert_cmpstr (client->out->str, ==, "from the server\n");
  TC_WAIT_UNTIL (fixture->context,
                 has_text (server->out, "[all] > from the server (to 1 client)\n"), TIMEOUT_MS);

  /* End of the client's input: it half-closes, the server closes, it exits 0. */
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);
  g_assert_true (has_text (client->err, "connected to 127.0.0.1:"));

  /* A clean stop on SIGTERM. */
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_cmpint (tc_test_child_wait (server, TIMEOUT_MS), ==, 0);
  g_assert_true (g_str_has_suffix (server->out->str, " stopped\n"));
  g_assert_cmpstr (server->err->str, ==, "");
}

static void
test_utf8 (Fixture       *fixture,
           gconstpointer  data)
{
  const char *lines = "日本語のテキスト\n😀 emoji 👍🏽\nΚαλημέρα\n";
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *client = start_client (fixture, port, NULL);

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, lines, -1);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] < Καλημέρα\n"), TIMEOUT_MS);
  g_assert_true (has_text (server->out, "] < 日本語のテキスト\n"));
  g_assert_true (has_text (server->out, "] < 😀 emoji 👍🏽\n"));

  tc_test_child_write (server, "返信 ✓ 🎉\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "\n"), TIMEOUT_MS);
  g_assert_cmpstr (client->out->str, ==, "返信 ✓ 🎉\n");

  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
}

static void
test_hostile_bytes_logged_safely (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  g_autofree char *port_text = NULL;
  TcTestChild *peer;

  /* "esc" ESC "[2J" NUL 0xFF RLO "evil\n" */
  port_text = g_strdup_printf ("%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "connect", port_text,
    "--send-hex", "6573631b5b324a00ffe280ae6576696c0a", NULL });
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);

  /* One log line, valid UTF-8, no raw control characters. */
  g_assert_true (g_utf8_validate (server->out->str, server->out->len, NULL));
  g_assert_null (memchr (server->out->str, 0x1b, server->out->len));
  g_assert_null (strstr (server->out->str, "\xe2\x80\xae"));
  g_assert_true (has_text (server->out, "] < esc"));
  g_assert_true (has_text (server->out, "evil\n"));
}

static void
test_client_final_fragment (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  /* "first\r\nsecond\nno newline" */
  TcTestChild *peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "listen", "--hold",
    "--send-hex", "66697273740d0a7365636f6e640a6e6f206e65776c696e65", NULL });
  TcTestChild *client;
  guint16 port;

  TC_WAIT_UNTIL (fixture->context, has_text (peer->err, "\n"), TIMEOUT_MS);
  port = find_port (peer->err, "PORT ");
  client = start_client (fixture, port, NULL);
  tc_test_child_write (client, "up\r\nlast without newline", -1);
  tc_test_child_close_stdin (client);

  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);

  /* Stdout gets the bytes exactly: CRLF kept, nothing after the fragment. */
  g_assert_cmpstr (client->out->str, ==, "first\r\nsecond\nno newline");
  g_assert_true (has_text (client->err, "the last line from the server had no newline at end"));
  /* What the client read is sent line by line, each with its terminator;
   * the fragment gets a "\n". */
  g_assert_cmpstr (peer->out->str, ==, "up\r\nlast without newline\n");
}

static void
test_python_client_to_server (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  g_autofree char *port_text = NULL;
  g_autofree char *hex = NULL;
  const char *sent = "crlf line\r\nπ unicode ✓\n\nfinal without newline";
  g_autoptr(GString) got = NULL;
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *peer;
  GString *h = g_string_new (NULL);

  for (const char *p = sent; *p != '\0'; p++)
    g_string_append_printf (h, "%02x", (guchar) *p);
  hex = g_string_free (h, FALSE);
  port_text = g_strdup_printf ("%u", port);

  peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "connect", port_text, "--send-hex", hex, NULL });
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);

  got = server_received (server->out);
  g_assert_cmpstr (got->str, ==,
                   "crlf line\nπ unicode ✓\n\nfinal without newline [no newline at end]\n");
  g_assert_cmpstr (peer->out->str, ==, "");
}

static void
test_nc_to_server (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *nc = tc_test_require_tool ("nc", "netcat-openbsd");
  g_autofree char *port_text = NULL;
  g_autoptr(GString) got = NULL;
  guint16 port;
  TcTestChild *server, *peer;

  if (nc == NULL)
    return;

  server = start_server (fixture, FALSE, &port);
  port_text = g_strdup_printf ("%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) { nc, "-N", "127.0.0.1", port_text, NULL });
  /* A CRLF line typed into the server goes out as CRLF. */
  got = greet_and_collect (fixture, server, peer, "hello nc\r\n", "a\r\nb\nc");
  g_assert_cmpstr (got->str, ==, "a\nb\nc [no newline at end]\n");
  g_assert_cmpstr (peer->out->str, ==, "hello nc\r\n");
}

static void
test_client_to_nc (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *nc = tc_test_require_tool ("nc", "netcat-openbsd");
  TcTestChild *listener, *client;
  guint16 port;

  if (nc == NULL)
    return;

  /* nc picks a free port and says which: "Listening on 127.0.0.1 40123". */
  listener = proc_spawn (fixture, NULL, (const char *[]) {
    nc, "-N", "-n", "-v", "-l", "127.0.0.1", "0", NULL });
  TC_WAIT_UNTIL (fixture->context, listener->exited || has_text (listener->err, "\n"), TIMEOUT_MS);
  port = find_port (listener->err, "Listening on");

  client = start_client (fixture, port, NULL);
  /* Each line from stdin goes out with its own terminator. */
  tc_test_child_write (client, "hi nc\r\nsecond\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (listener->out, "second\n"), TIMEOUT_MS);
  g_assert_cmpstr (listener->out->str, ==, "hi nc\r\nsecond\n");

  tc_test_child_write (listener, "from nc\nunterminated", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "from nc\n"), TIMEOUT_MS);

  /* nc half-closes at the end of its input; the client still sends. */
  tc_test_child_close_stdin (listener);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "unterminated"), TIMEOUT_MS);
  tc_test_child_close_stdin (client);

  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (listener, TIMEOUT_MS), ==, 0);
  /* As nc itself would write them: nothing after the last fragment. */
  g_assert_cmpstr (client->out->str, ==, "from nc\nunterminated");
}

static void
test_socat_to_server (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *socat = tc_test_require_tool ("socat", "socat");
  g_autofree char *target = NULL;
  g_autoptr(GString) got = NULL;
  guint16 port;
  TcTestChild *server, *peer;

  if (socat == NULL)
    return;

  server = start_server (fixture, FALSE, &port);
  target = g_strdup_printf ("TCP:127.0.0.1:%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) { socat, "-t", "10", "STDIO", target, NULL });
  got = greet_and_collect (fixture, server, peer, "to socat\n", "via socat ✓\r\n");
  g_assert_cmpstr (got->str, ==, "via socat ✓\n");
}

static void
test_relay (Fixture       *fixture,
            gconstpointer  data)
{
  guint16 port;
  TcTestChild *server = start_server (fixture, TRUE, &port);
  TcTestChild *a = start_client (fixture, port, NULL);
  TcTestChild *b;

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  b = start_client (fixture, port, NULL);
  TC_WAIT_UNTIL (fixture->context, count_text (server->out, "] connected\n") >= 2, TIMEOUT_MS);

  tc_test_child_write (a, "ping from a\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (b->out, "\n"), TIMEOUT_MS);
  g_assert_true (g_regex_match_simple ("^\\[127\\.0\\.0\\.1:\\d+\\] ping from a\n$",
                                       b->out->str, 0, 0));

  tc_test_child_close_stdin (a);
  tc_test_child_close_stdin (b);
  g_assert_cmpint (tc_test_child_wait (a, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (b, TIMEOUT_MS), ==, 0);
  g_assert_cmpstr (a->out->str, ==, "");
}

static void
test_server_stop_ends_client (Fixture       *fixture,
                              gconstpointer  data)
{
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *client = start_client (fixture, port, NULL);

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  g_subprocess_send_signal (server->process, SIGINT);
  g_assert_cmpint (tc_test_child_wait (server, TIMEOUT_MS), ==, 0);
  g_assert_true (has_text (server->out, " shutting down\n"));

  /* The server closed the connection: that is a clean end for the client. */
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
}

/* Ctrl+C or SIGTERM ends the client with 128+N, as a shell reports a
 * program the signal ended, and its connection closes in order. */
static void
test_client_signals (Fixture       *fixture,
                     gconstpointer  data)
{
  const int signals[] = { SIGINT, SIGTERM };
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      TcTestChild *client = start_client (fixture, port, NULL);
      gsize from = server->out->len;

      TC_WAIT_UNTIL (fixture->context, has_text (client->err, "connected to "), TIMEOUT_MS);
      g_subprocess_send_signal (client->process, signals[i]);
      g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 128 + signals[i]);
      TC_WAIT_UNTIL (fixture->context,
                     has_new_text (server->out, "] disconnected: ", &from), TIMEOUT_MS);
    }
}

static void
test_client_refused (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  TcTestChild *client;

  /* Bound but not listening: connections are refused. */
  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  client = start_client (fixture, g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)),
                         NULL);
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 1);
  g_assert_true (has_text (client->err, "refused"));
  g_assert_cmpstr (client->out->str, ==, "");
}

static void
test_port_in_use (Fixture       *fixture,
                  gconstpointer  data)
{
  guint16 port;
  g_autofree char *address = NULL;
  TcTestChild *second;

  start_server (fixture, FALSE, &port);
  address = g_strdup_printf ("127.0.0.1:%u", port);
  second = proc_spawn (fixture, NULL, (const char *[]) {
    server_path (), "--headless", "--listen", address, NULL });
  g_assert_cmpint (tc_test_child_wait (second, TIMEOUT_MS), ==, 1);
  g_assert_true (has_text (second->err, "in use"));
}

typedef struct
{
  gboolean    server;
  const char *args[5];
  const char *message;
} BadArgs;

static void
test_bad_arguments (Fixture       *fixture,
                    gconstpointer  data)
{
  const BadArgs cases[] = {
    { TRUE,  { "--listen", "nonsense" }, "nonsense" },
    { TRUE,  { "--listen", "127.0.0.1:70000" }, "70000" },
    { TRUE,  { "--listen", "127.0.0.1:port" }, "port" },
    { TRUE,  { "--listen", "" }, "empty" },
    { TRUE,  { "--max-clients", "lots" }, "--max-clients" },
    { TRUE,  { "--max-line", "0" }, "--max-line" },
    { TRUE,  { "--no-such-option" }, "--no-such-option" },
    { TRUE,  { "stray" }, "stray" },
    { FALSE, { "--connect", "127.0.0.1:70000" }, "70000" },
    { FALSE, { "--connect", "127.0.0.1:0" }, "Port 0" },
    { FALSE, { "--connect", "[::1" }, "[::1" },
    { FALSE, { "--connect", "ho st:80" }, "space" },
    { FALSE, { "--timeout", "0" }, "--timeout" },
    { FALSE, { "--bogus" }, "--bogus" },
    { TRUE,  { "--framing", "fixed:0" }, "--framing fixed:0" },
    { FALSE, { "--framing", "length:u24" }, "--framing length:u24" },
    { FALSE, { "--eol", "lfcr" }, "--eol lfcr" },
    { FALSE, { "--framing", "raw", "--eol", "crlf" }, "--eol crlf: only with --framing lines" },
    { TRUE,  { "--eol", "lf", "--framing", "length:u8" }, "length:u8" },
    { TRUE,  { "--encoding", "KOI8-R" }, "--encoding KOI8-R" },
    { FALSE, { "--hex", "--escapes" }, "--hex and --escapes" },
    { TRUE,  { "--relay-prefix", "--no-relay-prefix" }, "--no-relay-prefix" },
    { TRUE,  { "--stats", "0" }, "--stats" },
    { FALSE, { "--stats", "often" }, "--stats" },
    { TRUE,  { "--log-file", "/nonexistent-dir/server.log" }, "/nonexistent-dir/server.log" },
    { FALSE, { "--log-file", "/nonexistent-dir/client.log" }, "/nonexistent-dir/client.log" },
    { TRUE,  { "--log-format", "xml" }, "--log-format xml" },
    { FALSE, { "--log-max-size", "100" }, "--log-max-size 100" },
    { TRUE,  { "--log-max-size", "5X" }, "--log-max-size 5X" },
    { FALSE, { "--log-keep", "101" }, "--log-keep" },
    { TRUE,  { "--log-format", "jsonl" }, "--log-format needs --log-file" },
    { FALSE, { "--log-format", "text" }, "--log-format needs --log-file" },
    { FALSE, { "--log-max-size", "1M" }, "--log-max-size needs --log-file" },
    { TRUE,  { "--log-keep", "3" }, "--log-keep needs --log-file" },
    { TRUE,  { "--keepalive", "60,10" }, "IDLE,INTERVAL,COUNT" },
    { FALSE, { "--keepalive", "0,1,1" }, "--keepalive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { cases[i].server ? server_path () : client_path (), "--headless" };
      TcTestChild *proc;
      guint n = 2;

      for (guint k = 0; cases[i].args[k] != NULL; k++)
        argv[n++] = cases[i].args[k];

      proc = proc_spawn_flags (fixture, NULL, argv, sampled_valgrind (i));
      tc_test_child_close_stdin (proc);
      g_test_message ("%s %s %s", argv[0], argv[2], argv[3] != NULL ? argv[3] : "");
      g_assert_cmpint (tc_test_child_wait (proc, TIMEOUT_MS), ==, 2);

      /* One clear line on stderr that names the culprit, nothing on stdout. */
      g_assert_true (g_str_has_suffix (proc->err->str, "\n"));
      g_assert_true (strchr (proc->err->str, '\n') == proc->err->str + proc->err->len - 1);
      g_assert_nonnull (strstr (proc->err->str, cases[i].message));
      g_assert_cmpstr (proc->out->str, ==, "");
    }
}

/* --max-line means the same to both programs: the same bounds, and the
 * same words when a value is out of them. */
static void
test_max_line_checked_alike (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *values[] = { "0", "67108865", "lots", "-1" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      TcTestChild *server = proc_spawn (fixture, NULL, (const char *[]) {
        server_path (), "--headless", "--max-line", values[i], NULL });
      TcTestChild *client = proc_spawn (fixture, NULL, (const char *[]) {
        client_path (), "--headless", "--max-line", values[i], NULL });

      tc_test_child_close_stdin (server);
      tc_test_child_close_stdin (client);
      g_assert_cmpint (tc_test_child_wait (server, TIMEOUT_MS), ==, 2);
      g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 2);
      g_assert_true (g_str_has_prefix (server->err->str, "tcpchat-server: --max-line "));
      g_assert_true (g_str_has_prefix (client->err->str, "tcpchat-client: --max-line "));
      g_assert_cmpstr (server->err->str + strlen ("tcpchat-server"), ==,
                       client->err->str + strlen ("tcpchat-client"));
    }
}

/* The window mode checks its arguments as the headless mode does, with the
 * same functions, and stops before opening a window: with no display at
 * all, a bad argument still gives status 2 and one line saying why. */
static void
test_window_bad_arguments (Fixture       *fixture,
                           gconstpointer  data)
{
  const BadArgs cases[] = {
    { TRUE,  { "--listen", "99999" }, "Port 99999 is out of range" },
    { TRUE,  { "--listen", "127.0.0.1:65536" }, "Port 65536 is out of range" },
    { TRUE,  { "--listen", "256.1.1.1:1" }, "\"256.1.1.1\" is not an IP address" },
    { TRUE,  { "--listen", "" }, "empty" },
    { FALSE, { "--connect", "127.0.0.1:99999" }, "Port 99999 is out of range" },
    { FALSE, { "--connect", "127.0.0.1:0" }, "Port 0 cannot be connected to" },
    { FALSE, { "--connect", "[::1" }, "[::1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *argv[8] = { cases[i].server ? server_path () : client_path () };
      TcTestChild *proc;
      guint n = 1;

      for (guint k = 0; cases[i].args[k] != NULL; k++)
        argv[n++] = cases[i].args[k];

      proc = proc_spawn_flags (fixture, NULL, argv,
                               TC_TEST_CHILD_NO_DISPLAY | sampled_valgrind (i));
      tc_test_child_close_stdin (proc);
      g_test_message ("%s %s %s", argv[0], argv[1], argv[2]);
      g_assert_cmpint (tc_test_child_wait (proc, TIMEOUT_MS), ==, 2);

      g_test_message ("stderr: %s", proc->err->str);
      g_assert_true (g_str_has_suffix (proc->err->str, "\n"));
      g_assert_true (strchr (proc->err->str, '\n') == proc->err->str + proc->err->len - 1);
      g_assert_true (g_str_has_prefix (proc->err->str, cases[i].server ? "tcpchat-server: "
                                                                       : "tcpchat-client: "));
      g_assert_nonnull (strstr (proc->err->str, cases[i].message));
      g_assert_cmpstr (proc->out->str, ==, "");
    }
}

static void
test_help_and_version (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *programs[] = { server_path (), client_path () };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      TcTestChild *help = proc_spawn (fixture, NULL, (const char *[]) {
        programs[i], "--headless", "--help", NULL });
      TcTestChild *version = proc_spawn (fixture, NULL, (const char *[]) {
        programs[i], "--headless", "--version", NULL });

      tc_test_child_close_stdin (help);
      tc_test_child_close_stdin (version);
      g_assert_cmpint (tc_test_child_wait (help, TIMEOUT_MS), ==, 0);
      g_assert_cmpint (tc_test_child_wait (version, TIMEOUT_MS), ==, 0);
      g_assert_true (has_text (help->out, i == 0 ? "--listen" : "--connect"));
      g_assert_true (has_text (help->out, "--headless"));
      g_assert_true (g_regex_match_simple ("^tcpchat-(server|client) \\d+\\.\\d+\\.\\d+\n$",
                                           version->out->str, 0, 0));
    }
}

/* The window mode answers --version and -V as the headless mode does,
 * without opening a display. */
static void
test_window_version (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *programs[] = { server_path (), client_path () };
  const char *options[] = { "--version", "-V" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    for (guint k = 0; k < G_N_ELEMENTS (options); k++)
      {
        TcTestChild *version = proc_spawn_full (fixture, NULL, (const char *[]) {
          programs[i], options[k], NULL }, TRUE);

        tc_test_child_close_stdin (version);
        g_test_message ("%s %s", programs[i], options[k]);
        g_assert_cmpint (tc_test_child_wait (version, TIMEOUT_MS), ==, 0);
        g_assert_true (g_regex_match_simple (i == 0 ? "^tcpchat-server \\d+\\.\\d+\\.\\d+\n$"
                                                    : "^tcpchat-client \\d+\\.\\d+\\.\\d+\n$",
                                             version->out->str, 0, 0));
        g_assert_cmpstr (version->err->str, ==, "");
      }
}

/* "<length> <sha256>", as peer.py --digest prints it. */
static char *
checksum_text (GString *data)
{
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) data->str, data->len);

  return g_strdup_printf ("%" G_GSIZE_FORMAT " %s", data->len, sum);
}

/* About 10 MB of numbered text lines (1 MB under valgrind). */
static char *
write_big_file (Fixture  *fixture,
                char    **checksum)
{
  const gsize size = tc_test_under_valgrind () ? 1024 * 1024 : 10 * 1024 * 1024;
  g_autoptr(GString) data = g_string_sized_new (size + 200);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmpdir, "big.txt", NULL);

  for (guint i = 0; data->len < size; i++)
    {
      guint len = (guint) g_rand_int_range (rand, 0, 200);

      g_string_append_printf (data, "%08u ", i);
      for (guint k = 0; k < len; k++)
        g_string_append_c (data, (char) g_rand_int_range (rand, 'A', 'z' + 1));
      g_string_append_c (data, '\n');
    }

  g_file_set_contents (path, data->str, (gssize) data->len, &error);
  g_assert_no_error (error);
  *checksum = checksum_text (data);
  return path;
}

static void
test_transfer_10mb_to_python (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  g_autofree char *checksum = NULL;
  g_autofree char *path = write_big_file (fixture, &checksum);
  g_autofree char *expected = g_strdup_printf ("%s\n", checksum);
  TcTestChild *peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "listen", "--hold", "--digest", "--send-hex", "", NULL });
  TcTestChild *client;
  gint64 start;

  TC_WAIT_UNTIL (fixture->context, has_text (peer->err, "\n"), TIMEOUT_MS);
  start = g_get_monotonic_time ();
  client = start_client (fixture, find_port (peer->err, "PORT "), path);

  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  g_test_message ("10 MB client -> python in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpstr (peer->out->str, ==, expected);
}

static void
test_transfer_10mb_to_server (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *checksum = NULL;
  g_autofree char *path = write_big_file (fixture, &checksum);
  g_autoptr(GString) got = NULL;
  g_autofree char *got_checksum = NULL;
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *client;
  gint64 start = g_get_monotonic_time ();
  gsize from = 0;

  client = start_client (fixture, port, path);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_new_text (server->out, "] disconnected: ", &from),
                 TIMEOUT_MS);
  g_test_message ("10 MB client -> server in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  got = server_received (server->out);
  got_checksum = checksum_text (got);
  g_assert_cmpstr (got_checksum, ==, checksum);
}

/* "flood line 0123456789\n" */
#define FLOOD_HEX "666c6f6f64206c696e6520303132333435363738390a"

/* Waits for @proc to end within OUTPUT_GONE_MS (more under valgrind) of
 * losing its stdout, and checks its status. */
static void
assert_ends_after_output_gone (Fixture     *fixture,
                               TcTestChild *proc)
{
  gint64 start;
  guint limit_ms = tc_test_under_valgrind () ? 10 * OUTPUT_GONE_MS : OUTPUT_GONE_MS;

  TC_WAIT_UNTIL (fixture->context, proc->out_done, TIMEOUT_MS);
  start = g_get_monotonic_time ();
  TC_WAIT_UNTIL (fixture->context, proc->exited, limit_ms);
  g_test_message ("ended %.0f ms after its stdout was closed",
                  (g_get_monotonic_time () - start) / 1e3);
  g_assert_true (g_subprocess_get_if_exited (proc->process));
  g_assert_cmpint (g_subprocess_get_exit_status (proc->process), ==, OUTPUT_GONE_STATUS);
}

/* "sleep 30 | tcpchat-client ... | head -c 100" with a server that keeps
 * sending: the client ends as soon as a write to stdout fails. */
static void
test_client_stdout_closed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  TcTestChild *peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "listen", "--flood-hex", FLOOD_HEX, NULL });
  TcTestChild *client;
  guint16 port;

  TC_WAIT_UNTIL (fixture->context, has_text (peer->err, "\n"), TIMEOUT_MS);
  port = find_port (peer->err, "PORT ");
  /* Its stdin stays open all along. */
  client = start_client (fixture, port, NULL);
  client->out_limit = 100;

  assert_ends_after_output_gone (fixture, client);
  g_assert_true (g_str_has_prefix (client->out->str, "flood line 0123456789\n"));

  /* The server sees the connection end and stops sending. */
  TC_WAIT_UNTIL (fixture->context, peer->exited, TIMEOUT_MS);
  g_assert_true (has_text (peer->err, "SENT "));
}

/* The server's log is read by "| head" that has seen enough, while a client
 * floods it: it stops at once, closing its connections in order (an idle
 * client sees an orderly close and exits 0). */
static void
test_server_stdout_closed (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  g_autofree char *port_text = NULL;
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  TcTestChild *idle, *peer;

  idle = start_client (fixture, port, NULL);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  server->out_limit = server->out->len + 1;

  port_text = g_strdup_printf ("%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "connect", port_text, "--flood-hex", FLOOD_HEX, NULL });

  assert_ends_after_output_gone (fixture, server);
  g_assert_cmpint (tc_test_child_wait (idle, TIMEOUT_MS), ==, 0);
  g_assert_true (has_text (idle->err, "connection closed"));
  TC_WAIT_UNTIL (fixture->context, peer->exited, TIMEOUT_MS);
}

/* Nothing happens, and the reader of the log goes: the server notices
 * without having to write first. */
static void
test_server_stdout_closed_idle (Fixture       *fixture,
                                gconstpointer  data)
{
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);

  tc_test_child_close_stdout (server);
  assert_ends_after_output_gone (fixture, server);
  g_assert_cmpstr (server->err->str, ==, "");
}

/* ---- bytes: framing, hex, escapes, line endings, encodings ---- */

/* start_server() with more options. */
static TcTestChild *
start_server_with (Fixture            *fixture,
                   const char * const *options,
                   guint16            *port)
{
  const char *argv[16] = { server_path (), "--headless", "--listen", "127.0.0.1:0" };
  guint n = 4;
  TcTestChild *server;
  const char *line;

  for (guint i = 0; options[i] != NULL; i++)
    argv[n++] = options[i];
  g_assert_cmpuint (n, <, G_N_ELEMENTS (argv));

  server = proc_spawn (fixture, NULL, argv);
  TC_WAIT_UNTIL (fixture->context,
                 server->exited || (has_text (server->out, "listening on ") &&
                                    strchr (strstr (server->out->str, "listening on "), '\n')
                                    != NULL),
                 TIMEOUT_MS);
  g_assert_false (server->exited);
  line = strstr (server->out->str, "listening on 127.0.0.1:");
  g_assert_nonnull (line);
  *port = (guint16) g_ascii_strtoull (line + strlen ("listening on 127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (*port, >, 0);

  return server;
}

/* start_client() with more options. */
static TcTestChild *
start_client_with (Fixture            *fixture,
                   guint16             port,
                   const char * const *options)
{
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);
  const char *argv[16] = { client_path (), "--headless", "--connect", address };
  guint n = 4;

  for (guint i = 0; options[i] != NULL; i++)
    argv[n++] = options[i];
  g_assert_cmpuint (n, <, G_N_ELEMENTS (argv));

  return proc_spawn (fixture, NULL, argv);
}

/* nc listening on a free port, as test_client_to_nc() starts it. */
static TcTestChild *
start_nc_listener (Fixture    *fixture,
                   const char *nc,
                   guint16    *port)
{
  TcTestChild *listener = proc_spawn (fixture, NULL, (const char *[]) {
    nc, "-N", "-n", "-v", "-l", "127.0.0.1", "0", NULL });

  TC_WAIT_UNTIL (fixture->context, listener->exited || has_text (listener->err, "\n"), TIMEOUT_MS);
  *port = find_port (listener->err, "Listening on");
  return listener;
}

/* socat sends binary length-prefixed frames (an empty one too); the
 * server logs each as a hex line, and a hex line of its stdin goes out
 * as a frame. */
static void
test_socat_binary_frames (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *socat = tc_test_require_tool ("socat", "socat");
  g_autofree char *target = NULL;
  g_autoptr(GString) got = NULL;
  guint16 port;
  TcTestChild *server, *peer;

  if (socat == NULL)
    return;

  server = start_server_with (fixture, (const char *[]) {
    "--framing", "length:u16be", "--hex", NULL }, &port);
  g_assert_true (has_text (server->out, "(framing length:u16be)\n"));
  target = g_strdup_printf ("TCP:127.0.0.1:%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) { socat, "-t", "10", "STDIO", target, NULL });
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);

  tc_test_child_write (server, "41 42 0a\n", -1);
  TC_WAIT_UNTIL (fixture->context, peer->out->len >= 5, TIMEOUT_MS);
  g_assert_cmpmem (peer->out->str, peer->out->len, "\0\3AB\n", 5);

  tc_test_child_write (peer, "\0\3\0\xff\x01\0\0\0\1Z", 10);
  tc_test_child_close_stdin (peer);
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);
  got = server_received (server->out);
  g_assert_cmpstr (got->str, ==, "00 FF 01\n\n5A\n");
}

/* A Python peer speaking GB18030 with CRLF: the client converts what it
 * reads and ends it with CRLF; its stdout stays the peer's bytes. The
 * server shows what a Python client sends decoded. */
static void
test_python_gb18030_crlf (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *script = peer_script ();
  g_autofree char *port_text = NULL;
  g_autoptr(GString) got = NULL;
  TcTestChild *peer, *client, *server;
  guint16 port;

  /* 你好 and "ok" in GB18030, each ended by CRLF. */
  peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "listen", "--send-hex", "c4e3bac30d0a6f6b0d0a", "--hold", NULL });
  TC_WAIT_UNTIL (fixture->context, peer->exited || has_text (peer->err, "\n"), TIMEOUT_MS);
  port = find_port (peer->err, "PORT");

  client = start_client_with (fixture, port, (const char *[]) {
    "--encoding", "GB18030", "--eol", "crlf", NULL });
  tc_test_child_write (client, "再见\n\n", -1);
  TC_WAIT_UNTIL (fixture->context, client->out->len >= 10, TIMEOUT_MS);
  g_assert_cmpmem (client->out->str, client->out->len, "\xC4\xE3\xBA\xC3\r\nok\r\n", 10);
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  /* 再见 in GB18030, CRLF; the empty line is CRLF alone. */
  g_assert_cmpmem (peer->out->str, peer->out->len, "\xD4\xD9\xBC\xFB\r\n\r\n", 8);

  server = start_server_with (fixture, (const char *[]) { "--encoding", "gbk", NULL }, &port);
  port_text = g_strdup_printf ("%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) {
    "/usr/bin/python3", script, "connect", port_text, "--send-hex", "c4e3bac3ff0d0a", NULL });
  g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);
  got = server_received (server->out);
  g_assert_cmpstr (got->str, ==, "你好\\xFF\n");
}

typedef struct
{
  const char *framing;
  const char *stdin_text;   /* what the client reads */
  const char *sent;         /* what nc must get */
  gsize       sent_len;
  const char *reply;        /* what nc sends back */
  gsize       reply_len;
} NcFraming;

/* The client against nc in each framing: what it sends is framed, and
 * its stdout is the bytes that came, length prefixes included. */
static void
test_client_nc_framings (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *nc = tc_test_require_tool ("nc", "netcat-openbsd");
  static const NcFraming cases[] = {
    { "lines", "a\nb\n", "a\rb\r", 4, "x\r\ny\n", 5 },
    { "raw", "abc\n", "abc", 3, "\1\2\3", 3 },
    { "delimiter:\\x03", "ab\n\n", "ab\3\3", 4, "q\3", 2 },
    { "fixed:4", "abcd\nabc\n", "abcd", 4, "wxyz", 4 },
    { "length:u8", "hi\n", "\2hi", 3, "\3abc", 4 },
    { "length:u32le", "hi\n", "\2\0\0\0hi", 6, "\1\0\0\0Z", 5 },
  };

  if (nc == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TcTestChild *listener, *client;
      guint16 port;

      g_test_message ("--framing %s", cases[i].framing);
      listener = start_nc_listener (fixture, nc, &port);
      /* --eol is for lines framing only: the others end a message themselves. */
      client = start_client_with (fixture, port, (const char *[]) {
        "--framing", cases[i].framing,
        g_str_equal (cases[i].framing, "lines") ? "--eol" : NULL, "cr", NULL });
      tc_test_child_write (client, cases[i].stdin_text, -1);
      TC_WAIT_UNTIL (fixture->context, listener->out->len >= cases[i].sent_len, TIMEOUT_MS);

      tc_test_child_write (listener, cases[i].reply, (gssize) cases[i].reply_len);
      tc_test_child_close_stdin (listener);
      TC_WAIT_UNTIL (fixture->context, client->out->len >= cases[i].reply_len, TIMEOUT_MS);
      tc_test_child_close_stdin (client);
      g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
      g_assert_cmpint (tc_test_child_wait (listener, TIMEOUT_MS), ==, 0);

      g_assert_cmpmem (listener->out->str, listener->out->len, cases[i].sent, cases[i].sent_len);
      g_assert_cmpmem (client->out->str, client->out->len, cases[i].reply, cases[i].reply_len);
      /* fixed:4 cannot carry 3 bytes: said, not sent. */
      if (g_str_equal (cases[i].framing, "fixed:4"))
        g_assert_true (has_text (client->err, "4"));
    }
}

typedef struct
{
  const char *framing;
  const char *stdin_hex;    /* a line the server reads, as hex */
  const char *sent;         /* what nc must get */
  gsize       sent_len;
  const char *from_nc;      /* what nc sends */
  gsize       from_nc_len;
  const char *logged;       /* the server's records of it, one hex line a message */
} NcServerFraming;

/* The server against nc in each framing: a hex line of its stdin goes
 * out framed, and what nc sends is logged one message a hex line. */
static void
test_server_nc_framings (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *nc = tc_test_require_tool ("nc", "netcat-openbsd");
  static const NcServerFraming cases[] = {
    { "lines", "61 62\n", "ab\n", 3, "x\r\ny\n", 5, "78\n79\n" },
    { "raw", "01 02 03\n", "\1\2\3", 3, "abc", 3, "61 62 63\n" },
    { "delimiter:\\x03", "61\n", "a\3", 2, "q\3r\3", 4, "71\n72\n" },
    { "fixed:2", "61 62\n", "ab", 2, "wxyz", 4, "77 78\n79 7A\n" },
    { "length:u8", "68 69\n", "\2hi", 3, "\3abc", 4, "61 62 63\n" },
    { "length:u16le", "5A\n", "\1\0Z", 3, "\2\0hi", 4, "68 69\n" },
  };

  if (nc == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *port_text = NULL;
      g_autoptr(GString) got = NULL;
      TcTestChild *server, *peer;
      guint16 port;

      g_test_message ("--framing %s", cases[i].framing);
      server = start_server_with (fixture, (const char *[]) {
        "--framing", cases[i].framing, "--hex", NULL }, &port);
      port_text = g_strdup_printf ("%u", port);
      peer = proc_spawn (fixture, NULL, (const char *[]) { nc, "-N", "127.0.0.1", port_text, NULL });
      TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);

      tc_test_child_write (server, cases[i].stdin_hex, -1);
      TC_WAIT_UNTIL (fixture->context, peer->out->len >= cases[i].sent_len, TIMEOUT_MS);
      g_assert_cmpmem (peer->out->str, peer->out->len, cases[i].sent, cases[i].sent_len);

      tc_test_child_write (peer, cases[i].from_nc, (gssize) cases[i].from_nc_len);
      tc_test_child_close_stdin (peer);
      g_assert_cmpint (tc_test_child_wait (peer, TIMEOUT_MS), ==, 0);
      TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] disconnected: "), TIMEOUT_MS);
      got = server_received (server->out);
      g_assert_cmpstr (got->str, ==, cases[i].logged);
    }
}

/* --hex: a bad line is said with its number and position, and nothing
 * goes for it; the next line still does. --escapes on the server. */
static void
test_hex_and_escapes_from_stdin (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autofree char *nc = tc_test_require_tool ("nc", "netcat-openbsd");
  g_autofree char *port_text = NULL;
  TcTestChild *listener, *client, *server, *peer;
  guint16 port;

  if (nc == NULL)
    return;

  listener = start_nc_listener (fixture, nc, &port);
  client = start_client_with (fixture, port, (const char *[]) { "--hex", "-q", NULL });
  tc_test_child_write (client, "48 6\n0x48,0x69\n", -1);
  TC_WAIT_UNTIL (fixture->context, listener->out->len >= 3, TIMEOUT_MS);
  tc_test_child_write (listener, "hi\n", -1);
  tc_test_child_close_stdin (listener);
  TC_WAIT_UNTIL (fixture->context, client->out->len >= 6, TIMEOUT_MS);
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (listener, TIMEOUT_MS), ==, 0);
  g_assert_cmpstr (listener->out->str, ==, "Hi\n");
  g_assert_cmpstr (client->out->str, ==, "68 69\n");
  g_assert_true (has_text (client->err, "stdin line 1: Position 4"));
  g_assert_true (has_text (client->err, "(not sent)"));

  server = start_server_with (fixture, (const char *[]) { "--escapes", NULL }, &port);
  port_text = g_strdup_printf ("%u", port);
  peer = proc_spawn (fixture, NULL, (const char *[]) { nc, "-N", "127.0.0.1", port_text, NULL });
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (server, "bad \\q\na\\tb\\x00\\r\n", -1);
  TC_WAIT_UNTIL (fixture->context, peer->out->len >= 6, TIMEOUT_MS);
  g_assert_cmpmem (peer->out->str, peer->out->len, "a\tb\0\r\n", 6);
  /* The record comes through the server's stdout, in its own time. */
  TC_WAIT_UNTIL (fixture->context,
                 has_text (server->out, "[all] > bad \\q (not sent: stdin line 1: "
                                        "Unknown escape \\q at position 5"),
                 TIMEOUT_MS);
}

/* In delimiter framing a relay forwards the frames as they came; with
 * --relay-prefix they get "[ip:port] " after all. */
static void
test_relay_prefix (Fixture       *fixture,
                   gconstpointer  data)
{
  for (guint prefixed = 0; prefixed < 2; prefixed++)
    {
      const char *options[] = { "--relay", "--framing", "delimiter:\\x03",
                                prefixed ? "--relay-prefix" : NULL, NULL };
      const char *client_options[] = { "--framing", "delimiter:\\x03", "--hex", NULL };
      TcTestChild *server, *a, *b;
      guint16 port;

      server = start_server_with (fixture, options, &port);
      a = start_client_with (fixture, port, client_options);
      TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
      b = start_client_with (fixture, port, client_options);
      TC_WAIT_UNTIL (fixture->context, count_text (server->out, "] connected\n") >= 2,
                     TIMEOUT_MS);

      tc_test_child_write (a, "61 0A 62\n", -1);
      TC_WAIT_UNTIL (fixture->context, has_text (b->out, "\n"), TIMEOUT_MS);
      if (prefixed)
        g_assert_true (g_regex_match_simple ("^5B 31 32 37 .* 5D 20 61 0A 62\n$",
                                             b->out->str, 0, 0));
      else
        g_assert_cmpstr (b->out->str, ==, "61 0A 62\n");

      tc_test_child_close_stdin (a);
      tc_test_child_close_stdin (b);
      g_assert_cmpint (tc_test_child_wait (a, TIMEOUT_MS), ==, 0);
      g_assert_cmpint (tc_test_child_wait (b, TIMEOUT_MS), ==, 0);
    }
}

/* --no-messages: a relay's log keeps its events and says when a message
 * was cut short, but does not print each message; the relay is the same. */
static void
test_no_messages (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *options[] = { "--relay", "--no-messages", "--max-line", "8", NULL };
  TcTestChild *server, *a, *b;
  guint16 port;

  server = start_server_with (fixture, options, &port);
  a = start_client (fixture, port, NULL);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  b = start_client (fixture, port, NULL);
  TC_WAIT_UNTIL (fixture->context, count_text (server->out, "] connected\n") >= 2, TIMEOUT_MS);

  tc_test_child_write (a, "ping\n0123456789abcdef\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (b->out, "01234567\n"), TIMEOUT_MS);
  g_assert_true (g_regex_match_simple ("^\\[127\\.0\\.0\\.1:\\d+\\] ping\n"
                                       "\\[127\\.0\\.0\\.1:\\d+\\] 01234567\n$",
                                       b->out->str, 0, 0));
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, " more bytes discarded]\n"), TIMEOUT_MS);

  tc_test_child_close_stdin (a);
  tc_test_child_close_stdin (b);
  g_assert_cmpint (tc_test_child_wait (a, TIMEOUT_MS), ==, 0);
  g_assert_cmpint (tc_test_child_wait (b, TIMEOUT_MS), ==, 0);
  TC_WAIT_UNTIL (fixture->context, count_text (server->out, "] disconnected") >= 2, TIMEOUT_MS);
  g_assert_null (strstr (server->out->str, "< ping"));
  g_assert_true (g_regex_match_simple ("\\] < 01234567 "
                                       "\\[truncated: \\d+ more bytes discarded\\]\n",
                                       server->out->str, 0, 0));
}

/* The label the server gave its first client, from "[label] connected". */
static char *
first_peer_label (GString *log)
{
  const char *end = strstr (log->str, "] connected\n");
  const char *start;

  g_assert_nonnull (end);
  for (start = end; start > log->str && start[-1] != '['; start--)
    ;
  return g_strndup (start, end - start);
}

/* Checks one stats line for @peer in @text: every key, a round trip that a
 * loopback connection can have, a congestion window. */
static void
assert_stats_line (GString    *text,
                   const char *peer)
{
  g_autofree char *pattern = g_strdup_printf ("peer=%s rtt_ms=", peer);
  const char *line = strstr (text->str, pattern);
  g_autofree char *copy = NULL;
  g_auto(GStrv) fields = NULL;
  double rtt_ms;
  guint64 cwnd;

  g_assert_nonnull (line);
  copy = g_strndup (line, strcspn (line, "\n"));
  g_test_message ("stats: %s", copy);
  g_assert_true (g_regex_match_simple ("^peer=\\S+ rtt_ms=\\d+\\.\\d{3} rttvar_ms=\\d+\\.\\d{3} "
                                       "unsent=\\d+ unacked=\\d+ retrans=\\d+ rcvq=\\d+ "
                                       "cwnd=\\d+$", copy, 0, 0));
  fields = g_strsplit (copy, " ", -1);
  rtt_ms = g_ascii_strtod (fields[1] + strlen ("rtt_ms="), NULL);
  cwnd = g_ascii_strtoull (fields[7] + strlen ("cwnd="), NULL, 10);
  g_assert_cmpfloat (rtt_ms, >, 0.0);
  g_assert_cmpfloat (rtt_ms, <, 1000.0);
  g_assert_cmpuint (cwnd, >, 0);
}

/* --stats: the server's records and the client's stderr carry one line per
 * connection, named by the peer's label. */
static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  const char *server_argv[] = { server_path (), "--headless", "--listen", "127.0.0.1:0",
                                "--stats", "1", NULL };
  TcTestChild *server = proc_spawn (fixture, NULL, server_argv);
  g_autofree char *address = NULL;
  g_autofree char *client_label = NULL;
  TcTestChild *client;
  guint16 port;

  TC_WAIT_UNTIL (fixture->context, server->exited || has_text (server->out, "listening on "),
                 TIMEOUT_MS);
  TC_WAIT_UNTIL (fixture->context, server->exited || strchr (strstr (server->out->str,
                 "listening on "), '\n') != NULL, TIMEOUT_MS);
  g_assert_false (server->exited);
  port = find_port (server->out, "listening on ");
  address = g_strdup_printf ("127.0.0.1:%u", port);
  {
    const char *client_argv[] = { client_path (), "--headless", "--quiet", "--connect", address,
                                  "--stats", "1", NULL };

    client = proc_spawn (fixture, NULL, client_argv);
  }

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, "hello\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] < hello\n"), TIMEOUT_MS);
  client_label = first_peer_label (server->out);

  /* The server names its client; the client names the server. */
  {
    g_autofree char *server_marker = g_strdup_printf ("peer=%s rtt_ms=", client_label);
    g_autofree char *client_marker = g_strdup_printf ("peer=%s rtt_ms=", address);

    TC_WAIT_UNTIL (fixture->context,
                   has_text (server->out, server_marker) &&
                   strchr (strstr (server->out->str, server_marker), '\n') != NULL,
                   TIMEOUT_MS);
    TC_WAIT_UNTIL (fixture->context,
                   has_text (client->err, client_marker) &&
                   strchr (strstr (client->err->str, client_marker), '\n') != NULL,
                   TIMEOUT_MS);
  }
  assert_stats_line (server->out, client_label);
  assert_stats_line (client->err, address);
  /* A record like any other: time first. */
  g_assert_true (g_regex_match_simple ("^\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d peer=", server->out->str,
                                       G_REGEX_MULTILINE, 0));
  /* The peer's bytes alone on the client's stdout. */
  g_assert_cmpstr (client->out->str, ==, "");

  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

typedef struct
{
  const char *path;
  const char *text;
} FileHas;

/* Another process writes the file: polled by tc_test_wait_for(). */
static gboolean
file_has_cb (gpointer data)
{
  FileHas *has = data;
  g_autofree char *contents = NULL;

  return g_file_get_contents (has->path, &contents, NULL, NULL) &&
         strstr (contents, has->text) != NULL;
}

#define ISO_TIME "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d"

/* --log-file: every event of both sides, as it happens, dated. */
static void
test_log_file (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *server_log = g_build_filename (fixture->tmpdir, "server.log", NULL);
  g_autofree char *client_log = g_build_filename (fixture->tmpdir, "client.log", NULL);
  const char *server_argv[] = { server_path (), "--headless", "--listen", "127.0.0.1:0",
                                "--log-file", server_log, NULL };
  TcTestChild *server = proc_spawn (fixture, NULL, server_argv);
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  g_autofree char *pattern = NULL;
  TcTestChild *client;

  /* Appended to, not replaced. */
  g_assert_true (g_file_set_contents (client_log, "earlier\n", -1, NULL));

  TC_WAIT_UNTIL (fixture->context, server->exited || has_text (server->out, "listening on "),
                 TIMEOUT_MS);
  TC_WAIT_UNTIL (fixture->context, server->exited || strchr (strstr (server->out->str,
                 "listening on "), '\n') != NULL, TIMEOUT_MS);
  g_assert_false (server->exited);
  address = g_strdup_printf ("127.0.0.1:%u", find_port (server->out, "listening on "));
  {
    const char *client_argv[] = { client_path (), "--headless", "--connect", address,
                                  "--log-file", client_log, NULL };

    client = proc_spawn (fixture, NULL, client_argv);
  }

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, "hello\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] < hello\n"), TIMEOUT_MS);

  /* Written as it happens: there while both still run. */
  {
    FileHas has = { server_log, "] < hello\n" };

    g_assert_true (tc_test_wait_for (fixture->context, file_has_cb, &has, TIMEOUT_MS));
  }
  text = read_text (server_log);
  g_test_message ("server log:\n%s", text);
  g_assert_true (g_regex_match_simple ("^" ISO_TIME " \\[127\\.0\\.0\\.1:\\d+\\] connected$",
                                       text, G_REGEX_MULTILINE, 0));
  g_assert_true (g_regex_match_simple ("^" ISO_TIME " \\[127\\.0\\.0\\.1:\\d+\\] < hello$",
                                       text, G_REGEX_MULTILINE, 0));
  g_clear_pointer (&text, g_free);

  tc_test_child_write (server, "welcome\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "welcome\n"), TIMEOUT_MS);
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);

  text = read_text (client_log);
  g_test_message ("client log:\n%s", text);
  g_assert_true (g_str_has_prefix (text, "earlier\n"));
  pattern = g_strdup_printf ("^" ISO_TIME " \\[%s\\] > hello$", address);
  g_assert_true (g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0));
  g_clear_pointer (&pattern, g_free);
  pattern = g_strdup_printf ("^" ISO_TIME " \\[%s\\] < welcome$", address);
  g_assert_true (g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0));
  g_clear_pointer (&pattern, g_free);
  pattern = g_strdup_printf ("^" ISO_TIME " \\[%s\\] disconnected", address);
  g_assert_true (g_regex_match_simple (pattern, text, G_REGEX_MULTILINE, 0));
}

/* A log file that stops taking writes: one message, the session goes on. */
static void
test_log_file_write_error (Fixture       *fixture,
                           gconstpointer  data)
{
  guint16 port;
  TcTestChild *server = start_server (fixture, FALSE, &port);
  g_autofree char *address = g_strdup_printf ("127.0.0.1:%u", port);
  const char *argv[] = { client_path (), "--headless", "--quiet", "--connect", address,
                         "--log-file", "/dev/full", NULL };
  TcTestChild *client = proc_spawn (fixture, NULL, argv);

  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, "one\ntwo\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] < two\n"), TIMEOUT_MS);
  tc_test_child_write (server, "back\n", -1);
  TC_WAIT_UNTIL (fixture->context, has_text (client->out, "back\n"), TIMEOUT_MS);
  tc_test_child_close_stdin (client);
  g_assert_cmpint (tc_test_child_wait (client, TIMEOUT_MS), ==, 0);

  g_test_message ("stderr: %s", client->err->str);
  g_assert_nonnull (strstr (client->err->str, "/dev/full"));
  g_assert_true (g_str_has_suffix (client->err->str, "\n"));
  g_assert_true (strchr (client->err->str, '\n') == client->err->str + client->err->len - 1);
}


/* --log-format jsonl, rotated at --log-max-size, --log-keep files kept:
 * one object a line, no file past the size, none beyond the count. */
static void
test_log_file_rotation (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *log = g_build_filename (fixture->tmpdir, "server.jsonl", NULL);
  const char *options[] = { "--log-file", log, "--log-format", "jsonl", "--log-max-size", "2K",
                            "--log-keep", "2", NULL };
  const char *client_options[] = { NULL };
  guint16 port;
  TcTestChild *server = start_server_with (fixture, options, &port);
  TcTestChild *client = start_client_with (fixture, port, client_options);
  g_autoptr(GString) lines = g_string_new (NULL);
  FileHas has = { log, "\"text\":\"line 099 of the rotation\"" };

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (lines, "line %03u of the rotation\n", i);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, lines->str, (gssize) lines->len);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "< line 099 of the rotation\n"),
                 TIMEOUT_MS);
  g_assert_true (tc_test_wait_for (fixture->context, file_has_cb, &has, TIMEOUT_MS));

  for (guint i = 0; i <= 3; i++)
    {
      g_autofree char *name = i == 0 ? g_strdup (log) : g_strdup_printf ("%s.%u", log, i);
      g_autofree char *text = NULL;
      g_auto(GStrv) records = NULL;

      if (i == 3)
        {
          g_assert_false (g_file_test (name, G_FILE_TEST_EXISTS));
          break;
        }
      text = read_text (name);
      g_test_message ("%s: %zu bytes", name, strlen (text));
      g_assert_cmpuint (strlen (text), <=, 2048);
      g_assert_true (g_str_has_suffix (text, "}\n"));
      records = g_strsplit (text, "\n", -1);
      for (guint k = 0; records[k] != NULL && records[k][0] != '\0'; k++)
        {
          g_assert_true (g_str_has_prefix (records[k], "{\"t_us\":"));
          g_assert_true (g_str_has_suffix (records[k], "}"));
        }
      if (i == 0)
        g_assert_true (g_regex_match_simple ("^\\{\"t_us\":\\d+,\"time\":\"" ISO_TIME "\","
                                             "\"kind\":\"in\",\"conn\":1,\"peer\":\"127\\.0\\.0"
                                             "\\.1:\\d+\",\"b64\":\"bGluZSAwOTkgb2YgdGhlIHJvdGF0"
                                             "aW9uCg==\",\"text\":\"line 099 of the rotation\","
                                             "\"len\":24,\"flags\":\\[\\]\\}$",
                                             text, G_REGEX_MULTILINE, 0));
    }
}

/* A log file that takes nothing (a FIFO nobody reads): the server goes on
 * reading and printing; the events wait in memory, not the sockets. */
static void
test_log_file_stuck (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->tmpdir, "stuck.log", NULL);
  const char *options[] = { "--log-file", fifo, NULL };
  const char *client_options[] = { "--quiet", NULL };
  g_autoptr(GString) lines = g_string_new (NULL);
  TcTestChild *server;
  TcTestChild *client;
  guint16 port;
  char first[65] = { 0 };
  int reader;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader, >=, 0);
  server = start_server_with (fixture, options, &port);
  client = start_client_with (fixture, port, client_options);

  /* 2 MiB of lines: 30 times what the pipe holds. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (lines, "%05u 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567\n", i);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, lines->str, (gssize) lines->len);
  TC_WAIT_UNTIL (fixture->context, server->exited || has_text (server->out, "] < 19999 "),
                 TIMEOUT_MS * 3);
  g_assert_false (server->exited);

  /* What is in the pipe is the log, from its start. */
  g_assert_cmpint (read (reader, first, sizeof first - 1), ==, sizeof first - 1);
  g_assert_true (g_regex_match_simple ("^" ISO_TIME " ", first, G_REGEX_RAW, 0));
  close (reader);
}

/* A log file that takes nothing at the end: SIGTERM ends the server
 * within the 2 seconds it waits for the disk, and stderr says how many
 * events were not written. */
static void
test_log_file_stuck_exit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (fixture->tmpdir, "stuck.log", NULL);
  const char *options[] = { "--log-file", fifo, NULL };
  const char *client_options[] = { "--quiet", NULL };
  g_autoptr(GString) lines = g_string_new (NULL);
  TcTestChild *server;
  TcTestChild *client;
  guint16 port;
  gint64 start;
  int reader;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reader = open (fifo, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  g_assert_cmpint (reader, >=, 0);
  server = start_server_with (fixture, options, &port);
  client = start_client_with (fixture, port, client_options);

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (lines, "%05u 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567\n", i);
  TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  tc_test_child_write (client, lines->str, (gssize) lines->len);
  TC_WAIT_UNTIL (fixture->context, server->exited || has_text (server->out, "] < 19999 "),
                 TIMEOUT_MS * 3);
  g_assert_false (server->exited);

  start = g_get_monotonic_time ();
  g_subprocess_send_signal (server->process, SIGTERM);
  tc_test_child_wait (server, 10000);
  g_test_message ("exit took %.2f s; stderr: %s",
                  (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC, server->err->str);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_true (g_regex_match_simple ("^tcpchat-server: --log-file: \\d+ events not written: .*stuck\\.log "
                                       "took nothing for 2 seconds$",
                                       server->err->str, G_REGEX_MULTILINE, 0));
  close (reader);
}

/* --keepalive on the server's connections, as the kernel shows them (ss
 * prints a socket's keepalive timer); the client, without it, has none. */
static void
test_keepalive (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *ss = tc_test_require_tool ("ss", "iproute2");
  const char *options[] = { "--keepalive", "7,3,4", "--no-nodelay", NULL };
  const char *client_options[] = { NULL };
  g_autofree char *server_filter = NULL;
  g_autofree char *client_filter = NULL;
  g_autofree char *server_out = NULL;
  g_autofree char *client_out = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  if (ss == NULL)
    return;
  start_server_with (fixture, options, &port);
  start_client_with (fixture, port, client_options);
  {
    TcTestChild *server = g_ptr_array_index (fixture->procs, fixture->procs->len - 2);

    TC_WAIT_UNTIL (fixture->context, has_text (server->out, "] connected\n"), TIMEOUT_MS);
  }

  server_filter = g_strdup_printf ("sport = :%u", port);
  client_filter = g_strdup_printf ("dport = :%u", port);
  {
    const char *argv[] = { ss, "-tnoH", "state", "established", server_filter, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &server_out, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  {
    const char *argv[] = { ss, "-tnoH", "state", "established", client_filter, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                                 &client_out, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  g_test_message ("server side: %s", server_out);
  g_test_message ("client side: %s", client_out);
  g_assert_nonnull (strstr (server_out, "timer:(keepalive,"));
  g_assert_null (strstr (client_out, "keepalive"));
}

int
main (int   argc,
      char *argv[])
{
  gboolean first_part = FALSE;
  gboolean second_part = FALSE;

  g_test_init (&argc, &argv, NULL);

  /* Under valgrind each test takes seconds: meson runs this program twice
   * side by side, so that both cores have work, once with --part=1 and once
   * with --part=2; the tests of part 2 (ADD_2) take about half the time.
   * Without --part, every test runs. */
  for (int i = 1; i < argc; i++)
    {
      first_part |= g_str_equal (argv[i], "--part=1");
      second_part |= g_str_equal (argv[i], "--part=2");
    }
  if (!first_part && !second_part)
    first_part = second_part = TRUE;

#define ADD(path, func) \
  if (first_part) \
    g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_2(path, func) \
  if (second_part) \
    g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/headless/server-and-client", test_server_and_client);
  ADD ("/headless/utf8", test_utf8);
  ADD ("/headless/hostile-bytes-logged-safely", test_hostile_bytes_logged_safely);
  ADD ("/headless/client-final-fragment", test_client_final_fragment);
  ADD ("/headless/python-client-to-server", test_python_client_to_server);
  ADD ("/headless/nc-to-server", test_nc_to_server);
  ADD ("/headless/client-to-nc", test_client_to_nc);
  ADD ("/headless/socat-to-server", test_socat_to_server);
  ADD ("/headless/relay", test_relay);
  ADD ("/headless/client-stdout-closed", test_client_stdout_closed);
  ADD ("/headless/server-stdout-closed", test_server_stdout_closed);
  ADD ("/headless/server-stdout-closed-idle", test_server_stdout_closed_idle);
  ADD ("/headless/server-stop-ends-client", test_server_stop_ends_client);
  ADD ("/headless/client-signals", test_client_signals);
  ADD ("/headless/client-refused", test_client_refused);
  ADD ("/headless/port-in-use", test_port_in_use);
  ADD_2 ("/headless/bad-arguments", test_bad_arguments);
  ADD ("/headless/max-line-checked-alike", test_max_line_checked_alike);
  ADD ("/headless/window-bad-arguments", test_window_bad_arguments);
  ADD ("/headless/help-and-version", test_help_and_version);
  ADD ("/headless/window-version", test_window_version);
  ADD_2 ("/headless/transfer-10mb-to-python", test_transfer_10mb_to_python);
  ADD_2 ("/headless/transfer-10mb-to-server", test_transfer_10mb_to_server);
  ADD_2 ("/headless/socat-binary-frames", test_socat_binary_frames);
  ADD_2 ("/headless/python-gb18030-crlf", test_python_gb18030_crlf);
  ADD_2 ("/headless/server-nc-framings", test_server_nc_framings);
  ADD_2 ("/headless/client-nc-framings", test_client_nc_framings);
  ADD_2 ("/headless/hex-and-escapes-from-stdin", test_hex_and_escapes_from_stdin);
  ADD ("/headless/relay-prefix", test_relay_prefix);
  ADD ("/headless/no-messages", test_no_messages);
  ADD_2 ("/headless/stats", test_stats);
  ADD_2 ("/headless/log-file", test_log_file);
  ADD_2 ("/headless/log-file-write-error", test_log_file_write_error);
  ADD_2 ("/headless/log-file-rotation", test_log_file_rotation);
  ADD_2 ("/headless/log-file-stuck", test_log_file_stuck);
  ADD_2 ("/headless/log-file-stuck-exit", test_log_file_stuck_exit);
  ADD_2 ("/headless/keepalive", test_keepalive);

#undef ADD
#undef ADD_2

  return g_test_run ();
}
