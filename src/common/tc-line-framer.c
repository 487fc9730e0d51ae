/* tc-line-framer.c: splits a byte stream into lines, with bounded memory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-line-framer.h"
#include "tc-message-buffer.h"

#include <string.h>

/* A partial line buffer larger than this is freed once the line is done,
 * so an idle connection does not keep the memory of its longest line.
 */
#define KEEP_BUFFER_SIZE 4096

struct _TcLineFramer
{
  TcFramer parent_instance;

  TcMaxSize max_line;

  /* The start of the line being received, up to max_line + 1 bytes: the
   * extra byte holds a '\r' that a following '\n' may turn out to end.
   */
  char    *buf;
  gsize    len;
  gsize    alloc;

  /* Bytes past the buffer's capacity, dropped but counted. */
  guint64  overflow;
  char     last_overflow_byte;
};

G_DEFINE_FINAL_TYPE (TcLineFramer, tc_line_framer, TC_TYPE_FRAMER)

static void
tc_line_framer_finalize (GObject *object)
{
  TcLineFramer *self = TC_LINE_FRAMER (object);

  g_free (self->buf);

  G_OBJECT_CLASS (tc_line_framer_parent_class)->finalize (object);
}

static void
tc_line_framer_init (TcLineFramer *self)
{
  tc_max_size_init (&self->max_line, 0);
}

/**
 * tc_line_framer_new:
 * @max_line: the longest line kept whole, in bytes; 0 for the default
 *
 * Returns: (transfer full): a line framer
 */
TcLineFramer *
tc_line_framer_new (gsize max_line)
{
  TcLineFramer *self = g_object_new (TC_TYPE_LINE_FRAMER, NULL);

  tc_max_size_init (&self->max_line, max_line);

  return self;
}

static gsize
tc_line_framer_get_max_size (TcFramer *framer)
{
  return TC_LINE_FRAMER (framer)->max_line.next;
}

/* Takes effect from the next line on: the line in progress is cut, or not,
 * by the limit it started under.
 */
static void
tc_line_framer_set_max_size (TcFramer *framer,
                             gsize     max_line)
{
  TcLineFramer *self = TC_LINE_FRAMER (framer);

  tc_max_size_set (&self->max_line, max_line, self->len > 0 || self->overflow > 0);
}

/* Bytes of an unfinished line held in memory. */
static gsize
tc_line_framer_get_pending (TcFramer *framer)
{
  return TC_LINE_FRAMER (framer)->len;
}

static void
append_partial (TcLineFramer *self,
                const char   *data,
                gsize         len)
{
  gsize capacity = self->max_line.now + 1;
  gsize room = capacity > self->len ? capacity - self->len : 0;
  gsize take = MIN (room, len);

  if (take > 0)
    {
      if (self->len + take > self->alloc)
        {
          gsize alloc = MAX (self->alloc * 2, 256);

          alloc = MIN (MAX (alloc, self->len + take), capacity);
          self->buf = g_realloc (self->buf, alloc);
          self->alloc = alloc;
        }

      memcpy (self->buf + self->len, data, take);
      self->len += take;
    }

  if (take < len)
    {
      self->overflow += len - take;
      self->last_overflow_byte = data[len - 1];
    }
}

/* Delivers the line whose stored start is data[0..len) and of which
 * overflow more bytes were dropped; a final '\r' is part of the line
 * ending when with_newline is set, and the line says so (CRLF).
 */
static void
deliver (TcLineFramer *self,
         const char   *data,
         gsize         len,
         guint64       overflow,
         char          last_overflow_byte,
         gboolean      with_newline,
         gint64        time_us,
         TcFramerFunc  func,
         gpointer      user_data)
{
  guint64 total = len + overflow;
  char last = overflow > 0 ? last_overflow_byte : (len > 0 ? data[len - 1] : '\0');
  TcMessage line = { .data = data, .time_us = time_us, .terminator = "\n", .terminator_len = 1 };

  if (with_newline && total > 0 && last == '\r')
    {
      total--;
      line.flags |= TC_MESSAGE_FLAG_CRLF;
      line.terminator = "\r\n";
      line.terminator_len = 2;
    }

  if (!with_newline)
    {
      line.flags |= TC_MESSAGE_FLAG_NO_TERMINATOR;
      line.terminator = "";
      line.terminator_len = 0;
    }

  tc_framer_deliver_bounded (&line, total, self->max_line.now, func, user_data);
}

static void
reset_partial (TcLineFramer *self)
{
  self->len = 0;
  self->overflow = 0;
  tc_max_size_next_message (&self->max_line);

  if (self->alloc > KEEP_BUFFER_SIZE)
    {
      g_clear_pointer (&self->buf, g_free);
      self->alloc = 0;
    }
}

/* Lines that need no joining are passed straight from @data. */
static void
tc_line_framer_push (TcFramer     *framer,
                     const char   *data,
                     gsize         len,
                     TcFramerFunc  func,
                     gpointer      user_data)
{
  TcLineFramer *self = TC_LINE_FRAMER (framer);
  const char *p = data;
  const char *end = data + len;
  gint64 time_us = g_get_real_time ();

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        {
          append_partial (self, p, end - p);
          break;
        }

      if (self->len == 0 && self->overflow == 0)
        {
          deliver (self, p, nl - p, 0, '\0', TRUE, time_us, func, user_data);
        }
      else
        {
          append_partial (self, p, nl - p);
          deliver (self, self->buf, self->len, self->overflow, self->last_overflow_byte,
                   TRUE, time_us, func, user_data);
          reset_partial (self);
        }

      p = nl + 1;
    }
}

/* An unterminated last line is delivered, flagged %TC_MESSAGE_FLAG_NO_TERMINATOR,
 * so nothing a peer sent is lost.
 */
static void
tc_line_framer_finish (TcFramer     *framer,
                       TcFramerFunc  func,
                       gpointer      user_data)
{
  TcLineFramer *self = TC_LINE_FRAMER (framer);

  if (self->len == 0 && self->overflow == 0)
    return;

  deliver (self, self->buf, self->len, self->overflow, self->last_overflow_byte,
           FALSE, g_get_real_time (), func, user_data);
  reset_partial (self);
}

/* A line goes out as its bytes and one "\n", whatever they hold. The
 * buffer grows once per line: each append would check for room again.
 */
static gboolean
tc_line_framer_encode (TcFramer             *framer,
                       GByteArray           *out,
                       const GOutputVector  *parts,
                       gsize                 n_parts,
                       GError              **error)
{
  return tc_framer_append_framed (out, NULL, 0, parts, n_parts, "\n", 1);
}

static void
tc_line_framer_class_init (TcLineFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tc_line_framer_finalize;

  framer_class->push = tc_line_framer_push;
  framer_class->finish = tc_line_framer_finish;
  framer_class->get_pending = tc_line_framer_get_pending;
  framer_class->get_max_size = tc_line_framer_get_max_size;
  framer_class->set_max_size = tc_line_framer_set_max_size;
  framer_class->encode = tc_line_framer_encode;
}
