/* tc-raw-framer.c: no framing: what each read brings, or what came until a quiet gap
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-raw-framer.h"
#include "tc-line-framer.h"
#include "tc-message-buffer.h"

#include <string.h>

/* A raw stream has no boundary to come back to, so nothing is ever
 * dropped: a message reaching the maximum size is delivered there and the
 * next one goes on from the following byte. With a gap of 0 each push is
 * a message (one read); with a gap, pushes are joined until the owner,
 * who keeps the time, says the stream was quiet (tc_framer_flush()).
 * Nothing is ever incomplete either, so none is flagged.
 */
struct _TcRawFramer
{
  TcFramer         parent_instance;

  guint            idle_gap_ms;
  gsize            max_size;
  TcMessageBuffer  buffer;
};

G_DEFINE_FINAL_TYPE (TcRawFramer, tc_raw_framer, TC_TYPE_FRAMER)

static void
tc_raw_framer_finalize (GObject *object)
{
  tc_message_buffer_clear (&TC_RAW_FRAMER (object)->buffer);

  G_OBJECT_CLASS (tc_raw_framer_parent_class)->finalize (object);
}

static void
tc_raw_framer_init (TcRawFramer *self)
{
}

/**
 * tc_raw_framer_new:
 * @idle_gap_ms: how long the peer must pause between two messages; 0:
 *   each read is one
 * @max_size: the longest message; 0 for the default
 *
 * Returns: (transfer full): a framer
 */
TcRawFramer *
tc_raw_framer_new (guint idle_gap_ms,
                   gsize max_size)
{
  TcRawFramer *self = g_object_new (TC_TYPE_RAW_FRAMER, NULL);

  self->idle_gap_ms = idle_gap_ms;
  self->max_size = max_size > 0 ? max_size : TC_LINE_FRAMER_DEFAULT_MAX_LINE;

  return self;
}

static gsize
tc_raw_framer_get_max_size (TcFramer *framer)
{
  return TC_RAW_FRAMER (framer)->max_size;
}

/* Applies at once: the bytes held so far go out first if they reach it. */
static void
tc_raw_framer_set_max_size (TcFramer *framer,
                            gsize     max_size)
{
  TC_RAW_FRAMER (framer)->max_size = max_size;
}

static gsize
tc_raw_framer_get_pending (TcFramer *framer)
{
  return TC_RAW_FRAMER (framer)->buffer.len;
}

static guint
tc_raw_framer_get_idle_gap_ms (TcFramer *framer)
{
  return TC_RAW_FRAMER (framer)->idle_gap_ms;
}

static void
deliver (const char   *data,
         gsize         len,
         gint64        time_us,
         TcFramerFunc  func,
         gpointer      user_data)
{
  TcMessage message = {
    .data = data,
    .len = len,
    .time_us = time_us,
    .terminator = "",
    .terminator_len = 0,
  };

  func (&message, user_data);
}

static void
tc_raw_framer_flush (TcFramer     *framer,
                     TcFramerFunc  func,
                     gpointer      user_data)
{
  TcRawFramer *self = TC_RAW_FRAMER (framer);
  gint64 time_us = g_get_real_time ();

  /* In pieces of the maximum, should it have shrunk meanwhile. */
  for (gsize at = 0; at < self->buffer.len; at += self->max_size)
    deliver (self->buffer.data + at, MIN (self->buffer.len - at, self->max_size), time_us,
             func, user_data);
  tc_message_buffer_reset (&self->buffer);
}

static void
tc_raw_framer_push (TcFramer     *framer,
                    const char   *data,
                    gsize         len,
                    TcFramerFunc  func,
                    gpointer      user_data)
{
  TcRawFramer *self = TC_RAW_FRAMER (framer);
  gint64 time_us = g_get_real_time ();

  if (self->idle_gap_ms == 0)
    {
      for (gsize at = 0; at < len; at += self->max_size)
        deliver (data + at, MIN (len - at, self->max_size), time_us, func, user_data);
      return;
    }

  while (len > 0)
    {
      gsize room = self->max_size > self->buffer.len ? self->max_size - self->buffer.len : 0;
      gsize take = MIN (room, len);

      tc_message_buffer_append (&self->buffer, data, take, self->max_size);
      data += take;
      len -= take;

      if (self->buffer.len >= self->max_size)
        tc_raw_framer_flush (framer, func, user_data);
    }
}

static void
tc_raw_framer_finish (TcFramer     *framer,
                      TcFramerFunc  func,
                      gpointer      user_data)
{
  tc_raw_framer_flush (framer, func, user_data);
}

/* The bytes, as they are. */
static gboolean
tc_raw_framer_encode (TcFramer             *framer,
                      GByteArray           *out,
                      const GOutputVector  *parts,
                      gsize                 n_parts,
                      GError              **error)
{
  return tc_framer_append_framed (out, NULL, 0, parts, n_parts, NULL, 0);
}

static void
tc_raw_framer_class_init (TcRawFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tc_raw_framer_finalize;

  framer_class->push = tc_raw_framer_push;
  framer_class->finish = tc_raw_framer_finish;
  framer_class->flush = tc_raw_framer_flush;
  framer_class->get_idle_gap_ms = tc_raw_framer_get_idle_gap_ms;
  framer_class->get_pending = tc_raw_framer_get_pending;
  framer_class->get_max_size = tc_raw_framer_get_max_size;
  framer_class->set_max_size = tc_raw_framer_set_max_size;
  framer_class->encode = tc_raw_framer_encode;
}
