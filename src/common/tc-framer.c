/* tc-framer.c: cuts a byte stream into messages and wraps outgoing ones
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-framer.h"

#include <string.h>

G_DEFINE_ABSTRACT_TYPE (TcFramer, tc_framer, G_TYPE_OBJECT)

static guint
tc_framer_real_get_idle_gap_ms (TcFramer *self)
{
  return 0;
}

static void
tc_framer_real_flush (TcFramer     *self,
                      TcFramerFunc  func,
                      gpointer      user_data)
{
}

static void
tc_framer_class_init (TcFramerClass *klass)
{
  klass->get_idle_gap_ms = tc_framer_real_get_idle_gap_ms;
  klass->flush = tc_framer_real_flush;
}

static void
tc_framer_init (TcFramer *self)
{
}

/**
 * tc_framer_push:
 * @self: a #TcFramer
 * @data: (array length=len): bytes of the stream, in any split
 * @len: how many
 * @func: called for each message the bytes complete
 * @user_data: passed to @func
 *
 * The bytes need not outlive the call: a message that needs no joining
 * may be handed to @func straight from @data.
 */
void
tc_framer_push (TcFramer     *self,
                const char   *data,
                gsize         len,
                TcFramerFunc  func,
                gpointer      user_data)
{
  g_return_if_fail (TC_IS_FRAMER (self));
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (func != NULL);

  if (len == 0)
    return;

  TC_FRAMER_GET_CLASS (self)->push (self, data, len, func, user_data);
}

/* Ends the stream: an unfinished last message is delivered, flagged. */
void
tc_framer_finish (TcFramer     *self,
                  TcFramerFunc  func,
                  gpointer      user_data)
{
  g_return_if_fail (TC_IS_FRAMER (self));
  g_return_if_fail (func != NULL);

  TC_FRAMER_GET_CLASS (self)->finish (self, func, user_data);
}

/* The stream was quiet for the idle gap: what is held is a message. */
void
tc_framer_flush (TcFramer     *self,
                 TcFramerFunc  func,
                 gpointer      user_data)
{
  g_return_if_fail (TC_IS_FRAMER (self));
  g_return_if_fail (func != NULL);

  TC_FRAMER_GET_CLASS (self)->flush (self, func, user_data);
}

/**
 * tc_framer_get_idle_gap_ms:
 * @self: a #TcFramer
 *
 * Returns: the quiet time, in milliseconds, after which the owner calls
 *   tc_framer_flush() while bytes are pending; 0 when it need not
 */
guint
tc_framer_get_idle_gap_ms (TcFramer *self)
{
  g_return_val_if_fail (TC_IS_FRAMER (self), 0);

  return TC_FRAMER_GET_CLASS (self)->get_idle_gap_ms (self);
}

gsize
tc_framer_get_pending (TcFramer *self)
{
  g_return_val_if_fail (TC_IS_FRAMER (self), 0);

  return TC_FRAMER_GET_CLASS (self)->get_pending (self);
}

gsize
tc_framer_get_max_size (TcFramer *self)
{
  g_return_val_if_fail (TC_IS_FRAMER (self), 0);

  return TC_FRAMER_GET_CLASS (self)->get_max_size (self);
}

/* From the next message on: the one in progress keeps the limit it began
 * under.
 */
void
tc_framer_set_max_size (TcFramer *self,
                        gsize     max_size)
{
  g_return_if_fail (TC_IS_FRAMER (self));
  g_return_if_fail (max_size > 0);

  TC_FRAMER_GET_CLASS (self)->set_max_size (self, max_size);
}

/**
 * tc_framer_encode_vectors:
 * @self: a #TcFramer
 * @out: the buffer the message goes into, after what it holds
 * @parts: (array length=n_parts): the message's content, in pieces
 * @n_parts: how many
 * @error: where to say why the message cannot be sent
 *
 * Appends one message, framed. On failure @out is as it was, so the
 * messages before it stay whole.
 */
gboolean
tc_framer_encode_vectors (TcFramer             *self,
                          GByteArray           *out,
                          const GOutputVector  *parts,
                          gsize                 n_parts,
                          GError              **error)
{
  guint len_before;

  g_return_val_if_fail (TC_IS_FRAMER (self), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (parts != NULL || n_parts == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len_before = out->len;
  if (TC_FRAMER_GET_CLASS (self)->encode (self, out, parts, n_parts, error))
    return TRUE;

  g_byte_array_set_size (out, len_before);
  return FALSE;
}

/* Appends one message with @data as its content to @out. */
gboolean
tc_framer_encode_into (TcFramer    *self,
                       GByteArray  *out,
                       const void  *data,
                       gsize        len,
                       GError     **error)
{
  GOutputVector part = { data, len };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return tc_framer_encode_vectors (self, out, &part, 1, error);
}

/**
 * tc_framer_encode:
 * @self: a #TcFramer
 * @data: (array length=len): the message's content
 * @len: its length
 * @error: where to say why it cannot be sent
 *
 * Returns: (transfer full) (nullable): the message as it goes on the wire
 */
GBytes *
tc_framer_encode (TcFramer    *self,
                  const void  *data,
                  gsize        len,
                  GError     **error)
{
  g_autoptr(GByteArray) out = NULL;

  g_return_val_if_fail (TC_IS_FRAMER (self), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (len < G_MAXUINT - 64, NULL);

  out = g_byte_array_sized_new ((guint) len + 8);
  if (!tc_framer_encode_into (self, out, data, len, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * tc_framer_deliver_bounded:
 * @message: a message with everything but its length set
 * @total: how many bytes of content it had on the wire
 * @max_size: the most that is delivered
 *
 * Passes @message to @func with @total as its length, or, past @max_size,
 * with the first @max_size bytes, flagged truncated with the rest counted.
 */
void
tc_framer_deliver_bounded (TcMessage    *message,
                           guint64       total,
                           gsize         max_size,
                           TcFramerFunc  func,
                           gpointer      user_data)
{
  if (total > max_size)
    {
      message->len = max_size;
      message->flags |= TC_MESSAGE_FLAG_TRUNCATED;
      message->discarded = total - max_size;
    }
  else
    {
      message->len = (gsize) total;
    }

  func (message, user_data);
}

/* Returns: the bytes of all @parts together */
gsize
tc_framer_parts_size (const GOutputVector *parts,
                      gsize                n_parts)
{
  gsize total = 0;

  for (gsize i = 0; i < n_parts; i++)
    total += parts[i].size;

  return total;
}

/**
 * tc_framer_append_framed:
 * @header: (nullable): bytes before the content (a length prefix)
 * @trailer: (nullable): bytes after it (a terminator)
 *
 * Appends @header, @parts one after the other and @trailer to @out, with
 * one resize.
 *
 * Returns: %FALSE when @out would pass what a #GByteArray holds (4 GiB);
 *   no caller builds one near that
 */
gboolean
tc_framer_append_framed (GByteArray          *out,
                         const void          *header,
                         gsize                header_len,
                         const GOutputVector *parts,
                         gsize                n_parts,
                         const void          *trailer,
                         gsize                trailer_len)
{
  gsize total = header_len + tc_framer_parts_size (parts, n_parts) + trailer_len;
  guint8 *p;

  g_return_val_if_fail (total <= G_MAXUINT - out->len, FALSE);

  g_byte_array_set_size (out, out->len + (guint) total);
  p = out->data + out->len - total;

  if (header_len > 0)
    memcpy (p, header, header_len);
  p += header_len;
  for (gsize i = 0; i < n_parts; i++)
    {
      if (parts[i].size > 0)
        memcpy (p, parts[i].buffer, parts[i].size);
      p += parts[i].size;
    }
  if (trailer_len > 0)
    memcpy (p, trailer, trailer_len);

  return TRUE;
}
