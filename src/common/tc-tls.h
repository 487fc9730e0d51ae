/* tc-tls.h: TLS for both programs: credentials, fingerprints, trust and the handshake
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TC_TLS_DEFAULT_HANDSHAKE_TIMEOUT 10000 /* ms */

/**
 * TcTlsConfig:
 * @certificate: ours: the server's, or the client's for mutual TLS; %NULL for none
 * @database: what a peer's certificate is checked against; %NULL for the
 *   system's CA store
 * @pin: (nullable): a client accepts exactly the certificate with this
 *   SHA-256 fingerprint (64 uppercase hex digits), whoever signed it
 * @insecure: a client accepts any certificate
 * @client_auth: a server's demand for client certificates
 * @handshake_timeout_ms: how long a peer may take to finish the handshake
 *
 * What one side of a TLS connection presents and trusts. Reference
 * counted; not changed once given to a server or client.
 */
typedef struct
{
  GTlsCertificate        *certificate;
  GTlsDatabase           *database;
  char                   *pin;
  gboolean                insecure;
  GTlsAuthenticationMode  client_auth;
  guint                   handshake_timeout_ms;
} TcTlsConfig;

gboolean         tc_tls_check_supported        (GError           **error);

TcTlsConfig     *tc_tls_config_new             (void);
TcTlsConfig     *tc_tls_config_ref             (TcTlsConfig       *config);
void             tc_tls_config_unref           (TcTlsConfig       *config);

GTlsCertificate *tc_tls_load_certificate       (const char        *cert_file,
                                                const char        *key_file,
                                                const char        *password_file,
                                                GError           **error);
GTlsCertificate *tc_tls_load_certificate_with_password (const char  *cert_file,
                                                        const char  *key_file,
                                                        const char  *password,
                                                        GError     **error);
gboolean         tc_tls_file_is_pem            (const char        *path);
GTlsDatabase    *tc_tls_load_ca                (const char        *ca_file,
                                                GError           **error);
GTlsCertificate *tc_tls_self_signed            (const char        *listen_host,
                                                char             **path,
                                                GError           **error);
char            *tc_tls_self_signed_path       (const char        *listen_host);

char            *tc_tls_fingerprint            (GTlsCertificate   *certificate);
char            *tc_tls_parse_pin              (const char        *text,
                                                GError           **error);
char            *tc_tls_describe               (GIOStream         *stream);
char            *tc_tls_peer_subject           (GIOStream         *stream);

void             tc_tls_handshake_async        (GIOStream          *base,
                                                TcTlsConfig        *config,
                                                GSocketConnectable *server_identity,
                                                const char         *peer,
                                                int                 io_priority,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GIOStream       *tc_tls_handshake_finish       (GAsyncResult      *result,
                                                GError           **error);
GTlsCertificate *tc_tls_handshake_get_rejected_certificate (GAsyncResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcTlsConfig, tc_tls_config_unref)

G_END_DECLS
