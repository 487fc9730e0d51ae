/* tc-log-row.h: one row of the log view, drawn as a single widget
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-entry.h"
#include "tc-log-search.h"

G_BEGIN_DECLS

typedef enum
{
  TC_LOG_DISPLAY_TEXT,  /* the text of a line, in the encoding */
  TC_LOG_DISPLAY_HEX,   /* its bytes as hex: "48 65 6C" */
  TC_LOG_DISPLAY_BOTH,  /* text over hex: a line's row is two lines tall */
} TcLogDisplayMode;

typedef enum
{
  TC_LOG_TIME_ABSOLUTE,  /* the time of day: "14:03:07.125" */
  TC_LOG_TIME_RELATIVE,  /* seconds since the log began: "+12.345678" */
  TC_LOG_TIME_DELTA,     /* the gap to the entry above, in ms: "+0.052 ms" */
  TC_LOG_TIME_HIDDEN,    /* no time column */
} TcLogTimeMode;

/* Shows a TcLogEntry on one line: time, direction marker, peer, text (cut
 * with an ellipsis at the row's width) and flags. Its accessible label (role
 * label) and, when the text is cut, its tooltip hold the whole text. CSS:
 * node "tclogrow", classes "tc-log-row" and the direction's class
 * (tc_log_direction_get_css_class). Escapes in the text (control bytes,
 * invalid bytes) are drawn in the named colour tc_log_escape_color. The
 * text of received and sent lines is decoded in the row's encoding; their
 * hex is made only when the row is drawn.
 */
#define TC_TYPE_LOG_ROW (tc_log_row_get_type ())

G_DECLARE_FINAL_TYPE (TcLogRow, tc_log_row, TC, LOG_ROW, GtkWidget)

GtkWidget  *tc_log_row_new        (void);
void        tc_log_row_set_entry  (TcLogRow   *self,
                                   TcLogEntry *entry);
TcLogEntry *tc_log_row_get_entry  (TcLogRow   *self);
void        tc_log_row_set_display (TcLogRow         *self,
                                    TcLogDisplayMode  mode,
                                    const char       *encoding);
void        tc_log_row_set_query  (TcLogRow   *self,
                                   TcLogQuery *query);
void        tc_log_row_set_time   (TcLogRow      *self,
                                   TcLogTimeMode  mode,
                                   gint64         base_us);
const char *tc_log_row_get_time   (TcLogRow   *self);
guint       tc_log_row_get_n_highlights (TcLogRow *self);
guint       tc_log_row_get_n_escapes_marked (TcLogRow *self);
const char *tc_log_row_get_text   (TcLogRow   *self);
const char *tc_log_row_get_hex    (TcLogRow   *self);
void        tc_log_row_set_expanded (TcLogRow  *self,
                                     gboolean   expanded);
gboolean    tc_log_row_get_expanded (TcLogRow  *self);

G_END_DECLS
