/* tc-log-view.h: the scrolling log of received, sent and event entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-model.h"
#include "tc-log-row.h"

G_BEGIN_DECLS

/* Actions (in the "log" group of the widget): log.copy (Ctrl+C, the selected
 * rows as text), log.copy-text (Ctrl+Shift+C, only their lines' text),
 * log.save (asks for a file; the windows' Ctrl+S comes here), log.clear
 * (enabled with something in the log), log.cancel-save (while saving),
 * log.select-all (Ctrl+A), log.display-mode and log.encoding (stateful, a
 * string: the properties below, for a window's chooser).
 * Watching: log.find (Ctrl+F: the search bar), log.find-next (F3, Enter),
 * log.find-previous (Shift+F3, Shift+Enter), log.jump-to-end (the "N new"
 * button), log.filter-selected-peer, and the stateful log.search-kind,
 * log.match-case, log.filter-direction, log.filter-peer, log.filter-matches,
 * log.paused (Scroll Lock) and log.time-mode, each the property of its name.
 * Ctrl+F, F3 and Scroll Lock work wherever the focus is in the window.
 * Properties: model (TcLogModel, read-only), following (read-only: TRUE while
 *   scrolled to the bottom, so new entries scroll into view), saving
 *   (read-only: a save is under way), display-mode (TcLogDisplayMode: text,
 *   hex, or both), encoding (string: one of tc_encoding_list(); lines keep
 *   their bytes, only what is shown changes), search-text, search-kind
 *   ("text", "regex", "hex"), match-case, filter-direction ("all", "in",
 *   "out", "events"), filter-peer ("" for all), filter-matches (only what
 *   the search matches), paused, n-new (read-only: entries come since the
 *   view stopped following), time-mode ("absolute", "relative", "delta",
 *   "hidden"). Filters narrow what the view shows; the model keeps all.
 */
#define TC_TYPE_LOG_VIEW (tc_log_view_get_type ())

G_DECLARE_FINAL_TYPE (TcLogView, tc_log_view, TC, LOG_VIEW, GtkWidget)

GtkWidget   *tc_log_view_new                     (void);
TcLogModel  *tc_log_view_get_model               (TcLogView  *self);
GtkListView *tc_log_view_get_list_view           (TcLogView  *self);
gboolean     tc_log_view_get_following           (TcLogView  *self);
void         tc_log_view_clear                   (TcLogView  *self);
char        *tc_log_view_dup_selected_text       (TcLogView  *self);
char        *tc_log_view_dup_selected_line_text  (TcLogView  *self);
void         tc_log_view_copy_selection          (TcLogView  *self);
void         tc_log_view_copy_selected_line_text (TcLogView  *self);
void         tc_log_view_save                    (TcLogView  *self);
void         tc_log_view_save_to                 (TcLogView       *self,
                                                  GFile           *file,
                                                  TcLogSaveFormat  format);
gboolean     tc_log_view_get_saving              (TcLogView  *self);
void         tc_log_view_cancel_save             (TcLogView  *self);
TcLogDisplayMode tc_log_view_get_display_mode    (TcLogView        *self);
void         tc_log_view_set_display_mode        (TcLogView        *self,
                                                  TcLogDisplayMode  mode);
void         tc_log_view_find                    (TcLogView  *self);
void         tc_log_view_find_next               (TcLogView  *self);
void         tc_log_view_find_previous           (TcLogView  *self);
const char  *tc_log_view_get_search_status       (TcLogView  *self);
guint        tc_log_view_get_n_matches           (TcLogView  *self);
guint        tc_log_view_get_current_match       (TcLogView  *self);
GListModel  *tc_log_view_get_shown               (TcLogView  *self);
void         tc_log_view_set_paused              (TcLogView  *self,
                                                  gboolean    paused);
gboolean     tc_log_view_get_paused              (TcLogView  *self);
guint        tc_log_view_get_n_new               (TcLogView  *self);
void         tc_log_view_jump_to_end             (TcLogView  *self);
const char  *tc_log_view_get_encoding            (TcLogView  *self);
gboolean     tc_log_view_set_encoding            (TcLogView  *self,
                                                  const char *encoding);

G_END_DECLS
