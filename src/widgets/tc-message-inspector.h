/* tc-message-inspector.h: the facts and bytes of one log message
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "tc-log-model.h"

G_BEGIN_DECLS

typedef enum
{
  TC_INSPECTOR_FIELD_LENGTH,      /* "5 bytes" */
  TC_INSPECTOR_FIELD_TIME,        /* "14:03:07.125" */
  TC_INSPECTOR_FIELD_GAP,         /* ms since the previous one from the same peer */
  TC_INSPECTOR_FIELD_TERMINATOR,  /* "CRLF", "LF", "CR", "delimiter 03", "none" */
  TC_INSPECTOR_FIELD_PREFIX,      /* a length prefix: "00 05 = 5"; hidden without one */
  TC_INSPECTOR_FIELD_INVALID,     /* offsets invalid in the encoding */
  TC_INSPECTOR_FIELD_CONTROLS,    /* offsets of control bytes */
  TC_INSPECTOR_FIELD_BOM,
  TC_INSPECTOR_FIELD_ENDINGS,     /* line endings inside, and whether mixed */
  TC_INSPECTOR_N_FIELDS
} TcInspectorField;

typedef enum
{
  TC_INSPECTOR_COPY_HEX,          /* "48 65 6C" */
  TC_INSPECTOR_COPY_ESCAPED,      /* "He\r\n", as the send box's escapes read it */
  TC_INSPECTOR_COPY_C_ARRAY,      /* "unsigned char message[3] = { ... };" */
} TcInspectorCopy;

/* Shows one TcLogEntry: its length, time, the gap to the previous message
 * from the same peer, the terminator seen, a length prefix, where invalid
 * sequences (in the encoding), control bytes, a BOM and line endings are,
 * and all its bytes as an offset | hex | text dump, whose lines are made
 * only when shown. Actions (group "inspector"): copy-hex, copy-escaped,
 * copy-c-array, to the clipboard; enabled with an entry.
 * Properties: entry (TcLogEntry, read-only), encoding.
 */
#define TC_TYPE_MESSAGE_INSPECTOR (tc_message_inspector_get_type ())

G_DECLARE_FINAL_TYPE (TcMessageInspector, tc_message_inspector, TC, MESSAGE_INSPECTOR, GtkWidget)

GtkWidget  *tc_message_inspector_new               (void);
void        tc_message_inspector_set_entry         (TcMessageInspector *self,
                                                    TcLogEntry         *entry,
                                                    TcLogModel         *model);
TcLogEntry *tc_message_inspector_get_entry         (TcMessageInspector *self);
void        tc_message_inspector_set_encoding      (TcMessageInspector *self,
                                                    const char         *encoding);
const char *tc_message_inspector_get_encoding      (TcMessageInspector *self);
char       *tc_message_inspector_dup_field         (TcMessageInspector *self,
                                                    TcInspectorField    field);
char       *tc_message_inspector_dup_copy_text     (TcMessageInspector *self,
                                                    TcInspectorCopy     format);
void        tc_message_inspector_copy              (TcMessageInspector *self,
                                                    TcInspectorCopy     format);
GListModel *tc_message_inspector_get_dump          (TcMessageInspector *self);

G_END_DECLS
