/* tc-client-window.h: the client window: connect to a server and chat
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-client.h"
#include "tc-widgets.h"

G_BEGIN_DECLS

#define TC_CLIENT_WINDOW_MAX_RECENT_HOSTS 10

/* Actions: win.connect (Ctrl+Return), win.disconnect (Ctrl+D; cancels an
 *   attempt or a reconnect countdown), win.clear (Ctrl+K), win.save-log
 *   (Ctrl+S), win.close (Ctrl+W), win.use-host(s) (puts a host into the host
 *   entry; the recent hosts menu uses it), win.preferences.
 * Properties: client (TcClient, read-only), host (string), port (uint),
 *   locked (read-only: TRUE while host and port cannot change, that is
 *   while connecting, connected, closing or counting down to a reconnect).
 * Settings (io.github.tcpchat.Client): host and port (written on each
 *   connect), recent hosts (shared by every window, newest first), window
 *   size and auto-reconnect (read at creation, written back); the limits and
 *   the notify toggle are followed as they change.
 */
#define TC_TYPE_CLIENT_WINDOW (tc_client_window_get_type ())

G_DECLARE_FINAL_TYPE (TcClientWindow, tc_client_window, TC, CLIENT_WINDOW, GtkApplicationWindow)

TcClientWindow *tc_client_window_new              (GtkApplication *application);
TcClient       *tc_client_window_get_client       (TcClientWindow *self);
TcLogModel     *tc_client_window_get_log_model    (TcClientWindow *self);
TcStatusBar    *tc_client_window_get_status_bar   (TcClientWindow *self);
TcSendBox      *tc_client_window_get_send_box     (TcClientWindow *self);
GtkEditable    *tc_client_window_get_host_entry   (TcClientWindow *self);
GtkSpinButton  *tc_client_window_get_port_button  (TcClientWindow *self);
GtkCheckButton *tc_client_window_get_tls_check    (TcClientWindow *self);
const char     *tc_client_window_get_host         (TcClientWindow *self);
void            tc_client_window_set_host         (TcClientWindow *self,
                                                   const char     *host);
guint16         tc_client_window_get_port         (TcClientWindow *self);
void            tc_client_window_set_port         (TcClientWindow *self,
                                                   guint16         port);
gboolean        tc_client_window_get_locked       (TcClientWindow *self);
GMenuModel     *tc_client_window_get_recent_hosts (TcClientWindow *self);
void            tc_client_window_connect_to       (TcClientWindow *self,
                                                   const char     *host,
                                                   guint16         port);
void            tc_client_window_connect_for_run  (TcClientWindow *self,
                                                   const char     *host,
                                                   guint16         port);
GSettings      *tc_client_window_get_settings     (TcClientWindow *self);
TcLineNotifier *tc_client_window_get_notifier     (TcClientWindow *self);
TcPreferencesDialog *tc_client_window_show_preferences (TcClientWindow *self);

G_END_DECLS
