/* tc-client-row.h: one row of the server's clients list, drawn as a single widget
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows a title (a client's address) over one or two smaller, fainter
 * detail lines, each cut with an ellipsis at the row's width. Its accessible
 * role is label, named by the title and described by the detail lines. Its
 * tooltip holds all lines, or the text given for it. CSS: node
 * "tcclientrow", class "tc-client-row".
 */
#define TC_TYPE_CLIENT_ROW (tc_client_row_get_type ())

G_DECLARE_FINAL_TYPE (TcClientRow, tc_client_row, TC, CLIENT_ROW, GtkWidget)

GtkWidget  *tc_client_row_new              (void);
void        tc_client_row_set_texts        (TcClientRow *self,
                                            const char  *title,
                                            const char  *detail,
                                            const char  *counters,
                                            const char  *tooltip);
const char *tc_client_row_get_title        (TcClientRow *self);
const char *tc_client_row_get_detail       (TcClientRow *self);
const char *tc_client_row_get_counters     (TcClientRow *self);
char       *tc_client_row_dup_tooltip_text (TcClientRow *self);

G_END_DECLS
