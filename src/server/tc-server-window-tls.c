/* tc-server-window-tls.c: the server window's TLS switch, its certificate
 * and the fingerprint clients can pin
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>

#include "tc-file-dialog.h"
#include "tc-tls.h"

static gboolean
tls_on (TcServerWindow *self)
{
  return gtk_check_button_get_active (self->tls_check);
}

static void
clear_certificate (TcServerWindow *self)
{
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->tls_fingerprint, g_free);
  gtk_label_set_text (self->tls_fingerprint_label, "");
}

/* Loads the certificate the controls name (made once, for a self-signed
 * one) and shows where it is and its fingerprint. */
static gboolean
load_certificate (TcServerWindow  *self,
                  const char      *address,
                  GError         **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;

  clear_certificate (self);

  if (self->tls_cert_file == NULL)
    {
      certificate = tc_tls_self_signed (address, &path, error);
      if (certificate != NULL)
        source = g_strdup_printf (_("Self-signed, kept in %s"), path);
    }
  else
    {
      certificate = tc_tls_load_certificate (self->tls_cert_file, self->tls_key_file, NULL, error);
      source = g_path_get_basename (self->tls_cert_file);
    }

  if (certificate == NULL)
    {
      gtk_label_set_text (self->tls_source_label, _("No usable certificate"));
      return FALSE;
    }

  gtk_label_set_text (self->tls_source_label, source);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_source_label),
                               path != NULL ? path : self->tls_cert_file);
  self->tls_fingerprint = tc_tls_fingerprint (certificate);
  self->tls_certificate = g_steal_pointer (&certificate);
  gtk_label_set_text (self->tls_fingerprint_label, self->tls_fingerprint);
  return TRUE;
}

static char *
listen_address (TcServerWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_entry))));
}

/* The bar follows the switch; the certificate is there to see (and to
 * pin) before the first client comes. */
static void
reload (TcServerWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  gtk_widget_set_visible (self->tls_bar, tls_on (self));
  if (!tls_on (self))
    {
      clear_certificate (self);
      return;
    }

  address = listen_address (self);
  if (!load_certificate (self, address[0] != '\0' ? address : NULL, &error))
    _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
}

static void
keep_files (TcServerWindow *self)
{
  if (self->settings == NULL)
    return;
  g_settings_set_string (self->settings, "tls-cert",
                         self->tls_cert_file != NULL ? self->tls_cert_file : "");
  g_settings_set_string (self->settings, "tls-key",
                         self->tls_key_file != NULL ? self->tls_key_file : "");
}

/**
 * _tc_server_window_apply_tls:
 * @address: what the server is about to listen on
 *
 * Gives the server its certificate with the switch on, none with it off.
 *
 * Returns: %FALSE, reported, when TLS is on without a usable certificate
 */
gboolean
_tc_server_window_apply_tls (TcServerWindow *self,
                             const char     *address)
{
  g_autoptr(TcTlsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  if (!tls_on (self))
    {
      tc_server_set_tls (self->server, NULL);
      return TRUE;
    }

  if (!tc_tls_check_supported (&error) || !load_certificate (self, address, &error))
    {
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
      return FALSE;
    }

  config = tc_tls_config_new ();
  config->certificate = g_object_ref (self->tls_certificate);
  tc_server_set_tls (self->server, config);
  return TRUE;
}

/* The lock segment: the selected client's version and cipher suite, or
 * this server's certificate while none is selected. */
void
_tc_server_window_tls_status (TcServerWindow *self)
{
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;

  if (!tc_server_is_listening (self->server) || tc_server_get_tls (self->server) == NULL)
    {
      tc_status_bar_show_tls (self->status_bar, NULL, NULL);
      return;
    }

  if (self->target != NULL)
    description = tc_connection_get_tls_description (self->target);
  if (description != NULL)
    {
      g_autofree char *subject = tc_connection_get_peer_subject (self->target);

      tooltip = g_strdup_printf (_("The client's certificate: %s"),
                                 subject != NULL ? subject : _("none"));
    }
  else
    {
      GTlsCertificate *ours = tc_server_get_tls (self->server)->certificate;
      g_autofree char *subject = ours != NULL ? g_tls_certificate_get_subject_name (ours) : NULL;
      g_autofree char *fingerprint = ours != NULL ? tc_tls_fingerprint (ours) : NULL;

      description = g_strdup ("TLS");
      tooltip = g_strdup_printf (_("This server's certificate: %s\nSHA-256 %s"),
                                 subject != NULL ? subject : "?",
                                 fingerprint != NULL ? fingerprint : "?");
    }
  tc_status_bar_show_tls (self->status_bar, description, tooltip);
}

/* Actions */

static void
key_chosen_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, &error);
  TcServerWindow *self;

  /* Cancelled by dispose: the window is going away. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = TC_SERVER_WINDOW (user_data);
  g_clear_object (&self->tls_choosing);
  if (file == NULL)
    {
      g_clear_pointer (&self->tls_cert_file, g_free);
      reload (self);
      return;
    }

  tc_server_window_set_tls_files (self, self->tls_cert_file, g_file_peek_path (file));
}

static void
certificate_chosen_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, &error);
  g_autoptr(GTlsCertificate) alone = NULL;
  TcServerWindow *self;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = TC_SERVER_WINDOW (user_data);
  g_clear_object (&self->tls_choosing);
  if (file == NULL)
    return;

  /* A file with the key in it is enough; otherwise the key is asked for. */
  alone = tc_tls_load_certificate (g_file_peek_path (file), NULL, NULL, NULL);
  if (alone != NULL)
    {
      tc_server_window_set_tls_files (self, g_file_peek_path (file), NULL);
      return;
    }

  g_free (self->tls_cert_file);
  self->tls_cert_file = g_file_get_path (file);
  self->tls_choosing = g_cancellable_new ();
  tc_file_dialog_open (GTK_WINDOW (self), _("Choose the Private Key"), NULL, self->tls_choosing,
                       key_chosen_cb, self);
}

static void
choose_certificate_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TcServerWindow *self = TC_SERVER_WINDOW (user_data);

  if (self->tls_choosing != NULL)
    return;
  self->tls_choosing = g_cancellable_new ();
  tc_file_dialog_open (GTK_WINDOW (self), _("Choose the TLS Certificate"), NULL,
                       self->tls_choosing, certificate_chosen_cb, self);
}

static void
use_self_signed_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  tc_server_window_set_tls_files (TC_SERVER_WINDOW (user_data), NULL, NULL);
}

static void
copy_fingerprint_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TcServerWindow *self = TC_SERVER_WINDOW (user_data);

  if (self->tls_fingerprint != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->tls_fingerprint);
}

static const GActionEntry tls_entries[] = {
  { .name = "choose-certificate", .activate = choose_certificate_action },
  { .name = "use-self-signed", .activate = use_self_signed_action },
  { .name = "copy-fingerprint", .activate = copy_fingerprint_action },
};

/* The certificate is chosen while not listening: a listening server keeps
 * the one it started with. */
static void
update_sensitivity (TcServerWindow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean supported = tc_tls_check_supported (&error);
  gboolean listening = tc_server_is_listening (self->server);
  gboolean can_choose = supported && !listening;
  GActionMap *map = G_ACTION_MAP (self);

  if (listening)
    tc_widget_drop_focus_within (GTK_WIDGET (self->tls_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->tls_check), can_choose);
  /* Without a TLS backend the switch says why it cannot be used. */
  if (!supported)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_check), error->message);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "choose-certificate")),
                               can_choose);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "use-self-signed")),
                               can_choose);
  _tc_server_window_tls_status (self);
}

void
_tc_server_window_tls_init (TcServerWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), tls_entries, G_N_ELEMENTS (tls_entries),
                                   self);

  if (self->settings != NULL)
    {
      g_autofree char *cert = g_settings_get_string (self->settings, "tls-cert");
      g_autofree char *key = g_settings_get_string (self->settings, "tls-key");

      self->tls_cert_file = cert[0] != '\0' ? g_steal_pointer (&cert) : NULL;
      self->tls_key_file = key[0] != '\0' ? g_steal_pointer (&key) : NULL;
      g_settings_bind (self->settings, "tls", self->tls_check, "active",
                       G_SETTINGS_BIND_GET | G_SETTINGS_BIND_SET | G_SETTINGS_BIND_GET_NO_CHANGES |
                       G_SETTINGS_BIND_NO_SENSITIVITY);
    }
  g_signal_connect_swapped (self->tls_check, "notify::active", G_CALLBACK (reload), self);
  g_signal_connect_swapped (self->server, "notify::state", G_CALLBACK (update_sensitivity), self);
  reload (self);
  update_sensitivity (self);
}

void
_tc_server_window_tls_dispose (TcServerWindow *self)
{
  if (self->tls_choosing != NULL)
    g_cancellable_cancel (self->tls_choosing);
  g_clear_object (&self->tls_choosing);
  g_clear_object (&self->tls_certificate);
  g_clear_pointer (&self->tls_fingerprint, g_free);
  g_clear_pointer (&self->tls_cert_file, g_free);
  g_clear_pointer (&self->tls_key_file, g_free);
}

/**
 * tc_server_window_set_tls_files:
 * @cert_file: (nullable): a PEM file with the certificate chain (and the
 *   key, when @key_file is %NULL); %NULL for a self-signed certificate
 * @key_file: (nullable): the key's PEM file
 *
 * What the file dialogs choose: the certificate for the next Start Listen,
 * kept for the next window.
 */
void
tc_server_window_set_tls_files (TcServerWindow *self,
                                const char     *cert_file,
                                const char     *key_file)
{
  g_autofree char *cert = g_strdup (cert_file);
  g_autofree char *key = g_strdup (key_file);

  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  g_free (self->tls_cert_file);
  g_free (self->tls_key_file);
  self->tls_cert_file = g_steal_pointer (&cert);
  self->tls_key_file = cert_file != NULL ? g_steal_pointer (&key) : NULL;
  keep_files (self);
  reload (self);
}

/* Returns: (nullable): the SHA-256 fingerprint shown, as clients pin it */
const char *
tc_server_window_get_tls_fingerprint (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);

  return self->tls_fingerprint;
}

GtkCheckButton *
tc_server_window_get_tls_check (TcServerWindow *self)
{
  g_return_val_if_fail (TC_IS_SERVER_WINDOW (self), NULL);

  return self->tls_check;
}
