/* tc-server-window-private.h: the server window's fields, shared with its
 * parts in tc-server-window-*.c
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-server-window.h"
#include "tc-session.h"

G_BEGIN_DECLS

typedef struct _TcClientGraph TcClientGraph;

struct _TcServerWindow
{
  GtkApplicationWindow  parent_instance;

  /* template widgets */
  GtkEntry             *address_entry;
  GtkMenuButton        *address_button;
  GtkSpinButton        *port_spin;
  GtkCheckButton       *relay_check;
  GtkCheckButton       *tls_check;
  GtkWidget            *tls_bar;
  GtkLabel             *tls_source_label;
  GtkLabel             *tls_fingerprint_label;
  GtkListView          *clients_view;
  GtkLabel             *clients_title;
  GtkWidget            *clients_pane;
  TcSessionPane        *pane;

  /* owned */
  TcServer             *server;
  TcSession            *session;         /* of the server */
  GtkSingleSelection   *client_selection;
  GHashTable           *bound_rows;      /* GtkListItem set, rows on screen */
  GBinding             *relay_binding;
  GSettings            *settings;        /* NULL when the schema is missing */
  TcLineNotifier       *notifier;
  GTlsCertificate      *tls_certificate; /* while the switch is on and it loads */
  char                 *tls_fingerprint;
  char                 *tls_cert_file;   /* NULL: self-signed */
  char                 *tls_key_file;
  GCancellable         *tls_choosing;    /* while a file dialog is open */
  /* Mutual TLS: the CA client certificates are checked against */
  char                 *tls_client_ca_file;
  GtkLabel             *tls_client_ca_label;
  GSignalGroup         *target_signals;  /* the selected client's */
  GBindingGroup        *target_bindings; /* its address to the pane */
  GBindingGroup        *server_bindings; /* the server's state to actions */

  /* borrowed */
  TcPreferencesDialog  *preferences;     /* weak, while open */
  TcLogView            *log_view;        /* the pane's, as the rest */
  TcLogModel           *log;
  TcSendBox            *send_box;
  TcStatusBar          *status_bar;
  TcConnection         *target;          /* the selected client, NULL for all:
                                          * target_signals' (un)bind sets it */

  /* plain state */
  guint                 refresh_source;
  guint                 clients_changed_source;
  guint                 clients_changed_tick;
  guint                 shown_n_clients;   /* at the last update */
  guint64               closed_bytes_in;
  guint64               closed_bytes_out;
  gboolean              applying_options;  /* from the command line: not kept */
  gboolean              broadcasting;      /* in a send to every client */
  gboolean              focus_send_box;    /* once a line can be sent */
  gboolean              port_chosen;       /* the field shows the system's pick for 0 */
  TcEvent              *broadcast_sent;    /* its first SENT event, logged once */
  TcClientGraph        *client_graph;      /* owned: the selected client's traffic */
  int                   clients_width;     /* as the person chose it */
  gboolean              placing_clients;   /* the list's width, given back */
};

void     _tc_server_window_tls_init      (TcServerWindow *self);
void     _tc_server_window_tls_dispose   (TcServerWindow *self);
gboolean _tc_server_window_apply_tls     (TcServerWindow *self,
                                          const char     *address);
void     _tc_server_window_tls_status    (TcServerWindow *self);

void _tc_server_window_report         (TcServerWindow *self,
                                       TcStatusKind    kind,
                                       const char     *peer,
                                       const char     *message);
void _tc_server_window_set_status     (TcServerWindow *self,
                                       TcStatusKind    kind,
                                       const char     *peer,
                                       const char     *message);
void _tc_server_window_update         (TcServerWindow *self);
void _tc_server_window_stop           (TcServerWindow *self);

void _tc_server_window_clients_init          (TcServerWindow *self);
void _tc_server_window_update_traffic        (TcServerWindow *self);
void _tc_server_window_refresh_counters      (TcServerWindow *self);
void _tc_server_window_set_target            (TcServerWindow *self,
                                              TcConnection   *target);
void _tc_server_window_queue_clients_changed (TcServerWindow *self);

void _tc_server_window_events_init           (TcServerWindow *self);
void _tc_server_window_events_dispose        (TcServerWindow *self);

void _tc_server_window_actions_init   (TcServerWindow *self);

void _tc_server_window_graph_init       (TcServerWindow *self);
void _tc_server_window_graph_dispose    (TcServerWindow *self);
void _tc_server_window_graph_set_target (TcServerWindow *self,
                                         TcConnection   *target);
void _tc_server_window_listen_init    (TcServerWindow *self);
void _tc_server_window_listen_state   (TcServerWindow *self);

void _tc_server_window_pane_init      (TcServerWindow *self);
void _tc_server_window_pane_dispose   (TcServerWindow *self);

G_END_DECLS
