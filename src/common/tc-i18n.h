/* tc-i18n.h: setting up gettext, installed or from the build directory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *tc_i18n_init (void);

G_END_DECLS
