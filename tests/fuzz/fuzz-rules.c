/* fuzz-rules.c: libFuzzer target for the auto-reply rules file
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "tc-rules.h"
#include "fuzz-target.h"

static void
fail (const char *what)
{
  g_printerr ("rules invariant broken: %s\n", what);
  abort ();
}

/* Any text: rules with names, or one error that names the source and is
 * one line of UTF-8. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  TcRules *rules = tc_rules_new_from_data ((const char *) data, (gssize) size, "fuzz.rules",
                                           &error);

  if (rules == NULL)
    {
      if (error == NULL || error->domain != TC_RULES_ERROR)
        fail ("a failure without its error");
      if (!g_str_has_prefix (error->message, "fuzz.rules: "))
        fail ("an error that does not name the file");
      if (!g_utf8_validate (error->message, -1, NULL))
        fail ("an error message that is not UTF-8");
      g_error_free (error);
      return 0;
    }

  if (error != NULL)
    fail ("rules and an error");
  if (tc_rules_get_n_rules (rules) == 0)
    fail ("rules without a rule");
  for (guint i = 0; i < tc_rules_get_n_rules (rules); i++)
    if (tc_rules_get_name (rules, i)[0] == '\0' || tc_rules_get_fired (rules, i) != 0)
      fail ("a rule without a name, or fired before use");
  g_object_unref (rules);

  return 0;
}
