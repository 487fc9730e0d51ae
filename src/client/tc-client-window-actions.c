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

/* GActionEntry, as everywhere (see tc-session-pane.c for why). */
static const GActionEntry win_entries[] = {
  { .name = "connect", .activate = connect_action },
  { .name = "disconnect", .activate = disconnect_action },
  { .name = "close", .activate = close_action },
  { .name = "use-host", .activate = use_host_action, .parameter_type = "s" },
  { .name = "preferences", .activate = preferences_action },
};

static gboolean
can_connect (gpointer      client,
             TcSocketState state,
             guint         reconnect_in)
{
  return state == TC_SOCKET_STATE_UNCONNECTED;
}

/* A connection under way or up can be dropped, and a countdown stopped;
 * one that is closing already goes by itself. */
static gboolean
can_disconnect (gpointer      client,
                TcSocketState state,
                guint         reconnect_in)
{
  return (state != TC_SOCKET_STATE_UNCONNECTED && state != TC_SOCKET_STATE_CLOSING) ||
         reconnect_in > 0;
}

/* The action's enabled state, from the client's state and countdown;
 * unwatched at dispose (the client may outlive the window). */
static GtkExpressionWatch *
bind_to_client (TcClientWindow *self,
                const char     *name,
                GCallback       func)
{
  GtkExpression *params[] = {
    gtk_property_expression_new (TC_TYPE_CLIENT, NULL, "state"),
    gtk_property_expression_new (TC_TYPE_CLIENT, NULL, "reconnect-in"),
  };
  GtkExpression *enabled = gtk_cclosure_expression_new (G_TYPE_BOOLEAN, NULL,
                                                        G_N_ELEMENTS (params), params,
                                                        func, NULL, NULL);

  return gtk_expression_bind (enabled, g_action_map_lookup_action (G_ACTION_MAP (self), name),
                              "enabled", self->client);
}

/* What can be done is bound to the client's state and countdown, and to
 * the lock on host and port; Clear and Save Log are the session pane's,
 * and follow the log. */
void
_tc_client_window_actions_init (TcClientWindow *self)
{
  GActionMap *map = G_ACTION_MAP (self);

  g_action_map_add_action_entries (map, win_entries, G_N_ELEMENTS (win_entries), self);
  tc_session_pane_add_actions (self->pane, map);

  self->action_watches[0] = bind_to_client (self, "connect", G_CALLBACK (can_connect));
  self->action_watches[1] = bind_to_client (self, "disconnect", G_CALLBACK (can_disconnect));
  g_object_bind_property (self, "locked", g_action_map_lookup_action (map, "use-host"), "enabled",
                          G_BINDING_INVERT_BOOLEAN | G_BINDING_SYNC_CREATE);
  /* The settings are there or not for the window's whole life. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "preferences")),
                               self->settings != NULL);
}
