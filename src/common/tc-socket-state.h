/* tc-socket-state.h: the socket states users know from classic TCP tools
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  TC_SOCKET_STATE_UNCONNECTED,
  TC_SOCKET_STATE_HOST_LOOKUP,
  TC_SOCKET_STATE_CONNECTING,
  TC_SOCKET_STATE_CONNECTED,
  TC_SOCKET_STATE_BOUND,
  TC_SOCKET_STATE_LISTENING,
  TC_SOCKET_STATE_CLOSING,
  /* Between CONNECTING and CONNECTED, on a TLS connection. */
  TC_SOCKET_STATE_HANDSHAKING,
} TcSocketState;

const char *tc_socket_state_to_string (TcSocketState state);

G_END_DECLS
