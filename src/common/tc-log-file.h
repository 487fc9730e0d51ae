/* tc-log-file.h: a session's events appended to a file, as text or JSON Lines, rotated
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-event.h"
#include "tc-session.h"

G_BEGIN_DECLS

/* How each event is written.
 *
 * TEXT: one line an event, "2026-12-04T17:27:04.123+01:00 [peer] < bytes".
 *
 * JSONL: one JSON object an event, with the keys of a recording
 * (tc-recording.h: t_us, kind, conn, peer, b64, reason) and more:
 *   {"t_us":1764861000200000,"time":"2026-12-04T17:27:04.123+01:00",
 *    "kind":"in","conn":1,"peer":"127.0.0.1:5555","b64":"aGkK",
 *    "text":"hi","len":2,"flags":["crlf"]}
 * kind is open, in, out, close, error, state or info; b64 is the message as
 * it was on the wire (framing header, bytes, terminator), text its bytes
 * as the log shows them; flags lists truncated, no_terminator and crlf.
 */
typedef enum
{
  TC_LOG_FILE_FORMAT_TEXT,
  TC_LOG_FILE_FORMAT_JSONL,
} TcLogFileFormat;

/* Rotation: when the next event would take the file past max-size, it is
 * renamed FILE.1 (FILE.1 to FILE.2, and so on, the oldest beyond keep
 * deleted) and a new FILE begins. A max-size of 0 never rotates. */
#define TC_LOG_FILE_DEFAULT_KEEP  5
#define TC_LOG_FILE_MAX_KEEP      100
#define TC_LOG_FILE_MIN_SIZE      1024

/* Events wait in memory for the disk up to this much; beyond it they are
 * counted, not kept, and the file says how many were lost. */
#define TC_LOG_FILE_MAX_QUEUED    (32 * 1024 * 1024)

/* How a message's bytes read in the text view; by default as the log
 * shows them (tc_message_dup_display()). */
typedef void (*TcLogFileTextFunc) (GString         *out,
                                   const TcMessage *message,
                                   gpointer         user_data);

#define TC_TYPE_LOG_FILE (tc_log_file_get_type ())

G_DECLARE_FINAL_TYPE (TcLogFile, tc_log_file, TC, LOG_FILE, GObject)

TcLogFile    *tc_log_file_new           (const char         *path,
                                         TcLogFileFormat     format,
                                         guint64             max_size,
                                         guint               keep,
                                         GError            **error);
void          tc_log_file_set_rotation  (TcLogFile          *self,
                                         guint64             max_size,
                                         guint               keep);
void          tc_log_file_set_text_func (TcLogFile          *self,
                                         TcLogFileTextFunc   func,
                                         gpointer            user_data);
void          tc_log_file_attach        (TcLogFile          *self,
                                         TcSession          *session);
void          tc_log_file_detach        (TcLogFile          *self);
void          tc_log_file_write_event   (TcLogFile          *self,
                                         const TcEvent      *event);
gboolean      tc_log_file_flush         (TcLogFile          *self,
                                         GError            **error);
const char   *tc_log_file_get_path      (TcLogFile          *self);
const GError *tc_log_file_get_error     (TcLogFile          *self);
guint64       tc_log_file_get_lost      (TcLogFile          *self);

gboolean      tc_log_file_parse_format  (const char         *text,
                                         TcLogFileFormat    *format);
gboolean      tc_log_file_parse_size    (const char         *text,
                                         guint64            *size);
char         *tc_log_file_format_time   (gint64              time_us);

G_END_DECLS
