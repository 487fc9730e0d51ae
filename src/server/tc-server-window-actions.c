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

  message = g_strdup_printf (_("Listening on %s"), tc_server_get_listen_label (self->server));
  _tc_server_window_report (self, TC_STATUS_INFO, NULL, message);
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
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcServerWindow *self = user_data;

  /* As the log's own Clear: the actions follow the log's items. */
  tc_log_view_clear (self->log_view);
}

static void
save_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TcServerWindow *self = user_data;

  tc_log_view_save (self->log_view);
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
  { "clear", clear_action, NULL, NULL, NULL, { 0 } },
  { "save-log", save_log_action, NULL, NULL, NULL, { 0 } },
  { "disconnect", disconnect_action, NULL, NULL, NULL, { 0 } },
  { "select-all-clients", select_all_clients_action, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_action, NULL, NULL, NULL, { 0 } },
  { "use-address", use_address_action, "s", NULL, NULL, { 0 } },
};

void
_tc_server_window_actions_init (TcServerWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
}

static void
set_enabled (TcServerWindow *self,
             const char     *name,
             gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_assert (G_IS_SIMPLE_ACTION (action));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* What can be done follows the server's state, the send target, the log's
 * items (Clear and Save Log need something in it) and whether there are
 * settings to edit. */
void
_tc_server_window_actions_update (TcServerWindow *self)
{
  gboolean listening = tc_server_is_listening (self->server);
  gboolean has_log = self->log != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->log)) > 0;

  set_enabled (self, "start", !listening);
  set_enabled (self, "stop", listening);
  set_enabled (self, "use-address", !listening);
  set_enabled (self, "disconnect", self->target != NULL);
  set_enabled (self, "clear", has_log);
  set_enabled (self, "save-log", has_log);
  set_enabled (self, "preferences", self->settings != NULL);
}
