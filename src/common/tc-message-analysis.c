/* tc-message-analysis.c: what a message's bytes hold, for the inspector
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "tc-message-analysis.h"

#include "tc-bytes-format.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <inttypes.h>
#include <string.h>

static void
add_offset (GArray  *offsets,
            guint64 *total,
            gsize    offset)
{
  if (offsets->len < TC_MESSAGE_ANALYSIS_MAX_OFFSETS)
    g_array_append_val (offsets, offset);
  (*total)++;
}

static void
find_invalid_utf8 (TcMessageAnalysis *self,
                   const guint8      *data,
                   gsize              len)
{
  gsize at = 0;

  while (at < len)
    {
      const char *end;

      if (g_utf8_validate_len ((const char *) data + at, len - at, &end))
        break;
      at = (gsize) ((const guint8 *) end - data);
      add_offset (self->invalid, &self->n_invalid, at);
      /* One byte at a time: the next may start a valid character. */
      at++;
    }
}

/* Each sequence iconv refuses, or leaves incomplete at the end, is one
 * invalid offset; the conversion goes on at the next byte. */
static gboolean
find_invalid_iconv (TcMessageAnalysis  *self,
                    const char         *iconv_name,
                    const guint8       *data,
                    gsize               len,
                    GError            **error)
{
  char out[4096];
  GIConv cd = g_iconv_open ("UTF-8", iconv_name);
  gsize at = 0;

  if (cd == (GIConv) -1)
    {
      g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING,
                   /* TRANSLATORS: an encoding name */
                   _("The system cannot convert from %s"), iconv_name);
      return FALSE;
    }

  while (at < len)
    {
      char *in = (char *) data + at;
      gsize in_left = len - at;
      char *o = out;
      gsize o_left = sizeof out;
      gsize r = g_iconv (cd, &in, &in_left, &o, &o_left);

      at = len - in_left;
      if (r != (gsize) -1)
        break;
      if (errno == E2BIG)
        continue;
      /* EILSEQ, or EINVAL: a character cut short by the message's end. */
      add_offset (self->invalid, &self->n_invalid, at);
      at++;
      g_iconv (cd, NULL, NULL, NULL, NULL);
    }

  g_iconv_close (cd);
  return TRUE;
}

static void
count_controls_and_endings (TcMessageAnalysis *self,
                            const guint8      *data,
                            gsize              len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 c = data[i];

      if (c >= 0x20 && c != 0x7F)
        continue;
      add_offset (self->controls, &self->n_controls, i);
      if (c == '\n')
        {
          if (i > 0 && data[i - 1] == '\r')
            self->n_crlf++;
          else
            self->n_lf++;
        }
      else if (c == '\r' && (i + 1 >= len || data[i + 1] != '\n'))
        self->n_cr++;
    }
}

static TcMessageBom
find_bom (const guint8 *data,
          gsize         len)
{
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    return TC_MESSAGE_BOM_UTF8;
  if (len >= 2 && memcmp (data, "\xFF\xFE", 2) == 0)
    return TC_MESSAGE_BOM_UTF16_LE;
  if (len >= 2 && memcmp (data, "\xFE\xFF", 2) == 0)
    return TC_MESSAGE_BOM_UTF16_BE;
  return TC_MESSAGE_BOM_NONE;
}

/**
 * tc_message_analysis_new:
 * @encoding: one of tc_encoding_list() (or an alias); NULL for UTF-8
 *
 * Where @data holds sequences invalid in @encoding, control bytes, a
 * byte order mark, and which line endings. Time is linear in @len.
 *
 * Returns: (transfer full) (nullable): the analysis, or NULL with an
 *   error for an encoding not offered
 */
TcMessageAnalysis *
tc_message_analysis_new (const guint8  *data,
                         gsize          len,
                         const char    *encoding,
                         GError       **error)
{
  g_autoptr(TcMessageAnalysis) self = NULL;
  const char *canonical = tc_encoding_lookup (encoding != NULL ? encoding : TC_ENCODING_UTF8);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (canonical == NULL)
    {
      g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING,
                   /* TRANSLATORS: an encoding name */
                   _("Unknown encoding “%s”"), encoding);
      return NULL;
    }

  self = g_new0 (TcMessageAnalysis, 1);
  self->invalid = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->controls = g_array_new (FALSE, FALSE, sizeof (gsize));
  if (data == NULL)
    data = (const guint8 *) "";

  if (g_str_equal (canonical, TC_ENCODING_UTF8))
    find_invalid_utf8 (self, data, len);
  else if (!find_invalid_iconv (self, tc_encoding_get_iconv_name (canonical), data, len, error))
    return NULL;
  count_controls_and_endings (self, data, len);
  self->bom = find_bom (data, len);

  return g_steal_pointer (&self);
}

void
tc_message_analysis_free (TcMessageAnalysis *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->invalid, g_array_unref);
  g_clear_pointer (&self->controls, g_array_unref);
  g_free (self);
}

/* Returns: whether more than one kind of line ending is inside */
gboolean
tc_message_analysis_mixed_endings (const TcMessageAnalysis *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return (self->n_lf > 0) + (self->n_crlf > 0) + (self->n_cr > 0) > 1;
}

/**
 * tc_message_format_offsets:
 * @offsets: (element-type gsize): the first offsets of @total
 * @max_shown: how many to write at most
 *
 * Returns: (transfer full): "3, 17, 40", "3, 17 and 12 more", or "none"
 */
char *
tc_message_format_offsets (GArray  *offsets,
                           guint64  total,
                           guint    max_shown)
{
  GString *out = g_string_new (NULL);
  guint shown = MIN (offsets->len, max_shown);

  g_return_val_if_fail (offsets != NULL, NULL);

  if (total == 0)
    {
      /* TRANSLATORS: no offsets to list */
      g_string_append (out, _("none"));
      return g_string_free (out, FALSE);
    }
  for (guint i = 0; i < shown; i++)
    g_string_append_printf (out, "%s%zu", i > 0 ? ", " : "", g_array_index (offsets, gsize, i));
  if (total > shown)
    {
      guint64 more = total - shown;

      g_string_append_c (out, ' ');
      /* TRANSLATORS: after a list of offsets: "3, 17 and 12 more" */
      g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "and %" PRIu64 " more",
                                                "and %" PRIu64 " more",
                                                (gulong) MIN (more, G_MAXULONG)),
                              more);
    }
  return g_string_free (out, FALSE);
}

/* Which terminator these bytes are; none for no bytes. */
TcMessageEnding
tc_message_ending_classify (const char *terminator,
                            gsize       len)
{
  if (terminator == NULL || len == 0)
    return TC_MESSAGE_ENDING_NONE;
  if (len == 1 && terminator[0] == '\n')
    return TC_MESSAGE_ENDING_LF;
  if (len == 2 && memcmp (terminator, "\r\n", 2) == 0)
    return TC_MESSAGE_ENDING_CRLF;
  if (len == 1 && terminator[0] == '\r')
    return TC_MESSAGE_ENDING_CR;
  return TC_MESSAGE_ENDING_DELIMITER;
}

/* Returns: the lines a dump of @len bytes, @width a line, has (one for none) */
gsize
tc_message_dump_n_lines (gsize len,
                         guint width)
{
  g_return_val_if_fail (width > 0, 1);

  return len == 0 ? 1 : (len + width - 1) / width;
}

/* Returns: the characters of a full dump line of @width bytes */
guint
tc_message_dump_line_chars (guint width)
{
  /* offset, a space; " XX" a byte and a space between the halves; two
   * spaces; a character a byte */
  return 8 + 1 + width * 3 + 1 + 2 + width;
}

/**
 * tc_message_dump_line:
 * @line: which line, below tc_message_dump_n_lines()
 * @width: bytes a line (TC_MESSAGE_DUMP_WIDTH as xxd, or 8), even
 *
 * One line of a dump as xxd writes it, in uppercase: the offset, @width
 * bytes as hex in two halves, and those bytes as ASCII, "." for any other:
 * "00000010  48 65 6C 6C 6F 0D 0A 00  ...  Hello...". A short last line is
 * padded so that its text lines up.
 *
 * Returns: (transfer full): the line, no newline
 */
char *
tc_message_dump_line (const guint8 *data,
                      gsize         len,
                      gsize         line,
                      guint         width)
{
  GString *out;
  gsize start;
  gsize n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (width > 0 && width % 2 == 0, NULL);
  g_return_val_if_fail (line < tc_message_dump_n_lines (len, width), NULL);

  out = g_string_sized_new (tc_message_dump_line_chars (width) + 1);
  start = line * width;
  n = MIN (width, len - start);
  g_string_append_printf (out, "%08zX ", start);
  for (gsize i = 0; i < width; i++)
    {
      if (i == width / 2)
        g_string_append_c (out, ' ');
      if (i < n)
        g_string_append_printf (out, " %02X", data[start + i]);
      else
        g_string_append (out, "   ");
    }
  g_string_append (out, "  ");
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = data[start + i];

      g_string_append_c (out, c >= 0x20 && c < 0x7F ? (char) c : '.');
    }
  return g_string_free (out, FALSE);
}

/**
 * tc_message_format_c_array:
 *
 * The bytes as a C array a program can paste: twelve a line,
 * "unsigned char message[3] = {\n  0x48, 0x69, 0x0A\n};\n".
 *
 * Returns: (transfer full): the declaration
 */
char *
tc_message_format_c_array (const guint8 *data,
                           gsize         len)
{
  GString *out = g_string_sized_new (32 + len * 6);

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  g_string_append_printf (out, "unsigned char message[%zu] = {", len);
  for (gsize i = 0; i < len; i++)
    {
      if (i % 12 == 0)
        g_string_append (out, "\n ");
      g_string_append_printf (out, " 0x%02X%s", data[i], i + 1 < len ? "," : "");
    }
  g_string_append (out, len > 0 ? "\n};\n" : "};\n");
  return g_string_free (out, FALSE);
}

/* A length prefix's value, when @header_len is the size @prefix has. */
gboolean
tc_message_read_length_prefix (const guint8   *header,
                               gsize           header_len,
                               TcLengthPrefix  prefix,
                               guint64        *value)
{
  g_return_val_if_fail (value != NULL, FALSE);

  if (header == NULL || header_len != tc_length_prefix_get_size (prefix))
    return FALSE;
  *value = tc_length_prefix_decode (prefix, header);
  return TRUE;
}
