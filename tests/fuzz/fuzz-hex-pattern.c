/* fuzz-hex-pattern.c: libFuzzer target for the rules' hex pattern matcher
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-rules.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("hex pattern invariant broken: %s\n", what);
  abort ();
}

static void
check_match (const TcHexPattern *pattern,
             const guint8       *data,
             gsize               len)
{
  GPtrArray *captures = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gboolean matched = tc_hex_pattern_match (pattern, data, len, captures);
  gsize total = 0;

  if (matched != tc_hex_pattern_match (pattern, data, len, NULL))
    fail ("matching depends on asking for captures");
  if (matched)
    {
      if (captures->len != tc_hex_pattern_get_n_captures (pattern) + 1)
        fail ("not one capture per run of ?? and tail, after the whole message");
      if (g_bytes_get_size (g_ptr_array_index (captures, 0)) != len)
        fail ("the whole message is not the first capture");
      for (guint i = 1; i < captures->len; i++)
        total += g_bytes_get_size (g_ptr_array_index (captures, i));
      if (total > len)
        fail ("captures longer than the message");
    }
  else if (captures->len != 0)
    fail ("captures without a match");
  g_ptr_array_unref (captures);
}

/* The input: a pattern, a NUL, then a message. Whatever the pattern, the
 * matcher stays within the message; the hex of a message matches it. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const guint8 *nul = memchr (data, '\0', size);
  const guint8 *message = nul != NULL ? nul + 1 : data;
  gsize len = nul != NULL ? size - (gsize) (message - data) : size;
  g_autofree char *text = g_strndup ((const char *) data, nul != NULL ? (gsize) (nul - data) : 0);
  GError *error = NULL;
  TcHexPattern *pattern = tc_hex_pattern_parse (text, &error);
  GString *hex;

  if (pattern == NULL)
    {
      if (error == NULL)
        fail ("a failure without its error");
      g_error_free (error);
    }
  else
    {
      check_match (pattern, message, len);
      tc_hex_pattern_free (pattern);
    }

  if (len == 0 || len > TC_RULES_MAX_HEX_PATTERN)
    return 0;

  hex = g_string_new (NULL);
  for (gsize i = 0; i < len; i++)
    g_string_append_printf (hex, i % 3 == 2 ? "?? " : "%02x ", message[i]);
  pattern = tc_hex_pattern_parse (hex->str, NULL);
  if (pattern == NULL || !tc_hex_pattern_match (pattern, message, len, NULL))
    fail ("a message does not match its own hex");
  check_match (pattern, message, len);
  tc_hex_pattern_free (pattern);
  g_string_free (hex, TRUE);

  return 0;
}
