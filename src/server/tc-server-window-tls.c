/* tc-server-window-tls.c: the server window's TLS switch, its certificate
 * and the fingerprint clients can pin
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-server-window-private.h"

#include <glib/gi18n-lib.h>

#include "tc-error.h"
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

/* Mutual TLS: win.client-auth ("none", "request" or "require") and the
 * CA file client certificates are checked against, which request and
 * require both need: without it any certificate would pass. */

static const char *
client_auth_mode (TcServerWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "client-auth");
  g_autoptr(GVariant) state = g_action_get_state (action);

  return g_str_equal (g_variant_get_string (state, NULL), "request") ? "request"
    : g_str_equal (g_variant_get_string (state, NULL), "require") ? "require" : "none";
}

static gboolean
apply_client_auth (TcServerWindow  *self,
                   TcTlsConfig     *config,
                   GError         **error)
{
  const char *mode = client_auth_mode (self);

  if (g_str_equal (mode, "none"))
    return TRUE;

  if (self->tls_client_ca_file == NULL)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                           _("Client certificates are asked for, but no CA file to check "
                             "them against is chosen: choose one with CA File…"));
      return FALSE;
    }

  config->database = tc_tls_load_ca (self->tls_client_ca_file, error);
  if (config->database == NULL)
    return FALSE;
  config->client_auth = g_str_equal (mode, "require") ? G_TLS_AUTHENTICATION_REQUIRED
                                                      : G_TLS_AUTHENTICATION_REQUESTED;
  return TRUE;
}

static void
show_client_ca (TcServerWindow *self)
{
  g_autofree char *name = NULL;

  if (self->tls_client_ca_file == NULL)
    {
      gtk_label_set_text (self->tls_client_ca_label, _("No CA file"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_client_ca_label), NULL);
      return;
    }
  name = g_path_get_basename (self->tls_client_ca_file);
  gtk_label_set_text (self->tls_client_ca_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->tls_client_ca_label), self->tls_client_ca_file);
}

/**
 * tc_server_window_set_tls_client_ca:
 * @ca_file: (nullable): PEM certificates of the CAs client certificates
 *   are checked against
 *
 * What the CA file dialog chooses, for the next Start Listen.
 */
void
tc_server_window_set_tls_client_ca (TcServerWindow *self,
                                    const char     *ca_file)
{
  g_return_if_fail (TC_IS_SERVER_WINDOW (self));

  g_free (self->tls_client_ca_file);
  self->tls_client_ca_file = ca_file != NULL ? g_canonicalize_filename (ca_file, NULL) : NULL;
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "tls-client-ca",
                           self->tls_client_ca_file != NULL ? self->tls_client_ca_file : "");
  show_client_ca (self);
}

static void
keep_client_auth (TcServerWindow *self)
{
  g_settings_set_string (self->settings, "tls-client-auth", client_auth_mode (self));
}

/* The mode and the CA file as the last window left them. */
static void
restore_client_auth (TcServerWindow *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "client-auth");
  g_autofree char *mode = NULL;
  g_autofree char *ca = NULL;

  if (self->settings == NULL)
    return;
  mode = g_settings_get_string (self->settings, "tls-client-auth");
  ca = g_settings_get_string (self->settings, "tls-client-ca");
  if (ca[0] != '\0')
    self->tls_client_ca_file = g_steal_pointer (&ca);
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (mode));
  g_signal_connect_swapped (action, "notify::state", G_CALLBACK (keep_client_auth), self);
}

/* Given the file chosen, or NULL when the dialog was dismissed. */
typedef void (*ChosenFunc) (TcServerWindow *self,
                            GFile          *file);

typedef struct
{
  TcServerWindow *self;   /* borrowed: dispose cancels the dialog */
  ChosenFunc      func;
} Choosing;

static void
file_chosen_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Choosing *choosing = user_data;
  g_autoptr(GFile) file = tc_file_dialog_open_finish (result, NULL);

  /* Cancelled by dispose: the window is going away. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_object (&choosing->self->tls_choosing);
  choosing->func (choosing->self, file);
}

/* One file dialog at a time, for the certificate, its key or the CA. */
static void
choose_file (TcServerWindow *self,
             const char     *title,
             ChosenFunc      func)
{
  Choosing *choosing;

  if (self->tls_choosing != NULL)
    return;
  choosing = g_new (Choosing, 1);
  choosing->self = self;
  choosing->func = func;
  self->tls_choosing = g_cancellable_new ();
  tc_file_dialog_open (GTK_WINDOW (self), title, NULL, self->tls_choosing, file_chosen_cb,
                       choosing);
}

static void
client_ca_chosen (TcServerWindow *self,
                  GFile          *file)
{
  if (file != NULL)
    tc_server_window_set_tls_client_ca (self, g_file_peek_path (file));
}

static void
choose_client_ca_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  choose_file (TC_SERVER_WINDOW (user_data), _("Choose the CA of Client Certificates"),
               client_ca_chosen);
}

/* A row under the certificate's: none, request or require, and the CA. */
static void
build_client_auth_row (TcServerWindow *self)
{
  static const struct { const char *mode; const char *label; const char *tooltip; } modes[] = {
    { "none", N_("None"), N_("Clients need no certificate") },
    { "request", N_("Request"), N_("Clients are asked for a certificate; one that the CA "
                                   "did not sign is refused, none is accepted") },
    { "require", N_("Require"), N_("Clients without a certificate signed by the CA are refused") },
  };
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Client certificates:"));
  GtkWidget *button;
  GtkWidget *group = NULL;

  gtk_box_append (GTK_BOX (row), label);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      button = gtk_check_button_new_with_label (_(modes[i].label));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.client-auth");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", modes[i].mode);
      gtk_widget_set_tooltip_text (button, _(modes[i].tooltip));
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (group));
      group = button;
      gtk_box_append (GTK_BOX (row), button);
    }

  self->tls_client_ca_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->tls_client_ca_label, 0.0f);
  gtk_label_set_ellipsize (self->tls_client_ca_label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->tls_client_ca_label), TRUE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->tls_client_ca_label), 6);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->tls_client_ca_label));

  button = gtk_button_new_with_mnemonic (_("C_A File…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.choose-client-ca");
  gtk_widget_set_tooltip_text (button, _("A PEM file with the CA certificates that client "
                                         "certificates are checked against"));
  gtk_box_append (GTK_BOX (row), button);

  gtk_box_append (GTK_BOX (self->tls_bar), row);
  show_client_ca (self);
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
  if (!apply_client_auth (self, config, &error))
    {
      _tc_server_window_report (self, TC_STATUS_ERROR, NULL, error->message);
      return FALSE;
    }
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
key_chosen (TcServerWindow *self,
            GFile          *file)
{
  if (file == NULL)
    {
      g_clear_pointer (&self->tls_cert_file, g_free);
      reload (self);
      return;
    }

  tc_server_window_set_tls_files (self, self->tls_cert_file, g_file_peek_path (file));
}

static void
certificate_chosen (TcServerWindow *self,
                    GFile          *file)
{
  g_autoptr(GTlsCertificate) alone = NULL;

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
  choose_file (self, _("Choose the Private Key"), key_chosen);
}

static void
choose_certificate_action (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  choose_file (TC_SERVER_WINDOW (user_data), _("Choose the TLS Certificate"),
               certificate_chosen);
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
  { .name = "client-auth", .parameter_type = "s", .state = "'none'" },
  { .name = "choose-client-ca", .activate = choose_client_ca_action },
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
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "client-auth")),
                               can_choose);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (map, "choose-client-ca")),
                               can_choose);
  _tc_server_window_tls_status (self);
}

void
_tc_server_window_tls_init (TcServerWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), tls_entries, G_N_ELEMENTS (tls_entries),
                                   self);
  restore_client_auth (self);
  build_client_auth_row (self);

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
  g_clear_pointer (&self->tls_client_ca_file, g_free);
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
