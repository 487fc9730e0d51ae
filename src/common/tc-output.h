/* tc-output.h: what the headless modes need to know about their stdout
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib-unix.h>
#include <signal.h>

G_BEGIN_DECLS

/* The exit status when the reader of stdout has gone: what a shell reports
 * for a program killed by SIGPIPE, as nc is in "nc ... | head". */
#define TC_EXIT_OUTPUT_GONE (128 + SIGPIPE)

void   tc_output_ignore_sigpipe     (void);
guint  tc_output_watch_reader_gone  (int               fd,
                                     GUnixFDSourceFunc func,
                                     gpointer          user_data);

G_END_DECLS
