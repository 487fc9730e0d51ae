/* tc-tls-options.c: the TLS options of the headless modes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tls-options.h"
#include "tc-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MAX_HANDSHAKE_TIMEOUT 600000 /* ms */

static void
add_entry (TcTlsOptions *self,
           guint        *n,
           const char   *name,
           GOptionArg    arg,
           gpointer      data,
           const char   *description,
           const char   *arg_description)
{
  g_assert (*n + 1 < G_N_ELEMENTS (self->entries));

  self->entries[(*n)++] = (GOptionEntry) { name, 0, 0, arg, data, description, arg_description };
  self->entries[*n] = (GOptionEntry) { NULL };
}

/**
 * tc_tls_options_init:
 * @server: the server's options, else the client's
 *
 * Fills @self->entries, for tc_headless_add_options().
 */
void
tc_tls_options_init (TcTlsOptions *self,
                     gboolean      server)
{
  guint n = 0;

  memset (self, 0, sizeof *self);
  self->server = server;

  add_entry (self, &n, "tls", G_OPTION_ARG_NONE, &self->tls,
             server ? N_("Speak TLS: clients must connect with TLS")
                    : N_("Speak TLS, trusting the system's CAs and checking the host name"),
             NULL);
  add_entry (self, &n, "tls-cert", G_OPTION_ARG_FILENAME, &self->cert,
             server ? N_("The server's certificate: PEM (chain, and key unless --tls-key) "
                         "or PKCS#12")
                    : N_("A client certificate for mutual TLS: PEM or PKCS#12"),
             N_("FILE"));
  add_entry (self, &n, "tls-key", G_OPTION_ARG_FILENAME, &self->key,
             N_("The PEM private key of --tls-cert, when not in the same file"), N_("FILE"));
  add_entry (self, &n, "tls-password-file", G_OPTION_ARG_FILENAME, &self->password_file,
             N_("The password of a PKCS#12 --tls-cert, on the first line of FILE"), N_("FILE"));

  if (server)
    {
      add_entry (self, &n, "tls-self-signed", G_OPTION_ARG_NONE, &self->self_signed,
                 N_("Use a self-signed certificate, made once and kept in the user's data "
                    "folder; its SHA-256 fingerprint is printed for clients to pin"), NULL);
      add_entry (self, &n, "tls-handshake-timeout", G_OPTION_ARG_STRING,
                 &self->handshake_timeout,
                 N_("Drop a client that has not finished the TLS handshake after MS "
                    "(default 10000)"), N_("MS"));
      add_entry (self, &n, "tls-client-ca", G_OPTION_ARG_FILENAME, &self->client_ca,
                 N_("Check client certificates against the CAs in FILE (PEM)"), N_("FILE"));
      add_entry (self, &n, "tls-client-auth", G_OPTION_ARG_STRING, &self->client_auth,
                 N_("Ask clients for a certificate: request or require (default require "
                    "with --tls-client-ca)"), N_("MODE"));
    }
  else
    {
      add_entry (self, &n, "tls-ca", G_OPTION_ARG_FILENAME, &self->ca,
                 N_("Trust the CAs in FILE (PEM) instead of the system's"), N_("FILE"));
      add_entry (self, &n, "tls-pin", G_OPTION_ARG_STRING, &self->pin,
                 N_("Accept exactly the certificate with this SHA-256 fingerprint"),
                 N_("SHA256"));
      add_entry (self, &n, "tls-insecure", G_OPTION_ARG_NONE, &self->insecure,
                 N_("Accept any certificate: insecure, for tests only"), NULL);
    }
}

void
tc_tls_options_clear (TcTlsOptions *self)
{
  g_clear_pointer (&self->cert, g_free);
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->password_file, g_free);
  g_clear_pointer (&self->ca, g_free);
  g_clear_pointer (&self->pin, g_free);
  g_clear_pointer (&self->client_ca, g_free);
  g_clear_pointer (&self->client_auth, g_free);
  g_clear_pointer (&self->handshake_timeout, g_free);
}

static const char *
first_tls_option (TcTlsOptions *self)
{
  if (self->cert != NULL) return "--tls-cert";
  if (self->key != NULL) return "--tls-key";
  if (self->password_file != NULL) return "--tls-password-file";
  if (self->self_signed) return "--tls-self-signed";
  if (self->handshake_timeout != NULL) return "--tls-handshake-timeout";
  if (self->client_ca != NULL) return "--tls-client-ca";
  if (self->client_auth != NULL) return "--tls-client-auth";
  if (self->ca != NULL) return "--tls-ca";
  if (self->pin != NULL) return "--tls-pin";
  if (self->insecure) return "--tls-insecure";
  return NULL;
}

static gboolean
usage_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, message);
  return FALSE;
}

static gboolean
parse_server_options (TcTlsOptions  *self,
                      TcTlsConfig   *config,
                      const char    *listen_host,
                      char         **self_signed_path,
                      GError       **error)
{
  if (self->cert == NULL && !self->self_signed)
    return usage_error (error, _("--tls needs a certificate: --tls-cert FILE, or "
                                 "--tls-self-signed to make one"));
  if (self->cert != NULL && self->self_signed)
    return usage_error (error, _("--tls-cert and --tls-self-signed exclude each other"));

  if (self->handshake_timeout != NULL)
    {
      char *end = NULL;
      guint64 ms = g_ascii_strtoull (self->handshake_timeout, &end, 10);

      if (end == self->handshake_timeout || *end != '\0' || ms < 1 || ms > MAX_HANDSHAKE_TIMEOUT)
        {
          g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                       _("--tls-handshake-timeout %s: expected milliseconds from 1 to %d"),
                       self->handshake_timeout, MAX_HANDSHAKE_TIMEOUT);
          return FALSE;
        }
      config->handshake_timeout_ms = (guint) ms;
    }

  if (self->client_auth != NULL)
    {
      if (g_str_equal (self->client_auth, "request"))
        config->client_auth = G_TLS_AUTHENTICATION_REQUESTED;
      else if (g_str_equal (self->client_auth, "require"))
        config->client_auth = G_TLS_AUTHENTICATION_REQUIRED;
      else
        {
          g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                       _("--tls-client-auth %s: expected request or require"),
                       self->client_auth);
          return FALSE;
        }
    }
  else if (self->client_ca != NULL)
    {
      config->client_auth = G_TLS_AUTHENTICATION_REQUIRED;
    }

  /* As in the window: without a CA any client certificate would pass. */
  if (config->client_auth != G_TLS_AUTHENTICATION_NONE && self->client_ca == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("--tls-client-auth %s needs --tls-client-ca FILE to check client "
                     "certificates against"),
                   self->client_auth);
      return FALSE;
    }

  if (self->client_ca != NULL &&
      (config->database = tc_tls_load_ca (self->client_ca, error)) == NULL)
    return FALSE;

  if (self->self_signed)
    config->certificate = tc_tls_self_signed (listen_host, self_signed_path, error);
  else
    config->certificate = tc_tls_load_certificate (self->cert, self->key, self->password_file,
                                                   error);

  return config->certificate != NULL;
}

static gboolean
parse_client_options (TcTlsOptions  *self,
                      TcTlsConfig   *config,
                      GError       **error)
{
  if (self->insecure && (self->pin != NULL || self->ca != NULL))
    return usage_error (error, _("--tls-insecure accepts any certificate: it makes no sense "
                                 "with --tls-pin or --tls-ca"));

  config->insecure = self->insecure;

  if (self->pin != NULL && (config->pin = tc_tls_parse_pin (self->pin, error)) == NULL)
    return FALSE;

  if (self->ca != NULL && (config->database = tc_tls_load_ca (self->ca, error)) == NULL)
    return FALSE;

  if (self->cert != NULL &&
      (config->certificate = tc_tls_load_certificate (self->cert, self->key,
                                                      self->password_file, error)) == NULL)
    return FALSE;

  return TRUE;
}

/**
 * tc_tls_options_make_config:
 * @listen_host: (nullable): the server's listen address, for a self-signed
 *   certificate
 * @config: (out): the configuration, or %NULL without --tls
 * @self_signed_path: (out) (optional): where the self-signed certificate is
 *   kept, when --tls-self-signed
 *
 * Returns: %FALSE on a bad option or credential, said in @error
 *   (TC_ERROR_TLS_UNAVAILABLE where TLS is not installed)
 */
gboolean
tc_tls_options_make_config (TcTlsOptions  *self,
                            const char    *listen_host,
                            TcTlsConfig  **config,
                            char         **self_signed_path,
                            GError       **error)
{
  g_autoptr(TcTlsConfig) made = NULL;
  const char *stray = first_tls_option (self);

  *config = NULL;

  if (!self->tls)
    {
      if (stray == NULL)
        return TRUE;
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS, _("%s needs --tls"), stray);
      return FALSE;
    }

  if (!tc_tls_check_supported (error))
    return FALSE;

  if (self->key != NULL && self->cert == NULL)
    return usage_error (error, _("--tls-key needs --tls-cert"));

  made = tc_tls_config_new ();
  if (self->server ? !parse_server_options (self, made, listen_host, self_signed_path, error)
                   : !parse_client_options (self, made, error))
    return FALSE;

  *config = g_steal_pointer (&made);
  return TRUE;
}
