/* fuzz-fixed-framer.c: libFuzzer target for the fixed framer, checked against a model
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-framer-model.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  return model_run (MODEL_FIXED, data, size);
}
