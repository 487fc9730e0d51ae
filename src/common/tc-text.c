/* tc-text.c: display-safe text from untrusted bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-text.h"

#include "tc-bytes-format.h"

/**
 * tc_text_append_display_safe:
 * @out: where the text goes
 * @data: bytes, any content
 * @len: length of @data
 * @max_chars: how many characters of @data to show before "…" ends it (an
 *   escape such as `\x01` or `<U+202E>` counts as one); 0 for no limit
 *
 * Makes a valid UTF-8 string for showing @data to a person, without
 * changing @data: bytes that are not UTF-8 become `\xNN`, control
 * characters C-style escapes (`\0`, `\t`, `\r`, `\e`, `\x01`), C1 controls and invisible formatting characters
 * `<U+XXXX>` (see tc_display_text_append_utf8(), which this is).
 */
void
tc_text_append_display_safe (GString    *out,
                             const char *data,
                             gsize       len,
                             gsize       max_chars)
{
  TcDisplayText display = { 0 };

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  /* Borrows out rather than copying into it. */
  display.text = out;
  display.max_chars = max_chars;
  tc_display_text_append_utf8 (&display, data, len);
}

/**
 * tc_text_make_display_safe:
 *
 * As tc_text_append_display_safe(), into a new string.
 *
 * Returns: (transfer full): valid UTF-8
 */
char *
tc_text_make_display_safe (const char *data,
                           gsize       len,
                           gsize       max_chars)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len + 16);
  tc_text_append_display_safe (out, data, len, max_chars);

  return g_string_free (out, FALSE);
}
