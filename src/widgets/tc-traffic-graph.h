/* tc-traffic-graph.h: bytes a second in and out over the last minute, as bars
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TC_TRAFFIC_GRAPH_SECONDS 60

/* Each second a pair of bars, received (left) and sent (right), scaled to
 * the largest rate shown. Samples are kept whether shown or not (a write
 * to a ring); drawing happens only while the graph is visible.
 */
#define TC_TYPE_TRAFFIC_GRAPH (tc_traffic_graph_get_type ())

G_DECLARE_FINAL_TYPE (TcTrafficGraph, tc_traffic_graph, TC, TRAFFIC_GRAPH, GtkWidget)

GtkWidget *tc_traffic_graph_new       (void);
void       tc_traffic_graph_push      (TcTrafficGraph *self,
                                       double          in_per_second,
                                       double          out_per_second);
void       tc_traffic_graph_clear     (TcTrafficGraph *self);
double     tc_traffic_graph_get_peak  (TcTrafficGraph *self);
guint      tc_traffic_graph_get_n_samples (TcTrafficGraph *self);

G_END_DECLS
