/* tc-line-notifier.h: desktop notifications of lines that arrive unseen
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* At most one notification per interval; lines in between are summed up
 * in the next one ("3 new lines from 127.0.0.1:50522"). */
#define TC_LINE_NOTIFIER_DEFAULT_INTERVAL_MS 5000

/* Tells the desktop (GNotification) about lines that arrive while a window
 * is not the active one, and withdraws the notification when the window
 * becomes active. Without a registered GApplication nothing reaches the
 * desktop, but everything else happens (tests rely on that).
 * Properties: enabled (bool, default TRUE), n-unseen (uint, read-only).
 */
#define TC_TYPE_LINE_NOTIFIER (tc_line_notifier_get_type ())

G_DECLARE_FINAL_TYPE (TcLineNotifier, tc_line_notifier, TC, LINE_NOTIFIER, GObject)

TcLineNotifier *tc_line_notifier_new           (GtkWindow      *window);
void            tc_line_notifier_line_received (TcLineNotifier *self,
                                                const char     *peer,
                                                const char     *text);
gboolean        tc_line_notifier_get_enabled   (TcLineNotifier *self);
void            tc_line_notifier_set_enabled   (TcLineNotifier *self,
                                                gboolean        enabled);
void            tc_line_notifier_set_interval  (TcLineNotifier *self,
                                                guint           interval_ms);
void            tc_line_notifier_window_active (TcLineNotifier *self);

/* What was last sent, for tests. */
guint           tc_line_notifier_get_n_unseen  (TcLineNotifier *self);
guint           tc_line_notifier_get_n_sent    (TcLineNotifier *self);
gboolean        tc_line_notifier_get_shown     (TcLineNotifier *self);
const char     *tc_line_notifier_get_title     (TcLineNotifier *self);
const char     *tc_line_notifier_get_body      (TcLineNotifier *self);

G_END_DECLS
