/* tc-test-child.h: our programs (or any other) as child processes, their output read as it comes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  TC_TEST_CHILD_NONE           = 0,
  TC_TEST_CHILD_CAPTURE_STDERR = 1 << 0,  /* stderr into ->err, not the test's */
  TC_TEST_CHILD_NO_DISPLAY     = 1 << 1,  /* without DISPLAY and WAYLAND_DISPLAY */
  TC_TEST_CHILD_NO_VALGRIND    = 1 << 2,  /* never under valgrind, even in a valgrind run */
} TcTestChildFlags;

/* A child process whose stdout (and optionally stderr) @context reads into
 * ->out (->err); stdin is a pipe (->in) or a file. Under
 * tc_test_under_valgrind() our programs run under valgrind as well.
 */
typedef struct
{
  GMainContext  *context;
  GSubprocess   *process;
  GOutputStream *in;         /* NULL when stdin is a file */
  GString       *out;
  GString       *err;
  gboolean       out_done;   /* stdout ended, or the test closed it */
  gboolean       err_done;   /* stderr ended; TRUE when not captured */
  gboolean       exited;
  int            status;     /* as g_subprocess_get_status(), once exited */
  gsize          out_limit;  /* stdout is closed after this many bytes; 0: never */
  GCancellable  *cancellable;
  GCancellable  *out_cancellable;
} TcTestChild;

TcTestChild *tc_test_child_spawn        (GMainContext       *context,
                                         const char         *stdin_path,
                                         TcTestChildFlags    flags,
                                         const char * const *argv);
void         tc_test_child_write        (TcTestChild        *child,
                                         const char         *data,
                                         gssize              len);
void         tc_test_child_close_stdin  (TcTestChild        *child);
void         tc_test_child_close_stdout (TcTestChild        *child);
int          tc_test_child_wait         (TcTestChild        *child,
                                         guint               timeout_ms);
int          tc_test_child_wait_exit    (TcTestChild        *child,
                                         guint               timeout_ms);
guint16      tc_test_child_wait_port    (TcTestChild        *child);
GPid         tc_test_child_get_pid      (TcTestChild        *child);
void         tc_test_child_terminate    (TcTestChild        *child);
void         tc_test_child_free         (TcTestChild        *child);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcTestChild, tc_test_child_free)

G_END_DECLS
