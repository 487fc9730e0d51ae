/* tc-observe-preferences.h: the log-file and TCP settings in the preferences dialog
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *tc_observe_preferences_new (GSettings *settings);

G_END_DECLS
