/* fuzz-line-framer.c: libFuzzer target for TcLineFramer, checked against a model
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-line-framer.h"
#include "fuzz-target.h"

/* Input layout:
 *   byte 0-1  max_line - 1, little endian, modulo 1024 (so lines are often too long)
 *   byte 2    bit 0: change max_line once, between two pushes
 *             bits 1-7: where, in pushes
 *   byte 3-4  the new max_line - 1
 *   byte 5-8  seed for the sizes of the pushes
 *   rest      the stream
 * Each line is checked against the stream: its bytes, its flags (CRLF and
 * NO_TERMINATOR included), the count of bytes it dropped, and its terminator.
 */
#define HEADER 9

typedef struct
{
  const guint8 *stream;
  gsize         stream_len;
  gsize         change_at;     /* stream offset of the max_line change; G_MAXSIZE: none */
  gsize         max_before;
  gsize         max_after;

  gsize         next_start;    /* offset where the next expected line starts */
  gsize         n_lines;
  guint64       accounted;     /* bytes explained by the lines seen so far */
  guint         checksum;
  gboolean      finished;
} Model;

static void
fail (const char *what)
{
  g_printerr ("line framer invariant broken: %s\n", what);
  abort ();
}

/* Every line must be exactly what the model derives from the stream. */
static void
check_line (const TcMessage *line,
            gpointer      user_data)
{
  Model *m = user_data;
  const guint8 *start = m->stream + m->next_start;
  const guint8 *nl;
  gsize rest = m->stream_len - m->next_start;
  gsize content, consumed, max_line;
  gboolean has_newline, crlf;
  guint sum = 0;

  /* Every byte handed out must be readable: touch them all before any
   * check, so that the address sanitizer sees an over-read as one.
   */
  for (gsize i = 0; i < line->len; i++)
    sum += (guchar) line->data[i];
  m->checksum += sum;

  if (m->next_start > m->stream_len || (m->next_start == m->stream_len && !m->finished))
    fail ("a line with no bytes left to explain it");

  nl = memchr (start, '\n', rest);
  has_newline = nl != NULL;
  content = has_newline ? (gsize) (nl - start) : rest;
  consumed = has_newline ? content + 1 : content;
  crlf = has_newline && content > 0 && start[content - 1] == '\r';
  if (crlf)
    content--;

  /* A line keeps the limit in force when it started. */
  max_line = m->next_start >= m->change_at ? m->max_after : m->max_before;

  if (has_newline == !!(line->flags & TC_MESSAGE_FLAG_NO_TERMINATOR))
    fail ("NO_TERMINATOR flag does not match the stream");
  if (!has_newline && !m->finished)
    fail ("a line without a newline before the end of the stream");
  if (crlf != !!(line->flags & TC_MESSAGE_FLAG_CRLF))
    fail ("CRLF flag does not match the stream");
  if (line->len > max_line)
    fail ("line longer than max_line");

  if (content > max_line)
    {
      if (!(line->flags & TC_MESSAGE_FLAG_TRUNCATED) || line->len != max_line ||
          line->discarded != content - max_line)
        fail ("truncation does not match the stream");
    }
  else if ((line->flags & TC_MESSAGE_FLAG_TRUNCATED) || line->len != content ||
           line->discarded != 0)
    fail ("a line that fits was altered");

  if (line->len > 0 && memcmp (line->data, start, line->len) != 0)
    fail ("line bytes differ from the stream");

  /* The line, its dropped bytes and its terminator are the stream again. */
  {
    const char *terminator = tc_message_flags_get_terminator (line->flags);
    gsize terminator_len = strlen (terminator);
    gsize at = line->len + (gsize) line->discarded;

    const char *seen;
    gsize seen_len;

    if (at + terminator_len != consumed ||
        memcmp (start + at, terminator, terminator_len) != 0)
      fail ("the terminator is not the one in the stream");

    /* The terminator the framer says it saw is the same. */
    seen = tc_message_get_terminator (line, &seen_len);
    if (line->terminator == NULL || seen_len != terminator_len ||
        memcmp (seen, terminator, terminator_len) != 0)
      fail ("the terminator seen is not the one in the stream");
  }

  m->accounted += consumed;
  m->next_start += consumed;
  m->n_lines++;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  TcFramer *framer;
  Model m = { 0 };
  guint32 seed;
  gsize offset = 0;
  guint n_pushes = 0;
  guint change_push;
  gboolean change;

  if (size < HEADER)
    return 0;

  m.max_before = 1 + ((data[0] | (gsize) data[1] << 8) % 1024);
  m.max_after = 1 + ((data[3] | (gsize) data[4] << 8) % 1024);
  change = data[2] & 1;
  change_push = data[2] >> 1;
  seed = (guint32) data[5] | (guint32) data[6] << 8 | (guint32) data[7] << 16 |
         (guint32) data[8] << 24;
  m.stream = data + HEADER;
  m.stream_len = size - HEADER;
  m.change_at = G_MAXSIZE;

  framer = TC_FRAMER (tc_line_framer_new (m.max_before));
  if (tc_framer_get_max_size (framer) != m.max_before)
    fail ("max_line not kept");

  while (offset < m.stream_len)
    {
      gsize n;

      if (change && n_pushes == change_push && m.change_at == G_MAXSIZE)
        {
          /* "From the next line on": a line already begun keeps the old
           * limit, the first line to start after the change gets the new.
           */
          if (m.next_start == offset)
            m.change_at = offset;
          else
            {
              const guint8 *nl = memchr (m.stream + offset, '\n', m.stream_len - offset);
              m.change_at = nl != NULL ? (gsize) (nl - m.stream) + 1 : m.stream_len + 1;
            }
          tc_framer_set_max_size (framer, m.max_after);
        }

      /* Mostly small pushes, sometimes large ones, never empty. */
      seed = seed * 1103515245u + 12345u;
      n = (seed >> 16) % 8 == 0 ? (seed >> 8) % 4096 + 1 : (seed >> 16) % 17 + 1;
      n = MIN (n, m.stream_len - offset);

      tc_framer_push (framer, (const char *) m.stream + offset, n, check_line, &m);
      offset += n;
      n_pushes++;

      /* Memory stays bounded by the limit, whatever the input. */
      if (tc_framer_get_pending (framer) > MAX (m.max_before, m.max_after) + 1)
        fail ("pending bytes above max_line + 1");
    }

  m.finished = TRUE;
  tc_framer_finish (framer, check_line, &m);
  if (tc_framer_get_pending (framer) != 0)
    fail ("bytes pending after finish");

  /* Every byte of the stream was accounted for, in lines or discarded. */
  if (m.accounted != m.stream_len || m.next_start != m.stream_len)
    fail ("bytes lost or invented");

  g_object_unref (framer);

  return 0;
}
