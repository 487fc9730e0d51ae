/* hostile-util.h: memory probes for the hostile-peer tests
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-test-child.h"
#include "tc-test-util.h"

G_BEGIN_DECLS

gsize     hostile_rss_kib            (GPid  pid);
gboolean  hostile_rss_is_meaningful  (void);

G_END_DECLS
