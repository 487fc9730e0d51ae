/* tc-client-headless.c: the command-line mode of tcpchat-client
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-headless.h"

#include "tc-address.h"
#include "tc-client.h"
#include "tc-connection.h"
#include "tc-error.h"
#include "tc-fd-limit.h"
#include "tc-line-reader.h"
#include "tc-output.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Like nc: lines read from stdin go to the server, lines from the server go
 * to stdout exactly as received, each with its own terminator ("\n" or
 * "\r\n", none after a last line that had none), status and errors go to
 * stderr. Lines from stdin are sent with their own terminator too.
 *
 * Stdin is read only while the connection's send queue is below its
 * high-water mark, so memory stays constant whatever the size of the input.
 * At the end of stdin a last line without "\n" is sent with one (the
 * protocol's unit is a line), the sending side is shut down, and the
 * program exits when the server closes the connection.
 *
 * Exit status: 0 when the server closed the connection, 1 when the
 * connection failed or broke, 2 for bad arguments, 128+N on signal N, and
 * 141 (128+SIGPIPE) as soon as the reader of stdout has gone.
 *
 * Stderr only carries messages: a failed write to it is not worth ending a
 * transfer for, so it is not checked.
 */

#define STDIN_CHUNK        (64 * 1024)
#define MAX_LINE_LIMIT     (64 * 1024 * 1024)
#define FLUSH_INTERVAL_US  (100 * 1000)
#define EXIT_USAGE         2

typedef struct
{
  GMainLoop    *loop;
  TcClient     *client;
  TcConnection *connection;
  TcLineReader *stdin_reader;
  GByteArray   *batch;
  guint         batch_lines;
  guint         flush_source;
  gboolean      quiet;
  gint64        last_flush_us;
  guint         output_watch;
  gboolean      output_failed;
  int           status;
} Headless;

static void stdin_update_watch (Headless *self);

static void
status_message (Headless   *self,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

static void
print_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

/* An error on stderr, after the program's name. */
static void
print_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("tcpchat-client: %s\n", text);
}

static void
status_message (Headless   *self,
                const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (self->quiet)
    return;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("tcpchat-client: %s\n", text);
}

static void
finish (Headless *self,
        int       status)
{
  self->status = status;
  g_main_loop_quit (self->loop);
}

/* Stdout is what the program is for: once it cannot be written, nothing
 * received can be delivered any more, so the program ends, as nc does.
 */
static void
output_fail (Headless *self,
             int       saved_errno)
{
  if (self->output_failed)
    return;

  self->output_failed = TRUE;
  if (saved_errno == EPIPE)
    {
      finish (self, TC_EXIT_OUTPUT_GONE);
    }
  else
    {
      print_error (_("cannot write to stdout: %s"), g_strerror (saved_errno));
      finish (self, 1);
    }
}

static void
output_write (Headless   *self,
              const char *data,
              gsize       len)
{
  if (!self->output_failed && fwrite (data, 1, len, stdout) != len)
    output_fail (self, errno);
}

/* Stdout is block-buffered unless a terminal: a failed write may only show here. */
static void
output_flush (Headless *self)
{
  if (!self->output_failed && fflush (stdout) != 0)
    output_fail (self, errno);
  self->last_flush_us = g_get_monotonic_time ();
}

static gboolean
output_gone_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  Headless *self = user_data;

  self->output_watch = 0;
  output_fail (self, EPIPE);

  return G_SOURCE_REMOVE;
}

static gboolean
flush_idle_cb (gpointer user_data)
{
  Headless *self = user_data;

  self->flush_source = 0;
  output_flush (self);

  return G_SOURCE_REMOVE;
}

static void
on_line_received (TcConnection *connection,
                  TcLine       *line,
                  gpointer      user_data)
{
  Headless *self = user_data;
  const char *terminator = tc_line_flags_get_terminator (line->flags);

  /* The bytes as they came, their terminator included. */
  output_write (self, line->data, line->len);
  output_write (self, terminator, strlen (terminator));

  if (line->flags & TC_LINE_FLAG_TRUNCATED)
    status_message (self, _("a line from the server was too long: %" PRIu64
                            " bytes after the first %zu were dropped"),
                    line->discarded, line->len);

  /* That the peer ended without a newline is said on stderr too. */
  if (line->flags & TC_LINE_FLAG_NO_NEWLINE)
    status_message (self, _("the last line from the server had no newline at end"));

  /* Block-buffered unless stdout is a terminal: flushed when the loop is
   * idle, and at least every FLUSH_INTERVAL_US while data keeps coming.
   */
  if (g_get_monotonic_time () - self->last_flush_us > FLUSH_INTERVAL_US)
    output_flush (self);
  else if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_LOW, flush_idle_cb, self, NULL);
}

static void
on_closed (TcConnection *connection,
           GError       *reason,
           gpointer      user_data)
{
  Headless *self = user_data;

  if (reason == NULL ||
      g_error_matches (reason, TC_ERROR, TC_ERROR_PEER_CLOSED) ||
      g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE))
    {
      status_message (self, _("connection closed"));
      finish (self, self->status);
    }
  else
    {
      g_printerr ("tcpchat-client: %s\n", reason->message);
      finish (self, 1);
    }
}

static void
on_congested_changed (TcConnection *connection,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  stdin_update_watch (user_data);
}

static void
batch_line (const TcLine *line,
            gpointer      user_data)
{
  Headless *self = user_data;
  /* A CRLF line goes out as CRLF (its "\r" and the framer's "\n"); a
   * last line without one gets "\n". */
  GOutputVector parts[] = { { line->data, line->len }, { "\r", 1 } };
  gsize n_parts = line->flags & TC_LINE_FLAG_CRLF ? 2 : 1;

  if (tc_framer_encode_vectors (tc_connection_get_framer (self->connection), self->batch,
                                parts, n_parts, NULL))
    self->batch_lines++;

  if (line->flags & TC_LINE_FLAG_TRUNCATED)
    status_message (self, _("an input line was too long: %" PRIu64
                            " bytes after the first %zu were not sent"),
                    line->discarded, line->len);
}

/* Queues the lines of one read of stdin as one buffer. */
static gboolean
batch_send (gpointer user_data)
{
  Headless *self = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  guint n_lines = self->batch_lines;

  if (self->batch->len == 0)
    return TRUE;

  bytes = g_byte_array_free_to_bytes (self->batch);
  self->batch = g_byte_array_sized_new (STDIN_CHUNK + 64);
  self->batch_lines = 0;

  if (!tc_connection_send_bytes (self->connection, bytes, n_lines, &error))
    {
      g_printerr ("tcpchat-client: %s\n", error->message);
      finish (self, 1);
      return FALSE;
    }

  return TRUE;
}

static void
stdin_ended (const GError *error,
             gpointer      user_data)
{
  Headless *self = user_data;

  if (error != NULL)
    {
      print_error (_("cannot read stdin: %s"), error->message);
      self->status = 1;
    }

  /* The last lines were queued by batch_send(); they are still written
   * before the sending side closes.
   */
  if (self->connection != NULL &&
      tc_connection_get_state (self->connection) == TC_SOCKET_STATE_CONNECTED)
    {
      tc_connection_shutdown_write (self->connection);
      status_message (self, _("end of input, waiting for the server to close"));
    }
}

/* Stdin is read only as fast as the connection drains. */
static void
stdin_update_watch (Headless *self)
{
  gboolean want = (self->connection != NULL &&
                   tc_connection_get_state (self->connection) == TC_SOCKET_STATE_CONNECTED &&
                   !tc_connection_get_congested (self->connection));

  tc_line_reader_set_reading (self->stdin_reader, want);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TcConnection) connection = NULL;

  connection = tc_client_connect_finish (TC_CLIENT (object), result, &error);
  if (connection == NULL)
    {
      g_printerr ("tcpchat-client: %s\n", error->message);
      finish (self, 1);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  status_message (self, _("connected to %s"), tc_connection_get_peer_label (self->connection));

  g_signal_connect (self->connection, "line-received", G_CALLBACK (on_line_received), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);
  g_signal_connect (self->connection, "notify::congested",
                    G_CALLBACK (on_congested_changed), self);

  if (tc_connection_get_state (self->connection) != TC_SOCKET_STATE_CONNECTED)
    {
      status_message (self, _("connection closed"));
      finish (self, self->status);
      return;
    }

  stdin_update_watch (self);
}

static gboolean
on_sigint (gpointer user_data)
{
  finish (user_data, 128 + SIGINT);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  finish (user_data, 128 + SIGTERM);
  return G_SOURCE_CONTINUE;
}

int
tc_client_headless_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TcClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TcLineReader) reader = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autofree char *address = NULL;
  g_autofree char *max_line_text = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) args = NULL;
  gboolean headless = FALSE;
  gboolean quiet = FALSE;
  gboolean version = FALSE;
  int timeout_s = TC_CLIENT_DEFAULT_CONNECT_TIMEOUT / 1000;
  int send_timeout_s = 0;
  guint64 max_line = TC_LINE_FRAMER_DEFAULT_MAX_LINE;
  guint16 port = 0;
  Headless self = { 0 };
  guint sigint_id, sigterm_id;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run without a window: stdin to the server, the server's lines to stdout"), NULL },
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &address,
      N_("Server to connect to (default 127.0.0.1:10000; [::1]:PORT for IPv6)"),
      N_("HOST:PORT") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &timeout_s,
      N_("Give up connecting after SECONDS (default 10)"), N_("SECONDS") },
    { "send-timeout", 0, 0, G_OPTION_ARG_INT, &send_timeout_s,
      N_("Disconnect when the server takes none of what waits for it for SECONDS "
         "(default 0: wait for it as long as it takes)"), N_("SECONDS") },
    { "max-line", 0, 0, G_OPTION_ARG_STRING, &max_line_text,
      N_("Longest line kept in either direction, longer ones are truncated (default 65536)"),
      N_("BYTES") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only errors on stderr"), NULL },
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (N_("- line-based TCP chat client"));
  /* Marked N_(): the context translates its texts when it prints --help. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    N_("Without --headless the window opens. In headless mode it works like nc:\n"
       "lines from stdin are sent to the server, the server's lines are written to\n"
       "stdout, and status messages go to stderr. At the end of stdin the sending\n"
       "side is closed and the program exits once the server closes the connection."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      print_error (_("%s (see --help)"), error->message);
      return EXIT_USAGE;
    }

  if (version)
    {
      g_print ("tcpchat-client %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (args[1] != NULL)
    {
      print_error (_("unexpected argument “%s” (see --help)"), args[1]);
      return EXIT_USAGE;
    }

  if (!tc_connect_address_parse (address != NULL ? address : "127.0.0.1", &host, &port, &error))
    {
      g_printerr ("tcpchat-client: --connect %s: %s\n", address, error->message);
      return EXIT_USAGE;
    }

  if (timeout_s < 1 || timeout_s > 3600)
    {
      print_error (_("--timeout %d: expected seconds from 1 to 3600"), timeout_s);
      return EXIT_USAGE;
    }

  if (send_timeout_s < 0 || send_timeout_s > 86400)
    {
      print_error (_("--send-timeout %d: expected seconds from 0 to 86400"), send_timeout_s);
      return EXIT_USAGE;
    }

  if (max_line_text != NULL &&
      !g_ascii_string_to_unsigned (max_line_text, 10, 1, MAX_LINE_LIMIT, &max_line, NULL))
    {
      print_error (_("--max-line %s: expected a whole number from 1 to %d"),
                   max_line_text, MAX_LINE_LIMIT);
      return EXIT_USAGE;
    }

  if (!isatty (STDOUT_FILENO))
    setvbuf (stdout, NULL, _IOFBF, 64 * 1024);
  tc_output_ignore_sigpipe ();

  tc_fd_limit_raise ();
  client = tc_client_new ();
  tc_client_set_connect_timeout (client, (guint) timeout_s * 1000);
  tc_client_set_send_timeout (client, (guint) send_timeout_s * 1000);
  tc_client_set_max_line (client, (gsize) max_line);

  loop = g_main_loop_new (NULL, FALSE);
  reader = tc_line_reader_new (STDIN_FILENO, (gsize) max_line, batch_line, batch_send,
                               stdin_ended, &self);
  cancellable = g_cancellable_new ();

  self.loop = loop;
  self.client = client;
  self.stdin_reader = reader;
  self.batch = g_byte_array_sized_new (STDIN_CHUNK + 64);
  self.quiet = quiet;
  self.last_flush_us = g_get_monotonic_time ();

  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &self);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &self);
  self.output_watch = tc_output_watch_reader_gone (STDOUT_FILENO, output_gone_cb, &self);

  status_message (&self, _("connecting to %s"), address != NULL ? address : "127.0.0.1:10000");
  tc_client_connect_async (client, host, port, cancellable, connect_cb, &self);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_clear_handle_id (&self.output_watch, g_source_remove);
  tc_line_reader_set_reading (reader, FALSE);
  g_clear_handle_id (&self.flush_source, g_source_remove);
  g_cancellable_cancel (cancellable);

  if (self.connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self.connection, &self);
      tc_connection_close (self.connection);
      g_clear_object (&self.connection);
    }
  tc_client_disconnect (client);

  g_byte_array_unref (self.batch);
  output_flush (&self);

  return self.status;
}
