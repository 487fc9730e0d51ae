/* tc-session-pane.c: the log, send box and status bar both windows embed
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

#include "tc-widgets.h"

G_DEFINE_FINAL_TYPE (TcSessionPane, tc_session_pane, GTK_TYPE_WIDGET)

GParamSpec *_tc_session_pane_properties[N_PROPS];

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
  if (self->observe != NULL)
    g_signal_handlers_disconnect_by_data (self->observe, self);
  g_clear_object (&self->observe);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);
  g_clear_object (&self->framing_action);
  g_clear_object (&self->undo_clear_action);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_SESSION_PANE);

  G_OBJECT_CLASS (tc_session_pane_parent_class)->dispose (object);
}

static void
tc_session_pane_finalize (GObject *object)
{
  TcSessionPane *self = TC_SESSION_PANE (object);

  g_clear_pointer (&self->framing, tc_framing_unref);
  g_clear_pointer (&self->framing_spec, g_free);

  G_OBJECT_CLASS (tc_session_pane_parent_class)->finalize (object);
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
    case PROP_FRAMING:
      g_value_set_string (value, self->framing_spec);
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
    case PROP_FRAMING:
      {
        g_autoptr(GError) error = NULL;

        /* From settings, say: a bad value is said, and lines stay. */
        if (!tc_session_pane_set_framing (self, g_value_get_string (value), &error))
          tc_session_pane_report (self, TC_STATUS_ERROR, NULL, error->message, NULL);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_session_pane_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->map (widget);
  _tc_session_pane_status_start (TC_SESSION_PANE (widget));
}

static void
tc_session_pane_unmap (GtkWidget *widget)
{
  _tc_session_pane_status_stop (TC_SESSION_PANE (widget));
  GTK_WIDGET_CLASS (tc_session_pane_parent_class)->unmap (widget);
}

/* Long only by its lists: the properties, documented, and the template's children. */
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
  g_type_ensure (TC_TYPE_MESSAGE_INSPECTOR);
  g_type_ensure (TC_TYPE_SAVED_MESSAGES_PANEL);
  g_type_ensure (TC_TYPE_PERIODIC_PANEL);
  g_type_ensure (TC_TYPE_FILE_SEND_PANEL);
  g_type_ensure (TC_TYPE_RULES_PANEL);
  g_type_ensure (TC_TYPE_RECORD_PANEL);

  object_class->dispose = tc_session_pane_dispose;
  object_class->finalize = tc_session_pane_finalize;
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
  _tc_session_pane_properties[PROP_SIDEBAR] =
    g_param_spec_object ("sidebar", NULL, NULL, GTK_TYPE_WIDGET, rw);
  /**
   * TcSessionPane:target:
   *
   * Who a line goes to, shown before the send box; %NULL hides it.
   */
  _tc_session_pane_properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, rw);
  /**
   * TcSessionPane:show-health:
   *
   * Whether the status bar shows the TCP health of the connection set
   * with tc_session_pane_set_health_connection(); read only while shown.
   */
  _tc_session_pane_properties[PROP_SHOW_HEALTH] =
    g_param_spec_boolean ("show-health", NULL, NULL, TRUE, rw);
  /**
   * TcSessionPane:framing:
   *
   * The framing of new connections, as --framing spells it ("lines",
   * "length:u16be"); the window action "framing" and the chooser set it.
   */
  _tc_session_pane_properties[PROP_FRAMING] =
    g_param_spec_string ("framing", NULL, NULL, "lines", rw);
  g_object_class_install_properties (object_class, N_PROPS, _tc_session_pane_properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-session-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, paned);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, log_view);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, target_label);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, send_box);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, status_bar);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, traffic_graph);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, framing_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, framing_entry);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, display_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, encoding_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, input_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, ending_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, inspector);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, saved_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, periodic_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, file_send_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, rules_panel);
  gtk_widget_class_bind_template_child (widget_class, TcSessionPane, record_panel);
}

static void
tc_session_pane_init (TcSessionPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->show_health = TRUE;
  self->rate_base_us = g_get_monotonic_time ();

  _tc_session_pane_framing_init (self);
  _tc_session_pane_actions_init (self);
  _tc_session_pane_panels_init (self);
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
  g_object_notify_by_pspec (G_OBJECT (self), _tc_session_pane_properties[PROP_SIDEBAR]);
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
  g_object_notify_by_pspec (G_OBJECT (self), _tc_session_pane_properties[PROP_TARGET]);
}

/**
 * tc_session_pane_set_session:
 * @session: the window's session
 *
 * Its messages end with the send box's line ending, and the framing
 * chosen here is that of its new connections.
 */
void
tc_session_pane_set_session (TcSessionPane *self,
                             TcSession     *session)
{
  g_return_if_fail (TC_IS_SESSION_PANE (self));
  g_return_if_fail (TC_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  g_object_bind_property (self->send_box, "line-ending", session, "line-ending",
                          G_BINDING_SYNC_CREATE);
  _tc_session_pane_panels_set_session (self, session);
  _tc_session_pane_apply_framing (self);
  _tc_session_pane_start_observing (self);
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
