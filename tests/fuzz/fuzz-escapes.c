/* fuzz-escapes.c: libFuzzer target for the escapes parser and its reverse
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-error.h"
#include "tc-escapes.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("escapes invariant broken: %s\n", what);
  abort ();
}

/* Any text: either bytes, never more than the text, that format back to
 * text parsing to the same bytes; or an error that names a backslash in it.
 * Any bytes: formatted, they parse back to themselves.
 */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  gsize offset = G_MAXSIZE;
  GBytes *bytes = tc_escapes_parse_full ((const char *) data, (gssize) size, &offset, &error);
  char *formatted;
  GBytes *again;

  if (bytes == NULL)
    {
      if (error == NULL || error->domain != TC_ERROR || error->code != TC_ERROR_INVALID_ESCAPE)
        fail ("a failure without its error");
      if (offset >= size || data[offset] != '\\')
        fail ("the error's offset is not at a backslash");
      if (!g_utf8_validate (error->message, -1, NULL))
        fail ("an error message that is not UTF-8");
      g_error_free (error);
    }
  else
    {
      gsize len;
      const void *parsed = g_bytes_get_data (bytes, &len);

      if (error != NULL)
        fail ("bytes and an error");
      if (len > size)
        fail ("more bytes than text");

      formatted = tc_escapes_format (parsed, len);
      again = tc_escapes_parse (formatted, -1, NULL);
      if (again == NULL || !g_bytes_equal (again, bytes))
        fail ("formatted bytes do not parse back");
      g_bytes_unref (again);
      g_free (formatted);
      g_bytes_unref (bytes);
    }

  formatted = tc_escapes_format (data, size);
  again = tc_escapes_parse (formatted, -1, NULL);
  if (again == NULL || g_bytes_get_size (again) != size ||
      (size > 0 && memcmp (g_bytes_get_data (again, NULL), data, size) != 0))
    fail ("formatted input does not parse back");
  g_bytes_unref (again);
  g_free (formatted);

  return 0;
}
