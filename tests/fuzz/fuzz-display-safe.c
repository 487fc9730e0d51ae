/* fuzz-display-safe.c: libFuzzer target for tc_text_make_display_safe()
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-text.h"
#include "fuzz-target.h"

/* Input layout: byte 0-1 max_chars (0: no limit), little endian, modulo
 * 512; the rest is the text.
 */
#define HEADER 2

static void
fail (const char *what)
{
  g_printerr ("display-safe invariant broken: %s\n", what);
  abort ();
}

/* Characters a display must never get raw: they move the cursor, hide or
 * reorder text, or end the line.
 */
static gboolean
is_unsafe (gunichar c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
         (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x061c || c == 0x2028 || c == 0x2029 ||
         c == 0xfeff;
}

static void
check (const char *text,
       gsize       len,
       gsize       max_chars)
{
  char *out = tc_text_make_display_safe (text, len, max_chars);
  char *again;
  gsize out_len;
  guint marks = 0;

  if (out == NULL)
    fail ("NULL output");
  if (!g_utf8_validate (out, -1, NULL))
    fail ("output is not valid UTF-8");

  out_len = strlen (out);
  /* Worst case: every byte an escape "\xNN", plus a final "…". */
  if (out_len > 4 * len + 3)
    fail ("output grew more than 4 bytes per input byte");
  if (max_chars > 0 && g_utf8_strlen (out, -1) > (glong) (8 * max_chars + 1))
    fail ("output ignores max_chars");

  for (const char *p = out; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unsafe (c))
        fail ("a control or invisible formatting character got through");

      /* Runs of combining marks are cut short. */
      marks = g_unichar_ismark (c) ? marks + 1 : 0;
      if (marks > 8)
        fail ("a run of more than 8 combining marks");
    }

  /* Nothing shows as nothing; text that needs no change is shown as it is. */
  if (len == 0 && out_len != 0)
    fail ("empty input gave output");
  if (len > 0 && max_chars == 0 && g_utf8_validate (text, (gssize) len, NULL) &&
      memchr (text, '\0', len) == NULL)
    {
      gboolean plain = TRUE;

      for (const char *p = text; p < text + len && plain; p = g_utf8_next_char (p))
        plain = !is_unsafe (g_utf8_get_char (p)) && !g_unichar_ismark (g_utf8_get_char (p));
      if (plain && (out_len != len || memcmp (out, text, len) != 0))
        fail ("plain text was changed");
    }

  /* The same bytes always look the same. */
  again = tc_text_make_display_safe (text, len, max_chars);
  if (strcmp (out, again) != 0)
    fail ("output is not deterministic");

  g_free (again);
  g_free (out);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  gsize max_chars;
  char *copy;

  if (size < HEADER)
    return 0;

  max_chars = (data[0] | (gsize) data[1] << 8) % 512;

  /* An exact-size copy, so reading past the end is caught. */
  copy = g_memdup2 (data + HEADER, size - HEADER);
  check (copy, size - HEADER, max_chars);
  check (copy, size - HEADER, 0);
  g_free (copy);

  return 0;
}
