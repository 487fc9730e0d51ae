/* tc-saved-messages-panel.h: the saved messages' button and list, sent with a click or Ctrl+1..9
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-saved-messages.h"
#include "tc-send-box.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* A button next to the send box whose popover lists the saved messages
 * (kept in tc_saved_messages_default_path(), shared by every window of
 * the process), and a form to add or edit one.
 *
 * Window actions (tc_saved_messages_panel_add_actions()):
 *   saved-send(u)       sends message u, in its mode and with its line
 *                       ending, as the send box's Send does; Ctrl+1..9
 *                       send the first nine
 *   saved-add-current   opens the form filled from the send box
 *   saved-edit(u)       opens the form on message u
 *   saved-save          keeps the form (a new message or the edited one)
 *   saved-cancel        leaves the form
 *   saved-delete(u), saved-move-up(u), saved-move-down(u)
 *   saved-import        replaces the list with a file's (a --messages file)
 *   saved-export        writes the list to a file
 */
#define TC_TYPE_SAVED_MESSAGES_PANEL (tc_saved_messages_panel_get_type ())

G_DECLARE_FINAL_TYPE (TcSavedMessagesPanel, tc_saved_messages_panel, TC, SAVED_MESSAGES_PANEL,
                      GtkWidget)

void             tc_saved_messages_panel_attach      (TcSavedMessagesPanel *self,
                                                      TcSendBox            *send_box);
void             tc_saved_messages_panel_set_session (TcSavedMessagesPanel *self,
                                                      TcSession            *session);
void             tc_saved_messages_panel_add_actions (TcSavedMessagesPanel *self,
                                                      GActionMap           *map);
TcSavedMessages *tc_saved_messages_panel_get_model   (TcSavedMessagesPanel *self);
GtkPopover      *tc_saved_messages_panel_get_popover (TcSavedMessagesPanel *self);
const char      *tc_saved_messages_panel_get_status  (TcSavedMessagesPanel *self);
gboolean         tc_saved_messages_panel_import_file (TcSavedMessagesPanel *self,
                                                      GFile                *file,
                                                      GError              **error);
gboolean         tc_saved_messages_panel_export_file (TcSavedMessagesPanel *self,
                                                      GFile                *file,
                                                      GError              **error);

G_END_DECLS
