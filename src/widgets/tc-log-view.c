/* tc-log-view.c: the scrolling log of received, sent and event entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view-private.h"

#include "tc-bytes-format.h"
#include "tc-log-row.h"
#include "tc-tab-stop.h"
#include "tc-widgets.h"

#include <glib/gi18n.h>

G_DEFINE_FINAL_TYPE (TcLogView, tc_log_view, GTK_TYPE_WIDGET)

GParamSpec *_tc_log_view_properties[N_PROPS];

/* Rows: one TcLogRow each, which lays out and draws its columns itself. */
static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  TcLogView *self = user_data;
  GtkWidget *row = tc_log_row_new ();

  tc_log_row_set_display (TC_LOG_ROW (row), self->display_mode, self->encoding);
  tc_log_row_set_query (TC_LOG_ROW (row), self->query);
  gtk_list_item_set_child (item, row);
}

/* What the time column counts from: the start of the log, or the entry
 * shown above (made only in that mode: the list binds many rows). */
static gint64
time_base (TcLogView  *self,
           TcLogEntry *entry,
           guint       position)
{
  g_autoptr(TcLogEntry) above = NULL;

  switch (self->time_mode)
    {
    case TC_LOG_TIME_RELATIVE:
      return tc_log_model_get_start_time_us (self->model);
    case TC_LOG_TIME_DELTA:
      if (position > 0 && position != GTK_INVALID_LIST_POSITION)
        above = g_list_model_get_item (G_LIST_MODEL (self->shown), position - 1);
      return tc_log_entry_get_time_us (above != NULL ? above : entry);
    case TC_LOG_TIME_ABSOLUTE:
    case TC_LOG_TIME_HIDDEN:
    default:
      return 0;
    }
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TcLogView *self = user_data;
  TcLogRow *row = TC_LOG_ROW (gtk_list_item_get_child (item));
  TcLogEntry *entry = gtk_list_item_get_item (item);

  tc_log_row_set_query (row, self->query);
  tc_log_row_set_time (row, self->time_mode,
                       time_base (self, entry, gtk_list_item_get_position (item)));
  tc_log_row_set_expanded (row, g_hash_table_contains (self->expanded,
                                                       GSIZE_TO_POINTER (tc_log_entry_get_serial (entry))));
  tc_log_row_set_entry (row, entry);
}

/* Enter or a double click on a row: its whole message wrapped, or one
 * line again. The rows are recycled: the view keeps which entries. */
static void
list_activate_cb (GtkListView *list_view,
                  guint        position,
                  gpointer     user_data)
{
  TcLogView *self = user_data;
  g_autoptr(TcLogEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->shown), position);
  gpointer serial;
  gboolean expanded;

  if (entry == NULL)
    return;
  serial = GSIZE_TO_POINTER (tc_log_entry_get_serial (entry));
  expanded = !g_hash_table_remove (self->expanded, serial);
  if (expanded)
    g_hash_table_add (self->expanded, serial);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TC_IS_LOG_ROW (row) && tc_log_row_get_entry (TC_LOG_ROW (row)) != NULL &&
          tc_log_entry_get_serial (tc_log_row_get_entry (TC_LOG_ROW (row))) == GPOINTER_TO_SIZE (serial))
        tc_log_row_set_expanded (TC_LOG_ROW (row), expanded);
    }
}

static void
model_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        TcLogView  *self)
{
  _tc_log_view_update_actions (self);
}

static const char *
time_mode_to_id (TcLogTimeMode mode)
{
  switch (mode)
    {
    case TC_LOG_TIME_RELATIVE: return "relative";
    case TC_LOG_TIME_DELTA:    return "delta";
    case TC_LOG_TIME_HIDDEN:   return "hidden";
    case TC_LOG_TIME_ABSOLUTE:
    default:                   return "absolute";
    }
}

static gboolean
time_mode_from_id (const char    *id,
                   TcLogTimeMode *mode)
{
  for (TcLogTimeMode m = TC_LOG_TIME_ABSOLUTE; m <= TC_LOG_TIME_HIDDEN; m++)
    if (g_strcmp0 (id, time_mode_to_id (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }
  return FALSE;
}

/* Binds every row again, for what only a bind computes (the time's base). */
static void
rebind_rows (TcLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  factory = g_object_ref (gtk_list_view_get_factory (self->list_view));
  gtk_list_view_set_factory (self->list_view, NULL);
  gtk_list_view_set_factory (self->list_view, factory);
}

static void
tc_log_view_dispose (GObject *object)
{
  TcLogView *self = TC_LOG_VIEW (object);

  if (self->follow_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
      self->follow_tick = 0;
    }
  /* Their callbacks see the model gone and only let go. */
  g_cancellable_cancel (self->choose_cancellable);
  g_cancellable_cancel (self->save_cancellable);
  g_clear_handle_id (&self->save_progress_source, g_source_remove);
  g_clear_handle_id (&self->search_source, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), TC_TYPE_LOG_VIEW);

  g_clear_object (&self->selection);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);
  g_clear_pointer (&self->query, tc_log_query_unref);
  /* The property actions hold the view: let go of them. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "log", NULL);
  g_clear_object (&self->actions);

  G_OBJECT_CLASS (tc_log_view_parent_class)->dispose (object);
}

/* Every row the list holds now (it recycles them; new ones are set up
 * with the view's display): a few hundred at most. */
static void
update_rows (TcLogView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TC_IS_LOG_ROW (row))
        tc_log_row_set_display (TC_LOG_ROW (row), self->display_mode, self->encoding);
    }
}

TcLogDisplayMode
tc_log_view_get_display_mode (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), TC_LOG_DISPLAY_TEXT);
  return self->display_mode;
}

/* Text, hex, or both (text over hex), for received and sent lines. */
void
tc_log_view_set_display_mode (TcLogView        *self,
                              TcLogDisplayMode  mode)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  g_return_if_fail (mode <= TC_LOG_DISPLAY_BOTH);

  if (self->display_mode == mode)
    return;
  self->display_mode = mode;
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_DISPLAY_MODE]);
}

const char *
tc_log_view_get_encoding (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->encoding;
}

/**
 * tc_log_view_set_encoding:
 * @encoding: one of tc_encoding_list() (or an alias, such as "GBK")
 *
 * The encoding received and sent lines are shown in; their bytes are not
 * changed (saving and relay keep them). An unknown name changes nothing.
 *
 * Returns: whether @encoding is known
 */
gboolean
tc_log_view_set_encoding (TcLogView  *self,
                          const char *encoding)
{
  const char *canonical = tc_encoding_lookup (encoding);

  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);

  if (canonical == NULL)
    return FALSE;
  if (canonical == self->encoding)
    return TRUE;
  self->encoding = canonical;
  update_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), _tc_log_view_properties[PROP_ENCODING]);
  return TRUE;
}

static void
tc_log_view_finalize (GObject *object)
{
  TcLogView *self = TC_LOG_VIEW (object);

  g_clear_pointer (&self->matches, g_array_unref);
  g_free (self->search_text);
  g_free (self->search_error);
  g_free (self->filter_peer);

  G_OBJECT_CLASS (tc_log_view_parent_class)->finalize (object);
}

static void
set_time_mode (TcLogView  *self,
               const char *id,
               GParamSpec *pspec)
{
  TcLogTimeMode mode;

  if (!time_mode_from_id (id, &mode))
    g_warning ("Unknown time mode “%s”", id);
  else if (mode != self->time_mode)
    {
      self->time_mode = mode;
      rebind_rows (self);
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
    }
}

static void
tc_log_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TcLogView *self = TC_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_MODE:
      tc_log_view_set_display_mode (self, g_value_get_enum (value));
      break;
    case PROP_ENCODING:
      if (!tc_log_view_set_encoding (self, g_value_get_string (value)))
        g_warning ("Unknown encoding “%s” for the log view", g_value_get_string (value));
      break;
    case PROP_PAUSED:
      tc_log_view_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_TIME_MODE:
      set_time_mode (self, g_value_get_string (value), pspec);
      break;
    default:
      if (!_tc_log_view_search_set_property (self, prop_id, value, pspec))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_log_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TcLogView *self = TC_LOG_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_FOLLOWING:
      g_value_set_boolean (value, self->following);
      break;
    case PROP_SAVING:
      g_value_set_boolean (value, tc_log_view_get_saving (self));
      break;
    case PROP_DISPLAY_MODE:
      g_value_set_enum (value, self->display_mode);
      break;
    case PROP_ENCODING:
      g_value_set_string (value, self->encoding);
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;
    case PROP_N_NEW:
      g_value_set_uint (value, self->n_new);
      break;
    case PROP_TIME_MODE:
      g_value_set_string (value, time_mode_to_id (self->time_mode));
      break;
    default:
      if (!_tc_log_view_search_get_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The log is one Tab stop; arrows move between its rows. */
static gboolean
tc_log_view_focus (GtkWidget        *widget,
                   GtkDirectionType  direction)
{
  return tc_tab_stop_focus (widget, GTK_WIDGET_CLASS (tc_log_view_parent_class),
                            GTK_WIDGET (TC_LOG_VIEW (widget)->list_view), direction);
}

#define SETTING_FLAGS (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY)

/* The view's settings: properties a person changes and a window binds. */
static GParamSpec *
string_setting (const char *name,
                const char *default_value)
{
  return g_param_spec_string (name, NULL, NULL, default_value, SETTING_FLAGS);
}

static GParamSpec *
boolean_setting (const char *name,
                 gboolean    default_value)
{
  return g_param_spec_boolean (name, NULL, NULL, default_value, SETTING_FLAGS);
}

static void
install_properties (GObjectClass *object_class)
{
  GParamSpec **props = _tc_log_view_properties;

  props[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         TC_TYPE_LOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  props[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_DISPLAY_MODE] =
    g_param_spec_enum ("display-mode", NULL, NULL, TC_TYPE_LOG_DISPLAY_MODE, TC_LOG_DISPLAY_TEXT,
                       SETTING_FLAGS);
  props[PROP_ENCODING] = string_setting ("encoding", TC_ENCODING_UTF8);
  props[PROP_SEARCH_TEXT] = string_setting ("search-text", NULL);
  props[PROP_SEARCH_KIND] = string_setting ("search-kind", "text");
  props[PROP_MATCH_CASE] = boolean_setting ("match-case", FALSE);
  props[PROP_FILTER_DIRECTION] = string_setting ("filter-direction", "all");
  props[PROP_FILTER_PEER] = string_setting ("filter-peer", "");
  props[PROP_FILTER_MATCHES] = boolean_setting ("filter-matches", FALSE);
  props[PROP_PAUSED] = boolean_setting ("paused", FALSE);
  props[PROP_N_NEW] =
    g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  props[PROP_TIME_MODE] = string_setting ("time-mode", "absolute");
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
tc_log_view_class_init (TcLogViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  tc_widgets_init ();

  object_class->dispose = tc_log_view_dispose;
  object_class->finalize = tc_log_view_finalize;
  object_class->get_property = tc_log_view_get_property;
  object_class->set_property = tc_log_view_set_property;
  widget_class->focus = tc_log_view_focus;

  install_properties (object_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               TC_RESOURCE_PREFIX "/ui/tc-log-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TcLogView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, list_view);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, save_bar);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, save_progress);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, search_status);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, TcLogView, new_button);
  _tc_log_view_search_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "log.copy-text", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The model, what the list shows of it through the filter, and the rows. */
static void
init_list (TcLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  self->model = tc_log_model_new ();
  self->filter = GTK_FILTER (gtk_custom_filter_new (_tc_log_view_filter_entry_cb, self, NULL));
  self->shown = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)), NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->shown)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  self->expanded = g_hash_table_new (NULL, NULL);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (list_activate_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  /* After the selection model: the list knows of new rows when we scroll. */
  g_signal_connect (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  g_signal_connect (self->shown, "items-changed", G_CALLBACK (_tc_log_view_shown_items_changed_cb), self);
}

static void
tc_log_view_init (TcLogView *self)
{
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  _tc_log_view_actions_init (self);

  self->following = TRUE;
  self->encoding = TC_ENCODING_UTF8;
  self->display_mode = TC_LOG_DISPLAY_TEXT;
  self->filter_show = TC_LOG_SHOW_ALL;
  self->current = -1;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  init_list (self);

  _tc_log_view_search_init (self);
  _tc_log_view_menus_init (self);

  _tc_log_view_update_actions (self);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (_tc_log_view_vadjustment_value_changed_cb), self, 0);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Log view"),
                                  -1);
}

GtkWidget *
tc_log_view_new (void)
{
  return g_object_new (TC_TYPE_LOG_VIEW, NULL);
}

/* The view's own model: append to it to show entries. */
TcLogModel *
tc_log_view_get_model (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->model;
}

GtkListView *
tc_log_view_get_list_view (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return self->list_view;
}

gboolean
tc_log_view_get_following (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);
  return self->following;
}
