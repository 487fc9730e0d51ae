/* tc-length-framer.h: a length prefix, then that many bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"

G_BEGIN_DECLS

typedef enum
{
  TC_LENGTH_PREFIX_U8,
  TC_LENGTH_PREFIX_U16BE,
  TC_LENGTH_PREFIX_U16LE,
  TC_LENGTH_PREFIX_U32BE,
  TC_LENGTH_PREFIX_U32LE,
} TcLengthPrefix;

#define TC_TYPE_LENGTH_FRAMER (tc_length_framer_get_type ())

G_DECLARE_FINAL_TYPE (TcLengthFramer, tc_length_framer, TC, LENGTH_FRAMER, TcFramer)

TcLengthFramer *tc_length_framer_new          (TcLengthPrefix  prefix,
                                               gsize           max_size);
gsize           tc_length_prefix_get_size     (TcLengthPrefix  prefix);
guint64         tc_length_prefix_get_max      (TcLengthPrefix  prefix);
guint64         tc_length_prefix_decode       (TcLengthPrefix  prefix,
                                               const guint8   *bytes);

G_END_DECLS
