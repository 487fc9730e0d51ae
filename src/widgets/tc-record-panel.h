/* tc-record-panel.h: a window's session recorded to JSON Lines, and a recording replayed as a mock peer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-automation-panel.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* A button beside the send box whose popover records the session (the
 * file --record writes; a red mark shows beside the button while it
 * does) and replays a recording (as --replay reads) to the connections
 * that open from then on, at a speed, checking what the peer sends or not.
 *
 * Window actions (tc_record_panel_add_actions()):
 *   record-start, record-start-path(s)   ask for a file, or take a path
 *   record-stop                          while recording
 *   replay-start, replay-start-path(s)   ask for a recording, or take a path
 *   replay-stop                          while replaying
 */
#define TC_TYPE_RECORD_PANEL (tc_record_panel_get_type ())

G_DECLARE_FINAL_TYPE (TcRecordPanel, tc_record_panel, TC, RECORD_PANEL, TcAutomationPanel)

void        tc_record_panel_set_session   (TcRecordPanel *self,
                                           TcSession     *session);
void        tc_record_panel_add_actions   (TcRecordPanel *self,
                                           GActionMap    *map);
gboolean    tc_record_panel_get_recording (TcRecordPanel *self);
gboolean    tc_record_panel_get_replaying (TcRecordPanel *self);
const char *tc_record_panel_get_status    (TcRecordPanel *self);
GtkPopover *tc_record_panel_get_popover   (TcRecordPanel *self);
void        tc_record_panel_set_replay_options (TcRecordPanel *self,
                                           double         speed,
                                           gboolean       expect);

G_END_DECLS
