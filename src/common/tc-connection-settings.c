/* tc-connection-settings.c: what a server or a client gives each connection it opens
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-connection-settings.h"
#include "tc-line-framer.h"

/* A connection's own defaults. */
static const TcConnectionSettings defaults = {
  .max_line = TC_LINE_FRAMER_DEFAULT_MAX_LINE,
  .high_water = TC_CONNECTION_DEFAULT_HIGH_WATER,
  .low_water = TC_CONNECTION_DEFAULT_LOW_WATER,
  .max_unsent = TC_CONNECTION_DEFAULT_MAX_UNSENT,
  .stall_timeout_ms = TC_CONNECTION_DEFAULT_STALL_TIMEOUT,
  .patience_ms = TC_CONNECTION_DEFAULT_PATIENCE,
  .io_priority = G_PRIORITY_DEFAULT,
};

void
tc_connection_settings_init (TcConnectionSettings *self)
{
  *self = defaults;
}

/**
 * tc_connection_settings_open:
 * @framing: how the peer's bytes are cut into messages
 * @stream: the stream the new connection wraps, as for tc_connection_new()
 *
 * Returns: (transfer full): a connection over @stream with a framer of
 *   @framing and these settings, not yet started
 */
TcConnection *
tc_connection_settings_open (const TcConnectionSettings *self,
                             const TcFraming            *framing,
                             GIOStream                  *stream)
{
  TcConnection *connection = tc_connection_new (stream);
  g_autoptr(TcFramer) framer = tc_framing_create_framer (framing, self->max_line);

  tc_connection_set_framer (connection, framer);
  tc_connection_set_max_line (connection, self->max_line);
  tc_connection_set_limits (connection, self->high_water, self->low_water, self->max_unsent,
                            self->stall_timeout_ms);
  tc_connection_set_patience (connection, self->patience_ms);
  tc_connection_set_io_priority (connection, self->io_priority);

  return connection;
}
