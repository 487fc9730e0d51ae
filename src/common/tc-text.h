/* tc-text.h: display-safe text from untrusted bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *tc_text_make_display_safe   (const char *data,
                                   gsize       len,
                                   gsize       max_chars);
void  tc_text_append_display_safe (GString    *out,
                                   const char *data,
                                   gsize       len,
                                   gsize       max_chars);

G_END_DECLS
