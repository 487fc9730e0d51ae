/* tc-session.c: a server or a client as one stream of events, one way to send and a list of peers
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-session.h"

#include "tc-address.h"
#include "tc-common-enums.h"
#include "tc-error.h"
#include "tc-framing.h"
#include "tc-line-framer.h"
#include "tc-send-feed.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

/* The session turns what the server or the client says, in signals,
 * notifications and line hooks, into events, and words each of them once:
 * every window and headless mode shows the same sentence.
 */

typedef struct
{
  TcSessionEventFunc func;  /* NULL once removed during a delivery */
  gpointer           data;
  guint              kinds;   /* of TC_SESSION_EVENT_KIND () */
} Hook;

/* What a held session keeps for one peer until released. */
typedef struct
{
  TcConnection *connection;
  GByteArray   *bytes;
  guint         n_messages;
} Held;

struct _TcSession
{
  GObject        parent_instance;

  TcServer      *server;
  TcClient      *client;
  GListStore    *client_peers;  /* the client's connection, while it has one */
  TcConnection  *client_peer;   /* the same, kept until its end is told */

  GArray        *hooks;
  guint          wanted;        /* the kinds some hook is called for */
  guint          delivering;
  gboolean       hooks_removed;

  TcSocketState  state;
  guint          n_peers;
  guint          reconnect_in;
  gsize          max_queued;
  TcLineEnding   line_ending;
  const char    *ending;        /* its bytes, looked up once */
  gsize          ending_len;

  GByteArray    *scratch;       /* the message being framed */
  guint          holds;
  GPtrArray     *held;          /* of Held, in order of first message */
  GHashTable    *held_by_peer;  /* TcConnection -> Held */
  Held          *held_last;     /* the one the last message went to */
  gint64         held_time_us;  /* when the hold sent its first message */
};

enum
{
  PROP_0,
  PROP_SERVER,
  PROP_CLIENT,
  PROP_STATE,
  PROP_N_PEERS,
  PROP_PEERS,
  PROP_MAX_QUEUED,
  PROP_LINE_ENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TcSession, tc_session, G_TYPE_OBJECT)

/* Delivery */

static void
deliver (TcSession     *self,
         const TcEvent *event)
{
  /* Hooks added during a delivery wait for the next event. */
  guint n = self->hooks->len;

  self->delivering++;
  for (guint i = 0; i < n; i++)
    {
      Hook hook = g_array_index (self->hooks, Hook, i);

      if (hook.func != NULL && (hook.kinds & TC_SESSION_EVENT_KIND (event->kind)))
        hook.func (self, event, hook.data);
    }
  self->delivering--;

  if (self->delivering == 0 && self->hooks_removed)
    {
      for (guint i = self->hooks->len; i-- > 0;)
        if (g_array_index (self->hooks, Hook, i).func == NULL)
          g_array_remove_index (self->hooks, i);
      self->hooks_removed = FALSE;
    }
}

static void
deliver_simple (TcSession     *self,
                TcEventKind    kind,
                TcConnection  *connection,
                const char    *peer,
                const GError  *error,
                gboolean       failure,
                const char    *text)
{
  TcEvent event = { 0 };

  event.kind = kind;
  event.failure = failure;
  event.time_us = g_get_real_time ();
  event.connection = connection;
  event.peer = peer != NULL || connection == NULL ? peer
                                                  : tc_connection_get_peer_label (connection);
  event.state = self->state;
  event.error = error;
  event.text = text;
  deliver (self, &event);
}

static void
deliver_message (TcSession     *self,
                 TcEventKind    kind,
                 TcConnection  *connection,
                 const TcMessage  *message)
{
  g_autofree char *text = NULL;
  TcEvent event = { 0 };

  event.kind = kind;
  event.time_us = message->time_us;
  event.connection = connection;
  event.peer = connection != NULL ? tc_connection_get_peer_label (connection) : NULL;
  event.message = message;
  event.state = self->state;

  if (kind == TC_EVENT_RECEIVED && (message->flags & TC_MESSAGE_FLAG_TRUNCATED))
    event.failure = TRUE;
  if (event.failure)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Line too long: kept the first %zu byte, dropped %" PRIu64,
                                         "Line too long: kept the first %zu bytes, dropped %" PRIu64,
                                         message->len),
                            message->len, message->discarded);
  event.text = text;

  deliver (self, &event);
}

/* The state in words: what the status bar says and the log tells. */
static char *
describe_state (TcSession     *self,
                TcSocketState  state)
{
  if (self->server != NULL)
    {
      if (state == TC_SOCKET_STATE_LISTENING)
        return g_strdup_printf (_("Listening on %s"), tc_server_get_listen_label (self->server));
      return g_strdup (_("Stopped listening"));
    }

  switch (state)
    {
    case TC_SOCKET_STATE_HOST_LOOKUP:
      return g_strdup_printf (_("Looking up %s"), tc_client_get_host (self->client));
    case TC_SOCKET_STATE_CONNECTING:
      {
        g_autofree char *target = tc_address_format (tc_client_get_host (self->client),
                                                     tc_client_get_port (self->client));

        return g_strdup_printf (_("Connecting to %s"), target);
      }
    case TC_SOCKET_STATE_HANDSHAKING:
      {
        g_autofree char *target = tc_address_format (tc_client_get_host (self->client),
                                                     tc_client_get_port (self->client));

        return g_strdup_printf (_("TLS handshake with %s"), target);
      }
    case TC_SOCKET_STATE_CONNECTED:
      {
        TcConnection *connection = tc_client_get_connection (self->client);

        g_autofree char *tls = connection != NULL
                                ? tc_connection_get_tls_description (connection) : NULL;

        /* TRANSLATORS: the first %s is the local address, the second "TLS 1.3, <cipher suite>" */
        if (tls != NULL)
          return g_strdup_printf (_("Connected from %s over %s"),
                                  tc_connection_get_local_label (connection), tls);
        if (connection != NULL)
          return g_strdup_printf (_("Connected from %s"),
                                  tc_connection_get_local_label (connection));
        return g_strdup (_("Connected"));
      }
    case TC_SOCKET_STATE_CLOSING:
      return g_strdup (_("Closing the connection"));
    case TC_SOCKET_STATE_UNCONNECTED:
    case TC_SOCKET_STATE_BOUND:
    case TC_SOCKET_STATE_LISTENING:
    default:
      return g_strdup (_("Not connected"));
    }
}

/* Who ended a connection, in words: the person, the peer (whose own
 * words already name it), or what went wrong. A close by either side is
 * an ordinary end, not a failure. */
static char *
describe_close (const GError *reason,
                gboolean     *failure)
{
  *failure = FALSE;
  if (reason == NULL || g_error_matches (reason, TC_ERROR, TC_ERROR_LOCAL_CLOSE))
    return g_strdup (_("Disconnected by you"));
  if (g_error_matches (reason, TC_ERROR, TC_ERROR_PEER_CLOSED))
    return g_strdup (reason->message);

  *failure = !g_error_matches (reason, TC_ERROR, TC_ERROR_SERVER_STOPPED);
  return g_strdup_printf (_("Disconnected: %s"), reason->message);
}

static void
set_state (TcSession     *self,
           TcSocketState  state)
{
  g_autofree char *text = NULL;

  if (state == self->state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  text = describe_state (self, state);
  deliver_simple (self, TC_EVENT_STATE, NULL, NULL, NULL, FALSE, text);
}

static void
set_n_peers (TcSession *self,
             guint      n_peers)
{
  if (n_peers == self->n_peers)
    return;

  self->n_peers = n_peers;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PEERS]);
}

/* The server's side */

static void
server_state_cb (TcServer   *server,
                 GParamSpec *pspec,
                 TcSession  *self)
{
  set_state (self, tc_server_get_state (server));
}

static void
server_n_clients_cb (TcServer   *server,
                     GParamSpec *pspec,
                     TcSession  *self)
{
  set_n_peers (self, tc_server_get_n_clients (server));
}

static void
server_client_connected_cb (TcServer     *server,
                            TcConnection *client,
                            TcSession    *self)
{
  deliver_simple (self, TC_EVENT_PEER_CONNECTED, client, NULL, NULL, FALSE,
                  _("Client connected"));
}

static void
server_client_disconnected_cb (TcServer     *server,
                               TcConnection *client,
                               const GError *reason,
                               TcSession    *self)
{
  gboolean failure;
  /* A client leaving, or sent away, is the server's everyday business. */
  g_autofree char *text = describe_close (reason, &failure);

  deliver_simple (self, TC_EVENT_PEER_CLOSED, client, NULL, reason, failure, text);
}

static void
server_client_rejected_cb (TcServer     *server,
                           const char   *peer,
                           const GError *reason,
                           TcSession    *self)
{
  g_autofree char *text = NULL;

  /* The server's own words name the client and the limit ("Refused
   * 127.0.0.1:5001: the server already has 2 clients, its limit"): said
   * once, not wrapped in a second "Refused". */
  if (reason != NULL && g_error_matches (reason, TC_ERROR, TC_ERROR_SERVER_FULL))
    text = g_strdup (reason->message);
  else
    text = g_strdup_printf (_("Refused a client: %s"),
                            reason != NULL ? reason->message : _("unknown reason"));
  deliver_simple (self, TC_EVENT_PEER_REFUSED, NULL, peer, reason, TRUE, text);
}

/* Out of descriptors: said once when accepting pauses and once when it
 * resumes by itself. */
static void
server_accept_error_cb (TcServer   *server,
                        GParamSpec *pspec,
                        TcSession  *self)
{
  const GError *error = tc_server_get_accept_error (server);

  if (error != NULL)
    deliver_simple (self, TC_EVENT_ERROR, NULL, NULL, error, TRUE, error->message);
  else if (tc_server_is_listening (server))
    deliver_simple (self, TC_EVENT_INFO, NULL, NULL, NULL, FALSE,
                    _("New connections are accepted again"));
}

static void
server_line_cb (TcServer     *server,
                TcConnection *client,
                const TcMessage *line,
                gpointer      user_data)
{
  deliver_message (user_data, TC_EVENT_RECEIVED, client, line);
}

/* The client's side */

static void
client_state_cb (TcClient   *client,
                 GParamSpec *pspec,
                 TcSession  *self)
{
  set_state (self, tc_client_get_state (client));
}

static void
client_connection_cb (TcClient   *client,
                      GParamSpec *pspec,
                      TcSession  *self)
{
  TcConnection *connection = tc_client_get_connection (client);
  g_autofree char *text = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->client_peers)) > 0)
    g_list_store_remove_all (self->client_peers);
  if (connection == NULL)
    {
      set_n_peers (self, 0);
      return;
    }

  /* A connection that ended without a word goes without one. */
  g_set_object (&self->client_peer, connection);
  g_list_store_append (self->client_peers, connection);
  set_n_peers (self, 1);

  text = g_strdup_printf (_("Connected to %s"), tc_connection_get_peer_label (connection));
  deliver_simple (self, TC_EVENT_PEER_CONNECTED, connection, NULL, NULL, FALSE, text);
}

static void
client_disconnected_cb (TcClient     *client,
                        const GError *reason,
                        TcSession    *self)
{
  g_autoptr(TcConnection) connection = g_steal_pointer (&self->client_peer);
  gboolean failure;
  g_autofree char *text = describe_close (reason, &failure);

  /* A client's own failures are said as they are, without a prefix. */
  deliver_simple (self, TC_EVENT_PEER_CLOSED, connection, NULL, reason, failure,
                  failure ? reason->message : text);
}

static void
client_connect_failed_cb (TcClient     *client,
                          const GError *error,
                          TcSession    *self)
{
  /* Cancelled by the person: worth a line, not an error. */
  gboolean cancelled = g_error_matches (error, TC_ERROR, TC_ERROR_CANCELLED);

  deliver_simple (self, cancelled ? TC_EVENT_INFO : TC_EVENT_ERROR, NULL, NULL, error, !cancelled,
                  error->message);
}

/* A countdown is said once when it starts, and once more if it ends
 * because auto-reconnect was turned off; each tick is only a notification. */
static void
client_reconnect_in_cb (TcClient   *client,
                        GParamSpec *pspec,
                        TcSession  *self)
{
  guint reconnect_in = tc_client_get_reconnect_in (client);
  guint before = self->reconnect_in;

  self->reconnect_in = reconnect_in;
  if (reconnect_in > 0 && before == 0)
    {
      g_autofree char *target = tc_address_format (tc_client_get_host (client),
                                                   tc_client_get_port (client));
      g_autofree char *text = g_strdup_printf (_("Reconnecting to %s in %u s"), target,
                                               reconnect_in);

      deliver_simple (self, TC_EVENT_INFO, NULL, NULL, NULL, FALSE, text);
    }
  else if (reconnect_in == 0 && before > 0 && !tc_client_get_auto_reconnect (client))
    {
      deliver_simple (self, TC_EVENT_INFO, NULL, NULL, NULL, FALSE,
                      _("Auto-reconnect is off: stopped reconnecting"));
    }
}

static void
client_line_cb (TcClient     *client,
                const TcMessage *line,
                gpointer      user_data)
{
  TcSession *self = user_data;

  deliver_message (self, TC_EVENT_RECEIVED, tc_client_get_connection (client), line);
}

/* Sending */

static void
held_free (Held *held)
{
  g_object_unref (held->connection);
  if (held->bytes != NULL)
    g_byte_array_unref (held->bytes);
  g_free (held);
}

/* The SENT event: the message as given, then what the framer put after
 * it, so that the two are the bytes on the wire. A framing that puts
 * something before the message gives the whole frame as the bytes and no
 * terminator. */
static void
deliver_sent (TcSession     *self,
              TcConnection  *connection,
              const char    *data,
              gsize          len,
              const guint8  *wire,
              gsize          wire_len,
              gint64         time_us)
{
  TcMessage line = { 0 };

  /* A file piped in sends a message per line: no event for nobody. */
  if (!(self->wanted & TC_SESSION_EVENT_KIND (TC_EVENT_SENT)))
    return;

  line.time_us = time_us;
  line.data = (const char *) wire;
  /* A terminator the flags cannot tell ("\r", a delimiter) stays in the
   * data, so that the entry is the bytes on the wire. */
  if (wire_len >= len && (len == 0 || memcmp (wire, data, len) == 0) &&
      (wire_len - len == 0 ||
       (wire_len - len == 1 && wire[len] == '\n') ||
       (wire_len - len == 2 && wire[len] == '\r' && wire[len + 1] == '\n')))
    {
      line.len = len;
      line.terminator = (const char *) wire + len;
      line.terminator_len = wire_len - len;
    }
  else
    {
      line.len = wire_len;
      line.terminator = "";
    }
  if (line.terminator_len == 0)
    line.flags |= TC_MESSAGE_FLAG_NO_TERMINATOR;
  else if (line.terminator_len == 2 && memcmp (line.terminator, "\r\n", 2) == 0)
    line.flags |= TC_MESSAGE_FLAG_CRLF;

  deliver_message (self, TC_EVENT_SENT, connection, &line);
}

/* A line ends as the session says; every other framing as its framer
 * does (a delimiter, a length prefix, a size check). */
static gboolean
encode_into (TcSession     *self,
             TcFramer      *framer,
             GByteArray    *out,
             const char    *data,
             gsize          len,
             GError       **error)
{
  GOutputVector part = { data, len };

  if (!TC_IS_LINE_FRAMER (framer))
    return tc_framer_encode_into (framer, out, data, len, error);

  /* Lines end as the session says, "\n" by default: framed here in one
   * step, as a file piped in sends a message per line. */
  return tc_framer_append_framed (out, NULL, 0, &part, 1, self->ending, self->ending_len);
}

/* The message framed once for the peers of @framer's framing: into the
 * scratch buffer while held (each peer's buffer copies it), else into
 * bytes that every peer's queue shares. */
static gboolean
frame_message (TcSession     *self,
               TcFramer      *framer,
               const char    *data,
               gsize          len,
               GBytes       **wire,
               const guint8 **wire_data,
               gsize         *wire_len,
               GError       **error)
{
  g_autoptr(GByteArray) framed = NULL;

  if (self->holds > 0)
    {
      g_byte_array_set_size (self->scratch, 0);
      if (!encode_into (self, framer, self->scratch, data, len, error))
        return FALSE;
      *wire_data = self->scratch->data;
      *wire_len = self->scratch->len;
      return TRUE;
    }

  framed = g_byte_array_sized_new ((guint) MIN (len + 2, G_MAXUINT));
  if (!encode_into (self, framer, framed, data, len, error))
    return FALSE;
  g_clear_pointer (wire, g_bytes_unref);
  *wire = g_byte_array_free_to_bytes (g_steal_pointer (&framed));
  *wire_data = g_bytes_get_data (*wire, wire_len);
  return TRUE;
}

static gboolean
send_one (TcSession     *self,
          TcConnection  *connection,
          GBytes        *wire,
          guint          n_messages,
          GError       **error)
{
  if (self->client != NULL && self->max_queued > 0)
    return tc_send_feed_bytes (connection, wire, self->max_queued, error);
  return tc_connection_send_bytes (connection, wire, n_messages, error);
}

/* While held, a message is added to its peer's buffer: one write later
 * for many messages. */
/* The buffer a held message for @connection goes to. */
static Held *
held_for (TcSession    *self,
          TcConnection *connection)
{
  Held *held;

  /* Mostly the same peer as the message before. */
  held = self->held_last;
  if (held == NULL || held->connection != connection)
    held = g_hash_table_lookup (self->held_by_peer, connection);
  if (held == NULL)
    {
      held = g_new0 (Held, 1);
      held->connection = g_object_ref (connection);
      held->bytes = g_byte_array_new ();
      g_hash_table_insert (self->held_by_peer, connection, held);
      g_ptr_array_add (self->held, held);
    }
  self->held_last = held;

  return held;
}

/* The messages of one hold go out together, at one time: the clock read
 * per message showed in profiles of a file piped in. */
static gint64
held_time (TcSession *self)
{
  if (self->holds == 0)
    return g_get_real_time ();
  if (self->held_time_us == 0)
    self->held_time_us = g_get_real_time ();
  return self->held_time_us;
}

static gboolean
hold_one (TcSession     *self,
          TcConnection  *connection,
          const guint8  *wire,
          gsize          wire_len,
          GError       **error)
{
  Held *held;

  if (tc_connection_get_state (connection) != TC_SOCKET_STATE_CONNECTED)
    {
      g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                   _("Cannot send to %s: the connection is closed"),
                   tc_connection_get_peer_label (connection));
      return FALSE;
    }

  held = held_for (self, connection);
  g_byte_array_append (held->bytes, wire, (guint) wire_len);
  held->n_messages++;

  return TRUE;
}

/* While held, the message for one connected peer (a client's session) is
 * framed straight into that peer's buffer: no copy through the scratch
 * buffer, as a file piped in sends a message per line. */
static gboolean
hold_framed (TcSession     *self,
             TcConnection  *connection,
             TcFramer      *framer,
             const char    *data,
             gsize          len,
             GError       **error)
{
  Held *held = held_for (self, connection);
  guint start = held->bytes->len;

  if (!encode_into (self, framer, held->bytes, data, len, error))
    return FALSE;
  held->n_messages++;
  if (self->wanted & TC_SESSION_EVENT_KIND (TC_EVENT_SENT))
    deliver_sent (self, connection, data, len, held->bytes->data + start,
                  held->bytes->len - start, held_time (self));

  return TRUE;
}

/* The peers a send reaches, each with a reference: a hook may close one on
 * the way. One peer (a client's, or a target) takes no allocation: a file
 * piped into the headless client sends a message per line. Returns @one,
 * an array to g_free(), or NULL with @error when there is no peer. */
static TcConnection **
dup_targets (TcSession      *self,
             TcConnection   *target,
             TcConnection  **one,
             guint          *n_targets,
             GError        **error)
{
  TcConnection **targets = one;
  guint n = 0;

  if (self->client != NULL)
    {
      TcConnection *peer = tc_client_get_connection (self->client);

      if (peer != NULL && (target == NULL || target == peer))
        one[n++] = g_object_ref (peer);
    }
  else
    {
      GListModel *peers = G_LIST_MODEL (self->server);
      guint n_items = g_list_model_get_n_items (peers);

      if (target == NULL && n_items > 1)
        targets = g_new (TcConnection *, n_items);

      for (guint i = 0; i < n_items; i++)
        {
          TcConnection *peer = g_list_model_get_item (peers, i);

          if (target == NULL || peer == target)
            targets[n++] = peer;
          else
            g_object_unref (peer);
        }
    }

  *n_targets = n;
  if (n > 0)
    return targets;

  if (target != NULL)
    g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                 _("%s is no longer connected"), tc_connection_get_peer_label (target));
  else if (self->server != NULL)
    g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED, _("No client is connected"));
  else
    g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED, _("Not sent: not connected"));
  if (targets != one)
    g_free (targets);

  return NULL;
}

static void
free_targets (TcConnection **targets,
              guint          n_targets,
              TcConnection **one)
{
  for (guint i = 0; i < n_targets; i++)
    g_object_unref (targets[i]);
  if (targets != one)
    g_free (targets);
}

/* tc_session_send_data() to @target or every peer, a reference on each
 * while hooks run. */
static guint
send_to_targets (TcSession     *self,
                 TcConnection  *target,
                 const char    *data,
                 gsize          len,
                 GError       **error)
{
  g_autoptr(GBytes) wire = NULL;
  g_autoptr(GError) last_error = NULL;
  TcConnection *one[1];
  TcConnection **targets;
  guint n_targets;
  TcFramer *framer;
  const guint8 *wire_data;
  gsize wire_len;
  gint64 now;
  guint n_sent = 0;

  targets = dup_targets (self, target, one, &n_targets, error);
  if (targets == NULL)
    return 0;

  framer = tc_connection_get_framer (targets[n_targets - 1]);

  /* One buffer for all the peers of one framing: all of them, but after
   * the framing changed, when the peers from before keep theirs. */
  if (!frame_message (self, framer, data, len, &wire, &wire_data, &wire_len, error))
    goto out;

  now = held_time (self);

  /* Backwards, as the server's list is: the newest peers first. */
  for (guint i = n_targets; i-- > 0;)
    {
      TcFramer *peer_framer = tc_connection_get_framer (targets[i]);
      gboolean queued;

      g_clear_error (&last_error);
      if (peer_framer != framer &&
          !tc_framing_equal_or_null (tc_framing_get_for_framer (framer),
                                     tc_framing_get_for_framer (peer_framer)))
        {
          framer = peer_framer;
          if (!frame_message (self, framer, data, len, &wire, &wire_data, &wire_len,
                              &last_error))
            continue;
        }
      if (self->holds > 0)
        queued = hold_one (self, targets[i], wire_data, wire_len, &last_error);
      else
        queued = send_one (self, targets[i], wire, 1, &last_error);

      if (queued)
        {
          n_sent++;
          deliver_sent (self, targets[i], data, len, wire_data, wire_len, now);
        }
    }

  if (n_sent == 0 && (target != NULL || n_targets == 1))
    g_propagate_error (error, g_steal_pointer (&last_error));
  else if (n_sent == 0)
    g_set_error_literal (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                         _("No client could take the line: every connection is closing"));

out:
  free_targets (targets, n_targets, one);
  return n_sent;
}

/**
 * tc_session_send:
 * @target: (nullable): one peer, or %NULL for every peer
 * @message: the message, unframed: the connection's framer adds what the
 *   framing needs (with lines, a "\n" after it)
 *
 * Frames @message once and queues it for @target or every peer, a SENT
 * event for each peer it was queued for. A client session with max-queued
 * set hands a long message over as the connection drains; otherwise it is
 * queued whole. While the session is held (tc_session_hold()) it waits in
 * the session until released.
 *
 * Returns: how many peers it was queued for; 0 with @error when none
 */
guint
tc_session_send (TcSession     *self,
                 TcConnection  *target,
                 GBytes        *message,
                 GError       **error)
{
  const void *data;
  gsize len;

  g_return_val_if_fail (message != NULL, 0);

  data = g_bytes_get_data (message, &len);
  return tc_session_send_data (self, target, data, len, error);
}

/**
 * tc_session_send_data:
 * @target: (nullable): one peer, or %NULL for every peer
 * @data: (array length=len): the message, unframed, only read during the call
 * @len: its length
 *
 * tc_session_send() for bytes the caller holds: a program sending a
 * message per line of its input makes no #GBytes for each.
 *
 * Returns: how many peers it was queued for; 0 with @error when none
 */
guint
tc_session_send_data (TcSession     *self,
                      TcConnection  *target,
                      const void    *message_data,
                      gsize          message_len,
                      GError       **error)
{
  const char *data = message_data != NULL ? message_data : "";

  g_return_val_if_fail (TC_IS_SESSION (self), 0);
  g_return_val_if_fail (target == NULL || TC_IS_CONNECTION (target), 0);
  g_return_val_if_fail (message_data != NULL || message_len == 0, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* Held, a client's peer: its held buffer keeps it alive, so no list of
   * targets and no reference are needed. */
  if (self->holds > 0 && self->client != NULL)
    {
      TcConnection *peer = tc_client_get_connection (self->client);

      if (peer != NULL && (target == NULL || target == peer) &&
          tc_connection_get_state (peer) == TC_SOCKET_STATE_CONNECTED)
        return hold_framed (self, peer, tc_connection_get_framer (peer), data, message_len,
                            error);
    }

  return send_to_targets (self, target, data, message_len, error);
}

/**
 * tc_session_hold:
 *
 * Until the matching tc_session_release(), what is sent is kept in the
 * session, one buffer per peer, and queued on each connection at once on
 * release: a program sending many small messages (a file piped in) then
 * writes them in a few large writes. Holds nest. The SENT events come
 * when each message is sent, as always.
 */
void
tc_session_hold (TcSession *self)
{
  g_return_if_fail (TC_IS_SESSION (self));

  self->holds++;
}

/**
 * tc_session_release:
 *
 * Ends a hold; the last one queues what was kept.
 *
 * Returns: %FALSE with @error (the first failure) when a peer could not
 *   take what was kept for it; the others still got theirs
 */
gboolean
tc_session_release (TcSession  *self,
                    GError    **error)
{
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GError) first_error = NULL;

  g_return_val_if_fail (TC_IS_SESSION (self), FALSE);
  g_return_val_if_fail (self->holds > 0, FALSE);

  if (--self->holds > 0)
    return TRUE;
  self->held_last = NULL;
  self->held_time_us = 0;
  if (self->held->len == 0)
    return TRUE;

  /* Sending may run hooks that send again: those are not held. */
  held = g_steal_pointer (&self->held);
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) held_free);
  g_hash_table_remove_all (self->held_by_peer);

  for (guint i = 0; i < held->len; i++)
    {
      Held *one = g_ptr_array_index (held, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;

      /* A message that could not be framed left its peer nothing. */
      if (one->n_messages == 0)
        continue;
      bytes = g_byte_array_free_to_bytes (g_steal_pointer (&one->bytes));

      if (!send_one (self, one->connection, bytes, one->n_messages, &local_error) &&
          first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (first_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first_error));
      return FALSE;
    }
  return TRUE;
}

/* Hooks */

static void
update_wanted (TcSession *self)
{
  self->wanted = 0;
  for (guint i = 0; i < self->hooks->len; i++)
    {
      Hook *hook = &g_array_index (self->hooks, Hook, i);

      if (hook->func != NULL)
        self->wanted |= hook->kinds;
    }
}

/**
 * tc_session_add_event_func:
 * @func: called for every event, in the order hooks were added
 *
 * The same @func and @user_data may be added more than once; each is
 * called.
 */
void
tc_session_add_event_func (TcSession          *self,
                           TcSessionEventFunc  func,
                           gpointer            user_data)
{
  tc_session_add_event_func_for_kinds (self, G_MAXUINT, func, user_data);
}

/**
 * tc_session_add_event_func_for_kinds:
 * @kinds: the kinds of event @func is called for, TC_SESSION_EVENT_KIND ()
 *   of each or-ed together
 *
 * As tc_session_add_event_func(), for the kinds of event in @kinds only:
 * an event no hook is called for is not made at all (a SENT event per
 * line of a file piped in).
 */
void
tc_session_add_event_func_for_kinds (TcSession          *self,
                                     guint               kinds,
                                     TcSessionEventFunc  func,
                                     gpointer            user_data)
{
  Hook hook = { func, user_data, kinds };

  g_return_if_fail (TC_IS_SESSION (self));
  g_return_if_fail (func != NULL);

  g_array_append_val (self->hooks, hook);
  self->wanted |= kinds;
}

/* Removes the earliest hook with @func and @user_data; during a delivery
 * it is not called again, even for the event being delivered. */
void
tc_session_remove_event_func (TcSession          *self,
                              TcSessionEventFunc  func,
                              gpointer            user_data)
{
  g_return_if_fail (TC_IS_SESSION (self));

  for (guint i = 0; i < self->hooks->len; i++)
    {
      Hook *hook = &g_array_index (self->hooks, Hook, i);

      if (hook->func != func || hook->data != user_data)
        continue;

      if (self->delivering > 0)
        {
          hook->func = NULL;
          self->hooks_removed = TRUE;
        }
      else
        {
          g_array_remove_index (self->hooks, i);
        }
      update_wanted (self);
      return;
    }

  g_critical ("%s: no such hook with data %p", G_STRFUNC, user_data);
}

/* Object */

static void
tc_session_constructed (GObject *object)
{
  TcSession *self = TC_SESSION (object);

  G_OBJECT_CLASS (tc_session_parent_class)->constructed (object);

  g_return_if_fail ((self->server != NULL) != (self->client != NULL));

  if (self->server != NULL)
    {
      self->state = tc_server_get_state (self->server);
      self->n_peers = tc_server_get_n_clients (self->server);
      g_signal_connect (self->server, "notify::state", G_CALLBACK (server_state_cb), self);
      g_signal_connect (self->server, "notify::n-clients",
                        G_CALLBACK (server_n_clients_cb), self);
      g_signal_connect (self->server, "notify::accept-error",
                        G_CALLBACK (server_accept_error_cb), self);
      g_signal_connect (self->server, "client-connected",
                        G_CALLBACK (server_client_connected_cb), self);
      g_signal_connect (self->server, "client-disconnected",
                        G_CALLBACK (server_client_disconnected_cb), self);
      g_signal_connect (self->server, "client-rejected",
                        G_CALLBACK (server_client_rejected_cb), self);
      tc_server_set_line_func (self->server, server_line_cb, self);
    }
  else
    {
      TcConnection *connection = tc_client_get_connection (self->client);

      self->client_peers = g_list_store_new (TC_TYPE_CONNECTION);
      if (connection != NULL)
        {
          g_list_store_append (self->client_peers, connection);
          g_set_object (&self->client_peer, connection);
          self->n_peers = 1;
        }
      self->state = tc_client_get_state (self->client);
      self->reconnect_in = tc_client_get_reconnect_in (self->client);
      g_signal_connect (self->client, "notify::state", G_CALLBACK (client_state_cb), self);
      g_signal_connect (self->client, "notify::connection",
                        G_CALLBACK (client_connection_cb), self);
      g_signal_connect (self->client, "notify::reconnect-in",
                        G_CALLBACK (client_reconnect_in_cb), self);
      g_signal_connect (self->client, "disconnected", G_CALLBACK (client_disconnected_cb), self);
      g_signal_connect (self->client, "connect-failed",
                        G_CALLBACK (client_connect_failed_cb), self);
      tc_client_set_line_func (self->client, client_line_cb, self);
    }
}

static void
tc_session_dispose (GObject *object)
{
  TcSession *self = TC_SESSION (object);

  if (self->server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->server, self);
      tc_server_set_line_func (self->server, NULL, NULL);
      g_clear_object (&self->server);
    }
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      tc_client_set_line_func (self->client, NULL, NULL);
      g_clear_object (&self->client);
    }
  g_clear_object (&self->client_peer);
  g_clear_object (&self->client_peers);

  G_OBJECT_CLASS (tc_session_parent_class)->dispose (object);
}

static void
tc_session_finalize (GObject *object)
{
  TcSession *self = TC_SESSION (object);

  g_array_unref (self->hooks);
  g_byte_array_unref (self->scratch);
  g_ptr_array_unref (self->held);
  g_hash_table_unref (self->held_by_peer);

  G_OBJECT_CLASS (tc_session_parent_class)->finalize (object);
}

static void
tc_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  TcSession *self = TC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      g_value_set_object (value, self->server);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_PEERS:
      g_value_set_uint (value, self->n_peers);
      break;
    case PROP_PEERS:
      g_value_set_object (value, tc_session_get_peers (self));
      break;
    case PROP_MAX_QUEUED:
      g_value_set_uint64 (value, self->max_queued);
      break;
    case PROP_LINE_ENDING:
      g_value_set_enum (value, self->line_ending);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_session_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  TcSession *self = TC_SESSION (object);

  switch (prop_id)
    {
    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_MAX_QUEUED:
      tc_session_set_max_queued (self, (gsize) g_value_get_uint64 (value));
      break;
    case PROP_LINE_ENDING:
      tc_session_set_line_ending (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_session_class_init (TcSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tc_session_constructed;
  object_class->dispose = tc_session_dispose;
  object_class->finalize = tc_session_finalize;
  object_class->get_property = tc_session_get_property;
  object_class->set_property = tc_session_set_property;

  properties[PROP_SERVER] =
    g_param_spec_object ("server", NULL, NULL, TC_TYPE_SERVER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TC_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TC_TYPE_SOCKET_STATE, TC_SOCKET_STATE_UNCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PEERS] =
    g_param_spec_uint ("n-peers", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PEERS] =
    g_param_spec_object ("peers", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_QUEUED] =
    g_param_spec_uint64 ("max-queued", NULL, NULL, 0, G_MAXSIZE, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What ends a message sent in lines framing; the other framings end
   * (or prefix) it their own way. */
  properties[PROP_LINE_ENDING] =
    g_param_spec_enum ("line-ending", NULL, NULL, TC_TYPE_LINE_ENDING, TC_LINE_ENDING_LF,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tc_session_init (TcSession *self)
{
  self->hooks = g_array_new (FALSE, FALSE, sizeof (Hook));
  self->scratch = g_byte_array_new ();
  self->held = g_ptr_array_new_with_free_func ((GDestroyNotify) held_free);
  self->held_by_peer = g_hash_table_new (NULL, NULL);
  self->ending = tc_line_ending_get_bytes (self->line_ending, &self->ending_len);
}

/* Public */

TcSession *
tc_session_new_for_server (TcServer *server)
{
  g_return_val_if_fail (TC_IS_SERVER (server), NULL);

  return g_object_new (TC_TYPE_SESSION, "server", server, NULL);
}

TcSession *
tc_session_new_for_client (TcClient *client)
{
  g_return_val_if_fail (TC_IS_CLIENT (client), NULL);

  return g_object_new (TC_TYPE_SESSION, "client", client, NULL);
}

/* Returns: (transfer none) (nullable): the server, for a server's session */
TcServer *
tc_session_get_server (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), NULL);

  return self->server;
}

/* Returns: (transfer none) (nullable): the client, for a client's session */
TcClient *
tc_session_get_client (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), NULL);

  return self->client;
}

TcSocketState
tc_session_get_state (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), TC_SOCKET_STATE_UNCONNECTED);

  return self->state;
}

/**
 * tc_session_get_peers:
 *
 * Returns: (transfer none): the connected peers as a GListModel of
 *   TcConnection: the server's own list, or the client's one connection
 */
GListModel *
tc_session_get_peers (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), NULL);

  if (self->server != NULL)
    return G_LIST_MODEL (self->server);
  return G_LIST_MODEL (self->client_peers);
}

guint
tc_session_get_n_peers (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), 0);

  return self->n_peers;
}

gsize
tc_session_get_max_queued (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), 0);

  return self->max_queued;
}

/**
 * tc_session_set_max_queued:
 * @max_queued: most bytes of a client's message to keep queued on the
 *   connection at once, the rest handed over as it drains; 0 queues each
 *   message whole
 *
 * Only for a client's session: a server's messages are queued whole, one
 * buffer shared by every peer.
 */
void
tc_session_set_max_queued (TcSession *self,
                           gsize      max_queued)
{
  g_return_if_fail (TC_IS_SESSION (self));

  if (self->max_queued == max_queued)
    return;

  self->max_queued = max_queued;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_QUEUED]);
}

TcLineEnding
tc_session_get_line_ending (TcSession *self)
{
  g_return_val_if_fail (TC_IS_SESSION (self), TC_LINE_ENDING_LF);
  return self->line_ending;
}

/**
 * tc_session_set_line_ending:
 * @ending: what ends each message sent in lines framing
 *
 * A message sent in lines framing is @ending after it ("\n" by default,
 * none at all for %TC_LINE_ENDING_NONE); an empty message is just the
 * ending. Other framings ignore it.
 */
void
tc_session_set_line_ending (TcSession    *self,
                            TcLineEnding  ending)
{
  g_return_if_fail (TC_IS_SESSION (self));
  g_return_if_fail (ending <= TC_LINE_ENDING_NONE);

  if (self->line_ending == ending)
    return;
  self->line_ending = ending;
  self->ending = tc_line_ending_get_bytes (ending, &self->ending_len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINE_ENDING]);
}
