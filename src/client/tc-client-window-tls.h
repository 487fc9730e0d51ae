/* tc-client-window-tls.h: the client window's certificate for mutual TLS
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-client-window.h"

G_BEGIN_DECLS

/* Actions: win.choose-client-certificate (a PEM file with its key, or the
 *   key asked next; or PKCS#12, its password asked next),
 *   win.forget-client-certificate. The choice lasts as long as the window:
 *   a password is never stored. */
gboolean         tc_client_window_set_tls_identity (TcClientWindow  *self,
                                                    const char      *cert_file,
                                                    const char      *key_file,
                                                    const char      *password,
                                                    GError         **error);
GTlsCertificate *tc_client_window_get_tls_identity (TcClientWindow  *self);

G_END_DECLS
