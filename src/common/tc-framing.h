/* tc-framing.h: which framing a session uses, as a value parsed from text
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-framer.h"
#include "tc-length-framer.h"

G_BEGIN_DECLS

typedef enum
{
  TC_FRAMING_MODE_LINES,
  TC_FRAMING_MODE_RAW,
  TC_FRAMING_MODE_DELIMITER,
  TC_FRAMING_MODE_FIXED,
  TC_FRAMING_MODE_LENGTH,
} TcFramingMode;

/* Bounds of what a spec may say. */
#define TC_FRAMING_MAX_FIXED_SIZE   (16 * 1024 * 1024)
#define TC_FRAMING_MAX_IDLE_GAP_MS  60000
#define TC_FRAMING_MAX_DELIMITER    64

#define TC_TYPE_FRAMING (tc_framing_get_type ())

typedef struct _TcFraming TcFraming;

GType          tc_framing_get_type           (void) G_GNUC_CONST;
TcFraming     *tc_framing_new_lines          (void);
TcFraming     *tc_framing_new_raw            (guint             idle_gap_ms);
TcFraming     *tc_framing_new_delimiter      (GBytes           *delimiter);
TcFraming     *tc_framing_new_fixed          (gsize             size);
TcFraming     *tc_framing_new_length         (TcLengthPrefix    prefix);
TcFraming     *tc_framing_parse              (const char       *spec,
                                              GError          **error);
TcFraming     *tc_framing_ref                (TcFraming        *self);
void           tc_framing_unref              (TcFraming        *self);
gboolean       tc_framing_equal              (const TcFraming  *a,
                                              const TcFraming  *b);
TcFramingMode  tc_framing_get_mode           (const TcFraming  *self);
guint          tc_framing_get_idle_gap_ms    (const TcFraming  *self);
GBytes        *tc_framing_get_delimiter      (const TcFraming  *self);
gsize          tc_framing_get_fixed_size     (const TcFraming  *self);
TcLengthPrefix tc_framing_get_length_prefix  (const TcFraming  *self);
char          *tc_framing_to_string          (const TcFraming  *self);
TcFramer      *tc_framing_create_framer      (const TcFraming  *self,
                                              gsize             max_size);
TcFraming     *tc_framing_get_for_framer     (TcFramer         *framer);
gboolean       tc_framing_equal_or_null      (const TcFraming  *a,
                                              const TcFraming  *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcFraming, tc_framing_unref)

G_END_DECLS
