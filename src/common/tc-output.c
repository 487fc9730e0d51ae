/* tc-output.c: what the headless modes need to know about their stdout
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-output.h"

#include <sys/stat.h>

/**
 * tc_output_ignore_sigpipe:
 *
 * A write to a pipe or socket whose reader has gone then fails with EPIPE
 * instead of killing the process, so that connections can still be closed
 * in order. GSocket does the same, but only once its class is first used.
 */
void
tc_output_ignore_sigpipe (void)
{
  signal (SIGPIPE, SIG_IGN);
}

/**
 * tc_output_watch_reader_gone:
 * @fd: a descriptor written to, such as stdout
 * @func: called when @fd is a pipe whose read end has been closed; it
 *   should return %G_SOURCE_REMOVE
 *
 * Notices that the reader of a pipe has gone while nothing is being
 * written, when no write could fail to tell it. Pipes only: a file never
 * loses its reader, and a terminal or socket says so by failing writes.
 *
 * Returns: the source's id in the thread-default context, or 0 when @fd is
 *   not a pipe
 */
guint
tc_output_watch_reader_gone (int               fd,
                             GUnixFDSourceFunc func,
                             gpointer          user_data)
{
  struct stat st;
  GSource *source;
  guint id;

  g_return_val_if_fail (func != NULL, 0);

  if (fstat (fd, &st) != 0 || !S_ISFIFO (st.st_mode))
    return 0;

  /* poll() reports POLLERR on a pipe's write end once no reader is left. */
  source = g_unix_fd_source_new (fd, G_IO_ERR);
  g_source_set_callback (source, G_SOURCE_FUNC (func), user_data, NULL);
  g_source_set_static_name (source, "[tcpchat] output reader gone");
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);

  return id;
}
