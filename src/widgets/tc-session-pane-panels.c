/* tc-session-pane-panels.c: the automation panels the pane hosts: saved
 * messages, periodic send, file send, rules and record
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session-pane-private.h"

/* The panels that fill the send box, and send what it holds. */
void
_tc_session_pane_panels_init (TcSessionPane *self)
{
  tc_saved_messages_panel_attach (self->saved_panel, self->send_box);
  tc_periodic_panel_attach (self->periodic_panel, self->send_box);
}

void
_tc_session_pane_panels_add_actions (TcSessionPane *self,
                                     GActionMap    *map)
{
  tc_saved_messages_panel_add_actions (self->saved_panel, map);
  tc_periodic_panel_add_actions (self->periodic_panel, map);
  tc_file_send_panel_add_actions (self->file_send_panel, map);
  tc_rules_panel_add_actions (self->rules_panel, map);
  tc_record_panel_add_actions (self->record_panel, map);
}

void
_tc_session_pane_panels_set_session (TcSessionPane *self,
                                     TcSession     *session)
{
  tc_saved_messages_panel_set_session (self->saved_panel, session);
  tc_periodic_panel_set_session (self->periodic_panel, session);
  tc_file_send_panel_set_session (self->file_send_panel, session);
  tc_rules_panel_set_session (self->rules_panel, session);
  tc_record_panel_set_session (self->record_panel, session);
}

/* The connection shown is the send target, which a periodic send and a
 * file take. */
void
_tc_session_pane_panels_set_target (TcSessionPane *self,
                                    TcConnection  *connection)
{
  tc_periodic_panel_set_target (self->periodic_panel, connection);
  tc_file_send_panel_set_target (self->file_send_panel, connection);
}
