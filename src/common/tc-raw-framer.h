/* tc-raw-framer.h: no framing: what each read brings, or what came until a quiet gap
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"

G_BEGIN_DECLS

#define TC_TYPE_RAW_FRAMER (tc_raw_framer_get_type ())

G_DECLARE_FINAL_TYPE (TcRawFramer, tc_raw_framer, TC, RAW_FRAMER, TcFramer)

TcRawFramer *tc_raw_framer_new (guint idle_gap_ms,
                                gsize max_size);

G_END_DECLS
