/* tc-client-headless.c: the command-line mode of tcpchat-client
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-headless.h"

#include "tc-client.h"
#include "tc-connection.h"
#include "tc-error.h"
#include "tc-headless.h"
#include "tc-headless-options.h"
#include "tc-tls-options.h"
#include "tc-session.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

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

typedef struct
{
  TcHeadless       *run;
  TcHeadlessOutput *out;
  TcHeadlessOptions options;     /* TLS, bytes, automation, monitor, --max-line */
  TcHeadlessBytes  *bytes;       /* options.bytes */
  TcClient         *client;
  TcSession        *session;
  TcConnection     *connection;
  GCancellable     *cancellable;
  gboolean          holding;     /* the lines of a read of stdin */
  gboolean          send_failed;

  /* The options of this program alone. */
  char             *address;
  char             *host;
  guint16           port;
  int               timeout_s;
  int               send_timeout_s;
  gboolean          quiet;
  TcTlsConfig      *tls;
} Headless;

static void stdin_update_watch (Headless *self);

static void
status_message (Headless   *self,
                const char *format,
                ...) G_GNUC_PRINTF (2, 3);

/* Progress on stderr, unless --quiet. */
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

  tc_headless_print_error (self->run, "%s", text);
}

/* A line cut at --max-line, from the server or from stdin. */
static void
say_truncated (Headless        *self,
               const TcMessage *line,
               gboolean         from_server)
{
  gulong n = (gulong) MIN (line->discarded, G_MAXULONG);

  status_message (self,
                  from_server
                  ? g_dngettext (GETTEXT_PACKAGE,
                                 "a line from the server was too long: %" PRIu64
                                 " byte after the first %zu was dropped",
                                 "a line from the server was too long: %" PRIu64
                                 " bytes after the first %zu were dropped", n)
                  : g_dngettext (GETTEXT_PACKAGE,
                                 "an input line was too long: %" PRIu64
                                 " byte after the first %zu was not sent",
                                 "an input line was too long: %" PRIu64
                                 " bytes after the first %zu were not sent", n),
                  line->discarded, line->len);
}

static void
finish (Headless *self,
        int       status)
{
  tc_headless_set_status (self->run, status);
  tc_headless_quit (self->run);
}

static void
received (Headless     *self,
          const TcMessage *line)
{
  /* The bytes as they came, their framing included, or hex. */
  tc_headless_bytes_write_message (self->bytes, self->out, line);

  if (line->flags & TC_MESSAGE_FLAG_TRUNCATED)
    say_truncated (self, line, TRUE);

  /* That the peer ended without a newline is said on stderr too. */
  if (line->flags & TC_MESSAGE_FLAG_NO_TERMINATOR)
    status_message (self, _("the last line from the server had no newline at end"));
}

static void
closed (Headless     *self,
        const GError *reason)
{
  if (reason == NULL ||
      g_error_matches (reason, TC_ERROR, TC_ERROR_PEER_CLOSED) ||
      g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE))
    {
      status_message (self, _("connection closed"));
      tc_headless_quit (self->run);
    }
  else
    {
      tc_headless_print_error (self->run, "%s", reason->message);
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
connected (Headless     *self,
           TcConnection *connection)
{
  g_autofree char *tls = tc_connection_get_tls_description (connection);

  g_set_object (&self->connection, connection);
  if (tls != NULL)
    {
      g_autofree char *subject = tc_connection_get_peer_subject (connection);

      status_message (self, _("connected to %s (%s; certificate %s)"),
                      tc_connection_get_peer_label (connection), tls,
                      subject != NULL ? subject : "?");
    }
  else
    {
      status_message (self, _("connected to %s"), tc_connection_get_peer_label (connection));
    }
  g_signal_connect (connection, "notify::congested", G_CALLBACK (on_congested_changed), self);
  stdin_update_watch (self);
}

/* Stdout has the server's bytes and nothing else; the rest is said on
 * stderr in the words nc users know, not the windows' sentences. */
static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  Headless *self = user_data;

  switch (event->kind)
    {
    case TC_EVENT_RECEIVED:
      received (self, event->message);
      break;
    case TC_EVENT_PEER_CONNECTED:
      connected (self, event->connection);
      break;
    case TC_EVENT_PEER_CLOSED:
      closed (self, event->error);
      break;
    case TC_EVENT_ERROR:
      /* The attempt failed. */
      tc_headless_print_error (self->run, "%s", event->error->message);
      finish (self, 1);
      break;
    case TC_EVENT_STATE:
      if (event->state == TC_SOCKET_STATE_HANDSHAKING)
        {
          TcClient *client = tc_session_get_client (session);

          status_message (self, _("TLS handshake with %s:%u"), tc_client_get_host (client),
                          tc_client_get_port (client));
        }
      break;
    case TC_EVENT_PEER_REFUSED:
    case TC_EVENT_SENT:
    case TC_EVENT_INFO:
    default:
      break;
    }
}

static void
send_line (const TcMessage *line,
           gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = NULL;
  guint sent;

  if (self->connection == NULL || self->send_failed)
    return;

  /* The lines of one read of stdin go out in one write, at its end. */
  if (!self->holding)
    {
      tc_session_hold (self->session);
      self->holding = TRUE;
    }

  if (tc_headless_bytes_read_plain_line (self->bytes, line))
    {
      sent = tc_session_send_data (self->session, NULL, line->data, line->len, &error);
    }
  else
    {
      message = tc_headless_bytes_read_line (self->bytes, line, &error);
      if (message == NULL)
        {
          /* Nothing is sent for a line that cannot be read; the next may be. */
          if (error != NULL)
            tc_headless_print_error (self->run, "%s", error->message);
          return;
        }
      sent = tc_session_send (self->session, NULL, message, &error);
    }

  if (sent == 0)
    {
      /* Said once: the rest of the read would fail the same way. */
      tc_headless_print_error (self->run, "%s", error->message);
      finish (self, 1);
      self->send_failed = TRUE;
      return;
    }

  if (line->flags & TC_MESSAGE_FLAG_TRUNCATED)
    say_truncated (self, line, FALSE);
}

/* After the lines of one read of stdin: they are queued together. */
static gboolean
send_batch (gpointer user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;

  if (self->holding)
    {
      self->holding = FALSE;
      if (!tc_session_release (self->session, &error) && !self->send_failed)
        {
          tc_headless_print_error (self->run, "%s", error->message);
          finish (self, 1);
          self->send_failed = TRUE;
        }
    }

  /* Reading stops for good after a failure. */
  return !self->send_failed;
}

static void
stdin_ended (const GError *error,
             gpointer      user_data)
{
  Headless *self = user_data;

  if (error != NULL)
    {
      tc_headless_print_error (self->run, _("cannot read stdin: %s"), error->message);
      tc_headless_set_status (self->run, 1);
    }

  /* The last lines were queued by send_batch(); they are still written
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

  tc_headless_set_reading (self->run, want);
}

static void
automation_say (const char *peer,
                const char *text,
                gpointer    user_data)
{
  status_message (user_data, "%s", text);
}

/* On stderr even with --quiet, since asked for; stdout holds the peer's bytes. */
static void
stats_say (const char *peer,
           const char *text,
           gpointer    user_data)
{
  g_printerr ("%s\n", text);
}

/* Success and failure are told by the session's events. */
static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TcConnection) connection = NULL;

  connection = tc_client_connect_finish (TC_CLIENT (object), result, NULL);
}

/* As a shell reports a program a signal ended. */
static void
on_quit_signal (int      signum,
                gpointer user_data)
{
  finish (user_data, 128 + signum);
}

/* Reads the command line. Returns: -1 to go on, or the exit status */
static int
parse_options (gpointer   data,
               char     **argv)
{
  Headless *self = data;
  int status;
  const GOptionEntry entries[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING, &self->address,
      N_("Server to connect to (default 127.0.0.1:10000; [::1]:PORT for IPv6)"),
      N_("HOST:PORT") },
    { "timeout", 't', 0, G_OPTION_ARG_INT, &self->timeout_s,
      N_("Give up connecting after SECONDS (default 10)"), N_("SECONDS") },
    { "send-timeout", 0, 0, G_OPTION_ARG_INT, &self->send_timeout_s,
      N_("Disconnect when the server takes none of what waits for it for SECONDS "
         "(default 0: wait for it as long as it takes)"), N_("SECONDS") },
    { "max-line", 0, 0, G_OPTION_ARG_STRING, &self->options.max_line_text,
      N_("Longest line kept in either direction, longer ones are truncated (default 65536)"),
      N_("BYTES") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &self->quiet, N_("Print only errors on stderr"), NULL },
    TC_HEADLESS_OPTIONS_ENTRIES (&self->options),
    { NULL }
  };

  status = tc_headless_parse_options (self->run, N_("- line-based TCP chat client"),
    N_("Without --headless the window opens. In headless mode it works like nc:\n"
       "lines from stdin are sent to the server, the server's lines are written to\n"
       "stdout, and status messages go to stderr. At the end of stdin the sending\n"
       "side is closed and the program exits once the server closes the connection."),
    N_("Run without a window: stdin to the server, the server's lines to stdout"),
    entries, argv);
  if (status >= 0)
    return status;

  if (!tc_headless_parse_address (self->run, "--connect", self->address, "127.0.0.1",
                                  tc_connect_address_parse, &self->host, &self->port))
    return TC_HEADLESS_EXIT_USAGE;

  if (self->timeout_s < 1 || self->timeout_s > 3600)
    {
      tc_headless_print_error (self->run, _("--timeout %d: expected seconds from 1 to 3600"),
                               self->timeout_s);
      return TC_HEADLESS_EXIT_USAGE;
    }

  if (self->send_timeout_s < 0 || self->send_timeout_s > 86400)
    {
      tc_headless_print_error (self->run,
                               _("--send-timeout %d: expected seconds from 0 to 86400"),
                               self->send_timeout_s);
      return TC_HEADLESS_EXIT_USAGE;
    }

  if (!tc_headless_options_check (&self->options, self->run))
    return TC_HEADLESS_EXIT_USAGE;

  if (!tc_headless_options_make_tls (&self->options, self->run, NULL, &self->tls, NULL))
    return TC_HEADLESS_EXIT_USAGE;
  if (self->tls != NULL && self->tls->insecure)
    tc_headless_print_error (self->run,
                             _("warning: --tls-insecure: the server's certificate is not "
                               "checked, so anyone between here and there can read and "
                               "change the conversation"));

  return -1;
}

/* The client, its session and stdin, then the connection attempt.
 * Returns: -1, to run */
static int
start (gpointer data)
{
  Headless *self = data;
  gsize max_line = (gsize) self->options.max_line;

  self->out = tc_headless_start (self->run, on_quit_signal, self);

  self->client = tc_client_new ();
  tc_client_set_connect_timeout (self->client, (guint) self->timeout_s * 1000);
  tc_client_set_send_timeout (self->client, (guint) self->send_timeout_s * 1000);
  tc_client_set_max_line (self->client, max_line);
  tc_client_set_tls (self->client, self->tls);
  tc_client_set_framing (self->client, tc_headless_bytes_get_framing (self->bytes));
  self->session = tc_session_new_for_client (self->client);
  tc_headless_options_read_stdin (&self->options, self->run, send_line, send_batch, stdin_ended,
                                  self);
  self->cancellable = g_cancellable_new ();
  /* Not SENT: stdout has only the server's bytes. */
  tc_session_add_event_func_for_kinds (self->session,
                                       TC_SESSION_EVENT_KIND (TC_EVENT_RECEIVED) |
                                       TC_SESSION_EVENT_KIND (TC_EVENT_PEER_CONNECTED) |
                                       TC_SESSION_EVENT_KIND (TC_EVENT_PEER_CLOSED) |
                                       TC_SESSION_EVENT_KIND (TC_EVENT_ERROR) |
                                       TC_SESSION_EVENT_KIND (TC_EVENT_STATE),
                                       session_event_cb, self);
  tc_headless_options_start (&self->options, self->session, automation_say, stats_say, self);

  status_message (self, _("connecting to %s"),
                  self->address != NULL ? self->address : "127.0.0.1:10000");
  tc_client_connect_async (self->client, self->host, self->port, self->cancellable,
                           connect_cb, self);
  return -1;
}

static void
stop (gpointer data)
{
  Headless *self = data;

  g_cancellable_cancel (self->cancellable);

  /* What closing says now is not for the person: the run is over. */
  tc_headless_automation_stop (&self->options.automation);
  tc_session_remove_event_func (self->session, session_event_cb, self);
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      tc_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  tc_client_disconnect (self->client);
  /* After the close, so the log file has it. */
  tc_headless_monitor_stop (&self->options.monitor);
}

static void
headless_clear (gpointer data)
{
  Headless *self = data;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->client);
  g_clear_pointer (&self->tls, tc_tls_config_unref);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->host, g_free);
  tc_headless_options_clear (&self->options);
}

int
tc_client_headless_run (int    argc,
                        char **argv)
{
  g_autoptr(TcHeadless) run = tc_headless_new ("tcpchat-client");
  static const TcHeadlessSteps steps = { parse_options, start, stop, headless_clear };
  Headless self = { .run = run, .timeout_s = TC_CLIENT_DEFAULT_CONNECT_TIMEOUT / 1000 };

  tc_headless_options_init (&self.options, run, FALSE);
  self.bytes = self.options.bytes;
  return tc_headless_main (run, &steps, &self, argv);
}
