/* tc-connection-settings.h: what a server or a client gives each connection it opens
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-connection.h"
#include "tc-framing.h"

G_BEGIN_DECLS

/* See tc_connection_set_max_line(), tc_connection_set_limits(),
 * tc_connection_set_patience() and tc_connection_set_io_priority().
 */
typedef struct
{
  gsize  max_line;
  gsize  high_water;
  gsize  low_water;
  gsize  max_unsent;
  guint  stall_timeout_ms;
  guint  patience_ms;
  int    io_priority;
} TcConnectionSettings;

void          tc_connection_settings_init (TcConnectionSettings       *self);
TcConnection *tc_connection_settings_open (const TcConnectionSettings *self,
                                           const TcFraming            *framing,
                                           GIOStream                  *stream);

G_END_DECLS
