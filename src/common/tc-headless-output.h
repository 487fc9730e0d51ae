/* tc-headless-output.h: stdout of the headless modes: time-stamped records or raw bytes,
 * buffered, flushed when idle, and its failures
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <signal.h>

#include "tc-message.h"

G_BEGIN_DECLS

/* The exit status when the reader of stdout has gone: what a shell reports
 * for a program killed by SIGPIPE, as nc is in "nc ... | head". */
#define TC_EXIT_OUTPUT_GONE (128 + SIGPIPE)

typedef struct _TcHeadlessOutput TcHeadlessOutput;

/* Once, when stdout cannot be written any more, with the exit status that
 * says so: TC_EXIT_OUTPUT_GONE when its reader has gone (silently), 1 on
 * another error (said on stderr). */
typedef void (*TcHeadlessOutputFailFunc) (int      status,
                                          gpointer user_data);

TcHeadlessOutput *tc_headless_output_new          (const char               *program,
                                                   TcHeadlessOutputFailFunc  fail_func,
                                                   gpointer                  user_data);
void              tc_headless_output_free         (TcHeadlessOutput         *self);
void              tc_headless_output_watch_reader (TcHeadlessOutput         *self,
                                                   gboolean                  watch);
GString          *tc_headless_output_begin        (TcHeadlessOutput         *self,
                                                   gint64                    time_us,
                                                   const char               *peer);
void              tc_headless_output_end          (TcHeadlessOutput         *self);
void              tc_headless_output_log          (TcHeadlessOutput         *self,
                                                   gint64                    time_us,
                                                   const char               *peer,
                                                   const char               *text);
void              tc_headless_output_write        (TcHeadlessOutput         *self,
                                                   const char               *data,
                                                   gsize                     len);
void              tc_headless_output_written      (TcHeadlessOutput         *self);
void              tc_headless_output_flush        (TcHeadlessOutput         *self);
gboolean          tc_headless_output_failed       (TcHeadlessOutput         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcHeadlessOutput, tc_headless_output_free)

G_END_DECLS
