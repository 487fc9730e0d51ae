/* tc-log-view-private.h: the log view's fields, shared with its parts in
 * tc-log-view-*.c
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-log-view.h"

G_BEGIN_DECLS

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

extern GParamSpec *_tc_log_view_properties[N_PROPS];

/* tc-log-view-actions.c: selection, copy, clear, the menus and keys */
void     _tc_log_view_actions_init               (TcLogView     *self);
void     _tc_log_view_menus_init                 (TcLogView     *self);
void     _tc_log_view_update_actions             (TcLogView     *self);

/* tc-log-view-follow.c: following the last entry, and pausing */
void     _tc_log_view_set_following              (TcLogView     *self,
                                                  gboolean       following);
void     _tc_log_view_queue_follow               (TcLogView     *self);
void     _tc_log_view_vadjustment_value_changed_cb (GtkAdjustment *adjustment,
                                                  TcLogView     *self);
void     _tc_log_view_shown_items_changed_cb     (GListModel    *model,
                                                  guint          position,
                                                  guint          removed,
                                                  guint          added,
                                                  TcLogView     *self);

/* tc-log-view-search.c: the search bar, the search and the filter */
void     _tc_log_view_search_class_init          (GtkWidgetClass *widget_class);
void     _tc_log_view_search_init                (TcLogView     *self);
gboolean _tc_log_view_filter_entry_cb            (gpointer       item,
                                                  gpointer       user_data);
void     _tc_log_view_schedule_search            (TcLogView     *self);
gboolean _tc_log_view_search_set_property        (TcLogView     *self,
                                                  guint          prop_id,
                                                  const GValue  *value,
                                                  GParamSpec    *pspec);
gboolean _tc_log_view_search_get_property        (TcLogView     *self,
                                                  guint          prop_id,
                                                  GValue        *value);

G_END_DECLS
