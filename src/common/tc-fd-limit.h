/* tc-fd-limit.h: room for many connections in one process
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint64 tc_fd_limit_raise (void);

G_END_DECLS
