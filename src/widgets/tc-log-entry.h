/* tc-log-entry.h: one row of a log, as an item of TcLogModel
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "tc-message.h"

G_BEGIN_DECLS

typedef enum
{
  TC_LOG_DIRECTION_RECEIVED,  /* a line from a peer */
  TC_LOG_DIRECTION_SENT,      /* a line we sent */
  TC_LOG_DIRECTION_EVENT,     /* something that happened (connected, listening, ...) */
  TC_LOG_DIRECTION_ERROR,     /* something that went wrong */
} TcLogDirection;

/* Display text is cut after this many characters (the raw bytes are kept). */
#define TC_LOG_ENTRY_DISPLAY_MAX_CHARS 4000
/* Shown after the text of a line that ended in CRLF. */
#define TC_LOG_ENTRY_CRLF_MARK "CRLF"

#define TC_TYPE_LOG_ENTRY (tc_log_entry_get_type ())

/* Immutable; created on demand by TcLogModel's get_item(). */
G_DECLARE_FINAL_TYPE (TcLogEntry, tc_log_entry, TC, LOG_ENTRY, GObject)

TcLogEntry      *tc_log_entry_new               (TcLogDirection  direction,
                                                 gint64          time_us,
                                                 const char     *peer,
                                                 const char     *data,
                                                 gsize           len,
                                                 TcMessageFlags     flags,
                                                 guint64         discarded);
TcLogEntry      *tc_log_entry_new_for_bytes     (TcLogDirection  direction,
                                                 gint64          time_us,
                                                 const char     *peer,
                                                 GBytes         *bytes,
                                                 TcMessageFlags  flags,
                                                 guint64         discarded);
TcLogDirection   tc_log_entry_get_direction     (TcLogEntry     *self);
gint64           tc_log_entry_get_time_us       (TcLogEntry     *self);
const char      *tc_log_entry_get_peer          (TcLogEntry     *self);
GBytes          *tc_log_entry_get_bytes         (TcLogEntry     *self);
TcMessageFlags      tc_log_entry_get_flags         (TcLogEntry     *self);
guint64          tc_log_entry_get_discarded     (TcLogEntry     *self);
char            *tc_log_entry_dup_text          (TcLogEntry     *self);
char            *tc_log_entry_dup_flags_text    (TcLogEntry     *self);
const char      *tc_log_entry_get_ending_mark   (TcLogEntry     *self);
char            *tc_log_entry_format            (TcLogEntry     *self);
char            *tc_log_entry_format_dated      (TcLogEntry     *self);
void             tc_log_entry_set_origin        (TcLogEntry     *self,
                                                 guint64         serial,
                                                 const char     *header,
                                                 gsize           header_len,
                                                 const char     *terminator,
                                                 gsize           terminator_len);
guint64          tc_log_entry_get_serial        (TcLogEntry     *self);
GBytes          *tc_log_entry_get_header        (TcLogEntry     *self);
void             tc_log_entry_set_prefix_value  (TcLogEntry     *self,
                                                 guint64         value);
gboolean         tc_log_entry_get_prefix_value  (TcLogEntry     *self,
                                                 guint64        *value);
const char      *tc_log_entry_get_terminator    (TcLogEntry     *self,
                                                 gsize          *len);
const char      *tc_log_direction_get_marker    (TcLogDirection  direction);
const char      *tc_log_direction_get_css_class (TcLogDirection  direction);

G_END_DECLS
