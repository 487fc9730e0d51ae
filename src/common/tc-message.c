/* tc-message.c: the boxed message type
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-message.h"
#include "tc-text.h"

#include <string.h>

/* Spelled out: G_DEFINE_BOXED_TYPE trips -Wpedantic with GCC. */
GType
tc_message_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      GType type = g_boxed_type_register_static (g_intern_static_string ("TcMessage"),
                                                 (GBoxedCopyFunc) tc_message_copy,
                                                 (GBoxedFreeFunc) tc_message_free);
      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

/* A copy owns its bytes, its terminator's and its header's: they are
 * stored right after the struct, each NUL-terminated.
 */
TcMessage *
tc_message_copy (const TcMessage *line)
{
  gsize terminator_len = line != NULL && line->terminator != NULL ? line->terminator_len : 0;
  gsize header_len = line != NULL && line->header != NULL ? line->header_len : 0;
  TcMessage *copy;
  char *bytes;

  g_return_val_if_fail (line != NULL, NULL);

  copy = g_malloc (sizeof *copy + line->len + 1 + terminator_len + 1 + header_len + 1);
  *copy = *line;
  bytes = (char *) (copy + 1);
  copy->data = bytes;
  memcpy (bytes, line->data, line->len);
  bytes[line->len] = '\0';

  if (line->terminator != NULL)
    {
      char *terminator = bytes + line->len + 1;

      memcpy (terminator, line->terminator, terminator_len);
      terminator[terminator_len] = '\0';
      copy->terminator = terminator;
    }

  if (line->header != NULL)
    {
      char *header = bytes + line->len + 1 + terminator_len + 1;

      memcpy (header, line->header, header_len);
      header[header_len] = '\0';
      copy->header = header;
    }

  return copy;
}

void
tc_message_free (TcMessage *line)
{
  g_free (line);
}

/* Valid UTF-8 with visible control characters, at most 4096 characters. */
char *
tc_message_dup_display (const TcMessage *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  return tc_text_make_display_safe (line->data, line->len, 4096);
}

/**
 * tc_message_get_terminator:
 * @line: a line
 * @len: (out): the terminator's length
 *
 * Returns: the bytes that ended @line as received ("" when none did)
 */
const char *
tc_message_get_terminator (const TcMessage *line,
                        gsize        *len)
{
  const char *terminator;

  g_return_val_if_fail (line != NULL, NULL);
  g_return_val_if_fail (len != NULL, NULL);

  if (line->terminator != NULL)
    {
      *len = line->terminator_len;
      return line->terminator;
    }

  terminator = tc_message_flags_get_terminator (line->flags);
  *len = strlen (terminator);
  return terminator;
}

/* What the flags of @message say, after its text in the headless records
 * and the log file: the words scripts read, never translated.
 */
void
tc_message_append_flags_note (GString         *out,
                              const TcMessage *message)
{
  if (message->flags & TC_MESSAGE_FLAG_TRUNCATED)
    g_string_append_printf (out, " [truncated: %" G_GUINT64_FORMAT " more bytes discarded]",
                            message->discarded);
  if (message->flags & TC_MESSAGE_FLAG_NO_TERMINATOR)
    g_string_append (out, " [no newline at end]");
}

/* A signal with one message, borrowed for the emission (handlers copy what
 * they keep), through a typed marshaller: it may be emitted per line.
 */
guint
tc_message_signal_new (const char *name,
                       GType       itype)
{
  guint id = g_signal_new (name, itype, G_SIGNAL_RUN_LAST,
                           0, NULL, NULL, g_cclosure_marshal_VOID__BOXED, G_TYPE_NONE, 1,
                           TC_TYPE_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE);

  g_signal_set_va_marshaller (id, itype, g_cclosure_marshal_VOID__BOXEDv);
  return id;
}
