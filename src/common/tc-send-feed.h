/* tc-send-feed.h: a long text handed to a connection in pieces as it drains
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-connection.h"

G_BEGIN_DECLS

/* The pieces a text is queued in. */
#define TC_SEND_FEED_CHUNK (64 * 1024)

gboolean  tc_send_feed_bytes    (TcConnection  *connection,
                                 GBytes        *bytes,
                                 gsize          max_queued,
                                 GError       **error);
gsize     tc_send_feed_get_left (TcConnection  *connection);

G_END_DECLS
