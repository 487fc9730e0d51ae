/* tc-framer.h: cuts a byte stream into messages and wraps outgoing ones
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-line.h"

G_BEGIN_DECLS

#define TC_TYPE_FRAMER (tc_framer_get_type ())

G_DECLARE_INTERFACE (TcFramer, tc_framer, TC, FRAMER, GObject)

/**
 * TcFramerFunc:
 * @message: one message, valid during the call only (its bytes, flags,
 *   terminator and time are borrowed from the framer or the caller)
 * @user_data: what was given with the function
 *
 * Called once per complete message, in order. A plain function pointer, not
 * a signal: a flood delivers millions of messages a second.
 */
typedef void (*TcFramerFunc) (const TcLine *message,
                              gpointer      user_data);

/**
 * TcFramerInterface:
 * @push: feeds bytes in any split; calls the function for each message they
 *   complete. Memory held for an unfinished message stays bounded by the
 *   maximum message size (plus what the framing needs to recognise its end).
 * @finish: the stream ended: delivers what is held as a final message,
 *   flagged %TC_LINE_FLAG_NO_NEWLINE (no terminator), so nothing is lost.
 * @get_pending: bytes of an unfinished message held in memory.
 * @get_max_size: the longest message delivered whole; longer ones are
 *   flagged %TC_LINE_FLAG_TRUNCATED.
 * @set_max_size: changes it, from the next message on.
 * @begin_message: starts one outgoing message at the end of @out (a length
 *   prefix would reserve its room here); returns the length @out had.
 *   Optional: by default nothing goes before a message.
 * @end_message: the message's content was appended after what
 *   @begin_message added: completes it (a terminator, a prefix filled in).
 *   Fails for a message this framing cannot carry, e.g. too long for its
 *   prefix; the caller then cuts @out back to @start.
 *
 * Encoding is split in two so that a caller builds a message in place
 * (the relay writes "[peer] " and the text straight into one shared
 * buffer of many messages) without a copy per message.
 */
struct _TcFramerInterface
{
  GTypeInterface parent_iface;

  void      (*push)          (TcFramer      *self,
                              const char    *data,
                              gsize          len,
                              TcFramerFunc   func,
                              gpointer       user_data);
  void      (*finish)        (TcFramer      *self,
                              TcFramerFunc   func,
                              gpointer       user_data);
  gsize     (*get_pending)   (TcFramer      *self);
  gsize     (*get_max_size)  (TcFramer      *self);
  void      (*set_max_size)  (TcFramer      *self,
                              gsize          max_size);
  gsize     (*begin_message) (TcFramer      *self,
                              GByteArray    *out);
  gboolean  (*end_message)   (TcFramer      *self,
                              GByteArray    *out,
                              gsize          start,
                              GError       **error);
};

void      tc_framer_push          (TcFramer      *self,
                                   const char    *data,
                                   gsize          len,
                                   TcFramerFunc   func,
                                   gpointer       user_data);
void      tc_framer_finish        (TcFramer      *self,
                                   TcFramerFunc   func,
                                   gpointer       user_data);
gsize     tc_framer_get_pending   (TcFramer      *self);
gsize     tc_framer_get_max_size  (TcFramer      *self);
void      tc_framer_set_max_size  (TcFramer      *self,
                                   gsize          max_size);
gsize     tc_framer_begin_message (TcFramer      *self,
                                   GByteArray    *out);
gboolean  tc_framer_end_message   (TcFramer      *self,
                                   GByteArray    *out,
                                   gsize          start,
                                   GError       **error);
gboolean  tc_framer_encode_into   (TcFramer      *self,
                                   GByteArray    *out,
                                   const void    *data,
                                   gsize          len,
                                   GError       **error);
GBytes   *tc_framer_encode        (TcFramer      *self,
                                   const void    *data,
                                   gsize          len,
                                   GError       **error);

G_END_DECLS
