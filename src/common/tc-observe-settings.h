/* tc-observe-settings.h: a window's log-file and TCP settings, applied to its session
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-log-file.h"
#include "tc-session.h"
#include "tc-tcp-options.h"

G_BEGIN_DECLS

/* Follows the keys log-file, log-file-path, log-file-format,
 * log-file-max-mib, log-file-keep, tcp-nodelay, tcp-keepalive,
 * tcp-keepalive-idle, tcp-keepalive-interval and tcp-keepalive-count:
 * the log file opens, closes or reopens as they change; the TCP options
 * go to each connection as it opens.
 *
 * Signals:
 *   problem (const char *message): something could not be done (a file
 *   that cannot be opened or written, an option the system refuses), in
 *   one translated sentence; the session goes on.
 */
#define TC_TYPE_OBSERVE_SETTINGS (tc_observe_settings_get_type ())

G_DECLARE_FINAL_TYPE (TcObserveSettings, tc_observe_settings, TC, OBSERVE_SETTINGS, GObject)

TcObserveSettings *tc_observe_settings_new          (GSettings         *settings,
                                                     TcSession         *session);
void               tc_observe_settings_start        (TcObserveSettings *self);
TcLogFile         *tc_observe_settings_get_log_file (TcObserveSettings *self);

G_END_DECLS
