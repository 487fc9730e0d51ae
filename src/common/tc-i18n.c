/* tc-i18n.c: setting up gettext, installed or from the build directory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-i18n.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

/* Whether @localedir has a catalogue of ours for one of the user's languages. */
static gboolean
has_catalogue (const char *localedir)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = NULL;

      if (g_str_equal (languages[i], "C"))
        continue;

      path = g_build_filename (localedir, languages[i], "LC_MESSAGES",
                               GETTEXT_PACKAGE ".mo", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    }

  return FALSE;
}

/**
 * tc_i18n_init:
 *
 * Sets the locale from the environment and binds the message catalogue.
 * Called first thing in main(), and by tests that check translations.
 *
 * An installed program reads its catalogues from LOCALEDIR. When that has
 * none for the user's languages but the build tree does, the program runs
 * uninstalled (tests, a demo from the build directory) and reads the
 * catalogues the build compiled.
 *
 * Returns: the directory the catalogues are read from
 */
const char *
tc_i18n_init (void)
{
  const char *localedir = LOCALEDIR;

  setlocale (LC_ALL, "");

  if (!has_catalogue (LOCALEDIR) && has_catalogue (LOCALE_BUILD_DIR))
    localedir = LOCALE_BUILD_DIR;

  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  return localedir;
}
