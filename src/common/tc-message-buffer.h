/* tc-message-buffer.h: the start of a message being received, kept up to a bound
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "tc-framer.h"

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

/* The longest message kept whole. A change waits for the message in
 * progress to end: it is cut, or not, by the limit it started under.
 */
typedef struct
{
  gsize  now;   /* for the message in progress */
  gsize  next;  /* from the next message on; what the framer reports */
} TcMaxSize;

void  tc_max_size_init          (TcMaxSize       *self,
                                 gsize            max_size);
void  tc_max_size_set           (TcMaxSize       *self,
                                 gsize            max_size,
                                 gboolean         in_message);

/* A message ended: the next one starts under the latest limit. */
static inline void
tc_max_size_next_message (TcMaxSize *self)
{
  self->now = self->next;
}

void  tc_message_buffer_append  (TcMessageBuffer *self,
                                 const char      *data,
                                 gsize            len,
                                 gsize            capacity);
gboolean tc_message_buffer_finish (TcMessageBuffer *self,
                                   gsize            max_size,
                                   TcFramerFunc     func,
                                   gpointer         user_data);
void  tc_message_buffer_reset   (TcMessageBuffer *self);
void  tc_message_buffer_clear   (TcMessageBuffer *self);

G_END_DECLS
