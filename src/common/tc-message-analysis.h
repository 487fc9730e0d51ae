/* tc-message-analysis.h: what a message's bytes hold, for the inspector
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "tc-framing.h"
#include "tc-message.h"

G_BEGIN_DECLS

/* Offsets kept of each kind; the count goes on past them. */
#define TC_MESSAGE_ANALYSIS_MAX_OFFSETS 1000
/* Bytes on one line of a dump: as xxd, or half for a narrow pane. */
#define TC_MESSAGE_DUMP_WIDTH        16
#define TC_MESSAGE_DUMP_NARROW_WIDTH 8

typedef enum
{
  TC_MESSAGE_BOM_NONE,
  TC_MESSAGE_BOM_UTF8,      /* EF BB BF */
  TC_MESSAGE_BOM_UTF16_LE,  /* FF FE */
  TC_MESSAGE_BOM_UTF16_BE,  /* FE FF */
} TcMessageBom;

typedef enum
{
  TC_MESSAGE_ENDING_NONE,       /* the stream ended first, or no framing ends one */
  TC_MESSAGE_ENDING_LF,
  TC_MESSAGE_ENDING_CRLF,
  TC_MESSAGE_ENDING_CR,
  TC_MESSAGE_ENDING_DELIMITER,  /* any other bytes */
} TcMessageEnding;

/* Offsets are from the first byte of the message, its framing excluded. */
typedef struct
{
  GArray       *invalid;         /* gsize: sequences invalid in the encoding */
  guint64       n_invalid;
  GArray       *controls;        /* gsize: bytes below 0x20, and 0x7F */
  guint64       n_controls;
  TcMessageBom  bom;             /* at offset 0 */
  guint64       n_lf;            /* line endings inside the message */
  guint64       n_crlf;
  guint64       n_cr;
} TcMessageAnalysis;

TcMessageAnalysis *tc_message_analysis_new            (const guint8            *data,
                                                       gsize                    len,
                                                       const char              *encoding,
                                                       GError                 **error);
void               tc_message_analysis_free           (TcMessageAnalysis       *self);
gboolean           tc_message_analysis_mixed_endings  (const TcMessageAnalysis *self);

char              *tc_message_format_offsets          (GArray                  *offsets,
                                                       guint64                  total,
                                                       guint                    max_shown);
TcMessageEnding    tc_message_ending_classify         (const char              *terminator,
                                                       gsize                    len);
gsize              tc_message_dump_n_lines            (gsize                    len,
                                                       guint                    width);
guint              tc_message_dump_line_chars         (guint                    width);
char              *tc_message_dump_line               (const guint8            *data,
                                                       gsize                    len,
                                                       gsize                    line,
                                                       guint                    width);
char              *tc_message_format_c_array          (const guint8            *data,
                                                       gsize                    len);
gboolean           tc_message_read_length_prefix      (const guint8            *header,
                                                       gsize                    header_len,
                                                       TcLengthPrefix           prefix,
                                                       guint64                 *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcMessageAnalysis, tc_message_analysis_free)

G_END_DECLS
