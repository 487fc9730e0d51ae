/* tc-client.c: connects to a line-protocol server and keeps one connection
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-client.h"
#include "tc-address.h"
#include "tc-common-enums.h"
#include "tc-connection-settings.h"
#include "tc-deadline.h"
#include "tc-error.h"
#include "tc-framing.h"
#include "tc-line-framer.h"
#include "tc-source.h"
#include "tc-tls.h"

#include <glib/gi18n-lib.h>

struct _TcClient
{
  GObject         parent_instance;

  /* Owned */
  GSocketClient  *socket_client;
  GCancellable   *cancellable;       /* of the attempt under way */
  GCancellable   *caller_cancellable;
  gulong          caller_cancelled_id;
  TcDeadline      connect_deadline;  /* of the attempt under way */
  GSource        *reconnect_source;  /* ticks once a second while counting down */
  TcConnection   *connection;
  char           *host;
  TcTlsConfig    *tls;               /* NULL: plain TCP */
  GTlsCertificate *rejected_certificate; /* of the last failed handshake */

  TcClientLineFunc line_func;
  gpointer        line_func_data;

  TcSocketState   state;
  guint16         port;
  guint           connect_timeout_ms;
  TcFraming      *framing;
  guint           reconnect_delay;   /* s, the backoff for the next attempt */
  guint           reconnect_in;      /* s left before the next attempt */
  TcConnectionSettings settings;    /* for each connection; stall timeout 0: wait for ever */
  gboolean        auto_reconnect;
  gboolean        retrying;          /* the attempt under way is a reconnect */
};

G_DEFINE_FINAL_TYPE (TcClient, tc_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_HOST,
  PROP_PORT,
  PROP_CONNECTION,
  PROP_CONNECT_TIMEOUT,
  PROP_MAX_LINE,
  PROP_SEND_TIMEOUT,
  PROP_AUTO_RECONNECT,
  PROP_RECONNECT_IN,
  PROP_IO_PRIORITY,
  PROP_FRAMING,
  N_PROPS
};

enum {
  CONNECT_FAILED,
  DISCONNECTED,
  LINE_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_attempt (TcClient *self, GTask *task);

/* Data, not the function's address: ISO C has no function-to-data cast. */
static const char connect_source_tag[] = "tc_client_connect_async";

static void
set_state (TcClient      *self,
           TcSocketState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_reconnect_in (TcClient *self,
                  guint     seconds)
{
  if (self->reconnect_in == seconds)
    return;

  self->reconnect_in = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_IN]);
}

static void
stop_reconnecting (TcClient *self)
{
  tc_source_clear (&self->reconnect_source);
  set_reconnect_in (self, 0);
  self->retrying = FALSE;
}

/* Reconnecting */

static gboolean
on_reconnect_tick (gpointer user_data)
{
  TcClient *self = user_data;

  if (self->reconnect_in > 1)
    {
      set_reconnect_in (self, self->reconnect_in - 1);
      return G_SOURCE_CONTINUE;
    }

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  set_reconnect_in (self, 0);
  self->retrying = TRUE;
  start_attempt (self, NULL);

  return G_SOURCE_REMOVE;
}

/**
 * tc_client_next_reconnect_delay:
 * @delay: the wait before the attempt being scheduled, in seconds
 *
 * The backoff between reconnect attempts: 1 s, doubling up to 30 s (a
 * successful connection starts it again at 1 s).
 *
 * Returns: the wait before the attempt after that one, in seconds
 */
guint
tc_client_next_reconnect_delay (guint delay)
{
  if (delay < TC_CLIENT_RECONNECT_MIN_DELAY)
    return TC_CLIENT_RECONNECT_MIN_DELAY;

  /* Compared before doubling, so that no delay can overflow. */
  if (delay >= TC_CLIENT_RECONNECT_MAX_DELAY / 2)
    return TC_CLIENT_RECONNECT_MAX_DELAY;

  return delay * 2;
}

static void
schedule_reconnect (TcClient *self)
{
  GSource *source;

  if (!self->auto_reconnect || self->host == NULL)
    return;

  tc_source_clear (&self->reconnect_source);
  set_reconnect_in (self, self->reconnect_delay);
  self->reconnect_delay = tc_client_next_reconnect_delay (self->reconnect_delay);

  source = g_timeout_source_new_seconds (1);
  g_source_set_callback (source, on_reconnect_tick, self, NULL);
  g_source_set_static_name (source, "[tcpchat] reconnect countdown");
  g_source_attach (source, g_main_context_get_thread_default ());
  self->reconnect_source = source;
}

/* The connection */

/* The connection's hook, not its signal: one emission per line, not two. */
static void
on_connection_line (TcConnection *connection,
                    const TcMessage *line,
                    gpointer      user_data)
{
  TcClient *self = user_data;

  if (self->line_func != NULL)
    self->line_func (self, line, self->line_func_data);
  g_signal_emit (self, signals[LINE_RECEIVED], 0, line);
}

static void
on_connection_state (TcConnection *connection,
                     GParamSpec   *pspec,
                     TcClient     *self)
{
  TcSocketState state = tc_connection_get_state (connection);

  /* Unconnected comes with closed, handled there. */
  if (state != TC_SOCKET_STATE_UNCONNECTED)
    set_state (self, state);
}

static void
on_connection_closed (TcConnection *connection,
                      GError       *reason,
                      TcClient     *self)
{
  g_autoptr(TcConnection) hold = g_steal_pointer (&self->connection);

  g_signal_handlers_disconnect_by_data (connection, self);
  tc_connection_set_line_func (connection, NULL, NULL);
  set_state (self, TC_SOCKET_STATE_UNCONNECTED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);
  g_signal_emit (self, signals[DISCONNECTED], 0, reason);

  if (!g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE))
    schedule_reconnect (self);
}

/* Connecting */

static void
on_socket_client_event (GSocketClient      *socket_client,
                        GSocketClientEvent  event,
                        GSocketConnectable *connectable,
                        GIOStream          *connection,
                        TcClient           *self)
{
  switch (event)
    {
    case G_SOCKET_CLIENT_RESOLVING:
      set_state (self, TC_SOCKET_STATE_HOST_LOOKUP);
      break;
    case G_SOCKET_CLIENT_CONNECTING:
      set_state (self, TC_SOCKET_STATE_CONNECTING);
      break;
    default:
      break;
    }
}

static GError *
explain_connect_error (TcClient     *self,
                       const GError *error)
{
  g_autofree char *where = tc_address_format (self->host, self->port);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->connect_deadline.expired)
    return g_error_new (TC_ERROR, TC_ERROR_TIMED_OUT,
                        _("Timed out: %s did not answer within %.1f s"), where,
                        self->connect_timeout_ms / 1000.0);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_new (TC_ERROR, TC_ERROR_CANCELLED, _("Connecting to %s was cancelled"), where);

  if (error->domain == G_RESOLVER_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND))
    return g_error_new (TC_ERROR, TC_ERROR_RESOLVE_FAILED,
                        _("Could not resolve host \"%s\": check the name, or use an IP address"),
                        self->host);

  return tc_error_from_io_error (error, where);
}

/* The caller's cancellable was for the attempt, not the connection. */
static void
end_attempt (TcClient *self)
{
  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
      g_clear_object (&self->caller_cancellable);
    }

  tc_deadline_stop (&self->connect_deadline);
  g_clear_object (&self->cancellable);
}

static void
attempt_failed (TcClient *self,
                GTask    *task,
                GError   *reason)
{
  g_autoptr(GTask) owned = task;
  gboolean retrying = self->retrying;

  set_state (self, TC_SOCKET_STATE_UNCONNECTED);
  g_signal_emit (self, signals[CONNECT_FAILED], 0, reason);

  if (retrying && !g_error_matches (reason, TC_ERROR, TC_ERROR_CANCELLED))
    schedule_reconnect (self);

  g_task_return_error (task, reason);
}

static void
connection_ready (TcClient  *self,
                  GTask     *task,
                  GIOStream *stream)
{
  g_autoptr(GTask) owned = task;

  self->retrying = FALSE;
  self->reconnect_delay = TC_CLIENT_RECONNECT_MIN_DELAY;
  self->connection = tc_connection_settings_open (&self->settings, self->framing, stream);
  tc_connection_set_line_func (self->connection, on_connection_line, self);
  g_signal_connect (self->connection, "notify::state", G_CALLBACK (on_connection_state), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_connection_closed), self);

  set_state (self, TC_SOCKET_STATE_CONNECTED);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTION]);

  /* A handler may already have disconnected. */
  if (self->connection != NULL)
    {
      tc_connection_start (self->connection);
      g_task_return_pointer (task, g_object_ref (self->connection), g_object_unref);
    }
  else
    {
      g_task_return_new_error (task, TC_ERROR, TC_ERROR_CANCELLED, _("Disconnected"));
    }
}

static void
on_handshaked (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcClient *self = g_task_get_source_object (task);
  g_autoptr(GIOStream) stream = NULL;
  GError *error = NULL;

  stream = tc_tls_handshake_finish (result, &error);
  g_set_object (&self->rejected_certificate, tc_tls_handshake_get_rejected_certificate (result));
  end_attempt (self);

  if (stream == NULL)
    attempt_failed (self, g_steal_pointer (&task), error);
  else
    connection_ready (self, g_steal_pointer (&task), stream);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcClient *self = g_task_get_source_object (task);
  g_autoptr(GSocketConnection) socket_connection = NULL;
  g_autoptr(GError) error = NULL;

  socket_connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);

  if (socket_connection == NULL)
    {
      GError *reason = explain_connect_error (self, error);

      end_attempt (self);
      attempt_failed (self, g_steal_pointer (&task), reason);
      return;
    }

  if (self->tls != NULL)
    {
      g_autoptr(GSocketConnectable) identity = g_network_address_new (self->host, self->port);
      g_autofree char *where = tc_address_format (self->host, self->port);

      /* The handshake has its own timeout; the attempt's cancellable still
       * ends it on disconnect. */
      tc_deadline_stop (&self->connect_deadline);
      set_state (self, TC_SOCKET_STATE_HANDSHAKING);
      tc_tls_handshake_async (G_IO_STREAM (socket_connection), self->tls, identity, where,
                              self->settings.io_priority, self->cancellable, on_handshaked,
                              g_steal_pointer (&task));
      return;
    }

  end_attempt (self);
  connection_ready (self, g_steal_pointer (&task), G_IO_STREAM (socket_connection));
}

static void
start_attempt (TcClient *self,
               GTask    *task)
{
  g_autoptr(GSocketConnectable) address = NULL;

  if (task == NULL)
    task = g_task_new (self, NULL, NULL, NULL);

  g_assert (self->cancellable == NULL);
  self->cancellable = g_cancellable_new ();
  g_clear_object (&self->rejected_certificate);

  set_state (self, TC_SOCKET_STATE_HOST_LOOKUP);

  /* Not g_socket_client_set_timeout(), which would also end a connection
   * that is merely quiet. */
  tc_deadline_start (&self->connect_deadline, self->connect_timeout_ms, self->cancellable,
                     "[tcpchat] connect timeout");

  address = g_network_address_new (self->host, self->port);
  g_socket_client_connect_async (self->socket_client, address, self->cancellable,
                                 on_connected, task);
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     TcClient     *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* GObject */

static void
tc_client_dispose (GObject *object)
{
  TcClient *self = TC_CLIENT (object);

  stop_reconnecting (self);
  tc_deadline_stop (&self->connect_deadline);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->caller_cancellable != NULL)
    g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
  g_clear_object (&self->caller_cancellable);

  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      tc_connection_set_line_func (self->connection, NULL, NULL);
      g_clear_object (&self->connection);
    }

  if (self->socket_client != NULL)
    g_signal_handlers_disconnect_by_data (self->socket_client, self);
  g_clear_object (&self->socket_client);

  G_OBJECT_CLASS (tc_client_parent_class)->dispose (object);
}

static void
tc_client_finalize (GObject *object)
{
  TcClient *self = TC_CLIENT (object);

  g_free (self->host);
  tc_framing_unref (self->framing);
  g_clear_pointer (&self->tls, tc_tls_config_unref);
  g_clear_object (&self->rejected_certificate);

  G_OBJECT_CLASS (tc_client_parent_class)->finalize (object);
}

static void
tc_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TcClient *self = TC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_CONNECTION:
      g_value_set_object (value, self->connection);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_MAX_LINE:
      g_value_set_uint64 (value, self->settings.max_line);
      break;
    case PROP_FRAMING:
      g_value_set_boxed (value, self->framing);
      break;
    case PROP_SEND_TIMEOUT:
      g_value_set_uint (value, self->settings.stall_timeout_ms);
      break;
    case PROP_AUTO_RECONNECT:
      g_value_set_boolean (value, self->auto_reconnect);
      break;
    case PROP_RECONNECT_IN:
      g_value_set_uint (value, self->reconnect_in);
      break;
    case PROP_IO_PRIORITY:
      g_value_set_int (value, self->settings.io_priority);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TcClient *self = TC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_CONNECT_TIMEOUT:
      tc_client_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_MAX_LINE:
      tc_client_set_max_line (self, g_value_get_uint64 (value));
      break;
    case PROP_FRAMING:
      tc_client_set_framing (self, g_value_get_boxed (value));
      break;
    case PROP_SEND_TIMEOUT:
      tc_client_set_send_timeout (self, g_value_get_uint (value));
      break;
    case PROP_AUTO_RECONNECT:
      tc_client_set_auto_reconnect (self, g_value_get_boolean (value));
      break;
    case PROP_IO_PRIORITY:
      tc_client_set_io_priority (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_client_class_init (TcClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = tc_client_dispose;
  object_class->finalize = tc_client_finalize;
  object_class->get_property = tc_client_get_property;
  object_class->set_property = tc_client_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TC_TYPE_SOCKET_STATE,
                       TC_SOCKET_STATE_UNCONNECTED, ro);
  properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, ro);
  properties[PROP_PORT] = g_param_spec_uint ("port", NULL, NULL, 0, 65535, 0, ro);
  properties[PROP_CONNECTION] =
    g_param_spec_object ("connection", NULL, NULL, TC_TYPE_CONNECTION, ro);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 1, G_MAXUINT,
                       TC_CLIENT_DEFAULT_CONNECT_TIMEOUT, rw);
  properties[PROP_MAX_LINE] =
    g_param_spec_uint64 ("max-line", NULL, NULL, 1, G_MAXSIZE,
                         TC_LINE_FRAMER_DEFAULT_MAX_LINE, rw);
  /* How the next connection cuts and wraps messages; NULL sets lines. */
  properties[PROP_FRAMING] =
    g_param_spec_boxed ("framing", NULL, NULL, TC_TYPE_FRAMING, rw);
  properties[PROP_SEND_TIMEOUT] =
    g_param_spec_uint ("send-timeout", NULL, NULL, 0, G_MAXUINT, 0, rw);
  properties[PROP_AUTO_RECONNECT] =
    g_param_spec_boolean ("auto-reconnect", NULL, NULL, FALSE, rw);
  properties[PROP_RECONNECT_IN] =
    g_param_spec_uint ("reconnect-in", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_IO_PRIORITY] =
    g_param_spec_int ("io-priority", NULL, NULL, G_MININT, G_MAXINT, G_PRIORITY_DEFAULT, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONNECT_FAILED] =
    g_signal_new ("connect-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[LINE_RECEIVED] = tc_message_signal_new ("line-received", G_TYPE_FROM_CLASS (klass));
}

static void
tc_client_init (TcClient *self)
{
  self->socket_client = g_socket_client_new ();
  /* A line tool talks to the device it names: a desktop's HTTP proxy would
   * turn the connection into a CONNECT request through it, which most
   * proxies refuse for anything but HTTPS, and hide the real peer. */
  g_socket_client_set_enable_proxy (self->socket_client, FALSE);
  self->connect_timeout_ms = TC_CLIENT_DEFAULT_CONNECT_TIMEOUT;
  self->framing = tc_framing_new_lines ();
  self->reconnect_delay = TC_CLIENT_RECONNECT_MIN_DELAY;
  /* A server slow to read is waited for (what is sent waits in the
   * queue, and the headless mode stops reading its input): only a timeout
   * the user chose ends the connection. The queue holds only what the
   * user sent, so its cap is generous.
   */
  tc_connection_settings_init (&self->settings);
  self->settings.max_unsent = TC_CLIENT_MAX_UNSENT;
  self->settings.stall_timeout_ms = 0;

  g_signal_connect (self->socket_client, "event", G_CALLBACK (on_socket_client_event), self);
}

/* Public API */

TcClient *
tc_client_new (void)
{
  return g_object_new (TC_TYPE_CLIENT, NULL);
}

/**
 * tc_client_connect_async:
 * @host: a host name or an IP literal (IPv6 without brackets)
 * @port: the server's port
 *
 * Connects, with #TcClient:state following each step. The attempt ends
 * with #TcClient::connected or #TcClient::connect-failed, then @callback.
 * Cancelling @cancellable or tc_client_disconnect() ends it early.
 */
void
tc_client_connect_async (TcClient            *self,
                         const char          *host,
                         guint16              port,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TC_IS_CLIENT (self));
  g_return_if_fail (host != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, (gpointer) connect_source_tag);
  g_task_set_name (task, connect_source_tag);

  if (self->state != TC_SOCKET_STATE_UNCONNECTED)
    {
      g_task_return_new_error (task, TC_ERROR, TC_ERROR_FAILED,
                               _("Already connected or connecting: disconnect first"));
      return;
    }

  if (!tc_host_validate (host, &error))
    {
      g_signal_emit (self, signals[CONNECT_FAILED], 0, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (port == 0)
    {
      error = g_error_new_literal (TC_ERROR, TC_ERROR_INVALID_PORT,
                                   _("Port 0 cannot be connected to: give a port from 1 to 65535"));
      g_signal_emit (self, signals[CONNECT_FAILED], 0, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  stop_reconnecting (self);
  self->reconnect_delay = TC_CLIENT_RECONNECT_MIN_DELAY;

  if (g_strcmp0 (self->host, host) != 0)
    {
      g_free (self->host);
      self->host = g_strdup (host);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOST]);
    }
  if (self->port != port)
    {
      self->port = port;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }

  start_attempt (self, g_steal_pointer (&task));

  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (on_caller_cancelled),
                                                         self, NULL);
    }
}

TcConnection *
tc_client_connect_finish (TcClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == connect_source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Connects, reporting only through signals and properties. */
void
tc_client_connect (TcClient   *self,
                   const char *host,
                   guint16     port)
{
  tc_client_connect_async (self, host, port, NULL, NULL, NULL);
}

/**
 * tc_client_disconnect:
 *
 * Cancels an attempt under way, stops a reconnect countdown, or closes
 * the connection after sending what is queued.
 */
void
tc_client_disconnect (TcClient *self)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  stop_reconnecting (self);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else if (self->connection != NULL)
    tc_connection_close (self->connection);
}

TcSocketState
tc_client_get_state (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), TC_SOCKET_STATE_UNCONNECTED);

  return self->state;
}

/* Returns: (nullable) (transfer none): the connection, while there is one */
TcConnection *
tc_client_get_connection (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);

  return self->connection;
}

const char *
tc_client_get_host (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);

  return self->host;
}

guint16
tc_client_get_port (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), 0);

  return self->port;
}

guint
tc_client_get_connect_timeout (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), 0);

  return self->connect_timeout_ms;
}

void
tc_client_set_connect_timeout (TcClient *self,
                               guint     timeout_ms)
{
  g_return_if_fail (TC_IS_CLIENT (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->connect_timeout_ms == timeout_ms)
    return;

  self->connect_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

/**
 * tc_client_get_framing:
 * @self: a #TcClient
 *
 * Returns: (transfer none): the framing of the connections made from now on
 */
TcFraming *
tc_client_get_framing (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);

  return self->framing;
}

/**
 * tc_client_set_framing:
 * @self: a #TcClient
 * @framing: (nullable): how messages are cut and wrapped; NULL for lines
 *
 * Applies to the next connection: one under way keeps the framing it was
 * made with, as its peer expects.
 */
void
tc_client_set_framing (TcClient  *self,
                       TcFraming *framing)
{
  g_autoptr(TcFraming) new_framing = NULL;

  g_return_if_fail (TC_IS_CLIENT (self));

  new_framing = framing != NULL ? tc_framing_ref (framing) : tc_framing_new_lines ();
  if (tc_framing_equal (self->framing, new_framing))
    return;

  tc_framing_unref (self->framing);
  self->framing = g_steal_pointer (&new_framing);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRAMING]);
}

gsize
tc_client_get_max_line (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), 0);

  return self->settings.max_line;
}

void
tc_client_set_max_line (TcClient *self,
                        gsize     max_line)
{
  g_return_if_fail (TC_IS_CLIENT (self));
  g_return_if_fail (max_line > 0);

  if (self->settings.max_line == max_line)
    return;

  self->settings.max_line = max_line;
  if (self->connection != NULL)
    tc_connection_set_max_line (self->connection, max_line);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LINE]);
}

int
tc_client_get_io_priority (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), G_PRIORITY_DEFAULT);

  return self->settings.io_priority;
}

/* The priority of reading from the server, now and on every connection
 * from now on: see tc_connection_set_io_priority(). A window reads below
 * redrawing.
 */
void
tc_client_set_io_priority (TcClient *self,
                           int       io_priority)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  if (self->settings.io_priority == io_priority)
    return;

  self->settings.io_priority = io_priority;
  if (self->connection != NULL)
    tc_connection_set_io_priority (self->connection, io_priority);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IO_PRIORITY]);
}

/**
 * tc_client_set_line_func:
 * @func: (nullable): called for every line from the server, before
 *   #TcClient::line-received
 *
 * The owner's hook for the lines of every connection, as
 * tc_server_set_line_func() is for a server: no signal emission per line.
 */
void
tc_client_set_line_func (TcClient         *self,
                         TcClientLineFunc  func,
                         gpointer          user_data)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  self->line_func = func;
  self->line_func_data = user_data;
}

gboolean
tc_client_get_auto_reconnect (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), FALSE);

  return self->auto_reconnect;
}

/* After a lost connection, try again after 1 s, doubling up to 30 s. */
void
tc_client_set_auto_reconnect (TcClient *self,
                              gboolean  auto_reconnect)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  auto_reconnect = !!auto_reconnect;
  if (self->auto_reconnect == auto_reconnect)
    return;

  self->auto_reconnect = auto_reconnect;
  if (!auto_reconnect)
    stop_reconnecting (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RECONNECT]);
}

/* Seconds before the next reconnection attempt, or 0 when none is due. */
guint
tc_client_get_reconnect_in (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), 0);

  return self->reconnect_in;
}

gboolean
tc_client_send_line (TcClient    *self,
                     const char  *text,
                     gssize       len,
                     GError     **error)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->connection == NULL)
    {
      g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                           _("Not connected: connect to a server first"));
      return FALSE;
    }

  return tc_connection_send_line (self->connection, text, len, error);
}

guint
tc_client_get_send_timeout (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), 0);

  return self->settings.stall_timeout_ms;
}

/**
 * tc_client_set_send_timeout:
 * @timeout_ms: how long the server may take none of what is queued for it
 *   before the connection is closed as too slow; 0 (the default) waits
 *   for ever
 *
 * Applies from the next connection on.
 */
void
tc_client_set_send_timeout (TcClient *self,
                            guint     timeout_ms)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  if (self->settings.stall_timeout_ms == timeout_ms)
    return;

  self->settings.stall_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEND_TIMEOUT]);
}

/**
 * tc_client_set_tls:
 * @tls: (nullable): what to trust and present, or %NULL for plain TCP
 *
 * Applies from the next connection on: after TCP connects, the state is
 * HANDSHAKING until the TLS handshake is done, and a failed one is
 * #TcClient::connect-failed with the cause (untrusted certificate, pin
 * mismatch, not TLS, handshake timeout).
 */
void
tc_client_set_tls (TcClient    *self,
                   TcTlsConfig *tls)
{
  g_return_if_fail (TC_IS_CLIENT (self));

  if (self->tls == tls)
    return;

  g_clear_pointer (&self->tls, tc_tls_config_unref);
  self->tls = tls != NULL ? tc_tls_config_ref (tls) : NULL;
}

/* Returns: (nullable) (transfer none): the TLS configuration, or %NULL */
TcTlsConfig *
tc_client_get_tls (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);

  return self->tls;
}

/**
 * tc_client_get_rejected_certificate:
 *
 * Returns: (nullable) (transfer none): the server's certificate when the
 *   last attempt failed because it was not trusted or not the pinned one;
 *   %NULL otherwise, and again once a new attempt starts
 */
GTlsCertificate *
tc_client_get_rejected_certificate (TcClient *self)
{
  g_return_val_if_fail (TC_IS_CLIENT (self), NULL);

  return self->rejected_certificate;
}
