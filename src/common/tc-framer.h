/* tc-framer.h: cuts a byte stream into messages and wraps outgoing ones
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-message.h"

G_BEGIN_DECLS

#define TC_TYPE_FRAMER (tc_framer_get_type ())

G_DECLARE_DERIVABLE_TYPE (TcFramer, tc_framer, TC, FRAMER, GObject)

/**
 * TcFramerFunc:
 * @message: one message, valid during the call only (its bytes, flags,
 *   terminator and time are borrowed from the framer or the caller)
 * @user_data: what was given with the function
 *
 * Called once per complete message, in order. A plain function pointer, not
 * a signal: a flood delivers millions of messages a second.
 */
typedef void (*TcFramerFunc) (const TcMessage *message,
                              gpointer      user_data);

/**
 * TcFramerClass:
 * @push: feeds bytes in any split; calls the function for each message they
 *   complete. Memory held for an unfinished message stays bounded by the
 *   maximum message size (plus what the framing needs to recognise its end).
 * @finish: the stream ended: delivers what is held as a final message,
 *   flagged %TC_MESSAGE_FLAG_NO_TERMINATOR (no terminator), so nothing is lost.
 * @get_pending: bytes of an unfinished message held in memory.
 * @get_max_size: the longest message delivered whole; longer ones are
 *   flagged %TC_MESSAGE_FLAG_TRUNCATED.
 * @set_max_size: changes it, from the next message on.
 * @encode: appends one outgoing message, whose content is @parts one
 *   after the other, to @out, framed (a terminator after it, a length
 *   before it). Fails for a message this framing cannot carry, e.g. too
 *   long for its length prefix; what it appended is then cut off again.
 * @get_idle_gap_ms: how long the stream must stay quiet before what is
 *   held counts as a message (0: never; the default). The framer keeps no
 *   clock: its owner times the gap and calls @flush.
 * @flush: the idle gap passed: delivers what is held as a complete
 *   message. The default does nothing.
 *
 * A message is given in parts so that a caller builds it from pieces (the
 * relay: "[", the peer, "] ", the text) straight into one buffer of many
 * messages, without copying them together first, and so that a framing
 * that puts the length first knows it before it writes anything.
 *
 * An abstract class, as GIO's streams are, rather than an interface: the
 * relay frames every message it forwards, and a call through the class
 * reaches its function with a load, where an interface first looks its
 * vtable up; the base class is also where what every framing shares can
 * go. Pushing costs one call per read (up to 64 KiB), never one per
 * message.
 */
struct _TcFramerClass
{
  GObjectClass parent_class;

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
  gboolean  (*encode)        (TcFramer             *self,
                              GByteArray           *out,
                              const GOutputVector  *parts,
                              gsize                 n_parts,
                              GError              **error);
  guint     (*get_idle_gap_ms) (TcFramer    *self);
  void      (*flush)         (TcFramer      *self,
                              TcFramerFunc   func,
                              gpointer       user_data);

  gpointer padding[6];
};

void      tc_framer_push          (TcFramer      *self,
                                   const char    *data,
                                   gsize          len,
                                   TcFramerFunc   func,
                                   gpointer       user_data);
void      tc_framer_finish        (TcFramer      *self,
                                   TcFramerFunc   func,
                                   gpointer       user_data);
void      tc_framer_flush         (TcFramer      *self,
                                   TcFramerFunc   func,
                                   gpointer       user_data);
guint     tc_framer_get_idle_gap_ms (TcFramer    *self);
gsize     tc_framer_get_pending   (TcFramer      *self);
gsize     tc_framer_get_max_size  (TcFramer      *self);
void      tc_framer_set_max_size  (TcFramer      *self,
                                   gsize          max_size);
gboolean  tc_framer_encode_vectors (TcFramer            *self,
                                    GByteArray          *out,
                                    const GOutputVector *parts,
                                    gsize                n_parts,
                                    GError             **error);
gboolean  tc_framer_encode_into   (TcFramer      *self,
                                   GByteArray    *out,
                                   const void    *data,
                                   gsize          len,
                                   GError       **error);
GBytes   *tc_framer_encode        (TcFramer      *self,
                                   const void    *data,
                                   gsize          len,
                                   GError       **error);

/* For the framings themselves: what they all do the same way. */
void      tc_framer_deliver_bounded (TcMessage           *message,
                                     guint64              total,
                                     gsize                max_size,
                                     TcFramerFunc         func,
                                     gpointer             user_data);
gsize     tc_framer_parts_size      (const GOutputVector *parts,
                                     gsize                n_parts);
gboolean  tc_framer_append_framed   (GByteArray          *out,
                                     const void          *header,
                                     gsize                header_len,
                                     const GOutputVector *parts,
                                     gsize                n_parts,
                                     const void          *trailer,
                                     gsize                trailer_len);

G_END_DECLS
