/* test-stream.c: a connection frames with whatever framer it is given, over whatever stream
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "tc-connection.h"
#include "tc-error.h"
#include "tc-test-util.h"

#define WAIT_MS 10000

/* A second framing, as plain as can be: messages of exactly @size bytes,
 * no terminator. What the connection reads and sends goes through the
 * framer interface only, or this would not work.
 */
#define TEST_TYPE_FIXED_FRAMER (test_fixed_framer_get_type ())
G_DECLARE_FINAL_TYPE (TestFixedFramer, test_fixed_framer, TEST, FIXED_FRAMER, TcFramer)

struct _TestFixedFramer
{
  TcFramer    parent_instance;
  gsize       size;
  GByteArray *partial;
};

G_DEFINE_FINAL_TYPE (TestFixedFramer, test_fixed_framer, TC_TYPE_FRAMER)

static void
test_fixed_framer_finalize (GObject *object)
{
  g_byte_array_unref (TEST_FIXED_FRAMER (object)->partial);

  G_OBJECT_CLASS (test_fixed_framer_parent_class)->finalize (object);
}

static void
test_fixed_framer_init (TestFixedFramer *self)
{
  self->partial = g_byte_array_new ();
}

static TcFramer *
test_fixed_framer_new (gsize size)
{
  TestFixedFramer *self = g_object_new (TEST_TYPE_FIXED_FRAMER, NULL);

  self->size = size;
  return TC_FRAMER (self);
}

static void
fixed_deliver (const char   *data,
               gsize         len,
               TcMessageFlags   flags,
               TcFramerFunc  func,
               gpointer      user_data)
{
  TcMessage message = {
    .data = data, .len = len, .flags = flags, .time_us = g_get_real_time (),
    .terminator = "", .terminator_len = 0,
  };

  func (&message, user_data);
}

static void
fixed_push (TcFramer     *framer,
            const char   *data,
            gsize         len,
            TcFramerFunc  func,
            gpointer      user_data)
{
  TestFixedFramer *self = TEST_FIXED_FRAMER (framer);

  while (len > 0)
    {
      gsize take = MIN (len, self->size - self->partial->len);

      g_byte_array_append (self->partial, (const guint8 *) data, (guint) take);
      data += take;
      len -= take;

      if (self->partial->len == self->size)
        {
          fixed_deliver ((const char *) self->partial->data, self->size, TC_MESSAGE_FLAG_NONE,
                         func, user_data);
          g_byte_array_set_size (self->partial, 0);
        }
    }
}

static void
fixed_finish (TcFramer     *framer,
              TcFramerFunc  func,
              gpointer      user_data)
{
  TestFixedFramer *self = TEST_FIXED_FRAMER (framer);

  if (self->partial->len == 0)
    return;

  fixed_deliver ((const char *) self->partial->data, self->partial->len,
                 TC_MESSAGE_FLAG_NO_TERMINATOR, func, user_data);
  g_byte_array_set_size (self->partial, 0);
}

static gsize
fixed_get_pending (TcFramer *framer)
{
  return TEST_FIXED_FRAMER (framer)->partial->len;
}

static gsize
fixed_get_max_size (TcFramer *framer)
{
  return TEST_FIXED_FRAMER (framer)->size;
}

static void
fixed_set_max_size (TcFramer *framer,
                    gsize     size)
{
  TEST_FIXED_FRAMER (framer)->size = size;
}

/* Only a message of the right size can go. It is refused after it was
 * appended, so that the interface's promise is tested: a refused message
 * leaves nothing of it behind.
 */
static gboolean
fixed_encode (TcFramer             *framer,
              GByteArray           *out,
              const GOutputVector  *parts,
              gsize                 n_parts,
              GError              **error)
{
  TestFixedFramer *self = TEST_FIXED_FRAMER (framer);
  gsize len = 0;

  for (gsize i = 0; i < n_parts; i++)
    {
      g_byte_array_append (out, parts[i].buffer, (guint) parts[i].size);
      len += parts[i].size;
    }

  if (len == self->size)
    return TRUE;

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               "A message is %zu bytes, not %zu", len, self->size);
  return FALSE;
}

static void
test_fixed_framer_class_init (TestFixedFramerClass *klass)
{
  TcFramerClass *framer_class = TC_FRAMER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = test_fixed_framer_finalize;

  framer_class->push = fixed_push;
  framer_class->finish = fixed_finish;
  framer_class->get_pending = fixed_get_pending;
  framer_class->get_max_size = fixed_get_max_size;
  framer_class->set_max_size = fixed_set_max_size;
  framer_class->encode = fixed_encode;
}

/* What a connection delivered and how it ended. */
typedef struct
{
  GPtrArray     *messages;      /* TcMessage copies */
  GError        *closed;
  TcSocketState  state_when_closed;
  gboolean       stream_closing_when_closed;  /* its close under way, not done */
} Received;

static void
on_message (TcConnection *connection,
            const TcMessage *message,
            gpointer      user_data)
{
  Received *r = user_data;

  g_ptr_array_add (r->messages, tc_message_copy (message));
}

static void
on_closed (TcConnection *connection,
           GError       *reason,
           Received     *r)
{
  g_assert_null (r->closed);
  r->closed = g_error_copy (reason);
  r->state_when_closed = tc_connection_get_state (connection);
  r->stream_closing_when_closed = g_io_stream_has_pending (tc_connection_get_stream (connection)) &&
                                  !g_io_stream_is_closed (tc_connection_get_stream (connection));
}

static void
received_init (Received     *r,
               TcConnection *connection)
{
  r->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  r->closed = NULL;
  tc_connection_set_line_func (connection, on_message, r);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), r);
}

static void
received_clear (Received *r)
{
  g_ptr_array_unref (r->messages);
  g_clear_error (&r->closed);
}

static void
assert_message (Received    *r,
                guint        i,
                const char  *data,
                TcMessageFlags  flags)
{
  TcMessage *message;

  g_assert_cmpuint (r->messages->len, >, i);
  message = g_ptr_array_index (r->messages, i);
  g_assert_cmpmem (message->data, message->len, data, strlen (data));
  g_assert_cmpint (message->flags, ==, flags);
}

/* The connection's end of a loopback TCP connection whose other end is
 * @peer.
 */
static GSocketConnection *
accept_connection (GSocket *listener)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;

  /* The peer's connect() returned: the connection is in the backlog. */
  socket = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);

  return g_socket_connection_factory_create_connection (socket);
}

/* Over a real TCP connection, the connection cuts what it reads and wraps
 * what it sends with the framer it was given, not with lines.
 */
static void
test_fixed_framer_over_loopback (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(TcFramer) framer = test_fixed_framer_new (4);
  g_autoptr(GByteArray) batch = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  TcConnection *connection;
  Received r;
  guint16 port;

  g_main_context_push_thread_default (context);

  listener = tc_raw_listen (&port);
  peer = tc_raw_peer_connect (context, port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  stream = accept_connection (listener);

  connection = tc_connection_new (G_IO_STREAM (stream));
  g_assert_true (tc_connection_get_stream (connection) == G_IO_STREAM (stream));
  g_assert_true (tc_connection_get_socket (connection) ==
                 g_socket_connection_get_socket (stream));
  tc_connection_set_framer (connection, framer);
  g_assert_true (tc_connection_get_framer (connection) == framer);
  received_init (&r, connection);
  tc_connection_start (connection);

  /* In: fixed-size messages, no terminator; "\n" is just a byte. */
  tc_raw_peer_send_all (peer, "abcdef\ngh\nij", 12, WAIT_MS);
  TC_WAIT_UNTIL (context, r.messages->len == 3, WAIT_MS);
  assert_message (&r, 0, "abcd", TC_MESSAGE_FLAG_NONE);
  assert_message (&r, 1, "ef\ng", TC_MESSAGE_FLAG_NONE);
  assert_message (&r, 2, "h\nij", TC_MESSAGE_FLAG_NONE);
  g_assert_cmpuint (((TcMessage *) g_ptr_array_index (r.messages, 0))->terminator_len, ==, 0);

  /* Out: the framer's encoding, and its refusal. */
  g_assert_true (tc_connection_send_line (connection, "wxyz", 4, &error));
  g_assert_no_error (error);
  g_assert_false (tc_connection_send_line (connection, "toolong", 7, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A refused message leaves the batch as it was before it. */
  g_assert_true (tc_framer_encode_into (framer, batch, "1234", 4, NULL));
  g_assert_false (tc_framer_encode_into (framer, batch, "56", 2, NULL));
  g_assert_true (tc_framer_encode_into (framer, batch, "5678", 4, NULL));
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&batch));
  g_assert_true (tc_connection_send_bytes (connection, bytes, 2, &error));
  g_assert_no_error (error);

  TC_WAIT_UNTIL (context, peer->in->len == 12, WAIT_MS);
  g_assert_cmpstr (peer->in->str, ==, "wxyz12345678");
  g_assert_cmpuint (tc_connection_get_lines_out (connection), ==, 3);

  /* The end of the stream delivers the rest, flagged. */
  tc_raw_peer_send_all (peer, "kl", 2, WAIT_MS);
  tc_raw_peer_shutdown_write (peer);
  TC_WAIT_UNTIL (context, r.closed != NULL, WAIT_MS);
  g_assert_error (r.closed, TC_ERROR, TC_ERROR_PEER_CLOSED);
  g_assert_cmpuint (r.messages->len, ==, 4);
  assert_message (&r, 3, "kl", TC_MESSAGE_FLAG_NO_TERMINATOR);
  TC_WAIT_UNTIL (context, peer->eof, WAIT_MS);

  tc_test_assert_finalized (context, connection);
  received_clear (&r);
  g_main_context_pop_thread_default (context);
}

/* A stream that is not a socket: two pipes, one each way, the
 * connection's ends non-blocking. The other ends are the peer's.
 */
typedef struct
{
  GMainContext *context;
  GIOStream    *stream;
  int           to_connection;    /* the peer writes here */
  int           from_connection;  /* the peer reads here */
  GSource      *read_source;
  GString      *in;
  gboolean      eof;
} Pipes;

static gboolean
pipes_readable_cb (int           fd,
                   GIOCondition  condition,
                   gpointer      user_data)
{
  Pipes *p = user_data;
  char buffer[4096];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    {
      g_string_append_len (p->in, buffer, n);
      return G_SOURCE_CONTINUE;
    }
  if (n < 0 && errno == EAGAIN)
    return G_SOURCE_CONTINUE;

  p->eof = TRUE;
  g_clear_pointer (&p->read_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
pipes_init (Pipes        *p,
            GMainContext *context)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  int in_fds[2], out_fds[2];

  g_assert_true (g_unix_open_pipe (in_fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_open_pipe (out_fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);
  g_assert_true (g_unix_set_fd_nonblocking (in_fds[0], TRUE, &error));
  g_assert_true (g_unix_set_fd_nonblocking (out_fds[1], TRUE, &error));
  g_assert_true (g_unix_set_fd_nonblocking (out_fds[0], TRUE, &error));
  g_assert_no_error (error);

  input = g_unix_input_stream_new (in_fds[0], TRUE);
  output = g_unix_output_stream_new (out_fds[1], TRUE);

  p->context = context;
  p->stream = g_simple_io_stream_new (input, output);
  p->to_connection = in_fds[1];
  p->from_connection = out_fds[0];
  p->in = g_string_new (NULL);
  p->eof = FALSE;
  p->read_source = g_unix_fd_source_new (p->from_connection, G_IO_IN | G_IO_HUP);
  g_source_set_callback (p->read_source, G_SOURCE_FUNC (pipes_readable_cb), p, NULL);
  g_source_attach (p->read_source, context);
}

static void
pipes_write (Pipes      *p,
             const char *data)
{
  gsize len = strlen (data);

  /* A few bytes always fit in an empty pipe. */
  g_assert_cmpint (write (p->to_connection, data, len), ==, (gssize) len);
}

static void
pipes_clear (Pipes *p)
{
  if (p->read_source != NULL)
    {
      g_source_destroy (p->read_source);
      g_clear_pointer (&p->read_source, g_source_unref);
    }
  if (p->to_connection >= 0)
    close (p->to_connection);
  close (p->from_connection);
  g_string_free (p->in, TRUE);
}

/* Half-closing a stream that is not a socket closes its output stream:
 * the way a TLS stream will send its close_notify. The peer sees the end,
 * and its answer still comes in.
 */
static void
test_pipes_half_close (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  GIOStream *stream;
  TcConnection *connection;
  gpointer weak_stream;
  Received r;
  Pipes p;

  g_main_context_push_thread_default (context);
  pipes_init (&p, context);
  stream = p.stream;

  connection = tc_connection_new (stream);
  g_assert_nonnull (connection);
  g_assert_null (tc_connection_get_socket (connection));
  g_assert_cmpstr (tc_connection_get_peer_label (connection), ==, "?");
  received_init (&r, connection);
  tc_connection_start (connection);

  pipes_write (&p, "hello\r\n");
  TC_WAIT_UNTIL (context, r.messages->len == 1, WAIT_MS);
  assert_message (&r, 0, "hello", TC_MESSAGE_FLAG_CRLF);

  g_assert_true (tc_connection_send_line (connection, "one", -1, &error));
  g_assert_no_error (error);
  tc_connection_shutdown_write (connection);
  TC_WAIT_UNTIL (context, p.eof, WAIT_MS);
  g_assert_cmpstr (p.in->str, ==, "one\n");
  TC_WAIT_UNTIL (context, g_output_stream_is_closed (g_io_stream_get_output_stream (stream)),
                 WAIT_MS);
  g_assert_false (g_input_stream_is_closed (g_io_stream_get_input_stream (stream)));
  g_assert_cmpint (tc_connection_get_state (connection), ==, TC_SOCKET_STATE_CONNECTED);

  /* Half-closed: sending is refused, reading goes on. */
  g_assert_false (tc_connection_send_line (connection, "two", -1, &error));
  g_assert_error (error, TC_ERROR, TC_ERROR_NOT_CONNECTED);
  pipes_write (&p, "answer\n");
  TC_WAIT_UNTIL (context, r.messages->len == 2, WAIT_MS);
  assert_message (&r, 1, "answer", TC_MESSAGE_FLAG_NONE);

  /* The peer ends too: closed at once, the stream closed through GIO. */
  close (p.to_connection);
  p.to_connection = -1;
  TC_WAIT_UNTIL (context, r.closed != NULL, WAIT_MS);
  g_assert_error (r.closed, TC_ERROR, TC_ERROR_PEER_CLOSED);
  g_assert_cmpint (r.state_when_closed, ==, TC_SOCKET_STATE_UNCONNECTED);
  TC_WAIT_UNTIL (context, g_io_stream_is_closed (stream), WAIT_MS);

  weak_stream = stream;
  g_object_add_weak_pointer (G_OBJECT (stream), &weak_stream);
  g_object_unref (p.stream);
  tc_test_assert_finalized (context, connection);
  TC_WAIT_UNTIL (context, weak_stream == NULL, WAIT_MS);

  pipes_clear (&p);
  received_clear (&r);
  g_main_context_pop_thread_default (context);
}

/* Closing sends what is queued, says closed at once, and closes the
 * stream asynchronously: the peer reads the rest and then the end.
 */
static void
test_pipes_close (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  TcConnection *connection;
  Received r;
  Pipes p;

  g_main_context_push_thread_default (context);
  pipes_init (&p, context);

  connection = tc_connection_new (p.stream);
  received_init (&r, connection);
  tc_connection_start (connection);

  g_assert_true (tc_connection_send_line (connection, "bye", -1, NULL));
  tc_connection_close (connection);
  TC_WAIT_UNTIL (context, r.closed != NULL, WAIT_MS);
  g_assert_error (r.closed, TC_ERROR, TC_ERROR_LOCAL_CLOSE);
  g_assert_cmpint (r.state_when_closed, ==, TC_SOCKET_STATE_UNCONNECTED);
  /* Said when decided; the stream's close finishes on its own. */
  g_assert_true (r.stream_closing_when_closed);

  TC_WAIT_UNTIL (context, p.eof, WAIT_MS);
  g_assert_cmpstr (p.in->str, ==, "bye\n");
  TC_WAIT_UNTIL (context, g_io_stream_is_closed (p.stream), WAIT_MS);

  tc_test_assert_finalized (context, connection);
  g_object_unref (p.stream);
  pipes_clear (&p);
  received_clear (&r);
  g_main_context_pop_thread_default (context);
}

/* A connection dropped without a close still closes its stream, without
 * blocking, and leaves nothing behind once the context has run.
 */
static void
test_pipes_dispose (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  TcConnection *connection;
  gpointer weak_stream;
  Pipes p;

  g_main_context_push_thread_default (context);
  pipes_init (&p, context);

  connection = tc_connection_new (p.stream);
  tc_connection_start (connection);
  weak_stream = p.stream;
  g_object_add_weak_pointer (G_OBJECT (p.stream), &weak_stream);
  g_object_unref (p.stream);

  tc_test_assert_finalized (context, connection);
  TC_WAIT_UNTIL (context, p.eof, WAIT_MS);
  TC_WAIT_UNTIL (context, weak_stream == NULL, WAIT_MS);

  pipes_clear (&p);
  g_main_context_pop_thread_default (context);
}

/* Over a socket, closing goes through the stream as well: the stream ends
 * closed, and the peer sees an orderly end.
 */
static void
test_socket_close (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(TcRawPeer) peer = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  TcConnection *connection;
  Received r;
  guint16 port;

  g_main_context_push_thread_default (context);

  listener = tc_raw_listen (&port);
  peer = tc_raw_peer_connect (context, port, 0, TC_RAW_PEER_READ | TC_RAW_PEER_KEEP_INPUT);
  stream = accept_connection (listener);

  connection = tc_connection_new (G_IO_STREAM (stream));
  received_init (&r, connection);
  tc_connection_start (connection);

  tc_raw_peer_send_all (peer, "hi\n", 3, WAIT_MS);
  TC_WAIT_UNTIL (context, r.messages->len == 1, WAIT_MS);

  g_assert_true (tc_connection_send_line (connection, "bye", -1, NULL));
  tc_connection_close (connection);
  TC_WAIT_UNTIL (context, r.closed != NULL, WAIT_MS);
  g_assert_cmpint (r.state_when_closed, ==, TC_SOCKET_STATE_UNCONNECTED);
  g_assert_true (r.stream_closing_when_closed);
  TC_WAIT_UNTIL (context, peer->eof, WAIT_MS);
  g_assert_cmpstr (peer->in->str, ==, "bye\n");
  g_assert_no_error (peer->error);
  TC_WAIT_UNTIL (context, g_io_stream_is_closed (G_IO_STREAM (stream)), WAIT_MS);

  tc_test_assert_finalized (context, connection);
  received_clear (&r);
  g_main_context_pop_thread_default (context);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stream/framer/fixed-size-over-loopback", test_fixed_framer_over_loopback);
  g_test_add_func ("/stream/pipes/half-close", test_pipes_half_close);
  g_test_add_func ("/stream/pipes/close", test_pipes_close);
  g_test_add_func ("/stream/pipes/dispose", test_pipes_dispose);
  g_test_add_func ("/stream/socket/close", test_socket_close);

  return g_test_run ();
}
