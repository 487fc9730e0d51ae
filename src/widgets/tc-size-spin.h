/* tc-size-spin.h: a spin button that shows and takes sizes in KiB and MiB
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean  tc_size_parse        (const char    *text,
                                guint64       *bytes,
                                GError       **error);
char     *tc_size_format       (guint64        bytes);
void      tc_size_spin_setup   (GtkSpinButton *spin,
                                GtkLabel      *note);

G_END_DECLS
