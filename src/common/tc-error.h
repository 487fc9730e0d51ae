/* tc-error.h: the one error domain of tcpchat, with messages a person can act on
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TC_ERROR (tc_error_quark ())

typedef enum
{
  TC_ERROR_FAILED,
  TC_ERROR_INVALID_ADDRESS,
  TC_ERROR_INVALID_PORT,
  TC_ERROR_ADDRESS_IN_USE,
  TC_ERROR_PERMISSION_DENIED,
  TC_ERROR_ADDRESS_NOT_LOCAL,
  TC_ERROR_RESOLVE_FAILED,
  TC_ERROR_CONNECTION_REFUSED,
  TC_ERROR_TIMED_OUT,
  TC_ERROR_UNREACHABLE,
  TC_ERROR_CONNECTION_RESET,
  TC_ERROR_PEER_CLOSED,
  TC_ERROR_LOCAL_CLOSE,
  TC_ERROR_TOO_SLOW,
  TC_ERROR_SEND_QUEUE_FULL,
  TC_ERROR_SERVER_FULL,
  TC_ERROR_SERVER_STOPPED,
  TC_ERROR_NOT_CONNECTED,
  TC_ERROR_CANCELLED,
  TC_ERROR_OUT_OF_RESOURCES,
  TC_ERROR_INVALID_ESCAPE,
  TC_ERROR_INVALID_FRAMING,
  TC_ERROR_MESSAGE_TOO_LONG,
  TC_ERROR_WRONG_MESSAGE_SIZE,
} TcError;

GQuark  tc_error_quark          (void);
GError *tc_error_from_io_error  (const GError *error,
                                 const char   *peer);

G_END_DECLS
