/* test-tls.c: TcServer and TcClient over TLS on 127.0.0.1: trust, failures and their causes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "tc-client.h"
#include "tc-error.h"
#include "tc-server.h"
#include "tc-test-util.h"
#include "tc-tls.h"
#include "tc-tls-pins.h"

#define TIMEOUT_MS 10000

static char *certs_dir;

typedef struct
{
  GMainContext *context;
  TcServer     *server;
  TcClient     *client;
  guint16       port;

  GPtrArray    *server_lines;      /* of char * */
  GPtrArray    *client_lines;
  GPtrArray    *rejected;          /* of GError * */
  TcConnection *accepted;          /* the server's side */
  GError       *connect_error;
  gboolean      connected;
} Fixture;

static char *
cert_path (const char *name)
{
  return g_build_filename (certs_dir, name, NULL);
}

static GTlsCertificate *
load (const char *cert,
      const char *key)
{
  g_autofree char *cert_file = cert_path (cert);
  g_autofree char *key_file = key != NULL ? cert_path (key) : NULL;
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate;

  certificate = tc_tls_load_certificate (cert_file, key_file, NULL, &error);
  g_assert_no_error (error);
  return certificate;
}

static GTlsDatabase *
load_ca (void)
{
  g_autofree char *file = cert_path ("ca.pem");
  g_autoptr(GError) error = NULL;
  GTlsDatabase *database = tc_tls_load_ca (file, &error);

  g_assert_no_error (error);
  return database;
}

static void
on_server_line (TcServer     *server,
                TcConnection *client,
                const TcMessage *line,
                gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->server_lines, g_strndup (line->data, line->len));
}

static void
on_client_line (TcClient     *client,
                const TcMessage *line,
                gpointer      user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->client_lines, g_strndup (line->data, line->len));
}

static void
on_client_connected (TcServer     *server,
                     TcConnection *client,
                     Fixture      *fixture)
{
  g_set_object (&fixture->accepted, client);
}

static void
on_client_rejected (TcServer   *server,
                    const char *peer,
                    GError     *reason,
                    Fixture    *fixture)
{
  g_ptr_array_add (fixture->rejected, g_error_copy (reason));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->context = g_main_context_new ();
  g_main_context_push_thread_default (fixture->context);
  fixture->server_lines = g_ptr_array_new_with_free_func (g_free);
  fixture->client_lines = g_ptr_array_new_with_free_func (g_free);
  fixture->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  fixture->server = tc_server_new ();
  fixture->client = tc_client_new ();
  tc_server_set_line_func (fixture->server, on_server_line, fixture);
  tc_client_set_line_func (fixture->client, on_client_line, fixture);
  g_signal_connect (fixture->server, "client-connected", G_CALLBACK (on_client_connected), fixture);
  g_signal_connect (fixture->server, "client-rejected", G_CALLBACK (on_client_rejected), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tc_client_disconnect (fixture->client);
  tc_server_stop (fixture->server);
  tc_test_drain (fixture->context);
  g_clear_object (&fixture->accepted);
  tc_test_assert_finalized (fixture->context, g_steal_pointer (&fixture->client));
  tc_test_assert_finalized (fixture->context, g_steal_pointer (&fixture->server));
  g_clear_error (&fixture->connect_error);
  g_ptr_array_unref (fixture->server_lines);
  g_ptr_array_unref (fixture->client_lines);
  g_ptr_array_unref (fixture->rejected);
  g_main_context_pop_thread_default (fixture->context);
  g_main_context_unref (fixture->context);
}

/* A server with the test certificate for localhost and 127.0.0.1, or @cert. */
static void
listen_tls (Fixture     *fixture,
            const char  *cert,
            TcTlsConfig *config)
{
  g_autoptr(TcTlsConfig) made = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (config == NULL)
    config = made = tc_tls_config_new ();
  if (config->certificate == NULL)
    {
      g_autofree char *base = g_strndup (cert, strlen (cert) - strlen (".pem"));

      key = g_strconcat (base, "-key.pem", NULL);
      config->certificate = load (cert, key);
    }

  tc_server_set_tls (fixture->server, config);
  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  fixture->port = tc_server_get_port (fixture->server);
}

static void
connect_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(TcConnection) connection = NULL;

  connection = tc_client_connect_finish (TC_CLIENT (object), result, &fixture->connect_error);
  fixture->connected = TRUE;
}

/* Connects with @config (NULL: plain TCP) and waits for the outcome. */
static void
connect_client (Fixture     *fixture,
                const char  *host,
                TcTlsConfig *config)
{
  fixture->connected = FALSE;
  g_clear_error (&fixture->connect_error);
  tc_client_set_tls (fixture->client, config);
  tc_client_connect_async (fixture->client, host, fixture->port, NULL, connect_cb, fixture);
  TC_WAIT_UNTIL (fixture->context, fixture->connected, TIMEOUT_MS);
}

static void
assert_talks (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tls = NULL;

  g_assert_no_error (fixture->connect_error);
  TC_WAIT_UNTIL (fixture->context, fixture->accepted != NULL, TIMEOUT_MS);

  tls = tc_connection_get_tls_description (tc_client_get_connection (fixture->client));
  g_assert_nonnull (tls);
  g_assert_true (g_str_has_prefix (tls, "TLS 1."));

  g_assert_true (tc_client_send_line (fixture->client, "hello over TLS", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, fixture->server_lines->len == 1, TIMEOUT_MS);
  g_assert_cmpstr (g_ptr_array_index (fixture->server_lines, 0), ==, "hello over TLS");

  g_assert_true (tc_server_send_to (fixture->server, fixture->accepted, "and back", -1, &error));
  g_assert_no_error (error);
  TC_WAIT_UNTIL (fixture->context, fixture->client_lines->len == 1, TIMEOUT_MS);
  g_assert_cmpstr (g_ptr_array_index (fixture->client_lines, 0), ==, "and back");
}

static char *
fingerprint_of (const char *cert)
{
  g_autofree char *file = cert_path (cert);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTlsCertificate) certificate = g_tls_certificate_new_from_file (file, &error);

  g_assert_no_error (error);
  return tc_tls_fingerprint (certificate);
}

static void
test_pinned (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autofree char *fingerprint = fingerprint_of ("server.pem");
  g_autofree char *subject = NULL;

  listen_tls (fixture, "server.pem", NULL);
  config->pin = g_steal_pointer (&fingerprint);
  connect_client (fixture, "127.0.0.1", config);
  assert_talks (fixture);

  subject = tc_connection_get_peer_subject (tc_client_get_connection (fixture->client));
  g_assert_nonnull (strstr (subject, "CN=localhost"));
  /* No client certificate was shown. */
  g_assert_null (tc_connection_get_peer_subject (fixture->accepted));
}

/* What the kernel has received on @connection's socket so far. */
static guint64
bytes_received (TcConnection *connection)
{
  struct tcp_info info = { 0 };
  socklen_t len = sizeof info;
  int fd = g_socket_get_fd (tc_connection_get_socket (connection));

  g_assert_cmpint (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len), ==, 0);
  return info.tcpi_bytes_received;
}

/* Small messages queued together share TLS records: 1,000 lines of two
 * bytes cost a few records on the wire (22 bytes each in TLS 1.3), not
 * one record each (24,000 bytes). */
static void
test_small_messages_share_records (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;
  TcConnection *ours;
  guint64 before, wire;

  listen_tls (fixture, "server.pem", NULL);
  config->database = load_ca ();
  connect_client (fixture, "localhost", config);
  assert_talks (fixture);
  ours = tc_client_get_connection (fixture->client);
  before = bytes_received (ours);

  for (guint i = 0; i < 1000; i++)
    {
      g_assert_true (tc_server_send_to (fixture->server, fixture->accepted, "x", -1, &error));
      g_assert_no_error (error);
    }
  TC_WAIT_UNTIL (fixture->context, fixture->client_lines->len == 1001, TIMEOUT_MS);
  wire = bytes_received (ours) - before;
  g_test_message ("2000 bytes of lines took %" G_GUINT64_FORMAT " bytes on the wire", wire);
  g_assert_cmpuint (wire, >=, 2000);
  g_assert_cmpuint (wire, <, 2000 + 10 * 22);
}

/* Data segments the kernel has sent on @connection's socket so far. */
static guint64
segments_sent (TcConnection *connection)
{
  struct tcp_info info = { 0 };
  socklen_t len = sizeof info;
  int fd = g_socket_get_fd (tc_connection_get_socket (connection));

  g_assert_cmpint (getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len), ==, 0);
  return info.tcpi_data_segs_out;
}

/* The records written in one go leave in full segments, not one segment
 * (and one wake-up of the peer) a record: 256 KiB queued at once are 16
 * records of 16 KiB, and loopback's segments hold four. */
static void
test_records_share_segments (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strnfill (4095, 'x');
  const guint n = 64;
  guint64 before, segments;

  listen_tls (fixture, "server.pem", NULL);
  config->database = load_ca ();
  connect_client (fixture, "localhost", config);
  assert_talks (fixture);
  before = segments_sent (fixture->accepted);

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (tc_server_send_to (fixture->server, fixture->accepted, line, -1, &error));
      g_assert_no_error (error);
    }
  TC_WAIT_UNTIL (fixture->context, fixture->client_lines->len == n + 1, TIMEOUT_MS);
  for (guint i = 1; i <= n; i++)
    g_assert_cmpstr (g_ptr_array_index (fixture->client_lines, i), ==, line);

  segments = segments_sent (fixture->accepted) - before;
  g_test_message ("%u KiB in 16 records took %" G_GUINT64_FORMAT " segments", n * 4, segments);
  g_assert_cmpuint (segments, <=, 8);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} Handshake;

static void
on_handshake_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Handshake *handshake = user_data;

  g_tls_connection_handshake_finish (G_TLS_CONNECTION (object), result, &handshake->error);
  handshake->done = TRUE;
}

/* What a sender's wake-up brings is relayed as one batch, and queued
 * batches share records: 32 lines of 1 KiB, each in a record of its own,
 * reach a receiver in a few records (3 to 4 here), not in a record a line
 * nor one a read. */
static void
test_relay_shares_records (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) identity = NULL;
  g_autoptr(GTlsDatabase) database = load_ca ();
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GIOStream) sender = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strnfill (1023, 'x');
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  TcConnection *receiver, *first;
  Handshake handshake = { 0 };
  const guint n = 32;
  guint64 before, wire, payload = 0;

  listen_tls (fixture, "server.pem", NULL);
  tc_server_set_relay (fixture->server, TRUE);
  config->database = load_ca ();
  connect_client (fixture, "localhost", config);
  assert_talks (fixture);
  receiver = tc_client_get_connection (fixture->client);
  first = fixture->accepted;

  tcp = g_socket_client_connect_to_host (socket_client, "127.0.0.1", fixture->port, NULL, &error);
  g_assert_no_error (error);
  identity = g_network_address_new ("localhost", fixture->port);
  sender = g_tls_client_connection_new (G_IO_STREAM (tcp), identity, &error);
  g_assert_no_error (error);
  g_tls_connection_set_database (G_TLS_CONNECTION (sender), database);
  g_tls_connection_handshake_async (G_TLS_CONNECTION (sender), G_PRIORITY_DEFAULT, NULL,
                                    on_handshake_done, &handshake);
  TC_WAIT_UNTIL (fixture->context, handshake.done, TIMEOUT_MS);
  g_assert_no_error (handshake.error);
  TC_WAIT_UNTIL (fixture->context, fixture->accepted != first, TIMEOUT_MS);
  before = bytes_received (receiver);

  /* One write, one record; all of them are in before the server reads. */
  for (guint i = 0; i < n; i++)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (sender), line, 1024, NULL,
                                 NULL, &error);
      g_assert_no_error (error);
    }
  TC_WAIT_UNTIL (fixture->context, fixture->client_lines->len == n + 1, TIMEOUT_MS);
  for (guint i = 1; i <= n; i++)
    {
      const char *got = g_ptr_array_index (fixture->client_lines, i);

      g_assert_true (g_str_has_prefix (got, "[127.0.0.1:"));
      g_assert_true (g_str_has_suffix (got, text));
      payload += strlen (got) + 1;
    }

  /* TLS 1.3 adds 22 bytes a record. */
  wire = bytes_received (receiver) - before;
  g_test_message ("%u lines relayed in %" G_GUINT64_FORMAT " records", n, (wire - payload) / 22);
  g_assert_cmpuint (wire, >=, payload);
  g_assert_cmpuint ((wire - payload) / 22, <, 8);

  g_io_stream_close (sender, NULL, &error);
  g_assert_no_error (error);
}

/* Messages gathered into records survive partial writes: a client that
 * stops reading fills the kernel's buffers, the server's writes stop
 * midway through its queue, and once the client reads again every line
 * arrives, whole and in order. */
static void
test_gathered_records_resume (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;
  TcConnection *ours;
  const guint n = 300000;
  guint64 before;

  listen_tls (fixture, "server.pem", NULL);
  config->database = load_ca ();
  connect_client (fixture, "localhost", config);
  assert_talks (fixture);
  ours = tc_client_get_connection (fixture->client);
  tc_connection_set_reading (ours, FALSE);
  /* Fixed buffers on both sides: the kernel holds a few hundred KiB, far
   * less than the queue. (Not smaller than loopback's 64 KiB segments, or
   * the receive window opens again only at the next zero-window probe.) */
  g_socket_set_option (tc_connection_get_socket (ours), SOL_SOCKET, SO_RCVBUF, 128 * 1024, &error);
  g_assert_no_error (error);
  g_socket_set_option (tc_connection_get_socket (fixture->accepted), SOL_SOCKET, SO_SNDBUF,
                       128 * 1024, &error);
  g_assert_no_error (error);
  before = tc_connection_get_bytes_out (fixture->accepted);

  for (guint i = 0; i < n; i++)
    {
      char line[16];

      g_snprintf (line, sizeof line, "%06u", i);
      g_assert_true (tc_server_send_to (fixture->server, fixture->accepted, line, -1, &error));
      g_assert_no_error (error);
    }
  /* The kernel took what it could; the rest waits in the queue. */
  TC_WAIT_UNTIL (fixture->context,
                 tc_connection_get_bytes_out (fixture->accepted) - before >= 64 * 1024,
                 TIMEOUT_MS);
  g_assert_cmpuint (tc_connection_get_unsent_bytes (fixture->accepted), >, 0);
  g_test_message ("%zu bytes waiting while the client does not read",
                  tc_connection_get_unsent_bytes (fixture->accepted));

  tc_connection_set_reading (ours, TRUE);
  TC_WAIT_UNTIL (fixture->context, fixture->client_lines->len == n + 1, TIMEOUT_MS);
  for (guint i = 0; i < n; i++)
    {
      char line[16];

      g_snprintf (line, sizeof line, "%06u", i);
      g_assert_cmpstr (g_ptr_array_index (fixture->client_lines, i + 1), ==, line);
    }
}

static void
test_ca_trusted (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  listen_tls (fixture, "server.pem", NULL);
  config->database = load_ca ();
  connect_client (fixture, "localhost", config);
  assert_talks (fixture);
}

static void
test_insecure (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  listen_tls (fixture, "wrong-name.pem", NULL);
  config->insecure = TRUE;
  connect_client (fixture, "127.0.0.1", config);
  assert_talks (fixture);
}

/* The client's failure has @code, names the cause and the fingerprint. */
static void
assert_refused (Fixture    *fixture,
                const char *cert,
                TcTlsConfig *config,
                int         code,
                const char *words)
{
  g_autofree char *fingerprint = fingerprint_of (cert);

  listen_tls (fixture, cert, NULL);
  connect_client (fixture, "127.0.0.1", config);

  g_assert_error (fixture->connect_error, TC_ERROR, code);
  g_test_message ("%s", fixture->connect_error->message);
  g_assert_nonnull (strstr (fixture->connect_error->message, words));
  g_assert_nonnull (strstr (fixture->connect_error->message, fingerprint));
  /* Kept, for a window to show what it refused. */
  g_assert_nonnull (tc_client_get_rejected_certificate (fixture->client));
  {
    g_autofree char *rejected = tc_tls_fingerprint (tc_client_get_rejected_certificate (fixture->client));

    g_assert_cmpstr (rejected, ==, fingerprint);
  }
  g_assert_cmpint (tc_client_get_state (fixture->client), ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_null (tc_client_get_connection (fixture->client));
}

static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  config->database = load_ca ();
  assert_refused (fixture, "expired.pem", config, TC_ERROR_TLS_EXPIRED, "it has expired");
}

static void
test_wrong_name (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  config->database = load_ca ();
  assert_refused (fixture, "wrong-name.pem", config, TC_ERROR_TLS_BAD_IDENTITY,
                  "it is for another host name");
}

static void
test_unknown_ca (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  /* The system's store, which does not hold the test CA. */
  assert_refused (fixture, "server.pem", config, TC_ERROR_TLS_UNKNOWN_CA, "unknown CA");
}

static void
test_pin_mismatch (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  config->pin = fingerprint_of ("wrong-name.pem");
  assert_refused (fixture, "server.pem", config, TC_ERROR_TLS_PIN_MISMATCH,
                  "does not match the pinned fingerprint");
}

/* Even a certificate the CA vouches for is refused when it is not the pinned one. */
static void
test_pin_mismatch_trusted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();

  config->database = load_ca ();
  config->pin = fingerprint_of ("wrong-name.pem");
  assert_refused (fixture, "server.pem", config, TC_ERROR_TLS_PIN_MISMATCH,
                  "does not match the pinned fingerprint");
}

static void
test_plaintext_client (Fixture       *fixture,
                       gconstpointer  data)
{
  const GError *reason;

  listen_tls (fixture, "server.pem", NULL);
  connect_client (fixture, "127.0.0.1", NULL);
  g_assert_no_error (fixture->connect_error);
  g_assert_true (tc_client_send_line (fixture->client, "GET / HTTP/1.0", -1, NULL));

  TC_WAIT_UNTIL (fixture->context, fixture->rejected->len == 1, TIMEOUT_MS);
  reason = g_ptr_array_index (fixture->rejected, 0);
  g_assert_error (reason, TC_ERROR, TC_ERROR_TLS_NOT_TLS);
  g_assert_nonnull (strstr (reason->message, "the peer does not speak TLS"));
  g_assert_null (fixture->accepted);
  g_assert_cmpuint (fixture->server_lines->len, ==, 0);
}

static void
greet (TcServer     *server,
       TcConnection *client,
       gpointer      user_data)
{
  tc_connection_send_line (client, "220 plain text here", -1, NULL);
}

/* A plaintext server that speaks first. */
static void
test_tls_client_on_plaintext_port (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;

  g_signal_connect (fixture->server, "client-connected", G_CALLBACK (greet), NULL);
  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  fixture->port = tc_server_get_port (fixture->server);
  config->insecure = TRUE;
  connect_client (fixture, "127.0.0.1", config);

  g_assert_error (fixture->connect_error, TC_ERROR, TC_ERROR_TLS_NOT_TLS);
  g_assert_nonnull (strstr (fixture->connect_error->message, "the peer does not speak TLS"));
}

/* A silent plaintext server: the handshake timeout, which asks the question. */
static void
test_tls_client_on_silent_port (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (tc_server_listen (fixture->server, "127.0.0.1", 0, &error));
  fixture->port = tc_server_get_port (fixture->server);
  config->insecure = TRUE;
  config->handshake_timeout_ms = 300;
  connect_client (fixture, "127.0.0.1", config);

  g_assert_error (fixture->connect_error, TC_ERROR, TC_ERROR_TLS_HANDSHAKE_TIMEOUT);
  g_assert_nonnull (strstr (fixture->connect_error->message, "does the peer speak TLS?"));
}

static void
on_state (TcClient   *client,
          GParamSpec *pspec,
          GArray     *states)
{
  TcSocketState state = tc_client_get_state (client);

  g_array_append_val (states, state);
}

static void
test_handshaking_state (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (TcSocketState));
  guint handshaking = G_MAXUINT, connected = G_MAXUINT, connecting = G_MAXUINT;

  listen_tls (fixture, "server.pem", NULL);
  config->insecure = TRUE;
  g_signal_connect (fixture->client, "notify::state", G_CALLBACK (on_state), states);
  connect_client (fixture, "127.0.0.1", config);
  g_signal_handlers_disconnect_by_data (fixture->client, states);
  g_assert_no_error (fixture->connect_error);

  for (guint i = 0; i < states->len; i++)
    {
      TcSocketState state = g_array_index (states, TcSocketState, i);

      if (state == TC_SOCKET_STATE_CONNECTING && connecting == G_MAXUINT)
        connecting = i;
      if (state == TC_SOCKET_STATE_HANDSHAKING)
        handshaking = i;
      if (state == TC_SOCKET_STATE_CONNECTED)
        connected = i;
    }
  g_assert_cmpuint (connecting, <, handshaking);
  g_assert_cmpuint (handshaking, <, connected);
  g_assert_cmpuint (connected, <, states->len);
}

/* A peer that connects and says nothing is dropped at the handshake timeout,
 * and holds its place under max-clients until then. */
static void
test_silent_peer (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(TcTlsConfig) client_config = tc_tls_config_new ();
  TcRawPeer *silent;
  const GError *reason;
  gint64 start;

  config->handshake_timeout_ms = 500;
  tc_server_set_max_clients (fixture->server, 1);
  listen_tls (fixture, "server.pem", config);

  start = g_get_monotonic_time ();
  silent = tc_raw_peer_connect (fixture->context, fixture->port, 0, TC_RAW_PEER_READ);

  /* Its place is taken: a second client is refused for max-clients. */
  client_config->insecure = TRUE;
  connect_client (fixture, "127.0.0.1", client_config);
  TC_WAIT_UNTIL (fixture->context, fixture->rejected->len == 1, TIMEOUT_MS);
  g_assert_error ((GError *) g_ptr_array_index (fixture->rejected, 0), TC_ERROR,
                  TC_ERROR_SERVER_FULL);

  TC_WAIT_UNTIL (fixture->context, fixture->rejected->len == 2, TIMEOUT_MS);
  reason = g_ptr_array_index (fixture->rejected, 1);
  g_assert_error (reason, TC_ERROR, TC_ERROR_TLS_HANDSHAKE_TIMEOUT);
  g_assert_nonnull (strstr (reason->message, "did not finish the TLS handshake within 0.5 s"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 450 * 1000);

  TC_WAIT_UNTIL (fixture->context, silent->eof || silent->error != NULL, TIMEOUT_MS);
  tc_raw_peer_free (silent);

  /* Its place is free again. */
  tc_client_disconnect (fixture->client);
  TC_WAIT_UNTIL (fixture->context,
                 tc_client_get_state (fixture->client) == TC_SOCKET_STATE_UNCONNECTED, TIMEOUT_MS);
  connect_client (fixture, "127.0.0.1", client_config);
  assert_talks (fixture);
}

static void
test_mutual (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(TcTlsConfig) client_config = tc_tls_config_new ();
  g_autofree char *subject = NULL;

  config->client_auth = G_TLS_AUTHENTICATION_REQUIRED;
  config->database = load_ca ();
  listen_tls (fixture, "server.pem", config);

  client_config->database = load_ca ();
  client_config->certificate = load ("client.pem", "client-key.pem");
  connect_client (fixture, "localhost", client_config);
  TC_WAIT_UNTIL (fixture->context, fixture->accepted != NULL || fixture->rejected->len > 0,
                 TIMEOUT_MS);
  g_assert_no_error (fixture->rejected->len > 0 ? g_ptr_array_index (fixture->rejected, 0) : NULL);
  assert_talks (fixture);

  subject = tc_connection_get_peer_subject (fixture->accepted);
  g_assert_nonnull (strstr (subject, "CN=tcpchat test client"));
}

static void
test_mutual_missing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(TcTlsConfig) config = tc_tls_config_new ();
  g_autoptr(TcTlsConfig) client_config = tc_tls_config_new ();

  config->client_auth = G_TLS_AUTHENTICATION_REQUIRED;
  config->database = load_ca ();
  listen_tls (fixture, "server.pem", config);

  client_config->database = load_ca ();
  connect_client (fixture, "localhost", client_config);

  TC_WAIT_UNTIL (fixture->context, fixture->rejected->len == 1, TIMEOUT_MS);
  g_test_message ("%s", ((GError *) g_ptr_array_index (fixture->rejected, 0))->message);
  g_assert_error ((GError *) g_ptr_array_index (fixture->rejected, 0), TC_ERROR,
                  TC_ERROR_TLS_CERTIFICATE_REQUIRED);
  g_assert_null (fixture->accepted);
}

/* Credentials, no sockets */

static void
test_credentials (void)
{
  g_autofree char *p12 = cert_path ("server.p12");
  g_autofree char *password = cert_path ("password.txt");
  g_autofree char *wrong_password = cert_path ("ca.pem");
  g_autofree char *combined = cert_path ("server-combined.pem");
  g_autofree char *cert = cert_path ("server.pem");
  g_autofree char *encrypted = cert_path ("server-key-encrypted.pem");
  g_autofree char *expected = fingerprint_of ("server.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *fingerprint = NULL;

  certificate = tc_tls_load_certificate (p12, NULL, password, &error);
  g_assert_no_error (error);
  fingerprint = tc_tls_fingerprint (certificate);
  g_assert_cmpstr (fingerprint, ==, expected);
  g_clear_object (&certificate);

  certificate = tc_tls_load_certificate (combined, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&certificate);

  certificate = tc_tls_load_certificate (p12, NULL, NULL, &error);
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "--tls-password-file"));
  g_clear_error (&error);

  certificate = tc_tls_load_certificate (p12, NULL, wrong_password, &error);
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "wrong password"));
  g_clear_error (&error);

  certificate = tc_tls_load_certificate (cert, encrypted, NULL, &error);
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "is encrypted"));
  g_assert_nonnull (strstr (error->message, "PKCS#12"));
  g_clear_error (&error);

  certificate = tc_tls_load_certificate (cert, NULL, NULL, &error);
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "--tls-key"));
  g_clear_error (&error);

  certificate = tc_tls_load_certificate ("/nonexistent.pem", NULL, NULL, &error);
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_null (certificate);
}

static void
test_pin_parse (void)
{
  const char *canonical =
    "68:CB:2F:15:49:C4:70:20:74:97:03:77:EA:78:51:FB:22:63:1B:E5:D4:CE:A1:C6:6B:E9:B1:AE:8F:D1:A2:54";
  const char *plain = "68CB2F1549C4702074970377EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A254";
  g_autofree char *plain_lower = g_ascii_strdown (plain, -1);
  g_autofree char *canonical_lower = g_ascii_strdown (canonical, -1);
  const char *accepted[] = { canonical, canonical_lower, plain, plain_lower };
  const char *refused[] = {
    "", "68:CB", "68:CB:2F:", "not a fingerprint",
    ":68CB2F1549C4702074970377EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A254",
    "68CB2F1549C47020749703 77EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A254",
    "ZZCB2F1549C4702074970377EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A254",
    "68CB2F1549C4702074970377EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A25400",
    "6:8CB2F1549C4702074970377EA7851FB22631BE5D4CEA1C66BE9B1AE8FD1A254",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pin = tc_tls_parse_pin (accepted[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (pin, ==, canonical);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *pin = tc_tls_parse_pin (refused[i], &error);

      g_assert_null (pin);
      g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
      g_assert_nonnull (strstr (error->message, "SHA-256 fingerprint"));
    }
}

/* Made once, kept for the user only, and the same on the next start. */
static void
test_self_signed (void)
{
  g_autoptr(GTlsCertificate) first = NULL;
  g_autoptr(GTlsCertificate) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *fp1 = NULL;
  g_autofree char *fp2 = NULL;
  g_autofree char *subject = NULL;
  GStatBuf st;

  first = tc_tls_self_signed ("127.0.0.1", &path, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_nonnull (strstr (path, "/tcpchat/tls/"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  second = tc_tls_self_signed ("127.0.0.1", &path2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, path2);
  fp1 = tc_tls_fingerprint (first);
  fp2 = tc_tls_fingerprint (second);
  g_assert_cmpstr (fp1, ==, fp2);
  g_assert_cmpuint (strlen (fp1), ==, 95);

  subject = g_tls_certificate_get_subject_name (first);
  g_assert_nonnull (strstr (subject, "tcpchat on "));
}

/* The pin store: kept by host and port, replaced atomically, the user's only. */
static void
test_pin_store (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tcpchat-pins-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sub", "pins", NULL);
  g_autofree char *fp = fingerprint_of ("server.pem");
  g_autofree char *other = fingerprint_of ("wrong-name.pem");
  g_autofree char *lower = g_ascii_strdown (other, -1);
  g_autoptr(GError) error = NULL;
  char *found;
  GStatBuf st;

  g_assert_null (tc_tls_pins_lookup (path, "localhost", 443));

  g_assert_true (tc_tls_pins_store (path, "LocalHost", 443, fp, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  found = tc_tls_pins_lookup (path, "localhost", 443);
  g_assert_cmpstr (found, ==, fp);
  g_free (found);
  g_assert_null (tc_tls_pins_lookup (path, "localhost", 444));
  g_assert_null (tc_tls_pins_lookup (path, "127.0.0.1", 443));

  /* Any spelling in, one spelling out; a second host beside the first. */
  g_assert_true (tc_tls_pins_store (path, "::1", 443, lower, &error));
  found = tc_tls_pins_lookup (path, "::1", 443);
  g_assert_cmpstr (found, ==, other);
  g_free (found);
  found = tc_tls_pins_lookup (path, "localhost", 443);
  g_assert_cmpstr (found, ==, fp);
  g_free (found);

  /* Replaced, then forgotten. */
  g_assert_true (tc_tls_pins_store (path, "localhost", 443, other, &error));
  found = tc_tls_pins_lookup (path, "localhost", 443);
  g_assert_cmpstr (found, ==, other);
  g_free (found);
  g_assert_true (tc_tls_pins_forget (path, "localhost", 443, &error));
  g_assert_null (tc_tls_pins_lookup (path, "localhost", 443));

  g_assert_false (tc_tls_pins_store (path, "localhost", 443, "12:34", &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_clear_error (&error);

  /* A file that is not a key file is said as such, not taken as empty. */
  g_assert_true (g_file_set_contents (path, "not [a key file", -1, NULL));
  g_assert_false (tc_tls_pins_store (path, "localhost", 443, fp, &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_null (tc_tls_pins_lookup (path, "localhost", 443));

  g_unlink (path);
  {
    g_autofree char *sub = g_path_get_dirname (path);

    g_rmdir (sub);
  }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  const char *srcdir = g_getenv ("TCPCHAT_TESTS_SRCDIR");
  int status;

  /* Before GLib reads it: the self-signed certificate goes there. */
  data_home = g_dir_make_tmp ("tcpchat-tls-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);

  certs_dir = g_build_filename (srcdir != NULL ? srcdir : "tests", "tls", "certs", NULL);

  if (!tc_tls_check_supported (NULL))
    {
      g_test_skip ("glib-networking is not installed");
      if (g_getenv ("CI") != NULL)
        g_error ("glib-networking is not installed");
    }

#define ADD(path, func) \
  g_test_add ("/tls/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("pinned", test_pinned);
  ADD ("ca-trusted", test_ca_trusted);
  ADD ("small-messages-share-records", test_small_messages_share_records);
  ADD ("gathered-records-resume", test_gathered_records_resume);
  ADD ("records-share-segments", test_records_share_segments);
  ADD ("relay-shares-records", test_relay_shares_records);
  ADD ("insecure", test_insecure);
  ADD ("expired", test_expired);
  ADD ("wrong-host-name", test_wrong_name);
  ADD ("unknown-ca", test_unknown_ca);
  ADD ("pin-mismatch", test_pin_mismatch);
  ADD ("pin-mismatch-trusted", test_pin_mismatch_trusted);
  ADD ("plaintext-client-on-tls-port", test_plaintext_client);
  ADD ("tls-client-on-plaintext-port", test_tls_client_on_plaintext_port);
  ADD ("tls-client-on-silent-port", test_tls_client_on_silent_port);
  ADD ("handshaking-state", test_handshaking_state);
  ADD ("silent-peer-dropped", test_silent_peer);
  ADD ("mutual", test_mutual);
  ADD ("mutual-missing-certificate", test_mutual_missing);
#undef ADD
  g_test_add_func ("/tls/credentials", test_credentials);
  g_test_add_func ("/tls/pin-parse", test_pin_parse);
  g_test_add_func ("/tls/self-signed-kept", test_self_signed);
  g_test_add_func ("/tls/pin-store", test_pin_store);

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
    g_autofree char *parent = g_path_get_dirname (tls_dir);
    g_rmdir (parent);
    g_rmdir (data_home);
  }

  g_free (certs_dir);
  return status;
}
