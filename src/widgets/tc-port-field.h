/* tc-port-field.h: a port spin button that says what is wrong instead of clamping
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void      tc_port_field_setup     (GtkSpinButton  *spin,
                                   gboolean        allow_zero);
gboolean  tc_port_field_get       (GtkSpinButton  *spin,
                                   guint16        *port,
                                   GError        **error);
void      tc_port_field_set       (GtkSpinButton  *spin,
                                   guint16         port);
const char *tc_port_field_get_error (GtkSpinButton *spin);

G_END_DECLS
