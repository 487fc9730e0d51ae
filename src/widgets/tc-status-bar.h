/* tc-status-bar.h: labelled segments and a last-message segment
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  TC_STATUS_INFO,
  TC_STATUS_ERROR,
} TcStatusKind;

/* Segments are labels in the order they were added, each with an id (for
 * code) and an accessible name (for people and tests: "Listen state",
 * "Socket state", ...). The message segment at the end shows the last event
 * or error; errors are styled as such. A hidden segment takes its
 * separator with it (tc_status_bar_set_segment_visible()).
 * Properties: message (string), message-kind (TcStatusKind).
 */
#define TC_TYPE_STATUS_BAR (tc_status_bar_get_type ())

G_DECLARE_FINAL_TYPE (TcStatusBar, tc_status_bar, TC, STATUS_BAR, GtkWidget)

GtkWidget    *tc_status_bar_new               (void);
GtkLabel     *tc_status_bar_add_segment       (TcStatusBar  *self,
                                               const char   *id,
                                               const char   *accessible_name);
void          tc_status_bar_set_segment       (TcStatusBar  *self,
                                               const char   *id,
                                               const char   *text);
void          tc_status_bar_set_segment_tooltip (TcStatusBar *self,
                                               const char   *id,
                                               const char   *tooltip);
const char   *tc_status_bar_get_segment       (TcStatusBar  *self,
                                               const char   *id);
GtkLabel     *tc_status_bar_get_segment_label (TcStatusBar  *self,
                                               const char   *id);
void          tc_status_bar_set_segment_visible (TcStatusBar *self,
                                               const char   *id,
                                               gboolean      visible);
gboolean      tc_status_bar_get_segment_visible (TcStatusBar *self,
                                               const char   *id);
void          tc_status_bar_show_tls          (TcStatusBar  *self,
                                               const char   *description,
                                               const char   *tooltip);
void          tc_status_bar_set_message       (TcStatusBar  *self,
                                               TcStatusKind  kind,
                                               const char   *text);
const char   *tc_status_bar_get_message       (TcStatusBar  *self);
TcStatusKind  tc_status_bar_get_message_kind  (TcStatusBar  *self);
void          tc_status_bar_add_widget        (TcStatusBar  *self,
                                               GtkWidget    *widget);

G_END_DECLS
