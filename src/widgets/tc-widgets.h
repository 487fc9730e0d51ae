/* tc-widgets.h: the shared widgets library of both windows
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-entry.h"
#include "tc-log-model.h"
#include "tc-desktop.h"
#include "tc-line-notifier.h"
#include "tc-log-view.h"
#include "tc-port-field.h"
#include "tc-preferences-dialog.h"
#include "tc-send-box.h"
#include "tc-session-pane.h"
#include "tc-status-bar.h"
#include "tc-widgets-enums.h"

G_BEGIN_DECLS

#define TC_RESOURCE_PREFIX "/io/github/tcpchat"

/* The windows read their sockets below redrawing (GDK_PRIORITY_REDRAW):
 * peers that flood them cannot keep them from painting.
 */
#define TC_WINDOW_IO_PRIORITY G_PRIORITY_DEFAULT_IDLE

void   tc_widgets_init        (void);
char  *tc_format_byte_count   (guint64 bytes);
char  *tc_format_time_us      (gint64  time_us,
                               gboolean with_ms);
void   tc_widget_drop_focus_within (GtkWidget *widget);
void   tc_widget_update_tooltip    (GtkWidget  *widget,
                                    const char *text);
void   tc_window_bind_size         (GtkWindow  *window,
                                    GSettings  *settings);
TcPreferencesDialog *
       tc_window_show_preferences  (GtkWindow            *parent,
                                    GSettings            *settings,
                                    TcPreferencesDialog **dialog);

G_END_DECLS
