/* tc-client-window-tls.c: the client window's TLS switch, and what it asks
 * a person about a certificate it does not trust
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client-window-private.h"

#include <glib/gi18n-lib.h>

#include "tc-address.h"
#include "tc-error.h"
#include "tc-tls-pins.h"
#include "tc-trust-dialog.h"

/* A handshake cannot wait for a person (GTlsConnection's accept-certificate
 * answers at once), so an untrusted certificate fails it; the window then
 * shows the certificate and, when accepted, connects again with its
 * fingerprint pinned: for that attempt (Accept Once) or in the pin store
 * (Always Accept). */

/**
 * _tc_client_window_apply_tls:
 *
 * Gives the client what to trust for @host and @port: plain TCP with the
 * switch off; with it on, the system's CA store, or exactly the certificate
 * accepted once or pinned for this host and port.
 *
 * Returns: %FALSE, reported, when TLS is on but cannot be used
 */
gboolean
_tc_client_window_apply_tls (TcClientWindow *self,
                             const char     *host,
                             guint16         port)
{
  g_autoptr(TcTlsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *path = NULL;

  if (!gtk_check_button_get_active (self->tls_check))
    {
      tc_client_set_tls (self->client, NULL);
      return TRUE;
    }

  if (!tc_tls_check_supported (&error))
    {
      _tc_client_window_report_error (self, error->message);
      return FALSE;
    }

  config = tc_tls_config_new ();
  target = tc_address_format (host, port);
  if (self->once_pin != NULL && g_strcmp0 (self->once_target, target) == 0)
    config->pin = g_steal_pointer (&self->once_pin);
  else
    {
      path = tc_tls_pins_default_path ();
      config->pin = tc_tls_pins_lookup (path, host, port);
    }
  g_clear_pointer (&self->once_pin, g_free);
  g_clear_pointer (&self->once_target, g_free);

  tc_client_set_tls (self->client, config);
  return TRUE;
}

/* The same words as the handshake's own message, which is written for the
 * headless mode. */
static const char *
reason_for (const GError *error)
{
  switch (error->code)
    {
    case TC_ERROR_TLS_EXPIRED:
      return _("it has expired");
    case TC_ERROR_TLS_BAD_IDENTITY:
      return _("it is for another host name");
    case TC_ERROR_TLS_UNKNOWN_CA:
      return _("it is signed by an unknown CA (self-signed, or its CA is not trusted)");
    case TC_ERROR_TLS_PIN_MISMATCH:
      return _("it is not the certificate pinned for this host and port: "
               "the server's certificate has changed");
    case TC_ERROR_TLS_UNTRUSTED:
    default:
      return _("it was refused");
    }
}

static void
trust_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  TcTrustAnswer answer = tc_trust_dialog_ask_finish (result, &error);
  TcClientWindow *self;
  g_autofree char *fingerprint = NULL;
  g_autofree char *target = NULL;

  /* Cancelled: the window is going away. */
  if (error != NULL)
    return;

  self = TC_CLIENT_WINDOW (user_data);
  g_clear_object (&self->trust_cancellable);
  target = tc_address_format (self->trust_host, self->trust_port);

  if (answer == TC_TRUST_REJECT)
    {
      _tc_client_window_report_event (self, _("Certificate rejected: not connected"));
      g_clear_object (&self->trust_certificate);
      return;
    }

  fingerprint = tc_tls_fingerprint (self->trust_certificate);
  g_clear_object (&self->trust_certificate);

  if (answer == TC_TRUST_ACCEPT_ALWAYS)
    {
      g_autofree char *path = tc_tls_pins_default_path ();
      g_autofree char *text = NULL;

      if (!tc_tls_pins_store (path, self->trust_host, self->trust_port, fingerprint, &error))
        {
          _tc_client_window_report_error (self, error->message);
          return;
        }
      text = g_strdup_printf (_("Pinned the certificate of %s (SHA-256 %s)"), target, fingerprint);
      _tc_client_window_report_event (self, text);
    }
  else
    {
      g_autofree char *text = g_strdup_printf (_("Accepted the certificate of %s for this "
                                                 "connection only (SHA-256 %s)"),
                                               target, fingerprint);

      _tc_client_window_report_event (self, text);
      self->once_pin = g_steal_pointer (&fingerprint);
      self->once_target = g_strdup (target);
    }

  tc_client_window_connect_for_run (self, self->trust_host, self->trust_port);
}

/**
 * _tc_client_window_tls_failed:
 *
 * After a failed attempt: when it failed on a certificate that is not
 * trusted, or not the pinned one, shows it and asks what to do.
 */
void
_tc_client_window_tls_failed (TcClientWindow *self,
                              const GError   *error)
{
  GTlsCertificate *certificate = tc_client_get_rejected_certificate (self->client);
  g_autofree char *target = NULL;

  if (error == NULL || error->domain != TC_ERROR || certificate == NULL)
    return;
  if (error->code != TC_ERROR_TLS_EXPIRED && error->code != TC_ERROR_TLS_BAD_IDENTITY &&
      error->code != TC_ERROR_TLS_UNKNOWN_CA && error->code != TC_ERROR_TLS_UNTRUSTED &&
      error->code != TC_ERROR_TLS_PIN_MISMATCH)
    return;
  /* One question at a time; and none while the client tries again by itself. */
  if (self->trust_cancellable != NULL || tc_client_get_reconnect_in (self->client) > 0)
    return;

  g_set_object (&self->trust_certificate, certificate);
  g_free (self->trust_host);
  self->trust_host = g_strdup (tc_client_get_host (self->client));
  self->trust_port = tc_client_get_port (self->client);
  target = tc_address_format (self->trust_host, self->trust_port);

  self->trust_cancellable = g_cancellable_new ();
  tc_trust_dialog_ask (GTK_WINDOW (self), certificate, target, reason_for (error),
                       self->trust_cancellable, trust_answered_cb, self);
}

void
_tc_client_window_tls_dispose (TcClientWindow *self)
{
  if (self->trust_cancellable != NULL)
    g_cancellable_cancel (self->trust_cancellable);
  g_clear_object (&self->trust_cancellable);
  g_clear_object (&self->trust_certificate);
  g_clear_pointer (&self->trust_host, g_free);
  g_clear_pointer (&self->once_pin, g_free);
  g_clear_pointer (&self->once_target, g_free);
}
