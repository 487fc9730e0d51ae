/* tc-headless-monitor.c: --stats and --log-file for both headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-monitor.h"

#include "tc-tcp-health.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

/* Like the server's records, what goes into the log file is plain English
 * that scripts can match, never translated. */

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
  self->run = run;

  if (self->stats_text != NULL &&
      !tc_headless_parse_count (run, "--stats", self->stats_text, 1,
                                TC_HEADLESS_MONITOR_MAX_STATS, &self->stats_s))
    return FALSE;

  if (self->log_file_path != NULL)
    {
      int saved_errno;

      self->log = fopen (self->log_file_path, "ae");
      saved_errno = errno;
      if (self->log == NULL)
        {
          g_autofree char *display = g_filename_display_name (self->log_file_path);

          tc_headless_print_error (run, _("--log-file %s: %s"), display,
                                   g_strerror (saved_errno));
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * tc_headless_monitor_format_time:
 *
 * ISO 8601 in local time, to the millisecond, with the zone's offset:
 * "2026-12-04T17:27:04.123+01:00".
 *
 * Returns: (transfer full): the text
 */
char *
tc_headless_monitor_format_time (gint64 time_us)
{
  time_t t = (time_t) (time_us / G_USEC_PER_SEC);
  int ms = (int) ((time_us % G_USEC_PER_SEC) / 1000);
  char date[32];
  char zone[8];
  struct tm tm;

  localtime_r (&t, &tm);
  strftime (date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  strftime (zone, sizeof zone, "%z", &tm);

  /* %z gives +hhmm; the extended form of the date wants +hh:mm. */
  if (strlen (zone) == 5)
    return g_strdup_printf ("%s.%03d%.3s:%s", date, ms, zone, zone + 3);
  return g_strdup_printf ("%s.%03d%s", date, ms, zone);
}

static void
append_reason (GString       *out,
               const TcEvent *event,
               const char    *what,
               const char    *no_reason)
{
  g_string_append (out, what);
  if (event->error != NULL)
    g_string_append_printf (out, ": %s", event->error->message);
  else if (no_reason != NULL)
    g_string_append_printf (out, ": %s", no_reason);
}

static void
append_message (TcHeadlessMonitor *self,
                GString           *out,
                const char        *direction,
                const TcMessage      *line)
{
  g_string_append (out, direction);
  tc_headless_bytes_append_text (self->bytes, out, line);
  tc_headless_append_message_flags (out, line);
}

static void
log_event_cb (TcSession     *session,
              const TcEvent *event,
              gpointer       user_data)
{
  TcHeadlessMonitor *self = user_data;
  g_autoptr(GString) out = NULL;
  g_autofree char *stamp = NULL;
  int saved_errno;

  if (self->log == NULL || self->log_failed)
    return;

  stamp = tc_headless_monitor_format_time (event->time_us);
  out = g_string_new (stamp);
  g_string_append_c (out, ' ');
  if (event->peer != NULL)
    g_string_append_printf (out, "[%s] ", event->peer);

  switch (event->kind)
    {
    case TC_EVENT_STATE:
      g_string_append_printf (out, "state %s", tc_socket_state_to_string (event->state));
      break;
    case TC_EVENT_PEER_CONNECTED:
      g_string_append (out, "connected");
      break;
    case TC_EVENT_PEER_CLOSED:
      append_reason (out, event, "disconnected", "closed");
      break;
    case TC_EVENT_PEER_REFUSED:
      append_reason (out, event, "rejected", "refused");
      break;
    case TC_EVENT_RECEIVED:
      append_message (self, out, "< ", event->message);
      break;
    case TC_EVENT_SENT:
      append_message (self, out, "> ", event->message);
      break;
    case TC_EVENT_ERROR:
      append_reason (out, event, "error", NULL);
      break;
    case TC_EVENT_INFO:
    default:
      g_string_append (out, event->text != NULL ? event->text : "info");
      break;
    }
  g_string_append_c (out, '\n');

  /* Written through at once: the file is what is left after a crash. */
  errno = 0;
  if (fwrite (out->str, 1, out->len, self->log) == out->len && fflush (self->log) == 0)
    return;

  /* Said once; the session goes on without its log. */
  saved_errno = errno != 0 ? errno : EIO;
  self->log_failed = TRUE;
  {
    g_autofree char *display = g_filename_display_name (self->log_file_path);

    tc_headless_print_error (self->run, _("--log-file %s: cannot write, logging stopped: %s"),
                             display, g_strerror (saved_errno));
  }
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

  if (self->log != NULL)
    tc_session_add_event_func (session, log_event_cb, self);
  if (self->stats_s > 0)
    self->stats_id = g_timeout_add_seconds ((guint) self->stats_s, stats_cb, self);
}

void
tc_headless_monitor_stop (TcHeadlessMonitor *self)
{
  g_clear_handle_id (&self->stats_id, g_source_remove);
  if (self->session != NULL)
    {
      if (self->log != NULL)
        tc_session_remove_event_func (self->session, log_event_cb, self);
      g_clear_object (&self->session);
    }
  g_clear_pointer (&self->log, fclose);
  g_clear_pointer (&self->stats_text, g_free);
  g_clear_pointer (&self->log_file_path, g_free);
}
