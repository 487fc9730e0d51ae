/* tc-file-sender.h: a file sent as raw bytes or line by line on a connection, read as the
 * connection drains
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-connection.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* The pieces the file is read in. */
#define TC_FILE_SENDER_CHUNK (64 * 1024)
/* Line by line, a longer line stops the sending: memory stays bounded. */
#define TC_FILE_SENDER_MAX_LINE (1024 * 1024)
/* The longest delay between lines, in ms. */
#define TC_FILE_SENDER_MAX_LINE_DELAY_MS (3600 * 1000)

/**
 * TcFileSenderDoneFunc:
 * @error: (nullable): why it stopped before the end of the file
 */
typedef void (*TcFileSenderDoneFunc) (TcConnection *connection,
                                      guint64       sent,
                                      const GError *error,
                                      gpointer      user_data);

typedef struct _TcFileSender TcFileSender;

TcFileSender *tc_file_sender_new       (const char            *path,
                                        GError               **error);
void          tc_file_sender_free      (TcFileSender          *self);
goffset       tc_file_sender_get_size  (TcFileSender          *self);
guint64       tc_file_sender_get_sent  (TcFileSender          *self);
void          tc_file_sender_start     (TcFileSender          *self,
                                        TcConnection          *connection,
                                        TcFileSenderDoneFunc   func,
                                        gpointer               user_data);
void          tc_file_sender_set_paused (TcFileSender         *self,
                                         gboolean              paused);
void          tc_file_sender_set_lines  (TcFileSender         *self,
                                         TcSession            *session,
                                         guint                 delay_ms);
guint64       tc_file_sender_get_lines_sent (TcFileSender     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcFileSender, tc_file_sender_free)

G_END_DECLS
