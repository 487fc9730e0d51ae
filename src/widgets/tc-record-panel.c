/* tc-record-panel.c: a window's session recorded to JSON Lines, and a recording replayed as a mock peer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-record-panel.h"

#include "tc-pcap.h"
#include "tc-recording.h"
#include "tc-recording-window.h"
#include "tc-replay.h"
#include "tc-session-pane.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _TcRecordPanel
{
  TcAutomationPanel parent_instance;

  /* template widgets */
  GtkMenuButton  *button;
  GtkPopover     *popover;
  GtkLabel       *record_state;
  GtkLabel       *replay_state;
  GtkSpinButton  *speed_spin;
  GtkCheckButton *expect_check;
  GtkLabel       *mark_label;

  /* owned */
  TcSession      *session;
  TcRecorder     *recorder;
  TcReplay       *replay;
  char           *record_name;
  char           *replay_name;

  /* borrowed */
  GSimpleAction  *record_stop_action;
  GSimpleAction  *replay_stop_action;
};

G_DEFINE_FINAL_TYPE (TcRecordPanel, tc_record_panel, TC_TYPE_AUTOMATION_PANEL)

/* The mark beside the button: REC, PLAY, or both. */
static void
update_state (TcRecordPanel *self)
{
  g_autoptr(GString) mark = g_string_new (NULL);

  if (self->recorder != NULL)
    /* TRANSLATORS: beside the record button while recording; keep it short */
    g_string_append (mark, _("● REC"));
  if (self->replay != NULL)
    /* TRANSLATORS: beside the record button while replaying; keep it short */
    g_string_append_printf (mark, "%s%s", mark->len > 0 ? " " : "", _("▶ REPLAY"));
  gtk_label_set_text (self->mark_label, mark->str);
  gtk_widget_set_visible (GTK_WIDGET (self->mark_label), mark->len > 0);

  if (self->record_stop_action != NULL)
    g_simple_action_set_enabled (self->record_stop_action, self->recorder != NULL);
  if (self->replay_stop_action != NULL)
    g_simple_action_set_enabled (self->replay_stop_action, self->replay != NULL);
}

/* Recording */

static void
stop_recording (TcRecordPanel *self)
{
  g_autofree char *text = NULL;

  if (self->recorder == NULL)
    return;
  tc_recorder_detach (self->recorder);
  if (tc_recorder_get_error (self->recorder) != NULL)
    /* TRANSLATORS: a file's name, then why it could not be written */
    text = g_strdup_printf (_("Recording to %s failed: %s"), self->record_name,
                            tc_recorder_get_error (self->recorder)->message);
  else
    text = g_strdup_printf (_("Recording to %s stopped"), self->record_name);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self),
                              tc_recorder_get_error (self->recorder) != NULL ? TC_STATUS_ERROR
                                                                             : TC_STATUS_INFO,
                              NULL, text);
  gtk_label_set_text (self->record_state, text);
  g_clear_object (&self->recorder);
  update_state (self);
}

static void
record_to (TcAutomationPanel *panel,
           const char        *path,
           gpointer           user_data)
{
  TcRecordPanel *self = TC_RECORD_PANEL (panel);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *pane = gtk_widget_get_ancestor (GTK_WIDGET (self), TC_TYPE_SESSION_PANE);
  const char *encoding = NULL;
  TcRecorder *recorder;

  if (self->session == NULL)
    return;
  stop_recording (self);

  recorder = tc_recorder_new (path, &error);
  if (recorder == NULL)
    {
      text = g_strdup_printf (_("Not recording: %s"), error->message);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, NULL, text);
      return;
    }
  if (pane != NULL)
    encoding = tc_send_box_get_encoding (tc_session_pane_get_send_box (TC_SESSION_PANE (pane)));
  self->recorder = recorder;
  tc_recorder_attach (recorder, self->session,
                      tc_session_get_server (self->session) != NULL ? "tcpchat-server"
                                                                     : "tcpchat-client",
                      encoding);
  g_free (self->record_name);
  self->record_name = g_filename_display_basename (path);
  /* TRANSLATORS: a file's name */
  text = g_strdup_printf (_("Recording to %s"), self->record_name);
  gtk_label_set_text (self->record_state, text);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
  update_state (self);
}

static void
record_stop_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  stop_recording (user_data);
}

/* Replaying */

static void
stop_replaying (TcRecordPanel *self,
                const char    *text)
{
  if (self->replay == NULL)
    return;
  tc_replay_set_done_func (self->replay, NULL, NULL);
  tc_replay_detach (self->replay);
  g_clear_object (&self->replay);
  if (text != NULL)
    gtk_label_set_text (self->replay_state, text);
  update_state (self);
}

static void
replay_done_cb (TcConnection *connection,
                gboolean      ok,
                const char   *report_text,
                gpointer      user_data)
{
  TcRecordPanel *self = user_data;
  g_autofree char *text = NULL;

  if (ok)
    /* TRANSLATORS: a recording's name */
    text = g_strdup_printf (_("Replay of %s done"), self->replay_name);
  else
    /* TRANSLATORS: a recording's name, then what differed */
    text = g_strdup_printf (_("Replay of %s failed: %s"), self->replay_name, report_text);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), ok ? TC_STATUS_INFO : TC_STATUS_ERROR,
                              tc_connection_get_peer_label (connection), text);
  gtk_label_set_text (self->replay_state, text);
}

static void
replay_from (TcAutomationPanel *panel,
             const char        *path,
             gpointer           user_data)
{
  TcRecordPanel *self = TC_RECORD_PANEL (panel);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  TcRecording *recording;
  gboolean expect = gtk_check_button_get_active (self->expect_check);

  if (self->session == NULL)
    return;

  recording = tc_recording_load (path, &error);
  if (recording == NULL)
    {
      text = g_strdup_printf (_("Not replaying: %s"), error->message);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, NULL, text);
      return;
    }

  stop_replaying (self, NULL);
  g_free (self->replay_name);
  self->replay_name = g_filename_display_basename (path);
  self->replay = tc_replay_new (recording, gtk_spin_button_get_value (self->speed_spin), expect,
                                TC_REPLAY_DEFAULT_TIMEOUT_MS);
  tc_replay_set_done_func (self->replay, replay_done_cb, self);
  tc_replay_attach (self->replay, self->session);
  /* TRANSLATORS: a recording's name */
  text = g_strdup_printf (expect ? _("Replaying %s to the next connection, checking it")
                                 : _("Replaying %s to each new connection"),
                          self->replay_name);
  gtk_label_set_text (self->replay_state, text);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
  update_state (self);
}

static void
replay_stop_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TcRecordPanel *self = user_data;
  g_autofree char *text = NULL;

  if (self->replay == NULL)
    return;
  text = g_strdup_printf (_("Replay of %s stopped"), self->replay_name);
  stop_replaying (self, text);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
}

/* Export as pcap: a recording chosen, then where its capture goes */

static void
export_pcap (TcRecordPanel *self,
             const char    *recording_path,
             const char    *pcap_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcRecording) recording = tc_recording_load (recording_path, &error);
  g_autofree char *from = g_filename_display_basename (recording_path);
  g_autofree char *to = g_filename_display_basename (pcap_path);
  g_autofree char *text = NULL;

  if (recording == NULL || !tc_pcap_export (recording, pcap_path, &error))
    {
      /* TRANSLATORS: a recording's name, then why no capture was written */
      text = g_strdup_printf (_("%s not exported: %s"), from, error->message);
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, NULL, text);
      return;
    }
  /* TRANSLATORS: a recording's name, then the capture file's */
  text = g_strdup_printf (_("Exported %s to %s"), from, to);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
}

static void
export_pcap_path_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  const char *recording_path, *pcap_path;

  g_variant_get (parameter, "(&s&s)", &recording_path, &pcap_path);
  export_pcap (user_data, recording_path, pcap_path);
}

static void
export_to_chosen (TcAutomationPanel *panel,
                  const char        *pcap_path,
                  gpointer           recording_path)
{
  export_pcap (TC_RECORD_PANEL (panel), recording_path, pcap_path);
}

/* The recording chosen: where its capture goes is asked next. */
static void
export_from_chosen (TcAutomationPanel *panel,
                    const char        *path,
                    gpointer           user_data)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (base, ".jsonl"))
    base[strlen (base) - strlen (".jsonl")] = '\0';
  name = g_strconcat (base, ".pcap", NULL);
  tc_automation_panel_choose_file (panel, TRUE, _("Export as pcap"), name, NULL,
                                   export_to_chosen, g_strdup (path), g_free);
}

static void
export_pcap_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_automation_panel_choose_file (user_data, FALSE, _("Export a Recording as pcap"), NULL, NULL,
                                   export_from_chosen, NULL, NULL);
}

/* A recording opened read-only, in a log view of its own */

static void
open_recording (TcAutomationPanel *panel,
                const char        *path,
                gpointer           user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *name = g_filename_display_basename (path);
  TcRecordingWindow *window = tc_recording_window_new (tc_automation_panel_get_window (panel),
                                                       path, &error);

  if (window == NULL)
    {
      /* TRANSLATORS: why a recording cannot be shown */
      text = g_strdup_printf (_("Recording not opened: %s"), error->message);
      tc_automation_panel_report (panel, TC_STATUS_ERROR, NULL, text);
      return;
    }
  gtk_window_present (GTK_WINDOW (window));
  /* TRANSLATORS: a recording's name */
  text = g_strdup_printf (_("Opened recording %s"), name);
  tc_automation_panel_report (panel, TC_STATUS_INFO, NULL, text);
}

/* Before a file dialog opens, the popover that asked for it closes. */
static gboolean
tc_record_panel_begin_choosing (TcAutomationPanel *panel)
{
  gtk_popover_popdown (TC_RECORD_PANEL (panel)->popover);
  return TRUE;
}

static const TcAutomationPanelFileEntry record_file_entries[] = {
  { .name = "record-start", .func = record_to, .save = TRUE, .title = N_("Record To"),
    .initial_name = "session.jsonl" },
  { .name = "replay-start", .func = replay_from, .title = N_("Replay a Recording") },
  { .name = "recording-open", .func = open_recording, .title = N_("Open a Recording") },
};

static const GActionEntry record_entries[] = {
  { .name = "record-stop", .activate = record_stop_action },
  { .name = "replay-stop", .activate = replay_stop_action },
  { .name = "pcap-export", .activate = export_pcap_action },
  { .name = "pcap-export-path", .parameter_type = "(ss)", .activate = export_pcap_path_action },
};

static void
tc_record_panel_dispose (GObject *object)
{
  TcRecordPanel *self = TC_RECORD_PANEL (object);

  if (self->recorder != NULL)
    tc_recorder_detach (self->recorder);
  g_clear_object (&self->recorder);
  if (self->replay != NULL)
    {
      tc_replay_set_done_func (self->replay, NULL, NULL);
      tc_replay_detach (self->replay);
    }
  g_clear_object (&self->replay);
  if (self->popover != NULL)
    gtk_popover_popdown (self->popover);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_RECORD_PANEL);
  g_clear_object (&self->session);
  self->record_stop_action = NULL;
  self->replay_stop_action = NULL;

  G_OBJECT_CLASS (tc_record_panel_parent_class)->dispose (object);
}

static void
tc_record_panel_finalize (GObject *object)
{
  TcRecordPanel *self = TC_RECORD_PANEL (object);

  g_free (self->record_name);
  g_free (self->replay_name);

  G_OBJECT_CLASS (tc_record_panel_parent_class)->finalize (object);
}

static void
tc_record_panel_class_init (TcRecordPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  TcAutomationPanelClass *panel_class = TC_AUTOMATION_PANEL_CLASS (klass);

  object_class->dispose = tc_record_panel_dispose;
  object_class->finalize = tc_record_panel_finalize;
  panel_class->begin_choosing = tc_record_panel_begin_choosing;

  gtk_widget_class_set_template_from_resource (widget_class, TC_RESOURCE_PREFIX
                                               "/ui/tc-record-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, button);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, popover);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, record_state);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, replay_state);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, expect_check);
  gtk_widget_class_bind_template_child (widget_class, TcRecordPanel, mark_label);
}

static void
tc_record_panel_init (TcRecordPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tc_record_panel_set_session (TcRecordPanel *self,
                             TcSession     *session)
{
  g_return_if_fail (TC_IS_RECORD_PANEL (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
}

/* Puts the record-* and replay-* actions into @map, the window's. */
void
tc_record_panel_add_actions (TcRecordPanel *self,
                             GActionMap    *map)
{
  g_return_if_fail (TC_IS_RECORD_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, record_entries, G_N_ELEMENTS (record_entries), self);
  tc_automation_panel_add_file_actions (TC_AUTOMATION_PANEL (self), map, record_file_entries,
                                        G_N_ELEMENTS (record_file_entries));
  self->record_stop_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "record-stop"));
  self->replay_stop_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "replay-stop"));
  update_state (self);
}

gboolean
tc_record_panel_get_recording (TcRecordPanel *self)
{
  g_return_val_if_fail (TC_IS_RECORD_PANEL (self), FALSE);
  return self->recorder != NULL;
}

gboolean
tc_record_panel_get_replaying (TcRecordPanel *self)
{
  g_return_val_if_fail (TC_IS_RECORD_PANEL (self), FALSE);
  return self->replay != NULL;
}

/* Returns: (nullable): the last thing said in the log */
const char *
tc_record_panel_get_status (TcRecordPanel *self)
{
  g_return_val_if_fail (TC_IS_RECORD_PANEL (self), NULL);
  return tc_automation_panel_get_status (TC_AUTOMATION_PANEL (self));
}

GtkPopover *
tc_record_panel_get_popover (TcRecordPanel *self)
{
  g_return_val_if_fail (TC_IS_RECORD_PANEL (self), NULL);
  return self->popover;
}

/* As set in the popover, for the next replay. */
void
tc_record_panel_set_replay_options (TcRecordPanel *self,
                                    double         speed,
                                    gboolean       expect)
{
  g_return_if_fail (TC_IS_RECORD_PANEL (self));

  gtk_spin_button_set_value (self->speed_spin, speed);
  gtk_check_button_set_active (self->expect_check, expect);
}
