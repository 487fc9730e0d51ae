/* tc-typed-input.h: what a person types to send, read as bytes, and how a line is ended
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How typed input stands for bytes. */
typedef enum
{
  TC_INPUT_MODE_TEXT,     /* the text, converted to the encoding */
  TC_INPUT_MODE_HEX,      /* hex digits: "48 65 6C", "0x48,0x65", line breaks between pairs */
  TC_INPUT_MODE_ESCAPES,  /* the text with \r \n \t \0 \e \\ \xHH \u{…} */
} TcInputMode;

/* What ends a sent message in lines framing. */
typedef enum
{
  TC_LINE_ENDING_LF,
  TC_LINE_ENDING_CRLF,
  TC_LINE_ENDING_CR,
  TC_LINE_ENDING_NONE,
} TcLineEnding;

gboolean     tc_input_mode_parse      (const char    *name,
                                       TcInputMode   *mode);
const char  *tc_input_mode_to_string  (TcInputMode    mode);

gboolean     tc_line_ending_parse     (const char    *name,
                                       TcLineEnding  *ending);
const char  *tc_line_ending_to_string (TcLineEnding   ending);
const char  *tc_line_ending_get_bytes (TcLineEnding   ending,
                                       gsize         *len);

GBytes      *tc_typed_input_to_bytes  (const char    *text,
                                       gssize         len,
                                       TcInputMode    mode,
                                       const char    *encoding,
                                       gsize         *error_offset,
                                       GError       **error);

G_END_DECLS
