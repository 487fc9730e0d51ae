/* tc-error.c: mapping low-level socket errors to messages a person can act on
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-error.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (tc-error-quark, tc_error)

/* Turns a GIO or resolver error met while talking to peer into a TcError
 * with a plain message. Errors already in TC_ERROR are copied as they are.
 */
GError *
tc_error_from_io_error (const GError *error,
                        const char   *peer)
{
  const char *who = peer != NULL ? peer : _("the peer");

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == TC_ERROR)
    return g_error_copy (error);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (TC_ERROR, TC_ERROR_RESOLVE_FAILED,
                        _("Could not resolve host %s: %s"), who, error->message);

  if (error->domain != G_IO_ERROR)
    return g_error_new (TC_ERROR, TC_ERROR_FAILED, "%s", error->message);

  switch (error->code)
    {
    case G_IO_ERROR_CANCELLED:
      return g_error_new (TC_ERROR, TC_ERROR_CANCELLED, _("Cancelled"));
    case G_IO_ERROR_CONNECTION_REFUSED:
      return g_error_new (TC_ERROR, TC_ERROR_CONNECTION_REFUSED,
                          _("Connection refused by %s: nothing is listening on that port"),
                          who);
    case G_IO_ERROR_TIMED_OUT:
      return g_error_new (TC_ERROR, TC_ERROR_TIMED_OUT,
                          _("Timed out talking to %s"), who);
    /* Not GIO's message: for a connect it repeats the address ("Could not
     * connect to 198.51.100.7: No route to host"), which pushes the cause
     * out of sight in the status bar. */
    case G_IO_ERROR_HOST_UNREACHABLE:
      return g_error_new (TC_ERROR, TC_ERROR_UNREACHABLE,
                          _("%s is unreachable: no route to that host"), who);
    case G_IO_ERROR_NETWORK_UNREACHABLE:
      return g_error_new (TC_ERROR, TC_ERROR_UNREACHABLE,
                          _("%s is unreachable: no route to that network"), who);
    case G_IO_ERROR_CONNECTION_CLOSED:
      return g_error_new (TC_ERROR, TC_ERROR_CONNECTION_RESET,
                          _("Connection reset by %s"), who);
    case G_IO_ERROR_NOT_CONNECTED:
      return g_error_new (TC_ERROR, TC_ERROR_NOT_CONNECTED, _("Not connected to %s"), who);
    case G_IO_ERROR_HOST_NOT_FOUND:
      return g_error_new (TC_ERROR, TC_ERROR_RESOLVE_FAILED,
                          _("Could not resolve host %s"), who);
    case G_IO_ERROR_ADDRESS_IN_USE:
      return g_error_new (TC_ERROR, TC_ERROR_ADDRESS_IN_USE,
                          _("Address %s is already in use by another program"), who);
    case G_IO_ERROR_PERMISSION_DENIED:
      return g_error_new (TC_ERROR, TC_ERROR_PERMISSION_DENIED,
                          _("Permission denied for %s"), who);
    default:
      return g_error_new (TC_ERROR, TC_ERROR_FAILED, "%s: %s", who, error->message);
    }
}
