/* tc-file-send-panel.c: a file sent as raw bytes or line by line to the send target, with
 * progress, pause and cancel
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-file-send-panel.h"

#include "tc-file-sender.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

/* How often the progress is redrawn. */
#define PROGRESS_REFRESH_MS 200

struct _TcFileSendPanel
{
  TcAutomationPanel parent_instance;

  /* template widgets */
  GtkButton       *button;
  GtkMenuButton   *options_button;
  GtkProgressBar  *progress_bar;
  GtkToggleButton *pause_button;
  GtkButton       *cancel_button;
  GtkSpinButton   *line_delay_spin;

  /* owned */
  TcFileSender    *sender;        /* the last one started, kept until the next */
  TcSession       *session;
  TcConnection    *target;        /* NULL: a server's only client */
  char            *name;          /* the file's, for what is said */
  char            *progress;      /* in full, in the tooltip; the bar says the percentage */

  /* borrowed */
  GSimpleAction   *pause_action;
  GSimpleAction   *cancel_action;
  GSimpleAction   *lines_action;
  GSimpleAction   *line_delay_action;

  /* plain state */
  gboolean         running;
  guint            refresh_source;
  gint64           start_us;
  gint64           paused_us;     /* time spent paused, out of the rate */
  gint64           paused_since;
};

G_DEFINE_FINAL_TYPE (TcFileSendPanel, tc_file_send_panel, TC_TYPE_AUTOMATION_PANEL)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_running (TcFileSendPanel *self,
             gboolean         running)
{
  self->running = running;
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running);
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  if (self->pause_action != NULL)
    {
      g_simple_action_set_enabled (self->pause_action, running);
      g_simple_action_set_state (self->pause_action, g_variant_new_boolean (FALSE));
    }
  if (self->cancel_action != NULL)
    g_simple_action_set_enabled (self->cancel_action, running);
  if (!running)
    g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* "3.2 MB of 100 MB · 45 MB/s · 2 s left" */
static void
show_progress (TcFileSendPanel *self)
{
  guint64 sent = tc_file_sender_get_sent (self->sender);
  goffset size = tc_file_sender_get_size (self->sender);
  gint64 now = g_get_monotonic_time ();
  gint64 paused = self->paused_us + (self->paused_since != 0 ? now - self->paused_since : 0);
  double seconds = MAX ((double) (now - self->start_us - paused) / G_USEC_PER_SEC, 0.001);
  double rate = (double) sent / seconds;
  g_autofree char *sent_text = tc_format_byte_count (sent);
  g_autofree char *rate_text = tc_format_byte_count ((guint64) rate);
  g_autofree char *text = NULL;

  if (size > 0)
    {
      g_autofree char *size_text = tc_format_byte_count ((guint64) size);
      guint64 left = (guint64) size > sent ? (guint64) size - sent : 0;
      guint left_s = rate >= 1 ? (guint) MIN ((double) left / rate + 0.5, G_MAXUINT) : 0;

      gtk_progress_bar_set_fraction (self->progress_bar, (double) sent / (double) size);
      /* TRANSLATORS: bytes sent, the file's size, the rate, the seconds left */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s · %s/s · %u s left",
                                           "%s of %s · %s/s · %u s left", left_s),
                              sent_text, size_text, rate_text, left_s);
    }
  else
    {
      gtk_progress_bar_pulse (self->progress_bar);
      /* TRANSLATORS: bytes sent and the rate, of a file whose size is not known */
      text = g_strdup_printf (_("%s · %s/s"), sent_text, rate_text);
    }
  if (size > 0)
    {
      /* TRANSLATORS: how much of a file is sent, in the progress bar */
      g_autofree char *percent = g_strdup_printf (_("%u %%"),
                                                  (guint) ((double) sent * 100 / (double) size));

      gtk_progress_bar_set_text (self->progress_bar, percent);
    }
  else
    {
      gtk_progress_bar_set_text (self->progress_bar, sent_text);
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_bar), text);
  g_free (self->progress);
  self->progress = g_steal_pointer (&text);
}

static gboolean
refresh_cb (gpointer user_data)
{
  show_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
file_done_cb (TcConnection *connection,
              guint64       sent,
              const GError *error,
              gpointer      user_data)
{
  TcFileSendPanel *self = user_data;
  g_autofree char *text = NULL;

  if (error != NULL)
    /* TRANSLATORS: the file's name, why it stopped, then bytes sent */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "File %s not sent: %s, after %" PRIu64 " byte",
                                         "File %s not sent: %s, after %" PRIu64 " bytes",
                                         (gulong) MIN (sent, G_MAXULONG)),
                            self->name, error->message, (uint64_t) sent);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "File %s sent: %" PRIu64 " byte",
                                         "File %s sent: %" PRIu64 " bytes",
                                         (gulong) MIN (sent, G_MAXULONG)),
                            self->name, (uint64_t) sent);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self),
                              error != NULL ? TC_STATUS_ERROR : TC_STATUS_INFO,
                              tc_connection_get_peer_label (connection), text);
  set_running (self, FALSE);
}

/* Who the file goes to: the send target, or a server's only client. */
static TcConnection *
pick_target (TcFileSendPanel  *self,
             GError          **error)
{
  GListModel *peers = tc_session_get_peers (self->session);
  guint n = g_list_model_get_n_items (peers);
  g_autoptr(TcConnection) only = NULL;

  if (self->target != NULL)
    return g_object_ref (self->target);
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("File not sent: nobody is connected"));
      return NULL;
    }
  if (n > 1)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("File not sent: a file goes to one client; choose it in the list"));
      return NULL;
    }
  only = g_list_model_get_item (peers, 0);
  return g_steal_pointer (&only);
}

static void
send_path (TcAutomationPanel *panel,
           const char        *path,
           gpointer           user_data)
{
  TcFileSendPanel *self = TC_FILE_SEND_PANEL (panel);
  g_autoptr(TcConnection) target = NULL;
  g_autoptr(GError) error = NULL;
  TcFileSender *sender;

  if (self->session == NULL || self->running)
    return;

  target = pick_target (self, &error);
  if (target == NULL)
    {
      tc_automation_panel_report (panel, TC_STATUS_ERROR, NULL, error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  sender = tc_file_sender_new (path, &error);
  if (sender == NULL)
    {
      /* TRANSLATORS: why the file cannot be read */
      g_autofree char *text = g_strdup_printf (_("File not sent: %s"), error->message);

      tc_automation_panel_report (panel, TC_STATUS_ERROR, NULL, text);
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  if (self->lines_action != NULL)
    {
      g_autoptr(GVariant) lines = g_action_get_state (G_ACTION (self->lines_action));
      g_autoptr(GVariant) delay = g_action_get_state (G_ACTION (self->line_delay_action));

      if (g_variant_get_boolean (lines))
        tc_file_sender_set_lines (sender, self->session, g_variant_get_uint32 (delay));
    }

  g_clear_pointer (&self->sender, tc_file_sender_free);
  self->sender = sender;
  g_free (self->name);
  self->name = g_filename_display_basename (path);
  tc_automation_panel_set_status (panel, NULL);
  self->start_us = g_get_monotonic_time ();
  self->paused_us = 0;
  self->paused_since = 0;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_running (self, TRUE);
  show_progress (self);
  self->refresh_source = g_timeout_add (PROGRESS_REFRESH_MS, refresh_cb, self);
  tc_file_sender_start (sender, target, file_done_cb, self);
}

/* A file is not chosen while one is sent. */
static gboolean
tc_file_send_panel_begin_choosing (TcAutomationPanel *panel)
{
  return !TC_FILE_SEND_PANEL (panel)->running;
}

static const TcAutomationPanelFileEntry file_file_entries[] = {
  { .name = "send-file", .func = send_path, .title = N_("Send File"),
    .not_local = N_("File not sent: only a local file can be sent") },
};

static void
pause_change_state (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  TcFileSendPanel *self = user_data;
  gboolean paused = g_variant_get_boolean (state);

  if (!self->running)
    return;
  tc_file_sender_set_paused (self->sender, paused);
  if (paused)
    self->paused_since = g_get_monotonic_time ();
  else if (self->paused_since != 0)
    {
      self->paused_us += g_get_monotonic_time () - self->paused_since;
      self->paused_since = 0;
    }
  g_simple_action_set_state (action, state);
  show_progress (self);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TcFileSendPanel *self = user_data;
  g_autofree char *text = NULL;
  guint64 sent;

  if (!self->running)
    return;
  sent = tc_file_sender_get_sent (self->sender);
  /* Freed, it stops without calling back. */
  g_clear_pointer (&self->sender, tc_file_sender_free);
  /* TRANSLATORS: the file's name, then bytes sent before Cancel */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "File %s cancelled after %" PRIu64 " byte",
                                       "File %s cancelled after %" PRIu64 " bytes",
                                       (gulong) MIN (sent, G_MAXULONG)),
                          self->name, (uint64_t) sent);
  tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_INFO, NULL, text);
  set_running (self, FALSE);
}

/* A file dropped on the window goes as Send File's would. */
static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  TcFileSendPanel *self = user_data;
  g_autofree char *path = NULL;

  if (!G_VALUE_HOLDS (value, G_TYPE_FILE) || self->running)
    return FALSE;
  path = g_file_get_path (g_value_get_object (value));
  if (path == NULL)
    {
      tc_automation_panel_report (TC_AUTOMATION_PANEL (self), TC_STATUS_ERROR, NULL,
                                  _("File not sent: only a local file can be sent"));
      return FALSE;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.send-file-path", "s", path);
  return TRUE;
}

static void
lines_change_state (GSimpleAction *action,
                    GVariant      *state,
                    gpointer       user_data)
{
  TcFileSendPanel *self = user_data;

  g_simple_action_set_state (action, state);
  if (self->line_delay_action != NULL)
    g_simple_action_set_enabled (self->line_delay_action, g_variant_get_boolean (state));
  gtk_widget_set_sensitive (GTK_WIDGET (self->line_delay_spin), g_variant_get_boolean (state));
}

static void
line_delay_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  TcFileSendPanel *self = user_data;
  guint32 delay = MIN (g_variant_get_uint32 (state), TC_FILE_SENDER_MAX_LINE_DELAY_MS);

  g_simple_action_set_state (action, g_variant_new_uint32 (delay));
  if ((guint32) gtk_spin_button_get_value_as_int (self->line_delay_spin) != delay)
    gtk_spin_button_set_value (self->line_delay_spin, delay);
}

static void
line_delay_value_changed_cb (GtkSpinButton   *spin,
                             TcFileSendPanel *self)
{
  if (self->line_delay_action != NULL)
    g_action_change_state (G_ACTION (self->line_delay_action),
                           g_variant_new_uint32 ((guint32) gtk_spin_button_get_value_as_int (spin)));
}

static const GActionEntry file_entries[] = {
  { .name = "send-file-pause", .state = "false", .change_state = pause_change_state },
  { .name = "send-file-cancel", .activate = cancel_action },
  { .name = "send-file-lines", .state = "false", .change_state = lines_change_state },
  { .name = "send-file-line-delay", .state = "uint32 0", .change_state = line_delay_change_state },
};

static void
tc_file_send_panel_dispose (GObject *object)
{
  TcFileSendPanel *self = TC_FILE_SEND_PANEL (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_pointer (&self->sender, tc_file_sender_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_FILE_SEND_PANEL);
  g_clear_object (&self->session);
  g_clear_object (&self->target);
  self->pause_action = NULL;
  self->cancel_action = NULL;
  self->lines_action = NULL;
  self->line_delay_action = NULL;

  G_OBJECT_CLASS (tc_file_send_panel_parent_class)->dispose (object);
}

static void
tc_file_send_panel_finalize (GObject *object)
{
  TcFileSendPanel *self = TC_FILE_SEND_PANEL (object);

  g_free (self->name);
  g_free (self->progress);

  G_OBJECT_CLASS (tc_file_send_panel_parent_class)->finalize (object);
}

static void
tc_file_send_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, TC_FILE_SEND_PANEL (object)->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_file_send_panel_class_init (TcFileSendPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tc_file_send_panel_dispose;
  object_class->finalize = tc_file_send_panel_finalize;
  object_class->get_property = tc_file_send_panel_get_property;
  TC_AUTOMATION_PANEL_CLASS (klass)->begin_choosing = tc_file_send_panel_begin_choosing;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, TC_RESOURCE_PREFIX
                                               "/ui/tc-file-send-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, button);
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, pause_button);
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, options_button);
  gtk_widget_class_bind_template_child (widget_class, TcFileSendPanel, line_delay_spin);
  gtk_widget_class_bind_template_callback (widget_class, line_delay_value_changed_cb);
}

static void
tc_file_send_panel_init (TcFileSendPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tc_file_send_panel_set_session (TcFileSendPanel *self,
                                TcSession       *session)
{
  g_return_if_fail (TC_IS_FILE_SEND_PANEL (self));
  g_return_if_fail (TC_IS_SESSION (session));

  g_set_object (&self->session, session);
}

/**
 * tc_file_send_panel_set_target:
 * @target: (nullable): who the next file goes to; %NULL: a server's only
 *   client
 */
void
tc_file_send_panel_set_target (TcFileSendPanel *self,
                               TcConnection    *target)
{
  g_return_if_fail (TC_IS_FILE_SEND_PANEL (self));
  g_return_if_fail (target == NULL || TC_IS_CONNECTION (target));

  g_set_object (&self->target, target);
}

/* Puts the send-file-* actions into @map, the window's; a file dropped on
 * the window is sent too. */
void
tc_file_send_panel_add_actions (TcFileSendPanel *self,
                                GActionMap      *map)
{
  g_return_if_fail (TC_IS_FILE_SEND_PANEL (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, file_entries, G_N_ELEMENTS (file_entries), self);
  tc_automation_panel_add_file_actions (TC_AUTOMATION_PANEL (self), map, file_file_entries,
                                        G_N_ELEMENTS (file_file_entries));
  self->pause_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "send-file-pause"));
  self->cancel_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "send-file-cancel"));
  g_simple_action_set_enabled (self->pause_action, self->running);
  g_simple_action_set_enabled (self->cancel_action, self->running);
  self->lines_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map, "send-file-lines"));
  self->line_delay_action = G_SIMPLE_ACTION (g_action_map_lookup_action (map,
                                                                         "send-file-line-delay"));
  g_simple_action_set_enabled (self->line_delay_action, FALSE);

  if (GTK_IS_WIDGET (map))
    {
      GtkDropTarget *target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

      g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
      gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (target));
    }
}

gboolean
tc_file_send_panel_get_running (TcFileSendPanel *self)
{
  g_return_val_if_fail (TC_IS_FILE_SEND_PANEL (self), FALSE);
  return self->running;
}

/* Returns: the bytes the current file has handed to the connection */
guint64
tc_file_send_panel_get_sent (TcFileSendPanel *self)
{
  g_return_val_if_fail (TC_IS_FILE_SEND_PANEL (self), 0);
  return self->sender != NULL ? tc_file_sender_get_sent (self->sender) : 0;
}

/* Returns: (nullable): how the last file ended, or why it did not start */
const char *
tc_file_send_panel_get_status (TcFileSendPanel *self)
{
  g_return_val_if_fail (TC_IS_FILE_SEND_PANEL (self), NULL);
  return tc_automation_panel_get_status (TC_AUTOMATION_PANEL (self));
}

const char *
tc_file_send_panel_get_progress_text (TcFileSendPanel *self)
{
  g_return_val_if_fail (TC_IS_FILE_SEND_PANEL (self), NULL);
  return self->progress;
}
