/* tc-send-box.h: the line entry and its Send button
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* More pasted lines than this are sent only after the person confirms. */
#define TC_SEND_BOX_CONFIRM_LINES 10
#define TC_SEND_BOX_HISTORY_MAX   200

/* Signals:
 *   send-line (TcSendBox *self, const char *text): once for each line to send
 *     (Enter or Send sends the entry's text; a paste of several lines sends
 *     each; the text has no newline).
 * Properties: can-send (bool; when FALSE the entry and button are insensitive
 *   and disabled-reason is their tooltip and placeholder), disabled-reason
 *   (string, e.g. "No client connected"), text (the entry's text).
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
GtkEntry    *tc_send_box_get_entry            (TcSendBox   *self);
GtkButton   *tc_send_box_get_button           (TcSendBox   *self);
const char  *tc_send_box_get_text             (TcSendBox   *self);
void         tc_send_box_set_text             (TcSendBox   *self,
                                               const char  *text);
void         tc_send_box_send                 (TcSendBox   *self);
void         tc_send_box_send_lines           (TcSendBox   *self,
                                               const char  *text,
                                               gboolean     confirm);
guint        tc_send_box_get_history_length   (TcSendBox   *self);

G_END_DECLS
