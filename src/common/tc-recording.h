/* tc-recording.h: a session's events as JSON Lines, written as they happen and read back
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-session.h"

G_BEGIN_DECLS

/* The format, one JSON object per line:
 *
 *   {"format":"tcpchat-recording","version":1,"program":"tcpchat-server",
 *    "program_version":"0.1.0","mode":"server","local":"127.0.0.1:10000",
 *    "framing":"lines","encoding":"UTF-8","t_us":1764861000000000}
 *   {"t_us":1764861000100000,"kind":"open","conn":1,"peer":"127.0.0.1:5555"}
 *   {"t_us":1764861000200000,"kind":"in","conn":1,"peer":"127.0.0.1:5555","b64":"aGkK"}
 *   {"t_us":1764861000300000,"kind":"out","conn":1,"peer":"127.0.0.1:5555","b64":"aGkK"}
 *   {"t_us":1764861000400000,"kind":"close","conn":1,"peer":"127.0.0.1:5555","reason":"..."}
 *   {"t_us":1764861000500000,"kind":"error","peer":"...","reason":"..."}
 *
 * b64 is the message as it was on the wire: framing header, bytes and
 * terminator. Readers ignore keys they do not know.
 */
#define TC_RECORDING_FORMAT   "tcpchat-recording"
#define TC_RECORDING_VERSION  1

/* The longest line a reader takes: a message of 64 MiB in base64, and more. */
#define TC_RECORDING_MAX_LINE (96 * 1024 * 1024)

typedef enum
{
  TC_RECORD_OPEN,
  TC_RECORD_IN,
  TC_RECORD_OUT,
  TC_RECORD_CLOSE,
  TC_RECORD_ERROR,
} TcRecordKind;

typedef struct
{
  gint64        t_us;
  TcRecordKind  kind;
  guint         conn;     /* 0: the whole session */
  char         *peer;
  char         *local;    /* OPEN: this side's address */
  GBytes       *bytes;    /* IN and OUT */
  char         *reason;
} TcRecord;

typedef struct _TcRecording TcRecording;

/* Reading. */
TcRecording    *tc_recording_load           (const char     *path,
                                             GError        **error);
TcRecording    *tc_recording_parse          (const char     *data,
                                             gsize           len,
                                             const char     *source,
                                             GError        **error);
void            tc_recording_free           (TcRecording    *self);
const char     *tc_recording_get_mode       (TcRecording    *self);
const char     *tc_recording_get_local      (TcRecording    *self);
guint           tc_recording_get_n_records  (TcRecording    *self);
const TcRecord *tc_recording_get_record     (TcRecording    *self,
                                             guint           index);
guint           tc_recording_get_first_conn (TcRecording    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcRecording, tc_recording_free)

/* Writing: a recorder attached to a session. */
#define TC_TYPE_RECORDER (tc_recorder_get_type ())

G_DECLARE_FINAL_TYPE (TcRecorder, tc_recorder, TC, RECORDER, GObject)

TcRecorder     *tc_recorder_new             (const char     *path,
                                             GError        **error);
void            tc_recorder_attach          (TcRecorder     *self,
                                             TcSession      *session,
                                             const char     *program,
                                             const char     *encoding);
void            tc_recorder_detach          (TcRecorder     *self);
const GError   *tc_recorder_get_error       (TcRecorder     *self);

void            tc_json_append_string       (GString        *out,
                                             const char     *text);

G_END_DECLS
