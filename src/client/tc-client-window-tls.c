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
#include "tc-client-window-tls.h"
#include "tc-error.h"
#include "tc-file-dialog.h"
#include "tc-password-dialog.h"
#include "tc-tls-pins.h"
#include "tc-trust-dialog.h"

/* A handshake cannot wait for a person (GTlsConnection's accept-certificate
 * answers at once), so an untrusted certificate fails it; the window then
 * shows the certificate and, when accepted, connects again with its
 * fingerprint pinned: for that attempt (Accept Once) or in the pin store
 * (Always Accept). */

static void ask_pending_password (TcClientWindow *self,
                                  const char     *host,
                                  guint16         port);

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

  if (self->tls_identity == NULL && self->identity_pending != NULL)
    {
      ask_pending_password (self, host, port);
      return FALSE;
    }

  config = tc_tls_config_new ();
  if (self->tls_identity != NULL)
    config->certificate = g_object_ref (self->tls_identity);
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

/* The certificate for mutual TLS */

/* The files are kept for the next window; a PKCS#12 password never is. */
static void
keep_identity (TcClientWindow *self,
               const char     *cert_file,
               const char     *key_file)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  if (self->settings == NULL)
    return;
  cert = cert_file != NULL ? g_canonicalize_filename (cert_file, NULL) : g_strdup ("");
  key = key_file != NULL ? g_canonicalize_filename (key_file, NULL) : g_strdup ("");
  g_settings_set_string (self->settings, "tls-client-cert", cert);
  g_settings_set_string (self->settings, "tls-client-key", key);
}

static void
show_identity (TcClientWindow *self)
{
  g_autofree char *subject = NULL;
  g_autofree char *tooltip = NULL;
  GAction *forget = g_action_map_lookup_action (G_ACTION_MAP (self), "forget-client-certificate");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (forget),
                               self->tls_identity != NULL || self->identity_pending != NULL);
  /* Without a TLS backend the switch's tooltip says so, and stays. */
  if (!tc_tls_check_supported (NULL))
    return;
  if (self->tls_identity == NULL)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_check),
                                   _("Connect over TLS; a certificate that is not trusted "
                                     "is shown to you first"));
      return;
    }

  subject = g_tls_certificate_get_subject_name (self->tls_identity);
  tooltip = g_strdup_printf (_("Connect over TLS, presenting the client certificate %s (%s)"),
                             subject != NULL ? subject : "?", self->tls_identity_file);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_check), tooltip);
}

/**
 * tc_client_window_set_tls_identity:
 * @cert_file: (nullable): PEM (with the key, or @key_file) or PKCS#12;
 *   %NULL for none
 * @key_file: (nullable): the PEM key, when not in @cert_file
 * @password: (nullable): the PKCS#12 password
 *
 * The certificate the next connections present when a server asks for
 * one (mutual TLS). What the file and password dialogs end with.
 *
 * Returns: %FALSE, reported in the window too, when it cannot be used;
 *   the certificate presented before stays
 */
gboolean
tc_client_window_set_tls_identity (TcClientWindow  *self,
                                   const char      *cert_file,
                                   const char      *key_file,
                                   const char      *password,
                                   GError         **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cert_file == NULL)
    {
      if (self->tls_identity != NULL)
        _tc_client_window_report_event (self, _("No client certificate from now on"));
      g_clear_object (&self->tls_identity);
      g_clear_pointer (&self->tls_identity_file, g_free);
      g_clear_pointer (&self->identity_pending, g_free);
      keep_identity (self, NULL, NULL);
      show_identity (self);
      return TRUE;
    }

  certificate = tc_tls_load_certificate_with_password (cert_file, key_file, password,
                                                       &local_error);
  if (certificate == NULL)
    {
      _tc_client_window_report_error (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_set_object (&self->tls_identity, certificate);
  g_clear_pointer (&self->identity_pending, g_free);
  keep_identity (self, cert_file, key_file);
  g_free (self->tls_identity_file);
  self->tls_identity_file = g_path_get_basename (cert_file);
  subject = g_tls_certificate_get_subject_name (certificate);
  text = g_strdup_printf (_("Client certificate for mutual TLS: %s (%s)"),
                          subject != NULL ? subject : "?", self->tls_identity_file);
  _tc_client_window_report_event (self, text);
  show_identity (self);
  return TRUE;
}

/* Returns: (nullable) (transfer none): the certificate presented */
GTlsCertificate *
tc_client_window_get_tls_identity (TcClientWindow *self)
{
  g_return_val_if_fail (TC_IS_CLIENT_WINDOW (self), NULL);

  return self->tls_identity;
}

/* Returns: (nullable): the window a file or password dialog answered,
 *   done asking; NULL when dispose cancelled it, as the window is going
 *   away */
static TcClientWindow *
answered_window (GAsyncResult *result,
                 gpointer      user_data)
{
  TcClientWindow *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return NULL;
  self = TC_CLIENT_WINDOW (user_data);
  g_clear_object (&self->identity_choosing);
  return self;
}

static void
identity_password_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autofree char *password = tc_password_dialog_ask_finish (result, NULL);
  TcClientWindow *self = answered_window (result, user_data);
  g_autofree char *cert_file = NULL;

  if (self == NULL)
    return;
  cert_file = g_steal_pointer (&self->identity_cert_file);
  if (password != NULL)
    tc_client_window_set_tls_identity (self, cert_file, NULL, password, NULL);
}

static void
identity_key_chosen_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, NULL);
  TcClientWindow *self = answered_window (result, user_data);
  g_autofree char *cert_file = NULL;

  if (self == NULL)
    return;
  cert_file = g_steal_pointer (&self->identity_cert_file);
  if (file != NULL)
    tc_client_window_set_tls_identity (self, cert_file, g_file_peek_path (file), NULL, NULL);
}

static void
identity_chosen_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, NULL);
  g_autoptr(GTlsCertificate) alone = NULL;
  g_autofree char *name = NULL;
  TcClientWindow *self = answered_window (result, user_data);
  const char *path;

  if (self == NULL || file == NULL)
    return;

  /* PKCS#12 needs its password; PEM with the key in it is enough, and
   * without it the key is asked for. */
  path = g_file_peek_path (file);
  self->identity_cert_file = g_strdup (path);
  self->identity_choosing = g_cancellable_new ();
  if (!tc_tls_file_is_pem (path))
    {
      name = g_path_get_basename (path);
      tc_password_dialog_ask (GTK_WINDOW (self), name, self->identity_choosing,
                              identity_password_cb, self);
      return;
    }

  alone = tc_tls_load_certificate (path, NULL, NULL, NULL);
  if (alone != NULL)
    {
      g_clear_object (&self->identity_choosing);
      g_clear_pointer (&self->identity_cert_file, g_free);
      tc_client_window_set_tls_identity (self, path, NULL, NULL, NULL);
      return;
    }
  tc_file_dialog_open (GTK_WINDOW (self), _("Choose the Private Key"), NULL,
                       self->identity_choosing, identity_key_chosen_cb, self);
}

static void
pending_password_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autofree char *password = tc_password_dialog_ask_finish (result, NULL);
  g_autofree char *cert_file = NULL;
  g_autofree char *host = NULL;
  TcClientWindow *self = answered_window (result, user_data);

  if (self == NULL)
    return;
  host = g_steal_pointer (&self->identity_host);
  /* Forgotten while asking. */
  if (self->identity_pending == NULL)
    return;
  if (password == NULL)
    {
      g_autofree char *name = g_path_get_basename (self->identity_pending);
      g_autofree char *text = g_strdup_printf (_("Not connected: the password of %s was "
                                                 "not given"), name);

      _tc_client_window_report_event (self, text);
      return;
    }

  cert_file = g_strdup (self->identity_pending);
  if (tc_client_window_set_tls_identity (self, cert_file, NULL, password, NULL))
    tc_client_window_connect_for_run (self, host, self->identity_port);
}

/* The kept PKCS#12 certificate needs its password, asked once before the
 * first connection; then the connection goes ahead. */
static void
ask_pending_password (TcClientWindow *self,
                      const char     *host,
                      guint16         port)
{
  g_autofree char *name = NULL;

  if (self->identity_choosing != NULL)
    return;
  g_free (self->identity_host);
  self->identity_host = g_strdup (host);
  self->identity_port = port;
  self->identity_choosing = g_cancellable_new ();
  name = g_path_get_basename (self->identity_pending);
  tc_password_dialog_ask (GTK_WINDOW (self), name, self->identity_choosing,
                          pending_password_cb, self);
}

/* What the last window chose: PEM is loaded now, PKCS#12 waits for its
 * password until the first connection. */
static void
restore_identity (TcClientWindow *self)
{
  g_autofree char *cert = NULL;
  g_autofree char *key = NULL;

  if (self->settings == NULL)
    return;
  cert = g_settings_get_string (self->settings, "tls-client-cert");
  key = g_settings_get_string (self->settings, "tls-client-key");
  if (cert[0] == '\0')
    return;
  if (!tc_tls_file_is_pem (cert))
    {
      self->identity_pending = g_steal_pointer (&cert);
      return;
    }
  tc_client_window_set_tls_identity (self, cert, key[0] != '\0' ? key : NULL, NULL, NULL);
}

static void
choose_client_certificate_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  TcClientWindow *self = TC_CLIENT_WINDOW (user_data);

  if (self->identity_choosing != NULL)
    return;
  self->identity_choosing = g_cancellable_new ();
  tc_file_dialog_open (GTK_WINDOW (self), _("Choose the TLS Client Certificate"), NULL,
                       self->identity_choosing, identity_chosen_cb, self);
}

static void
forget_client_certificate_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  tc_client_window_set_tls_identity (TC_CLIENT_WINDOW (user_data), NULL, NULL, NULL, NULL);
}

static const GActionEntry identity_entries[] = {
  { .name = "choose-client-certificate", .activate = choose_client_certificate_action },
  { .name = "forget-client-certificate", .activate = forget_client_certificate_action },
};

void
_tc_client_window_tls_init (TcClientWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), identity_entries,
                                   G_N_ELEMENTS (identity_entries), self);
  restore_identity (self);
  show_identity (self);
}

void
_tc_client_window_tls_dispose (TcClientWindow *self)
{
  if (self->identity_choosing != NULL)
    g_cancellable_cancel (self->identity_choosing);
  g_clear_object (&self->identity_choosing);
  g_clear_object (&self->tls_identity);
  g_clear_pointer (&self->tls_identity_file, g_free);
  g_clear_pointer (&self->identity_cert_file, g_free);
  g_clear_pointer (&self->identity_pending, g_free);
  g_clear_pointer (&self->identity_host, g_free);
  if (self->trust_cancellable != NULL)
    g_cancellable_cancel (self->trust_cancellable);
  g_clear_object (&self->trust_cancellable);
  g_clear_object (&self->trust_certificate);
  g_clear_pointer (&self->trust_host, g_free);
  g_clear_pointer (&self->once_pin, g_free);
  g_clear_pointer (&self->once_target, g_free);
}
