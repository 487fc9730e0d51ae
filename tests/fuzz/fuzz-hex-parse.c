/* fuzz-hex-parse.c: libFuzzer target for tc_bytes_parse_hex()
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-bytes-format.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("hex-parse invariant broken: %s\n", what);
  abort ();
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  /* An exact-size copy, so reading past the end is caught. */
  char *text = g_memdup2 (data, size);
  GError *error = NULL;
  gsize offset = G_MAXSIZE;
  GBytes *bytes = tc_bytes_parse_hex (text, (gssize) size, &offset, &error);

  if ((bytes == NULL) == (error == NULL))
    fail ("neither bytes nor an error, or both");

  if (bytes != NULL)
    {
      gsize len;
      const guint8 *parsed = g_bytes_get_data (bytes, &len);
      char *hex = tc_bytes_format_hex (parsed, len);
      GBytes *again;

      /* Two digits a byte at most. */
      if (len > size / 2)
        fail ("more bytes than pairs of digits");
      /* What is shown as hex reads back as the same bytes. */
      again = tc_bytes_parse_hex (hex, -1, NULL, NULL);
      if (again == NULL || !g_bytes_equal (again, bytes))
        fail ("formatted hex does not parse back to the same bytes");
      g_bytes_unref (again);
      g_free (hex);
      g_bytes_unref (bytes);
    }
  else
    {
      if (offset > size)
        fail ("error position past the end of the text");
      if (error->message == NULL || !g_utf8_validate (error->message, -1, NULL))
        fail ("error message is not UTF-8");
      g_error_free (error);
    }

  g_free (text);
  return 0;
}
