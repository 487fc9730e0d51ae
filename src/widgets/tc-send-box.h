/* tc-send-box.h: the message editor and its Send button
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-framing.h"
#include "tc-typed-input.h"

G_BEGIN_DECLS

#define TC_SEND_BOX_HISTORY_MAX   200
/* The editor grows up to this many lines, then scrolls. */
#define TC_SEND_BOX_VISIBLE_LINES 6

/* As TcInputMode, for the property and its action. */
typedef enum
{
  TC_SEND_MODE_TEXT,     /* the text, converted to the encoding */
  TC_SEND_MODE_HEX,      /* hex digits: "48 65 6C", "0x48,0x65", line breaks between pairs */
  TC_SEND_MODE_ESCAPES,  /* the text with \r \n \t \0 \e \\ \xHH \u{…} */
} TcSendMode;

/* A multi-line editor: Enter sends, Shift+Enter starts a new line, Up on the
 * first line and Down on the last walk the history. A paste only inserts.
 *
 * Signals:
 *   gboolean send-bytes (TcSendBox *self, GBytes *bytes): Enter or Send
 *     with input that reads as bytes in the input mode and encoding and
 *     that the framing can carry: the bytes of the message, unframed (the
 *     session ends it: line-ending in lines framing). Empty input is an
 *     empty message (in lines framing, just the line ending); in raw
 *     framing it is nothing and is not sent. TRUE empties the editor and
 *     adds the input to the history; FALSE (the handler said why) keeps it.
 * Properties: can-send (bool; when FALSE the editor and button are
 *   insensitive and disabled-reason is their tooltip and placeholder),
 *   disabled-reason (string, e.g. "No client connected"), input-mode
 *   (TcSendMode), encoding (string: one of tc_encoding_list()),
 *   line-ending (TcLineEnding), framing (TcFraming: how the count
 *   and the checks frame the message).
 * Actions: send.input-mode, send.encoding and send.line-ending (stateful,
 *   a string: the properties, for a window's chooser).
 * A count next to Send says how many bytes will go out, framing included;
 * input that cannot be sent (bad hex, a bad escape, a character the
 * encoding cannot write, a size the framing cannot carry) is an error
 * under the editor, its position highlighted, when Send is tried.
 */
#define TC_TYPE_SEND_BOX (tc_send_box_get_type ())

G_DECLARE_FINAL_TYPE (TcSendBox, tc_send_box, TC, SEND_BOX, GtkWidget)

GtkWidget   *tc_send_box_new                  (void);
gboolean     tc_send_box_get_can_send         (TcSendBox   *self);
void         tc_send_box_set_can_send         (TcSendBox   *self,
                                               gboolean     can_send);
const char  *tc_send_box_get_disabled_reason  (TcSendBox   *self);
void         tc_send_box_set_disabled_reason  (TcSendBox   *self,
                                               const char  *reason);
void         tc_send_box_set_sendable         (TcSendBox   *self,
                                               gboolean     can_send,
                                               const char  *disabled_reason);
GtkTextView *tc_send_box_get_view             (TcSendBox   *self);
GtkButton   *tc_send_box_get_button           (TcSendBox   *self);
const char  *tc_send_box_get_placeholder      (TcSendBox   *self);
char        *tc_send_box_dup_text             (TcSendBox   *self);
void         tc_send_box_set_text             (TcSendBox   *self,
                                               const char  *text);
void         tc_send_box_send                 (TcSendBox   *self);
guint        tc_send_box_get_history_length   (TcSendBox   *self);
TcSendMode   tc_send_box_get_input_mode       (TcSendBox   *self);
void         tc_send_box_set_input_mode       (TcSendBox   *self,
                                               TcSendMode   mode);
const char  *tc_send_box_get_encoding         (TcSendBox   *self);
gboolean     tc_send_box_set_encoding         (TcSendBox   *self,
                                               const char  *encoding);
TcLineEnding tc_send_box_get_line_ending       (TcSendBox   *self);
void         tc_send_box_set_line_ending       (TcSendBox   *self,
                                               TcLineEnding ending);
TcFraming   *tc_send_box_get_framing          (TcSendBox   *self);
void         tc_send_box_set_framing          (TcSendBox   *self,
                                               TcFraming   *framing);
GBytes      *tc_send_box_dup_bytes            (TcSendBox   *self,
                                               GError     **error);
const char  *tc_send_box_get_count_text       (TcSendBox   *self);
const char  *tc_send_box_get_error_text       (TcSendBox   *self);
gboolean     tc_send_box_get_error_range      (TcSendBox   *self,
                                               int         *start,
                                               int         *end);

G_END_DECLS
