/* tc-file-sender.c: a file sent as raw bytes on a connection, read as the connection drains
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-file-sender.h"

#include "tc-source.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* Memory stays constant whatever the size: the file is read only while the
 * connection is below its high-water mark, one chunk at a time. */

struct _TcFileSender
{
  char                 *path;
  TcConnection         *connection;
  TcFileSenderDoneFunc  func;
  gpointer              user_data;
  gulong                congested_id;
  GSource              *idle;
  goffset               size;
  guint64               sent;
  int                   fd;
  gboolean              paused;
  gboolean              done;
};

/**
 * tc_file_sender_new:
 * @path: a file to read; opened now, so that a bad path is said at once
 */
TcFileSender *
tc_file_sender_new (const char  *path,
                    GError     **error)
{
  TcFileSender *self;
  struct stat st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot read %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("cannot read %s: it is a folder"), path);
      return NULL;
    }

  self = g_new0 (TcFileSender, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->size = S_ISREG (st.st_mode) ? (goffset) st.st_size : -1;

  return self;
}

static void
stop (TcFileSender *self)
{
  tc_source_clear (&self->idle);
  if (self->connection != NULL)
    {
      g_clear_signal_handler (&self->congested_id, self->connection);
      g_clear_object (&self->connection);
    }
}

void
tc_file_sender_free (TcFileSender *self)
{
  if (self == NULL)
    return;

  stop (self);
  if (self->fd >= 0)
    close (self->fd);
  g_free (self->path);
  g_free (self);
}

/* The file's size, -1 when it is not a regular file (a pipe). */
goffset
tc_file_sender_get_size (TcFileSender *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->size;
}

guint64
tc_file_sender_get_sent (TcFileSender *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sent;
}

static void
finish (TcFileSender *self,
        GError       *error)
{
  g_autoptr(TcConnection) connection = g_object_ref (self->connection);

  self->done = TRUE;
  stop (self);
  self->func (connection, self->sent, error, self->user_data);
  g_clear_error (&error);
}

static void
feed (TcFileSender *self)
{
  while (!self->done && !self->paused && !tc_connection_get_congested (self->connection))
    {
      g_autofree guint8 *buffer = NULL;
      g_autoptr(GBytes) bytes = NULL;
      GError *error = NULL;
      gssize n;

      if (tc_connection_get_state (self->connection) != TC_SOCKET_STATE_CONNECTED)
        {
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("the connection closed"));
          finish (self, error);
          return;
        }

      buffer = g_malloc (TC_FILE_SENDER_CHUNK);
      do
        n = read (self->fd, buffer, TC_FILE_SENDER_CHUNK);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          int saved = errno;

          g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("cannot read %s: %s"), self->path, g_strerror (saved));
          finish (self, error);
          return;
        }
      if (n == 0)
        {
          finish (self, NULL);
          return;
        }

      bytes = g_bytes_new_take (g_steal_pointer (&buffer), (gsize) n);
      if (!tc_connection_send_bytes (self->connection, bytes, 0, &error))
        {
          finish (self, error);
          return;
        }
      self->sent += (guint64) n;
    }
}

static gboolean
feed_cb (gpointer user_data)
{
  TcFileSender *self = user_data;

  g_clear_pointer (&self->idle, g_source_unref);
  feed (self);

  return G_SOURCE_REMOVE;
}

static void
on_congested_changed (TcConnection *connection,
                      GParamSpec   *pspec,
                      gpointer      user_data)
{
  TcFileSender *self = user_data;

  /* Not from inside the connection's write callback. */
  if (!tc_connection_get_congested (connection) && self->idle == NULL)
    self->idle = tc_source_add (0, feed_cb, self);
}

/**
 * tc_file_sender_start:
 * @connection: where the bytes go, as they are: no framing
 * @func: called once, at the end of the file or on a failure
 */
void
tc_file_sender_start (TcFileSender         *self,
                      TcConnection         *connection,
                      TcFileSenderDoneFunc  func,
                      gpointer              user_data)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (TC_IS_CONNECTION (connection));
  g_return_if_fail (func != NULL);
  g_return_if_fail (self->connection == NULL && !self->done);

  self->connection = g_object_ref (connection);
  self->func = func;
  self->user_data = user_data;
  self->congested_id = g_signal_connect (connection, "notify::congested",
                                         G_CALLBACK (on_congested_changed), self);
  self->idle = tc_source_add (0, feed_cb, self);
}

void
tc_file_sender_set_paused (TcFileSender *self,
                           gboolean      paused)
{
  g_return_if_fail (self != NULL);

  self->paused = paused;
  if (!paused && self->connection != NULL && self->idle == NULL)
    self->idle = tc_source_add (0, feed_cb, self);
}
