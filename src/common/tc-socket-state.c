/* tc-socket-state.c: display names of socket states
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-socket-state.h"

/* The names the Qt-based tools print, so people recognise them. */
const char *
tc_socket_state_to_string (TcSocketState state)
{
  switch (state)
    {
    case TC_SOCKET_STATE_UNCONNECTED: return "UnconnectedState";
    case TC_SOCKET_STATE_HOST_LOOKUP: return "HostLookupState";
    case TC_SOCKET_STATE_CONNECTING:  return "ConnectingState";
    case TC_SOCKET_STATE_CONNECTED:   return "ConnectedState";
    case TC_SOCKET_STATE_BOUND:       return "BoundState";
    case TC_SOCKET_STATE_LISTENING:   return "ListeningState";
    case TC_SOCKET_STATE_CLOSING:     return "ClosingState";
    case TC_SOCKET_STATE_HANDSHAKING: return "HandshakingState";
    default:                          return "UnknownState";
    }
}
