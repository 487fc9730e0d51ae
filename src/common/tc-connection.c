/* tc-connection.c: one peer over a byte stream, its messages cut and wrapped by a framer
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-connection.h"
#include "tc-address.h"
#include "tc-common-enums.h"
#include "tc-error.h"
#include "tc-line-framer.h"
#include "tc-source.h"
#include "tc-tls.h"

#include <glib/gi18n-lib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>

/* One read takes at most this much, into a buffer on the stack: an idle
 * connection owns no receive buffer at all.
 */
#define READ_CHUNK (64 * 1024)
/* Reads per wake-up, so one busy peer cannot starve the others. */
#define READS_PER_DISPATCH 4
/* Reading below the default priority (a window's) keeps to a budget: once
 * a main-loop iteration has run about a frame's time, each ready peer gets
 * one small read and no more. Every busy peer still moves, the iteration
 * ends, and reading and painting take turns.
 */
#define READ_BUDGET_US 16000
#define READ_CHUNK_OVER_BUDGET (4 * 1024)
/* Vectors per write; queued lines are coalesced into one writev. */
#define MAX_VECTORS 64
#define WRITES_PER_DISPATCH 8
/* A TLS stream has no writev of its own: GIO's fallback writes each vector
 * alone, a record and a send() each. Queued messages shorter than a record
 * go out copied into one buffer of a full record's payload instead (RFC
 * 8446, 5.1).
 */
#define TLS_RECORD_PAYLOAD (16 * 1024)
/* A peer found idle for the whole stall timeout gets one more look this
 * much later, with the main loop running in between (see on_stall_check).
 */
#define STALL_CONFIRM_MS 250

struct _TcConnection
{
  GObject                 parent_instance;

  /* Owned */
  GIOStream              *stream;
  GMainContext           *context;
  GSource                *read_source;
  GSource                *write_source;
  GSource                *stall_source;
  GSource                *patience_source;
  GSource                *idle_gap_source;  /* ends a message when the peer pauses */
  TcFramer               *framer;
  GQueue                  send_queue;       /* of GBytes */
  guint8                 *tls_buffer;       /* TLS_RECORD_PAYLOAD, once needed */
  char                   *peer_label;
  char                   *local_label;

  /* Borrowed from stream */
  GSocketConnection      *socket_connection; /* the stream or the one it wraps; may be NULL */
  GPollableInputStream   *input;
  GPollableOutputStream  *output;

  TcSocketState           state;
  gint64                  connected_since;
  guint64                 bytes_in;
  guint64                 bytes_out;
  guint64                 lines_in;
  guint64                 lines_out;
  guint64                 lines_out_notified;

  gsize                   head_offset;      /* bytes of the queue head already written */
  gsize                   unsent_bytes;
  gsize                   high_water;
  gsize                   low_water;
  gsize                   max_unsent;
  guint                   stall_timeout_ms;
  guint                   patience_ms;
  gint64                  last_progress_us;
  gint64                  behind_since_us;   /* when it last fell behind or began closing */
  gboolean                stall_suspected;   /* timed out once; the next look decides */

  GError                 *close_after_flush; /* why, once a graceful close waits for the queue */

  TcConnectionLineFunc    line_func;
  gpointer                line_func_data;

  int                     io_priority;      /* of the read source */

  guint                   started : 1;
  guint                   reading : 1;
  guint                   congested : 1;
  guint                   holding_back : 1;
  guint                   closing : 1;       /* finish_close is under way */
  guint                   read_eof : 1;
  guint                   shutdown_write : 1;
  guint                   write_shut : 1;
  guint                   flush_queued : 1;
  guint                   stream_closing : 1; /* the stream's close was started */
  guint                   is_tls : 1;         /* see TLS_RECORD_PAYLOAD */
  guint                   line_signal_known : 1; /* see emit_line_received */
  guint                   line_signal_heard : 1;
};

G_DEFINE_FINAL_TYPE (TcConnection, tc_connection, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PEER_LABEL,
  PROP_LOCAL_LABEL,
  PROP_BYTES_IN,
  PROP_BYTES_OUT,
  PROP_LINES_IN,
  PROP_LINES_OUT,
  PROP_UNSENT_BYTES,
  PROP_CONGESTED,
  PROP_HOLDING_BACK,
  PROP_READING,
  PROP_PEER_SUBJECT,
  PROP_TLS_DESCRIPTION,
  N_PROPS
};

enum {
  LINE_RECEIVED,
  BATCH_END,
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_read_source (TcConnection *self);
static void finish_close (TcConnection *self, const GError *reason);
static void update_stall_watch (TcConnection *self);
static void update_holding_back (TcConnection *self);

static void
set_state (TcConnection  *self,
           TcSocketState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_congested (TcConnection *self,
               gboolean      congested)
{
  if (self->congested == !!congested)
    return;

  self->congested = !!congested;
  if (congested)
    self->behind_since_us = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONGESTED]);
  update_holding_back (self);
}

static GSource *
attach_source (TcConnection *self,
               GSource      *source,
               GSourceFunc   func,
               const char   *name)
{
  g_source_set_callback (source, func, self, NULL);
  g_source_set_static_name (source, name);
  g_source_attach (source, self->context);

  return source;
}

/* Reading */

/* The owner takes lines through its hook, and an emission with no handler
 * costs as much as one with: whether anybody listens is asked once a batch
 * of input. A handler connected during a batch hears the next one. */
static void
emit_line_received (TcConnection    *self,
                    const TcMessage *line)
{
  if (!self->line_signal_known)
    {
      self->line_signal_heard = g_signal_has_handler_pending (self, signals[LINE_RECEIVED],
                                                              0, FALSE);
      self->line_signal_known = TRUE;
    }
  if (self->line_signal_heard)
    g_signal_emit (self, signals[LINE_RECEIVED], 0, line);
}

static void
on_framed_line (const TcMessage *line,
                gpointer      user_data)
{
  TcConnection *self = user_data;

  /* A handler may have closed us on an earlier line of the same chunk. */
  if (self->state == TC_SOCKET_STATE_UNCONNECTED)
    return;

  self->lines_in++;
  if (self->line_func != NULL)
    self->line_func (self, line, self->line_func_data);
  emit_line_received (self, line);
}

static void
end_input_batch (TcConnection *self,
                 guint64       lines_before)
{
  self->line_signal_known = FALSE;
  if (self->lines_in != lines_before)
    {
      g_signal_emit (self, signals[BATCH_END], 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES_IN]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_IN]);
}

/* A framer that ends messages on a pause in the stream (raw with a gap)
 * keeps no clock: the connection times the pause from the last read
 * and tells it when it passed. One source, moved forward on each read.
 */
static gboolean
idle_gap_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs idle_gap_source_funcs = { NULL, NULL, idle_gap_dispatch, NULL, NULL, NULL };

static gboolean
on_idle_gap (gpointer user_data)
{
  g_autoptr(TcConnection) self = g_object_ref (user_data);
  guint64 lines_before = self->lines_in;

  g_source_set_ready_time (self->idle_gap_source, -1);
  tc_framer_flush (self->framer, on_framed_line, self);
  if (self->lines_in != lines_before)
    end_input_batch (self, lines_before);

  return G_SOURCE_CONTINUE;
}

static void
update_idle_gap (TcConnection *self)
{
  guint gap_ms = tc_framer_get_idle_gap_ms (self->framer);

  if (gap_ms == 0 || self->read_eof || self->state == TC_SOCKET_STATE_UNCONNECTED)
    {
      tc_source_clear (&self->idle_gap_source);
      return;
    }

  if (self->idle_gap_source == NULL)
    {
      GSource *source = g_source_new (&idle_gap_source_funcs, sizeof (GSource));

      g_source_set_priority (source, self->io_priority);
      self->idle_gap_source = attach_source (self, source, on_idle_gap,
                                             "[tcpchat] connection idle gap");
    }

  if (tc_framer_get_pending (self->framer) > 0)
    g_source_set_ready_time (self->idle_gap_source,
                             g_get_monotonic_time () + (gint64) gap_ms * 1000);
  else
    g_source_set_ready_time (self->idle_gap_source, -1);
}

static void
begin_graceful_close (TcConnection *self,
                      GError       *reason)
{
  g_clear_error (&self->close_after_flush);
  self->close_after_flush = reason;
  self->behind_since_us = g_get_monotonic_time ();

  if (self->state == TC_SOCKET_STATE_CONNECTED)
    set_state (self, TC_SOCKET_STATE_CLOSING);

  update_read_source (self);

  if (g_queue_is_empty (&self->send_queue))
    finish_close (self, self->close_after_flush);
  else
    update_stall_watch (self);
}

/* End of stream (@error %NULL) or a read failure: what the peer sent
 * last still counts, then the connection closes.
 */
static void
read_ended (TcConnection *self,
            const GError *error,
            guint64       lines_before)
{
  self->read_eof = TRUE;
  tc_framer_finish (self->framer, on_framed_line, self);
  tc_source_clear (&self->idle_gap_source);
  end_input_batch (self, lines_before);

  if (error == NULL)
    {
      begin_graceful_close (self, g_error_new (TC_ERROR, TC_ERROR_PEER_CLOSED,
                                               _("%s closed the connection"),
                                               self->peer_label));
    }
  else
    {
      g_autoptr(GError) reason = tc_error_from_io_error (error, self->peer_label);
      finish_close (self, reason);
    }

  tc_source_clear (&self->read_source);
}

static gboolean
on_readable (GObject  *stream,
             gpointer  user_data)
{
  g_autoptr(TcConnection) self = g_object_ref (user_data);
  guint64 lines_before = self->lines_in;
  gboolean budgeted = self->io_priority > G_PRIORITY_DEFAULT;
  /* When this iteration of the main loop began dispatching. */
  gint64 iteration_us = budgeted ? g_source_get_time (self->read_source) : 0;
  gboolean had_turn = FALSE;
  char buffer[READ_CHUNK];

  for (guint i = 0; i < READS_PER_DISPATCH; i++)
    {
      g_autoptr(GError) error = NULL;
      gsize size = sizeof buffer;
      gssize n;

      if (budgeted && g_get_monotonic_time () - iteration_us > READ_BUDGET_US)
        {
          if (i > 0)
            break;
          size = READ_CHUNK_OVER_BUDGET;
        }

      n = g_pollable_input_stream_read_nonblocking (self->input, buffer, size, NULL, &error);

      if (n > 0)
        {
          self->bytes_in += (guint64) n;
          had_turn = had_turn || size == sizeof buffer;
          tc_framer_push (self->framer, buffer, (gsize) n, on_framed_line, self);

          if (self->state == TC_SOCKET_STATE_UNCONNECTED || !self->reading)
            break;
          continue;
        }

      if (n < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        {
          had_turn = FALSE;
          break;
        }

      read_ended (self, n == 0 ? NULL : error, lines_before);
      return G_SOURCE_REMOVE;
    }

  end_input_batch (self, lines_before);
  if (self->idle_gap_source != NULL || tc_framer_get_idle_gap_ms (self->framer) > 0)
    update_idle_gap (self);

  /* A peer with more to send that had its full reads goes to the back of
   * the line (a new source is dispatched last among its priority), so the
   * small reads past the budget fall on each busy peer in turn.
   */
  if (budgeted && had_turn && self->read_source != NULL)
    {
      tc_source_clear (&self->read_source);
      update_read_source (self);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
on_socket_readable (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  TcConnection *self = user_data;

  return on_readable (G_OBJECT (self->input), self);
}

/* A plain socket is watched by its own source: the stream's pollable
 * source is a second one around it, and each source costs every main-loop
 * iteration a look (10,000 idle clients, 20,000 looks). */
static GSource *
create_read_source (TcConnection *self)
{
  GSource *source;

  if (!self->is_tls && self->socket_connection != NULL)
    {
      source = g_socket_create_source (g_socket_connection_get_socket (self->socket_connection),
                                       G_IO_IN, NULL);
      g_source_set_callback (source, G_SOURCE_FUNC (on_socket_readable), self, NULL);
    }
  else
    {
      source = g_pollable_input_stream_create_source (self->input, NULL);
      g_source_set_callback (source, G_SOURCE_FUNC (on_readable), self, NULL);
    }
  g_source_set_priority (source, self->io_priority);
  g_source_set_static_name (source, "[tcpchat] connection read");
  g_source_attach (source, self->context);

  return source;
}

static void
update_read_source (TcConnection *self)
{
  gboolean want = self->started && self->reading && !self->read_eof &&
                  self->state == TC_SOCKET_STATE_CONNECTED;

  if (want && self->read_source == NULL)
    {
      self->read_source = create_read_source (self);
    }
  else if (!want)
    {
      tc_source_clear (&self->read_source);
    }
}

/* Writing */

/* A peer is watched for stalling while it holds back more than the high
 * water mark, or while a graceful close waits for it to take the rest.
 */
static gboolean
stall_watch_wanted (TcConnection *self)
{
  return self->stall_timeout_ms > 0 &&
         self->state != TC_SOCKET_STATE_UNCONNECTED &&
         !g_queue_is_empty (&self->send_queue) &&
         (self->congested || self->close_after_flush != NULL);
}

/* A peer is slow when it took nothing for the whole timeout while it was
 * behind (or being closed): the clock starts at its last progress or when
 * it fell behind, whichever came later.
 */
static gint64
stall_clock_start (TcConnection *self)
{
  return MAX (self->last_progress_us, self->behind_since_us);
}

static gboolean
on_stall_check (gpointer user_data)
{
  TcConnection *self = user_data;
  gint64 idle_ms = (g_get_monotonic_time () - stall_clock_start (self)) / 1000;
  g_autoptr(GError) reason = NULL;

  g_clear_pointer (&self->stall_source, g_source_unref);

  /* A peer that caught up meanwhile is not slow, however long ago it last
   * had something to take.
   */
  if (!stall_watch_wanted (self))
    {
      self->stall_suspected = FALSE;
      return G_SOURCE_REMOVE;
    }

  if (idle_ms < self->stall_timeout_ms)
    {
      self->stall_suspected = FALSE;
      update_stall_watch (self);
      return G_SOURCE_REMOVE;
    }

  /* The clock also ran while this process may have been held up itself (a
   * loaded machine, a debugger), and then neither side had a chance to
   * move; this check can even come first when the process resumes. One
   * more look, after the main loop has run a while, tells that apart from
   * a peer that takes nothing.
   */
  if (!self->stall_suspected)
    {
      self->stall_suspected = TRUE;
      self->stall_source = attach_source (self, g_timeout_source_new (STALL_CONFIRM_MS),
                                          on_stall_check, "[tcpchat] connection stall check");
      return G_SOURCE_REMOVE;
    }

  reason = g_error_new (TC_ERROR, TC_ERROR_TOO_SLOW,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "Too slow: %s made no progress for %.1f s with %zu byte unsent",
                                     "Too slow: %s made no progress for %.1f s with %zu bytes unsent",
                                     self->unsent_bytes),
                        self->peer_label, idle_ms / 1000.0, self->unsent_bytes);
  finish_close (self, reason);

  return G_SOURCE_REMOVE;
}

static void
update_stall_watch (TcConnection *self)
{
  gboolean want = stall_watch_wanted (self);

  if (want && self->stall_source == NULL)
    {
      gint64 elapsed_ms = (g_get_monotonic_time () - stall_clock_start (self)) / 1000;
      guint delay = elapsed_ms >= self->stall_timeout_ms ? 0 : self->stall_timeout_ms - (guint) elapsed_ms;

      self->stall_source = attach_source (self, g_timeout_source_new (delay), on_stall_check,
                                          "[tcpchat] connection stall check");
    }
  else if (!want)
    {
      tc_source_clear (&self->stall_source);
      self->stall_suspected = FALSE;
    }
}

static gboolean
on_patience_over (gpointer user_data)
{
  TcConnection *self = user_data;

  g_clear_pointer (&self->patience_source, g_source_unref);
  update_holding_back (self);

  return G_SOURCE_REMOVE;
}

/* A congested peer holds its senders back only while it keeps taking
 * bytes: one that took nothing for the patience window stops holding
 * anyone hostage, and the stall timeout or the hard cap decide its fate.
 */
static void
update_holding_back (TcConnection *self)
{
  gboolean holding = FALSE;

  tc_source_clear (&self->patience_source);

  if (self->congested && self->state != TC_SOCKET_STATE_UNCONNECTED)
    {
      gint64 idle_ms = (g_get_monotonic_time () - stall_clock_start (self)) / 1000;

      if (idle_ms < self->patience_ms)
        {
          holding = TRUE;
          self->patience_source = attach_source (self,
                                                 g_timeout_source_new (self->patience_ms - (guint) idle_ms),
                                                 on_patience_over,
                                                 "[tcpchat] connection patience");
        }
    }

  if (self->holding_back == (guint) holding)
    return;

  self->holding_back = holding;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOLDING_BACK]);
}

static void
consume_written (TcConnection *self,
                 gsize         written)
{
  while (written > 0)
    {
      GBytes *head = g_queue_peek_head (&self->send_queue);
      gsize rest = g_bytes_get_size (head) - self->head_offset;

      if (written < rest)
        {
          self->head_offset += written;
          break;
        }

      written -= rest;
      self->head_offset = 0;
      g_bytes_unref (g_queue_pop_head (&self->send_queue));
    }
}

static void
on_output_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree char *peer_label = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    g_debug ("Could not half-close %s: %s", peer_label, error->message);
}

/* The peer sees the end of the stream and may still answer. Closing a
 * socket connection's output stream does not shut the socket down, so a
 * plain socket is shut down for writing; any other stream (TLS, which
 * must send its close_notify first) closes its output stream.
 */
static void
shutdown_stream_output (TcConnection *self)
{
  if (G_IS_SOCKET_CONNECTION (self->stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (self->stream));
      g_autoptr(GError) error = NULL;

      if (!g_socket_shutdown (socket, FALSE, TRUE, &error))
        g_debug ("Could not half-close %s: %s", self->peer_label, error->message);
      return;
    }

  g_output_stream_close_async (G_OUTPUT_STREAM (self->output), G_PRIORITY_DEFAULT, NULL,
                               on_output_closed, g_strdup (self->peer_label));
}

static void
after_queue_drained (TcConnection *self)
{
  tc_source_clear (&self->write_source);
  tc_source_clear (&self->stall_source);

  if (self->state == TC_SOCKET_STATE_UNCONNECTED)
    return;

  if (self->close_after_flush != NULL)
    {
      finish_close (self, self->close_after_flush);
      return;
    }

  if (self->shutdown_write && !self->write_shut)
    {
      self->write_shut = TRUE;
      shutdown_stream_output (self);
    }
}

/* Over TLS: when the queue's head is shorter than a record and more
 * follows, copies up to a record's payload of the queue into one vector.
 *
 * Returns: 1 with the vector filled, or 0 when the queue can be written
 * as it is
 */
static gsize
gather_for_tls (TcConnection  *self,
                GOutputVector *vector)
{
  GList *l = self->send_queue.head;
  gsize offset = self->head_offset;
  gsize filled = 0;

  if (l->next == NULL || g_bytes_get_size (l->data) - offset >= TLS_RECORD_PAYLOAD)
    return 0;

  if (self->tls_buffer == NULL)
    self->tls_buffer = g_malloc (TLS_RECORD_PAYLOAD);

  for (; l != NULL && filled < TLS_RECORD_PAYLOAD; l = l->next, offset = 0)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (l->data, &size);
      gsize take = MIN (size - offset, TLS_RECORD_PAYLOAD - filled);

      memcpy (self->tls_buffer + filled, data + offset, take);
      filled += take;
    }

  vector->buffer = self->tls_buffer;
  vector->size = filled;
  return 1;
}

/* Over TLS every record is a send() of its own: while more than one
 * record's worth is queued, the socket is corked so that the kernel sends
 * the records of one wake-up in full segments, and the peer is woken once
 * for them rather than once a record. Uncorking sends what is left.
 *
 * Returns: whether the socket was corked
 */
static gboolean
cork_records (TcConnection *self,
              gboolean      cork)
{
  GSocket *socket;

  if (!self->is_tls || self->socket_connection == NULL ||
      (cork && self->unsent_bytes <= TLS_RECORD_PAYLOAD))
    return FALSE;

  socket = g_socket_connection_get_socket (self->socket_connection);
  return g_socket_set_option (socket, IPPROTO_TCP, TCP_CORK, cork, NULL);
}

/* Points @vectors (MAX_VECTORS of them) at the queue from its unwritten
 * head, or over TLS at one gathered record when the head is small.
 *
 * Returns: the number of vectors filled, at least 1
 */
static gsize
fill_vectors (TcConnection  *self,
              GOutputVector *vectors)
{
  gsize n_vectors = 0;

  if (self->is_tls)
    n_vectors = gather_for_tls (self, vectors);

  for (GList *l = n_vectors == 0 ? self->send_queue.head : NULL;
       l != NULL && n_vectors < MAX_VECTORS; l = l->next)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (l->data, &size);
      gsize skip = n_vectors == 0 ? self->head_offset : 0;

      vectors[n_vectors].buffer = data + skip;
      vectors[n_vectors].size = size - skip;
      n_vectors++;
    }

  return n_vectors;
}

/* Counts the bytes of one dispatch, leaves congestion when the queue fell
 * low enough, and notifies the counters once for the whole dispatch.
 */
static void
note_written (TcConnection *self,
              gsize         written_total)
{
  self->bytes_out += written_total;
  self->unsent_bytes -= written_total;
  self->last_progress_us = g_get_monotonic_time ();
  self->stall_suspected = FALSE;

  if (self->congested && self->unsent_bytes <= self->low_water)
    {
      set_congested (self, FALSE);
      update_stall_watch (self);
    }
  else if (self->congested && !self->holding_back)
    {
      update_holding_back (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BYTES_OUT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSENT_BYTES]);
  if (self->lines_out != self->lines_out_notified)
    {
      self->lines_out_notified = self->lines_out;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINES_OUT]);
    }
}

/* Writes what the kernel takes now, in vectored writes.
 *
 * Returns: %TRUE while bytes remain queued
 */
static gboolean
write_queued (TcConnection *self)
{
  gsize written_total = 0;
  gboolean corked = cork_records (self, TRUE);

  for (guint round = 0; round < WRITES_PER_DISPATCH && !g_queue_is_empty (&self->send_queue); round++)
    {
      GOutputVector vectors[MAX_VECTORS];
      g_autoptr(GError) error = NULL;
      GPollableReturn ret;
      gsize n_vectors = fill_vectors (self, vectors);
      gsize written = 0;

      ret = g_pollable_output_stream_writev_nonblocking (self->output, vectors, n_vectors,
                                                          &written, NULL, &error);

      if (ret == G_POLLABLE_RETURN_WOULD_BLOCK)
        break;

      if (ret == G_POLLABLE_RETURN_FAILED)
        {
          g_autoptr(GError) reason = tc_error_from_io_error (error, self->peer_label);

          if (corked)
            cork_records (self, FALSE);
          finish_close (self, reason);
          return FALSE;
        }

      consume_written (self, written);
      written_total += written;
    }

  if (corked)
    cork_records (self, FALSE);

  if (written_total > 0)
    note_written (self, written_total);

  /* A notify handler may have closed us. */
  if (self->state == TC_SOCKET_STATE_UNCONNECTED)
    return FALSE;

  if (g_queue_is_empty (&self->send_queue))
    {
      after_queue_drained (self);
      return FALSE;
    }

  update_stall_watch (self);

  return TRUE;
}

static gboolean
on_writable (GObject  *stream,
             gpointer  user_data)
{
  g_autoptr(TcConnection) self = g_object_ref (user_data);

  if (write_queued (self))
    return G_SOURCE_CONTINUE;

  tc_source_clear (&self->write_source);
  return G_SOURCE_REMOVE;
}

static void
wait_until_writable (TcConnection *self)
{
  GSource *source;

  if (self->write_source != NULL)
    return;

  source = g_pollable_output_stream_create_source (self->output, NULL);
  self->write_source = attach_source (self, source, G_SOURCE_FUNC (on_writable),
                                      "[tcpchat] connection write");
}

/* Connections with newly queued bytes are written from one idle callback
 * per main context, after the current dispatch: every line queued in this
 * iteration goes out in one writev, and only a peer the kernel cannot
 * take bytes for at once costs a source of its own. That keeps a line
 * sent to thousands of clients cheap.
 *
 * The table of those queues, one per context, has no lock: connections,
 * like the rest of this library, are made and used on one thread, the one
 * that runs their contexts, and a lock here would promise a thread safety
 * that they do not have.
 */
typedef struct
{
  GMainContext *context;
  GSource      *idle;
  GPtrArray    *pending;   /* of TcConnection */
} FlushQueue;

static GHashTable *flush_queues;  /* GMainContext -> FlushQueue */

static void
flush_queue_free (gpointer data)
{
  FlushQueue *queue = data;

  g_source_destroy (queue->idle);
  g_source_unref (queue->idle);
  g_ptr_array_unref (queue->pending);
  g_main_context_unref (queue->context);
  g_free (queue);
}

static gboolean
on_flush_queue_idle (gpointer user_data)
{
  FlushQueue *queue = user_data;

  /* Writing can queue more (a close handler sending a farewell): loop. */
  while (queue->pending->len > 0)
    {
      g_autoptr(GPtrArray) batch = queue->pending;

      queue->pending = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < batch->len; i++)
        {
          TcConnection *self = g_ptr_array_index (batch, i);

          self->flush_queued = FALSE;
          if (self->state != TC_SOCKET_STATE_UNCONNECTED && self->write_source == NULL &&
              !g_queue_is_empty (&self->send_queue) && write_queued (self))
            wait_until_writable (self);
        }
    }

  g_hash_table_remove (flush_queues, queue->context);

  return G_SOURCE_REMOVE;
}

static void
schedule_write (TcConnection *self)
{
  FlushQueue *queue;

  if (self->write_source != NULL || self->flush_queued)
    return;

  if (flush_queues == NULL)
    flush_queues = g_hash_table_new_full (NULL, NULL, NULL, flush_queue_free);

  queue = g_hash_table_lookup (flush_queues, self->context);
  if (queue == NULL)
    {
      queue = g_new0 (FlushQueue, 1);
      queue->context = g_main_context_ref (self->context);
      queue->pending = g_ptr_array_new_with_free_func (g_object_unref);
      queue->idle = g_idle_source_new ();
      g_source_set_priority (queue->idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (queue->idle, on_flush_queue_idle, queue, NULL);
      g_source_set_static_name (queue->idle, "[tcpchat] connection flush");
      g_source_attach (queue->idle, queue->context);
      g_hash_table_insert (flush_queues, queue->context, queue);
    }

  self->flush_queued = TRUE;
  g_ptr_array_add (queue->pending, g_object_ref (self));
}

/* Closing */

/* Reads whatever the kernel still holds from the peer and delivers it, a
 * final fragment flagged, so that no path to a close swallows a goodbye:
 * not a write error (a peer that sent its last line and closed answers a
 * write with a reset), not a stall drop, not a stop. A close with unread
 * bytes would also send the peer a reset instead of an orderly end.
 */
/* How much a close still reads: what the kernel holds now, and no more, so
 * that a peer that keeps sending cannot keep the close going. A stream on
 * top of the socket (TLS) keeps bytes of its own that the kernel does not
 * count: for it, what one wake-up would read.
 */
static gsize
bytes_to_drain (TcConnection *self)
{
  if (self->socket_connection != NULL &&
      G_IO_STREAM (self->socket_connection) == self->stream)
    {
      GSocket *socket = g_socket_connection_get_socket (self->socket_connection);

      return (gsize) MAX (g_socket_get_available_bytes (socket), 0);
    }

  return READS_PER_DISPATCH * READ_CHUNK;
}

static void
drain_kernel_input (TcConnection *self)
{
  guint64 lines_before = self->lines_in;
  gsize drained = 0;
  gsize held;
  char buffer[READ_CHUNK];

  if (self->read_eof || self->input == NULL ||
      g_input_stream_is_closed (G_INPUT_STREAM (self->input)))
    return;

  held = bytes_to_drain (self);

  while (drained < held && self->state != TC_SOCKET_STATE_UNCONNECTED)
    {
      gsize want = MIN (sizeof buffer, held - drained);
      gssize n = g_pollable_input_stream_read_nonblocking (self->input, buffer, want,
                                                           NULL, NULL);

      /* End of stream, nothing more for now, or a reset: done. */
      if (n <= 0)
        break;

      drained += (gsize) n;
      self->bytes_in += (guint64) n;
      tc_framer_push (self->framer, buffer, (gsize) n, on_framed_line, self);
    }

  self->read_eof = TRUE;
  tc_framer_finish (self->framer, on_framed_line, self);
  tc_source_clear (&self->idle_gap_source);
  if (drained > 0 || self->lines_in != lines_before)
    end_input_batch (self, lines_before);
}

static void
on_stream_closed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autofree char *peer_label = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_io_stream_close_finish (G_IO_STREAM (source), result, &error))
    g_debug ("Closing %s: %s", peer_label, error->message);
}

/* Closes through the stream, so that a TLS stream says goodbye properly.
 * The close may finish after the connection is gone: its task holds the
 * stream. A socket connection closes its socket before this returns.
 */
static void
close_stream (TcConnection *self)
{
  if (self->stream_closing || g_io_stream_is_closed (self->stream))
    return;

  self->stream_closing = TRUE;

  if (self->context != NULL)
    g_main_context_push_thread_default (self->context);
  g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, on_stream_closed,
                           g_strdup (self->peer_label));
  if (self->context != NULL)
    g_main_context_pop_thread_default (self->context);
}

static void
finish_close (TcConnection *self,
              const GError *reason)
{
  g_autoptr(TcConnection) hold = g_object_ref (self);
  g_autoptr(GError) reason_copy = NULL;

  if (self->state == TC_SOCKET_STATE_UNCONNECTED || self->closing)
    return;

  /* reason may be close_after_flush itself, which is cleared below. */
  reason_copy = reason != NULL ? g_error_copy (reason)
                               : g_error_new_literal (TC_ERROR, TC_ERROR_LOCAL_CLOSE,
                                                      _("Connection closed"));

  /* Handlers of the lines read here may try to close us again. */
  self->closing = TRUE;
  tc_source_clear (&self->read_source);
  drain_kernel_input (self);

  tc_source_clear (&self->write_source);
  tc_source_clear (&self->stall_source);
  tc_source_clear (&self->patience_source);
  tc_source_clear (&self->idle_gap_source);
  g_queue_clear_full (&self->send_queue, (GDestroyNotify) g_bytes_unref);
  self->head_offset = 0;
  self->unsent_bytes = 0;
  g_clear_error (&self->close_after_flush);

  close_stream (self);

  /* Unconnected first: handlers of congested may try to read again. */
  set_state (self, TC_SOCKET_STATE_UNCONNECTED);
  self->closing = FALSE;
  set_congested (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNSENT_BYTES]);
  g_signal_emit (self, signals[CLOSED], 0, reason_copy);
}

/* GObject */

static void
tc_connection_dispose (GObject *object)
{
  TcConnection *self = TC_CONNECTION (object);

  tc_source_clear (&self->read_source);
  tc_source_clear (&self->write_source);
  tc_source_clear (&self->stall_source);
  tc_source_clear (&self->patience_source);
  tc_source_clear (&self->idle_gap_source);
  g_queue_clear_full (&self->send_queue, (GDestroyNotify) g_bytes_unref);

  if (self->stream != NULL)
    close_stream (self);
  g_clear_object (&self->stream);
  self->socket_connection = NULL;
  self->input = NULL;
  self->output = NULL;

  G_OBJECT_CLASS (tc_connection_parent_class)->dispose (object);
}

static void
tc_connection_finalize (GObject *object)
{
  TcConnection *self = TC_CONNECTION (object);

  g_clear_object (&self->framer);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->close_after_flush);
  g_free (self->peer_label);
  g_free (self->local_label);
  g_free (self->tls_buffer);

  G_OBJECT_CLASS (tc_connection_parent_class)->finalize (object);
}

static void
tc_connection_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TcConnection *self = TC_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PEER_LABEL:
      g_value_set_string (value, self->peer_label);
      break;
    case PROP_PEER_SUBJECT:
      g_value_take_string (value, tc_connection_get_peer_subject (self));
      break;
    case PROP_TLS_DESCRIPTION:
      g_value_take_string (value, tc_connection_get_tls_description (self));
      break;
    case PROP_LOCAL_LABEL:
      g_value_set_string (value, self->local_label);
      break;
    case PROP_BYTES_IN:
      g_value_set_uint64 (value, self->bytes_in);
      break;
    case PROP_BYTES_OUT:
      g_value_set_uint64 (value, self->bytes_out);
      break;
    case PROP_LINES_IN:
      g_value_set_uint64 (value, self->lines_in);
      break;
    case PROP_LINES_OUT:
      g_value_set_uint64 (value, self->lines_out);
      break;
    case PROP_UNSENT_BYTES:
      g_value_set_uint64 (value, self->unsent_bytes);
      break;
    case PROP_CONGESTED:
      g_value_set_boolean (value, self->congested);
      break;
    case PROP_HOLDING_BACK:
      g_value_set_boolean (value, self->holding_back);
      break;
    case PROP_READING:
      g_value_set_boolean (value, self->reading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tc_connection_class_init (TcConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = tc_connection_dispose;
  object_class->finalize = tc_connection_finalize;
  object_class->get_property = tc_connection_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TC_TYPE_SOCKET_STATE,
                       TC_SOCKET_STATE_UNCONNECTED, ro);
  properties[PROP_PEER_LABEL] = g_param_spec_string ("peer-label", NULL, NULL, NULL, ro);
  properties[PROP_LOCAL_LABEL] = g_param_spec_string ("local-label", NULL, NULL, NULL, ro);
  properties[PROP_BYTES_IN] = g_param_spec_uint64 ("bytes-in", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_BYTES_OUT] = g_param_spec_uint64 ("bytes-out", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LINES_IN] = g_param_spec_uint64 ("lines-in", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_LINES_OUT] = g_param_spec_uint64 ("lines-out", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_UNSENT_BYTES] =
    g_param_spec_uint64 ("unsent-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
  properties[PROP_CONGESTED] = g_param_spec_boolean ("congested", NULL, NULL, FALSE, ro);
  properties[PROP_HOLDING_BACK] = g_param_spec_boolean ("holding-back", NULL, NULL, FALSE, ro);
  properties[PROP_READING] = g_param_spec_boolean ("reading", NULL, NULL, TRUE, ro);
  /* TLS: set before the connection exists, so never notified. */
  properties[PROP_PEER_SUBJECT] = g_param_spec_string ("peer-subject", NULL, NULL, NULL, ro);
  properties[PROP_TLS_DESCRIPTION] =
    g_param_spec_string ("tls-description", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The line borrows its bytes: handlers copy what they keep. */
  signals[LINE_RECEIVED] = tc_message_signal_new ("line-received", G_TYPE_FROM_CLASS (klass));

  /* After the line-received emissions of one read: a place to hand on
   * what those lines produced in one piece.
   */
  signals[BATCH_END] =
    g_signal_new ("batch-end", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, g_cclosure_marshal_VOID__VOID, G_TYPE_NONE, 0);
  g_signal_set_va_marshaller (signals[BATCH_END], G_TYPE_FROM_CLASS (klass),
                              g_cclosure_marshal_VOID__VOIDv);

  signals[CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
tc_connection_init (TcConnection *self)
{
  g_queue_init (&self->send_queue);
  self->reading = TRUE;
  self->high_water = TC_CONNECTION_DEFAULT_HIGH_WATER;
  self->low_water = TC_CONNECTION_DEFAULT_LOW_WATER;
  self->max_unsent = TC_CONNECTION_DEFAULT_MAX_UNSENT;
  self->stall_timeout_ms = TC_CONNECTION_DEFAULT_STALL_TIMEOUT;
  self->patience_ms = TC_CONNECTION_DEFAULT_PATIENCE;
  self->io_priority = G_PRIORITY_DEFAULT;
  self->framer = TC_FRAMER (tc_line_framer_new (TC_LINE_FRAMER_DEFAULT_MAX_LINE));
}

/* Public API */

/* The socket connection @stream is or wraps (a TLS connection's base
 * stream), for addresses and socket options; %NULL for any other stream.
 */
static GSocketConnection *
find_socket_connection (GIOStream *stream)
{
  for (guint depth = 0; stream != NULL && depth < 8; depth++)
    {
      g_autoptr(GIOStream) base = NULL;

      if (G_IS_SOCKET_CONNECTION (stream))
        return G_SOCKET_CONNECTION (stream);

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (stream), "base-io-stream") == NULL)
        return NULL;

      /* The base outlives this call: the wrapping stream holds it. */
      g_object_get (stream, "base-io-stream", &base, NULL);
      stream = base;
    }

  return NULL;
}

static gboolean
stream_is_pollable (GIOStream *stream)
{
  GInputStream *input = g_io_stream_get_input_stream (stream);
  GOutputStream *output = g_io_stream_get_output_stream (stream);

  return G_IS_POLLABLE_INPUT_STREAM (input) &&
         g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (input)) &&
         G_IS_POLLABLE_OUTPUT_STREAM (output) &&
         g_pollable_output_stream_can_poll (G_POLLABLE_OUTPUT_STREAM (output));
}

/**
 * tc_connection_new:
 * @stream: an open stream whose input and output streams are pollable: a
 *   #GSocketConnection, or a stream wrapping one (TLS)
 *
 * Wraps @stream, with a line framer (see tc_connection_set_framer()).
 * Connect to the signals, then call tc_connection_start(): no message is
 * read before.
 */
TcConnection *
tc_connection_new (GIOStream *stream)
{
  TcConnection *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (stream_is_pollable (stream), NULL);

  self = g_object_new (TC_TYPE_CONNECTION, NULL);
  self->stream = g_object_ref (stream);
  self->socket_connection = find_socket_connection (stream);
  self->input = G_POLLABLE_INPUT_STREAM (g_io_stream_get_input_stream (stream));
  self->output = G_POLLABLE_OUTPUT_STREAM (g_io_stream_get_output_stream (stream));
  self->is_tls = G_IS_TLS_CONNECTION (stream);
  self->state = TC_SOCKET_STATE_CONNECTED;
  self->connected_since = g_get_real_time ();
  self->last_progress_us = g_get_monotonic_time ();

  if (self->socket_connection != NULL)
    {
      GSocket *socket = g_socket_connection_get_socket (self->socket_connection);
      g_autoptr(GSocketAddress) remote = NULL;
      g_autoptr(GSocketAddress) local = NULL;

      remote = g_socket_connection_get_remote_address (self->socket_connection, NULL);
      local = g_socket_connection_get_local_address (self->socket_connection, NULL);
      self->peer_label = remote != NULL ? tc_socket_address_format (remote) : NULL;
      self->local_label = local != NULL ? tc_socket_address_format (local) : NULL;

      /* Messages are coalesced here already; Nagle would only add delay. */
      if (g_socket_get_family (socket) != G_SOCKET_FAMILY_UNIX)
        g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, 1, NULL);
    }

  if (self->peer_label == NULL)
    self->peer_label = g_strdup ("?");
  if (self->local_label == NULL)
    self->local_label = g_strdup ("?");

  return self;
}

/* Starts reading, from the thread-default main context of the caller. */
void
tc_connection_start (TcConnection *self)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  update_read_source (self);

  if (!g_queue_is_empty (&self->send_queue))
    schedule_write (self);
}

/**
 * tc_connection_get_stream:
 *
 * Returns: (transfer none) (nullable): the stream, until the connection is
 *   disposed
 */
GIOStream *
tc_connection_get_stream (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->stream;
}

/**
 * tc_connection_get_socket:
 *
 * The socket under the stream, for socket options only: reading, writing
 * and closing go through the stream, and so does half-closing but for a
 * plain socket connection, which only a shutdown of its socket half-closes.
 *
 * Returns: (transfer none) (nullable): the socket, or %NULL when the
 *   stream is not over a #GSocketConnection
 */
GSocket *
tc_connection_get_socket (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->socket_connection != NULL
         ? g_socket_connection_get_socket (self->socket_connection) : NULL;
}

/**
 * tc_connection_get_framer:
 *
 * Returns: (transfer none): what cuts the peer's bytes into messages and
 *   wraps the messages sent
 */
TcFramer *
tc_connection_get_framer (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->framer;
}

/**
 * tc_connection_set_framer:
 * @framer: (transfer none): the framing for both directions
 *
 * Replaces the line framer the connection starts with. Only before
 * tc_connection_start(), while nothing was read nor queued: a framer
 * holds the unfinished message of the stream it was fed.
 */
void
tc_connection_set_framer (TcConnection *self,
                          TcFramer     *framer)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (TC_IS_FRAMER (framer));
  g_return_if_fail (!self->started);

  g_set_object (&self->framer, framer);
}

TcSocketState
tc_connection_get_state (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), TC_SOCKET_STATE_UNCONNECTED);

  return self->state;
}

const char *
tc_connection_get_peer_label (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->peer_label;
}

/* Returns: (nullable) (transfer full): the subject of the peer's TLS
 * certificate, or %NULL when it showed none or the stream is not TLS */
char *
tc_connection_get_peer_subject (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->stream != NULL ? tc_tls_peer_subject (self->stream) : NULL;
}

/* Returns: (nullable) (transfer full): "TLS 1.3, TLS_AES_128_GCM_SHA256",
 * or %NULL when the stream is not TLS */
char *
tc_connection_get_tls_description (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->stream != NULL ? tc_tls_describe (self->stream) : NULL;
}

const char *
tc_connection_get_local_label (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), NULL);

  return self->local_label;
}

/* Real time in microseconds, as g_get_real_time(). */
gint64
tc_connection_get_connected_since (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->connected_since;
}

guint64
tc_connection_get_bytes_in (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->bytes_in;
}

guint64
tc_connection_get_bytes_out (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->bytes_out;
}

guint64
tc_connection_get_lines_in (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->lines_in;
}

guint64
tc_connection_get_lines_out (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->lines_out;
}

gsize
tc_connection_get_unsent_bytes (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), 0);

  return self->unsent_bytes;
}

/* Above the high water mark, until drained below the low water mark. */
gboolean
tc_connection_get_congested (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), FALSE);

  return self->congested;
}

/* Congested and still taking bytes within the patience window: a sender
 * feeding it should wait for it (see tc_connection_set_patience()).
 */
gboolean
tc_connection_get_holding_back (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), FALSE);

  return self->holding_back;
}

/**
 * tc_connection_set_patience:
 * @patience_ms: how long a congested peer may take nothing and still hold
 *   its senders back
 *
 * A congested peer that took no bytes for this long stops being
 * #TcConnection:holding-back; it is still given what it can take until the
 * hard cap or the stall timeout ends it.
 */
void
tc_connection_set_patience (TcConnection *self,
                            guint         patience_ms)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (patience_ms > 0);

  self->patience_ms = patience_ms;
  update_holding_back (self);
}

void
tc_connection_set_max_line (TcConnection *self,
                            gsize         max_line)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (max_line > 0);

  tc_framer_set_max_size (self->framer, max_line);
}

/**
 * tc_connection_set_limits:
 * @high_water: unsent bytes above which the connection is congested
 * @low_water: unsent bytes at or below which it is no longer congested
 * @max_unsent: unsent bytes past which it is closed at once
 * @stall_timeout_ms: how long a congested peer may take no bytes at all
 *   before it is closed as too slow; 0 for never
 */
void
tc_connection_set_limits (TcConnection *self,
                          gsize         high_water,
                          gsize         low_water,
                          gsize         max_unsent,
                          guint         stall_timeout_ms)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (low_water <= high_water && high_water <= max_unsent);

  self->high_water = high_water;
  self->low_water = low_water;
  self->max_unsent = max_unsent;
  self->stall_timeout_ms = stall_timeout_ms;
  update_stall_watch (self);
}

/**
 * tc_connection_set_line_func:
 * @self: a #TcConnection
 * @func: (nullable): called for every line read, before
 *   #TcConnection::line-received
 * @user_data: passed to @func
 *
 * Sets the owner's hook for every line (see #TcConnectionLineFunc); %NULL
 * removes it.
 */
void
tc_connection_set_line_func (TcConnection         *self,
                             TcConnectionLineFunc  func,
                             gpointer              user_data)
{
  g_return_if_fail (TC_IS_CONNECTION (self));

  self->line_func = func;
  self->line_func_data = user_data;
}

/**
 * tc_connection_set_io_priority:
 * @self: a #TcConnection
 * @io_priority: the main-loop priority of reading from the peer
 *
 * A window reads below the priority of redrawing (GDK_PRIORITY_REDRAW),
 * e.g. at %G_PRIORITY_DEFAULT_IDLE: a main context dispatches only the
 * highest priority that is ready, so a peer that always has more to read
 * would otherwise keep the window from painting. Below
 * %G_PRIORITY_DEFAULT, reading also keeps to a time budget per main-loop
 * iteration. Writing stays at %G_PRIORITY_DEFAULT, so what the person
 * sends goes out first. The default, %G_PRIORITY_DEFAULT, suits the
 * headless modes.
 */
void
tc_connection_set_io_priority (TcConnection *self,
                               int           io_priority)
{
  g_return_if_fail (TC_IS_CONNECTION (self));

  self->io_priority = io_priority;
  if (self->read_source != NULL)
    g_source_set_priority (self->read_source, io_priority);
  if (self->idle_gap_source != NULL)
    g_source_set_priority (self->idle_gap_source, io_priority);
}

int
tc_connection_get_io_priority (TcConnection *self)
{
  g_return_val_if_fail (TC_IS_CONNECTION (self), G_PRIORITY_DEFAULT);

  return self->io_priority;
}

/* Pausing reading lets TCP flow control slow the peer down. */
void
tc_connection_set_reading (TcConnection *self,
                           gboolean      reading)
{
  g_return_if_fail (TC_IS_CONNECTION (self));

  reading = !!reading;
  if (self->reading == (guint) reading)
    return;

  self->reading = reading;
  update_read_source (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READING]);
}

/**
 * tc_connection_send_bytes:
 * @bytes: whole messages, each as the connection's framer encodes it
 *   (see tc_framer_encode_into())
 * @n_lines: how many messages @bytes holds, for the counters
 *
 * Queues @bytes without copying them, so one buffer can go to many peers.
 * Past the hard limit on unsent bytes the connection is closed: a peer
 * that far behind is not coming back.
 */
gboolean
tc_connection_send_bytes (TcConnection  *self,
                          GBytes        *bytes,
                          guint          n_lines,
                          GError       **error)
{
  gsize size;

  g_return_val_if_fail (TC_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->state != TC_SOCKET_STATE_CONNECTED || self->shutdown_write)
    {
      if (self->state == TC_SOCKET_STATE_CONNECTED)
        g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                     _("Cannot send to %s: the connection is half-closed"), self->peer_label);
      else
        g_set_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED,
                     _("Cannot send to %s: the connection is closed"), self->peer_label);
      return FALSE;
    }

  size = g_bytes_get_size (bytes);
  if (size == 0)
    return TRUE;

  if (self->unsent_bytes + size > self->max_unsent)
    {
      g_autoptr(GError) reason = NULL;

      reason = g_error_new (TC_ERROR, TC_ERROR_SEND_QUEUE_FULL,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "Too slow: %s has %zu byte waiting, over the limit of %zu",
                                         "Too slow: %s has %zu bytes waiting, over the limit of %zu",
                                         self->unsent_bytes + size),
                            self->peer_label, self->unsent_bytes + size, self->max_unsent);
      if (error != NULL)
        *error = g_error_copy (reason);
      finish_close (self, reason);
      return FALSE;
    }

  if (g_queue_is_empty (&self->send_queue))
    self->last_progress_us = g_get_monotonic_time ();

  g_queue_push_tail (&self->send_queue, g_bytes_ref (bytes));
  self->unsent_bytes += size;
  self->lines_out += n_lines;

  if (!self->congested && self->unsent_bytes > self->high_water)
    {
      set_congested (self, TRUE);
      update_stall_watch (self);
    }

  /* unsent-bytes and lines-out are announced by the write, once per pass
   * rather than once per line.
   */
  if (self->started)
    schedule_write (self);

  return TRUE;
}

/**
 * tc_connection_send_line:
 * @text: the message's content (with the line framer: the line, without
 *   its newline)
 * @len: length of @text, or -1 if it is NUL-terminated
 *
 * Queues @text as one message, as the connection's framer encodes it
 * (the line framer appends "\n").
 */
gboolean
tc_connection_send_line (TcConnection  *self,
                         const char    *text,
                         gssize         len,
                         GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (TC_IS_CONNECTION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (len < 0)
    len = strlen (text);

  bytes = tc_framer_encode (self->framer, text, (gsize) len, error);
  if (bytes == NULL)
    return FALSE;

  return tc_connection_send_bytes (self, bytes, 1, error);
}

/* Sends what is queued, then half-closes through the stream (see
 * shutdown_stream_output()): the peer sees end of stream and may still
 * answer.
 */
void
tc_connection_shutdown_write (TcConnection *self)
{
  g_return_if_fail (TC_IS_CONNECTION (self));

  if (self->state != TC_SOCKET_STATE_CONNECTED || self->shutdown_write)
    return;

  self->shutdown_write = TRUE;

  if (g_queue_is_empty (&self->send_queue))
    after_queue_drained (self);
}

/**
 * tc_connection_close:
 *
 * Closes from this side: stops reading, sends what is queued (as long as
 * the peer takes it), then closes. #TcConnection::closed follows with
 * %TC_ERROR_LOCAL_CLOSE.
 */
void
tc_connection_close (TcConnection *self)
{
  g_return_if_fail (TC_IS_CONNECTION (self));

  if (self->state == TC_SOCKET_STATE_UNCONNECTED || self->close_after_flush != NULL)
    return;

  begin_graceful_close (self, g_error_new_literal (TC_ERROR, TC_ERROR_LOCAL_CLOSE,
                                                   _("Disconnected")));
}

/* Closes at once, dropping what is queued; #TcConnection::closed carries reason. */
void
tc_connection_close_with_error (TcConnection *self,
                                const GError *reason)
{
  g_return_if_fail (TC_IS_CONNECTION (self));
  g_return_if_fail (reason != NULL);

  finish_close (self, reason);
}
