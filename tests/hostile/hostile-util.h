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
gboolean  hostile_rss_is_meaningful  (void);

typedef enum
{
  HOSTILE_CHILD_NONE           = 0,
  HOSTILE_CHILD_CAPTURE_STDERR = 1 << 0,  /* stderr into ->err, not the test's */
} HostileChildFlags;

/* The real tcpchat-server (or client) as a child process, its stdout (and
 * optionally stderr) read as it comes; stdin is a pipe.
 */
typedef struct
{
  GMainContext  *context;
  GSubprocess   *process;
  GInputStream  *stdout_pipe;
  GInputStream  *stderr_pipe;
  GCancellable  *cancellable;
  GString       *out;
  GString       *err;
  gboolean       out_eof;
  gboolean       err_eof;
  gboolean       exited;
  int            exit_status;
  char           buffer[16 * 1024];
  char           err_buffer[4 * 1024];
} HostileChild;

HostileChild *hostile_child_spawn       (GMainContext       *context,
                                         const char * const *argv);
HostileChild *hostile_child_spawn_full  (GMainContext       *context,
                                         const char * const *argv,
                                         HostileChildFlags   flags);
int           hostile_child_wait_exit   (HostileChild       *child,
                                         guint               timeout_ms);
guint16       hostile_child_wait_port   (HostileChild       *child);
GPid          hostile_child_get_pid     (HostileChild       *child);
void          hostile_child_terminate   (HostileChild       *child);
void          hostile_child_free        (HostileChild       *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HostileChild, hostile_child_free)

G_END_DECLS
