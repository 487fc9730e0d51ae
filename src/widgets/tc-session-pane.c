/* tc-session-pane.c: the log, send box and status bar both windows embed
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane.h"

#include "tc-tcp-health.h"
#include "tc-traffic-graph.h"
#include "tc-widgets.h"

#include <glib/gi18n-lib.h>

/* A window puts what is its own beside the log (the server its clients),
 * and above the pane (listen or connect controls); the log, who a line goes
 * to, the send box, the status bar and what acts on the log are here once.
 */
struct _TcSessionPane
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkPaned           *paned;
  TcLogView          *log_view;
  GtkLabel           *target_label;
  TcSendBox          *send_box;
  TcStatusBar        *status_bar;
  TcTrafficGraph     *traffic_graph;

  /* owned */
  GPtrArray          *action_bindings; /* GBinding, kept: the log's entries to the actions */
  TcConnection       *health_connection; /* whose TCP health shows, or NULL */

  /* plain state */
  gboolean            show_health;
  guint               tick_source;     /* once a second while mapped */
  guint64             bytes_in;        /* as the window last told */
  guint64             bytes_out;
  guint64             reset_in;        /* the counts when last reset */
  guint64             reset_out;
  guint64             rate_base_in;    /* the counts a second ago */
  guint64             rate_base_out;
  gint64              rate_base_us;
  double              rate_in;         /* bytes a second, over the last second */
  double              rate_out;
};

G_DEFINE_FINAL_TYPE (TcSessionPane, tc_session_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SIDEBAR,
  PROP_TARGET,
  PROP_SHOW_HEALTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcSessionPane *self = user_data;

  /* As the log's own Clear: the actions follow the log's entries. */
  tc_log_view_clear (self->log_view);
}

static void
save_log_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TcSessionPane *self = user_data;

  tc_log_view_save (self->log_view);
}

/* Stateful: whether the graph of the last minute's traffic shows. */
static void
show_graph_change_state (GSimpleAction *action,
                         GVariant      *state,
                         gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_set_visible (GTK_WIDGET (self->traffic_graph), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

/* Stateful: the pane's show-health, which the action follows. */
static void
show_health_change_state (GSimpleAction *action,
                          GVariant      *state,
                          gpointer       user_data)
{
  tc_session_pane_set_show_health (user_data, g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
}

static void
reset_counters_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  tc_session_pane_reset_counters (user_data);
}

/* Every action of the windows and their widgets is a GAction from a
 * GActionEntry, not gtk_widget_class_install_action: in GTK 4.8 a
 * widget-class action is not in the window's GActionGroup (what
 * g_action_group_get_action_enabled asks and GtkApplication exports on
 * D-Bus), one named "win.*" on a GtkApplicationWindow never runs (the
 * window's own "win" group answers first), and its enabled state is no
 * property, so it cannot be bound. GSimpleAction:enabled can.
 */
static const GActionEntry pane_entries[] = {
  { .name = "clear", .activate = clear_action },
  { .name = "save-log", .activate = save_log_action },
  { .name = "reset-counters", .activate = reset_counters_action },
  { .name = "show-health", .state = "true", .change_state = show_health_change_state },
  { .name = "show-graph", .state = "false", .change_state = show_graph_change_state },
};

static gboolean
has_entries (GBinding     *binding,
             const GValue *from,
             GValue       *to,
             gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_uint (from) > 0);
  return TRUE;
}

static void
tc_session_pane_dispose (GObject *object)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  /* The log can outlive the window whose actions it enables (a caller
   * holding its model): cut the bindings with the pane. */
  for (guint i = 0; self->action_bindings != NULL && i < self->action_bindings->len; i++)
    g_binding_unbind (g_ptr_array_index (self->action_bindings, i));
  g_clear_pointer (&self->action_bindings, g_ptr_array_unref);
  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->health_connection);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SESSION_PANE);

  G_OBJECT_CLASS (tc_session_pane_parent_class)->dispose (object);
}

static void
tc_session_pane_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      g_value_set_object (value, tc_session_pane_get_sidebar (self));
      break;
    case PROP_TARGET:
      g_value_set_string (value, tc_session_pane_get_target (self));
      break;
    case PROP_SHOW_HEALTH:
      g_value_set_boolean (value, self->show_health);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_session_pane_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  switch (prop_id)
    {
    case PROP_SIDEBAR:
      tc_session_pane_set_sidebar (self, g_value_get_object (value));
      break;
    case PROP_TARGET:
      tc_session_pane_set_target (self, g_value_get_string (value));
      break;
    case PROP_SHOW_HEALTH:
      tc_session_pane_set_show_health (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Counters and health */

static void
show_counters (TcSessionPane *self)
{
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  /* A new connection counts from 0 again: so does a reset before it. */
  if (self->bytes_in < self->reset_in || self->bytes_out < self->reset_out)
    self->reset_in = self->reset_out = 0;

  in = tc_format_byte_count (self->bytes_in - self->reset_in);
  out = tc_format_byte_count (self->bytes_out - self->reset_out);
  /* TRANSLATORS: bytes received and sent, in the status bar */
  text = g_strdup_printf (_("In: %s · Out: %s"), in, out);
  tc_status_bar_set_segment (self->status_bar, "traffic", text);
}

/* Once a second, not with every count: a flood counts with every read. */
static void
show_rates (TcSessionPane *self)
{
  g_autofree char *in_rate = tc_format_byte_count ((guint64) self->rate_in);
  g_autofree char *out_rate = tc_format_byte_count ((guint64) self->rate_out);
  g_autofree char *text = NULL;

  /* TRANSLATORS: bytes a second received and sent, over the last second */
  text = g_strdup_printf (_("%s/s in · %s/s out"), in_rate, out_rate);
  tc_status_bar_set_segment (self->status_bar, "rates", text);
}

static void
show_health (TcSessionPane *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  g_autofree char *text_tip = NULL;
  g_autofree char *unsent = NULL;
  g_autofree char *rcvq = NULL;
  char rtt[G_ASCII_DTOSTR_BUF_SIZE], rttvar[G_ASCII_DTOSTR_BUF_SIZE];
  TcTcpHealth health;
  GSocket *socket;
  GtkLabel *label;

  if (!self->show_health ||
      !tc_status_bar_get_segment_visible (self->status_bar, "health"))
    return;

  /* Long, and longer once connected: it must not widen the window (a
   * window grows to what its parts need, and does not shrink back). */
  label = tc_status_bar_get_segment_label (self->status_bar, "health");
  if (gtk_label_get_ellipsize (label) == PANGO_ELLIPSIZE_NONE)
    {
      gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (label, 8);
    }

  socket = self->health_connection != NULL
           ? tc_connection_get_socket (self->health_connection) : NULL;
  if (socket == NULL)
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health",
                                         _("No connection to read the TCP health of"));
      return;
    }
  if (!tc_tcp_health_read (socket, &health, &error))
    {
      tc_status_bar_set_segment (self->status_bar, "health", _("TCP: –"));
      tc_status_bar_set_segment_tooltip (self->status_bar, "health", error->message);
      return;
    }

  g_snprintf (rtt, sizeof rtt, "%.3f", health.rtt_us / 1000.0);
  g_snprintf (rttvar, sizeof rttvar, "%.3f", health.rttvar_us / 1000.0);
  unsent = tc_format_byte_count (health.unsent);
  rcvq = tc_format_byte_count (health.rcvq);
  /* TRANSLATORS: a connection's TCP health in the status bar: round trip
   * and its variance in ms, bytes not sent yet, segments unacknowledged,
   * retransmitted, bytes waiting to be read, congestion window */
  text = g_strdup_printf (_("RTT %s ± %s ms · Unsent %s · Unacked %u · Retrans %u · "
                            "Recv-Q %s · Cwnd %u"),
                          rtt, rttvar, unsent, health.unacked, health.retrans, rcvq,
                          health.cwnd);
  line = tc_tcp_health_format (&health,
                               tc_connection_get_peer_label (self->health_connection));
  /* TRANSLATORS: the tooltip of the TCP health; the key=value line after
   * it is not translated (scripts parse the same line from --stats) */
  text_tip = g_strdup_printf (_("As a script reads it: %s"), line);
  tc_status_bar_set_segment (self->status_bar, "health", text);
  tc_status_bar_set_segment_tooltip (self->status_bar, "health", text_tip);
}

/* Once a second: the rates over the last second, and the health. */
static gboolean
tick_cb (gpointer user_data)
{
  TcSessionPane *self = user_data;
  gint64 now = g_get_monotonic_time ();
  double seconds = (double) (now - self->rate_base_us) / G_USEC_PER_SEC;

  if (seconds > 0)
    {
      self->rate_in = self->bytes_in >= self->rate_base_in
                      ? (double) (self->bytes_in - self->rate_base_in) / seconds : 0;
      self->rate_out = self->bytes_out >= self->rate_base_out
                       ? (double) (self->bytes_out - self->rate_base_out) / seconds : 0;
    }
  self->rate_base_in = self->bytes_in;
  self->rate_base_out = self->bytes_out;
  self->rate_base_us = now;
  tc_traffic_graph_push (self->traffic_graph, self->rate_in, self->rate_out);
  show_counters (self);
  show_rates (self);
  show_health (self);

  return G_SOURCE_CONTINUE;
}

/* Nothing is polled while the window is not shown. */
static void
tc_session_pane_map (GtkWidget *widget)
{
  TcSessionPane *self = TC_SESSION_PANE (widget);

  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->map (widget);

  if (self->tick_source == 0)
    {
      self->rate_base_in = self->bytes_in;
      self->rate_base_out = self->bytes_out;
      self->rate_base_us = g_get_monotonic_time ();
      self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->tick_source),
                                "[tcpchat] counters and health");
    }
  show_health (self);
}

static void
tc_session_pane_unmap (GtkWidget *widget)
{
  TcSessionPane *self = TC_SESSION_PANE (widget);

  g_clear_handle_id (&self->tick_source, g_source_remove);

  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->unmap (widget);
}

/**
 * tc_session_pane_set_health_connection:
 * @connection: (nullable): the connection whose health to show: the
 *   server's selected client, the client's connection
 *
 * The "health" segment, which the window adds where it wants it, shows
 * the connection's TCP health, read once a second while the pane is
 * shown (and the segment and show-health with it).
 */
void
tc_session_pane_set_health_connection (TcSessionPane *self,
                                       TcConnection  *connection)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (connection == NULL || TC_IS_CONNECTION (connection));

  if (!g_set_object (&self->health_connection, connection))
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
}

/* Reads the health now, as the next tick would; for a window's first
 * look, and tests. */
void
tc_session_pane_refresh_health (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  show_health (self);
}

void
tc_session_pane_set_show_health (TcSessionPane *self,
                                 gboolean       show)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  show = !!show;
  if (self->show_health == show)
    return;
  self->show_health = show;
  tc_status_bar_set_segment_visible (self->status_bar, "health", show);
  if (show && gtk_widget_get_mapped (GTK_WIDGET (self)))
    show_health (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_HEALTH]);
}

/**
 * tc_session_pane_reset_counters:
 *
 * The traffic counters start from 0 again (win.reset-counters); the log
 * says when.
 */
void
tc_session_pane_reset_counters (TcSessionPane *self)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  self->reset_in = self->rate_base_in = self->bytes_in;
  self->reset_out = self->rate_base_out = self->bytes_out;
  self->rate_base_us = g_get_monotonic_time ();
  self->rate_in = self->rate_out = 0;
  show_counters (self);
  show_rates (self);
  tc_log_model_append_event (tc_log_view_get_model (self->log_view), NULL,
                             "%s", _("Traffic counters reset"));
}

static void
tc_session_pane_class_init (TcSessionPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  tc_widgets_init ();
  g_type_ensure (TC_TYPE_LOG_VIEW);
  g_type_ensure (TC_TYPE_SEND_BOX);
  g_type_ensure (TC_TYPE_STATUS_BAR);
  g_type_ensure (TC_TYPE_TRAFFIC_GRAPH);

  object_class->dispose = tc_session_pane_dispose;
  object_class->get_property = tc_session_pane_get_property;
  object_class->set_property = tc_session_pane_set_property;
  widget_class->map = tc_session_pane_map;
  widget_class->unmap = tc_session_pane_unmap;

  /**
   * TcSessionPane:sidebar:
   *
   * What the window shows beside the log, as the server its clients;
   * %NULL for nothing.
   */
  properties[PROP_SIDEBAR] =
    g_param_spec_object ("sidebar", NULL, NULL, GTK_TYPE_WIDGET, rw);
  /**
   * TcSessionPane:target:
   *
   * Who a line goes to, shown before the send box; %NULL hides it.
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, rw);
  /**
   * TcSessionPane:show-health:
   *
   * Whether the status bar shows the TCP health of the connection set
   * with tc_session_pane_set_health_connection(); read only while shown.
   */
  properties[PROP_SHOW_HEALTH] =
    g_param_spec_boolean ("show-health", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-session-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, paned);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, target_label);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, send_box);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, status_bar);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, traffic_graph);
}

static void
tc_session_pane_init (TcSessionPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->show_health = TRUE;
  self->rate_base_us = g_get_monotonic_time ();
}

GtkWidget *
tc_session_pane_new (void)
{
  return g_object_new (TC_TYPE_SESSION_PANE, NULL);
}

TcLogView *
tc_session_pane_get_log_view (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->log_view;
}

/* Returns: (transfer none): the log the view shows; append to it */
TcLogModel *
tc_session_pane_get_log_model (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return tc_log_view_get_model (self->log_view);
}

TcSendBox *
tc_session_pane_get_send_box (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->send_box;
}

/* The graph of the last minute's traffic (win.show-graph shows it). */
GtkWidget *
tc_session_pane_get_traffic_graph (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return GTK_WIDGET (self->traffic_graph);
}

TcStatusBar *
tc_session_pane_get_status_bar (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return self->status_bar;
}

/* Returns: (transfer none) (nullable): what shows beside the log */
GtkWidget *
tc_session_pane_get_sidebar (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);
  return gtk_paned_get_start_child (self->paned);
}

/* Without a sidebar the paned shows no handle: the log spans the pane. */
void
tc_session_pane_set_sidebar (TcSessionPane *self,
                             GtkWidget     *sidebar)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (sidebar == NULL || GTK_IS_WIDGET (sidebar));

  if (gtk_paned_get_start_child (self->paned) == sidebar)
    return;
  gtk_paned_set_start_child (self->paned, sidebar);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR]);
}

/* Returns: (nullable): who a line goes to, as shown */
const char *
tc_session_pane_get_target (TcSessionPane *self)
{
  g_return_val_if_fail (TC_IS_SESSION_PANE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->target_label)))
    return NULL;
  return gtk_label_get_text (self->target_label);
}

void
tc_session_pane_set_target (TcSessionPane *self,
                            const char    *target)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  if (g_strcmp0 (target, tc_session_pane_get_target (self)) == 0)
    return;
  gtk_label_set_text (self->target_label, target != NULL ? target : "");
  gtk_widget_set_visible (GTK_WIDGET (self->target_label), target != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * tc_session_pane_add_actions:
 * @map: the window's action map
 *
 * Puts the pane's actions (clear, save-log, reset-counters, and the
 * stateful show-health and show-graph) into @map, the window that
 * holds the pane, so that they are "win.clear" and "win.save-log" there,
 * as its buttons and accelerators name them. Clear and Save Log make
 * sense only with something in the log: bound to its entries.
 */
void
tc_session_pane_add_actions (TcSessionPane *self,
                             GActionMap    *map)
{
  TcLogModel *log;

  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  log = tc_log_view_get_model (self->log_view);
  g_action_map_add_action_entries (map, pane_entries, G_N_ELEMENTS (pane_entries), self);

  if (self->action_bindings == NULL)
    self->action_bindings = g_ptr_array_new_with_free_func (g_object_unref);
  /* Clear and Save Log only; Reset Counters always works. */
  for (guint i = 0; i < 2; i++)
    g_ptr_array_add (self->action_bindings,
                     g_object_ref (g_object_bind_property_full (log, "n-entries",
                                                  g_action_map_lookup_action (map,
                                                                              pane_entries[i].name),
                                                  "enabled", G_BINDING_SYNC_CREATE,
                                                  has_entries, NULL, NULL, NULL)));
}

/* The keys the pane follows as they change: how much log to keep. */
void
tc_session_pane_bind_settings (TcSessionPane *self,
                               GSettings     *settings)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind (settings, "scrollback", tc_log_view_get_model (self->log_view),
                   "max-entries", G_SETTINGS_BIND_GET);
}

/**
 * tc_session_pane_report:
 * @peer: (nullable): who it is about
 * @status: (nullable): the status bar's words, if not @message
 *
 * Says what happened in the log and in the status bar's message segment.
 */
void
tc_session_pane_report (TcSessionPane *self,
                        TcStatusKind   kind,
                        const char    *peer,
                        const char    *message,
                        const char    *status)
{
  TcLogModel *log;

  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (message != NULL);

  log = tc_log_view_get_model (self->log_view);
  if (kind == TC_STATUS_ERROR)
    tc_log_model_append_error (log, peer, "%s", message);
  else
    tc_log_model_append_event (log, peer, "%s", message);
  tc_status_bar_set_message (self->status_bar, kind, status != NULL ? status : message);
}

/* The "socket" segment, which the window adds where it wants it. */
void
tc_session_pane_show_socket_state (TcSessionPane *self,
                                   TcSocketState  state)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_SESSION_PANE (self));

  text = g_strdup_printf (_("Socket: %s"), tc_socket_state_to_string (state));
  tc_status_bar_set_segment (self->status_bar, "socket", text);
}

/* The "traffic" and "rates" segments, which the window adds where it
 * wants them: the counts since the last reset, and their rates over the
 * last second. */
void
tc_session_pane_show_traffic (TcSessionPane *self,
                              guint64        bytes_in,
                              guint64        bytes_out)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));

  /* A new connection counts from 0: so do its rates. */
  if (bytes_in < self->rate_base_in || bytes_out < self->rate_base_out)
    {
      self->rate_base_in = bytes_in;
      self->rate_base_out = bytes_out;
    }
  self->bytes_in = bytes_in;
  self->bytes_out = bytes_out;
  show_counters (self);
}
