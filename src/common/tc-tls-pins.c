/* tc-tls-pins.c: the certificates a person chose to trust, by host and port
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-tls-pins.h"
#include "tc-error.h"
#include "tc-tls.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <glib/gstdio.h>

/* One group, "pins": "host:port" = fingerprint, without brackets for IPv6
 * (a key file key cannot hold them; the port is after the last colon). The
 * host is kept as typed, lower case: a pin is for the name the person
 * trusted, not for whatever address it resolves to. */
#define PINS_GROUP "pins"

/**
 * tc_tls_pins_default_path:
 *
 * Returns: the pin file in the user's data folder
 */
char *
tc_tls_pins_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "tcpchat", "tls", "pins", NULL);
}

static char *
pin_key (const char *host,
         guint16     port)
{
  g_autofree char *lower = g_ascii_strdown (host, -1);

  return g_strdup_printf ("%s:%u", lower, port);
}

static GKeyFile *
load (const char  *path,
      GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("Cannot read the TLS pins in %s: %s"), path, local_error->message);
      return NULL;
    }

  return g_steal_pointer (&file);
}

/**
 * tc_tls_pins_lookup:
 * @path: the pin file (tc_tls_pins_default_path())
 *
 * Returns: (nullable): the fingerprint pinned for @host and @port, as
 *   tc_tls_fingerprint() writes it; %NULL for none (or an unreadable file)
 */
char *
tc_tls_pins_lookup (const char *path,
                    const char *host,
                    guint16     port)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (host != NULL, NULL);

  file = load (path, NULL);
  if (file == NULL)
    return NULL;

  key = pin_key (host, port);
  value = g_key_file_get_string (file, PINS_GROUP, key, NULL);
  if (value == NULL)
    return NULL;

  /* A hand-edited value in another spelling still counts; garbage does not. */
  return tc_tls_parse_pin (value, NULL);
}

static gboolean
save (GKeyFile    *file,
      const char  *path,
      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  data = g_key_file_to_data (file, &length, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, TC_ERROR, TC_ERROR_TLS_CREDENTIALS,
                   _("Cannot save the TLS pins in %s: %s"), path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

/**
 * tc_tls_pins_store:
 * @fingerprint: a SHA-256 fingerprint, in any spelling tc_tls_parse_pin() takes
 *
 * Pins @fingerprint for @host and @port, replacing any earlier pin. The
 * file is replaced atomically and readable by the user alone.
 */
gboolean
tc_tls_pins_store (const char  *path,
                   const char  *host,
                   guint16      port,
                   const char  *fingerprint,
                   GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *pin = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (fingerprint != NULL, FALSE);

  pin = tc_tls_parse_pin (fingerprint, error);
  if (pin == NULL)
    return FALSE;
  file = load (path, error);
  if (file == NULL)
    return FALSE;

  key = pin_key (host, port);
  g_key_file_set_string (file, PINS_GROUP, key, pin);
  return save (file, path, error);
}

/**
 * tc_tls_pins_forget:
 *
 * Removes the pin of @host and @port, if there is one.
 */
gboolean
tc_tls_pins_forget (const char  *path,
                    const char  *host,
                    guint16      port,
                    GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (host != NULL, FALSE);

  file = load (path, error);
  if (file == NULL)
    return FALSE;

  key = pin_key (host, port);
  if (!g_key_file_remove_key (file, PINS_GROUP, key, NULL))
    return TRUE;
  return save (file, path, error);
}
