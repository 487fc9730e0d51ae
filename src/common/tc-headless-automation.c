/* tc-headless-automation.c: --rules, --record, --replay, --message --every and --send-file
 * for both headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-automation.h"

#include "tc-escapes.h"
#include "tc-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* What is said here goes into the server's records or next to the
 * client's status lines: plain English that scripts can match, never
 * translated. */

static gboolean
usage (TcHeadless *run,
       const char *text)
{
  tc_headless_print_error (run, "%s", text);
  return FALSE;
}

/* --messages FILE --message NAME: the message named, with its mode, line
 * ending and encoding; sent once unless --every says otherwise. */
static gboolean
check_saved_message (TcHeadlessAutomation *self,
                     TcHeadless           *run)
{
  g_autoptr(TcSavedMessages) list = tc_saved_messages_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *display = g_filename_display_name (self->messages_path);
  int position;

  if (!tc_saved_messages_load_from_file (list, self->messages_path, &error))
    return usage (run, error->message);

  position = tc_saved_messages_find (list, self->message);
  if (position < 0)
    {
      g_autoptr(GString) names = g_string_new (NULL);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

      for (guint i = 0; i < n; i++)
        g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
                                tc_saved_message_get_name (tc_saved_messages_get (list, i)));
      if (n == 0)
        tc_headless_print_error (run, _("--message %s: %s holds no message"), self->message,
                                 display);
      else
        /* TRANSLATORS: a name, a file, then the names it holds */
        tc_headless_print_error (run, _("--message %s: %s holds no message of that name "
                                        "(it has: %s)"), self->message, display, names->str);
      return FALSE;
    }

  self->saved = g_object_ref (tc_saved_messages_get (list, (guint) position));
  if (self->every_text == NULL)
    {
      self->every_ms = 1;
      self->count = 1;
    }
  return TRUE;
}

/* Options that go together, or not at all. */
static gboolean
check_combinations (TcHeadlessAutomation *self,
                    TcHeadless           *run)
{
  if (self->replay_path == NULL &&
      (self->expect || self->speed_text != NULL || self->expect_timeout_text != NULL))
    return usage (run, _("--expect, --speed and --expect-timeout go with --replay FILE"));
  if (self->messages_path != NULL && self->message == NULL)
    return usage (run, _("--messages FILE goes with --message NAME"));
  if (self->messages_path == NULL && (self->message != NULL) != (self->every_text != NULL))
    return usage (run, _("--message and --every go together"));
  if (self->count_text != NULL && self->every_text == NULL)
    return usage (run, _("--count goes with --every"));
  if ((self->replay_path != NULL) + (self->every_text != NULL || self->message != NULL) +
      (self->send_file_path != NULL) > 1)
    return usage (run, _("--replay, --every and --send-file cannot be combined"));
  if (self->send_file_path == NULL && (self->lines || self->line_delay_text != NULL))
    return usage (run, _("--lines and --line-delay go with --send-file FILE"));
  if (self->line_delay_text != NULL && !self->lines)
    return usage (run, _("--line-delay goes with --lines"));


  return TRUE;
}

static gboolean
parse_numbers (TcHeadlessAutomation *self,
               TcHeadless           *run)
{
  if (self->speed_text != NULL)
    {
      char *end = NULL;

      self->speed = g_ascii_strtod (self->speed_text, &end);
      if (end == self->speed_text || *end != '\0' || !(self->speed >= 0) ||
          self->speed > TC_REPLAY_MAX_SPEED)
        {
          tc_headless_print_error (run, _("--speed %s: expected a factor from 0 to %g"),
                                   self->speed_text, TC_REPLAY_MAX_SPEED);
          return FALSE;
        }
    }
  if (self->expect_timeout_text != NULL &&
      !tc_headless_parse_count (run, "--expect-timeout", self->expect_timeout_text, 1,
                                3600 * 1000, &self->expect_timeout_ms))
    return FALSE;
  if (self->every_text != NULL &&
      !tc_headless_parse_count (run, "--every", self->every_text, 1, TC_PERIODIC_MAX_EVERY_MS,
                                &self->every_ms))
    return FALSE;
  if (self->line_delay_text != NULL &&
      !tc_headless_parse_count (run, "--line-delay", self->line_delay_text, 0,
                                TC_FILE_SENDER_MAX_LINE_DELAY_MS, &self->line_delay_ms))
    return FALSE;
  if (self->count_text != NULL &&
      !tc_headless_parse_count (run, "--count", self->count_text, 1, G_MAXUINT64,
                                &self->count))
    return FALSE;

  return TRUE;
}

/* Opens what the options name. */
static gboolean
open_files (TcHeadlessAutomation *self,
            TcHeadless           *run)
{
  g_autoptr(GError) error = NULL;

  if (self->messages_path != NULL && !check_saved_message (self, run))
    return FALSE;

  if (self->rules_path != NULL)
    {
      self->rules = tc_rules_new_from_file (self->rules_path, &error);
      if (self->rules == NULL)
        return usage (run, error->message);
    }

  if (self->replay_path != NULL)
    {
      TcRecording *recording = tc_recording_load (self->replay_path, &error);

      if (recording == NULL)
        return usage (run, error->message);
      self->replay = tc_replay_new (recording, self->speed, self->expect,
                                    (guint) self->expect_timeout_ms);
    }

  if (self->send_file_path != NULL)
    {
      self->file_sender = tc_file_sender_new (self->send_file_path, &error);
      if (self->file_sender == NULL)
        return usage (run, error->message);
    }

  /* Last: the file is created only when everything else is good. */
  if (self->record_path != NULL)
    {
      self->recorder = tc_recorder_new (self->record_path, &error);
      if (self->recorder == NULL)
        return usage (run, error->message);
    }

  return TRUE;
}

/**
 * tc_headless_automation_check:
 *
 * Checks the options together and opens the files they name, so that any
 * mistake is said before the program starts.
 *
 * Returns: whether to go on; if not, stderr said why in one line and the
 *   program exits with %TC_HEADLESS_EXIT_USAGE
 */
gboolean
tc_headless_automation_check (TcHeadlessAutomation *self,
                              TcHeadless           *run)
{
  self->run = run;
  self->speed = 1.0;
  self->expect_timeout_ms = TC_REPLAY_DEFAULT_TIMEOUT_MS;

  return check_combinations (self, run) && parse_numbers (self, run) && open_files (self, run);
}

/* Whether stdin is left alone: the input comes from elsewhere. */
gboolean
tc_headless_automation_owns_input (TcHeadlessAutomation *self)
{
  return self->replay_path != NULL || self->send_file_path != NULL || self->every_text != NULL ||
         self->saved != NULL;
}

static void
say (TcHeadlessAutomation *self,
     const char           *peer,
     const char           *format,
     ...) G_GNUC_PRINTF (3, 4);

static void
say (TcHeadlessAutomation *self,
     const char           *peer,
     const char           *format,
     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  self->say (peer, text, self->say_data);
}

static gboolean
is_server (TcHeadlessAutomation *self)
{
  return tc_session_get_server (self->session) != NULL;
}

static void
fail (TcHeadlessAutomation *self)
{
  tc_headless_set_status (self->run, 1);
  tc_headless_quit (self->run);
}

static void
rules_notice_cb (const TcRulesNotice *notice,
                 gpointer             user_data)
{
  TcHeadlessAutomation *self = user_data;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *data;
  gsize len;

  switch (notice->kind)
    {
    case TC_RULES_NOTICE_REPLIED:
      data = g_bytes_get_data (notice->reply, &len);
      tc_text_append_display_safe (text, data, len, 0);
      say (self, notice->peer, "rule %s > %s", notice->rule, text->str);
      break;
    case TC_RULES_NOTICE_PAUSED:
      say (self, notice->peer, "rule %s paused: it fired more than %u times in a second",
           notice->rule, notice->max_per_second);
      break;
    case TC_RULES_NOTICE_RESUMED:
      say (self, notice->peer, "rule %s resumed", notice->rule);
      break;
    case TC_RULES_NOTICE_FAILED:
    default:
      say (self, notice->peer, "rule %s: reply not sent: %s", notice->rule,
           notice->error != NULL ? notice->error->message : "");
      break;
    }
}

static void
replay_done_cb (TcConnection *connection,
                gboolean      ok,
                const char   *report,
                gpointer      user_data)
{
  TcHeadlessAutomation *self = user_data;

  if (!ok)
    {
      tc_headless_print_error (self->run, _("replay: %s"), report);
      say (self, tc_connection_get_peer_label (connection), "replay failed");
      self->verdict_given = TRUE;
      fail (self);
      return;
    }

  say (self, tc_connection_get_peer_label (connection), "replay done");
  if (self->expect)
    self->verdict_given = TRUE;
}

static TcConnection *
first_peer (TcHeadlessAutomation *self)
{
  GListModel *peers = tc_session_get_peers (self->session);
  g_autoptr(TcConnection) connection = NULL;

  if (g_list_model_get_n_items (peers) == 0)
    return NULL;
  connection = g_list_model_get_item (peers, 0);
  return connection;  /* the session holds it */
}

static void
periodic_done_cb (guint64       sent,
                  const GError *reason,
                  gpointer      user_data)
{
  TcHeadlessAutomation *self = user_data;

  if (reason != NULL)
    {
      say (self, NULL, "periodic send stopped after %" G_GUINT64_FORMAT " message%s: %s",
           sent, sent == 1 ? "" : "s", reason->message);
      return;
    }

  say (self, NULL, "periodic send done: %" G_GUINT64_FORMAT " message%s", sent,
       sent == 1 ? "" : "s");

  /* Like the end of stdin: the client lets the server close. */
  if (!is_server (self))
    {
      TcConnection *connection = first_peer (self);

      if (connection != NULL)
        tc_connection_shutdown_write (connection);
    }
}

static void
file_done_cb (TcConnection *connection,
              guint64       sent,
              const GError *error,
              gpointer      user_data)
{
  TcHeadlessAutomation *self = user_data;

  if (error != NULL)
    {
      say (self, tc_connection_get_peer_label (connection),
           "file not sent: %s after %" G_GUINT64_FORMAT " bytes", error->message, sent);
      if (!is_server (self))
        fail (self);
      return;
    }

  if (self->lines)
    say (self, tc_connection_get_peer_label (connection),
         "file sent: %" G_GUINT64_FORMAT " line%s, %" G_GUINT64_FORMAT " bytes",
         tc_file_sender_get_lines_sent (self->file_sender),
         tc_file_sender_get_lines_sent (self->file_sender) == 1 ? "" : "s", sent);
  else
    say (self, tc_connection_get_peer_label (connection),
         "file sent: %" G_GUINT64_FORMAT " bytes", sent);
  if (is_server (self))
    tc_connection_close (connection);
  else
    tc_connection_shutdown_write (connection);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcHeadlessAutomation *self = user_data;

  if (event->kind == TC_EVENT_PEER_CONNECTED && self->file_sender != NULL &&
      tc_file_sender_get_sent (self->file_sender) == 0 && !self->verdict_given)
    {
      /* One file, to the first peer. */
      self->verdict_given = TRUE;
      if (self->lines)
        tc_file_sender_set_lines (self->file_sender, session, (guint) self->line_delay_ms);
      tc_file_sender_start (self->file_sender, event->connection, file_done_cb, self);
    }
  else if (event->kind == TC_EVENT_PEER_CLOSED && self->replay != NULL && self->expect &&
           is_server (self))
    {
      /* The one client served: its verdict is the exit status. */
      if (!self->verdict_given)
        {
          tc_headless_print_error (self->run, _("replay: the client left before the end"));
          tc_headless_set_status (self->run, 1);
        }
      tc_headless_quit (self->run);
    }
}

/**
 * tc_headless_automation_start:
 * @session: the session, before it listens or connects
 * @say: how to tell what happened
 */
void
tc_headless_automation_start (TcHeadlessAutomation *self,
                              TcSession            *session,
                              TcHeadlessSayFunc     say_func,
                              gpointer              say_data)
{
  self->session = session;
  self->say = say_func;
  self->say_data = say_data;

  /* The recorder first: it sees the events before anything answers them. */
  if (self->recorder != NULL)
    tc_recorder_attach (self->recorder, session,
                        is_server (self) ? "tcpchat-server" : "tcpchat-client", NULL);

  if (self->rules != NULL)
    {
      tc_rules_set_notice_func (self->rules, rules_notice_cb, self);
      tc_rules_attach (self->rules, session);
    }

  if (self->replay != NULL)
    {
      tc_replay_set_done_func (self->replay, replay_done_cb, self);
      tc_replay_attach (self->replay, session);
      if (self->expect && is_server (self))
        tc_server_set_max_clients (tc_session_get_server (session), 1);
    }

  if (self->every_text != NULL || self->saved != NULL)
    {
      g_autoptr(GBytes) message = NULL;

      if (self->saved != NULL)
        {
          /* Checked when the file was read: it reads as bytes. */
          message = tc_saved_message_to_bytes (self->saved, NULL, NULL);
          tc_session_set_line_ending (session, tc_saved_message_get_line_ending (self->saved));
        }
      else
        {
          message = g_bytes_new (self->message, strlen (self->message));
        }

      self->periodic = tc_periodic_new (message, (guint) self->every_ms, self->count);
      tc_periodic_set_done_func (self->periodic, periodic_done_cb, self);
      tc_periodic_attach (self->periodic, session);
    }

  tc_session_add_event_func_for_kinds (session,
                                       TC_SESSION_EVENT_KIND (TC_EVENT_PEER_CONNECTED) |
                                       TC_SESSION_EVENT_KIND (TC_EVENT_PEER_CLOSED),
                                       session_event_cb, self);
}

/* Detaches everything and frees what the options made; says when the
 * recording could not be written. */
void
tc_headless_automation_stop (TcHeadlessAutomation *self)
{
  if (self->session != NULL)
    tc_session_remove_event_func (self->session, session_event_cb, self);

  if (self->recorder != NULL)
    {
      tc_recorder_detach (self->recorder);
      if (tc_recorder_get_error (self->recorder) != NULL)
        {
          tc_headless_print_error (self->run, "%s: %s", self->record_path,
                                   tc_recorder_get_error (self->recorder)->message);
          tc_headless_set_status (self->run, 1);
        }
    }

  g_clear_object (&self->periodic);
  g_clear_object (&self->saved);
  g_clear_pointer (&self->messages_path, g_free);
  g_clear_object (&self->replay);
  g_clear_object (&self->rules);
  g_clear_object (&self->recorder);
  g_clear_pointer (&self->file_sender, tc_file_sender_free);
  g_clear_pointer (&self->rules_path, g_free);
  g_clear_pointer (&self->record_path, g_free);
  g_clear_pointer (&self->replay_path, g_free);
  g_clear_pointer (&self->speed_text, g_free);
  g_clear_pointer (&self->expect_timeout_text, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->every_text, g_free);
  g_clear_pointer (&self->count_text, g_free);
  g_clear_pointer (&self->send_file_path, g_free);
  g_clear_pointer (&self->line_delay_text, g_free);
  self->session = NULL;
}
