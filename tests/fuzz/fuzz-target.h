/* fuzz-target.h: the entry point every fuzz target defines
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <glib.h>

G_BEGIN_DECLS

/* Checks one input; aborts when an invariant breaks. Returns 0. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

G_END_DECLS
