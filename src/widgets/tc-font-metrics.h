/* tc-font-metrics.h: a font's line metrics, looked up once per font and size
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* What a row needs of a font to measure itself without shaping any text. */
typedef struct
{
  int ascent;         /* Pango units */
  int descent;
  int char_width;     /* approximate, at least one pixel */
  int digit_width;    /* approximate, at least one pixel */
} TcFontMetrics;

const TcFontMetrics *tc_font_metrics_get (PangoContext *context,
                                          double        scale);

G_END_DECLS
