/* tc-log-model.h: a bounded, batched list model of log entries
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-event.h"
#include "tc-message.h"
#include "tc-log-entry.h"
#include "tc-log-search.h"

G_BEGIN_DECLS

#define TC_LOG_MODEL_DEFAULT_MAX_ENTRIES 100000
/* Memory the entries may hold, headers included: 100,000 lines of the
 * maximum length would otherwise be 6.5 GB. */
#define TC_LOG_MODEL_DEFAULT_MAX_BYTES   (64 * 1024 * 1024)
/* Appends are announced (items-changed) at most this often... */
#define TC_LOG_MODEL_FLUSH_INTERVAL_MS   16
/* ...or this often after an announcement of a flood's worth (this many
 * entries or bytes), until the reading pauses. */
#define TC_LOG_MODEL_BUSY_FLUSH_INTERVAL_MS 100
#define TC_LOG_MODEL_BUSY_ENTRIES        256
#define TC_LOG_MODEL_BUSY_BYTES          (256 * 1024)

/* The two byte-exact forms each hold one direction, so that the file is
 * exactly the bytes that crossed the wire that way: each line's bytes and
 * its terminator as received or sent ("\n", "\r\n", or none after a last
 * line that had none), in log order. Only what a truncated line dropped, and
 * entries the log no longer holds, are missing. */
typedef enum
{
  TC_LOG_SAVE_READABLE,  /* "HH:MM:SS.mmm  ◀  peer  text": every entry, display-safe */
  TC_LOG_SAVE_RECEIVED,  /* the bytes of the received lines, exactly */
  TC_LOG_SAVE_SENT,      /* the bytes of the sent lines, exactly */
} TcLogSaveFormat;

/* A GListModel of TcLogEntry. Entries are kept compactly in a ring and their
 * objects are made on demand by get_item(). When more than max-entries are
 * held, or their records take more than max-bytes, the oldest go and item 0
 * becomes one note saying how many went.
 * Properties: max-entries, max-bytes, dropped (entries dropped so far),
 *   n-entries (entries held, the note not counted).
 */
#define TC_TYPE_LOG_MODEL (tc_log_model_get_type ())

G_DECLARE_FINAL_TYPE (TcLogModel, tc_log_model, TC, LOG_MODEL, GObject)

TcLogModel  *tc_log_model_new               (void);
void         tc_log_model_append            (TcLogModel      *self,
                                             TcLogDirection   direction,
                                             gint64           time_us,
                                             const char      *peer,
                                             const char      *data,
                                             gssize           len,
                                             TcMessageFlags      flags,
                                             guint64          discarded);
void         tc_log_model_append_line       (TcLogModel      *self,
                                             TcLogDirection   direction,
                                             const char      *peer,
                                             const TcMessage    *line);
void         tc_log_model_append_printf     (TcLogModel      *self,
                                             TcLogDirection   direction,
                                             const char      *peer,
                                             const char      *format,
                                             ...) G_GNUC_PRINTF (4, 5);
/* Something that happened: "client connected", "listening on ...". */
#define tc_log_model_append_event(self, peer, ...) \
  tc_log_model_append_printf ((self), TC_LOG_DIRECTION_EVENT, (peer), __VA_ARGS__)
/* Something that went wrong, in plain words. */
#define tc_log_model_append_error(self, peer, ...) \
  tc_log_model_append_printf ((self), TC_LOG_DIRECTION_ERROR, (peer), __VA_ARGS__)
void         tc_log_model_append_session_event (TcLogModel    *self,
                                                const TcEvent *event,
                                                const char    *peer);
void         tc_log_model_flush             (TcLogModel      *self);
void         tc_log_model_clear             (TcLogModel      *self);
gboolean     tc_log_model_can_undo_clear    (TcLogModel      *self);
gboolean     tc_log_model_undo_clear        (TcLogModel      *self);
void         tc_log_model_forget_cleared    (TcLogModel      *self);
guint        tc_log_model_get_n_entries     (TcLogModel      *self);
guint        tc_log_model_get_n_pending     (TcLogModel      *self);
guint64      tc_log_model_get_dropped       (TcLogModel      *self);
gint64       tc_log_model_get_start_time_us (TcLogModel      *self);
guint        tc_log_model_get_max_entries   (TcLogModel      *self);
void         tc_log_model_set_max_entries   (TcLogModel      *self,
                                             guint            max_entries);
guint64      tc_log_model_get_max_bytes     (TcLogModel      *self);
void         tc_log_model_set_max_bytes     (TcLogModel      *self,
                                             guint64          max_bytes);
guint64      tc_log_model_get_held_bytes    (TcLogModel      *self);
gboolean     tc_log_model_find_previous     (TcLogModel      *self,
                                             TcLogEntry      *entry,
                                             guint            max_steps,
                                             gint64          *time_us);
guint        tc_log_model_find              (TcLogModel        *self,
                                             const TcLogQuery  *query,
                                             const TcLogFilter *filter,
                                             GArray            *positions);
guint        tc_log_model_count_shown       (TcLogModel        *self,
                                             const TcLogFilter *filter);
GBytes      *tc_log_model_serialize         (TcLogModel      *self,
                                             TcLogSaveFormat  format);
gboolean     tc_log_model_save              (TcLogModel      *self,
                                             GFile           *file,
                                             TcLogSaveFormat  format,
                                             GCancellable    *cancellable,
                                             GError         **error);

/* What a save writes, taken at once so that the log may change meanwhile. */
typedef struct _TcLogSnapshot TcLogSnapshot;

TcLogSnapshot *tc_log_model_snapshot         (TcLogModel          *self,
                                              TcLogSaveFormat      format);
void           tc_log_snapshot_free          (TcLogSnapshot       *snapshot);
guint          tc_log_snapshot_get_n_entries (TcLogSnapshot       *snapshot);
double         tc_log_snapshot_get_fraction  (TcLogSnapshot       *snapshot);
gboolean       tc_log_snapshot_write         (TcLogSnapshot       *snapshot,
                                              GOutputStream       *stream,
                                              GCancellable        *cancellable,
                                              GError             **error);
void           tc_log_snapshot_save_async    (TcLogSnapshot       *snapshot,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean       tc_log_snapshot_save_finish   (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
