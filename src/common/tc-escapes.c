/* tc-escapes.c: C-style escapes in typed text turned into bytes, and back
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-escapes.h"
#include "tc-error.h"
#include <glib/gi18n-lib.h>

#include <string.h>

static gboolean
fail (gsize        offset,
      gsize       *error_offset,
      GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (gsize        offset,
      gsize       *error_offset,
      GError     **error,
      const char  *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error_offset != NULL)
    *error_offset = offset;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, TC_ERROR, TC_ERROR_INVALID_ESCAPE, message);

  return FALSE;
}

/* \xHH at @at. Returns: the offset after it, or 0 with @error */
static gsize
read_hex_escape (const char  *text,
                 gsize        n,
                 gsize        at,
                 GByteArray  *out,
                 gsize       *error_offset,
                 GError     **error)
{
  guint8 byte;

  if (at + 3 >= n || !g_ascii_isxdigit (text[at + 2]) || !g_ascii_isxdigit (text[at + 3]))
    return fail (at, error_offset, error,
                 _("\\x at position %zu needs two hex digits, as in \\x03"), at + 1);

  byte = (guint8) (g_ascii_xdigit_value (text[at + 2]) * 16 +
                   g_ascii_xdigit_value (text[at + 3]));
  g_byte_array_append (out, &byte, 1);
  return at + 4;
}

/* \u{X} at @at, in UTF-8. Returns: the offset after it, or 0 with @error */
static gsize
read_unicode_escape (const char  *text,
                     gsize        n,
                     gsize        at,
                     GByteArray  *out,
                     gsize       *error_offset,
                     GError     **error)
{
  gunichar c = 0;
  gsize j = at + 3;
  gsize digits = 0;
  char utf8[6];
  int utf8_len;

  if (at + 2 >= n || text[at + 2] != '{')
    return fail (at, error_offset, error,
                 _("\\u at position %zu needs a code point in braces, "
                   "as in \\u{4F60}"), at + 1);

  while (j < n && g_ascii_isxdigit (text[j]) && digits < 7)
    {
      c = c * 16 + (gunichar) g_ascii_xdigit_value (text[j]);
      j++;
      digits++;
    }

  if (j >= n || text[j] != '}' || digits == 0 || digits > 6)
    return fail (at, error_offset, error,
                 _("\\u{ at position %zu needs 1 to 6 hex digits "
                   "and a closing }"), at + 1);

  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return fail (at, error_offset, error,
                 _("\\u{%X} at position %zu is not a Unicode character"),
                 c, at + 1);

  utf8_len = g_unichar_to_utf8 (c, utf8);
  g_byte_array_append (out, (const guint8 *) utf8, (guint) utf8_len);
  return j + 1;
}

/* Names the character after the backslash at @at whole, even when it is
 * not ASCII. Returns: 0 */
static gsize
fail_unknown_escape (const char  *text,
                     gsize        n,
                     gsize        at,
                     gsize       *error_offset,
                     GError     **error)
{
  const char *next = text + at + 1;
  gsize char_len = 1;

  if ((guchar) *next >= 0x80)
    {
      const char *end = g_utf8_find_next_char (next, text + n);

      char_len = end != NULL ? (gsize) (end - next) : n - at - 1;
      if (!g_utf8_validate (next, (gssize) char_len, NULL))
        char_len = 1;
    }

  if (char_len == 1 && !g_ascii_isprint (*next))
    return fail (at, error_offset, error,
                 _("Unknown escape \\x%02X at position %zu: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}"),
                 (guint) (guchar) *next, at + 1);

  return fail (at, error_offset, error,
               _("Unknown escape \\%.*s at position %zu: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}"),
               (int) char_len, next, at + 1);
}

/* The escape whose backslash is at @at, appended to @out.
 * Returns: the offset after it, or 0 with @error */
static gsize
read_escape (const char  *text,
             gsize        n,
             gsize        at,
             GByteArray  *out,
             gsize       *error_offset,
             GError     **error)
{
  guint8 byte;

  if (at + 1 >= n)
    return fail (at, error_offset, error,
                 _("A lone \\ at the end (position %zu): write \\\\ for a backslash"), at + 1);

  switch (text[at + 1])
    {
    case 'r': byte = '\r'; break;
    case 'n': byte = '\n'; break;
    case 't': byte = '\t'; break;
    case '0': byte = '\0'; break;
    case 'e': byte = 0x1b; break;
    case '\\': byte = '\\'; break;
    case 'x':
      return read_hex_escape (text, n, at, out, error_offset, error);
    case 'u':
      return read_unicode_escape (text, n, at, out, error_offset, error);
    default:
      return fail_unknown_escape (text, n, at, error_offset, error);
    }

  g_byte_array_append (out, &byte, 1);
  return at + 2;
}

/**
 * tc_escapes_parse_full:
 * @text: (array length=len): what was typed
 * @len: its length in bytes, or -1 when NUL-terminated
 * @error_offset: (out) (optional): on failure, the byte offset of the
 *   escape at fault, for a field to highlight
 * @error: where to say which escape is wrong and where
 *
 * Understands `\r \n \t \0 \e \\ \xHH` and `\u{H…}` (a code point, as
 * UTF-8); every other byte stands for itself. Positions in messages count
 * from 1, as a person counts characters of ASCII text.
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
tc_escapes_parse_full (const char  *text,
                       gssize       len,
                       gsize       *error_offset,
                       GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  gsize n;
  gsize i = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = len < 0 ? strlen (text) : (gsize) len;
  out = g_byte_array_sized_new ((guint) MIN (n, G_MAXUINT / 2));

  while (i < n)
    {
      const char *backslash = memchr (text + i, '\\', n - i);
      gsize at;

      if (backslash == NULL)
        {
          g_byte_array_append (out, (const guint8 *) text + i, (guint) (n - i));
          break;
        }

      at = (gsize) (backslash - text);
      g_byte_array_append (out, (const guint8 *) text + i, (guint) (at - i));

      i = read_escape (text, n, at, out, error_offset, error);
      if (i == 0)
        return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Same, without the offset. */
GBytes *
tc_escapes_parse (const char  *text,
                  gssize       len,
                  GError     **error)
{
  return tc_escapes_parse_full (text, len, NULL, error);
}

/**
 * tc_escapes_format:
 * @data: (array length=len): bytes
 * @len: how many
 *
 * The reverse: printable ASCII as itself, a backslash doubled, the common
 * control bytes by name, every other byte as `\xHH`; parsing the result
 * gives @data back.
 *
 * Returns: (transfer full): ASCII text
 */
char *
tc_escapes_format (const void *data,
                   gsize       len)
{
  const guint8 *p = data;
  GString *out = g_string_sized_new (len + 1);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  for (gsize i = 0; i < len; i++)
    {
      switch (p[i])
        {
        case '\r': g_string_append (out, "\\r"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\0': g_string_append (out, "\\0"); break;
        case 0x1b: g_string_append (out, "\\e"); break;
        case '\\': g_string_append (out, "\\\\"); break;
        default:
          if (p[i] >= 0x20 && p[i] < 0x7f)
            g_string_append_c (out, (char) p[i]);
          else
            g_string_append_printf (out, "\\x%02X", p[i]);
        }
    }

  return g_string_free (out, FALSE);
}
