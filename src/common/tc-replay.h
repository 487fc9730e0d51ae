/* tc-replay.h: a recording played back as a mock peer on a session's connections
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-recording.h"
#include "tc-session.h"

G_BEGIN_DECLS

#define TC_REPLAY_DEFAULT_TIMEOUT_MS 5000
#define TC_REPLAY_MAX_SPEED          1000.0
/* How far a peer may send ahead of what the recording expects yet. */
#define TC_REPLAY_MAX_AHEAD          (16 * 1024 * 1024)

/**
 * TcReplayDoneFunc:
 * @connection: the connection played on
 * @ok: whether everything expected came, as recorded
 * @report: (nullable): when not @ok, what differed, on several lines
 *
 * Once per connection played on, when its part of the recording is over.
 */
typedef void (*TcReplayDoneFunc) (TcConnection *connection,
                                  gboolean      ok,
                                  const char   *report,
                                  gpointer      user_data);

#define TC_TYPE_REPLAY (tc_replay_get_type ())

G_DECLARE_FINAL_TYPE (TcReplay, tc_replay, TC, REPLAY, GObject)

TcReplay *tc_replay_new            (TcRecording       *recording,
                                    double             speed,
                                    gboolean           expect,
                                    guint              timeout_ms);
void      tc_replay_set_done_func  (TcReplay          *self,
                                    TcReplayDoneFunc   func,
                                    gpointer           user_data);
void      tc_replay_attach         (TcReplay          *self,
                                    TcSession         *session);
void      tc_replay_detach         (TcReplay          *self);
char     *tc_replay_format_diff    (GBytes            *expected,
                                    const guint8      *received,
                                    gsize              received_len,
                                    gsize              offset,
                                    guint              message,
                                    guint64            stream_offset);

G_END_DECLS
