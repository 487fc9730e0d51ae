/* tc-test-util.c: deadlines and raw TCP peers for tests that drive sockets with a main context
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-test-util.h"

#include <string.h>
#include <sys/socket.h>

#define READ_CHUNK (64 * 1024)

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

GSource *
tc_test_deadline_new (GMainContext *context,
                      guint         timeout_ms,
                      gboolean     *flag)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, deadline_cb, flag, NULL);
  g_source_attach (source, context);

  return source;
}

/* Runs whatever is ready, boundedly, so cancelled operations complete. */
void
tc_test_drain (GMainContext *context)
{
  for (guint i = 0; i < 10000 && g_main_context_pending (context); i++)
    g_main_context_iteration (context, FALSE);
}

/* Runs @context for @ms, for what happens meanwhile to be measured. */
void
tc_test_run_for (GMainContext *context,
                 guint         ms)
{
  gboolean done = FALSE;
  GSource *timer = tc_test_deadline_new (context, ms, &done);

  while (!done)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timer);
  g_source_unref (timer);
}

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates @context until @condition holds or @timeout_ms pass; says
 * whether it holds. A short wake-up notices conditions that change with
 * no source of their own (a widget's state, another thread).
 */
gboolean
tc_test_wait_for (GMainContext  *context,
                  gboolean     (*condition) (gpointer data),
                  gpointer       data,
                  guint          timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *deadline = tc_test_deadline_new (context, timeout_ms, &timed_out);
  GSource *wake = g_timeout_source_new (20);
  gboolean ok;

  g_source_set_callback (wake, wake_cb, NULL, NULL);
  g_source_attach (wake, context);
  while (!(ok = condition (data)) && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (wake);
  g_source_unref (wake);
  g_source_destroy (deadline);
  g_source_unref (deadline);

  return ok;
}

/* Under tests/run-valgrind.sh (which sets TCPCHAT_TESTS_VALGRIND) our
 * programs run under valgrind too, volumes are cut down and resident
 * memory says nothing about the program.
 */
gboolean
tc_test_under_valgrind (void)
{
  return g_getenv ("TCPCHAT_TESTS_VALGRIND") != NULL;
}

/**
 * tc_test_require_tool:
 * @name: a program no one here wrote ("nc", "socat", "tcpdump")
 * @package: the Debian package that has it
 *
 * A missing tool skips the test, except in CI (CI=true), where it fails it.
 *
 * Returns: (transfer full) (nullable): its path, or %NULL: return then
 */
char *
tc_test_require_tool (const char *name,
                      const char *package)
{
  char *path = g_find_program_in_path (name);

  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed (apt-get install %s)",
                                              name, package);

      if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
        {
          g_test_message ("%s", msg);
          g_test_fail ();
        }
      else
        g_test_skip (msg);
    }

  return path;
}

/* Drops the caller's reference and waits until the object is finalized:
 * pending operations may hold it for a few iterations, a leak never ends.
 */
void
tc_test_assert_finalized (GMainContext *context,
                          gpointer      object)
{
  gpointer weak = object;

  g_assert_true (G_IS_OBJECT (object));
  g_object_add_weak_pointer (G_OBJECT (object), &weak);
  g_object_unref (object);
  TC_WAIT_UNTIL (context, weak == NULL, 5000);
}

/* Raw peers */

static void
peer_take_input (TcRawPeer  *peer,
                 const char *data,
                 gsize       len)
{
  const char *p = data;
  const char *end = data + len;

  peer->bytes_in += len;
  if (peer->keep_input)
    g_string_append_len (peer->in, data, (gssize) len);

  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));

      if (nl == NULL)
        {
          if (peer->line_func != NULL)
            g_string_append_len (peer->partial, p, end - p);
          break;
        }

      peer->lines_in++;
      if (peer->line_func != NULL)
        {
          if (peer->partial->len == 0)
            peer->line_func (peer, p, (gsize) (nl - p), peer->line_data);
          else
            {
              g_string_append_len (peer->partial, p, nl - p);
              peer->line_func (peer, peer->partial->str, peer->partial->len, peer->line_data);
              g_string_truncate (peer->partial, 0);
            }
        }
      p = nl + 1;
    }
}

/* Reads what is there now, at most read_limit bytes. */
void
tc_raw_peer_read_some (TcRawPeer *peer)
{
  char buffer[READ_CHUNK];
  gsize budget = peer->read_limit > 0 ? peer->read_limit : G_MAXSIZE;

  /* Bounded: a fast writer cannot keep this loop going for ever. */
  for (guint i = 0; i < 16 && budget > 0 && !peer->eof; i++)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_socket_receive (peer->socket, buffer, MIN (sizeof buffer, budget), NULL, &error);
      if (n > 0)
        {
          peer_take_input (peer, buffer, (gsize) n);
          budget -= (gsize) n;
        }
      else if (n == 0)
        peer->eof = TRUE;
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        break;
      else
        {
          peer->eof = TRUE;
          g_clear_error (&peer->error);
          peer->error = g_steal_pointer (&error);
        }
    }
}

static gboolean
peer_readable_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  TcRawPeer *peer = user_data;

  tc_raw_peer_read_some (peer);
  if (peer->eof)
    {
      g_clear_pointer (&peer->in_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

void
tc_raw_peer_set_reading (TcRawPeer *peer,
                         gboolean   reading)
{
  if (reading && peer->in_source == NULL && !peer->eof)
    {
      peer->in_source = g_socket_create_source (peer->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (peer->in_source, G_SOURCE_FUNC (peer_readable_cb), peer, NULL);
      g_source_attach (peer->in_source, peer->context);
    }
  else if (!reading && peer->in_source != NULL)
    {
      g_source_destroy (peer->in_source);
      g_clear_pointer (&peer->in_source, g_source_unref);
    }
}

/* Takes @socket, connected, and makes it non-blocking. */
static TcRawPeer *
raw_peer_new (GMainContext   *context,
              GSocket        *socket,
              TcRawPeerFlags  flags)
{
  TcRawPeer *peer = g_new0 (TcRawPeer, 1);

  peer->context = context;
  peer->keep_input = (flags & TC_RAW_PEER_KEEP_INPUT) != 0;
  peer->in = g_string_new (NULL);
  peer->partial = g_string_new (NULL);
  peer->out = g_byte_array_new ();
  peer->socket = socket;
  g_socket_set_blocking (peer->socket, FALSE);

  tc_raw_peer_set_reading (peer, (flags & TC_RAW_PEER_READ) != 0);

  return peer;
}

/* @rcvbuf > 0 shrinks the receive buffer before connecting, so that a peer
 * that does not read is full after a few KiB.
 */
TcRawPeer *
tc_raw_peer_connect (GMainContext   *context,
                     guint16         port,
                     int             rcvbuf,
                     TcRawPeerFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  if (rcvbuf > 0)
    {
      g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, rcvbuf, &error);
      g_assert_no_error (error);
    }

  /* On loopback the kernel completes the handshake before any accept(). */
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);

  return raw_peer_new (context, g_steal_pointer (&socket), flags);
}

/* A plain listening socket on 127.0.0.1 and a free port, for a test that
 * plays the server itself.
 */
GSocket *
tc_raw_listen (guint16 *port)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) listener = NULL;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                           G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (listener, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (listener, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (listener, FALSE);

  bound = g_socket_get_local_address (listener, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_assert_cmpuint (*port, !=, 0);

  return g_steal_pointer (&listener);
}

static gboolean
acceptable_cb (GSocket      *socket,
               GIOCondition  condition,
               gpointer      user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Takes the next connection on @listener (from tc_raw_listen()) as a raw
 * peer, running @context until one comes.
 */
TcRawPeer *
tc_raw_peer_accept (GMainContext   *context,
                    GSocket        *listener,
                    guint           timeout_ms,
                    TcRawPeerFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSource) watch = NULL;
  GSocket *socket;
  gboolean acceptable = FALSE;

  socket = g_socket_accept (listener, NULL, &error);
  if (socket == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      g_clear_error (&error);

      watch = g_socket_create_source (listener, G_IO_IN, NULL);
      g_source_set_callback (watch, G_SOURCE_FUNC (acceptable_cb), &acceptable, NULL);
      g_source_attach (watch, context);
      TC_WAIT_UNTIL (context, acceptable, timeout_ms);
      g_source_destroy (watch);

      socket = g_socket_accept (listener, NULL, &error);
      g_assert_no_error (error);
    }

  return raw_peer_new (context, socket, flags);
}

static gboolean
writable_flag_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sends all of @data, running @peer's context while the socket is full so
 * that a server in this process can read.
 */
void
tc_raw_peer_send_all (TcRawPeer  *peer,
                      const char *data,
                      gsize       len,
                      guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize done = 0;

  while (done < len)
    {
      g_autoptr(GError) error = NULL;
      gboolean writable = FALSE;
      gboolean timed_out = FALSE;
      GSource *watch;
      GSource *timer;
      gssize n;

      n = g_socket_send (peer->socket, data + done, len - done, NULL, &error);
      if (n > 0)
        {
          done += (gsize) n;
          peer->bytes_out += (guint64) n;
          continue;
        }

      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
      if (g_get_monotonic_time () > deadline)
        g_error ("only %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes sent in %u ms",
                 done, len, timeout_ms);

      watch = g_socket_create_source (peer->socket, G_IO_OUT | G_IO_ERR | G_IO_HUP, NULL);
      g_source_set_callback (watch, G_SOURCE_FUNC (writable_flag_cb), &writable, NULL);
      g_source_attach (watch, peer->context);
      timer = tc_test_deadline_new (peer->context, 100, &timed_out);
      while (!writable && !timed_out)
        g_main_context_iteration (peer->context, TRUE);
      g_source_destroy (watch);
      g_source_unref (watch);
      g_source_destroy (timer);
      g_source_unref (timer);
    }
}

static gboolean
peer_writable_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  TcRawPeer *peer = user_data;

  for (guint round = 0; round < 16; round++)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      if (peer->out_offset == peer->out->len)
        {
          g_byte_array_set_size (peer->out, 0);
          peer->out_offset = 0;
          if (peer->out_done || !peer->fill_func (peer, peer->out, peer->fill_data))
            peer->out_done = TRUE;
          if (peer->out->len == 0)
            break;
        }

      n = g_socket_send (peer->socket, (const char *) peer->out->data + peer->out_offset,
                         peer->out->len - peer->out_offset, NULL, &error);
      if (n > 0)
        {
          peer->out_offset += (gsize) n;
          peer->bytes_out += (guint64) n;
          continue;
        }

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return G_SOURCE_CONTINUE;

      peer->out_done = TRUE;
      g_clear_error (&peer->error);
      peer->error = g_steal_pointer (&error);
      break;
    }

  if (peer->out_done && peer->out_offset == peer->out->len)
    {
      g_clear_pointer (&peer->out_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

/* Sends what @func produces, as fast as the socket takes it, from the
 * main context, until @func returns FALSE (then out_done is set).
 */
void
tc_raw_peer_start_writing (TcRawPeer         *peer,
                           TcRawPeerFillFunc  func,
                           gpointer           user_data)
{
  g_assert_null (peer->out_source);

  peer->fill_func = func;
  peer->fill_data = user_data;
  peer->out_source = g_socket_create_source (peer->socket, G_IO_OUT | G_IO_ERR | G_IO_HUP, NULL);
  g_source_set_callback (peer->out_source, G_SOURCE_FUNC (peer_writable_cb), peer, NULL);
  g_source_attach (peer->out_source, peer->context);
}

void
tc_raw_peer_shutdown_write (TcRawPeer *peer)
{
  g_autoptr(GError) error = NULL;

  g_socket_shutdown (peer->socket, FALSE, TRUE, &error);
  g_assert_no_error (error);
}

static void
peer_stop_sources (TcRawPeer *peer)
{
  tc_raw_peer_set_reading (peer, FALSE);
  if (peer->out_source != NULL)
    {
      g_source_destroy (peer->out_source);
      g_clear_pointer (&peer->out_source, g_source_unref);
    }
}

/* Closes with SO_LINGER 0: the kernel sends RST, not FIN. */
void
tc_raw_peer_reset (TcRawPeer *peer)
{
  g_autoptr(GError) error = NULL;
  struct linger linger = { 1, 0 };

  peer_stop_sources (peer);
  g_assert_cmpint (setsockopt (g_socket_get_fd (peer->socket), SOL_SOCKET, SO_LINGER,
                               &linger, sizeof linger), ==, 0);
  g_socket_close (peer->socket, &error);
  g_assert_no_error (error);
}

void
tc_raw_peer_close (TcRawPeer *peer)
{
  g_autoptr(GError) error = NULL;

  peer_stop_sources (peer);
  g_socket_close (peer->socket, &error);
  g_assert_no_error (error);
}

void
tc_raw_peer_free (TcRawPeer *peer)
{
  if (peer == NULL)
    return;

  peer_stop_sources (peer);
  g_clear_object (&peer->socket);
  g_string_free (peer->in, TRUE);
  g_string_free (peer->partial, TRUE);
  g_byte_array_unref (peer->out);
  g_clear_error (&peer->error);
  g_free (peer);
}

/* Floods */

static gboolean
flood_fill_cb (TcRawPeer  *peer,
               GByteArray *out,
               gpointer    user_data)
{
  TcFlood *flood = user_data;

  g_byte_array_append (out, (const guint8 *) flood->block->str, flood->block->len);
  return TRUE;
}

static gpointer
flood_thread (gpointer data)
{
  TcFlood *flood = data;
  gint64 deadline = g_get_monotonic_time () + 5 * 60 * G_USEC_PER_SEC;

  g_main_context_push_thread_default (flood->context);
  /* Bounded: a test stops it long before the deadline. */
  while (!g_atomic_int_get (&flood->stop) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (flood->context, TRUE);
  g_main_context_pop_thread_default (flood->context);

  return NULL;
}

TcFlood *
tc_flood_new (void)
{
  TcFlood *flood = g_new0 (TcFlood, 1);

  flood->context = g_main_context_new ();
  flood->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_raw_peer_free);
  flood->block = g_string_new (NULL);
  for (guint i = 0; i < 4096; i++)
    g_string_append_printf (flood->block, "flood line %06u\n", i);

  return flood;
}

/* @peer, made on flood->context, belongs to @flood from now on. */
void
tc_flood_add (TcFlood   *flood,
              TcRawPeer *peer)
{
  g_assert (peer->context == flood->context);
  g_assert_null (flood->thread);

  g_ptr_array_add (flood->peers, peer);
}

/* Every peer writes from now on, until tc_flood_stop(). */
void
tc_flood_start (TcFlood *flood)
{
  g_assert_null (flood->thread);

  for (guint i = 0; i < flood->peers->len; i++)
    tc_raw_peer_start_writing (g_ptr_array_index (flood->peers, i), flood_fill_cb, flood);
  flood->thread = g_thread_new ("flood", flood_thread, flood);
}

/* The writing stops; the peers can then be used from the caller's thread. */
void
tc_flood_stop (TcFlood *flood)
{
  if (flood->thread == NULL)
    return;

  g_atomic_int_set (&flood->stop, 1);
  g_main_context_wakeup (flood->context);
  g_thread_join (g_steal_pointer (&flood->thread));
}

void
tc_flood_free (TcFlood *flood)
{
  if (flood == NULL)
    return;

  tc_flood_stop (flood);
  g_ptr_array_unref (flood->peers);
  g_main_context_unref (flood->context);
  g_string_free (flood->block, TRUE);
  g_free (flood);
}
