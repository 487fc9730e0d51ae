/* tc-tls-pins.h: the certificates a person chose to trust, by host and port
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *tc_tls_pins_default_path (void);
char     *tc_tls_pins_lookup       (const char  *path,
                                    const char  *host,
                                    guint16      port);
gboolean  tc_tls_pins_store        (const char  *path,
                                    const char  *host,
                                    guint16      port,
                                    const char  *fingerprint,
                                    GError     **error);
gboolean  tc_tls_pins_forget       (const char  *path,
                                    const char  *host,
                                    guint16      port,
                                    GError     **error);

G_END_DECLS
