/* tc-send-box.h: the message editor and its Send button
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TC_SEND_BOX_HISTORY_MAX   200
/* The editor grows up to this many lines, then scrolls. */
#define TC_SEND_BOX_VISIBLE_LINES 6

typedef enum
{
  TC_SEND_MODE_TEXT,  /* the text, converted to the encoding */
  TC_SEND_MODE_HEX,   /* hex digits: "48 65 6C", "0x48,0x65", line breaks between pairs */
} TcSendMode;

/* A multi-line editor: Enter sends, Shift+Enter starts a new line, Up on the
 * first line and Down on the last walk the history. A paste only inserts.
 *
 * Signals:
 *   gboolean send-bytes (TcSendBox *self, GBytes *bytes): Enter or Send with
 *     a non-empty editor whose input reads as bytes in the input mode and
 *     encoding: the bytes of the message (the sender ends it). TRUE as for
 *     send-text. When nothing is connected to it, send-text is emitted
 *     instead with the bytes as text, if they are UTF-8 without NUL.
 *   gboolean send-text (TcSendBox *self, const char *text): Enter or Send
 *     with a non-empty text: the text exactly as it is in the editor (it may
 *     hold "\n" and "\r"); the sender appends one line terminator. TRUE
 *     empties the editor and adds the text to the history; FALSE (the
 *     handler said why) keeps it for another try.
 * Properties: can-send (bool; when FALSE the editor and button are
 *   insensitive and disabled-reason is their tooltip and placeholder),
 *   disabled-reason (string, e.g. "No client connected"), input-mode
 *   (TcSendMode), encoding (string: one of tc_encoding_list()).
 * Actions: send.input-mode and send.encoding (stateful, a string: the
 *   properties, for a window's chooser).
 * A count next to Send says how many bytes will go out; input that cannot
 * be sent (bad hex, a character the encoding cannot write) is an error
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
GBytes      *tc_send_box_dup_bytes            (TcSendBox   *self,
                                               GError     **error);
const char  *tc_send_box_get_count_text       (TcSendBox   *self);
const char  *tc_send_box_get_error_text       (TcSendBox   *self);
gboolean     tc_send_box_get_error_range      (TcSendBox   *self,
                                               int         *start,
                                               int         *end);

G_END_DECLS
