/* tc-fixed-framer.h: every N bytes a message
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"

G_BEGIN_DECLS

#define TC_TYPE_FIXED_FRAMER (tc_fixed_framer_get_type ())

G_DECLARE_FINAL_TYPE (TcFixedFramer, tc_fixed_framer, TC, FIXED_FRAMER, TcFramer)

TcFixedFramer *tc_fixed_framer_new (gsize size,
                                    gsize max_size);

G_END_DECLS
