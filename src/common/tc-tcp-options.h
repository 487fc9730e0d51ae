/* tc-tcp-options.h: TCP_NODELAY and keepalive, set on each new connection
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-event.h"

G_BEGIN_DECLS

/* Linux's own limits (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL, MAX_TCP_KEEPCNT). */
#define TC_TCP_OPTIONS_MAX_KEEPALIVE_S     32767
#define TC_TCP_OPTIONS_MAX_KEEPALIVE_COUNT 127

/* What a session sets on its connections. Every connection has
 * TCP_NODELAY on from the start (messages are coalesced before they are
 * written): nodelay FALSE turns it off, so that Nagle's algorithm joins
 * small segments. With keepalive, a peer that went away without a word is
 * noticed after idle + interval × count seconds. */
typedef struct
{
  gboolean nodelay;
  gboolean keepalive;
  guint    idle_s;
  guint    interval_s;
  guint    count;
} TcTcpOptions;

#define TC_TCP_OPTIONS_INIT { .nodelay = TRUE }

gboolean tc_tcp_options_is_default     (const TcTcpOptions  *options);
gboolean tc_tcp_options_parse_keepalive (TcTcpOptions        *options,
                                         const char          *text,
                                         GError             **error);
gboolean tc_tcp_options_apply           (const TcTcpOptions  *options,
                                         GSocket             *socket,
                                         GError             **error);
gboolean tc_tcp_options_apply_on_connect (const TcTcpOptions *options,
                                          const TcEvent      *event,
                                          GError            **error);

G_END_DECLS
