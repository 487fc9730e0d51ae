/* tc-observe-settings.c: a window's log-file and TCP settings, applied to its session
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-observe-settings.h"

#include "tc-bytes-format.h"

#include <glib/gi18n-lib.h>

struct _TcObserveSettings
{
  GObject       parent_instance;

  /* owned */
  GSettings    *settings;
  TcSession    *session;
  TcLogFile    *log;
  TcDecoder    *decoder;   /* the window's encoding, as its log view shows it */
  TcDisplayText display;

  /* plain state */
  TcTcpOptions  tcp;
};

enum
{
  SIGNAL_PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TcObserveSettings, tc_observe_settings, G_TYPE_OBJECT)

static void
say (TcObserveSettings *self,
     const char        *message)
{
  g_signal_emit (self, signals[SIGNAL_PROBLEM], 0, message);
}

static void
log_failed_cb (TcLogFile         *log,
               const GError      *error,
               TcObserveSettings *self)
{
  g_autofree char *message = NULL;

  /* TRANSLATORS: %s says which file and why, "cannot write /x.log: No space left on device" */
  message = g_strdup_printf (_("Logging to the file stopped: %s"), error->message);
  say (self, message);
}

/* The file's text reads as the window's log does: in its encoding. */
static void
log_text_cb (GString         *out,
             const TcMessage *message,
             gpointer         user_data)
{
  TcObserveSettings *self = user_data;

  if (self->decoder == NULL)
    {
      g_autofree char *display = tc_message_dup_display (message);

      g_string_append (out, display);
      return;
    }
  tc_display_text_reset (&self->display);
  tc_decoder_decode_all (self->decoder, (const guint8 *) message->data, message->len,
                         &self->display);
  g_string_append_len (out, self->display.text->str, (gssize) self->display.text->len);
}

static void
follow_encoding (TcObserveSettings *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autofree char *name = NULL;
  const char *encoding;

  g_clear_pointer (&self->decoder, tc_decoder_free);
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema == NULL || !g_settings_schema_has_key (schema, "encoding"))
    return;
  name = g_settings_get_string (self->settings, "encoding");
  encoding = tc_encoding_lookup (name);
  if (encoding != NULL)
    self->decoder = tc_decoder_new (encoding, NULL);
}

static void
close_log (TcObserveSettings *self)
{
  g_autoptr(GError) error = NULL;

  if (self->log == NULL)
    return;
  tc_log_file_detach (self->log);
  /* A disk that takes nothing holds up the window 2 seconds at most. */
  if (!tc_log_file_flush (self->log, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      g_autofree char *message = NULL;

      /* TRANSLATORS: %s says how many events and which file */
      message = g_strdup_printf (_("Logging to the file ended: %s"), error->message);
      say (self, message);
    }
  g_signal_handlers_disconnect_by_data (self->log, self);
  g_clear_object (&self->log);
}

static void
follow_log (TcObserveSettings *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "log-file-path");
  g_autofree char *format_text = g_settings_get_string (self->settings, "log-file-format");
  g_autoptr(GError) error = NULL;
  TcLogFileFormat format = TC_LOG_FILE_FORMAT_TEXT;
  guint64 max_size = (guint64) g_settings_get_uint (self->settings, "log-file-max-mib") *
                     1024 * 1024;
  guint keep = MIN (g_settings_get_uint (self->settings, "log-file-keep"),
                    TC_LOG_FILE_MAX_KEEP);

  close_log (self);
  if (!g_settings_get_boolean (self->settings, "log-file"))
    return;
  if (path[0] == '\0')
    {
      say (self, _("Logging to a file is on, but no file is chosen"));
      return;
    }

  tc_log_file_parse_format (format_text, &format);
  self->log = tc_log_file_new (path, format, max_size, keep, &error);
  if (self->log == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("Cannot log to the file: %s"), error->message);
      say (self, message);
      return;
    }
  g_signal_connect (self->log, "failed", G_CALLBACK (log_failed_cb), self);
  tc_log_file_set_text_func (self->log, log_text_cb, self);
  tc_log_file_attach (self->log, self->session);
}

static void
follow_tcp (TcObserveSettings *self)
{
  self->tcp.nodelay = g_settings_get_boolean (self->settings, "tcp-nodelay");
  self->tcp.keepalive = g_settings_get_boolean (self->settings, "tcp-keepalive");
  self->tcp.idle_s = g_settings_get_uint (self->settings, "tcp-keepalive-idle");
  self->tcp.interval_s = g_settings_get_uint (self->settings, "tcp-keepalive-interval");
  self->tcp.count = g_settings_get_uint (self->settings, "tcp-keepalive-count");
}

/* The limits go to the open file as they are: a spin button's every step
 * must not reopen it. Without an open file they wait for the next open. */
static void
follow_rotation (TcObserveSettings *self)
{
  guint64 max_size = (guint64) g_settings_get_uint (self->settings, "log-file-max-mib") *
                     1024 * 1024;
  guint keep = MIN (g_settings_get_uint (self->settings, "log-file-keep"),
                    TC_LOG_FILE_MAX_KEEP);

  if (self->log != NULL)
    tc_log_file_set_rotation (self->log, max_size, keep);
}

static void
changed_cb (GSettings         *settings,
            const char        *key,
            TcObserveSettings *self)
{
  if (g_str_equal (key, "log-file-max-mib") || g_str_equal (key, "log-file-keep"))
    follow_rotation (self);
  else if (g_str_has_prefix (key, "log-file"))
    follow_log (self);
  else if (g_str_has_prefix (key, "tcp-"))
    follow_tcp (self);
  else if (g_str_equal (key, "encoding"))
    follow_encoding (self);
}

static void
session_event_cb (TcSession     *session,
                  const TcEvent *event,
                  gpointer       user_data)
{
  TcObserveSettings *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tc_tcp_options_is_default (&self->tcp) &&
      !tc_tcp_options_apply_on_connect (&self->tcp, event, &error))
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", event->peer, error->message);

      say (self, message);
    }
}

static void
tc_observe_settings_dispose (GObject *object)
{
  TcObserveSettings *self = TC_OBSERVE_SETTINGS (object);

  close_log (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->session != NULL)
    tc_session_remove_event_func (self->session, session_event_cb, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_pointer (&self->decoder, tc_decoder_free);
  tc_display_text_clear (&self->display);

  G_OBJECT_CLASS (tc_observe_settings_parent_class)->dispose (object);
}

static void
tc_observe_settings_class_init (TcObserveSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tc_observe_settings_dispose;

  signals[SIGNAL_PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1,
                                          G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tc_observe_settings_init (TcObserveSettings *self)
{
  tc_display_text_init (&self->display, 0, FALSE);
}

/**
 * tc_observe_settings_new:
 *
 * Starts following @settings for @session. The log file opens at once
 * when the setting is on: connect to "problem" and call
 * tc_observe_settings_start() to hear about it.
 *
 * Returns: (transfer full): the follower
 */
TcObserveSettings *
tc_observe_settings_new (GSettings *settings,
                         TcSession *session)
{
  TcObserveSettings *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (TC_IS_SESSION (session), NULL);

  self = g_object_new (TC_TYPE_OBSERVE_SETTINGS, NULL);
  self->settings = g_object_ref (settings);
  self->session = g_object_ref (session);
  g_signal_connect (settings, "changed", G_CALLBACK (changed_cb), self);
  tc_session_add_event_func (session, session_event_cb, self);
  follow_tcp (self);
  follow_encoding (self);

  return self;
}

/* Opens the log file if the setting says so; after "problem" is connected. */
void
tc_observe_settings_start (TcObserveSettings *self)
{
  g_return_if_fail (TC_IS_OBSERVE_SETTINGS (self));

  follow_log (self);
}

/* Returns: (transfer none) (nullable): the log file being written */
TcLogFile *
tc_observe_settings_get_log_file (TcObserveSettings *self)
{
  g_return_val_if_fail (TC_IS_OBSERVE_SETTINGS (self), NULL);
  return self->log;
}
