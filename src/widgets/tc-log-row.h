/* tc-log-row.h: one row of the log view, drawn as a single widget
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-entry.h"

G_BEGIN_DECLS

/* Shows a TcLogEntry on one line: time, direction marker, peer, text (cut
 * with an ellipsis at the row's width) and flags. Its accessible label (role
 * label) and, when the text is cut, its tooltip hold the whole text. CSS:
 * node "tclogrow", classes "tc-log-row" and the direction's class
 * (tc_log_direction_get_css_class).
 */
#define TC_TYPE_LOG_ROW (tc_log_row_get_type ())

G_DECLARE_FINAL_TYPE (TcLogRow, tc_log_row, TC, LOG_ROW, GtkWidget)

GtkWidget  *tc_log_row_new        (void);
void        tc_log_row_set_entry  (TcLogRow   *self,
                                   TcLogEntry *entry);
TcLogEntry *tc_log_row_get_entry  (TcLogRow   *self);

G_END_DECLS
