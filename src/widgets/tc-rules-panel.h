/* tc-rules-panel.h: auto-reply rules loaded from a file, turned on and off, with their matches
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-automation-panel.h"
#include "tc-rules.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* A button beside the send box whose popover loads a rules file (the one
 * --rules reads), turns the rules on or off, each rule on or off, and
 * shows how often each answered and the last thing one did.
 *
 * Window actions (tc_rules_panel_add_actions()):
 *   rules-load              asks for a rules file
 *   rules-load-path(s)      loads the rules file at a path
 *   rules-active            stateful (bool): whether the rules answer;
 *                           enabled once rules are loaded
 *   rules-set-enabled((ub)) turns rule u on or off
 */
#define TC_TYPE_RULES_PANEL (tc_rules_panel_get_type ())

G_DECLARE_FINAL_TYPE (TcRulesPanel, tc_rules_panel, TC, RULES_PANEL, TcAutomationPanel)

void        tc_rules_panel_set_session (TcRulesPanel *self,
                                        TcSession    *session);
void        tc_rules_panel_add_actions (TcRulesPanel *self,
                                        GActionMap   *map);
TcRules    *tc_rules_panel_get_rules   (TcRulesPanel *self);
GtkPopover *tc_rules_panel_get_popover (TcRulesPanel *self);
const char *tc_rules_panel_get_status  (TcRulesPanel *self);

G_END_DECLS
