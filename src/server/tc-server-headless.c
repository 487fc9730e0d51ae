/* tc-server-headless.c: the command-line mode of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-headless.h"

#include "tc-error.h"
#include "tc-headless.h"
#include "tc-headless-options.h"
#include "tc-server.h"
#include "tc-session.h"
#include "tc-text.h"
#include "tc-tls-options.h"

#include <glib/gi18n.h>
#include <string.h>

/* Output format, one event per line on stdout, never translated so that
 * scripts can read it:
 *
 *   HH:MM:SS.mmm listening on 127.0.0.1:10000 [(relay on)] [(framing SPEC)] [(tls)]
 *   HH:MM:SS.mmm tls certificate CN=...: SHA-256 fingerprint AA:BB:... (with --tls)
 *   HH:MM:SS.mmm [127.0.0.1:5555] connected
 *   HH:MM:SS.mmm [127.0.0.1:5555] connected (TLS 1.3, cipher suite; client certificate subject)
 *   HH:MM:SS.mmm [127.0.0.1:5555] < a line the client sent
 *   HH:MM:SS.mmm [all] > a line typed on stdin (to N clients)
 *   HH:MM:SS.mmm [127.0.0.1:5555] disconnected: why
 *   HH:MM:SS.mmm [127.0.0.1:5555] rejected: why
 *   HH:MM:SS.mmm accepting paused: why (out of file descriptors, ...)
 *   HH:MM:SS.mmm accepting again
 *   HH:MM:SS.mmm stopped
 *
 * Received text is made display-safe (invalid UTF-8, or invalid in
 * --encoding, and control characters are shown as visible escapes), so
 * each event is exactly one line; with --hex it is written as hex pairs.
 *
 * The log is the program's output: when it cannot be written any more the
 * server stops as on SIGTERM, closing every connection in order, and exits
 * with 141 (128+SIGPIPE) when the reader of stdout has gone, 1 on another
 * write error. Stderr only carries messages and is not checked.
 */

typedef struct
{
  TcHeadless       *run;
  TcHeadlessOutput *out;
  TcHeadlessOptions options;     /* TLS, bytes, automation, monitor, --max-line */
  TcHeadlessBytes  *bytes;       /* options.bytes */
  TcServer         *server;
  TcSession        *session;

  /* The options of this program alone. */
  char             *listen;
  char             *host;
  guint16           port;
  char             *max_clients_text;
  guint64           max_clients;
  char             *patience_text;
  guint64           patience;
  gboolean          relay;
  gboolean          no_messages;
  TcTlsConfig      *tls;
  char             *self_signed_path;
} Headless;

static void stdin_update_watch (Headless *self);

static void
log_event (Headless   *self,
           const char *peer,
           const char *text)
{
  tc_headless_output_log (self->out, g_get_real_time (), peer, text);
}

/* "what: why", the why from the event's error. */
static void
log_reason (Headless      *self,
            const TcEvent *event,
            const char    *what,
            const char    *no_reason)
{
  GString *record = tc_headless_output_begin (self->out, event->time_us, event->peer);

  g_string_append_printf (record, "%s: %s", what,
                          event->error != NULL ? event->error->message : no_reason);
  tc_headless_output_end (self->out);
}

/* "connected", with what TLS it speaks. */
static void
log_connected (Headless      *self,
               const TcEvent *event)
{
  g_autofree char *tls = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  if (event->connection != NULL)
    tls = tc_connection_get_tls_description (event->connection);
  if (tls == NULL)
    {
      log_event (self, event->peer, "connected");
      return;
    }

  subject = tc_connection_get_peer_subject (event->connection);
  text = g_strdup_printf ("connected (%s; %s%s)", tls,
                          subject != NULL ? "client certificate " : "no client certificate",
                          subject != NULL ? subject : "");
  log_event (self, event->peer, text);
}

/* What clients pin. */
static void
log_tls_certificate (Headless    *self,
                     TcTlsConfig *tls,
                     const char  *self_signed_path)
{
  g_autofree char *subject = g_tls_certificate_get_subject_name (tls->certificate);
  g_autofree char *fingerprint = tc_tls_fingerprint (tls->certificate);
  g_autofree char *text = NULL;
  g_autofree char *kept = NULL;

  if (self_signed_path != NULL)
    kept = g_strdup_printf (" (self-signed, kept in %s)", self_signed_path);
  text = g_strdup_printf ("tls certificate %s: SHA-256 fingerprint %s%s",
                          subject != NULL ? subject : "?", fingerprint, kept != NULL ? kept : "");
  log_event (self, NULL, text);
}

/* The records are a format for scripts: never translated, so the
 * session's sentences are not used here. */
static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  Headless *self = user_data;
  GString *record;

  switch (event->kind)
    {
    case TC_EVENT_RECEIVED:
      /* A message cut short is said even so: its bytes were dropped. */
      if (self->no_messages && !event->failure)
        break;
      record = tc_headless_output_begin (self->out, event->time_us, event->peer);
      g_string_append_len (record, "< ", 2);
      tc_headless_bytes_append_text (self->bytes, record, event->message);
      tc_message_append_flags_note (record, event->message);
      tc_headless_output_end (self->out);
      break;
    case TC_EVENT_PEER_CONNECTED:
      log_connected (self, event);
      break;
    case TC_EVENT_PEER_CLOSED:
      log_reason (self, event, "disconnected", "closed");
      break;
    case TC_EVENT_PEER_REFUSED:
      log_reason (self, event, "rejected", "refused");
      break;
    case TC_EVENT_ERROR:
      /* The only session-wide error of a server: out of descriptors. */
      log_reason (self, event, "accepting paused", NULL);
      tc_headless_output_flush (self->out);
      break;
    case TC_EVENT_INFO:
      log_event (self, NULL, "accepting again");
      tc_headless_output_flush (self->out);
      break;
    case TC_EVENT_STATE:
    case TC_EVENT_SENT:
    default:
      /* Listening and stopping are said below; a line sent to every
       * client, once, by broadcast_line(). */
      break;
    }
}

static void
on_congested_changed (TcServer   *server,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  stdin_update_watch (user_data);
}

static void
broadcast_line (const TcMessage *line,
                gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) message = NULL;
  GString *record;
  guint n = 0;

  message = tc_headless_bytes_read_line (self->bytes, line, &error);
  if (message == NULL && error == NULL)
    return;
  if (message != NULL)
    n = tc_session_send (self->session, NULL, message, &error);

  /* The line as typed: hex and escapes are what the person wrote. */
  record = tc_headless_output_begin (self->out, g_get_real_time (), "all");
  g_string_append (record, "> ");
  tc_text_append_display_safe (record, line->data, line->len, 0);
  tc_message_append_flags_note (record, line);
  if (error != NULL)
    g_string_append_printf (record, " (not sent: %s)", error->message);
  else
    g_string_append_printf (record, " (to %u client%s)", n, n == 1 ? "" : "s");
  tc_headless_output_end (self->out);
}

static void
stdin_ended (const GError *error,
             gpointer      user_data)
{
  Headless *self = user_data;

  /* The server keeps serving its clients without a console. */
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf ("cannot read stdin: %s", error->message);
      log_event (self, NULL, text);
    }
}

/* Stdin is read only while no client is above its high-water mark, so a
 * large paste or a piped file never queues more than the limits allow.
 */
static void
stdin_update_watch (Headless *self)
{
  tc_headless_set_reading (self->run, !tc_server_get_congested (self->server));
}

/* What the automation and --stats say is logged like any event. */
static void
say_cb (const char *peer,
        const char *text,
        gpointer    user_data)
{
  log_event (user_data, peer, text);
}

/* Ctrl+C or SIGTERM stops the server in order, with status 0. */
static void
on_quit_signal (int      signum,
                gpointer user_data)
{
  Headless *self = user_data;

  log_event (self, NULL, "shutting down");
  tc_headless_quit (self->run);
}

/* Reads the command line. Returns: -1 to go on, or the exit status */
static int
parse_options (gpointer   data,
               char     **argv)
{
  Headless *self = data;
  int status;
  const GOptionEntry entries[] = {
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &self->listen,
      N_("Address and port to listen on (default 127.0.0.1:10000; port 0 picks a free one)"),
      N_("ADDR:PORT") },
    { "relay", 'r', 0, G_OPTION_ARG_NONE, &self->relay,
      N_("Forward each client's lines to every other client as \"[ip:port] text\""), NULL },
    { "no-messages", 0, 0, G_OPTION_ARG_NONE, &self->no_messages,
      N_("Print events only, not each message a client sends (a busy relay's log)"), NULL },
    { "max-clients", 'm', 0, G_OPTION_ARG_STRING, &self->max_clients_text,
      N_("Refuse connections beyond N clients (default 10000)"), N_("N") },
    { "max-line", 0, 0, G_OPTION_ARG_STRING, &self->options.max_line_text,
      N_("Longest line kept, longer ones are truncated (default 65536)"), N_("BYTES") },
    { "patience", 0, 0, G_OPTION_ARG_STRING, &self->patience_text,
      N_("How long a client that takes none of its lines may hold the others back "
         "(default 500)"), N_("MS") },
    TC_HEADLESS_OPTIONS_ENTRIES (&self->options),
    { NULL }
  };

  status = tc_headless_parse_options (self->run, N_("- line-based TCP chat server"),
    N_("Without --headless the window opens. In headless mode, events and received\n"
       "lines are printed to stdout as \"HH:MM:SS.mmm [ip:port] < text\", and each\n"
       "line read from stdin is sent to every connected client."),
    N_("Run without a window, on the terminal"), entries, argv);
  if (status >= 0)
    return status;

  if (!tc_headless_parse_address (self->run, "--listen", self->listen, "127.0.0.1",
                                  tc_listen_address_parse, &self->host, &self->port) ||
      (self->max_clients_text != NULL &&
       !tc_headless_parse_count (self->run, "--max-clients", self->max_clients_text, 1,
                                 G_MAXUINT, &self->max_clients)) ||
      (self->patience_text != NULL &&
       !tc_headless_parse_count (self->run, "--patience", self->patience_text, 1,
                                 TC_CONNECTION_DEFAULT_STALL_TIMEOUT, &self->patience)) ||
      !tc_headless_options_check (&self->options, self->run))
    return TC_HEADLESS_EXIT_USAGE;

  if (!tc_headless_options_make_tls (&self->options, self->run, self->host, &self->tls,
                                     &self->self_signed_path))
    return TC_HEADLESS_EXIT_USAGE;

  return -1;
}

/* The server as the options say, its session and stdin. */
static void
set_up (Headless *self)
{
  gboolean relay_prefix;

  self->out = tc_headless_start (self->run, on_quit_signal, self);

  self->server = tc_server_new ();
  tc_server_set_relay (self->server, self->relay);
  tc_server_set_framing (self->server, tc_headless_bytes_get_framing (self->bytes));
  if (tc_headless_bytes_get_relay_prefix (self->bytes, &relay_prefix))
    tc_server_set_relay_prefix (self->server, relay_prefix);
  tc_server_set_max_clients (self->server, (guint) self->max_clients);
  tc_server_set_max_line (self->server, (gsize) self->options.max_line);
  tc_server_set_patience (self->server, (guint) self->patience);
  tc_server_set_tls (self->server, self->tls);
  tc_headless_options_read_stdin (&self->options, self->run, broadcast_line, NULL, stdin_ended,
                                  self);

  self->session = tc_session_new_for_server (self->server);
  /* Not SENT: a line of stdin is logged once, by broadcast_line(). */
  tc_session_add_event_func_for_kinds (self->session,
                                       G_MAXUINT & ~TC_SESSION_EVENT_KIND (TC_EVENT_SENT),
                                       session_event_cb, self);
  g_signal_connect (self->server, "notify::congested", G_CALLBACK (on_congested_changed), self);
}

/* "listening on ...", with what is not the default. */
static void
log_listening (Headless *self)
{
  g_autofree char *framing_text = NULL;
  g_autofree char *text = NULL;
  gboolean lines;

  framing_text = tc_framing_to_string (tc_headless_bytes_get_framing (self->bytes));
  lines = g_str_equal (framing_text, "lines");
  text = g_strdup_printf ("listening on %s%s%s%s%s%s", tc_server_get_listen_label (self->server),
                          self->relay ? " (relay on)" : "",
                          lines ? "" : " (framing ", lines ? "" : framing_text, lines ? "" : ")",
                          self->tls != NULL ? " (tls)" : "");
  log_event (self, NULL, text);
  if (self->tls != NULL)
    log_tls_certificate (self, self->tls, self->self_signed_path);
}

/* Returns: -1 when listening, or the exit status */
static int
listen_or_fail (Headless *self)
{
  g_autoptr(GError) error = NULL;
  gboolean bad_argument;

  if (tc_server_listen (self->server, self->host, self->port, &error))
    return -1;

  /* A mistyped address is a usage error; a busy port is a failure. */
  bad_argument = (g_error_matches (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS) ||
                  g_error_matches (error, TC_ERROR, TC_ERROR_INVALID_PORT) ||
                  g_error_matches (error, TC_ERROR, TC_ERROR_ADDRESS_NOT_LOCAL));
  tc_headless_print_error (self->run, "%s", error->message);
  tc_session_remove_event_func (self->session, session_event_cb, self);
  g_signal_handlers_disconnect_by_data (self->server, self);
  return bad_argument ? TC_HEADLESS_EXIT_USAGE : 1;
}

/* Returns: -1 when serving, or the exit status */
static int
start (gpointer data)
{
  Headless *self = data;
  int status;

  set_up (self);
  status = listen_or_fail (self);
  if (status >= 0)
    return status;

  log_listening (self);
  tc_headless_options_start (&self->options, self->session, say_cb, say_cb, self);
  tc_headless_output_flush (self->out);
  stdin_update_watch (self);
  return -1;
}

static void
stop (gpointer data)
{
  Headless *self = data;

  /* Stop closes the listener and every client; their disconnections are
   * still logged, then nothing of ours may run any more.
   */
  tc_server_stop (self->server);
  tc_headless_automation_stop (&self->options.automation);
  tc_headless_monitor_stop (&self->options.monitor);
  tc_session_remove_event_func (self->session, session_event_cb, self);
  g_signal_handlers_disconnect_by_data (self->server, self);
  log_event (self, NULL, "stopped");
}

static void
headless_clear (gpointer data)
{
  Headless *self = data;

  g_clear_object (&self->session);
  g_clear_object (&self->server);
  g_clear_pointer (&self->tls, tc_tls_config_unref);
  g_clear_pointer (&self->self_signed_path, g_free);
  g_clear_pointer (&self->listen, g_free);
  g_clear_pointer (&self->host, g_free);
  g_clear_pointer (&self->max_clients_text, g_free);
  g_clear_pointer (&self->patience_text, g_free);
  tc_headless_options_clear (&self->options);
}

int
tc_server_headless_run (int    argc,
                        char **argv)
{
  g_autoptr(TcHeadless) run = tc_headless_new ("tcpchat-server");
  static const TcHeadlessSteps steps = { parse_options, start, stop, headless_clear };
  Headless self = {
    .run = run,
    .max_clients = TC_SERVER_DEFAULT_MAX_CLIENTS,
    .patience = TC_CONNECTION_DEFAULT_PATIENCE,
  };

  tc_headless_options_init (&self.options, run, TRUE);
  self.bytes = self.options.bytes;
  return tc_headless_main (run, &steps, &self, argv);
}
