/* tc-settings.c: GSettings that also work from the build directory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-settings.h"

/**
 * tc_settings_new:
 * @schema_id: an installed schema, or one compiled in the build tree
 *
 * Uninstalled programs find their schema where the build compiled it, so
 * running from the build directory needs no setup.
 *
 * Returns: (transfer full) (nullable): the settings, or %NULL when the
 *   schema is nowhere to be found (the programs then keep no settings)
 */
GSettings *
tc_settings_new (const char *schema_id)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) build_source = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (schema_id != NULL, NULL);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, schema_id, TRUE);

  if (schema == NULL && g_file_test (SCHEMAS_BUILD_DIR "/gschemas.compiled", G_FILE_TEST_EXISTS))
    {
      build_source = g_settings_schema_source_new_from_directory (SCHEMAS_BUILD_DIR, source,
                                                                  FALSE, NULL);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, schema_id, TRUE);
    }

  if (schema == NULL)
    {
      g_debug ("Settings schema %s not found: settings will not be kept", schema_id);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}
