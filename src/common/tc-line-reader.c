/* tc-line-reader.c: lines from a file descriptor such as stdin, read by the main loop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-line-reader.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <unistd.h>

#define READ_CHUNK (64 * 1024)

struct _TcLineReader
{
  TcFramer              *framer;
  GSource               *source;
  int                    fd;
  TcFramerFunc           line_func;
  TcLineReaderBatchFunc  batch_func;
  TcLineReaderEndFunc    end_func;
  gpointer               user_data;
  gboolean               reading;
  gboolean               done;
};

static void update_source (TcLineReader *self);

static void
finish (TcLineReader *self,
        const GError *error)
{
  self->done = TRUE;
  update_source (self);

  /* What came last without a newline still counts. */
  tc_framer_finish (self->framer, self->line_func, self->user_data);
  if (self->batch_func != NULL)
    self->batch_func (self->user_data);
  if (self->end_func != NULL)
    self->end_func (error, self->user_data);
}

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  TcLineReader *self = user_data;
  char buffer[READ_CHUNK];
  gssize n;

  do
    n = read (fd, buffer, sizeof buffer);
  while (n < 0 && errno == EINTR);

  if (n > 0)
    {
      tc_framer_push (self->framer, buffer, (gsize) n, self->line_func, self->user_data);
      if (self->batch_func != NULL && !self->batch_func (self->user_data))
        {
          self->done = TRUE;
          update_source (self);
        }
      return G_SOURCE_CONTINUE;
    }

  if (n < 0 && errno == EAGAIN)
    return G_SOURCE_CONTINUE;

  if (n < 0)
    {
      int saved_errno = errno;
      g_autoptr(GError) error = NULL;

      error = g_error_new (G_IO_ERROR, g_io_error_from_errno (saved_errno),
                           "%s", g_strerror (saved_errno));
      finish (self, error);
    }
  else
    {
      finish (self, NULL);
    }

  return G_SOURCE_CONTINUE;
}

static void
update_source (TcLineReader *self)
{
  gboolean want = self->reading && !self->done;

  if (want && self->source == NULL)
    {
      self->source = g_unix_fd_source_new (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
      g_source_set_callback (self->source, G_SOURCE_FUNC (on_readable), self, NULL);
      g_source_set_static_name (self->source, "[tcpchat] line reader");
      g_source_attach (self->source, g_main_context_get_thread_default ());
    }
  else if (!want && self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}

/**
 * tc_line_reader_new:
 * @fd: a file descriptor to read, not owned
 * @max_line: the longest line kept (see #TcLineFramer)
 * @line_func: called for each line
 * @batch_func: (nullable): called after the lines of each read
 * @end_func: (nullable): called once when the input ends or fails
 *
 * Reads only while reading is on (it starts off), so a caller can stop
 * taking input while what it produced has not gone out yet.
 */
TcLineReader *
tc_line_reader_new (int                    fd,
                    gsize                  max_line,
                    TcFramerFunc           line_func,
                    TcLineReaderBatchFunc  batch_func,
                    TcLineReaderEndFunc    end_func,
                    gpointer               user_data)
{
  TcLineReader *self;

  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (line_func != NULL, NULL);

  self = g_new0 (TcLineReader, 1);
  self->framer = TC_FRAMER (tc_line_framer_new (max_line));
  self->fd = fd;
  self->line_func = line_func;
  self->batch_func = batch_func;
  self->end_func = end_func;
  self->user_data = user_data;

  return self;
}

void
tc_line_reader_free (TcLineReader *self)
{
  if (self == NULL)
    return;

  self->done = TRUE;
  update_source (self);
  g_object_unref (self->framer);
  g_free (self);
}

void
tc_line_reader_set_reading (TcLineReader *self,
                            gboolean      reading)
{
  g_return_if_fail (self != NULL);

  self->reading = !!reading;
  update_source (self);
}

/* Whether the input ended, failed, or was stopped by the batch function. */
gboolean
tc_line_reader_is_done (TcLineReader *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->done;
}
