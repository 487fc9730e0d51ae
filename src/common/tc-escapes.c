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

/* What every step of parsing reads and writes. */
typedef struct
{
  const char  *text;
  gsize        n;
  GByteArray  *out;
  gsize       *error_offset;
  GError     **error;
} Parser;

static gsize
fail (Parser     *p,
      gsize       at,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

/* Returns: 0, what a step returns on failure */
static gsize
fail (Parser     *p,
      gsize       at,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (p->error_offset != NULL)
    *p->error_offset = at;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (p->error, TC_ERROR, TC_ERROR_INVALID_ESCAPE, message);

  return 0;
}

/* \xHH at @at. Returns: the offset after it, or 0 with the error set */
static gsize
read_hex_escape (Parser *p,
                 gsize   at)
{
  const char *text = p->text;
  guint8 byte;

  if (at + 3 >= p->n || !g_ascii_isxdigit (text[at + 2]) || !g_ascii_isxdigit (text[at + 3]))
    return fail (p, at, _("\\x at position %zu needs two hex digits, as in \\x03"), at + 1);

  byte = (guint8) (g_ascii_xdigit_value (text[at + 2]) * 16 +
                   g_ascii_xdigit_value (text[at + 3]));
  g_byte_array_append (p->out, &byte, 1);
  return at + 4;
}

/* \u{X} at @at, in UTF-8. Returns: the offset after it, or 0 with the error set */
static gsize
read_unicode_escape (Parser *p,
                     gsize   at)
{
  const char *text = p->text;
  gunichar c = 0;
  gsize j = at + 3;
  gsize digits = 0;
  char utf8[6];
  int utf8_len;

  if (at + 2 >= p->n || text[at + 2] != '{')
    return fail (p, at,
                 _("\\u at position %zu needs a code point in braces, "
                   "as in \\u{4F60}"), at + 1);

  while (j < p->n && g_ascii_isxdigit (text[j]) && digits < 7)
    {
      c = c * 16 + (gunichar) g_ascii_xdigit_value (text[j]);
      j++;
      digits++;
    }

  if (j >= p->n || text[j] != '}' || digits == 0 || digits > 6)
    return fail (p, at,
                 _("\\u{ at position %zu needs 1 to 6 hex digits "
                   "and a closing }"), at + 1);

  if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return fail (p, at, _("\\u{%X} at position %zu is not a Unicode character"), c, at + 1);

  utf8_len = g_unichar_to_utf8 (c, utf8);
  g_byte_array_append (p->out, (const guint8 *) utf8, (guint) utf8_len);
  return j + 1;
}

/* Names the character after the backslash at @at whole, even when it is
 * not ASCII. Returns: 0 */
static gsize
fail_unknown_escape (Parser *p,
                     gsize   at)
{
  const char *next = p->text + at + 1;
  gsize char_len = 1;

  if ((guchar) *next >= 0x80)
    {
      const char *end = g_utf8_find_next_char (next, p->text + p->n);

      char_len = end != NULL ? (gsize) (end - next) : p->n - at - 1;
      if (!g_utf8_validate (next, (gssize) char_len, NULL))
        char_len = 1;
    }

  if (char_len == 1 && !g_ascii_isprint (*next))
    return fail (p, at,
                 _("Unknown escape \\x%02X at position %zu: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}"),
                 (guint) (guchar) *next, at + 1);

  return fail (p, at,
               _("Unknown escape \\%.*s at position %zu: use \\r \\n \\t \\0 \\e \\\\ \\xHH or \\u{…}"),
               (int) char_len, next, at + 1);
}

/* The escape whose backslash is at @at, appended to the output.
 * Returns: the offset after it, or 0 with the error set */
static gsize
read_escape (Parser *p,
             gsize   at)
{
  guint8 byte;

  if (at + 1 >= p->n)
    return fail (p, at, _("A lone \\ at the end (position %zu): write \\\\ for a backslash"), at + 1);

  switch (p->text[at + 1])
    {
    case 'r': byte = '\r'; break;
    case 'n': byte = '\n'; break;
    case 't': byte = '\t'; break;
    case '0': byte = '\0'; break;
    case 'e': byte = 0x1b; break;
    case '\\': byte = '\\'; break;
    case 'x':
      return read_hex_escape (p, at);
    case 'u':
      return read_unicode_escape (p, at);
    default:
      return fail_unknown_escape (p, at);
    }

  g_byte_array_append (p->out, &byte, 1);
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
  Parser parser;
  gsize n;
  gsize i = 0;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  n = len < 0 ? strlen (text) : (gsize) len;
  out = g_byte_array_sized_new ((guint) MIN (n, G_MAXUINT / 2));
  parser = (Parser) { text, n, out, error_offset, error };

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

      i = read_escape (&parser, at);
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
