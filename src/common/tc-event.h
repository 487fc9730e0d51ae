/* tc-event.h: one thing that happened in a session, for every front-end to show
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-connection.h"
#include "tc-message.h"
#include "tc-socket-state.h"

G_BEGIN_DECLS

typedef enum
{
  TC_EVENT_STATE,           /* the session's socket changed state: see state */
  TC_EVENT_PEER_CONNECTED,  /* a peer's connection is established */
  TC_EVENT_PEER_CLOSED,     /* a peer's connection ended; error says why */
  TC_EVENT_PEER_REFUSED,    /* a peer was turned away; only its label is known */
  TC_EVENT_RECEIVED,        /* one message from a peer */
  TC_EVENT_SENT,            /* one message queued for a peer, as framed */
  TC_EVENT_ERROR,           /* something failed: error */
  TC_EVENT_INFO,            /* anything else worth a line: see text */
} TcEventKind;

#define TC_TYPE_EVENT (tc_event_get_type ())

/**
 * TcEvent:
 * @kind: what happened
 * @time_us: g_get_real_time() when it happened (for RECEIVED, when the
 *   message was read)
 * @peer: (nullable): the peer's label ("127.0.0.1:5555"), %NULL for an
 *   event of the whole session
 * @connection: (nullable): the peer's connection, borrowed; %NULL for an
 *   event of the whole session or a refused peer
 * @message: (nullable): for RECEIVED and SENT: the bytes, flags and the
 *   terminator; a SENT message's bytes then its terminator are exactly what
 *   went on the wire for it
 * @state: for STATE, the new state
 * @error: (nullable): why, for ERROR, PEER_CLOSED and PEER_REFUSED (also
 *   INFO for a cancelled attempt)
 * @failure: whether front-ends show it as an error: every ERROR and
 *   PEER_REFUSED, a truncated RECEIVED message, a PEER_CLOSED for another
 *   reason than what this side takes as a normal end
 * @text: (nullable): the event in one translated sentence, as the windows
 *   show it; %NULL for a RECEIVED or SENT message with nothing to say
 *   beyond its bytes (computing one per message would cost in a flood)
 *
 * Events are delivered borrowed: every pointer is valid during the call
 * only. tc_event_copy() keeps one.
 */
typedef struct
{
  TcEventKind    kind;
  gint64         time_us;
  const char    *peer;
  TcConnection  *connection;
  const TcMessage  *message;
  TcSocketState  state;
  const GError  *error;
  gboolean       failure;
  const char    *text;
} TcEvent;

GType        tc_event_get_type       (void) G_GNUC_CONST;
TcEvent     *tc_event_copy           (const TcEvent *event);
void         tc_event_free           (TcEvent       *event);
const char  *tc_event_kind_to_string (TcEventKind    kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcEvent, tc_event_free)

G_END_DECLS
