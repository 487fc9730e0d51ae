/* tc-headless-monitor.c: --stats, --log-file and the TCP options for both headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-monitor.h"

#include "tc-tcp-health.h"

#include <glib/gi18n-lib.h>

/**
 * tc_headless_monitor_check:
 *
 * Checks the options and opens the log file, so that a mistake is said
 * before the program starts.
 *
 * Returns: whether to go on; if not, stderr said why in one line and the
 *   program exits with %TC_HEADLESS_EXIT_USAGE
 */
gboolean
tc_headless_monitor_check (TcHeadlessMonitor *self,
                           TcHeadless        *run)
{
  TcLogFileFormat format = TC_LOG_FILE_FORMAT_TEXT;
  guint64 max_size = 0;
  guint64 keep = TC_LOG_FILE_DEFAULT_KEEP;

  self->run = run;

  if (self->stats_text != NULL &&
      !tc_headless_parse_count (run, "--stats", self->stats_text, 1,
                                TC_HEADLESS_MONITOR_MAX_STATS, &self->stats_s))
    return FALSE;

  self->tcp = (TcTcpOptions) TC_TCP_OPTIONS_INIT;
  self->tcp.nodelay = !self->no_nodelay;
  if (self->keepalive_text != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tc_tcp_options_parse_keepalive (&self->tcp, self->keepalive_text, &error))
        {
          tc_headless_print_error (run, _("--keepalive: %s"), error->message);
          return FALSE;
        }
    }

  if (self->log_format_text != NULL &&
      !tc_log_file_parse_format (self->log_format_text, &format))
    {
      tc_headless_print_error (run, _("--log-format %s: not text or jsonl"),
                               self->log_format_text);
      return FALSE;
    }
  if (self->log_max_size_text != NULL &&
      !tc_log_file_parse_size (self->log_max_size_text, &max_size))
    {
      tc_headless_print_error (run, _("--log-max-size %s: not 0 or a size of at least %d "
                                      "bytes (K, M and G allowed)"),
                               self->log_max_size_text, TC_LOG_FILE_MIN_SIZE);
      return FALSE;
    }
  if (self->log_keep_text != NULL &&
      !tc_headless_parse_count (run, "--log-keep", self->log_keep_text, 0,
                                TC_LOG_FILE_MAX_KEEP, &keep))
    return FALSE;

  /* Said, not ignored: the user meant to log. */
  if (self->log_file_path == NULL)
    {
      const char *lone = self->log_format_text != NULL ? "--log-format"
                       : self->log_max_size_text != NULL ? "--log-max-size"
                       : self->log_keep_text != NULL ? "--log-keep" : NULL;

      if (lone != NULL)
        {
          /* TRANSLATORS: %s is --log-format, --log-max-size or --log-keep */
          tc_headless_print_error (run, _("%s needs --log-file"), lone);
          return FALSE;
        }
    }

  if (self->log_file_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->log = tc_log_file_new (self->log_file_path, format, max_size, (guint) keep, &error);
      if (self->log == NULL)
        {
          tc_headless_print_error (run, _("--log-file: %s"), error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static void
log_text_cb (GString         *out,
             const TcMessage *message,
             gpointer         user_data)
{
  TcHeadlessMonitor *self = user_data;

  tc_headless_bytes_append_text (self->bytes, out, message);
}

/* Said once; the session goes on without its log. */
static void
log_failed_cb (TcLogFile    *log,
               const GError *error,
               gpointer      user_data)
{
  TcHeadlessMonitor *self = user_data;

  tc_headless_print_error (self->run, _("--log-file: logging stopped, %s"), error->message);
}

/* Options on each connection as it opens. */
static void
tcp_event_cb (TcSession     *session,
              const TcEvent *event,
              gpointer       user_data)
{
  TcHeadlessMonitor *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tc_tcp_options_apply_on_connect (&self->tcp, event, &error))
    tc_headless_print_error (self->run, "%s: %s", event->peer, error->message);
}

static gboolean
stats_cb (gpointer user_data)
{
  TcHeadlessMonitor *self = user_data;
  GListModel *peers = tc_session_get_peers (self->session);
  guint n = g_list_model_get_n_items (peers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcConnection) connection = g_list_model_get_item (peers, i);
      GSocket *socket = tc_connection_get_socket (connection);
      const char *peer = tc_connection_get_peer_label (connection);
      g_autoptr(GError) error = NULL;
      g_autofree char *line = NULL;
      TcTcpHealth health;

      if (socket == NULL)
        continue;
      if (!tc_tcp_health_read (socket, &health, &error))
        line = g_strdup_printf ("peer=%s error=%s", peer,
                                g_strdelimit (g_strdup (error->message), " \t\n", '_'));
      else
        line = tc_tcp_health_format (&health, peer);
      self->say (NULL, line, self->say_data);
    }

  return G_SOURCE_CONTINUE;
}

/**
 * tc_headless_monitor_start:
 * @say_stats: says each --stats line
 *
 * Starts logging @session's events and the periodic health lines.
 */
void
tc_headless_monitor_start (TcHeadlessMonitor *self,
                           TcSession         *session,
                           TcHeadlessBytes   *bytes,
                           TcHeadlessSayFunc  say_stats,
                           gpointer           say_data)
{
  self->session = g_object_ref (session);
  self->bytes = bytes;
  self->say = say_stats;
  self->say_data = say_data;

  if (!tc_tcp_options_is_default (&self->tcp))
    tc_session_add_event_func (session, tcp_event_cb, self);
  if (self->log != NULL)
    {
      tc_log_file_set_text_func (self->log, log_text_cb, self);
      g_signal_connect (self->log, "failed", G_CALLBACK (log_failed_cb), self);
      tc_log_file_attach (self->log, session);
    }
  if (self->stats_s > 0)
    self->stats_id = g_timeout_add_seconds ((guint) self->stats_s, stats_cb, self);
}

void
tc_headless_monitor_stop (TcHeadlessMonitor *self)
{
  g_clear_handle_id (&self->stats_id, g_source_remove);
  if (self->session != NULL)
    {
      if (!tc_tcp_options_is_default (&self->tcp))
        tc_session_remove_event_func (self->session, tcp_event_cb, self);
      g_clear_object (&self->session);
    }
  if (self->log != NULL)
    {
      /* Everything to the disk before the program ends, unless the disk
       * takes nothing; a failure not yet said is said now. */
      g_autoptr(GError) error = NULL;

      tc_log_file_detach (self->log);
      if (tc_log_file_flush (self->log, &error))
        ;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        tc_headless_print_error (self->run, _("--log-file: %s"), error->message);
      else if (tc_log_file_get_error (self->log) == NULL)
        tc_headless_print_error (self->run, _("--log-file: logging stopped, %s"),
                                 error->message);
      g_signal_handlers_disconnect_by_data (self->log, self);
      g_clear_object (&self->log);
    }
  g_clear_pointer (&self->stats_text, g_free);
  g_clear_pointer (&self->log_file_path, g_free);
  g_clear_pointer (&self->log_format_text, g_free);
  g_clear_pointer (&self->log_max_size_text, g_free);
  g_clear_pointer (&self->log_keep_text, g_free);
  g_clear_pointer (&self->keepalive_text, g_free);
}
