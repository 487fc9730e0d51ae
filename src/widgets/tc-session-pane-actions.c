/* tc-session-pane-actions.c: the pane's actions on the log: clear and its undo,
 * save, counters, the graph, health and the message inspector
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

#include <glib/gi18n-lib.h>

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  TcSessionPane *self = user_data;

  /* As the log's own Clear: the actions follow the log's entries. */
  tc_log_view_clear (self->log_view);
  tc_undo_offer_show (self->undo_offer, _("Cleared."), TC_UNDO_OFFER_SECONDS);
  if (self->undo_clear_action != NULL)
    g_simple_action_set_enabled (self->undo_clear_action, TRUE);
}

/* Keyboard and undo: Clear asks nothing, but can be taken back once, for a
 * while; F6 brings the keyboard back to the send box from anywhere. */

static void
undo_clear_over (TcSessionPane *self)
{
  tc_undo_offer_withdraw (self->undo_offer);
  tc_log_model_forget_cleared (tc_log_view_get_model (self->log_view));
  if (self->undo_clear_action != NULL)
    g_simple_action_set_enabled (self->undo_clear_action, FALSE);
}

static void
undo_clear_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcSessionPane *self = user_data;

  tc_log_model_undo_clear (tc_log_view_get_model (self->log_view));
  undo_clear_over (self);
}

static void
focus_send_box_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_grab_focus (GTK_WIDGET (self->send_box));
}

static const GActionEntry keyboard_entries[] = {
  { .name = "undo-clear", .activate = undo_clear_action },
  { .name = "focus-send-box", .activate = focus_send_box_action },
};

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

/* Message inspector: the selected entry, while the inspector shows. */
static void
inspect_selected (TcSessionPane *self)
{
  GtkSelectionModel *selection;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(TcLogEntry) entry = NULL;
  TcLogEntry *shown = tc_message_inspector_get_entry (self->inspector);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->inspector)))
    return;
  selection = gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view));
  selected = gtk_selection_model_get_selection (selection);
  if (!gtk_bitset_is_empty (selected))
    entry = g_list_model_get_item (G_LIST_MODEL (selection), gtk_bitset_get_minimum (selected));
  /* The log announces new entries every frame: the same one stays. */
  if (entry != NULL && shown != NULL &&
      tc_log_entry_get_serial (entry) == tc_log_entry_get_serial (shown))
    return;
  tc_message_inspector_set_entry (self->inspector, entry, tc_log_view_get_model (self->log_view));
}

/* Stateful: whether the inspector of the selected message shows (Ctrl+I). */
static void
show_inspector_change_state (GSimpleAction *action,
                             GVariant      *state,
                             gpointer       user_data)
{
  TcSessionPane *self = user_data;

  gtk_widget_set_visible (GTK_WIDGET (self->inspector), g_variant_get_boolean (state));
  g_simple_action_set_state (action, state);
  if (g_variant_get_boolean (state))
    inspect_selected (self);
  else
    tc_message_inspector_set_entry (self->inspector, NULL, NULL);
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
  { .name = "show-inspector", .state = "false", .change_state = show_inspector_change_state },
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

  _tc_session_pane_framing_add_actions (self, map);
  _tc_session_pane_panels_add_actions (self, map);
  g_action_map_add_action_entries (map, keyboard_entries, G_N_ELEMENTS (keyboard_entries), self);
  g_set_object (&self->undo_clear_action,
                G_SIMPLE_ACTION (g_action_map_lookup_action (map, "undo-clear")));
  g_simple_action_set_enabled (self->undo_clear_action, FALSE);
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

/* The inspector follows the log's selection; the undo offer sits in the
 * status bar. */
void
_tc_session_pane_actions_init (TcSessionPane *self)
{
  /* The inspector reads the log's selection, in the log's encoding. */
  g_object_bind_property (self->log_view, "encoding", self->inspector, "encoding",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view)),
                           "selection-changed", G_CALLBACK (inspect_selected), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_list_view_get_model (tc_log_view_get_list_view (self->log_view)),
                           "items-changed", G_CALLBACK (inspect_selected), self,
                           G_CONNECT_SWAPPED);

  self->undo_offer = TC_UNDO_OFFER (tc_undo_offer_new ("win.undo-clear"));
  tc_status_bar_add_widget (self->status_bar, GTK_WIDGET (self->undo_offer));
  g_signal_connect_swapped (self->undo_offer, "expired", G_CALLBACK (undo_clear_over), self);
}
