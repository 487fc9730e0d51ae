/* tc-tab-stop.h: a list of many rows as one Tab stop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean tc_tab_stop_focus (GtkWidget        *widget,
                            GtkWidgetClass   *parent_class,
                            GtkWidget        *list,
                            GtkDirectionType  direction);

G_END_DECLS
