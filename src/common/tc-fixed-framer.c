/* tc-fixed-framer.c: every N bytes a message
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-fixed-framer.h"
#include "tc-error.h"
#include "tc-line-framer.h"
#include "tc-message-buffer.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct _TcFixedFramer
{
  TcFramer         parent_instance;

  gsize            size;
  TcMaxSize        max_size;
  TcMessageBuffer  buffer;  /* the message's first min (size, max_size) bytes */
};

G_DEFINE_FINAL_TYPE (TcFixedFramer, tc_fixed_framer, TC_TYPE_FRAMER)

static void
tc_fixed_framer_finalize (GObject *object)
{
  tc_message_buffer_clear (&TC_FIXED_FRAMER (object)->buffer);

  G_OBJECT_CLASS (tc_fixed_framer_parent_class)->finalize (object);
}

static void
tc_fixed_framer_init (TcFixedFramer *self)
{
}

/**
 * tc_fixed_framer_new:
 * @size: the length of every message; at least 1
 * @max_size: the longest message kept whole (a larger @size truncates
 *   every one); 0 for the default
 *
 * Returns: (transfer full): a framer
 */
TcFixedFramer *
tc_fixed_framer_new (gsize size,
                     gsize max_size)
{
  TcFixedFramer *self;

  g_return_val_if_fail (size > 0, NULL);

  self = g_object_new (TC_TYPE_FIXED_FRAMER, NULL);
  self->size = size;
  tc_max_size_init (&self->max_size, max_size);

  return self;
}

static gsize
tc_fixed_framer_get_max_size (TcFramer *framer)
{
  return TC_FIXED_FRAMER (framer)->max_size.next;
}

static void
tc_fixed_framer_set_max_size (TcFramer *framer,
                              gsize     max_size)
{
  TcFixedFramer *self = TC_FIXED_FRAMER (framer);

  tc_max_size_set (&self->max_size, max_size, self->buffer.seen > 0);
}

static gsize
tc_fixed_framer_get_pending (TcFramer *framer)
{
  return TC_FIXED_FRAMER (framer)->buffer.len;
}

static void
deliver (TcFixedFramer *self,
         const char    *data,
         guint64        total,
         gint64         time_us,
         TcFramerFunc   func,
         gpointer       user_data)
{
  TcMessage message = {
    .data = data,
    .time_us = time_us,
    .terminator = "",
    .terminator_len = 0,
  };

  tc_framer_deliver_bounded (&message, total, self->max_size.now, func, user_data);
}

static void
reset_message (TcFixedFramer *self)
{
  tc_message_buffer_reset (&self->buffer);
  tc_max_size_next_message (&self->max_size);
}

static void
tc_fixed_framer_push (TcFramer     *framer,
                      const char   *data,
                      gsize         len,
                      TcFramerFunc  func,
                      gpointer      user_data)
{
  TcFixedFramer *self = TC_FIXED_FRAMER (framer);
  gint64 time_us = g_get_real_time ();

  while (len > 0)
    {
      gsize take;

      if (self->buffer.seen == 0 && len >= self->size)
        {
          /* Whole in this read: passed on from it, not copied. */
          deliver (self, data, self->size, time_us, func, user_data);
          reset_message (self);
          data += self->size;
          len -= self->size;
          continue;
        }

      take = (gsize) MIN ((guint64) len, self->size - self->buffer.seen);
      tc_message_buffer_append (&self->buffer, data, take, MIN (self->size, self->max_size.now));
      data += take;
      len -= take;

      if (self->buffer.seen == self->size)
        {
          deliver (self, self->buffer.data, self->size, time_us, func, user_data);
          reset_message (self);
        }
    }
}

/* Fewer than N bytes at the end: delivered, flagged incomplete. */
static void
tc_fixed_framer_finish (TcFramer     *framer,
                        TcFramerFunc  func,
                        gpointer      user_data)
{
  TcFixedFramer *self = TC_FIXED_FRAMER (framer);

  if (tc_message_buffer_finish (&self->buffer, self->max_size.now, func, user_data))
    reset_message (self);
}

/* Exactly N bytes or nothing: padding would put bytes on the wire that
 * the peer takes for data, and cutting would lose some; the person sending
 * decides what fills the frame.
 */
static gboolean
tc_fixed_framer_encode (TcFramer             *framer,
                        GByteArray           *out,
                        const GOutputVector  *parts,
                        gsize                 n_parts,
                        GError              **error)
{
  TcFixedFramer *self = TC_FIXED_FRAMER (framer);
  gsize total = tc_framer_parts_size (parts, n_parts);

  if (total != self->size)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_WRONG_MESSAGE_SIZE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Every message is %zu byte long in this framing; "
                                "this one has %zu (nothing is padded or cut)",
                                "Every message is %zu bytes long in this framing; "
                                "this one has %zu (nothing is padded or cut)",
                                self->size),
                   self->size, total);
      return FALSE;
    }

  return tc_framer_append_framed (out, NULL, 0, parts, n_parts, NULL, 0);
}

static void
tc_fixed_framer_class_init (TcFixedFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tc_fixed_framer_finalize;

  framer_class->push = tc_fixed_framer_push;
  framer_class->finish = tc_fixed_framer_finish;
  framer_class->get_pending = tc_fixed_framer_get_pending;
  framer_class->get_max_size = tc_fixed_framer_get_max_size;
  framer_class->set_max_size = tc_fixed_framer_set_max_size;
  framer_class->encode = tc_fixed_framer_encode;
}
