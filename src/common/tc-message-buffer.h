/* tc-message-buffer.h: the start of a message being received, kept up to a bound
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the framers share: a message's first bytes up to a capacity, the
 * rest only counted, so that no input makes one grow past its bound.
 */
typedef struct
{
  char    *data;
  gsize    len;    /* bytes kept, at most the capacity given to append */
  gsize    alloc;
  guint64  seen;   /* bytes of the message so far, kept or not */
} TcMessageBuffer;

void  tc_message_buffer_append  (TcMessageBuffer *self,
                                 const char      *data,
                                 gsize            len,
                                 gsize            capacity);
void  tc_message_buffer_reset   (TcMessageBuffer *self);
void  tc_message_buffer_clear   (TcMessageBuffer *self);

G_END_DECLS
