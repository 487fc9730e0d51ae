/* tc-log-view-search.c: the search bar, the search through the log and the
 * filter on what the list shows
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view-private.h"

#include "tc-log-row.h"

#include <glib/gi18n.h>

static const char *
kind_to_id (TcLogQueryKind kind)
{
  switch (kind)
    {
    case TC_LOG_QUERY_REGEX: return "regex";
    case TC_LOG_QUERY_HEX:   return "hex";
    case TC_LOG_QUERY_TEXT:
    default:                 return "text";
    }
}

static gboolean
kind_from_id (const char     *id,
              TcLogQueryKind *kind)
{
  if (g_strcmp0 (id, "text") == 0)
    *kind = TC_LOG_QUERY_TEXT;
  else if (g_strcmp0 (id, "regex") == 0)
    *kind = TC_LOG_QUERY_REGEX;
  else if (g_strcmp0 (id, "hex") == 0)
    *kind = TC_LOG_QUERY_HEX;
  else
    return FALSE;
  return TRUE;
}

static const char *
show_to_id (TcLogShow show)
{
  switch (show)
    {
    case TC_LOG_SHOW_RECEIVED: return "in";
    case TC_LOG_SHOW_SENT:     return "out";
    case TC_LOG_SHOW_EVENTS:   return "events";
    case TC_LOG_SHOW_ALL:
    default:                   return "all";
    }
}

static gboolean
show_from_id (const char *id,
              TcLogShow  *show)
{
  if (g_strcmp0 (id, "all") == 0)
    *show = TC_LOG_SHOW_ALL;
  else if (g_strcmp0 (id, "in") == 0)
    *show = TC_LOG_SHOW_RECEIVED;
  else if (g_strcmp0 (id, "out") == 0)
    *show = TC_LOG_SHOW_SENT;
  else if (g_strcmp0 (id, "events") == 0)
    *show = TC_LOG_SHOW_EVENTS;
  else
    return FALSE;
  return TRUE;
}

/* The filter the list shows through, as the search sees it too. */
static TcLogFilter
current_filter (TcLogView *self)
{
  TcLogFilter filter = { self->filter_show, self->filter_peer, NULL };

  if (self->filter_matches)
    filter.matches = self->query;
  return filter;
}

gboolean
_tc_log_view_filter_entry_cb (gpointer item,
                              gpointer user_data)
{
  TcLogView *self = user_data;
  TcLogEntry *entry = item;
  TcLogFilter filter = current_filter (self);
  gsize len;
  const char *data = g_bytes_get_data (tc_log_entry_get_bytes (entry), &len);

  return tc_log_filter_accepts (&filter, tc_log_entry_get_direction (entry),
                                tc_log_entry_get_peer (entry), data, len);
}

/* Filtering costs an entry made for each one the log gets: the filter is
 * set only while it narrows the view, and the list passes the model's
 * changes straight through otherwise. */
static void
update_filter (TcLogView *self)
{
  TcLogFilter filter = current_filter (self);
  gboolean active = tc_log_filter_is_active (&filter);

  self->refiltering = TRUE;
  if (!active)
    {
      gtk_filter_list_model_set_filter (self->shown, NULL);
    }
  else if (gtk_filter_list_model_get_filter (self->shown) == NULL)
    {
      gtk_filter_list_model_set_filter (self->shown, self->filter);
    }
  else
    {
      gtk_filter_changed (self->filter, GTK_FILTER_CHANGE_DIFFERENT);
    }
  self->refiltering = FALSE;

  if (self->following && !self->paused)
    _tc_log_view_queue_follow (self);
}

static void
update_status (TcLogView *self)
{
  g_autofree char *text = NULL;
  guint n = self->matches->len;

  if (self->search_error != NULL)
    text = g_strdup (self->search_error);
  else if (self->query == NULL)
    text = g_strdup ("");
  else if (n == 0)
    text = g_strdup (_("No matches"));
  else if (self->current >= 0)
    /* TRANSLATORS: the match shown, of how many: "3 of 41" */
    text = g_strdup_printf (_("%u of %u"), (guint) self->current + 1, n);
  else
    text = g_strdup_printf (ngettext ("%u match", "%u matches", n), n);

  gtk_label_set_text (self->search_status, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->search_status),
                               self->search_error != NULL ? self->search_error : NULL);
  if (self->search_error != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->search_status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->search_status), "error");
}

/* Every row the list holds now: a few hundred at most. */
static void
update_row_queries (TcLogView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (row != NULL && TC_IS_LOG_ROW (row))
        tc_log_row_set_query (TC_LOG_ROW (row), self->query);
    }
}

/* Makes the query from what was typed: a bad one says why. */
static void
compile_query (TcLogView *self)
{
  g_autoptr(GError) error = NULL;

  self->query_stale = FALSE;
  g_clear_pointer (&self->query, tc_log_query_unref);
  g_clear_pointer (&self->search_error, g_free);

  if (self->search_text != NULL && self->search_text[0] != '\0')
    {
      self->query = tc_log_query_new (self->search_kind, self->search_text, self->match_case,
                                      &error);
      if (self->query == NULL && self->search_kind == TC_LOG_QUERY_REGEX)
        /* TRANSLATORS: the reason comes from GLib's regular expressions */
        self->search_error = g_strdup_printf (_("Not a regular expression: %s"), error->message);
      else if (self->query == NULL)
        /* TRANSLATORS: what was typed is not hex bytes; then why */
        self->search_error = g_strdup_printf (_("Not hex bytes: %s"), error->message);
    }

  update_row_queries (self);
  if (self->filter_matches)
    update_filter (self);
}

/* Looks again through the whole log: the matches and which is current. */
static void
run_search (TcLogView *self)
{
  /* What is pending comes in first, so that it asks for no search again. */
  tc_log_model_flush (self->model);
  g_clear_handle_id (&self->search_source, g_source_remove);

  if (self->query_stale)
    {
      compile_query (self);
      self->current = -1;
    }

  if (self->query == NULL)
    {
      g_array_set_size (self->matches, 0);
      self->current = -1;
    }
  else
    {
      TcLogFilter filter = current_filter (self);
      guint previous = self->current_position;
      gboolean had_current = self->current >= 0;

      tc_log_model_find (self->model, self->query, &filter, self->matches);
      /* The current match stays the one it was, or the next one. */
      self->current = -1;
      for (guint i = 0; had_current && i < self->matches->len; i++)
        if (g_array_index (self->matches, guint, i) >= previous)
          {
            self->current = (gint) i;
            self->current_position = g_array_index (self->matches, guint, i);
            break;
          }
    }

  update_status (self);
}

static gboolean
search_again_cb (gpointer user_data)
{
  TcLogView *self = user_data;

  self->search_source = 0;
  run_search (self);
  return G_SOURCE_REMOVE;
}

/* New entries: the count and the matches are brought up to date a few
 * times a second, not for every batch of a flood. */
void
_tc_log_view_schedule_search (TcLogView *self)
{
  if (self->search_source != 0)
    return;
  self->search_source = g_timeout_add (250, search_again_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->search_source),
                            "[tcpchat] log search");
}

static void
search_changed (TcLogView *self)
{
  self->query_stale = TRUE;
  self->current = -1;
  run_search (self);
}

/* Goes to the next (or previous) match, around the ends: selects it and
 * scrolls it into view; the view stops following. */
static void
find_step (TcLogView *self,
           gboolean   forward)
{
  guint n;
  guint position;

  if (self->query_stale || self->search_source != 0)
    run_search (self);
  n = self->matches->len;
  if (n == 0)
    return;

  if (self->current < 0)
    self->current = forward ? 0 : (gint) n - 1;
  else if (forward)
    self->current = (self->current + 1) % (gint) n;
  else
    self->current = (self->current + (gint) n - 1) % (gint) n;
  position = g_array_index (self->matches, guint, self->current);
  self->current_position = position;
  update_status (self);

  _tc_log_view_set_following (self, FALSE);
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/**
 * tc_log_view_find_next:
 *
 * The next match of the search (log.find-next, F3, Enter in the bar).
 */
void
tc_log_view_find_next (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  find_step (self, TRUE);
}

void
tc_log_view_find_previous (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  find_step (self, FALSE);
}

/* Shows the search bar and puts the cursor in it (log.find, Ctrl+F). */
void
tc_log_view_find (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (self->search_entry, 0, -1);
}

/* What the bar says: "3 of 41", "No matches", or why the query is wrong. */
const char *
tc_log_view_get_search_status (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);

  if (self->query_stale || self->search_source != 0)
    run_search (self);
  return gtk_label_get_text (self->search_status);
}

guint
tc_log_view_get_n_matches (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), 0);

  if (self->query_stale || self->search_source != 0)
    run_search (self);
  return self->matches->len;
}

/* The position of the current match in what the view shows, or
 * GTK_INVALID_LIST_POSITION. */
guint
tc_log_view_get_current_match (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), GTK_INVALID_LIST_POSITION);

  return self->current >= 0 ? self->current_position : GTK_INVALID_LIST_POSITION;
}

/* What the list shows of the log: the model through the filter. */
GListModel *
tc_log_view_get_shown (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), NULL);
  return G_LIST_MODEL (self->shown);
}

static void
search_entry_changed_cb (GtkSearchEntry *entry,
                         TcLogView      *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (g_strcmp0 (text, self->search_text) != 0)
    g_object_set (self, "search-text", text, NULL);
}

static void
search_entry_activate_cb (GtkSearchEntry *entry,
                          TcLogView      *self)
{
  search_entry_changed_cb (entry, self);
  find_step (self, TRUE);
}

static void
search_entry_previous_cb (GtkSearchEntry *entry,
                          TcLogView      *self)
{
  search_entry_changed_cb (entry, self);
  find_step (self, FALSE);
}

static void
search_entry_stop_cb (GtkSearchEntry *entry,
                      TcLogView      *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

/* Shift+Enter in the bar: the match before. */
static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       TcLogView             *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter) &&
      (state & GDK_SHIFT_MASK) != 0)
    {
      search_entry_previous_cb (GTK_SEARCH_ENTRY (self->search_entry), self);
      return TRUE;
    }
  return FALSE;
}

/* The search and filter properties: each setter notifies only a change. */

static void
set_search_text (TcLogView  *self,
                 const char *text,
                 GParamSpec *pspec)
{
  if (g_strcmp0 (self->search_text, text) == 0)
    return;
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  if (g_strcmp0 (gtk_editable_get_text (self->search_entry), self->search_text) != 0)
    gtk_editable_set_text (self->search_entry,
                           self->search_text != NULL ? self->search_text : "");
  search_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_search_kind (TcLogView  *self,
                 const char *id,
                 GParamSpec *pspec)
{
  TcLogQueryKind kind;

  if (!kind_from_id (id, &kind))
    g_warning ("Unknown kind of search “%s”", id);
  else if (kind != self->search_kind)
    {
      self->search_kind = kind;
      search_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
    }
}

static void
set_match_case (TcLogView  *self,
                gboolean    match_case,
                GParamSpec *pspec)
{
  if (self->match_case == match_case)
    return;
  self->match_case = match_case;
  search_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* The filter changed: what the list shows, then the matches in it. */
static void
filter_changed (TcLogView  *self,
                GParamSpec *pspec)
{
  update_filter (self);
  run_search (self);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_filter_direction (TcLogView  *self,
                      const char *id,
                      GParamSpec *pspec)
{
  TcLogShow show;

  if (!show_from_id (id, &show))
    g_warning ("Unknown direction “%s” to show", id);
  else if (show != self->filter_show)
    {
      self->filter_show = show;
      filter_changed (self, pspec);
    }
}

static void
set_filter_peer (TcLogView  *self,
                 const char *peer,
                 GParamSpec *pspec)
{
  if (peer != NULL && peer[0] == '\0')
    peer = NULL;
  if (g_strcmp0 (peer, self->filter_peer) == 0)
    return;
  g_free (self->filter_peer);
  self->filter_peer = g_strdup (peer);
  filter_changed (self, pspec);
}

static void
set_filter_matches (TcLogView  *self,
                    gboolean    filter_matches,
                    GParamSpec *pspec)
{
  if (self->filter_matches == filter_matches)
    return;
  self->filter_matches = filter_matches;
  filter_changed (self, pspec);
}

/* Returns: whether @prop_id is one of the search's or the filter's */
gboolean
_tc_log_view_search_set_property (TcLogView    *self,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      set_search_text (self, g_value_get_string (value), pspec);
      return TRUE;
    case PROP_SEARCH_KIND:
      set_search_kind (self, g_value_get_string (value), pspec);
      return TRUE;
    case PROP_MATCH_CASE:
      set_match_case (self, g_value_get_boolean (value), pspec);
      return TRUE;
    case PROP_FILTER_DIRECTION:
      set_filter_direction (self, g_value_get_string (value), pspec);
      return TRUE;
    case PROP_FILTER_PEER:
      set_filter_peer (self, g_value_get_string (value), pspec);
      return TRUE;
    case PROP_FILTER_MATCHES:
      set_filter_matches (self, g_value_get_boolean (value), pspec);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
_tc_log_view_search_get_property (TcLogView *self,
                                  guint      prop_id,
                                  GValue    *value)
{
  switch (prop_id)
    {
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      return TRUE;
    case PROP_SEARCH_KIND:
      g_value_set_string (value, kind_to_id (self->search_kind));
      return TRUE;
    case PROP_MATCH_CASE:
      g_value_set_boolean (value, self->match_case);
      return TRUE;
    case PROP_FILTER_DIRECTION:
      g_value_set_string (value, show_to_id (self->filter_show));
      return TRUE;
    case PROP_FILTER_PEER:
      g_value_set_string (value, self->filter_peer != NULL ? self->filter_peer : "");
      return TRUE;
    case PROP_FILTER_MATCHES:
      g_value_set_boolean (value, self->filter_matches);
      return TRUE;
    default:
      return FALSE;
    }
}

void
_tc_log_view_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, search_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_stop_cb);
}

void
_tc_log_view_search_init (TcLogView *self)
{
  GtkEventController *key;

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);
  gtk_search_bar_connect_entry (self->search_bar, self->search_entry);
  /* Hidden, a GTK 4.8 search bar still asks for its full width (its
   * revealer measures the child): it takes no room until searching. */
  g_object_bind_property (self->search_bar, "search-mode-enabled",
                          self->search_bar, "visible", G_BINDING_SYNC_CREATE);
}
