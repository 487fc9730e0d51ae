/* tc-file-sender.c: a file sent as raw bytes or line by line on a connection, read as the
 * connection drains
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-file-sender.h"

#include "tc-source.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <inttypes.h>
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

  /* Line by line: each line a message of the session. Lines are cut in
   * pending[head..], scanned up to scan; the timing runs from the first
   * line, so that a late line does not delay the ones after it. */
  TcSession            *session;
  GByteArray           *pending;
  gsize                 head;
  gsize                 scan;
  gboolean              eof;
  guint                 delay_ms;
  guint64               lines_sent;
  gint64                start_us;
  gint64                paused_us;
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
  g_clear_object (&self->session);
  g_clear_pointer (&self->pending, g_byte_array_unref);
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

static gboolean feed_cb (gpointer user_data);

static gboolean
read_error (TcFileSender *self)
{
  int saved = errno;
  GError *error = NULL;

  g_set_error (&error, G_IO_ERROR, g_io_error_from_errno (saved),
               _("cannot read %s: %s"), self->path, g_strerror (saved));
  finish (self, error);
  return FALSE;
}

/* With a delay between lines, whether the next one is due; if not, it
 * is sent when it is.
 */
static gboolean
line_is_due (TcFileSender *self)
{
  gint64 due, now;

  if (self->delay_ms == 0 || self->lines_sent == 0)
    return TRUE;

  due = self->start_us + (gint64) self->lines_sent * self->delay_ms * 1000;
  now = g_get_monotonic_time ();
  if (now >= due)
    return TRUE;

  self->idle = tc_source_add ((guint) ((due - now + 999) / 1000), feed_cb, self);
  return FALSE;
}

/* Reads the next chunk after the unsent part of the line; a line too
 * long or a failed read finishes the send.
 */
static gboolean
read_chunk (TcFileSender *self)
{
  gsize kept = self->pending->len - self->head;
  gssize n;

  if (kept >= TC_FILE_SENDER_MAX_LINE)
    {
      GError *error = NULL;

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   /* TRANSLATORS: a line number, a file, a size in bytes */
                   _("line %" PRIu64 " of %s is longer than %u bytes"),
                   (uint64_t) (self->lines_sent + 1), self->path, TC_FILE_SENDER_MAX_LINE);
      finish (self, error);
      return FALSE;
    }

  /* What was sent goes: the buffer never holds more than a line and a chunk. */
  memmove (self->pending->data, self->pending->data + self->head, kept);
  self->scan -= self->head;
  self->head = 0;
  g_byte_array_set_size (self->pending, (guint) (kept + TC_FILE_SENDER_CHUNK));
  do
    n = read (self->fd, self->pending->data + kept, TC_FILE_SENDER_CHUNK);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    {
      g_byte_array_set_size (self->pending, (guint) kept);
      return read_error (self);
    }
  g_byte_array_set_size (self->pending, (guint) (kept + (gsize) n));
  self->scan = kept;
  self->eof = n == 0;

  return TRUE;
}

/* Sends the next line, or waits for its time. Returns whether to go on. */
static gboolean
feed_line (TcFileSender *self)
{
  const guint8 *newline = NULL;
  const guint8 *line;
  gsize consumed, line_len;
  GError *error = NULL;

  if (!line_is_due (self))
    return FALSE;

  while ((newline = memchr (self->pending->data + self->scan, '\n',
                            self->pending->len - self->scan)) == NULL && !self->eof)
    {
      if (!read_chunk (self))
        return FALSE;
    }

  line = self->pending->data + self->head;
  if (newline != NULL)
    {
      consumed = (gsize) (newline - line) + 1;
      line_len = consumed - 1;
    }
  else
    {
      /* The end of the file: its last line may have no ending. */
      consumed = line_len = self->pending->len - self->head;
      if (consumed == 0)
        {
          finish (self, NULL);
          return FALSE;
        }
    }
  /* The line's own ending goes: the session adds its own. */
  if (line_len > 0 && line[line_len - 1] == '\r')
    line_len--;

  if (self->lines_sent == 0)
    self->start_us = g_get_monotonic_time ();
  if (tc_session_send_data (self->session, self->connection, line, line_len, &error) == 0)
    {
      finish (self, error);
      return FALSE;
    }
  self->head += consumed;
  self->scan = self->head;
  self->sent += consumed;
  self->lines_sent++;

  return TRUE;
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

      if (self->session != NULL)
        {
          if (!feed_line (self))
            return;
          continue;
        }

      buffer = g_malloc (TC_FILE_SENDER_CHUNK);
      do
        n = read (self->fd, buffer, TC_FILE_SENDER_CHUNK);
      while (n < 0 && errno == EINTR);

      if (n < 0)
        {
          read_error (self);
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

  if (self->paused == paused)
    return;
  self->paused = paused;

  /* The time paused does not count: the lines after it keep their pace. */
  if (paused)
    self->paused_us = g_get_monotonic_time ();
  else if (self->lines_sent > 0)
    self->start_us += g_get_monotonic_time () - self->paused_us;

  if (!paused && self->connection != NULL)
    {
      tc_source_clear (&self->idle);
      self->idle = tc_source_add (0, feed_cb, self);
    }
}

/**
 * tc_file_sender_set_lines:
 * @session: (nullable): send each line of the file as a message of
 *   @session, with its framing and line ending; %NULL for raw bytes
 * @delay_ms: with @session, the time from one line to the next
 *
 * A line ends at LF; its own ending (LF or CRLF) is not sent. Call before
 * tc_file_sender_start().
 */
void
tc_file_sender_set_lines (TcFileSender *self,
                          TcSession    *session,
                          guint         delay_ms)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (session == NULL || TC_IS_SESSION (session));
  g_return_if_fail (self->connection == NULL);

  g_set_object (&self->session, session);
  self->delay_ms = session != NULL ? delay_ms : 0;
  if (session != NULL && self->pending == NULL)
    self->pending = g_byte_array_sized_new (TC_FILE_SENDER_CHUNK);
}

guint64
tc_file_sender_get_lines_sent (TcFileSender *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lines_sent;
}
