/* tc-bytes-format.c: bytes as hex and as display-safe text, and typed input as bytes
 *
 * Copyright 2026 The tcpchat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Received bytes are never changed: what is made here is only what a
 * person sees (hex, or text in an encoding with every byte that is not
 * plain text shown as an escape) and the bytes a person typed (hex, or
 * text converted to an encoding). Conversion goes through glibc's iconv.
 */
#include "config.h"

#include "tc-bytes-format.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>

/* A run of combining marks longer than this is cut: thousands stacked on
 * one letter make text layout crawl and say nothing a person can read. */
#define MAX_COMBINING_RUN 8
/* Bytes of an incomplete character kept between two feeds: GB18030's
 * longest is 4, so 3 can wait; more is room to spare. */
#define MAX_PENDING 8

G_DEFINE_QUARK (tc-bytes-error-quark, tc_bytes_error)

/* Canonical name, glibc iconv name, other names accepted (lower case).
 * Shift_JIS is read as CP932: glibc's SHIFT_JIS reads 0x5C as "¥" and 0x7E
 * as "‾", which would not be ASCII-compatible; devices and Windows mean a
 * backslash and a tilde. GB18030 reads GBK and GB2312 text too. */
static const struct
{
  const char *name;
  const char *iconv_name;
  const char *aliases[6];
} encodings[] = {
  { TC_ENCODING_UTF8, NULL, { "utf8", NULL } },
  { "GB18030", "GB18030", { "gbk", "gb2312", "cp936", "euc-cn", NULL } },
  { "Big5", "BIG5", { "big-5", NULL } },
  { "Shift_JIS", "CP932", { "sjis", "shift-jis", "cp932", "windows-31j", NULL } },
  { "EUC-KR", "EUC-KR", { "euckr", NULL } },
  { "ISO-8859-1", "ISO-8859-1", { "latin1", "iso8859-1", "iso_8859-1", "latin-1", NULL } },
  { "Windows-1252", "CP1252", { "cp1252", "windows1252", NULL } },
};

/**
 * tc_encoding_list:
 *
 * Returns: (transfer none): the canonical names of the encodings offered,
 *   UTF-8 first, NULL-terminated
 */
const char * const *
tc_encoding_list (void)
{
  static const char *names[G_N_ELEMENTS (encodings) + 1];

  if (names[0] == NULL)
    for (gsize i = 0; i < G_N_ELEMENTS (encodings); i++)
      names[i] = encodings[i].name;

  return names;
}

/* The position of name (or its alias) in tc_encoding_list(), or -1 when
 * it is not one of the encodings offered. */
gssize
tc_encoding_index (const char *name)
{
  if (name == NULL)
    return -1;

  for (gsize i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      if (g_ascii_strcasecmp (name, encodings[i].name) == 0)
        return (gssize) i;
      for (gsize j = 0; encodings[i].aliases[j] != NULL; j++)
        if (g_ascii_strcasecmp (name, encodings[i].aliases[j]) == 0)
          return (gssize) i;
    }

  return -1;
}

/* The canonical name for name ("gbk" gives "GB18030"), or NULL when it is
 * not one of the encodings offered. */
const char *
tc_encoding_lookup (const char *name)
{
  gssize i = tc_encoding_index (name);

  return i >= 0 ? encodings[i].name : NULL;
}

static gboolean
set_unknown_encoding (const char  *name,
                      GError     **error)
{
  g_autofree char *known = g_strjoinv (", ", (char **) tc_encoding_list ());

  g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING,
               /* TRANSLATORS: an encoding name, then the list of those known */
               _("Unknown encoding “%s”: use one of %s"), name != NULL ? name : "", known);
  return FALSE;
}

/* Hex */

/**
 * tc_bytes_append_hex:
 * @max_bytes: bytes shown before " …" ends it; 0 for no limit
 *
 * Appends @data as uppercase pairs separated by spaces: "48 65 6C".
 */
void
tc_bytes_append_hex (GString      *out,
                     const guint8 *data,
                     gsize         len,
                     gsize         max_bytes)
{
  static const char digits[] = "0123456789ABCDEF";
  gsize shown;

  g_return_if_fail (out != NULL);
  g_return_if_fail (data != NULL || len == 0);

  shown = max_bytes > 0 ? MIN (len, max_bytes) : len;
  if (shown > 0)
    {
      gsize at = out->len;
      char *p;

      /* Written in place: a call per pair costs more than the digits. */
      g_string_set_size (out, at + shown * 3 - 1);
      p = out->str + at;
      for (gsize i = 0; i < shown; i++)
        {
          *p++ = digits[data[i] >> 4];
          *p++ = digits[data[i] & 0xF];
          if (i + 1 < shown)
            *p++ = ' ';
        }
    }
  if (shown < len)
    g_string_append (out, " …");
}

char *
tc_bytes_format_hex (const guint8 *data,
                     gsize         len)
{
  GString *out;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  out = g_string_sized_new (len * 3 + 1);
  tc_bytes_append_hex (out, data, len, 0);
  return g_string_free (out, FALSE);
}

static gboolean
is_hex_separator (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',';
}

/* Characters before p, for positions a person counts: invalid UTF-8
 * counts a character a byte. */
static gsize
char_offset (const char *text,
             const char *p)
{
  gsize n = 0;

  for (const char *q = text; q < p; q++)
    if (((guchar) *q & 0xC0) != 0x80)
      n++;
  return n;
}

/* The character at p, quoted for a message: "g", or "\xFF" when p is not
 * at valid UTF-8. */
static char *
describe_char (const char *p,
               const char *end)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return g_strdup_printf ("\\x%02X", (guint) (guchar) *p);
  if (c < 0x20 || c == 0x7F)
    return g_strdup_printf ("U+%04X", c);
  return g_strndup (p, g_utf8_next_char (p) - p);
}

/* Where a mistake is: its character offset, given to the caller too. */
static gsize
error_position (const char *text,
                const char *where,
                gsize      *error_offset)
{
  gsize at = char_offset (text, where);

  if (error_offset != NULL)
    *error_offset = at;
  return at;
}

/* One number at *@p: "0x" or not, then pairs of digits up to a separator
 * or @end; its bytes are appended to @out and *@p moves past it. */
static gboolean
read_hex_number (const char  *text,
                 const char **p,
                 const char  *end,
                 GByteArray  *out,
                 gsize       *error_offset,
                 GError     **error)
{
  const char *digits;
  gsize n_digits;

  if (**p == '0' && *p + 1 < end && ((*p)[1] == 'x' || (*p)[1] == 'X'))
    {
      *p += 2;
      if (*p == end || !g_ascii_isxdigit (**p))
        {
          g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_BAD_CHARACTER,
                       /* TRANSLATORS: %zu is a character position, from 1 */
                       _("Position %zu: “0x” is not followed by hex digits"),
                       error_position (text, *p - 2, error_offset) + 1);
          return FALSE;
        }
    }

  digits = *p;
  while (*p < end && g_ascii_isxdigit (**p))
    (*p)++;
  n_digits = *p - digits;

  if (n_digits == 0 || (*p < end && !is_hex_separator (**p)))
    {
      g_autofree char *what = describe_char (*p, end);

      g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_BAD_CHARACTER,
                   /* TRANSLATORS: %zu is a character position, from 1; %s the character */
                   _("Position %zu: “%s” is not a hex digit"),
                   error_position (text, *p, error_offset) + 1, what);
      return FALSE;
    }

  if (n_digits % 2 != 0)
    {
      g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_ODD_DIGITS,
                   /* TRANSLATORS: %zu is a character position, from 1 */
                   _("Position %zu: a lone hex digit; a byte takes two (write 0%c for one)"),
                   error_position (text, *p - 1, error_offset) + 1, (*p)[-1]);
      return FALSE;
    }

  for (gsize i = 0; i < n_digits; i += 2)
    {
      guint8 byte = (guint8) (g_ascii_xdigit_value (digits[i]) << 4 |
                              g_ascii_xdigit_value (digits[i + 1]));

      g_byte_array_append (out, &byte, 1);
    }

  return TRUE;
}

/**
 * tc_bytes_parse_hex:
 * @text: hex typed by a person
 * @len: length of @text, or -1 when NUL-terminated
 * @error_offset: (out) (optional): on error, the character offset of what is wrong
 *
 * Reads hex leniently: pairs of digits in either case, together ("48656C")
 * or apart, separated by spaces, tabs, commas or line breaks, each number
 * optionally written "0x48". A number with an odd count of digits, or any
 * other character, is an error naming the position (counted from 1 in the
 * message) and nothing is returned.
 *
 * Returns: (transfer full): the bytes (empty for no digits), or NULL
 */
GBytes *
tc_bytes_parse_hex (const char  *text,
                    gssize       len,
                    gsize       *error_offset,
                    GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  const char *p, *end;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len < 0)
    len = (gssize) strlen (text);
  p = text;
  end = len > 0 ? text + len : text;
  out = g_byte_array_sized_new ((guint) MIN ((gsize) len / 2, G_MAXUINT));

  while (p < end)
    {
      if (is_hex_separator (*p))
        p++;
      else if (!read_hex_number (text, &p, end, out, error_offset, error))
        return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Encoding typed text */

/* As g_utf8_validate(), with NUL a character like any other. */
static gboolean
validate_utf8 (const char  *text,
               gsize        len,
               const char **invalid)
{
  const char *p = text;
  const char *end = text + len;

  while (p < end)
    {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;

      if (!g_utf8_validate (p, stop - p, invalid))
        return FALSE;
      p = nul != NULL ? nul + 1 : end;
    }
  return TRUE;
}

struct _TcEncoder
{
  gssize index;   /* in encodings[] */
  GIConv cd;      /* (GIConv) -1 for UTF-8 */
};

/**
 * tc_encoder_new:
 * @encoding: one of tc_encoding_list(), or an alias
 *
 * A converter from UTF-8 to @encoding, to keep while many texts are
 * converted: opening one costs more than converting a line.
 *
 * Returns: (transfer full) (nullable): the encoder, or %NULL with an error
 */
TcEncoder *
tc_encoder_new (const char  *encoding,
                GError     **error)
{
  TcEncoder *self;
  gssize index;
  GIConv cd = (GIConv) -1;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  index = tc_encoding_index (encoding);
  if (index < 0)
    {
      set_unknown_encoding (encoding, error);
      return NULL;
    }

  if (encodings[index].iconv_name != NULL)
    {
      cd = g_iconv_open (encodings[index].iconv_name, "UTF-8");
      if (cd == (GIConv) -1)
        {
          g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING,
                       _("This system cannot convert text to %s"), encodings[index].name);
          return NULL;
        }
    }

  self = g_new0 (TcEncoder, 1);
  self->index = index;
  self->cd = cd;

  return self;
}

void
tc_encoder_free (TcEncoder *self)
{
  if (self == NULL)
    return;

  if (self->cd != (GIConv) -1)
    g_iconv_close (self->cd);
  g_free (self);
}

/* Sets *len when it is -1; says where @text stops being UTF-8, if it does. */
static gboolean
check_utf8 (const char **text,
            gssize      *len,
            gsize       *error_offset,
            GError     **error)
{
  const char *invalid;
  gsize at;

  if (*len < 0)
    *len = (gssize) strlen (*text);
  if (*len == 0)
    *text = "";

  if (validate_utf8 (*text, *len, &invalid))
    return TRUE;

  at = error_position (*text, invalid, error_offset);
  g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_INVALID_TEXT,
               _("Position %zu: the text is not valid UTF-8"), at + 1);
  return FALSE;
}

/* The character at @in of @text has no form in the encoding. */
static void
set_unrepresentable_error (TcEncoder   *self,
                           const char  *text,
                           const char  *in,
                           gsize       *error_offset,
                           GError     **error)
{
  gunichar c = g_utf8_get_char (in);
  gsize at = error_position (text, in, error_offset);
  g_autofree char *shown = g_ucs4_to_utf8 (&c, 1, NULL, NULL, NULL);

  g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNREPRESENTABLE,
               /* TRANSLATORS: a character, its code point, its position from 1,
                * and an encoding name */
               _("“%s” (U+%04X) at position %zu cannot be written in %s"),
               c >= 0x20 && c != 0x7F ? shown : "", c, at + 1,
               encodings[self->index].name);
}

/**
 * tc_encoder_encode:
 * @text: UTF-8 text typed by a person
 * @len: its length, or -1 when NUL-terminated
 * @error_offset: (out) (optional): on error, the character offset of the
 *   character that cannot be written
 *
 * Each text is converted on its own: the converter starts from its initial
 * state every time.
 *
 * Returns: (transfer full): @text in the encoder's encoding, or NULL with
 *   an error naming the first character the encoding cannot write (nothing
 *   is replaced by "?")
 */
GBytes *
tc_encoder_encode (TcEncoder   *self,
                   const char  *text,
                   gssize       len,
                   gsize       *error_offset,
                   GError     **error)
{
  g_autoptr(GByteArray) out = NULL;
  char *in;
  gsize in_left;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_utf8 (&text, &len, error_offset, error))
    return NULL;

  if (self->cd == (GIConv) -1)
    return g_bytes_new (text, len);

  /* Back to the initial state, whatever the last text left. */
  g_iconv (self->cd, NULL, NULL, NULL, NULL);

  out = g_byte_array_sized_new ((guint) MIN ((gsize) len + 16, G_MAXUINT));
  in = (char *) text;
  in_left = len;
  while (in_left > 0)
    {
      char buf[1024];
      char *o = buf;
      gsize o_left = sizeof buf;
      gsize r = g_iconv (self->cd, &in, &in_left, &o, &o_left);
      int saved_errno = errno;

      g_byte_array_append (out, (guint8 *) buf, o - buf);
      if (r != (gsize) -1 || saved_errno == E2BIG)
        continue;

      /* EILSEQ: the character at in has no form in the encoding. */
      set_unrepresentable_error (self, text, in, error_offset, error);
      return NULL;
    }

  /* Whatever the converter holds back to end the text (nothing for
   * these encodings, but it costs nothing to ask). */
  {
    char buf[64];
    char *o = buf;
    gsize o_left = sizeof buf;

    g_iconv (self->cd, NULL, NULL, &o, &o_left);
    g_byte_array_append (out, (guint8 *) buf, o - buf);
  }

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * tc_bytes_encode_text:
 * @text: UTF-8 text typed by a person
 * @len: its length, or -1 when NUL-terminated
 * @encoding: one of tc_encoding_list(), or an alias
 * @error_offset: (out) (optional): on error, the character offset of the
 *   character that cannot be written
 *
 * tc_encoder_encode() with a converter of its own: for one text; a stream
 * of them keeps a #TcEncoder.
 *
 * Returns: (transfer full): @text in @encoding, or NULL with an error
 */
GBytes *
tc_bytes_encode_text (const char  *text,
                      gssize       len,
                      const char  *encoding,
                      gsize       *error_offset,
                      GError     **error)
{
  g_autoptr(TcEncoder) encoder = NULL;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Bad text is said before an encoding this system lacks, as before. */
  if (tc_encoding_index (encoding) >= 0 && !check_utf8 (&text, &len, error_offset, error))
    return NULL;

  encoder = tc_encoder_new (encoding, error);
  if (encoder == NULL)
    return NULL;

  return tc_encoder_encode (encoder, text, len, error_offset, error);
}

/* Display text */

/**
 * tc_display_text_init:
 * @max_chars: characters shown before "…" ends it (an escape such as
 *   `\x01` or `<U+202E>` counts as one); 0 for no limit
 * @with_runs: whether to record where the escapes are
 */
void
tc_display_text_init (TcDisplayText *self,
                      gsize          max_chars,
                      gboolean       with_runs)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  self->text = g_string_new (NULL);
  self->runs = with_runs ? g_array_new (FALSE, FALSE, sizeof (TcTextRun)) : NULL;
  self->max_chars = max_chars;
}

void
tc_display_text_clear (TcDisplayText *self)
{
  g_return_if_fail (self != NULL);

  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_pointer (&self->runs, g_array_unref);
  self->text = NULL;
}

/* Empties it for another text, keeping its settings and memory. */
void
tc_display_text_reset (TcDisplayText *self)
{
  g_return_if_fail (self != NULL && self->text != NULL);

  g_string_truncate (self->text, 0);
  if (self->runs != NULL)
    g_array_set_size (self->runs, 0);
  self->n_chars = 0;
  self->combining_run = 0;
  self->cut = FALSE;
}

/* Records what was appended since start, merged with the run before it
 * when of the same kind. */
static void
add_run (TcDisplayText *self,
         gsize          start,
         TcTextRunKind  kind)
{
  TcTextRun run;

  if (self->runs == NULL || self->text->len == start)
    return;

  if (self->runs->len > 0)
    {
      TcTextRun *last = &g_array_index (self->runs, TcTextRun, self->runs->len - 1);

      if (last->kind == kind && last->start + last->len == start)
        {
          last->len += (guint) (self->text->len - start);
          return;
        }
    }

  run.start = (guint) start;
  run.len = (guint) (self->text->len - start);
  run.kind = kind;
  g_array_append_val (self->runs, run);
}

/* FALSE when no more fits: "…" ends the text (once). */
static gboolean
has_room (TcDisplayText *self)
{
  gsize start;

  if (self->cut)
    return FALSE;
  if (self->max_chars == 0 || self->n_chars < self->max_chars)
    return TRUE;

  start = self->text->len;
  g_string_append (self->text, "…");
  add_run (self, start, TC_TEXT_RUN_ESCAPE);
  self->cut = TRUE;
  return FALSE;
}

/* "\xNN" without printf: a binary message's row has a thousand of them. */
static void
append_byte_escape (GString *out,
                    guint8   byte)
{
  static const char digits[] = "0123456789ABCDEF";
  const char escape[4] = { '\\', 'x', digits[byte >> 4], digits[byte & 0xF] };

  g_string_append_len (out, escape, sizeof escape);
}

/* A byte that is not (part of) a character of the encoding. */
static void
append_invalid_byte (TcDisplayText *self,
                     guint8         byte)
{
  gsize start = self->text->len;

  if (!has_room (self))
    return;
  append_byte_escape (self->text, byte);
  add_run (self, start, TC_TEXT_RUN_ESCAPE);
  self->n_chars++;
  self->combining_run = 0;
}

/* Characters that reorder or hide text: shown as <U+XXXX> so a peer
 * cannot make one line look like another. */
static gboolean
is_invisible_format (gunichar c)
{
  return (c >= 0x200B && c <= 0x200F) ||   /* zero-width, LRM, RLM */
         (c >= 0x202A && c <= 0x202E) ||   /* embeddings and overrides */
         (c >= 0x2066 && c <= 0x2069) ||   /* isolates */
         c == 0x061C ||                     /* Arabic letter mark */
         c == 0x2028 || c == 0x2029 ||      /* line and paragraph separators */
         c == 0xFEFF;                       /* byte order mark */
}

/* C-style escapes for the control characters: every one distinct in any
 * font, which the Control Pictures (U+2400) are not in DejaVu. */
static void
append_control_escape (GString  *out,
                       gunichar  c)
{
  switch (c)
    {
    case 0x00: g_string_append (out, "\\0"); break;
    case 0x07: g_string_append (out, "\\a"); break;
    case 0x08: g_string_append (out, "\\b"); break;
    case 0x09: g_string_append (out, "\\t"); break;
    case 0x0A: g_string_append (out, "\\n"); break;
    case 0x0B: g_string_append (out, "\\v"); break;
    case 0x0C: g_string_append (out, "\\f"); break;
    case 0x0D: g_string_append (out, "\\r"); break;
    case 0x1B: g_string_append (out, "\\e"); break;
    default:   append_byte_escape (out, (guint8) c); break;
    }
}

/* One decoded character, made visible when it is not plain text. */
static void
append_char (TcDisplayText *self,
             gunichar       c)
{
  gsize start;

  if (!has_room (self))
    return;

  if (g_unichar_ismark (c))
    {
      if (++self->combining_run == MAX_COMBINING_RUN + 1)
        {
          start = self->text->len;
          g_string_append (self->text, "…");
          add_run (self, start, TC_TEXT_RUN_ESCAPE);
          self->n_chars++;
        }
      if (self->combining_run > MAX_COMBINING_RUN)
        return;
    }
  else
    self->combining_run = 0;

  start = self->text->len;
  if (c < 0x20 || c == 0x7F)
    append_control_escape (self->text, c);
  else if ((c >= 0x80 && c <= 0x9F) || is_invisible_format (c))
    g_string_append_printf (self->text, "<U+%04X>", c);
  else
    {
      g_string_append_unichar (self->text, c);
      add_run (self, start, TC_TEXT_RUN_PLAIN);
      self->n_chars++;
      return;
    }

  add_run (self, start, TC_TEXT_RUN_ESCAPE);
  self->n_chars++;
}

/* Whether the 8 bytes at p are all printable ASCII (0x20 to 0x7E): a
 * byte below 0x20 borrows into its top bit when 0x20 is taken from it,
 * and one at 0x7F or above has it set already or once 1 is added. */
static inline gboolean
all_printable_ascii (const char *p)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  guint64 w;

  memcpy (&w, p, sizeof w);
  return (((w - 0x20 * ones) & ~w) | w | (w + ones)) & highs ? FALSE : TRUE;
}

/* Appends UTF-8 (valid or not) from data; returns how many bytes were
 * taken: all of them, unless !final and data ends in the middle of a
 * character, whose first bytes are then left for the next call. */
static gsize
append_utf8 (TcDisplayText *self,
             const char    *data,
             gsize          len,
             gboolean       final)
{
  const char *p = data;
  const char *end = len > 0 ? data + len : data;  /* NULL + 0 is undefined */

  while (p < end && !self->cut)
    {
      gunichar c;

      /* Printable ASCII, the common case, is copied a run at a time. */
      if ((guchar) *p >= 0x20 && (guchar) *p < 0x7F)
        {
          const char *run = p;
          const char *limit = end;
          gsize start;

          if (!has_room (self))
            break;
          /* One bound and one compare per byte: this runs on every
           * received line in headless mode. */
          if (self->max_chars > 0 && self->max_chars - self->n_chars < (gsize) (end - p))
            limit = p + (self->max_chars - self->n_chars);
          while (limit - p >= 8 && all_printable_ascii (p))
            p += 8;
          while (p < limit && (guchar) (*p - 0x20) < 0x5F)
            p++;

          start = self->text->len;
          g_string_append_len (self->text, run, p - run);
          add_run (self, start, TC_TEXT_RUN_PLAIN);
          self->n_chars += p - run;
          self->combining_run = 0;
          continue;
        }

      /* NUL is a character here, though the validator calls it incomplete. */
      c = *p == '\0' ? 0 : g_utf8_get_char_validated (p, end - p);

      /* The validator also says "partial" for a NUL inside a sequence:
       * only a sequence cut by the end of data waits for more. */
      if (c == (gunichar) -2 && !final &&
          (gsize) (end - p) < (gsize) g_utf8_skip[(guchar) *p] &&
          memchr (p, '\0', end - p) == NULL)
        break;
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          append_invalid_byte (self, (guint8) *p);
          p++;
          continue;
        }

      p = g_utf8_next_char (p);
      append_char (self, c);
    }

  /* Once cut, the rest is taken and ignored. */
  return self->cut ? len : (gsize) (p - data);
}

/**
 * tc_display_text_append_utf8:
 *
 * Appends @data read as UTF-8: bytes that are not UTF-8 become `\xNN`,
 * control characters C-style escapes (`\0`, `\t`, `\r`, `\e`, `\x01`), C1
 * controls and invisible formatting characters
 * `<U+XXXX>`. An incomplete character at the end is taken as invalid bytes.
 */
void
tc_display_text_append_utf8 (TcDisplayText *self,
                             const char    *data,
                             gsize          len)
{
  g_return_if_fail (self != NULL && self->text != NULL);
  g_return_if_fail (data != NULL || len == 0);

  append_utf8 (self, data, len, TRUE);
}

/* Decoder */

struct _TcDecoder
{
  const char *encoding;          /* canonical name, static */
  GIConv      cd;                /* (GIConv) -1 for UTF-8 */
  guint8      pending[MAX_PENDING];
  gsize       n_pending;         /* bytes of a character split between feeds */
};

/**
 * tc_decoder_new:
 * @encoding: one of tc_encoding_list(), or an alias
 *
 * A decoder of a stream of bytes in @encoding into display text: a
 * character split between two feeds is decoded whole, and every byte that
 * is not valid in @encoding is shown as `\xNN`, never hidden or replaced.
 *
 * Returns: (transfer full): the decoder, or NULL with an error
 */
TcDecoder *
tc_decoder_new (const char  *encoding,
                GError     **error)
{
  gssize index = tc_encoding_index (encoding);
  TcDecoder *self;

  if (index < 0)
    {
      set_unknown_encoding (encoding, error);
      return NULL;
    }

  self = g_new0 (TcDecoder, 1);
  self->encoding = encodings[index].name;
  self->cd = (GIConv) -1;
  if (encodings[index].iconv_name != NULL)
    {
      self->cd = g_iconv_open ("UTF-8", encodings[index].iconv_name);
      if (self->cd == (GIConv) -1)
        {
          g_set_error (error, TC_BYTES_ERROR, TC_BYTES_ERROR_UNKNOWN_ENCODING,
                       _("This system cannot read text in %s"), self->encoding);
          g_free (self);
          return NULL;
        }
    }

  return self;
}

void
tc_decoder_free (TcDecoder *self)
{
  if (self == NULL)
    return;
  if (self->cd != (GIConv) -1)
    g_iconv_close (self->cd);
  g_free (self);
}

const char *
tc_decoder_get_encoding (TcDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->encoding;
}

/* Converts data; returns the bytes taken (all but an incomplete character
 * at the end when !final). Output of iconv is whole characters of UTF-8. */
static gsize
iconv_feed (TcDecoder     *self,
            const char    *data,
            gsize          len,
            gboolean       final,
            TcDisplayText *out)
{
  char *in = (char *) data;
  gsize in_left = len;

  while (in_left > 0 && !out->cut)
    {
      char buf[1024];
      char *o = buf;
      gsize o_left = sizeof buf;
      gsize r = g_iconv (self->cd, &in, &in_left, &o, &o_left);
      int saved_errno = errno;

      append_utf8 (out, buf, o - buf, TRUE);
      if (r != (gsize) -1 || saved_errno == E2BIG)
        continue;
      if (saved_errno == EINVAL && !final)
        break;

      /* EILSEQ, or a character cut short by the end: its first byte is
       * shown and the rest read again, so an ASCII byte after a bad lead
       * byte is not swallowed. */
      append_invalid_byte (out, (guint8) *in);
      in++;
      in_left--;
      g_iconv (self->cd, NULL, NULL, NULL, NULL);
    }

  return out->cut ? len : len - in_left;
}

static gsize
decode (TcDecoder     *self,
        const char    *data,
        gsize          len,
        gboolean       final,
        TcDisplayText *out)
{
  if (self->cd == (GIConv) -1)
    return append_utf8 (out, data, len, final);
  return iconv_feed (self, data, len, final, out);
}

/**
 * tc_decoder_feed:
 *
 * Appends to @out the text of @data, the next bytes of the stream. The
 * first bytes of a character that @data ends in the middle of are kept
 * for the next feed (or tc_decoder_finish()).
 */
void
tc_decoder_feed (TcDecoder     *self,
                 const guint8  *data,
                 gsize          len,
                 TcDisplayText *out)
{
  gsize taken;

  g_return_if_fail (self != NULL);
  g_return_if_fail (data != NULL || len == 0);
  g_return_if_fail (out != NULL && out->text != NULL);

  if (len == 0)
    return;

  /* A character split last time: decoded with the bytes that follow it,
   * at the cost of one copy of this feed (not per character). */
  if (self->n_pending > 0)
    {
      g_autofree guint8 *joined = g_malloc (self->n_pending + len);

      memcpy (joined, self->pending, self->n_pending);
      memcpy (joined + self->n_pending, data, len);
      len += self->n_pending;
      self->n_pending = 0;
      tc_decoder_feed (self, joined, len, out);
      return;
    }

  taken = decode (self, (const char *) data, len, FALSE, out);
  /* Never more than a character's first bytes are left. */
  if (len - taken >= MAX_PENDING)
    taken += decode (self, (const char *) data + taken, len - taken, TRUE, out);
  memcpy (self->pending, data + taken, len - taken);
  self->n_pending = len - taken;
}

/**
 * tc_decoder_finish:
 *
 * Ends the stream: the bytes of a character it ended in the middle of are
 * shown as `\xNN`. The decoder is then ready for another stream.
 */
void
tc_decoder_finish (TcDecoder     *self,
                   TcDisplayText *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL && out->text != NULL);

  if (self->n_pending > 0)
    decode (self, (const char *) self->pending, self->n_pending, TRUE, out);
  self->n_pending = 0;
  if (self->cd != (GIConv) -1)
    g_iconv (self->cd, NULL, NULL, NULL, NULL);
}

/* A whole message: feed and finish. */
void
tc_decoder_decode_all (TcDecoder     *self,
                       const guint8  *data,
                       gsize          len,
                       TcDisplayText *out)
{
  g_return_if_fail (self != NULL);

  if (self->n_pending == 0 && len > 0)
    {
      /* No copy of the tail: one pass that takes everything. */
      decode (self, (const char *) data, len, TRUE, out);
      if (self->cd != (GIConv) -1)
        g_iconv (self->cd, NULL, NULL, NULL, NULL);
      return;
    }
  tc_decoder_feed (self, data, len, out);
  tc_decoder_finish (self, out);
}

/* The name glibc's iconv knows an encoding by ("CP932" for Shift_JIS), or
 * NULL for UTF-8 and for a name not offered. */
const char *
tc_encoding_get_iconv_name (const char *name)
{
  gssize i = tc_encoding_index (name);

  return i >= 0 ? encodings[i].iconv_name : NULL;
}
