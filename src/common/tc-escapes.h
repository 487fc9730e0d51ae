/* tc-escapes.h: C-style escapes in typed text turned into bytes, and back
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GBytes *tc_escapes_parse       (const char  *text,
                                gssize       len,
                                GError     **error);
GBytes *tc_escapes_parse_full  (const char  *text,
                                gssize       len,
                                gsize       *error_offset,
                                GError     **error);
char   *tc_escapes_format      (const void  *data,
                                gsize        len);

G_END_DECLS
