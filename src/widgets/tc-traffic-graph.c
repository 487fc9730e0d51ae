/* tc-traffic-graph.c: bytes a second in and out over the last minute, as bars
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with plain colour nodes, two a second shown: no cairo surface, no
 * text. The colours are the log's: CSS classes "received" and "sent" name
 * tc_log_received_color and tc_log_sent_color when the theme has them.
 */
#include "config.h"

#include "tc-traffic-graph.h"

#include <glib/gi18n.h>

#define HEIGHT 40

struct _TcTrafficGraph
{
  GtkWidget  parent_instance;

  /* plain state */
  double     in[TC_TRAFFIC_GRAPH_SECONDS];
  double     out[TC_TRAFFIC_GRAPH_SECONDS];
  guint      next;      /* the slot the next sample goes to */
  guint      n;         /* samples held */
};

G_DEFINE_FINAL_TYPE (TcTrafficGraph, tc_traffic_graph, GTK_TYPE_WIDGET)

static void
color_or (GtkWidget  *widget,
          const char *name,
          const char *fallback,
          GdkRGBA    *color)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
}

static void
tc_traffic_graph_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  TcTrafficGraph *self = TC_TRAFFIC_GRAPH (widget);
  float width = (float) gtk_widget_get_width (widget);
  float height = (float) gtk_widget_get_height (widget);
  float column = width / TC_TRAFFIC_GRAPH_SECONDS;
  double peak = tc_traffic_graph_get_peak (self);
  GdkRGBA in_color, out_color, base;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &base);
  base.alpha *= 0.15f;
  gtk_snapshot_append_color (snapshot, &base, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
  if (self->n == 0 || peak <= 0)
    return;

  color_or (widget, "tc_log_received_color", "#1c71d8", &in_color);
  color_or (widget, "tc_log_sent_color", "#2ec27e", &out_color);

  /* The newest at the right edge. */
  for (guint i = 0; i < self->n; i++)
    {
      guint slot = (self->next + TC_TRAFFIC_GRAPH_SECONDS - 1 - i) % TC_TRAFFIC_GRAPH_SECONDS;
      float x = width - (float) (i + 1) * column;
      float in_h = (float) (self->in[slot] / peak) * (height - 1);
      float out_h = (float) (self->out[slot] / peak) * (height - 1);

      if (in_h > 0)
        gtk_snapshot_append_color (snapshot, &in_color,
                                   &GRAPHENE_RECT_INIT (x, height - 1 - in_h,
                                                        column / 2, in_h));
      if (out_h > 0)
        gtk_snapshot_append_color (snapshot, &out_color,
                                   &GRAPHENE_RECT_INIT (x + column / 2, height - 1 - out_h,
                                                        column / 2, out_h));
    }
}

static void
tc_traffic_graph_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = TC_TRAFFIC_GRAPH_SECONDS * 2;
  else
    *minimum = *natural = HEIGHT;
}

static void
tc_traffic_graph_class_init (TcTrafficGraphClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = tc_traffic_graph_snapshot;
  widget_class->measure = tc_traffic_graph_measure;
  gtk_widget_class_set_css_name (widget_class, "tctrafficgraph");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tc_traffic_graph_init (TcTrafficGraph *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bytes a second received and sent, the last minute"),
                                  -1);
}

GtkWidget *
tc_traffic_graph_new (void)
{
  return g_object_new (TC_TYPE_TRAFFIC_GRAPH, NULL);
}

/* One second's rates; the oldest beyond a minute goes. Draws again only
 * when shown. */
void
tc_traffic_graph_push (TcTrafficGraph *self,
                       double          in_per_second,
                       double          out_per_second)
{
  g_return_if_fail (TC_IS_TRAFFIC_GRAPH (self));

  self->in[self->next] = MAX (in_per_second, 0);
  self->out[self->next] = MAX (out_per_second, 0);
  self->next = (self->next + 1) % TC_TRAFFIC_GRAPH_SECONDS;
  self->n = MIN (self->n + 1, TC_TRAFFIC_GRAPH_SECONDS);
  if (gtk_widget_is_drawable (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tc_traffic_graph_clear (TcTrafficGraph *self)
{
  g_return_if_fail (TC_IS_TRAFFIC_GRAPH (self));

  self->n = 0;
  self->next = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The largest rate held, either way: what the bars are scaled to. */
double
tc_traffic_graph_get_peak (TcTrafficGraph *self)
{
  double peak = 0;

  g_return_val_if_fail (TC_IS_TRAFFIC_GRAPH (self), 0);

  for (guint i = 0; i < self->n; i++)
    {
      guint slot = (self->next + TC_TRAFFIC_GRAPH_SECONDS - 1 - i) % TC_TRAFFIC_GRAPH_SECONDS;

      peak = MAX (peak, MAX (self->in[slot], self->out[slot]));
    }
  return peak;
}

/* Seconds held, up to a minute. */
guint
tc_traffic_graph_get_n_samples (TcTrafficGraph *self)
{
  g_return_val_if_fail (TC_IS_TRAFFIC_GRAPH (self), 0);
  return self->n;
}
