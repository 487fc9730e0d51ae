/* tc-server-window.h: the server window: listen controls, clients, log, send box
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-server.h"
#include "tc-widgets.h"

G_BEGIN_DECLS

/* Actions (window group "win"): start, stop, clear, save-log, disconnect
 * (the selected client), select-all-clients, preferences, use-address
 * ("s": puts an address into the address entry), and the session pane's
 * focus-send-box (F6) and undo-clear.
 * Settings (io.github.tcpchat.Server): the last address and port listened
 * on, relay and window size are read at creation and written back (not
 * what the command line asked for: the *_for_run functions); the limits
 * and the notify toggle are followed as they change.
 * Status bar segments: "listen" (Listen state), "socket" (Socket state:
 * "Listener: …", or "Client ADDRESS: …" while a client is selected),
 * "clients" (Clients), "traffic" (Traffic).
 */
#define TC_TYPE_SERVER_WINDOW (tc_server_window_get_type ())

G_DECLARE_FINAL_TYPE (TcServerWindow, tc_server_window, TC, SERVER_WINDOW, GtkApplicationWindow)

TcServerWindow  *tc_server_window_new                (GtkApplication  *application);
void             tc_server_window_set_listen_address (TcServerWindow  *self,
                                                      const char      *host,
                                                      guint16          port);
void             tc_server_window_start              (TcServerWindow  *self);
void             tc_server_window_listen_for_run     (TcServerWindow  *self,
                                                      const char      *host,
                                                      guint16          port);
void             tc_server_window_set_relay_for_run  (TcServerWindow  *self,
                                                      gboolean         relay);

/* For tests: the parts a person sees and uses. */
TcServer        *tc_server_window_get_server         (TcServerWindow  *self);
TcLogView       *tc_server_window_get_log_view       (TcServerWindow  *self);
TcLogModel      *tc_server_window_get_log_model      (TcServerWindow  *self);
TcSendBox       *tc_server_window_get_send_box       (TcServerWindow  *self);
TcStatusBar     *tc_server_window_get_status_bar     (TcServerWindow  *self);
GtkCheckButton  *tc_server_window_get_tls_check      (TcServerWindow  *self);
void             tc_server_window_set_tls_client_ca  (TcServerWindow  *self,
                                                      const char      *ca_file);
const char      *tc_server_window_get_tls_fingerprint (TcServerWindow *self);
void             tc_server_window_set_tls_files      (TcServerWindow  *self,
                                                      const char      *cert_file,
                                                      const char      *key_file);
GtkEditable     *tc_server_window_get_address_entry  (TcServerWindow  *self);
GtkSpinButton   *tc_server_window_get_port_spin      (TcServerWindow  *self);
GtkListView     *tc_server_window_get_clients_view   (TcServerWindow  *self);
GtkSingleSelection *tc_server_window_get_clients_selection (TcServerWindow *self);
GSettings       *tc_server_window_get_settings       (TcServerWindow  *self);
TcLineNotifier  *tc_server_window_get_notifier       (TcServerWindow  *self);
TcPreferencesDialog *tc_server_window_show_preferences (TcServerWindow *self);
GtkWidget       *tc_server_window_get_client_graph   (TcServerWindow  *self);

G_END_DECLS
