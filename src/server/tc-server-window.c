/* tc-server-window.c: the server window: listen controls and clients beside
 * the session pane
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tc-address.h"
#include "tc-settings.h"


G_DEFINE_FINAL_TYPE (TcServerWindow, tc_server_window, GTK_TYPE_APPLICATION_WINDOW)

/* What the status bar says of @message: with the client's name, if the
 * message does not name it. */
static char *
dup_status (const char *peer,
            const char *message)
{
  if (peer != NULL && strstr (message, peer) == NULL)
    /* TRANSLATORS: a client's address, and what happened to it */
    return g_strdup_printf (_("%s: %s"), peer, message);
  return g_strdup (message);
}

/* The status bar's message segment only: the log has the event already. */
void
_tc_server_window_set_status (TcServerWindow *self,
                              TcStatusKind    kind,
                              const char     *peer,
                              const char     *message)
{
  g_autofree char *status = dup_status (peer, message);

  tc_status_bar_set_message (self->status_bar, kind, status);
}

/* Words of the window's own go to the log and to the status bar. */
void
_tc_server_window_report (TcServerWindow *self,
                          TcStatusKind    kind,
                          const char     *peer,
                          const char     *message)
{
  g_autofree char *status = dup_status (peer, message);

  tc_session_pane_report (self->pane, kind, peer, message, status);
}

/* The listen controls are locked while listening; the keyboard stays in
 * the window, on to the clients list until the send box can take it. */
static void
listen_state_cb (TcServerWindow *self)
{
  gboolean listening = tc_server_is_listening (self->server);

  self->focus_send_box = listening;
  if (listening)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      if (focus != NULL &&
          (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_entry)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_button)) ||
           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->port_spin))))
        gtk_widget_grab_focus (GTK_WIDGET (self->clients_view));
      tc_widget_drop_focus_within (GTK_WIDGET (self->address_entry));
      tc_widget_drop_focus_within (GTK_WIDGET (self->address_button));
      tc_widget_drop_focus_within (GTK_WIDGET (self->port_spin));
    }
  /* Port 0 again for the next start, as typed and as kept. */
  if (!listening && self->port_chosen)
    {
      self->port_chosen = FALSE;
      tc_port_field_set (self->port_spin, 0);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_entry), !listening);
  gtk_widget_set_sensitive (GTK_WIDGET (self->address_button), !listening);
  gtk_widget_set_sensitive (GTK_WIDGET (self->port_spin), !listening);
}

/* The listen and socket segments: the socket is the selected client's, or
 * the listening one's. */
static void
update_socket_segments (TcServerWindow *self,
                        gboolean        listening)
{
  g_autofree char *listen = NULL;
  g_autofree char *title = NULL;
  TcSocketState state;

  if (listening)
    {
      listen = g_strdup_printf (_("Listening on %s"), tc_server_get_listen_label (self->server));
      /* TRANSLATORS: the window title, %s is the address and port listened on */
      title = g_strdup_printf (_("tcpchat server — listening on %s"),
                               tc_server_get_listen_label (self->server));
    }
  else
    listen = g_strdup (_("Not listening"));
  tc_status_bar_set_segment (self->status_bar, "listen", listen);
  gtk_window_set_title (GTK_WINDOW (self), title != NULL ? title : _("tcpchat server"));

  state = self->target != NULL ? tc_connection_get_state (self->target)
                               : tc_server_get_state (self->server);
  tc_session_pane_show_socket_state (self->pane, state);
  _tc_server_window_tls_status (self);
  tc_status_bar_set_segment_tooltip (self->status_bar, "socket",
                                     self->target != NULL
                                     ? _("State of the selected client's socket")
                                     : _("State of the listening socket"));
}

/* The client count, in the status bar and over the list; who a line goes
 * to follows the target (tc-server-window-clients.c). */
static void
update_clients_labels (TcServerWindow *self,
                       guint           n_clients)
{
  g_autofree char *clients = NULL;

  self->shown_n_clients = n_clients;
  clients = g_strdup_printf (_("Clients: %u"), n_clients);
  tc_status_bar_set_segment (self->status_bar, "clients", clients);
  gtk_label_set_text (self->clients_title, clients);
}

/* Whether a line can be sent, and if not, why. */
static void
update_send_box (TcServerWindow *self,
                 gboolean        listening,
                 guint           n_clients)
{
  if (!listening)
    tc_send_box_set_sendable (self->send_box, FALSE,
                              _("Not listening: start listening, then wait for a client"));
  else if (n_clients == 0)
    tc_send_box_set_sendable (self->send_box, FALSE,
                              _("No client connected: nobody to send to"));
  else if (self->target != NULL &&
           tc_connection_get_state (self->target) != TC_SOCKET_STATE_CONNECTED)
    tc_send_box_set_sendable (self->send_box, FALSE,
                              _("The selected client is no longer connected"));
  else
    tc_send_box_set_sendable (self->send_box, TRUE, NULL);

  /* The first line typed after listening goes to the clients, unless
   * the person is already typing somewhere else. */
  if (self->focus_send_box && tc_send_box_get_can_send (self->send_box))
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      self->focus_send_box = FALSE;
      if (focus == NULL || (!GTK_IS_EDITABLE (focus) && !GTK_IS_TEXT_VIEW (focus)))
        gtk_widget_grab_focus (GTK_WIDGET (self->send_box));
    }
}

/* Everything that follows the server's state and the send target. */
void
_tc_server_window_update (TcServerWindow *self)
{
  gboolean listening = tc_server_is_listening (self->server);
  guint n_clients = tc_server_get_n_clients (self->server);

  update_socket_segments (self, listening);
  update_clients_labels (self, n_clients);
  update_send_box (self, listening, n_clients);
  _tc_server_window_update_traffic (self);
}

/* Sending */

/* The most a client may have waiting: a longer text is refused before
 * anything goes, rather than closing the clients it would overflow. */
static gsize
get_max_unsent (TcServerWindow *self)
{
  if (self->settings != NULL)
    return g_settings_get_uint (self->settings, "max-unsent");
  return TC_CONNECTION_DEFAULT_MAX_UNSENT;
}

/* The whole message goes out as typed, ended as the session says (in
 * lines framing, the send box's line ending), queued at once so that no
 * relayed message can come between its bytes. */
static gboolean
send_bytes_cb (TcSendBox      *send_box,
               GBytes         *bytes,
               TcServerWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TcConnection) target = NULL;
  gsize len = g_bytes_get_size (bytes);
  gsize max_unsent = get_max_unsent (self);
  gboolean sent;
  guint n;

  if (len + 1 > max_unsent)
    {
      g_autofree char *size = tc_format_byte_count (len + 1);
      g_autofree char *limit = tc_format_byte_count (max_unsent);
      g_autofree char *message = NULL;

      /* TRANSLATORS: the size of the text, then the limit of Preferences */
      message = g_strdup_printf (_("Not sent: the message is %s, more than the %s a client may "
                                   "have waiting (Preferences, Unsent data per peer)"),
                                 size, limit);
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL, message);
      return FALSE;
    }

  /* The session logs what it sent; a line to every client once, below. */
  target = self->target != NULL ? g_object_ref (self->target) : NULL;
  self->broadcasting = target == NULL;
  n = tc_session_send (self->session, target, bytes, &error);
  self->broadcasting = FALSE;
  sent = n > 0;

  if (error != NULL)
    {
      _tc_server_window_report (self, TC_STATUS_ERROR,
                                target != NULL ? tc_connection_get_peer_label (target) : NULL,
                                error->message);
    }
  else if (target == NULL && self->broadcast_sent != NULL)
    {
      g_autofree char *peer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "all (%u client)",
                                                            "all (%u clients)", n),
                                               n);

      tc_log_model_append_session_event (self->log, self->broadcast_sent, peer);
    }
  g_clear_pointer (&self->broadcast_sent, tc_event_free);
  _tc_server_window_refresh_counters (self);

  return sent;
}

/* Settings */

/* The unsent-bytes cap bounds the flow-control marks too. */
static void
apply_max_unsent (TcServerWindow *self)
{
  gsize max_unsent = g_settings_get_uint (self->settings, "max-unsent");
  gsize high_water = MIN (TC_CONNECTION_DEFAULT_HIGH_WATER, max_unsent);
  gsize low_water = MIN (TC_CONNECTION_DEFAULT_LOW_WATER, high_water);

  tc_server_set_limits (self->server, high_water, low_water, max_unsent,
                        TC_CONNECTION_DEFAULT_STALL_TIMEOUT);
}

/* A change of the relay toggle is kept, unless it came from the command
 * line. */
static void
relay_changed_cb (TcServerWindow *self)
{
  if (!self->applying_options)
    g_settings_set_boolean (self->settings, "relay", tc_server_get_relay (self->server));
}

/* The limits follow the settings as they change (the Preferences dialog);
 * the window size and the relay toggle are read once and written back, so
 * that each window stays its own server. */
static void
bind_settings (TcServerWindow *self)
{
  g_autofree char *address = NULL;
  guint16 port;

  self->settings = tc_settings_new (SERVER_APP_ID);
  if (self->settings == NULL)
    return;

  tc_window_bind_size (GTK_WINDOW (self), self->settings);
  tc_session_pane_bind_settings (self->pane, self->settings);
  tc_server_set_relay (self->server, g_settings_get_boolean (self->settings, "relay"));
  g_signal_connect_swapped (self->server, "notify::relay", G_CALLBACK (relay_changed_cb), self);
  g_settings_bind (self->settings, "max-clients", self->server, "max-clients",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "max-line", self->server, "max-line", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "patience", self->server, "patience", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "notify", self->notifier, "enabled", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->settings, "changed::max-unsent",
                            G_CALLBACK (apply_max_unsent), self);
  apply_max_unsent (self);

  address = g_settings_get_string (self->settings, "address");
  g_settings_get (self->settings, "port", "q", &port);
  tc_server_window_set_listen_address (self, address[0] != '\0' ? address : NULL, port);
}

/* Address choices */

/* The loopback and wildcard addresses, then those of this machine's
 * interfaces, each once: a menu that puts the one chosen into the entry,
 * where it can still be edited (a drop-down list offers only its items). */
static void
fill_addresses (TcServerWindow *self)
{
  static const char *fixed[] = { "127.0.0.1", "::1", "0.0.0.0", "::" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) local = tc_address_list_local ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GPtrArray) addresses = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      g_ptr_array_add (addresses, (gpointer) fixed[i]);
      g_hash_table_add (seen, (gpointer) fixed[i]);
    }
  for (guint i = 0; local != NULL && local[i] != NULL; i++)
    {
      if (g_hash_table_contains (seen, local[i]))
        continue;
      g_ptr_array_add (addresses, local[i]);
      g_hash_table_add (seen, local[i]);
    }

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);

      /* Labels are not mnemonics: no "_" may vanish. */
      g_menu_item_set_attribute (item, G_MENU_ATTRIBUTE_LABEL, "s", address);
      g_menu_item_set_action_and_target (item, "win.use-address", "s", address);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->address_button, G_MENU_MODEL (menu));
  gtk_editable_set_text (GTK_EDITABLE (self->address_entry), fixed[0]);
}

static void
address_activate_cb (GtkEntry       *entry,
                     TcServerWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "start", NULL);
}

static void
port_activate_cb (GtkText        *text,
                  TcServerWindow *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "start", NULL);
}

/* Lifetime */

static gboolean
tc_server_window_close_request (GtkWindow *window)
{
  TcServerWindow *self = TC_SERVER_WINDOW (window);

  /* Closing the window disconnects every client cleanly. */
  _tc_server_window_stop (self);

  return GTK_WINDOW_CLASS (tc_server_window_parent_class)->close_request (window);
}

static void
tc_server_window_dispose (GObject *object)
{
  TcServerWindow *self = TC_SERVER_WINDOW (object);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  g_clear_handle_id (&self->clients_changed_source, g_source_remove);
  if (self->clients_changed_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->clients_changed_tick);
  self->clients_changed_tick = 0;
  if (self->target_signals != NULL)
    g_signal_handlers_disconnect_by_data (self->target_signals, self);
  g_clear_object (&self->target_signals);
  g_clear_object (&self->target_bindings);
  self->target = NULL;
  g_clear_object (&self->server_bindings);

  if (self->client_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->client_selection, self);
  _tc_server_window_events_dispose (self);
  _tc_server_window_tls_dispose (self);
  _tc_server_window_graph_dispose (self);
  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      tc_server_set_line_func (self->server, NULL, NULL);
      g_clear_pointer (&self->relay_binding, g_binding_unbind);
      tc_server_stop (self->server);
    }
  if (self->bound_rows != NULL)
    g_hash_table_remove_all (self->bound_rows);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->preferences != NULL)
    gtk_window_destroy (GTK_WINDOW (self->preferences));

  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SERVER_WINDOW);

  g_clear_object (&self->client_selection);
  g_clear_object (&self->settings);
  g_clear_object (&self->notifier);
  g_clear_object (&self->server);
  self->log = NULL;
  self->log_view = NULL;
  self->send_box = NULL;
  self->status_bar = NULL;

  G_OBJECT_CLASS (tc_server_window_parent_class)->dispose (object);
}

static void
tc_server_window_finalize (GObject *object)
{
  TcServerWindow *self = TC_SERVER_WINDOW (object);

  g_clear_pointer (&self->bound_rows, g_hash_table_unref);

  G_OBJECT_CLASS (tc_server_window_parent_class)->finalize (object);
}

static void
tc_server_window_class_init (TcServerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  tc_widgets_init ();
  g_type_ensure (TC_TYPE_SESSION_PANE);

  object_class->dispose = tc_server_window_dispose;
  object_class->finalize = tc_server_window_finalize;
  window_class->close_request = tc_server_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-server-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, address_entry);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, address_button);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, port_spin);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, relay_check);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, tls_check);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, tls_bar);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, tls_source_label);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, tls_fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, clients_view);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, clients_title);
  gtk_widget_class_bind_template_child (widget_class, TcServerWindow, pane);
}

static void
tc_server_window_init (TcServerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  tc_port_field_setup (self->port_spin, TRUE);
  self->log_view = tc_session_pane_get_log_view (self->pane);
  self->log = tc_session_pane_get_log_model (self->pane);
  self->send_box = tc_session_pane_get_send_box (self->pane);
  self->status_bar = tc_session_pane_get_status_bar (self->pane);

  self->server = tc_server_new ();
  tc_server_set_io_priority (self->server, TC_WINDOW_IO_PRIORITY);
  self->notifier = tc_line_notifier_new (GTK_WINDOW (self));
  self->bound_rows = g_hash_table_new (NULL, NULL);

  /* Status bar segments, in the order they show. */
  tc_status_bar_add_segment (self->status_bar, "listen", _("Listen state"));
  tc_status_bar_add_segment (self->status_bar, "socket", _("Socket state"));
  tc_status_bar_add_segment (self->status_bar, "clients", _("Clients"));
  tc_status_bar_add_segment (self->status_bar, "traffic", _("Traffic"));
  tc_status_bar_add_segment (self->status_bar, "rates", _("Traffic a second"));
  tc_status_bar_add_segment (self->status_bar, "health", _("TCP health of the selected client"));
  tc_status_bar_show_tls (self->status_bar, NULL, NULL);

  _tc_server_window_clients_init (self);
  _tc_server_window_graph_init (self);

  /* Server */
  _tc_server_window_events_init (self);
  self->relay_binding = g_object_bind_property (self->server, "relay",
                                                self->relay_check, "active",
                                                G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  g_signal_connect_swapped (self->server, "notify::state", G_CALLBACK (listen_state_cb), self);
  g_signal_connect (self->send_box, "send-bytes", G_CALLBACK (send_bytes_cb), self);

  /* Listen controls: Enter in either starts listening. */
  fill_addresses (self);
  g_signal_connect (self->address_entry, "activate", G_CALLBACK (address_activate_cb), self);
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin)), "activate",
                    G_CALLBACK (port_activate_cb), self);

  bind_settings (self);
  _tc_server_window_actions_init (self);
  _tc_server_window_tls_init (self);

  listen_state_cb (self);
  _tc_server_window_update (self);
  tc_status_bar_set_message (self->status_bar, TC_STATUS_INFO,
                             _("Choose an address and port, then Start Listen"));
}

TcServerWindow *
tc_server_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (TC_TYPE_SERVER_WINDOW, "application", application, NULL);
}

/* Puts host and port into the listen controls (as a person would type). */
void
tc_server_window_set_listen_address (TcServerWindow *self,
                                     const char     *host,
                                     guint16         port)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  if (host != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->address_entry), host);
  tc_port_field_set (self->port_spin, port);
}

TcServer *
tc_server_window_get_server (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->server;
}

TcLogView *
tc_server_window_get_log_view (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->log_view;
}

TcLogModel *
tc_server_window_get_log_model (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->log;
}

TcSendBox *
tc_server_window_get_send_box (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->send_box;
}

TcStatusBar *
tc_server_window_get_status_bar (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->status_bar;
}

GtkEditable *
tc_server_window_get_address_entry (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return GTK_EDITABLE (self->address_entry);
}

GtkSpinButton *
tc_server_window_get_port_spin (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->port_spin;
}

GtkListView *
tc_server_window_get_clients_view (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->clients_view;
}

GtkSingleSelection *
tc_server_window_get_clients_selection (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->client_selection;
}

/* Returns: (transfer none) (nullable): the settings the window follows */
GSettings *
tc_server_window_get_settings (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->settings;
}

TcLineNotifier *
tc_server_window_get_notifier (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->notifier;
}

/**
 * tc_server_window_show_preferences:
 *
 * Opens the Preferences dialog of this window, or brings it to the front.
 *
 * Returns: (transfer none): the dialog
 */
TcPreferencesDialog *
tc_server_window_show_preferences (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);

  return tc_window_show_preferences (GTK_WINDOW (self), self->settings, &self->preferences);
}
