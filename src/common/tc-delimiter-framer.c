/* tc-delimiter-framer.c: messages ended by any byte sequence
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-delimiter-framer.h"
#include "tc-line-framer.h"
#include "tc-message-buffer.h"

#include <string.h>

/* A message ends at the first occurrence of the delimiter, which may come
 * split across reads: a Knuth-Morris-Pratt matcher carries how much of it
 * the stream ended with from one push to the next, so each byte is looked
 * at once and nothing is searched again.
 */
struct _TcDelimiterFramer
{
  TcFramer         parent_instance;

  guint8          *delimiter;
  gsize            delimiter_len;
  gsize           *fallback;       /* KMP: matched length after a mismatch at each length */

  TcMaxSize        max_size;

  /* The message's first max_size + delimiter_len bytes, with the delimiter
   * bytes matched so far: they are content if the match fails.
   */
  TcMessageBuffer  buffer;
  gsize            matched;
};

G_DEFINE_FINAL_TYPE (TcDelimiterFramer, tc_delimiter_framer, TC_TYPE_FRAMER)

static void
tc_delimiter_framer_finalize (GObject *object)
{
  TcDelimiterFramer *self = TC_DELIMITER_FRAMER (object);

  g_free (self->delimiter);
  g_free (self->fallback);
  tc_message_buffer_clear (&self->buffer);

  G_OBJECT_CLASS (tc_delimiter_framer_parent_class)->finalize (object);
}

static void
tc_delimiter_framer_init (TcDelimiterFramer *self)
{
}

/**
 * tc_delimiter_framer_new:
 * @delimiter: (array length=len): the bytes that end a message
 * @len: how many; at least 1
 * @max_size: the longest message kept whole; 0 for the default
 *
 * Returns: (transfer full): a framer
 */
TcDelimiterFramer *
tc_delimiter_framer_new (const void *delimiter,
                         gsize       len,
                         gsize       max_size)
{
  TcDelimiterFramer *self;
  gsize k = 0;

  g_return_val_if_fail (delimiter != NULL, NULL);
  g_return_val_if_fail (len > 0, NULL);

  self = g_object_new (TC_TYPE_DELIMITER_FRAMER, NULL);
  self->delimiter = g_memdup2 (delimiter, len);
  self->delimiter_len = len;
  tc_max_size_init (&self->max_size, max_size);

  /* fallback[i]: the longest proper prefix of delimiter[0..i] that is
   * also a suffix of it.
   */
  self->fallback = g_new0 (gsize, len);
  for (gsize i = 1; i < len; i++)
    {
      while (k > 0 && self->delimiter[i] != self->delimiter[k])
        k = self->fallback[k - 1];
      if (self->delimiter[i] == self->delimiter[k])
        k++;
      self->fallback[i] = k;
    }

  return self;
}

/**
 * tc_delimiter_framer_get_delimiter:
 * @self: a #TcDelimiterFramer
 * @len: (out): its length
 *
 * Returns: (array length=len) (transfer none): the delimiter
 */
const guint8 *
tc_delimiter_framer_get_delimiter (TcDelimiterFramer *self,
                                   gsize             *len)
{
  g_return_val_if_fail (TC_IS_DELIMITER_FRAMER (self), NULL);
  g_return_val_if_fail (len != NULL, NULL);

  *len = self->delimiter_len;
  return self->delimiter;
}

static gsize
tc_delimiter_framer_get_max_size (TcFramer *framer)
{
  return TC_DELIMITER_FRAMER (framer)->max_size.next;
}

static void
tc_delimiter_framer_set_max_size (TcFramer *framer,
                                  gsize     max_size)
{
  TcDelimiterFramer *self = TC_DELIMITER_FRAMER (framer);

  tc_max_size_set (&self->max_size, max_size, self->buffer.seen > 0);
}

static gsize
tc_delimiter_framer_get_pending (TcFramer *framer)
{
  return TC_DELIMITER_FRAMER (framer)->buffer.len;
}

/* Delivers a message of @total content bytes whose first ones are @data,
 * ended by the delimiter. */
static void
deliver (TcDelimiterFramer *self,
         const char        *data,
         guint64            total,
         gint64             time_us,
         TcFramerFunc       func,
         gpointer           user_data)
{
  TcMessage message = {
    .data = data,
    .time_us = time_us,
    .terminator = (const char *) self->delimiter,
    .terminator_len = self->delimiter_len,
  };

  tc_framer_deliver_bounded (&message, total, self->max_size.now, func, user_data);
}

static void
reset_message (TcDelimiterFramer *self)
{
  tc_message_buffer_reset (&self->buffer);
  self->matched = 0;
  tc_max_size_next_message (&self->max_size);
}

static void
tc_delimiter_framer_push (TcFramer     *framer,
                          const char   *data,
                          gsize         len,
                          TcFramerFunc  func,
                          gpointer      user_data)
{
  TcDelimiterFramer *self = TC_DELIMITER_FRAMER (framer);
  const guint8 *bytes = (const guint8 *) data;
  const guint8 *delimiter = self->delimiter;
  gsize start = 0;  /* where the message in progress begins in data */
  gsize i = 0;
  gint64 time_us = g_get_real_time ();

  while (i < len)
    {
      guint8 c;

      /* Outside a match only the delimiter's first byte matters. */
      if (self->matched == 0)
        {
          const guint8 *first = memchr (bytes + i, delimiter[0], len - i);

          if (first == NULL)
            break;
          i = (gsize) (first - bytes);
        }

      c = bytes[i++];
      while (self->matched > 0 && c != delimiter[self->matched])
        self->matched = self->fallback[self->matched - 1];
      if (c == delimiter[self->matched])
        self->matched++;

      if (self->matched < self->delimiter_len)
        continue;

      if (self->buffer.seen == 0)
        {
          /* Whole in this read: passed on from it, not copied. */
          deliver (self, data + start, i - start - self->delimiter_len, time_us,
                   func, user_data);
        }
      else
        {
          tc_message_buffer_append (&self->buffer, data + start, i - start,
                                    self->max_size.now + self->delimiter_len);
          deliver (self, self->buffer.data, self->buffer.seen - self->delimiter_len, time_us,
                   func, user_data);
        }

      reset_message (self);
      start = i;
    }

  if (start < len)
    tc_message_buffer_append (&self->buffer, data + start, len - start,
                              self->max_size.now + self->delimiter_len);
}

/* Bytes after the last delimiter are a last message, flagged: a partial
 * delimiter at their end is content, as it never completed.
 */
static void
tc_delimiter_framer_finish (TcFramer     *framer,
                            TcFramerFunc  func,
                            gpointer      user_data)
{
  TcDelimiterFramer *self = TC_DELIMITER_FRAMER (framer);

  if (tc_message_buffer_finish (&self->buffer, self->max_size.now, func, user_data))
    reset_message (self);
}

/* The message, then the delimiter; a message holding the delimiter is
 * sent as it is (the peer will cut it there): escaping is not this
 * framing's business.
 */
static gboolean
tc_delimiter_framer_encode (TcFramer             *framer,
                            GByteArray           *out,
                            const GOutputVector  *parts,
                            gsize                 n_parts,
                            GError              **error)
{
  TcDelimiterFramer *self = TC_DELIMITER_FRAMER (framer);

  return tc_framer_append_framed (out, NULL, 0, parts, n_parts,
                                  self->delimiter, self->delimiter_len);
}

static void
tc_delimiter_framer_class_init (TcDelimiterFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tc_delimiter_framer_finalize;

  framer_class->push = tc_delimiter_framer_push;
  framer_class->finish = tc_delimiter_framer_finish;
  framer_class->get_pending = tc_delimiter_framer_get_pending;
  framer_class->get_max_size = tc_delimiter_framer_get_max_size;
  framer_class->set_max_size = tc_delimiter_framer_set_max_size;
  framer_class->encode = tc_delimiter_framer_encode;
}
