/* tc-client-window-private.h: the client window's fields, shared with its
 * parts in tc-client-window-*.c
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-client-window.h"
#include "tc-session.h"

G_BEGIN_DECLS

struct _TcClientWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkLabel             *subtitle_label;
  GtkEntry             *host_entry;
  GtkMenuButton        *recent_button;
  GtkSpinButton        *port_button;
  GtkCheckButton       *tls_check;
  GtkCheckButton       *reconnect_check;
  TcSessionPane        *pane;

  /* owned */
  TcClient             *client;
  TcSession            *session;       /* of the client */
  TcConnection         *connection;    /* the client's, while connected */
  GSignalGroup         *connection_signals;
  GMenu                *hosts_menu;    /* the recent_button's menu */
  GMenu                *recent_hosts;  /* its first section, newest first */
  char                 *last_error;    /* why the last connection ended */
  GSettings            *settings;      /* NULL when the schema is missing */
  TcLineNotifier       *notifier;
  GCancellable         *trust_cancellable; /* while the trust dialog is open */
  GTlsCertificate      *trust_certificate; /* the one it asks about */
  char                 *trust_host;
  char                 *once_pin;      /* accepted once, for the next attempt */
  char                 *once_target;   /* at this "host:port" */
  char                 *recent_pending; /* a recent host once it connects */
  /* Mutual TLS: the certificate this window presents, and the choosing of it */
  GTlsCertificate      *tls_identity;
  char                 *tls_identity_file;
  char                 *identity_cert_file; /* chosen, its key or password asked next */
  GCancellable         *identity_choosing;
  char                 *identity_pending; /* kept PKCS#12, its password asked on connect */
  char                 *identity_host;    /* where to connect once it is given */

  /* borrowed */
  TcPreferencesDialog  *preferences;   /* weak, while open */
  TcLogView            *log_view;      /* the pane's, as the rest */
  TcSendBox            *send_box;
  TcStatusBar          *status_bar;

  /* plain state */
  GtkExpressionWatch   *action_watches[2]; /* connect, disconnect */
  TcSocketState         state;         /* as last shown */
  guint                 reconnect_in;  /* as last shown */
  guint16               trust_port;
  guint16               identity_port;
  gboolean              locked;
};

void _tc_client_window_report_event   (TcClientWindow *self,
                                       const char     *text);
void _tc_client_window_report_error   (TcClientWindow *self,
                                       const char     *text);

char       *_tc_client_window_dup_target       (TcClientWindow *self);
void        _tc_client_window_status_init      (TcClientWindow *self);
void        _tc_client_window_update_traffic   (TcClientWindow *self);
void        _tc_client_window_apply_max_unsent (TcClientWindow *self);
void        _tc_client_window_set_connection   (TcClientWindow *self,
                                                TcConnection   *connection);
void        _tc_client_window_update_send_box  (TcClientWindow *self,
                                                TcSocketState   state,
                                                guint           reconnect_in);
void        _tc_client_window_update_title     (TcClientWindow *self,
                                                TcSocketState   state,
                                                gboolean        locked);

void        _tc_client_window_update_controls  (TcClientWindow *self);
void        _tc_client_window_events_init      (TcClientWindow *self);
void        _tc_client_window_events_dispose   (TcClientWindow *self);

void _tc_client_window_load_recent_hosts (TcClientWindow *self);
void _tc_client_window_build_hosts_menu  (TcClientWindow *self);
void _tc_client_window_hosts_follow      (TcClientWindow *self,
                                          TcSocketState   state);

void _tc_client_window_actions_init   (TcClientWindow *self);

gboolean _tc_client_window_apply_tls  (TcClientWindow *self,
                                       const char     *host,
                                       guint16         port);
void _tc_client_window_tls_failed     (TcClientWindow *self,
                                       const GError   *error);
void _tc_client_window_tls_dispose    (TcClientWindow *self);
void _tc_client_window_tls_init       (TcClientWindow *self);

G_END_DECLS
