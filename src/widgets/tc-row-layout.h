/* tc-row-layout.h: drawing a text layout in a row that lays out its own text
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tc_row_append_layout (GtkWidget     *row,
                           GtkSnapshot   *snapshot,
                           PangoLayout   *layout,
                           int            x,
                           int            width,
                           int            baseline,
                           const GdkRGBA *color);

G_END_DECLS
