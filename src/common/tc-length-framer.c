/* tc-length-framer.c: a length prefix, then that many bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-length-framer.h"
#include "tc-error.h"
#include "tc-line-framer.h"
#include "tc-message-buffer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A message is delivered with its prefix as the header, so that what
 * framed it can be shown. A length past the maximum (up to 4 GiB from a
 * u32) never sizes a buffer: the first max_size bytes are kept, the rest
 * skipped and counted, and the next prefix is read after them.
 */
struct _TcLengthFramer
{
  TcFramer         parent_instance;

  TcLengthPrefix   prefix;
  gsize            prefix_size;
  TcMaxSize        max_size;

  guint8           header[4];
  gsize            header_len;   /* prefix bytes received so far */
  guint64          length;       /* what the prefix said, once whole */
  TcMessageBuffer  buffer;       /* the payload's first max_size bytes */
};

G_DEFINE_FINAL_TYPE (TcLengthFramer, tc_length_framer, TC_TYPE_FRAMER)

gsize
tc_length_prefix_get_size (TcLengthPrefix prefix)
{
  switch (prefix)
    {
    case TC_LENGTH_PREFIX_U8:
      return 1;
    case TC_LENGTH_PREFIX_U16BE:
    case TC_LENGTH_PREFIX_U16LE:
      return 2;
    case TC_LENGTH_PREFIX_U32BE:
    case TC_LENGTH_PREFIX_U32LE:
      return 4;
    default:
      g_return_val_if_reached (1);
    }
}

/* The longest payload the prefix can say. */
guint64
tc_length_prefix_get_max (TcLengthPrefix prefix)
{
  return (G_GUINT64_CONSTANT (1) << (8 * tc_length_prefix_get_size (prefix))) - 1;
}

guint64
tc_length_prefix_decode (TcLengthPrefix  prefix,
                         const guint8   *b)
{
  switch (prefix)
    {
    case TC_LENGTH_PREFIX_U8:
      return b[0];
    case TC_LENGTH_PREFIX_U16BE:
      return (guint64) b[0] << 8 | b[1];
    case TC_LENGTH_PREFIX_U16LE:
      return (guint64) b[1] << 8 | b[0];
    case TC_LENGTH_PREFIX_U32BE:
      return (guint64) b[0] << 24 | (guint64) b[1] << 16 | (guint64) b[2] << 8 | b[3];
    case TC_LENGTH_PREFIX_U32LE:
      return (guint64) b[3] << 24 | (guint64) b[2] << 16 | (guint64) b[1] << 8 | b[0];
    default:
      g_return_val_if_reached (0);
    }
}

static void
encode_prefix (TcLengthPrefix  prefix,
               guint64         length,
               guint8         *b)
{
  switch (prefix)
    {
    case TC_LENGTH_PREFIX_U8:
      b[0] = (guint8) length;
      break;
    case TC_LENGTH_PREFIX_U16BE:
      b[0] = (guint8) (length >> 8);
      b[1] = (guint8) length;
      break;
    case TC_LENGTH_PREFIX_U16LE:
      b[0] = (guint8) length;
      b[1] = (guint8) (length >> 8);
      break;
    case TC_LENGTH_PREFIX_U32BE:
      b[0] = (guint8) (length >> 24);
      b[1] = (guint8) (length >> 16);
      b[2] = (guint8) (length >> 8);
      b[3] = (guint8) length;
      break;
    case TC_LENGTH_PREFIX_U32LE:
      b[0] = (guint8) length;
      b[1] = (guint8) (length >> 8);
      b[2] = (guint8) (length >> 16);
      b[3] = (guint8) (length >> 24);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
tc_length_framer_finalize (GObject *object)
{
  tc_message_buffer_clear (&TC_LENGTH_FRAMER (object)->buffer);

  G_OBJECT_CLASS (tc_length_framer_parent_class)->finalize (object);
}

static void
tc_length_framer_init (TcLengthFramer *self)
{
}

/**
 * tc_length_framer_new:
 * @prefix: how the length is written
 * @max_size: the longest payload kept whole; 0 for the default
 *
 * Returns: (transfer full): a framer
 */
TcLengthFramer *
tc_length_framer_new (TcLengthPrefix prefix,
                      gsize          max_size)
{
  TcLengthFramer *self;

  g_return_val_if_fail (prefix <= TC_LENGTH_PREFIX_U32LE, NULL);

  self = g_object_new (TC_TYPE_LENGTH_FRAMER, NULL);
  self->prefix = prefix;
  self->prefix_size = tc_length_prefix_get_size (prefix);
  tc_max_size_init (&self->max_size, max_size);

  return self;
}

static gsize
tc_length_framer_get_max_size (TcFramer *framer)
{
  return TC_LENGTH_FRAMER (framer)->max_size.next;
}

static void
tc_length_framer_set_max_size (TcFramer *framer,
                               gsize     max_size)
{
  TcLengthFramer *self = TC_LENGTH_FRAMER (framer);

  tc_max_size_set (&self->max_size, max_size, self->header_len > 0);
}

static gsize
tc_length_framer_get_pending (TcFramer *framer)
{
  TcLengthFramer *self = TC_LENGTH_FRAMER (framer);

  return self->header_len + self->buffer.len;
}

static void
deliver (TcLengthFramer *self,
         const char     *header,
         gsize           header_len,
         const char     *data,
         guint64         total,
         gboolean        whole,
         gint64          time_us,
         TcFramerFunc    func,
         gpointer        user_data)
{
  TcMessage message = {
    .data = data != NULL ? data : "",
    .time_us = time_us,
    .terminator = "",
    .terminator_len = 0,
    .header = header,
    .header_len = header_len,
  };

  if (!whole)
    message.flags |= TC_MESSAGE_FLAG_NO_TERMINATOR;
  if (header_len == self->prefix_size)
    {
      message.has_prefix_value = TRUE;
      message.prefix_value = tc_length_prefix_decode (self->prefix, (const guint8 *) header);
    }

  tc_framer_deliver_bounded (&message, total, self->max_size.now, func, user_data);
}

static void
reset_message (TcLengthFramer *self)
{
  tc_message_buffer_reset (&self->buffer);
  self->header_len = 0;
  self->length = 0;
  tc_max_size_next_message (&self->max_size);
}

static void
tc_length_framer_push (TcFramer     *framer,
                       const char   *data,
                       gsize         len,
                       TcFramerFunc  func,
                       gpointer      user_data)
{
  TcLengthFramer *self = TC_LENGTH_FRAMER (framer);
  gint64 time_us = g_get_real_time ();

  while (len > 0)
    {
      gsize take;

      if (self->header_len == 0 && len >= self->prefix_size)
        {
          guint64 length = tc_length_prefix_decode (self->prefix, (const guint8 *) data);

          if (len - self->prefix_size >= length)
            {
              /* Whole in this read: passed on from it, not copied. */
              deliver (self, data, self->prefix_size, data + self->prefix_size, length, TRUE,
                       time_us, func, user_data);
              reset_message (self);
              data += self->prefix_size + length;
              len -= self->prefix_size + length;
              continue;
            }
        }

      if (self->header_len < self->prefix_size)
        {
          take = MIN (len, self->prefix_size - self->header_len);
          memcpy (self->header + self->header_len, data, take);
          self->header_len += take;
          data += take;
          len -= take;

          if (self->header_len < self->prefix_size)
            break;
          self->length = tc_length_prefix_decode (self->prefix, self->header);
        }
      else
        {
          take = (gsize) MIN ((guint64) len, self->length - self->buffer.seen);
          tc_message_buffer_append (&self->buffer, data, take,
                                    (gsize) MIN (self->length, (guint64) self->max_size.now));
          data += take;
          len -= take;
        }

      if (self->buffer.seen == self->length)
        {
          deliver (self, (const char *) self->header, self->prefix_size, self->buffer.data,
                   self->length, TRUE, time_us, func, user_data);
          reset_message (self);
        }
    }
}

/* A frame cut short by the end of the stream is delivered, flagged, with
 * as much of its prefix and payload as came.
 */
static void
tc_length_framer_finish (TcFramer     *framer,
                         TcFramerFunc  func,
                         gpointer      user_data)
{
  TcLengthFramer *self = TC_LENGTH_FRAMER (framer);

  if (self->header_len == 0)
    return;

  deliver (self, (const char *) self->header, self->header_len, self->buffer.data,
           self->buffer.seen, FALSE, g_get_real_time (), func, user_data);
  reset_message (self);
}

static gboolean
tc_length_framer_encode (TcFramer             *framer,
                         GByteArray           *out,
                         const GOutputVector  *parts,
                         gsize                 n_parts,
                         GError              **error)
{
  TcLengthFramer *self = TC_LENGTH_FRAMER (framer);
  guint64 limit = tc_length_prefix_get_max (self->prefix);
  guint8 header[4];
  gsize total = tc_framer_parts_size (parts, n_parts);

  if (total > limit)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_MESSAGE_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A message of %zu byte is too long for a %zu-byte length prefix, "
                                "which says at most %llu",
                                "A message of %zu bytes is too long for a %zu-byte length prefix, "
                                "which says at most %llu", total),
                   total, self->prefix_size, (unsigned long long) limit);
      return FALSE;
    }

  if (total > self->max_size.next)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_MESSAGE_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A message of %zu byte is longer than the maximum "
                                "message size, %zu bytes",
                                "A message of %zu bytes is longer than the maximum "
                                "message size, %zu bytes", total),
                   total, self->max_size.next);
      return FALSE;
    }

  encode_prefix (self->prefix, total, header);
  return tc_framer_append_framed (out, header, self->prefix_size, parts, n_parts, NULL, 0);
}

static void
tc_length_framer_class_init (TcLengthFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tc_length_framer_finalize;

  framer_class->push = tc_length_framer_push;
  framer_class->finish = tc_length_framer_finish;
  framer_class->get_pending = tc_length_framer_get_pending;
  framer_class->get_max_size = tc_length_framer_get_max_size;
  framer_class->set_max_size = tc_length_framer_set_max_size;
  framer_class->encode = tc_length_framer_encode;
}
