/* tc-test-child.c: our programs (or any other) as child processes, their output read as it comes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-test-child.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "tc-test-util.h"

#define READ_CHUNK (64 * 1024)

/* A memory error or a definite leak in a program makes it exit with this
 * status, which no test expects.
 */
#define VALGRIND_FAILURE_STATUS 99

typedef struct
{
  TcTestChild *child;
  GString     *sink;
  gboolean    *done;
} ReadJob;

static void read_more (GInputStream *stream,
                       ReadJob      *job);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadJob *job = user_data;
  TcTestChild *child = job->child;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      /* At the end, or when the test closes it: the pipe's read end goes. */
      g_input_stream_close (G_INPUT_STREAM (object), NULL, NULL);
      *job->done = TRUE;
      g_free (job);
      return;
    }

  g_string_append_len (job->sink, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* The reader of stdout leaves, as "| head -c N" does. */
  if (job->sink == child->out && child->out_limit > 0 && job->sink->len >= child->out_limit)
    {
      g_input_stream_close (G_INPUT_STREAM (object), NULL, NULL);
      *job->done = TRUE;
      g_free (job);
      return;
    }

  read_more (G_INPUT_STREAM (object), job);
}

static void
read_more (GInputStream *stream,
           ReadJob      *job)
{
  TcTestChild *child = job->child;

  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   job->sink == child->out
                                   ? child->out_cancellable : child->cancellable,
                                   read_cb, job);
}

static void
read_start (TcTestChild  *child,
            GInputStream *stream,
            GString      *sink,
            gboolean     *done)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->child = child;
  job->sink = sink;
  job->done = done;
  read_more (stream, job);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  TcTestChild *child = user_data;

  /* Not cancellable: the child is freed only once this ran. */
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  child->status = g_subprocess_get_status (G_SUBPROCESS (object));
  child->exited = TRUE;
}

static gboolean
is_our_program (const char *path)
{
  const char *server = g_getenv ("TCPCHAT_SERVER");
  const char *client = g_getenv ("TCPCHAT_CLIENT");

  return (server != NULL && g_str_equal (path, server)) ||
         (client != NULL && g_str_equal (path, client));
}

/* argv, or argv run under valgrind when it starts one of our programs and
 * the suite runs under valgrind.
 */
static GStrv
wrap_argv (const char * const *argv,
           TcTestChildFlags    flags)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (tc_test_under_valgrind () && (flags & TC_TEST_CHILD_NO_VALGRIND) == 0 &&
      is_our_program (argv[0]))
    {
      g_autofree char *suppressions =
        g_strdup_printf ("--suppressions=%s/valgrind.supp", g_getenv ("TCPCHAT_TESTS_SRCDIR"));
      g_autofree char *status =
        g_strdup_printf ("--error-exitcode=%d", VALGRIND_FAILURE_STATUS);

      g_strv_builder_add_many (builder, "valgrind", "--quiet", status, "--leak-check=full",
                               "--errors-for-leak-kinds=definite",
                               "--show-leak-kinds=definite", suppressions, NULL);
    }
  g_strv_builder_addv (builder, (const char **) argv);

  return g_strv_builder_end (builder);
}

/* Starts @argv with stdout read by @context (call with @context pushed as
 * the thread default); stdin is a pipe, or the file @stdin_path when given.
 */
TcTestChild *
tc_test_child_spawn (GMainContext       *context,
                     const char         *stdin_path,
                     TcTestChildFlags    flags,
                     const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) wrapped = NULL;
  GSubprocessFlags process_flags = G_SUBPROCESS_FLAGS_STDOUT_PIPE;
  TcTestChild *child = g_new0 (TcTestChild, 1);

  if (stdin_path == NULL)
    process_flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
  if (flags & TC_TEST_CHILD_CAPTURE_STDERR)
    process_flags |= G_SUBPROCESS_FLAGS_STDERR_PIPE;

  launcher = g_subprocess_launcher_new (process_flags);
  if (flags & TC_TEST_CHILD_NO_DISPLAY)
    {
      g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
      g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
    }
  if (stdin_path != NULL)
    g_subprocess_launcher_set_stdin_file_path (launcher, stdin_path);

  wrapped = wrap_argv (argv, flags);
  child->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) wrapped,
                                                 &error);
  g_assert_no_error (error);
  child->context = g_main_context_ref (context);
  child->cancellable = g_cancellable_new ();
  child->out_cancellable = g_cancellable_new ();
  child->out = g_string_new (NULL);
  child->err = g_string_new (NULL);
  if (stdin_path == NULL)
    child->in = g_object_ref (g_subprocess_get_stdin_pipe (child->process));

  read_start (child, g_subprocess_get_stdout_pipe (child->process), child->out,
              &child->out_done);
  if (flags & TC_TEST_CHILD_CAPTURE_STDERR)
    read_start (child, g_subprocess_get_stderr_pipe (child->process), child->err,
                &child->err_done);
  else
    child->err_done = TRUE;
  g_subprocess_wait_async (child->process, NULL, wait_cb, child);

  return child;
}

void
tc_test_child_write (TcTestChild *child,
                     const char  *data,
                     gssize       len)
{
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (child->in);
  g_output_stream_write_all (child->in, data, len < 0 ? strlen (data) : (gsize) len,
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

void
tc_test_child_close_stdin (TcTestChild *child)
{
  g_output_stream_close (child->in, NULL, NULL);
}

/* The reader of the child's stdout leaves, as "| head" does when done. */
void
tc_test_child_close_stdout (TcTestChild *child)
{
  g_cancellable_cancel (child->out_cancellable);
}

/* Waits for exit and the end of the outputs; returns the exit status, or
 * -1 when a signal ended the child.
 */
int
tc_test_child_wait (TcTestChild *child,
                    guint        timeout_ms)
{
  TC_WAIT_UNTIL (child->context, child->exited && child->out_done && child->err_done,
                 timeout_ms);

  if (!g_subprocess_get_if_exited (child->process))
    {
      g_test_message ("killed by signal %d", g_subprocess_get_term_sig (child->process));
      return -1;
    }

  return g_subprocess_get_exit_status (child->process);
}

/* As tc_test_child_wait(), failing the test if a signal ended the child. */
int
tc_test_child_wait_exit (TcTestChild *child,
                         guint        timeout_ms)
{
  TC_WAIT_UNTIL (child->context, child->exited && child->out_done && child->err_done,
                 timeout_ms);
  g_assert_true (g_subprocess_get_if_exited (child->process));

  return g_subprocess_get_exit_status (child->process);
}

/* Waits for "listening on HOST:PORT" on stdout and returns PORT. */
guint16
tc_test_child_wait_port (TcTestChild *child)
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
tc_test_child_get_pid (TcTestChild *child)
{
  const char *id = g_subprocess_get_identifier (child->process);

  g_assert_nonnull (id);
  return (GPid) atoi (id);
}

/* SIGTERM, then waits for a clean exit and the end of its output. */
void
tc_test_child_terminate (TcTestChild *child)
{
  if (!child->exited)
    g_subprocess_send_signal (child->process, SIGTERM);

  TC_WAIT_UNTIL (child->context, child->exited && child->out_done, 10000);
  g_assert_cmpint (child->status, ==, 0);
}

/* Kills the child if it still runs and waits until nothing of it is
 * pending, so no callback is left to touch it.
 */
void
tc_test_child_free (TcTestChild *child)
{
  if (child == NULL)
    return;

  if (!child->exited)
    g_subprocess_force_exit (child->process);
  TC_WAIT_UNTIL (child->context, child->exited, 10000);
  g_cancellable_cancel (child->cancellable);
  g_cancellable_cancel (child->out_cancellable);
  TC_WAIT_UNTIL (child->context, child->out_done && child->err_done, 5000);
  tc_test_drain (child->context);

  g_clear_object (&child->process);
  g_clear_object (&child->in);
  g_clear_object (&child->cancellable);
  g_clear_object (&child->out_cancellable);
  g_string_free (child->out, TRUE);
  g_string_free (child->err, TRUE);
  g_main_context_unref (child->context);
  g_free (child);
}
