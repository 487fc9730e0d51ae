/* tc-log-view-actions.c: the log's actions (selection, copy, clear), its
 * menus and keys
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view-private.h"

#include <glib/gi18n.h>

static void
set_action_enabled (TcLogView  *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Clear and Save make sense only with something in the log; Save once at
 * a time. */
void
_tc_log_view_update_actions (TcLogView *self)
{
  gboolean has_log = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;
  gboolean saving = self->save_cancellable != NULL;

  set_action_enabled (self, "clear", has_log);
  set_action_enabled (self, "save", has_log && !saving);
  set_action_enabled (self, "cancel-save", saving);
}

typedef char *(*EntryToText) (TcLogEntry *entry);

static char *
dup_selected (TcLogView   *self,
              EntryToText  to_text)
{
  g_autoptr(GtkBitset) selected = NULL;
  GtkBitsetIter iter;
  GString *out;
  guint position;

  out = g_string_new (NULL);
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position);
       ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->shown), position);
      g_autofree char *line = NULL;

      if (entry == NULL)
        continue;
      line = to_text (entry);
      g_string_append (out, line);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* The selected rows, one a line, as "HH:MM:SS.mmm  ◀  peer  text". */
char *
tc_log_view_dup_selected_text (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);

  return dup_selected (self, tc_log_entry_format);
}

/* Only the text of the selected rows, one a line, as shown: what a person
 * copies to paste a peer's line somewhere else.
 */
char *
tc_log_view_dup_selected_line_text (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);

  return dup_selected (self, tc_log_entry_dup_text);
}

static void
set_clipboard (TcLogView  *self,
               const char *text)
{
  if (text[0] != '\0')
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

void
tc_log_view_copy_selection (TcLogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  text = tc_log_view_dup_selected_text (self);
  set_clipboard (self, text);
}

void
tc_log_view_copy_selected_line_text (TcLogView *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  text = tc_log_view_dup_selected_line_text (self);
  set_clipboard (self, text);
}

/* The one way the log is cleared: the windows' Clear, Ctrl+K and the
 * context menu all come here. */
void
tc_log_view_clear (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  tc_log_model_clear (self->model);
  _tc_log_view_set_following (self, TRUE);
}

static void
copy_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  tc_log_view_copy_selection (user_data);
}

static void
copy_text_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tc_log_view_copy_selected_line_text (user_data);
}

static void
save_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  tc_log_view_save (user_data);
}

static void
clear_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  /* The window's Clear, which offers to undo it, if there is one. */
  if (!gtk_widget_activate_action (GTK_WIDGET (user_data), "win.clear", NULL))
    tc_log_view_clear (user_data);
}

static void
cancel_save_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_log_view_cancel_save (user_data);
}

static void
select_all_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TcLogView *self = user_data;

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
find_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  tc_log_view_find (user_data);
}

static void
find_next_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tc_log_view_find_next (user_data);
}

static void
find_previous_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  tc_log_view_find_previous (user_data);
}

static void
jump_to_end_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  tc_log_view_jump_to_end (user_data);
}

/* Only the peer of the selected entry, or every peer again. */
static void
filter_selected_peer_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  TcLogView *self = user_data;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(TcLogEntry) entry = NULL;

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (!gtk_bitset_is_empty (selected))
    entry = g_list_model_get_item (G_LIST_MODEL (self->shown), gtk_bitset_get_minimum (selected));
  if (entry != NULL && tc_log_entry_get_peer (entry) != NULL)
    g_object_set (self, "filter-peer", tc_log_entry_get_peer (entry), NULL);
}

/* GActionEntry, as everywhere (see tc-session-pane.c for why), in a group
 * inserted as "log". The stateful ones are the view's properties:
 * search-kind ("text", "regex", "hex"), match-case, filter-direction
 * ("all", "in", "out", "events"), filter-peer ("" for all), filter-matches,
 * paused, time-mode ("absolute", "relative", "delta", "hidden"). */
static const char * const property_actions[] = {
  "display-mode", "encoding", "search-kind", "match-case", "filter-direction",
  "filter-peer", "filter-matches", "paused", "time-mode",
};

static const GActionEntry log_entries[] = {
  { .name = "copy", .activate = copy_action },
  { .name = "copy-text", .activate = copy_text_action },
  { .name = "save", .activate = save_action },
  { .name = "clear", .activate = clear_action },
  { .name = "cancel-save", .activate = cancel_save_action },
  { .name = "select-all", .activate = select_all_action },
  { .name = "find", .activate = find_action },
  { .name = "find-next", .activate = find_next_action },
  { .name = "find-previous", .activate = find_previous_action },
  { .name = "jump-to-end", .activate = jump_to_end_action },
  { .name = "filter-selected-peer", .activate = filter_selected_peer_action },
};

static void
context_menu_pressed_cb (GtkGestureClick *gesture,
                         int              n_press,
                         double           x,
                         double           y,
                         TcLogView       *self)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static const struct
{
  const char *trigger;
  const char *action;
} global_keys[] = {
  { "<Control>f", "log.find" },
  { "F3", "log.find-next" },
  { "<Shift>F3", "log.find-previous" },
  { "Scroll_Lock", "log.paused" },
};

/* The "log" group: the actions above, and the stateful ones each the
 * property of its name. */
void
_tc_log_view_actions_init (TcLogView *self)
{
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), log_entries,
                                   G_N_ELEMENTS (log_entries), self);
  /* Stateful, with the property's value as a string: "text", "hex",
   * "both"; "UTF-8", "GB18030", ... */
  for (guint i = 0; i < G_N_ELEMENTS (property_actions); i++)
    {
      g_autoptr(GPropertyAction) action = NULL;

      action = g_property_action_new (property_actions[i], self, property_actions[i]);
      g_action_map_add_action (G_ACTION_MAP (self->actions), G_ACTION (action));
    }
  gtk_widget_insert_action_group (GTK_WIDGET (self), "log", G_ACTION_GROUP (self->actions));
}

/* Anywhere in the window: the search, its steps, and pausing. */
static void
add_global_keys (TcLogView *self)
{
  GtkEventController *shortcuts;

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (global_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (global_keys[i].trigger),
                                                            gtk_named_action_new (global_keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

typedef struct
{
  const char *label;   /* NULL: a new section starts */
  const char *action;
} MenuItem;

/* The menu of the button above the log: what it shows, and how; the last
 * section is the window's, where the view is in a session pane.
 */
static const MenuItem filter_items[] = {
  { N_("_Everything"), "log.filter-direction::all" },
  { N_("_Received"), "log.filter-direction::in" },
  { N_("_Sent"), "log.filter-direction::out" },
  { N_("E_vents"), "log.filter-direction::events" },
  { NULL, NULL },
  { N_("Only _Matches"), "log.filter-matches" },
  { N_("Only the Selected _Peer"), "log.filter-selected-peer" },
  { N_("_All Peers"), "log.filter-peer::" },
  { NULL, NULL },
  { N_("Time of _Day"), "log.time-mode::absolute" },
  { N_("Time Since the _Start"), "log.time-mode::relative" },
  { N_("_Gap to the Entry Above"), "log.time-mode::delta" },
  { N_("_No Time"), "log.time-mode::hidden" },
  { NULL, NULL },
  { N_("TCP _Health"), "win.show-health" },
  { N_("Traffic _Graph"), "win.show-graph" },
  { N_("Message _Inspector"), "win.show-inspector" },
  { N_("_Reset Counters"), "win.reset-counters" },
};

/* The menu a secondary click on the log opens. */
static const MenuItem context_items[] = {
  { N_("_Copy"), "log.copy" },
  { N_("Copy _Text"), "log.copy-text" },
  { N_("Select _All"), "log.select-all" },
  { N_("_Find…"), "log.find" },
  { N_("Show Only This _Peer"), "log.filter-selected-peer" },
  { N_("_Save Log…"), "log.save" },
  { N_("C_lear"), "log.clear" },
};

static void
append_items (GMenu          *menu,
              const MenuItem *items,
              gsize           n_items)
{
  for (gsize i = 0; i < n_items; i++)
    g_menu_append (menu, _(items[i].label), items[i].action);
}

/* A menu of @items; with section breaks, in sections. */
static GMenu *
menu_new (const MenuItem *items,
          gsize           n_items)
{
  GMenu *menu = g_menu_new ();
  gsize start = 0;

  for (gsize i = 0; i <= n_items; i++)
    {
      g_autoptr(GMenu) section = NULL;

      if (i < n_items && items[i].label != NULL)
        continue;
      if (start == 0 && i == n_items)
        {
          append_items (menu, items, n_items);
          break;
        }
      section = g_menu_new ();
      append_items (section, items + start, i - start);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
      start = i + 1;
    }

  return menu;
}

static void
set_filter_menu (TcLogView *self)
{
  g_autoptr(GMenu) filter_menu = menu_new (filter_items, G_N_ELEMENTS (filter_items));

  gtk_menu_button_set_menu_model (self->filter_button, G_MENU_MODEL (filter_menu));
}

static void
add_context_menu (TcLogView *self)
{
  g_autoptr(GMenu) menu = NULL;
  GtkGesture *menu_click;

  menu = menu_new (context_items, G_N_ELEMENTS (context_items));
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  menu_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu_click, "pressed", G_CALLBACK (context_menu_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (menu_click));
}

void
_tc_log_view_menus_init (TcLogView *self)
{
  add_global_keys (self);
  set_filter_menu (self);
  add_context_menu (self);
}
