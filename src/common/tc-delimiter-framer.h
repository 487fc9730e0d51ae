/* tc-delimiter-framer.h: messages ended by any byte sequence
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"

G_BEGIN_DECLS

#define TC_TYPE_DELIMITER_FRAMER (tc_delimiter_framer_get_type ())

G_DECLARE_FINAL_TYPE (TcDelimiterFramer, tc_delimiter_framer, TC, DELIMITER_FRAMER, TcFramer)

TcDelimiterFramer *tc_delimiter_framer_new            (const void        *delimiter,
                                                       gsize              len,
                                                       gsize              max_size);
const guint8      *tc_delimiter_framer_get_delimiter  (TcDelimiterFramer *self,
                                                       gsize             *len);

G_END_DECLS
