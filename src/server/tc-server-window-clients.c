/* tc-server-window-clients.c: the server window's clients list, its
 * counters, and the client a line is sent to
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

#include "tc-client-row.h"

#define COUNTERS_REFRESH_S 1

/* Counters */

static void
update_client_row (TcServerWindow *self,
                   GtkListItem    *item)
{
  GObject *object = gtk_list_item_get_item (item);
  TcClientRow *row = TC_CLIENT_ROW (gtk_list_item_get_child (item));

  if (TC_IS_CONNECTION (object))
    {
      TcConnection *client = TC_CONNECTION (object);
      g_autofree char *time = tc_format_time_us (tc_connection_get_connected_since (client), FALSE);
      g_autofree char *in = tc_format_byte_count (tc_connection_get_bytes_in (client));
      g_autofree char *out = tc_format_byte_count (tc_connection_get_bytes_out (client));
      g_autofree char *since = g_strdup_printf (_("Connected since %s"), time);
      g_autofree char *subject = tc_connection_get_peer_subject (client);
      guint64 lines_in = tc_connection_get_lines_in (client);
      guint64 lines_out = tc_connection_get_lines_out (client);
      g_autofree char *in_text = NULL;
      g_autofree char *out_text = NULL;
      g_autofree char *text = NULL;

      /* Mutual TLS: who the client's certificate says it is. */
      if (subject != NULL)
        {
          g_autofree char *plain = g_steal_pointer (&since);

          /* TRANSLATORS: "Connected since 12:00:00 · CN=device 7,O=Acme" */
          since = g_strdup_printf (_("%s · %s"), plain, subject);
        }

      /* TRANSLATORS: messages and bytes received from one client */
      in_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "In %" PRIu64 " line, %s",
                                              "In %" PRIu64 " lines, %s",
                                              (gulong) MIN (lines_in, G_MAXULONG)),
                                 lines_in, in);
      /* TRANSLATORS: messages and bytes sent to one client */
      out_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Out %" PRIu64 " line, %s",
                                               "Out %" PRIu64 " lines, %s",
                                               (gulong) MIN (lines_out, G_MAXULONG)),
                                  lines_out, out);
      /* TRANSLATORS: what came in, then what went out */
      text = g_strdup_printf (_("%s · %s"), in_text, out_text);
      tc_client_row_set_texts (row, tc_connection_get_peer_label (client), since, text, NULL);
    }
  else
    {
      guint n = tc_server_get_n_clients (self->server);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client connected",
                                           "%u clients connected", n), n);
      tc_client_row_set_texts (row, _("All clients"), text, NULL,
                               _("Send to every connected client"));
    }
}

void
_tc_server_window_update_traffic (TcServerWindow *self)
{
  GListModel *clients = G_LIST_MODEL (self->server);
  guint64 in = self->closed_bytes_in, out = self->closed_bytes_out;
  guint n = g_list_model_get_n_items (clients);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TcConnection) client = g_list_model_get_item (clients, i);

      in += tc_connection_get_bytes_in (client);
      out += tc_connection_get_bytes_out (client);
    }

  tc_session_pane_show_traffic (self->pane, in, out);
}

void
_tc_server_window_refresh_counters (TcServerWindow *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    update_client_row (self, item);
  _tc_server_window_update_traffic (self);
}

/* A client came or went: its own row is bound by the list; only the "All
 * clients" row, which counts them, changes. Refreshing every row here made
 * a burst of connects cost rows times clients.
 */
static void
refresh_summary_row (TcServerWindow *self)
{
  GHashTableIter iter;
  gpointer item;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (!TC_IS_CONNECTION (gtk_list_item_get_item (item)))
      update_client_row (self, item);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  _tc_server_window_refresh_counters (user_data);
  return G_SOURCE_CONTINUE;
}

/* Clients list rows */

/* One widget a row, drawn with its own layouts: the list measures some 200
 * rows in the frame after a connect storm (see tc-client-row.c). */
static void
client_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 TcServerWindow           *self)
{
  gtk_list_item_set_child (item, tc_client_row_new ());
}

static void
client_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TcServerWindow           *self)
{
  g_hash_table_add (self->bound_rows, item);
  update_client_row (self, item);
}

static void
client_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  TcServerWindow           *self)
{
  g_hash_table_remove (self->bound_rows, item);
}

/* Send target */

static gboolean
peer_to_target (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_value_take_string (to, g_strdup_printf (_("To: %s"), g_value_get_string (from)));
  return TRUE;
}

/* Who a line goes to, and what can be done with the target, follow it; a
 * client's address is bound, "all" has none. */
static void
follow_target (TcServerWindow *self)
{
  GAction *disconnect = g_action_map_lookup_action (G_ACTION_MAP (self), "disconnect");

  if (self->target == NULL)
    tc_session_pane_set_target (self->pane, _("To: all clients"));
  if (disconnect != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (disconnect), self->target != NULL);
  _tc_server_window_update (self);
}

static void
target_bind_cb (TcServerWindow *self,
                TcConnection   *target,
                GSignalGroup   *group)
{
  self->target = target;
  follow_target (self);
}

/* Also when the target is finalized: the group holds it weakly. */
static void
target_unbind_cb (TcServerWindow *self,
                  GSignalGroup   *group)
{
  self->target = NULL;
  follow_target (self);
}

void
_tc_server_window_set_target (TcServerWindow *self,
                              TcConnection   *target)
{
  /* None once disposed. */
  if (self->target_signals == NULL)
    return;
  g_binding_group_set_source (self->target_bindings, target);
  g_signal_group_set_target (self->target_signals, target);
  tc_session_pane_set_health_connection (self->pane, target);
  _tc_server_window_graph_set_target (self, target);
}

static void
selected_item_cb (GtkSingleSelection *selection,
                  GParamSpec         *pspec,
                  TcServerWindow     *self)
{
  GObject *item = gtk_single_selection_get_selected_item (selection);

  /* The selected client went away and the selection slid to its neighbour:
   * a line meant for one client must never go to another, so back to all.
   */
  if (self->target != NULL && TC_IS_CONNECTION (item) &&
      tc_connection_get_state (self->target) == TC_SOCKET_STATE_UNCONNECTED)
    {
      gtk_single_selection_set_selected (selection, 0);
      return;
    }

  _tc_server_window_set_target (self, TC_IS_CONNECTION (item) ? TC_CONNECTION (item) : NULL);
}

static void
follow_clients (TcServerWindow *self)
{
  if (self->clients_changed_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->clients_changed_tick);
  self->clients_changed_tick = 0;
  g_clear_handle_id (&self->clients_changed_source, g_source_remove);

  _tc_server_window_update (self);
  refresh_summary_row (self);
}

static gboolean
clients_changed_tick_cb (GtkWidget     *widget,
                         GdkFrameClock *clock,
                         gpointer       user_data)
{
  TcServerWindow *self = TC_SERVER_WINDOW (widget);

  self->clients_changed_tick = 0;
  follow_clients (self);

  return G_SOURCE_REMOVE;
}

static gboolean
clients_changed_cb (gpointer user_data)
{
  TcServerWindow *self = user_data;

  self->clients_changed_source = 0;
  follow_clients (self);

  return G_SOURCE_REMOVE;
}

/* The window follows the clients once a frame: a connect storm would
 * otherwise update all of it, and sum every client's traffic, once a
 * client. A window that is not mapped has no frames: an idle then.
 */
void
_tc_server_window_queue_clients_changed (TcServerWindow *self)
{
  if (self->clients_changed_tick != 0 || self->clients_changed_source != 0)
    return;

  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->clients_changed_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                               clients_changed_tick_cb,
                                                               NULL, NULL);
  else
    self->clients_changed_source = g_idle_add_full (G_PRIORITY_DEFAULT, clients_changed_cb,
                                                    self, NULL);
}

/* The list: "All clients", then the server's connections. */
void
_tc_server_window_clients_init (TcServerWindow *self)
{
  g_autoptr(GListStore) all_store = NULL;
  g_autoptr(GtkStringObject) all_item = NULL;
  g_autoptr(GListStore) sections = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkFlattenListModel *flat;

  self->target_signals = g_signal_group_new (TC_TYPE_CONNECTION);
  g_signal_group_connect_swapped (self->target_signals, "notify::state",
                                  G_CALLBACK (_tc_server_window_update), self);
  g_signal_connect_swapped (self->target_signals, "bind", G_CALLBACK (target_bind_cb), self);
  g_signal_connect_swapped (self->target_signals, "unbind", G_CALLBACK (target_unbind_cb), self);
  self->target_bindings = g_binding_group_new ();
  g_binding_group_bind_full (self->target_bindings, "peer-label", self->pane, "target",
                             G_BINDING_SYNC_CREATE, peer_to_target, NULL, NULL, NULL);

  all_store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  all_item = gtk_string_object_new (_("All clients"));
  g_list_store_append (all_store, all_item);
  sections = g_list_store_new (G_TYPE_LIST_MODEL);
  g_list_store_append (sections, all_store);
  g_list_store_append (sections, self->server);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&sections)));
  self->client_selection = gtk_single_selection_new (G_LIST_MODEL (flat));
  gtk_single_selection_set_autoselect (self->client_selection, TRUE);
  gtk_single_selection_set_can_unselect (self->client_selection, FALSE);
  g_signal_connect (self->client_selection, "notify::selected-item",
                    G_CALLBACK (selected_item_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (client_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (client_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (client_unbind_cb), self);
  gtk_list_view_set_factory (self->clients_view, factory);
  gtk_list_view_set_model (self->clients_view, GTK_SELECTION_MODEL (self->client_selection));

  self->refresh_source = g_timeout_add_seconds (COUNTERS_REFRESH_S, refresh_timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->refresh_source),
                            "[tcpchat] server window counters");
}
