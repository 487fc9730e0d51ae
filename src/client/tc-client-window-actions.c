/* tc-client-window-actions.c: the client window's win.* actions and when
 * each can be used
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>

static void
connect_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *host = NULL;
  guint16 port = 0;

  /* A port out of range is said at the field, never clamped into range. */
  if (!tc_port_field_get (self->port_button, &port, &error))
    {
      _tc_client_window_report_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->port_button));
      return;
    }
  host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->host_entry))));
  tc_client_window_connect_to (self, host, port);
}

static void
disconnect_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);

  if (tc_client_get_reconnect_in (self->client) > 0)
    _tc_client_window_report_event (self, _("Stopped reconnecting"));
  tc_client_disconnect (self->client);
}

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);

  /* As the log's own Clear: the actions follow the log's items. */
  tc_log_view_clear (self->log_view);
}

static void
save_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);

  tc_log_view_save (self->log_view);
}

static void
close_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

static void
use_host_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);

  tc_client_window_set_host (self, g_variant_get_string (parameter, NULL));
  gtk_widget_grab_focus (GTK_WIDGET (self->host_entry));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_client_window_show_preferences (TC_CLIENT_WINDOW (user_data));
}

/* GActionEntry, as the server window: the actions stay in the window's
 * action group, exported on D-Bus and queried by g_action_group_*. */
static const GActionEntry win_entries[] = {
  { .name = "connect", .activate = connect_action },
  { .name = "disconnect", .activate = disconnect_action },
  { .name = "clear", .activate = clear_action },
  { .name = "save-log", .activate = save_log_action },
  { .name = "close", .activate = close_action },
  { .name = "use-host", .activate = use_host_action, .parameter_type = "s" },
  { .name = "preferences", .activate = preferences_action },
};

void
_tc_client_window_actions_init (TcClientWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_entries,
                                   G_N_ELEMENTS (win_entries), self);
}

static void
set_enabled (TcClientWindow *self,
             const char     *name,
             gboolean        enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* What can be done follows the client's state and countdown, the log's
 * items and whether there are settings to edit. */
void
_tc_client_window_actions_update (TcClientWindow *self)
{
  TcSocketState state = tc_client_get_state (self->client);
  guint reconnect_in = tc_client_get_reconnect_in (self->client);
  gboolean idle = state == TC_SOCKET_STATE_UNCONNECTED;
  gboolean locked = !idle || reconnect_in > 0;
  GListModel *log = G_LIST_MODEL (tc_log_view_get_model (self->log_view));
  gboolean has_log = g_list_model_get_n_items (log) > 0;

  set_enabled (self, "connect", idle);
  set_enabled (self, "disconnect",
               (!idle && state != TC_SOCKET_STATE_CLOSING) || reconnect_in > 0);
  set_enabled (self, "use-host", !locked);
  set_enabled (self, "clear", has_log);
  set_enabled (self, "save-log", has_log);
  set_enabled (self, "preferences", self->settings != NULL);
}
