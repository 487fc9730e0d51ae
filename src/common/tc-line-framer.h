/* tc-line-framer.h: splits a byte stream into lines, with bounded memory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-line.h"

G_BEGIN_DECLS

#define TC_LINE_FRAMER_DEFAULT_MAX_LINE (64 * 1024)

typedef struct _TcLineFramer TcLineFramer;

/* Called once per complete line. The line and its bytes live only for the call. */
typedef void (*TcLineFunc) (const TcLine *line,
                            gpointer      user_data);

TcLineFramer *tc_line_framer_new          (gsize          max_line);
void          tc_line_framer_free         (TcLineFramer  *self);
gsize         tc_line_framer_get_max_line (TcLineFramer  *self);
void          tc_line_framer_set_max_line (TcLineFramer  *self,
                                           gsize          max_line);
gsize         tc_line_framer_get_pending  (TcLineFramer  *self);
void          tc_line_framer_push         (TcLineFramer  *self,
                                           const char    *data,
                                           gsize          len,
                                           TcLineFunc     func,
                                           gpointer       user_data);
void          tc_line_framer_finish       (TcLineFramer  *self,
                                           TcLineFunc     func,
                                           gpointer       user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcLineFramer, tc_line_framer_free)

G_END_DECLS
