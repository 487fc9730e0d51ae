/* hostile-util.c: child servers and memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hostile-util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Resident memory of @pid (0: this process) in KiB, from /proc. */
gsize
hostile_rss_kib (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  path = pid == 0 ? g_strdup ("/proc/self/status") : g_strdup_printf ("/proc/%d/status", pid);
  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);

  field = strstr (status, "\nVmRSS:");
  g_assert_nonnull (field);

  return (gsize) g_ascii_strtoull (field + strlen ("\nVmRSS:"), NULL, 10);
}

#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HOSTILE_ASAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define HOSTILE_ASAN 1
#endif

/* Valgrind and AddressSanitizer keep freed memory aside on purpose, so the
 * resident size says nothing about what the program holds: the memory
 * bounds are asserted in the plain build only.
 */
gboolean
hostile_rss_is_meaningful (void)
{
#ifdef HOSTILE_ASAN
  return FALSE;
#else
  return !tc_test_under_valgrind ();
#endif
}

/* Child processes */

static void child_read_next (HostileChild *child,
                             GInputStream *pipe);

/* One callback for both pipes: the stream says which it is. */
static void
child_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostileChild *child = user_data;
  g_autoptr(GError) error = NULL;
  gboolean is_err;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the child may be gone: touch nothing */

  is_err = G_INPUT_STREAM (object) == child->stderr_pipe;
  if (n <= 0)
    {
      if (is_err)
        child->err_eof = TRUE;
      else
        child->out_eof = TRUE;
      return;
    }

  g_string_append_len (is_err ? child->err : child->out,
                       is_err ? child->err_buffer : child->buffer, n);
  child_read_next (child, G_INPUT_STREAM (object));
}

static void
child_read_next (HostileChild *child,
                 GInputStream *pipe)
{
  gboolean is_err = pipe == child->stderr_pipe;

  g_input_stream_read_async (pipe,
                             is_err ? child->err_buffer : child->buffer,
                             is_err ? sizeof child->err_buffer : sizeof child->buffer,
                             G_PRIORITY_DEFAULT, child->cancellable, child_read_cb, child);
}

static void
child_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostileChild *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    return;

  child->exited = TRUE;
  child->exit_status = g_subprocess_get_status (G_SUBPROCESS (object));
}

/* Starts @argv with stdout to a pipe that @context reads; call with
 * @context pushed as the thread default.
 */
HostileChild *
hostile_child_spawn (GMainContext       *context,
                     const char * const *argv)
{
  return hostile_child_spawn_full (context, argv, HOSTILE_CHILD_NONE);
}

/* As hostile_child_spawn(); with %HOSTILE_CHILD_CAPTURE_STDERR, stderr is
 * read into ->err as well (err_eof at its end).
 */
HostileChild *
hostile_child_spawn_full (GMainContext       *context,
                          const char * const *argv,
                          HostileChildFlags   flags)
{
  g_autoptr(GError) error = NULL;
  HostileChild *child = g_new0 (HostileChild, 1);
  GSubprocessFlags process_flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE;

  if (flags & HOSTILE_CHILD_CAPTURE_STDERR)
    process_flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;

  child->context = g_main_context_ref (context);
  child->out = g_string_new (NULL);
  child->err = g_string_new (NULL);
  child->err_eof = (flags & HOSTILE_CHILD_CAPTURE_STDERR) == 0;
  child->cancellable = g_cancellable_new ();
  child->process = g_subprocess_newv (argv, process_flags, &error);
  g_assert_no_error (error);
  child->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (child->process));

  child_read_next (child, child->stdout_pipe);
  if (flags & HOSTILE_CHILD_CAPTURE_STDERR)
    {
      child->stderr_pipe = g_object_ref (g_subprocess_get_stderr_pipe (child->process));
      child_read_next (child, child->stderr_pipe);
    }
  g_subprocess_wait_async (child->process, child->cancellable, child_wait_cb, child);

  return child;
}

/* Waits until the child exited on its own and its output ended; returns
 * its exit status (failing the test if a signal ended it).
 */
int
hostile_child_wait_exit (HostileChild *child,
                         guint         timeout_ms)
{
  TC_WAIT_UNTIL (child->context, child->exited && child->out_eof && child->err_eof, timeout_ms);
  g_assert_true (g_subprocess_get_if_exited (child->process));

  return g_subprocess_get_exit_status (child->process);
}

/* Waits for "listening on HOST:PORT" and returns PORT. */
guint16
hostile_child_wait_port (HostileChild *child)
{
  const char *found;
  const char *colon;
  guint64 port = 0;

  TC_WAIT_UNTIL (child->context,
                 (found = strstr (child->out->str, "listening on ")) != NULL &&
                 strchr (found, '\n') != NULL,
                 10000);

  /* The port is after the last ':' before the end of that line, which also
   * covers "[::1]:PORT".
   */
  colon = NULL;
  for (const char *p = found; *p != '\n' && *p != '\0'; p++)
    if (*p == ':')
      colon = p;
  g_assert_nonnull (colon);
  port = g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, 65535);

  return (guint16) port;
}

GPid
hostile_child_get_pid (HostileChild *child)
{
  const char *id = g_subprocess_get_identifier (child->process);

  g_assert_nonnull (id);
  return (GPid) atoi (id);
}

/* SIGTERM, then waits for a clean exit and the end of its output. */
void
hostile_child_terminate (HostileChild *child)
{
  if (!child->exited)
    g_subprocess_send_signal (child->process, SIGTERM);

  TC_WAIT_UNTIL (child->context, child->exited && child->out_eof, 10000);
  g_assert_cmpint (child->exit_status, ==, 0);
}

void
hostile_child_free (HostileChild *child)
{
  if (child == NULL)
    return;

  if (!child->exited)
    {
      g_subprocess_force_exit (child->process);
      TC_WAIT_UNTIL (child->context, child->exited, 10000);
    }

  g_cancellable_cancel (child->cancellable);
  tc_test_drain (child->context);
  g_clear_object (&child->cancellable);
  g_clear_object (&child->stdout_pipe);
  g_clear_object (&child->stderr_pipe);
  g_clear_object (&child->process);
  g_string_free (child->out, TRUE);
  g_string_free (child->err, TRUE);
  g_main_context_unref (child->context);
  g_free (child);
}
