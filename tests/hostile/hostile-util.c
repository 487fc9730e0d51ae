/* hostile-util.c: raw peers, child servers and memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hostile-util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define READ_CHUNK (64 * 1024)

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

GSource *
hostile_deadline_new (GMainContext *context,
                      guint         timeout_ms,
                      gboolean     *flag)
{
  GSource *source = g_timeout_source_new (timeout_ms);

  g_source_set_callback (source, set_flag_cb, flag, NULL);
  g_source_attach (source, context);

  return source;
}

/* Runs what is ready now, a bounded number of times. */
void
hostile_drain (GMainContext *context)
{
  for (guint i = 0; i < 10000 && g_main_context_pending (context); i++)
    g_main_context_iteration (context, FALSE);
}

/* Resident memory of @pid (0: this process) in KiB, from /proc. */
gsize
hostile_rss_kib (GPid pid)
{
  g_autofree char *path = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;
  const char *field;

  path = pid == 0 ? g_strdup ("/proc/self/status") : g_strdup_printf ("/proc/%d/status", pid);
  g_file_get_contents (path, &status, NULL, &error);
  g_assert_no_error (error);

  field = strstr (status, "\nVmRSS:");
  g_assert_nonnull (field);

  return (gsize) g_ascii_strtoull (field + strlen ("\nVmRSS:"), NULL, 10);
}

/* Under valgrind (tests/run-valgrind.sh sets TCPCHAT_TESTS_VALGRIND),
 * resident memory says nothing about the program and volumes are cut down.
 */
gboolean
hostile_under_valgrind (void)
{
  return g_getenv ("TCPCHAT_TESTS_VALGRIND") != NULL;
}

#if defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define HOSTILE_ASAN 1
# endif
#endif
#if defined(__SANITIZE_ADDRESS__)
# define HOSTILE_ASAN 1
#endif

/* Valgrind and AddressSanitizer keep freed memory aside on purpose, so the
 * resident size says nothing about what the program holds: the memory
 * bounds are asserted in the plain build only.
 */
gboolean
hostile_rss_is_meaningful (void)
{
#ifdef HOSTILE_ASAN
  return FALSE;
#else
  return !hostile_under_valgrind ();
#endif
}

/* Peers */

static void
peer_take_input (HostilePeer *peer,
                 const char  *data,
                 gsize        len)
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
hostile_peer_read_now (HostilePeer *peer)
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
  HostilePeer *peer = user_data;

  hostile_peer_read_now (peer);
  if (peer->eof)
    {
      g_clear_pointer (&peer->in_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

void
hostile_peer_set_reading (HostilePeer *peer,
                          gboolean     reading)
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

/* @rcvbuf > 0 shrinks the receive buffer before connecting, so that a peer
 * that does not read is full after a few KiB.
 */
HostilePeer *
hostile_peer_connect (GMainContext *context,
                      guint16       port,
                      int           rcvbuf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  HostilePeer *peer = g_new0 (HostilePeer, 1);

  peer->context = context;
  peer->in = g_string_new (NULL);
  peer->partial = g_string_new (NULL);
  peer->out = g_byte_array_new ();
  peer->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  if (rcvbuf > 0)
    {
      g_socket_set_option (peer->socket, SOL_SOCKET, SO_RCVBUF, rcvbuf, &error);
      g_assert_no_error (error);
    }

  /* On loopback the kernel completes the handshake before any accept(). */
  g_socket_connect (peer->socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (peer->socket, FALSE);

  return peer;
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
hostile_peer_write_all (HostilePeer *peer,
                        const char  *data,
                        gsize        len,
                        guint        timeout_ms)
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
      timer = hostile_deadline_new (peer->context, 100, &timed_out);
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
  HostilePeer *peer = user_data;

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
hostile_peer_start_writing (HostilePeer     *peer,
                            HostileFillFunc  func,
                            gpointer         user_data)
{
  g_assert_null (peer->out_source);

  peer->fill_func = func;
  peer->fill_data = user_data;
  peer->out_source = g_socket_create_source (peer->socket, G_IO_OUT | G_IO_ERR | G_IO_HUP, NULL);
  g_source_set_callback (peer->out_source, G_SOURCE_FUNC (peer_writable_cb), peer, NULL);
  g_source_attach (peer->out_source, peer->context);
}

void
hostile_peer_shutdown_write (HostilePeer *peer)
{
  g_autoptr(GError) error = NULL;

  g_socket_shutdown (peer->socket, FALSE, TRUE, &error);
  g_assert_no_error (error);
}

static void
peer_stop_sources (HostilePeer *peer)
{
  hostile_peer_set_reading (peer, FALSE);
  if (peer->out_source != NULL)
    {
      g_source_destroy (peer->out_source);
      g_clear_pointer (&peer->out_source, g_source_unref);
    }
}

/* Closes with SO_LINGER 0: the kernel sends RST, not FIN. */
void
hostile_peer_reset (HostilePeer *peer)
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
hostile_peer_close (HostilePeer *peer)
{
  g_autoptr(GError) error = NULL;

  peer_stop_sources (peer);
  g_socket_close (peer->socket, &error);
  g_assert_no_error (error);
}

void
hostile_peer_free (HostilePeer *peer)
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

/* Child processes */

static void child_read_next (HostileChild *child);

static void
child_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostileChild *child = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (n <= 0)
    {
      child->out_eof = TRUE;
      return;
    }

  g_string_append_len (child->out, child->buffer, n);
  child_read_next (child);
}

static void
child_read_next (HostileChild *child)
{
  g_input_stream_read_async (child->stdout_pipe, child->buffer, sizeof child->buffer,
                             G_PRIORITY_DEFAULT, child->cancellable, child_read_cb, child);
}

static void
child_wait_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  HostileChild *child = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error))
    return;

  child->exited = TRUE;
  child->exit_status = g_subprocess_get_status (G_SUBPROCESS (object));
}

/* Starts @argv with stdout to a pipe that @context reads; call with
 * @context pushed as the thread default.
 */
HostileChild *
hostile_child_spawn (GMainContext       *context,
                     const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  HostileChild *child = g_new0 (HostileChild, 1);

  child->context = g_main_context_ref (context);
  child->out = g_string_new (NULL);
  child->cancellable = g_cancellable_new ();
  child->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                      G_SUBPROCESS_FLAGS_STDIN_PIPE, &error);
  g_assert_no_error (error);
  child->stdout_pipe = g_object_ref (g_subprocess_get_stdout_pipe (child->process));

  child_read_next (child);
  g_subprocess_wait_async (child->process, child->cancellable, child_wait_cb, child);

  return child;
}

/* Waits for "listening on HOST:PORT" and returns PORT. */
guint16
hostile_child_wait_port (HostileChild *child)
{
  const char *found;
  const char *colon;
  guint64 port = 0;

  HOSTILE_WAIT_UNTIL (child->context,
                      (found = strstr (child->out->str, "listening on ")) != NULL &&
                      strchr (found, '\n') != NULL,
                      10000);

  /* The port is after the last ':' before the end of that line, which also
   * covers "[::1]:PORT".
   */
  colon = NULL;
  for (const char *p = found; *p != '\n' && *p != '\0'; p++)
    if (*p == ':')
      colon = p;
  g_assert_nonnull (colon);
  port = g_ascii_strtoull (colon + 1, NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <=, 65535);

  return (guint16) port;
}

GPid
hostile_child_get_pid (HostileChild *child)
{
  const char *id = g_subprocess_get_identifier (child->process);

  g_assert_nonnull (id);
  return (GPid) atoi (id);
}

/* SIGTERM, then waits for a clean exit and the end of its output. */
void
hostile_child_terminate (HostileChild *child)
{
  if (!child->exited)
    g_subprocess_send_signal (child->process, SIGTERM);

  HOSTILE_WAIT_UNTIL (child->context, child->exited && child->out_eof, 10000);
  g_assert_cmpint (child->exit_status, ==, 0);
}

void
hostile_child_free (HostileChild *child)
{
  if (child == NULL)
    return;

  if (!child->exited)
    {
      g_subprocess_force_exit (child->process);
      HOSTILE_WAIT_UNTIL (child->context, child->exited, 10000);
    }

  g_cancellable_cancel (child->cancellable);
  hostile_drain (child->context);
  g_clear_object (&child->cancellable);
  g_clear_object (&child->stdout_pipe);
  g_clear_object (&child->process);
  g_string_free (child->out, TRUE);
  g_main_context_unref (child->context);
  g_free (child);
}
