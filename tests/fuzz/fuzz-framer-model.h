/* fuzz-framer-model.h: the checks the framer fuzz targets share, against a model of the stream
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>
#include <string.h>

#include "tc-delimiter-framer.h"
#include "tc-fixed-framer.h"
#include "tc-length-framer.h"
#include "tc-raw-framer.h"
#include "fuzz-target.h"

/* Input layout, for every framer:
 *   byte 0-1  max_size - 1, little endian, modulo 1024 (so messages are often too long)
 *   byte 2    the framing's parameter: delimiter length 1-4 (then that many
 *             bytes of delimiter follow the header), fixed size 1-300,
 *             length prefix kind 0-4, raw idle gap (0 or not)
 *   byte 3-6  seed for the sizes of the pushes (and raw flushes)
 *   rest      the stream
 * Every message is checked against what a plain reading of the whole
 * stream says it must be; its bytes, header, terminator, flags and dropped
 * count then account for the stream exactly.
 */
#define MODEL_HEADER 7

typedef enum { MODEL_DELIMITER, MODEL_FIXED, MODEL_LENGTH, MODEL_RAW } ModelKind;

typedef struct
{
  ModelKind       kind;
  const guint8   *stream;
  gsize           stream_len;
  gsize           max_size;
  const guint8   *delimiter;
  gsize           delimiter_len;
  gsize           fixed_size;
  TcLengthPrefix  prefix;
  gsize           next_start;
  gboolean        finished;
  guint           checksum;
} Model;

static void
model_fail (const char *what)
{
  g_printerr ("framer invariant broken: %s\n", what);
  abort ();
}

static const guint8 *
find (const guint8 *haystack,
      gsize         len,
      const guint8 *needle,
      gsize         needle_len)
{
  for (gsize i = 0; i + needle_len <= len; i++)
    if (memcmp (haystack + i, needle, needle_len) == 0)
      return haystack + i;
  return NULL;
}

static void
model_check (const TcMessage *message,
             gpointer      user_data)
{
  Model *m = user_data;
  const guint8 *start = m->stream + m->next_start;
  gsize rest = m->stream_len - m->next_start;
  gsize header_len = 0, content, consumed, terminator_len = 0;
  gboolean whole = TRUE;
  guint sum = 0;

  for (gsize i = 0; i < message->len; i++)
    sum += (guchar) message->data[i];
  for (gsize i = 0; message->header != NULL && i < message->header_len; i++)
    sum += (guchar) message->header[i];
  m->checksum += sum;

  if (rest == 0)
    model_fail ("a message with no bytes left to explain it");

  switch (m->kind)
    {
    case MODEL_DELIMITER:
      {
        const guint8 *at = find (start, rest, m->delimiter, m->delimiter_len);

        whole = at != NULL;
        content = whole ? (gsize) (at - start) : rest;
        terminator_len = whole ? m->delimiter_len : 0;
        consumed = content + terminator_len;
        break;
      }
    case MODEL_FIXED:
      whole = rest >= m->fixed_size;
      content = MIN (rest, m->fixed_size);
      consumed = content;
      break;
    case MODEL_LENGTH:
      {
        gsize size = tc_length_prefix_get_size (m->prefix);
        guint64 length;

        header_len = MIN (size, rest);
        if (header_len < size)
          {
            whole = FALSE;
            content = 0;
          }
        else
          {
            length = tc_length_prefix_decode (m->prefix, start);
            whole = rest - size >= length;
            content = whole ? (gsize) length : rest - size;
          }
        consumed = header_len + content;
        break;
      }
    case MODEL_RAW:
    default:
      /* Any cut will do, as long as nothing is lost, flagged or too long. */
      content = message->len;
      consumed = content;
      if (content == 0 || content > rest || content > m->max_size || message->flags != 0)
        model_fail ("a raw message that is empty, too long or flagged");
      break;
    }

  if (!whole && !m->finished)
    model_fail ("an incomplete message before the end of the stream");
  if (whole == !!(message->flags & TC_MESSAGE_FLAG_NO_TERMINATOR))
    model_fail ("NO_TERMINATOR flag does not match the stream");
  if (message->len > m->max_size)
    model_fail ("message longer than the maximum");
  if (content > m->max_size)
    {
      if (!(message->flags & TC_MESSAGE_FLAG_TRUNCATED) || message->len != m->max_size ||
          message->discarded != content - m->max_size)
        model_fail ("truncation does not match the stream");
    }
  else if ((message->flags & TC_MESSAGE_FLAG_TRUNCATED) || message->len != content ||
           message->discarded != 0)
    model_fail ("a message that fits was altered");

  if ((message->header != NULL ? message->header_len : 0) != header_len ||
      (header_len > 0 && memcmp (message->header, start, header_len) != 0))
    model_fail ("the header is not the one in the stream");
  if (message->len > 0 && memcmp (message->data, start + header_len, message->len) != 0)
    model_fail ("message bytes differ from the stream");
  if (message->terminator == NULL || message->terminator_len != terminator_len ||
      memcmp (message->terminator, start + header_len + content, terminator_len) != 0)
    model_fail ("the terminator is not the one in the stream");

  m->next_start += consumed;
}

static int
model_run (ModelKind     kind,
           const guint8 *data,
           gsize         size)
{
  TcFramer *framer;
  Model m = { 0 };
  guint32 seed;
  gsize offset = 0;
  gsize header = MODEL_HEADER;
  gsize bound;
  guint gap_ms = 0;

  if (size < MODEL_HEADER)
    return 0;

  m.kind = kind;
  m.max_size = 1 + ((data[0] | (gsize) data[1] << 8) % 1024);
  seed = (guint32) data[3] | (guint32) data[4] << 8 | (guint32) data[5] << 16 |
         (guint32) data[6] << 24;

  switch (kind)
    {
    case MODEL_DELIMITER:
      m.delimiter_len = 1 + data[2] % 4;
      if (size < header + m.delimiter_len)
        return 0;
      m.delimiter = data + header;
      header += m.delimiter_len;
      framer = TC_FRAMER (tc_delimiter_framer_new (m.delimiter, m.delimiter_len, m.max_size));
      bound = m.max_size + m.delimiter_len;
      break;
    case MODEL_FIXED:
      m.fixed_size = 1 + data[2] % 300;
      framer = TC_FRAMER (tc_fixed_framer_new (m.fixed_size, m.max_size));
      bound = MIN (m.fixed_size, m.max_size);
      break;
    case MODEL_LENGTH:
      m.prefix = (TcLengthPrefix) (data[2] % 5);
      framer = TC_FRAMER (tc_length_framer_new (m.prefix, m.max_size));
      bound = m.max_size + tc_length_prefix_get_size (m.prefix);
      break;
    case MODEL_RAW:
    default:
      gap_ms = data[2] & 1 ? 10 : 0;
      framer = TC_FRAMER (tc_raw_framer_new (gap_ms, m.max_size));
      bound = m.max_size;
      break;
    }

  m.stream = data + header;
  m.stream_len = size - header;

  while (offset < m.stream_len)
    {
      gsize n;

      seed = seed * 1103515245u + 12345u;
      n = (seed >> 16) % 8 == 0 ? (seed >> 8) % 4096 + 1 : (seed >> 16) % 17 + 1;
      n = MIN (n, m.stream_len - offset);

      tc_framer_push (framer, (const char *) m.stream + offset, n, model_check, &m);
      offset += n;

      if (gap_ms > 0 && (seed >> 12) % 3 == 0)
        tc_framer_flush (framer, model_check, &m);

      if (tc_framer_get_pending (framer) > bound)
        model_fail ("pending bytes above the bound");
    }

  m.finished = TRUE;
  tc_framer_finish (framer, model_check, &m);
  if (tc_framer_get_pending (framer) != 0)
    model_fail ("bytes pending after finish");
  if (m.next_start != m.stream_len)
    model_fail ("bytes lost or invented");

  g_object_unref (framer);
  return 0;
}
