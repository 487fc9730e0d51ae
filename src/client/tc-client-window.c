/* tc-client-window.c: the client window: connect controls above the
 * session pane
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tc-address.h"
#include "tc-error.h"
#include "tc-settings.h"


G_DEFINE_FINAL_TYPE (TcClientWindow, tc_client_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HOST,
  PROP_PORT,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the person wants to reach, as "host:port" (brackets for IPv6). */
char *
_tc_client_window_dup_target (TcClientWindow *self)
{
  const char *host = tc_client_get_host (self->client);

  if (host == NULL)
    return tc_address_format (tc_client_window_get_host (self), tc_client_window_get_port (self));
  return tc_address_format (host, tc_client_get_port (self->client));
}

static TcLogModel *
get_log (TcClientWindow *self)
{
  return tc_session_pane_get_log_model (self->pane);
}

void
_tc_client_window_report_event (TcClientWindow *self,
                                const char     *text)
{
  g_autofree char *target = _tc_client_window_dup_target (self);

  tc_session_pane_report (self->pane, TC_STATUS_INFO, target, text, NULL);
}

void
_tc_client_window_report_error (TcClientWindow *self,
                                const char     *text)
{
  g_autofree char *target = _tc_client_window_dup_target (self);

  tc_session_pane_report (self->pane, TC_STATUS_ERROR, target, text, NULL);
}

/* State */

/* The lock on host and port while connecting, connected, closing or
 * counting down to a reconnect. */
static void
update_lock (TcClientWindow *self,
             gboolean        locked)
{
  if (self->locked == locked)
    return;

  /* GTK 4.8 warns when a focused text field becomes insensitive. */
  if (locked)
    {
      tc_widget_drop_focus_within (GTK_WIDGET (self->host_entry));
      tc_widget_drop_focus_within (GTK_WIDGET (self->port_button));
    }
  self->locked = locked;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
}

/* The lock, the send box and the title follow the client's state and
 * countdown; the actions are bound to them (tc-client-window-actions.c). */
void
_tc_client_window_update_controls (TcClientWindow *self)
{
  TcSocketState state = tc_client_get_state (self->client);
  guint reconnect_in = tc_client_get_reconnect_in (self->client);
  gboolean locked = state != TC_SOCKET_STATE_UNCONNECTED || reconnect_in > 0;

  update_lock (self, locked);
  _tc_client_window_update_send_box (self, state, reconnect_in);
  _tc_client_window_update_title (self, state, locked);
}

/* Template callbacks */

static void
host_entry_activate_cb (TcClientWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.connect", NULL);
}

static void
host_entry_text_cb (TcClientWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->host_entry), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
}

static void
port_value_cb (TcClientWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}

/* The whole message goes out as typed, framed by the session (in lines
 * framing, ended by the send box's line ending); one longer than the
 * connection's high-water mark is handed over as it drains. */
static gboolean
send_bytes_cb (TcClientWindow *self,
               GBytes         *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize max_queued = TC_CONNECTION_DEFAULT_HIGH_WATER;

  if (self->connection == NULL)
    {
      _tc_client_window_report_error (self, _("Not sent: not connected"));
      return FALSE;
    }

  if (self->settings != NULL)
    max_queued = MIN (max_queued, g_settings_get_uint (self->settings, "max-unsent"));

  /* The session logs what it sent. */
  tc_session_set_max_queued (self->session, max_queued);
  if (tc_session_send (self->session, NULL, bytes, &error) == 0)
    {
      _tc_client_window_report_error (self, error->message);
      return FALSE;
    }

  return TRUE;
}

/* Settings */

static gboolean
seconds_to_ms (GValue   *value,
               GVariant *variant,
               gpointer  user_data)
{
  guint32 seconds = g_variant_get_uint32 (variant);

  g_value_set_uint (value, MAX (seconds, 1) * 1000);
  return TRUE;
}

/* The limits follow the settings as they change (the Preferences dialog);
 * the window size and the auto-reconnect toggle are read once and written
 * back, so that each window keeps its own. */
static void
bind_settings (TcClientWindow *self)
{
  const GSettingsBindFlags own = G_SETTINGS_BIND_GET | G_SETTINGS_BIND_SET |
                                 G_SETTINGS_BIND_GET_NO_CHANGES;
  g_autofree char *host = NULL;
  guint16 port;

  self->settings = tc_settings_new (CLIENT_APP_ID);
  if (self->settings == NULL)
    return;

  tc_window_bind_size (GTK_WINDOW (self), self->settings);
  tc_session_pane_bind_settings (self->pane, self->settings);
  g_settings_bind (self->settings, "auto-reconnect", self->client, "auto-reconnect", own);
  g_settings_bind (self->settings, "tls", self->tls_check, "active",
                   own | G_SETTINGS_BIND_NO_SENSITIVITY);
  g_settings_bind_with_mapping (self->settings, "connect-timeout",
                                self->client, "connect-timeout", G_SETTINGS_BIND_GET,
                                seconds_to_ms, NULL, NULL, NULL);
  g_settings_bind (self->settings, "max-line", self->client, "max-line", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "notify", self->notifier, "enabled", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->settings, "changed::max-unsent",
                            G_CALLBACK (_tc_client_window_apply_max_unsent), self);
  g_signal_connect_swapped (self->settings, "changed::recent-hosts",
                            G_CALLBACK (_tc_client_window_load_recent_hosts), self);
  _tc_client_window_load_recent_hosts (self);

  host = g_settings_get_string (self->settings, "host");
  g_settings_get (self->settings, "port", "q", &port);
  if (host[0] != '\0')
    tc_client_window_set_host (self, host);
  if (port > 0)
    tc_client_window_set_port (self, port);
}

/* GtkWindow */

/* A closed window says goodbye to the server (also when something else
 * still holds a reference to it). */
static gboolean
tc_client_window_close_request (GtkWindow *window)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (window);

  tc_client_disconnect (self->client);

  return GTK_WINDOW_CLASS (tc_client_window_parent_class)->close_request (window);
}

/* GObject */

static void
tc_client_window_dispose (GObject *object)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (object);

  _tc_client_window_events_dispose (self);
  _tc_client_window_tls_dispose (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->action_watches); i++)
    g_clear_pointer (&self->action_watches[i], gtk_expression_watch_unwatch);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      tc_client_set_line_func (self->client, NULL, NULL);
      tc_client_disconnect (self->client);
    }
  g_clear_object (&self->connection_signals);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->preferences != NULL)
    gtk_window_destroy (GTK_WINDOW (self->preferences));

  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_CLIENT_WINDOW);

  g_clear_object (&self->connection);
  g_clear_object (&self->client);
  g_clear_object (&self->hosts_menu);
  g_clear_object (&self->recent_hosts);
  g_clear_object (&self->settings);
  g_clear_object (&self->notifier);
  self->log_view = NULL;
  self->send_box = NULL;
  self->status_bar = NULL;

  G_OBJECT_CLASS (tc_client_window_parent_class)->dispose (object);
}

static void
tc_client_window_finalize (GObject *object)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (object);

  g_free (self->last_error);
  g_free (self->recent_pending);

  G_OBJECT_CLASS (tc_client_window_parent_class)->finalize (object);
}

static void
tc_client_window_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_HOST:
      g_value_set_string (value, tc_client_window_get_host (self));
      break;
    case PROP_PORT:
      g_value_set_uint (value, tc_client_window_get_port (self));
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_client_window_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_HOST:
      tc_client_window_set_host (self, g_value_get_string (value));
      break;
    case PROP_PORT:
      tc_client_window_set_port (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_client_window_class_init (TcClientWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  tc_widgets_init ();
  g_type_ensure (TC_TYPE_SESSION_PANE);

  object_class->dispose = tc_client_window_dispose;
  object_class->finalize = tc_client_window_finalize;
  object_class->get_property = tc_client_window_get_property;
  object_class->set_property = tc_client_window_set_property;
  window_class->close_request = tc_client_window_close_request;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TC_TYPE_CLIENT, ro);
  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, "127.0.0.1", rw);
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 1, 65535, TC_DEFAULT_PORT, rw);
  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-client-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, host_entry);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, port_button);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, tls_check);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, reconnect_check);
  gtk_widget_class_bind_template_child (widget_class, TcClientWindow, pane);
  gtk_widget_class_bind_template_callback (widget_class, host_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, host_entry_text_cb);
  gtk_widget_class_bind_template_callback (widget_class, port_value_cb);
}

static void
tc_client_window_init (TcClientWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  tc_port_field_setup (self->port_button, FALSE);
  self->log_view = tc_session_pane_get_log_view (self->pane);
  self->send_box = tc_session_pane_get_send_box (self->pane);
  self->status_bar = tc_session_pane_get_status_bar (self->pane);
  g_signal_connect_swapped (self->send_box, "send-bytes", G_CALLBACK (send_bytes_cb), self);

  self->client = tc_client_new ();
  tc_client_set_io_priority (self->client, TC_WINDOW_IO_PRIORITY);
  self->state = TC_SOCKET_STATE_UNCONNECTED;

  self->notifier = tc_line_notifier_new (GTK_WINDOW (self));
  _tc_client_window_build_hosts_menu (self);

  _tc_client_window_status_init (self);

  _tc_client_window_events_init (self);

  g_object_bind_property (self->client, "auto-reconnect",
                          self->reconnect_check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "locked", self->host_entry, "sensitive",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "locked", self->recent_button, "sensitive",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "locked", self->port_button, "sensitive",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  /* Without a TLS backend the switch says why it cannot be used. */
  {
    g_autoptr(GError) tls_error = NULL;

    if (tc_tls_check_supported (&tls_error))
      g_object_bind_property (self, "locked", self->tls_check, "sensitive",
                              G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
    else
      {
        gtk_widget_set_sensitive (GTK_WIDGET (self->tls_check), FALSE);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_check), tls_error->message);
      }
  }

  bind_settings (self);
  _tc_client_window_actions_init (self);
  _tc_client_window_tls_init (self);

  _tc_client_window_update_controls (self);
  tc_status_bar_set_message (self->status_bar, TC_STATUS_INFO,
                             _("Type a host and port, then Connect"));
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

/* Public API */

TcClientWindow *
tc_client_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (TC_TYPE_CLIENT_WINDOW, "application", application, NULL);
}

/* Returns: (transfer none): the client this window drives */
TcClient *
tc_client_window_get_client (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->client;
}

/* Returns: (transfer none): the log of this window */
TcLogModel *
tc_client_window_get_log_model (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return get_log (self);
}

TcStatusBar *
tc_client_window_get_status_bar (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->status_bar;
}

TcSendBox *
tc_client_window_get_send_box (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->send_box;
}

GtkEditable *
tc_client_window_get_host_entry (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return GTK_EDITABLE (self->host_entry);
}

GtkCheckButton *
tc_client_window_get_tls_check (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->tls_check;
}

GtkSpinButton *
tc_client_window_get_port_button (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->port_button;
}

/* The host entry's text, as typed. */
const char *
tc_client_window_get_host (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
}

void
tc_client_window_set_host (TcClientWindow *self,
                           const char     *host)
{
  g_return_if_fail (TC_IS_CLIENT_WINDOW (self));

  /* The entry's notify::text notifies :host. */
  gtk_editable_set_text (GTK_EDITABLE (self->host_entry), host != NULL ? host : "");
}

guint16
tc_client_window_get_port (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), 0);

  return (guint16) gtk_spin_button_get_value_as_int (self->port_button);
}

void
tc_client_window_set_port (TcClientWindow *self,
                           guint16         port)
{
  g_return_if_fail (TC_IS_CLIENT_WINDOW (self));
  g_return_if_fail (port > 0);

  /* The spin button's notify::value notifies :port. */
  tc_port_field_set (self->port_button, port);
}

gboolean
tc_client_window_get_locked (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), FALSE);

  return self->locked;
}

/* Returns: (transfer none) (nullable): the settings the window follows */
GSettings *
tc_client_window_get_settings (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->settings;
}

TcLineNotifier *
tc_client_window_get_notifier (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->notifier;
}

/**
 * tc_client_window_show_preferences:
 *
 * Opens the Preferences dialog of this window, or brings it to the front.
 *
 * Returns: (transfer none): the dialog
 */
TcPreferencesDialog *
tc_client_window_show_preferences (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return tc_window_show_preferences (GTK_WINDOW (self), self->settings, &self->preferences);
}
