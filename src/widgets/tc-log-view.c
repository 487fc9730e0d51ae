/* tc-log-view.c: the scrolling log of received, sent and event entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-log-view.h"

#include "tc-bytes-format.h"
#include "tc-file-dialog.h"
#include "tc-log-row.h"
#include "tc-tab-stop.h"
#include "tc-widgets.h"

#include <glib/gi18n.h>

struct _TcLogView
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkScrolledWindow    *scroller;
  GtkListView          *list_view;
  GtkWidget            *save_bar;
  GtkProgressBar       *save_progress;
  GtkSearchBar         *search_bar;
  GtkEditable          *search_entry;
  GtkLabel             *search_status;
  GtkMenuButton        *filter_button;
  GtkButton            *new_button;

  /* owned */
  TcLogModel           *model;
  GtkFilterListModel   *shown;          /* what the list shows of the model */
  GtkFilter            *filter;         /* set on shown only while it narrows */
  GtkMultiSelection    *selection;
  GHashTable           *expanded;       /* serials of the entries shown whole */
  TcLogQuery           *query;          /* NULL without a valid search */
  GArray               *matches;        /* guint: positions in shown */
  char                 *search_text;
  char                 *search_error;   /* why search_text is no query, or NULL */
  char                 *filter_peer;    /* NULL: every peer */
  GtkWidget            *context_menu;   /* a child popover */
  GCancellable         *choose_cancellable; /* while the file dialog is open */
  GCancellable         *save_cancellable;   /* while a save is under way */
  TcLogSnapshot        *save_snapshot;
  GFile                *save_file;
  GSimpleActionGroup   *actions;        /* "log.*" */

  /* borrowed */
  const char           *encoding;       /* canonical name, static */

  /* plain state */
  TcLogQueryKind        search_kind;
  gboolean              match_case;
  gboolean              query_stale;    /* text, kind or case changed since compiled */
  gint                  current;        /* index into matches, -1 for none */
  guint                 current_position; /* its position in shown */
  guint                 search_source;  /* a search again once entries came */
  TcLogShow             filter_show;
  gboolean              filter_matches;
  gboolean              paused;
  gboolean              refiltering;    /* the list changes for a new filter, not new entries */
  guint                 n_new;          /* entries come since the view stopped following */
  TcLogTimeMode         time_mode;
  TcLogDisplayMode      display_mode;
  TcLogSaveFormat       save_format;
  guint                 save_progress_source;
  gboolean              following;
  guint                 follow_tick;    /* tick callback id, 0 if none */
  guint                 follow_frames;  /* frames the tick has scrolled in */
  double                last_value;     /* the scroll position last seen */
  gboolean              dropped_above;  /* entries went from the front since */
};

G_DEFINE_FINAL_TYPE (TcLogView, tc_log_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FOLLOWING,
  PROP_SAVING,
  PROP_DISPLAY_MODE,
  PROP_ENCODING,
  PROP_SEARCH_TEXT,
  PROP_SEARCH_KIND,
  PROP_MATCH_CASE,
  PROP_FILTER_DIRECTION,
  PROP_FILTER_PEER,
  PROP_FILTER_MATCHES,
  PROP_PAUSED,
  PROP_N_NEW,
  PROP_TIME_MODE,
  N_PROPS
};

static void update_new_button (TcLogView *self);
static void schedule_search   (TcLogView *self);

static GParamSpec *properties[N_PROPS];

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
tc_log_view_set_following (TcLogView *self,
                           gboolean   following)
{
  if (following && self->n_new > 0)
    {
      self->n_new = 0;
      update_new_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
    }
  if (self->following == following)
    return;
  self->following = following;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOWING]);
}

static gboolean
is_at_bottom (TcLogView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);

  return value + page >= upper - 4.0;
}

/* At most two frames: GTK 4.8's list places the rows added since its last
 * layout at its end with no height, so a scroll to the last one in the
 * frame they arrive lands a row short (its top at the bottom edge); the
 * next frame, with the rows measured, finishes the way down. */
static gboolean
follow_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  TcLogView *self = TC_LOG_VIEW (widget);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  if (n_items == 0 || !self->following || self->paused || (self->follow_frames > 0 && is_at_bottom (self)))
    {
      self->follow_tick = 0;
      return G_SOURCE_REMOVE;
    }

  gtk_widget_activate_action (GTK_WIDGET (self->list_view),
                              "list.scroll-to-item", "u", n_items - 1);
  if (++self->follow_frames < 2)
    return G_SOURCE_CONTINUE;

  self->follow_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Scrolls to the new last entry at the next frame, however many batches
 * came before it: each scroll binds again every row the list keeps around
 * its anchor (about 200), so a scroll per batch under a flood would bind
 * thousands of rows that are never shown. */
static void
queue_follow (TcLogView *self)
{
  /* Rows that came meanwhile are not measured yet: two frames again. */
  self->follow_frames = 0;
  if (self->follow_tick == 0)
    self->follow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), follow_tick_cb,
                                                      NULL, NULL);
}

/* Following stops only when the view goes up because a person scrolled or
 * moved the focus up: not when a follow stops short of the bottom on its
 * way down (it finishes in the next frame), nor when the oldest entries
 * went from above the rows shown. */
static void
vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                              TcLogView     *self)
{
  double value = gtk_adjustment_get_value (adjustment);

  /* Paused, the view stays where a person put it, the bottom included. */
  if (self->paused)
    ;
  else if (is_at_bottom (self))
    tc_log_view_set_following (self, TRUE);
  else if (value < self->last_value && !self->dropped_above)
    tc_log_view_set_following (self, FALSE);
  else if (self->following)
    queue_follow (self);

  self->last_value = value;
  self->dropped_above = FALSE;
}

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
static void
update_actions (TcLogView *self)
{
  gboolean has_log = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0;
  gboolean saving = self->save_cancellable != NULL;

  set_action_enabled (self, "clear", has_log);
  set_action_enabled (self, "save", has_log && !saving);
  set_action_enabled (self, "cancel-save", saving);
}

static void
model_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        TcLogView  *self)
{
  update_actions (self);
}

/* What the list shows changed: the model's new entries, or a filter. */
static void
shown_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        TcLogView  *self)
{
  if (position == 0 && removed > 0 && !self->refiltering)
    {
      self->dropped_above = TRUE;
      /* The current match moves up with what went. */
      if (self->current >= 0)
        self->current_position = self->current_position >= removed - MIN (removed, added)
                                 ? self->current_position - (removed - MIN (removed, added))
                                 : 0;
    }
  if (added > 0 && self->following && !self->paused)
    {
      queue_follow (self);
    }
  else if (added > 0 && !(position == 0 && removed > 0) && !self->refiltering)
    {
      self->n_new += added;
      update_new_button (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_NEW]);
    }
  if (self->query != NULL && (added > 0 || removed > 0))
    schedule_search (self);
}


/* Searching */

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

/* The filter the list shows through, as the search sees it too. */
static TcLogFilter
current_filter (TcLogView *self)
{
  TcLogFilter filter = { self->filter_show, self->filter_peer, NULL };

  if (self->filter_matches)
    filter.matches = self->query;
  return filter;
}

static gboolean
filter_entry_cb (gpointer item,
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
    queue_follow (self);
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
static void
schedule_search (TcLogView *self)
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

  tc_log_view_set_following (self, FALSE);
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

/* Following and pausing */

static void
update_new_button (TcLogView *self)
{
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->new_button), self->n_new > 0);
  if (self->n_new == 0)
    return;
  /* TRANSLATORS: on a button that goes down to entries that came while
   * the log was paused or scrolled up */
  text = g_strdup_printf (ngettext ("%u new ↓", "%u new ↓", self->n_new), self->n_new);
  gtk_button_set_label (self->new_button, text);
}

/**
 * tc_log_view_set_paused:
 *
 * Paused, the view stays where it is while entries keep coming (they are
 * counted on the "N new" button); unpaused, it goes to the last entry
 * and follows again.
 */
void
tc_log_view_set_paused (TcLogView *self,
                        gboolean   paused)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  paused = !!paused;
  if (self->paused == paused)
    return;
  self->paused = paused;
  if (paused)
    {
      if (self->follow_tick != 0)
        {
          gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->follow_tick);
          self->follow_tick = 0;
        }
      tc_log_view_set_following (self, FALSE);
    }
  else
    {
      tc_log_view_set_following (self, TRUE);
      queue_follow (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
tc_log_view_get_paused (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);
  return self->paused;
}

guint
tc_log_view_get_n_new (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), 0);
  return self->n_new;
}

/* Back to the last entry, following again (log.jump-to-end, the "N new"
 * button). */
void
tc_log_view_jump_to_end (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  if (self->paused)
    {
      tc_log_view_set_paused (self, FALSE);
      return;
    }
  tc_log_view_set_following (self, TRUE);
  queue_follow (self);
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
  tc_log_view_set_following (self, TRUE);
}

/* Saving */

static const char *
format_to_id (TcLogSaveFormat format)
{
  switch (format)
    {
    case TC_LOG_SAVE_RECEIVED: return "received";
    case TC_LOG_SAVE_SENT:     return "sent";
    case TC_LOG_SAVE_READABLE:
    default:                   return "readable";
    }
}

static TcLogSaveFormat
format_from_id (const char *id)
{
  if (g_strcmp0 (id, "received") == 0)
    return TC_LOG_SAVE_RECEIVED;
  if (g_strcmp0 (id, "sent") == 0)
    return TC_LOG_SAVE_SENT;
  return TC_LOG_SAVE_READABLE;
}

static void
show_progress (TcLogView *self)
{
  double fraction = tc_log_snapshot_get_fraction (self->save_snapshot);
  g_autofree char *name = g_file_get_basename (self->save_file);
  g_autofree char *text = NULL;

  /* TRANSLATORS: the file the log is being saved to, and how far it is */
  text = g_strdup_printf (_("Saving the log to %s: %d %%"), name, (int) (fraction * 100));
  gtk_progress_bar_set_fraction (self->save_progress, fraction);
  gtk_progress_bar_set_text (self->save_progress, text);
}

static gboolean
save_progress_cb (gpointer user_data)
{
  show_progress (user_data);
  return G_SOURCE_CONTINUE;
}

static void
set_saving (TcLogView *self,
            gboolean   saving)
{
  gtk_widget_set_visible (self->save_bar, saving);
  if (saving)
    {
      show_progress (self);
      self->save_progress_source = g_timeout_add (100, save_progress_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL,
                                                                   self->save_progress_source),
                                "[tcpchat] log save progress");
    }
  else
    {
      g_clear_handle_id (&self->save_progress_source, g_source_remove);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVING]);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TcLogView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  guint n;

  tc_log_snapshot_save_finish (result, &error);
  n = tc_log_snapshot_get_n_entries (self->save_snapshot);
  name = g_file_get_parse_name (self->save_file);
  g_clear_pointer (&self->save_snapshot, tc_log_snapshot_free);
  g_clear_object (&self->save_file);
  g_clear_object (&self->save_cancellable);

  /* Gone with its window meanwhile: nothing to tell. */
  if (self->model == NULL)
    return;
  set_saving (self, FALSE);

  if (error == NULL && self->save_format == TC_LOG_SAVE_RECEIVED)
    tc_log_model_append_event (self->model, NULL,
                               _("Saved the bytes received, exactly, to %s"), name);
  else if (error == NULL && self->save_format == TC_LOG_SAVE_SENT)
    tc_log_model_append_event (self->model, NULL,
                               _("Saved the bytes sent, exactly, to %s"), name);
  else if (error == NULL)
    tc_log_model_append_event (self->model, NULL,
                               ngettext ("Saved %u log entry to %s",
                                         "Saved %u log entries to %s", n),
                               n, name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    tc_log_model_append_event (self->model, NULL,
                               _("Stopped saving the log: %s was left as it was"), name);
  else
    tc_log_model_append_error (self->model, NULL, _("Could not save the log to %s: %s"),
                               name, error->message);
}

/**
 * tc_log_view_save_to:
 *
 * Writes what the log holds now to @file, from a thread: the window goes
 * on meanwhile, a progress bar under the log shows how far it is, and
 * log.cancel-save stops it, leaving @file as it was. The outcome is
 * appended to the log. Does nothing while a save is under way.
 */
void
tc_log_view_save_to (TcLogView       *self,
                     GFile           *file,
                     TcLogSaveFormat  format)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->save_cancellable != NULL)
    return;

  self->save_cancellable = g_cancellable_new ();
  self->save_snapshot = tc_log_model_snapshot (self->model, format);
  self->save_file = g_object_ref (file);
  self->save_format = format;
  set_saving (self, TRUE);
  tc_log_snapshot_save_async (self->save_snapshot, file, self->save_cancellable,
                              save_done_cb, g_object_ref (self));
}

gboolean
tc_log_view_get_saving (TcLogView *self)
{
  g_return_val_if_fail (TC_IS_LOG_VIEW (self), FALSE);

  return self->save_cancellable != NULL;
}

void
tc_log_view_cancel_save (TcLogView *self)
{
  g_return_if_fail (TC_IS_LOG_VIEW (self));

  g_cancellable_cancel (self->save_cancellable);
}

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcLogView) self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autofree char *choice = NULL;

  file = tc_file_dialog_save_finish (result, &choice, NULL);
  g_clear_object (&self->choose_cancellable);
  if (file != NULL && self->model != NULL)
    tc_log_view_save_to (self, file, format_from_id (choice));
}

/* Asks for a file and saves the log to it, readable or as the exact bytes
 * of one direction (a choice in the dialog: one file cannot say which bytes
 * went which way and stay exact). */
void
tc_log_view_save (TcLogView *self)
{
  GtkRoot *root;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GListStore) filters = NULL;
  g_autoptr(GtkFileFilter) text_filter = NULL;
  g_autoptr(GtkFileFilter) all_filter = NULL;
  const char *options[] = { format_to_id (TC_LOG_SAVE_READABLE),
                            format_to_id (TC_LOG_SAVE_RECEIVED),
                            format_to_id (TC_LOG_SAVE_SENT), NULL };
  const char *labels[] = { _("Readable (time, direction, peer, text)"),
                           _("Bytes received, exactly (line endings as they came)"),
                           _("Bytes sent, exactly (line endings as they went)"), NULL };
  const TcFileDialogChoice choice = { "format", _("Format"), options, labels, options[0] };

  g_return_if_fail (TC_IS_LOG_VIEW (self));

  if (self->choose_cancellable != NULL || self->save_cancellable != NULL)
    return;

  now = g_date_time_new_now_local ();
  name = g_date_time_format (now, "tcpchat-log-%Y%m%d-%H%M%S.txt");
  filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  text_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (text_filter, _("Text files"));
  gtk_file_filter_add_mime_type (text_filter, "text/plain");
  gtk_file_filter_add_suffix (text_filter, "txt");
  gtk_file_filter_add_suffix (text_filter, "log");
  g_list_store_append (filters, text_filter);
  all_filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  g_list_store_append (filters, all_filter);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  self->choose_cancellable = g_cancellable_new ();
  tc_file_dialog_save (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, _("Save Log"), name,
                       G_LIST_MODEL (filters), &choice, self->choose_cancellable,
                       file_chosen_cb, g_object_ref (self));
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_MODE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENCODING]);
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
    case PROP_SEARCH_TEXT:
      if (g_strcmp0 (self->search_text, g_value_get_string (value)) != 0)
        {
          g_free (self->search_text);
          self->search_text = g_value_dup_string (value);
          if (g_strcmp0 (gtk_editable_get_text (self->search_entry), self->search_text) != 0)
            gtk_editable_set_text (self->search_entry,
                                   self->search_text != NULL ? self->search_text : "");
          search_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SEARCH_KIND:
      {
        TcLogQueryKind kind;

        if (!kind_from_id (g_value_get_string (value), &kind))
          g_warning ("Unknown kind of search “%s”", g_value_get_string (value));
        else if (kind != self->search_kind)
          {
            self->search_kind = kind;
            search_changed (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_MATCH_CASE:
      if (self->match_case != g_value_get_boolean (value))
        {
          self->match_case = g_value_get_boolean (value);
          search_changed (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_FILTER_DIRECTION:
      {
        TcLogShow show;

        if (!show_from_id (g_value_get_string (value), &show))
          g_warning ("Unknown direction “%s” to show", g_value_get_string (value));
        else if (show != self->filter_show)
          {
            self->filter_show = show;
            update_filter (self);
            run_search (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_FILTER_PEER:
      {
        const char *peer = g_value_get_string (value);

        if (peer != NULL && peer[0] == '\0')
          peer = NULL;
        if (g_strcmp0 (peer, self->filter_peer) != 0)
          {
            g_free (self->filter_peer);
            self->filter_peer = g_strdup (peer);
            update_filter (self);
            run_search (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_FILTER_MATCHES:
      if (self->filter_matches != g_value_get_boolean (value))
        {
          self->filter_matches = g_value_get_boolean (value);
          update_filter (self);
          run_search (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_PAUSED:
      tc_log_view_set_paused (self, g_value_get_boolean (value));
      break;
    case PROP_TIME_MODE:
      {
        TcLogTimeMode mode;

        if (!time_mode_from_id (g_value_get_string (value), &mode))
          g_warning ("Unknown time mode “%s”", g_value_get_string (value));
        else if (mode != self->time_mode)
          {
            self->time_mode = mode;
            rebind_rows (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    default:
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
    case PROP_SEARCH_TEXT:
      g_value_set_string (value, self->search_text);
      break;
    case PROP_SEARCH_KIND:
      g_value_set_string (value, kind_to_id (self->search_kind));
      break;
    case PROP_MATCH_CASE:
      g_value_set_boolean (value, self->match_case);
      break;
    case PROP_FILTER_DIRECTION:
      g_value_set_string (value, show_to_id (self->filter_show));
      break;
    case PROP_FILTER_PEER:
      g_value_set_string (value, self->filter_peer != NULL ? self->filter_peer : "");
      break;
    case PROP_FILTER_MATCHES:
      g_value_set_boolean (value, self->filter_matches);
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

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL,
                         TC_TYPE_LOG_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOWING] =
    g_param_spec_boolean ("following", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SAVING] =
    g_param_spec_boolean ("saving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_MODE] =
    g_param_spec_enum ("display-mode", NULL, NULL,
                       TC_TYPE_LOG_DISPLAY_MODE, TC_LOG_DISPLAY_TEXT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ENCODING] =
    g_param_spec_string ("encoding", NULL, NULL, TC_ENCODING_UTF8,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEARCH_TEXT] =
    g_param_spec_string ("search-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SEARCH_KIND] =
    g_param_spec_string ("search-kind", NULL, NULL, "text",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MATCH_CASE] =
    g_param_spec_boolean ("match-case", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILTER_DIRECTION] =
    g_param_spec_string ("filter-direction", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILTER_PEER] =
    g_param_spec_string ("filter-peer", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_FILTER_MATCHES] =
    g_param_spec_boolean ("filter-matches", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_NEW] =
    g_param_spec_uint ("n-new", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_TIME_MODE] =
    g_param_spec_string ("time-mode", NULL, NULL, "absolute",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_callback (widget_class, search_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_entry_stop_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "log.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "log.copy-text", NULL);

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tc_log_view_init (TcLogView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) filter_menu = NULL;
  GMenu *section = NULL;
  GtkEventController *key, *shortcuts;
  GtkGesture *menu_click;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

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

  self->following = TRUE;
  self->encoding = TC_ENCODING_UTF8;
  self->display_mode = TC_LOG_DISPLAY_TEXT;
  self->filter_show = TC_LOG_SHOW_ALL;
  self->current = -1;
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->model = tc_log_model_new ();
  self->filter = GTK_FILTER (gtk_custom_filter_new (filter_entry_cb, self, NULL));
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
  g_signal_connect (self->shown, "items-changed", G_CALLBACK (shown_items_changed_cb), self);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);
  gtk_search_bar_connect_entry (self->search_bar, self->search_entry);
  /* Hidden, a GTK 4.8 search bar still asks for its full width (its
   * revealer measures the child): it takes no room until searching. */
  g_object_bind_property (self->search_bar, "search-mode-enabled",
                          self->search_bar, "visible", G_BINDING_SYNC_CREATE);

  /* Anywhere in the window: the search, its steps, and pausing. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (global_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_shortcut_trigger_parse_string (global_keys[i].trigger),
                                                            gtk_named_action_new (global_keys[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  filter_menu = g_menu_new ();
  section = g_menu_new ();
  g_menu_append (section, _("_Everything"), "log.filter-direction::all");
  g_menu_append (section, _("_Received"), "log.filter-direction::in");
  g_menu_append (section, _("_Sent"), "log.filter-direction::out");
  g_menu_append (section, _("E_vents"), "log.filter-direction::events");
  g_menu_append_section (filter_menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  section = g_menu_new ();
  g_menu_append (section, _("Only _Matches"), "log.filter-matches");
  g_menu_append (section, _("Only the Selected _Peer"), "log.filter-selected-peer");
  g_menu_append (section, _("_All Peers"), "log.filter-peer::");
  g_menu_append_section (filter_menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  section = g_menu_new ();
  g_menu_append (section, _("Time of _Day"), "log.time-mode::absolute");
  g_menu_append (section, _("Time Since the _Start"), "log.time-mode::relative");
  g_menu_append (section, _("_Gap to the Entry Above"), "log.time-mode::delta");
  g_menu_append (section, _("_No Time"), "log.time-mode::hidden");
  g_menu_append_section (filter_menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  /* The window's, where the view is in a session pane. */
  section = g_menu_new ();
  g_menu_append (section, _("TCP _Health"), "win.show-health");
  g_menu_append (section, _("Traffic _Graph"), "win.show-graph");
  g_menu_append (section, _("Message _Inspector"), "win.show-inspector");
  g_menu_append (section, _("_Reset Counters"), "win.reset-counters");
  g_menu_append_section (filter_menu, NULL, G_MENU_MODEL (section));
  g_clear_object (&section);
  gtk_menu_button_set_menu_model (self->filter_button, G_MENU_MODEL (filter_menu));

  menu = g_menu_new ();
  g_menu_append (menu, _("_Copy"), "log.copy");
  g_menu_append (menu, _("Copy _Text"), "log.copy-text");
  g_menu_append (menu, _("Select _All"), "log.select-all");
  g_menu_append (menu, _("_Find…"), "log.find");
  g_menu_append (menu, _("Show Only This _Peer"), "log.filter-selected-peer");
  g_menu_append (menu, _("_Save Log…"), "log.save");
  g_menu_append (menu, _("C_lear"), "log.clear");
  self->context_menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  menu_click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu_click, "pressed", G_CALLBACK (context_menu_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (menu_click));

  update_actions (self);

  vadjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (vadjustment_value_changed_cb), self, 0);

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
