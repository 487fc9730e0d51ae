/* tc-headless-output.c: stdout of the headless modes: time-stamped records or raw bytes,
 * buffered, flushed when idle, and its failures
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-headless-output.h"
#include "tc-source.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BUFFER_SIZE        (64 * 1024)
#define FLUSH_INTERVAL_US  (100 * 1000)
#define FLUSH_CHECK_WRITES 64

struct _TcHeadlessOutput
{
  char                     *program;
  TcHeadlessOutputFailFunc  fail_func;
  gpointer                  fail_data;

  GString                  *scratch;       /* the record being built */
  gint64                    stamp_second;  /* of the cached "HH:MM:SS" */
  char                      stamp[16];

  GSource                  *flush_source;
  gint64                    last_flush_us;
  guint                     writes_since_check;
  GSource                  *reader_watch;
  gboolean                  failed;
};

/**
 * tc_headless_output_new:
 * @program: the program's name, before its messages on stderr
 * @fail_func: called once when stdout fails
 *
 * Takes stdout over: block-buffered unless a terminal, and SIGPIPE ignored
 * so that a reader that has gone is an error to handle, not the end of the
 * process. Output is flushed as soon as the main loop is idle, and at
 * least every FLUSH_INTERVAL_US while it is busy.
 *
 * Returns: (transfer full): the output
 */
TcHeadlessOutput *
tc_headless_output_new (const char               *program,
                        TcHeadlessOutputFailFunc  fail_func,
                        gpointer                  user_data)
{
  TcHeadlessOutput *self;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (fail_func != NULL, NULL);

  /* glibc takes the size only with a buffer: given NULL, it makes one of
   * the pipe's block size (4 KiB), a write() for every 4 KiB printed. */
  if (!isatty (STDOUT_FILENO))
    {
      static char buffer[BUFFER_SIZE];

      setvbuf (stdout, buffer, _IOFBF, sizeof buffer);
    }
  /* GSocket does the same, but only once its class is first used. */
  signal (SIGPIPE, SIG_IGN);

  self = g_new0 (TcHeadlessOutput, 1);
  self->program = g_strdup (program);
  self->fail_func = fail_func;
  self->fail_data = user_data;
  self->scratch = g_string_sized_new (256);
  self->stamp_second = -1;
  self->last_flush_us = g_get_monotonic_time ();

  return self;
}

/* Leaves what is buffered unflushed: tc_headless_output_flush() first. */
void
tc_headless_output_free (TcHeadlessOutput *self)
{
  if (self == NULL)
    return;

  tc_source_clear (&self->flush_source);
  tc_source_clear (&self->reader_watch);
  g_string_free (self->scratch, TRUE);
  g_free (self->program);
  g_free (self);
}

static void
output_fail (TcHeadlessOutput *self,
             int               saved_errno)
{
  if (self->failed)
    return;

  self->failed = TRUE;
  if (saved_errno == EPIPE)
    {
      self->fail_func (TC_EXIT_OUTPUT_GONE, self->fail_data);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("cannot write to stdout: %s"),
                                                  g_strerror (saved_errno));

      g_printerr ("%s: %s\n", self->program, message);
      self->fail_func (1, self->fail_data);
    }
}

gboolean
tc_headless_output_failed (TcHeadlessOutput *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->failed;
}

/* Stdout is block-buffered unless a terminal: a failed write may only show here. */
void
tc_headless_output_flush (TcHeadlessOutput *self)
{
  g_return_if_fail (self != NULL);

  tc_source_clear (&self->flush_source);
  if (!self->failed && fflush (stdout) != 0)
    output_fail (self, errno);
  self->last_flush_us = g_get_monotonic_time ();
}

static gboolean
reader_gone_cb (int          fd,
                GIOCondition condition,
                gpointer     user_data)
{
  TcHeadlessOutput *self = user_data;

  tc_source_clear (&self->reader_watch);
  output_fail (self, EPIPE);

  return G_SOURCE_REMOVE;
}

/* Notices that the reader of a pipe has gone while nothing is being
 * written, when no write could fail to tell it. Pipes only: a file never
 * loses its reader, and a terminal or socket says so by failing writes.
 */
static GSource *
watch_reader_gone (int               fd,
                   GUnixFDSourceFunc func,
                   gpointer          user_data)
{
  struct stat st;
  GSource *source;

  if (fstat (fd, &st) != 0 || !S_ISFIFO (st.st_mode))
    return NULL;

  /* poll() reports POLLERR on a pipe's write end once no reader is left. */
  source = g_unix_fd_source_new (fd, G_IO_ERR);
  g_source_set_callback (source, G_SOURCE_FUNC (func), user_data, NULL);
  g_source_set_static_name (source, "[tcpchat] output reader gone");
  g_source_attach (source, g_main_context_get_thread_default ());

  return source;
}

/**
 * tc_headless_output_watch_reader:
 * @watch: whether to watch
 *
 * While watched, a pipe's reader that goes away is noticed at once, even
 * when nothing is being written, and fails the output as a write would.
 */
void
tc_headless_output_watch_reader (TcHeadlessOutput *self,
                                 gboolean          watch)
{
  g_return_if_fail (self != NULL);

  if (watch && self->reader_watch == NULL)
    self->reader_watch = watch_reader_gone (STDOUT_FILENO, reader_gone_cb, self);
  else if (!watch)
    tc_source_clear (&self->reader_watch);
}

static gboolean
flush_idle_cb (gpointer user_data)
{
  TcHeadlessOutput *self = user_data;

  tc_headless_output_flush (self);

  return G_SOURCE_REMOVE;
}

/**
 * tc_headless_output_written:
 *
 * Says that a whole unit (a record, a line) has been written: it reaches
 * the reader when the loop is next idle, or now when the last flush is
 * FLUSH_INTERVAL_US old.
 */
void
tc_headless_output_written (TcHeadlessOutput *self)
{
  g_return_if_fail (self != NULL);

  /* The clock is read once per FLUSH_CHECK_WRITES units: in a flood, once
   * per line showed in profiles. */
  if (++self->writes_since_check >= FLUSH_CHECK_WRITES)
    {
      self->writes_since_check = 0;
      if (g_get_monotonic_time () - self->last_flush_us > FLUSH_INTERVAL_US)
        {
          tc_headless_output_flush (self);
          return;
        }
    }

  if (self->flush_source == NULL)
    {
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, G_PRIORITY_LOW);
      g_source_set_callback (self->flush_source, flush_idle_cb, self, NULL);
      g_source_set_static_name (self->flush_source, "[tcpchat] output flush");
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
}

/* Raw bytes, as they are; tc_headless_output_written() after a whole unit. */
void
tc_headless_output_write (TcHeadlessOutput *self,
                          const char       *data,
                          gsize             len)
{
  g_return_if_fail (self != NULL);

  if (!self->failed && fwrite_unlocked (data, 1, len, stdout) != len)
    output_fail (self, errno);
}

/* "HH:MM:SS.mmm" in local time; strftime() once a second. */
#define STAMP_LEN 12

static const char *
format_stamp (TcHeadlessOutput *self,
              gint64            time_us)
{
  gint64 second = time_us / G_USEC_PER_SEC;
  int ms = (int) ((time_us % G_USEC_PER_SEC) / 1000);

  if (second != self->stamp_second)
    {
      time_t t = (time_t) second;
      struct tm tm;

      localtime_r (&t, &tm);
      strftime (self->stamp, 9, "%H:%M:%S", &tm);
      self->stamp_second = second;
    }

  self->stamp[8] = '.';
  self->stamp[9] = (char) ('0' + ms / 100);
  self->stamp[10] = (char) ('0' + ms / 10 % 10);
  self->stamp[11] = (char) ('0' + ms % 10);
  self->stamp[12] = '\0';

  return self->stamp;
}

/**
 * tc_headless_output_begin:
 * @time_us: the event's wall-clock time
 * @peer: (nullable): who it is about, shown as "[peer]"
 *
 * Starts a record, "HH:MM:SS.mmm [peer] ", to be completed in the returned
 * string and written whole by tc_headless_output_end(): in a flood, a
 * stdio call per piece (each taking the stream's lock) showed in profiles.
 *
 * Returns: (transfer none): the record so far
 */
GString *
tc_headless_output_begin (TcHeadlessOutput *self,
                          gint64            time_us,
                          const char       *peer)
{
  const char *stamp;
  gsize peer_len;
  char *p;

  g_return_val_if_fail (self != NULL, NULL);

  /* Written in place, sized once: this runs for every received line. */
  stamp = format_stamp (self, time_us);
  peer_len = peer != NULL ? strlen (peer) : 0;
  g_string_set_size (self->scratch, STAMP_LEN + (peer != NULL ? peer_len + 3 : 0) + 1);
  p = self->scratch->str;
  memcpy (p, stamp, STAMP_LEN);
  p += STAMP_LEN;
  if (peer != NULL)
    {
      memcpy (p, " [", 2);
      memcpy (p + 2, peer, peer_len);
      p[2 + peer_len] = ']';
      p += peer_len + 3;
    }
  *p = ' ';

  return self->scratch;
}

void
tc_headless_output_end (TcHeadlessOutput *self)
{
  g_return_if_fail (self != NULL);

  g_string_append_c (self->scratch, '\n');
  tc_headless_output_write (self, self->scratch->str, self->scratch->len);
  if (!self->failed)
    tc_headless_output_written (self);
}

/* One record with @text after its stamp and peer. */
void
tc_headless_output_log (TcHeadlessOutput *self,
                        gint64            time_us,
                        const char       *peer,
                        const char       *text)
{
  g_string_append (tc_headless_output_begin (self, time_us, peer), text);
  tc_headless_output_end (self);
}
