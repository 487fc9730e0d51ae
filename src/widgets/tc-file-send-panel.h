/* tc-file-send-panel.h: a file sent as raw bytes to the send target, with progress, pause and cancel
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-automation-panel.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* A button beside the send box that chooses a file and sends it, as it
 * is, to the send target (a server's chosen client, or its only one; a
 * client's server), read only as the connection drains; while it goes, a
 * progress bar (bytes, rate, time left), Pause and Cancel show beside it.
 *
 * Window actions (tc_file_send_panel_add_actions()):
 *   send-file             asks for a file, then sends it
 *   send-file-path(s)     sends the file at a path
 *   send-file-pause       stateful (bool): paused or not, while sending
 *   send-file-cancel      while sending
 * A file dropped on the window (when the map is one) is sent as well.
 * Properties: running (bool).
 */
#define TC_TYPE_FILE_SEND_PANEL (tc_file_send_panel_get_type ())

G_DECLARE_FINAL_TYPE (TcFileSendPanel, tc_file_send_panel, TC, FILE_SEND_PANEL, TcAutomationPanel)

void        tc_file_send_panel_set_session (TcFileSendPanel *self,
                                            TcSession       *session);
void        tc_file_send_panel_set_target  (TcFileSendPanel *self,
                                            TcConnection    *target);
void        tc_file_send_panel_add_actions (TcFileSendPanel *self,
                                            GActionMap      *map);
gboolean    tc_file_send_panel_get_running (TcFileSendPanel *self);
guint64     tc_file_send_panel_get_sent    (TcFileSendPanel *self);
const char *tc_file_send_panel_get_status  (TcFileSendPanel *self);
const char *tc_file_send_panel_get_progress_text (TcFileSendPanel *self);

G_END_DECLS
