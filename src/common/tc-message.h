/* tc-message.h: one message of the stream, as bytes plus what happened to it
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  TC_MESSAGE_FLAG_NONE          = 0,
  /* Longer than the maximum: only the first bytes are kept; see discarded. */
  TC_MESSAGE_FLAG_TRUNCATED     = 1 << 0,
  /* The peer ended the stream before the message's end: no terminator
   * (no final newline, with lines), or a frame cut short. */
  TC_MESSAGE_FLAG_NO_TERMINATOR = 1 << 1,
  /* The line ended with "\r\n" rather than "\n". */
  TC_MESSAGE_FLAG_CRLF          = 1 << 2,
} TcMessageFlags;

#define TC_TYPE_MESSAGE (tc_message_get_type ())

/* One message of the stream (a line, with the line framer; see TcFramer).
 * It borrows its bytes from the framer's or reader's buffer while a
 * signal runs; copy it (or its bytes) to keep it. Its terminator, as
 * received, is in terminator; with the line framer the flags tell it too:
 * "\n", "\r\n" (CRLF) or none (NO_TERMINATOR).
 */
typedef struct
{
  const char      *data;       /* the bytes, without "\n" or "\r\n"; not NUL-terminated */
  gsize            len;
  TcMessageFlags   flags;
  guint64          discarded;  /* bytes dropped after data when TRUNCATED */
  gint64           time_us;    /* g_get_real_time() when it was received */
  const char      *terminator; /* the bytes that ended it; NULL: as the flags say */
  gsize            terminator_len;
  const char      *header;     /* framing bytes before data (a length prefix); may be NULL */
  gsize            header_len;
  /* What a whole length prefix in header said, read when the message came:
   * its bytes alone do not tell their byte order. */
  gboolean         has_prefix_value;
  guint64          prefix_value;
} TcMessage;

GType       tc_message_get_type        (void) G_GNUC_CONST;
TcMessage  *tc_message_copy            (const TcMessage *message);
void        tc_message_free            (TcMessage       *message);
char       *tc_message_dup_display     (const TcMessage *message);
void        tc_message_append_flags_note (GString        *out,
                                          const TcMessage *message);
const char *tc_message_get_terminator  (const TcMessage *message,
                                        gsize           *len);
guint       tc_message_signal_new      (const char      *name,
                                        GType            itype);

/* The bytes that ended a line with these flags on the wire: "\n", "\r\n",
 * or "" for a last line that had none. */
static inline const char *
tc_message_flags_get_terminator (TcMessageFlags flags)
{
  if (flags & TC_MESSAGE_FLAG_NO_TERMINATOR)
    return "";
  if (flags & TC_MESSAGE_FLAG_CRLF)
    return "\r\n";
  return "\n";
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcMessage, tc_message_free)

G_END_DECLS
