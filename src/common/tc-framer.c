/* tc-framer.c: cuts a byte stream into messages and wraps outgoing ones
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-framer.h"

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
