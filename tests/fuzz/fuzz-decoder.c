/* fuzz-decoder.c: libFuzzer target for TcDecoder, whole and split
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-bytes-format.h"
#include "fuzz-target.h"

/* Input layout: byte 0 picks the encoding, byte 1 the split points' seed;
 * the rest is the stream. */
#define HEADER 2

static void
fail (const char *what)
{
  g_printerr ("decoder invariant broken: %s\n", what);
  abort ();
}

static void
check_runs (const TcDisplayText *out)
{
  gsize at = 0;

  for (guint i = 0; i < out->runs->len; i++)
    {
      const TcTextRun *run = &g_array_index (out->runs, TcTextRun, i);

      if (run->start != at || run->len == 0)
        fail ("runs do not cover the text end to end");
      if (i > 0 && g_array_index (out->runs, TcTextRun, i - 1).kind == run->kind)
        fail ("two runs of one kind next to each other");
      if (!g_utf8_validate (out->text->str + run->start, run->len, NULL))
        fail ("a run cuts a character");
      at += run->len;
    }
  if (at != out->text->len)
    fail ("runs do not reach the end of the text");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char * const *names = tc_encoding_list ();
  guint n_names = g_strv_length ((char **) names);
  TcDecoder *decoder;
  TcDisplayText whole, split;
  guint8 *stream;
  gsize len, at = 0;
  guint32 seed;

  if (size < HEADER)
    return 0;

  decoder = tc_decoder_new (names[data[0] % n_names], NULL);
  if (decoder == NULL)
    fail ("an offered encoding has no decoder");
  seed = data[1];
  len = size - HEADER;
  stream = g_memdup2 (data + HEADER, len);

  tc_display_text_init (&whole, 0, TRUE);
  tc_decoder_decode_all (decoder, stream, len, &whole);
  if (!g_utf8_validate (whole.text->str, whole.text->len, NULL))
    fail ("output is not valid UTF-8");
  if (whole.text->len > 8 * len + 8)
    fail ("output grew more than 8 bytes per input byte");
  for (gsize i = 0; i < whole.text->len; i++)
    if ((guchar) whole.text->str[i] < 0x20 || whole.text->str[i] == 0x7F)
      fail ("a control byte got through");
  check_runs (&whole);

  /* The same stream in pieces (sizes from the seed) reads the same. */
  tc_display_text_init (&split, 0, TRUE);
  while (at < len)
    {
      gsize piece;

      seed = seed * 1103515245 + 12345;
      piece = MIN (len - at, 1 + (seed >> 16) % 7);
      tc_decoder_feed (decoder, stream + at, piece, &split);
      at += piece;
    }
  tc_decoder_finish (decoder, &split);
  if (!g_string_equal (whole.text, split.text))
    fail ("a split stream reads differently from the whole");
  check_runs (&split);

  tc_display_text_clear (&whole);
  tc_display_text_clear (&split);
  tc_decoder_free (decoder);
  g_free (stream);
  return 0;
}
