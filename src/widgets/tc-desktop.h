/* tc-desktop.h: what both applications share on the desktop: About, Preferences,
 * notifications
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds to @application (from its startup):
 *   app.about               the About dialog, over the active window
 *   app.preferences         Ctrl+comma: win.preferences of the active window
 *   app.present-window (u)  brings the window with that id to the front
 *                           (what clicking a notification does)
 * makes the application's icon every window's icon, looks for a
 * notification service on the session bus (tc_desktop_can_notify()).
 */
void       tc_desktop_setup_application (GtkApplication *application,
                                         const char     *program_name,
                                         const char     *comments);
GtkWindow *tc_desktop_show_about        (GtkApplication *application);
gboolean   tc_desktop_can_notify        (GApplication   *application);

G_END_DECLS
