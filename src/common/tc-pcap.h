/* tc-pcap.h: a recording written as a classic pcap capture, with TCP/IP headers made up around it
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-recording.h"

G_BEGIN_DECLS

/* The most payload one made-up segment carries. */
#define TC_PCAP_MAX_SEGMENT 65000

gboolean tc_pcap_export (TcRecording  *recording,
                         const char   *path,
                         GError      **error);

G_END_DECLS
