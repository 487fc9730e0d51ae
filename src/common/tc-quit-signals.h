/* tc-quit-signals.h: SIGINT and SIGTERM handled by the main loop, for an orderly end
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TcQuitSignals TcQuitSignals;

/* Called from the main loop with SIGINT or SIGTERM, each time one arrives. */
typedef void (*TcQuitSignalFunc) (int      signum,
                                  gpointer user_data);

TcQuitSignals *tc_quit_signals_watch (TcQuitSignalFunc  func,
                                      gpointer          user_data);
void           tc_quit_signals_free  (TcQuitSignals    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcQuitSignals, tc_quit_signals_free)

G_END_DECLS
