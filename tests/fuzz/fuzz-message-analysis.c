/* fuzz-message-analysis.c: libFuzzer target for the inspector's analysis of a message
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-bytes-format.h"
#include "tc-message-analysis.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("message-analysis invariant broken: %s\n", what);
  abort ();
}

/* Offsets ascending, inside the message, no more than counted. */
static void
check_offsets (GArray     *offsets,
               guint64     total,
               gsize       len,
               const char *what)
{
  if (offsets->len > TC_MESSAGE_ANALYSIS_MAX_OFFSETS || offsets->len > total || total > len)
    fail (what);
  for (guint i = 0; i < offsets->len; i++)
    {
      gsize at = g_array_index (offsets, gsize, i);

      if (at >= len || (i > 0 && at <= g_array_index (offsets, gsize, i - 1)))
        fail (what);
    }
}

/* The first byte picks the encoding; the rest is the message. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char * const *encodings = tc_encoding_list ();
  guint n_encodings = g_strv_length ((char **) encodings);
  const char *encoding;
  guint8 *message;
  gsize len;
  TcMessageAnalysis *analysis;
  guint64 controls = 0;
  char *text;
  guint64 value;

  if (size == 0)
    return 0;
  encoding = encodings[data[0] % n_encodings];
  len = size - 1;
  /* An exact-size copy, so reading past the end is caught. */
  message = g_memdup2 (data + 1, len);

  analysis = tc_message_analysis_new (message, len, encoding, NULL);
  if (analysis == NULL)
    fail ("no analysis for an offered encoding");
  check_offsets (analysis->invalid, analysis->n_invalid, len, "invalid offsets");
  check_offsets (analysis->controls, analysis->n_controls, len, "control offsets");
  for (gsize i = 0; i < len; i++)
    controls += message[i] < 0x20 || message[i] == 0x7F;
  if (controls != analysis->n_controls)
    fail ("control bytes miscounted");
  if (analysis->n_lf + analysis->n_crlf + analysis->n_cr > controls)
    fail ("more line endings than control bytes");
  if (g_str_equal (encoding, TC_ENCODING_UTF8) &&
      (analysis->n_invalid == 0) != g_utf8_validate_len ((const char *) message, len, NULL))
    fail ("UTF-8 validity disagrees with g_utf8_validate");
  text = tc_message_format_offsets (analysis->invalid, analysis->n_invalid, 16);
  if (!g_utf8_validate (text, -1, NULL))
    fail ("offsets text is not UTF-8");
  g_free (text);
  tc_message_analysis_free (analysis);

  /* Every dump line: the offset, the hex columns, at most a character a byte. */
  for (guint width = TC_MESSAGE_DUMP_NARROW_WIDTH; width <= TC_MESSAGE_DUMP_WIDTH; width *= 2)
    for (gsize line = 0; line < tc_message_dump_n_lines (len, width); line++)
      {
        text = tc_message_dump_line (message, len, line, width);
        if (strlen (text) > tc_message_dump_line_chars (width) ||
            strlen (text) < tc_message_dump_line_chars (width) - width)
          fail ("dump line of the wrong width");
        g_free (text);
      }

  text = tc_message_format_c_array (message, len);
  if (strlen (text) < len * 5)
    fail ("C array shorter than its bytes");
  g_free (text);

  if (len >= 4 && !tc_message_read_length_prefix (message, 4, TC_LENGTH_PREFIX_U32LE, &value))
    fail ("a u32 prefix of 4 bytes not read");

  g_free (message);
  return 0;
}
