/* tc-server-window-actions.c: the server window's win.* actions, the
 * listening they start and stop, and when each can be used
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static char *
dup_address_text (TcServerWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry)));
  gsize len;

  g_strstrip (text);
  len = strlen (text);
  /* "[::1]" is how people write IPv6 next to a port; the address is inside. */
  if (len >= 2 && text[0] == '[' && text[len - 1] == ']')
    {
      text[len - 1] = '\0';
      return g_strdup (text + 1);
    }

  return g_steal_pointer (&text);
}

/* Listens on the address and port in the controls; @remember keeps them
 * for the next window. */
static void
start_listening (TcServerWindow *self,
                 gboolean        remember)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *message = NULL;
  guint16 port;

  if (tc_server_is_listening (self->server))
    return;

  /* A port out of range is said at the field, never clamped into range. */
  if (!tc_port_field_get (self->port_spin, &port, &error))
    {
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->port_spin));
      return;
    }
  address = dup_address_text (self);

  if (address[0] == '\0')
    {
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL,
                                _("Enter an address to listen on, for example 127.0.0.1"));
      return;
    }

  if (!_tc_server_window_apply_tls (self, address))
    return;
  if (!tc_server_listen (self->server, address, port, &error))
    {
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
      _tc_server_window_update (self);
      return;
    }

  /* Remembered for the next window, here or in the next run. */
  if (remember && self->settings != NULL)
    {
      g_settings_set_string (self->settings, "address", address);
      g_settings_set (self->settings, "port", "q", port);
    }

  /* Port 0 means any free one: show which, so a client can be pointed at it. */
  if (port == 0)
    {
      tc_port_field_set (self->port_spin, tc_server_get_port (self->server));
      self->port_chosen = TRUE;
    }

  message = g_strdup_printf (_("Listening on %s"), tc_server_get_listen_label (self->server));
  _tc_server_window_report (self, TC_STATUS_INFO, NULL, message);
  if (tc_server_get_tls (self->server) != NULL)
    {
      g_autofree char *fingerprint = tc_tls_fingerprint (tc_server_get_tls (self->server)->certificate);
      g_autofree char *tls = g_strdup_printf (_("TLS on: this server's certificate has the SHA-256 "
                                                "fingerprint %s"), fingerprint);

      _tc_server_window_report (self, TC_STATUS_INFO, NULL, tls);
    }
  _tc_server_window_update (self);
}

/* Listens on the chosen address and port, as the Start Listen button does. */
void
tc_server_window_start (TcServerWindow *self)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  start_listening (self, TRUE);
}

/**
 * tc_server_window_listen_for_run:
 *
 * Listens on @host and @port as --listen asks: for this run only, the
 * address and port kept in the settings stay as they were.
 */
void
tc_server_window_listen_for_run (TcServerWindow *self,
                                 const char     *host,
                                 guint16         port)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  tc_server_window_set_listen_address (self, host, port);
  start_listening (self, FALSE);
}

/* Relays or not as --relay asks: for this run only. A change made in the
 * window afterwards is kept, as always. */
void
tc_server_window_set_relay_for_run (TcServerWindow *self,
                                    gboolean        relay)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  self->applying_options = TRUE;
  tc_server_set_relay (self->server, relay);
  self->applying_options = FALSE;
}

static void
start_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  tc_server_window_start (user_data);
}

void
_tc_server_window_stop (TcServerWindow *self)
{
  guint n;
  g_autofree char *message = NULL;

  if (!tc_server_is_listening (self->server))
    return;

  n = tc_server_get_n_clients (self->server);
  tc_server_stop (self->server);
  message = n == 0 ? g_strdup (_("Stopped listening"))
                   : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "Stopped listening and disconnected %u client",
                                                   "Stopped listening and disconnected %u clients",
                                                   n), n);
  _tc_server_window_report (self, TC_STATUS_INFO, NULL, message);
  _tc_server_window_update (self);
}

static void
stop_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  _tc_server_window_stop (user_data);
}

static void
disconnect_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcServerWindow *self = user_data;

  if (self->target == NULL)
    return;
  tc_connection_close (self->target);
}

static void
select_all_clients_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TcServerWindow *self = user_data;

  gtk_single_selection_set_selected (self->client_selection, 0);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_server_window_show_preferences (user_data);
}

static void
use_address_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TcServerWindow *self = user_data;

  gtk_editable_set_text (GTK_EDITABLE (self->address_entry),
                         g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->address_entry));
  gtk_editable_set_position (GTK_EDITABLE (self->address_entry), -1);
}

static const GActionEntry win_entries[] = {
  { "start", start_action, NULL, NULL, NULL, { 0 } },
  { "stop", stop_action, NULL, NULL, NULL, { 0 } },
  { "disconnect", disconnect_action, NULL, NULL, NULL, { 0 } },
  { "select-all-clients", select_all_clients_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "use-address", use_address_action, "s", NULL, NULL, { 0 } },
};

static gboolean
listening_to_enabled (GBinding     *binding,
                      const GValue *from,
                      GValue       *to,
                      gpointer      user_data)
{
  gboolean listening = g_value_get_enum (from) == TC_SOCKET_STATE_LISTENING;

  g_value_set_boolean (to, GPOINTER_TO_INT (user_data) ? listening : !listening);
  return TRUE;
}

static void
bind_to_listening (TcServerWindow *self,
                   const char     *name,
                   gboolean        when_listening)
{
  g_binding_group_bind_full (self->server_bindings, "state",
                             g_action_map_lookup_action (G_ACTION_MAP (self), name), "enabled",
                             G_BINDING_SYNC_CREATE, listening_to_enabled, NULL,
                             GINT_TO_POINTER (when_listening), NULL);
}

/* GActionEntry, as everywhere (see tc-session-pane.c for why): what can be
 * done is bound to the server's state, through a binding group that
 * dispose lets go of (the server may outlive the window); Disconnect follows the send target
 * (tc-server-window-clients.c); Clear and Save Log are the session pane's,
 * and follow the log. */
void
_tc_server_window_actions_init (TcServerWindow *self)
{
  GActionMap *map = G_ACTION_MAP (self);

  g_action_map_add_action_entries (map, win_entries, G_N_ELEMENTS (win_entries), self);
  tc_session_pane_add_actions (self->pane, map);

  self->server_bindings = g_binding_group_new ();
  g_binding_group_set_source (self->server_bindings, self->server);
  bind_to_listening (self, "start", FALSE);
  bind_to_listening (self, "stop", TRUE);
  bind_to_listening (self, "use-address", FALSE);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "disconnect")),
                               self->target != NULL);
  /* The settings are there or not for the window's whole life. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "preferences")),
                               self->settings != NULL);
}
