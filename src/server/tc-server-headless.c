/* tc-server-headless.c: the command-line mode of tcpchat-server
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-headless.h"

#include "tc-address.h"
#include "tc-error.h"
#include "tc-fd-limit.h"
#include "tc-line-reader.h"
#include "tc-output.h"
#include "tc-quit-signals.h"
#include "tc-server.h"
#include "tc-text.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Output format, one event per line on stdout, never translated so that
 * scripts can read it:
 *
 *   HH:MM:SS.mmm listening on 127.0.0.1:10000
 *   HH:MM:SS.mmm [127.0.0.1:5555] connected
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

#define MAX_LINE_LIMIT     (64 * 1024 * 1024)
#define FLUSH_INTERVAL_US  (100 * 1000)
#define FLUSH_CHECK_LINES  64
#define EXIT_USAGE         2

typedef struct
{
  GMainLoop    *loop;
  TcServer     *server;
  TcLineReader *stdin_reader;
  guint         flush_source;
  gint64        last_flush_us;
  guint         lines_since_check;
  gint64        stamp_second;
  char          stamp[16];
  GString      *scratch;
  guint         output_watch;
  gboolean      output_failed;
  int           status;
} Headless;

static void stdin_update_watch (Headless *self);

static void
output_fail (Headless *self,
             int       saved_errno)
{
  if (self->output_failed)
    return;

  self->output_failed = TRUE;
  if (saved_errno == EPIPE)
    {
      self->status = TC_EXIT_OUTPUT_GONE;
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("cannot write to stdout: %s"),
                                                  g_strerror (saved_errno));

      g_printerr ("tcpchat-server: %s\n", message);
      self->status = 1;
    }
  g_main_loop_quit (self->loop);
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

/* Output is block-buffered when stdout is not a terminal; it is flushed as
 * soon as the loop is idle, and at least every FLUSH_INTERVAL_US while busy.
 */
static void
output_schedule_flush (Headless *self)
{
  /* The clock is read once per FLUSH_CHECK_LINES lines: in a flood, once
   * per line showed in profiles.
   */
  if (++self->lines_since_check >= FLUSH_CHECK_LINES)
    {
      self->lines_since_check = 0;
      if (g_get_monotonic_time () - self->last_flush_us > FLUSH_INTERVAL_US)
        {
          output_flush (self);
          return;
        }
    }

  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (G_PRIORITY_LOW, flush_idle_cb, self, NULL);
}

static const char *
format_stamp (Headless *self,
              gint64    time_us)
{
  gint64 second = time_us / G_USEC_PER_SEC;
  int ms = (int) ((time_us % G_USEC_PER_SEC) / 1000);

  if (second != self->stamp_second)
    {
      time_t t = (time_t) second;
      struct tm tm;

      localtime_r (&t, &tm);
      strftime (self->stamp, 9, "%H:%M:%S", &tm);
      self->stamp_second = second;
    }

  self->stamp[8] = '.';
  self->stamp[9] = (char) ('0' + ms / 100);
  self->stamp[10] = (char) ('0' + ms / 10 % 10);
  self->stamp[11] = (char) ('0' + ms % 10);
  self->stamp[12] = '\0';

  return self->stamp;
}

/* A record is built whole in self->scratch and written with one call: in a
 * flood, a stdio call per piece (each taking the stream's lock) showed in
 * profiles.
 */
static GString *
record_begin (Headless   *self,
              gint64      time_us,
              const char *peer)
{
  g_string_assign (self->scratch, format_stamp (self, time_us));
  if (peer != NULL)
    {
      g_string_append (self->scratch, " [");
      g_string_append (self->scratch, peer);
      g_string_append_c (self->scratch, ']');
    }
  g_string_append_c (self->scratch, ' ');

  return self->scratch;
}

static void
record_end (Headless *self)
{
  g_string_append_c (self->scratch, '\n');
  if (self->output_failed)
    return;
  if (fwrite_unlocked (self->scratch->str, 1, self->scratch->len, stdout) != self->scratch->len)
    {
      output_fail (self, errno);
      return;
    }

  output_schedule_flush (self);
}

static void
log_event (Headless   *self,
           gint64      time_us,
           const char *peer,
           const char *text)
{
  g_string_append (record_begin (self, time_us, peer), text);
  record_end (self);
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

  log_event (self, g_get_real_time (), tc_connection_get_peer_label (client), "connected");
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
  log_event (self, g_get_real_time (), tc_connection_get_peer_label (client), text);
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
  log_event (self, g_get_real_time (), peer_label, text);
}

static void
on_line_received (TcServer     *server,
                  TcConnection *client,
                  const TcLine *line,
                  gpointer      user_data)
{
  Headless *self = user_data;
  GString *record = record_begin (self, line->time_us, tc_connection_get_peer_label (client));

  g_string_append (record, "< ");
  append_line_text (record, line);
  record_end (self);
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

  log_event (self, g_get_real_time (), NULL, text);
  output_flush (self);
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

  record = record_begin (self, g_get_real_time (), "all");
  g_string_append (record, "> ");
  append_line_text (record, line);
  if (error != NULL)
    g_string_append_printf (record, " (not sent: %s)", error->message);
  else
    g_string_append_printf (record, " (to %u client%s)", n, n == 1 ? "" : "s");
  record_end (self);
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
      log_event (self, g_get_real_time (), NULL, text);
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

  log_event (self, g_get_real_time (), NULL, "shutting down");
  g_main_loop_quit (self->loop);
}

static gboolean
parse_count (const char  *option,
             const char  *text,
             guint64      min,
             guint64      max,
             guint64     *value)
{
  g_autoptr(GError) error = NULL;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, &error))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("%s %s: expected a whole number from %" PRIu64
                                   " to %" PRIu64), option, text, min, max);
      g_printerr ("tcpchat-server: %s\n", message);
      return FALSE;
    }

  return TRUE;
}

int
tc_server_headless_run (int    argc,
                        char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TcServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(TcLineReader) reader = NULL;
  g_autoptr(GString) scratch = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *max_clients_text = NULL;
  g_autofree char *max_line_text = NULL;
  g_autofree char *patience_text = NULL;
  g_autofree char *host = NULL;
  g_auto(GStrv) args = NULL;
  gboolean headless = FALSE;
  gboolean relay = FALSE;
  gboolean version = FALSE;
  guint64 max_clients = TC_SERVER_DEFAULT_MAX_CLIENTS;
  guint64 max_line = TC_LINE_FRAMER_DEFAULT_MAX_LINE;
  guint64 patience = TC_CONNECTION_DEFAULT_PATIENCE;
  guint16 port = 0;
  Headless self = { 0 };
  TcQuitSignals *quit_signals;
  GOptionEntry entries[] = {
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
    { "version", 'V', 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  context = g_option_context_new (N_("- line-based TCP chat server"));
  /* Marked N_(): the context translates its texts when it prints --help. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    N_("Without --headless the window opens. In headless mode, events and received\n"
       "lines are printed to stdout as \"HH:MM:SS.mmm [ip:port] < text\", and each\n"
       "line read from stdin is sent to every connected client."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  args = g_strdupv (argv);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_autofree char *message = g_strdup_printf (_("%s (see --help)"), error->message);

      g_printerr ("tcpchat-server: %s\n", message);
      return EXIT_USAGE;
    }

  if (version)
    {
      g_print ("tcpchat-server %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (args[1] != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("unexpected argument “%s” (see --help)"),
                                                  args[1]);

      g_printerr ("tcpchat-server: %s\n", message);
      return EXIT_USAGE;
    }

  if (!tc_listen_address_parse (listen != NULL ? listen : "127.0.0.1", &host, &port, &error))
    {
      g_printerr ("tcpchat-server: --listen %s: %s\n", listen, error->message);
      return EXIT_USAGE;
    }

  if (max_clients_text != NULL &&
      !parse_count ("--max-clients", max_clients_text, 1, G_MAXUINT, &max_clients))
    return EXIT_USAGE;

  if (max_line_text != NULL &&
      !parse_count ("--max-line", max_line_text, 1, MAX_LINE_LIMIT, &max_line))
    return EXIT_USAGE;

  if (patience_text != NULL &&
      !parse_count ("--patience", patience_text, 1, TC_CONNECTION_DEFAULT_STALL_TIMEOUT, &patience))
    return EXIT_USAGE;

  if (!isatty (STDOUT_FILENO))
    setvbuf (stdout, NULL, _IOFBF, 64 * 1024);
  tc_output_ignore_sigpipe ();

  /* Each client is a file descriptor: thousands need more than 1024. */
  tc_fd_limit_raise ();

  server = tc_server_new ();
  tc_server_set_relay (server, relay);
  tc_server_set_max_clients (server, (guint) max_clients);
  tc_server_set_max_line (server, (gsize) max_line);
  tc_server_set_patience (server, (guint) patience);

  loop = g_main_loop_new (NULL, FALSE);
  reader = tc_line_reader_new (STDIN_FILENO, (gsize) max_line, broadcast_line, NULL,
                               stdin_ended, &self);
  scratch = g_string_sized_new (256);

  self.loop = loop;
  self.server = server;
  self.stdin_reader = reader;
  self.scratch = scratch;
  self.stamp_second = -1;
  self.last_flush_us = g_get_monotonic_time ();

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
      g_printerr ("tcpchat-server: %s\n", error->message);
      tc_server_set_line_func (server, NULL, NULL);
      g_signal_handlers_disconnect_by_data (server, &self);
      return bad_argument ? EXIT_USAGE : 1;
    }

  {
    g_autofree char *text = g_strdup_printf ("listening on %s%s",
                                             tc_server_get_listen_label (server),
                                             relay ? " (relay on)" : "");
    log_event (&self, g_get_real_time (), NULL, text);
    output_flush (&self);
  }

  quit_signals = tc_quit_signals_watch (on_quit_signal, &self);
  self.output_watch = tc_output_watch_reader_gone (STDOUT_FILENO, output_gone_cb, &self);
  stdin_update_watch (&self);

  if (!self.output_failed)
    g_main_loop_run (loop);

  tc_quit_signals_free (quit_signals);
  g_clear_handle_id (&self.output_watch, g_source_remove);
  tc_line_reader_set_reading (reader, FALSE);

  /* Stop closes the listener and every client; their disconnections are
   * still logged, then nothing of ours may run any more.
   */
  tc_server_stop (server);
  tc_server_set_line_func (server, NULL, NULL);
  g_signal_handlers_disconnect_by_data (server, &self);
  g_clear_handle_id (&self.flush_source, g_source_remove);
  log_event (&self, g_get_real_time (), NULL, "stopped");
  output_flush (&self);

  return self.status;
}
