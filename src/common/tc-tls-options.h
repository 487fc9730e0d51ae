/* tc-tls-options.h: the TLS options of the headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-tls.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean      server;
  gboolean      tls;
  gboolean      self_signed;
  gboolean      insecure;
  char         *cert;
  char         *key;
  char         *password_file;
  char         *ca;
  char         *pin;
  char         *client_ca;
  char         *client_auth;
  char         *handshake_timeout;
  GOptionEntry  entries[16];
} TcTlsOptions;

void     tc_tls_options_init        (TcTlsOptions  *self,
                                     gboolean       server);
void     tc_tls_options_clear       (TcTlsOptions  *self);
gboolean tc_tls_options_make_config (TcTlsOptions  *self,
                                     const char    *listen_host,
                                     TcTlsConfig  **config,
                                     char         **self_signed_path,
                                     GError       **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TcTlsOptions, tc_tls_options_clear)

G_END_DECLS
