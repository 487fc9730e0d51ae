/* tc-server.c: a listening socket and the connections it accepted
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* accept4(), to take a connection and its close-on-exec flag in one call */
#define _GNU_SOURCE 1

#include "config.h"

#include "tc-server.h"
#include "tc-address.h"
#include "tc-common-enums.h"
#include "tc-connection-settings.h"
#include "tc-error.h"
#include "tc-line-framer.h"
#include "tc-tls.h"
#include "tc-marshal.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

/* The kernel caps it at net.core.somaxconn; GIO's default of 10 drops
 * connections in a storm.
 */
#define LISTEN_BACKLOG 4096
/* Relayed lines are handed on at least this often. */
#define RELAY_BATCH_SIZE (64 * 1024)

struct _TcServer
{
  GObject          parent_instance;

  /* Owned */
  GSocket         *listen_socket;
  GSource         *accept_source;
  GSource         *accept_retry_source;  /* while out of descriptors */
  GError          *accept_error;         /* why accepting waits, or NULL */
  GPtrArray       *clients;        /* of TcConnection, in order of arrival */
  GByteArray      *relay_batch;    /* relayed lines not yet queued */
  GString         *relay_prefix_text;  /* "[ip:port] " of relay_prefix_of */
  char            *listen_label;
  TcFraming       *framing;
  TcTlsConfig     *tls;            /* NULL: plain TCP */
  GCancellable    *handshakes;     /* of the TLS handshakes under way */

  /* Borrowed */
  TcConnection    *relay_sender;   /* whose lines relay_batch holds */
  TcConnection    *relay_prefix_of;  /* NULL once it leaves the list */

  TcSocketState    state;
  guint16          port;
  guint            relay_lines;
  guint            max_clients;
  guint            accept_backoff_ms;
  guint            n_holding_back;      /* receivers that make the senders wait */
  guint            n_handshaking;       /* count against max_clients */
  TcConnectionSettings settings;  /* for each client from now on */
  gboolean         relay;
  gboolean         relay_prefix;      /* as set; see relay_prefix_set */
  gboolean         relay_prefix_set;  /* else it follows the framing */
  gboolean         framing_is_lines;  /* cached: asked once per relayed line */
  gboolean         line_signal_known; /* see report_line */
  gboolean         line_signal_heard;

  TcServerLineFunc line_func;
  gpointer         line_func_data;
};

static void tc_server_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TcServer, tc_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      tc_server_list_model_init))

enum {
  PROP_0,
  PROP_STATE,
  PROP_LISTEN_LABEL,
  PROP_PORT,
  PROP_N_CLIENTS,
  PROP_RELAY,
  PROP_MAX_CLIENTS,
  PROP_MAX_LINE,
  PROP_PATIENCE,
  PROP_CONGESTED,
  PROP_ACCEPT_ERROR,
  PROP_IO_PRIORITY,
  PROP_FRAMING,
  PROP_RELAY_PREFIX,
  PROP_RELAY_PREFIX_SET,
  N_PROPS
};

enum {
  CLIENT_CONNECTED,
  CLIENT_DISCONNECTED,
  CLIENT_REJECTED,
  LINE_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* GListModel */

static GType
tc_server_get_item_type (GListModel *model)
{
  return TC_TYPE_CONNECTION;
}

static guint
tc_server_get_n_items (GListModel *model)
{
  return TC_SERVER (model)->clients->len;
}

static gpointer
tc_server_get_item (GListModel *model,
                    guint       position)
{
  TcServer *self = TC_SERVER (model);

  if (position >= self->clients->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->clients, position));
}

static void
tc_server_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = tc_server_get_item_type;
  iface->get_n_items = tc_server_get_n_items;
  iface->get_item = tc_server_get_item;
}

/* Flow control */

/* Relayed lines multiply: while a receiver is behind but still taking
 * bytes, stop reading from everyone and let TCP slow the senders down,
 * rather than drop anything. One that takes nothing stops holding the
 * room hostage after the patience window (see TcConnection:holding-back).
 */
static void
update_reading (TcServer *self)
{
  gboolean reading = !(self->relay && self->n_holding_back > 0);

  for (guint i = 0; i < self->clients->len; i++)
    tc_connection_set_reading (g_ptr_array_index (self->clients, i), reading);
}

static void
on_client_holding_back (TcConnection *client,
                        GParamSpec   *pspec,
                        TcServer     *self)
{
  gboolean was_congested = self->n_holding_back > 0;

  if (tc_connection_get_holding_back (client))
    self->n_holding_back++;
  else
    {
      g_assert (self->n_holding_back > 0);
      self->n_holding_back--;
    }

  if (was_congested != (self->n_holding_back > 0))
    {
      update_reading (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONGESTED]);
    }
}

/* Clients */

/* Relayed lines from one read of one sender go out as one buffer, shared by
 * every receiver: one queue entry and one write per receiver per read,
 * rather than per line.
 */
static void
flush_relay (TcServer *self)
{
  g_autoptr(GBytes) bytes = NULL;
  TcConnection *sender = self->relay_sender;
  guint n_lines = self->relay_lines;

  if (self->relay_batch->len == 0)
    return;

  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&self->relay_batch));
  self->relay_batch = g_byte_array_sized_new (RELAY_BATCH_SIZE);
  self->relay_sender = NULL;
  self->relay_lines = 0;

  /* A send past the hard limit closes that receiver, which removes it from
   * the list: walking backwards keeps the indices still to visit valid.
   */
  for (guint i = self->clients->len; i-- > 0;)
    {
      TcConnection *receiver = g_ptr_array_index (self->clients, i);

      if (receiver != sender && tc_connection_get_state (receiver) == TC_SOCKET_STATE_CONNECTED)
        tc_connection_send_bytes (receiver, bytes, n_lines, NULL);
    }
}

static void
relay_line (TcServer     *self,
            TcConnection *sender,
            const TcMessage *line)
{
  gboolean prefix = self->relay_prefix_set ? self->relay_prefix : self->framing_is_lines;
  GOutputVector parts[2];

  /* "[ip:port] text", framed ("\n" after it, with lines); without the
   * prefix, the message alone, so a binary frame arrives as it was sent.
   * The prefix is made once per sender, not per line.
   */
  if (prefix && self->relay_prefix_of != sender)
    {
      g_string_printf (self->relay_prefix_text, "[%s] ", tc_connection_get_peer_label (sender));
      self->relay_prefix_of = sender;
    }
  parts[0].buffer = self->relay_prefix_text->str;
  parts[0].size = self->relay_prefix_text->len;
  parts[1].buffer = line->data;
  parts[1].size = line->len;

  if (self->relay_sender != sender)
    flush_relay (self);

  /* The clients of a server share one framing: the sender's framer
   * encodes for every receiver.
   */
  self->relay_sender = sender;
  if (tc_framer_encode_vectors (tc_connection_get_framer (sender), self->relay_batch,
                                prefix ? parts : parts + 1, prefix ? G_N_ELEMENTS (parts) : 1,
                                NULL))
    self->relay_lines++;

  if (self->relay_batch->len >= RELAY_BATCH_SIZE)
    flush_relay (self);
}

static void
on_client_batch_end (TcConnection *client,
                     TcServer     *self)
{
  self->line_signal_known = FALSE;
  flush_relay (self);
}

/* Every message a client says reaches the front-end, relayed or not. */
static void
report_line (TcServer        *self,
             TcConnection    *client,
             const TcMessage *line)
{
  if (self->line_func != NULL)
    self->line_func (self, client, line, self->line_func_data);
  /* As on the connection: whether anybody listens is asked once a batch. */
  if (!self->line_signal_known)
    {
      self->line_signal_heard = g_signal_has_handler_pending (self, signals[LINE_RECEIVED],
                                                              0, FALSE);
      self->line_signal_known = TRUE;
    }
  if (self->line_signal_heard)
    g_signal_emit (self, signals[LINE_RECEIVED], 0, client, line);
}

static void
on_client_line (TcConnection *client,
                const TcMessage *line,
                gpointer      user_data)
{
  TcServer *self = user_data;

  report_line (self, client, line);

  if (self->relay && self->clients->len > 1)
    relay_line (self, client, line);
}

/* A connection may outlive its place in the list (a caller holds it). */
static void
forget_client (TcServer     *self,
               TcConnection *client)
{
  tc_connection_set_line_func (client, NULL, NULL);
  g_signal_handlers_disconnect_by_data (client, self);
  /* Its batch may have ended unheard. */
  self->line_signal_known = FALSE;
  /* Another connection may come to have its address. */
  if (self->relay_prefix_of == client)
    self->relay_prefix_of = NULL;
}

static void
on_client_closed (TcConnection *client,
                  GError       *reason,
                  TcServer     *self)
{
  g_autoptr(TcConnection) hold = g_object_ref (client);
  guint position;

  if (!g_ptr_array_find (self->clients, client, &position))
    return;

  /* What it said before it went still reaches the others. */
  if (self->relay_sender == client)
    flush_relay (self);

  forget_client (self, client);
  g_ptr_array_remove_index (self->clients, position);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
  g_signal_emit (self, signals[CLIENT_DISCONNECTED], 0, client, reason);
}

/* A refused client's lines are still what it said: they reach the
 * front-end, but no other client.
 */
static void
on_refused_line (TcConnection *client,
                 const TcMessage *line,
                 gpointer      user_data)
{
  report_line (user_data, client, line);
}

static void
refuse (TcServer          *self,
        GSocketConnection *connection)
{
  g_autoptr(TcConnection) refused = tc_connection_new (G_IO_STREAM (connection));
  const char *peer = tc_connection_get_peer_label (refused);
  g_autoptr(GError) reason = NULL;

  reason = g_error_new (TC_ERROR, TC_ERROR_SERVER_FULL,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Refused %s: the server already has %u client, its limit",
                                     "Refused %s: the server already has %u clients, its limit",
                                     self->max_clients),
                        peer, self->max_clients);
  g_signal_emit (self, signals[CLIENT_REJECTED], 0, peer, reason);

  /* Closing reads what it already sent, so that it gets an orderly end of
   * stream rather than a reset, and its words are not lost.
   */
  tc_connection_set_line_func (refused, on_refused_line, self);
  tc_connection_close_with_error (refused, reason);
  tc_connection_set_line_func (refused, NULL, NULL);
}

static void
admit (TcServer  *self,
       GIOStream *stream)
{
  g_autoptr(TcConnection) client = NULL;

  client = tc_connection_settings_open (&self->settings, self->framing, stream);
  if (self->relay && self->n_holding_back > 0)
    tc_connection_set_reading (client, FALSE);

  tc_connection_set_line_func (client, on_client_line, self);
  g_signal_connect (client, "batch-end", G_CALLBACK (on_client_batch_end), self);
  g_signal_connect (client, "closed", G_CALLBACK (on_client_closed), self);
  g_signal_connect (client, "notify::holding-back", G_CALLBACK (on_client_holding_back), self);

  g_ptr_array_add (self->clients, g_object_ref (client));
  g_list_model_items_changed (G_LIST_MODEL (self), self->clients->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CLIENTS]);
  g_signal_emit (self, signals[CLIENT_CONNECTED], 0, client);

  tc_connection_start (client);
}

/* TLS: a client is admitted once its handshake is done. */

typedef struct
{
  TcServer     *server;       /* not owned: valid while handshakes is not cancelled */
  GCancellable *handshakes;
  char         *peer;
} Handshake;

static void
handshake_free (Handshake *hs)
{
  g_object_unref (hs->handshakes);
  g_free (hs->peer);
  g_free (hs);
}

static void
on_handshake_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Handshake *hs = user_data;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  TcServer *self = hs->server;

  stream = tc_tls_handshake_finish (result, &error);

  /* The server stopped or went: nothing of it may be touched. */
  if (g_cancellable_is_cancelled (hs->handshakes))
    {
      handshake_free (hs);
      return;
    }

  g_assert (self->n_handshaking > 0);
  self->n_handshaking--;

  if (stream == NULL)
    g_signal_emit (self, signals[CLIENT_REJECTED], 0, hs->peer, error);
  else
    admit (self, stream);

  handshake_free (hs);
}

static void
start_handshake (TcServer          *self,
                 GSocketConnection *connection)
{
  g_autoptr(GSocketAddress) remote = g_socket_connection_get_remote_address (connection, NULL);
  Handshake *hs = g_new0 (Handshake, 1);

  hs->server = self;
  hs->handshakes = g_object_ref (self->handshakes);
  hs->peer = remote != NULL ? tc_socket_address_format (remote) : g_strdup ("?");
  self->n_handshaking++;

  tc_tls_handshake_async (G_IO_STREAM (connection), self->tls, NULL, hs->peer,
                          self->settings.io_priority, self->handshakes, on_handshake_done, hs);
}

static void
on_incoming (GSocketConnection *connection,
             TcServer          *self)
{
  /* A client still in its handshake holds a place. */
  if (self->clients->len + self->n_handshaking >= self->max_clients)
    refuse (self, connection);
  else if (self->tls != NULL)
    start_handshake (self, connection);
  else
    admit (self, G_IO_STREAM (connection));
}

static void
cancel_handshakes (TcServer *self)
{
  g_cancellable_cancel (self->handshakes);
  g_clear_object (&self->handshakes);
  self->handshakes = g_cancellable_new ();
  self->n_handshaking = 0;
}

/* At most this many accepts per wake-up: taking the backlog in batches
 * makes the cost of a main-loop iteration (which grows with the number of
 * connections) count once per batch rather than once per client. A server
 * that reads below redrawing (a window's) takes fewer at a time, so that it
 * draws between batches of a connect storm.
 */
#define ACCEPTS_PER_DISPATCH 256
#define ACCEPTS_PER_DISPATCH_BELOW_REDRAW 64
/* Out of descriptors or memory, accepting waits this long, doubling. */
#define ACCEPT_BACKOFF_MIN_MS 100
#define ACCEPT_BACKOFF_MAX_MS 1000

static gboolean on_listen_readable (GSocket *socket, GIOCondition condition, gpointer user_data);
static gboolean on_accept_retry (gpointer user_data);

static void
watch_listen_socket (TcServer *self)
{
  self->accept_source = g_socket_create_source (self->listen_socket, G_IO_IN, NULL);
  g_source_set_callback (self->accept_source, G_SOURCE_FUNC (on_listen_readable), self, NULL);
  g_source_set_static_name (self->accept_source, "[tcpchat] server accept");
  g_source_attach (self->accept_source, g_main_context_get_thread_default ());
}

static void
clear_accept_sources (TcServer *self)
{
  if (self->accept_source != NULL)
    {
      g_source_destroy (self->accept_source);
      g_clear_pointer (&self->accept_source, g_source_unref);
    }
  if (self->accept_retry_source != NULL)
    {
      g_source_destroy (self->accept_retry_source);
      g_clear_pointer (&self->accept_retry_source, g_source_unref);
    }
}

static void
set_accept_error (TcServer *self,
                  GError   *error)
{
  if (self->accept_error == NULL && error == NULL)
    return;

  g_clear_error (&self->accept_error);
  self->accept_error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCEPT_ERROR]);
}

static GError *
explain_accept_errno (int errsv)
{
  struct rlimit limit;

  switch (errsv)
    {
    case EMFILE:
      if (getrlimit (RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY)
        return g_error_new (TC_ERROR, TC_ERROR_OUT_OF_RESOURCES,
                            _("Out of file descriptors (limit %lu): new connections wait. "
                              "Raise the limit with ulimit -n."),
                            (unsigned long) limit.rlim_cur);
      return g_error_new_literal (TC_ERROR, TC_ERROR_OUT_OF_RESOURCES,
                                  _("Out of file descriptors: new connections wait. Raise the "
                                    "limit with ulimit -n."));
    case ENFILE:
      return g_error_new_literal (TC_ERROR, TC_ERROR_OUT_OF_RESOURCES,
                                  _("The system is out of file descriptors: new connections "
                                    "wait. Close other programs or raise fs.file-max."));
    default:
      return g_error_new (TC_ERROR, TC_ERROR_OUT_OF_RESOURCES,
                          _("Out of memory for new connections (%s): they wait."),
                          g_strerror (errsv));
    }
}

/* Descriptors or memory ran out: the backlog keeps the connections that
 * arrive, and accepting again at once would only fail again, thousands of
 * times a second. Wait, say so once, and try again by itself.
 */
static void
pause_accepting (TcServer *self,
                 int       errsv)
{
  clear_accept_sources (self);

  if (self->accept_error == NULL)
    {
      self->accept_backoff_ms = ACCEPT_BACKOFF_MIN_MS;
      set_accept_error (self, explain_accept_errno (errsv));
    }
  else
    {
      self->accept_backoff_ms = MIN (self->accept_backoff_ms * 2, ACCEPT_BACKOFF_MAX_MS);
    }

  self->accept_retry_source = g_timeout_source_new (self->accept_backoff_ms);
  g_source_set_callback (self->accept_retry_source, on_accept_retry, self, NULL);
  g_source_set_static_name (self->accept_retry_source, "[tcpchat] server accept retry");
  g_source_attach (self->accept_retry_source, g_main_context_get_thread_default ());
}

/* Takes what waits in the backlog, up to a batch.
 *
 * Returns: %FALSE if accepting is paused for lack of resources
 */
static gboolean
accept_batch (TcServer *self)
{
  guint batch = self->settings.io_priority > G_PRIORITY_DEFAULT ? ACCEPTS_PER_DISPATCH_BELOW_REDRAW
                                                       : ACCEPTS_PER_DISPATCH;

  for (guint i = 0; i < batch && self->listen_socket != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSocket) accepted = NULL;
      g_autoptr(GSocketConnection) connection = NULL;
      int fd;

      fd = accept4 (g_socket_get_fd (self->listen_socket), NULL, NULL, SOCK_CLOEXEC);
      if (fd < 0)
        {
          int errsv = errno;

          if (errsv == EMFILE || errsv == ENFILE || errsv == ENOBUFS || errsv == ENOMEM)
            {
              pause_accepting (self, errsv);
              return FALSE;
            }
          /* EAGAIN: the backlog is empty. A connection that was reset
           * while waiting (ECONNABORTED) or a transient error: try the
           * next one on the next wake-up.
           */
          if (errsv == EINTR || errsv == ECONNABORTED)
            continue;
          if (errsv != EAGAIN && errsv != EWOULDBLOCK)
            g_debug ("Accepting a connection: %s", g_strerror (errsv));
          break;
        }

      accepted = g_socket_new_from_fd (fd, &error);
      if (accepted == NULL)
        {
          g_debug ("Accepting a connection: %s", error->message);
          close (fd);
          continue;
        }

      connection = g_socket_connection_factory_create_connection (accepted);
      on_incoming (connection, self);
    }

  return TRUE;
}

static gboolean
on_listen_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  TcServer *self = user_data;

  /* A pause destroyed this source already. */
  return accept_batch (self) ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
on_accept_retry (gpointer user_data)
{
  TcServer *self = user_data;

  g_clear_pointer (&self->accept_retry_source, g_source_unref);

  if (!accept_batch (self) || self->listen_socket == NULL)
    return G_SOURCE_REMOVE;

  set_accept_error (self, NULL);
  watch_listen_socket (self);

  return G_SOURCE_REMOVE;
}

static void
stop_listening (TcServer *self)
{
  clear_accept_sources (self);
  set_accept_error (self, NULL);
  if (self->listen_socket != NULL)
    {
      g_socket_close (self->listen_socket, NULL);
      g_clear_object (&self->listen_socket);
    }
}

static void
close_all_clients (TcServer *self)
{
  g_autoptr(GError) reason = g_error_new_literal (TC_ERROR, TC_ERROR_SERVER_STOPPED,
                                                  _("The server stopped listening"));

  /* Each close removes the client from the list. */
  while (self->clients->len > 0)
    {
      TcConnection *client = g_ptr_array_index (self->clients, self->clients->len - 1);

      tc_connection_close_with_error (client, reason);
    }
}

static void
tc_server_dispose (GObject *object)
{
  TcServer *self = TC_SERVER (object);

  stop_listening (self);
  if (self->handshakes != NULL)
    {
      g_cancellable_cancel (self->handshakes);
      g_clear_object (&self->handshakes);
    }
  g_clear_pointer (&self->tls, tc_tls_config_unref);

  if (self->clients != NULL)
    {
      for (guint i = 0; i < self->clients->len; i++)
        forget_client (self, g_ptr_array_index (self->clients, i));
      g_clear_pointer (&self->clients, g_ptr_array_unref);
    }

  G_OBJECT_CLASS (tc_server_parent_class)->dispose (object);
}

static void
tc_server_finalize (GObject *object)
{
  TcServer *self = TC_SERVER (object);

  g_free (self->listen_label);
  g_byte_array_unref (self->relay_batch);
  g_string_free (self->relay_prefix_text, TRUE);
  tc_framing_unref (self->framing);

  G_OBJECT_CLASS (tc_server_parent_class)->finalize (object);
}

static void
tc_server_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TcServer *self = TC_SERVER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LISTEN_LABEL:
      g_value_set_string (value, self->listen_label);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_N_CLIENTS:
      g_value_set_uint (value, self->clients->len);
      break;
    case PROP_RELAY:
      g_value_set_boolean (value, self->relay);
      break;
    case PROP_MAX_CLIENTS:
      g_value_set_uint (value, self->max_clients);
      break;
    case PROP_MAX_LINE:
      g_value_set_uint64 (value, self->settings.max_line);
      break;
    case PROP_PATIENCE:
      g_value_set_uint (value, self->settings.patience_ms);
      break;
    case PROP_CONGESTED:
      g_value_set_boolean (value, self->n_holding_back > 0);
      break;
    case PROP_ACCEPT_ERROR:
      g_value_set_boxed (value, self->accept_error);
      break;
    case PROP_IO_PRIORITY:
      g_value_set_int (value, self->settings.io_priority);
      break;
    case PROP_FRAMING:
      g_value_set_boxed (value, self->framing);
      break;
    case PROP_RELAY_PREFIX:
      g_value_set_boolean (value, tc_server_get_relay_prefix (self));
      break;
    case PROP_RELAY_PREFIX_SET:
      g_value_set_boolean (value, self->relay_prefix_set);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_server_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TcServer *self = TC_SERVER (object);

  switch (prop_id)
    {
    case PROP_RELAY:
      tc_server_set_relay (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_CLIENTS:
      tc_server_set_max_clients (self, g_value_get_uint (value));
      break;
    case PROP_MAX_LINE:
      tc_server_set_max_line (self, g_value_get_uint64 (value));
      break;
    case PROP_PATIENCE:
      tc_server_set_patience (self, g_value_get_uint (value));
      break;
    case PROP_IO_PRIORITY:
      tc_server_set_io_priority (self, g_value_get_int (value));
      break;
    case PROP_FRAMING:
      tc_server_set_framing (self, g_value_get_boxed (value));
      break;
    case PROP_RELAY_PREFIX:
      tc_server_set_relay_prefix (self, g_value_get_boolean (value));
      break;
    case PROP_RELAY_PREFIX_SET:
      tc_server_set_relay_prefix_set (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_server_class_init (TcServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = tc_server_dispose;
  object_class->finalize = tc_server_finalize;
  object_class->get_property = tc_server_get_property;
  object_class->set_property = tc_server_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TC_TYPE_SOCKET_STATE,
                       TC_SOCKET_STATE_UNCONNECTED, ro);
  properties[PROP_LISTEN_LABEL] = g_param_spec_string ("listen-label", NULL, NULL, NULL, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, ro);
  properties[PROP_N_CLIENTS] = g_param_spec_uint ("n-clients", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_RELAY] = g_param_spec_boolean ("relay", NULL, NULL, FALSE, rw);
  properties[PROP_MAX_CLIENTS] =
    g_param_spec_uint ("max-clients", NULL, NULL, 1, G_MAXUINT,
                       TC_SERVER_DEFAULT_MAX_CLIENTS, rw);
  properties[PROP_MAX_LINE] =
    g_param_spec_uint64 ("max-line", NULL, NULL, 1, G_MAXSIZE,
                         TC_LINE_FRAMER_DEFAULT_MAX_LINE, rw);
  properties[PROP_PATIENCE] =
    g_param_spec_uint ("patience", NULL, NULL, 1, G_MAXUINT, TC_CONNECTION_DEFAULT_PATIENCE, rw);
  properties[PROP_CONGESTED] = g_param_spec_boolean ("congested", NULL, NULL, FALSE, ro);
  properties[PROP_ACCEPT_ERROR] = g_param_spec_boxed ("accept-error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_IO_PRIORITY] =
    g_param_spec_int ("io-priority", NULL, NULL, G_MININT, G_MAXINT, G_PRIORITY_DEFAULT, rw);
  /* How new connections cut and wrap messages; NULL sets lines. */
  properties[PROP_FRAMING] = g_param_spec_boxed ("framing", NULL, NULL, TC_TYPE_FRAMING, rw);
  /* Whether relayed messages start with "[ip:port] ". Unless set, on for
   * lines and off for the other framings, where it would corrupt frames;
   * setting it sets relay-prefix-set, and unsetting that follows the
   * framing again (the way GTK's "*-set" properties work).
   */
  properties[PROP_RELAY_PREFIX] = g_param_spec_boolean ("relay-prefix", NULL, NULL, TRUE, rw);
  properties[PROP_RELAY_PREFIX_SET] =
    g_param_spec_boolean ("relay-prefix-set", NULL, NULL, FALSE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLIENT_CONNECTED] =
    g_signal_new ("client-connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, TC_TYPE_CONNECTION);
  signals[CLIENT_DISCONNECTED] =
    g_signal_new ("client-disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, TC_TYPE_CONNECTION, G_TYPE_ERROR);
  signals[CLIENT_REJECTED] =
    g_signal_new ("client-rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[LINE_RECEIVED] =
    g_signal_new ("line-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, tc_marshal_VOID__OBJECT_BOXED, G_TYPE_NONE, 2,
                  TC_TYPE_CONNECTION, TC_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[LINE_RECEIVED], G_TYPE_FROM_CLASS (klass),
                              tc_marshal_VOID__OBJECT_BOXEDv);
}

static void
tc_server_init (TcServer *self)
{
  self->clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->relay_batch = g_byte_array_sized_new (RELAY_BATCH_SIZE);
  self->relay_prefix_text = g_string_new (NULL);
  self->max_clients = TC_SERVER_DEFAULT_MAX_CLIENTS;
  self->framing = tc_framing_new_lines ();
  self->framing_is_lines = TRUE;
  tc_connection_settings_init (&self->settings);
  self->handshakes = g_cancellable_new ();
}

/* Public API */

TcServer *
tc_server_new (void)
{
  return g_object_new (TC_TYPE_SERVER, NULL);
}

static GInetAddress *
parse_listen_address (const char  *address,
                      GError     **error)
{
  GInetAddress *inet;

  if (address == NULL || *address == '\0' || g_ascii_strcasecmp (address, "localhost") == 0)
    return g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_INVALID_ADDRESS,
                   _("\"%s\" is not an IP address: listen on 127.0.0.1, ::1, 0.0.0.0, :: "
                     "or an address of this machine"), address);
      return NULL;
    }

  if (!tc_address_is_local (inet))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_ADDRESS_NOT_LOCAL,
                   _("%s is not an address of this machine: listen on 127.0.0.1, 0.0.0.0 "
                     "or one of this machine's addresses"), address);
      g_object_unref (inet);
      return NULL;
    }

  return inet;
}

static GError *
explain_bind_error (const GError *error,
                    const char   *where,
                    guint16       port)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    return g_error_new (TC_ERROR, TC_ERROR_ADDRESS_IN_USE,
                        _("Port %u is already in use on %s: another program is listening "
                          "there. Stop it or choose another port"), port, where);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    return g_error_new (TC_ERROR, TC_ERROR_PERMISSION_DENIED,
                        _("Port %u needs administrator rights: ports below 1024 are "
                          "privileged. Choose a port from 1024 up"), port);

  return g_error_new (TC_ERROR, TC_ERROR_FAILED, _("Cannot listen on %s port %u: %s"),
                      where, port, error->message);
}

/**
 * tc_server_listen:
 * @address: an IP literal of this machine ("127.0.0.1", "::", ...), or
 *   %NULL for 127.0.0.1
 * @port: the port, or 0 for any free one (tc_server_get_port() tells which)
 *
 * Starts accepting clients, from the caller's thread-default main context.
 */
gboolean
tc_server_listen (TcServer    *self,
                  const char  *address,
                  guint16      port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) bind_address = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = NULL;

  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->listen_socket != NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_FAILED, _("Already listening on %s"),
                   self->listen_label);
      return FALSE;
    }

  inet = parse_listen_address (address, error);
  if (inet == NULL)
    return FALSE;

  where = g_inet_address_to_string (inet);
  bind_address = g_inet_socket_address_new (inet, port);

  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &local_error);
  if (socket == NULL)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_FAILED, _("Cannot create a socket for %s: %s"),
                   where, local_error->message);
      return FALSE;
    }

  /* Reusing the address lets a stopped server listen again at once. */
  if (!g_socket_bind (socket, bind_address, TRUE, &local_error))
    {
      g_propagate_error (error, explain_bind_error (local_error, where, port));
      return FALSE;
    }

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_listen (socket, &local_error))
    {
      g_propagate_error (error, explain_bind_error (local_error, where, port));
      return FALSE;
    }

  g_socket_set_blocking (socket, FALSE);

  local = g_socket_get_local_address (socket, NULL);
  self->port = local != NULL ? g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local)) : port;
  g_free (self->listen_label);
  self->listen_label = tc_address_format (where, self->port);

  self->listen_socket = g_steal_pointer (&socket);
  watch_listen_socket (self);
  self->state = TC_SOCKET_STATE_LISTENING;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LISTEN_LABEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  return TRUE;
}

/* Closes the listening socket, then every client. */
void
tc_server_stop (TcServer *self)
{
  g_return_if_fail (TC_IS_SERVER (self));

  if (self->listen_socket == NULL)
    return;

  stop_listening (self);
  cancel_handshakes (self);

  close_all_clients (self);

  self->state = TC_SOCKET_STATE_UNCONNECTED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

TcSocketState
tc_server_get_state (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), TC_SOCKET_STATE_UNCONNECTED);

  return self->state;
}

gboolean
tc_server_is_listening (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);

  return self->state == TC_SOCKET_STATE_LISTENING;
}

/* "127.0.0.1:10000" while listening, or where it last listened. */
const char *
tc_server_get_listen_label (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), NULL);

  return self->listen_label;
}

guint16
tc_server_get_port (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), 0);

  return self->port;
}

guint
tc_server_get_n_clients (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), 0);

  return self->clients->len;
}

gboolean
tc_server_get_relay (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);

  return self->relay;
}

/* In relay mode each client's line goes to every other client as
 * "[ip:port] text".
 */
void
tc_server_set_relay (TcServer *self,
                     gboolean  relay)
{
  g_return_if_fail (TC_IS_SERVER (self));

  relay = !!relay;
  if (self->relay == relay)
    return;

  self->relay = relay;
  update_reading (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY]);
}

/**
 * tc_server_get_framing:
 * @self: a #TcServer
 *
 * Returns: (transfer none): the framing of the connections accepted from now on
 */
TcFraming *
tc_server_get_framing (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), NULL);

  return self->framing;
}

/**
 * tc_server_set_framing:
 * @self: a #TcServer
 * @framing: (nullable): how messages are cut and wrapped; NULL for lines
 *
 * Applies to the clients that connect from now on: each connected one
 * keeps the framing it came with, as its peer expects.
 */
void
tc_server_set_framing (TcServer  *self,
                       TcFraming *framing)
{
  g_autoptr(TcFraming) new_framing = NULL;
  gboolean prefix_before;

  g_return_if_fail (TC_IS_SERVER (self));

  new_framing = framing != NULL ? tc_framing_ref (framing) : tc_framing_new_lines ();
  if (tc_framing_equal (self->framing, new_framing))
    return;

  prefix_before = tc_server_get_relay_prefix (self);
  tc_framing_unref (self->framing);
  self->framing = g_steal_pointer (&new_framing);
  self->framing_is_lines = tc_framing_get_mode (self->framing) == TC_FRAMING_MODE_LINES;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
  if (tc_server_get_relay_prefix (self) != prefix_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY_PREFIX]);
}

/* Whether relayed messages start with "[ip:port] ": as set, or else only
 * with lines framing.
 */
gboolean
tc_server_get_relay_prefix (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);

  if (self->relay_prefix_set)
    return self->relay_prefix;

  return self->framing_is_lines;
}

/* Fixes it whatever the framing (see tc_server_set_relay_prefix_set()). */
void
tc_server_set_relay_prefix (TcServer *self,
                            gboolean  relay_prefix)
{
  gboolean before;

  g_return_if_fail (TC_IS_SERVER (self));

  before = tc_server_get_relay_prefix (self);
  self->relay_prefix = !!relay_prefix;

  if (!self->relay_prefix_set)
    {
      self->relay_prefix_set = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY_PREFIX_SET]);
    }
  if (tc_server_get_relay_prefix (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY_PREFIX]);
}

gboolean
tc_server_get_relay_prefix_set (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);

  return self->relay_prefix_set;
}

/* FALSE: the prefix follows the framing again. */
void
tc_server_set_relay_prefix_set (TcServer *self,
                                gboolean  relay_prefix_set)
{
  gboolean before;

  g_return_if_fail (TC_IS_SERVER (self));

  relay_prefix_set = !!relay_prefix_set;
  if (self->relay_prefix_set == relay_prefix_set)
    return;

  before = tc_server_get_relay_prefix (self);
  if (relay_prefix_set)
    self->relay_prefix = before;
  self->relay_prefix_set = relay_prefix_set;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY_PREFIX_SET]);
  if (tc_server_get_relay_prefix (self) != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RELAY_PREFIX]);
}

guint
tc_server_get_max_clients (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), 0);

  return self->max_clients;
}

/* Connections past the limit are closed at once, with client-rejected. */
void
tc_server_set_max_clients (TcServer *self,
                           guint     max_clients)
{
  g_return_if_fail (TC_IS_SERVER (self));
  g_return_if_fail (max_clients > 0);

  if (self->max_clients == max_clients)
    return;

  self->max_clients = max_clients;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CLIENTS]);
}

gsize
tc_server_get_max_line (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), 0);

  return self->settings.max_line;
}

/* For clients that connect from now on. */
void
tc_server_set_max_line (TcServer *self,
                        gsize     max_line)
{
  g_return_if_fail (TC_IS_SERVER (self));
  g_return_if_fail (max_line > 0);

  if (self->settings.max_line == max_line)
    return;

  self->settings.max_line = max_line;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINE]);
}

/* See tc_connection_set_limits(); for clients that connect from now on. */
void
tc_server_set_limits (TcServer *self,
                      gsize     high_water,
                      gsize     low_water,
                      gsize     max_unsent,
                      guint     stall_timeout_ms)
{
  g_return_if_fail (TC_IS_SERVER (self));
  g_return_if_fail (low_water <= high_water && high_water <= max_unsent);
  g_return_if_fail (stall_timeout_ms > 0);

  self->settings.high_water = high_water;
  self->settings.low_water = low_water;
  self->settings.max_unsent = max_unsent;
  self->settings.stall_timeout_ms = stall_timeout_ms;
}

/* See tc_connection_set_patience(); for clients that connect from now on. */
void
tc_server_set_patience (TcServer *self,
                        guint     patience_ms)
{
  g_return_if_fail (TC_IS_SERVER (self));
  g_return_if_fail (patience_ms > 0);

  if (self->settings.patience_ms == patience_ms)
    return;

  self->settings.patience_ms = patience_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATIENCE]);
}

int
tc_server_get_io_priority (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), G_PRIORITY_DEFAULT);

  return self->settings.io_priority;
}

/* The priority of reading from clients, now and from now on: see
 * tc_connection_set_io_priority(). A window reads below redrawing.
 */
void
tc_server_set_io_priority (TcServer *self,
                           int       io_priority)
{
  g_return_if_fail (TC_IS_SERVER (self));

  if (self->settings.io_priority == io_priority)
    return;

  self->settings.io_priority = io_priority;
  for (guint i = 0; i < self->clients->len; i++)
    tc_connection_set_io_priority (g_ptr_array_index (self->clients, i), io_priority);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IO_PRIORITY]);
}

/* Whether some client is behind by more than its high water mark and still
 * taking bytes: what is sent to everyone should wait while it is.
 */
gboolean
tc_server_get_congested (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);

  return self->n_holding_back > 0;
}

/**
 * tc_server_get_accept_error:
 *
 * Returns: (nullable): why new connections wait in the backlog (out of file
 *   descriptors or memory), or %NULL while they are accepted
 */
const GError *
tc_server_get_accept_error (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), NULL);

  return self->accept_error;
}

gboolean
tc_server_send_to (TcServer      *self,
                   TcConnection  *client,
                   const char    *text,
                   gssize         len,
                   GError       **error)
{
  g_return_val_if_fail (TC_IS_SERVER (self), FALSE);
  g_return_val_if_fail (TC_IS_CONNECTION (client), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!g_ptr_array_find (self->clients, client, NULL))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                   _("%s is no longer connected"), tc_connection_get_peer_label (client));
      return FALSE;
    }

  return tc_connection_send_line (client, text, len, error);
}

/**
 * tc_server_broadcast:
 *
 * Sends one line to every connected client, sharing one buffer.
 *
 * Returns: how many clients it was queued for; 0 with an error when there
 *   were none
 */
guint
tc_server_broadcast (TcServer    *self,
                     const char  *text,
                     gssize       len,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  TcFramer *framer;
  guint n_sent = 0;

  g_return_val_if_fail (TC_IS_SERVER (self), 0);
  g_return_val_if_fail (text != NULL, 0);

  if (self->clients->len == 0)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                           _("No client is connected"));
      return 0;
    }

  if (len < 0)
    len = strlen (text);

  /* One buffer for all: the clients of a server share one framing. */
  framer = tc_connection_get_framer (g_ptr_array_index (self->clients, 0));
  bytes = tc_framer_encode (framer, text, (gsize) len, error);
  if (bytes == NULL)
    return 0;

  /* Backwards, as a send can close a client and so remove it. */
  for (guint i = self->clients->len; i-- > 0;)
    if (tc_connection_send_bytes (g_ptr_array_index (self->clients, i), bytes, 1, NULL))
      n_sent++;

  if (n_sent == 0)
    g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                         _("No client could take the line: every connection is closing"));

  return n_sent;
}

/**
 * tc_server_set_line_func:
 * @self: a #TcServer
 * @func: (nullable): called for every line from every client, before
 *   #TcServer::line-received
 * @user_data: passed to @func
 *
 * Sets the owner's hook for every line (see #TcServerLineFunc); %NULL
 * removes it.
 */
void
tc_server_set_line_func (TcServer         *self,
                         TcServerLineFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (TC_IS_SERVER (self));

  self->line_func = func;
  self->line_func_data = user_data;
}

/**
 * tc_server_set_tls:
 * @tls: (nullable): the certificate and the demands on clients, or %NULL
 *   for plain TCP
 *
 * Applies to connections accepted from now on: each one is admitted (and
 * #TcServer::client-connected emitted) after its TLS handshake, which may
 * take the configured handshake timeout and holds a place under
 * max-clients meanwhile. A failed handshake is #TcServer::client-rejected
 * with the cause.
 */
void
tc_server_set_tls (TcServer    *self,
                   TcTlsConfig *tls)
{
  g_return_if_fail (TC_IS_SERVER (self));
  g_return_if_fail (tls == NULL || tls->certificate != NULL);

  if (self->tls == tls)
    return;

  g_clear_pointer (&self->tls, tc_tls_config_unref);
  self->tls = tls != NULL ? tc_tls_config_ref (tls) : NULL;
}

/* Returns: (nullable) (transfer none): the TLS configuration, or %NULL */
TcTlsConfig *
tc_server_get_tls (TcServer *self)
{
  g_return_val_if_fail (TC_IS_SERVER (self), NULL);

  return self->tls;
}
