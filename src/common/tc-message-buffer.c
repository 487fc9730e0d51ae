/* tc-message-buffer.c: the start of a message being received, kept up to a bound
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-message-buffer.h"

#include "tc-line-framer.h"

#include <string.h>

/* A buffer larger than this is freed once its message is done, so an idle
 * connection does not keep the memory of its longest message.
 */
#define KEEP_BUFFER_SIZE 4096

/* 0 stands for the default. */
void
tc_max_size_init (TcMaxSize *self,
                  gsize      max_size)
{
  self->now = max_size > 0 ? max_size : TC_LINE_FRAMER_DEFAULT_MAX_LINE;
  self->next = self->now;
}

void
tc_max_size_set (TcMaxSize *self,
                 gsize      max_size,
                 gboolean   in_message)
{
  self->next = max_size;
  if (!in_message)
    self->now = max_size;
}

/* Keeps what fits below @capacity and counts all of it. */
void
tc_message_buffer_append (TcMessageBuffer *self,
                          const char      *data,
                          gsize            len,
                          gsize            capacity)
{
  gsize room = capacity > self->len ? capacity - self->len : 0;
  gsize take = MIN (room, len);

  self->seen += len;

  if (take == 0)
    return;

  if (self->len + take > self->alloc)
    {
      gsize alloc = MAX (self->alloc * 2, 256);

      alloc = MIN (MAX (alloc, self->len + take), capacity);
      self->data = g_realloc (self->data, alloc);
      self->alloc = alloc;
    }

  memcpy (self->data + self->len, data, take);
  self->len += take;
}

/* Ready for the next message. */
void
tc_message_buffer_reset (TcMessageBuffer *self)
{
  self->len = 0;
  self->seen = 0;

  if (self->alloc > KEEP_BUFFER_SIZE)
    {
      g_clear_pointer (&self->data, g_free);
      self->alloc = 0;
    }
}

void
tc_message_buffer_clear (TcMessageBuffer *self)
{
  g_clear_pointer (&self->data, g_free);
  self->len = 0;
  self->alloc = 0;
  self->seen = 0;
}

/* The stream ended inside a message: what is held of it is delivered,
 * flagged as having no terminator. Returns: whether anything was held;
 * the caller then starts its next message.
 */
gboolean
tc_message_buffer_finish (TcMessageBuffer *self,
                          gsize            max_size,
                          TcFramerFunc     func,
                          gpointer         user_data)
{
  TcMessage message = {
    .data = self->data,
    .time_us = g_get_real_time (),
    .terminator = "",
    .terminator_len = 0,
    .flags = TC_MESSAGE_FLAG_NO_TERMINATOR,
  };

  if (self->seen == 0)
    return FALSE;

  tc_framer_deliver_bounded (&message, self->seen, max_size, func, user_data);
  return TRUE;
}
