/* tc-preferences-dialog.h: the limits and notifications of either program
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A window whose controls are bound to the keys of a GSettings: max-line,
 * max-unsent, scrollback, max-clients, connect-timeout and notify. A row
 * whose key the schema does not have is not shown, so the server and the
 * client share the dialog. Escape closes it.
 */
#define TC_TYPE_PREFERENCES_DIALOG (tc_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (TcPreferencesDialog, tc_preferences_dialog, TC, PREFERENCES_DIALOG,
                      GtkWindow)

TcPreferencesDialog *tc_preferences_dialog_new         (GtkWindow           *parent,
                                                        GSettings           *settings);
GtkSpinButton       *tc_preferences_dialog_get_spin    (TcPreferencesDialog *self,
                                                        const char          *key);
GtkCheckButton      *tc_preferences_dialog_get_notify_check (TcPreferencesDialog *self);

G_END_DECLS
