/* tc-server-window-graph.c: the selected client's traffic over the last minute
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Below the clients, while the session's graph shows (win.show-graph) and
 * a client is selected. Sampled once a second only while it is on screen:
 * a hidden graph costs nothing, and starts empty when shown again; so does
 * a newly selected client.
 */
#include "config.h"

#include "tc-server-window-private.h"

#include "tc-traffic-graph.h"

#include <glib/gi18n.h>

struct _TcClientGraph
{
  GtkWidget      *box;        /* borrowed: the sidebar holds it */
  GtkLabel       *label;
  TcTrafficGraph *graph;
  TcConnection   *connection; /* owned */
  guint           source;
  guint64         base_in;    /* the counts a second ago */
  guint64         base_out;
  gint64          base_us;
};

static void
take_base (TcClientGraph *self)
{
  self->base_in = self->connection != NULL ? tc_connection_get_bytes_in (self->connection) : 0;
  self->base_out = self->connection != NULL ? tc_connection_get_bytes_out (self->connection) : 0;
  self->base_us = g_get_monotonic_time ();
}

static gboolean
tick_cb (gpointer user_data)
{
  TcClientGraph *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double seconds = (double) (now - self->base_us) / G_USEC_PER_SEC;
  guint64 in, out;

  if (self->connection == NULL || seconds <= 0)
    return G_SOURCE_CONTINUE;

  in = tc_connection_get_bytes_in (self->connection);
  out = tc_connection_get_bytes_out (self->connection);
  tc_traffic_graph_push (self->graph,
                         in >= self->base_in ? (double) (in - self->base_in) / seconds : 0,
                         out >= self->base_out ? (double) (out - self->base_out) / seconds : 0);
  take_base (self);

  return G_SOURCE_CONTINUE;
}

static void
box_map_cb (GtkWidget     *box,
            TcClientGraph *self)
{
  tc_traffic_graph_clear (self->graph);
  take_base (self);
  if (self->source == 0)
    {
      self->source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->source),
                                "[tcpchat] client graph");
    }
}

static void
box_unmap_cb (GtkWidget     *box,
              TcClientGraph *self)
{
  g_clear_handle_id (&self->source, g_source_remove);
}

static void
follow_visibility (TcServerWindow *self)
{
  GtkWidget *session_graph;

  /* The window is going: the graph went first. */
  if (self->client_graph == NULL)
    return;
  session_graph = tc_session_pane_get_traffic_graph (self->pane);
  gtk_widget_set_visible (self->client_graph->box,
                          gtk_widget_get_visible (session_graph) &&
                          self->client_graph->connection != NULL);
}

void
_tc_server_window_graph_init (TcServerWindow *self)
{
  TcClientGraph *graph = g_new0 (TcClientGraph, 1);
  GtkWidget *sidebar = tc_session_pane_get_sidebar (self->pane);

  self->client_graph = graph;
  graph->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_name (graph->box, "client-graph");
  gtk_widget_set_margin_start (graph->box, 6);
  gtk_widget_set_margin_end (graph->box, 6);
  gtk_widget_set_margin_bottom (graph->box, 6);
  graph->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (graph->label, 0);
  gtk_label_set_ellipsize (graph->label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (GTK_WIDGET (graph->label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (graph->label), "caption");
  graph->graph = TC_TRAFFIC_GRAPH (tc_traffic_graph_new ());
  gtk_accessible_update_property (GTK_ACCESSIBLE (graph->graph),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bytes a second received from and sent to the selected "
                                    "client, the last minute"),
                                  -1);
  gtk_box_append (GTK_BOX (graph->box), GTK_WIDGET (graph->label));
  gtk_box_append (GTK_BOX (graph->box), GTK_WIDGET (graph->graph));
  g_signal_connect (graph->box, "map", G_CALLBACK (box_map_cb), graph);
  g_signal_connect (graph->box, "unmap", G_CALLBACK (box_unmap_cb), graph);
  if (GTK_IS_BOX (sidebar))
    gtk_box_append (GTK_BOX (sidebar), graph->box);
  g_signal_connect_object (tc_session_pane_get_traffic_graph (self->pane), "notify::visible",
                           G_CALLBACK (follow_visibility), self, G_CONNECT_SWAPPED);
  follow_visibility (self);
}

void
_tc_server_window_graph_dispose (TcServerWindow *self)
{
  TcClientGraph *graph = g_steal_pointer (&self->client_graph);

  if (graph == NULL)
    return;
  g_clear_handle_id (&graph->source, g_source_remove);
  g_signal_handlers_disconnect_by_data (graph->box, graph);
  g_clear_object (&graph->connection);
  g_free (graph);
}

/* The selected client, or %NULL for all of them: the graph starts over. */
void
_tc_server_window_graph_set_target (TcServerWindow *self,
                                    TcConnection   *target)
{
  TcClientGraph *graph = self->client_graph;
  g_autofree char *text = NULL;

  if (graph == NULL || !g_set_object (&graph->connection, target))
    return;

  tc_traffic_graph_clear (graph->graph);
  take_base (graph);
  if (target != NULL)
    {
      /* TRANSLATORS: above the graph of the selected client's traffic */
      text = g_strdup_printf (_("%s, the last minute"), tc_connection_get_peer_label (target));
      gtk_label_set_text (graph->label, text);
    }
  follow_visibility (self);
}

/**
 * tc_server_window_get_client_graph:
 *
 * Returns: (transfer none): the graph of the selected client's traffic
 */
GtkWidget *
tc_server_window_get_client_graph (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);
  return self->client_graph != NULL ? GTK_WIDGET (self->client_graph->graph) : NULL;
}
