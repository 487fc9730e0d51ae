/* tc-line.h: one line of the protocol, as bytes plus what happened to it
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum /*< flags >*/
{
  TC_LINE_FLAG_NONE       = 0,
  /* Longer than the maximum: only the first bytes are kept; see discarded. */
  TC_LINE_FLAG_TRUNCATED  = 1 << 0,
  /* The peer ended the stream without a final newline. */
  TC_LINE_FLAG_NO_NEWLINE = 1 << 1,
  /* The line ended with "\r\n" rather than "\n". */
  TC_LINE_FLAG_CRLF       = 1 << 2,
} TcLineFlags;

#define TC_TYPE_LINE (tc_line_get_type ())

/* One message of the stream (a line, with the line framer; see TcFramer).
 * It borrows its bytes from the framer's or reader's buffer while a
 * signal runs; copy it (or its bytes) to keep it. Its terminator, as
 * received, is in terminator; with the line framer the flags tell it too:
 * "\n", "\r\n" (CRLF) or none (NO_NEWLINE).
 */
typedef struct
{
  const char  *data;       /* the bytes, without "\n" or "\r\n"; not NUL-terminated */
  gsize        len;
  TcLineFlags  flags;
  guint64      discarded;  /* bytes dropped after data when TRUNCATED */
  gint64       time_us;    /* g_get_real_time() when it was received */
  const char  *terminator; /* the bytes that ended it; NULL: as the flags say */
  gsize        terminator_len;
  const char  *header;     /* framing bytes before data (a length prefix); may be NULL */
  gsize        header_len;
} TcLine;

GType       tc_line_get_type        (void) G_GNUC_CONST;
TcLine     *tc_line_copy            (const TcLine *line);
void        tc_line_free            (TcLine       *line);
char       *tc_line_dup_display     (const TcLine *line);
const char *tc_line_get_terminator  (const TcLine *line,
                                     gsize        *len);

/* The bytes that ended a line with these flags on the wire: "\n", "\r\n",
 * or "" for a last line that had none. */
static inline const char *
tc_line_flags_get_terminator (TcLineFlags flags)
{
  if (flags & TC_LINE_FLAG_NO_NEWLINE)
    return "";
  if (flags & TC_LINE_FLAG_CRLF)
    return "\r\n";
  return "\n";
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcLine, tc_line_free)

G_END_DECLS
