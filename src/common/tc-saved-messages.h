/* tc-saved-messages.h: named messages kept in a key file, each with its input mode and line ending
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "tc-typed-input.h"

G_BEGIN_DECLS

#define TC_SAVED_MESSAGES_ERROR (tc_saved_messages_error_quark ())

typedef enum
{
  TC_SAVED_MESSAGES_ERROR_PARSE,      /* not a key file, or a group or key it cannot hold */
  TC_SAVED_MESSAGES_ERROR_INVALID,    /* a bad name, mode, line ending, encoding or text */
  TC_SAVED_MESSAGES_ERROR_DUPLICATE,  /* the name is taken */
  TC_SAVED_MESSAGES_ERROR_TOO_LARGE,  /* too many messages, or a file too long */
} TcSavedMessagesError;

/* Bounds on what a hand-edited or imported file may hold. */
#define TC_SAVED_MESSAGES_MAX_COUNT     1000
#define TC_SAVED_MESSAGES_MAX_NAME      64
#define TC_SAVED_MESSAGES_MAX_FILE_SIZE (4 * 1024 * 1024)

#define TC_TYPE_SAVED_MESSAGE (tc_saved_message_get_type ())

G_DECLARE_FINAL_TYPE (TcSavedMessage, tc_saved_message, TC, SAVED_MESSAGE, GObject)

#define TC_TYPE_SAVED_MESSAGES (tc_saved_messages_get_type ())

G_DECLARE_FINAL_TYPE (TcSavedMessages, tc_saved_messages, TC, SAVED_MESSAGES, GObject)

GQuark          tc_saved_messages_error_quark    (void);

TcSavedMessage *tc_saved_message_new             (const char       *name,
                                                  const char       *text,
                                                  TcInputMode       mode,
                                                  TcLineEnding      ending,
                                                  const char       *encoding);
const char     *tc_saved_message_get_name        (TcSavedMessage   *self);
const char     *tc_saved_message_get_text        (TcSavedMessage   *self);
TcInputMode     tc_saved_message_get_mode        (TcSavedMessage   *self);
TcLineEnding    tc_saved_message_get_line_ending (TcSavedMessage   *self);
const char     *tc_saved_message_get_encoding    (TcSavedMessage   *self);
gboolean        tc_saved_message_check           (TcSavedMessage   *self,
                                                  GError          **error);
GBytes         *tc_saved_message_to_bytes        (TcSavedMessage   *self,
                                                  const char       *fallback_encoding,
                                                  GError          **error);

TcSavedMessages *tc_saved_messages_new           (void);
char            *tc_saved_messages_default_path  (void);
gboolean         tc_saved_messages_load_from_data (TcSavedMessages *self,
                                                  const char       *data,
                                                  gsize             len,
                                                  GError          **error);
gboolean         tc_saved_messages_load_from_file (TcSavedMessages *self,
                                                  const char       *path,
                                                  GError          **error);
char            *tc_saved_messages_to_data       (TcSavedMessages  *self,
                                                  gsize            *len);
gboolean         tc_saved_messages_save_to_file  (TcSavedMessages  *self,
                                                  const char       *path,
                                                  GError          **error);
TcSavedMessage  *tc_saved_messages_get           (TcSavedMessages  *self,
                                                  guint             position);
int              tc_saved_messages_find          (TcSavedMessages  *self,
                                                  const char       *name);
gboolean         tc_saved_messages_add           (TcSavedMessages  *self,
                                                  TcSavedMessage   *message,
                                                  GError          **error);
gboolean         tc_saved_messages_replace       (TcSavedMessages  *self,
                                                  guint             position,
                                                  TcSavedMessage   *message,
                                                  GError          **error);
void             tc_saved_messages_remove        (TcSavedMessages  *self,
                                                  guint             position);
void             tc_saved_messages_move          (TcSavedMessages  *self,
                                                  guint             from,
                                                  guint             to);

G_END_DECLS
