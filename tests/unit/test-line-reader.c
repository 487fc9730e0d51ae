/* test-line-reader.c: lines read from a pipe by the main loop, with pausing
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "tc-line-reader.h"

typedef struct
{
  GMainContext *context;
  GPtrArray    *lines;       /* of TcMessage copies */
  guint         n_batches;
  guint         n_ends;
  gboolean      stop_after_first_batch;
  gboolean      ended_with_error;
  int           pipe_fds[2];
  TcLineReader *reader;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->context = g_main_context_new ();
  g_main_context_push_thread_default (f->context);
  f->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) tc_message_free);
  g_assert_no_errno (pipe (f->pipe_fds));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->pipe_fds[1] >= 0)
    close (f->pipe_fds[1]);
  close (f->pipe_fds[0]);
  g_ptr_array_unref (f->lines);
  g_main_context_pop_thread_default (f->context);
  g_main_context_unref (f->context);
}

static void
on_line (const TcMessage *line,
         gpointer      user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->lines, tc_message_copy (line));
}

static gboolean
on_batch (gpointer user_data)
{
  Fixture *f = user_data;

  f->n_batches++;
  return !f->stop_after_first_batch;
}

static void
on_end (const GError *error,
        gpointer      user_data)
{
  Fixture *f = user_data;

  f->n_ends++;
  f->ended_with_error = error != NULL;
}

static void
write_all (int         fd,
           const char *text)
{
  gsize len = strlen (text);

  while (len > 0)
    {
      gssize n = write (fd, text, len);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      text += n;
      len -= (gsize) n;
    }
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until cond holds, at most timeout_ms. */
static gboolean
wait_until (Fixture  *f,
            gboolean (*cond) (Fixture *f),
            guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  GSource *deadline = g_timeout_source_new (timeout_ms);

  g_source_set_callback (deadline, on_deadline, &timed_out, NULL);
  g_source_attach (deadline, f->context);
  while (!cond (f) && !timed_out)
    g_main_context_iteration (f->context, TRUE);
  g_source_destroy (deadline);
  g_source_unref (deadline);

  return cond (f);
}

static gboolean
ended (Fixture *f)
{
  return f->n_ends > 0;
}

static gboolean
reader_done (Fixture *f)
{
  return tc_line_reader_is_done (f->reader);
}

static gboolean
two_lines (Fixture *f)
{
  return f->lines->len >= 2;
}

static void
assert_line (Fixture     *f,
             guint        i,
             const char  *text,
             TcMessageFlags  flags)
{
  TcMessage *line = g_ptr_array_index (f->lines, i);

  g_assert_cmpmem (line->data, line->len, text, strlen (text));
  g_assert_cmpint (line->flags, ==, flags);
}

static void
test_lines_then_end (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TcLineReader) reader = NULL;

  reader = tc_line_reader_new (f->pipe_fds[0], 64, on_line, on_batch, on_end, f);
  tc_line_reader_set_reading (reader, TRUE);

  write_all (f->pipe_fds[1], "one\r\ntwo\nlast without newline");
  close (f->pipe_fds[1]);
  f->pipe_fds[1] = -1;

  g_assert_true (wait_until (f, ended, 5000));
  g_assert_cmpuint (f->lines->len, ==, 3);
  /* Each line says how it ended on stdin, so it can be sent that way. */
  assert_line (f, 0, "one", TC_MESSAGE_FLAG_CRLF);
  assert_line (f, 1, "two", TC_MESSAGE_FLAG_NONE);
  assert_line (f, 2, "last without newline", TC_MESSAGE_FLAG_NO_TERMINATOR);
  g_assert_cmpuint (f->n_ends, ==, 1);
  g_assert_false (f->ended_with_error);
  /* One batch for the data, one for the final fragment. */
  g_assert_cmpuint (f->n_batches, >=, 2);
  g_assert_true (tc_line_reader_is_done (reader));
}

static void
test_paused_reads_nothing (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TcLineReader) reader = NULL;

  reader = tc_line_reader_new (f->pipe_fds[0], 64, on_line, on_batch, on_end, f);
  write_all (f->pipe_fds[1], "a\nb\n");

  /* Off at first: the data waits in the pipe. */
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_assert_cmpuint (f->lines->len, ==, 0);

  tc_line_reader_set_reading (reader, TRUE);
  g_assert_true (wait_until (f, two_lines, 5000));
  assert_line (f, 0, "a", TC_MESSAGE_FLAG_NONE);
  assert_line (f, 1, "b", TC_MESSAGE_FLAG_NONE);
  g_assert_cmpuint (f->n_ends, ==, 0);
}

static void
test_batch_can_stop (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TcLineReader) reader = NULL;

  f->stop_after_first_batch = TRUE;
  reader = tc_line_reader_new (f->pipe_fds[0], 64, on_line, on_batch, on_end, f);
  f->reader = reader;
  tc_line_reader_set_reading (reader, TRUE);
  write_all (f->pipe_fds[1], "x\n");
  g_assert_true (wait_until (f, reader_done, 5000));

  /* Stopped for good: more input is never read, and no end is reported. */
  write_all (f->pipe_fds[1], "y\n");
  while (g_main_context_iteration (f->context, FALSE))
    ;
  g_assert_cmpuint (f->lines->len, ==, 1);
  g_assert_cmpuint (f->n_batches, ==, 1);
  g_assert_cmpuint (f->n_ends, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/line-reader/lines-then-end", Fixture, NULL,
              fixture_setup, test_lines_then_end, fixture_teardown);
  g_test_add ("/line-reader/paused-reads-nothing", Fixture, NULL,
              fixture_setup, test_paused_reads_nothing, fixture_teardown);
  g_test_add ("/line-reader/batch-can-stop", Fixture, NULL,
              fixture_setup, test_batch_can_stop, fixture_teardown);

  return g_test_run ();
}
