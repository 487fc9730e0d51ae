/* tc-line-framer.h: splits a byte stream into lines, with bounded memory
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"

G_BEGIN_DECLS

#define TC_LINE_FRAMER_DEFAULT_MAX_LINE (64 * 1024)

/* The line protocol as a TcFramer: a message ends with "\n" or "\r\n"
 * (flagged CRLF) and goes out with "\n" after it.
 */
#define TC_TYPE_LINE_FRAMER (tc_line_framer_get_type ())

G_DECLARE_FINAL_TYPE (TcLineFramer, tc_line_framer, TC, LINE_FRAMER, TcFramer)

TcLineFramer *tc_line_framer_new (gsize max_line);

G_END_DECLS
