/* tc-settings.h: GSettings that also work from the build directory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSettings *tc_settings_new (const char *schema_id);

G_END_DECLS
