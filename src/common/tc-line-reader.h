/* tc-line-reader.h: lines from a file descriptor such as stdin, read by the main loop
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "tc-line-framer.h"

G_BEGIN_DECLS

typedef struct _TcLineReader TcLineReader;

/* After the lines of one read; returning FALSE stops reading for good. */
typedef gboolean (*TcLineReaderBatchFunc) (gpointer user_data);
/* Once, at the end of input; error is NULL at a normal end of file. */
typedef void     (*TcLineReaderEndFunc)   (const GError *error,
                                           gpointer      user_data);

TcLineReader *tc_line_reader_new         (int                    fd,
                                          gsize                  max_line,
                                          TcFramerFunc           line_func,
                                          TcLineReaderBatchFunc  batch_func,
                                          TcLineReaderEndFunc    end_func,
                                          gpointer               user_data);
void          tc_line_reader_free        (TcLineReader          *self);
void          tc_line_reader_set_reading (TcLineReader          *self,
                                          gboolean               reading);
gboolean      tc_line_reader_is_done     (TcLineReader          *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcLineReader, tc_line_reader_free)

G_END_DECLS
