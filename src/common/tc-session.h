/* tc-session.h: a server or a client as one stream of events, one way to send and a list of peers
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-client.h"
#include "tc-event.h"
#include "tc-server.h"
#include "tc-typed-input.h"

G_BEGIN_DECLS

/* The bit of one kind of event, for tc_session_add_event_func_for_kinds(). */
#define TC_SESSION_EVENT_KIND(kind) (1u << (kind))

/* Properties: server, client (construct-only, one of them), state (the
 *   server's or the client's), n-peers, peers (a GListModel of
 *   TcConnection), max-queued, line-ending (TcLineEnding).
 */
#define TC_TYPE_SESSION (tc_session_get_type ())

G_DECLARE_FINAL_TYPE (TcSession, tc_session, TC, SESSION, GObject)

/**
 * TcSessionEventFunc:
 * @session: the session
 * @event: the event, borrowed: valid during the call only
 * @user_data: what was given to tc_session_add_event_func()
 *
 * A plain function, not a signal: a flood delivers millions of messages a
 * second. It may add or remove hooks, its own included; it must not drop
 * the last reference to the session.
 */
typedef void (*TcSessionEventFunc) (TcSession     *session,
                                    const TcEvent *event,
                                    gpointer       user_data);

TcSession     *tc_session_new_for_server     (TcServer           *server);
TcSession     *tc_session_new_for_client     (TcClient           *client);
TcServer      *tc_session_get_server         (TcSession          *self);
TcClient      *tc_session_get_client         (TcSession          *self);
TcSocketState  tc_session_get_state          (TcSession          *self);
GListModel    *tc_session_get_peers          (TcSession          *self);
guint          tc_session_get_n_peers        (TcSession          *self);
gsize          tc_session_get_max_queued     (TcSession          *self);
void           tc_session_set_max_queued     (TcSession          *self,
                                              gsize               max_queued);
TcLineEnding   tc_session_get_line_ending    (TcSession          *self);
void           tc_session_set_line_ending    (TcSession          *self,
                                              TcLineEnding        ending);
void           tc_session_add_event_func     (TcSession          *self,
                                              TcSessionEventFunc  func,
                                              gpointer            user_data);
void           tc_session_add_event_func_for_kinds (TcSession          *self,
                                                    guint               kinds,
                                                    TcSessionEventFunc  func,
                                                    gpointer            user_data);
void           tc_session_remove_event_func  (TcSession          *self,
                                              TcSessionEventFunc  func,
                                              gpointer            user_data);
guint          tc_session_send               (TcSession          *self,
                                              TcConnection       *target,
                                              GBytes             *message,
                                              GError            **error);
guint          tc_session_send_data          (TcSession          *self,
                                              TcConnection       *target,
                                              const void         *message_data,
                                              gsize               message_len,
                                              GError            **error);
void           tc_session_hold               (TcSession          *self);
gboolean       tc_session_release            (TcSession          *self,
                                              GError            **error);

G_END_DECLS
