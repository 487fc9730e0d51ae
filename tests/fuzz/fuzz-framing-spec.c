/* fuzz-framing-spec.c: libFuzzer target for framing specs
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tc-error.h"
#include "tc-framing.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("framing spec invariant broken: %s\n", what);
  abort ();
}

static void
ignore_message (const TcMessage *message,
                gpointer      user_data)
{
}

/* Any spec: a framing whose text parses back to the same framing and that
 * makes a working framer, or a specific error.
 */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *spec = g_strndup ((const char *) data, size);
  GError *error = NULL;
  TcFraming *framing = tc_framing_parse (spec, &error);

  if (framing == NULL)
    {
      if (error == NULL || error->domain != TC_ERROR || error->code != TC_ERROR_INVALID_FRAMING)
        fail ("a failure without its error");
      g_error_free (error);
    }
  else
    {
      char *text = tc_framing_to_string (framing);
      TcFraming *again = tc_framing_parse (text, NULL);
      TcFramer *framer = tc_framing_create_framer (framing, 64);
      GBytes *encoded;

      if (error != NULL)
        fail ("a framing and an error");
      if (again == NULL || !tc_framing_equal (framing, again))
        fail ("the framing's text does not parse back to it");

      /* it frames the spec itself without trouble */
      tc_framer_push (framer, spec, strlen (spec), ignore_message, NULL);
      tc_framer_finish (framer, ignore_message, NULL);
      encoded = tc_framer_encode (framer, "x", 1, NULL);
      g_clear_pointer (&encoded, g_bytes_unref);

      g_object_unref (framer);
      tc_framing_unref (again);
      g_free (text);
      tc_framing_unref (framing);
    }

  g_free (spec);
  return 0;
}
