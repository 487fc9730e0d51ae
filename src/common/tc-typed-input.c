/* tc-typed-input.c: what a person types to send, read as bytes, and how a line is ended
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-typed-input.h"

#include "tc-bytes-format.h"
#include "tc-escapes.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char * const input_mode_names[] = { "text", "hex", "escapes" };

static const struct
{
  const char *name;
  const char *bytes;
} line_endings[] = {
  { "lf", "\n" },
  { "crlf", "\r\n" },
  { "cr", "\r" },
  { "none", "" },
};

/* "text", "hex" or "escapes", as the options and actions spell them. */
gboolean
tc_input_mode_parse (const char  *name,
                     TcInputMode *mode)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (input_mode_names); i++)
    if (g_ascii_strcasecmp (name, input_mode_names[i]) == 0)
      {
        *mode = (TcInputMode) i;
        return TRUE;
      }
  return FALSE;
}

const char *
tc_input_mode_to_string (TcInputMode mode)
{
  g_return_val_if_fail (mode <= TC_INPUT_MODE_ESCAPES, "text");
  return input_mode_names[mode];
}

/* "lf", "crlf", "cr" or "none", in any case. */
gboolean
tc_line_ending_parse (const char   *name,
                      TcLineEnding *ending)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (line_endings); i++)
    if (g_ascii_strcasecmp (name, line_endings[i].name) == 0)
      {
        *ending = (TcLineEnding) i;
        return TRUE;
      }
  return FALSE;
}

const char *
tc_line_ending_to_string (TcLineEnding ending)
{
  g_return_val_if_fail (ending <= TC_LINE_ENDING_NONE, "lf");
  return line_endings[ending].name;
}

/* The bytes that end a line, "" for none. */
const char *
tc_line_ending_get_bytes (TcLineEnding  ending,
                          gsize        *len)
{
  g_return_val_if_fail (ending <= TC_LINE_ENDING_NONE, "\n");

  if (len != NULL)
    *len = strlen (line_endings[ending].bytes);
  return line_endings[ending].bytes;
}

/* How many bytes the (valid) escape at text[at] takes. */
static gsize
escape_length (const char *text,
               gsize       at)
{
  switch (text[at + 1])
    {
    case 'x':
      return 4;
    case 'u':
      return (gsize) (strchr (text + at, '}') - (text + at)) + 1;
    default:
      return 2;
    }
}

/* Escapes in a text that is not sent as UTF-8: the text between them is
 * converted, the bytes they stand for are kept, and a \u{…} character is
 * converted too. Both were checked whole first, so that an error names
 * its position in the whole text; only a \u{…} can still fail here. */
static GBytes *
escapes_to_encoding (const char  *text,
                     gsize        len,
                     const char  *encoding,
                     gsize       *error_offset,
                     GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize i = 0;

  while (i < len)
    {
      const char *backslash = memchr (text + i, '\\', len - i);
      gsize at = backslash != NULL ? (gsize) (backslash - text) : len;
      g_autoptr(GBytes) run = NULL;
      g_autoptr(GBytes) escaped = NULL;
      gsize escape_len;

      if (at > i)
        {
          run = tc_bytes_encode_text (text + i, (gssize) (at - i), encoding, NULL, error);
          if (run == NULL)
            return NULL;
          g_byte_array_append (out, g_bytes_get_data (run, NULL),
                               (guint) g_bytes_get_size (run));
        }
      if (at == len)
        break;

      escape_len = escape_length (text, at);
      escaped = tc_escapes_parse (text + at, (gssize) escape_len, error);
      if (escaped == NULL)
        return NULL;
      if (text[at + 1] == 'u')
        {
          g_autoptr(GBytes) converted = NULL;
          gsize size;
          const char *utf8 = g_bytes_get_data (escaped, &size);

          converted = tc_bytes_encode_text (utf8, (gssize) size, encoding, NULL, NULL);
          if (converted == NULL)
            {
              gsize position = (gsize) g_utf8_pointer_to_offset (text, text + at);

              if (error_offset != NULL)
                *error_offset = position;
              g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE,
                           /* TRANSLATORS: an escape as typed, its position from 1,
                            * and an encoding name */
                           _("%.*s at position %zu cannot be written in %s"),
                           (int) escape_len, text + at, position + 1,
                           tc_encoding_lookup (encoding));
              return NULL;
            }
          g_clear_pointer (&escaped, g_bytes_unref);
          escaped = g_steal_pointer (&converted);
        }
      g_byte_array_append (out, g_bytes_get_data (escaped, NULL),
                           (guint) g_bytes_get_size (escaped));
      i = at + escape_len;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * tc_typed_input_to_bytes:
 * @text: what was typed, UTF-8
 * @len: its length in bytes, or -1 when NUL-terminated
 * @mode: how it is read
 * @encoding: (nullable): the encoding text is sent in; %NULL for UTF-8
 * @error_offset: (out) (optional): on error, the character offset of what
 *   is wrong, for an editor to highlight
 *
 * The bytes a typed message stands for; nothing is replaced or guessed:
 * bad hex, a bad escape or a character the encoding cannot write is an
 * error that names it and where it is.
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
tc_typed_input_to_bytes (const char   *text,
                         gssize        len,
                         TcInputMode   mode,
                         const char   *encoding,
                         gsize        *error_offset,
                         GError      **error)
{
  g_autoptr(GBytes) checked = NULL;
  gsize byte_offset = 0;
  gsize n;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  n = len < 0 ? strlen (text) : (gsize) len;
  if (encoding == NULL)
    encoding = TC_ENCODING_UTF8;

  switch (mode)
    {
    case TC_INPUT_MODE_HEX:
      return tc_bytes_parse_hex (text, (gssize) n, error_offset, error);

    case TC_INPUT_MODE_ESCAPES:
      checked = tc_escapes_parse_full (text, (gssize) n, &byte_offset, error);
      if (checked == NULL)
        {
          if (error_offset != NULL)
            *error_offset = g_utf8_validate (text, (gssize) byte_offset, NULL)
                            ? (gsize) g_utf8_pointer_to_offset (text, text + byte_offset)
                            : byte_offset;
          return NULL;
        }
      if (tc_encoding_lookup (encoding) == tc_encoding_lookup (TC_ENCODING_UTF8))
        return g_steal_pointer (&checked);
      g_clear_pointer (&checked, g_bytes_unref);
      /* Every character outside the escapes must have a form, said as
       * text mode says it; the escapes are ASCII and always have one. */
      checked = tc_bytes_encode_text (text, (gssize) n, encoding, error_offset, error);
      if (checked == NULL)
        return NULL;
      return escapes_to_encoding (text, n, encoding, error_offset, error);

    case TC_INPUT_MODE_TEXT:
    default:
      return tc_bytes_encode_text (text, (gssize) n, encoding, error_offset, error);
    }
}
