/* tc-periodic-panel.h: the send box's message sent every N ms, with a counter and a Stop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-automation-panel.h"
#include "tc-send-box.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* A button beside the send box whose popover sets the period and the
 * count; while sending, a counter and a Stop button show beside it, and
 * once it stops, why.
 *
 * Window actions (tc_periodic_panel_add_actions()):
 *   periodic-start   sends the send box's message (its mode, the session's
 *                    line ending) every interval, count times or until
 *                    stopped, to the send target; enabled while stopped
 *   periodic-stop    enabled while sending
 * Properties: running (bool), sent (guint64).
 */
#define TC_TYPE_PERIODIC_PANEL (tc_periodic_panel_get_type ())

G_DECLARE_FINAL_TYPE (TcPeriodicPanel, tc_periodic_panel, TC, PERIODIC_PANEL, TcAutomationPanel)

void        tc_periodic_panel_attach      (TcPeriodicPanel *self,
                                           TcSendBox       *send_box);
void        tc_periodic_panel_set_session (TcPeriodicPanel *self,
                                           TcSession       *session);
void        tc_periodic_panel_set_target  (TcPeriodicPanel *self,
                                           TcConnection    *target);
void        tc_periodic_panel_add_actions (TcPeriodicPanel *self,
                                           GActionMap      *map);
gboolean    tc_periodic_panel_get_running (TcPeriodicPanel *self);
guint64     tc_periodic_panel_get_sent    (TcPeriodicPanel *self);
const char *tc_periodic_panel_get_status  (TcPeriodicPanel *self);
GtkPopover *tc_periodic_panel_get_popover (TcPeriodicPanel *self);
void        tc_periodic_panel_set_every   (TcPeriodicPanel *self,
                                           guint            every_ms);
void        tc_periodic_panel_set_count   (TcPeriodicPanel *self,
                                           guint            count);

G_END_DECLS
