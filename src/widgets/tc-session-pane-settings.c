/* tc-session-pane-settings.c: the settings the pane follows, and the log file and
 * TCP options that follow them
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

/* The keys the pane follows as they change: how much log to keep; and
 * the keys its choosers start from and write back: framing, display,
 * encoding, input mode and line ending. */
/* The log file and the TCP options follow the settings (tc-observe-settings.c);
 * what goes wrong with them is said in the log and the status bar. */
static void
observe_problem_cb (TcObserveSettings *observe,
                    const char        *message,
                    TcSessionPane     *self)
{
  tc_session_pane_report (self, TC_STATUS_ERROR, NULL, message, NULL);
}

void
_tc_session_pane_start_observing (TcSessionPane *self)
{
  GSettingsSchema *schema = NULL;

  if (self->settings == NULL || self->session == NULL || self->observe != NULL)
    return;
  g_object_get (self->settings, "settings-schema", &schema, NULL);
  if (schema != NULL && g_settings_schema_has_key (schema, "log-file"))
    {
      self->observe = tc_observe_settings_new (self->settings, self->session);
      g_signal_connect (self->observe, "problem", G_CALLBACK (observe_problem_cb), self);
      tc_observe_settings_start (self->observe);
    }
  g_clear_pointer (&schema, g_settings_schema_unref);
}

/* Returns: (transfer none) (nullable): the log file being written, if any */
TcLogFile *
tc_session_pane_get_log_file (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->observe != NULL ? tc_observe_settings_get_log_file (self->observe) : NULL;
}

void
tc_session_pane_bind_settings (TcSessionPane *self,
                               GSettings     *settings)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  _tc_session_pane_start_observing (self);

  g_settings_bind (settings, "scrollback", tc_log_view_get_model (self->log_view),
                   "max-entries", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "framing", self, "framing", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "display-mode", self->log_view, "display-mode",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "encoding", self->log_view, "encoding", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "input-mode", self->send_box, "input-mode",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "line-ending", self->send_box, "line-ending",
                   G_SETTINGS_BIND_DEFAULT);
}

