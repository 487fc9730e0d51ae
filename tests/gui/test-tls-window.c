/* test-tls-window.c: TLS in both windows: the client's trust dialog and
 * pins, the server's certificate and fingerprint, the lock in the status bar
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tc-client-row.h"
#include "tc-client-window.h"
#include "tc-client-window-tls.h"
#include "tc-error.h"
#include "tc-gui-test-server.h"
#include "tc-gui-test-util.h"
#include "tc-password-dialog.h"
#include "tc-server.h"
#include "tc-server-window.h"
#include "tc-settings.h"
#include "tc-test-util.h"
#include "tc-tls.h"
#include "tc-tls-pins.h"
#include "tc-trust-dialog.h"

#define WAIT_MS 10000

static char *data_home;

typedef struct
{
  TcClientWindow  *window;
  TcClient        *client;
  TcServer        *server;
  guint16          port;
  char            *fingerprint;   /* of the server's certificate */
  GError          *connect_error;
  guint            connect_failed;
} Fixture;

static GMainContext *
context (void)
{
  return g_main_context_default ();
}

static char *
cert_path (const char *name)
{
  const char *srcdir = g_getenv ("TCPCHAT_TESTS_SRCDIR");

  return g_build_filename (srcdir != NULL ? srcdir : "tests", "tls", "certs", name, NULL);
}

static void
connect_failed_cb (TcClient     *client,
                   const GError *error,
                   Fixture      *f)
{
  f->connect_failed++;
  g_clear_error (&f->connect_error);
  f->connect_error = g_error_copy (error);
}

/* The server, over TLS with @certificate, on the same port when it had one. */
static void
start_server (Fixture         *f,
              GTlsCertificate *certificate)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;

  config->certificate = g_object_ref (certificate);
  f->server = tc_server_new ();
  tc_server_set_tls (f->server, config);
  g_assert_true (tc_server_listen (f->server, "127.0.0.1", f->port, &error));
  g_assert_no_error (error);
  f->port = tc_server_get_port (f->server);
  g_free (f->fingerprint);
  f->fingerprint = tc_tls_fingerprint (certificate);
}

static char *
pins_path (void)
{
  return tc_tls_pins_default_path ();
}

static char *
stored_pin (Fixture *f)
{
  g_autofree char *path = pins_path ();

  return tc_tls_pins_lookup (path, "127.0.0.1", f->port);
}

/* The trust dialog in front of the window, if one is open. */
static GtkWidget *
find_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (window) == GTK_WINDOW (f->window) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* Every label of @widget, joined. */
static void
collect_text (GtkWidget *widget,
              GString   *out)
{
  if (GTK_IS_LABEL (widget))
    {
      g_string_append (out, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (out, '\n');
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, out);
}

static gboolean
log_has (Fixture    *f,
         const char *needle)
{
  TcLogModel *log = tc_client_window_get_log_model (f->window);

  return tc_gui_test_log_has (log, TC_LOG_DIRECTION_ERROR, needle, TRUE) ||
         tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, needle, TRUE);
}

static void
connect_window (Fixture *f)
{
  tc_client_window_set_host (f->window, "127.0.0.1");
  tc_client_window_set_port (f->window, f->port);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.connect", NULL));
}

/* Connects, waits for the dialog, checks what it shows, and answers. */
static void
connect_and_answer (Fixture       *f,
                    TcTrustAnswer  answer,
                    const char    *reason)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *dialog;

  connect_window (f);
  TC_WAIT_UNTIL (context (), find_dialog (f) != NULL, WAIT_MS);
  dialog = find_dialog (f);
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  collect_text (dialog, text);
  g_test_message ("%s", text->str);
  g_assert_nonnull (strstr (text->str, f->fingerprint));
  g_assert_nonnull (strstr (text->str, "Subject: "));
  g_assert_nonnull (strstr (text->str, "Issuer: "));
  g_assert_nonnull (strstr (text->str, "Valid from "));
  g_assert_nonnull (strstr (text->str, reason));
  g_assert_nonnull (strstr (text->str, "127.0.0.1:"));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));

  gtk_dialog_response (GTK_DIALOG (dialog), answer);
  TC_WAIT_UNTIL (context (), find_dialog (f) == NULL, WAIT_MS);
}

/* A client window on the settings as they are, its failures kept. */
static void
open_client_window (Fixture *f)
{
  f->window = g_object_ref_sink (tc_client_window_new (NULL));
  f->client = tc_client_window_get_client (f->window);
  g_signal_connect (f->client, "connect-failed", G_CALLBACK (connect_failed_cb), f);
  gtk_window_present (GTK_WINDOW (f->window));
  tc_test_drain (context ());
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = pins_path ();

  g_unlink (path);
  tc_gui_test_reset_settings (CLIENT_APP_ID);
  certificate = tc_tls_self_signed ("127.0.0.1", NULL, &error);
  g_assert_no_error (error);
  start_server (f, certificate);

  open_client_window (f);

  /* As a person does: a click on the switch. */
  g_assert_false (gtk_check_button_get_active (tc_client_window_get_tls_check (f->window)));
  g_signal_emit_by_name (tc_client_window_get_tls_check (f->window), "activate");
  g_assert_true (gtk_check_button_get_active (tc_client_window_get_tls_check (f->window)));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = pins_path ();

  g_signal_handlers_disconnect_by_data (f->client, f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
  tc_gui_test_server_stop (&f->server);
  g_clear_error (&f->connect_error);
  g_free (f->fingerprint);
  g_unlink (path);
}

/* The clients list's row titled @title, among those bound. */
/* Tests */

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *pin = NULL;

  connect_window (f);
  TC_WAIT_UNTIL (context (), find_dialog (f) != NULL, WAIT_MS);
  g_assert_error (f->connect_error, TC_ERROR, TC_ERROR_TLS_UNKNOWN_CA);
  tc_gui_test_save_screenshot (find_dialog (f), "tls-trust-dialog.png");
  gtk_dialog_response (GTK_DIALOG (find_dialog (f)), TC_TRUST_REJECT);
  TC_WAIT_UNTIL (context (), find_dialog (f) == NULL, WAIT_MS);

  tc_test_drain (context ());
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpuint (f->connect_failed, ==, 1);
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 0);
  g_assert_true (log_has (f, "Certificate rejected"));
  pin = stored_pin (f);
  g_assert_null (pin);

  /* Closed by the window manager: a rejection too. */
  connect_window (f);
  TC_WAIT_UNTIL (context (), find_dialog (f) != NULL, WAIT_MS);
  gtk_dialog_response (GTK_DIALOG (find_dialog (f)), GTK_RESPONSE_DELETE_EVENT);
  TC_WAIT_UNTIL (context (), find_dialog (f) == NULL, WAIT_MS);
  tc_test_drain (context ());
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
}

static void
test_accept_once (Fixture       *f,
                  gconstpointer  data)
{
  TcStatusBar *bar = tc_client_window_get_status_bar (f->window);
  g_autofree char *pin = NULL;
  const char *lock;

  g_assert_false (tc_status_bar_get_segment_visible (bar, "tls"));
  connect_and_answer (f, TC_TRUST_ACCEPT_ONCE, "unknown CA");
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  pin = stored_pin (f);
  g_assert_null (pin);
  g_assert_true (log_has (f, "for this connection only"));
  /* Locked with host and port while connected. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_client_window_get_tls_check (f->window))));
  g_assert_true (log_has (f, " over TLS 1."));

  /* The lock: version and cipher suite, and whose certificate it is. */
  g_assert_true (tc_status_bar_get_segment_visible (bar, "tls"));
  lock = tc_status_bar_get_segment (bar, "tls");
  g_test_message ("%s", lock);
  g_assert_nonnull (strstr (lock, "TLS 1."));
  g_assert_nonnull (strstr (lock, "_"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (tc_status_bar_get_segment_label (bar, "tls"))),
                            "tcpchat on "));
  tc_gui_test_save_screenshot (GTK_WIDGET (f->window), "tls-client-window.png");

  /* Once is once: the next connection asks again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  g_assert_false (tc_status_bar_get_segment_visible (bar, "tls"));
  connect_and_answer (f, TC_TRUST_REJECT, "unknown CA");
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
}

static void
test_accept_always (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *pin = NULL;
  guint failed;

  connect_and_answer (f, TC_TRUST_ACCEPT_ALWAYS, "unknown CA");
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  pin = stored_pin (f);
  g_assert_cmpstr (pin, ==, f->fingerprint);
  g_assert_true (log_has (f, "Pinned the certificate"));
  {
    g_autofree char *path = pins_path ();
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* Pinned: the next connection goes through without a question. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  failed = f->connect_failed;
  connect_window (f);
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED ||
                             f->connect_failed > failed, WAIT_MS);
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_CONNECTED);
  g_assert_null (find_dialog (f));
}

/* A pinned certificate that changes is refused, loudly, naming both. */
static void
test_pin_changed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) other = NULL;
  g_autofree char *cert = cert_path ("server-combined.pem");
  g_autofree char *path = pins_path ();
  g_autofree char *old_pin = NULL;
  g_autofree char *pin = NULL;

  old_pin = g_strdup (f->fingerprint);
  g_assert_true (tc_tls_pins_store (path, "127.0.0.1", f->port, old_pin, &error));
  g_assert_no_error (error);

  /* The same port, another certificate. */
  tc_gui_test_server_stop (&f->server);
  other = tc_tls_load_certificate (cert, NULL, NULL, &error);
  g_assert_no_error (error);
  start_server (f, other);
  g_assert_cmpstr (f->fingerprint, !=, old_pin);

  connect_and_answer (f, TC_TRUST_REJECT, "the server's certificate has changed");
  g_assert_error (f->connect_error, TC_ERROR, TC_ERROR_TLS_PIN_MISMATCH);
  g_assert_true (log_has (f, "does not match the pinned fingerprint"));
  g_assert_true (log_has (f, old_pin));
  g_assert_true (log_has (f, f->fingerprint));
  g_assert_cmpint (tc_status_bar_get_message_kind (tc_client_window_get_status_bar (f->window)),
                   ==, TC_STATUS_ERROR);
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 0);
  pin = stored_pin (f);
  g_assert_cmpstr (pin, ==, old_pin);
  g_free (g_steal_pointer (&pin));

  /* Accepting the new one is a deliberate act: Always replaces the pin. */
  connect_and_answer (f, TC_TRUST_ACCEPT_ALWAYS, "the server's certificate has changed");
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  pin = stored_pin (f);
  g_assert_cmpstr (pin, ==, f->fingerprint);
}

/* A window closed with the question open lets it go. */
static void
test_close_while_asking (Fixture       *f,
                         gconstpointer  data)
{
  connect_window (f);
  TC_WAIT_UNTIL (context (), find_dialog (f) != NULL, WAIT_MS);
  /* The teardown destroys the window and checks it was finalized. */
}

/* The server window */

static void
client_connected_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TcConnection) connection = tc_client_connect_finish (TC_CLIENT (source), result, NULL);
  gboolean *done = user_data;

  *done = TRUE;
}

/* Connects @client, its TLS set, to @server at @host, which counts it. */
static void
connect_client (TcClient   *client,
                const char *host,
                TcServer   *server)
{
  gboolean done = FALSE;

  tc_client_connect_async (client, host, tc_server_get_port (server), NULL,
                           client_connected_cb, &done);
  TC_WAIT_UNTIL (context (), done, WAIT_MS);
  g_assert_cmpint (tc_client_get_state (client), ==, TC_SOCKET_STATE_CONNECTED);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (server) == 1, WAIT_MS);
}

static gboolean
server_log_has (TcServerWindow *window,
                const char     *needle)
{
  TcLogModel *log = tc_server_window_get_log_model (window);

  return tc_gui_test_log_has (log, TC_LOG_DIRECTION_ERROR, needle, TRUE) ||
         tc_gui_test_log_has (log, TC_LOG_DIRECTION_EVENT, needle, TRUE);
}

/* Self-signed by default: made once, shown before listening, used to listen,
 * and a client pinning the shown fingerprint gets in. */
static void
test_server_self_signed (void)
{
  TcServerWindow *window;
  TcServer *server;
  TcStatusBar *bar;
  g_autoptr(GTlsCertificate) kept = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(TcClient) client = tc_client_new ();
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;

  window = tc_gui_test_server_window_new ();
  server = tc_server_window_get_server (window);
  bar = tc_server_window_get_status_bar (window);
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_assert_null (tc_server_window_get_tls_fingerprint (window));

  g_signal_emit_by_name (tc_server_window_get_tls_check (window), "activate");
  kept = tc_tls_self_signed ("127.0.0.1", NULL, &error);
  g_assert_no_error (error);
  expected = tc_tls_fingerprint (kept);
  g_assert_cmpstr (tc_server_window_get_tls_fingerprint (window), ==, expected);
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, expected));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server), WAIT_MS);
  g_assert_nonnull (tc_server_get_tls (server));
  g_assert_true (server_log_has (window, "TLS on"));
  g_assert_true (server_log_has (window, expected));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (tc_server_window_get_tls_check (window))));
  g_assert_false (tc_gui_test_win_action_enabled (GTK_WIDGET (window), "choose-certificate"));
  g_assert_true (tc_status_bar_get_segment_visible (bar, "tls"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (tc_status_bar_get_segment_label (bar, "tls"))),
                            expected));

  config->pin = g_strdup (expected);
  tc_client_set_tls (client, config);
  connect_client (client, "127.0.0.1", server);
  tc_gui_test_save_screenshot (GTK_WIDGET (window), "tls-server-window.png");

  tc_client_disconnect (client);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  TC_WAIT_UNTIL (context (), !tc_server_is_listening (server), WAIT_MS);
  g_assert_false (tc_status_bar_get_segment_visible (bar, "tls"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (tc_server_window_get_tls_check (window))));

  tc_gui_test_server_window_close (&window, NULL);
}

/* Files: one with the key, two without; a file that is no certificate is
 * said, and the server does not listen. */
static void
test_server_files (void)
{
  TcServerWindow *window;
  TcServer *server;
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autofree char *cert = cert_path ("server.pem");
  g_autofree char *key = cert_path ("server-key.pem");
  g_autofree char *bogus = cert_path ("make-certs.sh");
  g_autoptr(GTlsCertificate) expected_cert = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  expected_cert = tc_tls_load_certificate (combined, NULL, NULL, &error);
  g_assert_no_error (error);
  expected = tc_tls_fingerprint (expected_cert);

  window = tc_gui_test_server_window_new ();
  server = tc_server_window_get_server (window);
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_signal_emit_by_name (tc_server_window_get_tls_check (window), "activate");

  tc_server_window_set_tls_files (window, combined, NULL);
  g_assert_cmpstr (tc_server_window_get_tls_fingerprint (window), ==, expected);
  tc_server_window_set_tls_files (window, cert, key);
  g_assert_cmpstr (tc_server_window_get_tls_fingerprint (window), ==, expected);

  /* Kept for the next window. */
  {
    g_autoptr(GSettings) settings = tc_settings_new (SERVER_APP_ID);

    if (settings != NULL)
      {
        g_autofree char *kept = g_settings_get_string (settings, "tls-cert");

        g_assert_cmpstr (kept, ==, cert);
        g_assert_true (g_settings_get_boolean (settings, "tls"));
      }
  }

  tc_server_window_set_tls_files (window, bogus, NULL);
  g_assert_null (tc_server_window_get_tls_fingerprint (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  tc_test_drain (context ());
  g_assert_false (tc_server_is_listening (server));
  g_assert_true (server_log_has (window, "make-certs.sh"));
  g_assert_cmpint (tc_status_bar_get_message_kind (tc_server_window_get_status_bar (window)), ==,
                   TC_STATUS_ERROR);

  /* Back to self-signed with one click. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.use-self-signed", NULL));
  g_assert_nonnull (tc_server_window_get_tls_fingerprint (window));

  tc_gui_test_server_window_close (&window, NULL);
}

/* Mutual TLS */

/* A server that requires a client certificate from the test CA. */
static TcServer *
start_mutual_server (void)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autofree char *ca = cert_path ("ca.pem");
  TcServer *server;

  config->certificate = tc_tls_load_certificate (combined, NULL, NULL, &error);
  g_assert_no_error (error);
  config->database = tc_tls_load_ca (ca, &error);
  g_assert_no_error (error);
  config->client_auth = G_TLS_AUTHENTICATION_REQUIRED;
  server = tc_server_new ();
  tc_server_set_tls (server, config);
  g_assert_true (tc_server_listen (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  return server;
}

/* The client window presents the certificate chosen (PEM with its key, or
 * PKCS#12 with its password) to a server that requires one, and none once
 * it is forgotten; a wrong password is said and changes nothing. */
static void
test_client_certificate (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *cert = cert_path ("client.pem");
  g_autofree char *key = cert_path ("client-key.pem");
  g_autofree char *p12 = cert_path ("client.p12");
  g_autofree char *ca = cert_path ("ca.pem");
  g_autoptr(GError) error = NULL;
  TcServer *mutual = start_mutual_server ();
  g_autoptr(TcConnection) peer = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autofree char *combined = cert_path ("server-combined.pem");

  server_cert = tc_tls_load_certificate (combined, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Trusted through a pin, so that no dialog asks. */
  tc_server_stop (f->server);
  g_clear_object (&f->server);
  f->server = mutual;
  f->port = tc_server_get_port (mutual);
  pin = tc_tls_fingerprint (server_cert);
  {
    g_autofree char *path = pins_path ();

    g_assert_true (tc_tls_pins_store (path, "127.0.0.1", f->port, pin, &error));
    g_assert_no_error (error);
  }

  g_assert_false (tc_gui_test_win_action_enabled (GTK_WIDGET (f->window),
                                                  "forget-client-certificate"));
  g_assert_true (tc_gui_test_win_action_enabled (GTK_WIDGET (f->window),
                                                 "choose-client-certificate"));
  g_assert_true (tc_client_window_set_tls_identity (f->window, cert, key, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (log_has (f, "Client certificate for mutual TLS: "));
  g_assert_true (log_has (f, "CN=tcpchat test client"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (tc_client_window_get_tls_check (f->window))),
                            "CN=tcpchat test client"));

  connect_window (f);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  peer = g_list_model_get_item (G_LIST_MODEL (f->server), 0);
  subject = tc_connection_get_peer_subject (peer);
  g_assert_nonnull (strstr (subject, "CN=tcpchat test client"));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
  g_clear_object (&peer);

  /* A wrong PKCS#12 password: said, and the PEM one stays. */
  g_assert_false (tc_client_window_set_tls_identity (f->window, p12, NULL, "wrong", &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_true (log_has (f, "wrong password"));
  g_clear_error (&error);
  g_assert_nonnull (tc_client_window_get_tls_identity (f->window));

  g_assert_true (tc_client_window_set_tls_identity (f->window, p12, NULL, "test-password", &error));
  g_assert_no_error (error);
  g_assert_true (log_has (f, "(client.p12)"));
  connect_window (f);
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);

  /* Forgotten: the server that requires one refuses the next attempt. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "win.forget-client-certificate", NULL));
  g_assert_null (tc_client_window_get_tls_identity (f->window));
  g_assert_true (log_has (f, "No client certificate from now on"));
  f->connect_failed = 0;
  connect_window (f);
  TC_WAIT_UNTIL (context (),
                 f->connect_failed > 0 ||
                 tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  tc_test_drain (context ());
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 0);
  (void) ca;
}

static void
password_answered_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = tc_password_dialog_ask_finish (result, &error);
  if (*out == NULL)
    *out = g_strdup_printf ("error: %s", error->message);
}

static GtkWidget *
find_password_entry (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWidget *entry = tc_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_PASSWORD_ENTRY, NULL);

      if (entry != NULL && gtk_widget_get_visible (GTK_WIDGET (window)))
        return entry;
    }
  return NULL;
}

/* The password is typed and Enter accepts; Escape or a cancellation is no
 * answer. */
static void
test_password_dialog (void)
{
  g_autoptr(GtkWindow) parent = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *answer = NULL;
  GtkWidget *entry;

  gtk_window_present (parent);
  tc_password_dialog_ask (parent, "client.p12", NULL, password_answered_cb, &answer);
  TC_WAIT_UNTIL (context (), find_password_entry () != NULL, WAIT_MS);
  entry = find_password_entry ();
  g_assert_true (gtk_widget_has_focus (tc_gui_test_find_widget (entry, GTK_TYPE_TEXT, NULL)));
  g_assert_nonnull (tc_gui_test_find_widget (gtk_widget_get_ancestor (entry, GTK_TYPE_WINDOW),
                                             GTK_TYPE_LABEL, "The password of client.p12 (PKCS#12):"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "test-password");
  /* Enter in the entry's text. */
  g_signal_emit_by_name (tc_gui_test_find_widget (entry, GTK_TYPE_TEXT, NULL), "activate");
  TC_WAIT_UNTIL (context (), answer != NULL, WAIT_MS);
  g_assert_cmpstr (answer, ==, "test-password");
  TC_WAIT_UNTIL (context (), find_password_entry () == NULL, WAIT_MS);

  g_clear_pointer (&answer, g_free);
  tc_password_dialog_ask (parent, "client.p12", cancellable, password_answered_cb, &answer);
  TC_WAIT_UNTIL (context (), find_password_entry () != NULL, WAIT_MS);
  g_cancellable_cancel (cancellable);
  TC_WAIT_UNTIL (context (), answer != NULL, WAIT_MS);
  g_assert_true (g_str_has_prefix (answer, "error: "));
  TC_WAIT_UNTIL (context (), find_password_entry () == NULL, WAIT_MS);

  gtk_window_destroy (parent);
}

/* Asked with a cancellable already cancelled: no answer, and no dialog
 * shows, for a moment or for good. */
static void
test_password_dialog_cancelled (void)
{
  g_autoptr(GtkWindow) parent = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *answer = NULL;

  gtk_window_present (parent);
  g_cancellable_cancel (cancellable);
  tc_password_dialog_ask (parent, "client.p12", cancellable, password_answered_cb, &answer);
  g_assert_null (find_password_entry ());
  TC_WAIT_UNTIL (context (), answer != NULL, WAIT_MS);
  g_assert_true (g_str_has_prefix (answer, "error: "));
  g_assert_null (find_password_entry ());

  gtk_window_destroy (parent);
}

static void
trust_answered_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;
  TcTrustAnswer answer = tc_trust_dialog_ask_finish (result, &error);

  *out = error != NULL ? g_strdup_printf ("error: %s", error->message)
                       : g_strdup_printf ("%d", answer);
}

/* The trust dialog too: asked with its cancellable already cancelled, it
 * does not show and answers with an error, not a rejection. */
static void
test_trust_dialog_cancelled (void)
{
  g_autoptr(GtkWindow) parent = g_object_ref_sink (GTK_WINDOW (gtk_window_new ()));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = cert_path ("server.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (path, &error);
  g_autofree char *answer = NULL;
  guint n_windows;

  g_assert_no_error (error);
  gtk_window_present (parent);
  n_windows = g_list_model_get_n_items (gtk_window_get_toplevels ());
  g_cancellable_cancel (cancellable);
  tc_trust_dialog_ask (parent, certificate, "127.0.0.1:1", "test", cancellable,
                       trust_answered_cb, &answer);
  TC_WAIT_UNTIL (context (), answer != NULL, WAIT_MS);
  g_assert_true (g_str_has_prefix (answer, "error: "));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_windows);

  gtk_window_destroy (parent);
}

/* The server window asks for client certificates: not without a CA file;
 * with one, a client certificate's subject is in the clients list. */
static void
test_server_client_auth (void)
{
  TcServerWindow *window;
  TcServer *server;
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autofree char *ca = cert_path ("ca.pem");
  g_autofree char *cert = cert_path ("client.pem");
  g_autofree char *key = cert_path ("client-key.pem");
  g_autoptr(TcClient) client = tc_client_new ();
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TcConnection) peer = NULL;
  g_autofree char *label = NULL;
  TcClientRow *row = NULL;

  window = tc_gui_test_server_window_new ();
  server = tc_server_window_get_server (window);
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_signal_emit_by_name (tc_server_window_get_tls_check (window), "activate");
  tc_server_window_set_tls_files (window, combined, NULL);
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "No CA file"));

  /* Require, as a click on the button does, with no CA: not listening. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.client-auth", "s", "require");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  tc_test_drain (context ());
  g_assert_false (tc_server_is_listening (server));
  g_assert_true (server_log_has (window, "no CA file"));

  tc_server_window_set_tls_client_ca (window, ca);
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "ca.pem"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server), WAIT_MS);
  g_assert_cmpint (tc_server_get_tls (server)->client_auth, ==, G_TLS_AUTHENTICATION_REQUIRED);
  g_assert_false (tc_gui_test_win_action_enabled (GTK_WIDGET (window), "client-auth"));

  config->certificate = tc_tls_load_certificate (cert, key, NULL, &error);
  g_assert_no_error (error);
  config->database = tc_tls_load_ca (ca, &error);
  g_assert_no_error (error);
  tc_client_set_tls (client, config);
  connect_client (client, "localhost", server);
  peer = g_list_model_get_item (G_LIST_MODEL (server), 0);
  label = g_strdup (tc_connection_get_peer_label (peer));
  TC_WAIT_UNTIL (context (),
                 (row = tc_gui_test_find_client_row (GTK_WIDGET (window), label)) != NULL &&
                 strstr (tc_client_row_get_detail (row), "CN=tcpchat test client") != NULL,
                 WAIT_MS);
  g_test_message ("%s", tc_client_row_get_detail (row));
  tc_gui_test_save_screenshot (GTK_WIDGET (window), "tls-server-client-auth.png");

  tc_client_disconnect (client);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  TC_WAIT_UNTIL (context (), !tc_server_is_listening (server), WAIT_MS);
  g_clear_object (&peer);
  tc_gui_test_server_window_close (&window, NULL);
}

/* The server window keeps the client certificate mode and the CA file:
 * the next window on the same settings listens asking for them. */
static void
test_server_client_auth_kept (void)
{
  TcServerWindow *window;
  TcServer *server;
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autofree char *ca = cert_path ("ca.pem");
  g_autoptr(GVariant) state = NULL;

  if (!tc_gui_test_reset_settings (SERVER_APP_ID))
    {
      tc_gui_test_missing ("The settings schema");
      return;
    }
  window = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_emit_by_name (tc_server_window_get_tls_check (window), "activate");
  tc_server_window_set_tls_files (window, combined, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.client-auth", "s", "request");
  tc_server_window_set_tls_client_ca (window, ca);
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (context (), window);

  window = g_object_ref_sink (tc_server_window_new (NULL));
  server = tc_server_window_get_server (window);
  gtk_window_present (GTK_WINDOW (window));
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "client-auth");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "request");
  g_assert_nonnull (tc_gui_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "ca.pem"));
  tc_server_window_set_listen_address (window, "127.0.0.1", 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  TC_WAIT_UNTIL (context (), tc_server_is_listening (server), WAIT_MS);
  g_assert_cmpint (tc_server_get_tls (server)->client_auth, ==, G_TLS_AUTHENTICATION_REQUESTED);
  g_assert_nonnull (tc_server_get_tls (server)->database);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  TC_WAIT_UNTIL (context (), !tc_server_is_listening (server), WAIT_MS);

  /* None from now on, kept too. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.client-auth", "s", "none");
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (context (), window);
  window = g_object_ref_sink (tc_server_window_new (NULL));
  g_clear_pointer (&state, g_variant_unref);
  state = g_action_group_get_action_state (G_ACTION_GROUP (window), "client-auth");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, "none");
  gtk_window_destroy (GTK_WINDOW (window));
  tc_test_assert_finalized (context (), window);
}

/* A new client window on the same settings, as after a restart. */
static void
recreate_client_window (Fixture *f)
{
  g_signal_handlers_disconnect_by_data (f->client, f);
  gtk_window_destroy (GTK_WINDOW (f->window));
  tc_test_assert_finalized (context (), g_steal_pointer (&f->window));
  open_client_window (f);
  g_assert_true (gtk_check_button_get_active (tc_client_window_get_tls_check (f->window)));
}

static void
connect_and_leave (Fixture *f)
{
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_CONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 1, WAIT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.disconnect", NULL));
  TC_WAIT_UNTIL (context (), tc_client_get_state (f->client) == TC_SOCKET_STATE_UNCONNECTED, WAIT_MS);
  TC_WAIT_UNTIL (context (), tc_server_get_n_clients (f->server) == 0, WAIT_MS);
}

/* No kept string holds the password. */
static void
assert_no_password_kept (const char *password)
{
  g_autoptr(GSettings) settings = tc_settings_new (CLIENT_APP_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, password));
    }
}

/* The client window keeps the client certificate's files: PEM is presented
 * again at once; PKCS#12 has its password asked on the first connection,
 * which then goes ahead; the password itself is never kept. */
static void
test_client_certificate_kept (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *cert = cert_path ("client.pem");
  g_autofree char *key = cert_path ("client-key.pem");
  g_autofree char *p12 = cert_path ("client.p12");
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *path = pins_path ();
  g_autoptr(GSettings) probe = tc_settings_new (CLIENT_APP_ID);
  GtkWidget *entry;

  if (probe == NULL)
    {
      tc_gui_test_missing ("The settings schema");
      return;
    }
  server_cert = tc_tls_load_certificate (combined, NULL, NULL, &error);
  g_assert_no_error (error);
  tc_gui_test_server_stop (&f->server);
  f->server = start_mutual_server ();
  f->port = tc_server_get_port (f->server);
  pin = tc_tls_fingerprint (server_cert);
  g_assert_true (tc_tls_pins_store (path, "127.0.0.1", f->port, pin, &error));
  g_assert_no_error (error);

  /* PEM: presented by the next window without a question. */
  g_assert_true (tc_client_window_set_tls_identity (f->window, cert, key, NULL, &error));
  g_assert_no_error (error);
  recreate_client_window (f);
  g_assert_nonnull (tc_client_window_get_tls_identity (f->window));
  subject = g_tls_certificate_get_subject_name (tc_client_window_get_tls_identity (f->window));
  g_assert_nonnull (strstr (subject, "CN=tcpchat test client"));
  connect_window (f);
  connect_and_leave (f);

  /* PKCS#12: its password is asked when connecting, then it connects. */
  g_assert_true (tc_client_window_set_tls_identity (f->window, p12, NULL, "test-password",
                                                    &error));
  g_assert_no_error (error);
  assert_no_password_kept ("test-password");
  recreate_client_window (f);
  g_assert_null (tc_client_window_get_tls_identity (f->window));
  g_assert_true (tc_gui_test_win_action_enabled (GTK_WIDGET (f->window),
                                                 "forget-client-certificate"));
  /* Closed without a password: said, and not connected. */
  connect_window (f);
  TC_WAIT_UNTIL (context (), find_password_entry () != NULL, WAIT_MS);
  gtk_window_close (GTK_WINDOW (gtk_widget_get_ancestor (find_password_entry (), GTK_TYPE_WINDOW)));
  TC_WAIT_UNTIL (context (), find_password_entry () == NULL, WAIT_MS);
  TC_WAIT_UNTIL (context (), log_has (f, "Not connected: the password of client.p12 was not given"),
                 WAIT_MS);
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_cmpuint (tc_server_get_n_clients (f->server), ==, 0);

  connect_window (f);
  TC_WAIT_UNTIL (context (), find_password_entry () != NULL, WAIT_MS);
  g_assert_cmpint (tc_client_get_state (f->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  entry = find_password_entry ();
  tc_gui_test_save_screenshot (gtk_widget_get_ancestor (entry, GTK_TYPE_WINDOW),
                               "tls-client-kept-p12.png");
  gtk_editable_set_text (GTK_EDITABLE (entry), "test-password");
  g_signal_emit_by_name (tc_gui_test_find_widget (entry, GTK_TYPE_TEXT, NULL), "activate");
  TC_WAIT_UNTIL (context (), find_password_entry () == NULL, WAIT_MS);
  connect_and_leave (f);
  g_assert_true (log_has (f, "(client.p12)"));
  /* Asked once: the next connection goes ahead at once. */
  connect_window (f);
  g_assert_null (find_password_entry ());
  connect_and_leave (f);

  /* Forgotten: the next window presents none. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window),
                                             "win.forget-client-certificate", NULL));
  recreate_client_window (f);
  g_assert_null (tc_client_window_get_tls_identity (f->window));
  g_assert_false (tc_gui_test_win_action_enabled (GTK_WIDGET (f->window),
                                                  "forget-client-certificate"));
}

/* Without glib-networking: the switches say why they cannot be used, and a
 * TLS connection kept on in the settings is refused with the same words. */
static void
test_no_backend (void)
{
  const char *message = "TLS support is not installed (glib-networking)";
  TcClientWindow *client_window;
  TcServerWindow *server_window;
  GtkWidget *check;
  g_autoptr(GSettings) settings = NULL;

  tc_gui_test_reset_settings (CLIENT_APP_ID);
  tc_gui_test_reset_settings (SERVER_APP_ID);
  g_assert_false (tc_tls_check_supported (NULL));

  server_window = g_object_ref_sink (tc_server_window_new (NULL));
  gtk_window_present (GTK_WINDOW (server_window));
  check = GTK_WIDGET (tc_server_window_get_tls_check (server_window));
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (check), ==, message);
  g_assert_false (tc_gui_test_win_action_enabled (GTK_WIDGET (server_window), "choose-certificate"));

  settings = tc_settings_new (CLIENT_APP_ID);
  if (settings != NULL)
    g_settings_set_boolean (settings, "tls", TRUE);
  client_window = g_object_ref_sink (tc_client_window_new (NULL));
  gtk_window_present (GTK_WINDOW (client_window));
  check = GTK_WIDGET (tc_client_window_get_tls_check (client_window));
  g_assert_false (gtk_widget_get_sensitive (check));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (check), ==, message);
  if (settings != NULL)
    {
      tc_client_window_set_host (client_window, "127.0.0.1");
      tc_client_window_set_port (client_window, 1);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (client_window), "win.connect", NULL));
      g_assert_cmpint (tc_client_get_state (tc_client_window_get_client (client_window)), ==,
                       TC_SOCKET_STATE_UNCONNECTED);
      g_assert_true (tc_gui_test_log_has (tc_client_window_get_log_model (client_window),
                                          TC_LOG_DIRECTION_ERROR, message, TRUE));
    }

  gtk_window_destroy (GTK_WINDOW (client_window));
  tc_test_assert_finalized (context (), client_window);
  gtk_window_destroy (GTK_WINDOW (server_window));
  tc_test_assert_finalized (context (), server_window);
}

static void
test_no_tls (void)
{
  tc_gui_test_missing ("TLS support is not installed (glib-networking)");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *no_modules = NULL;
  gboolean no_backend = FALSE;
  int status;

  /* Before GLib reads it: the pins and the self-signed certificate go there. */
  data_home = g_dir_make_tmp ("tcpchat-tls-window-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* No GIO modules, so no TLS backend, as without glib-networking. */
  if (argc > 1 && g_strcmp0 (argv[argc - 1], "--no-tls-backend") == 0)
    {
      no_backend = TRUE;
      argv[--argc] = NULL;
      no_modules = g_build_filename (data_home, "no-modules", NULL);
      g_mkdir (no_modules, 0700);
      g_setenv ("GIO_MODULE_DIR", no_modules, TRUE);
      g_setenv ("GIO_EXTRA_MODULES", "", TRUE);
    }

  tc_gui_test_init (&argc, &argv);
  if (!tc_gui_test_init_gtk ("/tls-window/display"))
    return g_test_run ();
  if (no_backend)
    {
      g_test_add_func ("/tls-window/no-backend", test_no_backend);
      status = g_test_run ();
      g_rmdir (no_modules);
      g_rmdir (data_home);
      g_free (data_home);
      return status;
    }
  if (!tc_tls_check_supported (NULL))
    {
      g_test_add_func ("/tls-window/glib-networking", test_no_tls);
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add ("/tls-window/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("reject", test_reject);
  ADD ("accept-once", test_accept_once);
  ADD ("accept-always", test_accept_always);
  ADD ("pin-changed", test_pin_changed);
  ADD ("close-while-asking", test_close_while_asking);
  ADD ("client-certificate", test_client_certificate);
  ADD ("client-certificate-kept", test_client_certificate_kept);
#undef ADD
  g_test_add_func ("/tls-window/server/self-signed", test_server_self_signed);
  g_test_add_func ("/tls-window/server/files", test_server_files);
  g_test_add_func ("/tls-window/server/client-auth", test_server_client_auth);
  g_test_add_func ("/tls-window/server/client-auth-kept", test_server_client_auth_kept);
  g_test_add_func ("/tls-window/password-dialog", test_password_dialog);
  g_test_add_func ("/tls-window/password-dialog-cancelled", test_password_dialog_cancelled);
  g_test_add_func ("/tls-window/trust-dialog-cancelled", test_trust_dialog_cancelled);

  status = g_test_run ();
  {
    g_autofree char *tls_dir = g_build_filename (data_home, "tcpchat", "tls", NULL);
    g_autoptr(GDir) dir = g_dir_open (tls_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (tls_dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (tls_dir);
    {
      g_autofree char *parent = g_path_get_dirname (tls_dir);

      g_rmdir (parent);
    }
    g_rmdir (data_home);
  }
  g_free (data_home);
  return status;
}
