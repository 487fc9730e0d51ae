/* hostile-util.h: child servers and memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-test-util.h"

G_BEGIN_DECLS

gsize     hostile_rss_kib            (GPid  pid);
gboolean  hostile_under_valgrind     (void);
gboolean  hostile_rss_is_meaningful  (void);

/* The real tcpchat-server (or client) as a child process, its stdout read
 * as it comes.
 */
typedef struct
{
  GMainContext  *context;
  GSubprocess   *process;
  GInputStream  *stdout_pipe;
  GCancellable  *cancellable;
  GString       *out;
  gboolean       out_eof;
  gboolean       exited;
  int            exit_status;
  char           buffer[16 * 1024];
} HostileChild;

HostileChild *hostile_child_spawn       (GMainContext       *context,
                                         const char * const *argv);
guint16       hostile_child_wait_port   (HostileChild       *child);
GPid          hostile_child_get_pid     (HostileChild       *child);
void          hostile_child_terminate   (HostileChild       *child);
void          hostile_child_free        (HostileChild       *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileChild, hostile_child_free)

G_END_DECLS
