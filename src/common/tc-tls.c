/* tc-tls.c: TLS for both programs: fingerprints, trust, and the bounded handshake
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tls.h"
#include "tc-deadline.h"
#include "tc-error.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/**
 * tc_tls_check_supported:
 *
 * Returns: %FALSE, with TC_ERROR_TLS_UNAVAILABLE, where GIO has no TLS
 *   backend (glib-networking is not installed)
 */
gboolean
tc_tls_check_supported (GError **error)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;

  g_set_error_literal (error, TC_ERROR, TC_ERROR_TLS_UNAVAILABLE,
                       _("TLS support is not installed (glib-networking)"));
  return FALSE;
}

TcTlsConfig *
tc_tls_config_new (void)
{
  TcTlsConfig *config = g_atomic_rc_box_new0 (TcTlsConfig);

  config->client_auth = G_TLS_AUTHENTICATION_NONE;
  config->handshake_timeout_ms = TC_TLS_DEFAULT_HANDSHAKE_TIMEOUT;

  return config;
}

TcTlsConfig *
tc_tls_config_ref (TcTlsConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  return g_atomic_rc_box_acquire (config);
}

static void
tc_tls_config_clear (gpointer data)
{
  TcTlsConfig *config = data;

  g_clear_object (&config->certificate);
  g_clear_object (&config->database);
  g_clear_pointer (&config->pin, g_free);
}

void
tc_tls_config_unref (TcTlsConfig *config)
{
  if (config != NULL)
    g_atomic_rc_box_release_full (config, tc_tls_config_clear);
}

/**
 * tc_tls_fingerprint:
 *
 * Returns: the SHA-256 fingerprint of @certificate as
 *   `openssl x509 -fingerprint -sha256` prints it: uppercase hex pairs
 *   joined by colons
 */
char *
tc_tls_fingerprint (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;
  g_autofree char *hex = NULL;
  GString *out;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return g_strdup ("?");

  hex = g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
  out = g_string_sized_new (96);
  for (gsize i = 0; hex[i] != '\0'; i += 2)
    {
      if (i > 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
      g_string_append_c (out, g_ascii_toupper (hex[i + 1]));
    }

  return g_string_free (out, FALSE);
}

/**
 * tc_tls_parse_pin:
 * @text: a SHA-256 fingerprint, with colons or without, in either case
 *
 * Returns: the fingerprint as tc_tls_fingerprint() writes it, or %NULL with
 *   TC_ERROR_TLS_CREDENTIALS
 */
char *
tc_tls_parse_pin (const char  *text,
                  GError     **error)
{
  GString *out = g_string_sized_new (96);
  guint n_digits = 0;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ':' && n_digits % 2 == 0 && n_digits > 0 && p[1] != '\0')
        continue;
      if (!g_ascii_isxdigit (*p))
        {
          n_digits = 0;
          break;
        }
      if (n_digits > 0 && n_digits % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (*p));
      n_digits++;
    }

  if (n_digits != 64)
    {
      g_string_free (out, TRUE);
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("“%s” is not a SHA-256 fingerprint: expected 64 hex digits, "
                     "in pairs separated by colons or not"), text);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static const char *
protocol_name (GTlsProtocolVersion version)
{
  switch (version)
    {
    case G_TLS_PROTOCOL_VERSION_SSL_3_0:  return "SSL 3.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_0:  return "TLS 1.0";
    case G_TLS_PROTOCOL_VERSION_TLS_1_1:  return "TLS 1.1";
    case G_TLS_PROTOCOL_VERSION_TLS_1_2:  return "TLS 1.2";
    case G_TLS_PROTOCOL_VERSION_TLS_1_3:  return "TLS 1.3";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_0: return "DTLS 1.0";
    case G_TLS_PROTOCOL_VERSION_DTLS_1_2: return "DTLS 1.2";
    case G_TLS_PROTOCOL_VERSION_UNKNOWN:
    default:                              return "TLS";
    }
}

/**
 * tc_tls_describe:
 * @stream: a connection's stream
 *
 * Returns: (nullable): "TLS 1.3, TLS_AES_256_GCM_SHA384", or %NULL when
 *   @stream is not TLS
 */
char *
tc_tls_describe (GIOStream *stream)
{
  g_autofree char *cipher = NULL;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  if (!G_IS_TLS_CONNECTION (stream))
    return NULL;

  cipher = g_tls_connection_get_ciphersuite_name (G_TLS_CONNECTION (stream));
  if (cipher == NULL)
    return g_strdup (protocol_name (g_tls_connection_get_protocol_version (G_TLS_CONNECTION (stream))));

  return g_strdup_printf ("%s, %s",
                          protocol_name (g_tls_connection_get_protocol_version (G_TLS_CONNECTION (stream))),
                          cipher);
}

/**
 * tc_tls_peer_subject:
 *
 * Returns: (nullable): the subject of the peer's certificate ("CN=...,O=..."),
 *   or %NULL when @stream is not TLS or the peer showed none
 */
char *
tc_tls_peer_subject (GIOStream *stream)
{
  GTlsCertificate *peer;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);

  if (!G_IS_TLS_CONNECTION (stream))
    return NULL;

  peer = g_tls_connection_get_peer_certificate (G_TLS_CONNECTION (stream));
  return peer != NULL ? g_tls_certificate_get_subject_name (peer) : NULL;
}

/* The handshake */

/* Data, not the function's address: ISO C has no function-to-data cast. */
static const char handshake_source_tag[] = "tc_tls_handshake_async";

typedef struct
{
  GTlsConnection       *tls;
  TcTlsConfig          *config;
  char                 *peer;
  GCancellable         *cancellable;   /* cancelled by the timeout or the caller */
  GCancellable         *caller_cancellable;
  gulong                caller_cancelled_id;
  TcDeadline            deadline;      /* the handshake timeout */
  GSource              *peek_source;   /* a server waits for the first byte */
  char                 *rejected_fingerprint;
  GTlsCertificate      *rejected_certificate;
  int                   io_priority;
  GTlsCertificateFlags  rejected_flags;
  gboolean              pin_mismatch;
} Handshake;

static void
handshake_free (gpointer data)
{
  Handshake *hs = data;

  tc_deadline_stop (&hs->deadline);
  if (hs->peek_source != NULL)
    {
      g_source_destroy (hs->peek_source);
      g_source_unref (hs->peek_source);
    }
  if (hs->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (hs->caller_cancellable, hs->caller_cancelled_id);
      g_object_unref (hs->caller_cancellable);
    }
  if (hs->tls != NULL)
    g_signal_handlers_disconnect_by_data (hs->tls, hs);
  g_clear_object (&hs->tls);
  g_clear_object (&hs->cancellable);
  tc_tls_config_unref (hs->config);
  g_free (hs->peer);
  g_free (hs->rejected_fingerprint);
  g_clear_object (&hs->rejected_certificate);
  g_free (hs);
}

static gboolean
on_accept_certificate (GTlsConnection       *tls,
                       GTlsCertificate      *peer_certificate,
                       GTlsCertificateFlags  errors,
                       Handshake            *hs)
{
  g_autofree char *fingerprint = tc_tls_fingerprint (peer_certificate);

  /* A server is asked about client certificates that passed too; a pin
   * is checked after the handshake in any case. */
  if (hs->config->insecure || errors == 0)
    return TRUE;

  if (hs->config->pin != NULL)
    {
      if (g_str_equal (fingerprint, hs->config->pin))
        return TRUE;
      hs->pin_mismatch = TRUE;
    }

  hs->rejected_flags = errors;
  g_free (hs->rejected_fingerprint);
  hs->rejected_fingerprint = g_steal_pointer (&fingerprint);
  g_set_object (&hs->rejected_certificate, peer_certificate);

  return FALSE;
}

static TcError
describe_flags (GTlsCertificateFlags  flags,
                GString              *out)
{
  static const struct {
    GTlsCertificateFlags flag;
    const char *reason;
  } reasons[] = {
    { G_TLS_CERTIFICATE_EXPIRED, N_("it has expired") },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, N_("it is not valid yet") },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, N_("it is for another host name") },
    { G_TLS_CERTIFICATE_UNKNOWN_CA,
      N_("it is signed by an unknown CA (self-signed, or its CA is not trusted)") },
    { G_TLS_CERTIFICATE_REVOKED, N_("it was revoked") },
    { G_TLS_CERTIFICATE_INSECURE, N_("it uses an insecure algorithm") },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, N_("it could not be checked") },
  };
  guint n = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      if ((flags & reasons[i].flag) == 0)
        continue;
      if (n++ > 0)
        g_string_append (out, "; ");
      g_string_append (out, _(reasons[i].reason));
    }
  if (n == 0)
    g_string_append (out, _("it was refused"));

  if (flags & (G_TLS_CERTIFICATE_EXPIRED | G_TLS_CERTIFICATE_NOT_ACTIVATED))
    return TC_ERROR_TLS_EXPIRED;
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return TC_ERROR_TLS_BAD_IDENTITY;
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return TC_ERROR_TLS_UNKNOWN_CA;
  return TC_ERROR_TLS_UNTRUSTED;
}

static GError *
untrusted_error (Handshake *hs)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  TcError code;

  if (hs->pin_mismatch)
    return g_error_new (TC_ERROR, TC_ERROR_TLS_PIN_MISMATCH,
                        _("The certificate of %s does not match the pinned fingerprint: "
                          "its SHA-256 fingerprint is %s, the pin is %s. If the server's "
                          "certificate was changed on purpose, pin the new one"),
                        hs->peer, hs->rejected_fingerprint, hs->config->pin);

  code = describe_flags (hs->rejected_flags, reasons);

  if (G_IS_TLS_SERVER_CONNECTION (hs->tls))
    return g_error_new (TC_ERROR, code,
                        _("The client certificate of %s is not trusted: %s "
                          "(SHA-256 fingerprint %s)"),
                        hs->peer, reasons->str, hs->rejected_fingerprint);

  return g_error_new (TC_ERROR, code,
                      _("The certificate of %s is not trusted: %s (SHA-256 fingerprint %s). "
                        "Trust it with --tls-pin %s, or its CA with --tls-ca"),
                      hs->peer, reasons->str, hs->rejected_fingerprint,
                      hs->rejected_fingerprint);
}

/* The handshake's failure as a TcError, with a message naming the cause. */
static GError *
explain_handshake_error (Handshake    *hs,
                         const GError *error)
{
  if (hs->deadline.expired)
    return g_error_new (TC_ERROR, TC_ERROR_TLS_HANDSHAKE_TIMEOUT,
                        _("%s did not finish the TLS handshake within %.1f s "
                          "(handshake timeout): does the peer speak TLS?"),
                        hs->peer, hs->config->handshake_timeout_ms / 1000.0);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (TC_ERROR, TC_ERROR_CANCELLED, _("The TLS handshake with %s was cancelled"),
                        hs->peer);

  if (hs->rejected_fingerprint != NULL)
    return untrusted_error (hs);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS))
    return g_error_new (TC_ERROR, TC_ERROR_TLS_NOT_TLS,
                        _("The TLS handshake with %s failed: the peer does not speak TLS"),
                        hs->peer);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_EOF) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    return g_error_new (TC_ERROR, TC_ERROR_TLS_NOT_TLS,
                        _("%s closed the connection during the TLS handshake: "
                          "the peer does not speak TLS, or refused ours"),
                        hs->peer);

  /* A plain-text answer to our hello is an "unexpected packet" to GnuTLS,
   * which GIO reports as a miscellaneous error; a server sees the client's
   * first byte before that (on_first_byte). */
  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_MISC) && G_IS_TLS_CLIENT_CONNECTION (hs->tls))
    return g_error_new (TC_ERROR, TC_ERROR_TLS_NOT_TLS,
                        _("The TLS handshake with %s failed: the peer does not speak TLS, "
                          "or not in a way we understand (%s)"),
                        hs->peer, error->message);

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_CERTIFICATE_REQUIRED))
    return g_error_new (TC_ERROR, TC_ERROR_TLS_CERTIFICATE_REQUIRED,
                        G_IS_TLS_SERVER_CONNECTION (hs->tls)
                        ? _("%s showed no client certificate, which this server requires")
                        : _("%s requires a client certificate: give one with --tls-cert"),
                        hs->peer);

  return g_error_new (TC_ERROR, TC_ERROR_TLS_FAILED, _("The TLS handshake with %s failed: %s"),
                      hs->peer, error->message);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

/* Fails the handshake and closes the TCP connection at once: a peer
 * waiting for our next record must not wait for the last reference. */
static void
handshake_fail (GTask  *task,
                GError *error)
{
  Handshake *hs = g_task_get_task_data (task);
  g_autoptr(GIOStream) base = NULL;

  g_object_get (hs->tls, "base-io-stream", &base, NULL);
  if (base != NULL)
    g_io_stream_close (base, NULL, NULL);

  g_task_return_error (task, error);
}

static void
on_handshake_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Handshake *hs = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_tls_connection_handshake_finish (G_TLS_CONNECTION (source), result, &error))
    {
      handshake_fail (task, explain_handshake_error (hs, error));
      return;
    }

  /* A pin holds even for a certificate the system trusts. */
  if (hs->config->pin != NULL && G_IS_TLS_CLIENT_CONNECTION (hs->tls) && !hs->config->insecure)
    {
      GTlsCertificate *peer = g_tls_connection_get_peer_certificate (hs->tls);
      g_autofree char *fingerprint = peer != NULL ? tc_tls_fingerprint (peer) : g_strdup ("?");

      if (!g_str_equal (fingerprint, hs->config->pin))
        {
          hs->pin_mismatch = TRUE;
          hs->rejected_fingerprint = g_steal_pointer (&fingerprint);
          g_set_object (&hs->rejected_certificate, peer);
          handshake_fail (task, untrusted_error (hs));
          return;
        }
    }

  g_task_return_pointer (task, g_object_ref (hs->tls), g_object_unref);
}

/* The first byte of every TLS connection: a handshake record. */
#define TLS_RECORD_HANDSHAKE 0x16

/* What a plain-text client already sent is read before the close, so that
 * it gets an orderly end of stream rather than a reset. */
static void
drain_plain_text (GSocket *socket)
{
  char buffer[4096];

  for (guint i = 0; i < 16; i++)
    if (g_socket_receive_with_blocking (socket, buffer, sizeof buffer, FALSE, NULL, NULL) <= 0)
      break;
}

static gboolean
on_first_byte (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Handshake *hs = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char byte = 0;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  gssize n;

  g_clear_pointer (&hs->peek_source, g_source_unref);

  if (g_cancellable_set_error_if_cancelled (hs->cancellable, &error))
    {
      handshake_fail (task, explain_handshake_error (hs, error));
      return G_SOURCE_REMOVE;
    }

  /* Peeked: the byte stays for GnuTLS to read. */
  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, &error);
  if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    {
      /* Spurious: wait again. */
      g_clear_error (&error);
      n = 1;
      byte = TLS_RECORD_HANDSHAKE;
    }

  if (n < 0)
    handshake_fail (task, explain_handshake_error (hs, error));
  else if (n == 0)
    handshake_fail (task, g_error_new (TC_ERROR, TC_ERROR_TLS_NOT_TLS,
                                       _("%s closed the connection before the TLS handshake"),
                                       hs->peer));
  else if (byte != TLS_RECORD_HANDSHAKE)
    {
      drain_plain_text (socket);
      handshake_fail (task, g_error_new (TC_ERROR, TC_ERROR_TLS_NOT_TLS,
                                         _("The TLS handshake with %s failed: the peer does "
                                           "not speak TLS (it sent plain data)"), hs->peer));
    }
  else
    g_tls_connection_handshake_async (hs->tls, hs->io_priority, hs->cancellable,
                                      on_handshake_done, g_steal_pointer (&task));

  return G_SOURCE_REMOVE;
}

/* The server side (no @server_identity) or the client side of TLS over
 * @base, not yet shaken hands. */
static GIOStream *
new_tls_connection (GIOStream           *base,
                    TcTlsConfig         *config,
                    GSocketConnectable  *server_identity,
                    GError             **error)
{
  if (server_identity != NULL)
    return g_tls_client_connection_new (base, server_identity, error);

  /* The database given at construction: set afterwards, the system's
   * store (200 KiB of PEM) is loaded twice for every connection first,
   * 30 ms of a handshake. No CA of our own checks no client against it. */
  return g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                         NULL, error,
                         "base-io-stream", base,
                         "certificate", config->certificate,
                         "database", config->database,
                         NULL);
}

/* The handshake starts once the client's first byte is in (@task then
 * belongs to the source). */
static void
watch_first_byte (Handshake         *hs,
                  GSocketConnection *base,
                  GTask             *task)
{
  GSocket *socket = g_socket_connection_get_socket (base);

  hs->peek_source = g_socket_create_source (socket, G_IO_IN, hs->cancellable);
  g_source_set_callback (hs->peek_source, G_SOURCE_FUNC (on_first_byte), task, NULL);
  g_source_set_static_name (hs->peek_source, "[tcpchat] TLS first byte");
  g_source_set_priority (hs->peek_source, hs->io_priority);
  g_source_attach (hs->peek_source, g_main_context_get_thread_default ());
}

/* What the handshake presents, trusts and asks for, on either side. */
static void
set_up_handshake (Handshake          *hs,
                  GIOStream          *base,
                  GSocketConnectable *server_identity)
{
  TcTlsConfig *config = hs->config;

  /* The handshake is a few small writes in turn: with Nagle's algorithm
   * each waits for the peer's delayed ACK, 40 ms a time. */
  if (G_IS_SOCKET_CONNECTION (base))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (base));

      if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
        g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }

  g_tls_connection_set_require_close_notify (hs->tls, FALSE);
  if (config->database != NULL && server_identity != NULL)
    g_tls_connection_set_database (hs->tls, config->database);
  if (server_identity == NULL)
    g_object_set (hs->tls, "authentication-mode", config->client_auth, NULL);
  else if (config->certificate != NULL)
    g_tls_connection_set_certificate (hs->tls, config->certificate);
  g_signal_connect (hs->tls, "accept-certificate", G_CALLBACK (on_accept_certificate), hs);
}

/**
 * tc_tls_handshake_async:
 * @base: the TCP connection
 * @config: what to present and trust
 * @server_identity: (nullable): the server's name and port for a client;
 *   %NULL for the server's side
 * @peer: the peer's label, for messages
 * @cancellable: (nullable): ends the handshake early
 *
 * Starts TLS over @base and handshakes, for at most the configured
 * handshake timeout. A peer that closes without close_notify ends the
 * connection as an ordinary end of stream, not an error.
 */
void
tc_tls_handshake_async (GIOStream          *base,
                        TcTlsConfig        *config,
                        GSocketConnectable *server_identity,
                        const char         *peer,
                        int                 io_priority,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) tls = NULL;
  Handshake *hs;

  g_return_if_fail (G_IS_IO_STREAM (base));
  g_return_if_fail (config != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) handshake_source_tag);
  g_task_set_name (task, "[tcpchat] TLS handshake");

  if (!tc_tls_check_supported (&error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  tls = new_tls_connection (base, config, server_identity, &error);
  if (tls == NULL)
    {
      g_task_return_new_error (task, TC_ERROR, TC_ERROR_TLS_FAILED,
                               _("Cannot start TLS with %s: %s"), peer, error->message);
      return;
    }

  hs = g_new0 (Handshake, 1);
  hs->tls = G_TLS_CONNECTION (g_steal_pointer (&tls));
  hs->config = tc_tls_config_ref (config);
  hs->peer = g_strdup (peer);
  hs->cancellable = g_cancellable_new ();
  g_task_set_task_data (task, hs, handshake_free);

  set_up_handshake (hs, base, server_identity);

  if (cancellable != NULL)
    {
      hs->caller_cancellable = g_object_ref (cancellable);
      hs->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                       G_CALLBACK (on_caller_cancelled),
                                                       hs->cancellable, NULL);
    }

  tc_deadline_start (&hs->deadline, config->handshake_timeout_ms, hs->cancellable,
                     "[tcpchat] TLS handshake timeout");

  hs->io_priority = io_priority;

  /* GnuTLS reports plain text from a client as one of several errors,
   * depending on its bytes: the first byte tells for sure. */
  if (server_identity == NULL && G_IS_SOCKET_CONNECTION (base))
    {
      watch_first_byte (hs, G_SOCKET_CONNECTION (base), g_steal_pointer (&task));
      return;
    }

  g_tls_connection_handshake_async (hs->tls, io_priority, hs->cancellable,
                                    on_handshake_done, g_steal_pointer (&task));
}

/**
 * tc_tls_handshake_finish:
 *
 * Returns: (transfer full): the TLS connection over the base stream, or
 *   %NULL with a TcError naming the cause (TLS_HANDSHAKE_TIMEOUT,
 *   TLS_NOT_TLS, TLS_EXPIRED, TLS_BAD_IDENTITY, TLS_UNKNOWN_CA,
 *   TLS_PIN_MISMATCH, ...)
 */
GIOStream *
tc_tls_handshake_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tc_tls_handshake_get_rejected_certificate:
 * @result: the result given to tc_tls_handshake_finish()
 *
 * Returns: (transfer none) (nullable): the peer's certificate when the
 *   handshake failed because it was not trusted (or not the pinned one),
 *   so that a person can be shown what was refused
 */
GTlsCertificate *
tc_tls_handshake_get_rejected_certificate (GAsyncResult *result)
{
  Handshake *hs;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  hs = g_task_get_task_data (G_TASK (result));
  return hs != NULL ? hs->rejected_certificate : NULL;
}
