/* tc-server-headless.c: the command-line mode of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-headless.h"

#include "tc-error.h"
#include "tc-headless.h"
#include "tc-line-reader.h"
#include "tc-server.h"
#include "tc-text.h"
#include "tc-tls-options.h"

#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

/* Output format, one event per line on stdout, never translated so that
 * scripts can read it:
 *
 *   HH:MM:SS.mmm listening on 127.0.0.1:10000
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
 * Received text is made display-safe (invalid UTF-8 and control characters
 * are shown as visible escapes), so each event is exactly one line.
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
  TcServer         *server;
  TcLineReader     *stdin_reader;
} Headless;

static void stdin_update_watch (Headless *self);

static void
log_event (Headless   *self,
           const char *peer,
           const char *text)
{
  tc_headless_output_log (self->out, g_get_real_time (), peer, text);
}

static void
append_line_text (GString      *out,
                  const TcLine *line)
{
  tc_text_append_display_safe (out, line->data, line->len, 0);

  if (line->flags & TC_LINE_FLAG_TRUNCATED)
    g_string_append_printf (out, " [truncated: %" G_GUINT64_FORMAT " more bytes discarded]",
                            line->discarded);
  if (line->flags & TC_LINE_FLAG_NO_NEWLINE)
    g_string_append (out, " [no newline at end]");
}

static void
on_client_connected (TcServer     *server,
                     TcConnection *client,
                     gpointer      user_data)
{
  Headless *self = user_data;
  g_autofree char *tls = tc_connection_get_tls_description (client);
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  if (tls == NULL)
    {
      log_event (self, tc_connection_get_peer_label (client), "connected");
      return;
    }

  subject = tc_connection_get_peer_subject (client);
  text = g_strdup_printf ("connected (%s; %s%s)", tls,
                          subject != NULL ? "client certificate " : "no client certificate",
                          subject != NULL ? subject : "");
  log_event (self, tc_connection_get_peer_label (client), text);
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

static void
on_client_disconnected (TcServer     *server,
                        TcConnection *client,
                        GError       *reason,
                        gpointer      user_data)
{
  Headless *self = user_data;
  g_autofree char *text = NULL;

  text = g_strdup_printf ("disconnected: %s",
                          reason != NULL ? reason->message : "closed");
  log_event (self, tc_connection_get_peer_label (client), text);
}

static void
on_client_rejected (TcServer   *server,
                    const char *peer_label,
                    GError     *reason,
                    gpointer    user_data)
{
  Headless *self = user_data;
  g_autofree char *text = NULL;

  text = g_strdup_printf ("rejected: %s", reason != NULL ? reason->message : "refused");
  log_event (self, peer_label, text);
}

static void
on_line_received (TcServer     *server,
                  TcConnection *client,
                  const TcLine *line,
                  gpointer      user_data)
{
  Headless *self = user_data;
  GString *record = tc_headless_output_begin (self->out, line->time_us,
                                              tc_connection_get_peer_label (client));

  g_string_append (record, "< ");
  append_line_text (record, line);
  tc_headless_output_end (self->out);
}

static void
on_accept_error_changed (TcServer   *server,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  Headless *self = user_data;
  const GError *error = tc_server_get_accept_error (server);
  g_autofree char *text = NULL;

  if (error != NULL)
    text = g_strdup_printf ("accepting paused: %s", error->message);
  else if (tc_server_is_listening (server))
    text = g_strdup ("accepting again");
  else
    return;

  log_event (self, NULL, text);
  tc_headless_output_flush (self->out);
}

static void
on_congested_changed (TcServer   *server,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  stdin_update_watch (user_data);
}

static void
broadcast_line (const TcLine *line,
                gpointer      user_data)
{
  Headless *self = user_data;
  g_autoptr(GError) error = NULL;
  GString *record;
  guint n;

  if (line->flags & TC_LINE_FLAG_CRLF)
    {
      /* The broadcast ends the line with "\n": with the "\r" before it, a
       * CRLF line from stdin goes out as it came. */
      g_autofree char *with_cr = g_malloc (line->len + 1);

      memcpy (with_cr, line->data, line->len);
      with_cr[line->len] = '\r';
      n = tc_server_broadcast (self->server, with_cr, (gssize) line->len + 1, &error);
    }
  else
    {
      n = tc_server_broadcast (self->server, line->data, (gssize) line->len, &error);
    }

  record = tc_headless_output_begin (self->out, g_get_real_time (), "all");
  g_string_append (record, "> ");
  append_line_text (record, line);
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
  tc_line_reader_set_reading (self->stdin_reader, !tc_server_get_congested (self->server));
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

int
tc_server_headless_run (int    argc,
                        char **argv)
{
  g_autoptr(TcHeadless) run = tc_headless_new ("tcpchat-server");
  g_autoptr(GError) error = NULL;
  g_autoptr(TcServer) server = NULL;
  g_autoptr(TcLineReader) reader = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *max_clients_text = NULL;
  g_autofree char *max_line_text = NULL;
  g_autofree char *patience_text = NULL;
  g_autofree char *host = NULL;
  g_autofree char *text = NULL;
  g_autofree char *self_signed_path = NULL;
  g_auto(TcTlsOptions) tls_options = { 0 };
  g_autoptr(TcTlsConfig) tls = NULL;
  gboolean headless = FALSE;
  gboolean relay = FALSE;
  guint64 max_clients = TC_SERVER_DEFAULT_MAX_CLIENTS;
  guint64 max_line;
  guint64 patience = TC_CONNECTION_DEFAULT_PATIENCE;
  guint16 port = 0;
  Headless self = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run without a window, on the terminal"), NULL },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (default 127.0.0.1:10000; port 0 picks a free one)"),
      N_("ADDR:PORT") },
    { "relay", 'r', 0, G_OPTION_ARG_NONE, &relay,
      N_("Forward each client's lines to every other client as \"[ip:port] text\""), NULL },
    { "max-clients", 'm', 0, G_OPTION_ARG_STRING, &max_clients_text,
      N_("Refuse connections beyond N clients (default 10000)"), N_("N") },
    { "max-line", 0, 0, G_OPTION_ARG_STRING, &max_line_text,
      N_("Longest line kept, longer ones are truncated (default 65536)"), N_("BYTES") },
    { "patience", 0, 0, G_OPTION_ARG_STRING, &patience_text,
      N_("How long a client that takes none of its lines may hold the others back "
         "(default 500)"), N_("MS") },
    { NULL }
  };

  tc_tls_options_init (&tls_options, TRUE);
  tc_headless_add_entries (run, tls_options.entries);
  status = tc_headless_parse_options (run, N_("- line-based TCP chat server"),
    N_("Without --headless the window opens. In headless mode, events and received\n"
       "lines are printed to stdout as \"HH:MM:SS.mmm [ip:port] < text\", and each\n"
       "line read from stdin is sent to every connected client."),
    entries, argv);
  if (status >= 0)
    return status;

  if (!tc_headless_parse_address (run, "--listen", listen, "127.0.0.1",
                                  tc_listen_address_parse, &host, &port) ||
      (max_clients_text != NULL &&
       !tc_headless_parse_count (run, "--max-clients", max_clients_text, 1, G_MAXUINT,
                                 &max_clients)) ||
      !tc_headless_parse_max_line (run, max_line_text, &max_line) ||
      (patience_text != NULL &&
       !tc_headless_parse_count (run, "--patience", patience_text, 1,
                                 TC_CONNECTION_DEFAULT_STALL_TIMEOUT, &patience)))
    return TC_HEADLESS_EXIT_USAGE;

  if (!tc_tls_options_make_config (&tls_options, host, &tls, &self_signed_path, &error))
    {
      tc_headless_print_error (run, "%s", error->message);
      return TC_HEADLESS_EXIT_USAGE;
    }

  self.run = run;
  self.out = tc_headless_start (run, on_quit_signal, &self);

  server = tc_server_new ();
  tc_server_set_relay (server, relay);
  tc_server_set_max_clients (server, (guint) max_clients);
  tc_server_set_max_line (server, (gsize) max_line);
  tc_server_set_patience (server, (guint) patience);
  tc_server_set_tls (server, tls);
  reader = tc_line_reader_new (STDIN_FILENO, (gsize) max_line, broadcast_line, NULL,
                               stdin_ended, &self);
  self.server = server;
  self.stdin_reader = reader;

  g_signal_connect (server, "client-connected", G_CALLBACK (on_client_connected), &self);
  g_signal_connect (server, "client-disconnected", G_CALLBACK (on_client_disconnected), &self);
  g_signal_connect (server, "client-rejected", G_CALLBACK (on_client_rejected), &self);
  tc_server_set_line_func (server, on_line_received, &self);
  g_signal_connect (server, "notify::congested", G_CALLBACK (on_congested_changed), &self);
  g_signal_connect (server, "notify::accept-error", G_CALLBACK (on_accept_error_changed), &self);

  if (!tc_server_listen (server, host, port, &error))
    {
      gboolean bad_argument = (g_error_matches (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS) ||
                               g_error_matches (error, TC_ERROR, TC_ERROR_INVALID_PORT) ||
                               g_error_matches (error, TC_ERROR, TC_ERROR_ADDRESS_NOT_LOCAL));

      /* A mistyped address is a usage error; a busy port is a failure. */
      tc_headless_print_error (run, "%s", error->message);
      tc_server_set_line_func (server, NULL, NULL);
      g_signal_handlers_disconnect_by_data (server, &self);
      return bad_argument ? TC_HEADLESS_EXIT_USAGE : 1;
    }

  text = g_strdup_printf ("listening on %s%s%s", tc_server_get_listen_label (server),
                          relay ? " (relay on)" : "", tls != NULL ? " (tls)" : "");
  log_event (&self, NULL, text);
  if (tls != NULL)
    log_tls_certificate (&self, tls, self_signed_path);
  tc_headless_output_flush (self.out);
  stdin_update_watch (&self);

  tc_headless_run (run);
  tc_line_reader_set_reading (reader, FALSE);

  /* Stop closes the listener and every client; their disconnections are
   * still logged, then nothing of ours may run any more.
   */
  tc_server_stop (server);
  tc_server_set_line_func (server, NULL, NULL);
  g_signal_handlers_disconnect_by_data (server, &self);
  log_event (&self, NULL, "stopped");

  return tc_headless_finish (run);
}
